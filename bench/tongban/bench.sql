-- What the analysts' 通办 views cost (bench/tongban/run.sh, 2026-12-03):
-- every tongban_* view of sql/parts/42_tongban.sql over the cases of
-- setup.sql, against what an analyst would otherwise write: the same
-- aggregate in plain SQL over the plain tables of schema analyst (the same
-- rows and columns; no trigger, RLS, CHECK or partition; primary keys),
-- with plain expressions for the extension's functions (visit_kind() = the
-- rule of doc/tongban.md written as a CASE-free boolean; local_day(x, 'cn')
-- = (x AT TIME ZONE 'Asia/Shanghai')::date).  A forward leg closed at the
-- delivery as not received (case_leg.not_received) is late, as in the
-- view; until 2026-12-05 the plain queries had no such rule (nor the data
-- such a leg), so they were not the view's figures once one existed.
--
-- Queries (q below):
--   cases      tongban_cases aggregated by level over every column
--   nearby     the query of doc/tongban.md: SELECT level, count(*) FILTER
--              (WHERE nearby) FROM tongban_cases GROUP BY level
--   by_point   SELECT * FROM tongban_by_point
--   by_office  SELECT * FROM tongban_by_office
--   by_region  SELECT * FROM tongban_by_region (the plain query has the
--              view's shape: the cases read twice, UNION ALL)
-- and, to tell where a difference comes from (diagnostics, not targets):
--   cases      "plain tables, the view's functions": the plain query with
--              visit_kind() and local_day(); "extension tables, plain
--              expressions": the view's joins over the extension's tables
--              (cases and case_leg through their partitioned parents)
--              with the plain expressions
--   nearby     "plain tables, the view's joins": the plain query with the
--              view's LEFT JOINs of item and case_leg (a key on each: the
--              planner drops both); "extension tables, plain expressions"
--   by_region  "plain, one scan": each case read once, its two rows made
--              by LATERAL (VALUES ...)
--
-- Method: every variant must return the same rows as the plain query
-- (EXCEPT ALL both ways; the script stops otherwise).  Timed in one
-- session, by clock_timestamp() around EXECUTE of
-- SELECT count(*), sum(hashtext(x::text)) FROM (<query>) x (the whole row
-- keeps every output column computed; planning included), jit = off, with
-- max_parallel_workers_per_gather = 0 and then at its default; per setting
-- one warm-up of every variant, then :rounds rounds, each running every
-- variant of every query once, the order reversed every other round.
-- Reported: median, min and max per variant, and the per-round ratio to the
-- plain query of the same round (median, min, max).  Then EXPLAIN (ANALYZE,
-- BUFFERS) once of each.
\set ON_ERROR_STOP on
SET search_path = service_affair, public;
SET jit = off;
SELECT set_config('bench.rounds', :'rounds', false) AS rounds;

CREATE TEMP TABLE q (qname text, qord integer, variant text, vord integer, sql text, PRIMARY KEY (qname, variant));
INSERT INTO q VALUES
-- ---- cases: tongban_cases, every column, by level ----------------------------------------
('cases', 1, 'view', 1, $q$
SELECT level, count(*) AS cases, count(*) FILTER (WHERE nearby) AS nearby, count(*) FILTER (WHERE forwarded) AS forwarded,
       count(*) FILTER (WHERE by_agent) AS by_agent, count(*) FILTER (WHERE forward_on_time) AS on_time,
       count(*) FILTER (WHERE NOT forward_on_time) AS late, count(*) FILTER (WHERE receiving_region <> competent_region) AS other_region,
       count(tongban_scope) AS with_scope, count(competence_rule) AS with_rule, max(handling_department) AS department,
       min(point) AS first_point, max(point) AS last_point, min(day) AS first_day, max(day) AS last_day,
       sum(forward_due - day) AS forward_days, bit_xor(case_id) AS ids
  FROM service_affair.tongban_cases GROUP BY level$q$),
