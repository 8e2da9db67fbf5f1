-- The speed work on claim_task/complete_task and the SLA functions (issue 10,
-- "Speed") keeps behaviour: task's invariants are one CHECK through C
-- (task_row_ok) and still refuse every bad row; claim and completion events
-- have the shape task_event() writes; the extension cap and the sweep's
-- workdays_left go through the one rule.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(38);
\ir route_fixture.inc

-- ------------------------------------------------------------ 1. task_row
SELECT is((SELECT string_agg(format('%s', conname), ',') FROM pg_constraint
            WHERE conrelid = 'service_affair.task'::regclass AND contype = 'c'),
  'task_row', 'task has one CHECK constraint, task_row');
SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-02-13 10:00+08') AS a \gset
SELECT id AS t, due AS t_due FROM task WHERE case_id = :a \gset

CREATE TEMP TABLE bad_write (label text, sql text);
INSERT INTO bad_write VALUES
  ('stage 0', 'stage = 0'),
  ('a negative limit', 'limit_days = -1'),
  ('a negative extension limit', 'extension_limit = -1'),
  ('a negative extension', 'extension_days = -1'),
  ('negative suspended working days', 'suspended_workdays = -1'),
  ('an unknown status', $$status = 'opened'$$),
  ('a decision on an open task', $$decision = 'approved'$$),
  ('an open task without due', 'due = NULL'),
  ('a waiting task with a clock', $$status = 'waiting'$$),
  ('a done task without finish', $$status = 'done', decision = 'approved'$$),
  ('a done, not cancelled task without decision', $$status = 'done', finished_at = now()$$),
  ('a cancelled open task', 'cancelled = true'),
  ('a suspended task without reason', $$status = 'suspended', suspended_at = now()$$),
  ('an unknown suspension reason', $$status = 'suspended', suspended_at = now(), suspend_reason = 'lunch'$$),
  ('an open task with a suspension', $$suspended_at = now(), suspend_reason = 'hearing'$$),
  ('sla_state running', $$sla_state = 'running'$$);
SELECT throws_ok(format('UPDATE service_affair.task SET %s WHERE id = %s', b.sql, :t), '23514', NULL,
                 'a direct write of ' || b.label || ' is refused')
  FROM bad_write b ORDER BY b.label;
SELECT lives_ok(format($$UPDATE service_affair.task SET sla_state = 'warning', status = 'suspended',
                         suspended_at = '2026-02-14 10:00+08', suspend_reason = 'testing' WHERE id = %s$$, :t),
  'a valid direct write passes');
UPDATE task SET sla_state = NULL, status = 'open', suspended_at = NULL, suspend_reason = NULL WHERE id = :t;

-- ------------------------------------------------------------ 2. events
SELECT is(claim_task('RT_MKT', 'alice', '2026-02-13 11:00+08'), :t::bigint, 'claim_task returns the task');
SELECT results_eq(format($$SELECT from_status, to_status, detail FROM case_event
                           WHERE case_id = %s AND kind = 'task_claimed'$$, :a),
  format($$VALUES ('accepted'::text, 'accepted'::text,
                   jsonb_build_object('task_id', %s, 'item', 'rt_biz', 'department', 'RT_MKT',
                                      'task_status', 'open', 'due', %L::date, 'assignee', 'alice'))$$, :t, :'t_due'),
  'the claim event has the shape of task_event()');
SELECT lives_ok(format($$SELECT complete_task(%s, 'approved', '2026-02-14 10:00+08', 'checked')$$, :t),
  'complete_task decides the task');
SELECT results_eq(format($$SELECT from_status, to_status, detail FROM case_event
                           WHERE case_id = %s AND kind = 'task_completed'$$, :a),
  format($$VALUES ('accepted'::text, 'accepted'::text,
                   jsonb_build_object('task_id', %s, 'item', 'rt_biz', 'department', 'RT_MKT',
                                      'task_status', 'done', 'due', %L::date, 'decision', 'approved',
                                      'note', 'checked', 'assignee', 'alice'))$$, :t, :'t_due'),
  'the completion event has the shape of task_event()');
SELECT is((SELECT status FROM cases WHERE id = :a), 'concluded', 'and the case concluded');

-- ------------------------------------------------------------ 3. one rule each
SELECT is(extension_check(3, 10, false), NULL, 'extension within the cap: allowed');
SELECT is(extension_check(11, 10, false), 'range', 'extension over the cap: range');
SELECT is(extension_check(NULL, 10, true), 'already', 'a second extension: already, whatever its days');

-- the sweep's notices count workdays_left with the views' code, as of at
SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-03-02 10:00+08') AS b \gset
SELECT id AS u, due AS u_due FROM task WHERE case_id = :b \gset
SELECT ((:'u_due'::date + 10) + time '12:00')::timestamptz AS sweep_at \gset
SELECT is(sla_sweep(:'sweep_at'), 2, 'the sweep flags the late task and case');
SELECT set_config('service_affair.as_of', :'sweep_at', true) IS NOT NULL AS as_of_set \gset
SELECT is((SELECT (detail->>'workdays_left')::integer FROM case_event WHERE case_id = :b AND kind = 'task_overdue'),
          (SELECT workdays_left FROM task_sla WHERE task_id = :u),
          'the notice''s workdays_left is task_sla''s as of the same instant');
