-- Who may do what with checks and the credit record: inspectors of the
-- checking department record outcomes (42501 for anyone else); inspectors
-- see their departments' checks; analysts see counts, never subjects; a
-- failed call changes nothing.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(37);
\ir blank_text.inc
\ir credit_fixture.inc
SELECT create_roles();
CREATE ROLE ck_insp_a LOGIN IN ROLE service_affair_inspector;
CREATE ROLE ck_insp_b LOGIN IN ROLE service_affair_inspector;
CREATE ROLE ck_rev_a LOGIN IN ROLE service_affair_reviewer;
CREATE ROLE ck_clerk LOGIN IN ROLE service_affair_clerk;
CREATE ROLE ck_analyst LOGIN IN ROLE service_affair_analyst;
CREATE ROLE ck_citizen LOGIN IN ROLE service_affair_public;
INSERT INTO staff (login, department) VALUES ('ck_insp_a', 'KA'), ('ck_insp_b', 'KB'), ('ck_rev_a', 'KA'), ('ck_clerk', 'KA');
SELECT submit('k_std', o, ARRAY['form', 'later'], 'window', ARRAY['proof'], '2026-10-09 10:00+08') AS c1 FROM kf \gset
SELECT submit('k_other', o, ARRAY['form'], 'window', ARRAY['proof'], '2026-10-09 10:00+08') AS c2 FROM kf \gset
SELECT id AS k1 FROM commitment_check WHERE case_id = :c1 \gset
SELECT id AS k2 FROM commitment_check WHERE case_id = :c2 \gset
CREATE TEMP TABLE before AS SELECT (SELECT string_agg(k::text, '|' ORDER BY id) FROM commitment_check k) AS checks,
                                   (SELECT count(*) FROM case_event) AS events, (SELECT count(*) FROM credit_event) AS credit;
GRANT SELECT ON before TO PUBLIC;
CREATE FUNCTION pg_temp.unchanged() RETURNS boolean LANGUAGE sql AS $$
  SELECT (SELECT string_agg(k::text, '|' ORDER BY id) FROM service_affair.commitment_check k) = b.checks
     AND (SELECT count(*) FROM service_affair.case_event) = b.events
     AND (SELECT count(*) FROM service_affair.credit_event) = b.credit FROM before b
$$;

-- refusal(role, id): SQLSTATE, message and detail of record_check(id) as role, the id as #
CREATE FUNCTION pg_temp.refusal(r name, id bigint) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  st text; msg text; det text;
BEGIN
  EXECUTE pg_catalog.format('SET LOCAL ROLE %I', r);
  BEGIN
    PERFORM service_affair.record_check(id, 'broken', 'x', '2026-10-22 10:00+08');
    st := '00000';
  EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL;
  END;
  RESET ROLE;
  RETURN pg_catalog.regexp_replace(pg_catalog.concat_ws(' | ', st, msg, det), '\m' || id || '\M', '#', 'g');
END $$;
SELECT (SELECT max(id) + 1000 FROM commitment_check) AS ku \gset

-- inspectors of another department, reviewers, clerks, the public: 42501
-- before anything is read or locked, and alike for an unknown check (until
-- 2026-12-05 record_check() locked the case and the check first, and told
-- 23503 and 55000 apart from 42501; a review)
SELECT is(pg_temp.refusal('ck_insp_b', :ku), pg_temp.refusal('ck_insp_b', :k1),
          'an inspector of another department: an unknown check refused as an open check of another department');
SELECT ok(pg_temp.refusal('ck_insp_b', :k1) LIKE '42501 | %' AND pg_temp.refusal('ck_insp_b', :k1) NOT LIKE '%KA%',
          '... 42501, the department not named');
SELECT is(pg_temp.refusal('ck_clerk', :ku), pg_temp.refusal('ck_clerk', :k1), 'a clerk: the same for an unknown check');
SET ROLE ck_insp_b;
SELECT throws_ok(format('SELECT service_affair.record_check(%s, %L, %L, %L)', :k1, 'broken', 'x', '2026-10-20 10:00+08'),
                 '42501', 'permission denied for check ' || :k1, 'an inspector of another department: 42501, the check''s department not named');
SELECT is((SELECT count(*)::int FROM service_affair.commitment_check), 1, 'an inspector sees the checks of its department only');
RESET ROLE;
SET ROLE ck_rev_a;
SELECT throws_ok(format('SELECT service_affair.record_check(%s, %L)', :k1, 'kept'), '42501', NULL, 'a reviewer of the department: 42501');
SELECT throws_ok('SELECT count(*) FROM service_affair.commitment_check', '42501', NULL, 'a reviewer does not read checks');
RESET ROLE;
SET ROLE ck_clerk;
SELECT throws_ok(format('SELECT service_affair.record_check(%s, %L)', :k1, 'kept'), '42501', NULL, 'a clerk: 42501');
RESET ROLE;
SET ROLE ck_citizen;
SELECT throws_ok(format('SELECT service_affair.record_check(%s, %L)', :k1, 'kept'), '42501', NULL, 'the public: 42501');
RESET ROLE;
SELECT ok(pg_temp.unchanged(), 'refused calls change nothing');

-- bad input, as the inspector of the department
SET ROLE ck_insp_a;
SELECT throws_ok(format('SELECT service_affair.record_check(%s, %L, NULL, %L)', :k1, 'broken', '2026-10-20 10:00+08'),
                 '22023', 'findings required', 'broken without a reason: 22023');
