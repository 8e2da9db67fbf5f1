-- A department renamed (UPDATE department SET code: ON UPDATE CASCADE
-- renames every item of it in one statement) moves no item between
-- departments: no bundle becomes joint or stops being joint, its cases may
-- be extended as long as before (bundle_extension_days()) and its legal
-- days stay (bundle_days()).  The catalog judges an item's update row by
-- row, after the statement: the items renamed before one counted, in its
-- before image, as a second department, so a one-department bundle looked
-- joint before the rename.  Until 2026-12-05 every item of a bundle of one
-- department whose stages' extension_limit summed over 15 was
-- extension_lengthened, and each of one over 45 legal days limit_lengthened
-- (reason missing), for a rename (a review).  A real move stays judged.
SET search_path = service_affair, public;
BEGIN;
SELECT plan(10);

SELECT create_roles();
INSERT INTO department (code, name, region) VALUES
  ('DR_A', 'Department rename A', '330225'), ('DR_B', 'Department rename B', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, extension_limit, online) VALUES
  ('dr_a1', 'A one',   'DR_A', 'promised', 20, NULL, 10, true),
  ('dr_a2', 'A two',   'DR_A', 'promised', 20, NULL, 10, true),
  ('dr_b1', 'B one',   'DR_B', 'promised', 20, NULL, 10, true),
  ('dr_b2', 'B two',   'DR_B', 'promised', 20, NULL, 10, true),
  ('dr_b3', 'B three', 'DR_B', 'promised', 20, NULL, 10, true);
INSERT INTO material (item, code, name)
SELECT code, 'form', 'Form' FROM item WHERE code LIKE 'dr\_%';
INSERT INTO bundle (code, name, lead_department) VALUES
  ('drb', 'B only, three stages',        'DR_B'),
  ('drj', 'A and B, three stages',       'DR_A');
INSERT INTO bundle_item (bundle, item, stage) VALUES
  ('drb', 'dr_b1', 1), ('drb', 'dr_b2', 2), ('drb', 'dr_b3', 3),
  ('drj', 'dr_a1', 1), ('drj', 'dr_b1', 2), ('drj', 'dr_a2', 3);
-- all as if first published yesterday
INSERT INTO catalog_version (tbl, op, key, item, bundle, before_image, after_image, effective_at, actor, reviewed, ledger_seq)
SELECT 'bundle', 'update', jsonb_build_object('code', b), NULL, b, jsonb_build_object('code', b), jsonb_build_object('code', b),
       now() - interval '1 day', current_user, false, 0
  FROM unnest('{drb,drj}'::text[]) AS b;
INSERT INTO catalog_version (tbl, op, key, item, bundle, before_image, after_image, effective_at, actor, reviewed, ledger_seq)
SELECT 'item', 'update', jsonb_build_object('code', i), i, NULL, jsonb_build_object('code', i), jsonb_build_object('code', i),
       now() - interval '1 day', current_user, false, 0
  FROM unnest('{dr_a1,dr_a2,dr_b1,dr_b2,dr_b3}'::text[]) AS i;
SELECT results_eq($$SELECT bundle, legal_days FROM bundle_limits WHERE bundle IN ('drb', 'drj') ORDER BY 1$$,
  $$VALUES ('drb', 60), ('drj', 45)$$, 'drb of one department: 60 legal days; drj joint: 45');

-- the rename
SAVEPOINT renamed;
SELECT lives_ok($$UPDATE department SET code = 'DR_Z' WHERE code = 'DR_B'$$,
  'a department renamed: its items follow (ON UPDATE CASCADE), their codes kept (item_code_kept does not fire)');
SELECT is((SELECT array_agg(DISTINCT department) FROM item WHERE code LIKE 'dr\_b%'), '{DR_Z}', 'the items of DR_B are DR_Z''s');
SELECT is((SELECT count(*)::int FROM catalog_regressions WHERE item LIKE 'dr\_%' AND kind = 'extension_lengthened'), 0,
  'renamed: no extension_lengthened (drb stays of one department, 30 before and after; drj stays joint, 15)');
SELECT is((SELECT count(*)::int FROM catalog_regressions WHERE item LIKE 'dr\_%' AND kind = 'limit_lengthened'), 0,
  'renamed: no limit_lengthened (drb 60 legal days before and after, drj 45)');
SELECT is((SELECT count(*)::int FROM catalog_version WHERE item LIKE 'dr\_b%' AND bundles_lengthened <> '{}'), 0,
  'renamed: no version names a bundle lengthened');
-- a move after the rename is still judged
UPDATE item SET department = 'DR_A' WHERE code = 'dr_b1';
SELECT results_eq($$SELECT kind, bundle FROM catalog_regressions WHERE item = 'dr_b1' AND tbl = 'item' ORDER BY 1, 2$$,
  $$VALUES ('extension_lengthened'::text, NULL::text), ('limit_lengthened', 'drj')$$,
  'dr_b1 then moved to DR_A: drj of one department, 15 -> 30 of extension and 45 -> 60 legal days');
ROLLBACK TO renamed;

-- a real move, without a rename: judged as before
UPDATE item SET department = 'DR_A' WHERE code = 'dr_b1';
SELECT results_eq($$SELECT kind, bundle FROM catalog_regressions WHERE item = 'dr_b1' AND tbl = 'item' ORDER BY 1, 2$$,
  $$VALUES ('extension_lengthened'::text, NULL::text), ('limit_lengthened', 'drj')$$,
  'dr_b1 moved to DR_A: drj of one department, 15 -> 30 of extension and 45 -> 60 legal days');
-- the two rules asked of the images of a move whose former department is gone
SELECT is(catalog_regression_kinds('item', 'update', '{"code": "dr_a1", "department": "DR_GONE", "extension_limit": 10}',
                                   '{"code": "dr_a1", "department": "DR_A", "extension_limit": 10}'),
          '{}', 'an item''s former department no longer a department (renamed): not a move');
SELECT is(catalog_bundles_lengthened('{"code": "dr_a1", "department": "DR_GONE", "kind": "promised", "legal_limit": 20}',
                                     '{"code": "dr_a1", "department": "DR_A", "kind": "promised", "legal_limit": 20}'),
          '{}', 'catalog_bundles_lengthened(): likewise');

SELECT * FROM finish();
ROLLBACK;
