-- Complaints and feedback (投诉与建议): the 12345 hotline, the window, online,
-- letters and the 办不成事 (cannot_do) window.  A complaint is received
-- (接收), assigned to a department (分配), possibly transferred (the due is
-- kept), supervised by the supervising office (督办: a second due; the SLA
-- uses the earlier), replied to, and called back (回访): satisfied closes it,
-- unsatisfied reopens it for the same department, with a fresh reply limit
-- counted from the reopening (重办).  Anonymous complaints have
-- no call-back; the administrator closes them once replied.
--
-- The state machine and the due rule are pure C (src/core/complaint.[ch]);
-- the functions below ask complaint_step() and complaint_due() instead of
-- spelling them.  Reply limits per category are settings
-- complaint.<category>_days (working days, defaults: consultation 1,
-- complaint 5, report 10, suggestion 10, cannot_do 3).  Overdue complaints
-- are flagged by complaint_sla_sweep(), which pg_cron runs next to
-- sla_sweep() (doc/complaints.md).

-- (NOT VALID: validated with every setting_* constraint by 97_setting_validate.sql,
-- which names the rows of a 0.1.0 database it refuses)
ALTER TABLE service_affair.setting ADD CONSTRAINT setting_complaint_days CHECK (
    name NOT LIKE 'complaint.%'
    OR (name IN ('complaint.consultation_days', 'complaint.complaint_days', 'complaint.report_days',
                 'complaint.suggestion_days', 'complaint.cannot_do_days',
                 'complaint.assign_days', 'complaint.callback_days')
        AND value ~ '^[0-9]{1,3}$' AND value::integer BETWEEN 0 AND 365)) NOT VALID;
COMMENT ON CONSTRAINT setting_complaint_days ON service_affair.setting IS
  'The complaint settings are the five complaint.<category>_days (consultation, complaint, report, suggestion, cannot_do; defaults 1, 5, 10, 10, 3 working days when absent), complaint.assign_days (default 1) and complaint.callback_days (default 3), integers between 0 and 365';
-- No row is shipped: a missing row is the default of src/core/complaint.h
-- (setting_days(name, NULL) gives NULL, complaint_due() the default), so an
-- update adds no rows to setting; a DBA inserts a row to change a limit.

-- The rules, in C (src/core/complaint.[ch]).
CREATE FUNCTION service_affair.complaint_step(complaint_id bigint, status text, action text, anonymous boolean)
    RETURNS text
    AS 'MODULE_PATHNAME', 'sa_complaint_step_sql'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.complaint_step(bigint, text, text, boolean) IS
  'Internal: the status of a complaint after an action (assign, transfer, supervise, reply, callback_satisfied, callback_unsatisfied, close); 55000 when the state machine refuses it';
REVOKE EXECUTE ON FUNCTION service_affair.complaint_step(bigint, text, text, boolean) FROM PUBLIC;
CREATE FUNCTION service_affair.complaint_check(channel text, category text, at timestamptz) RETURNS void
    AS 'MODULE_PATHNAME', 'sa_complaint_check_sql'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.complaint_check(text, text, timestamptz) IS
  'Internal: raises the 22023 errors of receive_complaint() for its channel, category and time (unknown, null, infinite)';
REVOKE EXECUTE ON FUNCTION service_affair.complaint_check(text, text, timestamptz) FROM PUBLIC;
CREATE FUNCTION service_affair.complaint_check_time(at timestamptz) RETURNS void
    AS 'MODULE_PATHNAME', 'sa_complaint_check_time_sql'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.complaint_check_time(timestamptz) IS
  'Internal: 22023 for a null or infinite time of a complaint action';
REVOKE EXECUTE ON FUNCTION service_affair.complaint_check_time(timestamptz) FROM PUBLIC;
CREATE FUNCTION service_affair.complaint_due(received_at timestamptz, cal text, category text, days integer)
    RETURNS date
    AS 'MODULE_PATHNAME', 'sa_complaint_due_sql'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.complaint_due(timestamptz, text, text, integer) IS
  'Internal: the reply due of a complaint''s round: days (NULL: the category default) working days of calendar cal after the local day of received_at, the time of receipt or of the latest reopening (assign_complaint(), record_complaint_callback(), complaint_recompute_dues())';
REVOKE EXECUTE ON FUNCTION service_affair.complaint_due(timestamptz, text, text, integer) FROM PUBLIC;

CREATE TABLE service_affair.complaint (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    channel        text NOT NULL CHECK (channel IN ('12345', 'window', 'online', 'letter', 'cannot_do')),
    category       text NOT NULL CHECK (category IN ('consultation', 'complaint', 'report', 'suggestion', 'cannot_do')),
    body           text NOT NULL,
    received_at    timestamptz NOT NULL,
    -- no foreign keys to the case and the rating: a complaint outlives the
    -- settling of its case (settle_cases(), 63_settle.sql), and may be
    -- about a settled one; receive_complaint() and complaint_from_rating()
    -- check that they exist
    case_id        bigint,
    item           text REFERENCES service_affair.item ON UPDATE CASCADE,
    department     text REFERENCES service_affair.department ON UPDATE CASCADE,
    point          text,
    applicant      bigint REFERENCES service_affair.applicant,
    status         text NOT NULL DEFAULT 'received'
                   CHECK (status IN ('received', 'assigned', 'replied', 'closed', 'reopened')),
    due            date,
    reply_days     integer,
    supervise_due  date,
    -- the one home of the complaint's SLA due (the issue "One home per
    -- rule"): until 2026-12-05 LEAST(due, supervise_due) was written out
    -- six times (reply_complaint(), complaint_sla_sweep(), complaint_queue,
    -- case_followups), agreeing only by care
    effective_due  date GENERATED ALWAYS AS (LEAST(due, supervise_due)) STORED,
    calendar       text NOT NULL REFERENCES service_affair.calendar ON UPDATE CASCADE,
    received_by    name NOT NULL DEFAULT service_affair.actor(),
    assigned_at    timestamptz,
    reply          text,
    reply_at       timestamptz,
    replied_on     date,
    replied_by     name,
    replied_on_time boolean,
    callback_at    timestamptz,
    satisfied      boolean,
    closed_at      timestamptz,
    blocker        text,
    resolution     text,
    overdue_due    date,
    rating_id      bigint UNIQUE,
    assign_days    integer,
    callback_days  integer,
    reopened_at    timestamptz,
    CONSTRAINT complaint_anonymous_case CHECK (applicant IS NOT NULL OR case_id IS NULL),
    CONSTRAINT complaint_assigned_has_due CHECK (status = 'received' OR (due IS NOT NULL AND department IS NOT NULL)),
    CONSTRAINT complaint_replied_has_reply CHECK (status NOT IN ('replied', 'closed') OR reply IS NOT NULL),
    -- the judgement is the current round's: a reopening clears it, and the
    -- reply of the former round stays (reply, reply_at) unjudged until the
    -- next reply (record_complaint_callback())
    CONSTRAINT complaint_reply_judged CHECK ((replied_on_time IS NOT NULL) = (status IN ('replied', 'closed'))
                                             AND (replied_on_time IS NULL OR reply_at IS NOT NULL))
);
COMMENT ON TABLE service_affair.complaint IS
  'Complaints, consultations, reports and suggestions (12345, window, online, letter, 办不成事), written only through receive_complaint() and the other complaint functions';
COMMENT ON COLUMN service_affair.complaint.id IS 'Complaint number';
COMMENT ON COLUMN service_affair.complaint.channel IS 'Where it came in: 12345 (hotline), window, online, letter, cannot_do (the 办不成事 window)';
COMMENT ON COLUMN service_affair.complaint.category IS 'consultation (咨询), complaint (投诉), report (举报), suggestion (建议), cannot_do (办不成事)';
COMMENT ON COLUMN service_affair.complaint.body IS 'What the person said';
COMMENT ON COLUMN service_affair.complaint.received_at IS 'When it was received';
COMMENT ON COLUMN service_affair.complaint.case_id IS 'The case it is about, if any (never for an anonymous complaint); open or settled (no foreign key: checked by receive_complaint())';
COMMENT ON COLUMN service_affair.complaint.item IS 'The item it is about, if any (the case''s item by default)';
COMMENT ON COLUMN service_affair.complaint.department IS 'The handling department: the one named at receipt (the case''s by default) until assigned, then the assigned one, moved by transfers';
COMMENT ON COLUMN service_affair.complaint.point IS 'Service point it is about (free text)';
COMMENT ON COLUMN service_affair.complaint.applicant IS 'Who complained; NULL: anonymous (no call-back)';
COMMENT ON COLUMN service_affair.complaint.status IS 'received, assigned, replied, closed or reopened';
COMMENT ON COLUMN service_affair.complaint.due IS 'Reply due of the current round: complaint.<category>_days working days after the local day of receipt (set by assign_complaint()), or after the local day of the latest reopening (reopened_at: set again by an unsatisfied call-back, record_complaint_callback()); kept by transfers, moved by calendar edits while a reply is awaited (complaint_recompute_dues())';
COMMENT ON COLUMN service_affair.complaint.reply_days IS 'The setting complaint.<category>_days at assignment, read again at each reopening (NULL: unset, the category''s default): the working days due counts, kept so that a calendar edit recomputes due with them';
COMMENT ON COLUMN service_affair.complaint.supervise_due IS 'Due set by the supervising office (督办); the SLA uses the earlier of due and supervise_due';
COMMENT ON COLUMN service_affair.complaint.effective_due IS 'The due the SLA uses: the earlier of due and supervise_due (generated: the one place that rule is written; reply_complaint(), complaint_sla_sweep() and the views read it)';
COMMENT ON COLUMN service_affair.complaint.calendar IS 'Calendar of the working days: the case''s or item''s, else cn';
COMMENT ON COLUMN service_affair.complaint.received_by IS 'Role that received it';
COMMENT ON COLUMN service_affair.complaint.assigned_at IS 'When it was first assigned';
COMMENT ON COLUMN service_affair.complaint.reply IS 'The latest reply of the department';
COMMENT ON COLUMN service_affair.complaint.reply_at IS 'When the latest reply was given';
COMMENT ON COLUMN service_affair.complaint.replied_on IS 'Local day of reply_at; on time when on or before the earlier of due and supervise_due in force at the reply (replied_on_time)';
COMMENT ON COLUMN service_affair.complaint.replied_by IS 'Role that gave the latest reply';
COMMENT ON COLUMN service_affair.complaint.replied_on_time IS 'Whether the reply of the current round was on time: replied_on on or before the earlier of due and supervise_due as they stood when it was given (recorded by reply_complaint(), a fact of its time, never recomputed); NULL while the round awaits its reply: before the first reply, and from a reopening (which clears it) until the next reply (constraint complaint_reply_judged: set exactly in status replied and closed); every round''s judgement is kept in complaint_event.on_time, which the indicators count';
COMMENT ON COLUMN service_affair.complaint.callback_at IS 'When the complainant was last called back (回访)';
COMMENT ON COLUMN service_affair.complaint.satisfied IS 'Outcome of the last call-back';
COMMENT ON COLUMN service_affair.complaint.closed_at IS 'When it was closed';
COMMENT ON COLUMN service_affair.complaint.blocker IS '办不成事: what blocked the person on the normal path';
COMMENT ON COLUMN service_affair.complaint.resolution IS '办不成事: how it was resolved (the reply by default)';
COMMENT ON COLUMN service_affair.complaint.overdue_due IS 'The effective due last flagged overdue by complaint_sla_sweep()';
COMMENT ON COLUMN service_affair.complaint.rating_id IS 'The bad rating that opened it (complaint_from_rating()), at most one complaint per rating';
COMMENT ON COLUMN service_affair.complaint.assign_days IS 'The setting complaint.assign_days when the complaint was received (NULL: unset, the default 1): the working days within which its assignment counts as on time in the indicators, kept so that a later change of the setting does not rewrite months already reported';
COMMENT ON COLUMN service_affair.complaint.reopened_at IS 'When an unsatisfied call-back last reopened the complaint (NULL: never): the start of its current round, whose reply is due complaint.<category>_days working days after its local day (record_complaint_callback(); complaint_recompute_dues() recomputes due from it, not from the receipt)';
COMMENT ON COLUMN service_affair.complaint.callback_days IS 'The setting complaint.callback_days when the complaint was received (NULL: unset, the default 3): the working days after a reply within which its call-back counts as on time in the indicators, kept as assign_days';
COMMENT ON CONSTRAINT complaint_anonymous_case ON service_affair.complaint IS
  'An anonymous complaint names no case (a case would link it to its applicant)';
