#!/usr/bin/env bash
# Analyst-view benchmark (doc/benchmarks-rate.md): BENCH_CASES cases (default
# 1,000,000), BENCH_RUNS timed runs per query (default 5), in one throwaway
# cluster: efficiency and satisfaction vs. one hand-written GROUP BY each.
source "$(dirname "$0")/../../tools/cluster.sh"
source "$SA_TOP/bench/ratings/cases.sh"
cd "$SA_TOP"
CASES=${BENCH_CASES:-1000000}
RUNS=${BENCH_RUNS:-5}
bench_load_cases ratings
bench_loaded timing
PGOPTIONS="-c bench.runs=$RUNS" psql -X -q -d sa_bench -v ON_ERROR_STOP=1 -P pager=off -f bench/ratings/bench.sql 2>&1 | sed 's/^psql:[^ ]* NOTICE:  //'
