-- Routing access: reviewers see and act on their departments' tasks only
-- (row-level security and 42501 from the SECURITY DEFINER functions); admins
-- act everywhere; analysts read the SLA views; nobody writes tasks directly.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(47);
\ir route_fixture.inc
SELECT create_roles();
CREATE ROLE rt_rev_mkt LOGIN IN ROLE service_affair_reviewer;
CREATE ROLE rt_rev_hlt LOGIN IN ROLE service_affair_reviewer;
CREATE ROLE rt_nobody LOGIN IN ROLE service_affair_reviewer;
CREATE ROLE rt_boss LOGIN IN ROLE service_affair_admin;
CREATE ROLE rt_counter LOGIN IN ROLE service_affair_analyst;
CREATE ROLE rt_citizen LOGIN IN ROLE service_affair_public;
INSERT INTO staff (login, department) VALUES ('rt_rev_mkt', 'RT_MKT'), ('rt_rev_hlt', 'RT_HLT');
SELECT submit('rt_par', :p, '{form,lease}', 'window', '{}', '2026-02-13 10:00+08') AS h \gset
SELECT id AS hm FROM task WHERE case_id = :h AND department = 'RT_MKT' \gset
SELECT id AS hh FROM task WHERE case_id = :h AND department = 'RT_HLT' \gset
SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-02-13 10:00+08') AS m2 \gset
SET LOCAL service_affair.as_of = '2026-02-24 10:00+08';

-- ------------------------------------------------------------ a reviewer of RT_MKT
SET ROLE rt_rev_mkt;
SELECT results_eq('SELECT DISTINCT department FROM task', $$VALUES ('RT_MKT')$$,
  'a reviewer reads only the tasks of his department');
SELECT results_eq('SELECT DISTINCT department FROM task_sla', $$VALUES ('RT_MKT')$$,
  'task_sla shows only the tasks of his department');
SELECT is((SELECT count(*) FROM task_sla WHERE case_id = :h), 1::bigint, 'one of the two tasks of the bundle case');
SELECT throws_ok(format('SELECT claim_task(%L, %L)', 'RT_HLT', 'rt_rev_mkt'), '42501',
  'permission denied for the work queue of department RT_HLT', 'claiming another department''s queue: 42501');
SELECT throws_ok(format('SELECT complete_task(%s, %L, %L)', :hh, 'approved', '2026-02-24 10:00+08'), '42501',
  'permission denied for task ' || :hh, 'completing another department''s task: 42501');
SELECT throws_ok(format('SELECT suspend(%s, %L, %L)', :hh, 'testing', '2026-02-24 10:00+08'), '42501',
  NULL, 'suspending another department''s task: 42501');
SELECT throws_ok(format('SELECT resume(%s, %L)', :hh, '2026-02-24 10:00+08'), '42501',
  NULL, 'resuming another department''s task: 42501');
SELECT throws_ok(format('SELECT extend(%s, 2, %L, %L)', :hh, 'x', '2026-02-24 10:00+08'), '42501',
  NULL, 'extending another department''s task: 42501');
SELECT is(claim_task('RT_MKT', 'rt_rev_mkt', '2026-02-24 09:00+08'), :hm::bigint,
  'claiming his own queue: the earliest due first (accepted earlier)');
SELECT lives_ok(format('SELECT extend(%s, 2, %L, %L)', :hm, 'site visit', '2026-02-24 10:00+08'), 'extend his own task');
SELECT lives_ok(format('SELECT complete_task(%s, %L, %L)', :hm, 'approved', '2026-02-25 10:00+08'), 'complete his own task');
SELECT throws_ok('UPDATE task SET assignee = ''me''', '42501', NULL, 'no direct UPDATE of task');
SELECT throws_ok('DELETE FROM task', '42501', NULL, 'no direct DELETE of task');
SELECT throws_ok('SELECT * FROM case_sla', '42501', NULL, 'a reviewer does not read case_sla');
SELECT throws_ok('SELECT sla_sweep()', '42501', NULL, 'a reviewer does not run the sweep');
SELECT throws_ok('SELECT route_advance(1, now())', '42501', NULL, 'internal functions are not executable');
RESET ROLE;
SELECT is((SELECT actor::text FROM case_event WHERE case_id = :h AND kind = 'task_completed'), 'rt_rev_mkt',
  'the history records the reviewer as the actor');
