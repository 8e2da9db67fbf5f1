#!/usr/bin/env bash
# bench/indicators/licences.sh — data_sharing, licence_monthly and
# one_licence_service (doc/licences.md) against the plain SQL a DBA would
# write over the tables, in the same session (doc/benchmarks.md,
# "The licence views against plain SQL"): BENCH_CASES cases (default
# 1,000,000) loaded as run.sh loads them, then bench/indicators/
# licences_setup.sql (evidence types, the materials' types at submission,
# licences), then licences.sql: answers compared (EXCEPT ALL both ways; a
# difference stops the run with an error), BENCH_RUNS alternating rounds
# (default 5), medians, ratios, the load average per round, and the plans
# (EXPLAIN ANALYZE).
source "$(dirname "$0")/../../tools/cluster.sh"
source "$SA_TOP/bench/ratings/cases.sh"
cd "$SA_TOP"
CASES=${BENCH_CASES:-1000000}
RUNS=${BENCH_RUNS:-5}
bench_load_cases indicators "$(git rev-parse --short HEAD); load $(cut -d' ' -f1-3 /proc/loadavg)"
psql -X -q -d sa_bench -v ON_ERROR_STOP=1 -P pager=off -f bench/indicators/licences_setup.sql
psql -X -q -d sa_bench -c 'VACUUM ANALYZE'
bench_loaded "timing $RUNS rounds"
PGOPTIONS="-c bench.runs=$RUNS" psql -X -q -d sa_bench -v ON_ERROR_STOP=1 -P pager=off -f bench/indicators/licences.sql 2>&1 |
	sed 's/^psql:[^ ]* NOTICE:  //'  # pipefail (tools/cluster.sh): psql's error fails the script
