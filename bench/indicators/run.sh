#!/usr/bin/env bash
# Indicator benchmark (doc/benchmarks.md, "Indicators"): BENCH_CASES cases
# (default 1,000,000), BENCH_RUNS timed runs per query (default 5), in one
# throwaway cluster: every analyst view (efficiency and satisfaction at the
# service, department, region and overall levels) against a hand-written
# GROUP BY computing the same numbers, in the same session; and
# catalog_indicators() over a 1,000-item catalog with versions against the
# hand-written query over catalog_version.
# BENCH_BASELINE=<git ref> (e.g. main) adds the analyst views of that tree
# (its sql/parts/65_views.sql, in schema baseline, over the same tables) as a
# third variant timed in the same runs: an A/B of two definitions.
# BENCH_ONLY=<regular expression> (no spaces; e.g. ^complaint) times only the
# queries whose name matches it.
source "$(dirname "$0")/../../tools/cluster.sh"
source "$SA_TOP/bench/ratings/cases.sh"
cd "$SA_TOP"
CASES=${BENCH_CASES:-1000000}
RUNS=${BENCH_RUNS:-5}
bench_load_cases indicators
if [ -n "${BENCH_BASELINE:-}" ]; then
	sa_log "baseline: the views of $BENCH_BASELINE in schema baseline"
	{ echo 'CREATE SCHEMA baseline;'
	  git show "$BENCH_BASELINE:sql/parts/65_views.sql" |
		sed '/^INSERT INTO service_affair.role_grant/,$d' |
		# statistics objects are the tables', not the views': the tree's own
		# serve both variants (a second copy failed with "already exists")
		perl -0pe 's/^CREATE STATISTICS .*?;\n//gms; s/^COMMENT ON STATISTICS .*?\x27;\n//gms' |
		perl -pe 's/service_affair\.((?:efficiency|satisfaction)(?!_archived)\w*|period_scan_bound|complaint_(?:facts|counts|rollup\w*|rates|indicators\w*|period\w*|items))\b/baseline.$1/g'
	} | psql -X -q -d sa_bench -v ON_ERROR_STOP=1
fi
psql -X -q -d sa_bench -c 'VACUUM ANALYZE'
bench_loaded timing
PGOPTIONS="-c bench.runs=$RUNS${BENCH_ONLY:+ -c bench.only=$BENCH_ONLY}" psql -X -q -d sa_bench -v ON_ERROR_STOP=1 -P pager=off -f bench/indicators/bench.sql 2>&1 | sed 's/^psql:[^ ]* NOTICE:  //'
