-- The cost of judging a statement on materials of a bundle's items
-- (catalog_write(), catalog_regression_kinds(), bundle_material_options()):
-- each row is judged by the options of its code in each bundle of its item,
-- before and after the statement.  Those options are the code's alone (the
-- engine classifies each code by its own entries), so a row's judgement reads
-- the entries of its code, not every material of the bundle; and a row of an
-- UPDATE that changes none of what the options are made of (required,
-- tolerable, commitment_allowed, applies_to, source, evidence_type), in a
-- statement that changes none of them in the other rows of its code, leaves
-- them as they were: not computed.  Until 2026-12-05 every row read every
-- material of the bundle four times (before and after, either kind) and
-- the statement's other rows of its code whatever they changed: an UPDATE
-- of the standard of the 2,400 materials of a 600-entry bundle took 110 s
-- (3.6 s before material had transition tables), one taking 容缺 from a
-- code in its 600 entries 37 s, one INSERT of a new required code into
-- its 600 entries 57 s (20 s, 6 s and 9 s now; a review).  The update
-- that changes none of the flags' columns read by the material tuples the
-- statement reads (pg_stat_get_xact_tuples_returned and _fetched).
SET search_path = service_affair, public;
BEGIN;
SELECT plan(5);

SELECT create_roles();
INSERT INTO department (code, name, region) VALUES ('MC', 'Material cost test', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online_depth)
SELECT 'mc_' || g, 'mc ' || g, 'MC', 'promised', 20, 5, 1, 'full' FROM generate_series(1, 200) g;
-- 200 entries of 3 materials each: form in every entry, the others shared by
-- 7 entries or so
INSERT INTO material (item, code, name, required, source, applies_to, tolerable, commitment_allowed)
SELECT 'mc_' || g, 'form', '申请表', true, 'applicant', 'any', true, true FROM generate_series(1, 200) g
UNION ALL
SELECT 'mc_' || g, 'doc' || (g % 29) || '_' || j, '材料' || (g % 29) || '_' || j, true, 'applicant', 'any', true, true
  FROM generate_series(1, 200) g, generate_series(1, 2) j;
INSERT INTO bundle (code, name, lead_department) VALUES ('mcb', 'Big bundle', 'MC');
INSERT INTO bundle_item (bundle, item, stage) SELECT 'mcb', 'mc_' || g, 1 + g % 3 FROM generate_series(1, 200) g;
INSERT INTO catalog_version (tbl, op, key, item, bundle, before_image, after_image, effective_at, actor, reviewed, ledger_seq)
VALUES ('bundle', 'update', '{"code": "mcb"}', NULL, 'mcb', '{"code": "mcb"}', '{"code": "mcb"}',
        now() - interval '1 day', current_user, false, 0);
CREATE TEMP VIEW mc_read AS
SELECT pg_stat_get_xact_tuples_returned('service_affair.material'::regclass)
       + pg_stat_get_xact_tuples_fetched('service_affair.material'::regclass) AS n;

-- the standard of every material of the bundle: nothing the options are
-- made of changed, not computed
SELECT n AS mc0 FROM mc_read \gset
UPDATE material SET standard = '原件核验' WHERE item IN (SELECT 'mc_' || g FROM generate_series(1, 200) g);
SELECT cmp_ok((SELECT n FROM mc_read) - :mc0, '<', 600::bigint * 5,
              'the standard of the 600 materials of the bundle set in one UPDATE: a few material rows read per row');
SELECT is((SELECT count(*) FROM catalog_version WHERE tbl = 'material' AND op = 'update' AND after_image->>'standard' = '原件核验'
                                                 AND regressions = '{}'),
          600::bigint, 'each row versioned, none a regression');

-- the options of one code (material_code) are those of the code among all
-- the bundle's, with rows given as without: read from its entries alone
SELECT set_eq(
  $$SELECT k.kind, o.code, o.brought, o.tolerable, o.commitment_allowed
      FROM (VALUES ('person'), ('org')) k(kind),
           LATERAL (SELECT c.code FROM (SELECT DISTINCT m.code FROM material m WHERE m.item LIKE 'mc\_%') c) c,
           LATERAL bundle_material_options((SELECT array_agg('mc_' || g ORDER BY g) FROM generate_series(1, 200) g),
                                           (SELECT array_agg(1 + g % 3 ORDER BY g) FROM generate_series(1, 200) g), k.kind,
                                           '[{"key": {"item": "mc_1", "code": "form"}, "image": {"tolerable": false}},
                                             {"key": {"item": "mc_29", "code": "doc0_1"}, "image": null}]', c.code) o$$,
  $$SELECT k.kind, o.code, o.brought, o.tolerable, o.commitment_allowed
      FROM (VALUES ('person'), ('org')) k(kind),
           LATERAL bundle_material_options((SELECT array_agg('mc_' || g ORDER BY g) FROM generate_series(1, 200) g),
                                           (SELECT array_agg(1 + g % 3 ORDER BY g) FROM generate_series(1, 200) g), k.kind,
                                           '[{"key": {"item": "mc_1", "code": "form"}, "image": {"tolerable": false}},
                                             {"key": {"item": "mc_29", "code": "doc0_1"}, "image": null}]') o$$,
  'bundle_material_options() of each code alone (material_code) gives that code''s options among all the bundle''s');

UPDATE material SET tolerable = false WHERE item = 'mc_29' AND code = 'doc0_1';
SELECT is((SELECT regressions FROM catalog_version WHERE tbl = 'material' AND op = 'update' AND item = 'mc_29'
                                                  AND after_image->>'code' = 'doc0_1' AND after_image->>'tolerable' = 'false'),
          '{tolerance_off}', 'a material of the bundle losing 容缺: tolerance_off (of the item and of mcb), as ever');

-- 容缺 taken from form in every entry by one UPDATE: each row tolerance_off
-- of mcb (catalog_material_statement.sql), each reading the entries of form
SELECT n AS mc0 FROM mc_read \gset
UPDATE material SET tolerable = false WHERE code = 'form' AND item IN (SELECT 'mc_' || g FROM generate_series(1, 200) g);
SELECT is((SELECT count(*) FROM catalog_version WHERE tbl = 'material' AND op = 'update' AND after_image->>'code' = 'form'
                                                 AND regressions = '{tolerance_off}'),
          200::bigint, 'form losing 容缺 in the 200 entries in one UPDATE: each tolerance_off');

SELECT * FROM finish();
ROLLBACK;
