-- The one access decision: "may this role act for this department" is
-- answered by may_act() / acting_departments() / acts_as() (src/access.c)
-- and every former copy (require_department, my_departments, my_regions,
-- may_act_for, sees_all_tasks, staff_departments, check_department_staff)
-- now agrees with it for every login and department, because it asks it.
BEGIN;
SET search_path = service_affair, public;
\ir access_fixture.inc
CREATE ROLE access_clerk_rev IN ROLE service_affair_clerk;      -- a clerk with a staff row, acting as a reviewer?
INSERT INTO staff (login, department) VALUES ('access_clerk_rev', 'AX_M');
CREATE ROLE access_both IN ROLE service_affair_clerk, service_affair_reviewer;
INSERT INTO staff (login, department) VALUES ('access_both', 'AX_M'), ('access_both', 'AX_H');
SELECT plan(20);

-- the internal wrappers, opened to the test logins for this transaction only
GRANT EXECUTE ON FUNCTION may_act_for(text), check_department_staff(text, bigint), require_department(text[], text),
  require_region(text) TO PUBLIC;

CREATE TEMP TABLE logins (login name);
INSERT INTO logins VALUES ('access_admin'), ('access_clerk'), ('access_clerk_h'), ('access_reviewer'), ('access_reviewer_h'),
  ('access_inspector'), ('access_inspector_h'), ('access_analyst'), ('access_public'), ('access_nobody'),
  ('access_clerk_rev'), ('access_both');
GRANT SELECT ON logins TO PUBLIC;
CREATE TEMP TABLE answers (login name, role text, department text, may boolean, wrapper text, answer boolean);
GRANT INSERT ON answers TO PUBLIC;

-- every login x role x department: ask may_act() and each wrapper, as that login
CREATE FUNCTION pg_temp.ask(l name) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  r text;
  d text;
  ok boolean;
BEGIN
  EXECUTE format('SET LOCAL ROLE %I', l);
  FOREACH r IN ARRAY ARRAY['admin', 'clerk', 'reviewer', 'inspector', 'analyst', 'public'] LOOP
    FOREACH d IN ARRAY ARRAY['AX_M', 'AX_H'] LOOP
      BEGIN
        PERFORM service_affair.require_department(ARRAY[d], r);
        ok := true;
      EXCEPTION WHEN insufficient_privilege THEN
        ok := false;
      END;
      INSERT INTO pg_temp.answers VALUES (l, r, d, service_affair.may_act(r, d), 'require_department', ok);
      INSERT INTO pg_temp.answers VALUES (l, r, d, service_affair.may_act(r, d) AND NOT service_affair.may_act(NULL, NULL), 'my_departments',
                                          d = ANY (service_affair.my_departments(r)));
    END LOOP;
  END LOOP;
  FOREACH d IN ARRAY ARRAY['AX_M', 'AX_H'] LOOP
    BEGIN
      PERFORM service_affair.check_department_staff(d, 1);
      ok := true;
    EXCEPTION WHEN insufficient_privilege THEN
      ok := false;
    END;
    INSERT INTO pg_temp.answers VALUES (l, 'reviewer', d, service_affair.may_act('reviewer', d), 'check_department_staff', ok);
    INSERT INTO pg_temp.answers VALUES (l, 'reviewer', d, service_affair.may_act('reviewer', d), 'may_act_for', service_affair.may_act_for(d));
    INSERT INTO pg_temp.answers VALUES (l, 'reviewer', d, service_affair.may_act('reviewer', d) AND NOT service_affair.may_act(NULL, NULL),
                                        'staff_departments', d = ANY (service_affair.staff_departments()));
  END LOOP;
  RESET ROLE;
END $$;
SELECT pg_temp.ask(login) FROM logins;

SELECT is((SELECT count(*) FROM answers), 12 * (6 * 2 * 2 + 2 * 3)::bigint, 'every login, role and department was asked');
SELECT is((SELECT array_agg(format('%s %s %s %s', login, role, department, wrapper) ORDER BY 1) FROM answers WHERE may IS DISTINCT FROM answer),
  NULL, 'every wrapper answers as may_act() (my_departments and staff_departments without the administrators'' blanket right)');

-- the decision itself
SELECT is((SELECT array_agg(format('%s %s', role, department) ORDER BY role, department) FROM answers
            WHERE login = 'access_reviewer' AND wrapper = 'require_department' AND may),
  ARRAY['reviewer AX_M'], 'a reviewer acts for its department as a reviewer, and for nothing else');
