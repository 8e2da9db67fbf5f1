-- bench/indicators/counts_filters.sh: a filter on region / point_level of the
-- counts views, and the same rows asked by department / point (pushed below
-- the grouping); answers compared, then timed 3 runs at 4 MB and 64 MB
SET search_path = service_affair, public;
CREATE TEMP TABLE q (name text, variant text, sql text);
INSERT INTO q VALUES
 ('efficiency_counts region', 'region =', $$SELECT * FROM service_affair.efficiency_counts WHERE region = '330226'$$),
 ('efficiency_counts region', 'department = ANY', $$SELECT * FROM service_affair.efficiency_counts WHERE department = ANY (ARRAY(SELECT code FROM service_affair.department WHERE region = '330226'))$$),
 ('satisfaction_counts region', 'region =', $$SELECT * FROM service_affair.satisfaction_counts WHERE region = '330226'$$),
 ('satisfaction_counts region', 'department = ANY', $$SELECT * FROM service_affair.satisfaction_counts WHERE department = ANY (ARRAY(SELECT code FROM service_affair.department WHERE region = '330226'))$$),
 ('efficiency_counts town', 'point_level =', $$SELECT * FROM service_affair.efficiency_counts WHERE point_level = 'town'$$),
 ('efficiency_counts town', 'point = ANY', $$SELECT * FROM service_affair.efficiency_counts WHERE point = ANY (ARRAY(SELECT code FROM service_affair.service_point WHERE level = 'town'))$$),
 ('efficiency_counts all', 'no filter', $$SELECT * FROM service_affair.efficiency_counts$$);
CREATE TEMP TABLE t (name text, variant text, wm text, run integer, ms numeric);
CREATE FUNCTION pg_temp.run(wm text, runs integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE r record; i integer; t0 timestamptz; h bigint;
BEGIN
    PERFORM set_config('work_mem', wm, true);
    FOR i IN 1..runs LOOP
        FOR r IN SELECT * FROM q LOOP
            t0 := clock_timestamp();
            EXECUTE format('SELECT sum(hashtext(x::text)) FROM (%s) x', r.sql) INTO h;
            INSERT INTO t VALUES (r.name, r.variant, wm, i, extract(epoch FROM clock_timestamp() - t0) * 1000);
        END LOOP;
    END LOOP;
END $$;
\echo answers equal (0 0 0):
SELECT (SELECT count(*) FROM ((SELECT * FROM efficiency_counts WHERE region = '330226' EXCEPT ALL SELECT * FROM efficiency_counts WHERE department = ANY (ARRAY(SELECT code FROM department WHERE region = '330226')))
                              UNION ALL (SELECT * FROM efficiency_counts WHERE department = ANY (ARRAY(SELECT code FROM department WHERE region = '330226')) EXCEPT ALL SELECT * FROM efficiency_counts WHERE region = '330226')) x),
       (SELECT count(*) FROM ((SELECT * FROM satisfaction_counts WHERE region = '330226' EXCEPT ALL SELECT * FROM satisfaction_counts WHERE department = ANY (ARRAY(SELECT code FROM department WHERE region = '330226')))
                              UNION ALL (SELECT * FROM satisfaction_counts WHERE department = ANY (ARRAY(SELECT code FROM department WHERE region = '330226')) EXCEPT ALL SELECT * FROM satisfaction_counts WHERE region = '330226')) x),
       (SELECT count(*) FROM ((SELECT * FROM efficiency_counts WHERE point_level = 'town' EXCEPT ALL SELECT * FROM efficiency_counts WHERE point = ANY (ARRAY(SELECT code FROM service_point WHERE level = 'town')))
                              UNION ALL (SELECT * FROM efficiency_counts WHERE point = ANY (ARRAY(SELECT code FROM service_point WHERE level = 'town')) EXCEPT ALL SELECT * FROM efficiency_counts WHERE point_level = 'town')) x);
SELECT count(*) AS rows_region FROM efficiency_counts WHERE region = '330226';
\echo load before:
\! cat /proc/loadavg
BEGIN; SELECT pg_temp.run('4MB', 3); COMMIT;
\! cat /proc/loadavg
BEGIN; SELECT pg_temp.run('64MB', 3); COMMIT;
\echo load after:
\! cat /proc/loadavg
SELECT name, variant, wm, round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)) AS median_ms, round(min(ms)) AS min_ms, string_agg(round(ms)::text, ' ' ORDER BY run) AS runs
  FROM t GROUP BY 1, 2, 3 ORDER BY 3 DESC, 1, 2;
SET work_mem = '4MB';
\echo EXPLAIN at 4MB:
EXPLAIN (COSTS OFF) SELECT * FROM efficiency_counts WHERE department = ANY (ARRAY(SELECT code FROM department WHERE region = '330226'));
EXPLAIN (COSTS OFF) SELECT * FROM efficiency_counts WHERE region = '330226';
EXPLAIN (COSTS OFF) SELECT * FROM satisfaction_counts WHERE department = ANY (ARRAY(SELECT code FROM department WHERE region = '330226'));
