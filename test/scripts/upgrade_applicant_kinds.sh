#!/usr/bin/env bash
# The update from 0.1.0 and one applicant per identifier (doc/deployment.md,
# "From 0.1.0: one applicant per identifier"; doc/access.md, "One
# identifier, one applicant").  0.1.0 registered a person and an
# organisation under eighteen characters valid as both a resident id and a
# USCC; 0.2.0's unique index applicant_identifier_chars refuses such a pair.
# A 0.1.0 database that holds one:
#   - the update refuses it (55000), naming each pair (the characters masked,
#     the applicants' ids), and changes nothing (until 2026-12-06 it took it,
#     and every lookup by those characters was refused, 22023 ambiguous);
#   - once the DBA deleted the wrong applicant, it updates, and the
#     index refuses the pair written by hand again (23505).
# Uses the running cluster named by PGHOST/PGPORT/PGUSER.  Prints TAP.
set -uo pipefail
source "$(dirname "$0")/lib/tap.sh"
CUR=$(q -d postgres -c "SELECT default_version FROM pg_available_extensions WHERE name = 'service_affair'")
PREV=$(sed -n 's/^PREVVERSION *= *//p' "$SA_TOP/Makefile")
scratch_db sa_up_kinds

# 330225196105233460 is a valid resident id and a valid USCC (checked below)
q -d "$db" -o /dev/null <<SQL
CREATE EXTENSION service_affair VERSION '$PREV';
SET search_path = service_affair;
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', '张三');
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '330225196105233460', '某人');
INSERT INTO applicant (kind, uscc, name) VALUES ('org', '330225196105233460', '某公司');
SQL
check "the characters of the fixture are valid as both kinds" \
	"$(dbq "SELECT service_affair.is_valid_resident_id('330225196105233460') AND service_affair.is_valid_uscc('330225196105233460')")" t
per=$(dbq "SELECT id FROM service_affair.applicant WHERE resident_id::text = '330225196105233460'")
org=$(dbq "SELECT id FROM service_affair.applicant WHERE uscc::text = '330225196105233460'")

out=$(psql -X -q -At -v ON_ERROR_STOP=1 -v VERBOSITY=verbose -d "$db" -c "ALTER EXTENSION service_affair UPDATE TO '$CUR'" 2>&1)
rc=$?
[ $rc != 0 ] && grep -q "ERROR:  55000: a person and an organisation carry the same identifier (1 pairs)" <<<"$out"
tap $? "$PREV -> $CUR: a person and an organisation under the same characters: the update is refused, 55000"
grep -q "DETAIL:  .*330225\*\*\*\*\*\*\*\*3460: person $per, organisation $org\." <<<"$out"
tap $? "... the detail names both applicants, the characters masked"
! grep -q "330225196105233460" <<<"$out"
tap $? "... and shows the characters nowhere in clear"
grep -q 'HINT:  .*doc/deployment.md, "From 0.1.0: one applicant per identifier"' <<<"$out"
tap $? "... the hint points to the doc"
check "... nothing changed: still $PREV" "$(dbq "SELECT extversion FROM pg_extension WHERE extname = 'service_affair'")" "$PREV"
echo "$out" | sed -n '1,4s/^/# /p'

dbq "DELETE FROM service_affair.applicant WHERE id = $org" >/dev/null
out=$(dbq "ALTER EXTENSION service_affair UPDATE TO '$CUR'")
tap $? "once the wrong applicant is gone, the update runs${out:+ ($out)}"
check "... to $CUR" "$(dbq "SELECT extversion FROM pg_extension WHERE extname = 'service_affair'")" "$CUR"
check "... and the index refuses the pair written by hand" \
	"$(psql -X -At -d "$db" -c "INSERT INTO service_affair.applicant (kind, uscc, name) VALUES ('org', '330225196105233460', '某公司')" 2>&1 | sed -n 's/^ERROR:  \(duplicate key value violates unique constraint "[a-z_]*"\).*/\1/p')" \
	'duplicate key value violates unique constraint "applicant_identifier_chars"'

echo "1..$n"
[ $failed = 0 ]
