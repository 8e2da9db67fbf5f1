#!/usr/bin/env bash
# The one pre-check of the 0.1.0 -> 0.2.0 update (sql/upgrade/0.1.0--0.2.0/
# 00_header.sql; doc/deployment.md, "Upgrades") over the catalog tables, and
# the ways out its hint gives (review of 2026-12-06):
#   - a department coded catalog or directory (the names of the ledgers of
#     the catalog and of the deregistration marks in 0.2.0) was refused in
#     its own part, after the update had done most of its work, and the hint
#     said UPDATE department SET code, which 0.1.0 refuses (23503) while
#     cases, inspectors or a ledger refer to it: now refused in the one
#     55000 with what refers to it, the hint giving statements that run in
#     0.1.0 (a new department, its rows pointed at it, the old one deleted),
#     and with them the update runs; one whose ledger holds entries is said
#     to be stuck, no statements given;
#   - a key of the catalog (applicant_pkey, ..., item_pkey) made again under
#     its name otherwise (a plain index, a unique constraint on other
#     columns, a plain unique index with a foreign key on it) passed the
#     check and the update stopped in the middle with 42830: now refused,
#     the hint's statements make them as 0.1.0 did, and the updated schema
#     equals a fresh install's;
#   - a relation of the DBA's under the name of a dropped key made the hint's
#     ADD CONSTRAINT fail with 42P07: now named in the one 55000;
#   - a foreign key of 0.1.0 on the catalog tables dropped by hand, its key
#     kept (ledger_name_fkey: the update stopped in the middle with 42704),
#     or made again otherwise, was not looked at: now refused, the hint's
#     statements make it again, and the updated schema equals a fresh
#     install's;
#   - a foreign key of the DBA's to a key the hint drops with CASCADE (a
#     table of his referring to department(code), made a plain unique
#     index) was dropped by the hint's statements without a word: now named
#     in the detail with its definition and made again by the statements
#     (a partitioned table's too); one to other columns (item(code, name))
#     named as one they cannot make again.
# Uses the running cluster named by PGHOST/PGPORT/PGUSER.  Prints TAP.
set -uo pipefail
source "$(dirname "$0")/lib/tap.sh"
source "$(dirname "$0")/lib/fingerprint.sh"
OLD=0.1.0
DB=sa_up_catkeys
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sa_upcatkeys.XXXXXX")
cleanup() {
	q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS ${DB}_x" -c "DROP DATABASE IF EXISTS ${DB}_f" >/dev/null 2>&1
	rm -rf "$WORK"
}
trap cleanup EXIT
CUR=$(q -d postgres -c "SELECT default_version FROM pg_available_extensions WHERE name = 'service_affair'")
if [ "$CUR" = "$OLD" ]; then echo "1..0 # SKIP nothing to update to"; exit 0; fi

q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS ${DB}_f" -c "CREATE DATABASE ${DB}_f" >/dev/null
q -d "${DB}_f" -c "SET client_min_messages = error" -c "CREATE EXTENSION service_affair" -c "SELECT service_affair.create_roles()" >/dev/null
fingerprint "${DB}_f" >"$WORK/fresh.fp"

old_db() { # label statements: a new ${DB}_x at 0.1.0, the statements run in it
	q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS ${DB}_x" -c "CREATE DATABASE ${DB}_x" >/dev/null
	q -d "${DB}_x" -c "SET client_min_messages = error" -c "CREATE EXTENSION service_affair VERSION '$OLD'" -c "SELECT service_affair.create_roles()" \
		-c "$2" >/dev/null 2>"$WORK/old.err"
	local st=$?
	tap $st "$OLD with $1"
	[ $st = 0 ] || sed 's/^/# /' "$WORK/old.err" | head -5
}
update() { # log: the update of ${DB}_x, verbose, into $WORK/log
	psql -X -q -At -d "${DB}_x" -c "\set VERBOSITY verbose" -c "ALTER EXTENSION service_affair UPDATE TO '$CUR'" >"$WORK/$1" 2>&1
}
version() { q -d "${DB}_x" -c "SELECT extversion FROM pg_extension WHERE extname = 'service_affair'"; }
show() { # log: the error, its detail and hint, as comments
	grep -v '^LOCATION' "$WORK/$1" | head -4 | cut -c1-1500 | sed 's/^/# /'
}
# the statements of the hint's sentence that ends the hint (sed pattern of its start)
hint_sql() { # log pattern
	sed -n "s/^HINT:  .*$2\(.*\)\.\$/\1/p" "$WORK/$1"
}
# runs statements in one transaction, then the update and create_roles()
remake_and_update() { # label sqlfile log
	{
		echo "BEGIN;"
		sed 's/; /;\n/g' "$WORK/$2"
		echo ";"
		echo "COMMIT;"
		echo "SET client_min_messages = warning;"
		echo "ALTER EXTENSION service_affair UPDATE TO '$CUR';"
		echo "SELECT service_affair.create_roles();"
	} | psql -X -q -At -v ON_ERROR_STOP=1 -d "${DB}_x" >/dev/null 2>"$WORK/$3" && [ "$(version)" = "$CUR" ]
	local st=$?
	tap $st "$1"
	[ $st = 0 ] || grep -v '^LOCATION' "$WORK/$3" | head -5 | cut -c1-400 | sed 's/^/# /'
}
same_schema() { # label
	fingerprint "${DB}_x" | diff - "$WORK/fresh.fp" >"$WORK/fp.diff"
	local st=$?
	tap $st "$1"
	[ $st = 0 ] || head -6 "$WORK/fp.diff" | sed 's/^/# /'
}

