-- rate(), record_callback(), close_rectification(), appeal_rating(), settings:
-- rules, due dates and SQLSTATEs.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(87);
-- the DETAIL of a call's 22023 (NULL: no error; any other error is raised)
CREATE FUNCTION pg_temp.detail_of_22023(call text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE d text;
BEGIN
    EXECUTE call;
    RETURN NULL;
EXCEPTION WHEN invalid_parameter_value THEN
    GET STACKED DIAGNOSTICS d = PG_EXCEPTION_DETAIL;
    RETURN d;
END $$;
-- pg_temp.err_of(): 'SQLSTATE | message | detail' of any error of a call
\ir error_detail.inc
\ir blank_text.inc
\ir rate_fixture.inc

CREATE TEMP TABLE k AS SELECT
  pg_temp.mk_case('ra_p', '2026-09-29 09:00+08', '2026-09-29 09:00+08', '2026-09-30 09:00+08') AS concluded,
  pg_temp.mk_case('ra_p', '2026-09-29 09:00+08', NULL, NULL, returned => true) AS returned_only,
  pg_temp.mk_case('ra_p', '2026-09-29 09:00+08', '2026-09-29 09:00+08', NULL) AS accepted,
  pg_temp.mk_case('ra_p', '2026-09-29 09:00+08', NULL, NULL, returned => true, withdrawn => true) AS withdrawn_unaccepted,
  pg_temp.mk_case('rb_u', '2026-09-29 09:00+08', '2026-09-29 09:00+08', '2026-09-30 09:00+08') AS utc_case,
  pg_temp.mk_case('ra_p', '2026-09-29 09:00+08', '2026-09-29 09:00+08', NULL) AS fivedays;

-- errors, in the order rate() checks them
SELECT throws_ok('SELECT rate(-1, 5)', '23503', 'unknown case', 'unknown case: 23503');
SELECT throws_ok(format('SELECT rate(%s, 0)', concluded), '22023', 'invalid rating level', 'level 0: 22023') FROM k;
SELECT throws_ok(format('SELECT rate(%s, 6)', concluded), '22023', 'invalid rating level', 'level 6: 22023') FROM k;
SELECT throws_ok(format('SELECT rate(%s, NULL)', concluded), '22023', 'invalid rating level', 'level NULL: 22023') FROM k;
SELECT is(pg_temp.detail_of_22023(format('SELECT rate(%s, 5, ''online'', NULL, NULL)', concluded)),
          'The time is NULL; give the time the rating was given.', 'at NULL: 22023, the detail says so') FROM k;
SELECT throws_ok(format('SELECT rate(%s, 5, ''fax'')', concluded), '22023', 'invalid rating channel', 'channel fax: 22023') FROM k;
SELECT throws_ok(format('SELECT rate(%s, 5, at => ''2026-09-29 08:59+08'')', returned_only), '22023',
                 'time precedes the submission of case ' || returned_only, 'returned case rated before its submission: 22023') FROM k;
-- 0.2: returned and withdrawn cases are rated (the acceptance step), once
SELECT lives_ok(format('SELECT rate(%s, 2, at => ''2026-09-29 10:00+08'')', withdrawn_unaccepted),
                'withdrawn before acceptance: rated (issue 15)') FROM k;
SELECT throws_ok(format('SELECT rate(%s, 5, at => ''2026-09-28 09:00+08'')', concluded), '22023', NULL,
                 'rating before acceptance: 22023') FROM k;

-- a good rating: no rectification, the applicant is the rater
CREATE TEMP TABLE r AS SELECT rate(concluded, 5, 'window', 'quick', '2026-09-30 10:00+08') AS good FROM k;
SELECT is((SELECT (level, channel, comment, at, rater, appealed)::text FROM rating WHERE id = (SELECT good FROM r)),
          (5, 'window', 'quick', '2026-09-30 10:00+08'::timestamptz,
           (SELECT min(id) FROM applicant WHERE name = 'Rating Person'), false)::text,
          'rating row: level, channel, comment, at, real-name rater');
SELECT is((SELECT count(*) FROM rectification WHERE rating_id = (SELECT good FROM r)), 0::bigint, 'level 5 opens no rectification');
SELECT throws_ok(format('SELECT rate(%s, 1)', concluded), '23505', NULL, 'second rating of a case: 23505') FROM k;
SELECT is((SELECT count(*) FROM rating WHERE case_id = (SELECT concluded FROM k)), 1::bigint, 'the failed second rating left nothing');

-- a still-accepted (not concluded) case may be rated
SELECT lives_ok(format('SELECT rate(%s, 4, ''mobile'', NULL, ''2026-09-29 12:00+08'')', accepted), 'an accepted, unconcluded case is rated') FROM k;

-- a bad rating: due dates in working days of the case calendar from the local day of the rating
-- 2026-09-30 (Wed); 10-01..10-07 off; 10-08 first working day; 10-10 (Sat) a make-up working day
ALTER TABLE r ADD COLUMN bad bigint;
SELECT is((SELECT (callback_due, fix_due)::text FROM rectification f JOIN rating x ON x.id = f.rating_id
            WHERE x.case_id = (SELECT accepted FROM k)), NULL, 'level 4 opens no rectification');
UPDATE r SET bad = rate((SELECT utc_case FROM k), 1, 'phone', 'rude', '2026-09-30 10:00+08');
SELECT is((SELECT callback_due FROM rectification WHERE rating_id = (SELECT bad FROM r)), '2026-09-30'::date + 1,
          'UTC calendar (weekmask only): callback due the next working day 2026-10-01');
SELECT is((SELECT fix_due FROM rectification WHERE rating_id = (SELECT bad FROM r)), '2026-10-21'::date,
          'UTC calendar: fix due 15 weekdays later, 2026-10-21');
ALTER TABLE r ADD COLUMN bad_cn bigint;
CREATE TEMP TABLE k2 AS SELECT pg_temp.mk_case('ra_p', '2026-09-29 09:00+08', '2026-09-29 09:00+08', '2026-09-30 09:00+08') AS c;
UPDATE r SET bad_cn = rate((SELECT c FROM k2), 2, 'online', 'slow', '2026-09-30 23:30+08');
SELECT is((SELECT callback_due FROM rectification WHERE rating_id = (SELECT bad_cn FROM r)), '2026-10-08'::date,
          'cn calendar: callback due the first working day after the National Day holiday');
SELECT is((SELECT fix_due FROM rectification WHERE rating_id = (SELECT bad_cn FROM r)), '2026-10-27'::date,
          'cn calendar: fix due 15 working days later counting the make-up Saturday 2026-10-10');

-- settings: validated, edited by a DBA, read at rating time
SELECT throws_ok($$UPDATE setting SET value = 'abc' WHERE name = 'rating.fix_days'$$, '23514', NULL, 'non-integer fix_days: 23514');
SELECT throws_ok($$UPDATE setting SET value = '400' WHERE name = 'rating.callback_days'$$, '23514', NULL, 'callback_days above 365: 23514');
SELECT lives_ok($$INSERT INTO setting (name, value, description) VALUES ('rating.fix_days', '5', 'five days')$$,
                'inserting an existing setting updates it (restore over shipped rows)');
SELECT is((SELECT value FROM setting WHERE name = 'rating.fix_days'), '5', 'fix_days is now 5');
-- the way doc/ratings.md changes a setting, name and value alone, keeps
-- its description (until 2026-12-04 it became empty; a review)
SELECT description AS cb_desc FROM setting WHERE name = 'rating.callback_days' \gset
INSERT INTO setting (name, value) VALUES ('rating.callback_days', '1');
SELECT is((SELECT description FROM setting WHERE name = 'rating.callback_days'), :'cb_desc',
          'an INSERT of name and value keeps the description');
SELECT is((SELECT description FROM setting WHERE name = 'rating.fix_days'), 'five days', 'one given replaces it');
UPDATE r SET bad = rate((SELECT fivedays FROM k), 1, 'online', NULL, '2026-09-30 10:00+08');
SELECT is((SELECT fix_due FROM rectification WHERE rating_id = (SELECT bad FROM r)), '2026-10-13'::date,
          'with fix_days 5 the fix is due 2026-10-13');

-- record_callback
SELECT throws_ok('SELECT record_callback(-5)', '23503', 'unknown rating', 'callback of an unknown rating: 23503');
SELECT throws_ok(format('SELECT record_callback(%s)', good), '55000', NULL, 'callback of a good rating: 55000') FROM r;
SELECT throws_ok(format('SELECT record_callback(%s, ''2026-09-29 00:00+08'')', bad_cn), '22023', NULL, 'callback before the rating: 22023') FROM r;
SELECT lives_ok(format('SELECT record_callback(%s, ''2026-10-08 09:00+08'')', bad_cn), 'callback recorded') FROM r;
SELECT is((SELECT called_back_at FROM rectification WHERE rating_id = (SELECT bad_cn FROM r)), '2026-10-08 09:00+08'::timestamptz, 'called_back_at set');
SELECT is((SELECT called_back_by FROM rectification WHERE rating_id = (SELECT bad_cn FROM r)), current_user::name,
          'called_back_by: the role that recorded the call-back, as closed_by (none kept until 2026-12-07)');
SELECT throws_ok(format('SELECT record_callback(%s)', bad_cn), '55000', NULL, 'second callback: 55000') FROM r;

-- close_rectification
SELECT throws_ok('SELECT close_rectification(-5, ''x'')', '23503', 'unknown rating', 'close unknown rating: 23503');
SELECT throws_ok(format('SELECT close_rectification(%s, ''x'')', good), '55000', NULL, 'close a good rating: 55000') FROM r;
SELECT throws_ok(format('SELECT close_rectification(%s, '' '')', bad_cn), '22023', NULL, 'close with a blank note: 22023') FROM r;
SELECT throws_ok(format('SELECT close_rectification(%s, %L)', bad_cn, b.value), '22023', NULL, 'close with a note of ' || b.label || ': 22023')
  FROM r, pg_temp.blank_texts() b;
SELECT throws_ok(format('SELECT close_rectification(%s, ''fixed'', ''2026-09-30 09:00+08'')', bad_cn), '22023', NULL, 'close before the rating: 22023') FROM r;
SELECT throws_ok(format('SELECT close_rectification(%s, ''fixed'', ''2026-10-08 08:00+08'')', bad_cn), '22023',
                 format('time precedes the call-back of rating %s', bad_cn),
                 'close dated before the call-back already recorded: 22023 (taken until 2026-12-03)') FROM r;
SELECT lives_ok(format('SELECT close_rectification(%s, ''apologised, process fixed'', ''2026-10-27 23:59+08'')', bad_cn), 'closed late evening of the due day') FROM r;
SELECT is((SELECT (closed_on, note, closed_by)::text FROM rectification WHERE rating_id = (SELECT bad_cn FROM r)),
          ('2026-10-27'::date, 'apologised, process fixed', current_user::name)::text, 'closed_on is the local day, note and closer recorded');
SELECT throws_ok(format('SELECT close_rectification(%s, ''again'')', bad_cn), '55000', NULL, 'close twice: 55000') FROM r;
-- the other order: closed first, then a call-back dated before the close
SELECT lives_ok(format('SELECT close_rectification(%s, ''fixed'', ''2026-10-10 10:00+08'')', bad), 'closed before any call-back') FROM r;
SELECT throws_ok(format('SELECT record_callback(%s, ''2026-10-09 10:00+08'')', bad), '22023',
                 format('time precedes the close of the rectification of rating %s', bad),
                 'call-back dated before the close already recorded: 22023 (taken until 2026-12-03)') FROM r;
SELECT is((SELECT called_back_at FROM rectification WHERE rating_id = (SELECT bad FROM r)), NULL::timestamptz,
          'the refused call-back left nothing');

-- appeal_rating
SELECT throws_ok('SELECT appeal_rating(-5, ''x'')', '23503', 'unknown rating', 'appeal unknown rating: 23503');
SELECT throws_ok(format('SELECT appeal_rating(%s, NULL)', bad), '22023', NULL, 'appeal without reason: 22023') FROM r;
SELECT throws_ok(format('SELECT appeal_rating(%s, %L)', bad, b.value), '22023', NULL, 'appeal with a reason of ' || b.label || ': 22023')
  FROM r, pg_temp.blank_texts() b;
SELECT lives_ok(format('SELECT appeal_rating(%s, ''rated the wrong office'', ''2026-10-02 10:00+08'')', bad), 'appeal upheld') FROM r;
SELECT is((SELECT (appealed, appeal_reason, appealed_at)::text FROM rating WHERE id = (SELECT bad FROM r)),
          (true, 'rated the wrong office', '2026-10-02 10:00+08'::timestamptz)::text, 'the appealed rating is kept with its reason');
SELECT throws_ok(format('SELECT appeal_rating(%s, ''again'')', bad), '55000', NULL, 'second appeal: 55000') FROM r;

-- department staff only: a reviewer of another department is refused (42501)
ALTER TABLE r ADD COLUMN rb bigint;
UPDATE r SET rb = (SELECT id FROM rating WHERE case_id = (SELECT utc_case FROM k));
CREATE ROLE rate_test_reviewer NOLOGIN;
-- acting for a department takes the group role and a staff row (may_act())
DO $$ BEGIN PERFORM create_roles(); END $$;
GRANT service_affair_reviewer TO rate_test_reviewer;
GRANT USAGE ON SCHEMA service_affair TO rate_test_reviewer;
GRANT EXECUTE ON FUNCTION close_rectification(bigint, text, timestamptz), appeal_rating(bigint, text, timestamptz),
    record_callback(bigint, timestamptz) TO rate_test_reviewer;
INSERT INTO staff (login, department) VALUES ('rate_test_reviewer', 'RA');
GRANT SELECT ON r, k TO rate_test_reviewer;
SET ROLE rate_test_reviewer;
SELECT throws_ok(format('SELECT close_rectification(%s, ''x'', ''2026-10-09 10:00+08'')', rb), '42501', NULL,
                 'staff of RA cannot close a rectification of an RB case: 42501') FROM r;
-- a time before the rating: its 22023 names when the rating was given, so
-- another department gets the 42501 whatever the time (no bisecting it)
SELECT throws_ok(format('SELECT record_callback(%s, ''2000-01-01 10:00+08'')', rb), '42501',
                 'permission denied for rating ' || rb, 'a call-back of an RB rating dated before it, by RA: 42501, no time of the rating') FROM r;
SELECT throws_ok(format('SELECT close_rectification(%s, ''x'', ''2000-01-01 10:00+08'')', rb), '42501',
                 'permission denied for rating ' || rb, 'a close of an RB rectification dated before the rating, by RA: 42501') FROM r;
SELECT throws_ok(format('SELECT appeal_rating(%s, ''x'', ''2000-01-01 10:00+08'')', rb), '42501',
                 'permission denied for rating ' || rb, 'an appeal of an RB rating dated before it, by RA: 42501') FROM r;
-- the refusal names the rating alone: rating ids are sequential, and until
-- 2026-12-05 message and detail named the department of any rating tried
CREATE TEMP TABLE refusals AS
  SELECT f, pg_temp.err_of(format(c, rb)) AS e FROM r, (VALUES
    ('record_callback', 'SELECT record_callback(%s, ''2026-10-09 10:00+08'')'),
    ('close_rectification', 'SELECT close_rectification(%s, ''x'', ''2026-10-09 10:00+08'')'),
    ('appeal_rating', 'SELECT appeal_rating(%s, ''x'', ''2026-10-09 10:00+08'')')) v(f, c);
SELECT is((SELECT array_agg(f ORDER BY f) FROM refusals WHERE e LIKE '42501 | %'),
          '{appeal_rating,close_rectification,record_callback}', 'each of the three refuses an RB rating to RA with 42501');
SELECT is((SELECT array_agg(f ORDER BY f) FROM refusals WHERE e LIKE '%RB%' OR e LIKE '%department RB%'), NULL,
          'no message or detail of the refusals names the department (RB) of the rating');
SELECT is((SELECT array_agg(f ORDER BY f) FROM refusals WHERE e LIKE '%case ' || (SELECT utc_case FROM k) || '%' OR e LIKE '%330226%'), NULL,
          'nor the rating''s case or its region');
SELECT is((SELECT array_agg(f ORDER BY f) FROM refusals
            WHERE e = format('42501 | permission denied for rating %s | Role rate_test_reviewer may not act on rating %s: administrators and the reviewers of the department of its case do.',
                             (SELECT rb FROM r), (SELECT rb FROM r))),
          '{appeal_rating,close_rectification,record_callback}', 'the detail names the role and the rating');
RESET ROLE;
SELECT is((SELECT closed_at FROM rectification WHERE rating_id = (SELECT rb FROM r)), NULL, 'the refused close changed nothing');
CREATE TEMP TABLE k3 AS SELECT pg_temp.mk_case('ra_p', '2026-09-29 09:00+08', '2026-09-29 09:00+08', NULL) AS c;
UPDATE r SET bad = rate((SELECT c FROM k3), 1, 'online', NULL, '2026-09-30 10:00+08');
SET ROLE rate_test_reviewer;
SELECT throws_ok(format('SELECT record_callback(%s, ''2000-01-01 10:00+08'')', bad), '22023',
                 'time precedes rating ' || bad, 'staff of the rated department get the 22023 of a time before the rating') FROM r;
SELECT lives_ok(format('SELECT record_callback(%s, ''2026-10-08 10:00+08'')', bad), 'staff of RA calls back an RA rater') FROM r;
RESET ROLE;
SELECT is((SELECT called_back_by FROM rectification WHERE rating_id = (SELECT bad FROM r)), 'rate_test_reviewer'::name,
          'called_back_by names the reviewer who called back, not the owner of the function');

-- rate(): a clerk of another region gets 42501 before the 22023 of a time
-- before the acceptance (which names when the case was accepted) or of a
-- bad level
CREATE ROLE rate_test_clerk NOLOGIN;
GRANT service_affair_clerk TO rate_test_clerk;
GRANT USAGE ON SCHEMA service_affair TO rate_test_clerk;
GRANT EXECUTE ON FUNCTION rate(bigint, integer, text, text, timestamptz, text) TO rate_test_clerk;
INSERT INTO staff (login, department) VALUES ('rate_test_clerk', 'RA');
CREATE TEMP TABLE k5 AS SELECT pg_temp.mk_case('rb_u', '2026-09-29 09:00+08', '2026-09-29 09:00+08', NULL) AS c;
UPDATE cases SET region = '330226' WHERE id = (SELECT c FROM k5);
GRANT SELECT ON k5 TO rate_test_clerk;
SET ROLE rate_test_clerk;
SELECT throws_ok(format('SELECT rate(%s, 5, ''online'', NULL, ''2000-01-01 10:00+08'')', c), '42501',
                 'permission denied for case ' || c, 'a rating of another region''s case dated before its acceptance: 42501') FROM k5;
SELECT throws_ok(format('SELECT rate(%s, 0)', c), '42501',
                 'permission denied for case ' || c, 'and with a bad level: 42501') FROM k5;
RESET ROLE;

-- texts are bounded as the complaints' are (comment and note 10,000
-- characters, reason 1,000): a 10 MB text is refused, echoed 64 characters
CREATE TEMP TABLE k4 AS SELECT pg_temp.mk_case('ra_p', '2026-09-29 09:00+08', '2026-09-29 09:00+08', NULL) AS c;
SELECT throws_ok(format('SELECT rate(%s, 1, ''online'', repeat(''x'', 10000001), ''2026-09-30 10:00+08'')', c), '22023',
                 'comment is too long', 'a comment of 10 MB: 22023') FROM k4;
