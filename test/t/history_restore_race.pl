# restore_history_month() and another archive or restore of the same month
# committed while it waited for the history's locks (a hostile review,
# 2026-12-06).  It reads the month's tables in the archive before the locks
# (a refused call holds nothing up) and used that list under them:
#  - an archive of a late case of the month (its tables …_202602_2) that
#    committed meanwhile was not in it: the restore brought back the first
#    archive's tables only, deleted the record of the second's
#    (history_archived_tables) and took its counts back, so its case was
#    gone from the history and from the indicators, its tables left in the
#    archive unrecorded;
#  - another restore of the month that committed meanwhile had dropped the
#    copies it merged: 42601 `syntax error at or near "<oid>"` on
#    LOCK TABLE <oid>.
# The tables are read again under the locks and compared: 55000, nothing
# restored, and a second call sees the archive as it is.
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

# runs $sql in the background: takes ACCESS SHARE on cases_settled (no
# restore or archive gets the history's locks meanwhile), waits 2 s, then
# runs the rest and commits
sub holder
{
	my ($name, $sql) = @_;
	my $script = "$PostgreSQL::Test::Utils::tmp_check/$name.sql";
	open my $fh, '>', $script or die "$script: $!";
	print $fh "BEGIN;\nLOCK TABLE service_affair.cases_settled IN ACCESS SHARE MODE;\nSELECT pg_sleep(2);\n$sql\nCOMMIT;\n";
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
	is($seen, 1, "$name holds cases_settled and waits");
	return \%h;
}

# 1. an archive of the late case while a restore waits
my $x = holder('archive_late', "SELECT service_affair.settle_cases('2026-11-30 00:00+08', 1000);\nSELECT service_affair.archive_history_month('2026-02-01');");
my ($rc, $out, $err) = $node->psql('postgres', "\\set VERBOSITY verbose\nSELECT service_affair.restore_history_month('2026-02-01')");
$x->{run}->finish;
is($x->{err}, '', 'the late case was settled and February archived again meanwhile');
like($err, qr/55000.*the archive of month 2026-02 changed while the history's locks were awaited/s,
	'the restore that waited for it: 55000 (it brought back the first archive only)')
  or diag("rc $rc, out $out");
is($node->safe_psql('postgres', q{SELECT count(*) FROM service_affair.history_archived_tables WHERE archived_month = '2026-02-01'}), '8',
	'both archives keep their records');
is($node->safe_psql('postgres', q{SELECT count(*) FROM pg_tables WHERE schemaname = 'service_affair_archive' AND tablename ~ '_202602'}), '8',
	'and their tables');
is($node->safe_psql('postgres', sprintf($submitted, '2026-02-01')), '2', 'the indicators still count both cases');
is($node->safe_psql('postgres', q{SELECT count(*) FROM service_affair.efficiency_archived WHERE restored_at IS NOT NULL}), '0',
	'no count taken back');
# and a call now brings back both
($rc, $out, $err) = $node->psql('postgres', q{SELECT service_affair.restore_history_month('2026-02-01')});
is("$out$err", '4', 'a second call brings February back, both archives merged');
is($node->safe_psql('postgres', "SELECT count(*) FROM service_affair.cases WHERE id = $late"), '1',
	'the late case is in the history');
is($node->safe_psql('postgres', sprintf($submitted, '2026-02-01')), '2', 'counted once');

# 2. another restore while a restore waits: it merges the second archive's
# tables of March into the first's and drops them
my $y = holder('restore_other', "SELECT service_affair.restore_history_month('2026-03-01');");
($rc, $out, $err) = $node->psql('postgres', "\\set VERBOSITY verbose\nSELECT service_affair.restore_history_month('2026-03-01')");
$y->{run}->finish;
is($y->{err}, '', 'the other restore brought March back meanwhile');
like($err, qr/55000.*the archive of month 2026-03 changed while the history's locks were awaited/s,
	'the restore that waited for it: 55000 (was 42601 on a table the other dropped)')
  or diag("rc $rc, out $out");
is($node->safe_psql('postgres', "SELECT count(*) FROM service_affair.cases WHERE id = $late_march"), '1',
	'the late March case is in the history');
is($node->safe_psql('postgres', sprintf($submitted, '2026-03-01')), '2', 'the indicators count both March cases once');
is($node->safe_psql('postgres', q{SELECT count(*) FROM service_affair.history_archived_tables}), '0',
	'no record left');

$node->stop;
done_testing();
