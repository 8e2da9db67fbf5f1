-- Request keys of receive_complaint() (39_case_requests.sql, 62_complaints.sql,
-- doc/complaints.md "Request keys"): the call repeated with the same key and
-- the same complaint returns the same complaint, in any state, and writes
-- nothing; the key with another complaint, or a key given to a submit(), is
-- 23505; a malformed key 22023; no key, as before; a key is its caller's.
BEGIN;
SET search_path = service_affair, public;
\ir access_fixture.inc
SELECT plan(56);

-- error of a call as role: 'SQLSTATE|detail'
CREATE FUNCTION pg_temp.error_as(r name, q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  st text := '00000';
  det text;
BEGIN
  EXECUTE pg_catalog.format('SET LOCAL ROLE %I', r);
  BEGIN
    EXECUTE q;
  EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, det = PG_EXCEPTION_DETAIL;
  END;
  RESET ROLE;
  RETURN st || '|' || coalesce(det, '');
END $$;
-- the rows a call may write, counted
CREATE FUNCTION pg_temp.rows_now() RETURNS text LANGUAGE sql AS $$
  SELECT format('complaint %s, complaint_event %s, case_request %s, cases %s',
                (SELECT count(*) FROM service_affair.complaint), (SELECT count(*) FROM service_affair.complaint_event),
                (SELECT count(*) FROM service_affair.case_request), (SELECT count(*) FROM service_affair.cases))
$$;
CREATE ROLE access_clerk2 IN ROLE service_affair_clerk;
INSERT INTO staff (login, department) VALUES ('access_clerk2', 'AX_M');

-- ---- the first call, then the same call again --------------------------------------------
SELECT pg_temp.count_as('access_clerk', $$SELECT receive_complaint('12345', 'complaint', 'Slow window', '2026-11-19 09:00+08', department => 'AX_M', request_key => 'hotline/0001')$$) AS k1 \gset
SELECT isnt(:k1::bigint, NULL, 'a clerk''s receive_complaint() with a request key receives a complaint');
SELECT is((SELECT status FROM complaint WHERE id = :k1), 'received', '... as without a key');
SELECT is((SELECT count(*) FROM case_request WHERE request_key = 'hotline/0001' AND actor = 'access_clerk' AND kind = 'complaint'
                                               AND complaint_id = :k1 AND case_id IS NULL), 1::bigint,
  '... and records the key, the caller and the complaint (kind complaint, no case)');
SELECT is((SELECT count(*) FROM complaint_event WHERE complaint_id = :k1), 1::bigint, '... and one event');
SELECT pg_temp.rows_now() AS rows1 \gset
SELECT is(pg_temp.count_as('access_clerk', $$SELECT receive_complaint('12345', 'complaint', 'Slow window', '2026-11-19 09:00+08', department => 'AX_M', request_key => 'hotline/0001')$$),
  :k1::bigint, 'the call repeated with the key returns the same complaint');
SELECT is(pg_temp.rows_now(), :'rows1', '... and writes nothing: no complaint, event or key');
SELECT is(pg_temp.count_as('access_clerk', $$SELECT receive_complaint('12345', 'complaint', 'Slow window', now(), department => 'AX_M', request_key => 'hotline/0001')$$),
  :k1::bigint, 'repeated later (at is not part of the complaint): the same complaint');
SELECT is(pg_temp.rows_now(), :'rows1', '... and nothing written');
-- in any state the complaint is now
SELECT lives_ok(format($$SELECT assign_complaint(%s, 'AX_M', '2026-11-19 10:00+08')$$, :k1), 'the complaint is assigned');
SELECT lives_ok(format($$SELECT reply_complaint(%s, 'We opened a second window', '2026-11-19 11:00+08')$$, :k1), '... and replied to');
SELECT pg_temp.rows_now() AS rows2 \gset
SELECT is(pg_temp.count_as('access_clerk', $$SELECT receive_complaint('12345', 'complaint', 'Slow window', '2026-11-19 09:00+08', department => 'AX_M', request_key => 'hotline/0001')$$),
  :k1::bigint, 'the call repeated after the complaint was replied to: still the same complaint');
SELECT is(pg_temp.rows_now(), :'rows2', '... and nothing written');
SELECT is((SELECT status FROM complaint WHERE id = :k1), 'replied', '... the complaint is left as it is');

-- ---- the key with another complaint: 23505 -----------------------------------------------
SELECT is(pg_temp.error_as('access_clerk', $$SELECT receive_complaint('12345', 'complaint', 'Slow window!', '2026-11-19 09:00+08', department => 'AX_M', request_key => 'hotline/0001')$$),
  format('23505|Role access_clerk received complaint %s with request key ''hotline/0001''; this call''s channel, category, body, case, item, department, point, applicant or blocker differ.', :k1),
  'the key with another body: 23505 naming the key and the complaint (the caller may act on it)');
SELECT is(split_part(pg_temp.error_as('access_clerk', $$SELECT receive_complaint('window', 'complaint', 'Slow window', '2026-11-19 09:00+08', department => 'AX_M', request_key => 'hotline/0001')$$), '|', 1),
  '23505', '... with another channel: 23505');
SELECT is(split_part(pg_temp.error_as('access_clerk', $$SELECT receive_complaint('12345', 'complaint', 'Slow window', '2026-11-19 09:00+08', request_key => 'hotline/0001')$$), '|', 1),
  '23505', '... without the department: 23505');
SELECT is(split_part(pg_temp.error_as('access_clerk', format($$SELECT receive_complaint('12345', 'complaint', 'Slow window', '2026-11-19 09:00+08', department => 'AX_M', applicant => %s, request_key => 'hotline/0001')$$, :p)), '|', 1),
  '23505', '... naming an applicant: 23505');
SELECT is(pg_temp.rows_now(), :'rows2', 'refused calls write nothing');

-- ---- one key, one request: a submit()'s key is not a complaint's --------------------------
SELECT pg_temp.count_as('access_clerk', $$SELECT submit('ax_biz', '11010519491231002X', '{form}', 'window', '{}', '2026-11-19 09:00+08', request_key => 'desk/0007')$$) AS s1 \gset
SELECT pg_temp.rows_now() AS rows3 \gset
SELECT is(pg_temp.error_as('access_clerk', $$SELECT receive_complaint('window', 'complaint', 'Lost file', '2026-11-19 09:30+08', request_key => 'desk/0007')$$),
  format('23505|Role access_clerk made case %s with request key ''desk/0007''; this call receives a complaint.', :s1),
  'a submit()''s key given to receive_complaint(): 23505 naming the case');
SELECT is(pg_temp.error_as('access_clerk', $$SELECT submit('ax_biz', '11010519491231002X', '{form}', 'window', '{}', '2026-11-19 09:00+08', request_key => 'hotline/0001')$$),
  format('23505|Role access_clerk received complaint %s with request key ''hotline/0001''; this call submits a case.', :k1),
  '... and a complaint''s key given to submit(): 23505 naming the complaint');
SELECT is(pg_temp.rows_now(), :'rows3', '... neither writes anything');
SELECT is(pg_temp.count_as('access_clerk', $$SELECT submit('ax_biz', '11010519491231002X', '{form}', 'window', '{}', '2026-11-19 09:00+08', request_key => 'desk/0007')$$),
  :s1::bigint, 'the submit() repeated with its key still returns its case');

-- ---- a key is its caller's ------------------------------------------------------------------
SELECT pg_temp.count_as('access_clerk2', $$SELECT receive_complaint('12345', 'complaint', 'Slow window', '2026-11-19 09:00+08', department => 'AX_M', request_key => 'hotline/0001')$$) AS k2 \gset
SELECT isnt(:k2::bigint, :k1::bigint, 'another clerk using the same key and complaint receives its own: it learns nothing of the first');
SELECT is((SELECT count(*) FROM case_request WHERE request_key = 'hotline/0001'), 2::bigint, '... two keys, one per caller');
SELECT isnt(pg_temp.count_as('access_clerk_h', $$SELECT receive_complaint('12345', 'complaint', 'Slow window', '2026-11-19 09:00+08', department => 'AX_M', request_key => 'hotline/0001')$$),
  :k1::bigint, '... a clerk of another region too');
-- a complaint about a case, by a clerk who then leaves the case's region
SELECT pg_temp.count_as('access_clerk2', format($$SELECT receive_complaint('window', 'complaint', 'Rude', '2026-11-19 09:00+08', case_id => %s, applicant => %s, request_key => 'desk/case-1')$$, :c_m, :p)) AS k3 \gset
SELECT is(pg_temp.count_as('access_clerk2', format($$SELECT receive_complaint('window', 'complaint', 'Rude', '2026-11-19 09:00+08', case_id => %s, applicant => %s, request_key => 'desk/case-1')$$, :c_m, :p)),
  :k3::bigint, 'a complaint about a case: the call repeated returns it');
DELETE FROM staff WHERE login = 'access_clerk2';
INSERT INTO staff (login, department) VALUES ('access_clerk2', 'AX_H');
SELECT pg_temp.rows_now() AS rows4 \gset
SELECT is(pg_temp.error_as('access_clerk2', format($$SELECT receive_complaint('window', 'complaint', 'Rude', '2026-11-19 09:00+08', case_id => %s, applicant => %s, request_key => 'desk/case-1')$$, :c_m, :p)),
  '42501|Role access_clerk2 received a complaint with this request key that it may no longer act on.',
  '... by a clerk who left the case''s region: 42501 without the complaint number');
SELECT is(pg_temp.error_as('access_clerk2', $$SELECT receive_complaint('window', 'complaint', 'Rude!', '2026-11-19 09:00+08', request_key => 'desk/case-1')$$),
  '23505|Role access_clerk2 received a complaint with request key ''desk/case-1''; this call''s channel, category, body, case, item, department, point, applicant or blocker differ.',
  '... and the key with another complaint: 23505 without the complaint number');
SELECT is(pg_temp.count_as('access_clerk2', $$SELECT receive_complaint('12345', 'complaint', 'Slow window', '2026-11-19 09:00+08', department => 'AX_M', request_key => 'hotline/0001')$$),
  :k2::bigint, '... its complaint naming no case it received: still returned (its receiver may act on it)');
SELECT is(pg_temp.rows_now(), :'rows4', '... none of them writes anything');

-- ---- malformed keys: 22023 ------------------------------------------------------------------
SELECT pg_temp.rows_now() AS rows5 \gset
SELECT is(split_part(pg_temp.error_as('access_clerk', format($$SELECT receive_complaint('12345', 'consultation', 'Where?', request_key => %L)$$, k)), '|', 1),
  '22023', format('request key %s: 22023', d))
  FROM (VALUES ('', 'empty'), (repeat('k', 201), 'of 201 characters'), (E'a\nb', 'with a line feed'),
               ('键-1', 'not ASCII')) v(k, d);
SELECT is(pg_temp.error_as('access_clerk', format($$SELECT receive_complaint('12345', 'consultation', 'Where?', request_key => %L)$$, repeat('x', 300))),
  format('22023|Request key %L is not 1 to 200 printable ASCII characters (space to ~).', repeat('x', 64)),
  'the DETAIL names the key cut to 64 characters');
SELECT is(pg_temp.rows_now(), :'rows5', 'malformed keys write nothing');
-- a call that fails after the key was claimed leaves no key behind
SELECT is(split_part(pg_temp.error_as('access_clerk', $$SELECT receive_complaint('12345', 'complaint', 'x', item => 'ax_nope', request_key => 'hotline/0002')$$), '|', 1),
  '23503', 'a call with a key refused later (unknown item)');
SELECT is((SELECT count(*) FROM case_request WHERE request_key = 'hotline/0002'), 0::bigint, '... leaves no key: the next call with it runs');
SELECT isnt(pg_temp.count_as('access_clerk', $$SELECT receive_complaint('12345', 'complaint', 'x', item => 'ax_biz', request_key => 'hotline/0002')$$), NULL,
  '... and receives the complaint');
-- the blocker is part of the complaint
SELECT pg_temp.count_as('access_clerk', $$SELECT receive_complaint('cannot_do', 'cannot_do', 'No way', blocker => 'Needs a stamp', request_key => 'cd/1')$$) AS k4 \gset
SELECT is(split_part(pg_temp.error_as('access_clerk', $$SELECT receive_complaint('cannot_do', 'cannot_do', 'No way', blocker => 'Needs two stamps', request_key => 'cd/1')$$), '|', 1),
  '23505', 'a 办不成事 complaint with another blocker: 23505');

-- ---- no key: as before ----------------------------------------------------------------------
SELECT pg_temp.count_as('access_clerk', $$SELECT receive_complaint('12345', 'consultation', 'Hours?', '2026-11-19 09:00+08')$$) AS n1 \gset
SELECT pg_temp.count_as('access_clerk', $$SELECT receive_complaint('12345', 'consultation', 'Hours?', '2026-11-19 09:00+08', request_key => NULL)$$) AS n2 \gset
SELECT isnt(:n1::bigint, :n2::bigint, 'without a key (or a NULL one) the same call twice receives two complaints, as before');
SELECT is((SELECT count(*) FROM case_request WHERE complaint_id IN (:n1, :n2)), 0::bigint, '... and records no key');

-- ---- administrators --------------------------------------------------------------------------
SELECT receive_complaint('letter', 'suggestion', 'More chairs', '2026-11-19 09:00+08', request_key => 'adm-c1') AS a1 \gset
SELECT pg_temp.rows_now() AS rows6 \gset
SELECT is(receive_complaint('letter', 'suggestion', 'More chairs', '2026-11-20 09:00+08', request_key => 'adm-c1'), :a1::bigint,
  'an administrator: the call repeated returns the same complaint');
SELECT is(pg_temp.rows_now(), :'rows6', '... and writes nothing');
SELECT isnt(pg_temp.count_as('access_admin', $$SELECT receive_complaint('letter', 'suggestion', 'More chairs', '2026-11-19 09:00+08', request_key => 'adm-c1')$$), :a1::bigint,
  '... another administrator with the same key and complaint: a complaint of its own (keys are per caller)');

-- ---- the lowest roles ------------------------------------------------------------------------
SELECT is(pg_temp.state_as(r, q), '42501', format('%s: %s refused', r, q))
  FROM unnest(ARRAY['access_public', 'access_analyst', 'access_nobody', 'access_reviewer', 'access_clerk']) r,
       unnest(ARRAY[$$SELECT service_affair.request_claim('k', sha256(''), 'complaint')$$,
                    $$SELECT service_affair.complaint_request_digest('12345', 'complaint', 'x', NULL, NULL, NULL, NULL, NULL, NULL)$$]) q
 WHERE r <> 'access_clerk' OR q LIKE '%digest%';
SELECT is(pg_temp.state_as(r, $$SELECT receive_complaint('12345', 'complaint', 'Slow window', '2026-11-19 09:00+08', department => 'AX_M', request_key => 'hotline/0001')$$),
  '42501', format('%s cannot replay a key', r))
  FROM unnest(ARRAY['access_public', 'access_reviewer']) r;

SELECT * FROM finish();
ROLLBACK;
