#!/usr/bin/env bash
# Access benchmark (doc/benchmarks-access.md), same cluster, same data:
#  1. pgbench, 2 clients, BENCH_SECONDS (default 20) each, alternating
#     super, clerk, clerk, super: submit() called by a superuser (the cheapest
#     path through the caller checks) vs. by a clerk login (acts_as + the
#     clerk's regions, the region check);
#  2. reading cases with row-level security: count(*) over 200,000 cases as
#     a clerk (policy: region = ANY (its regions)) vs. the same query with
#     the same filter written by hand, run by a superuser (RLS bypassed);
#     and as an administrator (policy: acts_as('admin')) vs. a superuser.
source "$(dirname "$0")/../../tools/cluster.sh"
cd "$SA_TOP"
SECS=${BENCH_SECONDS:-20}
sa_build
sa_cluster_start
BIN=$("$PG_CONFIG" --bindir)
sa_createdb sa_bench service_affair
psql -X -q -d sa_bench -v ON_ERROR_STOP=1 -f bench/access/setup.sql >/dev/null
run() { # name user
	"$BIN/pgbench" -n -c 2 -j 2 -T "$SECS" -U "$2" -f bench/access/submit.sql sa_bench 2>&1 | tee "$SA_CLUSTER/$1.log" >&2
	sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$SA_CLUSTER/$1.log"
}
"$BIN/pgbench" -n -c 2 -j 2 -T 3 -U postgres -f bench/access/submit.sql sa_bench >/dev/null 2>&1
# alternate the two, so that the growing tables do not favour the first
s1=$(run super1 postgres); c1=$(run clerk1 bench_clerk); c2=$(run clerk2 bench_clerk); s2=$(run super2 postgres)
tps_super=$(echo "scale=1; ($s1 + $s2) / 2" | bc); tps_clerk=$(echo "scale=1; ($c1 + $c2) / 2" | bc)
echo "submit_tps superuser=$tps_super ($s1, $s2) clerk=$tps_clerk ($c1, $c2) clerk/superuser=$(echo "scale=3; $tps_clerk / $tps_super" | bc)"

# median of 7 runs of a query, in ms, as a role
timeq() { # user sql
	local i t
	for i in 1 2 3 4 5 6 7; do
		psql -X -At -U "$1" -d sa_bench -c '\timing on' -c "$2" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p'
	done | sort -n | sed -n 4p
}
Q="SELECT count(*) FROM service_affair.cases WHERE submitted_at >= '2026-01-01'"
clerk_rls=$(timeq bench_clerk "$Q")
clerk_hand=$(timeq postgres "$Q AND region = ANY ((SELECT array_agg(d.region) FROM service_affair.staff s JOIN service_affair.department d ON d.code = s.department WHERE s.login = 'bench_clerk')::text[])")
admin_rls=$(timeq bench_admin "$Q")
super=$(timeq postgres "$Q")
rows_clerk=$(psql -X -At -U bench_clerk -d sa_bench -c "$Q")
rows_admin=$(psql -X -At -U bench_admin -d sa_bench -c "$Q")
echo "count_ms clerk_rls=$clerk_rls clerk_by_hand=$clerk_hand ratio=$(echo "scale=3; $clerk_rls / $clerk_hand" | bc) (rows $rows_clerk)"
echo "count_ms admin_rls=$admin_rls superuser=$super ratio=$(echo "scale=3; $admin_rls / $super" | bc) (rows $rows_admin)"
psql -X -At -U bench_clerk -d sa_bench -c "EXPLAIN (COSTS OFF) $Q"
