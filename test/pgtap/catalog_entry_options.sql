-- tolerance_off and commitment_off of a bundle entry: a bundle's material
-- (one code, one document, whichever entries ask for it) is tolerable
-- (容缺) or replaceable by a commitment (告知承诺) at intake only if every
-- entry requiring it of the applicant's kind says so (src/core/completeness.c).
-- An entry added, or an entry's item changed, whose item asks for a material
-- the bundle's applicants bring without 容缺 or 告知承诺 takes them away: a
-- regression of the bundle (bundle_material_options(), the rule of intake,
-- before and after the write).  Until 2026-12-05 an entry was judged by its
-- days, its online depth and the materials it added only (a review).  An
-- entry removed only widens them; a material nobody brings (the department
-- fetches it, optional, of the other kind) burdens nobody.
SET search_path = service_affair, public;
BEGIN;
SELECT plan(20);

SELECT create_roles();
CREATE ROLE eo_boss LOGIN IN ROLE service_affair_admin;
INSERT INTO department (code, name, region) VALUES ('EO', 'Entry options test', '330225');
INSERT INTO evidence_type (code, name) VALUES ('eo_licence', 'Business licence (shared)');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online_depth)
SELECT c, c, 'EO', 'promised', 20, 5, 1, 'full'
  FROM unnest('{eo_a,eo_b,eo_strict,eo_tol,eo_nocommit,eo_optional,eo_lic,eo_seal,eo_deed}'::text[]) AS c;
-- the bundle's entries: form and permit tolerable and open to commitment,
-- licence fetched by the department, seal brought by organisations only
INSERT INTO material (item, code, name, required, source, evidence_type, applies_to, tolerable, commitment_allowed) VALUES
  ('eo_a', 'form', '申请表', true, 'applicant', NULL, 'any', true, true),
  ('eo_a', 'permit', '许可证', true, 'applicant', NULL, 'any', true, true),
  ('eo_a', 'licence', '营业执照', true, 'shared', 'eo_licence', 'any', true, true),
  ('eo_a', 'seal', '印章', true, 'applicant', NULL, 'org', true, true),
  ('eo_b', 'form', '申请表', true, 'applicant', NULL, 'any', true, true),
  -- items that may be entered
  ('eo_strict', 'form', '申请表', true, 'applicant', NULL, 'any', false, false),
  ('eo_tol', 'form', '申请表', true, 'applicant', NULL, 'any', true, true),
  ('eo_nocommit', 'form', '申请表', true, 'applicant', NULL, 'any', true, false),
  ('eo_optional', 'form', '申请表', false, 'applicant', NULL, 'any', false, false),
  ('eo_lic', 'licence', '营业执照', true, 'shared', 'eo_licence', 'any', false, false),
  ('eo_seal', 'seal', '印章', true, 'applicant', NULL, 'person', false, false),
  ('eo_deed', 'deed', '房产证', true, 'applicant', NULL, 'any', false, false);
INSERT INTO bundle (code, name, lead_department) VALUES ('eob', 'Bundle', 'EO');
INSERT INTO bundle_item (bundle, item) VALUES ('eob', 'eo_a'), ('eob', 'eo_b');
-- eob and eo_a as if first published yesterday (versions dated then, by hand)
INSERT INTO catalog_version (tbl, op, key, item, bundle, before_image, after_image, effective_at, actor, reviewed, ledger_seq)
VALUES ('bundle', 'update', '{"code": "eob"}', NULL, 'eob', '{"code": "eob"}', '{"code": "eob"}',
        now() - interval '1 day', current_user, false, 0),
       ('item', 'update', '{"code": "eo_a"}', 'eo_a', NULL, '{"code": "eo_a"}', '{"code": "eo_a"}',
        now() - interval '1 day', current_user, false, 0);

-- ---- an entry added, judged over its image --------------------------------
SELECT is(catalog_regression_kinds('bundle_item', 'insert', NULL, '{"bundle": "eob", "item": "eo_strict", "stage": 1}'),
          '{tolerance_off,commitment_off}',
          'an item asking for form without 容缺 or 告知承诺 entered: tolerance_off and commitment_off (was none)');
SELECT is(catalog_regression_kinds('bundle_item', 'insert', NULL, '{"bundle": "eob", "item": "eo_nocommit", "stage": 1}'),
          '{commitment_off}', 'one asking for form tolerable, without 告知承诺: commitment_off (was none)');
SELECT is(catalog_regression_kinds('bundle_item', 'insert', NULL, '{"bundle": "eob", "item": "eo_strict", "stage": 2}'),
          '{limit_lengthened,extension_lengthened,tolerance_off,commitment_off}',
          'the same in a stage of its own (one document for the bundle): tolerance_off and commitment_off, with the days of the stage');
SELECT is(catalog_regression_kinds('bundle_item', 'insert', NULL, '{"bundle": "eob", "item": "eo_tol", "stage": 1}'),
          '{}', 'one asking for form tolerable and open to commitment: none');
