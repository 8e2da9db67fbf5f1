-- Routing and time limits: tasks at acceptance, stages, due dates in working
-- days (hand-checked around Spring Festival 2026 and National Day 2025),
-- complete/suspend/resume/extend, conclusion, cancellation, SLA views,
-- recomputation after calendar edits.
--
-- Calendar facts used (State Council notices):
--   Spring Festival 2026: Sat 02-14 works (make-up); 02-15 .. 02-23 off;
--                         Sat 02-28 works (make-up).
--   National Day 2025:    Sun 09-28 works (make-up); 10-01 .. 10-08 off;
--                         Sat 10-11 works (make-up).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(161);
\ir blank_text.inc
\ir error_detail.inc
\ir route_fixture.inc

-- ------------------------------------------------------------ due dates, items
SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-02-13 10:00+08') AS a \gset
SELECT results_eq($$SELECT item, department, stage, status, opened_at, due, assignee, decision, finished_at
                      FROM task WHERE case_id = $$ || :a,
  $$VALUES ('rt_biz', 'RT_MKT', 1, 'open', '2026-02-13 10:00+08'::timestamptz, '2026-02-27'::date,
            NULL::text, NULL::text, NULL::timestamptz)$$,
  'acceptance creates one open task for the item''s department, opened at the acceptance time');
SELECT is((SELECT due FROM task WHERE case_id = :a), '2026-02-27'::date,
  'Fri 2026-02-13 + 5 working days: Sat 02-14 (make-up), 02-24, 02-25, 02-26, 02-27');
SELECT is((SELECT due FROM cases WHERE id = :a), '2026-02-27'::date, 'the case due equals its single task''s');

SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2025-09-30 15:00+08') AS b \gset
SELECT is((SELECT due FROM task WHERE case_id = :b), '2025-10-14'::date,
  'Tue 2025-09-30 + 5: 10-09, 10-10, Sat 10-11 (make-up), 10-13, 10-14');
SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2025-09-28 10:00+08') AS c \gset
SELECT is((SELECT due FROM task WHERE case_id = :c), '2025-10-11'::date,
  'accepted on make-up Sunday 2025-09-28 (not counted) + 5: 09-29, 09-30, 10-09, 10-10, Sat 10-11');
SELECT submit('rt_biz', :p, '{form,lease}', 'online', '{}', '2026-02-13 16:30+00') AS d \gset
SELECT is((SELECT due FROM task WHERE case_id = :d), '2026-02-28'::date,
  '16:30 UTC is Sat 02-14 00:30 in Asia/Shanghai: + 5 = 02-24 .. 02-27, Sat 02-28 (make-up)');
SELECT is((SELECT opened_at FROM task WHERE case_id = :d), '2026-02-13 16:30+00'::timestamptz,
  'the task opens at the acceptance instant');

SELECT submit('rt_seal', :p, '{form}', 'online', '{}', '2026-02-15 10:00+08') AS e \gset
SELECT is((SELECT due FROM task WHERE case_id = :e), '2026-02-24'::date,
  'an immediate item accepted on a holiday is due the next working day');
SELECT submit('rt_seal', :p, '{form}', 'window', '{}', '2026-02-14 10:00+08') AS e2 \gset
SELECT is((SELECT due FROM task WHERE case_id = :e2), '2026-02-14'::date,
  'an immediate item accepted on a make-up Saturday is due that day');
SELECT is((SELECT limit_days FROM task WHERE case_id = :e2), 0, 'an immediate item has limit 0');

-- ------------------------------------------------------ returned cases, supplements
SELECT submit('rt_biz', :p, '{}', 'window', '{}', '2026-02-12 10:00+08') AS r \gset
SELECT is((SELECT count(*) FROM task WHERE case_id = :r), 0::bigint, 'a returned case has no task');
SELECT is(supplement(:r, '{form,lease}', '2026-02-13 10:00+08'), 'accepted', 'the supplement accepts the case');
SELECT results_eq($$SELECT status, opened_at, due FROM task WHERE case_id = $$ || :r,
  $$VALUES ('open', '2026-02-13 10:00+08'::timestamptz, '2026-02-27'::date)$$,
  'a case accepted by supplement is routed then, the clock from the supplement');

-- ---------------------------------------------------------------- sequential bundle
SELECT submit('rt_shop', :p, '{form,lease}', 'window', '{}', '2026-02-13 10:00+08') AS f \gset
SELECT id AS f1 FROM task WHERE case_id = :f AND item = 'rt_biz' \gset
SELECT id AS f2 FROM task WHERE case_id = :f AND item = 'rt_food' \gset
SELECT results_eq($$SELECT item, department, stage, status, due FROM task WHERE case_id = $$ || :f || $$ ORDER BY stage$$,
  $$VALUES ('rt_biz', 'RT_MKT', 1, 'open', '2026-02-27'::date), ('rt_food', 'RT_HLT', 2, 'waiting', NULL::date)$$,
  'a sequential bundle: stage 1 open, stage 2 waiting without a due date');
SELECT is((SELECT due FROM cases WHERE id = :f), '2026-03-12'::date,
  'bundle due from its promised limit 5 + 10 = 15: 02-14, 02-24..02-28, 03-02..03-06, 03-09..03-12');
SELECT throws_ok(format('SELECT complete_task(%s, %L, %L)', :f2, 'approved', '2026-02-24 10:00+08'), '55000',
  'cannot complete task ' || :f2, 'a waiting task cannot be completed');
SELECT lives_ok(format('SELECT complete_task(%s, %L, %L, %L)', :f1, 'approved', '2026-02-24 10:00+08', 'fine'),
  'stage 1 completed');
SELECT results_eq($$SELECT status, decision, finished_at, note FROM task WHERE id = $$ || :f1,
  $$VALUES ('done', 'approved', '2026-02-24 10:00+08'::timestamptz, 'fine')$$, 'the completed task records decision, time and note');
SELECT results_eq($$SELECT status, opened_at, due FROM task WHERE id = $$ || :f2,
  $$VALUES ('open', '2026-02-24 10:00+08'::timestamptz, '2026-03-09'::date)$$,
  'stage 2 opens when stage 1 finishes: 02-24 + 10 = 02-25..02-28, 03-02..03-06, 03-09');
SELECT is((SELECT status FROM cases WHERE id = :f), 'accepted', 'the case is not concluded while a stage remains');

-- suspension (特别程序)
SELECT throws_ok(format('SELECT suspend(%s, %L, %L)', :f2, 'lunch', '2026-02-25 10:00+08'), '22023',
  'invalid suspension reason', 'only the reasons of Art 45 suspend');
