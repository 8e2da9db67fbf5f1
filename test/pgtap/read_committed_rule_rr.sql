-- The READ COMMITTED rule (read_committed_rule.sql) in a transaction of one
-- snapshot: each function that refuses it refuses with the one message of
-- refuse_snapshot_isolation() (55000 "<fn> runs in READ COMMITTED", the
-- detail naming the level).
SET search_path = service_affair, public;
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT plan(9);

SELECT is(xact_snapshot_kept(), true, 'xact_snapshot_kept(): REPEATABLE READ keeps its snapshot');
SELECT throws_ok($$SELECT refuse_snapshot_isolation('f()', 'why.')$$, '55000', 'f() runs in READ COMMITTED',
                 'refuse_snapshot_isolation(): 55000 naming the function');
CREATE FUNCTION pg_temp.detail_of(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE d text;
BEGIN
    EXECUTE q;
    RETURN NULL;
EXCEPTION WHEN object_not_in_prerequisite_state THEN
    GET STACKED DIAGNOSTICS d = PG_EXCEPTION_DETAIL;
    RETURN d;
END $$;
SELECT is(pg_temp.detail_of($$SELECT refuse_snapshot_isolation('f()', 'why.')$$), 'This transaction is REPEATABLE READ: why.',
          'the detail names the level and the reason');
SELECT throws_ok($$SELECT sla_sweep(now())$$, '55000', 'sla_sweep() runs in READ COMMITTED', 'sla_sweep(): 55000');
SELECT throws_ok($$SELECT complaint_sla_sweep(now())$$, '55000', 'complaint_sla_sweep() runs in READ COMMITTED', 'complaint_sla_sweep(): 55000');
SELECT throws_ok($$SELECT expire_licences(now())$$, '55000', 'expire_licences() runs in READ COMMITTED', 'expire_licences(): 55000');
SELECT throws_ok($$SELECT publish_due_catalog_changes(now())$$, '55000', 'publish_due_catalog_changes() runs in READ COMMITTED', 'publish_due_catalog_changes(): 55000');
SELECT throws_ok($$SELECT settle_cases(now(), 10)$$, '55000', 'settle_cases() runs in READ COMMITTED', 'settle_cases(): 55000 (C, the same function)');
SELECT throws_ok($$SELECT archive_history_month('2000-01-01')$$, '55000', 'archive_history_month() runs in READ COMMITTED', 'archive_history_month(): 55000');

SELECT * FROM finish();
ROLLBACK;
