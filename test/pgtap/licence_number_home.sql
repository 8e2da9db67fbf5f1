-- One home for the licence number a format gives (issue 10, "each rule has
-- one home"): licence_number() (C, lic_format_number() in src/licence.c),
-- which the C path of the routing (lic_number()) and issue_licence()
-- (licence_next_number()) both write by.  Until 2026-12-05
-- licence_next_number() spelled the replacements again in PL/pgSQL.
SET search_path = service_affair, public;
BEGIN;
SELECT plan(6);

SELECT is(licence_number('{type}-{region}-{year}-{seq}', 'BL', '330225', 2026, 7), 'BL-330225-2026-000007',
          'the shipped format: {seq} padded to 6 digits');
SELECT is(licence_number('{type}{region}{year}{seq}', 'OC', '330226', 2027, 1234567), 'OC33022620271234567',
          'a {seq} past 6 digits is written whole');
SELECT is(licence_number('{type}-{type}/{seq}', 'T', '330225', 2026, 1), 'T-T/000001', 'every occurrence is replaced');
SELECT throws_ok($$SELECT licence_number('{seq}', 'T', '330225', 2026, 0)$$, '22023', 'a licence number''s sequence starts at 1',
                 'seq below 1: 22023');
SELECT ok((SELECT p.prosrc ~ 'service_affair\.licence_number\(' FROM pg_proc p
            WHERE p.oid = 'service_affair.licence_next_number(text, text, text, integer)'::regprocedure),
          'licence_next_number() writes the number by licence_number()');
SELECT is_empty($$SELECT p.oid::regprocedure::text FROM pg_proc p
                   WHERE p.pronamespace = 'service_affair'::regnamespace AND p.prosrc ~ 'replace\([^;]*''\{seq\}'''$$,
                'no function of the schema replaces {seq} itself');

SELECT * FROM finish();
ROLLBACK;
