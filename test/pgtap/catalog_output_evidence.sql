-- What an item issues (output_evidence_type) decides what a later stage of a
-- bundle asks of its applicants: a material of a later stage naming the
-- evidence type an earlier stage issues is produced (intake's rule,
-- catalog_entries() flag 32, classify_materials()), not brought.  An UPDATE
-- of item that clears or changes it, so that no earlier stage issues it any
-- more, makes the bundle's applicants bring it: material_added of the
-- bundle (bundle_material_options() with the item's images, item_images:
-- brought after and not before), recorded on the item's version, whatever
-- the item's first day, for a bundle first published on an earlier day.
-- One that another earlier stage still issues, or one an earlier stage
-- newly issues, is none.  A multi-row UPDATE is judged against the catalog
-- as it stood before it (stmt, the item's transition tables).  Until
-- 2026-12-05 it was judged by nothing (a review; the material-side rule is
-- catalog_material_produced.sql).
SET search_path = service_affair, public;
BEGIN;
SELECT plan(16);

SELECT create_roles();
INSERT INTO department (code, name, region) VALUES ('OE', 'Output evidence test', '330225');
INSERT INTO evidence_type (code, name) VALUES ('oe_permit', 'Permit issued by an earlier stage'),
                                              ('oe_other', 'Another certificate');
-- items: <bundle>_iss* issue, <bundle>_use asks for the permit (stage after)
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online_depth)
SELECT c, c, 'OE', 'promised', 20, 5, 1, 'full'
  FROM unnest('{oa_iss,oa_use,ob_iss,ob_use,oc_iss1,oc_iss2,oc_use,od_iss,od_use,oe_iss1,oe_iss2,oe_use,
                of_iss1,of_iss2,of_use,og_iss,og_use,oh_iss,oh_use,oi_iss,oi_use,oj_alone,ok_iss,ok_use}'::text[]) AS c;
UPDATE item SET output_evidence_type = 'oe_permit'
 WHERE code IN ('oa_iss', 'ob_iss', 'oc_iss1', 'oc_iss2', 'oe_iss1', 'oe_iss2', 'of_iss1', 'og_iss', 'oh_iss',
                'oi_iss', 'oj_alone', 'ok_iss');
INSERT INTO material (item, code, name, required, source, evidence_type, applies_to, tolerable, commitment_allowed)
SELECT c, 'permit', '许可证', true, 'applicant', 'oe_permit', 'any', false, false
  FROM unnest('{oa_use,ob_use,oc_use,od_use,oe_use,of_use,og_use,oh_use,oi_use,ok_use}'::text[]) AS c;
INSERT INTO material (item, code, name, required, source, evidence_type, applies_to, tolerable, commitment_allowed)
SELECT c, 'form', '申请表', true, 'applicant', NULL, 'any', false, false
  FROM unnest('{oa_iss,ob_iss,oc_iss1,oc_iss2,od_iss,oe_iss1,oe_iss2,of_iss1,of_iss2,og_iss,oh_iss,oi_iss,ok_iss}'::text[]) AS c;
INSERT INTO bundle (code, name, lead_department)
SELECT c, c, 'OE' FROM unnest('{oab,obb,ocb,odb,oeb,ofb,ogb,ohb,oib,okb}'::text[]) AS c;
INSERT INTO bundle_item (bundle, item, stage) VALUES
  ('oab', 'oa_iss', 1), ('oab', 'oa_use', 2),
  ('obb', 'ob_iss', 1), ('obb', 'ob_use', 2),
  ('ocb', 'oc_iss1', 1), ('ocb', 'oc_iss2', 2), ('ocb', 'oc_use', 3),
  ('odb', 'od_iss', 1), ('odb', 'od_use', 2),
  ('oeb', 'oe_iss1', 1), ('oeb', 'oe_iss2', 1), ('oeb', 'oe_use', 2),
  ('ofb', 'of_iss1', 1), ('ofb', 'of_iss2', 1), ('ofb', 'of_use', 2),
  ('ogb', 'og_iss', 1), ('ogb', 'og_use', 2),
  ('ohb', 'oh_iss', 1), ('ohb', 'oh_use', 2),
  ('oib', 'oi_iss', 1), ('oib', 'oi_use', 2),
  ('okb', 'ok_iss', 1), ('okb', 'ok_use', 2);
