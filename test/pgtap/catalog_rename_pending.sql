-- A department renamed between a move's proposal and its review (2026-12-07,
-- a review): UPDATE department SET code renames it (its staff, items and
-- bundles follow, ON UPDATE CASCADE), so the changes still to be published
-- follow it too (catalog_change_follow_rename()).  Until that day they kept
-- the former code: a move proposed to the renamed department was asked of
-- reviewers of a code no staff held (42501 for every reviewer), and once a
-- new department took the former code its reviewers approved the move and
-- the item was published into that stranger; a move proposed from it was
-- stale for the rename alone (catalog_implementation_propose.sql).
BEGIN;
SET search_path = service_affair, public;
\ir tongban_fixture.inc
SELECT plan(15);

INSERT INTO department (code, name, region) VALUES ('TB_X6', 'Administrative approval, Ninghai', '330226');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, basic_code, tongban_scope, competence)
VALUES ('tb_biz6x', 'Business change (Ninghai approval bureau)', 'TB_X6', 'promised', 20, 5, NULL, 'none', 'receiving');
INSERT INTO material (item, code, name) VALUES ('tb_biz6x', 'form', 'Form');
CREATE ROLE tb_clerk6x IN ROLE service_affair_clerk;
CREATE ROLE tb_reviewer6x IN ROLE service_affair_reviewer;
CREATE ROLE tb_stranger IN ROLE service_affair_reviewer;
INSERT INTO staff (login, department) VALUES
  ('tb_clerk6x', 'TB_M6'), ('tb_clerk6x', 'TB_X6'), ('tb_reviewer6x', 'TB_M6'), ('tb_reviewer6x', 'TB_X6'),
  ('tb_stranger', 'TB_X6');

-- ---- the department the item moves to renamed --------------------------------------
SELECT pg_temp.val_as('tb_clerk6x', $$SELECT service_affair.propose_catalog_change('{"table": "item", "op": "update", "key": {"code": "tb_biz6x"}, "row": {"department": "TB_M6"}}')$$) AS ch \gset
SET ROLE tb_admin;
UPDATE department SET code = 'TB_M7' WHERE code = 'TB_M6';
-- a new department takes the former code; its reviewer is one of TB_X6 too
INSERT INTO department (code, name, region) VALUES ('TB_M6', 'Another department, Ninghai', '330226');
INSERT INTO staff (login, department) VALUES ('tb_stranger', 'TB_M6');
RESET ROLE;
SELECT is((SELECT ROW(department, row_data->>'department', after_image->>'department', before_image->>'department')::text
             FROM catalog_change WHERE id = :ch),
          ROW('TB_M7', 'TB_M7', 'TB_M7', 'TB_X6')::text,
          'a move proposed to a department since renamed follows the rename (was: TB_M6, the former code)');
SELECT is(pg_temp.state_as('tb_stranger', format('SELECT service_affair.review_catalog_change(%s, true)', :ch)), '42501',
          '... the department that took the former code has no say (was: approved, the item published into it)');
SELECT is(pg_temp.state_as('tb_reviewer6', format('SELECT service_affair.review_catalog_change(%s, true)', :ch)), '42501',
          '... a reviewer of the renamed department alone cannot approve it');
SELECT is(pg_temp.state_as('tb_reviewer6x', format('SELECT service_affair.review_catalog_change(%s, true)', :ch)), '00000',
          '... a reviewer of both, the renamed one under its new code, approves it (was: 42501, the former code asked of every reviewer)');
SELECT is((SELECT department FROM item WHERE code = 'tb_biz6x'), 'TB_M7', '... published into the renamed department');