SELECT is(sla_workdays_left_at(:'u_due'::date, 'cn', NULL, :'sweep_at'),
          workdays_between(local_day(:'sweep_at', 'cn'), :'u_due'::date, 'cn'),
          'sla_workdays_left_at counts from the local day of at');
SELECT throws_ok($$SELECT sla_workdays_left_at('2026-03-01', 'cn', NULL, 'infinity')$$, '22023', NULL,
  'sla_workdays_left_at refuses an infinite instant');
SELECT throws_ok($$SELECT shifted_due('5874897-12-01', 100, 0, 'cn')$$, '22008', NULL,
  'shifted_due past the date range: 22008, as add_workdays');

-- ------------------------------------------------------------ 4. case_sla's plan
-- The due a case is judged by is counted once a row (a subquery kept from
-- flattening): the probe of the cases with a suspended task is one hashed
-- subplan, not one in each of the four columns that read the due (until
-- 2026-12-05 four, each run for every row: doc/benchmarks-route.md); the
-- subquery still takes a condition on case_id and drops unread columns.
-- The probe runs behind columns of the row, cases.task_suspended then
-- cases.stop_moves_due (until 2026-12-05 behind an InitPlan and
-- cases.suspended or a bundle's case, then a correlated probe of the
-- case's tasks per such case; until 2026-12-05 an item's case probed its
-- task, and a suspended case's tasks were read for the instant its clock
-- stopped: a subplan that is not hashed).
CREATE FUNCTION pg_temp.plan_of(q text) RETURNS text LANGUAGE plpgsql AS $f$
DECLARE l text; o text := '';
BEGIN
    FOR l IN EXECUTE 'EXPLAIN (VERBOSE, COSTS OFF) ' || q LOOP o := o || l || E'\n'; END LOOP;
    RETURN o;
END $f$;
SELECT is((SELECT count(DISTINCT m[1])::integer
             FROM regexp_matches(pg_temp.plan_of($$SELECT count(*), max(case_id), max(due), sum(workdays_left),
                                                          count(*) FILTER (WHERE state = 'warning'), count(*) FILTER (WHERE provisional)
                                                     FROM service_affair.case_sla$$),
                                 'hashed SubPlan (\d+)', 'g') m),
          1, 'case_sla''s aggregate probes the cases with a suspended task once a row (one hashed subplan)');
SELECT ok(pg_temp.plan_of('SELECT count(*), max(due) FROM service_affair.case_sla')
            ~ ('CASE WHEN \(x\.task_suspended AND \(x\.status = ''accepted''::text\)\) '
               'THEN CASE WHEN x\.stop_moves_due THEN (service_affair\.)?item_case_due_at\(x\.accepted_at, [^()]*, \$\d+\) '
               'WHEN \(hashed SubPlan \d+\) THEN (service_affair\.)?case_due_at\(x\.id, \$\d+\)'),
          'the due in force is asked only behind the column task_suspended: a stop that moves the due of a case of one task counted from its row, the others behind the hashed set of suspensions in time');
-- The instant of the due in force is sla_as_of() once a statement (an
-- InitPlan, evaluated when a row first needs it), not a call in each row
-- that asks the due in force: a SQL function with SET search_path is never
-- inlined, and each call cost ~3 us, more than item_case_due_at() itself
-- (until 2026-12-05; doc/benchmarks-route.md).
SELECT ok(pg_temp.plan_of('SELECT count(*), max(due) FROM service_affair.case_sla')
            ~ E'InitPlan \\d+ \\(returns \\$\\d+\\)\n\\s+->  Result\n\\s+Output: (service_affair\\.)?sla_as_of\\(\\)\n',
          'case_sla takes the instant of the due in force from sla_as_of() in an InitPlan');
SELECT ok(pg_temp.plan_of('SELECT count(*), max(due) FROM service_affair.case_sla') !~ 'due_at\([^()]*sla_as_of\(\)',
          'and calls sla_as_of() in no row: neither item_case_due_at() nor case_due_at() takes it as a call');
SELECT is((SELECT count(DISTINCT m[1])::integer
             FROM regexp_matches(pg_temp.plan_of($$SELECT count(*), max(due), count(*) FILTER (WHERE state = 'suspended')
                                                     FROM service_affair.case_sla$$),
                                 'SubPlan (\d+)', 'g') m),
          1, 'and no other subplan than that hashed one: no case''s tasks are read for its due or its state');
SELECT ok(pg_temp.plan_of(format('SELECT * FROM service_affair.case_sla WHERE case_id = %s', :b))
            ~ ('(Index Cond|Filter): .*\(x\.id = ''?' || :b || '\M'),
          'a condition on case_sla.case_id reaches the scan of cases');
SELECT ok(pg_temp.plan_of('SELECT count(*), max(due) FROM service_affair.case_sla') !~ 'sla_state',
          'a read of case_sla''s due alone computes no state');

SELECT * FROM finish();
ROLLBACK;
