-- Complaints: who may do what.  Clerks (and administrators) receive, assign
-- and call back; staff (clerk or reviewer) of the handling department
-- transfer and reply; the administrator supervises and closes; analysts read
-- complaint_indicators only, without identities; nobody rewrites the history.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(50);
\ir complaint_fixture.inc
SELECT create_roles();
CREATE ROLE cp_clerk LOGIN IN ROLE service_affair_clerk;
CREATE ROLE cp_rev_a LOGIN IN ROLE service_affair_reviewer;
CREATE ROLE cp_rev_b LOGIN IN ROLE service_affair_reviewer;
CREATE ROLE cp_boss LOGIN IN ROLE service_affair_admin;
CREATE ROLE cp_analyst LOGIN IN ROLE service_affair_analyst;
CREATE ROLE cp_citizen LOGIN IN ROLE service_affair_public;
CREATE ROLE cp_nobody LOGIN;
INSERT INTO staff (login, department) VALUES ('cp_clerk', 'CC'), ('cp_rev_a', 'CA'), ('cp_rev_b', 'CB');

-- intake: a clerk receives and assigns
SET ROLE cp_clerk;
SELECT receive_complaint('window', 'complaint', 'Rude', '2026-11-02 10:00+08', department => 'CA', applicant => p) AS c FROM cf \gset
SELECT ok(:c > 0, 'a clerk receives a complaint');
SELECT throws_ok('SELECT count(*) FROM service_affair.complaint', '42501', NULL, 'a clerk does not read the complaint table');
SELECT lives_ok(format('SELECT assign_complaint(%s, %L, %L)', :c, 'CA', '2026-11-02 11:00+08'), 'a clerk assigns');
SELECT throws_ok(format('SELECT supervise_complaint(%s, %L)', :c, '2026-11-05'), '42501', NULL, 'a clerk does not supervise');
SELECT throws_ok(format('SELECT reply_complaint(%s, %L)', :c, 'x'), '42501', NULL, 'a clerk of another department does not reply');
RESET ROLE;

-- a complaint about a case: only by a clerk of the case's region (until
-- 2026-12-03 a clerk of any region attached complaints to any case, and
-- learned from 23503 or success whose the case was)
SET ROLE cp_clerk;
SELECT throws_ok(format('SELECT receive_complaint(%L, %L, %L, %L, case_id => %s, applicant => %s)', 'window', 'complaint', 'x',
                        '2026-11-02 10:00+08', k, p), '42501', format('permission denied for case %s', k),
                 'a clerk of another region names a case with its applicant: 42501') FROM cf;
SELECT throws_ok(format('SELECT receive_complaint(%L, %L, %L, %L, case_id => %s, applicant => %s)', 'window', 'complaint', 'x',
                        '2026-11-02 10:00+08', k, o), '42501', format('permission denied for case %s', k),
                 'and with another applicant: the same 42501, nothing said of the owner') FROM cf;
RESET ROLE;
CREATE ROLE cp_clerk_a LOGIN IN ROLE service_affair_clerk;
INSERT INTO staff (login, department) VALUES ('cp_clerk_a', 'CA');
SET ROLE cp_clerk_a;
SELECT receive_complaint('window', 'complaint', 'About my case', '2026-11-02 10:00+08', case_id => k, applicant => p) AS kc FROM cf \gset
SELECT ok(:kc > 0, 'a clerk of the case''s region receives a complaint about it');
SELECT throws_ok(format('SELECT receive_complaint(%L, %L, %L, %L, case_id => %s, applicant => %s)', 'window', 'complaint', 'x',
                        '2026-11-02 10:00+08', k, o), '23503', 'unknown case',
                 'a clerk of the region naming another person''s case: 23503, as a missing case') FROM cf;
RESET ROLE;

-- and only such a clerk assigns it and calls back (until 2026-12-04 a clerk
-- of another region assigned it to its own department, read it there in
-- complaint_queue, and closed it as satisfied; a review)
SET ROLE cp_clerk;
SELECT throws_ok(format('SELECT assign_complaint(%s, %L, %L)', :kc, 'CC', '2026-11-02 11:00+08'), '42501',
                 format('permission denied for complaint %s', :kc),
                 'a clerk of another region does not assign a complaint about a case of the region');
