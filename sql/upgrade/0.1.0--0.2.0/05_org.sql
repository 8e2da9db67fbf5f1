-- 05_org: the one access decision (src/access.c).

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

-- A 0.1.0 database may hold such rows (written by hand): named, then the
-- update stops, since every clerk acted for their departments.
DO $$
DECLARE
    bad text;
BEGIN
    SELECT pg_catalog.string_agg(pg_catalog.format('%s (%s)', s.login, s.department), ', ' ORDER BY s.login, s.department) INTO bad
      FROM service_affair.staff s WHERE service_affair.is_group_role(s.login);
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'staff rows name group roles: %', pg_catalog.left(bad, 300)
            USING ERRCODE = 'check_violation',
                  DETAIL = 'A staff row is a person''s; a row for a group role made every member who did SET ROLE to it staff of the department.',
                  HINT = 'Delete those rows (give the persons their own), then update again.';
    END IF;
END
$$;
ALTER TABLE service_affair.staff ADD CONSTRAINT staff_login_person CHECK (NOT service_affair.is_group_role(login));
COMMENT ON CONSTRAINT staff_login_person ON service_affair.staff IS
  'A staff row is a person''s: not one of the extension''s group roles, which every member may SET ROLE to (is_group_role())';

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
-- The grant matrix grants some columns of a table too (the analysts' of
-- task, 50_routing_flow.sql; create_roles(), 90_access.sql).
ALTER TABLE service_affair.role_grant ADD COLUMN columns text[],
    ADD CONSTRAINT role_grant_columns CHECK (columns IS NULL OR (privilege = 'SELECT' AND pg_catalog.cardinality(columns) > 0
                                                                 AND pg_catalog.array_position(columns, NULL) IS NULL));
COMMENT ON TABLE service_affair.role_grant IS
  'Grant matrix applied by create_roles(): which group role gets which privilege on which object (or on which of its columns)';
COMMENT ON COLUMN service_affair.role_grant.columns IS 'NULL: the privilege on the whole relation; else SELECT on these columns of it only (column names)';
COMMENT ON CONSTRAINT role_grant_columns ON service_affair.role_grant IS
  'Columns only with SELECT, at least one, none NULL';

INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    ('admin', 'EXECUTE', 'service_affair.restoring()'),
    ('admin', 'EXECUTE', 'service_affair.is_group_role(name)');

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
DROP FUNCTION service_affair.require_case(bigint);
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
REVOKE EXECUTE ON FUNCTION service_affair.require_case(bigint) FROM PUBLIC;
