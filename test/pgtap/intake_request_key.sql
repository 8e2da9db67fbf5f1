-- Request keys of submit() (39_case_requests.sql, doc/intake.md "Request
-- keys"): the call repeated with the same key and the same submission
-- returns the same case and writes nothing; the key with another submission
-- is 23505; a malformed key 22023; no key, as before; a key is its caller's.
BEGIN;
SET search_path = service_affair, public;
\ir access_fixture.inc
SELECT plan(47);

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
  SELECT format('cases %s, case_material %s, case_event %s, task %s, access_log %s, case_request %s',
                (SELECT count(*) FROM service_affair.cases), (SELECT count(*) FROM service_affair.case_material),
                (SELECT count(*) FROM service_affair.case_event), (SELECT count(*) FROM service_affair.task),
                (SELECT count(*) FROM service_affair.access_log), (SELECT count(*) FROM service_affair.case_request))
$$;
CREATE ROLE access_clerk2 IN ROLE service_affair_clerk;
INSERT INTO staff (login, department) VALUES ('access_clerk2', 'AX_M');

-- ---- the first call, then the same call again --------------------------------------------
SELECT pg_temp.count_as('access_clerk', $$SELECT submit('ax_biz', '11010519491231002X', '{form}', 'window', '{}', '2026-11-19 09:00+08', request_key => 'win-42/0001')$$) AS k1 \gset
SELECT isnt(:k1::bigint, NULL, 'a clerk''s submit() with a request key records a case');
SELECT is((SELECT status FROM cases WHERE id = :k1), 'accepted', '... as without a key (accepted, routed)');
SELECT is((SELECT count(*) FROM case_request WHERE request_key = 'win-42/0001' AND actor = 'access_clerk' AND case_id = :k1), 1::bigint,
  '... and records the key, the caller and the case');
SELECT is((SELECT count(*) FROM access_log WHERE case_id = :k1 AND purpose = 'submit'), 1::bigint, '... and one row of the access log');
SELECT pg_temp.rows_now() AS rows1 \gset
SELECT is(pg_temp.count_as('access_clerk', $$SELECT submit('ax_biz', '11010519491231002X', '{form}', 'window', '{}', '2026-11-19 09:00+08', request_key => 'win-42/0001')$$),
  :k1::bigint, 'the call repeated with the key returns the same case');
SELECT is(pg_temp.rows_now(), :'rows1', '... and writes nothing: no case, material, event, task, access-log row or key');
SELECT is(pg_temp.count_as('access_clerk', $$SELECT submit('ax_biz', '11010519491231002x', '{form}', 'window', '{}', now(), request_key => 'win-42/0001')$$),
  :k1::bigint, 'repeated later (at is not part of the submission) and with another spelling of the identifier: the same case');
SELECT is(pg_temp.rows_now(), :'rows1', '... and nothing written');
-- in any state the case is now
SELECT lives_ok(format($$SELECT withdraw(%s, '2026-11-19 10:00+08')$$, :k1), 'the case is withdrawn');
SELECT pg_temp.rows_now() AS rows2 \gset
SELECT is(pg_temp.count_as('access_clerk', $$SELECT submit('ax_biz', '11010519491231002X', '{form}', 'window', '{}', '2026-11-19 09:00+08', request_key => 'win-42/0001')$$),
  :k1::bigint, 'the call repeated after the case was withdrawn: still the same case');
SELECT is(pg_temp.rows_now(), :'rows2', '... and nothing written');
SELECT is((SELECT status FROM cases WHERE id = :k1), 'withdrawn', '... the case is left as it is');

-- ---- the key with another submission: 23505 ----------------------------------------------
SELECT is(split_part(pg_temp.error_as('access_clerk', $$SELECT submit('ax_biz', '11010519491231002X', '{form}', 'online', '{}', '2026-11-19 09:00+08', request_key => 'win-42/0001')$$), '|', 1),
  '23505', 'the key with another channel: 23505');
SELECT is(pg_temp.error_as('access_clerk', $$SELECT submit('ax_biz', '330225198001010018', '{form}', 'window', '{}', '2026-11-19 09:00+08', request_key => 'win-42/0001')$$),
  format('23505|Role access_clerk made case %s with request key ''win-42/0001''; this call''s service, applicant, materials, commitments, channel or place differ.', :k1),
  '... with another applicant: 23505 naming the key and the case (the caller sees it)');
SELECT is(split_part(pg_temp.error_as('access_clerk', $$SELECT submit('ax_biz', '11010519491231002X', '{form}', 'window', '{}', '2026-11-19 09:00+08', point => 'XS-town.01', request_key => 'win-42/0001')$$), '|', 1),
  '23505', '... with a point (the place is part of the submission): 23505');
SELECT is(pg_temp.rows_now(), :'rows2', 'refused calls write nothing');

-- ---- a key is its caller's ------------------------------------------------------------------
SELECT pg_temp.count_as('access_clerk2', $$SELECT submit('ax_biz', '11010519491231002X', '{form}', 'window', '{}', '2026-11-19 09:00+08', request_key => 'win-42/0001')$$) AS k2 \gset
SELECT isnt(:k2::bigint, :k1::bigint, 'another clerk using the same key and submission makes its own case: it learns nothing of the first');
SELECT is((SELECT count(*) FROM case_request WHERE request_key = 'win-42/0001'), 2::bigint, '... two keys, one per caller');
SELECT is(split_part(pg_temp.error_as('access_clerk_h', $$SELECT submit('ax_biz', '11010519491231002X', '{form}', 'window', '{}', '2026-11-19 09:00+08', request_key => 'win-42/0001')$$), '|', 1),
  '42501', 'a clerk of another region with the key: refused as without it (42501), not given the case');
-- a clerk who left the region no longer sees the case: not named
DELETE FROM staff WHERE login = 'access_clerk2';
INSERT INTO staff (login, department) VALUES ('access_clerk2', 'AX_H');
SELECT is(pg_temp.error_as('access_clerk2', $$SELECT submit('ax_biz', '330225198001010018', '{form}', 'window', '{}', '2026-11-19 09:00+08', request_key => 'win-42/0001')$$),
  '23505|Role access_clerk2 made a case with request key ''win-42/0001''; this call''s service, applicant, materials, commitments, channel or place differ.',
  'the key with another submission, by a clerk who may no longer see the case: 23505 without the case number');
SELECT is(pg_temp.error_as('access_clerk2', $$SELECT submit('ax_biz', '11010519491231002X', '{form}', 'window', '{}', '2026-11-19 09:00+08', request_key => 'win-42/0001')$$),
  '42501|Role access_clerk2 made a case with this request key that it may no longer see.',
  '... and the call repeated: 42501 without the case number');

-- ---- malformed keys: 22023 ------------------------------------------------------------------
SELECT pg_temp.rows_now() AS rows3 \gset
SELECT is(split_part(pg_temp.error_as('access_clerk', format($$SELECT submit('ax_biz', '11010519491231002X', '{form}', request_key => %L)$$, k)), '|', 1),
  '22023', format('request key %s: 22023', d))
  FROM (VALUES ('', 'empty'), (repeat('k', 201), 'of 201 characters'), (E'a\nb', 'with a line feed'),
               (E'a\tb', 'with a tab'), ('键-1', 'not ASCII')) v(k, d);
SELECT is(pg_temp.error_as('access_clerk', format($$SELECT submit('ax_biz', '11010519491231002X', '{form}', request_key => %L)$$, repeat('x', 300))),
  format('22023|Request key %L is not 1 to 200 printable ASCII characters (space to ~).', repeat('x', 64)),
  'the DETAIL names the key cut to 64 characters');
SELECT is(pg_temp.rows_now(), :'rows3', 'malformed keys write nothing');
SELECT isnt(pg_temp.count_as('access_clerk', format($$SELECT submit('ax_biz', '11010519491231002X', '{form}', request_key => %L)$$, repeat('~', 199) || ' ')), NULL,
  'a key of 200 printable characters is taken');
-- a call that fails after the key was claimed leaves no key behind
SELECT is(split_part(pg_temp.error_as('access_clerk', $$SELECT submit('ax_nope', '11010519491231002X', '{form}', request_key => 'win-42/0002')$$), '|', 1),
  '23503', 'a call with a key refused later (unknown service)');
SELECT is((SELECT count(*) FROM case_request WHERE request_key = 'win-42/0002'), 0::bigint, '... leaves no key: the next call with it runs');

-- ---- no key: as before ----------------------------------------------------------------------
SELECT pg_temp.count_as('access_clerk', $$SELECT submit('ax_biz', '11010519491231002X', '{form}', 'window', '{}', '2026-11-19 09:00+08')$$) AS n1 \gset
SELECT pg_temp.count_as('access_clerk', $$SELECT submit('ax_biz', '11010519491231002X', '{form}', 'window', '{}', '2026-11-19 09:00+08', request_key => NULL)$$) AS n2 \gset
SELECT isnt(:n1::bigint, :n2::bigint, 'without a key (or a NULL one) the same call twice makes two cases, as before');
SELECT is((SELECT count(*) FROM case_request WHERE case_id IN (:n1, :n2)), 0::bigint, '... and records no key');

-- ---- the applicant-id form (administrators) --------------------------------------------------
SELECT submit('ax_biz', :p, '{form}', 'window', '{}', '2026-11-19 09:00+08', request_key => 'adm-1') AS a1 \gset
SELECT pg_temp.rows_now() AS rows5 \gset
SELECT is(submit('ax_biz', :p, '{form}', 'window', '{}', '2026-11-19 11:00+08', request_key => 'adm-1'), :a1::bigint,
  'the id form: the call repeated returns the same case');
SELECT is(pg_temp.rows_now(), :'rows5', '... and writes nothing');
SELECT isnt(pg_temp.count_as('access_admin', format($$SELECT submit('ax_biz', %s, '{form}', 'window', '{}', '2026-11-19 09:00+08', request_key => 'adm-1')$$, :p)), :a1::bigint,
  '... another administrator with the same key and submission: a case of its own (keys are per caller)');
SELECT is(split_part(pg_temp.error_as(current_user, format($$SELECT submit('ax_biz', %s, '{form}', 'online', '{}', '2026-11-19 09:00+08', request_key => 'adm-1')$$, :p)), '|', 1),
  '23505', '... the key with another submission: 23505');
SELECT is(split_part(pg_temp.error_as(current_user, $$SELECT submit('ax_biz', '11010519491231002X', '{form}', 'window', '{}', '2026-11-19 09:00+08', request_key => 'adm-1')$$), '|', 1),
  '23505', '... and through the identifier form (another form of call): 23505');

-- ---- the lowest roles ------------------------------------------------------------------------
SELECT is(pg_temp.state_as(r, q), '42501', format('%s: %s refused', r, q))
  FROM unnest(ARRAY['access_public', 'access_analyst', 'access_nobody', 'access_clerk']) r,
       unnest(ARRAY['SELECT count(*) FROM service_affair.case_request',
                    $$SELECT service_affair.request_claim('k', sha256(''))$$]) q;
SELECT is(pg_temp.state_as('access_public', $$SELECT submit('ax_biz', '11010519491231002X', '{form}', request_key => 'win-42/0001')$$),
  '42501', 'the public cannot replay a key');

SELECT * FROM finish();
ROLLBACK;
