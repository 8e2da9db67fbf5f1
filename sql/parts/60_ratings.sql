-- Ratings (好差评) and the rectification of bad ratings (差评整改).
--
-- One real-name rating per case (一事一评), five levels; levels 1-2 are bad
-- ratings and open a rectification with a call-back due and a fix due counted
-- in working days of the case's calendar from the local day of the rating
-- (settings rating.callback_days and rating.fix_days, defaults 1 and 15).
-- A rating shown to be mistaken or malicious is appealed: it stays on record
-- but the analyst views leave it out.

-- Settings a DBA edits (one row per setting).  The shipped rows are inserted
-- by CREATE EXTENSION; pg_dump dumps every row, and on restore the BEFORE
-- INSERT trigger turns an insert of a name that already exists into an update
-- of its value, so that edited values survive a dump and restore.
CREATE TABLE service_affair.setting (
    name        text PRIMARY KEY CHECK (name ~ E'^[a-z_]+\\.[a-z_]+$'),
    value       text NOT NULL,
    description text NOT NULL DEFAULT '',
    CONSTRAINT setting_rating_days CHECK (
        name NOT IN ('rating.callback_days', 'rating.fix_days')
        OR (value ~ '^[0-9]{1,3}$' AND value::integer BETWEEN 0 AND 365))
);
COMMENT ON TABLE service_affair.setting IS
  'Configurable rules a DBA edits: rating.callback_days (default 1) and rating.fix_days (default 15), working days; the credit.*, complaint.*, settle.* and history.* settings (absent: their defaults); a name nothing reads is refused';
COMMENT ON COLUMN service_affair.setting.name IS 'Setting name, area.name';
COMMENT ON COLUMN service_affair.setting.value IS 'Value as text (the working-day settings: an integer 0..365)';
COMMENT ON COLUMN service_affair.setting.description IS 'What the setting controls';
COMMENT ON CONSTRAINT setting_rating_days ON service_affair.setting IS
  'The rating day counts are integers between 0 and 365';
-- A name nothing reads is refused, not taken and ignored: a typo such as
-- rating.fix_day left the default in force unseen (until 2026-12-05).  The
-- areas are the five the code reads (rating here; credit, complaint,
-- settle and history, whose names and values their parts check:
-- setting_credit, setting_complaint_days, setting_settle_days,
-- setting_history); another area (ratings.fix_days) is a typo as well.
-- (NOT VALID: validated with every setting_* constraint by 97_setting_validate.sql,
-- which names the rows of a 0.1.0 database it refuses)
ALTER TABLE service_affair.setting ADD CONSTRAINT setting_rating_names CHECK (
    name NOT LIKE 'rating.%' OR name IN ('rating.callback_days', 'rating.fix_days')) NOT VALID;
COMMENT ON CONSTRAINT setting_rating_names ON service_affair.setting IS
  'The rating.* settings are rating.callback_days and rating.fix_days (another name of the area is refused, not ignored)';
ALTER TABLE service_affair.setting ADD CONSTRAINT setting_area CHECK (
    pg_catalog.split_part(name, '.', 1) IN ('rating', 'credit', 'complaint', 'settle', 'history')) NOT VALID;
COMMENT ON CONSTRAINT setting_area ON service_affair.setting IS
  'A setting belongs to an area the code reads: rating, credit, complaint, settle or history (a name of another area is refused, not ignored)';
SELECT pg_catalog.pg_extension_config_dump('service_affair.setting', '');

CREATE FUNCTION service_affair.setting_upsert() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_RELID <> 'service_affair.setting'::pg_catalog.regclass
       OR TG_WHEN <> 'BEFORE' OR TG_LEVEL <> 'ROW' OR TG_OP <> 'INSERT' THEN
        RAISE EXCEPTION 'setting_upsert() must not fire on % % % of %', TG_WHEN, TG_LEVEL, TG_OP, TG_RELID::pg_catalog.regclass
            USING ERRCODE = 'trigger_protocol_violated',
                  DETAIL = 'It fires only before INSERT of rows of service_affair.setting.';
    END IF;
    -- an INSERT of name and value alone (doc/ratings.md's way to change a
    -- setting) keeps the description (until 2026-12-04 the column's
    -- default, empty, replaced it; a review)
    UPDATE service_affair.setting s SET value = NEW.value,
                                        description = COALESCE(NULLIF(NEW.description, ''), s.description)
     WHERE s.name = NEW.name;
    IF FOUND THEN
        RETURN NULL;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION service_affair.setting_upsert() IS
  'Trigger: an INSERT of a setting that exists updates its value instead, and its description when one is given (keeps edited settings across dump and restore)';
CREATE TRIGGER setting_upsert BEFORE INSERT ON service_affair.setting
    FOR EACH ROW EXECUTE FUNCTION service_affair.setting_upsert();
COMMENT ON TRIGGER setting_upsert ON service_affair.setting IS
  'INSERT of an existing setting name updates it (restore of a dump over the shipped rows)';
REVOKE EXECUTE ON FUNCTION service_affair.setting_upsert() FROM PUBLIC;

INSERT INTO service_affair.setting (name, value, description) VALUES
    ('rating.callback_days', '1', 'Working days after a bad rating (levels 1-2) within which the rater is called back'),
    ('rating.fix_days', '15', 'Working days after a bad rating (levels 1-2) within which the rectification is closed (some cities use 5)');

CREATE FUNCTION service_affair.setting_days(name text, fallback integer) RETURNS integer
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
RETURN COALESCE((SELECT s.value::integer FROM service_affair.setting s WHERE s.name = setting_days.name), fallback);
COMMENT ON FUNCTION service_affair.setting_days(text, integer) IS
  'Internal: an integer setting, or the fallback when the row was deleted';
REVOKE EXECUTE ON FUNCTION service_affair.setting_days(text, integer) FROM PUBLIC;

