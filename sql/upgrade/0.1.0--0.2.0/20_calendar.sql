-- 20_calendar: calendars and their dump.
--
-- Defect 8 and 12: the BEFORE INSERT row trigger calendar_replace_shipped
-- (an insert meeting a shipped row updated it, even under ON CONFLICT DO
-- NOTHING; a per-row scan made bulk loads quadratic) is replaced by
-- statement triggers recording the changed shipped rows in two dumped edit
-- tables.  Defect 3: the trigger functions check their relation and are not
-- executable by PUBLIC.  Defect 13: is_valid_timezone refuses offsets beyond
-- 15 hours (C; its comment says so).

DROP TRIGGER calendar_replace_shipped ON service_affair.calendar;
DROP TRIGGER calendar_replace_shipped ON service_affair.calendar_day;
DROP FUNCTION service_affair.calendar_replace_shipped();

COMMENT ON FUNCTION service_affair.is_valid_timezone(text) IS
  'True when the text names a time zone the calendar functions can use (a tz database name such as Asia/Shanghai, or a POSIX zone) with offsets within 15 hours of UTC; never raises';

CREATE FUNCTION service_affair.calendar_is_shipped(name text)
    RETURNS boolean
    LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
BEGIN
    RETURN EXISTS (SELECT 1 FROM service_affair.calendar_shipped($1));
END
$$;
COMMENT ON FUNCTION service_affair.calendar_is_shipped(text) IS
  'True when this version of the extension ships a calendar of this name (its row is created by CREATE EXTENSION)';

CREATE FUNCTION service_affair.calendar_day_is_shipped(cal text, day date)
    RETURNS boolean
    LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
BEGIN
    RETURN EXISTS (SELECT 1 FROM service_affair.calendar_shipped_days($1) s WHERE s.day = $2);
END
$$;
COMMENT ON FUNCTION service_affair.calendar_day_is_shipped(text, date) IS
  'True when this version of the extension ships an override of calendar cal for day (its row is created by CREATE EXTENSION)';

CREATE TABLE service_affair.calendar_shipped_edit (
    name          text PRIMARY KEY REFERENCES service_affair.calendar ON UPDATE CASCADE ON DELETE CASCADE,
    weekmask      text NOT NULL,
    timezone      text NOT NULL,
    covered_until date
);
COMMENT ON TABLE service_affair.calendar_shipped_edit IS
  'Internal: the shipped calendar rows a user changed, with their current values (kept by triggers; dumped so that a restore re-applies the change)';
COMMENT ON COLUMN service_affair.calendar_shipped_edit.name IS 'Name of a shipped calendar';
COMMENT ON COLUMN service_affair.calendar_shipped_edit.weekmask IS 'Its current weekmask';
COMMENT ON COLUMN service_affair.calendar_shipped_edit.timezone IS 'Its current time zone';
COMMENT ON COLUMN service_affair.calendar_shipped_edit.covered_until IS 'Its current covered_until';

CREATE TABLE service_affair.calendar_day_shipped_edit (
    calendar   text NOT NULL,
    day        date NOT NULL,
    is_workday boolean NOT NULL,
    note       text,
    PRIMARY KEY (calendar, day)
);
COMMENT ON TABLE service_affair.calendar_day_shipped_edit IS
  'Internal: the shipped days a user changed, with their current values (kept by triggers; dumped so that a restore re-applies the change)';
COMMENT ON COLUMN service_affair.calendar_day_shipped_edit.calendar IS 'Calendar of a shipped day';
COMMENT ON COLUMN service_affair.calendar_day_shipped_edit.day IS 'The shipped day';
COMMENT ON COLUMN service_affair.calendar_day_shipped_edit.is_workday IS 'Its current is_workday';
COMMENT ON COLUMN service_affair.calendar_day_shipped_edit.note IS 'Its current note';

