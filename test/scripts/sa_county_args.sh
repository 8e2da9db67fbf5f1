#!/usr/bin/env bash
# tools/sa_county, the demo's simulation, as a hostile caller would run it
# (a review of 2026-12-03): numbers that are not numbers or out of range,
# operands, days in the wrong order or outside the recorded years, SQL in a
# day, and a connection that dies under it.  Each refusal exits 1 with a
# message naming the argument, before any call; a lost connection ends the
# program at once.  Prints TAP.  Needs PGHOST/PGPORT (run by
# tools/run-tests.sh, suite "script").
set -u
cd "${SA_TOP:-$(dirname "$0")/../..}"
OUT=$PWD/tmp_check
mkdir -p "$OUT"
DB=sa_county_args
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
SA=build/tools/sa_county

# shellcheck source=test/scripts/lib/county.sh
. test/scripts/lib/county.sh
county_db "$DB"
ok $? "sample county loaded"
county_build
ok $? "tools/sa_county builds"

# -h and --help say what each option means, on standard output, exit 0
# (both were "invalid option", exit 2, and the usage line pointed to the
# source for the rest; a review of 2026-12-05)
for h in -h --help; do
	"$SA" "$h" >"$OUT/sa_county_help.out" 2>"$OUT/sa_county_help.err"
	rc=$?
	head -1 "$OUT/sa_county_help.out" | sed 's/^/# /'
	miss=0
	for o in '-t threads' '-n cases' '-f first-day' '-l last-day' '-x tail-days' '-s seed' '-q ' 'PGDATABASE' 'service_affair_admin' 'Exit status'; do
		grep -qF -- "  $o" "$OUT/sa_county_help.out" || grep -qF -- "$o" "$OUT/sa_county_help.out" || { echo "# missing: $o"; miss=1; }
	done
	[ $rc = 0 ] && [ $miss = 0 ] && [ ! -s "$OUT/sa_county_help.err" ]
	ok $? "$h: exit 0, every option explained on standard output"
done

# refused: exit 1, the message names the argument, no case submitted
refused() { # expected-message description args...
	local want=$1 what=$2 out rc
	shift 2
	out=$(PGDATABASE=$DB timeout 60 "$SA" -q "$@" 2>&1)
	rc=$?
	echo "$out" | sed 's/^/# /' | head -3
	[ $rc = 1 ] && echo "$out" | grep -qF -- "$want"
	ok $? "$what: exit 1, \"$want\""
}
# --help as an option's value is that value, not --help (a scan of the
# arguments before getopt() took it for --help: the help, exit 0; a review
# of 2026-12-07)
refused '-s takes a whole number' "-s --help (was the help, exit 0)" -n 0 -s --help
refused 'first day --help' "-f --help (was the help, exit 0)" -n 0 -f --help
refused 'unexpected argument "--help"' "-- --help: an operand after --" -n 0 -- --help
refused '-n takes a whole number' "-n abc (was 0 cases and a run)" -n abc
refused '-n takes a whole number' "-n 1e20 (was 1 case)" -n 1e20
refused '-n takes a whole number' "-n beyond 10,000,000 (ran for ever)" -n 99999999999999999999
refused '-t takes a whole number' "-t 0" -t 0
# white space before a sign: strtoull() took " -1" as 2^64 - 1 (a review of 2026-12-05)
refused '-s takes a whole number' "-s ' -1' (was the seed 18446744073709551615)" -n 0 -s " -1"
refused '-x takes a whole number' "-x -5" -x -5
refused 'unexpected argument "extra"' "an operand (the options after it were ignored: the default 20,000 cases ran)" extra -n 0
# the first operand ends the options, as before getopt_long() (which
# reorders the arguments unless told: "extra -h" printed the help, exit 0,
# "extra -Z" exited 2, "extra --help" was the help; a review of 2026-12-07)
refused 'unexpected argument "extra"' "an operand before -h (was the help, exit 0)" extra -h
refused 'unexpected argument "extra"' "an operand before --help (was the help, exit 0)" extra --help
refused 'unexpected argument "extra"' "an operand before an unknown option (was exit 2)" extra -Z
refused 'is after the last' "first day after the last (was 0 cases and exit 0)" -f 2026-09-30 -l 2026-07-01
refused 'from 0001-01-02 to 8999-12-31' "a day in the year 12026 (every call failed)" -n 10 -f 12026-07-01 -l 12026-07-02
# infinite days and the first day of the year 1 (a review of 2026-12-05):
# -f -infinity made the server's generate_series() endless (the program hung,
# and its backend went on after it was killed); 0001-01-01 passed the check,
# and every call of its day failed with 'at is too early'
refused 'from 0001-01-02 to 8999-12-31' "-f -infinity (hung; the server went on)" -n 0 -f -infinity
# (a backend of the program's may still be ending as it exits: given up to
# 5 s; the former endless generate_series() ran on for good.  The count was
# read at once until 2026-12-07, and a CI run caught one backend ending)
left=1
for _ in $(seq 50); do
	left=$(psql -X -At -d postgres -c "SELECT count(*) FROM pg_stat_activity WHERE datname = '$DB' AND state = 'active'")
	[ "$left" = 0 ] && break
	sleep 0.1
