-- 05_org: the one access decision (src/access.c).

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
