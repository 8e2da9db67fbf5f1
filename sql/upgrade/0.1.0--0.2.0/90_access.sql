-- 90_access: personal data is reachable only through a reason.
-- Clerks and reviewers lose direct SELECT on applicant and evidence (their
-- visibility followed cases, which a clerk can create at will) and the
-- applicant-id forms of submit() and completeness() (administrators only);
-- the membership and staff checks go through the one decision, may_act().

-- policies that name the functions changed below, or that are removed
DROP POLICY applicant_visible ON service_affair.applicant;
DROP POLICY evidence_visible ON service_affair.evidence;
DROP POLICY cases_admin ON service_affair.cases;
DROP POLICY cases_clerk ON service_affair.cases;
DROP POLICY applicant_admin ON service_affair.applicant;
DROP POLICY evidence_admin ON service_affair.evidence;

DROP FUNCTION service_affair.acts_as(text);
CREATE FUNCTION service_affair.acts_as(role text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'sa_acts_as'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.acts_as(text) IS
  'Whether the calling role (actor()) is a superuser or holds the privileges of service_affair_<role> (a member through INHERIT grants, as privilege checks count: a NOINHERIT login granted the group acts as it only after SET ROLE); a superuser acts as every role, even before create_roles() made them, everybody else as none';

DROP FUNCTION service_affair.my_departments(text);
CREATE FUNCTION service_affair.my_departments(role text) RETURNS text[]
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
RETURN service_affair.acting_departments(role);
COMMENT ON FUNCTION service_affair.my_departments(text) IS
  'Departments the calling role works for (its staff rows), or an empty array when it does not act as service_affair_<role>';

DROP FUNCTION service_affair.my_regions(text);
CREATE FUNCTION service_affair.my_regions(role text) RETURNS text[]
    LANGUAGE plpgsql STABLE STRICT SECURITY DEFINER PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN (SELECT COALESCE(pg_catalog.array_agg(DISTINCT d.region ORDER BY d.region), '{}')
              FROM service_affair.department d
             WHERE d.code = ANY (service_affair.acting_departments(role)) AND d.region IS NOT NULL);
END
$$;
COMMENT ON FUNCTION service_affair.my_regions(text) IS
  'Regions (GB/T 2260) of the departments the calling role works for, or an empty array when it does not act as service_affair_<role>';

DROP FUNCTION service_affair.require_department(text[], text);
CREATE FUNCTION service_affair.require_department(departments text[], role text) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_list text;
    v_or   text;
BEGIN
    IF departments IS NULL
       OR NOT EXISTS (SELECT FROM pg_catalog.unnest(departments) d WHERE service_affair.may_act(role, d)) THEN
        -- the departments cut to 64 characters: a joint plan names up to
        -- 4,096 codes of up to 64 characters, half a megabyte in full
        v_list := pg_catalog.array_to_string(departments, ', ');
        v_or := pg_catalog.array_to_string(departments, ' or ');
        IF pg_catalog.length(v_list) > 64 THEN
            v_list := pg_catalog.left(v_list, 64) OPERATOR(pg_catalog.||) '…';
        END IF;
        IF pg_catalog.length(v_or) > 64 THEN
            v_or := pg_catalog.left(v_or, 64) OPERATOR(pg_catalog.||) pg_catalog.format('… (%s departments)', pg_catalog.cardinality(departments));
        END IF;
        -- the departments, the role and the actor as an error echoes them
        -- (printable(); until 2026-12-07 as typed, control characters
        -- included: a second read)
        RAISE EXCEPTION 'permission denied for department %', COALESCE(service_affair.printable(v_list), 'NULL')
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('Role %s is not %s %s of department %s.',
                                             service_affair.printable(pg_catalog.quote_ident(service_affair.actor())),
                                             CASE WHEN role ~ '^[aeiou]' THEN 'an' ELSE 'a' END, service_affair.printable(pg_catalog.left(role, 64)),
                                             COALESCE(service_affair.printable(v_or), 'NULL'));
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.require_department(text[], text) IS
  'Internal: raises 42501 unless may_act(role, d) for one of the departments (an administrator, or a member of service_affair_<role> working for it); the message names the departments cut to 64 characters';
REVOKE EXECUTE ON FUNCTION service_affair.require_department(text[], text) FROM PUBLIC;

-- made beside 0.1.0's (text,text,text,boolean), which is dropped below
-- (its grants written down by 00_header.sql, carried by
-- 96_function_grants.sql)
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
-- The grants of 0.1.0's signature go to the new one (0.1.0's call form,
-- four arguments, is the new function's with its note defaulted and is
-- meant to keep working): 96_function_grants.sql, the one home of the
-- grants of every function the update drops and makes again (until
-- 2026-12-07 the DROP took a DBA's GRANT EXECUTE ... TO app_role with it,
-- and app_role was refused after the update; a review;
-- test/scripts/credit_upgrade.sh).
DROP FUNCTION service_affair.register_applicant(text, text, text, boolean);
-- note (2026-12-07, the ground of a flag false): the grant matrix names the
-- new signature (create_roles() grants it after the update; the old one
-- went with DROP, its grants carried over by 96_function_grants.sql)
UPDATE service_affair.role_grant SET object = 'service_affair.register_applicant(text,text,text,boolean,text)'
 WHERE object = 'service_affair.register_applicant(text,text,text,boolean)';

