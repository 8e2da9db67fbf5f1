-- One home for the region code an identifier carries (issue 10, "each rule
-- has one home"): resident_id_region() and uscc_region() (C,
-- src/identifiers.c).  Until 2026-12-05 the trigger applicant_region_default()
-- and the update's backfill (34_network.sql) spelled the positions again
-- (left(resident_id::text, 6), substr(uscc::text, 3, 6)).  They agree
-- today; this file pins that the default goes through the C accessors.
SET search_path = service_affair, public;
BEGIN;
SELECT plan(4);

INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', '张三');
INSERT INTO applicant (kind, uscc, name) VALUES ('org', '91350100M000100Y43', '某公司');
SELECT is((SELECT region FROM applicant WHERE resident_id = '11010519491231002X'),
          resident_id_region('11010519491231002X'), 'a person''s default region: resident_id_region() (110105)');
SELECT is((SELECT region FROM applicant WHERE uscc = '91350100M000100Y43'),
          uscc_region('91350100M000100Y43'), 'an organisation''s default region: uscc_region() (350100)');
SELECT ok((SELECT p.prosrc ~ 'service_affair\.resident_id_region\(NEW\.resident_id\)'
                  AND p.prosrc ~ 'service_affair\.uscc_region\(NEW\.uscc\)'
             FROM pg_proc p WHERE p.oid = 'service_affair.applicant_region_default()'::regprocedure),
          'applicant_region_default() reads the region by the C accessors');
SELECT is_empty($$SELECT p.oid::regprocedure::text FROM pg_proc p
                   WHERE p.pronamespace = 'service_affair'::regnamespace
                     AND p.prosrc ~* '(left\([^)]*resident_id::text, *6\)|substr\([^)]*uscc::text, *3, *6\))'$$,
                'no function of the schema cuts the region out of an identifier''s text itself');

SELECT * FROM finish();
ROLLBACK;
