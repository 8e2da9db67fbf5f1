-- 60_ratings (access): check_department_staff() asks the one access decision, may_act().
DROP FUNCTION service_affair.check_department_staff(text);
CREATE FUNCTION service_affair.check_department_staff(department text) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF service_affair.may_act('reviewer', department) THEN  -- the one decision (05_org.sql, src/access.c)
        RETURN;
    END IF;
    RAISE EXCEPTION 'permission denied for department %', department
        USING ERRCODE = 'insufficient_privilege',
              DETAIL = pg_catalog.format('Role %s is not a reviewer of department %s.', service_affair.actor(), department);
END
$$;
COMMENT ON FUNCTION service_affair.check_department_staff(text) IS
  'Internal: raises 42501 unless may_act(''reviewer'', department): a superuser, a member of service_affair_admin, or a reviewer on the staff of the department';
REVOKE EXECUTE ON FUNCTION service_affair.check_department_staff(text) FROM PUBLIC;