SELECT is((SELECT array_agg(format('%s %s', role, department) ORDER BY role, department) FROM answers
            WHERE login = 'access_clerk_rev' AND wrapper = 'require_department' AND may),
  ARRAY['clerk AX_M'], 'a staff row does not make a clerk a reviewer: the group role is needed too');
SELECT is((SELECT array_agg(format('%s %s', role, department) ORDER BY role, department) FROM answers
            WHERE login = 'access_both' AND wrapper = 'require_department' AND may),
  ARRAY['clerk AX_H', 'clerk AX_M', 'reviewer AX_H', 'reviewer AX_M'], 'a login in two group roles and two departments acts in all four ways');
SELECT is((SELECT count(*) FILTER (WHERE may) FROM answers WHERE login = 'access_admin' AND wrapper = 'require_department'), 12::bigint,
  'an administrator acts for every department in every role');
SELECT is((SELECT count(*) FILTER (WHERE may) FROM answers WHERE login IN ('access_nobody', 'access_public', 'access_analyst')
            AND wrapper = 'require_department'), 0::bigint,
  'roles without staff rows act for no department');
SELECT ok(may_act('inspector', 'AX_M') AND may_act(NULL, NULL), 'a superuser acts for everything');
SELECT is(pg_temp.count_as('access_reviewer', $$SELECT (may_act('reviewer', NULL) OR may_act(NULL, 'AX_M'))::int$$), 0::bigint,
  'a NULL role or department: administrators only');
SELECT is(pg_temp.count_as('access_admin', $$SELECT (may_act('reviewer', NULL) AND may_act(NULL, NULL))::int$$), 1::bigint,
  '... which pass');
SELECT is(pg_temp.count_as('access_reviewer', $$SELECT may_act(repeat('x', 100000), 'AX_M')::int$$), 0::bigint,
  'a huge role name is no role');
SELECT is(pg_temp.count_as('access_both', $$SELECT cardinality(acting_departments('reviewer'))$$), 2::bigint,
  'acting_departments(): the staff rows of a member of the group role');
SELECT is(pg_temp.count_as('access_clerk_rev', $$SELECT cardinality(acting_departments('reviewer'))$$), 0::bigint,
  '... none for a role it does not hold');
SELECT is(pg_temp.count_as('access_both', $$SELECT cardinality(my_regions('clerk'))$$), 2::bigint,
  'my_regions(): the regions of those departments');
SELECT is(pg_temp.state_as('access_both', $$SELECT require_region('330226')$$), '00000', 'require_region() follows them');
SELECT is(pg_temp.state_as('access_clerk', $$SELECT require_region('330226')$$), '42501', '... 42501 elsewhere');
SELECT is(pg_temp.count_as('access_nobody', $$SELECT (acts_as('clerk') OR acts_as('admin'))::int$$), 0::bigint, 'acts_as(): a role in no group acts as none');

-- no other copy is left: no function of the extension reads staff or role
-- membership itself (the C functions of src/access.c are the only ones)
SELECT is((SELECT array_agg(p.proname::text ORDER BY p.proname::text) FROM pg_proc p
            WHERE p.pronamespace = 'service_affair'::regnamespace AND p.prolang <> (SELECT l.oid FROM pg_language l WHERE l.lanname = 'c')
              AND (p.prosrc ~ 'service_affair\.staff\M' OR p.prosrc ~* 'pg_has_role|rolsuper|pg_authid|is_member_of')),
  NULL, 'no SQL or PL/pgSQL function reads staff or role membership: all ask src/access.c');
SELECT is((SELECT array_agg(p.proname::text ORDER BY p.proname::text) FROM pg_proc p
            WHERE p.pronamespace = 'service_affair'::regnamespace AND p.prosrc IN ('sa_may_act', 'sa_acting_departments', 'sa_acts_as')),
  ARRAY['acting_departments', 'acts_as', 'may_act'], 'the decision is three C entry points over one routine');
-- a staff row added in the same transaction counts at once (the C scan uses the statement's snapshot)
INSERT INTO staff (login, department) VALUES ('access_reviewer_h', 'AX_M');
SELECT is(pg_temp.count_as('access_reviewer_h', $$SELECT may_act('reviewer', 'AX_M')::int$$), 1::bigint,
  'a new staff row takes effect in the same transaction');

SELECT * FROM finish();
ROLLBACK;
