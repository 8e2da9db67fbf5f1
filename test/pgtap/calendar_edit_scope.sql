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
-- The same of the other four recompute triggers (legs, commitment checks,
-- complaints, rectifications): until 2026-12-07 leg_recompute_dues()
-- counted every open leg's due again (leg_due(): add_workdays(), local_day())
-- before calendar_edit_moves() dropped it, the comparison with the stored
-- due put first by the planner; the other three filter first (their count
-- functions are not called: the assertions keep it so).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(16);

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
-- and each case with a leg under way, an open commitment check, a
-- complaint awaiting its reply and a bad rating's open rectification, in
-- es_used, each due by its rule
INSERT INTO case_leg (case_id, leg, point, opened_at, due, forward_days, calendar)
SELECT c.id, 'forward', 'ES_T', c.accepted_at, leg_due(c.accepted_at, 10, 'es_used'), 10, 'es_used'
  FROM cases c WHERE c.item = 'es_item';
INSERT INTO commitment_check (case_id, department, materials, due, items, calendar, created_at, check_days)
SELECT c.id, 'ES', '{}', shifted_due(local_day(c.accepted_at, 'es_used'), 10, 0, 'es_used'), '{}', 'es_used', c.accepted_at, 10
  FROM cases c WHERE c.item = 'es_item';
INSERT INTO complaint (channel, category, body, received_at, case_id, applicant, department, status, due, reply_days,
                       calendar, assigned_at)
SELECT 'window', 'complaint', 'scope', c.accepted_at, c.id, c.applicant, 'ES', 'assigned',
       complaint_due(c.accepted_at, 'es_used', 'complaint', 10), 10, 'es_used', c.accepted_at
  FROM cases c WHERE c.item = 'es_item';
INSERT INTO rating (case_id, level, channel, at, rater)
SELECT c.id, 1, 'window', c.accepted_at, :pa FROM cases c WHERE c.item = 'es_item';
INSERT INTO rectification (rating_id, callback_due, fix_due, callback_days, fix_days)
SELECT r.id, w.callback_due, w.fix_due, 3, 10
  FROM rating r JOIN cases c ON c.id = r.case_id, rectification_windows(r.at, 'es_used', 3, 10) w
 WHERE c.item = 'es_item';
SET LOCAL session_replication_role = origin;

-- every row of the fixture: its version and its due (a rectification's
-- fix due)
CREATE FUNCTION pg_temp.rows() RETURNS TABLE (kind text, id bigint, ver text, due date) LANGUAGE sql AS $$
  SELECT 'case', c.id, c.ctid::text, c.due FROM service_affair.cases c WHERE c.item = 'es_item'
  UNION ALL SELECT 'task', t.id, t.ctid::text, t.due FROM service_affair.task t WHERE t.item = 'es_item'
  UNION ALL SELECT 'leg', l.case_id, l.ctid::text, l.due FROM service_affair.case_leg l WHERE l.calendar = 'es_used'
  UNION ALL SELECT 'check', k.id, k.ctid::text, k.due FROM service_affair.commitment_check k WHERE k.calendar = 'es_used'
  UNION ALL SELECT 'complaint', k.id, k.ctid::text, k.due FROM service_affair.complaint k WHERE k.calendar = 'es_used'
  UNION ALL SELECT 'rectification', f.rating_id, f.ctid::text, f.fix_due
              FROM service_affair.rectification f JOIN service_affair.rating r ON r.id = f.rating_id
              JOIN service_affair.cases c ON c.id = r.case_id WHERE c.item = 'es_item' $$;
CREATE TEMP TABLE before AS SELECT * FROM pg_temp.rows();
CREATE FUNCTION pg_temp.changed(k text) RETURNS bigint LANGUAGE sql AS $$
  SELECT count(*) FROM before b JOIN pg_temp.rows() n USING (kind, id)
   WHERE b.kind = k AND (n.ver, n.due) IS DISTINCT FROM (b.ver, b.due) $$;
-- calls of the functions that count a due, by name
CREATE FUNCTION pg_temp.calls(fns text[]) RETURNS bigint LANGUAGE sql AS $$
  SELECT COALESCE(sum(calls), 0)::bigint FROM pg_stat_xact_user_functions
   WHERE schemaname = 'service_affair' AND funcname = ANY (fns) $$;
CREATE FUNCTION pg_temp.counted() RETURNS bigint LANGUAGE sql AS $$
  SELECT COALESCE(sum(calls), 0)::bigint FROM pg_stat_xact_user_functions
   WHERE schemaname = 'service_affair' AND funcname = 'suspensions_workdays' $$;
