-- Edge cases of the calendar contract: the ends of the override range,
-- sparse weekmasks, long runs of days off, time zones with daylight saving,
-- the shipped-row helpers and the metadata of the objects.
SET search_path = service_affair, public;
BEGIN;
SELECT plan(32);

-- Overrides at both ends of the allowed range (1900-01-01 .. 2199-12-31).
INSERT INTO calendar (name, weekmask, timezone) VALUES ('edge', '1111100', 'UTC');
INSERT INTO calendar_day VALUES
    ('edge', '1900-01-01', false, 'first allowed day'),   -- a Monday
    ('edge', '2199-12-31', false, 'last allowed day'),    -- a Tuesday
    ('edge', '2199-12-28', true, 'a Saturday that works');
SELECT is(extract(isodow FROM date '1900-01-01')::int, 1, '1900-01-01 is a Monday');
SELECT is(add_workdays('1899-12-29', 1, 'edge'), date '1900-01-02', 'skips the first override');
SELECT is(add_workdays('1900-01-02', -1, 'edge'), date '1899-12-29', 'backwards across the window start');
SELECT is(add_workdays('2199-12-27', 1, 'edge'), date '2199-12-28', 'the Saturday near the window end works');
SELECT is(add_workdays('2199-12-28', 2, 'edge'), date '2200-01-01', 'forward across the window end (Dec 30, Jan 1)');
SELECT is(workdays_between('1899-12-01', '2200-02-01', 'edge'),
          (SELECT count(*)::int FROM generate_series(date '1899-12-02', date '2200-02-01', interval '1 day') g(d)
             LEFT JOIN calendar_day cd ON cd.calendar = 'edge' AND cd.day = g.d::date
            WHERE coalesce(cd.is_workday, extract(isodow FROM g.d) < 6)),
          'workdays_between over the whole window and beyond agrees with a walk');

-- A calendar with one working weekday and a month off.
INSERT INTO calendar (name, weekmask) VALUES ('wed', '0010000');
INSERT INTO calendar_day SELECT 'wed', d, false, 'closed'
  FROM generate_series(date '2026-07-01', date '2026-07-31', interval '1 day') d;
SELECT is(add_workdays('2026-06-30', 1, 'wed'), date '2026-08-05', 'a closed month is skipped');
SELECT is(add_workdays('2026-08-05', -1, 'wed'), date '2026-06-24', 'and skipped backwards');
SELECT is(workdays_between('2026-06-24', '2026-08-05', 'wed'), 1, 'one working day in six weeks');
SELECT is(add_workdays('2026-01-01', 52, 'wed'), date '2027-02-03',
          '52 working Wednesdays after 2026-01-01: the 5 of July do not count');
SELECT is(add_workdays('2026-01-01', 52, 'wed'),
          (SELECT g.d::date FROM generate_series(date '2026-01-02', date '2028-01-01', interval '1 day') g(d)
             LEFT JOIN calendar_day cd ON cd.calendar = 'wed' AND cd.day = g.d::date
            WHERE coalesce(cd.is_workday, extract(isodow FROM g.d) = 3)
            ORDER BY g.d OFFSET 51 LIMIT 1),
          'the same by a walk');

-- n = 0 and n = -1 on working and non-working days of 'cn'.
SELECT is(add_workdays('2025-10-01', 0), date '2025-10-09', 'n = 0 on a holiday: the next working day');
SELECT is(add_workdays('2025-10-09', 0), date '2025-10-09', 'n = 0 on a working day: itself');
SELECT is(add_workdays('2025-10-09', -1), date '2025-09-30', 'n = -1 before a holiday run');
SELECT is(add_workdays('2025-10-05', -1), date '2025-09-30', 'n = -1 from inside a holiday run');
SELECT is(workdays_between('2025-10-01', '2025-10-08'), 0, 'no working day inside National Day');

