-- Working-day arithmetic against an independent computation in SQL: a walk
-- over every day 2019-2028 built from the calendar tables, and random
-- (start, n) pairs (setseed: the same pairs every run).
SET search_path = service_affair, public;
BEGIN;
SELECT plan(34);

SELECT setseed(0.2026);

-- The reference: every day of a calendar with whether it works and its
-- ordinal among working days, from the tables only.
CREATE TEMP TABLE ref_day AS
SELECT c.name AS cal, g.d::date AS day,
       coalesce(cd.is_workday, substr(c.weekmask, extract(isodow FROM g.d)::int, 1) = '1') AS work
  FROM service_affair.calendar c
 CROSS JOIN generate_series(date '2019-01-01', date '2028-12-31', interval '1 day') g(d)
  LEFT JOIN service_affair.calendar_day cd ON cd.calendar = c.name AND cd.day = g.d::date;

CREATE FUNCTION pg_temp.ref_add(s date, n integer, c text) RETURNS date LANGUAGE sql STABLE AS $$
    SELECT CASE
        WHEN n > 0 THEN (SELECT r.day FROM ref_day r WHERE r.cal = c AND r.work AND r.day > s
                          ORDER BY r.day OFFSET n - 1 LIMIT 1)
        WHEN n = 0 THEN (SELECT r.day FROM ref_day r WHERE r.cal = c AND r.work AND r.day >= s
                          ORDER BY r.day LIMIT 1)
        ELSE (SELECT r.day FROM ref_day r WHERE r.cal = c AND r.work AND r.day < s
               ORDER BY r.day DESC OFFSET -n - 1 LIMIT 1)
    END
$$;
CREATE FUNCTION pg_temp.ref_between(f date, t date, c text) RETURNS integer LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN t >= f
        THEN (SELECT count(*)::int FROM ref_day r WHERE r.cal = c AND r.work AND r.day > f AND r.day <= t)
        ELSE -(SELECT count(*)::int FROM ref_day r WHERE r.cal = c AND r.work AND r.day > t AND r.day <= f)
    END
$$;
CREATE INDEX ON ref_day (cal, day);

-- 3000 random pairs in 2020-2027, n in -40..40.
CREATE TEMP TABLE pairs AS
SELECT date '2020-01-01' + floor(random() * 2922)::int AS s,
       floor(random() * 81)::int - 40 AS n,
       date '2020-01-01' + floor(random() * 2922)::int AS e
  FROM generate_series(1, 3000);

SELECT is((SELECT count(*) FROM pairs), 3000::bigint, '3000 random pairs');
SELECT is_empty($$
    SELECT s, n, add_workdays(s, n), pg_temp.ref_add(s, n, 'cn') FROM pairs
     WHERE add_workdays(s, n) IS DISTINCT FROM pg_temp.ref_add(s, n, 'cn') $$,
    'cn: add_workdays agrees with the day walk on 3000 random (start, n)');
SELECT is_empty($$
    SELECT s, e, workdays_between(s, e), pg_temp.ref_between(s, e, 'cn') FROM pairs
     WHERE workdays_between(s, e) IS DISTINCT FROM pg_temp.ref_between(s, e, 'cn') $$,
    'cn: workdays_between agrees with the day walk on 3000 random pairs');
SELECT is_empty($$
    SELECT r.day FROM ref_day r
     WHERE r.cal = 'cn' AND r.day BETWEEN '2019-06-01' AND '2027-12-31'
       AND is_workday(r.day) IS DISTINCT FROM r.work $$,
    'cn: is_workday agrees with the tables on every day 2019-06 .. 2027');

-- every override row, and the official data's shape
SELECT is_empty($$ SELECT * FROM calendar_day WHERE is_workday(day, calendar) <> is_workday $$,
    'is_workday agrees with every calendar_day row');
SELECT is_empty($$ SELECT * FROM calendar_day WHERE calendar = 'cn' AND NOT is_workday
                     AND extract(isodow FROM day) > 5 $$,
    'cn: every day off in the data is a weekday');
SELECT is_empty($$ SELECT * FROM calendar_day WHERE calendar = 'cn' AND is_workday
                     AND extract(isodow FROM day) <= 5 $$,
    'cn: every make-up working day in the data is a Saturday or Sunday');
SELECT results_eq($$ SELECT extract(year FROM day)::int, count(*)::int FROM calendar_day
                      WHERE calendar = 'cn' AND NOT is_workday GROUP BY 1 ORDER BY 1 $$,
    $$ VALUES (2020, 19), (2021, 18), (2022, 18), (2023, 18), (2024, 19), (2025, 18), (2026, 19) $$,
    'cn: statutory weekdays off per year as in the CSV');

-- the contract's properties over the pairs
SELECT is_empty($$ SELECT s, n FROM pairs WHERE n > 0 AND workdays_between(s, add_workdays(s, n)) <> n $$,
    'n > 0: workdays_between(s, add_workdays(s, n)) = n');
SELECT is_empty($$ SELECT s, n FROM pairs
                    WHERE n < 0 AND workdays_between(s, add_workdays(s, n)) <> n + 1 - CASE WHEN is_workday(s) THEN 1 ELSE 0 END $$,
    'n < 0: workdays_between(s, add_workdays(s, n)) = n + 1 - (1 if s works)');
SELECT is_empty($$ SELECT s, n FROM pairs WHERE n > 0 AND NOT is_workday(add_workdays(s, n)) $$,
    'the result of add_workdays is a working day');
SELECT is_empty($$ SELECT s, n FROM pairs WHERE n > 0 AND add_workdays(s, n) <= s $$,
    'n > 0 moves forward');
