-- A rectification never closed does not keep its case open for ever
-- (doc/ratings.md, "Lapsed rectifications"; doc/scale.md, "Slice 2").
-- Until 2026-12-07 settle_cases() waited for the close of a bad rating's
-- rectification however long it took: a reviewer who never came back to
-- it, and the case stayed in the open partitions for good (the call-back
-- side was mended on 2026-12-07, settle_callback_missed.sql).  Now the
-- rectification counts as lapsed once the local day is more than
-- settle.quiet_days days after fix_due (fix_state(), the one home of the
-- rule beside callback_state(), asked by the candidates and the re-check of
-- settle_cases() alike, by close_rectification() and by case_followups):
-- the case settles, close_rectification() is refused (55000), and the lapse
-- stays counted as a bad rating not rectified on time in its month.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(20);
\ir route_fixture.inc
\ir error_detail.inc
SELECT set_config('sa.p', :'p', false) AS sa_p \gset
INSERT INTO setting (name, value) VALUES ('settle.quiet_days', '10');
UPDATE setting SET value = '2' WHERE name = 'rating.fix_days';

-- k1: called back, never closed (only the open fix keeps it); k2: neither
-- called back nor closed; k3: called back and closed (settles at once)
SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-06-01 10:00+08') AS k1 \gset
SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-06-01 10:05+08') AS k2 \gset
SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-06-01 10:10+08') AS k3 \gset
SELECT complete_task(t.id, 'approved', '2026-06-02 10:00+08') FROM task t WHERE t.case_id IN (:k1, :k2, :k3);
SELECT deliver(k, 'window', '2026-06-03 10:00+08') FROM unnest(ARRAY[:k1, :k2, :k3]::bigint[]) k;
SELECT rate(:k1, 1, 'window', 'never fixed', '2026-06-03 11:00+08') AS r1 \gset
SELECT rate(:k2, 2, 'window', 'never anything', '2026-06-03 11:00+08') AS r2 \gset
SELECT rate(:k3, 1, 'window', 'fixed', '2026-06-03 11:00+08') AS r3 \gset
SELECT record_callback(:r1, '2026-06-04 10:00+08');
SELECT record_callback(:r3, '2026-06-04 11:00+08');
SELECT close_rectification(:r3, 'fixed', '2026-06-04 11:30+08');

SELECT results_eq(format('SELECT f.fix_due FROM rectification f WHERE f.rating_id IN (%s, %s, %s) ORDER BY f.rating_id', :r1, :r2, :r3),
  $$VALUES ('2026-06-05'::date), ('2026-06-05'::date), ('2026-06-05'::date)$$,
  'the rectifications are due on 2026-06-05 (two working days after the rating)');

-- within the period: the open rectifications keep k1 and k2
SELECT is(settle_cases('2026-06-15 12:00+08'), 1, 'on 06-15 only k3 settles: the rectifications of k1 and k2 are still open');
SELECT results_eq(format('SELECT c.id, c.settled FROM cases c WHERE c.id IN (%s, %s, %s) ORDER BY c.id', :k1, :k2, :k3),
  format('VALUES (%s::bigint, false), (%s, false), (%s, true)', :k1, :k2, :k3), 'k1 and k2 open, k3 settled');

-- a close dated after the period is refused, and said why
SELECT throws_ok(format('SELECT close_rectification(%s, ''too late'', ''2026-06-16 09:00+08'')', :r1), '55000',
  format('the rectification of rating %s lapsed', :r1),
  'close_rectification() more than settle.quiet_days after fix_due: 55000');
SELECT matches(pg_temp.detail_of(format('SELECT close_rectification(%s, ''too late'', ''2026-06-16 09:00+08'')', :r1)),
  '^The rectification of rating [0-9]+ was due on 2026-06-05; on 2026-06-16 it is more than settle.quiet_days \(10\) days overdue and counts as lapsed',
  'the detail names the fix due day, the day of the close and settle.quiet_days');
SELECT is((SELECT f.closed_at FROM rectification f WHERE f.rating_id = :r1), NULL, 'nothing was recorded');

-- after the period: k1 and k2 settle without their close (until 2026-12-07
-- they never did)
SELECT is(settle_cases('2026-06-16 00:30+08'), 2, 'on 06-16 k1 and k2 settle: their rectifications lapsed');
SELECT results_eq(format('SELECT c.id, c.settled FROM cases c WHERE c.id IN (%s, %s) ORDER BY c.id', :k1, :k2),
  format('VALUES (%s::bigint, true), (%s, true)', :k1, :k2), 'k1 and k2 settled');
