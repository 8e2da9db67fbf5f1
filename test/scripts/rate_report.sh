#!/usr/bin/env bash
# The analysts' HTML report renders in a browser: load the sample county, run
# a short simulation (tools/sa_county), write tmp_check/report.html with
# demo/report_html.sql, render it in headless Chromium and check in the
# rendered DOM that each chart has the elements the data calls for; take a
# screenshot too.  Prints TAP.  Needs PGHOST/PGPORT (run by tools/run-tests.sh,
# suite "script").  Chromium is installed with apt-get when missing; only if
# that fails are the browser checks skipped.
set -u
cd "${SA_TOP:-$(dirname "$0")/../..}"
OUT=$PWD/tmp_check
mkdir -p "$OUT"
DB=sa_rate_report
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
q() { psql -X -At -d "$DB" -c "SET search_path = service_affair, public" -c "$1" | tail -1; }

PGOPTIONS="-c client_min_messages=warning" psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
psql -X -q -d "$DB" -c "CREATE EXTENSION service_affair"
rc=0
for f in demo/09_evidence_types.sql demo/10_county_catalog.sql demo/11_applicants.sql demo/13_second_region.sql demo/15_network.sql; do
	psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f "$f" >/dev/null || rc=1
done
ok $rc "sample county loaded"
make -s -C tools >/dev/null 2>&1
ok $? "tools/sa_county builds"
PGDATABASE=$DB build/tools/sa_county -n 600 -t 2 -x 20 -q >"$OUT/rate_report_sim.log" 2>&1
ok $? "a short simulated quarter runs ($(head -1 "$OUT/rate_report_sim.log" | cut -c1-120))"
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f demo/report_html.sql -o "$OUT/report.html"
ok $? "demo/report_html.sql writes tmp_check/report.html"

months=$(q "SELECT count(*) FROM satisfaction_overall")
depts=$(q "SELECT set_config('service_affair.as_of', (SELECT max(greatest(submitted_at, accepted_at, concluded_at))::text FROM cases), false) IS NOT NULL; SELECT count(DISTINCT c.department) FROM case_sla s JOIN cases c ON c.id = s.case_id")
segs=$(q "SELECT set_config('service_affair.as_of', (SELECT max(greatest(submitted_at, accepted_at, concluded_at))::text FROM cases), false) IS NOT NULL; SELECT count(*) FROM (SELECT DISTINCT c.department, s.state FROM case_sla s JOIN cases c ON c.id = s.case_id) x")
concluded=$(q "SELECT count(*) FROM cases WHERE status = 'concluded'")
collected=$(q "SELECT count(*) FROM cases WHERE delivered_at IS NOT NULL")
regions=$(q "SELECT count(DISTINCT region) FROM efficiency_region")
points=$(q "SELECT least(count(DISTINCT point), 10) FROM efficiency_point WHERE point IS NOT NULL")
online=$(q "SELECT coalesce(to_char(online_share * 100, 'FM990.0') || '%', '—') FROM catalog_indicators() WHERE department IS NULL AND region IS NULL")
[ "${months:-0}" -ge 3 ] && [ "${depts:-0}" -ge 5 ] && [ "${concluded:-0}" -gt 300 ] && [ "${points:-0}" -ge 1 ]
ok $? "the simulation produced data for every chart and table ($months months, $depts departments, $concluded concluded cases, $points receiving points)"
! grep -Eq '(src|href)=|url\(|@import' "$OUT/report.html"
ok $? "the report is self-contained (no external resources)"