('cases', 1, 'plain', 2, $q$
SELECT p.level, count(*) AS cases,
       count(*) FILTER (WHERE c.channel IN ('window', 'kiosk')
                          AND (p.level IN ('town', 'village', 'bank') OR (p.level = 'kiosk' AND q.level IN ('town', 'village', 'bank')))) AS nearby,
       count(l.case_id) AS forwarded, count(c.agent) AS by_agent,
       count(*) FILTER (WHERE NOT l.not_received AND (l.done_at AT TIME ZONE 'Asia/Shanghai')::date <= l.due) AS on_time,
       count(*) FILTER (WHERE (l.not_received OR (l.done_at AT TIME ZONE 'Asia/Shanghai')::date > l.due)) AS late,
       count(*) FILTER (WHERE c.region <> c.competent_region) AS other_region,
       count(i.tongban_scope) AS with_scope, count(c.competence_rule) AS with_rule, max(c.handling_department) AS department,
       min(c.receiving_point) AS first_point, max(c.receiving_point) AS last_point,
       min((c.submitted_at AT TIME ZONE 'Asia/Shanghai')::date) AS first_day, max((c.submitted_at AT TIME ZONE 'Asia/Shanghai')::date) AS last_day,
       sum(l.due - (c.submitted_at AT TIME ZONE 'Asia/Shanghai')::date) AS forward_days, bit_xor(c.id) AS ids
  FROM analyst.cases c JOIN analyst.service_point p ON p.code = c.receiving_point
  LEFT JOIN analyst.service_point q ON q.code = p.parent
  LEFT JOIN analyst.item i ON i.code = c.item
  LEFT JOIN analyst.case_leg l ON l.case_id = c.id AND l.leg = 'forward'
 GROUP BY p.level$q$),
('cases', 1, 'plain tables, the view''s functions', 3, $q$
SELECT p.level, count(*) AS cases,
       count(*) FILTER (WHERE service_affair.visit_kind(c.channel, p.level, q.level, false) = 'nearby') AS nearby,
       count(l.case_id) AS forwarded, count(c.agent) AS by_agent,
       count(*) FILTER (WHERE NOT l.not_received AND service_affair.local_day(l.done_at, l.calendar) <= l.due) AS on_time,
       count(*) FILTER (WHERE (l.not_received OR service_affair.local_day(l.done_at, l.calendar) > l.due)) AS late,
       count(*) FILTER (WHERE c.region <> c.competent_region) AS other_region,
       count(i.tongban_scope) AS with_scope, count(c.competence_rule) AS with_rule, max(c.handling_department) AS department,
       min(c.receiving_point) AS first_point, max(c.receiving_point) AS last_point,
       min(service_affair.local_day(c.submitted_at, c.calendar)) AS first_day, max(service_affair.local_day(c.submitted_at, c.calendar)) AS last_day,
       sum(l.due - service_affair.local_day(c.submitted_at, c.calendar)) AS forward_days, bit_xor(c.id) AS ids
  FROM analyst.cases c JOIN analyst.service_point p ON p.code = c.receiving_point
  LEFT JOIN analyst.service_point q ON q.code = p.parent
  LEFT JOIN analyst.item i ON i.code = c.item
  LEFT JOIN analyst.case_leg l ON l.case_id = c.id AND l.leg = 'forward'
 GROUP BY p.level$q$),
('cases', 1, 'extension tables, plain expressions', 4, $q$
SELECT p.level, count(*) AS cases,
       count(*) FILTER (WHERE c.channel IN ('window', 'kiosk')
                          AND (p.level IN ('town', 'village', 'bank') OR (p.level = 'kiosk' AND q.level IN ('town', 'village', 'bank')))) AS nearby,
       count(l.case_id) AS forwarded, count(c.agent) AS by_agent,
       count(*) FILTER (WHERE NOT l.not_received AND (l.done_at AT TIME ZONE 'Asia/Shanghai')::date <= l.due) AS on_time,
       count(*) FILTER (WHERE (l.not_received OR (l.done_at AT TIME ZONE 'Asia/Shanghai')::date > l.due)) AS late,
       count(*) FILTER (WHERE c.region <> c.competent_region) AS other_region,
       count(i.tongban_scope) AS with_scope, count(c.competence_rule) AS with_rule, max(c.handling_department) AS department,
       min(c.receiving_point) AS first_point, max(c.receiving_point) AS last_point,
       min((c.submitted_at AT TIME ZONE 'Asia/Shanghai')::date) AS first_day, max((c.submitted_at AT TIME ZONE 'Asia/Shanghai')::date) AS last_day,
       sum(l.due - (c.submitted_at AT TIME ZONE 'Asia/Shanghai')::date) AS forward_days, bit_xor(c.id) AS ids
  FROM service_affair.cases c JOIN service_affair.service_point p ON p.code = c.receiving_point
  LEFT JOIN service_affair.service_point q ON q.code = p.parent
  LEFT JOIN service_affair.item i ON i.code = c.item
  LEFT JOIN service_affair.case_leg l ON l.case_id = c.id AND l.leg = 'forward'
 WHERE c.receiving_point IS NOT NULL
 GROUP BY p.level$q$),