COMMENT ON CONSTRAINT complaint_assigned_has_due ON service_affair.complaint IS
  'Once assigned, a complaint has a department and a due';
COMMENT ON CONSTRAINT complaint_replied_has_reply ON service_affair.complaint IS
  'A replied or closed complaint has a reply';
COMMENT ON CONSTRAINT complaint_reply_judged ON service_affair.complaint IS
  'A reply is judged on time or late when it is given, for its round: replied_on_time is set exactly in status replied and closed (a reopened complaint awaits the judgement of its next reply), and only with a reply';
CREATE INDEX complaint_open_idx ON service_affair.complaint (department) WHERE status IN ('received', 'assigned', 'reopened');
CREATE INDEX complaint_case_idx ON service_affair.complaint (case_id) WHERE case_id IS NOT NULL;
-- the complaints that hold a month in the history (history_month_blocker(),
-- 64_history.sql, asked for every month past retention each night): few,
-- whatever the size of the table
CREATE INDEX complaint_unclosed_case_idx ON service_affair.complaint (case_id) WHERE case_id IS NOT NULL AND status <> 'closed';
-- the bound of a period's scan (complaint_rollup_between(), 65_views.sql)
CREATE INDEX complaint_received_at_idx ON service_affair.complaint (received_at);
SELECT pg_catalog.pg_extension_config_dump('service_affair.complaint', '');
SELECT pg_catalog.pg_extension_config_dump('service_affair.complaint_id_seq', '');

CREATE TABLE service_affair.complaint_event (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    complaint_id  bigint NOT NULL REFERENCES service_affair.complaint,
    at            timestamptz NOT NULL,
    kind          text NOT NULL CHECK (kind IN ('received', 'assigned', 'transferred', 'supervised', 'replied',
                                                'callback', 'reopened', 'closed', 'overdue')),
    from_status   text,
    to_status     text NOT NULL,
    -- the department codes follow a rename (UPDATE department SET code), as
    -- complaint.department does: complaint_facts counts each reply under
    -- the department the event names, and until 2026-12-07 (no foreign
    -- key) a renamed department's former replies stayed under its old code,
    -- a second row beside its new one, without a region
    -- (complaint_department_rename.sql); a department with history is not
    -- deleted (as one with cases)
    department    text REFERENCES service_affair.department ON UPDATE CASCADE,
    to_department text REFERENCES service_affair.department ON UPDATE CASCADE,
    satisfied     boolean,
    note          text,
    actor         name NOT NULL DEFAULT service_affair.actor(),
    -- the judgement of a reply, kept with it for good: complaint.replied_on_time
    -- is the current round's only, cleared by a reopening, and until
    -- 2026-12-07 the indicators read it alone, so that a reopening erased a
    -- late reply of the former round (complaint_facts, 65_views.sql)
    on_time       boolean,
    CONSTRAINT complaint_event_reply_judged CHECK ((on_time IS NOT NULL) = (kind = 'replied')),
    -- complaint_facts counts a reply, a call-back and an overdue flag of a
    -- reopened round under the department the event names (65_views.sql):
    -- the handling one, which an assigned complaint always has (an overdue
    -- flag of a complaint supervised before any assignment has none)
    CONSTRAINT complaint_event_department CHECK (department IS NOT NULL
                                                 OR kind NOT IN ('transferred', 'replied', 'callback', 'reopened'))
);
COMMENT ON TABLE service_affair.complaint_event IS
  'Append-only history of every complaint (UPDATE, DELETE and TRUNCATE refused, 42501, by trigger complaint_event_no_change and complaint_event_no_truncate): each receipt, assignment, transfer, supervision, reply, call-back, reopening, closing and overdue flag';
COMMENT ON COLUMN service_affair.complaint_event.id IS 'Event id (order of recording)';
COMMENT ON COLUMN service_affair.complaint_event.complaint_id IS 'The complaint';
COMMENT ON COLUMN service_affair.complaint_event.at IS 'When it happened';
COMMENT ON COLUMN service_affair.complaint_event.kind IS 'received, assigned, transferred, supervised, replied, callback, reopened, closed or overdue';
COMMENT ON COLUMN service_affair.complaint_event.from_status IS 'Status before';
COMMENT ON COLUMN service_affair.complaint_event.to_status IS 'Status after';
COMMENT ON COLUMN service_affair.complaint_event.department IS 'Handling department before the event (its code as it stands: a rename of the department carries into the history)';
COMMENT ON COLUMN service_affair.complaint_event.to_department IS 'Handling department after an assignment or transfer, or named at receipt (its code as it stands, as department)';
COMMENT ON COLUMN service_affair.complaint_event.satisfied IS 'Outcome of a call-back';
COMMENT ON COLUMN service_affair.complaint_event.note IS 'Transfer reason, supervision due, overdue due, the due of a reopening, the due a reply was judged against (due YYYY-MM-DD)';
COMMENT ON COLUMN service_affair.complaint_event.actor IS 'Role that acted';
COMMENT ON COLUMN service_affair.complaint_event.on_time IS 'Of a replied event (and only of one): whether that reply was on time, its local day on or before the earlier of due and supervise_due of its round as they stood when it was given (note: that due); recorded by reply_complaint() and kept whatever a later reopening or calendar edit does: the reply judgements of every round, which complaint_facts counts';
COMMENT ON CONSTRAINT complaint_event_reply_judged ON service_affair.complaint_event IS
  'Every reply carries its judgement (on time or late), and only a reply';
COMMENT ON CONSTRAINT complaint_event_department ON service_affair.complaint_event IS
  'A transfer, reply, call-back and reopening name the handling department they happened in (department), under which complaint_facts counts them (an overdue flag too, once the complaint is assigned)';
CREATE INDEX complaint_event_complaint_idx ON service_affair.complaint_event (complaint_id, id);
SELECT pg_catalog.pg_extension_config_dump('service_affair.complaint_event', '');
SELECT pg_catalog.pg_extension_config_dump('service_affair.complaint_event_id_seq', '');
-- Append-only by trigger too, as case_event and credit_event (40_cases.sql,
-- 56_credit.sql): the grants keep the roles out, the trigger the owner and
-- superusers.  Until 2026-12-07 by grants only: the owner could rewrite or
-- delete a reply's judgement (on_time), which the indicators count.
CREATE FUNCTION service_affair.complaint_event_append_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_RELID IS DISTINCT FROM 'service_affair.complaint_event'::pg_catalog.regclass OR TG_WHEN <> 'BEFORE'
       OR TG_OP NOT IN ('UPDATE', 'DELETE', 'TRUNCATE') THEN
        RAISE EXCEPTION 'complaint_event_append_only() is not a trigger of this table'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'It guards service_affair.complaint_event only.';
    END IF;
    -- A department renamed (UPDATE department SET code): the foreign keys of
    -- department and to_department (ON UPDATE CASCADE) carry its new code
    -- into the history, from their own trigger (depth 2), as they do into
    -- complaint.department; nothing else changes, the former code is no
    -- department any more and the new one is.  A cascade never fills a
    -- column that named none (until 2026-12-07 a NULL department, "no
    -- department any more", passed: a superuser's own trigger could write
    -- a department into a receipt, a review).  The former code may be a
    -- department again when the same statement renamed another to it (a
    -- rename chain, A to B and C to A): the pair renamed, noted by trigger
    -- department_rename_note (department_rename_lock(), 75_catalog_ledger.sql),
    -- passes then (until 2026-12-07 the chain was refused, 42501;
    -- complaint_department_rename.sql).  The note is read only as set for
    -- the transaction (xact_setting(): a session-level SET, say on a pooled
    -- connection, is no note) and lives for the renaming statement only
    -- (until 2026-12-07, a second read: a SET of it, or a rename earlier in
    -- the transaction, let a trigger of one's own rewrite a code still a
    -- department).  Any other update, by the owner or a superuser, is
    -- refused.
    IF TG_OP = 'UPDATE' AND pg_catalog.pg_trigger_depth() > 1
       AND (pg_catalog.to_jsonb(NEW) OPERATOR(pg_catalog.-) ARRAY['department', 'to_department'])
           OPERATOR(pg_catalog.=) (pg_catalog.to_jsonb(OLD) OPERATOR(pg_catalog.-) ARRAY['department', 'to_department'])
       AND (NEW.department IS NOT DISTINCT FROM OLD.department
            OR (OLD.department IS NOT NULL
                AND EXISTS (SELECT FROM service_affair.department d WHERE d.code OPERATOR(pg_catalog.=) NEW.department)
                AND (NOT EXISTS (SELECT FROM service_affair.department d WHERE d.code OPERATOR(pg_catalog.=) OLD.department)
                     OR COALESCE(NULLIF(service_affair.xact_setting('service_affair.department_renames'), ''), '[]')::jsonb
                        OPERATOR(pg_catalog.@>) pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_array(OLD.department, NEW.department)))))
       AND (NEW.to_department IS NOT DISTINCT FROM OLD.to_department
            OR (OLD.to_department IS NOT NULL
                AND EXISTS (SELECT FROM service_affair.department d WHERE d.code OPERATOR(pg_catalog.=) NEW.to_department)
                AND (NOT EXISTS (SELECT FROM service_affair.department d WHERE d.code OPERATOR(pg_catalog.=) OLD.to_department)
                     OR COALESCE(NULLIF(service_affair.xact_setting('service_affair.department_renames'), ''), '[]')::jsonb
                        OPERATOR(pg_catalog.@>) pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_array(OLD.to_department, NEW.to_department))))) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'complaint history is append-only'
        USING ERRCODE = 'insufficient_privilege',
              DETAIL = pg_catalog.format('%s on service_affair.complaint_event is not allowed.', TG_OP);
END
$$;
COMMENT ON FUNCTION service_affair.complaint_event_append_only() IS
  'Trigger: refuses UPDATE, DELETE and TRUNCATE of the complaint history (42501), but the new code of a renamed department carried into department and to_department by their foreign keys (ON UPDATE CASCADE), a rename chain of one statement too (the pairs noted in service_affair.department_renames); refuses to run on any other table (42501)';
REVOKE EXECUTE ON FUNCTION service_affair.complaint_event_append_only() FROM PUBLIC;
CREATE TRIGGER complaint_event_no_change BEFORE UPDATE OR DELETE ON service_affair.complaint_event
    FOR EACH ROW EXECUTE FUNCTION service_affair.complaint_event_append_only();
