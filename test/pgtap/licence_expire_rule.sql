-- One rule for the end of a licence's validity (licence_ended()): its last
-- day (valid_until, a local day) ends at the end of that day in the zone
-- of the calendar of the case that issued it (licence.calendar), one
-- instant for every reader.  The run (expire_licences()), intake
-- (catalog_entries()), verify_licence() and licence_review judge by it
-- alike.  Until 2026-12-07 the run waited for the day to end on every
-- calendar, intake judged on the item's calendar and verify_licence() on
-- the issuing case's; then, for a day, every reader waited for every
-- calendar: a far-west calendar, even unused, pushed every licence's end
-- back by up to a day, and verify_licence() told a relying party in
-- Beijing that a licence valid until 03-04 was valid on the evening of
-- 03-05 (a second reading).
-- On the every-calendar rule (1493ab2d) assertions 2, 5-9, 11 (run
-- before 20:00 in Beijing, when yesterday there still runs at UTC-12), 13,
-- 14 and 16 (the run at 03-12 marks L1 too) fail.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(21);
\ir licence_fixture.inc
UPDATE evidence_type SET validity_days = 1 WHERE code = 'lc_bizlic';
INSERT INTO calendar (name, weekmask, timezone) VALUES ('lc_utc', '1111111', 'UTC');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, tolerance_days, online, calendar) VALUES
  ('lc_zb', 'Zone B', 'LC_MKT', 'promised', 20, 5, 5, true, 'lc_utc');
INSERT INTO material (item, code, name, required, tolerable, evidence_type) VALUES
  ('lc_zb', 'form',   'Application form', true, false, NULL),
  ('lc_zb', 'bizlic', 'Business licence', true, false, 'lc_bizlic');
CREATE FUNCTION pg_temp.bizlic(service text, applicant bigint, at timestamptz) RETURNS text
LANGUAGE sql AS $f$
  SELECT status FROM service_affair.completeness(service, applicant, '{form}', '{}', at) WHERE material = 'bizlic'
$f$;

SELECT submit('lc_reg', :p, '{form,id}', 'window', '{}', '2026-03-02 10:00+08') AS r1 \gset
SELECT is(pg_temp.decide(:r1, 'approved', '2026-03-03 10:00+08'), 1, 'r1 approved: L1 valid until 03-04, case on cn (UTC+8)');
SELECT is((SELECT to_jsonb(l) ->> 'calendar' FROM licence l WHERE l.case_id = :r1), 'cn', 'L1 carries its issuing case''s calendar');
-- the last second of 03-04 on cn: in force for every reader
SELECT is(pg_temp.bizlic('lc_sign', :p, '2026-03-04 23:59:59+08'), 'shared', 'intake on an item on cn takes L1 at 23:59:59 on 03-04 (+08)');
SELECT is(pg_temp.bizlic('lc_zb', :p, '2026-03-04 23:59:59+08'), 'shared', '... as on the item on lc_utc');
-- A calendar far west, unused, where 03-04 runs until 12:00 on 03-05 UTC:
-- it does not move the end
INSERT INTO calendar (name, weekmask, timezone) VALUES ('lc_west', '1111111', 'Etc/GMT+12');
-- 00:40 on 03-05 in UTC+8 is 16:40 on 03-04 in UTC and 04:40 on 03-04 at UTC-12
SELECT is(pg_temp.bizlic('lc_sign', :p, '2026-03-05 00:40+08'), 'missing',
  'L1 ended at midnight on cn: intake on cn misses it at 00:40 on 03-05 (+08), a far-west calendar notwithstanding');
SELECT is(pg_temp.bizlic('lc_zb', :p, '2026-03-05 00:40+08'), 'missing',
  '... and so does intake on the UTC item, where 03-04 still runs: one instant for every reader');
SELECT is(pg_temp.bizlic('lc_zb', :p, '2026-03-05 19:00+08'), 'missing', '... and at 19:00 on 03-05 (+08)');
SELECT is(expire_licences('2026-03-05 00:00+08'), 1, 'the run marks it expired at that instant: the same rule');
SELECT is((SELECT status FROM licence WHERE case_id = :r1), 'expired', 'L1 expired');
SELECT is(pg_temp.bizlic('lc_sign', :p, '2026-03-04 23:00+08'), 'shared',
  'a submission dated before its end (entered after the run) takes it');

-- verify_licence() by the same rule, at now(): judged on its issuing
-- case's calendar alone, whatever the other calendars.  The Beijing
-- relying party first: a licence of a case on cn valid until yesterday in
-- Beijing is expired now, whatever the hour (before 20:00 in Beijing that
-- day still runs at UTC-12)
SELECT submit('lc_reg', :q, '{form,id}', 'window', '{}', '2026-03-01 10:00+08') AS r2b \gset
SELECT pg_temp.decide(:r2b, 'approved', '2026-03-02 10:00+08') AS d2b \gset
SELECT number AS n2b FROM licence WHERE case_id = :r2b \gset
UPDATE licence SET valid_until = local_day(now(), 'cn') - 1 WHERE case_id = :r2b;
SELECT is(verify_licence(:'n2b', '330225198001010018'), 'expired',
  'verify_licence(): a licence of a case on cn valid until yesterday in Beijing is expired now, a far-west calendar notwithstanding');
