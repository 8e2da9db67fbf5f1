-- 通办: receive_result(), the result's arrival at the receiving point
-- (doc/tongban.md, "The result's arrival at the point").  The return leg
-- ends at the arrival, so its time limit is the transit only, not the
-- applicant's delay in collecting; the delivery stays its own step; and
-- case_progress() tells the applicant that the result waits at the point.
-- Until 2026-12-05 no step recorded the arrival: the return leg ran from
-- the conclusion to the delivery (a review).
BEGIN;
SET search_path = service_affair, public;
SET TIME ZONE 'UTC';
\ir tongban_fixture.inc
SELECT plan(30);

CREATE ROLE tb_citizen IN ROLE service_affair_public;
-- a clerk posted to the village point V5: not the staff of T5
CREATE ROLE tb_clerk_v5 IN ROLE service_affair_clerk;
INSERT INTO staff (login, department) VALUES ('tb_clerk_v5', 'TB_M5');
INSERT INTO staff_point (login, point) VALUES ('tb_clerk_v5', 'V5');

-- rc: received at the town centre T5, handled at the county centre C5;
-- own: received at C5 itself (no legs)
SELECT pg_temp.sub('tb_clerk_t5', 'tb_res5', '330225199001010012', 'window', 'T5') AS rc \gset
SELECT pg_temp.sub('tb_clerk5', 'tb_res5', '330225199001010012', 'window', 'C5') AS own \gset
SELECT receive_originals(:rc, '2026-11-19 09:00+08');
-- rr(r, case, at): receive_result() as r; '00000' or the SQLSTATE
CREATE FUNCTION pg_temp.rr(r name, c bigint, at text) RETURNS text LANGUAGE sql AS
$$ SELECT pg_temp.state_as(r, format('SELECT receive_result(%s, %L)', c, at)) $$;

-- before the conclusion: no result yet
SELECT is(pg_temp.rr('tb_clerk_t5', :rc, '2026-11-19 10:00+08'), '55000', 'receive_result() of an accepted case: 55000');
SELECT is(pg_temp.detail_as('tb_clerk_t5', format('SELECT receive_result(%s, ''2026-11-19 10:00+08'')', :rc)),
  format('Case %s is accepted, not concluded: its result comes back to point T5 once it is.', :rc),
  '... the detail saying it comes back once concluded');
SELECT complete_task((SELECT id FROM task WHERE case_id = x), 'approved', '2026-11-20 10:00+08') FROM unnest(ARRAY[:rc, :own]::bigint[]) x;
SELECT is((SELECT ROW(due, done_at)::text FROM case_leg WHERE case_id = :rc AND leg = 'return'),
          ROW(add_workdays('2026-11-20', 2), NULL::timestamptz)::text, 'fixture: concluded, its result on the way back to T5');

-- who: the staff of the receiving point (point_clerk_serves())
SELECT is(pg_temp.rr('tb_clerk6', :rc, '2026-11-21 09:00+08'), '42501', 'a clerk of another region: 42501');
SELECT is(pg_temp.rr('tb_clerk_v5', :rc, '2026-11-21 09:00+08'), '42501', 'a clerk posted to another point of the region: 42501');
SELECT is(pg_temp.rr('tb_reviewer6', :rc, '2026-11-21 09:00+08'), '42501', 'a reviewer of the handling department of another region: 42501');
SELECT is(pg_temp.rr('tb_analyst', :rc, '2026-11-21 09:00+08'), '42501', 'an analyst: 42501');
SELECT is(pg_temp.rr('tb_clerk0', :rc + 1000000, '2026-11-21 09:00+08'), '42501', 'an unknown case, by a clerk: 42501');
SELECT is(replace(pg_temp.detail_as('tb_clerk6', format('SELECT receive_result(%s, ''2026-11-21 09:00+08'')', :rc)), :rc::text, '#'),
          replace(pg_temp.detail_as('tb_clerk6', format('SELECT receive_result(%s, ''2026-11-21 09:00+08'')', :rc + 1000000)), (:rc + 1000000)::text, '#'),
  '... in the same words as another''s case');
-- the refusal names who may, in the words of the other steps' refusals
-- (require_case_step()); until 2026-12-06 "the staff of its receiving point
-- do", without administrators nor the end of the point's business
SELECT is(replace(pg_temp.detail_as('tb_clerk6', format('SELECT receive_result(%s, ''2026-11-21 09:00+08'')', :rc)), :rc::text, '#'),
  'Role tb_clerk6 may not record the arrival of the result of case #, if there is one: administrators and, until its result is delivered, the staff of the point where it was received do.',
  '... naming administrators and the point''s staff until the result is delivered, as the other steps'' refusals');
