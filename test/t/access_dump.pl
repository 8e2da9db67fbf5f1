# pg_dump / pg_restore round trip of a populated database: catalog, staff,
# applicants, cases in every state, tasks and ratings (when routing and
# ratings are installed), inspection plans, draws, results, publications and
# the hash-chained logs.  Checks: every table of the extension restored
# identically, every sequence continues where it was, new ids follow the
# restored ones, every log chain and every draw verifies, the grants and
# row-level security still apply.  Also through a plain SQL dump.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('access_dump');
$node->init;
$node->append_conf('postgresql.conf', "timezone = 'Asia/Shanghai'");
$node->start;

$node->safe_psql('postgres', "CREATE DATABASE $_") for qw(src dst dst_sql);
$node->safe_psql('src', 'CREATE EXTENSION service_affair CASCADE');
$node->safe_psql('src', q{
SET search_path = service_affair;
SELECT create_roles();
INSERT INTO department (code, name, region) VALUES ('AD_MKT', 'Market', '330225'), ('AD_HLT', 'Health', '330226');
INSERT INTO staff (login, department) VALUES ('ad_clerk', 'AD_MKT'), ('ad_reviewer', 'AD_HLT');
INSERT INTO calendar (name, weekmask) VALUES ('six_day', '1111110');
INSERT INTO calendar_day (calendar, day, is_workday, note) VALUES ('six_day', '2026-12-26', false, 'closed');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, tolerance_days, online, mobile) VALUES
  ('ad_biz', 'Business licence', 'AD_MKT', 'promised', 20, 5, 3, true, true),
  ('ad_food', 'Food permit', 'AD_HLT', 'promised', 20, 10, 5, true, false),
  ('ad_seal', 'Seal', 'AD_MKT', 'immediate', NULL, NULL, 5, true, false);
INSERT INTO evidence_type (code, name) VALUES ('id_card', 'ID card');
INSERT INTO material (item, code, name, required, tolerable, evidence_type, commitment_allowed, applies_to) VALUES
  ('ad_biz', 'form', 'Form', true, false, NULL, false, 'any'),
  ('ad_biz', 'id', 'ID card', true, false, 'id_card', false, 'person'),
  ('ad_biz', 'lease', 'Lease', true, true, NULL, false, 'any'),
  ('ad_biz', 'pledge', 'Pledge', true, false, NULL, true, 'any'),
  ('ad_food', 'form', 'Form', true, false, NULL, false, 'any'),
  ('ad_food', 'health', 'Health certificate', true, false, NULL, false, 'any');
INSERT INTO bundle (code, name, lead_department) VALUES ('ad_shop', 'Open a shop', 'AD_MKT');
INSERT INTO bundle_item (bundle, item, stage) VALUES ('ad_shop', 'ad_biz', 1), ('ad_shop', 'ad_food', 2);
SELECT register_applicant('person', '11010519491231002X', '张三');
SELECT register_applicant('org', '91110000600037341L', '北京测试有限公司', false, 'dump test: flagged');
INSERT INTO evidence (applicant, evidence_type, reference, valid_until) VALUES (1, 'id_card', 'eID', '2027-01-01');
SELECT submit('ad_biz', 1, '{form}', 'window', '{pledge}', '2026-11-18 10:00+08');
SELECT supplement(submit('ad_shop', 1, '{form}', 'online', '{}', '2026-11-18 10:00+08'), '{health, pledge}', '2026-11-19 10:00+08', 'window');
SELECT withdraw(submit('ad_biz', 2, '{}', 'mobile', '{}', '2026-11-18 11:00+08'), '2026-11-20 10:00+08');
SELECT record_visit(submit('ad_seal', 2, '{}', 'kiosk', '{}', '2026-11-18 12:00+08'), '2026-11-18 13:00+08', 'pick up');
SELECT submit('ad_food', 1, '{form, health}', 'online', '{}', '2026-11-19 09:00+08');
-- routing (when installed): claim and complete every open task, deliver a concluded case
DO $$
DECLARE t bigint;
BEGIN
  IF pg_catalog.to_regclass('service_affair.task') IS NOT NULL THEN
    FOR i IN 1..10 LOOP
      t := service_affair.claim_task('AD_MKT', 'ad_reviewer', '2026-11-23 10:00+08');
      IF t IS NULL THEN t := service_affair.claim_task('AD_HLT', 'ad_reviewer', '2026-11-23 10:00+08'); END IF;
      EXIT WHEN t IS NULL;
      PERFORM service_affair.complete_task(t, 'approved', '2026-11-23 10:00+08'::timestamptz + i * interval '1 minute');
    END LOOP;
    PERFORM service_affair.deliver(c.id, 'electronic', '2026-11-24 10:00+08') FROM service_affair.cases c WHERE c.status = 'concluded';
  END IF;
  IF pg_catalog.to_regproc('service_affair.rate') IS NOT NULL THEN
    PERFORM service_affair.rate(c.id, CASE WHEN c.id % 2 = 0 THEN 2 ELSE 5 END, 'online', 'dump test', '2026-11-25 10:00+08')
       FROM service_affair.cases c WHERE c.status = 'concluded';
  END IF;
END $$;
-- inspections: two ledgers (one SM3), a drawn plan with results, one published
INSERT INTO target (uscc, name, region, industry, risk) VALUES
  ('91110000600037341L', '北京测试有限公司', '110000', 'food', 'A'),
  ('91350100M000100Y43', '宁波测试有限公司', '330225', 'food', 'D');
INSERT INTO inspector (id, name, department) VALUES
  ('ad-1', 'One', 'AD_MKT'), ('ad-2', 'Two', 'AD_MKT'), ('ad-3', 'Three', 'AD_HLT'), ('ad-4', 'Four', 'AD_HLT'),
  ('ad-5', 'Five', 'AD_MKT'), ('ad-6', 'Six', 'AD_MKT'), ('ad-7', 'Seven', 'AD_MKT');
INSERT INTO recusal (inspector, target) VALUES ('ad-1', 2);
SELECT create_ledger('AD_HLT', 'sm3');
SELECT create_plan('joint plan', ARRAY['AD_MKT', 'AD_HLT'], ARRAY[1, 1, 1, 1]::numeric[], sha256('\x0102'::bytea));
SELECT draw(1, '\x0102'::bytea);
SELECT record_result(1, 1, 'pass', 'fine', '2026-11-20 10:00+08');
SELECT record_result(1, 2, 'issues', 'label missing', '2026-11-20 11:00+08');
SELECT publish_results(1, '2026-11-21 10:00+08');
SELECT create_plan('later plan', ARRAY['AD_MKT'], ARRAY[0, 0, 0.5, 1]::numeric[], sha256('\x03'::bytea));
});

