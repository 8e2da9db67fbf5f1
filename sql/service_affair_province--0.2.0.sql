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
-- shard is 08006 naming it (shard_rows(), unavailable(): postgres_fdw's own
-- error, with the shard's address, goes to the server log), a shard of
-- the map that is not attached is 55000 naming it (complete()).  Never a
-- partial figure.  While a region moves, a shard that may hold rows of a
-- region it does not serve by this node's map (mixed()) is read so that
-- each region's rows count once, from the shard the map names: rows filtered
-- (served()), and its counts of those regions taken out of its rollup rows
-- (moved_counts()).  find_case(id) reads the one shard that numbered the
-- case (then those its regions moved to); complaint_queue lists every
-- shard's complaints for their staff.  find_case() and settle_region_moves()
-- give a shard they cannot reach to unavailable() too (08006 naming it);
-- shard_status() reports it as down in its row, and so a shard that does
-- not answer its liveness probe within service_affair_province.status_timeout
-- (it reads through the shard's status server sa_status_<name>, made by
-- attach_shard(), whose connection carries that statement_timeout: 57014
-- from the shard; the caller's own cancel still ends the call); a shard
-- that answers the probe and not the count of its cases in time so is up,
-- cases NULL, and so is one that answers and refuses a read (42501).
-- The shards are read as the login of the owner's user mappings: a
-- member of service_affair_province_link there, to which the shard's
-- service_affair_shard grants the views cases, complaint and
-- complaint_event (imported here under those names) and the indicator
-- views, rollups and counts of mirrored (link_relations()), not an
-- administrator nor an analyst (until 2026-12-06 an analyst too, reading
-- every relation of the analysts on the shard).
-- find_case() and settle_region_moves() give a shard's own 57014 as 57014
-- naming it (unavailable()).

\echo Use "CREATE EXTENSION service_affair_province" to load this file. \quit

-- the schemas are private to a superuser (service_affair.require_private_schema(), sql/parts/00_header.sql)
SELECT service_affair.require_private_schema('service_affair');
SELECT service_affair.require_private_schema('service_affair_shard');
SELECT service_affair.require_private_schema('service_affair_province');

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
    level   text,
    counts  text,
    -- a shard reads these as service_affair_province_link, which selects
    -- the relations of service_affair_shard.link_relations() alone (a shard
    -- has no service_affair_province, and so no mirrored, to derive them
    -- from): a view mirrored here and not listed there fails to import,
    -- 42501 on every shard (until 2026-12-06 only companion_hostile.sql
    -- compared the two lists)
    CONSTRAINT mirrored_in_link_relations CHECK (
        view = ANY (service_affair_shard.link_relations())
        AND (rollup IS NULL OR rollup = ANY (service_affair_shard.link_relations()))
        AND (counts IS NULL OR counts = ANY (service_affair_shard.link_relations())))
);
COMMENT ON CONSTRAINT mirrored_in_link_relations ON service_affair_province.mirrored IS
  'Each view, rollup and counts named here is in service_affair_shard.link_relations(), what service_affair_province_link may read on a shard: a row failing it names a relation to add to the array of link_relations() (sql/service_affair_shard--0.2.0.sql), else attach_shard() fails with 42501 on every shard';
COMMENT ON TABLE service_affair_province.mirrored IS
  'The single-node views the province node answers for every shard: a view without rollup is the union of the shards'' rows (each row is one department''s, thus one shard''s); with rollup, the shards'' counts of that level of the rollup summed per key and the rates function applied';
COMMENT ON COLUMN service_affair_province.mirrored.view IS 'Name of the view in schema service_affair (and in service_affair_province)';
COMMENT ON COLUMN service_affair_province.mirrored.rollup IS 'The additive rollup view whose overall level is summed across shards; NULL: a union';
COMMENT ON COLUMN service_affair_province.mirrored.rates IS 'The formula function applied to the summed rollup row';
COMMENT ON COLUMN service_affair_province.mirrored.level IS 'The level of the rollup the view shows (its keys: the rollup columns that are not counts)';
COMMENT ON COLUMN service_affair_province.mirrored.counts IS 'The additive counts view of the rollup: while a region moves, the counts of the rows a shard holds of regions it does not serve (sa_shard_<name>.<counts>_moved, moved_counts()) are taken out of its rollup rows';
-- a receiving point's cases span shards (通办: received here, handled there),
-- and so does a month: those levels are re-aggregated
INSERT INTO service_affair_province.mirrored (view, rollup, rates, level, counts) VALUES
  ('efficiency', NULL, NULL, NULL, NULL), ('efficiency_department', NULL, NULL, NULL, NULL), ('efficiency_region', NULL, NULL, NULL, NULL),
  ('efficiency_point', 'efficiency_rollup', 'efficiency_rates', 'point', 'efficiency_counts'),
  ('efficiency_overall', 'efficiency_rollup', 'efficiency_rates', 'overall', 'efficiency_counts'),
  ('satisfaction', NULL, NULL, NULL, NULL), ('satisfaction_department', NULL, NULL, NULL, NULL), ('satisfaction_region', NULL, NULL, NULL, NULL),
  ('satisfaction_point', 'satisfaction_rollup', 'satisfaction_rates', 'point', 'satisfaction_counts'),
  ('satisfaction_overall', 'satisfaction_rollup', 'satisfaction_rates', 'overall', 'satisfaction_counts'),
  -- complaints: a complaint lives on the shard of its case, applicant or
  -- department at receipt and keeps its number when transferred, so one
  -- department's complaints may span shards: every level is re-aggregated
  -- (complaint_counts is keyed by the complaint's department, not by its
  -- case's: the counts taken out are computed here from the complaints
  -- themselves, moved_counts())
  ('complaint_indicators', 'complaint_rollup', 'complaint_rates', 'department', 'complaint_counts'),
  ('complaint_indicators_region', 'complaint_rollup', 'complaint_rates', 'region', 'complaint_counts'),
  ('complaint_indicators_point', 'complaint_rollup', 'complaint_rates', 'point', 'complaint_counts'),
  ('complaint_indicators_overall', 'complaint_rollup', 'complaint_rates', 'overall', 'complaint_counts');

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

-- ---- a region's rows from the shard that serves it, at every step of a move ----------------
-- Moving prefix P from shard A to shard B (doc/scale.md, "Moving a region"):
-- from copy_region() on B to finish_region_move() on this node, B holds a
-- copy of P's rows while the map says A; from finish_region_move() to
-- drop_region() on A, A still holds them while the map says B.  The map of
-- this node decides: a shard is "mixed" while it may hold rows of regions it
-- does not serve (the target of a region_move, the source of an unsettled
-- region_moved); the views then read its rows of the regions it serves only.
CREATE FUNCTION service_affair_province.mixed(shard text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT EXISTS (SELECT FROM service_affair_shard.region_move m WHERE m.to_shard = mixed.shard)
        OR EXISTS (SELECT FROM service_affair_shard.region_moved m WHERE m.from_shard = mixed.shard AND m.settled_at IS NULL)
$$;
COMMENT ON FUNCTION service_affair_province.mixed(text) IS
  'true while a shard may hold rows of regions it does not serve by this node''s shard map: the target of a region being moved (after copy_region(), before finish_region_move()), the source of a finished move not yet settled (before drop_region(), settle_region_moves()); the province views then read its rows of the regions it serves only';

CREATE FUNCTION service_affair_province.moving_regions(shard text) RETURNS text[]
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT COALESCE(pg_catalog.array_agg(DISTINCT d.region ORDER BY d.region), '{}')
      FROM service_affair.department d
     WHERE d.region IS NOT NULL
       AND service_affair_shard.shard_of_region(d.region) IS DISTINCT FROM moving_regions.shard
       AND (EXISTS (SELECT FROM service_affair_shard.region_move m
                     WHERE m.to_shard = moving_regions.shard AND pg_catalog.starts_with(d.region, m.prefix))
            OR EXISTS (SELECT FROM service_affair_shard.region_moved m
                        WHERE m.from_shard = moving_regions.shard AND m.settled_at IS NULL AND pg_catalog.starts_with(d.region, m.prefix)))
$$;
COMMENT ON FUNCTION service_affair_province.moving_regions(text) IS
  'The regions (of departments in the catalog) a mixed shard may hold without serving them: those of the prefixes moving to it or moved away from it and not settled; the condition sent to the shard with the counts to take out';

CREATE FUNCTION service_affair_province.served(shard text, department text, region text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT service_affair_shard.shard_of_region(
               CASE WHEN served.department IS NULL THEN served.region
                    ELSE (SELECT d.region FROM service_affair.department d WHERE d.code = served.department) END)
           IS NOT DISTINCT FROM served.shard
$$;
COMMENT ON FUNCTION service_affair_province.served(text, text, text) IS
  'Whether rows of this department (else this region) are the shard''s by this node''s shard map: the shard serving the department''s region';

CREATE FUNCTION service_affair_province.settle_region_moves()
    RETURNS TABLE (prefix text, from_shard text, to_shard text, cases_left bigint, settled boolean)
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    m record;
    v_deps text[];
    v_state text;
    v_msg text;
    v_detail text;
    v_context text;
BEGIN
    FOR m IN SELECT x.prefix, x.from_shard, x.to_shard, x.finished_at FROM service_affair_shard.region_moved x
              WHERE x.settled_at IS NULL ORDER BY x.finished_at FOR UPDATE LOOP
        prefix := m.prefix;
        from_shard := m.from_shard;
        to_shard := m.to_shard;
        cases_left := NULL;
        settled := false;
        IF EXISTS (SELECT FROM service_affair_province.attached a WHERE a.shard = m.from_shard) THEN
            SELECT pg_catalog.array_agg(d.code) INTO v_deps FROM service_affair.department d
             WHERE pg_catalog.starts_with(COALESCE(d.region, ''), m.prefix)
               AND NOT service_affair_province.served(m.from_shard, d.code, NULL);
            BEGIN
                EXECUTE pg_catalog.format('SELECT pg_catalog.count(*) FROM %I.cases c WHERE c.department = ANY ($1)', 'sa_shard_' || m.from_shard)
                   INTO cases_left USING COALESCE(v_deps, '{}');
            EXCEPTION WHEN OTHERS OR query_canceled THEN
                -- the old shard not reached: 08006 naming it, nothing settled
                -- (the whole call fails: no move is settled on a count not
                -- made); until 2026-12-05 postgres_fdw's own error, with the
                -- shard's address and not its name.  Its count ended by its
                -- own statement_timeout (57014 with postgres_fdw's "remote
                -- SQL command" context line): 57014 naming it, nothing
                -- settled (until 2026-12-05 the 57014 came through bare).
                -- This session's own cancel ends the call as it came.  (No
                -- lc_messages pinned here: a function that is not SECURITY
                -- DEFINER cannot set it for a caller who is not a superuser;
                -- the context line is matched in English and, failing that,
                -- by the remote statement itself, which reads the shard's
                -- service_affair_shard.cases)
                GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_msg = MESSAGE_TEXT, v_detail = PG_EXCEPTION_DETAIL,
                                        v_context = PG_EXCEPTION_CONTEXT;
                IF v_state LIKE '08%'
                   OR (v_state = '57014' AND COALESCE(v_context, '') ~ E'(^|\\n)(remote SQL command: |[^\\n]*: SELECT [^\\n]* FROM service_affair_shard\\.cases )') THEN
                    PERFORM service_affair_province.unavailable(m.from_shard, v_state, v_msg, NULLIF(v_detail, ''),
                                pg_catalog.format('settle_region_moves() counts the cases of prefix %s left on the shard it moved from, and settled nothing',
                                                  m.prefix));
                END IF;
                RAISE;
            END;
            IF cases_left = 0 THEN
                UPDATE service_affair_shard.region_moved x SET settled_at = pg_catalog.now()
                 WHERE x.prefix = m.prefix AND x.finished_at = m.finished_at;
                settled := true;
            END IF;
        END IF;
        RETURN NEXT;
    END LOOP;
END
$$;
COMMENT ON FUNCTION service_affair_province.settle_region_moves() IS
  'After drop_region() on the old shard of a finished move: asks that shard (postgres_fdw) how many cases of the moved prefix it still holds, and settles each move with none left (region_moved.settled_at) so that the province views read that shard at the level of its rollups again; returns every unsettled move with the cases left (NULL: shard not attached) and whether it is settled now; 08006 naming an old shard that cannot be reached and its regions (unavailable(): postgres_fdw''s error to the server log), 57014 naming an old shard whose own statement_timeout ended the count; nothing settled then';

-- A group of a rollup is kept while any of its counts is not 0: a group
-- whose rows were all taken out (the moved counts, subtracted) sums to 0 in
-- every count.  Until 2026-12-07 the first count alone (submitted, ratings,
-- received), then never 0 on a single node; since complaint_facts counts a
-- reply for the department that gave it, a former department's complaint
-- row has received 0 and replied 1, and the province dropped it.
CREATE FUNCTION service_affair_province.kept_group(rollup text) RETURNS text
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pg_catalog.string_agg(pg_catalog.format('pg_catalog.sum(r.%I) <> 0', a.attname), ' OR ' ORDER BY a.attnum)
      FROM pg_catalog.pg_attribute a
     WHERE a.attrelid = pg_catalog.format('service_affair.%I', rollup)::regclass AND a.attnum > 0 AND NOT a.attisdropped
       AND a.atttypid IN ('bigint'::regtype, 'integer'::regtype, 'numeric'::regtype)
$$;
COMMENT ON FUNCTION service_affair_province.kept_group(text) IS
  'Internal (rebuild_views(), rebuild_period_functions()): the HAVING condition of a group of summed rollup rows: any count column of the rollup not 0 (a group whose rows were all taken out is none; a single node''s row has some count not 0, though a complaint row of a former replying department has received 0)';

CREATE FUNCTION service_affair_province.moved_counts(shard text, counts text) RETURNS text
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    sch text := 'sa_shard_' || shard;
    v text := counts || '_moved';
    def text;
    facts text;
    q text;
BEGIN
    EXECUTE pg_catalog.format('DROP VIEW IF EXISTS %I.%I', sch, v);
    IF counts = 'complaint_counts' THEN
        -- a complaint belongs to the region of its case (it moved with it),
        -- not to its department's: the single node's facts and counts
        -- re-created here over the shard's complaints about cases of the
        -- departments it holds without serving them
        def := pg_catalog.pg_get_viewdef('service_affair.complaint_counts'::regclass);
        facts := pg_catalog.pg_get_viewdef('service_affair.complaint_facts'::regclass);
        IF pg_catalog.strpos(def, 'FROM service_affair.complaint_facts e') = 0 OR pg_catalog.strpos(facts, 'service_affair.complaint c') = 0 THEN
            RAISE EXCEPTION 'cannot mirror service_affair.complaint_counts'
                USING ERRCODE = 'feature_not_supported',
                      DETAIL = 'complaint_counts no longer reads complaint_facts e, or complaint_facts no longer reads complaint c.';
        END IF;
        facts := pg_catalog.replace(facts, 'service_affair.complaint_event ', pg_catalog.quote_ident(sch) || '.complaint_event ');
        facts := pg_catalog.replace(facts, 'service_affair.complaint c',
                   pg_catalog.format('(SELECT k.* FROM %1$I.complaint k WHERE service_affair_province.mixed(%2$L) AND k.case_id IN '
                                     '(SELECT x.id FROM %1$I.cases x WHERE x.department = ANY ((SELECT service_affair_province.moving_departments(%2$L))::text[]))) c',
                                     sch, shard));
        def := pg_catalog.replace(def, 'FROM service_affair.complaint_facts e', pg_catalog.format('FROM (%s) e', pg_catalog.rtrim(facts, ';')));
        EXECUTE pg_catalog.format('CREATE VIEW %I.%I AS %s', sch, v, pg_catalog.rtrim(def, ';'));
    ELSE
        -- counts keyed by the handling department of the cases counted
        EXECUTE pg_catalog.format('CREATE VIEW %1$I.%2$I AS SELECT x.* FROM %1$I.%3$I x WHERE service_affair_province.mixed(%4$L)'
                                  ' AND (x.region = ANY ((SELECT service_affair_province.moving_regions(%4$L))::text[]) OR x.region IS NULL)'
                                  ' AND NOT service_affair_province.served(%4$L, x.department, x.region)',
                                  sch, v, counts, shard);
    END IF;
    EXECUTE pg_catalog.format('COMMENT ON VIEW %I.%I IS %L', sch, v,
                              pg_catalog.format('service_affair.%s of the rows shard %s holds of regions it does not serve (while it is mixed; empty otherwise): taken out of its rollup rows by the province views (generated by service_affair_province.moved_counts())', counts, shard));
    FOR q IN SELECT pg_catalog.format('COMMENT ON COLUMN %I.%I.%I IS %L', sch, v, a.attname, d.description)
               FROM pg_catalog.pg_attribute a
               JOIN pg_catalog.pg_description d ON d.objoid = a.attrelid AND d.objsubid = a.attnum AND d.classoid = 'pg_class'::regclass
              WHERE a.attrelid = pg_catalog.format('service_affair.%I', counts)::regclass LOOP
        EXECUTE q;
    END LOOP;
    RETURN pg_catalog.format('%I.%I', sch, v);
END
$$;
COMMENT ON FUNCTION service_affair_province.moved_counts(text, text) IS
  'Internal (rebuild_views()): create view sa_shard_<shard>.<counts>_moved, the counts of the rows a mixed shard holds of regions it does not serve: efficiency and satisfaction counts (keyed by the handling department of the cases) filtered, the shard sent moving_regions(); complaint counts re-computed here from the single node''s complaint_facts and complaint_counts over the shard''s complaints about cases of moving_departments() (a complaint moves with its case, whatever its department); returns its name';

CREATE FUNCTION service_affair_province.moving_departments(shard text) RETURNS text[]
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT COALESCE(pg_catalog.array_agg(d.code ORDER BY d.code), '{}')
      FROM service_affair.department d WHERE d.region = ANY (service_affair_province.moving_regions(shard))
$$;
COMMENT ON FUNCTION service_affair_province.moving_departments(text) IS
  'The departments of moving_regions(): the cases a mixed shard holds of them are another shard''s';

CREATE FUNCTION service_affair_province.taken_out(shard text, rollup text, counts text, level text, cond text) RETURNS text
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    keys text[] := CASE level WHEN 'service' THEN ARRAY['department', 'region', 'service']
                              WHEN 'department' THEN ARRAY['department', 'region']
                              WHEN 'region' THEN ARRAY['region']
                              WHEN 'point' THEN ARRAY['point', 'point_level']
                              ELSE '{}'::text[] END || ARRAY['month'];
    cols text;
    types text;
BEGIN
    SELECT pg_catalog.string_agg(
             CASE WHEN a.attname = 'level' THEN pg_catalog.format('%L::text', level)
                  WHEN a.attname = ANY (keys) THEN pg_catalog.format('x.%I', a.attname)
                  WHEN a.atttypid IN ('bigint'::regtype, 'integer'::regtype, 'numeric'::regtype)
                  THEN pg_catalog.format('(- x.%I)::%s', a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod))
                  ELSE pg_catalog.format('NULL::%s', pg_catalog.format_type(a.atttypid, a.atttypmod)) END,
             ', ' ORDER BY a.attnum)
      INTO cols FROM pg_catalog.pg_attribute a
     WHERE a.attrelid = pg_catalog.format('service_affair.%I', rollup)::regclass AND a.attnum > 0 AND NOT a.attisdropped;
    SELECT pg_catalog.string_agg(pg_catalog.format('%I %s', a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod)), ', ' ORDER BY a.attnum)
      INTO types FROM pg_catalog.pg_attribute a
     WHERE a.attrelid = pg_catalog.format('service_affair.%I', counts)::regclass AND a.attnum > 0 AND NOT a.attisdropped;
    RETURN pg_catalog.format('SELECT %s FROM service_affair_province.moved_rows(%L, %L) AS x(%s) WHERE true%s',
                             cols, shard, counts, types, COALESCE(cond, ''));
END
$$;
COMMENT ON FUNCTION service_affair_province.taken_out(text, text, text, text, text) IS
  'Internal (rebuild_views(), rebuild_period_functions()): the query of the rows, shaped as the rollup''s rows of a level with their counts negated, of sa_shard_<shard>.<counts>_moved (moved_counts(), through moved_rows()): what a mixed shard holds of regions it does not serve; empty unless the shard is mixed';

-- ---- a shard the province views cannot read ------------------------------------------------
-- postgres_fdw raises 08001 "could not connect to server <name>" with libpq's
-- message as its DETAIL: the shard's host or socket directory and port.  The
-- views are read by every analyst, and until 2026-12-05 each was given it
-- (a review).  The views read each shard through shard_rows() (and
-- moved_rows()), whose handlers give an error of class 08 to unavailable():
-- the shard's name and regions to the caller, the cause to the server log and
-- to an administrator.  A foreign table named in the view itself would be
-- connected when the view's plan starts, before any handler could run: hence
-- functions, each with its own executor.
CREATE FUNCTION service_affair_province.unavailable(shard text, state text, message text, detail text,
                                                     reader text DEFAULT NULL) RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    -- the LOG below goes to the server log only, whatever client_min_messages
    -- the caller chose (errors reach the client at any setting)
    SET client_min_messages = error
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_cause text := pg_catalog.regexp_replace(pg_catalog.left(COALESCE(message, '') || COALESCE(': ' || detail, ''), 1000),
                                              '[[:cntrl:]]+', ' ', 'g');
BEGIN
    RAISE LOG 'service_affair_province: shard % not read for role %: % %', pg_catalog.left(shard, 64),
              pg_catalog.quote_ident(service_affair.actor()), state, v_cause;
    IF state = '57014' THEN
        -- the shard's own statement_timeout ended the read (its server's
        -- options '-c statement_timeout=...'): the shard answers, it is not
        -- "unavailable", and a caller or a job that retries on 57014 should
        -- still see 57014, now naming the shard (until 2026-12-05
        -- find_case() and settle_region_moves() passed it through bare:
        -- "canceling statement due to statement timeout", no shard named;
        -- a review).  The router passes a shard's 57014 through with its
        -- SQLSTATE too.  The message carries no address: told to every
        -- caller
        RAISE EXCEPTION 'shard % serving region % did not answer in time', service_affair.printable(pg_catalog.left(shard, 64)), service_affair_shard.shard_regions(shard)
            USING ERRCODE = 'query_canceled',
                  DETAIL = pg_catalog.format('%s: shard %s (regions %s) ended the read by its own statement_timeout: %s',
                                             COALESCE(reader, 'The province views need every shard'),
                                             pg_catalog.left(shard, 64), service_affair_shard.shard_regions(shard),
                                             pg_catalog.left(v_cause, 300)),
                  HINT = 'The shard answers but its query did not finish within the statement_timeout of its postgres_fdw server (options ''-c statement_timeout=...''): look for a lock or a long query on the shard, or raise that limit.';
    END IF;
    RAISE EXCEPTION 'shard % serving region % is unavailable', service_affair.printable(pg_catalog.left(shard, 64)), service_affair_shard.shard_regions(shard)
        USING ERRCODE = 'connection_failure',
              DETAIL = pg_catalog.format('%s: shard %s (regions %s) could not be read: %s',
                                         COALESCE(reader, 'The province views need every shard'),
                                         pg_catalog.left(shard, 64), service_affair_shard.shard_regions(shard),
                                         CASE WHEN service_affair.acts_as('admin') THEN pg_catalog.left(v_cause, 300)
                                              ELSE '(the cause is in the server log)' END),
              HINT = 'No partial answer is given: read again when the shard is back (service_affair_province.shard_status() says which shards answer).';
