-- The limits of the on-time indicators of complaints (complaint.assign_days,
-- complaint.callback_days) are those in force when the complaint was
-- received, kept on the complaint: a later change of a setting does not
-- rewrite the indicators of months already reported (until 2026-12-05 the
-- view read today's settings, and an edit in December turned October's
-- assignments late or on time after the fact; a review).
--
-- c1, CA, received Monday 2026-11-02 with the defaults (assign 1, call-back 3):
--   assigned Wednesday 11-04 (2 working days: late), replied 11-05,
--   called back Tuesday 11-10 (3 working days: on time)
-- then assign_days 5 and callback_days 0;
-- c2, CA, received Monday 2026-11-16 with them: assigned Wednesday 11-18
--   (on time within 5), replied 11-19, called back Friday 11-20 (late with 0)
BEGIN;
SET search_path = service_affair, public;
SELECT plan(9);
\ir complaint_fixture.inc

CREATE TEMP TABLE ci (c1 bigint, c2 bigint);
DO $$
DECLARE
    p bigint := (SELECT p FROM pg_temp.cf);
    i bigint;
BEGIN
    i := service_affair.receive_complaint('12345', 'complaint', 'c1', '2026-11-02 09:00+08', applicant => p, department => 'CA');
    PERFORM service_affair.assign_complaint(i, 'CA', '2026-11-04 10:00+08');
    PERFORM service_affair.reply_complaint(i, 'r', '2026-11-05 10:00+08');
    PERFORM service_affair.record_complaint_callback(i, true, '2026-11-10 10:00+08');
    INSERT INTO pg_temp.ci (c1) VALUES (i);
END $$;

SELECT is((SELECT (assigned, assigned_on_time_rate, callbacks, callback_on_time_rate)::text
             FROM complaint_indicators WHERE department = 'CA' AND month = '2026-11-01'),
          '(1,0.0000,1,1.0000)', 'defaults: assigned late (2 working days > 1), called back on time (3 <= 3)');

INSERT INTO setting (name, value) VALUES ('complaint.assign_days', '5'), ('complaint.callback_days', '0');

SELECT is((SELECT (assigned, assigned_on_time_rate, callbacks, callback_on_time_rate)::text
             FROM complaint_indicators WHERE department = 'CA' AND month = '2026-11-01'),
          '(1,0.0000,1,1.0000)', 'a later change of the settings leaves the complaint received before it as it was');
SELECT is((SELECT (assigned, assigned_on_time::integer, callbacks, callbacks_on_time)::text
             FROM complaint_facts WHERE department = 'CA'),
          '(t,0,1,1)', 'complaint_facts: the same, per complaint');
SELECT is((SELECT (assigned_on_time_rate, callback_on_time_rate)::text
             FROM complaint_period('2026-11-01', '2026-11-30') WHERE department = 'CA'),
          '(0.0000,1.0000)', 'complaint_period: the same');

DO $$
DECLARE
    p bigint := (SELECT p FROM pg_temp.cf);
    i bigint;
BEGIN
    i := service_affair.receive_complaint('12345', 'complaint', 'c2', '2026-11-16 09:00+08', applicant => p, department => 'CA');
    PERFORM service_affair.assign_complaint(i, 'CA', '2026-11-18 10:00+08');
    PERFORM service_affair.reply_complaint(i, 'r', '2026-11-19 10:00+08');
    PERFORM service_affair.record_complaint_callback(i, true, '2026-11-20 10:00+08');
    UPDATE pg_temp.ci SET c2 = i;
END $$;

SELECT is((SELECT (assign_days, callback_days)::text FROM complaint WHERE id = (SELECT c1 FROM ci)),
          '(,)', 'c1 keeps no count: the settings were unset when it was received (the defaults 1 and 3)');
SELECT is((SELECT (assign_days, callback_days)::text FROM complaint WHERE id = (SELECT c2 FROM ci)),
          '(5,0)', 'c2 keeps the settings in force when it was received');
SELECT is((SELECT (assigned, assigned_on_time_rate, callbacks, callback_on_time_rate)::text
             FROM complaint_indicators WHERE department = 'CA' AND month = '2026-11-01'),
          '(2,0.5000,2,0.5000)', 'each complaint judged by its own limits: c1 late then on time, c2 on time then late');

-- a complaint opened from a bad rating keeps them too
DO $$
DECLARE
    k bigint := (SELECT k FROM pg_temp.cf);
    r bigint;
    i bigint;
BEGIN
    r := service_affair.rate(k, 1, 'online', NULL, '2026-11-20 09:00+08');
    INSERT INTO service_affair.setting (name, value) VALUES ('complaint.assign_days', '7');
    i := service_affair.complaint_from_rating(r, 'from a rating', '2026-11-20 10:00+08');
    UPDATE pg_temp.ci SET c1 = i;
END $$;
SELECT is((SELECT (assign_days, callback_days)::text FROM complaint WHERE id = (SELECT c1 FROM ci)),
          '(7,0)', 'complaint_from_rating() keeps the settings in force at its receipt');
DELETE FROM setting WHERE name IN ('complaint.assign_days', 'complaint.callback_days');
SELECT is((SELECT (assign_days, callback_days)::text FROM complaint WHERE id = (SELECT c2 FROM ci)),
          '(5,0)', 'deleting the settings leaves the counts kept');

SELECT * FROM finish();
ROLLBACK;
