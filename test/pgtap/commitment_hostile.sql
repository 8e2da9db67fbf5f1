-- A broken commitment revokes a concluded-approved case: never dated before
-- that conclusion (22023, as any transition dated before an earlier step of
-- the case).  Hostile pass of 2026-12-02: record_check() took an at between
-- the acceptance and the conclusion, and the case was revoked, and the
-- licence its approval issued changed, before they were approved and issued.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(17);
\ir credit_fixture.inc
INSERT INTO evidence_type (code, name) VALUES ('k_permit', 'Permit (commitment test)');
UPDATE item SET output_evidence_type = 'k_permit' WHERE code = 'k_std';
SELECT submit('k_std', o, ARRAY['form', 'later'], 'window', ARRAY['proof'], '2026-10-09 10:00+08') AS c FROM kf \gset
SELECT complete_task((SELECT id FROM task WHERE case_id = :c), 'approved', '2026-10-14 10:00+08');
SELECT id AS k FROM commitment_check WHERE case_id = :c \gset

SELECT throws_ok(format($$SELECT record_check(%s, 'broken', 'no premises', '2026-10-10 10:00+08')$$, :k),
  '22023', format('time precedes the conclusion of case %s', :c),
  'broken, dated after the acceptance but before the conclusion it would revoke: 22023');
SELECT results_eq(format($$SELECT status, decision FROM cases WHERE id = %s$$, :c),
  $$VALUES ('concluded'::text, 'approved'::text)$$, 'the case is left concluded and approved');
SELECT is((SELECT status FROM licence WHERE case_id = :c), 'valid', 'its licence is left valid');
SELECT is((SELECT status FROM commitment_check WHERE id = :k), 'open', 'the check is left open');
SELECT is((SELECT count(*)::int FROM credit_event WHERE source = 'check:' || :k), 0, 'no credit fact was recorded');
SELECT lives_ok(format($$SELECT record_check(%s, 'broken', 'no premises', '2026-10-14 10:00+08')$$, :k),
  'broken at the instant of the conclusion: taken');
SELECT results_eq(format($$SELECT c.status, c.revoked_at, l.status, l.changed_at >= l.issued_at
                             FROM cases c JOIN licence l ON l.case_id = c.id WHERE c.id = %s$$, :c),
  $$VALUES ('revoked'::text, '2026-10-14 10:00+08'::timestamptz, 'revoked'::text, true)$$,
  'the case is revoked, and its licence, no earlier than they were approved and issued');

-- a check kept before the conclusion is no revocation: taken as before
SELECT submit('k_std', p, ARRAY['form', 'later'], 'window', ARRAY['proof'], '2026-10-09 10:00+08') AS c2 FROM kf \gset
SELECT complete_task((SELECT id FROM task WHERE case_id = :c2), 'approved', '2026-10-14 10:00+08');
SELECT lives_ok(format($$SELECT record_check((SELECT id FROM commitment_check WHERE case_id = %s), 'kept', NULL, '2026-10-10 10:00+08')$$, :c2),
  'kept, dated before the conclusion: taken (the check runs beside the processing)');

-- a case in progress: its second stage opened after the date given (for the
-- person: the organisation broke a commitment above and may make none)
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit) VALUES
  ('k_two', 'Second stage', 'KA', 'promised', 20, 5);
INSERT INTO material (item, code, name, required, tolerable, commitment_allowed) VALUES
  ('k_two', 'form2', 'Second form', true, false, false);
