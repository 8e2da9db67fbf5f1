-- Intake judges a licence as of the instant it assesses (catalog_entries(),
-- 45_assess.sql; doc/licences.md, "Licences are evidence"): a licence in
-- force then counts, whatever happened to it since, but a revoked one (or
-- one superseded and then annulled by its case's revocation) never does.
-- Until 2026-12-07 only a licence valid now counted: a submission dated
-- before the nightly expire_licences() run, or before the holder's renewal,
-- found no licence at all, and the case was returned for a material the
-- holder had shared at the window (a review).
BEGIN;
SET search_path = service_affair, public;
SET TIME ZONE 'UTC';
SELECT plan(15);
\ir licence_fixture.inc
INSERT INTO material (item, code, name, required, tolerable) VALUES ('lc_reg', 'photo', 'Photo', true, true);
UPDATE evidence_type SET validity_days = 10 WHERE code = 'lc_bizlic';

-- p: a licence whose last day is 2026-08-14, marked expired by the night's run
SELECT submit('lc_reg', :p, '{form,id,photo}', 'window', '{}', '2026-08-03 09:00+08') AS c1 \gset
SELECT is(pg_temp.decide(:c1, 'approved', '2026-08-04 10:00+08'), 1, 'fixture: p''s registration is approved');
SELECT is((SELECT valid_until FROM licence WHERE case_id = :c1), '2026-08-14'::date, 'fixture: its licence ends 2026-08-14');
SELECT ok(expire_licences('2026-08-15 00:05+08') >= 1, 'fixture: the night''s run marks it expired');
SELECT is((SELECT status FROM completeness('lc_sign', :p, '{form}', '{}', '2026-08-14 16:00+08') WHERE material = 'bizlic'),
  'shared', 'a submission on its last day, entered after the night''s run: the licence is shared (missing until 2026-12-07)');
SELECT submit('lc_sign', :p, '{form}', 'window', '{}', '2026-08-14 16:00+08') AS c2 \gset
SELECT is((SELECT x.status || ' ' || cm.initial_status FROM cases x JOIN case_material cm ON cm.case_id = x.id
            WHERE x.id = :c2 AND cm.material = 'bizlic'),
  'accepted shared', '... and submit() accepts it (returned until 2026-12-07)');
SELECT is((SELECT status FROM completeness('lc_sign', :p, '{form}', '{}', '2026-08-15 09:00+08') WHERE material = 'bizlic'),
  'missing', 'the next day it is past its end: missing, as before');

-- q: a licence renewed on 2026-08-10 10:00
SELECT submit('lc_reg', :q, '{form,id,photo}', 'window', '{}', '2026-08-03 09:00+08') AS d1 \gset
SELECT is(pg_temp.decide(:d1, 'approved', '2026-08-03 10:00+08'), 1, 'fixture: q''s registration is approved');
SELECT submit('lc_reg', :q, '{form,id,photo}', 'window', '{}', '2026-08-09 09:00+08') AS d2 \gset
SELECT is(pg_temp.decide(:d2, 'approved', '2026-08-10 10:00+08'), 1, 'fixture: q renews it');
SELECT is((SELECT status FROM completeness('lc_sign', :q, '{form}', '{}', '2026-08-08 09:00+08') WHERE material = 'bizlic'),
  'shared', 'a submission dated before the renewal: the licence then in force is shared (missing until 2026-12-07)');
SELECT is((SELECT status FROM completeness('lc_sign', :q, '{form}', '{}', '2026-08-03 09:30+08') WHERE material = 'bizlic'),
  'missing', 'dated before the first issue: missing, as before');

-- the first licence's case is revoked: the licence was annulled, never in force
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '330225199001010012', 'Third Person');
SELECT id AS r FROM applicant WHERE name = 'Third Person' \gset
SELECT submit('lc_reg', :r, '{form,id}', 'window', '{}', '2026-09-01 09:00+08') AS e1 \gset
SELECT is(pg_temp.decide(:e1, 'approved', '2026-09-01 10:00+08'), 1, 'fixture: r''s registration is approved, the photo tolerated');
SELECT submit('lc_reg', :r, '{form,id,photo}', 'window', '{}', '2026-09-02 09:00+08') AS e2 \gset
SELECT is(pg_temp.decide(:e2, 'approved', '2026-09-03 10:00+08'), 1, 'fixture: r renews it, in full');
SELECT ok(sla_sweep('2026-09-20 10:00+08') >= 1, 'fixture: the sweep revokes the first case (the photo never came)');
SELECT is((SELECT l.status || ' ' || (x.licence_id IS NOT NULL)::text FROM licence l LEFT JOIN licence_annulment x ON x.licence_id = l.id
            WHERE l.case_id = :e1),
  'superseded true', 'fixture: the sweep revokes the first case; its superseded licence is annulled');
SELECT is((SELECT status FROM completeness('lc_sign', :r, '{form}', '{}', '2026-09-02 09:00+08') WHERE material = 'bizlic'),
  'missing', 'a superseded licence whose case was revoked since is no evidence, at any date');

SELECT * FROM finish();
ROLLBACK;
