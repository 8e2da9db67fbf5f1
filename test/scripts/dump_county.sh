#!/usr/bin/env bash
# A DBA's backup of a working county survives pg_dump and pg_restore
# (doc/deployment.md, "Backups"): the sample county as make demo loads it
# (demo/*.sql, the simulation, and what the demo's own pages do: inspection
# results that feed the credit record, settled history, complaints,
# licences), plus a few calls of the public API that give every table of the
# extension rows in the dump, dumped with pg_dump -Fc and restored with pg_restore
# --exit-on-error into a new database, and again with two processes by
# tools/restore-parallel.sh -j 2 into another, and as a data-only dump into a
# third where CREATE EXTENSION ran (the full dump's pre-data less its CREATE
# SCHEMA first, doc/deployment.md "Other ways of restoring").  Then, for each
# restore,
#   - the restore runs without an error;
#   - every row of every table of the extension is the same (per table: count
#     and an md5 over every row; the months of the history included);
#   - the sequences continue where they were;
#   - every log chain and every draw verifies;
#   - the restored county goes on working (a submission, a sweep).
# The per-area dump tests (test/t/*_dump.pl, settle_dump.sh) use small
# fixtures; this one restores everything the demo makes at once, as a
# backup does.  Uses the running cluster named by PGHOST/PGPORT/PGUSER.
# Prints TAP.
set -uo pipefail
cd "${SA_TOP:-$(dirname "$0")/../..}"
source "$(dirname "$0")/lib/tap.sh"
source "$(dirname "$0")/lib/state.sh"
SRC=sa_dump_county
DST=sa_dump_county_r
DSTJ=sa_dump_county_j
DSTD=sa_dump_county_d
NOTAB=sa_dump_notables
LISTDB=sa_dump_list
BIN=$("${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}" --bindir)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sa_dumpcounty.XXXXXX")
chmod 777 "$WORK"
cleanup() {
	q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $SRC" -c "DROP DATABASE IF EXISTS $DST" -c "DROP DATABASE IF EXISTS $DSTJ" -c "DROP DATABASE IF EXISTS $DSTD" -c "DROP DATABASE IF EXISTS sa_dump_county_i" -c "DROP DATABASE IF EXISTS $NOTAB" -c "DROP DATABASE IF EXISTS $LISTDB" -c "DROP ROLE IF EXISTS sa_dump_reviewer" >/dev/null 2>&1
	rm -rf "$WORK"
}
trap cleanup EXIT
q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $SRC" -c "DROP DATABASE IF EXISTS $DST" \
	-c "DROP DATABASE IF EXISTS $DSTJ" -c "CREATE DATABASE $SRC" -c "CREATE DATABASE $DST" -c "CREATE DATABASE $DSTJ" >/dev/null
q -d "$SRC" -c "SET client_min_messages = warning" -c "CREATE EXTENSION service_affair CASCADE" -c "SELECT service_affair.create_roles()" >/dev/null

# the demo's files in its order; its pages (_show) run too, for the writes
# some of them make (results, settling), their output and their intended
# refusals aside
ok=0
for f in $(ls demo/[0-9]*.sql demo/[0-9]*.sh | sort -t/ -k2); do
	case "$f" in
	*.sh) PGDATABASE=$SRC SA_DEMO_CASES=${SA_DUMP_CASES:-1500} bash "$f" >>"$WORK/load.log" 2>&1 || { ok=1; echo "# $f failed"; } ;;
	*_show.sql) psql -X -q -d "$SRC" -f "$f" >>"$WORK/load.log" 2>&1 ;;
	*) q -d "$SRC" -f "$f" >>"$WORK/load.log" 2>&1 || { ok=1; echo "# $f failed"; tail -3 "$WORK/load.log"; } ;;
	esac
done
tap $ok "the sample county loads and runs its quarter"
[ "$(q -d "$SRC" -c "SELECT (SELECT count(*) FROM service_affair.inspection_result WHERE outcome = 'fail') > 0
                          AND (SELECT count(*) FROM service_affair.inspection_result WHERE outcome = 'pass') > 0
                          AND EXISTS (SELECT FROM service_affair.credit_event)
                          AND EXISTS (SELECT FROM service_affair.credit_event WHERE kind = 'flag_set')
                          AND EXISTS (SELECT FROM service_affair.cases WHERE settled)
                          AND EXISTS (SELECT FROM service_affair.licence)
                          AND EXISTS (SELECT FROM service_affair.complaint)
                          AND EXISTS (SELECT FROM service_affair.service_point WHERE parent IS NOT NULL)")" = t ]
