-- A review of 2026-12-04, three defects of the complaints:
--  1. any clerk of any region assigned, read (through its own department)
--     and called back another region's complaints that named no case,
--     anonymous reports among them: now the receiver, a clerk of the region
--     of the handling department, or an administrator;
--  2. complaint_sla_sweep() run by itself took a time a year ahead (the real
--     flag then never came) and one before an assignment (the flag recorded
--     a state the complaint was not in): 22023, and a complaint with a step
--     after the sweep's time is left to a later sweep;
--  3. a reply recorded after the sweep's overdue flag, dated before the due,
--     counted as on time: not dated before the flag (22023), in the
--     applications' sessions.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(28);
SELECT create_roles();
INSERT INTO department (code, name, region) VALUES
  ('QX_M', 'Intake rights A', '330225'), ('QN_M', 'Intake rights B', '330226'), ('QN_H', 'Intake rights B2', '330226');
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Complainant');
CREATE ROLE qr_clerk_x LOGIN IN ROLE service_affair_clerk;    -- region 330225
CREATE ROLE qr_clerk_n LOGIN IN ROLE service_affair_clerk;    -- region 330226, the receiver
CREATE ROLE qr_clerk_n2 LOGIN IN ROLE service_affair_clerk;   -- region 330226, another department
CREATE ROLE qr_rev_n LOGIN IN ROLE service_affair_reviewer;   -- QN_M
CREATE ROLE qr_admin LOGIN IN ROLE service_affair_admin;
INSERT INTO staff (login, department) VALUES
  ('qr_clerk_x', 'QX_M'), ('qr_clerk_n', 'QN_M'), ('qr_clerk_n2', 'QN_H'), ('qr_rev_n', 'QN_M');
GRANT USAGE ON SCHEMA public TO PUBLIC;  -- pgTAP's functions

