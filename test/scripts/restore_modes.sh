#!/usr/bin/env bash
# The ways of restoring a county other than a superuser's pg_restore of a
# whole dump (doc/deployment.md, "Backups", "Other ways of restoring"), on a
# small county with rows in the append-only and chained tables (cases and
# their events, catalog versions and their ledger, a county calendar, an
# edited day of the shipped calendar, an edited setting):
#   1. by a role that owns the target database and is no superuser
#      (pg_restore --no-owner --role=OWNER; psql -f of a plain dump as OWNER;
#      the extension made first by a superuser): refused, with the error
#      saying why, nothing loaded; a superuser's pg_restore --no-owner into
#      OWNER's database restores it;
#   2. pg_dump --data-only into a database where CREATE EXTENSION ran: as is
#      without settled history; with it, refused at the first month
#      (relation does not exist); the months made first by the dump's
#      pre-data without its CREATE SCHEMA, and then it restores;
#   3. pg_dump --inserts and --column-inserts: restored as is; with a
#      parent service point edited after its child and an item edited after
#      another was delegated to it (each child before its parent in the
#      dump), restored in one transaction (psql --single-transaction,
#      pg_restore --single-transaction): the keys of a table to itself are
#      DEFERRABLE and a restore defers them to its commit (77_restore_keys.sql;
#      until 2026-12-07 23503 at the child point); in autocommit each
#      INSERT's key still fails (23503), without ON_ERROR_STOP psql exits 0
#      and the child point is lost; --rows-per-insert large enough restores
#      it; an ordinary write with a missing parent still fails at its
#      statement;
#   4. pg_restore --data-only into a database already holding rows: exit 1
#      at the first row that is there (23505), the tables before it loaded,
#      nothing with --single-transaction; --disable-triggers: refused to the
#      database's owner (must be owner of table), a superuser's stops at the
#      shipped settings (23505) and leaves that table's triggers disabled,
#      none with --single-transaction.
# Where a restore completes: every row of every table and every sequence the
# same as the source (lib/state.sh), and every log chain verifies.
# Uses the running cluster named by PGHOST/PGPORT/PGUSER.  Prints TAP.
set -uo pipefail
cd "${SA_TOP:-$(dirname "$0")/../..}"
source "$(dirname "$0")/lib/tap.sh"
source "$(dirname "$0")/lib/state.sh"
SRC=sa_rm_src
DBS="sa_rm_owner sa_rm_owner2 sa_rm_owner3 sa_rm_pre sa_rm_super sa_rm_data_a sa_rm_data sa_rm_data2 sa_rm_ins_a sa_rm_colins_a sa_rm_ins sa_rm_colins sa_rm_ins_fc sa_rm_ins_auto sa_rm_ins_loose sa_rm_rows sa_rm_dup sa_rm_dup1 sa_rm_dt sa_rm_dt1 sa_rm_dt_owner"
BIN=$("${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}" --bindir)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sa_restoremodes.XXXXXX")
chmod 777 "$WORK"
dropall() {
	for d in $SRC $DBS; do q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $d" >/dev/null 2>&1; done
	q -d postgres -c "DROP ROLE IF EXISTS sa_rm_owner" >/dev/null 2>&1
}
cleanup() { dropall; rm -rf "$WORK"; }
trap cleanup EXIT
dropall
q -d postgres -c "CREATE ROLE sa_rm_owner LOGIN" >/dev/null
for d in $SRC $DBS; do q -d postgres -c "CREATE DATABASE $d" >/dev/null; done
for d in sa_rm_owner sa_rm_owner2 sa_rm_owner3 sa_rm_pre sa_rm_super sa_rm_dt_owner; do q -d postgres -c "ALTER DATABASE $d OWNER TO sa_rm_owner" >/dev/null; done