END
$$;
COMMENT ON FUNCTION service_affair_province.unavailable(text, text, text, text, text) IS
  'Internal (shard_rows(), moved_rows(), shard_complaint_queue(), find_case(), settle_region_moves()): raise 08006 naming a shard the province node could not read (postgres_fdw''s error of class 08) and its regions, or, state 57014 (the shard''s own statement_timeout ended the read), 57014 naming the shard and its regions, the cause in the DETAIL for every caller (it holds no address); the DETAIL opening with reader (what needed the shard; NULL: the province views); the error''s message and detail (libpq''s: the shard''s host or socket and port) go to the server log (LOG, with the SQLSTATE and the calling role) and into the DETAIL for an administrator only';

CREATE FUNCTION service_affair_province.shard_rows(shard text, shape anyelement, level text DEFAULT NULL,
                                                    from_month date DEFAULT NULL, to_month date DEFAULT NULL,
                                                    by_month boolean DEFAULT false)
    RETURNS SETOF anyelement
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET jit = off
    -- postgres_fdw's context line "remote SQL command: ..." tells a shard's
    -- 57014 from this session's own (as in shard_status())
    SET lc_messages = 'C'
AS $$
DECLARE
    v_rel regclass;
    v_cols text;
    v_state text;
    v_msg text;
    v_detail text;
    v_context text;
BEGIN
    -- shape: NULL of the type of service_affair.<v>, a mirrored view or its
    -- rollup (the rows analysts read summed or united anyway); nothing else
    -- of the shard (cases, complaints) is read through here
    SELECT c.oid INTO v_rel FROM pg_catalog.pg_class c
     WHERE c.reltype = pg_catalog.pg_typeof(shape) AND c.relnamespace = 'service_affair'::regnamespace
       AND c.relname IN (SELECT m.view FROM service_affair_province.mirrored m
                         UNION SELECT m.rollup FROM service_affair_province.mirrored m WHERE m.rollup IS NOT NULL);
    IF v_rel IS NULL THEN
        RAISE EXCEPTION 'shape must be the row type of a mirrored view or rollup'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('shard_rows() reads service_affair_province.mirrored''s views and rollups of a shard, not %s.',
                                             pg_catalog.left(pg_catalog.pg_typeof(shape)::text, 64));
    END IF;
    IF NOT EXISTS (SELECT FROM service_affair_province.attached a WHERE a.shard = shard_rows.shard) THEN
        RAISE EXCEPTION 'shard % is not attached', service_affair.printable(pg_catalog.left(shard, 64))
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No row of service_affair_province.attached names %s.',
                                             COALESCE(pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(shard, 64))), 'NULL'));
    END IF;
    SELECT pg_catalog.string_agg(pg_catalog.format('x.%I::%s', a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod)), ', ' ORDER BY a.attnum)
      INTO v_cols FROM pg_catalog.pg_attribute a
     WHERE a.attrelid = v_rel AND a.attnum > 0 AND NOT a.attisdropped;
    BEGIN
        -- the conditions go to the shard (postgres_fdw sends them on)
        RETURN QUERY EXECUTE pg_catalog.format('SELECT %s FROM %I.%I x WHERE true%s%s', v_cols, 'sa_shard_' || shard,
                                               (SELECT c.relname FROM pg_catalog.pg_class c WHERE c.oid = v_rel),
                                               CASE WHEN level IS NOT NULL THEN ' AND x.level = $1' ELSE '' END,
                                               CASE WHEN by_month THEN ' AND x.month >= $2 AND x.month <= $3' ELSE '' END)
            USING level, from_month, to_month;
    EXCEPTION WHEN OTHERS OR query_canceled THEN
        GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_msg = MESSAGE_TEXT, v_detail = PG_EXCEPTION_DETAIL,
                                v_context = PG_EXCEPTION_CONTEXT;
        -- the shard's own statement_timeout (57014 with postgres_fdw's
        -- "remote SQL command" line): 57014 naming it (until 2026-12-05
        -- it came through bare); this session's own cancel as it came
        IF v_state LIKE '08%'
           OR (v_state = '57014' AND COALESCE(v_context, '') ~ E'(^|\\n)remote SQL command: ') THEN
            PERFORM service_affair_province.unavailable(shard, v_state, v_msg, NULLIF(v_detail, ''));
        END IF;
        RAISE;
    END;
END
$$;
COMMENT ON FUNCTION service_affair_province.shard_rows(text, anyelement, text, date, date, boolean) IS
  'Internal (the province views and period functions): the rows of sa_shard_<shard>.<v>, the shard''s copy of the mirrored view or rollup whose row type shape has (NULL::service_affair.<v>), of level (NULL: every level) and, with by_month, of the months from_month..to_month (the conditions sent to the shard); read as the owner (the shard''s user mapping is its); a shard that cannot be read: 08006 naming it (unavailable()), never postgres_fdw''s error with its address; a read ended by the shard''s own statement_timeout: 57014 naming it; 22023 another shape, 23503 a shard not attached';

-- The moved counts through a function: a shard that is not mixed costs the
-- province views one call that returns at once, not the planning of the
-- complaint facts over foreign tables (seconds, with JIT) in every view.
CREATE FUNCTION service_affair_province.moved_rows(shard text, counts text) RETURNS SETOF record
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET jit = off
    -- postgres_fdw's context line "remote SQL command: ..." tells a shard's
    -- 57014 from this session's own (as in shard_status())
    SET lc_messages = 'C'
AS $$
DECLARE
    v_state text;
    v_msg text;
    v_detail text;
    v_context text;
BEGIN
    IF NOT service_affair_province.mixed(shard) THEN
        RETURN;
    END IF;
    RETURN QUERY EXECUTE pg_catalog.format('SELECT * FROM %I.%I', 'sa_shard_' || shard, counts || '_moved');
EXCEPTION WHEN OTHERS OR query_canceled THEN
    -- a shard not read: its name, never postgres_fdw's DETAIL (unavailable())
    GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_msg = MESSAGE_TEXT, v_detail = PG_EXCEPTION_DETAIL,
                            v_context = PG_EXCEPTION_CONTEXT;
    -- the shard's own statement_timeout (57014 with postgres_fdw's
    -- "remote SQL command" line): 57014 naming it (until 2026-12-05
    -- it came through bare); this session's own cancel as it came
    IF v_state LIKE '08%'
       OR (v_state = '57014' AND COALESCE(v_context, '') ~ E'(^|\\n)remote SQL command: ') THEN
        PERFORM service_affair_province.unavailable(shard, v_state, v_msg, NULLIF(v_detail, ''));
    END IF;
    RAISE;