SELECT lives_ok(format('SELECT suspend(%s, %L, %L)', :f2, 'testing', '2026-02-25 10:00+08'), 'suspend for testing');
SELECT results_eq($$SELECT status, suspend_reason, suspended_at FROM task WHERE id = $$ || :f2,
  $$VALUES ('suspended', 'testing', '2026-02-25 10:00+08'::timestamptz)$$, 'the task is suspended');
SELECT is((SELECT suspended FROM cases WHERE id = :f), true, 'its case is suspended (no other task runs)');
SELECT throws_ok(format('SELECT suspend(%s, %L, %L)', :f2, 'hearing', '2026-02-26 10:00+08'), '55000',
  'cannot suspend task ' || :f2, 'a suspended task cannot be suspended again');
SELECT throws_ok(format('SELECT complete_task(%s, %L, %L)', :f2, 'approved', '2026-02-26 10:00+08'), '55000',
  'cannot complete task ' || :f2, 'a suspended task cannot be completed');
SELECT throws_ok(format('SELECT resume(%s, %L)', :f2, '2026-02-24 10:00+08'), '22023',
  'time precedes the suspension of task ' || :f2, 'resume before the suspension is refused');
SELECT lives_ok(format('SELECT resume(%s, %L)', :f2, '2026-03-02 10:00+08'), 'resume');
SELECT results_eq($$SELECT status, suspended_workdays, due FROM task WHERE id = $$ || :f2,
  $$VALUES ('open', 4, '2026-03-13'::date)$$,
  'suspended 02-25 .. 03-02: 4 working days (02-26, 02-27, Sat 02-28, 03-02) move the due from 03-09 to 03-13');
SELECT results_eq($$SELECT due, due_shift, suspended FROM cases WHERE id = $$ || :f,
  $$VALUES ('2026-03-18'::date, 4, false)$$, 'the case due moves by the same 4 working days: 03-12 -> 03-18');
SELECT throws_ok(format('SELECT resume(%s, %L)', :f2, '2026-03-03 10:00+08'), '55000',
  'cannot resume task ' || :f2, 'an open task cannot be resumed');
SELECT results_eq($$SELECT reason, suspended_at, resumed_at FROM task_suspension WHERE task_id = $$ || :f2,
  $$VALUES ('testing', '2026-02-25 10:00+08'::timestamptz, '2026-03-02 10:00+08'::timestamptz)$$,
  'the suspension is kept in task_suspension');

-- extension (延期)
SELECT throws_ok(format('SELECT extend(%s, 11, %L, %L)', :f2, 'complex', '2026-03-03 10:00+08'), '22023',
  'extension out of range', 'an extension beyond extension_limit is refused');
SELECT throws_ok(format('SELECT extend(%s, 0, %L, %L)', :f2, 'complex', '2026-03-03 10:00+08'), '22023',
  'extension out of range', 'an extension of 0 days is refused');
SELECT throws_ok(format('SELECT extend(%s, 3, NULL, %L)', :f2, '2026-03-03 10:00+08'), '22023',
  'an extension needs a reason', 'an extension needs a reason');
SELECT throws_ok(format('SELECT extend(%s, 3, %L, %L)', :f2, b.value, '2026-03-03 10:00+08'), '22023',
  'an extension needs a reason', 'an extension whose reason is ' || b.label || ' needs a reason') FROM pg_temp.blank_texts() b;
SELECT lives_ok(format('SELECT extend(%s, 3, %L, %L)', :f2, 'complex', '2026-03-03 10:00+08'), 'extend by 3');
SELECT results_eq($$SELECT extension_days, due FROM task WHERE id = $$ || :f2,
  $$VALUES (3, '2026-03-18'::date)$$, 'extension of 3: 03-13 -> 03-18');
SELECT is((SELECT due FROM cases WHERE id = :f), '2026-03-23'::date, 'case due moves by 4 + 3 = 7: 03-12 -> 03-23');
SELECT throws_ok(format('SELECT extend(%s, 1, %L, %L)', :f2, 'again', '2026-03-04 10:00+08'), '55000',
  'task ' || :f2 || ' was already extended', 'a second extension is refused');
SELECT results_eq($$SELECT extension_days, due, status FROM task WHERE id = $$ || :f2,
  $$VALUES (3, '2026-03-18'::date, 'open')$$, 'refused calls changed nothing');

-- 延期 extends a limit that has not run out (行政许可法 Art 42): not dated
-- after the local day the task is due (until 2026-12-04 an overdue task was
-- extended and its breach became "met"); a suspended task's due is the one
-- its running suspension has moved so far.  rt_biz, accepted Tue 02-10: due
-- 02-24 (02-11, 02-12, 02-13, Sat 02-14, 02-24)
SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-02-10 10:00+08') AS x1 \gset
SELECT id AS tx1 FROM task WHERE case_id = :x1 \gset
SET LOCAL TimeZone = 'UTC';
SELECT throws_ok(format('SELECT extend(%s, 2, %L, %L)', :tx1, 'late', '2026-02-24 16:30+00'), '55000',
  format('task %s is past its due date', :tx1), 'an extension dated 02-25 00:30 in Shanghai, after the due 02-24, is refused');
SELECT results_eq($$SELECT extension_days, due FROM task WHERE id = $$ || :tx1,
  $$VALUES (0, '2026-02-24'::date)$$, '... and changes nothing');
SELECT lives_ok(format('SELECT extend(%s, 2, %L, %L)', :tx1, 'in time', '2026-02-24 15:30+00'),
  'one dated 23:30 of the due day in Shanghai is taken, whatever the session time zone');
RESET TimeZone;
SELECT is((SELECT due FROM task WHERE id = :tx1), '2026-02-26'::date, '... due 02-24 + 2: 02-26');
SELECT is((SELECT due FROM cases WHERE id = :x1), '2026-02-26'::date,
  '... and its one-item case''s, due 02-24 as its task: the case''s limit had not run out either');
SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-02-10 10:00+08') AS x2 \gset
SELECT id AS tx2 FROM task WHERE case_id = :x2 \gset
SELECT suspend(:tx2, 'hearing', '2026-02-13 10:00+08');
SELECT lives_ok(format('SELECT extend(%s, 2, %L, %L)', :tx2, 'during the hearing', '2026-02-26 10:00+08'),
  'a task suspended 02-13 and still suspended on 02-26 is not overdue (02-24 moved by 4 days: 02-28): extended');
SELECT resume(:tx2, '2026-02-27 10:00+08');
SELECT is((SELECT due FROM task WHERE id = :tx2), '2026-03-04'::date,
  '... resumed 02-27: 02-24 + 2 + 5 suspended working days = 03-04');
SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-02-10 10:00+08') AS x3 \gset
SELECT id AS tx3 FROM task WHERE case_id = :x3 \gset
SELECT suspend(:tx3, 'hearing', '2026-02-26 10:00+08');
SELECT throws_ok(format('SELECT extend(%s, 2, %L, %L)', :tx3, 'late', '2026-02-27 10:00+08'), '55000',
  format('task %s is past its due date', :tx3), 'a task suspended after its due (which stays 02-24: that suspension stops nothing) is not extended on 02-27');

-- A suspension stops the clock of a limit that has not run out (行政许可法
-- Art 45); a task suspended after its due stays overdue while suspended, in
-- task_sla and case_sla alike (until 2026-12-05 both showed "suspended" and
-- hid the breach until the resume).  "After its due": the local day of the
-- suspension, in the task's calendar, is after the due day, as extend() measures it.
SET LOCAL service_affair.as_of = '2026-02-27 12:00+08';
SELECT results_eq($$SELECT due, workdays_left, state FROM task_sla WHERE task_id = $$ || :tx3,
  $$VALUES ('2026-02-24'::date, -3, 'overdue')$$, 'a task due 02-24 and suspended 02-26 is overdue while suspended, not suspended');
SELECT results_eq($$SELECT state FROM case_sla WHERE case_id = $$ || :x3,
  $$VALUES ('overdue')$$, '... and so is its case, suspended with it after its due');
SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-02-10 10:00+08') AS x4 \gset
SELECT id AS tx4 FROM task WHERE case_id = :x4 \gset
SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-02-10 10:00+08') AS x5 \gset
SELECT id AS tx5 FROM task WHERE case_id = :x5 \gset
SET LOCAL TimeZone = 'UTC';
SELECT lives_ok(format('SELECT suspend(%s, %L, %L)', :tx4, 'expert_review', '2026-02-24 15:30+00'),
  'a task is suspended at 23:30 of its due day in Shanghai');
SELECT lives_ok(format('SELECT suspend(%s, %L, %L)', :tx5, 'expert_review', '2026-02-24 16:30+00'),
  'an overdue task may still be suspended (a special procedure the decision needs): 00:30 the day after its due in Shanghai');
RESET TimeZone;
SELECT results_eq(format('SELECT task_id, state FROM task_sla WHERE task_id IN (%s, %s) ORDER BY task_id', :tx4, :tx5),
  format('VALUES (%s::bigint, %L), (%s, %L)', :tx4, 'suspended', :tx5, 'overdue'),
  'suspended on its due day (local): suspended; after it (local, whatever the session time zone): overdue');
SELECT results_eq(format('SELECT case_id, state FROM case_sla WHERE case_id IN (%s, %s) ORDER BY case_id', :x4, :x5),
  format('VALUES (%s::bigint, %L), (%s, %L)', :x4, 'suspended', :x5, 'overdue'),
  'the cases alike');
-- a suspension begun after the due adds no working day when resumed (the
-- limit had run out: Art 45 does not stop it); one begun on or before the
-- due counts in full (until 2026-12-05 every one counted, and a breach
-- could vanish on the resume)
SELECT resume(:tx3, '2026-03-02 10:00+08');
SELECT results_eq($$SELECT due, suspended_workdays FROM task WHERE id = $$ || :tx3,
  $$VALUES ('2026-02-24'::date, 0)$$, 'resumed 03-02: the due stays 02-24, no working day counted');
SET LOCAL service_affair.as_of = '2026-03-02 12:00+08';
SELECT results_eq($$SELECT state FROM task_sla WHERE task_id = $$ || :tx3,
  $$VALUES ('overdue')$$, '... still overdue');
RESET service_affair.as_of;
SELECT results_eq($$SELECT due, due_shift FROM cases WHERE id = $$ || :x3,
  $$VALUES ('2026-02-24'::date, 0)$$, '... and its case''s due stays');
SET LOCAL TimeZone = 'UTC';
SELECT resume(:tx4, '2026-02-26 02:00+00');
SELECT resume(:tx5, '2026-02-26 02:00+00');
RESET TimeZone;
SELECT results_eq(format('SELECT id, due, suspended_workdays FROM task WHERE id IN (%s, %s) ORDER BY id', :tx4, :tx5),
  format('VALUES (%s::bigint, %L::date, 2), (%s, %L, 0)', :tx4, '2026-02-26', :tx5, '2026-02-24'),
  'resumed 02-26: suspended on its due day (local) counts 02-25 and 02-26; the day after (local) counts none');

-- conclusion
SELECT throws_ok(format('SELECT complete_task(%s, %L, %L)', :f2, 'maybe', '2026-03-05 10:00+08'), '22023',
  'invalid decision', 'decision must be approved or denied');
SELECT throws_ok(format('SELECT complete_task(%s, %L, %L)', :f2, 'denied', '2026-02-20 10:00+08'), '22023',
  'time precedes the opening of task ' || :f2, 'completion before the task opened is refused');
SELECT lives_ok(format('SELECT complete_task(%s, %L, %L)', :f2, 'denied', '2026-03-05 10:00+08'), 'stage 2 denied');
SELECT results_eq($$SELECT status, decision, concluded_at FROM cases WHERE id = $$ || :f,
  $$VALUES ('concluded', 'denied', '2026-03-05 10:00+08'::timestamptz)$$,
  'the last task concludes the case; one denial makes the decision denied');
SELECT throws_ok(format('SELECT complete_task(%s, %L, %L)', :f2, 'approved', '2026-03-06 10:00+08'), '55000',
  'cannot complete task ' || :f2, 'a done task cannot be completed again');
SELECT throws_ok(format('SELECT extend(%s, 1, %L, %L)', :f1, 'late', '2026-03-06 10:00+08'), '55000',
  'cannot extend task ' || :f1, 'a done task cannot be extended');
SELECT results_eq($$SELECT kind FROM case_event WHERE case_id = $$ || :f || $$ ORDER BY id$$,
  $$VALUES ('submitted'), ('task_completed'), ('task_opened'), ('task_suspended'), ('task_resumed'),
           ('task_extended'), ('task_completed'), ('concluded')$$,
  'every change is in the case history, in order');
SELECT results_eq($$SELECT detail->>'workdays', detail->>'due' FROM case_event WHERE case_id = $$ || :f ||
                  $$ AND kind IN ('task_resumed', 'task_extended') ORDER BY id$$,
  $$VALUES ('4', '2026-03-13'), ('3', '2026-03-18')$$, 'history records the days and the new due dates');
SELECT is((SELECT count(*) FROM case_event WHERE case_id = :f AND kind = 'concluded'), 1::bigint,
  'the case concludes exactly once');
SELECT is((SELECT to_status FROM case_event WHERE case_id = :f AND kind = 'concluded'), 'concluded',
  'the conclusion event records the transition');

