-- TRUNCATE of recusal and inspector beside the inspection writers' lock
-- (insp_writer_lock(), the team map's row).  TRUNCATE locks its table
-- before any trigger fires, so the statement trigger before it
-- (insp_truncate_lock()) takes the writers' lock only if it can without
-- waiting, and refuses (55000) when another transaction holds it or is
-- making its row; a transaction that holds it already truncates.  Until
-- 2026-12-05 TRUNCATE took no writers' lock and could deadlock with a
-- writer holding it (test/isolation/specs/insp_truncate_lock.spec).  The
-- other transaction is a dblink connection to this database; the map's row
-- it commits (when there was none) is deleted again before this file
-- takes the lock.
SET search_path = service_affair, public;
BEGIN;
SELECT plan(18);

CREATE EXTENSION IF NOT EXISTS dblink SCHEMA public;
SELECT public.dblink_connect('it_other',
    pg_catalog.format('dbname=%s host=%s port=%s user=%s', pg_catalog.quote_ident(current_database()),
                      pg_catalog.split_part(current_setting('unix_socket_directories'), ',', 1),
                      current_setting('port'), pg_catalog.quote_ident(current_user))) AS connected;
CREATE TEMP TABLE it_state AS
SELECT EXISTS (SELECT FROM public.dblink('it_other', 'SELECT 1 FROM service_affair.target_team_map') AS r(x integer)) AS had_map;

-- the fixture: no statement here takes the writers' lock (an insert of a
-- target or an inspector takes none)
INSERT INTO department (code, name) VALUES ('it_a', 'a');
INSERT INTO target (uscc, name, risk) VALUES ('91440300HR00000016', 'it first', 'D');
INSERT INTO inspector (id, name, department) VALUES ('it-1', 'a', 'it_a'), ('it-2', 'b', 'it_a');

-- the refusal, with its SQLSTATE, message, detail and hint
CREATE FUNCTION pg_temp.it_truncate(tbl text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    d text;
    h text;
BEGIN
    EXECUTE pg_catalog.format('TRUNCATE service_affair.%I CASCADE', tbl);
    RETURN 'truncated';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS d = PG_EXCEPTION_DETAIL, h = PG_EXCEPTION_HINT;
    RETURN SQLSTATE || ' ' || SQLERRM || ' | ' || (d LIKE 'Another transaction holds the inspection writers'' lock%')::text
           || ' | ' || (h LIKE 'Empty the table with DELETE%insp_writer_lock()%')::text;
END
$$;

SELECT has_trigger('service_affair', 'recusal', 'recusal_truncate_lock', 'recusal: a trigger before TRUNCATE');
SELECT has_trigger('service_affair', 'inspector', 'inspector_truncate_lock', 'inspector: a trigger before TRUNCATE');
SELECT ok(pg_catalog.to_regprocedure('service_affair.insp_truncate_lock()') IS NOT NULL
          AND NOT has_function_privilege('public', pg_catalog.to_regprocedure('service_affair.insp_truncate_lock()'), 'EXECUTE'),
          'insp_truncate_lock(): not executable by PUBLIC');

-- another transaction takes the writers' lock: the map's row is made by it
-- when there was none (not committed yet), or locked
SELECT public.dblink_exec('it_other', 'BEGIN');
SELECT public.dblink_exec('it_other', 'DO $d$ BEGIN PERFORM service_affair.insp_writer_lock(); END $d$');
SELECT is(pg_temp.it_truncate('recusal'),
          '55000 TRUNCATE of recusal would wait for the inspection writers'' lock | true | true',
          'the writers'' lock held (or its row being made) by another transaction: TRUNCATE of recusal refused at once, 55000, naming the lock; DELETE in the hint');
SELECT public.dblink_exec('it_other', 'ROLLBACK');

-- the map's row committed, then locked by the other transaction
SELECT public.dblink_exec('it_other', 'DO $d$ BEGIN PERFORM service_affair.insp_writer_lock(); END $d$');
SELECT public.dblink_exec('it_other', 'BEGIN');
SELECT public.dblink_exec('it_other', 'DO $d$ BEGIN PERFORM service_affair.insp_writer_lock(); END $d$');
SELECT throws_ok($$TRUNCATE service_affair.recusal$$, '55000',
                 'TRUNCATE of recusal would wait for the inspection writers'' lock',
                 'the map''s row locked by another transaction: TRUNCATE of recusal refused (55000)');
SELECT throws_ok($$TRUNCATE service_affair.inspector CASCADE$$, '55000',
                 'TRUNCATE of inspector would wait for the inspection writers'' lock',
                 'and TRUNCATE of inspector (cascading to recusal), 55000');
SELECT is((SELECT pg_catalog.count(*) FROM inspector WHERE id LIKE 'it-%'), 2::bigint, 'the refused TRUNCATE left the inspectors');
SELECT public.dblink_exec('it_other', 'ROLLBACK');
SELECT public.dblink_exec('it_other', 'DELETE FROM service_affair.target_team_map')
  FROM it_state WHERE NOT had_map;

-- the lock free: TRUNCATE takes it, and the other transaction waits for it
SELECT lives_ok($$TRUNCATE service_affair.recusal$$, 'the writers'' lock free: TRUNCATE of recusal goes through');
SELECT public.dblink_exec('it_other', 'SET lock_timeout = ''200ms''');
SELECT is(public.dblink_exec('it_other', 'DO $d$ BEGIN PERFORM service_affair.insp_writer_lock(); END $d$', false), 'ERROR',
          'and holds the writers'' lock: another transaction''s insp_writer_lock() waits (lock_timeout)');

-- a transaction that holds the writers' lock truncates (recusals written
-- first, which took it too)
INSERT INTO recusal SELECT 'it-1', t.id FROM target t WHERE t.name = 'it first';
SELECT service_affair.insp_writer_lock();
SELECT lives_ok($$TRUNCATE service_affair.recusal$$, 'the writers'' lock held: TRUNCATE of recusal goes through');
SELECT is((SELECT pg_catalog.count(*) FROM recusal), 0::bigint, 'recusal empty');
SELECT lives_ok($$TRUNCATE service_affair.inspector CASCADE$$, 'the writers'' lock held: TRUNCATE of inspector (and recusal) goes through');

