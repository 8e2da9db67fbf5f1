-- An item on the mobile app (掌上办, item.mobile) is handled online
-- (constraint item_mobile_online, CHECK (online OR NOT mobile)): submit()
-- refuses the channel mobile for a service not handled online, and the
-- public guide (public_item_list.mobile, guide_as_of()) said the app took
-- an item stored offline and mobile.  Until 2026-12-05 any write could
-- store one (a review).  Not derived: a write that takes an item offline
-- says mobile = false too; a catalog change that does not gets the 23514
-- with a hint.  Taken offline and off the app at once: online_off, once.
SET search_path = service_affair, public;
BEGIN;
SELECT plan(22);

SELECT create_roles();
CREATE ROLE mo_clerk LOGIN IN ROLE service_affair_clerk;
CREATE ROLE mo_rev LOGIN IN ROLE service_affair_reviewer;
CREATE ROLE mo_boss LOGIN IN ROLE service_affair_admin;
INSERT INTO department (code, name, region) VALUES ('MO', 'Mobile online test', '330225');
INSERT INTO staff (login, department) VALUES ('mo_clerk', 'MO'), ('mo_rev', 'MO');

-- pg_temp.error_of(query): SQLSTATE, constraint and hint of the error the
-- query raises (NULL when none)
CREATE FUNCTION pg_temp.error_of(q text) RETURNS text[] LANGUAGE plpgsql AS $$
DECLARE s text; c text; h text;
BEGIN
  EXECUTE q;
  RETURN NULL;
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS s = RETURNED_SQLSTATE, c = CONSTRAINT_NAME, h = PG_EXCEPTION_HINT;
  RETURN ARRAY[s, c, h];
END $$;

SELECT ok(EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'service_affair.item'::regclass
                     AND conname = 'item_mobile_online' AND convalidated
                     AND obj_description(oid, 'pg_constraint') IS NOT NULL),
          'item_mobile_online exists, validated, with a comment');

-- ---- direct writes ------------------------------------------------------------
SET ROLE mo_boss;
SELECT throws_ok($$INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online_depth, mobile)
                   VALUES ('mo_bad', 'Offline item on the app', 'MO', 'promised', 20, 5, 1, 'none', true)$$,
                 '23514', 'new row for relation "item" violates check constraint "item_mobile_online"',
                 'an item inserted offline (online_depth none) and mobile: 23514 item_mobile_online');
SELECT throws_ok($$INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online, mobile)
                   VALUES ('mo_bad', 'Offline item on the app', 'MO', 'promised', 20, 5, 1, false, true)$$,
                 '23514', 'new row for relation "item" violates check constraint "item_mobile_online"',
                 'an item inserted with online false (0.1.0''s column) and mobile: 23514');
SELECT lives_ok($$INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online_depth, mobile)
                  VALUES ('mo_a', 'Mobile item a', 'MO', 'promised', 20, 5, 1, 'full', true),
                         ('mo_b', 'Mobile item b', 'MO', 'promised', 20, 5, 1, 'apply', true),
                         ('mo_c', 'Mobile item c', 'MO', 'promised', 20, 5, 1, 'apply', true),
                         ('mo_off', 'Offline item', 'MO', 'promised', 20, 5, 1, 'none', false)$$,
                'items online and mobile, and an offline item not mobile, are inserted');
SELECT lives_ok($$INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online, mobile)
                  VALUES ('mo_d', 'Mobile item d', 'MO', 'promised', 20, 5, 1, true, true)$$,
                'an item inserted with online true (online_depth derived) and mobile: fine');
SELECT throws_ok($$UPDATE item SET online_depth = 'none' WHERE code = 'mo_a'$$,
                 '23514', 'new row for relation "item" violates check constraint "item_mobile_online"',
                 'a mobile item switched offline (online_depth none), mobile left: 23514');
SELECT throws_ok($$UPDATE item SET online = false WHERE code = 'mo_a'$$,
                 '23514', 'new row for relation "item" violates check constraint "item_mobile_online"',
                 'a mobile item switched offline by online false (online_depth derived), mobile left: 23514, not derived');
SELECT throws_ok($$UPDATE item SET mobile = true WHERE code = 'mo_off'$$,
                 '23514', 'new row for relation "item" violates check constraint "item_mobile_online"',
                 'an offline item put on the app: 23514');
RESET ROLE;
SELECT is((SELECT count(*)::int FROM item WHERE department = 'MO' AND mobile AND NOT online), 0,
          'no item of the department is offline and mobile');

