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
-- In force is intake's rule (catalog_entries()): valid, or marked expired
-- or superseded only after the record's instant, not annulled.  Until
-- 2026-12-07 only a valid licence counted (a second read): a record dated
-- before the night's expire_licences() run (dated ahead) or before the
-- department's renewal replaced the licence in force then.  On that code
-- assertions 8 and 10 fail.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(10);
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


-- holder q: M1 valid until 03-04, marked expired by a run dated 03-05 00:10 (+08)
SELECT submit('lc_reg', :q, '{form,id}', 'window', '{}', '2026-03-02 10:00+08') AS s1 \gset
SELECT is(pg_temp.decide(:s1, 'approved', '2026-03-03 10:00+08'), 1, 's1 approved: M1 issued, valid until 03-04');
SELECT expire_licences('2026-03-05 00:10+08') AS n \gset
SELECT throws_ok(format($$SELECT issue_licence(%s, 'lc_bizlic', '2026-03-04 23:59+08', 'recorded', reference => 'REC-3', valid_until => '2026-12-31')$$, :s1),
  '55000', 'the holder has a licence of type lc_bizlic in force',
  'at 23:59 on 03-04 a record does not replace M1, in force then though marked expired from 00:10 (before: recorded)');
-- M1 renewed by its department's decision of 03-04 12:00: in force until then
SELECT submit('lc_reg', :q, '{form,id}', 'window', '{}', '2026-03-04 09:00+08') AS s2 \gset
SELECT is(pg_temp.decide(:s2, 'approved', '2026-03-04 12:00+08'), 1, 's2 approved: M2 supersedes M1 from 03-04 12:00');
SELECT throws_ok(format($$SELECT issue_licence(%s, 'lc_bizlic', '2026-03-04 11:00+08', 'recorded', reference => 'REC-4', valid_until => '2026-12-31')$$, :s1),
  '55000', 'the holder has a licence of type lc_bizlic in force',
  'at 11:00 on 03-04 a record does not replace M1, superseded only from 12:00 (before: recorded)');

SELECT * FROM finish();
ROLLBACK;