done
[ "$left" = 0 ]
ok $? "... and no backend of it is left running"
psql -X -At -d postgres -c "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '$DB'" >/dev/null
refused 'from 0001-01-02 to 8999-12-31' "-l infinity (was 'timestamp out of range')" -n 0 -l infinity
refused 'from 0001-01-02 to 8999-12-31' "-f 0001-01-01 (every call of the day failed)" -n 0 -x 0 -f 0001-01-01 -l 0001-01-03
# a database without the extension, and a login without the extension's
# grants: the message says what is missing (it said "no services (load
# demo/10_county_catalog.sql first)", advice that did not help; a review)
PGOPTIONS="-c client_min_messages=warning" psql -X -q -d postgres -c "DROP DATABASE IF EXISTS ${DB}_bare" -c "CREATE DATABASE ${DB}_bare" \
	-c "DROP ROLE IF EXISTS ${DB}_plain" -c "CREATE ROLE ${DB}_plain LOGIN"
out=$(PGDATABASE=${DB}_bare timeout 60 "$SA" -q -n 0 2>&1)
rc=$?
echo "$out" | sed 's/^/# /' | head -2
[ $rc = 1 ] && echo "$out" | grep -qF 'needs CREATE EXTENSION service_affair' && echo "$out" | grep -qF 'relation "item" does not exist'
ok $? "a database without the extension: exit 1, says it needs the extension (and the server's error)"
out=$(PGDATABASE=$DB PGUSER=${DB}_plain timeout 60 "$SA" -q -n 0 2>&1)
rc=$?
echo "$out" | sed 's/^/# /' | head -2
[ $rc = 1 ] && echo "$out" | grep -qF 'a member of service_affair_admin' && echo "$out" | grep -qF 'permission denied'
ok $? "a login without the extension's grants: exit 1, names the role it needs (and the server's error)"
PGOPTIONS="-c client_min_messages=warning" psql -X -q -d postgres -c "DROP DATABASE ${DB}_bare" -c "DROP ROLE ${DB}_plain"
# a member of service_affair_admin that is not a superuser: record_callback()
# and close_rectification() judge the miss and the lapse not before now in
# its session (since 2026-12-07), so days more than settle.quiet_days ago
# are refused before any call; until then (a review of 2026-12-07) the run
# went on, every call-back and close refused with 55000 and counted as a
# race, exit 0: a quarter without one call-back recorded
PGOPTIONS="-c client_min_messages=warning" psql -X -q -d "$DB" -c "SELECT service_affair.create_roles()" \
	-c "DROP ROLE IF EXISTS ${DB}_admin" -c "CREATE ROLE ${DB}_admin LOGIN IN ROLE service_affair_admin" >/dev/null
