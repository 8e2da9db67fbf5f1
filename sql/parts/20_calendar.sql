-- Working-day calendars: a weekmask plus dated overrides (statutory days off
-- on weekdays, make-up working days on weekends).  The arithmetic is in C
-- (src/calendar.c, src/core/workday.c) and reads each calendar once per
-- backend; a statement trigger on both tables tells every backend to read
-- again after an edit commits.  See doc/calendar.md.

CREATE FUNCTION service_affair.is_valid_timezone(name text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'sa_is_valid_timezone'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.is_valid_timezone(text) IS
  'True when the text names a time zone the calendar functions can use (a tz database name such as Asia/Shanghai, or a POSIX zone); never raises';

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

CREATE FUNCTION service_affair.is_provisional(day date, cal text DEFAULT 'cn') RETURNS boolean
    AS 'MODULE_PATHNAME', 'sa_is_provisional_sql'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.is_provisional(date, text) IS
  'Whether day lies after the covered_until of calendar cal, so that results reaching it may move when the next notice is entered (false when covered_until is NULL)';

-- Dump and restore.  CREATE EXTENSION loads the shipped calendar 'cn'
-- (21_calendar_data.sql); pg_dump dumps only the rows that differ from what
-- is shipped: calendars and days a user added, and shipped rows a user changed
-- (a new covered_until, a corrected day).  On restore the changed rows meet
-- their shipped originals, which CREATE EXTENSION has just loaded; the
-- BEFORE INSERT triggers below turn an INSERT that collides with an unchanged
-- shipped row into an UPDATE of it.  Any other duplicate still fails with
-- 23505.  (A deleted shipped day cannot be dumped and comes back on restore;
-- doc/calendar.md says to update it to the weekmask's value instead.)
CREATE FUNCTION service_affair.calendar_row_is_shipped(name text, weekmask text, timezone text, covered_until date)
    RETURNS boolean
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
BEGIN
    RETURN EXISTS (SELECT 1 FROM service_affair.calendar_shipped($1) s
                    WHERE s.weekmask = $2 AND s.timezone = $3
                      AND s.covered_until IS NOT DISTINCT FROM $4);
END
$$;
COMMENT ON FUNCTION service_affair.calendar_row_is_shipped(text, text, text, date) IS
  'True when these calendar values are exactly as this version of the extension ships them';

CREATE FUNCTION service_affair.calendar_day_is_shipped(cal text, day date, is_workday boolean, note text)
    RETURNS boolean
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
BEGIN
    RETURN EXISTS (SELECT 1 FROM service_affair.calendar_shipped_days($1) s
                    WHERE s.day = $2 AND s.is_workday = $3
                      AND s.note IS NOT DISTINCT FROM $4);
END
$$;
COMMENT ON FUNCTION service_affair.calendar_day_is_shipped(text, date, boolean, text) IS
  'True when this calendar_day row is exactly as this version of the extension ships it';

CREATE FUNCTION service_affair.calendar_replace_shipped() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    c service_affair.calendar;
    d service_affair.calendar_day;
BEGIN
    IF TG_TABLE_NAME = 'calendar' THEN
        SELECT * INTO c FROM service_affair.calendar x WHERE x.name = NEW.name FOR UPDATE;
        IF FOUND AND service_affair.calendar_row_is_shipped(c.name, c.weekmask, c.timezone, c.covered_until) THEN
            UPDATE service_affair.calendar x
               SET weekmask = NEW.weekmask, timezone = NEW.timezone, covered_until = NEW.covered_until
             WHERE x.name = NEW.name;
            RETURN NULL;
        END IF;
    ELSE
        SELECT * INTO d FROM service_affair.calendar_day x
         WHERE x.calendar = NEW.calendar AND x.day = NEW.day FOR UPDATE;
        IF FOUND AND service_affair.calendar_day_is_shipped(d.calendar, d.day, d.is_workday, d.note) THEN
            UPDATE service_affair.calendar_day x
               SET is_workday = NEW.is_workday, note = NEW.note
             WHERE x.calendar = NEW.calendar AND x.day = NEW.day;
            RETURN NULL;
        END IF;
    END IF;
    RETURN NEW;                 -- a new key, or a duplicate the primary key refuses
END
$$;
COMMENT ON FUNCTION service_affair.calendar_replace_shipped() IS
  'Trigger: an INSERT colliding with an unchanged shipped calendar or day updates it (so that a dump of an edited shipped calendar restores)';

CREATE TRIGGER calendar_replace_shipped
    BEFORE INSERT ON service_affair.calendar
    FOR EACH ROW EXECUTE FUNCTION service_affair.calendar_replace_shipped();
CREATE TRIGGER calendar_replace_shipped
    BEFORE INSERT ON service_affair.calendar_day
    FOR EACH ROW EXECUTE FUNCTION service_affair.calendar_replace_shipped();
COMMENT ON TRIGGER calendar_replace_shipped ON service_affair.calendar IS
  'An INSERT meeting the unchanged shipped calendar updates it (restore of an edited shipped calendar)';
COMMENT ON TRIGGER calendar_replace_shipped ON service_affair.calendar_day IS
  'An INSERT meeting an unchanged shipped day updates it (restore of an edited shipped calendar)';

SELECT pg_catalog.pg_extension_config_dump('service_affair.calendar',
    'WHERE NOT service_affair.calendar_row_is_shipped(name, weekmask, timezone, covered_until)');
SELECT pg_catalog.pg_extension_config_dump('service_affair.calendar_day',
    'WHERE NOT service_affair.calendar_day_is_shipped(calendar, day, is_workday, note)');