CREATE FUNCTION pg_temp.state_as(r name, q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  st text := '00000';
BEGIN
  EXECUTE pg_catalog.format('SET SESSION AUTHORIZATION %I', r);
  BEGIN
    EXECUTE q;
  EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE;
  END;
  RESET SESSION AUTHORIZATION;
  RETURN st;
END $$;

-- ------------------------------------------------------------ 1. complaints naming no case
SELECT id AS p FROM applicant WHERE name = 'Complainant' \gset
SET SESSION AUTHORIZATION qr_clerk_n;
SELECT receive_complaint('12345', 'complaint', 'the window refused me', now() - interval '2 hours',
                         department => 'QN_M', applicant => :p) AS c1 \gset
SELECT receive_complaint('12345', 'report', 'anonymous report about the staff', now() - interval '2 hours',
                         department => 'QN_M') AS c2 \gset
SELECT receive_complaint('12345', 'report', 'anonymous report, department not known yet', now() - interval '2 hours') AS c3 \gset
RESET SESSION AUTHORIZATION;
SELECT is(pg_temp.state_as('qr_clerk_x', format($$SELECT assign_complaint(%s, 'QX_M', now() - interval '1 hour')$$, :c1)), '42501',
  'a clerk of another region does not take over a named complaint without a case');
SELECT is(pg_temp.state_as('qr_clerk_x', format($$SELECT assign_complaint(%s, 'QX_M', now() - interval '1 hour')$$, :c2)), '42501',
  '... nor an anonymous report');
SELECT is(pg_temp.state_as('qr_clerk_x', format($$SELECT assign_complaint(%s, 'QX_M', now() - interval '1 hour')$$, :c3)), '42501',
  '... nor one with no department yet');
SELECT is((SELECT array_agg(status || ':' || department ORDER BY id) FROM complaint WHERE id IN (:c1, :c2)),
  '{received:QN_M,received:QN_M}', 'the refused calls changed nothing');
SELECT is(pg_temp.state_as('qr_clerk_n2', format($$SELECT assign_complaint(%s, 'QN_M', now() - interval '1 hour')$$, :c2)), '00000',
  'a clerk of the department''s region assigns it');
SELECT is(pg_temp.state_as('qr_clerk_n', format($$SELECT assign_complaint(%s, 'QN_M', now() - interval '1 hour')$$, :c3)), '00000',
  'its receiver assigns the one with no department');
SELECT is(pg_temp.state_as('qr_admin', format($$SELECT assign_complaint(%s, 'QN_M', now() - interval '1 hour')$$, :c1)), '00000',
  'an administrator assigns any');
SELECT is(pg_temp.state_as('qr_rev_n', format($$SELECT reply_complaint(%s, 'we apologise', now() - interval '30 minutes')$$, :c1)), '00000',
  'the department''s reviewer replies');
SELECT is(pg_temp.state_as('qr_clerk_x', format($$SELECT record_complaint_callback(%s, true, now() - interval '10 minutes')$$, :c1)), '42501',
  'a clerk of another region does not record the call-back (the satisfaction rate)');
SELECT is(pg_temp.state_as('qr_clerk_n', format($$SELECT record_complaint_callback(%s, true, now() - interval '10 minutes')$$, :c1)), '00000',
  'the receiver does');
SELECT is((SELECT count(*)::int FROM complaint_event WHERE complaint_id IN (:c1, :c2, :c3) AND actor = 'qr_clerk_x'), 0,
  'no step of the clerk of the other region is recorded');

-- ------------------------------------------------------------ 2. the complaints' sweep
SELECT is(pg_temp.state_as('qr_admin', $$SELECT complaint_sla_sweep(now() + interval '1 year')$$), '22023',
  'an administrator''s complaint sweep dated a year ahead: 22023');
-- received 11-20, assigned 12-04 (due a few days later); a catch-up sweep
-- dated 11-25, before the assignment, flagged it in a state it was not in
SELECT receive_complaint('12345', 'consultation', 'when is the window open', '2026-11-20 09:00+08', department => 'QN_M') AS c4 \gset
SELECT assign_complaint(:c4, 'QN_M', '2026-11-20 10:00+08');
SELECT receive_complaint('12345', 'consultation', 'a second question', '2026-11-20 09:00+08', department => 'QN_M') AS c5 \gset
SELECT assign_complaint(:c5, 'QN_M', '2026-11-30 10:00+08');
SELECT receive_complaint('12345', 'consultation', 'a third question', '2026-11-20 09:00+08', department => 'QN_M') AS c6 \gset
SELECT assign_complaint(:c6, 'QN_M', '2026-11-20 10:00+08');
SELECT complaint_sla_sweep('2026-11-25 09:00+08') AS swept \gset
SELECT is((SELECT array_agg(complaint_id ORDER BY complaint_id) FROM complaint_event WHERE complaint_id IN (:c4, :c5, :c6) AND kind = 'overdue'),
  ARRAY[:c4, :c6]::bigint[],
  'a sweep dated 11-25 flags the complaints assigned on 11-20, not the one assigned on 11-30');
SELECT is((SELECT overdue_due FROM complaint WHERE id = :c5), NULL::date, '... which keeps no flag');

-- ------------------------------------------------------------ 3. a reply dated before the overdue flag
SELECT is(pg_temp.state_as('qr_rev_n', format($$SELECT reply_complaint(%s, 'open 9 to 17', '2026-11-21 10:00+08')$$, :c4)), '22023',
  'a reply recorded after the flag of 11-25, dated 11-21: 22023');
SELECT is(pg_temp.state_as('qr_rev_n', format($$SELECT reply_complaint(%s, 'open 9 to 17', '2026-11-26 10:00+08')$$, :c4)), '00000',
  'dated after the flag: taken');
SELECT is((SELECT replied_on <= due FROM complaint WHERE id = :c4), false, '... and late');
SELECT lives_ok(format($$SELECT reply_complaint(%s, 'answered on paper', '2026-11-21 10:00+08')$$, :c6),
  'a superuser''s session (data from paper) dates a reply before the flag');
SELECT is((SELECT status FROM complaint WHERE id = :c6), 'replied', '... recorded');

-- ------------------------------------------------------------ 4. a complaint about a case, dated before it (2026-12-04)
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit) VALUES ('qn_item', 'Intake rights item', 'QN_M', 'promised', 20, 5);
SELECT submit('qn_item', :p, '{}', 'window', '{}', '2026-11-10 10:00+08') AS k1 \gset
SELECT is(pg_temp.state_as('qr_clerk_n', format($$SELECT receive_complaint('12345', 'complaint', 'turned away', '2020-01-01 10:00+08', case_id => %s, applicant => %s)$$, :k1, :p)),
  '22023', 'a complaint about a case dated six years before its submission: 22023 (was taken, and counted in January 2020)');