out=$(PGDATABASE=$DB PGUSER=${DB}_admin timeout 600 "$SA" -q -n 100 -t 1 -x 10 -f 2026-07-01 -l 2026-07-06 2>&1)
rc=$?
echo "$out" | sed 's/^/# /' | head -3
[ $rc = 1 ] && echo "$out" | grep -qF 'the role is not a superuser' && echo "$out" | grep -qF 'run as a superuser, or simulate days from'
ok $? "a member of service_affair_admin, days more than settle.quiet_days ago: exit 1 before any call (was exit 0, every call-back refused)"
start=$(date +%s)
refused 'first day' "SQL in a day (it was pasted into the query: pg_sleep ran)" -n 0 -f "2026-07-01'::date, '2026-07-02'::date, '1 day') d, pg_sleep(5) z --"
[ $(($(date +%s) - start)) -lt 5 ]
ok $? "... and nothing in it ran (no 5-second sleep)"
[ "$(psql -X -At -d "$DB" -c 'SELECT count(*) FROM service_affair.cases')" = 0 ]
ok $? "no refused run submitted a case"

# a member of service_affair_admin within settle.quiet_days of today runs,
# none of its call-backs or closes refused (the days before today: -x 10
# ends 20 days ago; the refusal above is not one of every non-superuser)
f=$(date -d '-40 days' +%F) l=$(date -d '-30 days' +%F)
out=$(PGDATABASE=$DB PGUSER=${DB}_admin timeout 600 "$SA" -q -n 300 -t 1 -x 10 -f "$f" -l "$l" 2>&1)
rc=$?
echo "$out" | sed 's/^/# /' | head -3
echo "# rectifications, called back, closed: $(psql -X -At -d "$DB" -c "SELECT count(*) || ' ' || count(called_back_at) || ' ' || count(closed_at) FROM service_affair.rectification")"
[ $rc = 0 ] && ! echo "$out" | grep -qE 'refused (record_callback|close_rectification)'
ok $? "a member of service_affair_admin, days within settle.quiet_days of today: exit 0, no call-back or close refused"
PGOPTIONS="-c client_min_messages=warning" psql -X -q -d "$DB" -c "DROP OWNED BY ${DB}_admin" -c "DROP ROLE ${DB}_admin" >/dev/null

# a kind of call that fails with another error than 55000 (here every
# rating, by a trigger of the test's own): the run goes on, prints the first
# failures and the count, and exits 1 (it exited 0: only a failed submission
# counted)
psql -X -q -d "$DB" <<'SQL'
CREATE FUNCTION public.refuse_rating() RETURNS trigger LANGUAGE plpgsql AS
  $$BEGIN RAISE EXCEPTION 'ratings are refused by this test'; END$$;
CREATE TRIGGER refuse_rating BEFORE INSERT ON service_affair.rating
  FOR EACH ROW EXECUTE FUNCTION public.refuse_rating();
SQL
out=$(PGDATABASE=$DB timeout 600 "$SA" -n 200 -t 1 -x 20 -f 2026-07-01 -l 2026-07-10 2>&1)
rc=$?
echo "$out" | grep -E 'failed|ratings' | sed 's/^/# /' | head -3
[ $rc = 1 ] && echo "$out" | grep -q 'failed rate calls'
ok $? "calls failing with another error than 55000 (every rating): exit 1, \"N failed rate calls\""
# with -q too the first failures are shown: the summary points to them
# (they were silenced, and the summary said they were on stderr; a review)
PGDATABASE=$DB timeout 600 "$SA" -q -n 100 -t 1 -x 20 -f 2026-07-11 -l 2026-07-15 >"$OUT/sa_county_q.out" 2>"$OUT/sa_county_q.err"
rc=$?
[ $rc = 1 ] && grep -q 'failed rate calls' "$OUT/sa_county_q.out" && grep -q 'ratings are refused by this test' "$OUT/sa_county_q.err"
ok $? "-q: the first failures are still on stderr, as the summary says"
psql -X -q -d "$DB" -c "DROP TRIGGER refuse_rating ON service_affair.rating" -c "DROP FUNCTION public.refuse_rating()" >/dev/null

