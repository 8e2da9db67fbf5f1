-- An outcome is recorded once it happened (refuse_future_outcome(),
-- 56_credit.sql): in a session whose user is not a superuser, a commitment
-- check's outcome, an inspection result, a credit fact, a sweep or a settling
-- dated more than an hour ahead is refused (22023), an inspection result is not dated before
-- its draw, and a check flagged overdue is not done before the flag.  A
-- review dated a broken commitment and a fail in 8999 (facts never in
-- force), a fail in 2015 (a fact already expired) and a kept check before
-- the sweep's overdue flag (counted as on time).  A superuser's session (a
-- simulation, data entered from paper) dates freely.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(40);
\ir credit_fixture.inc
SET LOCAL service_affair.as_of = '';  -- the record read as of now: these are outcomes of today
SELECT create_roles();
CREATE ROLE ot_insp_a LOGIN IN ROLE service_affair_inspector;
CREATE ROLE ot_insp_i LOGIN IN ROLE service_affair_inspector;
CREATE ROLE ot_admin LOGIN IN ROLE service_affair_admin;
INSERT INTO department (code, name) VALUES ('KI', 'Outcome time inspectors');
INSERT INTO staff (login, department) VALUES ('ot_insp_a', 'KA'), ('ot_insp_i', 'KI');
-- two checks of KA opened now (the org's commitments)
SELECT submit('k_std', o, ARRAY['form', 'later'], 'window', ARRAY['proof'], now() - interval '2 hours') AS c1 FROM kf \gset
SELECT submit('k_std', o, ARRAY['form', 'later'], 'window', ARRAY['proof'], now() - interval '2 hours') AS c2 FROM kf \gset
SELECT id AS k1 FROM commitment_check WHERE case_id = :c1 \gset
SELECT id AS k2 FROM commitment_check WHERE case_id = :c2 \gset
SELECT submit('k_std', o, ARRAY['form', 'later'], 'window', ARRAY['proof'], now() - interval '2 hours') AS c3 FROM kf \gset
SELECT id AS k3 FROM commitment_check WHERE case_id = :c3 \gset
SELECT submit('k_std', o, ARRAY['form', 'later'], 'window', ARRAY['proof'], now() - interval '2 hours') AS c4 FROM kf \gset
SELECT id AS k4 FROM commitment_check WHERE case_id = :c4 \gset
-- a draw made now, of two targets
INSERT INTO inspector (id, name, department) SELECT 'ot-' || i, 'inspector ' || i, 'KI' FROM generate_series(1, 2) i;
UPDATE inspector SET login = 'ot_insp_i' WHERE id = 'ot-1';  -- on every team (two inspectors, teams of two)
INSERT INTO target (uscc, name, region, industry, risk) VALUES
  ('91110000600037341L', 'Credit Org', '330225', 'I1', 'B'),
  ('91350100M000100Y43', 'Other Org', '330225', 'I1', 'B');
SELECT create_plan('outcome times', ARRAY['KI'], ARRAY[1,1,1,1]::numeric[], sha256('ot')) AS pl \gset
SELECT draw(:pl, 'ot') AS d \gset
SELECT id AS t1 FROM target WHERE name = 'Credit Org' \gset
SELECT id AS t2 FROM target WHERE name = 'Other Org' \gset

-- ------------------------------------------------------------ the applications' sessions
SET SESSION AUTHORIZATION ot_insp_a;
SET search_path = service_affair, public;
SELECT throws_ok(format($$SELECT record_check(%s, 'broken', 'no premises', '8999-12-31 10:00+08')$$, :k1), '22023',
  'check time is in the future', 'an inspector''s broken commitment dated in 8999: 22023');
SELECT throws_ok(format($$SELECT record_check(%s, 'kept', NULL, now() + interval '2 hours')$$, :k1), '22023',
  'check time is in the future', 'a kept one dated two hours ahead: 22023');
SELECT lives_ok(format($$SELECT record_check(%s, 'kept', NULL, now() + interval '10 minutes')$$, :k2),
  'ten minutes ahead (a clock a little ahead): recorded');
SELECT lives_ok(format($$SELECT record_check(%s, 'kept', NULL, now() - interval '1 hour')$$, :k4),
  'a check never flagged overdue, its outcome dated an hour back: recorded (was 22023 time precedes the overdue flag)');
RESET SESSION AUTHORIZATION;
SET search_path = service_affair, public;
SELECT is((SELECT status FROM commitment_check WHERE id = :k1), 'open', 'the refused check is still open');

SET SESSION AUTHORIZATION ot_insp_i;
SET search_path = service_affair, public;
SELECT throws_ok(format($$SELECT record_result(%s, %s, 'fail', 'unlicensed storage', '8999-01-01 10:00+08')$$, :d, :t1), '22023',
  'result time is in the future', 'a fail dated in 8999: 22023');
SELECT throws_ok(format($$SELECT record_result(%s, %s, 'fail', 'unlicensed storage', '2015-01-01 10:00+08')$$, :d, :t1), '22023',
  'result before its draw', 'a fail dated in 2015, before its draw: 22023');
SELECT lives_ok(format($$SELECT record_result(%s, %s, 'fail', 'unlicensed storage')$$, :d, :t1),
  'a fail dated now: recorded');
RESET SESSION AUTHORIZATION;
SET search_path = service_affair, public;
SELECT is((SELECT count(*) FROM credit_event WHERE subject = '91110000600037341L'), 1::bigint,
  'one credit fact, of the result dated now');
SELECT is((SELECT credit_risk FROM target WHERE id = :t1), 'C', 'and the target is graded by it at once');

SET SESSION AUTHORIZATION ot_admin;
SET search_path = service_affair, public;
SELECT throws_ok($$SELECT record_credit_event('91350100M000100Y43', 'serious', 'reported', now() + interval '1 year')$$, '22023',
  'fact time is in the future', 'an administrator''s fact dated a year ahead: 22023');
-- a publication is dated as an outcome is (an administrator published at
-- 2031, and public_results showed that date; a review of 2026-12-04); the
-- times ahead below are in 8999, so that the test keeps its meaning as the
-- years pass (dated 2031 and 2030, it failed from 2031-06-01, and from
-- 2030-06-01 took the settling without asking its detail)
SELECT throws_ok(format($$SELECT publish_results(%s, '8999-06-01 10:00+08')$$, :d), '22023',
  'publication time is in the future', 'an administrator''s publication dated in 8999: 22023');
SELECT is((SELECT count(*) FROM result_publication WHERE draw_id = :d), 0::bigint, '... nothing published');
-- a review and a repair have happened too (a review of 2026-12-04)
SELECT record_credit_event('91350100M000100Y43', 'minor', 'late report', now(), true) AS f1 \gset
SELECT throws_ok(format($$SELECT review_credit_event(%s, true, 'confirmed', now() + interval '49 years')$$, :f1), '22023',
  'review time is in the future', 'a review dated 49 years ahead: 22023 (was recorded; the fact pending for ever)');
SELECT lives_ok(format($$SELECT review_credit_event(%s, true, 'confirmed')$$, :f1), 'the review of now: recorded');
SELECT throws_ok(format($$SELECT repair_credit_event(%s, 'rectified', now() + interval '50 years')$$, :f1), '22023',
  'repair time is in the future', 'a repair dated 50 years ahead: 22023 (was recorded; counted repaired while in force)');
SELECT throws_ok($$SELECT record_credit_event('91350100M000100Y43', 'serious', 'to be reviewed', now(), NULL)$$, '22023',
  'needs_review must not be null', 'needs_review NULL: 22023 (was a fact in force at once)');
RESET SESSION AUTHORIZATION;
SET search_path = service_affair, public;
SELECT is((SELECT count(*) FROM credit_event WHERE subject = '91350100M000100Y43' AND kind IN ('repair', 'manual') AND severity = 'serious'), 0::bigint,
  'neither the repair nor the NULL fact was recorded');
SET SESSION AUTHORIZATION ot_admin;
RESET SESSION AUTHORIZATION;
SET search_path = service_affair, public;

-- ------------------------------------------------------------ a check flagged overdue
UPDATE commitment_check SET due = current_date - 30 WHERE id = :k1;
SELECT ok(sla_sweep(now()) >= 1, 'the sweep flags the check overdue');
SELECT is((SELECT sla_state FROM commitment_check WHERE id = :k1), 'overdue', 'the check is overdue');
SET SESSION AUTHORIZATION ot_insp_a;
SET search_path = service_affair, public;
SELECT throws_ok(format($$SELECT record_check(%s, 'kept', NULL, now() - interval '1 hour')$$, :k1), '22023',
  format('time precedes the overdue flag of check %s', :k1), 'a kept check dated before the overdue flag: 22023');
SELECT lives_ok(format($$SELECT record_check(%s, 'kept', NULL, now())$$, :k1), 'dated now: recorded');
RESET SESSION AUTHORIZATION;
SET search_path = service_affair, public;
SELECT is((SELECT status FROM commitment_check WHERE id = :k1), 'kept', 'the check is kept');

-- ------------------------------------------------------------ sweeps
-- an administrator's sweep dated ahead: refused (its revocations are facts of
-- its time), before anything is swept
SET SESSION AUTHORIZATION ot_admin;
SET search_path = service_affair, public;
SELECT throws_ok($$SELECT sla_sweep(now() + interval '30 days')$$, '22023',
  'sweep time is in the future', 'an administrator''s sweep dated 30 days ahead: 22023');