# -- 1. Departments coded catalog and directory, with rows referring to them
catalog_sql="
SET search_path = service_affair, pg_catalog;
INSERT INTO department (code, name, region) VALUES ('catalog', 'Catalog supervision', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit) VALUES ('cat_a', 'Four days', 'catalog', 'promised', 20, 4);
INSERT INTO bundle (code, name, lead_department) VALUES ('cat_b', 'One stage', 'catalog');
INSERT INTO bundle_item (bundle, item, stage) VALUES ('cat_b', 'cat_a', 1);
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Cat Person');
SELECT submit('cat_a', (SELECT id FROM applicant WHERE name = 'Cat Person'), '{}', 'window', '{}', '2026-03-02 10:00+08');
INSERT INTO inspector (id, name, department) VALUES ('CAT-1', 'Inspector one', 'catalog');
INSERT INTO staff (login, department) VALUES ('cat_reviewer', 'catalog');
SELECT create_ledger('catalog', 'sm3');"
old_db "a department coded catalog with an item, a bundle, an accepted case (its task), an inspector, a staff row and an sm3 ledger without entries, one coded directory with an inspector, and material_item_fkey dropped" "$catalog_sql
INSERT INTO department (code, name) VALUES ('directory', 'Directory office');
INSERT INTO inspector (id, name, department) VALUES ('DIR-1', 'Inspector two', 'directory');
ALTER TABLE material DROP CONSTRAINT material_item_fkey;"
update catalog.log
rc=$?
[ $rc != 0 ] && [ "$(grep -c '^ERROR:' "$WORK/catalog.log")" = 1 ] &&
	grep -q "^ERROR:  55000: foreign keys of the extension on its catalog tables were dropped or are defined unlike 0.1.0's; departments are coded catalog or directory, names of ledgers of 0.2.0\$" "$WORK/catalog.log" &&
	grep -q "^DETAIL:  Foreign keys of 0.1.0 on the catalog tables were dropped or made again otherwise (.*): material_item_fkey on table service_affair.material, dropped\. 0.2.0 names the ledger of the catalog's versions, which the public reads, catalog, and that of the deregistration marks directory: the ledger of a department so coded would be theirs; two are: catalog (1 cases, 1 tasks, 1 inspectors, 1 staff, 1 items, 1 bundles, a ledger of 0 entries); directory (1 inspectors)\.\$" "$WORK/catalog.log" &&
	[ "$(version)" = "$OLD" ]
st=$?
tap $st "the update refuses in one 55000 before anything changes, naming both departments with what refers to them and the foreign key dropped"
[ $st = 0 ] || show catalog.log
grep -q "^HINT:  .*Give the department another code before the update, in one transaction: .*: INSERT INTO service_affair.department (code, name, region) SELECT 'catalog_dept', name, region FROM service_affair.department WHERE code = 'catalog'; .*DELETE FROM service_affair.department WHERE code = 'catalog'; INSERT INTO service_affair.department (code, name, region) SELECT 'directory_dept', .*DELETE FROM service_affair.department WHERE code = 'directory'\.\$" "$WORK/catalog.log" &&
	! grep -q "SET code = " "$WORK/catalog.log"