-- ---- nearby: the query of doc/tongban.md --------------------------------------------------
('nearby', 2, 'view', 1, $q$
SELECT level, count(*) FILTER (WHERE nearby) AS nearby FROM service_affair.tongban_cases GROUP BY level$q$),
('nearby', 2, 'plain', 2, $q$
SELECT p.level, count(*) FILTER (WHERE c.channel IN ('window', 'kiosk')
                                   AND (p.level IN ('town', 'village', 'bank') OR (p.level = 'kiosk' AND q.level IN ('town', 'village', 'bank')))) AS nearby
  FROM analyst.cases c JOIN analyst.service_point p ON p.code = c.receiving_point
  LEFT JOIN analyst.service_point q ON q.code = p.parent
 GROUP BY p.level$q$),
('nearby', 2, 'plain tables, the view''s joins', 3, $q$
SELECT p.level, count(*) FILTER (WHERE c.channel IN ('window', 'kiosk')
                                   AND (p.level IN ('town', 'village', 'bank') OR (p.level = 'kiosk' AND q.level IN ('town', 'village', 'bank')))) AS nearby
  FROM analyst.cases c JOIN analyst.service_point p ON p.code = c.receiving_point
  LEFT JOIN analyst.service_point q ON q.code = p.parent
  LEFT JOIN analyst.item i ON i.code = c.item
  LEFT JOIN analyst.case_leg l ON l.case_id = c.id AND l.leg = 'forward'
 GROUP BY p.level$q$),
('nearby', 2, 'extension tables, plain expressions', 4, $q$
SELECT p.level, count(*) FILTER (WHERE c.channel IN ('window', 'kiosk')
                                   AND (p.level IN ('town', 'village', 'bank') OR (p.level = 'kiosk' AND q.level IN ('town', 'village', 'bank')))) AS nearby
  FROM service_affair.cases c JOIN service_affair.service_point p ON p.code = c.receiving_point
  LEFT JOIN service_affair.service_point q ON q.code = p.parent
 GROUP BY p.level$q$),
-- ---- by_point -----------------------------------------------------------------------------
('by_point', 3, 'view', 1, $q$
SELECT * FROM service_affair.tongban_by_point$q$),
('by_point', 3, 'plain', 2, $q$
SELECT c.receiving_point AS point, p.name, p.level, p.region, p.town_code,
       count(*) AS received, count(l.case_id) AS tongban,
       count(*) FILTER (WHERE c.region <> c.competent_region) AS other_region,
       count(*) FILTER (WHERE c.channel IN ('window', 'kiosk')
                          AND (p.level IN ('town', 'village', 'bank') OR (p.level = 'kiosk' AND q.level IN ('town', 'village', 'bank')))) AS nearby,
       count(c.agent) AS by_agent,
       count(*) FILTER (WHERE NOT l.not_received AND (l.done_at AT TIME ZONE 'Asia/Shanghai')::date <= l.due) AS forward_on_time,
       count(*) FILTER (WHERE (l.not_received OR (l.done_at AT TIME ZONE 'Asia/Shanghai')::date > l.due)) AS forward_late,
       round(count(*) FILTER (WHERE NOT l.not_received AND (l.done_at AT TIME ZONE 'Asia/Shanghai')::date <= l.due)::numeric
             / NULLIF(count(l.done_at), 0), 4) AS forward_on_time_rate
  FROM analyst.cases c JOIN analyst.service_point p ON p.code = c.receiving_point
  LEFT JOIN analyst.service_point q ON q.code = p.parent
  LEFT JOIN analyst.case_leg l ON l.case_id = c.id AND l.leg = 'forward'
 GROUP BY c.receiving_point, p.name, p.level, p.region, p.town_code$q$),
