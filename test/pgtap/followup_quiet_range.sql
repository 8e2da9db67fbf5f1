-- followup_past_quiet() and callback_state() (executable by PUBLIC, pure
-- rules of the view case_followups) answer every argument a caller can pass.
-- Until 2026-12-07 a due near the last date (5874897-12-31) or quiet_days
-- near ±2^31 overflowed due + quiet_days, and an infinite at the local day,
-- with 22008 (a limit of stop 2026-12-07, doc/ratings.md, "Missed
-- call-backs").  A quiet period that ends past the last date, or a due at
-- infinity, is never over; one that ends before the first date, or a due at
-- -infinity, always is.  Assertions 1 to 8 fail on the former code (22008);
-- 9 and 10 hold on both.  11: the rule stays inlined into case_followups,
-- whose quiet_days is settle_quiet_days((SELECT ...)), a subquery: the
-- planner inlines a SQL function only if an argument read more than once is
-- cheap, and the first form of the bounds read quiet_days three times (a
-- review; it fails on that form, a call per row).
-- 12 to 16: an infinite at reads its calendar as a finite at does (NULL
-- for a NULL calendar, 23503 for an unknown one); until 2026-12-07 it
-- answered true or false without reading it (a review).  12 to 15 fail on
-- the former code; 16 to 18 (the finite rule, and a NULL at, which
-- reads no calendar: local_day() is strict) hold on both.
-- 19 to 22: a NULL quiet_days is NULL whatever the due (NULL in, NULL out,
-- as a NULL due, at or calendar); until 2026-12-07 an infinite due
-- answered true or false without reading it, a finite one NULL (a review).
-- 19 to 21 fail on the former code; 22 (a finite due) holds on both; 11
-- checks that the rule is still inlined into case_followups.
-- 23 to 30: a NULL due with an unknown calendar is NULL, the calendar
-- unread, as a NULL at and as local_day() and the other calendar functions
-- (STRICT) answer a NULL argument; until 2026-12-07 it was 23503 when due
-- was read at run time (a column, a parameter of a generic plan) and NULL
-- when the planner folded a NULL constant before the calendar was read (a
-- review).  23 to 27 fail on the former code (23503); 28 (a literal NULL)
-- and 29 (the sibling local_day()) hold on both, 30 (a parameter of a
-- custom plan) too.
-- 31 to 33 pin what doc/ratings.md says of a NULL quiet_days with an
-- unknown calendar, left to the plan (reading quiet_days first would be a
-- second reading of it, and the rule would go uninlined in case_followups,
-- 11): NULL when the planner folds a NULL constant, 23503 when it is read
-- at run time.  All three hold on both.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(33);
SELECT is(followup_past_quiet('5874897-12-01', 'cn', '2026-12-07 10:00+08', 90), false,
          'a due 30 days before the last date with 90 quiet days: not past');
SELECT is(followup_past_quiet('2026-01-01', 'cn', '2026-12-07 10:00+08', 2147483647), false,
          'quiet_days 2^31 - 1: not past');
SELECT is(followup_past_quiet('2026-01-01', 'cn', '2026-12-07 10:00+08', -2147483648), true,
          'quiet_days -2^31: past');
SELECT is(followup_past_quiet('infinity', 'cn', '2026-12-07 10:00+08', 90), false,
          'a due at infinity: never past');
SELECT is(followup_past_quiet('-infinity', 'cn', '2026-12-07 10:00+08', 90), true,
          'a due at -infinity: past');
SELECT is(followup_past_quiet('2026-01-01', 'cn', 'infinity', 90), true,
          'at infinity: past a finite due');
SELECT is(callback_state('5874897-12-31', NULL, 'cn', '2026-12-07 10:00+08', 1), 'owed',
          'callback_state(): a call-back due on the last date is owed');
SELECT is(callback_state('4714-11-24 BC', NULL, 'cn', '-infinity', -2147483648), 'owed',
          'callback_state(): at -infinity is past no due');
SELECT is(followup_past_quiet('2026-06-05', 'cn', '2026-06-16 00:00+08', 10), true,
          'a finite due and quiet period: as before (the 16th is more than 10 days after the 5th)');
SELECT is(followup_past_quiet('2026-06-05', 'cn', '2026-06-15 23:59+08', 10), false,
          '... and the 15th is not');
CREATE FUNCTION pg_temp.plan_of(q text) RETURNS SETOF text LANGUAGE plpgsql AS $f$
BEGIN
    RETURN QUERY EXECUTE 'EXPLAIN (VERBOSE, COSTS OFF) ' || q;
END
$f$;
SELECT is((SELECT count(*) FROM pg_temp.plan_of('SELECT callback_missed, fix_lapsed FROM service_affair.case_followups') l
            WHERE l ~ '(followup_past_quiet|callback_state|fix_state)\('), 0::bigint,
          'case_followups: the rule is inlined (quiet_days, a subquery there, read once)');
SELECT is(followup_past_quiet('2026-01-01', NULL, 'infinity', 90), NULL,
          'at infinity, no calendar: NULL, as a finite at');
SELECT is(followup_past_quiet('infinity', NULL, 'infinity', 90), NULL,
          'a due and an at at infinity, no calendar: NULL');
SELECT throws_ok($$SELECT followup_past_quiet('2026-01-01', 'no_such_cal', 'infinity', 90)$$, '23503', NULL,
                 'at infinity, an unknown calendar: 23503, as a finite at');
SELECT throws_ok($$SELECT callback_state('-infinity', NULL, 'no_such_cal', '-infinity', 90)$$, '23503', NULL,
                 'callback_state(): at -infinity, an unknown calendar: 23503');
SELECT is(ARRAY[followup_past_quiet('2026-01-01', NULL, '2026-12-07 10:00+08', 90),
                followup_past_quiet('infinity', NULL, '2026-12-07 10:00+08', 90)], ARRAY[NULL, NULL]::boolean[],
          'a finite at, no calendar: NULL (as before)');
SELECT throws_ok($$SELECT followup_past_quiet('2026-01-01', 'no_such_cal', '2026-12-07 10:00+08', 90)$$, '23503', NULL,
                 'a finite at, an unknown calendar: 23503 (as before)');
SELECT is(followup_past_quiet('2026-01-01', 'no_such_cal', NULL, 90), NULL,
          'a NULL at: NULL, no calendar read (as before)');
SELECT is(followup_past_quiet('infinity', 'cn', '2026-12-07 10:00+08', NULL), NULL,
          'a due at infinity, quiet_days NULL: NULL');
SELECT is(followup_past_quiet('-infinity', 'cn', '2026-12-07 10:00+08', NULL), NULL,
          'a due at -infinity, quiet_days NULL: NULL');
SELECT is(ARRAY[callback_state('-infinity', NULL, 'cn', '2026-12-07 10:00+08', NULL),
                callback_state('2026-01-01', NULL, 'cn', '2026-12-07 10:00+08', NULL)], ARRAY['owed', 'owed'],
          'callback_state(), quiet_days NULL: a due at -infinity answers as a finite due');
SELECT is(followup_past_quiet('2026-01-01', 'cn', '2026-12-07 10:00+08', NULL), NULL,
          'a finite due, quiet_days NULL: NULL (as before)');

-- a NULL due read at run time, an unknown calendar.  The answer of a
-- query, or the SQLSTATE it failed with, so that each assertion fails on
-- its own on the former code
CREATE FUNCTION pg_temp.answer(q text) RETURNS text LANGUAGE plpgsql AS $f$
DECLARE r text;
BEGIN
    EXECUTE q INTO r;
    RETURN coalesce(r, 'NULL');
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE;
END
$f$;
CREATE TEMP TABLE null_args AS
  SELECT NULL::date AS due, 'no_such_cal'::text AS cal, '2026-12-07 10:00+08'::timestamptz AS at,
         90 AS quiet_days, '2026-01-01'::date AS finite_due, NULL::integer AS no_days;
SELECT is(pg_temp.answer('SELECT followup_past_quiet(due, cal, at, quiet_days) FROM null_args'), 'NULL',
          'a NULL due read at run time, an unknown calendar: NULL, the calendar unread');
SELECT is(pg_temp.answer($$SELECT followup_past_quiet(due, cal, 'infinity', quiet_days) FROM null_args$$), 'NULL',
          '... at infinity too');
SELECT is(pg_temp.answer($$SELECT followup_past_quiet(due, cal, '-infinity', quiet_days) FROM null_args$$), 'NULL',
          '... and at -infinity');
SELECT is(pg_temp.answer('SELECT callback_state(due, NULL, cal, at, quiet_days) FROM null_args'), 'owed',
          'callback_state(): a NULL due read at run time, an unknown calendar: owed, not 23503');
SET LOCAL plan_cache_mode = force_generic_plan;
PREPARE quiet_due(date) AS SELECT followup_past_quiet($1, 'no_such_cal', '2026-12-07 10:00+08', 90);
SELECT is(pg_temp.answer('EXECUTE quiet_due(NULL)'), 'NULL',
          'a NULL due as a parameter of a generic plan, an unknown calendar: NULL');
SELECT is(pg_temp.answer($$SELECT followup_past_quiet(NULL, 'no_such_cal', '2026-12-07 10:00+08', 90)$$), 'NULL',
          'a literal NULL due, an unknown calendar: NULL (as before: the planner folded it)');
SELECT is(pg_temp.answer($$SELECT local_day(NULL, 'no_such_cal')$$), 'NULL',
          'the sibling rule: local_day() of a NULL instant, an unknown calendar: NULL, the calendar unread');
DEALLOCATE quiet_due;
SET LOCAL plan_cache_mode = force_custom_plan;
PREPARE quiet_due(date) AS SELECT followup_past_quiet($1, 'no_such_cal', '2026-12-07 10:00+08', 90);
SELECT is(pg_temp.answer('EXECUTE quiet_due(NULL)'), 'NULL',
          '... and as a parameter of a custom plan: NULL');
DEALLOCATE quiet_due;
-- a NULL quiet_days with an unknown calendar: left to the plan (doc/ratings.md)
SELECT is(pg_temp.answer($$SELECT followup_past_quiet('2026-01-01', 'no_such_cal', '2026-12-07 10:00+08', NULL)$$), 'NULL',
          'a literal NULL quiet_days, an unknown calendar: NULL (folded before the calendar is read; documented)');
SELECT is(pg_temp.answer('SELECT followup_past_quiet(finite_due, cal, at, no_days) FROM null_args'), '23503',
          'a NULL quiet_days read at run time, an unknown calendar: 23503 (documented)');
SET LOCAL plan_cache_mode = force_generic_plan;
PREPARE quiet_days(integer) AS SELECT followup_past_quiet('2026-01-01', 'no_such_cal', '2026-12-07 10:00+08', $1);
SELECT is(pg_temp.answer('EXECUTE quiet_days(NULL)'), '23503',
          '... and as a parameter of a generic plan: 23503 (documented)');
DEALLOCATE quiet_days;
SELECT * FROM finish();
ROLLBACK;
