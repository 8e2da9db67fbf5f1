-- What a calendar edit costs as a function of the calendars it changes
-- (2026-12-07): N accepted cases on calendar cn with an open task each,
-- suspended once (resumed), and an unused calendar 'b'.  An edit of 'b'
-- (a day off inserted, then deleted) against the same edit of cn inside
-- every due.  Rows written directly as the superuser (triggers off while
-- loading): the edit is measured, not the intake.
-- Each case also has a leg under way, an open commitment check, a
-- complaint awaiting its reply and a bad rating's open rectification, on
-- cn (the rows of the other four recompute triggers).  The edit of 'b' is
-- measured with leg_recompute_dues() as it is and as it was before
-- 2026-12-07 (the same body without its OFFSET 0: the planner flattens
-- the subquery and counts every open leg's due before the calendar
-- filter), alternated in each round, with the calls of the functions that
-- count a due (track_functions = all).
\set ON_ERROR_STOP on
SET search_path = service_affair, public;
SET max_parallel_workers_per_gather = 0;
SET jit = off;
INSERT INTO calendar (name) VALUES ('b');
INSERT INTO department (code, name, region) VALUES ('CS', 'Calendar scope bench', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit) VALUES ('cs_item', 'Bench item', 'CS', 'promised', 20, 10);
INSERT INTO service_point (code, name, level, region, town_code) VALUES ('CS_T', 'Bench town centre', 'town', '330225', '330225001');
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Bench Person');
SET session_replication_role = replica;
INSERT INTO cases (service, service_kind, item, department, applicant, channel, status, returned, tolerated,
                   submitted_at, accepted_at, due, calendar, promised_limit, legal_limit, visits, receiving_point)
SELECT 'cs_item', 'item', 'cs_item', 'CS', a.id, 'window', 'accepted', false, false, t, t,
       add_workdays((t AT TIME ZONE 'Asia/Shanghai')::date, 10), 'cn', 10, 20, 1, 'CS_T'
  FROM applicant a,
       LATERAL (SELECT '2026-11-02 09:00+08'::timestamptz + make_interval(mins => (g * 7919) % (18 * 24 * 60)) AS t, g
                  FROM generate_series(1, :n) g) s;
INSERT INTO task (case_id, item, department, stage, status, calendar, limit_days, extension_limit, opened_at, due,
                  suspended_workdays)
SELECT c.id, 'cs_item', 'CS', 1, 'open', 'cn', 10, 0, c.accepted_at,
       shifted_due(local_day(c.accepted_at), 10, 1, 'cn'), 1
  FROM cases c;
INSERT INTO task_suspension (task_id, suspended_at, reason, resumed_at)
SELECT t.id, t.opened_at + interval '1 day', 'inspection', t.opened_at + interval '2 days' FROM task t;
INSERT INTO case_leg (case_id, leg, point, opened_at, due, forward_days, calendar)
SELECT c.id, 'forward', 'CS_T', c.accepted_at, leg_due(c.accepted_at, 10, 'cn'), 10, 'cn' FROM cases c;
INSERT INTO commitment_check (case_id, department, materials, due, items, calendar, created_at, check_days)
SELECT c.id, 'CS', '{}', shifted_due(local_day(c.accepted_at), 10, 0, 'cn'), '{}', 'cn', c.accepted_at, 10 FROM cases c;
INSERT INTO complaint (channel, category, body, received_at, case_id, applicant, department, status, due, reply_days,
                       calendar, assigned_at)
SELECT 'window', 'complaint', 'bench', c.accepted_at, c.id, c.applicant, 'CS', 'assigned',
       complaint_due(c.accepted_at, 'cn', 'complaint', 10), 10, 'cn', c.accepted_at
  FROM cases c;
INSERT INTO rating (case_id, level, channel, at, rater) SELECT c.id, 1, 'window', c.accepted_at, c.applicant FROM cases c;
INSERT INTO rectification (rating_id, callback_due, fix_due, callback_days, fix_days)
SELECT r.id, w.callback_due, w.fix_due, 3, 10 FROM rating r, rectification_windows(r.at, 'cn', 3, 10) w;
SET session_replication_role = origin;
VACUUM ANALYZE;
SELECT count(*) AS cases, (SELECT count(*) FROM task) AS tasks, (SELECT count(*) FROM task_suspension) AS suspensions,
       (SELECT count(*) FROM case_leg) AS legs, (SELECT count(*) FROM commitment_check) AS checks,
       (SELECT count(*) FROM complaint) AS complaints, (SELECT count(*) FROM rectification) AS rectifications
  FROM cases;
