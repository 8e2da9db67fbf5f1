-- Diagnostics of bench/tongban (run.sh with DIAG=1, after bench.sql, same
-- database): where the view's extra time goes, and what one candidate fix
-- gives.  Not part of the comparison above: it changes the throwaway
-- database (an index on service_affair.case_leg, a view in schema fix).
--
-- 1. Parallel scans of the partitioned history: the same scans timed with
--    the machine's minor page faults counted around each (/proc/vmstat
--    pgfault, system-wide: the machine must be quiet), at 0 and 2 workers.
-- 2. The leg join the 'nearby' query does not need: tongban_cases joined to
--    the legs with the case's partition key too (l.settled = c.settled,
--    the same rows: a leg moves with its case) and a unique index on the
--    parent case_leg (case_id, leg, settled), so that the planner can prove
--    at most one forward leg per case and drop the join when no leg column
--    is read (the planner of PostgreSQL 16 removes left joins to
--    partitioned tables proven unique, commit 3c569049; is 15's plan the
--    same?); and the same view with the forward legs read through
--    SELECT DISTINCT ON (case_id) ... WHERE leg = 'forward' (the same rows:
--    a case has at most one forward leg, its legs all in its own
--    partition), which PostgreSQL 15 can prove unique and drop.
\set ON_ERROR_STOP on
SET search_path = service_affair, public;
SET jit = off;
CREATE FUNCTION pg_temp.faults() RETURNS bigint LANGUAGE sql AS $$
  SELECT split_part(l, ' ', 2)::bigint FROM regexp_split_to_table(pg_read_file('/proc/vmstat'), E'\n') l WHERE l LIKE 'pgfault %'
$$;
CREATE TEMP TABLE d (what text, setting text, run integer, ms numeric, faults bigint);
CREATE FUNCTION pg_temp.measure(what text, sql text, reps integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz; f0 bigint; n bigint; h bigint;
BEGIN
    EXECUTE 'SELECT count(*), sum(hashtext(x::text)) FROM (' || sql || ') x' INTO n, h;  -- warm-up
    FOR k IN 1..reps LOOP
        f0 := pg_temp.faults();
        t0 := clock_timestamp();
        EXECUTE 'SELECT count(*), sum(hashtext(x::text)) FROM (' || sql || ') x' INTO n, h;
        INSERT INTO d VALUES (what, 'workers ' || current_setting('max_parallel_workers_per_gather'), k,
                              round(extract(epoch FROM clock_timestamp() - t0)::numeric * 1000, 1), pg_temp.faults() - f0);
    END LOOP;
END $$;

\echo '== 1. scans and the nearby query, with minor page faults (system-wide, per run)'
SELECT now() AS start, pg_read_file('/proc/loadavg') AS loadavg;
DO $$
DECLARE s text;
BEGIN
    FOREACH s IN ARRAY ARRAY['0', '2', '0', '2'] LOOP
        PERFORM set_config('max_parallel_workers_per_gather', s, false);
        PERFORM pg_temp.measure('count(*) of service_affair.cases (9 partitions)', 'SELECT count(*) FROM service_affair.cases', 3);
        PERFORM pg_temp.measure('count(*) of analyst.cases', 'SELECT count(*) FROM analyst.cases', 3);
        PERFORM pg_temp.measure('nearby: view', 'SELECT level, count(*) FILTER (WHERE nearby) AS nearby FROM service_affair.tongban_cases GROUP BY level', 3);
        PERFORM pg_temp.measure('nearby: plain',
            $q$SELECT p.level, count(*) FILTER (WHERE c.channel IN ('window', 'kiosk')
                    AND (p.level IN ('town', 'village', 'bank') OR (p.level = 'kiosk' AND q.level IN ('town', 'village', 'bank')))) AS nearby
                 FROM analyst.cases c JOIN analyst.service_point p ON p.code = c.receiving_point
                 LEFT JOIN analyst.service_point q ON q.code = p.parent GROUP BY p.level$q$, 3);
    END LOOP;
END $$;
SELECT what, setting, count(*) AS runs, round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 1) AS median_ms,
       min(ms) AS min_ms, percentile_cont(0.5) WITHIN GROUP (ORDER BY faults)::bigint AS median_minor_faults
  FROM d GROUP BY what, setting ORDER BY what, setting;
RESET max_parallel_workers_per_gather;

\echo '== 2. the leg join keyed by the partition key too, with a unique index on case_leg'
\timing on
CREATE UNIQUE INDEX case_leg_case_leg_settled_key ON service_affair.case_leg (case_id, leg, settled);
\timing off
ANALYZE service_affair.case_leg;
CREATE SCHEMA fix;
CREATE VIEW fix.tongban_cases AS
SELECT c.id AS case_id, c.receiving_point AS point, p.level, c.region AS receiving_region,
       c.handling_department, c.competent_region, c.competence_rule, c.agent IS NOT NULL AS by_agent,
       i.tongban_scope,
       service_affair.visit_kind(c.channel, p.level, q.level, false) = 'nearby' AS nearby,
       l.case_id IS NOT NULL AS forwarded,
       l.due AS forward_due,
       CASE WHEN l.done_at IS NOT NULL THEN NOT l.not_received AND service_affair.local_day(l.done_at, l.calendar) <= l.due END AS forward_on_time,
       service_affair.local_day(c.submitted_at, c.calendar) AS day
  FROM service_affair.cases c
  JOIN service_affair.service_point p ON p.code = c.receiving_point
  LEFT JOIN service_affair.service_point q ON q.code = p.parent
  LEFT JOIN service_affair.item i ON i.code = c.item
  LEFT JOIN service_affair.case_leg l ON l.case_id = c.id AND l.leg = 'forward' AND l.settled = c.settled
 WHERE c.receiving_point IS NOT NULL;
