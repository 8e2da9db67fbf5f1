-- 通办: the staff of the receiving point take the steps at its window —
-- supplement(), withdraw(), record_visit(), deliver() — for the cases
-- received there, while the point has business with the case (doc/access.md,
-- "The receiving point's clerk"; doc/tongban.md, "Who sees a 通办 case").
-- The decision is the one that gives them the applicant (point_clerk_serves():
-- acc_point_business() and acc_may_act_at() of src/core/access.c).  Until
-- 2026-12-05 the steps went through require_case() alone: a clerk posted to
-- the point of a third region's department read the applicant (and recorded
-- the result's arrival, receive_result()) but could not hand the result over
-- or take a supplement at its own window (a review).
BEGIN;
SET search_path = service_affair, public;
SET TIME ZONE 'UTC';
\ir tongban_fixture.inc
SELECT plan(33);

-- clerks of Beilun's department (neither the receiving 330225 nor the
-- competent 330226): posted to T5 (the receiving point), to B5 (another
-- point of the receiving region); tb_clerk0 is posted nowhere
CREATE ROLE tb_ps_clerk IN ROLE service_affair_clerk;
CREATE ROLE tb_ps_other IN ROLE service_affair_clerk;
INSERT INTO staff (login, department) VALUES ('tb_ps_clerk', 'TB_M0'), ('tb_ps_other', 'TB_M0');
INSERT INTO staff_point (login, point) VALUES ('tb_ps_clerk', 'T5'), ('tb_ps_other', 'B5');

-- cr: a Ninghai company's case received at T5 without its form (returned)
SET LOCAL ROLE tb_clerk5;
SELECT submit('tb_biz5', '91350100M000100Y43', '{}', 'window', '{}', '2026-11-18 10:00+08', NULL, 'T5') AS cr \gset
RESET ROLE;
-- cx: received at T5 complete (accepted); cw: another, to be withdrawn;
-- cv: received at V5, a point under T5
SELECT pg_temp.sub('tb_clerk5', 'tb_biz5', '91350100M000100Y43', 'window', 'T5') AS cx \gset
SELECT pg_temp.sub('tb_clerk5', 'tb_res5', '330225199001010012', 'window', 'T5') AS cw \gset
SELECT pg_temp.sub('tb_clerk5', 'tb_res5', '330225199001010012', 'window', 'V5') AS cv \gset
SELECT is((SELECT array_agg(status ORDER BY id) FROM cases WHERE id IN (:cr, :cx, :cw)),
          '{returned,accepted,accepted}', 'fixture: one returned and two accepted cases received at T5');

-- supplement(): at the receiving window
SELECT is(pg_temp.state_as('tb_ps_other', format($$SELECT supplement(%s, '{form}', '2026-11-18 10:30+08', 'window')$$, :cr)),
          '42501', 'supplement(): a clerk posted to another point of the receiving region (a third region''s department) is refused');
SELECT is(pg_temp.state_as('tb_clerk0', format($$SELECT supplement(%s, '{form}', '2026-11-18 10:30+08', 'window')$$, :cr)),
          '42501', '... and a clerk of a third region posted nowhere');
SELECT is(pg_temp.state_as('tb_ps_clerk', format($$SELECT supplement(%s, '{form}', '2026-11-18 10:30+08', 'window')$$, :cr)),
          '00000', 'supplement(): the clerk posted to the receiving point takes it at its window (42501 until 2026-12-05)');
SELECT is((SELECT status FROM cases WHERE id = :cr), 'accepted', '... and the case is accepted');
SELECT is((SELECT actor FROM case_event WHERE case_id = :cr AND kind = 'supplemented'), 'tb_ps_clerk',
          '... the step recorded as done by the point''s clerk');

-- record_visit(): a visit at the window
SELECT is(pg_temp.state_as('tb_ps_other', format($$SELECT record_visit(%s, '2026-11-18 11:00+08', 'asks')$$, :cx)),
          '42501', 'record_visit(): a clerk posted to another point is refused');