UPDATE licence SET valid_until = local_day(now(), 'cn') WHERE case_id = :r2b;
SELECT is(verify_licence(:'n2b', '330225198001010018'), 'valid', '... valid until today in Beijing: valid');
-- a case at UTC+14, the licence's last day today at UTC-12 (already
-- yesterday or before at UTC+14, whatever the hour)
INSERT INTO calendar (name, weekmask, timezone) VALUES ('lc_east', '1111111', 'Etc/GMT-14');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, tolerance_days, online, calendar, output_evidence_type) VALUES
  ('lc_ereg', 'Registration east', 'LC_MKT', 'promised', 20, 5, 5, true, 'lc_east', 'lc_bizlic');
INSERT INTO material (item, code, name, required, tolerable, evidence_type) VALUES
  ('lc_ereg', 'form', 'Application form', true, false, NULL);
SELECT submit('lc_ereg', :q, '{form}', 'window', '{}', '2026-03-02 10:00+08') AS r2 \gset
SELECT pg_temp.decide(:r2, 'approved', '2026-03-03 10:00+08') AS d2 \gset
SELECT number AS n2 FROM licence WHERE case_id = :r2 \gset
UPDATE licence SET valid_until = local_day(now(), 'lc_west') WHERE case_id = :r2;
SELECT is(verify_licence(:'n2', '330225198001010018'), 'expired',
  'verify_licence(): a licence of a case at UTC+14 whose last day is over there is expired, though that day still runs on a far-west calendar');
SELECT is(pg_temp.bizlic('lc_zb', :q, now()), 'missing', '... and intake on a UTC item misses it');

-- the run reads no case: a settled case's licence expires as an open one's
SELECT deliver(:r2, 'window', '2026-03-04 09:00+08') AS v2 \gset
UPDATE licence SET valid_until = '2026-03-10' WHERE case_id = :r2;
SELECT ok(settle_cases('2026-12-01 00:00+08') >= 1, 'the issuing case settles');
SELECT is(expire_licences('2026-03-12 12:00+08'), 1, 'the run marks the licence of the settled case expired');

-- A renewal issued and its case revoked inside the transaction of a
-- submission at now(): the renewal superseded L3 at now() (changed_at), so
-- at now() L3 is no longer in force, and the renewal's licence is revoked
-- (annulled: never relied on); the holder has no licence at now(), as in
-- any later transaction ("Revoking a renewal leaves no valid licence"),
-- and a submission dated before the renewal takes L3.  The rule, not a
-- defect: the same answer as at an instant after now().
UPDATE evidence_type SET validity_days = 365 WHERE code = 'lc_bizlic';
SELECT submit('lc_reg', :o, '{form,id}', 'window', '{}', '2026-11-02 10:00+08') AS r3 \gset
SELECT pg_temp.decide(:r3, 'approved', '2026-11-03 10:00+08') AS d3 \gset
SELECT submit('lc_reg', :o, '{form,id}', 'window', '{}', now()) AS r4 \gset
SELECT pg_temp.decide(:r4, 'approved', now()) AS d4 \gset
UPDATE cases SET status = 'revoked', revoked_at = now() WHERE id = :r4;
SELECT results_eq(format('SELECT status, changed_at = now() FROM licence WHERE case_id IN (%s, %s) ORDER BY case_id', :r3, :r4),
  $$VALUES ('superseded'::text, true), ('revoked', true)$$, 'L3 superseded at now() by the renewal L4, L4 revoked');
SELECT is(pg_temp.bizlic('lc_sign', :o, now()), 'missing', 'at now() the holder has no licence in force');
SELECT is(pg_temp.bizlic('lc_sign', :o, now() - interval '1 second'), 'shared', 'before the renewal, L3 was');

-- A renewal dated ahead (up to an hour, as complete_task() takes) and its
-- case revoked: a submission at the start of its statement (submit()'s
-- now() in a statement of its own) is before the renewal, and L5 was in
-- force then.  Until 2026-12-07 catalog_entries() looked for a licence
-- superseded after the instant only when the valid one was issued after
-- it or a day ended within the hour: the renewal being revoked, no licence
-- was valid, and L5 was missed (unless a calendar's day ended within the
-- hour).  On the former code assertion 21 fails.
SELECT submit('lc_reg', :q, '{form,id}', 'window', '{}', '2026-11-02 10:00+08') AS r5 \gset
SELECT pg_temp.decide(:r5, 'approved', '2026-11-03 10:00+08') AS d5 \gset
SELECT submit('lc_reg', :q, '{form,id}', 'window', '{}', now()) AS r6 \gset
SELECT pg_temp.decide(:r6, 'approved', now() + interval '30 minutes') AS d6 \gset
UPDATE cases SET status = 'revoked', revoked_at = now() + interval '31 minutes' WHERE id = :r6;
SELECT results_eq(format('SELECT status FROM licence WHERE case_id IN (%s, %s) ORDER BY case_id', :r5, :r6),
  $$VALUES ('superseded'::text), ('revoked')$$, 'L5 superseded 30 minutes ahead by L6, L6 revoked');
SELECT is(pg_temp.bizlic('lc_sign', :q, statement_timestamp()), 'shared',
  'a submission at the statement''s start, before the renewal, takes L5');

SELECT * FROM finish();
ROLLBACK;