-- ---- the department the item leaves renamed ---------------------------------------
SELECT pg_temp.val_as('tb_clerk6x', $$SELECT service_affair.propose_catalog_change('{"table": "item", "op": "update", "key": {"code": "tb_biz6x"}, "row": {"department": "TB_X6"}}')$$) AS ch2 \gset
SET ROLE tb_admin;
UPDATE department SET code = 'TB_M8' WHERE code = 'TB_M7';
INSERT INTO department (code, name, region) VALUES ('TB_M7', 'A third department, Ninghai', '330226');
INSERT INTO staff (login, department) VALUES ('tb_stranger', 'TB_M7');
RESET ROLE;
SELECT is((SELECT ROW(department, before_image->>'department', row_data->>'department')::text FROM catalog_change WHERE id = :ch2),
          ROW('TB_X6', 'TB_M8', 'TB_X6')::text,
          'a move proposed from a department since renamed: its before image follows the rename');
SELECT is(pg_temp.state_as('tb_stranger', format('SELECT service_affair.review_catalog_change(%s, true)', :ch2)), '42501',
          '... the department that took the former code has no say');
SELECT is(pg_temp.state_as('tb_reviewer6x', format('SELECT service_affair.review_catalog_change(%s, true)', :ch2)), '00000',
          '... a reviewer of both approves it: the rename alone makes it not stale (was: 55000)');
SELECT is((SELECT department FROM item WHERE code = 'tb_biz6x'), 'TB_X6', '... published');

-- ---- what is published or rejected is history: it keeps its codes -------------------------
SET ROLE tb_admin;
UPDATE department SET code = 'TB_X9' WHERE code = 'TB_X6';
RESET ROLE;
SELECT is((SELECT ROW(department, row_data->>'department')::text FROM catalog_change WHERE id = :ch2),
          ROW('TB_X6', 'TB_X6')::text, 'a published change keeps the codes it was published with');
SELECT is((SELECT department FROM item WHERE code = 'tb_biz6x'), 'TB_X9', '... its item follows the rename, as ever');

-- ---- the checking department (item.check_department) renamed --------------------------
-- item.check_department names a department too (ON UPDATE CASCADE,
-- 55_commitments.sql), and a change of an item may set it: until
-- 2026-12-07 the trigger followed the item's department only, so a change
-- setting it to a department since renamed was published into the former
-- code (a stranger that took it; 23503 when none had), and one moving it
-- from a department since renamed was stale for the rename alone (55000)
SELECT pg_temp.val_as('tb_clerk6x', $$SELECT service_affair.propose_catalog_change('{"table": "item", "op": "update", "key": {"code": "tb_biz6x"}, "row": {"check_department": "TB_M8"}}')$$) AS ch3 \gset
SET ROLE tb_admin;
UPDATE department SET code = 'TB_M10' WHERE code = 'TB_M8';
INSERT INTO department (code, name, region) VALUES ('TB_M8', 'A fourth department, Ninghai', '330226');
RESET ROLE;
SELECT is((SELECT ROW(row_data->>'check_department', after_image->>'check_department')::text FROM catalog_change WHERE id = :ch3),
          ROW('TB_M10', 'TB_M10')::text,
          'a change setting the checking department to one since renamed follows the rename (was: TB_M8, the former code)');
SELECT is(pg_temp.state_as('tb_reviewer6x', format('SELECT service_affair.review_catalog_change(%s, true)', :ch3)), '00000',
          '... approved');
SELECT is((SELECT check_department FROM item WHERE code = 'tb_biz6x'), 'TB_M10',
          '... published into the renamed department (was: TB_M8, the department that took the former code)');
UPDATE item SET check_department = 'TB_M10' WHERE code = 'tb_biz6x';  -- as published on the fixed code
SELECT pg_temp.val_as('tb_clerk6x', $$SELECT service_affair.propose_catalog_change('{"table": "item", "op": "update", "key": {"code": "tb_biz6x"}, "row": {"check_department": null}}')$$) AS ch4 \gset
SET ROLE tb_admin;
UPDATE department SET code = 'TB_M11' WHERE code = 'TB_M10';
RESET ROLE;
SELECT is(pg_temp.state_as('tb_reviewer6x', format('SELECT service_affair.review_catalog_change(%s, true)', :ch4)), '00000',
          'a change from a checking department since renamed: the rename alone makes it not stale (was: 55000)');

SELECT * FROM finish();
ROLLBACK;