COMMENT ON TRIGGER complaint_event_no_change ON service_affair.complaint_event IS 'Complaint events are never changed or deleted';
CREATE TRIGGER complaint_event_no_truncate BEFORE TRUNCATE ON service_affair.complaint_event
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.complaint_event_append_only();
COMMENT ON TRIGGER complaint_event_no_truncate ON service_affair.complaint_event IS 'The complaint history is never truncated';

-- Internal: 22023 for a text argument that is missing (when required), empty
-- or longer than max characters; echoes at most 64 characters.
CREATE FUNCTION service_affair.complaint_text(what text, value text, max integer, required boolean) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF value IS NULL THEN
        IF required THEN
            RAISE EXCEPTION '% must not be null', what USING ERRCODE = 'invalid_parameter_value',
                DETAIL = pg_catalog.format('A complaint %s is required.', what);
        END IF;
        RETURN;
    END IF;
    IF service_affair.is_blank(value) THEN
        RAISE EXCEPTION '% must not be empty', what USING ERRCODE = 'invalid_parameter_value',
            DETAIL = pg_catalog.format('The %s given is empty or blank.', what);
    END IF;
    IF pg_catalog.length(value) > max THEN
        RAISE EXCEPTION '% is too long', what USING ERRCODE = 'invalid_parameter_value',
            DETAIL = pg_catalog.format('The %s %s has %s characters; at most %s are accepted.', what,
                                       pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(value, 64)) || '…'),
                                       pg_catalog.length(value), max);
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.complaint_text(text, text, integer, boolean) IS
  'Internal: 22023 for a complaint text argument that is null (when required), blank, or longer than max characters';
REVOKE EXECUTE ON FUNCTION service_affair.complaint_text(text, text, integer, boolean) FROM PUBLIC;

-- Internal: 22023 for a time of receipt in the first weeks of timestamps.
-- The analysts' views take the first day of the local month of receipt
-- through timestamptz: one complaint received then would make every read of
-- complaint_indicators and complaint_items fail with 22008.
CREATE FUNCTION service_affair.complaint_check_receipt(at timestamptz) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF at < timestamptz '4713-01-01 00:00:00+00 BC' THEN
        RAISE EXCEPTION 'at is out of range'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('A complaint is received at or after 4713-01-01 BC (UTC), not at %s.', at);
    END IF;
    -- the other end: in a calendar east of UTC the local day of a receipt
    -- on 294276-12-31 (UTC) may be 294277-01-01, past timestamptz
    IF at >= timestamptz '294276-12-31 00:00:00+00' THEN
        RAISE EXCEPTION 'at is out of range'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('A complaint is received before 294276-12-31 (UTC), not at %s.', at);
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.complaint_check_receipt(timestamptz) IS
  'Internal: raises 22023 for a time of receipt before 4713-01-01 BC or from 294276-12-31 on (UTC), whose local month the analysts'' views could not take through timestamptz';
REVOKE EXECUTE ON FUNCTION service_affair.complaint_check_receipt(timestamptz) FROM PUBLIC;

-- Internal: 42501 unless the caller receives complaints and calls back:
-- an administrator or a clerk, and for a complaint naming a case a clerk of
-- the case's region (require_case(), as rate()).  Until 2026-12-04
-- assign_complaint() and record_complaint_callback() asked only the first
-- half: a clerk of another region took a complaint about a case it may not
-- see to its own department, read it there, and closed it as satisfied.
CREATE FUNCTION service_affair.complaint_require_intake(case_id bigint) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF service_affair.acts_as('admin') THEN
        RETURN;
    END IF;
    IF NOT service_affair.acts_as('clerk') THEN
        RAISE EXCEPTION 'permission denied for complaints'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('Role %s is neither an administrator nor a clerk.',
                                             pg_catalog.quote_ident(service_affair.actor()));
    END IF;
    IF case_id IS NOT NULL THEN
        PERFORM service_affair.require_case(case_id);
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.complaint_require_intake(bigint) IS
  'Internal: raises 42501 unless the caller is an administrator or a clerk (service_affair_clerk) and, when case_id is not NULL, a clerk of the region where that case was submitted (require_case)';
REVOKE EXECUTE ON FUNCTION service_affair.complaint_require_intake(bigint) FROM PUBLIC;

-- Internal: complaint_require_intake() for the case of a rating (a clerk
-- opening a complaint from it: complaint_from_rating()), refusing in words
-- that name the rating alone.  The decision stays require_case()'s (the
-- region of the case, 05_org.sql); only its refusal, which names the case
-- and its region, is replaced: rating ids are sequential, and until
-- 2026-12-05 any clerk learned the case and region of every rating (a review).
CREATE FUNCTION service_affair.complaint_rating_intake(rating_id bigint, case_id bigint) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM service_affair.complaint_require_intake(NULL);  -- 42501 neither administrator nor clerk (the role alone)
    -- no case: an unknown rating, refused as another region's to anybody
    -- but an administrator (lock_rating() tells them 23503): until
    -- 2026-12-05 it passed here, and any clerk learned from lock_rating()'s
    -- 23503 which rating ids existed (a review)
    IF case_id IS NULL AND service_affair.acts_as('admin') THEN
        RETURN;
    END IF;
    -- the one region check (NULL: administrators only), require_case()'s
    -- decision as a boolean (05_org.sql; until 2026-12-06 its 42501 caught
    -- in an EXCEPTION block, a subtransaction at each call)
    IF NOT service_affair.region_clerk_serves(case_id) THEN
        RAISE EXCEPTION 'permission denied for rating %', rating_id
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('Role %s may not open a complaint from rating %s: administrators and the clerks of the region of its case do.',
                                             pg_catalog.quote_ident(service_affair.actor()), rating_id);
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.complaint_rating_intake(bigint, bigint) IS
  'Internal: raises 42501 unless the caller is an administrator or a clerk (complaint_require_intake) and a clerk of the region of case_id, the case of the rating (require_case; NULL, an unknown rating: administrators only); the refusal of another region''s or an unknown rating names the rating, not the case or its region';
REVOKE EXECUTE ON FUNCTION service_affair.complaint_rating_intake(bigint, bigint) FROM PUBLIC;

-- Internal: may the caller act on this complaint (read without a lock)?
-- act 'staff' (transfer, reply): an administrator or the staff of its
-- handling department (complaint_visible()).  act 'intake' (assign, call
-- back): an administrator, or a clerk; for one naming a case a clerk of the
-- case's region (as require_case()); for one naming no case the clerk who
-- received it or a clerk of the region of its handling department (none:
-- its receiver only).  act 'admin' (supervise, close): administrators.  A
-- NULL row (no such complaint): administrators only, so that an unknown id
-- and another's are refused alike (lock_complaint()).  Until 2026-12-04 any
-- clerk took over another region's complaints that named no case (a review).
CREATE FUNCTION service_affair.complaint_may(c service_affair.complaint, act text) RETURNS boolean
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_region text;
BEGIN
    IF service_affair.may_act(NULL, NULL) THEN  -- administrators
        RETURN true;
    END IF;
    IF c.id IS NULL THEN
        RETURN false;
    END IF;
    IF act = 'staff' THEN
        RETURN COALESCE(service_affair.complaint_visible(c.department), false);
    ELSIF act = 'intake' THEN
        IF NOT service_affair.acts_as('clerk') THEN
            RETURN false;
        END IF;
        IF c.case_id IS NOT NULL THEN
            -- open cases first, then the history (as require_case())
            SELECT x.region INTO v_region FROM service_affair.cases x WHERE x.id = c.case_id AND NOT x.settled;
            IF NOT FOUND THEN
                SELECT x.region INTO v_region FROM service_affair.settled_case(c.case_id) x;  -- its month only (63_settle.sql)
            END IF;
            RETURN COALESCE(v_region OPERATOR(pg_catalog.=) ANY (service_affair.my_regions('clerk')), false);
        END IF;
        -- its receiver: a person's role, not one of the extension's group
        -- roles, which every clerk may SET ROLE to (until 2026-12-06 a
        -- complaint received as service_affair_clerk was any clerk's of any
        -- region who did the same: it assigned it to its own department and
        -- read it there; is_group_role(), 05_org.sql, the one list of them)
        IF c.received_by = service_affair.actor()
           AND NOT service_affair.is_group_role(c.received_by) THEN
            RETURN true;
        END IF;
        SELECT d.region INTO v_region FROM service_affair.department d WHERE d.code = c.department;
        RETURN COALESCE(v_region OPERATOR(pg_catalog.=) ANY (service_affair.my_regions('clerk')), false);
    END IF;
    RETURN false;  -- 'admin'
END
$$;
COMMENT ON FUNCTION service_affair.complaint_may(service_affair.complaint, text) IS
  'Internal: whether the caller may act on the complaint: staff (transfer, reply) an administrator or the staff of its handling department; intake (assign, call back) an administrator, or a clerk of the region of its case, or for one naming no case its receiver (a role that is none of the extension''s group roles) or a clerk of the region of its department; admin (supervise, close) administrators; a NULL row (unknown complaint) administrators only';
REVOKE EXECUTE ON FUNCTION service_affair.complaint_may(service_affair.complaint, text) FROM PUBLIC;

-- The one access decision of a complaint (built on may_act(), 05_org.sql):
-- an administrator, or a clerk or reviewer on the staff of the handling
-- department.  The staff's writes (complaint_may(), lock_complaint()), the row-level
-- security policy of complaint and the staff's view complaint_queue ask it.
-- Like may_act() it answers only about the caller (no SECURITY DEFINER).
CREATE FUNCTION service_affair.complaint_visible(department text) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
RETURN service_affair.may_act('clerk', department) OR service_affair.may_act('reviewer', department);
COMMENT ON FUNCTION service_affair.complaint_visible(text) IS
  'Whether the caller may read and handle the complaints of this handling department: an administrator, or a clerk or reviewer on its staff (may_act); NULL department: administrators only';

ALTER TABLE service_affair.complaint ENABLE ROW LEVEL SECURITY;
CREATE POLICY complaint_visible ON service_affair.complaint FOR SELECT
    USING (service_affair.complaint_visible(department));
COMMENT ON POLICY complaint_visible ON service_affair.complaint IS
  'Administrators and the staff (clerk, reviewer) of the handling department (complaint_visible()); only administrators hold SELECT on the table, the staff read complaint_queue';

-- Internal: the refusal of a complaint the caller may not act on, the same
-- for an unknown id and another's (the detail names the caller and who may
-- act, nothing of the complaint).
CREATE FUNCTION service_affair.complaint_refuse(complaint_id bigint, act text) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION 'permission denied for complaint %', complaint_id
        USING ERRCODE = 'insufficient_privilege',
              DETAIL = pg_catalog.format('Role %s may not act on complaint %s, if there is one: %s.',
                                         pg_catalog.quote_ident(service_affair.actor()), complaint_id,
                                         CASE act
                                         WHEN 'staff' THEN 'administrators and the staff (clerks, reviewers) of its handling department transfer and reply'
                                         WHEN 'intake' THEN 'administrators and clerks of the region of its case (naming none: its receiver or clerks of the region of its department) assign and call back'
                                         ELSE 'administrators only' END);
END
$$;
COMMENT ON FUNCTION service_affair.complaint_refuse(bigint, text) IS
  'Internal: raises 42501 for a complaint the caller may not act on (complaint_may()), in the same words for an unknown id and another''s';
REVOKE EXECUTE ON FUNCTION service_affair.complaint_refuse(bigint, text) FROM PUBLIC;

