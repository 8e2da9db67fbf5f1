-- Applicants and the shared evidence (数据共享 / 电子证照) government holds on them.

CREATE TABLE service_affair.applicant (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind        text NOT NULL CHECK (kind IN ('person', 'org')),
    resident_id service_affair.resident_id UNIQUE,
    uscc        service_affair.uscc UNIQUE,
    name        text NOT NULL CHECK (name <> ''),
    credit_ok   boolean NOT NULL DEFAULT true,
    CONSTRAINT applicant_identifier CHECK (
        (kind = 'person' AND resident_id IS NOT NULL AND uscc IS NULL)
        OR (kind = 'org' AND uscc IS NOT NULL AND resident_id IS NULL))
);
COMMENT ON TABLE service_affair.applicant IS
  'Applicants: persons (identified by resident_id) and organisations (identified by uscc)';
COMMENT ON COLUMN service_affair.applicant.id IS 'Applicant id';
COMMENT ON COLUMN service_affair.applicant.kind IS 'person or org';
COMMENT ON COLUMN service_affair.applicant.resident_id IS 'Resident identity number (居民身份证号码) of a person; NULL for an org';
COMMENT ON COLUMN service_affair.applicant.uscc IS 'Unified social credit code (统一社会信用代码) of an org; NULL for a person';
COMMENT ON COLUMN service_affair.applicant.name IS 'Name of the person or organisation';
COMMENT ON COLUMN service_affair.applicant.credit_ok IS 'false for bad credit or an earlier false commitment: no commitments, no tolerated materials';
COMMENT ON CONSTRAINT applicant_identifier ON service_affair.applicant IS
  'A person carries a resident_id and no uscc, an org a uscc and no resident_id';
