#!/usr/bin/env bash
# The throwaway-cluster tooling (tools/cluster.sh, `make clean`) for a user
# whose checkout the postgres user cannot enter or write: commands run as
# postgres do not complain about the caller's directory, `make clean` with a
# test cluster left in tmp_check/ refuses and says how to stop and remove it,
# without deleting any of it, and stopping a cluster stops its server.  Prints
# TAP.  Needs SA_TOP and SA_BIN (run by tools/run-tests.sh, suite "script");
# works as root and as a user with sudo.
set -u
SA_TOP=${SA_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
source "$SA_TOP/tools/cluster.sh"
set +e +o pipefail
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
scratch=$(mktemp -d "${TMPDIR:-/tmp}/sa_cluster_tools.XXXXXX")  # mode 700: postgres cannot enter
co=$(mktemp -d "${TMPDIR:-/tmp}/sa_cluster_tools.XXXXXX")       # a checkout postgres can enter
chmod 755 "$co"
trap '"${SUDO[@]}" rm -rf "$scratch" "$co"' EXIT

# 1. pg_ctl run as postgres from a directory postgres cannot enter
out=$(cd "$scratch" && "${AS_PG[@]}" "$SA_BIN/pg_ctl" --version 2>&1)
echo "$out" | sed 's/^/# /'
echo "$out" | grep -q '^pg_ctl (PostgreSQL)'
ok $? "pg_ctl runs as postgres from a directory postgres cannot enter"
echo "$out" | grep -q 'could not change directory'
ok $((! $?)) "... and says nothing about that directory"

# 2. make clean in a checkout with a test cluster in tmp_check/, made as
# sa_tmpdir makes it: owned by postgres, data/ of mode 700, a postmaster.pid
mkdir -p "$co/tmp_check/cluster.test/install" "$co/build"
cp "$SA_TOP/Makefile" "$SA_TOP"/*.control "$co/"
touch "$co/tmp_check/cluster.test/install/pg_ctl" "$co/build/x.o" "$co/service_affair.so"
"${SUDO[@]}" chown -R postgres "$co/tmp_check/cluster.test"
"${AS_PG[@]}" mkdir -m 700 "$co/tmp_check/cluster.test/data"
"${AS_PG[@]}" touch "$co/tmp_check/cluster.test/data/postmaster.pid"
make -s -C "$co" PG_CONFIG="$PG_CONFIG" clean >"$scratch/clean.log" 2>&1
rc=$?
sed 's/^/# /' "$scratch/clean.log"
ok $((rc == 0)) "make clean with a test cluster in tmp_check/ fails"
grep -q "tmp_check/cluster.test is a test cluster kept by SA_KEEP=1 or left by a killed run; stop it and remove it first" "$scratch/clean.log"
ok $? "... naming the cluster"
grep -q "runuser -u postgres -- env -C / .*/pg_ctl -D $co/tmp_check/cluster.test/data -m fast stop && .*rm -rf $co/tmp_check/cluster.test\$" "$scratch/clean.log"
ok $? "... with the commands that stop and remove it (the removal only if the stop succeeded)"
[ -e "$co/tmp_check/cluster.test/install/pg_ctl" ] && [ -e "$co/build/x.o" ] && [ -e "$co/service_affair.so" ]
ok $? "... and removes nothing (the cluster's pg_ctl, the build, the module)"
! grep -q 'Permission denied' "$scratch/clean.log"
ok $? "... and no 'Permission denied'"
# the same in a checkout whose path has a space, a double quote, a dollar
# and a backtick: the printed commands are quoted, so that pasted they name
# that directory (unquoted, "rm -rf /tmp/a b/..." removed /tmp/a; a review;
# the Makefile put the path between double quotes of its own shell command,
# so a quote, $(...) or a backtick in it broke that command or ran in it)
co2=$(mktemp -d "${TMPDIR:-/tmp}/sa cluster \"tools\" \$HOME \`id\`.XXXXXX")
chmod 755 "$co2"
trap '"${SUDO[@]}" rm -rf "$scratch" "$co" "$co2"' EXIT
mkdir -p "$co2/tmp_check/cluster.test"
cp "$SA_TOP/Makefile" "$SA_TOP"/*.control "$co2/"
"${SUDO[@]}" chown -R postgres "$co2/tmp_check/cluster.test"
"${AS_PG[@]}" mkdir -m 700 "$co2/tmp_check/cluster.test/data"
"${AS_PG[@]}" touch "$co2/tmp_check/cluster.test/data/postmaster.pid"
make -s -C "$co2" PG_CONFIG="$PG_CONFIG" clean >"$scratch/clean2.log" 2>&1
sed 's/^/# /' "$scratch/clean2.log"
line=$(grep -- ' -m fast stop && ' "$scratch/clean2.log" | sed 's/.*&& //')
eval "set -- $line"
[ "${*: -1}" = "$co2/tmp_check/cluster.test" ] && [ "${*: -2:1}" = "-rf" ]
ok $? "in a checkout whose path has a space, the printed removal names that cluster as one word"
"${SUDO[@]}" rm -rf "$co2/tmp_check/cluster.test"

"${SUDO[@]}" rm -rf "$co/tmp_check/cluster.test"
make -s -C "$co" PG_CONFIG="$PG_CONFIG" clean >"$scratch/clean.log" 2>&1
rc=$?
sed 's/^/# /' "$scratch/clean.log"
[ $rc = 0 ] && [ ! -e "$co/tmp_check" ] && [ ! -e "$co/build" ] && [ ! -e "$co/service_affair.so" ]
ok $? "once it is removed, make clean succeeds"

# 3. a cluster that cluster.sh started, stopped by it: no server is left
# running on the removed directory (as a user, data/ is out of sight)
(
	# a user's libpq settings do not reach the test cluster (a PGHOSTADDR
	# made every connection fail, PGCLIENTENCODING=GBK or PGDATESTYLE broke
	# the expected outputs; a review)
	export PGHOSTADDR=127.0.0.1 PGCLIENTENCODING=GBK PGDATESTYLE='SQL, DMY' PGTZ=America/New_York
	# ... while the runner's own PGTAP_FILES stays (the first version of
	# the clean-up unset every PG[A-Z]* and ran the whole pgTAP suite)
	export PGTAP_FILES=test/pgtap/x.sql
	sa_cluster_start >/dev/null 2>&1 || exit 1
	[ "${PGTAP_FILES:-}" = test/pgtap/x.sql ] || { echo "# PGTAP_FILES is gone"; sa_cluster_stop; exit 2; }
	got=$(psql -X -At -d postgres -c "SELECT current_setting('client_encoding') || ' ' || current_setting('DateStyle')" 2>&1)
	echo "# client_encoding, DateStyle: $got"
	[ "$got" = "UTF8 ISO, MDY" ] || { sa_cluster_stop; exit 2; }
	d=$SA_CLUSTER
	pid=$("${AS_PG[@]}" head -1 "$d/data/postmaster.pid")
	echo "# $d, postmaster $pid"
	sa_cluster_stop
	# pg_ctl -w returns when postmaster.pid is gone, a moment before the
	# process; a server nobody stopped lasts until its lock-file check (60 s)
	for _ in 1 2 3 4 5 6 7 8 9 10; do ps -p "$pid" >/dev/null || break; sleep 1; done
	if ps -p "$pid" >/dev/null; then echo "# postmaster $pid still running 10 s later"; exit 1; fi
	[ ! -e "$d" ]
)
rc=$?
ok $((rc == 2 ? 1 : 0)) "a user's PGHOSTADDR, PGCLIENTENCODING, PGDATESTYLE and PGTZ do not reach the test cluster, PGTAP_FILES stays"
ok $rc "sa_cluster_stop stops the server before it removes its directory"

# 4. FUZZ_SECONDS that libFuzzer reads as "no limit" (0, a word, a negative
# number): make test and make fuzz fuzzed for ever (a review of 2026-12-05).
# Refused at once with exit 2 by run-fuzz.sh, and by run-tests.sh before it
# installs or builds anything.  Each run is its own process group, killed
# whole after 30 s (the former code's fuzzer ran on after its shell).
bounded() { # log command... : its exit code, 124 when it ran ${BOUND:-30} s
	local log=$1 pid t=0 rc
	shift
	setsid "$@" >"$log" 2>&1 &
	pid=$!
	while kill -0 "$pid" 2>/dev/null && [ $t -lt $((${BOUND:-30} * 10)) ]; do sleep 0.1; t=$((t + 1)); done
	if kill -0 "$pid" 2>/dev/null; then
		kill -KILL -- "-$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		return 124
	fi
	wait "$pid"
	rc=$?
	pkill -KILL -g "$pid" 2>/dev/null  # nothing of it left behind
	return $rc
}
make -s -C "$SA_TOP" build/fuzz/fuzz_text >/dev/null 2>&1
for v in 0 abc -5; do
	bounded "$scratch/fuzz.log" env FUZZ_SECONDS="$v" "$SA_TOP/tools/run-fuzz.sh" "$SA_TOP/build/fuzz/fuzz_text"
	rc=$?
	sed 's/^/# /' "$scratch/fuzz.log" | head -2
	[ $rc = 2 ] && grep -qF "FUZZ_SECONDS takes a whole number of seconds from 1 to 999999999, not \"$v\"" "$scratch/fuzz.log"
	ok $? "run-fuzz.sh with FUZZ_SECONDS=$v: exit 2 at once, naming it (fuzzed for ever)"
done
bounded "$scratch/fuzz.log" env SUITES=fuzz FUZZ_SECONDS=0 "$SA_TOP/tools/run-tests.sh"
rc=$?
sed 's/^/# /' "$scratch/fuzz.log" | head -2
[ $rc = 1 ] && grep -qF 'FUZZ_SECONDS takes a whole number of seconds from 1 to 999999999, not "0"' "$scratch/fuzz.log" &&
	! grep -q 'building' "$scratch/fuzz.log"
ok $? "make test with FUZZ_SECONDS=0: refused before the build, naming it (fuzzed for ever)"

# 5. a file named in SCRIPT_FILES, PGTAP_FILES, TAP_FILES or ISOLATION_SPECS
# that is not there: refused before the build, naming it (a run of
# SUITES="unit script" with a misspelt SCRIPT_FILES passed, having run no
# script; a review of 2026-12-05)
BOUND=180 bounded "$scratch/files.log" env SUITES="unit script" SCRIPT_FILES=test/scripts/no_such_test.sh "$SA_TOP/tools/run-tests.sh"
rc=$?
sed 's/^/# /' "$scratch/files.log" | tail -2
[ $rc = 1 ] && grep -qF 'SCRIPT_FILES names "test/scripts/no_such_test.sh", which is no file' "$scratch/files.log" &&
	! grep -q 'building' "$scratch/files.log"
ok $? "make test with SUITES=\"unit script\" and a SCRIPT_FILES that is no file: exit 1 before the build, naming it (passed)"
BOUND=180 bounded "$scratch/files.log" env SUITES="pgtap" PGTAP_FILES="test/pgtap/calendar_*.sql test/pgtap/no_such_*.sql" "$SA_TOP/tools/run-tests.sh"
rc=$?
sed 's/^/# /' "$scratch/files.log" | tail -2
[ $rc = 1 ] && grep -qF 'PGTAP_FILES names "test/pgtap/no_such_*.sql", which is no file' "$scratch/files.log" &&
	! grep -q 'building' "$scratch/files.log"
ok $? "make test with a PGTAP_FILES glob that matches nothing: exit 1 before the build, naming it (was dropped without a word)"
bounded "$scratch/files.log" env SUITES="isolation" ISOLATION_SPECS="no_such_spec" "$SA_TOP/tools/run-tests.sh"
rc=$?
sed 's/^/# /' "$scratch/files.log" | tail -2
[ $rc = 1 ] && grep -qF 'there is no test/isolation/specs/no_such_spec.spec' "$scratch/files.log" &&
	! grep -q 'building' "$scratch/files.log"
ok $? "make test with an ISOLATION_SPECS that is no spec: exit 1 before the build, naming it"

echo "1..$n"