SELECT is(pg_temp.state_as('qr_clerk_n', format($$SELECT receive_complaint('12345', 'complaint', 'turned away', '2026-11-10 11:00+08', case_id => %s, applicant => %s)$$, :k1, :p)),
  '00000', 'dated after the submission: taken');

-- ------------------------------------------------------------ 5. a complaint received as a group role (2026-12-06)
-- every clerk may SET ROLE service_affair_clerk: a complaint received so
-- (received_by service_affair_clerk) was "its receiver's" to any clerk of
-- any region who did the same
SET SESSION AUTHORIZATION qr_clerk_n;
SET ROLE service_affair_clerk;
SELECT receive_complaint('12345', 'complaint', 'received under the group role', now() - interval '2 hours',
                         department => 'QN_M', applicant => :p) AS g1 \gset
RESET SESSION AUTHORIZATION;
SELECT is((SELECT received_by FROM complaint WHERE id = :g1), 'service_affair_clerk'::name, 'received as the group role');
SELECT is(pg_temp.state_as('qr_clerk_x', format($$SET ROLE service_affair_clerk; SELECT assign_complaint(%s, 'QX_M', now() - interval '1 hour')$$, :g1)),
  '42501', 'a clerk of another region acting as the same group role does not take it over (was: assigned to its own department)');
SELECT is((SELECT status || ':' || department FROM complaint WHERE id = :g1), 'received:QN_M', '... and it is as it was');

-- ------------------------------------------------------------ 6. the flag of a former round (2026-12-06)
-- a reply to a reopened complaint is bounded by the overdue flag of its own
-- round only: round 1, due Mon 11-09, flagged by a sweep dated 11-20; a
-- calendar edit (Thu 11-05 off: due 11-10) voids that flag, and the reply
-- dated 11-06 is taken on time; reopened on 11-09 (due 11-16), flagged by a
-- sweep dated 11-18.  Until 2026-12-06 the reply dated 11-19, after the
-- flag of its round, was refused (22023) as dated before round 1's flag.
SELECT receive_complaint('12345', 'complaint', 'two rounds, two flags', '2026-11-02 10:00+08',
                         department => 'QN_M', applicant => :p) AS f1 \gset
SELECT assign_complaint(:f1, 'QN_M', '2026-11-02 11:00+08');
SELECT complaint_sla_sweep('2026-11-20 10:00+08') > 0 AS flagged;
INSERT INTO calendar_day (calendar, day, is_workday, note) VALUES ('cn', '2026-11-05', false, 'declared');
SELECT is(pg_temp.state_as('qr_rev_n', format($$SELECT reply_complaint(%s, 'first', '2026-11-06 10:00+08')$$, :f1)), '00000',
  'round 1: the flag voided by the calendar edit, a reply dated 11-06 is taken');
SELECT record_complaint_callback(:f1, false, '2026-11-09 10:00+08');
SELECT complaint_sla_sweep('2026-11-18 10:00+08') > 0 AS flagged;
SELECT is((SELECT ROW(status, due, overdue_due)::text FROM complaint WHERE id = :f1),
          ROW('reopened', '2026-11-16'::date, '2026-11-16'::date)::text, 'round 2: due 11-16, flagged on 11-18');
SELECT is(pg_temp.state_as('qr_rev_n', format($$SELECT reply_complaint(%s, 'second', '2026-11-17 10:00+08')$$, :f1)), '22023',
  'a reply dated before its round''s flag: 22023');
SELECT is(pg_temp.state_as('qr_rev_n', format($$SELECT reply_complaint(%s, 'second', '2026-11-19 10:00+08')$$, :f1)), '00000',
  'dated after its round''s flag, before the former round''s: taken, late (was 22023)');

SELECT * FROM finish();
ROLLBACK;
