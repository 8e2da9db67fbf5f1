#!/usr/bin/env bash
# A read of a settled case touches its own month of the history, and no
# other (issue 17, part 1.1; doc/scale.md, "Slice 3").  The history is
# partitioned by month of the id, and a settled case, task, rating or check
# is read by its id: PostgreSQL leaves out the other months only when it
# plans with the id's value.  A cached plan of PL/pgSQL (the generic plan
# tried at the sixth call, or kept under plan_cache_mode =
# force_generic_plan) and the plan of an SQL function know only a parameter:
# they lock every month of every table they read, 1,526 relation locks for
# one notice() at 300 months (bench/scale, 2026-12-02), enough to exhaust the
# lock table of a server with a few such calls at once.
# Checked the way it fails in production: a second session holds ACCESS
# EXCLUSIVE on January 2025 of all nine tables (as archiving or making a
# month does); every call on cases of March 2025, seven times in one
# session (past the sixth call), under the default plan cache mode and under
# force_generic_plan, as superuser, as a clerk of the region and as a
# reviewer of the department, must give its ordinary answer within
# lock_timeout (500 ms), never 55P03.  The control, a read by id under a
# generic plan, waits for the lock and fails.
# Prints TAP.  Needs PGHOST/PGPORT (run by tools/run-tests.sh, suite "script").
set -u
cd "${SA_TOP:-$(dirname "$0")/../..}"
DB=sa_history_reads_locks
CLERK=sa_hrl_clerk
REVIEWER=sa_hrl_reviewer
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
psql_db() { psql -X -At -v ON_ERROR_STOP=1 -d "$DB" "$@"; }

PGOPTIONS="-c client_min_messages=warning" psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "DROP ROLE IF EXISTS $CLERK" -c "DROP ROLE IF EXISTS $REVIEWER" -c "CREATE DATABASE $DB"
hist_tables="cases case_material case_event task task_suspension rating rectification case_leg commitment_check"
psql_db -q -v hist="$hist_tables" -v clerk="$CLERK" -v reviewer="$REVIEWER" <<'SQL'
CREATE EXTENSION service_affair;
SELECT service_affair.create_roles();
SET search_path = service_affair, public;
INSERT INTO department (code, name, region) VALUES ('HR_D', 'History department', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, check_days) VALUES
  ('hr_one', 'One', 'HR_D', 'promised', 20, 5, 5);
