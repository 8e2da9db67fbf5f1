-- The period functions read only the cases of their months (issue 16 speed,
-- issue 17 Part 1.2): efficiency_period_rollup() (and satisfaction_period_rollup()
-- through satisfaction_rollup_between(); complaint_period_rollup() on the
-- complaints' received_at through complaint_rollup_between()) bounds the scan of cases by
-- submitted_at (the period's months, a day of margin on each side for the
-- local day) through efficiency_rollup_between(); the month itself is still
-- the local month of the case's calendar.  Cases of calendars 14 hours
-- ahead of UTC (Pacific/Kiritimati) and 11 hours behind (Pacific/Pago_Pago)
-- submitted next to a month boundary, against the hand-computed months:
-- case  calendar  submitted (UTC)        local                 month
--   b1  kiri      2026-07-31 10:30       2026-08-01 00:30 +14  August
--   b2  pago      2026-08-01 10:30       2026-07-31 23:30 -11  July
--   b3  pago      2026-09-01 10:00       2026-08-31 23:00 -11  August
--   b4  kiri      2026-08-31 10:30       2026-09-01 00:30 +14  September
--   b5  cn        2026-06-30 16:30       2026-07-01 00:30 +08  July
BEGIN;
SET search_path = service_affair, public;
SELECT plan(36);

INSERT INTO calendar (name, timezone) VALUES ('kiri', 'Pacific/Kiritimati'), ('pago', 'Pacific/Pago_Pago');
INSERT INTO department (code, name, region) VALUES ('QT', 'Time zones', '330201');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online) VALUES
  ('it_a', 'Time zone item', 'QT', 'promised', 10, 5, 1, true);
