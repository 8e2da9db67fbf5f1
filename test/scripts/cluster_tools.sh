#!/usr/bin/env bash
# The throwaway-cluster tooling (tools/cluster.sh) for a user whose checkout
# the postgres user cannot enter: commands run as postgres do not complain
# about the caller's directory.  Prints TAP.  Needs SA_TOP and SA_BIN (run by
# tools/run-tests.sh, suite "script"); works as root and as a user with sudo.
set -u
SA_TOP=${SA_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
source "$SA_TOP/tools/cluster.sh"
set +e +o pipefail
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
scratch=$(mktemp -d "${TMPDIR:-/tmp}/sa_cluster_tools.XXXXXX")  # mode 700: postgres cannot enter
trap '"${SUDO[@]}" rm -rf "$scratch"' EXIT

# 1. pg_ctl run as postgres from a directory postgres cannot enter
out=$(cd "$scratch" && "${AS_PG[@]}" "$SA_BIN/pg_ctl" --version 2>&1)
echo "$out" | sed 's/^/# /'
echo "$out" | grep -q '^pg_ctl (PostgreSQL)'
ok $? "pg_ctl runs as postgres from a directory postgres cannot enter"
echo "$out" | grep -q 'could not change directory'
ok $((! $?)) "... and says nothing about that directory"

echo "1..$n"