st=$?
tap $st "the hint gives the statements that move each department to a new code, not an UPDATE of the code"
[ $st = 0 ] || grep '^HINT' "$WORK/catalog.log" | cut -c1-1500 | sed 's/^/# /'
# what the hint said until 2026-12-06: refused by 0.1.0 (cases.department does not cascade)
err=$(psql -X -q -At -d "${DB}_x" -c "\set VERBOSITY verbose" -c "UPDATE service_affair.department SET code = 'catalog_dept' WHERE code = 'catalog'" 2>&1)
check "an UPDATE of the department's code (the former hint) is refused in $OLD" "$(echo "$err" | sed -n 's/^ERROR:  \([0-9A-Z]*\):.*/\1/p' | head -1)" 23503
{
	sed -n 's/^HINT:  .*Make the foreign keys of 0.1.0 on the catalog tables again as 0.1.0 made them before the update (doc\/deployment.md, "Upgrades"): \(.*\)\. Give the department another code .*/\1/p' "$WORK/catalog.log"
	echo "; "
	hint_sql catalog.log 'no department coded catalog"): '
} | tr -d '\n' >"$WORK/catalog.sql"
remake_and_update "with the hint's statements run in one transaction, the update runs" catalog.sql catalog2.log
check "the case, its task, the inspectors, the staff row, the item, the bundle and the ledger (sm3) are the new departments'" \
	"$(q -d "${DB}_x" -c "SET search_path = service_affair, pg_catalog" -c "
	     SELECT concat_ws(' ', (SELECT string_agg(DISTINCT department, ',') FROM cases), (SELECT string_agg(DISTINCT department, ',') FROM task),
	                      (SELECT string_agg(id || ':' || department, ',' ORDER BY id) FROM inspector), (SELECT string_agg(department, ',') FROM staff),
	                      (SELECT department FROM item WHERE code = 'cat_a'), (SELECT lead_department FROM bundle WHERE code = 'cat_b'),
	                      (SELECT string_agg(name || ':' || algorithm, ',' ORDER BY name) FROM ledger WHERE department IS NOT NULL),
	                      (SELECT string_agg(code, ',' ORDER BY code) FROM department))")" \
	"catalog_dept catalog_dept CAT-1:catalog_dept,DIR-1:directory_dept catalog_dept catalog_dept catalog_dept catalog_dept:sm3 catalog_dept,directory_dept"
same_schema "then the updated schema equals a fresh install's"

# the procedure of doc/deployment.md, its block run as written (the update in it)
old_db "a department coded catalog with an item, a bundle, a case, an inspector, a staff row and a ledger, again" "$catalog_sql"
awk '/^\*\*From 0\.1\.0: no department coded `catalog`\.\*\*/{f = 1} f && /^```sql/{p = 1; next} p && /^```/{exit} p' \
	"$(dirname "$0")/../../doc/deployment.md" >"$WORK/doc.sql"
grep -q '^COMMIT;$' "$WORK/doc.sql" && grep -q '^ALTER EXTENSION service_affair UPDATE;$' "$WORK/doc.sql" &&
	psql -X -q -At -v ON_ERROR_STOP=1 -d "${DB}_x" -c "SET client_min_messages = warning" -f "$WORK/doc.sql" >/dev/null 2>"$WORK/doc.err" &&
	[ "$(version)" = "$CUR" ] &&
	[ "$(q -d "${DB}_x" -c "SELECT (SELECT string_agg(code, ',' ORDER BY code) FROM service_affair.department) || ' ' || (SELECT string_agg(DISTINCT department, ',') FROM service_affair.cases)")" = "catalog_dept catalog_dept" ]
st=$?
tap $st "the block of doc/deployment.md, \"From 0.1.0: no department coded catalog\", runs as written, the update with it"
[ $st = 0 ] || head -5 "$WORK/doc.err" | sed 's/^/# /'

# -- 2. A department coded catalog whose ledger holds entries: no way out
old_db "a department coded catalog with an inspection plan (entries in its ledger)" "
SET search_path = service_affair, pg_catalog;
INSERT INTO department (code, name) VALUES ('catalog', 'Catalog supervision');
SELECT create_plan('plan', ARRAY['catalog'], ARRAY[1, 1, 1, 1]::numeric[], sha256('\x01'::bytea));"
update logged.log
rc=$?
[ $rc != 0 ] && [ "$(grep -c '^ERROR:' "$WORK/logged.log")" = 1 ] &&
	grep -q "^ERROR:  55000: departments are coded catalog or directory, names of ledgers of 0.2.0\$" "$WORK/logged.log" &&
	grep -q "^DETAIL:  .*one is: catalog (a ledger of 1 entries, 1 inspection plans)\. The ledger of catalog holds inspection entries, each hashed with its name, in an append-only log: that department cannot be given another code, nor the database be updated to 0.2.0\.\$" "$WORK/logged.log" &&
	! grep -q "INSERT INTO service_affair.department" "$WORK/logged.log" && [ "$(version)" = "$OLD" ]
