#!/usr/bin/env bash
# A DBA's own objects and grants over the 0.1.0 case tables and the update to 0.2.0
# (doc/deployment.md, "Upgrades"): the update makes cases, case_material,
# case_event, task, task_suspension, rating and rectification partitioned
# tables, each old table becoming the partition <t>_active.  A view, a
# foreign key or a function of the DBA's over an old table would follow it to
# the partition: the view would lose every case settle_cases() moves into the
# history, the foreign key would refuse settling (or cascade the delete).
# Checked:
#   - the update refuses them (55000), naming each, and changes nothing;
#   - a view over a table the update keeps (applicant) does not stop it;
#   - dropped, the update runs, and a view made again over cases reads the
#     partitioned table;
#   - grants made by hand on columns of an old table, and grant options, go
#     to the parent as the table's grants do (left on the partition, a column
#     grant gave nothing through cases), and survive a dump and restore;
#   - objects over what the update drops and makes again (a view over
#     task_sla, a materialized view over case_sla, a view and a BEGIN ATOMIC
#     function calling sla_as_of(), a trigger of the DBA's table on
#     insp_refuse_change(), which the update drops with CASCADE): refused
#     first (55000, the detail naming each), nothing changed; until 2026-12-05
#     PostgreSQL's 2BP01 stopped the update in the middle, and the trigger was
#     dropped without a word.  One view per DROP FUNCTION, DROP VIEW and DROP
#     INDEX of sql/upgrade/0.1.0--0.2.0/ checks that the update's list has
#     every object it drops;
#   - objects of both kinds are refused in one error, naming them all (until
#     2026-12-05 the second kind came only after the first was fixed).
#   - an index, a statistics object, a rule and a row trigger with
#     transition tables of the DBA's on case tables are refused in the same 55000, nothing changed; a trigger, a policy, a
#     default, a grant and a publication's membership go to the parents;
#   - an index under the name of one of 0.1.0's made again with another
#     definition is refused in the same 55000, its 0.1.0 statement in the hint;
#   - an index of 0.1.0 that the DBA dropped: one the update drops or
#     replaces (task_case_idx, case_event_case_idx, case_event_pkey) stopped
#     it in the middle with 42704/42P01, one it only carries
#     (cases_applicant_idx, rating_case_id_key, task_case_item) was left out
#     without a word; now the update runs, makes the carried ones again (a
#     WARNING names them) and the schema equals a fresh install's
#     (fingerprint); an index of the DBA's on another table under such a
#     name is refused in the one 55000 (the update dropped it); a unique
#     one that rows written since break is refused in a 55000 that says so;
#   - a foreign key of 0.1.0 that the DBA dropped (with cases_pkey,
#     task_pkey, rating_pkey CASCADE, or by hand) was not made again, the
#     keys were: now the update makes it again (a WARNING names it) and the
#     schema equals a fresh install's; one that rows written since break is
#     refused in a 55000 that says so; one made again under its name with
#     another definition (ON DELETE CASCADE, NOT VALID, DEFERRABLE, a CHECK)
#     is refused in the one 55000, the statements that make 0.1.0's in the
#     hint, and with those the updated schema equals a fresh install's;
#     a NOT VALID foreign key of the DBA's to the catalog (which stopped the
#     update in the middle, 42809) is refused in the one 55000 too;
#   - the one 55000 words 0.1.0's indexes and foreign keys made again
#     otherwise as such (until 2026-12-06 they were "of yours", and the
#     hint said to drop them and make them again after the update);
#   - a foreign key of the DBA's among the case tables (it stayed on
#     <t>_active without a word) is refused in the one 55000, one to the
#     catalog is not;
#   - a key of 0.1.0 outside the case tables that the update's foreign keys
#     need (applicant_pkey, item_pkey, department_pkey dropped with CASCADE:
#     the update stopped in the middle with 42830) is refused in the one
#     55000 with the foreign keys of other tables that went with it, the
#     hint giving the statements; with them the update runs and the schema
#     equals a fresh install's;
#   - settings made by hand: statistics targets and n_distinct, storage,
#     compression, replica identity FULL/NOTHING go to the parents and the
#     settled partitions; storage parameters and a replica identity on an
#     index stay on <t>_active, said in a WARNING (case_event's identity on its
#     old key moves to the new key).
# Uses the running cluster named by PGHOST/PGPORT/PGUSER.  Prints TAP.
set -uo pipefail
source "$(dirname "$0")/lib/tap.sh"
source "$(dirname "$0")/lib/fingerprint.sh"
OLD=0.1.0
DB=sa_up_dependents
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sa_updeps.XXXXXX")
cleanup() {
	q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DB" -c "DROP DATABASE IF EXISTS ${DB}_r" -c "DROP DATABASE IF EXISTS ${DB}_x" -c "DROP DATABASE IF EXISTS ${DB}_f" \
		-c "DROP ROLE IF EXISTS sa_updeps_reader" -c "DROP ROLE IF EXISTS sa_updeps_lead" -c "DROP TABLESPACE IF EXISTS sa_updeps_ts" >/dev/null 2>&1
	rm -rf "$WORK"
}
trap cleanup EXIT
CUR=$(q -d postgres -c "SELECT default_version FROM pg_available_extensions WHERE name = 'service_affair'")
if [ "$CUR" = "$OLD" ]; then echo "1..0 # SKIP nothing to update to"; exit 0; fi
q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null

q -d "$DB" >/dev/null <<'SQL'
CREATE EXTENSION service_affair VERSION '0.1.0';
SELECT service_affair.create_roles();
CREATE VIEW public.open_cases AS SELECT c.id, c.status FROM service_affair.cases c;
CREATE TABLE public.case_note (case_id bigint REFERENCES service_affair.cases ON DELETE CASCADE, note text);
CREATE FUNCTION public.case_label(c service_affair.task) RETURNS text LANGUAGE plpgsql AS $$ BEGIN RETURN c.id::text; END $$;
CREATE FUNCTION public.rating_count(r service_affair.rating[]) RETURNS integer LANGUAGE sql AS $$ SELECT cardinality(r) $$;
CREATE VIEW public.people AS SELECT a.id, a.kind FROM service_affair.applicant a;
DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sa_updeps_reader') THEN CREATE ROLE sa_updeps_reader; END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sa_updeps_lead') THEN CREATE ROLE sa_updeps_lead; END IF;
END $$;
GRANT USAGE ON SCHEMA service_affair TO sa_updeps_reader, sa_updeps_lead;
GRANT SELECT (id, status) ON service_affair.cases TO sa_updeps_reader;
GRANT SELECT ON service_affair.task TO sa_updeps_lead WITH GRANT OPTION;
GRANT SELECT (id, level) ON service_affair.rating TO PUBLIC;
GRANT SELECT (id, kind) ON service_affair.applicant TO PUBLIC;
SQL
tap $? "$OLD with a view over cases, a table with a foreign key to cases, a function of task rows, one of arrays of rating rows, a view over applicant, a column grant on cases, ones to PUBLIC on rating and applicant and a grant with grant option on task"

psql -X -q -At -d "$DB" -v VERBOSITY=verbose -c "\set VERBOSITY verbose" -c "ALTER EXTENSION service_affair UPDATE TO '$CUR'" >"$WORK/update.log" 2>&1
rc=$?
[ $rc != 0 ] && grep -q '55000' "$WORK/update.log" && grep -q 'view public.open_cases' "$WORK/update.log" &&
	grep -q 'constraint case_note_case_id_fkey on table public.case_note' "$WORK/update.log" && grep -q 'function public.case_label' "$WORK/update.log" &&
	grep -q 'function public.rating_count' "$WORK/update.log" &&
	! grep -q 'public.people' "$WORK/update.log"
tap $? "the update refuses (55000), naming the view over cases, the foreign key and the functions (of rows, of arrays of rows), not the view over applicant"
head -3 "$WORK/update.log" | cut -c1-300 | sed 's/^/# /'
[ "$(q -d "$DB" -c "SELECT e.extversion || ' ' || c.relkind::text FROM pg_extension e, pg_class c
                      WHERE e.extname = 'service_affair' AND c.oid = 'service_affair.cases'::regclass")" = "$OLD r" ] &&
	q -d "$DB" -c "SELECT pg_get_viewdef('public.open_cases')" | grep -q 'service_affair.cases\b'
tap $? "nothing changed: still $OLD, cases a plain table, the view over it"

q -d "$DB" -c "DROP VIEW public.open_cases" -c "DROP TABLE public.case_note" -c "DROP FUNCTION public.case_label(service_affair.task)" -c "DROP FUNCTION public.rating_count(service_affair.rating[])" \
	-c "ALTER EXTENSION service_affair UPDATE TO '$CUR'" -c "SELECT service_affair.create_roles()" >"$WORK/update2.log" 2>&1 &&
	[ "$(q -d "$DB" -c "SELECT extversion FROM pg_extension WHERE extname = 'service_affair'")" = "$CUR" ]
tap $? "with them dropped the update runs (the view over applicant stays)"
q -d "$DB" -c "CREATE VIEW public.open_cases AS SELECT c.id, c.status FROM service_affair.cases c" >/dev/null &&
	[ "$(q -d "$DB" -c "SELECT DISTINCT c.relkind FROM pg_depend d JOIN pg_rewrite w ON w.oid = d.objid JOIN pg_class c ON c.oid = d.refobjid
	                     WHERE w.ev_class = 'public.open_cases'::regclass AND d.refclassid = 'pg_class'::regclass AND c.relnamespace = 'service_affair'::regnamespace")" = p ]
tap $? "made again, the view over cases reads the partitioned table"

