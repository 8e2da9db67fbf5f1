-- The access decision of the steps at the window (lock_case() ->
-- require_case_step(): supplement(), withdraw(), record_visit(), deliver())
-- is asked as booleans and refused once, without catching an error: until
-- 2026-12-06 require_case_step() caught require_case()'s 42501 in a PL/pgSQL
-- EXCEPTION block to raise it again in words of its own, so that every step
-- of a clerk of the region (an ordinary case, received at no point) set up
-- and released a subtransaction (a review).  PostgreSQL 15 shows no count of
-- subtransactions, so the absence is read from the catalog: no function on
-- the path of the decision has an EXCEPTION clause.  The words, SQLSTATEs
-- and who is refused are pinned by tongban_point_steps.sql,
-- tongban_point_clerk.sql and access_case_*.sql.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(11);
\ir access_fixture.inc

-- every function body of the schema (PL/pgSQL and SQL), by name
CREATE TEMP TABLE src AS
SELECT p.proname::text AS name, p.oid::regprocedure::text AS obj, p.prosrc
  FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
 WHERE p.pronamespace = 'service_affair'::regnamespace AND l.lanname IN ('plpgsql', 'sql');

-- 1. no EXCEPTION clause on the path of the decision
SELECT is(ARRAY(SELECT obj FROM src WHERE name = 'require_case_step' AND prosrc ~* '\mexception\s+when\M'),
          '{}'::text[], 'require_case_step() catches no error (an EXCEPTION block until 2026-12-06: a subtransaction at each step)');
SELECT is(ARRAY(SELECT obj FROM src
                 WHERE name IN ('lock_case', 'require_case_step', 'point_clerk_serves', 'region_clerk_serves', 'require_case')
                   AND prosrc ~* '\mexception\s+when\M' ORDER BY 1),
          '{}'::text[], 'nor does any function on the path of a step''s decision (lock_case(), point_clerk_serves(), region_clerk_serves(), require_case())');
SELECT is(ARRAY(SELECT obj FROM src WHERE name = 'require_case_step' AND prosrc ~ '\mservice_affair\.require_case\(' ORDER BY 1),
          '{}'::text[], 'require_case_step() does not call require_case() (whose error it caught)');
-- 2. one home of the region's rule: require_case() and require_case_step() ask region_clerk_serves()
SELECT is(ARRAY(SELECT name FROM src WHERE prosrc ~ '\mregion_clerk_serves\(' AND name <> 'region_clerk_serves' ORDER BY 1),
          ARRAY['complaint_rating_intake', 'request_claim', 'require_case', 'require_case_step'],
          'require_case(), require_case_step(), request_claim() and complaint_rating_intake() ask region_clerk_serves()');
-- nobody catches require_case()'s 42501 to decide or re-word (until
-- 2026-12-06 request_claim() and complaint_rating_intake() did too)
SELECT is(ARRAY(SELECT obj FROM src
                 WHERE prosrc ~ '\mservice_affair\.require_case\(' AND prosrc ~* '\mexception\s+when\s+(insufficient_privilege|others)\M'
                 ORDER BY 1),
          '{}'::text[], 'no function catches the error of require_case() it calls');

-- 3. the boolean is require_case()'s decision: for an administrator, a clerk
-- of each region and a reviewer, over a case of each region, an unknown
-- one and NULL (asked as the role, through a function of the test's own)
-- refusal_as(role, sql): "SQLSTATE message / detail" of the error, as role
CREATE FUNCTION pg_temp.refusal_as(r name, q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE m text; d text; s text := 'no error';
BEGIN
    EXECUTE pg_catalog.format('SET LOCAL ROLE %I', r);
    BEGIN
        EXECUTE q;
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS s = RETURNED_SQLSTATE, m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL;
        s := s || ' ' || m || ' / ' || d;
    END;
    RESET ROLE;
    RETURN s;
END $$;
-- decide(id): as the caller (actor(), acts_as() read the outer role),
-- through the owner's right to the internal functions
CREATE FUNCTION pg_temp.decide(i bigint) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    passed boolean;
BEGIN
    BEGIN
        PERFORM service_affair.require_case(i);
        passed := true;
    EXCEPTION WHEN insufficient_privilege THEN
        passed := false;
    END;
    RETURN pg_catalog.format('%s/%s ', passed, service_affair.region_clerk_serves(i));
END $$;
GRANT EXECUTE ON FUNCTION pg_temp.decide(bigint) TO PUBLIC;
CREATE FUNCTION pg_temp.decisions(r name, ids bigint[]) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    i bigint;
    out text := '';
BEGIN
    EXECUTE pg_catalog.format('SET LOCAL ROLE %I', r);
    FOREACH i IN ARRAY ids LOOP
        out := out || pg_temp.decide(i);
    END LOOP;
    RESET ROLE;
    RETURN out;
END $$;
SELECT is(pg_temp.decisions(r, ARRAY[:c_m, :c_h, :c_m + 1000000, NULL]),
          pg_catalog.format('%1$s/%1$s %2$s/%2$s %3$s/%3$s %4$s/%4$s ', want[1], want[2], want[3], want[4]),
          r || ': region_clerk_serves() answers as require_case() decides')
  FROM (VALUES ('access_admin'::name, ARRAY['t', 't', 't', 't']),
               ('access_clerk', ARRAY['t', 'f', 'f', 'f']),
               ('access_clerk_h', ARRAY['f', 't', 'f', 'f']),
               ('access_reviewer', ARRAY['f', 'f', 'f', 'f'])) AS w(r, want)
 ORDER BY r;

-- 4. a refused and an allowed step in one transaction: the refusal in the
-- steps' words, the allowed step taken
SELECT is(replace(pg_temp.refusal_as('access_clerk_h', format($$SELECT record_visit(%s, '2026-11-18 10:30+08', 'asks')$$, :c_m)), :c_m::text, '#'),
          '42501 permission denied for case # / Role access_clerk_h may not act on case #, if there is one: administrators, the clerks of the region where it was submitted and, until its result is delivered, the staff of the point where it was received do.',
          'a clerk of another region: a step refused, 42501 in the steps'' words');
SELECT is(pg_temp.state_as('access_clerk', format($$SELECT record_visit(%s, '2026-11-18 10:30+08', 'asks')$$, :c_m)),
          '00000', 'a clerk of the case''s region: the step taken');

SELECT * FROM finish();
ROLLBACK;
