-- The rating rules have one home (src/core/rating.[ch], issue 10): the CHECKs
-- of rating and rate() call the C functions; nothing spells a level range,
-- the channel list or the day arithmetic of a rectification again.  Plus the
-- regression of an infinite rating time (accepted by 0.1.0 for good ratings)
-- and the hardening of the settings trigger.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(29);
\ir rate_fixture.inc

\ir error_detail.inc
CREATE TEMP TABLE k AS SELECT
  pg_temp.mk_case('ra_p', '2026-09-29 09:00+08', '2026-09-29 09:00+08', '2026-09-30 09:00+08') AS c1,
  pg_temp.mk_case('ra_p', '2026-09-29 09:00+08', '2026-09-29 09:00+08', '2026-09-30 09:00+08') AS c2,
  pg_temp.mk_case('rb_u', '2026-09-29 09:00+08', '2026-09-29 09:00+08', '2026-09-30 09:00+08') AS c3;

-- one home
SELECT is((SELECT string_agg(pg_get_constraintdef(oid), ' ; ' ORDER BY conname) FROM pg_constraint
            WHERE conrelid = 'service_affair.rating'::regclass AND conname IN ('rating_channel_check', 'rating_level_check')),
          'CHECK (rating_channel_valid(channel)) ; CHECK (rating_level_valid(level))',
          'the CHECKs of rating call the C rules');
SELECT unalike(prosrc, '%BETWEEN 1 AND 5%', 'rate() does not spell the level range') FROM pg_proc WHERE oid = 'service_affair.rate(bigint,integer,text,text,timestamptz,text)'::regprocedure;
SELECT unalike(prosrc, '%''kiosk''%', 'rate() does not spell the channel list') FROM pg_proc WHERE oid = 'service_affair.rate(bigint,integer,text,text,timestamptz,text)'::regprocedure;
SELECT unalike(prosrc, '%add_workdays%', 'rate() does not compute the due dates itself') FROM pg_proc WHERE oid = 'service_affair.rate(bigint,integer,text,text,timestamptz,text)'::regprocedure;
SELECT results_eq($$ SELECT l, rating_level_valid(l), rating_is_bad(l) FROM generate_series(0, 6) l ORDER BY l $$,
                  $$ VALUES (0, false, false), (1, true, true), (2, true, true), (3, true, false),
                            (4, true, false), (5, true, false), (6, false, false) $$,
                  'levels: valid 1..5, bad 1..2');
SELECT is(array_agg(c ORDER BY c) FILTER (WHERE rating_channel_valid(c)),
          ARRAY['kiosk', 'mobile', 'online', 'phone', 'sms', 'window'],
          'channels: the six, nothing else')
  FROM unnest(ARRAY['window', 'online', 'mobile', 'kiosk', 'sms', 'phone', 'door', 'Online', '', 'fax']) c;
SELECT throws_ok($$ INSERT INTO rating (case_id, level, channel, at, rater)
                    SELECT c1, 7, 'online', now(), (SELECT min(id) FROM applicant) FROM k $$,
                 '23514', NULL, 'the table refuses level 7 through the same rule');

-- the windows: the same dates as add_workdays over the local day
SELECT is((SELECT (w.callback_due, w.fix_due)::text FROM rectification_windows('2026-09-30 10:00+08', 'cn', 1, 15) w),
          (add_workdays('2026-09-30', 1), add_workdays('2026-09-30', 15))::text,
          'rectification_windows: 1 and 15 working days after the local day (across the October holiday)');
SELECT is((SELECT (w.callback_due, w.fix_due)::text FROM rectification_windows('2026-09-30 20:00-04', 'rate_utc', 0, 5) w),
          (date '2026-10-01', add_workdays('2026-10-01', 5, 'rate_utc'))::text,
          'the local day is that of the calendar''s zone');
SELECT is((SELECT (w.callback_due, w.fix_due)::text FROM rectification_windows('2026-09-30 10:00+08', 'cn', NULL, NULL) w),
          (SELECT (w.callback_due, w.fix_due)::text FROM rectification_windows('2026-09-30 10:00+08', 'cn', 1, 15) w),
          'a NULL count (a deleted setting) is the default of the rule, 1 and 15');
SELECT throws_ok($$ SELECT rectification_windows(now(), 'cn', 1, 366) $$, '22023', 'invalid rectification day count',
                 'a day count over 365: 22023');
SELECT throws_ok($$ SELECT rectification_windows('infinity', 'cn', 1, 15) $$, '22008', NULL,
                 'an infinite time: 22008');

