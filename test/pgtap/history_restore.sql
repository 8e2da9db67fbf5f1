-- Bringing an archived month back when the catalog rows its cases refer to
-- are gone (restore_history_month(), 64_history.sql; a review, 2026-12-06).
-- An archived month's tables keep no foreign key, so a department, item,
-- calendar or applicant of its cases can be deleted (or renamed) while it is
-- archived.  Until then the restore stopped in ATTACH PARTITION with
-- PostgreSQL's bare 23503 on the first such row; now one 23503, raised
-- under the locks before anything is written, names every missing key with
-- counts, and the hint says what to do.  Then: no all-zero row in the
-- analysts' views once the month is back.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(19);
DO $$ BEGIN PERFORM service_affair.create_roles(); END $$;

INSERT INTO department (code, name, region) VALUES ('HR_GONE', 'Restore gone', '330201'), ('HR_STAY', 'Restore stays', '330201');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online) VALUES
  ('hr_gone', 'Restore item gone', 'HR_GONE', 'promised', 20, 5, 1, true),
  ('hr_stay', 'Restore item stays', 'HR_STAY', 'promised', 20, 5, 1, true);
INSERT INTO material (item, code, name, required) VALUES ('hr_gone', 'form', 'Form', true), ('hr_stay', 'form', 'Form', true);
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Restore Person');
SELECT id AS p FROM applicant WHERE name = 'Restore Person' \gset
-- February 2026: two cases of the item that will go, one of the one that stays
SELECT submit('hr_gone', :p, '{form}', 'window', '{}', '2026-02-10 10:00+08') AS g1 \gset
SELECT submit('hr_gone', :p, '{form}', 'online', '{}', '2026-02-11 10:00+08') AS g2 \gset
SELECT submit('hr_stay', :p, '{form}', 'window', '{}', '2026-02-12 10:00+08') AS s1 \gset
SELECT complete_task(id, 'approved', '2026-02-13 10:00+08') FROM task WHERE case_id IN (:g1, :g2, :s1);
SELECT deliver(c, 'window', '2026-02-14 10:00+08') FROM unnest(ARRAY[:g1, :g2, :s1]::bigint[]) c;
SELECT is(settle_cases('2026-11-30 00:00+08', 1000), 3, 'February''s three cases settle');
CREATE TEMP TABLE eff_before AS SELECT x::text AS r FROM efficiency_counts x;
SELECT ok(archive_history_month('2026-02-01') > 0, 'February archived');

-- the catalog forgets what only the archive still names
DELETE FROM material WHERE item = 'hr_gone';
DELETE FROM item WHERE code = 'hr_gone';
DELETE FROM department WHERE code = 'HR_GONE';
DELETE FROM applicant WHERE id = :p;
CREATE TEMP TABLE before_restore AS
  SELECT (SELECT count(*) FROM efficiency_archived) AS e, (SELECT count(*) FROM satisfaction_archived) AS s,
         (SELECT count(*) FROM item_cases_archived) AS i, (SELECT count(*) FROM data_sharing_archived) AS d,
         (SELECT count(*) FROM history_partitions) AS h,
         (SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'service_affair_archive') AS t,
         (SELECT count(*) FROM service_affair_archive.cases_settled_202602) AS c;

SELECT throws_ok($$SELECT service_affair.restore_history_month('2026-02-01')$$, '23503', 'month 2026-02 refers to keys that are gone',
  'a department, item and applicant deleted since the archive: one 23503 of the function''s own');
CREATE TEMP TABLE err (state text, msg text, detail text, hint text);
DO $$
DECLARE s text; m text; d text; h text;
BEGIN
    PERFORM service_affair.restore_history_month('2026-02-01');
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS s = RETURNED_SQLSTATE, m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL, h = PG_EXCEPTION_HINT;
    INSERT INTO err VALUES (s, m, d, h);
END $$;
SELECT matches((SELECT detail FROM err), 'service_affair\.applicant \(id\) [0-9]+: 1 key, [0-9]+ rows in [^;]*cases_settled_202602',
  'the detail names the applicant''s id, how many keys and rows');
SELECT matches((SELECT detail FROM err), 'service_affair\.department \(code\) HR_GONE: 1 key, [0-9]+ rows in [^;]*cases_settled_202602',
  'the detail names the department and the archived tables whose rows name it');
SELECT matches((SELECT detail FROM err), 'service_affair\.item \(code\) hr_gone: 1 key, 4 rows in cases_settled_202602, task_settled_202602[.;]',
  'the detail names the item: two cases and their tasks');
