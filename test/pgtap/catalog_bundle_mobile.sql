-- online_off of a bundle on the mobile app (掌上办): a bundle is mobile when
-- every item is (service_info(), the OUT column mobile; submit() refuses the
-- channel mobile otherwise).  An item not mobile entered in a bundle first
-- published on an earlier day whose other entries were all mobile, or an
-- item first published today switched off the app (mobile true -> false)
-- that is an entry of such a bundle, takes the bundle off the app:
-- online_off, as the online rules (an offline item entered in an online
-- bundle, an item first published today switched offline).  Until
-- 2026-12-05 neither was judged (a review).
SET search_path = service_affair, public;
BEGIN;
SELECT plan(20);

SELECT create_roles();
CREATE ROLE bm_boss LOGIN IN ROLE service_affair_admin;
INSERT INTO department (code, name, region) VALUES ('BM', 'Bundle mobile test', '330225');
-- every item online (full); bm_off and bm_c online but not mobile, bm_dark
-- neither online nor mobile
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online_depth, mobile)
VALUES ('bm_a', 'Item a', 'BM', 'promised', 20, 5, 1, 'full', true),
       ('bm_b', 'Item b', 'BM', 'promised', 20, 5, 1, 'full', true),
       ('bm_on', 'Mobile item', 'BM', 'promised', 20, 5, 1, 'full', true),
       ('bm_off', 'Online item not mobile', 'BM', 'promised', 20, 5, 1, 'full', false),
       ('bm_c', 'Online item not mobile, in bmx', 'BM', 'promised', 20, 5, 1, 'full', false),
       ('bm_dark', 'Item neither online nor mobile', 'BM', 'promised', 20, 5, 1, 'none', false);
INSERT INTO bundle (code, name, lead_department)
VALUES ('bmb', 'Bundle on the app', 'BM'), ('bmx', 'Bundle with an entry not mobile', 'BM'),
       ('bmz', 'Bundle of one mobile item', 'BM'), ('bmw', 'Another bundle on the app', 'BM');
INSERT INTO bundle_item (bundle, item)
VALUES ('bmb', 'bm_a'), ('bmb', 'bm_b'), ('bmx', 'bm_a'), ('bmx', 'bm_c'), ('bmz', 'bm_a'), ('bmw', 'bm_b');
-- the items and bundles as if first published yesterday (a version of each
-- dated then, written by hand)
INSERT INTO catalog_version (tbl, op, key, item, bundle, before_image, after_image, effective_at, actor, reviewed, ledger_seq)
SELECT 'item', 'update', jsonb_build_object('code', i.code), i.code, NULL, jsonb_build_object('code', i.code),
       jsonb_build_object('code', i.code), now() - interval '1 day', current_user, false, 0
  FROM item i WHERE i.department = 'BM'
UNION ALL
SELECT 'bundle', 'update', jsonb_build_object('code', b.code), NULL, b.code, jsonb_build_object('code', b.code),
       jsonb_build_object('code', b.code), now() - interval '1 day', current_user, false, 0
  FROM bundle b WHERE b.lead_department = 'BM';
SELECT ok((SELECT mobile FROM service_info('bmb')) AND NOT (SELECT mobile FROM service_info('bmx')),
          'bmb is on the mobile app, bmx is not (bm_c)');

-- ---- an entry added, over images ------------------------------------------
SELECT is(catalog_regression_kinds('bundle_item', 'insert', NULL, '{"bundle": "bmb", "item": "bm_off", "stage": 1}'),
          '{online_off}', 'an online item not mobile added to bmb, every other entry mobile: online_off (was none)');
SELECT is(catalog_regression_kinds('bundle_item', 'insert', NULL, '{"bundle": "bmb", "item": "bm_on", "stage": 1}'),
          '{}', 'a mobile item added to bmb: none');
SELECT is(catalog_regression_kinds('bundle_item', 'insert', NULL, '{"bundle": "bmx", "item": "bm_off", "stage": 1}'),
          '{}', 'an online item not mobile added to bmx, which had an entry not mobile (bm_c): none');