-- The rules of a rating, in C (src/core/rating.[ch]): the CHECKs of the
-- table and rate() call them, nothing spells them again.
CREATE FUNCTION service_affair.rating_level_valid(level integer) RETURNS boolean
    AS 'MODULE_PATHNAME', 'sa_rating_level_valid_sql'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.rating_level_valid(integer) IS
  'True for a rating level: 1 (非常不满意) to 5 (非常满意)';
CREATE FUNCTION service_affair.rating_channel_valid(channel text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'sa_rating_channel_valid_sql'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.rating_channel_valid(text) IS
  'True for a rating channel: window, online, mobile, kiosk, sms or phone';
CREATE FUNCTION service_affair.rating_is_bad(level integer) RETURNS boolean
    AS 'MODULE_PATHNAME', 'sa_rating_is_bad_sql'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.rating_is_bad(integer) IS
  'True for a bad rating (levels 1 and 2), which opens a rectification';
CREATE FUNCTION service_affair.rating_check(level integer, channel text, at timestamptz) RETURNS void
    AS 'MODULE_PATHNAME', 'sa_rating_check_sql'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.rating_check(integer, text, timestamptz) IS
  'Internal: raises the errors of rate() for its level, channel and time (22023 bad level, channel, null or infinite time)';
REVOKE EXECUTE ON FUNCTION service_affair.rating_check(integer, text, timestamptz) FROM PUBLIC;
CREATE FUNCTION service_affair.rectification_windows(at timestamptz, cal text, callback_days integer, fix_days integer,
    OUT callback_due date, OUT fix_due date)
    AS 'MODULE_PATHNAME', 'sa_rectification_windows_sql'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.rectification_windows(timestamptz, text, integer, integer) IS
  'Internal: call-back and fix due dates of a bad rating given at at: callback_days and fix_days (0..365; NULL: the defaults 1 and 15) working days of calendar cal after its local day';
REVOKE EXECUTE ON FUNCTION service_affair.rectification_windows(timestamptz, text, integer, integer) FROM PUBLIC;

-- rating and rectification are partitioned like cases (40_cases.sql): open
-- work reaches them with the constant NOT settled; a rating lies where its
-- case lies, and its id carries the month of its case (38_case_ids.sql), so
-- the history of both is partitioned by month on the rating id.  One rating
-- per case and the target of the keys that refer to a rating: on
-- rating_active.
CREATE TABLE service_affair.rating (
    id            bigint GENERATED ALWAYS AS IDENTITY,
    case_id       bigint NOT NULL,
    level         integer NOT NULL CHECK (service_affair.rating_level_valid(level)),
    channel       text NOT NULL CHECK (service_affair.rating_channel_valid(channel)),
    comment       text,
    at            timestamptz NOT NULL,
    rater         bigint NOT NULL REFERENCES service_affair.applicant,
    actor         name NOT NULL DEFAULT service_affair.actor(),
    appealed      boolean NOT NULL DEFAULT false,
    appeal_reason text,
    appealed_at   timestamptz,
    appeal_actor  name,
    settled       boolean NOT NULL DEFAULT false,
    CONSTRAINT rating_appeal_complete CHECK (
        (appealed AND appeal_reason IS NOT NULL AND appealed_at IS NOT NULL)
        OR (NOT appealed AND appeal_reason IS NULL AND appealed_at IS NULL))
) PARTITION BY LIST (settled);
CREATE TABLE service_affair.rating_active PARTITION OF service_affair.rating (
    CONSTRAINT rating_pkey PRIMARY KEY (id),
    CONSTRAINT rating_case_id_key UNIQUE (case_id),
    CONSTRAINT rating_case_id_fkey FOREIGN KEY (case_id) REFERENCES service_affair.cases_active (id)
) FOR VALUES IN (false);
CREATE TABLE service_affair.rating_settled PARTITION OF service_affair.rating
    FOR VALUES IN (true) PARTITION BY RANGE (id);
REVOKE ALL ON TABLE service_affair.rating_active, service_affair.rating_settled FROM PUBLIC;
COMMENT ON TABLE service_affair.rating_active IS
  'Partition of rating: the ratings of the cases not settled (cases_active), the only one open work touches';
COMMENT ON TABLE service_affair.rating_settled IS
  'Partition of rating: the ratings of settled cases, partitioned by month of submission of the case (range of rating ids); empty until settling is built';
COMMENT ON TABLE service_affair.rating IS
  'Ratings (好差评): one real-name rating per case (accepted, or returned or withdrawn before acceptance: a rating of the acceptance step), written only through rate() and appeal_rating()';
COMMENT ON COLUMN service_affair.rating.id IS 'Rating id';
COMMENT ON COLUMN service_affair.rating.case_id IS 'The rated case (one rating per case)';
COMMENT ON COLUMN service_affair.rating.level IS '5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意';
COMMENT ON COLUMN service_affair.rating.channel IS 'Where the rating was given: window (on-site device), online, mobile, kiosk, sms or phone';
COMMENT ON COLUMN service_affair.rating.comment IS 'Free text of the rater';
COMMENT ON COLUMN service_affair.rating.at IS 'When the rating was given';
COMMENT ON COLUMN service_affair.rating.rater IS 'Who rated (real name): the case''s applicant';
COMMENT ON COLUMN service_affair.rating.actor IS 'Role that recorded the rating (service_affair.actor())';
COMMENT ON COLUMN service_affair.rating.appealed IS 'Shown mistaken or malicious on appeal: kept, but left out of the analyst views';
COMMENT ON COLUMN service_affair.rating.appeal_reason IS 'Why the appeal was upheld';
COMMENT ON COLUMN service_affair.rating.appealed_at IS 'When the appeal was upheld';
COMMENT ON COLUMN service_affair.rating.appeal_actor IS 'Role that recorded the appeal';
COMMENT ON COLUMN service_affair.rating.settled IS 'Whether its case is settled (cases.settled): the partition key';
COMMENT ON CONSTRAINT rating_appeal_complete ON service_affair.rating IS
  'An appealed rating has a reason and a time; any other has neither';
SELECT pg_catalog.pg_extension_config_dump('service_affair.rating', '');
SELECT pg_catalog.pg_extension_config_dump('service_affair.rating_active', '');
SELECT pg_catalog.pg_extension_config_dump('service_affair.rating_id_seq', '');

CREATE TABLE service_affair.rectification (
    rating_id      bigint NOT NULL,
    callback_due   date NOT NULL,
    fix_due        date NOT NULL,
    called_back_at timestamptz,
    closed_at      timestamptz,
    closed_on      date,
    note           text,
    closed_by      name,
    settled        boolean NOT NULL DEFAULT false,
    callback_days  integer,
    fix_days       integer,
    called_back_by name,
    CONSTRAINT rectification_closed_complete CHECK ((closed_at IS NULL) = (closed_on IS NULL))
) PARTITION BY LIST (settled);
CREATE TABLE service_affair.rectification_active PARTITION OF service_affair.rectification (
    CONSTRAINT rectification_pkey PRIMARY KEY (rating_id),
    CONSTRAINT rectification_rating_id_fkey FOREIGN KEY (rating_id) REFERENCES service_affair.rating_active (id)
) FOR VALUES IN (false);
CREATE TABLE service_affair.rectification_settled PARTITION OF service_affair.rectification
    FOR VALUES IN (true) PARTITION BY RANGE (rating_id);
REVOKE ALL ON TABLE service_affair.rectification_active, service_affair.rectification_settled FROM PUBLIC;
COMMENT ON TABLE service_affair.rectification_active IS
  'Partition of rectification: the rectifications of the ratings not settled (rating_active), the only one open work touches';
COMMENT ON TABLE service_affair.rectification_settled IS
  'Partition of rectification: the rectifications of settled ratings, partitioned by month of submission of the case (range of rating ids); empty until settling is built';
COMMENT ON TABLE service_affair.rectification IS
  'Rectification (差评整改) of a bad rating (levels 1-2): call the rater back by callback_due, close the fix by fix_due';
COMMENT ON COLUMN service_affair.rectification.rating_id IS 'The bad rating';
COMMENT ON COLUMN service_affair.rectification.callback_due IS 'Last day (case calendar) for the call-back: rating.callback_days working days after the local day of the rating; moved by calendar edits until the call-back or the close (rectification_recompute_dues())';
COMMENT ON COLUMN service_affair.rectification.fix_due IS 'Last day (case calendar) for closing the rectification: rating.fix_days working days after the local day of the rating; moved by calendar edits until the close (rectification_recompute_dues())';
COMMENT ON COLUMN service_affair.rectification.called_back_at IS 'When the rater was called back (record_callback())';
COMMENT ON COLUMN service_affair.rectification.closed_at IS 'When the rectification was closed (close_rectification())';
COMMENT ON COLUMN service_affair.rectification.closed_on IS 'Local day (case calendar) of closed_at; on time when closed_on <= fix_due';
COMMENT ON COLUMN service_affair.rectification.note IS 'What was done';
COMMENT ON COLUMN service_affair.rectification.closed_by IS 'Role that closed it';
COMMENT ON COLUMN service_affair.rectification.settled IS 'Whether its rating is settled (rating.settled): the partition key';
COMMENT ON COLUMN service_affair.rectification.callback_days IS 'The setting rating.callback_days when the rating was given (NULL: unset, the default 1): the working days callback_due counts, kept so that a calendar edit recomputes it with them';
COMMENT ON COLUMN service_affair.rectification.fix_days IS 'The setting rating.fix_days when the rating was given (NULL: unset, the default 15): the working days fix_due counts, kept so that a calendar edit recomputes it with them';
COMMENT ON COLUMN service_affair.rectification.called_back_by IS 'Role that recorded the call-back (record_callback()); NULL until then, and for a call-back 0.1.0 recorded (it kept no role)';
COMMENT ON CONSTRAINT rectification_closed_complete ON service_affair.rectification IS
  'closed_on is set exactly when closed_at is';
CREATE INDEX rectification_open_idx ON service_affair.rectification_active (fix_due) WHERE closed_at IS NULL;
SELECT pg_catalog.pg_extension_config_dump('service_affair.rectification', '');
SELECT pg_catalog.pg_extension_config_dump('service_affair.rectification_active', '');

-- Internal: a rating locked for a change, with its case's department and
-- calendar; 23503 unknown, 55000 settled, 22023 a null or infinite time.
-- Whether the time precedes the rating is asked only after the caller's
-- right to the rating (rating_check_after()): the answer would tell anybody
-- holding EXECUTE when another department's rating was given.
CREATE FUNCTION service_affair.lock_rating(rating_id bigint, at timestamptz,
    OUT r service_affair.rating, OUT department text, OUT calendar text)
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_case bigint;
    v_void text;
BEGIN
    -- the due lock before the case, as every writer of a case
    -- (doc/routing.md, "Concurrency"); a simple expression
    v_void := service_affair.due_lock_shared()::text;
    -- the case first, as every writer of open work (src/settle.c):
    -- settle_cases() takes the case, then moves its rectification and its
    -- rating; a writer holding the rating without the case could wait for
    -- the rectification settling has moved while settling waits for the
    -- rating (a deadlock).  Held FOR SHARE, the case is skipped by settling.
    SELECT x.case_id INTO v_case FROM service_affair.rating x WHERE x.id = lock_rating.rating_id AND NOT x.settled;
    IF FOUND THEN
        PERFORM FROM service_affair.cases c WHERE c.id = v_case AND NOT c.settled FOR SHARE SKIP LOCKED;
        IF NOT FOUND THEN
            PERFORM service_affair.settle_wait('case share', v_case);  -- held: wait for it (63_settle.sql)
        END IF;
    END IF;
    SELECT * INTO r FROM service_affair.rating x WHERE x.id = lock_rating.rating_id AND NOT x.settled FOR UPDATE SKIP LOCKED;
    IF NOT FOUND THEN
        IF service_affair.settle_wait('rating', lock_rating.rating_id) THEN  -- held: waited for it (63_settle.sql)
            SELECT * INTO r FROM service_affair.rating x WHERE x.id = lock_rating.rating_id AND NOT x.settled FOR UPDATE;
        END IF;
    END IF;
    IF NOT FOUND THEN
        IF EXISTS (SELECT FROM service_affair.settled_rating(lock_rating.rating_id)) THEN  -- the history, only now: its month (63_settle.sql)
            RAISE EXCEPTION 'rating % is settled', rating_id
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = pg_catalog.format('Rating %s is settled: it is in the history, and nothing more can be written to it.', rating_id);
        END IF;
        PERFORM service_affair.refuse_null_id('rating id', rating_id);  -- 22023 (06_arguments.sql)
        RAISE EXCEPTION 'unknown rating'
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No rating has id %s.', COALESCE(rating_id::text, 'NULL'));
    END IF;
    IF at IS NULL OR NOT pg_catalog.isfinite(at) THEN
        RAISE EXCEPTION 'at must be a finite time' USING ERRCODE = 'invalid_parameter_value',
            DETAIL = pg_catalog.format('The time %s is not finite.', COALESCE(at::text, 'NULL'));
    END IF;
    PERFORM service_affair.refuse_unrecordable_time(at, 'at');  -- 22023 outside the years 1..8999 (06_arguments.sql)
    -- a call-back, close or appeal has happened (until 2026-12-04 a close
    -- dated ten days ahead counted as on time at once: 56_credit.sql)
    PERFORM service_affair.refuse_future_outcome(at, 'at');  -- 22023
    SELECT c.department, c.calendar INTO department, calendar
      FROM service_affair.cases c WHERE c.id = r.case_id AND NOT c.settled;
    IF NOT FOUND THEN  -- a settled case (40_cases.sql: open ones first)
        SELECT c.department, c.calendar INTO department, calendar
          FROM service_affair.settled_case(r.case_id) c;  -- its month only (63_settle.sql)
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.lock_rating(bigint, timestamptz) IS
  'Internal: the rating row, not settled, locked FOR UPDATE (its case FOR SHARE before it, as settling takes them, both after the due lock, shared) with its case''s department and calendar; 23503 unknown rating, 55000 settled rating, 22023 a NULL id, at null, infinite, outside the years 1 to 8999 or more than an hour ahead (not a superuser''s session) (a time before the rating: rating_check_after(), once the caller''s right is checked)';
REVOKE EXECUTE ON FUNCTION service_affair.lock_rating(bigint, timestamptz) FROM PUBLIC;

-- Internal: 22023 for a time before a locked rating; asked after the
-- caller's right to the rating, since its detail names when the rating was
-- given (a role of another department could otherwise bisect that time).
CREATE FUNCTION service_affair.rating_check_after(r service_affair.rating, at timestamptz) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF at < r.at THEN
        RAISE EXCEPTION 'time precedes rating %', r.id
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Time %s is before rating %s was given at %s.', at, r.id, r.at);
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.rating_check_after(service_affair.rating, timestamptz) IS
  'Internal: raises 22023 when at precedes the rating; called once the caller may act on it (the detail names when the rating was given)';
REVOKE EXECUTE ON FUNCTION service_affair.rating_check_after(service_affair.rating, timestamptz) FROM PUBLIC;

-- Internal: 22023 for a text of a rating that is too long (a comment, a note
-- of rectification, a reason of appeal), as the complaints bound theirs; the
-- detail echoes 64 characters of it.
CREATE FUNCTION service_affair.rating_text(what text, value text, max integer) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF pg_catalog.length(value) > max THEN
        RAISE EXCEPTION '% is too long', what USING ERRCODE = 'invalid_parameter_value',
            DETAIL = pg_catalog.format('The %s %s has %s characters; at most %s are accepted.', what,
                                       pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(value, 64)) || '…'),
                                       pg_catalog.length(value), max);
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.rating_text(text, text, integer) IS
  'Internal: raises 22023 for a rating text argument (comment, note, reason) longer than max characters';