-- Internal: a complaint locked for a change, once the caller's right to it
-- is known.  The right is decided on the row read without a lock
-- (complaint_may()); an unknown id and another's get the same 42501
-- (complaint_refuse()); only then the due lock and the row FOR UPDATE, and
-- the right asked again of the locked row (a transfer committed meanwhile
-- moves it to another department).  Until 2026-12-05 the row was locked
-- first, and any role holding EXECUTE learned from 23503 which ids existed
-- and held other departments' complaints locked until it ended (a review).
-- 22023 a null or infinite time, after the right.  Whether the time precedes
-- the receipt is asked by the caller (complaint_check_after()).
CREATE FUNCTION service_affair.lock_complaint(complaint_id bigint, at timestamptz, act text)
    RETURNS service_affair.complaint
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c service_affair.complaint;
BEGIN
    -- the right by role alone, before anything is read
    IF act = 'admin' THEN
        PERFORM service_affair.require_admin();  -- 42501
    ELSIF act = 'intake' THEN
        PERFORM service_affair.complaint_require_intake(NULL);  -- 42501 neither administrator nor clerk
    END IF;
    -- then the right to this complaint, on the row read without a lock
    SELECT * INTO c FROM service_affair.complaint x WHERE x.id = lock_complaint.complaint_id;
    IF NOT FOUND THEN
        PERFORM service_affair.refuse_null_id('complaint id', complaint_id);  -- 22023 (06_arguments.sql)
    END IF;
    IF NOT service_affair.complaint_may(c, act) THEN
        PERFORM service_affair.complaint_refuse(complaint_id, act);  -- 42501, unknown or another's
    END IF;
    IF c.id IS NULL THEN  -- administrators only
        RAISE EXCEPTION 'unknown complaint'
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No complaint has id %s.', complaint_id);
    END IF;
    PERFORM service_affair.complaint_check_time(at);
    -- a step of a complaint has happened (until 2026-12-04 a close dated
    -- ahead counted as on time at once: refuse_future_outcome(), 56_credit.sql)
    PERFORM service_affair.refuse_future_outcome(at, 'at');  -- 22023
    -- the due lock before the complaint, as every writer of a row a
    -- calendar edit moves (doc/routing.md, "Concurrency"): the edit holds
    -- the due lock and then waits for the complaints it moves, so a writer
    -- holding one complaint and then asking for the due lock (an
    -- assignment, a task step) or another complaint deadlocked with it
    -- (until 2026-12-03, the day the edit began moving complaints)
    PERFORM service_affair.due_lock_shared();
    SELECT * INTO c FROM service_affair.complaint x WHERE x.id = lock_complaint.complaint_id FOR UPDATE;
    IF NOT FOUND THEN  -- deleted meanwhile (an administrator's direct write)
        RAISE EXCEPTION 'unknown complaint'
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No complaint has id %s.', complaint_id);
    END IF;
    IF NOT service_affair.complaint_may(c, act) THEN  -- the locked row: moved meanwhile
        PERFORM service_affair.complaint_refuse(complaint_id, act);  -- 42501
    END IF;
    RETURN c;
END
$$;
COMMENT ON FUNCTION service_affair.lock_complaint(bigint, timestamptz, text) IS
  'Internal: the complaint row locked FOR UPDATE once the caller may act on it (complaint_may(c, act), act staff, intake or admin, asked of the row read without a lock and again of the locked row), after the due lock (due_lock_shared(): a calendar edit moves complaints); 42501 alike for an unknown complaint and another''s (not an administrator), 23503 unknown complaint (administrators), 22023 a NULL id, at null, infinite, outside the years 1 to 8999 or more than an hour ahead (not a superuser''s session) (a time before the receipt: complaint_check_after())';
REVOKE EXECUTE ON FUNCTION service_affair.lock_complaint(bigint, timestamptz, text) FROM PUBLIC;

-- Internal: 22023 for a time before the receipt of a locked complaint; asked
-- after the caller's right to the complaint, since its detail names when the
-- complaint was received.
CREATE FUNCTION service_affair.complaint_check_after(c service_affair.complaint, at timestamptz) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF at < c.received_at THEN
        RAISE EXCEPTION 'time precedes complaint %', c.id
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Time %s is before complaint %s was received at %s.', at, c.id, c.received_at);
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.complaint_check_after(service_affair.complaint, timestamptz) IS
  'Internal: raises 22023 when at precedes the receipt of the complaint; called once the caller may act on it (the detail names the time of receipt)';
REVOKE EXECUTE ON FUNCTION service_affair.complaint_check_after(service_affair.complaint, timestamptz) FROM PUBLIC;

-- Internal: nor before any later step (an assignment, transfer, supervision,
-- reply, call-back, reopening): a reply dated before its assignment, or a
-- call-back before the reply, made the history run backwards and the
-- on-time rates count it (until 2026-12-03); an overdue flag of the sweep is
-- no step.  Asked after complaint_step(), so that a transition the state
-- refuses is 55000 whatever its time.
CREATE FUNCTION service_affair.complaint_check_last_step(c service_affair.complaint, at timestamptz) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_last timestamptz;
BEGIN
    SELECT pg_catalog.max(e.at) INTO v_last FROM service_affair.complaint_event e
     WHERE e.complaint_id = c.id AND e.kind <> 'overdue';
    IF at < v_last THEN
        RAISE EXCEPTION 'time precedes the last step of complaint %', c.id
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Time %s is before the last step recorded on complaint %s, at %s.', at, c.id, v_last);
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.complaint_check_last_step(service_affair.complaint, timestamptz) IS
  'Internal: raises 22023 when at precedes the last step recorded on the complaint (any event but an overdue flag); asked after the state step (55000 first)';
REVOKE EXECUTE ON FUNCTION service_affair.complaint_check_last_step(service_affair.complaint, timestamptz) FROM PUBLIC;

-- Internal: 23503 unless the department exists.
CREATE FUNCTION service_affair.complaint_department(department text) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF department IS NULL OR NOT EXISTS (SELECT FROM service_affair.department d WHERE d.code = complaint_department.department) THEN
        RAISE EXCEPTION 'unknown department'
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No department has code %s.',
                                             COALESCE(pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(department, 64))), 'NULL'));
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.complaint_department(text) IS
  'Internal: raises 23503 for an unknown (or NULL) department code';
REVOKE EXECUTE ON FUNCTION service_affair.complaint_department(text) FROM PUBLIC;

-- A complaint that names a case names its applicant too (an anonymous one
-- names neither).  Asked first, before any lookup of the case, by
-- receive_complaint() here and by the router before it routes by the case
-- (service_affair_router.shard_for_complaint()).
CREATE FUNCTION service_affair.refuse_anonymous_case(case_id bigint, applicant bigint) RETURNS void
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF case_id IS NOT NULL AND applicant IS NULL THEN
        RAISE EXCEPTION 'an anonymous complaint cannot name a case'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Case %s names its applicant; give the applicant, or leave the case out to stay anonymous.', case_id);
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.refuse_anonymous_case(bigint, bigint) IS
  'Internal: 22023 "an anonymous complaint cannot name a case" when a case is named without its applicant; receive_complaint() and the router ask it before looking the case up';
REVOKE EXECUTE ON FUNCTION service_affair.refuse_anonymous_case(bigint, bigint) FROM PUBLIC;

