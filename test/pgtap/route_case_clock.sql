-- A case judged against the due in force while a task of it is suspended
-- (case_due_at(), the measure of extend()), and no clock action dated
-- before a breach the sweep recorded (doc/routing.md, "A case with a task
-- suspended" and "A clock action before a recorded breach").
--
-- Calendar facts used: Labour Day 2026: 05-01 .. 05-05 off, Sat 05-09 works.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(63);
\ir route_fixture.inc

-- ------------------------------------------ a parallel task's suspension stops the case's clock
-- rt_par: biz (5 days) and food (10) in one stage, accepted Thu 04-30:
-- biz due 05-11 (05-06, 07, 08, Sat 09, 11), food and the case 05-18
SELECT submit('rt_par', :p, '{form,lease}', 'window', '{}', '2026-04-30 10:00+08') AS k \gset
SELECT id AS kb FROM task WHERE case_id = :k AND item = 'rt_biz' \gset
SELECT id AS kf FROM task WHERE case_id = :k AND item = 'rt_food' \gset
SELECT results_eq(format('SELECT (SELECT due FROM task WHERE id = %s), (SELECT due FROM task WHERE id = %s), due FROM cases WHERE id = %s', :kb, :kf, :k),
  $$VALUES ('2026-05-11'::date, '2026-05-18'::date, '2026-05-18'::date)$$, 'biz due 05-11, food and the case 05-18');
SELECT lives_ok(format('SELECT suspend(%s, %L, %L)', :kf, 'testing', '2026-05-15 10:00+08'), 'food suspended Fri 05-15, in time');
SET LOCAL service_affair.as_of = '2026-05-19 09:00+08';
SELECT results_eq(format('SELECT due, workdays_left, state FROM case_sla WHERE case_id = %s', :k),
  $$VALUES ('2026-05-20'::date, 1, 'warning')$$,
  '05-19, food still suspended: the case is judged against its due in force, 05-18 moved by 05-18 and 05-19 (warning, not overdue)');
SELECT is((SELECT due FROM case_sla WHERE case_id = :k), case_due_at(:k, '2026-05-19 09:00+08'),
  'case_sla shows the due case_due_at() gives, the measure of extend()');
SELECT is((SELECT due FROM cases WHERE id = :k), '2026-05-18'::date, 'the stored due leaves the running suspension out');
SELECT is(sla_sweep('2026-05-19 09:00+08'), 2, 'the sweep of 05-19 records two changes');
SELECT results_eq(format('SELECT kind FROM case_event WHERE case_id = %s AND kind IN (%L, %L, %L, %L) ORDER BY id', :k,
                         'task_warning', 'task_overdue', 'case_warning', 'case_overdue'),
  $$VALUES ('task_overdue'), ('case_warning')$$, 'biz is overdue; the case warns, as case_sla shows it (no case_overdue)');
SELECT is((SELECT detail->>'due' FROM case_event WHERE case_id = :k AND kind = 'case_warning'), '2026-05-20',
  'the event names the due the case was judged by');
SELECT lives_ok(format('SELECT suspend(%s, %L, %L)', :kb, 'testing', '2026-05-19 10:00+08'), 'biz suspended 05-19, after its own due');
SET LOCAL service_affair.as_of = '2026-05-19 12:00+08';
SELECT results_eq(format('SELECT due, workdays_left, state FROM case_sla WHERE case_id = %s', :k),
  $$VALUES ('2026-05-20'::date, 1, 'suspended')$$,
  'every task suspended, the last on 05-19, on or before the due in force: suspended, not overdue');
SELECT results_eq(format('SELECT state FROM task_sla WHERE task_id = %s', :kb), $$VALUES ('overdue')$$,
  'biz itself stays overdue (suspended after its due)');
SELECT is(sla_sweep('2026-05-19 12:00+08'), 0, 'nothing to record: the case is suspended in time');
SELECT lives_ok(format('SELECT extend(%s, 2, %L, %L)', :kf, 'more tests', '2026-05-19 13:00+08'),
  'extend() of food on 05-19 is within the case''s limit, by the same due');
SELECT lives_ok(format('SELECT resume(%s, %L)', :kf, '2026-05-20 10:00+08'), 'food resumed 05-20');
SET LOCAL service_affair.as_of = '2026-05-20 12:00+08';
SELECT results_eq(format('SELECT c.due, v.due, v.state FROM cases c JOIN case_sla v ON v.case_id = c.id WHERE c.id = %s', :k),
  $$VALUES ('2026-05-25'::date, '2026-05-25'::date, 'running')$$,
  'resumed: food''s 3 stopped days (05-18, 19, 20) and its extension of 2 move the stored due to 05-25; biz''s running suspension (begun after its own due) adds none');
SELECT lives_ok(format('SELECT resume(%s, %L)', :kb, '2026-05-21 09:00+08'), 'biz resumed 05-21');
SELECT lives_ok(format('SELECT complete_task(%s, %L, %L)', :kb, 'approved', '2026-05-21 10:00+08'), 'biz decided 05-21');
SELECT lives_ok(format('SELECT complete_task(%s, %L, %L)', :kf, 'approved', '2026-05-21 11:00+08'), 'food decided 05-21: concluded');
SELECT results_eq(format('SELECT state FROM case_sla WHERE case_id = %s', :k), $$VALUES ('met')$$, 'the case met its limit');
SELECT is((SELECT count(*) FROM case_event WHERE case_id = :k AND kind = 'case_overdue'), 0::bigint,
  'and its history records no breach of it');

-- ------------------------------------------ no clock action before a recorded breach
-- rt_biz accepted Mon 11-02: due Mon 11-09
SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-11-02 10:00+08') AS b \gset
SELECT id AS tb FROM task WHERE case_id = :b \gset
SELECT is((SELECT due FROM task WHERE id = :tb), '2026-11-09'::date, 'due 11-09');
SELECT is(sla_sweep('2026-11-12 10:00+08'), 2, 'the sweep of 11-12 records the task and the case overdue');
SELECT throws_ok(format('SELECT suspend(%s, %L, %L)', :tb, 'testing', '2026-11-06 10:00+08'), '55000',
  format('time precedes the breach recorded on task %s', :tb),
  'a suspension dated 11-06, recorded after the breach of 11-12, is refused: it would undo the breach');
SELECT throws_ok(format('SELECT extend(%s, 5, %L, %L)', :tb, 'late record', '2026-11-08 10:00+08'), '55000',
  format('time precedes the breach recorded on task %s', :tb),
  'so is an extension dated 11-08, in time by its date');
SELECT lives_ok(format('SELECT suspend(%s, %L, %L); SELECT resume(%s, %L)', :tb, 'testing', '2026-11-12 10:00+08',
                       :tb, '2026-11-13 10:00+08'),
  'a suspension at or after the breach is taken (it stops nothing: begun after the due)');
SET LOCAL service_affair.as_of = '2026-11-13 12:00+08';
SELECT results_eq(format('SELECT due, state FROM task_sla WHERE task_id = %s UNION ALL SELECT due, state FROM case_sla WHERE case_id = %s', :tb, :b),
  $$VALUES ('2026-11-09'::date, 'overdue'), ('2026-11-09'::date, 'overdue')$$, 'the breach stays');

-- a resumption too, and a breach of the case binds its other tasks:
-- rt_shop (biz 5, then food 10; the case 15) accepted Mon 11-02, due 11-23;
-- biz decided late on 11-20, food opens then, due 12-04
SELECT submit('rt_shop', :p, '{form,lease}', 'window', '{}', '2026-11-02 10:00+08') AS s \gset
SELECT id AS sb FROM task WHERE case_id = :s AND item = 'rt_biz' \gset
SELECT id AS sf FROM task WHERE case_id = :s AND item = 'rt_food' \gset
SELECT complete_task(:sb, 'approved', '2026-11-20 10:00+08');
SELECT is(sla_sweep('2026-11-24 10:00+08'), 1, 'the sweep of 11-24 records the case overdue (food is due 12-04)');
SELECT throws_ok(format('SELECT suspend(%s, %L, %L)', :sf, 'expert_review', '2026-11-23 10:00+08'), '55000',
  format('time precedes the breach recorded on task %s', :sf),
  'food''s suspension dated 11-23 (on the case''s due, so counted for it) comes before the case''s recorded breach');
SELECT lives_ok(format('SELECT suspend(%s, %L, %L)', :sf, 'expert_review', '2026-11-24 11:00+08'), 'suspended after the breach');
SELECT is(sla_sweep('2026-11-26 10:00+08'), 0, 'nothing new');
-- a resumption: rt_biz accepted 11-02 (due 11-09), suspended 11-10, after
-- its due; a catch-up sweep dated 11-12 records the breach while suspended
SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-11-02 10:00+08') AS r \gset
SELECT id AS tr FROM task WHERE case_id = :r \gset
SELECT suspend(:tr, 'testing', '2026-11-10 10:00+08');
SELECT is(sla_sweep('2026-11-12 10:00+08'), 2, 'the sweep of 11-12 records the suspended task and its case overdue');
SELECT throws_ok(format('SELECT resume(%s, %L)', :tr, '2026-11-11 10:00+08'), '55000',
  format('time precedes the breach recorded on task %s', :tr), 'a resumption dated before the recorded breach is refused');
SELECT lives_ok(format('SELECT resume(%s, %L)', :tr, '2026-11-12 10:00+08'), 'one dated at the breach is taken');

-- ------------------------------------------ a case of one item: its due in force from its rows
-- item_case_due_at() is case_due_at() for a case whose running suspension
-- is its last event (cases.stop_moves_due), from the columns of its row
-- that case_sla reads.  rt_food (10 days) accepted Mon 06-01, due 06-15;
-- suspended Wed 06-10 (in time)
SELECT submit('rt_food', :p, '{form}', 'window', '{}', '2026-06-01 10:00+08') AS i \gset
SELECT id AS ti FROM task WHERE case_id = :i \gset
SELECT suspend(:ti, 'testing', '2026-06-10 10:00+08');
SELECT results_eq(format($$SELECT c.stop_moves_due, c.clock_stopped_at = t.suspended_at, c.stop_since = t.suspended_at,
                                  c.stop_task_due, c.stop_task_shift, c.stop_stage_shift
                             FROM cases c JOIN task t ON t.case_id = c.id
                           WHERE c.id = %s$$, :i),
  $$VALUES (true, true, true, '2026-06-15'::date, 0, 0)$$,
  'suspended in time: the row says its stop is its last event, keeps the instant its clock stopped, its task''s due and the shifts (none)');
CREATE TEMP VIEW item_due AS
SELECT a.at, item_case_due_at(c.accepted_at, c.calendar, c.promised_limit, c.due_shift, c.due, c.stop_since,
                              c.stop_task_due, c.stop_task_shift, c.stop_stage_shift, a.at) AS from_rows,
       case_due_at(c.id, a.at) AS home
  FROM cases c,
       (VALUES ('2026-06-09 10:00+08'::timestamptz), ('2026-06-10 18:00+08'), ('2026-06-12 10:00+08'),
               ('2026-06-15 10:00+08'), ('2026-07-20 10:00+08')) a(at)
 WHERE c.id = :'i';
SELECT is((SELECT count(*) FROM item_due WHERE from_rows IS DISTINCT FROM home), 0::bigint,
  'an item suspended in time: its due in force from its row is case_due_at()''s, before, on the day of and long after the suspension');
SELECT results_eq($$SELECT from_rows FROM item_due ORDER BY at$$,
  $$VALUES ('2026-06-15'::date), ('2026-06-15'), ('2026-06-17'), ('2026-06-18'), ('2026-07-23')$$,
  'the due moves by the working days stopped: none before it began nor on its first day, two by Fri 06-12, three by Mon 06-15, 27 by Mon 07-20 (Fri 06-19 off, 端午节)');
SELECT is((SELECT due FROM case_sla WHERE case_id = :i), case_due_at(:i, sla_as_of()),
  'case_sla shows it');
-- extended while suspended: the row no longer tells, and case_sla asks
-- case_due_at(), which counts the events in order
SELECT extend(:ti, 3, 'more tests', '2026-06-11 10:00+08');
SELECT results_eq(format('SELECT stop_moves_due, stop_since, stop_task_due, stop_task_shift, stop_stage_shift FROM cases WHERE id = %s', :i),
  $$VALUES (false, NULL::timestamptz, NULL::date, NULL::integer, NULL::integer)$$,
  'extended while suspended: stop_moves_due is false, the stop_* columns NULL');
SELECT is((SELECT due FROM case_sla WHERE case_id = :i), case_due_at(:i, sla_as_of()),
  'and case_sla takes case_due_at()''s');
-- a suspension begun after the case's due counts nothing
SELECT submit('rt_food', :p, '{form}', 'window', '{}', '2026-06-01 10:00+08') AS j \gset
SELECT id AS tj FROM task WHERE case_id = :j \gset
SELECT suspend(:tj, 'testing', '2026-06-16 10:00+08');
SELECT results_eq(format($$SELECT stop_moves_due, clock_stopped_at IS NOT NULL FROM cases WHERE id = %s$$, :j),
  $$VALUES (true, true)$$, 'begun after the due, its last event: counted from its row; the case is suspended (overdue)');
SELECT is((SELECT item_case_due_at(c.accepted_at, c.calendar, c.promised_limit, c.due_shift, c.due, c.stop_since,
                                   c.stop_task_due, c.stop_task_shift, c.stop_stage_shift, '2026-06-30 10:00+08')
             FROM cases c WHERE c.id = :j),
  '2026-06-15'::date, 'and item_case_due_at() keeps the stored due (the suspension stopped nothing)');
SELECT is((SELECT due FROM case_sla WHERE case_id = :j), '2026-06-15'::date, 'as case_sla does');
-- resumed: the row forgets the stop
SELECT resume(:tj, '2026-06-17 10:00+08');
SELECT results_eq(format($$SELECT stop_moves_due, clock_stopped_at, stop_since, stop_task_due, stop_task_shift, stop_stage_shift
                             FROM cases WHERE id = %s$$, :j),
  $$VALUES (false, NULL::timestamptz, NULL::timestamptz, NULL::date, NULL::integer, NULL::integer)$$, 'resumed: no column holds');
-- a calendar edit moves the dues across the day a suspension began: the
-- row counts its task's due again (recompute_dues() through
-- refresh_case_clock()), and case_sla agrees with case_due_at()
SELECT submit('rt_food', :p, '{form}', 'window', '{}', '2026-06-01 10:00+08') AS ea \gset
SELECT submit('rt_food', :p, '{form}', 'window', '{}', '2026-06-01 10:00+08') AS eb \gset
SELECT suspend((SELECT id FROM task WHERE case_id = :ea), 'testing', '2026-06-15 10:00+08');
SELECT suspend((SELECT id FROM task WHERE case_id = :eb), 'testing', '2026-06-16 10:00+08');
SELECT results_eq(format('SELECT stop_moves_due, stop_task_due FROM cases WHERE id IN (%s, %s) ORDER BY id', :ea, :eb),
  $$VALUES (true, '2026-06-15'::date), (true, '2026-06-15'::date)$$,
  'due 06-15: a suspension begun on the due day and one begun the day after, both their case''s last event, with their task''s due');