st=$?
tap $st "the update refuses a department coded catalog whose ledger holds entries, saying it cannot be given another code, and gives no statements"
[ $st = 0 ] || show logged.log

# -- 3. Keys of the catalog made again under their names otherwise
old_db "item_pkey made again as a plain index, department_pkey as a unique constraint on (code, name), calendar_pkey as a plain unique index with calendar_day_calendar_fkey made again on it" "
SET search_path = service_affair, pg_catalog;
ALTER TABLE item DROP CONSTRAINT item_pkey CASCADE;
CREATE INDEX item_pkey ON service_affair.item (code);
ALTER TABLE department DROP CONSTRAINT department_pkey CASCADE;
ALTER TABLE department ADD CONSTRAINT department_pkey UNIQUE (code, name);
ALTER TABLE calendar DROP CONSTRAINT calendar_pkey CASCADE;
CREATE UNIQUE INDEX calendar_pkey ON service_affair.calendar (name);
ALTER TABLE calendar_day ADD CONSTRAINT calendar_day_calendar_fkey FOREIGN KEY (calendar) REFERENCES calendar (name) ON UPDATE CASCADE ON DELETE CASCADE;"
update keys.log
rc=$?
[ $rc != 0 ] && [ "$(grep -c '^ERROR:' "$WORK/keys.log")" = 1 ] && ! grep -q '^ERROR:  42830' "$WORK/keys.log" &&
	grep -q "^ERROR:  55000: keys of the extension that its foreign keys refer to are defined unlike 0.1.0's\$" "$WORK/keys.log" &&
	grep -q "^DETAIL:  Foreign keys of the update refer to keys of 0.1.0 that were made again otherwise under their names, not the primary key 0.1.0 made (.*): calendar_pkey on table service_affair.calendar, now CREATE UNIQUE INDEX calendar_pkey ON service_affair.calendar USING btree (name); department_pkey on table service_affair.department, now unique (code, name); item_pkey on table service_affair.item, now CREATE INDEX item_pkey ON service_affair.item USING btree (code); foreign keys of 0.1.0 to them on other tables than the case tables are gone too (dropped with CASCADE): .*staff_department_fkey on table service_affair.staff\.\$" "$WORK/keys.log" &&
	[ "$(version)" = "$OLD" ]
st=$?
tap $st "the update refuses the three keys in one 55000 before anything changes, not 42830 in the middle"
[ $st = 0 ] || show keys.log
grep -q "^HINT:  Make the keys again as 0.1.0 made them before the update, dropping what is under their names first .*: DROP INDEX service_affair.calendar_pkey CASCADE; ALTER TABLE service_affair.calendar ADD CONSTRAINT calendar_pkey PRIMARY KEY (name); ALTER TABLE service_affair.department DROP CONSTRAINT department_pkey CASCADE; ALTER TABLE service_affair.department ADD CONSTRAINT department_pkey PRIMARY KEY (code); DROP INDEX service_affair.item_pkey CASCADE; ALTER TABLE service_affair.item ADD CONSTRAINT item_pkey PRIMARY KEY (code); .*ALTER TABLE service_affair.calendar_day ADD CONSTRAINT calendar_day_calendar_fkey FOREIGN KEY (calendar) REFERENCES service_affair.calendar(name) ON UPDATE CASCADE ON DELETE CASCADE; " "$WORK/keys.log"
st=$?
tap $st "the hint drops what is under each name, makes the key, then the foreign keys (calendar_day's, dropped by the CASCADE, too)"
[ $st = 0 ] || grep '^HINT' "$WORK/keys.log" | cut -c1-1500 | sed 's/^/# /'
hint_sql keys.log '"Upgrades"): ' >"$WORK/keys.sql"
remake_and_update "with the hint's statements run, the update runs" keys.sql keys2.log
same_schema "then the updated schema equals a fresh install's"

