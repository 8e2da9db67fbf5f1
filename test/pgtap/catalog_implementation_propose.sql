-- item_implementation on the reviewed path, and the moves between
-- departments (2026-12-07, a review).
-- 1. propose_catalog_change() refused the table (22023): the row that
--    hands a region's cases of a basic code to a department could only be
--    written directly and reviewed after the fact.  Now it is proposed and
--    reviewed as the other tables: a row moved to another department's
--    item concerns both (proposer and reviewer of both).
-- 2. An item moved to another department by a direct UPDATE was reviewed
--    after the fact by the new department alone: the one it leaves is
--    asked too, as for an item_implementation row moved.
-- 3. A key moved into another row's place within one statement was
--    refused as a forged version (42501): now 55000, the detail naming
--    the keys.
-- 4. An open case stays with the department that accepted it when its
--    implementation row moves to another department's item: its clerks
--    still see it, its reviewers still have the task; new cases go to the
--    new department (doc/access.md: a case's department and region decide).
BEGIN;
SET search_path = service_affair, public;
\ir tongban_fixture.inc
SELECT plan(45);

-- a second Ninghai department implementing the business change
INSERT INTO department (code, name, region) VALUES ('TB_X6', 'Administrative approval, Ninghai', '330226');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, basic_code, tongban_scope, competence)
VALUES ('tb_biz6x', 'Business change (Ninghai approval bureau)', 'TB_X6', 'promised', 20, 5, 'BC_BIZ', 'city', 'company');
-- (and two items of that department for new basic codes; 2026-12-07, a second read)
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, basic_code, tongban_scope, competence) VALUES
  ('tb_new6x', 'New service (Ninghai approval bureau)', 'TB_X6', 'promised', 20, 5, 'BC_NEW', 'city', 'company'),
  ('tb_two6x', 'Second new service (Ninghai approval bureau)', 'TB_X6', 'promised', 20, 5, 'BC_TWO', 'city', 'company');
INSERT INTO material (item, code, name) VALUES ('tb_biz6x', 'form', 'Form'), ('tb_new6x', 'form', 'Form'), ('tb_two6x', 'form', 'Form');
CREATE ROLE tb_clerkx IN ROLE service_affair_clerk;
CREATE ROLE tb_clerk6x IN ROLE service_affair_clerk;
CREATE ROLE tb_reviewerx IN ROLE service_affair_reviewer;
CREATE ROLE tb_reviewer6x IN ROLE service_affair_reviewer;
INSERT INTO staff (login, department) VALUES
  ('tb_clerkx', 'TB_X6'), ('tb_clerk6x', 'TB_M6'), ('tb_clerk6x', 'TB_X6'),
  ('tb_reviewerx', 'TB_X6'), ('tb_reviewer6x', 'TB_M6'), ('tb_reviewer6x', 'TB_X6');

-- ---- 2. an item moved by a direct UPDATE: both departments review -----------------
SET ROLE tb_admin;
UPDATE item SET department = 'TB_X6' WHERE code = 'tb_res6';
RESET ROLE;
SELECT id AS v_itemmove FROM catalog_version WHERE tbl = 'item' AND item = 'tb_res6' ORDER BY id DESC LIMIT 1 \gset
SELECT is(pg_temp.state_as('tb_reviewerx', format('SELECT service_affair.review_catalog_version(%s)', :v_itemmove)), '42501',
          'an item moved by a direct UPDATE: a reviewer of the new department alone cannot review it (was: reviewed)');
SELECT is(pg_temp.state_as('tb_reviewer6', format('SELECT service_affair.review_catalog_version(%s)', :v_itemmove)), '42501',
          '... nor one of the department it leaves alone');
SELECT is(pg_temp.state_as('tb_reviewer6x', format('SELECT service_affair.review_catalog_version(%s)', :v_itemmove)), '00000',
          '... a reviewer of both does');
