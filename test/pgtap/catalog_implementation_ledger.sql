-- item_implementation in the catalog ledger (2026-12-07, a review): the row
-- that says which item (thus department) of a region implements a basic
-- code decides which department handles a case (resolve_competence(),
-- 42_tongban.sql).  Until that day its writes were in no catalog version,
-- no ledger entry and no review queue: an administrator could hand a
-- region's cases to another department unaudited.  Now every insert,
-- update and delete (and the cascade of an item's delete) is a version
-- chained in the ledger catalog, verified with the others, and reviewed
-- after the fact by a reviewer of the department of the item it names.
BEGIN;
SET search_path = service_affair, public;
\ir tongban_fixture.inc
SELECT plan(27);

-- The rows below are written with the rule of a row off (a superuser's
-- ALTER TABLE ... DISABLE TRIGGER, as a restore or replica might write
-- them): this file tests the versions and the ledger, not that rule, which the writes refuse since
-- 2026-12-07 (implementation_check(), catalog_implementation_check.sql).
ALTER TABLE item_implementation DISABLE TRIGGER item_implementation_check;

-- the fixture's six rows, written directly
SELECT is((SELECT count(*)::int FROM catalog_version WHERE tbl = 'item_implementation' AND op = 'insert'), 6,
          'each inserted item_implementation row is a catalog version');
SELECT is((SELECT key FROM catalog_version WHERE tbl = 'item_implementation' AND item = 'tb_biz6'),
          '{"basic_code": "BC_BIZ", "region": "330226"}'::jsonb, '... keyed by basic_code and region, item the one it names');
SELECT is((SELECT count(*)::int FROM catalog_ledger WHERE payload->>'table' = 'item_implementation'), 6,
          '... each chained in the ledger catalog, which the public reads');
SELECT is((SELECT count(*)::int FROM catalog_review_queue WHERE tbl = 'item_implementation'), 6,
          '... and each in the review queue (a direct write)');

-- an administrator hands Ninghai's business changes to Xiangshan's
-- residence item: recorded, in his name, with the before image
SET ROLE tb_admin;
UPDATE item_implementation SET item = 'tb_res5' WHERE basic_code = 'BC_BIZ' AND region = '330226';
RESET ROLE;
SELECT is((SELECT ROW(op, before_image->>'item', after_image->>'item', item, actor::text)::text
             FROM catalog_version WHERE tbl = 'item_implementation' ORDER BY id DESC LIMIT 1),
          ROW('update', 'tb_biz6', 'tb_res5', 'tb_res5', 'tb_admin')::text,
          'an update of the item a region''s code is handled by: a version with both images, in the writer''s name');
SELECT is((SELECT payload->'after'->>'item' FROM catalog_ledger ORDER BY seq DESC LIMIT 1), 'tb_res5',
          '... and its ledger entry');
SELECT is((SELECT count(*)::int FROM catalog_review_queue WHERE tbl = 'item_implementation' AND actor = 'tb_admin'), 1,
          '... waiting for its review');
SELECT is((SELECT image->>'item' FROM catalog_rows_as_of('item_implementation', now())
            WHERE key = '{"basic_code": "BC_BIZ", "region": "330226"}'), 'tb_res5',
          'catalog_rows_as_of() reads the rows in force from the versions');

-- a new key: the old row goes, the new one comes
SET ROLE tb_admin;
UPDATE item_implementation SET region = '330206' WHERE basic_code = 'BC_NAT' AND region = '330225';
DELETE FROM item_implementation WHERE basic_code = 'BC_PROP';
RESET ROLE;
SELECT is(ARRAY(SELECT op || ':' || (key->>'basic_code') || ':' || (key->>'region') FROM catalog_version
                 WHERE tbl = 'item_implementation' ORDER BY id DESC LIMIT 3),
          ARRAY['delete:BC_PROP:330225', 'insert:BC_NAT:330206', 'delete:BC_NAT:330225'],
          'a change of the key: a delete and an insert; a delete keeps its before image');
-- an item deleted takes its rows with it (ON DELETE CASCADE): recorded too
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, basic_code)
VALUES ('tb_gone5', 'Gone (Xiangshan)', 'TB_M5', 'promised', 20, 5, 'BC_GONE');
INSERT INTO item_implementation VALUES ('BC_GONE', '330225', 'tb_gone5');
DELETE FROM item WHERE code = 'tb_gone5';
SELECT is((SELECT op || ':' || (before_image->>'item') FROM catalog_version
            WHERE tbl = 'item_implementation' AND key->>'basic_code' = 'BC_GONE' ORDER BY id DESC LIMIT 1),
          'delete:tb_gone5', 'the cascade of an item''s delete is recorded');
SELECT results_eq($$SELECT ok, first_bad_seq FROM verify_catalog_log()$$, $$VALUES (true, NULL::bigint)$$,
                  'verify_catalog_log: the chain and every version match');

-- no TRUNCATE (it would record nothing), nor a version from elsewhere
SELECT throws_ok($$TRUNCATE item_implementation$$, '42501', NULL, 'TRUNCATE item_implementation is refused (42501)');
SET ROLE tb_admin;
SELECT throws_ok($$SELECT catalog_record('item_implementation', 'delete', '{"basic_code": "BC_RES", "region": "330225", "item": "tb_res5"}', NULL)$$,
                 '42501', NULL, 'an administrator cannot forge a version of it');