SELECT is((SELECT count(*) FROM rating WHERE case_id = (SELECT c FROM k4)), 0::bigint, 'the refused rating left no row');
SELECT lives_ok(format('SELECT rate(%s, 1, ''online'', repeat(''x'', 10000), ''2026-09-30 10:00+08'')', c),
                'a comment of 10,000 characters is taken') FROM k4;
-- a blank comment is none (06_arguments.sql; until 2026-12-05 kept as given)
CREATE TEMP TABLE k_blank_comment AS SELECT pg_temp.mk_case('ra_p', '2026-09-29 09:00+08', '2026-09-29 09:00+08', NULL) AS c;
SELECT rate(c, 4, 'kiosk', E' \t' || U&'\3000', '2026-09-30 10:00+08') FROM k_blank_comment;
SELECT is((SELECT comment FROM rating WHERE case_id = (SELECT c FROM k_blank_comment)), NULL,
  'a rating whose comment is a space, a tab and an ideographic space is taken, its comment recorded as none (NULL)');
SELECT throws_ok(format('SELECT close_rectification(%s, repeat(''n'', 10000001), ''2026-10-09 10:00+08'')', bad), '22023',
                 'note is too long', 'a note of 10 MB: 22023') FROM r;
SELECT throws_ok(format('SELECT appeal_rating(%s, repeat(''r'', 1001), ''2026-10-09 10:00+08'')', bad), '22023',
                 'reason is too long', 'a reason of 1,001 characters: 22023') FROM r;