SELECT unalike((SELECT detail FROM err), '%HR_STAY%', 'a key still there is not named');
SELECT matches((SELECT hint FROM err), '^Put those rows back under the same keys', 'the hint says what to do');
SELECT is((SELECT ROW((SELECT count(*) FROM efficiency_archived), (SELECT count(*) FROM satisfaction_archived),
                      (SELECT count(*) FROM item_cases_archived), (SELECT count(*) FROM data_sharing_archived),
                      (SELECT count(*) FROM history_partitions),
                      (SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'service_affair_archive'),
                      (SELECT count(*) FROM service_affair_archive.cases_settled_202602))::text),
          (SELECT ROW(e, s, i, d, h, t, c)::text FROM before_restore),
  'nothing restored: no counts taken back, no table attached or moved, the archive as it was');
SELECT is((SELECT count(*) FROM pg_constraint WHERE conrelid = 'service_affair_archive.cases_settled_202602'::regclass), 1::bigint,
  'the archived table keeps its key alone (no check or default put back)');

-- many keys: the list is cut at eight, with the rest counted
SAVEPOINT many;
INSERT INTO service_affair_archive.cases_settled_202602
SELECT (jsonb_populate_record(c, jsonb_build_object('id', c.id + g, 'applicant', 900000 + g))).*
  FROM service_affair_archive.cases_settled_202602 c, generate_series(1, 10) g WHERE c.id = :s1;
SELECT throws_like($$SELECT service_affair.restore_history_month('2026-02-01')$$,
  'month 2026-02 refers to keys that are gone', 'more missing keys: still one error');
DO $$
DECLARE d text;
BEGIN
    PERFORM service_affair.restore_history_month('2026-02-01');
EXCEPTION WHEN foreign_key_violation THEN
    GET STACKED DIAGNOSTICS d = PG_EXCEPTION_DETAIL;
    INSERT INTO err VALUES ('many', NULL, d, NULL);
END $$;
SELECT matches((SELECT detail FROM err WHERE state = 'many'), 'service_affair\.applicant \(id\) ([0-9]+, ){7}[0-9]+ and 3 more: 11 keys, [0-9]+ rows in ',
  'eleven missing applicants: eight named, three more counted');
ROLLBACK TO SAVEPOINT many;

-- put back under the same keys: the month comes back whole
INSERT INTO department (code, name, region) VALUES ('HR_GONE', 'Restore gone', '330201');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online) VALUES
  ('hr_gone', 'Restore item gone', 'HR_GONE', 'promised', 20, 5, 1, true);
INSERT INTO applicant (id, kind, resident_id, name) OVERRIDING SYSTEM VALUE VALUES (:p, 'person', '11010519491231002X', 'Restore Person');
SELECT ok(restore_history_month('2026-02-01') > 0, 'with the keys back, February comes back');
SELECT is((SELECT count(*) FROM cases WHERE case_month(id) = '2026-02-01'), 3::bigint, 'its three cases are in the history again');
-- no all-zero row: the month counted once, from its cases, under the keys it was archived with
SELECT is((SELECT count(*) FROM efficiency_counts WHERE submitted = 0), 0::bigint, 'efficiency_counts: no all-zero row after the restore');
SELECT set_eq($$SELECT x::text FROM efficiency_counts x$$, $$SELECT r FROM eff_before$$,
  'efficiency_counts: the same rows as before the archive');

-- who restored the month (restored_by, an administrator's login) is no
-- analyst's to read, the counts are: the analysts' views and period
-- functions read the archived counts as the analyst without it (until
-- 2026-12-06, a review, both tables were granted whole)
CREATE ROLE hr_analyst LOGIN IN ROLE service_affair_analyst;
SET ROLE hr_analyst;
SELECT throws_ok($$SELECT restored_by FROM service_affair.efficiency_archived$$, '42501', NULL,
  'an analyst: restored_by of efficiency_archived refused (42501)');
SELECT throws_ok($$SELECT restored_by FROM service_affair.satisfaction_archived$$, '42501', NULL,
  '... and of satisfaction_archived');
SELECT lives_ok($$SELECT count(*) FROM service_affair.efficiency_rollup; SELECT count(*) FROM service_affair.satisfaction_rollup;
                  SELECT count(*) FROM service_affair.efficiency_archived WHERE restored_at IS NOT NULL$$,
  '... who reads the rollups (the period functions read the archived counts as the analyst) and the counts of the restore');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
