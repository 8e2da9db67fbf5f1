-- Times recorded out of order: a stage finishes when its last task does, not
-- when the last decision is entered; no transition is dated before an earlier
-- step of its case; suspensions of a task never overlap.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(30);
\ir route_fixture.inc

-- rt_three: rt_biz and rt_food in parallel, then rt_fire (8 working days)
SELECT submit('rt_three', :p, '{form,lease}', 'window', '{}', '2026-03-02 10:00+08') AS c \gset
SELECT id AS t_biz FROM task WHERE case_id = :c AND item = 'rt_biz' \gset
SELECT id AS t_food FROM task WHERE case_id = :c AND item = 'rt_food' \gset
SELECT complete_task(:t_food, 'approved', '2026-03-06 10:00+08');   -- food finished on Friday
SELECT complete_task(:t_biz, 'approved', '2026-03-03 10:00+08');    -- biz on Tuesday, entered later
SELECT is((SELECT opened_at FROM task WHERE case_id = :c AND item = 'rt_fire'), '2026-03-06 10:00+08'::timestamptz,
  'the next stage opens when the stage''s last task finished, not when the last decision was entered');
SELECT is((SELECT due FROM task WHERE case_id = :c AND item = 'rt_fire'), '2026-03-18'::date,
  'and its 8 working days run from that day');
SELECT id AS t_fire FROM task WHERE case_id = :c AND item = 'rt_fire' \gset
SELECT throws_ok(format($$SELECT complete_task(%s, 'approved', '2026-03-05 10:00+08')$$, :t_fire), '22023', NULL,
  'a task cannot finish before it opened');

-- a parallel-only bundle concludes at its latest finish
SELECT submit('rt_par', :p, '{form,lease}', 'window', '{}', '2026-03-02 10:00+08') AS d \gset
SELECT complete_task((SELECT id FROM task WHERE case_id = :d AND item = 'rt_food'), 'approved', '2026-03-06 10:00+08');
SELECT complete_task((SELECT id FROM task WHERE case_id = :d AND item = 'rt_biz'), 'denied', '2026-03-03 10:00+08');
SELECT is((SELECT (status, decision, concluded_at)::text FROM cases WHERE id = :d),
  (SELECT ('concluded', 'denied', '2026-03-06 10:00+08'::timestamptz)::text),
  'a case concludes at the latest finish of its tasks, denied when any task was');
SELECT throws_ok(format($$SELECT deliver(%s, 'mail', '2026-03-05 10:00+08')$$, :d), '22023',
  format('time precedes the conclusion of case %s', :d), 'delivery cannot precede the conclusion');
SELECT lives_ok(format($$SELECT deliver(%s, 'mail', '2026-03-06 12:00+08')$$, :d), 'delivery after the conclusion');

-- withdrawal and supplement are not dated before the acceptance
SELECT submit('rt_biz', :p, '{lease}', 'window', '{}', '2026-03-02 10:00+08') AS r \gset
SELECT is(supplement(:r, '{form}', '2026-03-04 10:00+08', 'online'), 'accepted', 'returned case accepted by a supplement');
SELECT throws_ok(format($$SELECT withdraw(%s, '2026-03-03 10:00+08')$$, :r), '22023',
  format('time precedes the acceptance of case %s', :r), 'a withdrawal cannot precede the acceptance');

-- suspensions
SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-03-02 10:00+08') AS s \gset
SELECT id AS t_s FROM task WHERE case_id = :s \gset
SELECT suspend(:t_s, 'hearing', '2026-03-03 10:00+08');
SELECT resume(:t_s, '2026-03-05 10:00+08');
SELECT throws_ok(format($$SELECT suspend(%s, 'testing', '2026-03-04 10:00+08')$$, :t_s), '22023',
  format('time precedes the last resumption of task %s', :t_s), 'suspensions of a task never overlap');
SELECT throws_ok(format($$SELECT suspend(%s, 'testing', '2026-03-03 10:00+08')$$, :t_s), '22023', NULL,
  'nor start inside an earlier one');
