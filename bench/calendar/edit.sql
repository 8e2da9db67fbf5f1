-- What a calendar edit costs with open work to move (2026-12-03): one day
-- declared off inside the working days of N accepted cases (each with a
-- forward leg of 代收代办 under way, a bad rating with an open
-- rectification) and N complaints awaiting a reply, then given back.  That
-- edit moves every one of those due dates (and the cases').  Measured with
-- every recompute trigger, with the changed days not recorded (every open
-- row recomputed, as every edit was until the triggers read the changed
-- days), and against what a DBA would otherwise run after an edit: the
-- recomputations of the legs, complaints and rectifications written as
-- plain UPDATEs.  Then the common edit, next year's holidays (a week of
-- February 2027, after every due), with every trigger, with the changed
-- days not recorded, and with no recompute at all (the edit alone).  The
-- rows are written directly as the superuser (triggers and keys off while
-- loading): the edit is measured, not the intake.
\set ON_ERROR_STOP on
SET search_path = service_affair, public;
SET max_parallel_workers_per_gather = 0;
SET jit = off;
INSERT INTO department (code, name, region) VALUES ('CE', 'Calendar edit bench', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit) VALUES ('ce_item', 'Bench item', 'CE', 'promised', 20, 10);
INSERT INTO service_point (code, name, level, region, town_code) VALUES ('CE_T', 'Bench town centre', 'town', '330225', '330225001');
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Bench Person');
SET session_replication_role = replica;
-- accepted between 11-02 and 11-20 2026 (Asia/Shanghai), due 10 working days later
INSERT INTO cases (service, service_kind, item, department, applicant, channel, status, returned, tolerated,
                   submitted_at, accepted_at, due, calendar, promised_limit, legal_limit, visits, receiving_point)
SELECT 'ce_item', 'item', 'ce_item', 'CE', a.id, 'window', 'accepted', false, false, t, t,
       add_workdays((t AT TIME ZONE 'Asia/Shanghai')::date, 10), 'cn', 10, 20, 1, 'CE_T'
  FROM applicant a,
       LATERAL (SELECT '2026-11-02 09:00+08'::timestamptz + make_interval(mins => (g * 7919) % (18 * 24 * 60)) AS t, g
                  FROM generate_series(1, :n) g) s;
INSERT INTO case_leg (case_id, leg, point, opened_at, due, forward_days, calendar)
SELECT c.id, 'forward', 'CE_T', c.accepted_at, add_workdays(local_day(c.accepted_at), 2), 2, 'cn' FROM cases c;
INSERT INTO rating (case_id, level, channel, at, rater)
SELECT c.id, 1, 'online', c.accepted_at + interval '1 hour', c.applicant FROM cases c;
INSERT INTO rectification (rating_id, callback_due, fix_due, callback_days, fix_days)
SELECT r.id, w.callback_due, w.fix_due, 1, 15
  FROM rating r, rectification_windows(r.at, 'cn', 1, 15) w;
INSERT INTO complaint (channel, category, body, received_at, department, status, due, reply_days, calendar, assigned_at)
SELECT '12345', 'complaint', 'bench', c.submitted_at, 'CE', 'assigned',
       complaint_due(c.submitted_at, 'cn', 'complaint', NULL), NULL, 'cn', c.submitted_at + interval '1 hour'
  FROM cases c;
SET session_replication_role = origin;
VACUUM ANALYZE;
SELECT count(*) AS cases, (SELECT count(*) FROM case_leg) AS legs, (SELECT count(*) FROM rectification) AS rectifications,
       (SELECT count(*) FROM complaint) AS complaints FROM cases;

-- one measurement: Thursday 11-19 declared off, then given back (two edits,
-- each moving every due date above); the mean of the two in ms
CREATE FUNCTION pg_temp.edit_ms() RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz := clock_timestamp();
BEGIN
  INSERT INTO service_affair.calendar_day VALUES ('cn', '2026-11-19', false, 'bench');
  DELETE FROM service_affair.calendar_day WHERE calendar = 'cn' AND day = '2026-11-19';
  RETURN round(extract(epoch FROM clock_timestamp() - t0) * 1000 / 2, 1);
