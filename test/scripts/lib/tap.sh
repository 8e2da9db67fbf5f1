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
#   check DESCRIPTION GOT WANT   tap on GOT = WANT, naming both when they differ
check() { # description got want
	if [ "$2" = "$3" ]; then tap 0 "$1"; else tap 1 "$1 (got '$2', want '$3')"; fi
}
#   scratch_db NAME          a new empty database NAME in $db, dropped when the script exits
#   dbq SQL                  one command in $db; its command tag or rows, and any error, on stdout
scratch_db() {
	db=$1
	psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
	trap 'psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1' EXIT
}
dbq() { psql -X -At -v ON_ERROR_STOP=1 -d "$db" -c "$1" 2>&1; }
#   scratch_dbs TAG DB...    new empty databases DB... and a work directory $WORK
#                            (mode 777: the server writes there as postgres),
#                            all dropped when the script exits
scratch_dbs_drop() {
	local d
	for d in $scratch_dbs_list; do
		q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $d" >/dev/null 2>&1
	done
}
scratch_dbs() {
	local tag=$1 d
	shift
	scratch_dbs_list="$*"
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/$tag.XXXXXX")
	chmod 777 "$WORK"
	trap 'scratch_dbs_drop; rm -rf "$WORK"' EXIT
	scratch_dbs_drop
	for d in $scratch_dbs_list; do q -d postgres -c "CREATE DATABASE $d" >/dev/null; done
}
