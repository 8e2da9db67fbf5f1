# Dump and restore of edited calendars: the shipped 'cn' with the next
# year's notice added, a shipped day corrected, covered_until moved, and a
# calendar of the user's own, through pg_dump -Fc | pg_restore and through a
# plain-text dump.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('cal_dump');
$node->init;
$node->append_conf('postgresql.conf', "timezone = 'Asia/Shanghai'");
$node->start;

$node->safe_psql('postgres', 'CREATE DATABASE src');
$node->safe_psql('src', q{
CREATE EXTENSION service_affair;
-- the 2027 notice (an excerpt) and the new coverage
INSERT INTO service_affair.calendar_day VALUES
    ('cn', '2027-01-01', false, '元旦'),
    ('cn', '2027-02-06', true, '春节'),
    ('cn', '2027-02-08', false, '春节');
UPDATE service_affair.calendar SET covered_until = '2027-12-31' WHERE name = 'cn';
-- a shipped day corrected, another renamed
UPDATE service_affair.calendar_day SET is_workday = true, note = 'corrected'
 WHERE calendar = 'cn' AND day = '2026-10-07';
UPDATE service_affair.calendar_day SET note = '国庆节（更正）'
 WHERE calendar = 'cn' AND day = '2026-10-06';
-- a calendar of the user's own
INSERT INTO service_affair.calendar VALUES ('hk', '1111100', 'Asia/Hong_Kong', NULL);
INSERT INTO service_affair.calendar_day VALUES ('hk', '2026-07-01', false, 'HKSAR day');
-- a compact calendar: every day of the allowed range (defect 12 of 0.1.0: a
-- per-row scan in a BEFORE INSERT trigger made this restore hang)
INSERT INTO service_affair.calendar VALUES ('big', '1111111', 'UTC', NULL);
INSERT INTO service_affair.calendar_day
SELECT 'big', d, extract(isodow FROM d) < 6, NULL
  FROM generate_series(date '1900-01-01', date '2199-12-31', interval '1 day') d;
});

my $cal_q = q{SELECT string_agg(concat_ws('|', name, weekmask, timezone, covered_until), ';' ORDER BY name)
                FROM service_affair.calendar};
my $day_q = q{SELECT count(*) || ':' || md5(string_agg(concat_ws('|', calendar, day, is_workday, note), ';' ORDER BY calendar, day))
                FROM service_affair.calendar_day};
my $use_q = q{SELECT service_affair.add_workdays('2026-09-30', 5) || ' ' || service_affair.add_workdays('2027-02-05', 1)
                || ' ' || service_affair.is_workday('2026-07-01', 'hk')};

my $cal_before = $node->safe_psql('src', $cal_q);
my $day_before = $node->safe_psql('src', $day_q);
my $use_before = $node->safe_psql('src', $use_q);
like($day_before, qr/^109751:/, 'source: 175 shipped + 3 added + 1 hk + 109,572 big days');
is($use_before, '2026-10-12 2027-02-06 false', 'source: the edits are in effect');

# custom format
my $dump = $node->basedir . '/src.dump';
$node->command_ok([ 'pg_dump', '-Fc', '-f', $dump, '-d', $node->connstr('src') ], 'pg_dump -Fc');
$node->safe_psql('postgres', 'CREATE DATABASE dst');
$node->command_ok([ 'pg_restore', '--exit-on-error', '-d', $node->connstr('dst'), $dump ],
	'pg_restore into an empty database');
is($node->safe_psql('dst', $cal_q), $cal_before, 'pg_restore: calendars as in the source');
is($node->safe_psql('dst', $day_q), $day_before, 'pg_restore: days as in the source');
is($node->safe_psql('dst', $use_q), $use_before, 'pg_restore: same results');