INSERT INTO material (item, code, name, required, evidence_type, commitment_allowed) VALUES
  ('it_a', 'formt', 'Form T', true, NULL, false);
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Zone Person');
CREATE TEMP TABLE k (name text PRIMARY KEY, id bigint);
-- submitted at the instants of the table (the case number carries the UTC
-- month of its submission, which the period scans bound too); the calendars
-- written directly (the item's is cn)
INSERT INTO k SELECT v.name, submit('it_a', (SELECT id FROM applicant WHERE name = 'Zone Person'), '{formt}', 'online', '{}', v.at)
  FROM (VALUES ('b1', timestamptz '2026-07-31 10:30+00'), ('b2', '2026-08-01 10:30+00'), ('b3', '2026-09-01 10:00+00'),
               ('b4', '2026-08-31 10:30+00'), ('b5', '2026-06-30 16:30+00')) AS v (name, at);
UPDATE cases c SET calendar = v.cal
  FROM (VALUES ('b1', 'kiri'), ('b2', 'pago'), ('b3', 'pago'), ('b4', 'kiri'), ('b5', 'cn')) AS v (name, cal), k
 WHERE k.name = v.name AND c.id = k.id;

SELECT results_eq(
  $$SELECT month, submitted FROM efficiency_department WHERE department = 'QT' ORDER BY month$$,
  $$VALUES ('2026-07-01'::date, 2::bigint), ('2026-08-01', 2), ('2026-09-01', 1)$$,
  'fixture: the local months of the table (efficiency_department)');
SELECT results_eq(
  $$SELECT department, submitted FROM efficiency_period('2026-08-01', '2026-08-31') WHERE department = 'QT'$$,
  $$VALUES ('QT', 2::bigint)$$,
  'efficiency_period August: b1 (UTC July, local August) and b3 (UTC September, local August)');
SELECT results_eq(
  $$SELECT department, submitted FROM efficiency_period('2026-07-01', '2026-07-31') WHERE department = 'QT'$$,
  $$VALUES ('QT', 2::bigint)$$,
  'efficiency_period July: b2 (UTC August, local July) and b5 (UTC June, local July)');
SELECT results_eq(
  $$SELECT department, submitted FROM efficiency_period('2026-09-01', '2026-09-30') WHERE department = 'QT'$$,
  $$VALUES ('QT', 1::bigint)$$,
  'efficiency_period September: b4 (UTC August, local September)');
SELECT results_eq(
  $$SELECT department, submitted FROM efficiency_period('2026-07-10', '2026-09-02') WHERE department = 'QT'$$,
  $$VALUES ('QT', 5::bigint)$$,
  'efficiency_period July to September, from and to inside their months: every case');
SELECT results_eq(
  $$SELECT region, submitted FROM efficiency_period_region('2026-08-01', '2026-08-31') WHERE region = '330201'$$,
  $$SELECT region, submitted FROM efficiency_region WHERE region = '330201' AND month = '2026-08-01'$$,
  'efficiency_period_region August = efficiency_region of August');
SELECT results_eq(
  $$SELECT point, submitted FROM efficiency_period_point('2026-08-01', '2026-08-31')$$,
  $$(SELECT point, submitted FROM efficiency_point WHERE month = '2026-08-01' ORDER BY point NULLS LAST)
    UNION ALL SELECT NULL, submitted FROM efficiency_overall WHERE month = '2026-08-01'$$,
  'efficiency_period_point August = efficiency_point and efficiency_overall of August');

-- the bound itself: [submitted_from, submitted_before) on submitted_at, the month is the local one
SELECT results_eq(
  $$SELECT month, submitted FROM efficiency_rollup_between('2026-08-01 00:00+00', '2026-09-01 00:00+00')
     WHERE level = 'department' AND department = 'QT' ORDER BY month$$,
  $$VALUES ('2026-07-01'::date, 1::bigint), ('2026-09-01', 1)$$,
  'efficiency_rollup_between: only the cases submitted in the bounds (b2, b4), each in its local month');
SELECT is((SELECT count(*) FROM ((TABLE efficiency_rollup EXCEPT ALL SELECT * FROM efficiency_rollup_between('-infinity', 'infinity'))
                                 UNION ALL (SELECT * FROM efficiency_rollup_between('-infinity', 'infinity') EXCEPT ALL TABLE efficiency_rollup)) x),
          0::bigint, 'efficiency_rollup is efficiency_rollup_between(-infinity, infinity)');

-- the bound reaches the scan of cases (the function is inlined): an index condition on submitted_at
SET LOCAL enable_seqscan = off;
CREATE FUNCTION pg_temp.plan(q text) RETURNS text LANGUAGE plpgsql AS
$$ DECLARE r text; t text := ''; BEGIN FOR r IN EXECUTE 'EXPLAIN ' || q LOOP t := t || r || E'\n'; END LOOP; RETURN t; END $$;
SELECT matches(pg_temp.plan($$SELECT * FROM service_affair.efficiency_rollup_between('2026-08-01 00:00+00', '2026-09-01 00:00+00') WHERE level = 'overall'$$),
               '(Index Cond|Filter): \(\(submitted_at >= ',
               'efficiency_rollup_between: the bounds reach the scan of cases (an index condition on submitted_at, or a filter of a scan by key: the planner''s choice on these few rows)');

-- satisfaction: the same bound through satisfaction_rollup_between(), on
-- the month of the rated case's submission (written directly: the ratings
-- of the five cases, level 5 for b1 and b3, 1 for the others)
RESET enable_seqscan;
INSERT INTO rating (case_id, level, channel, at, rater)
SELECT k.id, CASE WHEN k.name IN ('b1', 'b3') THEN 5 ELSE 1 END, 'online', '2026-10-01 10:00+08',
       (SELECT id FROM applicant WHERE name = 'Zone Person')
  FROM k;
SELECT results_eq(
  $$SELECT department, ratings, level5, level1 FROM satisfaction_period('2026-08-01', '2026-08-31') WHERE department = 'QT'$$,
  $$VALUES ('QT', 2::bigint, 2::bigint, 0::bigint)$$,
  'satisfaction_period August: the ratings of b1 (UTC July) and b3 (UTC September), local August');
SELECT results_eq(
  $$SELECT department, ratings, level5, level1 FROM satisfaction_period('2026-07-01', '2026-07-31') WHERE department = 'QT'$$,
  $$VALUES ('QT', 2::bigint, 0::bigint, 2::bigint)$$,
  'satisfaction_period July: the ratings of b2 (UTC August) and b5 (UTC June), local July');
