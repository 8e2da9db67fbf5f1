-- The clock functions shifted_due() and suspension_workdays() (and
-- suspensions_workdays(), which judges each suspension alike) refuse what no
-- clock counts: a negative limit or shift, a suspension resumed on a day
-- before it began (22023, the values named in the detail).  The rule is in
-- the C core (rt_shifted_due, rt_suspension_workdays: SA_WD_BAD_COUNT).
-- Until 2026-12-06 shifted_due() counted a negative limit back and
-- suspension_workdays() answered -6 for a suspension resumed before it began
-- (a review).  A limit of 0 is one (即办件, a point that forwards the same day).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(12);

\ir error_detail.inc

SELECT throws_ok($$SELECT shifted_due('2026-03-10', -3, 0, 'cn')$$, '22023',
  'a time limit and its shift must not be negative', 'shifted_due() with a limit of -3: 22023 (it answered a due 3 working days before)');
SELECT is(pg_temp.detail_of($$SELECT shifted_due('2026-03-10', -3, 0, 'cn')$$),
  'A limit of -3 working days moved by 0 was asked.', 'the detail names the limit and the shift');
SELECT throws_ok($$SELECT shifted_due('2026-03-10', 5, -2, 'cn')$$, '22023',
  'a time limit and its shift must not be negative', 'shifted_due() with a shift of -2: 22023');
SELECT is(shifted_due('2026-03-10', 0, 0, 'cn'), '2026-03-10'::date, 'a limit of 0 on a working day: that day');
SELECT is(shifted_due('2026-03-08', 0, 0, 'cn'), '2026-03-09'::date, 'a limit of 0 on a Sunday: the next working day');

SELECT throws_ok($$SELECT suspension_workdays('2026-03-10 10:00+08', '2026-03-02 10:00+08', '2026-03-20', 'cn')$$, '22023',
  'a suspension cannot be resumed before it began', 'suspension_workdays() resumed before it began: 22023 (it answered -6)');
SELECT is(pg_temp.detail_of($$SELECT suspension_workdays('2026-03-10 10:00+08', '2026-03-02 10:00+08', '2026-03-20', 'cn')$$),
  format('The suspension begun at %s was resumed at %s, a day earlier.', '2026-03-10 10:00+08'::timestamptz, '2026-03-02 10:00+08'::timestamptz),
  'the detail names both times');
SELECT is(suspension_workdays('2026-03-10 10:00+08', '2026-03-13 10:00+08', '2026-03-20', 'cn'), 3,
  'in order: Wed to Fri counts 3');
SELECT is(suspension_workdays('2026-03-10 15:00+08', '2026-03-10 09:00+08', '2026-03-20', 'cn'), 0,
  'within one local day the count is 0 whatever the order');
SELECT throws_ok($$SELECT suspensions_workdays('2026-03-02', 10, 0, '{2026-03-04 10:00+08,2026-03-10 10:00+08}',
                                                '{2026-03-05 10:00+08,2026-03-02 10:00+08}', 'cn')$$, '22023',
  'a suspension cannot be resumed before it began', 'suspensions_workdays() with the second resumed before it began: 22023');
SELECT throws_ok($$SELECT suspensions_workdays('2026-03-02', -1, 0, '{}', '{}', 'cn')$$, '22023',
  'a time limit and its shift must not be negative', 'suspensions_workdays() with a limit of -1: 22023');
SELECT throws_ok($$SELECT suspensions_workdays('2026-03-02', 10, -1, '{}', '{}', 'cn')$$, '22023',
  'a time limit and its shift must not be negative', 'suspensions_workdays() with a shift of -1 and no suspension: 22023');
SELECT * FROM finish();
ROLLBACK;