-- Internal: the digest a request key of receive_complaint() is bound to
-- (39_case_requests.sql): sha256 of a jsonb text as request_digest() of a
-- submission, form 'complaint' (so that it is never a submission's), every
-- argument that says what the complaint is, "at" left out (a retry comes
-- later; the complaint keeps the first call's time).
CREATE FUNCTION service_affair.complaint_request_digest(channel text, category text, body text, case_id bigint,
    item text, department text, point text, applicant bigint, blocker text)
    RETURNS bytea
    LANGUAGE sql STABLE PARALLEL SAFE  -- jsonb_build_object(), convert_to() are
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pg_catalog.sha256(pg_catalog.convert_to(pg_catalog.jsonb_build_object(
        'form', 'complaint', 'channel', channel, 'category', category, 'body', body, 'case', case_id,
        'item', item, 'department', department, 'point', point, 'applicant', applicant,
        'blocker', blocker)::text, 'UTF8'))
$$;
COMMENT ON FUNCTION service_affair.complaint_request_digest(text, text, text, bigint, text, text, text, bigint, text) IS
  'Internal: sha256 of the canonical text of a complaint received (channel, category, body, case, item, department, point, applicant, blocker; not the time): what a request key of receive_complaint() is bound to';
REVOKE EXECUTE ON FUNCTION service_affair.complaint_request_digest(text, text, text, bigint, text, text, text, bigint, text) FROM PUBLIC;

CREATE FUNCTION service_affair.receive_complaint(channel text, category text, body text,
    at timestamptz DEFAULT pg_catalog.now(), case_id bigint DEFAULT NULL, item text DEFAULT NULL,
    department text DEFAULT NULL, point text DEFAULT NULL, applicant bigint DEFAULT NULL,
    blocker text DEFAULT NULL, request_key text DEFAULT NULL)
    RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    k service_affair.cases;
    v_item text := item;
    v_department text := department;
    v_calendar text;
    v_id bigint;
BEGIN
    -- a request key (39_case_requests.sql): the complaint an earlier call
    -- of the caller with the key and this complaint received, in whatever
    -- state it is now, and nothing written (no complaint, no event); the
    -- key given to another complaint or to a submit(): 23505
    IF request_key IS NOT NULL THEN
        v_id := service_affair.request_claim(request_key,
                    service_affair.complaint_request_digest(channel, category, body, case_id, item, department,
                                                            point, applicant, blocker),
                    'complaint');
        IF v_id IS NOT NULL THEN
            RETURN v_id;
        END IF;
    END IF;
    -- the due lock before the complaint row, which names a calendar: a
    -- rename of the calendar holds it while it waits for such rows
    -- (calendar_due_lock; until 2026-12-03 a transaction that received a
    -- complaint and then assigned it deadlocked with a rename between them)
    PERFORM service_affair.due_lock_shared();
    PERFORM service_affair.refuse_anonymous_case(case_id, applicant);  -- before the lookup: says nothing of the case
    IF case_id IS NOT NULL THEN
        SELECT * INTO k FROM service_affair.cases x WHERE x.id = receive_complaint.case_id AND NOT x.settled;
        IF NOT FOUND THEN  -- a complaint may name a settled case (40_cases.sql: open ones first)
            SELECT * INTO k FROM service_affair.settled_case(receive_complaint.case_id) x;  -- its month only (63_settle.sql)
        END IF;
        IF NOT FOUND THEN
            -- an unknown case is refused as another region's (42501,
            -- require_case()) to anybody but an administrator: until
            -- 2026-12-05 any clerk learned from this 23503 which case
            -- numbers existed (a review)
            PERFORM service_affair.complaint_require_intake(receive_complaint.case_id);
            RAISE EXCEPTION 'unknown case'
                USING ERRCODE = 'foreign_key_violation',
                      DETAIL = pg_catalog.format('No case %s of applicant %s.', case_id, applicant);
        END IF;
        -- a clerk of the case's region, as rate() and complaint_from_rating()
        -- (42501, asked before the applicant: it says nothing of the owner,
        -- nor whether the case exists)
        PERFORM service_affair.complaint_require_intake(k.id);
        -- A complaint names a case of its own applicant: another person's case
        -- is refused exactly as a missing one, so a clerk of its region learns
        -- nothing of whose it is.
        IF k.applicant IS DISTINCT FROM receive_complaint.applicant THEN
            RAISE EXCEPTION 'unknown case'
                USING ERRCODE = 'foreign_key_violation',
                      DETAIL = pg_catalog.format('No case %s of applicant %s.', case_id, applicant);
        END IF;
        -- a complaint about a case comes after its submission, as a rating
        -- does (until 2026-12-04 one dated six years before the case was
        -- taken, and counted in the indicators of that month; a review)
        PERFORM service_affair.require_not_before(k.id, at, k.submitted_at, 'submission');  -- 22023
    END IF;
    IF item IS NOT NULL AND NOT EXISTS (SELECT FROM service_affair.item i WHERE i.code = receive_complaint.item) THEN
        RAISE EXCEPTION 'unknown item'
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No item has code %s.', pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(item, 64))));
    END IF;
    IF department IS NOT NULL THEN
        PERFORM service_affair.complaint_department(department);
    END IF;
    IF applicant IS NOT NULL AND NOT EXISTS (SELECT FROM service_affair.applicant a WHERE a.id = receive_complaint.applicant) THEN
        RAISE EXCEPTION 'unknown applicant'
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No applicant has id %s.', applicant);
    END IF;
    PERFORM service_affair.complaint_require_intake(NULL);  -- a named case was asked above
    PERFORM service_affair.complaint_check(channel, category, at);
    PERFORM service_affair.complaint_check_receipt(at);
    PERFORM service_affair.refuse_future_outcome(at, 'at');  -- 22023: a complaint has been received (56_credit.sql)
    PERFORM service_affair.complaint_text('body', body, 10000, true);
    PERFORM service_affair.complaint_text('point', point, 64, false);
    PERFORM service_affair.complaint_text('blocker', blocker, 10000, false);
    IF blocker IS NOT NULL AND category <> 'cannot_do' THEN
        RAISE EXCEPTION 'only a cannot_do complaint records a blocker'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Category %s is not cannot_do (办不成事).', category);
    END IF;
    IF case_id IS NOT NULL THEN
        v_item := COALESCE(v_item, k.item);
        v_department := COALESCE(v_department, k.department);
        v_calendar := k.calendar;
    ELSIF v_item IS NOT NULL THEN
        SELECT i.calendar, COALESCE(v_department, i.department) INTO v_calendar, v_department
          FROM service_affair.item i WHERE i.code = v_item;
    END IF;
    -- the indicators' limits in force at receipt, kept on the complaint
    -- (until 2026-12-05 the view read today's settings: an edit rewrote the
    -- on-time rates of every month already reported; a review)
    INSERT INTO service_affair.complaint AS c (channel, category, body, received_at, case_id, item, department,
                                              point, applicant, calendar, blocker, assign_days, callback_days)
    VALUES (channel, category, body, at, case_id, v_item, v_department, point, applicant,
            COALESCE(v_calendar, 'cn'), blocker,
            service_affair.setting_days('complaint.assign_days', NULL),
            service_affair.setting_days('complaint.callback_days', NULL))
    RETURNING c.id INTO v_id;
    INSERT INTO service_affair.complaint_event (complaint_id, at, kind, to_status, to_department)
    VALUES (v_id, at, 'received', 'received', v_department);
    IF request_key IS NOT NULL THEN
        PERFORM service_affair.request_done(request_key, v_id, 'complaint');
    END IF;
    RETURN v_id;
END
$$;
COMMENT ON FUNCTION service_affair.receive_complaint(text, text, text, timestamptz, bigint, text, text, text, bigint, text, text) IS
  'Receives (接收) a complaint, consultation, report or suggestion, optionally about a case of its applicant (another''s case: 23503, as a missing one; a case of a region the clerk does not serve: 42501), item, department and service point; NULL applicant: anonymous; blocker: what blocked the person (cannot_do only); at finite and not before 4713-01-01 BC (22023); returns its number; given a request_key (1 to 200 printable ASCII characters, 22023 otherwise), the caller''s repeated call with the key and the same complaint (at aside) returns the same complaint in any state and writes nothing, the key given to another complaint or to a submit() is 23505, a complaint the caller may no longer act on 42501 (39_case_requests.sql)';
REVOKE EXECUTE ON FUNCTION service_affair.receive_complaint(text, text, text, timestamptz, bigint, text, text, text, bigint, text, text) FROM PUBLIC;

CREATE FUNCTION service_affair.assign_complaint(complaint_id bigint, department text, at timestamptz DEFAULT pg_catalog.now())
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c service_affair.complaint;
    st text;
BEGIN
    -- the due lock before the complaint (lock_complaint()), as every path
    -- that stores a due date (until 2026-12-03 none was taken here: a
    -- calendar edit committing between the computation and the commit left
    -- the due stale)
    c := service_affair.lock_complaint(complaint_id, at, 'intake');  -- 42501, 23503, 22023
    PERFORM service_affair.complaint_department(department);
    PERFORM service_affair.complaint_check_after(c, at);  -- 22023, only now (lock_complaint())
    st := service_affair.complaint_step(c.id, c.status, 'assign', c.applicant IS NULL);
    PERFORM service_affair.complaint_check_last_step(c, at);  -- 22023, after the state (55000)
    UPDATE service_affair.complaint x
       SET status = st, department = assign_complaint.department, assigned_at = assign_complaint.at,
           reply_days = d.days, due = service_affair.complaint_due(c.received_at, c.calendar, c.category, d.days)
      FROM (SELECT service_affair.setting_days('complaint.' || c.category || '_days', NULL) AS days) d
     WHERE x.id = c.id;
    INSERT INTO service_affair.complaint_event (complaint_id, at, kind, from_status, to_status, department, to_department)
    VALUES (c.id, at, 'assigned', c.status, st, c.department, department);
END
$$;
COMMENT ON FUNCTION service_affair.assign_complaint(bigint, text, timestamptz) IS
  'Assigns (分配) a received complaint to a department; its reply is due complaint.<category>_days working days after the local day of receipt; takes the due lock first (waits for a calendar edit in progress)';
REVOKE EXECUTE ON FUNCTION service_affair.assign_complaint(bigint, text, timestamptz) FROM PUBLIC;

CREATE FUNCTION service_affair.transfer_complaint(complaint_id bigint, department text, reason text,
    at timestamptz DEFAULT pg_catalog.now())
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c service_affair.complaint;
    st text;
BEGIN
    c := service_affair.lock_complaint(complaint_id, at, 'staff');  -- 42501, 23503, 22023
    PERFORM service_affair.complaint_department(department);
    PERFORM service_affair.complaint_check_after(c, at);  -- 22023, only now (lock_complaint())
    PERFORM service_affair.complaint_text('reason', reason, 1000, true);
    st := service_affair.complaint_step(c.id, c.status, 'transfer', c.applicant IS NULL);
    PERFORM service_affair.complaint_check_last_step(c, at);  -- 22023, after the state (55000)
    IF department = c.department THEN
        RAISE EXCEPTION 'complaint % is already with department %', c.id, service_affair.printable(pg_catalog.left(department, 64))
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('A transfer moves complaint %s to another department than %s.', c.id,
                                             pg_catalog.quote_literal(c.department));
    END IF;
    UPDATE service_affair.complaint x SET department = transfer_complaint.department WHERE x.id = c.id;
    INSERT INTO service_affair.complaint_event (complaint_id, at, kind, from_status, to_status, department, to_department, note)
    VALUES (c.id, at, 'transferred', c.status, st, c.department, department, reason);
END
$$;
COMMENT ON FUNCTION service_affair.transfer_complaint(bigint, text, text, timestamptz) IS
  'Transfers (转办) an assigned or reopened complaint to another department, with a reason; logged in complaint_event; the due is kept';
REVOKE EXECUTE ON FUNCTION service_affair.transfer_complaint(bigint, text, text, timestamptz) FROM PUBLIC;

CREATE FUNCTION service_affair.supervise_complaint(complaint_id bigint, due date, at timestamptz DEFAULT pg_catalog.now())
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c service_affair.complaint;
    st text;
BEGIN
    c := service_affair.lock_complaint(complaint_id, at, 'admin');  -- 42501, 23503, 22023
    PERFORM service_affair.complaint_check_after(c, at);  -- 22023, only now (lock_complaint())
    IF due IS NULL OR NOT pg_catalog.isfinite(due) THEN
        RAISE EXCEPTION 'due must be a finite date'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('The supervision due %s is not a finite date.', COALESCE(due::text, 'NULL'));
    END IF;
    PERFORM service_affair.refuse_unrecordable_day(due, 'due');  -- 22023 outside the years 1..9999 (06_arguments.sql)
    IF due < service_affair.local_day(c.received_at, c.calendar) THEN
        RAISE EXCEPTION 'due precedes complaint %', c.id
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('The supervision due %s is before complaint %s was received on %s.', due, c.id,
                                             service_affair.local_day(c.received_at, c.calendar));
    END IF;
    st := service_affair.complaint_step(c.id, c.status, 'supervise', c.applicant IS NULL);
    PERFORM service_affair.complaint_check_last_step(c, at);  -- 22023, after the state (55000)
    -- nor before the day of the supervision, which sets a due from then on:
    -- one dated 11-20 asking for a reply by 11-03 made the complaint overdue
    -- at once and turned a reopened complaint's reply, given on time before
    -- the supervision, into a late one in the indicators (until 2026-12-05;
    -- a review).  A due on or after that day is on or after every reply.
    IF due < service_affair.local_day(at, c.calendar) THEN
        RAISE EXCEPTION 'due precedes the supervision of complaint %', c.id
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('The supervision due %s is before the day of the supervision, %s: a supervision asks for a reply from its day on.',
                                             pg_catalog.to_char(due, 'YYYY-MM-DD'),
                                             pg_catalog.to_char(service_affair.local_day(at, c.calendar), 'YYYY-MM-DD'));
    END IF;
    UPDATE service_affair.complaint x SET supervise_due = supervise_complaint.due WHERE x.id = c.id;
    INSERT INTO service_affair.complaint_event (complaint_id, at, kind, from_status, to_status, department, note)
    VALUES (c.id, at, 'supervised', c.status, st, c.department, 'due ' || pg_catalog.to_char(due, 'YYYY-MM-DD'));  -- whatever the session's DateStyle
END
$$;
COMMENT ON FUNCTION service_affair.supervise_complaint(bigint, date, timestamptz) IS
  'Supervision (督办) by the supervising office: sets supervise_due of an open complaint, not before the day of receipt nor the day of the supervision (22023); the SLA uses the earlier of due and supervise_due';
REVOKE EXECUTE ON FUNCTION service_affair.supervise_complaint(bigint, date, timestamptz) FROM PUBLIC;

CREATE FUNCTION service_affair.reply_complaint(complaint_id bigint, reply text, at timestamptz DEFAULT pg_catalog.now(),
    resolution text DEFAULT NULL)
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c service_affair.complaint;
    st text;
BEGIN
    c := service_affair.lock_complaint(complaint_id, at, 'staff');  -- 42501, 23503, 22023
    PERFORM service_affair.complaint_check_after(c, at);  -- 22023, only now (lock_complaint())
    PERFORM service_affair.complaint_text('reply', reply, 10000, true);
    PERFORM service_affair.complaint_text('resolution', resolution, 10000, false);
    IF resolution IS NOT NULL AND c.category <> 'cannot_do' THEN
        RAISE EXCEPTION 'only a cannot_do complaint records a resolution'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Complaint %s is a %s, not cannot_do (办不成事).', c.id, c.category);
    END IF;
    st := service_affair.complaint_step(c.id, c.status, 'reply', c.applicant IS NULL);
    PERFORM service_affair.complaint_check_last_step(c, at);  -- 22023, after the state (55000)
    -- a complaint flagged overdue is replied late: the reply is not dated
    -- before the flag (a reply recorded after the sweep's flag and dated
    -- before the due counted as on time; a review), as a commitment check's
    -- outcome (record_check(), 55_commitments.sql): in the applications'
    -- sessions, while the flag holds for the current due (a calendar edit
    -- that moves the due voids it), a flag dated ahead counting as now.
    -- The flags of the current round only: those recorded after the latest
    -- reopening (event ids follow the order of recording, and the sweep
    -- flags under the complaint's row lock, which the reopening held).  Not
    -- by date: a former round's flag may be dated after the reopening (a
    -- sweep dated after a reply that a calendar edit then made on time, the
    -- flag voided); until 2026-12-06 it bounded the reply to the reopened
    -- complaint, refused after its own round's flag (a review)
    IF NOT service_affair.session_by_superuser() AND c.overdue_due = c.effective_due AND at < (
           SELECT LEAST(pg_catalog.max(e.at), pg_catalog.now()) FROM service_affair.complaint_event e
            WHERE e.complaint_id = c.id AND e.kind = 'overdue'
              AND e.id > COALESCE((SELECT pg_catalog.max(r.id) FROM service_affair.complaint_event r
                                    WHERE r.complaint_id = c.id AND r.kind = 'reopened'), 0)
           HAVING pg_catalog.max(e.at) IS NOT NULL) THEN  -- no flag, no bound (as record_check())
        RAISE EXCEPTION 'time precedes the overdue flag of complaint %', c.id
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Time %s is before complaint %s was flagged overdue (its due day was %s).', at, c.id, c.overdue_due);
    END IF;
    -- on time or late is judged now, against the due in force (held by the
    -- due lock, lock_complaint()), and kept: a reply is a fact of its own
    -- time, as a task's decision (doc/routing.md).  Until 2026-12-05 the
    -- indicators compared replied_on with today's due, which a calendar
    -- edit moves again once an unsatisfied call-back reopens the complaint
    -- (complaint_recompute_dues()): a reply given on time read as late, or
    -- the reverse, while its complaint awaited the next reply
    -- (complaint_flow.sql)
    UPDATE service_affair.complaint x
       SET status = st, reply = reply_complaint.reply, reply_at = reply_complaint.at,
           replied_on = service_affair.local_day(reply_complaint.at, c.calendar), replied_by = service_affair.actor(),
           replied_on_time = service_affair.local_day(reply_complaint.at, c.calendar) <= c.effective_due,
           resolution = CASE WHEN c.category = 'cannot_do' THEN COALESCE(reply_complaint.resolution, reply_complaint.reply) END
     WHERE x.id = c.id;
    -- the judgement is kept with the reply in the history too, for good:
    -- complaint.replied_on_time is the current round's, cleared by a
    -- reopening (until 2026-12-07 the indicators read it alone, and a late
    -- reply vanished from them when its complaint was reopened)
    INSERT INTO service_affair.complaint_event (complaint_id, at, kind, from_status, to_status, department, note, on_time)
    VALUES (c.id, at, 'replied', c.status, st, c.department,
            'due ' || pg_catalog.to_char(c.effective_due, 'YYYY-MM-DD'),  -- whatever the session's DateStyle
            service_affair.local_day(reply_complaint.at, c.calendar) <= c.effective_due);
END
$$;
COMMENT ON FUNCTION service_affair.reply_complaint(bigint, text, timestamptz, text) IS
  'The handling department''s reply to an assigned or reopened complaint (staff of that department); resolution: how a cannot_do (办不成事) complaint was resolved (default: the reply); records whether it is on time (replied_on_time: its local day on or before the earlier of due and supervise_due in force now), kept whatever later calendar edits do, and with the replied event for good (complaint_event.on_time, the due in its note), whatever a reopening does';
REVOKE EXECUTE ON FUNCTION service_affair.reply_complaint(bigint, text, timestamptz, text) FROM PUBLIC;

CREATE FUNCTION service_affair.record_complaint_callback(complaint_id bigint, satisfied boolean,
    at timestamptz DEFAULT pg_catalog.now())
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c service_affair.complaint;
    st text;
BEGIN
    c := service_affair.lock_complaint(complaint_id, at, 'intake');  -- 42501, 23503, 22023
    PERFORM service_affair.complaint_check_after(c, at);  -- 22023, only now (lock_complaint())
    IF satisfied IS NULL THEN
        RAISE EXCEPTION 'satisfied must not be null'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('The call-back of complaint %s is satisfied or not.', c.id);
    END IF;
    st := service_affair.complaint_step(c.id, c.status,
              CASE WHEN satisfied THEN 'callback_satisfied' ELSE 'callback_unsatisfied' END, c.applicant IS NULL);
    PERFORM service_affair.complaint_check_last_step(c, at);  -- 22023, after the state (55000)
    -- unsatisfied: a new round (重办).  The department is given a fresh
    -- reply limit, the rule of assign_complaint() (complaint_due(), its one
    -- home) counted from the local day of the reopening, with the setting
    -- in force now; the former round's supervision and overdue flag go with
    -- it, and its reply (kept in reply, reply_at) is no longer judged:
    -- replied_on_time waits for the next reply.  Until 2026-12-06 the
    -- reopened complaint kept the due of its receipt: a call-back after it
    -- made the complaint overdue at once (the sweep flagged it, and its next
    -- reply was late however prompt), and one never replied again kept its
    -- first reply's "on time" in the indicators (a review)
    UPDATE service_affair.complaint x
       SET status = st, callback_at = record_complaint_callback.at, satisfied = record_complaint_callback.satisfied,
           closed_at = CASE WHEN st = 'closed' THEN record_complaint_callback.at END,
           reopened_at = CASE WHEN st = 'reopened' THEN record_complaint_callback.at ELSE x.reopened_at END,
           reply_days = CASE WHEN st = 'reopened' THEN d.days ELSE x.reply_days END,
           due = CASE WHEN st = 'reopened'
                      THEN service_affair.complaint_due(record_complaint_callback.at, c.calendar, c.category, d.days)
                      ELSE x.due END,
           supervise_due = CASE WHEN st = 'reopened' THEN NULL ELSE x.supervise_due END,
           overdue_due = CASE WHEN st = 'reopened' THEN NULL ELSE x.overdue_due END,
           replied_on_time = CASE WHEN st = 'reopened' THEN NULL ELSE x.replied_on_time END
      FROM (SELECT service_affair.setting_days('complaint.' || c.category || '_days', NULL) AS days) d
     WHERE x.id = c.id;
    INSERT INTO service_affair.complaint_event (complaint_id, at, kind, from_status, to_status, department, satisfied)
    VALUES (c.id, at, 'callback', c.status, st, c.department, satisfied);
    INSERT INTO service_affair.complaint_event (complaint_id, at, kind, from_status, to_status, department, note)
    SELECT c.id, at, CASE WHEN st = 'closed' THEN 'closed' ELSE 'reopened' END, c.status, st, c.department,
           CASE WHEN st = 'reopened' THEN 'due ' || pg_catalog.to_char(x.due, 'YYYY-MM-DD') END  -- whatever the session's DateStyle
      FROM service_affair.complaint x WHERE x.id = c.id;
END
$$;
COMMENT ON FUNCTION service_affair.record_complaint_callback(bigint, boolean, timestamptz) IS
  'Records the call-back (回访) of a replied complaint: satisfied closes it, not satisfied reopens it for a new reply by the same department, due complaint.<category>_days working days after the local day of the reopening (as assign_complaint() from the receipt; reopened_at, reply_days), the former round''s supervise_due, overdue flag and on-time judgement cleared; 55000 for an anonymous complaint';
REVOKE EXECUTE ON FUNCTION service_affair.record_complaint_callback(bigint, boolean, timestamptz) FROM PUBLIC;

CREATE FUNCTION service_affair.close_complaint(complaint_id bigint, at timestamptz DEFAULT pg_catalog.now())
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c service_affair.complaint;
    st text;
BEGIN
    c := service_affair.lock_complaint(complaint_id, at, 'admin');  -- 42501, 23503, 22023
    PERFORM service_affair.complaint_check_after(c, at);  -- 22023, only now (lock_complaint())
    st := service_affair.complaint_step(c.id, c.status, 'close', c.applicant IS NULL);
    PERFORM service_affair.complaint_check_last_step(c, at);  -- 22023, after the state (55000)
    UPDATE service_affair.complaint x SET status = st, closed_at = close_complaint.at WHERE x.id = c.id;
    INSERT INTO service_affair.complaint_event (complaint_id, at, kind, from_status, to_status, department)
    VALUES (c.id, at, 'closed', c.status, st, c.department);
END
$$;
COMMENT ON FUNCTION service_affair.close_complaint(bigint, timestamptz) IS
  'Closes a replied anonymous complaint (administrators); a named complaint is closed by a satisfied call-back';
REVOKE EXECUTE ON FUNCTION service_affair.close_complaint(bigint, timestamptz) FROM PUBLIC;

-- A bad rating (levels 1-2) opens a complaint about its case: online,
-- category complaint, the rater as the complainant, once per rating.
CREATE FUNCTION service_affair.complaint_from_rating(rating_id bigint, body text DEFAULT NULL,
    at timestamptz DEFAULT pg_catalog.now())
    RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    x record;
    k service_affair.cases;
    v_case bigint;
    v_body text;
    v_id bigint;
    v_constraint text;
BEGIN
    -- a clerk of the case's region (complaint_require_intake(), as
    -- receive_complaint()): asked before lock_rating(), whose 22023 for a
    -- time before the rating names when it was given and whose 23503 and
    -- 55000 whether it exists and is settled (the case of a rating never
    -- changes, so an unlocked read finds it; an unknown rating is refused as
    -- another region's, 23503 from lock_rating() to administrators only)
    -- a NULL id names nothing: 22023 to anybody, as lock_complaint() and
    -- rating_require_staff() (until 2026-12-06 a clerk got the 42501
    -- "permission denied for rating <NULL>" of another region's rating)
    IF rating_id IS NULL THEN
        PERFORM service_affair.refuse_null_id('rating id', rating_id);  -- 22023 (06_arguments.sql)
    END IF;
    SELECT r.case_id INTO v_case FROM service_affair.rating r
     WHERE r.id = complaint_from_rating.rating_id AND NOT r.settled;
    IF NOT FOUND THEN  -- a settled rating: its month of the history only (63_settle.sql)
        SELECT r.case_id INTO v_case FROM service_affair.settled_rating(complaint_from_rating.rating_id) r;
    END IF;
    PERFORM service_affair.complaint_rating_intake(rating_id, v_case);  -- 42501 naming the rating alone
    x := service_affair.lock_rating(rating_id, at);
    PERFORM service_affair.complaint_check_receipt(at);  -- 22023
    IF v_case IS NULL THEN  -- a rating committed since the read above
        PERFORM service_affair.complaint_rating_intake((x.r).id, (x.r).case_id);
    END IF;
    PERFORM service_affair.rating_check_after(x.r, at);  -- 22023, only now (lock_rating())
    PERFORM service_affair.complaint_text('body', body, 10000, false);
    IF NOT service_affair.rating_is_bad((x.r).level) THEN
        RAISE EXCEPTION 'rating % is not a bad rating', (x.r).id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('Rating %s has level %s; only a bad rating (levels 1 and 2) opens a complaint.',
                                             (x.r).id, (x.r).level);
    END IF;
    IF (x.r).appealed THEN
        RAISE EXCEPTION 'rating % is appealed', (x.r).id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('Rating %s was shown mistaken or malicious at %s; it opens no complaint.',
                                             (x.r).id, (x.r).appealed_at);
    END IF;
    SELECT c.id INTO v_id FROM service_affair.complaint c WHERE c.rating_id = (x.r).id;
    IF FOUND THEN
        RAISE EXCEPTION 'rating % already opened a complaint', (x.r).id
            USING ERRCODE = 'unique_violation',
                  DETAIL = pg_catalog.format('Rating %s opened complaint %s; a rating opens one complaint.', (x.r).id, v_id);
    END IF;
    SELECT * INTO k FROM service_affair.cases c WHERE c.id = (x.r).case_id AND NOT c.settled;
    IF NOT FOUND THEN  -- a settled case (40_cases.sql: open ones first)
        SELECT * INTO k FROM service_affair.settled_case((x.r).case_id) c;  -- its month only (63_settle.sql)
    END IF;
    v_body := COALESCE(body, CASE WHEN NOT service_affair.is_blank((x.r).comment) THEN pg_catalog.left(pg_catalog.btrim((x.r).comment), 10000) END,
                       pg_catalog.format('Bad rating %s (level %s) of case %s', (x.r).id, (x.r).level, k.id));
    BEGIN
        INSERT INTO service_affair.complaint AS c (channel, category, body, received_at, case_id, item, department,
                                                  applicant, calendar, rating_id, assign_days, callback_days)
        VALUES ('online', 'complaint', v_body, at, k.id, k.item, k.department, (x.r).rater, k.calendar, (x.r).id,
                service_affair.setting_days('complaint.assign_days', NULL),
                service_affair.setting_days('complaint.callback_days', NULL))
        RETURNING c.id INTO v_id;
    EXCEPTION WHEN unique_violation THEN
        -- REPEATABLE READ or SERIALIZABLE: the rating's lock serialized the
        -- two calls, but this snapshot predates the other's complaint
        GET STACKED DIAGNOSTICS v_constraint = CONSTRAINT_NAME;
        IF v_constraint IS DISTINCT FROM 'complaint_rating_id_key' THEN
            RAISE;
        END IF;
        RAISE EXCEPTION 'could not serialize the complaint of rating %', (x.r).id
            USING ERRCODE = 'serialization_failure',
                  DETAIL = pg_catalog.format('Rating %s opened a complaint in a transaction that committed after this transaction''s snapshot was taken.', (x.r).id),
                  HINT = 'Retry the transaction: it then sees that complaint (23505, a rating opens one complaint).';
    END;
    INSERT INTO service_affair.complaint_event (complaint_id, at, kind, to_status, to_department, note)
    VALUES (v_id, at, 'received', 'received', k.department, 'rating ' || (x.r).id::text);
    RETURN v_id;
END
$$;
COMMENT ON FUNCTION service_affair.complaint_from_rating(bigint, text, timestamptz) IS
  'Opens a complaint (online, category complaint) from a bad rating (levels 1-2, not appealed), once per rating: about the rating''s case, its item and department, by the rater; body: the rating''s comment by default; returns its number; 22023 a NULL rating id (to anybody, before the right)';
REVOKE EXECUTE ON FUNCTION service_affair.complaint_from_rating(bigint, text, timestamptz) FROM PUBLIC;

CREATE FUNCTION service_affair.complaint_sla_sweep(at timestamptz DEFAULT pg_catalog.now()) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n integer := 0;
    r record;
BEGIN
    PERFORM service_affair.complaint_check_time(at);
    -- a sweep has happened (as sla_sweep(): until 2026-12-04 this one, run
    -- by itself, flagged a complaint in 2030 and the real flag never came;
    -- a review)
    PERFORM service_affair.refuse_future_outcome(at, 'sweep time');  -- 22023 (56_credit.sql)
    -- READ COMMITTED only, as sla_sweep(): a snapshot older than a reply or
    -- a transfer ended the sweep with 40001 at that complaint's lock
    PERFORM service_affair.refuse_snapshot_isolation('complaint_sla_sweep()',
        'the sweep would judge complaints as of its snapshot, not as other transactions left them since.');  -- 55000 (06_arguments.sql)
    PERFORM service_affair.due_lock_shared();  -- before the complaints, as lock_complaint()
    FOR r IN
        SELECT c.id, c.status, c.department, c.effective_due AS eff
          FROM service_affair.complaint c
         WHERE c.status IN ('received', 'assigned', 'reopened')
           AND c.effective_due < service_affair.local_day(at, c.calendar)
           AND c.overdue_due IS DISTINCT FROM c.effective_due
           -- nor one with a step after at (a catch-up sweep dated before an
           -- assignment flagged the complaint in a state it was not in yet):
           -- a later sweep flags it, as sla_sweep() leaves such a task
           AND NOT EXISTS (SELECT FROM service_affair.complaint_event e
                            WHERE e.complaint_id = c.id AND e.kind <> 'overdue' AND e.at > complaint_sla_sweep.at)
         ORDER BY c.id
    LOOP
        -- never wait: a busy complaint is taken care of by the next sweep.
        -- Nor flag it twice: a sweep running beside this one may have
        -- flagged it since this loop's list was taken (until 2026-12-04 the
        -- same due was flagged again, a second event and notice, and the
        -- reply was then bounded by the later flag; a review)
        PERFORM FROM service_affair.complaint c
         WHERE c.id = r.id AND c.status = r.status AND c.effective_due = r.eff
           AND c.overdue_due IS DISTINCT FROM r.eff
           FOR UPDATE SKIP LOCKED;
        CONTINUE WHEN NOT FOUND;
        UPDATE service_affair.complaint c SET overdue_due = r.eff WHERE c.id = r.id;
        INSERT INTO service_affair.complaint_event (complaint_id, at, kind, from_status, to_status, department, note)
        VALUES (r.id, at, 'overdue', r.status, r.status, r.department, 'due ' || pg_catalog.to_char(r.eff, 'YYYY-MM-DD'));  -- whatever the session's DateStyle
        -- the complaint only (sla_notify(), 50_routing.sql): its staff read
        -- it in complaint_queue, with their own rights
        PERFORM service_affair.sla_notify('complaint', r.id, at);
        n := n + 1;
    END LOOP;
    RETURN n;
END
$$;
COMMENT ON FUNCTION service_affair.complaint_sla_sweep(timestamptz) IS
  'Flags open complaints whose due (the earlier of due and supervise_due) passed before the local day of at: one complaint_event and one NOTIFY service_affair_sla ({"kind":"complaint",...}) per change; returns the number of changes; idempotent; READ COMMITTED only (55000 in a REPEATABLE READ or SERIALIZABLE transaction); run by pg_cron next to sla_sweep()';
REVOKE EXECUTE ON FUNCTION service_affair.complaint_sla_sweep(timestamptz) FROM PUBLIC;

-- Calendar edits move the reply due of the complaints awaiting a reply
-- (assigned or reopened), as they move the tasks' (recompute_dues(),
-- 50_routing.sql), with the day count kept at assignment or the latest
-- reopening (a later change of the setting moves nothing), counted from the
-- local day of receipt or of that reopening (reopened_at).  The supervision due is a date the office
-- set, not a count: it stays.  Under the due lock, which every writer of a
-- complaint takes before the complaint (lock_complaint(),
-- complaint_sla_sweep()): the edit waits for their transactions, and they
-- for the edit.  Until 2026-12-03 a calendar edit moved no complaint: a
-- reply could fall due on a holiday entered after the assignment.
CREATE FUNCTION service_affair.complaint_recompute_dues() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    edit jsonb;
BEGIN
    -- the check, the due lock, the days the edit changed (22_calendar_triggers.sql)
    edit := service_affair.calendar_recompute_begin('complaint_recompute_dues', TG_RELID, TG_WHEN, TG_LEVEL, TG_OP);
    IF edit = '{}'::jsonb THEN  -- no working day changed (a note, covered_until): nothing can move
        RETURN NULL;
    END IF;
    UPDATE service_affair.complaint k
       SET due = x.new_due
      FROM (SELECT y.id, service_affair.complaint_due(COALESCE(y.reopened_at, y.received_at), y.calendar, y.category, y.reply_days) AS new_due
              FROM service_affair.complaint y
             WHERE y.status IN ('assigned', 'reopened') AND y.due IS NOT NULL
               AND service_affair.calendar_edit_moves(edit, y.calendar, y.due)) x
     WHERE k.id = x.id AND k.status IN ('assigned', 'reopened')  -- (not replied while this waited for it)
       AND k.due IS DISTINCT FROM x.new_due;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION service_affair.complaint_recompute_dues() IS
  'Trigger: after any edit of calendar or calendar_day, recompute the reply due of the complaints awaiting a reply (assigned or reopened; reply_days working days of the complaint''s calendar after the local day of receipt, or of the latest reopening, reopened_at) that the edit can move (calendar_edit_moves()) under the due lock; the supervision due stays; refuses to run on any other table (42501)';
