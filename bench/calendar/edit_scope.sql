-- What a calendar edit costs as a function of the calendars it changes
-- (2026-12-07): N accepted cases on calendar cn with an open task each,
-- suspended once (resumed), and an unused calendar 'b'.  An edit of 'b'
-- (a day off inserted, then deleted) against the same edit of cn inside
-- every due.  Rows written directly as the superuser (triggers off while
-- loading): the edit is measured, not the intake.
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
SET session_replication_role = origin;
VACUUM ANALYZE;
SELECT count(*) AS cases, (SELECT count(*) FROM task) AS tasks, (SELECT count(*) FROM task_suspension) AS suspensions FROM cases;
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
DO $$
BEGIN
  FOR r IN 1..current_setting('bench.rounds')::integer LOOP
    INSERT INTO m VALUES ('calendar_day edit of b (unused)', r, pg_temp.edit_ms('b'));
    INSERT INTO m VALUES ('calendar_day edit of cn (every due moves)', r, pg_temp.edit_ms('cn'));
  END LOOP;
END $$;
-- a rewrite of a calendar row (changed days unknown: everything, by design)
INSERT INTO m VALUES ('UPDATE calendar b SET weekmask = weekmask (unknown days: every row)', 1, pg_temp.weekmask_ms('b'));
SELECT variant, count(*) AS rounds, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS median_ms, min(ms) AS min_ms, max(ms) AS max_ms
  FROM m GROUP BY variant ORDER BY variant;
