-- complaint_indicators from a small fixture, numbers checked by hand.
--
-- CA, November 2026 (complaint 5 days, consultation 1 day, from Monday 2 November):
--   i1 complaint   rec 11-02, due 11-09, replied 11-05 (on time), call-back satisfied
--   i2 complaint   rec 11-02, due 11-09, replied 11-06, unsatisfied 11-09 (reopened:
--                  due 11-16, 5 working days after the reopening), replied again
--                  11-17 (late: the latest round's reply counts), satisfied 11-18
--                  (until 2026-12-06 the reopened complaint kept the due 11-09 and
--                  the second reply was on 11-12; with the reopening's own due
--                  that reply would be on time, so it is moved past 11-16)
--   i3 consultation rec 11-03, assigned, never replied
--   i4 consultation rec 11-03, anonymous, due 11-04, replied 11-04 (on time), closed
--   -> received 4, replied 3, on time 2/3 = 0.6667, call-backs 3 (2 satisfied) = 0.6667, reopened 1
-- CB, December 2026 (local month: received 2026-12-01 07:00+08 = 11-30 23:00 UTC):
--   i5 report rec 12-01, due 12-15, supervised due 12-03, replied 12-04 (late for the supervision)
--   -> received 1, replied 1, on time 0, no call-back (NULL), reopened 0
-- no department, December 2026:
--   i6 suggestion rec 12-02, never assigned -> received 1, replied 0, NULL, NULL, 0
-- CC, October 2026:
--   i7 cannot_do about ca_item, rec Friday 10-30, due 11-04 (3 working days), replied 11-02, satisfied
--   -> received 1, replied 1, on time 1, satisfied 1, reopened 0
-- complaint_items: ca_item, cannot_do, October: 1 received, 1 replied, 1 resolved,
--   1 case of ca_item submitted in October (the fixture's) -> 1000.00 per 1,000 cases
BEGIN;
SET search_path = service_affair, public;
SELECT plan(23);
\ir complaint_fixture.inc

DO $$
DECLARE
    p bigint := (SELECT p FROM pg_temp.cf);
    i bigint;
BEGIN
    i := service_affair.receive_complaint('12345', 'complaint', 'i1', '2026-11-02 09:00+08', applicant => p);
    PERFORM service_affair.assign_complaint(i, 'CA', '2026-11-02 10:00+08');
    PERFORM service_affair.reply_complaint(i, 'r', '2026-11-05 10:00+08');
    PERFORM service_affair.record_complaint_callback(i, true, '2026-11-06 10:00+08');

    i := service_affair.receive_complaint('12345', 'complaint', 'i2', '2026-11-02 09:00+08', applicant => p);
    PERFORM service_affair.assign_complaint(i, 'CA', '2026-11-02 10:00+08');
    PERFORM service_affair.reply_complaint(i, 'r', '2026-11-06 10:00+08');
    PERFORM service_affair.record_complaint_callback(i, false, '2026-11-09 10:00+08');
    PERFORM service_affair.reply_complaint(i, 'r2', '2026-11-17 10:00+08');
    PERFORM service_affair.record_complaint_callback(i, true, '2026-11-18 10:00+08');

    i := service_affair.receive_complaint('online', 'consultation', 'i3', '2026-11-03 09:00+08', applicant => p);
    PERFORM service_affair.assign_complaint(i, 'CA', '2026-11-03 10:00+08');

    i := service_affair.receive_complaint('window', 'consultation', 'i4', '2026-11-03 09:00+08');
    PERFORM service_affair.assign_complaint(i, 'CA', '2026-11-03 10:00+08');
    PERFORM service_affair.reply_complaint(i, 'r', '2026-11-04 17:00+08');
    PERFORM service_affair.close_complaint(i, '2026-11-05 10:00+08');

    i := service_affair.receive_complaint('letter', 'report', 'i5', '2026-12-01 07:00+08', applicant => p);
    PERFORM service_affair.assign_complaint(i, 'CB', '2026-12-01 10:00+08');
    PERFORM service_affair.supervise_complaint(i, '2026-12-03', '2026-12-01 11:00+08');
    PERFORM service_affair.reply_complaint(i, 'r', '2026-12-04 10:00+08');

    i := service_affair.receive_complaint('online', 'suggestion', 'i6', '2026-12-02 09:00+08');

    i := service_affair.receive_complaint('cannot_do', 'cannot_do', 'i7', '2026-10-30 10:00+08', item => 'ca_item',
                                          applicant => p, blocker => 'b');
    PERFORM service_affair.assign_complaint(i, 'CC', '2026-10-30 11:00+08');
    PERFORM service_affair.reply_complaint(i, 'r', '2026-11-02 10:00+08', 'done by commitment');
    PERFORM service_affair.record_complaint_callback(i, true, '2026-11-03 10:00+08');
END $$;

SELECT is((SELECT (received, replied, replied_on_time_rate, callback_satisfied_rate, reopened)::text
             FROM complaint_indicators WHERE department = 'CA' AND month = '2026-11-01'),
          (4, 3, 0.6667, 0.6667, 1)::text, 'CA, November: 4 received, 3 replied, 2/3 on time, 2/3 satisfied, 1 reopened');
SELECT is((SELECT (received, replied, replied_on_time_rate, callback_satisfied_rate, reopened)::text
             FROM complaint_indicators WHERE department = 'CB' AND month = '2026-12-01'),
          (1, 1, 0.0000, NULL::numeric, 0)::text, 'CB, December (local month): late for the supervision due, no call-back');
SELECT is((SELECT (received, replied, replied_on_time_rate, callback_satisfied_rate, reopened)::text
             FROM complaint_indicators WHERE department IS NULL AND month = '2026-12-01'),
          (1, 0, NULL::numeric, NULL::numeric, 0)::text, 'no department, December: received only, rates NULL');
SELECT is((SELECT (received, replied, replied_on_time_rate, callback_satisfied_rate, reopened)::text
             FROM complaint_indicators WHERE department = 'CC' AND month = '2026-10-01'),
          (1, 1, 1.0000, 1.0000, 0)::text, 'CC, October: the 办不成事 complaint, on time and satisfied');
SELECT is((SELECT count(*) FROM complaint_indicators), 4::bigint, 'four rows');
-- on-time assignment (complaint.assign_days, default 1) and call-back
-- (complaint.callback_days, default 3): every one of this fixture is on time
-- (the late ones are in complaint_links.sql)
SELECT is((SELECT (assigned, assigned_on_time_rate, callbacks, callback_on_time_rate)::text
             FROM complaint_indicators WHERE department = 'CA' AND month = '2026-11-01'),
          (4, 1.0000, 3, 1.0000)::text, 'CA, November: 4 assigned on the day, 3 call-backs within 3 working days of their reply');
SELECT is((SELECT (assigned, assigned_on_time_rate, callbacks, callback_on_time_rate)::text
             FROM complaint_indicators WHERE department = 'CB' AND month = '2026-12-01'),
          (1, 1.0000, 0, NULL::numeric)::text, 'CB, December: assigned on time, no call-back (NULL rate)');
SELECT is((SELECT (assigned, assigned_on_time_rate, callbacks, callback_on_time_rate)::text
             FROM complaint_indicators WHERE department IS NULL AND month = '2026-12-01'),
          (0, NULL::numeric, 0, NULL::numeric)::text, 'no department, December: nothing assigned, both rates NULL');
SELECT is((SELECT (assigned, assigned_on_time_rate, callbacks, callback_on_time_rate)::text
             FROM complaint_indicators WHERE department = 'CC' AND month = '2026-10-01'),
          (1, 1.0000, 1, 1.0000)::text, 'CC, October: assigned on the Friday of receipt, called back the day after the reply');
SELECT is((SELECT (received, replied, cannot_do_resolved, cases, per_1000_cases)::text
             FROM complaint_items WHERE item = 'ca_item' AND category = 'cannot_do' AND month = '2026-10-01'),
          (1, 1, 1, 1, 1000.00)::text, 'complaint_items: ca_item, 办不成事, October: resolved, 1000 per 1,000 cases');
SELECT is((SELECT sum(received) FROM complaint_items WHERE item IS NULL), 6::bigint, 'the six complaints naming no item');

-- the region of the handling department and the overall level (issue 16):
-- CA and CB are in 330225, CC in 330226; the unassigned i6 has no region
SELECT results_eq(
  $$SELECT region, month, received, replied, replied_on_time_rate, callback_satisfied_rate, reopened
      FROM complaint_indicators_region ORDER BY month, region NULLS LAST$$,
  $$VALUES ('330226'::text, '2026-10-01'::date, 1, 1, 1.0000, 1.0000, 0),
           ('330225', '2026-11-01', 4, 3, 0.6667, 0.6667, 1),
           ('330225', '2026-12-01', 1, 1, 0.0000, NULL, 0),
           (NULL, '2026-12-01', 1, 0, NULL, NULL, 0)$$,
  'complaint_indicators_region: per region of the handling department and month');
SELECT is((SELECT (received, replied, replied_on_time_rate, assigned, assigned_on_time_rate)::text
             FROM complaint_indicators_overall WHERE month = '2026-12-01'),
          (2, 1, 0.0000, 1, 1.0000)::text, 'complaint_indicators_overall, December: CB and the unassigned suggestion');
SELECT is((SELECT sum(received) FROM complaint_indicators_region), (SELECT sum(received) FROM complaint_indicators),
          'the region rows sum to the department rows');

SELECT results_eq(
  $$SELECT department, received, replied, replied_on_time_rate, callback_satisfied_rate, reopened, callbacks
      FROM complaint_period('2026-10-01', '2026-12-31')$$,
  $$VALUES ('CA'::text, 4, 3, 0.6667, 0.6667, 1, 3), ('CB', 1, 1, 0.0000, NULL, 0, 0), ('CC', 1, 1, 1.0000, 1.0000, 0, 1),
           (NULL, 1, 0, NULL, NULL, 0, 0), (NULL, 7, 5, 0.6000, 0.7500, 1, 4)$$,
  'complaint_period Q4: per department (the unassigned one NULL), then overall last: 3 of 5 replied on time, 3 of 4 call-backs satisfied');
SELECT results_eq(
  $$SELECT region, received, replied_on_time_rate FROM complaint_period_region('2026-11-15', '2026-11-30')$$,
  $$VALUES ('330225'::text, 4, 0.6667), (NULL, 4, 0.6667)$$,
  'complaint_period_region: a day inside a month takes the whole month');

-- the overall row is told by the last column overall (true on that row
-- only, never NULL), not by its position: the unassigned i6 makes a row of
-- department NULL and of region NULL beside the overall row
SELECT is((SELECT array_agg(p.proname || ': ' || p.proargnames[cardinality(p.proargnames)] || ' ' || format_type(p.proallargtypes[cardinality(p.proallargtypes)], NULL) ORDER BY p.proname)
             FROM pg_proc p WHERE p.pronamespace = 'service_affair'::regnamespace
              AND p.proname IN ('complaint_period', 'complaint_period_region')),
          ARRAY['complaint_period: overall boolean', 'complaint_period_region: overall boolean'],
          'complaint_period(), complaint_period_region(): overall is their last column');
SELECT results_eq(
  $$SELECT department, received, replied, overall FROM complaint_period('2026-10-01', '2026-12-31') WHERE department IS NULL ORDER BY received$$,
  $$VALUES (NULL::text, 1, 0, false), (NULL, 7, 5, true)$$,
  'complaint_period Q4, in a query''s own order: the unassigned row (overall false) and the overall row (overall true)');
SELECT is((SELECT array_agg(overall ORDER BY ordinality) FROM complaint_period('2026-10-01', '2026-12-31') WITH ORDINALITY),
          ARRAY[false, false, false, false, true], 'complaint_period Q4: overall true on the last row only (never NULL)');
SELECT is((SELECT ARRAY[sum(received), sum(replied), sum(reopened), sum(assigned), sum(callbacks)]::integer[]
             FROM complaint_period('2026-10-01', '2026-12-31') WHERE NOT overall),
          (SELECT ARRAY[received, replied, reopened, assigned, callbacks]
             FROM complaint_period('2026-10-01', '2026-12-31') WHERE overall),
          'complaint_period Q4: the counts of the overall row = the sums of the other rows (the unassigned one included)');
SELECT results_eq(
  $$SELECT region, received, replied, overall FROM complaint_period_region('2026-10-01', '2026-12-31') ORDER BY received, region$$,
  $$VALUES ('330226'::text, 1, 1, false), (NULL, 1, 0, false), ('330225', 5, 4, false), (NULL, 7, 5, true)$$,
  'complaint_period_region Q4, in a query''s own order: the no-region row (overall false) and the overall row (overall true)');
SELECT is((SELECT ARRAY[sum(received), sum(replied), sum(reopened), sum(assigned), sum(callbacks)]::integer[] || (count(*) FILTER (WHERE overall IS NULL))::integer
             FROM complaint_period_region('2026-10-01', '2026-12-31') WHERE overall IS DISTINCT FROM true),
          (SELECT ARRAY[received, replied, reopened, assigned, callbacks, 0]
             FROM complaint_period_region('2026-10-01', '2026-12-31') WHERE overall),
          'complaint_period_region Q4: the counts of the overall row = the sums of the other rows, overall never NULL');

-- complaint_items groups the complaints by at most two keys (the pair
-- (item, category) as one text[]) over a subquery the planner keeps: it
-- counts the month expression as its received_at values, so by the three
-- columns (until 2026-12-06) it expected one group per complaint (99,680
-- for 13 at 10^5 complaints) and sorted them all, an external merge at 4 MB
-- work_mem, instead of hashing the groups (doc/benchmarks.md, "Indicators",
-- "The complaint views and the catalog promise"); every Group Key of the
-- view's plan, whatever the data
CREATE FUNCTION pg_temp.group_keys(q text) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE p jsonb;
BEGIN
    EXECUTE 'EXPLAIN (FORMAT JSON) ' || q INTO p;
    RETURN (SELECT max(jsonb_array_length(k)) FROM jsonb_path_query(p, 'strict $.**."Group Key"') k);
END $$;
SELECT cmp_ok(pg_temp.group_keys('SELECT * FROM service_affair.complaint_items'), '<=', 2,
              'complaint_items: every aggregate of its plan groups by at most two keys');

SELECT * FROM finish();
ROLLBACK;
