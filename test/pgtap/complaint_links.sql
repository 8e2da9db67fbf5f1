-- Complaints linked to ratings and cases (issue 15, "Links"), the staff's
-- read access (complaint_queue, the policy on complaint, case_followups) and
-- the on-time assignment and call-back rates of complaint_indicators.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(42);
\ir blank_text.inc
\ir complaint_fixture.inc
-- three more cases of CA (region 330225), written like the fixture's
INSERT INTO cases (service, service_kind, item, department, region, applicant, channel, status, returned,
                   submitted_at, calendar, promised_limit, legal_limit)
SELECT 'ca_item', 'item', 'ca_item', 'CA', '330225', o, 'window', 'returned', true,
       '2026-10-30 09:00+08', 'cn', 5, 20 FROM cf, generate_series(1, 3);
CREATE TEMP TABLE lk AS
SELECT (SELECT id FROM cases WHERE service = 'ca_item' AND applicant = cf.o ORDER BY id LIMIT 1) AS k2,
       (SELECT id FROM cases WHERE service = 'ca_item' AND applicant = cf.o ORDER BY id LIMIT 1 OFFSET 1) AS k3,
       (SELECT id FROM cases WHERE service = 'ca_item' AND applicant = cf.o ORDER BY id LIMIT 1 OFFSET 2) AS k4
  FROM cf;
GRANT SELECT ON lk TO PUBLIC;
SELECT rate(k, 1, 'online', 'Sent away for a stamp', '2026-10-30 10:00+08') AS bad FROM cf \gset
SELECT rate(k2, 4, 'online', NULL, '2026-10-30 10:00+08') AS good FROM lk \gset
SELECT rate(k3, 2, 'online', NULL, '2026-10-30 10:00+08') AS appealed FROM lk \gset
SELECT appeal_rating(:appealed, 'a competitor', '2026-10-30 11:00+08');
SELECT rate(k4, 2, 'online', NULL, '2026-10-30 10:00+08') AS bad2 FROM lk \gset

SELECT create_roles();
CREATE ROLE lk_clerk_a LOGIN IN ROLE service_affair_clerk;     -- region 330225 (CB)
CREATE ROLE lk_clerk_c LOGIN IN ROLE service_affair_clerk;     -- region 330226 (CC)
CREATE ROLE lk_rev_a LOGIN IN ROLE service_affair_reviewer;    -- CA
CREATE ROLE lk_rev_b LOGIN IN ROLE service_affair_reviewer;    -- CB
CREATE ROLE lk_boss LOGIN IN ROLE service_affair_admin;
CREATE ROLE lk_analyst LOGIN IN ROLE service_affair_analyst;
INSERT INTO staff (login, department) VALUES ('lk_clerk_a', 'CB'), ('lk_clerk_c', 'CC'), ('lk_rev_a', 'CA'), ('lk_rev_b', 'CB');

-- 1. a bad rating opens a complaint
SET ROLE lk_clerk_a;
SELECT complaint_from_rating(:bad, at => '2026-10-30 12:00+08') AS fr \gset
RESET ROLE;
SELECT is((SELECT (channel, category, body, case_id, item, department, applicant, calendar, status, rating_id, received_by)::text
             FROM complaint WHERE id = :fr),
          (SELECT ('online', 'complaint', 'Sent away for a stamp', k, 'ca_item', 'CA', p, 'cn', 'received', :bad, 'lk_clerk_a')::text FROM cf),
          'complaint_from_rating: online complaint about the rating''s case, item and department, by the rater, body = the rating''s comment');
SELECT is((SELECT (kind, to_status, to_department, note)::text FROM complaint_event WHERE complaint_id = :fr),
          ('received', 'received', 'CA', 'rating ' || :bad)::text, 'its receipt is logged with the rating');
SELECT throws_ok(format('SELECT complaint_from_rating(%s, NULL, %L)', :bad, '2026-10-30 13:00+08'), '23505',
                 'rating ' || :bad || ' already opened a complaint', 'a rating opens one complaint (23505)');