SELECT is(pg_temp.state_as('tb_ps_clerk', format($$SELECT record_visit(%s, '2026-11-18 11:00+08', 'asks')$$, :cx)),
          '00000', 'record_visit(): the receiving point''s clerk records the visit (42501 until 2026-12-05)');
SELECT is(pg_temp.state_as('tb_ps_clerk', format($$SELECT record_visit(%s, '2026-11-18 11:00+08', 'asks')$$, :cv)),
          '42501', '... not for a case received at a point under its own');

-- withdraw(): the applicant withdraws at the window
SELECT is(pg_temp.state_as('tb_ps_other', format($$SELECT withdraw(%s, '2026-11-18 11:00+08')$$, :cw)),
          '42501', 'withdraw(): a clerk posted to another point is refused');
SELECT is(pg_temp.state_as('tb_clerk0', format($$SELECT withdraw(%s, '2026-11-18 11:00+08')$$, :cw)),
          '42501', '... and a clerk of a third region posted nowhere');
SELECT is(pg_temp.state_as('tb_ps_clerk', format($$SELECT withdraw(%s, '2026-11-18 11:00+08')$$, :cw)),
          '00000', 'withdraw(): the receiving point''s clerk takes the withdrawal (42501 until 2026-12-05)');
SELECT is((SELECT status FROM cases WHERE id = :cw), 'withdrawn', '... and the case is withdrawn');
-- withdrawn: the point's business has ended
SELECT is(pg_temp.state_as('tb_ps_clerk', format($$SELECT record_visit(%s, '2026-11-18 11:30+08')$$, :cw)),
          '42501', 'withdrawn: the point''s clerk takes no more steps on the case');
SELECT is(pg_temp.state_as('tb_clerk5', format($$SELECT record_visit(%s, '2026-11-18 11:30+08')$$, :cw)),
          '00000', '... the clerk of the receiving region still does (the region rule, unchanged)');

-- deliver(): the hand-over at the point
SELECT complete_task((SELECT id FROM task WHERE case_id = :cx), 'approved', '2026-11-20 10:00+08');
SELECT is(pg_temp.state_as('tb_ps_other', format($$SELECT deliver(%s, 'window', '2026-11-24 10:00+08')$$, :cx)),
          '42501', 'deliver(): a clerk posted to another point is refused');
SELECT is(pg_temp.state_as('tb_clerk0', format($$SELECT deliver(%s, 'window', '2026-11-24 10:00+08')$$, :cx)),
          '42501', '... and a clerk of a third region posted nowhere');
SELECT is(pg_temp.state_as('tb_ps_clerk', format($$SELECT receive_result(%s, '2026-11-23 10:00+08')$$, :cx)),
          '00000', 'the receiving point''s clerk records the result''s arrival (receive_result(), as before)');
SELECT is(pg_temp.state_as('tb_ps_clerk', format($$SELECT deliver(%s, 'window', '2026-11-24 10:00+08')$$, :cx)),
          '00000', 'deliver(): ... and hands the result over (42501 until 2026-12-05)');
SELECT isnt((SELECT delivered_at FROM cases WHERE id = :cx), NULL, '... the case is delivered');
-- delivered: the point's business has ended
SELECT is(pg_temp.state_as('tb_ps_clerk', format($$SELECT record_visit(%s, '2026-11-24 11:00+08')$$, :cx)),
          '42501', 'delivered: the point''s clerk takes no more steps on the case');
SELECT is(pg_temp.state_as('tb_ps_clerk', format($$SELECT * FROM case_applicant(%s)$$, :cx)),
          '42501', '... nor reads its applicant (the same rule)');
SELECT is(pg_temp.state_as('tb_clerk5', format($$SELECT record_visit(%s, '2026-11-24 11:00+08')$$, :cx)),
          '00000', '... the clerk of the receiving region still does');

-- receive_result(): the same rule (result_require() asks
-- point_clerk_serves()); until 2026-12-06 it asked may_act_at() alone and
-- told the point's clerk 55000 for a delivered or withdrawn case whose
-- applicant and steps the rule refused it (a review)
SELECT is(pg_temp.state_as('tb_ps_clerk', format($$SELECT receive_result(%s, '2026-11-24 12:00+08')$$, :cx)),
          '42501', 'receive_result() of the delivered case: the point''s clerk is refused as by its other steps (55000 until 2026-12-06)');
