#!/usr/bin/env bash
# Open work does not touch the history (issue 17, part 1.1; doc/scale.md,
# "A third design"): cases, case_material, case_event, task, task_suspension,
# rating, rectification, case_leg and commitment_check are partitioned by
# settled, and every statement of the write API reaches them with the
# constant NOT settled, so that PostgreSQL prunes the history partitions
# (<t>_settled and their months) at plan time,
# also in a cached generic plan.  Checked the way it can fail: with twelve
# months of history partitions made, every API call runs in its own
# transaction under plan_cache_mode = force_generic_plan (the plan PL/pgSQL
# keeps after five calls), twice, and the relation locks it holds at the end
# of its transaction must name no history partition.  Reads by case id
# without the constant are the control: they must show them.
# The calls: four kinds of submission, the notice, two supplements, a
# withdrawal, a visit, the queue, suspension, resumption, extension, the
# completion of a one-stage case and of both stages of a bundle (the stage
# change, the licence issued at its conclusion), delivery, rating, the sweep
# with nothing due and 40 days later with cases overdue, case_sla; a bad
# rating, its call-back, complaint, closing and appeal; a 通办 case received
# at a town point (its legs: receive_originals, conclusion, delivery); a case
# with a commitment and its check; an approval on commitment (承诺制审批) at
# submission and at the opening of a bundle's second stage, a broken
# commitment (credit event, revocation of the approved case); a calendar
# edit (the recompute of the dues of tasks, cases and checks).
# Prints TAP.  Needs PGHOST/PGPORT (run by tools/run-tests.sh, suite "script").
set -u
cd "${SA_TOP:-$(dirname "$0")/../..}"
DB=sa_open_work_locks
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
psql_db() { psql -X -At -v ON_ERROR_STOP=1 -d "$DB" "$@"; }

PGOPTIONS="-c client_min_messages=warning" psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
# the tables of the case family, each partitioned by settled
hist_tables="cases case_material case_event task task_suspension rating rectification case_leg commitment_check"
psql_db -q -v hist="$hist_tables" <<'SQL'
CREATE EXTENSION service_affair;
SET search_path = service_affair, public;
INSERT INTO department (code, name, region) VALUES ('LK_D', 'Lock department', '330225'), ('LK_E', 'Lock second', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit) VALUES
  ('lk_one', 'One', 'LK_D', 'promised', 20, 5),
  ('lk_two', 'Two', 'LK_E', 'promised', 20, 5);
INSERT INTO material (item, code, name) VALUES ('lk_one', 'form', 'Form'), ('lk_one', 'plan', 'Plan'), ('lk_two', 'plan', 'Plan');
UPDATE material SET tolerable = true WHERE item = 'lk_one' AND code = 'plan';
-- the second stage issues a licence (44_licences.sql): the first of its type
-- and year takes the slow path of issue_licences()
INSERT INTO evidence_type (code, name, source_department) VALUES ('lk_permit', 'Lock permit', 'LK_E');
UPDATE item SET output_evidence_type = 'lk_permit' WHERE code = 'lk_two';
INSERT INTO bundle (code, name, lead_department) VALUES ('lk_bundle', 'Both', 'LK_D');
INSERT INTO bundle_item (bundle, item, stage) VALUES ('lk_bundle', 'lk_one', 1), ('lk_bundle', 'lk_two', 2);
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Lock Person');
-- 通办: a town point of the department's county forwards the originals
INSERT INTO service_point (code, name, level, region, town_code, parent) VALUES
  ('LK_C', 'Lock county centre', 'county', '330225', NULL, NULL),
  ('LK_T', 'Lock town centre', 'town', '330225', '330225001', 'LK_C');
-- a commitment (告知承诺) replaces a material; its check is due in 5 working days
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, check_days) VALUES
  ('lk_cm', 'Committed', 'LK_D', 'promised', 20, 5, 5);
INSERT INTO material (item, code, name, commitment_allowed) VALUES ('lk_cm', 'form', 'Form', false), ('lk_cm', 'oath', 'Oath', true);
-- approval on commitment (承诺制审批): approved at acceptance, alone or as the
-- second stage of a bundle; one applicant per round, whose commitment is
-- broken in that round (a broken commitment takes away the approval on
-- commitment of later cases)
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, approval_mode) VALUES
  ('lk_fast', 'Fast', 'LK_D', 'promised', 20, 5, 'commitment');
