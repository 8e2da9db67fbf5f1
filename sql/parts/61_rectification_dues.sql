-- Calendar edits and the rectifications of bad ratings (60_ratings.sql):
-- the trigger that moves their due dates, in a part of its own so that the
-- install and the update from 0.1.0 share it (the update adds the day
-- counts it reads in its 60_ratings.sql).

-- Calendar edits move the due dates of open rectifications, as they move
-- the tasks' (recompute_dues(), 50_routing.sql), with the day counts kept
-- on the row (a later change of the settings moves nothing): fix_due until
-- the close, callback_due until the call-back.  Under the due lock, which
-- every writer of a rating takes first (lock_rating(), rate()); a
-- rectification settling may move is never touched: a closed one, and the
-- open one of an appealed rating, which is owed nothing (doc/ratings.md)
-- and no longer keeps its case from settling (src/settle.c), so it keeps
-- the dues it had when the appeal was upheld (as the legs of withdrawn and
-- revoked cases, 42_tongban.sql).  Settling takes no due lock, and this
-- locks no case: until 2026-12-07 it read the open rectification of an
-- appealed rating that settling was moving, waited for it, and the
-- calendar edit died with 40001 (already moved to another partition;
-- settle_appealed_calendar.spec).  A lapsed rectification (not closed,
-- more than settle.quiet_days past its fix due day: fix_state() below) is
-- open, and its dues move as any open one's, but settling moves it since
-- 2026-12-07.  Under the due lock held exclusively only a settling run can
-- hold such a row (every other writer of a rectification takes the due
-- lock first), and it may still roll back (an error, a cancel, a caller's
-- ROLLBACK): skipped (SKIP LOCKED, as on 2026-12-07), the row stayed open
-- with the dues of the old calendar for good, and lapsed by a stale fix
-- due (a review, settle_fix_lapsed_calendar.spec).  So the rows are taken
-- one by one in the order settling takes them (case id), a held one
-- waited for: settling rolled back, it moves; settling committed, it was
-- moved into the history, and PostgreSQL's 40001 (READ COMMITTED: only a
-- cross-partition move) is caught, nothing to do.  In that order the edit
-- holds no row a settling run it waits for still wants (locked all at
-- once, the rows after the held one were: 40P01,
-- settle_fix_lapsed_order.spec).  The edit waits at most for the rest of
-- one settling run (batches of max_cases); an edit that moves nothing
-- waits for nothing.  A move committed in the instant between the read of
-- a row and its lock is still 40001: a retry of the edit finds it settled.
-- Since 2026-12-07 settling holds the due lock in shared mode for the
-- rest of its transaction (src/settle.c), taken before anything else: the
-- edit waits for a settling transaction before it touches a row, so it
-- meets no row a run holds.  Until then a second run of the transaction
-- (a later as-of) wanting a lower case the edit had moved, or a calendar
-- edit of the settling transaction itself, deadlocked with an edit
-- waiting for a row the first run held (40P01, settle_twice_calendar.spec).
-- The appeal takes the due lock (lock_rating())
-- and is never undone, so what this reads under the lock stays so.  Until
-- 2026-12-03 a calendar edit moved neither: a call-back could fall due on a
-- holiday entered after the rating.
CREATE FUNCTION service_affair.rectification_recompute_dues() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    edit jsonb;
    v_held bigint;
