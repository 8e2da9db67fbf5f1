#!/usr/bin/env bash
# The cost of the access log's server-log line (doc/access.md, "The server
# log"; doc/benchmarks-access.md): submit() by resident id
# (bench/intake/submit_ident.sql, the clerk's path, one access-log entry per
# call), pgbench 4 clients, BENCH_SECONDS (default 10) each, ROUNDS (default
# 5) pairs of rounds in one database, alternating:
#   with     log_access() as installed: the row and the LOG line;
#   without  log_access() replaced, in this throwaway database only, by the
#            same function without its call of access_log_line() (the row
#            only: the function of 2026-12-02).
# Prints TPS per round and the median of without / with.  The server log
# goes to the cluster's server.log, as in tools/cluster.sh.
source "$(dirname "$0")/../../tools/cluster.sh"
cd "$SA_TOP"
SECS=${BENCH_SECONDS:-10}
sa_build
sa_cluster_start
BIN=$("$PG_CONFIG" --bindir)
sa_createdb sa_bench service_affair
psql -X -q -d sa_bench -v ON_ERROR_STOP=1 -f bench/intake/setup.sql >/dev/null
with_def=$(psql -X -At -d sa_bench -c "SELECT pg_get_functiondef('service_affair.log_access(bigint,text,bigint)'::regprocedure)")
# the same definition without the call of access_log_line() (one line)
without_def=$(printf '%s\n' "$with_def" | grep -v 'access_log_line(')
if [ "$with_def" = "$without_def" ]; then
	echo "log_access() has no call of access_log_line() to take out" >&2
	exit 1
fi
set_def() { printf '%s\n;\n' "$1" | psql -X -q -d sa_bench -v ON_ERROR_STOP=1 >/dev/null; }
run() { "$BIN/pgbench" -n -c 4 -j 2 -T "$SECS" -f bench/intake/submit_ident.sql sa_bench 2>&1 | sed -n 's/^tps = \([0-9.]*\) .*/\1/p'; }
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
lines() { "${AS_PG[@]}" cat "$SA_CLUSTER/server.log" | grep -c "service_affair access:"; }
"$BIN/pgbench" -n -c 4 -j 2 -T 3 -f bench/intake/submit_ident.sql sa_bench >/dev/null 2>&1
ratios=""
for r in $(seq 1 "${ROUNDS:-5}"); do
	set_def "$with_def"
	l0=$(lines); tw=$(run); l1=$(lines)
	set_def "$without_def"
	to=$(run); l2=$(lines)
	ratio=$(echo "scale=3; $to / $tw" | bc)
	ratios+="$ratio "
	echo "round $r with=$tw without=$to without/with=$ratio log_lines_with=$((l1 - l0)) log_lines_without=$((l2 - l1)) load=$(cut -d' ' -f1 /proc/loadavg)"
done
set_def "$with_def"
echo "median without/with: $(echo $ratios | tr ' ' '\n' | median) (${SECS}s x ${ROUNDS:-5} rounds, 4 clients)"

# 2. The line alone, in one backend (pgbench's TPS on a shared machine moves
# more than the line costs): CALLS calls of log_access() in a DO block, with
# and without the line alternating, ROUNDS times; µs per call of each and
# their difference, the cost of one line.
CALLS=${CALLS:-20000}
percall() { # µs per call of log_access(), one backend
	psql -X -At -d sa_bench -c "DO \$\$ DECLARE t0 timestamptz := clock_timestamp(); BEGIN
	  FOR i IN 1..$CALLS LOOP PERFORM service_affair.log_access(1, 'bench', NULL); END LOOP;
	  RAISE NOTICE 'us %', round(extract(epoch FROM clock_timestamp() - t0) * 1e6 / $CALLS, 2); END \$\$" 2>&1 |
		sed -n 's/.*NOTICE:  us \([0-9.]*\).*/\1/p'
}
dw="" do=""
for r in $(seq 1 "${ROUNDS:-5}"); do
	set_def "$with_def"; w=$(percall)
	set_def "$without_def"; o=$(percall)
	dw+="$w "; do+="$o "
	echo "one backend, round $r: with ${w} us, without ${o} us a call"
done
set_def "$with_def"
mw=$(echo $dw | tr ' ' '\n' | median); mo=$(echo $do | tr ' ' '\n' | median)
echo "one backend, medians: with ${mw} us, without ${mo} us a call of log_access(): the line costs $(echo "scale=2; $mw - $mo" | bc) us"
