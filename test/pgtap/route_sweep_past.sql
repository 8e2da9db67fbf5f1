-- sla_sweep() run with an "at" before a state the sweep already recorded (a
-- catch-up run after a later sweep) leaves the task and the case as
-- recorded, for a later sweep to judge at its own time.  Until 2026-12-06
-- it took them back to warning (a task_warning and case_warning dated
-- before the task_overdue and case_overdue already in the history) or to
-- running (nothing recorded), and the next sweep recorded the same breach
-- a second time (a hostile review).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(12);
\ir route_fixture.inc
-- rt_biz, 5 working days, accepted Fri 2026-03-06: due Fri 03-13
SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-03-06 10:00+08') AS k \gset
SELECT id AS t FROM task WHERE case_id = :k \gset
SELECT is((SELECT due FROM task WHERE id = :t), '2026-03-13'::date, 'due Fri 03-13');

SELECT is(sla_sweep('2026-03-16 10:00+08'), 2, 'Mon 03-16: the task and the case are overdue');
SELECT is(sla_sweep('2026-03-12 10:00+08'), 0,
  'a sweep dated Thu 03-12, run after it, records nothing (until 2026-12-06: 2, both back to warning)');
SELECT results_eq(format('SELECT sla_state FROM task WHERE id = %s UNION ALL SELECT sla_state FROM cases WHERE id = %s', :t, :k),
  $$VALUES ('overdue'), ('overdue')$$, 'the recorded states stay overdue');
SELECT is(sla_sweep('2026-03-09 10:00+08'), 0, 'nor one dated Mon 03-09, when the task was running');
SELECT results_eq(format('SELECT sla_state FROM task WHERE id = %s UNION ALL SELECT sla_state FROM cases WHERE id = %s', :t, :k),
  $$VALUES ('overdue'), ('overdue')$$, 'the recorded states stay overdue (until 2026-12-06: both reset to running)');
SELECT is(sla_sweep('2026-03-17 10:00+08'), 0, 'the next sweep does not record the breach again');
SELECT results_eq(format('SELECT kind, at FROM case_event WHERE case_id = %s AND kind <> %L ORDER BY id', :k, 'submitted'),
  $$VALUES ('task_overdue', '2026-03-16 10:00+08'::timestamptz), ('case_overdue', '2026-03-16 10:00+08'::timestamptz)$$,
  'the history holds the breach once, in order');

-- a catch-up sweep before anything is recorded still records as of its time
SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-03-06 10:00+08') AS k2 \gset
SELECT is(sla_sweep('2026-03-12 10:00+08'), 2, 'a second case: a sweep dated Thu 03-12 records its warning');
SELECT is(sla_sweep('2026-03-16 10:00+08'), 2, 'and a later one its breach');
SELECT is(sla_sweep('2026-03-12 12:00+08'), 0, 'a sweep dated between the two, run after both, records nothing');
SELECT results_eq(format('SELECT kind, at FROM case_event WHERE case_id = %s AND kind <> %L ORDER BY id', :k2, 'submitted'),
  $$VALUES ('task_warning', '2026-03-12 10:00+08'::timestamptz), ('case_warning', '2026-03-12 10:00+08'::timestamptz),
           ('task_overdue', '2026-03-16 10:00+08'::timestamptz), ('case_overdue', '2026-03-16 10:00+08'::timestamptz)$$,
  'its history: warning, then overdue');

SELECT * FROM finish();
ROLLBACK;