-- first published yesterday: every item but og_iss (first published today),
-- every bundle but ohb (first published today)
INSERT INTO catalog_version (tbl, op, key, item, bundle, before_image, after_image, effective_at, actor, reviewed, ledger_seq)
SELECT 'item', 'update', jsonb_build_object('code', c), c, NULL, jsonb_build_object('code', c), jsonb_build_object('code', c),
       now() - interval '1 day', current_user, false, 0
  FROM unnest('{oa_iss,oa_use,ob_iss,ob_use,oc_iss1,oc_iss2,oc_use,od_iss,od_use,oe_iss1,oe_iss2,oe_use,
                of_iss1,of_iss2,of_use,og_use,oh_iss,oh_use,oi_iss,oi_use,oj_alone,ok_iss,ok_use}'::text[]) c
UNION ALL
SELECT 'bundle', 'update', jsonb_build_object('code', c), NULL, c, jsonb_build_object('code', c), jsonb_build_object('code', c),
       now() - interval '1 day', current_user, false, 0
  FROM unnest('{oab,obb,ocb,odb,oeb,ofb,ogb,oib,okb}'::text[]) c;

CREATE TEMP VIEW oe_last AS
SELECT DISTINCT ON (v.item) v.item, v.regressions FROM catalog_version v
 WHERE v.tbl = 'item' AND v.op = 'update' AND v.item LIKE 'o%' AND v.after_image ? 'output_evidence_type'
   AND v.before_image ? 'output_evidence_type'
 ORDER BY v.item, v.id DESC;

SELECT results_eq(
  $$SELECT o.code, o.brought FROM bundle_material_options('{oa_iss,oa_use}', '{1,2}', 'person') o ORDER BY 1$$,
  $$VALUES ('form'::text, true), ('permit', false)$$,
  'the permit is issued by stage 1: the bundle''s applicants do not bring it');

-- ---- one row ----------------------------------------------------------------
UPDATE item SET output_evidence_type = NULL WHERE code = 'oa_iss';
SELECT is((SELECT regressions FROM oe_last WHERE item = 'oa_iss'), '{material_added}',
          'an earlier stage''s output_evidence_type cleared: the bundle''s applicants now bring the permit, material_added');
UPDATE item SET output_evidence_type = 'oe_other' WHERE code = 'ob_iss';
SELECT is((SELECT regressions FROM oe_last WHERE item = 'ob_iss'), '{material_added}',
          'changed to another evidence type: material_added');
UPDATE item SET output_evidence_type = NULL WHERE code = 'oc_iss1';
SELECT is((SELECT regressions FROM oe_last WHERE item = 'oc_iss1'), '{}',
          'another earlier stage still issues the permit: none');
UPDATE item SET output_evidence_type = 'oe_permit' WHERE code = 'od_iss';
SELECT is((SELECT regressions FROM oe_last WHERE item = 'od_iss'), '{}',
          'an earlier stage newly issues the permit (the applicant brings it no more): none');
-- undone the next day: the bundle's applicants bring it again
SELECT is(catalog_regression_kinds('item', 'update', (SELECT to_jsonb(i) FROM item i WHERE i.code = 'od_iss'),
                                   (SELECT to_jsonb(i) || '{"output_evidence_type": null}' FROM item i WHERE i.code = 'od_iss'),
                                   now()),
          '{material_added}', 'as a proposal (the table holding the row before): its clearing is material_added');

-- ---- first days ---------------------------------------------------------------
UPDATE item SET output_evidence_type = NULL WHERE code = 'og_iss';
SELECT is((SELECT regressions FROM oe_last WHERE item = 'og_iss'), '{material_added}',
          'an item first published today, entry of a bundle published earlier: material_added of the bundle');
UPDATE item SET output_evidence_type = NULL WHERE code = 'oh_iss';
SELECT is((SELECT regressions FROM oe_last WHERE item = 'oh_iss'), '{}',
          'of a bundle first published today: none');
