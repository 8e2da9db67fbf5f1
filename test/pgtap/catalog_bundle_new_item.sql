-- An item first published today that is an entry of a bundle published on
-- an earlier day (catalog_published_before()): what it asks more of the
-- bundle's applicants is a regression of the bundle however the day's
-- writes are ordered.  Its entry added first and a required material
-- added after, or the item switched offline after, escaped every rule
-- until 2026-12-05 (the material's and the item's rules skip an item's
-- first day, the entry's rule judges the entry's write only; a review),
-- where the material added first and the entry after was material_added.
SET search_path = service_affair, public;
BEGIN;
SELECT plan(11);

SELECT create_roles();
CREATE ROLE bn_boss LOGIN IN ROLE service_affair_admin;
INSERT INTO department (code, name, region) VALUES ('BN', 'Bundle new item test', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online_depth)
VALUES ('bn_old', 'Old item', 'BN', 'promised', 20, 5, 1, 'full');
INSERT INTO material (item, code, name) VALUES ('bn_old', 'form', '申请表');
INSERT INTO bundle (code, name, lead_department) VALUES ('bnb', 'Bundle', 'BN');
INSERT INTO bundle_item (bundle, item) VALUES ('bnb', 'bn_old');
-- bn_old and bnb as if first published yesterday (a version of each dated
-- then, written by hand)
INSERT INTO catalog_version (tbl, op, key, item, bundle, before_image, after_image, effective_at, actor, reviewed, ledger_seq)
VALUES ('item', 'update', '{"code": "bn_old"}', 'bn_old', NULL, '{"code": "bn_old"}', '{"code": "bn_old"}',
        now() - interval '1 day', current_user, false, 0),
       ('bundle', 'update', '{"code": "bnb"}', NULL, 'bnb', '{"code": "bnb"}', '{"code": "bnb"}',
        now() - interval '1 day', current_user, false, 0);

-- today: bn_new created, online, no material, and entered in bnb
SET ROLE bn_boss;
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online_depth)
VALUES ('bn_new', 'New item', 'BN', 'promised', 20, 5, 1, 'full'),
       ('bn_alone', 'New item in no bundle', 'BN', 'promised', 20, 5, 1, 'full');
INSERT INTO bundle_item (bundle, item) VALUES ('bnb', 'bn_new');
RESET ROLE;
SELECT is((SELECT count(*)::int FROM catalog_regressions), 0, 'an online item asking nothing entered in the bundle: no regression');

-- the judgement over images
SELECT is(catalog_regression_kinds('material', 'insert', NULL, '{"item": "bn_new", "code": "deed", "required": true, "source": "applicant", "applies_to": "any"}'),
          '{material_added}', 'a required material the applicant brings added to bn_new, in bnb: material_added (of the bundle)');
SELECT is(catalog_regression_kinds('material', 'insert', NULL, '{"item": "bn_new", "code": "form", "required": true, "source": "applicant", "applies_to": "any"}'),
          '{}', 'one the bundle''s other entry already asks (form): none');
SELECT is(catalog_regression_kinds('material', 'insert', NULL, '{"item": "bn_new", "code": "deed", "required": true, "source": "shared", "applies_to": "any"}'),
          '{}', 'one the department fetches (shared): none');
SELECT is(catalog_regression_kinds('material', 'insert', NULL, '{"item": "bn_alone", "code": "deed", "required": true, "source": "applicant", "applies_to": "any"}'),
          '{}', 'the same material added to an item first published today in no bundle: none (its first day)');
SELECT is(catalog_regression_kinds('item', 'update', '{"code": "bn_new", "online": true, "online_depth": "full"}', '{"code": "bn_new", "online": false, "online_depth": "none"}'),
          '{online_off}', 'bn_new switched offline, every other entry of bnb online: online_off (of the bundle)');
SELECT is(catalog_regression_kinds('item', 'update', '{"code": "bn_alone", "online": true, "online_depth": "full"}', '{"code": "bn_alone", "online": false, "online_depth": "none"}'),
          '{}', 'an item first published today in no bundle switched offline: none');

-- the direct writes, recorded
SET ROLE bn_boss;
INSERT INTO material (item, code, name, required, source) VALUES ('bn_new', 'deed', '房产证', true, 'applicant');
UPDATE item SET online = false, online_depth = 'none' WHERE code = 'bn_new';
INSERT INTO material (item, code, name, required, source) VALUES ('bn_alone', 'deed', '房产证', true, 'applicant');
UPDATE item SET online = false, online_depth = 'none' WHERE code = 'bn_alone';
RESET ROLE;
SELECT results_eq($$SELECT tbl, kind, reason_missing FROM catalog_regressions WHERE item = 'bn_new' ORDER BY kind$$,
                  $$VALUES ('material'::text, 'material_added'::text, true), ('item', 'online_off', true)$$,
                  'recorded: the material added and the item switched offline, reason missing');
SELECT is((SELECT count(*)::int FROM catalog_regressions WHERE item = 'bn_alone'), 0, 'none of the item in no bundle');

-- the reviewed path: a proposal without a reason is refused
SET ROLE bn_boss;
SELECT throws_ok($$SELECT propose_catalog_change('{"table": "material", "op": "insert", "key": {"item": "bn_new", "code": "deed2"}, "row": {"name": "营业执照", "required": true}}')$$,
                 '22023', 'a regression needs a reason',
                 'a required material proposed for bn_new without a reason: 22023');
SELECT lives_ok($$SELECT propose_catalog_change('{"table": "material", "op": "insert", "key": {"item": "bn_alone", "code": "deed2"}, "row": {"name": "营业执照", "required": true}}')$$,
                'the same for the item in no bundle: proposed');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
