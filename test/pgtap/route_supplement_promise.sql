-- The task of an item's case routed by the supplement that completes it
-- keeps the case's promise (review of 2026-12-06): a case returned at its
-- submission is routed weeks later, and an item whose promised limit or
-- calendar changed in between gave its one task a limit and due other than
-- its case's.  Assertions 1-6 failed on the former code (the task took the
-- item's limit and calendar of the day of the supplement).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(7);
\ir route_fixture.inc

-- ------------------------------------------------------------ 1. the promised limit changed
-- rt_food promised 10 working days, submitted without its form
SELECT submit('rt_food', :p, '{}', 'window', '{}', '2026-03-02 09:00+08') AS c1 \gset
UPDATE item SET promised_limit = 15 WHERE code = 'rt_food';
SELECT supplement(:c1, '{form}', '2026-03-03 09:00+08', 'window') AS st1 \gset
SELECT results_eq(format('SELECT t.limit_days, t.calendar, t.due FROM task t WHERE t.case_id = %s', :c1),
  format('SELECT 10, %L::text, due FROM cases WHERE id = %s', 'cn', :c1),
  'a limit changed while the case was returned: its task keeps the case''s 10 days and is due with it (was 15 days, due a week after its case)');
SELECT is((SELECT due FROM task_sla WHERE case_id = :c1), (SELECT due FROM case_sla WHERE case_id = :c1),
  'task_sla and case_sla show one due for the item''s case (were 03-24 and 03-17)');
SELECT is((SELECT due FROM task WHERE case_id = :c1), '2026-03-17'::date, '10 working days from 03-03 (hand-checked)');

-- ------------------------------------------------------------ 2. the calendar changed
INSERT INTO calendar (name, weekmask, timezone) VALUES ('rt_every_day', '1111111', 'Asia/Shanghai');
SELECT submit('rt_fire', :p, '{}', 'window', '{}', '2026-03-02 09:00+08') AS c2 \gset
UPDATE item SET calendar = 'rt_every_day' WHERE code = 'rt_fire';
SELECT supplement(:c2, '{form}', '2026-03-03 09:00+08', 'window') AS st2 \gset
SELECT results_eq(format('SELECT t.limit_days, t.calendar, t.due FROM task t WHERE t.case_id = %s', :c2),
  format('SELECT 8, %L::text, due FROM cases WHERE id = %s', 'cn', :c2),
  'a calendar changed while the case was returned: its task counts the case''s calendar (was the new one, due days before its case)');
SELECT is((SELECT due FROM task_sla WHERE case_id = :c2), (SELECT due FROM case_sla WHERE case_id = :c2),
  '... one due in task_sla and case_sla');

-- ------------------------------------------------------------ 3. the sweep judges one due
-- on 03-20 the case of 1 is overdue by its due (03-17); its only task was
-- then in time by the item's new limit (03-24), and the sweep recorded the
-- case's breach alone
SELECT sla_sweep('2026-03-20 12:00+08') >= 0 AS sw \gset
SELECT results_eq(format($$SELECT (SELECT sla_state FROM cases WHERE id = %1$s), (SELECT sla_state FROM task WHERE case_id = %1$s)$$, :c1),
  $$VALUES ('overdue'::text, 'overdue'::text)$$, 'the sweep finds the case and its one task overdue alike (the task was running)');

-- ------------------------------------------------------------ 4. submit() unchanged
SELECT submit('rt_food', :p, '{form}', 'window', '{}', '2026-03-04 09:00+08') AS c3 \gset
SELECT results_eq(format('SELECT t.limit_days, t.due FROM task t WHERE t.case_id = %s', :c3),
  format('SELECT 15, due FROM cases WHERE id = %s', :c3),
  'a case accepted at its submission takes the catalog of that day, case and task alike');

SELECT * FROM finish();
ROLLBACK;
