-- Partitioned history (38_history.sql, doc/scale.md "Upgrade of 0.1/0.2 data"):
-- the 0.1 tables of the case family become partitioned tables.  A fresh
-- install creates them partitioned in their parts; here, once the parts that
-- add columns to them have run (so that each table has its columns in the
-- order of a fresh install) and before the indicator views and functions are
-- created (64_views_drop, 65_views: they are created from their source, not
-- from a catalogued definition), each table is renamed <table>_p0 and
-- attached, without copying a row, to a new partitioned table of the same
-- name and shape for the ids issued before 0.2, [MINVALUE, 10^10).  What
-- belongs to the table moves to the new parent under the same names: keys,
-- indexes, foreign keys in and out, triggers, row-level security and its
-- policies, grants, comments, the identity (its sequence keeps its name and
-- value) and the pg_dump marks.  Views, functions and policies that refer to
-- the tables or their row types by OID (views, BEGIN ATOMIC bodies, row-type
-- arguments) are dropped before and created again after, from their own
-- catalogued definitions, with their comments and grants, so that the result
-- equals a fresh install (test/scripts/access_upgrade.sh).  case_leg and
-- commitment_check are new in 0.2: their parts made them partitioned.
DO $convert$
DECLARE
    fam      text[] := ARRAY['cases', 'case_material', 'case_event', 'task', 'task_suspension', 'rating', 'rectification'];
    keys     text[] := ARRAY['id', 'case_id', 'case_id', 'case_id', 'case_id', 'case_id', 'case_id'];
    old_path text := pg_catalog.current_setting('search_path');
    rels     oid[];
    roots    oid[];
    t        text;
    i        integer;
    r        record;
    d        record;
    lvl      integer;
    changed  boolean;
    seqname  text;
    lastv    bigint;
    called   boolean;
