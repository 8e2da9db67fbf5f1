-- The counts of archived months and the archive itself, guarded (64_history.sql;
-- a review, 2026-12-06):
--   * a month whose archived tables a DBA attached by hand, not with
--     restore_history_month(), was counted twice by the analysts' views (its
--     cases live again, its archived counts still added): history_partitions
--     now flags such a partition (attached_by_hand), archive_history_month()
--     and restore_history_month() refuse the month (55000) until it is
--     detached back, and then the restore counts it once;
--   * the owner or a superuser could insert into the <x>_archived tables by
--     hand: an INSERT outside archive_history_month() and
--     restore_history_month() is refused (42501), a restore's is let in
--     (restoring());
--   * a month archived under another history.archive_schema (the setting
--     changed since) could not be brought back: restore_history_month()
--     finds its tables where the archive put them.
-- Written so that each assertion fails, rather than the file aborting, on
-- the former code (attached_by_hand read through to_jsonb()).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(18);
DO $$ BEGIN PERFORM service_affair.create_roles(); END $$;

\set dep HG_DEP
\set item hg_item
\set person 'Guard Person'
\ir history_month_fixture.inc
CREATE TEMP TABLE items_before AS SELECT x::text AS r FROM complaint_items x;

-- 2. the counts tables take no insert by hand, not even the owner's
SELECT throws_ok($$INSERT INTO service_affair.efficiency_archived SELECT * FROM service_affair.efficiency_archived WHERE false$$,
  '42501', 'efficiency_archived is written only by archive_history_month() and restore_history_month()',
  'efficiency_archived: an INSERT by hand is refused (42501)');
CREATE TEMP TABLE ins_refused (t text, state text, detail text);
DO $$
DECLARE t text; s text; d text;
BEGIN
    FOREACH t IN ARRAY ARRAY['efficiency_archived', 'satisfaction_archived', 'item_cases_archived',
                             'data_sharing_archived', 'one_licence_archived', 'licence_monthly_archived'] LOOP
        BEGIN
            EXECUTE format('INSERT INTO service_affair.%I SELECT * FROM service_affair.%I WHERE false', t, t);
            INSERT INTO ins_refused VALUES (t, 'inserted', NULL);
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS s = RETURNED_SQLSTATE, d = PG_EXCEPTION_DETAIL;
            INSERT INTO ins_refused VALUES (t, s, d);
        END;
    END LOOP;
END $$;
SELECT is(ARRAY(SELECT state FROM ins_refused ORDER BY t), array_fill('42501'::text, ARRAY[6]),
  'each of the six counts tables refuses an INSERT by hand (42501)');
SELECT matches((SELECT detail FROM ins_refused WHERE t = 'item_cases_archived'),
  '^INSERT into service_affair\.item_cases_archived outside them is refused',
  'the detail says the insert is refused outside the archive''s functions');
