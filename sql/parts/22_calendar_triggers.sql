-- The triggers that follow calendar edits (the due lock before an edit,
-- 51_calendar_due_lock.sql; the recomputations of stored due dates after
-- it, one per part that stores them) run as owner (SECURITY DEFINER) and
-- must run nowhere else: attached to a temp table by any role they would
-- lock the due lock exclusively or recompute as the owner.  Their one check.
CREATE FUNCTION service_affair.calendar_trigger_check(fn text, relid oid, tg_when text, tg_level text, expected_when text)
    RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF relid NOT IN ('service_affair.calendar'::pg_catalog.regclass, 'service_affair.calendar_day'::pg_catalog.regclass)
       OR tg_when IS DISTINCT FROM expected_when OR tg_level IS DISTINCT FROM 'STATEMENT' THEN
        RAISE EXCEPTION '%() is not a trigger of this table', fn
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('It runs %s statements on service_affair.calendar and service_affair.calendar_day only.',
                                             pg_catalog.lower(expected_when));
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.calendar_trigger_check(text, oid, text, text, text) IS
  'Internal: raises 42501 (fn() is not a trigger of this table) unless a trigger runs for a statement on calendar or calendar_day at the expected time (BEFORE, AFTER): the one check of calendar_due_lock() and every recompute trigger';
REVOKE EXECUTE ON FUNCTION service_affair.calendar_trigger_check(text, oid, text, text, text) FROM PUBLIC;

-- Which stored due dates an edit of calendar_day can move.  A due date of n
-- working days counted from a start day depends on the days from the start
-- to the due only: an edit whose changed days all come after a stored due
-- leaves that due where it is.  Entering next year's holidays, the common
-- edit, moves nothing still open this year, and the recompute triggers now
-- skip every row it cannot move instead of recomputing all open work
-- (10.9 s an edit with 100,000 open cases, all under the due lock:
-- doc/benchmarks-calendar.md).  The changed days come from the statement's
-- transition tables: calendar_edit_days() records, per calendar, the
-- earliest day whose working status the statement changed, in the
-- transaction's setting service_affair.calendar_edit_window, after the due
-- lock's trigger (calendar_due_lock(), before the statement) has emptied
-- it, and before the recompute triggers (fired after it: triggers of one
-- event fire in the order of their names) read it.  An update of calendar
-- rows that moves covered_until and changes no weekmask, time zone or name
-- moves nothing (covered_until only marks later results provisional when
-- they are read; the yearly notice moves it in the same transaction as its
-- days); any other edit of calendar (a weekmask, a time zone, a rename, a
-- rewrite that changes nothing), a TRUNCATE, or a statement whose days were
-- not recorded recomputes everything, as every edit did before.
-- The two settings (calendar_edit_window, calendar_edit_covered) are left
-- settings any role may set, unlike the inspection log's marks
-- (src/service_affair.c; re-examined 2026-12-06, markers_bypass.sql): a
-- value the caller sets is never read.  calendar_edit_days() fires before
-- the recompute triggers of every event whose recompute triggers read one
-- (calendar_day INSERT, UPDATE, DELETE; calendar UPDATE: calendar_edit_window()
-- and calendar_covered_before() answer NULL for any other), and it writes
-- calendar_edit_window each time; the statement triggers of one event are
-- queued together and fire one after the other, so no trigger of the
-- caller's (a temporary table's, written in the same WITH, before or after
-- the edit's rows) fires between it and the readers, and none of the
-- extension's triggers after it writes either setting.
-- calendar_edit_covered is written only when calendar_edit_window is ''
-- (an update of calendar rows that changed more than covered_until); with
-- '{}' (covered_until alone) no row moves and recompute_dues() returns
-- before asking calendar_covered_before(): a value a caller's trigger left
-- there after calendar_due_lock() emptied it goes unread.  A reader that asks calendar_covered_before() with no day
-- changed would have to empty it in calendar_edit_days() first.

