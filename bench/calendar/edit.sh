#!/usr/bin/env bash
# The cost of a calendar edit with open work to move (bench/calendar/edit.sql):
# N accepted cases with legs, rectifications and complaints (default 100,000),
# ROUNDS rounds (default 5), on a throwaway cluster.
#   bench/calendar/edit.sh            N=10000 ROUNDS=3 bench/calendar/edit.sh
source "$(dirname "$0")/../../tools/cluster.sh"
cd "$SA_TOP"
sa_deps
sa_build
sa_cluster_start
sa_createdb sa_bench_edit service_affair
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(uname -sr); load $(cut -d' ' -f1-3 /proc/loadavg)"
psql -X -q -d postgres -At -c 'SELECT version()'
psql -X -q -d sa_bench_edit -v n="${N:-100000}" -v rounds="${ROUNDS:-5}" -f bench/calendar/edit.sql