tap $? "the county has inspection results (fail and pass), credit events (the manual flag's entries among them: the restore must not write them again), settled cases, licences, complaints, service points under others"

# A parent written after its children: an edited service point lies after
# the points that name it (pg_dump warns of "circular foreign-key
# constraints" on item, service_point and credit_event, which refer to
# themselves; doc/deployment.md says why the restore still loads them)
q -d "$SRC" -c "UPDATE service_affair.service_point p SET name = p.name || ' ' WHERE p.code IN (SELECT c.parent FROM service_affair.service_point c)" >/dev/null
tap $? "parent service points edited after their children were registered"

# Rows for the tables the demo leaves empty in a dump (a county calendar and
# its days, edits of the shipped calendar, a deny-listed phrase, a clerk's
# post, a review of a direct catalog write) and an edited setting: through the
# public API, so that the comparison below covers them and their restore-time
# triggers.  The phrase is the name of a published material: the restore must
# load that material whether material_denylist loads before it (a parallel
# restore) or after it (a serial one).
q -d "$SRC" >>"$WORK/load.log" 2>&1 <<'SQL'
SET client_min_messages = warning;
INSERT INTO service_affair.calendar (name, weekmask, timezone, covered_until)
    VALUES ('county_market', '1111110', 'Asia/Shanghai', '2026-12-31');
INSERT INTO service_affair.calendar_day (calendar, day, is_workday, note)
    VALUES ('county_market', '2026-10-01', false, '国庆节'), ('county_market', '2026-10-11', true, '调休');
UPDATE service_affair.calendar SET covered_until = covered_until + 1 WHERE name = 'cn';
UPDATE service_affair.calendar_day SET note = note || '（本县）'
 WHERE calendar = 'cn' AND day = (SELECT min(d.day) FROM service_affair.calendar_day d WHERE d.calendar = 'cn' AND d.day >= '2026-01-01');
UPDATE service_affair.setting SET value = '2' WHERE name = 'rating.callback_days';
INSERT INTO service_affair.material_denylist (phrase, note)
SELECT m.name, 'Deny-listed after publication' FROM service_affair.material m ORDER BY m.item, m.code LIMIT 1;
INSERT INTO service_affair.staff_point (login, point)
SELECT 'sa_dump_clerk', p.code FROM service_affair.service_point p ORDER BY p.code LIMIT 1;
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'sa_dump_reviewer') THEN
        CREATE ROLE sa_dump_reviewer IN ROLE service_affair_reviewer;
    END IF;
END $$;
SELECT q.version_id, i.department FROM service_affair.catalog_review_queue q JOIN service_affair.item i ON i.code = q.item
 WHERE q.tbl = 'item' ORDER BY q.version_id DESC LIMIT 1 \gset
INSERT INTO service_affair.staff (login, department) VALUES ('sa_dump_reviewer', :'department');
SET ROLE sa_dump_reviewer;
SELECT service_affair.review_catalog_version(:version_id, 'Reviewed after the fact');
RESET ROLE;
-- an open forward leg (case_leg_active), whatever the day of the run: the
-- demo's legs lie in its quarter, which settle_cases(now()) moves into the
-- history once they have been quiet for 90 days (from January 2027 all of
-- them: found under libfaketime at 2027-02-10)
SELECT a.uscc::text AS uscc FROM service_affair.applicant a
 WHERE a.kind = 'org' AND a.region = '330226' ORDER BY a.id LIMIT 1 \gset
SELECT pg_catalog.array_agg(material) FILTER (WHERE status IN ('missing', 'tolerated')) AS needed
  FROM service_affair.completeness('market_company_change', :'uscc', '{}') \gset
SELECT service_affair.submit('market_company_change', :'uscc', COALESCE(:'needed', '{}')::text[], 'window', '{}',
                             now(), point => 'XS-T04', request_key => 'dump-county-forwarded') IS NOT NULL AS forwarded;