SELECT throws_ok(format('SELECT complaint_from_rating(%s)', :good), '55000',
                 'rating ' || :good || ' is not a bad rating', 'a good rating (level 4) opens none (55000)');
SELECT throws_ok(format('SELECT complaint_from_rating(%s)', :appealed), '55000',
                 'rating ' || :appealed || ' is appealed', 'an appealed rating opens none (55000)');
SELECT throws_ok('SELECT complaint_from_rating(-5)', '23503', 'unknown rating', 'an unknown rating: 23503');
SELECT throws_ok(format('SELECT complaint_from_rating(%s, NULL, %L)', :bad2, '2026-10-30 09:59+08'), '22023',
                 'time precedes rating ' || :bad2, 'a time before the rating: 22023');
SELECT throws_ok(format('SELECT complaint_from_rating(%s, %L)', :bad2, ' '), '22023',
                 'body must not be empty', 'a blank body: 22023');
SELECT is((SELECT count(*) FROM complaint_queue WHERE rating_id = :bad2), 0::bigint, 'the failed calls changed nothing');
RESET ROLE;
SET ROLE lk_clerk_c;
SELECT throws_ok(format('SELECT complaint_from_rating(%s)', :bad2), '42501', NULL,
                 'a clerk of another region does not open one (require_case)');
-- a NULL rating id is a bad argument, not another region's rating (until
-- 2026-12-06: 42501 'permission denied for rating <NULL>', a detail ending
-- 'from rating :')
SELECT throws_ok('SELECT complaint_from_rating(NULL, NULL, ''2026-10-31 09:00+08'')', '22023',
                 'rating id must not be null', 'a NULL rating id: 22023 to a clerk');
RESET ROLE;
SET ROLE lk_rev_a;
SELECT throws_ok(format('SELECT complaint_from_rating(%s)', :bad2), '42501', NULL, 'a reviewer does not open one');
RESET ROLE;
SET ROLE lk_analyst;
SELECT throws_ok(format('SELECT complaint_from_rating(%s)', :bad2), '42501', NULL, 'an analyst does not open one');
RESET ROLE;
SET ROLE lk_boss;
SELECT throws_ok('SELECT complaint_from_rating(NULL)', '22023', 'rating id must not be null',
                 'a NULL rating id: 22023 to an administrator, not 23503');
SELECT complaint_from_rating(:bad2, 'Called the hotline too', '2026-10-31 09:00+08') AS fr2 \gset
RESET ROLE;
SELECT is((SELECT body FROM complaint WHERE id = :fr2), 'Called the hotline too', 'the administrator opens one with a body of his own');

-- 2. the staff's queue: the handling department's complaints, no complainant
SELECT receive_complaint('12345', 'complaint', 'about B', '2026-11-02 09:00+08', department => 'CB', applicant => p) AS qb FROM cf \gset
SELECT receive_complaint('12345', 'complaint', 'about C', '2026-11-02 09:00+08', department => 'CC') AS qc \gset
SELECT receive_complaint('letter', 'suggestion', 'nobody named', '2026-11-02 09:00+08') AS qn \gset
SET ROLE lk_rev_a;
SELECT is((SELECT array_agg(id ORDER BY id) FROM complaint_queue), ARRAY[:fr, :fr2]::bigint[],
          'a reviewer of CA reads the complaints CA handles, only those');
SELECT throws_ok('SELECT count(*) FROM service_affair.complaint', '42501', NULL, 'not the table');
SELECT is((SELECT count(*) FROM complaint_queue WHERE true OR id = :qb), 2::bigint, 'his own conditions do not widen it');
RESET ROLE;
SET ROLE lk_rev_b;
SELECT is((SELECT array_agg(id ORDER BY id) FROM complaint_queue), ARRAY[:qb]::bigint[], 'a reviewer of CB: the CB complaint');
RESET ROLE;
SET ROLE lk_clerk_c;
SELECT is((SELECT (array_agg(id ORDER BY id), bool_and(anonymous))::text FROM complaint_queue),
          (ARRAY[:qc]::bigint[], true)::text, 'a clerk of CC: the anonymous CC complaint, shown anonymous');
