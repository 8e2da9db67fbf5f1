-- Access model.  Roles are cluster-wide objects, so the install script does
-- not create them: a DBA calls service_affair.create_roles() once per cluster
-- (and again after an upgrade, which is harmless: it is idempotent).
--
-- The grant matrix is data, so that an upgrade script adds the rows of the
-- objects it adds and create_roles() stays the same.  Application roles get
-- EXECUTE on API functions and SELECT on views; nobody but the admin role
-- writes tables directly, and nobody at all can UPDATE or DELETE append-only
-- tables (the history and the inspection log).

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
        ELSE
            EXECUTE pg_catalog.format('GRANT %s ON TABLE %s TO %I', g.privilege,
                                      g.object::pg_catalog.regclass, 'service_affair_' || g.role);
        END IF;
    END LOOP;
END
$$;
COMMENT ON FUNCTION service_affair.create_roles() IS
  'Create the NOLOGIN group roles service_affair_{admin,clerk,reviewer,inspector,analyst,public} if missing and apply the grant matrix; idempotent';
REVOKE EXECUTE ON FUNCTION service_affair.create_roles() FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- Public reference data and functions that must not be public.
--
-- The working-day functions run with the caller's privileges (they carry no
-- SET clause, see 20_calendar.sql) and read the calendar tables: calendars
-- are published State Council notices, so everybody may read them.
GRANT SELECT ON service_affair.calendar, service_affair.calendar_day TO PUBLIC;
-- verify_log() re-hashes the inspection log, which holds unpublished
-- results; only the roles that may read the log run it.
REVOKE EXECUTE ON FUNCTION service_affair.verify_log(text) FROM PUBLIC;
-- The task policy of 50_routing.sql calls these as the querying role; they
-- answer only about the caller itself.
GRANT EXECUTE ON FUNCTION service_affair.sees_all_tasks(), service_affair.staff_departments() TO PUBLIC;

-- ---------------------------------------------------------------------------
-- Who the caller is.  actor() is the calling role even inside SECURITY
-- DEFINER functions; these helpers answer "is the caller acting as <role>"
-- and "for which departments and regions".  A superuser acts as every role.

