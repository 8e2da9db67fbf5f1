-- Argument rules shared by every writer.
--
-- Blank text.  A required reason, note, finding, assignee or name must say
-- something a reader can see: the one rule for "blank" lives in
-- src/core/text.c (Unicode's White_Space, the ideographic space U+3000 a
-- Chinese input method types among them, Default_Ignorable_Code_Point:
-- characters that render as nothing, such as U+200B, U+200E and U+FEFF, and
-- the control characters U+0001..U+001F, U+007F..U+009F).
--
-- An optional text (a review's or a decision's note, the findings of a
-- kept or waived check, a visit's purpose, a rating's comment) that is
-- blank is none: it is recorded as NULL, as record_result() records blank
-- findings of a pass (70_inspection.sql), rather than kept in the
-- append-only history as a text that says nothing, or refusing the call
-- (a rating or a decision lost over the spaces of an empty form field).
-- Each writer asks, after bounding its length,
--   x := CASE WHEN NOT service_affair.is_blank(x) THEN x END;

CREATE FUNCTION service_affair.is_blank(value text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'sa_is_blank_sql'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.is_blank(text) IS
  'Internal: true when the text is empty or only white space, invisible and control characters (U+3000, U+00A0, U+200B, tabs, U+0001, ...); the rule every writer of a required text asks (src/core/text.c)';
REVOKE EXECUTE ON FUNCTION service_affair.is_blank(text) FROM PUBLIC;
-- Administrators write evidence_type, service_point and agent directly (no
-- API writer), whose CHECKs ask the rule; a CHECK's function is executed
-- with the writer's privileges.
INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    ('admin', 'EXECUTE', 'service_affair.is_blank(text)');

-- Text as an error echoes it: every control character (C0, DEL and C1,
-- U+2028 and U+2029 that end a line, the bidirectional controls that
-- reorder what follows: U+061C, U+200E/F, U+202A-E, U+2066-9) replaced by
-- ?, so that an echoed argument cannot end a line of the server log or of
-- a client's screen and write one of its own, nor turn the detail around
-- it.  mask_identifier() echoes through it, and so do the codes
-- check_intake_place() repeats (until 2026-12-06 both echoed them as
-- typed, control characters included; a review), and so does every detail
-- that repeats a caller's text cut to its first characters,
-- quote_literal(printable(left(x, n))) (until 2026-12-07 an unknown kind,
-- request key, channel, phrase and some forty more were echoed as typed; a
-- second read).  U+061C, the Arabic letter mark, was left out until 2026-12-06 (a
-- hostile review).  The rule lives once, in src/core/text.c
-- (sa_text_echo()), which the C errors echo through too (sa_echo()); until
-- 2026-12-07 this was a regular expression of its own and the C errors
-- (an unknown calendar, time zone, channel, status, grade, the input of a
-- uscc...) only cut what they repeated.  Since 2026-12-08 the characters
-- that show as nothing are ? too (U+00AD, U+034F, U+115F/U+1160, U+180E,
-- U+200B-U+200D, U+2060-U+206F, U+3164, U+FEFF, U+FFA0, U+FFF0-U+FFFB, the
-- tags and the rest of U+E0000-U+E0FFF, and a variation selector but right after a CJK
-- ideograph or a Mongolian letter, whose glyph it selects): claim_task()
-- and record_evidence(), which refuse a text that printable() changes, took
-- 'ann' with a zero-width space after it, which reads as 'ann'.
CREATE FUNCTION service_affair.printable(t text) RETURNS text
    AS 'MODULE_PATHNAME', 'sa_printable_sql'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.printable(text) IS
  'Text as errors echo it: control characters (C0, DEL, C1, U+2028/U+2029, bidirectional controls) and characters that show as nothing (zero-width spaces and joiners, U+00AD, U+2060-U+2064, U+FEFF, Hangul fillers, tags; a variation selector unless right after a CJK ideograph or Mongolian letter) replaced by ?, one for one (src/core/text.c, as the C errors echo)';

-- Text as it displays: every character of the blank rule (white space,
-- invisible and control characters, src/core/text.c) left out.  The
-- deny-list of vague material names compares by it (check_material_name(),
-- 33_guides.sql): until 2026-12-08 a name with U+200B, a soft hyphen or a
-- space inside a phrase (其他<U+200B>材料) displayed as the phrase and passed
-- (a hostile review; test/pgtap/guide_denylist_invisible.sql).
CREATE FUNCTION service_affair.visible_text(t text) RETURNS text
    AS 'MODULE_PATHNAME', 'sa_visible_text_sql'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.visible_text(text) IS
  'Internal: the text without the characters of the blank rule (white space, invisible and control characters: U+3000, U+200B, U+00AD, ...), as it displays; the deny-list of vague material names compares by it, and fee_raised reads a fee by it (src/core/text.c)';
REVOKE EXECUTE ON FUNCTION service_affair.visible_text(text) FROM PUBLIC;
-- check_material_name() runs as the writer of material: administrators
INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    ('admin', 'EXECUTE', 'service_affair.visible_text(text)');

-- A NULL id.  A writer that finds no row for an id asks this before its
-- 23503: a NULL names no row, it is a bad argument (22023), as for every
-- other required argument.  Asked after the lookup missed, so the calls that
-- find their row pay nothing for it.
CREATE FUNCTION service_affair.refuse_null_id(what text, id bigint) RETURNS void
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF id IS NULL THEN
        RAISE EXCEPTION '% must not be null', what
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('A NULL %s names nothing; give the %s of an existing row.', what, what);
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.refuse_null_id(text, bigint) IS
  'Internal: 22023 "<what> must not be null" when id is NULL; writers ask it where their lookup of an id found nothing, before their 23503';
REVOKE EXECUTE ON FUNCTION service_affair.refuse_null_id(text, bigint) FROM PUBLIC;

-- The range of recordable times.  PostgreSQL takes timestamps from 4713 BC
-- to 294276 AD, but ISO 8601 and the client libraries the analysts read
-- them with (Python's datetime, .NET's DateTime) take the years 1 to 9999:
-- a time of a writer must lie from 0001-01-02 00:00 UTC to before
-- 9000-01-01 00:00 UTC, leaving 999 years for the days derived from it
-- (dues, a licence's validity, a credit fact's duration) (src/core/timebound.h).
-- The writers ask time_recordable() on their fast path and
-- check_case_args() (40_cases.sql) raises the error (null, infinite, too
-- early, too late).
CREATE FUNCTION service_affair.time_recordable(at timestamptz) RETURNS boolean
    AS 'MODULE_PATHNAME', 'sa_time_recordable_sql'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.time_recordable(timestamptz) IS
  'Internal: true when a time is given, finite and within the years a writer records (0001-01-02 00:00 UTC to before 9000-01-01 00:00 UTC: src/core/timebound.h)';
REVOKE EXECUTE ON FUNCTION service_affair.time_recordable(timestamptz) FROM PUBLIC;

-- STABLE: the detail shows the time in the session's TimeZone and DateStyle
CREATE FUNCTION service_affair.refuse_unrecordable_time(at timestamptz, what text) RETURNS void
    AS 'MODULE_PATHNAME', 'sa_refuse_unrecordable_time_sql'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.refuse_unrecordable_time(timestamptz, text) IS
  'Internal: 22023 "<what> is too early" or "<what> is too late" for a finite time outside the years a writer records (src/core/timebound.h)';
REVOKE EXECUTE ON FUNCTION service_affair.refuse_unrecordable_time(timestamptz, text) FROM PUBLIC;

-- A time more than an hour ahead, in a session whose user is not a
-- superuser: 22023 "<what> is in the future" with the caller's reason and
-- hint (the rule's one home is sa_refuse_future_time(), src/arguments.c;
-- refuse_future_outcome(), 56_credit.sql, is the same rule for outcomes).
CREATE FUNCTION service_affair.refuse_future_time(at timestamptz, what text, why text, hint text) RETURNS void
    AS 'MODULE_PATHNAME', 'sa_refuse_future_time_sql'
    LANGUAGE C STABLE STRICT;
COMMENT ON FUNCTION service_affair.refuse_future_time(timestamptz, text, text, text) IS
  'Internal: 22023 "<what> is in the future" for a time more than an hour after the start of the statement, in a session whose user is not a superuser; the detail ends with why, the hint is hint';
REVOKE EXECUTE ON FUNCTION service_affair.refuse_future_time(timestamptz, text, text, text) FROM PUBLIC;

-- The range of recordable days: the years 1 to 9999, for the same readers
-- (a catalog change's effective_from, a supervision due, a licence's last
-- valid day).  STABLE: the detail shows the day in the session's DateStyle.
CREATE FUNCTION service_affair.refuse_unrecordable_day(day date, what text) RETURNS void
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF day > DATE '9999-12-31' AND pg_catalog.isfinite(day) THEN
        RAISE EXCEPTION '% is too late', what
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('The day %s is after 9999-12-31: recorded days end with the year 9999, the last that ISO 8601 and the client libraries reading them (Python''s datetime and .NET''s DateTime among them) take.', day);
    END IF;
    IF day < DATE '0001-01-01' AND pg_catalog.isfinite(day) THEN
        RAISE EXCEPTION '% is too early', what
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('The day %s is before 0001-01-01: recorded days begin with the year 1, the first that ISO 8601 and the client libraries reading them take.', day);
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.refuse_unrecordable_day(date, text) IS
  'Internal: 22023 "<what> is too early" or "<what> is too late" for a finite day outside the years 1 to 9999, the days a writer records';
REVOKE EXECUTE ON FUNCTION service_affair.refuse_unrecordable_day(date, text) FROM PUBLIC;

-- READ COMMITTED only.  The sweeps and the batch writers judge rows as other
-- transactions left them, which a transaction of one snapshot (REPEATABLE
-- READ, SERIALIZABLE) does not see; whether it is one is PostgreSQL's
-- IsolationUsesXactSnapshot() (src/arguments.c), asked here and by
-- settle_cases() in C.  Until 2026-12-05 each function spelled the test
-- itself, three ways (IN ('repeatable read', 'serializable'), <> 'read
-- committed', = 'read committed'), which disagreed on READ UNCOMMITTED (a
-- snapshot per statement, as READ COMMITTED).
CREATE FUNCTION service_affair.xact_snapshot_kept() RETURNS boolean
    AS 'MODULE_PATHNAME', 'sa_xact_snapshot_kept_sql'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.xact_snapshot_kept() IS
  'Internal: true when the transaction reads one snapshot for its whole length (REPEATABLE READ, SERIALIZABLE: PostgreSQL''s IsolationUsesXactSnapshot()), false under READ COMMITTED and READ UNCOMMITTED; the one test of the functions that act differently or refuse to run in such a transaction';
REVOKE EXECUTE ON FUNCTION service_affair.xact_snapshot_kept() FROM PUBLIC;

CREATE FUNCTION service_affair.refuse_snapshot_isolation(fn text, why text, hint text DEFAULT NULL) RETURNS void
    AS 'MODULE_PATHNAME', 'sa_refuse_snapshot_isolation_sql'
    LANGUAGE C VOLATILE;
COMMENT ON FUNCTION service_affair.refuse_snapshot_isolation(text, text, text) IS
  'Internal: 55000 "<fn> runs in READ COMMITTED" in a transaction of one snapshot (xact_snapshot_kept()), the detail "This transaction is REPEATABLE READ|SERIALIZABLE: <why>", the hint hint (NULL: run it at the default level, as pg_cron does); nothing otherwise; asked by the sweeps, publish_due_catalog_changes(), expire_licences(), archive_history_month(), calendar edits (calendar_due_lock()) and (in C) settle_cases()';
REVOKE EXECUTE ON FUNCTION service_affair.refuse_snapshot_isolation(text, text, text) FROM PUBLIC;
