-- Request keys of submit(): a retry is safe (doc/intake.md "Request keys").
--
-- A client that cannot tell whether its submit() ran (a connection lost after
-- the call was sent: the router's 08007, doc/scale.md) repeats the call with
-- the same request_key and gets the same case id, and nothing is written
-- twice.  The key is the caller's own: the primary key is (actor, key), so a
-- key another role guessed or happened to choose names nothing of yours and
-- refuses nothing of yours.  The table is written first, with ON CONFLICT,
-- so that a second call racing with the first waits for the first's outcome
-- (the cases table is partitioned: no unique index on it can hold the key).
-- Nobody is granted anything on it: only submit() (SECURITY DEFINER) reads
-- and writes it, through the two functions below.  Kept with the case: a
-- month of history archived (archive_history_month(), 64_history.sql) takes
-- the keys of its cases along.  This part is wholly new in 0.2.0: its update
-- file is a link.

CREATE TABLE service_affair.case_request (
    actor       text NOT NULL,
    request_key text NOT NULL CHECK (request_key ~ '^[ -~]{1,200}$'),
    digest      bytea NOT NULL CHECK (pg_catalog.octet_length(digest) = 32),
    case_id     bigint,
    made_at     timestamptz NOT NULL DEFAULT pg_catalog.now(),
    CONSTRAINT case_request_pkey PRIMARY KEY (actor, request_key)
);
ALTER TABLE service_affair.case_request ENABLE ROW LEVEL SECURITY;
COMMENT ON TABLE service_affair.case_request IS
  'Request keys of submit(): the case a caller''s key gave, so that the call repeated with the same key returns it and writes nothing; no grants, no policies (only submit() reaches it); a row leaves with its case''s month (archive_history_month())';
COMMENT ON COLUMN service_affair.case_request.actor IS 'The role that made the call (actor()): a key is scoped to its caller';
COMMENT ON COLUMN service_affair.case_request.request_key IS 'The key the client chose: 1 to 200 printable ASCII characters';
COMMENT ON COLUMN service_affair.case_request.digest IS 'sha256 of the canonical text of the submission (request_digest()): the same key with another submission is refused';
COMMENT ON COLUMN service_affair.case_request.case_id IS 'The case the first call recorded (no foreign key: a case moves to the settled history with its id); NULL only inside the first call''s transaction';
COMMENT ON COLUMN service_affair.case_request.made_at IS 'When the first call was made (the transaction''s time)';
SELECT pg_catalog.pg_extension_config_dump('service_affair.case_request', '');

-- Internal: the digest of a submission: sha256 of a jsonb text (keys sorted
-- by jsonb itself), the material and commitment lists sorted and without
-- duplicates (as assessed), "at" left out (a retry comes later; the case
-- keeps the first call's time).
CREATE FUNCTION service_affair.request_digest(form text, service text, applicant bigint, materials text[],
    channel text, commitments text[], region text, point text, agent text, location_region text)
    RETURNS bytea
    LANGUAGE sql STABLE PARALLEL SAFE  -- jsonb_build_object(), convert_to() are
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pg_catalog.sha256(pg_catalog.convert_to(pg_catalog.jsonb_build_object(
        'form', form, 'service', service, 'applicant', applicant,
        'materials', ARRAY(SELECT DISTINCT m COLLATE "C" FROM pg_catalog.unnest(materials) m ORDER BY 1),
        'channel', channel,
        'commitments', ARRAY(SELECT DISTINCT m COLLATE "C" FROM pg_catalog.unnest(commitments) m ORDER BY 1),
        'region', region, 'point', point, 'agent', agent, 'location_region', location_region)::text, 'UTF8'))
$$;
COMMENT ON FUNCTION service_affair.request_digest(text, text, bigint, text[], text, text[], text, text, text, text) IS
  'Internal: sha256 of the canonical text of a submission (form, service, applicant id, sorted distinct materials and commitments, channel, region, point, agent, location_region; not the time): what a request key is bound to';
REVOKE EXECUTE ON FUNCTION service_affair.request_digest(text, text, bigint, text[], text, text[], text, text, text, text) FROM PUBLIC;

-- Internal: claim a request key for the caller, or find the case it gave.
-- NULL: the key is the caller's now, the call goes on and request_done()
-- records its case; else the case id of the earlier call with this key and
-- this submission.  A second session with the same key waits here, on the
-- primary key, for the first's commit (then it gets the case) or rollback
-- (then it makes the case itself).
CREATE FUNCTION service_affair.request_claim(request_key text, digest bytea)
    RETURNS bigint
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_actor text := service_affair.actor();
    v_digest bytea;
    v_case bigint;
    v_sees boolean := false;
BEGIN
    IF request_key !~ '^[ -~]{1,200}$' OR request_key IS NULL THEN
        RAISE EXCEPTION 'invalid request key'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Request key %s is not 1 to 200 printable ASCII characters (space to ~).',
                                             COALESCE(pg_catalog.quote_literal(pg_catalog.left(request_key, 64)), 'NULL'));
    END IF;
    FOR k IN 1..2 LOOP
        INSERT INTO service_affair.case_request AS r (actor, request_key, digest)
        VALUES (v_actor, request_claim.request_key, request_claim.digest)
        ON CONFLICT ON CONSTRAINT case_request_pkey DO NOTHING;
        IF FOUND THEN
            RETURN NULL;
        END IF;
        SELECT r.digest, r.case_id INTO v_digest, v_case
          FROM service_affair.case_request r
         WHERE r.actor = v_actor AND r.request_key = request_claim.request_key;
        EXIT WHEN FOUND;  -- else archived in between: claim it again
    END LOOP;
    IF v_case IS NOT NULL THEN
        BEGIN
            PERFORM service_affair.require_case(v_case);  -- 42501 (05_org.sql)
            v_sees := true;
        EXCEPTION WHEN insufficient_privilege THEN
            v_sees := false;
        END;
    END IF;
    IF v_digest IS DISTINCT FROM request_claim.digest THEN
        RAISE EXCEPTION 'request key % was used for another submission', pg_catalog.quote_literal(pg_catalog.left(request_key, 64))
            USING ERRCODE = 'unique_violation',
                  DETAIL = pg_catalog.format('Role %s made %s with request key %s; this call''s service, applicant, materials, commitments, channel or place differ.',
                                             pg_catalog.quote_ident(v_actor),
                                             CASE WHEN v_sees THEN pg_catalog.format('case %s', v_case) ELSE 'a case' END,
                                             pg_catalog.quote_literal(pg_catalog.left(request_key, 64))),
                  HINT = 'Use a new request key for a new submission.';
    END IF;
    IF v_case IS NULL THEN  -- the caller's own call still running in this transaction
        RAISE EXCEPTION 'request key % is in use', pg_catalog.quote_literal(pg_catalog.left(request_key, 64))
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'A call with this request key has not recorded its case yet.';
    END IF;
    IF NOT v_sees THEN  -- a clerk moved away from the case's region: not even its number
        RAISE EXCEPTION 'permission denied for the case of request key %', pg_catalog.quote_literal(pg_catalog.left(request_key, 64))
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('Role %s made a case with this request key that it may no longer see.',
                                             pg_catalog.quote_ident(v_actor));
    END IF;
    RETURN v_case;
END
$$;
COMMENT ON FUNCTION service_affair.request_claim(text, bytea) IS
  'Internal: the caller''s request key claimed (NULL: go on and record the case with request_done()) or the case the caller''s earlier call with this key and this submission recorded; waits for a concurrent call with the key; 22023 a key that is not 1 to 200 printable ASCII characters, 23505 the key used for another submission (the case named only if the caller may see it), 42501 the caller may no longer see the case';
REVOKE EXECUTE ON FUNCTION service_affair.request_claim(text, bytea) FROM PUBLIC;

CREATE FUNCTION service_affair.request_done(request_key text, case_id bigint)
    RETURNS void
    LANGUAGE sql
    SET search_path = pg_catalog, pg_temp
AS $$
    UPDATE service_affair.case_request r SET case_id = request_done.case_id
     WHERE r.actor = service_affair.actor() AND r.request_key = request_done.request_key
$$;
COMMENT ON FUNCTION service_affair.request_done(text, bigint) IS
  'Internal: records the case of the call that claimed the caller''s request key (request_claim())';
REVOKE EXECUTE ON FUNCTION service_affair.request_done(text, bigint) FROM PUBLIC;
