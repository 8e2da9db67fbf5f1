-- Identification at the window (窗口身份核验): a clerk names an applicant by
-- the identifier the applicant presents — the resident id (居民身份证号码) of a
-- person or the unified social credit code (统一社会信用代码) of an
-- organisation, in any spelling the types accept — never by an internal id.
-- The forms of submit() and completeness() taking an applicant id are kept
-- for administrators (and superusers: tools, imports, the demo).
-- Every call that resolves an applicant is logged in the access log
-- (31_applicant.sql).

-- An identifier as it may be echoed in an error: first 6 and last 4
-- characters kept (as mask(resident_id)), at most 22 * between them, so that
-- neither the number nor a huge input is repeated whole; a control
-- character among those kept shows as ? (printable()); an empty text as ''
-- (until 2026-12-07 as nothing: 'Identifier  is neither a resident id nor
-- ...', a hostile read of intake).
CREATE FUNCTION service_affair.mask_identifier(identifier text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
RETURN CASE
    WHEN identifier IS NULL THEN 'NULL'
    WHEN identifier OPERATOR(pg_catalog.=) '' THEN ''''''
    WHEN pg_catalog.length(identifier) OPERATOR(pg_catalog.<=) 10
        THEN pg_catalog.repeat('*', pg_catalog.length(identifier))
    ELSE service_affair.printable(pg_catalog.left(identifier, 6))
         OPERATOR(pg_catalog.||) pg_catalog.repeat('*', LEAST(pg_catalog.length(identifier) OPERATOR(pg_catalog.-) 10, 22))
         OPERATOR(pg_catalog.||) service_affair.printable(pg_catalog.right(identifier, 4))
END;
COMMENT ON FUNCTION service_affair.mask_identifier(text) IS
  'An identifier as errors echo it: first 6 and last 4 characters (control characters shown as ?), at most 22 * between them (short inputs: all *; an empty text: two quotes, '''')';

-- Internal: the applicant presenting this identifier.  22023 when NULL,
-- 22P02 when it is neither a resident id nor a USCC, 23503 when no applicant
-- carries it; errors show the identifier masked.  purpose: the API function
-- asking (submit, completeness), for the server log's line of a refusal
-- that names applicants.
CREATE FUNCTION service_affair.applicant_by_identifier(identifier text, purpose text) RETURNS bigint
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_id bigint;
    v_org bigint;
    v_canon text;
BEGIN
    IF identifier IS NULL THEN
        RAISE EXCEPTION 'applicant identifier must not be null'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'An applicant is named by the resident id or unified social credit code presented.';
    END IF;
    IF service_affair.is_valid_resident_id(identifier) THEN
        v_canon := identifier::service_affair.resident_id::text;
        SELECT a.id INTO v_id FROM service_affair.applicant a
         WHERE a.resident_id OPERATOR(service_affair.=) identifier::service_affair.resident_id;
    END IF;
    -- eighteen characters can be a valid resident id and a valid USCC at
    -- once (one in about 30 resident ids): both are looked up, and when a
    -- person and an organisation both carry it neither is taken (until
    -- 2026-12-04 the person was, and an organisation's case was filed on
    -- a person; a review).  The unique index applicant_identifier_chars
    -- (31_applicant.sql) refuses the second one, racing registrations and
    -- rows an administrator writes included (since 2026-12-06), and the
    -- update refuses data of 0.1.0 holding both: the refusal below stays
    -- for a database whose index was dropped.
    IF service_affair.is_valid_uscc(identifier) THEN
        v_canon := identifier::service_affair.uscc::text;
        SELECT a.id INTO v_org FROM service_affair.applicant a
         WHERE a.uscc OPERATOR(service_affair.=) identifier::service_affair.uscc;
        IF v_id IS NOT NULL AND v_org IS NOT NULL THEN
            -- the refusal tells that both exist and names their ids: a
            -- read of each, on the server log as register_applicant()'s
            -- 23505 (until 2026-12-06 it left no trace; a review)
            PERFORM service_affair.access_log_line(v_id, purpose, NULL);
            PERFORM service_affair.access_log_line(v_org, purpose, NULL);
            RAISE EXCEPTION 'ambiguous applicant identifier'
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = pg_catalog.format('Identifier %s is the resident id of applicant %s and the unified social credit code of applicant %s.',
                                                 service_affair.mask_identifier(v_canon), v_id, v_org),
                      HINT = 'Name the applicant by its id (submit() and completeness() by applicant id), and have an administrator correct the wrong registration.';
        END IF;
        v_id := COALESCE(v_id, v_org);
    END IF;
    IF v_canon IS NULL THEN
        RAISE EXCEPTION 'invalid applicant identifier'
            USING ERRCODE = 'invalid_text_representation',
                  DETAIL = pg_catalog.format('Identifier %s is neither a resident id nor a unified social credit code.',
                                             service_affair.mask_identifier(identifier));
    END IF;
    IF v_id IS NULL THEN
        RAISE EXCEPTION 'unknown applicant'
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No applicant has identifier %s.', service_affair.mask_identifier(v_canon)),
                  HINT = 'Register the applicant first (register_applicant).';
    END IF;
    RETURN v_id;
END
$$;
COMMENT ON FUNCTION service_affair.applicant_by_identifier(text, text) IS
  'Internal: the id of the applicant with this resident id or USCC (any accepted spelling); 22023 NULL or carried by a person and an organisation alike (both written to the server log as read through purpose, the calling API function), 22P02 malformed, 23503 unknown (identifier masked in the detail)';
REVOKE EXECUTE ON FUNCTION service_affair.applicant_by_identifier(text, text) FROM PUBLIC;

-- Internal: 42501 unless the caller is a clerk or an administrator; asked
-- before an identifier is resolved, so that nobody else learns whether an
-- applicant exists.
CREATE FUNCTION service_affair.require_window() RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT (service_affair.acts_as('clerk') OR service_affair.acts_as('admin')) THEN
        RAISE EXCEPTION 'permission denied: window clerks only'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('Role %s is neither a clerk nor an administrator.',
                                             pg_catalog.quote_ident(service_affair.actor()));
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.require_window() IS
  'Internal: raises 42501 unless the caller is a clerk (service_affair_clerk) or an administrator';
REVOKE EXECUTE ON FUNCTION service_affair.require_window() FROM PUBLIC;

-- Internal: the format checks of the service-network arguments of submit().
-- Their meaning (the point, the agent, the property's region) is resolved
-- after these checks by 42_tongban.sql.
CREATE FUNCTION service_affair.check_intake_place(point text, agent text, location_region text) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF point IS NOT NULL AND point !~ '^[A-Za-z0-9_.-]{1,64}$' THEN
        RAISE EXCEPTION 'invalid service point code'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Point %s is not 1 to 64 letters, digits, _ . or -.',
                                             pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(point, 64))));
    END IF;
    IF agent IS NOT NULL AND NOT service_affair.is_valid_resident_id(agent) THEN
        RAISE EXCEPTION 'invalid agent identifier'
            USING ERRCODE = 'invalid_text_representation',
                  DETAIL = pg_catalog.format('Agent %s is not a resident id.', service_affair.mask_identifier(agent));
    END IF;
    IF location_region IS NOT NULL AND location_region !~ '^[0-9]{6}$' THEN
        RAISE EXCEPTION 'invalid location region'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Location region %s is not a 6-digit GB/T 2260 code.',
                                             pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(location_region, 64))));
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.check_intake_place(text, text, text) IS
  'Internal: format checks of submit()''s point (service point code), agent (resident id of the person acting for the applicant) and location_region (6 digits); 22023 / 22P02, the argument echoed through printable() (point and region, up to 64 characters) or mask_identifier() (agent)';
REVOKE EXECUTE ON FUNCTION service_affair.check_intake_place(text, text, text) FROM PUBLIC;

CREATE FUNCTION service_affair.submit(service text, identifier text, materials text[],
    channel text DEFAULT 'window', commitments text[] DEFAULT '{}',
    at timestamptz DEFAULT pg_catalog.now(), region text DEFAULT NULL,
    point text DEFAULT NULL, agent text DEFAULT NULL, location_region text DEFAULT NULL,
    request_key text DEFAULT NULL)
    RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_applicant bigint;
    v_case bigint;
    r record;
    v_agent bigint;
    v_void text;
BEGIN
    PERFORM service_affair.require_window();  -- 42501 before anything is looked up
    -- the bound on the arrays next, before any copy or other read (22023,
    -- check_case_codes(), as submit() by applicant id asks it first; until
    -- 2026-12-06 the identifier was looked up and the request key's digest
    -- taken over them first; a review)
    v_void := service_affair.check_case_codes(materials, 'material and commitment', commitments)::text;
    IF point IS NOT NULL OR agent IS NOT NULL OR location_region IS NOT NULL THEN  -- one call less in the common case
        PERFORM service_affair.check_intake_place(point, agent, location_region);
    END IF;
    -- 通办 (42_tongban.sql): the clerk acts at the point (42501 before the
    -- applicant's region is used), the competent region and its item, the agent
    IF point IS NOT NULL AND NOT service_affair.may_act_at(point)
       AND EXISTS (SELECT FROM service_affair.service_point p WHERE p.code = submit.point) THEN
        RAISE EXCEPTION 'permission denied for service point %', point
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('Role %s is not a clerk posted at point %s or of its region.',
                                             pg_catalog.quote_ident(service_affair.actor()), point);
    END IF;
    -- a clerk posted to points receives there only: naming no point is no
    -- way around it (until 2026-12-03 its region decided then)
    IF point IS NULL AND pg_catalog.cardinality(service_affair.my_points()) > 0 AND NOT service_affair.may_act_at(NULL) THEN
        RAISE EXCEPTION 'a clerk posted to service points names the point'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('Role %s is posted to %s and receives cases there only; give point.',
                                             pg_catalog.quote_ident(service_affair.actor()),
                                             pg_catalog.array_to_string(service_affair.my_points(), ', '));
    END IF;
    v_applicant := service_affair.applicant_by_identifier(identifier, 'submit');
    -- The competence may read the applicant's registered region, which a
    -- refusal then names (23503 'no competent office in region …'): the
    -- read goes to the server log here, whether the call succeeds or not
    -- (until 2026-12-04 a failed call left no trace of it; a review).  The
    -- row of the access log and a line naming the case follow on success.
    PERFORM service_affair.access_log_line(v_applicant, 'submit', NULL);
    -- a request key (39_case_requests.sql): the call repeated returns the
    -- case of the first and writes nothing, no row of the access log either
    -- (the first call's row names the case; this reach is in the server
    -- log, above, as for every call)
    IF request_key IS NOT NULL THEN
        -- the identifier, not the id: the same on the shard a region moved
        -- to, which may know the applicant under another id (39_case_requests.sql)
        v_case := service_affair.request_claim(request_key,
                      service_affair.request_digest('identifier', service,
                                                    (SELECT COALESCE(a.resident_id::text, a.uscc::text)
                                                       FROM service_affair.applicant a WHERE a.id = v_applicant),
                                                    materials, channel, commitments,
                                                    region, point,
                                                    -- the agent canonical too, valid here
                                                    -- (check_intake_place()): until
                                                    -- 2026-12-06 as typed, and a retry
                                                    -- spelling it otherwise was 23505
                                                    agent::service_affair.resident_id::text,
                                                    location_region));
        IF v_case IS NOT NULL THEN
            RETURN v_case;
        END IF;
    END IF;
    SELECT * INTO r FROM service_affair.resolve_competence(submit.service, v_applicant, submit.point, submit.region,
                                                           submit.location_region);
    -- no window at a free-standing kiosk (contact_point(), 34_network.sql:
    -- nobody works there): a case received there came through the kiosk.
    -- Until 2026-12-07 the channel window was taken there and counted, as
    -- the kiosk's, no visit: a counter's case recorded at a kiosk in a
    -- shopping mall was 跑零次 (a review)
    IF point IS NOT NULL AND channel = 'window' AND service_affair.contact_point(point) IS NULL THEN
        RAISE EXCEPTION 'point % has no window', point
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Point %s is a self-service kiosk with no staffed point around it; a case received there has the channel kiosk, not window.', point),
                  HINT = 'Submit with channel => ''kiosk'', or name the staffed point that received the case.';
    END IF;
    v_case := service_affair.submit(service => r.item, applicant => v_applicant, materials => submit.materials,
                                    channel => submit.channel, commitments => submit.commitments,
                                    at => submit.at, region => CASE WHEN point IS NOT NULL THEN r.receiving_region ELSE submit.region END);
    -- the agent after the case (its rows go with a refusal): every check
    -- of the caller's right to receive it first, the region's
    -- (require_region()) too, so that a clerk learns of an agent only what
    -- a case it may receive tells it.  Until 2026-12-08 the agent came
    -- first: a clerk of any region naming another region (region =>)
    -- told an active agent of it (42501 there) from anyone else (22023; a
    -- second read, detail_privacy.sql)
    IF agent IS NOT NULL THEN
        v_agent := service_affair.agent_for(submit.agent, submit.point, r.receiving_region);
        -- an applicant is not its own agent: its trips are its visits
        -- (until 2026-12-05 an agent applying for itself counted 0 visits
        -- at a window; a review)
        IF EXISTS (SELECT FROM service_affair.applicant a JOIN service_affair.agent g
                       ON g.resident_id OPERATOR(service_affair.=) a.resident_id
                    WHERE a.id = v_applicant AND g.id = v_agent) THEN
            RAISE EXCEPTION 'an applicant is not its own agent'
                USING ERRCODE = 'invalid_parameter_value',
                      -- what the caller gave, not the agent's id (read
                      -- by administrators only; until 2026-12-08 named)
                      DETAIL = pg_catalog.format('The agent''s resident id %s is the applicant''s own; submit without agent.',
                                                 service_affair.mask_identifier(submit.agent));
        END IF;
    END IF;
    IF point IS NOT NULL OR v_agent IS NOT NULL OR r.rule IS NOT NULL THEN
        PERFORM service_affair.record_place(v_case, submit.point, v_agent, r.competent_region, r.rule);
    END IF;
    PERFORM service_affair.log_access(v_applicant, 'submit', v_case);
    IF request_key IS NOT NULL THEN
        PERFORM service_affair.request_done(request_key, v_case);
    END IF;
    RETURN v_case;
END
$$;
COMMENT ON FUNCTION service_affair.submit(text, text, text[], text, text[], timestamptz, text, text, text, text, text) IS
  'Records a case for the applicant presenting this resident id or USCC (as submit() by applicant id; the call is logged in the access log), received at point (a service point the clerk may act at; its region is the case region), brought by agent (the resident id of an agent acting there), for an item resolved to the item implementing its basic code in the competent region (by the item''s competence rule: receiving point, applicant''s region, location_region of the property, company''s region); 22023 a point outside the item''s levels or 通办 scope, 23503 no implementation in the competent region; given a request_key (1 to 200 printable ASCII characters, 22023 otherwise), the caller''s repeated call with the key and the same submission returns the same case and writes nothing, the key with another submission is 23505 (39_case_requests.sql)';
REVOKE EXECUTE ON FUNCTION service_affair.submit(text, text, text[], text, text[], timestamptz, text, text, text, text, text) FROM PUBLIC;

CREATE FUNCTION service_affair.completeness(service text, identifier text, materials text[],
    commitments text[] DEFAULT '{}', at timestamptz DEFAULT pg_catalog.now())
    RETURNS TABLE (material text, name text, status text)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER ROWS 10
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_applicant bigint;
BEGIN
    PERFORM service_affair.require_window();  -- 42501 before anything is looked up
    -- the bound on the arrays before the identifier is looked up and the
    -- look-up logged, as submit() by identifier (until 2026-12-07 a call of
    -- 100 MB of codes was logged as a look-up, then refused; a review)
    PERFORM service_affair.check_case_codes(materials, 'material and commitment', commitments);
    v_applicant := service_affair.applicant_by_identifier(identifier, 'completeness');
    -- logged as soon as the identifier is found: an error of the arguments
    -- after it (an unknown service, an infinite time) told a registered
    -- identifier from an unknown one and left no trace (until 2026-12-04;
    -- a review).  The server log keeps the line, a failed call's row goes
    -- with its statement.
    PERFORM service_affair.log_access(v_applicant, 'completeness');
    RETURN QUERY
        SELECT x.material, x.name, x.status
          FROM service_affair.completeness(service => completeness.service, applicant => v_applicant,
                                           materials => completeness.materials, commitments => completeness.commitments,
                                           at => completeness.at) x;
END
$$;
COMMENT ON FUNCTION service_affair.completeness(text, text, text[], text[], timestamptz) IS
  'Completeness (as completeness() by applicant id) for the applicant presenting this resident id or USCC; no side effect but an access-log entry';
REVOKE EXECUTE ON FUNCTION service_affair.completeness(text, text, text[], text[], timestamptz) FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- The applicant of a case, for those who work on it: the clerks of the
-- region where it was submitted, the reviewers of a department with a task
-- of it, administrators.  Every call is logged.
CREATE FUNCTION service_affair.require_case_worker(case_id bigint, clerks boolean) RETURNS bigint
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c record;
BEGIN
    SELECT x.id, x.applicant, x.region,
           CASE WHEN x.receiving_point IS NOT NULL OR x.competence_rule IS NOT NULL THEN x.competent_region END AS competent_region,
           x.settled, x.receiving_point, x.status, x.delivered_at
      INTO c FROM service_affair.cases x WHERE x.id = require_case_worker.case_id AND NOT x.settled;
    IF NOT FOUND THEN  -- a settled case (40_cases.sql: open ones first)
        SELECT x.id, x.applicant, x.region,
               CASE WHEN x.receiving_point IS NOT NULL OR x.competence_rule IS NOT NULL THEN x.competent_region END AS competent_region,
               x.settled, x.receiving_point, x.status, x.delivered_at
          INTO c FROM service_affair.settled_case(require_case_worker.case_id) x;  -- its month only (63_settle.sql)
    END IF;
    IF c.id IS NULL THEN  -- a NULL id is a bad argument for every role, before the right
        PERFORM service_affair.refuse_null_id('case id', case_id);  -- 22023 (06_arguments.sql)
    END IF;
    IF service_affair.may_act(NULL, NULL) THEN  -- administrators
        IF c.id IS NULL THEN
            RAISE EXCEPTION 'unknown case'
                USING ERRCODE = 'foreign_key_violation',
                      DETAIL = pg_catalog.format('No case has id %s.', COALESCE(case_id::text, 'NULL'));
        END IF;
        RETURN c.applicant;
    END IF;
    IF c.id IS NOT NULL
       AND clerks AND (c.region OPERATOR(pg_catalog.=) ANY (service_affair.my_regions('clerk'))
                       -- 通办: the clerks of the competent region too (42_tongban.sql, cases_clerk_tongban)
                       OR c.competent_region OPERATOR(pg_catalog.=) ANY (service_affair.my_regions('clerk'))) THEN
        RETURN c.applicant;
    END IF;
    -- 通办: the staff of the case's receiving point (may_act_at(), the point
    -- decision of src/core/access.c: a clerk posted there) stand at the
    -- window with the applicant: they verify the identity of whoever comes
    -- to supplement or to collect, forward the originals and hand over the
    -- result there.  They read the applicant while the point still has that
    -- business: until the result is delivered, the case withdrawn or revoked
    -- (a settled case is delivered or ended).  The policy cases_clerk_tongban
    -- (42_tongban.sql) shows them the case; until 2026-12-05 a clerk posted
    -- there but of neither the receiving nor the competent region saw the
    -- case and was refused its applicant (a review; tongban_point_clerk.sql).
    -- The rule is point_clerk_serves() (34_network.sql, acc_point_business()
    -- of src/core/access.c), the same that admits the point's clerk to the
    -- steps at its window (require_case_step(), 42_tongban.sql).
    IF c.id IS NOT NULL AND clerks
       AND service_affair.point_clerk_serves(c.receiving_point, c.settled, c.delivered_at, c.status) THEN
        RETURN c.applicant;
    END IF;
    -- the tasks where the case lies, each in a statement of its own (one
    -- plan reading both would lock the history on every call)
    IF NOT c.settled THEN
        IF EXISTS (SELECT FROM service_affair.task t
                    WHERE t.case_id OPERATOR(pg_catalog.=) c.id AND NOT t.settled
                      AND service_affair.may_act('reviewer', t.department)) THEN
            RETURN c.applicant;
        END IF;
    ELSIF c.settled THEN
        IF EXISTS (SELECT FROM service_affair.settled_case_tasks(c.id) t  -- its month only (63_settle.sql)
                    WHERE service_affair.may_act('reviewer', t.department)) THEN
            RETURN c.applicant;
        END IF;
    END IF;
    -- unknown and foreign cases alike: nothing is revealed
    RAISE EXCEPTION 'permission denied for case %', COALESCE(case_id::text, 'NULL')
        USING ERRCODE = 'insufficient_privilege',
              DETAIL = pg_catalog.format('Role %s works on no case %s (%s).',
                                         pg_catalog.quote_ident(service_affair.actor()), COALESCE(case_id::text, 'NULL'),
                                         CASE WHEN clerks THEN 'clerks of its region, clerks of its receiving point until its result is delivered, and reviewers of its tasks do'
                                              ELSE 'reviewers of its tasks do' END);
END
$$;
COMMENT ON FUNCTION service_affair.require_case_worker(bigint, boolean) IS
  'Internal: the applicant id of a case the caller works on (an administrator; a reviewer of a department with a task of it; with clerks, a clerk of its region or of its competent region, and a clerk of its receiving point (may_act_at()) until its result is delivered, the case withdrawn or revoked); 42501 otherwise, unknown cases included';
REVOKE EXECUTE ON FUNCTION service_affair.require_case_worker(bigint, boolean) FROM PUBLIC;

CREATE FUNCTION service_affair.case_applicant(case_id bigint)
    RETURNS TABLE (applicant bigint, kind text, resident_id service_affair.resident_id, uscc service_affair.uscc,
                   name text, credit_ok boolean)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER ROWS 1
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_applicant bigint := service_affair.require_case_worker(case_applicant.case_id, true);
BEGIN
    RETURN QUERY
        SELECT a.id, a.kind, a.resident_id, a.uscc, a.name, a.credit_ok
          FROM service_affair.applicant a WHERE a.id OPERATOR(pg_catalog.=) v_applicant;
    PERFORM service_affair.log_access(v_applicant, 'case_applicant', case_applicant.case_id);
END
$$;
COMMENT ON FUNCTION service_affair.case_applicant(bigint) IS
  'The applicant of a case in clear, for its region''s clerks (receiving and competent), the clerks of its receiving point until its result is delivered, the reviewers of its tasks and administrators (42501 otherwise); logged in the access log';
REVOKE EXECUTE ON FUNCTION service_affair.case_applicant(bigint) FROM PUBLIC;

CREATE FUNCTION service_affair.case_evidence(case_id bigint)
    RETURNS TABLE (evidence_type text, reference text, valid_until date)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER ROWS 5
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_applicant bigint := service_affair.require_case_worker(case_evidence.case_id, false);
BEGIN
    RETURN QUERY
        SELECT e.evidence_type, e.reference, e.valid_until
          FROM service_affair.evidence e WHERE e.applicant OPERATOR(pg_catalog.=) v_applicant
         ORDER BY e.evidence_type;
    PERFORM service_affair.log_access(v_applicant, 'case_evidence', case_evidence.case_id);
END
$$;
COMMENT ON FUNCTION service_affair.case_evidence(bigint) IS
  'The shared evidence on file for the applicant of a case, for the reviewers of its tasks and administrators (42501 otherwise); logged in the access log';
REVOKE EXECUTE ON FUNCTION service_affair.case_evidence(bigint) FROM PUBLIC;

INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    ('admin', 'EXECUTE', 'service_affair.submit(text,text,text[],text,text[],timestamptz,text,text,text,text,text)'),
    ('admin', 'EXECUTE', 'service_affair.completeness(text,text,text[],text[],timestamptz)'),
    ('admin', 'EXECUTE', 'service_affair.case_applicant(bigint)'),
    ('admin', 'EXECUTE', 'service_affair.case_evidence(bigint)'),
    ('clerk', 'EXECUTE', 'service_affair.submit(text,text,text[],text,text[],timestamptz,text,text,text,text,text)'),
    ('clerk', 'EXECUTE', 'service_affair.completeness(text,text,text[],text[],timestamptz)'),
    ('clerk', 'EXECUTE', 'service_affair.case_applicant(bigint)'),
    ('reviewer', 'EXECUTE', 'service_affair.case_applicant(bigint)'),
    ('reviewer', 'EXECUTE', 'service_affair.case_evidence(bigint)');
