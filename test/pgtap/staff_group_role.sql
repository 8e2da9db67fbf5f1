-- A staff row or a post for one of the extension's group roles: until
-- 2026-12-06 (a hostile review) a careless INSERT INTO staff VALUES
-- ('service_affair_clerk', 'SG_A') made every clerk who did SET ROLE
-- service_affair_clerk (doc/access.md: NOINHERIT application logins do) a
-- clerk of SG_A, and a post at a point alike.  The checks staff_login_person
-- and staff_point_login_person (is_group_role(), the C list of the six)
-- refuse them to the administrators who write these tables and to a
-- superuser; a person's row still goes in.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(12);
SELECT create_roles();
INSERT INTO department (code, name, region) VALUES ('SG_A', 'Staff rows A', '330225');
INSERT INTO service_point (code, name, level, region) VALUES ('SG_P', 'Staff rows point', 'county', '330225');
CREATE ROLE sg_admin LOGIN IN ROLE service_affair_admin;
CREATE ROLE sg_clerk LOGIN IN ROLE service_affair_clerk;
CREATE ROLE sg_other LOGIN IN ROLE service_affair_clerk;
GRANT USAGE ON SCHEMA public TO PUBLIC;  -- pgTAP's functions

SELECT throws_ok($$INSERT INTO service_affair.staff (login, department) VALUES ('service_affair_clerk', 'SG_A')$$,
                 '23514', NULL, 'a superuser''s staff row for service_affair_clerk is refused (23514)');
SELECT throws_ok($$INSERT INTO service_affair.staff_point (login, point) VALUES ('service_affair_clerk', 'SG_P')$$,
                 '23514', NULL, '... and a post for it');

SET ROLE sg_admin;
SELECT throws_ok($$INSERT INTO service_affair.staff (login, department) VALUES ('service_affair_reviewer', 'SG_A')$$,
                 '23514', NULL, 'an administrator''s staff row for service_affair_reviewer is refused (23514, not 42501: it may run the check)');
SELECT throws_ok($$INSERT INTO service_affair.staff (login, department) VALUES ('service_affair_public', 'SG_A')$$,
                 '23514', NULL, '... for service_affair_public');
SELECT lives_ok($$INSERT INTO service_affair.staff (login, department) VALUES ('sg_clerk', 'SG_A')$$,
                'a person''s staff row goes in, written by an administrator');
SELECT throws_ok($$UPDATE service_affair.staff SET login = 'service_affair_admin' WHERE login = 'sg_clerk'$$,
                 '23514', NULL, 'a person''s row is not renamed to a group role');
SELECT throws_ok($$INSERT INTO service_affair.staff_point (login, point) VALUES ('service_affair_clerk', 'SG_P')$$,
                 '23514', NULL, 'an administrator''s post for service_affair_clerk is refused');
SELECT lives_ok($$INSERT INTO service_affair.staff_point (login, point) VALUES ('sg_clerk', 'SG_P')$$,
                'a person''s post goes in');
RESET ROLE;

SELECT is((SELECT count(*) FROM staff WHERE department = 'SG_A'), 1::bigint, 'the person''s staff row only');
-- what the refused row would have given: another clerk who does SET ROLE
-- to the group is nobody's clerk of SG_A
SET ROLE sg_other;
SET ROLE service_affair_clerk;
SELECT is(service_affair.may_act('clerk', 'SG_A'), false,
          'a clerk acting as service_affair_clerk does not act for SG_A');
RESET ROLE;
SET ROLE sg_clerk;
SELECT is(service_affair.may_act('clerk', 'SG_A'), true, 'the clerk with the row does');
RESET ROLE;
SELECT ok(has_function_privilege('service_affair_admin', 'service_affair.is_group_role(name)', 'EXECUTE')
          AND NOT has_function_privilege('service_affair_clerk', 'service_affair.is_group_role(name)', 'EXECUTE'),
          'is_group_role(): the administrators run it (their checks), no one else');

SELECT * FROM finish();
ROLLBACK;