REVOKE EXECUTE ON FUNCTION service_affair.rating_text(text, text, integer) FROM PUBLIC;

-- Internal: the rectification of a locked rating, locked in turn; 55000 when
-- the rating's level opened none.
CREATE FUNCTION service_affair.lock_rectification(r service_affair.rating)
    RETURNS service_affair.rectification
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    f service_affair.rectification;
BEGIN
    SELECT * INTO f FROM service_affair.rectification t WHERE t.rating_id = r.id AND NOT t.settled FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'rating % has no rectification', r.id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('Rating %s has level %s; only levels 1 and 2 are rectified.', r.id, r.level);
    END IF;
    RETURN f;
END
$$;
COMMENT ON FUNCTION service_affair.lock_rectification(service_affair.rating) IS
  'Internal: the rectification of a rating locked FOR UPDATE; 55000 when the rating opened none';
REVOKE EXECUTE ON FUNCTION service_affair.lock_rectification(service_affair.rating) FROM PUBLIC;

-- Internal: may the caller act for this department?  Superusers and members
-- of service_affair_admin may act for all; anyone else needs a staff row.
CREATE FUNCTION service_affair.check_department_staff(department text, rating_id bigint) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF service_affair.may_act('reviewer', department) THEN  -- the one decision (05_org.sql, src/access.c)
        RETURN;
    END IF;
    -- the refusal names the rating the caller gave, not its department:
    -- rating ids are sequential, and until 2026-12-05 the message named
    -- the department of every rating a reviewer tried (a review)
    RAISE EXCEPTION 'permission denied for rating %', rating_id
        USING ERRCODE = 'insufficient_privilege',
              DETAIL = pg_catalog.format('Role %s may not act on rating %s: administrators and the reviewers of the department of its case do.',
                                         pg_catalog.quote_ident(service_affair.actor()), rating_id);
