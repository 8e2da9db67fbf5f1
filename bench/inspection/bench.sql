-- bench/inspection/bench.sql: the draw against SELECT ... ORDER BY random()
-- LIMIT 50000 on the same table, in the same session, AT THE SAME work_mem
-- (64kB, 4MB, 64MB), three rounds each (a new plan per draw): the draw as
-- it runs by default (the packed directory, target_pack), and the draw of
-- the table itself (service_affair.draw_directory = 'table') with its
-- parallel scan (max_parallel_workers_per_gather = 2, the default:
-- 'draw() table') and without ('draw() table serial').  Each
-- measurement is EXPLAIN (ANALYZE, BUFFERS, TIMING OFF): its execution time
-- and the temporary blocks written (by the statement and everything it
-- runs, SPI included).  Then: temporary files of a draw at 64kB counted by
-- pg_stat_database, and the cost of a draw after 10 more draws in the ledger.
SET search_path = service_affair, public;
CREATE TEMP TABLE result (what text, work_mem text, round int, ms float8, temp_blocks bigint, selected bigint, plan_id bigint);

CREATE FUNCTION pg_temp.measure(what text, wm text, round int, q text, pid bigint DEFAULT NULL) RETURNS void LANGUAGE plpgsql AS $$
DECLARE j json;
BEGIN
    PERFORM set_config('work_mem', wm, true);
    PERFORM set_config('service_affair.draw_directory', CASE WHEN what LIKE '%table%' THEN 'table' ELSE '' END, true);
    -- '... table': the table, not the pack; '... serial': no parallel workers (as the baseline's plan)
    PERFORM set_config('max_parallel_workers_per_gather', CASE WHEN what LIKE '%serial%' THEN '0' ELSE '2' END, true);
    EXECUTE 'EXPLAIN (ANALYZE, BUFFERS, TIMING OFF, FORMAT JSON) ' || q INTO j;
    INSERT INTO result VALUES (what, wm, round, (j->0->>'Execution Time')::float8,
        COALESCE((j->0->'Plan'->>'Temp Written Blocks')::bigint, 0), NULL, pid);
END
$$;
CREATE FUNCTION pg_temp.draw_q(g int) RETURNS text LANGUAGE sql AS $$
    SELECT format('SELECT service_affair.draw(%s, convert_to(%L, ''UTF8''))', g, 'bench seed ' || g)
$$;

SELECT count(*) FROM target;   -- warm the buffer cache
SELECT count(create_plan('bench ' || g, ARRAY['market', 'ecoenv', 'emergency'], ARRAY[0.01, 0.02, 0.1, 0.3],
                         sha256(convert_to('bench seed ' || g, 'UTF8')), 2))
  FROM generate_series(1, 39) g;

-- rounds: baseline, draw, serial draw at each work_mem, one statement each
-- (\gexec); plans 1..9 (draw), 22..30 (the table, serial) and 31..39 (the table, parallel)
SELECT format('SELECT pg_temp.measure(%L, %L, %s, %L)', 'ORDER BY random() LIMIT 50000', wm, r,
              'SELECT * FROM service_affair.target ORDER BY random() LIMIT 50000'),
       format('SELECT pg_temp.measure(%L, %L, %s, %L, %s)', 'draw()', wm, r, pg_temp.draw_q((r - 1) * 3 + w), (r - 1) * 3 + w),
       format('SELECT pg_temp.measure(%L, %L, %s, %L, %s)', 'draw() table serial', wm, r, pg_temp.draw_q(21 + (r - 1) * 3 + w), 21 + (r - 1) * 3 + w),
       format('SELECT pg_temp.measure(%L, %L, %s, %L, %s)', 'draw() table', wm, r, pg_temp.draw_q(30 + (r - 1) * 3 + w), 30 + (r - 1) * 3 + w)
  FROM generate_series(1, 3) r, (VALUES (1, '64kB'), (2, '4MB'), (3, '64MB')) v(w, wm)
 ORDER BY r, w
\gexec
SELECT pg_temp.measure('verify_draw()', '64kB', g, 'SELECT service_affair.verify_draw(' || g || ')') FROM generate_series(1, 3) g;

UPDATE result r SET selected = (SELECT cardinality(targets) FROM draw WHERE plan_id = r.plan_id) WHERE what LIKE 'draw()%';

\echo '== draw: 1,000,000 targets, 2,000 inspectors, teams of 2 (median of 3 rounds per work_mem)'
SELECT what, work_mem, round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 1) AS median_ms,
       min(round(ms::numeric, 1)) AS min_ms, max(round(ms::numeric, 1)) AS max_ms,
       max(temp_blocks) AS temp_blocks_written, max(selected) AS selected
  FROM result GROUP BY what, work_mem ORDER BY what, pg_size_bytes(work_mem);