END $$;
-- what a DBA would otherwise run: the edit, then the same three
-- recomputations as plain UPDATEs of the rows whose due changes (same
-- rules; no lock, no event, no state check), with the three triggers off
CREATE FUNCTION pg_temp.plain_recompute() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  UPDATE service_affair.case_leg l SET due = x.due
    FROM (SELECT y.case_id, y.leg, add_workdays(local_day(y.opened_at, y.calendar), y.forward_days, y.calendar) AS due
            FROM service_affair.case_leg y WHERE y.done_at IS NULL AND NOT y.settled) x
   WHERE l.case_id = x.case_id AND l.leg = x.leg AND NOT l.settled AND l.due IS DISTINCT FROM x.due;
  UPDATE service_affair.complaint k SET due = x.due
    FROM (SELECT y.id, complaint_due(y.received_at, y.calendar, y.category, y.reply_days) AS due
            FROM service_affair.complaint y WHERE y.status IN ('assigned', 'reopened')) x
   WHERE k.id = x.id AND k.due IS DISTINCT FROM x.due;
  UPDATE service_affair.rectification f SET callback_due = x.callback_due, fix_due = x.fix_due
    FROM (SELECT y.rating_id, w.callback_due, w.fix_due
            FROM service_affair.rectification y JOIN service_affair.rating r ON r.id = y.rating_id
            JOIN service_affair.cases c ON c.id = r.case_id,
                 rectification_windows(r.at, c.calendar, y.callback_days, y.fix_days) w
           WHERE y.closed_at IS NULL AND NOT y.settled) x
   WHERE f.rating_id = x.rating_id AND NOT f.settled
     AND (f.callback_due, f.fix_due) IS DISTINCT FROM (x.callback_due, x.fix_due);
END $$;
CREATE FUNCTION pg_temp.edit_plain_ms() RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz := clock_timestamp();
BEGIN
  INSERT INTO service_affair.calendar_day VALUES ('cn', '2026-11-19', false, 'bench');
  PERFORM pg_temp.plain_recompute();
  DELETE FROM service_affair.calendar_day WHERE calendar = 'cn' AND day = '2026-11-19';
  PERFORM pg_temp.plain_recompute();
  RETURN round(extract(epoch FROM clock_timestamp() - t0) * 1000 / 2, 1);
END $$;
-- how many due dates one edit moves
CREATE TEMP TABLE snap AS
SELECT 'leg' AS kind, case_id AS id, due AS due FROM case_leg
UNION ALL SELECT 'complaint', id, due FROM complaint
UNION ALL SELECT 'rectification', rating_id, fix_due FROM rectification
UNION ALL SELECT 'case', id, due FROM cases;
BEGIN;
INSERT INTO calendar_day VALUES ('cn', '2026-11-19', false, 'bench');
SELECT s.kind, count(*) AS rows, count(*) FILTER (WHERE s.due IS DISTINCT FROM n.due) AS moved_by_one_edit
  FROM snap s JOIN (SELECT 'leg' AS kind, case_id AS id, due FROM case_leg
                    UNION ALL SELECT 'complaint', id, due FROM complaint
                    UNION ALL SELECT 'rectification', rating_id, fix_due FROM rectification
                    UNION ALL SELECT 'case', id, due FROM cases) n ON n.kind = s.kind AND n.id = s.id
 GROUP BY s.kind ORDER BY s.kind;
ROLLBACK;
-- the common edit: next year's holidays (a week off in February 2027,
-- after every due above), entered in one statement and taken out again
CREATE FUNCTION pg_temp.far_ms() RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz := clock_timestamp();
BEGIN
  INSERT INTO service_affair.calendar_day
  SELECT 'cn', d, false, 'bench' FROM generate_series('2027-02-10'::date, '2027-02-16', '1 day') d;
  DELETE FROM service_affair.calendar_day WHERE calendar = 'cn' AND day BETWEEN '2027-02-10' AND '2027-02-16';
  RETURN round(extract(epoch FROM clock_timestamp() - t0) * 1000 / 2, 1);
END $$;
-- the notice as doc/calendar.md enters it: the week, then covered_until
-- moved to the end of 2027, in one transaction; then taken out again.  An
-- update of calendar that moves covered_until only recomputes nothing
-- since 2026-12-03 (calendar_edit_rows_upd); before, it recomputed every
-- open row of every calendar
CREATE FUNCTION pg_temp.notice_ms() RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz := clock_timestamp();
        c0 date := (SELECT covered_until FROM service_affair.calendar WHERE name = 'cn');
BEGIN
  INSERT INTO service_affair.calendar_day
  SELECT 'cn', d, false, 'bench' FROM generate_series('2027-02-10'::date, '2027-02-16', '1 day') d;
  UPDATE service_affair.calendar SET covered_until = '2027-12-31' WHERE name = 'cn';
  DELETE FROM service_affair.calendar_day WHERE calendar = 'cn' AND day BETWEEN '2027-02-10' AND '2027-02-16';
  UPDATE service_affair.calendar SET covered_until = c0 WHERE name = 'cn';
  RETURN round(extract(epoch FROM clock_timestamp() - t0) * 1000 / 2, 1);
