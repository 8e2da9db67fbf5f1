-- bench/routing/sla_view_ab_cpu.sql — sla_view_ab.sql's A/B measured in the
-- CPU time of the backend (utime + stime of /proc/self/stat, in clock
-- ticks, read through pg_read_file: a superuser, the server on Linux)
-- rather than the wall clock: on a machine shared with other jobs the wall
-- time of a read includes the time the backend waited for a core, which
-- moves the medians by up to 2x; its CPU time does not.  Each measure is
-- ab.reps reads of the view (default 5, ~1.5 s at 10^6: ~150 ticks), the
-- order of the views reversed every other round; the median and minimum of
-- each view's ticks, and the median over the rounds of each view's ticks
-- divided by the first view's in the same round.
--   PGOPTIONS="-c ab.runs=21 -c ab.views=service_affair.case_sla,public.case_sla_b,public.stored_cols" \
--     psql -d sa_bench -f bench/routing/sla_view_ab_cpu.sql
\set ON_ERROR_STOP on
SET max_parallel_workers_per_gather = 0; SET jit = off;
SET service_affair.as_of = '2026-06-15 10:00+08';
CREATE FUNCTION pg_temp.cpu_ticks() RETURNS bigint LANGUAGE sql AS $f$
  -- fields 14 and 15 (utime, stime) after the command name in parentheses
  SELECT (f[12])::bigint + (f[13])::bigint
    FROM (SELECT string_to_array(split_part(pg_read_file('/proc/self/stat'), ') ', 2), ' ') AS f) s
$f$;
DROP TABLE IF EXISTS ab_c; CREATE TEMP TABLE ab_c (round int, name text, ticks bigint, ms float8);
DO $$
DECLARE v text; r int; k int; c0 bigint; t0 timestamptz; vs text[] := string_to_array(current_setting('ab.views'), ',');
  reps int := coalesce(nullif(current_setting('ab.reps', true), ''), '5')::int;
BEGIN
  FOR r IN 0 .. current_setting('ab.runs')::int LOOP
    IF r % 2 = 1 THEN SELECT array_agg(e ORDER BY o DESC) INTO vs FROM unnest(vs) WITH ORDINALITY u(e, o); END IF;
    FOREACH v IN ARRAY vs LOOP
      c0 := pg_temp.cpu_ticks(); t0 := clock_timestamp();
      FOR k IN 1 .. reps LOOP
        EXECUTE format('SELECT count(*), max(case_id), max(due), sum(workdays_left), count(*) FILTER (WHERE state = ''warning''), count(*) FILTER (WHERE provisional) FROM %s', v);
      END LOOP;
      IF r > 0 THEN INSERT INTO ab_c VALUES (r, v, pg_temp.cpu_ticks() - c0, extract(epoch FROM clock_timestamp() - t0) * 1000); END IF;
    END LOOP;
  END LOOP;
END $$;
SELECT a.name, percentile_cont(0.5) WITHIN GROUP (ORDER BY a.ticks) AS median_ticks, min(a.ticks) AS min_ticks,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY a.ms)::numeric, 0) AS median_wall_ms,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY a.ticks::float8 / o.ticks)::numeric, 3) AS median_cpu_ratio_to_first_same_round,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY a.ms / o.ms)::numeric, 3) AS median_wall_ratio_to_first_same_round, count(*)
  FROM ab_c a JOIN ab_c o ON o.round = a.round AND o.name = (string_to_array(current_setting('ab.views'), ','))[1] GROUP BY 1 ORDER BY 1;