END
$$;
COMMENT ON FUNCTION service_affair_province.moved_rows(text, text) IS
  'Internal (the province views): the rows of sa_shard_<shard>.<counts>_moved while the shard is mixed, none at once otherwise (as the views'' owner: the shard''s user mapping is its); a shard that cannot be read: 08006 naming it (unavailable())';

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
    FOR r IN SELECT m.rollup, pg_catalog.regexp_replace(m.rollup, '_rollup$', '') AS prefix, pg_catalog.max(m.counts) AS counts
               FROM service_affair_province.mirrored m WHERE m.rollup IS NOT NULL GROUP BY m.rollup ORDER BY 1 LOOP
        CONTINUE WHEN pg_catalog.to_regprocedure(pg_catalog.format('service_affair.%I(date, date, text[])', r.prefix || '_period_rollup')) IS NULL;
        -- the first day of from_month's month as 65_views.sql reckons it, in
        -- date arithmetic (date_trunc() goes through timestamp: 22008 for a
        -- month in 4714-11 BC or after 294276; a review)
        -- the shards' rollup rows of the period, summed per level and key
        -- (month NULL), and the overall row of zeros when the period has
        -- none: service_affair.<x>_period_rollup() over every shard
        -- (a mixed shard's counts of regions it does not serve taken out at
        -- every level of the rollup, as in rebuild_views())
        SELECT pg_catalog.string_agg(pg_catalog.format('SELECT * FROM service_affair_province.shard_rows(%L, NULL::service_affair.%I, NULL, CASE WHEN from_month < date ''4714-12-01 BC'' THEN date ''-infinity'' WHEN pg_catalog.isfinite(from_month) THEN from_month OPERATOR(pg_catalog.-) (pg_catalog.extract(''day'', from_month)::integer - 1) ELSE from_month END, to_month, true) WHERE true%s%s',
                                                       s, r.rollup,
                                                       CASE WHEN o = 1 THEN ' AND service_affair_province.complete()' ELSE '' END,
                                                       ''::text)
                                     || CASE WHEN r.counts IS NOT NULL
                                             THEN (SELECT pg_catalog.string_agg(E'\nUNION ALL\n' || service_affair_province.taken_out(s, r.rollup, r.counts, l,
                                                                                   ' AND x.month >= CASE WHEN from_month < date ''4714-12-01 BC'' THEN date ''-infinity'' WHEN pg_catalog.isfinite(from_month) THEN from_month OPERATOR(pg_catalog.-) (pg_catalog.extract(''day'', from_month)::integer - 1) ELSE from_month END AND x.month <= to_month'), '' ORDER BY l)
                                                     FROM pg_catalog.unnest(ARRAY['service', 'department', 'region', 'point', 'overall']) l
                                                    WHERE l <> 'service' OR EXISTS (SELECT FROM pg_catalog.pg_attribute a
                                                                                     WHERE a.attrelid = pg_catalog.format('service_affair.%I', r.rollup)::regclass
                                                                                       AND a.attname = 'service'))
                                             ELSE '' END,
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
        -- (a NULL month is refused through period_scan_bound(), 22023, as on a single node;
        -- a NULL or unknown level through period_levels_checked(), as on a single node since 2026-12-07)
        EXECUTE pg_catalog.format(
            'CREATE FUNCTION service_affair_province.%I(from_month date, to_month date, levels text[] DEFAULT NULL) RETURNS SETOF service_affair.%I '
            'LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS %L',
            r.prefix || '_period_rollup', r.rollup,
            pg_catalog.format('SELECT z.* FROM (WITH r AS MATERIALIZED (%s), g AS MATERIALIZED (SELECT %s FROM r GROUP BY %s HAVING %s) '
                              'SELECT * FROM g UNION ALL SELECT %s WHERE NOT EXISTS (SELECT FROM g WHERE g.level = ''overall'')) z WHERE (levels IS NULL OR z.level = ANY (levels)) '
                              'AND service_affair.period_scan_bound(from_month, false) IS NOT NULL AND service_affair.period_scan_bound(to_month, true) IS NOT NULL '
                              'AND service_affair.period_levels_checked(%L, levels)',
                              u, sel, keys, service_affair_province.kept_group(r.rollup), zero, r.prefix));
        EXECUTE pg_catalog.format('COMMENT ON FUNCTION service_affair_province.%I(date, date, text[]) IS %L', r.prefix || '_period_rollup',
                                  pg_catalog.format('Internal: service_affair.%s_period_rollup() over shards %s: their %s rows of the months from_month..to_month summed per level and key, read as the owner (the shards'' user mappings are its; callers have no access to schemas sa_shard_<name>) (generated by rebuild_period_functions())',
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
    -- generated functions: nobody but their owner, then the analysts; and
    -- dropped with the extension (their bodies are strings: pg_depend
    -- shows nothing they call, and until 2026-12-06, a review, DROP
    -- EXTENSION ... CASCADE left them in the schema; DEPENDS ON EXTENSION
    -- is dumped, no membership, which pg_dump would not dump)
    FOR f IN SELECT p.oid FROM pg_catalog.pg_proc p
              WHERE p.pronamespace = 'service_affair_province'::regnamespace AND p.proname ~ '_period'
                AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend d
                                 WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e') LOOP
        EXECUTE pg_catalog.format('ALTER FUNCTION %s DEPENDS ON EXTENSION service_affair_province', f.oid::regprocedure);
        EXECUTE pg_catalog.format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f.oid::regprocedure);
        IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'service_affair_analyst') THEN
            EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION %s TO service_affair_analyst', f.oid::regprocedure);
        END IF;
    END LOOP;
    RETURN n;
END
$$;
COMMENT ON FUNCTION service_affair_province.rebuild_period_functions(text[]) IS
  'Re-create the period functions (efficiency_period(), _region, _point, satisfaction_period() ...) in this schema over the given shards: a <x>_period_rollup() summing the shards'' rollup rows of the period, and each single-node period function built on service_affair.<x>_period_rollup() re-created here reading it (same signature, result and formulas), each depending on the extension (DEPENDS ON EXTENSION: dropped with it); returns the number of functions; run by rebuild_views()';

-- ---- the province-wide complaint queue ----------------------------------------------------
-- A complaint stays on the shard it was received on (its case's, applicant's
-- or department's) when assigned or transferred to a department of another
-- shard: the staff of that department find it here, in the single node's
-- complaint_queue re-created over every shard's complaint table (same
-- columns, the complainant left out, the same access decision
-- complaint_visible() evaluated here for the caller).
CREATE FUNCTION service_affair_province.complaint_departments() RETURNS text[]
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT COALESCE(pg_catalog.array_agg(d.code ORDER BY d.code), '{}')
      FROM service_affair.department d WHERE service_affair.complaint_visible(d.code)
$$;
COMMENT ON FUNCTION service_affair_province.complaint_departments() IS
  'The departments whose complaints the caller handles (complaint_visible(), about the caller: not SECURITY DEFINER): the condition sent to the shards by the province complaint_queue so that each shard returns those complaints only';

-- A shard's part of the queue through a function (its own executor): a shard
-- that cannot be read is 08006 naming it (unavailable()), never
-- postgres_fdw's DETAIL with the shard's address (until 2026-12-05 the view
-- named the foreign tables, and every clerk and reviewer reading it was
-- given that DETAIL).  It returns the single node's complaint_queue rows
-- for the caller (the complainant left out; complaint_visible() and
-- complaint_departments() decide for actor(), the caller, under SECURITY
-- DEFINER too): called directly it gives no more than the view.
CREATE FUNCTION service_affair_province.shard_complaint_queue(shard text) RETURNS SETOF service_affair.complaint_queue
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET jit = off
    -- postgres_fdw's context line "remote SQL command: ..." tells a shard's
    -- 57014 from this session's own (as in shard_status())
    SET lc_messages = 'C'
AS $$
DECLARE
    sch text := 'sa_shard_' || shard;
    def text := pg_catalog.pg_get_viewdef('service_affair.complaint_queue'::regclass);
    v_from text := 'FROM service_affair.complaint c';
    v_state text;
    v_msg text;
    v_detail text;
    v_context text;
BEGIN
    IF NOT EXISTS (SELECT FROM service_affair_province.attached a WHERE a.shard = shard_complaint_queue.shard) THEN
        RAISE EXCEPTION 'shard % is not attached', service_affair.printable(pg_catalog.left(shard, 64))
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No row of service_affair_province.attached names %s.',
                                             COALESCE(pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(shard, 64))), 'NULL'));
    END IF;
    IF pg_catalog.strpos(def, v_from) = 0 THEN
        RAISE EXCEPTION 'cannot mirror service_affair.complaint_queue'
            USING ERRCODE = 'feature_not_supported',
                  DETAIL = pg_catalog.format('Its definition no longer reads %s: %s', v_from, pg_catalog.left(def, 300));
    END IF;
    -- the complaints the caller may handle (the condition is sent to the
    -- shard); a mixed shard's complaints of a case of a region it does not
    -- serve are the serving shard's (a region moving: on both)
    -- (the shard's view has no complainant, anonymous instead: applicant
    -- here is NULL for an anonymous complaint and true otherwise, all that
    -- the single node's queue reads of it, "applicant IS NULL"; until
    -- 2026-12-05 the shard sent the complainant's applicant id)
    def := pg_catalog.replace(def, v_from, pg_catalog.format(
               'FROM (SELECT k.*, NULLIF(NOT k.anonymous, false) AS applicant FROM %1$I.complaint k WHERE (k.department = ANY ($1) OR k.department IS NULL AND $2)%2$s) c', sch,
               CASE WHEN service_affair_province.mixed(shard)
                    THEN pg_catalog.format(' AND (k.case_id IS NULL OR service_affair_province.served(%1$L, (SELECT x.department FROM %2$I.cases x WHERE x.id = k.case_id), NULL))',
                                           shard, sch)
                    ELSE '' END));
    BEGIN
        RETURN QUERY EXECUTE pg_catalog.rtrim(def, ';')
            USING service_affair_province.complaint_departments(), service_affair.complaint_visible(NULL);
    EXCEPTION WHEN OTHERS OR query_canceled THEN
        GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_msg = MESSAGE_TEXT, v_detail = PG_EXCEPTION_DETAIL,
                                v_context = PG_EXCEPTION_CONTEXT;
        -- the shard's own statement_timeout (57014 with postgres_fdw's
        -- "remote SQL command" line): 57014 naming it (until 2026-12-05
        -- it came through bare); this session's own cancel as it came
        IF v_state LIKE '08%'
           OR (v_state = '57014' AND COALESCE(v_context, '') ~ E'(^|\\n)remote SQL command: ') THEN
            PERFORM service_affair_province.unavailable(shard, v_state, v_msg, NULLIF(v_detail, ''));
        END IF;
        RAISE;
    END;
END
$$;
COMMENT ON FUNCTION service_affair_province.shard_complaint_queue(text) IS
  'Internal (the province complaint_queue): the single node''s complaint_queue rows for the caller (complaint_visible(), complaint_departments(): the departments it handles, sent to the shard) over shard''s complaint table (a mixed shard: the complaints of cases of regions it serves, served()), read as the owner (the shard''s user mapping is its); a shard that cannot be read: 08006 naming it (unavailable()), never postgres_fdw''s error with its address; a read ended by the shard''s own statement_timeout: 57014 naming it; 23503 a shard not attached';

CREATE FUNCTION service_affair_province.rebuild_complaint_queue(shards text[]) RETURNS integer
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    def text;
    u text;
    q text;
    v_from text := 'FROM service_affair.complaint c';
BEGIN
    DROP VIEW IF EXISTS service_affair_province.complaint_queue;
    IF shards IS NULL THEN
        RETURN 0;
    END IF;
    def := pg_catalog.pg_get_viewdef('service_affair.complaint_queue'::regclass);
    IF pg_catalog.strpos(def, v_from) = 0 THEN
        RAISE EXCEPTION 'cannot mirror service_affair.complaint_queue'
            USING ERRCODE = 'feature_not_supported',
                  DETAIL = pg_catalog.format('Its definition no longer reads %s: %s', v_from, pg_catalog.left(def, 300));
    END IF;
    -- every shard's complaints the caller may handle, each shard's through
    -- shard_complaint_queue() (the single node's queue over that shard's
    -- complaints: its name when it cannot be read, never postgres_fdw's
    -- DETAIL with its address)
    SELECT pg_catalog.string_agg(pg_catalog.format('SELECT * FROM service_affair_province.shard_complaint_queue(%L)%s', s,
                                                   CASE WHEN o = 1 THEN ' WHERE service_affair_province.complete()' ELSE '' END),
                                 E'\nUNION ALL\n' ORDER BY o)
      INTO u FROM pg_catalog.unnest(shards) WITH ORDINALITY x(s, o);
    EXECUTE pg_catalog.format('CREATE VIEW service_affair_province.complaint_queue WITH (security_barrier = true) AS %s', u);
    EXECUTE pg_catalog.format('COMMENT ON VIEW service_affair_province.complaint_queue IS %L',
                              pg_catalog.format('Province-wide complaint_queue over shards %s: %s; a complaint is listed wherever it is held, whichever shard its handling department''s region is served by (generated by rebuild_complaint_queue())',
                                                pg_catalog.array_to_string(shards, ', '),
                                                pg_catalog.obj_description('service_affair.complaint_queue'::regclass, 'pg_class')));
    FOR q IN SELECT pg_catalog.format('COMMENT ON COLUMN service_affair_province.complaint_queue.%I IS %L', a.attname, d.description)
               FROM pg_catalog.pg_attribute a
               JOIN pg_catalog.pg_description d ON d.objoid = a.attrelid AND d.objsubid = a.attnum AND d.classoid = 'pg_class'::regclass
              WHERE a.attrelid = 'service_affair.complaint_queue'::regclass LOOP
        EXECUTE q;
    END LOOP;
    -- who reads the single node's queue reads this one
    FOR q IN SELECT DISTINCT 'service_affair_' || g.role FROM service_affair.role_grant g
              WHERE g.privilege = 'SELECT' AND g.object = 'service_affair.complaint_queue'
                AND EXISTS (SELECT FROM pg_catalog.pg_roles r WHERE r.rolname = 'service_affair_' || g.role) LOOP
        EXECUTE pg_catalog.format('GRANT USAGE ON SCHEMA service_affair_province TO %I', q);
        EXECUTE pg_catalog.format('GRANT SELECT ON service_affair_province.complaint_queue TO %I', q);
        EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION service_affair_province.complete(), service_affair_province.mixed(text), '
                                  'service_affair_province.served(text, text, text), service_affair_province.complaint_departments(), '
                                  'service_affair_province.shard_complaint_queue(text) TO %I', q);
    END LOOP;
    RETURN 1;
