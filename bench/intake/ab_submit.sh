#!/usr/bin/env bash
# A/B of submit() between this tree and an earlier revision REV (default c4a7fa9,
# main before the third intake pass of 2026-12-01),
# in one database, so that both read the same catalog and write the same
# tables on the same cluster and machine:
#   service_affair.submit()      this tree's;
#   service_affair.submit_old()  REV's submit() and assess() from
#                                sql/parts/40_cases.sql, renamed (submit_old,
#                                assess_old); they may call only functions this
#                                tree still has.
# 1. pgbench, 4 clients, BENCH_SECONDS (default 8) each, ROUNDS (default 3)
#    rounds of: submit, submit_old, plain application (bench/intake/plain.sql);
#    TPS per round and the medians of submit / plain for both.
# 2. Paired timing in one backend (public.pair(n), 2 × n calls): the two
#    functions called back to back on the same random applicant, in alternating
#    order, clock_timestamp() around each call; PAIRS runs (default 4) of n
#    = PAIR_CALLS (default 2000).  Load on the machine slows both alike, so the
#    median of the per-pair ratios new / old is steadier than TPS on a shared
#    machine.  The first run includes the plans of a new session.
#   ROUNDS=3 PAIRS=4 bench/intake/ab_submit.sh c4a7fa9
source "$(dirname "$0")/../../tools/cluster.sh"
cd "$SA_TOP"
REV=${1:-c4a7fa9}
SECS=${BENCH_SECONDS:-8}
sa_build
sa_cluster_start
BIN=$("$PG_CONFIG" --bindir)
work=$(mktemp -d)
trap 'rm -rf "$work"; sa_cluster_stop' EXIT
git show "$REV:sql/parts/40_cases.sql" | awk '
	/^CREATE FUNCTION service_affair\.(submit|assess)\(/ { on = 1 }
	on { print }
	on && /^\$\$;$/ { on = 0 }' |
	sed -e 's/service_affair\.submit(/service_affair.submit_old(/; s/service_affair\.assess(/service_affair.assess_old(/g' \
		-e 's/\bassess\.\([a-z_]*\)/assess_old.\1/g; s/\bsubmit\.region/submit_old.region/g' > "$work/old.sql"
sa_createdb sa_bench service_affair
psql -X -q -d sa_bench -v ON_ERROR_STOP=1 -f bench/intake/setup.sql -f bench/intake/plain_setup.sql -f "$work/old.sql"
psql -X -q -d sa_bench -v ON_ERROR_STOP=1 -f bench/intake/ab_pair.sql
sed 's/service_affair\.submit(/service_affair.submit_old(/' bench/intake/submit.sql > "$work/submit_old.sql"
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
run() { "$BIN/pgbench" -n -c 4 -j 2 -T "$SECS" -f "$1" sa_bench 2>&1 | sed -n 's/^tps = \([0-9.]*\) .*/\1/p'; }
for s in bench/intake/submit.sql "$work/submit_old.sql" bench/intake/plain.sql; do
	"$BIN/pgbench" -n -c 4 -j 2 -T 3 -f "$s" sa_bench >/dev/null
done
psql -X -q -d sa_bench -c "ANALYZE"
rn="" ro=""
for r in $(seq 1 "${ROUNDS:-3}"); do
	tn=$(run bench/intake/submit.sql); to=$(run "$work/submit_old.sql"); tp=$(run bench/intake/plain.sql)
	rn+="$(echo "scale=3; $tn / $tp" | bc) "; ro+="$(echo "scale=3; $to / $tp" | bc) "
	echo "round $r submit=$tn submit_old=$to plain=$tp new/plain=$(echo "scale=3; $tn / $tp" | bc) old/plain=$(echo "scale=3; $to / $tp" | bc) load=$(cut -d' ' -f1 /proc/loadavg)"
done
echo "pgbench medians: submit/plain $(echo $rn | tr ' ' '\n' | median) (this tree), $(echo $ro | tr ' ' '\n' | median) ($REV)"
for r in $(seq 1 "${PAIRS:-4}"); do
	psql -X -At -d sa_bench -c "SELECT 'pair run $r: new ' || round(new_us::numeric, 1) || ' µs, old ' || round(old_us::numeric, 1) || ' µs (medians), new/old ratio of sums ' || round(ratio_of_sums::numeric, 3) || ', median pair ratio ' || round(median_pair_ratio::numeric, 3) || ', load ' || split_part(pg_read_file('/proc/loadavg'), ' ', 1) FROM public.pair(${PAIR_CALLS:-2000})"
done
