-- Paired timing of two submit() variants with a COMMIT after every call, in
-- one backend (bench/intake/ab_pair.sql times calls inside one transaction,
-- which leaves out what a transaction of its own costs: taking and releasing
-- its relation locks, the commit).  fa and fb name two functions with
-- submit()'s first four arguments, e.g. service_affair.submit and a renamed
-- copy with one change (doc/benchmarks-intake.md, "Re-measure of the landed
-- tree, and where a call's time goes").
--   psql -d sa_bench -f bench/intake/commit_pair.sql     (once per database)
--   CALL public.commit_pair(1, 1500, 'service_affair.submit', 'service_affair.submit_b');
--     outside any BEGIN (the procedure commits), with a new run number each time
--   then the two queries at the end of this file
CREATE TABLE public.commit_pair_res (run int, k int, which text, us float8);
CREATE PROCEDURE public.commit_pair(run int, n integer, fa text, fb text)
LANGUAGE plpgsql AS $f$
DECLARE t0 timestamptz; t1 timestamptz; a bigint; f text;
BEGIN
  FOR k IN 1..n LOOP
    a := 1 + (random() * 999)::integer;   -- the same applicant for both calls of a pair
    -- the order alternates from pair to pair
    FOREACH f IN ARRAY CASE WHEN k % 2 = 0 THEN ARRAY[fa, fb] ELSE ARRAY[fb, fa] END LOOP
      t0 := clock_timestamp();
      EXECUTE format('SELECT %s(''bn6'', $1, ''{m1,m2,m3,m4,m5,m6}'', ''window'')', f) USING a;
      COMMIT;
      t1 := clock_timestamp();
      INSERT INTO public.commit_pair_res VALUES (run, k, f, extract(epoch FROM t1 - t0) * 1e6);
      COMMIT;
    END LOOP;
  END LOOP;
END $f$;
-- medians per run and function; then per run the median of the per-pair
-- ratios (the function whose name sorts later over the other) and the ratio
-- of the sums:
--   SELECT run, which, percentile_cont(0.5) WITHIN GROUP (ORDER BY us) FROM public.commit_pair_res GROUP BY 1, 2 ORDER BY 1, 2;
--   SELECT a.run, percentile_cont(0.5) WITHIN GROUP (ORDER BY b.us / a.us), sum(b.us) / sum(a.us)
--     FROM public.commit_pair_res a JOIN public.commit_pair_res b ON a.run = b.run AND a.k = b.k AND a.which < b.which
--    GROUP BY 1;