# a user whose client encoding is not UTF-8: the texts the simulation sends
# are UTF-8 and stored as such (with LATIN1 they were stored garbled, exit 0)
before=$(psql -X -At -d "$DB" -c "SELECT count(*) FROM service_affair.rating")
PGCLIENTENCODING=LATIN1 PGDATABASE=$DB timeout 600 "$SA" -q -n 200 -t 1 -x 20 -f 2026-07-16 -l 2026-07-24 >/dev/null 2>&1
rc=$?
[ $rc = 0 ] && [ "$(psql -X -At -d "$DB" -c "SELECT count(*) > $before AND count(*) FILTER (WHERE comment ~ '[ÃÂåäæéè]') = 0
                                                FROM service_affair.rating")" = t ]
ok $? "PGCLIENTENCODING=LATIN1: exit 0, the ratings' comments stored as sent (were mojibake)"

# a catalog with long codes: every material list reaches submit() whole
# (one over 1,023 bytes was cut, and the case was returned for materials
# the simulation had meant to bring), every list of committable materials
# is taken (one over 511 bytes stopped the run)
psql -X -q -d "$DB" <<'SQL'
INSERT INTO service_affair.material (item, code, name, required, commitment_allowed)
SELECT 'market_company_change', 'doc_' || lpad(g::text, 2, '0') || repeat('y', 58), '材料' || g, true, g <= 10
  FROM generate_series(1, 20) g;
SQL
PGDATABASE=$DB timeout 600 "$SA" -q -n 2000 -t 1 -x 0 -f 2026-07-27 -l 2026-07-31 >"$OUT/sa_county_long.out" 2>&1
rc=$?
[ $rc = 0 ] && [ "$(psql -X -At -d "$DB" -c "SELECT count(*) > 0 AND count(*) FILTER (WHERE jsonb_array_length(e.detail->'missing') > 1) = 0
                                                FROM service_affair.cases c JOIN service_affair.case_event e ON e.case_id = c.id AND e.kind = 'submitted'
                                               WHERE c.item = 'market_company_change' AND c.submitted_at >= '2026-07-27'")" = t ]
ok $? "materials of 20 codes of 64 characters: the run goes on, and no case lacks more than the one material the simulation leaves out"

# a summary that cannot be written (standard output on a full disk): exit 1,
# saying so (it exited 0; a review of 2026-12-05)
PGDATABASE=$DB timeout 60 "$SA" -q -n 0 -t 1 -x 0 -f 2026-08-01 -l 2026-08-02 >/dev/full 2>"$OUT/sa_county_full.err"
rc=$?
sed 's/^/# /' "$OUT/sa_county_full.err" | head -2
[ $rc = 1 ] && grep -q 'cannot write the summary to standard output' "$OUT/sa_county_full.err"
ok $? "standard output on a full disk (/dev/full): exit 1, \"cannot write the summary\""

# the end-of-day sweep in a session whose default isolation level is
# REPEATABLE READ (a review of 2026-12-05): sla_sweep() refuses such a
# transaction with 55000, and the simulation ran it at the session's default,
# so every sweep of the run was refused, counted with the clerks' races as
# "refused routing calls", exit 0, and no task or case was flagged.  It runs
# the sweep in a READ COMMITTED transaction of its own now.
sweep_events="SELECT count(*) FROM service_affair.case_event WHERE kind IN ('task_warning', 'task_overdue', 'case_warning', 'case_overdue')"
before=$(psql -X -At -d "$DB" -c "$sweep_events")
PGOPTIONS="-c default_transaction_isolation=repeatable\\ read" PGDATABASE=$DB timeout 600 "$SA" -q -n 200 -t 1 -x 10 \
	-f 2026-08-03 -l 2026-08-07 >"$OUT/sa_county_rr.out" 2>"$OUT/sa_county_rr.err"
