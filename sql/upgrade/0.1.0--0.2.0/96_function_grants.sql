-- ---- 96_function_grants: the grants of the functions dropped and made again (update only) ----
-- The update drops every function of the list in 00_header.sql (funcs) and
-- makes most of them again, with their 0.1.0 signature or a new one
-- (register_applicant(text,text,text,boolean) became (..., text)); a DROP
-- takes the function's ACL with it.  The grant matrix (role_grant) gives the
-- group roles theirs again when create_roles() runs after the update, but a
-- DBA's GRANT EXECUTE to a login of his, or to PUBLIC, was lost without a
-- word and that login got 42501 after the update (until 2026-12-07: a
-- review; a first fix carried register_applicant()'s alone, in
-- 90_access.sql).  00_header.sql wrote every grant of those functions down
-- before anything was dropped; here, the one home, each goes to the function
-- of 0.2.0 that takes the old one's place: the one of the same signature,
-- else the one of the same name whose first arguments are the old ones
-- (arguments appended), else the one function of the same name.  A grant to a group role
-- (service_affair_<role>) goes over only where the matrix grants it on that
-- function (what create_roles() grants anyway; carried, the clerks' calls
-- keep working until it runs), since the matrix of 0.2.0 is the group roles'
-- whole due.  Grant options go over; the grantor is the role running the
-- update (GRANTED BY takes the current user only).  A grant with no such
-- function (the name gone, or several functions of the name) is named in a
-- WARNING with the statement of 0.1.0, for the DBA to decide (an extension's
-- script shows no NOTICE); those carried to a new signature are named in
-- another, for the DBA's own scripts that name the old one.
-- The initial privileges of each function granted on are put back as they
-- were before (what the script itself granted or revoked): made by an
-- extension script, the carried grants were recorded as initial, and pg_dump
-- would have left them out of a dump (own_initial_privileges(),
-- 98_init_privs.sql, keeps PUBLIC's).  test/scripts/upgrade_grants.sh,
-- test/scripts/credit_upgrade.sh.
DO $$
DECLARE
    r        record;
    target   pg_catalog.regprocedure;
    n_named  integer;
    who      text;
    stmt     text;
    init_acl pg_catalog.aclitem[];
    had_init boolean;
    lost     text[];
    moved    text[];
    path     text := pg_catalog.current_setting('search_path');
    is_group boolean;
BEGIN
    -- the statements name the functions qualified (put back after)
    PERFORM pg_catalog.set_config('search_path', 'pg_catalog', true);
    FOR r IN SELECT g.signature, g.proname, g.argtypes, g.grantee, g.privilege, g.grantable
               FROM service_affair.update_function_grants g
              ORDER BY g.signature, g.grantee, g.privilege LOOP
        who := CASE WHEN r.grantee OPERATOR(pg_catalog.=) 0 THEN 'PUBLIC'
                    ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(r.grantee)) END;
        target := pg_catalog.to_regprocedure('service_affair.' OPERATOR(pg_catalog.||) r.signature);
        -- else the one of the name whose first arguments are the old ones
        -- (new ones appended, defaulted: 0.1.0's calls keep working)
        IF target IS NULL THEN
            SELECT pg_catalog.count(*), pg_catalog.min(p.oid)::pg_catalog.regprocedure INTO n_named, target
              FROM pg_catalog.pg_proc p
             WHERE p.pronamespace OPERATOR(pg_catalog.=) 'service_affair'::pg_catalog.regnamespace
               AND p.proname OPERATOR(pg_catalog.=) r.proname
               AND ARRAY(SELECT pg_catalog.format_type(t, NULL) FROM pg_catalog.unnest(p.proargtypes::pg_catalog.oid[]) WITH ORDINALITY u(t, o)
                          WHERE o OPERATOR(pg_catalog.<=) pg_catalog.cardinality(r.argtypes) ORDER BY o) OPERATOR(pg_catalog.=) r.argtypes;
            IF n_named OPERATOR(pg_catalog.<>) 1 THEN
                target := NULL;
            END IF;
        END IF;
        -- else the one function of the name
        IF target IS NULL THEN
            SELECT pg_catalog.count(*), pg_catalog.min(p.oid)::pg_catalog.regprocedure INTO n_named, target
              FROM pg_catalog.pg_proc p
             WHERE p.pronamespace OPERATOR(pg_catalog.=) 'service_affair'::pg_catalog.regnamespace
               AND p.proname OPERATOR(pg_catalog.=) r.proname;
            IF n_named OPERATOR(pg_catalog.<>) 1 THEN
                target := NULL;
            END IF;
        END IF;
        -- the group roles' grants are the matrix's business
        is_group := EXISTS (SELECT FROM service_affair.role_grant rg
                             WHERE 'service_affair_' OPERATOR(pg_catalog.||) rg.role OPERATOR(pg_catalog.=) pg_catalog.pg_get_userbyid(r.grantee));
        IF target IS NULL THEN
            CONTINUE WHEN is_group;
            lost := lost OPERATOR(pg_catalog.||) pg_catalog.format('GRANT %s ON FUNCTION service_affair.%s TO %s%s', r.privilege, r.signature, who,
                                                                   CASE WHEN r.grantable THEN ' WITH GRANT OPTION' ELSE '' END);
            CONTINUE;
        END IF;
        CONTINUE WHEN is_group
                  AND NOT EXISTS (SELECT FROM service_affair.role_grant rg
                                   WHERE 'service_affair_' OPERATOR(pg_catalog.||) rg.role OPERATOR(pg_catalog.=) pg_catalog.pg_get_userbyid(r.grantee)
                                     AND rg.privilege OPERATOR(pg_catalog.=) r.privilege
                                     AND pg_catalog.to_regprocedure(rg.object) OPERATOR(pg_catalog.=) target);
        SELECT ip.initprivs INTO init_acl FROM pg_catalog.pg_init_privs ip
         WHERE ip.classoid OPERATOR(pg_catalog.=) 'pg_catalog.pg_proc'::pg_catalog.regclass AND ip.objoid OPERATOR(pg_catalog.=) target
           AND ip.objsubid OPERATOR(pg_catalog.=) 0 AND ip.privtype OPERATOR(pg_catalog.=) 'e';
        had_init := FOUND;
        stmt := pg_catalog.format('GRANT %s ON FUNCTION %s TO %s%s', r.privilege, target, who,
                                  CASE WHEN r.grantable THEN ' WITH GRANT OPTION' ELSE '' END);
        EXECUTE stmt;
        IF NOT had_init THEN
            DELETE FROM pg_catalog.pg_init_privs ip
             WHERE ip.classoid OPERATOR(pg_catalog.=) 'pg_catalog.pg_proc'::pg_catalog.regclass AND ip.objoid OPERATOR(pg_catalog.=) target
               AND ip.objsubid OPERATOR(pg_catalog.=) 0 AND ip.privtype OPERATOR(pg_catalog.=) 'e';
        ELSE
            UPDATE pg_catalog.pg_init_privs ip SET initprivs = init_acl
             WHERE ip.classoid OPERATOR(pg_catalog.=) 'pg_catalog.pg_proc'::pg_catalog.regclass AND ip.objoid OPERATOR(pg_catalog.=) target
               AND ip.objsubid OPERATOR(pg_catalog.=) 0 AND ip.privtype OPERATOR(pg_catalog.=) 'e';
        END IF;
        IF NOT is_group AND pg_catalog.to_regprocedure('service_affair.' OPERATOR(pg_catalog.||) r.signature) IS NULL THEN
            moved := moved OPERATOR(pg_catalog.||) stmt;
        END IF;
    END LOOP;
    PERFORM pg_catalog.set_config('search_path', path, true);
    IF moved IS NOT NULL THEN
        RAISE WARNING 'grants of functions of service_affair whose signature changed are carried to the new one: %', pg_catalog.array_to_string(moved, '; ')
            USING DETAIL = 'The update dropped the functions of 0.1.0 and made them again with the signatures of 0.2.0.',
                  HINT = 'Scripts of yours that grant on the old signatures should name the new ones; doc/deployment.md, "Upgrades".';
    END IF;
    IF lost IS NOT NULL THEN
        RAISE WARNING 'grants of functions of service_affair that 0.2.0 has no longer, or under several signatures, are not carried: %', pg_catalog.array_to_string(lost, '; ')
            USING DETAIL = 'The update dropped the functions of 0.1.0 and has no one function of 0.2.0 in their place.',
                  HINT = 'Grant what takes their place to those roles if they need it; doc/deployment.md, "Upgrades".';
    END IF;
END
$$;
DROP TABLE service_affair.update_function_grants;