SELECT suspend(:t_s, 'testing', '2026-03-05 10:00+08');
SELECT resume(:t_s, '2026-03-05 10:00+08');
SELECT throws_ok(format($$SELECT suspend(%s, 'testing', '2026-03-05 10:00+08')$$, :t_s), '55000',
  format('task %s was already suspended at 2026-03-05 10:00:00+08', :t_s),
  'a second suspension at the same instant is a wrong state, not a duplicate key');

-- 容缺: a case concluded before its tolerated deadline still owes the material
SELECT submit('rt_biz', :p, '{form}', 'window', '{}', '2026-03-02 10:00+08') AS k \gset
SELECT complete_task((SELECT id FROM task WHERE case_id = :k), 'approved', '2026-03-03 10:00+08');
SELECT is((SELECT (status, tolerance_due)::text FROM cases WHERE id = :k), '(concluded,2026-03-05)',
  'concluded with the tolerated lease still due on 2026-03-05');
SELECT is(supplement(:k, '{lease}', '2026-03-04 10:00+08', 'online'), 'concluded',
  'the concluded case takes the tolerated material before its deadline');
SELECT submit('rt_biz', :p, '{form}', 'window', '{}', '2026-03-02 10:00+08') AS v \gset
SELECT complete_task((SELECT id FROM task WHERE case_id = :v), 'approved', '2026-03-03 10:00+08');
SELECT sla_sweep('2026-03-06 09:00+08') AS swept \gset
SELECT is((SELECT (from_status, to_status)::text FROM case_event WHERE case_id = :v AND kind = 'revoked'), '(concluded,revoked)',
  'the sweep after the deadline records the revocation of the concluded case');
SELECT is((SELECT (c.status, c.tolerance_due)::text FROM cases c WHERE c.id = :v)
          || ' / ' || (SELECT (c.status, c.tolerance_due)::text FROM cases c WHERE c.id = :k),
  '(revoked,) / (concluded,)',
  'a concluded case whose tolerated material never came is revoked (撤销受理); the supplied one stays concluded');

-- times never run backwards across calls (2026-12-02): a claim, a decision,
-- an extension, a withdrawal and a supplement are each dated no earlier than
-- the steps recorded before them
SELECT submit('rt_q', :p, '{form}', 'window', '{}', '2026-03-09 10:00+08') AS q \gset
SELECT id AS t_q FROM task WHERE case_id = :q \gset
SELECT is(claim_task('RT_Q', 'bob', '2026-03-09 09:00+08'), NULL::bigint,
  'a claim dated before the queue''s only task opened claims nothing');
SELECT is((SELECT (assignee, claimed_at)::text FROM task WHERE id = :t_q), '(,)', 'and leaves the task unclaimed');
-- each check below on a task of its own, claimed on 03-11 (rt_q: the RT_Q queue)
UPDATE task SET assignee = 'earlier', claimed_at = opened_at WHERE id = :t_q;
SELECT submit('rt_q', :p, '{form}', 'window', '{}', '2026-03-09 10:00+08') AS q2 \gset
SELECT is(claim_task('RT_Q', 'bob', '2026-03-11 10:00+08'), (SELECT id FROM task WHERE case_id = :q2), 'a claim after it opened takes it');
SELECT throws_ok(format($$SELECT complete_task(%s, 'approved', '2026-03-10 10:00+08')$$, (SELECT id FROM task WHERE case_id = :q2)), '22023',
  format('time precedes the claim of task %s', (SELECT id FROM task WHERE case_id = :q2)), 'a task is not decided before it was claimed');
SELECT submit('rt_q', :p, '{form}', 'window', '{}', '2026-03-09 10:00+08') AS q3 \gset
SELECT claim_task('RT_Q', 'bob', '2026-03-11 10:00+08') AS t3 \gset
SELECT throws_ok(format($$SELECT extend(%s, 2, 'survey', '2026-03-10 10:00+08')$$, :t3), '22023',
  format('time precedes the claim of task %s', :t3), 'nor extended before it was claimed');
