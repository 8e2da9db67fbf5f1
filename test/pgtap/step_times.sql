-- Every step of a case, task, rating or complaint has happened when it is
-- recorded (refuse_future_outcome(), 56_credit.sql): in a session whose user
-- is not a superuser a time more than an hour ahead is refused with 22023,
-- as the outcomes were before.  Until 2026-12-04 (a review) the writers of
-- the lifecycle took any time: a reviewer's approval dated a year ahead
-- issued a licence that was valid evidence at once, a close of a bad
-- rating's rectification dated ten days ahead counted as on time the day it
-- was written, a rating dated in 2999 could never be called back.  Ten
-- minutes ahead (a client clock a little fast) is taken; a superuser's
-- session (a simulation, data from paper) dates freely.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(30);
SELECT create_roles();
INSERT INTO department (code, name, region) VALUES ('ST', 'Step times', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, online) VALUES
  ('st_p', 'Promised', 'ST', 'promised', 20, 5, true);
INSERT INTO material (item, code, name, required) VALUES ('st_p', 'form', 'Form', true);
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Step Person');
CREATE ROLE st_clerk LOGIN IN ROLE service_affair_clerk;
CREATE ROLE st_rev LOGIN IN ROLE service_affair_reviewer;
CREATE ROLE st_admin LOGIN IN ROLE service_affair_admin;
INSERT INTO staff (login, department) VALUES ('st_clerk', 'ST'), ('st_rev', 'ST');
GRANT USAGE ON SCHEMA public TO st_clerk, st_rev, st_admin;  -- pgTAP's functions

-- as the superuser: four cases accepted two days ago, one concluded and
-- badly rated yesterday
CREATE TEMP TABLE k AS
SELECT submit('st_p', a.id, '{form}', 'window', '{}', now() - interval '2 days') AS c1,
       submit('st_p', a.id, '{form}', 'window', '{}', now() - interval '2 days') AS c2,
       submit('st_p', a.id, '{form}', 'window', '{}', now() - interval '2 days') AS c3,
       submit('st_p', a.id, '{form}', 'window', '{}', now() - interval '2 days') AS c4,
       a.id AS a
  FROM applicant a WHERE a.name = 'Step Person';
SELECT complete_task(t.id, 'approved', now() - interval '1 day')
  FROM task t JOIN k ON t.case_id = k.c4;
SELECT rate(c4, 1, 'online', 'slow', now() - interval '20 hours') AS r4 FROM k \gset
SELECT c1, c2, c3, c4 FROM k \gset
SELECT id AS t1 FROM task WHERE case_id = :c1 \gset
GRANT SELECT ON k TO st_clerk, st_rev, st_admin;

-- ------------------------------------------------------------ a clerk
SET SESSION AUTHORIZATION st_clerk;
SET search_path = service_affair, public;
SELECT throws_ok($$SELECT submit('st_p', '11010519491231002X', '{form}', 'window', '{}', now() + interval '1 year')$$,
  '22023', 'at is in the future', 'a submission dated a year ahead: 22023');
SELECT throws_ok(format($$SELECT withdraw(%s, now() + interval '2 hours')$$, :c2), '22023',
  'at is in the future', 'a withdrawal dated two hours ahead: 22023');
SELECT throws_ok(format($$SELECT record_visit(%s, now() + interval '3 days')$$, :c2), '22023',
  'at is in the future', 'a visit dated three days ahead: 22023');
SELECT throws_ok(format($$SELECT rate(%s, 5, 'online', NULL, '2999-01-01 10:00+08')$$, :c3), '22023',
  'at is in the future', 'a rating dated in 2999: 22023');
SELECT throws_ok(format($$SELECT complaint_from_rating(%s, NULL, '2100-01-01 10:00+08')$$, :r4), '22023',
  'at is in the future', 'a complaint from a rating dated in 2100: 22023');
SELECT throws_ok($$SELECT receive_complaint('12345', 'complaint', 'rude at the window', now() + interval '1 day', department => 'ST')$$,
  '22023', 'at is in the future', 'a complaint received tomorrow: 22023');
SELECT lives_ok(format($$SELECT rate(%s, 4, 'online', NULL, now() + interval '10 minutes')$$, :c3),
  'a rating ten minutes ahead (a clock a little fast): recorded');
SELECT lives_ok(format($$SELECT withdraw(%s)$$, :c2), 'a withdrawal dated now: recorded');
RESET SESSION AUTHORIZATION;
SET search_path = service_affair, public;
SELECT is((SELECT count(*)::int FROM rating WHERE case_id = :c3), 1, 'one rating of case c3: the refused one left no row');
SELECT is((SELECT count(*)::int FROM complaint WHERE department = 'ST' OR rating_id = :r4), 0, 'no complaint written');

-- ------------------------------------------------------------ a reviewer
SET SESSION AUTHORIZATION st_rev;
SET search_path = service_affair, public;
SELECT throws_ok($$SELECT claim_task('ST', 'rev', now() + interval '1 day')$$, '22023',
  'at is in the future', 'a claim dated tomorrow: 22023');
SELECT throws_ok(format($$SELECT complete_task(%s, 'approved', now() + interval '1 year')$$, :t1), '22023',
  'at is in the future', 'an approval dated a year ahead: 22023');
SELECT throws_ok(format($$SELECT suspend(%s, 'expert review', now() + interval '5 days')$$, :t1), '22023',
  'at is in the future', 'a suspension dated five days ahead: 22023');
SELECT throws_ok(format($$SELECT record_callback(%s, now() + interval '2 days')$$, :r4), '22023',
  'at is in the future', 'a call-back dated two days ahead: 22023');
