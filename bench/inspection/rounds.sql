-- bench/inspection/rounds.sql: more rounds at one work_mem than bench.sql
-- (three per work_mem):  psql -v wm=64MB -v rounds=15 -f rounds.sql
-- on the database bench/inspection/setup.sql made.  Each round: the
-- baseline SELECT * ... ORDER BY random() LIMIT 50000, then a draw as it
-- runs by default (the packed directory), then a serial draw of the table
-- itself (service_affair.draw_directory = 'table', no parallel workers:
-- 'draw() table serial'), each draw on a new plan; EXPLAIN
-- (ANALYZE, TIMING OFF) execution times, and the backend's CPU time
-- (/proc/PID/schedstat; a parallel draw's workers not counted).  Prints the medians and the
-- median of the per-round ratios (a draw over the baseline run just before).
\set ON_ERROR_STOP on
SET search_path = service_affair, public;
SELECT set_config('work_mem', :'wm', false) AS work_mem;
SELECT extract(epoch FROM clock_timestamp())::bigint AS tag \gset
CREATE TEMP TABLE res (what text, round int, ms float8, cpu float8);
CREATE TEMP TABLE rplan AS
SELECT r AS round, s AS serial, format('rounds %s %s %s', :tag, r, s) AS seed, NULL::bigint AS plan_id
  FROM generate_series(1, :rounds) r, (VALUES (false), (true)) v(s);
UPDATE rplan SET plan_id = service_affair.create_plan(seed, ARRAY['market', 'ecoenv', 'emergency'],
                                                      ARRAY[0.01, 0.02, 0.1, 0.3], sha256(convert_to(seed, 'UTF8')), 2);
CREATE FUNCTION pg_temp.m(what text, r int, q text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE j json; c0 float8; c1 float8;
BEGIN
    PERFORM set_config('max_parallel_workers_per_gather', CASE WHEN what LIKE '%serial%' THEN '0' ELSE '2' END, true);
    PERFORM set_config('service_affair.draw_directory', CASE WHEN what LIKE '%table%' THEN 'table' ELSE '' END, true);
    c0 := split_part(pg_catalog.pg_read_file('/proc/' || pg_catalog.pg_backend_pid() || '/schedstat'), ' ', 1)::float8;
    EXECUTE 'EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) ' || q INTO j;
    c1 := split_part(pg_catalog.pg_read_file('/proc/' || pg_catalog.pg_backend_pid() || '/schedstat'), ' ', 1)::float8;
    INSERT INTO res VALUES (what, r, (j->0->>'Execution Time')::float8, (c1 - c0) / 1e6);
END
$$;
SELECT count(*) FROM service_affair.target;   -- warm the buffer cache
SELECT format('SELECT pg_temp.m(%L, %s, %L)', 'ORDER BY random() LIMIT 50000', p.round,
              'SELECT * FROM service_affair.target ORDER BY random() LIMIT 50000'),
       format('SELECT pg_temp.m(%L, %s, %L)', 'draw()', p.round,
              format('SELECT service_affair.draw(%s, convert_to(%L, ''UTF8''))', p.plan_id, p.seed)),
       format('SELECT pg_temp.m(%L, %s, %L)', 'draw() table serial', q.round,
              format('SELECT service_affair.draw(%s, convert_to(%L, ''UTF8''))', q.plan_id, q.seed))
  FROM rplan p JOIN rplan q ON q.round = p.round AND q.serial
 WHERE NOT p.serial ORDER BY p.round \gexec
\echo '== medians (ms)'
SELECT what, :'wm' AS work_mem, count(*) AS rounds, round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 1) AS median_ms,
       round(min(ms)::numeric, 1) AS min_ms, round(max(ms)::numeric, 1) AS max_ms
  FROM res GROUP BY what ORDER BY what;
\echo '== ratio: median draw / median baseline; median, min and max of the per-round ratios'
SELECT d.what, round((percentile_cont(0.5) WITHIN GROUP (ORDER BY d.ms) / (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) FROM res WHERE what LIKE 'ORDER%'))::numeric, 3) AS ratio_of_medians,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY d.ms / b.ms)::numeric, 3) AS median_round_ratio,
       round(min(d.ms / b.ms)::numeric, 3) AS min_round_ratio, round(max(d.ms / b.ms)::numeric, 3) AS max_round_ratio
  FROM res b JOIN res d ON d.round = b.round AND d.what LIKE 'draw%'
 WHERE b.what LIKE 'ORDER%' GROUP BY d.what ORDER BY d.what;