SELECT is(pg_temp.state_as('tb_ps_clerk', format($$SELECT receive_result(%s, '2026-11-24 12:00+08')$$, :cw)),
          '42501', '... and of the withdrawn case (55000 until 2026-12-06)');
SELECT is(replace(pg_temp.detail_as('tb_ps_clerk', format($$SELECT receive_result(%s, '2026-11-24 12:00+08')$$, :cx)), :cx::text, '#'),
          replace(pg_temp.detail_as('tb_ps_clerk', format($$SELECT receive_result(%s, '2026-11-24 12:00+08')$$, :cx + 1000000)), (:cx + 1000000)::text, '#'),
          '... in the words of an unknown case''s refusal');
SELECT is(pg_temp.state_as('tb_admin', format($$SELECT receive_result(%s, '2026-11-24 12:00+08')$$, :cx)),
          '55000', '... an administrator is told the state (delivered)');

-- the refusal names the point's staff too (require_case_step(); until
-- 2026-12-06 require_case()'s words, naming the region's clerks only), in
-- the same words for another point's case and an unknown one
SELECT is(replace(pg_temp.detail_as('tb_ps_other', format($$SELECT withdraw(%s, '2026-11-18 11:00+08')$$, :cr)), :cr::text, '#'),
          'Role tb_ps_other may not act on case #, if there is one: administrators, the clerks of the region where it was submitted and, until its result is delivered, the staff of the point where it was received do.',
          'a step refused at the window: the detail names the receiving point''s staff');
SELECT is(replace(pg_temp.detail_as('tb_ps_other', format($$SELECT withdraw(%s, '2026-11-18 11:00+08')$$, :cr)), :cr::text, '#'),
          replace(pg_temp.detail_as('tb_ps_other', format($$SELECT withdraw(%s, '2026-11-18 11:00+08')$$, :cr + 1000000)), (:cr + 1000000)::text, '#'),
          'the refusal is in the same words for another point''s case and an unknown one');
SELECT is(pg_temp.state_as('tb_ps_clerk', format($$SELECT withdraw(%s, '2026-11-18 11:00+08')$$, :cr + 1000000)),
          '42501', 'the point''s clerk: an unknown case is refused as another''s (not 23503)');

-- the read and the writes are one rule: point_clerk_serves() over the case
SELECT is((SELECT array_agg(x.id ORDER BY x.id) FROM cases x
            WHERE x.id IN (:cr, :cx, :cw, :cv)
              AND pg_temp.val_as('tb_ps_clerk', format('SELECT count(*) FROM service_affair.cases WHERE id = %s', x.id)) = 1
              AND pg_temp.state_as('tb_ps_clerk', format('SELECT * FROM service_affair.case_applicant(%s)', x.id)) = '00000'),
          ARRAY[:cr]::bigint[], 'of the point''s cases, the clerk reads the applicant of the one still open at the point');
SELECT is(pg_temp.state_as('tb_ps_clerk', format($$SELECT record_visit(%s, '2026-11-24 11:00+08')$$, :cr)),
          '00000', '... and takes its steps');
SELECT is((SELECT array_agg(x.id ORDER BY x.id) FROM cases x
            WHERE x.id IN (:cr, :cx, :cw, :cv)
              AND pg_temp.state_as('tb_ps_clerk', format($$SELECT receive_result(%s, '2026-11-24 12:00+08')$$, x.id)) = '42501'),
          (SELECT array_agg(x.id ORDER BY x.id) FROM cases x
            WHERE x.id IN (:cr, :cx, :cw, :cv)
              AND pg_temp.state_as('tb_ps_clerk', format('SELECT * FROM service_affair.case_applicant(%s)', x.id)) = '42501'),
          'receive_result() refuses the point''s clerk (42501) the cases whose applicant the rule refuses it');

SELECT * FROM finish();
ROLLBACK;
