-- An edit of calendar_day works on the open rows of the calendars it
-- changed only (recompute_dues(), 50_routing.sql): the rows of every other
-- calendar are left out before anything is counted for them, not after.
-- Until 2026-12-07 an edit of a calendar no row used counted the suspended
-- days of every open task (suspensions_workdays()) before
-- calendar_edit_moves() dropped them: 1.2 s an edit with few open cases,
-- 5-7.5 s with 47,000, under the due lock (bench/calendar/edit_scope.sh).
-- Rows of the unused calendar's edit: untouched (same row versions: ctid, as every
-- row here is written in this one transaction, whose xmin an update keeps),
-- and no suspension counted; an edit of the used calendar still moves them.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(8);

INSERT INTO calendar (name) VALUES ('es_used'), ('es_unused');
INSERT INTO department (code, name, region) VALUES ('ES', 'Edit scope', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit) VALUES ('es_item', 'Scope item', 'ES', 'promised', 20, 10);
INSERT INTO service_point (code, name, level, region, town_code) VALUES ('ES_T', 'Scope town centre', 'town', '330225', '330225001');
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Scope Person') RETURNING id AS pa \gset

-- 12 accepted cases in es_used from Monday 2026-11-02, each with an open
-- task suspended for a day (resumed) and a pending tolerated material;
-- every due by the extension's own rules.  Written directly (keys and
-- triggers off): the edits are tested, not the intake.
SET LOCAL session_replication_role = replica;
INSERT INTO cases (service, service_kind, item, department, applicant, channel, status, returned, tolerated,
                   submitted_at, accepted_at, due, calendar, promised_limit, legal_limit, visits, receiving_point)
SELECT 'es_item', 'item', 'es_item', 'ES', :pa, 'window', 'accepted', false, false, t, t,
       shifted_due(local_day(t, 'es_used'), 10, 1, 'es_used'), 'es_used', 10, 20, 1, 'ES_T'
  FROM generate_series(1, 12) g, LATERAL (SELECT '2026-11-02 09:00+08'::timestamptz + make_interval(hours => g * 5) AS t) s;
UPDATE cases SET due_shift = 1 WHERE item = 'es_item';
INSERT INTO task (case_id, item, department, stage, status, calendar, limit_days, extension_limit, opened_at, due,
                  suspended_workdays)
SELECT c.id, 'es_item', 'ES', 1, 'open', 'es_used', 10, 0, c.accepted_at,
       shifted_due(local_day(c.accepted_at, 'es_used'), 10, 1, 'es_used'), 1
  FROM cases c WHERE c.item = 'es_item';
INSERT INTO task_suspension (task_id, suspended_at, reason, resumed_at)
SELECT t.id, t.opened_at + interval '1 day', 'inspection', t.opened_at + interval '2 days'
  FROM task t WHERE t.item = 'es_item';
SET LOCAL session_replication_role = origin;

CREATE TEMP TABLE before AS
SELECT 'case' AS kind, c.id, c.ctid::text AS ver, c.due FROM cases c WHERE c.item = 'es_item'
UNION ALL SELECT 'task', t.id, t.ctid::text, t.due FROM task t WHERE t.item = 'es_item';
CREATE FUNCTION pg_temp.changed(k text) RETURNS bigint LANGUAGE sql AS $$
  SELECT count(*) FROM before b
    JOIN (SELECT 'case' AS kind, c.id, c.ctid::text AS ver, c.due FROM service_affair.cases c WHERE c.item = 'es_item'
          UNION ALL SELECT 'task', t.id, t.ctid::text, t.due FROM service_affair.task t WHERE t.item = 'es_item') n
      USING (kind, id)
   WHERE b.kind = k AND (n.ver, n.due) IS DISTINCT FROM (b.ver, b.due) $$;
CREATE FUNCTION pg_temp.counted() RETURNS bigint LANGUAGE sql AS $$
  SELECT COALESCE(sum(calls), 0)::bigint FROM pg_stat_xact_user_functions
   WHERE schemaname = 'service_affair' AND funcname = 'suspensions_workdays' $$;
SET LOCAL track_functions = 'all';
SELECT pg_temp.counted() AS c0 \gset

-- a day off in the unused calendar inside every due above
INSERT INTO calendar_day VALUES ('es_unused', '2026-11-10', false, 'scope');
SELECT is(pg_temp.changed('task'), 0::bigint, 'an edit of an unused calendar: no task row version changes (ctid, due)');
SELECT is(pg_temp.changed('case'), 0::bigint, '... nor a case row');
SELECT is(pg_temp.counted() - :c0, 0::bigint,
  '... and no suspension of another calendar''s task is counted (suspensions_workdays() not called)');
DELETE FROM calendar_day WHERE calendar = 'es_unused';
SELECT is(pg_temp.changed('task') + pg_temp.changed('case'), 0::bigint, '... nor when the day is taken out again');

-- the same day off in the used calendar moves every task and case
SELECT pg_temp.counted() AS c1 \gset
INSERT INTO calendar_day VALUES ('es_used', '2026-11-10', false, 'scope');
SELECT is(pg_temp.changed('task'), 12::bigint, 'an edit of the used calendar moves every task''s due');
SELECT is(pg_temp.changed('case'), 12::bigint, '... and every case''s');
SELECT cmp_ok(pg_temp.counted() - :c1, '>', 0::bigint, '... counting the tasks'' suspensions again');
SELECT is((SELECT count(*) FROM task t WHERE t.item = 'es_item'
            AND t.due IS DISTINCT FROM shifted_due(local_day(t.opened_at, 'es_used'), 10, 1, 'es_used')),
  0::bigint, '... to the dues of the rules');

SELECT * FROM finish();
ROLLBACK;