RESET ROLE;
SET ROLE lk_boss;
SELECT is((SELECT count(*) FROM complaint_queue WHERE id IN (:fr, :fr2, :qb, :qc, :qn)), 5::bigint,
          'the administrator reads every complaint, also one with no department');
SELECT is((SELECT count(*) FROM complaint WHERE id IN (:fr, :fr2, :qb, :qc, :qn)), 5::bigint, 'and the table');
RESET ROLE;
SET ROLE lk_analyst;
SELECT throws_ok('SELECT count(*) FROM service_affair.complaint_queue', '42501', NULL, 'an analyst does not read the queue');
RESET ROLE;
SELECT is((SELECT count(*) FROM pg_attribute WHERE attrelid = 'service_affair.complaint_queue'::regclass
            AND attname IN ('applicant', 'rater', 'name', 'resident_id')), 0::bigint,
          'complaint_queue has no column naming the complainant');
SELECT ok((SELECT relrowsecurity FROM pg_class WHERE oid = 'service_affair.complaint'::regclass), 'complaint has row-level security');
SELECT is((SELECT array_agg(polname::text) FROM pg_policy WHERE polrelid = 'service_affair.complaint'::regclass),
          ARRAY['complaint_visible'], 'one policy on complaint: complaint_visible()');

-- 3. beside the rectification
SET ROLE lk_boss;
SELECT is((SELECT (rating_id, level, rectification_status, callback_due, fix_due, complaint_status)::text
             FROM case_followups WHERE complaint_id = :fr),
          (:bad, 1, 'open', date '2026-11-02', date '2026-11-20', 'received')::text,
          'case_followups: the complaint beside the open rectification of its case');
SELECT lives_ok(format('SELECT record_callback(%s, %L)', :bad, '2026-10-31 10:00+08'), 'the rater is called back');
SELECT lives_ok(format('SELECT assign_complaint(%s, %L, %L)', :fr, 'CA', '2026-11-02 09:00+08'), 'the complaint is assigned');
SELECT is((SELECT (rectification_status, complaint_status, complaint_due)::text FROM case_followups WHERE complaint_id = :fr),
          ('called_back', 'assigned', date '2026-11-06')::text, 'both move on side by side');
SELECT is((SELECT count(*) FROM case_followups x, lk WHERE x.case_id = lk.k3), 1::bigint,
          'a rectification without a complaint has a row (complaint columns NULL)');
RESET ROLE;
SELECT receive_complaint('window', 'complaint', 'about a case rated well', '2026-11-02 09:00+08', case_id => k2, applicant => o) AS qk
  FROM lk, cf \gset
SELECT is((SELECT (rating_id, rectification_status, complaint_status)::text FROM case_followups WHERE complaint_id = :qk),
          (NULL::bigint, NULL::text, 'received')::text, 'a complaint about a case without rectification: rating columns NULL');
SET ROLE lk_clerk_a;
SELECT is((SELECT count(*) FROM case_followups WHERE complaint_id = :fr), 1::bigint, 'a clerk of the case''s region sees it');
RESET ROLE;
SET ROLE lk_rev_a;
SELECT is((SELECT count(*) FROM case_followups WHERE complaint_id = :fr), 1::bigint, 'a reviewer of the case''s department sees it');
RESET ROLE;
SET ROLE lk_clerk_c;
SELECT is((SELECT count(*) FROM case_followups), 0::bigint, 'a clerk of another region sees none');
RESET ROLE;
SET ROLE lk_rev_b;
SELECT is((SELECT count(*) FROM case_followups), 0::bigint, 'a reviewer of another department sees none');
RESET ROLE;
SET ROLE lk_analyst;
SELECT throws_ok('SELECT count(*) FROM service_affair.case_followups', '42501', NULL, 'an analyst does not read it');
RESET ROLE;