SELECT results_eq(
  $$SELECT region, ratings FROM satisfaction_period_region('2026-09-01', '2026-09-30') WHERE region = '330201'$$,
  $$SELECT region, ratings FROM satisfaction_region WHERE region = '330201' AND month = '2026-09-01'$$,
  'satisfaction_period_region September = satisfaction_region of September (b4)');
SELECT results_eq(
  $$SELECT month, ratings FROM satisfaction_rollup_between('2026-08-01 00:00+00', '2026-09-01 00:00+00')
     WHERE level = 'department' AND department = 'QT' ORDER BY month$$,
  $$VALUES ('2026-07-01'::date, 1::bigint), ('2026-09-01', 1)$$,
  'satisfaction_rollup_between: only the ratings of cases submitted in the bounds (b2, b4), each in its local month');
SELECT is((SELECT count(*) FROM ((TABLE satisfaction_rollup EXCEPT ALL SELECT * FROM satisfaction_rollup_between('-infinity', 'infinity'))
                                 UNION ALL (SELECT * FROM satisfaction_rollup_between('-infinity', 'infinity') EXCEPT ALL TABLE satisfaction_rollup)) x),
          0::bigint, 'satisfaction_rollup is satisfaction_rollup_between(-infinity, infinity)');
SET LOCAL enable_seqscan = off;
SELECT matches(pg_temp.plan($$SELECT * FROM service_affair.satisfaction_rollup_between('2026-08-01 00:00+00', '2026-09-01 00:00+00') WHERE level = 'overall'$$),
               '(Index Cond|Filter): \(\(submitted_at >= ',
               'satisfaction_rollup_between: the bounds reach the scan of cases (index condition or filter of a scan by key)');

-- complaints: the month of receipt, bounded through complaint_rollup_between()
-- on complaint.received_at; received at the instants of the table
-- (written directly, status received, department QT)
RESET enable_seqscan;
INSERT INTO complaint (channel, category, body, received_at, department, calendar)
SELECT 'online', 'complaint', 'zone ' || v.name, v.at, 'QT', v.cal
  FROM (VALUES ('b1', 'kiri', timestamptz '2026-07-31 10:30+00'), ('b2', 'pago', '2026-08-01 10:30+00'),
               ('b3', 'pago', '2026-09-01 10:00+00'), ('b4', 'kiri', '2026-08-31 10:30+00'),
               ('b5', 'cn', '2026-06-30 16:30+00')) AS v (name, cal, at);
SELECT results_eq(
  $$SELECT department, received FROM complaint_period('2026-08-01', '2026-08-31') WHERE department = 'QT'$$,
  $$VALUES ('QT', 2)$$,
  'complaint_period August: b1 (UTC July) and b3 (UTC September), local August');
SELECT results_eq(
  $$SELECT department, received FROM complaint_period('2026-07-01', '2026-07-31') WHERE department = 'QT'$$,
  $$VALUES ('QT', 2)$$,
  'complaint_period July: b2 (UTC August) and b5 (UTC June), local July');
SELECT results_eq(
  $$SELECT month, received FROM complaint_rollup_between('2026-08-01 00:00+00', '2026-09-01 00:00+00')
     WHERE level = 'department' AND department = 'QT' ORDER BY month$$,
  $$VALUES ('2026-07-01'::date, 1::bigint), ('2026-09-01', 1)$$,
  'complaint_rollup_between: only the complaints received in the bounds (b2, b4), each in its local month');
SELECT is((SELECT count(*) FROM ((TABLE complaint_rollup EXCEPT ALL SELECT * FROM complaint_rollup_between('-infinity', 'infinity'))
                                 UNION ALL (SELECT * FROM complaint_rollup_between('-infinity', 'infinity') EXCEPT ALL TABLE complaint_rollup)) x),
          0::bigint, 'complaint_rollup is complaint_rollup_between(-infinity, infinity)');
SET LOCAL enable_seqscan = off;
SELECT matches(pg_temp.plan($$SELECT * FROM service_affair.complaint_rollup_between('2026-08-01 00:00+00', '2026-09-01 00:00+00') WHERE level = 'overall'$$),
               '(Index Cond|Filter): \(\(received_at >= ',
               'complaint_rollup_between: the bounds reach the scan of complaint (index condition or filter of a scan by key)');