grants() { # database: the hand-made grants on the case tables, columns included
	# (the table's and its columns' apart: analysts hold columns of task)
	q -d "$1" -c "SELECT c.relname || coalesce('.' || a.attname, '') || ' ' || x.grantee::regrole || ' ' || x.privilege_type || ' ' || x.is_grantable
	                FROM pg_class c LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND a.attacl IS NOT NULL,
	                     aclexplode(coalesce(a.attacl, c.relacl)) x
	               WHERE c.relnamespace = 'service_affair'::regnamespace AND c.relname ~ '^(cases|task)(_active)?$'
	                 AND x.grantee::regrole::text LIKE 'sa_updeps_%'
	              UNION
	              SELECT c.relname || ' ' || x.grantee::regrole || ' ' || x.privilege_type || ' ' || x.is_grantable
	                FROM pg_class c, aclexplode(c.relacl) x
	               WHERE c.relnamespace = 'service_affair'::regnamespace AND c.relname ~ '^(cases|task)(_active)?$'
	                 AND x.grantee::regrole::text LIKE 'sa_updeps_%' ORDER BY 1"
}
[ "$(grants "$DB" | tr '\n' ';')" = "cases.id sa_updeps_reader SELECT false;cases.status sa_updeps_reader SELECT false;task sa_updeps_lead SELECT true;" ] &&
	[ "$(q -d "$DB" -c "SET ROLE sa_updeps_reader" -c "SELECT count(id) + count(status) FROM service_affair.cases")" = 0 ]
st=$?
tap $st "the column grant on cases and the grant option on task are the parents', none is left on the partitions; the reader reads its columns of cases"
[ $st = 0 ] || grants "$DB" | sed 's/^/# /'
q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS ${DB}_r" -c "CREATE DATABASE ${DB}_r" >/dev/null
pg_dump -Fc -d "$DB" -f "$WORK/db.dump" 2>/dev/null && pg_restore --exit-on-error -d "${DB}_r" "$WORK/db.dump" >"$WORK/restore.log" 2>&1 &&
	[ "$(grants "${DB}_r")" = "$(grants "$DB")" ]
tap $? "a dump of the updated database restores them"
public_grants() { # database: what PUBLIC holds on the columns of rating and applicant
	q -d "$1" -c "SELECT string_agg(a.attrelid::regclass || '.' || a.attname || ' ' || x.privilege_type, ', ' ORDER BY a.attrelid::regclass::text, a.attnum)
	                FROM pg_attribute a, aclexplode(a.attacl) x
	               WHERE a.attrelid IN ('service_affair.rating'::regclass, 'service_affair.applicant'::regclass) AND a.attnum > 0 AND x.grantee = 0"
}
want='service_affair.applicant.id SELECT, service_affair.applicant.kind SELECT, service_affair.rating.id SELECT, service_affair.rating.level SELECT'
[ "$(public_grants "$DB")" = "$want" ] && [ "$(public_grants "${DB}_r")" = "$want" ]
st=$?
tap $st "the column grants to PUBLIC (rating's on the parent, applicant's) survive the dump and restore"
[ $st = 0 ] || echo "# updated: $(public_grants "$DB"); restored: $(public_grants "${DB}_r")"
q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS ${DB}_r" >/dev/null

# Objects of the DBA over what the update drops (and makes again): refused
# first, each named, 55000, nothing changed (until 2026-12-05: 2BP01 in the
# middle of the update, and a trigger on insp_refuse_change() dropped by its
# CASCADE without a word)
q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS ${DB}_x" -c "CREATE DATABASE ${DB}_x" >/dev/null
q -d "${DB}_x" >/dev/null <<'SQL'
CREATE EXTENSION service_affair VERSION '0.1.0';
CREATE VIEW public.late_tasks AS SELECT s.task_id, s.state FROM service_affair.task_sla s WHERE s.state = 'overdue';
CREATE MATERIALIZED VIEW public.case_states AS SELECT s.state, count(*) AS n FROM service_affair.case_sla s GROUP BY s.state;
CREATE VIEW public.report_instant AS SELECT service_affair.sla_as_of() AS at;
CREATE FUNCTION public.report_at() RETURNS timestamptz LANGUAGE sql BEGIN ATOMIC SELECT service_affair.sla_as_of(); END;
CREATE TABLE public.frozen (x int);
CREATE TRIGGER frozen_no_change BEFORE UPDATE ON public.frozen FOR EACH ROW EXECUTE FUNCTION service_affair.insp_refuse_change();
SQL
tap $? "$OLD with a view over task_sla, a materialized view over case_sla, a view and a function calling sla_as_of(), a trigger on insp_refuse_change()"
psql -X -q -At -d "${DB}_x" -c "\set VERBOSITY verbose" -c "ALTER EXTENSION service_affair UPDATE TO '$CUR'" >"$WORK/drops.log" 2>&1
rc=$?
[ $rc != 0 ] && grep -q '^ERROR:  55000: objects outside the extension depend on objects the update drops' "$WORK/drops.log" &&
	grep -q '^DETAIL: .* 5 of yours depend on them: ' "$WORK/drops.log" &&
	grep -q 'materialized view public.case_states (on view service_affair.case_sla)' "$WORK/drops.log" &&
	grep -q 'view public.late_tasks (on view service_affair.task_sla)' "$WORK/drops.log" &&
	grep -q 'view public.report_instant (on function service_affair.sla_as_of())' "$WORK/drops.log" &&
	grep -q 'function public.report_at() (on function service_affair.sla_as_of())' "$WORK/drops.log" &&
	grep -q 'trigger frozen_no_change on public.frozen (on function service_affair.insp_refuse_change())' "$WORK/drops.log"
tap $? "the update refuses (55000), the detail naming the views, the materialized view, the function and the trigger with what each depends on"
head -3 "$WORK/drops.log" | cut -c1-400 | sed 's/^/# /'
[ "$(q -d "${DB}_x" -c "SELECT extversion FROM pg_extension WHERE extname = 'service_affair'")" = "$OLD" ] &&
	[ "$(q -d "${DB}_x" -c "SELECT count(*) FROM pg_class WHERE oid IN (to_regclass('public.late_tasks'), to_regclass('public.case_states'), to_regclass('public.report_instant'))") $(q -d "${DB}_x" -c "SELECT count(*) FROM pg_trigger WHERE tgname = 'frozen_no_change'")" = "3 1" ]
tap $? "nothing changed: still $OLD, the DBA's objects in place"
q -d "${DB}_x" -c "DROP VIEW public.late_tasks, public.report_instant" -c "DROP MATERIALIZED VIEW public.case_states" -c "DROP FUNCTION public.report_at()" \
	-c "DROP TRIGGER frozen_no_change ON public.frozen" -c "ALTER EXTENSION service_affair UPDATE TO '$CUR'" >/dev/null 2>"$WORK/drops2.log" &&
	[ "$(q -d "${DB}_x" -c "SELECT extversion FROM pg_extension WHERE extname = 'service_affair'")" = "$CUR" ] &&
	q -d "${DB}_x" -c "CREATE VIEW public.late_tasks AS SELECT s.task_id, s.state FROM service_affair.task_sla s WHERE s.state = 'overdue'" >/dev/null
tap $? "with them dropped the update runs, and the view over task_sla is made again"