SELECT is((SELECT (f.closed_at, x.appealed)::text FROM rectification f JOIN rating x ON x.id = f.rating_id
            WHERE x.id = (SELECT bad FROM r)), (NULL::timestamptz, false)::text, 'the refused close and appeal changed nothing');
SELECT ok(length(pg_temp.detail_of_22023(format('SELECT close_rectification(%s, repeat(''n'', 10000001))', bad))) < 200,
          'the detail of a 10 MB note echoes a bounded part of it') FROM r;

-- grants: PUBLIC executes none of the writers; create_roles() applies the matrix
SELECT ok(NOT has_function_privilege('public', 'service_affair.rate(bigint,integer,text,text,timestamptz,text)', 'EXECUTE'),
          'PUBLIC cannot rate');
SELECT lives_ok('SELECT create_roles()', 'create_roles() applies the grant rows of 60 and 65');
SELECT ok(has_function_privilege('service_affair_clerk', 'service_affair.rate(bigint,integer,text,text,timestamptz,text)', 'EXECUTE')
          AND has_function_privilege('service_affair_reviewer', 'service_affair.close_rectification(bigint,text,timestamptz)', 'EXECUTE')
          AND NOT has_function_privilege('service_affair_reviewer', 'service_affair.appeal_rating(bigint,text,timestamptz)', 'EXECUTE'),
          'clerks rate, reviewers close rectifications, only admins uphold appeals');

