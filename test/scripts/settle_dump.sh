#!/usr/bin/env bash
# Settled history survives pg_dump and pg_restore (issue 17, part 1.1; doc/scale.md,
# "Slice 2: settling"): settle_cases() makes month partitions of the history at
# run time, outside the extension; pg_dump dumps them as tables of their own
# (with their keys and indexes) and their rows, pg_restore --exit-on-error puts
# them back under the extension's parents without an error, every row in the
# same partition, and the restored database settles and takes cases as before.
# A month archived (slice 3: archive_history_month()) is dumped and restored
# as plain tables of the archive schema, with its rows and no grants.
# An index on a parent is cloned onto each level and month, and the dump's
# copies of it do not restore: the control makes one and shows it.
set -u
cd "${SA_TOP:-$(dirname "$0")/../..}"
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
q() { psql -X -At -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 777 "$tmp"
for d in sa_settle_a sa_settle_b sa_settle_c sa_settle_d; do
	PGOPTIONS="-c client_min_messages=warning" psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $d" -c "CREATE DATABASE $d"
done
psql -X -q -v ON_ERROR_STOP=1 -d sa_settle_a <<'SQL'
CREATE EXTENSION service_affair;
SET search_path = service_affair, public;
INSERT INTO department (code, name, region) VALUES ('SD_D', 'Settle dump', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit) VALUES ('sd_item', 'Item', 'SD_D', 'promised', 20, 5);
INSERT INTO material (item, code, name) VALUES ('sd_item', 'form', 'Form');
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Dump Person');
-- August: withdrawn after acceptance (a cancelled task), rated badly and the
-- rectification closed; September: returned; October: open (accepted)
SELECT withdraw(submit('sd_item', 1, '{form}', 'window', '{}', '2026-08-03 09:00+08'), '2026-08-03 10:00+08');
SELECT record_callback(rate(c.id, 1, 'window', 'slow', '2026-08-04 10:00+08'), '2026-08-04 11:00+08') FROM cases c;
SELECT close_rectification(r.id, 'apologised', '2026-08-05 10:00+08') FROM rating r;
SELECT submit('sd_item', 1, '{}', 'window', '{}', '2026-09-03 09:00+08');
SELECT submit('sd_item', 1, '{form}', 'window', '{}', '2026-10-03 09:00+08');
SQL
ok $? "a county with a withdrawn, a returned and an open case"
[ "$(q sa_settle_a "SELECT service_affair.settle_cases('2027-06-01 00:00+08')")" = 2 ]
ok $? "settle_cases() settles the withdrawn and the returned case"
state="SELECT string_agg(x, ' ' ORDER BY x) FROM (
  SELECT 'cases:' || id || ':' || tableoid::regclass FROM service_affair.cases
  UNION ALL SELECT 'case_material:' || case_id || ':' || material || ':' || tableoid::regclass FROM service_affair.case_material
  UNION ALL SELECT 'case_event:' || case_id || ':' || id || ':' || kind || ':' || tableoid::regclass FROM service_affair.case_event
  UNION ALL SELECT 'task:' || id || ':' || status || ':' || tableoid::regclass FROM service_affair.task
  UNION ALL SELECT 'rating:' || id || ':' || tableoid::regclass FROM service_affair.rating
  UNION ALL SELECT 'rectification:' || rating_id || ':' || tableoid::regclass FROM service_affair.rectification) s(x)"
before=$(q sa_settle_a "$state")
echo "$before" | grep -q 'cases_settled_202608' && echo "$before" | grep -q 'cases_settled_202609' \
	&& echo "$before" | grep -q 'rectification_settled_202608' && echo "$before" | grep -q 'cases:[0-9]*:service_affair.cases_active'
ok $? "the history holds two months, the open case is in cases_active"
# August leaves the history for the archive schema (slice 3): dumped and restored as plain tables
archive="SELECT string_agg(x, ' ' ORDER BY x) FROM (
  SELECT c.relname || ':' || (SELECT count(*) FROM aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) a WHERE a.grantee <> c.relowner) || ':' || (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM service_affair_archive.%I', c.relname), false, true, '')))[1]::text
    FROM pg_class c WHERE c.relnamespace = 'service_affair_archive'::regnamespace AND c.relkind = 'r') s(x)"
[ "$(q sa_settle_a "SELECT service_affair.archive_history_month('2026-08-01')")" -gt 0 ] \
	&& [ "$(q sa_settle_a "SELECT count(*) FROM service_affair.history_partitions WHERE month = '2026-08-01'")" = 0 ]
ok $? "archive_history_month() moves August into the archive schema"
archived=$(q sa_settle_a "$archive")
echo "$archived" | grep -q 'cases_settled_202608:0:1' && echo "$archived" | grep -q 'rectification_settled_202608:0:1' \
	&& ! echo "$archived" | grep -q '_202608:[1-9]'
ok $? "the archive holds August's case and rectification, with no grants (${archived:0:120})"
before=$(q sa_settle_a "$state")
pg_dump -Fc -d sa_settle_a -f "$tmp/a.dump" 2>"$tmp/dump.err"
ok $? "pg_dump of the county"
pg_restore --exit-on-error -d sa_settle_b "$tmp/a.dump" 2>"$tmp/restore.err"
rc=$?
ok $rc "pg_restore --exit-on-error of it runs without an error${rc:+$(head -c 300 "$tmp/restore.err" | tr '\n' ' ')}"
after=$(q sa_settle_b "$state")
[ -n "$before" ] && [ "$before" = "$after" ]
ok $? "every row is back, in the same partition"
[ "$(q sa_settle_b "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid WHERE c.relname = 'cases_settled_202608'")" \
  = "$(q sa_settle_a "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid WHERE c.relname = 'cases_settled_202608'")" ]