my $routing = $node->safe_psql('src', "SELECT to_regclass('service_affair.task') IS NOT NULL");
note($routing eq 't' ? 'routing installed: tasks included' : 'routing not installed: no tasks');

my $dump = $node->basedir . '/src.dump';
my $sql  = $node->basedir . '/src.sql';
command_ok([ 'pg_dump', '-Fc', '-f', $dump, '-d', $node->connstr('src') ], 'pg_dump -Fc of a populated database');
command_ok([ 'pg_restore', '--exit-on-error', '-d', $node->connstr('dst'), $dump ], 'pg_restore into a fresh database');
command_ok([ 'pg_dump', '-Fp', '-f', $sql, '-d', $node->connstr('src') ], 'pg_dump of plain SQL');
command_ok([ 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', $sql, '-d', $node->connstr('dst_sql') ], 'plain SQL dump replays');

# every table of the extension, whatever part created it
my @tables = split /\n/, $node->safe_psql('src', q{
SELECT c.relname FROM pg_class c
 WHERE c.relnamespace = 'service_affair'::regnamespace AND c.relkind IN ('r', 'p')
 ORDER BY c.relname});
ok(scalar(grep { $_ eq 'cases' } @tables) && scalar(grep { $_ eq 'inspection_log' } @tables), 'the table list holds cases and the log');
for my $t (@tables)
{
	my $q = "SELECT count(*) || ':' || coalesce(md5(string_agg(x::text, E'\\n' ORDER BY x::text)), '') FROM service_affair.$t x";
	my $src = $node->safe_psql('src', $q);
	for my $db (qw(dst dst_sql))
	{
		my ($rc, $got) = $node->psql($db, $q);
		is($got, $src, "$db: table $t restored identically ($src)");
	}
}
my $rows = $node->safe_psql('src', q{SELECT (SELECT count(*) FROM service_affair.cases) || ' ' || (SELECT count(*) FROM service_affair.inspection_log)});
like($rows, qr/^[5-9] \d+$/, "the source holds cases and log entries ($rows)");
if ($routing eq 't')
{
	cmp_ok($node->safe_psql('src', 'SELECT count(*) FROM service_affair.task'), '>', 0, 'the source holds tasks');
}

# every sequence continues
my $seqq = q{SELECT string_agg(s.sequencename || '=' || coalesce(s.last_value::text, 'null'), ' ' ORDER BY s.sequencename)
               FROM pg_sequences s WHERE s.schemaname = 'service_affair'};
my $seqs = $node->safe_psql('src', $seqq);
like($seqs, qr/cases_id_seq=\d+/, "source sequences: $seqs");
is($node->safe_psql($_, $seqq), $seqs, "$_: every sequence continues where it was") for qw(dst dst_sql);

for my $db (qw(dst dst_sql))
{
	is($node->safe_psql($db, q{
SET search_path = service_affair;
SELECT submit('ad_biz', 1, '{form, lease}', 'online', '{pledge}', '2026-11-26 10:00+08') AS c \\gset
SELECT :c > (SELECT max(id) FROM cases WHERE submitted_at < '2026-11-26')
   AND (SELECT min(id) FROM case_event WHERE case_id = :c) > (SELECT max(id) FROM case_event WHERE case_id <> :c);
}), 't', "$db: a new case and its history continue the ids");
	is($node->safe_psql($db, q{SELECT service_affair.register_applicant('person', '330225198001010018', '李四') > 2}), 't',
		"$db: a new applicant continues the applicant ids");
	is($node->safe_psql($db, q{
SET search_path = service_affair;
INSERT INTO target (uscc, name, risk) VALUES ('91350100M000100Y43'::uscc, 'duplicate', 'A') ON CONFLICT (uscc) DO NOTHING;
SELECT create_plan('after restore', ARRAY['AD_MKT'], ARRAY[1, 1, 1, 1]::numeric[], sha256('\x04'::bytea)) > 2;
}), 't', "$db: a new plan continues the plan ids");
	is($node->safe_psql($db, q{SELECT service_affair.draw(3, '\x04'::bytea) > 1}), 't', "$db: a new draw continues the draw ids");
	is($node->safe_psql($db, q{SELECT string_agg(ledger || ':' || entries || ':' || ok, ' ' ORDER BY ledger) FROM service_affair.verify_log()}),
		$node->safe_psql($db, q{SELECT string_agg(name || ':' || head_seq || ':true', ' ' ORDER BY name) FROM service_affair.ledger}),
		"$db: every log chain verifies after restore and new entries");
	is($node->safe_psql($db, q{SELECT bool_and(service_affair.verify_draw(id)) AND count(*) = 2 FROM service_affair.draw}), 't',
		"$db: every draw verifies");
	is($node->safe_psql($db, q{SELECT relrowsecurity FROM pg_class WHERE oid = 'service_affair.cases'::regclass}), 't',
		"$db: row-level security is on");
	is($node->safe_psql($db, q{SELECT has_table_privilege('service_affair_clerk', 'service_affair.cases', 'SELECT')
		AND NOT has_table_privilege('service_affair_clerk', 'service_affair.cases', 'UPDATE')}), 't',
		"$db: the grants are restored");
}

# restoring into another cluster, where the group roles do not exist yet
my $other = PostgreSQL::Test::Cluster->new('access_dump_other');
$other->init;
$other->append_conf('postgresql.conf', "timezone = 'Asia/Shanghai'");
$other->start;
$other->safe_psql('postgres', 'CREATE DATABASE dst');
my ($rc, $out, $err) = $other->psql('postgres', "SELECT count(*) FROM pg_roles WHERE rolname LIKE 'service_affair%'");
is($out, '0', 'the other cluster has no service_affair roles');
my $ok = run_log([ 'pg_restore', '-d', $other->connstr('dst'), $dump ]);
ok(!$ok, 'pg_restore into a cluster without the roles reports the grants it could not make');
is($other->safe_psql('dst', q{SELECT count(*) FROM service_affair.cases}), $node->safe_psql('src', q{SELECT count(*) FROM service_affair.cases}),
	'... but restores the data');
$other->safe_psql('dst', 'SELECT service_affair.create_roles()');
is($other->safe_psql('dst', q{SELECT has_function_privilege('service_affair_clerk', 'service_affair.submit(text,text,text[],text,text[],timestamptz,text,text,text,text,text)', 'EXECUTE')
	AND NOT has_function_privilege('service_affair_clerk', 'service_affair.submit(text,bigint,text[],text,text[],timestamptz,text,text)', 'EXECUTE')
	AND has_table_privilege('service_affair_analyst', 'service_affair.applicant_masked', 'SELECT')
	AND NOT has_table_privilege('service_affair_analyst', 'service_affair.applicant', 'SELECT')}), 't',
	'create_roles() afterwards restores the access model');
is($other->safe_psql('dst', q{SELECT bool_and(ok) FROM service_affair.verify_log()}), 't', 'the chains verify in the other cluster');
$other->stop;

$node->stop;
done_testing();
