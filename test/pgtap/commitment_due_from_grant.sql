-- An approval on commitment made as a later stage of a bundle opens is
-- checked within check_days of that approval ("Granted first, checked within
-- 60 working days", DOMAIN.md), not of the acceptance.  Review of
-- 2026-12-07: the due ran from the acceptance, so a check whose stage opened
-- after it was flagged overdue by the sweep while kept and waived were
-- refused (55000, an approval not made yet), counted overdue in
-- commitment_accountability meanwhile, and done late when kept the day after
-- the approval.  Assertions 2-4 and 6-9 fail on the former code.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(15);
\ir credit_fixture.inc
UPDATE item SET check_days = 5 WHERE code = 'k_fast';
INSERT INTO bundle (code, name, lead_department) VALUES ('k_seq', 'Standard, then on commitment', 'KA');
INSERT INTO bundle_item (bundle, item, stage) VALUES ('k_seq', 'k_std', 1), ('k_seq', 'k_fast', 2);
SELECT submit('k_seq', p, ARRAY['form', 'later', 'proof'], 'window', ARRAY['cond'], '2026-10-09 10:00+08') AS b FROM kf \gset
SELECT id AS k FROM commitment_check WHERE case_id = :b \gset

-- 1. before the stage opens: due from the acceptance, as before
SELECT is((SELECT due FROM commitment_check WHERE id = :k),
          shifted_due('2026-10-09', 5, 0, 'cn'), 'the check is due 5 working days after the acceptance (the approval is to come)');
-- 2-3. the sweep past that due does not flag it: it cannot be kept yet
SELECT sla_sweep('2026-10-23 10:00+08');
SELECT is((SELECT sla_state FROM commitment_check WHERE id = :k), NULL, 'the sweep leaves a check whose approval on commitment is to come unflagged');
SELECT is((SELECT count(*)::int FROM case_event WHERE case_id = :b AND kind = 'check_overdue'), 0, 'and records no check_overdue event');
-- 4. nor do the indicators count it overdue
SET LOCAL service_affair.as_of = '2026-10-23 12:00+08';
-- (nor due at all: its due is not known yet, commitment_accountability_closed_month.sql)
SELECT is((SELECT coalesce(sum(overdue), 0)::int FROM commitment_accountability WHERE department = 'KA'), 0,
          'commitment_accountability does not count it overdue before the approval is made');
-- 5. the stage opens on 10-26 and is approved on commitment: due from then
SELECT complete_task((SELECT id FROM task WHERE case_id = :b AND item = 'k_std'), 'approved', '2026-10-26 10:00+08');
SELECT is((SELECT row(status, decision)::text FROM task WHERE case_id = :b AND item = 'k_fast'), row('done', 'approved')::text,
          'stage 2 approved on commitment as it opened');
SELECT is((SELECT due FROM commitment_check WHERE id = :k), shifted_due('2026-10-26', 5, 0, 'cn'),
          'the check is due 5 working days after the approval on commitment');
-- 6. a calendar edit recomputes the due from the approval, not the acceptance
INSERT INTO calendar_day (calendar, day, is_workday, note) VALUES ('cn', '2026-10-28', false, 'test: a day off');
SELECT is((SELECT due FROM commitment_check WHERE id = :k), shifted_due('2026-10-26', 5, 0, 'cn'),
          'a calendar edit counts the due from the approval');
SELECT cmp_ok((SELECT due FROM commitment_check WHERE id = :k), '>', shifted_due('2026-10-26', 4, 0, 'cn'),
          'and the day off moved it a day later');
-- 7. kept the day after the approval: on time
SELECT record_check(:k, 'kept', NULL, '2026-10-27 10:00+08');
SELECT results_eq($$SELECT done_on_time, done_late, overdue FROM commitment_accountability WHERE department = 'KA'$$,
                  $$VALUES (1, 0, 0)$$, 'kept the day after the approval counts as on time');

-- 8. a check whose approval on commitment was made at the acceptance keeps
-- its due from the acceptance, and goes overdue past it
SELECT submit('k_fast', o, ARRAY['form'], 'window', ARRAY['cond'], '2026-10-09 10:00+08') AS f FROM kf \gset
SELECT is((SELECT due FROM commitment_check WHERE case_id = :f), shifted_due('2026-10-09', 5, 0, 'cn'),
          'approved on commitment at the acceptance: due from the acceptance');
-- 9. after the approval, past the new due, the sweep flags the staged check's peer as before
SELECT submit('k_seq', o, ARRAY['form', 'later', 'proof'], 'window', ARRAY['cond'], '2026-10-09 10:00+08') AS b2 FROM kf \gset
SELECT complete_task((SELECT id FROM task WHERE case_id = :b2 AND item = 'k_std'), 'approved', '2026-10-26 10:00+08');
SELECT sla_sweep('2026-11-10 10:00+08');
SELECT is((SELECT sla_state FROM commitment_check WHERE case_id = :b2), 'overdue',
          'past the due counted from the approval, the sweep flags it');

-- 12-15. accepted on a Friday, its stage approved on commitment the next
-- day, a Saturday: the due is the same from either day, yet it runs from the
-- approval (due_from), and a calendar edit making that Saturday a working
-- day counts from it, not from the acceptance.  Review of 2026-12-07:
-- due_from was set only when the due moved, and the edit counted from the
-- acceptance, a day before the approval's due.  13 and 15 fail on the
-- former code.
SELECT submit('k_seq', o, ARRAY['form', 'later', 'proof'], 'window', ARRAY['cond'], '2026-11-06 10:00+08') AS b3 FROM kf \gset
SELECT complete_task((SELECT id FROM task WHERE case_id = :b3 AND item = 'k_std'), 'approved', '2026-11-07 10:00+08');
SELECT is((SELECT due FROM commitment_check WHERE case_id = :b3), shifted_due('2026-11-06', 5, 0, 'cn'),
          'approved on the Saturday after a Friday acceptance: the same due as from the acceptance');
SELECT is((SELECT due_from FROM commitment_check WHERE case_id = :b3), '2026-11-07 10:00+08'::timestamptz,
          'yet the due runs from the approval (due_from)');
INSERT INTO calendar_day (calendar, day, is_workday, note) VALUES ('cn', '2026-11-07', true, 'test: a working Saturday');
SELECT cmp_ok(shifted_due('2026-11-06', 5, 0, 'cn'), '<', shifted_due('2026-11-07', 5, 0, 'cn'),
              'with the Saturday a working day, the acceptance''s due comes before the approval''s');
SELECT is((SELECT due FROM commitment_check WHERE case_id = :b3), shifted_due('2026-11-07', 5, 0, 'cn'),
          'the calendar edit counts the due from the approval');

SELECT * FROM finish();
ROLLBACK;
