#!/usr/bin/env bash
# Calendar bulk-load benchmark: INSERT of 109,572 days into calendar_day
# against the same INSERT into plain tables, in one run on a throwaway
# cluster.  RUNS=n timed rounds (default 5; median).
#   bench/calendar/load.sh
source "$(dirname "$0")/../../tools/cluster.sh"
cd "$SA_TOP"
sa_deps
sa_build
sa_cluster_start
sa_createdb sa_bench service_affair
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg)"
psql -X -q -d postgres -At -c 'SELECT version()'
psql -X -q -d sa_bench -v runs="${RUNS:-5}" -f bench/calendar/load.sql
