-- claim_task() with an assignee holding a line feed or another control
-- character: refused with 22023, the detail echoing the assignee through
-- printable() (each control character shown as ?), and nothing written.
-- Until 2026-12-07 the assignee was recorded as typed, and showed in the
-- department's queue views, the task's history and the reports: a line
-- feed wrote a line of its own, U+202E (right-to-left override) turned the
-- name around, so that an assignee could display as another clerk's name (a
-- review).  The control characters are printable()'s (one home,
-- src/core/text.c), as for record_evidence()'s reference
-- (licence_record_reference.sql).  Assertions 1-9 fail on that code.
BEGIN;
SET search_path = service_affair, public;
SET TIME ZONE 'UTC';
SELECT plan(12);
\ir route_fixture.inc

SELECT submit('rt_q', :p, '{form}', 'online', '{}', '2026-03-02 10:00+08') AS q1 \gset
SELECT submit('rt_q', :p, '{form}', 'online', '{}', '2026-03-05 10:00+08') AS q2 \gset
SELECT submit('rt_biz', :p, '{form,lease}', 'online', '{}', '2026-03-02 10:00+08') AS b1 \gset
\ir error_detail.inc

SELECT throws_ok($$SELECT claim_task('RT_Q', E'ann\nbob', '2026-03-11 09:00+08')$$, '22023',
  'assignee holds a control character', 'an assignee with a line feed: 22023');
SELECT is(pg_temp.detail_of($$SELECT claim_task('RT_Q', E'ann\nclaimed by bob', '2026-03-11 09:00+08')$$),
  'The assignee ''ann?claimed by bob'' holds a control or invisible character (shown as ?); name who takes the task on one line of printable text.',
  '... the detail echoes it through printable()');
SELECT throws_ok($$SELECT claim_task('RT_Q', E'\u202Ebob', '2026-03-11 09:00+08')$$, '22023',
  'assignee holds a control character', 'a bidirectional override (U+202E), as printable() shows it: 22023');
SELECT is(pg_temp.detail_of($$SELECT claim_task('RT_Q', E'Li\u2066 Wei\u200F', '2026-03-11 09:00+08')$$),
  'The assignee ''Li? Wei?'' holds a control or invisible character (shown as ?); name who takes the task on one line of printable text.',
  '... an isolate (U+2066) or a direction mark (U+200F) too');
SELECT throws_ok($$SELECT claim_task('RT_Q', E'Li\u0085Wei', '2026-03-11 09:00+08')$$, '22023',
  'assignee holds a control character', 'a C1 control character (NEL, U+0085): 22023');
SELECT throws_ok($$SELECT claim_task('RT_Q', E'ann\x01', '2026-03-11 09:00+08')$$, '22023',
  'assignee holds a control character', 'a C0 control character (U+0001): 22023');
SELECT throws_ok($$SELECT claim_task('RT_Q', E'ann\u061C', '2026-03-11 09:00+08')$$, '22023',
  'assignee holds a control character', 'the Arabic letter mark (U+061C): 22023');
SELECT is(pg_temp.detail_of(format('SELECT claim_task(%L, %L, %L)', 'RT_Q', repeat('x', 100) || E'\n', '2026-03-11 09:00+08')),
  'The assignee ''' || repeat('x', 64) || ''' holds a control or invisible character (shown as ?); name who takes the task on one line of printable text.',
  '... a long assignee is echoed cut to 64 characters');
SELECT is((SELECT count(*)::int FROM task WHERE case_id IN (:q1, :q2) AND assignee IS NOT NULL)
          + (SELECT count(*)::int FROM case_event WHERE case_id IN (:q1, :q2) AND kind = 'task_claimed'),
  0, '... and nothing is written');

-- an ordinary name: spaces and CJK are printable text (another queue, so
-- that these pass on the former code too)
SELECT is(claim_task('RT_MKT', 'Zhao Min 赵敏', '2026-03-11 09:00+08'), (SELECT id FROM task WHERE case_id = :b1),
  'an assignee with spaces and CJK is taken');
SELECT is((SELECT row(t.assignee, e.detail->>'assignee')::text FROM task t JOIN case_event e ON e.case_id = t.case_id
            WHERE t.case_id = :b1 AND e.kind = 'task_claimed'),
  row('Zhao Min 赵敏', 'Zhao Min 赵敏')::text, '... and recorded as given');
-- a blank assignee is still "invalid assignee" (the blank rule first)
SELECT throws_ok($$SELECT claim_task('RT_Q', E'\n', '2026-03-11 09:00+08')$$, '22023',
  'invalid assignee', 'an assignee of a line feed alone is blank: invalid assignee, as before');

SELECT * FROM finish();
ROLLBACK;