-- hostile bounds: a NULL month is refused (22023) instead of giving a period
-- of zeros; months beyond timestamptz (and infinities) bound nothing instead of
-- overflowing (22008 before)
SELECT throws_ok($$SELECT * FROM efficiency_period(NULL, '2026-08-31')$$, '22023', 'a period needs both of its months',
                 'efficiency_period: a NULL from_month is refused');
SELECT throws_ok($$SELECT * FROM satisfaction_period('2026-08-01', NULL)$$, '22023', 'a period needs both of its months',
                 'satisfaction_period: a NULL to_month is refused');
SELECT throws_ok($$SELECT * FROM complaint_period_region(NULL, NULL)$$, '22023', 'a period needs both of its months',
                 'complaint_period_region: NULL months are refused');
SELECT results_eq(
  $$SELECT department, received FROM complaint_period('2026-08-01', '300000-01-01') WHERE department = 'QT'$$,
  $$VALUES ('QT', 3)$$,
  'complaint_period to a month beyond timestamptz: b1, b3 (August) and b4 (September)');
SELECT results_eq(
  $$SELECT department, submitted FROM efficiency_period('4713-01-01 BC', 'infinity') WHERE department = 'QT'$$,
  $$VALUES ('QT', 5::bigint)$$,
  'efficiency_period from 4713 BC to infinity: all five cases');
SELECT results_eq(
  $$SELECT department, submitted FROM efficiency_period('-infinity', '294276-12-01') WHERE department = 'QT'$$,
  $$VALUES ('QT', 5::bigint)$$,
  'efficiency_period from -infinity to the last month of timestamptz: all five cases');
SELECT is(period_scan_bound('2026-08-15', false), timestamptz '2026-07-31 00:00+00',
          'period_scan_bound: a day before the first month starts (UTC)');
SELECT is(period_scan_bound('2026-08-15', true), timestamptz '2026-09-02 00:00+00',
          'period_scan_bound: a day after the last month ends (UTC)');
-- a month beyond timestamptz on the other side of its bound: no 22008
SELECT is(period_scan_bound('5874897-12-31', false), timestamptz 'infinity',
          'period_scan_bound: a from_month after the last timestamp starts after everything');
SELECT is(period_scan_bound('4714-11-24 BC', true), timestamptz '-infinity',
          'period_scan_bound: a to_month whose month starts before the first timestamp stops before everything');
SELECT results_eq(
  $$SELECT count(*), sum(received)::numeric FROM complaint_period('5874897-12-01', '5874897-12-31')$$,
  $$VALUES (1::bigint, 0::numeric)$$,
  'complaint_period of a month after the last timestamp: the overall row of zeros, not 22008');
SELECT results_eq(
  $$SELECT count(*), sum(submitted)::numeric FROM efficiency_period('-infinity', '4714-11-24 BC')$$,
  $$VALUES (1::bigint, 0::numeric)$$,
  'efficiency_period up to the first month of the dates (4714-11 BC): the overall row of zeros, not 22008');

-- a from_month in the first month of the dates (4714-11 BC): its first day
-- lies before the first date; from the start of everything, not 22008 (a
-- review: each of the three period functions stepped back to 4714-11-01 BC)
SELECT results_eq(
  $$SELECT department, submitted FROM efficiency_period('4714-11-24 BC', 'infinity') WHERE department = 'QT'$$,
  $$VALUES ('QT', 5::bigint)$$,
  'efficiency_period from 4714-11-24 BC: all five cases, not 22008');
SELECT lives_ok($$SELECT * FROM satisfaction_period('4714-11-30 BC', '4714-11-30 BC')$$,
  'satisfaction_period of the month 4714-11 BC: not 22008');
SELECT results_eq(
  $$SELECT department, received FROM complaint_period('4714-11-25 BC', 'infinity') WHERE department = 'QT'$$,
  $$SELECT department, received FROM complaint_period('-infinity', 'infinity') WHERE department = 'QT'$$,
  'complaint_period from 4714-11-25 BC: what it gives from -infinity, not 22008');

SELECT * FROM finish();
ROLLBACK;
