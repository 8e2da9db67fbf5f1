-- The working-day calendar 'cn' for the current year: per month, how many
-- days are worked, which weekdays are statutory days off and which weekend
-- days are make-up working days (调休).
\pset footer off
\echo
\echo '=== Working-day calendar "cn", current year ==='
SET search_path = service_affair, public;
WITH y AS (
    SELECT pg_catalog.date_trunc('year', service_affair.local_day(pg_catalog.now()))::date AS first
), d AS (
    SELECT g::date AS day FROM y, pg_catalog.generate_series(y.first, y.first + interval '1 year' - interval '1 day', interval '1 day') g
)
SELECT pg_catalog.to_char(pg_catalog.date_trunc('month', d.day), 'YYYY-MM')               AS month,
       pg_catalog.count(*) FILTER (WHERE service_affair.is_workday(d.day))                 AS workdays,
       pg_catalog.string_agg(pg_catalog.to_char(d.day, 'DD') || ' ' || cd.note, ', ' ORDER BY d.day)
           FILTER (WHERE cd.is_workday IS FALSE)                                          AS "statutory days off (休)",
       pg_catalog.string_agg(pg_catalog.to_char(d.day, 'DD Dy') || ' ' || cd.note, ', ' ORDER BY d.day)
           FILTER (WHERE cd.is_workday)                                                   AS "make-up working days (班)"
  FROM d
  LEFT JOIN service_affair.calendar_day cd ON cd.calendar = 'cn' AND cd.day = d.day
 GROUP BY 1 ORDER BY 1;

\echo
\echo '=== Deadlines: a 20-working-day limit accepted on each of these days ==='
SELECT a.accepted                                          AS "accepted on",
       pg_catalog.to_char(a.accepted, 'Dy')                AS dow,
       service_affair.add_workdays(a.accepted, 20)         AS "due (20 working days)",
       service_affair.add_workdays(a.accepted, 20) - a.accepted AS "calendar days",
       service_affair.add_workdays(a.accepted, 20) > c.covered_until AS provisional
  FROM (VALUES (date '2026-01-30'), (date '2026-02-13'), (date '2026-09-25'),
               (date '2026-12-18'), (service_affair.local_day(pg_catalog.now()))) AS a(accepted),
       service_affair.calendar c
 WHERE c.name = 'cn'
 ORDER BY 1;