SELECT throws_ok(format($$SELECT close_rectification(%s, 'will be done', now() + interval '10 days')$$, :r4), '22023',
  'at is in the future', 'a close of the rectification dated ten days ahead: 22023');
SELECT lives_ok(format($$SELECT record_callback(%s)$$, :r4), 'a call-back dated now: recorded');
RESET SESSION AUTHORIZATION;
SET search_path = service_affair, public;
SELECT is((SELECT status FROM task WHERE id = :t1), 'open', 'the refused approval left the task open');
SELECT is((SELECT closed_at FROM rectification WHERE rating_id = :r4), NULL, 'the rectification is not closed');
SELECT ok((SELECT rectified_on_time IS NOT TRUE FROM satisfaction_facts WHERE rating_id = :r4),
  'and the analysts'' view does not count it rectified on time');

-- ------------------------------------------------------------ an administrator
SET SESSION AUTHORIZATION st_admin;
SET search_path = service_affair, public;
SELECT throws_ok(format($$SELECT appeal_rating(%s, 'malicious', now() + interval '1 day')$$, :r4), '22023',
  'at is in the future', 'an appeal dated tomorrow: 22023');
RESET SESSION AUTHORIZATION;
SET search_path = service_affair, public;

-- the detail names the time and now
SET SESSION AUTHORIZATION st_rev;
SET search_path = service_affair, public;
CREATE FUNCTION pg_temp.detail_of(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE d text;
BEGIN
    EXECUTE q;
    RETURN NULL;
EXCEPTION WHEN invalid_parameter_value THEN
    GET STACKED DIAGNOSTICS d = PG_EXCEPTION_DETAIL;
    RETURN d;
END $$;
SELECT matches(pg_temp.detail_of(format($$SELECT complete_task(%s, 'approved', '2999-01-01 10:00+08')$$, :t1)),
  '^at 2999-01-01 .* is more than an hour after now \(.*\): what is recorded has happened',
  'the detail names the time given and now');
RESET SESSION AUTHORIZATION;
SET search_path = service_affair, public;

-- ------------------------------------------------------------ a superuser's session dates freely
SELECT lives_ok(format($$SELECT complete_task(%s, 'approved', now() + interval '1 day')$$, :t1),
  'the superuser''s session records an approval dated tomorrow (data from paper, a simulation)');
SELECT lives_ok(format($$SELECT close_rectification(%s, 'fixed', now() + interval '2 days')$$, :r4),
  'and a close dated two days ahead');

-- a licence dated ahead (so written) is no evidence and no valid licence yet
INSERT INTO evidence_type (code, name) VALUES ('st_lic', 'Step licence');
UPDATE item SET output_evidence_type = 'st_lic' WHERE code = 'st_p';
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit) VALUES
  ('st_q', 'Needs the licence', 'ST', 'promised', 20, 5);
INSERT INTO material (item, code, name, required, evidence_type) VALUES ('st_q', 'lic', 'Step licence', true, 'st_lic');
-- a licence issued yesterday is evidence from its issue on, not for a
-- submission dated before it (until 2026-12-04 it was: licence_review then
-- missed the case when the licence was revoked)
SELECT submit('st_p', a.id, '{form}', 'window', '{}', now() - interval '3 days') AS c6
  FROM applicant a WHERE a.name = 'Step Person' \gset
SELECT complete_task(t.id, 'approved', now() - interval '1 day') FROM task t WHERE t.case_id = :c6;
SELECT is((SELECT status FROM completeness('st_q', (SELECT id FROM applicant WHERE name = 'Step Person'), '{}', '{}', now())
            WHERE material = 'lic'), 'shared', 'the licence issued yesterday is evidence today');
SELECT is((SELECT status FROM completeness('st_q', (SELECT id FROM applicant WHERE name = 'Step Person'), '{}', '{}', now() - interval '10 days')
            WHERE material = 'lic'), 'missing', 'but not for a submission dated ten days ago');
SELECT submit('st_q', a.id, '{}', 'window', '{}', now() - interval '10 days') AS c7
  FROM applicant a WHERE a.name = 'Step Person' \gset
SELECT is((SELECT initial_status FROM case_material WHERE case_id = :c7 AND material = 'lic'), 'missing',
  'the case so dated has the material missing');

SELECT submit('st_p', a.id, '{form}', 'window', '{}', now() - interval '2 days') AS c5
  FROM applicant a WHERE a.name = 'Step Person' \gset
SELECT complete_task(t.id, 'approved', now() + interval '30 days') FROM task t WHERE t.case_id = :c5;
SELECT is((SELECT count(*)::int FROM licence WHERE case_id = :c5 AND status = 'valid' AND issued_at > now()), 1,
  'the approval dated ahead issued a licence dated ahead');
-- the licence dated ahead is no evidence today, and the one it renews,
-- issued yesterday, is superseded only from the renewal's issue 30 days
-- ahead: still in force today, so still the evidence (catalog_entries()
-- judges a licence as of the instant since 2026-12-07; until then the
-- renewal dated ahead took yesterday's licence out at once and this read
-- 'missing')
SELECT is((SELECT status FROM completeness('st_q', (SELECT id FROM applicant WHERE name = 'Step Person'), '{}')
            WHERE material = 'lic'), 'shared', 'which is no evidence today: yesterday''s licence, superseded only from then, still is');
SELECT is((SELECT status FROM completeness('st_q', (SELECT id FROM applicant WHERE name = 'Step Person'), '{}', '{}', now() - interval '10 days')
            WHERE material = 'lic'), 'missing', 'and ten days ago, before either licence, still none');
SELECT is(verify_licence((SELECT number FROM licence WHERE case_id = :c5), '11010519491231002X'), 'unknown',
  'and verify_licence() does not call it valid');

SELECT * FROM finish();
ROLLBACK;