CREATE FUNCTION service_affair.acts_as(role text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'sa_acts_as'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.acts_as(text) IS
  'Whether the calling role (actor()) is a superuser or a member of service_affair_<role>; a superuser acts as every role, even before create_roles() made them, everybody else as none';

CREATE FUNCTION service_affair.my_departments(role text) RETURNS text[]
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
RETURN service_affair.acting_departments(role);
COMMENT ON FUNCTION service_affair.my_departments(text) IS
  'Departments the calling role works for (its staff rows), or an empty array when it does not act as service_affair_<role>';

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

-- The checks the writing API functions make (42501 when they fail).  An
-- administrator (or a superuser) passes every check.
CREATE FUNCTION service_affair.require_region(region text) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF service_affair.acts_as('admin') THEN
        RETURN;
    END IF;
    IF region IS NULL OR NOT region OPERATOR(pg_catalog.=) ANY (service_affair.my_regions('clerk')) THEN
        RAISE EXCEPTION 'permission denied for region %', COALESCE(region, 'NULL')
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('Role %s is not a clerk of a department in region %s.',
                                             pg_catalog.quote_ident(service_affair.actor()),
                                             COALESCE(pg_catalog.quote_literal(region), 'NULL'));
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.require_region(text) IS
  'Internal: raises 42501 unless the caller is an administrator or a clerk (service_affair_clerk) working for a department of the region';

CREATE FUNCTION service_affair.require_department(departments text[], role text) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF departments IS NULL
       OR NOT EXISTS (SELECT FROM pg_catalog.unnest(departments) d WHERE service_affair.may_act(role, d)) THEN
        RAISE EXCEPTION 'permission denied for department %', COALESCE(pg_catalog.array_to_string(departments, ', '), 'NULL')
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('Role %s is not a %s of department %s.',
                                             pg_catalog.quote_ident(service_affair.actor()), role,
                                             COALESCE(pg_catalog.array_to_string(departments, ' or '), 'NULL'));
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.require_department(text[], text) IS
  'Internal: raises 42501 unless may_act(role, d) for one of the departments (an administrator, or a member of service_affair_<role> working for it)';
CREATE FUNCTION service_affair.require_case(case_id bigint) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_region text;
BEGIN
    IF service_affair.acts_as('admin') THEN
        RETURN;
    END IF;
    SELECT c.region INTO v_region FROM service_affair.cases c WHERE c.id = require_case.case_id;
    IF v_region OPERATOR(pg_catalog.=) ANY (service_affair.my_regions('clerk')) THEN
        RETURN;
    END IF;
    RAISE EXCEPTION 'permission denied for case %', COALESCE(case_id::text, 'NULL')
        USING ERRCODE = 'insufficient_privilege',
              DETAIL = pg_catalog.format('Role %s is not a clerk of region %s, where case %s was submitted.',
                                         pg_catalog.quote_ident(service_affair.actor()),
                                         COALESCE(pg_catalog.quote_literal(v_region), 'NULL'), COALESCE(case_id::text, 'NULL'));
END
$$;
COMMENT ON FUNCTION service_affair.require_case(bigint) IS
  'Internal: raises 42501 unless the caller is an administrator or a clerk of the region where the case was submitted';
CREATE FUNCTION service_affair.require_admin() RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT service_affair.acts_as('admin') THEN
        RAISE EXCEPTION 'permission denied: administrators only'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('Role %s is not a member of service_affair_admin.',
                                             pg_catalog.quote_ident(service_affair.actor()));
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.require_admin() IS
  'Internal: raises 42501 unless the caller is a superuser or a member of service_affair_admin';

-- Every write of the inspection records goes through insp_log_plan(): a
-- result needs an inspector of one of the plan's departments, a plan, a draw
-- and a publication an administrator.
CREATE FUNCTION service_affair.require_log_writer(plan_id bigint, kind text) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF kind = 'result' THEN
        PERFORM service_affair.require_department(
            (SELECT p.departments FROM service_affair.plan p WHERE p.id = require_log_writer.plan_id), 'inspector');
    ELSE
        PERFORM service_affair.require_admin();
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.require_log_writer(bigint, text) IS
  'Internal: raises 42501 unless the caller may write this kind of inspection record for the plan (result: an inspector of its departments; plan, draw, publication: an administrator)';
REVOKE EXECUTE ON FUNCTION service_affair.require_region(text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION service_affair.require_admin() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION service_affair.require_log_writer(bigint, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION service_affair.require_case(bigint) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION service_affair.require_department(text[], text) FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- Personal data seen by analysts: names of persons keep their first
-- character, resident ids keep region and the last four characters;
-- organisations (uscc, registered name) are public records and stay visible.

CREATE FUNCTION service_affair.mask_name(name text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
RETURN pg_catalog.left(name, 1) OPERATOR(pg_catalog.||)
       pg_catalog.repeat('*', GREATEST(pg_catalog.char_length(name) OPERATOR(pg_catalog.-) 1, 1));
COMMENT ON FUNCTION service_affair.mask_name(text) IS
  'A person''s name with every character after the first replaced by * (张三丰 → 张**; at least one *)';

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
    credit_ok boolean DEFAULT true)
    RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_id bigint;
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
                  DETAIL = pg_catalog.format('Kind %s is not one of person, org.', COALESCE(pg_catalog.quote_literal(pg_catalog.left(kind, 64)), 'NULL'));
    END IF;
    IF name IS NULL OR name = '' OR identifier IS NULL OR credit_ok IS NULL THEN
        RAISE EXCEPTION 'applicant identifier, name and credit flag are required'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'An applicant needs an identifier, a non-empty name and a credit flag.';
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
        IF NOT FOUND THEN
            INSERT INTO service_affair.applicant AS a (kind, resident_id, name, credit_ok)
            VALUES ('person', identifier::service_affair.resident_id, name, credit_ok)
            ON CONFLICT (resident_id) DO NOTHING
            RETURNING a.id INTO v_id;
        END IF;
    ELSE
        SELECT a.id INTO v_id FROM service_affair.applicant a
         WHERE a.uscc OPERATOR(service_affair.=) identifier::service_affair.uscc;
        IF NOT FOUND THEN
            INSERT INTO service_affair.applicant AS a (kind, uscc, name, credit_ok)
            VALUES ('org', identifier::service_affair.uscc, name, credit_ok)
            ON CONFLICT (uscc) DO NOTHING
            RETURNING a.id INTO v_id;
        END IF;
    END IF;
    IF v_id IS NULL THEN
        -- registered concurrently by another session
        SELECT a.id INTO STRICT v_id FROM service_affair.applicant a
         WHERE a.resident_id OPERATOR(service_affair.=) CASE WHEN kind = 'person' THEN identifier::service_affair.resident_id END
            OR a.uscc OPERATOR(service_affair.=) CASE WHEN kind = 'org' THEN identifier::service_affair.uscc END;
    END IF;
    PERFORM service_affair.log_access(v_id, 'register_applicant');
    RETURN v_id;
END
$$;
COMMENT ON FUNCTION service_affair.register_applicant(text, text, text, boolean) IS
  'Returns the id of the applicant with this resident id (kind person) or uscc (kind org), registering it first when new; an existing applicant is returned unchanged; clerks and administrators; logged in the access log';
REVOKE EXECUTE ON FUNCTION service_affair.register_applicant(text, text, text, boolean) FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- Row-level security.  The API functions are SECURITY DEFINER and owned by
-- the extension owner, so they see every row; these policies scope what
-- group roles read directly.  Policies name no group role (roles are created
-- after the install script by create_roles()); each asks acts_as() and the
-- staff table instead.  (SELECT f()) makes the planner evaluate the caller's
-- role and departments once per query, not once per row.
ALTER TABLE service_affair.cases ENABLE ROW LEVEL SECURITY;
ALTER TABLE service_affair.case_material ENABLE ROW LEVEL SECURITY;
ALTER TABLE service_affair.case_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE service_affair.applicant ENABLE ROW LEVEL SECURITY;
ALTER TABLE service_affair.evidence ENABLE ROW LEVEL SECURITY;

CREATE POLICY cases_admin ON service_affair.cases FOR SELECT
    USING ((SELECT service_affair.acts_as('admin')));
COMMENT ON POLICY cases_admin ON service_affair.cases IS 'Administrators see every case';
CREATE POLICY cases_clerk ON service_affair.cases FOR SELECT
    USING (region = ANY ((SELECT service_affair.my_regions('clerk'))::text[]));
COMMENT ON POLICY cases_clerk ON service_affair.cases IS
  'Clerks see the cases submitted in the regions of the departments they work for';

-- Reviewers see the cases with a task of their departments.  The policy
-- asks a SECURITY DEFINER function: a subquery on task would need SELECT on
-- task from every role that reads cases (clerks do not have it).
CREATE FUNCTION service_affair.my_task_cases() RETURNS bigint[]
    LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    deps text[] := service_affair.my_departments('reviewer');
BEGIN
    IF pg_catalog.cardinality(deps) = 0 THEN
        RETURN '{}';
    END IF;
    RETURN (SELECT COALESCE(pg_catalog.array_agg(DISTINCT t.case_id), '{}')
              FROM service_affair.task t WHERE t.department = ANY (deps));
END
$$;
COMMENT ON FUNCTION service_affair.my_task_cases() IS
  'Ids of the cases having a task of a department the calling role works for as a reviewer (empty for other roles)';

CREATE POLICY cases_reviewer ON service_affair.cases FOR SELECT
    USING (id IN (SELECT pg_catalog.unnest(service_affair.my_task_cases())));
COMMENT ON POLICY cases_reviewer ON service_affair.cases IS
  'Reviewers see the cases that have a task of a department they work for';

CREATE POLICY case_material_visible ON service_affair.case_material FOR SELECT
    USING (EXISTS (SELECT 1 FROM service_affair.cases c WHERE c.id = case_material.case_id));
COMMENT ON POLICY case_material_visible ON service_affair.case_material IS 'Materials of the cases the caller sees';
CREATE POLICY case_event_visible ON service_affair.case_event FOR SELECT
    USING (EXISTS (SELECT 1 FROM service_affair.cases c WHERE c.id = case_event.case_id));
COMMENT ON POLICY case_event_visible ON service_affair.case_event IS 'History of the cases the caller sees';

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
-- The grant matrix of the objects of 05-49 and 70-79 (routing, ratings and
-- the analyst views add their own rows).  doc/access.md shows it as a table.
INSERT INTO service_affair.role_grant (role, privilege, object)
SELECT 'admin', p, o
  FROM pg_catalog.unnest(ARRAY['SELECT','INSERT','UPDATE','DELETE']) p,
       pg_catalog.unnest(ARRAY['service_affair.calendar', 'service_affair.calendar_day',
                    'service_affair.item', 'service_affair.material', 'service_affair.bundle', 'service_affair.bundle_item',
                    'service_affair.applicant', 'service_affair.evidence',
                    'service_affair.target', 'service_affair.inspector', 'service_affair.recusal']) o
ON CONFLICT DO NOTHING;
INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    -- records written only through the API: administrators read them
    ('admin', 'SELECT', 'service_affair.cases'),
    ('admin', 'SELECT', 'service_affair.case_material'),
    ('admin', 'SELECT', 'service_affair.case_event'),
    ('admin', 'SELECT', 'service_affair.ledger'),
    ('admin', 'SELECT', 'service_affair.inspection_log'),
    ('admin', 'SELECT', 'service_affair.plan'),
    ('admin', 'SELECT', 'service_affair.draw'),
    ('admin', 'SELECT', 'service_affair.inspection_result'),
    ('admin', 'SELECT', 'service_affair.result_publication'),
    ('admin', 'SELECT', 'service_affair.draw_selection'),
    ('admin', 'SELECT', 'service_affair.public_results'),
    ('admin', 'SELECT', 'service_affair.applicant_masked'),
    ('admin', 'EXECUTE', 'service_affair.completeness(text,bigint,text[],text[],timestamptz)'),
    ('admin', 'EXECUTE', 'service_affair.submit(text,bigint,text[],text,text[],timestamptz,text)'),
    ('admin', 'EXECUTE', 'service_affair.notice(bigint)'),
    ('admin', 'EXECUTE', 'service_affair.supplement(bigint,text[],timestamptz,text)'),
    ('admin', 'EXECUTE', 'service_affair.withdraw(bigint,timestamptz)'),
    ('admin', 'EXECUTE', 'service_affair.record_visit(bigint,timestamptz,text)'),
    ('admin', 'EXECUTE', 'service_affair.deliver(bigint,text,timestamptz)'),
    ('admin', 'EXECUTE', 'service_affair.register_applicant(text,text,text,boolean)'),
    ('admin', 'EXECUTE', 'service_affair.create_ledger(text,text)'),
    ('admin', 'EXECUTE', 'service_affair.create_plan(text,text[],numeric[],bytea,integer,text[],text[])'),
    ('admin', 'EXECUTE', 'service_affair.draw(bigint,bytea)'),
    ('admin', 'EXECUTE', 'service_affair.record_result(bigint,bigint,text,text,timestamptz)'),
    ('admin', 'EXECUTE', 'service_affair.publish_results(bigint,timestamptz)'),
    ('admin', 'EXECUTE', 'service_affair.verify_log(text)'),
    -- window clerks: the published guide, their region's cases, the case API
    ('clerk', 'SELECT', 'service_affair.department'),
    ('clerk', 'SELECT', 'service_affair.item'),
    ('clerk', 'SELECT', 'service_affair.material'),
    ('clerk', 'SELECT', 'service_affair.bundle'),
    ('clerk', 'SELECT', 'service_affair.bundle_item'),
    ('clerk', 'SELECT', 'service_affair.cases'),
    ('clerk', 'SELECT', 'service_affair.case_material'),
    ('clerk', 'SELECT', 'service_affair.case_event'),
    ('clerk', 'EXECUTE', 'service_affair.notice(bigint)'),
    ('clerk', 'EXECUTE', 'service_affair.supplement(bigint,text[],timestamptz,text)'),
    ('clerk', 'EXECUTE', 'service_affair.withdraw(bigint,timestamptz)'),
    ('clerk', 'EXECUTE', 'service_affair.record_visit(bigint,timestamptz,text)'),
    ('clerk', 'EXECUTE', 'service_affair.deliver(bigint,text,timestamptz)'),
    ('clerk', 'EXECUTE', 'service_affair.register_applicant(text,text,text,boolean)'),
    -- back-office reviewers: the guide and the cases of their departments' tasks
    ('reviewer', 'SELECT', 'service_affair.department'),
    ('reviewer', 'SELECT', 'service_affair.item'),
    ('reviewer', 'SELECT', 'service_affair.material'),
    ('reviewer', 'SELECT', 'service_affair.bundle'),
    ('reviewer', 'SELECT', 'service_affair.bundle_item'),
    ('reviewer', 'SELECT', 'service_affair.cases'),
    ('reviewer', 'SELECT', 'service_affair.case_material'),
    ('reviewer', 'SELECT', 'service_affair.case_event'),
    -- inspectors: directories, plans, draws, their log; record results
    ('inspector', 'SELECT', 'service_affair.department'),
    ('inspector', 'SELECT', 'service_affair.target'),
    ('inspector', 'SELECT', 'service_affair.inspector'),
    ('inspector', 'SELECT', 'service_affair.recusal'),
    ('inspector', 'SELECT', 'service_affair.ledger'),
    ('inspector', 'SELECT', 'service_affair.inspection_log'),
    ('inspector', 'SELECT', 'service_affair.plan'),
    ('inspector', 'SELECT', 'service_affair.draw'),
    ('inspector', 'SELECT', 'service_affair.inspection_result'),
    ('inspector', 'SELECT', 'service_affair.result_publication'),
    ('inspector', 'SELECT', 'service_affair.draw_selection'),
    ('inspector', 'SELECT', 'service_affair.public_results'),
    ('inspector', 'EXECUTE', 'service_affair.record_result(bigint,bigint,text,text,timestamptz)'),
    ('inspector', 'EXECUTE', 'service_affair.verify_log(text)'),
    -- analysts: the guide, masked applicants, published results (+ the analyst views, 65)
    ('analyst', 'SELECT', 'service_affair.department'),
    ('analyst', 'SELECT', 'service_affair.item'),
    ('analyst', 'SELECT', 'service_affair.material'),
    ('analyst', 'SELECT', 'service_affair.bundle'),
    ('analyst', 'SELECT', 'service_affair.bundle_item'),
    ('analyst', 'SELECT', 'service_affair.applicant_masked'),
    ('analyst', 'SELECT', 'service_affair.public_results'),
    -- the public: published inspection results only
    ('public', 'SELECT', 'service_affair.public_results')
ON CONFLICT DO NOTHING;

-- ---------------------------------------------------------------------------
-- Dump and restore.  Every sequence of the extension (the identity columns
-- of cases, applicants, targets, plans, draws, and of the parts before this
-- one) is marked for pg_dump, so that a restored database continues its
-- ids instead of handing out ids the restored rows already use.  Tables mark
-- themselves next to their CREATE TABLE.
DO $$
DECLARE
    s pg_catalog.regclass;
BEGIN
    FOR s IN SELECT c.oid::pg_catalog.regclass
               FROM pg_catalog.pg_class c
               JOIN pg_catalog.pg_depend d ON d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass
                                          AND d.objid OPERATOR(pg_catalog.=) c.oid
                                          AND d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_extension'::pg_catalog.regclass
              WHERE c.relkind OPERATOR(pg_catalog.=) 'S'
                AND c.relnamespace OPERATOR(pg_catalog.=) 'service_affair'::pg_catalog.regnamespace
                AND NOT c.oid OPERATOR(pg_catalog.=) ANY (COALESCE((SELECT e.extconfig FROM pg_catalog.pg_extension e
                                                                     WHERE e.extname OPERATOR(pg_catalog.=) 'service_affair'), '{}'))
              ORDER BY c.relname
    LOOP
        PERFORM pg_catalog.pg_extension_config_dump(s, '');
    END LOOP;
END
$$;