-- The days an edit of calendar_day changed, as the recompute triggers read
-- them: NULL (recompute everything) unless the trigger fires after an
-- INSERT, UPDATE or DELETE of calendar_day whose days calendar_edit_days()
-- recorded; else a jsonb object naming, for each calendar with a changed
-- day, the earliest such day, and under the key * the earliest of all (a
-- test that needs no calendar: a query can apply it before the join that
-- finds a row's calendar).
CREATE FUNCTION service_affair.calendar_edit_window(relid oid, op text) RETURNS jsonb
    LANGUAGE sql STABLE
RETURN CASE WHEN (relid OPERATOR(pg_catalog.=) 'service_affair.calendar_day'::pg_catalog.regclass
                  AND op OPERATOR(pg_catalog.=) ANY ('{INSERT,UPDATE,DELETE}'::text[]))
                 OR (relid OPERATOR(pg_catalog.=) 'service_affair.calendar'::pg_catalog.regclass
                     AND op OPERATOR(pg_catalog.=) 'UPDATE')
            THEN NULLIF(pg_catalog.current_setting('service_affair.calendar_edit_window', true), '')::jsonb
       END;
COMMENT ON FUNCTION service_affair.calendar_edit_window(oid, text) IS
  'Internal: for a recompute trigger (TG_RELID, TG_OP), the days the edit of calendar_day changed, per calendar the earliest and under the key * the earliest of all (recorded by calendar_edit_days()), or none ({}) for an update of calendar rows that moved covered_until and changed no weekmask, time zone or name; NULL, recompute everything, for any other edit of calendar, a TRUNCATE, or days not recorded';
REVOKE EXECUTE ON FUNCTION service_affair.calendar_edit_window(oid, text) FROM PUBLIC;

-- The covered_until of the calendars an UPDATE of calendar rows changed, as
-- they were before the statement (a due after it was provisional when the
-- edit came: recompute_dues() counts such a concluded case again): NULL
-- unless the trigger fires after an UPDATE of calendar that changed more
-- than covered_until (calendar_edit_days() records it then; for an edit
-- of calendar_day, calendar's covered_until as it stands is the one before
-- the edit).  Keyed by the names before the statement: a renamed calendar
-- is not found under its new name.
-- A shard replays an applied transaction after all of it
-- (service_affair_shard.calendar_replayed(): an empty UPDATE of calendar at
-- its commit), when covered_until has already moved: the notice's days and
-- the move of covered_until committed together would find no provisional
-- due (until 2026-12-05; a second read).  There the shard's row trigger
-- calendar_replay_covered records, under apply, the covered_until each
-- calendar had before the applied transaction in the setting
-- service_affair.calendar_replay_covered (the first per calendar), which
-- calendar_due_lock() leaves alone; read here in replica mode only (logical
-- apply; superuser-only otherwise), and it wins over the statement's own.
CREATE FUNCTION service_affair.calendar_covered_before(relid oid, op text) RETURNS jsonb
    LANGUAGE sql STABLE
RETURN CASE WHEN relid OPERATOR(pg_catalog.=) 'service_affair.calendar'::pg_catalog.regclass
                 AND op OPERATOR(pg_catalog.=) 'UPDATE'
            THEN NULLIF(COALESCE(NULLIF(pg_catalog.current_setting('service_affair.calendar_edit_covered', true), '')::jsonb,
                                 '{}'::jsonb)
                        OPERATOR(pg_catalog.||)
                        COALESCE(CASE WHEN pg_catalog.current_setting('session_replication_role') OPERATOR(pg_catalog.=) 'replica'
                                      THEN NULLIF(pg_catalog.current_setting('service_affair.calendar_replay_covered', true), '')::jsonb
                                 END,
                                 '{}'::jsonb),
                        '{}'::jsonb)
       END;
COMMENT ON FUNCTION service_affair.calendar_covered_before(oid, text) IS
  'Internal: for a recompute trigger (TG_RELID, TG_OP) after an UPDATE of calendar rows that changed more than covered_until, each changed calendar''s covered_until before the statement (name: day, or null), recorded by calendar_edit_days(); in replica mode (a shard''s replay of an applied transaction), for each calendar that transaction updated, its covered_until before the transaction (setting service_affair.calendar_replay_covered, recorded by the shard''s trigger calendar_replay_covered), which wins; NULL for any other edit or when none is recorded (covered_until as it stands is the one before it)';
REVOKE EXECUTE ON FUNCTION service_affair.calendar_covered_before(oid, text) FROM PUBLIC;

-- The start of every recompute trigger: its check, the due lock taken
-- exclusively (due_lock_shared() is the shared side), and the days the
-- edit changed.
CREATE FUNCTION service_affair.calendar_recompute_begin(fn text, relid oid, tg_when text, tg_level text, op text)
    RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM service_affair.calendar_trigger_check(fn, relid, tg_when, tg_level, 'AFTER');
    LOCK TABLE service_affair.due_clock IN EXCLUSIVE MODE;
    RETURN service_affair.calendar_edit_window(relid, op);
END
$$;
COMMENT ON FUNCTION service_affair.calendar_recompute_begin(text, oid, text, text, text) IS
  'Internal: the start of every <part>_recompute_dues trigger (fn, TG_RELID, TG_WHEN, TG_LEVEL, TG_OP): 42501 unless it runs after a statement on calendar or calendar_day (calendar_trigger_check()), then the due lock exclusively, then the days the edit changed (calendar_edit_window())';
REVOKE EXECUTE ON FUNCTION service_affair.calendar_recompute_begin(text, oid, text, text, text) FROM PUBLIC;

-- The one rule of which rows a recompute trigger recomputes: those of a
-- calendar the edit changed whose last counted day (the stored due, or a
-- later day the count reads, such as a suspension's end) is on or after the
-- earliest changed day; every row when the changed days are unknown
-- (edit NULL) or the row has no such day.  Inlined where it is called.
-- Each trigger applies it to the rows it reads before it counts anything
-- for them (a due, a suspension's days): a filter of the rows, not of the
-- results, so that an edit of a calendar no row uses counts nothing.  A
-- comparison of the stored due with the one counted again, written beside
-- it, may be put before it by the planner (leg_recompute_dues() until
-- 2026-12-07: every open leg's due counted again): the rows it keeps are
-- read in a subquery of their own (OFFSET 0) or a CTE first
-- (calendar_edit_scope.sql counts the calls).
CREATE FUNCTION service_affair.calendar_edit_moves(edit jsonb, cal text, last_day date) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
RETURN edit IS NULL OR last_day IS NULL
       OR last_day OPERATOR(pg_catalog.>=) (edit OPERATOR(pg_catalog.->>) cal)::date;
COMMENT ON FUNCTION service_affair.calendar_edit_moves(jsonb, text, date) IS
  'Internal: whether a calendar edit (calendar_edit_window()) can move a due date counted in calendar cal up to last_day: always when the changed days are unknown or last_day is NULL, never for a calendar the edit did not change, else when last_day is on or after its earliest changed day (cal * : of any calendar)';
REVOKE EXECUTE ON FUNCTION service_affair.calendar_edit_moves(jsonb, text, date) FROM PUBLIC;

CREATE FUNCTION service_affair.calendar_edit_days() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    edit jsonb;
BEGIN
    PERFORM service_affair.calendar_trigger_check('calendar_edit_days', TG_RELID, TG_WHEN, TG_LEVEL, 'AFTER');
    IF NOT ((TG_RELID = 'service_affair.calendar_day'::pg_catalog.regclass AND TG_OP IN ('INSERT', 'UPDATE', 'DELETE'))
            OR (TG_RELID = 'service_affair.calendar'::pg_catalog.regclass AND TG_OP = 'UPDATE')) THEN
        RAISE EXCEPTION 'calendar_edit_days() is not a trigger of this table'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'It runs after INSERT, UPDATE and DELETE statements on service_affair.calendar_day and UPDATE statements on service_affair.calendar only.';
    END IF;
    IF TG_RELID = 'service_affair.calendar'::pg_catalog.regclass THEN
        -- calendar rows: their weekmask, time zone and name move due dates;
        -- covered_until does not (sla_provisional() reads it when a due is
        -- read).  A statement that moved covered_until and changed none of
        -- the three moves nothing; any other leaves the changed days
        -- unknown and everything is recomputed: a change of the three, a
        -- rewrite that changes nothing (UPDATE ... SET weekmask = weekmask,
        -- the documented way to recompute every open due: doc/routing.md),
        -- a statement of no rows (the shards' replay of an applied edit,
        -- service_affair_shard.calendar_replayed()).
        IF EXISTS ((SELECT n.name, n.covered_until FROM edit_new n
                    EXCEPT ALL
                    SELECT o.name, o.covered_until FROM edit_old o)
                   UNION ALL
                   (SELECT o.name, o.covered_until FROM edit_old o
                    EXCEPT ALL
                    SELECT n.name, n.covered_until FROM edit_new n))
           AND NOT EXISTS ((SELECT n.name, n.weekmask, n.timezone FROM edit_new n
                            EXCEPT ALL
                            SELECT o.name, o.weekmask, o.timezone FROM edit_old o)
                           UNION ALL
                           (SELECT o.name, o.weekmask, o.timezone FROM edit_old o
                            EXCEPT ALL
                            SELECT n.name, n.weekmask, n.timezone FROM edit_new n)) THEN
            PERFORM pg_catalog.set_config('service_affair.calendar_edit_window', '{}', true);
        ELSE
            -- unknown, said here: calendar_due_lock() emptied it before the
            -- statement, but when the calendar is updated in a CTE of a
            -- statement on calendar_day, the main statement's AFTER
            -- triggers (recording its days, or '{}' for a note) fire first,
            -- and calendar's recompute triggers would read those
            PERFORM pg_catalog.set_config('service_affair.calendar_edit_window', '', true);
            -- and the covered_until of each row before the statement: a due
            -- was provisional when the edit came by that one, not by the
            -- one the statement wrote (calendar_covered_before())
            PERFORM pg_catalog.set_config('service_affair.calendar_edit_covered',
                                          COALESCE((SELECT pg_catalog.jsonb_object_agg(o.name, o.covered_until) FROM edit_old o), '{}')::text,
                                          true);
        END IF;
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        SELECT pg_catalog.jsonb_object_agg(x.calendar, x.day) OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object('*', pg_catalog.min(x.day)) INTO edit
          FROM (SELECT n.calendar, pg_catalog.min(n.day) AS day FROM edit_new n GROUP BY n.calendar) x;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT pg_catalog.jsonb_object_agg(x.calendar, x.day) OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object('*', pg_catalog.min(x.day)) INTO edit
          FROM (SELECT o.calendar, pg_catalog.min(o.day) AS day FROM edit_old o GROUP BY o.calendar) x;
    ELSE
        -- a day whose working status or key changed (a note moves nothing;
        -- a rename of the calendar changes every day of both names)
        SELECT pg_catalog.jsonb_object_agg(x.calendar, x.day) OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object('*', pg_catalog.min(x.day)) INTO edit
          FROM (SELECT c.calendar, pg_catalog.min(c.day) AS day
                  FROM ((SELECT n.calendar, n.day, n.is_workday FROM edit_new n
                         EXCEPT ALL
                         SELECT o.calendar, o.day, o.is_workday FROM edit_old o)
                        UNION ALL
                        (SELECT o.calendar, o.day, o.is_workday FROM edit_old o
                         EXCEPT ALL
                         SELECT n.calendar, n.day, n.is_workday FROM edit_new n)) c
                 GROUP BY c.calendar) x;
    END IF;
    PERFORM pg_catalog.set_config('service_affair.calendar_edit_window', COALESCE(edit, '{}'::jsonb)::text, true);
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION service_affair.calendar_edit_days() IS
  'Trigger: after an INSERT, UPDATE or DELETE of calendar_day, records per calendar the earliest day whose working status the statement changed, and after an UPDATE of calendar that moved covered_until and changed no weekmask, time zone or name, that no day changed (setting service_affair.calendar_edit_window, read by the recompute triggers that fire after it: calendar_edit_window()); after any other UPDATE of calendar, the covered_until of its rows before it (setting service_affair.calendar_edit_covered: calendar_covered_before()); refuses to run on any other table (42501)';
REVOKE EXECUTE ON FUNCTION service_affair.calendar_edit_days() FROM PUBLIC;
-- named to fire before every <part>_recompute_dues trigger (AFTER
-- statement triggers of one event fire in the order of their names)
CREATE TRIGGER calendar_edit_days_ins
    AFTER INSERT ON service_affair.calendar_day REFERENCING NEW TABLE AS edit_new
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.calendar_edit_days();
CREATE TRIGGER calendar_edit_days_upd
    AFTER UPDATE ON service_affair.calendar_day REFERENCING OLD TABLE AS edit_old NEW TABLE AS edit_new
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.calendar_edit_days();
CREATE TRIGGER calendar_edit_days_del
    AFTER DELETE ON service_affair.calendar_day REFERENCING OLD TABLE AS edit_old
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.calendar_edit_days();
CREATE TRIGGER calendar_edit_rows_upd
    AFTER UPDATE ON service_affair.calendar REFERENCING OLD TABLE AS edit_old NEW TABLE AS edit_new
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.calendar_edit_days();
COMMENT ON TRIGGER calendar_edit_rows_upd ON service_affair.calendar IS
  'Records that an update of calendar rows moved covered_until only (no weekmask, time zone or name changed), so that the recompute triggers move nothing';
COMMENT ON TRIGGER calendar_edit_days_ins ON service_affair.calendar_day IS
  'Records the days an insert changed, so that the recompute triggers move only the due dates those days can move';
COMMENT ON TRIGGER calendar_edit_days_upd ON service_affair.calendar_day IS
  'Records the days an update changed (working status or key), so that the recompute triggers move only the due dates those days can move';
COMMENT ON TRIGGER calendar_edit_days_del ON service_affair.calendar_day IS
  'Records the days a delete changed, so that the recompute triggers move only the due dates those days can move';

-- The calendar named cn is the extension's own: the credit record and the
-- inspections count their days on it (credit_today(), credit_record(), the
-- targets' clean window), complaints that name no case or item take it, and
-- it is the default of the working-day functions, items and service points.
-- Renamed or deleted, every foreign key followed but those did not: the
-- sweep, intake for an applicant with a credit record and the credit API
-- failed with 23503 'calendar "cn" does not exist' (until 2026-12-04; a
-- review).  Its days are edited as any calendar's; a calendar of one's own
-- goes under another name.
CREATE FUNCTION service_affair.calendar_keep_national() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_RELID <> 'service_affair.calendar'::pg_catalog.regclass OR TG_WHEN <> 'BEFORE'
       OR TG_OP NOT IN ('UPDATE', 'DELETE', 'TRUNCATE')
       OR TG_LEVEL <> (CASE WHEN TG_OP = 'TRUNCATE' THEN 'STATEMENT' ELSE 'ROW' END) THEN
        RAISE EXCEPTION 'calendar_keep_national() is not a trigger of this table'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'It runs before each row an update or delete of service_affair.calendar touches, and before its truncation, only.';
    END IF;
    IF TG_OP = 'TRUNCATE' THEN
        IF NOT EXISTS (SELECT FROM service_affair.calendar c WHERE c.name = 'cn') THEN
            RETURN NULL;
        END IF;
    ELSIF OLD.name <> 'cn' OR (TG_OP = 'UPDATE' AND NEW.name = 'cn') THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    RAISE EXCEPTION 'calendar cn cannot be renamed or removed'
        USING ERRCODE = 'object_not_in_prerequisite_state',
              DETAIL = 'The extension counts on the calendar named cn: the credit record and the inspections count their days on it, a complaint naming no case or item takes it, and it is the default of the working-day functions, items and service points.',
              HINT = 'Edit its days, weekmask or time zone as any calendar''s; give a calendar of your own another name.';
END
$$;
COMMENT ON FUNCTION service_affair.calendar_keep_national() IS
  'Trigger: refuses renaming, deleting or truncating away the calendar cn, which the credit record, complaints and the defaults name (55000); refuses to run on any other table (42501)';
REVOKE EXECUTE ON FUNCTION service_affair.calendar_keep_national() FROM PUBLIC;
CREATE TRIGGER calendar_keep_national
    BEFORE UPDATE OF name OR DELETE ON service_affair.calendar
    FOR EACH ROW EXECUTE FUNCTION service_affair.calendar_keep_national();
COMMENT ON TRIGGER calendar_keep_national ON service_affair.calendar IS
  'The calendar cn is neither renamed nor deleted (55000): the credit record, complaints and the defaults name it';
CREATE TRIGGER calendar_keep_national_truncate
    BEFORE TRUNCATE ON service_affair.calendar
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.calendar_keep_national();
COMMENT ON TRIGGER calendar_keep_national_truncate ON service_affair.calendar IS
  'The calendar cn is not truncated away (55000)';