# Every object a DROP FUNCTION, DROP VIEW or DROP INDEX of the update names
# (with its 0.1.0 signature: lock_rectification took service_affair.rating,
# rating_active once the table is partitioned): a view of the DBA over each
# (its regprocedure or regclass) is refused, every one of them counted
grep -h -o -E '^DROP (FUNCTION|VIEW|INDEX) [^;]*' "${SA_TOP:-$(dirname "$0")/../..}"/sql/upgrade/0.1.0--0.2.0/*.sql |
	sed -e 's/ CASCADE$//' -e 's/ IF EXISTS / /' -e 's/service_affair\.rating_active/service_affair.rating/' | grep -v 'partition_in_place' >"$WORK/drops.txt"
ndrops=$(wc -l <"$WORK/drops.txt")
q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS ${DB}_x" -c "CREATE DATABASE ${DB}_x" >/dev/null
{
	echo "CREATE EXTENSION service_affair VERSION '0.1.0';"
	i=0
	while read -r _ kind obj; do
		i=$((i + 1))
		case $kind in FUNCTION) cast=regprocedure ;; *) cast=regclass ;; esac
		echo "CREATE VIEW public.dep_$i AS SELECT '$obj'::$cast AS o;"
	done <"$WORK/drops.txt"
} | q -d "${DB}_x" -v ON_ERROR_STOP=1 >"$WORK/sweep.log" 2>&1
st=$?
tap $st "$OLD with a view over each of the $ndrops objects the update drops"
[ $st = 0 ] || sed 's/^/# /' "$WORK/sweep.log" | head -5
psql -X -q -At -d "${DB}_x" -c "\set VERBOSITY verbose" -c "ALTER EXTENSION service_affair UPDATE TO '$CUR'" >"$WORK/sweep2.log" 2>&1
[ $? != 0 ] && [ "$ndrops" -gt 70 ] && grep -q "^ERROR:  55000: objects outside the extension depend on objects the update drops" "$WORK/sweep2.log" &&
	grep -q "^DETAIL: .* $ndrops of yours depend on them: " "$WORK/sweep2.log"
st=$?
tap $st "each of them is refused (55000, $ndrops counted): the update's list has every object it drops"
[ $st = 0 ] || head -3 "$WORK/sweep2.log" | cut -c1-400 | sed 's/^/# /'
q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS ${DB}_x" >/dev/null

# Objects of both kinds, over a case table and over what the update drops:
# one refusal names them all (until 2026-12-05 the objects over the case
# tables were a second check, in 39_cases_partition.sql, which a DBA met only
# after dropping the others and running the update again)
q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS ${DB}_x" -c "CREATE DATABASE ${DB}_x" >/dev/null
q -d "${DB}_x" >/dev/null <<'SQL'
CREATE EXTENSION service_affair VERSION '0.1.0';
CREATE VIEW public.open_cases AS SELECT c.id, c.status FROM service_affair.cases c;
CREATE FUNCTION public.rating_count(r service_affair.rating[]) RETURNS integer LANGUAGE sql AS $$ SELECT cardinality(r) $$;
CREATE VIEW public.late_tasks AS SELECT s.task_id, s.state FROM service_affair.task_sla s WHERE s.state = 'overdue';
SQL
tap $? "$OLD with a view over cases, a function of arrays of rating rows and a view over task_sla"
psql -X -q -At -d "${DB}_x" -c "\set VERBOSITY verbose" -c "ALTER EXTENSION service_affair UPDATE TO '$CUR'" >"$WORK/both.log" 2>&1
rc=$?
[ $rc != 0 ] && [ "$(grep -c '^ERROR:' "$WORK/both.log")" = 1 ] &&
	grep -q '^ERROR:  55000: objects outside the extension depend on objects the update drops and on the case tables$' "$WORK/both.log" &&
	grep -q '^DETAIL: .* 1 of yours depend on them: view public.late_tasks (on view service_affair.task_sla)\. .* 2 of yours depend on them: ' "$WORK/both.log" &&
	grep -q 'view public.open_cases (on table service_affair.cases)' "$WORK/both.log" &&
	grep -q 'function public.rating_count(.*) (on type service_affair.rating\[\])' "$WORK/both.log" &&
	[ "$(q -d "${DB}_x" -c "SELECT extversion FROM pg_extension WHERE extname = 'service_affair'")" = "$OLD" ]
st=$?
tap $st "objects of both kinds: one refusal (55000) names the view over task_sla and, with what each depends on, the view over cases and the function of rating[]; nothing changed"
[ $st = 0 ] || head -4 "$WORK/both.log" | cut -c1-600 | sed 's/^/# /'
q -d "${DB}_x" -c "DROP VIEW public.open_cases, public.late_tasks" -c "DROP FUNCTION public.rating_count(service_affair.rating[])" \
	-c "ALTER EXTENSION service_affair UPDATE TO '$CUR'" >/dev/null 2>"$WORK/both2.log" &&
	[ "$(q -d "${DB}_x" -c "SELECT extversion FROM pg_extension WHERE extname = 'service_affair'")" = "$CUR" ]
tap $? "with the three it named dropped, the update runs"
q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS ${DB}_x" >/dev/null

# What depends on a case table automatically (review of 2026-12-05), of the
# DBA's: an index, a statistics object or a rule would stay on the partition
# <t>_active, the parent having none; a row trigger with transition tables
# cannot be the parent's.  The update refuses them in its one 55000 and
# changes nothing (until then it ran and left the first three there without
# a word, and stopped in the middle at the trigger).  A trigger, a row policy, a
# default calling a sequence of the DBA's, a grant and a plain membership
# of a publication go to the parent (the membership stayed with the
# partition until then, so cases were published no more).
q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS ${DB}_x" -c "CREATE DATABASE ${DB}_x" >/dev/null
q -d "${DB}_x" >/dev/null 2>"$WORK/auto.err" <<'SQL'
SET client_min_messages = error;
CREATE EXTENSION service_affair VERSION '0.1.0';
SELECT service_affair.create_roles();
CREATE TABLE public.task_gone (id bigint);
CREATE INDEX my_idx ON service_affair.cases (region);
CREATE STATISTICS public.my_stats ON department, region FROM service_affair.cases;
CREATE RULE my_rule AS ON DELETE TO service_affair.task DO ALSO INSERT INTO public.task_gone VALUES (old.id);
CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER my_trg BEFORE UPDATE ON service_affair.cases FOR EACH ROW EXECUTE FUNCTION public.touch();
CREATE FUNCTION public.nothing() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE TRIGGER my_trans AFTER INSERT ON service_affair.rating REFERENCING NEW TABLE AS nt FOR EACH ROW EXECUTE FUNCTION public.nothing();
CREATE TRIGGER my_stmt AFTER INSERT ON service_affair.task REFERENCING NEW TABLE AS nt FOR EACH STATEMENT EXECUTE FUNCTION public.nothing();
CREATE POLICY my_pol ON service_affair.cases FOR SELECT TO sa_updeps_reader USING (region IS NOT NULL);
CREATE SEQUENCE public.my_seq;
ALTER TABLE service_affair.case_event ALTER COLUMN from_status SET DEFAULT nextval('public.my_seq')::text;
CREATE PUBLICATION my_pub FOR TABLE service_affair.cases, service_affair.task_suspension;
GRANT SELECT ON service_affair.rectification TO sa_updeps_reader;
SQL
st=$?
tap $st "$OLD with an index, a statistics object, a rule and a row trigger with a transition table of the DBA's on case tables, and a trigger, a policy, a default, a publication and a grant"
[ $st = 0 ] || sed 's/^/# /' "$WORK/auto.err" | head -5
psql -X -q -At -d "${DB}_x" -c "\set VERBOSITY verbose" -c "ALTER EXTENSION service_affair UPDATE TO '$CUR'" >"$WORK/auto.log" 2>&1
rc=$?
[ $rc != 0 ] && [ "$(grep -c '^ERROR:' "$WORK/auto.log")" = 1 ] &&
	grep -q '^ERROR:  55000: objects outside the extension depend on the case tables$' "$WORK/auto.log" &&
	grep -q '^DETAIL: .* 4 of yours depend on them: ' "$WORK/auto.log" &&
	grep -q 'index service_affair.my_idx (on table service_affair.cases)' "$WORK/auto.log" &&
	grep -q 'statistics object public.my_stats (on table service_affair.cases)' "$WORK/auto.log" &&
	grep -q 'rule my_rule on service_affair.task (on table service_affair.task)' "$WORK/auto.log" &&
	grep -q 'trigger my_trans on service_affair.rating (on table service_affair.rating)' "$WORK/auto.log"
st=$?
tap $st "the update refuses (55000, one error), naming the index, the statistics object, the rule and the row trigger with a transition table, not the trigger, policy, default, plain publication or grant"
[ $st = 0 ] || head -3 "$WORK/auto.log" | cut -c1-800 | sed 's/^/# /'
[ "$(q -d "${DB}_x" -c "SELECT e.extversion || ' ' || c.relkind::text || ' ' || (SELECT indrelid::regclass::text FROM pg_index WHERE indexrelid = 'service_affair.my_idx'::regclass)
                         FROM pg_extension e, pg_class c WHERE e.extname = 'service_affair' AND c.oid = 'service_affair.cases'::regclass")" = "$OLD r service_affair.cases" ]
tap $? "nothing changed: still $OLD, cases a plain table with the index on it"
q -d "${DB}_x" -c "DROP INDEX service_affair.my_idx" -c "DROP STATISTICS public.my_stats" -c "DROP RULE my_rule ON service_affair.task" -c "DROP TRIGGER my_trans ON service_affair.rating" \
	-c "SET client_min_messages = error" -c "ALTER EXTENSION service_affair UPDATE TO '$CUR'" -c "SELECT service_affair.create_roles()" >/dev/null 2>"$WORK/auto2.log" &&
	[ "$(q -d "${DB}_x" -c "SELECT extversion FROM pg_extension WHERE extname = 'service_affair'")" = "$CUR" ]
st=$?
tap $st "with the four it named dropped, the update runs"
[ $st = 0 ] || sed 's/^/# /' "$WORK/auto2.log" | head -5
check "the triggers (a statement one with a transition table too) and the policy are the parents'" \
	"$(q -d "${DB}_x" -c "SELECT string_agg(x, ' ' ORDER BY x) FROM (SELECT 'trigger ' || tgrelid::regclass AS x FROM pg_trigger WHERE tgname IN ('my_trg', 'my_stmt') AND tgparentid = 0
	                                                               UNION ALL SELECT 'policy ' || polrelid::regclass FROM pg_policy WHERE polname = 'my_pol') y")" \
	"policy service_affair.cases trigger service_affair.cases trigger service_affair.task"
check "the default calling the DBA's sequence is the parent's" \
	"$(q -d "${DB}_x" -c "SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
	                     WHERE d.adrelid = 'service_affair.case_event'::regclass AND a.attname = 'from_status'")" \
	"(nextval('my_seq'::regclass))::text"
check "the grant is the parent's" \
	"$(q -d "${DB}_x" -c "SELECT has_table_privilege('sa_updeps_reader', 'service_affair.rectification', 'SELECT')")" t
check "the publication has the parents, not the partitions, and its membership is not the extension's" \
	"$(q -d "${DB}_x" -c "SELECT string_agg(pr.prrelid::regclass::text || ' ' || EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_publication_rel'::regclass AND d.objid = pr.oid AND d.deptype = 'e'), ', ' ORDER BY 1)
	                     FROM pg_publication_rel pr JOIN pg_publication p ON p.oid = pr.prpubid WHERE p.pubname = 'my_pub'")" \
	"service_affair.cases false, service_affair.task_suspension false"
q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS ${DB}_x" >/dev/null

# An index of 0.1.0 that the DBA dropped and made again under its name with
# another definition (review of 2026-12-06): the pre-check compared names
# only, so it was taken for the script's own, stayed on <t>_active unlike a
# fresh install's (or, task_case_item made a plain unique index, stopped the
# update at its COMMENT ON CONSTRAINT).  Now named in the one 55000, with the
# statements that make 0.1.0's again in the hint; an index's own storage
# parameter, or one made again exactly as 0.1.0 made it, is not named.
q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS ${DB}_x" -c "CREATE DATABASE ${DB}_x" >/dev/null
q -d "${DB}_x" >/dev/null 2>"$WORK/idx.err" <<'SQL'
SET client_min_messages = error;
CREATE EXTENSION service_affair VERSION '0.1.0';
DROP INDEX service_affair.cases_applicant_idx;
CREATE INDEX cases_applicant_idx ON service_affair.cases (applicant, region);
DROP INDEX service_affair.task_open_due_idx;
CREATE INDEX task_open_due_idx ON service_affair.task (due);
DROP INDEX service_affair.task_queue_idx;
CREATE INDEX task_queue_idx ON service_affair.task (department text_pattern_ops, due, id) WHERE status = 'open' AND assignee IS NULL;
ALTER TABLE service_affair.task DROP CONSTRAINT task_case_item;
CREATE UNIQUE INDEX task_case_item ON service_affair.task (case_id, item);
ALTER INDEX service_affair.cases_submitted_at_idx SET (fillfactor = 80);
DROP INDEX service_affair.rectification_open_idx;
CREATE INDEX rectification_open_idx ON service_affair.rectification (fix_due) WHERE closed_at IS NULL;
SQL
st=$?
tap $st "$OLD with four indexes of 0.1.0 made again under their names otherwise (other columns, no WHERE, another operator class, a plain unique index for a unique constraint), one with a fillfactor, one made again as it was"
[ $st = 0 ] || sed 's/^/# /' "$WORK/idx.err" | head -5
psql -X -q -At -d "${DB}_x" -c "\set VERBOSITY verbose" -c "ALTER EXTENSION service_affair UPDATE TO '$CUR'" >"$WORK/idx.log" 2>&1
rc=$?
[ $rc != 0 ] && [ "$(grep -c '^ERROR:' "$WORK/idx.log")" = 1 ] &&
	grep -q "^ERROR:  55000: indexes or constraints under the names of the extension's on the case tables are defined unlike 0.1.0's\$" "$WORK/idx.log" &&
	grep -q '^DETAIL: .* 4 under their names were made again otherwise: ' "$WORK/idx.log" &&
	grep -q "index service_affair.cases_applicant_idx, defined unlike 0.1.0's (on table service_affair.cases)" "$WORK/idx.log" &&
	grep -q "index service_affair.task_open_due_idx, defined unlike 0.1.0's (on table service_affair.task)" "$WORK/idx.log" &&
	grep -q "index service_affair.task_queue_idx, defined unlike 0.1.0's (on table service_affair.task)" "$WORK/idx.log" &&
	grep -q "index service_affair.task_case_item, defined unlike 0.1.0's (on table service_affair.task)" "$WORK/idx.log" &&
	! grep -q 'cases_submitted_at_idx\|rectification_open_idx' "$WORK/idx.log"
st=$?
tap $st "the update refuses (55000, one error), naming the four indexes made otherwise, not the one with a fillfactor nor the one made as it was"
[ $st = 0 ] || head -4 "$WORK/idx.log" | cut -c1-900 | sed 's/^/# /'
grep -q "^HINT: .*Make an index named as one of 0.1.0's again as 0.1.0 made it before the update, and yours under another name after it: ALTER TABLE service_affair.task ADD CONSTRAINT task_case_item UNIQUE (case_id, item); CREATE INDEX cases_applicant_idx ON service_affair.cases USING btree (applicant); " "$WORK/idx.log" &&
	grep -q "CREATE INDEX task_open_due_idx ON service_affair.task USING btree (due) WHERE (status = 'open'::text); CREATE INDEX task_queue_idx ON service_affair.task USING btree (department, due, id) WHERE ((status = 'open'::text) AND (assignee IS NULL))\.$" "$WORK/idx.log"
tap $? "the hint gives the statements that make the four again as 0.1.0 made them"
# worded for indexes of 0.1.0 made otherwise, not for the DBA's own objects
# (until 2026-12-06: "... of yours depend on them", "Drop them, run the
# update, then make them again")
grep -q "^DETAIL:  The update takes the indexes and foreign keys of 0.1.0 on the case tables for its own and keeps them on the partitions <t>_active as they are, where a fresh install has them as 0.1.0 made them; 4 under" "$WORK/idx.log" &&
	grep -q "^HINT:  Make an index named as one of 0.1.0's again" "$WORK/idx.log" &&
	! grep -q 'of yours depend\|Drop them' "$WORK/idx.log"
tap $? "the detail and the hint speak of 0.1.0's indexes made again otherwise, not of objects of the DBA's to drop and make again after"
[ "$(q -d "${DB}_x" -c "SELECT e.extversion || ' ' || c.relkind::text FROM pg_extension e, pg_class c
                         WHERE e.extname = 'service_affair' AND c.oid = 'service_affair.cases'::regclass")" = "$OLD r" ]
tap $? "nothing changed: still $OLD, cases a plain table"
# made again as the hint says, the update runs and the partitions have 0.1.0's indexes
sed -n "s/^HINT: .*after it: \(.*\)\.$/\1/p" "$WORK/idx.log" | tr ';' '\n' | sed 's/^ *//; s/$/;/' >"$WORK/idx_remake.sql"
{
	echo "DROP INDEX service_affair.cases_applicant_idx, service_affair.task_open_due_idx, service_affair.task_queue_idx, service_affair.task_case_item;"
	cat "$WORK/idx_remake.sql"
	echo "SET client_min_messages = error;"
	echo "ALTER EXTENSION service_affair UPDATE TO '$CUR';"
} | q -d "${DB}_x" >/dev/null 2>"$WORK/idx2.log" &&
	[ "$(q -d "${DB}_x" -c "SELECT extversion FROM pg_extension WHERE extname = 'service_affair'")" = "$CUR" ]
