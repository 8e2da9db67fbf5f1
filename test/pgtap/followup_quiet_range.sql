-- followup_past_quiet() and callback_state() (executable by PUBLIC, pure
-- rules of the view case_followups) answer every argument a caller can pass.
-- Until 2026-12-07 a due near the last date (5874897-12-31) or quiet_days
-- near ±2^31 overflowed due + quiet_days, and an infinite at the local day,
-- with 22008 (a limit of stop 2026-12-07, doc/ratings.md, "Missed
-- call-backs").  A quiet period that ends past the last date, or a due at
-- infinity, is never over; one that ends before the first date, or a due at
-- -infinity, always is.  Assertions 1 to 8 fail on the former code (22008);
-- 9 and 10 hold on both.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(10);
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
SELECT * FROM finish();
ROLLBACK;