-- ----------------------------------------------------------- parallel stages, shifts
SELECT submit('rt_three', :p, '{form,lease}', 'window', '{}', '2025-09-30 15:00+08') AS g \gset
SELECT id AS g1 FROM task WHERE case_id = :g AND item = 'rt_biz' \gset
SELECT id AS g2 FROM task WHERE case_id = :g AND item = 'rt_food' \gset
SELECT id AS g3 FROM task WHERE case_id = :g AND item = 'rt_fire' \gset
SELECT results_eq($$SELECT item, stage, status, opened_at, due FROM task WHERE case_id = $$ || :g || $$ ORDER BY stage, item$$,
  $$VALUES ('rt_biz', 1, 'open', '2025-09-30 15:00+08'::timestamptz, '2025-10-14'::date),
           ('rt_food', 1, 'open', '2025-09-30 15:00+08'::timestamptz, '2025-10-21'::date),
           ('rt_fire', 2, 'waiting', NULL, NULL)$$,
  'parallel items are received by every department at the moment of acceptance');
SELECT is((SELECT due FROM cases WHERE id = :g), '2025-10-31'::date,
  'bundle promised limit max(5, 10) + 8 = 18 working days after 09-30: 10-31');
SELECT lives_ok(format('SELECT extend(%s, 2, %L, %L)', :g1, 'site visit', '2025-10-09 10:00+08'), 'extend biz by 2');
SELECT lives_ok(format('SELECT extend(%s, 1, %L, %L)', :g2, 'lab', '2025-10-09 10:00+08'), 'extend food by 1');
SELECT results_eq($$SELECT item, due FROM task WHERE case_id = $$ || :g || $$ AND stage = 1 ORDER BY item$$,
  $$VALUES ('rt_biz', '2025-10-16'::date), ('rt_food', '2025-10-22'::date)$$, 'each task moves by its own extension');
SELECT results_eq($$SELECT due_shift, due FROM cases WHERE id = $$ || :g,
  $$VALUES (2, '2025-11-04'::date)$$, 'parallel tasks overlap: the case moves by the largest shift of the stage (2)');
SELECT throws_ok(format('SELECT extend(%s, 6, %L, %L)', :g3, 'x', '2025-10-09 10:00+08'), '55000',
  'cannot extend task ' || :g3, 'a waiting task cannot be extended');
SELECT lives_ok(format('SELECT suspend(%s, %L, %L)', :g1, 'hearing', '2025-10-09 11:00+08'), 'suspend biz');
SELECT is((SELECT suspended FROM cases WHERE id = :g), false, 'the case runs while another task of it runs');
SELECT lives_ok(format('SELECT resume(%s, %L)', :g1, '2025-10-09 16:00+08'), 'resume biz the same day');
SELECT is((SELECT due FROM task WHERE id = :g1), '2025-10-16'::date, 'a same-day suspension moves nothing');
SELECT lives_ok(format('SELECT complete_task(%s, %L, %L)', :g1, 'approved', '2025-10-10 10:00+08'), 'biz approved');
SELECT is((SELECT status FROM task WHERE id = :g3), 'waiting', 'stage 2 waits for every stage-1 task');
SELECT lives_ok(format('SELECT complete_task(%s, %L, %L)', :g2, 'approved', '2025-10-20 10:00+08'), 'food approved');
SELECT results_eq($$SELECT status, opened_at, due FROM task WHERE id = $$ || :g3,
  $$VALUES ('open', '2025-10-20 10:00+08'::timestamptz, '2025-10-30'::date)$$,
  'stage 2 opens at the finish of the last stage-1 task: 10-20 + 8 = 10-30');
SELECT lives_ok(format('SELECT complete_task(%s, %L, %L)', :g3, 'approved', '2025-10-30 17:00+08'), 'fire approved');
SELECT results_eq($$SELECT status, decision FROM cases WHERE id = $$ || :g,
  $$VALUES ('concluded', 'approved')$$, 'every task approved: the case is approved');

-- ---------------------------------------------------------------- parallel pair
SELECT submit('rt_par', :p, '{form,lease}', 'window', '{}', '2026-02-13 10:00+08') AS h \gset
SELECT is((SELECT count(*) FROM task WHERE case_id = :h AND status = 'open'), 2::bigint, 'both parallel tasks open');
SELECT is((SELECT due FROM cases WHERE id = :h), '2026-03-05'::date, 'bundle default limit max(5, 10) = 10: 02-14, 02-24..02-28, 03-02..03-05');

-- ---------------------------------------------------------------- withdrawal
SELECT submit('rt_shop', :p, '{form,lease}', 'window', '{}', '2026-02-13 10:00+08') AS w \gset
SELECT lives_ok(format('SELECT withdraw(%s, %L)', :w, '2026-02-20 10:00+08'), 'withdraw an accepted bundle case');
SELECT results_eq($$SELECT item, status, cancelled, decision, finished_at FROM task WHERE case_id = $$ || :w || $$ ORDER BY stage$$,
  $$VALUES ('rt_biz', 'done', true, NULL::text, '2026-02-20 10:00+08'::timestamptz),
           ('rt_food', 'done', true, NULL::text, '2026-02-20 10:00+08'::timestamptz)$$,
  'withdrawal stops every task: done, cancelled, no decision');
SELECT throws_ok(format('SELECT complete_task(%s, %L, %L)', (SELECT id FROM task WHERE case_id = :w AND stage = 1),
                        'approved', '2026-02-24 10:00+08'), '55000', NULL, 'a cancelled task cannot be completed');
SELECT is((SELECT count(*) FROM task_sla WHERE case_id = :w), 0::bigint, 'cancelled tasks are not in task_sla');
SELECT is((SELECT count(*) FROM case_sla WHERE case_id = :w), 0::bigint, 'withdrawn cases are not in case_sla');

-- ---------------------------------------------------------------- errors
SELECT throws_ok('SELECT complete_task(-1, ''approved'')', '23503', 'unknown task', 'unknown task: 23503');
SELECT throws_ok('SELECT suspend(-1, ''testing'')', '23503', 'unknown task', 'suspend unknown task: 23503');
SELECT throws_ok('SELECT claim_task(''NOPE'', ''x'')', '23503', 'unknown department', 'unknown department: 23503');
SELECT throws_ok(format('SELECT complete_task(%s, %L, NULL)', (SELECT id FROM task WHERE case_id = :a), 'approved'),
  '22023', 'at must not be null', 'at null: 22023');

