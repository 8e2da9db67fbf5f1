-- service_affair_province 0.2.0: province-wide reads over region shards
-- (doc/scale.md, "Beyond one node: region shards").  Installed on the
-- province node beside service_affair (which owns the catalog there) and
-- service_affair_shard (the shard map).
--
-- Each shard is a postgres_fdw server named as in service_affair_shard.shard
-- (credentials in user mappings, never here).  attach_shard(name) imports the
-- shard's indicator views and its cases into schema sa_shard_<name> and
-- rebuilds the province views in this schema, with the columns of the single
-- node's views:
--   * efficiency, efficiency_department, efficiency_region, satisfaction,
--     satisfaction_department, satisfaction_region: every row groups cases
--     of one department, thus of one shard (a department's region is served
--     by one shard): the union of the shards' rows is the single node's answer;
--   * efficiency_point, efficiency_overall, satisfaction_point,
--     satisfaction_overall: a receiving point's cases span shards (通办), a
--     month's too: the shards' additive counts (that level of <x>_rollup)
--     summed per key, then the same formulas (service_affair.<x>_rates()).
-- A view either answers with every shard or raises an error: an unreachable
-- shard is postgres_fdw's error naming its server (= the shard), a shard of
-- the map that is not attached is 55000 naming it (complete()).  Never a
-- partial figure.  find_case(id) reads the one shard that numbered the case.

\echo Use "CREATE EXTENSION service_affair_province" to load this file. \quit

COMMENT ON SCHEMA service_affair_province IS
  'Province-wide reads of service_affair over region shards through postgres_fdw: indicator views complete or an error naming the missing shard; cases by number (doc/scale.md)';
REVOKE ALL ON SCHEMA service_affair_province FROM PUBLIC;

CREATE TABLE service_affair_province.attached (
    shard       text PRIMARY KEY REFERENCES service_affair_shard.shard ON UPDATE CASCADE,
    attached_at timestamptz NOT NULL DEFAULT pg_catalog.now()
);
COMMENT ON TABLE service_affair_province.attached IS
  'Shards whose views are imported (schema sa_shard_<name>) and included in the province views';
COMMENT ON COLUMN service_affair_province.attached.shard IS 'The shard (its postgres_fdw server has the same name)';
COMMENT ON COLUMN service_affair_province.attached.attached_at IS 'When attach_shard() last imported it';
-- dumped with the schemas sa_shard_<name> and the generated views (not extension members)
SELECT pg_catalog.pg_extension_config_dump('service_affair_province.attached', '');

CREATE TABLE service_affair_province.mirrored (
    view    text PRIMARY KEY,
    rollup  text,
    rates   text,
    level   text
);
COMMENT ON TABLE service_affair_province.mirrored IS
  'The single-node views the province node answers for every shard: a view without rollup is the union of the shards'' rows (each row is one department''s, thus one shard''s); with rollup, the shards'' counts of that level of the rollup summed per key and the rates function applied';
COMMENT ON COLUMN service_affair_province.mirrored.view IS 'Name of the view in schema service_affair (and in service_affair_province)';
COMMENT ON COLUMN service_affair_province.mirrored.rollup IS 'The additive rollup view whose overall level is summed across shards; NULL: a union';
COMMENT ON COLUMN service_affair_province.mirrored.rates IS 'The formula function applied to the summed rollup row';
COMMENT ON COLUMN service_affair_province.mirrored.level IS 'The level of the rollup the view shows (its keys: the rollup columns that are not counts)';
-- a receiving point's cases span shards (通办: received here, handled there),
-- and so does a month: those levels are re-aggregated
INSERT INTO service_affair_province.mirrored (view, rollup, rates, level) VALUES
  ('efficiency', NULL, NULL, NULL), ('efficiency_department', NULL, NULL, NULL), ('efficiency_region', NULL, NULL, NULL),
  ('efficiency_point', 'efficiency_rollup', 'efficiency_rates', 'point'),
  ('efficiency_overall', 'efficiency_rollup', 'efficiency_rates', 'overall'),
  ('satisfaction', NULL, NULL, NULL), ('satisfaction_department', NULL, NULL, NULL), ('satisfaction_region', NULL, NULL, NULL),
  ('satisfaction_point', 'satisfaction_rollup', 'satisfaction_rates', 'point'),
  ('satisfaction_overall', 'satisfaction_rollup', 'satisfaction_rates', 'overall'),
  -- complaints: a complaint lives on the shard of its case, applicant or
  -- department at receipt and keeps its number when transferred, so one
  -- department's complaints may span shards: every level is re-aggregated
  ('complaint_indicators', 'complaint_rollup', 'complaint_rates', 'department'),
  ('complaint_indicators_region', 'complaint_rollup', 'complaint_rates', 'region'),
  ('complaint_indicators_point', 'complaint_rollup', 'complaint_rates', 'point'),
  ('complaint_indicators_overall', 'complaint_rollup', 'complaint_rates', 'overall');

