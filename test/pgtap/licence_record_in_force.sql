-- A record of evidence (issue_licence(origin => 'recorded'), behind
-- record_evidence()) does not replace a licence a department issued that is
-- still in force.  "In force" is the one rule (licence_ended(), doc/licences.md
-- "When a licence ends"): the last day not over on the licence's own
-- calendar (its issuing case's).  Until 2026-12-07 (a review of
-- licence_ended()) the record judged it on the recording case's calendar;
-- then, for a day, on every calendar: with a calendar in UTC a licence of a
-- case on cn valid until 03-04 was still held in force at 00:40 on 03-05
-- (+08), and a record refused.  On the every-calendar rule (1493ab2d)
-- assertion 2 fails and the record of assertion 5 raises 55000.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(6);
\ir licence_fixture.inc
UPDATE evidence_type SET validity_days = 1 WHERE code = 'lc_bizlic';
INSERT INTO calendar (name, weekmask, timezone) VALUES ('lr_utc', '1111111', 'UTC');

SELECT submit('lc_reg', :p, '{form,id}', 'window', '{}', '2026-03-02 10:00+08') AS r1 \gset
SELECT is(pg_temp.decide(:r1, 'approved', '2026-03-03 10:00+08'), 1, 'r1 approved: L1 issued, valid until 03-04, case on cn (UTC+8)');
SELECT is((SELECT status FROM completeness('lc_sign', :p, '{form}', '{}', '2026-03-05 00:40+08') WHERE material = 'bizlic'), 'missing',
  'at 00:40 on 03-05 (+08) L1 has ended on cn, though 03-04 still runs on lr_utc');
SELECT throws_ok(format($$SELECT issue_licence(%s, 'lc_bizlic', '2026-03-04 23:59+08', 'recorded', reference => 'REC-1', valid_until => '2026-12-31')$$, :r1),
  '55000', 'the holder has a licence of type lc_bizlic in force',
  'at 23:59 on 03-04 (+08) a record does not replace L1: in force on its calendar');
SELECT is((SELECT status FROM licence WHERE case_id = :r1 AND origin = 'issued'), 'valid', 'L1 stays valid');
-- once its last day is over on its calendar, a record may renew it
SELECT ok(issue_licence(:r1, 'lc_bizlic', '2026-03-05 00:40+08', 'recorded', reference => 'REC-2', valid_until => '2026-12-31') > 0,
  'at 00:40 on 03-05 (+08), 03-04 over on cn (not in UTC), a record renews it');
SELECT is((SELECT status FROM licence WHERE case_id = :r1 AND origin = 'issued'), 'superseded', 'L1 superseded by the record');

SELECT * FROM finish();
ROLLBACK;
