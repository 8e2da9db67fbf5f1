-- The triggers that follow calendar edits (the due lock before an edit,
-- 51_calendar_due_lock.sql; the recomputations of stored due dates after
-- it, one per part that stores them) run as owner (SECURITY DEFINER) and
-- must run nowhere else: attached to a temp table by any role they would
-- lock the due lock exclusively or recompute as the owner.  Their one check.
CREATE FUNCTION service_affair.calendar_trigger_check(fn text, relid oid, tg_when text, tg_level text, expected_when text)
    RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF relid NOT IN ('service_affair.calendar'::pg_catalog.regclass, 'service_affair.calendar_day'::pg_catalog.regclass)
       OR tg_when IS DISTINCT FROM expected_when OR tg_level IS DISTINCT FROM 'STATEMENT' THEN
        RAISE EXCEPTION '%() is not a trigger of this table', fn
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('It runs %s statements on service_affair.calendar and service_affair.calendar_day only.',
                                             pg_catalog.lower(expected_when));
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.calendar_trigger_check(text, oid, text, text, text) IS
  'Internal: raises 42501 (fn() is not a trigger of this table) unless a trigger runs for a statement on calendar or calendar_day at the expected time (BEFORE, AFTER): the one check of calendar_due_lock() and every recompute trigger';
REVOKE EXECUTE ON FUNCTION service_affair.calendar_trigger_check(text, oid, text, text, text) FROM PUBLIC;
