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

-- The six group roles (src/core/access.c, acc_is_group_role(), the one list
-- of them): a group any member may SET ROLE to, so never one person.  The
-- staff tables refuse rows for them (a staff row for service_affair_clerk
-- made every clerk who did SET ROLE to it a clerk of that department), and
-- complaint_may() takes none for a complaint's receiver.  In the checks of
-- those tables, hence EXECUTE for the administrators who write them.
CREATE FUNCTION service_affair.is_group_role(role name) RETURNS boolean
    AS 'MODULE_PATHNAME', 'sa_is_group_role'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.is_group_role(name) IS
  'Internal: whether role is one of the six group roles create_roles() makes (service_affair_admin, _clerk, _reviewer, _inspector, _analyst, _public): a group any member may SET ROLE to, so never taken for one person (the checks staff_login_person and staff_point_login_person, a complaint''s receiver in complaint_may()); the list is the C access decision''s (acc_is_group_role()), which maybe_same_person() and inspector_login_problem() read too';
REVOKE EXECUTE ON FUNCTION service_affair.is_group_role(name) FROM PUBLIC;

CREATE TABLE service_affair.staff (
    login      name NOT NULL,
    department text NOT NULL REFERENCES service_affair.department ON UPDATE CASCADE,
    PRIMARY KEY (login, department),
    CONSTRAINT staff_login_person CHECK (NOT service_affair.is_group_role(login))
);
COMMENT ON TABLE service_affair.staff IS
  'Which departments a login role works for; reviewers and inspectors act only within these';
COMMENT ON COLUMN service_affair.staff.login IS 'Login role name (a member of one of the service_affair_* group roles)';
COMMENT ON COLUMN service_affair.staff.department IS 'Department the login works for';
COMMENT ON CONSTRAINT staff_login_person ON service_affair.staff IS
  'A staff row is a person''s: not one of the extension''s group roles, which every member may SET ROLE to (is_group_role())';
SELECT pg_catalog.pg_extension_config_dump('service_affair.staff', '');

CREATE FUNCTION service_affair.actor() RETURNS name
    AS 'MODULE_PATHNAME', 'sa_actor'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.actor() IS
  'The role on whose behalf the current call runs: the caller of a SECURITY DEFINER function, not its owner';

-- Is this write a restore?  pg_dump's script (and pg_restore, on every
-- connection it opens) empties search_path and turns check_function_bodies
-- off, and only a superuser restores an extension's tables
-- (doc/deployment.md, "Backups").  Both settings: a superuser's own session
-- with the empty search_path that security advice recommends is no restore,
-- and its catalog edits are recorded.
-- The triggers that record what a write means (catalog_write(),
-- catalog_item_defaults(), the WHEN clauses of inspection_result_credit,
-- cases_visit_phase_insert and material_name_denylist) ask this one
-- function and let a restored row in as dumped.  In C (src/access.c): as an
-- SQL function, inlined when each statement's WHEN clause is prepared, a
-- single-row INSERT cost 22.5 µs against 9 µs with the test written out
-- (20,000 inserts, one session); a C function costs one call per row.  It
-- runs as the writer, hence EXECUTE for the administrators, who write the
-- catalog directly.
CREATE FUNCTION service_affair.restoring() RETURNS boolean
    AS 'MODULE_PATHNAME', 'sa_restoring'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.restoring() IS
  'Whether the current write is a restore: a superuser with the empty search_path and check_function_bodies off that pg_dump''s script and pg_restore set; the triggers that record what a write means let such rows in as dumped';
REVOKE EXECUTE ON FUNCTION service_affair.restoring() FROM PUBLIC;

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
  'Whether the calling role (actor()) may act as service_affair_<role> for the department: a superuser or administrator always, anyone else when it holds the privileges of the group role (see acts_as()) and has a staff row for the department; NULL role or department: administrators only';
CREATE FUNCTION service_affair.acting_departments(role text) RETURNS text[]
    AS 'MODULE_PATHNAME', 'sa_acting_departments'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.acting_departments(text) IS
  'Departments the calling role (actor()) works for (its staff rows) when it holds the privileges of service_affair_<role> (see acts_as()), else empty; the set form of may_act() without the administrators'' blanket right';

-- The grant matrix: each part of the install script (and each upgrade script)
-- adds the rows for the objects it creates, right beside them; the function
-- create_roles() (90_access.sql) creates the group roles and applies it.
-- A row with columns grants SELECT on those columns of a table only (the
-- analysts read task without its free text and assignee: 50_routing.sql).
CREATE TABLE service_affair.role_grant (
    role      text NOT NULL CHECK (role IN ('admin','clerk','reviewer','inspector','analyst','public')),
    privilege text NOT NULL CHECK (privilege IN ('EXECUTE','SELECT','INSERT','UPDATE','DELETE')),
    object    text NOT NULL,
    columns   text[],
    PRIMARY KEY (role, privilege, object),
    CONSTRAINT role_grant_columns CHECK (columns IS NULL OR (privilege = 'SELECT' AND pg_catalog.cardinality(columns) > 0
                                                             AND pg_catalog.array_position(columns, NULL) IS NULL))
);
COMMENT ON TABLE service_affair.role_grant IS
  'Grant matrix applied by create_roles(): which group role gets which privilege on which object (or on which of its columns)';
