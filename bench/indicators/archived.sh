#!/usr/bin/env bash
# bench/indicators/archived.sh — the analyst views with archived months
# (doc/benchmarks.md, "Indicators", 2026-12-06): the bench/indicators data
# (BENCH_CASES cases over 2026, default 1,000,000), then the cases of the UTC
# months BENCH_MONTHS (default 2026-02 and 2026-03) renumbered the way
# submit() numbers them (case_id(submitted_at, n); their ratings month_id())
# and moved, with their materials, ratings and rectifications, into the
# history as settle_cases() leaves them (settled = true in the month
# partitions history_month() makes; superuser, triggers and foreign-key
# checks off, as the setup).  Every efficiency*, satisfaction* and
# complaint_items view is timed (BENCH_RUNS runs, default 5, alternating the
# order, median) with these months in the history ("settled"), then again
# after archive_history_month() took them out ("archived"): the same data,
# read from the live history or from efficiency_archived,
# satisfaction_archived and item_cases_archived.  The answers of every view
# are checked equal in both states.  Also one month (October) of efficiency
# and satisfaction and efficiency_period('2026-10-01', '2026-10-31').
source "$(dirname "$0")/../../tools/cluster.sh"
source "$SA_TOP/bench/ratings/cases.sh"
cd "$SA_TOP"
CASES=${BENCH_CASES:-1000000}
RUNS=${BENCH_RUNS:-5}
MONTHS=${BENCH_MONTHS:-2026-02-01 2026-03-01}
bench_load_cases indicators
sa_log "moving the cases of $MONTHS into the history"
psql -X -q -d sa_bench -v ON_ERROR_STOP=1 -v months="{${MONTHS// /,}}" <<'SQL'
SET search_path = service_affair, public;
SET session_replication_role = replica;
CREATE TEMP TABLE mv AS
SELECT id AS old, case_id(submitted_at, nextval('service_affair.cases_id_seq')) AS new
  FROM cases WHERE date_trunc('month', submitted_at AT TIME ZONE 'UTC')::date = ANY (:'months'::date[]) ORDER BY id;
CREATE TEMP TABLE rv AS
SELECT r.id AS old, month_id(m.new, nextval('service_affair.rating_id_seq')) AS new
  FROM rating r JOIN mv m ON m.old = r.case_id ORDER BY r.id;
SELECT count(history_month(t, m.f)) AS months_made
  FROM (SELECT DISTINCT month_floor(new) AS f FROM mv) m,
       unnest(ARRAY['cases', 'case_material', 'rating', 'rectification']) t;
SELECT (SELECT count(*) FROM mv) AS cases_moved, (SELECT count(*) FROM rv) AS ratings_moved;
-- the identities are GENERATED ALWAYS: the rows are written again with
-- their new numbers (OVERRIDING SYSTEM VALUE) and the old ones deleted
CREATE FUNCTION pg_temp.cols(t text, subst jsonb) RETURNS text LANGUAGE sql AS $$
SELECT string_agg(coalesce(subst->>a.attname::text, 'x.' || quote_ident(a.attname)), ', ' ORDER BY a.attnum)
  FROM pg_attribute a WHERE a.attrelid = ('service_affair.' || t)::regclass AND a.attnum > 0 AND NOT a.attisdropped $$;
DO $$
BEGIN
    EXECUTE format('INSERT INTO service_affair.cases OVERRIDING SYSTEM VALUE SELECT %s FROM service_affair.cases x JOIN mv m ON m.old = x.id',
                   pg_temp.cols('cases', '{"id": "m.new", "settled": "true"}'));
    DELETE FROM service_affair.cases x USING mv m WHERE x.id = m.old;
    EXECUTE format('INSERT INTO service_affair.rating OVERRIDING SYSTEM VALUE SELECT %s FROM service_affair.rating x JOIN rv v ON v.old = x.id JOIN mv m ON m.old = x.case_id',
                   pg_temp.cols('rating', '{"id": "v.new", "case_id": "m.new", "settled": "true"}'));
    DELETE FROM service_affair.rating x USING rv v WHERE x.id = v.old;
