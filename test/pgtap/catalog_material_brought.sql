-- material_added judged by one rule for an item and for a bundle entry:
-- what an applicant must now bring that he did not (material_brought():
-- required, source applicant, of his kind).  A material the department
-- fetches (source shared, 数据共享, or issued by another item) asks him
-- nothing (DOMAIN.md: what government holds is not asked for; 减材料
-- counts only what he brings).  Until 2026-12-05 a required shared or
-- issued material added to an item, made required or asked of more
-- applicants was material_added of the item (a reason needed, the reviewed
-- path refusing it without one) while the same material was none of a
-- bundle entry (a review).
SET search_path = service_affair, public;
BEGIN;
SELECT plan(24);

SELECT create_roles();
CREATE ROLE mb_boss LOGIN IN ROLE service_affair_admin;
INSERT INTO department (code, name, region) VALUES ('MB', 'Material brought test', '330225');
INSERT INTO evidence_type (code, name) VALUES ('mb_licence', 'Business licence (shared)');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online_depth)
VALUES ('mb_old', 'Old item', 'MB', 'promised', 20, 5, 1, 'full'),
       ('mb_other', 'Old item, not in the bundle', 'MB', 'promised', 20, 5, 1, 'full');
INSERT INTO material (item, code, name) VALUES ('mb_old', 'form', '申请表');
INSERT INTO material (item, code, name, source, evidence_type) VALUES ('mb_old', 'licence', '营业执照', 'shared', 'mb_licence');
INSERT INTO bundle (code, name, lead_department) VALUES ('mbb', 'Bundle', 'MB');
INSERT INTO bundle_item (bundle, item) VALUES ('mbb', 'mb_old');
-- mb_old, mb_other and mbb as if first published yesterday (a version of
-- each dated then, written by hand)
INSERT INTO catalog_version (tbl, op, key, item, bundle, before_image, after_image, effective_at, actor, reviewed, ledger_seq)
VALUES ('item', 'update', '{"code": "mb_old"}', 'mb_old', NULL, '{"code": "mb_old"}', '{"code": "mb_old"}',
        now() - interval '1 day', current_user, false, 0),
       ('item', 'update', '{"code": "mb_other"}', 'mb_other', NULL, '{"code": "mb_other"}', '{"code": "mb_other"}',
        now() - interval '1 day', current_user, false, 0),
       ('bundle', 'update', '{"code": "mbb"}', NULL, 'mbb', '{"code": "mbb"}', '{"code": "mbb"}',
        now() - interval '1 day', current_user, false, 0);
-- mb_new: first published today, entered in mbb
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online_depth)
VALUES ('mb_new', 'New item', 'MB', 'promised', 20, 5, 1, 'full');
INSERT INTO bundle_item (bundle, item) VALUES ('mbb', 'mb_new');

-- ---- a material of an item published on an earlier day (mb_old) ----------
SELECT is(catalog_regression_kinds('material', 'insert', NULL,
                                   '{"item": "mb_old", "code": "permit", "required": true, "source": "shared", "applies_to": "any", "evidence_type": "mb_licence"}'),
          '{}', 'item: a required material the department fetches (shared) added: none (was material_added)');
SELECT is(catalog_regression_kinds('material', 'insert', NULL,
                                   '{"item": "mb_old", "code": "permit", "required": true, "source": "issued", "applies_to": "any"}'),
          '{}', 'item: a required material issued by another item added: none (was material_added)');
SELECT is(catalog_regression_kinds('material', 'update',
                                   '{"item": "mb_old", "code": "licence", "required": false, "source": "shared", "applies_to": "any"}',
                                   '{"item": "mb_old", "code": "licence", "required": true, "source": "shared", "applies_to": "any"}'),
          '{}', 'item: a shared material made required: none (was material_added)');
SELECT is(catalog_regression_kinds('material', 'update',
                                   '{"item": "mb_old", "code": "licence", "required": true, "source": "shared", "applies_to": "person"}',
                                   '{"item": "mb_old", "code": "licence", "required": true, "source": "shared", "applies_to": "any"}'),
          '{}', 'item: a shared material asked of organisations too: none (was material_added)');
SELECT is(catalog_regression_kinds('material', 'update',
                                   '{"item": "mb_old", "code": "licence", "required": true, "source": "shared", "applies_to": "any"}',
                                   '{"item": "mb_old", "code": "licence", "required": true, "source": "applicant", "applies_to": "any"}'),
          '{material_added}', 'item: a shared material the applicant must now bring himself: material_added');
SELECT is(catalog_regression_kinds('material', 'update',
                                   '{"item": "mb_old", "code": "licence", "required": true, "source": "issued", "applies_to": "any"}',
                                   '{"item": "mb_old", "code": "licence", "required": true, "source": "applicant", "applies_to": "any"}'),
          '{material_added}', 'item: an issued material the applicant must now bring himself: material_added');
SELECT is(catalog_regression_kinds('material', 'insert', NULL,
                                   '{"item": "mb_old", "code": "permit", "required": true, "source": "applicant", "applies_to": "any"}'),
          '{material_added}', 'item: a required material the applicant brings added: material_added');
SELECT is(catalog_regression_kinds('material', 'update',
                                   '{"item": "mb_old", "code": "form", "required": true, "source": "applicant", "applies_to": "person"}',
                                   '{"item": "mb_old", "code": "form", "required": true, "source": "applicant", "applies_to": "org"}'),
          '{material_added}', 'item: one he brings asked of organisations instead of persons: material_added');

-- ---- a bundle entry (mbb published on an earlier day) --------------------
SAVEPOINT entry;
INSERT INTO material (item, code, name, source, evidence_type) VALUES ('mb_other', 'permit', '许可证', 'shared', 'mb_licence');
SELECT is(catalog_regression_kinds('bundle_item', 'insert', NULL, '{"bundle": "mbb", "item": "mb_other", "stage": 1}'),
          '{}', 'bundle: an entry whose item asks a required shared material no other entry asks: none');
