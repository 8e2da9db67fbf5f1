-- One credit record per subject (信用档案): append-only credit events keyed by
-- the subject's kind (person, org) and its canonical resident id or USCC
-- (about one resident id in 31 is a valid USCC too: the kind keeps a person
-- and a company with the same 18 characters two records), their state (in force, awaiting review,
-- repaired, expired), and what intake asks of them (credit_ok).  The grade
-- A–D and its use by the inspection draw are in 71_credit_targets.sql (after
-- the inspection directories).  Rules in C: src/core/credit.c.  See
-- doc/credit.md.

ALTER TABLE service_affair.item ADD COLUMN credit_check boolean NOT NULL DEFAULT true;
COMMENT ON COLUMN service_affair.item.credit_check IS
  'Whether the applicant''s credit record decides commitments and tolerated materials (容缺) on this item; applicant.credit_ok false blocks them whatever this says, and a broken commitment in force (commitment_broken) blocks commitments whatever this says (intake_commitment_ok())';

CREATE TABLE service_affair.credit_event (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subject         text NOT NULL CHECK (subject ~ '^[0-9A-Z]{18}$'),
    subject_kind    text NOT NULL CHECK (subject_kind IN ('person', 'org')),
    kind            text NOT NULL CHECK (kind IN ('commitment_broken', 'inspection_fail', 'tolerance_revoked', 'manual',
                                                  'review_confirmed', 'review_dismissed', 'repair',
                                                  'flag_set', 'flag_cleared')),
    source          text CHECK (pg_catalog.length(source) <= 200),
    severity        text CHECK (severity IN ('minor', 'serious', 'grave')),
    effective_from  date NOT NULL,
    effective_until date,
    needs_review    boolean NOT NULL DEFAULT false,
    reviewed_by     text,
    repaired_at     timestamptz,
    refers_to       bigint REFERENCES service_affair.credit_event DEFERRABLE,
    note            text CHECK (pg_catalog.octet_length(note) <= 4000),
    recorded_at     timestamptz NOT NULL,
    recorded_by     name NOT NULL DEFAULT service_affair.actor(),
    CONSTRAINT credit_event_shape CHECK (
        CASE WHEN kind IN ('review_confirmed', 'review_dismissed') THEN refers_to IS NOT NULL AND reviewed_by IS NOT NULL
             WHEN kind = 'repair' THEN refers_to IS NOT NULL AND repaired_at IS NOT NULL
             WHEN kind IN ('flag_set', 'flag_cleared') THEN refers_to IS NULL AND severity IS NULL AND reviewed_by IS NULL
                                                            AND repaired_at IS NULL AND effective_until IS NULL
             ELSE refers_to IS NULL AND severity IS NOT NULL AND reviewed_by IS NULL AND repaired_at IS NULL
        END),
    CONSTRAINT credit_event_period CHECK (effective_until IS NULL OR effective_until > effective_from)
);
COMMENT ON TABLE service_affair.credit_event IS
  'Credit record (信用档案): append-only events per subject; a review or a repair (信用修复) of an event is a new event referring to it';
COMMENT ON COLUMN service_affair.credit_event.id IS 'Event id, increasing';
COMMENT ON COLUMN service_affair.credit_event.subject IS 'Canonical USCC or resident id (18 characters); the subject is this with subject_kind';
COMMENT ON COLUMN service_affair.credit_event.subject_kind IS 'person (subject is a resident id) or org (subject is a USCC): characters valid as both are two subjects, one of each kind';
COMMENT ON COLUMN service_affair.credit_event.kind IS
  'commitment_broken, inspection_fail, tolerance_revoked, manual; or review_confirmed, review_dismissed, repair of an earlier event (refers_to); or flag_set, flag_cleared: the manual flag applicant.credit_ok set false or true (a log entry, no fact: it never counts in the record''s standing)';
COMMENT ON COLUMN service_affair.credit_event.source IS 'What it comes from: check:<id>, case:<id>, draw:<id>/target:<id>, applicant:<id> for the manual flag, or free text for manual events';
COMMENT ON COLUMN service_affair.credit_event.severity IS 'minor, serious or grave (a review or repair copies that of its event); NULL for the manual flag';
COMMENT ON COLUMN service_affair.credit_event.effective_from IS 'First day it counts (calendar-local day of the fact)';
COMMENT ON COLUMN service_affair.credit_event.effective_until IS 'First day it no longer counts (default: 3 years later, setting credit.duration_years); NULL: no expiry';
COMMENT ON COLUMN service_affair.credit_event.needs_review IS 'true: counts only once a review confirmed it (a 容缺 revocation is never an automatic sanction)';
COMMENT ON COLUMN service_affair.credit_event.reviewed_by IS 'Reviews: who reviewed the event referred to';
COMMENT ON COLUMN service_affair.credit_event.repaired_at IS 'Repairs: when the event referred to stopped counting (信用修复)';
COMMENT ON COLUMN service_affair.credit_event.refers_to IS 'Reviews and repairs: the event they are about';
COMMENT ON COLUMN service_affair.credit_event.note IS 'Findings, reason or note (at most 4000 bytes)';
COMMENT ON COLUMN service_affair.credit_event.recorded_at IS 'When it was recorded (the at argument of the call)';
COMMENT ON COLUMN service_affair.credit_event.recorded_by IS 'Role that recorded it (actor())';
COMMENT ON CONSTRAINT credit_event_shape ON service_affair.credit_event IS
  'Facts carry a severity and refer to nothing; reviews name the reviewer and repairs the time, both referring to an event; the manual flag''s entries carry neither severity nor end';
COMMENT ON CONSTRAINT credit_event_period ON service_affair.credit_event IS 'An event ends after it starts';
CREATE INDEX credit_event_subject_idx ON service_affair.credit_event (subject, effective_from);
COMMENT ON INDEX service_affair.credit_event_subject_idx IS 'The record of one subject';
CREATE INDEX credit_event_refers_idx ON service_affair.credit_event (refers_to) WHERE refers_to IS NOT NULL;
COMMENT ON INDEX service_affair.credit_event_refers_idx IS 'Reviews and repairs of an event';
-- The follow-ups a fact may have, whatever the isolation level of the
-- writers: credit_fact() serializes them under a lock of the fact's row, but a
-- REPEATABLE READ transaction decides on a snapshot taken before it waited;
-- these two indexes refuse what it would then add (a second review; a repair
-- of a dismissed fact, a dismissal of a repaired one, a second repair).
CREATE UNIQUE INDEX credit_event_one_review ON service_affair.credit_event (refers_to)
    WHERE kind IN ('review_confirmed', 'review_dismissed');
COMMENT ON INDEX service_affair.credit_event_one_review IS 'A fact is reviewed once';
CREATE UNIQUE INDEX credit_event_one_end ON service_affair.credit_event (refers_to)
    WHERE kind IN ('review_dismissed', 'repair');
COMMENT ON INDEX service_affair.credit_event_one_end IS 'A fact ends once: dismissed or repaired, not both, and repaired once';
SELECT pg_catalog.pg_extension_config_dump('service_affair.credit_event', '');
SELECT pg_catalog.pg_extension_config_dump('service_affair.credit_event_id_seq', '');

CREATE FUNCTION service_affair.credit_event_append_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_RELID IS DISTINCT FROM 'service_affair.credit_event'::pg_catalog.regclass OR TG_WHEN <> 'BEFORE'
       OR TG_OP NOT IN ('UPDATE', 'DELETE', 'TRUNCATE') THEN
        RAISE EXCEPTION 'credit_event_append_only() is not a trigger of this table'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'It guards service_affair.credit_event only.';
    END IF;
    RAISE EXCEPTION 'the credit record is append-only'
        USING ERRCODE = 'insufficient_privilege',
              DETAIL = pg_catalog.format('%s on service_affair.credit_event is not allowed; a correction is a new event.', TG_OP);
END
$$;
COMMENT ON FUNCTION service_affair.credit_event_append_only() IS
  'Trigger: refuses UPDATE, DELETE and TRUNCATE of the credit record (42501); refuses to run on any other table (42501)';
REVOKE EXECUTE ON FUNCTION service_affair.credit_event_append_only() FROM PUBLIC;
CREATE TRIGGER credit_event_no_change BEFORE UPDATE OR DELETE ON service_affair.credit_event
    FOR EACH ROW EXECUTE FUNCTION service_affair.credit_event_append_only();
COMMENT ON TRIGGER credit_event_no_change ON service_affair.credit_event IS 'Credit events are never changed or deleted';
CREATE TRIGGER credit_event_no_truncate BEFORE TRUNCATE ON service_affair.credit_event
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.credit_event_append_only();
COMMENT ON TRIGGER credit_event_no_truncate ON service_affair.credit_event IS 'The credit record is never truncated';
ALTER TABLE service_affair.credit_event ENABLE ROW LEVEL SECURITY;
CREATE FUNCTION service_affair.credit_event_visible() RETURNS boolean
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN service_affair.acts_as('admin');
END
$$;
COMMENT ON FUNCTION service_affair.credit_event_visible() IS
  'Internal (row-level security of credit_event): administrators only (PL/pgSQL: the policy depends on no access function)';
CREATE POLICY credit_event_admin ON service_affair.credit_event FOR SELECT
    USING ((SELECT service_affair.credit_event_visible()));
COMMENT ON POLICY credit_event_admin ON service_affair.credit_event IS 'Administrators read the credit record; analysts count it through credit_indicators';

