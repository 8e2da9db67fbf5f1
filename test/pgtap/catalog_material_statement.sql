-- A statement that writes several materials is judged against the catalog
-- as it stood before the statement: each row is recorded after the whole
-- statement (AFTER ROW triggers), and the other rows it wrote of the row's
-- code, of the items of the bundles the row's item is in, count before with
-- their old images, absent when it inserted them (the transition tables of
-- material_versions_insert and material_versions_update, catalog_write(),
-- stmt of catalog_regression_kinds(), bundle_material_options() with
-- several rows).  Until 2026-12-05 a material had no stmt: each row was
-- judged against the others already written, so one INSERT adding the same
-- new required material to two entries of a bundle (of items first
-- published today) was not material_added of the bundle, and one UPDATE
-- taking 容缺 from a material in every entry of it was not tolerance_off
-- (a review).
SET search_path = service_affair, public;
BEGIN;
SELECT plan(13);

SELECT create_roles();
INSERT INTO department (code, name, region) VALUES ('MS', 'Material statement test', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online_depth)
SELECT c, c, 'MS', 'promised', 20, 5, 1, 'full'
  FROM unnest('{ms_a,ms_b,ms_c,ms_solo1,ms_solo2}'::text[]) AS c;
-- ms_a, ms_b (first published today) entries of msb (yesterday), stage 1
-- both: form tolerable and open to commitment in both; ms_c, of msb too
-- (stage 2), asks nothing of it; ms_solo1 and ms_solo2 of no bundle
INSERT INTO material (item, code, name, required, source, applies_to, tolerable, commitment_allowed) VALUES
  ('ms_a', 'form', '申请表', true, 'applicant', 'any', true, true),
  ('ms_b', 'form', '申请表', true, 'applicant', 'any', true, true),
  ('ms_c', 'photo', '照片', true, 'applicant', 'any', true, true);
INSERT INTO bundle (code, name, lead_department) VALUES ('msb', 'Bundle', 'MS');
INSERT INTO bundle_item (bundle, item, stage) VALUES ('msb', 'ms_a', 1), ('msb', 'ms_b', 1), ('msb', 'ms_c', 2);
INSERT INTO catalog_version (tbl, op, key, item, bundle, before_image, after_image, effective_at, actor, reviewed, ledger_seq)
VALUES ('bundle', 'update', '{"code": "msb"}', NULL, 'msb', '{"code": "msb"}', '{"code": "msb"}',
        now() - interval '1 day', current_user, false, 0);

-- ---- bundle_material_options() with several rows ---------------------------
SELECT results_eq(
  $$SELECT o.code, o.tolerable FROM bundle_material_options('{ms_a,ms_b}', '{1,1}', 'person',
      '[{"key": {"item": "ms_a", "code": "form"}, "image": {"item": "ms_a", "code": "form", "tolerable": true}},
        {"key": {"item": "ms_b", "code": "form"}, "image": {"item": "ms_b", "code": "form", "tolerable": false}}]') o$$,
  $$VALUES ('form'::text, false)$$,
  'two rows in place of the table''s: form not tolerable (ms_b''s image)');
SELECT results_eq(
  $$SELECT o.code, o.tolerable FROM bundle_material_options('{ms_a,ms_b}', '{1,1}', 'person',
      '[{"key": {"item": "ms_b", "code": "form"}, "image": null},
        {"key": {"item": "ms_a", "code": "deed"}, "image": {"item": "ms_a", "code": "deed", "tolerable": true}}]') o ORDER BY 1$$,
  $$VALUES ('deed'::text, true), ('form', true)$$,
  'a row absent and one added: form of ms_a alone, deed added');
SELECT results_eq(
  $$SELECT o.code, o.tolerable FROM bundle_material_options('{ms_a,ms_b}', '{1,1}', 'person',
      '[{"key": {"item": "ms_b", "code": "form"}, "image": null},
        {"key": {"item": "ms_b", "code": "form"}, "image": {"item": "ms_b", "code": "form", "tolerable": false}}]') o$$,
  $$VALUES ('form'::text, false)$$,
  'a key given twice: its last');

-- ---- one INSERT adding a new required material to two entries -------------
SAVEPOINT s;
INSERT INTO material (item, code, name, required, source, applies_to, tolerable, commitment_allowed) VALUES
  ('ms_a', 'deed', '房产证', true, 'applicant', 'any', false, false),
  ('ms_b', 'deed', '房产证', true, 'applicant', 'any', false, false);
SELECT results_eq(
  $$SELECT item, regressions FROM catalog_version WHERE tbl = 'material' AND after_image->>'code' = 'deed' ORDER BY 1$$,
  $$VALUES ('ms_a'::text, '{material_added}'::text[]), ('ms_b', '{material_added}')$$,
  'deed added to ms_a and ms_b in one INSERT: each material_added of msb (was none: each saw the other already written)');
SELECT results_eq(
  $$SELECT item, kind, reason_missing FROM catalog_regressions WHERE tbl = 'material' AND after_image->>'code' = 'deed' ORDER BY 1$$,
  $$VALUES ('ms_a'::text, 'material_added'::text, true), ('ms_b', 'material_added', true)$$,
  'in the ledger''s regressions, reason missing');
ROLLBACK TO s;
-- the same two rows in two statements: the second sees the first, as ever
INSERT INTO material (item, code, name, required, source, applies_to, tolerable, commitment_allowed) VALUES
  ('ms_a', 'deed', '房产证', true, 'applicant', 'any', false, false);
