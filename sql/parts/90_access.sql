-- Access model.  Roles are cluster-wide objects, so the install script does
-- not create them: a DBA calls service_affair.create_roles() once per cluster
-- (and again after an upgrade, which is harmless: it is idempotent).
--
-- The grant matrix is data (role_grant, 05_org.sql): each part inserts the
-- rows of its objects beside them, an upgrade script adds the rows of the
-- objects it adds, and create_roles() stays the same.  Application roles get
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
