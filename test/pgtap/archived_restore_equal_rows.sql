-- archived_restore_once() (64_history.sql): one archive may hold equal rows
-- of a counts table (the ranges of several shards under one key, each
-- writing its row), and pg_dump --inserts restored in one transaction
-- (test/scripts/archived_restore_once.sh, 4) brings the second in by a
-- statement of its own.  Until 2026-12-07 the trigger refused it (23505) as
-- a row found more often in the table than in the statement: the restore's
-- own earlier row counted as one held before the restore.  A row another
-- transaction wrote is still refused (archived_restore_once.sh, 6 and 7).
BEGIN;
SELECT plan(4);
CREATE TEMP TABLE res (step int, restoring boolean, err text);
-- a restore's session, as pg_dump's script sets it (restoring())
SET LOCAL search_path = '';
SET LOCAL check_function_bodies = off;
INSERT INTO pg_temp.res VALUES (0, service_affair.restoring(), NULL);
INSERT INTO service_affair.licence_monthly_archived
VALUES ('2026-05-01', '2026-06-01 00:00+00', 'BIZLIC', '2026-05-01', 3, 0, 0, NULL, NULL);
-- the second, equal, row of the dump: its own INSERT (a DO block: the
-- error, if any, is kept for the assertion below)
DO $$
BEGIN
    INSERT INTO service_affair.licence_monthly_archived
    VALUES ('2026-05-01', '2026-06-01 00:00+00', 'BIZLIC', '2026-05-01', 3, 0, 0, NULL, NULL);
    INSERT INTO pg_temp.res VALUES (1, NULL, NULL);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.res VALUES (1, NULL, SQLSTATE || ' ' || SQLERRM);
END $$;
-- and without a subtransaction
INSERT INTO service_affair.licence_monthly_archived
VALUES ('2026-05-01', '2026-06-01 00:00+00', 'BIZLIC', '2026-05-01', 3, 0, 0, NULL, NULL);
SET LOCAL search_path = public;
SELECT ok((SELECT restoring FROM res WHERE step = 0), 'the session is a restore''s (restoring())');
SELECT is((SELECT err FROM res WHERE step = 1), NULL,
          'an equal row of the same restore, its own INSERT (in a subtransaction): restored, not 23505');
SELECT is((SELECT count(*) FROM service_affair.licence_monthly_archived
            WHERE archived_month = '2026-05-01' AND archived_at = '2026-06-01 00:00+00'), 3::bigint,
          'the three equal rows of the restore are in the table');
SELECT is((SELECT sum(issued) FROM service_affair.licence_monthly_archived
            WHERE archived_month = '2026-05-01' AND archived_at = '2026-06-01 00:00+00'), 9::numeric,
          '... counted as the source counts them');
SELECT * FROM finish();
ROLLBACK;