-- a department renamed (UPDATE department SET code: its items and bundles
-- follow, ON UPDATE CASCADE) moves nothing: its reviewer clears the
-- versions, the former code no longer a department (as
-- catalog_regression_kinds() reads it; 2026-12-07, a second read: on the
-- merged code of the move rule every reviewer got 42501, the department
-- "left" being a code no staff holds any more)
SAVEPOINT renamed;
INSERT INTO bundle (code, name, lead_department) VALUES ('tbx', 'Bundle (Ninghai approval bureau)', 'TB_X6');
SELECT pg_temp.val_as('tb_clerk6x', $$SELECT service_affair.propose_catalog_change('{"table": "item", "op": "update", "key": {"code": "tb_biz6x"}, "row": {"department": "TB_M6"}}')$$) AS ch_rename \gset
SET ROLE tb_admin;
UPDATE department SET code = 'TB_X7' WHERE code = 'TB_X6';
RESET ROLE;
SELECT id AS v_renamed FROM catalog_version WHERE tbl = 'item' AND item = 'tb_biz6x' ORDER BY id DESC LIMIT 1 \gset
SELECT id AS v_renamedb FROM catalog_version WHERE tbl = 'bundle' AND bundle = 'tbx' ORDER BY id DESC LIMIT 1 \gset
SELECT is((SELECT ROW(before_image->>'department', after_image->>'department')::text FROM catalog_version WHERE id = :v_renamed),
          ROW('TB_X6', 'TB_X7')::text, 'a department renamed: its item''s version, TB_X6 to TB_X7');
SELECT is(pg_temp.state_as('tb_reviewerx', format('SELECT service_affair.review_catalog_version(%s)', :v_renamed)), '00000',
          '... its reviewer clears it (was: 42501)');
SELECT is(pg_temp.state_as('tb_reviewerx', format('SELECT service_affair.review_catalog_version(%s)', :v_renamedb)), '00000',
          '... and its bundle''s (was: 42501)');
SELECT is(pg_temp.state_as('tb_reviewer6', format('SELECT service_affair.review_catalog_change(%s, true)', :ch_rename)), '42501',
          'an item''s move proposed before its department was renamed: a reviewer of the receiving department alone cannot approve it');
SELECT is(pg_temp.state_as('tb_reviewer6x', format('SELECT service_affair.review_catalog_change(%s, true)', :ch_rename)), '00000',
          '... a reviewer of it and of the renamed department approves it: the change followed the rename (catalog_rename_pending.sql; was: 55000 stale, before that 42501, the former code asked of every reviewer)');
ROLLBACK TO renamed;