-- ---- by_office ----------------------------------------------------------------------------
('by_office', 4, 'view', 1, $q$
SELECT * FROM service_affair.tongban_by_office$q$),
('by_office', 4, 'plain', 2, $q$
SELECT c.handling_department AS department, d.name, c.competent_region AS region,
       count(*) AS received_at_points, count(l.case_id) AS tongban,
       count(*) FILTER (WHERE c.region <> c.competent_region) AS other_region,
       count(*) FILTER (WHERE c.channel IN ('window', 'kiosk')
                          AND (p.level IN ('town', 'village', 'bank') OR (p.level = 'kiosk' AND q.level IN ('town', 'village', 'bank')))) AS nearby,
       round(count(*) FILTER (WHERE c.channel IN ('window', 'kiosk')
                                AND (p.level IN ('town', 'village', 'bank') OR (p.level = 'kiosk' AND q.level IN ('town', 'village', 'bank'))))::numeric
             / count(*), 4) AS nearby_share,
       count(*) FILTER (WHERE NOT l.not_received AND (l.done_at AT TIME ZONE 'Asia/Shanghai')::date <= l.due) AS forward_on_time,
       count(*) FILTER (WHERE (l.not_received OR (l.done_at AT TIME ZONE 'Asia/Shanghai')::date > l.due)) AS forward_late
  FROM analyst.cases c JOIN analyst.service_point p ON p.code = c.receiving_point
  LEFT JOIN analyst.service_point q ON q.code = p.parent
  LEFT JOIN analyst.case_leg l ON l.case_id = c.id AND l.leg = 'forward'
  JOIN analyst.department d ON d.code = c.handling_department
 GROUP BY c.handling_department, d.name, c.competent_region$q$),
-- ---- by_region ----------------------------------------------------------------------------
('by_region', 5, 'view', 1, $q$
SELECT * FROM service_affair.tongban_by_region$q$),
('by_region', 5, 'plain', 2, $q$
SELECT r.region, sum(r.received)::bigint AS received, sum(r.handled)::bigint AS handled,
       count(*) FILTER (WHERE r.received = 1 AND r.crossing) AS sent_elsewhere,
       count(*) FILTER (WHERE r.handled = 1 AND r.crossing) AS received_from_elsewhere,
       count(*) FILTER (WHERE r.forwarded) AS tongban,
       round(count(*) FILTER (WHERE r.nearby)::numeric / NULLIF(sum(r.received), 0), 4) AS nearby_share,
       round(count(*) FILTER (WHERE r.forward_on_time)::numeric / NULLIF(count(r.forward_on_time), 0), 4) AS forward_on_time_rate
  FROM (SELECT c.region, 1 AS received, 0 AS handled,
               c.channel IN ('window', 'kiosk')
                 AND (p.level IN ('town', 'village', 'bank') OR (p.level = 'kiosk' AND q.level IN ('town', 'village', 'bank'))) AS nearby,
               l.case_id IS NOT NULL AS forwarded, c.region <> c.competent_region AS crossing,
               NOT l.not_received AND (l.done_at AT TIME ZONE 'Asia/Shanghai')::date <= l.due AS forward_on_time
          FROM analyst.cases c JOIN analyst.service_point p ON p.code = c.receiving_point
          LEFT JOIN analyst.service_point q ON q.code = p.parent
          LEFT JOIN analyst.case_leg l ON l.case_id = c.id AND l.leg = 'forward'
        UNION ALL
        SELECT c.competent_region, 0, 1, false, false, c.region <> c.competent_region, NULL
          FROM analyst.cases c WHERE c.receiving_point IS NOT NULL) r
 GROUP BY r.region$q$),