st=$?
tap $st "with them made again as 0.1.0 made them (the hint's statements), the update runs"
[ $st = 0 ] || sed 's/^/# /' "$WORK/idx2.log" | head -5
check "the partitions have 0.1.0's definitions" \
	"$(q -d "${DB}_x" -c "SELECT string_agg(pg_get_indexdef(x.indexrelid), '; ' ORDER BY i.relname) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
	                     WHERE i.relname IN ('cases_applicant_idx', 'task_open_due_idx', 'task_queue_idx', 'task_case_item')")" \
	"CREATE INDEX cases_applicant_idx ON service_affair.cases_active USING btree (applicant); CREATE UNIQUE INDEX task_case_item ON service_affair.task_active USING btree (case_id, item); CREATE INDEX task_open_due_idx ON service_affair.task_active USING btree (due) WHERE (status = 'open'::text); CREATE INDEX task_queue_idx ON service_affair.task_active USING btree (department, due, id) WHERE ((status = 'open'::text) AND (assignee IS NULL))"
q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS ${DB}_x" >/dev/null

# Settings a DBA made by hand on a case table (review of 2026-12-06): they
# stayed on <t>_active only, the parent and <t>_settled without them, and a
# replica identity on case_event's old key became NOTHING when the update
# replaced the key.  Now: a column's statistics target and n_distinct go to
# the parent and <t>_settled (the update's ANALYZE of the parent uses the
# target); storage and compression were and are the parent's (LIKE) and
# every partition's; replica identity FULL or NOTHING goes to the parent and
# <t>_settled, one on an index stays on <t>_active with its index (case_event's
# on the new key); storage parameters stay on <t>_active (a partitioned table
# takes none), and the update says so in a WARNING, as for an index's identity.
# A table's tablespace (review of 2026-12-06: the parent and <t>_settled took
# the database's default without a word, and so did every month of the
# history made later) goes to the parent and <t>_settled as their default;
# an index moved to another tablespace is not refused and stays there.
q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS ${DB}_x" -c "CREATE DATABASE ${DB}_x" \
	-c "DROP TABLESPACE IF EXISTS sa_updeps_ts" -c "SET allow_in_place_tablespaces = on" -c "CREATE TABLESPACE sa_updeps_ts LOCATION ''" >/dev/null
q -d "${DB}_x" >/dev/null 2>"$WORK/set.err" <<'SQL'
SET client_min_messages = error;
CREATE EXTENSION service_affair VERSION '0.1.0';
ALTER TABLE service_affair.cases ALTER COLUMN region SET STATISTICS 900;
ALTER TABLE service_affair.cases ALTER COLUMN region SET (n_distinct = 40, n_distinct_inherited = 41);
ALTER TABLE service_affair.cases ALTER COLUMN status SET STORAGE PLAIN;
ALTER TABLE service_affair.case_event ALTER COLUMN detail SET COMPRESSION pglz;
ALTER TABLE service_affair.task SET (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.01, toast.autovacuum_enabled = false);
ALTER TABLE service_affair.rating REPLICA IDENTITY FULL;
ALTER TABLE service_affair.task_suspension REPLICA IDENTITY NOTHING;
ALTER TABLE service_affair.rectification REPLICA IDENTITY USING INDEX rectification_pkey;
ALTER TABLE service_affair.case_event REPLICA IDENTITY USING INDEX case_event_pkey;
ALTER TABLE service_affair.rating SET TABLESPACE sa_updeps_ts;
ALTER INDEX service_affair.task_queue_idx SET TABLESPACE sa_updeps_ts;
SQL
st=$?
tap $st "$OLD with a statistics target, n_distinct, storage and compression on columns, storage parameters, four replica identities, a table and an index in another tablespace"
[ $st = 0 ] || sed 's/^/# /' "$WORK/set.err" | head -5
psql -X -q -At -d "${DB}_x" -c "SET quote_all_identifiers = on" -c "ALTER EXTENSION service_affair UPDATE TO '$CUR'" >"$WORK/set.log" 2>&1 &&
	[ "$(q -d "${DB}_x" -c "SELECT extversion FROM pg_extension WHERE extname = 'service_affair'")" = "$CUR" ]
st=$?
tap $st "the update runs (in a session with quote_all_identifiers on: the indexes of 0.1.0 are still its own)"
[ $st = 0 ] || sed 's/^/# /' "$WORK/set.log" | head -5
grep -q '^WARNING:  settings of service_affair.task stay on its partition service_affair.task_active, not on the partitioned table$' "$WORK/set.log" &&
	grep -q '^DETAIL:  Storage parameters fillfactor=70, autovacuum_vacuum_scale_factor=0.01, toast.autovacuum_enabled=false: a partitioned table takes none' "$WORK/set.log" &&
	grep -q '^WARNING:  settings of service_affair.rectification stay on its partition service_affair.rectification_active' "$WORK/set.log" &&
	grep -q '^DETAIL:  Replica identity using index rectification_pkey: the parent has no index\.$' "$WORK/set.log" &&
	[ "$(grep -c '^WARNING:  settings of' "$WORK/set.log")" = 3 ]
st=$?
tap $st "a WARNING names the storage parameters of task and the replica identities on an index (rectification's, case_event's) that stay on the partitions"
[ $st = 0 ] || sed 's/^/# /' "$WORK/set.log" | head -12
attr() { # table column: statistics target, the two n_distinct options, storage, compression of the parent, <t>_active, <t>_settled
	q -d "${DB}_x" -c "SELECT string_agg(c.relname || ' ' || a.attstattarget || ' ' || coalesce((SELECT string_agg(o, ',' ORDER BY o) FROM unnest(a.attoptions) o WHERE o LIKE 'n\_distinct%'), '-')
	                                     || ' ' || a.attstorage::text || ' ' || coalesce(nullif(a.attcompression::text, ''), '-'), '; ' ORDER BY c.relname)
	                     FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = '$2'
	                    WHERE c.relnamespace = 'service_affair'::regnamespace AND c.relname IN ('$1', '$1_active', '$1_settled')"
}
check "the statistics target and n_distinct of cases.region are the parent's and both partitions'" "$(attr cases region)" \
	"cases 900 n_distinct=40,n_distinct_inherited=41 x -; cases_active 900 n_distinct=40,n_distinct_inherited=41 x -; cases_settled 900 n_distinct=40,n_distinct_inherited=41 x -"
