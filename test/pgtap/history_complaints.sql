-- A month leaves the history only when no complaint about one of its cases
-- is still open (a review, 2026-12-04): a complaint not closed is handled by
-- the clerks of its case's region (require_case()), which only the case
-- tells; once the month was archived, its clerks got 42501 "not a clerk of
-- region NULL" and only an administrator could assign it or call back.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(10);
\ir licence_fixture.inc

-- April: an org certificate valid for ever (no licence holds the month)
SELECT submit('lc_org', :o, '{form}', 'window', '{}', '2026-04-02 09:00+08') AS c \gset
SELECT pg_temp.decide(:c, 'approved', '2026-04-03 09:00+08');
SELECT deliver(:c, 'window', '2026-04-04 09:00+08');
SELECT receive_complaint('window', 'complaint', 'Rude at the window', '2026-04-06 10:00+08', case_id => :c, applicant => :o) AS k \gset
SELECT is(settle_cases('2026-12-01 00:00+08'), 1, 'the case settles (delivered, quiet for 90 days); its complaint stays open');

SELECT is(history_month_blocker('2026-04-01'), '1 open complaints', 'April is held by the open complaint');
SELECT throws_ok($$SELECT archive_history_month('2026-04-01')$$, '55000', 'month 2026-04 still has 1 open complaints',
  'archiving April: 55000');
INSERT INTO setting (name, value) VALUES ('history.retention_months', '1');
SELECT is((SELECT action || ' ' || detail FROM history_maintenance('2026-12-04 12:00+08') WHERE month = '2026-04-01'),
  'kept 1 open complaints', 'the nightly job keeps April, saying why');
DELETE FROM setting WHERE name = 'history.retention_months';

-- the open complaints of a month are found through their own index (the
-- blocker is asked for every month past retention each night); the race
-- with a complaint received while the history's locks are awaited is
-- test/t/history_archive_race.pl
SELECT ok(EXISTS (SELECT FROM pg_catalog.pg_indexes WHERE schemaname = 'service_affair' AND indexname = 'complaint_unclosed_case_idx'
                    AND indexdef ~ '\(case_id\) WHERE .*status.*closed'),
  'complaint_unclosed_case_idx indexes the case of the complaints not closed');

-- handled to the end: assigned, replied, called back satisfied
SELECT assign_complaint(:k, (SELECT department FROM item WHERE code = 'lc_org'), '2026-12-02 09:00+08');
SELECT reply_complaint(:k, 'We apologise', '2026-12-02 10:00+08');
SELECT is(history_month_blocker('2026-04-01'), '1 open complaints', 'a replied complaint still holds April (a call-back may reopen it)');
SELECT record_complaint_callback(:k, true, '2026-12-02 11:00+08');
SELECT is((SELECT status FROM complaint WHERE id = :k), 'closed', 'the complaint is closed');
SELECT is(history_month_blocker('2026-04-01'), NULL, 'then nothing holds April');
SELECT ok(archive_history_month('2026-04-01') > 0, 'and April is archived');
SELECT is((SELECT status FROM complaint WHERE id = :k), 'closed', 'the closed complaint stays, naming its archived case');

SELECT * FROM finish();
ROLLBACK;
