#!/usr/bin/env bash
# A calendar edit moving the dues of the open rectifications
# (doc/benchmarks-rate.md, "Calendar edit"): BENCH_CASES cases (default
# 200,000) loaded as for the views' bench (bench/ratings/setup.sql; a bad
# rating in ten has an open rectification), BENCH_RUNS timed edits per
# variant (default 5): the shipped set-based trigger body against the
# row-by-row one (git history at 850d1a4e) and the set-based one with SKIP
# LOCKED before it (850d1a4e^), in one cluster.
source "$(dirname "$0")/../../tools/cluster.sh"
source "$SA_TOP/bench/ratings/cases.sh"
cd "$SA_TOP"
CASES=${BENCH_CASES:-200000}
RUNS=${BENCH_RUNS:-5}
bench_load_cases ratings
bench_loaded
body() { # commit: the trigger's function as it was there
	git show "$1:sql/parts/61_rectification_dues.sql" \
		| awk '/^CREATE FUNCTION service_affair.rectification_recompute_dues/,/^\$\$;/'
}
FORMER=$(body 850d1a4e^) && ROWBYROW=$(body 850d1a4e) \
	|| sa_die "the former bodies need the git history (850d1a4e)"
PGOPTIONS="-c bench.runs=$RUNS" psql -X -q -d sa_bench -v ON_ERROR_STOP=1 -P pager=off \
	-v former="$FORMER" -v rowbyrow="$ROWBYROW" -f bench/ratings/calendar_edit.sql 2>&1 | sed 's/^psql:[^ ]* NOTICE:  //'