UPDATE material SET source = 'issued', evidence_type = NULL WHERE item = 'mb_other' AND code = 'permit';
SELECT is(catalog_regression_kinds('bundle_item', 'insert', NULL, '{"bundle": "mbb", "item": "mb_other", "stage": 1}'),
          '{}', 'bundle: one whose item asks a required issued material: none');
DELETE FROM material WHERE item = 'mb_other' AND code = 'permit';
INSERT INTO material (item, code, name, source) VALUES ('mb_other', 'licence', '营业执照', 'applicant');
SELECT is(catalog_regression_kinds('bundle_item', 'insert', NULL, '{"bundle": "mbb", "item": "mb_other", "stage": 1}'),
          '{material_added}', 'bundle: one whose item asks the applicant to bring what the bundle fetched for him (licence, shared in mb_old): material_added');
ROLLBACK TO entry;

-- ---- a material of an item first published today, entered in mbb ---------
SELECT is(catalog_regression_kinds('material', 'insert', NULL,
                                   '{"item": "mb_new", "code": "permit", "required": true, "source": "shared", "applies_to": "any", "evidence_type": "mb_licence"}'),
          '{}', 'bundle (new item): a required shared material added: none');
SELECT is(catalog_regression_kinds('material', 'update',
                                   '{"item": "mb_new", "code": "permit", "required": true, "source": "shared", "applies_to": "any"}',
                                   '{"item": "mb_new", "code": "permit", "required": true, "source": "applicant", "applies_to": "any"}'),
          '{material_added}', 'bundle (new item): a shared material the applicant must now bring himself: material_added');

-- ---- the item and the bundle alike ---------------------------------------
SELECT is(catalog_regression_kinds('material', 'insert', NULL,
                                   '{"item": "mb_old", "code": "permit", "required": true, "source": "shared", "applies_to": "any", "evidence_type": "mb_licence"}'),
          catalog_regression_kinds('material', 'insert', NULL,
                                   '{"item": "mb_new", "code": "permit", "required": true, "source": "shared", "applies_to": "any", "evidence_type": "mb_licence"}'),
          'a shared material added: the same judgement for an item published before and for a bundle published before');
SELECT is(catalog_regression_kinds('material', 'update',
                                   '{"item": "mb_old", "code": "permit", "required": true, "source": "shared", "applies_to": "any"}',
                                   '{"item": "mb_old", "code": "permit", "required": true, "source": "applicant", "applies_to": "any"}'),
          catalog_regression_kinds('material', 'update',
                                   '{"item": "mb_new", "code": "permit", "required": true, "source": "shared", "applies_to": "any"}',
                                   '{"item": "mb_new", "code": "permit", "required": true, "source": "applicant", "applies_to": "any"}'),
          'a shared material made applicant: the same judgement for both');

-- ---- the writes, recorded and proposed -----------------------------------
SET ROLE mb_boss;
INSERT INTO material (item, code, name, required, source, evidence_type) VALUES ('mb_old', 'seal', '印章备案', true, 'shared', 'mb_licence');
RESET ROLE;
SELECT is((SELECT count(*)::int FROM catalog_regressions WHERE item = 'mb_old'), 0,
          'a shared material written to mb_old: no regression recorded (was material_added, reason missing)');
SET ROLE mb_boss;
UPDATE material SET source = 'applicant' WHERE item = 'mb_old' AND code = 'seal';
RESET ROLE;
SELECT results_eq($$SELECT tbl, kind, reason_missing FROM catalog_regressions WHERE item = 'mb_old'$$,
                  $$VALUES ('material'::text, 'material_added'::text, true)$$,
                  'the same made applicant: material_added, reason missing');
SET ROLE mb_boss;
SELECT lives_ok($$SELECT propose_catalog_change('{"table": "material", "op": "insert", "key": {"item": "mb_old", "code": "cert"}, "row": {"name": "资质证书", "required": true, "source": "shared", "evidence_type": "mb_licence"}}')$$,
                'a shared material proposed for mb_old without a reason: proposed (was 22023)');
SELECT throws_ok($$SELECT propose_catalog_change('{"table": "material", "op": "insert", "key": {"item": "mb_old", "code": "cert2"}, "row": {"name": "资质证书", "required": true, "source": "applicant"}}')$$,
                 '22023', 'a regression needs a reason',
                 'one the applicant brings without a reason: 22023');
RESET ROLE;

-- ---- the rule itself -----------------------------------------------------
SELECT is(material_brought(true, 'applicant', 'any', 'person'), true, 'material_brought: required, applicant, any: brought');
SELECT is(ARRAY[material_brought(true, 'shared', 'any', 'person'), material_brought(true, 'issued', 'any', 'org'),
                material_brought(false, 'applicant', 'any', 'person')],
          '{f,f,f}'::boolean[], 'not one the department fetches, nor issued, nor optional');
SELECT is(ARRAY[material_brought(true, 'applicant', 'person', 'person'), material_brought(true, 'applicant', 'person', 'org'),
                material_brought(true, 'applicant', 'org', NULL)],
          '{t,f,t}'::boolean[], 'of his kind only; a NULL kind is either');
SELECT is(material_brought(NULL, NULL, NULL, 'org'), true, 'a value left out reads as the column''s default (required, applicant, any)');
SELECT ok(NOT has_function_privilege('service_affair_clerk', 'service_affair.material_brought(boolean, text, text, text)', 'EXECUTE'),
          'internal: not granted to the group roles');

SELECT * FROM finish();
ROLLBACK;
