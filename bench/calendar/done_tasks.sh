#!/usr/bin/env bash
# What counting the finished tasks of open work again costs a calendar edit
# (2026-12-04, recompute_dues(): the suspended days of a finished task of a
# case still accepted make the case's shift).  N single-item cases and N
# two-stage cases are made through the API (submit, suspend/resume on one
# in SUSP, complete; the bundles' first stage done, the second open), then
# a day inside every count is declared off and given back, ROUNDS times,
# with the tree's recompute_dues() and with the one before (32fe321's,
# swapped in with CREATE OR REPLACE in this throwaway database), alternating.
#   N=2000 SUSP=5 ROUNDS=5 bench/calendar/done_tasks.sh
source "$(dirname "$0")/../../tools/cluster.sh"
cd "$SA_TOP"
sa_deps
sa_build
sa_cluster_start
sa_createdb sa_bench_done service_affair
echo "machine: $(nproc) cores, $(uname -sr); load $(cut -d' ' -f1-3 /proc/loadavg)"
old=$(mktemp "${TMPDIR:-/tmp}/recompute_old.XXXXXX")
new=$(mktemp "${TMPDIR:-/tmp}/recompute_new.XXXXXX")
# one trap: cluster.sh's stops the cluster (a trap of our own replaced it
# and left the server running)
trap 'rm -f "$old" "$new"; sa_cluster_stop' EXIT
git show 32fe321:sql/parts/50_routing.sql \
	| sed -n '/^CREATE FUNCTION service_affair.recompute_dues/,/^\$\$;/p' \
	| sed 's/^CREATE FUNCTION/CREATE OR REPLACE FUNCTION/' >"$old"
sed -n '/^CREATE FUNCTION service_affair.recompute_dues/,/^\$\$;/p' sql/parts/50_routing.sql \
	| sed 's/^CREATE FUNCTION/CREATE OR REPLACE FUNCTION/' >"$new"
psql -X -q -d sa_bench_done -v n="${N:-2000}" -v susp="${SUSP:-5}" -v rounds="${ROUNDS:-5}" \
	-v old_def="$(cat "$old")" -v new_def="$(cat "$new")" -f bench/calendar/done_tasks.sql
