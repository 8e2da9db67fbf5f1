-- A revocation is never dated before what it undoes: sla_sweep() run late
-- with a past at (a catch-up run) leaves a case with a later step to a later
-- sweep, and revoke_case(), the one revocation, refuses such a time (22023).
-- Until 2026-12-03 a catch-up sweep revoked the case at its own at, before a
-- claim recorded after it, and stopped the claimed task before it was claimed.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(16);
\ir route_fixture.inc
-- accepted 02-13 with the lease tolerated: deadline 02-25 (3 working days)
SELECT submit('rt_biz', :p, '{form}', 'window', '{}', '2026-02-13 10:00+08') AS k \gset
SELECT id AS t FROM task WHERE case_id = :k \gset
SELECT is((SELECT tolerance_due FROM cases WHERE id = :k), '2026-02-25'::date, 'the tolerated lease is due 02-25');
-- nobody swept on 02-26; the task was claimed on 02-27
SELECT is(claim_task('RT_MKT', 'rf_reviewer', '2026-02-27 09:00+08'), :t::bigint, 'the task is claimed on 02-27');

-- a catch-up sweep dated 02-26 (after the deadline, before the claim)
SELECT is(sla_sweep('2026-02-26 10:00+08') >= 0, true, 'the catch-up sweep of 02-26 runs');
SELECT results_eq(format('SELECT status, revoked_at FROM cases WHERE id = %s', :k),
  $$VALUES ('accepted', NULL::timestamptz)$$,
  'it leaves the case alone: a revocation on 02-26 would precede the claim of 02-27');
SELECT results_eq(format('SELECT status, assignee, finished_at FROM task WHERE id = %s', :t),
  $$VALUES ('open', 'rf_reviewer', NULL::timestamptz)$$, 'and the claimed task open');

-- revoke_case() itself refuses the time (the one revocation)
SELECT throws_ok(format('SELECT revoke_case(%s, %L, %L, %L)', :k, 'tolerance', 'late', '2026-02-26 10:00+08'), '22023',
  format('time precedes the last step of case %s', :k), 'revoke_case() before the last step: 22023');
SELECT throws_ok(format('SELECT revoke_case(%s, %L, %L, %L)', :k, 'tolerance', 'late', 'infinity'), '22023',
  'at must be a finite time', 'revoke_case() at infinity: 22023');
SELECT is((SELECT count(*) FROM case_event WHERE case_id = :k AND kind = 'revoked'), 0::bigint, 'the refusals recorded nothing');

-- a sweep after the claim revokes it, at its own time
SELECT is(sla_sweep('2026-02-27 12:00+08') >= 1, true, 'the sweep of 02-27 noon records changes');
SELECT results_eq(format('SELECT status, revoked_at FROM cases WHERE id = %s', :k),
  $$VALUES ('revoked', '2026-02-27 12:00+08'::timestamptz)$$, 'revoked at the sweep''s time, after the claim');
SELECT results_eq(format('SELECT status, cancelled, finished_at FROM task WHERE id = %s', :t),
  $$VALUES ('done', true, '2026-02-27 12:00+08'::timestamptz)$$, 'its task stopped after it was claimed');
SELECT ok((SELECT bool_and(e.at <= '2026-02-27 12:00+08') FROM case_event e WHERE e.case_id = :k),
  'no step of the case is dated after its revocation');

-- nor before its delivery (until 2026-12-04 a catch-up sweep revoked a case
-- concluded on 03-04 and delivered on 03-12 at 03-09; a review)
SELECT submit('rt_biz', :p, '{form}', 'window', '{}', '2026-03-02 10:00+08') AS d \gset
SELECT complete_task((SELECT id FROM task WHERE case_id = :d), 'approved', '2026-03-03 10:00+08');
SELECT deliver(:d, 'mail', '2026-03-12 10:00+08');
SELECT is(sla_sweep('2026-03-09 10:00+08') >= 0, true, 'a catch-up sweep dated between the conclusion and the delivery runs');
SELECT results_eq(format('SELECT status, revoked_at FROM cases WHERE id = %s', :d),
  $$VALUES ('concluded', NULL::timestamptz)$$, 'it leaves the delivered case to a later sweep');
SELECT is(sla_sweep('2026-03-12 12:00+08') >= 1, true, 'a sweep after the delivery');
SELECT results_eq(format('SELECT status, revoked_at FROM cases WHERE id = %s', :d),
  $$VALUES ('revoked', '2026-03-12 12:00+08'::timestamptz)$$, 'revokes it after the delivery');

SELECT * FROM finish();
ROLLBACK;
