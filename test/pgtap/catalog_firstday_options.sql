-- tolerance_off and commitment_off of a bundle through a material of an
-- entry's item: a bundle's material (one code, one document, whichever
-- entries ask for it) is tolerable (容缺) or replaceable by a commitment
-- (告知承诺) at intake only if every entry requiring it of the applicant's
-- kind says so (src/core/completeness.c).  A material of an item that is an
-- entry of a bundle first published on an earlier day, losing an option, or
-- added required without it under a code the bundle tolerated through its
-- other entries, takes the option away from the bundle's applicants: a
-- regression of the bundle (bundle_material_options() with the material's
-- row before and after the write), whatever the item's first day.  Until
-- 2026-12-05 the material of an item first published today was judged for
-- the bundle by material_added only, and a required one added to an item
-- first published earlier by the item's own rules only: both took 容缺 or
-- 告知承诺 away unflagged (a review).
SET search_path = service_affair, public;
BEGIN;
SELECT plan(24);

SELECT create_roles();
CREATE ROLE fd_boss LOGIN IN ROLE service_affair_admin;
INSERT INTO department (code, name, region) VALUES ('FD', 'First-day options test', '330225');
INSERT INTO evidence_type (code, name) VALUES ('fd_licence', 'Business licence (shared)'),
                                              ('fd_seal_rec', 'Seal record (shared)');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online_depth)
SELECT c, c, 'FD', 'promised', 20, 5, 1, 'full'
  FROM unnest('{fd_old,fd_new,fd_alone,fd_solo}'::text[]) AS c;
-- fd_old (first published yesterday) and fd_new (today), entries of fdb
-- (yesterday): form tolerable and open to commitment in both; seal and
-- photo in one entry each, tolerable and open to commitment; strict
-- tolerable in neither; the licence fetched by the department
INSERT INTO material (item, code, name, required, source, evidence_type, applies_to, tolerable, commitment_allowed) VALUES
  ('fd_old', 'form', '申请表', true, 'applicant', NULL, 'any', true, true),
  ('fd_old', 'seal', '印章', true, 'applicant', NULL, 'any', true, true),
  ('fd_old', 'strict', '审批表', true, 'applicant', NULL, 'any', false, false),
  ('fd_old', 'licence', '营业执照', true, 'shared', 'fd_licence', 'any', true, true),
  ('fd_new', 'form', '申请表', true, 'applicant', NULL, 'any', true, true),
  ('fd_new', 'photo', '照片', true, 'applicant', NULL, 'any', true, true),
  ('fd_new', 'licence', '营业执照', true, 'shared', 'fd_licence', 'any', true, true),
  ('fd_alone', 'form', '申请表', true, 'applicant', NULL, 'any', true, true),
  ('fd_solo', 'form', '申请表', true, 'applicant', NULL, 'any', true, true);
INSERT INTO bundle (code, name, lead_department) VALUES ('fdb', 'Bundle', 'FD'), ('fdn', 'Bundle of today', 'FD');
INSERT INTO bundle_item (bundle, item) VALUES ('fdb', 'fd_old'), ('fdb', 'fd_new'), ('fdn', 'fd_alone');
-- fdb and fd_old as if first published yesterday (versions dated then, by
-- hand); fd_new, fd_alone, fd_solo and fdn are first published today
INSERT INTO catalog_version (tbl, op, key, item, bundle, before_image, after_image, effective_at, actor, reviewed, ledger_seq)
VALUES ('bundle', 'update', '{"code": "fdb"}', NULL, 'fdb', '{"code": "fdb"}', '{"code": "fdb"}',
        now() - interval '1 day', current_user, false, 0),
       ('item', 'update', '{"code": "fd_old"}', 'fd_old', NULL, '{"code": "fd_old"}', '{"code": "fd_old"}',
        now() - interval '1 day', current_user, false, 0);

-- ---- bundle_material_options() with a material's image ---------------------
SELECT results_eq(
  $$SELECT o.code, o.tolerable, o.commitment_allowed
      FROM bundle_material_options('{fd_old,fd_new}', '{1,1}', 'person',
                                   '[{"key": {"item": "fd_new", "code": "form"}, "image": {"item": "fd_new", "code": "form", "tolerable": true}}]') o ORDER BY 1$$,
  $$VALUES ('form'::text, true, false), ('licence', true, true), ('photo', true, true), ('seal', true, true), ('strict', false, false)$$,
  'an image in place of the row, a column left out its default (commitment_allowed false): form tolerable, not open to commitment');