END
$$;
COMMENT ON FUNCTION service_affair_province.rebuild_complaint_queue(text[]) IS
  'Re-create service_affair_province.complaint_queue over the given shards from the single node''s definition (its columns, the complainant left out, complaint_visible() for the caller) reading every shard''s complaint table; granted as role_grant grants service_affair.complaint_queue; returns 1 (0: no shard); run by rebuild_views()';

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
    -- the views first: they depend on the shards' generated counts views
    FOR m IN SELECT * FROM service_affair_province.mirrored ORDER BY view LOOP
        EXECUTE pg_catalog.format('DROP VIEW IF EXISTS service_affair_province.%I', m.view);
    END LOOP;
    FOR m IN SELECT DISTINCT x.s, y.counts FROM pg_catalog.unnest(shards) x(s), service_affair_province.mirrored y
              WHERE y.counts IS NOT NULL ORDER BY 1, 2 LOOP
        PERFORM service_affair_province.moved_counts(m.s, m.counts);
    END LOOP;
    FOR m IN SELECT * FROM service_affair_province.mirrored ORDER BY view LOOP
        CONTINUE WHEN shards IS NULL;
        IF m.rollup IS NULL THEN
            -- the union; the first shard's branches check completeness (a
            -- one-time filter); a mixed shard's rows (one department or
            -- region each) of the regions it serves only
            -- (each shard read through shard_rows(): its name when it
            -- cannot be read, never postgres_fdw's DETAIL with its address)
            SELECT pg_catalog.string_agg(pg_catalog.format('SELECT * FROM service_affair_province.shard_rows(%4$L, NULL::service_affair.%2$I) WHERE %3$sNOT service_affair_province.mixed(%4$L)'
                                                           || E'\nUNION ALL\n' ||
                                                           'SELECT * FROM service_affair_province.shard_rows(%4$L, NULL::service_affair.%2$I) v WHERE %3$sservice_affair_province.mixed(%4$L) AND service_affair_province.served(%4$L, %5$s, %6$s)',
                                                           'sa_shard_' || s, m.view,
                                                           CASE WHEN o = 1 THEN 'service_affair_province.complete() AND ' ELSE '' END, s,
                                                           CASE WHEN EXISTS (SELECT FROM pg_catalog.pg_attribute a WHERE a.attrelid = pg_catalog.format('service_affair.%I', m.view)::regclass
                                                                                AND a.attname = 'department' AND NOT a.attisdropped) THEN 'v.department' ELSE 'NULL' END,
                                                           CASE WHEN EXISTS (SELECT FROM pg_catalog.pg_attribute a WHERE a.attrelid = pg_catalog.format('service_affair.%I', m.view)::regclass
                                                                                AND a.attname = 'region' AND NOT a.attisdropped) THEN 'v.region' ELSE 'NULL' END),
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
            -- the level's rows of each shard; a mixed shard's counts of the
            -- regions it does not serve taken out (moved_counts())
            SELECT pg_catalog.string_agg(pg_catalog.format('SELECT * FROM service_affair_province.shard_rows(%L, NULL::service_affair.%I, %L) WHERE true%s%s', s, m.rollup, m.level,
                                                           CASE WHEN o = 1 THEN ' AND service_affair_province.complete()' ELSE '' END,
                                                           ''::text)
                                         || CASE WHEN m.counts IS NOT NULL
                                                 THEN E'\nUNION ALL\n' || service_affair_province.taken_out(s, m.rollup, m.counts, m.level, NULL)
                                                 ELSE '' END,
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
            -- a group whose rows were all taken out is no group (every
            -- count sums to 0: kept_group())
            q := pg_catalog.format('SELECT %s FROM (SELECT %s FROM (%s) r GROUP BY %s HAVING %s) x '
                                   'CROSS JOIN LATERAL service_affair.%I(x::service_affair.%I) f',
                                   cols, sel, q, keys, service_affair_province.kept_group(m.rollup), m.rates, m.rollup);
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
    n := n + service_affair_province.rebuild_complaint_queue(shards);
    IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'service_affair_analyst') THEN
        GRANT USAGE ON SCHEMA service_affair_province TO service_affair_analyst;
        GRANT EXECUTE ON FUNCTION service_affair_province.complete() TO service_affair_analyst;
        GRANT EXECUTE ON FUNCTION service_affair_province.mixed(text) TO service_affair_analyst;
        GRANT EXECUTE ON FUNCTION service_affair_province.moving_regions(text) TO service_affair_analyst;
        GRANT EXECUTE ON FUNCTION service_affair_province.moving_departments(text) TO service_affair_analyst;
        GRANT EXECUTE ON FUNCTION service_affair_province.moved_rows(text, text) TO service_affair_analyst;
        GRANT EXECUTE ON FUNCTION service_affair_province.shard_rows(text, anyelement, text, date, date, boolean) TO service_affair_analyst;
        GRANT EXECUTE ON FUNCTION service_affair_province.served(text, text, text) TO service_affair_analyst;
    END IF;
    -- a case by number, for the administrators, who see every case: the
    -- row is read as the owner (its user mapping), and the row-level
    -- security that limits clerks and reviewers to some cases on the shard
    -- cannot be evaluated here for them
    FOR q IN SELECT r.rolname FROM pg_catalog.pg_roles r
              WHERE r.rolname = 'service_affair_admin' LOOP
        EXECUTE pg_catalog.format('GRANT USAGE ON SCHEMA service_affair_province TO %I', q);
        EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION service_affair_province.find_case(bigint) TO %I', q);
    END LOOP;
    RETURN n;
END
$$;
COMMENT ON FUNCTION service_affair_province.rebuild_views() IS
  'Re-create the province views of mirrored over the attached shards (columns and comments of the single node''s views) the period functions (rebuild_period_functions()) and the province-wide complaint_queue (rebuild_complaint_queue()); analysts may read and call them when service_affair_analyst exists; administrators may call find_case(); returns the number of views and functions; run by attach_shard() and detach_shard()';

-- One attach or detach at a time (attach_shard(), detach_shard(): each
-- rebuilds every province view), taken as their first step after the
-- argument checks.  Until 2026-12-05 (a hostile review) two first
-- attach_shard() of a shard at once both found no schema sa_shard_<name>,
-- and the second failed at CREATE SCHEMA with 23505 on
-- pg_namespace_nspname_index once the first committed
-- (test/isolation/specs/province_attach_race.spec); under READ COMMITTED
-- each statement after the lock sees what the other committed.
-- Under REPEATABLE READ or SERIALIZABLE a snapshot taken before an
-- attach or detach that committed while this one waited for the lock
-- is refused: each of them drops or makes a schema sa_shard_<name>,
-- which the catalog (read afresh after the lock) shows and the
-- snapshot does not.  Until 2026-12-05 (a hostile review) such an
-- attach of the same shard, which read its status servers through the
-- snapshot (status_servers()), dropped none and failed at CREATE
-- SERVER, 42710 "server sa_status_<name> already exists", and one of
-- another shard rebuilt the province views without the shard attached
-- meanwhile
-- The check itself, for each of attached's readers that waits for an
-- attach or detach: attached_lock() (attach_shard(), detach_shard()),
-- shard_status() and the event-trigger function status_server_follow(),
-- each after its lock (shard_status() and the follow take ROW EXCLUSIVE,
-- which a hot standby grants; the check reads the catalog only, which a
-- standby can too).  Until 2026-12-05 (a review) those two read attached
-- through a snapshot older than an attach or detach they had waited for:
-- shard_status() listed a shard detached meanwhile as attached and
-- unreachable (42P01 on its dropped probe) and one attached meanwhile as
-- not attached, the follow missed a shard attached meanwhile (its status
-- server left on the former options or credentials)
CREATE FUNCTION service_affair_province.attached_check(caller text) RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF EXISTS (SELECT FROM service_affair_shard.shard h
                WHERE pg_catalog.octet_length(h.name) <= 53
                  AND pg_catalog.to_regnamespace(pg_catalog.quote_ident('sa_shard_' || h.name))::oid
                      IS DISTINCT FROM (SELECT n.oid FROM pg_catalog.pg_namespace n WHERE n.nspname = 'sa_shard_' || h.name)) THEN
        RAISE EXCEPTION 'could not serialize access due to a concurrent attach_shard() or detach_shard()'
            USING ERRCODE = 'serialization_failure',
                  DETAIL = pg_catalog.format('%s read service_affair_province.attached after an attach or detach that committed after this transaction''s snapshot (isolation level %s).', caller, pg_catalog.current_setting('transaction_isolation')),
                  HINT = 'Retry the transaction.';
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair_province.attached_check(text) IS
  'Internal (attached_lock(), shard_status(), status_server_follow(), each after its lock on attached; caller is named in the error): 40001 when this transaction''s snapshot predates an attach_shard() or detach_shard() that committed (a schema sa_shard_<name> the catalog shows and the snapshot does not, or the reverse), so that no reader of attached acts on a list the catalog no longer matches; reads the catalog only (a hot standby can run it)';

CREATE FUNCTION service_affair_province.attached_lock(caller text) RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    LOCK TABLE service_affair_province.attached IN SHARE ROW EXCLUSIVE MODE;
    PERFORM service_affair_province.attached_check(caller || '()');
END
$$;
COMMENT ON FUNCTION service_affair_province.attached_lock(text) IS
  'Internal (attach_shard(), detach_shard(), named by caller in the error): lock attached in SHARE ROW EXCLUSIVE mode, one attach or detach at a time; 40001 when this transaction''s snapshot predates an attach or detach committed while it waited (attached_check(): a schema sa_shard_<name> the catalog shows and the snapshot does not, or the reverse)';

-- A shard's status server: the server attach_shard() made (its COMMENT
-- says so) that the shard's probe reads through, whatever its name now, or
-- the one named sa_status_<shard>.  Until 2026-12-05 (a review) only the
-- name was looked at: a status server renamed by hand was half used
-- (shard_status() read the probe through it, the count through the
-- shard's own server, unbounded, with the note of a shard attached before
-- the status server) and a re-attach made sa_status_<shard> again and left
-- it behind with its copies of the credentials.  The probe lives in the
-- superuser's schema sa_shard_<shard>, so no other role can point it at a
-- server of theirs
CREATE FUNCTION service_affair_province.status_servers(shard text)
    RETURNS TABLE (server oid, name text, probed boolean)
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT f.oid, f.srvname::text, f.oid IS NOT DISTINCT FROM p.ftserver
      FROM pg_catalog.pg_foreign_server f
      LEFT JOIN pg_catalog.pg_foreign_table p ON p.ftrelid = pg_catalog.to_regclass(pg_catalog.format('%I.probe', 'sa_shard_' || shard))
     WHERE (f.oid = p.ftserver OR f.srvname = 'sa_status_' || shard)
       -- starts_with(), not LIKE: a shard's name may hold "_", which LIKE
       -- takes for any character (shard a_b would own axb's status server)
       AND pg_catalog.starts_with(COALESCE(pg_catalog.obj_description(f.oid, 'pg_foreign_server'), ''),
                                  pg_catalog.format('Shard %s''s server %s for service_affair_province.shard_status() alone:', shard, shard))
     ORDER BY 3 DESC, 2
$$;
COMMENT ON FUNCTION service_affair_province.status_servers(text) IS
  'Internal (attach_shard(), detach_shard(), shard_status(), sync_status_mappings()): the status servers of shard that attach_shard() made (their COMMENT): the one sa_shard_<shard>.probe reads through (probed), whatever its name, and one named sa_status_<shard>; none for a shard attached before the status server';

-- The server a shard was attached through: the one its imported cases
-- (sa_shard_<shard>.cases, in the superuser's schema) read through, whose
-- owner attach_shard() checked.  Dropped, its imported tables go with it
-- (CASCADE): a server of the same name made afterwards is another
CREATE FUNCTION service_affair_province.attached_server(shard text) RETURNS oid
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT t.ftserver FROM pg_catalog.pg_foreign_table t
     WHERE t.ftrelid = pg_catalog.to_regclass(pg_catalog.format('%I.cases', 'sa_shard_' || shard))
$$;
COMMENT ON FUNCTION service_affair_province.attached_server(text) IS
  'Internal (sync_status_mappings(), sync_status_options()): the postgres_fdw server shard was attached through, the one sa_shard_<shard>.cases reads through (attach_shard() checked its owner); NULL when there is none (not attached, or that server dropped): a server of the shard''s name made since is not followed';

-- The user mappings of a shard's status server sa_status_<shard> follow
-- the shard's own server: made by attach_shard(), then kept in step at
-- each CREATE, ALTER and DROP USER MAPPING on the shard's server (the
-- event triggers below), in the same transaction.  Until 2026-12-05 (a
-- review) attach_shard() copied every user mapping of the shard's server
-- once: a password rotated on the shard's server (ALTER USER MAPPING), a
-- mapping added or dropped, left the status server on the former ones
-- until the next attach_shard(), and shard_status() said a shard answered
-- whose own reads failed (or the reverse); and it copied the mappings of
-- roles that never read through it.  Only the mappings shard_status()
-- can use are copied: those of the role it runs as (SECURITY DEFINER: its
-- owner) and PUBLIC's, which postgres_fdw takes when that role has none
CREATE FUNCTION service_affair_province.sync_status_mappings(shard text) RETURNS integer
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_server oid := (SELECT f.oid FROM pg_catalog.pg_foreign_server f JOIN pg_catalog.pg_foreign_data_wrapper w ON w.oid = f.srvfdw
                      WHERE f.srvname = sync_status_mappings.shard AND w.fdwname = 'postgres_fdw');
    -- the status server the shard's probe reads through (status_servers(),
    -- renamed or not); none: nothing to do (a shard attached before the
    -- status server, or not attached)
    v_status oid;
    v_name text;
    -- the role shard_status() reads as
    v_reader oid := (SELECT p.proowner FROM pg_catalog.pg_proc p
                      WHERE p.oid = pg_catalog.to_regprocedure('service_affair_province.shard_status()'));
    um record;
    v_role text;
    n integer := 0;
BEGIN
    SELECT x.server, x.name INTO v_status, v_name FROM service_affair_province.status_servers(shard) x WHERE x.probed;
    -- only the server attach_shard() attached (and checked the owner of):
    -- the one the shard's imported cases read through.  A server of the
    -- shard's name made after that one was dropped (DROP SERVER ...
    -- CASCADE drops the imported tables, not the status server and its
    -- mappings) is not followed: until 2026-12-05 (a review) a role with
    -- USAGE on postgres_fdw could make it and have its mappings, and its
    -- options (sync_status_options()), copied to the status server, whose
    -- copy of the province's credentials then went to its host
    IF v_server IS DISTINCT FROM service_affair_province.attached_server(shard) THEN
        RETURN 0;
    END IF;
    IF shard IS NULL OR v_server IS NULL OR v_status IS NULL THEN
        RETURN 0;
    END IF;
    -- the mappings that differ (options compared as sets: ALTER ... ADD
    -- appends), are missing or are not needed: a mapping that differs is
    -- made again
    FOR um IN SELECT COALESCE(w.umuser, h.umuser) AS umuser, w.umoptions, w.umuser IS NOT NULL AS wanted, h.umuser IS NOT NULL AS held
                FROM (SELECT u.umuser, u.umoptions FROM pg_catalog.pg_user_mapping u
                       WHERE u.umserver = v_server AND u.umuser IN (0, v_reader)) w
                FULL JOIN (SELECT u.umuser, u.umoptions FROM pg_catalog.pg_user_mapping u WHERE u.umserver = v_status) h
                  ON h.umuser = w.umuser
               WHERE w.umuser IS NULL OR h.umuser IS NULL
                  OR (SELECT pg_catalog.array_agg(o ORDER BY o) FROM pg_catalog.unnest(w.umoptions) o)
                     IS DISTINCT FROM (SELECT pg_catalog.array_agg(o ORDER BY o) FROM pg_catalog.unnest(h.umoptions) o)
               ORDER BY 1 LOOP
        v_role := CASE WHEN um.umuser = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(um.umuser)) END;
        -- an error of these statements is raised again without them: the
        -- CREATE holds the mapping's options, a password that
        -- pg_user_mappings shows only to its role and to superusers, and
        -- the error goes to whoever ran the DDL that fired the event
        -- trigger.  Until 2026-12-05 (a hostile review) the owner of a
        -- shard's server who is not a superuser read the province's
        -- password for it in the CONTEXT of an error met there (its
        -- statement_timeout, a cancel: SQL statement "CREATE USER MAPPING
        -- ... password '...'")
        BEGIN
            IF um.held THEN
                EXECUTE pg_catalog.format('DROP USER MAPPING FOR %s SERVER %I', v_role, v_name);
            END IF;
            IF um.wanted THEN
                EXECUTE pg_catalog.format('CREATE USER MAPPING FOR %s SERVER %I%s', v_role, v_name,
                                          COALESCE(' OPTIONS (' || (SELECT pg_catalog.string_agg(pg_catalog.format('%I %L', o.option_name, o.option_value), ', ')
                                                                      FROM pg_catalog.pg_options_to_table(um.umoptions) o) || ')', ''));
            END IF;
        EXCEPTION WHEN OTHERS OR query_canceled THEN
            RAISE EXCEPTION USING ERRCODE = SQLSTATE, MESSAGE = SQLERRM,
                DETAIL = pg_catalog.format('While making the user mapping for %s of status server %s that of shard %s''s own server (its options are left out of this error).',
                                           v_role, v_name, shard);
        END;
        n := n + 1;
    END LOOP;
    RETURN n;
END
$$;
COMMENT ON FUNCTION service_affair_province.sync_status_mappings(text) IS
  'Internal (attach_shard() and the event triggers sa_province_status_follow, sa_province_status_follow_drop): make the user mappings of shard''s status server (the one its probe reads through: status_servers(), sa_status_<shard> unless renamed) those of the shard''s own server that shard_status() can use, its owner''s and PUBLIC''s (a mapping missing is made, one differing made again, another dropped); returns the number of mappings changed; 0 and nothing done for a shard without such a status server; an error met making a mapping is raised again without the statement, which holds its options (a password)';

-- The options of a shard's status server: the shard's own server's, its
-- libpq options with '-c statement_timeout=<bound>' appended (the later
-- -c wins) and its connect_timeout at most the bound (attach_shard()
-- explains why); made by attach_shard(), then kept in step by
-- sync_status_options() at each ALTER SERVER of the shard's server
CREATE FUNCTION service_affair_province.status_server_options(shard text, bound_ms bigint)
    RETURNS TABLE (option_name text, option_value text, ord bigint)
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    WITH o AS (SELECT x.option_name::text AS option_name, x.option_value::text AS option_value, u.n
                 FROM pg_catalog.pg_foreign_server f,
                      LATERAL pg_catalog.unnest(f.srvoptions) WITH ORDINALITY AS u(opt, n),
                      LATERAL pg_catalog.pg_options_to_table(ARRAY[u.opt]) x
                WHERE f.srvname = shard)
    SELECT o.option_name, o.option_value, o.n FROM o WHERE o.option_name NOT IN ('options', 'connect_timeout')
    UNION ALL
    -- the shard's own options first: a later -c of the same setting wins
    SELECT 'options', pg_catalog.concat_ws(' ', (SELECT o.option_value FROM o WHERE o.option_name = 'options'),
                                           '-c statement_timeout=' || bound_ms), 1000000
    UNION ALL
    -- (libpq waits for ever for a connect_timeout of 0 or less: none, the
    -- bound; until 2026-12-05 (a review) a shard's '0' was copied, and the
    -- status server waited for ever to connect)
    -- A value libpq does not read as an integer (letters, a fraction,
    -- past the int range; '' is none) is copied as it is, so that the
    -- status server is refused as the shard's own server is: until
    -- 2026-12-05 (a hostile review) it was cast to numeric, and the ALTER
    -- SERVER of the shard's server that set it (event trigger
    -- sa_province_status_follow) or attach_shard() failed, 22P02 on type
    -- numeric, naming no option
    SELECT 'connect_timeout',
           CASE WHEN c.v IS NULL OR c.v = ''
                     OR (c.t ~ '^[+-]?[0-9]{1,10}$' AND c.t::numeric BETWEEN -2147483648 AND 2147483647)
                THEN LEAST(COALESCE(NULLIF(GREATEST(NULLIF(c.t, '')::numeric, 0), 0), 2147483647),
                           GREATEST(2, pg_catalog.ceil(bound_ms / 1000.0)))::bigint::text
                ELSE c.v END, 1000001
      FROM (SELECT x.v, pg_catalog.regexp_replace(x.v, '^[[:space:]]+|[[:space:]]+$', '', 'g') AS t
              FROM (SELECT (SELECT o.option_value FROM o WHERE o.option_name = 'connect_timeout') AS v) x) c
$$;
COMMENT ON FUNCTION service_affair_province.status_server_options(text, bigint) IS
  'Internal (attach_shard(), sync_status_options()): the options of shard''s status server for a bound of bound_ms, in the order ord: the shard''s server''s, its libpq options with -c statement_timeout=<bound_ms> appended, its connect_timeout at most the bound (at least 2 s; none or 0: the bound; one libpq does not read as an integer: copied)';

CREATE FUNCTION service_affair_province.sync_status_options(shard text, bound_ms bigint DEFAULT NULL) RETURNS integer
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_status oid;
    v_name text;
    v_bound bigint;
    v_old bigint;
    v_change text;
