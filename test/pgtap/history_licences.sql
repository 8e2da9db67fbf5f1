-- A month leaves the history (archive_history_month(), issue 17 part 1.1
-- slice 3) only when no licence it issued still has to expire:
-- expire_licences() finds a licence's calendar through its case.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(9);
\ir licence_fixture.inc

-- March: a business licence valid 365 days; April: an org certificate valid for ever
SELECT submit('lc_reg', :p, '{form,id}', 'window', '{}', '2026-03-03 09:00+08') AS c1 \gset
SELECT pg_temp.decide(:c1, 'approved', '2026-03-04 09:00+08');
SELECT deliver(:c1, 'window', '2026-03-05 09:00+08');
SELECT submit('lc_org', :o, '{form}', 'window', '{}', '2026-04-02 09:00+08') AS c2 \gset
SELECT pg_temp.decide(:c2, 'approved', '2026-04-03 09:00+08');
SELECT deliver(:c2, 'window', '2026-04-04 09:00+08');
SELECT results_eq(format('SELECT case_id, status, valid_until IS NULL FROM licence WHERE case_id IN (%s, %s) ORDER BY case_id', :c1, :c2),
  format($$VALUES (%s::bigint, 'valid'::text, false), (%s, 'valid', true)$$, :c1, :c2),
  'two valid licences: one with a last day, one without');
SELECT is(settle_cases('2026-12-01 00:00+08'), 2, 'both cases settle (delivered, quiet for 90 days)');

SELECT is(history_month_blocker('2026-03-01'), '1 valid licences', 'March is held by its licence');
SELECT throws_ok($$SELECT archive_history_month('2026-03-01')$$, '55000', 'month 2026-03 still has 1 valid licences',
  'archiving March: 55000');
SELECT is(history_month_blocker('2026-04-01'), NULL, 'a licence valid for ever does not hold April (it never expires)');
SELECT ok(archive_history_month('2026-04-01') > 0, 'April is archived');

SELECT is(expire_licences('2027-03-06 09:00+08'), 1, 'the licence of the settled March case expires, its calendar read through the history');
SELECT is(history_month_blocker('2026-03-01'), NULL, 'then nothing holds March');
SELECT ok(archive_history_month('2026-03-01') > 0, 'and March is archived');

SELECT * FROM finish();
ROLLBACK;
