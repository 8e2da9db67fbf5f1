-- Organisation: departments and who works for them.  Every later table that
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
