-- The item an item_implementation row names handles a case only when it
-- implements the basic code in that region: of the same basic code, of a
-- department of that region (doc/tongban.md, "Competence at submission").
-- The rows are written apart from the items, whose code and department,
-- and the departments' regions, may change after.  Until 2026-12-07
-- whatever item the row named handled the case: a Ninghai company's
-- business change was filed as Xiangshan's residence certificate, competent
-- region 330226, handling department one of 330225 (a review).
BEGIN;
SET search_path = service_affair, public;
\ir tongban_fixture.inc
SELECT plan(8);

-- The rows below (and the items they name) are written with the rule of
-- a row off (a superuser's ALTER TABLE ... DISABLE TRIGGER): this file
-- tests the defence at submission, not that rule, which the writes refuse
-- since 2026-12-07 (implementation_check(), catalog_implementation_check.sql).
ALTER TABLE item_implementation DISABLE TRIGGER item_implementation_check;
ALTER TABLE item DISABLE TRIGGER item_implementation_item;

SELECT count(*) AS n0 FROM cases \gset
-- a row naming an item of another basic code (and another region)
UPDATE item_implementation SET item = 'tb_res5' WHERE basic_code = 'BC_BIZ' AND region = '330226';
SELECT is(pg_temp.state_as('tb_clerk5', $$SELECT submit('tb_biz5', '91350100M000100Y43', '{form}', 'window', '{}', '2026-11-18 10:00+08')$$),
          '23503', 'an implementation row naming an item of another basic code: 23503');
SELECT is(pg_temp.detail_as('tb_clerk5', $$SELECT submit('tb_biz5', '91350100M000100Y43', '{form}', 'window', '{}', '2026-11-18 10:00+08')$$),
          'Item tb_res5, which item_implementation names for basic code BC_BIZ (item tb_biz5) in region 330226, has basic code BC_RES and lies in region 330225: it does not implement the code there.',
          '... the detail naming the row''s item, its code and region');
SELECT is((SELECT count(*) FROM cases), :n0::bigint, '... and no case is written');

-- the implementing item's basic code changed after the row was written
UPDATE item_implementation SET item = 'tb_biz6' WHERE basic_code = 'BC_BIZ' AND region = '330226';
UPDATE item SET basic_code = 'BC_BIZ_NH' WHERE code = 'tb_biz6';
SELECT is(pg_temp.state_as('tb_clerk5', $$SELECT submit('tb_biz5', '91350100M000100Y43', '{form}', 'window', '{}', '2026-11-18 10:00+08')$$),
          '23503', 'the named item''s basic code changed since: 23503');
UPDATE item SET basic_code = 'BC_BIZ' WHERE code = 'tb_biz6';

-- a row naming an item of the code whose department lies in another region
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, basic_code, tongban_scope, competence)
VALUES ('tb_biz5b', 'Business change (Xiangshan, second)', 'TB_M5', 'promised', 20, 5, 'BC_BIZ', 'city', 'company');
INSERT INTO material (item, code, name) VALUES ('tb_biz5b', 'form', 'Form');
UPDATE item_implementation SET item = 'tb_biz5b' WHERE basic_code = 'BC_BIZ' AND region = '330226';
SELECT is(pg_temp.state_as('tb_clerk5', $$SELECT submit('tb_biz5', '91350100M000100Y43', '{form}', 'window', '{}', '2026-11-18 10:00+08')$$),
          '23503', 'an implementation row naming an item of a department of another region: 23503');
SELECT is(pg_temp.detail_as('tb_clerk5', $$SELECT submit('tb_biz5', '91350100M000100Y43', '{form}', 'window', '{}', '2026-11-18 10:00+08')$$),
          'Item tb_biz5b, which item_implementation names for basic code BC_BIZ (item tb_biz5) in region 330226, has basic code BC_BIZ and lies in region 330225: it does not implement the code there.',
          '... the detail naming its region');

-- control: the row as it should be
UPDATE item_implementation SET item = 'tb_biz6' WHERE basic_code = 'BC_BIZ' AND region = '330226';
SELECT pg_temp.sub('tb_clerk5', 'tb_biz5', '91350100M000100Y43', 'window', 'T5') AS ok1 \gset
SELECT is((SELECT ROW(service, handling_department, competent_region)::text FROM cases WHERE id = :ok1),
          ROW('tb_biz6', 'TB_M6', '330226')::text, 'a consistent row: the Ninghai item handles it');
SELECT is((SELECT count(*) FROM cases), :n0::bigint + 1, 'one case written in all');

SELECT * FROM finish();
ROLLBACK;
