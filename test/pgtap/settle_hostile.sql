-- settle_cases() and history_month() under a hostile caller and a DBA's
-- load (doc/scale.md, "Slice 2: settling", "Found by the third review"):
-- a large batch settles in constant memory; an instant at the far end of the calendar settles nothing
-- rather than failing on a date computation; history_month() refuses an id
-- that carries no month with 22023 and names a bad table in valid text;
-- a settling rolled back leaves every row open.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(13);
\ir route_fixture.inc

INSERT INTO setting (name, value) VALUES ('settle.quiet_days', '0');
-- 400 returned cases (no material) of August 2026, and the months made ahead
SELECT count(submit('rt_biz', :p, '{}', 'window', '{}', '2026-08-03 10:00+08')) FROM generate_series(1, 400);
SELECT make_history_months(0, '2026-08-03 10:00+08') >= 0 AS months_made;

-- a settling rolled back leaves nothing behind
SAVEPOINT s;
SELECT is(settle_cases('2026-09-01 00:00+08', 5), 5, 'five cases settle inside a savepoint');
ROLLBACK TO SAVEPOINT s;
SELECT is((SELECT count(*) FROM cases WHERE service = 'rt_biz' AND NOT settled), 400::bigint,
  'rolled back: all 400 cases are open again');
SELECT is((SELECT count(*) FROM case_event WHERE kind = 'settled'), 0::bigint,
  'rolled back: no settled event is left');
SELECT is(settle_moving(), false, 'settle_moving() is false after the rollback');

-- the memory of the backend while settling: sampled at the first and the
-- last settled event (a trigger of this test, rolled back with it)
CREATE TEMP TABLE settle_mem (n serial, bytes bigint);
CREATE FUNCTION pg_temp.settle_mem() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO settle_mem (bytes) SELECT sum(total_bytes) FROM pg_backend_memory_contexts;
    RETURN NULL;
END $$;
CREATE TRIGGER settle_mem AFTER INSERT ON case_event FOR EACH ROW WHEN (NEW.kind = 'settled')
    EXECUTE FUNCTION pg_temp.settle_mem();

SELECT is(settle_cases('2026-09-01 00:00+08', 100000), 400, 'a batch of 400 settles');
SELECT cmp_ok((SELECT (max(bytes) - min(bytes))::numeric FROM settle_mem), '<', 4000000::numeric,
  'settling 400 cases grows the backend''s memory by less than 4 MB (it freed nothing per case: about 115 kB a case)');
DROP TRIGGER settle_mem ON case_event;

-- (its locks: test/isolation/specs/settle_locks.spec)

-- the far ends of the calendar: its settled events are dated at, so at lies
-- in the years 1..8999 as every recorded time (06_arguments.sql)
SELECT is(settle_cases('0001-01-02 00:00+00'), 0, 'at the first recordable instant: nothing settles, no error');
SELECT throws_ok($$SELECT settle_cases('4714-11-24 00:00+00 BC')$$, '22023', 'at is too early',
                 'at the first instant PostgreSQL knows: 22023 (was taken)');
SELECT throws_ok($$SELECT settle_cases('294000-01-01 00:00+00')$$, '22023', 'at is too late',
                 'in the year 294000: 22023 (was taken, and dated its settled events then)');

-- history_month() (internal; the owner only)
SELECT throws_ok('SELECT history_month(''cases'', -1)', '22023', 'id outside the range of case numbers',
  'history_month() of a negative id: 22023');
SELECT throws_ok('SELECT history_month(''task'', 9223372036854775807)', '22023', 'id outside the range of case numbers',
  'history_month() of an id beyond the last shard: 22023');
SELECT throws_ok(format('SELECT history_month(%L, 1)', 'a' || repeat('é', 100)), '22023',
  format('"%s" is not a table of the case family', 'a' || repeat('é', 31)),
  'a long multibyte table name is cut on a character boundary');
SELECT throws_ok('SELECT history_month(''setting'', 1)', '22023', 'setting is not a table of the case family',
  'history_month() of a table outside the family: 22023');

SELECT * FROM finish();
ROLLBACK;