BEGIN
    -- the status server the probe reads through (status_servers()) and its
    -- bound, the last -c statement_timeout of its options (as
    -- shard_status() reads it); none: nothing to do
    SELECT x.server, x.name INTO v_status, v_name FROM service_affair_province.status_servers(shard) x WHERE x.probed;
    -- (a shard's server of postgres_fdw, as sync_status_mappings() asks:
    -- until 2026-12-05 (a hostile review) a server of another wrapper made
    -- under the name of an attached shard whose server was dropped had its
    -- options copied to the status server, and an ALTER SERVER of it failed
    -- on postgres_fdw's "invalid option")
    -- (and only the server attach_shard() attached, as
    -- sync_status_mappings() asks: attached_server())
    IF v_status IS NULL OR NOT EXISTS (SELECT FROM pg_catalog.pg_foreign_server f JOIN pg_catalog.pg_foreign_data_wrapper w ON w.oid = f.srvfdw
                                        WHERE f.srvname = shard AND w.fdwname = 'postgres_fdw'
                                          AND f.oid = service_affair_province.attached_server(shard)) THEN
        RETURN 0;
    END IF;
    v_bound := (SELECT (pg_catalog.regexp_match(o.option_value, 'statement_timeout=([0-9]+)[^-]*$'))[1]::bigint
                  FROM pg_catalog.pg_foreign_server f, pg_catalog.pg_options_to_table(f.srvoptions) o
                 WHERE f.oid = v_status AND o.option_name = 'options');
    IF v_bound IS NULL THEN
        RETURN 0;
    END IF;
    -- a new bound (shard_status(): service_affair_province.status_timeout
    -- changed), else the one it has
    v_old := v_bound;
    v_bound := COALESCE(bound_ms, v_bound);
    SELECT pg_catalog.string_agg(CASE WHEN h.option_name IS NULL THEN pg_catalog.format('ADD %I %L', w.option_name, w.option_value)
                                      WHEN w.option_name IS NULL THEN pg_catalog.format('DROP %I', h.option_name)
                                      ELSE pg_catalog.format('SET %I %L', w.option_name, w.option_value) END,
                                 ', ' ORDER BY COALESCE(w.option_name, h.option_name))
      INTO v_change
      FROM service_affair_province.status_server_options(shard, v_bound) w
      FULL JOIN (SELECT o.option_name::text AS option_name, o.option_value::text AS option_value
                   FROM pg_catalog.pg_foreign_server f, pg_catalog.pg_options_to_table(f.srvoptions) o
                  WHERE f.oid = v_status) h ON h.option_name = w.option_name
     WHERE w.option_value IS DISTINCT FROM h.option_value OR w.option_name IS NULL OR h.option_name IS NULL;
    IF v_change IS NULL THEN
        RETURN 0;
    END IF;
    EXECUTE pg_catalog.format('ALTER SERVER %I OPTIONS (%s)', v_name, v_change);
    IF v_bound <> v_old THEN
        -- its COMMENT says the bound (its opening, which tells the status
        -- server, unchanged)
        EXECUTE pg_catalog.format('COMMENT ON SERVER %I IS %L', v_name,
                                  pg_catalog.format('Shard %s''s server %s for service_affair_province.shard_status() alone: its options and the user mappings shard_status() uses (its owner''s, PUBLIC''s), kept in step by event trigger sa_province_status_follow, each statement on the shard ended after %s ms (service_affair_province.status_timeout as shard_status() last found it)',
                                                    shard, shard, v_bound));
    END IF;
    RETURN 1;
END
$$;
COMMENT ON FUNCTION service_affair_province.sync_status_options(text, bigint) IS
  'Internal (event trigger sa_province_status_follow, shard_status()): give shard''s status server (the one its probe reads through: status_servers()) the options of the shard''s own server as attach_shard() makes them, under bound_ms (shard_status(): service_affair_province.status_timeout changed) or, NULL, the bound it has (status_server_options()); returns 1 when it changed them, 0 otherwise (none to change, no such status server, no postgres_fdw server of the shard''s name)';

CREATE FUNCTION service_affair_province.status_server_follow() RETURNS event_trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_servers text[];
    v_shard text;
BEGIN
    -- the servers whose user mappings the command made, changed or
    -- dropped, or that it altered; only an attached shard's own server is
    -- followed (a status server's own mappings and options, changed here,
    -- are no shard's: no recursion)
    IF TG_EVENT = 'ddl_command_end' AND TG_TAG = 'ALTER SERVER' THEN
        v_servers := ARRAY(SELECT DISTINCT f.srvname::text
                             FROM pg_catalog.pg_event_trigger_ddl_commands() c
                             JOIN pg_catalog.pg_foreign_server f ON f.oid = c.objid
                            WHERE c.classid = 'pg_catalog.pg_foreign_server'::pg_catalog.regclass);
    ELSIF TG_EVENT = 'ddl_command_end' AND TG_TAG IN ('ALTER FUNCTION', 'ALTER ROUTINE') THEN
        -- shard_status() altered (its owner changed, ALTER FUNCTION ...
        -- OWNER TO): it reads every status server as its owner now, whose
        -- user mappings each status server gets (sync_status_mappings(),
        -- which reads the owner afresh) and the former owner's it loses.
        -- Until 2026-12-05 (a review) that waited for the next
        -- attach_shard() or mapping command on the shard's server, and
        -- shard_status() read as the new owner without a mapping (42704,
        -- "user mapping not found") or with PUBLIC's.  Any other function
        -- altered: nothing done
        IF EXISTS (SELECT FROM pg_catalog.pg_event_trigger_ddl_commands() c
                    WHERE c.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
                      AND c.objid = pg_catalog.to_regprocedure('service_affair_province.shard_status()')) THEN
            v_servers := ARRAY(SELECT h.name FROM service_affair_shard.shard h);
        END IF;
    ELSIF TG_EVENT = 'ddl_command_end' THEN
        v_servers := ARRAY(SELECT DISTINCT f.srvname::text
                             FROM pg_catalog.pg_event_trigger_ddl_commands() c
                             JOIN pg_catalog.pg_user_mapping u ON u.oid = c.objid
                             JOIN pg_catalog.pg_foreign_server f ON f.oid = u.umserver
                            WHERE c.classid = 'pg_catalog.pg_user_mapping'::pg_catalog.regclass);
    ELSIF TG_EVENT = 'sql_drop' THEN
        -- a dropped mapping's address: names {role}, args {server}
        v_servers := ARRAY(SELECT DISTINCT d.address_args[1]
                             FROM pg_catalog.pg_event_trigger_dropped_objects() d
                            WHERE d.object_type = 'user mapping');
    END IF;
    -- a server of a shard of the map: after an attach or detach under way,
    -- and before one (ROW EXCLUSIVE on attached, which conflicts with
    -- their SHARE ROW EXCLUSIVE, not with another follower or
    -- shard_status()), so that the status server followed is the one that
    -- stays and an attach reads the server as this command leaves it.
    -- Until 2026-12-05 (a hostile review) a server altered while its
    -- attach_shard() was uncommitted left the status server on its former
    -- options (the attach read them before the change, the trigger saw no
    -- attached shard), a mapping rotated while a detach was uncommitted
    -- failed (XX000), and an attach that came after an uncommitted follow
    -- of an attached shard failed (XX000), both on the status server's
    -- catalog rows changed by the other (test/isolation/specs/province_attach_race.spec)
    IF EXISTS (SELECT FROM service_affair_shard.shard h WHERE h.name = ANY (v_servers)) THEN
        LOCK TABLE service_affair_province.attached IN ROW EXCLUSIVE MODE;
        -- attached is read below through this transaction's snapshot:
        -- under REPEATABLE READ or SERIALIZABLE one older than an attach
        -- or detach that committed (while the lock was awaited, or
        -- before) is refused, 40001 (until 2026-12-05, a review, a shard
        -- attached meanwhile was not followed)
        PERFORM service_affair_province.attached_check(pg_catalog.format('the event trigger following %s', TG_TAG));
    END IF;
    FOR v_shard IN SELECT a.shard FROM service_affair_province.attached a
                    WHERE a.shard = ANY (v_servers) ORDER BY a.shard LOOP
        IF TG_TAG = 'ALTER SERVER' THEN
            PERFORM service_affair_province.sync_status_options(v_shard);
        ELSE
            PERFORM service_affair_province.sync_status_mappings(v_shard);
        END IF;
    END LOOP;
END
$$;
COMMENT ON FUNCTION service_affair_province.status_server_follow() IS
  'Internal (event triggers sa_province_status_follow and sa_province_status_follow_drop): after CREATE, ALTER or DROP USER MAPPING on an attached shard''s own server, bring its status server''s mappings in step (sync_status_mappings()), after ALTER SERVER of it, its options (sync_status_options()), after ALTER FUNCTION or ALTER ROUTINE of shard_status() (a new owner), every attached shard''s status server''s mappings, in the same transaction; any other server or function: nothing done; SECURITY DEFINER (the extension owner, who owns the status servers and may read pg_user_mapping) so that the owner of a shard''s server who is not a superuser can rotate its credentials or move it; for a server of a shard of the map it takes turns with attach_shard() and detach_shard() (ROW EXCLUSIVE on attached), and the command gets 40001 when its transaction''s snapshot predates an attach or detach that committed (attached_check())';

CREATE EVENT TRIGGER sa_province_status_follow ON ddl_command_end
    WHEN TAG IN ('CREATE USER MAPPING', 'ALTER USER MAPPING', 'ALTER SERVER', 'ALTER FUNCTION', 'ALTER ROUTINE')
    EXECUTE FUNCTION service_affair_province.status_server_follow();
COMMENT ON EVENT TRIGGER sa_province_status_follow IS
  'Keeps each status server sa_status_<shard> (service_affair_province.shard_status()) in step with the shard''s own server: its user mappings after CREATE and ALTER USER MAPPING (a rotated password, a new mapping), its options after ALTER SERVER (a new host), and with shard_status()''s owner after ALTER FUNCTION or ALTER ROUTINE of it (the new owner''s mappings); fires for those five commands only, and changes nothing unless the server is an attached shard''s or the function is shard_status()';
CREATE EVENT TRIGGER sa_province_status_follow_drop ON sql_drop
    WHEN TAG IN ('DROP USER MAPPING')
    EXECUTE FUNCTION service_affair_province.status_server_follow();
COMMENT ON EVENT TRIGGER sa_province_status_follow_drop IS
  'Keeps the user mappings of each status server sa_status_<shard> (service_affair_province.shard_status()) in step with the shard''s own server after DROP USER MAPPING (ddl_command_end does not say which mapping was dropped; sql_drop does); fires for that command only, and changes nothing unless the server is an attached shard''s';

-- The constraint mirrored_in_link_relations is checked when a row of
-- mirrored is written, not when link_relations() changes: a shard update
-- (ALTER EXTENSION service_affair_shard UPDATE, or CREATE OR REPLACE of the
-- function) taking a name out of it left a row naming it, and every shard
-- then refused that view to the link role (42501 at attach_shard()).  Until
-- 2026-12-06 (a review) nothing looked again.  This event trigger checks
-- every row again at the end of those commands and refuses the command
-- (23514, naming the rows, as the constraint would) when one fails.
CREATE FUNCTION service_affair_province.mirrored_recheck() RETURNS event_trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    bad text;
BEGIN
    -- (the shard's function is gone only while the extension is dropped,
    -- this one with it)
    IF pg_catalog.to_regprocedure('service_affair_shard.link_relations()') IS NULL THEN
        RETURN;
    END IF;
    SELECT pg_catalog.string_agg(pg_catalog.format('%s (%s)', m.view,
                                     pg_catalog.array_to_string(ARRAY(SELECT x FROM pg_catalog.unnest(ARRAY[m.view, m.rollup, m.counts]) x
                                                                        WHERE x IS NOT NULL AND x <> ALL (service_affair_shard.link_relations())), ', ')),
                                 '; ' ORDER BY m.view)
      INTO bad
      FROM service_affair_province.mirrored m
     WHERE NOT (m.view = ANY (service_affair_shard.link_relations())
                AND (m.rollup IS NULL OR m.rollup = ANY (service_affair_shard.link_relations()))
                AND (m.counts IS NULL OR m.counts = ANY (service_affair_shard.link_relations())));
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'rows of service_affair_province.mirrored violate check constraint "mirrored_in_link_relations" after %: %', TG_TAG, bad
              USING ERRCODE = '23514',
                    DETAIL = 'Each view, rollup and counts of mirrored must be in service_affair_shard.link_relations(), what service_affair_province_link may read on a shard: the names in parentheses are not.',
                    HINT = 'Keep them in the array of link_relations() (sql/service_affair_shard--0.2.0.sql), or take the rows out of mirrored first.';
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair_province.mirrored_recheck() IS
  'Event trigger: at the end of ALTER EXTENSION, CREATE FUNCTION and ALTER FUNCTION, checks every row of mirrored against service_affair_shard.link_relations() again (the constraint mirrored_in_link_relations is checked only when a row is written) and refuses the command with 23514 naming the rows and the names link_relations() no longer has';
REVOKE EXECUTE ON FUNCTION service_affair_province.mirrored_recheck() FROM PUBLIC;
CREATE EVENT TRIGGER sa_province_mirrored_recheck ON ddl_command_end
    WHEN TAG IN ('ALTER EXTENSION', 'CREATE FUNCTION', 'ALTER FUNCTION')
    EXECUTE FUNCTION service_affair_province.mirrored_recheck();
COMMENT ON EVENT TRIGGER sa_province_mirrored_recheck IS
  'Checks the rows of service_affair_province.mirrored against service_affair_shard.link_relations() again after ALTER EXTENSION (a shard update), CREATE FUNCTION (CREATE OR REPLACE of link_relations()) and ALTER FUNCTION, and refuses the command with 23514 when a row names a relation no longer listed (mirrored_recheck())';

-- shard_status()'s bound from the setting service_affair_province.status_timeout
-- (doc/scale.md, "The status bound"): attach_shard() makes the status server
-- with it, and shard_status() gives it to the status servers when the
-- setting has changed (until 2026-12-05, a review, only attach_shard() did:
-- a changed setting took effect at the next attach of each shard)
CREATE FUNCTION service_affair_province.status_timeout_ms(setting text) RETURNS bigint
    LANGUAGE plpgsql IMMUTABLE STRICT
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_setting text := setting;
    v_parts text[];
    v_ms numeric;
BEGIN
    -- shard_status()'s bound (doc/scale.md, "shard_status()"): a
    -- duration as statement_timeout takes it (a number: milliseconds; a
    -- unit us, ms, s, min, h or d), more than 0 (0 would be no bound)
    -- (the digits are read as numeric only when they fit: over 20 digits
    -- before the point is more than the largest bound whatever the unit,
    -- and the decimals past the 20th change no bound in ms; until
    -- 2026-12-05 (a hostile review) a setting of 131073 digits or more, or
    -- of 16384 decimals, was 22003 "value overflows numeric format",
    -- naming neither the setting nor its value)
    v_parts := pg_catalog.regexp_match(v_setting, E'^([0-9]+)(\\.[0-9]+)?[[:space:]]*(us|ms|s|min|h|d)?$');
    IF v_parts IS NOT NULL THEN
        v_ms := CASE WHEN pg_catalog.length(pg_catalog.ltrim(v_parts[1], '0')) > 20 THEN 2147483648
                     ELSE (COALESCE(NULLIF(pg_catalog.ltrim(v_parts[1], '0'), ''), '0') || COALESCE(pg_catalog.left(v_parts[2], 21), ''))::numeric
                          * CASE COALESCE(v_parts[3], 'ms') WHEN 'us' THEN 0.001 WHEN 'ms' THEN 1 WHEN 's' THEN 1000
                                                            WHEN 'min' THEN 60000 WHEN 'h' THEN 3600000 ELSE 86400000 END END;
    END IF;
    IF v_parts IS NULL OR pg_catalog.round(v_ms) < 1 OR v_ms > 2147483647 THEN
        RAISE EXCEPTION 'invalid service_affair_province.status_timeout: %', service_affair.printable(pg_catalog.left(v_setting, 64))
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('service_affair_province.status_timeout is %s; it takes a duration from 1 ms to 2147483647 ms, as statement_timeout does (500ms, 5s, 1min; a bare number is milliseconds).',
                                             pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(v_setting, 64))));
    END IF;
    RETURN pg_catalog.round(v_ms)::bigint;
END
$$;
COMMENT ON FUNCTION service_affair_province.status_timeout_ms(text) IS
  'Internal (attach_shard(), shard_status()): the status bound in milliseconds of a value of service_affair_province.status_timeout, read as statement_timeout reads a duration (a bare number: ms; units us, ms, s, min, h, d); 22023 naming the value (cut to 64 characters) for one that is no duration, under 1 ms or over 2147483647 ms';