-- ---- 3. a key moved into another row's place in one statement ------------------------
-- (rows of other codes' items, written with the rule of a row off: this
-- section tests the keys' moves; catalog_implementation_check.sql the rule)
ALTER TABLE item_implementation DISABLE TRIGGER item_implementation_check;
INSERT INTO item_implementation VALUES ('BC_SW', '330225', 'tb_res5'), ('BC_SW', '330226', 'tb_res6');
SET ROLE tb_admin;
SELECT throws_ok($$UPDATE service_affair.item_implementation SET region = CASE region WHEN '330225' THEN '330206' ELSE '330225' END
                    WHERE basic_code = 'BC_SW'$$,
                 '55000', 'a key of item_implementation moved into the place of another row in one statement',
                 'a shift of keys in one statement: 55000 (was: 42501, "catalog version does not match the row")');
RESET ROLE;
SELECT is(pg_temp.detail_as('tb_admin', $$UPDATE service_affair.item_implementation SET region = CASE region WHEN '330225' THEN '330206' ELSE '330225' END
                                          WHERE basic_code = 'BC_SW'$$),
          'The row of key {"region": "330225", "basic_code": "BC_SW"} moved to key {"region": "330206", "basic_code": "BC_SW"}, and another row of the same statement took key {"region": "330225", "basic_code": "BC_SW"}.',
          '... the detail names the keys');
SET ROLE tb_admin;
UPDATE item_implementation SET region = '330206' WHERE basic_code = 'BC_SW' AND region = '330225';
UPDATE item_implementation SET region = '330225' WHERE basic_code = 'BC_SW' AND region = '330226';
RESET ROLE;
SELECT is(ARRAY(SELECT region || ':' || item FROM item_implementation WHERE basic_code = 'BC_SW' ORDER BY region),
          ARRAY['330206:tb_res5', '330225:tb_res6'], '... one statement per move passes');
-- (checked in a second read: no 55000 for a statement that moves many keys
-- to free ones, or changes other columns of many rows)
SET ROLE tb_admin;
SELECT lives_ok($$UPDATE service_affair.item_implementation SET basic_code = 'BC_SW2' WHERE basic_code = 'BC_SW'$$,
                '... nor for many keys moved in one statement to free keys');
SELECT lives_ok($$UPDATE service_affair.material SET name = name || ' (2)' WHERE item IN ('tb_res5', 'tb_res6', 'tb_biz5')$$,
                '... nor for other columns of many rows');
RESET ROLE;
-- the same of a bundle's entries (the other table whose key an UPDATE may move)
INSERT INTO bundle (code, name, lead_department) VALUES ('tbb', 'Bundle (Xiangshan)', 'TB_M5');
INSERT INTO bundle_item (bundle, item, stage) VALUES ('tbb', 'tb_res5', 1), ('tbb', 'tb_biz5', 1);
SELECT throws_ok($$UPDATE service_affair.bundle_item SET item = CASE item WHEN 'tb_res5' THEN 'tb_prop5' ELSE 'tb_res5' END
                    WHERE bundle = 'tbb'$$,
                 '55000', 'a key of bundle_item moved into the place of another row in one statement',
                 'a shift of a bundle''s entries in one statement: 55000 (was: 42501)');
SELECT results_eq($$SELECT ok, first_bad_seq FROM verify_catalog_log()$$, $$VALUES (true, NULL::bigint)$$,
                  'verify_catalog_log: still whole');
ALTER TABLE item_implementation ENABLE TRIGGER item_implementation_check;


-- an open case of the Ninghai company, received in Xiangshan: Ninghai's TB_M6 handles it
SELECT pg_temp.sub('tb_clerk5', 'tb_biz5', '91350100M000100Y43', 'window', 'C5') AS c_open \gset
SELECT is((SELECT handling_department FROM cases WHERE id = :c_open), 'TB_M6', 'before the move TB_M6 handles the company''s case');

-- ---- 1. proposing a row of item_implementation ---------------------------------
\set move '''{"table": "item_implementation", "op": "update", "key": {"basic_code": "BC_BIZ", "region": "330226"}, "row": {"item": "tb_biz6x"}}'''
SELECT is(pg_temp.state_as('tb_clerk6', format('SELECT service_affair.propose_catalog_change(%L)', :move)), '42501',
          'a clerk of the department the row leaves alone cannot propose its move (was: 22023, the table refused)');
SELECT is(pg_temp.state_as('tb_clerkx', format('SELECT service_affair.propose_catalog_change(%L)', :move)), '42501',
          '... nor one of the department it goes to alone');
SELECT pg_temp.val_as('tb_clerk6x', format('SELECT service_affair.propose_catalog_change(%L)', :move)) AS ch_move \gset
SELECT is((SELECT ROW(tbl, op, department, before_image->>'item', after_image->>'item', status)::text FROM catalog_change WHERE id = :ch_move),
          ROW('item_implementation', 'update', 'TB_X6', 'tb_biz6', 'tb_biz6x', 'proposed')::text,
          '... a clerk of both proposes it: the images of the dry run, the department it goes to');
SELECT is((SELECT item FROM item_implementation WHERE basic_code = 'BC_BIZ' AND region = '330226'), 'tb_biz6',
          '... nothing written before the review');
SELECT is(pg_temp.state_as('tb_reviewer6', format('SELECT service_affair.review_catalog_change(%s, true)', :ch_move)), '42501',
          'a reviewer of the department it leaves alone cannot approve it');
SELECT is(pg_temp.state_as('tb_reviewerx', format('SELECT service_affair.review_catalog_change(%s, true)', :ch_move)), '42501',
          '... nor one of the department it goes to alone');
SELECT is(pg_temp.state_as('tb_reviewer6x', format('SELECT service_affair.review_catalog_change(%s, true)', :ch_move)), '00000',
          '... a reviewer of both approves it, published at once');
SELECT is((SELECT item FROM item_implementation WHERE basic_code = 'BC_BIZ' AND region = '330226'), 'tb_biz6x',
          '... the row names the new item');
SELECT is((SELECT ROW(op, reviewed, change_id, item)::text FROM catalog_version
            WHERE tbl = 'item_implementation' ORDER BY id DESC LIMIT 1),
          ROW('update', true, :ch_move, 'tb_biz6x')::text, '... recorded as the reviewed change');
SELECT is((SELECT count(*)::int FROM catalog_review_queue WHERE tbl = 'item_implementation' AND key->>'basic_code' = 'BC_BIZ'
             AND key->>'region' = '330226' AND actor = 'tb_reviewer6x'), 0,
          '... and not in the review queue');
SELECT is(pg_temp.state_as('tb_clerkx', $$SELECT service_affair.propose_catalog_change('{"table": "item_implementation", "op": "insert", "key": {"basic_code": "BC_NEW", "region": "330226"}, "row": {"item": "tb_none"}}')$$),
          '23503', 'an insert naming an unknown item: 23503');
SELECT is(pg_temp.state_as('tb_clerkx', $$SELECT service_affair.propose_catalog_change('{"table": "item_implementation", "op": "insert", "key": {"basic_code": "BC_NEW", "region": "330226"}}')$$),
          '22023', 'an insert naming no item: 22023');
SELECT is(pg_temp.state_as('tb_clerkx', $$SELECT service_affair.propose_catalog_change('{"table": "item_implementation", "op": "update", "key": {"basic_code": "BC_BIZ"}, "row": {"item": "tb_biz6x"}}')$$),
          '22023', 'a key that is not the primary key: 22023');
-- the key echoed in a refusal's detail is made printable, as every value
-- (doc/development.md, "Errors"): a key carrying a bidirectional control,
-- a C1 control or DEL came back raw in the details of "names no item",
-- "unknown catalog row" and "invalid catalog change" until 2026-12-07 (a
-- hostile review; jsonb's text escapes only C0 controls)
SELECT is(pg_temp.detail_as('tb_clerkx', format('SELECT service_affair.propose_catalog_change(%L)',
              jsonb_build_object('table', 'item_implementation', 'op', 'insert',
                                 'key', jsonb_build_object('basic_code', E'BC\u202eX\u0085\u007f', 'region', '330226')))),
          'The change of item_implementation {"region": "330226", "basic_code": "BC?X??"} names no item ("row": {"item": "..."}).',
          'an insert naming no item, its key with control characters: the detail shows them as ?');
SELECT is(pg_temp.detail_as('tb_clerkx', format('SELECT service_affair.propose_catalog_change(%L)',
              jsonb_build_object('table', 'item_implementation', 'op', 'update', 'row', jsonb_build_object('item', 'tb_new6x'),
                                 'key', jsonb_build_object('basic_code', E'BC\u202eX\u0085\u007f', 'region', '330226')))),
          'No row of item_implementation has key {"region": "330226", "basic_code": "BC?X??"}.',
          '... an update of a row that does not exist (23503) too');
SELECT is(pg_temp.detail_as('tb_clerkx', format('SELECT service_affair.propose_catalog_change(%L)',
              jsonb_build_object('table', E'item\u202e', 'op', 'insert', 'key', '{}'::jsonb))),
          'A change is {"table": item|material|bundle|bundle_item|item_implementation, "op": insert|update|delete, "key": {...}, "row": {...}, "reason": "..."}; got {"op": "insert", "key": {}, "table": "item?"}.',
          '... and a change that is not one (22023)');
-- the item must implement the row's code in its region, as a submission
-- asks (2026-12-07, a second read: until then such a row was proposed and
-- published, and every case of the code in the region refused, 23503)
SELECT is(pg_temp.state_as('tb_clerkx', $$SELECT service_affair.propose_catalog_change('{"table": "item_implementation", "op": "insert", "key": {"basic_code": "BC_NEW", "region": "330226"}, "row": {"item": "tb_biz6x"}}')$$),
          '22023', 'an insert naming an item of another basic code: 22023 (was: proposed)');
SELECT is(pg_temp.state_as('tb_admin', $$SELECT service_affair.propose_catalog_change('{"table": "item_implementation", "op": "update", "key": {"basic_code": "BC_BIZ", "region": "330226"}, "row": {"item": "tb_biz5"}}')$$),
          '22023', 'an update naming the item of another region: 22023 (was: proposed)');
SELECT pg_temp.val_as('tb_clerkx', $$SELECT service_affair.propose_catalog_change('{"table": "item_implementation", "op": "insert", "key": {"basic_code": "BC_NEW", "region": "330226"}, "row": {"item": "tb_new6x"}}')$$) AS ch_ins \gset
SELECT is(pg_temp.state_as('tb_reviewerx', format('SELECT service_affair.review_catalog_change(%s, true)', :ch_ins)), '00000',
          'an insert proposed by a clerk of the item''s department, approved by its reviewer');
SELECT is((SELECT item FROM item_implementation WHERE basic_code = 'BC_NEW'), 'tb_new6x', '... published');
-- the item the row will name moved to another department after the
-- proposal: that department receives the region's cases, its reviewer
-- decides (2026-12-07, a second read: until then a reviewer of the
-- department of the proposal alone approved it)
SELECT pg_temp.val_as('tb_clerkx', $$SELECT service_affair.propose_catalog_change('{"table": "item_implementation", "op": "insert", "key": {"basic_code": "BC_TWO", "region": "330226"}, "row": {"item": "tb_two6x"}}')$$) AS ch_two \gset
SET ROLE tb_admin;
UPDATE item SET department = 'TB_M6' WHERE code = 'tb_two6x';
RESET ROLE;
SELECT is(pg_temp.state_as('tb_reviewerx', format('SELECT service_affair.review_catalog_change(%s, true)', :ch_two)), '42501',
          'the named item moved to another department since the proposal: a reviewer of the proposal''s department alone cannot approve (was: approved)');
SELECT is(pg_temp.state_as('tb_reviewer6', format('SELECT service_affair.review_catalog_change(%s, true)', :ch_two)), '00000',
          '... a reviewer of the department the item is in now does (was: 42501)');
-- the named item no longer implements the code there at the review: 55000
-- stale (2026-12-07, a second read: until then published, and every case
-- of the code in the region refused at submission)
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, basic_code, tongban_scope, competence)
VALUES ('tb_three6x', 'Third new service (Ninghai approval bureau)', 'TB_X6', 'promised', 20, 5, 'BC_THREE', 'city', 'company');
INSERT INTO material (item, code, name) VALUES ('tb_three6x', 'form', 'Form');
SELECT pg_temp.val_as('tb_clerkx', $$SELECT service_affair.propose_catalog_change('{"table": "item_implementation", "op": "insert", "key": {"basic_code": "BC_THREE", "region": "330226"}, "row": {"item": "tb_three6x"}}')$$) AS ch_three \gset
SET ROLE tb_admin;
UPDATE item SET basic_code = 'BC_THREE_B' WHERE code = 'tb_three6x';
RESET ROLE;
SELECT is(pg_temp.state_as('tb_reviewerx', format('SELECT service_affair.review_catalog_change(%s, true)', :ch_three)), '55000',
          'the named item''s basic code changed since the proposal: 55000 stale (was: published)');
SELECT results_eq($$SELECT ok, first_bad_seq FROM verify_catalog_log()$$, $$VALUES (true, NULL::bigint)$$,
                  'verify_catalog_log: the chain and every version match');

-- ---- 4. the open case stays with the department that accepted it ----------------
SELECT is((SELECT ROW(handling_department, department)::text FROM cases WHERE id = :c_open), ROW('TB_M6', 'TB_M6')::text,
          'the open case is still TB_M6''s: the row decides the cases to come');
SET LOCAL ROLE tb_clerk6;
SELECT is((SELECT count(*)::int FROM cases WHERE id = :c_open), 1, '... the losing department''s clerk still sees it');
RESET ROLE;
SELECT is(pg_temp.state_as('tb_clerk6', format('SELECT service_affair.case_applicant(%s)', :c_open)), '00000',
          '... and its applicant');
SELECT is(pg_temp.state_as('tb_reviewer6', format($$SELECT service_affair.complete_task((SELECT id FROM service_affair.task WHERE case_id = %s), 'approved', '2026-11-20 10:00+08')$$, :c_open)),
          '00000', '... and its reviewer completes its task');
SELECT pg_temp.sub('tb_clerk5', 'tb_biz5', '91350100M000100Y43', 'window', 'C5') AS c_new \gset
SELECT is((SELECT handling_department FROM cases WHERE id = :c_new), 'TB_X6', 'a case submitted after the move goes to TB_X6');

SELECT * FROM finish();
ROLLBACK;
