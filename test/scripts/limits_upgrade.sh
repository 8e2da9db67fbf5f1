#!/usr/bin/env bash
# The CHECKs of 0.2.0 on the time limits of a case (cases.promised_limit,
# case_material.tolerance_days: never negative, 2026-12-06) across the
# 0.1.0 -> 0.2.0 update (sql/upgrade/0.1.0--0.2.0/40_cases.sql): 0.1.0 had
# none; a row holding a negative one stops the update with 23514 naming the
# rows, and once the DBA has set them the update runs and the checks hold on
# the parents and their partitions.  Uses the running cluster named by
# PGHOST/PGPORT/PGUSER.  Prints TAP.
set -u
source "$(dirname "$0")/lib/tap.sh"
scratch_db sa_limits_upgrade
echo "1..6"

st=0
dbq "CREATE EXTENSION service_affair VERSION '0.1.0'" >/dev/null || st=1
q -d "$db" >/dev/null <<'SQL' || st=1
SET search_path = service_affair, pg_catalog;
INSERT INTO department (code, name, region) VALUES ('LU', 'Limits upgrade', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit)
VALUES ('lu_a', 'Four days', 'LU', 'promised', 20, 4);
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'LU Person');
SELECT submit('lu_a', (SELECT id FROM applicant WHERE name = 'LU Person'), '{}', 'window', '{}', '2026-03-02 10:00+08')
  FROM generate_series(1, 2);
-- written past the API (0.1.0 let them): a negative promised limit, a
-- negative tolerance
UPDATE cases SET promised_limit = -2 WHERE id = (SELECT min(id) FROM cases);
INSERT INTO case_material (case_id, material, name, required, initial_status, status, tolerance_days)
VALUES ((SELECT max(id) FROM cases), 'lu_m', 'A material', true, 'present', 'present', -3);
SQL
tap $st "0.1.0: two cases, one with a negative promised_limit, a material with negative tolerance_days"
first=$(dbq "SELECT min(id) FROM service_affair.cases")
last=$(dbq "SELECT max(id) FROM service_affair.cases")
out=$(psql -X -At -d "$db" -v VERBOSITY=verbose -c "ALTER EXTENSION service_affair UPDATE TO '0.2.0'" 2>&1)
check "the update stops with 23514 naming both rows" \
	"$(printf '%s\n' "$out" | grep -E '^(ERROR|DETAIL)' | sed -E 's/^ERROR:  23514: /ERROR: /')" \
	"ERROR: 2 rows of cases or case_material hold a negative time limit, which 0.2.0 refuses
DETAIL:  case $first: promised_limit -2; case $last, material 'lu_m': tolerance_days -3."
check "and changes nothing (still 0.1.0)" "$(dbq "SELECT extversion FROM pg_extension WHERE extname = 'service_affair'")" "0.1.0"
dbq "UPDATE service_affair.cases SET promised_limit = 4 WHERE id = $first" >/dev/null
dbq "UPDATE service_affair.case_material SET tolerance_days = 3 WHERE case_id = $last AND material = 'lu_m'" >/dev/null
check "the rows set, the update runs" "$(dbq "ALTER EXTENSION service_affair UPDATE TO '0.2.0'")" "ALTER EXTENSION"
check "then the checks hold, validated, on the parents and their partitions" \
	"$(dbq "SELECT string_agg(c.conrelid::regclass::text || ' ' || c.conname, ', ' ORDER BY c.conrelid::regclass::text, c.conname)
	          FROM pg_constraint c
	         WHERE c.conname IN ('cases_row', 'case_material_row') AND c.convalidated
	           AND (pg_get_constraintdef(c.oid) LIKE '%, promised_limit))' OR pg_get_constraintdef(c.oid) LIKE '%, tolerance_days))')")" \
	"service_affair.case_material case_material_row, service_affair.case_material_active case_material_row, service_affair.case_material_settled case_material_row, service_affair.cases cases_row, service_affair.cases_active cases_row, service_affair.cases_settled cases_row"
check "and a negative one written directly is 23514" \
	"$(psql -X -At -d "$db" -v VERBOSITY=verbose -c "UPDATE service_affair.cases SET promised_limit = -1 WHERE id = $first" 2>&1 | head -1 | cut -d: -f1-2)" \
	"ERROR:  23514"
[ $failed = 0 ]
