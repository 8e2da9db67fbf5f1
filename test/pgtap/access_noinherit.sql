-- A NOINHERIT login is nobody until it sets a role (src/access.c).  The
-- application login of doc/deployment.md is NOINHERIT and granted the staff
-- roles it acts for; acts_as(), may_act() and acting_departments() (and every
-- check and row-level security helper built on them) must not count a group
-- role the login could SET ROLE to but has not: they ask has_privs_of_role()
-- (privileges, which follow INHERIT grants only), not is_member_of_role().
-- Before the fix an application login that may become an administrator was an
-- administrator to acts_as('admin') before it set the role.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(23);

DO $$ BEGIN PERFORM service_affair.create_roles(); END $$;
INSERT INTO department (code, name, region) VALUES ('NI_M', 'Market supervision (NOINHERIT test)', '330225');
-- staff roles: an administrator and a clerk of NI_M, without LOGIN
CREATE ROLE ni_adm IN ROLE service_affair_admin;
CREATE ROLE ni_clerk IN ROLE service_affair_clerk;
-- the application login: NOINHERIT, granted both staff roles; a staff row of
-- its own too, so that only the group membership decides
CREATE ROLE ni_app LOGIN NOINHERIT;
GRANT ni_adm, ni_clerk TO ni_app;
-- a NOINHERIT login granted the admin group itself, and an INHERIT one (control)
CREATE ROLE ni_direct LOGIN NOINHERIT IN ROLE service_affair_admin;
CREATE ROLE ni_inherit LOGIN IN ROLE service_affair_admin;
INSERT INTO staff (login, department) VALUES ('ni_clerk', 'NI_M'), ('ni_app', 'NI_M'), ('ni_direct', 'NI_M');

-- answer_as(role, query returning one value): the value as text, as role
CREATE FUNCTION pg_temp.answer_as(r name, q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  v text;
BEGIN
  EXECUTE pg_catalog.format('SET LOCAL ROLE %I', r);
  EXECUTE q INTO v;
  RESET ROLE;
  RETURN v;
END $$;

-- the catalog agrees that these logins are members without the privileges
SELECT ok(pg_has_role('ni_app', 'service_affair_admin', 'MEMBER') AND NOT pg_has_role('ni_app', 'service_affair_admin', 'USAGE'),
          'fixture: ni_app may SET ROLE to an administrator but holds no administrator privilege');
SELECT ok(pg_has_role('ni_direct', 'service_affair_admin', 'MEMBER') AND NOT pg_has_role('ni_direct', 'service_affair_admin', 'USAGE'),
          'fixture: ni_direct is a NOINHERIT member of service_affair_admin');

-- 1. a NOINHERIT login granted the admin group: not an administrator until SET ROLE
SELECT is(pg_temp.answer_as('ni_direct', $$SELECT service_affair.acts_as('admin')$$), 'false',
          'NOINHERIT login granted service_affair_admin: acts_as(''admin'') is false before SET ROLE');
SELECT is(pg_temp.answer_as('ni_direct', $$SELECT service_affair.may_act(NULL, NULL)$$), 'false',
          'NOINHERIT login granted service_affair_admin: may_act(NULL, NULL) (administrators only) is false');
SELECT is(pg_temp.answer_as('ni_direct', $$SELECT service_affair.may_act('clerk', 'NI_M')$$), 'false',
          'NOINHERIT login granted service_affair_admin: no blanket right for a department either');
SELECT is(pg_temp.answer_as('ni_direct', $$SELECT service_affair.sees_all_tasks()$$), 'false',
          'NOINHERIT login granted service_affair_admin: sees_all_tasks() is false');
SELECT is(pg_temp.answer_as('service_affair_admin', $$SELECT service_affair.acts_as('admin')$$), 'true',
          'after SET ROLE service_affair_admin: acts_as(''admin'') is true');

-- 2. the application login of doc/deployment.md, before and after SET ROLE
SELECT is(pg_temp.answer_as('ni_app', $$SELECT service_affair.acts_as('admin')$$), 'false',
          'application login (NOINHERIT, granted an administrator): acts_as(''admin'') is false before SET ROLE');
SELECT is(pg_temp.answer_as('ni_app', $$SELECT service_affair.acts_as('clerk')$$), 'false',
          'application login: acts_as(''clerk'') is false before SET ROLE');
SELECT is(pg_temp.answer_as('ni_app', $$SELECT service_affair.may_act(NULL, NULL)$$), 'false',
          'application login: may_act(NULL, NULL) is false before SET ROLE');
SELECT is(pg_temp.answer_as('ni_app', $$SELECT service_affair.may_act('clerk', 'NI_M')$$), 'false',
          'application login: may_act(''clerk'', ''NI_M'') is false before SET ROLE, its own staff row notwithstanding');
SELECT is(pg_temp.answer_as('ni_app', $$SELECT service_affair.acting_departments('clerk')::text$$), '{}',
          'application login: acting_departments(''clerk'') is empty before SET ROLE');
SELECT is(pg_temp.answer_as('ni_app', $$SELECT service_affair.my_regions('clerk')::text$$), '{}',
          'application login: my_regions(''clerk'') (SECURITY DEFINER, asks about the caller) is empty before SET ROLE');
SELECT is(pg_temp.answer_as('ni_app', $$SELECT service_affair.sees_all_tasks()$$), 'false',
          'application login: sees_all_tasks() is false before SET ROLE');
SELECT is(pg_temp.answer_as('ni_app', $$SELECT service_affair.actor()::text$$), 'ni_app',
          'application login: actor() is the login itself before SET ROLE');

SELECT is(pg_temp.answer_as('ni_adm', $$SELECT service_affair.acts_as('admin')$$), 'true',
          'SET ROLE to the administrator staff role: acts_as(''admin'') is true');
SELECT is(pg_temp.answer_as('ni_adm', $$SELECT service_affair.may_act(NULL, NULL)$$), 'true',
          'SET ROLE to the administrator staff role: may_act(NULL, NULL) is true');
SELECT is(pg_temp.answer_as('ni_clerk', $$SELECT service_affair.may_act('clerk', 'NI_M')$$), 'true',
          'SET ROLE to the clerk staff role: may_act(''clerk'', ''NI_M'') is true');
SELECT is(pg_temp.answer_as('ni_clerk', $$SELECT service_affair.acting_departments('clerk')::text$$), '{NI_M}',
          'SET ROLE to the clerk staff role: acting_departments(''clerk'') is its staff rows');
SELECT is(pg_temp.answer_as('ni_clerk', $$SELECT service_affair.acts_as('admin')$$), 'false',
          'SET ROLE to the clerk staff role: not an administrator (the login''s other grant does not follow)');

-- 3. controls: an INHERIT member acts as the group without SET ROLE; a superuser as every role
SELECT is(pg_temp.answer_as('ni_inherit', $$SELECT service_affair.acts_as('admin')$$), 'true',
          'control: an INHERIT login granted service_affair_admin acts as admin without SET ROLE');
SELECT is(pg_temp.answer_as('ni_inherit', $$SELECT service_affair.may_act('reviewer', 'NI_M')$$), 'true',
          'control: and passes may_act() for every department');
SELECT ok(service_affair.acts_as('admin') AND service_affair.acts_as('public'), 'control: a superuser acts as every role');

SELECT * FROM finish();
ROLLBACK;