# -- 4. A relation of the DBA's under the name of a dropped key
old_db "applicant_pkey dropped with CASCADE and an index of the DBA's on staff named applicant_pkey" "
ALTER TABLE service_affair.applicant DROP CONSTRAINT applicant_pkey CASCADE;
CREATE INDEX applicant_pkey ON service_affair.staff (login);"
update taken.log
rc=$?
[ $rc != 0 ] && [ "$(grep -c '^ERROR:' "$WORK/taken.log")" = 1 ] &&
	grep -q "^ERROR:  55000: objects outside the extension take the names of indexes of the extension; keys of the extension that its foreign keys refer to were dropped\$" "$WORK/taken.log" &&
	grep -q "^DETAIL:  Keys of 0.1.0 that the update's foreign keys refer to are to be made again (below), and other relations have taken 1 of their names (ADD CONSTRAINT ... PRIMARY KEY would fail, 42P07): index service_affair.applicant_pkey on table service_affair.staff (0.1.0's is the primary key of table service_affair.applicant)\. Foreign keys of the update refer to keys of 0.1.0 that were dropped" "$WORK/taken.log" &&
	grep -q "^HINT:  Give yours another name (ALTER INDEX ... RENAME TO ...; .*) before the update .* Make the keys again as 0.1.0 made them before the update, with the foreign keys of 0.1.0 to them (.*): ALTER TABLE service_affair.applicant ADD CONSTRAINT applicant_pkey PRIMARY KEY (id); ALTER TABLE service_affair.evidence ADD CONSTRAINT evidence_applicant_fkey " "$WORK/taken.log" &&
	[ "$(version)" = "$OLD" ]
st=$?
tap $st "the update refuses in one 55000, naming the index that has taken applicant_pkey's name, the hint saying to rename it"
[ $st = 0 ] || show taken.log
{ echo "ALTER INDEX service_affair.applicant_pkey RENAME TO staff_login_idx; "; hint_sql taken.log '"Upgrades"): '; } | tr -d '\n' >"$WORK/taken.sql"
remake_and_update "with it renamed and the hint's statements run, the update runs" taken.sql taken2.log

# -- 5. Foreign keys of the catalog tables dropped by hand, their keys kept
old_db "ledger_name_fkey dropped and staff_department_fkey made again with ON DELETE CASCADE" "
ALTER TABLE service_affair.ledger DROP CONSTRAINT ledger_name_fkey;
ALTER TABLE service_affair.staff DROP CONSTRAINT staff_department_fkey,
    ADD CONSTRAINT staff_department_fkey FOREIGN KEY (department) REFERENCES service_affair.department ON UPDATE CASCADE ON DELETE CASCADE;"
update fkeys.log
rc=$?
[ $rc != 0 ] && [ "$(grep -c '^ERROR:' "$WORK/fkeys.log")" = 1 ] && ! grep -q '^ERROR:  42704' "$WORK/fkeys.log" &&
	grep -q "^ERROR:  55000: foreign keys of the extension on its catalog tables were dropped or are defined unlike 0.1.0's\$" "$WORK/fkeys.log" &&
	grep -q "^DETAIL:  Foreign keys of 0.1.0 on the catalog tables were dropped or made again otherwise (the update would stop at 75_catalog_ledger.sql's DROP CONSTRAINT ledger_name_fkey with 42704, or leave them unlike a fresh install's): ledger_name_fkey on table service_affair.ledger, dropped; staff_department_fkey on table service_affair.staff, defined unlike 0.1.0's\.\$" "$WORK/fkeys.log" &&
	grep -q "^HINT:  Make the foreign keys of 0.1.0 on the catalog tables again as 0.1.0 made them before the update (doc/deployment.md, \"Upgrades\"): ALTER TABLE service_affair.ledger ADD CONSTRAINT ledger_name_fkey FOREIGN KEY (name) REFERENCES service_affair.department(code); ALTER TABLE service_affair.staff DROP CONSTRAINT staff_department_fkey, ADD CONSTRAINT staff_department_fkey FOREIGN KEY (department) REFERENCES service_affair.department(code) ON UPDATE CASCADE\.\$" "$WORK/fkeys.log" &&
	[ "$(version)" = "$OLD" ]
st=$?
tap $st "the update refuses both in one 55000 before anything changes (not 42704 in the middle), the hint giving the statements"
[ $st = 0 ] || show fkeys.log
hint_sql fkeys.log '"Upgrades"): ' >"$WORK/fkeys.sql"
remake_and_update "with the hint's statements run, the update runs" fkeys.sql fkeys2.log
same_schema "then the updated schema equals a fresh install's"

