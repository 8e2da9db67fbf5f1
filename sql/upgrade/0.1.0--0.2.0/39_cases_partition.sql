-- ---- 39_cases_partition: cases becomes partitioned by settled (update only) ----
-- A fresh install creates cases partitioned (40_cases.sql).  Here the 0.1.0
-- table becomes the partition cases_active of a new partitioned cases, in
-- place: no row is copied (doc/scale.md, "Upgrade").  Everything the old table
-- carries at this point of the update (its triggers, policies, indexes, keys
-- and grants, as 0.1.0 left them) moves to the parent as it is, so that the
-- parts after this one alter the parent as they do in a fresh install; the
-- fingerprint test (SUITES=script) compares the two.  It runs before
-- 40_cases.sql, whose lock_case() returns the row type of cases: a function
-- made before would keep the old table's type under its new name.
ALTER TABLE service_affair.cases ADD COLUMN settled boolean NOT NULL DEFAULT false;

DO $conv$
DECLARE
    old_oid   pg_catalog.oid := 'service_affair.cases'::pg_catalog.regclass;
    r         record;
    fks       text[] := '{}';
    trgs      text[] := '{}';
    pols      text[] := '{}';
    idxs      text[] := '{}';
    acl       pg_catalog.aclitem[];
    owner     pg_catalog.oid;
    tcomment  text;
    last_id   bigint;
    called    boolean;