END $$;
UPDATE case_material x SET case_id = m.new, settled = true FROM mv m WHERE x.case_id = m.old;
UPDATE rectification x SET rating_id = v.new, settled = true FROM rv v WHERE x.rating_id = v.old;
SELECT h.family_table, h.month, h.estimated_rows FROM history_partitions h ORDER BY 1, 2;
SQL
psql -X -q -d sa_bench -c 'VACUUM ANALYZE'
bench_loaded timing
measure() { # label
	PGOPTIONS="-c bench.runs=$RUNS" psql -X -q -d sa_bench -v ON_ERROR_STOP=1 -v label="$1" -P pager=off <<'SQL'
SET search_path = service_affair, public;
SET max_parallel_workers_per_gather = 0;
SET work_mem = '64MB';
CREATE TABLE IF NOT EXISTS public.bench_t (state text, name text, run integer, ms numeric, answer bigint);
CREATE TEMP TABLE q (name text PRIMARY KEY, sql text);
INSERT INTO q
SELECT v, 'SELECT * FROM service_affair.' || v
  FROM unnest(ARRAY['efficiency', 'efficiency_department', 'efficiency_region', 'efficiency_point', 'efficiency_overall',
                    'satisfaction', 'satisfaction_department', 'satisfaction_region', 'satisfaction_point',
                    'satisfaction_overall', 'complaint_items']) v;
INSERT INTO q VALUES
('efficiency, October', $$SELECT * FROM service_affair.efficiency WHERE month = '2026-10-01'$$),
('satisfaction, October', $$SELECT * FROM service_affair.satisfaction WHERE month = '2026-10-01'$$),
('efficiency_period(October)', $$SELECT * FROM service_affair.efficiency_period('2026-10-01', '2026-10-31')$$),
('efficiency, February', $$SELECT * FROM service_affair.efficiency WHERE month = '2026-02-01'$$);
DO $$
DECLARE
    r record;
    i integer;
    t0 timestamptz;
    h bigint;
BEGIN
    FOR i IN 1..current_setting('bench.runs')::integer LOOP
        FOR r IN SELECT * FROM q ORDER BY CASE WHEN i % 2 = 0 THEN name END DESC, name LOOP
            t0 := clock_timestamp();
            EXECUTE format('SELECT sum(hashtext(x::text)) FROM (%s) x', r.sql) INTO h;
            INSERT INTO public.bench_t VALUES (current_setting('bench.label'), r.name, i,
                                               extract(epoch FROM clock_timestamp() - t0) * 1000, h);
        END LOOP;
    END LOOP;
END $$;
SQL
}
export PGOPTIONS
psql -X -q -d sa_bench -c "ALTER DATABASE sa_bench SET bench.label = 'settled'"
measure settled
sa_log "archiving $MONTHS"
for m in $MONTHS; do
	psql -X -q -d sa_bench -v ON_ERROR_STOP=1 -c "SELECT '$m' AS month, service_affair.archive_history_month('$m') AS archived, clock_timestamp()"
done
psql -X -q -d sa_bench -v ON_ERROR_STOP=1 -P pager=off <<'SQL'
SELECT 'efficiency_archived' AS t, count(*) FROM service_affair.efficiency_archived
UNION ALL SELECT 'satisfaction_archived', count(*) FROM service_affair.satisfaction_archived
UNION ALL SELECT 'item_cases_archived', count(*) FROM service_affair.item_cases_archived
UNION ALL SELECT 'cases left', count(*) FROM service_affair.cases;
SQL
psql -X -q -d sa_bench -c 'VACUUM ANALYZE'
psql -X -q -d sa_bench -c "ALTER DATABASE sa_bench SET bench.label = 'archived'"
measure archived
psql -X -q -d sa_bench -v ON_ERROR_STOP=1 -P pager=off <<'SQL'
SELECT name, round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) FILTER (WHERE state = 'settled')) AS settled_median_ms,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) FILTER (WHERE state = 'archived')) AS archived_median_ms,
       round((percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) FILTER (WHERE state = 'archived')
              / percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) FILTER (WHERE state = 'settled'))::numeric, 3) AS ratio_median,
       round(min(ms) FILTER (WHERE state = 'settled')) AS settled_min_ms, round(min(ms) FILTER (WHERE state = 'archived')) AS archived_min_ms,
       count(DISTINCT answer) = 1 AS same_answers, count(*) FILTER (WHERE state = 'settled') AS runs
  FROM public.bench_t GROUP BY name ORDER BY name;
SQL
