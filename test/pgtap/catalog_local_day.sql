-- One home for "the local day" of the catalog and of the access log
-- (issue 10, "each rule has one home"): the day an instant falls on, and
-- the instant a day begins, are the calendar cn's (local_day(),
-- local_day_start()), as the publication of approved changes
-- (publish_due_catalog_changes()), the power-list events
-- (catalog_power_changes) and the items' first days already read them.
-- Until 2026-12-05 propose_catalog_change(), power_list_changes(),
-- catalog_indicators() and the view access_log_daily spelled a zone of
-- their own ('Asia/Shanghai'), so that with the zone of cn changed (a
-- calendar's zone is edited as its days are) the two spellings disagreed:
-- an item cancelled at 17:00 UTC was both cancelled (取消) and kept (保留)
-- on the same day, and still counted as active at that day's end.
SET search_path = service_affair, public;
BEGIN;
SELECT plan(13);

-- the inverse of local_day(), in the calendar's zone
SELECT is(local_day_start('2026-03-10'), '2026-03-10 00:00:00+08'::timestamptz,
          'local_day_start: local midnight in the zone of cn (Asia/Shanghai as shipped)');
SELECT is(local_day(local_day_start('2026-03-10')), '2026-03-10'::date, 'local_day of the start of a day is that day');
SELECT is(local_day(local_day_start('2026-03-11') - interval '1 microsecond'), '2026-03-10'::date,
          'the instant before the next day begins is still the day');
SELECT throws_ok($$SELECT local_day_start('infinity')$$, '22008', NULL, 'an infinite day has no start: 22008');
SELECT throws_ok($$SELECT local_day_start('294277-01-01')$$, '22008', 'timestamp out of range',
                 'a day whose start lies beyond timestamptz: 22008');

-- the calendar cn moved to UTC: every local day below must follow it
UPDATE calendar SET timezone = 'UTC' WHERE name = 'cn';
SELECT is(local_day_start('2026-03-10'), '2026-03-10 00:00:00+00'::timestamptz, 'local_day_start follows the zone of cn');

INSERT INTO department (code, name, region) VALUES ('LD', 'Local day test', '330225');
-- ld_1 published in 2020, cancelled on 2020-03-10 at 17:00 UTC (2020-03-11
-- 01:00 in Shanghai): versions written as a bulk load would
INSERT INTO catalog_version (tbl, op, key, item, before_image, after_image, effective_at, actor, reviewed, ledger_seq)
VALUES ('item', 'insert', '{"code": "ld_1"}', 'ld_1', NULL,
        '{"code": "ld_1", "name": "One", "department": "LD", "status": "active", "kind": "immediate", "max_visits": 0, "online_depth": "full", "online": true}',
        '2020-03-01 00:00:00+00', 'loader', false, 0),
       ('item', 'update', '{"code": "ld_1"}', 'ld_1',
        '{"code": "ld_1", "name": "One", "department": "LD", "status": "active", "kind": "immediate", "max_visits": 0, "online_depth": "full", "online": true}',
        '{"code": "ld_1", "name": "One", "department": "LD", "status": "cancelled", "kind": "immediate", "max_visits": 0, "online_depth": "full", "online": true}',
        '2020-03-10 17:00:00+00', 'loader', false, 0);

SELECT results_eq($$SELECT day FROM catalog_power_changes WHERE item = 'ld_1' ORDER BY version_id$$,
                  $$VALUES ('2020-03-01'::date), ('2020-03-10')$$,
                  'the power-list events fall on the local days of cn (UTC)');
SELECT results_eq($$SELECT change, items FROM power_list_changes('2020-03-10', '2020-03-10') WHERE department = 'LD' ORDER BY change$$,
                  $$VALUES ('取消'::text, 1)$$,
                  'power_list_changes of 2020-03-10: ld_1 cancelled, not also kept (its end is cn''s, as the events'' days)');
SELECT results_eq($$SELECT change, items FROM power_list_changes('2020-03-09', '2020-03-09') WHERE department = 'LD' ORDER BY change$$,
                  $$VALUES ('保留'::text, 1)$$,
                  'power_list_changes of 2020-03-09: ld_1 kept');
SELECT is_empty($$SELECT * FROM catalog_indicators('2020-03-10') WHERE department = 'LD'$$,
                'catalog_indicators at the end of 2020-03-10 (cn, UTC): ld_1 cancelled, not counted');
SELECT results_eq($$SELECT items FROM catalog_indicators('2020-03-09') WHERE department = 'LD'$$,
                  $$VALUES (1)$$, 'catalog_indicators at the end of 2020-03-09: ld_1 active');

-- the access log's days
INSERT INTO access_log (at, actor, login, applicant, purpose)
VALUES ('2020-03-10 17:00:00+00', 'ld_clerk', 'ld_clerk', 1, 'submit');
SELECT results_eq($$SELECT day, reads FROM access_log_daily WHERE actor = 'ld_clerk'$$,
                  $$VALUES ('2020-03-10'::date, 1::bigint)$$,
                  'access_log_daily: a read at 17:00 UTC falls on the local day of cn (UTC), as local_day() says');

-- no second spelling left: no function (body or argument defaults) and no
-- view of the schema names a zone, but the shipped calendar's data
SELECT is_empty($$
    SELECT p.oid::regprocedure::text FROM pg_proc p
     WHERE p.pronamespace = 'service_affair'::regnamespace AND p.proname <> 'calendar_shipped'
       AND (p.prosrc ~* 'AT TIME ZONE ''[A-Za-z]+/' OR pg_get_function_arguments(p.oid) ~* 'AT TIME ZONE ''[A-Za-z]+/'
            OR p.prosrc ~* 'Asia/Shanghai' OR pg_get_function_arguments(p.oid) ~* 'Asia/Shanghai')
    UNION ALL
    SELECT c.oid::regclass::text FROM pg_class c
     WHERE c.relnamespace = 'service_affair'::regnamespace AND c.relkind IN ('v', 'm')
       AND pg_get_viewdef(c.oid) ~* 'Asia/Shanghai'$$,
    'no function default, body or view of the schema spells a zone of its own (the local day is local_day()''s, its start local_day_start()''s)');

SELECT * FROM finish();
ROLLBACK;