SELECT lives_ok($$SELECT sla_sweep(now())$$, 'a sweep of now: swept');
RESET SESSION AUTHORIZATION;
SET search_path = service_affair, public;
-- a superuser's sweep dated ahead flags a check overdue at that time: the
-- inspector can still record it now (the flag counts as now)
UPDATE commitment_check SET due = current_date + 10 WHERE id = :k3;
SELECT ok(sla_sweep(now() + interval '120 days') >= 1, 'a superuser''s sweep 120 days ahead flags the third check');
SET SESSION AUTHORIZATION ot_insp_a;
SET search_path = service_affair, public;
SELECT lives_ok(format($$SELECT record_check(%s, 'kept', NULL, now())$$, :k3),
  'the inspector records it now, though the flag is dated 120 days ahead');
RESET SESSION AUTHORIZATION;
SET search_path = service_affair, public;

-- ------------------------------------------------------------ settling
-- settle_cases() asks the same rule: nothing undoes a settling, and an at
-- ahead cut the quiet period short (an administrator settled a case returned
-- two hours ago, so that its rating was refused, with at 30 days ahead)
INSERT INTO setting (name, value) VALUES ('settle.quiet_days', '10');
SELECT submit('k_std', o, '{}', 'window', '{}', now() - interval '2 hours') AS c4 FROM kf \gset
SELECT is((SELECT status FROM cases WHERE id = :c4), 'returned', 'a case returned two hours ago');
SET SESSION AUTHORIZATION ot_admin;
SET search_path = service_affair, public;
SELECT throws_ok($$SELECT settle_cases(now() + interval '30 days')$$, '22023',
  'settling time is in the future', 'an administrator''s settling dated 30 days ahead: 22023');