check "the storage of cases.status and the compression of case_event.detail are the parents' and both partitions'" "$(attr cases status); $(attr case_event detail)" \
	"cases -1 - p -; cases_active -1 - p -; cases_settled -1 - p -; case_event -1 - x p; case_event_active -1 - x p; case_event_settled -1 - x p"
check "replica identity FULL and NOTHING are the parents' and the settled partitions' too; on an index it stays with the partition's index, case_event's on its new key" \
	"$(q -d "${DB}_x" -c "SELECT string_agg(c.relname || ' ' || c.relreplident::text || coalesce(' ' || (SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
	                                                                                             WHERE x.indrelid = c.oid AND x.indisreplident), ''), '; ' ORDER BY c.relname)
	                     FROM pg_class c WHERE c.relnamespace = 'service_affair'::regnamespace
	                      AND c.relname ~ '^(rating|task_suspension|rectification|case_event)(_active|_settled)?$'")" \
	"case_event d; case_event_active i case_event_pkey; case_event_settled d; rating f; rating_active f; rating_settled f; rectification d; rectification_active i rectification_pkey; rectification_settled d; task_suspension n; task_suspension_active n; task_suspension_settled n"
check "the storage parameters stay on task_active" \
	"$(q -d "${DB}_x" -c "SELECT array_to_string(c.reloptions, ',') || ' ' || array_to_string(t.reloptions, ',') FROM pg_class c JOIN pg_class t ON t.oid = c.reltoastrelid WHERE c.oid = 'service_affair.task_active'::regclass")" \
	"fillfactor=70,autovacuum_vacuum_scale_factor=0.01 autovacuum_enabled=false"
check "a month of the history made after the update takes the storage of cases.status" \
	"$(q -d "${DB}_x" -c "SELECT service_affair.make_history_months(0) > 0" -c "SELECT string_agg(DISTINCT a.attstorage::text, ',') FROM pg_inherits i JOIN pg_attribute a ON a.attrelid = i.inhrelid AND a.attname = 'status'
	                     WHERE i.inhparent = 'service_affair.cases_settled'::regclass" | tr '\n' ' ')" \
	"t p "
check "rating's tablespace is the parent's and both partitions'; task_queue_idx stays in its own" \
	"$(q -d "${DB}_x" -c "SELECT string_agg(c.relname || ' ' || coalesce(s.spcname, '-'), '; ' ORDER BY c.relname)
	                     FROM pg_class c LEFT JOIN pg_tablespace s ON s.oid = c.reltablespace
	                    WHERE c.relnamespace = 'service_affair'::regnamespace
	                      AND (c.relname ~ '^(rating|task)(_active|_settled)?$' OR c.relname = 'task_queue_idx')")" \
	"rating sa_updeps_ts; rating_active sa_updeps_ts; rating_settled sa_updeps_ts; task -; task_active -; task_queue_idx sa_updeps_ts; task_settled -"
check "the history months made after the update are in rating's tablespace for rating, in the default for task" \
	"$(q -d "${DB}_x" -c "SELECT string_agg(DISTINCT i.inhparent::regclass::text || ' ' || coalesce(s.spcname, '-'), '; ')
	                     FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid LEFT JOIN pg_tablespace s ON s.oid = c.reltablespace
	                    WHERE i.inhparent IN ('service_affair.rating_settled'::regclass, 'service_affair.task_settled'::regclass)")" \
	"service_affair.rating_settled sa_updeps_ts; service_affair.task_settled -"
q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS ${DB}_x" -c "DROP TABLESPACE IF EXISTS sa_updeps_ts" >/dev/null

# An index of 0.1.0 that the DBA dropped and did not make again (review of
# 2026-12-06): one the update drops or replaces stopped it in the middle
# (DROP INDEX task_case_idx: 42704; case_event_pkey: 42P01), one it only
# carries was left out of <t>_active without a word, unlike a fresh
# install's.  Now the update makes the carried ones again (a WARNING names
# them) and takes the others as gone: the schema equals a fresh install's.
q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS ${DB}_f" -c "CREATE DATABASE ${DB}_f" >/dev/null
q -d "${DB}_f" -c "SET client_min_messages = error" -c "CREATE EXTENSION service_affair" -c "SELECT service_affair.create_roles()" >/dev/null
fingerprint "${DB}_f" >"$WORK/fresh.fp"
gone() { # label statements: 0.1.0, the statements, the update; checks the fingerprint
	q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS ${DB}_x" -c "CREATE DATABASE ${DB}_x" >/dev/null
	q -d "${DB}_x" -c "SET client_min_messages = error" -c "CREATE EXTENSION service_affair VERSION '0.1.0'" -c "SELECT service_affair.create_roles()" -c "$2" >/dev/null 2>"$WORK/gone.err"
	tap $? "$OLD with $1 dropped"
	psql -X -q -At -d "${DB}_x" -c "\set VERBOSITY verbose" -c "ALTER EXTENSION service_affair UPDATE TO '$CUR'" -c "SELECT service_affair.create_roles()" >"$WORK/gone.log" 2>&1
	st=$?
	[ $st = 0 ] && ! grep -q '^ERROR' "$WORK/gone.log" && [ "$(q -d "${DB}_x" -c "SELECT extversion FROM pg_extension WHERE extname = 'service_affair'")" = "$CUR" ]
	st=$?
	tap $st "with $1 dropped, the update runs"
	[ $st = 0 ] || grep -v '^LOCATION' "$WORK/gone.log" | head -4 | cut -c1-400 | sed 's/^/# /'
	fingerprint "${DB}_x" | diff - "$WORK/fresh.fp" >"$WORK/gone.diff"
	st=$?
	tap $st "with $1 dropped, the updated schema equals a fresh install's"
	[ $st = 0 ] || head -6 "$WORK/gone.diff" | sed 's/^/# /'
}
# those the update drops or replaces, and one it needs later (COMMENT ON CONSTRAINT task_case_item)
gone "task_case_idx, case_event_case_idx, case_event_pkey and task_case_item" \
	"DROP INDEX service_affair.task_case_idx, service_affair.case_event_case_idx;
	 ALTER TABLE service_affair.case_event DROP CONSTRAINT case_event_pkey;
	 ALTER TABLE service_affair.task DROP CONSTRAINT task_case_item"
grep -q "^WARNING:  01000: indexes of service_affair that were dropped are made again: task_case_item on table service_affair.task$" "$WORK/gone.log" &&
	[ "$(grep -c '^WARNING:  01000: indexes of service_affair' "$WORK/gone.log")" = 1 ]
st=$?
tap $st "a WARNING names task_case_item, made again, not those the update drops or replaces"
[ $st = 0 ] || grep '^WARNING' "$WORK/gone.log" | head -3 | sed 's/^/# /'
# those it only carries
gone "cases_applicant_idx, rating_case_id_key and rectification_open_idx" \
	"DROP INDEX service_affair.cases_applicant_idx, service_affair.rectification_open_idx;
	 ALTER TABLE service_affair.rating DROP CONSTRAINT rating_case_id_key"
grep -q "^WARNING:  01000: indexes of service_affair that were dropped are made again: cases_applicant_idx on table service_affair.cases; rating_case_id_key on table service_affair.rating; rectification_open_idx on table service_affair.rectification$" "$WORK/gone.log" &&
	grep -q '^HINT:  They take time to build and space on disk; doc/deployment.md, "Upgrades"\.$' "$WORK/gone.log"
st=$?
tap $st "a WARNING names the three made again"
[ $st = 0 ] || grep -A2 '^WARNING' "$WORK/gone.log" | head -3 | sed 's/^/# /'
# An index of the DBA's on another table under the name of a dropped one:
# the update dropped it (task_case_idx) or stopped at 0.1.0's (42P07)
q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS ${DB}_x" -c "CREATE DATABASE ${DB}_x" >/dev/null
q -d "${DB}_x" -c "SET client_min_messages = error" -c "CREATE EXTENSION service_affair VERSION '0.1.0'" \
	-c "DROP INDEX service_affair.task_case_idx" -c "CREATE INDEX task_case_idx ON service_affair.applicant (id, kind)" >/dev/null
psql -X -q -At -d "${DB}_x" -c "\set VERBOSITY verbose" -c "ALTER EXTENSION service_affair UPDATE TO '$CUR'" >"$WORK/taken.log" 2>&1
rc=$?
[ $rc != 0 ] && [ "$(grep -c '^ERROR:' "$WORK/taken.log")" = 1 ] &&
	grep -q '^ERROR:  55000: objects outside the extension take the names of indexes of the extension$' "$WORK/taken.log" &&
	grep -q "other relations have taken 1 of their names: index service_affair.task_case_idx on table service_affair.applicant (0.1.0's is on table service_affair.task)\.$" "$WORK/taken.log" &&
	grep -q '^HINT:  Give yours another name' "$WORK/taken.log" &&
	[ "$(q -d "${DB}_x" -c "SELECT e.extversion || ' ' || pg_get_indexdef('service_affair.task_case_idx'::regclass) FROM pg_extension e WHERE e.extname = 'service_affair'")" = \
	  "$OLD CREATE INDEX task_case_idx ON service_affair.applicant USING btree (id, kind)" ]
st=$?
tap $st "an index of the DBA's on applicant under the name of the dropped task_case_idx: refused (55000, naming it), kept, nothing changed"
[ $st = 0 ] || grep -v '^LOCATION' "$WORK/taken.log" | head -4 | cut -c1-400 | sed 's/^/# /'
# A unique one that rows written since it was dropped break: a 55000 that
# says so, PostgreSQL's duplicate key in its detail, the statement in the hint
# (rows written past the triggers and foreign keys, as a restore of a
# careless dump would)
q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS ${DB}_x" -c "CREATE DATABASE ${DB}_x" >/dev/null
q -d "${DB}_x" -c "SET client_min_messages = error" -c "CREATE EXTENSION service_affair VERSION '0.1.0'" \
	-c "ALTER TABLE service_affair.rating DROP CONSTRAINT rating_case_id_key" -c "SET session_replication_role = replica" \
	-c "INSERT INTO service_affair.rating (case_id, level, channel, at, rater) VALUES (7, 5, 'online', now(), 1), (7, 4, 'online', now(), 1)" >/dev/null
