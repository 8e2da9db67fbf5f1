-- A statement that writes several rows of the catalog is judged against the
-- catalog as it stood before the statement: each row is recorded after the
-- whole statement (AFTER ROW triggers), and the other rows it wrote count,
-- in the before state of a bundle, with their old images (the transition
-- tables of item_versions_update and bundle_item_versions_*, catalog_write()).
-- Until 2026-12-05 each row was judged against the others already written:
-- a reorganisation (机构改革) moving every item of a department to another
-- in one UPDATE flagged each item of a one-department bundle
-- extension_lengthened and limit_lengthened, reason missing, in the
-- append-only ledger; two items of one stage lengthened, or two entries
-- added to a new stage, named nothing (a review).
SET search_path = service_affair, public;
BEGIN;
SELECT plan(12);

SELECT create_roles();
INSERT INTO department (code, name, region) VALUES
  ('JE_A', 'Statement move A', '330225'), ('JE_B', 'Statement move B', '330225'), ('JE_C', 'Statement move C', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, extension_limit, online) VALUES
  ('je_a1', 'A one',   'JE_A', 'promised', 30, NULL, 10, true),
  ('je_a2', 'A two',   'JE_A', 'promised', 30, NULL, 10, true),
  ('je_a3', 'A three', 'JE_A', 'promised', 30, NULL, 10, true),
  ('je_b1', 'B one',   'JE_B', 'promised', 30, NULL, 10, true),
  ('je_b2', 'B two',   'JE_B', 'promised', 30, NULL, 10, true),
  ('je_b3', 'B three', 'JE_B', 'promised', 30, NULL, 10, true),
  ('je_c1', 'C one',   'JE_C', 'promised', 30, NULL, 10, true),
  ('je_c2', 'C two',   'JE_C', 'promised', 30, NULL, 10, true);
INSERT INTO material (item, code, name)
SELECT code, 'form', 'Form' FROM item WHERE code LIKE 'je\_%';
-- a material only the items of C ask the applicant to bring
INSERT INTO material (item, code, name)
SELECT code, 'permit', 'Permit' FROM item WHERE code LIKE 'je\_c%';
INSERT INTO bundle (code, name, lead_department) VALUES
  ('jeb', 'B only, two stages',  'JE_B'),
  ('jej', 'A and C, joint',      'JE_A'),
  ('jei', 'A only, one stage',   'JE_A'),
  ('jed', 'A and C, four stages', 'JE_A');
INSERT INTO bundle_item (bundle, item, stage) VALUES
  ('jeb', 'je_b1', 1), ('jeb', 'je_b2', 2), ('jeb', 'je_b3', 2),
  ('jej', 'je_a1', 1), ('jej', 'je_c1', 2), ('jej', 'je_c2', 3),
  ('jei', 'je_a2', 1),
  ('jed', 'je_a1', 1), ('jed', 'je_a2', 2), ('jed', 'je_a3', 3), ('jed', 'je_c1', 3), ('jed', 'je_c2', 4);
-- all as if first published yesterday
INSERT INTO catalog_version (tbl, op, key, item, bundle, before_image, after_image, effective_at, actor, reviewed, ledger_seq)
SELECT 'bundle', 'update', jsonb_build_object('code', b), NULL, b, jsonb_build_object('code', b), jsonb_build_object('code', b),
       now() - interval '1 day', current_user, false, 0
  FROM unnest('{jeb,jej,jei,jed}'::text[]) AS b;
INSERT INTO catalog_version (tbl, op, key, item, bundle, before_image, after_image, effective_at, actor, reviewed, ledger_seq)
SELECT 'item', 'update', jsonb_build_object('code', i), i, NULL, jsonb_build_object('code', i), jsonb_build_object('code', i),
       now() - interval '1 day', current_user, false, 0
  FROM unnest('{je_a1,je_a2,je_a3,je_b1,je_b2,je_b3,je_c1,je_c2}'::text[]) AS i;
SELECT results_eq($$SELECT bundle, legal_days FROM bundle_limits WHERE bundle IN ('jeb', 'jej', 'jei', 'jed') ORDER BY 1$$,
  $$VALUES ('jeb', 60), ('jed', 45), ('jei', 30), ('jej', 45)$$,
  'jeb of one department: 60 legal days; jej and jed joint: 45; jei 30');

-- 1. a reorganisation: every item of B moved to A in one statement; jeb
-- stays of one department (60 legal days, 20 of extension)
SAVEPOINT s;
UPDATE item SET department = 'JE_A' WHERE department = 'JE_B';
SELECT is((SELECT count(*)::int FROM catalog_regressions WHERE item LIKE 'je\_b%'), 0,
  'every item of B moved to A at once: no regression (jeb was of one department and stays so)');
SELECT is((SELECT count(*)::int FROM catalog_version WHERE item LIKE 'je\_b%' AND bundles_lengthened <> '{}'), 0,
  'every item of B moved to A at once: no version names a bundle lengthened');
ROLLBACK TO s;

-- 2. a statement that really leaves a joint bundle of one department: every
-- item of C moved to A makes jej and jed A's alone (cap lifted)
UPDATE item SET department = 'JE_A' WHERE department = 'JE_C';
SELECT results_eq($$SELECT item, kind, bundle FROM catalog_regressions WHERE item LIKE 'je\_c%' AND tbl = 'item' ORDER BY 1, 2, 3$$,
  $$VALUES ('je_c1'::text, 'extension_lengthened'::text, NULL::text), ('je_c1', 'limit_lengthened', 'jed'), ('je_c1', 'limit_lengthened', 'jej'),
           ('je_c2', 'extension_lengthened', NULL), ('je_c2', 'limit_lengthened', 'jed'), ('je_c2', 'limit_lengthened', 'jej')$$,
  'every item of C moved to A at once: jej and jed left of one department, each item extension_lengthened and naming both');