-- What attach_shard() makes outside the extension's members, the schema
-- sa_shard_<shard> (the imported foreign tables, the probe, the count) and
-- the status server sa_status_<shard> (with its user mappings, copies of
-- the credentials of the shard's server), depends on the extension: a plain
-- DROP EXTENSION names them and drops nothing, DROP EXTENSION ... CASCADE
-- drops them with it.  Until 2026-12-06 (a review) both were left behind by
-- DROP EXTENSION ... CASCADE, the copied credentials with them, and the
-- views over them went only because they were in the extension's schema.
-- They are no members (ALTER EXTENSION ADD): pg_dump dumps what an
-- attach made, and a restored province node reads its shards at once
-- (test/t/scale_dump.pl); a normal dependency is what DROP SCHEMA ...
-- CASCADE gives to what lies in a schema, and PostgreSQL has no command to
-- record one on an extension, so it is written here (as
-- service_affair.own_initial_privileges() writes pg_init_privs).  pg_dump
-- does not dump it: the restore of the rows of attached records it again
-- (trigger attached_depend, below), as attach_shard() does
-- The owner of a schema or a foreign server, and whether attach_shard()
-- may have made it: a superuser's (attach_shard() runs as one, and a
-- restore by one keeps or takes that owner) or the extension owner's.
-- Until 2026-12-07 (a review) the restore of a row of attached recorded
-- any schema sa_shard_<name> and any server sa_status_<name> carrying the
-- status server's COMMENT, whoever owned it: a role with CREATE on the
-- database that had made schema sa_shard_<name> in the database restored
-- into saw it, and all it held, dropped by DROP EXTENSION ... CASCADE
CREATE FUNCTION service_affair_province.object_owner(classid regclass, objid oid) RETURNS oid
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE classid
             WHEN 'pg_catalog.pg_namespace'::regclass THEN (SELECT n.nspowner FROM pg_catalog.pg_namespace n WHERE n.oid = objid)
             WHEN 'pg_catalog.pg_foreign_server'::regclass THEN (SELECT f.srvowner FROM pg_catalog.pg_foreign_server f WHERE f.oid = objid)
           END
$$;
COMMENT ON FUNCTION service_affair_province.object_owner(regclass, oid) IS
  'Internal (owned_by_attach(), depend_on_extension()): the owner of schema (pg_namespace) or foreign server (pg_foreign_server) objid; NULL for another class or an object that does not exist';
REVOKE EXECUTE ON FUNCTION service_affair_province.object_owner(regclass, oid) FROM PUBLIC;

-- An object in schema nsp owned by a role that is neither a superuser nor
-- the extension owner, described with its owner (NULL: none).  The restore
-- of a dump sets the owner of each schema it dumped (ALTER SCHEMA ... OWNER
-- TO, which succeeds on a schema of that name already there, as a
-- superuser runs it): a schema sa_shard_<name> another role had made
-- before the restore was then the superuser's, still holding that role's
-- tables, functions and types, and recorded (a second review, 2026-12-07).
-- The classes a role without superuser may create objects of in a schema.
CREATE FUNCTION service_affair_province.foreign_object_in(nsp oid) RETURNS text
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    WITH o(classid, objid, owner) AS (
        SELECT 'pg_catalog.pg_class'::regclass, c.oid, c.relowner FROM pg_catalog.pg_class c WHERE c.relnamespace = nsp
        UNION ALL SELECT 'pg_catalog.pg_proc'::regclass, f.oid, f.proowner FROM pg_catalog.pg_proc f WHERE f.pronamespace = nsp
        UNION ALL SELECT 'pg_catalog.pg_type'::regclass, t.oid, t.typowner FROM pg_catalog.pg_type t WHERE t.typnamespace = nsp
        UNION ALL SELECT 'pg_catalog.pg_collation'::regclass, l.oid, l.collowner FROM pg_catalog.pg_collation l WHERE l.collnamespace = nsp
        UNION ALL SELECT 'pg_catalog.pg_conversion'::regclass, v.oid, v.conowner FROM pg_catalog.pg_conversion v WHERE v.connamespace = nsp
        UNION ALL SELECT 'pg_catalog.pg_operator'::regclass, r.oid, r.oprowner FROM pg_catalog.pg_operator r WHERE r.oprnamespace = nsp
        UNION ALL SELECT 'pg_catalog.pg_ts_config'::regclass, g.oid, g.cfgowner FROM pg_catalog.pg_ts_config g WHERE g.cfgnamespace = nsp
        UNION ALL SELECT 'pg_catalog.pg_ts_dict'::regclass, k.oid, k.dictowner FROM pg_catalog.pg_ts_dict k WHERE k.dictnamespace = nsp
        UNION ALL SELECT 'pg_catalog.pg_statistic_ext'::regclass, e.oid, e.stxowner FROM pg_catalog.pg_statistic_ext e WHERE e.stxnamespace = nsp
        UNION ALL SELECT 'pg_catalog.pg_extension'::regclass, x.oid, x.extowner FROM pg_catalog.pg_extension x WHERE x.extnamespace = nsp),
    -- CREATE on the schema granted to another role (0: PUBLIC) makes
    -- objects of that role in it later: as good as one there now
    g(what, owner) AS (
        SELECT pg_catalog.format('%s (owned by %s)', pg_catalog.pg_describe_object(o.classid, o.objid, 0), o.owner::regrole), o.owner FROM o
        UNION ALL
        SELECT pg_catalog.format('CREATE on it granted to %s', CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE a.grantee::regrole::text END), a.grantee
          FROM pg_catalog.pg_namespace n, pg_catalog.aclexplode(n.nspacl) a
         WHERE n.oid = nsp AND a.privilege_type = 'CREATE')
    SELECT g.what FROM g
     WHERE NOT COALESCE((SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.oid = g.owner), false)
       AND g.owner IS DISTINCT FROM (SELECT x.extowner FROM pg_catalog.pg_extension x WHERE x.extname = 'service_affair_province')
     ORDER BY 1 LIMIT 1
$$;
COMMENT ON FUNCTION service_affair_province.foreign_object_in(oid) IS
  'Internal (owned_by_attach()): an object in schema nsp (a relation, function, type, collation, conversion, operator, text search configuration or dictionary, statistics object or extension) owned by a role that is neither a superuser nor the owner of extension service_affair_province, described with its owner, or CREATE on the schema granted to such a role or PUBLIC; NULL when there is none';
REVOKE EXECUTE ON FUNCTION service_affair_province.foreign_object_in(oid) FROM PUBLIC;

CREATE FUNCTION service_affair_province.owned_by_attach(classid regclass, objid oid) RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT (COALESCE((SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.oid = service_affair_province.object_owner(classid, objid)), false)
            OR service_affair_province.object_owner(classid, objid)
               = (SELECT x.extowner FROM pg_catalog.pg_extension x WHERE x.extname = 'service_affair_province'))
       AND (classid <> 'pg_catalog.pg_namespace'::regclass OR service_affair_province.foreign_object_in(objid) IS NULL)
$$;
COMMENT ON FUNCTION service_affair_province.owned_by_attach(regclass, oid) IS
  'Internal (depend_on_extension(), attached_depend()): true when schema or foreign server objid is owned by a superuser or by the owner of extension service_affair_province, as what attach_shard() makes is, and a schema holds no object of another role (foreign_object_in(): a schema sa_shard_<name> another role made, given to the superuser by a restore''s ALTER SCHEMA ... OWNER TO, still holds that role''s objects); a schema sa_shard_<name> or server sa_status_<name> of another role is that role''s, never recorded as the extension''s; false otherwise, and for an object that does not exist';
REVOKE EXECUTE ON FUNCTION service_affair_province.owned_by_attach(regclass, oid) FROM PUBLIC;

CREATE FUNCTION service_affair_province.depend_on_extension(classid regclass, objid oid) RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    ext oid := (SELECT x.oid FROM pg_catalog.pg_extension x WHERE x.extname = 'service_affair_province');
BEGIN
    IF classid IS NULL OR objid IS NULL
       OR classid NOT IN ('pg_catalog.pg_namespace'::regclass, 'pg_catalog.pg_foreign_server'::regclass)
       OR (classid = 'pg_catalog.pg_namespace'::regclass
           AND NOT EXISTS (SELECT FROM pg_catalog.pg_namespace n WHERE n.oid = objid AND pg_catalog.starts_with(n.nspname, 'sa_shard_')))
       OR (classid = 'pg_catalog.pg_foreign_server'::regclass
           AND NOT EXISTS (SELECT FROM pg_catalog.pg_foreign_server f WHERE f.oid = objid AND pg_catalog.starts_with(f.srvname, 'sa_status_'))) THEN
        RAISE EXCEPTION 'depend_on_extension() takes a schema sa_shard_<name> or a server sa_status_<name>'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Given %s %s.', COALESCE(classid::text, 'NULL'), COALESCE(objid::text, 'NULL'));
    END IF;
    -- only what attach_shard() made: its caller, a superuser (it writes
    -- pg_depend), owns it.  A schema or server of that name owned by
    -- another role is that role's, and DROP EXTENSION ... CASCADE must not
    -- drop it with everything in it (owned_by_attach())
    IF NOT service_affair_province.owned_by_attach(classid, objid) THEN
        RAISE EXCEPTION 'depend_on_extension() takes only a schema or server that attach_shard() made'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('%s is owned by %s%s; attach_shard() makes it as a superuser, holding nothing of another role.',
                                             service_affair.printable(pg_catalog.left(pg_catalog.pg_describe_object(classid, objid, 0), 80)),
                                             service_affair_province.object_owner(classid, objid)::regrole,
                                             CASE WHEN classid = 'pg_catalog.pg_namespace'::regclass
                                                  THEN ' and holds ' || COALESCE(service_affair.printable(pg_catalog.left(service_affair_province.foreign_object_in(objid), 160)), 'nothing of another role')
                                                  ELSE '' END);
    END IF;
    INSERT INTO pg_catalog.pg_depend (classid, objid, objsubid, refclassid, refobjid, refobjsubid, deptype)
    SELECT depend_on_extension.classid, depend_on_extension.objid, 0, 'pg_catalog.pg_extension'::regclass, ext, 0, 'n'
     WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_depend d
                        WHERE d.classid = depend_on_extension.classid AND d.objid = depend_on_extension.objid
                          AND d.refclassid = 'pg_catalog.pg_extension'::regclass AND d.refobjid = ext);
END
$$;
COMMENT ON FUNCTION service_affair_province.depend_on_extension(regclass, oid) IS
  'Internal (attach_shard()): record that a schema sa_shard_<name> or a server sa_status_<name> it made depends on extension service_affair_province (a normal dependency in pg_depend, as a table on its schema): DROP EXTENSION names it and DROP EXTENSION ... CASCADE drops it, with its foreign tables and user mappings; once; 22023 for any other object, and for one owned by a role that is neither a superuser nor the extension owner (owned_by_attach()); only a superuser may run it (it writes pg_depend)';
REVOKE EXECUTE ON FUNCTION service_affair_province.depend_on_extension(regclass, oid) FROM PUBLIC;

-- pg_dump keeps the schemas sa_shard_<name> and the status servers (they
-- are pre-data) and the rows of attached (data), not the records of
-- depend_on_extension(): a restored province node's DROP EXTENSION ...
-- CASCADE left every one of them behind, the copied credentials with them,
-- until someone ran attach_shard() for each shard again (a review of
-- 2026-12-07; test/t/scale_dump.pl).  The restore of a row of attached
-- records them again: the schema and the status servers exist by then.
-- attach_shard() inserts its row after making both and has recorded them
-- already (depend_on_extension() records each once)
CREATE FUNCTION service_affair_province.attached_depend() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    cls regclass;
    srv oid;
BEGIN
    IF TG_RELID <> 'service_affair_province.attached'::regclass OR TG_LEVEL <> 'ROW' OR TG_WHEN <> 'AFTER' OR TG_OP <> 'INSERT' THEN
        RAISE EXCEPTION 'attached_depend() is not a trigger of this table'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'It runs after rows inserted into service_affair_province.attached only.';
    END IF;
    -- what attach_shard() made only (owned_by_attach()): a schema or a
    -- server of that name of another role (made in the database restored
    -- into before the restore, whose own CREATE then failed) is left to
    -- it, with a warning; until 2026-12-07 (a review) it was recorded, and
    -- DROP EXTENSION ... CASCADE dropped it with all it held
    FOR cls, srv IN SELECT 'pg_catalog.pg_namespace'::regclass, n.oid FROM pg_catalog.pg_namespace n
                     WHERE n.oid = pg_catalog.to_regnamespace(pg_catalog.quote_ident('sa_shard_' || NEW.shard))
                    UNION ALL
                    SELECT 'pg_catalog.pg_foreign_server'::regclass, x.server FROM service_affair_province.status_servers(NEW.shard) x
                     WHERE pg_catalog.starts_with(x.name, 'sa_status_') LOOP
        IF service_affair_province.owned_by_attach(cls, srv) THEN
            PERFORM service_affair_province.depend_on_extension(cls, srv);
        ELSE
            RAISE WARNING '% of shard % is owned by %: not recorded as depending on extension service_affair_province',
                          service_affair.printable(pg_catalog.left(pg_catalog.pg_describe_object(cls, srv, 0), 80)),
                          service_affair.printable(pg_catalog.left(NEW.shard, 64)),
                          service_affair_province.object_owner(cls, srv)::regrole::text
                          || CASE WHEN cls = 'pg_catalog.pg_namespace'::regclass AND service_affair_province.foreign_object_in(srv) IS NOT NULL
                               THEN ' and holds ' || service_affair.printable(pg_catalog.left(service_affair_province.foreign_object_in(srv), 160))
                               ELSE '' END
                USING DETAIL = 'attach_shard() makes it as a superuser; one of another role is that role''s, and DROP EXTENSION ... CASCADE leaves it.',
                      HINT = pg_catalog.format('Check it, then drop or rename it and run service_affair_province.attach_shard(%L).', service_affair.printable(pg_catalog.left(NEW.shard, 64)));
        END IF;
    END LOOP;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION service_affair_province.attached_depend() IS
  'Trigger: when a row of service_affair_province.attached is inserted (by attach_shard(), or by the restore of a dump, which does not keep pg_depend''s records), record again that the shard''s schema sa_shard_<name> and its status servers sa_status_<name> depend on the extension (depend_on_extension(), once each), so that DROP EXTENSION ... CASCADE drops them on a restored province node too; only those owned by a superuser or the extension owner, as attach_shard() makes them (owned_by_attach()), a warning naming any other; refuses to run on any other table (42501)';
REVOKE EXECUTE ON FUNCTION service_affair_province.attached_depend() FROM PUBLIC;

CREATE TRIGGER attached_depend AFTER INSERT ON service_affair_province.attached
    FOR EACH ROW EXECUTE FUNCTION service_affair_province.attached_depend();
COMMENT ON TRIGGER attached_depend ON service_affair_province.attached IS
  'A restored row of attached records again what depend_on_extension() recorded for its shard (pg_dump does not dump pg_depend): DROP EXTENSION ... CASCADE drops the shard''s schema and status servers on a restored node too';

CREATE FUNCTION service_affair_province.attach_shard(shard text) RETURNS integer
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    sch text := 'sa_shard_' || shard;
    q text;
    v_status text := 'sa_status_' || shard;   -- shard_status()'s own server
    v_setting text := COALESCE(NULLIF(pg_catalog.btrim(pg_catalog.current_setting('service_affair_province.status_timeout', true)), ''), '5s');
    v_ms numeric;
    v_owner oid;
    v_owner_name text;