CREATE FUNCTION service_affair_province.complete() RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    missing text;
BEGIN
    SELECT pg_catalog.string_agg(s.name, ', ' ORDER BY s.name) INTO missing
      FROM service_affair_shard.shard s
     WHERE NOT EXISTS (SELECT FROM service_affair_province.attached a WHERE a.shard = s.name);
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'shard % is not attached to the province node', missing
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('Shards %s are in the shard map but their views are not imported: a province figure without them would be partial.', missing),
                  HINT = 'Run service_affair_province.attach_shard() for each.';
    END IF;
    RETURN true;
END
$$;
COMMENT ON FUNCTION service_affair_province.complete() IS
  'true when every shard of the map is attached; else 55000 naming the shards that are not (every province view calls it before reading a shard)';

CREATE FUNCTION service_affair_province.rebuild_period_functions(shards text[]) RETURNS integer
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    r record;
    f record;
    u text;
    sel text;
    keys text;
    zero text;
    def text;
    n integer := 0;
BEGIN
    FOR r IN SELECT DISTINCT m.rollup, pg_catalog.regexp_replace(m.rollup, '_rollup$', '') AS prefix
               FROM service_affair_province.mirrored m WHERE m.rollup IS NOT NULL ORDER BY 1 LOOP
        CONTINUE WHEN pg_catalog.to_regprocedure(pg_catalog.format('service_affair.%I(date, date, text[])', r.prefix || '_period_rollup')) IS NULL;
        -- the shards' rollup rows of the period, summed per level and key
        -- (month NULL), and the overall row of zeros when the period has
        -- none: service_affair.<x>_period_rollup() over every shard
        SELECT pg_catalog.string_agg(pg_catalog.format('SELECT * FROM %I.%I WHERE month >= pg_catalog.date_trunc(''month'', from_month)::date AND month <= to_month%s',
                                                       'sa_shard_' || s, r.rollup,
                                                       CASE WHEN o = 1 THEN ' AND service_affair_province.complete()' ELSE '' END),
                                     E'\nUNION ALL\n' ORDER BY o)
          INTO u FROM pg_catalog.unnest(shards) WITH ORDINALITY x(s, o);
        SELECT pg_catalog.string_agg(
                 CASE WHEN a.attname = 'month' THEN 'NULL::date AS month'
                      WHEN a.atttypid IN ('bigint'::regtype, 'integer'::regtype, 'numeric'::regtype)
                      THEN pg_catalog.format('pg_catalog.sum(r.%I)::%s AS %I', a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attname)
                      ELSE pg_catalog.format('r.%I', a.attname) END, ', ' ORDER BY a.attnum),
               pg_catalog.string_agg(pg_catalog.format('r.%I', a.attname), ', ' ORDER BY a.attnum)
                 FILTER (WHERE a.attname <> 'month' AND a.atttypid NOT IN ('bigint'::regtype, 'integer'::regtype, 'numeric'::regtype)),
               pg_catalog.string_agg(
                 CASE WHEN a.attname = 'level' THEN '''overall''::text'
                      WHEN a.atttypid IN ('bigint'::regtype, 'integer'::regtype, 'numeric'::regtype)
                      THEN pg_catalog.format('0::%s', pg_catalog.format_type(a.atttypid, a.atttypmod))
                      ELSE pg_catalog.format('NULL::%s', pg_catalog.format_type(a.atttypid, a.atttypmod)) END, ', ' ORDER BY a.attnum)
          INTO sel, keys, zero FROM pg_catalog.pg_attribute a
         WHERE a.attrelid = pg_catalog.format('service_affair.%I', r.rollup)::regclass AND a.attnum > 0 AND NOT a.attisdropped;
        EXECUTE pg_catalog.format(
            'CREATE FUNCTION service_affair_province.%I(from_month date, to_month date, levels text[] DEFAULT NULL) RETURNS SETOF service_affair.%I '
            'LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS %L',
            r.prefix || '_period_rollup', r.rollup,
            pg_catalog.format('SELECT z.* FROM (WITH r AS MATERIALIZED (%s) SELECT %s FROM r GROUP BY %s UNION ALL SELECT %s WHERE NOT EXISTS (SELECT FROM r WHERE r.level = ''overall'')) z WHERE levels IS NULL OR z.level = ANY (levels)',
                              u, sel, keys, zero));
        EXECUTE pg_catalog.format('COMMENT ON FUNCTION service_affair_province.%I(date, date, text[]) IS %L', r.prefix || '_period_rollup',
                                  pg_catalog.format('Internal: service_affair.%s_period_rollup() over shards %s: their %s rows of the months from_month..to_month summed per level and key (generated by rebuild_period_functions())',
                                                    r.prefix, pg_catalog.array_to_string(shards, ', '), r.rollup));
        n := n + 1;
        -- the period functions of the single node, reading the province's period rollup
        FOR f IN SELECT p.oid, p.proname FROM pg_catalog.pg_proc p
                  WHERE p.pronamespace = 'service_affair'::regnamespace AND p.proname ~ ('^' || r.prefix || '_period')
                    AND p.proname <> r.prefix || '_period_rollup'
                  ORDER BY p.proname LOOP
            def := pg_catalog.pg_get_functiondef(f.oid);
            IF pg_catalog.strpos(def, pg_catalog.format('service_affair.%s_period_rollup(', r.prefix)) = 0 THEN
                CONTINUE;  -- not built on the period rollup: not mirrored
            END IF;
            def := pg_catalog.replace(def, 'CREATE OR REPLACE FUNCTION service_affair.', 'CREATE FUNCTION service_affair_province.');
            def := pg_catalog.replace(def, pg_catalog.format('service_affair.%s_period_rollup(', r.prefix),
                                      pg_catalog.format('service_affair_province.%s_period_rollup(', r.prefix));
            EXECUTE def;
            EXECUTE pg_catalog.format('COMMENT ON FUNCTION service_affair_province.%s IS %L',
                                      pg_catalog.substr(f.oid::regprocedure::text, pg_catalog.length('service_affair.') + 1),
                                      pg_catalog.format('Province-wide %s over shards %s: %s (generated by rebuild_period_functions() from the single node''s function)',
                                                        f.proname, pg_catalog.array_to_string(shards, ', '),
                                                        pg_catalog.obj_description(f.oid, 'pg_proc')));
            n := n + 1;
        END LOOP;
    END LOOP;
    -- generated functions: nobody but their owner, then the analysts
    FOR f IN SELECT p.oid FROM pg_catalog.pg_proc p
              WHERE p.pronamespace = 'service_affair_province'::regnamespace AND p.proname ~ '_period'
                AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend d
                                 WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e') LOOP
        EXECUTE pg_catalog.format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f.oid::regprocedure);
        IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'service_affair_analyst') THEN
            EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION %s TO service_affair_analyst', f.oid::regprocedure);
        END IF;
    END LOOP;
    RETURN n;
END
$$;
COMMENT ON FUNCTION service_affair_province.rebuild_period_functions(text[]) IS
  'Re-create the period functions (efficiency_period(), _region, _point, satisfaction_period() ...) in this schema over the given shards: a <x>_period_rollup() summing the shards'' rollup rows of the period, and each single-node period function built on service_affair.<x>_period_rollup() re-created here reading it (same signature, result and formulas); returns the number of functions; run by rebuild_views()';

CREATE FUNCTION service_affair_province.rebuild_views() RETURNS integer
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    m record;
    shards text[];
    q text;
    sel text;
    cols text;
    keys text;
    n integer := 0;
BEGIN
    SELECT pg_catalog.array_agg(a.shard ORDER BY a.shard) INTO shards FROM service_affair_province.attached a;
    -- the period functions depend on their period rollup: dropped first
    FOR q IN SELECT pg_catalog.format('DROP FUNCTION %s', p.oid::regprocedure)
               FROM pg_catalog.pg_proc p
              WHERE p.pronamespace = 'service_affair_province'::regnamespace AND p.proname ~ '_period'
                AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend d
                                 WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')  -- generated ones only
              ORDER BY p.proname ~ '_period_rollup$', p.proname LOOP
        EXECUTE q;
    END LOOP;
    FOR m IN SELECT * FROM service_affair_province.mirrored ORDER BY view LOOP
        EXECUTE pg_catalog.format('DROP VIEW IF EXISTS service_affair_province.%I', m.view);
        CONTINUE WHEN shards IS NULL;
        IF m.rollup IS NULL THEN
            -- the union; the first branch checks completeness (a one-time filter)
            SELECT pg_catalog.string_agg(pg_catalog.format('SELECT * FROM %I.%I%s', 'sa_shard_' || s, m.view,
                                                           CASE WHEN o = 1 THEN ' WHERE service_affair_province.complete()' ELSE '' END),
                                         E'\nUNION ALL\n' ORDER BY o)
              INTO q FROM pg_catalog.unnest(shards) WITH ORDINALITY u(s, o);
        ELSE
            -- the level's rows of every shard, counts summed per key (the
            -- other columns; NULL where the level does not group), typed as
            -- the rollup row
            SELECT pg_catalog.string_agg(
                     CASE WHEN a.atttypid IN ('bigint'::regtype, 'integer'::regtype, 'numeric'::regtype)
                          THEN pg_catalog.format('pg_catalog.sum(r.%I)::%s AS %I', a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attname)
                          ELSE pg_catalog.format('r.%I', a.attname) END,
                     ', ' ORDER BY a.attnum),
                   pg_catalog.string_agg(pg_catalog.format('r.%I', a.attname), ', ' ORDER BY a.attnum)
                     FILTER (WHERE a.atttypid NOT IN ('bigint'::regtype, 'integer'::regtype, 'numeric'::regtype))
              INTO sel, keys FROM pg_catalog.pg_attribute a
             WHERE a.attrelid = pg_catalog.format('service_affair.%I', m.rollup)::regclass AND a.attnum > 0 AND NOT a.attisdropped;
            SELECT pg_catalog.string_agg(pg_catalog.format('SELECT * FROM %I.%I WHERE level = %L%s', 'sa_shard_' || s, m.rollup, m.level,
                                                           CASE WHEN o = 1 THEN ' AND service_affair_province.complete()' ELSE '' END),
                                         E'\nUNION ALL\n' ORDER BY o)
              INTO q FROM pg_catalog.unnest(shards) WITH ORDINALITY u(s, o);
            -- the columns of the single node's view: the rates from f, the rest from x
            SELECT pg_catalog.string_agg(CASE WHEN EXISTS (
                                                SELECT FROM pg_catalog.pg_proc p
                                                 WHERE p.oid = pg_catalog.format('service_affair.%I(service_affair.%I)', m.rates, m.rollup)::regprocedure
                                                   AND a.attname = ANY (p.proargnames[2:]))
                                              THEN pg_catalog.format('f.%I::%s AS %I', a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attname)
                                              ELSE pg_catalog.format('x.%I::%s AS %I', a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attname) END,
                                         ', ' ORDER BY a.attnum)
              INTO cols FROM pg_catalog.pg_attribute a
             WHERE a.attrelid = pg_catalog.format('service_affair.%I', m.view)::regclass AND a.attnum > 0 AND NOT a.attisdropped;
            q := pg_catalog.format('SELECT %s FROM (SELECT %s FROM (%s) r GROUP BY %s) x '
                                   'CROSS JOIN LATERAL service_affair.%I(x::service_affair.%I) f',
                                   cols, sel, q, keys, m.rates, m.rollup);
        END IF;
        EXECUTE pg_catalog.format('CREATE VIEW service_affair_province.%I AS %s', m.view, q);
        EXECUTE pg_catalog.format('COMMENT ON VIEW service_affair_province.%I IS %L', m.view,
                                  pg_catalog.format('Province-wide %s over shards %s: the columns and figures of service_affair.%s on a single node holding every shard''s cases; an error naming the shard when one is missing or unreachable (generated by rebuild_views())',
                                                    m.view, pg_catalog.array_to_string(shards, ', '), m.view));
        FOR q IN SELECT pg_catalog.format('COMMENT ON COLUMN service_affair_province.%I.%I IS %L', m.view, a.attname, d.description)
                   FROM pg_catalog.pg_attribute a
                   JOIN pg_catalog.pg_description d ON d.objoid = a.attrelid AND d.objsubid = a.attnum AND d.classoid = 'pg_class'::regclass
                  WHERE a.attrelid = pg_catalog.format('service_affair.%I', m.view)::regclass LOOP
            EXECUTE q;
        END LOOP;
        IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'service_affair_analyst') THEN
            EXECUTE pg_catalog.format('GRANT SELECT ON service_affair_province.%I TO service_affair_analyst', m.view);
        END IF;
        n := n + 1;
    END LOOP;
    IF shards IS NOT NULL THEN
        n := n + service_affair_province.rebuild_period_functions(shards);
    END IF;
    IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'service_affair_analyst') THEN
        GRANT USAGE ON SCHEMA service_affair_province TO service_affair_analyst;
        GRANT EXECUTE ON FUNCTION service_affair_province.complete() TO service_affair_analyst;
    END IF;
    -- a case by number, for those who handle cases (the row carries no
    -- personal data: the applicant is an id)
    FOR q IN SELECT r.rolname FROM pg_catalog.pg_roles r
              WHERE r.rolname IN ('service_affair_admin', 'service_affair_clerk', 'service_affair_reviewer') LOOP
        EXECUTE pg_catalog.format('GRANT USAGE ON SCHEMA service_affair_province TO %I', q);
        EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION service_affair_province.find_case(bigint) TO %I', q);
    END LOOP;
    RETURN n;
END
$$;
COMMENT ON FUNCTION service_affair_province.rebuild_views() IS
  'Re-create the province views of mirrored over the attached shards (columns and comments of the single node''s views) and the period functions (rebuild_period_functions()); analysts may read and call them when service_affair_analyst exists; administrators, clerks and reviewers may call find_case(); returns the number of views and functions; run by attach_shard() and detach_shard()';

CREATE FUNCTION service_affair_province.attach_shard(shard text) RETURNS integer
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    sch text := 'sa_shard_' || shard;
    q text;
BEGIN
    IF NOT EXISTS (SELECT FROM service_affair_shard.shard s WHERE s.name = attach_shard.shard) THEN
        RAISE EXCEPTION 'unknown shard %', pg_catalog.left(shard, 64)
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No row of service_affair_shard.shard is named %s.', pg_catalog.quote_literal(pg_catalog.left(shard, 64)));
    END IF;
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_foreign_server f JOIN pg_catalog.pg_foreign_data_wrapper w ON w.oid = f.srvfdw
                    WHERE f.srvname = shard AND w.fdwname = 'postgres_fdw') THEN
        RAISE EXCEPTION 'no postgres_fdw server for shard %', shard
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('Create it first: CREATE SERVER %I FOREIGN DATA WRAPPER postgres_fdw OPTIONS (...), and a user mapping.', shard);
    END IF;
    EXECUTE pg_catalog.format('DROP SCHEMA IF EXISTS %I CASCADE', sch);
    EXECUTE pg_catalog.format('CREATE SCHEMA %I', sch);
    EXECUTE pg_catalog.format('REVOKE ALL ON SCHEMA %I FROM PUBLIC', sch);
    EXECUTE pg_catalog.format('COMMENT ON SCHEMA %I IS %L', sch,
                              pg_catalog.format('Foreign tables of shard %s (postgres_fdw server %s), imported by service_affair_province.attach_shard()', shard, shard));
    EXECUTE pg_catalog.format('IMPORT FOREIGN SCHEMA service_affair LIMIT TO (%s) FROM SERVER %I INTO %I',
                              (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(v), ', ')
                                 FROM (SELECT m.view AS v FROM service_affair_province.mirrored m
                                       UNION SELECT m.rollup FROM service_affair_province.mirrored m WHERE m.rollup IS NOT NULL
                                       UNION SELECT 'cases') x),
                              shard, sch);
    -- the imported foreign tables document themselves as their sources do
    FOR q IN SELECT pg_catalog.format('COMMENT ON FOREIGN TABLE %I.%I IS %L', sch, c.relname,
                                      pg_catalog.format('service_affair.%s of shard %s (postgres_fdw): %s', c.relname, shard,
                                                        pg_catalog.obj_description(pg_catalog.format('service_affair.%I', c.relname)::regclass, 'pg_class')))
               FROM pg_catalog.pg_class c WHERE c.relnamespace = sch::regnamespace
             UNION ALL
             SELECT pg_catalog.format('COMMENT ON COLUMN %I.%I.%I IS %L', sch, c.relname, a.attname, d.description)
               FROM pg_catalog.pg_class c
               JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
               JOIN pg_catalog.pg_attribute l ON l.attrelid = pg_catalog.format('service_affair.%I', c.relname)::regclass AND l.attname = a.attname
               JOIN pg_catalog.pg_description d ON d.objoid = l.attrelid AND d.objsubid = l.attnum AND d.classoid = 'pg_class'::regclass
              WHERE c.relnamespace = sch::regnamespace LOOP
        EXECUTE q;
    END LOOP;
    INSERT INTO service_affair_province.attached (shard) VALUES (attach_shard.shard)
        ON CONFLICT ON CONSTRAINT attached_pkey DO UPDATE SET attached_at = pg_catalog.now();
    RETURN service_affair_province.rebuild_views();
END
$$;
COMMENT ON FUNCTION service_affair_province.attach_shard(text) IS
  'Import a shard''s indicator views, rollups and cases (its postgres_fdw server has the shard''s name) into schema sa_shard_<name> and rebuild the province views to include it; returns the number of views; 23503 unknown shard or no server';

CREATE FUNCTION service_affair_province.detach_shard(shard text) RETURNS integer
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    DELETE FROM service_affair_province.attached a WHERE a.shard = detach_shard.shard;
    PERFORM service_affair_province.rebuild_views();  -- first: the views depend on the schema
    EXECUTE pg_catalog.format('DROP SCHEMA IF EXISTS %I CASCADE', 'sa_shard_' || shard);
    RETURN (SELECT pg_catalog.count(*)::integer FROM service_affair_province.attached);
END
$$;
COMMENT ON FUNCTION service_affair_province.detach_shard(text) IS
  'Leave a shard out of the province views (they then raise 55000 naming it while it stays in the shard map); returns the number of shards still attached';

CREATE FUNCTION service_affair_province.shard_status()
    RETURNS TABLE (shard text, regions text, attached boolean, reachable boolean, cases bigint, error text)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    s record;
BEGIN
    FOR s IN SELECT h.name, EXISTS (SELECT FROM service_affair_province.attached a WHERE a.shard = h.name) AS att
               FROM service_affair_shard.shard h ORDER BY h.name LOOP
        shard := s.name;
        regions := service_affair_shard.shard_regions(s.name);
        attached := s.att;
        reachable := NULL;
        cases := NULL;
        error := NULL;
        IF s.att THEN
            BEGIN
                EXECUTE pg_catalog.format('SELECT pg_catalog.count(*) FROM %I.cases', 'sa_shard_' || s.name) INTO cases;
                reachable := true;
            EXCEPTION WHEN OTHERS THEN
                reachable := false;
                error := SQLERRM;
            END;
        END IF;
        RETURN NEXT;
    END LOOP;
END
$$;
COMMENT ON FUNCTION service_affair_province.shard_status() IS
  'Per shard of the map: the regions it serves, whether it is attached, whether it answers now (and its number of cases) or the error it gives';

CREATE FUNCTION service_affair_province.find_case(case_id bigint, OUT shard text, OUT case_row jsonb)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_numbered text;
BEGIN
    shard := service_affair_shard.shard_of_id(case_id);
    IF shard IS NULL OR NOT EXISTS (SELECT FROM service_affair_province.attached a WHERE a.shard = find_case.shard) THEN
        RAISE EXCEPTION 'unknown case'
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No attached shard numbers case %s (shard number = case number div 10^12).', case_id);
    END IF;
    v_numbered := shard;
    -- the numbering shard, then the shards its regions moved to (id_holder)
    FOREACH shard IN ARRAY service_affair_shard.id_holders(v_numbered) LOOP
        CONTINUE WHEN NOT EXISTS (SELECT FROM service_affair_province.attached a WHERE a.shard = find_case.shard);
        EXECUTE pg_catalog.format('SELECT pg_catalog.to_jsonb(c) FROM %I.cases c WHERE c.id = $1', 'sa_shard_' || shard)
           INTO case_row USING case_id;
        EXIT WHEN case_row IS NOT NULL;
    END LOOP;
    IF case_row IS NULL THEN
        RAISE EXCEPTION 'unknown case'
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('Shard %s (and the shards its regions moved to) holds no case %s.', v_numbered, case_id);
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair_province.find_case(bigint) IS
  'A case by number from the province node: the shard that numbered it (case number div 10^12; then the shards its regions moved to) and the case row as read there (one shard read, whatever the number of shards, for a case that has not moved); 23503 unknown case; an error naming the shard''s server when it cannot be reached';

REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA service_affair_province FROM PUBLIC;
