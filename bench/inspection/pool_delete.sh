#!/usr/bin/env bash
# Deleting unselected pool members (doc/inspection.md, "Deleting a target"):
# 1,000,000 targets (setup.sql), one draw, then pool_delete.sql.
source "$(dirname "$0")/../../tools/cluster.sh"
cd "$SA_TOP"
sa_build
sa_cluster_start
sa_createdb sa_bench service_affair
psql -X -q -d sa_bench -v ON_ERROR_STOP=1 -v n="${BENCH_TARGETS:-1000000}" -f bench/inspection/setup.sql >/dev/null
psql -X -d sa_bench -v ON_ERROR_STOP=1 -f bench/inspection/pool_delete.sql
