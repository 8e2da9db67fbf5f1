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
-- revoked cases, 42_tongban.sql).  A lapsed rectification (not closed,
-- more than settle.quiet_days past its fix due day: fix_state() below) is
-- open, and its dues move as any open one's, but settling moves it since
-- 2026-12-07.  Since 2026-12-07 settling holds the due lock in shared mode
-- for the rest of its transaction, taken before anything else
-- (src/settle.c): under the due lock held exclusively no other transaction
-- holds a row this moves (every other writer of a rectification takes the
-- due lock first), and one statement without a lock clause moves them.
-- Before, settling took no due lock: the edit read the row of an appealed
-- rating settling was moving, waited for it and died with 40001 (already
-- moved to another partition; settle_appealed_calendar.spec); it skipped
-- the rows a run held (SKIP LOCKED), and a run rolled back left one with
-- the old calendar's dues for good (settle_fix_lapsed_calendar.spec); then,
-- for a few hours of 2026-12-07, it took the rows one by one in case order
-- and waited for a held one, and a second run of the settling transaction
-- wanting a lower case it had moved, or a calendar edit of that
-- transaction, deadlocked with it (40P01, settle_twice_calendar.spec;
-- 3 times the cost of the statement, doc/benchmarks-rate.md).
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
BEGIN
    -- the check, the due lock, the days the edit changed (22_calendar_triggers.sql)
    edit := service_affair.calendar_recompute_begin('rectification_recompute_dues', TG_RELID, TG_WHEN, TG_LEVEL, TG_OP);
    IF edit = '{}'::jsonb THEN  -- no working day changed (a note, covered_until): nothing can move
        RETURN NULL;
    END IF;
    -- one statement, no lock clause: under the due lock held exclusively no
    -- other transaction holds a row this moves (settling holds the due lock
    -- in shared mode, src/settle.c)
    UPDATE service_affair.rectification f
       SET callback_due = CASE WHEN f.called_back_at IS NULL THEN x.callback_due ELSE f.callback_due END,
           fix_due = x.fix_due
      FROM (SELECT y.rating_id, w.callback_due, w.fix_due
              FROM service_affair.rectification y
              JOIN service_affair.rating r ON r.id = y.rating_id AND NOT r.settled AND NOT r.appealed
              JOIN service_affair.cases c ON c.id = r.case_id AND NOT c.settled,
                   service_affair.rectification_windows(r.at, c.calendar, y.callback_days, y.fix_days) w
             WHERE NOT y.settled AND y.closed_at IS NULL
               -- any calendar's first (before the joins), then the case's
               AND service_affair.calendar_edit_moves(edit, '*',
                       GREATEST(CASE WHEN y.called_back_at IS NULL THEN y.callback_due END, y.fix_due))
               AND service_affair.calendar_edit_moves(edit, c.calendar,
                       GREATEST(CASE WHEN y.called_back_at IS NULL THEN y.callback_due END, y.fix_due))) x
     WHERE f.rating_id = x.rating_id AND NOT f.settled AND f.closed_at IS NULL
       AND (f.fix_due IS DISTINCT FROM x.fix_due
            OR (f.called_back_at IS NULL AND f.callback_due IS DISTINCT FROM x.callback_due));
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION service_affair.rectification_recompute_dues() IS
  'Trigger: after any edit of calendar or calendar_day, recompute the due dates of open rectifications (not those of appealed ratings, which settling may move; one statement: settling holds the due lock in shared mode, so no run holds a row under the edit''s; fix_due until the close, callback_due until the call-back; the day counts kept on the row, in the case''s calendar from the local day of the rating) that the edit can move (calendar_edit_moves()) under the due lock; refuses to run on any other table (42501)';
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
--
-- Every argument a caller can pass is answered (the functions are PUBLIC's):
-- the last day of the quiet period past the dates' range is infinity, never
-- past (a due at infinity included), one before it -infinity, always past
-- (a due at -infinity included); at infinite is its own day, ±infinity,
-- in a calendar read as for a finite at: NULL for a NULL calendar, 23503
-- for an unknown one (until 2026-12-07 an infinite at answered true or
-- false there, where every finite at gave NULL or 23503: the calendar was
-- never read; a review, followup_quiet_range.sql).  NULL in, NULL out,
-- as the other arguments: a NULL quiet_days is NULL whatever the due
-- (until 2026-12-07 an infinite due answered true or false without reading
-- it, a finite one NULL; a review, followup_quiet_range.sql).  NULL rather
-- than 22023: no caller passes it (settle_quiet_days() reads a missing
-- setting as 90, settle_cases() reads the checked setting), and a raise
-- would be a call the planner cannot inline, or a second reading of
-- quiet_days (IS NULL), which case_followups' subquery forbids.  For the
-- same reason a NULL quiet_days with an unknown calendar is left to the
-- plan: the days are computed, the calendar read (23503), before the
-- comparison meets the NULL, unless the planner has folded a NULL constant
-- first (NULL): a literal NULL, or a parameter of a custom plan, is NULL; a
-- column, or a parameter of a generic plan, 23503 (doc/ratings.md;
-- followup_quiet_range.sql pins both).  A NULL due reads no calendar.
-- Until 2026-12-07 a due near 5874897-12-31 or quiet_days near ±2^31
-- overflowed due + quiet_days, and an infinite at the local day, with 22008
-- (a review; followup_quiet_range.sql).  The bounds are the first and the
-- last date (4714-11-24 BC, 5874897-12-31), whose difference, 2,147,483,494
-- days, is an integer; the local day is asked once.  quiet_days is read
-- once, as the days between due and the local day (an integer, both dates
-- finite) compared with it: the planner inlines a SQL function only when
-- an argument read more than once is cheap, and case_followups passes
-- settle_quiet_days((SELECT ...)), a subquery (the first form of this
-- bound, CASE ... due + quiet_days, read it three times and went uninlined
-- there, a call per row; a review, followup_quiet_range.sql).
CREATE FUNCTION service_affair.followup_past_quiet(due date, cal text, at timestamptz, quiet_days integer) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
RETURN CASE WHEN pg_catalog.isfinite(due)
            THEN CASE WHEN pg_catalog.isfinite(at)
                      THEN (service_affair.local_day(at, cal) OPERATOR(pg_catalog.-) due)::pg_catalog.int8
                      WHEN at IS NULL THEN NULL
                      -- an infinite at reads the calendar as a finite one
                      -- does (NULL for none, 23503 an unknown one)
                      WHEN service_affair.local_day('2000-01-01 00:00+00'::pg_catalog.timestamptz, cal) IS NULL THEN NULL
                      WHEN at OPERATOR(pg_catalog.=) 'infinity'::pg_catalog.timestamptz
                      THEN ('5874897-12-31'::pg_catalog.date OPERATOR(pg_catalog.-) due)::pg_catalog.int8
                           OPERATOR(pg_catalog.+) 1
                      ELSE '-2147483649'::pg_catalog.int8 END
            -- an infinite due: the local day after it (a due at -infinity)
            -- is past every quiet period, one not after it (infinity) none:
            -- days above and below every integer, compared with quiet_days
            -- as a finite due's are, so that a NULL quiet_days is NULL here
            -- too (until 2026-12-07 this branch answered without reading it).
            -- A NULL due takes no branch and reads no calendar: NULL, as a
            -- NULL at (until 2026-12-07 it came here, and an unknown
            -- calendar was 23503 when due was read at run time, NULL when
            -- the planner folded a NULL constant first)
            WHEN due IS NOT NULL
            THEN CASE CASE WHEN pg_catalog.isfinite(at) THEN service_affair.local_day(at, cal)
                           WHEN at IS NULL THEN NULL
                           WHEN service_affair.local_day('2000-01-01 00:00+00'::pg_catalog.timestamptz, cal) IS NULL THEN NULL
                           ELSE at::pg_catalog.date END
                      OPERATOR(pg_catalog.>) due
                 WHEN true THEN '2147483648'::pg_catalog.int8
                 WHEN false THEN '-2147483649'::pg_catalog.int8 END END
       OPERATOR(pg_catalog.>) quiet_days;
COMMENT ON FUNCTION service_affair.followup_past_quiet(date, text, timestamptz, integer) IS
  'Internal: whether the local day of at in calendar cal is more than quiet_days days after due: the day arithmetic of callback_state() (missed) and fix_state() (lapsed), written once; a quiet period ending past the last date (a due at infinity) is never over, one ending before the first (a due at -infinity) always is; an infinite at is its own day, its calendar read as for a finite at (NULL for none, 23503 unknown); NULL for a NULL due, at or quiet_days, whatever the due (but a NULL quiet_days read at run time with an unknown calendar: 23503); never 22008; pure rule of a view, executable by PUBLIC';

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