# a department without a region (department.region may be NULL): its cases
# are a row of region NULL beside the overall row, also region NULL; the
# region table tells them by the column overall (until 2026-12-05 it joined
# the two region NULL rows of efficiency_period_region() to both of
# satisfaction_period_region() and printed four rows 'all')
nodept=$(q "SELECT department FROM cases GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
oldregion=$(q "SELECT region FROM department WHERE code = '$nodept'")
# (the check that a region's 通办 rows stay in their region, trigger
# item_implementation_region, would refuse the move: the sample county's
# item_implementation names this department's items; off around it)
q "ALTER TABLE department DISABLE TRIGGER item_implementation_region" >/dev/null
q "UPDATE department SET region = NULL WHERE code = '$nodept'" >/dev/null
total=$(q "SELECT sum(submitted) FROM efficiency_overall")
noreg=$(q "SELECT sum(submitted) FROM efficiency_region WHERE region IS NULL")
nregions=$(q "SELECT count(DISTINCT region) FROM efficiency_region")
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -f demo/report_html.sql -o "$OUT/report_noregion.html"
rc=$?
# the rows of the (first) region table: their first two cells (region, submitted)
rows=$(awk '/<table id="regions"/ { t = 1 } t; t && /<\/table>/ { exit }' "$OUT/report_noregion.html" | grep -o '<tr><td>[^<]*</td><td>[0-9]*</td>')
[ $rc = 0 ] && [ "${noreg:-0}" -gt 0 ] \
	&& [ "$(grep -c '^<tr><td>all</td>' <<<"$rows")" = 1 ] && grep -qx "<tr><td>all</td><td>$total</td>" <<<"$rows" \
	&& [ "$(grep -c '^<tr><td>no region</td>' <<<"$rows")" = 1 ] && grep -qx "<tr><td>no region</td><td>$noreg</td>" <<<"$rows" \
	&& [ "$(wc -l <<<"$rows")" = $((nregions + 2)) ] && grep -q "<table id=\"regions\" data-regions=\"$nregions\">" "$OUT/report_noregion.html"
ok $? "region table, $nodept without a region: one row 'no region' ($noreg cases), one row 'all' ($total), one per region ($nregions): $(grep -o '<td>[^<]*</td><td>[0-9]*</td>$' <<<"$rows" | tr -d '\n')"
q "UPDATE department SET region = '$oldregion' WHERE code = '$nodept'" >/dev/null
q "ALTER TABLE department ENABLE TRIGGER item_implementation_region" >/dev/null

# every text value from the database is escaped in the page, whatever the
# constraints on it today: region codes and point levels with markup (their
# CHECKs dropped in a transaction rolled back after the report) come out as
# text (until 2026-12-07 resc() escaped the names only, and the region code
# and the level went in as stored)
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -o "$OUT/report_escape.html" \
	-c "BEGIN" \
	-c "ALTER TABLE service_affair.department DROP CONSTRAINT department_region_check" \
	-c "ALTER TABLE service_affair.service_point DROP CONSTRAINT service_point_level_check" \
	-c "ALTER TABLE service_affair.department DISABLE TRIGGER item_implementation_region" \
	-c "UPDATE service_affair.department SET region = '<b class=\"inj\">' || region || '</b>' WHERE region IS NOT NULL" \
	-c "UPDATE service_affair.service_point SET level = '<i class=\"inj\">' || level || '</i>'" \
	-f demo/report_html.sql -c "ROLLBACK"
rc=$?
grep -o '<tr><td>[^/]*</td>' "$OUT/report_escape.html" | grep -m2 inj | sed 's/^/# /'
[ $rc = 0 ] && ! grep -q 'class="inj"' "$OUT/report_escape.html" \
	&& grep -q '<table id="regions".*' "$OUT/report_escape.html" \
	&& grep -qF '<tr><td>&lt;b class=&quot;inj&quot;&gt;' "$OUT/report_escape.html" \
	&& grep -qF '</td><td>&lt;i class=&quot;inj&quot;&gt;' "$OUT/report_escape.html" \
	&& [ "$(q "SELECT count(*) FROM department WHERE region LIKE '%inj%'")" = 0 ]
ok $? "region codes and point levels with markup: escaped in the page (they went in as stored), the database left as it was"

if ! command -v chromium >/dev/null 2>&1; then
	apt-get install -y chromium >/dev/null 2>&1 || true
fi
if ! command -v chromium >/dev/null 2>&1; then
	for t in "rendered DOM has the three charts" "trend chart" "SLA chart" "visits chart" "region table" "CJK font" "screenshot"; do
		n=$((n + 1)); echo "ok $n # SKIP no chromium ($t)"
	done
	exit 0
fi
profile=$(mktemp -d)
flags=(--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update
       --no-first-run --disable-dev-shm-usage --user-data-dir="$profile")
timeout 120 chromium "${flags[@]}" --dump-dom "file://$OUT/report.html" >"$OUT/report.dom.html" 2>"$OUT/chromium.log"
count() { grep -o "$1" "$OUT/report.dom.html" | wc -l; }
[ "$(count '<svg ')" = 3 ] && grep -q '<table id="headline">' "$OUT/report.dom.html"
ok $? "rendered DOM has the headline table and three svg charts"
[ "$(count '<circle class="pt"')" = $((2 * months)) ] && [ "$(count '<polyline class="line"')" = 2 ] \
	&& grep -q "data-points=\"$months\"" "$OUT/report.dom.html"
ok $? "trend chart: a good-rate and a bad-rate point for each of the $months months, two lines"
[ "$(count '<rect class="seg"')" = "$segs" ] && [ "$(count '<text class="dept"')" = "$depts" ]
ok $? "SLA chart: one bar per department ($depts) and one segment per non-empty state ($segs)"
[ "$(count '<rect class="bar"')" = 4 ] && [ "$(count '<rect class="sbar"')" = 4 ] && grep -q "data-cases=\"$collected\"" "$OUT/report.dom.html"
ok $? "visits chart: four buckets (0, 1, 2, 3+), promise and strict, over the $collected collected cases"
grep -q "<table id=\"regions\" data-regions=\"$regions\">" "$OUT/report.dom.html" && [ "${regions:-0}" -ge 2 ]
ok $? "region table: one row per region of the handling departments ($regions)"
grep -q "<table id=\"points\" data-rows=\"$points\">" "$OUT/report.dom.html" \
	&& grep -q "catalog_indicators)</td><td>$online</td>" "$OUT/report.dom.html"
ok $? "point table: the top receiving points ($points); 网上可办 from catalog_indicators() ($online)"
fc-list :lang=zh family 2>/dev/null | grep -q "Noto Sans CJK"
ok $? "a CJK font (Noto Sans CJK, fonts-noto-cjk) renders the Chinese text of the screenshot"
rm -f "$OUT/report.png"
timeout 120 chromium "${flags[@]}" --window-size=1200,2700 --screenshot="$OUT/report.png" "file://$OUT/report.html" >>"$OUT/chromium.log" 2>&1
[ -s "$OUT/report.png" ] && [ "$(stat -c %s "$OUT/report.png")" -gt 20000 ]
ok $? "screenshot tmp_check/report.png taken ($(stat -c %s "$OUT/report.png" 2>/dev/null || echo 0) bytes)"
rm -rf "$profile"
PGOPTIONS="-c client_min_messages=warning" psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB"
