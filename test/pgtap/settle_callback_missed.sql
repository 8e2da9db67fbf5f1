-- A call-back never made does not keep its case open for ever
-- (doc/ratings.md, "Missed call-backs"; doc/scale.md, "Slice 2").  Until
-- 2026-12-07 settle_cases() waited for the call-back of a bad rating's
-- rectification however long it took: a rater never reached, a reviewer who
-- forgot, and the case stayed in the open partitions for good.  Now the
-- call-back counts as missed once the local day is more than
-- settle.quiet_days days after callback_due (callback_state(), the one home
-- of the rule, asked by the candidates and the re-check of settle_cases()
-- alike, by record_callback() and by case_followups): the case settles,
-- record_callback() is refused (55000), and the miss stays recorded as a
-- call-back not made.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(33);
\ir route_fixture.inc
\ir error_detail.inc
SELECT set_config('sa.p', :'p', false) AS sa_p \gset
INSERT INTO setting (name, value) VALUES ('settle.quiet_days', '10');

-- k1: closed, its call-back never made; k2: open and not called back (the
-- open rectification keeps it, missed or not); k3: called back and closed
SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-06-01 10:00+08') AS k1 \gset
SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-06-01 10:05+08') AS k2 \gset
SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-06-01 10:10+08') AS k3 \gset
-- k4: neither called back nor closed, its case open to the end (below)
SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-06-01 10:15+08') AS k4 \gset
SELECT complete_task(t.id, 'approved', '2026-06-02 10:00+08') FROM task t WHERE t.case_id IN (:k1, :k2, :k3, :k4);
SELECT deliver(k, 'window', '2026-06-03 10:00+08') FROM unnest(ARRAY[:k1, :k2, :k3, :k4]::bigint[]) k;
SELECT rate(:k1, 1, 'window', 'never called', '2026-06-03 11:00+08') AS r1 \gset
SELECT rate(:k2, 2, 'window', 'still open', '2026-06-03 11:00+08') AS r2 \gset
SELECT rate(:k3, 1, 'window', 'called back', '2026-06-03 11:00+08') AS r3 \gset
SELECT rate(:k4, 2, 'window', 'left alone', '2026-06-03 11:00+08') AS r4 \gset
SELECT close_rectification(:r1, 'fixed', '2026-06-04 10:00+08');
SELECT record_callback(:r3, '2026-06-04 11:00+08');
SELECT close_rectification(:r3, 'fixed', '2026-06-04 11:30+08');

SELECT results_eq(format('SELECT f.callback_due FROM rectification f WHERE f.rating_id IN (%s, %s, %s) ORDER BY f.rating_id', :r1, :r2, :r3),
  $$VALUES ('2026-06-04'::date), ('2026-06-04'::date), ('2026-06-04'::date)$$,
  'the call-backs are due on 2026-06-04 (one working day after the rating)');

-- the rule itself, at the edge of the period
SELECT is(callback_state('2026-06-04', NULL, 'cn', '2026-06-14 23:59+08', 10), 'owed',
  'callback_state: ten days after the due day, still owed');
SELECT is(callback_state('2026-06-04', NULL, 'cn', '2026-06-15 00:00+08', 10), 'missed',
  'callback_state: the eleventh day after it (local midnight), missed');
SELECT is(callback_state('2026-06-04', '2026-06-04 11:00+08', 'cn', '2030-01-01 00:00+08', 10), 'called_back',
  'callback_state: a call-back made stays made');
SELECT is(callback_state('2026-06-04', NULL, 'cn', '2026-06-14 17:00+00', 10), 'missed',
  'callback_state: the day is the calendar''s (17:00 UTC is 06-15 in Shanghai)');

-- inlined: settle_cases() asks the rule of every closed rectification of
-- its candidates on every run (until 2026-12-07 a body in quotes with SET
-- search_path, which no planner inlines: a function call and a search_path
-- set and reset per row, about 25 times the cost of the expression)
SELECT is((SELECT p.proconfig IS NULL AND p.prosqlbody IS NOT NULL FROM pg_proc p
            WHERE p.oid = to_regprocedure('service_affair.callback_state(date,timestamptz,text,timestamptz,integer)')), true,
  'callback_state() is a SQL function of the standard body without SET (the planner inlines it)');
CREATE FUNCTION pg_temp.plan_of(q text) RETURNS SETOF text LANGUAGE plpgsql AS $f$
BEGIN
    RETURN QUERY EXECUTE 'EXPLAIN (VERBOSE, COSTS OFF) ' || q;
END
$f$;
-- the candidates' condition of settle_cases() (src/settle.c), as it spells it
CREATE TEMP TABLE cand_plan AS
SELECT line FROM pg_temp.plan_of($q$
  SELECT c.id FROM service_affair.cases c
   WHERE NOT EXISTS (SELECT FROM service_affair.rating r JOIN service_affair.rectification f
                         ON f.rating_id = r.id AND NOT f.settled
                        AND (f.closed_at IS NULL
                             OR service_affair.callback_state(f.callback_due, f.called_back_at, c.calendar, now(), 90) = 'owed')
                      WHERE r.case_id = c.id AND NOT r.settled AND NOT r.appealed)$q$) line;