INSERT INTO material (item, code, name, commitment_allowed) VALUES ('lk_fast', 'form', 'Form', false), ('lk_fast', 'cond', 'Conditions', true);
INSERT INTO bundle (code, name, lead_department) VALUES ('lk_cbundle', 'Then fast', 'LK_D');
INSERT INTO bundle_item (bundle, item, stage) VALUES ('lk_cbundle', 'lk_one', 1), ('lk_cbundle', 'lk_fast', 2);
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '330225198001010114', 'Lock Breaker 1'),
                                                        ('person', '330225198001010122', 'Lock Breaker 2');
-- twelve months of history partitions, as settling and its maintenance will make them
SELECT set_config('sa.hist_tables', :'hist', false) \gset
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY string_to_array(current_setting('sa.hist_tables'), ' ') LOOP
        FOR m IN 0 .. 11 LOOP
            EXECUTE format('CREATE TABLE service_affair.%I PARTITION OF service_affair.%I FOR VALUES FROM (%s) TO (%s)',
                           t || '_settled_m' || m, t || '_settled',
                           case_id('2025-12-01 00:00+00'::timestamptz + make_interval(months => m), 0),
                           case_id('2025-12-01 00:00+00'::timestamptz + make_interval(months => m + 1), 0));
        END LOOP;
    END LOOP;
END
$$;
SQL
ok $? "an install with twelve months of history partitions of each table of the case family"
ntables=$(echo $hist_tables | wc -w)
[ "$(psql_db -c "SELECT count(*) FROM pg_inherits WHERE inhparent::regclass::text IN
                 (SELECT format('service_affair.%s_settled', t) FROM unnest(string_to_array('$hist_tables', ' ')) t)")" = $((12 * ntables)) ]
ok $? "each history partition has its twelve months"

