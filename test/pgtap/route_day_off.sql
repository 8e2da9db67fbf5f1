-- A clock restarted on a day off restarts on the next working day
-- (doc/routing.md, "A clock restarted on a day off"): a suspension begun on
-- the due day (nothing of the limit left) and resumed, or measured while it
-- runs, on a day off must not put the due before that day.  Until
-- 2026-12-05 the due in force stayed the working day before: the case showed
-- overdue on the weekend and running again on Monday, the sweep recorded a
-- breach that never happened, extend() on the weekend was refused, and a
-- resumption on the weekend left a due already passed.
--
-- Calendar facts used: Labour Day 2026: 05-01 .. 05-05 off, Sat 05-09 works.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(21);
\ir route_fixture.inc

-- ------------------------------------------ a bundle: a parallel task suspended on the case's due day
-- rt_par accepted Thu 04-30: biz due 05-11, food and the case Mon 05-18;
-- food suspended on Mon 05-18, biz (overdue itself) still open
SELECT submit('rt_par', :p, '{form,lease}', 'window', '{}', '2026-04-30 10:00+08') AS k \gset
SELECT id AS kb FROM task WHERE case_id = :k AND item = 'rt_biz' \gset
SELECT id AS kf FROM task WHERE case_id = :k AND item = 'rt_food' \gset
SELECT suspend(:kf, 'testing', '2026-05-18 10:00+08');
SELECT results_eq(format($$SELECT case_due_at(%s, d) FROM unnest(ARRAY['2026-05-22 12:00+08', '2026-05-23 12:00+08',
                                  '2026-05-24 12:00+08', '2026-05-25 12:00+08']::timestamptz[]) d$$, :k),
  $$VALUES ('2026-05-22'::date), ('2026-05-25'), ('2026-05-25'), ('2026-05-25')$$,
  'the due in force: Fri 05-22 on Friday, then Mon 05-25 over the weekend (not Friday again) and on Monday');
SET LOCAL service_affair.as_of = '2026-05-23 09:00+08';
SELECT results_eq(format('SELECT due, workdays_left, state FROM case_sla WHERE case_id = %s', :k),
  $$VALUES ('2026-05-25'::date, 1, 'warning')$$,
  'Sat 05-23, biz open, food suspended in time: warning, due Monday (not overdue against Friday)');
SELECT lives_ok(format('SELECT suspend(%s, %L, %L)', :kb, 'testing', '2026-05-23 10:00+08'), 'biz suspended Sat 05-23');
SET LOCAL service_affair.as_of = '2026-05-23 12:00+08';
SELECT results_eq(format('SELECT due, state FROM case_sla WHERE case_id = %s', :k),
  $$VALUES ('2026-05-25'::date, 'suspended')$$,
  'every task suspended, the clock stopped Saturday, before the due in force: suspended, not overdue');
SELECT is(sla_sweep('2026-05-23 12:00+08'), 1, 'the sweep of Saturday records one change');
SELECT results_eq(format('SELECT kind FROM case_event WHERE case_id = %s AND kind IN (%L, %L, %L, %L) ORDER BY id', :k,
                         'task_warning', 'task_overdue', 'case_warning', 'case_overdue'),
  $$VALUES ('task_overdue')$$, 'biz overdue (suspended after its own due); no breach of the case');
SELECT lives_ok(format('SELECT resume(%s, %L)', :kf, '2026-05-24 10:00+08'), 'food resumed Sun 05-24');
SELECT results_eq(format('SELECT (SELECT due FROM task WHERE id = %s), (SELECT suspended_workdays FROM task WHERE id = %s), due FROM cases WHERE id = %s',
                         :kf, :kf, :k),
  $$VALUES ('2026-05-25'::date, 5, '2026-05-25'::date)$$,
  'its clock restarts Monday: food and the case due Mon 05-25 (5 days), the due in force it showed');

-- ------------------------------------------ an item suspended on its due day, resumed on the weekend
-- rt_biz accepted Fri 11-06: due Fri 11-13; suspended on 11-13
SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-11-06 10:00+08') AS b \gset
SELECT id AS tb FROM task WHERE case_id = :b \gset
SELECT is((SELECT due FROM task WHERE id = :tb), '2026-11-13'::date, 'due Fri 11-13');
SELECT suspend(:tb, 'testing', '2026-11-13 10:00+08');
SET LOCAL service_affair.as_of = '2026-11-14 12:00+08';
SELECT results_eq(format('SELECT due, state FROM case_sla WHERE case_id = %s', :b),
  $$VALUES ('2026-11-16'::date, 'suspended')$$, 'Sat 11-14: the case''s due in force Mon 11-16');
