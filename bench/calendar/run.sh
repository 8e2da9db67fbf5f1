#!/usr/bin/env bash
# Calendar benchmark: add_workdays against start + n, the plain-SQL date
# dimension, a PL/pgSQL loop and a generate_series walk, in one run on a
# throwaway cluster.  RUNS=n timed runs per method (default 5; median).
#   bench/calendar/run.sh
source "$(dirname "$0")/../../tools/cluster.sh"
cd "$SA_TOP"
sa_deps
sa_build
sa_cluster_start
sa_createdb sa_bench service_affair
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(uname -sr)"
psql -X -q -d postgres -At -c 'SELECT version()'
psql -X -q -d sa_bench -v runs="${RUNS:-5}" -f bench/calendar/bench.sql
