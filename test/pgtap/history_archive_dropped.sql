-- A month whose archived tables were dropped by hand (the law allows it; the
-- owner or a superuser, doc/intake.md), then archived again for a late case
-- of it (a read of the lead's, 2026-12-06): the later archive took the
-- dropped tables' free names, and restore_history_month() knows a recorded
-- table by its name, so the late case's tables passed for both archives'.
-- The restore brought the late case back and took back every count of the
-- month, the dropped cases' too: they left every indicator, kept neither in
-- the history nor in the archived counts (test/t/history_restore_race.pl,
-- 5.); in one transaction, as here, the second archive failed with 23505
-- on the record's key.  A later archive now takes no name the archive
-- recorded (history_archived_tables).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(9);

\set dep HD_DEP
\set item hd_item
\set person 'Dropped Person'
\ir history_month_fixture.inc

SELECT is(archive_history_month('2026-02-01'), 4, 'February archived: four tables');
-- the law's time is up: the owner drops February's archived tables
DO $$
DECLARE t record;
BEGIN
    FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'service_affair_archive' AND tablename ~ '_202602$' LOOP
        EXECUTE format('DROP TABLE service_affair_archive.%I', t.tablename);
    END LOOP;
END $$;
-- a late case of February, settled and archived: under names of its own
SELECT submit(:'item', :p, '{form}', 'window', '{}', '2026-02-20 10:00+08') AS f3 \gset
SELECT complete_task(id, 'approved', '2026-02-21 10:00+08') FROM task WHERE case_id = :f3;
SELECT deliver(:f3, 'window', '2026-02-22 10:00+08');
SELECT is(settle_cases('2026-11-30 00:00+08', 1000), 1, 'the late case settles into February again');
SELECT is(archive_history_month('2026-02-01'), 4, 'and February is archived again (was 23505)');
SELECT is(ARRAY(SELECT tablename::text FROM pg_tables WHERE schemaname = 'service_affair_archive' AND tablename ~ '_202602' ORDER BY 1),
          '{case_event_settled_202602_2,case_material_settled_202602_2,cases_settled_202602_2,task_settled_202602_2}'::text[],
  'under names of its own, not the dropped tables''');
SELECT is((SELECT sum(submitted)::bigint FROM efficiency_counts WHERE month = '2026-02-01'), 3::bigint,
  'the indicators count the three February cases (two from the dropped archive''s counts)');

SELECT throws_ok($$SELECT service_affair.restore_history_month('2026-02-01')$$, '55000',
  'archived tables of month 2026-02 are missing: case_event_settled_202602 (case_event), case_material_settled_202602 (case_material), cases_settled_202602 (cases), task_settled_202602 (task)',
  'restore_history_month(): the first archive''s tables are missing, though their names are taken (55000)');
SELECT is((SELECT sum(submitted)::bigint FROM efficiency_counts WHERE month = '2026-02-01'), 3::bigint,
  'the three cases are still counted');
SELECT is((SELECT count(*) FROM efficiency_archived WHERE restored_at IS NOT NULL)
          + (SELECT count(*) FROM history_partitions WHERE month = '2026-02-01'), 0::bigint,
  'no count taken back, no table attached');

SELECT * FROM finish();
ROLLBACK;
