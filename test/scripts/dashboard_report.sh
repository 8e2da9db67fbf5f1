#!/usr/bin/env bash
# demo/90_dashboard_show.sql writes tmp_check/report.html through a temporary
# file renamed on success: a failed report query leaves the former report in
# place (until 2026-12-05 \o emptied it before the query ran, and a failure
# left an empty report).  The failure is made by renaming case_sla, which
# only the report reads, in a throwaway database; run with ON_ERROR_STOP (as
# tools/demo.sh) and without.  Prints TAP.  Needs PGHOST/PGPORT (run by
# tools/run-tests.sh, suite "script").
set -u
cd "${SA_TOP:-$(dirname "$0")/../..}"
TOP=$PWD
OUT=$PWD/tmp_check/dashboard_report
rm -rf "$OUT"
mkdir -p "$OUT/tmp_check"
DB=sa_dashboard_report
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }

PGOPTIONS="-c client_min_messages=warning" psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
psql -X -q -d "$DB" -c "CREATE EXTENSION service_affair"
ok $? "a database with the extension (no data: the dashboard reads empty views)"

show() { # psql options...: run the dashboard from $OUT (its tmp_check/ is the scratch one)
	(cd "$OUT" && psql -X -q -P pager=off -d "$DB" "$@" -f "$TOP/demo/90_dashboard_show.sql") >"$OUT/show.log" 2>&1
}
former='<html><body>the former report</body></html>'

echo "$former" >"$OUT/tmp_check/report.html"
show -v ON_ERROR_STOP=1
rc=$?
[ $rc = 0 ] && grep -q '<svg' "$OUT/tmp_check/report.html" && [ ! -e "$OUT/tmp_check/report.html.tmp" ]
ok $? "a report that succeeds replaces the former one (exit $rc), no temporary file left"

psql -X -q -d "$DB" -c "ALTER VIEW service_affair.case_sla RENAME TO case_sla_away"
echo "$former" >"$OUT/tmp_check/report.html"
show -v ON_ERROR_STOP=1
rc=$?
grep -m1 'ERROR' "$OUT/show.log" | sed 's/^/# /'
[ $rc != 0 ] && [ "$(cat "$OUT/tmp_check/report.html")" = "$former" ]
ok $? "a failed report query with ON_ERROR_STOP: psql fails (exit $rc), the former report.html is kept"

echo "$former" >"$OUT/tmp_check/report.html"
show
rc=$?
grep -m1 'report failed' "$OUT/show.log" | sed 's/^/# /'
[ "$(cat "$OUT/tmp_check/report.html")" = "$former" ] && grep -q 'the HTML report failed' "$OUT/show.log"
ok $? "without ON_ERROR_STOP: the former report.html is kept, and the output says the report failed"

# an error earlier in the dashboard (complaint_items, which the report does
# not read) does not count against the report
psql -X -q -d "$DB" -c "ALTER VIEW service_affair.case_sla_away RENAME TO case_sla" \
	-c "ALTER VIEW service_affair.complaint_items RENAME TO complaint_items_away"
echo "$former" >"$OUT/tmp_check/report.html"
show
grep -m1 'ERROR' "$OUT/show.log" | sed 's/^/# /'
grep -q '<svg' "$OUT/tmp_check/report.html" && [ ! -e "$OUT/tmp_check/report.html.tmp" ] && ! grep -q 'report failed' "$OUT/show.log"
ok $? "without ON_ERROR_STOP, an earlier error of the session does not hold back a report that succeeds"

PGOPTIONS="-c client_min_messages=warning" psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
echo "1..$n"
