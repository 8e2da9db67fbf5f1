-- expire_licences() and catalog_entries() agree on a licence's last day
-- across calendars in different zones: the licence of a case on 'cn'
-- (UTC+8) valid until 03-04 ends at midnight on 03-05 in UTC+8, for an
-- item on a UTC calendar too (16:00 on 03-04 there): the day of its
-- issuing case's calendar (licence.calendar, doc/licences.md "When a
-- licence ends").  Until 2026-12-07 expire_licences() judged it on the
-- issuing case's calendar and intake on the item's: a submission on the UTC
-- item after the run found the licence missing that intake still held in
-- force; then, for a day, both waited for the day to end on every calendar.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(5);
\ir licence_fixture.inc
UPDATE evidence_type SET validity_days = 1 WHERE code = 'lc_bizlic';
INSERT INTO calendar (name, weekmask, timezone) VALUES ('lc_utc', '1111100', 'UTC');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, tolerance_days, online, calendar) VALUES
  ('lc_zb', 'Zone B', 'LC_MKT', 'promised', 20, 5, 5, true, 'lc_utc');
INSERT INTO material (item, code, name, required, tolerable, evidence_type) VALUES
  ('lc_zb', 'form',   'Application form', true, false, NULL),
  ('lc_zb', 'bizlic', 'Business licence', true, false, 'lc_bizlic');

SELECT submit('lc_reg', :p, '{form,id}', 'window', '{}', '2026-03-02 10:00+08') AS r1 \gset
SELECT is(pg_temp.decide(:r1, 'approved', '2026-03-03 10:00+08'), 1, 'r1 approved: licence L1');
SELECT results_eq(format($$SELECT valid_until, (SELECT calendar FROM cases WHERE id = %s) FROM licence WHERE case_id = %s$$, :r1, :r1),
  $$VALUES ('2026-03-04'::date, 'cn'::text)$$, 'L1 is valid until 03-04, issued by a case on cn (UTC+8)');
-- the nightly run at 00:30 on 03-05 in UTC+8: 16:30 on 03-04 on lc_utc
SELECT submit('lc_zb', :p, '{form}', 'window', '{}', '2026-03-05 00:20+08') AS r0 \gset
SELECT expire_licences('2026-03-05 00:30+08') AS n1 \gset
SELECT is((SELECT status FROM licence WHERE case_id = :r1), 'expired',
  'expire_licences() at 00:30 (+08) marks L1 expired, though 03-04 still runs on lc_utc');
SELECT is((SELECT initial_status FROM case_material WHERE case_id = :r0 AND material = 'bizlic'), 'missing',
  'a submission on the UTC item at 00:20 (+08), before the run, found L1 missing: the same end');
SELECT submit('lc_zb', :p, '{form}', 'window', '{}', '2026-03-04 23:50+08') AS r2 \gset
SELECT is((SELECT initial_status FROM case_material WHERE case_id = :r2 AND material = 'bizlic'), 'shared',
  'a submission on the UTC item dated before the end, entered after the run, takes L1 as shared');

SELECT * FROM finish();
ROLLBACK;
