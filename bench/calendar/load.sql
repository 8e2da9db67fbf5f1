-- Benchmark of a bulk load into calendar_day (issue 10, defect 12: on 0.1.0
-- a BEFORE INSERT row trigger scanned the table per row; 110k rows did not
-- finish in 12 minutes, so pg_restore of a compact calendar hung).
-- Run by bench/calendar/load.sh in a throwaway cluster.  One INSERT ... SELECT
-- of every day of the allowed range (1900-01-01 .. 2199-12-31: 109,572 rows)
-- for a new calendar, against the same INSERT into plain tables an
-- application would write: (a) a day table with its primary key and a foreign
-- key to a calendar table, (b) the primary key only.  Interleaved rounds, one
-- warm-up round; the tables are emptied (TRUNCATE, committed) before each
-- timed insert; medians and per-round ratios.
\set ON_ERROR_STOP on
SET max_parallel_workers_per_gather = 0;
SET jit = off;
SET client_min_messages = warning;

CREATE TABLE plain_calendar (name text PRIMARY KEY);
CREATE TABLE plain_day_fk (
    calendar   text NOT NULL REFERENCES plain_calendar ON UPDATE CASCADE ON DELETE CASCADE,
    day        date NOT NULL,
    is_workday boolean NOT NULL,
    note       text,
    PRIMARY KEY (calendar, day));
CREATE TABLE plain_day_pk (
    calendar   text NOT NULL,
    day        date NOT NULL,
    is_workday boolean NOT NULL,
    note       text,
    PRIMARY KEY (calendar, day));
CREATE TABLE bench_ms (method text, round integer, ms float8, rows_ bigint);

CREATE PROCEDURE bench_load(runs integer) LANGUAGE plpgsql AS $$
DECLARE
    r integer;
    m text;
    t0 timestamptz;
    n bigint;
    src constant text := $q$ SELECT 'bench', g.d::date, extract(isodow FROM g.d) < 6, NULL::text
                              FROM generate_series(date '1900-01-01', date '2199-12-31', interval '1 day') g(d) $q$;
BEGIN
    FOR r IN 0..runs LOOP
        FOREACH m IN ARRAY ARRAY['extension', 'plain_pk_fk', 'plain_pk'] LOOP
            IF m = 'extension' THEN
                DELETE FROM service_affair.calendar WHERE name = 'bench';
                TRUNCATE service_affair.calendar_day CASCADE;
                INSERT INTO service_affair.calendar_day (calendar, day, is_workday, note)
                    SELECT 'cn', s.day, s.is_workday, s.note FROM service_affair.calendar_shipped_days('cn') s;
                INSERT INTO service_affair.calendar (name, weekmask, timezone) VALUES ('bench', '1111111', 'UTC');
            ELSIF m = 'plain_pk_fk' THEN
                TRUNCATE plain_day_fk, plain_calendar;
                INSERT INTO plain_calendar VALUES ('bench');
            ELSE
                TRUNCATE plain_day_pk;
            END IF;
            COMMIT;
            t0 := clock_timestamp();
            IF m = 'extension' THEN
                EXECUTE 'INSERT INTO service_affair.calendar_day (calendar, day, is_workday, note)' || src;
            ELSIF m = 'plain_pk_fk' THEN
                EXECUTE 'INSERT INTO plain_day_fk (calendar, day, is_workday, note)' || src;
            ELSE
                EXECUTE 'INSERT INTO plain_day_pk (calendar, day, is_workday, note)' || src;
            END IF;
            GET DIAGNOSTICS n = ROW_COUNT;
            IF r > 0 THEN
                INSERT INTO bench_ms VALUES (m, r, extract(epoch FROM clock_timestamp() - t0)::float8 * 1000, n);
            END IF;
            COMMIT;
        END LOOP;
    END LOOP;
END $$;

CALL bench_load(:runs);

-- the load is complete and the edit records stay empty
SELECT (SELECT count(*) FROM service_affair.calendar_day WHERE calendar = 'bench') AS extension_rows,
       (SELECT count(*) FROM service_affair.calendar_day_shipped_edit) AS edit_records;

SELECT method, max(rows_) AS rows, count(*) AS runs,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 1) AS median_ms,
       round((percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) * 1000 / max(rows_))::numeric, 2) AS us_per_row
  FROM bench_ms GROUP BY method ORDER BY median_ms DESC;

SELECT p.method AS versus,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY e.ms / p.ms)::numeric, 2) AS median_ratio,
       round(min(e.ms / p.ms)::numeric, 2) AS best, round(max(e.ms / p.ms)::numeric, 2) AS worst
  FROM bench_ms e JOIN bench_ms p ON p.round = e.round AND p.method <> 'extension'
 WHERE e.method = 'extension'
 GROUP BY p.method ORDER BY p.method;
