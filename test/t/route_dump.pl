# Dump and restore with routing: pg_dump -Fc a database with open, waiting,
# suspended, done and cancelled tasks, pg_restore into a fresh one; the
# tasks, suspensions and routing columns of cases come back identical (the
# acceptance trigger does not route the restored cases a second time), and
# routing goes on after the restore.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

# History partitions (doc/deployment.md "Backups"): a partition a submission
# made is an ordinary table attached to the extension's partitioned tables,
# whose foreign keys and keys exist before pg_restore loads any data, while
# pg_dump lists the data by name (case_event_p… before cases_p…).  Restore
# from a list whose table data follows the foreign keys (a partition as its
# parent), without the partitions' copies of their parent's keys.
sub history_list
{
	my ($node, $db, $dump) = @_;
	my %level = map { split /\|/ } split /\n/, $node->safe_psql($db, q{
WITH RECURSIVE fk AS (
  SELECT DISTINCT COALESCE(pg_partition_root(conrelid), conrelid) AS a, COALESCE(pg_partition_root(confrelid), confrelid) AS b
    FROM pg_constraint WHERE contype = 'f' AND connamespace = 'service_affair'::regnamespace),
lvl(t, l) AS (
  SELECT c.oid, 0 FROM pg_class c WHERE c.relnamespace = 'service_affair'::regnamespace AND c.relkind IN ('r', 'p')
  UNION ALL
  SELECT fk.a, lvl.l + 1 FROM fk JOIN lvl ON fk.b = lvl.t WHERE fk.a <> fk.b AND lvl.l < 30)
SELECT c.relname || '|' || max(lvl.l) FROM pg_class c JOIN lvl ON lvl.t = COALESCE(pg_partition_root(c.oid), c.oid)
 WHERE c.relnamespace = 'service_affair'::regnamespace AND c.relkind = 'r' GROUP BY c.relname});
	my ($toc) = run_command([ 'pg_restore', '-l', $dump ]);
	# a partition gets its parent's keys and indexes when it is attached: the
	# dump's own copies of them would be made twice
	my @lines = grep { !/ (CONSTRAINT|INDEX|INDEX ATTACH) service_affair (cases|case_material|case_event|case_leg|commitment_check|task|task_suspension|rating|rectification)_p\d+/ }
	  split /\n/, $toc;
	my @idx = grep { $lines[$_] =~ / TABLE DATA / } 0 .. $#lines;
	my @data = @lines[@idx];
	my $rank = sub { return $_[0] =~ / TABLE DATA service_affair (\S+) / ? ($level{$1} // 0) : 0; };
	my @sorted = map { $_->[1] } sort { $a->[0] <=> $b->[0] || $a->[2] <=> $b->[2] }
	  map { [ $rank->($data[$_]), $data[$_], $_ ] } 0 .. $#data;
	@lines[@idx] = @sorted;
	open my $fh, '>', "$dump.list" or die "cannot write $dump.list: $!";
	print $fh join("\n", @lines), "\n";
	close $fh;
	return "$dump.list";
}

my $node = PostgreSQL::Test::Cluster->new('route_dump');
$node->init;
$node->append_conf('postgresql.conf', "timezone = 'Asia/Shanghai'");
$node->start;

$node->safe_psql('postgres', 'CREATE DATABASE src');
$node->safe_psql('postgres', 'CREATE DATABASE dst');
$node->safe_psql('src', 'CREATE EXTENSION service_affair CASCADE');
$node->safe_psql('src', q{
SET search_path = service_affair;
INSERT INTO department (code, name, region) VALUES ('RD_MKT', 'Market', '330225'), ('RD_HLT', 'Health', '330226');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit) VALUES
  ('rd_biz', 'Business licence', 'RD_MKT', 'promised', 20, 5),
  ('rd_food', 'Food permit', 'RD_HLT', 'promised', 20, 10);
UPDATE item SET online = true WHERE code LIKE 'rd\\_%';
INSERT INTO material (item, code, name) VALUES ('rd_biz', 'form', 'Form'), ('rd_food', 'form', 'Form');
INSERT INTO bundle (code, name, lead_department) VALUES ('rd_shop', 'Open a shop', 'RD_MKT');
INSERT INTO bundle_item (bundle, item, stage) VALUES ('rd_shop', 'rd_biz', 1), ('rd_shop', 'rd_food', 2);
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Zhang San');
SELECT submit('rd_shop', 1, '{form}', 'online', '{}', '2026-02-13 10:00+08');
SELECT submit('rd_shop', 1, '{form}', 'online', '{}', '2026-02-13 11:00+08');
SELECT submit('rd_biz', 1, '{form}', 'online', '{}', '2026-02-13 12:00+08');
SELECT complete_task((SELECT min(id) FROM task WHERE item = 'rd_biz'), 'approved', '2026-02-24 10:00+08');
SELECT suspend((SELECT min(id) FROM task WHERE item = 'rd_food' AND status = 'open'), 'testing', '2026-02-25 10:00+08');
SELECT extend((SELECT max(id) FROM task WHERE item = 'rd_biz'), 2, 'site visit', '2026-02-24 10:00+08');
SELECT withdraw((SELECT id FROM cases WHERE submitted_at = '2026-02-13 11:00+08'), '2026-02-20 10:00+08');
});

my $dump = $node->basedir . '/src.dump';
command_ok([ 'pg_dump', '-Fc', '-f', $dump, '-d', $node->connstr('src') ], 'pg_dump of a database with tasks');
command_ok([ 'pg_restore', '--exit-on-error', '-L', history_list($node, 'src', $dump), '-d', $node->connstr('dst'), $dump ], 'pg_restore into a fresh database');

for my $q ('SELECT string_agg(x::text, E\'\n\' ORDER BY x::text) FROM service_affair.task x',
	'SELECT string_agg(x::text, E\'\n\' ORDER BY x::text) FROM service_affair.task_suspension x',
	'SELECT string_agg(concat_ws(\' \', id, status, due, due_shift, suspended, sla_state), E\'\n\' ORDER BY id) FROM service_affair.cases')
{
	my $src = $node->safe_psql('src', $q);
	my ($rc, $dst) = $node->psql('dst', $q);
	ok($src ne '' && $rc == 0 && $src eq $dst, "restored identically: $q");
}
is($node->safe_psql('dst', 'SELECT count(*) FROM service_affair.task'), '5', 'no task routed twice');
is($node->safe_psql('dst', q{
SET search_path = service_affair;
SELECT resume((SELECT id FROM task WHERE status = 'suspended'), '2026-03-02 10:00+08');
SELECT due FROM task WHERE item = 'rd_food' AND status = 'open';
}), "\n2026-03-13", 'a restored suspension resumes (void result, then the due): 03-09 + 4 working days');
is($node->safe_psql('dst', q{
SET search_path = service_affair;
SELECT submit('rd_biz', 1, '{form}', 'online', '{}', '2026-03-02 10:00+08') IS NOT NULL;
SELECT count(*) FROM task WHERE id > (SELECT max(id) FROM task x WHERE x.opened_at < '2026-03-02');
}), "t\n1", 'a new acceptance after restore is routed, continuing the task ids');

# Partitioned history (38_history.sql): cases of the current month and of
# February live in partitions a submission made (ordinary tables of the
# schema, attached to the extension's partitioned tables), 0.1-sized ids in
# the install's _p0 (an extension member marked for pg_dump); they come back in
# their partitions, and the restored database takes cases of a month it has
# no partition for yet.
$node->safe_psql('src', q{SELECT service_affair.submit('rd_biz', 1, '{form}', 'online', '{}', now())});
$node->safe_psql('postgres', 'CREATE DATABASE dst2');
my $dump2 = $node->basedir . '/src2.dump';
command_ok([ 'pg_dump', '-Fc', '-f', $dump2, '-d', $node->connstr('src') ], 'pg_dump of a database with history partitions');
command_ok([ 'pg_restore', '--exit-on-error', '-L', history_list($node, 'src', $dump2), '-d', $node->connstr('dst2'), $dump2 ], 'pg_restore of the history partitions');
for my $q ('SELECT string_agg(concat_ws(\' \', id, tableoid::regclass, status), E\'\n\' ORDER BY id) FROM service_affair.cases',
	'SELECT string_agg(concat_ws(\' \', case_id, tableoid::regclass, kind), E\'\n\' ORDER BY case_id, id) FROM service_affair.case_event')
{
	my $src = $node->safe_psql('src', $q);
	my ($rc, $dst) = $node->psql('dst2', $q);
	ok($src =~ /cases_p0|_p3\d{12}/ && $rc == 0 && $src eq $dst, "history partitions restored with their rows: $q");
}
is($node->safe_psql('dst2', q{SELECT service_affair.month_floor(service_affair.submit('rd_biz', 1, '{form}', 'online', '{}', '2025-07-01 10:00+08'))}),
	'3070000000000', 'the restored database takes a case of a month without a partition (2025-07: month 307)');

$node->stop;
done_testing();
