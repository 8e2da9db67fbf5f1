-- bench/routing/sla_view_ab.sql — an A/B of case_sla views on ONE database,
-- the aggregate of sla.sql over the five case columns, alternating the order
-- of the views every other round (one core, JIT off, as of 2026-06-15): the median
-- and minimum of each view, and the median over the rounds of each view's
-- time divided by the first view's time in the same round (the ratio is
-- what a loaded machine leaves readable).  The views to compare are created
-- beside service_affair.case_sla (e.g. the former view's text as
-- public.case_sla_old; the five stored columns as public.stored_cols) and
-- named, the reference first:
--   PGOPTIONS="-c ab.runs=61 -c ab.views=public.case_sla_old,service_affair.case_sla,public.stored_cols" \
--     psql -d sa_bench -f bench/routing/sla_view_ab.sql
-- With tasks suspended, run it in a transaction that suspends some first
-- (results-2026-12-05-case-sla-once.txt says how).
\set ON_ERROR_STOP on
SET max_parallel_workers_per_gather = 0; SET jit = off;
SET service_affair.as_of = '2026-06-15 10:00+08';
DROP TABLE IF EXISTS ab_t; CREATE TEMP TABLE ab_t (round int, name text, ms float8);
DO $$
DECLARE v text; r int; t0 timestamptz; vs text[] := string_to_array(current_setting('ab.views'), ',');
BEGIN
  FOR r IN 0 .. current_setting('ab.runs')::int LOOP
    -- reverse the order at each odd round (every other round flips it)
    IF r % 2 = 1 THEN SELECT array_agg(e ORDER BY o DESC) INTO vs FROM unnest(vs) WITH ORDINALITY u(e, o); END IF;
    FOREACH v IN ARRAY vs LOOP
      t0 := clock_timestamp();
      EXECUTE format('SELECT count(*), max(case_id), max(due), sum(workdays_left), count(*) FILTER (WHERE state = ''warning''), count(*) FILTER (WHERE provisional) FROM %s', v);
      IF r > 0 THEN INSERT INTO ab_t VALUES (r, v, extract(epoch FROM clock_timestamp() - t0) * 1000); END IF;
    END LOOP;
  END LOOP;
END $$;
SELECT a.name, round(percentile_cont(0.5) WITHIN GROUP (ORDER BY a.ms)::numeric,1) AS median_ms, round(min(a.ms)::numeric,1) AS min_ms,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY a.ms / o.ms)::numeric,3) AS median_ratio_to_first_same_round, count(*)
  FROM ab_t a JOIN ab_t o ON o.round = a.round AND o.name = (string_to_array(current_setting('ab.views'), ','))[1] GROUP BY 1 ORDER BY 1;