-- One identifier, one applicant: eighteen characters can be a valid resident
-- id and a valid USCC at once, and a lookup by identifier could not tell a
-- person from an organisation carrying them (applicant_by_identifier(),
-- 41_identity.sql).  The canonical characters of either column are unique
-- over both, so that the second of the two kinds is refused (23505) however
-- it is written: by register_applicant(), by two of them at once (the second
-- insert waits for the first's entry, then is refused), or by hand.  Until
-- 2026-12-06 register_applicant() alone refused it, its racing calls
-- queued on an advisory lock of the characters, which any login could take
-- and so stall that identifier's registration (a review).
CREATE UNIQUE INDEX applicant_identifier_chars ON service_affair.applicant
    ((COALESCE(resident_id::pg_catalog.text, uscc::pg_catalog.text)));
COMMENT ON INDEX service_affair.applicant_identifier_chars IS
  'One applicant per identifier: the canonical characters of resident_id or uscc, unique over both kinds (characters valid as both name one applicant)';
SELECT pg_catalog.pg_extension_config_dump('service_affair.applicant', '');
SELECT pg_catalog.pg_extension_config_dump('service_affair.applicant_id_seq', '');

CREATE TABLE service_affair.evidence (
    applicant     bigint NOT NULL REFERENCES service_affair.applicant ON DELETE CASCADE,
    evidence_type text NOT NULL CHECK (evidence_type <> ''),
    reference     text,
    valid_until   date,
    PRIMARY KEY (applicant, evidence_type)
);
COMMENT ON TABLE service_affair.evidence IS
  'Shared data and e-licences on file for an applicant; a material whose evidence_type is on file and unexpired is not asked for';
COMMENT ON COLUMN service_affair.evidence.applicant IS 'The applicant it is about';
COMMENT ON COLUMN service_affair.evidence.evidence_type IS 'Type of evidence, matched against material.evidence_type';
COMMENT ON COLUMN service_affair.evidence.reference IS 'Reference of the record or licence in the source system';
COMMENT ON COLUMN service_affair.evidence.valid_until IS 'Last day it is valid (calendar-local day of the item); NULL: no expiry';
SELECT pg_catalog.pg_extension_config_dump('service_affair.evidence', '');

-- ---------------------------------------------------------------------------
-- The access log (个人信息访问日志): every read of an applicant's unmasked
-- personal data by a caller of the API (who = actor() and the session's
-- login, whom = the applicant, why = the API function, when).  Append-only: a trigger refuses UPDATE,
-- DELETE and TRUNCATE, and no group role may write it.  Administrators read
-- it; analysts count it through access_log_daily (no applicant ids).
CREATE TABLE service_affair.access_log (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at        timestamptz NOT NULL DEFAULT pg_catalog.statement_timestamp(),
    actor     name NOT NULL,
    login     name NOT NULL,
    applicant bigint NOT NULL,
    purpose   text NOT NULL CHECK (purpose ~ '^[a-z_]{1,64}$'),
    case_id   bigint
);
COMMENT ON TABLE service_affair.access_log IS
  'Append-only log of every read of an applicant''s unmasked personal data through the API: who, whom, why, when';
COMMENT ON COLUMN service_affair.access_log.id IS 'Entry number, in the order written';
COMMENT ON COLUMN service_affair.access_log.at IS 'When the data was read (start of the statement)';
COMMENT ON COLUMN service_affair.access_log.actor IS 'Who read it: the calling role (actor())';
COMMENT ON COLUMN service_affair.access_log.login IS
  'The login of the session that read it (session_user): the person behind a role taken with SET ROLE, a group role of the extension included, which actor() alone would name';
COMMENT ON COLUMN service_affair.access_log.applicant IS 'Whose data: the applicant id (no foreign key: the entry outlives the applicant)';
COMMENT ON COLUMN service_affair.access_log.purpose IS 'Why: the API function that read it (submit, completeness, register_applicant, case_applicant, case_evidence)';
COMMENT ON COLUMN service_affair.access_log.case_id IS 'The case the read was for, when there is one';
CREATE INDEX access_log_applicant_idx ON service_affair.access_log (applicant, at);
COMMENT ON INDEX service_affair.access_log_applicant_idx IS 'Who read the data of an applicant, in time order';
SELECT pg_catalog.pg_extension_config_dump('service_affair.access_log', '');
SELECT pg_catalog.pg_extension_config_dump('service_affair.access_log_id_seq', '');

CREATE FUNCTION service_affair.access_log_append_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_RELID OPERATOR(pg_catalog.<>) 'service_affair.access_log'::pg_catalog.regclass THEN
        RAISE EXCEPTION 'trigger function access_log_append_only() is for service_affair.access_log only'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('It was fired on %s.', TG_RELID::pg_catalog.regclass);
    END IF;
    RAISE EXCEPTION 'the access log is append-only'
        USING ERRCODE = 'insufficient_privilege',
              DETAIL = pg_catalog.format('%s on service_affair.access_log is not allowed.', TG_OP);
END
$$;
COMMENT ON FUNCTION service_affair.access_log_append_only() IS
  'Trigger of service_affair.access_log only: refuses UPDATE, DELETE and TRUNCATE (42501)';
REVOKE EXECUTE ON FUNCTION service_affair.access_log_append_only() FROM PUBLIC;
CREATE TRIGGER access_log_no_change BEFORE UPDATE OR DELETE ON service_affair.access_log
    FOR EACH ROW EXECUTE FUNCTION service_affair.access_log_append_only();
COMMENT ON TRIGGER access_log_no_change ON service_affair.access_log IS 'Access log entries are never changed or deleted';
CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON service_affair.access_log
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.access_log_append_only();
COMMENT ON TRIGGER access_log_no_truncate ON service_affair.access_log IS 'The access log is never truncated';

-- Internal: the one writer of the log, called by the SECURITY DEFINER API
-- functions after the read succeeded.  PL/pgSQL, so that the INSERT is
-- planned once per session (a SQL function with a SET clause is planned on
-- every call).
CREATE FUNCTION service_affair.access_log_line(applicant bigint, purpose text, case_id bigint) RETURNS void
    AS 'MODULE_PATHNAME', 'sa_access_log_line'
    LANGUAGE C VOLATILE;
COMMENT ON FUNCTION service_affair.access_log_line(bigint, text, bigint) IS
  'Internal (log_access): writes the entry to the server log (LOG): caller (and the session''s login when another), applicant id, purpose, case id; without the statement or its context, which may hold an identifier or a name';
REVOKE EXECUTE ON FUNCTION service_affair.access_log_line(bigint, text, bigint) FROM PUBLIC;

CREATE FUNCTION service_affair.log_access(applicant bigint, purpose text, case_id bigint DEFAULT NULL) RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    INSERT INTO service_affair.access_log (actor, login, applicant, purpose, case_id)
    VALUES (service_affair.actor(), session_user, log_access.applicant, log_access.purpose, log_access.case_id);
    -- The row goes with the caller's transaction: a read in a transaction
    -- or savepoint rolled back, or a statement that fails after the data
    -- reached the caller, leaves none.  The server log is written at once
    -- and not rolled back, and no role but a superuser turns it off
    -- (log_min_messages): the same entry there, ids only (doc/access.md;
    -- from C, so that the statement, which may hold the identifier and
    -- name the caller passed, is not logged with it).
    PERFORM service_affair.access_log_line(log_access.applicant, log_access.purpose, log_access.case_id);
END
$$;
COMMENT ON FUNCTION service_affair.log_access(bigint, text, bigint) IS
  'Internal: appends one entry (caller, login, applicant, purpose, case) to the access log, and writes it to the server log (LOG level), which a rollback does not undo';
REVOKE EXECUTE ON FUNCTION service_affair.log_access(bigint, text, bigint) FROM PUBLIC;

-- What analysts see of the log: counts, never whose data.  The day is
-- local_day()'s (the zone of the calendar cn), not a zone of its own: until
-- 2026-12-05 'Asia/Shanghai' was written here.
CREATE VIEW service_affair.access_log_daily AS
SELECT service_affair.local_day(l.at) AS day, l.actor, l.purpose,
       pg_catalog.count(*) AS reads,
       pg_catalog.count(DISTINCT l.applicant) AS applicants,
       l.login
  FROM service_affair.access_log l
 GROUP BY 1, 2, 3, l.login;
COMMENT ON VIEW service_affair.access_log_daily IS
  'Reads of personal data per local day (of the calendar cn), caller, purpose and login: counts only, no applicant ids (analysts)';
COMMENT ON COLUMN service_affair.access_log_daily.day IS 'Local day of the reads: local_day(at), in the zone of the calendar cn';
COMMENT ON COLUMN service_affair.access_log_daily.actor IS 'The calling role';
COMMENT ON COLUMN service_affair.access_log_daily.purpose IS 'The API function that read the data';
COMMENT ON COLUMN service_affair.access_log_daily.reads IS 'Number of reads';
COMMENT ON COLUMN service_affair.access_log_daily.applicants IS 'Number of distinct applicants read';
COMMENT ON COLUMN service_affair.access_log_daily.login IS 'The login of the sessions that read (access_log.login): another than actor when the role was taken with SET ROLE';

INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    ('admin', 'SELECT', 'service_affair.access_log'),
    ('admin', 'SELECT', 'service_affair.access_log_daily'),
    ('analyst', 'SELECT', 'service_affair.access_log_daily');

-- ---------------------------------------------------------------------------
-- Personal data seen by analysts: names of persons keep their first
-- character, resident ids keep region and the last four characters;
-- organisations (uscc, registered name) are public records and stay visible.

-- The first character is shown as given only when printable() keeps it:
-- a control, bidirectional or invisible character is shown as * (masked as
-- the rest).  Until 2026-12-08 it was shown as given, and a name beginning
-- with a line feed or a right-to-left override wrote it into the analyst's
-- screen (a review); register_applicant() refuses such names since, and
-- this shows the rows registered before (and written by hand) masked.
CREATE FUNCTION service_affair.mask_name(name text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
RETURN CASE WHEN service_affair.printable(pg_catalog.left(name, 1)) OPERATOR(pg_catalog.=) pg_catalog.left(name, 1)
            THEN pg_catalog.left(name, 1) ELSE '*' END OPERATOR(pg_catalog.||)
       pg_catalog.repeat('*', GREATEST(pg_catalog.char_length(name) OPERATOR(pg_catalog.-) 1, 1));
COMMENT ON FUNCTION service_affair.mask_name(text) IS
  'A person''s name with every character after the first replaced by * (张三丰 → 张**; at least one *); a first character printable() would change (a control, bidirectional or invisible character) is * too';

CREATE VIEW service_affair.applicant_masked AS
SELECT a.id, a.kind,
       service_affair.mask(a.resident_id) AS resident_id,
       a.uscc,
       CASE WHEN a.kind = 'person' THEN service_affair.mask_name(a.name) ELSE a.name END AS name,
       a.credit_ok
  FROM service_affair.applicant a;
COMMENT ON VIEW service_affair.applicant_masked IS
  'Applicants as analysts see them: resident ids and persons'' names masked, organisations in clear';
COMMENT ON COLUMN service_affair.applicant_masked.id IS 'Applicant id';
COMMENT ON COLUMN service_affair.applicant_masked.kind IS 'person or org';
COMMENT ON COLUMN service_affair.applicant_masked.resident_id IS 'mask(resident_id): first 6 and last 4 characters kept (persons)';
COMMENT ON COLUMN service_affair.applicant_masked.uscc IS 'Unified social credit code (organisations), in clear';
COMMENT ON COLUMN service_affair.applicant_masked.name IS 'Person: first character then *; organisation: registered name';
COMMENT ON COLUMN service_affair.applicant_masked.credit_ok IS 'Credit flag';

-- ---------------------------------------------------------------------------
-- Registering applicants at the window: clerks have no INSERT on applicant.

CREATE FUNCTION service_affair.register_applicant(kind text, identifier text, name text,
    credit_ok boolean DEFAULT true, note text DEFAULT NULL)
    RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_id bigint;
    v_other bigint;
    v_kind text;
    v_detail text;
BEGIN
    IF NOT (service_affair.acts_as('admin') OR service_affair.acts_as('clerk')) THEN
        RAISE EXCEPTION 'permission denied for function register_applicant'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('Role %s is neither a clerk nor an administrator.',
                                             pg_catalog.quote_ident(service_affair.actor()));
    END IF;
    IF kind IS NULL OR kind NOT IN ('person', 'org') THEN
        RAISE EXCEPTION 'invalid applicant kind'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Kind %s is not one of person, org.', COALESCE(pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(kind, 64))), 'NULL'));
    END IF;
    IF name IS NULL OR service_affair.is_blank(name) OR identifier IS NULL THEN
        RAISE EXCEPTION 'applicant identifier and name are required'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'An applicant needs an identifier and a name that is not empty or blank.';
    END IF;
    -- the manual credit flag is an administrator's: false bars the
    -- applicant from commitments and 容缺 at every window, with no fact in
    -- the credit record, no review and no end (doc/credit.md, "Intake").
    -- Until 2026-12-07 any clerk, of any region, could register a company
    -- with it false, and the first registration stood (a review;
    -- test/pgtap/credit_manual_flag.sql)
    IF credit_ok IS FALSE AND NOT service_affair.acts_as('admin') THEN
        RAISE EXCEPTION 'permission denied to register an applicant with bad credit'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('Role %s may not register an applicant with credit_ok false: the manual credit flag bars commitments and tolerated materials at every window; administrators set it.',
                                             pg_catalog.quote_ident(service_affair.actor())),
                  HINT = 'Register the applicant with the default (true); a fact against it goes into the credit record (record_credit_event(), administrators).';
    END IF;
    -- the flag and its ground (note), checked as set_credit_flag() checks
    -- them (56_credit.sql, the one home): NULL flag 22023, a note over
    -- 4000 bytes 22023, a note with true 22023.  Until 2026-12-07 a
    -- registration with false took no ground, and its entry in the credit
    -- record read "registered with the manual credit flag false"; 0.1.0's
    -- call without a note still writes that, ", no ground given" after it
    -- (credit_flag_logged(), the one home of the fixed notes; a review;
    -- credit_flag_logged.sql)
    PERFORM service_affair.check_credit_flag_args(credit_ok, note, true);
    -- an optional text: a blank note is none, the entry's note the fixed
    -- one (doc/development.md, "Blank text"; until 2026-12-07 refused with
    -- 22023, an empty form field losing the registration; a third read)
    note := CASE WHEN NOT service_affair.is_blank(note) THEN note END;
    -- bounded as every free text of the API (a name of 5,000,000
    -- characters was stored and came back from case_applicant(); a review)
    IF pg_catalog.char_length(name) > 200 THEN
        RAISE EXCEPTION 'applicant name is too long'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('A name has at most 200 characters; this one has %s.', pg_catalog.char_length(name));
    END IF;
    -- a name as printed on the identity document or the business licence:
    -- no control, bidirectional or invisible character (printable()'s class,
    -- one home: src/core/text.c; one C call).  Until 2026-12-08 a name could
    -- hold a line feed, a right-to-left override or a zero-width space, and
    -- applicant_masked, which shows the first character as given, showed
    -- the analyst that character (a review).  A CJK ideograph's variation
    -- selector, a middle dot (U+00B7), spaces and an apostrophe are text.
    -- The detail says where the characters are without the name's letters
    -- (a person's name is personal data, and the detail goes to the server
    -- log: doc/access.md, "Errors do not leak"): the name masked, each
    -- character * and each refused one ?, and the refused ones' code points
    -- with their positions (the first 8).  A character is refused when
    -- printable() changes it after the one before it (a variation selector
    -- is kept after a CJK ideograph); until 2026-12-08 (a second read) the
    -- detail repeated the whole name through printable().
    IF service_affair.printable(name) OPERATOR(pg_catalog.<>) name THEN
        RAISE EXCEPTION 'applicant name holds a control or invisible character'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = (SELECT pg_catalog.format('The name of %s characters (masked: %s) holds a control or invisible character at %s; give the name as printed on the identity document or licence.',
                                                     pg_catalog.count(*),
                                                     pg_catalog.quote_literal(pg_catalog.string_agg(CASE WHEN c.bad THEN '?' ELSE '*' END, '' ORDER BY c.i)),
                                                     pg_catalog.string_agg(pg_catalog.format('%s (U+%s)', c.i, pg_catalog.upper(pg_catalog.lpad(pg_catalog.to_hex(pg_catalog.ascii(c.ch)), 4, '0'))), ', ' ORDER BY c.i)
                                                       FILTER (WHERE c.bad AND c.nth OPERATOR(pg_catalog.<=) 8)
                                                     OPERATOR(pg_catalog.||) CASE WHEN pg_catalog.count(*) FILTER (WHERE c.bad) OPERATOR(pg_catalog.>) 8
                                                                                  THEN pg_catalog.format(' and %s more', pg_catalog.count(*) FILTER (WHERE c.bad) OPERATOR(pg_catalog.-) 8) ELSE '' END)
                              FROM (SELECT b.i, b.ch, b.bad,
                                           pg_catalog.count(*) FILTER (WHERE b.bad) OVER (ORDER BY b.i) AS nth
                                      FROM (SELECT g.i, pg_catalog.substr(name, g.i, 1) AS ch,
                                                   pg_catalog.right(service_affair.printable(pg_catalog.substr(name, GREATEST(g.i OPERATOR(pg_catalog.-) 1, 1), LEAST(g.i, 2))), 1)
                                                     OPERATOR(pg_catalog.<>) pg_catalog.substr(name, g.i, 1) AS bad
                                              FROM pg_catalog.generate_series(1, pg_catalog.char_length(name)) AS g(i)) AS b) AS c),
                  HINT = 'Type the name again rather than pasting it.';
    END IF;
    -- checked here rather than by the type's input function, so that the
    -- error shows the identifier masked (first 6 and last 4 characters)
    IF kind = 'person' AND NOT service_affair.is_valid_resident_id(identifier) THEN
        RAISE EXCEPTION 'invalid resident id'
            USING ERRCODE = 'invalid_text_representation',
                  DETAIL = pg_catalog.format('Identifier %s is not a valid resident id.', service_affair.mask_identifier(identifier));
    ELSIF kind = 'org' AND NOT service_affair.is_valid_uscc(identifier) THEN
        RAISE EXCEPTION 'invalid unified social credit code'
            USING ERRCODE = 'invalid_text_representation',
                  DETAIL = pg_catalog.format('Identifier %s is not a valid unified social credit code.', service_affair.mask_identifier(identifier));
    END IF;
    IF kind = 'person' THEN
        SELECT a.id INTO v_id FROM service_affair.applicant a
         WHERE a.resident_id OPERATOR(service_affair.=) identifier::service_affair.resident_id;
    ELSE
        SELECT a.id INTO v_id FROM service_affair.applicant a
         WHERE a.uscc OPERATOR(service_affair.=) identifier::service_affair.uscc;
    END IF;
    -- an identifier valid as both a resident id and a USCC names one
    -- applicant: the lookups by identifier could not tell a person from an
    -- organisation carrying the same characters (applicant_by_identifier(),
    -- 41_identity.sql; until 2026-12-04 both were registered; a review)
    IF v_id IS NULL AND service_affair.is_valid_resident_id(identifier) AND service_affair.is_valid_uscc(identifier) THEN
        SELECT a.id INTO v_other FROM service_affair.applicant a
         WHERE a.resident_id OPERATOR(service_affair.=) CASE WHEN register_applicant.kind = 'org' THEN identifier::service_affair.resident_id END
            OR a.uscc OPERATOR(service_affair.=) CASE WHEN register_applicant.kind = 'person' THEN identifier::service_affair.uscc END;
    END IF;
    -- Registrations racing, this one's applicant not found above because
    -- the other's row was not committed: the insert meets the other's
    -- entry in a unique index, of its own column or, for the other kind,
    -- applicant_identifier_chars (the canonical characters over both), and
    -- waits for it.  Any conflict does nothing (no conflict target: every
    -- unique index), and the applicant is looked up again below, in a new
    -- snapshot (read committed): of this kind, it is returned; of the
    -- other, refused (23505).  Until 2026-12-06 the registrations of the
    -- two kinds were both taken (each check for the other kind ran before
    -- the other committed), then queued on an advisory lock of the
    -- characters, which any login could hold and so stall the registration
    -- of that identifier (a review; applicant_register_kinds.spec).
    IF v_id IS NULL AND v_other IS NULL THEN
        -- the ground of a flag false, for the flag_set entry the insert's
        -- trigger writes (credit_flag_logged(), 56_credit.sql), as
        -- set_credit_flag() hands it; cleared below.  None is '' (the
        -- trigger's fixed note), not NULL: set_config() with NULL resets
        -- the setting to the session's default, which a caller's
        -- connection options may have given (until 2026-12-07)
        IF NOT credit_ok THEN
            PERFORM pg_catalog.set_config('service_affair.credit_flag_note', COALESCE(note, ''), true);
        END IF;
        BEGIN
            IF kind = 'person' THEN
                INSERT INTO service_affair.applicant AS a (kind, resident_id, name, credit_ok)
                VALUES ('person', identifier::service_affair.resident_id, name, credit_ok)
                ON CONFLICT DO NOTHING
                RETURNING a.id INTO v_id;
            ELSE
                INSERT INTO service_affair.applicant AS a (kind, uscc, name, credit_ok)
                VALUES ('org', identifier::service_affair.uscc, name, credit_ok)
                ON CONFLICT DO NOTHING
                RETURNING a.id INTO v_id;
            END IF;
        EXCEPTION WHEN serialization_failure THEN
            -- REPEATABLE READ or SERIALIZABLE: the conflicting applicant,
            -- of either kind, committed after this snapshot, which cannot
            -- return it nor name it.  That 40001 of ON CONFLICT has no
            -- detail; SERIALIZABLE's read/write dependency failure (detail
            -- "Reason code: ...") is not about this identifier and keeps
            -- its own words
            GET STACKED DIAGNOSTICS v_detail = PG_EXCEPTION_DETAIL;
            IF v_detail <> '' THEN
                RAISE;
            END IF;
            RAISE EXCEPTION 'could not serialize the registration of an applicant'
                USING ERRCODE = 'serialization_failure',
                      DETAIL = pg_catalog.format('Identifier %s was registered by a transaction that committed after this transaction''s snapshot was taken.',
                                                 service_affair.mask_identifier(identifier)),
                      HINT = 'Retry the transaction: it then returns that applicant, or refuses the other kind (23505).';
        END;
        IF v_id IS NULL THEN
            -- registered concurrently by another session, which committed
            -- while the insert waited: one applicant carries these
            -- characters (applicant_identifier_chars)
            SELECT a.id, a.kind INTO v_id, v_kind FROM service_affair.applicant a
             WHERE a.resident_id OPERATOR(service_affair.=) CASE WHEN service_affair.is_valid_resident_id(identifier) THEN identifier::service_affair.resident_id END
                OR a.uscc OPERATOR(service_affair.=) CASE WHEN service_affair.is_valid_uscc(identifier) THEN identifier::service_affair.uscc END;
            IF v_id IS NULL THEN
                -- the conflict was not of an identifier (the id: the
                -- sequence behind the ids), or the applicant met was
                -- deleted since: insert again, without ON CONFLICT, so
                -- that a conflict is told as it is (23505 naming the
                -- constraint).  Until 2026-12-06 a STRICT look-up failed
                -- here with P0002 'query returned no rows' (a review)
                IF kind = 'person' THEN
                    INSERT INTO service_affair.applicant AS a (kind, resident_id, name, credit_ok)
                    VALUES ('person', identifier::service_affair.resident_id, name, credit_ok)
                    RETURNING a.id INTO v_id;
                ELSE
                    INSERT INTO service_affair.applicant AS a (kind, uscc, name, credit_ok)
                    VALUES ('org', identifier::service_affair.uscc, name, credit_ok)
                    RETURNING a.id INTO v_id;
                END IF;
            ELSIF v_kind <> kind THEN
                v_other := v_id;
                v_id := NULL;
            END IF;
        END IF;
        IF NOT credit_ok THEN
            PERFORM pg_catalog.set_config('service_affair.credit_flag_note', '', true);
        END IF;
    END IF;
    IF v_other IS NOT NULL THEN
        -- the refusal tells that the other applicant exists: logged as a read
        PERFORM service_affair.access_log_line(v_other, 'register_applicant', NULL);
        RAISE EXCEPTION 'identifier already registered to another kind of applicant'
            USING ERRCODE = 'unique_violation',
                  DETAIL = pg_catalog.format('Identifier %s is registered as the %s of %s; it cannot name %s as well.',
                                             service_affair.mask_identifier(identifier),
                                             CASE WHEN kind = 'org' THEN 'resident id' ELSE 'unified social credit code' END,
                                             CASE WHEN kind = 'org' THEN 'a person' ELSE 'an organisation' END,
                                             CASE WHEN kind = 'org' THEN 'an organisation' ELSE 'a person' END),
                  HINT = 'Check the identifier presented; an administrator corrects a wrong registration.';
    END IF;
    PERFORM service_affair.log_access(v_id, 'register_applicant');
    RETURN v_id;
END
$$;
COMMENT ON FUNCTION service_affair.register_applicant(text, text, text, boolean, text) IS
  'Returns the id of the applicant with this resident id (kind person) or uscc (kind org), registering it first when new; an existing applicant is returned unchanged; a name of at most 200 characters (22023) holding no control, bidirectional or invisible character (as printable() shows one; 22023); 23505 an identifier an applicant of the other kind carries (eighteen characters can be valid as both; the refused registration writes a line of the server log for that applicant); 40001 under REPEATABLE READ or SERIALIZABLE when an applicant carrying these characters committed after the snapshot (retry); clerks and administrators (credit_ok false: administrators only, 42501, with its ground in note: without one, the call form of 0.1.0, or with a blank one, which is none, the entry has a fixed note; a note with credit_ok true 22023, a blank one none), the flag false logged in the credit record as flag_set with the note; logged in the access log';
REVOKE EXECUTE ON FUNCTION service_affair.register_applicant(text, text, text, boolean, text) FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- Row-level security of personal data.
ALTER TABLE service_affair.applicant ENABLE ROW LEVEL SECURITY;
ALTER TABLE service_affair.evidence ENABLE ROW LEVEL SECURITY;

-- Personal data (applicants and their evidence) is not read directly by any
-- group role but the admin role: clerks name an applicant by the identifier
-- presented (41_identity.sql), and staff read an applicant in clear only
-- through the API functions that log the read (case_applicant,
-- case_evidence).  Visibility therefore never follows cases, which a clerk
-- can create at will.
CREATE POLICY applicant_admin ON service_affair.applicant FOR ALL
    USING ((SELECT service_affair.acts_as('admin'))) WITH CHECK ((SELECT service_affair.acts_as('admin')));
COMMENT ON POLICY applicant_admin ON service_affair.applicant IS 'Administrators see and maintain every applicant';
CREATE POLICY evidence_admin ON service_affair.evidence FOR ALL
    USING ((SELECT service_affair.acts_as('admin'))) WITH CHECK ((SELECT service_affair.acts_as('admin')));
COMMENT ON POLICY evidence_admin ON service_affair.evidence IS 'Administrators see and maintain all shared evidence';

-- ---------------------------------------------------------------------------
-- Grants (applied by create_roles(), 90_access.sql): applicants, evidence, the masked view and registration
INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    ('admin', 'SELECT', 'service_affair.applicant'),
    ('admin', 'INSERT', 'service_affair.applicant'),
    ('admin', 'UPDATE', 'service_affair.applicant'),
    ('admin', 'DELETE', 'service_affair.applicant'),
    ('admin', 'SELECT', 'service_affair.evidence'),
    ('admin', 'INSERT', 'service_affair.evidence'),
    ('admin', 'UPDATE', 'service_affair.evidence'),
    ('admin', 'DELETE', 'service_affair.evidence'),
    ('admin', 'SELECT', 'service_affair.applicant_masked'),
    ('admin', 'EXECUTE', 'service_affair.register_applicant(text,text,text,boolean,text)'),
    ('clerk', 'EXECUTE', 'service_affair.register_applicant(text,text,text,boolean,text)'),
    ('analyst', 'SELECT', 'service_affair.applicant_masked')
ON CONFLICT DO NOTHING;