SELECT is(catalog_regression_kinds('bundle_item', 'insert', NULL, '{"bundle": "bmb", "item": "bm_dark", "stage": 1}'),
          '{online_off}', 'an item neither online nor mobile added to bmb: online_off, once');
SELECT is(catalog_regression_kinds('bundle_item', 'insert', NULL, '{"bundle": "bmx", "item": "bm_dark", "stage": 1}'),
          '{online_off}', 'an item neither online nor mobile added to bmx (online, not mobile): online_off (the online rule)');
SELECT is(catalog_regression_kinds('bundle_item', 'insert', NULL, '{"bundle": "bmb", "item": "bm_off", "stage": 1}', now() - interval '1 day'),
          '{}', 'not on the day the bundle was first published');
-- the statement's other new rows are not the bundle's before
SELECT is(catalog_regression_kinds('bundle_item', 'insert', NULL, '{"bundle": "bmx", "item": "bm_off", "stage": 1}', now(),
                                   '{"old": [], "new": [{"bundle": "bmx", "item": "bm_c", "stage": 1}, {"bundle": "bmx", "item": "bm_off", "stage": 1}]}'),
          '{online_off}', 'bm_off added to bmx by the statement that added bm_c too: bmx was all mobile before it, online_off');
SELECT is(catalog_regression_kinds('bundle_item', 'insert', NULL, '{"bundle": "bmz", "item": "bm_off", "stage": 1}', now(),
                                   '{"old": [], "new": [{"bundle": "bmz", "item": "bm_a", "stage": 1}, {"bundle": "bmz", "item": "bm_off", "stage": 1}]}'),
          '{}', 'added with every other entry of the bundle by one statement: no entry before, none');

-- ---- an item first published today, over images -----------------------------
SET ROLE bm_boss;
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online_depth, mobile)
VALUES ('bm_new', 'New item in bmb', 'BM', 'promised', 20, 5, 1, 'full', true),
       ('bm_newx', 'New item in bmx', 'BM', 'promised', 20, 5, 1, 'full', true),
       ('bm_alone', 'New item in no bundle', 'BM', 'promised', 20, 5, 1, 'full', true);
INSERT INTO bundle_item (bundle, item) VALUES ('bmb', 'bm_new'), ('bmx', 'bm_newx');
RESET ROLE;
SELECT is((SELECT count(*)::int FROM catalog_regressions WHERE item IN ('bm_new', 'bm_newx', 'bm_alone')), 0,
          'mobile items entered in bmb and bmx: no regression');
SELECT is(catalog_regression_kinds('item', 'update', '{"code": "bm_new", "online": true, "online_depth": "full", "mobile": true}',
                                   '{"code": "bm_new", "online": true, "online_depth": "full", "mobile": false}'),
          '{online_off}', 'bm_new switched off the app, every other entry of bmb mobile: online_off (of the bundle; was none)');
SELECT is(catalog_regression_kinds('item', 'update', '{"code": "bm_newx", "online": true, "online_depth": "full", "mobile": true}',
                                   '{"code": "bm_newx", "online": true, "online_depth": "full", "mobile": false}'),
          '{}', 'bm_newx switched off the app, bmx not mobile (bm_c): none');
SELECT is(catalog_regression_kinds('item', 'update', '{"code": "bm_alone", "online": true, "online_depth": "full", "mobile": true}',
                                   '{"code": "bm_alone", "online": true, "online_depth": "full", "mobile": false}'),
          '{}', 'an item first published today in no bundle switched off the app: none');
SELECT is(catalog_regression_kinds('item', 'update', '{"code": "bm_new", "online": true, "online_depth": "full", "mobile": false}',
                                   '{"code": "bm_new", "online": true, "online_depth": "full", "mobile": false}'),
          '{}', 'bm_new not mobile before and after: none');

