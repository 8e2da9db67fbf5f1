-- A calendar edit moving the due dates of N open rectifications
-- (rectification_recompute_dues, 61_rectification_dues.sql), three bodies
-- of the trigger's function swapped into it (CREATE OR REPLACE: this
-- throwaway database only) and timed in the same session, alternating,
-- median of bench.runs runs, each edit rolled back:
--   row by row: each row locked in case order, one a settling run holds
--     waited for (git history at 850d1a4e, :'rowbyrow'), from 2026-12-07
--     until settling took the due lock the same day;
--   set-based, SKIP LOCKED: the former one statement, its rows locked FOR
--     UPDATE SKIP LOCKED (git history at 850d1a4e^, :'former');
--   shipped: one statement, no lock clause (settling holds the due lock in
--     shared mode, so under the edit's exclusive one no run holds a row);
-- and a baseline whose body stops after calendar_recompute_begin().  The
-- edit: every Wednesday of 2026 declared a day off in calendar cn, one
-- statement, which moves the dues of every open rectification rated before
-- the last Wednesday before its fix due.
\set ON_ERROR_STOP 1
SET search_path = service_affair, public;
SET max_parallel_workers_per_gather = 0;
-- the rectifications the edit moves are open (not closed, not settled)
-- and not past their dues' Wednesdays: the loaded ones are, the views' bench
-- closes three in four
SELECT count(*) AS open_rectifications FROM rectification WHERE closed_at IS NULL AND NOT settled \gset
\echo open rectifications: :open_rectifications

-- the other recompute triggers off (this throwaway database only): they
-- read every open case, task, leg, complaint and check, and their time
-- (5.8 s of a 6.2 s edit at 100,000 cases, in a first run) hid the
-- rectifications' part in its noise
ALTER TABLE calendar_day DISABLE TRIGGER route_recompute_dues, DISABLE TRIGGER leg_recompute_dues,
    DISABLE TRIGGER complaint_recompute_dues, DISABLE TRIGGER commitment_recompute_dues;
CREATE TEMP TABLE variant (name text PRIMARY KEY, body text);
INSERT INTO variant VALUES
('shipped: set-based, no lock clause', pg_catalog.pg_get_functiondef('service_affair.rectification_recompute_dues()'::regprocedure)),
('row by row (850d1a4e)', :'rowbyrow'),
('set-based, SKIP LOCKED (850d1a4e^)', :'former'),
-- the rest of the edit (its statement, the triggers left): the body stops
-- after calendar_recompute_begin()
('baseline: no rectification moved', regexp_replace(:'former', '    UPDATE service_affair.rectification f.*?;\n', '', 's'));
UPDATE variant SET body = regexp_replace(body, '^CREATE (OR REPLACE )?FUNCTION [^(]*\(\)', 'CREATE OR REPLACE FUNCTION service_affair.rectification_recompute_dues()')
 WHERE true;

CREATE TEMP TABLE before AS SELECT rating_id, fix_due, callback_due FROM rectification WHERE NOT settled;
CREATE TEMP TABLE timing (name text, run integer, ms double precision, moved bigint);
CREATE FUNCTION pg_temp.edit_once(v text, k integer) RETURNS void LANGUAGE plpgsql AS $f$
DECLARE t0 timestamptz; t1 timestamptz; n bigint;
BEGIN
    EXECUTE (SELECT body FROM variant WHERE name = v);
    BEGIN
        t0 := clock_timestamp();
        INSERT INTO service_affair.calendar_day (calendar, day, is_workday, note)
        SELECT 'cn', d::date, false, 'bench'
          FROM generate_series('2026-01-07'::date, '2026-12-30'::date, interval '7 days') d
        ON CONFLICT DO NOTHING;
        t1 := clock_timestamp();
        SELECT count(*) INTO n FROM service_affair.rectification f JOIN before b USING (rating_id)
         WHERE (f.fix_due, f.callback_due) IS DISTINCT FROM (b.fix_due, b.callback_due);
        RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'rollback';
    EXCEPTION WHEN raise_exception THEN
        NULL;  -- the edit rolled back, t0, t1 and n kept
    END;
    INSERT INTO timing VALUES (v, k, extract(epoch FROM t1 - t0) * 1000, n);
END $f$;

DO $d$
DECLARE v text;
BEGIN
    FOR k IN 1 .. current_setting('bench.runs')::integer LOOP
        FOR v IN SELECT name FROM variant ORDER BY name LOOP
            PERFORM pg_temp.edit_once(v, k);
        END LOOP;
    END LOOP;
    -- the shipped body back
    PERFORM pg_temp.edit_once('shipped: set-based, no lock clause', 0);
END $d$;
DELETE FROM timing WHERE run = 0;

SELECT name, count(*) AS runs, min(moved) AS moved,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 1) AS median_ms
  FROM timing GROUP BY name ORDER BY name;
-- the trigger's own part: the median less the baseline's
WITH m AS (SELECT name, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS ms FROM timing GROUP BY name)
SELECT m.name, round((m.ms - b.ms)::numeric, 1) AS trigger_ms
  FROM m, m b WHERE b.name = 'baseline: no rectification moved' AND m.name <> b.name ORDER BY m.name;
-- the ratios, of the trigger's own part
WITH m AS (SELECT name, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS ms FROM timing GROUP BY name),
     r AS (SELECT (SELECT ms FROM m WHERE name = 'row by row (850d1a4e)') AS rr,
                  (SELECT ms FROM m WHERE name = 'set-based, SKIP LOCKED (850d1a4e^)') AS fo,
                  (SELECT ms FROM m WHERE name = 'shipped: set-based, no lock clause') AS sh,
                  (SELECT ms FROM m WHERE name = 'baseline: no rectification moved') AS b)
SELECT round(((rr - b) / NULLIF(fo - b, 0))::numeric, 2) AS row_by_row_to_skip_locked,
       round(((rr - b) / NULLIF(sh - b, 0))::numeric, 2) AS row_by_row_to_shipped
  FROM r;
