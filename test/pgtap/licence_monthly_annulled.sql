-- licence_monthly.revoked counts the licences of a case revoked in the
-- month, also one a renewal had superseded before the revocation (recorded
-- in licence_annulment; verify_licence() tells it revoked, licence_review
-- lists it).  Until 2026-12-07 the view counted status = 'revoked' only, and
-- such a licence was no revocation (a review): assertion 4 fails on the
-- former code (revoked 0).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(4);
\ir licence_fixture.inc
INSERT INTO material (item, code, name, required, tolerable) VALUES ('lc_reg', 'photo', 'Photo', true, true);

-- r1: approved with the photo tolerated, licence L1; r3 renews it (L2)
SELECT submit('lc_reg', :p, '{form,id}', 'window', '{}', '2026-03-02 10:00+08') AS r1 \gset
SELECT is(pg_temp.decide(:r1, 'approved', '2026-03-03 10:00+08'), 1, 'r1 approved before the photo came');
SELECT submit('lc_reg', :p, '{form,id,photo}', 'window', '{}', '2026-03-05 10:00+08') AS r3 \gset
SELECT is(pg_temp.decide(:r3, 'approved', '2026-03-06 10:00+08'), 1, 'r3 approved: L2 supersedes L1');
-- the sweep revokes r1 (photo never came); L1 stays superseded, annulled
SELECT sla_sweep('2026-03-12 10:00+08') AS swept \gset
SELECT results_eq(format($$SELECT c.status, l.status, EXISTS (SELECT FROM licence_annulment x WHERE x.licence_id = l.id)
                             FROM cases c JOIN licence l ON l.case_id = c.id WHERE c.id = %s$$, :r1),
  $$VALUES ('revoked'::text, 'superseded'::text, true)$$, 'fixture: r1 revoked, its licence superseded and annulled');
SELECT results_eq($$SELECT month, issued, renewed, revoked FROM licence_monthly
                     WHERE evidence_type = (SELECT evidence_type FROM licence WHERE case_id = $$ || :r1 || $$)$$,
  $$VALUES ('2026-03-01'::date, 1::bigint, 1::bigint, 1::bigint)$$,
  'licence_monthly counts the annulled superseded licence as revoked in the month of the revocation');

SELECT * FROM finish();
ROLLBACK;
