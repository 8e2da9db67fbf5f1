-- Catalog, applicants and evidence: tables, constraints, dump marks.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(36);

SELECT has_table('service_affair', t, 'table ' || t || ' exists')
  FROM unnest(ARRAY['item', 'material', 'bundle', 'bundle_item', 'applicant', 'evidence',
                    'cases', 'case_material', 'case_event']) t;

SELECT col_is_pk('service_affair', 'material', ARRAY['item', 'code'], 'material key is (item, code)');
SELECT col_is_pk('service_affair', 'bundle_item', ARRAY['bundle', 'item'], 'bundle_item key is (bundle, item)');
SELECT col_type_is('service_affair', 'applicant', 'resident_id', 'resident_id', 'applicant.resident_id has type resident_id');
SELECT col_type_is('service_affair', 'applicant', 'uscc', 'uscc', 'applicant.uscc has type uscc');

INSERT INTO department (code, name, region) VALUES ('MKT', 'Market supervision', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit)
VALUES ('biz', 'Business licence', 'MKT', 'promised', 20, 5);

SELECT throws_ok($$INSERT INTO item (code, name, department, kind, legal_limit, promised_limit)
                   VALUES ('x1', 'X', 'MKT', 'promised', 10, 11)$$,
                 '23514', NULL, 'promised limit above the legal limit is refused');
SELECT throws_ok($$INSERT INTO item (code, name, department, kind, promised_limit)
                   VALUES ('x2', 'X', 'MKT', 'immediate', 3)$$,
                 '23514', NULL, 'an immediate item with promised days is refused');
SELECT lives_ok($$INSERT INTO item (code, name, department, kind) VALUES ('seal', 'Seal', 'MKT', 'immediate')$$,
                'an immediate item without limits is accepted');
SELECT throws_ok($$INSERT INTO item (code, name, department, kind) VALUES ('x3', 'X', 'NOPE', 'promised')$$,
                 '23503', NULL, 'an item of an unknown department is refused');
SELECT throws_ok($$INSERT INTO item (code, name, department, kind) VALUES ('x4', 'X', 'MKT', 'sometimes')$$,
                 '23514', NULL, 'an unknown item kind is refused');
SELECT throws_ok($$INSERT INTO item (code, name, department, kind, legal_limit) VALUES ('x5', 'X', 'MKT', 'promised', -1)$$,
                 '23514', NULL, 'a negative limit is refused');

INSERT INTO bundle (code, name, lead_department) VALUES ('open_shop', 'Open a shop', 'MKT');
SELECT throws_ok($$INSERT INTO bundle (code, name, lead_department) VALUES ('biz', 'Clash', 'MKT')$$,
                 '23505', 'service code "biz" is already used', 'a bundle cannot take an item''s code');
SELECT throws_ok($$INSERT INTO item (code, name, department, kind) VALUES ('open_shop', 'Clash', 'MKT', 'promised')$$,
                 '23505', 'service code "open_shop" is already used', 'an item cannot take a bundle''s code');
SELECT throws_ok($$UPDATE item SET code = 'open_shop' WHERE code = 'seal'$$,
                 '55000', NULL, 'renaming an item to a bundle''s code is refused (an item keeps its code: 55000 since 2026-12-05, 23505 before)');

INSERT INTO material (item, code, name) VALUES ('biz', 'form', 'Application form');
SELECT throws_ok($$INSERT INTO material (item, code, name) VALUES ('nope', 'form', 'Form')$$,
                 '23503', NULL, 'a material of an unknown item is refused');
SELECT throws_ok($$INSERT INTO material (item, code, name) VALUES (NULL, 'form', 'Form')$$,
                 '23502', NULL, 'a material belongs to an item');
SELECT throws_ok($$INSERT INTO material (item, code, name) VALUES ('biz', 'form', 'Again')$$,
                 '23505', NULL, 'a material code is unique within its item');
SELECT throws_ok($$INSERT INTO material (item, code, name, applies_to) VALUES ('biz', 'm2', 'M', 'robot')$$,
                 '23514', NULL, 'applies_to is any, person or org');

SELECT throws_ok($$INSERT INTO bundle_item (bundle, item, stage) VALUES ('open_shop', 'biz', 0)$$,
                 '23514', NULL, 'stages count from 1');
SELECT throws_ok($$INSERT INTO bundle_item (bundle, item) VALUES ('open_shop', 'nope')$$,
                 '23503', NULL, 'a bundle member must be an item');

-- applicants: a person carries a resident_id, an org a uscc
SELECT lives_ok($$INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Zhang San')$$,
                'a person with a valid resident_id');
SELECT lives_ok($$INSERT INTO applicant (kind, uscc, name) VALUES ('org', '91110000600037341L', 'Org Ltd')$$,
                'an org with a valid uscc');
SELECT throws_ok($$INSERT INTO applicant (kind, name) VALUES ('person', 'Nobody')$$,
                 '23514', NULL, 'a person without resident_id is refused');
SELECT throws_ok($$INSERT INTO applicant (kind, uscc, name) VALUES ('person', '91350100M000100Y43', 'Mixed')$$,
                 '23514', NULL, 'a person identified by a uscc is refused');
SELECT throws_ok($$INSERT INTO applicant (kind, resident_id, name) VALUES ('org', '11010519491231002X', 'Mixed')$$,
                 '23514', NULL, 'an org identified by a resident_id is refused');
SELECT throws_ok($$INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '110105194912310021', 'Bad digit')$$,
                 '22P02', NULL, 'a resident_id with a wrong check digit is refused');
SELECT throws_ok($$INSERT INTO evidence (applicant, evidence_type) VALUES (-1, 'licence')$$,
                 '23503', NULL, 'evidence of an unknown applicant is refused');

-- pg_dump keeps the catalog and every case table
SELECT ok(ARRAY['item', 'material', 'bundle', 'bundle_item', 'applicant', 'evidence',
                'cases', 'case_material', 'case_event', 'applicant_id_seq', 'cases_id_seq', 'case_event_id_seq']::text[]
          <@ (SELECT array_agg(c.relname::text) FROM pg_extension e, unnest(e.extconfig) x(oid)
                JOIN pg_class c ON c.oid = x.oid WHERE e.extname = 'service_affair'),
          'catalog and case tables and their sequences are marked for pg_dump');

SELECT * FROM finish();
ROLLBACK;
