-- licence_review lists the cases that relied on a licence whose issuing
-- case was revoked, also when a renewal had superseded the licence before
-- the revocation (the cascade leaves a superseded licence superseded): the
-- window is its issue to its supersession.  Until 2026-12-05 the view read
-- revoked licences only, and such cases were never listed (a review).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(7);
\ir licence_fixture.inc
SELECT create_roles();
CREATE ROLE lr_analyst LOGIN IN ROLE service_affair_analyst;
INSERT INTO material (item, code, name, required, tolerable) VALUES ('lc_reg', 'photo', 'Photo', true, true);

-- r1: approved with the photo tolerated, licence L1
SELECT submit('lc_reg', :p, '{form,id}', 'window', '{}', '2026-03-02 10:00+08') AS r1 \gset
SELECT is(pg_temp.decide(:r1, 'approved', '2026-03-03 10:00+08'), 1, 'r1 approved before the photo came');
-- r2 relies on L1
SELECT submit('lc_sign', :p, '{form}', 'window', '{}', '2026-03-04 10:00+08') AS r2 \gset
SELECT is((SELECT initial_status FROM case_material WHERE case_id = :r2 AND material = 'bizlic'), 'shared',
  'r2 takes L1 as shared evidence');
-- r3 renews: L2 supersedes L1
SELECT submit('lc_reg', :p, '{form,id,photo}', 'window', '{}', '2026-03-05 10:00+08') AS r3 \gset
SELECT is(pg_temp.decide(:r3, 'approved', '2026-03-06 10:00+08'), 1, 'r3 approved');
-- r4 relies on L2, not on L1
SELECT submit('lc_sign', :p, '{form}', 'window', '{}', '2026-03-07 10:00+08') AS r4 \gset
-- the sweep revokes r1 (photo never came)
SELECT ok(sla_sweep('2026-03-12 10:00+08') >= 1, 'the sweep runs');
SELECT results_eq(format($$SELECT c.status, l.status FROM cases c JOIN licence l ON l.case_id = c.id WHERE c.id = %s$$, :r1),
  $$VALUES ('revoked'::text, 'superseded'::text)$$, 'r1 revoked; its licence, superseded before, stays superseded');
SELECT results_eq($$SELECT case_id, revoked_case, revoked_at, material FROM licence_review ORDER BY case_id$$,
  format($$VALUES (%s::bigint, %s::bigint, '2026-03-12 10:00+08'::timestamptz, 'bizlic'::text)$$, :r2, :r1),
  'the case that relied on the superseded licence of the revoked case is listed, the one relying on its renewal not');
-- analysts read it too
SET ROLE lr_analyst;
SELECT is((SELECT count(*) FROM licence_review), 1::bigint, 'analysts see the row');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