BEGIN
    IF shard IS NULL THEN  -- as detach_shard() (until 2026-12-04 23503 "unknown shard <NULL>")
        RAISE EXCEPTION 'shard required'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'attach_shard() needs the name of a shard of the map (service_affair_shard.shard) with a postgres_fdw server of that name.';
    END IF;
    -- one attach or detach at a time (each rebuilds every province view):
    -- until 2026-12-05 (a hostile review) two first attach_shard() of a
    -- shard at once both found no schema sa_shard_<name>, and the second
    -- failed at CREATE SCHEMA with 23505 on pg_namespace_nspname_index
    -- once the first committed (test/isolation/specs/province_attach_race.spec);
    -- under READ COMMITTED each statement below sees what the other
    -- committed, under REPEATABLE READ a snapshot that predates it is 40001
    PERFORM service_affair_province.attached_lock('attach_shard');
    IF NOT EXISTS (SELECT FROM service_affair_shard.shard s WHERE s.name = attach_shard.shard) THEN
        RAISE EXCEPTION 'unknown shard %', service_affair.printable(pg_catalog.left(shard, 64))
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No row of service_affair_shard.shard is named %s.', pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(shard, 64))));
    END IF;
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_foreign_server f JOIN pg_catalog.pg_foreign_data_wrapper w ON w.oid = f.srvfdw
                    WHERE f.srvname = shard AND w.fdwname = 'postgres_fdw') THEN
        RAISE EXCEPTION 'no postgres_fdw server for shard %', shard
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('Create it first: CREATE SERVER %I FOREIGN DATA WRAPPER postgres_fdw OPTIONS (...), and a user mapping.', shard);
    END IF;
    -- whose server: its owner sets the host and port the province's
    -- credentials (the user mappings of the extension's owner) are sent to
    -- and whose answers every province figure is built from.  A role with
    -- USAGE on postgres_fdw may create a server of any free name, a shard's
    -- before the administrator does: until 2026-12-05 (a review)
    -- attach_shard() took it, and that role could point the province at a
    -- host of its own.  Trusted: the role attaching it (current_user: it
    -- chose the server), the owner of this extension (whose mappings are
    -- used) and a superuser.  An operator who is to own it is given it
    -- after the attach (ALTER SERVER ... OWNER TO), a deliberate act
    SELECT f.srvowner, r.rolname INTO v_owner, v_owner_name
      FROM pg_catalog.pg_foreign_server f
      JOIN pg_catalog.pg_foreign_data_wrapper w ON w.oid = f.srvfdw
      LEFT JOIN pg_catalog.pg_roles r ON r.oid = f.srvowner
     WHERE f.srvname = shard AND w.fdwname = 'postgres_fdw';
    IF v_owner IS DISTINCT FROM (SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname = current_user)
       AND v_owner IS DISTINCT FROM (SELECT x.extowner FROM pg_catalog.pg_extension x WHERE x.extname = 'service_affair_province')
       AND NOT COALESCE((SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.oid = v_owner), false) THEN
        RAISE EXCEPTION 'server % of shard % is owned by role %, which may not choose where the province reads', shard, shard, v_owner_name
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('Server %s is owned by %s, neither the role attaching it (%s), the owner of extension service_affair_province (%s) nor a superuser: its owner sets the address the province''s credentials for shard %s are sent to.',
                                             shard, v_owner_name, current_user,
                                             (SELECT x.extowner::regrole::text FROM pg_catalog.pg_extension x WHERE x.extname = 'service_affair_province'),
                                             shard),
                  HINT = pg_catalog.format('Check its options (pg_foreign_server), then ALTER SERVER %I OWNER TO a trusted role, or drop it and create it yourself.', shard);
    END IF;
    -- sa_status_<shard> (and sa_shard_<shard>) must fit a name, 63 bytes:
    -- the parser cuts a longer identifier, and until 2026-12-05 (a review)
    -- two shards of 54 bytes or more sharing their first 53 got the same
    -- status server, the second attach_shard() dropping the first's (and
    -- its probe, CASCADE), and shard_status() read such a shard through
    -- its own server, unbounded, its note saying it was attached before
    IF pg_catalog.octet_length(v_status) > 63 THEN
        RAISE EXCEPTION 'shard name % is too long for its status server', shard
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('attach_shard() makes server sa_status_<name> and schema sa_shard_<name>, names of at most 63 bytes: a shard name of at most 53 bytes (%s has %s).',
                                             shard, pg_catalog.octet_length(shard));
    END IF;
    -- shard_status()'s bound: 22023 for a setting that is no duration
    v_ms := service_affair_province.status_timeout_ms(v_setting);
    -- sa_status_<shard> is dropped and made again below: never a server
    -- that is not this shard's status server (a shard named so, another
    -- server of that name), which its COMMENT tells
    IF EXISTS (SELECT FROM pg_catalog.pg_foreign_server f
                WHERE f.srvname = v_status
                  AND NOT pg_catalog.starts_with(COALESCE(pg_catalog.obj_description(f.oid, 'pg_foreign_server'), ''),
                                                 pg_catalog.format('Shard %s''s server %s for service_affair_province.shard_status() alone:', shard, shard))) THEN
        RAISE EXCEPTION 'server % exists and is not the status server of shard %', v_status, shard
            USING ERRCODE = 'duplicate_object',
                  DETAIL = pg_catalog.format('attach_shard() makes server %s for shard_status()''s reads of shard %s; a server of that name that it did not make is left alone: rename it, or drop it if it is not needed.', v_status, shard);
    END IF;
    -- the status servers it made before (their probe and count with
    -- them): sa_status_<shard>, and one renamed by hand that the probe
    -- reads through (status_servers(); until 2026-12-05 left behind)
    FOR q IN SELECT x.name FROM service_affair_province.status_servers(shard) x LOOP
        EXECUTE pg_catalog.format('DROP SERVER %I CASCADE', q);
    END LOOP;
    EXECUTE pg_catalog.format('DROP SCHEMA IF EXISTS %I CASCADE', sch);
    EXECUTE pg_catalog.format('CREATE SCHEMA %I', sch);
    -- dropped with the extension (depend_on_extension(); until 2026-12-06
    -- DROP EXTENSION ... CASCADE left it, and the status server below)
    PERFORM service_affair_province.depend_on_extension('pg_catalog.pg_namespace', sch::regnamespace::oid);
    EXECUTE pg_catalog.format('REVOKE ALL ON SCHEMA %I FROM PUBLIC', sch);
    EXECUTE pg_catalog.format('COMMENT ON SCHEMA %I IS %L', sch,
                              pg_catalog.format('Foreign tables of shard %s (postgres_fdw server %s), imported by service_affair_province.attach_shard()', shard, shard));
    EXECUTE pg_catalog.format('IMPORT FOREIGN SCHEMA service_affair LIMIT TO (%s) FROM SERVER %I INTO %I',
                              (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(v), ', ')
                                 FROM (SELECT m.view AS v FROM service_affair_province.mirrored m
                                       UNION SELECT m.rollup FROM service_affair_province.mirrored m WHERE m.rollup IS NOT NULL
                                       UNION SELECT m.counts FROM service_affair_province.mirrored m WHERE m.counts IS NOT NULL) x),
                              shard, sch);
    -- the shard's cases, complaints and complaint events through the views
    -- of the same names in its service_affair_shard, granted to
    -- service_affair_province_link there: the login of the user mapping
    -- needs no service_affair_admin on the shard (until 2026-12-05 they
    -- were imported from its service_affair, the administrators' tables)
    EXECUTE pg_catalog.format('IMPORT FOREIGN SCHEMA service_affair_shard LIMIT TO (cases, complaint, complaint_event) FROM SERVER %I INTO %I',
                              shard, sch);
    -- the imported foreign tables document themselves as their sources do
    FOR q IN SELECT pg_catalog.format('COMMENT ON FOREIGN TABLE %I.%I IS %L', sch, c.relname,
                                      pg_catalog.format('%s.%s of shard %s (postgres_fdw): %s',
                                                        CASE WHEN c.relname IN ('cases', 'complaint', 'complaint_event') THEN 'service_affair_shard' ELSE 'service_affair' END,
                                                        c.relname, shard,
                                                        pg_catalog.obj_description(pg_catalog.format('service_affair.%I', c.relname)::regclass, 'pg_class')))
               FROM pg_catalog.pg_class c WHERE c.relnamespace = sch::regnamespace
             UNION ALL
             SELECT pg_catalog.format('COMMENT ON COLUMN %I.%I.%I IS %L', sch, c.relname, a.attname, d.description)
               FROM pg_catalog.pg_class c
               JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
               -- (the link views' columns from this node's copies of them:
               -- anonymous is no column of service_affair.complaint)
               JOIN pg_catalog.pg_attribute l ON l.attrelid = pg_catalog.format('%s.%I',
                                                    CASE WHEN c.relname IN ('cases', 'complaint', 'complaint_event') THEN 'service_affair_shard' ELSE 'service_affair' END,
                                                    c.relname)::regclass AND l.attname = a.attname
               JOIN pg_catalog.pg_description d ON d.objoid = l.attrelid AND d.objsubid = l.attnum AND d.classoid = 'pg_class'::regclass
              WHERE c.relnamespace = sch::regnamespace LOOP
        EXECUTE q;
    END LOOP;
    -- shard_status()'s own server sa_status_<shard>: the shard's server
    -- (its options and the user mappings shard_status() uses copied) whose connection carries
    -- options '-c statement_timeout=<status_timeout>', so that each of
    -- shard_status()'s reads on the shard ends there within the bound (the
    -- province node cannot give one remote statement a shorter limit
    -- through the shard's own server: SET LOCAL statement_timeout does not
    -- re-arm the running statement's timer, and that server's limit is
    -- every province read's; until 2026-12-05 shard_status() read through
    -- it, and a shard that answered the probe but held the count, or held
    -- the probe, held the call until the shard's own statement_timeout,
    -- or for ever without one).  Its connect_timeout is the shard's,
    -- at most the bound (at least 2 s, libpq's least):
    -- status_server_options().  Made again by each attach_shard(): a
    -- change of the setting takes effect then; its options and user
    -- mappings follow the shard's server's at once (the event triggers,
    -- sync_status_options(), sync_status_mappings(); until 2026-12-05 at
    -- the next attach_shard())
    EXECUTE pg_catalog.format('CREATE SERVER %I FOREIGN DATA WRAPPER postgres_fdw OPTIONS (%s)', v_status,
                              (SELECT pg_catalog.string_agg(pg_catalog.format('%I %L', o.option_name, o.option_value), ', ' ORDER BY o.ord)
                                 FROM service_affair_province.status_server_options(shard, pg_catalog.round(v_ms)::bigint) o));
    PERFORM service_affair_province.depend_on_extension('pg_catalog.pg_foreign_server',
                                                        (SELECT f.oid FROM pg_catalog.pg_foreign_server f WHERE f.srvname = v_status));
    EXECUTE pg_catalog.format('COMMENT ON SERVER %I IS %L', v_status,
                              pg_catalog.format('Shard %s''s server %s for service_affair_province.shard_status() alone: its options and the user mappings shard_status() uses (its owner''s, PUBLIC''s), kept in step by event trigger sa_province_status_follow, each statement on the shard ended after %s ms (service_affair_province.status_timeout %s when attach_shard() made it)',
                                                shard, shard, pg_catalog.round(v_ms)::bigint, v_setting));
    -- shard_status()'s liveness probe: a foreign table of no column over
    -- the shard's pg_namespace (readable by any role, locked by nobody in
    -- practice): "SELECT NULL FROM pg_catalog.pg_namespace LIMIT 1" on the
    -- shard answers at once whatever holds or fills its cases, so that a
    -- shard whose count of cases is slow is not reported down (until
    -- 2026-12-05 the count was the probe); then its count of cases, a
    -- foreign table of no column over its cases (count(*) is sent to the
    -- shard), both through sa_status_<shard>
    EXECUTE pg_catalog.format('CREATE FOREIGN TABLE %I.probe () SERVER %I OPTIONS (schema_name %L, table_name %L)',
                              sch, v_status, 'pg_catalog', 'pg_namespace');
    EXECUTE pg_catalog.format('COMMENT ON FOREIGN TABLE %I.probe IS %L', sch,
                              pg_catalog.format('The liveness probe of shard %s (its pg_catalog.pg_namespace, no column, through server %s and its bound): service_affair_province.shard_status() reads one row of it before counting the shard''s cases', shard, v_status));
    EXECUTE pg_catalog.format('CREATE FOREIGN TABLE %I.status_cases () SERVER %I OPTIONS (schema_name %L, table_name %L)',
                              sch, v_status, 'service_affair_shard', 'cases');
    EXECUTE pg_catalog.format('COMMENT ON FOREIGN TABLE %I.status_cases IS %L', sch,
                              pg_catalog.format('The cases of shard %s (no column, through server %s and its bound): service_affair_province.shard_status() counts them (count(*) on the shard) after the probe', shard, v_status));
    -- the user mappings shard_status() can use (its owner's, PUBLIC's),
    -- kept in step afterwards by the event triggers (sync_status_mappings(),
    -- which finds the status server through the probe; until 2026-12-05
    -- every mapping of the shard's server, copied once)
    PERFORM service_affair_province.sync_status_mappings(shard);
    INSERT INTO service_affair_province.attached (shard) VALUES (attach_shard.shard)
        ON CONFLICT ON CONSTRAINT attached_pkey DO UPDATE SET attached_at = pg_catalog.now();
    RETURN service_affair_province.rebuild_views();
END
$$;
COMMENT ON FUNCTION service_affair_province.attach_shard(text) IS
  'Import a shard''s indicator views, rollups and counts (its service_affair, read as service_affair_province_link: service_affair_shard.link_relations()) and its cases, complaints and complaint events (the views of those names of its service_affair_shard, read as service_affair_province_link) (its postgres_fdw server has the shard''s name) into schema sa_shard_<name> and rebuild the province views to include it; make shard_status()''s server sa_status_<name> (the shard''s server options and the user mappings shard_status() uses, its owner''s and PUBLIC''s, which then follow the shard''s server: sync_status_mappings(); statement_timeout service_affair_province.status_timeout, default 5s) and its probe and count over it; both depend on the extension (depend_on_extension(): DROP EXTENSION ... CASCADE drops them, a plain DROP EXTENSION names them); returns the number of views; 22023 NULL, a shard name over 53 bytes or a malformed status_timeout, 23503 unknown shard or no server, 42710 a server sa_status_<name> it did not make';

CREATE FUNCTION service_affair_province.detach_shard(shard text) RETURNS integer
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_name text;
BEGIN
    IF shard IS NULL THEN
        RAISE EXCEPTION 'shard required'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'detach_shard() needs the name of an attached shard (service_affair_province.attached).';
    END IF;
    PERFORM service_affair_province.attached_lock('detach_shard');  -- one attach or detach at a time
    DELETE FROM service_affair_province.attached a WHERE a.shard = detach_shard.shard;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'shard % is not attached', service_affair.printable(pg_catalog.left(shard, 64))
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No row of service_affair_province.attached names %s; attached: %s.',
                                             pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(shard, 64))),
                                             COALESCE((SELECT pg_catalog.string_agg(a.shard, ', ' ORDER BY a.shard) FROM service_affair_province.attached a), 'none'));
    END IF;
    PERFORM service_affair_province.rebuild_views();  -- first: the views depend on the schema
    -- attach_shard()'s status servers, with their user mappings (before
    -- the schema: status_servers() finds one renamed by hand through the
    -- probe; until 2026-12-05 left behind); only those it made (their
    -- COMMENT), as attach_shard() replaces only those: until 2026-12-05
    -- (a review) any server sa_status_<name> was dropped, CASCADE, a shard
    -- of that name's own server for instance (a shard attached before the
    -- status server), or, for a name too long, another shard's status
    -- server of the same cut name
    FOR v_name IN SELECT x.name FROM service_affair_province.status_servers(shard) x LOOP
        EXECUTE pg_catalog.format('DROP SERVER %I CASCADE', v_name);
    END LOOP;
    EXECUTE pg_catalog.format('DROP SCHEMA IF EXISTS %I CASCADE', 'sa_shard_' || shard);
    RETURN (SELECT pg_catalog.count(*)::integer FROM service_affair_province.attached);
END
$$;
COMMENT ON FUNCTION service_affair_province.detach_shard(text) IS
  'Leave a shard out of the province views (they then raise 55000 naming it while it stays in the shard map) and drop its status server sa_status_<name>, or the one its probe reads through if renamed (status_servers(): only those attach_shard() made); returns the number of shards still attached; 22023 NULL, 23503 a shard not attached';

CREATE FUNCTION service_affair_province.shard_status()
    RETURNS TABLE (shard text, regions text, attached boolean, reachable boolean, cases bigint, error text, note text)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    -- postgres_fdw's context line "remote SQL command: ..." tells a shard's
    -- 57014 from this session's own; untranslated whatever the caller's
    -- lc_messages
    SET lc_messages = 'C'
AS $$
DECLARE
    s record;
    sch text;
    v_probe_server text;
    v_bounded boolean;
    v_bound text;
    v_want bigint;
    v_step text;
    v_state text;
    v_msg text;
    v_detail text;
    v_context text;
