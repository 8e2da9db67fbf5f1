-- A record of evidence (issue_licence(origin => 'recorded'), behind
-- record_evidence()) does not replace a licence a department issued that is
-- still in force.  "In force" is the one rule (licence_ended(), doc/licences.md
-- "When a licence ends"): the last day over on every calendar.  Until
-- 2026-12-07 (a review of licence_ended()) the record judged it on the
-- case's calendar alone: at 00:40 on 03-05 in UTC+8, with a calendar in UTC,
-- a licence valid until 03-04 that intake, verify_licence() and the run
-- still held in force was superseded by the record, cut short by eight
-- hours.  On the former code assertion 3 fails (and 4 finds it superseded).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(6);
\ir licence_fixture.inc
UPDATE evidence_type SET validity_days = 1 WHERE code = 'lc_bizlic';
INSERT INTO calendar (name, weekmask, timezone) VALUES ('lr_utc', '1111111', 'UTC');

SELECT submit('lc_reg', :p, '{form,id}', 'window', '{}', '2026-03-02 10:00+08') AS r1 \gset
SELECT is(pg_temp.decide(:r1, 'approved', '2026-03-03 10:00+08'), 1, 'r1 approved: L1 issued, valid until 03-04, case on cn (UTC+8)');
SELECT is((SELECT status FROM completeness('lc_sign', :p, '{form}', '{}', '2026-03-05 00:40+08') WHERE material = 'bizlic'), 'shared',
  'at 00:40 on 03-05 (+08) L1 is in force: 03-04 still runs on lr_utc');
SELECT throws_ok(format($$SELECT issue_licence(%s, 'lc_bizlic', '2026-03-05 00:40+08', 'recorded', reference => 'REC-1', valid_until => '2026-12-31')$$, :r1),
  '55000', 'the holder has a licence of type lc_bizlic in force',
  'a record then does not replace L1: in force by the one rule, not judged on the case''s calendar');
SELECT is((SELECT status FROM licence WHERE case_id = :r1 AND origin = 'issued'), 'valid', 'L1 stays valid');
-- once its last day is over on every calendar, a record may renew it
SELECT ok(issue_licence(:r1, 'lc_bizlic', '2026-03-05 08:30+08', 'recorded', reference => 'REC-2', valid_until => '2026-12-31') > 0,
  'at 08:30 on 03-05 (+08), 03-04 over in UTC too, a record renews it');
SELECT is((SELECT status FROM licence WHERE case_id = :r1 AND origin = 'issued'), 'superseded', 'L1 superseded by the record');

SELECT * FROM finish();
ROLLBACK;