ok $? "a month has the same indexes after the restore"
restored=$(q sa_settle_b "$archive" 2>&1)
[ -n "$archived" ] && [ "$restored" = "$archived" ] \
	&& [ "$(q sa_settle_b "SELECT count(*) FROM service_affair.history_partitions WHERE month = '2026-08-01'")" = 0 ]
ok $? "the archive schema is back with every row and no grants, and August stays out of the history (${restored:0:120})"
# the archive's record of its tables comes back with the tables (names and
# rows, not oids), so a table of it attached by hand, its comment dropped,
# is still known in the restored county (history_partitions.attached_by_hand)
recorded="SELECT string_agg(table_schema || '.' || table_name || ':' || coalesce(first_key::text, '-'), ' ' ORDER BY table_name)
  FROM service_affair.history_archived_tables WHERE archived_month = '2026-08-01'"
rec_a=$(q sa_settle_a "$recorded")
rec_b=$(q sa_settle_b "$recorded" 2>&1)
[ -n "$rec_a" ] && [ "$rec_a" = "$rec_b" ] && echo "$rec_b" | grep -q 'service_affair_archive.cases_settled_202608:[0-9]'
ok $? "history_archived_tables is back with the archive (${rec_b:0:120})"
# loaded by the restore past its guard (restoring()), which still stands in
# the restored county: a record deleted by hand, even a superuser's, is refused
del=$(psql -X -q -At -d sa_settle_b -c "DELETE FROM service_affair.history_archived_tables WHERE archived_month = '2026-08-01'" 2>&1)
[ "$(q sa_settle_b "SELECT count(*) FROM service_affair.history_archived_tables WHERE archived_month = '2026-08-01'")" -gt 0 ] \
	&& echo "$del" | grep -q 'history_archived_tables is written only by archive_history_month() and restore_history_month()'
ok $? "restored, history_archived_tables refuses a DELETE by hand (${del:0:160})"
by_hand=$(psql -X -q -At -v ON_ERROR_STOP=1 -d sa_settle_b 2>&1 <<'SQL'
BEGIN;
DO $$
DECLARE c record; lo bigint; hi bigint;
BEGIN
    SELECT substring(obj_description('service_affair_archive.cases_settled_202608'::regclass, 'pg_class'), ' from (-?[0-9]+) to -?[0-9]+$')::bigint,
           substring(obj_description('service_affair_archive.cases_settled_202608'::regclass, 'pg_class'), ' to (-?[0-9]+)$')::bigint
      INTO lo, hi;
    FOR c IN SELECT conname::text AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
              WHERE conrelid = 'service_affair.cases_settled'::regclass AND contype = 'c' LOOP
        EXECUTE format('ALTER TABLE service_affair_archive.cases_settled_202608 ADD CONSTRAINT %I %s', c.name, c.def);
    END LOOP;
    COMMENT ON TABLE service_affair_archive.cases_settled_202608 IS NULL;
    ALTER TABLE service_affair_archive.cases_settled_202608 SET SCHEMA service_affair;
    EXECUTE format('ALTER TABLE service_affair.cases_settled ATTACH PARTITION service_affair.cases_settled_202608 FOR VALUES FROM (%s) TO (%s)', lo, hi + 1);
END $$;
SELECT string_agg(partition::text || ':' || attached_by_hand, ' ') FROM service_affair.history_partitions WHERE month = '2026-08-01';
SELECT service_affair.history_month_blocker('2026-08-01');
ROLLBACK;
SQL
)
[ "$by_hand" = "$(printf 'service_affair.cases_settled_202608:true\n1 partitions attached by hand')" ]
ok $? "restored, August's cases table attached by hand with its comment dropped is flagged and holds the month (${by_hand:0:160})"
q sa_settle_b "SELECT service_affair.withdraw(c.id, '2026-10-04 10:00+08') FROM service_affair.cases c WHERE NOT c.settled" >/dev/null \
	&& [ "$(q sa_settle_b "SELECT service_affair.settle_cases('2027-06-01 00:00+08')")" = 1 ] \
	&& [ "$(q sa_settle_b "SELECT count(*) FROM service_affair.cases WHERE NOT settled")" = 0 ]
ok $? "the restored county settles its last case into a month made after the restore"
q sa_settle_b "SELECT service_affair.submit('sd_item', 1, '{form}', 'window', '{}', '2026-11-03 09:00+08')" >/dev/null
ok $? "and takes a new case"
# control: an index on a parent (what 40_cases.sql must not declare) is
# cloned onto each level and month; the dump's copies do not restore
q sa_settle_c "CREATE EXTENSION service_affair" >/dev/null && pg_restore -d sa_settle_c --section=pre-data --section=data "$tmp/a.dump" 2>/dev/null
psql -X -q -d sa_settle_c -c "CREATE INDEX sd_parent_idx ON service_affair.cases (visits)" >/dev/null 2>&1
pg_dump -Fc -d sa_settle_c -f "$tmp/c.dump" 2>/dev/null
q sa_settle_d "SELECT 1" >/dev/null
pg_restore --exit-on-error -d sa_settle_d "$tmp/c.dump" >/dev/null 2>"$tmp/control.err"
crc=$?
[ "$crc" != 0 ] && grep -q 'visits_idx' "$tmp/control.err"
ok $? "control: with an index on the parent, the restore fails on that index's copies in the history ($(grep -m1 -o 'ERROR: .*' "$tmp/control.err" | head -c 160))"
for d in sa_settle_a sa_settle_b sa_settle_c sa_settle_d; do
	PGOPTIONS="-c client_min_messages=warning" psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $d"
done
echo "1..$n"
