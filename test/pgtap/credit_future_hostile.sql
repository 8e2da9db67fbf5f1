-- The credit record: a fact dated after today (record_credit_event() with a
-- later at, a sanction another system reports ahead of its start) is not
-- "recent" before it begins: it neither counts nor keeps the subject off
-- grade A until its first day.  Hostile pass of 2026-12-02: it made the
-- grade B at once.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(16);
\ir credit_fixture.inc
INSERT INTO setting (name, value, description) VALUES ('credit.duration_years', '1', 'facts count one year');

SELECT ok(record_credit_event('91110000600037341L', 'minor', 'sanction starting next summer', '2027-06-01 10:00+08') > 0,
  'a minor fact dated 2027-06-01 is recorded (today is 2026-11-20)');
SELECT results_eq($$SELECT in_force, recent FROM credit_event_status WHERE subject = '91110000600037341L'$$,
  $$VALUES (false, false)$$, 'before its first day it is neither in force nor recent');
SELECT is((SELECT row(credit_ok, risk)::text FROM credit_profile WHERE subject = '91110000600037341L'),
  row(true, 'A')::text, 'the subject keeps grade A until then');
SET LOCAL service_affair.as_of = '2027-06-02 12:00+08';
SELECT results_eq($$SELECT in_force, recent FROM credit_event_status WHERE subject = '91110000600037341L'$$,
  $$VALUES (true, true)$$, 'from its first day it is in force and recent');
SELECT is((SELECT row(credit_ok, risk)::text FROM credit_profile WHERE subject = '91110000600037341L'),
  row(true, 'B')::text, 'one minor fact in force: grade B');
SET LOCAL service_affair.as_of = '2028-07-01 12:00+08';
SELECT is((SELECT row(credit_ok, risk)::text FROM credit_profile WHERE subject = '91110000600037341L'),
  row(true, 'B')::text, 'expired (one year), it keeps the subject off grade A for the clean window');

-- merits dated after today (kept commitments recorded ahead) earn no clean bonus yet
SET LOCAL service_affair.as_of = '2026-11-20 12:00+08';
INSERT INTO target (uscc, name, risk) VALUES ('91110000600037341L', 'Credit Org', 'B');
SELECT submit('k_std', o, ARRAY['form', 'later'], 'window', ARRAY['proof'], '2026-10-09 10:00+08') AS o1 FROM kf \gset
SELECT submit('k_other', o, ARRAY['form'], 'window', ARRAY['proof'], '2026-10-09 10:00+08') AS o2 FROM kf \gset
SELECT record_check(id, 'kept', NULL, '2027-01-10 10:00+08') FROM commitment_check WHERE case_id IN (:o1, :o2);
SELECT is((SELECT count(*)::int FROM commitment_check WHERE case_id IN (:o1, :o2) AND status = 'kept'), 2,
  'two commitments kept, recorded as of 2027-01-10');
SELECT is((SELECT credit_risk FROM target WHERE uscc::text = '91110000600037341L'), 'B',
  'before that day they earn no clean bonus: the grade stays the hand-set B');
SET LOCAL service_affair.as_of = '2027-01-11 12:00+08';
SELECT credit_refresh_targets(now()) >= 0 AS refreshed;
SELECT is((SELECT credit_risk FROM target WHERE uscc::text = '91110000600037341L'), 'A',
  'from that day the clean record improves it to A');

-- an as_of in the first years of timestamps: the record's windows count
-- back credit.clean_years from its day (until 2026-12-06: 22008
-- 'timestamp out of range' from every read of the record)
SET LOCAL service_affair.as_of = '4713-01-01 00:00+00 BC';
SELECT throws_ok('SELECT grade FROM credit_standing', '22023', 'service_affair.as_of is too early',
  'credit_standing as of 4713 BC: 22023, not 22008');
SELECT throws_ok('SELECT risk FROM credit_profile', '22023', 'service_affair.as_of is too early',
  '... credit_profile too');
SET LOCAL service_affair.as_of = '0001-01-02 00:00+00';
SELECT lives_ok('SELECT grade FROM credit_standing', 'as of the year 1: read');
-- and at the other end: an as_of whose day in calendar cn is past
-- 294276-12-31, the last date a timestamp holds (until the evening of
-- 2026-12-06: 22008 'date out of range for timestamp' from every read of
-- the record); refused from 9000-01-01 00:00 UTC on, as recorded times are
SET LOCAL service_affair.as_of = '294276-12-31 20:00+00';
SELECT throws_ok('SELECT grade FROM credit_standing', '22023', 'service_affair.as_of is too late',
  'credit_standing as of the last hours of timestamps: 22023, not 22008');
SELECT throws_ok('SELECT * FROM credit_event_status', '22023', 'service_affair.as_of is too late',
  '... credit_event_status too');
SET LOCAL service_affair.as_of = '9000-01-01 00:00+00';
SELECT throws_ok('SELECT grade FROM credit_standing', '22023', 'service_affair.as_of is too late',
  'as of 9000-01-01 00:00 UTC: 22023, the ceiling of recorded times');
SET LOCAL service_affair.as_of = '8999-12-31 23:00+00';
SELECT lives_ok('SELECT grade FROM credit_standing', 'as of the last hour before it: read');
RESET service_affair.as_of;

SELECT * FROM finish();
ROLLBACK;