INSERT INTO calendar_day VALUES ('cn', '2026-06-06', true, 'test make-up day');
SELECT results_eq(format('SELECT due, stop_task_due FROM cases WHERE id IN (%s, %s) ORDER BY id', :ea, :eb),
  $$VALUES ('2026-06-12'::date, '2026-06-12'::date), ('2026-06-12'::date, '2026-06-12'::date)$$,
  'Sat 06-06 made a working day: due Fri 06-12, the row''s task due too (neither suspension began by it)');
DELETE FROM calendar_day WHERE calendar = 'cn' AND day = '2026-06-06';
INSERT INTO calendar_day VALUES ('cn', '2026-06-09', false, 'test day off');
SELECT results_eq(format('SELECT due, stop_task_due FROM cases WHERE id IN (%s, %s) ORDER BY id', :ea, :eb),
  $$VALUES ('2026-06-16'::date, '2026-06-16'::date), ('2026-06-16'::date, '2026-06-16'::date)$$,
  'Tue 06-09 made a day off instead: due Tue 06-16, and both began by it');
SELECT is((SELECT count(*) FROM case_sla v WHERE v.case_id IN (:ea, :eb) AND v.due IS DISTINCT FROM case_due_at(v.case_id, sla_as_of())),
  0::bigint, 'case_sla counts both as case_due_at() does');