SELECT results_eq(format('SELECT assignee FROM task WHERE id = %s', :hm), $$VALUES ('rt_rev_mkt')$$,
  'the task records its assignee');

-- ------------------------------------------------------------ a stranger learns nothing of a task
-- A role without a right to a task (a clerk and reviewer of another
-- department; a reviewer without a staff row) gets for an unknown id the
-- same 42501, message and detail, as for another department's task, before
-- anything is locked; administrators get 23503 (a review, 2026-12-05: until
-- then lock_task() answered 23503 for an unknown id to anybody holding
-- EXECUTE, and its 42501 named the task's department).
CREATE ROLE rt_stranger LOGIN IN ROLE service_affair_clerk, service_affair_reviewer;
INSERT INTO staff (login, department) VALUES ('rt_stranger', 'RT_MKT');
-- refusal(sql, id, role): SQLSTATE, message and detail of sql run as role, the id as #
CREATE FUNCTION pg_temp.refusal(q text, id bigint, r text DEFAULT 'rt_stranger') RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  st text; msg text; det text;
BEGIN
  EXECUTE pg_catalog.format('SET LOCAL ROLE %I', r);
  BEGIN
    EXECUTE pg_catalog.format(q, COALESCE(id::text, 'NULL'));
    st := '00000';
  EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL;
  END;
  RESET ROLE;
  RETURN pg_catalog.regexp_replace(pg_catalog.concat_ws(' | ', st, msg, det), '\m' || COALESCE(id::text, 'NULL') || '\M', '#', 'g');
END $$;
CREATE TEMP TABLE probe (verb text, q text);
INSERT INTO probe VALUES
  ('complete_task', $$SELECT service_affair.complete_task(%s, 'approved', '2026-02-24 10:00+08')$$),
  ('suspend', $$SELECT service_affair.suspend(%s, 'testing', '2026-02-24 10:00+08')$$),
  ('resume', $$SELECT service_affair.resume(%s, '2026-02-24 10:00+08')$$),
  ('extend', $$SELECT service_affair.extend(%s, 2, 'x', '2026-02-24 10:00+08')$$);
SELECT (SELECT max(id) + 1000 FROM task) AS u, (SELECT t::text FROM task t WHERE id = :hh) AS hh0,
       (SELECT count(*) FROM case_event) AS events0 \gset
SELECT is(pg_temp.refusal(q, :u), pg_temp.refusal(q, :hh),
          verb || '() as a stranger: an unknown id is refused as a task of another department') FROM probe ORDER BY verb;
SELECT ok(pg_temp.refusal(q, :hh) LIKE '42501 | permission denied for task # | %' AND pg_temp.refusal(q, :hh) NOT LIKE '%RT\_HLT%',
          verb || '() as a stranger: 42501, the detail names no department') FROM probe ORDER BY verb;
SELECT is(pg_temp.refusal('SELECT service_affair.complete_task(%s, ''approved'', ''2026-02-24 10:00+08'')', :u, 'rt_nobody'),
          pg_temp.refusal('SELECT service_affair.complete_task(%s, ''approved'', ''2026-02-24 10:00+08'')', :hh, 'rt_nobody'),
          'a reviewer without a staff row: an unknown id refused as another department''s task');
SELECT is(pg_temp.refusal('SELECT service_affair.complete_task(%s, ''approved'', ''2026-02-24 10:00+08'')', :u, 'rt_boss'),
          '23503 | unknown task | No task has id #.', 'an administrator: 23503 for an unknown id');
SELECT matches(pg_temp.refusal('SELECT service_affair.complete_task(%s, ''approved'', ''2026-02-24 10:00+08'')', NULL, 'rt_stranger'),
          '^22023 \| task id must not be null', 'a NULL id: 22023 before the right');
SELECT is((SELECT t::text FROM task t WHERE id = :hh) || ' ' || (SELECT count(*) FROM case_event), :'hh0' || ' ' || :events0,
          'the refused calls left the task and the history as they were');

-- ------------------------------------------------------------ no staff row
SET ROLE rt_nobody;
SELECT is((SELECT count(*) FROM task), 0::bigint, 'a reviewer without a staff row sees no task');
SELECT throws_ok(format('SELECT claim_task(%L, %L)', 'RT_MKT', 'rt_nobody'), '42501', NULL,
  'a reviewer without a staff row cannot claim');
RESET ROLE;

-- ------------------------------------------------------------ the other department
SET ROLE rt_rev_hlt;
SELECT results_eq('SELECT id FROM task', format('VALUES (%s::bigint)', :hh), 'the HLT reviewer sees the HLT task');
SELECT lives_ok(format('SELECT complete_task(%s, %L, %L)', :hh, 'approved', '2026-02-26 10:00+08'),
  'completing the last task concludes the case (the reviewer needs no right on cases)');
RESET ROLE;
SELECT results_eq(format('SELECT status, decision FROM cases WHERE id = %s', :h), $$VALUES ('concluded', 'approved')$$,
  'the case concluded');

-- ------------------------------------------------------------ admin, analyst, public
SET ROLE rt_boss;
SELECT is((SELECT count(*) FROM task WHERE case_id IN (:h, :m2)), 3::bigint, 'an admin sees every task');
SELECT lives_ok(format('SELECT suspend(%s, %L, %L)', (SELECT id FROM task WHERE case_id = :m2), 'hearing', '2026-02-24 10:00+08'),
  'an admin acts on any department''s task');
SELECT lives_ok('SELECT sla_sweep(''2026-02-24 10:00+08'')', 'an admin runs the sweep');
RESET ROLE;
SET ROLE rt_counter;
SELECT is((SELECT count(*) FROM task_sla WHERE case_id IN (:h, :m2)), 3::bigint, 'an analyst reads every task in task_sla');
SELECT results_eq(format('SELECT state FROM case_sla WHERE case_id = %s', :m2), $$VALUES ('suspended')$$,
  'an analyst reads case_sla');
SELECT throws_ok(format('SELECT complete_task(%s, %L)', :hh, 'approved'), '42501', NULL, 'an analyst does not decide');
RESET ROLE;
SET ROLE rt_citizen;
SELECT throws_ok('SELECT * FROM task', '42501', NULL, 'the public does not read tasks');
SELECT throws_ok('SELECT * FROM task_sla', '42501', NULL, 'the public does not read task_sla');
RESET ROLE;

-- ------------------------------------------------------------ robustness
ALTER ROLE service_affair_admin RENAME TO rt_renamed_admin;
SET ROLE rt_rev_mkt;
SELECT lives_ok(format('SELECT claim_task(%L, %L)', 'RT_MKT', 'rt_rev_mkt'),
  'the permission check survives a missing service_affair_admin role');
SELECT is((SELECT count(*) FROM task WHERE department = 'RT_HLT'), 0::bigint, 'and the policy too');
RESET ROLE;
ALTER ROLE rt_renamed_admin RENAME TO service_affair_admin;
SELECT is((SELECT count(*) FROM pg_proc p
            WHERE p.pronamespace = 'service_affair'::regnamespace AND p.prosecdef
              AND p.proname IN ('claim_task', 'complete_task', 'suspend', 'resume', 'extend', 'sla_sweep',
                                'may_act_for', 'sees_all_tasks', 'staff_departments', 'recompute_dues')
              AND p.proconfig @> ARRAY['search_path=pg_catalog, pg_temp']), 10::bigint,
  'every SECURITY DEFINER routing function pins search_path');
SELECT is((SELECT count(*) FROM pg_proc p
            WHERE p.pronamespace = 'service_affair'::regnamespace
              AND p.proname IN ('claim_task', 'complete_task', 'suspend', 'resume', 'extend', 'sla_sweep', 'route_advance',
                                'refresh_case_clock', 'lock_task', 'may_act_for')
              AND has_function_privilege('public', p.oid, 'EXECUTE')), 0::bigint,
  'PUBLIC executes none of the routing functions that write');

SELECT * FROM finish();
ROLLBACK;
