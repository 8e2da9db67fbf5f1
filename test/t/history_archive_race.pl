# archive_history_month() and a complaint received meanwhile (a read of the
# diff, 2026-12-04): the month's blocker (open cases, valid licences, open
# complaints about its cases) was asked once, before the history's locks;
# a complaint received about a settled case of the month while the locks
# were awaited (its writer reads the month's partition, so the archive waits
# for it) left the month with it, and the complaint's clerks then got 42501
# "not a clerk of region NULL".  The blocker is asked again under the locks,
# which is why the function runs in READ COMMITTED only.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use IPC::Run;
use Time::HiRes qw(usleep);

my $node = PostgreSQL::Test::Cluster->new('archive_race');
$node->init;
$node->append_conf('postgresql.conf', "timezone = 'Asia/Shanghai'\n");
$node->start;

$node->safe_psql('postgres', 'CREATE EXTENSION service_affair');
my $ids = $node->safe_psql('postgres', q{
SET search_path = service_affair;
INSERT INTO department (code, name, region) VALUES ('AR_MKT', 'Market (archive race)', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit) VALUES
  ('ar_biz', 'Business licence', 'AR_MKT', 'promised', 20, 5);
INSERT INTO material (item, code, name, required, tolerable) VALUES ('ar_biz', 'form', 'Application form', true, false);
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Archive Person');
SELECT id AS p FROM applicant WHERE name = 'Archive Person' \gset
SELECT submit('ar_biz', :p, '{form}', 'window', '{}', '2026-04-02 10:00+08') AS k \gset
SELECT complete_task((SELECT id FROM task WHERE case_id = :k), 'approved', '2026-04-03 10:00+08') IS NOT NULL AS done \gset
SELECT deliver(:k, 'window', '2026-04-04 10:00+08') IS NULL AS delivered \gset
SELECT settle_cases('2026-12-01 00:00+08') AS settled \gset
SELECT :k || ' ' || :p || ' ' || :settled;
});
my ($case, $person, $settled) = split / /, $ids;
is($settled, 1, 'the April case is settled into the history');
is($node->safe_psql('postgres', "SELECT service_affair.history_month_blocker('2026-04-01') IS NULL"), 't',
	'nothing holds April yet');

# session B receives a complaint about the settled case and commits 3 s later;
# session A archives April meanwhile: it waits for B (B read the partition)
my $script = "$PostgreSQL::Test::Utils::tmp_check/complaint_b.sql";
open my $fh, '>', $script or die "$script: $!";
print $fh "BEGIN;\n";
print $fh "SELECT service_affair.receive_complaint('window', 'complaint', 'Rude at the window', '2026-12-02 10:00+08', case_id => $case, applicant => $person);\n";
print $fh "SELECT pg_sleep(3);\nCOMMIT;\n";
close $fh;
my ($b_out, $b_err) = ('', '');
my $b = IPC::Run::start([ 'psql', '-XAtq', '-v', 'ON_ERROR_STOP=1', '-d', $node->connstr('postgres'), '-f', $script ],
	'>', \$b_out, '2>', \$b_err);
# until B holds the partition (its complaint inserted, not committed)
my $seen = 0;
for (1 .. 100)
{
	$seen = $node->safe_psql('postgres', q{SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(3)%'});
	last if $seen;
	usleep(50_000);
}
is($seen, 1, 'session B has received the complaint and waits before its commit');
my ($rc, $out, $err) = $node->psql('postgres', "\\set VERBOSITY verbose\nSELECT service_affair.archive_history_month('2026-04-01')");
$b->finish;
is($b_err, '', 'session B committed its complaint');
like($err, qr/55000.*month 2026-04 still has 1 open complaints/s,
	'the archive, having waited for B, finds the complaint under its locks: 55000 (it archived the month)')
  or diag("rc $rc, out $out");
is($node->safe_psql('postgres', "SELECT count(*) FROM service_affair.cases WHERE id = $case"), '1',
	'the case stays in the history, where the complaint\'s clerks find it');

# the second look needs a snapshot of its own statement
($rc, $out, $err) = $node->psql('postgres',
	"\\set VERBOSITY verbose\nBEGIN ISOLATION LEVEL REPEATABLE READ;\nSELECT service_affair.archive_history_month('2026-04-01');\nROLLBACK;");
like($err, qr/55000.*archive_history_month\(\) runs in READ COMMITTED/s, 'in REPEATABLE READ: 55000');

$node->stop;
done_testing();