CREATE POLICY cases_admin ON service_affair.cases FOR SELECT
    USING ((SELECT service_affair.acts_as('admin')));
COMMENT ON POLICY cases_admin ON service_affair.cases IS 'Administrators see every case';
CREATE POLICY cases_clerk ON service_affair.cases FOR SELECT
    USING (region = ANY ((SELECT service_affair.my_regions('clerk'))::text[]));
COMMENT ON POLICY cases_clerk ON service_affair.cases IS
  'Clerks see the cases submitted in the regions of the departments they work for';

CREATE POLICY applicant_admin ON service_affair.applicant FOR ALL
    USING ((SELECT service_affair.acts_as('admin'))) WITH CHECK ((SELECT service_affair.acts_as('admin')));
COMMENT ON POLICY applicant_admin ON service_affair.applicant IS 'Administrators see and maintain every applicant';
CREATE POLICY evidence_admin ON service_affair.evidence FOR ALL
    USING ((SELECT service_affair.acts_as('admin'))) WITH CHECK ((SELECT service_affair.acts_as('admin')));
COMMENT ON POLICY evidence_admin ON service_affair.evidence IS 'Administrators see and maintain all shared evidence';

-- create_roles() grants the rows of role_grant with columns (SELECT on
-- those columns only: the analysts' of task, 50_routing_flow.sql)
DROP FUNCTION service_affair.create_roles();
CREATE FUNCTION service_affair.create_roles() RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    r    text;
    g    record;
BEGIN
    FOREACH r IN ARRAY ARRAY['admin','clerk','reviewer','inspector','analyst','public'] LOOP
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'service_affair_' || r) THEN
            EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN', 'service_affair_' || r);
        END IF;
        EXECUTE pg_catalog.format('GRANT USAGE ON SCHEMA service_affair TO %I', 'service_affair_' || r);
    END LOOP;

    FOR g IN SELECT * FROM service_affair.role_grant ORDER BY role, object, privilege LOOP
        IF g.privilege = 'EXECUTE' THEN
            EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION %s TO %I',
                                      g.object::pg_catalog.regprocedure, 'service_affair_' || g.role);
        ELSIF g.columns IS NULL THEN
            EXECUTE pg_catalog.format('GRANT %s ON TABLE %s TO %I', g.privilege,
                                      g.object::pg_catalog.regclass, 'service_affair_' || g.role);
        ELSE
            -- those columns only (only grants, as every row: what a role
            -- held before on the whole table, the update takes back itself)
            EXECUTE pg_catalog.format('GRANT %s (%s) ON TABLE %s TO %I', g.privilege,
                                      (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(c), ', ' ORDER BY o)
                                         FROM pg_catalog.unnest(g.columns) WITH ORDINALITY u(c, o)),
                                      g.object::pg_catalog.regclass, 'service_affair_' || g.role);
        END IF;
    END LOOP;
END
$$;
COMMENT ON FUNCTION service_affair.create_roles() IS
  'Create the NOLOGIN group roles service_affair_{admin,clerk,reviewer,inspector,analyst,public} if missing and apply the grant matrix (a row with columns: SELECT on those columns only); only grants; idempotent';