# -- 6. Foreign keys of the DBA's to a key the hint drops with CASCADE
# (review of 2026-12-06): the CASCADE dropped them without a word, the hint
# saying only "yours you make again after"; now each is named with its
# definition and made again by the statements after the key, or, to other
# columns than the key's, named as one they cannot make again.
old_db "department_pkey made again as a plain unique index with a table of the DBA's, a partitioned one and staff_department_fkey referring to it, and item_pkey as a unique constraint on (code, name) with a table of the DBA's referring to (code, name)" "
SET search_path = service_affair, pg_catalog;
ALTER TABLE department DROP CONSTRAINT department_pkey CASCADE;
CREATE UNIQUE INDEX department_pkey ON service_affair.department (code);
ALTER TABLE staff ADD CONSTRAINT staff_department_fkey FOREIGN KEY (department) REFERENCES department (code) ON UPDATE CASCADE;
ALTER TABLE item DROP CONSTRAINT item_pkey CASCADE;
ALTER TABLE item ADD CONSTRAINT item_pkey UNIQUE (code, name);
INSERT INTO department (code, name) VALUES ('desk_dept', 'Desk department');
CREATE TABLE public.dba_desk (id int PRIMARY KEY, dept text CONSTRAINT dba_desk_dept_fkey REFERENCES service_affair.department (code) ON UPDATE CASCADE);
INSERT INTO public.dba_desk VALUES (1, 'desk_dept');
CREATE TABLE public.dba_log (at date NOT NULL, dept text, CONSTRAINT dba_log_dept_fkey FOREIGN KEY (dept) REFERENCES service_affair.department (code) DEFERRABLE) PARTITION BY RANGE (at);
CREATE TABLE public.dba_log_2026 PARTITION OF public.dba_log FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE public.dba_shelf (item text, item_name text, CONSTRAINT dba_shelf_item_fkey FOREIGN KEY (item, item_name) REFERENCES service_affair.item (code, name));"
update yours.log
rc=$?
[ $rc != 0 ] && [ "$(grep -c '^ERROR:' "$WORK/yours.log")" = 1 ] &&
	grep -q "^ERROR:  55000: keys of the extension that its foreign keys refer to are defined unlike 0.1.0's\$" "$WORK/yours.log" &&
	grep -q "^DETAIL:  .*; foreign keys of yours refer to them, which the CASCADE of the hint's statements drops and the statements make again after the keys, as they are: dba_desk_dept_fkey on table public.dba_desk (FOREIGN KEY (dept) REFERENCES service_affair.department(code) ON UPDATE CASCADE); dba_log_dept_fkey on table public.dba_log (FOREIGN KEY (dept) REFERENCES service_affair.department(code) DEFERRABLE); foreign keys of yours refer to them on other columns than the key 0.1.0 made, which the CASCADE of the hint's statements drops and which cannot be made again to that key (42830): dba_shelf_item_fkey on table public.dba_shelf (FOREIGN KEY (item, item_name) REFERENCES service_affair.item(code, name))\.\$" "$WORK/yours.log" &&
	! grep '^DETAIL' "$WORK/yours.log" | grep -q "staff_department_fkey\|dba_log_2026" &&
	[ "$(version)" = "$OLD" ]
st=$?
tap $st "the update refuses in one 55000, the detail naming the DBA's foreign keys that the hint's CASCADE drops, with their definitions (the partitioned table's once, not 0.1.0's staff_department_fkey)"
[ $st = 0 ] || show yours.log
grep -q "^HINT:  .*the statements make those of 0.1.0 again, and yours named in the detail as they are; yours to other columns than the key's, named in the detail, you make again after, over a key of yours on those columns), with the foreign keys of 0.1.0 and yours to them .*: DROP INDEX service_affair.department_pkey CASCADE; ALTER TABLE service_affair.department ADD CONSTRAINT department_pkey PRIMARY KEY (code); .*ALTER TABLE service_affair.staff ADD CONSTRAINT staff_department_fkey .*; ALTER TABLE public.dba_desk ADD CONSTRAINT dba_desk_dept_fkey FOREIGN KEY (dept) REFERENCES service_affair.department(code) ON UPDATE CASCADE; ALTER TABLE public.dba_log ADD CONSTRAINT dba_log_dept_fkey FOREIGN KEY (dept) REFERENCES service_affair.department(code) DEFERRABLE\.\$" "$WORK/yours.log" &&
	! grep '^HINT' "$WORK/yours.log" | grep -q "ADD CONSTRAINT dba_shelf_item_fkey"
