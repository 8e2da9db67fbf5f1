-- commitment_accountability: a closed month's due count is not rewritten by
-- a later step.  Review of 2026-12-07: a check waiting for its stage (an
-- approval on commitment still to come) counted in the month of its
-- provisional due (from the acceptance) and left it once the approval was
-- made; a broken outcome recorded while waiting put it back into that past
-- month, done late; a check cancelled after its due passed (its case revoked
-- by another department's broken check) left its month.  Assertions 2, 6, 7,
-- 9 and 10 fail on the former code (10: the column cancelled is new).
-- Review of 2026-12-07 (later): a check waiting for its stage, cancelled
-- when another department's broken check revoked the case, kept its
-- provisional due and appeared in that past month as cancelled; 13 and 14
-- fail on the code of 212d81ff.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(15);
\ir credit_fixture.inc
UPDATE item SET check_days = 5 WHERE code = 'k_fast';
INSERT INTO bundle (code, name, lead_department) VALUES ('k_seq', 'Standard, then on commitment', 'KA');
INSERT INTO bundle_item (bundle, item, stage) VALUES ('k_seq', 'k_std', 1), ('k_seq', 'k_fast', 2);
INSERT INTO bundle (code, name, lead_department) VALUES ('k_both', 'Checked by two departments', 'KA');
INSERT INTO bundle_item (bundle, item, stage) VALUES ('k_both', 'k_std', 1), ('k_both', 'k_other', 1);
CREATE TEMP VIEW acc AS
  SELECT department, month, due, done_on_time, done_late, overdue, broken FROM commitment_accountability;

-- 1. approved on commitment as stage 2 opens, in November
SELECT submit('k_seq', p, ARRAY['form', 'later', 'proof', 'cond'], 'window', '{}', '2026-10-09 10:00+08') AS b FROM kf \gset
SELECT id AS k FROM commitment_check WHERE case_id = :b \gset
SELECT cmp_ok((SELECT due FROM commitment_check WHERE id = :k), '<', '2026-11-01'::date, 'the provisional due lies in October');
SET LOCAL service_affair.as_of = '2026-11-02 12:00+08';
-- October is closed: what an analyst reads of it on 11-02
SELECT is((SELECT coalesce(sum(due), 0)::int FROM acc WHERE department = 'KA' AND month = '2026-10-01'), 0,
          'a check waiting for its stage counts in no month: its due is not known yet');
SELECT complete_task((SELECT id FROM task WHERE case_id = :b AND item = 'k_std'), 'approved', '2026-11-03 10:00+08');
SELECT is((SELECT due FROM commitment_check WHERE id = :k), shifted_due('2026-11-03', 5, 0, 'cn'), 'approved on 11-03, due from then');
SET LOCAL service_affair.as_of = '2026-11-03 12:00+08';
SELECT is((SELECT coalesce(sum(due), 0)::int FROM acc WHERE department = 'KA' AND month = '2026-10-01'), 0,
          'October''s due count is the same after the approval');
SELECT is((SELECT coalesce(sum(due), 0)::int FROM acc WHERE department = 'KA' AND month = '2026-11-01'), 1,
          'the check counts in the month of its due from the approval');

-- 2. broken while waiting, in November: due from the outcome, not back in October
SELECT submit('k_seq', o, ARRAY['form', 'later', 'proof', 'cond'], 'window', '{}', '2026-10-09 10:00+08') AS w FROM kf \gset
SELECT id AS kw FROM commitment_check WHERE case_id = :w \gset
SELECT record_check(:kw, 'broken', 'conditions not met', '2026-11-03 11:00+08');
SELECT is((SELECT row(due, due_from)::text FROM commitment_check WHERE id = :kw),
          row(shifted_due('2026-11-03', 5, 0, 'cn'), '2026-11-03 11:00+08'::timestamptz)::text,
          'broken while waiting: due from the outcome (due_from)');
SELECT results_eq($$SELECT month, due, done_on_time, done_late, broken FROM acc WHERE department = 'KA' ORDER BY month$$,
                  $$VALUES ('2026-11-01'::date, 2, 1, 0, 1)$$,
                  'October untouched; the broken check counts in November, on time');

-- 3. a check cancelled after its due passed stays in its month (the person's
-- case: the organisation's broken commitment bars it from committing)
SELECT submit('k_both', (SELECT p FROM kf), ARRAY['form', 'later'], 'window', ARRAY['proof'], '2026-10-09 10:00+08') AS c \gset
SELECT id AS ka FROM commitment_check WHERE case_id = :c AND department = 'KA' \gset
SELECT id AS kb FROM commitment_check WHERE case_id = :c AND department = 'KB' \gset
SELECT complete_task(t.id, 'approved', '2026-10-14 10:00+08') FROM task t WHERE t.case_id = :c ORDER BY t.id;
SELECT is((SELECT row(month, due, overdue)::text FROM acc WHERE department = 'KB'), row('2026-10-01'::date, 1, 1)::text,
          'KB''s check, due in October, is overdue on 11-03');
SELECT record_check(:ka, 'broken', 'no premises at the address', '2026-11-03 11:30+08');
SELECT is((SELECT coalesce(sum(due), 0)::int FROM acc WHERE department = 'KB' AND month = '2026-10-01'), 1,
          'October''s due count for KB is the same after the cancellation');
SELECT results_eq($$SELECT month, due, overdue, cancelled FROM commitment_accountability WHERE department = 'KB'$$,
                  $$VALUES ('2026-10-01'::date, 1, 0, 1)$$,
                  'cancelled after its due, it stays due in October, counted cancelled');
SELECT is((SELECT status FROM commitment_check WHERE id = :kb), 'cancelled', 'the check was cancelled');

-- 4. a check waiting for its stage (KB's approval on commitment of stage 2),
-- its case revoked by KA's broken check of stage 1: it stops waiting, due
-- from the revocation, cancelled by that due, counted in no month
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, approval_mode, check_department, check_days)
  VALUES ('k_fastb', 'Approved on commitment, checked by KB', 'KA', 'promised', 20, 5, 'commitment', 'KB', 10);
INSERT INTO material (item, code, name, required, tolerable, commitment_allowed) VALUES
  ('k_fastb', 'cond', 'Conditions met', true, false, true);
INSERT INTO bundle (code, name, lead_department) VALUES ('k_seqb', 'Standard, then on commitment checked by KB', 'KA');
INSERT INTO bundle_item (bundle, item, stage) VALUES ('k_seqb', 'k_std', 1), ('k_seqb', 'k_fastb', 2);
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '330225199001010012', 'Clean Person');
SELECT submit('k_seqb', (SELECT id FROM applicant WHERE name = 'Clean Person'), ARRAY['form', 'later', 'cond'], 'window', ARRAY['proof'],
              '2026-10-09 10:00+08') AS s \gset
SELECT id AS sa FROM commitment_check WHERE case_id = :s AND department = 'KA' \gset
SELECT id AS sb FROM commitment_check WHERE case_id = :s AND department = 'KB' \gset
SELECT is((SELECT row(on_commitment, due < '2026-11-01')::text FROM commitment_check WHERE id = :sb), row(true, true)::text,
          'KB''s check waits for stage 2, its provisional due in October');
SELECT record_check(:sa, 'broken', 'no premises at the address', '2026-11-03 11:40+08');
SELECT is((SELECT coalesce(sum(due), 0)::int FROM acc WHERE department = 'KB' AND month = '2026-10-01'), 1,
          'October''s due count for KB is the same after the revocation cancelled the waiting check');
SELECT is((SELECT row(status, due, due_from)::text FROM commitment_check WHERE id = :sb),
          row('cancelled', shifted_due('2026-11-03', 10, 0, 'cn'), '2026-11-03 11:40+08'::timestamptz)::text,
          'cancelled, due from the revocation (it stopped waiting)');
SELECT is((SELECT count(*)::int FROM commitment_accountability WHERE department = 'KB' AND month <> '2026-10-01'), 0,
          'cancelled by that due: it counts in no month');

SELECT * FROM finish();
ROLLBACK;
