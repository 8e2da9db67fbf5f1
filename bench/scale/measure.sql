-- Growth-curve benchmark: the read-side measures, one run each (run.sh
-- interleaves the databases of every history size and takes medians); prints
-- name|ms.
--   case_sla_open   : case_sla joined to the open cases (status accepted; NOT settled, which
--                     is every case when the history is loaded into <t>_active, LAYOUT=active)
--   case_sla_all    : the whole view (accepted and concluded cases not settled: with LAYOUT=active
--                     the whole history, with the settled layout the open partition only)
--   sla_sweep       : one sweep as of the measuring day (the first sweep is made by report.sql)
--   efficiency_month: efficiency_period of October 2026 (the same 100,000 + cases at every size)
\set ON_ERROR_STOP on
SET search_path = service_affair, public;
SET max_parallel_workers_per_gather = 0;   -- one core per query
SET jit = off;
SET service_affair.as_of = '2026-11-16 10:00+08';
SET client_min_messages = warning;
CREATE TEMP TABLE bench_q (name text, sql text);
INSERT INTO bench_q VALUES
  ('case_sla_open', $$SELECT count(*), sum(s.workdays_left), count(*) FILTER (WHERE s.state = 'warning')
                      FROM service_affair.case_sla s JOIN service_affair.cases o ON o.id = s.case_id
                     WHERE o.status = 'accepted' AND NOT o.settled$$),
  ('case_sla_all', $$SELECT count(*), sum(s.workdays_left) FROM service_affair.case_sla s$$),
  ('sla_sweep', $$SELECT service_affair.sla_sweep(timestamptz '2026-11-16 10:00+08')$$),
  ('efficiency_month', $$SELECT count(*), sum(submitted) FROM service_affair.efficiency_period('2026-10-01', '2026-10-01')$$);
CREATE TEMP TABLE bench_t (name text, ms float8);
DO $$
DECLARE
    q record;
    t0 timestamptz;
BEGIN
    FOR q IN SELECT * FROM bench_q LOOP
        t0 := clock_timestamp();
        EXECUTE q.sql;
        INSERT INTO bench_t VALUES (q.name, extract(epoch FROM clock_timestamp() - t0) * 1000);
    END LOOP;
END
$$;
\pset format unaligned
\pset tuples_only on
SELECT name || '|' || round(ms::numeric, 1) FROM bench_t;