INSERT INTO material (item, code, name, commitment_allowed) VALUES ('hr_one', 'form', 'Form', false), ('hr_one', 'oath', 'Oath', true);
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'History Person');
CREATE ROLE :"clerk" IN ROLE service_affair_clerk;
INSERT INTO staff (login, department) VALUES (:'clerk', 'HR_D');
CREATE ROLE :"reviewer" IN ROLE service_affair_reviewer;
INSERT INTO staff (login, department) VALUES (:'reviewer', 'HR_D');
-- March 2025: a case with a commitment, a suspension, a bad rating and its
-- closed rectification; all of it settled in 2029 (a kept check counts toward its holder's credit for three years)
CREATE TABLE public.k (name text PRIMARY KEY, id bigint);
GRANT SELECT ON public.k TO PUBLIC;
INSERT INTO k SELECT 'applicant', id FROM applicant;
INSERT INTO k VALUES ('case', submit('hr_one', (SELECT id FROM applicant), '{form}', 'window', '{oath}', '2025-03-10 10:00+08'));
INSERT INTO k SELECT 'task', id FROM task WHERE case_id = (SELECT id FROM k WHERE name = 'case');
INSERT INTO k SELECT 'check', id FROM commitment_check WHERE case_id = (SELECT id FROM k WHERE name = 'case');
SELECT record_check((SELECT id FROM k WHERE name = 'check'), 'kept', NULL, '2025-03-11 10:00+08');
SELECT suspend((SELECT id FROM k WHERE name = 'task'), 'expert_review', '2025-03-11 11:00+08');
SELECT resume((SELECT id FROM k WHERE name = 'task'), '2025-03-12 10:00+08');
SELECT complete_task((SELECT id FROM k WHERE name = 'task'), 'approved', '2025-03-13 10:00+08');
SELECT deliver((SELECT id FROM k WHERE name = 'case'), 'window', '2025-03-14 10:00+08');
INSERT INTO k VALUES ('rating', rate((SELECT id FROM k WHERE name = 'case'), 1, 'window', 'slow', '2025-03-14 11:00+08'));
SELECT record_callback((SELECT id FROM k WHERE name = 'rating'), '2025-03-15 10:00+08');
SELECT close_rectification((SELECT id FROM k WHERE name = 'rating'), 'apologised', '2025-03-15 11:00+08');
-- and an open case of the same month, accepted (never settles)
INSERT INTO k VALUES ('open', submit('hr_one', (SELECT id FROM applicant), '{form,oath}', 'window', '{}', '2025-03-10 10:00+08'));
SELECT settle_cases('2029-01-05 00:00+08');  -- past credit.clean_years (3) of the kept check
-- the router asks a shard the region of an id while a region moves
-- (service_affair_shard.id_region())
CREATE EXTENSION service_affair_shard;
-- and 2024-01 .. 2025-12 of every table of the case family, as the nightly
-- maintenance makes them
SELECT set_config('sa.hist_tables', :'hist', false) \gset
SELECT count(history_month(t, case_id(m, 0)))
  FROM unnest(string_to_array(current_setting('sa.hist_tables'), ' ')) t,
       generate_series(timestamptz '2024-01-15 00:00+00', '2025-12-15 00:00+00', interval '1 month') m;
SQL
ok $? "a case of March 2025 settled, with 24 months of history made for each table of the case family"
ntables=$(echo $hist_tables | wc -w)
[ "$(psql_db -c "SELECT count(*) FROM service_affair.history_partitions")" = $((24 * ntables)) ] &&
	[ "$(psql_db -c "SELECT string_agg(settled::text, ',' ORDER BY id) FROM service_affair.cases")" = "true,false" ] &&
	[ "$(psql_db -c "SELECT count(*) FROM service_affair.rectification WHERE settled")" = 1 ] &&
	[ "$(psql_db -c "SELECT count(*) FROM service_affair.commitment_check WHERE settled")" = 1 ]
ok $? "the history holds the case (the open one stays open), its rectification and its check, in $((24 * ntables)) month partitions"

# the other session: January 2025 of all nine tables, held until killed
lock_list=$(for t in $hist_tables; do printf 'service_affair.%s_settled_202501,' "$t"; done | sed 's/,$//')
PGAPPNAME=sa_hrl_locker psql -X -q -d "$DB" -c "BEGIN; LOCK TABLE $lock_list IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(1200);" >/dev/null 2>&1 &
locker=$!
# on an early exit, the locker's backend too (it sleeps on after its client is gone)
trap 'kill $locker 2>/dev/null; psql_db -q -c "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '"'sa_hrl_locker'"'" >/dev/null 2>&1' EXIT
for _ in $(seq 1 100); do
	[ "$(psql_db -c "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
	                 WHERE l.granted AND l.mode = 'AccessExclusiveLock' AND c.relname ~ '_settled_202501$'")" = "$ntables" ] && break
	sleep 0.1
done
[ "$(psql_db -c "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
                 WHERE l.granted AND l.mode = 'AccessExclusiveLock' AND c.relname ~ '_settled_202501$'")" = "$ntables" ]
ok $? "a second session holds ACCESS EXCLUSIVE on January 2025 of the $ntables tables"

# label|SQL of each call; the answer expected of each is below.  Not here:
# record_check() of a settled check, whose refusal (55000) reads every month
# of commitment_check_settled: check ids carry no month (doc/scale.md,
# "Reads of the history by id")
calls() {
	local c="(SELECT id FROM public.k WHERE name = 'case')" t="(SELECT id FROM public.k WHERE name = 'task')"
	local r="(SELECT id FROM public.k WHERE name = 'rating')" o="(SELECT id FROM public.k WHERE name = 'open')"
	local at="'2029-02-01 10:00+08'"
	cat <<SQL
case_progress|SELECT 1 / (SELECT count(*) FROM service_affair.case_progress($c, '11010519491231002X'))::int
notice|SELECT count(*) FROM service_affair.notice($c)
case_guide|SELECT service_affair.case_guide($c) IS NOT NULL
case_progress (open)|SELECT 1 / (SELECT count(*) FROM service_affair.case_progress($o, '11010519491231002X'))::int
notice (open)|SELECT count(*) FROM service_affair.notice($o)
case_guide (open)|SELECT service_affair.case_guide($o) IS NOT NULL
supplement|SELECT service_affair.supplement($c, '{form}', $at)
withdraw|SELECT service_affair.withdraw($c, $at)
record_visit|SELECT service_affair.record_visit($c, $at)
deliver|SELECT service_affair.deliver($c, 'window', $at)
rate|SELECT service_affair.rate($c, 5, 'window', NULL, $at)
complete_task|SELECT service_affair.complete_task($t, 'approved', $at)
suspend|SELECT service_affair.suspend($t, 'expert_review', $at)
resume|SELECT service_affair.resume($t, $at)
extend|SELECT service_affair.extend($t, 2, 'more', $at)
record_callback|SELECT service_affair.record_callback($r, $at)
close_rectification|SELECT service_affair.close_rectification($r, 'again', $at)
appeal_rating|SELECT service_affair.appeal_rating($r, 'wrong case', $at)
complaint_from_rating|SELECT service_affair.complaint_from_rating($r, NULL, $at) IS NOT NULL
case_applicant|SELECT 1 / (SELECT count(*) FROM service_affair.case_applicant($c))::int
case_evidence|SELECT count(*) FROM service_affair.case_evidence($c)
id_region (case)|SELECT 1 / coalesce(service_affair_shard.id_region('case', $c) = '330225', false)::int
id_region (task)|SELECT 1 / coalesce(service_affair_shard.id_region('task', $t) = '330225', false)::int
id_region (rating)|SELECT 1 / coalesce(service_affair_shard.id_region('rating', $r) = '330225', false)::int
receive_complaint|SELECT service_affair.receive_complaint('window', 'complaint', 'late', $at, case_id => $c, applicant => (SELECT id FROM public.k WHERE name = 'applicant')) IS NOT NULL
SQL
}
# one session per plan cache mode and role; each call seven times, each in
# its own transaction (a subtransaction of pg_temp.try()), its SQLSTATE or ok
session() {
	local mode=$1 role=$2
	{
		cat <<SQL
SET plan_cache_mode = $mode;
SET lock_timeout = '500ms';
CREATE FUNCTION pg_temp.try(label text, q text) RETURNS text LANGUAGE plpgsql AS \$\$
BEGIN
    EXECUTE q;
    RETURN label || '|ok';
EXCEPTION WHEN OTHERS THEN
    RETURN label || '|' || SQLSTATE;
END
\$\$;
SQL
		[ "$role" = superuser ] || echo "SET ROLE $role;"
		for _ in 1 2 3 4 5 6 7; do
			calls | while IFS='|' read -r label q; do
				printf "SELECT pg_temp.try(%s, %s);\n" "'$label'" "\$q\$$q\$q\$"
			done
		done
	} | psql_db 2>&1
}
expected="appeal_rating|55000
case_applicant|ok
case_evidence|ok
case_guide (open)|ok
case_guide|ok
case_progress (open)|ok
case_progress|ok
close_rectification|55000
complaint_from_rating|55000
complete_task|55000
deliver|55000
extend|55000
id_region (case)|ok
id_region (rating)|ok
id_region (task)|ok
notice (open)|ok
notice|ok
rate|55000
receive_complaint|ok
record_callback|55000
record_visit|55000
resume|55000
supplement|55000
suspend|55000
withdraw|55000"
# a clerk may not call the reviewers' and administrators' functions (42501
# before any read); the rest as for the superuser
expected_clerk=$(echo "$expected" | sed -E 's/^(appeal_rating|case_evidence|close_rectification|complete_task|extend|id_region[^|]*|record_callback|resume|suspend)\|.*/\1|42501/')
# a reviewer calls the task and rating writers (through lock_task() and
# lock_rating(), as the functions' owner: 55000 from settled_task() and
# settled_rating()), and reads the applicant and evidence of the case of a
# task of the department (require_case_worker(): settled_case_tasks())
expected_reviewer=$(echo "$expected" | sed -E '/^(case_applicant|case_evidence|close_rectification|complete_task|extend|record_callback|resume|suspend)\|/!s/\|.*/|42501/')
for role in superuser "$CLERK" "$REVIEWER"; do
	for mode in auto force_generic_plan; do
		out=$(session "$mode" "$role")
		mkdir -p tmp_check && echo "$out" >"tmp_check/history_reads_locks.$mode.$role.out"
		waited=$(echo "$out" | grep '|55P03$' | sed 's/|.*//' | sort -u | tr '\n' ' ')
		[ -z "$waited" ] && [ "$(echo "$out" | grep -c '|')" = $((7 * 25)) ]
		ok $? "$role, $mode: all 25 calls answered 7 times, none waited for the locked month${waited:+ (55P03: $waited)}"
		answers=$(echo "$out" | grep '|' | sort -u)
		# the answers of the history's rules: reads answer, writes 55000; the
		# same seven times (one line a call), in both modes
		case $role in
		superuser) want=$expected ;;
		"$CLERK") want=$expected_clerk ;;
		*) want=$expected_reviewer ;;
		esac
		[ "$answers" = "$(echo "$want" | sort)" ]
		ok $? "$role, $mode: each call gave one answer, every time ($(echo "$answers" | tr '\n' ' '))"
	done