SELECT is((SELECT count(*) FROM cand_plan WHERE line ~ 'callback_state\('), 0::bigint,
  'the candidates'' plan calls no callback_state(): the rule is inlined');
-- (since 2026-12-07 within the dates' range, followup_quiet_range.sql: the
-- days from callback_due to the local day of a finite at, compared with
-- quiet_days, which it reads once)
SELECT is((SELECT count(*) FROM cand_plan WHERE line ~ 'THEN \(\((service_affair\.)?local_day\(now\(\), c\w*\.calendar\) - f\w*\.callback_due\)\)::bigint .* END > 90\)'), 1::bigint,
  '... its expression, local_day(at, calendar) - callback_due > quiet_days (within the dates'' range), is there in its place');

-- within the period: the call-back is owed and keeps k1 open
SELECT is(settle_cases('2026-06-14 12:00+08'), 1, 'on 06-14 only k3 settles: k1''s call-back is still owed, k2''s rectification open');
SELECT results_eq(format('SELECT c.id, c.settled FROM cases c WHERE c.id IN (%s, %s, %s) ORDER BY c.id', :k1, :k2, :k3),
  format('VALUES (%s::bigint, false), (%s, false), (%s, true)', :k1, :k2, :k3), 'k1 and k2 open, k3 settled');

-- a call-back dated after the period is refused, and said why
SELECT throws_ok(format('SELECT record_callback(%s, ''2026-06-15 09:00+08'')', :r1), '55000',
  format('the call-back of rating %s was missed', :r1),
  'record_callback() more than settle.quiet_days after callback_due: 55000');
SELECT matches(pg_temp.detail_of(format('SELECT record_callback(%s, ''2026-06-15 09:00+08'')', :r1)),
  '^The call-back of rating [0-9]+ was due on 2026-06-04; on 2026-06-15 it is more than settle.quiet_days \(10\) days overdue and counts as missed',
  'the detail names the due day, the day of the call-back and settle.quiet_days');
SELECT is((SELECT f.called_back_at FROM rectification f WHERE f.rating_id = :r1), NULL, 'nothing was recorded');

-- after the period: k1 settles without its call-back (until 2026-12-07 it
-- never did), k2 stays: its rectification is open
SELECT is(settle_cases('2026-06-15 00:30+08'), 1, 'on 06-15 k1 settles: its call-back is missed');
SELECT results_eq(format('SELECT c.id, c.settled FROM cases c WHERE c.id IN (%s, %s) ORDER BY c.id', :k1, :k2),
  format('VALUES (%s::bigint, true), (%s, false)', :k1, :k2), 'k1 settled, k2 open (its rectification open)');
SELECT results_eq(format('SELECT f.settled, f.called_back_at IS NULL, f.closed_at IS NOT NULL FROM rectification f WHERE f.rating_id = %s', :r1),
  $$VALUES (true, true, true)$$, 'k1''s rectification is in the history, closed, its call-back not made');
SELECT throws_ok(format('SELECT record_callback(%s, ''2026-06-15 09:00+08'')', :r1), '55000', NULL,
  'record_callback() after the case settled: 55000');