SELECT is((SELECT count(*) FROM complaint_queue WHERE id = :kc), 0::bigint, '... nor sees it in the queue');
RESET ROLE;
SELECT is((SELECT status || '/' || department FROM complaint WHERE id = :kc), 'received/CA',
          '... and the complaint is as it was');
SET ROLE cp_clerk_a;
SELECT lives_ok(format('SELECT assign_complaint(%s, %L, %L)', :kc, 'CA', '2026-11-02 11:00+08'),
                'the clerk of the case''s region assigns it');
RESET ROLE;
SET ROLE cp_rev_a;
SELECT lives_ok(format('SELECT reply_complaint(%s, %L, %L)', :kc, 'Looked into it', '2026-11-03 10:00+08'),
                'the handling department replies');
RESET ROLE;
SET ROLE cp_clerk;
SELECT throws_ok(format('SELECT record_complaint_callback(%s, true, %L)', :kc, '2026-11-04 10:00+08'), '42501',
                 format('permission denied for complaint %s', :kc),
                 'a clerk of another region does not call back on it');
RESET ROLE;
SET ROLE cp_clerk_a;
SELECT lives_ok(format('SELECT record_complaint_callback(%s, true, %L)', :kc, '2026-11-04 10:00+08'),
                'the clerk of the case''s region calls back');
RESET ROLE;
SELECT is((SELECT array_agg(kind || ':' || actor ORDER BY id) FROM complaint_event WHERE complaint_id = :kc),
          '{received:cp_clerk_a,assigned:cp_clerk_a,replied:cp_rev_a,callback:cp_clerk_a,closed:cp_clerk_a}'::text[],
          'its history: every step by whom may take it, none by the clerk of the other region');

-- the other roles cannot receive
SET ROLE cp_rev_a;
SELECT throws_ok($$SELECT receive_complaint('window', 'complaint', 'x')$$, '42501', NULL, 'a reviewer does not receive');
SELECT throws_ok(format('SELECT assign_complaint(%s, %L)', :c, 'CB'), '42501', NULL, 'a reviewer does not assign');
RESET ROLE;
SET ROLE cp_citizen;
SELECT throws_ok($$SELECT receive_complaint('window', 'complaint', 'x')$$, '42501', NULL, 'the public does not receive');
RESET ROLE;
SET ROLE cp_nobody;
SELECT throws_ok($$SELECT receive_complaint('window', 'complaint', 'x')$$, '42501', NULL, 'a plain login does not receive');
RESET ROLE;

-- handling: staff of the assigned department only
SET ROLE cp_rev_b;
SELECT throws_ok(format('SELECT reply_complaint(%s, %L, %L)', :c, 'x', '2026-11-03 10:00+08'), '42501',
                 'permission denied for complaint ' || :c, 'a reviewer of another department does not reply');
SELECT throws_ok(format('SELECT transfer_complaint(%s, %L, %L, %L)', :c, 'CB', 'mine', '2026-11-03 10:00+08'), '42501',
                 NULL, 'nor pulls it to his department');
RESET ROLE;

-- a time before the receipt: 22023 names when the complaint was received, so
-- it is told only to whom may act on the complaint, after the 42501
SET ROLE cp_rev_b;
SELECT throws_ok(format('SELECT reply_complaint(%s, %L, %L)', :c, 'x', '2000-01-01 10:00+08'), '42501',
                 'permission denied for complaint ' || :c, 'a reply dated before the receipt by another department: 42501, no time of receipt');
SELECT throws_ok(format('SELECT transfer_complaint(%s, %L, %L, %L)', :c, 'CB', 'mine', '2000-01-01 10:00+08'), '42501',
                 'permission denied for complaint ' || :c, 'a transfer dated before the receipt by another department: 42501');
RESET ROLE;
SET ROLE cp_rev_a;
SELECT throws_ok(format('SELECT reply_complaint(%s, %L, %L)', :c, 'x', '2000-01-01 10:00+08'), '22023',
                 'time precedes complaint ' || :c, 'the staff of the handling department get the 22023');
RESET ROLE;
SET ROLE cp_rev_a;
SELECT lives_ok(format('SELECT transfer_complaint(%s, %L, %L, %L)', :c, 'CB', 'B runs that window', '2026-11-03 10:00+08'),
                'a reviewer of the assigned department transfers');
