-- An archived table attached again by hand, known by its rows (64_history.sql;
-- a review, 2026-12-06): until then history_partitions.attached_by_hand
-- read only the comment archive_history_month() gives the table, and a DBA
-- who changed or dropped it (or renamed the table) hid a month counted
-- twice, which archive_history_month() would then archive again (counted a
-- third time).  archive_history_month() records each table it moves and a
-- row of it in history_archived_tables; a partition of the history holding
-- that row is flagged, whatever its name, schema or comment.  A month made
-- again by settling (a late case) holds other rows and is not flagged.
-- The records are written only by the two functions: an INSERT, UPDATE,
-- DELETE or TRUNCATE by hand (the owner's, a superuser's) is refused, a
-- restore's rows let in (archived_refuse_change(); a review, 2026-12-06).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(30);
DO $$ BEGIN PERFORM service_affair.create_roles(); END $$;

\set dep HH_DEP
\set item hh_item
\set person 'Hand Person'
\ir history_month_fixture.inc

SELECT ok(archive_history_month('2026-02-01') > 0, 'February archived');
SELECT is((SELECT array_agg(table_schema || '.' || table_name ORDER BY table_name) FROM history_archived_tables),
          (SELECT array_agg(schemaname || '.' || tablename ORDER BY tablename) FROM pg_tables
            WHERE schemaname = 'service_affair_archive' AND tablename ~ '_202602$'),
  'history_archived_tables records every table the archive moved, where it put it');
SELECT is((SELECT first_key FROM history_archived_tables WHERE family_table = 'cases'), :f1::bigint,
  'with the lowest number of its rows (the cases table: the first case of February)');