REVOKE EXECUTE ON FUNCTION service_affair.complaint_recompute_dues() FROM PUBLIC;
CREATE TRIGGER complaint_recompute_dues
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON service_affair.calendar
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.complaint_recompute_dues();
COMMENT ON TRIGGER complaint_recompute_dues ON service_affair.calendar IS 'A calendar edit moves the reply due of the complaints awaiting a reply';
CREATE TRIGGER complaint_recompute_dues
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON service_affair.calendar_day
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.complaint_recompute_dues();
COMMENT ON TRIGGER complaint_recompute_dues ON service_affair.calendar_day IS 'A calendar edit moves the reply due of the complaints awaiting a reply';

-- complaint_indicators (and its region and overall levels) is built in
-- 65_views.sql with the other analyst views, from complaint_counts, and so
-- is complaint_items (it adds the cases of archived months, 64_history.sql).


-- The staff's complaints: every column of complaint but the complainant
-- (applicant), for the administrators and the staff of the handling
-- department (complaint_visible(), the decision of the policy on complaint).
-- A security barrier: the caller's own conditions run after the decision.
-- replied_on_time (the judgement reply_complaint() keeps) comes last: it was
-- missing until 2026-12-05, and readers of the earlier columns by position
-- keep working; reopened_at (the start of the current round, from which due
-- counts) after it, missing until 2026-12-07.
CREATE VIEW service_affair.complaint_queue WITH (security_barrier = true) AS
SELECT c.id, c.channel, c.category, c.body, c.received_at, c.case_id, c.item, c.department, c.point,
       c.applicant IS NULL AS anonymous, c.status, c.due, c.supervise_due, c.effective_due,
       c.calendar, c.received_by, c.assigned_at, c.reply, c.reply_at, c.replied_on, c.replied_by,
       c.callback_at, c.satisfied, c.closed_at, c.blocker, c.resolution, c.overdue_due, c.rating_id,
       c.replied_on_time, c.reopened_at
  FROM service_affair.complaint c
 WHERE service_affair.complaint_visible(c.department);
