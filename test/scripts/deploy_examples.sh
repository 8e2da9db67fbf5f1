#!/usr/bin/env bash
# The SQL of doc/deployment.md that a DBA runs on one node, read from the doc
# and run as written, on the demo county's catalog (demo/09, demo/10, as the
# doc says its department and item are):
#  1. "Roles": the staff roles, the application login (NOINHERIT), the
#     analysts' logins, create_roles();
#  2. "The application": its two transactions, run as the application login:
#     the clerk's submit() is accepted (the applicant registered first, as the
#     doc says) and the reviewer's claim_task()/complete_task() concludes it;
#     the events record the two staff members; without SET LOCAL ROLE the
#     login reads no case (42501), as the doc says;
#  3. "Backups": the restoring() example gives f, f, t as its comments say.
# Until 2026-12-05 the submit of section 2 left out id_card, the case was
# returned and complete_task(NULL) failed 22023.  Prints TAP; needs
# PGHOST/PGPORT of a superuser (tools/run-tests.sh, suite "script").  Makes
# the doc's roles (cluster-wide) and drops them at the end.
set -u
cd "${SA_TOP:-$(dirname "$0")/../..}" || exit 1
source test/scripts/lib/tap.sh
doc=doc/deployment.md
roles="wang_li, zhao_min, app_window, analyst_chen, web_public"
drop_roles() { psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP ROLE IF EXISTS $roles" >/dev/null 2>&1; }
db=sa_deploy_examples
psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
drop_roles
trap 'psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1; drop_roles' EXIT
# sql_block HEADING: the first ```sql block under the "## HEADING" of the doc
sql_block() {
	awk -v h="## $1" '/^## /{inh = (index($0, h) == 1)} inh && /^```sql/{p = 1; next} p && /^```/{exit} p' "$doc"
}
q -d "$db" -c "CREATE EXTENSION service_affair" >/dev/null
for f in demo/09_evidence_types.sql demo/10_county_catalog.sql; do
	q -d "$db" -f "$f" >/dev/null || tap 1 "load $f"
done

roles_sql=$(sql_block Roles)
out=$(printf '%s\n' "$roles_sql" | psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" 2>&1)
tap $? "the \"Roles\" block runs as written${out:+: $out}"
check "app_window is a NOINHERIT login granted wang_li and zhao_min" \
	"$(q -d "$db" -c "SELECT r.rolcanlogin, r.rolinherit, (SELECT string_agg(g.rolname, ',' ORDER BY g.rolname) FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = r.oid) FROM pg_roles r WHERE r.rolname = 'app_window'")" \
	"t|f|wang_li,zhao_min"

# the applicant of the example, registered (the doc: "registered: an unknown one is 23503")
id=$(sed -n "s/.*service_affair.submit('market_food_licence', '\([0-9X]*\)'.*/\1/p" "$doc" | head -1)
q -d "$db" -U app_window -c "BEGIN" -c "SET LOCAL ROLE wang_li" \
	-c "SELECT service_affair.register_applicant('person', '$id', 'Doc Applicant')" -c "COMMIT" >/dev/null
app_sql=$(sql_block 'The application')
out=$(printf '%s\n' "$app_sql" | psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" -U app_window 2>&1)
st=$?
case_id=$(printf '%s\n' "$out" | head -1)
tap $st "the application's two transactions run as written as app_window (got '$(printf '%s' "$out" | tr '\n' ' ' | cut -c1-300)')"
check "the clerk's case is accepted, then concluded by the reviewer" \
	"$(q -d "$db" -c "SELECT status FROM service_affair.cases WHERE id = '${case_id:-0}'")" "concluded"
check "its events name the clerk and the reviewer" \
	"$(q -d "$db" -c "SELECT string_agg(DISTINCT actor, ',') FROM service_affair.case_event WHERE case_id = '${case_id:-0}'")" "wang_li,zhao_min"
check "without SET LOCAL ROLE app_window reads no case (42501)" \
	"$(psql -X -At -v VERBOSITY=verbose -d "$db" -U app_window -c "SELECT count(*) FROM service_affair.cases" 2>&1 | sed -n 's/^ERROR:  \([0-9A-Z]\{5\}\):.*/\1/p')" "42501"

# restoring(): the lines of the doc's example, each result as its comment states
# (a block of a list item: indented)
rest=$(awk '/^ *```sql/{p = 1; next} /^ *```/{if (p && b ~ /restoring\(\)/) {print b; exit} p = 0; b = ""; next} p {sub(/^ +/, ""); b = b $0 "\n"}' "$doc")
want=$(printf '%s\n' "$rest" | sed -n 's/.*SELECT service_affair.restoring(); *-- \([tf]\).*/\1/p' | tr '\n' ' ')
got=$(printf '%s\n' "$rest" | sed 's/ *--.*//' | psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" 2>&1 | tr '\n' ' ')
[ -n "$want" ] || want="(no restoring() example with its results in $doc)"
check "the restoring() example gives what its comments state" "$got" "$want"

echo "1..$n"
[ $failed = 0 ]
