-- 告知承诺 is never for an applicant with an earlier false commitment
-- (DOMAIN.md, "Acceptance"), whatever item.credit_check says: credit_check
-- governs the rest of the record (容缺, other facts), not a broken commitment
-- in force.  Review of 2026-12-07: with credit_check false an applicant
-- whose commitment_broken fact was in force committed on the item and was
-- approved on commitment.  Assertions 1, 3, 4, 5 and 6 fail on the former code.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(11);
\ir credit_fixture.inc
UPDATE item SET credit_check = false WHERE code IN ('k_std', 'k_fast');

-- the organisation breaks a commitment (serious fact in force)
SELECT submit('k_fast', o, ARRAY['form'], 'window', ARRAY['cond'], '2026-10-09 10:00+08') AS f1 FROM kf \gset
SELECT record_check((SELECT id FROM commitment_check WHERE case_id = :f1), 'broken', 'conditions not met', '2026-10-21 10:00+08');

SELECT is((SELECT status FROM completeness('k_std', (SELECT o FROM kf), ARRAY['form', 'later'], ARRAY['proof'], '2026-10-22 10:00+08') WHERE material = 'proof'),
          'missing', 'credit_check false: a broken commitment in force still bars commitments');
SELECT is((SELECT status FROM completeness('k_std', (SELECT o FROM kf), ARRAY['form', 'proof'], '{}', '2026-10-22 10:00+08') WHERE material = 'later'),
          'tolerated', 'credit_check false still governs 容缺: the record does not bar it');
SELECT submit('k_std', o, ARRAY['form', 'later'], 'window', ARRAY['proof'], '2026-10-22 10:00+08') AS r1 FROM kf \gset
SELECT is((SELECT status FROM cases WHERE id = :r1), 'returned', 'submit does not accept the commitment: the case is returned');
SELECT is((SELECT count(*)::int FROM case_material WHERE case_id = :r1 AND initial_status = 'committed'), 0, 'and nothing is recorded as committed');
SELECT submit('k_fast', o, ARRAY['form', 'cond'], 'window', '{}', '2026-10-22 10:00+08') AS f2 FROM kf \gset
SELECT is((SELECT status FROM cases WHERE id = :f2), 'accepted', 'an item approved on commitment goes the standard way');
SELECT is((SELECT count(*)::int FROM commitment_check WHERE case_id = :f2), 0, 'and gets no check (no approval on commitment)');
SELECT throws_ok($$SELECT * FROM completeness('k_std', (SELECT o FROM kf), ARRAY['form'], ARRAY['proof', 'nosuch'], '2026-10-22 10:00+08')$$,
  '22023', NULL, 'an unknown commitment code is still refused');

-- another serious fact (not a broken commitment): credit_check false decides
SELECT record_credit_event('11010519491231002X', 'serious', 'sanction reported by another system', '2026-10-21 10:00+08');
SELECT is((SELECT status FROM completeness('k_std', (SELECT p FROM kf), ARRAY['form', 'later'], ARRAY['proof'], '2026-10-22 10:00+08') WHERE material = 'proof'),
          'committed', 'credit_check false: a fact other than a broken commitment does not bar commitments');
UPDATE item SET credit_check = true WHERE code = 'k_std';
SELECT is((SELECT status FROM completeness('k_std', (SELECT p FROM kf), ARRAY['form', 'later'], ARRAY['proof'], '2026-10-22 10:00+08') WHERE material = 'proof'),
          'missing', 'credit_check true: it does');
UPDATE item SET credit_check = false WHERE code = 'k_std';

-- repaired (信用修复): the fact no longer counts, commitments are open again
SELECT repair_credit_event((SELECT credit_event FROM commitment_check WHERE case_id = :f1), 'conditions met and verified', '2026-11-10 10:00+08');
SELECT is((SELECT status FROM completeness('k_std', (SELECT o FROM kf), ARRAY['form', 'later'], ARRAY['proof'], '2026-11-11 10:00+08') WHERE material = 'proof'),
          'committed', 'once the fact is repaired the applicant commits again');
-- a manual block still blocks whatever
UPDATE applicant SET credit_ok = false WHERE id = (SELECT o FROM kf);
SELECT is((SELECT status FROM completeness('k_std', (SELECT o FROM kf), ARRAY['form', 'later'], ARRAY['proof'], '2026-11-11 10:00+08') WHERE material = 'proof'),
          'missing', 'the manual flag blocks whatever');

SELECT * FROM finish();
ROLLBACK;