COMMENT ON COLUMN service_affair.role_grant.role IS 'Group role suffix: service_affair_<role>';
COMMENT ON COLUMN service_affair.role_grant.privilege IS 'EXECUTE for functions, SELECT/INSERT/UPDATE/DELETE for tables and views';
COMMENT ON COLUMN service_affair.role_grant.object IS 'Function signature (regprocedure text) or table/view name, schema-qualified';
COMMENT ON COLUMN service_affair.role_grant.columns IS 'NULL: the privilege on the whole relation; else SELECT on these columns of it only (column names)';
COMMENT ON CONSTRAINT role_grant_columns ON service_affair.role_grant IS
  'Columns only with SELECT, at least one, none NULL';

INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    ('admin', 'SELECT', 'service_affair.department'),
    ('admin', 'INSERT', 'service_affair.department'),
    ('admin', 'UPDATE', 'service_affair.department'),
    ('admin', 'DELETE', 'service_affair.department'),
    ('admin', 'SELECT', 'service_affair.staff'),
    ('admin', 'INSERT', 'service_affair.staff'),
    ('admin', 'UPDATE', 'service_affair.staff'),
    ('admin', 'DELETE', 'service_affair.staff'),
    ('admin', 'EXECUTE', 'service_affair.is_group_role(name)'),
    ('admin', 'SELECT', 'service_affair.role_grant');

-- ---------------------------------------------------------------------------
-- Who the caller is.  actor() is the calling role even inside SECURITY
-- DEFINER functions; these helpers answer "is the caller acting as <role>"
-- and "for which departments and regions".  A superuser acts as every role.