SELECT is(catalog_regression_kinds('bundle_item', 'insert', NULL, '{"bundle": "eob", "item": "eo_optional", "stage": 1}'),
          '{}', 'one asking for form as optional (the entries requiring it decide): none');
SELECT is(catalog_regression_kinds('bundle_item', 'insert', NULL, '{"bundle": "eob", "item": "eo_lic", "stage": 1}'),
          '{}', 'one asking for the licence the department fetches, not tolerable: none (nobody brings it)');
SELECT is(catalog_regression_kinds('bundle_item', 'insert', NULL, '{"bundle": "eob", "item": "eo_seal", "stage": 1}'),
          '{material_added}', 'one asking persons for the seal organisations bring, not tolerable: material_added (persons bring it now), no tolerance_off (organisations keep 容缺)');
SELECT is(catalog_regression_kinds('bundle_item', 'insert', NULL, '{"bundle": "eob", "item": "eo_deed", "stage": 1}'),
          '{material_added}', 'one asking for a material no entry asked, not tolerable: material_added only');
SELECT is(catalog_regression_kinds('bundle_item', 'delete', '{"bundle": "eob", "item": "eo_b", "stage": 1}', NULL),
          '{}', 'an entry removed: none');

-- ---- a multi-row statement: judged against the bundle before it -----------
-- eo_tol and eo_nocommit entered by one statement: eo_tol's row sees
-- eo_nocommit as a row of its statement, not as an entry before it
INSERT INTO bundle_item (bundle, item) VALUES ('eob', 'eo_nocommit');
SELECT is(catalog_regression_kinds('bundle_item', 'insert', NULL, '{"bundle": "eob", "item": "eo_tol", "stage": 1}',
                                   now(), '{"old": [], "new": [{"bundle": "eob", "item": "eo_nocommit", "stage": 1}]}'),
          '{commitment_off}', 'an entry of a statement that enters eo_nocommit too: commitment_off (the bundle before the statement)');
SELECT is(catalog_regression_kinds('bundle_item', 'insert', NULL, '{"bundle": "eob", "item": "eo_tol", "stage": 1}'),
          '{}', 'the same entry alone, eo_nocommit entered before: none');
DELETE FROM bundle_item WHERE item = 'eo_nocommit';

-- ---- the writes, recorded --------------------------------------------------
SET ROLE eo_boss;
INSERT INTO bundle_item (bundle, item) VALUES ('eob', 'eo_tol'), ('eob', 'eo_nocommit');
RESET ROLE;
SELECT set_eq($$SELECT kind FROM catalog_regressions WHERE bundle = 'eob' AND tbl = 'bundle_item'$$,
              $$VALUES ('commitment_off'::text)$$,
              'eo_tol and eo_nocommit entered by one statement: commitment_off recorded');
SET ROLE eo_boss;
UPDATE bundle_item SET item = 'eo_strict' WHERE bundle = 'eob' AND item = 'eo_b';
RESET ROLE;
SELECT results_eq($$SELECT kind, reason_missing FROM catalog_regressions
                     WHERE bundle = 'eob' AND tbl = 'bundle_item' AND after_image->>'item' = 'eo_strict' ORDER BY kind$$,
                  $$VALUES ('tolerance_off'::text, true)$$,
                  'an entry''s item changed to eo_strict: tolerance_off, reason missing (告知承诺 already gone)');
SET ROLE eo_boss;
SELECT throws_ok($$SELECT propose_catalog_change('{"table": "bundle_item", "op": "insert", "key": {"bundle": "eob", "item": "eo_deed"}, "row": {"stage": 1}}')$$,
                 '22023', 'a regression needs a reason', 'eo_deed proposed for the bundle without a reason: 22023');
DELETE FROM bundle_item WHERE bundle = 'eob' AND item = 'eo_strict';
RESET ROLE;
SELECT is((SELECT count(*)::int FROM catalog_regressions WHERE bundle = 'eob' AND tbl = 'bundle_item' AND after_image IS NULL),
          0, 'eo_strict removed: no regression');

-- ---- the item's own path ---------------------------------------------------
SELECT is(catalog_regression_kinds('material', 'update',
                                   '{"item": "eo_a", "code": "form", "required": true, "source": "applicant", "applies_to": "any", "tolerable": true}',
                                   '{"item": "eo_a", "code": "form", "required": true, "source": "applicant", "applies_to": "any", "tolerable": false}'),
          '{tolerance_off}', 'form of eo_a, an entry of eob, no longer tolerable: tolerance_off (of the item)');

-- ---- the rule is intake's ------------------------------------------------------
-- bundle_material_options() over eob's entries equals completeness() for an
-- applicant with nothing on file and good credit: tolerated without
-- commitments, committed when he commits to every material
INSERT INTO applicant (kind, resident_id, uscc, name, credit_ok) VALUES
  ('person', '11010519491231002X', NULL, 'EO person', true),
  ('org', NULL, '91110000600037341L', 'EO org', true);
