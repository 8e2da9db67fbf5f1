-- A clock restarted on a day off, with an extension granted during the
-- suspension (doc/routing.md, "A clock restarted on a day off"): the due
-- after the suspension is never before the first working day on or after
-- the day resumed, and is no later either than that rule needs.  A
-- suspension begun on its due day has no working day of the limit left;
-- an extension granted while it runs gives it one (or more) back.  Until
-- 2026-12-05 (a review of b72c747) the day-off restart was judged against
-- the due without the extension, which already lay on or after the first
-- working day after the resumption: resumed on Saturday the task and its
-- case gained one working day more than resumed the Friday before (due Tue
-- 11-24 against Mon 11-23), and the due in force measured over the weekend
-- showed that day as well, where extend() measured Monday.
--
-- rt_biz: limit 5, accepted Fri 2026-11-06, due Fri 11-13.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(11);
\ir route_fixture.inc

SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-11-06 10:00+08') AS b \gset
SELECT id AS tb FROM task WHERE case_id = :b \gset
SELECT is((SELECT due FROM task WHERE id = :tb), '2026-11-13'::date, 'due Fri 11-13');
SELECT suspend(:tb, 'testing', '2026-11-13 10:00+08');  -- on its due day: nothing of the limit left
SELECT lives_ok(format('SELECT extend(%s, 1, %L, %L)', :tb, '情况复杂', '2026-11-17 10:00+08'),
                'extended by one working day on Tue 11-17, while suspended');

-- the due in force over the weekend: one working day left, restarted Monday
SELECT results_eq(format($$SELECT case_due_at(%s, d) FROM unnest(ARRAY['2026-11-20 12:00+08', '2026-11-21 12:00+08',
                                  '2026-11-22 12:00+08']::timestamptz[]) d$$, :b),
  $$VALUES ('2026-11-23'::date), ('2026-11-23'), ('2026-11-23')$$,
  'the case''s due in force: Mon 11-23 on Friday and over the weekend (Tue 11-24 on the weekend before)');
SET LOCAL service_affair.as_of = '2026-11-21 12:00+08';
SELECT results_eq(format('SELECT due, state FROM case_sla WHERE case_id = %s', :b),
  $$VALUES ('2026-11-23'::date, 'suspended')$$, 'case_sla on Sat 11-21: due Mon 11-23');
RESET service_affair.as_of;
-- what recompute_dues() counts for the suspension once finished (the
-- extension granted while it ran)
SELECT is(suspensions_workdays('2026-11-06', 5, 1, ARRAY['2026-11-13 10:00+08']::timestamptz[],
                               ARRAY['2026-11-21 10:00+08']::timestamptz[], 'cn', '2026-11-17 10:00+08'),
          5, 'suspensions_workdays(): resumed Sat 11-21 with an extension granted meanwhile, 5 days (not 6)');
SELECT is(suspensions_workdays('2026-11-06', 5, 1, ARRAY['2026-11-13 10:00+08']::timestamptz[],
                               ARRAY['2026-11-21 10:00+08']::timestamptz[], 'cn', '2026-11-21 12:00+08'),
          6, 'suspensions_workdays(): extended after the resumption, the restart gains its day (6)');

SAVEPOINT fri;
SELECT resume(:tb, '2026-11-20 10:00+08');
SELECT results_eq(format('SELECT t.due, t.suspended_workdays, c.due FROM task t JOIN cases c ON c.id = t.case_id WHERE t.id = %s', :tb),
  $$VALUES ('2026-11-23'::date, 5, '2026-11-23'::date)$$, 'resumed Fri 11-20: due Mon 11-23 (5 days)');
ROLLBACK TO SAVEPOINT fri;

SAVEPOINT sat;
SELECT resume(:tb, '2026-11-21 10:00+08');
SELECT results_eq(format('SELECT t.due, t.suspended_workdays, c.due FROM task t JOIN cases c ON c.id = t.case_id WHERE t.id = %s', :tb),
  $$VALUES ('2026-11-23'::date, 5, '2026-11-23'::date)$$,
  'resumed Sat 11-21: due Mon 11-23 as resumed the Friday before (was Tue 11-24, 6 days)');
SET LOCAL service_affair.as_of = '2026-11-23 12:00+08';
SELECT results_eq(format('SELECT state FROM task_sla WHERE task_id = %s UNION ALL SELECT state FROM case_sla WHERE case_id = %s', :tb, :b),
  $$VALUES ('warning'), ('warning')$$, 'Mon 11-23: its last day, warning');
RESET service_affair.as_of;
ROLLBACK TO SAVEPOINT sat;

-- an extension granted after the resumption adds to the restarted clock
SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-11-06 11:00+08') AS b2 \gset
SELECT id AS tb2 FROM task WHERE case_id = :b2 \gset
SELECT suspend(:tb2, 'testing', '2026-11-13 10:00+08');
SELECT resume(:tb2, '2026-11-21 10:00+08');
SELECT is((SELECT due FROM task WHERE id = :tb2), '2026-11-23'::date, 'resumed Sat 11-21, not extended: due Mon 11-23');
SELECT extend(:tb2, 1, '情况复杂', '2026-11-21 12:00+08');
SELECT results_eq(format('SELECT t.due, c.due FROM task t JOIN cases c ON c.id = t.case_id WHERE t.id = %s', :tb2),
  $$VALUES ('2026-11-24'::date, '2026-11-24'::date)$$, 'then extended by one day: Tue 11-24');

SELECT * FROM finish();
ROLLBACK;