UPDATE item SET output_evidence_type = NULL WHERE code = 'oj_alone';
SELECT is((SELECT regressions FROM oe_last WHERE item = 'oj_alone'), '{}', 'an item of no bundle: none');
-- with other kinds of the item's own
UPDATE item SET output_evidence_type = NULL, max_visits = 2 WHERE code = 'oi_iss';
SELECT is((SELECT regressions FROM oe_last WHERE item = 'oi_iss'), '{visits_raised,material_added}',
          'with a regression of the item''s own: both');

-- ---- a statement of several rows ------------------------------------------------
UPDATE item SET output_evidence_type = NULL WHERE code IN ('oe_iss1', 'oe_iss2');
SELECT is((SELECT array_agg(regressions::text ORDER BY item) FROM oe_last WHERE item IN ('oe_iss1', 'oe_iss2')),
          '{"{material_added}","{material_added}"}',
          'one UPDATE clearing both issuers of one stage: each row is material_added (each alone would be none)');
UPDATE item SET output_evidence_type = CASE code WHEN 'of_iss1' THEN NULL ELSE 'oe_permit' END
 WHERE code IN ('of_iss1', 'of_iss2');
SELECT is((SELECT array_agg(regressions::text ORDER BY item) FROM oe_last WHERE item IN ('of_iss1', 'of_iss2')),
          '{"{}","{}"}',
          'one UPDATE moving the issue from one item of stage 1 to another: none');
-- a multi-row statement where the rows are of different bundles
UPDATE item SET output_evidence_type = NULL WHERE code IN ('ok_iss', 'oj_alone', 'od_iss');
SELECT is((SELECT array_agg(item || ' ' || regressions::text ORDER BY item) FROM oe_last WHERE item IN ('ok_iss', 'od_iss')),
          '{"od_iss {material_added}","ok_iss {material_added}"}',
          'one UPDATE of items of several bundles: each bundle''s issuer cleared is material_added');

-- ---- its cost: linear in the bundle's size --------------------------------------
-- a 600-entry bundle, stage 1 issuing the permit every later stage asks for
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online_depth)
SELECT 'oz' || g, 'oz ' || g, 'OE', 'promised', 20, 5, 1, 'full' FROM generate_series(1, 600) g;
UPDATE item SET output_evidence_type = 'oe_permit' WHERE code = 'oz1';
INSERT INTO material (item, code, name, required, source, evidence_type, applies_to, tolerable, commitment_allowed)
SELECT 'oz' || g, 'permit', '许可证', true, 'applicant', 'oe_permit', 'any', false, false FROM generate_series(2, 600) g
UNION ALL
SELECT 'oz' || g, 'form' || g, '申请表' || g, true, 'applicant', NULL, 'any', true, false FROM generate_series(1, 600) g;
INSERT INTO bundle (code, name, lead_department) VALUES ('ozb', 'Big bundle', 'OE');
INSERT INTO bundle_item (bundle, item, stage) SELECT 'ozb', 'oz' || g, g FROM generate_series(1, 600) g;
INSERT INTO catalog_version (tbl, op, key, item, bundle, before_image, after_image, effective_at, actor, reviewed, ledger_seq)
VALUES ('bundle', 'update', '{"code": "ozb"}', NULL, 'ozb', '{"code": "ozb"}', '{"code": "ozb"}',
        now() - interval '1 day', current_user, false, 0);
SELECT pg_stat_get_xact_numscans('service_affair.item'::regclass) AS oz_scans \gset
UPDATE item SET output_evidence_type = NULL WHERE code = 'oz1';
SELECT is((SELECT regressions FROM oe_last WHERE item = 'oz1'), '{material_added}',
          'the first stage of a 600-entry bundle stops issuing: material_added');
SELECT cmp_ok(pg_stat_get_xact_numscans('service_affair.item'::regclass) - :oz_scans, '<', 600::bigint,
              'judged with item scanned fewer times than the bundle has entries');
SELECT pg_stat_get_xact_numscans('service_affair.material'::regclass) AS oz_mscans \gset
UPDATE item SET name = 'oz 1 renamed' WHERE code = 'oz1';
SELECT cmp_ok(pg_stat_get_xact_numscans('service_affair.material'::regclass) - :oz_mscans, '=', 0::bigint,
              'an update leaving output_evidence_type as it was reads no material of the bundle');

SELECT * FROM finish();
ROLLBACK;