-- ---------------------------------------------------------------- claim order
SELECT submit('rt_q', :p, '{form}', 'online', '{}', '2026-03-10 10:00+08') AS q3 \gset
SELECT submit('rt_q', :p, '{form}', 'online', '{}', '2026-03-02 10:00+08') AS q1 \gset
SELECT submit('rt_q', :p, '{form}', 'online', '{}', '2026-03-05 10:00+08') AS q2 \gset
SELECT is(claim_task('RT_Q', 'ann', '2026-03-11 09:00+08'), (SELECT id FROM task WHERE case_id = :q1), 'earliest due first');
SELECT is(claim_task('RT_Q', 'bob', '2026-03-11 09:00+08'), (SELECT id FROM task WHERE case_id = :q2), 'then the next');
SELECT is(claim_task('RT_Q', 'ann', '2026-03-11 09:00+08'), (SELECT id FROM task WHERE case_id = :q3), 'then the last');
SELECT is(claim_task('RT_Q', 'ann', '2026-03-11 09:00+08'), NULL, 'NULL when the queue is empty');
SELECT results_eq($$SELECT assignee, claimed_at FROM task WHERE case_id = $$ || :q2,
  $$VALUES ('bob', '2026-03-11 09:00+08'::timestamptz)$$, 'the claim records assignee and time');
SELECT is((SELECT count(*) FROM case_event WHERE case_id = :q2 AND kind = 'task_claimed'), 1::bigint, 'the claim is in the history');

-- ---------------------------------------------------------------- SLA views
SET LOCAL service_affair.as_of = '2026-02-13 12:00+08';
SELECT results_eq($$SELECT due, workdays_left, state, provisional FROM task_sla WHERE case_id = $$ || :a,
  $$VALUES ('2026-02-27'::date, 5, 'running', false)$$, 'task_sla on the day of acceptance: 5 working days left');
SET LOCAL service_affair.as_of = '2026-02-25 12:00+08';
SELECT results_eq($$SELECT workdays_left, state FROM case_sla WHERE case_id = $$ || :a,
  $$VALUES (2, 'running')$$, '2 working days left: running');
SET LOCAL service_affair.as_of = '2026-02-26 12:00+08';
SELECT results_eq($$SELECT workdays_left, state FROM task_sla WHERE case_id = $$ || :a,
  $$VALUES (1, 'warning')$$, '1 working day left: warning');
SET LOCAL service_affair.as_of = '2026-02-27 23:00+08';
SELECT results_eq($$SELECT workdays_left, state FROM case_sla WHERE case_id = $$ || :a,
  $$VALUES (0, 'warning')$$, 'on the due day: warning');
SET LOCAL service_affair.as_of = '2026-02-27 16:30+00';
SELECT results_eq($$SELECT workdays_left, state FROM task_sla WHERE case_id = $$ || :a,
  $$VALUES (-1, 'overdue')$$, '16:30 UTC on 02-27 is the make-up Saturday 02-28 locally: overdue by 1');
SELECT results_eq($$SELECT state FROM case_sla WHERE case_id = $$ || :g,
  $$VALUES ('met')$$, 'a case concluded before its due: met');
SELECT results_eq($$SELECT workdays_left FROM case_sla WHERE case_id = $$ || :g,
  $$VALUES (3)$$, 'a concluded case shows the working days it had left (10-31, 11-03, 11-04)');
SELECT results_eq($$SELECT task_id, state FROM task_sla WHERE case_id = $$ || :g || $$ ORDER BY task_id$$,
  format('VALUES (%s::bigint, %L), (%s, %L), (%s, %L)', :g1, 'met', :g2, 'met', :g3, 'met'), 'done tasks: met');
SELECT results_eq($$SELECT state FROM case_sla WHERE case_id = $$ || :f,
  $$VALUES ('met')$$, 'the sequential bundle concluded 03-05, due 03-23: met');
SELECT results_eq($$SELECT state FROM case_sla WHERE case_id = $$ || :b,
  $$VALUES ('overdue')$$, 'the 2025 case is long overdue');
SELECT lives_ok(format('SELECT complete_task(%s, %L, %L)', (SELECT id FROM task WHERE case_id = :b), 'approved', '2025-10-15 09:00+08'),
  'complete the 2025 case a day late');
SELECT results_eq($$SELECT workdays_left, state FROM case_sla WHERE case_id = $$ || :b,
  $$VALUES (-1, 'missed')$$, 'concluded one working day after due: missed');
SELECT submit('rt_food', :p, '{form}', 'online', '{}', '2026-12-24 10:00+08') AS pr \gset
SELECT results_eq($$SELECT due, provisional FROM case_sla WHERE case_id = $$ || :pr,
  $$VALUES ('2027-01-07'::date, true)$$,
  'due past covered_until (2026-12-31): provisional (weekmask only in 2027: 12-25, 12-28..12-31, 01-01, 01-04..01-07)');
SELECT results_eq($$SELECT provisional FROM task_sla WHERE case_id = $$ || :pr,
  $$VALUES (true)$$, 'the task due is provisional too');
SELECT lives_ok(format('SELECT suspend(%s, %L, %L)', (SELECT id FROM task WHERE case_id = :h AND item = 'rt_biz'), 'appraisal', '2026-02-24 10:00+08'), 'suspend one of two parallel tasks');
SELECT results_eq($$SELECT state FROM task_sla WHERE case_id = $$ || :h || $$ ORDER BY task_id$$,
  $$VALUES ('suspended'), ('running')$$, 'task_sla: one suspended, the other running');
SELECT results_eq($$SELECT state FROM case_sla WHERE case_id = $$ || :h,
  $$VALUES ('running')$$, 'the case runs while one task runs');
SELECT lives_ok(format('SELECT suspend(%s, %L, %L)', (SELECT id FROM task WHERE case_id = :h AND item = 'rt_food'), 'expert_review', '2026-02-24 11:00+08'), 'suspend the other');
SELECT results_eq($$SELECT state FROM case_sla WHERE case_id = $$ || :h,
  $$VALUES ('suspended')$$, 'every unfinished task suspended: the case is suspended');

-- two calendars in one statement (per-calendar "today" and memo)
INSERT INTO calendar (name, weekmask, timezone) VALUES ('rt_six', '1111110', 'Asia/Shanghai');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, online, calendar)
VALUES ('rt_six_item', 'Six-day item', 'RT_MKT', 'promised', 20, 5, true, 'rt_six');
INSERT INTO material (item, code, name) VALUES ('rt_six_item', 'form', 'Form');
SELECT submit('rt_six_item', :p, '{form}', 'online', '{}', '2026-02-13 10:00+08') AS six \gset
SELECT is((SELECT due FROM task WHERE case_id = :six), '2026-02-19'::date,
  'a Monday..Saturday calendar without overrides: 02-14, 02-16 .. 02-19');
