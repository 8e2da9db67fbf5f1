-- One home for "this transaction reads one snapshot" (issue 10, "each rule
-- has one home"): xact_snapshot_kept() and refuse_snapshot_isolation()
-- (06_arguments.sql, PostgreSQL's IsolationUsesXactSnapshot(), the test
-- settle_cases() asks in C).  Until 2026-12-05 the SQL spelled it three
-- ways, which disagreed on READ UNCOMMITTED (a snapshot per statement, as
-- READ COMMITTED): archive_history_month() refused it (<> 'read
-- committed') where the sweeps and settle_cases() ran, settle_wait()
-- re-raised the 40001 of a case moved into the history, and record_result()
-- took the path of REPEATABLE READ.  This file runs in READ UNCOMMITTED;
-- read_committed_rule_rr.sql in REPEATABLE READ.
SET search_path = service_affair, public;
BEGIN ISOLATION LEVEL READ UNCOMMITTED;
SELECT plan(8);

SELECT is(current_setting('transaction_isolation'), 'read uncommitted', 'the transaction is READ UNCOMMITTED');
SELECT is(xact_snapshot_kept(), false, 'xact_snapshot_kept(): no snapshot kept under READ UNCOMMITTED');
SELECT lives_ok($$SELECT refuse_snapshot_isolation('f()', 'why.')$$, 'refuse_snapshot_isolation(): nothing to refuse');
SELECT lives_ok($$SELECT archive_history_month('2000-01-01')$$,
          'archive_history_month() runs under READ UNCOMMITTED as the sweeps do (was 55000 "runs in READ COMMITTED")');
SELECT lives_ok($$SELECT sla_sweep(now())$$, 'sla_sweep() runs under READ UNCOMMITTED');
SELECT lives_ok($$SELECT complaint_sla_sweep(now())$$, 'complaint_sla_sweep() runs under READ UNCOMMITTED');
SELECT lives_ok($$SELECT settle_cases(now(), 10)$$, 'settle_cases() runs under READ UNCOMMITTED');

-- no second spelling: no function of the schema reads the isolation level itself
SELECT is_empty($$
    SELECT p.oid::regprocedure::text FROM pg_proc p
     WHERE p.pronamespace = 'service_affair'::regnamespace
       AND (p.prosrc ~* 'transaction_isolation|transaction isolation level' OR p.prosrc ~* 'IsolationUsesXactSnapshot')$$,
    'no function of the schema tests the isolation level but through xact_snapshot_kept() / refuse_snapshot_isolation()');

SELECT * FROM finish();
ROLLBACK;