-- a restore (pg_dump's script: a superuser, search_path '' and check_function_bodies off) loads them as dumped
SAVEPOINT restore_in;
SET LOCAL search_path = '';
SET LOCAL check_function_bodies = off;
CREATE TEMP TABLE restore_in (outcome text);
DO $$
BEGIN
    INSERT INTO service_affair.item_cases_archived (archived_month, archived_at, item, month, cases)
    VALUES ('2025-01-01', '2025-02-01 00:00+00', 'hg_item', '2025-01-01', 1);
    INSERT INTO pg_temp.restore_in VALUES ('inserted');
EXCEPTION WHEN OTHERS THEN
    INSERT INTO pg_temp.restore_in VALUES (SQLSTATE || ': ' || SQLERRM);
END $$;
SET LOCAL search_path = service_affair, public;
SELECT is((SELECT outcome FROM restore_in), 'inserted', 'a restore''s rows are let in (restoring())');
ROLLBACK TO SAVEPOINT restore_in;
SET search_path = service_affair, public;
RESET check_function_bodies;

-- the archive's functions still write them
SELECT ok(archive_history_month('2026-01-01') > 0, 'January archived (under service_affair_archive)');
SELECT ok(archive_history_month('2026-02-01') > 0, 'February archived');
SELECT set_eq($$SELECT x::text FROM efficiency_counts x$$, $$SELECT r FROM eff_before$$,
  'efficiency_counts: the same with both months archived');

-- 1. February attached by hand, as doc/deployment.md tells for a table the function refuses
DO $$
DECLARE r record; c record;
BEGIN
    FOR r IN SELECT t.tablename::text AS tbl, left(t.tablename::text, -7) AS parent,
                    substring(obj_description(format('service_affair_archive.%I', t.tablename)::regclass, 'pg_class'),
                              ' from (-?[0-9]+) to -?[0-9]+$')::bigint AS lo,
                    substring(obj_description(format('service_affair_archive.%I', t.tablename)::regclass, 'pg_class'),
                              ' to (-?[0-9]+)$')::bigint AS hi
               FROM pg_tables t WHERE t.schemaname = 'service_affair_archive' AND t.tablename ~ '_202602$' LOOP
        FOR c IN SELECT conname::text AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
                  WHERE conrelid = format('service_affair.%I', r.parent)::regclass AND contype = 'c' LOOP
            EXECUTE format('ALTER TABLE service_affair_archive.%I ADD CONSTRAINT %I %s', r.tbl, c.name, c.def);
        END LOOP;
        EXECUTE format('ALTER TABLE service_affair_archive.%I SET SCHEMA service_affair', r.tbl);
        EXECUTE format('ALTER TABLE service_affair.%I ATTACH PARTITION service_affair.%I FOR VALUES FROM (%s) TO (%s)',
                       r.parent, r.tbl, r.lo, r.hi + 1);
    END LOOP;
END $$;
SELECT is((SELECT count(*) FROM history_partitions h WHERE h.month = '2026-02-01' AND (to_jsonb(h)->>'attached_by_hand')::boolean),
          (SELECT count(*) FROM history_partitions h WHERE h.month = '2026-02-01' AND h.family_table <> ''),
  'history_partitions flags every table of February attached by hand');
SELECT ok((SELECT count(*) FROM history_partitions h WHERE h.month = '2026-02-01') > 0, 'February is in the history again');
SELECT throws_ok($$SELECT service_affair.archive_history_month('2026-02-01')$$, '55000', NULL,
  'a month attached by hand is not archived again (its counts would be recorded a second time)');
SELECT throws_like($$SELECT service_affair.restore_history_month('2026-02-01')$$, 'month 2026-02 was attached by hand: %',
  'restore_history_month() names the month attached by hand');
-- detached back into the archive, it comes back through the function, counted once
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT h.partition::text AS part, h.family_table, c.relname::text AS relname
               FROM service_affair.history_partitions h JOIN pg_class c ON c.oid = h.partition
              WHERE h.month = '2026-02-01' LOOP
        EXECUTE format('ALTER TABLE service_affair.%I DETACH PARTITION %s', r.family_table || '_settled', r.part);
        EXECUTE format('ALTER TABLE %s SET SCHEMA service_affair_archive', r.part);
    END LOOP;
END $$;
SELECT ok(restore_history_month('2026-02-01') > 0, 'detached back, February comes back through restore_history_month()');
SELECT set_eq($$SELECT x::text FROM efficiency_counts x$$, $$SELECT r FROM eff_before$$,
  'efficiency_counts: February counted once again');

-- 3. the setting changed after January was archived: it comes back from where it lies
INSERT INTO setting (name, value) VALUES ('history.archive_schema', 'sa_hist_elsewhere');
SELECT lives_ok($$SELECT service_affair.restore_history_month('2026-01-01')$$,
  'January, archived under the former archive schema, is brought back');
SELECT is((SELECT count(*) FROM cases WHERE case_month(id) = '2026-01-01'), 1::bigint, 'its case is in the history again');
SELECT is((SELECT count(*) FROM pg_tables WHERE schemaname = 'service_affair_archive' AND tablename ~ '_202601'), 0::bigint,
  'no table of January left in the former archive schema');
SELECT set_eq($$SELECT x::text FROM complaint_items x$$, $$SELECT r FROM items_before$$,
  'complaint_items: the same after both restores');

SELECT * FROM finish();
ROLLBACK;