COMMENT ON VIEW service_affair.complaint_queue IS
  'Complaints the caller handles (administrators: all; a clerk or reviewer: those of the departments on whose staff it is), without the complainant''s identity';
COMMENT ON COLUMN service_affair.complaint_queue.id IS 'Complaint number';
COMMENT ON COLUMN service_affair.complaint_queue.channel IS '12345, window, online, letter or cannot_do';
COMMENT ON COLUMN service_affair.complaint_queue.category IS 'consultation, complaint, report, suggestion or cannot_do';
COMMENT ON COLUMN service_affair.complaint_queue.body IS 'What the person said';
COMMENT ON COLUMN service_affair.complaint_queue.received_at IS 'When it was received';
COMMENT ON COLUMN service_affair.complaint_queue.case_id IS 'The case it is about, if any';
COMMENT ON COLUMN service_affair.complaint_queue.item IS 'The item it is about, if any';
COMMENT ON COLUMN service_affair.complaint_queue.department IS 'The handling department';
COMMENT ON COLUMN service_affair.complaint_queue.point IS 'Service point it is about';
COMMENT ON COLUMN service_affair.complaint_queue.anonymous IS 'Anonymous (no call-back); who complained is not shown';
COMMENT ON COLUMN service_affair.complaint_queue.status IS 'received, assigned, replied, closed or reopened';
COMMENT ON COLUMN service_affair.complaint_queue.due IS 'Reply due of the current round, counted from the receipt (assignment) or from the latest reopening (reopened_at)';
COMMENT ON COLUMN service_affair.complaint_queue.supervise_due IS 'Due set by the supervising office';
COMMENT ON COLUMN service_affair.complaint_queue.effective_due IS 'The earlier of due and supervise_due (the SLA)';
COMMENT ON COLUMN service_affair.complaint_queue.calendar IS 'Calendar of the working days';
COMMENT ON COLUMN service_affair.complaint_queue.received_by IS 'Role that received it';
COMMENT ON COLUMN service_affair.complaint_queue.assigned_at IS 'When it was first assigned';
COMMENT ON COLUMN service_affair.complaint_queue.reply IS 'The latest reply';
COMMENT ON COLUMN service_affair.complaint_queue.reply_at IS 'When the latest reply was given';
COMMENT ON COLUMN service_affair.complaint_queue.replied_on IS 'Local day of reply_at';
COMMENT ON COLUMN service_affair.complaint_queue.replied_by IS 'Role that gave the latest reply';
COMMENT ON COLUMN service_affair.complaint_queue.callback_at IS 'When the complainant was last called back';
COMMENT ON COLUMN service_affair.complaint_queue.satisfied IS 'Outcome of the last call-back';
COMMENT ON COLUMN service_affair.complaint_queue.closed_at IS 'When it was closed';
COMMENT ON COLUMN service_affair.complaint_queue.blocker IS '办不成事: what blocked the person';
COMMENT ON COLUMN service_affair.complaint_queue.resolution IS '办不成事: how it was resolved';
COMMENT ON COLUMN service_affair.complaint_queue.overdue_due IS 'The effective due last flagged overdue';
COMMENT ON COLUMN service_affair.complaint_queue.rating_id IS 'The bad rating that opened it, if any';
COMMENT ON COLUMN service_affair.complaint_queue.replied_on_time IS 'Whether the reply of the current round was on time, judged against the due in force when it was given (complaint.replied_on_time); NULL while the round awaits its reply (not replied yet, or reopened)';
COMMENT ON COLUMN service_affair.complaint_queue.reopened_at IS 'When an unsatisfied call-back last reopened the complaint (NULL: never): the start of its current round, from whose local day due counts; the former rounds'' replies and their judgements are in complaint_event';

