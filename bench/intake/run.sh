#!/usr/bin/env bash
# Intake benchmark (doc/benchmarks-intake.md):
#  1. pgbench, 4 clients, BENCH_SECONDS (default 30) each, same cluster,
#     ROUNDS (default 3) alternating rounds, median TPS:
#     submit() of a complete 6-material case vs. what an application would
#     otherwise write on plain tables of its own (plain_setup.sql): the case
#     row, its 6 material rows and one queue row with PK, FKs and a queue
#     index (plain.sql), and the same with primary keys only (floor.sql);
#     also the clerk's path, submit() by the resident id (submit_ident.sql),
#     and the floor of submit() on this schema: the same rows written into the
#     extension's own tables by one statement (writes.sql);
#  2. completeness() on a 30-material bundle: µs/call, vs. the rules as plain SQL.
# CATALOG_ITEMS=n adds n items (5 materials each, 40 departments) to both
# catalogs first (bench/intake/catalog.sql): the bench's own catalog is tiny.
# DURABLE=1 runs the server with PostgreSQL's durable defaults (fsync,
# synchronous_commit, full_page_writes on) instead of the test clusters'
# settings (all three off): every commit then waits for its WAL flush, as in
# a deployment.
# EXTRA_SQL='statement' runs that statement after the setup (a schema
# variant measured A/B, e.g. EXTRA_SQL='CREATE INDEX ON service_affair.cases
# (calendar)', doc/calendar.md, "Renaming a calendar at scale").
source "$(dirname "$0")/../../tools/cluster.sh"
cd "$SA_TOP"
SECS=${BENCH_SECONDS:-30}
sa_build
if [ -n "${DURABLE:-}" ]; then
	sa_cluster_start "fsync = on" "synchronous_commit = on" "full_page_writes = on"
else
	sa_cluster_start
fi
BIN=$("$PG_CONFIG" --bindir)
sa_createdb sa_bench service_affair
psql -X -q -d sa_bench -v ON_ERROR_STOP=1 -f bench/intake/setup.sql
psql -X -q -d sa_bench -v ON_ERROR_STOP=1 -f bench/intake/plain_setup.sql
if [ -n "${EXTRA_SQL:-}" ]; then
	psql -X -q -d sa_bench -v ON_ERROR_STOP=1 -c "$EXTRA_SQL"
fi
if [ -n "${CATALOG_ITEMS:-}" ]; then  # a county-sized catalog beside the bench's services
	psql -X -q -d sa_bench -v ON_ERROR_STOP=1 -v items="$CATALOG_ITEMS" -f bench/intake/catalog.sql
fi
run() { # name script
	"$BIN/pgbench" -n -c 4 -j 2 -T "$SECS" -f "$2" sa_bench 2>&1 | tee "$SA_CLUSTER/$1.log" >&2
	sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$SA_CLUSTER/$1.log"
}
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
# warm-up so every run starts from a loaded cache
for s in submit submit_ident writes plain floor; do "$BIN/pgbench" -n -c 4 -j 2 -T 3 -f "bench/intake/$s.sql" sa_bench >/dev/null; done
declare -A tps=()
for r in $(seq 1 "${ROUNDS:-3}"); do
	for s in submit submit_ident writes plain floor; do
		t=$(run "$s-$r" "bench/intake/$s.sql")
		tps[$s]+="$t "
		echo "round $r $s tps=$t"
	done
done
ts=$(echo ${tps[submit]} | tr ' ' '\n' | median)
ti=$(echo ${tps[submit_ident]} | tr ' ' '\n' | median)
tp=$(echo ${tps[plain]} | tr ' ' '\n' | median)
tw=$(echo ${tps[writes]} | tr ' ' '\n' | median)
tf=$(echo ${tps[floor]} | tr ' ' '\n' | median)
accepted=$(psql -X -At -d sa_bench -c "SELECT count(*) FILTER (WHERE status = 'accepted') || '/' || count(*) FROM service_affair.cases")
tasks=$(psql -X -At -d sa_bench -c "SELECT count(*) FROM service_affair.task")
echo "submit_tps=$ts submit_ident_tps=$ti plain_tps=$tp floor_tps=$tf ratio_plain=$(echo "scale=3; $ts / $tp" | bc) ratio_floor=$(echo "scale=3; $ts / $tf" | bc) ident_ratio_plain=$(echo "scale=3; $ti / $tp" | bc) ident_ratio_floor=$(echo "scale=3; $ti / $tf" | bc) writes_tps=$tw writes_ratio_plain=$(echo "scale=3; $tw / $tp" | bc) (clients=4, ${SECS}s x ${ROUNDS:-3} rounds, medians; cases accepted: $accepted, tasks: $tasks)"
psql -X -q -d sa_bench -f bench/intake/completeness.sql 2>&1 | sed 's/^psql:[^ ]* NOTICE:  //'