-- the team map: TRUNCATE refused (55000) even to its owner and in a
-- transaction that holds the writers' lock (this one does); DELETE empties
-- it, and the next writer makes its row again.  Until 2026-12-05 it had no
-- guard: the TRUNCATE went through.
SELECT has_trigger('service_affair', 'target_team_map', 'target_team_map_no_truncate', 'target_team_map: a trigger before TRUNCATE');
SELECT throws_ok($$TRUNCATE service_affair.target_team_map$$, '55000', 'TRUNCATE of target_team_map is refused',
                 'TRUNCATE of the team map: refused (55000)');
SELECT is((SELECT pg_catalog.count(*) FROM target_team_map), 1::bigint, 'the map''s row is still there');
SELECT lives_ok($$DELETE FROM service_affair.target_team_map; SELECT service_affair.insp_writer_lock()$$,
                'DELETE empties the map; the next writer makes its row again');
-- the trigger function on another table
CREATE TEMP TABLE it_other_table (x integer);
DO $$
BEGIN
    CREATE TRIGGER it_wrong BEFORE TRUNCATE ON it_other_table
        FOR EACH STATEMENT EXECUTE FUNCTION service_affair.insp_truncate_lock();
EXCEPTION WHEN undefined_function THEN
    NULL;  -- the code before 2026-12-05: the TRUNCATE below goes through
END
$$;
SELECT throws_ok($$TRUNCATE it_other_table$$, '39P01', NULL, 'insp_truncate_lock() on another table: refused (39P01)');
CREATE TEMP TABLE it_other_map (x integer);
DO $$
BEGIN
    CREATE TRIGGER it_wrong_map BEFORE TRUNCATE ON it_other_map
        FOR EACH STATEMENT EXECUTE FUNCTION service_affair.insp_map_no_truncate();
EXCEPTION WHEN undefined_function THEN
    NULL;  -- the code before 2026-12-05: the TRUNCATE below goes through
END
$$;
SELECT throws_ok($$TRUNCATE it_other_map$$, '39P01', NULL, 'insp_map_no_truncate() on another table: refused (39P01)');

SELECT public.dblink_disconnect('it_other');
SELECT * FROM finish();
ROLLBACK;
