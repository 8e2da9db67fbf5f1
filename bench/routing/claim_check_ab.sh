#!/usr/bin/env bash
# The cost of claim_task()'s refusal of control characters in the assignee
# (2026-12-07: printable(assignee) <> assignee, doc/routing.md), paired in
# one backend.  Run on a database set up by bench/routing/setup.sql (run.sh,
# or by hand), as superuser:
#   PGDATABASE=sa_bench bench/routing/claim_check_ab.sh [FORMER_REV]
# Three copies of claim_task are created under other names: two of the
# former text (FORMER_REV's sql/parts/50_routing.sql, default the commit
# before the change: an A/A control of the noise) and one of the working
# tree's.  ROUNDS rounds (default 2000), each its own transaction, run
# claim_task + complete_task once through each copy, the order rotated
# every round; the medians of each call's time and the median over the
# rounds of each copy's time over the former's.  Then the check alone: a
# plpgsql loop of 1,000,000 evaluations of the expression, less the same
# loop without it, per assignee length (5 rounds).  Adds 3 * ROUNDS + 100
# tasks to the queue BR_Q first; drops the copies at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
FORMER=${1:-$(git log -n 1 --format=%H -S 'assignee holds a control character' -- sql/parts/50_routing.sql)~1}
ROUNDS=${ROUNDS:-2000}
q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
copy() {  # copy NAME < source: the CREATE FUNCTION of claim_task, renamed
	sed -n '/^CREATE FUNCTION service_affair.claim_task(/,/^\$\$;/p' |
		sed "s/service_affair\.claim_task(/service_affair.$1(/; s/claim_task\./$1./g"
}
echo "# former: $(git rev-parse --short "$FORMER")  new: working tree  $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
{
	git show "$FORMER:sql/parts/50_routing.sql" | copy claim_task_ab_old
	git show "$FORMER:sql/parts/50_routing.sql" | copy claim_task_ab_copy
	copy claim_task_ab_new < sql/parts/50_routing.sql
} | q >/dev/null
q -At -v n=$((3 * ROUNDS + 100)) <<'SQL' >/dev/null
SELECT count(service_affair.submit('br_q', (SELECT id FROM service_affair.applicant WHERE name = 'Bench Person'),
                                   '{form}', 'online', '{}', timestamptz '2026-04-20 09:00+08' + g * interval '1 minute'))
  FROM generate_series(1, :n) g;
SQL
q -c 'VACUUM ANALYZE service_affair.task'
q -v rounds="$ROUNDS" <<'SQL'
CREATE TEMP TABLE pair_t (round int, variant text, us double precision);
SET bench.rounds = :rounds;
DO $$
DECLARE
    t0 timestamptz; v text;
    orders text[] := ARRAY[ARRAY['old','copy','new'], ARRAY['copy','new','old'], ARRAY['new','old','copy'],
                           ARRAY['new','copy','old'], ARRAY['old','new','copy'], ARRAY['copy','old','new']];
BEGIN
    FOR r IN 1..current_setting('bench.rounds')::int LOOP
        FOREACH v IN ARRAY orders[r % 6 + 1:r % 6 + 1] LOOP
            t0 := clock_timestamp();
            EXECUTE format('SELECT service_affair.complete_task(service_affair.claim_task_ab_%s(%L, %L), %L)',
                           v, 'BR_Q', 'bench1', 'approved');
            INSERT INTO pair_t VALUES (r, v, extract(epoch FROM clock_timestamp() - t0) * 1e6);
        END LOOP;
        COMMIT;
    END LOOP;
END $$;
SELECT variant, count(*) AS calls, round(percentile_cont(0.5) WITHIN GROUP (ORDER BY us)::numeric, 1) AS median_us,
       round(avg(us)::numeric, 1) AS mean_us, round(min(us)::numeric, 1) AS min_us
  FROM pair_t GROUP BY 1 ORDER BY 1;
SELECT x.variant || '/old' AS ratio, round(percentile_cont(0.5) WITHIN GROUP (ORDER BY x.us / o.us)::numeric, 4) AS median_per_round
  FROM pair_t o JOIN pair_t x ON x.round = o.round AND x.variant <> 'old' WHERE o.variant = 'old' GROUP BY 1 ORDER BY 1;
CREATE FUNCTION pg_temp.loop_check(assignee text, n int, with_check boolean) RETURNS double precision
LANGUAGE plpgsql AS $f$
DECLARE t0 timestamptz := clock_timestamp(); k int := 0;
BEGIN
    IF with_check THEN
        FOR i IN 1..n LOOP
            IF service_affair.printable(assignee) OPERATOR(pg_catalog.<>) assignee THEN k := k + 1; END IF;
        END LOOP;
    ELSE
        FOR i IN 1..n LOOP
            IF assignee IS NULL THEN k := k + 1; END IF;
        END LOOP;
    END IF;
    RETURN extract(epoch FROM clock_timestamp() - t0) * 1e9 / n;
END $f$;
SELECT pg_catalog.octet_length(x) AS bytes, pg_catalog.left(x, 16) AS assignee,
       pg_catalog.array_agg(round((pg_temp.loop_check(x, 1000000, true) - pg_temp.loop_check(x, 1000000, false))::numeric, 1) ORDER BY r) AS check_ns_per_call
  FROM generate_series(1, 5) r, (VALUES ('bench1'), ('Zhao Min 赵敏'), (repeat('x', 200)), (repeat('赵', 1333))) v(x)
 GROUP BY x ORDER BY 1;
SQL
q -c 'DROP FUNCTION service_affair.claim_task_ab_old, service_affair.claim_task_ab_copy, service_affair.claim_task_ab_new'
echo "# end $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
