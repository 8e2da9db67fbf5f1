-- licence_review judges whether a licence was in force at a case's
-- submission by the rule intake judged it by (licence_ended(): its last day
-- over on the licence's own calendar, its issuing case's), whatever the
-- calendar of the case or of the bundle item whose material names the
-- licence's type.  Until 2026-12-07 the view took the case's calendar and
-- intake the item's: a bundle case whose material was shared by the licence
-- on its last day in its item's zone, already the next day in the case's,
-- was not listed (a review of f1d0d2c1).  On the every-calendar rule
-- (1493ab2d) assertion 5 fails (r5 took L1 after its end on cn).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(7);
\ir licence_fixture.inc
SELECT create_roles();
INSERT INTO material (item, code, name, required, tolerable) VALUES ('lc_reg', 'photo', 'Photo', true, true);
-- business licences of this test are valid for one day after their issue day
UPDATE evidence_type SET validity_days = 1 WHERE code = 'lc_bizlic';
-- a bundle of two items of one stage: its first item's calendar is 'cn'
-- (UTC+8), the other's, asking for the business licence, UTC
INSERT INTO calendar (name, weekmask, timezone) VALUES ('lc_utc', '1111100', 'UTC');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, tolerance_days, online, calendar) VALUES
  ('lc_za', 'Zone A', 'LC_MKT', 'promised', 20, 5, 5, true, 'cn'),
  ('lc_zb', 'Zone B', 'LC_MKT', 'promised', 20, 5, 5, true, 'lc_utc');
INSERT INTO material (item, code, name, required, tolerable, evidence_type) VALUES
  ('lc_za', 'form',   'Application form', true, false, NULL),
  ('lc_zb', 'bizlic', 'Business licence', true, false, 'lc_bizlic');
INSERT INTO bundle (code, name, lead_department) VALUES ('lc_zone', 'Two zones', 'LC_MKT');
INSERT INTO bundle_item (bundle, item, stage) VALUES ('lc_zone', 'lc_za', 1), ('lc_zone', 'lc_zb', 1);

-- r1: approved on Tue 03-03 with the photo tolerated: licence L1, valid until Wed 03-04
SELECT submit('lc_reg', :p, '{form,id}', 'window', '{}', '2026-03-02 10:00+08') AS r1 \gset
SELECT is(pg_temp.decide(:r1, 'approved', '2026-03-03 10:00+08'), 1, 'r1 approved before the photo came');
SELECT is((SELECT valid_until FROM licence WHERE case_id = :r1), '2026-03-04'::date, 'L1 is valid until 03-04');
-- r4 at 23:30 on 03-04 in UTC+8, L1's last day on cn, its issuing case's
-- calendar; r5 at 00:30 on 03-05 in UTC+8, 16:30 on 03-04 in UTC: L1's
-- last day still runs on lc_zb's calendar, but is over on cn
SELECT submit('lc_zone', :p, '{form}', 'window', '{}', '2026-03-04 23:30+08') AS r4 \gset
SELECT submit('lc_zone', :p, '{form}', 'window', '{}', '2026-03-05 00:30+08') AS r5 \gset
SELECT is((SELECT calendar FROM cases WHERE id = :r4), 'cn', 'r4''s calendar is its first item''s, cn');
SELECT is((SELECT initial_status FROM case_material WHERE case_id = :r4 AND material = 'bizlic'), 'shared',
  'r4''s business licence was taken as shared: L1, on its last day');
SELECT is((SELECT initial_status FROM case_material WHERE case_id = :r5 AND material = 'bizlic'), 'missing',
  'r5''s was missing: L1 ended with 03-04 on cn, though that day still runs on lc_zb''s calendar');
-- the sweep revokes r1 (photo never came), and L1 with it
SELECT sla_sweep('2026-03-12 10:00+08') >= 1 AS swept \gset
SELECT is((SELECT status FROM licence WHERE case_id = :r1), 'revoked', 'L1 revoked with r1 (the sweep ran)');
SELECT results_eq($$SELECT case_id, revoked_case, material FROM licence_review ORDER BY case_id$$,
  format($$VALUES (%s::bigint, %s::bigint, 'bizlic'::text)$$, :r4, :r1),
  'r4, which relied on L1 on its last day, is listed; r5 is not');

SELECT * FROM finish();
ROLLBACK;
