-- settle_cases() refuses a transaction of one snapshot (REPEATABLE READ
-- here; SERIALIZABLE and the concurrent permutations:
-- test/isolation/specs/settle_snapshot.spec): 55000, after its arguments,
-- before any case is locked, read or moved, as sla_sweep() and
-- expire_licences() (route_sweep_isolation.sql, licence_expire_isolation.sql).
-- Until 2026-12-05 it ran, and a level-1 rating committed after the
-- snapshot (its rectification open) was not seen: the case was moved
-- without it and the whole run ended with 23503 (rating_case_id_fkey).
BEGIN ISOLATION LEVEL REPEATABLE READ;
SET search_path = service_affair, public;
SELECT plan(7);
\ir route_fixture.inc

-- k1 withdrawn: settles once 90 quiet days have passed
SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-02-13 10:00+08') AS k1 \gset
SELECT withdraw(:k1, '2026-02-14 10:00+08');

-- the refusal, as "SQLSTATE message / detail / hint"
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
SELECT is(pg_temp.refusal($$SELECT service_affair.settle_cases('2026-12-01 00:00+08', 1000)$$),
  '55000 settle_cases() runs in READ COMMITTED / This transaction is REPEATABLE READ: settling would judge cases as of its snapshot, not as other transactions left them since. / Run it in a transaction of the default isolation level (READ COMMITTED), as pg_cron does.',
  'settle_cases() in REPEATABLE READ: 55000, the isolation level named, the hint to run it in READ COMMITTED (the sweeps'' shape)');
SELECT throws_ok($$SELECT service_affair.settle_cases()$$, '55000', 'settle_cases() runs in READ COMMITTED',
  'settle_cases() with its defaults too');
-- a bad argument is told as such first (22023), as in READ COMMITTED and as the sweeps
SELECT throws_ok($$SELECT service_affair.settle_cases(NULL)$$, '22023', NULL, 'settle_cases(NULL): 22023 before the isolation level');
SELECT throws_ok($$SELECT service_affair.settle_cases('2026-12-01 00:00+08', 0)$$, '22023', NULL,
  'settle_cases(at, 0): 22023 before the isolation level');
-- nothing moved: the withdrawn case, quiet for months, is open, with no settled event
SELECT results_eq(format('SELECT settled, (SELECT count(*) FROM case_event e WHERE e.case_id = c.id AND e.kind = %L) FROM cases c WHERE c.id = %s', 'settled', :k1),
  $$VALUES (false, 0::bigint)$$, 'the refused run settled nothing');
SELECT is((SELECT count(*) FROM pg_inherits i WHERE i.inhparent = 'service_affair.cases_settled'::regclass
            AND i.inhrelid::regclass::text LIKE '%202602'), 0::bigint, 'and made no month of the history');
SELECT * FROM finish();
ROLLBACK;
