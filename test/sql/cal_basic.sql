-- Working-day calendars: hand-checked dates of the shipped 'cn' calendar,
-- the contract's edge cases and the errors with their SQLSTATEs.
SET search_path = service_affair, public;
SET DateStyle = ISO;

-- The shipped calendar.
SELECT name, weekmask, timezone, covered_until FROM calendar ORDER BY name;
SELECT count(*) AS days, count(*) FILTER (WHERE is_workday) AS workdays,
       min(day), max(day) FROM calendar_day WHERE calendar = 'cn';

-- 2026 Spring Festival: off Mon Feb 16 .. Mon Feb 23 (Feb 21-22 a weekend);
-- Saturdays Feb 14 and Feb 28 are make-up working days.
SELECT d::date AS day, to_char(d, 'Dy') AS dow, is_workday(d::date)
  FROM generate_series(date '2026-02-13', date '2026-03-01', interval '1 day') d;
SELECT add_workdays('2026-02-13', 1)  AS "13+1",    -- Sat 14 works
       add_workdays('2026-02-13', 2)  AS "13+2",    -- then Tue 24
       add_workdays('2026-02-14', 0)  AS "14+0",    -- a working day: itself
       add_workdays('2026-02-15', 0)  AS "15+0",    -- Sunday: the next working day
       add_workdays('2026-02-16', 0)  AS "16+0",
       add_workdays('2026-02-24', -1) AS "24-1",    -- last working day before: Sat 14
       add_workdays('2026-02-16', -1) AS "16-1";
SELECT workdays_between('2026-02-13', '2026-02-28') AS fwd,
       workdays_between('2026-02-28', '2026-02-13') AS back,
       workdays_between('2026-02-14', '2026-02-14') AS same;

-- National Day 2025: off Wed Oct 1 .. Wed Oct 8; Sun Sep 28 and Sat Oct 11 work.
SELECT add_workdays('2025-09-26', 1) AS "Sep26+1",
       add_workdays('2025-09-30', 1) AS "Sep30+1",
       add_workdays('2025-09-30', 3) AS "Sep30+3",
       add_workdays('2025-10-09', -1) AS "Oct9-1",
       workdays_between('2025-09-26', '2025-10-12') AS "Sep26..Oct12";

-- Year end 2025: New Year Jan 1-2 off, Sunday Jan 4 works.
SELECT add_workdays('2025-12-31', 1), add_workdays('2025-12-31', 2),
       add_workdays('2026-01-04', -1);

-- The default legal limit: 20 working days from acceptance on 2025-09-25.
SELECT add_workdays('2025-09-25', 20) AS due;

-- Beyond the published years the weekmask alone decides.
SELECT add_workdays('2027-12-31', 1) AS fri_to_mon, is_workday('2027-10-01') AS oct1_2027;
SELECT add_workdays('1999-12-31', 1), workdays_between('1899-12-31', '1900-01-31');

-- local_day: day boundaries at midnight Asia/Shanghai (UTC+8).
SELECT local_day('2026-01-01 15:59:59+00') AS before_midnight,
       local_day('2026-01-01 16:00:00+00') AS after_midnight,
       local_day('2026-01-01 00:30:00-08') AS pst;

-- Another calendar: Sunday..Thursday working week, UTC day boundaries.
INSERT INTO calendar (name, weekmask, timezone) VALUES ('sun-thu', '1111001', 'UTC');
INSERT INTO calendar_day VALUES ('sun-thu', '2026-03-04', false, 'test day off');
SELECT add_workdays('2026-03-05', 1, 'sun-thu') AS thu_plus1,
       add_workdays('2026-03-03', 1, 'sun-thu') AS tue_plus1,
       workdays_between('2026-03-01', '2026-03-08', 'sun-thu') AS week,
       local_day('2026-01-01 16:00:00+00', 'sun-thu') AS utc_day;
