-- A material an earlier stage of a bundle issues (its evidence type is the
-- output of an item of an earlier stage: produced, src/core/completeness.c)
-- is not brought by the bundle's applicants; a write of it that makes them
-- bring it (its evidence type changed or cleared, so that no earlier stage
-- issues it) asks them a document they did not bring: material_added of the
-- bundle (bundle_material_options(): brought after and not before, of his
-- kind), as an entry's (catalog_entry_options.sql).  Until 2026-12-05 it
-- was judged by material_brought() alone, which knows no stages: before
-- and after "brought", nothing flagged (a review).
SET search_path = service_affair, public;
BEGIN;
SELECT plan(4);

SELECT create_roles();
INSERT INTO department (code, name, region) VALUES ('EP', 'Produced material test', '330225');
INSERT INTO evidence_type (code, name) VALUES ('ep_permit', 'Permit issued by stage 1');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online_depth)
SELECT c, c, 'EP', 'promised', 20, 5, 1, 'full' FROM unnest('{ep_issuer,ep_user,ep_alone}'::text[]) AS c;
UPDATE item SET output_evidence_type = 'ep_permit' WHERE code = 'ep_issuer';
-- ep_user (stage 2) asks for the permit ep_issuer (stage 1) issues
INSERT INTO material (item, code, name, required, source, evidence_type, applies_to, tolerable, commitment_allowed) VALUES
  ('ep_issuer', 'form', '申请表', true, 'applicant', NULL, 'any', false, false),
  ('ep_user', 'permit', '许可证', true, 'applicant', 'ep_permit', 'any', false, false),
  ('ep_alone', 'permit', '许可证', true, 'applicant', 'ep_permit', 'any', false, false);
INSERT INTO bundle (code, name, lead_department) VALUES ('epb', 'Bundle', 'EP');
INSERT INTO bundle_item (bundle, item, stage) VALUES ('epb', 'ep_issuer', 1), ('epb', 'ep_user', 2);
-- all first published yesterday
INSERT INTO catalog_version (tbl, op, key, item, bundle, before_image, after_image, effective_at, actor, reviewed, ledger_seq)
SELECT 'item', 'update', jsonb_build_object('code', c), c, NULL, jsonb_build_object('code', c), jsonb_build_object('code', c),
       now() - interval '1 day', current_user, false, 0 FROM unnest('{ep_issuer,ep_user,ep_alone}'::text[]) c
UNION ALL
SELECT 'bundle', 'update', '{"code": "epb"}', NULL, 'epb', '{"code": "epb"}', '{"code": "epb"}', now() - interval '1 day', current_user, false, 0;

SELECT results_eq(
  $$SELECT o.code, o.brought FROM bundle_material_options('{ep_issuer,ep_user}', '{1,2}', 'person') o ORDER BY 1$$,
  $$VALUES ('form'::text, true), ('permit', false)$$,
  'the permit is issued by stage 1: the bundle''s applicants do not bring it');

UPDATE material SET evidence_type = NULL WHERE item = 'ep_user' AND code = 'permit';
SELECT is((SELECT regressions FROM catalog_version WHERE tbl = 'material' AND op = 'update' AND item = 'ep_user'),
          '{material_added}', 'its evidence type cleared: the applicant of epb now brings it, material_added');
SELECT is(catalog_regression_kinds('material', 'update',
                                   (SELECT to_jsonb(m) || '{"evidence_type": null}' FROM material m WHERE m.item = 'ep_user' AND m.code = 'permit'),
                                   (SELECT to_jsonb(m) || '{"standard": "x"}' FROM material m WHERE m.item = 'ep_user' AND m.code = 'permit')),
          '{}', 'a write that leaves it brought as it was: nothing');
-- an item of no bundle: material_brought() as ever, nothing to issue it
UPDATE material SET evidence_type = NULL WHERE item = 'ep_alone' AND code = 'permit';
SELECT is((SELECT regressions FROM catalog_version WHERE tbl = 'material' AND op = 'update' AND item = 'ep_alone'),
          '{}', 'of an item of no bundle: nothing, as before');

SELECT * FROM finish();
ROLLBACK;