SELECT (SELECT count(*) FROM (SELECT * FROM fix.tongban_cases EXCEPT ALL SELECT * FROM service_affair.tongban_cases) a)
     + (SELECT count(*) FROM (SELECT * FROM service_affair.tongban_cases EXCEPT ALL SELECT * FROM fix.tongban_cases) b) AS rows_differing_from_tongban_cases;
CREATE VIEW fix.tongban_cases_distinct AS
SELECT c.id AS case_id, c.receiving_point AS point, p.level, c.region AS receiving_region,
       c.handling_department, c.competent_region, c.competence_rule, c.agent IS NOT NULL AS by_agent,
       i.tongban_scope,
       service_affair.visit_kind(c.channel, p.level, q.level, false) = 'nearby' AS nearby,
       l.case_id IS NOT NULL AS forwarded,
       l.due AS forward_due,
       CASE WHEN l.done_at IS NOT NULL THEN NOT l.not_received AND service_affair.local_day(l.done_at, l.calendar) <= l.due END AS forward_on_time,
       service_affair.local_day(c.submitted_at, c.calendar) AS day
  FROM service_affair.cases c
  JOIN service_affair.service_point p ON p.code = c.receiving_point
  LEFT JOIN service_affair.service_point q ON q.code = p.parent
  LEFT JOIN service_affair.item i ON i.code = c.item
  LEFT JOIN (SELECT DISTINCT ON (x.case_id) x.case_id, x.due, x.done_at, x.calendar, x.not_received
               FROM service_affair.case_leg x WHERE x.leg = 'forward') l ON l.case_id = c.id
 WHERE c.receiving_point IS NOT NULL;
SELECT (SELECT count(*) FROM (SELECT * FROM fix.tongban_cases_distinct EXCEPT ALL SELECT * FROM service_affair.tongban_cases) a)
     + (SELECT count(*) FROM (SELECT * FROM service_affair.tongban_cases EXCEPT ALL SELECT * FROM fix.tongban_cases_distinct) b) AS rows_differing_distinct;
SET max_parallel_workers_per_gather = 0;
EXPLAIN (COSTS OFF) SELECT level, count(*) FILTER (WHERE nearby) AS nearby FROM fix.tongban_cases GROUP BY level;
EXPLAIN (COSTS OFF) SELECT level, count(*) FILTER (WHERE nearby) AS nearby FROM fix.tongban_cases_distinct GROUP BY level;
EXPLAIN (ANALYZE, BUFFERS) SELECT level, count(*) FILTER (WHERE forward_on_time) AS on_time, count(*) FILTER (WHERE forwarded) AS forwarded,
       min(forward_due) FROM fix.tongban_cases_distinct GROUP BY level;
TRUNCATE d;
DO $$
DECLARE s text;
BEGIN
    FOREACH s IN ARRAY ARRAY['0', '2'] LOOP
        PERFORM set_config('max_parallel_workers_per_gather', s, false);
        FOR r IN 1..3 LOOP
            PERFORM pg_temp.measure('nearby: view', 'SELECT level, count(*) FILTER (WHERE nearby) AS nearby FROM service_affair.tongban_cases GROUP BY level', 1);
            PERFORM pg_temp.measure('nearby: view keyed (fix)', 'SELECT level, count(*) FILTER (WHERE nearby) AS nearby FROM fix.tongban_cases GROUP BY level', 1);
            PERFORM pg_temp.measure('nearby: view, legs DISTINCT ON (fix)', 'SELECT level, count(*) FILTER (WHERE nearby) AS nearby FROM fix.tongban_cases_distinct GROUP BY level', 1);
            PERFORM pg_temp.measure('by_point shape: view', 'SELECT point, level, count(*), count(*) FILTER (WHERE forwarded), count(*) FILTER (WHERE forward_on_time), count(*) FILTER (WHERE nearby) FROM service_affair.tongban_cases GROUP BY point, level', 1);
            PERFORM pg_temp.measure('by_point shape: view, legs DISTINCT ON (fix)', 'SELECT point, level, count(*), count(*) FILTER (WHERE forwarded), count(*) FILTER (WHERE forward_on_time), count(*) FILTER (WHERE nearby) FROM fix.tongban_cases_distinct GROUP BY point, level', 1);
            PERFORM pg_temp.measure('nearby: plain',
                $q$SELECT p.level, count(*) FILTER (WHERE c.channel IN ('window', 'kiosk')
                        AND (p.level IN ('town', 'village', 'bank') OR (p.level = 'kiosk' AND q.level IN ('town', 'village', 'bank')))) AS nearby
                     FROM analyst.cases c JOIN analyst.service_point p ON p.code = c.receiving_point
                     LEFT JOIN analyst.service_point q ON q.code = p.parent GROUP BY p.level$q$, 1);
        END LOOP;
    END LOOP;
END $$;
SELECT what, setting, count(*) AS runs, round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 1) AS median_ms,
       min(ms) AS min_ms, percentile_cont(0.5) WITHIN GROUP (ORDER BY faults)::bigint AS median_minor_faults
  FROM d GROUP BY what, setting ORDER BY setting, what;
SELECT now() AS done, pg_read_file('/proc/loadavg') AS loadavg;
