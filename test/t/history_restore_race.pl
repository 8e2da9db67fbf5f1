# restore_history_month() and archive_history_month() against another
# archive or restore of the same month.
#  - 2026-12-06 (a hostile review): a restore read the month's tables in
#    the archive before the history's locks and used that list under them:
#    an archive of a late case of the month that committed meanwhile was not
#    in it (the restore brought back the first archive's tables only,
#    deleted the record of the second's and took its counts back, its case
#    gone from the history and the indicators); another restore that
#    committed meanwhile had dropped the copies it merged (42601 on
#    LOCK TABLE <oid>).  The tables are read again under the locks and
#    compared: 55000, nothing restored.
#  - the evening of 2026-12-06 (the next stop): two archives of one month
#    started together each read the month first (its partitions held in
#    ACCESS SHARE to the end of the transaction), then waited for the
#    other's locks until one gave up with 55P03 after 5 s.  One archive or
#    restore at a time now: the second waits for the first's transaction,
#    then finds the month as it left it.  A table renamed by hand while
#    the locks are awaited is still found by the comparison (55000).
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use IPC::Run;
use Time::HiRes qw(usleep);

my $node = PostgreSQL::Test::Cluster->new('restore_race');
$node->init;
$node->append_conf('postgresql.conf', "timezone = 'Asia/Shanghai'\n");
$node->start;

$node->safe_psql('postgres', 'CREATE EXTENSION service_affair');
my $ids = $node->safe_psql('postgres', q{
SET search_path = service_affair;
INSERT INTO department (code, name, region) VALUES ('RR_DEP', 'Restore race', '330201');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online) VALUES
  ('rr_item', 'Restore race', 'RR_DEP', 'promised', 20, 5, 1, true);
INSERT INTO material (item, code, name, required) VALUES ('rr_item', 'form', 'Form', true);
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Race Person');
SELECT id AS p FROM applicant WHERE name = 'Race Person' \gset
SELECT submit('rr_item', :p, '{form}', 'window', '{}', '2026-02-10 10:00+08') AS f1 \gset
SELECT submit('rr_item', :p, '{form}', 'window', '{}', '2026-03-10 10:00+08') AS m1 \gset
SELECT count(complete_task(id, 'approved', '2026-03-13 10:00+08')) AS done1 FROM task WHERE case_id IN (:f1, :m1) \gset
SELECT count(deliver(c, 'window', '2026-03-14 10:00+08')) AS del1 FROM unnest(ARRAY[:f1, :m1]::bigint[]) c \gset
SELECT settle_cases('2026-11-30 00:00+08', 1000) AS s1 \gset
SELECT archive_history_month('2026-02-01') AS a1 \gset
SELECT archive_history_month('2026-03-01') AS a2 \gset
-- March archived twice (a late case of it settled after the first archive)
SELECT submit('rr_item', :p, '{form}', 'window', '{}', '2026-03-20 10:00+08') AS m2 \gset
SELECT complete_task(id, 'approved', '2026-03-21 10:00+08') IS NULL AS done2 FROM task WHERE case_id = :m2 \gset
SELECT deliver(:m2, 'window', '2026-03-22 10:00+08') IS NULL AS del2 \gset
SELECT settle_cases('2026-11-30 00:00+08', 1000) AS s2 \gset
SELECT archive_history_month('2026-03-01') AS a3 \gset
-- a late case of February, not settled yet
SELECT submit('rr_item', :p, '{form}', 'window', '{}', '2026-02-20 10:00+08') AS f2 \gset
SELECT complete_task(id, 'approved', '2026-02-21 10:00+08') IS NULL AS done3 FROM task WHERE case_id = :f2 \gset
SELECT deliver(:f2, 'window', '2026-02-22 10:00+08') IS NULL AS del3 \gset
SELECT :s1 || ' ' || :a1 || ' ' || :f2 || ' ' || :a2 || ' ' || :s2 || ' ' || :a3 || ' ' || :m2;
});
my ($s1, $a1, $late, $a2, $s2, $a3, $late_march) = split / /, $ids;
is("$s1 $a1", '2 4', 'February settled and archived (four tables)');
is("$a2 $s2 $a3", '4 1 4', 'March archived twice (a late case)');

my $submitted = q{SELECT coalesce(sum(submitted), 0) FROM service_affair.efficiency_counts WHERE month = '%s'};
is($node->safe_psql('postgres', sprintf($submitted, '2026-02-01')), '2', 'the indicators count both February cases');
is($node->safe_psql('postgres', sprintf($submitted, '2026-03-01')), '2', 'and both March cases');

