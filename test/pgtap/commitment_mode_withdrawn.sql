-- An item's approval on commitment withdrawn from the catalog (approval_mode
-- 'commitment' made 'standard', the regression commitment_off) between the
-- acceptance of a bundle and the opening of that item's stage: the stage
-- opens the standard way (commitment_approve_open() reads the item's mode
-- now) and its reviewers decide.  A hostile review of 2026-12-06: the check
-- opened at the acceptance for that approval stayed open and on_commitment,
-- covering an approval on commitment never made nor to come; broken then
-- revoked the approval the reviewers were to make (or had made) and
-- recorded a serious credit fact for a commitment nobody relied on, and
-- kept counted as a merit of a clean record.  It now stops covering one, as
-- when the applicant's credit no longer allows the approval
-- (commitment_withdraw_approval(), test/pgtap/commitment_stages.sql): with
-- committed materials it stays open for them, without it is waived at the
-- time the stage opened.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(14);
\ir credit_fixture.inc
INSERT INTO bundle (code, name, lead_department) VALUES ('k_seq', 'Standard, then on commitment', 'KA');
INSERT INTO bundle_item (bundle, item, stage) VALUES ('k_seq', 'k_std', 1), ('k_seq', 'k_fast', 2);
INSERT INTO bundle (code, name, lead_department) VALUES ('k_tri', 'Standard, two on commitment', 'KA');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, approval_mode) VALUES
  ('k_fast3', 'Approved on commitment, stage 3', 'KA', 'promised', 20, 5, 'commitment');
INSERT INTO material (item, code, name, required, tolerable, commitment_allowed) VALUES
  ('k_fast3', 'form3', 'Third form', true, false, false);
INSERT INTO bundle_item (bundle, item, stage) VALUES ('k_tri', 'k_std', 1), ('k_tri', 'k_fast', 2), ('k_tri', 'k_fast3', 3);

-- 1. no committed material: the check covers the approval only
SELECT submit('k_seq', p, ARRAY['form', 'later', 'proof', 'cond'], 'window', '{}', '2026-10-09 10:00+08') AS b1 FROM kf \gset
SELECT id AS k1 FROM commitment_check WHERE case_id = :b1 \gset
SELECT is((SELECT row(on_commitment, materials, status)::text FROM commitment_check WHERE id = :k1),
          row(true, '{}'::text[], 'open')::text, 'the check covers the stage-2 approval on commitment only');
UPDATE item SET approval_mode = 'standard' WHERE code = 'k_fast';
SELECT complete_task((SELECT id FROM task WHERE case_id = :b1 AND item = 'k_std'), 'approved', '2026-10-12 10:00+08');
SELECT is((SELECT row(status, decision)::text FROM task WHERE case_id = :b1 AND item = 'k_fast'), row('open', NULL::text)::text,
          'stage 2 opens the standard way: its reviewers decide');
SELECT is((SELECT row(status, checked_at, checked_by)::text FROM commitment_check WHERE id = :k1),
          row('waived', '2026-10-12 10:00+08'::timestamptz, NULL::text)::text,
          'the check, covering no approval on commitment any more, is waived when the stage opened, by no inspector');
SELECT is((SELECT count(*)::int FROM case_event WHERE case_id = :b1 AND kind = 'check_waived' AND (detail->>'check_id')::bigint = :k1), 1,
          'with a check_waived event');
SELECT throws_ok(format($$SELECT record_check(%s, 'broken', 'conditions not met', '2026-10-13 10:00+08')$$, :k1), '55000',
                 format('check %s is closed', :k1), 'broken is refused: there is no approval on commitment to revoke (55000)');
SELECT is((SELECT status FROM cases WHERE id = :b1), 'accepted', 'the case stays in progress, its reviewers to decide');
SELECT is((SELECT count(*)::int FROM credit_event), 0, 'and no credit fact is recorded');

-- 2. a committed material besides: the check stays open for it, no longer on_commitment
UPDATE item SET approval_mode = 'commitment' WHERE code = 'k_fast';
SELECT submit('k_seq', o, ARRAY['form', 'later', 'proof'], 'window', ARRAY['cond'], '2026-10-09 11:00+08') AS b2 FROM kf \gset
SELECT id AS k2 FROM commitment_check WHERE case_id = :b2 \gset
SELECT is((SELECT row(on_commitment, materials, status)::text FROM commitment_check WHERE id = :k2),
          row(true, ARRAY['cond'], 'open')::text, 'a check of a committed material and of the approval');
UPDATE item SET approval_mode = 'standard' WHERE code = 'k_fast';
SELECT complete_task((SELECT id FROM task WHERE case_id = :b2 AND item = 'k_std'), 'approved', '2026-10-12 11:00+08');
SELECT is((SELECT row(on_commitment, status)::text FROM commitment_check WHERE id = :k2), row(false, 'open')::text,
          'the stage opened the standard way: the check stays open for its committed material, no longer on_commitment');

-- 3. an approval on commitment still to come in a later stage keeps the check
UPDATE item SET approval_mode = 'commitment' WHERE code = 'k_fast';
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '330225199001010012', 'Third Person');
SELECT submit('k_tri', (SELECT id FROM applicant WHERE name = 'Third Person'), ARRAY['form', 'later', 'proof', 'cond', 'form3'],
              'window', '{}', '2026-10-09 12:00+08') AS b3 \gset
SELECT id AS k3 FROM commitment_check WHERE case_id = :b3 \gset
SELECT is((SELECT row(on_commitment, items, status)::text FROM commitment_check WHERE id = :k3),
          row(true, ARRAY['k_fast', 'k_fast3'], 'open')::text, 'one check covers the approvals of stages 2 and 3');
UPDATE item SET approval_mode = 'standard' WHERE code = 'k_fast';
SELECT complete_task((SELECT id FROM task WHERE case_id = :b3 AND item = 'k_std'), 'approved', '2026-10-12 12:00+08');
SELECT is((SELECT row(on_commitment, status)::text FROM commitment_check WHERE id = :k3), row(true, 'open')::text,
          'stage 2 opened the standard way; the check stays, stage 3 still to be approved on commitment');
SELECT complete_task((SELECT id FROM task WHERE case_id = :b3 AND item = 'k_fast'), 'approved', '2026-10-13 12:00+08');
SELECT is((SELECT row(status, decision)::text FROM cases WHERE id = :b3), row('concluded', 'approved')::text,
          'stage 3 is approved on commitment as it opens');
SELECT lives_ok(format($$SELECT record_check(%s, 'kept', NULL, '2026-10-14 12:00+08')$$, :k3), 'and its check is recorded');
SELECT is((SELECT status FROM commitment_check WHERE id = :k3), 'kept', 'kept');

SELECT * FROM finish();
ROLLBACK;
