-- bench/inspection/bench.sql: the draw against SELECT ... ORDER BY random()
-- LIMIT 50000 on the same table, in the same session, three rounds each.
-- Each measurement is EXPLAIN (ANALYZE, BUFFERS, TIMING OFF): its execution
-- time and the temporary blocks written (by the statement and everything
-- it runs, SPI included).
SET search_path = service_affair, public;
CREATE TEMP TABLE result (what text, work_mem text, round int, ms float8, temp_blocks bigint, selected bigint);

CREATE FUNCTION pg_temp.measure(what text, wm text, round int, q text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE j json;
BEGIN
    PERFORM set_config('work_mem', wm, true);
    EXECUTE 'EXPLAIN (ANALYZE, BUFFERS, TIMING OFF, FORMAT JSON) ' || q INTO j;
    INSERT INTO result VALUES (what, wm, round, (j->0->>'Execution Time')::float8,
        (j->0->'Plan'->>'Temp Written Blocks')::bigint, NULL);
END
$$;

SELECT count(*) FROM target;   -- warm the buffer cache
SELECT g, create_plan('bench ' || g, ARRAY['market', 'ecoenv', 'emergency'], ARRAY[0.01, 0.02, 0.1, 0.3],
                      sha256(convert_to('bench seed ' || g, 'UTF8')), 2)
  FROM generate_series(1, 3) g;

SELECT pg_temp.measure('ORDER BY random() LIMIT 50000', '64kB', 1, 'SELECT * FROM service_affair.target ORDER BY random() LIMIT 50000');
SELECT pg_temp.measure('draw()', '64kB', 1, 'SELECT service_affair.draw(1, convert_to(''bench seed 1'', ''UTF8''))');
SELECT pg_temp.measure('ORDER BY random() LIMIT 50000', '4MB', 1, 'SELECT * FROM service_affair.target ORDER BY random() LIMIT 50000');
SELECT pg_temp.measure('ORDER BY random() LIMIT 50000', '64MB', 1, 'SELECT * FROM service_affair.target ORDER BY random() LIMIT 50000');
SELECT pg_temp.measure('ORDER BY random() LIMIT 50000', '64kB', 2, 'SELECT * FROM service_affair.target ORDER BY random() LIMIT 50000');
SELECT pg_temp.measure('draw()', '64kB', 2, 'SELECT service_affair.draw(2, convert_to(''bench seed 2'', ''UTF8''))');
SELECT pg_temp.measure('ORDER BY random() LIMIT 50000', '4MB', 2, 'SELECT * FROM service_affair.target ORDER BY random() LIMIT 50000');
SELECT pg_temp.measure('ORDER BY random() LIMIT 50000', '64MB', 2, 'SELECT * FROM service_affair.target ORDER BY random() LIMIT 50000');
SELECT pg_temp.measure('ORDER BY random() LIMIT 50000', '64kB', 3, 'SELECT * FROM service_affair.target ORDER BY random() LIMIT 50000');
SELECT pg_temp.measure('draw()', '64kB', 3, 'SELECT service_affair.draw(3, convert_to(''bench seed 3'', ''UTF8''))');
SELECT pg_temp.measure('ORDER BY random() LIMIT 50000', '4MB', 3, 'SELECT * FROM service_affair.target ORDER BY random() LIMIT 50000');
SELECT pg_temp.measure('ORDER BY random() LIMIT 50000', '64MB', 3, 'SELECT * FROM service_affair.target ORDER BY random() LIMIT 50000');
SELECT pg_temp.measure('verify_draw()', '64kB', g, 'SELECT service_affair.verify_draw(' || g || ')') FROM generate_series(1, 3) g;

UPDATE result r SET selected = (SELECT cardinality(targets) FROM draw WHERE id = r.round) WHERE what = 'draw()';

\echo '== draw: 1,000,000 targets, 2,000 inspectors, teams of 2 (median of 3 rounds)'
SELECT what, work_mem, round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 1) AS median_ms,
       min(round(ms::numeric, 1)) AS min_ms, max(round(ms::numeric, 1)) AS max_ms,
       max(temp_blocks) AS temp_blocks_written, max(selected) AS selected
  FROM result GROUP BY what, work_mem ORDER BY what, pg_size_bytes(work_mem);
\echo '== ratio: median draw() at work_mem 64kB / median baseline'
SELECT b.work_mem AS baseline_work_mem,
       round((d.m / b.m)::numeric, 3) AS ratio
  FROM (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) m FROM result WHERE what = 'draw()') d,
       (SELECT work_mem, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) m FROM result
         WHERE what LIKE 'ORDER BY%' GROUP BY work_mem) b
 ORDER BY pg_size_bytes(b.work_mem);
SELECT bool_and(verify_draw(id)) AS all_draws_verify FROM draw;
