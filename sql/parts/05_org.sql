-- Organisation: departments, who works for them, and the grant matrix.  Every later table that
-- names a department references this one.

CREATE TABLE service_affair.department (
    code   text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9_.-]{1,64}$'),
    name   text NOT NULL CHECK (name <> ''),
    region text CHECK (region ~ '^[0-9]{6}$')
);
COMMENT ON TABLE service_affair.department IS
  'Back-office departments (委办局) that decide items and run inspections';
COMMENT ON COLUMN service_affair.department.code IS 'Stable department code used by every other table';
COMMENT ON COLUMN service_affair.department.name IS 'Official name';
COMMENT ON COLUMN service_affair.department.region IS 'GB/T 2260 administrative division code (6 digits) of the department';
SELECT pg_catalog.pg_extension_config_dump('service_affair.department', '');

CREATE TABLE service_affair.staff (
    login      name NOT NULL,
    department text NOT NULL REFERENCES service_affair.department ON UPDATE CASCADE,
    PRIMARY KEY (login, department)
);
COMMENT ON TABLE service_affair.staff IS
  'Which departments a login role works for; reviewers and inspectors act only within these';
COMMENT ON COLUMN service_affair.staff.login IS 'Login role name (a member of one of the service_affair_* group roles)';
COMMENT ON COLUMN service_affair.staff.department IS 'Department the login works for';
SELECT pg_catalog.pg_extension_config_dump('service_affair.staff', '');

CREATE FUNCTION service_affair.actor() RETURNS name
    AS 'MODULE_PATHNAME', 'sa_actor'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.actor() IS
  'The role on whose behalf the current call runs: the caller of a SECURITY DEFINER function, not its owner';

-- The one access decision (src/access.c): may the caller act as
-- service_affair_<role> for this department?  Superusers and members of
-- service_affair_admin may act for every department; anyone else must be a
-- member of the group role and have a staff row for the department.  Every
-- check of the API (require_department, require_region, require_case,
-- may_act_for, check_department_staff) and every row-level security helper
-- (my_departments, my_regions) asks these two functions.  They read staff
-- through its primary key without a privilege check and answer only about
-- the caller, so they need no SECURITY DEFINER.
CREATE FUNCTION service_affair.may_act(role text, department text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'sa_may_act'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.may_act(text, text) IS
  'Whether the calling role (actor()) may act as service_affair_<role> for the department: a superuser or administrator always, anyone else when a member of the group role with a staff row for the department; NULL role or department: administrators only';
CREATE FUNCTION service_affair.acting_departments(role text) RETURNS text[]
    AS 'MODULE_PATHNAME', 'sa_acting_departments'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.acting_departments(text) IS
  'Departments the calling role (actor()) works for (its staff rows) when it is a member of service_affair_<role>, else empty; the set form of may_act() without the administrators'' blanket right';

-- The grant matrix: each part of the install script (and each upgrade script)
-- adds the rows for the objects it creates, right beside them; the function
-- create_roles() (90_access.sql) creates the group roles and applies it.
CREATE TABLE service_affair.role_grant (
    role      text NOT NULL CHECK (role IN ('admin','clerk','reviewer','inspector','analyst','public')),
    privilege text NOT NULL CHECK (privilege IN ('EXECUTE','SELECT','INSERT','UPDATE','DELETE')),
    object    text NOT NULL,
    PRIMARY KEY (role, privilege, object)
);
COMMENT ON TABLE service_affair.role_grant IS
  'Grant matrix applied by create_roles(): which group role gets which privilege on which object';
COMMENT ON COLUMN service_affair.role_grant.role IS 'Group role suffix: service_affair_<role>';
COMMENT ON COLUMN service_affair.role_grant.privilege IS 'EXECUTE for functions, SELECT/INSERT/UPDATE/DELETE for tables and views';
COMMENT ON COLUMN service_affair.role_grant.object IS 'Function signature (regprocedure text) or table/view name, schema-qualified';

INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    ('admin', 'SELECT', 'service_affair.department'),
    ('admin', 'INSERT', 'service_affair.department'),
    ('admin', 'UPDATE', 'service_affair.department'),
    ('admin', 'DELETE', 'service_affair.department'),
    ('admin', 'SELECT', 'service_affair.staff'),
    ('admin', 'INSERT', 'service_affair.staff'),
    ('admin', 'UPDATE', 'service_affair.staff'),
    ('admin', 'DELETE', 'service_affair.staff'),
    ('admin', 'SELECT', 'service_affair.role_grant');
