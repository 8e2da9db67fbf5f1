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
-- The companion extensions (service_affair_shard, _router, _province) meet
-- the same with their schemas, after the USAGE their create_roles() grant.
-- Last of each script: own_initial_privileges(); the initial privileges of
-- every object of the extension and of its schema keep only what the object's
-- owner and PUBLIC hold; the other grants stay on the objects, and go into
-- dumps again.  A grant to PUBLIC made by hand before an update is the
-- update's to leave out where it records it (39_cases_partition.sql,
-- 90_access.sql and 96_function_grants.sql of the update from 0.1.0): kept
-- here, it would be initial.
CREATE FUNCTION service_affair.own_initial_privileges(ext name) RETURNS integer
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    e_oid oid;
    e_nsp oid;
    r     record;
    kept  aclitem[];
    n     integer := 0;
BEGIN
    SELECT e.oid, e.extnamespace INTO e_oid, e_nsp FROM pg_catalog.pg_extension e WHERE e.extname = ext;
    IF e_oid IS NULL THEN
        RAISE EXCEPTION 'unknown extension %', service_affair.printable(pg_catalog.left(ext, 64))
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    FOR r IN
        SELECT ip.classoid, ip.objoid, ip.objsubid, ip.initprivs,
               CASE ip.classoid
                   WHEN 'pg_catalog.pg_class'::regclass THEN (SELECT c.relowner FROM pg_catalog.pg_class c WHERE c.oid = ip.objoid)
                   WHEN 'pg_catalog.pg_proc'::regclass THEN (SELECT p.proowner FROM pg_catalog.pg_proc p WHERE p.oid = ip.objoid)
                   WHEN 'pg_catalog.pg_type'::regclass THEN (SELECT t.typowner FROM pg_catalog.pg_type t WHERE t.oid = ip.objoid)
                   WHEN 'pg_catalog.pg_namespace'::regclass THEN (SELECT s.nspowner FROM pg_catalog.pg_namespace s WHERE s.oid = ip.objoid)
               END AS owner
          FROM pg_catalog.pg_init_privs ip
         WHERE ip.privtype = 'e'
           AND ((ip.classoid = 'pg_catalog.pg_namespace'::regclass AND ip.objoid = e_nsp)
                OR EXISTS (SELECT FROM pg_catalog.pg_depend d
                            WHERE d.refclassid = 'pg_catalog.pg_extension'::regclass AND d.refobjid = e_oid AND d.deptype = 'e'
                              AND d.classid = ip.classoid AND d.objid = ip.objoid AND d.objsubid = 0))
    LOOP
        CONTINUE WHEN r.owner IS NULL;
        SELECT coalesce(pg_catalog.array_agg(u.i ORDER BY u.o), '{}') INTO kept
          FROM pg_catalog.unnest(r.initprivs) WITH ORDINALITY u(i, o)
         WHERE EXISTS (SELECT FROM pg_catalog.aclexplode(ARRAY[u.i]) a WHERE a.grantee = 0 OR a.grantee = r.owner);
        CONTINUE WHEN pg_catalog.cardinality(kept) = pg_catalog.cardinality(r.initprivs);
        IF pg_catalog.cardinality(kept) = 0 THEN
            DELETE FROM pg_catalog.pg_init_privs ip
             WHERE ip.classoid = r.classoid AND ip.objoid = r.objoid AND ip.objsubid = r.objsubid AND ip.privtype = 'e';
        ELSE
            UPDATE pg_catalog.pg_init_privs ip SET initprivs = kept
             WHERE ip.classoid = r.classoid AND ip.objoid = r.objoid AND ip.objsubid = r.objsubid AND ip.privtype = 'e';
        END IF;
        n := n + 1;
    END LOOP;
    RETURN n;
END
$$;
COMMENT ON FUNCTION service_affair.own_initial_privileges(name) IS
  'Last of the scripts of service_affair and of its companion extensions: in the initial privileges (pg_init_privs) of every object of the named extension and of its schema, keeps only what the object''s owner and PUBLIC hold, so that the grants of create_roles() and of the DBA, made before a script ran (an update, a second CREATE EXTENSION over the schema DROP EXTENSION left), are dumped by pg_dump; returns the number of objects changed; superusers only (it writes pg_init_privs); 23503 unknown extension';
REVOKE EXECUTE ON FUNCTION service_affair.own_initial_privileges(name) FROM PUBLIC;
SELECT service_affair.own_initial_privileges('service_affair');