-- ---------------------------------------------------------------------------
-- The manual credit flag (applicant.credit_ok, 31_applicant.sql) in the
-- record: every setting of it, by register_applicant() with false, the
-- table's INSERT or UPDATE (administrators) or set_credit_flag(), appends a
-- flag_set (false) or flag_cleared (true) entry: who (recorded_by), when
-- (recorded_at), why (note: set_credit_flag()'s or register_applicant()'s,
-- through the transaction-local setting service_affair.credit_flag_note;
-- without one, a plain INSERT or UPDATE or register_applicant() without a
-- note, a fixed note naming what was done and saying no ground was given).
-- The entries are no facts (credit_event_status reads the four kinds of
-- fact only): the flag decides intake as before, and its entries are its
-- history, append-only as the record.  Until 2026-12-07 the flag had no
-- record at all: who blocked an applicant, when and why was nowhere (a
-- review; test/pgtap/credit_flag_logged.sql).  A restore brings the entries
-- with the rows (restoring()).  Applicants flagged before the update from
-- 0.1.0 get one flag_set entry each, written by the update, saying who,
-- when and why were not kept (sql/upgrade/0.1.0--0.2.0/
-- 56_credit_flag_backfill.sql).
--
-- The note counts only in the transaction that set it (SET LOCAL,
-- set_config(..., true), as set_credit_flag() and register_applicant() do):
-- a session-level value (SET, set_config(..., false), connection options)
-- outlives its transaction, and on a pooled connection it was until
-- 2026-12-07 the note of a later, unrelated write of the flag (a review;
-- credit_flag_note_local.sql).  Such a value is ignored with a WARNING that
-- says so; the entry has the fixed note.  xact_setting() reads how the
-- value was set.
CREATE FUNCTION service_affair.xact_setting(name text) RETURNS text
    AS 'MODULE_PATHNAME', 'sa_xact_setting_sql'
    LANGUAGE C STABLE STRICT;
COMMENT ON FUNCTION service_affair.xact_setting(text) IS
  'Internal: the value of a setting when it was set for the current transaction only (SET LOCAL, set_config(name, value, true), a function''s SET clause), else NULL (a session-level SET, connection options, the configuration, or not set): the reader of service_affair.credit_flag_note (credit_flag_logged())';
REVOKE EXECUTE ON FUNCTION service_affair.xact_setting(text) FROM PUBLIC;

CREATE FUNCTION service_affair.credit_flag_logged() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_note text := service_affair.xact_setting('service_affair.credit_flag_note');
    v_session text := pg_catalog.current_setting('service_affair.credit_flag_note', true);
BEGIN
    IF TG_RELID IS DISTINCT FROM 'service_affair.applicant'::pg_catalog.regclass OR TG_WHEN <> 'AFTER'
       OR TG_LEVEL <> 'ROW' OR TG_OP NOT IN ('INSERT', 'UPDATE') THEN
        RAISE EXCEPTION 'credit_flag_logged() is not a trigger of this table'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'It runs after each row inserted into or updated in service_affair.applicant only.';
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.credit_ok IS NOT DISTINCT FROM NEW.credit_ok
       OR TG_OP = 'INSERT' AND NEW.credit_ok IS NOT FALSE THEN
        RETURN NULL;
    END IF;
    -- without a ground (a plain INSERT or UPDATE of the table, 0.1.0's call
    -- of register_applicant()), the one fixed note of each case, here
    -- alone: until 2026-12-07 a plain INSERT had one and a plain UPDATE
    -- none (NULL), either way (a review; credit_flag_logged.sql).  A blank
    -- value set by hand is none, as every optional text (06_arguments.sql):
    -- until 2026-12-07 only the empty one was, and spaces were the note
    IF v_note IS NULL AND v_session IS NOT NULL AND NOT service_affair.is_blank(v_session) THEN
        RAISE WARNING 'service_affair.credit_flag_note ignored: it was not set for this transaction'
            USING DETAIL = 'A session-level value (SET, set_config(..., false), connection options) outlives its transaction and grounds no later write of the manual credit flag; the entry has the fixed note.',
                  HINT = 'Set the note with SET LOCAL or set_config(''service_affair.credit_flag_note'', note, true) in the transaction of the write, or call set_credit_flag().';
    END IF;
    IF v_note IS NULL OR service_affair.is_blank(v_note) THEN
        v_note := CASE WHEN TG_OP = 'INSERT' THEN 'registered with the manual credit flag false'
                       WHEN NEW.credit_ok THEN 'manual credit flag cleared'
                       ELSE 'manual credit flag set false' END
                  || ', no ground given';
    END IF;
    INSERT INTO service_affair.credit_event (subject, subject_kind, kind, source, effective_from, note, recorded_at)
    VALUES (COALESCE(NEW.uscc::text, NEW.resident_id::text), NEW.kind, CASE WHEN NEW.credit_ok THEN 'flag_cleared' ELSE 'flag_set' END,
            'applicant:' || NEW.id, service_affair.local_day(pg_catalog.now(), 'cn'),
            CASE WHEN pg_catalog.octet_length(v_note) <= 4000 THEN v_note ELSE pg_catalog.left(v_note, 999) || '…' END,
            pg_catalog.now());
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION service_affair.credit_flag_logged() IS
  'Trigger: after an applicant is inserted with credit_ok false or its credit_ok changes, appends flag_set or flag_cleared to the credit record (who: actor(), when: now(), why: the setting service_affair.credit_flag_note when set for the transaction (SET LOCAL, set_config(..., true): set_credit_flag() and register_applicant() set it so; a session-level value is ignored with a WARNING); without one, a fixed note: registered with the manual credit flag false, manual credit flag set false or manual credit flag cleared, each followed by ", no ground given"); not during a restore; refuses to run on any other table (42501)';
REVOKE EXECUTE ON FUNCTION service_affair.credit_flag_logged() FROM PUBLIC;
CREATE TRIGGER applicant_credit_flag_set AFTER INSERT ON service_affair.applicant
    FOR EACH ROW WHEN (NEW.credit_ok IS FALSE AND NOT service_affair.restoring())
    EXECUTE FUNCTION service_affair.credit_flag_logged();
COMMENT ON TRIGGER applicant_credit_flag_set ON service_affair.applicant IS 'An applicant registered with the manual credit flag false: flag_set in the credit record';
CREATE TRIGGER applicant_credit_flag_changed AFTER UPDATE OF credit_ok ON service_affair.applicant
    FOR EACH ROW WHEN (OLD.credit_ok IS DISTINCT FROM NEW.credit_ok AND NOT service_affair.restoring())
    EXECUTE FUNCTION service_affair.credit_flag_logged();
COMMENT ON TRIGGER applicant_credit_flag_changed ON service_affair.applicant IS 'The manual credit flag changed: flag_set or flag_cleared in the credit record';

