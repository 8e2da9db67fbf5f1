#!/usr/bin/env bash
# bench/indicators/period.sh — one month's satisfaction_period(),
# complaint_period() and efficiency_period() as history grows (doc/benchmarks.md, "Indicators"):
# the bench/indicators data (BENCH_CASES cases over 2026, default 1,000,000;
# ratings; complaints one per ten cases), then the same history appended a
# year earlier (2025: cases, their ratings, the complaints), so the month
# measured holds the same rows at both sizes.  At each size, BENCH_RUNS runs
# (default 3) alternating: the period function (bounded on submitted_at /
# received_at since 0.2.0) and the rollup view filtered to the month, which
# is what the period functions read before (the whole history).  Same
# answers checked at each run.
source "$(dirname "$0")/../../tools/cluster.sh"
source "$SA_TOP/bench/ratings/cases.sh"
cd "$SA_TOP"
CASES=${BENCH_CASES:-1000000}
RUNS=${BENCH_RUNS:-3}
bench_load_cases indicators
psql -X -q -d sa_bench -c 'VACUUM ANALYZE'
measure() { # label
	psql -X -q -d sa_bench -v ON_ERROR_STOP=1 -v label="$1" -v runs="$RUNS" -P pager=off <<'SQL'
SET search_path = service_affair, public;
CREATE TEMP TABLE t (what text, run int, ms float8, answer text);
CREATE FUNCTION pg_temp.m(what text, r int, q text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz; a text;
BEGIN
    t0 := clock_timestamp();
    EXECUTE q INTO a;
    INSERT INTO t VALUES (what, r, extract(epoch FROM clock_timestamp() - t0) * 1000, a);
END $$;
SELECT format('SELECT pg_temp.m(%L, %s, %L)', w, r, q)
  FROM generate_series(1, :runs) r,
       (VALUES (1, 'satisfaction_period(October)', $q$SELECT string_agg(department || ':' || ratings || ':' || level1, ',' ORDER BY department NULLS LAST) FROM satisfaction_period('2026-10-01', '2026-10-31')$q$),
               (2, 'satisfaction_rollup, October', $q$SELECT string_agg(department || ':' || ratings || ':' || level1, ',' ORDER BY level = 'overall', department) FROM satisfaction_rollup WHERE month = '2026-10-01' AND level IN ('department', 'overall')$q$),
               (3, 'complaint_period(October)', $q$SELECT string_agg(department || ':' || received || ':' || replied, ',' ORDER BY department NULLS LAST) FROM complaint_period('2026-10-01', '2026-10-31')$q$),
               (4, 'complaint_rollup, October', $q$SELECT string_agg(department || ':' || received || ':' || replied, ',' ORDER BY level = 'overall', department) FROM complaint_rollup WHERE month = '2026-10-01' AND level IN ('department', 'overall')$q$),
               (5, 'efficiency_period(October)', $q$SELECT string_agg(department || ':' || submitted || ':' || concluded, ',' ORDER BY department NULLS LAST) FROM efficiency_period('2026-10-01', '2026-10-31')$q$),
               (6, 'efficiency_rollup, October', $q$SELECT string_agg(department || ':' || submitted || ':' || concluded, ',' ORDER BY level = 'overall', department) FROM efficiency_rollup WHERE month = '2026-10-01' AND level IN ('department', 'overall')$q$)) v(o, w, q)
 ORDER BY r, o \gexec
\echo == :label
SELECT what, count(*) AS runs, round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 1) AS median_ms,
       round(min(ms)::numeric, 1) AS min_ms, round(max(ms)::numeric, 1) AS max_ms, count(DISTINCT answer) AS answers
  FROM t GROUP BY what ORDER BY what;
SELECT (SELECT count(DISTINCT answer) FROM t WHERE what LIKE 'satisfaction%') = 1
   AND (SELECT count(DISTINCT answer) FROM t WHERE what LIKE 'complaint%') = 1
   AND (SELECT count(DISTINCT answer) FROM t WHERE what LIKE 'efficiency%') = 1 AS same_answers;
SELECT (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM rating) AS ratings, (SELECT count(*) FROM complaint) AS complaints;
SQL
}
measure "history of $CASES cases (2026)"
sa_log "appending the same history a year earlier"
psql -X -q -d sa_bench -v ON_ERROR_STOP=1 <<'SQL'
SET search_path = service_affair, public;
-- written directly (as the setup does) with triggers and foreign-key checks
-- off: ids shifted past the existing ones, submission and receipt a year earlier
SET session_replication_role = replica;
DO $$
DECLARE
    coff bigint := (SELECT max(id) FROM service_affair.cases);
    roff bigint := (SELECT max(id) FROM service_affair.rating);
    koff bigint := (SELECT max(id) FROM service_affair.complaint);
    cols text;
BEGIN
    SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum)
      INTO STRICT cols FROM pg_attribute WHERE attrelid = 'service_affair.cases'::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = '';
    EXECUTE format('INSERT INTO service_affair.cases (%s) OVERRIDING SYSTEM VALUE SELECT %s FROM service_affair.cases',
                   cols, (SELECT string_agg(CASE attname WHEN 'id' THEN 'id + ' || coff WHEN 'submitted_at' THEN 'submitted_at - interval ''1 year''' ELSE quote_ident(attname) END, ', ' ORDER BY attnum)
                                                FROM pg_attribute WHERE attrelid = 'service_affair.cases'::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = ''));
    EXECUTE format('INSERT INTO service_affair.rating (%s) OVERRIDING SYSTEM VALUE SELECT %s FROM service_affair.rating',
                   (SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) FROM pg_attribute WHERE attrelid = 'service_affair.rating'::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = ''),
                   (SELECT string_agg(CASE attname WHEN 'id' THEN 'id + ' || roff WHEN 'case_id' THEN 'case_id + ' || coff ELSE quote_ident(attname) END, ', ' ORDER BY attnum)
                      FROM pg_attribute WHERE attrelid = 'service_affair.rating'::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = ''));
    EXECUTE format('INSERT INTO service_affair.complaint (%s) OVERRIDING SYSTEM VALUE SELECT %s FROM service_affair.complaint',
                   (SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) FROM pg_attribute WHERE attrelid = 'service_affair.complaint'::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = ''),
                   (SELECT string_agg(CASE attname WHEN 'id' THEN 'id + ' || koff WHEN 'received_at' THEN 'received_at - interval ''1 year'''
                                                   WHEN 'case_id' THEN 'case_id + ' || coff WHEN 'rating_id' THEN 'rating_id + ' || roff ELSE quote_ident(attname) END, ', ' ORDER BY attnum)
                      FROM pg_attribute WHERE attrelid = 'service_affair.complaint'::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = ''));
END $$;
RESET session_replication_role;
VACUUM ANALYZE;
SQL
measure "history of 2 x $CASES cases (2025 and 2026)"
