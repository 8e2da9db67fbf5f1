# shellcheck shell=bash
# Sourced by the script tests: TAP output and a quiet psql.
#   tap STATUS DESCRIPTION   prints "ok N - ..." when STATUS is 0, else "not ok N - ..." (counted in $failed)
#   q ARGS...                psql -At that stops at the first error
n=0
failed=0
tap() { # status description
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi
}
q() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }
