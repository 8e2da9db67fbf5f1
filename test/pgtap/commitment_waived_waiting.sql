-- A check covering an approval on commitment still to come is not due while
-- it waits (commitment_due_from_grant.sql): the sweep does not flag it,
-- commitment_accountability does not count it overdue, and record_check()
-- refuses kept and waived.  When the approval is not made after all (the
-- applicant's credit went bad before its stage opened, or the case was
-- withdrawn first), commitment_withdraw_approval() waives a check with no
-- committed material and keeps one with committed materials open for them.
-- Review of 2026-12-07: the due stayed the provisional one counted from the
-- acceptance, so the system's waiver, long after it, was counted done late
-- against the checking department, and a check with committed materials,
-- whose inspector was refused kept before that due, was overdue as soon as
-- its stage opened.  Its due now runs from that time (due_from), as it
-- would have run from the approval.  Assertions 2, 3, 5, 6, 8, 9 and 10 fail
-- on the former code.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(14);
\ir credit_fixture.inc
UPDATE item SET check_days = 5 WHERE code = 'k_fast';
INSERT INTO bundle (code, name, lead_department) VALUES ('k_seq', 'Standard, then on commitment', 'KA');
INSERT INTO bundle_item (bundle, item, stage) VALUES ('k_seq', 'k_std', 1), ('k_seq', 'k_fast', 2);
-- no committed material: the check covers the approval on commitment only
SELECT submit('k_seq', p, ARRAY['form', 'later', 'proof', 'cond'], 'window', '{}', '2026-10-09 10:00+08') AS b FROM kf \gset
SELECT id AS k FROM commitment_check WHERE case_id = :b \gset
SET LOCAL service_affair.as_of = '2026-10-23 12:00+08';
-- (nor due at all: its due is not known yet, commitment_accountability_closed_month.sql)
SELECT is((SELECT coalesce(sum(overdue), 0)::int FROM commitment_accountability WHERE department = 'KA'), 0,
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

-- 3. a check with committed materials: kept refused before its provisional
-- due (10-16), the approval being to come; the stage opens the standard way
SELECT submit('k_seq', p, ARRAY['form', 'later', 'proof'], 'window', ARRAY['cond'], '2026-10-09 10:00+08') AS m FROM kf \gset
SELECT id AS km FROM commitment_check WHERE case_id = :m \gset
SELECT throws_ok(format('SELECT record_check(%s, %L, NULL, %L)', :km, 'kept', '2026-10-12 10:00+08'), '55000',
                 NULL, 'kept is refused while the approval on commitment is to come');
UPDATE applicant SET credit_ok = false WHERE id = (SELECT p FROM kf);
SELECT complete_task((SELECT id FROM task WHERE case_id = :m AND item = 'k_std'), 'approved', '2026-10-26 10:00+08');
SELECT is((SELECT row(status, on_commitment, due)::text FROM commitment_check WHERE id = :km),
          row('open', false, shifted_due('2026-10-26', 5, 0, 'cn'))::text,
          'open for its materials, due from the stage opening');
SELECT sla_sweep('2026-10-27 10:00+08');
SELECT is((SELECT sla_state FROM commitment_check WHERE id = :km), NULL, 'not overdue the day after');
INSERT INTO calendar_day (calendar, day, is_workday, note) VALUES ('cn', '2026-10-28', false, 'test: a day off');
SELECT is((SELECT due FROM commitment_check WHERE id = :km), shifted_due('2026-10-26', 5, 0, 'cn'),
          'a calendar edit counts the due from the stage opening, not the acceptance');
SELECT lives_ok(format('SELECT record_check(%s, %L, NULL, %L)', :km, 'kept', '2026-10-29 10:00+08'),
                'kept after the stage opened');

-- 12-14. with committed materials, accepted on a Friday, the stage opened the
-- standard way the next day, a Saturday: the same due from either day, yet
-- it runs from the opening (due_from), and a calendar edit making that
-- Saturday a working day counts from it.  Review of 2026-12-07: due_from was
-- set only when the due moved, and the edit counted from the acceptance.
-- 13 and 14 fail on the former code.
UPDATE applicant SET credit_ok = true WHERE id = (SELECT p FROM kf);
SELECT submit('k_seq', p, ARRAY['form', 'later', 'proof'], 'window', ARRAY['cond'], '2026-11-06 10:00+08') AS s FROM kf \gset
UPDATE applicant SET credit_ok = false WHERE id = (SELECT p FROM kf);
SELECT complete_task((SELECT id FROM task WHERE case_id = :s AND item = 'k_std'), 'approved', '2026-11-07 10:00+08');
SELECT is((SELECT row(status, on_commitment, due)::text FROM commitment_check WHERE case_id = :s),
          row('open', false, shifted_due('2026-11-06', 5, 0, 'cn'))::text,
          'open for its materials, the same due from the Saturday opening as from the Friday acceptance');
SELECT is((SELECT due_from FROM commitment_check WHERE case_id = :s), '2026-11-07 10:00+08'::timestamptz,
          'yet due from the stage opening (due_from)');
INSERT INTO calendar_day (calendar, day, is_workday, note) VALUES ('cn', '2026-11-07', true, 'test: a working Saturday');
SELECT is((SELECT due FROM commitment_check WHERE case_id = :s), shifted_due('2026-11-07', 5, 0, 'cn'),
          'the calendar edit counts the due from the stage opening, not the acceptance');

SELECT * FROM finish();
ROLLBACK;