SELECT results_eq(
  $$SELECT o.code FROM bundle_material_options('{fd_old,fd_new}', '{1,1}', 'person', '[{"key": {"item": "fd_new", "code": "photo"}, "image": null}]') o ORDER BY 1$$,
  $$VALUES ('form'::text), ('licence'), ('seal'), ('strict')$$,
  'no image: the row absent (photo, asked by fd_new only, gone)');
SELECT results_eq(
  $$SELECT * FROM bundle_material_options('{fd_old,fd_new}', '{1,1}', 'org',
                                          '[{"key": {"item": "fd_new", "code": "seal"}, "image": {"item": "fd_new", "code": "seal", "name": "印章", "required": true, "tolerable": false, "commitment_allowed": true}}]') o
     WHERE o.code = 'seal'$$,
  $$VALUES ('seal'::text, true, false, true)$$,
  'an image of a row the table lacks: added (seal no longer tolerable, still open to commitment)');

-- ---- an item first published today, an entry of fdb -----------------------
SELECT is(catalog_regression_kinds('material', 'update',
                                   '{"item": "fd_new", "code": "form", "tolerable": true, "commitment_allowed": true}',
                                   '{"item": "fd_new", "code": "form", "tolerable": false, "commitment_allowed": true}'),
          '{tolerance_off}', 'form of fd_new no longer tolerable, fd_old tolerating it: tolerance_off (of the bundle; was none)');
SELECT is(catalog_regression_kinds('material', 'update',
                                   '{"item": "fd_new", "code": "form", "tolerable": true, "commitment_allowed": true}',
                                   '{"item": "fd_new", "code": "form", "tolerable": true, "commitment_allowed": false}'),
          '{commitment_off}', 'form of fd_new no longer open to commitment: commitment_off (of the bundle; was none)');
SELECT is(catalog_regression_kinds('material', 'insert', NULL,
                                   '{"item": "fd_new", "code": "seal", "required": true, "source": "applicant", "applies_to": "any"}'),
          '{tolerance_off,commitment_off}',
          'seal, tolerated by fd_old, added to fd_new required without 容缺 or 告知承诺: tolerance_off and commitment_off (was none)');
SELECT is(catalog_regression_kinds('material', 'insert', NULL,
                                   '{"item": "fd_new", "code": "seal", "required": true, "tolerable": true, "commitment_allowed": false}'),
          '{commitment_off}', 'seal added tolerable, without 告知承诺: commitment_off');
SELECT is(catalog_regression_kinds('material', 'insert', NULL,
                                   '{"item": "fd_new", "code": "seal", "required": false, "tolerable": false}'),
          '{}', 'seal added as optional (fd_old, requiring it, decides): none');
SELECT is(catalog_regression_kinds('material', 'insert', NULL,
                                   '{"item": "fd_new", "code": "strict", "required": true, "tolerable": false}'),
          '{}', 'strict, which fd_old does not tolerate, added without 容缺: none (the bundle never tolerated it)');
SELECT is(catalog_regression_kinds('material', 'update',
                                   '{"item": "fd_new", "code": "licence", "source": "shared", "evidence_type": "fd_licence", "tolerable": true, "commitment_allowed": true}',
                                   '{"item": "fd_new", "code": "licence", "source": "shared", "evidence_type": "fd_licence", "tolerable": false, "commitment_allowed": false}'),
          '{}', 'the licence the department fetches (shared in every entry) losing both: none (nobody brings it)');
-- a material the department fetches under a code the applicant brings to
-- another entry: intake decides the code by every entry requiring it, the
-- fetched one too (completeness.c: its options are and-ed like any other),
-- so the applicant, who still brings seal for fd_old, loses 容缺
SELECT is(catalog_regression_kinds('material', 'insert', NULL,
                                   '{"item": "fd_new", "code": "seal", "required": true, "source": "shared", "evidence_type": "fd_seal_rec"}'),
          '{tolerance_off,commitment_off}',
          'seal added to fd_new as fetched (shared) without options, fd_old asking the applicant for it: tolerance_off and commitment_off (intake''s rule)');
SELECT is(catalog_regression_kinds('material', 'update',
                                   '{"item": "fd_new", "code": "form", "source": "applicant", "tolerable": true, "commitment_allowed": true}',
                                   '{"item": "fd_new", "code": "form", "source": "shared", "evidence_type": "fd_licence", "tolerable": true, "commitment_allowed": true}'),
          '{}', 'form of fd_new made shared, its options kept: none');
