-- ---- 98_init_privs: the initial privileges a fresh install records (update only) ----
-- PostgreSQL records every GRANT and REVOKE run by an extension script, the
-- update's too, as the objects' initial privileges (pg_init_privs), and
-- pg_dump dumps of an extension's object only the grants that differ from
-- them.  A fresh install grants nothing to a role but PUBLIC (create_roles()
-- and the DBA grant after it, outside the script); this update, which runs
-- after them, moves the grants of the case tables to their new partitioned
-- parents (39_cases_partition.sql) and takes SELECT on applicant and evidence
-- back from clerks and reviewers (90_access.sql): the grants they held then
-- became "initial", and a dump of the updated database left them out, so a
-- restore came back with no grant on cases, case_event, case_material, task,
-- task_suspension, rating, rectification, applicant and evidence (doc/access.md,
-- "Dump and restore").  Here every initial privilege of an object of the
-- extension keeps only what its owner and PUBLIC hold, as in a fresh install;
-- the grants to other roles stay on the objects and go into dumps again.
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
          FROM pg_catalog.pg_init_privs ip
         WHERE ip.privtype OPERATOR(pg_catalog.=) 'e'
           AND EXISTS (SELECT FROM pg_catalog.pg_depend d, pg_catalog.pg_extension e
                        WHERE e.extname OPERATOR(pg_catalog.=) 'service_affair'
                          AND d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_extension'::pg_catalog.regclass
                          AND d.refobjid OPERATOR(pg_catalog.=) e.oid AND d.deptype OPERATOR(pg_catalog.=) 'e'
                          AND d.classid OPERATOR(pg_catalog.=) ip.classoid AND d.objid OPERATOR(pg_catalog.=) ip.objoid
                          AND d.objsubid OPERATOR(pg_catalog.=) 0)
    LOOP
        CONTINUE WHEN r.owner IS NULL;
        SELECT COALESCE(pg_catalog.array_agg(i ORDER BY o), '{}') INTO kept
          FROM pg_catalog.unnest(r.initprivs) WITH ORDINALITY u(i, o)
         WHERE EXISTS (SELECT FROM pg_catalog.aclexplode(ARRAY[u.i]) a
                        WHERE a.grantee OPERATOR(pg_catalog.=) 0 OR a.grantee OPERATOR(pg_catalog.=) r.owner);
        CONTINUE WHEN pg_catalog.array_length(kept, 1) IS NOT DISTINCT FROM pg_catalog.array_length(r.initprivs, 1);
        IF pg_catalog.array_length(kept, 1) IS NULL THEN
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