-- an edit is seen by the next statement
UPDATE calendar_day SET is_workday = true WHERE calendar = 'sun-thu';
SELECT add_workdays('2026-03-03', 1, 'sun-thu') AS tue_plus1;
UPDATE calendar SET weekmask = '1111111' WHERE name = 'sun-thu';
SELECT add_workdays('2026-03-05', 1, 'sun-thu') AS every_day;
UPDATE calendar SET name = 'renamed' WHERE name = 'sun-thu';
SELECT is_workday('2026-03-04', 'renamed');
SELECT is_workday('2026-03-04', 'sun-thu');
DELETE FROM calendar WHERE name = 'renamed';
SELECT count(*) FROM calendar_day WHERE calendar IN ('sun-thu', 'renamed');

-- Errors: SQLSTATE, message and detail.
CREATE FUNCTION pg_temp.err(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE d text;
BEGIN
    EXECUTE q;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS d = PG_EXCEPTION_DETAIL;
    RETURN SQLSTATE || ': ' || SQLERRM || coalesce(' / ' || nullif(d, ''), '');
END $$;
SELECT q, pg_temp.err(q) FROM unnest(ARRAY[
    $q$SELECT add_workdays('2026-01-01', 1, 'nowhere')$q$,
    $q$SELECT is_workday('2026-01-01', '')$q$,
    $q$SELECT workdays_between('2026-01-01', '2026-01-02', 'CN')$q$,
    $q$SELECT local_day(now(), 'nowhere')$q$,
    $q$SELECT add_workdays('infinity', 1)$q$,
    $q$SELECT workdays_between('-infinity', '2026-01-01')$q$,
    $q$SELECT workdays_between('2026-01-01', 'infinity')$q$,
    $q$SELECT is_workday('infinity')$q$,
    $q$SELECT local_day('infinity')$q$,
    $q$SELECT add_workdays('5874897-12-30', 5)$q$,
    $q$SELECT add_workdays('4714-11-25 BC', -5)$q$,
    $q$SELECT add_workdays('2026-01-01', 2147483647)$q$,
    $q$SELECT add_workdays('2026-01-01', -2147483648)$q$,
    $q$INSERT INTO calendar (name, weekmask) VALUES ('x', '0000000')$q$,
    $q$INSERT INTO calendar (name, weekmask) VALUES ('x', '111110')$q$,
    $q$INSERT INTO calendar (name, weekmask) VALUES ('x', NULL)$q$,
    $q$INSERT INTO calendar (name, timezone) VALUES ('x', 'Mars/Olympus')$q$,
    $q$INSERT INTO calendar (name, covered_until) VALUES ('x', 'infinity')$q$,
    $q$INSERT INTO calendar (name) VALUES ('')$q$,
    $q$INSERT INTO calendar (name) VALUES ('dup'), ('dup')$q$,
    $q$INSERT INTO calendar_day VALUES ('nowhere', '2026-01-01', false)$q$,
    $q$INSERT INTO calendar_day VALUES ('cn', '1899-12-31', false)$q$,
    $q$INSERT INTO calendar_day VALUES ('cn', '2200-01-01', false)$q$,
    $q$INSERT INTO calendar_day VALUES ('cn', '2030-01-01', false), ('cn', '2030-01-01', true)$q$,
    $q$INSERT INTO calendar_day VALUES ('cn', '2026-01-05', NULL)$q$
]) q;
-- Large counts that stay inside the date range.
SELECT add_workdays('2026-01-01', 1000000000) AS far_future,
       add_workdays('2026-01-01', -1000000) AS far_past,
       workdays_between('4714-11-24 BC', '5874897-12-31') AS whole_range;
-- The calendar tables behave as plain tables: an INSERT meeting a shipped
-- row fails with 23505, ON CONFLICT DO NOTHING does nothing (defect 8 of
-- 0.1.0: it overwrote the official day), ON CONFLICT DO UPDATE and UPDATE
-- change it; a changed shipped row is recorded for pg_dump.
BEGIN;
SELECT pg_temp.err($q$INSERT INTO calendar_day VALUES ('cn', '2026-01-01', true, 'corrected')$q$);
INSERT INTO calendar_day VALUES ('cn', '2026-01-01', true, 'corrected') ON CONFLICT DO NOTHING;
SELECT * FROM calendar_day WHERE calendar = 'cn' AND day = '2026-01-01';
INSERT INTO calendar_day VALUES ('cn', '2026-01-01', true, 'corrected')
    ON CONFLICT (calendar, day) DO UPDATE SET is_workday = excluded.is_workday, note = excluded.note;
SELECT * FROM calendar_day WHERE calendar = 'cn' AND day = '2026-01-01';
SELECT is_workday('2026-01-01') AS seen_in_transaction;
SELECT * FROM calendar_day_shipped_edit;
SELECT pg_temp.err($q$INSERT INTO calendar (name, covered_until) VALUES ('cn', '2027-12-31')$q$);
UPDATE calendar SET covered_until = '2027-12-31' WHERE name = 'cn';
SELECT name, weekmask, timezone, covered_until FROM calendar WHERE name = 'cn';
SELECT * FROM calendar_shipped_edit;
SELECT count(*) FROM calendar_day WHERE calendar = 'cn';
ROLLBACK;
SELECT is_workday('2026-01-01') AS after_rollback, add_workdays('2025-12-31', 1) AS after_rollback;
SELECT calendar_is_shipped(name) FROM calendar WHERE name = 'cn';
SELECT count(*) FILTER (WHERE calendar_day_is_shipped(calendar, day)) AS shipped,
       count(*) AS all
  FROM calendar_day;

SELECT is_valid_timezone('Asia/Shanghai'), is_valid_timezone('UTC'),
       is_valid_timezone('Mars/Olympus'), is_valid_timezone('');
-- POSIX zones: accepted within 15 hours of UTC (PostgreSQL reads up to 167)
SELECT is_valid_timezone('XXX-167') AS "XXX-167", is_valid_timezone('XXX-16') AS "XXX-16",
       is_valid_timezone('XXX-14') AS "XXX-14", is_valid_timezone('AAA5BBB-20,M3.2.0,M11.1.0') AS dst_20h,
       is_valid_timezone('EST5EDT') AS "EST5EDT";

-- Provisional: after covered_until (2026-12-31 for 'cn'); never when it is NULL.
SELECT is_provisional('2026-12-31') AS dec31, is_provisional('2027-01-01') AS jan1,
       add_workdays('2026-12-20', 10) AS due, is_provisional(add_workdays('2026-12-20', 10)) AS due_provisional;
INSERT INTO calendar (name) VALUES ('open');
SELECT is_provisional('5874897-12-31', 'open') AS never;
DELETE FROM calendar WHERE name = 'open';
SELECT pg_temp.err($q$SELECT is_provisional('2027-01-01', 'nowhere')$q$),
       pg_temp.err($q$SELECT is_provisional('infinity')$q$);

-- NULL in, NULL out.
SELECT add_workdays(NULL, 1) IS NULL, add_workdays('2026-01-01', NULL) IS NULL,
       add_workdays('2026-01-01', 1, NULL) IS NULL, is_workday(NULL) IS NULL,
       workdays_between(NULL, '2026-01-01') IS NULL, local_day(NULL) IS NULL,
       is_provisional(NULL) IS NULL;

-- The declared properties.
SELECT p.proname, pg_get_function_identity_arguments(p.oid) AS args,
       p.provolatile, p.proisstrict, p.proparallel, p.proconfig
  FROM pg_proc p
 WHERE p.pronamespace = 'service_affair'::regnamespace
   AND p.proname IN ('is_workday', 'add_workdays', 'workdays_between', 'local_day', 'is_provisional')
 ORDER BY 1;
