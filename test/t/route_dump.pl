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
command_ok([ 'pg_restore', '--exit-on-error', '-d', $node->connstr('dst'), $dump ], 'pg_restore into a fresh database');

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

$node->stop;
done_testing();
