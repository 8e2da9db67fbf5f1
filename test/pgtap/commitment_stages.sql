-- Commitment checks of a bundle whose approval on commitment lies in a
-- later stage, and the overdue flag under a calendar edit (a review,
-- 2026-12-04; each test fails on the former SQL):
--  1. kept or waived before the approval it covers is made closed the check,
--     and the stage was still approved on commitment with nothing to check;
--  2. an applicant whose credit went bad before the stage opened went the
--     standard way, but the check stayed open: broken revoked the approval
--     the reviewers made and recorded a serious fact;
--  3. a calendar edit cleared the overdue flag, and the outcome could then
--     be dated before the flag;
--  4. a check covering an approval made on commitment in stage 1 and one
--     planned in stage 2, whose stage opened the standard way (the credit
--     gone bad), could not be closed until the reviewers decided (a review).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(21);
\ir credit_fixture.inc
SELECT create_roles();
CREATE ROLE ks_insp_b LOGIN IN ROLE service_affair_inspector;
INSERT INTO staff (login, department) VALUES ('ks_insp_b', 'KB');
INSERT INTO bundle (code, name, lead_department) VALUES ('k_seq', 'Standard, then on commitment', 'KA');
INSERT INTO bundle_item (bundle, item, stage) VALUES ('k_seq', 'k_std', 1), ('k_seq', 'k_fast', 2);

-- 1. checked after the approval it covers
SELECT submit('k_seq', p, ARRAY['form', 'later', 'proof', 'cond'], 'window', '{}', '2026-10-09 10:00+08') AS b1 FROM kf \gset
SELECT id AS k1 FROM commitment_check WHERE case_id = :b1 \gset
SELECT is((SELECT row(on_commitment, items, status)::text FROM commitment_check WHERE id = :k1), row(true, ARRAY['k_fast'], 'open')::text,
          'the check covers the approval on commitment of the stage-2 item');
SELECT throws_ok(format($$SELECT record_check(%s, 'kept', NULL, '2026-10-10 10:00+08')$$, :k1), '55000',
                 format('check %s covers an approval not made yet', :k1), 'kept before the stage opens: 55000');
SELECT throws_ok(format($$SELECT record_check(%s, 'waived', 'not needed', '2026-10-10 10:00+08')$$, :k1), '55000',
                 format('check %s covers an approval not made yet', :k1), 'waived before the stage opens: 55000');
SELECT is((SELECT status FROM commitment_check WHERE id = :k1), 'open', 'the check stays open');
SELECT complete_task((SELECT id FROM task WHERE case_id = :b1 AND item = 'k_std'), 'approved', '2026-10-12 10:00+08');
SELECT is((SELECT row(status, decision)::text FROM cases WHERE id = :b1), row('concluded', 'approved')::text,
          'stage 2 is approved on commitment as it opens, with its check still to come');
SELECT lives_ok(format($$SELECT record_check(%s, 'kept', NULL, '2026-10-13 10:00+08')$$, :k1), 'then the check is recorded kept');

-- 2. credit gone bad before the stage opens: the standard way, and no check of an approval never made
SELECT submit('k_seq', o, ARRAY['form', 'later', 'proof', 'cond'], 'window', '{}', '2026-10-09 11:00+08') AS b2 FROM kf \gset
SELECT id AS k2 FROM commitment_check WHERE case_id = :b2 \gset
SELECT record_credit_event('91110000600037341L', 'serious', 'sanction reported by the tax bureau', '2026-10-10 10:00+08');
SELECT complete_task((SELECT id FROM task WHERE case_id = :b2 AND item = 'k_std'), 'approved', '2026-10-12 11:00+08');
SELECT is((SELECT status FROM task WHERE case_id = :b2 AND item = 'k_fast'), 'open', 'the stage-2 item goes to its reviewers');
SELECT is((SELECT row(status, checked_at, on_commitment)::text FROM commitment_check WHERE id = :k2),
          row('waived', '2026-10-12 11:00+08'::timestamptz, true)::text,
          'its check, with no committed material, is waived at the time the stage opened');
