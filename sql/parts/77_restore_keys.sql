-- The keys by which a table refers to itself, checked at the end of a
-- restore's transaction.  Three tables marked for pg_dump refer to
-- themselves: item (delegated_to), service_point (parent) and credit_event
-- (refers_to); no other foreign key of the extension closes a cycle.  A
-- dump lists a table's rows in their physical order, in which a row
-- updated after a row that refers to it (a parent point renamed after its
-- child was made, an item edited after another was delegated to it) lies
-- after it.  One COPY per table checks its keys at the end of the COPY, so
-- the default dump restores; a dump made with --inserts or
-- --column-inserts has one INSERT per row, and until 2026-12-07 the first
-- child before its parent failed with 23503 and the restore stopped (or,
-- without ON_ERROR_STOP, went on without that row).
-- The three keys are DEFERRABLE INITIALLY IMMEDIATE: every write of the
-- API, and of an administrator, is checked at the end of its statement as
-- before (INITIALLY DEFERRED would move an API call's 23503 to the commit,
-- far from its cause).  In a restore (restoring(), 05_org.sql: a superuser
-- with the empty search_path and check_function_bodies off that pg_dump's
-- script and pg_restore set) the first insert into one of the tables
-- defers the three keys to the end of the transaction, where every row is
-- in: a restore in one transaction (psql --single-transaction,
-- pg_restore --single-transaction) loads such a dump.  A restore in
-- autocommit (each INSERT its own transaction) still fails at the child:
-- nothing can check a key whose row is not yet there (doc/deployment.md,
-- "Other ways of restoring").  The action triggers of ON UPDATE CASCADE
-- are never deferred (PostgreSQL runs them at once in any case).
-- test/scripts/restore_modes.sh.
CREATE FUNCTION service_affair.restore_defer_keys() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    -- its three tables only (DESIGN.md: every trigger function checks
    -- TG_RELID): attached elsewhere by a superuser, it deferred the three
    -- keys at every insert into that table, restore or not (until
    -- 2026-12-07, a review; test/pgtap/restore_keys.sql)
    IF TG_RELID NOT IN ('service_affair.item'::pg_catalog.regclass, 'service_affair.service_point'::pg_catalog.regclass,
                        'service_affair.credit_event'::pg_catalog.regclass)
       OR TG_WHEN <> 'BEFORE' OR TG_LEVEL <> 'STATEMENT' OR TG_OP <> 'INSERT' THEN
        RAISE EXCEPTION USING ERRCODE = 'trigger_protocol_violated',
            MESSAGE = pg_catalog.format('restore_defer_keys() must not fire on %s %s %s of %s', TG_WHEN, TG_LEVEL, TG_OP,
                                        pg_catalog.left(TG_RELID::pg_catalog.regclass::text, 200)),
            DETAIL = 'It fires only before an insert statement of service_affair.item, service_point or credit_event, in a restore.';
    END IF;
    SET CONSTRAINTS service_affair.item_delegated_to_fkey, service_affair.service_point_parent_fkey,
                    service_affair.credit_event_refers_to_fkey DEFERRED;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION service_affair.restore_defer_keys() IS
  'Internal: trigger in a restore (restoring()): defers the keys by which item, service_point and credit_event refer to themselves to the end of the transaction, so that a dump with one INSERT per row loads in one transaction; refuses to run on any other table or event (39P01)';
REVOKE EXECUTE ON FUNCTION service_affair.restore_defer_keys() FROM PUBLIC;

-- WHEN, not a test in the function: restoring() reads the writer's
-- search_path, which the function's own SET would hide.
CREATE TRIGGER item_restore_defer_keys BEFORE INSERT ON service_affair.item
    FOR EACH STATEMENT WHEN (service_affair.restoring()) EXECUTE FUNCTION service_affair.restore_defer_keys();
CREATE TRIGGER service_point_restore_defer_keys BEFORE INSERT ON service_affair.service_point
    FOR EACH STATEMENT WHEN (service_affair.restoring()) EXECUTE FUNCTION service_affair.restore_defer_keys();
CREATE TRIGGER credit_event_restore_defer_keys BEFORE INSERT ON service_affair.credit_event
    FOR EACH STATEMENT WHEN (service_affair.restoring()) EXECUTE FUNCTION service_affair.restore_defer_keys();
COMMENT ON TRIGGER item_restore_defer_keys ON service_affair.item IS
  'In a restore, defers item_delegated_to_fkey (and the other keys of a table to itself) to the end of the transaction: restore_defer_keys()';
COMMENT ON TRIGGER service_point_restore_defer_keys ON service_affair.service_point IS
  'In a restore, defers service_point_parent_fkey (and the other keys of a table to itself) to the end of the transaction: restore_defer_keys()';
COMMENT ON TRIGGER credit_event_restore_defer_keys ON service_affair.credit_event IS
  'In a restore, defers credit_event_refers_to_fkey (and the other keys of a table to itself) to the end of the transaction: restore_defer_keys()';
