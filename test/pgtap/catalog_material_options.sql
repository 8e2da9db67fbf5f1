-- tolerance_off, commitment_off, original_required, copies_raised and
-- format_narrowed judged by the rule of material_added (material_brought():
-- required, source applicant, of his kind): an option withdrawn from a
-- material, or more paper asked of it, is a regression only of a material
-- an applicant brings before and after the write, of the same kind.  One
-- the department fetches (source shared, 数据共享, or issued by another
-- item; DOMAIN.md: what government holds is not asked for), or one asked
-- only of the other kind of applicant, burdens nobody.  Until 2026-12-05 a
-- required material flagged tolerance_off and commitment_off whoever
-- brought it, and original_required, copies_raised and format_narrowed
-- read its source after the write only (a review).
SET search_path = service_affair, public;
BEGIN;
SELECT plan(16);

SELECT create_roles();
CREATE ROLE mo_boss LOGIN IN ROLE service_affair_admin;
INSERT INTO department (code, name, region) VALUES ('MO', 'Material options test', '330225');
INSERT INTO evidence_type (code, name) VALUES ('mo_licence', 'Business licence (shared)');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online_depth)
VALUES ('mo_old', 'Old item', 'MO', 'promised', 20, 5, 1, 'full');
INSERT INTO material (item, code, name, required, source, evidence_type, tolerable, commitment_allowed)
VALUES ('mo_old', 'licence', '营业执照', true, 'shared', 'mo_licence', true, true),
       ('mo_old', 'form', '申请表', true, 'applicant', NULL, true, true);
-- mo_old as if first published yesterday (a version dated then, by hand)
INSERT INTO catalog_version (tbl, op, key, item, bundle, before_image, after_image, effective_at, actor, reviewed, ledger_seq)
VALUES ('item', 'update', '{"code": "mo_old"}', 'mo_old', NULL, '{"code": "mo_old"}', '{"code": "mo_old"}',
        now() - interval '1 day', current_user, false, 0);

-- ---- 容缺 and 告知承诺 withdrawn ------------------------------------------
SELECT is(catalog_regression_kinds('material', 'update',
                                   '{"item": "mo_old", "code": "licence", "required": true, "source": "shared", "applies_to": "any", "tolerable": true}',
                                   '{"item": "mo_old", "code": "licence", "required": true, "source": "shared", "applies_to": "any", "tolerable": false}'),
          '{}', 'a shared material no longer tolerable: none (was tolerance_off)');
SELECT is(catalog_regression_kinds('material', 'update',
                                   '{"item": "mo_old", "code": "permit", "required": true, "source": "issued", "applies_to": "any", "commitment_allowed": true}',
                                   '{"item": "mo_old", "code": "permit", "required": true, "source": "issued", "applies_to": "any", "commitment_allowed": false}'),
          '{}', 'an issued material no longer replaceable by a commitment: none (was commitment_off)');
SELECT is(catalog_regression_kinds('material', 'update',
                                   '{"item": "mo_old", "code": "form", "required": true, "source": "applicant", "applies_to": "any", "tolerable": true, "commitment_allowed": true}',
                                   '{"item": "mo_old", "code": "form", "required": true, "source": "applicant", "applies_to": "any", "tolerable": false, "commitment_allowed": false}'),
          '{tolerance_off,commitment_off}', 'a material the applicant brings losing both: tolerance_off and commitment_off');
SELECT is(catalog_regression_kinds('material', 'update',
                                   '{"item": "mo_old", "code": "form", "required": true, "source": "applicant", "applies_to": "person", "tolerable": true}',
                                   '{"item": "mo_old", "code": "form", "required": true, "source": "applicant", "applies_to": "person", "tolerable": false}'),
          '{tolerance_off}', 'one persons bring, no longer tolerable: tolerance_off');
SELECT is(catalog_regression_kinds('material', 'update',
                                   '{"item": "mo_old", "code": "form", "required": true, "source": "applicant", "applies_to": "person", "tolerable": true}',
                                   '{"item": "mo_old", "code": "form", "required": true, "source": "applicant", "applies_to": "org", "tolerable": false}'),
          '{material_added}', 'one persons brought, now asked of organisations only and not tolerable: material_added (organisations bring it now), no tolerance_off (no kind brings it before and after; was both)');
SELECT is(catalog_regression_kinds('material', 'update',
                                   '{"item": "mo_old", "code": "form", "required": true, "source": "applicant", "applies_to": "any", "tolerable": true}',
                                   '{"item": "mo_old", "code": "form", "required": true, "source": "shared", "applies_to": "any", "tolerable": false}'),
          '{}', 'one the department fetches from now on, no longer tolerable: none (was tolerance_off)');

