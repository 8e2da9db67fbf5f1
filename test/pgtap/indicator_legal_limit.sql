-- item.legal_limit NULL means one thing: the item has no legal limit (not an
-- administrative licence, no law sets one).  Its cases run on a clock of 20
-- working days (item_legal_days(), the period of 行政许可法 Art 42 as the
-- bound of the clock) and stay out of 时限缩短比例; an administrative licence
-- always states its limit (its law's, else Art 42's 20).  Until 2026-12-05
-- the catalog's comment read NULL as "the default of 20" and the indicators
-- as "none", and a licence stored with NULL (its 20 days meant) fell out of
-- 时限缩短比例 (a review).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(9);
INSERT INTO department (code, name, region) VALUES ('QL', 'Limit dept', '330201');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online, item_type) VALUES
  ('il_lic', 'A licence', 'QL', 'promised', 15, 5, 1, false, 'licence'),
  ('il_conf', 'A confirmation', 'QL', 'promised', NULL, 5, 1, false, 'confirmation');
INSERT INTO material (item, code, name, required) VALUES ('il_lic', 'forml', 'Form L', true), ('il_conf', 'forml', 'Form L', true);

SELECT throws_ok($$INSERT INTO service_affair.item (code, name, department, kind, legal_limit, promised_limit, item_type)
                   VALUES ('il_lic2', 'Another licence', 'QL', 'promised', NULL, 5, 'licence')$$,
  '23514', NULL, 'a licence without a legal limit is refused: Art 42 gives it 20, entered as 20');
SELECT throws_ok($$UPDATE service_affair.item SET legal_limit = NULL WHERE code = 'il_lic'$$,
  '23514', NULL, 'a licence''s legal limit is not taken away');
SELECT throws_ok($$UPDATE service_affair.item SET item_type = 'licence' WHERE code = 'il_conf'$$,
  '23514', NULL, 'an item without a legal limit is not made a licence');
SELECT lives_ok($$INSERT INTO service_affair.item (code, name, department, kind, legal_limit, promised_limit, item_type)
                  VALUES ('il_lic3', 'A licence of Art 42', 'QL', 'promised', 20, 5, 'licence')$$,
  'a licence of the default period states 20');

INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Limit Person');
SELECT id AS p FROM applicant WHERE name = 'Limit Person' \gset
SELECT submit('il_lic', :p, '{forml}', 'window', '{}', '2026-07-01 09:00+08') AS c1 \gset
SELECT submit('il_conf', :p, '{forml}', 'window', '{}', '2026-07-01 10:00+08') AS c2 \gset
SELECT results_eq(format($$SELECT legal_limit, has_legal_limit FROM cases WHERE id IN (%s, %s) ORDER BY id$$, :c1, :c2),
  $$VALUES (15, true), (20, false)$$, 'the item without a legal limit: a clock of 20 days, no legal limit');
SELECT results_eq($$SELECT legal_days, has_legal_limit FROM service_info('il_conf')$$,
  $$VALUES (20, false)$$, 'service_info() says the same');
SELECT results_eq($$SELECT no_legal_limit, time_compression FROM efficiency_department WHERE department = 'QL'$$,
  $$VALUES (1::bigint, 1 - 5 / 15::numeric)$$, '时限缩短比例 counts the licence only; the other is in no_legal_limit');
SELECT is((SELECT has_legal_limit FROM service_promise WHERE service = 'il_conf'), false, 'service_promise agrees');
SELECT ok(col_description('service_affair.item'::regclass,
                          (SELECT attnum FROM pg_attribute WHERE attrelid = 'service_affair.item'::regclass AND attname = 'legal_limit'))
          NOT LIKE '%default of 20%', 'the catalog''s comment no longer calls NULL the default of 20');
SELECT * FROM finish();
ROLLBACK;