SET LOCAL service_affair.as_of = '2026-02-17 12:00+08';
SELECT results_eq(format('SELECT case_id, workdays_left, state FROM case_sla WHERE case_id IN (%s, %s, %s) ORDER BY case_id DESC', :a, :six, :b),
  format('VALUES (%s::bigint, 2, %L), (%s, 4, %L), (%s, -1, %L)', :six, 'running', :a, 'running', :b, 'missed'),  -- case numbers sort by month of submission: b (submitted in 2025) last
  'rows of two calendars in one statement: 2 days left on rt_six, 4 on cn (02-24 .. 02-27)');

-- ------------------------------------- a stage suspended after the case's due
-- Art 45 stops a limit that has not run out, the case's as the task's: a
-- stage-2 task suspended in time for its own due but after its case's due
-- moves its own due, not the case's.  Case (rt_shop, 5 + 10 = 15 working
-- days) accepted Fri 03-06: due Fri 03-27 (03-09..13, 16..20, 23..27).
-- Stage 1 finishes late, Mon 03-23; stage 2 (10 days) is due 04-07 (03-24..27,
-- 03-30..04-03, 04-04..06 off for Qingming, 04-07).  Suspended Sat 03-28,
-- resumed and decided Mon 03-30: 1 working day (03-30) for the task; until
-- 2026-12-05 it moved the case's due to 03-30 too, and the case concluded
-- 03-30 showed met.
SELECT submit('rt_shop', :p, '{form,lease}', 'window', '{}', '2026-03-06 10:00+08') AS ss \gset
SELECT id AS ss1 FROM task WHERE case_id = :ss AND stage = 1 \gset
SELECT id AS ss2 FROM task WHERE case_id = :ss AND stage = 2 \gset
SELECT complete_task(:ss1, 'approved', '2026-03-23 10:00+08');
SELECT suspend(:ss2, 'testing', '2026-03-28 10:00+08');
SELECT resume(:ss2, '2026-03-30 09:00+08');
SELECT results_eq(format('SELECT t.suspended_workdays, t.due, c.due_shift, c.due FROM task t JOIN cases c ON c.id = t.case_id WHERE t.id = %s', :ss2),
  $$VALUES (1, '2026-04-08'::date, 0, '2026-03-27'::date)$$,
  'a stage suspended Sat 03-28, after the case''s due 03-27, in time for its own 04-07: its due moves to 04-08, the case''s stays');
SELECT complete_task(:ss2, 'approved', '2026-03-30 10:00+08');
SELECT results_eq(format('SELECT status, due FROM cases WHERE id = %s', :ss),
  $$VALUES ('concluded', '2026-03-27'::date)$$, 'the case concludes Mon 03-30 with its due 03-27');
SELECT is((SELECT state FROM case_sla WHERE case_id = :ss), 'missed',
  'concluded 03-30 after its due 03-27: missed (the suspension of 03-28 stopped no clock of the case)');
-- the same suspended on the case's due day, Fri 03-27: it stops the case's clock too
SELECT submit('rt_shop', :p, '{form,lease}', 'window', '{}', '2026-03-06 10:00+08') AS st \gset
SELECT id AS st1 FROM task WHERE case_id = :st AND stage = 1 \gset
SELECT id AS st2 FROM task WHERE case_id = :st AND stage = 2 \gset
SELECT complete_task(:st1, 'approved', '2026-03-23 10:00+08');
SELECT suspend(:st2, 'testing', '2026-03-27 10:00+08');
SELECT resume(:st2, '2026-03-30 09:00+08');
SELECT results_eq(format('SELECT t.suspended_workdays, t.due, c.due_shift, c.due FROM task t JOIN cases c ON c.id = t.case_id WHERE t.id = %s', :st2),
  $$VALUES (1, '2026-04-08'::date, 1, '2026-03-30'::date)$$,
  'suspended on the case''s due day 03-27: its working day 03-30 moves the task and the case');
SELECT complete_task(:st2, 'approved', '2026-03-30 10:00+08');
SELECT is((SELECT state FROM case_sla WHERE case_id = :st), 'met', 'concluded 03-30, its due 03-30: met');

-- ------------------------------------- a stage extended after the case's due
-- 延期 extends a limit that has not run out (行政许可法 Art 42), the case's as
-- the task's: a stage's task extended in time for its own due but after its
-- case's due is refused, 55000 "case … is past its due date".  rt_shop
-- accepted Fri 03-06, due Fri 03-27; stage 1 finishes late, Mon 03-23;
-- stage 2 is due 04-07.  Until 2026-12-05 an extension of stage 2 dated Mon
-- 03-30 was taken and moved the case's due to 04-01 (03-27 + 3): the case
-- decided 03-31 showed met.
SELECT submit('rt_shop', :p, '{form,lease}', 'window', '{}', '2026-03-06 10:00+08') AS se \gset
SELECT id AS se1 FROM task WHERE case_id = :se AND stage = 1 \gset
SELECT id AS se2 FROM task WHERE case_id = :se AND stage = 2 \gset
SELECT complete_task(:se1, 'approved', '2026-03-23 10:00+08');
SELECT throws_ok(format('SELECT extend(%s, 3, %L, %L)', :se2, 'complex', '2026-03-30 10:00+08'), '55000',
  format('case %s is past its due date', :se),
  'stage 2 extended Mon 03-30, in time for its own due 04-07 but after the case''s 03-27: refused');
SELECT is(pg_temp.detail_of(format('SELECT extend(%s, 3, %L, %L)', :se2, 'complex', '2026-03-30 10:00+08')),
  format('Case %s was due on 2026-03-27; an extension of its task %s dated 2026-03-30 comes after its limit ran out.', :se, :se2),
  '... the DETAIL names the case, its due and the day of the extension');
SELECT results_eq(format('SELECT t.extension_days, t.due, c.due_shift, c.due FROM task t JOIN cases c ON c.id = t.case_id WHERE t.id = %s', :se2),
  $$VALUES (0, '2026-04-07'::date, 0, '2026-03-27'::date)$$, '... and changes neither due');
SELECT complete_task(:se2, 'approved', '2026-03-31 10:00+08');
SELECT is((SELECT state FROM case_sla WHERE case_id = :se), 'missed', '... the case decided 03-31 stays missed');
-- the same extension on the case's due day, Fri 03-27 23:30: taken, both dues move
SELECT submit('rt_shop', :p, '{form,lease}', 'window', '{}', '2026-03-06 10:00+08') AS sf \gset
SELECT id AS sf1 FROM task WHERE case_id = :sf AND stage = 1 \gset
SELECT id AS sf2 FROM task WHERE case_id = :sf AND stage = 2 \gset
SELECT complete_task(:sf1, 'approved', '2026-03-23 10:00+08');
SELECT lives_ok(format('SELECT extend(%s, 3, %L, %L)', :sf2, 'complex', '2026-03-27 23:30+08'),
  'stage 2 extended on the case''s due day 03-27: taken');