-- After each statement on calendar or calendar_day (transition tables: the
-- rows it wrote in "changed", the rows it removed or replaced in "gone"):
-- record the rows under a shipped key whose values differ from the shipped
-- ones, forget those that are back to the shipped values, left a shipped key
-- or were deleted.  Set-based: the shipped rows of the calendars concerned
-- are read once per statement.  (calendar_shipped_edit follows a deleted or
-- renamed calendar by its foreign key; calendar_day_shipped_edit has none, so
-- that calendar_day can still be truncated.)
CREATE FUNCTION service_affair.calendar_track_shipped_edit() RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    AS $$
BEGIN
    IF TG_RELID = 'service_affair.calendar'::pg_catalog.regclass
       AND TG_WHEN = 'AFTER' AND TG_LEVEL = 'STATEMENT' AND TG_OP IN ('INSERT', 'UPDATE') THEN
        DELETE FROM service_affair.calendar_shipped_edit e
         USING changed n
         WHERE e.name = n.name
           AND NOT EXISTS (SELECT 1 FROM service_affair.calendar_shipped(n.name) s
                            WHERE (s.weekmask, s.timezone, s.covered_until)
                                  IS DISTINCT FROM (n.weekmask, n.timezone, n.covered_until));
        INSERT INTO service_affair.calendar_shipped_edit AS e (name, weekmask, timezone, covered_until)
        SELECT n.name, n.weekmask, n.timezone, n.covered_until
          FROM changed n, service_affair.calendar_shipped(n.name) s
         WHERE (s.weekmask, s.timezone, s.covered_until) IS DISTINCT FROM (n.weekmask, n.timezone, n.covered_until)
        ON CONFLICT (name) DO UPDATE
           SET weekmask = excluded.weekmask, timezone = excluded.timezone, covered_until = excluded.covered_until;
    ELSIF TG_RELID = 'service_affair.calendar_day'::pg_catalog.regclass
       AND TG_WHEN = 'AFTER' AND TG_LEVEL = 'STATEMENT' THEN
        IF TG_OP = 'TRUNCATE' THEN
            DELETE FROM service_affair.calendar_day_shipped_edit;
            RETURN NULL;
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            DELETE FROM service_affair.calendar_day_shipped_edit e
             USING gone o
             WHERE e.calendar = o.calendar AND e.day = o.day;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            WITH cals AS MATERIALIZED (
                    SELECT DISTINCT n.calendar FROM changed n),
                 shipped AS MATERIALIZED (
                    SELECT c.calendar, s.day, s.is_workday, s.note
                      FROM cals c, service_affair.calendar_shipped_days(c.calendar) s)
            INSERT INTO service_affair.calendar_day_shipped_edit AS e (calendar, day, is_workday, note)
            SELECT n.calendar, n.day, n.is_workday, n.note
              FROM changed n JOIN shipped s ON s.calendar = n.calendar AND s.day = n.day
             WHERE (s.is_workday, s.note) IS DISTINCT FROM (n.is_workday, n.note)
            ON CONFLICT (calendar, day) DO UPDATE SET is_workday = excluded.is_workday, note = excluded.note;
        END IF;
    ELSE
        RAISE EXCEPTION 'calendar_track_shipped_edit() must not fire on % % % of %', TG_WHEN, TG_LEVEL, TG_OP, TG_RELID::pg_catalog.regclass
            USING ERRCODE = 'trigger_protocol_violated',
                  DETAIL = 'It fires only after statements changing service_affair.calendar and service_affair.calendar_day.';
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION service_affair.calendar_track_shipped_edit() IS
  'Trigger: keeps calendar_shipped_edit and calendar_day_shipped_edit equal to the shipped rows whose values a user changed';

CREATE TRIGGER calendar_track_shipped_edit_ins
    AFTER INSERT ON service_affair.calendar REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.calendar_track_shipped_edit();
CREATE TRIGGER calendar_track_shipped_edit_upd
    AFTER UPDATE ON service_affair.calendar REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.calendar_track_shipped_edit();
CREATE TRIGGER calendar_track_shipped_edit_ins
    AFTER INSERT ON service_affair.calendar_day REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.calendar_track_shipped_edit();
CREATE TRIGGER calendar_track_shipped_edit_upd
    AFTER UPDATE ON service_affair.calendar_day REFERENCING OLD TABLE AS gone NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.calendar_track_shipped_edit();
CREATE TRIGGER calendar_track_shipped_edit_del
    AFTER DELETE ON service_affair.calendar_day REFERENCING OLD TABLE AS gone
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.calendar_track_shipped_edit();
CREATE TRIGGER calendar_track_shipped_edit_trunc
    AFTER TRUNCATE ON service_affair.calendar_day
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.calendar_track_shipped_edit();
COMMENT ON TRIGGER calendar_track_shipped_edit_ins ON service_affair.calendar IS
  'Records an inserted calendar under a shipped name whose values differ from the shipped ones';
COMMENT ON TRIGGER calendar_track_shipped_edit_upd ON service_affair.calendar IS
  'Records (or forgets) the changes of the shipped calendar rows';
COMMENT ON TRIGGER calendar_track_shipped_edit_ins ON service_affair.calendar_day IS
  'Records an inserted day under a shipped key whose values differ from the shipped ones';