INSERT INTO bundle_item (bundle, item, stage) VALUES ('eob', 'eo_seal', 1), ('eob', 'eo_optional', 2), ('eob', 'eo_deed', 2);
SELECT results_eq(
  $$SELECT a.kind, o.code, o.tolerable, o.commitment_allowed
      FROM applicant a,
           LATERAL (SELECT array_agg(bi.item) AS items, array_agg(bi.stage) AS stages FROM bundle_item bi WHERE bi.bundle = 'eob') e,
           LATERAL bundle_material_options(e.items, e.stages, a.kind::text) o
     WHERE a.name LIKE 'EO %' ORDER BY 1, 2$$,
  $$SELECT a.kind, t.material, t.status = 'tolerated', c.status = 'committed'
      FROM applicant a,
           LATERAL completeness('eob', a.id, '{}') t,
           LATERAL completeness('eob', a.id, '{}', (SELECT array_agg(DISTINCT m.code) FROM material m JOIN bundle_item bi ON bi.item = m.item
                                                     WHERE bi.bundle = 'eob' AND m.applies_to IN ('any', a.kind::text))) c
     WHERE a.name LIKE 'EO %' AND c.material = t.material ORDER BY 1, 2$$,
  'bundle_material_options() agrees with completeness() on every material of eob, of either kind');
SELECT ok((SELECT bool_or(o.tolerable) AND NOT bool_and(o.tolerable)
             FROM (SELECT array_agg(bi.item) AS items, array_agg(bi.stage) AS stages FROM bundle_item bi WHERE bi.bundle = 'eob') e,
                  LATERAL bundle_material_options(e.items, e.stages, 'person') o),
          'the comparison holds both tolerable and not tolerable materials');

-- ---- its cost: linear in the bundle's size ---------------------------------
-- each entry's write calls it four times (before and after, either kind):
-- until 2026-12-05 whether a material was issued by an earlier stage was a
-- probe of the entries per material (an 800-entry bundle took 3.7 s a call,
-- an entry's INSERT 16 s), now one join.  Read by the scans of item: one
-- per material before, a few now
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online_depth)
SELECT 'eo_big' || g, 'eo big ' || g, 'EO', 'promised', 20, 5, 1, 'full' FROM generate_series(1, 200) g;
INSERT INTO material (item, code, name, required, source, evidence_type, applies_to, tolerable, commitment_allowed)
SELECT 'eo_big' || g, 'big' || (g % 7) || '_' || j, '材料' || (g % 7) || '_' || j, true, 'applicant', NULL, 'any', true, true
  FROM generate_series(1, 200) g, generate_series(1, 3) j;
SELECT pg_stat_get_xact_numscans('service_affair.item'::regclass) AS eo_scans \gset
SELECT count(*) AS eo_big_count FROM bundle_material_options((SELECT array_agg('eo_big' || g) FROM generate_series(1, 200) g),
                                                             (SELECT array_agg(1 + g % 3) FROM generate_series(1, 200) g), 'person') \gset
SELECT cmp_ok(pg_stat_get_xact_numscans('service_affair.item'::regclass) - :eo_scans, '<', 200::bigint,
              'bundle_material_options() over 200 entries of 600 materials scans item fewer times than it has entries');

-- and so is an entry's judgement (catalog_regression_kinds()): whether an
-- earlier stage issues a material, and the materials brought after and not
-- before, by joins (until 2026-12-05 a probe per material, and a nested
-- loop over both sides: an entry's INSERT into an 800-entry bundle took
-- 4 to 30 s by the plan, 0.8 s now)
INSERT INTO bundle (code, name, lead_department) VALUES ('eo_bigb', 'Big bundle', 'EO');
INSERT INTO bundle_item (bundle, item, stage) SELECT 'eo_bigb', 'eo_big' || g, 1 + g % 3 FROM generate_series(1, 200) g;
INSERT INTO catalog_version (tbl, op, key, item, bundle, before_image, after_image, effective_at, actor, reviewed, ledger_seq)
VALUES ('bundle', 'update', '{"code": "eo_bigb"}', NULL, 'eo_bigb', '{"code": "eo_bigb"}', '{"code": "eo_bigb"}',
        now() - interval '1 day', current_user, false, 0);
SELECT pg_stat_get_xact_numscans('service_affair.item'::regclass) AS eo_scans \gset
SELECT catalog_regression_kinds('bundle_item', 'insert', NULL, '{"bundle": "eo_bigb", "item": "eo_deed", "stage": 1}') AS eo_big_kinds \gset
SELECT cmp_ok(pg_stat_get_xact_numscans('service_affair.item'::regclass) - :eo_scans, '<', 200::bigint,
              'an entry of a 200-entry bundle judged: item scanned fewer times than the bundle has entries');

SELECT * FROM finish();
ROLLBACK;