psql -X -q -At -d "${DB}_x" -c "\set VERBOSITY verbose" -c "ALTER EXTENSION service_affair UPDATE TO '$CUR'" >"$WORK/dup.log" 2>&1
rc=$?
[ $rc != 0 ] && [ "$(grep -c '^ERROR:' "$WORK/dup.log")" = 1 ] &&
	grep -q '^ERROR:  55000: an index of 0.1.0 was dropped (rating_case_id_key on table service_affair.rating), and rows written since then keep the update from making it again$' "$WORK/dup.log" &&
	grep -q '^DETAIL:  could not create unique index "rating_case_id_key": Key (case_id)=(7) is duplicated\.$' "$WORK/dup.log" &&
	grep -q '^HINT:  The update makes it again as 0.1.0 made it (ALTER TABLE service_affair.rating ADD CONSTRAINT rating_case_id_key UNIQUE (case_id)); correct the rows first' "$WORK/dup.log" &&
	[ "$(q -d "${DB}_x" -c "SELECT extversion FROM pg_extension WHERE extname = 'service_affair'")" = "$OLD" ]
st=$?
tap $st "rating_case_id_key dropped and two ratings of one case: refused (55000, the duplicate key in the detail), nothing changed"
[ $st = 0 ] || grep -v '^LOCATION' "$WORK/dup.log" | head -4 | cut -c1-400 | sed 's/^/# /'

# A foreign key of 0.1.0 that the DBA dropped (review of 2026-12-06): with
# DROP CONSTRAINT cases_pkey CASCADE (task_pkey, rating_pkey) those that
# refer to the key went with it, and the update made the key again but not
# them; one dropped by hand was left out too, the updated schema unlike a
# fresh install's.  Now each is made again, on the old table (those to the
# catalog then move to the parents), and a WARNING names them.
gone "cases_pkey, task_pkey and rating_pkey (with CASCADE) and task_item_fkey" \
	"ALTER TABLE service_affair.cases DROP CONSTRAINT cases_pkey CASCADE;
	 ALTER TABLE service_affair.task DROP CONSTRAINT task_pkey CASCADE;
	 ALTER TABLE service_affair.rating DROP CONSTRAINT rating_pkey CASCADE;
	 ALTER TABLE service_affair.task DROP CONSTRAINT task_item_fkey"
grep -q "^WARNING:  01000: foreign keys of service_affair that were dropped are made again: case_event_case_id_fkey on table service_affair.case_event; case_material_case_id_fkey on table service_affair.case_material; rating_case_id_fkey on table service_affair.rating; rectification_rating_id_fkey on table service_affair.rectification; task_case_id_fkey on table service_affair.task; task_item_fkey on table service_affair.task; task_suspension_task_id_fkey on table service_affair.task_suspension$" "$WORK/gone.log"
st=$?
tap $st "a WARNING names the seven foreign keys made again"
[ $st = 0 ] || grep '^WARNING' "$WORK/gone.log" | head -3 | cut -c1-400 | sed 's/^/# /'
# One that rows written since it was dropped break (a rating of a case
# deleted meanwhile; written past the triggers here): a 55000 that says so,
# PostgreSQL's key in its detail, the statement in the hint (until then the
# update ran, and the rows stayed unchecked)
q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS ${DB}_x" -c "CREATE DATABASE ${DB}_x" >/dev/null
q -d "${DB}_x" -c "SET client_min_messages = error" -c "CREATE EXTENSION service_affair VERSION '0.1.0'" \
	-c "INSERT INTO service_affair.applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Rating Person')" \
	-c "ALTER TABLE service_affair.rating DROP CONSTRAINT rating_case_id_fkey" -c "SET session_replication_role = replica" \
	-c "INSERT INTO service_affair.rating (case_id, level, channel, at, rater) SELECT 7, 5, 'online', now(), a.id FROM service_affair.applicant a" >/dev/null
psql -X -q -At -d "${DB}_x" -c "\set VERBOSITY verbose" -c "ALTER EXTENSION service_affair UPDATE TO '$CUR'" >"$WORK/fkrows.log" 2>&1
rc=$?
[ $rc != 0 ] && [ "$(grep -c '^ERROR:' "$WORK/fkrows.log")" = 1 ] &&
	grep -q '^ERROR:  55000: a foreign key of 0.1.0 was dropped (rating_case_id_fkey on table service_affair.rating), and rows written since then keep the update from making it again$' "$WORK/fkrows.log" &&
	grep -q '^DETAIL:  insert or update on table "rating" violates foreign key constraint "rating_case_id_fkey": Key (case_id)=(7) is not present in table "cases"\.$' "$WORK/fkrows.log" &&
	grep -q '^HINT:  The update makes it again as 0.1.0 made it (ALTER TABLE service_affair.rating ADD CONSTRAINT rating_case_id_fkey FOREIGN KEY (case_id) REFERENCES service_affair.cases(id)); correct the rows first' "$WORK/fkrows.log" &&
	[ "$(q -d "${DB}_x" -c "SELECT extversion FROM pg_extension WHERE extname = 'service_affair'")" = "$OLD" ]
st=$?
tap $st "rating_case_id_fkey dropped and a rating of a case that is not there: refused (55000, the key in the detail), nothing changed"
[ $st = 0 ] || grep -v '^LOCATION' "$WORK/fkrows.log" | head -4 | cut -c1-400 | sed 's/^/# /'
# One made again under its name with another definition: it stayed as it
# was (task_case_id_fkey deleting a case's tasks with it, unlike a fresh
# install's), or stopped the update in the middle (a NOT VALID one to the
# catalog, which a partitioned parent cannot take).  Named in the one
# 55000, the statements that make 0.1.0's in the hint; one made again as
# it was is not named.
q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS ${DB}_x" -c "CREATE DATABASE ${DB}_x" >/dev/null
q -d "${DB}_x" >/dev/null 2>"$WORK/fk.err" <<'SQL'
SET client_min_messages = error;
CREATE EXTENSION service_affair VERSION '0.1.0';
SELECT service_affair.create_roles();
ALTER TABLE service_affair.task DROP CONSTRAINT task_case_id_fkey,
    ADD CONSTRAINT task_case_id_fkey FOREIGN KEY (case_id) REFERENCES service_affair.cases ON DELETE CASCADE;
ALTER TABLE service_affair.cases DROP CONSTRAINT cases_item_fkey,
    ADD CONSTRAINT cases_item_fkey FOREIGN KEY (item) REFERENCES service_affair.item NOT VALID;
ALTER TABLE service_affair.rectification DROP CONSTRAINT rectification_rating_id_fkey,
    ADD CONSTRAINT rectification_rating_id_fkey FOREIGN KEY (rating_id) REFERENCES service_affair.rating DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE service_affair.case_event DROP CONSTRAINT case_event_case_id_fkey,
    ADD CONSTRAINT case_event_case_id_fkey CHECK (case_id > 0);
ALTER TABLE service_affair.rating DROP CONSTRAINT rating_rater_fkey,
    ADD CONSTRAINT rating_rater_fkey FOREIGN KEY (rater) REFERENCES service_affair.applicant;
SQL
st=$?
tap $st "$OLD with four foreign keys of 0.1.0 made again under their names otherwise (ON DELETE CASCADE, NOT VALID, DEFERRABLE, a CHECK) and one made again as it was"
[ $st = 0 ] || sed 's/^/# /' "$WORK/fk.err" | head -5
psql -X -q -At -d "${DB}_x" -c "\set VERBOSITY verbose" -c "ALTER EXTENSION service_affair UPDATE TO '$CUR'" >"$WORK/fk.log" 2>&1
rc=$?
[ $rc != 0 ] && [ "$(grep -c '^ERROR:' "$WORK/fk.log")" = 1 ] &&
	grep -q "^ERROR:  55000: indexes or constraints under the names of the extension's on the case tables are defined unlike 0.1.0's\$" "$WORK/fk.log" &&
	grep -q '^DETAIL: .* 4 under their names were made again otherwise: ' "$WORK/fk.log" &&
	grep -q "table constraint task_case_id_fkey on service_affair.task, defined unlike 0.1.0's (on table service_affair.task)" "$WORK/fk.log" &&
	grep -q "table constraint cases_item_fkey on service_affair.cases, defined unlike 0.1.0's (on table service_affair.cases)" "$WORK/fk.log" &&
	grep -q "table constraint rectification_rating_id_fkey on service_affair.rectification, defined unlike 0.1.0's (on table service_affair.rectification)" "$WORK/fk.log" &&
	grep -q "table constraint case_event_case_id_fkey on service_affair.case_event, defined unlike 0.1.0's (on table service_affair.case_event)" "$WORK/fk.log" &&
	! grep -q 'rating_rater_fkey' "$WORK/fk.log" &&
	[ "$(q -d "${DB}_x" -c "SELECT extversion FROM pg_extension WHERE extname = 'service_affair'")" = "$OLD" ]
st=$?
tap $st "the update refuses (55000, one error), naming the four foreign keys made otherwise, not the one made as it was; nothing changed"
[ $st = 0 ] || grep -v '^LOCATION' "$WORK/fk.log" | head -4 | cut -c1-900 | sed 's/^/# /'
grep -q "^HINT: .*Make a foreign key named as one of 0.1.0's again as 0.1.0 made it before the update, and yours under another name after it: ALTER TABLE service_affair.case_event DROP CONSTRAINT case_event_case_id_fkey, ADD CONSTRAINT case_event_case_id_fkey FOREIGN KEY (case_id) REFERENCES service_affair.cases(id); ALTER TABLE service_affair.cases DROP CONSTRAINT cases_item_fkey, ADD CONSTRAINT cases_item_fkey FOREIGN KEY (item) REFERENCES service_affair.item(code); ALTER TABLE service_affair.rectification DROP CONSTRAINT rectification_rating_id_fkey, ADD CONSTRAINT rectification_rating_id_fkey FOREIGN KEY (rating_id) REFERENCES service_affair.rating(id); ALTER TABLE service_affair.task DROP CONSTRAINT task_case_id_fkey, ADD CONSTRAINT task_case_id_fkey FOREIGN KEY (case_id) REFERENCES service_affair.cases(id)\.$" "$WORK/fk.log"
tap $? "the hint gives the statements that make the four again as 0.1.0 made them"
grep -q "^HINT:  Make a foreign key named as one of 0.1.0's again" "$WORK/fk.log" &&
	! grep -q 'of yours depend\|Drop them' "$WORK/fk.log"