SELECT lives_ok($q$DO $d$ DECLARE d text; BEGIN
                    PERFORM service_affair.settle_cases('8999-06-01 12:00+00');
                  EXCEPTION WHEN invalid_parameter_value THEN
                    GET STACKED DIAGNOSTICS d = PG_EXCEPTION_DETAIL;
                    IF d NOT LIKE '%settling time 8999-06-01%' OR d LIKE '%now (8999-%' THEN
                      RAISE EXCEPTION 'detail: %', d;
                    END IF;
                  END $d$$q$,
  '... its detail names the time asked and now, two different times (both printed the time asked)');
SELECT is(settle_cases(now() + interval '30 minutes'), 0,
  'half an hour ahead: taken, and the case (quiet for ten days) is not settled');
RESET SESSION AUTHORIZATION;
SET search_path = service_affair, public;
SELECT is((SELECT settled FROM cases WHERE id = :c4), false, 'the case is still open');
SELECT ok(settle_cases(now() + interval '30 days') >= 1, 'a superuser''s session settles 30 days ahead (a simulation)');
SELECT is((SELECT settled FROM cases WHERE id = :c4), true, 'and the case is settled');

-- ------------------------------------------------------------ licence expiry
-- expire_licences() asks it too: an expired licence no longer verifies nor
-- satisfies a material, and only a superuser puts it back (an
-- administrator's expire_licences('8999-12-31') expired every licence with
-- an end; a review of 2026-12-04)
SET SESSION AUTHORIZATION ot_admin;
SET search_path = service_affair, public;
SELECT throws_ok($$SELECT expire_licences(now() + interval '30 days')$$, '22023',
  'expiry time is in the future', 'an administrator''s expiry dated 30 days ahead: 22023');
SELECT throws_ok($$SELECT expire_licences('8999-12-31')$$, '22023',
  'expiry time is in the future', 'and in 8999');
SELECT lives_ok($$SELECT expire_licences(now() + interval '30 minutes')$$, 'half an hour ahead: taken');
RESET SESSION AUTHORIZATION;
SET search_path = service_affair, public;
SELECT lives_ok($$SELECT expire_licences(now() + interval '30 days')$$, 'a superuser''s session expires 30 days ahead (a simulation)');

-- ------------------------------------------------------------ a superuser's session dates freely
SELECT lives_ok(format($$SELECT record_result(%s, %s, 'pass', NULL, '2015-01-01 10:00+08')$$, :d, :t2),
  'a superuser''s session records a result dated before the draw (data from paper)');
SELECT lives_ok($$SELECT record_credit_event('91350100M000100Y43', 'minor', 'simulated', now() + interval '1 year')$$,
  'and a fact dated ahead (a simulation)');

SELECT * FROM finish();
ROLLBACK;
