-- Every write path of item_implementation is a catalog version, chained
-- and verified (a review of 2026-12-07, after 5cd3c1e3): INSERT ... ON
-- CONFLICT (DO UPDATE, DO NOTHING), COPY, an UPDATE of the key columns
-- and of the item, an item deleted; and the department that reviews it
-- when the item itself moves in the same transaction.
BEGIN;
SET search_path = service_affair, public;
\ir tongban_fixture.inc
SELECT plan(13);

-- The rows below (and the items they name) are written with the rule of
-- a row off (a superuser's ALTER TABLE ... DISABLE TRIGGER): this file
-- tests the versions of every write path, not that rule, which the writes refuse
-- since 2026-12-07 (implementation_check(), catalog_implementation_check.sql).
ALTER TABLE item_implementation DISABLE TRIGGER item_implementation_check;
ALTER TABLE item DISABLE TRIGGER item_implementation_item;

SELECT max(id) AS v0 FROM catalog_version \gset

-- ON CONFLICT DO UPDATE: an update of the row, with both images
INSERT INTO item_implementation VALUES ('BC_BIZ', '330226', 'tb_biz5')
    ON CONFLICT (basic_code, region) DO UPDATE SET item = EXCLUDED.item;
SELECT is((SELECT ROW(op, before_image->>'item', after_image->>'item')::text FROM catalog_version
            WHERE tbl = 'item_implementation' AND id > :v0 ORDER BY id),
          ROW('update', 'tb_biz6', 'tb_biz5')::text, 'INSERT ... ON CONFLICT DO UPDATE: an update version');
-- ON CONFLICT DO NOTHING, and DO UPDATE to the same row: nothing written, no version
INSERT INTO item_implementation VALUES ('BC_BIZ', '330226', 'tb_biz6') ON CONFLICT DO NOTHING;
INSERT INTO item_implementation VALUES ('BC_BIZ', '330226', 'tb_biz5')
    ON CONFLICT (basic_code, region) DO UPDATE SET item = EXCLUDED.item;
SELECT is((SELECT count(*)::int FROM catalog_version WHERE tbl = 'item_implementation' AND id > :v0), 1,
          '... DO NOTHING, or an update to the same row: no version');

-- COPY: each row a version
COPY item_implementation (basic_code, region, item) FROM STDIN;
BC_RES	330206	tb_res5
BC_PROP	330226	tb_prop5
\.
SELECT is((SELECT count(*)::int FROM catalog_version WHERE tbl = 'item_implementation' AND op = 'insert' AND id > :v0), 2,
          'COPY: an insert version per row');

-- the key changed by an UPDATE: the old row goes, the new comes
UPDATE item_implementation SET region = '330206', item = 'tb_biz5' WHERE basic_code = 'BC_BIZ' AND region = '330225';
SELECT is(ARRAY(SELECT op || ':' || (key->>'region') || ':' || item FROM catalog_version
                 WHERE tbl = 'item_implementation' ORDER BY id DESC LIMIT 2),
          ARRAY['insert:330206:tb_biz5', 'delete:330225:tb_biz5'], 'an UPDATE of the key: a delete and an insert');
SELECT is((SELECT image->>'item' FROM catalog_rows_as_of('item_implementation', now())
            WHERE key = '{"basic_code": "BC_BIZ", "region": "330206"}'), 'tb_biz5',
          '... and the rows as of now read it');
SELECT is((SELECT count(*)::int FROM catalog_rows_as_of('item_implementation', now())),
          (SELECT count(*)::int FROM item_implementation), '... as many rows as the table');

-- several rows in one statement
UPDATE item_implementation SET item = 'tb_res6' WHERE basic_code = 'BC_RES' AND region = '330226';
UPDATE item_implementation SET region = CASE region WHEN '330206' THEN '330203' ELSE region END WHERE basic_code = 'BC_RES';
SELECT is((SELECT count(*)::int FROM catalog_version WHERE tbl = 'item_implementation' AND key->>'region' = '330203'), 1,
          'a multi-row UPDATE: a version for the row it changes, none for the others');

-- an item deleted: its rows with it
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, basic_code)
VALUES ('tb_gone0', 'Gone (Beilun)', 'TB_M0', 'promised', 20, 5, 'BC_GONE0');
INSERT INTO item_implementation VALUES ('BC_GONE0', '330206', 'tb_gone0'), ('BC_GONE0', '330203', 'tb_gone0');
DELETE FROM item WHERE code = 'tb_gone0';
SELECT is((SELECT count(*)::int FROM catalog_version WHERE tbl = 'item_implementation' AND op = 'delete' AND item = 'tb_gone0'), 2,
          'an item deleted: each of its rows a delete version');
SELECT results_eq($$SELECT ok, first_bad_seq FROM verify_catalog_log()$$, $$VALUES (true, NULL::bigint)$$,
                  'verify_catalog_log: the chain and every version match after each path');

-- the item moved to another department in the same transaction, after
-- the row names it: the row is reviewed by the department it was written
-- for; before: by the one the item is in
CREATE ROLE tb_reviewer5p IN ROLE service_affair_reviewer;
INSERT INTO staff (login, department) VALUES ('tb_reviewer5p', 'TB_M5');
UPDATE item_implementation SET item = 'tb_nat5' WHERE basic_code = 'BC_NAT' AND region = '330225';
INSERT INTO item_implementation VALUES ('BC_NAT', '330226', 'tb_nat5');
SELECT max(id) AS v_before FROM catalog_version WHERE tbl = 'item_implementation' \gset
UPDATE item SET department = 'TB_M0' WHERE code = 'tb_nat5';
INSERT INTO item_implementation VALUES ('BC_NAT', '330203', 'tb_nat5');
SELECT max(id) AS v_after FROM catalog_version WHERE tbl = 'item_implementation' \gset
SELECT is(pg_temp.state_as('tb_reviewer0', format('SELECT service_affair.review_catalog_version(%s)', :v_before)), '42501',
          'a row written before its item moved: not the new department''s');
SELECT is(pg_temp.state_as('tb_reviewer5p', format('SELECT service_affair.review_catalog_version(%s)', :v_before)), '00000',
          '... but the department it was written for');
SELECT is(pg_temp.state_as('tb_reviewer5p', format('SELECT service_affair.review_catalog_version(%s)', :v_after)), '42501',
          'a row written after its item moved: not the old department''s');
SELECT is(pg_temp.state_as('tb_reviewer0', format('SELECT service_affair.review_catalog_version(%s)', :v_after)), '00000',
          '... but the new one''s');

SELECT * FROM finish();
ROLLBACK;
