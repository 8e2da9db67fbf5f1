#!/usr/bin/env bash
# A filter on region or point_level of the counts views against the same rows
# asked by department or point (doc/indicators.md, "Filtering the counts views
# by region or point level"; doc/benchmarks.md): BENCH_CASES cases (default
# 1,000,000) loaded as run.sh loads them, then counts_filters.sql (3 runs at
# work_mem 4 MB, then 3 at 64 MB, and the 4 MB plans).
source "$(dirname "$0")/../../tools/cluster.sh"
source "$SA_TOP/bench/ratings/cases.sh"
cd "$SA_TOP"
CASES=${BENCH_CASES:-1000000}
bench_load_cases indicators
psql -X -q -d sa_bench -c 'VACUUM ANALYZE'
psql -X -d sa_bench -v ON_ERROR_STOP=1 -P pager=off -f bench/indicators/counts_filters.sql
