-- A check covering only an approval on commitment still to come is not due
-- while it waits (commitment_due_from_grant.sql): the sweep does not flag it
-- and commitment_accountability does not count it overdue.  When the
-- approval is not made after all (the applicant's credit went bad before
-- its stage opened, or the case was withdrawn first), the check is waived
-- by the system (commitment_withdraw_approval(), no inspector), at that
-- time.  Review of 2026-12-07: the due stayed the provisional one counted
-- from the acceptance, so that waiver, long after it, was counted done late
-- against the checking department, for a check that was never overdue and
-- that no inspector could close (kept and waived refused with 55000 while
-- it waited).  Its due now runs from the waiver, as it would have run from
-- the approval.  Assertions 2, 3, 5 and 6 fail on the former code.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(6);
\ir credit_fixture.inc
UPDATE item SET check_days = 5 WHERE code = 'k_fast';
INSERT INTO bundle (code, name, lead_department) VALUES ('k_seq', 'Standard, then on commitment', 'KA');
INSERT INTO bundle_item (bundle, item, stage) VALUES ('k_seq', 'k_std', 1), ('k_seq', 'k_fast', 2);
-- no committed material: the check covers the approval on commitment only
SELECT submit('k_seq', p, ARRAY['form', 'later', 'proof', 'cond'], 'window', '{}', '2026-10-09 10:00+08') AS b FROM kf \gset
SELECT id AS k FROM commitment_check WHERE case_id = :b \gset
SET LOCAL service_affair.as_of = '2026-10-23 12:00+08';
SELECT is((SELECT overdue FROM commitment_accountability WHERE department = 'KA'), 0,
          'waiting for its stage, the check is not overdue past its provisional due');

-- 1. the applicant's credit goes bad; stage 2 opens on 10-26 the standard way
UPDATE applicant SET credit_ok = false WHERE id = (SELECT p FROM kf);
SELECT complete_task((SELECT id FROM task WHERE case_id = :b AND item = 'k_std'), 'approved', '2026-10-26 10:00+08');
SELECT is((SELECT row(status, checked_at, due)::text FROM commitment_check WHERE id = :k),
          row('waived', '2026-10-26 10:00+08'::timestamptz, shifted_due('2026-10-26', 5, 0, 'cn'))::text,
          'the check is waived as the stage opens, due from then (no approval on commitment was made)');
SET LOCAL service_affair.as_of = '2026-10-27 12:00+08';
SELECT results_eq($$SELECT done_on_time, done_late, overdue FROM commitment_accountability WHERE department = 'KA'$$,
                  $$VALUES (1, 0, 0)$$, 'the system''s waiver is not counted done late against the checking department');

-- 2. the same for a case withdrawn before the stage opened
UPDATE applicant SET credit_ok = true WHERE id = (SELECT p FROM kf);
SELECT submit('k_seq', o, ARRAY['form', 'later', 'proof', 'cond'], 'window', '{}', '2026-10-09 10:00+08') AS w FROM kf \gset
SELECT id AS kw FROM commitment_check WHERE case_id = :w \gset
SELECT withdraw(:w, '2026-10-28 10:00+08');
SELECT is((SELECT status FROM commitment_check WHERE id = :kw), 'waived', 'the withdrawal waives the check');
SELECT is((SELECT due FROM commitment_check WHERE id = :kw), shifted_due('2026-10-28', 5, 0, 'cn'),
          'due from the withdrawal');
SET LOCAL service_affair.as_of = '2026-10-29 12:00+08';
SELECT results_eq($$SELECT sum(done_on_time)::int, sum(done_late)::int, sum(overdue)::int FROM commitment_accountability WHERE department = 'KA'$$,
                  $$VALUES (2, 0, 0)$$, 'nor is that waiver counted done late');

SELECT * FROM finish();
ROLLBACK;