('by_region', 5, 'plain, one scan', 3, $q$
SELECT r.region, sum(r.received)::bigint AS received, sum(r.handled)::bigint AS handled,
       count(*) FILTER (WHERE r.received = 1 AND r.crossing) AS sent_elsewhere,
       count(*) FILTER (WHERE r.handled = 1 AND r.crossing) AS received_from_elsewhere,
       count(*) FILTER (WHERE r.forwarded) AS tongban,
       round(count(*) FILTER (WHERE r.nearby)::numeric / NULLIF(sum(r.received), 0), 4) AS nearby_share,
       round(count(*) FILTER (WHERE r.forward_on_time)::numeric / NULLIF(count(r.forward_on_time), 0), 4) AS forward_on_time_rate
  FROM analyst.cases c JOIN analyst.service_point p ON p.code = c.receiving_point
  LEFT JOIN analyst.service_point q ON q.code = p.parent
  LEFT JOIN analyst.case_leg l ON l.case_id = c.id AND l.leg = 'forward',
       LATERAL (VALUES (c.region, 1, 0,
                        c.channel IN ('window', 'kiosk')
                          AND (p.level IN ('town', 'village', 'bank') OR (p.level = 'kiosk' AND q.level IN ('town', 'village', 'bank'))),
                        l.case_id IS NOT NULL, c.region <> c.competent_region,
                        NOT l.not_received AND (l.done_at AT TIME ZONE 'Asia/Shanghai')::date <= l.due),
                       (c.competent_region, 0, 1, false, false, c.region <> c.competent_region, NULL))
               r(region, received, handled, nearby, forwarded, crossing, forward_on_time)
 GROUP BY r.region$q$);

-- ---- the same rows, or stop ----------------------------------------------------------------
\echo '== every variant against the plain query (EXCEPT ALL both ways; stops on a difference)'
CREATE FUNCTION pg_temp.check_same() RETURNS TABLE (qname text, variant text, rows bigint, differing bigint) LANGUAGE plpgsql AS $$
DECLARE
    r record;
    p text;
BEGIN
    FOR r IN SELECT * FROM q WHERE q.variant <> 'plain' ORDER BY q.qord, q.vord LOOP
        SELECT x.sql INTO p FROM q x WHERE x.qname = r.qname AND x.variant = 'plain';
        qname := r.qname;
        variant := r.variant;
        EXECUTE format('SELECT (SELECT count(*) FROM (%1$s) a), (SELECT count(*) FROM ((%1$s) EXCEPT ALL (%2$s)) b)'
                       ' + (SELECT count(*) FROM ((%2$s) EXCEPT ALL (%1$s)) c)', r.sql, p) INTO rows, differing;
        IF differing <> 0 OR rows = 0 THEN
            RAISE EXCEPTION 'bench/tongban: % / % differs from the plain query (% rows, % differing)', r.qname, r.variant, rows, differing;
        END IF;
        RETURN NEXT;
    END LOOP;
END $$;
SELECT * FROM pg_temp.check_same();

\echo '== the data, through the view (query "cases")'
SELECT level, count(*) AS cases, count(*) FILTER (WHERE nearby) AS nearby, count(*) FILTER (WHERE forwarded) AS forwarded,
       count(*) FILTER (WHERE by_agent) AS by_agent, count(*) FILTER (WHERE forward_on_time) AS on_time,
       count(*) FILTER (WHERE NOT forward_on_time) AS late, count(*) FILTER (WHERE receiving_region <> competent_region) AS other_region
  FROM service_affair.tongban_cases GROUP BY level ORDER BY level;

