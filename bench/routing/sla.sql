-- case_sla over every open case against selecting the same rows' stored due
-- dates without any state computation, and against reading five stored
-- columns of the same types (the same width of row read, the same
-- aggregate).  Each query runs RUNS times (interleaved, after one warm-up)
-- with COPY ... TO '/dev/null' (all rows are produced and formatted, nothing
-- is sent to the client) and as an aggregate over every column; the median
-- is reported with the ratios.
\set ON_ERROR_STOP on
SET search_path = service_affair, public;
SET max_parallel_workers_per_gather = 0;   -- one core per query
SET jit = off;
SET service_affair.as_of = '2026-06-15 10:00+08';

CREATE TEMP TABLE bench_q (name text, sql text);
INSERT INTO bench_q VALUES
  ('stored due (COPY)',   $$COPY (SELECT c.id, c.due FROM service_affair.cases c WHERE c.status IN ('accepted', 'concluded')) TO '/dev/null'$$),
  ('case_sla (COPY)',     $$COPY (SELECT * FROM service_affair.case_sla) TO '/dev/null'$$),
  ('stored due (aggregate)', $$SELECT count(*), max(c.id), max(c.due) FROM service_affair.cases c WHERE c.status IN ('accepted', 'concluded')$$),
  ('case_sla (aggregate)', $$SELECT count(*), max(case_id), max(due), sum(workdays_left), count(*) FILTER (WHERE state = 'warning'), count(*) FILTER (WHERE provisional) FROM service_affair.case_sla$$),
  -- the same five columns, of the same types, stored: what the views compute
  -- read from stored columns of cases instead (due_shift for workdays_left,
  -- sla_state for state, suspended for provisional) — the same table, the
  -- same row width read, the same aggregate
  ('stored columns (COPY)', $$COPY (SELECT c.id, c.due, c.due_shift, c.sla_state, c.suspended FROM service_affair.cases c WHERE c.status IN ('accepted', 'concluded')) TO '/dev/null'$$),
  ('stored columns (aggregate)', $$SELECT count(*), max(c.id), max(c.due), sum(c.due_shift), count(*) FILTER (WHERE c.sla_state = 'warning'), count(*) FILTER (WHERE c.suspended) FROM service_affair.cases c WHERE c.status IN ('accepted', 'concluded')$$);
CREATE TEMP TABLE bench_t (name text, ms float8);

DO $$
DECLARE
    q record;
    r integer;
    t0 timestamptz;
BEGIN
    FOR r IN 0 .. current_setting('bench.runs')::integer LOOP
        FOR q IN SELECT * FROM bench_q LOOP
            t0 := clock_timestamp();
            EXECUTE q.sql;
            IF r > 0 THEN
                INSERT INTO bench_t VALUES (q.name, extract(epoch FROM clock_timestamp() - t0) * 1000);
            END IF;
        END LOOP;
    END LOOP;
END
$$;

SELECT count(*) AS open_cases, count(*) FILTER (WHERE state = 'running') AS running,
       count(*) FILTER (WHERE state = 'warning') AS warning, count(*) FILTER (WHERE state = 'overdue') AS overdue,
       count(*) FILTER (WHERE state = 'suspended') AS suspended, count(*) FILTER (WHERE provisional) AS provisional
  FROM case_sla;

WITH m AS (SELECT name, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS median_ms, min(ms) AS min_ms
             FROM bench_t GROUP BY name)
SELECT m.name, round(m.median_ms::numeric, 1) AS median_ms, round(m.min_ms::numeric, 1) AS min_ms,
       round((m.median_ms / b.median_ms)::numeric, 2) AS ratio_to_stored_due,
       round((m.median_ms / s.median_ms)::numeric, 2) AS ratio_to_stored_columns
  FROM m
  JOIN m b ON b.name = CASE WHEN m.name LIKE '%(COPY)' THEN 'stored due (COPY)' ELSE 'stored due (aggregate)' END
  JOIN m s ON s.name = CASE WHEN m.name LIKE '%(COPY)' THEN 'stored columns (COPY)' ELSE 'stored columns (aggregate)' END
 ORDER BY m.name LIKE '%aggregate%', m.name DESC;
