-- verify_licence() tells the strongest fact about a licence: revoked >
-- superseded > expired > valid.  A licence a renewal superseded before its
-- case was revoked stays superseded in the table (the cascade takes valid and
-- expired ones; licence_review lists it), but its decision is annulled: until
-- 2026-12-05 a verifier was told superseded, as of a lawful licence merely
-- renewed (a review).  Revoking the renewal's case leaves the holder no valid
-- licence: the earlier one stays superseded (doc/licences.md, "Revocation
-- cascades").
BEGIN;
SET search_path = service_affair, public;
SELECT plan(12);
\ir licence_fixture.inc
INSERT INTO material (item, code, name, required, tolerable) VALUES ('lc_reg', 'photo', 'Photo', true, true);

-- holder p: r1 approved with the photo tolerated (L1), r2 renews (L2), r1 is revoked
SELECT submit('lc_reg', :p, '{form,id}', 'window', '{}', '2026-03-02 10:00+08') AS r1 \gset
SELECT is(pg_temp.decide(:r1, 'approved', '2026-03-03 10:00+08'), 1, 'r1 approved before the photo came');
SELECT submit('lc_reg', :p, '{form,id,photo}', 'window', '{}', '2026-03-04 10:00+08') AS r2 \gset
SELECT is(pg_temp.decide(:r2, 'approved', '2026-03-05 10:00+08'), 1, 'r2 approved: its licence renews r1''s');
SELECT number AS l1 FROM licence WHERE case_id = :r1 \gset
SELECT number AS l2 FROM licence WHERE case_id = :r2 \gset
SELECT is(verify_licence(:'l1', '11010519491231002X'), 'superseded', 'a renewed licence of a standing case: superseded');

-- holder q: s1 approved in full (M1), s2 renews with the photo tolerated (M2), s2 is revoked
SELECT submit('lc_reg', :q, '{form,id,photo}', 'window', '{}', '2026-03-02 11:00+08') AS s1 \gset
SELECT is(pg_temp.decide(:s1, 'approved', '2026-03-03 11:00+08'), 1, 's1 approved');
SELECT submit('lc_reg', :q, '{form,id}', 'window', '{}', '2026-03-04 11:00+08') AS s2 \gset
SELECT is(pg_temp.decide(:s2, 'approved', '2026-03-05 11:00+08'), 1, 's2 approved before the photo came');
SELECT number AS m1 FROM licence WHERE case_id = :s1 \gset
SELECT number AS m2 FROM licence WHERE case_id = :s2 \gset

-- the sweep revokes r1 and s2 (the photo never came)
SELECT is(sla_sweep('2026-03-12 10:00+08'), 2, 'the sweep revokes r1 and s2');
SELECT results_eq(format($$SELECT c.id, c.status, l.status FROM cases c JOIN licence l ON l.case_id = c.id
                           WHERE c.id IN (%s, %s, %s, %s) ORDER BY c.id$$, :r1, :r2, :s1, :s2),
  format($$VALUES (%s::bigint, 'revoked'::text, 'superseded'::text), (%s, 'concluded', 'valid'),
                  (%s, 'concluded', 'superseded'), (%s, 'revoked', 'revoked')$$, :r1, :r2, :s1, :s2),
  'the table: r1''s licence stays superseded, s2''s is revoked, s1''s stays superseded');
SELECT is(verify_licence(:'l1', '11010519491231002X'), 'revoked',
  'a licence superseded before its case was revoked: revoked, the stronger fact');
SELECT is(verify_licence(:'l2', '11010519491231002X'), 'valid', 'its renewal, of a standing case: valid');
SELECT is(verify_licence(:'m2', '330225198001010018'), 'revoked', 'the revoked renewal: revoked');
SELECT is(verify_licence(:'m1', '330225198001010018'), 'superseded',
  'the licence it had renewed stays superseded: the revocation does not bring it back');
SELECT is((SELECT count(*)::integer FROM licence WHERE holder = :q AND status = 'valid'), 0,
  'holder q has no valid licence of the type');

SELECT * FROM finish();
ROLLBACK;
