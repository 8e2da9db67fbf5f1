#!/usr/bin/env bash
# The counts of archived months are restored once (doc/deployment.md,
# "Other ways of restoring", data-only).  They have no key, and until
# 2026-12-07 a data-only restore into a database that held them already
# (pg_restore without --exit-on-error goes on past errors: a restore run a
# second time) added them again while every other table refused its rows
# with 23505: the analysts' views, which add them, counted the archived
# month twice, in tables that refuse DELETE.  On a small county with May
# 2026 archived (archive_history_month(), rows in all six counts tables):
#   1. a full pg_restore into a new database: the counts as in the source;
#   2. pg_restore --data-only of the county again into it: exit 1, each
#      counts table refused (23505, "in ... already"), the counts unchanged;
#   3. a data-only restore into a new database (CREATE EXTENSION, the pre-data
#      less its CREATE SCHEMA): the counts as in the source, none refused;
#   4. pg_dump --inserts restored in one transaction: the same.
# Uses the running cluster named by PGHOST/PGPORT/PGUSER.  Prints TAP.
set -uo pipefail
cd "${SA_TOP:-$(dirname "$0")/../..}"
source "$(dirname "$0")/lib/tap.sh"
BIN=$("${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}" --bindir)
SRC=sa_aro_src
DBS="sa_aro_full sa_aro_data sa_aro_ins"
scratch_dbs sa_aro $SRC $DBS
TABLES="efficiency_archived satisfaction_archived item_cases_archived data_sharing_archived one_licence_archived licence_monthly_archived"
counts() { # database: the row count of each counts table
	local t out=""
	for t in $TABLES; do out="$out $t=$(q -d "$1" -c "SELECT count(*) FROM service_affair.$t" 2>&1)"; done
	echo "${out# }"
}

rc=0
q -d "$SRC" -c "SET client_min_messages = warning" -c "CREATE EXTENSION service_affair CASCADE" >"$WORK/load.log" 2>&1 || rc=1
for f in demo/09_evidence_types.sql demo/10_county_catalog.sql demo/11_applicants.sql demo/13_licences.sql; do
	q -d "$SRC" -f "$f" >>"$WORK/load.log" 2>&1 || rc=1
done
# May 2026 (test/scripts/lib/may_2026.sql, as test/scripts/dump_county.sh), archived
q -d "$SRC" >>"$WORK/load.log" 2>&1 <<'SQL' || rc=1
SET client_min_messages = warning;
\i test/scripts/lib/may_2026.sql
SELECT service_affair.archive_history_month('2026-05-01') > 0 AS archived;
SQL
before=$(counts "$SRC")
[ $rc = 0 ] && ! grep -q '=0\b' <<<"$before"
tap $? "a county with May 2026 archived: rows in every counts table ($before)"
[ $rc = 0 ] || tail -3 "$WORK/load.log" | sed 's/^/# /'
"$BIN/pg_dump" -Fc -d "$SRC" -f "$WORK/full.dump" 2>"$WORK/dump.log" &&
	"$BIN/pg_dump" -Fc --data-only -d "$SRC" -f "$WORK/data.dump" 2>>"$WORK/dump.log" &&
	"$BIN/pg_dump" --inserts -d "$SRC" -f "$WORK/ins.sql" 2>>"$WORK/dump.log"
tap $? "pg_dump -Fc, -Fc --data-only, --inserts"

# 1. a full restore
"$BIN/pg_restore" --exit-on-error -d sa_aro_full "$WORK/full.dump" >"$WORK/r1.log" 2>&1
tap $? "pg_restore --exit-on-error into a new database"
check "... the counts as in the source" "$(counts sa_aro_full)" "$before"

# 2. the data restored again: refused at each counts table, nothing added
"$BIN/pg_restore" --data-only -d sa_aro_full "$WORK/data.dump" >"$WORK/r2.log" 2>&1
rc=$?
check "pg_restore --data-only into the restored county: exit 1 (errors)" "$rc" 1
check "... the counts unchanged (were added a second time)" "$(counts sa_aro_full)" "$before"
refused=0
for t in $TABLES; do grep -q "the counts of an archived month are in $t already" "$WORK/r2.log" && refused=$((refused + 1)); done
check "... each counts table refused with its message" "$refused" 6
grep -m1 -A1 'archived month are in' "$WORK/r2.log" | cut -c1-300 | sed 's/^/# /'

# 3. a data-only restore into a new database
q -d sa_aro_data -c "SET client_min_messages = warning" -c "CREATE EXTENSION service_affair CASCADE" >/dev/null
"$BIN/pg_restore" -l "$WORK/full.dump" | grep -v ' SCHEMA - service_affair ' >"$WORK/pre.list"
"$BIN/pg_restore" --exit-on-error --section=pre-data -L "$WORK/pre.list" -d sa_aro_data "$WORK/full.dump" >"$WORK/r3.log" 2>&1 &&
	"$BIN/pg_restore" --exit-on-error --data-only -d sa_aro_data "$WORK/data.dump" >>"$WORK/r3.log" 2>&1
tap $? "a data-only restore into a new database (CREATE EXTENSION, the pre-data less CREATE SCHEMA)"
grep -m2 ERROR "$WORK/r3.log" | cut -c1-300 | sed 's/^/# /'
check "... the counts as in the source" "$(counts sa_aro_data)" "$before"

# 4. one INSERT per row, in one transaction
psql -X -q -v ON_ERROR_STOP=1 --single-transaction -d sa_aro_ins -f "$WORK/ins.sql" >"$WORK/r4.log" 2>&1
tap $? "pg_dump --inserts restored by psql --single-transaction"
grep -m2 ERROR "$WORK/r4.log" | cut -c1-300 | sed 's/^/# /'
check "... the counts as in the source" "$(counts sa_aro_ins)" "$before"

echo "1..$n"
[ "$failed" = 0 ]
