-- expire_licences() refuses a transaction of one snapshot (REPEATABLE READ
-- here; SERIALIZABLE and the concurrent permutations:
-- test/isolation/specs/licence_expire_snapshot.spec): 55000, before any
-- licence is read or written, as sla_sweep() (route_sweep_isolation.sql).
-- Until 2026-12-05 it ran, and a licence revoked or renewed after the
-- snapshot ended the whole run with 40001.
BEGIN ISOLATION LEVEL REPEATABLE READ;
SET search_path = service_affair, public;
SELECT plan(6);
\ir licence_fixture.inc
SELECT submit('lc_reg', :p, '{form,id}', 'window', '{}', '2026-08-03 09:00+08') AS c1 \gset
SELECT pg_temp.decide(:c1, 'approved', '2026-08-04 10:00+08') AS decided \gset
-- its last valid day (2027-08-04) moved before the expiry's day
UPDATE licence SET valid_until = '2026-09-01' WHERE case_id = :c1;

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
SELECT is(pg_temp.refusal($$SELECT service_affair.expire_licences('2026-10-01 09:00+08')$$),
  '55000 expire_licences() runs in READ COMMITTED / This transaction is REPEATABLE READ: the expiry would judge licences as of its snapshot, not as other transactions left them since. / Run it in a transaction of the default isolation level (READ COMMITTED), as pg_cron does.',
  'expire_licences() in REPEATABLE READ: 55000, the isolation level named, the hint to run it in READ COMMITTED (the sweeps'' shape)');
SELECT throws_ok($$SELECT service_affair.expire_licences()$$, '55000', 'expire_licences() runs in READ COMMITTED',
  'expire_licences() at its default time too');
-- a bad argument is told as such first (22023), as in READ COMMITTED and as the sweeps
SELECT throws_ok($$SELECT service_affair.expire_licences(NULL)$$, '22023', NULL, 'expire_licences(NULL): 22023 before the isolation level');
SELECT throws_ok($$SELECT service_affair.expire_licences('infinity')$$, '22023', NULL, 'expire_licences(infinity): 22023 before the isolation level');
-- nothing written: the licence past its last day stays valid in the table
SELECT results_eq(format('SELECT status, changed_at IS NULL FROM licence WHERE case_id = %s', :c1),
  $$VALUES ('valid'::text, true)$$, 'the refused expiry expired nothing');
SELECT * FROM finish();
ROLLBACK;