st=$?
tap $st "the hint's statements make the DBA's foreign keys again after the keys and 0.1.0's, not the one to (code, name)"
[ $st = 0 ] || grep '^HINT' "$WORK/yours.log" | cut -c1-2500 | sed 's/^/# /'
hint_sql yours.log '"Upgrades"): ' >"$WORK/yours.sql"
remake_and_update "with the hint's statements run, the update runs" yours.sql yours2.log
check "the DBA's foreign keys to department(code) are there as they were (the partition's with its parent's), dba_shelf's to item(code, name) is not" \
	"$(q -d "${DB}_x" -c "SELECT string_agg(conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid), '; ' ORDER BY conrelid::regclass::text, conname)
	     FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace")" \
	"dba_desk dba_desk_dept_fkey FOREIGN KEY (dept) REFERENCES service_affair.department(code) ON UPDATE CASCADE; dba_log dba_log_dept_fkey FOREIGN KEY (dept) REFERENCES service_affair.department(code) DEFERRABLE; dba_log_2026 dba_log_dept_fkey FOREIGN KEY (dept) REFERENCES service_affair.department(code) DEFERRABLE"
check "the DBA's row is kept, and the foreign key refuses a department that is not there" \
	"$(q -d "${DB}_x" -c "SELECT dept FROM public.dba_desk")$(psql -X -q -At -d "${DB}_x" -c "\set VERBOSITY verbose" -c "INSERT INTO public.dba_desk VALUES (2, 'no_such')" 2>&1 | sed -n 's/^ERROR:  \([0-9A-Z]*\):.*/ \1/p')" \
	"desk_dept 23503"
same_schema "then the updated schema equals a fresh install's"

# -- 7. The same with names that need quoting (review of 2026-12-06): a
# schema and table of the DBA's with capitals and spaces, a constraint name
# with a quote and a capital, NOT VALID, ON DELETE SET NULL (column), and
# one made on a partition alone (not its parent's)
old_db "item_pkey made again as a plain unique index, with foreign keys of the DBA's to it under names that need quoting" "
SET search_path = service_affair, pg_catalog;
ALTER TABLE item DROP CONSTRAINT item_pkey CASCADE;
CREATE UNIQUE INDEX item_pkey ON service_affair.item (code);
ALTER TABLE material ADD CONSTRAINT material_item_fkey FOREIGN KEY (item) REFERENCES item (code) ON UPDATE CASCADE ON DELETE CASCADE;
ALTER TABLE bundle_item ADD CONSTRAINT bundle_item_item_fkey FOREIGN KEY (item) REFERENCES item (code) ON UPDATE CASCADE;
CREATE SCHEMA \"Dba S\";
CREATE TABLE \"Dba S\".\"Stock Room\" (id int, item text, note text);
INSERT INTO \"Dba S\".\"Stock Room\" VALUES (1, 'gone_item', 'kept NOT VALID');
ALTER TABLE \"Dba S\".\"Stock Room\" ADD CONSTRAINT \"Stock's Item\" FOREIGN KEY (item) REFERENCES service_affair.item (code) ON DELETE SET NULL (item) DEFERRABLE INITIALLY DEFERRED NOT VALID;
CREATE TABLE \"Dba S\".\"Log\" (at date NOT NULL, item text) PARTITION BY RANGE (at);
CREATE TABLE \"Dba S\".\"Log 2026\" PARTITION OF \"Dba S\".\"Log\" FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
ALTER TABLE \"Dba S\".\"Log 2026\" ADD CONSTRAINT \"Log 2026 Item\" FOREIGN KEY (item) REFERENCES service_affair.item (code);"
update quoted.log
grep -q "^HINT:  .*ALTER TABLE \"Dba S\".\"Log 2026\" ADD CONSTRAINT \"Log 2026 Item\" FOREIGN KEY (item) REFERENCES service_affair.item(code); ALTER TABLE \"Dba S\".\"Stock Room\" ADD CONSTRAINT \"Stock's Item\" FOREIGN KEY (item) REFERENCES service_affair.item(code) ON DELETE SET NULL (item) DEFERRABLE INITIALLY DEFERRED NOT VALID\.\$" "$WORK/quoted.log" && [ "$(version)" = "$OLD" ]
st=$?
tap $st "the hint's statements name the DBA's tables and foreign keys quoted, NOT VALID, DEFERRABLE and the column list of SET NULL kept"
[ $st = 0 ] || grep '^HINT' "$WORK/quoted.log" | cut -c1-3000 | sed 's/^/# /'
hint_sql quoted.log '"Upgrades"): ' >"$WORK/quoted.sql"
remake_and_update "with the hint's statements run, the update runs" quoted.sql quoted2.log
check "the DBA's foreign keys are there as they were" \
	"$(q -d "${DB}_x" -c "SELECT string_agg(conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid), '; ' ORDER BY conrelid::regclass::text, conname)
	     FROM pg_constraint WHERE contype = 'f' AND connamespace = '\"Dba S\"'::regnamespace")" \
	"\"Dba S\".\"Log 2026\" Log 2026 Item FOREIGN KEY (item) REFERENCES service_affair.item(code); \"Dba S\".\"Stock Room\" Stock's Item FOREIGN KEY (item) REFERENCES service_affair.item(code) ON DELETE SET NULL (item) DEFERRABLE INITIALLY DEFERRED NOT VALID"
