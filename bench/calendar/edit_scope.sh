#!/usr/bin/env bash
# The scope of a calendar edit (bench/calendar/edit_scope.sql): N accepted
# cases (default 20,000) on calendar cn, each with an open task that had a
# finished suspension (the rows whose suspended days recompute_dues()
# counts), a leg under way, an open commitment check, a complaint awaiting
# its reply and an open rectification, and a calendar 'b' no row uses.  An
# edit of 'b' should cost next to nothing (measured with
# leg_recompute_dues() as it is and as it was before 2026-12-07,
# alternated, with the calls of the functions that count a due); an edit
# of cn moves every due.  ROUNDS rounds (default 3).
#   bench/calendar/edit_scope.sh        N=47000 ROUNDS=5 bench/calendar/edit_scope.sh
source "$(dirname "$0")/../../tools/cluster.sh"
cd "$SA_TOP"
sa_deps
sa_build
sa_cluster_start
sa_createdb sa_bench_scope service_affair
echo "machine: $(nproc) cores, $(uname -sr); $(uptime)"
echo "commit: $(git rev-parse --short HEAD)$(git diff --quiet -- sql || echo ' + uncommitted sql')"
psql -X -q -d postgres -At -c 'SELECT version()'
psql -X -q -d sa_bench_scope -v n="${N:-20000}" -v rounds="${ROUNDS:-3}" -f bench/calendar/edit_scope.sql