done

# the control: a read of the settled case by a parameter, generic plan
ctl=$(psql_db -c "SET lock_timeout = '500ms'" -c "SET plan_cache_mode = force_generic_plan" \
	-c "PREPARE q(bigint) AS SELECT count(*) FROM service_affair.cases WHERE id = \$1" \
	-c "EXECUTE q($(psql_db -c "SELECT id FROM public.k WHERE name = 'case'"))" 2>&1)
echo "$ctl" | grep -q 'lock timeout'
ok $? "control: a read by id under a generic plan waits for January and times out ($(echo "$ctl" | tail -n 1))"

# the parents of the history held (as making a month holds them): reads of
# the open case must not touch the history at all
psql_db -q -c "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'sa_hrl_locker'" >/dev/null
wait $locker 2>/dev/null
parents=$(for t in $hist_tables; do printf 'service_affair.%s_settled,' "$t"; done | sed 's/,$//')
PGAPPNAME=sa_hrl_locker psql -X -q -d "$DB" -c "BEGIN; LOCK TABLE $parents IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(1200);" >/dev/null 2>&1 &
locker=$!
for _ in $(seq 1 100); do
	[ "$(psql_db -c "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
	                 WHERE l.granted AND l.mode = 'AccessExclusiveLock' AND c.relname ~ '_settled$'")" = "$ntables" ] && break
	sleep 0.1