# runs $before, waits 2 s, runs $after and commits, in the background
sub holder
{
	my ($name, $before, $after) = @_;
	my $script = "$PostgreSQL::Test::Utils::tmp_check/$name.sql";
	open my $fh, '>', $script or die "$script: $!";
	print $fh "BEGIN;\n$before\nSELECT pg_sleep(2);\n$after\nCOMMIT;\n";
	close $fh;
	my %h = (out => '', err => '');
	$h{run} = IPC::Run::start([ 'psql', '-XAtq', '-v', 'ON_ERROR_STOP=1', '-d', $node->connstr('postgres'), '-f', $script ],
		'>', \$h{out}, '2>', \$h{err});
	my $seen = 0;
	for (1 .. 100)
	{
		$seen = $node->safe_psql('postgres', q{SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(2)%'});
		last if $seen;
		usleep(50_000);
	}
	is($seen, 1, "$name has run its first part and waits");
	return \%h;
}

# 1. a restore while an archive of a late case of the month is not
# committed: it waits for it, then brings back both archives' tables
my $x = holder('archive_late',
	"SELECT service_affair.settle_cases('2026-11-30 00:00+08', 1000);\nSELECT service_affair.archive_history_month('2026-02-01');", '');
my ($rc, $out, $err) = $node->psql('postgres', "\\set VERBOSITY verbose\nSELECT service_affair.restore_history_month('2026-02-01')");
$x->{run}->finish;
like($x->{out}, qr/^1\n4\n/, 'the late case was settled and February archived again meanwhile');
is("$out$err", '4', 'the restore that waited for it brings February back, both archives merged (was 55000)');
is($node->safe_psql('postgres', "SELECT count(*) FROM service_affair.cases WHERE id = $late"), '1',
	'the late case is in the history');
is($node->safe_psql('postgres', q{SELECT count(*) FROM service_affair.history_archived_tables WHERE archived_month = '2026-02-01'}), '0',
	'no record of February left');
is($node->safe_psql('postgres', q{SELECT count(*) FROM pg_tables WHERE schemaname = 'service_affair_archive' AND tablename ~ '_202602'}), '0',
	'nor any table of it in the archive');
is($node->safe_psql('postgres', sprintf($submitted, '2026-02-01')), '2', 'counted once');

# 2. a restore while another restore of the month is not committed: it
# waits for it, then finds the month back (the other merged and dropped the
# second archive's tables of March)
my $y = holder('restore_other', "SELECT service_affair.restore_history_month('2026-03-01');", '');
($rc, $out, $err) = $node->psql('postgres', "\\set VERBOSITY verbose\nSELECT service_affair.restore_history_month('2026-03-01')");
$y->{run}->finish;
is($y->{err}, '', 'the other restore brought March back meanwhile');
like($err, qr/55000.*month 2026-03 is not archived/s,
	'the restore that waited for it: 55000, not archived (was 55000 "changed", and before that 42601)')
  or diag("rc $rc, out $out");
is($node->safe_psql('postgres', "SELECT count(*) FROM service_affair.cases WHERE id = $late_march"), '1',
	'the late March case is in the history');
is($node->safe_psql('postgres', sprintf($submitted, '2026-03-01')), '2', 'the indicators count both March cases once');
is($node->safe_psql('postgres', q{SELECT count(*) FROM service_affair.history_archived_tables}), '0',
	'no record left');

# 3. two archives of one month started together, a month put back in the
# history by a late case, while a reader holds the history: each reads the
# month before the locks (whether its partitions were attached by hand
# reads the history's tables, history_archived_row_at()); the second waits
# for the first, then finds nothing left to move
my $jan = $node->safe_psql('postgres', q{
SET search_path = service_affair;
SELECT submit('rr_item', (SELECT id FROM applicant WHERE name = 'Race Person'), '{form}', 'window', '{}', '2026-01-10 10:00+08') AS j \gset
SELECT complete_task(t.id, 'approved', '2026-01-12 10:00+08') IS NULL AS c FROM task t WHERE t.case_id = :j \gset
SELECT deliver(:j, 'window', '2026-01-13 10:00+08') IS NULL AS d \gset
SELECT settle_cases('2026-11-30 00:00+08', 1000) AS s \gset
SELECT archive_history_month('2026-01-01') AS a \gset
SELECT submit('rr_item', (SELECT id FROM applicant WHERE name = 'Race Person'), '{form}', 'window', '{}', '2026-01-20 10:00+08') AS j2 \gset
SELECT complete_task(t.id, 'approved', '2026-01-21 10:00+08') IS NULL AS c2 FROM task t WHERE t.case_id = :j2 \gset
SELECT deliver(:j2, 'window', '2026-01-22 10:00+08') IS NULL AS d2 \gset
SELECT settle_cases('2026-11-30 00:00+08', 1000) AS s2 \gset
SELECT :s || ' ' || :a || ' ' || :s2;
});
is($jan, '1 4 1', 'January settled, archived, and a late case of it settled into the history again');
is($node->safe_psql('postgres', q{SELECT service_affair.history_month_blocker('2026-01-01') IS NULL
  AND EXISTS (SELECT FROM service_affair.history_partitions WHERE month = '2026-01-01')}), 't', 'nothing holds January');
my $r = holder('reader', 'LOCK TABLE service_affair.cases_settled IN ACCESS SHARE MODE;', '');
my @arch;
for my $n (1 .. 2)
{
	my %h = (out => '', err => '');
	$h{run} = IPC::Run::start([ 'psql', '-XAtq', '-v', 'VERBOSITY=verbose', '-d', $node->connstr('postgres'),
		'-c', "SELECT service_affair.archive_history_month('2026-01-01')" ], '>', \$h{out}, '2>', \$h{err});
	push @arch, \%h;
	my $seen = 0;
	for (1 .. 100)
	{
		$seen = $node->safe_psql('postgres', q{SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT service_affair.archive_history_month(''2026-01-01'')'});
		last if $seen == $n;
		usleep(50_000);
	}
	is($seen, $n, "archive $n has begun");
	usleep(300_000);    # past its first reads of the month
}
$_->{run}->finish for ($r, @arch);
is(join(' | ', map { $_->{err} } @arch), ' | ', 'neither archive fails (was 55P03 "the history is in use" after 5 s)');
is(join(' ', sort map { $_->{out} =~ s/\s+//gr } @arch), '0 4', 'one moves the late case\'s four tables, the other finds none');
is($node->safe_psql('postgres', sprintf($submitted, '2026-01-01')), '2', 'both January cases counted once');

# 4. a table of the month renamed by hand while a restore awaits the locks:
# read again under them, 55000, nothing restored
$jan = $node->safe_psql('postgres',
	q{SELECT tablename FROM pg_tables WHERE schemaname = 'service_affair_archive' AND tablename ~ '^cases_settled_202601_2$'});
my $z = holder('rename', 'LOCK TABLE service_affair.cases_settled IN ACCESS SHARE MODE;',
	"ALTER TABLE service_affair_archive.$jan RENAME TO renamed_by_hand;");
($rc, $out, $err) = $node->psql('postgres', "\\set VERBOSITY verbose\nSELECT service_affair.restore_history_month('2026-01-01')");
$z->{run}->finish;
is($z->{err}, '', 'the table was renamed meanwhile');
like($err, qr/55000.*the archive of month 2026-01 changed while the history's locks were awaited/s,
	'the restore that waited: 55000')
  or diag("rc $rc, out $out");
is($node->safe_psql('postgres', q{SELECT count(*) FROM service_affair.history_archived_tables WHERE archived_month = '2026-01-01'}), '8',
	'the archive keeps its records (both archives)');
$node->safe_psql('postgres', "ALTER TABLE service_affair_archive.renamed_by_hand RENAME TO $jan");
is($node->safe_psql('postgres', q{SELECT service_affair.restore_history_month('2026-01-01')}), '4',
	'its name given back, January comes back, both archives merged');
is($node->safe_psql('postgres', sprintf($submitted, '2026-01-01')), '2', 'counted once');


# 5. not a race: a month whose archived tables were dropped by hand (the
# law allows it), then archived again for a late case of it, in separate
# transactions.  The later archive took the dropped tables' free names, so
# its tables passed for both archives': a restore brought the late case
# back and took back every count of the month, the dropped cases' too
# (until the evening of 2026-12-06; test/pgtap/history_archive_dropped.sql
# for one transaction).  Now it takes names of its own, and the restore
# finds the first archive's tables missing.
is($node->safe_psql('postgres', q{SELECT service_affair.archive_history_month('2026-01-01')}), '4', 'January archived again');
$node->safe_psql('postgres', q{DO $$
DECLARE t record;
BEGIN
    FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'service_affair_archive' AND tablename ~ '_202601' LOOP
        EXECUTE format('DROP TABLE service_affair_archive.%I', t.tablename);
    END LOOP;
END $$});
$node->safe_psql('postgres', q{
SET search_path = service_affair;
SELECT submit('rr_item', (SELECT id FROM applicant WHERE name = 'Race Person'), '{form}', 'window', '{}', '2026-01-25 10:00+08') AS j3 \gset
SELECT complete_task(t.id, 'approved', '2026-01-26 10:00+08') IS NULL AS c FROM task t WHERE t.case_id = :j3 \gset
SELECT deliver(:j3, 'window', '2026-01-27 10:00+08') IS NULL AS d \gset
SELECT settle_cases('2026-11-30 00:00+08', 1000);
SELECT archive_history_month('2026-01-01');
});
is($node->safe_psql('postgres', q{SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables
  WHERE schemaname = 'service_affair_archive' AND tablename ~ '^cases_settled_202601'}), 'cases_settled_202601_2',
	'the late case\'s archive takes a name of its own');
is($node->safe_psql('postgres', sprintf($submitted, '2026-01-01')), '3', 'the three January cases are counted');
($rc, $out, $err) = $node->psql('postgres', "\\set VERBOSITY verbose\nSELECT service_affair.restore_history_month('2026-01-01')");
like($err, qr/55000.*archived tables of month 2026-01 are missing: .*cases_settled_202601 \(cases\)/s,
	'restore_history_month(): the dropped tables are missing (55000)')
  or diag("rc $rc, out $out");
is($node->safe_psql('postgres', sprintf($submitted, '2026-01-01')), '3', 'the three January cases are still counted');

$node->stop;
done_testing();
