-- licence_review lists the cases that relied on a licence of a since-revoked
-- case while it was in force: a case submitted after the licence expired
-- (valid_until before the local day of its submission) could not rely on it,
-- whatever shared its material.  Until 2026-12-07 the window was the issue
-- to the revocation, and a case whose material was shared from other
-- evidence on file after the licence expired was listed (a review).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(8);
\ir licence_fixture.inc
SELECT create_roles();
INSERT INTO material (item, code, name, required, tolerable) VALUES ('lc_reg', 'photo', 'Photo', true, true);
-- business licences of this test are valid for one day after their issue day
UPDATE evidence_type SET validity_days = 1 WHERE code = 'lc_bizlic';

-- r1: approved on Tue 03-03 with the photo tolerated: licence L1, valid until Wed 03-04
SELECT submit('lc_reg', :p, '{form,id}', 'window', '{}', '2026-03-02 10:00+08') AS r1 \gset
SELECT is(pg_temp.decide(:r1, 'approved', '2026-03-03 10:00+08'), 1, 'r1 approved before the photo came');
SELECT is((SELECT valid_until FROM licence WHERE case_id = :r1), '2026-03-04'::date, 'L1 is valid until 03-04');
-- r2, on L1's last day (late in the evening, local time): relies on it
SELECT submit('lc_sign', :p, '{form}', 'window', '{}', '2026-03-04 23:30+08') AS r2 \gset
SELECT is((SELECT initial_status FROM case_material WHERE case_id = :r2 AND material = 'bizlic'), 'shared',
  'r2, on L1''s last day, takes it as shared evidence');
-- the holder's paper licence put on file; r3, the day after L1 expired, is shared by it
INSERT INTO evidence (applicant, evidence_type, reference, valid_until) VALUES (:p, 'lc_bizlic', 'paper BL-1', NULL);
SELECT submit('lc_sign', :p, '{form}', 'window', '{}', '2026-03-05 00:30+08') AS r3 \gset
SELECT is((SELECT initial_status FROM case_material WHERE case_id = :r3 AND material = 'bizlic'), 'shared',
  'r3, after L1 expired, has its material shared from the evidence on file');
-- the sweep revokes r1 (photo never came), and L1 with it
SELECT ok(sla_sweep('2026-03-12 10:00+08') >= 1, 'the sweep runs');
SELECT is((SELECT status FROM licence WHERE case_id = :r1), 'revoked', 'L1 revoked with r1');
SELECT results_eq($$SELECT case_id, revoked_case, material FROM licence_review ORDER BY case_id$$,
  format($$VALUES (%s::bigint, %s::bigint, 'bizlic'::text)$$, :r2, :r1),
  'the case submitted on L1''s last day is listed, the one submitted after it expired not');
-- the local day is the case's calendar's, whatever the session's zone
SET LOCAL TimeZone = 'UTC';
SELECT results_eq($$SELECT case_id FROM licence_review ORDER BY case_id$$, format($$VALUES (%s::bigint)$$, :r2),
  'in a UTC session too: r3 (16:30 UTC on 03-04, 03-05 on the case''s calendar) is not listed');

SELECT * FROM finish();
ROLLBACK;
