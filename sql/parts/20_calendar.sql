-- Working-day calendars: a weekmask plus dated overrides (statutory days off
-- on weekdays, make-up working days on weekends).  The arithmetic is in C
-- (src/calendar.c, src/core/workday.c) and reads each calendar once per
-- backend; a statement trigger on both tables tells every backend to read
-- again after an edit commits.  See doc/calendar.md.

CREATE FUNCTION service_affair.is_valid_timezone(name text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'sa_is_valid_timezone'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.is_valid_timezone(text) IS
  'True when the text names a time zone the calendar functions can use (a tz database name such as Asia/Shanghai, or a POSIX zone) with offsets within 15 hours of UTC; never raises';

CREATE TABLE service_affair.calendar (
    name          text PRIMARY KEY CHECK (name <> ''),
    weekmask      text NOT NULL DEFAULT '1111100'
                  CHECK (weekmask ~ '^[01]{7}$' AND pg_catalog.strpos(weekmask, '1') > 0),
    timezone      text NOT NULL DEFAULT 'Asia/Shanghai'
                  CHECK (service_affair.is_valid_timezone(timezone)),
    covered_until date CHECK (covered_until > '-infinity' AND covered_until < 'infinity')
);
COMMENT ON TABLE service_affair.calendar IS
  'Working-day calendars; the days of calendar_day override the weekmask';
COMMENT ON COLUMN service_affair.calendar.name IS 'Calendar name used by the working-day functions (''cn'': mainland China, shipped with the extension)';
COMMENT ON COLUMN service_affair.calendar.weekmask IS 'Working weekdays Monday..Sunday, 1 = working, e.g. 1111100';
COMMENT ON COLUMN service_affair.calendar.timezone IS 'Time zone whose midnight starts a calendar day (local_day)';
COMMENT ON COLUMN service_affair.calendar.covered_until IS 'Last day covered by published official notices; results after it are provisional (NULL: nothing is provisional)';

CREATE TABLE service_affair.calendar_day (
    calendar   text NOT NULL REFERENCES service_affair.calendar ON UPDATE CASCADE ON DELETE CASCADE,
    day        date NOT NULL CHECK (day >= '1900-01-01' AND day < '2200-01-01'),
    is_workday boolean NOT NULL,
    note       text,
    PRIMARY KEY (calendar, day)
);
COMMENT ON TABLE service_affair.calendar_day IS
  'Overrides of a calendar''s weekmask: statutory days off and make-up working days (调休)';
COMMENT ON COLUMN service_affair.calendar_day.calendar IS 'Calendar the day belongs to';
COMMENT ON COLUMN service_affair.calendar_day.day IS 'The day (1900-01-01 .. 2199-12-31)';
COMMENT ON COLUMN service_affair.calendar_day.is_workday IS 'Whether the day is a working day, whatever its weekday';
COMMENT ON COLUMN service_affair.calendar_day.note IS 'Why: the holiday name, e.g. 春节';

-- Every backend caches calendars; this statement trigger queues a relcache
-- invalidation of the edited table, delivered to all backends at commit.
-- ENABLE ALWAYS: it fires under session_replication_role = replica too
-- (logical replication apply, some restore tools).
CREATE FUNCTION service_affair.calendar_changed() RETURNS trigger
    AS 'MODULE_PATHNAME', 'sa_calendar_changed'
    LANGUAGE C;
COMMENT ON FUNCTION service_affair.calendar_changed() IS
  'Trigger: tell every session to re-read its cached calendars once the edit commits';

CREATE TRIGGER calendar_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON service_affair.calendar
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.calendar_changed();
ALTER TABLE service_affair.calendar ENABLE ALWAYS TRIGGER calendar_changed;
CREATE TRIGGER calendar_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON service_affair.calendar_day
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.calendar_changed();
ALTER TABLE service_affair.calendar_day ENABLE ALWAYS TRIGGER calendar_changed;
COMMENT ON TRIGGER calendar_changed ON service_affair.calendar IS
  'Drops the cached calendars of every session when the edit commits';
COMMENT ON TRIGGER calendar_changed ON service_affair.calendar_day IS
  'Drops the cached calendars of every session when the edit commits';

-- The working-day functions.  STABLE (they read the calendar tables), STRICT,
-- PARALLEL SAFE, and without a SET clause: they are on the hot path.
CREATE FUNCTION service_affair.is_workday(day date, cal text DEFAULT 'cn') RETURNS boolean
    AS 'MODULE_PATHNAME', 'sa_is_workday_sql'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.is_workday(date, text) IS
  'Whether day is a working day of calendar cal (weekmask, overridden by calendar_day)';

CREATE FUNCTION service_affair.add_workdays(start date, n integer, cal text DEFAULT 'cn') RETURNS date
    AS 'MODULE_PATHNAME', 'sa_add_workdays_sql'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.add_workdays(date, integer, text) IS
  'The n-th working day after start (start not counted); n = 0: start if it works, else the next working day; n < 0 counts backwards';

CREATE FUNCTION service_affair.workdays_between(from_day date, to_day date, cal text DEFAULT 'cn') RETURNS integer
    AS 'MODULE_PATHNAME', 'sa_workdays_between_sql'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.workdays_between(date, date, text) IS
  'Working days d with from_day < d <= to_day; minus the count of to_day < d <= from_day when to_day < from_day';

CREATE FUNCTION service_affair.local_day(at timestamptz, cal text DEFAULT 'cn') RETURNS date
    AS 'MODULE_PATHNAME', 'sa_local_day_sql'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.local_day(timestamptz, text) IS
  'The date of instant at in the time zone of calendar cal (day boundaries are local midnight)';

CREATE FUNCTION service_affair.local_day_start(day date, cal text DEFAULT 'cn') RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'sa_local_day_start_sql'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.local_day_start(date, text) IS
  'The first instant of local day day in the time zone of calendar cal (local midnight; the inverse of local_day, which reads the zone in the same place): the one home of "a day begins", so that no caller spells a zone of its own; 22008 for an infinite day or one whose start lies outside timestamptz';

-- The local month of an instant, as its first day: the one home of "the
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

CREATE FUNCTION service_affair.is_provisional(day date, cal text DEFAULT 'cn') RETURNS boolean
    AS 'MODULE_PATHNAME', 'sa_is_provisional_sql'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.is_provisional(date, text) IS
  'Whether day lies after the covered_until of calendar cal, so that results reaching it may move when the next notice is entered (false when covered_until is NULL)';

-- Dump and restore.  CREATE EXTENSION loads the shipped calendar 'cn'
-- (21_calendar_data.sql), so pg_dump must not dump rows under a shipped key:
-- on restore they would meet their shipped originals.  calendar and
-- calendar_day dump only the rows under keys the extension does not ship
-- (calendars and days a user added).  A shipped row a user changed (a new
-- covered_until, a corrected day) is recorded, by the statement triggers
-- below, in calendar_shipped_edit or calendar_day_shipped_edit; those two
-- tables are dumped whole, and an INSERT into them (the restore) applies the
-- recorded values to the shipped rows that CREATE EXTENSION has just loaded.
-- calendar and calendar_day behave as plain tables: an INSERT under an
-- existing key fails with 23505, INSERT ... ON CONFLICT DO NOTHING does
-- nothing; a shipped day is changed with UPDATE (or INSERT ... ON CONFLICT
-- DO UPDATE).  No row trigger: a bulk load costs what the index and the
-- foreign key cost.  (A deleted shipped day cannot be dumped and comes back
-- on restore; doc/calendar.md says to update it to the weekmask's value
-- instead.)
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


-- Calendars are published State Council notices, so everybody may read them:
-- the working-day functions run with the caller's privileges (they carry no
-- SET clause) and read these tables.
GRANT SELECT ON service_affair.calendar, service_affair.calendar_day TO PUBLIC;

-- ---------------------------------------------------------------------------
-- Grants (applied by create_roles(), 90_access.sql): the calendars
INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    ('admin', 'SELECT', 'service_affair.calendar'),
    ('admin', 'INSERT', 'service_affair.calendar'),
    ('admin', 'UPDATE', 'service_affair.calendar'),
    ('admin', 'DELETE', 'service_affair.calendar'),
    ('admin', 'SELECT', 'service_affair.calendar_day'),
    ('admin', 'INSERT', 'service_affair.calendar_day'),
    ('admin', 'UPDATE', 'service_affair.calendar_day'),
    ('admin', 'DELETE', 'service_affair.calendar_day')
ON CONFLICT DO NOTHING;