# -- the county, stage A: no settled month, no point under another ------------------
q -d "$SRC" >"$WORK/load.log" 2>&1 <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION service_affair CASCADE;
SELECT service_affair.create_roles();
SET search_path = service_affair, public;
INSERT INTO department (code, name, region) VALUES ('RM_MKT', 'Market', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit) VALUES ('rm_biz', 'Business licence', 'RM_MKT', 'promised', 20, 5);
INSERT INTO material (item, code, name) VALUES ('rm_biz', 'form', 'Form');
UPDATE item SET promised_limit = 4 WHERE code = 'rm_biz';
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Restore Person');
SELECT submit('rm_biz', 1, '{form}', 'window', '{}', '2026-10-12 09:00+08') FROM generate_series(1, 3);
SELECT complete_task((SELECT min(id) FROM task), 'approved', '2026-10-13 10:00+08');
INSERT INTO calendar (name, weekmask, timezone, covered_until) VALUES ('rm_cal', '1111100', 'Asia/Shanghai', '2026-12-31');
INSERT INTO calendar_day (calendar, day, is_workday, note) VALUES ('rm_cal', '2026-10-01', false, 'National day');
UPDATE calendar_day SET note = note || ' (county)'
 WHERE calendar = 'cn' AND day = (SELECT min(d.day) FROM calendar_day d WHERE d.calendar = 'cn' AND d.day >= '2026-01-01');
UPDATE setting SET value = '2' WHERE name = 'rating.callback_days';
SQL
rc=$?
[ $rc = 0 ] || tail -4 "$WORK/load.log" | sed 's/^/# /'
tap $rc "stage A: a catalog written and edited, cases, a task done, a county calendar, an edited shipped day, an edited setting"
db_state "$SRC" >"$WORK/before.a.txt"
"$BIN/pg_dump" -Fc --data-only -d "$SRC" -f "$WORK/data_a.dump" 2>"$WORK/dump.log" &&
	"$BIN/pg_dump" --inserts -d "$SRC" -f "$WORK/ins_a.sql" 2>>"$WORK/dump.log" &&
	"$BIN/pg_dump" --column-inserts -d "$SRC" -f "$WORK/colins_a.sql" 2>>"$WORK/dump.log"
tap $? "stage A: pg_dump -Fc --data-only, --inserts, --column-inserts"

# -- stage B: a parent point edited after its child, a month of settled history ----
q -d "$SRC" >>"$WORK/load.log" 2>&1 <<'SQL'
SET client_min_messages = warning;
SET search_path = service_affair, public;
INSERT INTO service_point (code, name, level, region) VALUES ('RM-C', 'County centre', 'county', '330225');
INSERT INTO service_point (code, name, level, region, parent) VALUES ('RM-T', 'Town centre', 'town', '330225', 'RM-C');
UPDATE service_point SET name = 'County service centre' WHERE code = 'RM-C';
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit) VALUES ('rm_old', 'Old licence', 'RM_MKT', 'promised', 20, 5);
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit) VALUES ('rm_new', 'New licence', 'RM_MKT', 'promised', 20, 5);
UPDATE item SET status = 'delegated', delegated_to = 'rm_new' WHERE code = 'rm_old';
UPDATE item SET promised_limit = 4 WHERE code = 'rm_new';
SELECT withdraw(submit('rm_biz', 1, '{form}', 'window', '{}', '2026-08-03 09:00+08'), '2026-08-03 10:00+08');
SELECT settle_cases('2027-06-01 00:00+08') > 0 AS settled;
SQL
rc=$?
[ $rc = 0 ] || tail -4 "$WORK/load.log" | sed 's/^/# /'
[ $rc = 0 ] && [ "$(q -d "$SRC" -c "SELECT count(*) FROM service_affair.history_partitions")" -gt 0 ] &&
	[ "$(q -d "$SRC" -c "SELECT count(*) > 0 AND bool_and(ok) FROM service_affair.verify_log()")" = t ]
