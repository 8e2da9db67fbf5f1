# Dump and restore of the catalog and case tables: pg_dump -Fc a populated
# database, pg_restore into a fresh one, compare every intake table row for
# row, and check that the restored identity sequences continue.
# (test/dump/run.sh does the same against an already running cluster.)
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('intake_dump');
$node->init;
$node->append_conf('postgresql.conf', "timezone = 'Asia/Shanghai'");
$node->start;

$node->safe_psql('postgres', 'CREATE DATABASE src');
$node->safe_psql('postgres', 'CREATE DATABASE dst');
$node->safe_psql('src', 'CREATE EXTENSION service_affair CASCADE');
$node->safe_psql('src', q{
SET search_path = service_affair;
INSERT INTO department (code, name, region) VALUES ('DM_MKT', 'Market', '330225'), ('DM_HLT', 'Health', '330226');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, tolerance_days, online, mobile) VALUES
  ('dm_biz', 'Business licence', 'DM_MKT', 'promised', 20, 5, 3, true, true),
  ('dm_food', 'Food permit', 'DM_HLT', 'promised', 20, 10, 5, true, false),
  ('dm_seal', 'Seal', 'DM_MKT', 'immediate', NULL, NULL, 5, true, false);
INSERT INTO evidence_type (code, name) VALUES ('id_card', 'ID card');
INSERT INTO material (item, code, name, required, tolerable, evidence_type, commitment_allowed, applies_to) VALUES
  ('dm_biz', 'form', 'Form', true, false, NULL, false, 'any'),
  ('dm_biz', 'id', 'ID card', true, false, 'id_card', false, 'person'),
  ('dm_biz', 'lease', 'Lease', true, true, NULL, false, 'any'),
  ('dm_biz', 'pledge', 'Pledge', true, false, NULL, true, 'any'),
  ('dm_food', 'form', 'Form', true, false, NULL, false, 'any'),
  ('dm_food', 'health', 'Health certificate', true, false, NULL, false, 'any');
INSERT INTO bundle (code, name, lead_department) VALUES ('dm_shop', 'Open a shop', 'DM_MKT');
INSERT INTO bundle_item (bundle, item, stage) VALUES ('dm_shop', 'dm_biz', 1), ('dm_shop', 'dm_food', 2);
INSERT INTO applicant (kind, resident_id, uscc, name, credit_ok) VALUES
  ('person', '11010519491231002X', NULL, 'Zhang San', true),
  ('org', NULL, '91110000600037341L', 'Org Ltd', false);
INSERT INTO evidence (applicant, evidence_type, reference, valid_until)
SELECT id, 'id_card', 'eID', '2027-01-01' FROM applicant WHERE name = 'Zhang San';
SELECT submit('dm_biz', (SELECT id FROM applicant WHERE name = 'Zhang San'), '{form}', 'window', '{pledge}', '2026-11-18 10:00+08');
SELECT supplement(submit('dm_shop', (SELECT id FROM applicant WHERE name = 'Zhang San'), '{form}', 'online', '{}', '2026-11-18 10:00+08'),
                  '{health, pledge}', '2026-11-19 10:00+08', 'window');
SELECT withdraw(submit('dm_biz', (SELECT id FROM applicant WHERE name = 'Org Ltd'), '{}', 'mobile', '{}', '2026-11-18 11:00+08'),
                '2026-11-20 10:00+08');
SELECT record_visit(submit('dm_seal', (SELECT id FROM applicant WHERE name = 'Org Ltd'), '{}', 'kiosk', '{}', '2026-11-18 12:00+08'),
                    '2026-11-18 13:00+08', 'pick up');
SELECT submit('dm_seal', (SELECT id FROM applicant WHERE name = 'Org Ltd'), '{}', 'kiosk', '{}', '2026-11-18 12:30+08',
              request_key => 'dump-key-1');
});

my $dump = $node->basedir . '/src.dump';
command_ok([ 'pg_dump', '-Fc', '-f', $dump, '-d', $node->connstr('src') ], 'pg_dump of a populated database');
command_ok([ 'pg_restore', '--exit-on-error', '-d', $node->connstr('dst'), $dump ], 'pg_restore into a fresh database');

for my $t (qw(department item material bundle bundle_item applicant evidence cases case_material case_event case_request))
{
	my $q = "SELECT string_agg(x::text, E'\\n' ORDER BY x::text) FROM service_affair.$t x";
	my $src = $node->safe_psql('src', $q);
	my ($rc, $dst) = $node->psql('dst', $q);
	ok($src ne '' && $rc == 0 && $src eq $dst, "table $t restored identically");
}

is($node->safe_psql('dst', q{
SET search_path = service_affair;
SELECT submit('dm_biz', (SELECT id FROM applicant WHERE name = 'Zhang San'), '{form, lease}', 'online', '{pledge}', '2026-11-21 10:00+08')
       > (SELECT max(id) FROM cases WHERE submitted_at < '2026-11-21');
}), 't', 'a new case after restore continues the case ids');
is($node->safe_psql('dst', q{
SET search_path = service_affair;
SELECT submit('dm_seal', (SELECT id FROM applicant WHERE name = 'Org Ltd'), '{}', 'kiosk', '{}', now(), request_key => 'dump-key-1')
       = (SELECT case_id FROM case_request WHERE request_key = 'dump-key-1');
}), 't', 'a submit() repeated with its request key after restore returns the restored case');
is($node->safe_psql('dst', q{
INSERT INTO service_affair.applicant (kind, resident_id, name) VALUES ('person', '330225198001010018', 'Li Si') RETURNING id > 2;
}), 't', 'a new applicant after restore continues the applicant ids');

$node->stop;
done_testing();
