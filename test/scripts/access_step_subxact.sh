#!/usr/bin/env bash
# A step at the window (lock_case() -> require_case_step(): supplement(),
# withdraw(), record_visit(), deliver()) sets up no subtransaction for its
# access decision: until 2026-12-06 require_case_step() caught
# require_case()'s 42501 in a PL/pgSQL EXCEPTION block, a subtransaction at
# every step of a clerk of the case's region and at every refusal (a
# review).  PostgreSQL 15 counts subtransactions nowhere a query can read;
# at client_min_messages = debug5 the server reports each one it starts
# ("StartSubTransaction"), counted here around an allowed and a refused
# step (test/pgtap/access_case_no_subxact.sql reads the same from the
# catalog).  Uses the running cluster named by PGHOST/PGPORT/PGUSER.  Prints
# TAP.
set -u
source "$(dirname "$0")/lib/tap.sh"
TOP=${SA_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
scratch_db sa_access_subxact
echo "1..5"
check "CREATE EXTENSION service_affair" "$(dbq "CREATE EXTENSION service_affair")" "CREATE EXTENSION"
# one transaction, rolled back (the fixture's roles with it); the refused
# step last, its error ends the session
out=$(psql -X -q -At -d "$db" 2>&1 <<EOF
BEGIN;
SET search_path = service_affair, public;
\ir $TOP/test/pgtap/access_fixture.inc
SET LOCAL ROLE access_clerk;
\warn mark:allowed
SET client_min_messages = debug5;
SELECT 'visited' FROM (SELECT record_visit(:c_m, '2026-11-18 10:30+08', 'asks')) v;
SET client_min_messages = warning;
\warn mark:refused
SET LOCAL ROLE access_clerk_h;
SET client_min_messages = debug5;
SELECT record_visit(:c_m, '2026-11-18 10:40+08', 'asks');
EOF
)
# the lines of each part: from its mark to the next
part() { printf '%s\n' "$out" | awk -v m="mark:$1" 'index($0, "mark:") { on = index($0, m) > 0; next } on'; }
allowed=$(part allowed)
refused=$(part refused)
check "a clerk of the case's region takes the step" "$(printf '%s\n' "$allowed" | grep -c '^visited$')" "1"
check "... and no subtransaction is started for it" "$(printf '%s\n' "$allowed" | grep -c 'DEBUG:  StartSubTransaction')" "0"
check "a clerk of another region is refused (42501, the steps' words)" \
	"$(printf '%s\n' "$refused" | grep -c 'ERROR:  permission denied for case')" "1"
check "... and no subtransaction is started for the refusal" "$(printf '%s\n' "$refused" | grep -c 'DEBUG:  StartSubTransaction')" "0"
[ "$failed" = 0 ] || { printf '%s\n' "$out" | grep -v 'DEBUG:  \(parse\|bind\|ProcessQuery\|ProcessUtility\)' | grep -v '^DEBUG' | tail -40 >&2; }
exit "$failed"