RESET ROLE;

-- a version edited with the triggers off is found at its entry
SELECT id AS upd_version, ledger_seq AS upd_seq FROM catalog_version
 WHERE tbl = 'item_implementation' AND op = 'update' ORDER BY id DESC LIMIT 1 \gset
SAVEPOINT history;
SET LOCAL session_replication_role = replica;
UPDATE catalog_version SET after_image = jsonb_set(after_image, '{item}', '"tb_biz6"'), item = 'tb_biz6' WHERE id = :upd_version;
SELECT results_eq($$SELECT ok, first_bad_seq FROM verify_catalog_log()$$, format('VALUES (false, %s::bigint)', :upd_seq),
                  'an item_implementation version edited with the triggers off: found at its entry');
ROLLBACK TO history;
SAVEPOINT history;
SET LOCAL session_replication_role = replica;
UPDATE catalog_version SET item = 'tb_biz6' WHERE id = :upd_version;
SELECT results_eq($$SELECT ok, first_bad_seq FROM verify_catalog_log()$$, format('VALUES (false, %s::bigint)', :upd_seq),
                  '... and so is its item column changed alone (the item its image names)');
ROLLBACK TO history;
-- reviewed after the fact by a reviewer of the department of the item the
-- row names (after the write), not by another department's
SELECT pg_temp.state_as('tb_reviewer0', format('SELECT service_affair.review_catalog_version(%s)', :upd_version)) AS st0 \gset
SELECT is(:'st0'::text, '42501', 'a reviewer of another department cannot review it');
-- the update handed Ninghai's business changes from TB_M6 (tb_biz6) to
-- TB_M5 (tb_res5): a move between departments concerns both, as a
-- reviewed change moving an item does (review_catalog_change()).  Until
-- 2026-12-07 a reviewer of the receiving department alone cleared it, the
-- department that lost the region's cases never asked (a review)
CREATE ROLE tb_reviewer5 IN ROLE service_affair_reviewer;
CREATE ROLE tb_reviewer56 IN ROLE service_affair_reviewer;
INSERT INTO staff (login, department) VALUES ('tb_reviewer5', 'TB_M5'), ('tb_reviewer56', 'TB_M5'), ('tb_reviewer56', 'TB_M6');
SELECT is(pg_temp.state_as('tb_reviewer5', format('SELECT service_affair.review_catalog_version(%s)', :upd_version)), '42501',
          'a reviewer of the receiving department alone cannot review the move (was: reviewed)');
SELECT is(pg_temp.state_as('tb_reviewer6', format('SELECT service_affair.review_catalog_version(%s)', :upd_version)), '42501',
          '... nor one of the department it leaves alone');
SELECT is(pg_temp.state_as('tb_reviewer56', format('SELECT service_affair.review_catalog_version(%s)', :upd_version)), '00000',
          '... a reviewer of both does');
SELECT is((SELECT count(*)::int FROM catalog_review_queue WHERE version_id = :upd_version), 0, '... off the queue');
SELECT id AS biz6_version FROM catalog_version
 WHERE tbl = 'item_implementation' AND op = 'insert' AND item = 'tb_biz6' \gset
SELECT is(pg_temp.state_as('tb_reviewer6', format('SELECT service_affair.review_catalog_version(%s)', :biz6_version)), '00000',
          'a reviewer of the named item''s department reviews it');
SELECT is((SELECT count(*)::int FROM catalog_review_queue WHERE version_id = :biz6_version), 0, '... off the queue');
SELECT results_eq($$SELECT ok, first_bad_seq FROM verify_catalog_log()$$, $$VALUES (true, NULL::bigint)$$,
                  'the review is chained too');

-- an item deleted through a reviewed change takes its rows with it: each
-- such row is covered by the change, as the item's materials are (until
-- 2026-12-07 each was recorded as an unreviewed direct write of the
-- reviewer who approved the change, put in the review queue by the
-- approval: a review)
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, basic_code)
VALUES ('tb_gone6', 'Gone (Ninghai)', 'TB_M6', 'promised', 20, 5, 'BC_GONE6');
INSERT INTO item_implementation VALUES ('BC_GONE6', '330226', 'tb_gone6');
SELECT pg_temp.val_as('tb_clerk6', $$SELECT service_affair.propose_catalog_change('{"table": "item", "op": "delete", "key": {"code": "tb_gone6"}}')$$) AS gone_change \gset
SELECT is(pg_temp.state_as('tb_reviewer6', format('SELECT service_affair.review_catalog_change(%s, true)', :gone_change)), '00000',
          'a reviewer of the department approves the item''s delete, published at once');
SELECT is((SELECT count(*)::int FROM item_implementation WHERE item = 'tb_gone6'), 0, '... its item_implementation row is gone with it');
SELECT is((SELECT ROW(op, reviewed, change_id)::text FROM catalog_version
            WHERE tbl = 'item_implementation' AND key->>'basic_code' = 'BC_GONE6' ORDER BY id DESC LIMIT 1),
          ROW('delete', true, :gone_change)::text,
          '... recorded as part of the reviewed change (was: an unreviewed direct write of the reviewer)');
SELECT is((SELECT count(*)::int FROM catalog_review_queue WHERE tbl = 'item_implementation' AND op = 'delete' AND key->>'basic_code' = 'BC_GONE6'), 0,
          '... and not in the review queue');

SELECT * FROM finish();
ROLLBACK;