SELECT submit('rt_q', :p, '{form}', 'window', '{}', '2026-03-09 10:00+08') AS q4 \gset
SELECT claim_task('RT_Q', 'bob', '2026-03-11 10:00+08') AS t4 \gset
SELECT suspend(:t4, 'hearing', '2026-03-12 10:00+08');
SELECT resume(:t4, '2026-03-16 10:00+08');
SELECT throws_ok(format($$SELECT complete_task(%s, 'approved', '2026-03-13 10:00+08')$$, :t4), '22023',
  format('time precedes the last resumption of task %s', :t4), 'nor decided while it was suspended');
SELECT submit('rt_q', :p, '{form}', 'window', '{}', '2026-03-09 10:00+08') AS q5 \gset
SELECT claim_task('RT_Q', 'bob', '2026-03-11 10:00+08') AS t5 \gset
SELECT extend(:t5, 2, 'survey', '2026-03-16 17:00+08');  -- on its due day (an overdue task is not extended)
SELECT throws_ok(format($$SELECT complete_task(%s, 'approved', '2026-03-16 12:00+08')$$, :t5), '22023',
  format('time precedes the extension of task %s', :t5), 'nor decided before its extension');
SELECT throws_ok(format($$SELECT suspend(%s, 'testing', '2026-03-16 12:00+08')$$, :t5), '22023',
  format('time precedes the extension of task %s', :t5), 'nor suspended before its extension');
SELECT throws_ok(format($$SELECT extend(%s, 1, 'again', '2026-03-16 12:00+08')$$, :t5), '55000',
  format('task %s was already extended', :t5), 'a second extension dated before the first is a state, not a time');

-- a withdrawal does not precede a decision recorded on the case: the tasks it
-- stops would finish before they opened
SELECT submit('rt_three', :p, '{form,lease}', 'window', '{}', '2026-03-02 10:00+08') AS w \gset
SELECT complete_task((SELECT id FROM task WHERE case_id = :w AND item = 'rt_food'), 'approved', '2026-03-06 10:00+08');
SELECT complete_task((SELECT id FROM task WHERE case_id = :w AND item = 'rt_biz'), 'approved', '2026-03-04 10:00+08');
SELECT throws_ok(format($$SELECT withdraw(%s, '2026-03-05 10:00+08')$$, :w), '22023',
  format('time precedes the last step of case %s', :w), 'a withdrawal cannot precede a decision recorded on the case');

-- nor the start of a running suspension, which it ends (23514 of
-- task_suspension before 2026-12-02)
SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-03-02 10:00+08') AS ws \gset
SELECT suspend((SELECT id FROM task WHERE case_id = :ws), 'hearing', '2026-03-04 10:00+08');
SELECT throws_ok(format($$SELECT withdraw(%s, '2026-03-03 10:00+08')$$, :ws), '22023',
  format('time precedes the last step of case %s', :ws), 'a withdrawal cannot precede the start of a running suspension');
SELECT lives_ok(format($$SELECT withdraw(%s, '2026-03-04 12:00+08')$$, :ws), 'a withdrawal after it');
SELECT is((SELECT (t.status, t.cancelled)::text FROM task t WHERE t.case_id = :ws), '(done,t)', 'and its task is cancelled');

-- the supplement that completes a returned case dates its acceptance: not
-- before an earlier supplement
SELECT submit('rt_biz', :p, '{}', 'window', '{}', '2026-03-02 10:00+08') AS b \gset
SELECT supplement(:b, '{lease}', '2026-03-05 10:00+08', 'online');
SELECT throws_ok(format($$SELECT supplement(%s, '{form}', '2026-03-03 10:00+08', 'online')$$, :b), '22023',
  format('time precedes the last supplement of case %s', :b), 'a supplement cannot precede an earlier one');
SELECT is((SELECT (status, accepted_at)::text FROM cases WHERE id = :b), '(returned,)', 'the case is still returned');

SELECT * FROM finish();
ROLLBACK;
