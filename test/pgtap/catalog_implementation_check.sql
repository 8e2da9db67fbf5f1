-- The rule of a row of item_implementation on every path (2026-12-07, a
-- review): the item it names has the row's basic code and a department in
-- the row's region (implementation_mismatch(), 34_network.sql).  Until
-- that day only propose_catalog_change() (22023) and the publication
-- (55000) asked: an administrator's direct INSERT or UPDATE naming an item
-- of another code or another region's department was taken, and so was a
-- later change of the item (its basic code, its move to another region's
-- department) or of its department's region; every case of the code in the
-- region was then refused at submission, 23503 "no competent office".
-- Now a direct write is refused 22023 (23503 for an unknown item, named
-- printable), and the item's or department's write 55000.
BEGIN;
SET search_path = service_affair, public;
\ir tongban_fixture.inc
SELECT plan(25);

-- ---- a direct write of the row -----------------------------------------------------
SET ROLE tb_admin;
SELECT throws_ok($$INSERT INTO service_affair.item_implementation VALUES ('BC_RES', '330206', 'tb_res5')$$,
                 '22023', 'item does not implement the basic code in the region',
                 'a direct INSERT naming a department of another region: 22023 (was: taken)');
SELECT throws_ok($$UPDATE service_affair.item_implementation SET item = 'tb_res6' WHERE basic_code = 'BC_BIZ' AND region = '330226'$$,
                 '22023', 'item does not implement the basic code in the region',
                 'a direct UPDATE naming an item of another basic code: 22023 (was: taken)');
SELECT throws_ok($$UPDATE service_affair.item_implementation SET item = 'tb_biz5' WHERE basic_code = 'BC_BIZ' AND region = '330226'$$,
                 '22023', 'item does not implement the basic code in the region',
                 '... or of the code, of another region: 22023 (was: taken)');
SELECT throws_ok($$UPDATE service_affair.item_implementation SET region = '330206' WHERE basic_code = 'BC_NAT' AND region = '330225'$$,
                 '22023', 'item does not implement the basic code in the region',
                 '... or moving the row''s key to another region: 22023 (was: taken)');
RESET ROLE;
SELECT is(pg_temp.detail_as('tb_admin', $$UPDATE service_affair.item_implementation SET item = 'tb_res6' WHERE basic_code = 'BC_BIZ' AND region = '330226'$$),
          'Item ''tb_res6'' has basic code BC_RES and lies in region 330226; a row of item_implementation names it for basic code BC_BIZ in region 330226.',
          '... the detail names the item, its code and region, and the row''s');
SELECT is(pg_temp.detail_as('tb_admin', $$SELECT service_affair.propose_catalog_change('{"table": "item_implementation", "op": "update", "key": {"basic_code": "BC_BIZ", "region": "330226"}, "row": {"item": "tb_res6"}}')$$),
          'Item ''tb_res6'' has basic code BC_RES and lies in region 330226; a row of item_implementation names it for basic code BC_BIZ in region 330226.',
          '... the proposal of the same row says the same (one rule, one detail)');
SET ROLE tb_admin;
SELECT throws_ok($$INSERT INTO service_affair.item_implementation VALUES ('BC_RES', '330206', E'tb\u0085\u202Enone\x01')$$,
                 '23503', 'unknown item', 'a direct INSERT naming an unknown item: 23503');
RESET ROLE;
SELECT is(pg_temp.detail_as('tb_admin', $$INSERT INTO service_affair.item_implementation VALUES ('BC_RES', '330206', E'tb\u0085\u202Enone\x01')$$),
          'No item has code ''tb??none?''; a row of item_implementation names it for basic code BC_RES in region 330206.',
          '... its control characters echoed as ? (was: the foreign key''s detail, the value as typed)');
SELECT is(ARRAY(SELECT basic_code || ':' || region || ':' || item FROM item_implementation ORDER BY 1),
          ARRAY['BC_BIZ:330225:tb_biz5', 'BC_BIZ:330226:tb_biz6', 'BC_NAT:330225:tb_nat5', 'BC_PROP:330225:tb_prop5',
                'BC_RES:330225:tb_res5', 'BC_RES:330226:tb_res6'],
          '... nothing written');
-- an item of the code in the region: taken
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, basic_code, tongban_scope, competence)
VALUES ('tb_res0', 'Residence certificate (Beilun)', 'TB_M0', 'promised', 20, 3, 'BC_RES', 'county', 'residence');
SET ROLE tb_admin;
SELECT lives_ok($$INSERT INTO service_affair.item_implementation VALUES ('BC_RES', '330206', 'tb_res0')$$,
                'a direct INSERT naming an item of the code whose department lies in the region: taken');
RESET ROLE;

-- ---- the item's and department's writes: the other side of the rule ------------------
SET ROLE tb_admin;
SELECT throws_ok($$UPDATE service_affair.item SET basic_code = 'BC_BIZ_NH' WHERE code = 'tb_biz6'$$,
                 '55000', 'item ''tb_biz6'' is an item rows of item_implementation name',
                 'an item''s basic code changed while a row names it: 55000 (was: taken, its cases refused at submission)');
SELECT throws_ok($$UPDATE service_affair.item SET department = 'TB_M0' WHERE code = 'tb_nat5'$$,
                 '55000', 'item ''tb_nat5'' is an item rows of item_implementation name',
                 'an item moved to a department of another region while a row names it: 55000 (was: taken)');
SELECT throws_ok($$UPDATE service_affair.department SET region = '330203' WHERE code = 'TB_M0'$$,
                 '55000', 'department ''TB_M0'' has items rows of item_implementation name',
                 'a department''s region changed while a row names its item: 55000 (was: taken)');