SELECT throws_ok(format('SELECT reply_complaint(%s, %L, %L)', :c, 'x', '2026-11-03 11:00+08'), '42501', NULL,
                 'after the transfer he no longer replies');
RESET ROLE;
SET ROLE cp_rev_b;
SELECT lives_ok(format('SELECT reply_complaint(%s, %L, %L)', :c, 'Trained the staff', '2026-11-04 10:00+08'),
                'the reviewer of the new department replies');
SELECT throws_ok(format('SELECT record_complaint_callback(%s, true, %L)', :c, '2026-11-05 10:00+08'), '42501', NULL,
                 'a reviewer does not call back');
RESET ROLE;
SELECT is((SELECT replied_by FROM complaint WHERE id = :c), 'cp_rev_b'::name, 'the reply records its author');
SET ROLE cp_clerk;
SELECT lives_ok(format('SELECT record_complaint_callback(%s, true, %L)', :c, '2026-11-05 10:00+08'), 'a clerk calls back');
RESET ROLE;

-- administration
SELECT receive_complaint('letter', 'report', 'x', '2026-11-02 10:00+08') AS a \gset
SET ROLE cp_boss;
SELECT lives_ok(format('SELECT supervise_complaint(%s, %L, %L)', :a, '2026-11-04', '2026-11-02 12:00+08'), 'the administrator supervises');
SELECT lives_ok(format('SELECT assign_complaint(%s, %L, %L), reply_complaint(%s, %L, %L), close_complaint(%s, %L)',
                       :a, 'CA', '2026-11-02 12:00+08', :a, 'done', '2026-11-03 12:00+08', :a, '2026-11-03 13:00+08'),
                'the administrator assigns, replies and closes');
SELECT throws_ok(format('UPDATE service_affair.complaint_event SET note = %L WHERE complaint_id = %s', 'x', :a), '42501', NULL,
                 'not even the administrator rewrites the history');
SELECT throws_ok(format('DELETE FROM service_affair.complaint WHERE id = %s', :a), '42501', NULL,
                 'nor deletes a complaint');
SELECT lives_ok('SELECT complaint_sla_sweep(''2026-11-10 10:00+08'')', 'the administrator runs the sweep');
RESET ROLE;
SET ROLE cp_clerk;
SELECT throws_ok(format('SELECT close_complaint(%s)', :a), '42501', NULL, 'a clerk does not close');
RESET ROLE;

-- analysts: the indicators, no identities
SET ROLE cp_analyst;
SELECT throws_ok('SELECT count(*) FROM service_affair.complaint', '42501', NULL, 'an analyst does not read complaints');
SELECT lives_ok('SELECT count(*) FROM service_affair.complaint_indicators', 'an analyst reads complaint_indicators');
RESET ROLE;
SELECT is((SELECT array_agg(attname::text ORDER BY attnum) FROM pg_attribute
            WHERE attrelid = 'service_affair.complaint_indicators'::regclass AND attnum > 0),
          '{department,month,received,replied,replied_on_time_rate,callback_satisfied_rate,reopened,assigned,assigned_on_time_rate,callbacks,callback_on_time_rate}'::text[],
          'the indicators carry no identity of a complainant');
SET ROLE cp_citizen;
SELECT throws_ok('SELECT count(*) FROM service_affair.complaint_indicators', '42501', NULL, 'the public does not read them');
RESET ROLE;

-- complaint_from_rating(): the clerk of another region gets 42501 before the
-- 22023 of a time before the rating, which names when it was given
SELECT rate(k, 1, 'online', 'slow', '2026-11-01 10:00+08') AS r FROM cf \gset
SELECT set_config('cp.r', :'r', false) IS NOT NULL AS set_r \gset
SET ROLE cp_clerk;
SELECT throws_ok(format('SELECT complaint_from_rating(%s, NULL, %L)', :r, '2000-01-01 10:00+08'), '42501',
                 'permission denied for rating ' || :r, 'a complaint from a rating of another region dated before it: 42501, no time of the rating');
SELECT throws_ok(format('SELECT complaint_from_rating(%s, NULL, %L)', :r, '2026-11-02 10:00+08'), '42501', NULL,
                 'and dated after it: 42501');
