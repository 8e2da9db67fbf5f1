-- sla_sweep() and complaint_sla_sweep() refuse a transaction of one
-- snapshot (REPEATABLE READ here; SERIALIZABLE and the concurrent
-- permutations: test/isolation/specs/route_sweep_snapshot.spec): 55000,
-- before anything is locked or written.  Until 2026-12-05 they ran, and a
-- task completed or extended after the snapshot ended the sweep with 40001.
BEGIN ISOLATION LEVEL REPEATABLE READ;
SET search_path = service_affair, public;
SELECT plan(9);
\ir route_fixture.inc
SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-02-13 10:00+08') AS k1 \gset

-- every refusal, as "SQLSTATE message / detail / hint"
CREATE FUNCTION pg_temp.refusal(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE m text; d text; h text; s text;
BEGIN
    EXECUTE q;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS s = RETURNED_SQLSTATE, m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL, h = PG_EXCEPTION_HINT;
    RETURN s || ' ' || m || ' / ' || d || ' / ' || h;
END
$$;

SELECT is(current_setting('transaction_isolation'), 'repeatable read', 'this file runs in REPEATABLE READ');
SELECT is(pg_temp.refusal($$SELECT service_affair.sla_sweep('2026-02-26 10:00+08')$$),
  '55000 sla_sweep() runs in READ COMMITTED / This transaction is REPEATABLE READ: the sweep would judge tasks and cases as of its snapshot, not as other transactions left them since. / Run it in a transaction of the default isolation level (READ COMMITTED), as pg_cron does.',
  'sla_sweep() in REPEATABLE READ: 55000, the isolation level named, the hint to run it in READ COMMITTED');
SELECT is(pg_temp.refusal($$SELECT service_affair.complaint_sla_sweep('2026-02-26 10:00+08')$$),
  '55000 complaint_sla_sweep() runs in READ COMMITTED / This transaction is REPEATABLE READ: the sweep would judge complaints as of its snapshot, not as other transactions left them since. / Run it in a transaction of the default isolation level (READ COMMITTED), as pg_cron does.',
  'complaint_sla_sweep() by itself likewise');
SELECT throws_ok($$SELECT service_affair.sla_sweep()$$, '55000', 'sla_sweep() runs in READ COMMITTED', 'sla_sweep() at its default time too');
SELECT throws_ok($$SELECT service_affair.complaint_sla_sweep()$$, '55000', 'complaint_sla_sweep() runs in READ COMMITTED',
  'complaint_sla_sweep() at its default time too');
-- a bad argument is told as such first (22023), as in READ COMMITTED
SELECT throws_ok($$SELECT service_affair.sla_sweep(NULL)$$, '22023', NULL, 'sla_sweep(NULL): 22023 before the isolation level');
SELECT throws_ok($$SELECT service_affair.complaint_sla_sweep(NULL)$$, '22023', NULL, 'complaint_sla_sweep(NULL): 22023 before the isolation level');
-- nothing recorded: the case and its task enter warning as of 02-26 10:00
-- (route_sweep.sql), yet no flag, no event
SELECT results_eq(format('SELECT t.sla_state, c.sla_state, c.status FROM task t JOIN cases c ON c.id = t.case_id WHERE c.id = %s', :k1),
  $$VALUES (NULL::text, NULL::text, 'accepted'::text)$$, 'the refused sweeps flagged nothing');
SELECT is((SELECT count(*) FROM case_event WHERE case_id = :k1 AND kind NOT IN ('submitted', 'accepted')), 0::bigint,
  'nor wrote an event');
SELECT * FROM finish();
ROLLBACK;