SELECT is_empty($$ SELECT s, n FROM pairs WHERE n < 0 AND add_workdays(s, n) >= s $$,
    'n < 0 moves backward');
SELECT is_empty($$ SELECT s FROM pairs WHERE add_workdays(s, 0) <> CASE WHEN is_workday(s) THEN s ELSE add_workdays(s, 1) END $$,
    'n = 0: start when it works, else the next working day');
SELECT is_empty($$ SELECT s FROM pairs WHERE add_workdays(s, -1) <> pg_temp.ref_add(s, -1, 'cn') $$,
    'n = -1: the last working day before start');
SELECT is_empty($$ SELECT s, e FROM pairs WHERE workdays_between(s, e) <> -workdays_between(e, s) $$,
    'workdays_between is antisymmetric');
SELECT is_empty($$ SELECT s, e FROM pairs WHERE workdays_between(s, e) + workdays_between(e, e + 10) <> workdays_between(s, e + 10) $$,
    'workdays_between is additive');

-- The same answers from parallel workers (each reads the calendar itself).
\ir plan_text.inc
\set parq 'SELECT sum(add_workdays(date \'2020-01-01\' + (i * 7919) % 2922, (i % 81) - 40) - date \'2020-01-01\') FROM generate_series(1, 3000) i'
SET LOCAL force_parallel_mode = on;
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SELECT matches(pg_temp.plan_text(:'parq'), 'Gather', 'the query runs in a parallel worker');
:parq \gset par_
RESET force_parallel_mode;
SELECT is(:'par_sum'::bigint,
          (SELECT sum(pg_temp.ref_add(date '2020-01-01' + (i * 7919) % 2922, (i % 81) - 40, 'cn') - date '2020-01-01')
             FROM generate_series(1, 3000) i)::bigint,
          'add_workdays in a parallel worker agrees with the day walk');

-- A second calendar with a different weekmask and random overrides.
INSERT INTO calendar (name, weekmask, timezone) VALUES ('rand', '0111110', 'Europe/Berlin');
INSERT INTO calendar_day (calendar, day, is_workday)
SELECT DISTINCT ON (d) 'rand', d, random() < 0.5
  FROM (SELECT date '2020-01-01' + floor(random() * 2922)::int AS d FROM generate_series(1, 600)) x;
INSERT INTO ref_day
SELECT 'rand', g.d::date,
       coalesce(cd.is_workday, substr('0111110', extract(isodow FROM g.d)::int, 1) = '1')
  FROM generate_series(date '2019-01-01', date '2028-12-31', interval '1 day') g(d)
  LEFT JOIN calendar_day cd ON cd.calendar = 'rand' AND cd.day = g.d::date;
SELECT cmp_ok((SELECT count(*) FROM calendar_day WHERE calendar = 'rand'), '>', 500::bigint,
    'rand: more than 500 random overrides');
SELECT is_empty($$
    SELECT s, n FROM pairs
     WHERE add_workdays(s, n, 'rand') IS DISTINCT FROM pg_temp.ref_add(s, n, 'rand') $$,
    'rand: add_workdays agrees with the day walk');
SELECT is_empty($$
    SELECT s, e FROM pairs
     WHERE workdays_between(s, e, 'rand') IS DISTINCT FROM pg_temp.ref_between(s, e, 'rand') $$,
    'rand: workdays_between agrees with the day walk');
SELECT is_empty($$ SELECT r.day FROM ref_day r WHERE r.cal = 'rand' AND is_workday(r.day, 'rand') <> r.work $$,
    'rand: is_workday agrees on every day 2019-2028');

-- Edits inside the transaction are seen at once by this session.
SELECT is(add_workdays('2027-10-01', 0), date '2027-10-01', 'before: 2027-10-01 (Friday) works by the weekmask');
INSERT INTO calendar_day VALUES ('cn', '2027-10-01', false, '国庆节');
SELECT is(add_workdays('2027-10-01', 0), date '2027-10-04', 'after an INSERT: the holiday is skipped');
SAVEPOINT sp;
UPDATE calendar_day SET is_workday = true WHERE calendar = 'cn' AND day = '2027-10-01';
SELECT is(is_workday('2027-10-01'), true, 'after an UPDATE in a savepoint: it works again');
ROLLBACK TO SAVEPOINT sp;
SELECT is(is_workday('2027-10-01'), false, 'after ROLLBACK TO SAVEPOINT: the UPDATE is forgotten');
DELETE FROM calendar_day WHERE calendar = 'cn' AND day = '2027-10-01';
SELECT is(is_workday('2027-10-01'), true, 'after a DELETE: the weekmask decides again');
UPDATE calendar SET weekmask = '1111110' WHERE name = 'cn';
SELECT is(add_workdays('2027-10-01', 1), date '2027-10-02', 'after a weekmask change: Saturday works');
UPDATE calendar SET weekmask = '1111100' WHERE name = 'cn';
TRUNCATE calendar_day;
SELECT is(is_workday('2026-02-16'), true, 'after TRUNCATE: no overrides left');

-- Contract errors.
SELECT throws_ok($$ SELECT add_workdays('2026-01-01', 1, 'nowhere') $$, '23503', NULL,
    'unknown calendar: 23503');
SELECT throws_ok($$ SELECT workdays_between('2026-01-01', 'infinity') $$, '22008', NULL,
    'infinite date: 22008');
SELECT throws_ok($$ SELECT add_workdays('5874897-12-31', 1) $$, '22008', NULL,
    'result past the date range: 22008');
SELECT throws_ok($$ SELECT local_day('-infinity'::timestamptz) $$, '22008', NULL,
    'infinite timestamp: 22008');

SELECT * FROM finish();
ROLLBACK;