# plain format through psql
my $sql = $node->basedir . '/src.sql';
$node->command_ok([ 'pg_dump', '-f', $sql, '-d', $node->connstr('src') ], 'pg_dump plain');
$node->safe_psql('postgres', 'CREATE DATABASE dst2');
$node->command_ok([ 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', $sql, '-d', $node->connstr('dst2') ],
	'psql restores the plain dump');
is($node->safe_psql('dst2', $cal_q), $cal_before, 'plain: calendars as in the source');
is($node->safe_psql('dst2', $day_q), $day_before, 'plain: days as in the source');

# A cluster, database or role whose default_transaction_isolation is
# repeatable read or serializable (a DBA's setting): the restore writes the
# calendars as dumped, and is not refused as a calendar edit outside READ
# COMMITTED is (55000; until 2026-12-06 every restore stopped at the COPY of
# calendar, the day that refusal came).  An edit made afterwards in such a
# session is still refused.
for my $case ([ 'dst4', 'serializable', 'pg_restore --single-transaction' ],
	[ 'dst5', 'repeatable read', 'psql --single-transaction' ])
{
	my ($db, $iso, $how) = @$case;
	$node->safe_psql('postgres', "CREATE DATABASE $db");
	$node->safe_psql('postgres', "ALTER DATABASE $db SET default_transaction_isolation = '$iso'");
	my @cmd = $how =~ /^pg_restore/
	  ? ('pg_restore', '--exit-on-error', '--single-transaction', '-d', $node->connstr($db), $dump)
	  : ('psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '--single-transaction', '-f', $sql, '-d', $node->connstr($db));
	$node->command_ok(\@cmd, "$iso by default: $how restores the dump");
	# (psql, not safe_psql: a failed restore leaves no schema, and the
	# checks after it fail instead of ending the script)
	my (undef, $cal_got) = $node->psql($db, $cal_q);
	my (undef, $day_got) = $node->psql($db, $day_q);
	is($cal_got, $cal_before, "$iso by default: calendars as in the source");
	is($day_got, $day_before, "$iso by default: days as in the source");
	my ($rc, $out, $err) = $node->psql($db, q{UPDATE service_affair.calendar SET covered_until = covered_until + 1 WHERE name = 'hk'},
		extra_params => [ '-v', 'VERBOSITY=verbose' ]);
	like($err, qr/55000: a calendar edit runs in READ COMMITTED/, "$iso by default: a calendar edit afterwards is still refused (55000)");
}

# defect 8 of 0.1.0: ON CONFLICT DO NOTHING on a shipped day did not do nothing
$node->safe_psql('dst', q{INSERT INTO service_affair.calendar_day VALUES ('cn', '2026-10-01', true, 'x') ON CONFLICT DO NOTHING});
is($node->safe_psql('dst', q{SELECT is_workday || note FROM service_affair.calendar_day WHERE calendar = 'cn' AND day = '2026-10-01'}),
	'false国庆节', 'restored: ON CONFLICT DO NOTHING leaves a shipped day alone');

# an unedited installation dumps no calendar rows at all
$node->safe_psql('postgres', 'CREATE DATABASE fresh');
$node->safe_psql('fresh', 'CREATE EXTENSION service_affair');
my $fresh_sql = $node->basedir . '/fresh.sql';
$node->command_ok([ 'pg_dump', '--data-only', '-t', 'service_affair.calendar*', '-f', $fresh_sql,
	'-d', $node->connstr('fresh') ], 'pg_dump of a fresh installation');
my $text = slurp_file($fresh_sql);
unlike($text, qr/^cn\t/m, 'a fresh installation dumps no shipped row');

# documented limit: a deleted shipped day is not in the dump and comes back
$node->safe_psql('src', q{DELETE FROM service_affair.calendar_day WHERE calendar = 'cn' AND day = '2020-01-01'});
$node->command_ok([ 'pg_dump', '-Fc', '-f', $dump, '-d', $node->connstr('src') ], 'pg_dump after a delete');
$node->safe_psql('postgres', 'CREATE DATABASE dst3');
$node->command_ok([ 'pg_restore', '--exit-on-error', '-d', $node->connstr('dst3'), $dump ], 'pg_restore');
is($node->safe_psql('dst3', q{SELECT count(*) FROM service_affair.calendar_day WHERE calendar = 'cn' AND day = '2020-01-01'}),
	'1', 'a deleted shipped day comes back (doc/calendar.md: update it instead)');

$node->stop;
done_testing();
