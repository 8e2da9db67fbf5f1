-- An item or bundle keeps its code (catalog_code_kept(), 55000;
-- doc/guides.md, "Regressions").  Until 2026-12-05 a rename was recorded as
-- a delete of the old code and an insert of a new one, with no earlier
-- version: renamed and made worse in one UPDATE (or renamed, then made
-- worse), an item was judged by nothing, and so was a bundle renamed with a
-- longer promised_limit; and a rename alone rewrote the item's materials
-- and bundle entries through the cascade as added ones, flagged
-- material_added and limit_lengthened, reason missing, though nothing had
-- changed for an applicant.  A change's row naming another code was
-- dropped in silence (a review).
SET search_path = service_affair, public;
BEGIN;
SELECT plan(13);

SELECT create_roles();
CREATE ROLE rn_boss LOGIN IN ROLE service_affair_admin;
INSERT INTO department (code, name, region) VALUES ('RN', 'Rename test', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online_depth)
VALUES ('rn_x', 'X', 'RN', 'promised', 20, 5, 1, 'full'), ('rn_y', 'Y', 'RN', 'promised', 20, 5, 1, 'full'),
       ('rn_z', 'Z', 'RN', 'promised', 20, 5, 1, 'full');
INSERT INTO material (item, code, name) VALUES ('rn_x', 'rn_form', 'Application form');
INSERT INTO bundle (code, name, lead_department, promised_limit) VALUES ('rn_b', 'B', 'RN', 10);
INSERT INTO bundle_item (bundle, item, stage) VALUES ('rn_b', 'rn_x', 1), ('rn_b', 'rn_y', 2);
-- first published yesterday: every write of today is judged
INSERT INTO catalog_version (tbl, op, key, item, bundle, before_image, after_image, effective_at, actor, reviewed, ledger_seq)
VALUES ('item', 'update', '{"code": "rn_x"}', 'rn_x', NULL, '{"code": "rn_x"}', '{"code": "rn_x"}', now() - interval '1 day', current_user, false, 0),
       ('item', 'update', '{"code": "rn_y"}', 'rn_y', NULL, '{"code": "rn_y"}', '{"code": "rn_y"}', now() - interval '1 day', current_user, false, 0),
       ('item', 'update', '{"code": "rn_z"}', 'rn_z', NULL, '{"code": "rn_z"}', '{"code": "rn_z"}', now() - interval '1 day', current_user, false, 0),
       ('bundle', 'update', '{"code": "rn_b"}', NULL, 'rn_b', '{"code": "rn_b"}', '{"code": "rn_b"}', now() - interval '1 day', current_user, false, 0);

SET ROLE rn_boss;
-- the reviewed path names the row by its key; a row naming another key is refused
SELECT throws_ok($$SELECT propose_catalog_change('{"table": "item", "op": "update", "key": {"code": "rn_x"}, "row": {"code": "rn_x3", "name": "Z"}}')$$,
                 '22023', 'a catalog change does not change a key column',
                 'a change whose row names another code: 22023 (it was proposed, and published without the rename)');
SELECT throws_ok($$SELECT propose_catalog_change('{"table": "material", "op": "update", "key": {"item": "rn_x", "code": "rn_form"}, "row": {"item": "rn_y"}}')$$,
                 '22023', 'a catalog change does not change a key column',
                 'a material''s change whose row names another item: 22023');
SELECT lives_ok($$SELECT propose_catalog_change('{"table": "item", "op": "update", "key": {"code": "rn_x"}, "row": {"code": "rn_x", "name": "Z"}}')$$,
                'a row repeating its key is accepted');

-- the false positive: a rename alone of an item with a material, alone in its stage of a bundle
SELECT throws_ok($$UPDATE item SET code = 'rn_x2' WHERE code = 'rn_x'$$,
                 '55000', 'the code of item "rn_x" cannot be changed',
                 'an item renamed alone: refused');
RESET ROLE;
SELECT is((SELECT count(*)::int FROM catalog_regressions WHERE item IN ('rn_x', 'rn_x2') OR bundle = 'rn_b'), 0,
          'no regression recorded: its entry and its material were not rewritten as added ones (material_added, limit_lengthened before)');
SELECT results_eq($$SELECT tbl, op, count(*)::int FROM catalog_version
                     WHERE item IN ('rn_x', 'rn_x2') OR bundle = 'rn_b' GROUP BY tbl, op ORDER BY tbl, op$$,
                  $$VALUES ('bundle'::text, 'insert'::text, 1), ('bundle', 'update', 1), ('bundle_item', 'insert', 2),
                           ('item', 'insert', 1), ('item', 'update', 1), ('material', 'insert', 1)$$,
                  'no version of a delete or insert under another code');
-- the hole: renamed and made worse in one statement
SET ROLE rn_boss;
SELECT throws_ok($$UPDATE item SET code = 'rn_z2', legal_limit = legal_limit + 10, max_visits = 3 WHERE code = 'rn_z'$$,
                 '55000', 'the code of item "rn_z" cannot be changed',
                 'an item renamed and made worse in one UPDATE: refused (it was judged by nothing)');
SELECT throws_ok($$UPDATE bundle SET code = 'rn_b2', promised_limit = 300 WHERE code = 'rn_b'$$,
                 '55000', 'the code of bundle "rn_b" cannot be changed',
                 'a bundle renamed with a longer promised_limit: refused (it was judged by nothing)');
RESET ROLE;
SELECT results_eq($$SELECT code, legal_limit, max_visits, catalog_published_before('item', code, now()) FROM item WHERE code LIKE 'rn_z%'$$,
                  $$VALUES ('rn_z'::text, 20, 1, true)$$,
                  'the item keeps its code, its row and its first publication (rn_z2, 30 days, 3 visits, no regression, first published today, before)');
SELECT is((SELECT promised_limit FROM bundle WHERE code LIKE 'rn_b%'), 10, 'the bundle keeps its code and its promised_limit');
-- an unchanged code in the SET list is no rename
UPDATE item SET code = 'rn_x', name = 'X again' WHERE code = 'rn_x';
SELECT is((SELECT name FROM item WHERE code = 'rn_x'), 'X again', 'SET code to the same code: the update goes through');

SET ROLE rn_boss;
-- what takes a rename's place is judged: a new item entered in the bundle in the old one's stage
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits)
VALUES ('rn_new', 'X', 'RN', 'promised', 30, 30, 3);
DELETE FROM bundle_item WHERE bundle = 'rn_b' AND item = 'rn_x';
INSERT INTO bundle_item (bundle, item, stage) VALUES ('rn_b', 'rn_new', 1);
RESET ROLE;
SELECT ok((SELECT bool_or(kind = 'limit_lengthened' AND reason_missing) FROM catalog_regressions
            WHERE tbl = 'bundle_item' AND bundle = 'rn_b' AND item = 'rn_new'),
          'its entry, in place of the old one''s, is judged: limit_lengthened, reason missing');

-- the trigger function runs on item and bundle only
CREATE TEMP TABLE rn_other (code text);
INSERT INTO rn_other VALUES ('a');
CREATE TRIGGER rn_other_kept BEFORE UPDATE ON rn_other FOR EACH ROW EXECUTE FUNCTION service_affair.catalog_code_kept();
SELECT throws_ok($$UPDATE rn_other SET code = 'b'$$, '39P01', NULL, 'catalog_code_kept() on another table: 39P01');

SELECT * FROM finish();
ROLLBACK;
