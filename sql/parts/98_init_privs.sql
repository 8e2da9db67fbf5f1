-- ---- 98_init_privs: the initial privileges are the script's own ----
-- PostgreSQL records the privileges an object holds after every GRANT and
-- REVOKE of an extension script (install or update) as its initial
-- privileges (pg_init_privs), the whole ACL, whoever granted the rest; pg_dump
-- dumps of the extension's objects, and of its schema, only the grants that
-- differ from them.  The script itself grants nothing to a role but PUBLIC
-- (create_roles() and the DBA grant after it, outside any script), yet two
-- runs met grants made before them:
--   * the update from 0.1.0 runs after create_roles(): it moves the grants of
--     the case tables to their new partitioned parents (39_cases_partition.sql)
--     and takes SELECT on applicant and evidence back from clerks and
--     reviewers (90_access.sql), which recorded every other grant of those
--     nine tables as initial: a dump of the updated database had no grant on
--     cases, case_material, case_event, task, task_suspension, rating,
--     rectification, applicant and evidence, and the restore none either;
--   * DROP EXTENSION leaves the schema service_affair (CREATE EXTENSION made
--     it before the script ran: it is not a member), with the USAGE
--     create_roles() granted on it; CREATE EXTENSION again grants USAGE to
--     PUBLIC on it, which recorded the group roles' USAGE as initial: after
--     REVOKE USAGE ... FROM PUBLIC, a restored dump left the schema to its
--     owner alone.
-- Last of the script: the initial privileges of every object of the extension
-- and of its schema keep only what the object's owner and PUBLIC hold; the
-- other grants stay on the objects, and go into dumps again.
DO $$
DECLARE
    r     record;
    kept  aclitem[];
BEGIN
    FOR r IN
        SELECT ip.classoid, ip.objoid, ip.objsubid, ip.initprivs,
               CASE ip.classoid
                   WHEN 'pg_catalog.pg_class'::pg_catalog.regclass
                       THEN (SELECT c.relowner FROM pg_catalog.pg_class c WHERE c.oid OPERATOR(pg_catalog.=) ip.objoid)
                   WHEN 'pg_catalog.pg_proc'::pg_catalog.regclass
                       THEN (SELECT p.proowner FROM pg_catalog.pg_proc p WHERE p.oid OPERATOR(pg_catalog.=) ip.objoid)
                   WHEN 'pg_catalog.pg_type'::pg_catalog.regclass
                       THEN (SELECT t.typowner FROM pg_catalog.pg_type t WHERE t.oid OPERATOR(pg_catalog.=) ip.objoid)
                   WHEN 'pg_catalog.pg_namespace'::pg_catalog.regclass
                       THEN (SELECT n.nspowner FROM pg_catalog.pg_namespace n WHERE n.oid OPERATOR(pg_catalog.=) ip.objoid)
               END AS owner
          FROM pg_catalog.pg_init_privs ip, pg_catalog.pg_extension e
         WHERE e.extname OPERATOR(pg_catalog.=) 'service_affair'
           AND ip.privtype OPERATOR(pg_catalog.=) 'e'
           AND ((ip.classoid OPERATOR(pg_catalog.=) 'pg_catalog.pg_namespace'::pg_catalog.regclass
                 AND ip.objoid OPERATOR(pg_catalog.=) e.extnamespace)
                OR EXISTS (SELECT FROM pg_catalog.pg_depend d
                            WHERE d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_extension'::pg_catalog.regclass
                              AND d.refobjid OPERATOR(pg_catalog.=) e.oid AND d.deptype OPERATOR(pg_catalog.=) 'e'
                              AND d.classid OPERATOR(pg_catalog.=) ip.classoid AND d.objid OPERATOR(pg_catalog.=) ip.objoid
                              AND d.objsubid OPERATOR(pg_catalog.=) 0))
    LOOP
        CONTINUE WHEN r.owner IS NULL;
        SELECT COALESCE(pg_catalog.array_agg(u.i ORDER BY u.o), '{}') INTO kept
          FROM pg_catalog.unnest(r.initprivs) WITH ORDINALITY u(i, o)
         WHERE EXISTS (SELECT FROM pg_catalog.aclexplode(ARRAY[u.i]) a
                        WHERE a.grantee OPERATOR(pg_catalog.=) 0 OR a.grantee OPERATOR(pg_catalog.=) r.owner);
        CONTINUE WHEN pg_catalog.cardinality(kept) OPERATOR(pg_catalog.=) pg_catalog.cardinality(r.initprivs);
        IF pg_catalog.cardinality(kept) OPERATOR(pg_catalog.=) 0 THEN
            DELETE FROM pg_catalog.pg_init_privs ip
             WHERE ip.classoid OPERATOR(pg_catalog.=) r.classoid AND ip.objoid OPERATOR(pg_catalog.=) r.objoid
               AND ip.objsubid OPERATOR(pg_catalog.=) r.objsubid AND ip.privtype OPERATOR(pg_catalog.=) 'e';
        ELSE
            UPDATE pg_catalog.pg_init_privs ip SET initprivs = kept
             WHERE ip.classoid OPERATOR(pg_catalog.=) r.classoid AND ip.objoid OPERATOR(pg_catalog.=) r.objoid
               AND ip.objsubid OPERATOR(pg_catalog.=) r.objsubid AND ip.privtype OPERATOR(pg_catalog.=) 'e';
        END IF;
    END LOOP;
END
$$;
