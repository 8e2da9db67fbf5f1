-- The credit record: a fact dated after today (record_credit_event() with a
-- later at, a sanction another system reports ahead of its start) is not
-- "recent" before it begins: it neither counts nor keeps the subject off
-- grade A until its first day.  Hostile pass of 2026-12-02: it made the
-- grade B at once.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(6);
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

SELECT * FROM finish();
ROLLBACK;