tap $? "the detail and the hint speak of 0.1.0's foreign keys made again otherwise, not of objects of the DBA's to drop and make again after"
# made again as the hint says, the update runs and the schema equals a fresh install's
sed -n "s/^HINT: .*foreign key named as one of 0.1.0's .* after it: \(.*\)\.$/\1/p" "$WORK/fk.log" | sed 's/; /;\n/g' >"$WORK/fk_remake.sql"
{
	cat "$WORK/fk_remake.sql"
	echo ";"
	echo "SET client_min_messages = error;"
	echo "ALTER EXTENSION service_affair UPDATE TO '$CUR';"
	echo "SELECT service_affair.create_roles();"
} | q -d "${DB}_x" -v ON_ERROR_STOP=1 >/dev/null 2>"$WORK/fk2.log" &&
	[ "$(q -d "${DB}_x" -c "SELECT extversion FROM pg_extension WHERE extname = 'service_affair'")" = "$CUR" ]
st=$?
tap $st "with them made again as 0.1.0 made them (the hint's statements), the update runs"
[ $st = 0 ] || sed 's/^/# /' "$WORK/fk2.log" | head -5
fingerprint "${DB}_x" | diff - "$WORK/fresh.fp" >"$WORK/fk.diff"
st=$?
tap $st "then the updated schema equals a fresh install's"
[ $st = 0 ] || head -6 "$WORK/fk.diff" | sed 's/^/# /'
# A foreign key of the DBA's on a case table to the catalog, NOT VALID: the
# update moved it to the parent, which takes none NOT VALID, and stopped in
# the middle (42809).  Refused in the one 55000; validated, it moves to the
# parent.
q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS ${DB}_x" -c "CREATE DATABASE ${DB}_x" >/dev/null
q -d "${DB}_x" -c "SET client_min_messages = error" -c "CREATE EXTENSION service_affair VERSION '0.1.0'" \
	-c "ALTER TABLE service_affair.task ADD CONSTRAINT my_task_dept_fkey FOREIGN KEY (department) REFERENCES service_affair.department (code) NOT VALID" >/dev/null
psql -X -q -At -d "${DB}_x" -c "\set VERBOSITY verbose" -c "ALTER EXTENSION service_affair UPDATE TO '$CUR'" >"$WORK/nv.log" 2>&1
rc=$?
[ $rc != 0 ] && [ "$(grep -c '^ERROR:' "$WORK/nv.log")" = 1 ] &&
	grep -q '^ERROR:  55000: objects outside the extension depend on the case tables$' "$WORK/nv.log" &&
	grep -q "1 of yours depend on them: table constraint my_task_dept_fkey on service_affair.task, NOT VALID (on table service_affair.task)\.$" "$WORK/nv.log" &&
	grep -q '^HINT: .* validate it first (ALTER TABLE \.\.\. VALIDATE CONSTRAINT \.\.\.)' "$WORK/nv.log" &&
	[ "$(q -d "${DB}_x" -c "SELECT extversion FROM pg_extension WHERE extname = 'service_affair'")" = "$OLD" ]
st=$?
tap $st "a foreign key of the DBA's from task to the catalog, NOT VALID: refused (55000, naming it, the hint saying to validate it), nothing changed"
[ $st = 0 ] || grep -v '^LOCATION' "$WORK/nv.log" | head -4 | cut -c1-600 | sed 's/^/# /'
q -d "${DB}_x" -c "ALTER TABLE service_affair.task VALIDATE CONSTRAINT my_task_dept_fkey" -c "SET client_min_messages = error" \
	-c "ALTER EXTENSION service_affair UPDATE TO '$CUR'" >/dev/null 2>"$WORK/nv2.log" &&
	[ "$(q -d "${DB}_x" -c "SELECT string_agg(conrelid::regclass::text || ' ' || convalidated, ', ' ORDER BY conrelid::regclass::text) FROM pg_constraint WHERE conname = 'my_task_dept_fkey'")" = \
	  "service_affair.task true, service_affair.task_active true, service_affair.task_settled true" ]
st=$?
tap $st "validated, the update runs and the foreign key is the parent's (cloned to both partitions)"
[ $st = 0 ] || sed 's/^/# /' "$WORK/nv2.log" | head -5
# A foreign key of the DBA's among the case tables, under a name not
# 0.1.0's (review of 2026-12-06): the pre-check looked at the objects
# outside the extension only, and the foreign key, a constraint of a table
# of the extension, stayed on <t>_active without a word, the parent without
# it (and it cannot go there: the parents have no key), refusing settling
# or, ON DELETE CASCADE, deleting its rows.  Now named in the one 55000, as
# the DBA's other objects on the case tables; one to the catalog (validated)
# moves to the parent and is not named.
q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS ${DB}_x" -c "CREATE DATABASE ${DB}_x" >/dev/null
q -d "${DB}_x" >/dev/null 2>"$WORK/ownfk.err" <<'SQL'
SET client_min_messages = error;
CREATE EXTENSION service_affair VERSION '0.1.0';
ALTER TABLE service_affair.task ADD CONSTRAINT my_task_case_fk FOREIGN KEY (case_id) REFERENCES service_affair.cases (id) ON DELETE CASCADE;
ALTER TABLE service_affair.rectification ADD CONSTRAINT my_rect_rating_fk FOREIGN KEY (rating_id) REFERENCES service_affair.rating (id);
ALTER TABLE service_affair.cases ADD CONSTRAINT my_cases_item_fk FOREIGN KEY (item) REFERENCES service_affair.item (code);
SQL
st=$?
tap $st "$OLD with two foreign keys of the DBA's among the case tables (task to cases ON DELETE CASCADE, rectification to rating) and one from cases to the catalog"
[ $st = 0 ] || sed 's/^/# /' "$WORK/ownfk.err" | head -5
psql -X -q -At -d "${DB}_x" -c "\set VERBOSITY verbose" -c "ALTER EXTENSION service_affair UPDATE TO '$CUR'" >"$WORK/ownfk.log" 2>&1
rc=$?
[ $rc != 0 ] && [ "$(grep -c '^ERROR:' "$WORK/ownfk.log")" = 1 ] &&
	grep -q '^ERROR:  55000: objects outside the extension depend on the case tables$' "$WORK/ownfk.log" &&
	grep -q "^DETAIL: .* 2 of yours depend on them: table constraint my_rect_rating_fk on service_affair.rectification, to table service_affair.rating (on table service_affair.rectification); table constraint my_task_case_fk on service_affair.task, to table service_affair.cases (on table service_affair.task)\.$" "$WORK/ownfk.log" &&
	grep -q '^HINT:  Drop them, run the update, then make them again' "$WORK/ownfk.log" &&
	! grep -q 'my_cases_item_fk' "$WORK/ownfk.log" &&
	[ "$(q -d "${DB}_x" -c "SELECT extversion FROM pg_extension WHERE extname = 'service_affair'")" = "$OLD" ]
st=$?
tap $st "the update refuses (55000, one error), naming the two among the case tables, not the one to the catalog; nothing changed"
[ $st = 0 ] || grep -v '^LOCATION' "$WORK/ownfk.log" | head -4 | cut -c1-600 | sed 's/^/# /'
q -d "${DB}_x" -c "ALTER TABLE service_affair.task DROP CONSTRAINT my_task_case_fk" -c "ALTER TABLE service_affair.rectification DROP CONSTRAINT my_rect_rating_fk" \
	-c "SET client_min_messages = error" -c "ALTER EXTENSION service_affair UPDATE TO '$CUR'" >/dev/null 2>"$WORK/ownfk2.log" &&
	[ "$(q -d "${DB}_x" -c "SELECT string_agg(conrelid::regclass::text, ', ' ORDER BY conrelid::regclass::text) FROM pg_constraint WHERE conname = 'my_cases_item_fk'")" = \
	  "service_affair.cases, service_affair.cases_active, service_affair.cases_settled" ]
st=$?
tap $st "with them dropped the update runs, the foreign key to the catalog the parent's"
[ $st = 0 ] || sed 's/^/# /' "$WORK/ownfk2.log" | head -5

# A key of 0.1.0 outside the case tables that foreign keys of the update
# refer to (review of 2026-12-06): dropped with CASCADE, which took the
# foreign keys that refer to it, the update stopped in the middle with
# PostgreSQL's bare 42830 ("there is no unique constraint matching given
# keys for referenced table"), at the first of its foreign keys to the
# table.  Now named in the one 55000 before anything changes, with the
# foreign keys of 0.1.0 on other tables than the case tables that went
# with it; the hint gives the statements that make them again (those of
# the case tables the update makes again itself, with a WARNING); made
# again, the update runs and the schema equals a fresh install's.
q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS ${DB}_x" -c "CREATE DATABASE ${DB}_x" >/dev/null
q -d "${DB}_x" >/dev/null 2>"$WORK/keys.err" <<'SQL'
SET client_min_messages = error;
CREATE EXTENSION service_affair VERSION '0.1.0';
SELECT service_affair.create_roles();
ALTER TABLE service_affair.applicant DROP CONSTRAINT applicant_pkey CASCADE;
ALTER TABLE service_affair.item DROP CONSTRAINT item_pkey CASCADE;
ALTER TABLE service_affair.department DROP CONSTRAINT department_pkey CASCADE;
SQL
st=$?
tap $st "$OLD with applicant_pkey, item_pkey and department_pkey dropped with CASCADE"
[ $st = 0 ] || sed 's/^/# /' "$WORK/keys.err" | head -5
psql -X -q -At -d "${DB}_x" -c "\set VERBOSITY verbose" -c "ALTER EXTENSION service_affair UPDATE TO '$CUR'" >"$WORK/keys.log" 2>&1
rc=$?
[ $rc != 0 ] && [ "$(grep -c '^ERROR:' "$WORK/keys.log")" = 1 ] &&
	grep -q '^ERROR:  55000: keys of the extension that its foreign keys refer to were dropped$' "$WORK/keys.log" &&
	grep -q "^DETAIL:  Foreign keys of the update refer to keys of 0.1.0 that were dropped (it would stop at the first of them, 42830): applicant_pkey on table service_affair.applicant; department_pkey on table service_affair.department; item_pkey on table service_affair.item; foreign keys of 0.1.0 to them on other tables than the case tables are gone too (dropped with CASCADE): bundle_lead_department_fkey on table service_affair.bundle; bundle_item_item_fkey on table service_affair.bundle_item; evidence_applicant_fkey on table service_affair.evidence; inspector_department_fkey on table service_affair.inspector; item_department_fkey on table service_affair.item; ledger_name_fkey on table service_affair.ledger; material_item_fkey on table service_affair.material; staff_department_fkey on table service_affair.staff\.$" "$WORK/keys.log" &&
	! grep -q '^ERROR:  42830' "$WORK/keys.log" &&
	[ "$(q -d "${DB}_x" -c "SELECT extversion FROM pg_extension WHERE extname = 'service_affair'")" = "$OLD" ]
