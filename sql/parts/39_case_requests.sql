-- Request keys of submit(), receive_complaint(), rate() and
-- record_credit_event(): a retry is safe (doc/intake.md "Request keys",
-- doc/complaints.md, doc/ratings.md, doc/credit.md).
--
-- A client that cannot tell whether its submit() ran (a connection lost after
-- the call was sent: the router's 08007, doc/scale.md) repeats the call with
-- the same request_key and gets the same case id, and nothing is written
-- twice; receive_complaint() (62_complaints.sql) the same with the complaint
-- id, rate() (60_ratings.sql) with the rating id, record_credit_event()
-- (56_credit.sql) with the credit event id (since 2026-12-05; before, a
-- rate() repeated after 08007 was 23505 "already rated" though it had
-- rated, and a record_credit_event() repeated recorded a second event).
-- One key names one request of any kind (kind): the caller's key
-- given to a submit() and then to a receive_complaint() is the key with
-- another request, 23505, as with another submission.  The key is the caller's own: the primary key is (actor, key), so a
-- key another role guessed or happened to choose names nothing of yours and
-- refuses nothing of yours.  The table is written first, with ON CONFLICT,
-- so that a second call racing with the first waits for the first's outcome
-- (the cases table is partitioned: no unique index on it can hold the key).
-- Nobody is granted anything on it: only submit() and receive_complaint()
-- (SECURITY DEFINER) read and write it, through the functions below.  Kept
-- with the case: a month of history archived (archive_history_month(),
-- 64_history.sql) takes the keys of its cases along; a complaint is never
-- deleted nor archived (it outlives its case), nor is its key.  A rating's
-- key names its case too (case_id, set with rating_id): it leaves with the
-- case's month and moves with the case's region, as the rating does.  A
-- credit event is never deleted, nor is its key.  A region
-- moved to another shard takes the keys of its cases, their ratings and its
-- complaints along (service_affair_shard.copy_region(), drop_region()); a
-- complaint naming no case stays on its shard with its key, which the
-- router asks there (service_affair_shard.keyed_complaint()).  This part is wholly new in 0.2.0: its update
-- file is a link.

CREATE TABLE service_affair.case_request (
    actor       text NOT NULL,
    request_key text NOT NULL CHECK (request_key ~ '^[ -~]{1,200}$'),
    digest      bytea NOT NULL CHECK (pg_catalog.octet_length(digest) = 32),
    case_id     bigint,
    made_at     timestamptz NOT NULL DEFAULT pg_catalog.now(),
    kind        text NOT NULL DEFAULT 'case' CHECK (kind IN ('case', 'complaint', 'rating', 'credit_event')),
    complaint_id bigint,
    rating_id   bigint,
    credit_event_id bigint,
    CONSTRAINT case_request_pkey PRIMARY KEY (actor, request_key),
    CONSTRAINT case_request_kind_target CHECK (CASE kind
        WHEN 'case' THEN complaint_id IS NULL AND rating_id IS NULL AND credit_event_id IS NULL
        WHEN 'complaint' THEN case_id IS NULL AND rating_id IS NULL AND credit_event_id IS NULL
        WHEN 'rating' THEN complaint_id IS NULL AND credit_event_id IS NULL AND (rating_id IS NULL) = (case_id IS NULL)
        ELSE case_id IS NULL AND complaint_id IS NULL AND rating_id IS NULL END)
);
ALTER TABLE service_affair.case_request ENABLE ROW LEVEL SECURITY;
COMMENT ON TABLE service_affair.case_request IS
  'Request keys of submit(), receive_complaint(), rate() and record_credit_event(): the case, complaint, rating or credit event a caller''s key gave, so that the call repeated with the same key returns it and writes nothing; no grants, no policies (only those functions reach it); a case''s or rating''s row leaves with its case''s month (archive_history_month()), a complaint''s or credit event''s stays';
COMMENT ON COLUMN service_affair.case_request.actor IS 'The role that made the call (actor()): a key is scoped to its caller';
COMMENT ON COLUMN service_affair.case_request.request_key IS 'The key the client chose: 1 to 200 printable ASCII characters';
COMMENT ON COLUMN service_affair.case_request.digest IS 'sha256 of the canonical text of the request (request_digest(), complaint_request_digest(), rating_request_digest(), credit_event_request_digest()): the same key with another request is refused';
COMMENT ON COLUMN service_affair.case_request.case_id IS 'The case the first submit() recorded, or the case the first rate() rated (no foreign key: a case moves to the settled history with its id); NULL only inside the first call''s transaction, and for a complaint''s or credit event''s key';
COMMENT ON COLUMN service_affair.case_request.made_at IS 'When the first call was made (the transaction''s time)';
COMMENT ON COLUMN service_affair.case_request.kind IS 'What the key was given to: case (submit()), complaint (receive_complaint()), rating (rate()) or credit_event (record_credit_event()); one key of a caller names one request, of any kind';
COMMENT ON COLUMN service_affair.case_request.complaint_id IS 'The complaint the first receive_complaint() recorded; NULL only inside the first call''s transaction, and for the keys of the other kinds';
COMMENT ON COLUMN service_affair.case_request.rating_id IS 'The rating the first rate() recorded (no foreign key: a rating moves to the settled history with its case); NULL only inside the first call''s transaction, and for the keys of the other kinds';
COMMENT ON COLUMN service_affair.case_request.credit_event_id IS 'The credit event the first record_credit_event() recorded; NULL only inside the first call''s transaction, and for the keys of the other kinds';
COMMENT ON CONSTRAINT case_request_kind_target ON service_affair.case_request IS 'Each key names only the target of its kind: a case, a complaint, a rating with its case (so that the key leaves and moves with the case), or a credit event';
SELECT pg_catalog.pg_extension_config_dump('service_affair.case_request', '');

-- Internal: the digest of a submission: sha256 of a jsonb text (keys sorted
-- by jsonb itself), the material and commitment lists sorted and without
-- duplicates (as assessed), "at" left out (a retry comes later; the case
-- keeps the first call's time).  The applicant as the call named it: its id
-- (submit() by applicant id) or the canonical spelling of its identifier
-- (submit() by identifier), not the id this shard gave it: a region move
-- (service_affair_shard.copy_region()) files the moved cases on the new
-- shard's row of the same identifier, under another id, and the call
-- repeated there must still be the same submission (until 2026-12-05 the
-- resolved id was hashed, and a keyed submit() repeated after its region
-- moved got 23505; scale_shards.pl).
CREATE FUNCTION service_affair.request_digest(form text, service text, applicant text, materials text[],
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
COMMENT ON FUNCTION service_affair.request_digest(text, text, text, text[], text, text[], text, text, text, text) IS
  'Internal: sha256 of the canonical text of a submission (form, service, applicant as named: its id for submit() by id, its canonical identifier for submit() by identifier, sorted distinct materials and commitments, channel, region, point, agent (its canonical resident id), location_region; not the time): what a request key is bound to';
REVOKE EXECUTE ON FUNCTION service_affair.request_digest(text, text, text, text[], text, text[], text, text, text, text) FROM PUBLIC;

-- Internal: claim a request key for the caller, or find the case (kind
-- 'case', submit()), complaint (kind 'complaint', receive_complaint()),
-- rating (kind 'rating', rate()) or credit event (kind 'credit_event',
-- record_credit_event()) it gave.  NULL: the key is the caller's now, the
-- call goes on and request_done() records its result; else the id the
-- earlier call with this key and this request made.  The key given to
-- another kind of call is refused as one given to another request (23505).
-- A second session with the same key waits here, on the primary key, for
-- the first's commit (then it gets the result) or rollback (then it makes
-- the result itself).
CREATE FUNCTION service_affair.request_claim(request_key text, digest bytea, kind text DEFAULT 'case')
    RETURNS bigint
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_actor text := service_affair.actor();
    v_digest bytea;
    v_case bigint;  -- the case, complaint, rating or credit event the key gave
    v_rated bigint; -- a rating's case
    v_kind text;    -- of the key's row
    v_sees boolean := false;
BEGIN
    IF request_key !~ '^[ -~]{1,200}$' OR request_key IS NULL THEN
        RAISE EXCEPTION 'invalid request key'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Request key %s is not 1 to 200 printable ASCII characters (space to ~).',
                                             COALESCE(pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(request_key, 64))), 'NULL'));
    END IF;
    FOR k IN 1..2 LOOP
        INSERT INTO service_affair.case_request AS r (actor, request_key, digest, kind)
        VALUES (v_actor, request_claim.request_key, request_claim.digest, request_claim.kind)
        ON CONFLICT ON CONSTRAINT case_request_pkey DO NOTHING;
        IF FOUND THEN
            RETURN NULL;
        END IF;
        SELECT r.digest, r.kind,
               CASE r.kind WHEN 'complaint' THEN r.complaint_id WHEN 'rating' THEN r.rating_id
                           WHEN 'credit_event' THEN r.credit_event_id ELSE r.case_id END,
               r.case_id
          INTO v_digest, v_kind, v_case, v_rated
          FROM service_affair.case_request r
         WHERE r.actor = v_actor AND r.request_key = request_claim.request_key;
        EXIT WHEN FOUND;  -- else archived in between: claim it again
    END LOOP;
    IF v_case IS NOT NULL AND v_kind IN ('case', 'rating') THEN
        -- a rating: as its case (rate() rates a case the caller may see):
        -- require_case()'s decision as a boolean (05_org.sql; until
        -- 2026-12-06 its 42501 caught, a subtransaction at each replay)
        v_sees := service_affair.region_clerk_serves(v_rated);
    ELSIF v_case IS NOT NULL AND v_kind = 'credit_event' THEN
        -- administrators record credit events (record_credit_event())
        v_sees := service_affair.acts_as('admin');
    ELSIF v_case IS NOT NULL THEN
        -- a complaint: as its receiver may assign and call it back
        -- (complaint_may(), 62_complaints.sql: the receiver of one naming no
        -- case, a clerk of its case's region, an administrator)
        v_sees := COALESCE(service_affair.complaint_may((SELECT x FROM service_affair.complaint x WHERE x.id = v_case), 'intake'),
                           false);
    END IF;
    IF v_digest IS DISTINCT FROM request_claim.digest THEN
        RAISE EXCEPTION 'request key % was used for another %', pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(request_key, 64))),
                        CASE v_kind WHEN 'case' THEN 'submission' WHEN 'rating' THEN 'rating'
                                    WHEN 'credit_event' THEN 'credit event' ELSE 'complaint' END
            USING ERRCODE = 'unique_violation',
                  DETAIL = pg_catalog.format('Role %s %s with request key %s; %s.',
                                             pg_catalog.quote_ident(v_actor),
                                             CASE WHEN v_kind = 'case' AND v_sees THEN pg_catalog.format('made case %s', v_case)
                                                  WHEN v_kind = 'case' THEN 'made a case'
                                                  WHEN v_kind = 'rating' AND v_sees THEN pg_catalog.format('gave rating %s of case %s', v_case, v_rated)
                                                  WHEN v_kind = 'rating' THEN 'gave a rating'
                                                  WHEN v_kind = 'credit_event' AND v_sees THEN pg_catalog.format('recorded credit event %s', v_case)
                                                  WHEN v_kind = 'credit_event' THEN 'recorded a credit event'
                                                  WHEN v_sees THEN pg_catalog.format('received complaint %s', v_case)
                                                  ELSE 'received a complaint' END,
                                             pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(request_key, 64))),
                                             CASE WHEN v_kind IS DISTINCT FROM request_claim.kind AND request_claim.kind = 'complaint'
                                                      THEN 'this call receives a complaint'
                                                  WHEN v_kind IS DISTINCT FROM request_claim.kind AND request_claim.kind = 'rating'
                                                      THEN 'this call rates a case'
                                                  WHEN v_kind IS DISTINCT FROM request_claim.kind AND request_claim.kind = 'credit_event'
                                                      THEN 'this call records a credit event'
                                                  WHEN v_kind IS DISTINCT FROM request_claim.kind
                                                      THEN 'this call submits a case'
                                                  WHEN v_kind = 'case'
                                                      THEN 'this call''s service, applicant, materials, commitments, channel or place differ'
                                                  WHEN v_kind = 'rating'
                                                      THEN 'this call''s case, level, channel or comment differ'
                                                  WHEN v_kind = 'credit_event'
                                                      THEN 'this call''s subject, severity, note or needs_review differ'
                                                  ELSE 'this call''s channel, category, body, case, item, department, point, applicant or blocker differ' END),
                  HINT = CASE request_claim.kind WHEN 'case' THEN 'Use a new request key for a new submission.'
                                                 ELSE 'Use a new request key for a new request.' END;
    END IF;
    IF v_case IS NULL THEN  -- the caller's own call still running in this transaction
        RAISE EXCEPTION 'request key % is in use', pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(request_key, 64)))
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('A call with this request key has not recorded its %s yet.',
                                             pg_catalog.replace(v_kind, '_', ' '));
    END IF;
    IF NOT v_sees THEN  -- a clerk moved away from the case's region: not even its number
        RAISE EXCEPTION 'permission denied for the % of request key %', pg_catalog.replace(v_kind, '_', ' '),
                        pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(request_key, 64)))
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = CASE v_kind
                           WHEN 'case' THEN pg_catalog.format('Role %s made a case with this request key that it may no longer see.',
                                                              pg_catalog.quote_ident(v_actor))
                           WHEN 'rating' THEN pg_catalog.format('Role %s gave a rating with this request key of a case that it may no longer see.',
                                                                pg_catalog.quote_ident(v_actor))
                           WHEN 'credit_event' THEN pg_catalog.format('Role %s recorded a credit event with this request key and is no longer an administrator.',
                                                                      pg_catalog.quote_ident(v_actor))
                           ELSE pg_catalog.format('Role %s received a complaint with this request key that it may no longer act on.',
                                                  pg_catalog.quote_ident(v_actor)) END;
    END IF;
    RETURN v_case;
