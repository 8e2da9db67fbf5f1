-- A caller who may not act on a case learns nothing of it: not whether the
-- number exists, not whether the case is settled (doc/access.md, "The right
-- before the state").  Until 2026-12-05 rate(), notice(), case_guide(),
-- receive_complaint() and every writer going through lock_case()
-- (supplement(), withdraw(), record_visit(), deliver(), record_evidence())
-- looked the case up first: a clerk of another region got 23503 for an
-- unknown number, 55000 for a settled case and 42501 only for an open case
-- of another region (a review).  Now each gives such a caller the one 42501
-- of require_case() (05_org.sql), in the same words but for the number;
-- administrators and the clerks of the case's region still get 23503 and
-- 55000, and a NULL id is 22023 for everybody.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(18);
\ir complaint_fixture.inc
SELECT create_roles();
CREATE ROLE aco_stranger LOGIN IN ROLE service_affair_clerk;  -- a clerk of CC, region 330226
INSERT INTO staff (login, department) VALUES ('aco_stranger', 'CC');
CREATE ROLE aco_own LOGIN IN ROLE service_affair_clerk;       -- a clerk of CA, region 330225 (the cases')
INSERT INTO staff (login, department) VALUES ('aco_own', 'CA');
CREATE ROLE aco_admin LOGIN IN ROLE service_affair_admin;

-- the fixture's case (returned, 330225) is settled; then an open case of
-- the same region is written; and a number no case has
INSERT INTO case_event (case_id, at, kind, from_status, to_status, detail)
SELECT k, '2026-10-30 09:00+08', 'submitted', NULL, 'returned', '{}' FROM cf;  -- every case has its submission
INSERT INTO setting (name, value) VALUES ('settle.quiet_days', '0');
SELECT is(settle_cases('2026-11-20 12:00+08'), 1, 'the fixture''s case is settled');
INSERT INTO cases (service, service_kind, item, department, region, applicant, channel, status, returned,
                   submitted_at, calendar, promised_limit, legal_limit)
SELECT 'ca_item', 'item', 'ca_item', 'CA', '330225', p, 'window', 'returned', true,
       '2026-10-30 09:00+08', 'cn', 5, 20 FROM cf;
CREATE TEMP TABLE ks AS SELECT
  (SELECT k FROM cf) AS settled,
  (SELECT max(id) FROM cases WHERE NOT settled AND service = 'ca_item') AS open,
  (SELECT max(id) + 1000 FROM cases) AS unknown;
GRANT SELECT ON ks TO PUBLIC;
SELECT ok((SELECT settled FROM cases WHERE id = (SELECT settled FROM ks))
          AND NOT (SELECT settled FROM cases WHERE id = (SELECT open FROM ks))
          AND NOT EXISTS (SELECT FROM cases WHERE id = (SELECT unknown FROM ks)),
          'a settled case, an open case of 330225 and an unknown number');

-- every error, as "SQLSTATE message / detail", the number asked masked
CREATE FUNCTION pg_temp.refusal(q text, k bigint) RETURNS text LANGUAGE plpgsql AS $$
DECLARE m text; d text; s text;
BEGIN
    EXECUTE format(q, k, k);
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS s = RETURNED_SQLSTATE, m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL;
    RETURN regexp_replace(s || ' ' || m || ' / ' || COALESCE(d, ''), '\m' || k || '\M', '<case>', 'g');
END
$$;
CREATE TEMP TABLE calls (f text, q text);
INSERT INTO calls VALUES
  ('rate', 'SELECT service_affair.rate(%s, 5, ''window'', NULL, ''2026-11-02 10:00+08'')'),
  ('notice', 'SELECT * FROM service_affair.notice(%s)'),
  ('case_guide', 'SELECT service_affair.case_guide(%s)'),
  ('receive_complaint', 'SELECT service_affair.receive_complaint(''window'', ''complaint'', ''x'', ''2026-11-02 10:00+08'', case_id => %s, applicant => (SELECT p FROM cf))'),
  ('supplement', 'SELECT service_affair.supplement(%s, ''{}'', ''2026-11-02 10:00+08'', ''window'')'),
  ('withdraw', 'SELECT service_affair.withdraw(%s, ''2026-11-02 10:00+08'')'),
  ('record_visit', 'SELECT service_affair.record_visit(%s, ''2026-11-02 10:00+08'', ''a visit'')'),
  ('deliver', 'SELECT service_affair.deliver(%s, ''window'', ''2026-11-02 10:00+08'')'),
  ('record_evidence', 'SELECT service_affair.record_evidence(%s, ''no_type'', ''ref'', NULL)');
GRANT SELECT ON calls TO PUBLIC;
CREATE TEMP TABLE seen (who text, f text, kind text, e text);
GRANT ALL ON seen TO PUBLIC;

SET ROLE aco_stranger;
INSERT INTO seen SELECT 'stranger', f, kind, pg_temp.refusal(q, k)
  FROM calls, ks, LATERAL (VALUES ('unknown', ks.unknown), ('open', ks.open), ('settled', ks.settled)) v (kind, k);
INSERT INTO seen SELECT 'stranger', f, 'null', pg_temp.refusal(replace(q, '%s', 'NULL'), 0) FROM calls;
RESET ROLE;

-- one assertion a function: the three numbers refused alike, with the
-- words of require_case() for the readers and rate(), and for the steps
-- through lock_case() (require_case_step(), 42_tongban.sql) words that name
-- the receiving point's staff too, whom those steps admit (until 2026-12-06
-- require_case()'s, naming the region's clerks only, a review);
-- record_evidence() asks require_case() before lock_case(), as it admits
-- no point's staff (since 2026-12-06, licence_point_clerk.sql)
CREATE TEMP TABLE expected AS SELECT f, CASE WHEN f IN ('supplement', 'withdraw', 'record_visit', 'deliver')
  THEN '42501 permission denied for case <case> / Role aco_stranger may not act on case <case>, if there is one: administrators, the clerks of the region where it was submitted and, until its result is delivered, the staff of the point where it was received do.'
  ELSE '42501 permission denied for case <case> / Role aco_stranger may not act on case <case>, if there is one: administrators and the clerks of the region where it was submitted do.'
  END AS e FROM calls;
SELECT is((SELECT array_agg(DISTINCT e) FROM seen WHERE who = 'stranger' AND f = c.f AND kind <> 'null'),
          (SELECT ARRAY[e] FROM expected x WHERE x.f = c.f),
          c.f || '(): an unknown number, another region''s open case and a settled case refused alike (42501)')
  FROM (SELECT f FROM calls ORDER BY f) c;
SELECT is((SELECT count(DISTINCT e)::int FROM seen WHERE who = 'stranger' AND kind <> 'null'
              AND f IN ('supplement', 'withdraw', 'record_visit', 'deliver')), 1,
          'the four steps at the window refuse the three numbers in one set of words');

-- a NULL id is a bad argument, for a stranger too (it names no case)
SELECT is((SELECT array_agg(f ORDER BY f) FROM seen WHERE who = 'stranger' AND kind = 'null' AND e NOT LIKE '22023 %'),
          '{receive_complaint}', 'a NULL case id: 22023 for every function but receive_complaint() (a NULL case is none there)');

-- the clerks of the case's region and administrators still get the state
SET ROLE aco_own;
INSERT INTO seen SELECT 'own', f, kind, pg_temp.refusal(q, k)
  FROM calls, ks, LATERAL (VALUES ('unknown', ks.unknown), ('settled', ks.settled)) v (kind, k)
 WHERE f IN ('rate', 'withdraw', 'notice', 'case_guide');
RESET ROLE;
SET ROLE aco_admin;
INSERT INTO seen SELECT 'admin', f, kind, pg_temp.refusal(q, k)
  FROM calls, ks, LATERAL (VALUES ('unknown', ks.unknown), ('settled', ks.settled)) v (kind, k)
 WHERE f IN ('rate', 'withdraw', 'notice', 'case_guide', 'receive_complaint');
RESET ROLE;
SELECT is((SELECT array_agg(f || ' ' || left(e, 5) ORDER BY f) FROM seen WHERE who = 'own' AND kind = 'settled'),
          '{"case_guide no er","notice no er","rate 55000","withdraw 55000"}',
          'a clerk of the case''s region: a settled case is 55000 to the writers, and read by notice() and case_guide()');
SELECT is((SELECT array_agg(DISTINCT left(e, 5)) FROM seen WHERE who = 'own' AND kind = 'unknown'),
          '{42501}', 'a clerk of 330225: an unknown number is refused too (no region of its own)');
SELECT is((SELECT array_agg(f || ' ' || left(e, 5) ORDER BY f) FROM seen WHERE who = 'admin' AND kind = 'unknown'),
          '{"case_guide 23503","notice 23503","rate 23503","receive_complaint 23503","withdraw 23503"}',
          'an administrator: an unknown case is 23503');
SELECT is((SELECT array_agg(f || ' ' || left(e, 5) ORDER BY f) FROM seen WHERE who = 'admin' AND kind = 'settled'),
          '{"case_guide no er","notice no er","rate 55000","receive_complaint no er","withdraw 55000"}',
          'an administrator: a settled case is 55000 to the writers, read by notice() and case_guide(), complained about');

-- the open case of its region: the clerk passes the check (the decision is unchanged)
SET ROLE aco_own;
SELECT lives_ok(format('SELECT * FROM service_affair.notice(%s)', (SELECT open FROM ks)), 'a clerk of the case''s region reads its notice');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