rc=$?
sed 's/^/# /' "$OUT/sa_county_rr.out" "$OUT/sa_county_rr.err" | head -4
after=$(psql -X -At -d "$DB" -c "$sweep_events")
echo "# sweep events: $before before, $after after"
[ $rc = 0 ] && ! grep -q 'refused sweeps' "$OUT/sa_county_rr.out" && [ "$after" -gt "$before" ]
ok $? "PGOPTIONS default_transaction_isolation=repeatable read: exit 0, no sweep refused, tasks and cases flagged (every sweep was refused)"

# a sweep refused with 55000 all the same (here by a trigger of the test's
# own on the events it writes) is a fault of the set-up, not a race: shown on
# stderr, counted apart as "refused sweeps", exit 1 (it was one more
# "refused routing call", exit 0)
psql -X -q -d "$DB" <<'SQL'
CREATE FUNCTION public.refuse_sweep_event() RETURNS trigger LANGUAGE plpgsql AS
  $$BEGIN RAISE EXCEPTION 'sweeps are refused by this test' USING ERRCODE = '55000'; END$$;
CREATE TRIGGER refuse_sweep_event BEFORE INSERT ON service_affair.case_event
  FOR EACH ROW WHEN (NEW.kind IN ('task_warning', 'task_overdue', 'case_warning', 'case_overdue'))
  EXECUTE FUNCTION public.refuse_sweep_event();
SQL
PGDATABASE=$DB timeout 600 "$SA" -q -n 200 -t 1 -x 10 -f 2026-08-17 -l 2026-08-21 >"$OUT/sa_county_sweep.out" 2>"$OUT/sa_county_sweep.err"
rc=$?
sed 's/^/# /' "$OUT/sa_county_sweep.out" "$OUT/sa_county_sweep.err" | head -4
[ $rc = 1 ] && grep -q 'refused sweeps (55000: not a race' "$OUT/sa_county_sweep.out" \
	&& grep -q 'sla_sweep refused: .*sweeps are refused by this test' "$OUT/sa_county_sweep.err"
ok $? "a sweep refused with 55000: exit 1, \"N refused sweeps\" apart from the routing calls, the refusal on stderr (was exit 0, a refused routing call)"
psql -X -q -d "$DB" -c "DROP TRIGGER refuse_sweep_event ON service_affair.case_event" -c "DROP FUNCTION public.refuse_sweep_event()" >/dev/null

# a SIGTERM (or Ctrl-C) in the middle: the program ends as the signal says
# (143), and says what is left: the calls made so far stay in the database
# (it ended without a word; a review of 2026-12-05)
before=$(psql -X -At -d "$DB" -c 'SELECT count(*) FROM service_affair.cases')
PGDATABASE=$DB "$SA" -n 4000 -t 2 -x 10 -q >"$OUT/sa_county_term.out" 2>"$OUT/sa_county_term.err" &
pid=$!
for _ in $(seq 1 100); do
	[ "$(psql -X -At -d "$DB" -c "SELECT count(*) > $before + 50 FROM service_affair.cases")" = t ] && break
	sleep 0.2
done
kill -TERM "$pid"
wait "$pid"
rc=$?
sed 's/^/# /' "$OUT/sa_county_term.err" | head -2
[ $rc = 143 ] && grep -q 'interrupted; the database keeps the calls made so far' "$OUT/sa_county_term.err"
ok $? "SIGTERM mid-run: exit 143, \"interrupted; the database keeps the calls made so far\""

