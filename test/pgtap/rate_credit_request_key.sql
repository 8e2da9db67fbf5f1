-- Request keys of rate() and record_credit_event() (39_case_requests.sql,
-- 60_ratings.sql, 56_credit.sql; doc/ratings.md and doc/credit.md "Request
-- keys"): the call repeated with the same key and the same rating or event
-- returns the same one, in any state, and writes nothing; the key with
-- another rating or event, or given to another kind of call, is 23505; a
-- malformed key 22023; no key, as before; a key is its caller's.
BEGIN;
SET search_path = service_affair, public;
\ir access_fixture.inc
SELECT plan(53);

-- error of a call as role: 'SQLSTATE|message|detail'
CREATE FUNCTION pg_temp.error_as(r name, q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  st text := '00000';
  msg text;
  det text;
BEGIN
  EXECUTE pg_catalog.format('SET LOCAL ROLE %I', r);
  BEGIN
    EXECUTE q;
  EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL;
  END;
  RESET ROLE;
  RETURN st || '|' || coalesce(msg, '') || '|' || coalesce(det, '');
END $$;
-- the rows a call may write, counted
CREATE FUNCTION pg_temp.rows_now() RETURNS text LANGUAGE sql AS $$
  SELECT format('rating %s, rectification %s, credit_event %s, case_request %s, cases %s',
                (SELECT count(*) FROM service_affair.rating), (SELECT count(*) FROM service_affair.rectification),
                (SELECT count(*) FROM service_affair.credit_event), (SELECT count(*) FROM service_affair.case_request),
                (SELECT count(*) FROM service_affair.cases))
$$;
CREATE ROLE access_clerk2 IN ROLE service_affair_clerk;
INSERT INTO staff (login, department) VALUES ('access_clerk2', 'AX_M');

-- ==== rate() ===================================================================================
SELECT pg_temp.count_as('access_clerk', format($$SELECT rate(%s, 2, 'window', 'slow', '2026-11-19 09:00+08', request_key => 'rate/0001')$$, :c_m)) AS r1 \gset
SELECT isnt(:r1::bigint, NULL, 'a clerk''s rate() with a request key records a rating');
SELECT is((SELECT count(*) FROM rectification WHERE rating_id = :r1), 1::bigint, '... a bad one, with its rectification, as without a key');
SELECT is((SELECT count(*) FROM case_request WHERE request_key = 'rate/0001' AND actor = 'access_clerk' AND kind = 'rating'
                                               AND rating_id = :r1 AND case_id = :c_m AND complaint_id IS NULL AND credit_event_id IS NULL), 1::bigint,
  '... and records the key, the caller, the rating and its case (kind rating)');
SELECT pg_temp.rows_now() AS rows1 \gset
SELECT is(pg_temp.count_as('access_clerk', format($$SELECT rate(%s, 2, 'window', 'slow', '2026-11-19 09:00+08', request_key => 'rate/0001')$$, :c_m)),
  :r1::bigint, 'the call repeated with the key returns the same rating (without a key: 23505, already rated)');
SELECT is(pg_temp.rows_now(), :'rows1', '... and writes nothing: no rating, rectification or key');
SELECT is(pg_temp.count_as('access_clerk', format($$SELECT rate(%s, 2, 'window', 'slow', now(), request_key => 'rate/0001')$$, :c_m)),
  :r1::bigint, 'repeated later (at is not part of the rating): the same rating');
SELECT is(pg_temp.rows_now(), :'rows1', '... and nothing written');
SELECT is((SELECT at FROM rating WHERE id = :r1), '2026-11-19 09:00+08'::timestamptz, '... the rating keeps the first call''s time');
-- in any state the rating is now
SELECT lives_ok(format($$SELECT appeal_rating(%s, 'rated the wrong office', '2026-11-20 09:00+08')$$, :r1), 'the rating is appealed');
SELECT is(pg_temp.count_as('access_clerk', format($$SELECT rate(%s, 2, 'window', 'slow', '2026-11-19 09:00+08', request_key => 'rate/0001')$$, :c_m)),
  :r1::bigint, 'the call repeated after the appeal: still the same rating');
SELECT is(pg_temp.rows_now(), :'rows1', '... and nothing written');

-- ---- the key with another rating: 23505 ------------------------------------------------------
SELECT is(pg_temp.error_as('access_clerk', format($$SELECT rate(%s, 1, 'window', 'slow', '2026-11-19 09:00+08', request_key => 'rate/0001')$$, :c_m)),
  format('23505|request key ''rate/0001'' was used for another rating|Role access_clerk gave rating %s of case %s with request key ''rate/0001''; this call''s case, level, channel or comment differ.', :r1, :c_m),
  'the key with another level: 23505 naming the key, the rating and its case');
SELECT is(split_part(pg_temp.error_as('access_clerk', format($$SELECT rate(%s, 2, 'online', 'slow', '2026-11-19 09:00+08', request_key => 'rate/0001')$$, :c_m)), '|', 1),
  '23505', '... with another channel: 23505');
SELECT is(split_part(pg_temp.error_as('access_clerk', format($$SELECT rate(%s, 2, 'window', 'very slow', '2026-11-19 09:00+08', request_key => 'rate/0001')$$, :c_m)), '|', 1),
  '23505', '... with another comment: 23505');
SELECT is(split_part(pg_temp.error_as('access_clerk', format($$SELECT rate(%s, 2, 'window', NULL, '2026-11-19 09:00+08', request_key => 'rate/0001')$$, :c_m)), '|', 1),
  '23505', '... without the comment: 23505');
SELECT is(split_part(pg_temp.error_as('access_clerk', format($$SELECT rate(%s, 2, 'window', 'slow', '2026-11-19 09:00+08', request_key => 'rate/0001')$$, :c_m2)), '|', 1),
  '23505', '... of another case: 23505');
SELECT is(pg_temp.rows_now(), :'rows1', 'refused calls write nothing');
-- a blank comment is none, in the digest as in the rating
SELECT pg_temp.count_as('access_clerk', format($$SELECT rate(%s, 4, 'kiosk', NULL, '2026-11-19 09:00+08', request_key => 'rate/0002')$$, :c_m2)) AS r2 \gset
SELECT is(pg_temp.count_as('access_clerk', format($$SELECT rate(%s, 4, 'kiosk', E' \t', '2026-11-19 09:00+08', request_key => 'rate/0002')$$, :c_m2)),
  :r2::bigint, 'a blank comment is the same rating as none (rate() stores none)');

-- ---- one key, one request ------------------------------------------------------------------------
SELECT pg_temp.count_as('access_clerk', $$SELECT submit('ax_biz', '11010519491231002X', '{form}', 'window', '{}', '2026-11-19 09:00+08', request_key => 'desk/0007')$$) AS s1 \gset
SELECT pg_temp.rows_now() AS rows2 \gset
SELECT is(pg_temp.error_as('access_clerk', format($$SELECT rate(%s, 5, request_key => 'desk/0007')$$, :c_m3)),
  format('23505|request key ''desk/0007'' was used for another submission|Role access_clerk made case %s with request key ''desk/0007''; this call rates a case.', :s1),
  'a submit()''s key given to rate(): 23505 naming the case');
SELECT is(pg_temp.error_as('access_clerk', $$SELECT submit('ax_biz', '11010519491231002X', '{form}', 'window', '{}', '2026-11-19 09:00+08', request_key => 'rate/0001')$$),
  format('23505|request key ''rate/0001'' was used for another rating|Role access_clerk gave rating %s of case %s with request key ''rate/0001''; this call submits a case.', :r1, :c_m),
  '... and a rating''s key given to submit(): 23505 naming the rating');
SELECT is(split_part(pg_temp.error_as('access_clerk', $$SELECT receive_complaint('12345', 'complaint', 'x', request_key => 'rate/0001')$$), '|', 1),
  '23505', '... or to receive_complaint(): 23505');
SELECT is(pg_temp.rows_now(), :'rows2', '... none writes anything');

-- ---- malformed keys, a call refused later -----------------------------------------------------
SELECT is(split_part(pg_temp.error_as('access_clerk', format($$SELECT rate(%s, 5, request_key => '')$$, :c_m3)), '|', 1),
  '22023', 'an empty key: 22023');
SELECT is(split_part(pg_temp.error_as('access_clerk', format($$SELECT rate(%s, 5, request_key => E'a\nb')$$, :c_m3)), '|', 1),
  '22023', 'a key with a control character: 22023');
SELECT is(split_part(pg_temp.error_as('access_clerk', format($$SELECT rate(%s, 9, request_key => 'rate/0003')$$, :c_m3)), '|', 1),
  '22023', 'a keyed call refused later (level 9)');
SELECT is((SELECT count(*) FROM case_request WHERE request_key = 'rate/0003'), 0::bigint, '... leaves no key behind');
SELECT is(pg_temp.rows_now(), :'rows2', '... nor anything else');
SELECT isnt(pg_temp.count_as('access_clerk', format($$SELECT rate(%s, 5, request_key => 'rate/0003')$$, :c_m3)), NULL,
  '... and the next call with the key rates the case');

-- ---- whose key -------------------------------------------------------------------------------------
SELECT is(split_part(pg_temp.error_as('access_clerk2', format($$SELECT rate(%s, 2, 'window', 'slow', '2026-11-19 09:00+08', request_key => 'rate/0001')$$, :c_m)), '|', 2),
  format('case %s is already rated', :c_m), 'another clerk with the same key is a first call of its own (here: already rated)');
-- the caller moved away from the case's region: the repeat is 42501, the
-- mismatch 23505 without the rating's number
DELETE FROM staff WHERE login = 'access_clerk';
SELECT is(pg_temp.error_as('access_clerk', format($$SELECT rate(%s, 2, 'window', 'slow', '2026-11-19 09:00+08', request_key => 'rate/0001')$$, :c_m)),
  '42501|permission denied for the rating of request key ''rate/0001''|Role access_clerk gave a rating with this request key of a case that it may no longer see.',
  'the repeat by a clerk no longer of the case''s region: 42501, nothing named');
SELECT is(split_part(pg_temp.error_as('access_clerk', format($$SELECT rate(%s, 3, 'window', 'slow', '2026-11-19 09:00+08', request_key => 'rate/0001')$$, :c_m)), '|', 3),
  'Role access_clerk gave a rating with request key ''rate/0001''; this call''s case, level, channel or comment differ.',
  '... the key with another rating: 23505 without the rating''s number');
INSERT INTO staff (login, department) VALUES ('access_clerk', 'AX_M');

-- ---- no key: as before ----------------------------------------------------------------------------
SELECT is(split_part(pg_temp.error_as('access_clerk', format($$SELECT rate(%s, 2, 'window', 'slow', '2026-11-19 09:00+08')$$, :c_m)), '|', 1),
  '23505', 'without a key the call repeated is 23505, already rated, as before');

-- ==== record_credit_event() ==========================================================================
SELECT pg_temp.count_as('access_admin', $$SELECT record_credit_event('91350100M000100Y43', 'minor', 'late annual report', '2026-11-19 09:00+08', request_key => 'credit/0001')$$) AS e1 \gset
SELECT isnt(:e1::bigint, NULL, 'an administrator''s record_credit_event() with a request key records an event');
SELECT is((SELECT count(*) FROM case_request WHERE request_key = 'credit/0001' AND actor = 'access_admin' AND kind = 'credit_event'
                                               AND credit_event_id = :e1 AND case_id IS NULL AND rating_id IS NULL), 1::bigint,
  '... and records the key, the caller and the event (kind credit_event, no case)');
SELECT pg_temp.rows_now() AS rows3 \gset
SELECT is(pg_temp.count_as('access_admin', $$SELECT record_credit_event('91350100M000100Y43', 'minor', 'late annual report', '2026-11-19 09:00+08', request_key => 'credit/0001')$$),
  :e1::bigint, 'the call repeated with the key returns the same event (without a key: a second event)');
SELECT is(pg_temp.rows_now(), :'rows3', '... and writes nothing');
SELECT is(pg_temp.count_as('access_admin', $$SELECT record_credit_event('91350100m000100y43', 'minor', 'late annual report', now(), request_key => 'credit/0001')$$),
  :e1::bigint, 'repeated later (at is not part of the event) and with another spelling of the subject: the same event');
SELECT is(pg_temp.rows_now(), :'rows3', '... and nothing written');
SELECT is(pg_temp.error_as('access_admin', $$SELECT record_credit_event('91350100M000100Y43', 'serious', 'late annual report', '2026-11-19 09:00+08', request_key => 'credit/0001')$$),
  format('23505|request key ''credit/0001'' was used for another credit event|Role access_admin recorded credit event %s with request key ''credit/0001''; this call''s subject, severity, note or needs_review differ.', :e1),
  'the key with another severity: 23505 naming the key and the event');
SELECT is(split_part(pg_temp.error_as('access_admin', $$SELECT record_credit_event('91110000600037341L', 'minor', 'late annual report', '2026-11-19 09:00+08', request_key => 'credit/0001')$$), '|', 1),
  '23505', '... with another subject: 23505');
SELECT is(split_part(pg_temp.error_as('access_admin', $$SELECT record_credit_event('91350100M000100Y43', 'minor', 'late report', '2026-11-19 09:00+08', request_key => 'credit/0001')$$), '|', 1),
  '23505', '... with another note: 23505');
SELECT is(split_part(pg_temp.error_as('access_admin', $$SELECT record_credit_event('91350100M000100Y43', 'minor', 'late annual report', '2026-11-19 09:00+08', true, request_key => 'credit/0001')$$), '|', 1),
  '23505', '... awaiting a review: 23505');
SELECT is(split_part(pg_temp.error_as('access_admin', format($$SELECT rate(%s, 5, request_key => 'credit/0001')$$, :c_h)), '|', 3),
  format('Role access_admin recorded credit event %s with request key ''credit/0001''; this call rates a case.', :e1),
  '... given to rate(): 23505 (one key, one request)');
SELECT is(pg_temp.rows_now(), :'rows3', 'refused calls write nothing');
-- in any state: reviewed
SELECT pg_temp.count_as('access_admin', $$SELECT record_credit_event('91350100M000100Y43', 'serious', 'reported by customs', '2026-11-19 10:00+08', true, request_key => 'credit/0002')$$) AS e2 \gset
SELECT lives_ok(format($$SELECT review_credit_event(%s, false, 'not ours', '2026-11-19 11:00+08')$$, :e2), 'the event awaiting a review is dismissed');
SELECT pg_temp.rows_now() AS rows4 \gset
SELECT is(pg_temp.count_as('access_admin', $$SELECT record_credit_event('91350100M000100Y43', 'serious', 'reported by customs', '2026-11-19 10:00+08', true, request_key => 'credit/0002')$$),
  :e2::bigint, 'the call repeated after the review: the same event');
SELECT is(pg_temp.rows_now(), :'rows4', '... and nothing written');
-- keys are per caller; the lowest roles are refused before their key is looked at
SELECT isnt(record_credit_event('91350100M000100Y43', 'minor', 'late annual report', '2026-11-19 09:00+08', request_key => 'credit/0001'), :e1::bigint,
  'another administrator (the superuser) with the same key and event: an event of its own');
SELECT is(pg_temp.state_as(r, $$SELECT record_credit_event('91350100M000100Y43', 'minor', 'late annual report', '2026-11-19 09:00+08', request_key => 'credit/0001')$$),
  '42501', format('%s cannot record nor replay a credit event', r))
  FROM unnest(ARRAY['access_clerk', 'access_reviewer']) r;
SELECT is(pg_temp.state_as(r, q), '42501', format('%s: %s refused', r, q))
  FROM unnest(ARRAY['access_public', 'access_clerk']) r,
       unnest(ARRAY[$$SELECT service_affair.rating_request_digest(1, 5, 'online', NULL)$$,
                    $$SELECT service_affair.credit_event_request_digest('x', 'minor', 'x', false)$$]) q
 WHERE r = 'access_public' OR q LIKE '%credit%';

SELECT * FROM finish();
ROLLBACK;