END
$$;
COMMENT ON FUNCTION service_affair.check_department_staff(text, bigint) IS
  'Internal: raises 42501 "permission denied for rating <rating_id>" unless may_act(''reviewer'', department), department being that of the rating''s case: a superuser, a member of service_affair_admin, or a reviewer on the staff of the department (the refusal names the rating, not the department)';
REVOKE EXECUTE ON FUNCTION service_affair.check_department_staff(text, bigint) FROM PUBLIC;

-- Internal: the digest of a rating for its request key (39_case_requests.sql):
-- sha256 of a jsonb text as request_digest() of a submission, form
-- 'rating'.  The case, level, channel and comment as rate() stores it (a
-- blank one is none); not at: a retry comes later, the rating keeps the
-- first call's time.
CREATE FUNCTION service_affair.rating_request_digest(case_id bigint, level integer, channel text, comment text)
    RETURNS bytea
    LANGUAGE sql STABLE PARALLEL SAFE  -- jsonb_build_object(), convert_to() are
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pg_catalog.sha256(pg_catalog.convert_to(pg_catalog.jsonb_build_object(
        'form', 'rating', 'case', case_id, 'level', level, 'channel', channel,
        'comment', CASE WHEN NOT service_affair.is_blank(comment) THEN comment END)::text, 'UTF8'))