# One session: each call in its own transaction, then the history relations
# it holds locks on (none expected).  Calls that need a case or task of the
# right status take the newest one.
calls_sql() {
	local r=$1 ap="(SELECT id FROM applicant WHERE name = 'Lock Person')" at="'2026-11-30 10:00+08'::timestamptz"
	# the clock actions act on the round's own case's task (suspend(),
	# extend() and complete_task() take an open task, claimed or not): the
	# claim of round 2 takes a task round 1 left open, which round 1's sweep
	# 40 days on recorded overdue, and a clock action may not be dated
	# before a recorded breach (55000, require_after_breach(), doc/routing.md)
	local t="(SELECT t.id FROM task t WHERE t.case_id = (SELECT id FROM k WHERE name = 'complete$r') AND NOT t.settled)"
	local bp="(SELECT id FROM applicant WHERE name = 'Lock Breaker $r')"
	cat <<SQL
BEGIN; INSERT INTO k VALUES ('complete$r', submit('lk_one', $ap, '{form,plan}', 'window', '{}', $at)); SELECT 'submit (complete)|' || pg_temp.hist_locks(); COMMIT;
BEGIN; INSERT INTO k VALUES ('returned$r', submit('lk_one', $ap, '{}', 'window', '{}', $at)); SELECT 'submit (returned)|' || pg_temp.hist_locks(); COMMIT;
BEGIN; INSERT INTO k VALUES ('tolerated$r', submit('lk_one', $ap, '{form}', 'window', '{}', $at)); SELECT 'submit (tolerated)|' || pg_temp.hist_locks(); COMMIT;
BEGIN; INSERT INTO k VALUES ('bundle$r', submit('lk_bundle', $ap, '{form,plan}', 'window', '{}', $at)); SELECT 'submit (bundle)|' || pg_temp.hist_locks(); COMMIT;
BEGIN; INSERT INTO k VALUES ('withdrawn$r', submit('lk_one', $ap, '{}', 'window', '{}', $at)); COMMIT;
BEGIN; SELECT count(*) FROM notice((SELECT id FROM k WHERE name = 'returned$r')); SELECT 'notice|' || pg_temp.hist_locks(); COMMIT;
BEGIN; SELECT supplement((SELECT id FROM k WHERE name = 'returned$r'), '{form,plan}', $at + interval '1 hour', 'window'); SELECT 'supplement|' || pg_temp.hist_locks(); COMMIT;
BEGIN; SELECT supplement((SELECT id FROM k WHERE name = 'tolerated$r'), '{plan}', $at + interval '1 hour', 'window'); SELECT 'supplement (tolerated)|' || pg_temp.hist_locks(); COMMIT;
BEGIN; SELECT withdraw((SELECT id FROM k WHERE name = 'withdrawn$r'), $at + interval '1 hour'); SELECT 'withdraw|' || pg_temp.hist_locks(); COMMIT;
BEGIN; SELECT record_visit((SELECT id FROM k WHERE name = 'complete$r'), $at + interval '2 hours'); SELECT 'record_visit|' || pg_temp.hist_locks(); COMMIT;
BEGIN; INSERT INTO k VALUES ('task$r', claim_task('LK_D', 'lk_clerk', $at + interval '3 hours')); SELECT 'claim_task|' || pg_temp.hist_locks(); COMMIT;
BEGIN; SELECT suspend($t, 'expert_review', $at + interval '4 hours'); SELECT 'suspend|' || pg_temp.hist_locks(); COMMIT;
BEGIN; SELECT resume($t, $at + interval '5 hours'); SELECT 'resume|' || pg_temp.hist_locks(); COMMIT;
BEGIN; SELECT extend($t, 2, 'more time', $at + interval '6 hours'); SELECT 'extend|' || pg_temp.hist_locks(); COMMIT;
BEGIN; SELECT complete_task($t, 'approved', $at + interval '7 hours'); SELECT 'complete_task|' || pg_temp.hist_locks(); COMMIT;
INSERT INTO k SELECT 'done$r', t.case_id FROM task t WHERE t.id = $t;
BEGIN; SELECT deliver((SELECT id FROM k WHERE name = 'done$r'), 'window', $at + interval '8 hours'); SELECT 'deliver|' || pg_temp.hist_locks(); COMMIT;
BEGIN; SELECT rate((SELECT id FROM k WHERE name = 'done$r'), 5, 'window', NULL, $at + interval '9 hours'); SELECT 'rate|' || pg_temp.hist_locks(); COMMIT;
BEGIN; SELECT count(complete_task(t.id, 'approved', $at + interval '7 hours')) FROM task t WHERE t.case_id = (SELECT id FROM k WHERE name = 'bundle$r') AND NOT t.settled AND t.stage = 1; SELECT 'complete_task (bundle stage 1)|' || pg_temp.hist_locks(); COMMIT;
BEGIN; SELECT count(complete_task(t.id, 'approved', $at + interval '8 hours')) FROM task t WHERE t.case_id = (SELECT id FROM k WHERE name = 'bundle$r') AND NOT t.settled AND t.stage = 2; SELECT 'complete_task (bundle stage 2, licence)|' || pg_temp.hist_locks(); COMMIT;
BEGIN; SELECT sla_sweep($at + interval '10 hours'); SELECT 'sla_sweep|' || pg_temp.hist_locks(); COMMIT;
BEGIN; SELECT sla_sweep($at + interval '40 days'); SELECT 'sla_sweep (overdue)|' || pg_temp.hist_locks(); COMMIT;
BEGIN; SELECT count(*) FROM case_sla; SELECT 'case_sla|' || pg_temp.hist_locks(); COMMIT;
BEGIN; INSERT INTO k VALUES ('bad$r', rate((SELECT id FROM k WHERE name = 'withdrawn$r'), 1, 'window', 'slow', $at + interval '9 hours')); SELECT 'rate (bad)|' || pg_temp.hist_locks(); COMMIT;
BEGIN; SELECT record_callback((SELECT id FROM k WHERE name = 'bad$r'), $at + interval '10 hours'); SELECT 'record_callback|' || pg_temp.hist_locks(); COMMIT;
BEGIN; SELECT complaint_from_rating((SELECT id FROM k WHERE name = 'bad$r'), NULL, $at + interval '10 hours'); SELECT 'complaint_from_rating|' || pg_temp.hist_locks(); COMMIT;
BEGIN; SELECT close_rectification((SELECT id FROM k WHERE name = 'bad$r'), 'called and explained', $at + interval '11 hours'); SELECT 'close_rectification|' || pg_temp.hist_locks(); COMMIT;
BEGIN; SELECT appeal_rating((SELECT id FROM k WHERE name = 'bad$r'), 'rated the wrong case', $at + interval '12 hours'); SELECT 'appeal_rating|' || pg_temp.hist_locks(); COMMIT;
BEGIN; INSERT INTO k VALUES ('tongban$r', submit('lk_one', '11010519491231002X', '{form,plan}', 'window', '{}', $at, point => 'LK_T')); SELECT 'submit (tongban)|' || pg_temp.hist_locks(); COMMIT;
BEGIN; INSERT INTO k VALUES ('leg$r', submit('lk_one', '11010519491231002X', '{form,plan}', 'window', '{}', $at, point => 'LK_T')); COMMIT;
BEGIN; SELECT receive_originals((SELECT id FROM k WHERE name = 'tongban$r'), $at + interval '1 hour'); SELECT 'receive_originals|' || pg_temp.hist_locks(); COMMIT;
BEGIN; SELECT count(complete_task(t.id, 'approved', $at + interval '7 hours')) FROM task t WHERE t.case_id = (SELECT id FROM k WHERE name = 'tongban$r') AND NOT t.settled; SELECT 'complete_task (tongban)|' || pg_temp.hist_locks(); COMMIT;
BEGIN; SELECT deliver((SELECT id FROM k WHERE name = 'tongban$r'), 'window', $at + interval '8 hours'); SELECT 'deliver (tongban)|' || pg_temp.hist_locks(); COMMIT;
BEGIN; INSERT INTO k VALUES ('commit$r', submit('lk_cm', $ap, '{form}', 'window', '{oath}', $at)); SELECT 'submit (commitment)|' || pg_temp.hist_locks(); COMMIT;
BEGIN; INSERT INTO k VALUES ('commit_open$r', submit('lk_cm', $ap, '{form}', 'window', '{oath}', $at)); COMMIT;
BEGIN; SELECT record_check((SELECT id FROM commitment_check WHERE case_id = (SELECT id FROM k WHERE name = 'commit$r') AND NOT settled), 'kept', NULL, $at + interval '2 hours'); SELECT 'record_check|' || pg_temp.hist_locks(); COMMIT;
BEGIN; SELECT sla_sweep($at + interval '40 days'); SELECT 'sla_sweep (overdue legs and checks)|' || pg_temp.hist_locks(); COMMIT;
BEGIN; INSERT INTO k VALUES ('fast$r', submit('lk_fast', $bp, '{form}', 'window', '{cond}', $at)); SELECT 'submit (approval on commitment)|' || pg_temp.hist_locks(); COMMIT;
BEGIN; INSERT INTO k VALUES ('cbundle$r', submit('lk_cbundle', $bp, '{form,plan}', 'window', '{cond}', $at)); SELECT 'submit (bundle, stage 2 on commitment)|' || pg_temp.hist_locks(); COMMIT;
BEGIN; SELECT count(complete_task(t.id, 'approved', $at + interval '2 hours')) FROM task t WHERE t.case_id = (SELECT id FROM k WHERE name = 'cbundle$r') AND NOT t.settled AND t.stage = 1; SELECT 'complete_task (stage 2 approved on commitment)|' || pg_temp.hist_locks(); COMMIT;
BEGIN; SELECT record_check((SELECT id FROM commitment_check WHERE case_id = (SELECT id FROM k WHERE name = 'fast$r') AND NOT settled), 'broken', 'no premises', $at + interval '3 hours'); SELECT 'record_check (broken)|' || pg_temp.hist_locks(); COMMIT;
BEGIN; INSERT INTO calendar_day (calendar, day, is_workday, note) VALUES ('cn', date '2026-12-01' + $r, false, 'lock test'); SELECT 'calendar edit (recompute of dues)|' || pg_temp.hist_locks(); COMMIT;
SQL
}
out=$({
	cat <<'SQL'
SET search_path = service_affair, public;
SET plan_cache_mode = force_generic_plan;
CREATE FUNCTION pg_temp.hist_locks() RETURNS text LANGUAGE sql AS $$
  SELECT coalesce(string_agg(DISTINCT c.relname, ',' ORDER BY c.relname), '')
    FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
   WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation'
     AND c.relname ~ '^(cases|case_material|case_event|task|task_suspension|rating|rectification|case_leg|commitment_check)_settled'
$$;
CREATE TEMP TABLE k (name text PRIMARY KEY, id bigint);
SQL
	calls_sql 1
	calls_sql 2
	# the control: the same read without the constant
	echo "BEGIN; SELECT count(*) FROM cases WHERE id = (SELECT id FROM k WHERE name = 'complete1');"
	echo "  SELECT count(*) FROM case_material WHERE case_id = (SELECT id FROM k WHERE name = 'complete1');"
	echo "  SELECT count(*) FROM case_event WHERE case_id = (SELECT id FROM k WHERE name = 'complete1');"
	echo "  SELECT count(*) FROM task WHERE case_id = (SELECT id FROM k WHERE name = 'complete1');"
	echo "  SELECT count(*) FROM task_suspension WHERE task_id = (SELECT max(t.id) FROM task t WHERE t.case_id = (SELECT id FROM k WHERE name = 'complete1'));"
	echo "  SELECT count(*) FROM rating WHERE case_id = (SELECT id FROM k WHERE name = 'withdrawn1');"
	echo "  SELECT count(*) FROM rectification WHERE rating_id = (SELECT id FROM k WHERE name = 'bad1');"
	echo "  SELECT count(*) FROM case_leg WHERE case_id = (SELECT id FROM k WHERE name = 'tongban1');"
	echo "  SELECT count(*) FROM commitment_check WHERE case_id = (SELECT id FROM k WHERE name = 'commit1');"
	echo "  SELECT 'control|' || pg_temp.hist_locks(); COMMIT;"
} | psql_db 2>&1)
rc=$?
mkdir -p tmp_check && echo "$out" > tmp_check/open_work_locks.out  # for a failure's diagnosis
ok $rc "every call of the open-work script ran${out:+ ($(echo "$out" | grep -m1 -i error))}"
calls=$(echo "$out" | grep -c '^[a-z_ (),0-9]*|')
leaks=$(echo "$out" | grep '^[a-z_ (),0-9]*|.' | grep -v '^control|' | sed 's/|.*//' | sort -u | tr '\n' ',' | sed 's/,$//')
[ "$calls" = 77 ]
ok $? "each of the 38 calls reported its locks in both rounds, and the control once ($calls reports of 77)"
[ -z "$leaks" ]
ok $? "no call of open work locks a history partition under generic plans${leaks:+ (locked by: $leaks)}"
# the added calls did what they are there for (a call that did nothing locks nothing)
did=$(psql_db -q -c "SET search_path = service_affair;
  SELECT concat_ws(' ',
    (SELECT string_agg(c.status || '/' || c.decision, ',' ORDER BY c.id) FROM cases c WHERE c.service = 'lk_fast'),
    (SELECT string_agg(c.status || '/' || c.decision, ',' ORDER BY c.id) FROM cases c WHERE c.service = 'lk_cbundle'),
    (SELECT count(*) FROM case_event e JOIN cases c ON c.id = e.case_id
      WHERE c.service = 'lk_fast' AND e.kind = 'revoked' AND e.detail->>'reason' = 'commitment broken'),
    (SELECT count(*) FROM credit_event WHERE kind = 'commitment_broken'),
    (SELECT count(DISTINCT e.at) FROM case_event e WHERE e.kind IN ('task_due_recomputed', 'due_recomputed')
        AND e.detail->>'reason' = 'calendar edited'))" 2>&1)
[ "$did" = "revoked/approved,revoked/approved concluded/approved,concluded/approved 2 2 2" ]
ok $? "the added calls did their work: approved on commitment at submission and at stage 2, two broken commitments revoked, two calendar edits recomputed dues ($did)"
control=$(echo "$out" | grep '^control|' | sed 's/^control|//')
missing=""
for t in $hist_tables; do
	echo ",$control," | grep -q ",${t}_settled," && echo ",$control," | grep -q ",${t}_settled_m[0-9]*," || missing="$missing $t"
done
[ -n "$control" ] && [ -z "$missing" ]
ok $? "control: reads without NOT settled lock the history of every table and its months${missing:+ (not locked:$missing)}"
echo "1..$n"
