-- Revocation cascade (issue 11): a case revoked by sla_sweep() (tolerated
-- material never supplied) revokes the licence it issued; the cases that
-- relied on it while it was valid are listed for review, not changed.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(10);
\ir licence_fixture.inc
INSERT INTO material (item, code, name, required, tolerable) VALUES ('lc_reg', 'photo', 'Photo', true, true);

SELECT submit('lc_reg', :p, '{form,id}', 'window', '{}', '2026-03-02 10:00+08') AS r1 \gset
SELECT results_eq(format($$SELECT status, tolerated FROM cases WHERE id = %s$$, :r1),
  $$VALUES ('accepted'::text, true)$$, 'accepted with the photo tolerated');
SELECT is(pg_temp.decide(:r1, 'approved', '2026-03-03 10:00+08'), 1, 'approved before the photo came');
SELECT is((SELECT status FROM licence WHERE case_id = :r1), 'valid', 'the licence is issued');
-- a later case relies on it
SELECT submit('lc_sign', :p, '{form}', 'window', '{}', '2026-03-04 10:00+08') AS r2 \gset
SELECT is((SELECT initial_status FROM case_material WHERE case_id = :r2 AND material = 'bizlic'), 'shared',
  'a later case takes the licence as shared evidence');

SELECT ok(sla_sweep('2026-03-12 10:00+08') >= 1, 'the sweep after the tolerance deadline runs');
SELECT results_eq(format($$SELECT c.status, l.status, l.changed_at FROM cases c JOIN licence l ON l.case_id = c.id WHERE c.id = %s$$, :r1),
  $$VALUES ('revoked'::text, 'revoked'::text, '2026-03-12 10:00+08'::timestamptz)$$,
  'sla_sweep revokes the case, and with it the licence it issued');
SELECT is((SELECT count(*) FROM case_event WHERE case_id = :r1 AND kind = 'licence_revoked'), 1::bigint,
  'the licence''s revocation is in the case history');
SELECT results_eq($$SELECT case_id, revoked_case, material FROM licence_review$$,
  format($$VALUES (%s::bigint, %s::bigint, 'bizlic'::text)$$, :r2, :r1), 'the case that relied on it is listed for review');
SELECT is((SELECT status FROM cases WHERE id = :r2), 'accepted', 'and is left as it was');
SELECT is((SELECT status FROM completeness('lc_sign', :p, '{form}', '{}', '2026-03-13 10:00+08') WHERE material = 'bizlic'),
  'missing', 'a revoked licence is no longer evidence');

SELECT * FROM finish();
ROLLBACK;
