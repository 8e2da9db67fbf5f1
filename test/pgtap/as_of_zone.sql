-- service_affair.as_of without an offset is an instant of the session's
-- TimeZone, and DateStyle orders its fields: a call site that parsed it
-- (sla_as_of(), the SLA functions, which keep the parse per call site) must
-- parse it again when either changes, as the cast of current_setting() and
-- a new call site do.  Until 2026-12-07 a call site kept the instant it
-- parsed first: in one PL/pgSQL loop that ran SET LOCAL timezone (or
-- datestyle) between its calls, sla_as_of() and sla_workdays_left() went on
-- with the former zone's instant (src/routing.c, rt_as_of_sync).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(6);
CREATE TEMP TABLE zone_reads (i int, got timestamptz, want timestamptz, left_got int, left_want int);
SET LOCAL timezone = 'UTC';
SET LOCAL datestyle = 'ISO, MDY';
-- 2026-09-16 (a Wednesday) 20:00: in UTC the local day in calendar cn
-- (Asia/Shanghai) is Thursday 17th, due that day: 0 working days left; in
-- Asia/Shanghai it is Wednesday 16th: 1 left
-- (each call an assignment: PL/pgSQL keeps a simple expression's state,
-- the call site's memo with it, for the whole transaction; an INSERT's
-- executor starts afresh at each execution)
DO $$
DECLARE
    got timestamptz;
    left_got int;
BEGIN
    SET LOCAL service_affair.as_of = '2026-09-16 20:00';
    FOR i IN 1..3 LOOP
        got := service_affair.sla_as_of();
        left_got := service_affair.sla_workdays_left('2026-09-17', 'cn', NULL);
        INSERT INTO zone_reads
        VALUES (i, got, pg_catalog.current_setting('service_affair.as_of')::timestamptz, left_got,
                service_affair.sla_workdays_left_at('2026-09-17', 'cn', NULL,
                                                    pg_catalog.current_setting('service_affair.as_of')::timestamptz));
        IF i = 1 THEN
            SET LOCAL timezone = 'Asia/Shanghai';
        ELSE
            SET LOCAL timezone = 'UTC';
        END IF;
    END LOOP;
END $$;
SELECT is((SELECT got FROM zone_reads WHERE i = 1), '2026-09-16 20:00+00'::timestamptz,
          'sla_as_of(): an as_of without an offset read in the session''s zone (UTC)');
SELECT is((SELECT count(*) FROM zone_reads WHERE got IS DISTINCT FROM want), 0::bigint,
          'sla_as_of(): the same call site follows SET LOCAL timezone between its calls (Asia/Shanghai, then UTC again)');
SELECT is((SELECT got FROM zone_reads WHERE i = 2), '2026-09-16 20:00+08'::timestamptz,
          'sla_as_of() after SET LOCAL timezone = Asia/Shanghai: 20:00 there');
SELECT is((SELECT array_agg(left_got ORDER BY i) FROM zone_reads), ARRAY[0, 1, 0],
          'sla_workdays_left(): the local day of the same call site follows the zone (Thursday, Wednesday, Thursday)');
SELECT is((SELECT count(*) FROM zone_reads WHERE left_got IS DISTINCT FROM left_want), 0::bigint,
          'sla_workdays_left() equals sla_workdays_left_at() of the instant the cast reads');
TRUNCATE zone_reads;
-- DateStyle: '03/04/2026' is 4 March in MDY, 3 April in DMY
DO $$
DECLARE
    got timestamptz;
BEGIN
    SET LOCAL service_affair.as_of = '03/04/2026 12:00+00';
    FOR i IN 1..2 LOOP
        got := service_affair.sla_as_of();
        INSERT INTO zone_reads (i, got, want)
        VALUES (i, got, pg_catalog.current_setting('service_affair.as_of')::timestamptz);
        SET LOCAL datestyle = 'ISO, DMY';
    END LOOP;
END $$;
SELECT is((SELECT array_agg(got ORDER BY i) FROM zone_reads),
          ARRAY['2026-03-04 12:00+00', '2026-04-03 12:00+00']::timestamptz[],
          'sla_as_of(): the same call site follows SET LOCAL datestyle (MDY, then DMY)');
SELECT * FROM finish();
ROLLBACK;