\echo '== ratio: median draw() / median baseline, at the same work_mem (draw(): the pack; table: draw_directory = table, serial: max_parallel_workers_per_gather = 0)'
SELECT d.what, b.work_mem, round((d.m / b.m)::numeric, 3) AS ratio_of_medians,
       round((d.lo / b.lo)::numeric, 3) AS ratio_of_minima
  FROM (SELECT what, work_mem, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) m, min(ms) lo FROM result
         WHERE what IN ('draw()', 'draw() table serial', 'draw() table') GROUP BY what, work_mem) d
  JOIN (SELECT work_mem, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) m, min(ms) lo FROM result
         WHERE what LIKE 'ORDER BY%' GROUP BY work_mem) b USING (work_mem)
 ORDER BY d.what, pg_size_bytes(b.work_mem);
\echo '== ratio per round (draw / baseline run just before it)'
SELECT d.what, b.work_mem, b.round, round((d.ms / b.ms)::numeric, 3) AS ratio
  FROM result b JOIN result d ON d.work_mem = b.work_mem AND d.round = b.round AND d.what IN ('draw()', 'draw() table serial', 'draw() table')
 WHERE b.what LIKE 'ORDER BY%' ORDER BY d.what, pg_size_bytes(b.work_mem), b.round;

-- temporary files of one draw at 64kB, counted by the server (plan 10)
SELECT pg_stat_force_next_flush();
SELECT pg_stat_clear_snapshot();
CREATE TEMP TABLE tf AS SELECT temp_files, temp_bytes FROM pg_stat_database WHERE datname = current_database();
SET work_mem = '64kB';
SELECT draw(10, convert_to('bench seed 10', 'UTF8')) IS NOT NULL AS drawn;
RESET work_mem;
SELECT pg_stat_force_next_flush();
SELECT pg_stat_clear_snapshot();
\echo '== temporary files written by draw() at work_mem = 64kB (pg_stat_database delta)'
SELECT s.temp_files - tf.temp_files AS temp_files, s.temp_bytes - tf.temp_bytes AS temp_bytes
  FROM pg_stat_database s, tf WHERE s.datname = current_database();

-- the ledger: plans 11..20 drawn, then plan 21 at 64kB and compared with
-- the first rounds (the draw no longer walks the earlier draws); with the
-- 18 table draws of the rounds and plan 10, 38 earlier draws
SELECT count(draw(g, convert_to('bench seed ' || g, 'UTF8'))) FROM generate_series(11, 20) g;
SELECT pg_temp.measure('draw() after 38 earlier draws', '64kB', 1, pg_temp.draw_q(21), 21);
\echo '== draw() at 64kB by number of earlier draws in the ledger'
SELECT (SELECT count(*) FROM draw x WHERE x.id < d.id) AS earlier_draws, r.what, round(r.ms::numeric, 1) AS ms
  FROM result r JOIN draw d ON d.plan_id = r.plan_id
 WHERE r.work_mem = '64kB' AND r.what LIKE 'draw()%' ORDER BY d.id;
SELECT bool_and(verify_draw(id)) AS all_draws_verify, count(*) AS draws FROM draw;