-- the refusal names the rating alone: rating ids are sequential, and until
-- 2026-12-05 its detail named the case of any rating tried and its region
DO $$
DECLARE m text; d text;
BEGIN
    PERFORM service_affair.complaint_from_rating(current_setting('cp.r')::bigint, NULL, '2026-11-02 10:00+08');
EXCEPTION WHEN insufficient_privilege THEN
    GET STACKED DIAGNOSTICS m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL;
    PERFORM set_config('cp.refusal', m || ' / ' || d, false);
END $$;
RESET ROLE;
SELECT is(current_setting('cp.refusal'),
          format('permission denied for rating %s / Role cp_clerk may not open a complaint from rating %s: administrators and the clerks of the region of its case do.', :r, :r),
          'the refusal names the role and the rating');
SELECT ok(current_setting('cp.refusal') NOT LIKE '%case ' || (SELECT k FROM cf) || '%'
          AND current_setting('cp.refusal') NOT LIKE '%' || (SELECT c.region FROM service_affair.cases c WHERE c.id = (SELECT k FROM cf)) || '%',
          'its message and detail name neither the case of the rating nor its region');
SELECT throws_ok(format('SELECT complaint_from_rating(%s, NULL, %L)', :r, '2000-01-01 10:00+08'), '22023',
                 'time precedes rating ' || :r, 'the administrator gets the 22023');

-- analysts count complaints, they do not read them: no relation an analyst
-- or the public may select has a column of a complaint's free text, and the
-- text of a complaint replied to is in no row of any relation they read
-- (doc/complaints.md, "Who reads the text"; the province's shard login,
-- an analyst until 2026-12-06, read it through service_affair_shard.complaint:
-- doc/scale.md)
SELECT receive_complaint('letter', 'complaint', 'cp-body-secret-7713', '2026-11-03 10:00+08', department => 'CA') AS ct \gset
SELECT assign_complaint(:ct, 'CA', '2026-11-03 11:00+08');
SELECT reply_complaint(:ct, 'cp-reply-secret-7713', '2026-11-03 12:00+08');
SELECT is_empty($$SELECT r.rolname || ': ' || a.attrelid::regclass::text || '.' || a.attname
                    FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid,
                         pg_catalog.pg_roles r
                   WHERE c.relnamespace = 'service_affair'::regnamespace AND a.attnum > 0 AND NOT a.attisdropped
                     AND a.attname IN ('body', 'reply', 'resolution', 'blocker')
                     AND r.rolname IN ('service_affair_analyst', 'service_affair_public')
                     AND pg_catalog.has_column_privilege(r.oid, a.attrelid, a.attnum, 'SELECT')$$,
  'no relation an analyst or the public may select has a column body, reply, resolution or blocker');
CREATE TEMP TABLE cp_seen (who text, rel text);
GRANT INSERT ON cp_seen TO PUBLIC;
CREATE FUNCTION pg_temp.cp_scan() RETURNS void LANGUAGE plpgsql AS $$
DECLARE t regclass; n bigint;
BEGIN
    FOR t IN SELECT c.oid FROM pg_catalog.pg_class c
              WHERE c.relnamespace = 'service_affair'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm')
                AND pg_catalog.has_table_privilege(c.oid, 'SELECT') ORDER BY 1 LOOP
        EXECUTE pg_catalog.format('SELECT count(*) FROM %s x WHERE x::text LIKE ''%%secret-7713%%''', t) INTO n;
        IF n > 0 THEN
            INSERT INTO pg_temp.cp_seen VALUES (current_user, t::text);
        END IF;
    END LOOP;
END $$;
GRANT EXECUTE ON FUNCTION pg_temp.cp_scan() TO PUBLIC;
SET ROLE cp_analyst;
SELECT pg_temp.cp_scan();
SET ROLE cp_citizen;
SELECT pg_temp.cp_scan();
RESET ROLE;
SELECT is_empty($$SELECT who || ': ' || rel FROM pg_temp.cp_seen$$,
  'the body and the reply of a complaint are in no row of any relation an analyst or the public may select');
SET ROLE cp_rev_a;
SELECT is((SELECT body || ' / ' || reply FROM service_affair.complaint_queue WHERE id = :ct),
          'cp-body-secret-7713 / cp-reply-secret-7713',
  'control: the staff of the handling department read them in complaint_queue');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