SELECT is(item_case_due_at('2026-06-01 10:00+08', 'cn', 10, 0, '2026-06-15', '2026-06-10 10:00+08', '2026-06-15', 0, 0, NULL),
  NULL, 'NULL at: NULL');
SELECT throws_ok($$SELECT item_case_due_at('2026-06-01 10:00+08', 'cn', 10, 0, '2026-06-15', '2026-06-10 10:00+08', '2026-06-15', 0, 0, 'infinity')$$,
  '22023', NULL, 'an infinite at: 22023');
SELECT throws_ok($$SELECT item_case_due_at('2026-06-01 10:00+08', 'cn', 10, 2147483647, '2026-06-15', '2026-06-10 10:00+08', '2026-06-15',
                                           2147483647, 0, '2026-06-30 10:00+08')$$,
  '22008', NULL, 'a stored shift of 2^31-1 and the days stopped: 22008, no overflow');
SELECT throws_ok($$SELECT item_case_due_at('2026-06-01 10:00+08', 'cn', 10, 2, '2026-06-17', '2026-06-10 10:00+08', '2026-06-15',
                                           3, 0, '2026-06-30 10:00+08')$$,
  '22023', 'inconsistent shifts', 'shifts that do not fit (a task''s larger than its case''s): 22023');
-- a task due at the end of the date range (a caller's arguments): 22008
-- naming the instant the suspension began and the one measured, each its
-- own (timestamptz_to_str() answers in one static buffer: until 2026-12-06
-- the detail showed one of them twice; a review)
\ir error_detail.inc
SELECT is(pg_temp.detail_of($$SELECT item_case_due_at('2026-06-01 10:00+08', 'cn', 10, 0, '2026-06-15', '2026-06-10 10:00+08',
                                                      '5874897-12-31', 0, 0, '2026-06-12 10:00+08')$$),
  format('The suspension begun %s, its task due %s, measured at %s, leaves the date range.',
         '2026-06-10 10:00+08'::timestamptz, '5874897-12-31'::date, '2026-06-12 10:00+08'::timestamptz),
  'a task due on the last day of the range: the detail names when the suspension began and when it was measured');

-- a case of one task due before the case's due (a bundle of one item
-- promised longer than the item): rt_one (rt_biz, 5 days; the case 10)
-- accepted Fri 06-05: the task due Fri 06-12, the case Mon 06-22 (Fri 06-19
-- off).  Suspended on the task's due day, its clock restarts on the next
-- working day, so measured on the Saturday the task's stop already counts
-- one day (rt_restart_workdays against the task's due) and case_due_at()
-- moves the case by it; the row's count must agree
INSERT INTO bundle (code, name, lead_department, promised_limit) VALUES
  ('rt_one', 'One item, promised longer', 'RT_MKT', 10);
INSERT INTO bundle_item (bundle, item, stage) VALUES ('rt_one', 'rt_biz', 1);
SELECT submit('rt_one', :p, '{form,lease}', 'window', '{}', '2026-06-04 10:00+08') AS o \gset
SELECT id AS tob FROM task WHERE case_id = :o \gset
SELECT results_eq(format('SELECT (SELECT due FROM task WHERE id = %s), due FROM cases WHERE id = %s', :tob, :o),
  $$VALUES ('2026-06-12'::date, '2026-06-22'::date)$$, 'rt_one: the task due 06-12, the case 06-22');
SELECT suspend(:tob, 'testing', '2026-06-12 10:00+08');
SET LOCAL service_affair.as_of = '2026-06-13 12:00+08';
SELECT is((SELECT due FROM case_sla WHERE case_id = :o), case_due_at(:o, '2026-06-13 12:00+08'),
  'suspended on its task''s due day (before the case''s), measured on the Saturday: case_sla shows case_due_at()''s due');
SELECT lives_ok(format('SELECT resume(%s, %L)', :tob, '2026-06-13 12:00+08'), 'resumed that Saturday');
SELECT is((SELECT due FROM cases WHERE id = :o), '2026-06-23'::date,
  'the stored due then: 06-23, the due in force case_due_at() gave while it ran (the task''s clock restarts Mon 06-15)');

-- the case's promised days and a material's tolerance days are never
-- negative: a direct write (the owner's, a superuser's) is 23514 on every
-- partition (until 2026-12-06 unchecked, and the next recompute of the due
-- stopped with 22023; a review)
SELECT throws_ok(format('UPDATE cases SET promised_limit = -1 WHERE id = %s', :o), '23514', NULL,
  'a negative promised_limit written directly: 23514');
SELECT throws_ok(format('UPDATE case_material SET tolerance_days = -1 WHERE case_id = %s', :o), '23514', NULL,
  'a negative tolerance_days written directly: 23514');
SELECT is((SELECT count(*) FROM pg_partition_tree('service_affair.cases') p
            WHERE NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conrelid = p.relid AND c.contype = 'c'
                                 AND c.conname = 'cases_row'
                                 AND pg_get_constraintdef(c.oid) LIKE '%, reduced_materials, promised_limit))')),
  0::bigint, 'cases and every partition of it (cases_active, cases_settled, its months) carry cases_row, which judges promised_limit');