-- leg_recompute_dues() as it is, and as it was (without OFFSET 0)
CREATE TEMP TABLE body AS
SELECT pg_get_functiondef('service_affair.leg_recompute_dues()'::regprocedure) AS after,
       replace(pg_get_functiondef('service_affair.leg_recompute_dues()'::regprocedure), 'OFFSET 0', '') AS before;
SELECT position('OFFSET 0' IN after) > 0 AS after_has_offset_0 FROM body;
CREATE FUNCTION pg_temp.use_body(v text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE (SELECT CASE v WHEN 'after' THEN b.after ELSE b.before END FROM body b);
END $$;
SET track_functions = 'all';
CREATE FUNCTION pg_temp.count_calls() RETURNS bigint LANGUAGE sql AS $$
  SELECT COALESCE(sum(calls), 0)::bigint FROM pg_stat_xact_user_functions
   WHERE schemaname = 'service_affair'
     AND funcname IN ('add_workdays', 'local_day', 'shifted_due', 'complaint_due', 'rectification_windows', 'suspensions_workdays') $$;
-- one edit of b in a transaction of its own (the function counts are the
-- transaction's): ms, and the calls of the functions that count a due
CREATE TEMP TABLE calls (variant text, run integer, calls bigint);
CREATE FUNCTION pg_temp.edit_ms(cal text) RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz := clock_timestamp();
BEGIN
  INSERT INTO service_affair.calendar_day VALUES (cal, '2026-11-19', false, 'bench');
  DELETE FROM service_affair.calendar_day WHERE calendar = cal AND day = '2026-11-19';
  RETURN round(extract(epoch FROM clock_timestamp() - t0) * 1000 / 2, 1);
END $$;
CREATE FUNCTION pg_temp.weekmask_ms(cal text) RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz := clock_timestamp();
BEGIN
  UPDATE service_affair.calendar SET weekmask = weekmask WHERE name = cal;
  RETURN round(extract(epoch FROM clock_timestamp() - t0) * 1000, 1);
END $$;
CREATE TEMP TABLE m (variant text, run integer, ms numeric);
SELECT set_config('bench.rounds', :'rounds', false);
SELECT pg_temp.edit_ms('b') AS warmup_ms;
-- the edit of b, leg_recompute_dues() before and after, alternated (one
-- transaction each: a procedure commits between them)
CREATE PROCEDURE pg_temp.ab(r integer) LANGUAGE plpgsql AS $$
DECLARE v text; c0 bigint; ms numeric;
BEGIN
  FOREACH v IN ARRAY CASE WHEN r % 2 = 1 THEN '{before,after}'::text[] ELSE '{after,before}'::text[] END LOOP
    PERFORM pg_temp.use_body(v);
    COMMIT;
    c0 := pg_temp.count_calls();
    ms := pg_temp.edit_ms('b');
    INSERT INTO m VALUES ('calendar_day edit of b (unused), legs ' || v, r, ms);
    INSERT INTO calls VALUES ('calendar_day edit of b (unused), legs ' || v, r, pg_temp.count_calls() - c0);
    COMMIT;
  END LOOP;
  PERFORM pg_temp.use_body('after');
END $$;
DO $$
BEGIN
  FOR r IN 1..current_setting('bench.rounds')::integer LOOP
    CALL pg_temp.ab(r);
  END LOOP;
END $$;
DO $$
BEGIN
  FOR r IN 1..current_setting('bench.rounds')::integer LOOP
    INSERT INTO m VALUES ('calendar_day edit of cn (every due moves)', r, pg_temp.edit_ms('cn'));
  END LOOP;
END $$;
-- a rewrite of a calendar row (changed days unknown: everything, by design)
INSERT INTO m VALUES ('UPDATE calendar b SET weekmask = weekmask (unknown days: every row)', 1, pg_temp.weekmask_ms('b'));
SELECT variant, count(*) AS rounds, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS median_ms, min(ms) AS min_ms, max(ms) AS max_ms
  FROM m GROUP BY variant ORDER BY variant;
SELECT variant, min(calls) AS min_calls, max(calls) AS max_calls FROM calls GROUP BY variant ORDER BY variant;
