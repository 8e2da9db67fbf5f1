-- The refusal of a case to a clerk of another region (require_case(),
-- 05_org.sql) names the case and the caller, never where the case belongs.
-- Case ids are sequential: until 2026-12-05 its detail ("is not a clerk of
-- region '330225', where case 42 was submitted") told any clerk the region of
-- every case through rate(), receive_complaint(), notice(), case_guide() and
-- each writer going through lock_case() (a hostile review).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(12);
\ir complaint_fixture.inc
SELECT create_roles();
CREATE ROLE acr_clerk LOGIN IN ROLE service_affair_clerk;   -- a clerk of CC, region 330226
INSERT INTO staff (login, department) VALUES ('acr_clerk', 'CC');

-- every refusal, as "SQLSTATE message / detail"
CREATE FUNCTION pg_temp.refusal(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE m text; d text; s text;
BEGIN
    EXECUTE q;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS s = RETURNED_SQLSTATE, m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL;
    RETURN s || ' ' || m || ' / ' || d;
END
$$;
CREATE TEMP TABLE refusals (f text, e text);
GRANT ALL ON refusals TO PUBLIC;

SET ROLE acr_clerk;
INSERT INTO refusals
SELECT f, pg_temp.refusal(format(q, cf.k, cf.p))
  FROM cf, (VALUES
    ('rate', 'SELECT service_affair.rate(%s, 5, ''window'', NULL, ''2026-11-02 10:00+08'')'),
    ('receive_complaint', 'SELECT service_affair.receive_complaint(''window'', ''complaint'', ''x'', ''2026-11-02 10:00+08'', case_id => %s, applicant => %s)'),
    ('notice', 'SELECT * FROM service_affair.notice(%s)'),
    ('case_guide', 'SELECT service_affair.case_guide(%s)'),
    ('supplement', 'SELECT service_affair.supplement(%s, ''{}'', ''2026-11-02 10:00+08'', ''window'')'),
    ('withdraw', 'SELECT service_affair.withdraw(%s, ''2026-11-02 10:00+08'')')) v (f, q);
RESET ROLE;

SELECT is((SELECT count(*)::int FROM refusals), 6, 'six functions that go through require_case() called');
SELECT is((SELECT array_agg(f ORDER BY f) FROM refusals WHERE e LIKE '42501 permission denied for case %'),
          '{case_guide,notice,rate,receive_complaint,supplement,withdraw}',
          'each refuses another region''s case with 42501, naming the case');
SELECT is((SELECT array_agg(f ORDER BY f) FROM refusals WHERE e LIKE '%330225%'), NULL,
          'no refusal names the region of the case (330225)');
SELECT is((SELECT array_agg(f ORDER BY f) FROM refusals WHERE e ~ '3302\d\d'), NULL,
          'nor any region: not the caller''s (330226) either');
-- the readers and rate() name the region's clerks (require_case()); the
-- steps at the window (lock_case() -> require_case_step()) name the
-- receiving point's staff too, whom they admit (until 2026-12-06 the steps
-- used require_case()'s words, a review); each in one set of words
SELECT is((SELECT count(DISTINCT e)::int FROM refusals WHERE f NOT IN ('supplement', 'withdraw')), 1,
          'rate(), receive_complaint(), notice() and case_guide() refuse in the same words');
SELECT is((SELECT count(DISTINCT e)::int FROM refusals WHERE f IN ('supplement', 'withdraw')), 1,
          'supplement() and withdraw() refuse in the same words');
SELECT is((SELECT e FROM refusals WHERE f = 'rate'),
          format('42501 permission denied for case %s / Role acr_clerk may not act on case %s, if there is one: administrators and the clerks of the region where it was submitted do.',
                 (SELECT k FROM cf), (SELECT k FROM cf)),
          'the refusal names the case and the caller, and who may act');
SELECT is((SELECT e FROM refusals WHERE f = 'withdraw'),
          format('42501 permission denied for case %s / Role acr_clerk may not act on case %s, if there is one: administrators, the clerks of the region where it was submitted and, until its result is delivered, the staff of the point where it was received do.',
                 (SELECT k FROM cf), (SELECT k FROM cf)),
          'a step at the window: the refusal names the receiving point''s staff too');

-- the same words for a case of the caller's region it may not see?  No such
-- case: the same words for a case of a third region (330227), so that the
-- answer does not tell 330225 from 330227 either
INSERT INTO department (code, name, region) VALUES ('CD', 'Complaint test D', '330227');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit) VALUES
  ('cd_item', 'Item of D', 'CD', 'promised', 20, 5);
INSERT INTO cases (service, service_kind, item, department, region, applicant, channel, status, returned,
                   submitted_at, calendar, promised_limit, legal_limit)
SELECT 'cd_item', 'item', 'cd_item', 'CD', '330227', p, 'window', 'returned', true,
       '2026-10-30 09:00+08', 'cn', 5, 20 FROM cf;
SELECT max(id) AS k2 FROM cases WHERE service = 'cd_item' \gset
SET ROLE acr_clerk;
INSERT INTO refusals SELECT 'rate 2', pg_temp.refusal(format('SELECT service_affair.rate(%s, 5, ''window'', NULL, ''2026-11-02 10:00+08'')', :k2));
INSERT INTO refusals SELECT 'withdraw 2', pg_temp.refusal(format('SELECT service_affair.withdraw(%s, ''2026-11-02 10:00+08'')', :k2));
RESET ROLE;
SELECT is((SELECT regexp_replace(e, '\m' || :'k2' || '\M', '<case>', 'g') FROM refusals WHERE f = 'withdraw 2'),
          (SELECT regexp_replace(e, '\m' || k || '\M', '<case>', 'g') FROM refusals, cf WHERE f = 'withdraw'),
          'a step at the window: cases of two other regions refused in the same words (but for the case id)');
SELECT is((SELECT regexp_replace(e, '\m' || :'k2' || '\M', '<case>', 'g') FROM refusals WHERE f = 'rate 2'),
          (SELECT regexp_replace(e, '\m' || k || '\M', '<case>', 'g') FROM refusals, cf WHERE f = 'rate'),
          'cases of two other regions are refused in the same words (but for the case id)');

-- the caller's own region passes the check (the decision is unchanged)
INSERT INTO staff (login, department) VALUES ('acr_clerk', 'CD');
SET ROLE acr_clerk;
SELECT lives_ok(format('SELECT * FROM service_affair.notice(%s)', :k2), 'a clerk of the case''s region passes require_case()');
RESET ROLE;
SELECT is(pg_temp.refusal(format('SELECT * FROM service_affair.notice(%s)', :k2)), 'no error', 'and so does the superuser');

SELECT * FROM finish();
ROLLBACK;
