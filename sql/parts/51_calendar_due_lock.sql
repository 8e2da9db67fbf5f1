-- Calendar edits and the due lock (50_routing.sql): the lock taken before
-- an edit's statement, in a part of its own so that the install and the
-- update from 0.1.0 share it.

-- The due lock before the edit touches any row.  The recompute triggers
-- (route_recompute_dues and the others) take it after the statement, but a rename
-- of a calendar cascades (ON UPDATE CASCADE) to every case, leg and
-- complaint of it as row triggers, before any statement trigger: the rename
-- locked those rows, then asked for the due lock, while a writer holding
-- the due lock (every writer takes it first) asked for one of them: a
-- deadlock that lost the rename (until 2026-12-03; found by a review).
-- Taken here, before the statement, the edit waits for the writers holding
-- it, and they for the edit.
CREATE FUNCTION service_affair.calendar_due_lock() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM service_affair.calendar_trigger_check('calendar_due_lock', TG_RELID, TG_WHEN, TG_LEVEL, 'BEFORE');
    -- READ COMMITTED only, before the lock: the recompute triggers find the
    -- open work to recount with the statement's snapshot, and only READ
    -- COMMITTED takes one after the due lock.  A REPEATABLE READ or
    -- SERIALIZABLE edit read the transaction's snapshot, taken before the
    -- lock (at its first statement, at the latest this one's start): a case
    -- accepted, a task opened or resumed, a material tolerated by a writer
    -- that committed in between (or held the due lock while the edit
    -- waited) was not seen, and kept a due counted with the old calendar
    -- for good (until 2026-12-06, then a documented assumption; a hostile
    -- review, route_calendar_rr.spec)
    -- the trigger calendar_due_isolation: the isolation check alone, which
    -- its WHEN clause skips in a restore (restoring() must see the writer's
    -- settings, which this function's SET search_path hides)
    IF TG_NARGS > 0 THEN
        IF TG_ARGV[0] <> 'isolation' THEN
            RAISE EXCEPTION 'calendar_due_lock() takes no argument but ''isolation'''
                USING ERRCODE = 'trigger_protocol_violated';
        END IF;
        PERFORM service_affair.refuse_snapshot_isolation('a calendar edit',
            'its recomputation would find the open due dates as of its snapshot, and leave those written since it was taken counted with the old calendar.',
            'Edit calendars in a transaction of the default isolation level (READ COMMITTED).');  -- 55000 (06_arguments.sql)
        RETURN NULL;
    END IF;
    LOCK TABLE service_affair.due_clock IN EXCLUSIVE MODE;
    -- the statement's changed days are not known yet: until
    -- calendar_edit_days() records them (after the statement), the
    -- recompute triggers recompute everything (22_calendar_triggers.sql)
    PERFORM pg_catalog.set_config('service_affair.calendar_edit_window', '', true);
    PERFORM pg_catalog.set_config('service_affair.calendar_edit_covered', '', true);
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION service_affair.calendar_due_lock() IS
  'Trigger: before any edit of calendar or calendar_day, as calendar_due_isolation (argument isolation; not a restore) 55000 in a REPEATABLE READ or SERIALIZABLE transaction (refuse_snapshot_isolation(): the recompute triggers read the open due dates with the statement''s snapshot, which must be taken after the lock), as calendar_due_lock the due lock exclusively (a rename''s cascade locks the cases, legs and complaints of the calendar before the recompute triggers run, and every writer of those holds the due lock first), and forgets the changed days and covered_until of an earlier edit (calendar_edit_window(), calendar_covered_before()); refuses to run on any other table (42501)';
REVOKE EXECUTE ON FUNCTION service_affair.calendar_due_lock() FROM PUBLIC;
-- The isolation check in a trigger of its own, which fires first (names in
-- order: "isolation" < "lock"), so that a restore skips it: pg_restore and
-- psql write the calendars as dumped, in a new database, and a cluster,
-- database or role whose default_transaction_isolation is repeatable read
-- or serializable (a DBA's setting) made every restore of a county stop at
-- the COPY of calendar with 55000 (2026-12-06, the day the check came; a
-- DBA's review, test/t/cal_dump.pl).
CREATE TRIGGER calendar_due_isolation
    BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON service_affair.calendar
    FOR EACH STATEMENT WHEN (NOT service_affair.restoring()) EXECUTE FUNCTION service_affair.calendar_due_lock('isolation');
COMMENT ON TRIGGER calendar_due_isolation ON service_affair.calendar IS
  'A calendar edit runs in READ COMMITTED (55000 otherwise), before calendar_due_lock; not a restore, which writes the calendars as dumped';
CREATE TRIGGER calendar_due_isolation
    BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON service_affair.calendar_day
    FOR EACH STATEMENT WHEN (NOT service_affair.restoring()) EXECUTE FUNCTION service_affair.calendar_due_lock('isolation');
COMMENT ON TRIGGER calendar_due_isolation ON service_affair.calendar_day IS
  'A calendar edit runs in READ COMMITTED (55000 otherwise), before calendar_due_lock; not a restore, which writes the calendars as dumped';
CREATE TRIGGER calendar_due_lock
    BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON service_affair.calendar
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.calendar_due_lock();
COMMENT ON TRIGGER calendar_due_lock ON service_affair.calendar IS 'A calendar edit takes the due lock before it touches a row';
CREATE TRIGGER calendar_due_lock
    BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON service_affair.calendar_day
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.calendar_due_lock();
COMMENT ON TRIGGER calendar_due_lock ON service_affair.calendar_day IS 'A calendar edit takes the due lock before it touches a row';