-- security: pinned search_path, nothing for PUBLIC, immune to a hostile operator
SELECT is(
  (SELECT array_agg(p.proname::text ORDER BY p.proname) FROM pg_proc p
    WHERE p.pronamespace = 'service_affair'::regnamespace
      AND p.proname IN ('rate', 'record_callback', 'close_rectification', 'appeal_rating')
      AND p.prosecdef AND p.proconfig @> ARRAY['search_path=pg_catalog, pg_temp']),
  ARRAY['appeal_rating', 'close_rectification', 'rate', 'record_callback'],
  'every rating writer is SECURITY DEFINER with a pinned search_path');
SELECT is(
  (SELECT array_agg(p.proname::text ORDER BY p.proname) FROM pg_proc p
    WHERE p.pronamespace = 'service_affair'::regnamespace
      AND p.proname IN ('rate', 'record_callback', 'close_rectification', 'appeal_rating', 'lock_rating',
                        'rating_check_after', 'check_department_staff', 'setting_days', 'efficiency_period', 'satisfaction_period')
      AND has_function_privilege('public', p.oid, 'EXECUTE')),
  NULL, 'no rating function or helper is executable by PUBLIC');
CREATE SCHEMA rate_evil;
CREATE FUNCTION rate_evil.always(text, text) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT true';
CREATE OPERATOR rate_evil.= (LEFTARG = text, RIGHTARG = text, FUNCTION = rate_evil.always);
CREATE OPERATOR rate_evil.<> (LEFTARG = text, RIGHTARG = text, FUNCTION = rate_evil.always);
CREATE TEMP TABLE evil_result (state text);
GRANT ALL ON evil_result TO PUBLIC;
-- run the call under the hostile path, keep the answer, assert afterwards
SET search_path = rate_evil, pg_catalog, service_affair, public;
DO $$
BEGIN
    PERFORM service_affair.rate((SELECT c FROM k3), 5, 'pigeon');
    INSERT INTO evil_result VALUES ('no error');
EXCEPTION WHEN OTHERS THEN
    INSERT INTO evil_result VALUES (SQLSTATE);
END $$;
SET search_path = service_affair, public;
SELECT is((SELECT state FROM evil_result), '22023',
          'a hostile = on text in the caller''s path does not let a bad channel through');

SELECT * FROM finish();
ROLLBACK;