-- The arguments of a setting of the flag, for set_credit_flag() and
-- register_applicant() (31_applicant.sql) alike: one home of the rule and of
-- its messages.  Until 2026-12-07 each said it its own way (a NULL flag was
-- "credit_ok must not be null" here, "applicant identifier, name and credit
-- flag are required" there) and a registration with the flag false took no
-- ground at all (its entry read "registered with the manual credit flag
-- false"; a review; test/pgtap/credit_flag_logged.sql).  The ground is
-- required by set_credit_flag(); register_applicant() with false takes it
-- (note) and without it, as in 0.1.0, writes the entry with the fixed note
-- "registered with the manual credit flag false, no ground given"
-- (credit_flag_logged(), the one home of the fixed notes); a blank note is refused
-- by set_credit_flag() and is none to register_applicant() (an optional
-- text); a registration with true writes no entry, and a note given with
-- it (which would be dropped) is refused.
CREATE FUNCTION service_affair.check_credit_flag_args(credit_ok boolean, note text, registering boolean)
    RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM service_affair.check_case_args(pg_catalog.now(), note => note, note_name => 'note');  -- 22023 over 4000 bytes
    IF credit_ok IS NULL THEN
        RAISE EXCEPTION 'credit_ok must not be null'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The manual credit flag is set false (commitments and 容缺 barred) or true, not NULL.';
    END IF;
    IF registering AND credit_ok AND note IS NOT NULL AND NOT service_affair.is_blank(note) THEN
        RAISE EXCEPTION 'note given without a credit flag to ground'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'A note is the ground of the manual credit flag false; an applicant registered with credit_ok true has no entry in the credit record to keep it.',
                  HINT = 'Leave the note out, or register with credit_ok false (administrators).';
    END IF;
    -- register_applicant(kind, identifier, name, false) is 0.1.0's call:
    -- it keeps working after the update (an application written for 0.1.0
    -- got 22023 from the first form of this check, a second read), its
    -- entry with the fixed note of a ground not given.  Its note is thus an
    -- optional text, and a blank one is none, not refused, as every
    -- optional free text of the API (doc/development.md, "Blank text";
    -- register_applicant() records NULL): until 2026-12-07 (a third read)
    -- an empty form field refused the registration with 22023, "note
    -- required" with false though no note is required, "note given without
    -- a credit flag to ground" with true (a clerk's registration too)
    IF NOT registering AND (note IS NULL OR service_affair.is_blank(note)) THEN
        RAISE EXCEPTION 'note required'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Setting the manual credit flag states its ground in the note.';
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.check_credit_flag_args(boolean, text, boolean) IS
  'Internal (set_credit_flag(), register_applicant()): 22023 for a NULL flag (credit_ok must not be null), a note over 4000 bytes, a NULL or blank note to set_credit_flag(), or a note that is not blank with a registration with true (nothing to ground); a registration''s note is optional (without one, or with a blank one, which is none, the registration logs a fixed one)';
REVOKE EXECUTE ON FUNCTION service_affair.check_credit_flag_args(boolean, text, boolean) FROM PUBLIC;

CREATE FUNCTION service_affair.set_credit_flag(applicant bigint, credit_ok boolean, note text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_id bigint;
    v_rows integer;
BEGIN
    PERFORM service_affair.require_admin();  -- 42501
    PERFORM service_affair.check_credit_flag_args(credit_ok, note, false);  -- 22023 (above)
    PERFORM service_affair.refuse_null_id('applicant id', applicant);  -- 22023 (06_arguments.sql)
    PERFORM pg_catalog.set_config('service_affair.credit_flag_note', note, true);
    UPDATE service_affair.applicant a SET credit_ok = set_credit_flag.credit_ok
     WHERE a.id = set_credit_flag.applicant AND a.credit_ok IS DISTINCT FROM set_credit_flag.credit_ok;
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    PERFORM pg_catalog.set_config('service_affair.credit_flag_note', '', true);
    IF v_rows = 0 THEN
        IF NOT EXISTS (SELECT FROM service_affair.applicant a WHERE a.id = set_credit_flag.applicant) THEN
            RAISE EXCEPTION 'unknown applicant'
                USING ERRCODE = 'foreign_key_violation',
                      DETAIL = pg_catalog.format('No applicant has id %s.', applicant);
        END IF;
        RETURN NULL;  -- the flag already had that value: nothing written
    END IF;
    -- the entry the trigger just wrote (the row lock orders the writers)
    SELECT pg_catalog.max(e.id) INTO v_id FROM service_affair.credit_event e
     WHERE e.source = 'applicant:' || set_credit_flag.applicant AND e.kind IN ('flag_set', 'flag_cleared');
    RETURN v_id;
END
$$;
COMMENT ON FUNCTION service_affair.set_credit_flag(bigint, boolean, text) IS
  'Sets the manual credit flag of an applicant (false: commitments and 容缺 barred at every window) with its ground (note, required, at most 4000 bytes), recorded in the credit record as flag_set or flag_cleared (who, when, why); administrators (42501); 22023 NULL flag or blank note, 23503 unknown applicant; returns the entry''s id, NULL when the flag already had that value (nothing written)';
REVOKE EXECUTE ON FUNCTION service_affair.set_credit_flag(bigint, boolean, text) FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- The rules in C (src/core/credit.c)
CREATE FUNCTION service_affair.credit_grade(grave integer, serious integer, minor integer, pending integer, recent integer)
    RETURNS text
    AS 'MODULE_PATHNAME', 'sa_credit_grade_sql'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.credit_grade(integer, integer, integer, integer, integer) IS
  'Grade from a subject''s counts: D a grave or two serious events in force; C one serious or two minor; B one minor, one awaiting review, or any event begun within the clean window; else A';
CREATE FUNCTION service_affair.credit_ok_of(grave integer, serious integer, minor integer, pending integer, recent integer)
    RETURNS boolean
    AS 'MODULE_PATHNAME', 'sa_credit_ok_sql'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.credit_ok_of(integer, integer, integer, integer, integer) IS
  'credit_ok from a subject''s counts: no serious or grave event in force (events awaiting review do not count)';
CREATE FUNCTION service_affair.credit_effective_grade(manual text, credit text, clean_bonus boolean)
    RETURNS text
    AS 'MODULE_PATHNAME', 'sa_credit_effective_sql'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.credit_effective_grade(text, text, boolean) IS
  'Grade a target carries into the draw: the worse of the grade set by hand and the credit grade; a credit grade A with the clean bonus improves the hand-set grade by one step; NULL manual: the credit grade; 22023 for a grade outside A-D';

-- ---------------------------------------------------------------------------
-- Settings (service_affair.setting, 60_ratings.sql; defaults when absent).
-- The defaults live here and nowhere else (the issue "One home per rule":
-- until 2026-12-05 each caller passed its own, credit_setting(name, 3) six
-- times for two settings, in SQL and in src/settle.c, agreeing by care).
CREATE FUNCTION service_affair.credit_setting(name text) RETURNS integer
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v text;
BEGIN
    SELECT s.value INTO v FROM service_affair.setting s WHERE s.name = credit_setting.name;
    IF v ~ '^[0-9]{1,3}$' THEN
        RETURN v::integer;
    END IF;
    CASE name
        WHEN 'credit.duration_years' THEN RETURN 3;
        WHEN 'credit.clean_years' THEN RETURN 3;
        WHEN 'credit.clean_bonus' THEN RETURN 1;
        WHEN 'credit.clean_merits' THEN RETURN 2;
        ELSE
            RAISE EXCEPTION 'unknown credit setting'
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = pg_catalog.format('%s is none of credit.duration_years, credit.clean_years, credit.clean_bonus, credit.clean_merits.',
                                                 COALESCE(pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(name, 100))), 'NULL'));
    END CASE;
END
$$;
COMMENT ON FUNCTION service_affair.credit_setting(text) IS
  'Internal: an integer setting 0..999 of the credit record, or its default when absent or not an integer (credit.duration_years default 3, credit.clean_years default 3, credit.clean_bonus 1 on / 0 off, default 1, credit.clean_merits default 2): the one home of those defaults; 22023 for another name';
REVOKE EXECUTE ON FUNCTION service_affair.credit_setting(text) FROM PUBLIC;

-- The instant the credit record is read for.  Readers follow the session's
-- service_affair.as_of (reports as of a day); a writer deciding by the
-- record (intake's credit_ok, the draw grade) runs with the setting
-- service_affair.credit_writing on (a SET clause of its own), and then
-- follows as_of only in a superuser's session (a DBA's or a test's clock):
-- a clerk who set as_of to 2040 had a case approved on commitment with a
-- serious fact in force, an inspector lowered a target's grade.
-- Executable by every role: credit_now() runs as the reader of the credit
-- views (analysts among them), and whether one's own session is a
-- superuser's is no secret.
-- service_affair.credit_writing is left a setting any role may set (re-
-- examined 2026-12-06, markers_bypass.sql): on, it only narrows (the record
-- as of now, one's own as_of ignored); the writers set it on by their SET
-- clause, which a caller's off does not reach, and they run no code of the
-- caller's.
CREATE FUNCTION service_affair.session_by_superuser() RETURNS boolean
    AS 'MODULE_PATHNAME', 'sa_session_by_superuser'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.session_by_superuser() IS
  'Whether the session''s user (not the current role) is a superuser: credit_now() lets writers follow service_affair.as_of only then';

CREATE FUNCTION service_affair.credit_now() RETURNS timestamptz
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_at timestamptz;
BEGIN
    IF pg_catalog.current_setting('service_affair.credit_writing', true) = 'on'
       AND NOT service_affair.session_by_superuser() THEN
        RETURN pg_catalog.now();
    END IF;
    v_at := service_affair.sla_as_of();
    -- the record's windows count back from its day (credit.clean_years, up
    -- to 999 years: credit_event_status, credit_target_grade): an as_of in
    -- the first years of timestamps (4713 BC) made every read of them fail
    -- with 22008 'timestamp out of range' (until 2026-12-06, a review), and
    -- one whose day in calendar cn is past 294276-12-31 (from 294276-12-31
    -- 16:00 UTC) with 22008 'date out of range for timestamp' (until the
    -- evening of 2026-12-06, a second read of that review); the record is
    -- read within the years times are recorded, 0001-01-02 00:00 UTC to
    -- before 9000-01-01 00:00 UTC (refuse_unrecordable_time(),
    -- 06_arguments.sql, src/core/timebound.h: not callable by the readers
    -- this runs as)
    IF v_at < timestamptz '0001-01-02 00:00:00+00' THEN
        RAISE EXCEPTION 'service_affair.as_of is too early'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('The setting service_affair.as_of is %s, before 0001-01-02 00:00 UTC: the credit record is read as of the year 1 or later.', v_at),
                  HINT = 'Set it to a later timestamptz, or to '''' for now().';
    ELSIF v_at >= timestamptz '9000-01-01 00:00:00+00' THEN
        RAISE EXCEPTION 'service_affair.as_of is too late'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('The setting service_affair.as_of is %s, not before 9000-01-01 00:00 UTC: the credit record is read as of a time before the year 9000, as times are recorded.', v_at),
                  HINT = 'Set it to an earlier timestamptz, or to '''' for now().';
    END IF;
    RETURN v_at;
END
$$;
COMMENT ON FUNCTION service_affair.credit_now() IS
  'The instant the credit record is read for: sla_as_of() (the setting service_affair.as_of, else now()), except for a writer deciding by the record (setting service_affair.credit_writing on) in a session whose user is not a superuser: now(); 22023 for an as_of before 0001-01-02 00:00 UTC (the record''s windows count back up to 999 years from its day) or not before 9000-01-01 00:00 UTC (the range of recorded times)';

-- An outcome is recorded once it happened: a fact, a check's outcome, an
-- inspection result or a sweep dated in the future is refused in a session
-- whose user is not a superuser (the applications' logins), as credit_now()
-- ignores their as_of.  A credit fact counts from its day for credit.years:
-- an inspector who dated a broken commitment or a fail in the year 8999 left
-- the record clean for ever (a review).  An hour of allowance for the
-- clocks of application servers, from the start of the statement (a batch
-- of results in one long transaction keeps recording).  A superuser's
-- session (a simulation, data entered from paper, a backfill) dates freely.
-- Asked by the callers the application reaches (record_check(),
-- record_result(), record_credit_event(), sla_sweep(), and since 2026-12-04
-- every step of the lifecycle: submit(), lock_case(), lock_task(),
-- claim_task(), rate(), lock_rating(), receive_complaint(),
-- lock_complaint(), receive_originals()), not by credit_record(): a
-- sweep's revocations record their facts at its time.
-- The rule's one home is src/arguments.c (sa_refuse_future_time()), which
-- settle_cases() asks too.
CREATE FUNCTION service_affair.refuse_future_outcome(at timestamptz, what text) RETURNS void
    AS 'MODULE_PATHNAME', 'sa_refuse_future_outcome_sql'
    LANGUAGE C STABLE STRICT;
COMMENT ON FUNCTION service_affair.refuse_future_outcome(timestamptz, text) IS
  'Internal: 22023 for an outcome (credit fact, check outcome, inspection result, sweep) or a step of a case, task, rating or complaint dated more than an hour after the start of the statement, in a session whose user is not a superuser';
REVOKE EXECUTE ON FUNCTION service_affair.refuse_future_outcome(timestamptz, text) FROM PUBLIC;

CREATE FUNCTION service_affair.credit_today() RETURNS date
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN service_affair.local_day(service_affair.credit_now(), 'cn');
END
$$;
COMMENT ON FUNCTION service_affair.credit_today() IS
  'The day the credit record is read for: the local day (calendar cn) of credit_now()';

-- PL/pgSQL rather than SQL: PostgreSQL 15 plans a SQL function with a SET
-- clause again on every call (and reads its stored body each time); this
-- plan is cached per session.  submit() asks it on every call, through
-- intake_credit_ok() (doc/benchmarks-intake.md).  No SET clause, as the hot
-- C functions (doc/development.md): internal, granted to no role, called
-- from SECURITY DEFINER functions that pin search_path; every name qualified.
-- The subject is the kind and the identifier (person and resident id, org
-- and USCC): until 2026-12-07 the identifier alone, so that a person whose
-- resident id is a valid USCC (about one in 31) shared one record with a
-- company of the directory carrying those characters (credit_subject_kind.sql).
-- One home of the subject of an applicant (this) and of a target
-- (target_subject(), 71_credit_targets.sql: org and its USCC).
CREATE FUNCTION service_affair.applicant_subject(applicant bigint, OUT subject_kind text, OUT subject text)
    LANGUAGE plpgsql STABLE
AS $$
BEGIN
    SELECT a.kind, COALESCE(a.uscc::text, a.resident_id::text) INTO subject_kind, subject
      FROM service_affair.applicant a WHERE a.id = applicant_subject.applicant;
END
$$;
COMMENT ON FUNCTION service_affair.applicant_subject(bigint) IS
  'Internal: the credit subject of an applicant: its kind (person, org) and its canonical resident id or USCC; both NULL for an unknown applicant';
REVOKE EXECUTE ON FUNCTION service_affair.applicant_subject(bigint) FROM PUBLIC;

CREATE FUNCTION service_affair.credit_subject(identifier text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- the identifier after a kind prefix (person:, org:; credit_subject_key()):
    -- the router's shard_for_subject() reads an unprefixed subject so,
    -- and until 2026-12-07 refused person:<resident id> and org:<USCC> with
    -- 22P02, so that through the router characters a person and a company
    -- both hold took no fact at all (22023 without the prefix; a review)
    -- the prefix in any case (Person:, ORG:), as credit_subject_key() reads
    -- it (until 2026-12-07 only in lower case; a review)
    identifier := pg_catalog.regexp_replace(identifier, '^(person|org):', '', 'i');
    -- an empty text is refused here, before any masking, with a detail
    -- that says it is empty (until 2026-12-07 it reached the detail below,
    -- masked as nothing then: ' is neither a valid USCC ...'; a review)
    IF identifier = '' THEN
        RAISE EXCEPTION 'invalid credit subject'
            USING ERRCODE = 'invalid_text_representation',
                  DETAIL = 'The identifier is empty: a credit subject is a USCC or a resident id, after a kind prefix person: or org: if it has one.';
    END IF;
    BEGIN
        RETURN identifier::service_affair.uscc::text;
    EXCEPTION WHEN invalid_text_representation THEN
        NULL;
    END;
    BEGIN
        RETURN identifier::service_affair.resident_id::text;
    EXCEPTION WHEN invalid_text_representation THEN
        RAISE EXCEPTION 'invalid credit subject'
            USING ERRCODE = 'invalid_text_representation',
                  DETAIL = pg_catalog.format('%s is neither a valid USCC nor a valid resident id.',
                                             service_affair.mask_identifier(identifier));  -- as submit() (41_identity.sql)
    END;
END
$$;
COMMENT ON FUNCTION service_affair.credit_subject(text) IS
  'Internal: the canonical USCC or resident id of an identifier in any accepted spelling, after a kind prefix person: or org: (in any case) if it has one (the router''s reading of record_credit_event()''s subject; the kind is credit_subject_key()''s); 22P02 when it is neither (the identifier masked in the detail)';
REVOKE EXECUTE ON FUNCTION service_affair.credit_subject(text) FROM PUBLIC;

-- The subject of a manual event (record_credit_event()): the kind given
-- (person:<resident id>, org:<USCC>), or the one the identifier is valid
-- as; characters valid as both kinds
-- (about one resident id in 31) are the subject of whoever holds them, a
-- person (an applicant with that resident id) or an organisation (an
-- applicant or a target with that USCC), and 22023 when both or neither
-- do: the caller names the kind.  A prefix of the text, not a parameter:
-- record_credit_event()'s signature is the router's too (frozen with
-- 0.2.0's companions; its create_roles() grants it by signature).
-- credit_subject() above keeps its one reading (USCC first); the router's
-- shard_for_subject() reads a subject by this function (the kind and the
-- region code of that kind), except characters valid as both without a
-- prefix, whose holder it cannot know (doc/scale.md).
CREATE FUNCTION service_affair.credit_subject_key(identifier text, OUT subject_kind text, OUT subject text)
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    -- the prefix in any case: Person:, ORG: name the kind as person:, org:
    -- do (until 2026-12-07 they were no prefix, and the text went the way of
    -- an unprefixed one, 22P02 or a kind of its own: a review)
    kind text := pg_catalog.lower(pg_catalog.substring(identifier, '(?i)^(person|org):'));
    v_uscc boolean;
    v_rid boolean;
    v_person boolean;
    v_org boolean;
BEGIN
    IF kind IS NOT NULL THEN
        identifier := pg_catalog.substr(identifier, pg_catalog.length(kind) + 2);
    END IF;
    -- 'person:' with nothing after it, or an empty text: refused here,
    -- before any masking, with a detail that says it is empty (until
    -- 2026-12-07 it reached the detail below, masked as nothing then:
    -- ' is not a valid resident id ...'; a review)
    IF identifier = '' THEN
        RAISE EXCEPTION 'invalid credit subject'
            USING ERRCODE = 'invalid_text_representation',
                  DETAIL = CASE kind WHEN 'person' THEN 'The identifier after the kind prefix person: is empty: name a resident id.'
                                     WHEN 'org' THEN 'The identifier after the kind prefix org: is empty: name a USCC.'
                                     ELSE 'The identifier is empty: a credit subject is a USCC or a resident id, after a kind prefix person: or org: if it has one.' END;
    END IF;
    v_uscc := service_affair.is_valid_uscc(identifier);
    v_rid := service_affair.is_valid_resident_id(identifier);
    IF kind = 'org' OR kind IS NULL AND v_uscc AND NOT v_rid THEN
        subject_kind := 'org';
        -- before credit_subject(), whose detail for text of neither kind
        -- does not name the kind asked for (until 2026-12-07 org:<neither>
        -- was 'neither a valid USCC nor ...', person:<neither> this one)
        IF NOT v_uscc THEN
            RAISE EXCEPTION 'invalid credit subject'
                USING ERRCODE = 'invalid_text_representation',
                      DETAIL = pg_catalog.format('%s is not a valid USCC (subject kind org).', service_affair.mask_identifier(identifier));
        END IF;
        subject := service_affair.credit_subject(identifier);
        RETURN;
    END IF;
    IF kind = 'person' OR kind IS NULL AND v_rid AND NOT v_uscc THEN
        subject_kind := 'person';
        IF NOT v_rid THEN
            RAISE EXCEPTION 'invalid credit subject'
                USING ERRCODE = 'invalid_text_representation',
                      DETAIL = pg_catalog.format('%s is not a valid resident id (subject kind person).', service_affair.mask_identifier(identifier));
        END IF;
        subject := identifier::service_affair.resident_id::text;
        RETURN;
    END IF;
    subject := service_affair.credit_subject(identifier);  -- 22P02 when neither
    -- valid as both: whoever holds the characters
    v_person := EXISTS (SELECT FROM service_affair.applicant a
                         WHERE a.resident_id OPERATOR(service_affair.=) identifier::service_affair.resident_id);
    v_org := EXISTS (SELECT FROM service_affair.applicant a WHERE a.uscc OPERATOR(service_affair.=) identifier::service_affair.uscc)
             OR EXISTS (SELECT FROM service_affair.target t WHERE t.uscc OPERATOR(service_affair.=) identifier::service_affair.uscc);
    IF v_person <> v_org THEN
        subject_kind := CASE WHEN v_person THEN 'person' ELSE 'org' END;
        IF v_person THEN
            subject := identifier::service_affair.resident_id::text;
        END IF;
        RETURN;
    END IF;
    RAISE EXCEPTION 'credit subject kind required'
        USING ERRCODE = 'invalid_parameter_value',
              DETAIL = pg_catalog.format('%s is a valid resident id and a valid USCC, and %s.', service_affair.mask_identifier(identifier),
                                         CASE WHEN v_person THEN 'a person and an organisation hold it'
                                              ELSE 'no applicant or target holds it' END),
              HINT = 'Name the kind: person:<resident id> or org:<USCC>.';
END
$$;
COMMENT ON FUNCTION service_affair.credit_subject_key(text) IS
  'Internal (record_credit_event()): the credit subject (kind and canonical identifier) of an identifier: of the kind its prefix names (person:, org:, in any case; 22P02 when not valid as it), else of the kind it is valid as; valid as both, of the kind of whoever holds it (an applicant person; an applicant org or a target), 22023 when both or neither do';
REVOKE EXECUTE ON FUNCTION service_affair.credit_subject_key(text) FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- Writing the record (internal; every writer goes through credit_record)
CREATE FUNCTION service_affair.credit_record(subject_kind text, subject text, kind text, source text, severity text, at timestamptz,
    needs_review boolean DEFAULT false, note text DEFAULT NULL)
    RETURNS bigint
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_day date := service_affair.local_day(at, 'cn');
    v_id bigint;
BEGIN
    IF subject IS NULL THEN
        RETURN NULL;  -- nobody to record it for
    END IF;
    -- the days of the calendars (1900-01-01 .. 2199-12-31): a fact dated in
    -- 4713 BC was accepted into the append-only record, and the month the
    -- analysts' credit_indicators truncates it to is out of the range of
    -- timestamps: that view failed for every reader, for good (until
    -- 2026-12-03, found by a review)
    IF v_day < '1900-01-01' THEN
        RAISE EXCEPTION 'time out of range for a credit event'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('A credit event dated %s is before 1900-01-01, the first day of the calendars.', v_day);
    END IF;
    -- effective_until is computed through a timestamp: its years must fit
    IF pg_catalog.date_part('year', v_day) + service_affair.credit_setting('credit.duration_years') > 294276 THEN
        RAISE EXCEPTION 'time out of range for a credit event'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('A credit event from %s lasting %s years would end beyond the range of timestamps.',
                                             v_day, service_affair.credit_setting('credit.duration_years'));
    END IF;
    INSERT INTO service_affair.credit_event (subject, subject_kind, kind, source, severity, effective_from, effective_until,
                                             needs_review, note, recorded_at)
    VALUES (subject, subject_kind, kind, source, severity, v_day,
            (v_day + pg_catalog.make_interval(years => service_affair.credit_setting('credit.duration_years')))::date,
            -- whole: every writer's note fits the column (4,000 bytes; until
            -- 2026-12-03 cut to 1,000 characters without a word); only an
            -- inspection's findings (up to 10,000 characters) may not, and
            -- they stay whole in inspection_result, which source names
            needs_review, CASE WHEN pg_catalog.octet_length(note) <= 4000 THEN note ELSE pg_catalog.left(note, 999) || '…' END, at)
    RETURNING id INTO v_id;
    IF subject_kind = 'org' THEN  -- the draw grade (71_credit_targets.sql): targets are organisations
        PERFORM service_affair.credit_refresh_targets(at, subject);
    END IF;
    RETURN v_id;
END
$$;
COMMENT ON FUNCTION service_affair.credit_record(text, text, text, text, text, timestamptz, boolean, text) IS
  'Internal: appends a credit event for a subject (its kind, person or org, and its identifier) from the local day of at, for credit.duration_years (default 3) years, and refreshes the target grade of an org subject; NULL subject: nothing';
REVOKE EXECUTE ON FUNCTION service_affair.credit_record(text, text, text, text, text, timestamptz, boolean, text) FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- The state of every fact as of credit_today()
CREATE VIEW service_affair.credit_event_status AS
SELECT e.id, e.subject, e.subject_kind, e.kind, e.severity, e.effective_from, e.effective_until, e.needs_review,
       COALESCE(r.confirmed, false) AS confirmed, COALESCE(r.dismissed, false) AS dismissed, p.repaired_at,
       (NOT COALESCE(r.dismissed, false) AND (p.repaired_at IS NULL OR p.repaired_at > d.at)
        AND e.effective_from <= d.day AND (e.effective_until IS NULL OR d.day < e.effective_until)) AS in_force,
       (e.effective_from > (d.day - pg_catalog.make_interval(years => service_affair.credit_setting('credit.clean_years')))::date
        AND e.effective_from <= d.day AND NOT COALESCE(r.dismissed, false)) AS recent
  FROM service_affair.credit_event e
 CROSS JOIN (SELECT n.at, service_affair.local_day(n.at, 'cn') AS day
               FROM (SELECT service_affair.credit_now() AS at) n) d
  -- a review counts from its time, as a repair does (until 2026-12-03 a
  -- confirmation or dismissal dated in the future counted at once)
  LEFT JOIN LATERAL (SELECT pg_catalog.bool_or(x.kind = 'review_confirmed') AS confirmed,
                            pg_catalog.bool_or(x.kind = 'review_dismissed') AS dismissed
                       FROM service_affair.credit_event x
                      WHERE x.refers_to = e.id AND x.kind IN ('review_confirmed', 'review_dismissed')
                        AND x.recorded_at <= d.at) r ON true
  -- a repair too (until 2026-12-05 a reader as of an instant before the
  -- repair saw its time, and credit_indicators counted the fact repaired)
  LEFT JOIN LATERAL (SELECT pg_catalog.min(x.repaired_at) AS repaired_at
                       FROM service_affair.credit_event x WHERE x.refers_to = e.id AND x.kind = 'repair'
                        AND x.recorded_at <= d.at) p ON true
 WHERE e.kind IN ('commitment_broken', 'inspection_fail', 'tolerance_revoked', 'manual');
COMMENT ON VIEW service_affair.credit_event_status IS
  'Every fact of the credit record with its state as of credit_now() and its day credit_today(): in force (begun, not expired, not repaired, not dismissed), reviewed, repaired, recent (begun within credit.clean_years); reviews and repairs count from their time';
COMMENT ON COLUMN service_affair.credit_event_status.id IS 'Event id';
COMMENT ON COLUMN service_affair.credit_event_status.subject IS 'Subject';
COMMENT ON COLUMN service_affair.credit_event_status.subject_kind IS 'Kind of the subject: person or org';
COMMENT ON COLUMN service_affair.credit_event_status.kind IS 'Kind of fact';
COMMENT ON COLUMN service_affair.credit_event_status.severity IS 'minor, serious or grave';
COMMENT ON COLUMN service_affair.credit_event_status.effective_from IS 'First day it counts';
COMMENT ON COLUMN service_affair.credit_event_status.effective_until IS 'First day it no longer counts';
COMMENT ON COLUMN service_affair.credit_event_status.needs_review IS 'Recorded for review';
COMMENT ON COLUMN service_affair.credit_event_status.confirmed IS 'A review confirmed it';
COMMENT ON COLUMN service_affair.credit_event_status.dismissed IS 'A review dismissed it (a correction: it never counts)';
COMMENT ON COLUMN service_affair.credit_event_status.repaired_at IS 'When it was repaired (信用修复), if it was by credit_now() (a repair counts from its time)';
COMMENT ON COLUMN service_affair.credit_event_status.in_force IS 'Counts today (awaiting review or not)';
COMMENT ON COLUMN service_affair.credit_event_status.recent IS 'Begun within the clean window (by today: a fact dated later is not recent yet) and not dismissed';

CREATE VIEW service_affair.credit_standing AS
SELECT s.subject, s.subject_kind, s.grave, s.serious, s.minor, s.pending, s.recent,
       service_affair.credit_ok_of(s.grave, s.serious, s.minor, s.pending, s.recent) AS credit_ok,
       service_affair.credit_grade(s.grave, s.serious, s.minor, s.pending, s.recent) AS grade
  FROM (SELECT x.subject, x.subject_kind,
               pg_catalog.count(*) FILTER (WHERE x.in_force AND (NOT x.needs_review OR x.confirmed) AND x.severity = 'grave')::integer AS grave,
               pg_catalog.count(*) FILTER (WHERE x.in_force AND (NOT x.needs_review OR x.confirmed) AND x.severity = 'serious')::integer AS serious,
               pg_catalog.count(*) FILTER (WHERE x.in_force AND (NOT x.needs_review OR x.confirmed) AND x.severity = 'minor')::integer AS minor,
               pg_catalog.count(*) FILTER (WHERE x.in_force AND x.needs_review AND NOT x.confirmed)::integer AS pending,
               pg_catalog.count(*) FILTER (WHERE x.recent)::integer AS recent
          FROM service_affair.credit_event_status x
         GROUP BY x.subject, x.subject_kind) s;
COMMENT ON VIEW service_affair.credit_standing IS
  'Counts, credit_ok and grade of every subject with a credit event, as of credit_today() (internal; credit_profile adds every applicant and target)';
COMMENT ON COLUMN service_affair.credit_standing.subject IS 'Subject';
COMMENT ON COLUMN service_affair.credit_standing.subject_kind IS 'Kind of the subject: person or org';
COMMENT ON COLUMN service_affair.credit_standing.grave IS 'Grave events in force (not awaiting review)';
COMMENT ON COLUMN service_affair.credit_standing.serious IS 'Serious events in force (not awaiting review)';
COMMENT ON COLUMN service_affair.credit_standing.minor IS 'Minor events in force (not awaiting review)';
COMMENT ON COLUMN service_affair.credit_standing.pending IS 'Events in force awaiting review';
COMMENT ON COLUMN service_affair.credit_standing.recent IS 'Events begun within the clean window';
COMMENT ON COLUMN service_affair.credit_standing.credit_ok IS 'credit_ok_of(the counts)';
COMMENT ON COLUMN service_affair.credit_standing.grade IS 'credit_grade(the counts)';

-- The record's credit_ok of a subject for a writer (submit(), supplement(),
-- the approval on commitment): read as of now, whatever as_of a caller set
-- (credit_now()); only reached for a subject with a record, so the SET
-- clause costs nothing on the common path.
CREATE FUNCTION service_affair.credit_ok_for_intake(subject_kind text, subject text) RETURNS boolean
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
    SET service_affair.credit_writing = 'on'
AS $$
DECLARE
    ok boolean;
BEGIN
    SELECT s.credit_ok INTO ok FROM service_affair.credit_standing s
     WHERE s.subject = credit_ok_for_intake.subject AND s.subject_kind = credit_ok_for_intake.subject_kind;
    RETURN COALESCE(ok, true);
END
$$;
COMMENT ON FUNCTION service_affair.credit_ok_for_intake(text, text) IS
  'Internal (intake_credit_ok()): credit_ok of the record of the subject (kind and identifier) as a writer reads it (credit_now(): as_of only in a superuser''s session); true with no record';
REVOKE EXECUTE ON FUNCTION service_affair.credit_ok_for_intake(text, text) FROM PUBLIC;

-- credit_ok at intake: the manual flag, then the record (where the item asks).
-- No SET clause (internal, called by submit() and completeness(), which pin
-- search_path; doc/development.md).
CREATE FUNCTION service_affair.intake_credit_ok(applicant bigint, service text, manual boolean) RETURNS boolean
    LANGUAGE plpgsql STABLE
AS $$
DECLARE
    v_kind text;
    v_subject text;
BEGIN
    IF manual IS FALSE THEN
        RETURN false;  -- the manual override blocks whatever the record says
    END IF;
    SELECT s.subject_kind, s.subject INTO v_kind, v_subject FROM service_affair.applicant_subject(applicant) s;
    -- the common case: no fact in the record.  The manual flag's log entries
    -- (flag_set, flag_cleared) never count (credit_event_status reads the
    -- facts only), and a review or repair refers to a fact: until 2026-12-07
    -- any row sent the subject down the slow path, so an applicant once
    -- flagged and cleared paid for the whole standing at every submission
    -- (a review; credit_flag_fast_path.sql)
    IF NOT EXISTS (SELECT FROM service_affair.credit_event e
                    WHERE e.subject = v_subject AND e.subject_kind = v_kind
                      AND e.kind IN ('commitment_broken', 'inspection_fail', 'tolerance_revoked', 'manual')) THEN
        RETURN true;
    END IF;
    IF NOT EXISTS (SELECT FROM service_affair.service_item_codes(service) s JOIN service_affair.item i ON i.code = s
                    WHERE i.credit_check) THEN
        RETURN true;
    END IF;
    RETURN service_affair.credit_ok_for_intake(v_kind, v_subject);
END
$$;
COMMENT ON FUNCTION service_affair.intake_credit_ok(bigint, text, boolean) IS
  'Internal (submit, completeness): whether the applicant may use commitments and tolerated materials on the service: false when the manual flag (applicant.credit_ok) is false, else the credit record''s credit_ok when an item of the service has credit_check, else true';
REVOKE EXECUTE ON FUNCTION service_affair.intake_credit_ok(bigint, text, boolean) FROM PUBLIC;

-- 告知承诺 is closed to an applicant with an earlier false commitment
-- (DOMAIN.md, "Acceptance": "not for applicants with bad credit or an
-- earlier false commitment"), whatever the item's credit_check says:
-- credit_check decides whether the rest of the record (inspection fails,
-- manual facts, 容缺 revocations) bars commitments and 容缺 on the item, not
-- whether a broken commitment in force does.  Until 2026-12-07 an item with
-- credit_check false let an applicant whose commitment_broken fact was in
-- force commit on it and be approved on it on commitment (a review;
-- test/pgtap/commitment_broken_no_credit_check.sql).  The fact counts as
-- long as the record counts it (in force: not expired, repaired or
-- dismissed), as under credit_check.  Read as a writer (credit_now()).
CREATE FUNCTION service_affair.commitment_broken_in_force(subject_kind text, subject text) RETURNS boolean
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
    SET service_affair.credit_writing = 'on'
AS $$
BEGIN
    RETURN EXISTS (SELECT FROM service_affair.credit_event_status x
                    WHERE x.subject = commitment_broken_in_force.subject AND x.subject_kind = commitment_broken_in_force.subject_kind
                      AND x.kind = 'commitment_broken'
                      AND x.in_force AND (NOT x.needs_review OR x.confirmed));
END
$$;
COMMENT ON FUNCTION service_affair.commitment_broken_in_force(text, text) IS
  'Internal: whether the subject (kind and identifier) has a commitment_broken credit fact in force (not awaiting review, or confirmed), as a writer reads the record (credit_now())';
REVOKE EXECUTE ON FUNCTION service_affair.commitment_broken_in_force(text, text) FROM PUBLIC;

-- Whether the applicant may use the commitment route (告知承诺, 承诺制审批)
-- on the service: intake_credit_ok(), and in any case no broken commitment
-- in force.
CREATE FUNCTION service_affair.intake_commitment_ok(applicant bigint, service text, manual boolean) RETURNS boolean
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_kind text;
    v_subject text;
BEGIN
    IF NOT service_affair.intake_credit_ok(applicant, service, manual) THEN
        RETURN false;
    END IF;
    SELECT s.subject_kind, s.subject INTO v_kind, v_subject FROM service_affair.applicant_subject(applicant) s;
    IF NOT EXISTS (SELECT FROM service_affair.credit_event e
                    WHERE e.subject = v_subject AND e.subject_kind = v_kind AND e.kind = 'commitment_broken') THEN
        RETURN true;  -- the common case: no broken commitment ever
    END IF;
    RETURN NOT service_affair.commitment_broken_in_force(v_kind, v_subject);
END
$$;
COMMENT ON FUNCTION service_affair.intake_commitment_ok(bigint, text, boolean) IS
  'Internal (the approval on commitment): whether the applicant may use commitments on the service: intake_credit_ok(), and no commitment_broken fact in force whatever the items'' credit_check says (DOMAIN.md: never for an applicant with an earlier false commitment)';
REVOKE EXECUTE ON FUNCTION service_affair.intake_commitment_ok(bigint, text, boolean) FROM PUBLIC;

-- What submit() and completeness() read of the record for a submission
-- with commitments, in one call: intake_credit_ok() (容缺 and commitments),
-- and the commitments to assess: all of them, or for an applicant barred
-- from commitments by a broken one in force (intake_commitment_ok()) while
-- intake_credit_ok() allows the rest (an item without credit_check: 容缺
-- stays open), none that names a material of the service (a code naming
-- none stays, for the completeness rule to refuse it, 22023).  A material so
-- left out is assessed as not committed (missing, or tolerated where 容缺
-- allows it).  STABLE, called in one expression: both answers come from the
-- caller's one snapshot.  Until 2026-12-07 submit() asked intake_credit_ok()
-- and then, in a later statement, intake_commitments() (which asked it
-- again): in READ COMMITTED two snapshots, so a fact committed in between
-- could bar commitments while 容缺 stayed open, and completeness() read the
-- record twice (a review; credit_intake_one_read.sql).  A submission
-- without commitments asks intake_credit_ok() alone (the hot path).
-- commitment_ok: intake_commitment_ok()'s answer from the same read, given
-- with commitments or when asked (approval: an item of the service approves
-- on commitment), NULL otherwise; submit() passes it to
-- commitment_accepted() at acceptance.  Until 2026-12-07
-- commitment_accepted() asked intake_commitment_ok() in a statement of its
-- own, a third snapshot: a broken commitment committed after the
-- commitments were assessed as made refused the approval on commitment
-- they were made for (a review; credit_accept_one_read.sql).
CREATE FUNCTION service_affair.intake_credit(applicant bigint, service text, manual boolean, commitments text[],
    approval boolean DEFAULT false,
    OUT credit_ok boolean, OUT assessed text[], OUT commitment_ok boolean)
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_kind text;
    v_subject text;
BEGIN
    credit_ok := service_affair.intake_credit_ok(applicant, service, manual);
    assessed := commitments;
    IF NOT credit_ok THEN
        commitment_ok := false;
        RETURN;  -- no commitment counts
    END IF;
    IF NOT COALESCE(intake_credit.approval, false)
       AND (commitments IS NULL OR pg_catalog.cardinality(commitments) = 0) THEN
        RETURN;  -- none is made, and the approval is not asked (commitment_ok NULL)
    END IF;
    -- as intake_commitment_ok()
    SELECT s.subject_kind, s.subject INTO v_kind, v_subject FROM service_affair.applicant_subject(applicant) s;
    IF NOT EXISTS (SELECT FROM service_affair.credit_event e
                    WHERE e.subject = v_subject AND e.subject_kind = v_kind AND e.kind = 'commitment_broken')
       OR NOT service_affair.commitment_broken_in_force(v_kind, v_subject) THEN
        commitment_ok := true;
        RETURN;  -- the common case: no broken commitment ever
    END IF;
    commitment_ok := false;
    IF commitments IS NULL OR pg_catalog.cardinality(commitments) = 0 THEN
        RETURN;
    END IF;
    assessed := ARRAY(SELECT u.code FROM pg_catalog.unnest(commitments) WITH ORDINALITY AS u(code, n)
                       WHERE NOT EXISTS (SELECT FROM service_affair.material m
                                          WHERE m.code = u.code
                                            AND m.item IN (SELECT s FROM service_affair.service_item_codes(service) s))
                       ORDER BY u.n);
END
$$;
COMMENT ON FUNCTION service_affair.intake_credit(bigint, text, boolean, text[], boolean) IS
  'Internal (submit with commitments or an item approving on commitment, completeness): in one call (one snapshot), credit_ok: intake_credit_ok(); assessed: the commitments to assess: all, or, when credit_ok and a commitment_broken fact in force bars commitments whatever credit_check says (as intake_commitment_ok()), only the codes naming no material of the service (refused as unknown by the completeness rule); commitment_ok: intake_commitment_ok()''s answer, given with commitments, when approval is true or when credit_ok is false, else NULL';
REVOKE EXECUTE ON FUNCTION service_affair.intake_credit(bigint, text, boolean, text[], boolean) FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- The API of the record (administrators)
-- Internal: the digest of a manual credit event for its request key
-- (39_case_requests.sql): sha256 of a jsonb text as request_digest() of a
-- submission, form 'credit_event'.  The subject as kind:identifier
-- (org:91…, person:11…; credit_subject_key()), severity, note and needs_review; not at: a retry
-- comes later, the event keeps the first call's fact time.
CREATE FUNCTION service_affair.credit_event_request_digest(subject text, severity text, note text, needs_review boolean)
    RETURNS bytea
    LANGUAGE sql STABLE PARALLEL SAFE  -- jsonb_build_object(), convert_to() are
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pg_catalog.sha256(pg_catalog.convert_to(pg_catalog.jsonb_build_object(
        'form', 'credit_event', 'subject', subject, 'severity', severity, 'note', note,
        'needs_review', needs_review)::text, 'UTF8'))
$$;
COMMENT ON FUNCTION service_affair.credit_event_request_digest(text, text, text, boolean) IS
  'Internal: sha256 of the canonical text of a manual credit event (subject as its kind and canonical identifier, person:… or org:…, credit_subject_key(), severity, note, needs_review; not the fact time): what a request key of record_credit_event() is bound to';
REVOKE EXECUTE ON FUNCTION service_affair.credit_event_request_digest(text, text, text, boolean) FROM PUBLIC;

CREATE FUNCTION service_affair.record_credit_event(subject text, severity text, note text,
    at timestamptz DEFAULT pg_catalog.now(), needs_review boolean DEFAULT false, request_key text DEFAULT NULL)
    RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_kind text;
    v_subject text;
    v_id bigint;
BEGIN
    PERFORM service_affair.require_admin();  -- 42501
    PERFORM service_affair.check_case_args(at, note => note, note_name => 'note');  -- 22023
    PERFORM service_affair.refuse_future_outcome(at, 'fact time');  -- 22023
    IF severity IS NULL OR severity NOT IN ('minor', 'serious', 'grave') THEN
        RAISE EXCEPTION 'invalid severity'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Severity %s is not one of minor, serious, grave.',
                                             COALESCE(pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(severity, 64))), 'NULL'));
    END IF;
    IF note IS NULL OR service_affair.is_blank(note) THEN
        RAISE EXCEPTION 'note required'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'A manual credit event states its ground in the note.';
    END IF;
    IF subject IS NULL THEN  -- credit_record() records nothing for no subject
        RAISE EXCEPTION 'credit subject required'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'A manual credit event names its subject: a USCC or a resident id.';
    END IF;
    -- NULL is no answer: an application that passed it for "unknown,
    -- review it" recorded a fact in force at once (until 2026-12-04; a review)
    IF needs_review IS NULL THEN
        RAISE EXCEPTION 'needs_review must not be null'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'A manual credit event counts at once (false, the default) or awaits a review (true), not NULL.';
    END IF;
    -- a keyed call repeated: an identifier without a kind prefix is of the
    -- kind the event the key recorded has, when it is valid as that kind.
    -- Its kind otherwise depends on who holds the characters (valid as
    -- both: credit_subject_key()), which a registration in between changes:
    -- until 2026-12-07 the retry of a call that recorded a person's fact
    -- failed 22023 once an organisation held the characters too, or
    -- (held by the other kind alone) 23505, where an idempotent retry
    -- returns the first result (a review; credit_subject_retry.sql).  Read
    -- without a lock: a concurrent first call is waited for in
    -- request_claim(), which then compares the digests as before.
    IF request_key IS NOT NULL AND subject !~* '^(person|org):' THEN
        SELECT e.subject_kind INTO v_kind
          FROM service_affair.case_request r JOIN service_affair.credit_event e ON e.id = r.credit_event_id
         WHERE r.actor = service_affair.actor() AND r.request_key = record_credit_event.request_key
           AND r.kind = 'credit_event';
        -- characters valid as both kinds, and no event of the key seen: a
        -- first call with the key may be in flight, its row not visible
        -- yet, and the kind read from the holders meanwhile (an
        -- organisation registered the person's characters) is no answer:
        -- until 2026-12-07 the retry failed 22023 at once where it waits
        -- and returns the first call's event (a review;
        -- credit_key_kind_race.spec).  Wait for that call on the key's
        -- unique index (an insert of the key, rolled back at once: no row
        -- stays), then read again; in REPEATABLE READ a committed first
        -- call the snapshot cannot see is 40001 there (retry); a first
        -- call rolled back leaves this one a first call.  Only here: a
        -- subtransaction, for about one resident id in 31.  Not in a
        -- read-only transaction (a hot standby's too), which can neither
        -- take that wait (an insert) nor record or claim a key: the holders
        -- decide there, as for a call without a key, so that characters
        -- both or neither hold are 22023 as in a read-write transaction
        -- (until 2026-12-07 the wait's insert failed first, 25006; a
        -- review, credit_subject_retry.sql).
        IF v_kind IS NULL AND request_key ~ '^[ -~]{1,200}$'
           AND NOT pg_catalog.current_setting('transaction_read_only')::boolean
           AND service_affair.is_valid_uscc(subject) AND service_affair.is_valid_resident_id(subject) THEN
            BEGIN
                INSERT INTO service_affair.case_request AS r (actor, request_key, digest, kind)
                VALUES (service_affair.actor(), record_credit_event.request_key, pg_catalog.sha256(''::bytea), 'credit_event')
                ON CONFLICT ON CONSTRAINT case_request_pkey DO NOTHING;
                RAISE EXCEPTION USING ERRCODE = 'SAK01';
            EXCEPTION WHEN SQLSTATE 'SAK01' THEN
                NULL;
            END;
            SELECT e.subject_kind INTO v_kind
              FROM service_affair.case_request r JOIN service_affair.credit_event e ON e.id = r.credit_event_id
             WHERE r.actor = service_affair.actor() AND r.request_key = record_credit_event.request_key
               AND r.kind = 'credit_event';
        END IF;
        IF v_kind = 'org' AND service_affair.is_valid_uscc(subject)
           OR v_kind = 'person' AND service_affair.is_valid_resident_id(subject) THEN
            subject := v_kind || ':' || subject;
        END IF;
    END IF;
    SELECT k.subject_kind, k.subject INTO v_kind, v_subject
      FROM service_affair.credit_subject_key(subject) k;  -- 22P02, 22023
    -- a request key (39_case_requests.sql): the event an earlier call with
    -- this key and this event recorded, whatever became of it (reviewed,
    -- repaired), and nothing written; the arguments checked first (an
    -- administrator's call; the subject bound in its canonical spelling), no
    -- lock taken yet (a concurrent call with the key waits here)
    IF request_key IS NOT NULL THEN
        v_id := service_affair.request_claim(request_key,
                    service_affair.credit_event_request_digest(v_kind || ':' || v_subject, severity, note, needs_review), 'credit_event');
        IF v_id IS NOT NULL THEN
            RETURN v_id;
        END IF;
    END IF;
    v_id := service_affair.credit_record(v_kind, v_subject, 'manual', 'manual', severity, at, needs_review, note);
    IF request_key IS NOT NULL THEN
        PERFORM service_affair.request_done(request_key, v_id, 'credit_event');
    END IF;
    RETURN v_id;
END
$$;
COMMENT ON FUNCTION service_affair.record_credit_event(text, text, text, timestamptz, boolean, text) IS
  'Records a manual credit event (e.g. a sanction reported by another system) for a USCC or resident id, or person:<resident id> or org:<USCC> naming the subject''s kind; without the kind, of the kind the identifier is valid as, and for characters valid as both of the kind of whoever holds them (a person applicant; an org applicant or a target), 22023 when both or neither do (credit_subject_key()); administrators; returns its id; given a request_key (1 to 200 printable ASCII characters, 22023 otherwise), the caller''s repeated call with the key and the same event (at aside) returns the same event and writes nothing (an unprefixed subject read as of the kind of the event the key recorded), the key with another event or request is 23505 (39_case_requests.sql)';
REVOKE EXECUTE ON FUNCTION service_affair.record_credit_event(text, text, text, timestamptz, boolean, text) FROM PUBLIC;

-- Internal: whether, in REPEATABLE READ or SERIALIZABLE, a follow-up of the
-- fact committed after the transaction's snapshot (src/stale.c): the lock
-- of credit_fact() serializes the writers, but such a writer decides on its
-- snapshot, and the unique indexes below do not cover every pair (a
-- confirmation after a repair was recorded until 2026-12-03, a review).
CREATE FUNCTION service_affair.credit_fact_stale(event_id bigint) RETURNS boolean
    AS 'MODULE_PATHNAME', 'sa_credit_fact_stale'
    LANGUAGE C VOLATILE STRICT;
COMMENT ON FUNCTION service_affair.credit_fact_stale(bigint) IS
  'Internal: true in REPEATABLE READ or SERIALIZABLE when a review or repair of the credit fact committed after the transaction''s snapshot; false in READ COMMITTED';
REVOKE EXECUTE ON FUNCTION service_affair.credit_fact_stale(bigint) FROM PUBLIC;

CREATE FUNCTION service_affair.credit_fact(event_id bigint, action text) RETURNS service_affair.credit_event_status
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    s service_affair.credit_event_status;
    v_confirmed boolean;
    v_dismissed boolean;
    v_repaired boolean;
BEGIN
    -- one writer of the event's follow-ups at a time: a lock of the event's
    -- row, which no other role can take (SELECT ... FOR NO KEY UPDATE needs
    -- UPDATE on credit_event, which no role holds; a follow-up's foreign key
    -- takes KEY SHARE, which it leaves free).  Until 2026-12-06 an advisory
    -- lock keyed by the id, which any login could hold (credit event ids are
    -- sequential: one loop held them all) and so stall every review, repair
    -- and broken check of those facts (the class of 0.1.0's defect 10).
    -- The event is append-only: its row is never updated, so the lock of a
    -- row the snapshot predates never fails; the check below answers 40001.
    PERFORM FROM service_affair.credit_event x WHERE x.id = event_id FOR NO KEY UPDATE;
    IF service_affair.credit_fact_stale(event_id) THEN
        PERFORM service_affair.credit_fact_raced(event_id);  -- 40001: a follow-up this snapshot cannot see
    END IF;
    SELECT * INTO s FROM service_affair.credit_event_status x WHERE x.id = event_id;
    IF NOT FOUND THEN
        PERFORM service_affair.refuse_null_id('credit event id', event_id);  -- 22023 (06_arguments.sql)
        RAISE EXCEPTION 'unknown credit event'
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No credit fact (a non-review, non-repair event) has id %s.', COALESCE(event_id::text, 'NULL'));
    END IF;
    -- every follow-up recorded, whatever its time: the view counts a review
    -- or a repair from its time only, and one dated after the reader's
    -- instant must still close the fact to another (else the unique index
    -- answers 40001 on every retry)
    SELECT COALESCE(pg_catalog.bool_or(x.kind = 'review_confirmed'), false), COALESCE(pg_catalog.bool_or(x.kind = 'review_dismissed'), false),
           COALESCE(pg_catalog.bool_or(x.kind = 'repair'), false)
      INTO v_confirmed, v_dismissed, v_repaired
      FROM service_affair.credit_event x WHERE x.refers_to = event_id AND x.kind IN ('review_confirmed', 'review_dismissed', 'repair');
    IF v_dismissed OR v_repaired OR (action = 'review' AND v_confirmed) THEN
        RAISE EXCEPTION 'credit event % cannot be %', s.id, CASE action WHEN 'review' THEN 'reviewed' ELSE 'repaired' END
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('Credit event %s was already %s.', s.id,
                                             CASE WHEN v_dismissed THEN 'dismissed' WHEN v_repaired THEN 'repaired'
                                                  ELSE 'confirmed' END);
    END IF;
    RETURN s;
END
$$;
COMMENT ON FUNCTION service_affair.credit_fact(bigint, text) IS
  'Internal: the state of a credit fact, locked against concurrent reviews and repairs; 23503 unknown, 55000 already dismissed, repaired, or (review) confirmed, 40001 in repeatable read or serializable when a follow-up committed after the snapshot (credit_fact_stale())';
REVOKE EXECUTE ON FUNCTION service_affair.credit_fact(bigint, text) FROM PUBLIC;

-- Internal: a review or repair that the unique indexes of credit_event
-- refused: another transaction followed the fact up after this one's
-- snapshot was taken (REPEATABLE READ or SERIALIZABLE).  Retrying sees it.
CREATE FUNCTION service_affair.credit_fact_raced(event_id bigint) RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION 'could not serialize the follow-up of credit event %', event_id
        USING ERRCODE = 'serialization_failure',
              DETAIL = pg_catalog.format('Credit event %s was reviewed or repaired by a transaction that committed after this transaction''s snapshot was taken.', event_id),
              HINT = 'Retry the transaction: it then sees the state of the fact (55000 when it is closed).';
END
$$;
COMMENT ON FUNCTION service_affair.credit_fact_raced(bigint) IS
  'Internal: raises 40001 for a review or repair of a credit fact that another transaction followed up after the caller''s snapshot';
REVOKE EXECUTE ON FUNCTION service_affair.credit_fact_raced(bigint) FROM PUBLIC;

-- Internal: 22023 for a review or repair dated before its fact was recorded
-- (a repair backdated before the fact would make it never count).
CREATE FUNCTION service_affair.credit_fact_time(event_id bigint, at timestamptz) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_recorded timestamptz;
BEGIN
    SELECT e.recorded_at INTO v_recorded FROM service_affair.credit_event e WHERE e.id = credit_fact_time.event_id;
    IF at < v_recorded THEN
        RAISE EXCEPTION 'time precedes credit event %', event_id
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Time %s is before credit event %s was recorded at %s.', at, event_id, v_recorded);
    END IF;
    -- nor before a follow-up already recorded (a repair dated before the
    -- confirmation it follows was taken until 2026-12-03)
    SELECT pg_catalog.max(x.recorded_at) INTO v_recorded FROM service_affair.credit_event x
     WHERE x.refers_to = credit_fact_time.event_id;
    IF at < v_recorded THEN
        RAISE EXCEPTION 'time precedes the last step of credit event %', event_id
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Time %s is before the last follow-up of credit event %s, recorded at %s.', at, event_id, v_recorded);
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.credit_fact_time(bigint, timestamptz) IS
  'Internal: raises 22023 when at is before the credit fact was recorded or a follow-up of it (a review or repair follows its fact and the steps before it)';
REVOKE EXECUTE ON FUNCTION service_affair.credit_fact_time(bigint, timestamptz) FROM PUBLIC;

CREATE FUNCTION service_affair.review_credit_event(event_id bigint, confirm boolean, note text DEFAULT NULL,
    at timestamptz DEFAULT pg_catalog.now())
    RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    s service_affair.credit_event_status;
    v_id bigint;
BEGIN
    PERFORM service_affair.require_admin();  -- 42501
    PERFORM service_affair.check_case_args(at, note => note, note_name => 'note');  -- 22023
    review_credit_event.note := CASE WHEN NOT service_affair.is_blank(review_credit_event.note) THEN review_credit_event.note END;  -- blank: none (06_arguments.sql)
    IF confirm IS NULL THEN
        RAISE EXCEPTION 'confirm must not be null'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('The review of credit event %s confirms it (true) or dismisses it (false), not NULL.',
                                             COALESCE(event_id::text, 'NULL'));
    END IF;
    -- a review has happened (refuse_future_outcome()): one dated decades
    -- ahead left the fact pending for ever and closed it to any other review
    -- (until 2026-12-04; a review)
    PERFORM service_affair.refuse_future_outcome(at, 'review time');  -- 22023
    s := service_affair.credit_fact(event_id, 'review');
    PERFORM service_affair.credit_fact_time(s.id, at);  -- 22023
    BEGIN
        INSERT INTO service_affair.credit_event (subject, subject_kind, kind, source, severity, effective_from, reviewed_by, refers_to, note, recorded_at)
        VALUES (s.subject, s.subject_kind, CASE WHEN confirm THEN 'review_confirmed' ELSE 'review_dismissed' END, 'event:' || s.id, s.severity,
                service_affair.local_day(at, 'cn'), service_affair.actor(), s.id, note, at)
        RETURNING id INTO v_id;
    EXCEPTION WHEN unique_violation THEN
        PERFORM service_affair.credit_fact_raced(s.id);  -- 40001
    END;
    IF s.subject_kind = 'org' THEN
        PERFORM service_affair.credit_refresh_targets(at, s.subject);
    END IF;
    RETURN v_id;
END
$$;
COMMENT ON FUNCTION service_affair.review_credit_event(bigint, boolean, text, timestamptz) IS
  'Reviews a credit fact: confirm makes an event awaiting review count; not confirm dismisses the fact (a correction: it never counts); administrators; 55000 when already dismissed, repaired or confirmed; 22023 at before the fact was recorded; returns the review event id';
REVOKE EXECUTE ON FUNCTION service_affair.review_credit_event(bigint, boolean, text, timestamptz) FROM PUBLIC;

CREATE FUNCTION service_affair.repair_credit_event(event_id bigint, note text, at timestamptz DEFAULT pg_catalog.now())
    RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    s service_affair.credit_event_status;
    v_id bigint;
BEGIN
    PERFORM service_affair.require_admin();  -- 42501
    PERFORM service_affair.check_case_args(at, note => note, note_name => 'note');  -- 22023
    IF note IS NULL OR service_affair.is_blank(note) THEN
        RAISE EXCEPTION 'note required'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'A repair (信用修复) states what was rectified in the note.';
    END IF;
    -- a repair has happened (refuse_future_outcome()): one dated in 2076
    -- was counted repaired while the fact stayed in force, and closed it
    -- to the repair of the right date (until 2026-12-04; a review)
    PERFORM service_affair.refuse_future_outcome(at, 'repair time');  -- 22023
    s := service_affair.credit_fact(event_id, 'repair');
    PERFORM service_affair.credit_fact_time(s.id, at);  -- 22023
    BEGIN
        INSERT INTO service_affair.credit_event (subject, subject_kind, kind, source, severity, effective_from, repaired_at, refers_to, note, recorded_at)
        VALUES (s.subject, s.subject_kind, 'repair', 'event:' || s.id, s.severity, service_affair.local_day(at, 'cn'), at, s.id, note, at)
        RETURNING id INTO v_id;
    EXCEPTION WHEN unique_violation THEN
        PERFORM service_affair.credit_fact_raced(s.id);  -- 40001
    END;
    IF s.subject_kind = 'org' THEN
        PERFORM service_affair.credit_refresh_targets(at, s.subject);
    END IF;
    RETURN v_id;
END
$$;
COMMENT ON FUNCTION service_affair.repair_credit_event(bigint, text, timestamptz) IS
  'Records the repair (信用修复) of a credit fact: it stops counting from at, stays in the history and keeps the subject off grade A for the clean window; administrators; 55000 when already dismissed or repaired; 22023 at before the fact was recorded; returns the repair event id';
REVOKE EXECUTE ON FUNCTION service_affair.repair_credit_event(bigint, text, timestamptz) FROM PUBLIC;

-- Analysts: counts only, no subject.
CREATE VIEW service_affair.credit_indicators AS
SELECT pg_catalog.date_trunc('month', x.effective_from)::date AS month, x.kind, x.severity,
       pg_catalog.count(*)::integer AS events,
       pg_catalog.count(*) FILTER (WHERE x.needs_review)::integer AS needs_review,
       pg_catalog.count(*) FILTER (WHERE x.dismissed)::integer AS dismissed,
       pg_catalog.count(*) FILTER (WHERE x.repaired_at IS NOT NULL)::integer AS repaired,
       pg_catalog.count(*) FILTER (WHERE x.in_force)::integer AS in_force,
       pg_catalog.count(DISTINCT (x.subject_kind, x.subject))::integer AS subjects
  FROM service_affair.credit_event_status x
 GROUP BY pg_catalog.date_trunc('month', x.effective_from), x.kind, x.severity;
COMMENT ON VIEW service_affair.credit_indicators IS
  'Credit facts per month they began, kind and severity: counts only (events, awaiting review, dismissed, repaired, in force today, distinct subjects)';
COMMENT ON COLUMN service_affair.credit_indicators.month IS 'First day of the month the facts began';
COMMENT ON COLUMN service_affair.credit_indicators.kind IS 'Kind of fact';
COMMENT ON COLUMN service_affair.credit_indicators.severity IS 'Severity';
COMMENT ON COLUMN service_affair.credit_indicators.events IS 'Facts';
COMMENT ON COLUMN service_affair.credit_indicators.needs_review IS 'Recorded for review';
COMMENT ON COLUMN service_affair.credit_indicators.dismissed IS 'Dismissed by a review';
COMMENT ON COLUMN service_affair.credit_indicators.repaired IS 'Repaired';
COMMENT ON COLUMN service_affair.credit_indicators.in_force IS 'In force today';
COMMENT ON COLUMN service_affair.credit_indicators.subjects IS 'Distinct subjects (kind and identifier: a person and a company with the same characters are two)';

INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    ('admin', 'SELECT', 'service_affair.credit_event'),
    ('admin', 'SELECT', 'service_affair.credit_event_status'),
    ('admin', 'SELECT', 'service_affair.credit_standing'),
    -- the views above call it: a view's functions run with its reader's rights
    ('admin', 'EXECUTE', 'service_affair.credit_setting(text)'),
    ('admin', 'EXECUTE', 'service_affair.record_credit_event(text,text,text,timestamp with time zone,boolean,text)'),
    ('admin', 'EXECUTE', 'service_affair.set_credit_flag(bigint,boolean,text)'),
    ('admin', 'EXECUTE', 'service_affair.review_credit_event(bigint,boolean,text,timestamp with time zone)'),
    ('admin', 'EXECUTE', 'service_affair.repair_credit_event(bigint,text,timestamp with time zone)'),
    ('admin', 'SELECT', 'service_affair.credit_indicators'),
    ('analyst', 'SELECT', 'service_affair.credit_indicators')
ON CONFLICT DO NOTHING;