ROLLBACK TO s;

-- 3. the limits of two items of one stage raised in one statement: stage 2
-- of jeb 30 -> 35 legal days, 10 -> 12 of extension
UPDATE item SET legal_limit = 35, extension_limit = 12 WHERE code IN ('je_b2', 'je_b3');
SELECT results_eq($$SELECT item, regressions, bundles_lengthened FROM catalog_version
                     WHERE item IN ('je_b2', 'je_b3') AND tbl = 'item' AND op = 'update' AND effective_at >= now() ORDER BY 1$$,
  $$VALUES ('je_b2'::text, '{limit_lengthened,extension_lengthened}'::text[], '{jeb}'::text[]),
           ('je_b3', '{limit_lengthened,extension_lengthened}', '{jeb}')$$,
  'two items of one stage lengthened in one statement: each its own kinds once, each naming jeb (60 -> 65)');
ROLLBACK TO s;
-- an item of the statement that changes nothing the days read names none
UPDATE item SET legal_limit = CASE code WHEN 'je_b2' THEN 35 ELSE legal_limit END, name = name || '.'
 WHERE code IN ('je_b2', 'je_b3');
SELECT results_eq($$SELECT item, bundles_lengthened FROM catalog_version
                     WHERE item IN ('je_b2', 'je_b3') AND tbl = 'item' AND op = 'update' AND effective_at >= now() ORDER BY 1$$,
  $$VALUES ('je_b2'::text, '{jeb}'::text[]), ('je_b3', '{}')$$,
  'of one statement, the item whose limit was raised names jeb, the one only renamed does not');
ROLLBACK TO s;

-- 4. two entries added to a new stage of jei in one statement: joint, 30 ->
-- 45 legal days, 10 -> 15 of extension, and the permit both ask is new
INSERT INTO bundle_item (bundle, item, stage) VALUES ('jei', 'je_c1', 2), ('jei', 'je_c2', 2);
SELECT results_eq($$SELECT item, kind FROM catalog_regressions WHERE bundle = 'jei' AND tbl = 'bundle_item' ORDER BY 1, 2$$,
  $$VALUES ('je_c1'::text, 'extension_lengthened'::text), ('je_c1', 'limit_lengthened'), ('je_c1', 'material_added'),
           ('je_c2', 'extension_lengthened'), ('je_c2', 'limit_lengthened'), ('je_c2', 'material_added')$$,
  'two entries of one new stage added at once: each judged against jei as it was (30 days, 10 of extension, no permit)');
ROLLBACK TO s;
-- one of them alone: judged as ever
INSERT INTO bundle_item (bundle, item, stage) VALUES ('jei', 'je_c1', 2);
SELECT results_eq($$SELECT item, kind FROM catalog_regressions WHERE bundle = 'jei' AND tbl = 'bundle_item' ORDER BY 1, 2$$,
  $$VALUES ('je_c1'::text, 'extension_lengthened'::text), ('je_c1', 'limit_lengthened'), ('je_c1', 'material_added')$$,
  'one entry added: the same kinds');
ROLLBACK TO s;

-- 5. several entries removed at once: C's two and one of A's leave jed of
-- one department (45 -> 60 legal days, 15 -> 20 of extension); each entry
-- the statement removed is judged against jed before it
DELETE FROM bundle_item WHERE bundle = 'jed' AND item IN ('je_a3', 'je_c1', 'je_c2');
SELECT results_eq($$SELECT item, kind FROM catalog_regressions WHERE bundle = 'jed' AND tbl = 'bundle_item' ORDER BY 1, 2$$,
  $$VALUES ('je_a3'::text, 'extension_lengthened'::text), ('je_a3', 'limit_lengthened'),
           ('je_c1', 'extension_lengthened'), ('je_c1', 'limit_lengthened'),
           ('je_c2', 'extension_lengthened'), ('je_c2', 'limit_lengthened')$$,
  'three entries removed at once, jed left of one department: each judged against jed before the statement');
ROLLBACK TO s;
-- removed at once, jed stays joint: nothing
DELETE FROM bundle_item WHERE bundle = 'jed' AND item IN ('je_a3', 'je_c2');
SELECT is((SELECT count(*)::int FROM catalog_regressions WHERE bundle = 'jed'), 0,
  'two entries removed at once, jed still joint (45 days, 15 of extension): nothing');
ROLLBACK TO s;

-- 6. one-row statements are judged as before the change: one item of C moved
UPDATE item SET department = 'JE_A' WHERE code = 'je_c1';
SELECT is((SELECT count(*)::int FROM catalog_regressions WHERE item = 'je_c1'), 0,
  'one item of C moved: jej and jed stay joint (je_c2), nothing');
UPDATE item SET department = 'JE_A' WHERE code = 'je_c2';
SELECT results_eq($$SELECT kind, bundle FROM catalog_regressions WHERE item = 'je_c2' AND tbl = 'item' ORDER BY 1, 2$$,
  $$VALUES ('extension_lengthened'::text, NULL::text), ('limit_lengthened', 'jed'), ('limit_lengthened', 'jej')$$,
  'then the last: jej and jed left of one department');

SELECT * FROM finish();
ROLLBACK;
