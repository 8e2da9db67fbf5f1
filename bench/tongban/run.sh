#!/usr/bin/env bash
# What the analysts' 通办 views cost (bench/tongban/bench.sql): every
# tongban_* view over N cases received at service points (default
# 1,000,000; settled history and open cases, ~10% forwarded with a leg),
# against the same aggregates in plain SQL over plain tables holding the
# same rows, ROUNDS rounds (default 5) at max_parallel_workers_per_gather 0
# and at its default, on a throwaway cluster.
# DIAG=1 then runs bench/tongban/diag.sql in the same database (page faults
# of the parallel scans; the leg join keyed by the partition key too).
#   bench/tongban/run.sh            N=20000 ROUNDS=2 DIAG=1 bench/tongban/run.sh
source "$(dirname "$0")/../../tools/cluster.sh"
cd "$SA_TOP"
sa_deps
sa_build
sa_cluster_start
sa_createdb sa_bench_tongban service_affair
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(uname -sr); load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%F %T UTC')"
psql -X -q -d postgres -At -c 'SELECT version()'
echo "N=${N:-1000000} ROUNDS=${ROUNDS:-5}"
psql -X -q -d sa_bench_tongban -v n="${N:-1000000}" -f bench/tongban/setup.sql
psql -X -q -d sa_bench_tongban -v rounds="${ROUNDS:-5}" -f bench/tongban/bench.sql
if [ -n "${DIAG:-}" ]; then
	psql -X -q -d sa_bench_tongban -f bench/tongban/diag.sql
fi
echo "end: load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%F %T UTC')"