COMMENT ON TRIGGER calendar_track_shipped_edit_upd ON service_affair.calendar_day IS
  'Records (or forgets) the changes of the shipped days';
COMMENT ON TRIGGER calendar_track_shipped_edit_del ON service_affair.calendar_day IS
  'Forgets the records of deleted days';
COMMENT ON TRIGGER calendar_track_shipped_edit_trunc ON service_affair.calendar_day IS
  'Forgets every record of changed shipped days';

-- An INSERT into the edit tables (a restore) applies the recorded values to
-- the shipped rows.  Not when fired from another trigger: the tracking
-- trigger writes these tables too.  No SET search_path: its UPDATE of the
-- calendar is an edit whose triggers ask restoring() (calendar_due_isolation,
-- 51_calendar_due_lock.sql), which must see the restore's own settings; with
-- the path pinned here a restore in a database whose
-- default_transaction_isolation is repeatable read or serializable stopped
-- with 55000 at the first shipped edit it applied (2026-12-06; a DBA's
-- review, test/t/cal_dump.pl).  So every name and operator is qualified (the
-- writer's path may put another role's = first; see catalog_item_defaults()).
CREATE FUNCTION service_affair.calendar_apply_shipped_edit() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_WHEN OPERATOR(pg_catalog.<>) 'AFTER' OR TG_LEVEL OPERATOR(pg_catalog.<>) 'STATEMENT'
       OR TG_OP OPERATOR(pg_catalog.<>) 'INSERT'
       OR NOT (TG_RELID OPERATOR(pg_catalog.=) 'service_affair.calendar_shipped_edit'::pg_catalog.regclass
               OR TG_RELID OPERATOR(pg_catalog.=) 'service_affair.calendar_day_shipped_edit'::pg_catalog.regclass) THEN
        RAISE EXCEPTION 'calendar_apply_shipped_edit() must not fire on % % % of %', TG_WHEN, TG_LEVEL, TG_OP, TG_RELID::pg_catalog.regclass
            USING ERRCODE = 'trigger_protocol_violated',
                  DETAIL = 'It fires only after INSERT statements on service_affair.calendar_shipped_edit and service_affair.calendar_day_shipped_edit.';
    END IF;
    IF pg_catalog.pg_trigger_depth() OPERATOR(pg_catalog.>) 1 THEN
        RETURN NULL;
    END IF;
    IF TG_RELID OPERATOR(pg_catalog.=) 'service_affair.calendar_shipped_edit'::pg_catalog.regclass THEN
        -- (weekmask and timezone are NOT NULL on both sides)
        UPDATE service_affair.calendar c
           SET weekmask = n.weekmask, timezone = n.timezone, covered_until = n.covered_until
          FROM added n
         WHERE c.name OPERATOR(pg_catalog.=) n.name
           AND NOT (c.weekmask OPERATOR(pg_catalog.=) n.weekmask AND c.timezone OPERATOR(pg_catalog.=) n.timezone
                    AND COALESCE(c.covered_until OPERATOR(pg_catalog.=) n.covered_until,
                                 c.covered_until IS NULL AND n.covered_until IS NULL));
    ELSE
        -- (is_workday is NOT NULL on both sides)
        UPDATE service_affair.calendar_day d
           SET is_workday = n.is_workday, note = n.note
          FROM added n
         WHERE d.calendar OPERATOR(pg_catalog.=) n.calendar AND d.day OPERATOR(pg_catalog.=) n.day
           AND NOT (d.is_workday OPERATOR(pg_catalog.=) n.is_workday
                    AND COALESCE(d.note OPERATOR(pg_catalog.=) n.note, d.note IS NULL AND n.note IS NULL));
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION service_affair.calendar_apply_shipped_edit() IS
  'Trigger: rows inserted into the edit tables (a restore) are applied to the shipped calendar and days';

CREATE TRIGGER calendar_apply_shipped_edit
    AFTER INSERT ON service_affair.calendar_shipped_edit REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.calendar_apply_shipped_edit();
CREATE TRIGGER calendar_apply_shipped_edit
    AFTER INSERT ON service_affair.calendar_day_shipped_edit REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.calendar_apply_shipped_edit();
COMMENT ON TRIGGER calendar_apply_shipped_edit ON service_affair.calendar_shipped_edit IS
  'A restored change of the shipped calendar row is applied to it';
COMMENT ON TRIGGER calendar_apply_shipped_edit ON service_affair.calendar_day_shipped_edit IS
  'A restored change of a shipped day is applied to it';

