#!/usr/bin/env bash
# bench/inspection/run.sh — the draw, the packed directory's cost to the
# writers of target, and verify_log benchmarks on a throwaway cluster.  N targets (default 1,000,000), L log entries (default
# 1,000,000).  Results: tmp_check/bench-inspection.txt; ratios go to
# doc/benchmarks-insp.md by hand.
source "$(dirname "$0")/../../tools/cluster.sh"
cd "$SA_TOP"
sa_deps
sa_build
sa_cluster_start
sa_createdb sa_bench service_affair
out=tmp_check/bench-inspection.txt
{
	echo "# $(date -u +%FT%TZ) $(nproc) cores, $(uname -m); PostgreSQL $("$PG_CONFIG" --version)"
	psql -X -q -d sa_bench -v ON_ERROR_STOP=1 -v n="${N:-1000000}" -f bench/inspection/setup.sql
	psql -X -q -d sa_bench -v ON_ERROR_STOP=1 -P pager=off -f bench/inspection/bench.sql
	psql -X -q -d sa_bench -v ON_ERROR_STOP=1 -P pager=off -f bench/inspection/load.sql
	psql -X -q -d sa_bench -v ON_ERROR_STOP=1 -P pager=off -v n="${L:-1000000}" -f bench/inspection/log.sql
} 2>&1 | tee "$out"