SET LOCAL track_functions = 'all';
SELECT pg_temp.counted() AS c0 \gset
SELECT pg_temp.calls('{add_workdays,local_day}') AS l0,
       pg_temp.calls('{shifted_due,complaint_due,rectification_windows}') AS o0 \gset
-- rows of the tasks' suspensions read (scans and index fetches, of their
-- partitions): recompute_dues() finds the cases whose
-- shift the edit can move among those of the edit's calendars, or with a
-- task of one; until 2026-12-07 it joined every open task with its
-- finished suspensions and every accepted case first (a third of what was
-- left of the edit's time)
CREATE FUNCTION pg_temp.rows_read(pats text[]) RETURNS bigint LANGUAGE sql AS $$
  SELECT COALESCE(sum(COALESCE(seq_tup_read, 0) + COALESCE(idx_tup_fetch, 0)), 0)::bigint
    FROM pg_stat_xact_user_tables
   WHERE schemaname = 'service_affair' AND relname LIKE ANY (pats) $$;
SELECT pg_temp.rows_read('{task_suspension%}') AS s0 \gset

-- a day off in the unused calendar inside every due above (the joins of
-- 12 rows planned as those of 20,000 analysed are: hash joins, the plan of
-- bench/calendar/edit_scope.sh)
SET LOCAL enable_nestloop = off;
INSERT INTO calendar_day VALUES ('es_unused', '2026-11-10', false, 'scope');
RESET enable_nestloop;
SELECT pg_temp.rows_read('{task_suspension%}') - :s0 AS s1 \gset
SELECT is(pg_temp.changed('task'), 0::bigint, 'an edit of an unused calendar: no task row version changes (ctid, due)');
SELECT is(pg_temp.changed('case'), 0::bigint, '... nor a case row');
SELECT is(pg_temp.counted() - :c0, 0::bigint,
  '... and no suspension of another calendar''s task is counted (suspensions_workdays() not called)');
SELECT is(pg_temp.changed('leg'), 0::bigint, '... nor a leg row');
SELECT is(pg_temp.calls('{add_workdays,local_day}') - :l0, 0::bigint,
  '... and no leg''s due is counted again (leg_due(): add_workdays(), local_day() not called)');
SELECT is(pg_temp.changed('check') + pg_temp.changed('complaint') + pg_temp.changed('rectification'), 0::bigint,
  '... nor a commitment check, complaint or rectification row');
SELECT is(pg_temp.calls('{shifted_due,complaint_due,rectification_windows}') - :o0, 0::bigint,
  '... none of whose dues is counted again (shifted_due(), complaint_due(), rectification_windows() not called)');
SELECT is(:s1::bigint, 0::bigint,
  '... and no suspension of a task is read (the cases of the edit''s calendars first)');
DELETE FROM calendar_day WHERE calendar = 'es_unused';
SELECT is((SELECT count(*) FROM before b JOIN pg_temp.rows() n USING (kind, id)
            WHERE (n.ver, n.due) IS DISTINCT FROM (b.ver, b.due)), 0::bigint, '... nor when the day is taken out again');

-- the same day off in the used calendar moves every task and case
SELECT pg_temp.counted() AS c1 \gset
INSERT INTO calendar_day VALUES ('es_used', '2026-11-10', false, 'scope');
SELECT is(pg_temp.changed('task'), 12::bigint, 'an edit of the used calendar moves every task''s due');
SELECT is(pg_temp.changed('case'), 12::bigint, '... and every case''s');
SELECT cmp_ok(pg_temp.counted() - :c1, '>', 0::bigint, '... counting the tasks'' suspensions again');
SELECT is((SELECT count(*) FROM task t WHERE t.item = 'es_item'
            AND t.due IS DISTINCT FROM shifted_due(local_day(t.opened_at, 'es_used'), 10, 1, 'es_used')),
  0::bigint, '... to the dues of the rules');

SELECT is(pg_temp.changed('leg'), 12::bigint, '... and every leg''s');
SELECT is(ARRAY[pg_temp.changed('check'), pg_temp.changed('complaint'), pg_temp.changed('rectification')],
          '{12,12,12}'::bigint[], '... and every commitment check''s, complaint''s and rectification''s fix due');
SELECT is((SELECT count(*) FROM case_leg l WHERE l.calendar = 'es_used'
            AND l.due IS DISTINCT FROM leg_due(l.opened_at, 10, 'es_used')), 0::bigint, '... the legs'' to the dues of the rules');

SELECT * FROM finish();
ROLLBACK;