st=$?
tap $st "the update refuses (55000, one error, not 42830), naming the three keys and the eight foreign keys of other tables that went with them; nothing changed"
[ $st = 0 ] || grep -v '^LOCATION' "$WORK/keys.log" | head -4 | cut -c1-1200 | sed 's/^/# /'
grep -q "^HINT:  Make the keys again as 0.1.0 made them before the update, with the foreign keys of 0.1.0 to them (the update makes those of the case tables again itself; doc/deployment.md, \"Upgrades\"): ALTER TABLE service_affair.applicant ADD CONSTRAINT applicant_pkey PRIMARY KEY (id); ALTER TABLE service_affair.department ADD CONSTRAINT department_pkey PRIMARY KEY (code); ALTER TABLE service_affair.item ADD CONSTRAINT item_pkey PRIMARY KEY (code); ALTER TABLE service_affair.bundle ADD CONSTRAINT bundle_lead_department_fkey FOREIGN KEY (lead_department) REFERENCES service_affair.department(code) ON UPDATE CASCADE; " "$WORK/keys.log" &&
	grep -q "; ALTER TABLE service_affair.staff ADD CONSTRAINT staff_department_fkey FOREIGN KEY (department) REFERENCES service_affair.department(code) ON UPDATE CASCADE\.$" "$WORK/keys.log" &&
	! grep -q 'Drop them' "$WORK/keys.log"
st=$?
tap $st "the hint gives the statements that make the keys again, then the foreign keys of other tables, and does not say to drop anything"
[ $st = 0 ] || grep '^HINT' "$WORK/keys.log" | cut -c1-600 | sed 's/^/# /'
sed -n 's/^HINT:  Make the keys again .*"Upgrades"): \(.*\)\.$/\1/p' "$WORK/keys.log" | sed 's/; /;\n/g' >"$WORK/keys_remake.sql"
{
	cat "$WORK/keys_remake.sql"
	echo ";"
	echo "SET client_min_messages = warning;"
	echo "ALTER EXTENSION service_affair UPDATE TO '$CUR';"
	echo "SELECT service_affair.create_roles();"
} | psql -X -q -At -v ON_ERROR_STOP=1 -d "${DB}_x" >/dev/null 2>"$WORK/keys2.log" &&
	[ "$(q -d "${DB}_x" -c "SELECT extversion FROM pg_extension WHERE extname = 'service_affair'")" = "$CUR" ]
st=$?
tap $st "with them made again (the hint's statements), the update runs"
[ $st = 0 ] || grep -v '^LOCATION' "$WORK/keys2.log" | head -5 | cut -c1-400 | sed 's/^/# /'
grep -q "^WARNING:  foreign keys of service_affair that were dropped are made again: cases_applicant_fkey on table service_affair.cases; cases_department_fkey on table service_affair.cases; cases_item_fkey on table service_affair.cases; rating_rater_fkey on table service_affair.rating; task_department_fkey on table service_affair.task; task_item_fkey on table service_affair.task$" "$WORK/keys2.log"
st=$?
tap $st "a WARNING names the six foreign keys of the case tables the update made again"
[ $st = 0 ] || grep '^WARNING' "$WORK/keys2.log" | head -3 | cut -c1-400 | sed 's/^/# /'
fingerprint "${DB}_x" | diff - "$WORK/fresh.fp" >"$WORK/keys.diff"
st=$?
tap $st "then the updated schema equals a fresh install's"
[ $st = 0 ] || head -6 "$WORK/keys.diff" | sed 's/^/# /'
# All kinds in one refusal, each in its own words: a DBA's own index (to
# drop and make again after), an index of 0.1.0 made again otherwise (to
# make again as 0.1.0 made it) and a key of 0.1.0 dropped (to make again)
q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS ${DB}_x" -c "CREATE DATABASE ${DB}_x" >/dev/null
q -d "${DB}_x" >/dev/null 2>"$WORK/mixed.err" <<'SQL'
SET client_min_messages = error;
CREATE EXTENSION service_affair VERSION '0.1.0';
CREATE INDEX my_region_idx ON service_affair.cases (region);
DROP INDEX service_affair.cases_applicant_idx;
CREATE INDEX cases_applicant_idx ON service_affair.cases (applicant, region);
ALTER TABLE service_affair.calendar DROP CONSTRAINT calendar_pkey CASCADE;
SQL
st=$?
tap $st "$OLD with an index of the DBA's on cases, cases_applicant_idx made again otherwise and calendar_pkey dropped with CASCADE"
[ $st = 0 ] || sed 's/^/# /' "$WORK/mixed.err" | head -5
psql -X -q -At -d "${DB}_x" -c "\set VERBOSITY verbose" -c "ALTER EXTENSION service_affair UPDATE TO '$CUR'" >"$WORK/mixed.log" 2>&1
rc=$?
[ $rc != 0 ] && [ "$(grep -c '^ERROR:' "$WORK/mixed.log")" = 1 ] &&
	grep -q "^ERROR:  55000: objects outside the extension depend on the case tables; indexes or constraints under the names of the extension's on the case tables are defined unlike 0.1.0's; keys of the extension that its foreign keys refer to were dropped\$" "$WORK/mixed.log" &&
	grep -q "1 of yours depend on them: index service_affair.my_region_idx (on table service_affair.cases)\. The update takes the indexes and foreign keys of 0.1.0 .* 1 under their names were made again otherwise: index service_affair.cases_applicant_idx, defined unlike 0.1.0's (on table service_affair.cases)\. Foreign keys of the update refer to keys of 0.1.0 that were dropped (it would stop at the first of them, 42830): calendar_pkey on table service_affair.calendar; foreign keys of 0.1.0 to them on other tables than the case tables are gone too (dropped with CASCADE): calendar_day_calendar_fkey on table service_affair.calendar_day; item_calendar_fkey on table service_affair.item\.\$" "$WORK/mixed.log" &&
	grep -q "^HINT:  Drop them, run the update, then make them again (doc/deployment.md, \"Upgrades\") over the tables of the same names (a foreign key to a case table cannot be made again: the parents have no key)\. Make an index named as one of 0.1.0's again as 0.1.0 made it before the update, and yours under another name after it: CREATE INDEX cases_applicant_idx ON service_affair.cases USING btree (applicant)\. Make the keys again as 0.1.0 made them before the update, with the foreign keys of 0.1.0 to them .*: ALTER TABLE service_affair.calendar ADD CONSTRAINT calendar_pkey PRIMARY KEY (name); ALTER TABLE service_affair.calendar_day ADD CONSTRAINT calendar_day_calendar_fkey FOREIGN KEY (calendar) REFERENCES service_affair.calendar(name) ON UPDATE CASCADE ON DELETE CASCADE; ALTER TABLE service_affair.item ADD CONSTRAINT item_calendar_fkey FOREIGN KEY (calendar) REFERENCES service_affair.calendar(name) ON UPDATE CASCADE\.\$" "$WORK/mixed.log" &&
	[ "$(q -d "${DB}_x" -c "SELECT extversion FROM pg_extension WHERE extname = 'service_affair'")" = "$OLD" ]
st=$?
tap $st "one 55000 names the three kinds, each in the message, the detail and the hint in its own words; nothing changed"
[ $st = 0 ] || grep -v '^LOCATION' "$WORK/mixed.log" | head -4 | cut -c1-1200 | sed 's/^/# /'
q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS ${DB}_x" -c "DROP DATABASE IF EXISTS ${DB}_f" >/dev/null

# A 0.1.0 department coded catalog: its ledger would be the public ledger
# catalog of 0.2.0 (its plans, draws and unpublished results read by anyone):
# the update refuses, naming the code, and takes it once the code is changed
# (nothing refers to it: an UPDATE of the code does; with cases, inspectors
# or a ledger, test/scripts/upgrade_catalog_keys.sh)
q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS ${DB}_r" -c "CREATE DATABASE ${DB}_r" >/dev/null
q -d "${DB}_r" -c "CREATE EXTENSION service_affair VERSION '0.1.0'" \
	-c "INSERT INTO service_affair.department (code, name) VALUES ('catalog', 'Catalog supervision')" >/dev/null
psql -X -q -At -d "${DB}_r" -c "\set VERBOSITY verbose" -c "ALTER EXTENSION service_affair UPDATE TO '$CUR'" >"$WORK/catalog.log" 2>&1
rc=$?
[ $rc != 0 ] && grep -q '55000' "$WORK/catalog.log" && grep -q 'departments are coded catalog or directory' "$WORK/catalog.log" &&
	grep -q 'one is: catalog (nothing refers to it)' "$WORK/catalog.log" &&
	[ "$(q -d "${DB}_r" -c "SELECT extversion FROM pg_extension WHERE extname = 'service_affair'")" = "$OLD" ]
tap $? "a department coded catalog: the update refuses (55000, naming it) and changes nothing"
q -d "${DB}_r" -c "UPDATE service_affair.department SET code = 'catalog_dept' WHERE code = 'catalog'" \
	-c "ALTER EXTENSION service_affair UPDATE TO '$CUR'" >/dev/null 2>"$WORK/catalog2.log" &&
	[ "$(q -d "${DB}_r" -c "SELECT extversion FROM pg_extension WHERE extname = 'service_affair'")" = "$CUR" ]
tap $? "with the department's code changed, the update runs"
q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS ${DB}_r" >/dev/null

echo "1..$n"
[ $failed = 0 ]
