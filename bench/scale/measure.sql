-- Growth-curve benchmark: the read-side measures at one history size.  Each
-- query runs RUNS times after one warm-up; median and min in ms.
--   case_sla (open)  : case_sla restricted to the open cases (status accepted)
--   case_sla (all)   : the whole view (accepted and concluded: grows with history by definition)
--   sla_sweep        : one sweep as of the measuring day (after a first one)
--   efficiency month : efficiency_period of October 2026 (the same :monthly cases at every size)
\set ON_ERROR_STOP on
SET search_path = service_affair, public;
SET max_parallel_workers_per_gather = 0;   -- one core per query
SET jit = off;
SET service_affair.as_of = '2026-11-16 10:00+08';
SELECT sla_sweep(timestamptz '2026-11-16 10:00+08') AS first_sweep_changes \gset
CREATE TEMP TABLE bench_q (name text, sql text, runs integer);
INSERT INTO bench_q VALUES
  ('case_sla (open)', $$SELECT count(*), sum(s.workdays_left), count(*) FILTER (WHERE s.state = 'warning')
                         FROM service_affair.case_sla s JOIN service_affair.cases o ON o.id = s.case_id
                        WHERE o.status = 'accepted'$$, current_setting('bench.runs')::integer),
  ('case_sla (all)', $$SELECT count(*), sum(s.workdays_left) FROM service_affair.case_sla s$$, 1),
  ('sla_sweep', $$SELECT service_affair.sla_sweep(timestamptz '2026-11-16 10:00+08')$$, current_setting('bench.runs')::integer),
  ('efficiency month', $$SELECT count(*), sum(submitted) FROM service_affair.efficiency_period('2026-10-01', '2026-10-01')$$,
   current_setting('bench.runs')::integer);
CREATE TEMP TABLE bench_t (name text, ms float8);
DO $$
DECLARE
    q record;
    r integer;
    t0 timestamptz;
BEGIN
    FOR q IN SELECT * FROM bench_q LOOP
        FOR r IN 0 .. q.runs LOOP
            CONTINUE WHEN r = 0 AND q.runs = 1;
            t0 := clock_timestamp();
            EXECUTE q.sql;
            IF r > 0 THEN
                INSERT INTO bench_t VALUES (q.name, extract(epoch FROM clock_timestamp() - t0) * 1000);
            END IF;
        END LOOP;
    END LOOP;
END
$$;
SELECT (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM cases WHERE status = 'accepted') AS open_cases,
       (SELECT count(*) FROM efficiency_period('2026-10-01', '2026-10-01') WHERE department = 'SC_D') AS eff_rows,
       (SELECT submitted FROM efficiency_period('2026-10-01', '2026-10-01') WHERE department = 'SC_D') AS oct_submitted;
-- the plan of the open-case query (it must start from the open cases)
EXPLAIN (COSTS OFF) SELECT count(*), sum(s.workdays_left), count(*) FILTER (WHERE s.state = 'warning')
  FROM service_affair.case_sla s JOIN service_affair.cases o ON o.id = s.case_id WHERE o.status = 'accepted';
SELECT name, round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 1) AS median_ms,
       round(min(ms)::numeric, 1) AS min_ms, count(*) AS runs
  FROM bench_t GROUP BY name ORDER BY name;
-- size on disk of the case family per case
SELECT pg_size_pretty(sum(pg_total_relation_size(c.oid))) AS case_family,
       round(sum(pg_total_relation_size(c.oid)) / (SELECT count(*) FROM cases)) AS bytes_per_case,
       pg_size_pretty(pg_database_size(current_database())) AS database
  FROM pg_class c
 WHERE c.relnamespace = 'service_affair'::regnamespace AND c.relkind = 'r'
   AND c.relname IN ('cases', 'case_material', 'case_event', 'task', 'rating', 'case_leg', 'licence', 'commitment_check', 'complaint');
SELECT relname, pg_size_pretty(pg_total_relation_size(oid)) AS total, pg_size_pretty(pg_indexes_size(oid)) AS indexes
  FROM pg_class WHERE relnamespace = 'service_affair'::regnamespace AND relkind = 'r'
   AND relname IN ('cases', 'case_material', 'case_event', 'task', 'rating') ORDER BY relname;