SELECT is(pg_temp.rr('tb_admin', :rc + 1000000, '2026-11-21 09:00+08'), '23503', 'an unknown case, by an administrator: 23503');
SELECT is(pg_temp.rr('tb_clerk_t5', :rc, '2026-11-20 09:00+08'), '22023', 'a time before the conclusion: 22023');
SELECT is(pg_temp.state_as('tb_clerk_t5', 'SELECT receive_result(NULL, now())'), '22023', 'a NULL case id: 22023');
SELECT is(pg_temp.rr('tb_clerk5', :own, '2026-11-21 09:00+08'), '55000', 'a case handled where it was received: 55000');
SELECT is(pg_temp.detail_as('tb_clerk5', format('SELECT receive_result(%s, ''2026-11-21 09:00+08'')', :own)),
  format('No result of case %s comes back to a point: it was handled where it was received, or no originals were sent from there.', :own),
  '... the detail saying no result comes back to a point');

-- the point's clerk records the arrival: the return leg ends then
SELECT is(pg_temp.rr('tb_clerk_t5', :rc, '2026-11-21 09:00+08'), '00000', 'the clerk of T5 records the result''s arrival');
SELECT is((SELECT ROW(done_at, done_by)::text FROM case_leg WHERE case_id = :rc AND leg = 'return'),
          ROW('2026-11-21 09:00+08'::timestamptz, 'tb_clerk_t5')::text, '... the return leg ends at the arrival');
SELECT is((SELECT detail FROM case_event WHERE case_id = :rc AND kind = 'result_received'),
          jsonb_build_object('point', 'T5', 'due', add_workdays('2026-11-20', 2), 'on_time', true),
  '... event result_received, on time');
SELECT is((SELECT ROW(status, delivered_at)::text FROM cases WHERE id = :rc), ROW('concluded', NULL::timestamptz)::text,
  '... not delivered: the delivery is a step of its own');
SELECT is(pg_temp.rr('tb_clerk_t5', :rc, '2026-11-21 10:00+08'), '55000', 'a second arrival: 55000');

-- case_progress(): the result waits at the point
SET LOCAL ROLE tb_citizen;
SELECT results_eq(format('SELECT result_point, result_arrived_at, result_delivered_at FROM case_progress(%s, %L)', :rc, '330225199001010012'),
  $$VALUES ('丹东街道便民服务中心'::text, '2026-11-21 09:00+08'::timestamptz, NULL::timestamptz)$$,
  'case_progress(): arrived at the point, not delivered: waiting there');
RESET ROLE;

-- the applicant collects it late: the return leg stays met
SELECT is(pg_temp.state_as('tb_clerk_t5', format('SELECT deliver(%s, ''window'', ''2026-11-21 08:00+08'')', :rc)), '22023',
  'a delivery dated before the recorded arrival: 22023');
SELECT deliver(:rc, 'window', '2026-11-30 10:00+08');
SELECT is((SELECT ROW(return_state, (SELECT done_at FROM case_leg WHERE case_id = :rc AND leg = 'return'))::text FROM case_sla WHERE case_id = :rc),
          ROW('met', '2026-11-21 09:00+08'::timestamptz)::text,
  'delivered days after the due: the return leg, ended at the arrival, is met');
SELECT is(sla_sweep('2026-12-01 10:00+08') >= 0 AND NOT EXISTS (SELECT FROM case_event WHERE case_id = :rc AND kind LIKE 'leg\_%'), true,
  '... and the sweep flags nothing');
SET LOCAL ROLE tb_citizen;
SELECT results_eq(format('SELECT result_arrived_at, result_delivered_at FROM case_progress(%s, %L)', :rc, '330225199001010012'),
  $$VALUES ('2026-11-21 09:00+08'::timestamptz, '2026-11-30 10:00+08'::timestamptz)$$,
  'case_progress(): the arrival and the delivery, each its own time');
RESET ROLE;
-- the point's business has ended: its clerk is refused as by its other
-- steps (point_clerk_serves(); until 2026-12-06 told 55000, a review)
SELECT is(pg_temp.rr('tb_clerk_t5', :rc, '2026-11-21 09:00+08'), '42501', 'receive_result() after the delivery, by the point''s clerk: 42501');
SELECT is(replace(pg_temp.detail_as('tb_clerk_t5', format('SELECT receive_result(%s, ''2026-11-21 09:00+08'')', :rc)), :rc::text, '#'),
  'Role tb_clerk_t5 may not record the arrival of the result of case #, if there is one: administrators and, until its result is delivered, the staff of the point where it was received do.',
  '... in words that say the point''s staff may until the result is delivered');
SELECT is(pg_temp.rr('tb_admin', :rc, '2026-11-21 09:00+08'), '55000', 'receive_result() after the delivery, by an administrator: 55000');

-- settled: the same answer from the history
SELECT ok(settle_cases('2027-06-01 00:00+08') >= 1, 'months later the case settles');
SET LOCAL ROLE tb_citizen;
SELECT results_eq(format('SELECT result_arrived_at, result_delivered_at FROM case_progress(%s, %L)', :rc, '330225199001010012'),
  $$VALUES ('2026-11-21 09:00+08'::timestamptz, '2026-11-30 10:00+08'::timestamptz)$$,
  'a settled case: the same arrival and delivery, read from the history');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
