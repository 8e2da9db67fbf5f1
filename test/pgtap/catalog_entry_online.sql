-- online_off of a bundle judged on its entries before and after a write, as
-- its days are: an entry whose item an UPDATE changes to one not online (or
-- not on the mobile app) takes a bundle handled online (on the app) off it;
-- an entry the statement removed counts before it.  Until 2026-12-05 only
-- an entry added was judged, against the other entries as they stood: an
-- UPDATE of bundle_item.item took a bundle offline unflagged (a review).
SET search_path = service_affair, public;
BEGIN;
SELECT plan(10);

SELECT create_roles();
CREATE ROLE eo_boss LOGIN IN ROLE service_affair_admin;
INSERT INTO department (code, name, region) VALUES ('EO', 'Entry online test', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online_depth, mobile)
VALUES ('eo_a', 'Item a', 'EO', 'promised', 20, 5, 1, 'full', true),
       ('eo_b', 'Item b', 'EO', 'promised', 20, 5, 1, 'full', true),
       ('eo_on', 'Online and mobile', 'EO', 'promised', 20, 5, 1, 'full', true),
       ('eo_web', 'Online, not mobile', 'EO', 'promised', 20, 5, 1, 'full', false),
       ('eo_dark', 'Neither online nor mobile', 'EO', 'promised', 20, 5, 1, 'none', false);
INSERT INTO bundle (code, name, lead_department)
VALUES ('eob', 'Bundle online and on the app', 'EO'), ('eox', 'Bundle with an offline entry', 'EO'),
       ('eoy', 'Another bundle online', 'EO');
INSERT INTO bundle_item (bundle, item)
VALUES ('eob', 'eo_a'), ('eob', 'eo_b'), ('eox', 'eo_a'), ('eox', 'eo_dark'), ('eoy', 'eo_a'), ('eoy', 'eo_b');
-- first published yesterday (a version of each dated then, written by hand)
INSERT INTO catalog_version (tbl, op, key, item, bundle, before_image, after_image, effective_at, actor, reviewed, ledger_seq)
SELECT 'item', 'update', jsonb_build_object('code', i.code), i.code, NULL, jsonb_build_object('code', i.code),
       jsonb_build_object('code', i.code), now() - interval '1 day', current_user, false, 0
  FROM item i WHERE i.department = 'EO'
UNION ALL
SELECT 'bundle', 'update', jsonb_build_object('code', b.code), NULL, b.code, jsonb_build_object('code', b.code),
       jsonb_build_object('code', b.code), now() - interval '1 day', current_user, false, 0
  FROM bundle b WHERE b.lead_department = 'EO';

-- ---- over images ------------------------------------------------------------
SELECT is(catalog_regression_kinds('bundle_item', 'update', '{"bundle": "eob", "item": "eo_b", "stage": 1}',
                                   '{"bundle": "eob", "item": "eo_dark", "stage": 1}'),
          '{online_off}', 'an entry of eob (online) changed to an item not online: online_off (was none)');
SELECT is(catalog_regression_kinds('bundle_item', 'update', '{"bundle": "eob", "item": "eo_b", "stage": 1}',
                                   '{"bundle": "eob", "item": "eo_web", "stage": 1}'),
          '{online_off}', 'an entry of eob (on the app) changed to an item online but not mobile: online_off (was none)');
SELECT is(catalog_regression_kinds('bundle_item', 'update', '{"bundle": "eob", "item": "eo_b", "stage": 1}',
                                   '{"bundle": "eob", "item": "eo_on", "stage": 1}'),
          '{}', 'changed to an item online and mobile: none');
SELECT is(catalog_regression_kinds('bundle_item', 'update', '{"bundle": "eox", "item": "eo_a", "stage": 1}',
                                   '{"bundle": "eox", "item": "eo_web", "stage": 1}'),
          '{}', 'an entry of eox, offline already (eo_dark), changed: none');
SELECT is(catalog_regression_kinds('bundle_item', 'delete', '{"bundle": "eob", "item": "eo_b", "stage": 1}', NULL),
          '{}', 'an entry removed: none');
-- an entry the statement removed counts before it: eox without eo_dark is
-- online, but eo_dark was there before the statement (removed here first,
-- the statement's old row given as catalog_write() gives it)
DELETE FROM bundle_item WHERE bundle = 'eox' AND item = 'eo_dark';
SELECT is(catalog_regression_kinds('bundle_item', 'insert', NULL, '{"bundle": "eox", "item": "eo_web", "stage": 1}', now(),
                                   '{"old": [{"bundle": "eox", "item": "eo_dark", "stage": 1}], "new": []}'),
          '{}', 'eo_web entered in eox by a statement that removed eo_dark (offline before it): no online_off');
SELECT is(catalog_regression_kinds('bundle_item', 'insert', NULL, '{"bundle": "eob", "item": "eo_dark", "stage": 1}'),
          '{online_off}', 'an item not online entered in eob: online_off, as before');

-- ---- the direct writes, recorded --------------------------------------------
SET ROLE eo_boss;
UPDATE bundle_item SET item = 'eo_dark' WHERE bundle = 'eob' AND item = 'eo_b';
UPDATE bundle_item SET item = 'eo_on' WHERE bundle = 'eoy' AND item = 'eo_b';
RESET ROLE;
SELECT results_eq($$SELECT bundle, item, kind, reason_missing FROM catalog_regressions
                     WHERE tbl = 'bundle_item' AND bundle IN ('eob', 'eoy') ORDER BY bundle, item$$,
                  $$VALUES ('eob'::text, 'eo_dark'::text, 'online_off'::text, true)$$,
                  'recorded: eob''s entry changed to eo_dark, reason missing; not eoy''s changed to eo_on');
SELECT ok(NOT (SELECT online FROM service_info('eob')) AND (SELECT online AND mobile FROM service_info('eoy')),
          'eob is offline now, eoy online and on the app');
SELECT is((SELECT count(*)::int FROM catalog_regressions WHERE tbl = 'bundle_item' AND bundle = 'eob' AND kind = 'online_off'), 1,
          'flagged once');

SELECT * FROM finish();
ROLLBACK;