-- ---- the direct writes, recorded --------------------------------------------
SET ROLE bm_boss;
UPDATE item SET mobile = false WHERE code IN ('bm_new', 'bm_newx', 'bm_alone');
INSERT INTO bundle_item (bundle, item) VALUES ('bmw', 'bm_off'), ('bmx', 'bm_on');
INSERT INTO bundle_item (bundle, item) VALUES ('bmz', 'bm_c'), ('bmz', 'bm_off');
RESET ROLE;
SELECT results_eq($$SELECT tbl, item, kind, reason_missing FROM catalog_regressions
                     WHERE tbl = 'item' AND item IN ('bm_new', 'bm_newx', 'bm_alone') ORDER BY item$$,
                  $$VALUES ('item'::text, 'bm_new'::text, 'online_off'::text, true)$$,
                  'recorded: bm_new switched off the app (of bmb), reason missing; not bm_newx nor bm_alone');
SELECT results_eq($$SELECT bundle, item, kind FROM catalog_regressions
                     WHERE tbl = 'bundle_item' AND bundle IN ('bmw', 'bmx', 'bmz') ORDER BY bundle, item$$,
                  $$VALUES ('bmw'::text, 'bm_off'::text, 'online_off'::text), ('bmz', 'bm_c', 'online_off'), ('bmz', 'bm_off', 'online_off')$$,
                  'recorded: bm_off entered in bmw (all mobile), and both entries not mobile one statement added to bmz (all mobile before it); not bm_on in bmx');
SELECT ok(NOT (SELECT mobile FROM service_info('bmb')) AND NOT (SELECT mobile FROM service_info('bmw')), 'bmb and bmw are off the mobile app now');

-- ---- two items first published today switched off by one statement --------
-- the bundle's other entries read as they were before the statement (stmt,
-- their before images by code), as the item's days and departments are:
-- until 2026-12-05 each row saw the other already switched off, and a
-- bundle of two such items taken off the app, or offline, by one UPDATE
-- was judged by nothing (a review)
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online_depth, mobile)
VALUES ('bm_p', 'New item p', 'BM', 'promised', 20, 5, 1, 'full', true),
       ('bm_q', 'New item q', 'BM', 'promised', 20, 5, 1, 'full', true),
       ('bm_r', 'New item r', 'BM', 'promised', 20, 5, 1, 'full', true),
       ('bm_s', 'New item s', 'BM', 'promised', 20, 5, 1, 'full', true);
INSERT INTO bundle (code, name, lead_department) VALUES ('bmpq', 'Bundle of two new items', 'BM'), ('bmrs', 'Another', 'BM');
INSERT INTO bundle_item (bundle, item) VALUES ('bmpq', 'bm_p'), ('bmpq', 'bm_q'), ('bmrs', 'bm_r'), ('bmrs', 'bm_s');
INSERT INTO catalog_version (tbl, op, key, item, bundle, before_image, after_image, effective_at, actor, reviewed, ledger_seq)
SELECT 'bundle', 'update', jsonb_build_object('code', b.code), NULL, b.code, jsonb_build_object('code', b.code),
       jsonb_build_object('code', b.code), now() - interval '1 day', current_user, false, 0
  FROM bundle b WHERE b.code IN ('bmpq', 'bmrs');
SET ROLE bm_boss;
UPDATE item SET mobile = false WHERE code IN ('bm_p', 'bm_q');
UPDATE item SET online_depth = 'none', online = false, mobile = false WHERE code IN ('bm_r', 'bm_s');
RESET ROLE;
SELECT results_eq($$SELECT item, kind, reason_missing FROM catalog_regressions WHERE tbl = 'item' AND item IN ('bm_p', 'bm_q') ORDER BY item$$,
                  $$VALUES ('bm_p'::text, 'online_off'::text, true), ('bm_q', 'online_off', true)$$,
                  'recorded: bm_p and bm_q switched off the app by one UPDATE, each online_off (of bmpq), reason missing');
SELECT results_eq($$SELECT item, kind FROM catalog_regressions WHERE tbl = 'item' AND item IN ('bm_r', 'bm_s') ORDER BY item$$,
                  $$VALUES ('bm_r'::text, 'online_off'::text), ('bm_s', 'online_off')$$,
                  'recorded: bm_r and bm_s switched offline by one UPDATE, each online_off (of bmrs)');
SELECT ok(NOT (SELECT mobile FROM service_info('bmpq')) AND NOT (SELECT online FROM service_info('bmrs')), 'bmpq is off the app, bmrs offline');

SELECT * FROM finish();
ROLLBACK;