SELECT is((SELECT count(*)::int FROM case_event WHERE case_id = :b2 AND kind = 'check_waived' AND detail->>'check_id' = :'k2'), 1,
          'one check_waived event');
SELECT complete_task((SELECT id FROM task WHERE case_id = :b2 AND item = 'k_fast'), 'approved', '2026-10-13 10:00+08', 'reviewer checked on site');
SELECT throws_ok(format($$SELECT record_check(%s, 'broken', 'conditions not met')$$, :k2), '55000',
                 format('check %s is closed', :k2), 'broken on it: 55000, closed');
SELECT is((SELECT row(status, decision)::text FROM cases WHERE id = :b2), row('concluded', 'approved')::text,
          'the approval the reviewers made stands');
SELECT is((SELECT count(*)::int FROM credit_event WHERE subject = '91110000600037341L' AND kind = 'commitment_broken'), 0,
          'and no commitment_broken fact');

-- 1b. a stage that will never open (blocked: the licence an earlier stage was
-- to issue is not valid, block_unlicensed_stage()) is no approval to wait for:
-- its check can be waived (a read of the diff found it stuck open for ever)
SELECT submit('k_seq', p, ARRAY['form', 'later', 'proof', 'cond'], 'window', '{}', '2026-10-09 12:00+08') AS b4 FROM kf \gset
SELECT id AS k4 FROM commitment_check WHERE case_id = :b4 \gset
UPDATE task SET status = 'blocked', finished_at = '2026-10-10 09:00+08' WHERE case_id = :b4 AND item = 'k_fast';
SELECT lives_ok(format($$SELECT record_check(%s, 'waived', 'its stage is blocked', '2026-10-10 10:00+08')$$, :k4),
                'a check whose commitment stage is blocked is waived');

-- 3. a calendar edit moves the due of a check flagged overdue, still before the flag's day
SELECT submit('k_other', p, ARRAY['form'], 'window', ARRAY['proof'], '2026-10-09 10:30+08') AS c3 FROM kf \gset
SELECT id AS k3, due AS d3 FROM commitment_check WHERE case_id = :c3 \gset
SELECT sla_sweep(((:'d3'::date + 5) + time '12:00') AT TIME ZONE 'Asia/Shanghai');
SELECT is((SELECT sla_state FROM commitment_check WHERE id = :k3), 'overdue', 'flagged five days after its due');
INSERT INTO calendar_day (calendar, day, is_workday, note) VALUES ('cn', '2026-10-13', false, 'test: a day off');
SELECT is((SELECT row(due > :'d3'::date, due < :'d3'::date + 5, sla_state IS NULL)::text FROM commitment_check WHERE id = :k3),
          row(true, true, true)::text, 'a day off moves its due later, still before the flag''s day, and clears the flag');
SET SESSION AUTHORIZATION ks_insp_b;
SELECT throws_ok(format($$SELECT service_affair.record_check(%s, 'kept', NULL, %L)$$, :k3,
                        ((:'d3'::date + 2) + time '10:00') AT TIME ZONE 'Asia/Shanghai'), '22023',
                 format('time precedes the overdue flag of check %s', :k3),
                 'an inspector still cannot date the outcome before the flag');
SELECT lives_ok(format($$SELECT service_affair.record_check(%s, 'kept', NULL, %L)$$, :k3,
                       ((:'d3'::date + 5) + time '15:00') AT TIME ZONE 'Asia/Shanghai'),
                'after the flag it is recorded');
RESET SESSION AUTHORIZATION;

-- 4. on commitment in stage 1, the standard way in stage 2
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, approval_mode) VALUES
  ('k_fast2', 'Approved on commitment, second stage', 'KA', 'promised', 20, 5, 'commitment');