BEGIN
    -- the check, the due lock, the days the edit changed (22_calendar_triggers.sql)
    edit := service_affair.calendar_recompute_begin('rectification_recompute_dues', TG_RELID, TG_WHEN, TG_LEVEL, TG_OP);
    IF edit = '{}'::jsonb THEN  -- no working day changed (a note, covered_until): nothing can move
        RETURN NULL;
    END IF;
    FOR v_held IN
        SELECT y.rating_id
          FROM service_affair.rectification y
          JOIN service_affair.rating r ON r.id = y.rating_id AND NOT r.settled AND NOT r.appealed
          JOIN service_affair.cases c ON c.id = r.case_id AND NOT c.settled,
               service_affair.rectification_windows(r.at, c.calendar, y.callback_days, y.fix_days) w
         WHERE NOT y.settled AND y.closed_at IS NULL
           -- any calendar's first (before the joins), then the case's
           AND service_affair.calendar_edit_moves(edit, '*',
                   GREATEST(CASE WHEN y.called_back_at IS NULL THEN y.callback_due END, y.fix_due))
           AND service_affair.calendar_edit_moves(edit, c.calendar,
                   GREATEST(CASE WHEN y.called_back_at IS NULL THEN y.callback_due END, y.fix_due))
           AND (y.fix_due IS DISTINCT FROM w.fix_due
                OR (y.called_back_at IS NULL AND y.callback_due IS DISTINCT FROM w.callback_due))
         ORDER BY r.case_id, y.rating_id  -- settling's order
    LOOP
        PERFORM FROM service_affair.rectification f WHERE f.rating_id = v_held AND NOT f.settled FOR UPDATE SKIP LOCKED;
        IF NOT FOUND THEN  -- a settling run holds it (or settled it since): waited for
            BEGIN
                PERFORM FROM service_affair.rectification f WHERE f.rating_id = v_held AND NOT f.settled FOR UPDATE;
            EXCEPTION WHEN serialization_failure THEN
                CONTINUE;  -- moved into the history by the run waited for
            END;
        END IF;
        UPDATE service_affair.rectification f
           SET callback_due = CASE WHEN f.called_back_at IS NULL THEN x.callback_due ELSE f.callback_due END,
               fix_due = x.fix_due
          FROM (SELECT y.rating_id, w.callback_due, w.fix_due
                  FROM service_affair.rectification y
                  JOIN service_affair.rating r ON r.id = y.rating_id
                  JOIN service_affair.cases c ON c.id = r.case_id AND NOT c.settled,
                       service_affair.rectification_windows(r.at, c.calendar, y.callback_days, y.fix_days) w
                 WHERE y.rating_id = v_held AND NOT y.settled AND NOT r.settled) x
         WHERE f.rating_id = x.rating_id AND NOT f.settled AND f.closed_at IS NULL;
    END LOOP;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION service_affair.rectification_recompute_dues() IS
  'Trigger: after any edit of calendar or calendar_day, recompute the due dates of open rectifications (not those of appealed ratings, which settling may move, each row locked in case order, one a settling run holds waited for and left once settled; fix_due until the close, callback_due until the call-back; the day counts kept on the row, in the case''s calendar from the local day of the rating) that the edit can move (calendar_edit_moves()) under the due lock; refuses to run on any other table (42501)';
REVOKE EXECUTE ON FUNCTION service_affair.rectification_recompute_dues() FROM PUBLIC;
CREATE TRIGGER rectification_recompute_dues
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON service_affair.calendar
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.rectification_recompute_dues();
COMMENT ON TRIGGER rectification_recompute_dues ON service_affair.calendar IS 'A calendar edit moves the due dates of open rectifications';
CREATE TRIGGER rectification_recompute_dues
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON service_affair.calendar_day
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.rectification_recompute_dues();
COMMENT ON TRIGGER rectification_recompute_dues ON service_affair.calendar_day IS 'A calendar edit moves the due dates of open rectifications';

-- The call-back owed the rater of a bad rating, and when it counts as
-- missed (doc/ratings.md, "record_callback"; doc/scale.md, "Slice 2").  A
-- call-back not made keeps its case from settling, but not for ever: until
-- 2026-12-07 a call-back never made (the rater unreachable, the reviewer
-- forgot) kept its case in the open partitions for good, and they grew
-- without bound.  It counts as missed once the local day (case calendar)
-- is past callback_due by more than settle.quiet_days days, the period in
-- which settling waits for anything else that may still come; the case
-- then settles (src/settle.c), record_callback() is refused (55000), and
-- called_back_at stays NULL: every view counts it as not made.
-- The one home of the rule, asked by the candidates of settle_cases() and
-- its re-check under the case lock (one statement each, same call),
-- record_callback() and case_followups.