SELECT is((SELECT count(*) FROM pg_partition_tree('service_affair.case_material') p
            WHERE NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conrelid = p.relid AND c.contype = 'c'
                                 AND c.conname = 'case_material_row'
                                 AND pg_get_constraintdef(c.oid) LIKE '%case_material_row_ok(initial_status, status, tolerance_days))')),
  0::bigint, 'case_material and every partition of it carry case_material_row, which judges tolerance_days');

-- a task written past its checks with a negative extension (a superuser
-- dropped them): the case's clock names the task (XX001); until 2026-12-06
-- the glue read the suspension before the first (failed -1 of the core's
-- refusal of a negative count) and raised whatever that held
ALTER TABLE task DROP CONSTRAINT task_row;
UPDATE task SET extension_days = -3 WHERE id = :tob;
SELECT throws_ok(format('SELECT case_due_at(%s, %L)', :o, '2026-06-20 12:00+08'), 'XX001',
  format('task %s has a negative time limit or extension', :tob),
  'a negative extension written past the checks: data corrupted, the task named');

-- a suspension resumed before it began, written past the table's check (a
-- superuser dropped it): the case's clock names the task and the suspension
-- (XX001, as the negative extension above); until 2026-12-06 the core's
-- refusal of the reversed days came back as XX000 'working days of
-- suspension 1 of task … out of range'
UPDATE task SET extension_days = 0 WHERE id = :tob;
ALTER TABLE task_suspension DROP CONSTRAINT task_suspension_check;
UPDATE task_suspension SET resumed_at = '2026-06-10 12:00+08' WHERE task_id = :tob AND suspended_at = '2026-06-12 10:00+08';
SELECT throws_ok(format('SELECT case_due_at(%s, %L)', :o, '2026-06-20 12:00+08'), 'XX001',
  format('the suspension of task %s begun at %s was resumed before it began', :tob, '2026-06-12 10:00+08'::timestamptz),
  'a suspension resumed before it began, written past the check: data corrupted, the task and the suspension named');
-- ... and a calendar edit, which counts the suspended days again
-- (recompute_dues()), says the same (until 2026-12-07 22023 'a suspension
-- cannot be resumed before it began', naming no task, for every edit)
SELECT throws_ok($$INSERT INTO calendar_day VALUES ('cn', '2026-07-20', false, 'an edit')$$, 'XX001',
  format('the suspension of task %s begun at %s was resumed before it began', :tob, '2026-06-12 10:00+08'::timestamptz),
  'a calendar edit over the suspension resumed before it began: data corrupted, the task and the suspension named');

SELECT * FROM finish();
ROLLBACK;