SELECT results_eq(format('SELECT f.rating_id, f.settled, f.closed_at IS NULL, f.called_back_at IS NOT NULL FROM rectification f WHERE f.rating_id IN (%s, %s) ORDER BY f.rating_id', :r1, :r2),
  format('VALUES (%s::bigint, true, true, true), (%s, true, true, false)', :r1, :r2),
  'their rectifications are in the history, not closed (k1 called back, k2 not)');
SELECT throws_ok(format('SELECT close_rectification(%s, ''too late'', ''2026-06-15 09:00+08'')', :r1), '55000', NULL,
  'close_rectification() after the case settled: 55000, even dated within the period');

-- what reviewers and analysts read: a lapse is a bad rating not rectified
-- on time, in the month of its case, settled or not
SELECT results_eq(
  format('SELECT x.case_id, x.rectification_status, x.called_back, x.callback_missed, x.fix_lapsed FROM case_followups x
            WHERE x.case_id IN (%s, %s, %s) ORDER BY x.case_id', :k1, :k2, :k3),
  format($$VALUES (%s::bigint, 'called_back', true, false, true), (%s, 'open', false, true, true), (%s, 'closed', true, false, false)$$, :k1, :k2, :k3),
  'case_followups: the lapsed rectifications are not closed, and told lapsed');
SELECT results_eq(
  format('SELECT e.case_id, e.month, e.rectified_on_time FROM satisfaction_facts e WHERE e.case_id IN (%s, %s, %s) ORDER BY e.case_id', :k1, :k2, :k3),
  format($$VALUES (%s::bigint, '2026-06-01'::date, false), (%s, '2026-06-01', false), (%s, '2026-06-01', true)$$, :k1, :k2, :k3),
  'satisfaction_facts: the lapsed ones are not rectified on time, in their month');
SELECT is((SELECT count(*) FROM satisfaction_facts e
            WHERE e.case_id IN (:k1, :k2, :k3) AND (e.level1 OR e.level2) AND NOT e.rectified_on_time), 2::bigint,
  'the bad ratings not rectified on time of June count both lapses');

-- the rule itself, at the edge of the period; the day arithmetic is the
-- call-back's (followup_past_quiet())
SELECT is(fix_state('2026-06-05', NULL, 'cn', '2026-06-15 23:59+08', 10), 'open',
  'fix_state: ten days after the fix due day, still open');
SELECT is(fix_state('2026-06-05', NULL, 'cn', '2026-06-16 00:00+08', 10), 'lapsed',
  'fix_state: the eleventh day after it (local midnight), lapsed');
SELECT is(fix_state('2026-06-05', '2026-06-04 11:00+08', 'cn', '2030-01-01 00:00+08', 10), 'closed',
  'fix_state: a close made stays made');
SELECT is(fix_state('2026-06-05', NULL, 'cn', '2026-06-15 17:00+00', 10), 'lapsed',
  'fix_state: the day is the calendar''s (17:00 UTC is 06-16 in Shanghai)');
SELECT is(fix_state('2026-06-05', NULL, 'cn', '2026-06-06 00:00+08', 0), 'lapsed',
  'fix_state: with settle.quiet_days 0, lapsed the day after the fix due day');
SELECT results_eq($$SELECT followup_past_quiet('2026-06-05', 'cn', '2026-06-15 23:59+08', 10), followup_past_quiet('2026-06-05', 'cn', '2026-06-16 00:00+08', 10)$$,
  $$VALUES (false, true)$$, 'followup_past_quiet: the one day arithmetic of both rules');

-- a close dated within the period, while the case is open, is recorded
-- (late, not on time) and the case settles once quiet
SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-06-01 10:15+08') AS k4 \gset
SELECT complete_task(t.id, 'approved', '2026-06-02 10:00+08') FROM task t WHERE t.case_id = :k4;
SELECT deliver(:k4, 'window', '2026-06-03 10:00+08');
SELECT rate(:k4, 2, 'window', 'late fix', '2026-06-03 11:00+08') AS r4 \gset
SELECT lives_ok(format('SELECT close_rectification(%s, ''fixed late'', ''2026-06-15 18:00+08'')', :r4),
  'a late close within the period is recorded, even after the period has passed (its own time)');

SELECT * FROM finish();
ROLLBACK;
