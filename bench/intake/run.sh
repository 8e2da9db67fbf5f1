#!/usr/bin/env bash
# Intake benchmark (doc/benchmarks-intake.md):
#  1. pgbench, 4 clients, BENCH_SECONDS (default 30) each, same cluster:
#     submit() of a complete 6-material case vs. INSERTing the same rows
#     (case + 6 materials) directly without any rule checking;
#  2. completeness() on a 30-material bundle: µs/call, vs. the rules as plain SQL.
source "$(dirname "$0")/../../tools/cluster.sh"
cd "$SA_TOP"
SECS=${BENCH_SECONDS:-30}
sa_build
sa_cluster_start
BIN=$("$PG_CONFIG" --bindir)
sa_createdb sa_bench service_affair
psql -X -q -d sa_bench -v ON_ERROR_STOP=1 -f bench/intake/setup.sql
run() { # name script
	"$BIN/pgbench" -n -c 4 -j 2 -T "$SECS" -f "$2" sa_bench 2>&1 | tee "$SA_CLUSTER/$1.log" >&2
	sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$SA_CLUSTER/$1.log"
}
# warm-up so both runs start from a loaded cache
"$BIN/pgbench" -n -c 4 -j 2 -T 3 -f bench/intake/submit.sql sa_bench >/dev/null
"$BIN/pgbench" -n -c 4 -j 2 -T 3 -f bench/intake/insert.sql sa_bench >/dev/null
tps_submit=$(run submit bench/intake/submit.sql)
tps_insert=$(run insert bench/intake/insert.sql)
accepted=$(psql -X -At -d sa_bench -c "SELECT count(*) FILTER (WHERE status = 'accepted') || '/' || count(*) FROM service_affair.cases c WHERE EXISTS (SELECT 1 FROM service_affair.case_event e WHERE e.case_id = c.id)")
echo "submit_tps=$tps_submit insert_tps=$tps_insert ratio=$(echo "scale=3; $tps_submit / $tps_insert" | bc) (clients=4, ${SECS}s each; submitted cases accepted: $accepted)"
psql -X -q -d sa_bench -f bench/intake/completeness.sql 2>&1 | sed 's/^psql:[^ ]* NOTICE:  //'