same_schema "then the updated schema equals a fresh install's"

# -- 8. An object of the DBA's that depends on such a key itself, not a
# foreign key (review of 2026-12-06): a view grouping by item's primary key
# (its other columns functionally dependent on it) depends on the
# constraint, and the hint's DROP CONSTRAINT ... CASCADE dropped it without
# a word; now named in the detail, to be dropped first and made again after
old_db "item_pkey made again as a primary key with INCLUDE, and a view of the DBA's grouping by it" "
SET search_path = service_affair, pg_catalog;
ALTER TABLE item DROP CONSTRAINT item_pkey CASCADE;
ALTER TABLE item ADD CONSTRAINT item_pkey PRIMARY KEY (code) INCLUDE (name);
ALTER TABLE material ADD CONSTRAINT material_item_fkey FOREIGN KEY (item) REFERENCES item (code) ON UPDATE CASCADE ON DELETE CASCADE;
ALTER TABLE bundle_item ADD CONSTRAINT bundle_item_item_fkey FOREIGN KEY (item) REFERENCES item (code) ON UPDATE CASCADE;
CREATE VIEW public.item_materials AS SELECT i.code, i.name, count(m.item) AS materials FROM service_affair.item i LEFT JOIN service_affair.material m ON m.item = i.code GROUP BY i.code;"
update viewdep.log
rc=$?
[ $rc != 0 ] && grep -q "^DETAIL:  .*objects of yours depend on them, which the CASCADE of the hint's statements drops and the statements do not make again (drop them before the statements and make them again after the update): view public.item_materials\(\.\|;\)" "$WORK/viewdep.log" &&
	grep -q "^HINT:  .*objects of yours that depend on them, named in the detail, you drop first and make again after" "$WORK/viewdep.log" &&
	[ "$(version)" = "$OLD" ]
st=$?
tap $st "the refusal names the DBA's view that the hint's CASCADE would drop"
[ $st = 0 ] || grep '^DETAIL\|^HINT' "$WORK/viewdep.log" | cut -c1-3000 | sed 's/^/# /'
{ echo "DROP VIEW public.item_materials; "; hint_sql viewdep.log '"Upgrades"): '; } | tr -d '\n' >"$WORK/viewdep.sql"
remake_and_update "with the view dropped and the hint's statements run, the update runs" viewdep.sql viewdep2.log
same_schema "then the updated schema equals a fresh install's"

# -- A staff row for a group role (stop 68): 0.2.0 refuses such rows
# (staff_login_person, 05_org.sql); the update stops, naming them, and runs
# once they are gone
old_db "a staff row for service_affair_clerk" "
SET search_path = service_affair, pg_catalog;
INSERT INTO department (code, name, region) VALUES ('sg_d', 'Staff of a group', '330225');
INSERT INTO staff (login, department) VALUES ('service_affair_clerk', 'sg_d'), ('sg_person', 'sg_d');"
update staffgroup.log
rc=$?
[ $rc != 0 ] && grep -q "^ERROR:  23514: staff rows name group roles: service_affair_clerk (sg_d)\$" "$WORK/staffgroup.log" &&
	grep -q "^HINT:  Delete those rows" "$WORK/staffgroup.log" && [ "$(version)" = "$OLD" ]
st=$?
tap $st "the update stops with 23514 naming the staff row of a group role, nothing updated"
[ $st = 0 ] || show staffgroup.log
echo "DELETE FROM service_affair.staff WHERE login = 'service_affair_clerk'" >"$WORK/staffgroup.sql"
remake_and_update "with the row deleted, the update runs" staffgroup.sql staffgroup2.log
same_schema "then the updated schema equals a fresh install's"
[ "$(q -d "${DB}_x" -c "SELECT string_agg(login || '/' || department, ',') FROM service_affair.staff")" = "sg_person/sg_d" ]
tap $? "the person's staff row is kept"

echo "1..$n"
[ $failed = 0 ]