-- a target no draw selected given another USCC after the draws: the former
-- one kept in target_uscc_history (verify_draw() ranks the draws' pools by it)
UPDATE service_affair.target t
   SET uscc = (SELECT a.uscc::text FROM service_affair.applicant a
                WHERE a.uscc IS NOT NULL
                  AND NOT EXISTS (SELECT FROM service_affair.target x WHERE x.uscc::text = a.uscc::text)
                ORDER BY a.id LIMIT 1)::service_affair.uscc
 WHERE t.id = (SELECT min(u.id) FROM service_affair.target u
                WHERE NOT EXISTS (SELECT FROM service_affair.draw d WHERE u.id = ANY (d.targets)));
-- a deregistration recorded and annulled (撤销注销, revoke_deregistration():
-- target_deregistration_revoked), and another one kept
UPDATE service_affair.target SET deregistered_on = current_date + 1
 WHERE id IN (SELECT u.id FROM service_affair.target u
               WHERE u.deregistered_on IS NULL AND NOT EXISTS (SELECT FROM service_affair.draw d WHERE u.id = ANY (d.targets))
               ORDER BY u.id DESC LIMIT 2);
SELECT service_affair.revoke_deregistration(max(id), 'Deregistration annulled by the registration authority') IS NOT NULL AS revoked
  FROM service_affair.target WHERE deregistered_on IS NOT NULL;
-- a superseded licence of a revoked case (licence_annulment, written by the
-- revocation cascade): one the demo superseded, else a licence renewed by a
-- new case of its holder; its case revoked as a broken commitment does
-- (the status set)
DO $$
DECLARE
    l record;
    c bigint;
    t bigint;
BEGIN
    SELECT x.id, x.case_id, x.holder, x.item INTO l FROM service_affair.licence x
      JOIN service_affair.cases k ON k.id = x.case_id AND NOT k.settled AND k.status <> 'revoked'
     WHERE x.status = 'superseded' ORDER BY x.id LIMIT 1;
    IF NOT FOUND THEN
        SELECT x.id, x.case_id, x.holder, x.item INTO l FROM service_affair.licence x
          JOIN service_affair.cases k ON k.id = x.case_id AND NOT k.settled AND k.status = 'concluded' AND k.service = x.item
         WHERE x.status = 'valid' AND x.origin = 'issued' ORDER BY x.id LIMIT 1;
        c := service_affair.submit(l.item, l.holder,
                 COALESCE((SELECT pg_catalog.array_agg(m.material) FILTER (WHERE m.status IN ('missing', 'tolerated'))
                             FROM service_affair.completeness(l.item, l.holder, '{}') m), '{}'),
                 'window', '{}', now());
        FOR t IN SELECT x.id FROM service_affair.task x WHERE x.case_id = c AND x.status = 'open' ORDER BY x.id LOOP
            PERFORM service_affair.complete_task(t, 'approved', now());
        END LOOP;
    END IF;
    UPDATE service_affair.cases SET status = 'revoked', revoked_at = now() WHERE id = l.case_id;
    IF NOT EXISTS (SELECT FROM service_affair.licence_annulment) THEN
        RAISE EXCEPTION 'no licence annulled (licence %, case %)', l.id, l.case_id;
    END IF;
END $$;
-- a month archived (archive_history_month()), which leaves its counts for
-- the indicators: May 2026, before the demo's quarter (test/scripts/lib/may_2026.sql)
\i test/scripts/lib/may_2026.sql
DO $$
DECLARE
    parts integer;
BEGIN
    -- its own statement: a condition in the same query as the call would
    -- read the tables with the snapshot taken before the call wrote them
    parts := service_affair.archive_history_month('2026-05-01');
    IF parts = 0
       OR NOT EXISTS (SELECT FROM service_affair.efficiency_archived)
       OR NOT EXISTS (SELECT FROM service_affair.satisfaction_archived)
       OR NOT EXISTS (SELECT FROM service_affair.item_cases_archived)
       OR NOT EXISTS (SELECT FROM service_affair.data_sharing_archived)
       OR NOT EXISTS (SELECT FROM service_affair.one_licence_archived)
       OR NOT EXISTS (SELECT FROM service_affair.licence_monthly_archived) THEN
        RAISE EXCEPTION 'May 2026 was not archived with its counts (% partitions)', parts;
    END IF;
END $$;
SQL
rc=$?
[ $rc = 0 ] || tail -4 "$WORK/load.log" | sed 's/^/# /'
tap $rc "a county calendar with days, edits of the shipped calendar, an edited setting, a published material's name deny-listed, a clerk posted to a point, a direct catalog write reviewed, a case received today for another county (with a request key: case_request), an unselected target's USCC changed after the draws, two targets deregistered and one of them annulled, a superseded licence of a revoked case, a month of the history archived with its counts for the indicators"
empty=$(q -d "$SRC" <<'SQL'
CREATE FUNCTION pg_temp.dumped_rows(rel regclass, cond text) RETURNS bigint LANGUAGE plpgsql AS $f$
DECLARE n bigint;
BEGIN
    EXECUTE format('SELECT count(*) FROM ONLY %s %s', rel, cond) INTO n;
    RETURN n;
END $f$;
SELECT coalesce(string_agg(u.rel::regclass::text, ' ' ORDER BY u.rel::regclass::text), '')
  FROM pg_extension e, unnest(e.extconfig, e.extcondition) u(rel, cond), pg_class k
 WHERE e.extname = 'service_affair' AND k.oid = u.rel AND k.relkind = 'r' AND pg_temp.dumped_rows(u.rel, u.cond) = 0;
SQL
)
[ -z "$empty" ]
tap $? "every table of the extension has rows in the dump (with the condition pg_dump dumps it under)${empty:+; empty: $empty}"

db_state "$SRC" >"$WORK/before.txt"
verify_before=$(q -d "$SRC" -c "SELECT bool_and(ok) FROM service_affair.verify_log()")/$(q -d "$SRC" -c "SELECT count(*) > 0 AND bool_and(service_affair.verify_draw(d.id)) FROM service_affair.draw d")

"$BIN/pg_dump" -Fc -d "$SRC" -f "$WORK/county.dump" 2>"$WORK/dump.log"
tap $? "pg_dump -Fc of the county"
"$BIN/pg_restore" --exit-on-error -d "$DST" "$WORK/county.dump" >"$WORK/restore.log" 2>&1
tap $? "pg_restore --exit-on-error of the county into a new database"
head -8 "$WORK/restore.log" | sed 's/^/# /'

# What a restored county must be: the same rows, chains and draws, and a
# county that goes on working.
check_restored() { # database how
	local db=$1 how=$2 new_case
	db_state "$db" >"$WORK/after.$db.txt"
	diff "$WORK/before.txt" "$WORK/after.$db.txt" >"$WORK/data.$db.diff"
	tap $? "$how: every row of every table and every sequence's value are the same ($(wc -l <"$WORK/before.txt") tables and sequences)"
	head -10 "$WORK/data.$db.diff" | sed 's/^/# /'
	# the first rows that differ, per table that differs
	for rel in $(sed -n 's/^< \([^ ]*\) [0-9]* [0-9a-f]*$/\1/p' "$WORK/data.$db.diff" | head -3); do
		for d in "$SRC" "$db"; do
			q -d "$d" -c "COPY (SELECT * FROM ONLY $rel t ORDER BY t::text) TO STDOUT" >"$WORK/rows.$d"
		done
		diff "$WORK/rows.$SRC" "$WORK/rows.$db" | head -6 | cut -c1-400 | sed "s/^/# $rel: /"
	done
	[ "$verify_before" = "t/t" ] && [ "$(q -d "$db" -c "SELECT bool_and(ok) FROM service_affair.verify_log()")" = t ]
	tap $? "$how: every log chain verifies, before and after the restore"
	[ "$(q -d "$db" -c "SELECT count(*) > 0 AND bool_and(service_affair.verify_draw(d.id)) FROM service_affair.draw d")" = t ]
	tap $? "$how: every draw verifies after the restore"
	# target_pack is derived and not dumped: the restore's COPY of target packs it again
	[ "$(q -d "$db" -c "SELECT count(*) FROM service_affair.target_pack_check()")" = 0 ] &&
		[ "$(q -d "$SRC" -c "SELECT count(*) FROM service_affair.target_pack")" -gt 0 ] &&
		[ "$(q -d "$db" -c "SELECT count(*) FROM service_affair.target_pack")" = "$(q -d "$SRC" -c "SELECT count(*) FROM service_affair.target_pack")" ]
	tap $? "$how: the packed target directory is packed again by the restore and equals the directory"

	new_case=$(q -d "$db" -c "SELECT service_affair.submit(i.code, a.id, (SELECT array_agg(m.code) FROM service_affair.material m WHERE m.item = i.code), 'window', '{}', '2026-10-09 10:00+08')
	                            FROM service_affair.item i, service_affair.applicant a
	                           WHERE a.kind = 'org' AND i.kind = 'promised' ORDER BY i.code, a.id LIMIT 1" 2>"$WORK/submit.log")
	[ "$(q -d "$db" -c "SELECT status FROM service_affair.cases WHERE id = ${new_case:-0}" 2>/dev/null)" = accepted ] &&
		[ "$(q -d "$SRC" -c "SELECT count(*) FROM service_affair.cases WHERE id = ${new_case:-0}")" = 0 ]
	tap $? "$how: the restored county takes a new case, under a number no case of the backup has (${new_case:-none})"
	[ -s "$WORK/submit.log" ] && sed 's/^/# /' "$WORK/submit.log" | head -3
	q -d "$db" -c "SELECT service_affair.sla_sweep('2026-10-09 18:00+08')" >/dev/null
	tap $? "$how: sla_sweep runs over the restored county"
}
check_restored "$DST" "pg_restore"

# A data-only dump restored where CREATE EXTENSION ran (doc/deployment.md,
# "Other ways of restoring"): the months and the archive made first by the
# full dump's pre-data, less its CREATE SCHEMA service_affair, which CREATE
# EXTENSION made; every row, sequence, chain and draw the same
"$BIN/pg_dump" -Fc --data-only -d "$SRC" -f "$WORK/county-data.dump" 2>>"$WORK/dump.log"
q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DSTD" -c "CREATE DATABASE $DSTD" >/dev/null
q -d "$DSTD" -c "SET client_min_messages = warning" -c "CREATE EXTENSION service_affair CASCADE" >/dev/null
"$BIN/pg_restore" -l "$WORK/county.dump" | grep -v ' SCHEMA - service_affair ' >"$WORK/pre.list"
"$BIN/pg_restore" --exit-on-error --section=pre-data -L "$WORK/pre.list" -d "$DSTD" "$WORK/county.dump" >"$WORK/restore-d.log" 2>&1 &&
	"$BIN/pg_restore" --exit-on-error --data-only -d "$DSTD" "$WORK/county-data.dump" >>"$WORK/restore-d.log" 2>&1
tap $? "CREATE EXTENSION, the dump's pre-data less CREATE SCHEMA, then pg_restore --data-only of a data-only dump"
head -8 "$WORK/restore-d.log" | sed 's/^/# /'
check_restored "$DSTD" "data-only after CREATE EXTENSION"

# INSERT statements instead of COPY (doc/deployment.md, "Other ways of
# restoring"): --rows-per-insert above the largest table's row count, so
# that the tables that refer to themselves (the parent points edited after
# their children above) load in one statement each, through psql under
# ON_ERROR_STOP in one transaction
DSTI=sa_dump_county_i
"$BIN/pg_dump" --rows-per-insert=1000000 -d "$SRC" -f "$WORK/county-rows.sql" 2>>"$WORK/dump.log"
q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DSTI" -c "CREATE DATABASE $DSTI" >/dev/null
psql -X -q -v ON_ERROR_STOP=1 --single-transaction -d "$DSTI" -f "$WORK/county-rows.sql" >"$WORK/restore-i.log" 2>&1
tap $? "pg_dump --rows-per-insert=1000000 restored by psql -v ON_ERROR_STOP=1 --single-transaction"
grep -m2 -A1 ERROR "$WORK/restore-i.log" | sed 's/^/# /'
check_restored "$DSTI" "--rows-per-insert"
q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DSTI" >/dev/null
# one INSERT per row (--inserts): the parents after their children load in
# one transaction, the keys of a table to itself deferred to its commit
# (77_restore_keys.sql; until 2026-12-07 23503 at the first child point)
"$BIN/pg_dump" --inserts -d "$SRC" -f "$WORK/county-ins.sql" 2>>"$WORK/dump.log"
q -d postgres -c "SET client_min_messages = warning" -c "CREATE DATABASE $DSTI" >/dev/null
psql -X -q -v ON_ERROR_STOP=1 --single-transaction -d "$DSTI" -f "$WORK/county-ins.sql" >"$WORK/restore-ins.log" 2>&1
tap $? "pg_dump --inserts restored by psql -v ON_ERROR_STOP=1 --single-transaction"
grep -m2 -A1 ERROR "$WORK/restore-ins.log" | sed 's/^/# /'
check_restored "$DSTI" "--inserts"
q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DSTI" >/dev/null

# With several processes (doc/deployment.md): a plain pg_restore -j loads the
# extension's tables in any order while their foreign keys are there (shown
# here, not required: the order of its workers is not fixed);
# tools/restore-parallel.sh loads them in waves that follow the keys.
"$BIN/pg_restore" -j 2 --exit-on-error -d "$DSTJ" "$WORK/county.dump" >"$WORK/restore-j-plain.log" 2>&1 &&
	echo "# plain pg_restore -j 2 went through this time" ||
	echo "# plain pg_restore -j 2: $(grep -m1 -o 'ERROR: .*' "$WORK/restore-j-plain.log" | cut -c1-200)"
q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE $DSTJ WITH (FORCE)" -c "CREATE DATABASE $DSTJ" >/dev/null
# a number of jobs pg_restore refuses: refused before anything is restored
# (pg_restore checked it only at the data step: the schema was in, the rows
# not, exit 1; a review)
PG_BINDIR=$BIN tools/restore-parallel.sh -j 99999999999999999999 -d "$DSTJ" "$WORK/county.dump" >"$WORK/restore-j-bad.log" 2>&1
rc=$?
[ $rc = 2 ] && grep -q 'from 1 to 2147483647' "$WORK/restore-j-bad.log" &&
	[ "$(q -At -d "$DSTJ" -c "SELECT count(*) FROM pg_catalog.pg_class WHERE relnamespace = 'public'::regnamespace OR relname = 'cases'")" = 0 ]
tap $? "restore-parallel.sh -j beyond pg_restore's range: exit 2 before anything is restored"
PG_BINDIR=$BIN tools/restore-parallel.sh -j 2147483647 -d "$DSTJ" "$WORK/county.dump" >"$WORK/restore-j-bad2.log" 2>&1
rc=$?
[ $rc = 2 ] && grep -q 'connections the server has free' "$WORK/restore-j-bad2.log" &&
	[ "$(q -At -d "$DSTJ" -c "SELECT count(*) FROM pg_catalog.pg_class WHERE relnamespace = 'public'::regnamespace OR relname = 'cases'")" = 0 ]
tap $? "restore-parallel.sh -j more than the server's free connections: exit 2 before anything is restored (was: out of memory at the data step, the schema in)"
# a -d naming a database that holds a county (here the source): refused
# before anything, and the message does not tell the user to drop it (the
# schema step failed, and the script said "database ... holds part of the
# dump: drop it and create it again"; a review of 2026-12-05)
# a file that is no archive: said so, exit 2, nothing restored (it said the
# new database held part of the dump; a review of 2026-12-05)
printf 'not a dump\n' >"$WORK/junk.dump"
PG_BINDIR=$BIN tools/restore-parallel.sh -j 2 -d "$DSTJ" "$WORK/junk.dump" >"$WORK/restore-junk.log" 2>&1
rc=$?
sed 's/^/# /' "$WORK/restore-junk.log" | tail -1
[ $rc = 2 ] && grep -q 'junk.dump is not an archive pg_restore can read' "$WORK/restore-junk.log" && ! grep -q 'holds part' "$WORK/restore-junk.log"
tap $? "restore-parallel.sh of a file that is no archive: exit 2, says so, not 'holds part of the dump'"
cases_before=$(q -At -d "$SRC" -c "SELECT count(*) FROM service_affair.cases")
PG_BINDIR=$BIN tools/restore-parallel.sh -j 2 -d "$SRC" "$WORK/county.dump" >"$WORK/restore-nonempty.log" 2>&1
rc=$?
sed 's/^/# /' "$WORK/restore-nonempty.log" | tail -1
[ $rc = 2 ] && grep -q "database $SRC is not empty (.*extension service_affair.*); nothing restored" "$WORK/restore-nonempty.log" &&
	! grep -q 'drop it' "$WORK/restore-nonempty.log" &&
	[ "$(q -At -d "$SRC" -c "SELECT count(*) FROM service_affair.cases")" = "$cases_before" ]
tap $? "restore-parallel.sh into a database that holds a county: exit 2, nothing restored, no advice to drop it"
PG_BINDIR=$BIN tools/restore-parallel.sh -j 2 -d "$DSTJ" "$WORK/county.dump" >"$WORK/restore-j.log" 2>&1
tap $? "tools/restore-parallel.sh -j 2 of the county into a new database"
head -8 "$WORK/restore-j.log" | sed 's/^/# /'
check_restored "$DSTJ" "restore-parallel.sh -j 2"

# A database without a table (a sequence only): the new database lists no
# table, so no wave, and the sequence value loads all the same (the script
# read its first non-empty file as the waves, FNR == NR, and so took the
# archive's list for them and restored no data at all)
q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $NOTAB" -c "CREATE DATABASE $NOTAB" >/dev/null
q -d "$NOTAB" -c "CREATE SEQUENCE public.lonely" -c "SELECT pg_catalog.setval('public.lonely', 42)" >/dev/null
"$BIN/pg_dump" -Fc -d "$NOTAB" -f "$WORK/notables.dump" 2>>"$WORK/dump.log"
q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE $NOTAB" -c "CREATE DATABASE $NOTAB" >/dev/null
PG_BINDIR=$BIN tools/restore-parallel.sh -j 2 -d "$NOTAB" "$WORK/notables.dump" >"$WORK/restore-notables.log" 2>&1 &&
	[ "$(q -d "$NOTAB" -c "SELECT last_value FROM public.lonely")" = 42 ]
tap $? "tools/restore-parallel.sh of a database without a table: its sequence value is restored"

# -L LIST (doc/deployment.md, pg_cron): only the entries the list names, in
# each step: a table whose data is left out is restored empty, a sequence
# value left out keeps its start, an index commented out (";", post-data) and
# a table left out (pre-data) are not made; the rest is restored (the script
# took no -L: usage, exit 2)
q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $LISTDB" -c "CREATE DATABASE $LISTDB" >/dev/null
q -d "$LISTDB" -c "CREATE TABLE public.kept (a int)" -c "INSERT INTO public.kept VALUES (1), (2)" -c "CREATE INDEX kept_a ON public.kept (a)" \
	-c "CREATE TABLE public.emptied (a int)" -c "INSERT INTO public.emptied VALUES (3)" \
	-c "CREATE TABLE public.left_out (a int)" -c "INSERT INTO public.left_out VALUES (4)" \
	-c "CREATE SEQUENCE public.reset_seq" -c "SELECT pg_catalog.setval('public.reset_seq', 42)" >/dev/null
"$BIN/pg_dump" -Fc -d "$LISTDB" -f "$WORK/list.dump" 2>>"$WORK/dump.log"
q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE $LISTDB" -c "CREATE DATABASE $LISTDB" >/dev/null
"$BIN/pg_restore" -l "$WORK/list.dump" | grep -v -e ' TABLE DATA public emptied ' -e ' SEQUENCE SET public reset_seq ' -e ' public left_out ' |
	sed 's/^\([0-9]*; .* INDEX public kept_a \)/;\1/' >"$WORK/list.list"
PG_BINDIR=$BIN tools/restore-parallel.sh -j 2 -d "$LISTDB" -L "$WORK/list.list" "$WORK/list.dump" >"$WORK/restore-list.log" 2>&1
rc=$?
sed 's/^/# /' "$WORK/restore-list.log" | tail -2
check "tools/restore-parallel.sh -j 2 -L LIST: exit 0; kept's rows, emptied empty, left_out not made, kept_a not made, reset_seq at its start" \
	"$rc $(q -d "$LISTDB" -c "SELECT (SELECT count(*) FROM public.kept) || ' ' || (SELECT count(*) FROM public.emptied) || ' ' || coalesce(to_regclass('public.left_out')::text, '-') || ' ' || coalesce(to_regclass('public.kept_a')::text, '-') || ' ' || (SELECT last_value || ' ' || is_called FROM public.reset_seq)" 2>&1)" \
	"0 2 0 - - 1 false"
# a list that cannot be read (a mistyped name): said, exit 2, nothing restored
q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE $LISTDB" -c "CREATE DATABASE $LISTDB" >/dev/null
PG_BINDIR=$BIN tools/restore-parallel.sh -j 2 -d "$LISTDB" -L "$WORK/no-such.list" "$WORK/list.dump" >"$WORK/restore-badlist.log" 2>&1
rc=$?
sed 's/^/# /' "$WORK/restore-badlist.log" | tail -1
check "tools/restore-parallel.sh -L a list that cannot be read: exit 2, says so, nothing restored" \
	"$rc $(grep -c 'cannot read the list .*no-such.list; nothing restored' "$WORK/restore-badlist.log") $(q -d "$LISTDB" -c "SELECT count(*) FROM pg_catalog.pg_class WHERE relnamespace = 'public'::regnamespace")" "2 1 0"

echo "1..$n"
[ "$failed" = 0 ]
