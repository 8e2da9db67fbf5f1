# shellcheck shell=bash
# Sourced by the script tests of tools/sa_county (sa_county_args.sh,
# sa_county_hostile.sh): a scratch database with the sample county's
# catalog and applicants, and the program built.
#   county_db DB      (re)creates DB with the extension and demo/09-11; 0 when all loaded
#   county_build      builds tools/ (build/tools/sa_county); make's status
#   county_libs       builds the libraries the tests preload (test/scripts/lib/*.c,
#                     build/tools/*.so; tools/Makefile: its compiler and
#                     flags); make's status, its errors on stderr
#   poll DB SQL WANT SECONDS
#                     runs SQL (one value) in DB every 0.2 s until it gives WANT or
#                     SECONDS pass; prints the last value
county_db() {
	local rc=0 f
	PGOPTIONS="-c client_min_messages=warning" psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1"
	psql -X -q -d "$1" -c "CREATE EXTENSION service_affair" || rc=1
	for f in demo/09_evidence_types.sql demo/10_county_catalog.sql demo/11_applicants.sql; do
		psql -X -q -v ON_ERROR_STOP=1 -d "$1" -f "$f" >/dev/null || rc=1
	done
	return $rc
}
county_build() { make -s -C tools >/dev/null 2>&1; }
county_libs() { make -s -C tools test-libs >/dev/null; }
poll() { # db sql want seconds
	local got deadline=$((SECONDS + $4))
	while :; do
		got=$(psql -X -At -d "$1" -c "$2")
		[ "$got" = "$3" ] || [ $SECONDS -ge $deadline ] && break
		sleep 0.2
	done
	echo "$got"
}
reap() { # pid seconds: wait for the program started in the background, killed
	# after that many seconds if it hangs (a watchdog); its exit status in $rc
	local p=$1 n=$(($2 * 5))
	( for _ in $(seq 1 "$n"); do kill -0 "$p" 2>/dev/null || exit 0; sleep 0.2; done; kill -KILL "$p" ) >/dev/null 2>&1 &
	wait "$p"
	rc=$?
}