BEGIN
    PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
    SELECT pg_catalog.array_agg(('service_affair.' || quote_ident(f))::regclass::oid) INTO rels FROM unnest(fam) f;
    -- the relations and row types the dependents hang on
    SELECT rels || pg_catalog.array_agg(c.reltype) INTO roots FROM pg_class c WHERE c.oid = ANY (rels);

    -- two work tables, not members of the extension
    CREATE TEMP TABLE hp_dep (kind text, oid oid, name text, lvl integer, def text, cmt text, acl aclitem[], extra text[], extra_cmt text[]) ON COMMIT DROP;
    CREATE TEMP TABLE hp_obj (tbl text, kind text, name text, def text, cmt text, ord integer) ON COMMIT DROP;
    ALTER EXTENSION service_affair DROP TABLE pg_temp.hp_dep;
    ALTER EXTENSION service_affair DROP TABLE pg_temp.hp_obj;
    -- 1. dependents: views (their rules), functions, policies of other tables,
    -- found through pg_depend from the family or from an earlier dependent
    lvl := 0;
    LOOP
        lvl := lvl + 1;
        changed := false;
        FOR d IN
            SELECT DISTINCT CASE WHEN dp.classid = 'pg_rewrite'::regclass THEN 'view'
                                 WHEN dp.classid = 'pg_proc'::regclass THEN 'function'
                                 ELSE 'policy' END AS kind,
                            CASE WHEN dp.classid = 'pg_rewrite'::regclass THEN (SELECT w.ev_class FROM pg_rewrite w WHERE w.oid = dp.objid)
                                 ELSE dp.objid END AS oid
              FROM pg_depend dp
             WHERE dp.deptype = 'n'
               AND dp.classid IN ('pg_rewrite'::regclass, 'pg_proc'::regclass, 'pg_policy'::regclass)
               AND (dp.refobjid = ANY (roots)
                    OR dp.refobjid IN (SELECT h.oid FROM hp_dep h)
                    OR dp.refobjid IN (SELECT c.reltype FROM pg_class c JOIN hp_dep h ON h.oid = c.oid AND h.kind = 'view'))
        LOOP
            CONTINUE WHEN d.kind = 'view' AND d.oid = ANY (rels);
            CONTINUE WHEN d.kind = 'policy' AND (SELECT p.polrelid FROM pg_policy p WHERE p.oid = d.oid) = ANY (rels);
            IF NOT EXISTS (SELECT FROM hp_dep h WHERE h.oid = d.oid) THEN
                INSERT INTO hp_dep (kind, oid, lvl) VALUES (d.kind, d.oid, lvl);
                changed := true;
            END IF;
        END LOOP;
        EXIT WHEN NOT changed OR lvl > 20;
    END LOOP;
    -- levels: one more than the highest dependent an object depends on
    FOR i IN 1 .. 20 LOOP
        UPDATE hp_dep h SET lvl = x.l
          FROM (SELECT h2.oid, pg_catalog.max(h3.lvl) + 1 AS l
                  FROM hp_dep h2
                  JOIN pg_depend dp ON (dp.objid = h2.oid OR dp.objid IN (SELECT w.oid FROM pg_rewrite w WHERE w.ev_class = h2.oid))
                  JOIN hp_dep h3 ON h3.oid = dp.refobjid OR h3.oid = (SELECT c.oid FROM pg_class c WHERE c.reltype = dp.refobjid)
                 WHERE h3.oid <> h2.oid
                 GROUP BY h2.oid) x
         WHERE x.oid = h.oid AND x.l > h.lvl;
        EXIT WHEN NOT FOUND;
    END LOOP;
    -- their definitions, comments and grants, read before anything is renamed
    UPDATE hp_dep h SET name = c.oid::regclass::text,
           def = 'CREATE VIEW ' || c.oid::regclass::text
                 || COALESCE(' WITH (' || pg_catalog.array_to_string(c.reloptions, ', ') || ')', '')
                 || ' AS ' || pg_catalog.pg_get_viewdef(c.oid),
           cmt = pg_catalog.obj_description(c.oid, 'pg_class'), acl = c.relacl,
           extra = (SELECT pg_catalog.array_agg(pg_catalog.quote_ident(a.attname) ORDER BY a.attnum) FROM pg_attribute a
                     WHERE a.attrelid = c.oid AND a.attnum > 0 AND pg_catalog.col_description(c.oid, a.attnum) IS NOT NULL),
           extra_cmt = (SELECT pg_catalog.array_agg(pg_catalog.col_description(c.oid, a.attnum) ORDER BY a.attnum) FROM pg_attribute a
                         WHERE a.attrelid = c.oid AND a.attnum > 0 AND pg_catalog.col_description(c.oid, a.attnum) IS NOT NULL)
      FROM pg_class c WHERE c.oid = h.oid AND h.kind = 'view';
    UPDATE hp_dep h SET name = p.oid::regprocedure::text, def = pg_catalog.pg_get_functiondef(p.oid),
           cmt = pg_catalog.obj_description(p.oid, 'pg_proc'), acl = p.proacl
      FROM pg_proc p WHERE p.oid = h.oid AND h.kind = 'function';
    UPDATE hp_dep h SET name = pg_catalog.format('%I ON %s', p.polname, p.polrelid::regclass),
           def = pg_catalog.format('CREATE POLICY %I ON %s AS %s FOR %s TO %s%s%s', p.polname, p.polrelid::regclass,
                     CASE WHEN p.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END,
                     CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
                     (SELECT pg_catalog.string_agg(CASE WHEN ro = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(ro::regrole::text) END, ', ')
                        FROM unnest(p.polroles) ro),
                     ' USING (' || pg_catalog.pg_get_expr(p.polqual, p.polrelid) || ')',
                     ' WITH CHECK (' || pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) || ')'),
           cmt = pg_catalog.obj_description(p.oid, 'pg_policy')
      FROM pg_policy p WHERE p.oid = h.oid AND h.kind = 'policy';
    FOR r IN SELECT * FROM hp_dep ORDER BY lvl DESC LOOP
        IF r.kind = 'view' THEN
            EXECUTE 'DROP VIEW ' || r.name;
        ELSIF r.kind = 'function' THEN
            EXECUTE 'DROP FUNCTION ' || r.name;
        ELSE
            EXECUTE 'DROP POLICY ' || r.name;
        END IF;
    END LOOP;

    -- 2. what belongs to each table, read before anything is dropped
    FOREACH t IN ARRAY fam LOOP
        INSERT INTO hp_obj
        SELECT t, 'fk', pg_catalog.format('%I ON %s', co.conname, co.conrelid::regclass),
               pg_catalog.format('ALTER TABLE %s ADD CONSTRAINT %I %s', co.conrelid::regclass, co.conname, pg_catalog.pg_get_constraintdef(co.oid)),
               pg_catalog.obj_description(co.oid, 'pg_constraint'), 0
          FROM pg_constraint co
         WHERE co.contype = 'f' AND co.conparentid = 0
           AND (co.conrelid = ('service_affair.' || t)::regclass OR co.confrelid = ('service_affair.' || t)::regclass)
           AND NOT EXISTS (SELECT FROM hp_obj o WHERE o.kind = 'fk' AND o.name = pg_catalog.format('%I ON %s', co.conname, co.conrelid::regclass));
        INSERT INTO hp_obj
        SELECT t, 'key', co.conname,
               pg_catalog.format('ALTER TABLE service_affair.%I ADD CONSTRAINT %I %s', t, co.conname, pg_catalog.pg_get_constraintdef(co.oid)),
               pg_catalog.obj_description(co.oid, 'pg_constraint'), 1
          FROM pg_constraint co WHERE co.conrelid = ('service_affair.' || t)::regclass AND co.contype IN ('p', 'u');
        INSERT INTO hp_obj
        SELECT t, 'check', co.conname, NULL, pg_catalog.obj_description(co.oid, 'pg_constraint'), 1
          FROM pg_constraint co WHERE co.conrelid = ('service_affair.' || t)::regclass AND co.contype = 'c';
        INSERT INTO hp_obj
        SELECT t, 'index', ic.relname, pg_catalog.pg_get_indexdef(ix.indexrelid), pg_catalog.obj_description(ix.indexrelid, 'pg_class'), 2
          FROM pg_index ix JOIN pg_class ic ON ic.oid = ix.indexrelid
         WHERE ix.indrelid = ('service_affair.' || t)::regclass
           AND NOT EXISTS (SELECT FROM pg_constraint co WHERE co.conindid = ix.indexrelid AND co.conrelid = ix.indrelid);
        INSERT INTO hp_obj
        SELECT t, 'trigger', tg.tgname, pg_catalog.pg_get_triggerdef(tg.oid) || CASE tg.tgenabled WHEN 'O' THEN '' ELSE ' -- ' || tg.tgenabled::text END,
               pg_catalog.obj_description(tg.oid, 'pg_trigger'), 3
          FROM pg_trigger tg WHERE tg.tgrelid = ('service_affair.' || t)::regclass AND NOT tg.tgisinternal;
        INSERT INTO hp_obj
        SELECT t, 'policy', p.polname,
               pg_catalog.format('CREATE POLICY %I ON service_affair.%I AS %s FOR %s TO %s%s%s', p.polname, t,
                     CASE WHEN p.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END,
                     CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
                     (SELECT pg_catalog.string_agg(CASE WHEN ro = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(ro::regrole::text) END, ', ')
                        FROM unnest(p.polroles) ro),
                     ' USING (' || pg_catalog.pg_get_expr(p.polqual, p.polrelid) || ')',
                     ' WITH CHECK (' || pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) || ')'),
               pg_catalog.obj_description(p.oid, 'pg_policy'), 4
          FROM pg_policy p WHERE p.polrelid = ('service_affair.' || t)::regclass;
        INSERT INTO hp_obj
        SELECT t, 'column', a.attname, NULL, pg_catalog.col_description(a.attrelid, a.attnum), 5
          FROM pg_attribute a WHERE a.attrelid = ('service_affair.' || t)::regclass AND a.attnum > 0 AND NOT a.attisdropped;
        INSERT INTO hp_obj
        SELECT t, 'table', t,
               CASE WHEN c.relrowsecurity THEN 'ENABLE' END || CASE WHEN c.relforcerowsecurity THEN ' FORCE' ELSE '' END,
               pg_catalog.obj_description(c.oid, 'pg_class'), 6
          FROM pg_class c WHERE c.oid = ('service_affair.' || t)::regclass;
        INSERT INTO hp_obj
        SELECT t, 'grant', NULL,
               pg_catalog.format('GRANT %s ON service_affair.%I TO %s', a.privilege_type, t,
                                 CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(a.grantee::regrole::text) END),
               NULL, 7 + a.n::integer
          FROM pg_class c, LATERAL aclexplode(c.relacl) WITH ORDINALITY a(grantor, grantee, privilege_type, is_grantable, n)
         WHERE c.oid = ('service_affair.' || t)::regclass AND a.grantee <> c.relowner;
    END LOOP;

    -- 3. drop them from the old tables
    FOR r IN SELECT DISTINCT o.name FROM hp_obj o WHERE o.kind = 'fk' LOOP
        EXECUTE pg_catalog.format('ALTER TABLE %s DROP CONSTRAINT %s', pg_catalog.split_part(r.name, ' ON ', 2), pg_catalog.split_part(r.name, ' ON ', 1));
    END LOOP;
    FOREACH t IN ARRAY fam LOOP
        FOR r IN SELECT o.* FROM hp_obj o WHERE o.tbl = t LOOP
            CASE r.kind
            WHEN 'trigger' THEN EXECUTE pg_catalog.format('DROP TRIGGER %I ON service_affair.%I', r.name, t);
            WHEN 'policy' THEN EXECUTE pg_catalog.format('DROP POLICY %I ON service_affair.%I', r.name, t);
            WHEN 'index' THEN EXECUTE pg_catalog.format('DROP INDEX service_affair.%I', r.name);
            WHEN 'key' THEN EXECUTE pg_catalog.format('ALTER TABLE service_affair.%I DROP CONSTRAINT %I', t, r.name);
            WHEN 'check' THEN EXECUTE pg_catalog.format('COMMENT ON CONSTRAINT %I ON service_affair.%I IS NULL', r.name, t);
            WHEN 'column' THEN EXECUTE pg_catalog.format('COMMENT ON COLUMN service_affair.%I.%I IS NULL', t, r.name);
            WHEN 'grant' THEN EXECUTE pg_catalog.replace(pg_catalog.replace(r.def, 'GRANT ', 'REVOKE '), ' TO ', ' FROM ');
            ELSE NULL;
            END CASE;
        END LOOP;
        EXECUTE pg_catalog.format('ALTER TABLE service_affair.%I DISABLE ROW LEVEL SECURITY, NO FORCE ROW LEVEL SECURITY', t);
        EXECUTE pg_catalog.format('REVOKE ALL ON service_affair.%I FROM PUBLIC', t);
    END LOOP;

    -- 4. rename, create the partitioned table, attach, put everything back
    FOR i IN 1 .. pg_catalog.array_length(fam, 1) LOOP
        t := fam[i];
        seqname := NULL;
        SELECT s.seqrelid::regclass::text, sq.last_value, sq.is_called INTO seqname, lastv, called
          FROM pg_attribute a
          JOIN pg_depend dp ON dp.refobjid = a.attrelid AND dp.refobjsubid = a.attnum AND dp.deptype = 'i'
                           AND dp.classid = 'pg_class'::regclass
          JOIN pg_sequence s ON s.seqrelid = dp.objid
          CROSS JOIN LATERAL (SELECT NULL::bigint AS last_value, NULL::boolean AS is_called) sq
         WHERE a.attrelid = ('service_affair.' || t)::regclass AND a.attname = 'id' AND a.attidentity <> '';
        IF seqname IS NOT NULL THEN
            EXECUTE 'SELECT last_value, is_called FROM ' || seqname INTO lastv, called;
            -- out of the extension first: that also takes it out of pg_dump's list
            EXECUTE 'ALTER EXTENSION service_affair DROP SEQUENCE ' || seqname;
            EXECUTE pg_catalog.format('ALTER TABLE service_affair.%I ALTER COLUMN id DROP IDENTITY', t);
        END IF;
        EXECUTE pg_catalog.format('ALTER TABLE service_affair.%I RENAME TO %I', t, t || '_p0');
        EXECUTE pg_catalog.format('CREATE TABLE service_affair.%I (LIKE service_affair.%I INCLUDING DEFAULTS INCLUDING CONSTRAINTS'
                                  ' INCLUDING STORAGE INCLUDING COMPRESSION INCLUDING GENERATED) PARTITION BY RANGE (%I)',
                                  t, t || '_p0', keys[i]);
        IF seqname IS NOT NULL THEN
            EXECUTE pg_catalog.format('ALTER TABLE service_affair.%I ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME %s)', t, seqname);
            PERFORM pg_catalog.setval(seqname, lastv, called);
            PERFORM pg_catalog.pg_extension_config_dump(seqname, '');
        END IF;
        EXECUTE pg_catalog.format('ALTER TABLE service_affair.%I ATTACH PARTITION service_affair.%I FOR VALUES FROM (MINVALUE) TO (10000000000)',
                                  t, t || '_p0');
        EXECUTE pg_catalog.format('COMMENT ON TABLE service_affair.%I IS %L', t || '_p0',
                                  pg_catalog.format('History partition of service_affair.%s: ids issued before 0.2 (below 10^10)', t));
        PERFORM pg_catalog.pg_extension_config_dump(('service_affair.' || t)::regclass, '');
        FOR r IN SELECT o.* FROM hp_obj o WHERE o.tbl = t AND o.kind <> 'fk' ORDER BY o.ord, o.name LOOP
            IF r.kind IN ('key', 'index', 'policy', 'grant') THEN
                EXECUTE r.def;
            ELSIF r.kind = 'trigger' THEN
                EXECUTE pg_catalog.split_part(r.def, ' -- ', 1);
                IF pg_catalog.split_part(r.def, ' -- ', 2) <> '' THEN
                    EXECUTE pg_catalog.format('ALTER TABLE service_affair.%I %s TRIGGER %I', t,
                        CASE pg_catalog.split_part(r.def, ' -- ', 2) WHEN 'D' THEN 'DISABLE' WHEN 'A' THEN 'ENABLE ALWAYS' ELSE 'ENABLE REPLICA' END, r.name);
                END IF;
            ELSIF r.kind = 'table' AND r.def IS NOT NULL THEN
                EXECUTE pg_catalog.format('ALTER TABLE service_affair.%I ENABLE ROW LEVEL SECURITY', t);
                IF r.def LIKE '%FORCE' THEN
                    EXECUTE pg_catalog.format('ALTER TABLE service_affair.%I FORCE ROW LEVEL SECURITY', t);
                END IF;
            END IF;
            IF r.cmt IS NOT NULL THEN
                EXECUTE pg_catalog.format('COMMENT ON %s IS %L',
                    CASE r.kind WHEN 'key' THEN pg_catalog.format('CONSTRAINT %I ON service_affair.%I', r.name, t)
                                WHEN 'check' THEN pg_catalog.format('CONSTRAINT %I ON service_affair.%I', r.name, t)
                                WHEN 'index' THEN pg_catalog.format('INDEX service_affair.%I', r.name)
                                WHEN 'trigger' THEN pg_catalog.format('TRIGGER %I ON service_affair.%I', r.name, t)
                                WHEN 'policy' THEN pg_catalog.format('POLICY %I ON service_affair.%I', r.name, t)
                                WHEN 'column' THEN pg_catalog.format('COLUMN service_affair.%I.%I', t, r.name)
                                ELSE pg_catalog.format('TABLE service_affair.%I', t) END, r.cmt);
            END IF;
        END LOOP;
    END LOOP;
    -- foreign keys once every table has its keys
    FOR r IN SELECT DISTINCT ON (o.name) o.* FROM hp_obj o WHERE o.kind = 'fk' LOOP
        EXECUTE r.def;
        IF r.cmt IS NOT NULL THEN
            EXECUTE pg_catalog.format('COMMENT ON CONSTRAINT %s IS %L', r.name, r.cmt);
        END IF;
    END LOOP;

    -- 5. the dependents again, from their definitions
    FOR r IN SELECT * FROM hp_dep ORDER BY lvl, oid LOOP
        EXECUTE r.def;
        IF r.kind = 'view' THEN
            IF r.cmt IS NOT NULL THEN
                EXECUTE pg_catalog.format('COMMENT ON VIEW %s IS %L', r.name, r.cmt);
            END IF;
            FOR i IN 1 .. COALESCE(pg_catalog.array_length(r.extra, 1), 0) LOOP
                EXECUTE pg_catalog.format('COMMENT ON COLUMN %s.%s IS %L', r.name, r.extra[i], r.extra_cmt[i]);
            END LOOP;
        ELSIF r.kind = 'function' AND r.cmt IS NOT NULL THEN
            EXECUTE pg_catalog.format('COMMENT ON FUNCTION %s IS %L', r.name, r.cmt);
        ELSIF r.kind = 'policy' AND r.cmt IS NOT NULL THEN
            EXECUTE pg_catalog.format('COMMENT ON POLICY %s IS %L', r.name, r.cmt);
        END IF;
        IF r.acl IS NOT NULL THEN
            EXECUTE pg_catalog.format('REVOKE ALL ON %s %s FROM PUBLIC', CASE r.kind WHEN 'view' THEN 'TABLE' ELSE 'FUNCTION' END, r.name);
            FOR d IN SELECT a.privilege_type, a.grantee FROM aclexplode(r.acl) WITH ORDINALITY a(grantor, grantee, privilege_type, is_grantable, n)
                      WHERE a.grantee <> CASE r.kind WHEN 'view' THEN (SELECT c.relowner FROM pg_class c WHERE c.oid = to_regclass(r.name))
                                                     ELSE (SELECT p.proowner FROM pg_proc p WHERE p.oid = to_regprocedure(r.name)) END
                      ORDER BY a.n LOOP
                EXECUTE pg_catalog.format('GRANT %s ON %s %s TO %s', d.privilege_type, CASE r.kind WHEN 'view' THEN 'TABLE' ELSE 'FUNCTION' END, r.name,
                                          CASE WHEN d.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(d.grantee::regrole::text) END);
            END LOOP;
        END IF;
    END LOOP;
    PERFORM pg_catalog.set_config('search_path', old_path, true);
END
$convert$;