# a material coded NULL (the catalog's codes are [A-Za-z0-9_.-]{1,64}): the
# lists the simulation writes quote each code (unquoted, NULL was a null
# element, and every submission and supplement of the item failed with
# 22023 'materials must not contain null', exit 1; a review of 2026-12-05)
psql -X -q -d "$DB" -c "INSERT INTO service_affair.material (item, code, name, required) VALUES ('civil_min_living', 'NULL', '材料 NULL', true)"
PGDATABASE=$DB timeout 600 "$SA" -q -n 3000 -t 1 -x 0 -f 2026-08-03 -l 2026-08-07 >"$OUT/sa_county_nullcode.out" 2>&1
rc=$?
grep -m2 'null' "$OUT/sa_county_nullcode.out" | sed 's/^/# /'
[ $rc = 0 ] && ! grep -q 'must not contain null' "$OUT/sa_county_nullcode.out" &&
	[ "$(psql -X -At -d "$DB" -c "SELECT count(*) > 0 FROM service_affair.cases WHERE item = 'civil_min_living' AND submitted_at >= '2026-08-03'")" = t ]
ok $? "a material coded NULL: exit 0, no 'must not contain null', the item's cases submitted"
psql -X -q -d "$DB" -c "DELETE FROM service_affair.material WHERE item = 'civil_min_living' AND code = 'NULL'" >/dev/null 2>&1

# a material whose code has a double quote and a backslash (a server that
# sends odd data: the catalog's CHECK is dropped here, put back NOT VALID
# after): the lists the simulation writes escape them (pasted between quotes
# as they came, the literal was malformed, and every submission of the item
# failed, exit 1; a review of 2026-12-07)
psql -X -q -d "$DB" <<'SQL'
ALTER TABLE service_affair.material DROP CONSTRAINT material_code_check;
INSERT INTO service_affair.material (item, code, name, required) VALUES ('civil_min_living', 'q"uo\te', '材料 引号', true);
SQL
PGDATABASE=$DB timeout 600 "$SA" -q -n 3000 -t 1 -x 0 -f 2026-08-24 -l 2026-08-28 >"$OUT/sa_county_oddcode.out" 2>&1
rc=$?
head -3 "$OUT/sa_county_oddcode.out" | sed 's/^/# /'
[ $rc = 0 ] && ! grep -q 'failed submit calls' "$OUT/sa_county_oddcode.out" &&
	[ "$(psql -X -At -d "$DB" -c "SELECT count(*) > 0 AND count(*) FILTER (WHERE jsonb_array_length(e.detail->'missing') > 1) = 0
	                                FROM service_affair.cases c JOIN service_affair.case_event e ON e.case_id = c.id AND e.kind = 'submitted'
	                               WHERE c.item = 'civil_min_living' AND c.submitted_at >= '2026-08-24'")" = t ]
ok $? "a material coded q\"uo\\te: exit 0, the item's cases submitted, none lacking more than the one material left out (every submission failed)"
psql -X -q -d "$DB" -c "DELETE FROM service_affair.material WHERE item = 'civil_min_living' AND code = 'q\"uo\\te'" >/dev/null 2>&1
psql -X -q -d "$DB" -c "ALTER TABLE service_affair.material ADD CONSTRAINT material_code_check CHECK (code ~ '^[A-Za-z0-9_.-]{1,64}\$') NOT VALID" >/dev/null