REVOKE EXECUTE ON FUNCTION service_affair.calendar_changed() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION service_affair.calendar_track_shipped_edit() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION service_affair.calendar_apply_shipped_edit() FROM PUBLIC;

SELECT pg_catalog.pg_extension_config_dump('service_affair.calendar',
    'WHERE NOT service_affair.calendar_is_shipped(name)');
-- An anti-join (the shipped days are read once, hashed), not a function
-- call per row: a calendar of 110,000 days dumps as fast as a plain table.
SELECT pg_catalog.pg_extension_config_dump('service_affair.calendar_day',
    'WHERE NOT EXISTS (SELECT FROM service_affair.calendar c, service_affair.calendar_shipped_days(c.name) s '
    'WHERE c.name = calendar_day.calendar AND s.day = calendar_day.day)');
SELECT pg_catalog.pg_extension_config_dump('service_affair.calendar_shipped_edit', '');
SELECT pg_catalog.pg_extension_config_dump('service_affair.calendar_day_shipped_edit', '');

DROP FUNCTION service_affair.calendar_row_is_shipped(text, text, text, date);
DROP FUNCTION service_affair.calendar_day_is_shipped(text, date, boolean, text);

-- The shipped rows already changed in the 0.1.0 database.
INSERT INTO service_affair.calendar_shipped_edit (name, weekmask, timezone, covered_until)
SELECT c.name, c.weekmask, c.timezone, c.covered_until
  FROM service_affair.calendar c, service_affair.calendar_shipped(c.name) s
 WHERE (s.weekmask, s.timezone, s.covered_until) IS DISTINCT FROM (c.weekmask, c.timezone, c.covered_until);
INSERT INTO service_affair.calendar_day_shipped_edit (calendar, day, is_workday, note)
SELECT d.calendar, d.day, d.is_workday, d.note
  FROM (SELECT DISTINCT x.calendar FROM service_affair.calendar_day x) k,
       service_affair.calendar_shipped_days(k.calendar) s,
       service_affair.calendar_day d
 WHERE d.calendar = k.calendar AND d.day = s.day
   AND (s.is_workday, s.note) IS DISTINCT FROM (d.is_workday, d.note);

-- Defect 7: cases.calendar (40_cases) gets its foreign key, so that renaming
-- a calendar renames it in the cases too.  Cases whose calendar was renamed
-- under 0.1.0 take the calendar of their tasks (which the rename did
-- follow), else that of their item; anything left makes ADD CONSTRAINT fail
-- and the update roll back.
UPDATE service_affair.cases c
   SET calendar = COALESCE(
         (SELECT pg_catalog.min(t.calendar) FROM service_affair.task t WHERE t.case_id = c.id),
         (SELECT i.calendar FROM service_affair.item i WHERE i.code = c.item))
 WHERE NOT EXISTS (SELECT 1 FROM service_affair.calendar k WHERE k.name = c.calendar);
ALTER TABLE service_affair.cases
    ADD CONSTRAINT cases_calendar_fkey FOREIGN KEY (calendar)
        REFERENCES service_affair.calendar ON UPDATE CASCADE;

-- The first instant of a local day (new in 0.2.0), beside local_day.
CREATE FUNCTION service_affair.local_day_start(day date, cal text DEFAULT 'cn') RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'sa_local_day_start_sql'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.local_day_start(date, text) IS
  'The first instant of local day day in the time zone of calendar cal (local midnight; the inverse of local_day, which reads the zone in the same place): the one home of "a day begins", so that no caller spells a zone of its own; 22008 for an infinite day or one whose start lies outside timestamptz';

-- The local month of an instant (new in 0.2.0), as its first day: the one home of "the
-- month of at in a calendar's zone" (the issue "One home per rule": until
-- 2026-12-05 ten views spelled date_trunc('month', local_day(...)) each, some
-- through a timestamp, some through the session's zone).  A SQL function
-- of the standard body, without SET, so that the planner inlines it into
-- the views and their month conditions (its names are bound when it is
-- made, and it reads the zone where local_day does).
CREATE FUNCTION service_affair.local_month(at timestamptz, cal text DEFAULT 'cn') RETURNS date
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
RETURN pg_catalog.date_trunc('month', service_affair.local_day(at, cal)::pg_catalog.timestamp)::pg_catalog.date;
COMMENT ON FUNCTION service_affair.local_month(timestamptz, text) IS
  'The first day of the month of the local day of instant at in calendar cal (local_day(), so the month turns at local midnight): the one home of "the local month", read by the monthly views; inlined (a SQL function without SET)';