-- what reviewers and analysts read: the miss is a call-back not made
SELECT results_eq(
  format('SELECT x.case_id, x.rectification_status, x.called_back, x.callback_missed FROM case_followups x
            WHERE x.case_id IN (%s, %s, %s) ORDER BY x.case_id', :k1, :k2, :k3),
  format($$VALUES (%s::bigint, 'closed', false, true), (%s, 'open', false, true), (%s, 'closed', true, false)$$, :k1, :k2, :k3),
  'case_followups: the missed call-backs are not called back, and told missed');

-- k2: the open rectification is closed late; its call-back is missed too,
-- so nothing more is owed and the case settles at the next run
SELECT throws_ok(format('SELECT record_callback(%s, ''2026-06-20 09:00+08'')', :r2), '55000', NULL,
  'k2''s call-back, missed as well, is refused');
SELECT lives_ok(format('SELECT close_rectification(%s, ''fixed late'', ''2026-06-20 10:00+08'')', :r2),
  'a late close is still recorded');
SELECT is(settle_cases('2026-07-01 10:00+08'), 1, 'closed, its call-back missed, k2 settles once quiet');

-- a later, longer settle.quiet_days makes an unsettled miss owed again:
-- the rule is asked of the setting in force (doc/ratings.md)
SELECT results_eq($$SELECT settle_quiet_days(NULL), settle_quiet_days('10'), settle_quiet_days((SELECT value FROM setting WHERE name = 'settle.quiet_days'))$$,
  $$VALUES (90, 10, 10)$$, 'settle_quiet_days(): the default without the row, else its value');
SELECT throws_ok($$SELECT settle_quiet_days('1e3')$$, '22P02', NULL, 'settle_quiet_days(): not a whole number of days, 22P02');
SELECT throws_ok($$SELECT settle_quiet_days('36501')$$, '22023', NULL, 'settle_quiet_days(): beyond 36500 days, 22023 as settling says');

-- k4, open (its rectification neither closed nor lapsed when the runs
-- above came): under settle.quiet_days 10 its call-back is missed now
SELECT is((SELECT x.callback_missed FROM case_followups x WHERE x.case_id = :k4), true,
  'k4 (case open): its call-back is missed under settle.quiet_days 10');
SELECT throws_ok(format('SELECT record_callback(%s, ''2026-07-02 09:00+08'')', :r4), '55000', NULL,
  'k4: record_callback() refused under settle.quiet_days 10 (missed)');

-- a settled case's call-back not made stays missed, whatever the period
-- now: its rating is in the history and record_callback() refuses it
-- (until 2026-12-07 case_followups asked the period again and showed it
-- neither called back nor missed, as if still owed)
UPDATE setting SET value = '36500' WHERE name = 'settle.quiet_days';
SELECT results_eq(
  format('SELECT x.case_id, x.called_back, x.callback_missed FROM case_followups x WHERE x.case_id IN (%s, %s) ORDER BY x.case_id', :k1, :k2),
  format('VALUES (%s::bigint, false, true), (%s, false, true)', :k1, :k2),
  'case_followups: a call-back its case settled without stays missed after settle.quiet_days grows');

-- the period is the setting in force when asked (doc/ratings.md, "Missed
-- call-backs", a decision of 2026-12-07): nothing is recorded when a
-- call-back is missed or a rectification lapses, only settling makes it
-- final; a longer period makes the miss and the lapse of a case not yet
-- settled owed and open again (the call-back and the close are then late:
-- after callback_due and fix_due, never on time)
SELECT is((SELECT x.callback_missed FROM case_followups x WHERE x.case_id = :k4), false,
  'k4 (case open): after settle.quiet_days grows its call-back is owed again');
SELECT lives_ok(format('SELECT record_callback(%s, ''2026-07-02 09:00+08'')', :r4),
  'k4: record_callback() accepted again (late)');
SELECT lives_ok(format('SELECT close_rectification(%s, ''fixed late'', ''2026-07-20 09:00+08'')', :r4),
  'k4: close_rectification() accepted again more than 10 days after fix_due (late, not on time)');

-- in an application's session the miss and the lapse are judged not before
-- now: a call-back or close written today, dated back into the period (or
-- before the fix due), is refused as missed or lapsed now (until
-- 2026-12-07, a hostile review, a reviewer recorded both months later
-- dated the day after the due, and case_followups told a call-back made
-- and a rectification closed on time where it had told both missed and
-- lapsed, as long as settle_cases() had not yet run).  The dates of this
-- file lie months before any run of it; a superuser's session takes at as
-- it is (above)
UPDATE setting SET value = '10' WHERE name = 'settle.quiet_days';
SELECT create_roles();
CREATE ROLE scm_reviewer LOGIN IN ROLE service_affair_reviewer;
INSERT INTO staff (login, department) VALUES ('scm_reviewer', 'RT_MKT');
SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-06-01 10:20+08') AS k5 \gset
SELECT complete_task(t.id, 'approved', '2026-06-02 10:00+08') FROM task t WHERE t.case_id = :k5;
SELECT deliver(:k5, 'window', '2026-06-03 10:00+08');
SELECT rate(:k5, 1, 'window', 'backdated', '2026-06-03 11:00+08') AS r5 \gset
SET SESSION AUTHORIZATION scm_reviewer;
SELECT throws_ok(format('SELECT service_affair.record_callback(%s, ''2026-06-04 10:00+08'')', :r5), '55000',
  format('the call-back of rating %s was missed', :r5),
  'an application''s session: a call-back missed now, dated back into the period, is refused (was: recorded)');
SELECT throws_ok(format('SELECT service_affair.close_rectification(%s, ''fixed'', ''2026-06-04 11:00+08'')', :r5), '55000',
  format('the rectification of rating %s lapsed', :r5),
  '... and a close of a rectification lapsed now, dated before its fix due (was: closed on time)');
RESET SESSION AUTHORIZATION;
SELECT results_eq(format('SELECT x.called_back, x.callback_missed, x.rectification_status, x.fix_lapsed FROM case_followups x WHERE x.rating_id = %s', :r5),
  $$VALUES (false, true, 'open', true)$$,
  '... nothing recorded: case_followups still tells the call-back missed and the rectification lapsed');

SELECT * FROM finish();
ROLLBACK;