tap $? "stage B: a parent point edited after its child, an item edited after another was delegated to it, a case settled into a month of history; every log chain verifies"
db_state "$SRC" >"$WORK/before.b.txt"
"$BIN/pg_dump" -Fc -d "$SRC" -f "$WORK/c.dump" 2>>"$WORK/dump.log" &&
	"$BIN/pg_dump" -d "$SRC" -f "$WORK/p.sql" 2>>"$WORK/dump.log" &&
	"$BIN/pg_dump" --no-owner -d "$SRC" -f "$WORK/p_noowner.sql" 2>>"$WORK/dump.log" &&
	"$BIN/pg_dump" -Fc --data-only -d "$SRC" -f "$WORK/data.dump" 2>>"$WORK/dump.log" &&
	"$BIN/pg_dump" --inserts -d "$SRC" -f "$WORK/ins.sql" 2>>"$WORK/dump.log" &&
	"$BIN/pg_dump" --column-inserts -d "$SRC" -f "$WORK/colins.sql" 2>>"$WORK/dump.log" &&
	"$BIN/pg_dump" -Fc --inserts -d "$SRC" -f "$WORK/ins.dump" 2>>"$WORK/dump.log" &&
	"$BIN/pg_dump" --rows-per-insert=100000 -d "$SRC" -f "$WORK/rows.sql" 2>>"$WORK/dump.log"