SELECT lives_ok(format('SELECT resume(%s, %L)', :tb, '2026-11-15 10:00+08'), 'resumed Sun 11-15');
SELECT results_eq(format('SELECT t.due, t.suspended_workdays, c.due, c.due_shift FROM task t JOIN cases c ON c.id = t.case_id WHERE t.id = %s', :tb),
  $$VALUES ('2026-11-16'::date, 1, '2026-11-16'::date, 1)$$,
  'the task and its case due Mon 11-16 (its clock restarts then), not Fri 11-13');
SET LOCAL service_affair.as_of = '2026-11-15 12:00+08';
SELECT results_eq(format('SELECT state FROM task_sla WHERE task_id = %s UNION ALL SELECT state FROM case_sla WHERE case_id = %s', :tb, :b),
  $$VALUES ('warning'), ('warning')$$, 'Sunday after the resumption: warning, not overdue');
SELECT lives_ok($$SELECT sla_sweep('2026-11-15 12:00+08')$$, 'the sweep of Sunday');
SELECT results_eq(format('SELECT kind FROM case_event WHERE case_id = %s AND kind IN (%L, %L, %L, %L) ORDER BY id', :b,
                         'task_warning', 'task_overdue', 'case_warning', 'case_overdue'),
  $$VALUES ('task_warning'), ('case_warning')$$, 'records the task and the case as warnings, no breach');
-- recompute_dues() after a calendar edit counts it again alike
UPDATE calendar SET name = name WHERE name = 'cn';
SELECT results_eq(format('SELECT t.due, t.suspended_workdays FROM task t WHERE t.id = %s', :tb),
  $$VALUES ('2026-11-16'::date, 1)$$, 'a calendar edit recounts the same');

-- an extension on the weekend, while suspended from the due day: within the limit
SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-11-06 10:00+08') AS e \gset
SELECT id AS te FROM task WHERE case_id = :e \gset
SELECT suspend(:te, 'testing', '2026-11-13 10:00+08');
SELECT lives_ok(format('SELECT extend(%s, 2, %L, %L)', :te, 'more tests', '2026-11-14 10:00+08'),
  'extend() on Sat 11-14 of a task suspended on its due day: its limit has not run out');

-- ------------------------------------------ a case due before its task: the case's clock restarts alike
-- rt_short (biz 5, food 10 in parallel, promised 5) accepted Thu 04-30:
-- the case due 05-11, food 05-18; food suspended on the case's due day
INSERT INTO bundle (code, name, lead_department, promised_limit) VALUES ('rt_short', 'Short promise', 'RT_HLT', 5);
INSERT INTO bundle_item (bundle, item, stage) VALUES ('rt_short', 'rt_biz', 1), ('rt_short', 'rt_food', 1);
SELECT submit('rt_short', :p, '{form,lease}', 'window', '{}', '2026-04-30 10:00+08') AS s \gset
SELECT id AS sf FROM task WHERE case_id = :s AND item = 'rt_food' \gset
SELECT results_eq(format('SELECT (SELECT due FROM task WHERE id = %s), due FROM cases WHERE id = %s', :sf, :s),
  $$VALUES ('2026-05-18'::date, '2026-05-11'::date)$$, 'food due 05-18, the case 05-11');
SELECT suspend(:sf, 'testing', '2026-05-11 10:00+08');
SELECT is(case_due_at(:s, '2026-05-16 12:00+08'), '2026-05-18'::date,
  'Sat 05-16: food has stopped 4 days (05-12 .. 05-15), the case''s due in force Mon 05-18, not Fri 05-15');
SET LOCAL service_affair.as_of = '2026-05-16 12:00+08';
SELECT results_eq(format('SELECT due, state FROM case_sla WHERE case_id = %s', :s),
  $$VALUES ('2026-05-18'::date, 'warning')$$, 'case_sla: warning, not overdue');
SELECT resume(:sf, '2026-05-17 10:00+08');
SELECT results_eq(format('SELECT (SELECT due FROM task WHERE id = %s), due, due_shift FROM cases WHERE id = %s', :sf, :s),
  $$VALUES ('2026-05-22'::date, '2026-05-18'::date, 5)$$,
  'resumed Sun 05-17: food due 05-22 (4 days), the case 05-18 (its clock restarts Monday: 5)');

SELECT * FROM finish();
ROLLBACK;