BEGIN
    -- after an attach or detach under way (ROW EXCLUSIVE conflicts with
    -- the SHARE ROW EXCLUSIVE lock they take, not with another
    -- shard_status(), and is the strongest mode a hot standby grants): the
    -- list below is read after it committed.  Until 2026-12-05 (a hostile
    -- review) a shard whose detach_shard() was uncommitted was listed
    -- attached and then unreachable, 42P01 on its dropped probe
    -- (test/isolation/specs/province_attach_race.spec)
    LOCK TABLE service_affair_province.attached IN ROW EXCLUSIVE MODE;
    -- the list is read through this transaction's snapshot: under
    -- REPEATABLE READ or SERIALIZABLE one older than an attach or detach
    -- that committed is refused, 40001 (attached_check(), catalog reads
    -- only: a hot standby runs it too; no stronger lock).  Until
    -- 2026-12-05 (a review) such a call listed a shard detached meanwhile
    -- as attached and unreachable (42P01 on its dropped probe), one
    -- attached meanwhile as not attached
    PERFORM service_affair_province.attached_check('shard_status()');
    -- the bound asked for now: service_affair_province.status_timeout of
    -- this session (or database), 22023 when it is no duration; unset or
    -- empty, the bound each status server has stays (attach_shard() gives
    -- 5s).  Until 2026-12-05 (a review) a changed setting took effect only
    -- at the next attach_shard() of each shard
    v_want := service_affair_province.status_timeout_ms(
                  NULLIF(pg_catalog.btrim(pg_catalog.current_setting('service_affair_province.status_timeout', true)), ''));
    FOR s IN SELECT h.name, EXISTS (SELECT FROM service_affair_province.attached a WHERE a.shard = h.name) AS att
               FROM service_affair_shard.shard h ORDER BY h.name LOOP
        shard := s.name;
        regions := service_affair_shard.shard_regions(s.name);
        attached := s.att;
        reachable := NULL;
        cases := NULL;
        error := NULL;
        note := NULL;
        IF s.att THEN
            -- Liveness first, then the count, both through the shard's
            -- status server sa_status_<name> (attach_shard()), whose
            -- connection ends each statement on the shard after
            -- service_affair_province.status_timeout: a shard that holds
            -- the probe or the count (a lock, a hung query) is a row within
            -- that bound (until 2026-12-05 they were read through the
            -- shard's own server and held the call until its own
            -- statement_timeout, for ever without one).  A shard attached
            -- before has its probe on its own server (attached before the
            -- status server), or none (before the probe: the count is then
            -- the probe): read as then, note says so
            sch := 'sa_shard_' || s.name;
            v_probe_server := (SELECT f.srvname FROM pg_catalog.pg_foreign_table t JOIN pg_catalog.pg_foreign_server f ON f.oid = t.ftserver
                                WHERE t.ftrelid = pg_catalog.to_regclass(pg_catalog.format('%I.probe', sch)));
            -- (the status server the probe reads through, whatever its
            -- name: until 2026-12-05 one renamed by hand read as a shard
            -- attached before the status server, the count unbounded)
            v_bounded := EXISTS (SELECT FROM service_affair_province.status_servers(s.name) x WHERE x.probed)
                         AND pg_catalog.to_regclass(pg_catalog.format('%I.status_cases', sch)) IS NOT NULL;
            IF v_bounded THEN
                v_bound := (SELECT (pg_catalog.regexp_match(o.option_value, 'statement_timeout=([0-9]+)[^-]*$'))[1]
                              FROM pg_catalog.pg_foreign_server f, pg_catalog.pg_options_to_table(f.srvoptions) o
                             WHERE f.srvname = v_probe_server AND o.option_name = 'options');
                -- the status server brought in step before it is read (a
                -- connection of this session to it made before is made
                -- again: postgres_fdw drops one whose server changed): the
                -- bound of the setting, and the user mappings of the role
                -- this function runs as, its owner, which may have changed
                -- (ALTER FUNCTION ... OWNER TO is followed at once by the
                -- event trigger; REASSIGN OWNED, which fires none, here).
                -- Not on a hot standby (read only: the primary's call or
                -- attach does it, and it replicates), nor when the change
                -- fails (a concurrent one, the owner not owning the status
                -- server): note says so, and the shard is read within the
                -- bound in force.  (The error's statement is left out: a
                -- mapping's holds its password)
                IF NOT pg_catalog.pg_is_in_recovery() THEN
                    BEGIN
                        -- (pg_user_mapping's options are a superuser's
                        -- to read: an owner who is not one is followed by
                        -- the event trigger alone)
                        IF COALESCE((SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user), false) THEN
                            PERFORM service_affair_province.sync_status_mappings(s.name);
                        END IF;
                        IF v_want IS NOT NULL AND v_want::text IS DISTINCT FROM v_bound
                           AND service_affair_province.sync_status_options(s.name, v_want) > 0 THEN
                            v_bound := v_want::text;
                        END IF;
                    EXCEPTION WHEN OTHERS THEN
                        GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_msg = MESSAGE_TEXT;
                        note := pg_catalog.regexp_replace(pg_catalog.format(
                                    'status server %s not brought in step (%s: %s): read within its bound in force, %s ms',
                                    v_probe_server, v_state, pg_catalog.left(v_msg, 300), v_bound), '[[:cntrl:]]+', ' ', 'g');
                    END;
                ELSIF v_want IS NOT NULL AND v_want::text IS DISTINCT FROM v_bound THEN
                    note := pg_catalog.format('service_affair_province.status_timeout is %s ms; read within the bound of status server %s, %s ms: a hot standby cannot change it (shard_status() on the primary does, or attach_shard())',
                                              v_want, v_probe_server, v_bound);
                END IF;
            ELSE
                note := pg_catalog.format('%s: read through server %s, bounded only by the shard''s own statement_timeout; run service_affair_province.attach_shard(%L) again to read it within service_affair_province.status_timeout',
                                          CASE WHEN v_probe_server IS NULL THEN 'attached before the liveness probe and the status server (the count is the probe)'
                                               ELSE 'attached before the status server' END,
                                          s.name, s.name);
            END IF;
            BEGIN
                v_step := 'probe';
                IF v_probe_server IS NOT NULL THEN
                    EXECUTE pg_catalog.format('SELECT true FROM %I.probe LIMIT 1', sch) INTO reachable;
                    reachable := true;
                END IF;
                v_step := 'count';
                EXECUTE pg_catalog.format('SELECT pg_catalog.count(*) FROM %I.%I', sch, CASE WHEN v_bounded THEN 'status_cases' ELSE 'cases' END) INTO cases;
                reachable := true;
            EXCEPTION WHEN OTHERS OR query_canceled THEN
                -- the SQLSTATE and postgres_fdw's DETAIL (libpq's words: the
                -- address tried), for the superuser who may call this (until
                -- 2026-12-05 the message alone: "could not connect to server
                -- wz", not why)
                GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_msg = MESSAGE_TEXT,
                                        v_detail = PG_EXCEPTION_DETAIL, v_context = PG_EXCEPTION_CONTEXT;
                -- 57014 (WHEN OTHERS alone does not catch it): the shard's
                -- own, the status server's bound or the shard's
                -- statement_timeout, is a row (until 2026-12-05 it ended
                -- the call, a review).  This session's own cancel (the
                -- caller's statement_timeout, a cancel request,
                -- pg_cancel_backend()) has no "remote SQL command" context
                -- line: it ends the call, as asked.
                IF v_state = '57014' AND COALESCE(v_context, '') !~ E'(^|\\n)remote SQL command: ' THEN
                    RAISE;
                END IF;
                cases := NULL;
                error := pg_catalog.regexp_replace(pg_catalog.left(v_state || ': ' || v_msg || COALESCE(': ' || NULLIF(v_detail, ''), ''), 1000),
                                                   '[[:cntrl:]]+', ' ', 'g');
                IF v_step = 'count' AND reachable AND v_state = '57014' THEN
                    -- the shard answered the probe and ended the count by
                    -- the bound: up, the count unknown
                    error := error || CASE WHEN v_bounded
                                           THEN pg_catalog.format(' (shard %s answers; the count of its cases did not finish within its status bound, %s ms: service_affair_province.status_timeout)', s.name, v_bound)
                                           ELSE ' (the count of cases did not finish within the shard''s statement_timeout; the shard answers)' END;
                ELSIF v_state <> '57014' AND v_state NOT LIKE '08%' AND COALESCE(v_context, '') ~ E'(^|\\n)remote SQL command: ' THEN
                    -- an error of the shard's own (postgres_fdw's "remote
                    -- SQL command" context line), not of the connection:
                    -- the shard answered and refused the read, 42501 when
                    -- the login of the user mapping lacks
                    -- service_affair_province_link there: up, the count
                    -- unknown (until 2026-12-05 reachable false, which says
                    -- the shard did not answer: a doc check)
                    reachable := true;
                    error := error || pg_catalog.format(' (shard %s answers; it refused the %s%s)', s.name,
                                                        CASE v_step WHEN 'probe' THEN 'liveness probe' ELSE 'count of its cases' END,
                                                        CASE WHEN v_state = '42501'
                                                             THEN ': the login of the user mapping needs service_affair_province_link on the shard (doc/deployment.md, "Region shards")'
                                                             ELSE '' END);
                ELSE
                    IF v_state = '57014' AND v_bounded THEN
                        error := error || pg_catalog.format(' (shard %s did not answer its liveness probe within its status bound, %s ms: service_affair_province.status_timeout)', s.name, v_bound);
                    END IF;
                    reachable := false;
                END IF;
            END;
        END IF;
        RETURN NEXT;
    END LOOP;
END
$$;
COMMENT ON FUNCTION service_affair_province.shard_status() IS
  'Per shard of the map: the regions it serves, whether it is attached, whether it answers now (a one-row read of the shard''s pg_namespace, sa_shard_<name>.probe) and its number of cases (an exact count on the shard, sa_shard_<name>.status_cases), both through the shard''s status server sa_status_<name> whose statement_timeout is service_affair_province.status_timeout (attach_shard()), so that a shard holding either read is a row within that bound, never a wait for the shard''s own limit; reachable false: the shard did not answer (no connection, or a probe ended by the bound, which error says, naming the shard), error the cause (SQLSTATE: message: detail, on one line, in English); reachable true with cases NULL: the shard answered and the count was ended by the bound, or the shard refused a read (its own error, 42501 when the login lacks service_affair_province_link there), error says which, naming the shard; note: a shard attached before the status server, read through its own server as before, bounded only by its own statement_timeout; a shard down or ended by a limit on the shard (57014 from the shard) is a row, never an error of the call; this session''s own cancel or statement_timeout ends the call; waits for an attach or detach under way (ROW EXCLUSIVE on attached); 40001 when the transaction''s snapshot predates an attach or detach that committed (REPEATABLE READ, SERIALIZABLE: attached_check()), retry; callable by a superuser (granted to nobody: the error names the shard''s address)';

CREATE FUNCTION service_affair_province.find_case(case_id bigint, OUT shard text, OUT department text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    -- postgres_fdw's context line "remote SQL command: ..." tells a shard's
    -- 57014 from this session's own (as in shard_status())
    SET lc_messages = 'C'
AS $$
DECLARE
    v_numbered text;
    v_down text[];  -- the first holder not reached: shard, SQLSTATE, message, detail
    v_detached text;  -- the first holder of the map not attached here (not read)
    v_state text;
    v_msg text;
    v_detail text;
    v_context text;
BEGIN
    -- What a router needs to find and route to the case: the shard holding
    -- it and its department (whose region the shard map places), nothing
    -- of the person nor of the case's course.  Until 2026-12-06 (issue 10,
    -- a review) the whole row as jsonb (case_row), the applicant's id
    -- included, read through a link view that showed every column; the
    -- view service_affair_shard.cases on the shard now shows id and
    -- department only.
    -- a NULL id is a bad argument, as on a node and on the router (until
    -- 2026-12-04 it was 23503 with a detail naming case "", a review)
    PERFORM service_affair.refuse_null_id('case id', case_id);  -- 22023
    shard := service_affair_shard.shard_of_id(case_id, 'case');
    -- a numbering shard of the map that is not attached is a holder not
    -- read (below: 55000 naming it), not a case unknown (until 2026-12-07,
    -- a hostile review, 23503 "unknown case", which a router takes for an
    -- answer, for every case of a shard detached for its maintenance)
    IF shard IS NULL THEN
        RAISE EXCEPTION 'unknown case'
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No shard of the map numbers case %s (shard number = case number div 10^15).', case_id);
    END IF;
    v_numbered := shard;
    -- the numbering shard, then the shards its regions moved to (id_holder).
    -- A holder not reached does not end the call, as on the router
    -- (next_holder()): the next is asked, and when none holds the case,
    -- 08006 naming the first not reached (it may hold it; unavailable():
    -- postgres_fdw's error, with the shard's address, to the server log).
    -- Until 2026-12-05 postgres_fdw's error came through as it was, at the
    -- first holder not reached
    FOREACH shard IN ARRAY service_affair_shard.id_holders(v_numbered) LOOP
        IF NOT EXISTS (SELECT FROM service_affair_province.attached a WHERE a.shard = find_case.shard) THEN
            v_detached := COALESCE(v_detached, shard);  -- not read: it may hold the case
            CONTINUE;
        END IF;
        BEGIN
            EXECUTE pg_catalog.format('SELECT c.department FROM %I.cases c WHERE c.id = $1', 'sa_shard_' || shard)
               INTO department USING case_id;  -- NOT NULL in cases: NULL is no row
        EXCEPTION WHEN OTHERS OR query_canceled THEN
            GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_msg = MESSAGE_TEXT, v_detail = PG_EXCEPTION_DETAIL,
                                    v_context = PG_EXCEPTION_CONTEXT;
            -- a holder that ended the read by its own statement_timeout (a
            -- 57014 with postgres_fdw's "remote SQL command" context line)
            -- is one not read, as one not reached: the next is asked, and
            -- when none holds the case, 57014 naming it (unavailable();
            -- until 2026-12-05 the shard's 57014 came through bare, naming
            -- no shard).  This session's own cancel ends the call as asked
            IF v_state NOT LIKE '08%'
               AND NOT (v_state = '57014' AND COALESCE(v_context, '') ~ E'(^|\\n)remote SQL command: ') THEN
                RAISE;
            END IF;
            IF v_down IS NULL THEN
                v_down := ARRAY[shard, v_state, v_msg, NULLIF(v_detail, '')];
            END IF;
            department := NULL;
            CONTINUE;
        END;
        -- a region's rows from the shard the map names: the copy an old
        -- shard holds until drop_region() is not the case (until 2026-12-04
        -- it was read first, frozen at the switch; a review)
        IF department IS NOT NULL AND service_affair_province.mixed(shard)
           AND NOT service_affair_province.served(shard, department, NULL) THEN
            department := NULL;
        END IF;
        EXIT WHEN department IS NOT NULL;
    END LOOP;
    IF department IS NULL AND v_down IS NOT NULL THEN
        PERFORM service_affair_province.unavailable(v_down[1], v_down[2], v_down[3], v_down[4],
                    pg_catalog.format('find_case() reads case %s on the shards that may hold it (%s) and none of those reached holds it',
                                      case_id, pg_catalog.array_to_string(service_affair_shard.id_holders(v_numbered), ', ')));
    END IF;
    IF department IS NULL AND v_detached IS NOT NULL THEN
        -- as the province views say it (complete()): never a partial answer
        RAISE EXCEPTION 'shard % is not attached to the province node', v_detached
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('find_case() reads case %s on the shards that may hold it (%s); shard %s is in the shard map but not attached, and none of those read holds it.',
                                             case_id, pg_catalog.array_to_string(service_affair_shard.id_holders(v_numbered), ', '), v_detached),
                  HINT = 'Run service_affair_province.attach_shard() for it.';
    END IF;
    IF department IS NULL THEN
        RAISE EXCEPTION 'unknown case'
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('Shard %s (and the shards its regions moved to) holds no case %s.', v_numbered, case_id);
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair_province.find_case(bigint) IS
  'A case by number from the province node: the shard that numbered it (case number div 10^15; then the shards its regions moved to; a mixed shard''s copy of a case of a department it no longer serves is skipped: served()) and the case''s department as read there, what a router needs to find and route to the case, nothing of the applicant nor of its course (until 2026-12-06 the whole row as jsonb, case_row, the applicant''s id included) (one shard read, whatever the number of shards, for a case that has not moved); 22023 NULL case id; 23503 unknown case; a holder that cannot be reached, or ends the read by its own statement_timeout, does not end the call (the next is read), and when no holder read has the case, 57014 naming the first such holder when it timed out, else 08006 naming the first not reached and its regions (unavailable(): postgres_fdw''s error, with the shard''s address, to the server log and to the administrator''s DETAIL), else 55000 naming the first holder of the shard map that is not attached (not read; until 2026-12-07 23503 unknown case)';

REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA service_affair_province FROM PUBLIC;
-- The initial privileges are the script's own (sql/parts/98_init_privs.sql):
-- a second CREATE EXTENSION over the schema a DROP EXTENSION left does not
-- take the USAGE create_roles() granted on it for one, and dumps keep it.
SELECT service_affair.own_initial_privileges('service_affair_province');
