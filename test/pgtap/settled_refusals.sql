-- The partitioned history (issue 17, part 1.1; doc/scale.md, "Slice 1"): a
-- settled case and its tasks lie in the <t>_settled partitions, and every
-- write that finds no open row answers 55000 for them, 23503 for rows that do
-- not exist; reads of any case still find them; the open work of other cases
-- goes on.  One concluded case is settled by settle_cases() (63_settle.sql;
-- its own suite is settle_flow.sql) with no quiet period.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(23);
\ir route_fixture.inc

-- k1: suspended, resumed, concluded; then settled.  k2: open work.
SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-02-13 10:00+08') AS k1 \gset
SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-02-13 10:00+08') AS k2 \gset
SELECT id AS t1 FROM task WHERE case_id = :k1 \gset
SELECT id AS t2 FROM task WHERE case_id = :k2 \gset
SELECT suspend(:t1, 'testing', '2026-02-16 10:00+08');
SELECT resume(:t1, '2026-02-17 10:00+08');
SELECT complete_task(:t1, 'approved', '2026-02-18 10:00+08');
SELECT is((SELECT status FROM cases WHERE id = :k1), 'concluded', 'k1 is concluded');

SELECT deliver(:k1, 'window', '2026-02-18 11:00+08');
INSERT INTO setting (name, value) VALUES ('settle.quiet_days', '0');
SELECT is(settle_cases('2026-02-18 12:00+08'), 1, 'k1 settles (settle_cases(), no quiet period); k2 is accepted and stays');

SELECT results_eq(format($q$
  SELECT tableoid::regclass::text ~ '^cases_settled_' FROM cases WHERE id = %1$s
  UNION ALL SELECT tableoid::regclass::text ~ '^task_settled_' FROM task WHERE id = %2$s
  UNION ALL SELECT bool_and(tableoid::regclass::text ~ '^task_suspension_settled_') FROM task_suspension WHERE task_id = %2$s
  UNION ALL SELECT bool_and(tableoid::regclass::text ~ '^case_event_settled_') FROM case_event WHERE case_id = %1$s$q$, :k1, :t1),
  $$VALUES (true), (true), (true), (true)$$,
  'k1, its task, its suspension and its history lie in month partitions of the history');

-- writes to the settled task: 55000, naming it
SELECT throws_ok(format('SELECT complete_task(%s, %L, %L)', :t1, 'approved', '2026-02-19 10:00+08'),
  '55000', format('task %s is settled', :t1), 'complete_task() of a settled task: 55000');
SELECT throws_ok(format('SELECT suspend(%s, %L, %L)', :t1, 'testing', '2026-02-19 10:00+08'),
  '55000', format('task %s is settled', :t1), 'suspend() of a settled task: 55000');
SELECT throws_ok(format('SELECT resume(%s, %L)', :t1, '2026-02-19 10:00+08'),
  '55000', format('task %s is settled', :t1), 'resume() of a settled task: 55000');
SELECT throws_ok(format('SELECT extend(%s, 2, %L, %L)', :t1, 'late', '2026-02-19 10:00+08'),
  '55000', format('task %s is settled', :t1), 'extend() of a settled task: 55000');
-- and to the settled case
SELECT throws_ok(format('SELECT rate(%s, 5, %L, NULL, %L)', :k1, 'window', '2026-02-19 10:00+08'),
  '55000', format('case %s is settled', :k1), 'rate() of a settled case: 55000');
SELECT throws_ok(format('SELECT deliver(%s, %L, %L)', :k1, 'window', '2026-02-19 10:00+08'),
  '55000', format('case %s is settled', :k1), 'deliver() of a settled case: 55000');
SELECT throws_ok(format('SELECT withdraw(%s, %L)', :k1, '2026-02-19 10:00+08'),
  '55000', format('case %s is settled', :k1), 'withdraw() of a settled case: 55000');
-- ids that do not exist: 23503, as before
SELECT throws_ok('SELECT complete_task(9, ''approved'', ''2026-02-19 10:00+08'')',
  '23503', 'unknown task', 'complete_task() of an unknown task: 23503');
SELECT throws_ok('SELECT suspend(9, ''testing'', ''2026-02-19 10:00+08'')',
  '23503', 'unknown task', 'suspend() of an unknown task: 23503');
SELECT throws_ok('SELECT rate(9, 5, ''window'', NULL, ''2026-02-19 10:00+08'')',
  '23503', 'unknown case', 'rate() of an unknown case: 23503');
SELECT is((SELECT count(*) FROM case_event WHERE case_id = :k1 AND at > '2026-02-18 12:00+08'), 0::bigint,
  'the refused writes left nothing in the settled case''s history');

-- reads of any case still find it
SELECT is((SELECT applicant FROM case_applicant(:k1)), :p::bigint, 'case_applicant() reads a settled case (administrator)');
SELECT is((SELECT count(*) FROM notice(:k1)), 0::bigint, 'notice() answers for a settled case (nothing missing)');
SELECT is((SELECT status FROM cases WHERE id = :k1), 'concluded', 'cases shows the settled case');
SELECT is((SELECT count(*) FROM task WHERE case_id = :k1), 1::bigint, 'task shows its task');

-- the time-limit views list open work only
SELECT is((SELECT count(*) FROM case_sla WHERE case_id = :k1), 0::bigint, 'case_sla leaves the settled case out');
SELECT is((SELECT count(*) FROM task_sla WHERE task_id = :t1), 0::bigint, 'task_sla leaves its task out');
SELECT is((SELECT count(*) FROM task_sla WHERE task_id = :t2), 1::bigint, 'task_sla lists the open task');

-- open work goes on beside the history
SELECT lives_ok(format('SELECT suspend(%s, %L, %L)', :t2, 'testing', '2026-02-16 10:00+08'), 'the open task is suspended');
SELECT lives_ok(format('SELECT resume(%s, %L); SELECT complete_task(%s, %L, %L)', :t2, '2026-02-17 10:00+08',
                       :t2, 'approved', '2026-02-18 10:00+08'), 'and resumed and completed');

SELECT * FROM finish();
ROLLBACK;