SELECT results_eq(format('SELECT t.extension_days, t.due, c.due_shift, c.due FROM task t JOIN cases c ON c.id = t.case_id WHERE t.id = %s', :sf2),
  $$VALUES (3, '2026-04-10'::date, 3, '2026-04-01'::date)$$, '... the task''s due 04-07 + 3 = 04-10, the case''s 03-27 + 3 = 04-01');
-- a running suspension of the case's clock counts up to the extension, as
-- for the task: stage 2 suspended on the case's due day 03-27 and extended
-- Tue 03-31 while suspended (the case due 03-27 moved by 03-30, 03-31 so
-- far: 03-31) is taken; suspended Sat 03-28, after the case's due (which it
-- does not move), and extended Mon 03-30, it is refused
SELECT submit('rt_shop', :p, '{form,lease}', 'window', '{}', '2026-03-06 10:00+08') AS sg \gset
SELECT id AS sg1 FROM task WHERE case_id = :sg AND stage = 1 \gset
SELECT id AS sg2 FROM task WHERE case_id = :sg AND stage = 2 \gset
SELECT complete_task(:sg1, 'approved', '2026-03-23 10:00+08');
SELECT suspend(:sg2, 'testing', '2026-03-27 10:00+08');
SELECT lives_ok(format('SELECT extend(%s, 3, %L, %L)', :sg2, 'complex', '2026-03-31 10:00+08'),
  'stage 2 suspended on the case''s due day 03-27 and extended 03-31 while suspended: the case''s due so far is 03-31, taken');
SELECT submit('rt_shop', :p, '{form,lease}', 'window', '{}', '2026-03-06 10:00+08') AS sh \gset
SELECT id AS sh1 FROM task WHERE case_id = :sh AND stage = 1 \gset
SELECT id AS sh2 FROM task WHERE case_id = :sh AND stage = 2 \gset
SELECT complete_task(:sh1, 'approved', '2026-03-23 10:00+08');
SELECT suspend(:sh2, 'testing', '2026-03-28 10:00+08');
SELECT throws_ok(format('SELECT extend(%s, 3, %L, %L)', :sh2, 'complex', '2026-03-30 10:00+08'), '55000',
  format('case %s is past its due date', :sh),
  'stage 2 suspended Sat 03-28, after the case''s due, and extended 03-30: refused (that suspension stopped no clock of the case)');
SELECT results_eq(format('SELECT case_due_at(%s, %L), case_due_at(%s, %L)', :sg, '2026-03-31 10:00+08', :sh, '2026-03-30 10:00+08'),
  $$VALUES ('2026-04-03'::date, '2026-03-27'::date)$$,
  'case_due_at(): the case''s due in force, 03-27 moved by a running suspension begun on it (03-30, 03-31 so far) and the extension of 3 since; one begun after it moves nothing');
SELECT throws_ok(format('SELECT case_due_at(%s, %L)', :sh, 'infinity'), '22023', 'at must be finite',
  'case_due_at() of an infinite time is refused');

-- --------------------------------- an extension granted after a suspension began
-- A suspension is judged against the due in force when it began, without an
-- extension granted later.  Without a calendar edit that changes nothing: an
-- extension is granted on or before the due, and one begun after the due
-- leaves the due where it was, so no extension can follow it (Art 42,
-- extend()).  A calendar edit can move the due earlier than a suspension
-- that began on it, after the task was extended: Mon 03-02 + 5 = 03-09;
-- suspended on its due day 03-09, resumed 03-10 (1 working day: due 03-10),
-- extended 03-10 by 3 (due 03-13); the other suspended 03-09 and extended
-- during the suspension.  Sat 03-07 made a working day moves the due without
-- the extension to 03-07, before both suspensions began: they count none,
-- the extension still does (due 03-07 + 3 = 03-11).  Until 2026-12-05 both
-- were judged against the due with the extension (03-10) and counted 1.
SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-03-02 10:00+08') AS ea \gset
SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-03-02 10:00+08') AS eb \gset
SELECT id AS ea1 FROM task WHERE case_id = :ea \gset
SELECT id AS eb1 FROM task WHERE case_id = :eb \gset
SELECT suspend(:ea1, 'testing', '2026-03-09 10:00+08');
SELECT resume(:ea1, '2026-03-10 10:00+08');
SELECT extend(:ea1, 3, 'hearing report due', '2026-03-10 11:00+08');
SELECT suspend(:eb1, 'testing', '2026-03-09 10:00+08');
SELECT extend(:eb1, 3, 'hearing report due', '2026-03-09 11:00+08');
SELECT results_eq(format('SELECT t.suspended_workdays, t.due, c.due_shift, c.due FROM task t JOIN cases c ON c.id = t.case_id WHERE t.id = %s', :ea1),
  $$VALUES (1, '2026-03-13'::date, 4, '2026-03-13'::date)$$,
  'suspended on its due day 03-09, resumed 03-10, then extended by 3: 03-10 + 3 = 03-13, the case too');
SAVEPOINT ext_edit;
INSERT INTO calendar_day (calendar, day, is_workday, note) VALUES ('cn', '2026-03-07', true, 'test: Saturday worked');
SELECT results_eq(format('SELECT t.suspended_workdays, t.due, c.due_shift, c.due FROM task t JOIN cases c ON c.id = t.case_id WHERE t.id = %s', :ea1),
  $$VALUES (0, '2026-03-11'::date, 3, '2026-03-11'::date)$$,
  'Sat 03-07 worked: due 03-07 without the extension, the suspension of 03-09 began after it and counts none (recompute_dues()); the extension counts: 03-11');
SELECT resume(:eb1, '2026-03-10 10:00+08');
SELECT results_eq(format('SELECT t.suspended_workdays, t.due, c.due_shift, c.due FROM task t JOIN cases c ON c.id = t.case_id WHERE t.id = %s', :eb1),
  $$VALUES (0, '2026-03-11'::date, 3, '2026-03-11'::date)$$,
  'extended during a suspension of 03-09 and resumed after the edit: resume() judges it as recompute_dues() does, none');
DELETE FROM calendar_day WHERE calendar = 'cn' AND day = '2026-03-07';
SELECT results_eq(format('SELECT t.id, t.suspended_workdays, t.due FROM task t WHERE t.id IN (%s, %s) ORDER BY t.id', :ea1, :eb1),
  format('VALUES (%s::bigint, 1, %L::date), (%s, 1, %L)', :ea1, '2026-03-13', :eb1, '2026-03-13'),
  'the edit undone: both suspensions began on the due 03-09 again and count 1 (due 03-13)');
ROLLBACK TO SAVEPOINT ext_edit;