-- rate() goes through them
CREATE TEMP TABLE r AS SELECT rate(c1, 1, 'phone', NULL, '2026-09-30 10:00+08') AS bad FROM k;
SELECT is((SELECT (callback_due, fix_due)::text FROM rectification WHERE rating_id = (SELECT bad FROM r)),
          (SELECT (w.callback_due, w.fix_due)::text FROM rectification_windows('2026-09-30 10:00+08', 'cn', 1, 15) w),
          'rate() opens the rectification with the windows of the rule');
SELECT throws_ok(format('SELECT rate(%s, 5, ''online'', NULL, ''infinity'')', c2), '22023', 'at must be finite',
                 'a rating at infinity: 22023, like every API verb (0.1.0 stored it)') FROM k;
SELECT throws_ok(format('SELECT rate(%s, 5, ''online'', NULL, ''294000-01-01 00:00+00'')', c2), '22023', 'at is too late',
                 'a rating in the year 294000: 22023 (recorded times end with the year 8999)') FROM k;
-- a bad rating's dues are days after it: refused up front, before they are
-- computed (a superuser's session may date a rating ahead; 22008 date out of
-- range would be the rectification's)
SELECT throws_ok(format('SELECT rate(%s, 1, ''online'', NULL, ''294000-01-01 00:00+00'')', c2), '22023', 'at is too late',
                 'a bad rating in the year 294000: 22023, not the 22008 of its dues') FROM k;
SELECT throws_ok(format('SELECT rate(%s, 1, ''online'', NULL, ''9000-01-01 00:00+00'')', c2), '22023', 'at is too late',
                 'a bad rating at 9000-01-01 00:00 UTC: 22023') FROM k;
SELECT ok((SELECT pg_temp.detail_of(format('SELECT service_affair.rate(%s, 1, ''online'', NULL, ''294000-01-01 00:00+00'')', c2)) FROM k)
          LIKE '%9000-01-01 00:00 UTC%', 'its detail names the bound');
SELECT rate(c3, 1, 'online', NULL, '8999-12-31 23:59+00') AS last_bad FROM k \gset
SELECT is((SELECT (w.callback_due, w.fix_due)::text FROM rectification w WHERE w.rating_id = :last_bad),
          '(9000-01-01,9000-01-21)', 'a bad rating in the last minute of 8999 (UTC): its dues in 9000');
SELECT throws_ok(format('SELECT rate(%s, 5, ''online'', NULL, NULL)', c2), '22023', 'at must not be null',
                 'a rating at NULL: 22023') FROM k;
SELECT throws_ok(format('SELECT rate(%s, 5, %L)', c2, repeat('x', 100000)), '22023', 'invalid rating channel',
                 'a channel of 100,000 characters: 22023') FROM k;
SELECT cmp_ok((SELECT length(d) FROM (SELECT pg_temp.detail_of(format('SELECT service_affair.rating_check(5, %L, now())', repeat('x', 100000)))) x(d)),
              '<', 200, 'and its detail does not echo it whole');
SELECT is((SELECT count(*) FROM rating WHERE case_id = (SELECT c2 FROM k)), 0::bigint, 'the refused ratings left nothing');

-- the follow-ups of a rating refuse infinite times too (0.1.0 stored them)
SELECT throws_ok(format('SELECT record_callback(%s, ''infinity'')', bad), '22023', 'at must be a finite time',
                 'record_callback at infinity: 22023') FROM r;
SELECT throws_ok(format('SELECT appeal_rating(%s, ''mistaken'', ''infinity'')', bad), '22023', 'at must be a finite time',
                 'appeal_rating at infinity: 22023') FROM r;
SELECT throws_ok(format('SELECT record_callback(%s, ''9000-01-01 00:00+00'')', bad), '22023', 'at is too late',
                 'record_callback at 9000-01-01 00:00 UTC: 22023') FROM r;
SELECT throws_ok(format('SELECT appeal_rating(%s, ''mistaken'', ''294000-01-01 00:00+00'')', bad), '22023', 'at is too late',
                 'appeal_rating in the year 294000: 22023') FROM r;
SELECT throws_ok(format('SELECT close_rectification(%s, ''fixed'', ''294000-01-01 00:00+00'')', bad), '22023', 'at is too late',
                 'close_rectification in the year 294000: 22023') FROM r;
SELECT is((SELECT (x.called_back_at, x.closed_at)::text FROM rectification x WHERE x.rating_id = (SELECT bad FROM r)),
          '(,)', 'and the rectification is untouched');

SELECT * FROM finish();
ROLLBACK;
