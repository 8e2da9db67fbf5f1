-- service_affair.as_of read in a parallel worker.  A worker may define no
-- variable, so there the library looks the setting up by name at each read
-- (rt_as_of_value_now(), src/routing.c) instead of its cache of the leader's
-- assign hook; the value comes to the worker with the leader's settings.
-- Each query below runs in one worker (force_parallel_mode, the leader not
-- taking part: every row, and so every read, is the worker's, which the
-- plan is checked to say), and must answer what the same query answers
-- without a worker: the instant set, its SLA state, and its refusals in the
-- same words.  The first read of the session is the worker's, of a value set
-- before the library defined the variable: a value that moves with the clock
-- is refused there as in the leader (route_as_of.sql).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(19);
\ir error_detail.inc
-- in_worker(query): the query's plan runs its one row in worker 0 alone
-- (a Gather, one worker launched, the scan's row counted for the worker);
-- EXPLAIN ANALYZE runs it, so a query that fails is no plan of a worker
CREATE FUNCTION pg_temp.in_worker(q text) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE l text; gather boolean := false; launched boolean := false; w0 boolean := false;
BEGIN
  FOR l IN EXECUTE 'EXPLAIN (ANALYZE, VERBOSE, COSTS OFF, TIMING OFF, SUMMARY OFF) ' || q LOOP
    gather := gather OR l ~ '^\s*Gather\M';
    launched := launched OR l ~ 'Workers Launched: 1$';
    w0 := w0 OR l ~ 'Worker 0:\s+actual rows=1 ';
  END LOOP;
  RETURN gather AND launched AND w0;
END $$;
-- one(query): the query's one value (a scalar subquery would be an
-- InitPlan of the leader's; EXECUTE plans it as a query of its own)
CREATE FUNCTION pg_temp.one(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE v text;
BEGIN
  EXECUTE q INTO v;
  RETURN v;
END $$;
-- serial(query): the query's one value computed with no worker
CREATE FUNCTION pg_temp.serial(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE v text;
BEGIN
  PERFORM set_config('force_parallel_mode', 'off', true);
  PERFORM set_config('max_parallel_workers_per_gather', '0', true);
  BEGIN
    EXECUTE q INTO v;
  EXCEPTION WHEN OTHERS THEN
    PERFORM set_config('force_parallel_mode', 'on', true);
    PERFORM set_config('max_parallel_workers_per_gather', '2', true);
    RAISE;
  END;
  PERFORM set_config('force_parallel_mode', 'on', true);
  PERFORM set_config('max_parallel_workers_per_gather', '2', true);
  RETURN v;
END $$;
SET LOCAL force_parallel_mode = on;
SET LOCAL max_parallel_workers_per_gather = 2;
SET LOCAL parallel_leader_participation = off;
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;

-- before the library defined the variable: a placeholder, read by name in
-- the worker (the first read of the session)
SET LOCAL service_affair.as_of = 'yesterday';
SELECT is((SELECT count(*) FROM pg_settings WHERE name = 'service_affair.as_of'), 0::bigint,
          'the variable is not defined yet in this session');
SELECT is(pg_temp.err_of('SELECT service_affair.sla_as_of() FROM generate_series(1, 1)'),
          '22023 | service_affair.as_of must be a fixed time | The value ''yesterday'' names "yesterday", which moves with the clock (read from the start of each transaction); the setting pins one instant.',
          'a value that moves with the clock, set before the definition and read first in a worker: 22023 in the leader''s words');
SET LOCAL service_affair.as_of = '2026-10-12 09:00+08';
SELECT ok(pg_temp.in_worker('SELECT service_affair.sla_as_of() FROM generate_series(1, 1)'),
          'sla_as_of() over generate_series runs in a worker');
SELECT is(pg_temp.one('SELECT service_affair.sla_as_of()::text FROM generate_series(1, 1)')::timestamptz,
          '2026-10-12 09:00+08'::timestamptz, 'a worker reads the placeholder''s instant');

\ir credit_fixture.inc
-- due 2026-10-15 (5 working days from Fri 10-09: National Day's make-up Sat 10-10 counts)
SELECT submit('k_std', o, ARRAY['form', 'later'], 'window', ARRAY['proof'], '2026-10-09 10:00+08') AS c1 FROM kf \gset
SELECT is((SELECT due FROM task_sla WHERE case_id = :c1), '2026-10-15'::date, 'the fixture: one task, due 2026-10-15');

CREATE TEMP TABLE readers (q text, what text);
INSERT INTO readers VALUES
  (format('SELECT service_affair.sla_as_of()::text FROM service_affair.cases WHERE id = %s', :c1), 'sla_as_of() over cases'),
  (format('SELECT state FROM service_affair.task_sla WHERE case_id = %s', :c1), 'task_sla.state');
SELECT ok(pg_temp.in_worker(q), r.what || ' runs in a worker') FROM readers r ORDER BY r.what;

-- the instant set, before, on and after the due day: the worker answers
-- what the leader answers alone, and the states differ (so the setting,
-- not now(), is what both read)
CREATE TEMP TABLE seen (as_of text, what text, in_worker text, alone text);
CREATE FUNCTION pg_temp.look(v text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE r record; w text;
BEGIN
  PERFORM set_config('service_affair.as_of', v, true);
  FOR r IN SELECT * FROM readers LOOP
    EXECUTE r.q INTO w;
    INSERT INTO seen VALUES (v, r.what, w, pg_temp.serial(r.q));
  END LOOP;
END $$;
SELECT pg_temp.look(v) FROM unnest(ARRAY['2026-10-12 09:00+08', '2026-10-15 16:00+08', '2026-10-16 09:00+08', '2026-11-20 12:00+08']) v;
SELECT is(count(*) FILTER (WHERE in_worker IS DISTINCT FROM alone), 0::bigint,
          'at four instants, sla_as_of() and task_sla.state in a worker equal those computed without one')
  FROM seen;
SELECT is(in_worker::timestamptz, as_of::timestamptz, 'sla_as_of() in a worker is the setting at ' || as_of)
  FROM seen WHERE what = 'sla_as_of() over cases' ORDER BY as_of;
SELECT is(array_agg(in_worker ORDER BY as_of), ARRAY['running', 'warning', 'overdue', 'overdue'],
          'task_sla.state in a worker follows the setting: running, warning on the due day, overdue')
  FROM seen WHERE what = 'task_sla.state';

-- refusals, in the worker as without it
SELECT FROM set_config('service_affair.as_of', 'infinity', true);
SELECT is(pg_temp.err_of(r.q),
          '22023 | service_affair.as_of must be a finite time | The setting service_affair.as_of is ''infinity''.',
          r.what || ' in a worker: infinity is 22023 naming the setting')
  FROM readers r ORDER BY r.what;
SELECT FROM set_config('service_affair.as_of', '2026-11-20 ' || repeat('x', 100000), true);
SELECT is(pg_temp.err_of(r.q),
          '22007 | service_affair.as_of is not a valid time | The setting service_affair.as_of is ''2026-11-20 '
            || repeat('x', 53) || '''... (100011 bytes), longer than 1024 bytes.',
          r.what || ' in a worker: a 100 kB value is 22007, 64 bytes echoed')
  FROM readers r ORDER BY r.what;
SELECT is(pg_temp.err_of(format('SELECT pg_temp.serial(%L)', r.q)),
          '22007 | service_affair.as_of is not a valid time | The setting service_affair.as_of is ''2026-11-20 '
            || repeat('x', 53) || '''... (100011 bytes), longer than 1024 bytes.',
          r.what || ' without a worker: the same words')
  FROM readers r ORDER BY r.what;

SELECT * FROM finish();
ROLLBACK;
