# shellcheck shell=bash
# The load the rating and indicator benchmarks share (bench/ratings/run.sh,
# bench/indicators/run.sh, licences.sh, archived.sh, counts_filters.sh,
# period.sh); sourced after tools/cluster.sh, run from $SA_TOP.
#
#   bench_load_cases ratings|indicators [NOTE]
#       build, start the throwaway cluster, create sa_bench with the
#       extension, log "loading $CASES cases" (NOTE in parentheses after it),
#       start the clock, then load bench/ratings/setup.sql ($CASES cases over
#       2026, their materials and ratings) and, for indicators,
#       bench/indicators/setup.sql (the indicator facts: material counts,
#       deliveries, visits, a second region, service points, complaints).
#       No VACUUM ANALYZE: each script runs it after its own steps.
#   bench_loaded [WHAT]
#       log "loaded in N s" since bench_load_cases started the clock
#       ("; WHAT" after it).

bench_load_cases() { # ratings|indicators [note]
	case "$1" in
	ratings | indicators) ;;
	*) sa_die "bench_load_cases: ratings or indicators, not '$1'" ;;
	esac
	sa_build
	sa_cluster_start
	sa_createdb sa_bench service_affair
	sa_log "loading $CASES cases${2:+ ($2)}"
	BENCH_LOAD_START=$(date +%s)
	psql -X -q -d sa_bench -v ON_ERROR_STOP=1 -v cases="$CASES" -f bench/ratings/setup.sql
	if [ "$1" = indicators ]; then
		psql -X -q -d sa_bench -v ON_ERROR_STOP=1 -f bench/indicators/setup.sql
	fi
}

bench_loaded() { # [what]
	sa_log "loaded in $(( $(date +%s) - BENCH_LOAD_START )) s${1:+; $1}"
}