$$;
COMMENT ON FUNCTION service_affair.rating_request_digest(bigint, integer, text, text) IS
  'Internal: sha256 of the canonical text of a rating (case, level, channel, comment as stored: a blank one is none; not the time): what a request key of rate() is bound to';
REVOKE EXECUTE ON FUNCTION service_affair.rating_request_digest(bigint, integer, text, text) FROM PUBLIC;

CREATE FUNCTION service_affair.rate(case_id bigint, level integer, channel text DEFAULT 'online',
    comment text DEFAULT NULL, at timestamptz DEFAULT pg_catalog.now(), request_key text DEFAULT NULL)
    RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c service_affair.cases;
    v_id bigint;
    v_void text;
    v_constraint text;  -- the constraint a unique violation names
BEGIN
    -- a request key (39_case_requests.sql): the rating an earlier call with
    -- this key and this rating gave, whatever became of it (settled with its
    -- case, appealed), and nothing written; first, before any lock (a
    -- concurrent call with the key waits here for the first's outcome)
    IF request_key IS NOT NULL THEN
        v_id := service_affair.request_claim(request_key,
                    service_affair.rating_request_digest(case_id, level, channel, comment), 'rating');
        IF v_id IS NOT NULL THEN
            RETURN v_id;
        END IF;
    END IF;
    -- the due lock before the case, as every writer of a case: a rater
    -- holding the case FOR SHARE and then writing it (record_visit(),
    -- which takes the due lock) deadlocked with a calendar edit waiting
    -- for the case (doc/routing.md, "Concurrency"); a simple expression
    v_void := service_affair.due_lock_shared()::text;
    -- a clerk rates cases of its own region: the right before the case is
    -- locked or its state told (require_case() reads it without a lock; an
    -- unknown case is refused as another region's, administrators pass).
    -- Until 2026-12-05 the case was looked up first, and any clerk learned
    -- from 23503 and 55000 which case numbers existed and which were settled
    -- (a review); a NULL id names nothing (22023)
    IF case_id IS NULL THEN
        PERFORM service_affair.refuse_null_id('case id', case_id);  -- 22023 (06_arguments.sql)
    END IF;
    PERFORM service_affair.require_case(case_id);  -- 42501 (05_org.sql)
    SELECT * INTO c FROM service_affair.cases x WHERE x.id = rate.case_id AND NOT x.settled FOR SHARE SKIP LOCKED;
    IF NOT FOUND THEN
        IF service_affair.settle_wait('case share', rate.case_id) THEN  -- held: waited for it (63_settle.sql)
            SELECT * INTO c FROM service_affair.cases x WHERE x.id = rate.case_id AND NOT x.settled FOR SHARE;
        END IF;
    END IF;
    IF NOT FOUND THEN
        PERFORM service_affair.refuse_case(rate.case_id);  -- 55000 settled, 23503 unknown (40_cases.sql)
    END IF;
    PERFORM service_affair.rating_check(level, channel, at);  -- 22023, at: null, infinite, outside the years 1..8999 (src/rating.c)
    PERFORM service_affair.refuse_future_outcome(at, 'at');  -- 22023: a rating has been given (56_credit.sql)
    PERFORM service_affair.rating_text('comment', comment, 10000);
    rate.comment := CASE WHEN NOT service_affair.is_blank(rate.comment) THEN rate.comment END;  -- blank: none (06_arguments.sql)
    -- a returned or withdrawn case that was never accepted is rated too (a
    -- rating of the acceptance step), from its submission on
    IF c.accepted_at IS NULL AND c.status NOT IN ('returned', 'withdrawn') THEN
        RAISE EXCEPTION 'case % cannot be rated', c.id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('Case %s is %s and was never accepted; only accepted, returned and withdrawn cases are rated.', c.id, c.status);
    END IF;
    IF at < COALESCE(c.accepted_at, c.submitted_at) THEN
        RAISE EXCEPTION 'time precedes the % of case %', CASE WHEN c.accepted_at IS NULL THEN 'submission' ELSE 'acceptance' END, c.id
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Time %s is before case %s was %s at %s.', at, c.id,
                                             CASE WHEN c.accepted_at IS NULL THEN 'submitted' ELSE 'accepted' END,
                                             COALESCE(c.accepted_at, c.submitted_at));
    END IF;
    IF EXISTS (SELECT 1 FROM service_affair.rating r WHERE r.case_id = c.id AND NOT r.settled) THEN
        RAISE EXCEPTION 'case % is already rated', c.id
            USING ERRCODE = 'unique_violation',
                  DETAIL = pg_catalog.format('Case %s has rating %s; a case is rated once.', c.id,
                                             (SELECT r.id FROM service_affair.rating r WHERE r.case_id = c.id AND NOT r.settled));
    END IF;
    BEGIN
        -- the rating's id carries the month of its case (38_case_ids.sql)
        INSERT INTO service_affair.rating AS r (id, case_id, level, channel, comment, at, rater)
        OVERRIDING SYSTEM VALUE
        VALUES (service_affair.month_id(c.id, pg_catalog.nextval('service_affair.rating_id_seq'::pg_catalog.regclass)),
                c.id, level, channel, comment, at, c.applicant)
        RETURNING r.id INTO v_id;
    EXCEPTION WHEN unique_violation THEN
        -- a concurrent rating of the same case committed first (the case
        -- is held FOR SHARE only, so two raters meet at the unique key).
        -- READ COMMITTED: this statement's snapshot sees it, and the race
        -- ends as a rating seen by the check above (23505, naming the
        -- rating).  REPEATABLE READ or SERIALIZABLE: this transaction's
        -- snapshot predates it, so the retry signal 40001, as every writer
        -- whose snapshot predates another's commit (complaint_from_rating()
        -- here, lock_complaint()); until 2026-12-05 it was 23505 "rated by a
        -- concurrent call" there, a duplicate the transaction could not see,
        -- while complaint_from_rating() said 40001 for the same race
        -- (rate_once.spec)
        GET STACKED DIAGNOSTICS v_constraint = CONSTRAINT_NAME;
        IF COALESCE(v_constraint, '') NOT LIKE 'rating%case_id%' THEN  -- the key of the case (rating_case_id_key, or its partition's index)
            RAISE;
        END IF;
        IF service_affair.xact_snapshot_kept() THEN  -- 06_arguments.sql
            RAISE EXCEPTION 'could not serialize the rating of case %', c.id
                USING ERRCODE = 'serialization_failure',
                      DETAIL = pg_catalog.format('Case %s was rated in a transaction that committed after this transaction''s snapshot was taken.', c.id),
                      HINT = 'Retry the transaction: it then sees that rating (23505, a case is rated once).';
        END IF;
        RAISE EXCEPTION 'case % is already rated', c.id
            USING ERRCODE = 'unique_violation',
                  DETAIL = pg_catalog.format('Case %s has rating %s; a case is rated once.', c.id,
                                             (SELECT r.id FROM service_affair.rating r WHERE r.case_id = c.id AND NOT r.settled));
    END;
    IF service_affair.rating_is_bad(level) THEN
        INSERT INTO service_affair.rectification (rating_id, callback_due, fix_due, callback_days, fix_days)
        SELECT v_id, w.callback_due, w.fix_due, d.callback_days, d.fix_days
          FROM (SELECT service_affair.setting_days('rating.callback_days', NULL) AS callback_days,
                       service_affair.setting_days('rating.fix_days', NULL) AS fix_days) d,
               service_affair.rectification_windows(at, c.calendar, d.callback_days, d.fix_days) w;
    END IF;
    IF request_key IS NOT NULL THEN
        PERFORM service_affair.request_done(request_key, v_id, 'rating', c.id);
    END IF;
    RETURN v_id;
END
$$;
COMMENT ON FUNCTION service_affair.rate(bigint, integer, text, text, timestamptz, text) IS
  'Records the real-name rating (好差评, level 1-5) of a case by its applicant, once per case: a second rating is 23505, or 40001 in a REPEATABLE READ or SERIALIZABLE transaction whose snapshot predates it (retry); an accepted case, or a returned or withdrawn one (a rating of the acceptance step); levels 1-2 open a rectification; a comment of at most 10,000 characters; returns the rating id; 22023 a time null, infinite, outside the years 1 to 8999 or more than an hour ahead (not a superuser''s session); takes the due lock before the case (waits for a calendar edit in progress); given a request_key (1 to 200 printable ASCII characters, 22023 otherwise), the caller''s repeated call with the key and the same rating (at aside) returns the same rating and writes nothing, the key with another rating or request is 23505, a rating of a case the caller may no longer see 42501 (39_case_requests.sql)';
REVOKE EXECUTE ON FUNCTION service_affair.rate(bigint, integer, text, text, timestamptz, text) FROM PUBLIC;

-- Internal: the caller's right to a rating, before it is locked or its
-- state told (record_callback(), close_rectification(), appeal_rating()):
-- the department of its case read without a lock (open rows first, then
-- the history), and check_department_staff() asked of it; an unknown rating
-- has no department, which only administrators pass, so an unknown, a
-- settled and another department's rating are refused in the same words
-- (42501 naming the rating).  Until 2026-12-05 lock_rating() answered first,
-- and any reviewer learned from 23503 and 55000 which rating ids existed and
-- which were settled (with their cases; a review).  A NULL id is 22023.
CREATE FUNCTION service_affair.rating_require_staff(rating_id bigint) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_case bigint;
    v_dept text;
BEGIN
    IF rating_id IS NULL THEN
        PERFORM service_affair.refuse_null_id('rating id', rating_id);  -- 22023 (06_arguments.sql)
    END IF;
    IF service_affair.may_act(NULL, NULL) THEN  -- administrators: lock_rating() tells them 23503, 55000
        RETURN;
    END IF;
    SELECT r.case_id INTO v_case FROM service_affair.rating r WHERE r.id = rating_require_staff.rating_id AND NOT r.settled;
    IF NOT FOUND THEN  -- a settled rating: its month of the history only (63_settle.sql)
        SELECT r.case_id INTO v_case FROM service_affair.settled_rating(rating_require_staff.rating_id) r;
    END IF;
    IF v_case IS NOT NULL THEN
        SELECT c.department INTO v_dept FROM service_affair.cases c WHERE c.id = v_case AND NOT c.settled;
        IF NOT FOUND THEN
            SELECT c.department INTO v_dept FROM service_affair.settled_case(v_case) c;  -- its month only (63_settle.sql)
        END IF;
    END IF;
    PERFORM service_affair.check_department_staff(v_dept, rating_id);  -- 42501 naming the rating (NULL: administrators only)
END
$$;
COMMENT ON FUNCTION service_affair.rating_require_staff(bigint) IS
  'Internal: raises 42501 (check_department_staff(), naming the rating) unless the caller may act for the department of the rating''s case, read without a lock; alike for an unknown, a settled and another department''s rating (administrators pass: lock_rating() then says 23503 or 55000); 22023 a NULL id; asked before lock_rating()';
REVOKE EXECUTE ON FUNCTION service_affair.rating_require_staff(bigint) FROM PUBLIC;

CREATE FUNCTION service_affair.record_callback(rating_id bigint, at timestamptz DEFAULT pg_catalog.now())
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    x record;
    f service_affair.rectification;
    v_quiet integer;
    v_judged timestamptz;  -- when the miss is judged (below)
BEGIN
    PERFORM service_affair.rating_require_staff(rating_id);  -- 42501 before the rating is locked or its state told
    x := service_affair.lock_rating(rating_id, at);
    PERFORM service_affair.check_department_staff(x.department, (x.r).id);  -- 42501 naming the rating
    PERFORM service_affair.rating_check_after(x.r, at);  -- 22023, only now (lock_rating())
    f := service_affair.lock_rectification(x.r);
    IF f.called_back_at IS NOT NULL THEN
        RAISE EXCEPTION 'rating % was already called back', (x.r).id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('The rater of rating %s was called back at %s.', (x.r).id, f.called_back_at);
    END IF;
    -- a call-back more than settle.quiet_days past its due day is missed:
    -- its case may settle without it, and the analysts count it as not
    -- made; recorded later it would undo that (until 2026-12-07 a call-back
    -- never made kept its case open for ever; 61_rectification_dues.sql).
    -- Judged at at, and in an application's session not before now, as a
    -- complaint's reply is bounded by its overdue flag (reply_complaint()):
    -- a call-back missed now is not recorded dated back into the period
    -- (until 2026-12-07, a hostile review, a reviewer wrote it months
    -- later dated the day after its due, and case_followups' miss turned
    -- back to a call-back made while settle_cases() had not yet run;
    -- settle_callback_missed.sql).  A superuser's session (a backfill, a
    -- test's clock) takes at as it is.
    v_judged := CASE WHEN service_affair.session_by_superuser() THEN at ELSE GREATEST(at, pg_catalog.now()) END;
    v_quiet := service_affair.settle_quiet_days((SELECT s.value FROM service_affair.setting s WHERE s.name = 'settle.quiet_days'));
    IF service_affair.callback_state(f.callback_due, NULL, x.calendar, v_judged, v_quiet) = 'missed' THEN
        RAISE EXCEPTION 'the call-back of rating % was missed', (x.r).id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('The call-back of rating %s was due on %s; on %s it is more than settle.quiet_days (%s) days overdue and counts as missed: its case may settle without it, and it stays recorded as not made.',
                                             (x.r).id, f.callback_due, service_affair.local_day(v_judged, x.calendar), v_quiet);
    END IF;
    -- a step is not dated before another already recorded (the close)
    IF at < f.closed_at THEN
        RAISE EXCEPTION 'time precedes the close of the rectification of rating %', (x.r).id
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Time %s is before the rectification of rating %s was closed at %s.', at, (x.r).id, f.closed_at);
    END IF;
    UPDATE service_affair.rectification t SET called_back_at = record_callback.at, called_back_by = service_affair.actor()
     WHERE t.rating_id = (x.r).id AND NOT t.settled;
END
$$;
COMMENT ON FUNCTION service_affair.record_callback(bigint, timestamptz) IS
  'Records the call-back (回访) of the rater of a bad rating, once; 22023 when dated before the rating or a close already recorded; 55000 when missed (the local day of at, not before now in a session whose user is not a superuser, more than settle.quiet_days days after callback_due: callback_state()) or the rating settled';
REVOKE EXECUTE ON FUNCTION service_affair.record_callback(bigint, timestamptz) FROM PUBLIC;

CREATE FUNCTION service_affair.close_rectification(rating_id bigint, note text, at timestamptz DEFAULT pg_catalog.now())
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    x record;
    f service_affair.rectification;
    v_quiet integer;
    v_judged timestamptz;  -- when the lapse is judged (below)
BEGIN
    PERFORM service_affair.rating_require_staff(rating_id);  -- 42501 before the rating is locked or its state told
    x := service_affair.lock_rating(rating_id, at);
    PERFORM service_affair.check_department_staff(x.department, (x.r).id);  -- 42501 naming the rating
    PERFORM service_affair.rating_check_after(x.r, at);  -- 22023, only now (lock_rating())
    IF note IS NULL OR service_affair.is_blank(note) THEN
        RAISE EXCEPTION 'a rectification needs a note'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Closing the rectification of rating %s needs a note saying what was done.', (x.r).id);
    END IF;
    PERFORM service_affair.rating_text('note', note, 10000);
    f := service_affair.lock_rectification(x.r);
    IF f.closed_at IS NOT NULL THEN
        RAISE EXCEPTION 'rectification of rating % is already closed', (x.r).id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('The rectification of rating %s was closed at %s.', (x.r).id, f.closed_at);
    END IF;
    -- a rectification not closed more than settle.quiet_days past its fix
    -- due day has lapsed: its case may settle without it, and the analysts
    -- count it as not rectified; closed later it would undo that (until
    -- 2026-12-07 a rectification never closed kept its case open for ever;
    -- fix_state(), 61_rectification_dues.sql).  Judged at at, and in an
    -- application's session not before now, as record_callback()'s miss:
    -- until 2026-12-07 (a hostile review) a close written months later
    -- dated back before its fix due turned a lapsed rectification into
    -- one rectified on time (settle_callback_missed.sql)
    v_judged := CASE WHEN service_affair.session_by_superuser() THEN at ELSE GREATEST(at, pg_catalog.now()) END;
    v_quiet := service_affair.settle_quiet_days((SELECT s.value FROM service_affair.setting s WHERE s.name = 'settle.quiet_days'));
    IF service_affair.fix_state(f.fix_due, NULL, x.calendar, v_judged, v_quiet) = 'lapsed' THEN
        RAISE EXCEPTION 'the rectification of rating % lapsed', (x.r).id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('The rectification of rating %s was due on %s; on %s it is more than settle.quiet_days (%s) days overdue and counts as lapsed: its case may settle without it, and it stays recorded as not rectified.',
                                             (x.r).id, f.fix_due, service_affair.local_day(v_judged, x.calendar), v_quiet);
    END IF;
    -- a step is not dated before another already recorded (the call-back)
    IF at < f.called_back_at THEN
        RAISE EXCEPTION 'time precedes the call-back of rating %', (x.r).id
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Time %s is before the rater of rating %s was called back at %s.', at, (x.r).id, f.called_back_at);
    END IF;
    UPDATE service_affair.rectification t
       SET closed_at = close_rectification.at, closed_on = service_affair.local_day(close_rectification.at, x.calendar),
           note = close_rectification.note, closed_by = service_affair.actor()
     WHERE t.rating_id = (x.r).id AND NOT t.settled;
END
$$;
COMMENT ON FUNCTION service_affair.close_rectification(bigint, text, timestamptz) IS
  'Closes the rectification (差评整改) of a bad rating with a note (at most 10,000 characters); on time when its local day is on or before fix_due; 22023 when dated before the rating or a call-back already recorded; 55000 when already closed, lapsed (the local day of at, not before now in a session whose user is not a superuser, more than settle.quiet_days days after fix_due: fix_state()) or the rating settled';
REVOKE EXECUTE ON FUNCTION service_affair.close_rectification(bigint, text, timestamptz) FROM PUBLIC;

CREATE FUNCTION service_affair.appeal_rating(rating_id bigint, reason text, at timestamptz DEFAULT pg_catalog.now())
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    x record;
BEGIN
    PERFORM service_affair.rating_require_staff(rating_id);  -- 42501 before the rating is locked or its state told
    x := service_affair.lock_rating(rating_id, at);
    PERFORM service_affair.check_department_staff(x.department, (x.r).id);  -- 42501 naming the rating
    PERFORM service_affair.rating_check_after(x.r, at);  -- 22023, only now (lock_rating())
    IF reason IS NULL OR service_affair.is_blank(reason) THEN
        RAISE EXCEPTION 'an appeal needs a reason'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Appealing rating %s needs the reason it is mistaken or malicious.', (x.r).id);
    END IF;
    PERFORM service_affair.rating_text('reason', reason, 1000);
    IF (x.r).appealed THEN
        RAISE EXCEPTION 'rating % is already appealed', (x.r).id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('Rating %s was appealed at %s.', (x.r).id, (x.r).appealed_at);
    END IF;
    UPDATE service_affair.rating r
       SET appealed = true, appeal_reason = appeal_rating.reason, appealed_at = appeal_rating.at, appeal_actor = service_affair.actor()
     WHERE r.id = (x.r).id AND NOT r.settled;
END
$$;
COMMENT ON FUNCTION service_affair.appeal_rating(bigint, text, timestamptz) IS
  'Upholds an appeal against a mistaken or malicious rating (a reason of at most 1,000 characters): the rating is kept but left out of the analyst views';
REVOKE EXECUTE ON FUNCTION service_affair.appeal_rating(bigint, text, timestamptz) FROM PUBLIC;

INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    ('clerk', 'EXECUTE', 'service_affair.rate(bigint,integer,text,text,timestamp with time zone,text)'),
    ('reviewer', 'EXECUTE', 'service_affair.record_callback(bigint,timestamp with time zone)'),
    ('reviewer', 'EXECUTE', 'service_affair.close_rectification(bigint,text,timestamp with time zone)'),
    ('admin', 'EXECUTE', 'service_affair.rate(bigint,integer,text,text,timestamp with time zone,text)'),
    ('admin', 'EXECUTE', 'service_affair.record_callback(bigint,timestamp with time zone)'),
    ('admin', 'EXECUTE', 'service_affair.close_rectification(bigint,text,timestamp with time zone)'),
    ('admin', 'EXECUTE', 'service_affair.appeal_rating(bigint,text,timestamp with time zone)'),
    ('admin', 'SELECT', 'service_affair.setting'),
    ('admin', 'UPDATE', 'service_affair.setting'),
    ('admin', 'INSERT', 'service_affair.setting'),
    ('admin', 'SELECT', 'service_affair.rating'),
    ('admin', 'SELECT', 'service_affair.rectification'),
    ('reviewer', 'SELECT', 'service_affair.setting');
