-- Archive and restore over several rounds (64_history.sql; a review,
-- 2026-12-06):
--   * a month archived twice, the second time under another
--     history.archive_schema (the setting changed between the rounds): the
--     two archives hold a table of each family (copies 1 and 2);
--     restore_history_month() merges them into one partition per family
--     and shard, with every row of both, and counts the month once;
--   * a calendar's time zone changed between archive and restore: the
--     archive counted the month's cases in the local months of the old zone,
--     the history counts them in those of the new one; after the restore
--     each case is counted once, in the local month of the new zone, and no
--     group is left whose counts the restore took back to zero (until
--     2026-12-06 efficiency_counts showed such a group, every count 0, in
--     the local month of the old zone).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(21);
DO $$ BEGIN PERFORM service_affair.create_roles(); END $$;

INSERT INTO department (code, name, region) VALUES ('HR_DEP', 'History rounds', '330201');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online) VALUES
  ('hr_item', 'History rounds item', 'HR_DEP', 'promised', 20, 5, 1, true);
INSERT INTO material (item, code, name, required) VALUES ('hr_item', 'form', 'Form', true);
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Rounds Person');
SELECT id AS p FROM applicant WHERE name = 'Rounds Person' \gset
SELECT submit('hr_item', :p, '{form}', 'window', '{}', '2026-01-12 10:00+08') AS j1 \gset
-- a case numbered in February (UTC), submitted on 1 March in Shanghai
SELECT submit('hr_item', :p, '{form}', 'window', '{}', '2026-03-01 02:00+08') AS z1 \gset
SELECT complete_task(id, 'approved', '2026-03-03 10:00+08') FROM task WHERE case_id IN (:j1, :z1);
SELECT deliver(c, 'window', '2026-03-04 10:00+08') FROM unnest(ARRAY[:j1, :z1]::bigint[]) c;
SELECT rate(:z1, 5, 'online', NULL, '2026-03-05 10:00+08');
SELECT is(settle_cases('2026-11-30 00:00+08', 1000), 2, 'the two cases settle');

-- 1. January archived under service_affair_archive, then a case of it
-- settles, the setting changes and January is archived again elsewhere
SELECT ok(archive_history_month('2026-01-01') > 0, 'January archived under service_affair_archive');
SELECT submit('hr_item', :p, '{form}', 'window', '{}', '2026-01-20 10:00+08') AS j2 \gset
SELECT complete_task(id, 'approved', '2026-03-03 10:00+08') FROM task WHERE case_id = :j2;
SELECT deliver(:j2, 'window', '2026-03-04 10:00+08');
SELECT is(settle_cases('2026-11-30 00:00+08', 1000), 1, 'a late case of January settles into the history again');
CREATE TEMP TABLE eff_jan AS SELECT x::text AS r FROM efficiency_counts x;
INSERT INTO setting (name, value) VALUES ('history.archive_schema', 'sa_hist_round2');
SELECT ok(archive_history_month('2026-01-01') > 0, 'January archived again, under sa_hist_round2');
-- the second archive's tables take names the archive has not recorded, in
-- any schema (until the evening of 2026-12-06 each schema's copy 1, which
-- let a later archive take a dropped table's name and pass for it;
-- history_archive_dropped.sql)
SELECT is((SELECT array_agg(schemaname || '.' || tablename ORDER BY schemaname) FROM pg_tables WHERE tablename ~ '^cases_settled_202601'),
          ARRAY['sa_hist_round2.cases_settled_202601_2', 'service_affair_archive.cases_settled_202601'],
  'the second archive, under another schema, takes the next name (copy 2)');
SELECT set_eq($$SELECT x::text FROM efficiency_counts x$$, $$SELECT r FROM eff_jan$$,
  'efficiency_counts: both archives of January counted, each once');
SELECT count(DISTINCT regexp_replace(tablename, '_202601_[0-9]+$', '_202601')) AS jan_tables, count(*) AS jan_archived FROM pg_tables
 WHERE schemaname IN ('sa_hist_round2', 'service_affair_archive') AND tablename ~ '_202601(_[0-9]+)?$' \gset
SELECT is(restore_history_month('2026-01-01'), :jan_tables::integer,
  'January comes back as one partition per family (' || :jan_archived || ' archived tables, ' || :jan_tables || ' names)');
SELECT is((SELECT count(*) FROM history_partitions WHERE month = '2026-01-01'),
          (SELECT count(DISTINCT family_table) FROM history_partitions WHERE month = '2026-01-01'),
  'no family has two partitions of January');
SELECT is(ARRAY(SELECT id FROM cases WHERE case_month(id) = '2026-01-01' ORDER BY id), ARRAY[:j1, :j2]::bigint[],
  'both cases of January, of the two archives, are in the history');
SELECT is((SELECT count(*) FROM task WHERE case_id IN (:j1, :j2)), 2::bigint, 'with their tasks, once each');
SELECT is((SELECT count(*) FROM pg_tables WHERE schemaname IN ('sa_hist_round2', 'service_affair_archive') AND tablename ~ '_202601'),
          0::bigint, 'no table of January left in either archive schema');
SELECT set_eq($$SELECT x::text FROM efficiency_counts x$$, $$SELECT r FROM eff_jan$$,
  'efficiency_counts: January counted once, from its cases');

-- 3. February archived, then its calendar's time zone changed
SELECT calendar AS cal FROM cases WHERE id = :z1 \gset
SELECT ok(archive_history_month('2026-02-01') > 0, 'February archived');
UPDATE calendar SET timezone = 'UTC' WHERE name = :'cal';
SELECT is((SELECT array_agg(month || ':' || submitted ORDER BY month) FROM efficiency_counts WHERE department = 'HR_DEP'),
          ARRAY['2026-01-01:2', '2026-03-01:1'],
  'archived, February''s case stays counted where the archive counted it (March in Shanghai)');
SELECT is((SELECT timezone FROM calendar WHERE name = :'cal'), 'UTC', 'its calendar now turns the day at midnight UTC');
SELECT ok(restore_history_month('2026-02-01') > 0, 'February comes back under the new time zone');
SELECT is((SELECT array_agg(month || ':' || submitted ORDER BY month) FROM efficiency_counts WHERE department = 'HR_DEP'),
          ARRAY['2026-01-01:2', '2026-02-01:1'],
  'restored, the case is counted once, in its local month of the new zone, and no emptied group is left');
SELECT is((SELECT array_agg(month || ':' || submitted ORDER BY month) FROM efficiency_department WHERE department = 'HR_DEP'),
          ARRAY['2026-01-01:2', '2026-02-01:1'], 'efficiency_department: no emptied month either');
SELECT is((SELECT array_agg(month || ':' || submitted ORDER BY month) FROM efficiency_overall),
          ARRAY['2026-01-01:2', '2026-02-01:1'], 'efficiency_overall: no emptied month either');
SELECT is((SELECT array_agg(month || ':' || ratings ORDER BY month) FROM satisfaction_counts WHERE department = 'HR_DEP'),
          ARRAY['2026-02-01:1'], 'satisfaction_counts: its rating counted once, in the month of the new zone');
SELECT is((SELECT array_agg(month || ':' || ratings ORDER BY month) FROM satisfaction_department WHERE department = 'HR_DEP'),
          ARRAY['2026-02-01:1'], 'satisfaction_department: no emptied month either');

SELECT * FROM finish();
ROLLBACK;