INSERT INTO material (item, code, name, required, tolerable, commitment_allowed) VALUES
  ('k_fast2', 'form', 'Application form', true, false, false), ('k_fast2', 'cond', 'Conditions met', true, false, true);
INSERT INTO bundle (code, name, lead_department) VALUES ('k_two', 'On commitment, then again', 'KA');
INSERT INTO bundle_item (bundle, item, stage) VALUES ('k_two', 'k_fast', 1), ('k_two', 'k_std', 1), ('k_two', 'k_fast2', 2);
SELECT submit('k_two', p, ARRAY['form', 'later', 'proof', 'cond'], 'window', '{}', '2026-10-14 10:00+08') AS b5 FROM kf \gset
SELECT id AS k5 FROM commitment_check WHERE case_id = :b5 \gset
SELECT record_credit_event('11010519491231002X', 'serious', 'sanction reported by the tax bureau', '2026-10-15 10:00+08');
SELECT complete_task((SELECT id FROM task WHERE case_id = :b5 AND item = 'k_std'), 'approved', '2026-10-16 10:00+08');
SELECT is((SELECT string_agg(item || ' ' || status, ', ' ORDER BY item) FROM task WHERE case_id = :b5),
          'k_fast done, k_fast2 open, k_std done', 'stage 1 approved on commitment; stage 2 opened the standard way');
SELECT lives_ok(format($$SELECT record_check(%s, 'kept', NULL, '2026-10-17 10:00+08')$$, :k5),
                'the check of the approval made in stage 1 is recorded kept (was 55000: an approval not made yet)');
SELECT is((SELECT status FROM task WHERE case_id = :b5 AND item = 'k_fast2'), 'open', 'stage 2 stays with its reviewers');

-- 5. the check a stage opening waived names no reviewer of the deciding
-- department to the checking department's inspectors (until 2026-12-05
-- checked_by held the login of the reviewer whose decision opened the stage;
-- a review)
CREATE ROLE ks_rev_a LOGIN IN ROLE service_affair_reviewer;
INSERT INTO staff (login, department) VALUES ('ks_rev_a', 'KA');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, approval_mode, check_department) VALUES
  ('k_fast_b', 'Approved on commitment, checked by KB', 'KA', 'promised', 20, 5, 'commitment', 'KB');
INSERT INTO material (item, code, name, required, tolerable, commitment_allowed) VALUES
  ('k_fast_b', 'form', 'Application form', true, false, false), ('k_fast_b', 'cond', 'Conditions met', true, false, true);
INSERT INTO bundle (code, name, lead_department) VALUES ('k_seq_b', 'Standard, then on commitment checked by KB', 'KA');
INSERT INTO bundle_item (bundle, item, stage) VALUES ('k_seq_b', 'k_std', 1), ('k_seq_b', 'k_fast_b', 2);
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '330225199002020036', 'Stage Person');
SELECT submit('k_seq_b', (SELECT id FROM applicant WHERE name = 'Stage Person'), ARRAY['form', 'later', 'proof', 'cond'], 'window', '{}',
              '2026-10-14 10:00+08') AS b6 \gset
SELECT id AS k6 FROM commitment_check WHERE case_id = :b6 AND department = 'KB' \gset
SELECT record_credit_event('330225199002020036', 'serious', 'sanction reported by the tax bureau', '2026-10-15 10:00+08');
SET SESSION AUTHORIZATION ks_rev_a;
SELECT service_affair.complete_task((SELECT id FROM service_affair.task WHERE case_id = :b6 AND item = 'k_std'), 'approved', '2026-10-16 10:00+08');
SET SESSION AUTHORIZATION ks_insp_b;
SELECT is((SELECT row(status, checked_by)::text FROM service_affair.commitment_check WHERE id = :k6), row('waived', NULL::text)::text,
          'KB''s inspector reads the waived check: no reviewer of KA named');
RESET SESSION AUTHORIZATION;

SELECT * FROM finish();
ROLLBACK;