END $$;
-- the recompute triggers with the changed days not recorded
-- (calendar_edit_days_* off): every open row is recomputed, as every edit
-- was before the triggers read the changed days
CREATE FUNCTION pg_temp.unrecorded(on_ boolean) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE service_affair.calendar_day %1$s TRIGGER calendar_edit_days_ins, %1$s TRIGGER calendar_edit_days_upd, '
                 '%1$s TRIGGER calendar_edit_days_del', CASE WHEN on_ THEN 'DISABLE' ELSE 'ENABLE' END);
END $$;
CREATE FUNCTION pg_temp.recompute_triggers(on_ boolean) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE service_affair.calendar_day %1$s TRIGGER leg_recompute_dues, %1$s TRIGGER complaint_recompute_dues, '
                 '%1$s TRIGGER rectification_recompute_dues, %1$s TRIGGER route_recompute_dues, %1$s TRIGGER commitment_recompute_dues',
                 CASE WHEN on_ THEN 'ENABLE' ELSE 'DISABLE' END);
END $$;
CREATE TEMP TABLE m (variant text, run integer, ms numeric);
SELECT set_config('bench.rounds', :'rounds', false);
-- next year's week first, on the freshly loaded tables (the edits inside
-- every count below leave hundreds of thousands of dead rows behind for
-- the scans), then the edit inside every count; rounds alternate the
-- variants
SELECT pg_temp.far_ms() AS warmup_far_ms;
DO $$
BEGIN
  FOR r IN 1..current_setting('bench.rounds')::integer LOOP
    INSERT INTO m VALUES ('2027 week: every recompute trigger', r, pg_temp.far_ms());
    PERFORM pg_temp.unrecorded(true);
    INSERT INTO m VALUES ('2027 week: changed days not recorded (every open row)', r, pg_temp.far_ms());
    PERFORM pg_temp.unrecorded(false);
    PERFORM pg_temp.recompute_triggers(false);
    INSERT INTO m VALUES ('2027 week: no recompute at all', r, pg_temp.far_ms());
    PERFORM pg_temp.recompute_triggers(true);
    INSERT INTO m VALUES ('2027 notice (week + covered_until): every recompute trigger', r, pg_temp.notice_ms());
    ALTER TABLE service_affair.calendar DISABLE TRIGGER calendar_edit_rows_upd;
    INSERT INTO m VALUES ('2027 notice: covered_until recomputing every open row (as until 2026-12-03)', r, pg_temp.notice_ms());
    ALTER TABLE service_affair.calendar ENABLE TRIGGER calendar_edit_rows_upd;
  END LOOP;
END $$;
SELECT pg_temp.edit_ms() AS warmup_ms;
DO $$
BEGIN
  FOR r IN 1..current_setting('bench.rounds')::integer LOOP
    INSERT INTO m VALUES ('11-19: every recompute trigger', r, pg_temp.edit_ms());
    PERFORM pg_temp.unrecorded(true);
    INSERT INTO m VALUES ('11-19: changed days not recorded (every open row)', r, pg_temp.edit_ms());
    PERFORM pg_temp.unrecorded(false);
    ALTER TABLE service_affair.calendar_day DISABLE TRIGGER leg_recompute_dues, DISABLE TRIGGER complaint_recompute_dues,
                                            DISABLE TRIGGER rectification_recompute_dues;
    INSERT INTO m VALUES ('11-19: legs, complaints, rectifications as plain UPDATEs', r, pg_temp.edit_plain_ms());
    PERFORM pg_temp.recompute_triggers(true);
  END LOOP;
END $$;
SELECT variant, count(*) AS rounds, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS median_ms, min(ms) AS min_ms, max(ms) AS max_ms
  FROM m GROUP BY variant ORDER BY variant;
-- per round, then the median: the edit inside every count with its
-- triggers against the edit followed by plain UPDATEs of the same rows,
-- and against the same triggers recomputing every open row; next year's
-- week against every open row recomputed
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY a.ms / p.ms) AS inside_over_plain,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY a.ms / u.ms) AS inside_over_unrecorded,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY f.ms / fu.ms) AS next_year_over_unrecorded,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY nn.ms / nb.ms) AS notice_over_before
  FROM m a JOIN m u ON u.run = a.run AND u.variant = '11-19: changed days not recorded (every open row)'
           JOIN m nn ON nn.run = a.run AND nn.variant = '2027 notice (week + covered_until): every recompute trigger'
           JOIN m nb ON nb.run = a.run AND nb.variant = '2027 notice: covered_until recomputing every open row (as until 2026-12-03)'
           JOIN m p ON p.run = a.run AND p.variant = '11-19: legs, complaints, rectifications as plain UPDATEs'
           JOIN m f ON f.run = a.run AND f.variant = '2027 week: every recompute trigger'
           JOIN m fu ON fu.run = a.run AND fu.variant = '2027 week: changed days not recorded (every open row)'
 WHERE a.variant = '11-19: every recompute trigger';