-- Time zones: local_day follows the calendar's zone, with daylight saving.
INSERT INTO calendar (name, timezone) VALUES ('ny', 'America/New_York');
SELECT is(local_day('2026-03-08 04:59:59+00', 'ny'), date '2026-03-07', '23:59:59 EST is still Mar 7');
SELECT is(local_day('2026-03-08 05:00:00+00', 'ny'), date '2026-03-08', '00:00 EST starts Mar 8');
SELECT is(local_day('2026-07-01 03:59:59+00', 'ny'), date '2026-06-30', '23:59:59 EDT is still Jun 30');
SELECT is(local_day('2026-07-01 04:00:00+00', 'ny'), date '2026-07-01', '00:00 EDT starts Jul 1');
SET LOCAL TimeZone = 'Pacific/Kiritimati';
SELECT is(local_day('2026-01-01 15:59:59+00'), date '2026-01-01', 'the session time zone does not matter');
RESET TimeZone;
UPDATE calendar SET timezone = 'Asia/Tokyo' WHERE name = 'ny';
SELECT is(local_day('2026-03-08 04:59:59+00', 'ny'), date '2026-03-08', 'a changed time zone is used at once');

-- Inside one function: its own edit is seen by its next statement.
CREATE FUNCTION pg_temp.edit_then_use() RETURNS date LANGUAGE plpgsql AS $$
DECLARE before date;
BEGIN
    before := service_affair.add_workdays('2028-03-06', 0);     -- a Monday
    INSERT INTO service_affair.calendar_day VALUES ('cn', '2028-03-06', false, 'test');
    RETURN service_affair.add_workdays('2028-03-06', 0) - (before - date '2028-03-06');
END $$;
SELECT is(pg_temp.edit_then_use(), date '2028-03-07', 'a function sees its own INSERT at its next statement');
DELETE FROM calendar_day WHERE calendar = 'cn' AND day = '2028-03-06';

-- The shipped-row helpers.
SELECT is((SELECT count(*) FROM calendar_shipped_days('cn')), 175::bigint, 'calendar_shipped_days(cn) has 175 rows');
SELECT is((SELECT count(*) FROM calendar_shipped_days('edge')), 0::bigint, 'nothing is shipped for another calendar');
SELECT results_eq($$ SELECT 'cn'::text, day, is_workday, note FROM calendar_shipped_days('cn') ORDER BY day $$,
                  $$ SELECT calendar, day, is_workday, note FROM calendar_day WHERE calendar = 'cn' ORDER BY day $$,
                  'the installed cn days are exactly the shipped ones');
UPDATE calendar_day SET note = 'edited' WHERE calendar = 'cn' AND day = '2020-01-01';
SELECT is(calendar_day_is_shipped('cn', '2020-01-01'), true, 'an edited day is still under a shipped key');
SELECT is(calendar_day_is_shipped('cn', '2020-01-02'), false, 'a day the extension does not ship is not');

-- Metadata: every object of the area documents itself.
SELECT is_empty($$
    SELECT p.proname FROM pg_proc p
     WHERE p.pronamespace = 'service_affair'::regnamespace
       AND p.proname IN ('is_workday', 'add_workdays', 'workdays_between', 'local_day', 'is_provisional',
                         'is_valid_timezone', 'calendar_changed', 'calendar_track_shipped_edit',
                         'calendar_apply_shipped_edit', 'calendar_shipped', 'calendar_shipped_days',
                         'calendar_is_shipped', 'calendar_day_is_shipped')
       AND obj_description(p.oid, 'pg_proc') IS NULL $$,
    'every calendar function has a comment');
SELECT is_empty($$
    SELECT a.attrelid::regclass, a.attname FROM pg_attribute a
     WHERE a.attrelid IN ('service_affair.calendar'::regclass, 'service_affair.calendar_day'::regclass,
                          'service_affair.calendar_shipped_edit'::regclass, 'service_affair.calendar_day_shipped_edit'::regclass)
       AND a.attnum > 0 AND NOT a.attisdropped AND col_description(a.attrelid, a.attnum) IS NULL $$,
    'every column of the calendar tables has a comment');
SELECT is((SELECT count(*) FROM pg_extension e, unnest(e.extconfig) c
            WHERE e.extname = 'service_affair'
              AND c IN ('service_affair.calendar'::regclass, 'service_affair.calendar_day'::regclass,
                        'service_affair.calendar_shipped_edit'::regclass, 'service_affair.calendar_day_shipped_edit'::regclass)),
          4::bigint, 'the calendar tables and their edit records are configuration tables (pg_dump keeps them)');
SELECT is((SELECT count(*) FROM pg_trigger
            WHERE tgname = 'calendar_changed' AND tgenabled = 'A'
              AND tgrelid IN ('service_affair.calendar'::regclass, 'service_affair.calendar_day'::regclass)),
          2::bigint, 'the invalidation trigger fires always, on both tables');

SELECT * FROM finish();
ROLLBACK;