CREATE FUNCTION service_affair.acts_as(role text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'sa_acts_as'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.acts_as(text) IS
  'Whether the calling role (actor()) is a superuser or holds the privileges of service_affair_<role> (a member through INHERIT grants, as privilege checks count: a NOINHERIT login granted the group acts as it only after SET ROLE); a superuser acts as every role, even before create_roles() made them, everybody else as none';

CREATE FUNCTION service_affair.my_departments(role text) RETURNS text[]
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
RETURN service_affair.acting_departments(role);
COMMENT ON FUNCTION service_affair.my_departments(text) IS
  'Departments the calling role works for (its staff rows), or an empty array when it does not act as service_affair_<role>';

CREATE FUNCTION service_affair.my_regions(role text) RETURNS text[]
    LANGUAGE plpgsql STABLE STRICT SECURITY DEFINER PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN (SELECT COALESCE(pg_catalog.array_agg(DISTINCT d.region ORDER BY d.region), '{}')
              FROM service_affair.department d
             WHERE d.code = ANY (service_affair.acting_departments(role)) AND d.region IS NOT NULL);
END
$$;
COMMENT ON FUNCTION service_affair.my_regions(text) IS
  'Regions (GB/T 2260) of the departments the calling role works for, or an empty array when it does not act as service_affair_<role>';

-- The checks the writing API functions make (42501 when they fail).  An
-- administrator (or a superuser) passes every check.
CREATE FUNCTION service_affair.require_region(region text) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF service_affair.acts_as('admin') THEN
        RETURN;
    END IF;
    IF region IS NULL OR NOT region OPERATOR(pg_catalog.=) ANY (service_affair.my_regions('clerk')) THEN
        RAISE EXCEPTION 'permission denied for region %', COALESCE(region, 'NULL')
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('Role %s is not a clerk of a department in region %s.',
                                             pg_catalog.quote_ident(service_affair.actor()),
                                             COALESCE(pg_catalog.quote_literal(region), 'NULL'));
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.require_region(text) IS
  'Internal: raises 42501 unless the caller is an administrator or a clerk (service_affair_clerk) working for a department of the region';

CREATE FUNCTION service_affair.require_department(departments text[], role text) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_list text;
    v_or   text;
BEGIN
    IF departments IS NULL
       OR NOT EXISTS (SELECT FROM pg_catalog.unnest(departments) d WHERE service_affair.may_act(role, d)) THEN
        -- the departments cut to 64 characters: a joint plan names up to
        -- 4,096 codes of up to 64 characters, half a megabyte in full
        v_list := pg_catalog.array_to_string(departments, ', ');
        v_or := pg_catalog.array_to_string(departments, ' or ');
        IF pg_catalog.length(v_list) > 64 THEN
            v_list := pg_catalog.left(v_list, 64) OPERATOR(pg_catalog.||) '…';
        END IF;
        IF pg_catalog.length(v_or) > 64 THEN
            v_or := pg_catalog.left(v_or, 64) OPERATOR(pg_catalog.||) pg_catalog.format('… (%s departments)', pg_catalog.cardinality(departments));
        END IF;
        -- the departments, the role and the actor as an error echoes them
        -- (printable(); until 2026-12-07 as typed, control characters
        -- included: a second read)
        RAISE EXCEPTION 'permission denied for department %', COALESCE(service_affair.printable(v_list), 'NULL')
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('Role %s is not %s %s of department %s.',
                                             service_affair.printable(pg_catalog.quote_ident(service_affair.actor())),
                                             CASE WHEN role ~ '^[aeiou]' THEN 'an' ELSE 'a' END, service_affair.printable(pg_catalog.left(role, 64)),
                                             COALESCE(service_affair.printable(v_or), 'NULL'));
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.require_department(text[], text) IS
  'Internal: raises 42501 unless may_act(role, d) for one of the departments (an administrator, or a member of service_affair_<role> working for it); the message names the departments cut to 64 characters';
-- The decision of require_case() as a boolean, so that a caller with words
-- of its own (require_case_step(), 42_tongban.sql; complaint_rating_intake(),
-- 62_complaints.sql) or a decision of its own (request_claim(),
-- 39_case_requests.sql) asks it without catching require_case()'s error:
-- until 2026-12-06 they caught it in an EXCEPTION block, a subtransaction
-- set up at every step of a clerk of the region (a review).
CREATE FUNCTION service_affair.region_clerk_serves(case_id bigint) RETURNS boolean
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_region text;
BEGIN
    IF service_affair.acts_as('admin') THEN
        RETURN true;
    END IF;
    -- open cases first: the constant keeps the history out of the plan
    -- (40_cases.sql); a settled case is read from the history only then
    SELECT c.region INTO v_region FROM service_affair.cases c WHERE c.id = region_clerk_serves.case_id AND NOT c.settled;
    IF NOT FOUND THEN
        SELECT c.region INTO v_region FROM service_affair.settled_case(region_clerk_serves.case_id) c;  -- its month only (63_settle.sql)
    END IF;
    RETURN COALESCE(v_region OPERATOR(pg_catalog.=) ANY (service_affair.my_regions('clerk')), false);
END
$$;
COMMENT ON FUNCTION service_affair.region_clerk_serves(bigint) IS
  'Internal: whether the caller is an administrator or a clerk of the region where the case was submitted (false for an unknown case); the decision of require_case(), asked by require_case_step(), request_claim() and complaint_rating_intake() without catching an error (a subtransaction)';
REVOKE EXECUTE ON FUNCTION service_affair.region_clerk_serves(bigint) FROM PUBLIC;
CREATE FUNCTION service_affair.require_case(case_id bigint) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF service_affair.region_clerk_serves(require_case.case_id) THEN
        RETURN;
    END IF;
    -- the refusal names the case and the caller, never the case's region:
    -- case ids are sequential, and until 2026-12-05 the detail told any
    -- clerk or reviewer the region of every case (and NULL for an unknown
    -- one), a review; a foreign and an unknown case are refused alike
    RAISE EXCEPTION 'permission denied for case %', COALESCE(case_id::text, 'NULL')
        USING ERRCODE = 'insufficient_privilege',
              DETAIL = pg_catalog.format('Role %s may not act on case %s, if there is one: administrators and the clerks of the region where it was submitted do.',
                                         pg_catalog.quote_ident(service_affair.actor()), COALESCE(case_id::text, 'NULL'));
END
$$;
COMMENT ON FUNCTION service_affair.require_case(bigint) IS
  'Internal: raises 42501 unless the caller is an administrator or a clerk of the region where the case was submitted; the refusal names the case and the caller, not the case''s region, and is the same for an unknown case';
CREATE FUNCTION service_affair.require_admin() RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT service_affair.acts_as('admin') THEN
        RAISE EXCEPTION 'permission denied: administrators only'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('Role %s is not a member of service_affair_admin.',
                                             pg_catalog.quote_ident(service_affair.actor()));
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.require_admin() IS
  'Internal: raises 42501 unless the caller is a superuser or a member of service_affair_admin';

-- Every write of the inspection records goes through insp_log_plan(): a
-- result needs an inspector of one of the plan's departments, a plan, a draw
-- and a publication an administrator.
CREATE FUNCTION service_affair.require_log_writer(plan_id bigint, kind text) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF kind = 'result' THEN
        PERFORM service_affair.require_department(
            (SELECT p.departments FROM service_affair.plan p WHERE p.id = require_log_writer.plan_id), 'inspector');
    ELSE
        PERFORM service_affair.require_admin();
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.require_log_writer(bigint, text) IS
  'Internal: raises 42501 unless the caller may write this kind of inspection record for the plan (result: an inspector of its departments; plan, draw, publication: an administrator)';
REVOKE EXECUTE ON FUNCTION service_affair.require_region(text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION service_affair.require_admin() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION service_affair.require_log_writer(bigint, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION service_affair.require_case(bigint) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION service_affair.require_department(text[], text) FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- Grants (applied by create_roles(), 90_access.sql): the organisation tables
INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    ('clerk', 'SELECT', 'service_affair.department'),
    ('reviewer', 'SELECT', 'service_affair.department'),
    ('inspector', 'SELECT', 'service_affair.department'),
    ('analyst', 'SELECT', 'service_affair.department'),
    ('admin', 'EXECUTE', 'service_affair.restoring()')
ON CONFLICT DO NOTHING;