-- A case's follow-ups side by side: the rectification of its bad rating and
-- the complaints about it (one row per complaint, or one without a complaint;
-- a complaint about a case without a rectification has no rating columns).
-- Visible to administrators, the clerks who see the case (its region, as
-- require_case()) and the reviewers of its department (who run the
-- rectification, as check_department_staff()).  No complainant identity.
CREATE FUNCTION service_affair.case_followups_visible(region text, department text) RETURNS boolean
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- plpgsql, so that the view does not depend on acts_as() and my_regions()
    -- themselves (the update from 0.1.0 re-creates them in 90_access.sql)
    RETURN service_affair.acts_as('admin')
        OR region OPERATOR(pg_catalog.=) ANY (service_affair.my_regions('clerk'))
        OR service_affair.may_act('reviewer', department);
END
$$;
COMMENT ON FUNCTION service_affair.case_followups_visible(text, text) IS
  'Whether the caller sees the follow-ups of a case of this region and department: an administrator, a clerk of the region (as require_case), a reviewer of the department (as check_department_staff); answers only about the caller';

CREATE VIEW service_affair.case_followups WITH (security_barrier = true) AS
SELECT k.id AS case_id, r.id AS rating_id, r.level,
       CASE WHEN f.rating_id IS NULL THEN NULL
            WHEN f.closed_at IS NOT NULL THEN 'closed'
            WHEN f.called_back_at IS NOT NULL THEN 'called_back'
            ELSE 'open' END AS rectification_status,
       f.callback_due, f.fix_due,
       c.id AS complaint_id, c.status AS complaint_status, c.effective_due AS complaint_due,
       f.called_back_at IS NOT NULL AS called_back,
       -- settled without its call-back: missed for good, whatever the
       -- period now (until 2026-12-07 a longer settle.quiet_days, or a
       -- case settled by the former rule, showed it owed: neither called
       -- back nor missed, though record_callback() refuses it, 55000)
       CASE WHEN f.settled THEN f.called_back_at IS NULL
            ELSE service_affair.callback_state(f.callback_due, f.called_back_at, k.calendar, pg_catalog.now(),
                                               service_affair.settle_quiet_days((SELECT s.value FROM service_affair.setting s
                                                                                  WHERE s.name = 'settle.quiet_days'))) = 'missed' END AS callback_missed,
       -- the same for the fix: settled without its close (and not by an
       -- upheld appeal, which settles on its own rule), lapsed for good
       CASE WHEN f.settled THEN f.closed_at IS NULL AND NOT r.appealed
            ELSE service_affair.fix_state(f.fix_due, f.closed_at, k.calendar, pg_catalog.now(),
                                          service_affair.settle_quiet_days((SELECT s.value FROM service_affair.setting s
                                                                             WHERE s.name = 'settle.quiet_days'))) = 'lapsed' END AS fix_lapsed
  FROM (service_affair.rating r JOIN service_affair.rectification f ON f.rating_id = r.id)
  FULL JOIN (SELECT x.id, x.case_id, x.status, x.effective_due
               FROM service_affair.complaint x WHERE x.case_id IS NOT NULL) c ON c.case_id = r.case_id
  JOIN service_affair.cases k ON k.id = COALESCE(r.case_id, c.case_id)
 WHERE service_affair.case_followups_visible(k.region, k.department);
COMMENT ON VIEW service_affair.case_followups IS
  'The rectification of a case''s bad rating beside the complaints about the case: administrators, clerks of the case''s region, reviewers of its department; no complainant identity';
COMMENT ON COLUMN service_affair.case_followups.case_id IS 'The case';
COMMENT ON COLUMN service_affair.case_followups.rating_id IS 'Its bad rating (levels 1-2), NULL when it has no rectification';
COMMENT ON COLUMN service_affair.case_followups.level IS 'Level of the bad rating';
COMMENT ON COLUMN service_affair.case_followups.rectification_status IS 'open, called_back (the rater was called back) or closed; a lapsed rectification (fix_lapsed) stays open or called_back, never closed';
COMMENT ON COLUMN service_affair.case_followups.callback_due IS 'Call-back due of the rectification';
COMMENT ON COLUMN service_affair.case_followups.fix_due IS 'Fix due of the rectification';
COMMENT ON COLUMN service_affair.case_followups.complaint_id IS 'A complaint about the case, NULL when none';
COMMENT ON COLUMN service_affair.case_followups.complaint_status IS 'Its status: received, assigned, replied, closed or reopened';
COMMENT ON COLUMN service_affair.case_followups.complaint_due IS 'Its reply due: the earlier of due and supervise_due';
COMMENT ON COLUMN service_affair.case_followups.called_back IS 'Whether the rater was called back (record_callback()), NULL when it has no rectification: a closed one not called back still keeps its case from settling (but an appealed rating''s) until its call-back is missed; a missed call-back is false here for good';
COMMENT ON COLUMN service_affair.case_followups.callback_missed IS 'Whether the call-back was missed: not made, and today (local day, case calendar) more than settle.quiet_days days after callback_due (callback_state()), or its rating settled without it; the case may then settle and record_callback() refuses it (55000); NULL when it has no rectification';
COMMENT ON COLUMN service_affair.case_followups.fix_lapsed IS 'Whether the rectification lapsed: not closed, and today (local day, case calendar) more than settle.quiet_days days after fix_due (fix_state()), or its rating (not appealed) settled without the close; rectification_status stays open or called_back, the case may then settle and close_rectification() refuses it (55000); NULL when it has no rectification';

INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    ('admin', 'EXECUTE', 'service_affair.receive_complaint(text,text,text,timestamp with time zone,bigint,text,text,text,bigint,text,text)'),
    ('clerk', 'EXECUTE', 'service_affair.receive_complaint(text,text,text,timestamp with time zone,bigint,text,text,text,bigint,text,text)'),
    ('admin', 'EXECUTE', 'service_affair.assign_complaint(bigint,text,timestamp with time zone)'),
    ('clerk', 'EXECUTE', 'service_affair.assign_complaint(bigint,text,timestamp with time zone)'),
    ('admin', 'EXECUTE', 'service_affair.transfer_complaint(bigint,text,text,timestamp with time zone)'),
    ('clerk', 'EXECUTE', 'service_affair.transfer_complaint(bigint,text,text,timestamp with time zone)'),
    ('reviewer', 'EXECUTE', 'service_affair.transfer_complaint(bigint,text,text,timestamp with time zone)'),
    ('admin', 'EXECUTE', 'service_affair.supervise_complaint(bigint,date,timestamp with time zone)'),
    ('admin', 'EXECUTE', 'service_affair.reply_complaint(bigint,text,timestamp with time zone,text)'),
    ('clerk', 'EXECUTE', 'service_affair.reply_complaint(bigint,text,timestamp with time zone,text)'),
    ('reviewer', 'EXECUTE', 'service_affair.reply_complaint(bigint,text,timestamp with time zone,text)'),
    ('admin', 'EXECUTE', 'service_affair.record_complaint_callback(bigint,boolean,timestamp with time zone)'),
    ('clerk', 'EXECUTE', 'service_affair.record_complaint_callback(bigint,boolean,timestamp with time zone)'),
    ('admin', 'EXECUTE', 'service_affair.close_complaint(bigint,timestamp with time zone)'),
    ('admin', 'EXECUTE', 'service_affair.complaint_sla_sweep(timestamp with time zone)'),
    ('admin', 'SELECT', 'service_affair.complaint'),
    ('admin', 'SELECT', 'service_affair.complaint_event'),
    ('admin', 'SELECT', 'service_affair.complaint_indicators'),
    ('analyst', 'SELECT', 'service_affair.complaint_indicators'),
    ('admin', 'EXECUTE', 'service_affair.complaint_from_rating(bigint,text,timestamp with time zone)'),
    ('clerk', 'EXECUTE', 'service_affair.complaint_from_rating(bigint,text,timestamp with time zone)'),
    ('admin', 'SELECT', 'service_affair.complaint_queue'),
    ('clerk', 'SELECT', 'service_affair.complaint_queue'),
    ('reviewer', 'SELECT', 'service_affair.complaint_queue'),
    ('admin', 'SELECT', 'service_affair.case_followups'),
    ('clerk', 'SELECT', 'service_affair.case_followups'),
    ('reviewer', 'SELECT', 'service_affair.case_followups');