END
$$;
COMMENT ON FUNCTION service_affair.request_claim(text, bytea, text) IS
  'Internal: the caller''s request key claimed for a request of kind case (submit()), complaint (receive_complaint()), rating (rate()) or credit_event (record_credit_event()) (NULL: go on and record it with request_done()) or the case, complaint, rating or credit event the caller''s earlier call with this key and this request recorded; waits for a concurrent call with the key; 22023 a key that is not 1 to 200 printable ASCII characters, 23505 the key used for another request, of any kind (the result named only if the caller may see it), 42501 the caller may no longer see the case (require_case(); a rating: its case''s), act on the complaint (complaint_may(intake)) or act as an administrator (a credit event)';
REVOKE EXECUTE ON FUNCTION service_affair.request_claim(text, bytea, text) FROM PUBLIC;

-- Internal: the result of the call that claimed the key.  A rating's key
-- names the rated case too (case_id), so that it leaves with the case's
-- month (archive_history_month()) and moves with its region (copy_region()).
CREATE FUNCTION service_affair.request_done(request_key text, id bigint, kind text DEFAULT 'case', case_id bigint DEFAULT NULL)
    RETURNS void
    LANGUAGE sql
    SET search_path = pg_catalog, pg_temp
AS $$
    UPDATE service_affair.case_request r
       SET case_id = CASE request_done.kind WHEN 'case' THEN request_done.id WHEN 'rating' THEN request_done.case_id END,
           complaint_id = CASE WHEN request_done.kind = 'complaint' THEN request_done.id END,
           rating_id = CASE WHEN request_done.kind = 'rating' THEN request_done.id END,
           credit_event_id = CASE WHEN request_done.kind = 'credit_event' THEN request_done.id END
     WHERE r.actor = service_affair.actor() AND r.request_key = request_done.request_key AND r.kind = request_done.kind
$$;
COMMENT ON FUNCTION service_affair.request_done(text, bigint, text, bigint) IS
  'Internal: records the case (kind case), complaint (kind complaint), rating and its case_id (kind rating) or credit event (kind credit_event) of the call that claimed the caller''s request key (request_claim())';
REVOKE EXECUTE ON FUNCTION service_affair.request_done(text, bigint, text, bigint) FROM PUBLIC;
