-- Time limits in the catalog are bounded, and a promise never exceeds the
-- legal limit.  Until 2026-12-03 an item without a legal limit (NULL: the
-- default 20) could promise 21 days or more (the CHECK passed on NULL), any
-- limit up to 2^31 was taken and every submission of the item then failed
-- with 22008, and a bundle promising more than the legal limits of its
-- items was promised whole (time_compression went to -49).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(21);
\ir intake_fixture.inc
-- the constraint an error names (its SQLSTATE when it names none; NULL when
-- the statement raises nothing)
CREATE FUNCTION pg_temp.constraint_of(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE c text; st text;
BEGIN
  EXECUTE q;
  RETURN NULL;
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS c = CONSTRAINT_NAME, st = RETURNED_SQLSTATE;
  RETURN COALESCE(NULLIF(c, ''), st);
END $$;

-- items: the promise within the legal limit, NULL counting as 20
SELECT lives_ok($$INSERT INTO item (code, name, department, kind, legal_limit, promised_limit) VALUES ('cl_20', 'Default legal, promise 20', 'IT_MKT', 'promised', NULL, 20)$$,
  'a promise of 20 days under the default legal limit is taken');
SELECT throws_ok($$INSERT INTO item (code, name, department, kind, legal_limit, promised_limit) VALUES ('cl_21', 'Default legal, promise 21', 'IT_MKT', 'promised', NULL, 21)$$,
  '23514', NULL, 'a promise of 21 days under the default legal limit (20): 23514');
SELECT is(pg_temp.constraint_of($$INSERT INTO item (code, name, department, kind, legal_limit, promised_limit) VALUES ('cl_21', 'x', 'IT_MKT', 'promised', NULL, 21)$$),
  'item_promised_within_legal', '... named item_promised_within_legal');
SELECT throws_ok($$UPDATE item SET promised_limit = 25 WHERE code = 'it_bare'$$, '23514', NULL,
  'an update of an item without legal limit to a promise of 25: 23514');
SELECT lives_ok($$INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, extension_limit, tolerance_days) VALUES ('cl_365', 'Longest', 'IT_MKT', 'promised', 365, 365, 365, 365)$$,
  '365 working days are taken for every limit');
-- the bound
SELECT is(pg_temp.constraint_of(format($$INSERT INTO item (code, name, department, kind, legal_limit, promised_limit) VALUES ('cl_big', 'x', 'IT_MKT', 'promised', %s, NULL)$$, v)),
  'item_limits_bounded', format('legal_limit %s: 23514 item_limits_bounded', v))
  FROM unnest(ARRAY[366, 2147483647]) v;
SELECT is(pg_temp.constraint_of($$INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, extension_limit) VALUES ('cl_ext', 'x', 'IT_MKT', 'promised', 20, 5, 2147483647)$$),
  'item_limits_bounded', 'extension_limit 2^31-1: 23514 item_limits_bounded');
SELECT is(pg_temp.constraint_of($$INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, tolerance_days) VALUES ('cl_tol', 'x', 'IT_MKT', 'promised', 20, 5, 366)$$),
  'item_limits_bounded', 'tolerance_days 366: 23514 item_limits_bounded');
SELECT is(pg_temp.constraint_of($$UPDATE item SET legal_limit = 2147483647, promised_limit = 2147483647 WHERE code = 'it_biz'$$),
  'item_limits_bounded', 'an update to limits of 2^31-1: 23514 item_limits_bounded');
SELECT is((SELECT ROW(legal_limit, promised_limit)::text FROM item WHERE code = 'it_biz'), '(20,5)', 'the refused update changed nothing');
-- what a promised 365 gives at submission: a due date, no error
SELECT submit('cl_365', :good, '{}', 'window', '{}', '2026-11-18 10:00+08') AS long \gset
SELECT is((SELECT due FROM cases WHERE id = :long),
  add_workdays('2026-11-18', 365), 'an item promising 365 working days is submitted, due 365 working days later');

-- bundles: bounded, and promised at most their legal limit
SELECT is(pg_temp.constraint_of($$INSERT INTO bundle (code, name, lead_department, promised_limit) VALUES ('cl_bb', 'x', 'IT_MKT', 366)$$),
  'bundle_promised_bounded', 'a bundle promising 366 days: 23514 bundle_promised_bounded');
SELECT is(pg_temp.constraint_of($$UPDATE bundle SET promised_limit = 2147483647 WHERE code = 'it_par'$$),
  'bundle_promised_bounded', 'an update of a bundle to 2^31-1 days: 23514 bundle_promised_bounded');
-- it_par: it_biz and it_food in one stage, legal limits 20 and 20: legal 20
UPDATE bundle SET promised_limit = 30 WHERE code = 'it_par';
SELECT submit('it_par', :good, '{form, lease, health}', 'online', '{pledge}', '2026-11-18 10:00+08') AS par \gset
SELECT is((SELECT ROW(promised_limit, legal_limit, due)::text FROM cases WHERE id = :par),
          ROW(20, 20, add_workdays('2026-11-18', 20))::text,
  'a bundle promising 30 days over a legal limit of 20 is promised 20: the promise binds only when shorter');
SELECT is((SELECT time_compression FROM efficiency WHERE service = 'it_par'), 0::numeric,
  'its time compression is 0, not negative');
SELECT is((SELECT promised_limit FROM public_bundle_list WHERE code = 'it_par'), 20,
  'the public list shows the promise its cases get (20), not the 30 set');
SELECT is((SELECT promised_limit FROM public_bundle_list WHERE code = 'it_shop'), NULL::integer,
  'a bundle without its own limit still shows NULL (the sum of its stages)');
INSERT INTO bundle (code, name, lead_department, promised_limit) VALUES ('cl_empty', 'Being set up', 'IT_MKT', 7);
SELECT is((SELECT promised_limit FROM public_bundle_list WHERE code = 'cl_empty'), 7,
  'a bundle with no item yet shows its own limit (no legal days to bound it), not 0');
UPDATE bundle SET promised_limit = 7 WHERE code = 'it_par';
SELECT submit('it_par', :good, '{form, lease, health}', 'online', '{pledge}', '2026-11-18 11:00+08') AS par7 \gset
SELECT is((SELECT promised_limit FROM cases WHERE id = :par7), 7, 'a shorter promise of the bundle still binds');
-- the catalog's checks hold for the proposals of the catalog ledger too
SELECT throws_ok($$SELECT service_affair.propose_catalog_change('{"table": "item", "op": "update", "key": {"code": "it_bare"}, "row": {"promised_limit": "30"}}')$$,
  '23514', NULL, 'a proposed change of the catalog to a promise of 30 under the default legal limit: 23514 at the proposal');

SELECT * FROM finish();
ROLLBACK;