-- the records are the archive's: no write by hand, not even the owner's or a
-- superuser's (until 2026-12-06 only the grants kept them out, and a record
-- deleted, or its first_key changed, hid its table attached back by hand;
-- one inserted made one up).  Each attempt is undone if it went through.
CREATE TEMP TABLE rec_writes (op text, state text, msg text, detail text);
CREATE TEMP TABLE rec_stmts (op text PRIMARY KEY, stmt text NOT NULL);
INSERT INTO rec_stmts VALUES
  ('DELETE', $$DELETE FROM service_affair.history_archived_tables WHERE family_table = 'cases'$$),
  ('UPDATE', $$UPDATE service_affair.history_archived_tables SET first_key = NULL WHERE family_table = 'cases'$$),
  ('INSERT', $$INSERT INTO service_affair.history_archived_tables
               SELECT archived_month, archived_at, family_table, first_id, 'service_affair', 'cases_made_up', first_key
                 FROM service_affair.history_archived_tables WHERE family_table = 'cases'$$),
  ('TRUNCATE', $$TRUNCATE service_affair.history_archived_tables$$),
  -- a row without a schema nor a name: the guard fires before the NOT NULL
  -- checks, and its detail must not fail on them (until 2026-12-06 its
  -- format('%I.%I') raised 22004 instead of the refusal; a review)
  ('INSERT null', $$INSERT INTO service_affair.history_archived_tables
               SELECT archived_month, archived_at, family_table, first_id, NULL, NULL, first_key
                 FROM service_affair.history_archived_tables WHERE family_table = 'cases'$$),
  -- a record as a dump holds it (the cases table's, a day earlier)
  ('dumped', $$INSERT INTO service_affair.history_archived_tables
               SELECT archived_month, archived_at - interval '1 day', family_table, first_id, table_schema, table_name, first_key
                 FROM service_affair.history_archived_tables WHERE family_table = 'cases'$$);
-- runs the statement op of rec_stmts, records how it ended under label
CREATE FUNCTION pg_temp.rec_try(op text, label text DEFAULT NULL) RETURNS void LANGUAGE plpgsql AS $f$
DECLARE s text; m text; d text;
BEGIN
    BEGIN
        EXECUTE (SELECT r.stmt FROM pg_temp.rec_stmts r WHERE r.op = rec_try.op);
        RAISE EXCEPTION 'went through' USING ERRCODE = 'P0001';
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS s = RETURNED_SQLSTATE, m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL;
        INSERT INTO pg_temp.rec_writes VALUES (coalesce(label, op), CASE s WHEN 'P0001' THEN 'written' ELSE s END, m, d);
    END;
END $f$;
SELECT pg_temp.rec_try(op) FROM unnest('{DELETE,UPDATE,INSERT,TRUNCATE}'::text[]) op;
SELECT is(ARRAY(SELECT op || ':' || state FROM rec_writes ORDER BY op),
          '{DELETE:42501,INSERT:42501,TRUNCATE:42501,UPDATE:42501}'::text[],
  'history_archived_tables: INSERT, UPDATE, DELETE and TRUNCATE by hand are refused (42501)');
SELECT is((SELECT array_agg(DISTINCT msg) FROM rec_writes),
          '{"history_archived_tables is written only by archive_history_month() and restore_history_month()"}'::text[],
  'each in the same words');
SELECT matches((SELECT detail FROM rec_writes WHERE op = 'DELETE'),
  '^DELETE of the row of service_affair_archive\.cases_settled_202602 \(cases, month 2026-02, archived at [0-9-]+ [0-9:]+ UTC\) in service_affair\.history_archived_tables outside them is refused',
  'the detail names the table and the row');
SELECT matches((SELECT detail FROM rec_writes WHERE op = 'INSERT'),
  '^INSERT of the row of service_affair\.cases_made_up \(cases, month 2026-02, ',
  'an insert''s detail names the row it would have made up');
TRUNCATE rec_writes;
SELECT pg_temp.rec_try('INSERT null');
SELECT is((SELECT state || ' ' || msg FROM rec_writes),
          '42501 history_archived_tables is written only by archive_history_month() and restore_history_month()',
  'a row inserted by hand without a schema nor a name is refused the same way (42501), not 22004');
-- the marker of the two functions, set by hand, lets no UPDATE nor TRUNCATE through
TRUNCATE rec_writes;
SET LOCAL service_affair.history_archiving = 'on';
SELECT pg_temp.rec_try(op) FROM unnest('{UPDATE,TRUNCATE}'::text[]) op;
RESET service_affair.history_archiving;
SELECT is(ARRAY(SELECT op || ':' || state FROM rec_writes ORDER BY op), '{TRUNCATE:42501,UPDATE:42501}'::text[],
  'with service_affair.history_archiving on, UPDATE and TRUNCATE are still refused');
-- a restore (pg_dump's script: a superuser, search_path '' and
-- check_function_bodies off) loads the records as dumped; the same row by
-- hand is refused
TRUNCATE rec_writes;
SELECT pg_temp.rec_try('dumped', 'by hand');
SET LOCAL check_function_bodies = off;
SET LOCAL search_path = '';
SELECT pg_temp.rec_try('dumped', 'restore');
SET LOCAL search_path = service_affair, public;
RESET check_function_bodies;
SELECT is(ARRAY(SELECT op || ':' || state FROM rec_writes ORDER BY op), '{by hand:42501,restore:written}'::text[],
  'a restore''s record is let in (restoring()), the same by hand is not');

-- a table of the archive renamed or dropped by hand: the month does not
-- come back without it (until 2026-12-06, a hostile review, the other
-- tables came back alone, the missing one's record was deleted and every
-- count of the month taken back: February's cases left the indicators)
ALTER TABLE service_affair_archive.cases_settled_202602 RENAME TO cases_feb_kept;
SELECT throws_ok($$SELECT service_affair.restore_history_month('2026-02-01')$$, '55000',
  'archived tables of month 2026-02 are missing: cases_settled_202602 (cases)',
  'the cases table renamed in the archive: restore_history_month() refuses the month (55000), naming it');
SELECT is((SELECT count(*) FROM history_archived_tables WHERE archived_month = '2026-02-01'), 4::bigint,
  'every record of February stays');
SELECT is((SELECT count(*) FROM efficiency_archived WHERE restored_at IS NOT NULL)
          + (SELECT count(*) FROM history_partitions WHERE month = '2026-02-01'), 0::bigint,
  'no count taken back, no table attached');
ALTER TABLE service_affair_archive.cases_feb_kept RENAME TO cases_settled_202602;
SAVEPOINT dropped;
DROP TABLE service_affair_archive.task_settled_202602;
SELECT throws_ok($$SELECT service_affair.restore_history_month('2026-02-01')$$, '55000',
  'archived tables of month 2026-02 are missing: task_settled_202602 (task)',
  'the task table dropped: 55000 too');
ROLLBACK TO SAVEPOINT dropped;
SELECT set_eq($$SELECT x::text FROM efficiency_counts x$$, $$SELECT r FROM eff_before$$,
  'efficiency_counts: February still counted once, from the archive');

-- attached by hand, renamed and its comment changed or dropped
CREATE TEMP TABLE feb_tables (family_table text, tbl text, comment text);
DO $$
DECLARE r record; c record; k integer := 0;
BEGIN
    FOR r IN SELECT t.tablename::text AS tbl, left(t.tablename::text, -7) AS parent,
                    substring(obj_description(format('service_affair_archive.%I', t.tablename)::regclass, 'pg_class'),
                              ' from (-?[0-9]+) to -?[0-9]+$')::bigint AS lo,
                    substring(obj_description(format('service_affair_archive.%I', t.tablename)::regclass, 'pg_class'),
                              ' to (-?[0-9]+)$')::bigint AS hi
               FROM pg_tables t WHERE t.schemaname = 'service_affair_archive' AND t.tablename ~ '_202602$' LOOP
        k := k + 1;
        INSERT INTO feb_tables VALUES (r.parent, r.tbl,
            obj_description(format('service_affair_archive.%I', r.tbl)::regclass, 'pg_class'));
        FOR c IN SELECT conname::text AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
                  WHERE conrelid = format('service_affair.%I', r.parent)::regclass AND contype = 'c' LOOP
            EXECUTE format('ALTER TABLE service_affair_archive.%I ADD CONSTRAINT %I %s', r.tbl, c.name, c.def);
        END LOOP;
        EXECUTE format('COMMENT ON TABLE service_affair_archive.%I IS %L', r.tbl,
                       CASE WHEN k % 2 = 0 THEN 'February, back from the archive' END);
        EXECUTE format('ALTER TABLE service_affair_archive.%I RENAME TO %I', r.tbl, r.parent || '_feb_back');
        EXECUTE format('ALTER TABLE service_affair_archive.%I SET SCHEMA service_affair', r.parent || '_feb_back');
        EXECUTE format('ALTER TABLE service_affair.%I ATTACH PARTITION service_affair.%I FOR VALUES FROM (%s) TO (%s)',
                       r.parent, r.parent || '_feb_back', r.lo, r.hi + 1);
    END LOOP;
END $$;
SELECT is((SELECT count(*) FROM history_partitions h WHERE h.month = '2026-02-01'
            AND coalesce(obj_description(h.partition, 'pg_class'), '') LIKE 'Archived history of %'), 0::bigint,
  'no table of February attached by hand keeps the archive''s comment');
SELECT is((SELECT array_agg(h.family_table ORDER BY h.family_table) FROM history_partitions h
            WHERE h.month = '2026-02-01' AND h.attached_by_hand),
          (SELECT array_agg(r.family_table ORDER BY r.family_table) FROM history_archived_tables r WHERE r.first_key IS NOT NULL),
  'history_partitions flags every table of February with rows attached by hand, by its rows');
SELECT ok((SELECT h.attached_by_hand FROM history_partitions h WHERE h.partition = 'service_affair.cases_settled_feb_back'::regclass),
  'the cases table, renamed and its comment dropped or changed, is flagged');
SELECT is(history_month_blocker('2026-02-01'),
          format('%s partitions attached by hand', (SELECT count(*) FROM history_archived_tables WHERE first_key IS NOT NULL)),
  'history_month_blocker() counts them');
SELECT throws_ok($$SELECT service_affair.archive_history_month('2026-02-01')$$, '55000', NULL,
  'February is not archived again (its counts would be recorded a second time)');
SELECT throws_like($$SELECT service_affair.restore_history_month('2026-02-01')$$, 'month 2026-02 was attached by hand: %',
  'restore_history_month() refuses the month attached by hand');

-- detached back into the archive under its name and comment, it comes back
-- through the function, counted once
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT f.family_table, f.tbl, f.comment FROM feb_tables f LOOP
        EXECUTE format('ALTER TABLE service_affair.%I DETACH PARTITION service_affair.%I', r.family_table, r.family_table || '_feb_back');
        EXECUTE format('ALTER TABLE service_affair.%I SET SCHEMA service_affair_archive', r.family_table || '_feb_back');
        EXECUTE format('ALTER TABLE service_affair_archive.%I RENAME TO %I', r.family_table || '_feb_back', r.tbl);
        EXECUTE format('COMMENT ON TABLE service_affair_archive.%I IS %L', r.tbl, r.comment);
    END LOOP;
END $$;
SELECT is((SELECT count(*) FROM history_partitions WHERE month = '2026-02-01'), 0::bigint, 'February is out of the history again');
SELECT ok(restore_history_month('2026-02-01') > 0, 'and comes back through restore_history_month()');
SELECT is((SELECT count(*) FROM history_archived_tables WHERE archived_month = '2026-02-01'), 0::bigint,
  'its tables are no longer recorded as in the archive');
SELECT ok(NOT EXISTS (SELECT FROM history_partitions WHERE attached_by_hand), 'nothing is flagged once it is restored');
SELECT set_eq($$SELECT x::text FROM efficiency_counts x$$, $$SELECT r FROM eff_before$$,
  'efficiency_counts: February counted once');

-- a month made again by settling holds other rows: not flagged
SELECT ok(archive_history_month('2026-01-01') > 0, 'January archived');
SELECT submit('hh_item', :p, '{form}', 'window', '{}', '2026-01-20 10:00+08') AS j2 \gset
SELECT complete_task(id, 'approved', '2026-02-13 10:00+08') FROM task WHERE case_id = :j2;
SELECT deliver(:j2, 'window', '2026-02-14 10:00+08');
SELECT settle_cases('2026-11-30 00:00+08', 1000);
SELECT is((SELECT count(*) FROM history_partitions WHERE month = '2026-01-01' AND NOT attached_by_hand),
          (SELECT count(*) FROM history_partitions WHERE month = '2026-01-01'),
  'a late case of January settles into new partitions, none flagged');
SELECT ok(archive_history_month('2026-01-01') > 0, 'and January is archived again');

SELECT * FROM finish();
ROLLBACK;