# memory refused while the world is loaded: exit 1 naming what, no crash
# (until 2026-12-05 load_world() did not check calloc(): a NULL array, and
# the first element written was a segmentation fault).  A preloaded calloc()
# answers NULL for one element count (SA_FAIL_CALLOC_NMEMB): the days of a
# run (first = last day, -x 3210: 3211 days), the applicants, the services.
# The library is test/scripts/lib/calloc_shim.c, built as tools/sa_county is
# (compiler and warning flags of tools/Makefile; until 2026-12-07 a plain cc)
county_libs 2>"$OUT/calloc_shim.err"
built=$?
ok $built "the preloaded libraries build with the flags of tools/ (-Wall -Wextra -Werror)"
sed 's/^/# /' "$OUT/calloc_shim.err" | head -3
if [ $built = 0 ]; then
	napp=$(psql -X -At -d "$DB" -c 'SELECT count(*) FROM service_affair.applicant')
	nsvc=$(psql -X -At -d "$DB" -c 'SELECT (SELECT count(*) FROM service_affair.item) + (SELECT count(*) FROM service_affair.bundle)')
	for t in "3211 days" "$napp applicants" "$nsvc services"; do
		cnt=${t%% *}
		out=$(PGDATABASE=$DB SA_FAIL_CALLOC_NMEMB=$cnt LD_PRELOAD="$PWD/build/tools/calloc_shim.so" timeout 60 "$SA" -q -n 0 -f 2026-07-01 -l 2026-07-01 -x 3210 2>&1)
		rc=$?
		echo "$out" | sed 's/^/# /' | head -2
		[ $rc = 1 ] && echo "$out" | grep -qF "out of memory for $t"
		ok $? "calloc() refused for the $t: exit 1, \"out of memory for $t\" (was a crash)"
	done
	# the day's to-do list of a worker grows doubled (until 2026-12-07 one
	# element at a time, a realloc() per action): the same library counts
	# the realloc()s that grow a block by less than half its size
	rm -f "$OUT/sa_county_reallocs"
	PGDATABASE=$DB SA_COUNT_REALLOC="$OUT/sa_county_reallocs" LD_PRELOAD="$PWD/build/tools/calloc_shim.so" \
		timeout 600 "$SA" -q -n 1500 -t 1 -x 10 -f 2026-09-07 -l 2026-09-11 >"$OUT/sa_county_reallocs.out" 2>&1
	rc=$?
	small=$(awk '{ s += $1 } END { if (NR) print s }' "$OUT/sa_county_reallocs" 2>/dev/null)
	head -2 "$OUT/sa_county_reallocs.out" | cut -c1-200 | sed 's/^/# /'
	echo "# exit $rc; realloc()s growing a block by less than half: ${small:-none counted}"
	[ -n "$small" ] && [ "$small" -lt 10 ] 2>/dev/null
	ok $? "the to-do lists grow doubled: fewer than 10 realloc()s growing a block by less than half (one per action)"
else
	for t in days applicants services; do ok 1 "calloc() refused for the $t: the library did not build"; done
	ok 1 "the to-do lists grow doubled: the library did not build"
fi

# a connection lost in the middle: the program ends at once, saying so
before=$(psql -X -At -d "$DB" -c 'SELECT count(*) FROM service_affair.cases')
PGDATABASE=$DB "$SA" -n 4000 -t 2 -x 10 -q >"$OUT/sa_county_lost.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
	[ "$(psql -X -At -d "$DB" -c "SELECT count(*) > $before + 50 FROM service_affair.cases")" = t ] && break
	sleep 0.2
done
psql -X -At -d postgres -c "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '$DB' AND pid <> pg_backend_pid()" >/dev/null
waited=0
while kill -0 "$pid" 2>/dev/null && [ $waited -lt 100 ]; do sleep 0.1; waited=$((waited + 1)); done
if kill -0 "$pid" 2>/dev/null; then
	kill "$pid"
	ok 1 "a lost connection ends the simulation within 10 s (it was still running)"
else
	wait "$pid"
	rc=$?
	sed 's/^/# /' "$OUT/sa_county_lost.log" | head -3
	# the backend may be terminated inside a call ("lost during ...") or
	# between a day's calls and its sweep ("lost before sla_sweep", when the
	# sweep's PQsendQuery finds the connection gone; CI of 6a668ab)
	[ $rc = 1 ] && grep -Eq 'connection [0-9]+ lost (during|before) ' "$OUT/sa_county_lost.log"
	ok $? "a lost connection ends the simulation within 10 s, exit 1, \"connection N lost during/before ...\""
fi
PGOPTIONS="-c client_min_messages=warning" psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
echo "1..$n"
