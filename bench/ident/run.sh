#!/usr/bin/env bash
# bench/ident/run.sh — uscc / resident_id C types vs PL/pgSQL and SQL
# check-digit validators, on a throwaway cluster.  Prints a markdown table;
# copy it into doc/benchmarks-ident.md.
#   BENCH_N=1000000 (values per type)   BENCH_RUNS=3 (best of)
source "$(dirname "$0")/../../tools/cluster.sh"
cd "$SA_TOP"
N=${BENCH_N:-1000000}
RUNS=${BENCH_RUNS:-3}
sa_deps
sa_build
sa_cluster_start
sa_createdb sa_bench service_affair
sa_log "benchmark: n=$N, best of $RUNS"
echo "| group | variant | best ms | result | ratio to first |"
echo "|---|---|---|---|---|"
psql -X -q -d sa_bench -v n="$N" -v runs="$RUNS" -f bench/ident/bench.sql
echo
echo "PostgreSQL $(psql -X -At -d sa_bench -c 'SHOW server_version'), $(nproc) cores, $(date -u +%Y-%m-%d)"
