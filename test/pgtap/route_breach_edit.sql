-- A breach a calendar edit has undone binds no clock action (doc/routing.md,
-- "A clock action before a recorded breach"): the sweep recorded it, then a
-- day off entered after the fact moved the due to or past the breach's day.
-- Until 2026-12-05 a suspension or extension dated before it, in time by
-- every calendar the views then showed, was refused all the same
-- (require_after_breach() read the latest recorded breach, whether or not
-- it still held).  One that still holds binds as before.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(13);
\ir route_fixture.inc

-- rt_biz accepted Mon 11-02: due Mon 11-09 (two cases); rt_shop (biz 5,
-- then food 10; the case 15) accepted 11-02, due 11-23, biz decided late
-- on 11-20, food opened then
SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-11-02 10:00+08') AS a \gset
SELECT id AS ta FROM task WHERE case_id = :a \gset
SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-11-02 10:00+08') AS b \gset
SELECT id AS tb FROM task WHERE case_id = :b \gset
SELECT submit('rt_shop', :p, '{form,lease}', 'window', '{}', '2026-11-02 10:00+08') AS s \gset
SELECT id AS sb FROM task WHERE case_id = :s AND item = 'rt_biz' \gset
SELECT id AS sf FROM task WHERE case_id = :s AND item = 'rt_food' \gset
SELECT is(sla_sweep('2026-11-12 10:00+08'), 5, 'the sweep of 11-12 records both items and their cases overdue, and the shop''s biz');
SELECT complete_task(:sb, 'approved', '2026-11-20 10:00+08');
SELECT is(sla_sweep('2026-11-24 10:00+08'), 1, 'the sweep of 11-24 records the shop''s case overdue (food is due 12-04)');

-- a day off entered after the fact that leaves the breach standing: due 11-10
INSERT INTO calendar_day (calendar, day, is_workday, note) VALUES ('cn', '2026-11-04', false, 'entered late (test)');
SELECT results_eq(format('SELECT t.due, c.due FROM task t JOIN cases c ON c.id = t.case_id WHERE t.id = %s', :ta),
  $$VALUES ('2026-11-10'::date, '2026-11-10'::date)$$, 'one day off: due 11-10, still before the breach of 11-12');
SELECT throws_ok(format('SELECT suspend(%s, %L, %L)', :ta, 'testing', '2026-11-09 10:00+08'), '55000',
  format('time precedes the breach recorded on task %s', :ta),
  'the breach still holds: a suspension dated before it is refused');

-- two more: due 11-12, the day of the breach, which no longer holds
INSERT INTO calendar_day (calendar, day, is_workday, note) VALUES ('cn', '2026-11-05', false, 'entered late (test)'),
                                                                  ('cn', '2026-11-06', false, 'entered late (test)');
SET LOCAL service_affair.as_of = '2026-11-12 10:00+08';
SELECT results_eq(format('SELECT due, state FROM task_sla WHERE task_id = %s UNION ALL SELECT due, state FROM case_sla WHERE case_id = %s', :ta, :a),
  $$VALUES ('2026-11-12'::date, 'warning'), ('2026-11-12'::date, 'warning')$$,
  'three days off: due 11-12, the views show no breach on 11-12');
SELECT lives_ok(format('SELECT suspend(%s, %L, %L)', :ta, 'testing', '2026-11-11 10:00+08'),
  'a suspension dated 11-11, in time, recorded after the undone breach: taken');
SELECT lives_ok(format('SELECT resume(%s, %L)', :ta, '2026-11-13 10:00+08'), 'resumed 11-13');
SELECT results_eq(format('SELECT t.due, t.suspended_workdays, c.due FROM task t JOIN cases c ON c.id = t.case_id WHERE t.id = %s', :ta),
  $$VALUES ('2026-11-16'::date, 2, '2026-11-16'::date)$$, 'its two working days count: due 11-16');
SELECT lives_ok(format('SELECT extend(%s, 2, %L, %L)', :tb, 'more tests', '2026-11-11 10:00+08'),
  'an extension dated 11-11, within the limit by the calendar that stands, is taken');
SELECT is((SELECT due FROM task WHERE id = :tb), '2026-11-16'::date, 'due 11-16');
-- the case's breach (case_overdue) alike: the shop now due 11-26
SELECT is((SELECT due FROM cases WHERE id = :s), '2026-11-26'::date, 'the shop''s case due 11-26, after its breach of 11-24');
SELECT lives_ok(format('SELECT suspend(%s, %L, %L)', :sf, 'expert_review', '2026-11-23 10:00+08'),
  'food''s suspension dated 11-23 is taken: the case''s breach no longer holds');

-- An internal helper of the SECURITY DEFINER clock actions: until 2026-12-05
-- it kept PostgreSQL's default EXECUTE for PUBLIC (no REVOKE; doc/development.md
-- lists it as the owner's), against the rule that nothing is granted to PUBLIC.
DO $$ BEGIN PERFORM create_roles(); END $$;
SELECT ok(NOT EXISTS (SELECT FROM aclexplode(COALESCE(p.proacl, acldefault('f', p.proowner))) a
                       WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE')
          AND NOT has_function_privilege('service_affair_reviewer', p.oid, 'EXECUTE'),
          'neither PUBLIC nor a group role may execute require_after_breach()')
  FROM pg_proc p WHERE p.oid = 'service_affair.require_after_breach(service_affair.task, timestamptz, text)'::regprocedure;

SELECT * FROM finish();
ROLLBACK;