done
open_out=$(for mode in auto force_generic_plan; do
	calls() { local o="(SELECT id FROM public.k WHERE name = 'open')"
		echo "case_progress (open)|SELECT 1 / (SELECT count(*) FROM service_affair.case_progress($o, '11010519491231002X'))::int"
		echo "notice (open)|SELECT count(*) FROM service_affair.notice($o)"
		echo "case_guide (open)|SELECT service_affair.case_guide($o) IS NOT NULL"; }
	session "$mode" superuser
done)
[ "$(echo "$open_out" | grep '|' | sort | uniq -c | sed -E 's/^ *([0-9]+) /\1 /' | tr '\n' ';')" = \
  "14 case_guide (open)|ok;14 case_progress (open)|ok;14 notice (open)|ok;" ]
ok $? "with the nine parents of the history held, the reads of an open case answer without waiting, seven times in both modes ($(echo "$open_out" | grep '|' | sort | uniq -c | tr -s ' ' | tr '\n' ';'))"

psql_db -q -c "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'sa_hrl_locker'" >/dev/null
wait $locker 2>/dev/null
[ -n "${SA_KEEP:-}" ] || PGOPTIONS="-c client_min_messages=warning" psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "DROP ROLE IF EXISTS $CLERK" -c "DROP ROLE IF EXISTS $REVIEWER"
echo "1..$n"