BEGIN
    -- Deparse with every name qualified.
    PERFORM pg_catalog.set_config('search_path', 'pg_catalog', true);
    SELECT c.relacl, c.relowner, pg_catalog.obj_description(c.oid, 'pg_class')
      INTO acl, owner, tcomment FROM pg_catalog.pg_class c WHERE c.oid = old_oid;

    -- Foreign keys of other tables to cases: they will refer to cases_active.
    FOR r IN SELECT co.conname, co.conrelid::pg_catalog.regclass AS rel, pg_catalog.pg_get_constraintdef(co.oid) AS def
               FROM pg_catalog.pg_constraint co
              WHERE co.confrelid = old_oid AND co.contype = 'f' ORDER BY co.conrelid, co.conname LOOP
        fks := fks || pg_catalog.format('ALTER TABLE %s ADD CONSTRAINT %I %s', r.rel,  r.conname,
                                        pg_catalog.replace(r.def, 'REFERENCES service_affair.cases(id)',
                                                           'REFERENCES service_affair.cases_active(id)'));
    END LOOP;
    -- Row triggers, with their comments and state (cloned to the partition
    -- when created on the parent).
    FOR r IN SELECT t.tgname, pg_catalog.pg_get_triggerdef(t.oid) AS def, t.tgenabled,
                    pg_catalog.obj_description(t.oid, 'pg_trigger') AS cmt
               FROM pg_catalog.pg_trigger t WHERE t.tgrelid = old_oid AND NOT t.tgisinternal ORDER BY t.tgname LOOP
        trgs := trgs || r.def;
        IF r.cmt IS NOT NULL THEN
            trgs := trgs || pg_catalog.format('COMMENT ON TRIGGER %I ON service_affair.cases IS %L', r.tgname, r.cmt);
        END IF;
        IF r.tgenabled <> 'O' THEN
            trgs := trgs || pg_catalog.format('ALTER TABLE service_affair.cases %s TRIGGER %I',
                                              CASE r.tgenabled WHEN 'D' THEN 'DISABLE' WHEN 'R' THEN 'ENABLE REPLICA'
                                                               ELSE 'ENABLE ALWAYS' END, r.tgname);
        END IF;
        EXECUTE pg_catalog.format('DROP TRIGGER %I ON service_affair.cases', r.tgname);
    END LOOP;
    -- Row-level policies of cases, and those of other tables that read cases
    -- (they would follow the old table to its new name).
    FOR r IN SELECT p.oid, p.polname, p.polrelid::pg_catalog.regclass AS rel, p.polpermissive, p.polcmd,
                    p.polroles, pg_catalog.pg_get_expr(p.polqual, p.polrelid) AS qual,
                    pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) AS chk,
                    pg_catalog.obj_description(p.oid, 'pg_policy') AS cmt
               FROM pg_catalog.pg_policy p
              WHERE p.polrelid = old_oid
                 OR EXISTS (SELECT FROM pg_catalog.pg_depend d
                             WHERE d.classid = 'pg_catalog.pg_policy'::pg_catalog.regclass AND d.objid = p.oid
                               AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refobjid = old_oid)
              ORDER BY p.polrelid, p.polname LOOP
        pols := pols || pg_catalog.format('CREATE POLICY %I ON %s AS %s FOR %s TO %s%s%s',
            r.polname, r.rel, CASE WHEN r.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END,
            CASE r.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
            (SELECT pg_catalog.string_agg(CASE WHEN x = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(x::pg_catalog.regrole::text) END, ', ')
               FROM pg_catalog.unnest(r.polroles) x),
            COALESCE(' USING (' || r.qual || ')', ''), COALESCE(' WITH CHECK (' || r.chk || ')', ''));
        IF r.cmt IS NOT NULL THEN
            pols := pols || pg_catalog.format('COMMENT ON POLICY %I ON %s IS %L', r.polname, r.rel, r.cmt);
        END IF;
        EXECUTE pg_catalog.format('DROP POLICY %I ON %s', r.polname, r.rel);
    END LOOP;
    -- Indexes other than the key: rebuilt on the parent (a partition's index
    -- takes a name derived from the partition's, as in a fresh install).
    FOR r IN SELECT i.indexrelid::pg_catalog.regclass AS idx, pg_catalog.pg_get_indexdef(i.indexrelid) AS def,
                    pg_catalog.obj_description(i.indexrelid, 'pg_class') AS cmt
               FROM pg_catalog.pg_index i
              WHERE i.indrelid = old_oid
                AND NOT EXISTS (SELECT FROM pg_catalog.pg_constraint co WHERE co.conindid = i.indexrelid)
              ORDER BY i.indexrelid LOOP
        idxs := idxs || r.def;
        IF r.cmt IS NOT NULL THEN
            idxs := idxs || pg_catalog.format('COMMENT ON INDEX %s IS %L', r.idx, r.cmt);
        END IF;
        EXECUTE pg_catalog.format('DROP INDEX %s', r.idx);
    END LOOP;

    -- The key (id) becomes (id, settled) on the parent; the partition keeps id
    -- unique for the foreign keys that refer to it.  The identity moves to the
    -- parent with the sequence's name and position.
    ALTER TABLE service_affair.cases DROP CONSTRAINT cases_pkey CASCADE;
    SELECT s.last_value, s.is_called INTO last_id, called FROM service_affair.cases_id_seq s;
    -- out of the extension first: that also takes it out of the tables
    -- pg_dump saves (a dropped sequence would stay there as a bare number)
    ALTER EXTENSION service_affair DROP SEQUENCE service_affair.cases_id_seq;
    ALTER TABLE service_affair.cases ALTER COLUMN id DROP IDENTITY;
    ALTER TABLE service_affair.cases DISABLE ROW LEVEL SECURITY;
    ALTER TABLE service_affair.cases RENAME TO cases_active;
    ALTER TABLE service_affair.cases_active ADD CONSTRAINT cases_active_id_key UNIQUE (id);

    CREATE TABLE service_affair.cases (LIKE service_affair.cases_active
        INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMMENTS INCLUDING COMPRESSION)
        PARTITION BY LIST (settled);
    ALTER TABLE service_affair.cases ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY;
    PERFORM pg_catalog.setval('service_affair.cases_id_seq', last_id, called);
    ALTER TABLE service_affair.cases ADD CONSTRAINT cases_pkey PRIMARY KEY (id, settled);
    -- Its own foreign keys: the partition's are attached to these.
    FOR r IN SELECT co.conname, pg_catalog.pg_get_constraintdef(co.oid) AS def,
                    pg_catalog.obj_description(co.oid, 'pg_constraint') AS cmt
               FROM pg_catalog.pg_constraint co
              WHERE co.conrelid = 'service_affair.cases_active'::pg_catalog.regclass AND co.contype = 'f'
              ORDER BY co.conname LOOP
        EXECUTE pg_catalog.format('ALTER TABLE service_affair.cases ADD CONSTRAINT %I %s', r.conname, r.def);
        IF r.cmt IS NOT NULL THEN
            EXECUTE pg_catalog.format('COMMENT ON CONSTRAINT %I ON service_affair.cases IS %L', r.conname, r.cmt);
            EXECUTE pg_catalog.format('COMMENT ON CONSTRAINT %I ON service_affair.cases_active IS NULL', r.conname);
        END IF;
    END LOOP;
    ALTER TABLE service_affair.cases ATTACH PARTITION service_affair.cases_active FOR VALUES IN (false);
    CREATE TABLE service_affair.cases_settled PARTITION OF service_affair.cases
        FOR VALUES IN (true) PARTITION BY RANGE (id);
    ALTER TABLE service_affair.cases ENABLE ROW LEVEL SECURITY;

    -- Comments: the table's and the columns' on the parent (LIKE copied the
    -- columns'), none on the partition's columns, as in a fresh install.
    EXECUTE pg_catalog.format('COMMENT ON TABLE service_affair.cases IS %L', tcomment);
    FOR r IN SELECT a.attname FROM pg_catalog.pg_attribute a
              WHERE a.attrelid = 'service_affair.cases_active'::pg_catalog.regclass AND a.attnum > 0 AND NOT a.attisdropped
                AND pg_catalog.col_description(a.attrelid, a.attnum) IS NOT NULL LOOP
        EXECUTE pg_catalog.format('COMMENT ON COLUMN service_affair.cases_active.%I IS NULL', r.attname);
    END LOOP;
    FOR r IN SELECT co.conname FROM pg_catalog.pg_constraint co
              WHERE co.conrelid = 'service_affair.cases_active'::pg_catalog.regclass
                AND pg_catalog.obj_description(co.oid, 'pg_constraint') IS NOT NULL LOOP
        EXECUTE pg_catalog.format('COMMENT ON CONSTRAINT %I ON service_affair.cases_active IS NULL', r.conname);
    END LOOP;

    -- Grants: the old table's go to the parent; the partition keeps none.
    FOR r IN SELECT a.grantee, a.privilege_type FROM pg_catalog.aclexplode(acl) a WHERE a.grantee <> owner LOOP
        EXECUTE pg_catalog.format('GRANT %s ON TABLE service_affair.cases TO %s', r.privilege_type,
                                  CASE WHEN r.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(r.grantee::pg_catalog.regrole::text) END);
        EXECUTE pg_catalog.format('REVOKE ALL ON TABLE service_affair.cases_active FROM %s',
                                  CASE WHEN r.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(r.grantee::pg_catalog.regrole::text) END);
    END LOOP;

    FOR i IN 1 .. COALESCE(pg_catalog.array_length(fks, 1), 0) LOOP EXECUTE fks[i]; END LOOP;
    FOR i IN 1 .. COALESCE(pg_catalog.array_length(idxs, 1), 0) LOOP EXECUTE idxs[i]; END LOOP;
    FOR i IN 1 .. COALESCE(pg_catalog.array_length(trgs, 1), 0) LOOP EXECUTE trgs[i]; END LOOP;
    FOR i IN 1 .. COALESCE(pg_catalog.array_length(pols, 1), 0) LOOP EXECUTE pols[i]; END LOOP;
END
$conv$;

-- As in 40_cases.sql (the texts are compared by the fingerprint test).
REVOKE ALL ON TABLE service_affair.cases_active, service_affair.cases_settled FROM PUBLIC;
COMMENT ON TABLE service_affair.cases_active IS
  'Partition of cases: the cases not settled (all of them until settling is built), the only one open work touches';
COMMENT ON TABLE service_affair.cases_settled IS
  'Partition of cases: settled cases, partitioned by month of submission (range of ids); empty until settling is built';
COMMENT ON COLUMN service_affair.cases.settled IS
  'Whether the case is settled: nothing can be written to it any more, and it lies in the history partition of its month';
SELECT pg_catalog.pg_extension_config_dump('service_affair.cases', '');
SELECT pg_catalog.pg_extension_config_dump('service_affair.cases_id_seq', '');