RESET ROLE;
SELECT is(pg_temp.detail_as('tb_admin', $$UPDATE service_affair.item SET department = 'TB_M0' WHERE code = 'tb_nat5'$$),
          'Item ''tb_nat5'' has basic code BC_NAT and lies in region 330206; a row of item_implementation names it for basic code BC_NAT in region 330225. Rows of item_implementation (basic code in region): BC_NAT in 330225.',
          '... the detail names the item as it would be and the rows');
-- what keeps the rule passes: a move within the region, a department
-- renamed (its items follow, ON UPDATE CASCADE), a row moved first
INSERT INTO department (code, name, region) VALUES ('TB_N6', 'Natural resources, Ninghai', '330226');
SET ROLE tb_admin;
SELECT lives_ok($$UPDATE service_affair.item SET department = 'TB_N6' WHERE code = 'tb_res6'$$,
                'an item moved to another department of the same region: taken');
SELECT lives_ok($$UPDATE service_affair.department SET code = 'TB_N7' WHERE code = 'TB_N6'$$,
                'its department renamed: taken');
SELECT lives_ok($$UPDATE service_affair.department SET region = '330226', name = 'Natural resources, Ninghai county' WHERE code = 'TB_N7'$$,
                'a department''s region written unchanged: taken');
RESET ROLE;
SELECT is((SELECT m.item || ':' || i.department FROM item_implementation m JOIN item i ON i.code = m.item
            WHERE m.basic_code = 'BC_RES' AND m.region = '330226'), 'tb_res6:TB_N7',
          '... the row names the item of the renamed department');
SET ROLE tb_admin;
DELETE FROM service_affair.item_implementation WHERE basic_code = 'BC_RES' AND region = '330206';
SELECT lives_ok($$UPDATE service_affair.department SET region = '330203' WHERE code = 'TB_M0'$$,
                'a department''s region changed once no row names its items: taken');
RESET ROLE;

-- ---- the reviewed path: the item changed through a proposal ---------------------------
SELECT is(pg_temp.state_as('tb_clerk6', $$SELECT service_affair.propose_catalog_change('{"table": "item", "op": "update", "key": {"code": "tb_biz6"}, "row": {"basic_code": "BC_BIZ_NH"}}')$$),
          '55000', 'a proposal changing the basic code of an item a row names: 55000 at the proposal (its dry run; was: proposed)');
-- a row proposed for an item no row names yet, whose basic code then
-- changes (taken: no row names it): the publication refuses it, 55000
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, basic_code, tongban_scope, competence)
VALUES ('tb_prop6', 'Property registration (Ninghai)', 'TB_M6', 'promised', 20, 5, 'BC_PROP', 'province', 'property');
SELECT pg_temp.val_as('tb_clerk6', $$SELECT service_affair.propose_catalog_change('{"table": "item_implementation", "op": "insert", "key": {"basic_code": "BC_PROP", "region": "330226"}, "row": {"item": "tb_prop6"}}')$$) AS ch_prop \gset
SET ROLE tb_admin;
UPDATE item SET basic_code = 'BC_PROP_NH' WHERE code = 'tb_prop6';
RESET ROLE;
SELECT is(pg_temp.state_as('tb_reviewer6', format('SELECT service_affair.review_catalog_change(%s, true)', :ch_prop)), '55000',
          'a proposed row whose item changed since: 55000 at the publication');
SELECT is(pg_temp.detail_as('tb_reviewer6', format('SELECT service_affair.review_catalog_change(%s, true)', :ch_prop)),
          format('Since change %s was proposed, the item it names no longer implements the basic code in the region (its basic code or its department''s region changed): Item ''tb_prop6'' has basic code BC_PROP_NH and lies in region 330226; a row of item_implementation names it for basic code BC_PROP in region 330226.', :ch_prop),
          '... the detail from the same rule');
SELECT is((SELECT count(*)::int FROM item_implementation WHERE basic_code = 'BC_PROP' AND region = '330226'), 0, '... nothing written');

-- ---- a restore: the rows come back as dumped -----------------------------------------
-- a database holding a row the rule refuses (written before 2026-12-07,
-- or with the trigger off): its dump restores (restoring(): a superuser
-- with pg_dump's search_path '' and check_function_bodies off), not only
-- the rows before it; anybody else's write with those settings is checked
CREATE TEMP TABLE restore_try (who text, state text);
GRANT ALL ON restore_try TO PUBLIC;
SET LOCAL search_path = '';
SET LOCAL check_function_bodies = off;
DO $$BEGIN
    INSERT INTO service_affair.item_implementation VALUES ('BC_RES', '330203', 'tb_res6');
    INSERT INTO pg_temp.restore_try VALUES ('superuser', 'ok');
EXCEPTION WHEN OTHERS THEN
    INSERT INTO pg_temp.restore_try VALUES ('superuser', SQLSTATE);
END$$;
SET ROLE tb_admin;
DO $$BEGIN
    INSERT INTO service_affair.item_implementation VALUES ('BC_RES', '330204', 'tb_res6');
    INSERT INTO pg_temp.restore_try VALUES ('admin', 'ok');
EXCEPTION WHEN OTHERS THEN
    INSERT INTO pg_temp.restore_try VALUES ('admin', SQLSTATE);
END$$;
RESET ROLE;
RESET check_function_bodies;
SET LOCAL search_path = service_affair, public;
SELECT is((SELECT state FROM restore_try WHERE who = 'superuser'), 'ok',
          'a restore of a row the rule refuses: taken as dumped (was: 22023, the COPY of the table lost)');
SELECT is((SELECT state FROM restore_try WHERE who = 'admin'), '22023',
          '... an administrator''s write with pg_dump''s settings: 22023');

SELECT * FROM finish();
ROLLBACK;