SELECT throws_ok(format('SELECT service_affair.record_check(%s, %L, %L, %L)', :k1, 'waived', '  ', '2026-10-20 10:00+08'),
                 '22023', 'findings required', 'waived with a blank reason: 22023');
SELECT throws_ok(format('SELECT service_affair.record_check(%s, %L, %L, %L)', :k1, 'broken', b.value, '2026-10-20 10:00+08'),
                 '22023', 'findings required', 'broken with findings of ' || b.label || ': 22023') FROM pg_temp.blank_texts() b;
SELECT throws_ok(format('SELECT service_affair.record_check(%s, %L, %L, %L)', :k1, 'broken', 'found late', '294000-01-01 00:00+00'),
                 '22023', 'at is too late', 'a check recorded in the year 294000: 22023 (recorded times end with the year 8999)');
SELECT throws_ok(format('SELECT service_affair.record_check(%s, %L, NULL, %L)', :k1, 'open', '2026-10-20 10:00+08'),
                 '22023', 'invalid check outcome', 'an outcome outside kept, broken, waived: 22023');
SELECT throws_ok(format('SELECT service_affair.record_check(%s, %L, NULL, %L)', :k1, 'kept', '2026-10-01 10:00+08'),
                 '22023', NULL, 'a time before the check was opened: 22023');
SELECT throws_ok(format('SELECT service_affair.record_check(%s, %L, NULL, NULL)', :k1, 'kept'), '22023', 'at must not be null', 'NULL at: 22023');
SELECT throws_ok('SELECT service_affair.record_check(-1, ''kept'')', '42501', 'permission denied for check -1',
                 'unknown check: 42501 as another department''s (23503 to administrators only)');
RESET ROLE;
SELECT ok(pg_temp.unchanged(), 'failed calls change nothing');
SET ROLE ck_insp_a;
SELECT lives_ok(format('SELECT service_affair.record_check(%s, %L, NULL, %L)', :k1, 'kept', '2026-10-20 10:00+08'), 'the inspector of the department records');
SELECT throws_ok(format('SELECT service_affair.record_check(%s, %L, %L, %L)', :k1, 'broken', 'x', '2026-10-21 10:00+08'),
                 '55000', NULL, 'a closed check: 55000');
RESET ROLE;
SELECT is((SELECT checked_by FROM commitment_check WHERE id = :k1), 'ck_insp_a', 'the inspector is recorded (actor())');
SET ROLE ck_insp_b;
SELECT lives_ok(format('SELECT service_affair.record_check(%s, %L, %L, %L)', :k2, 'broken', 'no premises', '2026-10-20 10:00+08'), 'the checking department of k_other records');
RESET ROLE;
SELECT is(pg_temp.refusal('ck_insp_b', :k1), pg_temp.refusal('ck_insp_b', :ku),
          'a closed check of another department: refused as an unknown one (not 55000)');
SELECT is(pg_temp.refusal('ck_insp_a', :k2), pg_temp.refusal('ck_insp_a', :ku),
          'the other way round, on a check whose case is revoked: the same');
SELECT is(pg_temp.refusal('ck_insp_a', :ku), '42501 | permission denied for check # | Role ck_insp_a may not record check #, if there is one: the inspectors of its checking department and administrators do.',
          'the refusal names the caller and who may act, nothing of the check');

-- analysts: counts, never subjects
SET ROLE ck_analyst;
SELECT is((SELECT sum(due)::int FROM service_affair.commitment_accountability WHERE department IN ('KA', 'KB')), 2, 'analysts read the accountability counts');
SELECT is((SELECT broken FROM service_affair.commitment_break_rate WHERE item = 'k_other'), 1, 'and the broken count per item');
SELECT is((SELECT sum(events)::int FROM service_affair.credit_indicators WHERE kind = 'commitment_broken'), 1, 'and credit indicators');
SELECT throws_ok('SELECT * FROM service_affair.credit_profile', '42501', NULL, 'analysts do not read credit_profile (subjects)');
SELECT throws_ok('SELECT * FROM service_affair.credit_event', '42501', NULL, 'nor the credit record');
RESET ROLE;

-- The accountability view asks sla_as_of() once a statement (an InitPlan),
-- not in each open check's row: a SQL function with SET search_path is
-- never inlined (~3 us a call; as in case_sla, doc/benchmarks-route.md).
CREATE FUNCTION pg_temp.plan_of(q text) RETURNS text LANGUAGE plpgsql AS $f$
DECLARE l text; o text := '';
BEGIN
    FOR l IN EXECUTE 'EXPLAIN (VERBOSE, COSTS OFF) ' || q LOOP o := o || l || E'\n'; END LOOP;
    RETURN o;
END $f$;
SELECT ok(pg_temp.plan_of('SELECT sum(overdue) FROM service_affair.commitment_accountability')
            ~ E'InitPlan \\d+ \\(returns \\$\\d+\\)\n\\s+->  Result\n\\s+Output: (service_affair\\.)?sla_as_of\\(\\)\n',
          'commitment_accountability takes the instant of overdue from sla_as_of() in an InitPlan');
SELECT ok(pg_temp.plan_of('SELECT sum(overdue) FROM service_affair.commitment_accountability') !~ 'local_day\((service_affair\.)?sla_as_of\(\)',
          'and calls sla_as_of() in no row');

SELECT * FROM finish();
ROLLBACK;