-- ---- an original, copies, a format asked ----------------------------------
SELECT is(catalog_regression_kinds('material', 'update',
                                   '{"item": "mo_old", "code": "licence", "required": true, "source": "shared", "applies_to": "any", "original_or_copy": "copy"}',
                                   '{"item": "mo_old", "code": "licence", "required": true, "source": "shared", "applies_to": "any", "original_or_copy": "original"}'),
          '{}', 'an original asked of a shared material: none');
SELECT is(catalog_regression_kinds('material', 'update',
                                   '{"item": "mo_old", "code": "form", "required": true, "source": "applicant", "applies_to": "any", "original_or_copy": "copy"}',
                                   '{"item": "mo_old", "code": "form", "required": true, "source": "applicant", "applies_to": "any", "original_or_copy": "original"}'),
          '{original_required}', 'an original asked of a material the applicant brings: original_required');
SELECT is(catalog_regression_kinds('material', 'update',
                                   '{"item": "mo_old", "code": "form", "required": true, "source": "shared", "applies_to": "any", "original_or_copy": "copy", "copies": 1, "format": "either"}',
                                   '{"item": "mo_old", "code": "form", "required": true, "source": "applicant", "applies_to": "any", "original_or_copy": "original", "copies": 3, "format": "paper"}'),
          '{material_added}', 'a shared material made applicant and asked as an original, 3 copies, on paper: material_added only (he did not bring it before; was all four)');
SELECT is(catalog_regression_kinds('material', 'update',
                                   '{"item": "mo_old", "code": "form", "required": true, "source": "applicant", "applies_to": "org", "copies": 1, "format": "either"}',
                                   '{"item": "mo_old", "code": "form", "required": true, "source": "applicant", "applies_to": "person", "copies": 3, "format": "paper"}'),
          '{material_added}', 'one organisations brought, asked of persons only, with more copies on paper: material_added only (was copies_raised and format_narrowed too)');
SELECT is(catalog_regression_kinds('material', 'update',
                                   '{"item": "mo_old", "code": "form", "required": true, "source": "applicant", "applies_to": "person", "copies": 1, "format": "either"}',
                                   '{"item": "mo_old", "code": "form", "required": true, "source": "applicant", "applies_to": "any", "copies": 3, "format": "paper"}'),
          '{material_added,copies_raised,format_narrowed}', 'one persons brought, asked of everyone with more copies on paper: material_added (organisations), copies_raised and format_narrowed (persons)');
SELECT is(catalog_regression_kinds('material', 'update',
                                   '{"item": "mo_old", "code": "form", "required": false, "source": "applicant", "applies_to": "any", "copies": 1}',
                                   '{"item": "mo_old", "code": "form", "required": false, "source": "applicant", "applies_to": "any", "copies": 3}'),
          '{}', 'more copies of an optional material: none');

-- ---- the writes, recorded and proposed -----------------------------------
SET ROLE mo_boss;
UPDATE material SET tolerable = false, commitment_allowed = false, original_or_copy = 'original' WHERE item = 'mo_old' AND code = 'licence';
RESET ROLE;
SELECT is((SELECT count(*)::int FROM catalog_regressions WHERE item = 'mo_old'), 0,
          'a shared material of mo_old losing 容缺 and 告知承诺, asked as an original: no regression recorded (was tolerance_off, commitment_off and original_required, reason missing)');
SET ROLE mo_boss;
UPDATE material SET tolerable = false WHERE item = 'mo_old' AND code = 'form';
RESET ROLE;
SELECT results_eq($$SELECT tbl, kind, reason_missing FROM catalog_regressions WHERE item = 'mo_old'$$,
                  $$VALUES ('material'::text, 'tolerance_off'::text, true)$$,
                  'the applicant''s own material no longer tolerable: tolerance_off, reason missing');
SET ROLE mo_boss;
SELECT lives_ok($$SELECT propose_catalog_change('{"table": "material", "op": "update", "key": {"item": "mo_old", "code": "licence"}, "row": {"copies": 3, "format": "paper"}}')$$,
                'more copies on paper of the shared material proposed without a reason: proposed (was 22023)');
SELECT throws_ok($$SELECT propose_catalog_change('{"table": "material", "op": "update", "key": {"item": "mo_old", "code": "form"}, "row": {"commitment_allowed": false}}')$$,
                 '22023', 'a regression needs a reason',
                 '告知承诺 withdrawn from the applicant''s own material without a reason: 22023');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