tap $? "stage B: pg_dump -Fc, plain, plain --no-owner, -Fc --data-only, --inserts, --column-inserts, -Fc --inserts, --rows-per-insert=100000"
# the dump lists each child before its parent (what the restores below face)
check "stage B: the --inserts dump lists the town point before the county one, the delegated item before the one it is delegated to" \
	"$(grep -oE "^INSERT INTO service_affair.service_point VALUES \('RM-[CT]'" "$WORK/ins.sql" | cut -d"'" -f2 | tr '\n' ' ')$(grep -oE "^INSERT INTO service_affair.item VALUES \('rm_(old|new)'" "$WORK/ins.sql" | cut -d"'" -f2 | tr '\n' ' ')" \
	"RM-T RM-C rm_old rm_new "

same_as() { # stage database how
	db_state "$2" >"$WORK/after.$2.txt"
	diff "$WORK/before.$1.txt" "$WORK/after.$2.txt" >"$WORK/data.$2.diff"
	tap $? "$3: every row of every table and every sequence the same ($(wc -l <"$WORK/before.$1.txt") tables and sequences)"
	head -8 "$WORK/data.$2.diff" | sed 's/^/# /'
	[ "$(q -d "$2" -c "SELECT count(*) > 0 AND bool_and(ok) FROM service_affair.verify_log()" 2>&1)" = t ]
	tap $? "$3: every log chain verifies"
}
# the schemas and tables of the extension in a database, and its cases
left() { # database
	q -d "$1" -c "SELECT coalesce(string_agg(nspname, ',' ORDER BY nspname), '-') || ' ' || (SELECT count(*) FROM pg_class c WHERE c.relnamespace::regnamespace::text ~ '^service_affair')
	                FROM pg_namespace WHERE nspname ~ '^service_affair'" 2>&1
}

# -- 1. a database owner who is no superuser -------------------------------------------
"$BIN/pg_restore" --exit-on-error --no-owner --role=sa_rm_owner -d sa_rm_owner "$WORK/c.dump" >"$WORK/r1.log" 2>&1
rc=$?
grep -m1 ERROR "$WORK/r1.log" | sed 's/^/# /'
[ $rc = 1 ] && grep -q 'ERROR:  permission denied to create extension "service_affair"' "$WORK/r1.log" &&
	grep -q 'HINT:  Must be superuser to create this extension' "$WORK/r1.log"
tap $? "pg_restore --no-owner --role=OWNER: exit 1 at CREATE EXTENSION, permission denied, must be superuser"
check "... and it leaves the empty schema service_affair (dumped before the extension), no table" "$(left sa_rm_owner)" "service_affair 0"
PGUSER=sa_rm_owner psql -X -q -v ON_ERROR_STOP=1 -d sa_rm_owner2 -f "$WORK/p.sql" >"$WORK/r1p.log" 2>&1
rc=$?
grep -m1 ERROR "$WORK/r1p.log" | sed 's/^/# /'
[ $rc = 3 ] && grep -q 'ERROR:  must be member of role' "$WORK/r1p.log"
tap $? "psql -f of a plain dump as OWNER: stops at the first ALTER ... OWNER TO the source's owner"
q -d postgres -c "DROP DATABASE sa_rm_owner2" -c "CREATE DATABASE sa_rm_owner2 OWNER sa_rm_owner" >/dev/null
PGUSER=sa_rm_owner psql -X -q -v ON_ERROR_STOP=1 -d sa_rm_owner2 -f "$WORK/p_noowner.sql" >"$WORK/r1q.log" 2>&1
rc=$?
grep -m1 ERROR "$WORK/r1q.log" | sed 's/^/# /'
[ $rc = 3 ] && grep -q 'ERROR:  permission denied to create extension "service_affair"' "$WORK/r1q.log"
tap $? "psql -f of a plain dump --no-owner as OWNER: stops at CREATE EXTENSION, permission denied"
check "... and it leaves the empty schema service_affair, no table" "$(left sa_rm_owner2)" "service_affair 0"
# the extension made first by a superuser: the dump's CREATE SCHEMA fails
q -d sa_rm_owner3 -c "SET client_min_messages = warning" -c "CREATE EXTENSION service_affair CASCADE" >/dev/null
"$BIN/pg_restore" --exit-on-error --no-owner --role=sa_rm_owner -d sa_rm_owner3 "$WORK/c.dump" >"$WORK/r1e.log" 2>&1
rc=$?
grep -m1 ERROR "$WORK/r1e.log" | sed 's/^/# /'
[ $rc = 1 ] && grep -q 'ERROR:  schema "service_affair" already exists' "$WORK/r1e.log" &&
	[ "$(q -d sa_rm_owner3 -c "SELECT count(*) FROM service_affair.cases")" = 0 ]
tap $? "the extension made by a superuser first, then OWNER's pg_restore --no-owner --role: exit 1, schema exists, no case loaded"
# and without the dump's CREATE SCHEMA: refused at the first month of the history
"$BIN/pg_restore" -l "$WORK/c.dump" | grep -v ' SCHEMA - service_affair ' >"$WORK/noschema.list"
"$BIN/pg_restore" --exit-on-error --no-owner --role=sa_rm_owner -L "$WORK/noschema.list" -d sa_rm_owner3 "$WORK/c.dump" >"$WORK/r1f.log" 2>&1
rc=$?
grep -m1 ERROR "$WORK/r1f.log" | sed 's/^/# /'
[ $rc = 1 ] && grep -q 'ERROR:  must be owner of schema service_affair' "$WORK/r1f.log" &&
	[ "$(q -d sa_rm_owner3 -c "SELECT count(*) FROM service_affair.cases")" = 0 ]
tap $? "... and with a list without the dump's CREATE SCHEMA: exit 1 at its COMMENT ON SCHEMA, must be owner of schema service_affair, no case loaded"
# what the DBA does: a superuser restores into OWNER's database
"$BIN/pg_restore" --exit-on-error --no-owner -d sa_rm_super "$WORK/c.dump" >"$WORK/r1s.log" 2>&1
tap $? "a superuser's pg_restore --no-owner into OWNER's database"
head -3 "$WORK/r1s.log" | sed 's/^/# /'
same_as b sa_rm_super "superuser into OWNER's database"

# -- 2. --data-only into a database where CREATE EXTENSION ran --------------------------
for d in sa_rm_data_a sa_rm_data sa_rm_data2; do
	q -d $d -c "SET client_min_messages = warning" -c "CREATE EXTENSION service_affair CASCADE" >/dev/null
done
"$BIN/pg_restore" --exit-on-error --data-only -d sa_rm_data_a "$WORK/data_a.dump" >"$WORK/r2a.log" 2>&1
tap $? "stage A (no settled month): pg_restore --data-only --exit-on-error after CREATE EXTENSION"
head -3 "$WORK/r2a.log" | sed 's/^/# /'
same_as a sa_rm_data_a "stage A --data-only after CREATE EXTENSION"
"$BIN/pg_restore" --exit-on-error --data-only -d sa_rm_data "$WORK/data.dump" >"$WORK/r2.log" 2>&1
rc=$?
grep -m1 ERROR "$WORK/r2.log" | sed 's/^/# /'
[ $rc = 1 ] && grep -q 'ERROR:  relation "service_affair\.[a-z_]*_settled_202608" does not exist' "$WORK/r2.log"
tap $? "stage B (a settled month): --data-only after CREATE EXTENSION: exit 1, the month's relation does not exist"
# the months (and whatever else the dump made) from the full dump's
# pre-data, less its CREATE SCHEMA, which CREATE EXTENSION made
"$BIN/pg_restore" -l "$WORK/c.dump" | grep -v ' SCHEMA - service_affair ' >"$WORK/pre.list"
"$BIN/pg_restore" --exit-on-error --section=pre-data -L "$WORK/pre.list" -d sa_rm_data2 "$WORK/c.dump" >"$WORK/r2p.log" 2>&1 &&
	"$BIN/pg_restore" --exit-on-error --data-only -d sa_rm_data2 "$WORK/data.dump" >>"$WORK/r2p.log" 2>&1
tap $? "stage B: the full dump's pre-data less CREATE SCHEMA service_affair, then --data-only, after CREATE EXTENSION"
head -3 "$WORK/r2p.log" | sed 's/^/# /'
same_as b sa_rm_data2 "stage B pre-data then --data-only after CREATE EXTENSION"

# -- 3. --inserts, --column-inserts ---------------------------------------------------------
for m in ins colins; do
	opt=inserts; [ $m = colins ] && opt=column-inserts
	psql -X -q -v ON_ERROR_STOP=1 --single-transaction -d sa_rm_${m}_a -f "$WORK/${m}_a.sql" >"$WORK/r3$m.log" 2>&1
	tap $? "stage A: pg_dump --$opt restored by psql -v ON_ERROR_STOP=1 --single-transaction"
	grep -m1 ERROR "$WORK/r3$m.log" | sed 's/^/# /'
	same_as a sa_rm_${m}_a "stage A --$opt"
done
# the keys of a table to itself: deferrable, checked at once unless deferred
check "the keys of a table to itself (item, service_point, credit_event): DEFERRABLE INITIALLY IMMEDIATE" \
	"$(q -d "$SRC" -c "SELECT string_agg(conname || ' deferrable=' || condeferrable || ' deferred=' || condeferred, ', ' ORDER BY conname) FROM pg_constraint
	                    WHERE contype = 'f' AND conrelid = confrelid AND connamespace::regnamespace::text ~ '^service_affair'")" \
	"credit_event_refers_to_fkey deferrable=true deferred=false, item_delegated_to_fkey deferrable=true deferred=false, service_point_parent_fkey deferrable=true deferred=false"
# a cycle through other tables would fail a COPY restore too (one table
# loads before the other): there is none
check "no table of the extension refers to itself through other tables" \
	"$(q -d "$SRC" -c "WITH RECURSIVE e AS (SELECT DISTINCT conrelid AS a, confrelid AS b FROM pg_constraint
	                                        WHERE contype = 'f' AND conrelid <> confrelid AND connamespace::regnamespace::text ~ '^service_affair'),
	                   r(start, cur, depth) AS (SELECT a, b, 1 FROM e UNION SELECT r.start, e.b, r.depth + 1 FROM r JOIN e ON e.a = r.cur WHERE r.depth < 40)
	                   SELECT coalesce(string_agg(DISTINCT start::regclass::text, ','), '-') FROM r WHERE start = cur")" "-"
out=$(psql -X -q -At -v ON_ERROR_STOP=1 -d "$SRC" -c "BEGIN" \
	-c "INSERT INTO service_affair.service_point (code, name, level, region, parent) VALUES ('RM-X', 'X', 'town', '330225', 'RM-NONE')" \
	-c "SELECT 'reached'" 2>&1)
rc=$?
[ $rc = 1 ] && [[ $out == *'violates foreign key constraint "service_point_parent_fkey"'* ]] && [[ $out != *reached* ]]
tap $? "an ordinary write of a point under a missing parent fails at its statement (23503), the transaction's next statement not reached"
out=$(psql -X -q -At -v ON_ERROR_STOP=1 -d "$SRC" -c "BEGIN" -c "SET LOCAL search_path = ''" -c "SET LOCAL check_function_bodies = off" \
	-c "INSERT INTO service_affair.service_point (code, name, level, region, parent) VALUES ('RM-Y', 'Y', 'town', '330225', 'RM-Z')" \
	-c "INSERT INTO service_affair.service_point (code, name, level, region) VALUES ('RM-Z', 'Z', 'county', '330225')" \
	-c "SELECT count(*) FROM service_affair.service_point WHERE code IN ('RM-Y', 'RM-Z')" -c "ROLLBACK" 2>&1)
check "a restore's session (a superuser, empty search_path, check_function_bodies off): a child point before its parent, in one transaction" "$out" "2"
out=$(psql -X -q -At -v ON_ERROR_STOP=1 -d "$SRC" -c "BEGIN" -c "SET LOCAL search_path = ''" -c "SET LOCAL check_function_bodies = off" \
	-c "INSERT INTO service_affair.service_point (code, name, level, region, parent) VALUES ('RM-Y', 'Y', 'town', '330225', 'RM-Z')" \
	-c "SELECT 'inserted'" -c "COMMIT" 2>&1)
rc=$?
[ $rc = 1 ] && [[ $out == inserted*'violates foreign key constraint "service_point_parent_fkey"'* ]] &&
	[ "$(q -d "$SRC" -c "SELECT count(*) FROM service_affair.service_point WHERE code = 'RM-Y'")" = 0 ]
tap $? "... and without the parent: refused at COMMIT (23503), nothing kept"
psql -X -q -v ON_ERROR_STOP=1 --single-transaction -d sa_rm_ins -f "$WORK/ins.sql" >"$WORK/r3b.log" 2>&1
tap $? "stage B --inserts (children before parents) by psql -v ON_ERROR_STOP=1 --single-transaction"
grep -m1 -A1 ERROR "$WORK/r3b.log" | sed 's/^/# /'
same_as b sa_rm_ins "stage B --inserts"
psql -X -q -v ON_ERROR_STOP=1 --single-transaction -d sa_rm_colins -f "$WORK/colins.sql" >"$WORK/r3c.log" 2>&1
tap $? "stage B --column-inserts by psql -v ON_ERROR_STOP=1 --single-transaction"
grep -m1 -A1 ERROR "$WORK/r3c.log" | sed 's/^/# /'
same_as b sa_rm_colins "stage B --column-inserts"
"$BIN/pg_restore" --exit-on-error --single-transaction -d sa_rm_ins_fc "$WORK/ins.dump" >"$WORK/r3f.log" 2>&1
tap $? "stage B pg_dump -Fc --inserts by pg_restore --exit-on-error --single-transaction"
grep -m1 -A1 ERROR "$WORK/r3f.log" | sed 's/^/# /'
same_as b sa_rm_ins_fc "stage B -Fc --inserts"
psql -X -q -v ON_ERROR_STOP=1 -d sa_rm_ins_auto -f "$WORK/ins.sql" >"$WORK/r3a.log" 2>&1
rc=$?
grep -m1 -A1 ERROR "$WORK/r3a.log" | sed 's/^/# /'
[ $rc = 3 ] && grep -q 'ERROR:  insert or update on table "service_point" violates foreign key constraint "service_point_parent_fkey"' "$WORK/r3a.log"
tap $? "stage B --inserts in autocommit (ON_ERROR_STOP, no --single-transaction): exit 3 at the child point (23503), as the doc says"
psql -X -q -d sa_rm_ins_loose -f "$WORK/ins.sql" >"$WORK/r3l.log" 2>&1
rc=$?
check "stage B --inserts by psql without ON_ERROR_STOP: exit 0, the error printed, the child point lost (what the doc warns of)" \
	"$rc $(grep -c 'violates foreign key constraint "service_point_parent_fkey"' "$WORK/r3l.log") $(q -d sa_rm_ins_loose -c "SELECT string_agg(code, ',' ORDER BY code) FROM service_affair.service_point WHERE code LIKE 'RM-%'")" \
	"0 1 RM-C"
psql -X -q -v ON_ERROR_STOP=1 --single-transaction -d sa_rm_rows -f "$WORK/rows.sql" >"$WORK/r3r.log" 2>&1
tap $? "stage B --rows-per-insert=100000 (a table's rows in one INSERT) restored by psql -v ON_ERROR_STOP=1 --single-transaction"
grep -m1 ERROR "$WORK/r3r.log" | sed 's/^/# /'
same_as b sa_rm_rows "stage B --rows-per-insert"

# -- 4. --data-only into a database holding rows; --disable-triggers --------------------
# a database where CREATE EXTENSION ran and a department of the dump was
# written by hand: the restore meets it at the department's COPY, after
# the calendars (the archive lists calendar first)
for d in sa_rm_dup sa_rm_dup1 sa_rm_dt sa_rm_dt1 sa_rm_dt_owner; do
	q -d $d -c "SET client_min_messages = warning" -c "CREATE EXTENSION service_affair CASCADE" >/dev/null
done
for d in sa_rm_dup sa_rm_dup1; do
	q -d $d -c "INSERT INTO service_affair.department (code, name, region) VALUES ('RM_MKT', 'Market', '330225')" >/dev/null
done
"$BIN/pg_restore" -l "$WORK/data_a.dump" | grep -n ' TABLE DATA service_affair \(calendar\|department\) ' | cut -d: -f1 | tr '\n' ' ' >"$WORK/order.txt"
[ "$(cut -d' ' -f1 "$WORK/order.txt")" -lt "$(cut -d' ' -f2 "$WORK/order.txt")" ]
tap $? "stage A's data-only archive lists calendar before department (what the next two tests rely on)"
db_state sa_rm_dup1 >"$WORK/before.dup1.txt"
"$BIN/pg_restore" --exit-on-error --data-only -d sa_rm_dup "$WORK/data_a.dump" >"$WORK/r4.log" 2>&1
rc=$?
grep -m1 -A1 ERROR "$WORK/r4.log" | sed 's/^/# /'
[ $rc = 1 ] && grep -q 'COPY failed for table "department": ERROR:  duplicate key value violates unique constraint "department_pkey"' "$WORK/r4.log" &&
	grep -q 'Key (code)=(RM_MKT) already exists' "$WORK/r4.log"
tap $? "--data-only into a database holding a row of the dump: exit 1 at its table, 23505 naming the key"
check "... and the tables before it are loaded (the county calendar): half a restore" \
	"$(q -d sa_rm_dup -c "SELECT count(*) FROM service_affair.calendar WHERE name = 'rm_cal'")/$(q -d sa_rm_dup -c "SELECT count(*) FROM service_affair.item")" "1/0"
"$BIN/pg_restore" --exit-on-error --single-transaction --data-only -d sa_rm_dup1 "$WORK/data_a.dump" >"$WORK/r4s.log" 2>&1
rc=$?
[ $rc = 1 ] && grep -q 'COPY failed for table "department": ERROR:  duplicate key value violates unique constraint "department_pkey"' "$WORK/r4s.log"
tap $? "--data-only --single-transaction into the same: exit 1, the same error"
db_state sa_rm_dup1 >"$WORK/after.dup1.txt"
diff "$WORK/before.dup1.txt" "$WORK/after.dup1.txt" >"$WORK/dup1.diff"
tap $? "... and nothing loaded: every table and sequence as before the restore"
head -4 "$WORK/dup1.diff" | sed 's/^/# /'

disabled() { # database: the extension's tables with a disabled trigger
	q -d "$1" -c "SELECT coalesce(string_agg(DISTINCT tgrelid::regclass::text, ','), '-') FROM pg_trigger
	              WHERE tgenabled = 'D' AND tgrelid::regclass::text ~ '^service_affair'"
}
# the database's owner: ALTER TABLE ... DISABLE TRIGGER ALL needs the
# tables' owner, the superuser who made the extension
"$BIN/pg_restore" --exit-on-error --data-only --disable-triggers -U sa_rm_owner -d sa_rm_dt_owner "$WORK/data_a.dump" >"$WORK/r4o.log" 2>&1
rc=$?
grep -m1 ERROR "$WORK/r4o.log" | sed 's/^/# /'
[ $rc = 1 ] && grep -q 'ERROR:  must be owner of table' "$WORK/r4o.log" && grep -q 'DISABLE TRIGGER ALL' "$WORK/r4o.log"
tap $? "--data-only --disable-triggers by the database's owner (no superuser): exit 1, must be owner of table"
check "... nothing loaded, no trigger disabled" \
	"$(q -d sa_rm_dt_owner -c "SELECT count(*) FROM service_affair.calendar WHERE name = 'rm_cal'") $(disabled sa_rm_dt_owner)" "0 -"
# a superuser: the shipped settings' upsert is a trigger
"$BIN/pg_restore" --exit-on-error --data-only --disable-triggers -d sa_rm_dt "$WORK/data_a.dump" >"$WORK/r4d.log" 2>&1
rc=$?
grep -m1 -A1 ERROR "$WORK/r4d.log" | sed 's/^/# /'
[ $rc = 1 ] && grep -q 'COPY failed for table "setting": ERROR:  duplicate key value violates unique constraint "setting_pkey"' "$WORK/r4d.log"
tap $? "a superuser's --data-only --disable-triggers after CREATE EXTENSION: exit 1 at the shipped settings (23505)"
check "... and the table it stopped at keeps its triggers disabled (pg_restore's ENABLE never ran)" "$(disabled sa_rm_dt)" "service_affair.setting"
trig_states() { # database: every trigger of the extension's tables and its firing mode
	q -d "$1" -c "SELECT string_agg(tgrelid::regclass::text || '.' || tgname || '=' || tgenabled::text, ' ' ORDER BY tgrelid::regclass::text, tgname)
	              FROM pg_trigger WHERE NOT tgisinternal AND tgrelid::regclass::text ~ '^service_affair'"
}
# what service_affair.trigger_drift reports (until 2026-12-07 nothing did):
# the table it stopped at, disabled, and the
# ENABLE ALWAYS triggers of the tables loaded before it, which pg_restore's
# ENABLE TRIGGER ALL turned into ordinary ones
check "... service_affair.trigger_drift lists the disabled table and the ENABLE ALWAYS triggers pg_restore's ENABLE TRIGGER ALL made ordinary (of the tables loaded before it)" \
	"$(q -d sa_rm_dt -c "SELECT string_agg(DISTINCT table_name::text || ':' || state || ':' || shipped, ' ' ORDER BY table_name::text || ':' || state || ':' || shipped) FROM service_affair.trigger_drift")" \
	"service_affair.calendar:origin:always service_affair.calendar_day:origin:always service_affair.setting:disabled:origin service_affair.target:origin:always"
q -d sa_rm_dt -c "SELECT repair FROM service_affair.trigger_drift" | q -d sa_rm_dt >/dev/null
check "... its repair statements, run, leave it empty and every trigger as a fresh install has it" \
	"$(q -d sa_rm_dt -c "SELECT count(*) FROM service_affair.trigger_drift") $(disabled sa_rm_dt) $(a=$(trig_states sa_rm_dt); [ -n "$a" ] && [ "$a" = "$(trig_states sa_rm_dt_owner)" ] && echo same)" "0 - same"
q -d sa_rm_dt -c "ALTER TABLE service_affair.setting DISABLE TRIGGER ALL" >/dev/null
q -d sa_rm_dt -c "ALTER TABLE service_affair.setting ENABLE TRIGGER ALL" >/dev/null
check "... or the DBA enables them (ALTER TABLE ... ENABLE TRIGGER ALL)" "$(disabled sa_rm_dt)" "-"
db_state sa_rm_dt1 >"$WORK/before.dt1.txt"
"$BIN/pg_restore" --exit-on-error --single-transaction --data-only --disable-triggers -d sa_rm_dt1 "$WORK/data_a.dump" >"$WORK/r4e.log" 2>&1
rc=$?
[ $rc = 1 ] && grep -q 'COPY failed for table "setting"' "$WORK/r4e.log" && [ "$(disabled sa_rm_dt1)" = - ] &&
	db_state sa_rm_dt1 | diff -q "$WORK/before.dt1.txt" - >/dev/null
tap $? "... with --single-transaction: exit 1, the same error, no trigger left disabled, nothing loaded"

echo "1..$n"
[ "$failed" = 0 ]
