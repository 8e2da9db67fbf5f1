#!/usr/bin/env bash
# Dump/restore check of the intake tables: pg_dump -Fc a populated database,
# pg_restore it into a fresh one, compare every catalog and case table, and
# check that the restored sequences continue after the restored rows.
# Uses the running cluster named by PGHOST/PGPORT/PGUSER (e.g. the throwaway
# cluster of tools/run-tests.sh).  Prints TAP; exits non-zero on any failure.
set -euo pipefail
PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
BIN=$("$PG_CONFIG" --bindir)
SRC=sa_dump_src
DST=sa_dump_dst
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sa_dump.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
n=0
failed=0
tap() { # status description
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi
}
q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $SRC" -c "DROP DATABASE IF EXISTS $DST" -c "CREATE DATABASE $SRC" -c "CREATE DATABASE $DST"
q -d "$SRC" -c "CREATE EXTENSION service_affair CASCADE"
q -d "$SRC" -o /dev/null <<'SQL'
SET search_path = service_affair;
INSERT INTO department (code, name, region) VALUES ('DM_MKT', 'Market', '330225'), ('DM_HLT', 'Health', '330226');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, tolerance_days, online, mobile) VALUES
  ('dm_biz', 'Business licence', 'DM_MKT', 'promised', 20, 5, 3, true, true),
  ('dm_food', 'Food permit', 'DM_HLT', 'promised', 20, 10, 5, true, false),
  ('dm_seal', 'Seal', 'DM_MKT', 'immediate', NULL, NULL, 5, true, false);
INSERT INTO evidence_type (code, name) VALUES ('id_card', 'ID card');
INSERT INTO material (item, code, name, required, tolerable, evidence_type, commitment_allowed, applies_to) VALUES
  ('dm_biz', 'form', 'Form', true, false, NULL, false, 'any'),
  ('dm_biz', 'id', 'ID card', true, false, 'id_card', false, 'person'),
  ('dm_biz', 'lease', 'Lease', true, true, NULL, false, 'any'),
  ('dm_biz', 'pledge', 'Pledge', true, false, NULL, true, 'any'),
  ('dm_food', 'form', 'Form', true, false, NULL, false, 'any'),
  ('dm_food', 'health', 'Health certificate', true, false, NULL, false, 'any');
INSERT INTO bundle (code, name, lead_department) VALUES ('dm_shop', 'Open a shop', 'DM_MKT');
INSERT INTO bundle_item (bundle, item, stage) VALUES ('dm_shop', 'dm_biz', 1), ('dm_shop', 'dm_food', 2);
INSERT INTO applicant (kind, resident_id, uscc, name, credit_ok) VALUES
  ('person', '11010519491231002X', NULL, 'Zhang San', true),
  ('org', NULL, '91110000600037341L', 'Org Ltd', false);
INSERT INTO evidence (applicant, evidence_type, reference, valid_until)
SELECT id, 'id_card', 'eID', '2027-01-01' FROM applicant WHERE name = 'Zhang San';
SELECT submit('dm_biz', (SELECT id FROM applicant WHERE name = 'Zhang San'), '{form}', 'window', '{pledge}', '2026-11-18 10:00+08');
SELECT supplement(submit('dm_shop', (SELECT id FROM applicant WHERE name = 'Zhang San'), '{form}', 'online', '{}', '2026-11-18 10:00+08'),
                  '{health, pledge}', '2026-11-19 10:00+08', 'window');
SELECT withdraw(submit('dm_biz', (SELECT id FROM applicant WHERE name = 'Org Ltd'), '{}', 'mobile', '{}', '2026-11-18 11:00+08'),
                '2026-11-20 10:00+08');
SELECT record_visit(submit('dm_seal', (SELECT id FROM applicant WHERE name = 'Org Ltd'), '{}', 'kiosk', '{}', '2026-11-18 12:00+08'),
                    '2026-11-18 13:00+08', 'pick up');
SQL

rc=0; "$BIN/pg_dump" -Fc -f "$WORK/src.dump" "$SRC" 2>"$WORK/dump.err" || rc=$?
tap $rc "pg_dump of a populated database"
[ $rc = 0 ] || cat "$WORK/dump.err" >&2
rc=0; "$BIN/pg_restore" --exit-on-error -d "$DST" "$WORK/src.dump" 2>"$WORK/restore.err" || rc=$?
tap $rc "pg_restore into a fresh database"
[ $rc = 0 ] || cat "$WORK/restore.err" >&2

for t in department item material bundle bundle_item applicant evidence cases case_material case_event; do
	sql="COPY (SELECT x::text FROM service_affair.$t x ORDER BY x::text) TO STDOUT"
	q -d "$SRC" -c "$sql" >"$WORK/$t.src"
	q -d "$DST" -c "$sql" >"$WORK/$t.dst" 2>/dev/null || true
	rows=$(wc -l <"$WORK/$t.src")
	if [ "$rows" -gt 0 ] && cmp -s "$WORK/$t.src" "$WORK/$t.dst"; then rc=0; else rc=1; fi
	tap $rc "table $t restored identically ($rows rows)"
	[ $rc = 0 ] || diff "$WORK/$t.src" "$WORK/$t.dst" | head -10 >&2 || true
done

# the restored sequences continue after the restored rows
rc=0
out=$(q -d "$DST" -At <<'SQL'
SET search_path = service_affair;
SELECT submit('dm_biz', (SELECT id FROM applicant WHERE name = 'Zhang San'), '{form, lease}', 'online', '{pledge}', '2026-11-21 10:00+08')
       > (SELECT max(id) FROM cases);
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '330225198001010018', 'Li Si') RETURNING id > 2;
SQL
) || rc=$?
[ "$out" = "$(printf 't\nt')" ] || rc=1
tap $rc "restored database takes new cases and applicants without key collisions"

q -d postgres -c "DROP DATABASE $SRC" -c "DROP DATABASE $DST"
echo "1..$n"
[ $failed = 0 ]