-- 4. on-time assignment and call-back (CC, December: received Tuesday 1 December)
DO $$
DECLARE
    p bigint := (SELECT p FROM pg_temp.cf);
    i bigint;
BEGIN
    -- assigned on Wednesday 2nd (due Wed 2nd: on time), replied Thursday 3rd,
    -- called back Tuesday 8th (due Tue 8th: on time)
    i := service_affair.receive_complaint('12345', 'complaint', 'd1', '2026-12-01 09:00+08', applicant => p);
    PERFORM service_affair.assign_complaint(i, 'CC', '2026-12-02 10:00+08');
    PERFORM service_affair.reply_complaint(i, 'r', '2026-12-03 10:00+08');
    PERFORM service_affair.record_complaint_callback(i, false, '2026-12-08 10:00+08');
    -- replied again Wednesday 9th, called back Tuesday 15th (due Mon 14th: late)
    PERFORM service_affair.reply_complaint(i, 'r2', '2026-12-09 10:00+08');
    PERFORM service_affair.record_complaint_callback(i, true, '2026-12-15 10:00+08');
    -- assigned on Thursday 3rd (due Wed 2nd: late)
    i := service_affair.receive_complaint('12345', 'complaint', 'd2', '2026-12-01 09:00+08', applicant => p);
    PERFORM service_affair.assign_complaint(i, 'CC', '2026-12-03 10:00+08');
END $$;
SELECT is((SELECT (assigned, assigned_on_time_rate, callbacks, callback_on_time_rate)::text
             FROM complaint_indicators WHERE department = 'CC' AND month = '2026-12-01'),
          (2, 0.5000, 2, 0.5000)::text, 'CC, December: 1 of 2 assigned on time, 1 of 2 call-backs on time (each against the reply it follows)');
INSERT INTO setting (name, value) VALUES ('complaint.assign_days', '2'), ('complaint.callback_days', '4');
SELECT is((SELECT (assigned_on_time_rate, callback_on_time_rate)::text
             FROM complaint_indicators WHERE department = 'CC' AND month = '2026-12-01'),
          (0.5000, 0.5000)::text, 'complaint.assign_days 2 and complaint.callback_days 4 set afterwards leave these complaints as they were: the limits in force at receipt are kept (complaint_indicator_settings.sql; until 2026-12-05 both became on time)');
SELECT throws_ok($$INSERT INTO setting (name, value) VALUES ('complaint.callback_days', '366')$$, '23514', NULL,
                 'complaint.callback_days is 0-365');
SELECT throws_ok($$INSERT INTO setting (name, value) VALUES ('complaint.assign_hours', '1')$$, '23514', NULL,
                 'other complaint.* names are refused');

-- 4. a rating whose comment is blank to a reader (an ideographic space) opens a
-- complaint with the default body, not a blank one (src/core/text.c)
INSERT INTO cases (service, service_kind, item, department, region, applicant, channel, status, returned,
                   submitted_at, calendar, promised_limit, legal_limit)
SELECT 'ca_item', 'item', 'ca_item', 'CA', '330225', o, 'window', 'returned', true,
       '2026-10-30 09:00+08', 'cn', 5, 20 FROM cf RETURNING id AS k5 \gset
SELECT rate(:k5, 1, 'online', U&'\3000\3000', '2026-10-30 10:00+08') AS bad3 \gset
SELECT complaint_from_rating(:bad3, at => '2026-10-30 12:00+08') AS fr3 \gset
SELECT is((SELECT body FROM complaint WHERE id = :fr3), format('Bad rating %s (level 1) of case %s', :bad3, :k5),
          'a comment of two ideographic spaces gives the default body');

SELECT * FROM finish();
ROLLBACK;
