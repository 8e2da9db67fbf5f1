-- Names of the registries administrators write directly (evidence_type,
-- service_point, agent: no API writer stands in front of them): a name that
-- reads as nothing is refused by the table itself, by the one blank rule
-- (CHECK (NOT is_blank(name)), 23514; doc/development.md).  A review wrote
-- U+3000 and U+200B names as an administrator; the CHECKs said name <> ''.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(19);
\ir blank_text.inc
SELECT create_roles();
CREATE ROLE rb_admin LOGIN IN ROLE service_affair_admin;
GRANT USAGE ON SCHEMA public TO rb_admin;
SET ROLE rb_admin;

-- an administrator writes each registry with a visible name (the CHECK asks
-- is_blank() with the writer's privileges: the grant matrix gives it)
SELECT lives_ok($$INSERT INTO service_affair.evidence_type (code, name) VALUES ('rb_permit', '许可证')$$,
  'an administrator registers an evidence type');
SELECT lives_ok($$INSERT INTO service_affair.service_point (code, name, level, region) VALUES ('RB-1', '便民服务中心', 'town', '330225')$$,
  'an administrator registers a service point');
SELECT lives_ok($$INSERT INTO service_affair.agent (resident_id, name, kind, region) VALUES ('330225198001010018', '代办员', 'proxy', '330225')$$,
  'an administrator registers an agent');

SELECT throws_ok(format('INSERT INTO service_affair.evidence_type (code, name) VALUES (%L, %L)', 'rb_' || md5(b.label), b.value),
                 '23514', NULL, 'an evidence type named ' || b.label || ': 23514')
  FROM pg_temp.blank_texts() b;
SELECT throws_ok(format('UPDATE service_affair.service_point SET name = %L WHERE code = %L', b.value, 'RB-1'),
                 '23514', NULL, 'a service point renamed ' || b.label || ': 23514')
  FROM pg_temp.blank_texts() b;
SELECT throws_ok(format('UPDATE service_affair.agent SET name = %L WHERE resident_id = %L', b.value, '330225198001010018'),
                 '23514', NULL, 'an agent renamed ' || b.label || ': 23514')
  FROM pg_temp.blank_texts() b;
SELECT throws_ok($$INSERT INTO service_affair.evidence_type (code, name) VALUES ('rb_ctrl', E'\x01\x02')$$,
                 '23514', NULL, 'an evidence type named with control characters: 23514');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
