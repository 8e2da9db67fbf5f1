-- 50_routing (access): the permission and row-level security helpers of
-- routing ask the one access decision (05_org.sql, src/access.c).
DROP POLICY task_by_department ON service_affair.task;
DROP FUNCTION service_affair.may_act_for(text);
DROP FUNCTION service_affair.sees_all_tasks();
DROP FUNCTION service_affair.staff_departments();
CREATE FUNCTION service_affair.may_act_for(department text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
RETURN service_affair.may_act('reviewer', department);  -- the one decision (05_org.sql, src/access.c)
COMMENT ON FUNCTION service_affair.may_act_for(text) IS
  'True when the calling role (actor()) is a superuser, a member of service_affair_admin, or a reviewer on the staff of the department: may_act(''reviewer'', department)';
REVOKE EXECUTE ON FUNCTION service_affair.may_act_for(text) FROM PUBLIC;

CREATE FUNCTION service_affair.sees_all_tasks() RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN service_affair.acts_as('admin') OR service_affair.acts_as('analyst');  -- src/access.c
END
$$;
COMMENT ON FUNCTION service_affair.sees_all_tasks() IS
  'True when the calling role may read every task: superusers and members of service_affair_admin or service_affair_analyst';

CREATE FUNCTION service_affair.staff_departments() RETURNS text[]
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
RETURN service_affair.acting_departments('reviewer');  -- the one decision (05_org.sql, src/access.c)
COMMENT ON FUNCTION service_affair.staff_departments() IS
  'Departments the calling role (actor()) works for as a reviewer: acting_departments(''reviewer'')';

CREATE POLICY task_by_department ON service_affair.task FOR SELECT
    USING (service_affair.sees_all_tasks()
           OR department OPERATOR(pg_catalog.=) ANY (service_affair.staff_departments()));
COMMENT ON POLICY task_by_department ON service_affair.task IS
  'Reviewers read the tasks of their departments (staff); admins, analysts and superusers read all';
-- as 90_access.sql grants them in a fresh install
GRANT EXECUTE ON FUNCTION service_affair.sees_all_tasks(), service_affair.staff_departments() TO PUBLIC;