-- ---- an analyst sees the same plan --------------------------------------------------------
-- (the views run as their owner: no RLS for anyone reading them; the
-- benchmark runs as the superuser, an analyst gets the same plan)
SELECT service_affair.create_roles();
CREATE ROLE tb_bench_analyst IN ROLE service_affair_analyst;
CREATE FUNCTION pg_temp.plan_of(sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE l text; t text := '';
BEGIN
    FOR l IN EXECUTE 'EXPLAIN (COSTS OFF) ' || sql LOOP t := t || l || E'\n'; END LOOP;
    RETURN t;
END $$;
CREATE TEMP TABLE plans AS SELECT qname, pg_temp.plan_of(sql) AS superuser_plan FROM q WHERE variant = 'view';
GRANT SELECT ON plans, q TO tb_bench_analyst;
ALTER TABLE plans ADD COLUMN analyst_plan text;
GRANT UPDATE ON plans TO tb_bench_analyst;
SET ROLE tb_bench_analyst;
UPDATE plans p SET analyst_plan = pg_temp.plan_of(q.sql) FROM q WHERE q.qname = p.qname AND q.variant = 'view';
RESET ROLE;
SELECT qname, superuser_plan = analyst_plan AS analyst_gets_the_same_plan FROM plans ORDER BY qname;

-- ---- timing -------------------------------------------------------------------------------
CREATE FUNCTION pg_temp.run_ms(sql text) RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE
    t0 timestamptz;
    n bigint;
    h bigint;
BEGIN
    t0 := clock_timestamp();
    EXECUTE 'SELECT count(*), sum(hashtext(x::text)) FROM (' || sql || ') x' INTO n, h;
    RETURN round(extract(epoch FROM clock_timestamp() - t0)::numeric * 1000, 1);
END $$;
CREATE TEMP TABLE m (setting text, qname text, variant text, round integer, ms numeric);
CREATE FUNCTION pg_temp.rounds(setting text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT * FROM q ORDER BY qord, vord LOOP  -- warm-up
        PERFORM pg_temp.run_ms(r.sql);
    END LOOP;
    FOR k IN 1..current_setting('bench.rounds')::integer LOOP
        FOR r IN SELECT * FROM q ORDER BY qord, CASE WHEN k % 2 = 1 THEN vord ELSE -vord END LOOP
            INSERT INTO m VALUES (setting, r.qname, r.variant, k, pg_temp.run_ms(r.sql));
        END LOOP;
    END LOOP;
END $$;
\echo '== timing'
SELECT now() AS start, pg_read_file('/proc/loadavg') AS loadavg;
SET max_parallel_workers_per_gather = 0;
SELECT pg_temp.rounds('workers 0');
SELECT now() AS mid, pg_read_file('/proc/loadavg') AS loadavg;
RESET max_parallel_workers_per_gather;
SELECT pg_temp.rounds('workers ' || current_setting('max_parallel_workers_per_gather') || ' (default)');
SELECT now() AS done, pg_read_file('/proc/loadavg') AS loadavg;

\echo '== medians, ms'
SELECT m.setting, m.qname, m.variant, count(*) AS rounds,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY m.ms)::numeric, 1) AS median_ms, min(m.ms) AS min_ms, max(m.ms) AS max_ms
  FROM m JOIN q USING (qname, variant)
 GROUP BY m.setting, m.qname, m.variant, q.qord, q.vord ORDER BY m.setting DESC, q.qord, q.vord;
\echo '== each variant / the plain query of the same round'
SELECT a.setting, a.qname, a.variant,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY a.ms / p.ms)::numeric, 2) AS median_ratio,
       round(min(a.ms / p.ms), 2) AS min_ratio, round(max(a.ms / p.ms), 2) AS max_ratio
  FROM m a JOIN m p ON p.setting = a.setting AND p.qname = a.qname AND p.round = a.round AND p.variant = 'plain'
  JOIN q ON q.qname = a.qname AND q.variant = a.variant
 WHERE a.variant <> 'plain'
 GROUP BY a.setting, a.qname, a.variant, q.qord, q.vord ORDER BY a.setting DESC, q.qord, q.vord;
\echo '== parallel (default) / workers 0, medians'
SELECT s.qname, s.variant, round((percentile_cont(0.5) WITHIN GROUP (ORDER BY s.ms) FILTER (WHERE s.setting <> 'workers 0')
                                 / percentile_cont(0.5) WITHIN GROUP (ORDER BY s.ms) FILTER (WHERE s.setting = 'workers 0'))::numeric, 2) AS ratio
  FROM m s JOIN q USING (qname, variant) GROUP BY s.qname, s.variant, q.qord, q.vord ORDER BY q.qord, q.vord;

-- ---- plans ----------------------------------------------------------------------------------
\echo '== EXPLAIN (ANALYZE, BUFFERS), max_parallel_workers_per_gather = 0: every variant'
SET max_parallel_workers_per_gather = 0;
SELECT format('SELECT %L AS "plan of"', qname || ' / ' || variant || ' / workers 0'),
       format('EXPLAIN (ANALYZE, BUFFERS) %s', sql)
  FROM q ORDER BY qord, vord \gexec
\echo '== EXPLAIN (ANALYZE, BUFFERS), default max_parallel_workers_per_gather: view and plain'
RESET max_parallel_workers_per_gather;
SELECT format('SELECT %L AS "plan of"', qname || ' / ' || variant || ' / workers ' || current_setting('max_parallel_workers_per_gather')),
       format('EXPLAIN (ANALYZE, BUFFERS) %s', sql)
  FROM q WHERE variant IN ('view', 'plain') ORDER BY qord, vord \gexec