-- ------------------- a case's calendar edited, its stage of another calendar
-- A bundle's case counts in its first item's calendar (cn), a stage may
-- count in another (rt_food on rt_six here).  The case's due decides
-- whether a stage's suspension moves it (begun on or before it), so an edit
-- of the case's calendar alone can turn that decision: rt_shop accepted Fri
-- 03-06, due Fri 03-27 in cn; stage 2 (rt_six, opened Mon 03-23) suspended
-- on the case's due day 03-27, resumed Mon 03-30 (03-28 and 03-30 on
-- rt_six: 2 days, the case's due 03-31).  Sat 03-07 made a working day in
-- cn moves the case's due without them to Thu 03-26, before the suspension
-- began: it counts none for the case (due 03-26), as refresh_case_clock()
-- finds.  Until 2026-12-05 recompute_dues() refreshed the case's shift only
-- for an edit of a suspended task's calendar and kept the 2 days (03-30).
SAVEPOINT case_cal_edit;
UPDATE item SET calendar = 'rt_six' WHERE code = 'rt_food';
SELECT submit('rt_shop', :p, '{form,lease}', 'window', '{}', '2026-03-06 10:00+08') AS sx \gset
SELECT id AS sx1 FROM task WHERE case_id = :sx AND stage = 1 \gset
SELECT id AS sx2 FROM task WHERE case_id = :sx AND stage = 2 \gset
SELECT complete_task(:sx1, 'approved', '2026-03-23 10:00+08');
SELECT suspend(:sx2, 'testing', '2026-03-27 10:00+08');
SELECT resume(:sx2, '2026-03-30 09:00+08');
SELECT results_eq(format('SELECT t.calendar, t.suspended_workdays, c.calendar, c.due_shift, c.due FROM task t JOIN cases c ON c.id = t.case_id WHERE t.id = %s', :sx2),
  $$VALUES ('rt_six', 2, 'cn', 2, '2026-03-31'::date)$$,
  'stage 2 on rt_six suspended on the case''s due day 03-27: its 2 days move the case (cn) to 03-31');
INSERT INTO calendar_day (calendar, day, is_workday, note) VALUES ('cn', '2026-03-07', true, 'test: Saturday worked');
SELECT results_eq(format('SELECT due_shift, due FROM cases WHERE id = %s', :sx),
  $$VALUES (0, '2026-03-26'::date)$$,
  'Sat 03-07 worked in cn only: the case is due 03-26 before the suspension began, which counts none for it');
SELECT refresh_case_clock(:sx);
SELECT results_eq(format('SELECT due_shift, due FROM cases WHERE id = %s', :sx),
  $$VALUES (0, '2026-03-26'::date)$$,
  'refresh_case_clock() finds the same: the case''s due does not move on its next write');
ROLLBACK TO SAVEPOINT case_cal_edit;

-- --------------------------------------------------------- calendar edits
SAVEPOINT edit;
UPDATE calendar_day SET is_workday = false, note = 'test: make-up day cancelled' WHERE calendar = 'cn' AND day = '2026-02-14';
SELECT results_eq($$SELECT t.due, c.due FROM task t JOIN cases c ON c.id = t.case_id WHERE t.case_id = $$ || :a,
  $$VALUES ('2026-02-28'::date, '2026-02-28'::date)$$, 'without the make-up Saturday 02-14 the due dates move to 02-28');
SELECT is((SELECT count(*) FROM case_event WHERE case_id = :a AND kind IN ('due_recomputed', 'task_due_recomputed')), 2::bigint,
  'the recomputation is in the history');
SELECT is((SELECT due FROM task WHERE id = :g3), '2025-10-30'::date, 'done tasks keep their due dates');
ROLLBACK TO SAVEPOINT edit;
SELECT results_eq($$SELECT t.due, c.due FROM task t JOIN cases c ON c.id = t.case_id WHERE t.case_id = $$ || :a,
  $$VALUES ('2026-02-27'::date, '2026-02-27'::date)$$, 'a rolled-back edit changes nothing');
SELECT is(add_workdays('2026-02-13', 5), '2026-02-27'::date, 'and the calendar is as before');
-- recompute_dues() judges each suspension as resume() did, against the due
-- under the edited calendar: 02-23 made a working day makes tasks opened
-- 02-10 due 02-23, so tx4's suspension of its old due day 02-24 began after
-- it and counts none; the edit undone, its 2 working days count again
SAVEPOINT edit2;
UPDATE calendar_day SET is_workday = true, note = 'test: worked' WHERE calendar = 'cn' AND day = '2026-02-23';
SELECT results_eq(format('SELECT id, due, suspended_workdays FROM task WHERE id IN (%s, %s, %s) ORDER BY id', :tx3, :tx4, :tx5),
  format('VALUES (%s::bigint, %L::date, 0), (%s, %L, 0), (%s, %L, 0)', :tx3, '2026-02-23', :tx4, '2026-02-23', :tx5, '2026-02-23'),
  '02-23 worked: due 02-23, and the suspensions of 02-24, 02-25, 02-26 all began after it: none counts');
UPDATE calendar_day SET is_workday = false, note = '春节' WHERE calendar = 'cn' AND day = '2026-02-23';
SELECT results_eq(format('SELECT id, due, suspended_workdays FROM task WHERE id IN (%s, %s, %s) ORDER BY id', :tx3, :tx4, :tx5),
  format('VALUES (%s::bigint, %L::date, 0), (%s, %L, 2), (%s, %L, 0)', :tx3, '2026-02-24', :tx4, '2026-02-26', :tx5, '2026-02-24'),
  '02-23 off again: tx4, suspended on its due day 02-24, counts 02-25 and 02-26 again');
ROLLBACK TO SAVEPOINT edit2;
INSERT INTO calendar_day (calendar, day, is_workday, note) VALUES ('cn', '2026-03-02', false, 'test: extra day off');
SELECT is((SELECT due FROM task WHERE id = :f2), '2026-03-18'::date, 'a done task is not recomputed');
SELECT results_eq($$SELECT due FROM task WHERE case_id = $$ || :h || $$ ORDER BY id$$,
  $$VALUES ('2026-02-27'::date), ('2026-03-06'::date)$$, 'an inserted day off 03-02 moves a suspended task due 03-05 to 03-06, not one due before it');
SELECT is((SELECT due FROM cases WHERE id = :h), '2026-03-06'::date, 'and the case: 03-05 -> 03-06');
UPDATE calendar SET timezone = 'UTC' WHERE name = 'cn';
SELECT is((SELECT due FROM task WHERE case_id = :d), '2026-02-27'::date,
  'a time-zone change moves local days: accepted 02-13 16:30 UTC is now a Friday acceptance');

SELECT * FROM finish();
ROLLBACK;