SELECT is(catalog_regression_kinds('material', 'update',
                                   '{"item": "fd_new", "code": "form", "tolerable": true, "commitment_allowed": true}',
                                   '{"item": "fd_new", "code": "form", "tolerable": true, "commitment_allowed": true, "copies": 2}'),
          '{}', 'form of fd_new asking more copies, options kept: none (an item first published today has no copies_raised)');
SELECT is(catalog_regression_kinds('material', 'insert', NULL,
                                   '{"item": "fd_new", "code": "deed", "required": true, "tolerable": false}'),
          '{material_added}', 'a material no entry asked, without 容缺: material_added only, as before');

-- ---- not an entry of a bundle of an earlier day ----------------------------
SELECT is(catalog_regression_kinds('material', 'update',
                                   '{"item": "fd_solo", "code": "form", "tolerable": true}', '{"item": "fd_solo", "code": "form", "tolerable": false}'),
          '{}', 'an item first published today in no bundle: none (its first day)');
SELECT is(catalog_regression_kinds('material', 'update',
                                   '{"item": "fd_alone", "code": "form", "tolerable": true}', '{"item": "fd_alone", "code": "form", "tolerable": false}'),
          '{}', 'an item first published today, an entry of a bundle first published today: none');

-- ---- an item first published on an earlier day ------------------------------
SELECT is(catalog_regression_kinds('material', 'update',
                                   '{"item": "fd_old", "code": "form", "tolerable": true, "commitment_allowed": true}',
                                   '{"item": "fd_old", "code": "form", "tolerable": false, "commitment_allowed": true}'),
          '{tolerance_off}', 'form of fd_old no longer tolerable: tolerance_off, once (the item''s and the bundle''s alike)');
SELECT is(catalog_regression_kinds('material', 'insert', NULL,
                                   '{"item": "fd_old", "code": "photo", "required": true, "tolerable": false, "commitment_allowed": false}'),
          '{material_added,tolerance_off,commitment_off}',
          'photo, tolerated by fd_new, added to fd_old without options: material_added (of the item) and tolerance_off, commitment_off (of the bundle; was material_added only)');

-- ---- the writes, recorded --------------------------------------------------
INSERT INTO applicant (kind, resident_id, uscc, name, credit_ok) VALUES ('person', '11010519491231002X', NULL, 'FD person', true);
SELECT is((SELECT t.status FROM applicant a, LATERAL completeness('fdb', a.id, '{}') t WHERE a.name = 'FD person' AND t.material = 'seal'),
          'tolerated', 'intake before the write: seal tolerated for fdb''s applicant');
SET ROLE fd_boss;
INSERT INTO material (item, code, name, required, source, tolerable, commitment_allowed)
VALUES ('fd_new', 'seal', '印章', true, 'applicant', false, false);
UPDATE material SET tolerable = false WHERE item = 'fd_new' AND code = 'form';
RESET ROLE;
SELECT is((SELECT t.status FROM applicant a, LATERAL completeness('fdb', a.id, '{}') t WHERE a.name = 'FD person' AND t.material = 'seal'),
          'missing', 'intake after it: seal missing (容缺 taken away)');
SELECT results_eq($$SELECT after_image->>'code', kind, reason_missing FROM catalog_regressions
                     WHERE item = 'fd_new' AND tbl = 'material' ORDER BY 1, 2$$,
                  $$VALUES ('form'::text, 'tolerance_off'::text, true), ('seal', 'commitment_off', true), ('seal', 'tolerance_off', true)$$,
                  'recorded: seal added without options and form made not tolerable, reason missing');
-- a material the department fetches, but under a code the applicant brings
-- to another entry: intake decides the code by every entry requiring it
SELECT is(catalog_regression_kinds('material', 'update',
                                   '{"item": "fd_new", "code": "photo", "source": "applicant", "tolerable": true, "commitment_allowed": true}',
                                   '{"item": "fd_new", "code": "photo", "source": "shared", "evidence_type": "fd_seal_rec", "tolerable": true, "commitment_allowed": true}'),
          '{}', 'photo, asked by fd_new only, made shared: none (nobody brings it after)');

-- the reviewed path: a proposal without a reason is refused
SET ROLE fd_boss;
SELECT throws_ok($$SELECT propose_catalog_change('{"table": "material", "op": "update", "key": {"item": "fd_new", "code": "form"}, "row": {"commitment_allowed": false}}')$$,
                 '22023', 'a regression needs a reason',
                 'form of fd_new proposed without 告知承诺, without a reason: 22023');
SELECT lives_ok($$SELECT propose_catalog_change('{"table": "material", "op": "update", "key": {"item": "fd_solo", "code": "form"}, "row": {"commitment_allowed": false}}')$$,
                'the same for the item in no bundle: proposed');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