INSERT INTO bundle (code, name, lead_department) VALUES ('k_pair', 'Two stages', 'KA');
INSERT INTO bundle_item (bundle, item, stage) VALUES ('k_pair', 'k_std', 1), ('k_pair', 'k_two', 2);
SELECT submit('k_pair', p, ARRAY['form', 'later', 'form2'], 'window', ARRAY['proof'], '2026-10-09 10:00+08') AS c3 FROM kf \gset
SELECT complete_task((SELECT id FROM task WHERE case_id = :c3 AND stage = 1), 'approved', '2026-10-14 10:00+08');
SELECT is((SELECT status FROM task WHERE case_id = :c3 AND stage = 2), 'open', 'a bundle in progress: stage 2 opened on 2026-10-14');
SELECT throws_ok(format($$SELECT record_check((SELECT id FROM commitment_check WHERE case_id = %s ORDER BY id LIMIT 1), 'broken', 'no premises', '2026-10-10 10:00+08')$$, :c3),
  '22023', format('time precedes the last step of case %s', :c3),
  'broken, dated before the opening of the stage in progress: 22023 (its tasks ended before they opened)');
SELECT is((SELECT status FROM cases WHERE id = :c3), 'accepted', 'the case is left in progress');
SELECT lives_ok(format($$SELECT record_check((SELECT id FROM commitment_check WHERE case_id = %s ORDER BY id LIMIT 1), 'broken', 'no premises', '2026-10-15 10:00+08')$$, :c3),
  'broken after the stage opened: taken');

-- a suspension is a task step too: a broken outcome dated between the
-- stage's opening and a suspension still running ended the suspension before
-- it began (the revocation resumes it at its own time): 23514 of
-- task_suspension's check until 2026-12-02, now the same 22023
-- (a third applicant: the other two broke a commitment above and may make none)
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '330225199001010012', 'Third Person');
SELECT submit('k_pair', (SELECT id FROM applicant WHERE name = 'Third Person'), ARRAY['form', 'later', 'form2'], 'window',
              ARRAY['proof'], '2026-10-09 10:00+08') AS c4 \gset
SELECT complete_task((SELECT id FROM task WHERE case_id = :c4 AND stage = 1), 'approved', '2026-10-14 10:00+08');
SELECT suspend((SELECT id FROM task WHERE case_id = :c4 AND stage = 2), 'hearing', '2026-10-16 10:00+08');
SELECT throws_ok(format($$SELECT record_check((SELECT id FROM commitment_check WHERE case_id = %s ORDER BY id LIMIT 1), 'broken', 'no premises', '2026-10-15 10:00+08')$$, :c4),
  '22023', format('time precedes the last step of case %s', :c4),
  'broken, dated after the stage opened but before its task was suspended: 22023, not the check of the suspension');
SELECT results_eq(format($$SELECT c.status, t.status FROM cases c JOIN task t ON t.case_id = c.id AND t.stage = 2 WHERE c.id = %s$$, :c4),
  $$VALUES ('accepted'::text, 'suspended'::text)$$, 'the case is left in progress, its task suspended');
-- a resumption likewise: the task would end before it was resumed
SELECT resume((SELECT id FROM task WHERE case_id = :c4 AND stage = 2), '2026-10-18 10:00+08');
SELECT throws_ok(format($$SELECT record_check((SELECT id FROM commitment_check WHERE case_id = %s ORDER BY id LIMIT 1), 'broken', 'no premises', '2026-10-17 10:00+08')$$, :c4),
  '22023', format('time precedes the last step of case %s', :c4),
  'broken, dated before the task was resumed: 22023 (it would end before its resumption)');
SELECT lives_ok(format($$SELECT record_check((SELECT id FROM commitment_check WHERE case_id = %s ORDER BY id LIMIT 1), 'broken', 'no premises', '2026-10-18 10:00+08')$$, :c4),
  'broken at the instant of the resumption: taken');
SELECT results_eq(format($$SELECT c.status, t.finished_at FROM cases c JOIN task t ON t.case_id = c.id AND t.stage = 2 WHERE c.id = %s$$, :c4),
  $$VALUES ('revoked'::text, '2026-10-18 10:00+08'::timestamptz)$$, 'the case is revoked, its task ended at the revocation');

SELECT * FROM finish();
ROLLBACK;