-- settle.quiet_days as settling reads it, from the setting's value (NULL:
-- no row, the default): the default and the bounds written once, in C
-- (src/settle.c).  Pure, executable by PUBLIC as the other rules of the
-- views: case_followups passes it the row it reads as the view's owner.
CREATE FUNCTION service_affair.settle_quiet_days(setting_value text) RETURNS integer
    AS 'MODULE_PATHNAME', 'sa_settle_quiet_days_sql'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.settle_quiet_days(text) IS
  'Internal: the quiet period of settling as settle_cases() takes it from the value of setting settle.quiet_days (NULL, no row: the default 90; 22P02 not an integer, 22023 outside 0..36500); a pure rule of the view case_followups';

-- The three rules below are SQL functions of the standard body, without
-- SET, so that the planner inlines them (as local_month(), 20_calendar.sql:
-- their names are bound when they are made): settle_cases() asks them of
-- every rectification of its candidates on every run.  Until 2026-12-07
-- callback_state() was a body in quotes with SET search_path, which no
-- planner inlines: a call through the function manager and a search_path
-- set and reset per row, about 25 times the cost of the expression
-- (one_home.sql, settle_callback_missed.sql).
--
-- The day arithmetic of both rules (the call-back missed, the fix lapsed),
-- written once: the local day of at in calendar cal is more than
-- quiet_days days after due.
CREATE FUNCTION service_affair.followup_past_quiet(due date, cal text, at timestamptz, quiet_days integer) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
RETURN service_affair.local_day(at, cal) OPERATOR(pg_catalog.>) (due OPERATOR(pg_catalog.+) quiet_days);
COMMENT ON FUNCTION service_affair.followup_past_quiet(date, text, timestamptz, integer) IS
  'Internal: whether the local day of at in calendar cal is more than quiet_days days after due: the day arithmetic of callback_state() (missed) and fix_state() (lapsed), written once; pure rule of a view, executable by PUBLIC';

CREATE FUNCTION service_affair.callback_state(callback_due date, called_back_at timestamptz, cal text,
                                              at timestamptz, quiet_days integer) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE WHEN called_back_at IS NOT NULL THEN 'called_back'
            WHEN service_affair.followup_past_quiet(callback_due, cal, at, quiet_days) THEN 'missed'
            ELSE 'owed' END;
COMMENT ON FUNCTION service_affair.callback_state(date, timestamptz, text, timestamptz, integer) IS
  'Internal: the call-back of a rectification at instant at: called_back (called_back_at set), missed (not made, and the local day of at in calendar cal is more than quiet_days days after callback_due: its case may settle, record_callback() refuses it) or owed; the one home of the rule (settle_cases(), record_callback(), case_followups); pure rule of a view, executable by PUBLIC';
-- (executable by PUBLIC: a pure rule of the view case_followups, which its
-- reader evaluates; public_grants.sql)

-- The fix side of the same rule: a rectification never closed (the
-- reviewer never came back to it) kept its case in the open partitions for
-- good until 2026-12-07, as a call-back never made did until 2026-12-07.
-- It counts as lapsed once the local day (case calendar) is more than
-- settle.quiet_days days after fix_due: the case may then settle
-- (src/settle.c, candidates and re-check alike), close_rectification() is
-- refused (55000), closed_at stays NULL, and every count reads it as not
-- rectified on time (satisfaction_facts.rectified_on_time false, in the
-- month of its case, settled or not).  Asked by settle_cases(),
-- close_rectification() and case_followups (fix_lapsed).
CREATE FUNCTION service_affair.fix_state(fix_due date, closed_at timestamptz, cal text,
                                         at timestamptz, quiet_days integer) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE WHEN closed_at IS NOT NULL THEN 'closed'
            WHEN service_affair.followup_past_quiet(fix_due, cal, at, quiet_days) THEN 'lapsed'
            ELSE 'open' END;
COMMENT ON FUNCTION service_affair.fix_state(date, timestamptz, text, timestamptz, integer) IS
  'Internal: the rectification at instant at: closed (closed_at set), lapsed (not closed, and the local day of at in calendar cal is more than quiet_days days after fix_due: its case may settle, close_rectification() refuses it) or open; the one home of the rule (settle_cases(), close_rectification(), case_followups); pure rule of a view, executable by PUBLIC';
-- (executable by PUBLIC, as callback_state(): public_grants.sql)