REVOKE EXECUTE ON FUNCTION service_affair.create_roles() FROM PUBLIC;

-- the grant matrix: clerks and reviewers no longer read applicants and
-- evidence directly, and only administrators name an applicant by id
DELETE FROM service_affair.role_grant
 WHERE (role IN ('clerk', 'reviewer') AND privilege = 'SELECT'
        AND object IN ('service_affair.applicant', 'service_affair.evidence'))
    OR (role = 'clerk' AND privilege = 'EXECUTE'
        AND object IN ('service_affair.completeness(text,bigint,text[],text[],timestamptz)',
                       'service_affair.submit(text,bigint,text[],text,text[],timestamptz,text,text)'));
-- create_roles() only grants: take back what 0.1.0 granted (the group roles
-- are cluster-wide and exist when create_roles() ran before the update)
-- Each REVOKE records the tables' whole ACL as their initial privileges;
-- own_initial_privileges() (98_init_privs.sql) takes the group roles' out
-- again but keeps PUBLIC's, so a grant to PUBLIC made by hand would become
-- initial, and pg_dump would leave it out: PUBLIC's entries stay as 0.1.0
-- recorded them.
DO $$
DECLARE
    before pg_catalog.pg_init_privs[];
BEGIN
    SELECT pg_catalog.array_agg(ip) INTO before FROM pg_catalog.pg_init_privs ip
     WHERE ip.classoid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass AND ip.privtype OPERATOR(pg_catalog.=) 'e'
       AND ip.objoid OPERATOR(pg_catalog.=) ANY ('{service_affair.applicant,service_affair.evidence,service_affair.task}'::pg_catalog.regclass[]);
    IF EXISTS (SELECT FROM pg_catalog.pg_roles r WHERE r.rolname OPERATOR(pg_catalog.=) 'service_affair_clerk') THEN
        REVOKE SELECT ON service_affair.applicant, service_affair.evidence FROM service_affair_clerk;
        REVOKE EXECUTE ON FUNCTION service_affair.completeness(text, bigint, text[], text[], timestamptz),
                                   service_affair.submit(text, bigint, text[], text, text[], timestamptz, text, text)
          FROM service_affair_clerk;
    END IF;
    IF EXISTS (SELECT FROM pg_catalog.pg_roles r WHERE r.rolname OPERATOR(pg_catalog.=) 'service_affair_reviewer') THEN
        REVOKE SELECT ON service_affair.applicant, service_affair.evidence FROM service_affair_reviewer;
    END IF;
    -- analysts read some columns of task only (50_routing_flow.sql):
    -- create_roles() grants them after the update
    IF EXISTS (SELECT FROM pg_catalog.pg_roles r WHERE r.rolname OPERATOR(pg_catalog.=) 'service_affair_analyst') THEN
        REVOKE SELECT ON service_affair.task FROM service_affair_analyst;
    END IF;
    -- a PUBLIC entry 0.1.0 did not record as initial is the DBA's
    UPDATE pg_catalog.pg_init_privs ip
       SET initprivs = ARRAY(SELECT u.i FROM pg_catalog.unnest(ip.initprivs) WITH ORDINALITY u(i, o)
                              WHERE NOT EXISTS (SELECT FROM pg_catalog.aclexplode(ARRAY[u.i]) x WHERE x.grantee OPERATOR(pg_catalog.=) 0)
                                 OR u.i OPERATOR(pg_catalog.=) ANY (SELECT b.i FROM pg_catalog.unnest(before) p, pg_catalog.unnest(p.initprivs) b(i)
                                                                    WHERE p.objoid OPERATOR(pg_catalog.=) ip.objoid
                                                                      AND p.objsubid OPERATOR(pg_catalog.=) ip.objsubid)
                              ORDER BY u.o)
     WHERE ip.classoid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass AND ip.privtype OPERATOR(pg_catalog.=) 'e'
       AND ip.objoid OPERATOR(pg_catalog.=) ANY ('{service_affair.applicant,service_affair.evidence,service_affair.task}'::pg_catalog.regclass[]);
END
$$;
