-- One rule for the end of a licence's validity (licence_ended()): its last
-- day (valid_until, a local day) has ended on every calendar.  The run
-- (expire_licences()), intake (catalog_entries()), verify_licence() and
-- licence_review judge by it alike.  Until 2026-12-07 the run waited for the
-- day to end on every calendar, intake judged on the item's calendar and
-- verify_licence() on the issuing case's: at 00:40 on 03-05 in UTC+8 a
-- licence valid until 03-04 was left valid by the run (03-04 still runs in
-- UTC) but missing at intake on an item on 'cn', and told expired by
-- verify_licence() for a case on a calendar east of another.
-- On the former code assertions 2, 10 and 11 fail.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(18);
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
-- 00:40 on 03-05 in UTC+8 is 16:40 on 03-04 in UTC: L1 has not ended
SELECT is(pg_temp.bizlic('lc_sign', :p, '2026-03-05 00:40+08'), 'shared',
  'intake on an item on cn takes L1 at 00:40 on 03-05 (+08): its last day still runs on lc_utc');
SELECT is(pg_temp.bizlic('lc_zb', :p, '2026-03-05 00:40+08'), 'shared', '... as on the item on lc_utc');
SELECT is(expire_licences('2026-03-05 00:40+08'), 0, 'and the run then leaves it valid: the same rule');
-- 08:30 on 03-05 in UTC+8 is 00:30 on 03-05 in UTC: ended on every calendar
SELECT is(pg_temp.bizlic('lc_sign', :p, '2026-03-05 08:30+08'), 'missing', 'once ended on every calendar intake on cn misses it');
SELECT is(pg_temp.bizlic('lc_zb', :p, '2026-03-05 08:30+08'), 'missing', '... as on lc_utc');
SELECT is(expire_licences('2026-03-05 08:30+08'), 1, 'and the run marks it expired then');

-- A calendar added later, in a zone where 03-04 still runs, does not bring
-- it back: the expiry is recorded (a status moves only away from valid)
INSERT INTO calendar (name, weekmask, timezone) VALUES ('lc_west', '1111111', 'Etc/GMT+12');
SELECT is((SELECT status FROM licence WHERE case_id = :r1), 'expired', 'a calendar added later leaves L1 expired');
SELECT is(pg_temp.bizlic('lc_sign', :p, '2026-03-05 08:40+08'), 'missing', '... and intake after the run misses it');
SELECT is(pg_temp.bizlic('lc_sign', :p, '2026-03-05 07:50+08'), 'shared',
  '... while a submission on cn dated before the run, 03-04 still running in UTC, takes it');

-- verify_licence() by the same rule, at now(): a case on a calendar at
-- UTC+14, a licence whose last day is today at UTC-12 (already yesterday
-- or before at UTC+14): in force, as intake on an item at UTC-12 has it
INSERT INTO calendar (name, weekmask, timezone) VALUES ('lc_east', '1111111', 'Etc/GMT-14');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, tolerance_days, online, calendar, output_evidence_type) VALUES
  ('lc_ereg', 'Registration east', 'LC_MKT', 'promised', 20, 5, 5, true, 'lc_east', 'lc_bizlic');
INSERT INTO material (item, code, name, required, tolerable, evidence_type) VALUES
  ('lc_ereg', 'form', 'Application form', true, false, NULL);
SELECT submit('lc_ereg', :q, '{form}', 'window', '{}', '2026-03-02 10:00+08') AS r2 \gset
SELECT pg_temp.decide(:r2, 'approved', '2026-03-03 10:00+08') AS d2 \gset
UPDATE licence SET valid_until = local_day(now(), 'lc_west') WHERE case_id = :r2;
SELECT number AS n2 FROM licence WHERE case_id = :r2 \gset
SELECT is(verify_licence(:'n2', '330225198001010018'), 'valid',
  'verify_licence(): a licence whose last day still runs on a calendar is valid, whatever its case''s calendar');

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
-- hour).  On the former code assertion 18 fails.
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
