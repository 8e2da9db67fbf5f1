-- 31_applicant: one applicant per identifier; the access log.

-- ---------------------------------------------------------------------------
-- One identifier, one applicant (applicant_identifier_chars, as the install
-- makes it).  0.1.0 registered a person and an organisation under eighteen
-- characters valid as both a resident id and a USCC, and every lookup then
-- landed on the person.  A database that holds such a pair is refused before
-- the index is made, naming each pair (the applicants' ids, the characters
-- masked): which of the two is right, and where the other's cases go, is the
-- administrator's decision (doc/deployment.md, "From 0.1.0: one applicant
-- per identifier"); the index would otherwise stop the update with
-- PostgreSQL's bare 23505, the characters in clear and no applicant named.
DO $$
DECLARE
    v_pairs text[];
    v_count bigint;
BEGIN
    SELECT pg_catalog.array_agg(pg_catalog.format('%s: person %s, organisation %s',
                                                  service_affair.mask(p.resident_id), p.id, o.id)
                                ORDER BY p.id, o.id),
           pg_catalog.count(*)
      INTO v_pairs, v_count
      FROM service_affair.applicant p
      JOIN service_affair.applicant o
        ON o.uscc::pg_catalog.text OPERATOR(pg_catalog.=) p.resident_id::pg_catalog.text
     WHERE p.resident_id IS NOT NULL;
    IF v_count OPERATOR(pg_catalog.>) 0 THEN
        RAISE EXCEPTION 'a person and an organisation carry the same identifier (% pairs)', v_count
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('0.2.0 lets one applicant carry eighteen characters valid as a resident id and as a unified social credit code; these applicants carry the same ones (the characters masked): %s%s.',
                                             pg_catalog.array_to_string(v_pairs[1:20], '; '),
                                             CASE WHEN v_count OPERATOR(pg_catalog.>) 20
                                                  THEN pg_catalog.format('; and %s more', v_count OPERATOR(pg_catalog.-) 20) ELSE '' END),
                  HINT = 'Before the update, keep one applicant of each pair: move the wrong one''s cases and evidence to the right one (or to a correctly registered applicant), then delete it; doc/deployment.md, "From 0.1.0: one applicant per identifier".';
    END IF;
END
$$;
CREATE UNIQUE INDEX applicant_identifier_chars ON service_affair.applicant
    ((COALESCE(resident_id::pg_catalog.text, uscc::pg_catalog.text)));
COMMENT ON INDEX service_affair.applicant_identifier_chars IS
  'One applicant per identifier: the canonical characters of resident_id or uscc, unique over both kinds (characters valid as both name one applicant)';

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
-- mask_name() (2026-12-08): a first character printable() would change is
-- shown as *; dropped and made again with the view over it (the part's
-- definitions, as a fresh install makes them).  No row is refused: the
-- names registered before are shown masked.
DROP VIEW service_affair.applicant_masked;
DROP FUNCTION service_affair.mask_name(text);
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