INSERT INTO material (item, code, name, required, source, applies_to, tolerable, commitment_allowed) VALUES
  ('ms_b', 'deed', '房产证', true, 'applicant', 'any', false, false);
SELECT results_eq(
  $$SELECT item, regressions FROM catalog_version WHERE tbl = 'material' AND after_image->>'code' = 'deed' ORDER BY 1$$,
  $$VALUES ('ms_a'::text, '{material_added}'::text[]), ('ms_b', '{}')$$,
  'one row a statement: deed of ms_a material_added, of ms_b then none (ms_a asks it already), as before');
ROLLBACK TO s;

-- ---- one UPDATE taking 容缺 from form in every entry ------------------------
UPDATE material SET tolerable = false WHERE code = 'form' AND item IN ('ms_a', 'ms_b');
SELECT results_eq(
  $$SELECT item, regressions FROM catalog_version WHERE tbl = 'material' AND op = 'update' AND after_image->>'code' = 'form' ORDER BY 1$$,
  $$VALUES ('ms_a'::text, '{tolerance_off}'::text[]), ('ms_b', '{tolerance_off}')$$,
  'form made not tolerable in ms_a and ms_b in one UPDATE: each tolerance_off of msb (was none: each saw the other already changed)');
ROLLBACK TO s;
UPDATE material SET tolerable = false, commitment_allowed = false WHERE code = 'form' AND item IN ('ms_a', 'ms_b');
SELECT results_eq(
  $$SELECT item, regressions FROM catalog_version WHERE tbl = 'material' AND op = 'update' AND after_image->>'code' = 'form' ORDER BY 1$$,
  $$VALUES ('ms_a'::text, '{tolerance_off,commitment_off}'::text[]), ('ms_b', '{tolerance_off,commitment_off}')$$,
  'form losing both options in ms_a and ms_b in one UPDATE: tolerance_off and commitment_off of each');
ROLLBACK TO s;
-- the statement's rows of the code count as written after it: one taking
-- 容缺 from form of ms_b, the other renaming form of ms_a, each row of the
-- statement that took it from msb
UPDATE material SET tolerable = CASE item WHEN 'ms_b' THEN false ELSE tolerable END,
                    name = CASE item WHEN 'ms_a' THEN '申请书' ELSE name END
 WHERE code = 'form' AND item IN ('ms_a', 'ms_b');
SELECT results_eq(
  $$SELECT item, regressions FROM catalog_version WHERE tbl = 'material' AND op = 'update' AND after_image->>'code' = 'form' ORDER BY 1$$,
  $$VALUES ('ms_a'::text, '{tolerance_off}'::text[]), ('ms_b', '{tolerance_off}')$$,
  'form of ms_b made not tolerable and of ms_a renamed in one UPDATE: each row of the code tolerance_off of msb');
ROLLBACK TO s;

-- ---- a one-row statement, judged as ever ----------------------------------
UPDATE material SET tolerable = false WHERE code = 'form' AND item = 'ms_a';
SELECT results_eq(
  $$SELECT item, regressions FROM catalog_version WHERE tbl = 'material' AND op = 'update' AND after_image->>'code' = 'form'$$,
  $$VALUES ('ms_a'::text, catalog_regression_kinds('material', 'update',
                                                   '{"item": "ms_a", "code": "form", "required": true, "source": "applicant", "applies_to": "any", "tolerable": true, "commitment_allowed": true}',
                                                   (SELECT to_jsonb(m) FROM material m WHERE m.item = 'ms_a' AND m.code = 'form')))$$,
  'form of ms_a alone made not tolerable: judged as catalog_regression_kinds() without stmt');
SELECT is((SELECT regressions FROM catalog_version WHERE tbl = 'material' AND op = 'update' AND item = 'ms_a' AND after_image->>'code' = 'form'),
          '{tolerance_off}', 'that is tolerance_off of msb');
UPDATE material SET tolerable = false WHERE code = 'form' AND item = 'ms_b';
SELECT is((SELECT regressions FROM catalog_version WHERE tbl = 'material' AND op = 'update' AND item = 'ms_b' AND after_image->>'code' = 'form'),
          '{}', 'then form of ms_b alone: none (msb no longer tolerated it), as before');
ROLLBACK TO s;

-- ---- other rows of the statement that are not of the row's bundles or code -
INSERT INTO material (item, code, name, required, source, applies_to, tolerable, commitment_allowed) VALUES
  ('ms_a', 'deed', '房产证', true, 'applicant', 'any', false, false),
  ('ms_b', 'plan', '平面图', true, 'applicant', 'any', false, false),
  ('ms_solo1', 'deed', '房产证', true, 'applicant', 'any', false, false),
  ('ms_solo2', 'deed', '房产证', true, 'applicant', 'any', false, false);
SELECT results_eq(
  $$SELECT item, after_image->>'code', regressions FROM catalog_version
     WHERE tbl = 'material' AND op = 'insert' AND item IN ('ms_a', 'ms_b', 'ms_solo1', 'ms_solo2') AND after_image->>'code' IN ('deed', 'plan') ORDER BY 1$$,
  $$VALUES ('ms_a'::text, 'deed'::text, '{material_added}'::text[]), ('ms_b', 'plan', '{material_added}'),
           ('ms_solo1', 'deed', '{}'), ('ms_solo2', 'deed', '{}')$$,
  'one INSERT of materials of other codes and of items of no bundle: each judged alone (material_added of msb; none of an item first published today in no bundle)');
-- (not rolled back to s: pgTAP counts the tests it ran from its results,
-- which a ROLLBACK TO takes back; the ROLLBACK below undoes everything)

SELECT * FROM finish();
ROLLBACK;