-- the items as if first published yesterday (a version of each dated then,
-- written by hand): their changes are judged for regressions
INSERT INTO catalog_version (tbl, op, key, item, bundle, before_image, after_image, effective_at, actor, reviewed, ledger_seq)
SELECT 'item', 'update', jsonb_build_object('code', i.code), i.code, NULL, jsonb_build_object('code', i.code),
       jsonb_build_object('code', i.code), now() - interval '1 day', current_user, false, 0
  FROM item i WHERE i.department = 'MO';

-- ---- over images: offline and off the app at once, online_off once -------------
SELECT is(catalog_regression_kinds('item', 'update', '{"code": "mo_a", "online": true, "online_depth": "full", "mobile": true}',
                                   '{"code": "mo_a", "online": false, "online_depth": "none", "mobile": false}'),
          '{online_off}', 'switched offline and off the app in one update: online_off, once');

-- ---- the reviewed path ----------------------------------------------------------
SET ROLE mo_clerk;
SELECT is(pg_temp.error_of($$SELECT service_affair.propose_catalog_change('{"table": "item", "op": "update", "key": {"code": "mo_b"}, "row": {"online_depth": "none"}, "reason": "窗口办理"}')$$),
          ARRAY['23514', 'item_mobile_online', 'An item not handled online is not on the mobile app: set "mobile": false in the same change.'],
          'a change taking a mobile item offline, mobile left: 23514 naming item_mobile_online, with the hint');
SELECT throws_ok($$SELECT propose_catalog_change('{"table": "item", "op": "update", "key": {"code": "mo_b"}, "row": {"online": false}, "reason": "窗口办理"}')$$,
                 '23514', 'new row for relation "item" violates check constraint "item_mobile_online"',
                 'a change setting online false of a mobile item, mobile left: 23514');
SELECT throws_ok($$SELECT propose_catalog_change('{"table": "item", "op": "update", "key": {"code": "mo_off"}, "row": {"mobile": true}}')$$,
                 '23514', 'new row for relation "item" violates check constraint "item_mobile_online"',
                 'a change putting an offline item on the app: 23514');
SELECT throws_ok($$SELECT propose_catalog_change('{"table": "item", "op": "insert", "key": {"code": "mo_new"}, "row": {"name": "New item", "department": "MO", "kind": "promised", "legal_limit": 20, "promised_limit": 5, "max_visits": 1, "online_depth": "none", "mobile": true}}')$$,
                 '23514', 'new row for relation "item" violates check constraint "item_mobile_online"',
                 'a change inserting an offline item on the app: 23514');
SELECT is(pg_temp.error_of($$SELECT service_affair.propose_catalog_change('{"table": "item", "op": "update", "key": {"code": "mo_b"}, "row": {"max_visits": 0}}')$$),
          NULL, 'another change of a mobile item online: no error, no hint');
SELECT throws_ok($$SELECT propose_catalog_change('{"table": "item", "op": "update", "key": {"code": "mo_b"}, "row": {"online_depth": "none", "mobile": false}}')$$,
                 '22023', 'a regression needs a reason',
                 'taken offline and off the app without a reason: a regression');
SELECT propose_catalog_change('{"table": "item", "op": "update", "key": {"code": "mo_b"}, "row": {"online_depth": "none", "mobile": false}, "reason": "改为窗口办理"}') AS mo_change \gset
RESET ROLE;
SELECT is((SELECT regressions FROM catalog_change WHERE id = :mo_change), '{online_off}',
          'taken offline and off the app by one change: online_off, once');
SET ROLE mo_rev;
SELECT lives_ok('SELECT service_affair.review_catalog_change(' || :mo_change || ', true)',
                'the change is approved and published today');
RESET ROLE;
SELECT results_eq($$SELECT online, online_depth, mobile FROM item WHERE code = 'mo_b'$$,
                  $$VALUES (false, 'none'::text, false)$$, 'mo_b is offline and off the app');
SELECT is((SELECT mobile FROM public_item_list WHERE code = 'mo_b'), false, 'the public list says mo_b is not on the app');

-- ---- a direct write offline and off the app: recorded online_off once ----------
SET ROLE mo_boss;
SELECT lives_ok($$UPDATE item SET online_depth = 'none', mobile = false WHERE code = 'mo_c'$$,
                'a mobile item switched offline and off the app in one write: fine');
RESET ROLE;
SELECT results_eq($$SELECT kind FROM catalog_regressions WHERE tbl = 'item' AND item = 'mo_c'$$,
                  $$VALUES ('online_off'::text)$$, 'recorded: online_off, once');

SELECT * FROM finish();
ROLLBACK;
