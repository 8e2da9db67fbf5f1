-- service_affair_shard 0.2.0: what every node of a sharded province shares
-- (doc/scale.md, "Beyond one node: region shards").  Installed on the
-- province node, on the router and on every region shard, beside
-- service_affair:
--   * the shard map (shard, shard_region), owned by the province node and
--     replicated with the catalog;
--   * the list of catalog tables the province node publishes
--     (catalog_tables(), publish_catalog());
--   * prepare_subscriber(): a node about to subscribe to the catalog drops
--     the rows CREATE EXTENSION shipped (the initial copy brings them back
--     from the province) and lets the due-date triggers fire under logical
--     apply;
--   * setup_shard(): the node becomes a region shard: its identity columns
--     take the shard's province-wide range (n = shard number × 10^12 + …;
--     a case number is shard number × 10^15 + month × 10^10 + n mod 10^10,
--     service_affair.case_id()), and a case whose handling department lies in a region of
--     another shard is refused;
--   * calendar edits replayed by logical apply fire the same statement
--     triggers as a local edit (cache invalidation, recomputed dues);
--   * licence_region(): on a shard, licence numbers carry a region the
--     shard serves (unique province-wide);
--   * moving a region between shards: begin_region_move(), copy_region(),
--     finish_region_move(), drop_region(), with region_move and id_holder.
-- A single node never installs this extension: its behaviour is unchanged
-- (issue_licence() asks licence_region() only when this schema exists).

\echo Use "CREATE EXTENSION service_affair_shard" to load this file. \quit

-- the schemas are private to a superuser (service_affair.require_private_schema(), sql/parts/00_header.sql)
SELECT service_affair.require_private_schema('service_affair');
SELECT service_affair.require_private_schema('service_affair_shard');

COMMENT ON SCHEMA service_affair_shard IS
  'Region shards of service_affair: the shard map, the catalog publication, province-wide id ranges (doc/scale.md)';
REVOKE ALL ON SCHEMA service_affair_shard FROM PUBLIC;

-- ---- the shard map ------------------------------------------------------------------
CREATE TABLE service_affair_shard.shard (
    name   text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9_]{0,62}$'),
    number integer NOT NULL UNIQUE CHECK (number BETWEEN 1 AND 9222)
);
COMMENT ON TABLE service_affair_shard.shard IS
  'Region shards of the province: one row per shard database; written on the province node, replicated to every node with the catalog';
COMMENT ON COLUMN service_affair_shard.shard.name IS
  'Shard name: also the name of its foreign server on the router (PL/Proxy cluster) and on the province node (postgres_fdw)';
COMMENT ON COLUMN service_affair_shard.shard.number IS
  'Shard number k (1-9222): the shard''s sequences number in [k × 10^12, (k + 1) × 10^12); its case, task and rating ids, which carry their month, in [k × 10^15, (k + 1) × 10^15)';

CREATE TABLE service_affair_shard.shard_region (
    prefix text PRIMARY KEY CHECK (prefix ~ '^[0-9]{0,6}$'),
    shard  text NOT NULL REFERENCES service_affair_shard.shard ON UPDATE CASCADE
);
COMMENT ON TABLE service_affair_shard.shard_region IS
  'Which shard serves a region: the longest prefix of the GB/T 2260 code (6 digits) listed here wins; the empty prefix serves every region no longer prefix names (and departments without a region)';
COMMENT ON COLUMN service_affair_shard.shard_region.prefix IS
  'Prefix of region codes: 2 digits a province, 4 a city, 6 a county; empty: the default';
COMMENT ON COLUMN service_affair_shard.shard_region.shard IS 'The shard serving these regions';

CREATE TABLE service_affair_shard.local_shard (
    one   boolean PRIMARY KEY DEFAULT true CHECK (one),
    shard text NOT NULL REFERENCES service_affair_shard.shard
);
COMMENT ON TABLE service_affair_shard.local_shard IS
  'This database is the region shard named here (one row at most, written by setup_shard(); empty on the province node and the router; never replicated); inserting the row (setup_shard(), or the restore of a dump) puts the sequences into the shard''s range (trigger shard_sequences)';
COMMENT ON COLUMN service_affair_shard.local_shard.one IS 'Always true: the table holds one row at most';
COMMENT ON COLUMN service_affair_shard.local_shard.shard IS 'The shard this database is';

CREATE TABLE service_affair_shard.subscriber (
    one         boolean PRIMARY KEY DEFAULT true CHECK (one),
    prepared_at timestamptz NOT NULL DEFAULT pg_catalog.now()
);
COMMENT ON TABLE service_affair_shard.subscriber IS
  'This database receives the catalog by logical replication (a shard or a router: one row, written by prepare_subscriber(); empty on the province node; never replicated); inserting the row (prepare_subscriber(), or the restore of a dump) makes the calendar triggers fire under logical apply (trigger subscriber_triggers)';
COMMENT ON COLUMN service_affair_shard.subscriber.one IS 'Always true: the table holds one row at most';
COMMENT ON COLUMN service_affair_shard.subscriber.prepared_at IS 'When prepare_subscriber() ran (kept by a restore)';

-- moving a region between shards (doc/scale.md, "Moving a region")
CREATE TABLE service_affair_shard.region_move (
    prefix     text PRIMARY KEY REFERENCES service_affair_shard.shard_region ON UPDATE CASCADE ON DELETE CASCADE,
    to_shard   text NOT NULL REFERENCES service_affair_shard.shard ON UPDATE CASCADE,
    started_at timestamptz NOT NULL DEFAULT pg_catalog.now()
);
COMMENT ON TABLE service_affair_shard.region_move IS
  'Regions being moved to another shard (begin_region_move() to finish_region_move()): the router refuses their calls (55000 naming the region), and the shards refuse every write of their cases (shard_case_home, writable_id(), writable_department()), whoever routed it; written on the province node, replicated with the shard map';
COMMENT ON COLUMN service_affair_shard.region_move.prefix IS 'The prefix of shard_region that moves';
COMMENT ON COLUMN service_affair_shard.region_move.to_shard IS 'The shard it moves to';
COMMENT ON COLUMN service_affair_shard.region_move.started_at IS 'When the move began (the region''s calls are refused since)';

CREATE TABLE service_affair_shard.id_holder (
    number integer NOT NULL REFERENCES service_affair_shard.shard (number) ON UPDATE CASCADE,
    shard  text NOT NULL REFERENCES service_affair_shard.shard ON UPDATE CASCADE,
    PRIMARY KEY (number, shard)
);
COMMENT ON TABLE service_affair_shard.id_holder IS
  'Ids numbered by shard number may also lie on this other shard (a region moved there with its rows and ids): the router asks these shards in turn when the numbering shard does not know an id; written by finish_region_move(), replicated with the shard map';
COMMENT ON COLUMN service_affair_shard.id_holder.number IS 'Number of the shard that numbered the ids';
COMMENT ON COLUMN service_affair_shard.id_holder.shard IS 'Another shard that may hold some of them';

-- A shard number is given once: a shard's row deleted from the map (or the
-- map truncated) leaves its number here, and no other shard may take it
-- (shard_number_retired()): until 2026-12-06 (a review) a shard row that
-- nothing referenced could be deleted and its number given to a new shard,
-- and every id the first had given (k × 10^15 + ..., k × 10^12 + ...) was
-- then routed to the new one, which knew none of them or, worse, its own
-- row of the same id
CREATE TABLE service_affair_shard.retired_number (
    number     integer PRIMARY KEY CHECK (number BETWEEN 1 AND 9222),
    name       text NOT NULL,
    retired_at timestamptz NOT NULL DEFAULT pg_catalog.now()
);
COMMENT ON TABLE service_affair_shard.retired_number IS
  'Numbers of shards deleted from the shard map (trigger shard_number_retired): never given to another shard, whose ids would be taken for the deleted shard''s; the same shard (name and number) may come back, which takes its row out; on the node where the map is written (not replicated)';
COMMENT ON COLUMN service_affair_shard.retired_number.number IS 'The number of the deleted shard';
COMMENT ON COLUMN service_affair_shard.retired_number.name IS 'Its name';
COMMENT ON COLUMN service_affair_shard.retired_number.retired_at IS 'When its row left the shard map';

CREATE TABLE service_affair_shard.region_moved (
    prefix      text NOT NULL,
    from_shard  text NOT NULL REFERENCES service_affair_shard.shard ON UPDATE CASCADE,
    to_shard    text NOT NULL REFERENCES service_affair_shard.shard ON UPDATE CASCADE,
    finished_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    settled_at  timestamptz,
    PRIMARY KEY (prefix, finished_at)
);
COMMENT ON TABLE service_affair_shard.region_moved IS
  'Finished region moves (finish_region_move()), on the province node only (not replicated): until settled, the old shard may still hold the region''s rows (drop_region() not run yet), and the province views take them from the new shard only';
COMMENT ON COLUMN service_affair_shard.region_moved.prefix IS 'The prefix of shard_region that moved';
COMMENT ON COLUMN service_affair_shard.region_moved.from_shard IS 'The shard it moved from (which may hold its rows until drop_region() has run there)';
COMMENT ON COLUMN service_affair_shard.region_moved.to_shard IS 'The shard it moved to';
COMMENT ON COLUMN service_affair_shard.region_moved.finished_at IS 'When finish_region_move() switched the map';
COMMENT ON COLUMN service_affair_shard.region_moved.settled_at IS 'When service_affair_province.settle_region_moves() found none of the region''s cases left on the old shard; NULL: not yet';

SELECT pg_catalog.pg_extension_config_dump('service_affair_shard.region_move', '');
SELECT pg_catalog.pg_extension_config_dump('service_affair_shard.region_moved', '');
SELECT pg_catalog.pg_extension_config_dump('service_affair_shard.id_holder', '');

-- the map is province data: dumped like the catalog
SELECT pg_catalog.pg_extension_config_dump('service_affair_shard.shard', '');
SELECT pg_catalog.pg_extension_config_dump('service_affair_shard.shard_region', '');
SELECT pg_catalog.pg_extension_config_dump('service_affair_shard.retired_number', '');
-- what this database is: a restore inserts these rows again, and their
-- triggers put back what setup_shard() and prepare_subscriber() did beyond
-- them (sequence bounds, trigger firing modes), which pg_dump does not dump
-- for objects of an extension
SELECT pg_catalog.pg_extension_config_dump('service_affair_shard.local_shard', '');
SELECT pg_catalog.pg_extension_config_dump('service_affair_shard.subscriber', '');

-- The shard serving a region once the map's row move_prefix names
-- move_to (begin_region_move() asks before a move); the shard of today
-- when move_prefix is NULL (shard_of_region()): the rule of the map, once.
CREATE FUNCTION service_affair_shard.shard_of_region_after(region text, move_prefix text, move_to text) RETURNS text
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE WHEN s.prefix = move_prefix THEN move_to ELSE s.shard END
      FROM service_affair_shard.shard_region s
     WHERE pg_catalog.starts_with(COALESCE(region, ''), s.prefix)
     ORDER BY pg_catalog.length(s.prefix) DESC LIMIT 1
$$;
COMMENT ON FUNCTION service_affair_shard.shard_of_region_after(text, text, text) IS
  'The shard serving a region (longest prefix in shard_region) once the map''s row of prefix move_prefix names shard move_to (as after finish_region_move()); the shard of today when move_prefix is NULL; NULL when no prefix matches';
REVOKE EXECUTE ON FUNCTION service_affair_shard.shard_of_region_after(text, text, text) FROM PUBLIC;

CREATE FUNCTION service_affair_shard.shard_of_region(region text) RETURNS text
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT service_affair_shard.shard_of_region_after(region, NULL, NULL)
$$;
COMMENT ON FUNCTION service_affair_shard.shard_of_region(text) IS
  'The shard serving a region (longest prefix in shard_region; NULL region: the empty prefix); NULL when no prefix matches';

CREATE FUNCTION service_affair_shard.require_shard_of_region(region text) RETURNS text
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    s text := service_affair_shard.shard_of_region(region);
    v_move record;
BEGIN
    IF s IS NULL THEN
        RAISE EXCEPTION 'no shard serves region %', COALESCE(service_affair.printable(pg_catalog.left(region, 64)), '(none)')
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No prefix of region %s is in service_affair_shard.shard_region.',
                                             COALESCE(pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(region, 64))), 'NULL'));
    END IF;
    SELECT m.prefix, m.to_shard INTO v_move FROM service_affair_shard.region_move m
     WHERE m.prefix = service_affair_shard.region_prefix(region);
    IF FOUND THEN
        RAISE EXCEPTION 'region % is moving from shard % to shard %', COALESCE(service_affair.printable(pg_catalog.left(region, 64)), '(none)'), s, v_move.to_shard
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('The regions of prefix %s are being moved (since %s); their calls are refused until the move is finished.',
                                             CASE WHEN v_move.prefix = '' THEN '(default)' ELSE v_move.prefix || '*' END,
                                             (SELECT m.started_at FROM service_affair_shard.region_move m WHERE m.prefix = v_move.prefix)),
                  HINT = 'Retry in a few minutes; other regions keep working.';
    END IF;
    RETURN s;
END
$$;
COMMENT ON FUNCTION service_affair_shard.require_shard_of_region(text) IS
  'The shard serving a region; 23503 naming the region when no shard serves it; 55000 naming the region and both shards while its prefix is moving (region_move)';

CREATE FUNCTION service_affair_shard.id_shard_span(kind text) RETURNS bigint
    LANGUAGE plpgsql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- case, task and rating ids carry their month below the shard
    -- (service_affair.case_id(), 38_case_ids.sql): k × 10^15 + month × 10^10 + n;
    -- every other id is the sequence value itself, k × 10^12 + n
    IF kind IN ('case', 'task', 'rating') THEN
        RETURN 1000000000000000;
    ELSIF kind IN ('complaint', 'credit event', 'applicant') THEN
        RETURN 1000000000000;
    END IF;
    RAISE EXCEPTION 'unknown kind of id'
        USING ERRCODE = 'invalid_parameter_value',
              DETAIL = pg_catalog.format('Kind %s is not one of case, task, rating, complaint, credit event, applicant.',
                                         COALESCE(pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(kind, 64))), 'NULL'));
END
$$;
COMMENT ON FUNCTION service_affair_shard.id_shard_span(text) IS
  'The number of ids of one shard for a kind of id: 10^15 for a case, task or rating (k × 10^15 + month × 10^10 + n, service_affair.case_id()), 10^12 for a complaint, credit event or applicant (k × 10^12 + n); 22023 for any other kind';

CREATE FUNCTION service_affair_shard.shard_of_id(id bigint, kind text) RETURNS text
    LANGUAGE sql STABLE STRICT
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT s.name FROM service_affair_shard.shard s WHERE s.number = id / service_affair_shard.id_shard_span(kind)
$$;
COMMENT ON FUNCTION service_affair_shard.shard_of_id(bigint, text) IS
  'The shard that numbered an id of this kind: the one whose number is id div id_shard_span(kind) (10^15 for a case, task or rating id, 10^12 for a complaint, credit event or applicant id); NULL for an id of no shard (a single node numbers from 1); 22023 for an unknown kind';

CREATE FUNCTION service_affair_shard.shard_regions(shard text) RETURNS text
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT COALESCE(pg_catalog.string_agg(CASE WHEN r.prefix = '' THEN '(default)' ELSE r.prefix || '*' END, ', ' ORDER BY r.prefix), '(none)')
      FROM service_affair_shard.shard_region r WHERE r.shard = shard_regions.shard
$$;
COMMENT ON FUNCTION service_affair_shard.shard_regions(text) IS
  'The regions a shard serves, for messages: its prefixes as 3302*, 3303* (the default prefix as (default))';

-- ---- the catalog the province node publishes -----------------------------------------
CREATE FUNCTION service_affair_shard.catalog_tables() RETURNS regclass[]
    LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT ARRAY['service_affair.department', 'service_affair.calendar', 'service_affair.calendar_day',
                 'service_affair.calendar_shipped_edit', 'service_affair.calendar_day_shipped_edit',
                 'service_affair.item', 'service_affair.material', 'service_affair.bundle',
                 'service_affair.bundle_item', 'service_affair.material_denylist',
                 'service_affair.service_point', 'service_affair.item_implementation',
                 'service_affair.evidence_type', 'service_affair.setting',
                 'service_affair.staff', 'service_affair.staff_point', 'service_affair.agent',
                 'service_affair_shard.shard', 'service_affair_shard.shard_region',
                 'service_affair_shard.region_move', 'service_affair_shard.id_holder']::regclass[]
$$;
COMMENT ON FUNCTION service_affair_shard.catalog_tables() IS
  'The tables the province node owns and publishes to every shard and the router (publication service_affair_catalog): departments, calendars, items, materials, bundles, the material denylist, service points, item implementations, evidence types, settings, the service network''s people (staff, their points, agents: a clerk of one city accepts 通办 cases handled on another city''s shard) and the shard map (with the regions moving and the holders of moved ids)';

CREATE FUNCTION service_affair_shard.publish_catalog() RETURNS text
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    et record;
    bi record;
BEGIN
    -- every licence number format names its region (licence_format_check())
    SELECT e.code, e.number_format INTO et FROM service_affair.evidence_type e
     WHERE pg_catalog.strpos(e.number_format, '{region}') = 0 ORDER BY e.code LIMIT 1;
    IF FOUND THEN
        PERFORM service_affair_shard.refuse_licence_format(et.code, et.number_format);
    END IF;
    -- every item of a bundle on the shard of its lead department (check_bundle_item())
    FOR bi IN SELECT x.bundle, b.lead_department, x.item FROM service_affair.bundle_item x
                JOIN service_affair.bundle b ON b.code = x.bundle ORDER BY x.bundle, x.item LOOP
        PERFORM service_affair_shard.check_bundle_item(bi.bundle, bi.lead_department, bi.item);
    END LOOP;
    EXECUTE pg_catalog.format('CREATE PUBLICATION service_affair_catalog FOR TABLE %s',
                              (SELECT pg_catalog.string_agg(t::text, ', ') FROM pg_catalog.unnest(service_affair_shard.catalog_tables()) t));
    RETURN 'service_affair_catalog';
END
$$;
COMMENT ON FUNCTION service_affair_shard.publish_catalog() IS
  'On the province node: create the publication service_affair_catalog of catalog_tables() (the shards and the router subscribe to it); returns its name; 22023 naming the evidence type and its format when a licence number format lacks {region} (numbers would repeat across shards); 22023 naming the bundle, item, departments and shards when an item of a bundle is handled on another shard than the bundle''s lead department (check_bundle_item())';

-- ---- subscribers ---------------------------------------------------------------------
CREATE FUNCTION service_affair_shard.prepare_subscriber() RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t regclass;
BEGIN
    IF EXISTS (SELECT FROM service_affair.cases) THEN
        RAISE EXCEPTION 'this database already holds cases'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'prepare_subscriber() empties the catalog tables; it is run on a new database only.';
    END IF;
    -- the rows CREATE EXTENSION shipped (calendar cn, evidence types, the
    -- denylist, settings) come back with the initial copy of the
    -- subscription, with the province's edits; replica mode: no ledger, no
    -- shipped-edit tracking, no foreign key check while emptying
    PERFORM pg_catalog.set_config('session_replication_role', 'replica', true);
    FOREACH t IN ARRAY service_affair_shard.catalog_tables() LOOP
        EXECUTE pg_catalog.format('DELETE FROM %s', t);
    END LOOP;
    PERFORM pg_catalog.set_config('session_replication_role', 'origin', true);
    -- this database is a subscriber: its row's trigger (subscriber_triggers)
    -- makes the calendar triggers fire under logical apply
    INSERT INTO service_affair_shard.subscriber DEFAULT VALUES
        ON CONFLICT ON CONSTRAINT subscriber_pkey DO UPDATE SET prepared_at = pg_catalog.now();
END
$$;
COMMENT ON FUNCTION service_affair_shard.prepare_subscriber() IS
  'On a new shard or router database, before CREATE SUBSCRIPTION: empty the catalog tables (the initial copy brings the province''s rows) and make the calendar triggers (recomputed dues, replayed edits) and catalog_key_replayed (created first on a referenced catalog table without it) fire under logical apply (the row of service_affair_shard.subscriber, whose trigger does it, and does it again when a dump is restored); 55000 when the database holds cases';

CREATE FUNCTION service_affair_shard.subscriber_triggers() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t record;
BEGIN
    IF TG_RELID <> 'service_affair_shard.subscriber'::regclass OR TG_LEVEL <> 'ROW' OR TG_WHEN <> 'AFTER' OR TG_OP NOT IN ('INSERT', 'UPDATE') THEN
        RAISE EXCEPTION 'subscriber_triggers() is not a trigger of this table'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'It runs after rows inserted into or updated in service_affair_shard.subscriber only.';
    END IF;
    -- logical apply runs in replica mode: the statement triggers that
    -- recompute open dues after a calendar edit must fire there too
    -- (calendar_changed, the cache invalidation, is ALWAYS already), every
    -- one of them: each part of service_affair that stores a due date owns
    -- one, named <part>_recompute_dues (until 2026-12-03 this named the
    -- tasks' and the checks' only, and a replayed edit on a shard moved no
    -- leg, complaint or rectification); and the triggers that record the
    -- days a statement changed (calendar_edit_days_*), without which every
    -- edit applied there would recompute everything; and the one recording
    -- covered_until before an applied transaction (calendar_replay_covered),
    -- without which its replay misses the provisional concluded dues; and
    -- the ones doing what the foreign keys do to this database's own
    -- rows when a catalog row's key is replayed renamed or deleted
    -- (catalog_key_replayed on every referenced catalog table: apply fires
    -- no foreign-key action).  An extension's triggers are not
    -- dumped: their firing mode is set here again when a restore inserts
    -- the row.  A referenced catalog table without catalog_key_replayed
    -- (a foreign key added by a later update of service_affair) gets it
    -- first (key_replay_triggers(); until 2026-12-07 none was noticed).
    PERFORM service_affair_shard.key_replay_triggers();
    FOR t IN
        SELECT x.tgrelid::pg_catalog.regclass AS rel, x.tgname AS name
          FROM pg_catalog.pg_trigger x
         WHERE NOT x.tgisinternal
           AND ((x.tgrelid IN ('service_affair.calendar'::pg_catalog.regclass, 'service_affair.calendar_day'::pg_catalog.regclass)
                 AND (x.tgname OPERATOR(pg_catalog.~) '_recompute_dues$'
                      OR x.tgname OPERATOR(pg_catalog.=) ANY ('{calendar_replayed,calendar_replay_covered,calendar_due_lock,calendar_edit_days_ins,calendar_edit_days_upd,calendar_edit_days_del}'::pg_catalog.name[])))
                OR (x.tgname OPERATOR(pg_catalog.=) 'catalog_key_replayed'
                    AND x.tgfoid OPERATOR(pg_catalog.=) 'service_affair_shard.catalog_key_replayed()'::pg_catalog.regprocedure))
         ORDER BY 1, 2
    LOOP
        EXECUTE pg_catalog.format('ALTER TABLE %s ENABLE ALWAYS TRIGGER %I', t.rel, t.name);
    END LOOP;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION service_affair_shard.subscriber_triggers() IS
  'Trigger: when this database becomes a subscriber of the catalog (the row of service_affair_shard.subscriber, inserted by prepare_subscriber() or by the restore of a dump), the calendar triggers that take the due lock, record the changed days (calendar_edit_days_*) and covered_until before an applied transaction (calendar_replay_covered), recompute open dues (every <part>_recompute_dues on calendar and calendar_day), do what the foreign keys do to this database''s rows when a catalog key is replayed renamed or deleted (catalog_key_replayed, first created on every referenced catalog table that lacks it: key_replay_triggers()) and replay calendar edits fire under logical apply (ENABLE ALWAYS); refuses to run on any other table (42501)';
REVOKE EXECUTE ON FUNCTION service_affair_shard.subscriber_triggers() FROM PUBLIC;
CREATE TRIGGER subscriber_triggers AFTER INSERT OR UPDATE ON service_affair_shard.subscriber
    FOR EACH ROW EXECUTE FUNCTION service_affair_shard.subscriber_triggers();
COMMENT ON TRIGGER subscriber_triggers ON service_affair_shard.subscriber IS
  'A subscriber''s calendar triggers fire under logical apply, after prepare_subscriber() and after a restore (pg_dump keeps no firing mode of an extension''s triggers)';

-- The tables whose ids a shard numbers in its range, with their sequences:
-- every column of service_affair's own tables (not the catalog's) behind
-- which a sequence stands (identity columns, and sequence defaults as the
-- partitioned tables use them).  shard_sequences() moves these sequences;
-- setup_shard() refuses a database where one of these tables has rows.
CREATE FUNCTION service_affair_shard.numbered_tables(OUT tab regclass, OUT seq regclass) RETURNS SETOF record
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT DISTINCT a.attrelid::regclass,
           pg_catalog.pg_get_serial_sequence(a.attrelid::regclass::text, a.attname)::regclass
      FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class r ON r.oid = a.attrelid
     WHERE r.relnamespace = 'service_affair'::regnamespace AND r.relkind IN ('r', 'p')
       AND a.attnum > 0 AND NOT a.attisdropped
       AND a.attrelid <> ALL (service_affair_shard.catalog_tables()::oid[])
       AND pg_catalog.pg_get_serial_sequence(a.attrelid::regclass::text, a.attname) IS NOT NULL;
END;
COMMENT ON FUNCTION service_affair_shard.numbered_tables() IS
  'Internal: service_affair''s own tables (not the catalog''s) with a column behind which a sequence stands, and that sequence: what a shard numbers in its range (shard_sequences()), and what must be empty when setup_shard() runs';
REVOKE EXECUTE ON FUNCTION service_affair_shard.numbered_tables() FROM PUBLIC;

-- The numbered tables that hold rows (the catalog's own history,
-- catalog_version and catalog_change, aside: written by local catalog
-- edits, replicated from nowhere and routed by no id): setup_shard()
-- refuses such a database, and shard_sequences() a database that holds
-- rows numbered in another shard's range
CREATE FUNCTION service_affair_shard.numbered_rows_held() RETURNS text[]
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t regclass;
    found_rows boolean;
    held text[] := '{}';
BEGIN
    FOR t IN SELECT DISTINCT n.tab FROM service_affair_shard.numbered_tables() n
              WHERE n.tab NOT IN ('service_affair.catalog_version'::regclass, 'service_affair.catalog_change'::regclass)
              ORDER BY 1 LOOP
        EXECUTE pg_catalog.format('SELECT EXISTS (SELECT FROM %s)', t) INTO found_rows;
        IF found_rows THEN
            held := held || t::text;
        END IF;
    END LOOP;
    RETURN held;
END
$$;
COMMENT ON FUNCTION service_affair_shard.numbered_rows_held() IS
  'Internal (setup_shard(), shard_sequences()): the tables of numbered_tables() that hold rows, by name, the catalog''s history (catalog_version, catalog_change) aside; empty when none does';
REVOKE EXECUTE ON FUNCTION service_affair_shard.numbered_rows_held() FROM PUBLIC;

CREATE FUNCTION service_affair_shard.setup_shard(shard text) RETURNS bigint
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    k integer;
    held text[];
BEGIN
    SELECT s.number INTO k FROM service_affair_shard.shard s WHERE s.name = setup_shard.shard;
    IF k IS NULL THEN
        RAISE EXCEPTION 'unknown shard %', service_affair.printable(pg_catalog.left(shard, 64))
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No row of service_affair_shard.shard is named %s (has the catalog subscription copied the shard map?).',
                                             pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(shard, 64))));
    END IF;
    -- rows written before (cases, targets loaded by hand, applicants, ...)
    -- would keep ids outside the shard's range: the router could not find
    -- them by id, and a draw over such a directory is refused (its span)
    -- (the catalog's own history, catalog_version and catalog_change, is
    -- written by local catalog edits, replicated from nowhere and routed by
    -- no id: a catalog loaded before is no obstacle)
    held := service_affair_shard.numbered_rows_held();
    IF held <> '{}' THEN
        RAISE EXCEPTION 'this database already holds rows that a shard numbers'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('%s hold rows; setup_shard() renumbers the ids of these tables and is run on a new shard only.',
                                             pg_catalog.array_to_string(held, ', ')),
                  HINT = 'Run setup_shard() right after the catalog subscription has copied the shard map, then load targets, applicants and cases.';
    END IF;
    -- the row's trigger (shard_sequences) moves the sequences into the range
    DELETE FROM service_affair_shard.local_shard;
    INSERT INTO service_affair_shard.local_shard (shard) VALUES (setup_shard.shard);
    -- the group roles may run the write guards of the router's calls
    PERFORM service_affair_shard.create_roles();
    RETURN k::bigint * 1000000000000 + 1;
END
$$;
COMMENT ON FUNCTION service_affair_shard.setup_shard(text) IS
  'On a new region shard, after its catalog subscription has copied the shard map: this database becomes the named shard; every sequence behind a column of service_affair''s own tables (identity or default; not the catalog''s) numbers in [k × 10^12 + 1, (k + 1) × 10^12) (k its number; the trigger shard_sequences of local_shard does it, and does it again when a dump is restored), so that case numbers are unique province-wide (a case, task or rating id is k × 10^15 + month × 10^10 + n mod 10^10, service_affair.case_id()); the group roles may call the write guards (create_roles()); returns the first value of those sequences; 23503 unknown shard, 55000 when one of those tables holds rows (cases, targets, applicants, ...: numbered_tables()), naming them';

CREATE FUNCTION service_affair_shard.shard_sequences() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    k integer;
    lo bigint;
    hi bigint;
    c record;
    v bigint;
    held text[];
    was text;
BEGIN
    IF TG_RELID <> 'service_affair_shard.local_shard'::regclass OR TG_LEVEL <> 'ROW' OR TG_WHEN <> 'AFTER' OR TG_OP <> 'INSERT' THEN
        RAISE EXCEPTION 'shard_sequences() is not a trigger of this table'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'It runs after rows inserted into service_affair_shard.local_shard only.';
    END IF;
    SELECT s.number INTO k FROM service_affair_shard.shard s WHERE s.name = NEW.shard;
    IF k IS NULL THEN
        RAISE EXCEPTION 'unknown shard %', service_affair.printable(pg_catalog.left(NEW.shard, 64))
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No row of service_affair_shard.shard is named %s.', pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(NEW.shard, 64))));
    END IF;
    lo := k::bigint * 1000000000000;
    hi := lo + 999999999999;
    -- a database that already numbers in another shard's range (its
    -- sequences bear that shard's bounds, set when its row was inserted)
    -- and holds rows it numbered stays that shard: until 2026-12-06 (a
    -- review) an UPDATE of local_shard was refused, but a DELETE then an
    -- INSERT naming another shard restarted the sequences in the new
    -- range while the rows kept the old shard's ids, which the router
    -- then looked for on the old shard (setup_shard() refuses such a
    -- database; plain DML did not).  A restore (sequences with their
    -- default bounds) and a database without such rows pass
    SELECT q.seqmin INTO v
      FROM pg_catalog.pg_sequence q
     WHERE q.seqrelid IN (SELECT n.seq FROM service_affair_shard.numbered_tables() n)
       AND q.seqmin >= 1000000000000 AND q.seqmin % 1000000000000 = 0
       AND q.seqmax = q.seqmin + 999999999999 AND q.seqmin <> lo
     ORDER BY 1 LIMIT 1;
    IF v IS NOT NULL THEN
        held := service_affair_shard.numbered_rows_held();
        IF held <> '{}' THEN
            was := COALESCE((SELECT s.name FROM service_affair_shard.shard s WHERE s.number = v / 1000000000000),
                            pg_catalog.format('number %s', v / 1000000000000));
            RAISE EXCEPTION 'this database holds rows numbered by shard %', was
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = pg_catalog.format('%s hold rows numbered in the range of shard %s [%s, %s]; becoming shard %s would restart the sequences in [%s, %s] while those rows keep their ids.',
                                                 pg_catalog.left(pg_catalog.array_to_string(held, ', '), 512), was, v, v + 999999999999,
                                                 pg_catalog.left(NEW.shard, 64), lo, hi),
                      HINT = pg_catalog.format('A database stays the shard that numbered its rows: put back the row of shard %s in local_shard; a new shard is a new database (setup_shard()).', was);
        END IF;
    END IF;
    -- every sequence behind a column of the extension's own tables (identity
    -- columns, and sequence defaults as partitioned tables use them): cases,
    -- tasks, events, ratings, applicants, ... number in the shard's range.
    -- A value already in the range stays (a restore: pg_dump restores the
    -- values of the extension's sequences, never their bounds, before or
    -- after this row); any other restarts at the range's first value.
    FOR c IN SELECT DISTINCT n.seq FROM service_affair_shard.numbered_tables() n ORDER BY 1 LOOP
        EXECUTE pg_catalog.format('SELECT s.last_value FROM %s s', c.seq) INTO v;
        EXECUTE pg_catalog.format('ALTER SEQUENCE %s START WITH %s MINVALUE %s MAXVALUE %s%s',
                                  c.seq, lo + 1, lo, hi, CASE WHEN v BETWEEN lo AND hi THEN '' ELSE ' RESTART' END);
    END LOOP;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION service_affair_shard.shard_sequences() IS
  'Trigger: when this database becomes a region shard (the row of local_shard, inserted by setup_shard() or by the restore of a dump), every sequence behind a column of service_affair''s own tables (not the catalog''s) gets the shard''s bounds [k × 10^12, (k + 1) × 10^12 - 1] and starts at k × 10^12 + 1; a value already in the range is kept (a restore), any other restarts there; 23503 unknown shard; 55000 when the sequences bear another shard''s range and numbered tables hold rows (numbered_rows_held(): a database stays the shard that numbered its rows, as setup_shard() refuses such a database); refuses to run on any other table (42501)';
REVOKE EXECUTE ON FUNCTION service_affair_shard.shard_sequences() FROM PUBLIC;
CREATE TRIGGER shard_sequences AFTER INSERT ON service_affair_shard.local_shard
    FOR EACH ROW EXECUTE FUNCTION service_affair_shard.shard_sequences();
COMMENT ON TRIGGER shard_sequences ON service_affair_shard.local_shard IS
  'A shard''s sequences number in its range, after setup_shard() and after a restore (pg_dump keeps the values of an extension''s sequences, not their bounds)';

-- A shard's number is its identity: every case, task and rating id it gave
-- carries it, and the router finds an id's shard by it (shard_for_id()).
-- Renumbering a shard in the map (replicated to every node) would leave its
-- ids to no shard; renaming it would leave the shard's own local_shard
-- naming no shard (logical apply fires no foreign-key cascade there: the
-- shard then refused every case of its regions, a review) and the router
-- without a server of the new name; changing which shard this database is
-- would leave its sequences in the old range (shard_sequences() runs when
-- the row is inserted, by setup_shard() or a restore).  All are refused; a
-- new shard gets a new row.
CREATE FUNCTION service_affair_shard.shard_identity_fixed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_RELID NOT IN ('service_affair_shard.shard'::regclass, 'service_affair_shard.local_shard'::regclass)
       OR TG_LEVEL <> 'ROW' OR TG_WHEN <> 'BEFORE' OR TG_OP <> 'UPDATE' THEN
        RAISE EXCEPTION 'shard_identity_fixed() is not a trigger of this table'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'It runs before updates of rows of service_affair_shard.shard and service_affair_shard.local_shard only.';
    END IF;
    IF TG_RELID = 'service_affair_shard.shard'::regclass THEN
        IF NEW.name IS DISTINCT FROM OLD.name THEN
            RAISE EXCEPTION 'the name of shard % is fixed', service_affair.printable(pg_catalog.left(OLD.name, 64))
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = pg_catalog.format('Shard %s is named so in local_shard on the shard itself, where a replicated rename would not cascade, and its PL/Proxy and postgres_fdw servers bear the name.',
                                                 pg_catalog.left(OLD.name, 64)),
                      HINT = 'A new shard gets a row of its own; a shard''s name is chosen once.';
        END IF;
        IF NEW.number IS NOT DISTINCT FROM OLD.number THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'the number of shard % is fixed', service_affair.printable(pg_catalog.left(OLD.name, 64))
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('Shard %s numbers its ids with %s: its case, task and rating ids carry it, and the router finds them by it; with %s they would belong to no shard.',
                                             pg_catalog.left(OLD.name, 64), OLD.number, COALESCE(NEW.number::text, 'NULL')),
                  HINT = 'A new shard gets a row of its own, with a number no shard has used.';
    END IF;
    IF NEW IS DISTINCT FROM OLD THEN  -- local_shard
        RAISE EXCEPTION 'this database is shard %', service_affair.printable(pg_catalog.left(OLD.shard, 64))
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('Its sequences number in the range of shard %s; an update of local_shard would not move them.',
                                             pg_catalog.left(OLD.shard, 64)),
                  HINT = 'setup_shard() makes a new database a shard.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION service_affair_shard.shard_identity_fixed() IS
  'Trigger: refuses (55000) a change of a shard''s name or number in the shard map and an update of this database''s local_shard row: ids carry the number, the shard''s local_shard and servers carry the name, and the sequences follow local_shard only when its row is inserted; refuses to run on any other table (42501)';
REVOKE EXECUTE ON FUNCTION service_affair_shard.shard_identity_fixed() FROM PUBLIC;
CREATE TRIGGER shard_identity_fixed BEFORE UPDATE OF name, number ON service_affair_shard.shard
    FOR EACH ROW EXECUTE FUNCTION service_affair_shard.shard_identity_fixed();
COMMENT ON TRIGGER shard_identity_fixed ON service_affair_shard.shard IS
  'A shard''s name and number cannot change: its ids carry the number, its local_shard row and servers the name (55000)';
CREATE TRIGGER local_shard_fixed BEFORE UPDATE ON service_affair_shard.local_shard
    FOR EACH ROW EXECUTE FUNCTION service_affair_shard.shard_identity_fixed();
COMMENT ON TRIGGER local_shard_fixed ON service_affair_shard.local_shard IS
  'Which shard this database is cannot be updated: its sequences were set when the row was inserted (55000)';

-- A shard number is never given twice (retired_number): its ids carry it
-- for good, on every node and in every archive
CREATE FUNCTION service_affair_shard.shard_number_retired() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    was text;
BEGIN
    IF TG_RELID <> 'service_affair_shard.shard'::regclass OR TG_WHEN <> 'BEFORE'
       OR NOT ((TG_LEVEL = 'ROW' AND TG_OP IN ('INSERT', 'DELETE')) OR (TG_LEVEL = 'STATEMENT' AND TG_OP = 'TRUNCATE')) THEN
        RAISE EXCEPTION 'shard_number_retired() is not a trigger of this table'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'It runs before inserts and deletes of rows of service_affair_shard.shard, and before its TRUNCATE, only.';
    END IF;
    IF TG_OP = 'TRUNCATE' THEN
        INSERT INTO service_affair_shard.retired_number (number, name)
        SELECT s.number, s.name FROM service_affair_shard.shard s
        ON CONFLICT (number) DO UPDATE SET name = EXCLUDED.name, retired_at = EXCLUDED.retired_at;
        RETURN NULL;
    END IF;
    IF TG_OP = 'DELETE' THEN
        INSERT INTO service_affair_shard.retired_number (number, name) VALUES (OLD.number, OLD.name)
        ON CONFLICT (number) DO UPDATE SET name = EXCLUDED.name, retired_at = EXCLUDED.retired_at;
        RETURN OLD;
    END IF;
    SELECT r.name INTO was FROM service_affair_shard.retired_number r WHERE r.number = NEW.number;
    IF NOT FOUND THEN
        RETURN NEW;
    END IF;
    IF was IS DISTINCT FROM NEW.name THEN
        RAISE EXCEPTION 'shard number % was shard %''s', NEW.number, service_affair.printable(pg_catalog.left(was, 64))
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('Shard %s, deleted from the map, numbered its ids with %s: they carry it, and with shard %s they would be routed to it.',
                                             pg_catalog.left(was, 64), NEW.number, pg_catalog.left(NEW.name, 64)),
                  HINT = pg_catalog.format('Give shard %s a number no shard has used (service_affair_shard.retired_number lists those of deleted shards).', pg_catalog.left(NEW.name, 64));
    END IF;
    -- the same shard back in the map
    DELETE FROM service_affair_shard.retired_number r WHERE r.number = NEW.number;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION service_affair_shard.shard_number_retired() IS
  'Trigger: a shard''s row deleted from the map (or the map truncated) leaves its number in retired_number; a row inserted with a retired number and another name is refused (55000 naming the number and the deleted shard), the same name and number take the number back; refuses to run on any other table or event (42501)';
REVOKE EXECUTE ON FUNCTION service_affair_shard.shard_number_retired() FROM PUBLIC;
CREATE TRIGGER shard_number_retired BEFORE INSERT OR DELETE ON service_affair_shard.shard
    FOR EACH ROW EXECUTE FUNCTION service_affair_shard.shard_number_retired();
COMMENT ON TRIGGER shard_number_retired ON service_affair_shard.shard IS
  'A shard number is given once: a deleted shard''s number is kept in retired_number and refused to another shard (55000)';
CREATE TRIGGER shard_number_retired_truncate BEFORE TRUNCATE ON service_affair_shard.shard
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair_shard.shard_number_retired();
COMMENT ON TRIGGER shard_number_retired_truncate ON service_affair_shard.shard IS
  'A truncated shard map leaves every number it held in retired_number (shard_number_retired())';

-- A region being moved keeps its row of the map until finish_region_move():
-- deleted, or its prefix changed, the move's row went with it (ON DELETE /
-- ON UPDATE CASCADE) and the write freeze ended while the copy was running
-- (until 2026-12-04; a review).  The serving shard may change (that is
-- what finish_region_move() does).
CREATE FUNCTION service_affair_shard.shard_region_moving() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_RELID <> 'service_affair_shard.shard_region'::regclass
       OR TG_LEVEL <> 'ROW' OR TG_WHEN <> 'BEFORE' OR TG_OP NOT IN ('UPDATE', 'DELETE') THEN
        RAISE EXCEPTION 'shard_region_moving() is not a trigger of this table'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'It runs before updates and deletes of rows of service_affair_shard.shard_region only.';
    END IF;
    IF (TG_OP = 'DELETE' OR NEW.prefix IS DISTINCT FROM OLD.prefix)
       AND EXISTS (SELECT FROM service_affair_shard.region_move m WHERE m.prefix = OLD.prefix) THEN
        RAISE EXCEPTION 'region % is being moved', service_affair.printable(pg_catalog.left(OLD.prefix, 64))
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('Prefix %s is moving to shard %s; its row of the map stays until finish_region_move().',
                                             pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(OLD.prefix, 64))),
                                             (SELECT m.to_shard FROM service_affair_shard.region_move m WHERE m.prefix = OLD.prefix)),
                  HINT = 'Finish the move first.';
    END IF;
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END
$$;
COMMENT ON FUNCTION service_affair_shard.shard_region_moving() IS
  'Trigger: refuses (55000) to delete a row of the shard map, or to change its prefix, while its region is being moved (region_move): the move''s row would go with it and end the write freeze; refuses to run on any other table (42501)';
REVOKE EXECUTE ON FUNCTION service_affair_shard.shard_region_moving() FROM PUBLIC;
CREATE TRIGGER shard_region_moving BEFORE UPDATE OF prefix OR DELETE ON service_affair_shard.shard_region
    FOR EACH ROW EXECUTE FUNCTION service_affair_shard.shard_region_moving();
COMMENT ON TRIGGER shard_region_moving ON service_affair_shard.shard_region IS
  'A region being moved keeps its row of the map until the move is finished (55000)';

-- ---- the home of a case ---------------------------------------------------------------
CREATE FUNCTION service_affair_shard.case_home() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    here text;
    r text;
    s text;
BEGIN
    IF pg_catalog.pg_partition_root(TG_RELID) IS DISTINCT FROM 'service_affair.cases'::regclass OR TG_LEVEL <> 'ROW' OR TG_WHEN <> 'AFTER' THEN
        RAISE EXCEPTION 'case_home() is not a trigger of this table'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'It runs after each row written to service_affair.cases only.';
    END IF;
    SELECT l.shard INTO here FROM service_affair_shard.local_shard l;
    IF here IS NULL THEN
        -- The router and the province node are no shards, yet hold the
        -- single-node API (create_roles() grants it there): a case accepted
        -- there (service_affair.submit() called on the router itself) was
        -- stored where no shard, no router call by id and no province view
        -- ever sees it (until 2026-12-04; a review).  Refused on them, and on
        -- a catalog subscriber not yet made a shard (setup_shard() would
        -- refuse it then).  A database with none of these marks (the shard
        -- extension alone, or a shard's dump being restored: its cases come
        -- before its local_shard and subscriber rows) is left alone.
        IF EXISTS (SELECT FROM pg_catalog.pg_extension e WHERE e.extname IN ('service_affair_router', 'service_affair_province'))
           OR EXISTS (SELECT FROM service_affair_shard.subscriber)
           OR EXISTS (SELECT FROM pg_catalog.pg_publication p WHERE p.pubname = 'service_affair_catalog') THEN
            RAISE EXCEPTION 'this database is not a region shard'
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = pg_catalog.format('Case of department %s: database %s is the router or the province node of a sharded province (or not yet set up as a shard: service_affair_shard.local_shard is empty); a case stored here would be seen by no shard and no province view. Nothing was written.',
                                                 pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(NEW.department, 64))), pg_catalog.current_database()),
                      HINT = 'Call service_affair_router.submit() on the router: it runs service_affair.submit() on the shard of the competent office.';
        END IF;
        RETURN NULL;  -- not a shard, nor a node of a sharded province
    END IF;
    SELECT d.region INTO r FROM service_affair.department d WHERE d.code = NEW.department;
    -- no new case for a region that is moving, on either shard, however the
    -- call came (the router refuses it first; a direct px_submit() does not)
    IF EXISTS (SELECT FROM service_affair_shard.region_move m WHERE m.prefix = service_affair_shard.region_prefix(r)) THEN
        PERFORM service_affair_shard.require_shard_of_region(r);  -- 55000 naming the region and both shards
    END IF;
    s := service_affair_shard.shard_of_region(r);
    IF s IS DISTINCT FROM here THEN
        RAISE EXCEPTION 'case of region % belongs to shard %', COALESCE(r, '(none)'), COALESCE(s, '(none)')
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('Department %s lies in region %s, served by shard %s; this database is shard %s.',
                                             NEW.department, COALESCE(r, '(none)'), COALESCE(s, '(none)'), here);
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION service_affair_shard.case_home() IS
  'Trigger: on a region shard, a case whose handling department lies in a region another shard serves is refused (55000 naming both shards): the router and the shard disagreeing never leaves a case in the wrong place; a case of a region that is moving (region_move) is refused on every shard (55000 naming the region and both shards, as the router says it), whoever routed the call; on the router and the province node (extensions service_affair_router, service_affair_province, the catalog publication) and on a catalog subscriber not yet set up as a shard, every case is refused (55000 this database is not a region shard, hinting at service_affair_router.submit()): the single-node API granted there must not store cases no shard holds; does nothing on another database that is not a shard (the shard extension alone, a shard''s dump being restored); refuses to run on any other table (42501)';
REVOKE EXECUTE ON FUNCTION service_affair_shard.case_home() FROM PUBLIC;
CREATE TRIGGER shard_case_home AFTER INSERT OR UPDATE OF department ON service_affair.cases
    FOR EACH ROW EXECUTE FUNCTION service_affair_shard.case_home();
COMMENT ON TRIGGER shard_case_home ON service_affair.cases IS
  'A region shard holds only the cases of its regions, and takes no new case of a region that is moving (service_affair_shard)';

-- ---- the province-wide credit record ----------------------------------------------------
-- Credit events are recorded on one shard (manual ones on the subject's home
-- shard, automatic ones on the case's) but count at intake everywhere.  They
-- are append-only and numbered in their shard's range, so logical
-- replication gathers them without conflict: each shard publishes the events
-- it numbered (a row filter on its id range), the province node subscribes
-- to every shard, and publishes to each shard every event that shard did not
-- number (one publication per shard, the complementary filter).  No event
-- comes back to the shard that numbered it; every node holds every event in
-- service_affair.credit_event, where intake_credit_ok(), credit_profile and
-- credit_indicators read it (nothing changes in service_affair).
CREATE FUNCTION service_affair_shard.publish_credit() RETURNS text[]
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    here text := (SELECT l.shard FROM service_affair_shard.local_shard l);
    s record;
    v_pub text;
    v_out text[] := '{}';
BEGIN
    FOR s IN SELECT h.name, h.number::bigint * 1000000000000 AS lo, (h.number::bigint + 1) * 1000000000000 AS hi
               FROM service_affair_shard.shard h
              WHERE here IS NULL OR h.name = here ORDER BY h.name LOOP
        v_pub := CASE WHEN here IS NULL THEN 'service_affair_credit_' || s.name ELSE 'service_affair_credit' END;
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_publication p WHERE p.pubname = v_pub) THEN
            EXECUTE pg_catalog.format('CREATE PUBLICATION %I FOR TABLE service_affair.credit_event WHERE (%s) WITH (publish = %L)',
                                      v_pub,
                                      CASE WHEN here IS NULL THEN pg_catalog.format('id < %s OR id >= %s', s.lo, s.hi)
                                           ELSE pg_catalog.format('id >= %s AND id < %s', s.lo, s.hi) END,
                                      'insert');
        END IF;
        v_out := v_out || v_pub;
    END LOOP;
    RETURN v_out;
END
$$;
COMMENT ON FUNCTION service_affair_shard.publish_credit() IS
  'The province-wide credit record by logical replication.  On a shard (after setup_shard()): publication service_affair_credit of the credit events this shard numbered, which the province node subscribes to.  On the province node: one publication service_affair_credit_<shard> per shard of the map, of every event that shard did not number, which that shard subscribes to.  Creates the missing ones (run again after adding a shard); returns their names';

-- ---- licence numbers unique province-wide --------------------------------------------
-- A licence number is counted per type, {region} and year (licence_counter,
-- 44_licences.sql), {region} the case's receiving region.  A 通办 case
-- received in a region of shard hz lives (and is concluded) on the shard of
-- its competent office, nb: numbering it with the receiving region from nb's
-- counter would repeat numbers shard hz gives.  On a shard, issue_licence()
-- asks this function: a {region} the shard serves stays, another becomes the
-- region of the case's handling department (which this shard serves:
-- shard_case_home).  Each region's counters thus live on one shard only.
CREATE FUNCTION service_affair_shard.licence_region(region text, department text) RETURNS text
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE WHEN l.shard IS NULL OR service_affair_shard.shard_of_region(region) IS NOT DISTINCT FROM l.shard THEN region
                ELSE COALESCE((SELECT d.region FROM service_affair.department d WHERE d.code = department), region) END
      FROM (SELECT (SELECT x.shard FROM service_affair_shard.local_shard x) AS shard) l
$$;
COMMENT ON FUNCTION service_affair_shard.licence_region(text, text) IS
  'The {region} of a licence number issued here (called by service_affair.issue_licence() when this extension is installed): the given region (the case''s) when this database is not a shard or serves it; else the region of the handling department, which this shard serves, so that every region''s licence counters live on one shard and numbers are unique province-wide';

-- A format without {region} ({type}-{year}-{seq}) counts in one row for all
-- the regions of a database (licence_counter, region ''), but every shard
-- has its own counters: two shards would give the same number.  In a sharded province (this
-- extension installed: the province node, where the catalog is edited, the
-- router and the shards) such a format is refused when it is set.  Replayed
-- catalog rows (logical apply, session_replication_role = replica) do not
-- fire the trigger: the province node has checked them.
CREATE FUNCTION service_affair_shard.refuse_licence_format(code text, number_format text) RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION 'licence number format % of evidence type % has no {region}',
                    pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(number_format, 100))), pg_catalog.left(code, 64)
        USING ERRCODE = 'invalid_parameter_value',
              DETAIL = pg_catalog.format('Evidence type %s would number its licences %s: every shard keeps its own counters, regions are served by different shards, and numbers without the region would repeat across shards.',
                                         pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(code, 64))), pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(number_format, 100)))),
              HINT = 'Put {region} in the format, e.g. {type}-{region}-{year}-{seq} (the default).';
END
$$;
COMMENT ON FUNCTION service_affair_shard.refuse_licence_format(text, text) IS
  'Internal: raise 22023 naming an evidence type and its licence number format without {region} (not unique across region shards)';

CREATE FUNCTION service_affair_shard.licence_format_check() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_RELID <> 'service_affair.evidence_type'::regclass OR TG_LEVEL <> 'ROW' OR TG_WHEN <> 'BEFORE' THEN
        RAISE EXCEPTION 'licence_format_check() is not a trigger of this table'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'It runs before rows of service_affair.evidence_type only.';
    END IF;
    IF pg_catalog.strpos(NEW.number_format, '{region}') = 0 THEN
        PERFORM service_affair_shard.refuse_licence_format(NEW.code, NEW.number_format);
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION service_affair_shard.licence_format_check() IS
  'Trigger: in a sharded province, a licence number format without {region} is refused (22023 naming the type and the format): its numbers would repeat across shards; refuses to run on any other table (42501); SECURITY DEFINER: the administrators who edit evidence types have no access to this schema';
REVOKE EXECUTE ON FUNCTION service_affair_shard.licence_format_check() FROM PUBLIC;
CREATE TRIGGER shard_licence_format BEFORE INSERT OR UPDATE OF number_format ON service_affair.evidence_type
    FOR EACH ROW EXECUTE FUNCTION service_affair_shard.licence_format_check();
COMMENT ON TRIGGER shard_licence_format ON service_affair.evidence_type IS
  'In a sharded province every licence number format names its {region} (licence numbers unique across shards)';

-- A bundle ("一件事") is one case, on the shard of its lead department
-- (the router's competent_region()), with a task for each item's
-- department.  An item whose department another shard serves leaves its
-- task where that department's staff never look: the router sends
-- claim_task(department) to the department's own shard (a single node would
-- give it).  In a sharded province such a bundle is refused when it is set
-- (bundle_item, a bundle's lead department) and by publish_catalog(), as a
-- licence number format without {region}; replayed catalog rows do not fire
-- the triggers (the province node has checked them).
CREATE FUNCTION service_affair_shard.check_bundle_item(bundle text, lead_department text, item text,
                                                       move_prefix text DEFAULT NULL, move_to text DEFAULT NULL) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    b record;
    i record;
BEGIN
    SELECT d.code, d.region, service_affair_shard.shard_of_region_after(d.region, move_prefix, move_to) AS shard INTO b
      FROM service_affair.department d WHERE d.code = check_bundle_item.lead_department;
    SELECT d.code, d.region, service_affair_shard.shard_of_region_after(d.region, move_prefix, move_to) AS shard INTO i
      FROM service_affair.item x JOIN service_affair.department d ON d.code = x.department
     WHERE x.code = check_bundle_item.item;
    IF b.code IS NULL OR i.code IS NULL OR b.shard IS NOT DISTINCT FROM i.shard THEN
        RETURN;  -- one shard (or none: no map yet); an unknown code is the foreign keys' error
    END IF;
    RAISE EXCEPTION 'bundle % spans shards: item % is handled on shard %, the bundle on shard %',
                    pg_catalog.left(bundle, 64), pg_catalog.left(item, 64), COALESCE(i.shard, '(none)'), COALESCE(b.shard, '(none)')
        USING ERRCODE = 'invalid_parameter_value',
              DETAIL = pg_catalog.format('Bundle %s is led by department %s (region %s, shard %s); its item %s is handled by department %s (region %s, shard %s)%s. A case of the bundle lives on shard %s, and claim_task(%s) through the router asks shard %s: the item''s task would never be claimed.',
                                         pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(bundle, 64))), b.code, COALESCE(b.region, '(none)'), COALESCE(b.shard, '(none)'),
                                         pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(item, 64))), i.code, COALESCE(i.region, '(none)'), COALESCE(i.shard, '(none)'),
                                         CASE WHEN move_prefix IS NOT NULL
                                              THEN pg_catalog.format(' once prefix %s has moved to shard %s', pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(move_prefix, 64))), pg_catalog.left(move_to, 64))
                                              ELSE '' END,
                                         COALESCE(b.shard, '(none)'), pg_catalog.quote_literal(i.code), COALESCE(i.shard, '(none)')),
              HINT = 'Bundle items of departments served by the lead department''s shard, or let one shard serve both regions.';
END
$$;
COMMENT ON FUNCTION service_affair_shard.check_bundle_item(text, text, text, text, text) IS
  'Internal: raise 22023 naming the bundle, the item, both departments, their regions and shards when the item''s department is served by another shard than the bundle''s lead department (a case of the bundle lives on the lead''s shard, the item''s department claims its tasks on its own), with the map as it is or, given move_prefix and move_to, as it will be once that prefix has moved (shard_of_region_after()); nothing when one shard serves both, or no shard serves either';
REVOKE EXECUTE ON FUNCTION service_affair_shard.check_bundle_item(text, text, text, text, text) FROM PUBLIC;

-- Every bundle at once, after a change that may split one without touching
-- a bundle's rows: an item's department, a department's region, the shard
-- map (its statement triggers below), a region's move (begin_region_move(),
-- with the map as the move leaves it).  A pair of which no shard serves one
-- side is left alone: the map is being filled (rows inserted one by one),
-- and a case of such a region is refused anyway (no shard serves region).
-- Until 2026-12-05 only the bundle's own rows were checked (a review).
CREATE FUNCTION service_affair_shard.check_bundles(move_prefix text DEFAULT NULL, move_to text DEFAULT NULL) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    bi record;
BEGIN
    FOR bi IN SELECT x.bundle, b.lead_department, x.item
                FROM service_affair.bundle_item x
                JOIN service_affair.bundle b ON b.code = x.bundle
                JOIN service_affair.department bd ON bd.code = b.lead_department
                JOIN service_affair.item it ON it.code = x.item
                JOIN service_affair.department id ON id.code = it.department
               WHERE service_affair_shard.shard_of_region_after(bd.region, move_prefix, move_to)
                     <> service_affair_shard.shard_of_region_after(id.region, move_prefix, move_to)
               ORDER BY x.bundle, x.item LIMIT 1 LOOP
        PERFORM service_affair_shard.check_bundle_item(bi.bundle, bi.lead_department, bi.item, move_prefix, move_to);
    END LOOP;
END
$$;
COMMENT ON FUNCTION service_affair_shard.check_bundles(text, text) IS
  'Internal: raise 22023 (check_bundle_item()) for the first bundle item, in the order of bundle and item, handled on another shard than its bundle''s lead department, with the map as it is or as it will be once prefix move_prefix has moved to shard move_to; pairs of which one side no shard serves are not checked';
REVOKE EXECUTE ON FUNCTION service_affair_shard.check_bundles(text, text) FROM PUBLIC;

CREATE FUNCTION service_affair_shard.bundle_shard_check() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_item text;
BEGIN
    IF TG_RELID NOT IN ('service_affair.bundle'::regclass, 'service_affair.bundle_item'::regclass)
       OR TG_LEVEL <> 'ROW' OR TG_WHEN <> 'BEFORE' OR TG_OP NOT IN ('INSERT', 'UPDATE') THEN
        RAISE EXCEPTION 'bundle_shard_check() is not a trigger of this table'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'It runs before rows of service_affair.bundle and service_affair.bundle_item are inserted or updated only.';
    END IF;
    IF TG_RELID = 'service_affair.bundle_item'::regclass THEN
        PERFORM service_affair_shard.check_bundle_item(NEW.bundle,
                    (SELECT x.lead_department FROM service_affair.bundle x WHERE x.code = NEW.bundle), NEW.item);
    ELSE
        FOR v_item IN SELECT bi.item FROM service_affair.bundle_item bi WHERE bi.bundle = OLD.code ORDER BY bi.item LOOP
            PERFORM service_affair_shard.check_bundle_item(NEW.code, NEW.lead_department, v_item);
        END LOOP;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION service_affair_shard.bundle_shard_check() IS
  'Trigger: in a sharded province, an item of a bundle whose department is served by another shard than the bundle''s lead department is refused (22023 naming the bundle, the item, the departments and the shards: check_bundle_item()), when the item is added to the bundle and when the bundle''s lead department changes; refuses to run on any other table (42501); SECURITY DEFINER: the administrators who edit bundles have no access to this schema';
REVOKE EXECUTE ON FUNCTION service_affair_shard.bundle_shard_check() FROM PUBLIC;
CREATE TRIGGER shard_bundle_item BEFORE INSERT OR UPDATE ON service_affair.bundle_item
    FOR EACH ROW EXECUTE FUNCTION service_affair_shard.bundle_shard_check();
COMMENT ON TRIGGER shard_bundle_item ON service_affair.bundle_item IS
  'In a sharded province every item of a bundle is handled on the shard of the bundle''s lead department (its tasks claimable there)';
CREATE TRIGGER shard_bundle_lead BEFORE UPDATE OF lead_department ON service_affair.bundle
    FOR EACH ROW EXECUTE FUNCTION service_affair_shard.bundle_shard_check();
COMMENT ON TRIGGER shard_bundle_lead ON service_affair.bundle IS
  'In a sharded province a bundle''s new lead department is served by the shard of every item of the bundle';

CREATE FUNCTION service_affair_shard.bundle_map_check() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_RELID NOT IN ('service_affair.item'::regclass, 'service_affair.department'::regclass,
                        'service_affair_shard.shard_region'::regclass)
       OR TG_LEVEL <> 'STATEMENT' OR TG_WHEN <> 'AFTER' THEN
        RAISE EXCEPTION 'bundle_map_check() is not a trigger of this table'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'It runs after statements on service_affair.item, service_affair.department and service_affair_shard.shard_region only.';
    END IF;
    PERFORM service_affair_shard.check_bundles();
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION service_affair_shard.bundle_map_check() IS
  'Trigger: in a sharded province, a change of an item''s department, a department''s region or the shard map that leaves an item of a bundle on another shard than the bundle''s lead department is refused (22023 from check_bundles(), naming the bundle, the item, the departments and the shards); refuses to run on any other table (42501); SECURITY DEFINER: the administrators who edit the catalog have no access to this schema';
REVOKE EXECUTE ON FUNCTION service_affair_shard.bundle_map_check() FROM PUBLIC;
CREATE TRIGGER shard_bundle_item_department AFTER UPDATE OF department ON service_affair.item
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair_shard.bundle_map_check();
COMMENT ON TRIGGER shard_bundle_item_department ON service_affair.item IS
  'In a sharded province an item of a bundle handled by another department stays on the shard of the bundle''s lead department';
CREATE TRIGGER shard_bundle_department_region AFTER UPDATE OF region ON service_affair.department
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair_shard.bundle_map_check();
COMMENT ON TRIGGER shard_bundle_department_region ON service_affair.department IS
  'In a sharded province a department of another region leaves no bundle spanning shards';
CREATE TRIGGER shard_bundle_map AFTER INSERT OR UPDATE OR DELETE ON service_affair_shard.shard_region
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair_shard.bundle_map_check();
COMMENT ON TRIGGER shard_bundle_map ON service_affair_shard.shard_region IS
  'In a sharded province an edit of the shard map leaves no bundle spanning shards';

-- ---- calendar edits replayed by logical apply ----------------------------------------
-- Logical apply fires row triggers only (ENABLE ALWAYS or REPLICA), never the
-- statement triggers of INSERT/UPDATE/DELETE that invalidate the calendar
-- cache and recompute open dues.  A deferred constraint trigger, ALWAYS on a
-- subscriber (prepare_subscriber()), runs once at the commit of each applied
-- transaction that touched a calendar and issues an empty UPDATE of
-- calendar: its statement triggers (ALWAYS there) fire as after a local
-- edit of a calendar, which recomputes every open due (an empty statement
-- of calendar_day would change no day, and its triggers would move
-- nothing: 22_calendar_triggers.sql).  Applied TRUNCATEs fire the
-- statement triggers directly.
CREATE FUNCTION service_affair_shard.calendar_replayed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_RELID NOT IN ('service_affair.calendar'::regclass, 'service_affair.calendar_day'::regclass)
       OR TG_LEVEL <> 'ROW' OR TG_WHEN <> 'AFTER' THEN
        RAISE EXCEPTION 'calendar_replayed() is not a trigger of this table'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'It runs after rows of service_affair.calendar and service_affair.calendar_day only.';
    END IF;
    IF pg_catalog.current_setting('session_replication_role') <> 'replica'
       OR pg_catalog.current_setting('service_affair_shard.replayed', true) IS NOT DISTINCT FROM pg_catalog.txid_current()::text THEN
        RETURN NULL;  -- a local edit fired the statement triggers itself; or done in this transaction
    END IF;
    PERFORM pg_catalog.set_config('service_affair_shard.replayed', pg_catalog.txid_current()::text, true);
    UPDATE service_affair.calendar SET name = name WHERE false;
    -- the covered_until recorded for this replay (calendar_replay_covered()) is spent
    PERFORM pg_catalog.set_config('service_affair.calendar_replay_covered', '', true);
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION service_affair_shard.calendar_replayed() IS
  'Trigger: at the commit of a logically applied calendar edit, once per transaction, fire the statement triggers of an edit of calendar (cache invalidation, every open due recomputed) with an empty UPDATE of calendar; nothing outside replica mode; refuses to run on any other table (42501)';
REVOKE EXECUTE ON FUNCTION service_affair_shard.calendar_replayed() FROM PUBLIC;
CREATE CONSTRAINT TRIGGER calendar_replayed AFTER INSERT OR UPDATE OR DELETE ON service_affair.calendar
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION service_affair_shard.calendar_replayed();
CREATE CONSTRAINT TRIGGER calendar_replayed AFTER INSERT OR UPDATE OR DELETE ON service_affair.calendar_day
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION service_affair_shard.calendar_replayed();
COMMENT ON TRIGGER calendar_replayed ON service_affair.calendar IS
  'On a subscriber (ENABLE ALWAYS by prepare_subscriber()): a replayed calendar edit recomputes open dues as a local one does';
COMMENT ON TRIGGER calendar_replayed ON service_affair.calendar_day IS
  'On a subscriber (ENABLE ALWAYS by prepare_subscriber()): a replayed calendar edit recomputes open dues as a local one does';

-- A rename or a deletion of a catalog row replayed by logical apply.  The
-- foreign keys' actions are triggers fired on origin only (internal, ENABLE
-- ORIGIN: the ON UPDATE CASCADE, RI_FKey_cascade_upd, and the NO ACTION
-- checks), and apply runs in replica mode, so the rows of this database
-- that name the key kept the old one, a row no longer there (until
-- 2026-12-07: a calendar renamed left cases, tasks, legs, complaints,
-- commitment checks and licences naming it, local_day() of such a row
-- failed with 23503, a licence's end could no longer be judged; a
-- department renamed left tasks, complaints and the complaint history
-- naming it, and a reply written there afterwards was refused 23503; a
-- calendar or department deleted left them naming nothing, unseen).  The
-- catalog's own rows (items, service points, days) come with the
-- province's transaction.  A row trigger on every table of the replicated
-- catalog that a foreign key of service_affair's own tables or of this
-- companion's references (calendar, department, item, bundle, service
-- point, agent, evidence type; the shard map, which this database's
-- local_shard names: found in pg_constraint when the extension is
-- created), ALWAYS on a subscriber, does in replica mode only what the
-- foreign keys do on one node, driven by them: every single-column foreign
-- key of service_affair or service_affair_shard to the table, outside the
-- replicated catalog, in the order of the constraints.  (Until 2026-12-07
-- the companion's own keys were left out: a shard deleted from the map on
-- the province node, whose local_shard is empty, was replayed on that
-- shard itself unseen, its local_shard then naming no shard:
-- shard_map_replayed.sql.)  An action that cascades (ON UPDATE CASCADE, ON DELETE
-- CASCADE, SET NULL) is carried out; one that refuses (NO ACTION,
-- RESTRICT; SET DEFAULT too, which no key uses) refuses the applied
-- transaction with 23503 when
-- rows of this database still name the old key, naming the key, the
-- tables and the rows: the subscription's worker logs it and retries, so
-- nothing dangles unseen (doc/scale.md says how to go on).  The checks
-- come first, then, for a calendar, the due lock, which every writer of
-- those rows takes first (calendar_due_lock, 51_calendar_due_lock.sql, a
-- statement trigger that apply does not fire), then the cascades.  Apply
-- has locked the catalog row before this trigger runs, so a submission
-- holding the due lock shared and waiting on that row (its foreign-key
-- check) deadlocks with it; PostgreSQL ends one of the two (doc/scale.md),
-- as for the replay's due lock at the commit.  A department's cascade takes
-- no due lock, as on one node.  The complaint history's append-only
-- trigger (ENABLE ORIGIN) does not fire in replica mode: the new code
-- passes, as the cascade's does on one node.
CREATE FUNCTION service_affair_shard.catalog_key_replayed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    r record;
    v_old jsonb;
    v_new jsonb;
    v_key text;
    v_rows bigint;
    v_ids text;
    v_refused text[] := '{}';
    v_refkey text;
    v_work jsonb := '[]';
    w jsonb;
    v_locked boolean := false;
BEGIN
    IF TG_LEVEL <> 'ROW' OR TG_WHEN <> 'AFTER' OR TG_OP NOT IN ('UPDATE', 'DELETE')
       OR TG_TABLE_SCHEMA NOT IN ('service_affair', 'service_affair_shard')
       OR TG_RELID <> ALL (service_affair_shard.catalog_tables()) THEN
        RAISE EXCEPTION 'catalog_key_replayed() is not a trigger of this table'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'It runs after rows of the replicated catalog (service_affair, service_affair_shard) are updated or deleted only.';
    END IF;
    IF pg_catalog.current_setting('session_replication_role') <> 'replica' THEN
        RETURN NULL;  -- a local edit: the foreign keys act
    END IF;
    v_old := pg_catalog.to_jsonb(OLD);
    v_new := CASE WHEN TG_OP = 'UPDATE' THEN pg_catalog.to_jsonb(NEW) END;
    -- an update that changes no column of a unique key of the table (what a
    -- foreign key references) is left at once: most replayed updates (an
    -- item's description, a department's name) read no catalog beyond two
    -- index probes (until 2026-12-07 each one scanned pg_constraint, which
    -- has no index on confrelid, and planned a subquery per foreign key:
    -- twenty times the cost of the update itself)
    IF TG_OP = 'UPDATE' AND NOT EXISTS (
           SELECT FROM pg_catalog.pg_index i
             JOIN pg_catalog.pg_attribute a ON a.attrelid OPERATOR(pg_catalog.=) i.indrelid
                                           AND a.attnum OPERATOR(pg_catalog.=) ANY (i.indkey)
            WHERE i.indrelid OPERATOR(pg_catalog.=) TG_RELID AND i.indisunique
              AND (v_old OPERATOR(pg_catalog.->>) a.attname::text) IS DISTINCT FROM (v_new OPERATOR(pg_catalog.->>) a.attname::text)) THEN
        RETURN NULL;
    END IF;
    FOR r IN
        SELECT c.conrelid::pg_catalog.regclass AS rel, a.attname AS col, k.attname AS keycol,
               pg_catalog.format_type(a.atttypid, a.atttypmod) AS typ,
               CASE WHEN TG_OP = 'UPDATE' THEN c.confupdtype ELSE c.confdeltype END AS action,
               COALESCE((SELECT pg_catalog.string_agg(pg_catalog.quote_ident(pa.attname), ', ' ORDER BY x.n)
                           FROM pg_catalog.pg_index i
                           CROSS JOIN LATERAL pg_catalog.unnest(i.indkey) WITH ORDINALITY x(attnum, n)
                           JOIN pg_catalog.pg_attribute pa ON pa.attrelid OPERATOR(pg_catalog.=) i.indrelid AND pa.attnum OPERATOR(pg_catalog.=) x.attnum
                          WHERE i.indrelid OPERATOR(pg_catalog.=) c.conrelid AND i.indisprimary),
                        (SELECT 'id' FROM pg_catalog.pg_attribute pa
                          WHERE pa.attrelid OPERATOR(pg_catalog.=) c.conrelid AND pa.attname OPERATOR(pg_catalog.=) 'id' AND NOT pa.attisdropped),
                        'ctid') AS pk
          FROM pg_catalog.pg_constraint c
          JOIN pg_catalog.pg_class t ON t.oid OPERATOR(pg_catalog.=) c.conrelid
          JOIN pg_catalog.pg_attribute a ON a.attrelid OPERATOR(pg_catalog.=) c.conrelid AND a.attnum OPERATOR(pg_catalog.=) c.conkey[1]
          JOIN pg_catalog.pg_attribute k ON k.attrelid OPERATOR(pg_catalog.=) c.confrelid AND k.attnum OPERATOR(pg_catalog.=) c.confkey[1]
         WHERE c.contype OPERATOR(pg_catalog.=) 'f'
           AND c.confrelid OPERATOR(pg_catalog.=) TG_RELID
           AND c.conparentid OPERATOR(pg_catalog.=) 0 AND pg_catalog.cardinality(c.conkey) OPERATOR(pg_catalog.=) 1
           AND t.relnamespace OPERATOR(pg_catalog.=) ANY ('{service_affair,service_affair_shard}'::pg_catalog.regnamespace[])
           AND c.conrelid OPERATOR(pg_catalog.<>) ALL (service_affair_shard.catalog_tables())
         ORDER BY c.oid
    LOOP
        v_key := v_old OPERATOR(pg_catalog.->>) r.keycol::text;
        CONTINUE WHEN v_key IS NULL
                   OR (TG_OP = 'UPDATE' AND (v_new OPERATOR(pg_catalog.->>) r.keycol::text) IS NOT DISTINCT FROM v_key);
        IF r.action IN ('c', 'n') THEN
            v_work := v_work OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object(
                'rel', r.rel::pg_catalog.oid, 'col', r.col, 'typ', r.typ, 'action', r.action, 'key', v_key,
                'new', v_new OPERATOR(pg_catalog.->>) r.keycol::text));
            CONTINUE;
        END IF;
        -- NO ACTION, RESTRICT: one node refuses the edit (SET DEFAULT, which
        -- no key uses, is refused too rather than guessed)
        EXECUTE pg_catalog.format('SELECT pg_catalog.count(*), pg_catalog.string_agg(x.k, '', '') FILTER (WHERE x.n OPERATOR(pg_catalog.<=) 10)
                                     FROM (SELECT %s::text AS k, pg_catalog.row_number() OVER (ORDER BY %s) AS n
                                             FROM %s WHERE %I OPERATOR(pg_catalog.=) $1::%s) x',
                                  CASE WHEN pg_catalog.strpos(r.pk, ',') OPERATOR(pg_catalog.>) 0 THEN 'ROW(' || r.pk || ')' ELSE r.pk END,
                                  r.pk, r.rel, r.col, r.typ)
            INTO v_rows, v_ids USING v_key;
        IF v_rows > 0 THEN
            v_refkey := COALESCE(v_refkey, v_key);
            v_refused := v_refused || pg_catalog.format('%s.%s: %s row(s) (%s%s)', r.rel, r.col, v_rows,
                                                        v_ids, CASE WHEN v_rows > 10 THEN '; …' ELSE '' END);
        END IF;
    END LOOP;
    IF pg_catalog.cardinality(v_refused) > 0 THEN
        RAISE EXCEPTION '% of %.% "%" replayed from the province node, but rows of this database name it',
                        CASE TG_OP WHEN 'UPDATE' THEN 'rename' ELSE 'deletion' END, TG_TABLE_SCHEMA, TG_TABLE_NAME,
                        service_affair.printable(v_refkey)
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = service_affair.printable(pg_catalog.array_to_string(v_refused, '; ')),
                  HINT = 'Their foreign keys refuse it on one node; logical apply checks none. Put the row back on the province node, then skip this transaction on this node (ALTER SUBSCRIPTION ... SKIP): doc/scale.md.';
    END IF;
    FOR w IN SELECT x.w FROM pg_catalog.jsonb_array_elements(v_work) WITH ORDINALITY x(w, n) ORDER BY x.n LOOP
        IF NOT v_locked AND TG_RELID = 'service_affair.calendar'::pg_catalog.regclass THEN
            LOCK TABLE service_affair.due_clock IN EXCLUSIVE MODE;
            v_locked := true;
        END IF;
        IF w OPERATOR(pg_catalog.->>) 'action' = 'n' THEN
            EXECUTE pg_catalog.format('UPDATE %s SET %I = NULL WHERE %I OPERATOR(pg_catalog.=) $1::%s',
                                      (w OPERATOR(pg_catalog.->>) 'rel')::pg_catalog.oid::pg_catalog.regclass, w OPERATOR(pg_catalog.->>) 'col',
                                      w OPERATOR(pg_catalog.->>) 'col', w OPERATOR(pg_catalog.->>) 'typ')
                USING w OPERATOR(pg_catalog.->>) 'key';
        ELSIF TG_OP = 'UPDATE' THEN
            EXECUTE pg_catalog.format('UPDATE %s SET %I = $2::%s WHERE %I OPERATOR(pg_catalog.=) $1::%s',
                                      (w OPERATOR(pg_catalog.->>) 'rel')::pg_catalog.oid::pg_catalog.regclass, w OPERATOR(pg_catalog.->>) 'col',
                                      w OPERATOR(pg_catalog.->>) 'typ', w OPERATOR(pg_catalog.->>) 'col', w OPERATOR(pg_catalog.->>) 'typ')
                USING w OPERATOR(pg_catalog.->>) 'key', w OPERATOR(pg_catalog.->>) 'new';
        ELSE
            EXECUTE pg_catalog.format('DELETE FROM %s WHERE %I OPERATOR(pg_catalog.=) $1::%s',
                                      (w OPERATOR(pg_catalog.->>) 'rel')::pg_catalog.oid::pg_catalog.regclass, w OPERATOR(pg_catalog.->>) 'col',
                                      w OPERATOR(pg_catalog.->>) 'typ')
                USING w OPERATOR(pg_catalog.->>) 'key';
        END IF;
    END LOOP;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION service_affair_shard.catalog_key_replayed() IS
  'Trigger: an update or deletion of a row of the replicated catalog applied in replica mode (logical apply, where the foreign keys'' actions do not fire) does what the foreign keys of service_affair''s and service_affair_shard''s own tables to it do on one node: a cascading one (a calendar renamed: cases, tasks, legs, complaints, commitment checks, licences; a department renamed: cases'' handling department, tasks, checks, complaints and their history) is carried out, after the due lock for a calendar; a refusing one (NO ACTION, RESTRICT) refuses the applied transaction with 23503 naming the key, the tables and the rows still naming it (a calendar or department deleted, a department renamed that cases name, this shard deleted from the shard map: local_shard); the keys of service_affair_shard''s own tables (local_shard, region_moved) too; nothing outside replica mode; refuses to run on any other table (42501)';
REVOKE EXECUTE ON FUNCTION service_affair_shard.catalog_key_replayed() FROM PUBLIC;
-- Every catalog table a foreign key of service_affair's own tables or of
-- this companion's references (the shard map: local_shard, region_moved)
-- gets the trigger: at CREATE EXTENSION, and again whenever this
-- database becomes a subscriber (subscriber_triggers(): prepare_subscriber(),
-- the restore of a dump), so that a key a later update of service_affair
-- adds is covered there too (until 2026-12-07 the set was fixed at CREATE
-- EXTENSION, and prepare_subscriber() did not notice a referenced catalog
-- table without the trigger: its replayed renames and deletions left rows
-- naming nothing, unseen; a review).
CREATE FUNCTION service_affair_shard.key_replay_triggers() RETURNS regclass[]
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t regclass;
    made regclass[] := '{}';
BEGIN
    FOR t IN
        SELECT DISTINCT c.confrelid::pg_catalog.regclass
          FROM pg_catalog.pg_constraint c
          JOIN pg_catalog.pg_class s ON s.oid OPERATOR(pg_catalog.=) c.conrelid
         WHERE c.contype OPERATOR(pg_catalog.=) 'f' AND c.conparentid OPERATOR(pg_catalog.=) 0
           AND s.relnamespace OPERATOR(pg_catalog.=) ANY ('{service_affair,service_affair_shard}'::pg_catalog.regnamespace[])
           AND c.conrelid OPERATOR(pg_catalog.<>) ALL (service_affair_shard.catalog_tables())
           AND c.confrelid OPERATOR(pg_catalog.=) ANY (service_affair_shard.catalog_tables())
           AND EXISTS (SELECT FROM pg_catalog.pg_class r
                        WHERE r.oid OPERATOR(pg_catalog.=) c.confrelid
                          AND r.relnamespace OPERATOR(pg_catalog.=) ANY ('{service_affair,service_affair_shard}'::pg_catalog.regnamespace[]))
           AND NOT EXISTS (SELECT FROM pg_catalog.pg_trigger x
                            WHERE x.tgrelid OPERATOR(pg_catalog.=) c.confrelid
                              AND x.tgname OPERATOR(pg_catalog.=) 'catalog_key_replayed'
                              AND x.tgfoid OPERATOR(pg_catalog.=) 'service_affair_shard.catalog_key_replayed()'::pg_catalog.regprocedure)
         ORDER BY 1
    LOOP
        EXECUTE pg_catalog.format('CREATE TRIGGER catalog_key_replayed AFTER UPDATE OR DELETE ON %s
                                       FOR EACH ROW EXECUTE FUNCTION service_affair_shard.catalog_key_replayed()', t);
        EXECUTE pg_catalog.format('COMMENT ON TRIGGER catalog_key_replayed ON %s IS %L', t,
            'On a subscriber (ENABLE ALWAYS by prepare_subscriber()): a replayed rename or deletion reaches the rows of this database that name the key, as its foreign keys do on one node (cascade, or 23503)');
        made := made || t;
    END LOOP;
    RETURN made;
END
$$;
COMMENT ON FUNCTION service_affair_shard.key_replay_triggers() IS
  'Internal (CREATE EXTENSION, subscriber_triggers(): prepare_subscriber() and the restore of a dump): creates the trigger catalog_key_replayed on every replicated catalog table that a foreign key of service_affair''s or service_affair_shard''s own tables references (the shard map: local_shard, region_moved) and that lacks it (a key a later update of service_affair adds); returns the tables it created it on';
REVOKE EXECUTE ON FUNCTION service_affair_shard.key_replay_triggers() FROM PUBLIC;
SELECT service_affair_shard.key_replay_triggers();

-- On a database already subscribing, ALTER EXTENSION service_affair UPDATE
-- (or service_affair_shard's) may add a foreign key to a catalog table not
-- referenced before, or make again a trigger the subscriber fires ALWAYS:
-- at the end of the command, the subscriber's row is updated, and its
-- trigger (subscriber_triggers()) runs key_replay_triggers() and sets the
-- firing modes again, as prepare_subscriber() does.  Until 2026-12-07 (a
-- review) nothing did until a DBA updated the row by hand, and the new key
-- went uncovered meanwhile.
CREATE FUNCTION service_affair_shard.key_replay_update() RETURNS event_trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_mode text := pg_catalog.current_setting('session_replication_role');
BEGIN
    -- (an ALTER EXTENSION inside an extension's script is left to the
    -- command that ran the script; any other extension is left alone)
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_event_trigger_ddl_commands() c
                     JOIN pg_catalog.pg_extension x ON x.oid OPERATOR(pg_catalog.=) c.objid
                    WHERE c.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_extension'::pg_catalog.regclass
                      AND NOT c.in_extension
                      AND x.extname OPERATOR(pg_catalog.=) ANY ('{service_affair,service_affair_shard}'::pg_catalog.name[])) THEN
        RETURN;
    END IF;
    -- in replica mode too (the event trigger fires ALWAYS): the row's
    -- trigger subscriber_triggers is an ordinary one, so the row is updated
    -- in origin mode and the session gets its mode back.  Until 2026-12-07
    -- (a second read) neither fired in replica mode, and an ALTER EXTENSION
    -- run there left a newly referenced catalog table uncovered, unseen
    -- (shard_key_replay_replica.sql)
    IF v_mode OPERATOR(pg_catalog.<>) 'origin' THEN
        PERFORM pg_catalog.set_config('session_replication_role', 'origin', true);
    END IF;
    UPDATE service_affair_shard.subscriber SET prepared_at = prepared_at;
    IF v_mode OPERATOR(pg_catalog.<>) 'origin' THEN
        PERFORM pg_catalog.set_config('session_replication_role', v_mode, true);
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair_shard.key_replay_update() IS
  'Event trigger: at the end of ALTER EXTENSION service_affair or service_affair_shard (an update, which may add a foreign key to a catalog table), on a subscriber (a row in service_affair_shard.subscriber) updates that row, whose trigger subscriber_triggers() creates catalog_key_replayed where it is missing (key_replay_triggers()) and fires the subscriber''s triggers ALWAYS again, as prepare_subscriber() does, in origin mode whatever the session''s session_replication_role (given back after); nothing on another database (the province node) or for another extension';
REVOKE EXECUTE ON FUNCTION service_affair_shard.key_replay_update() FROM PUBLIC;
CREATE EVENT TRIGGER sa_shard_key_replay_update ON ddl_command_end
    WHEN TAG IN ('ALTER EXTENSION')
    EXECUTE FUNCTION service_affair_shard.key_replay_update();
-- ALWAYS: an ALTER EXTENSION run under session_replication_role = replica
-- is covered too (an ordinary event trigger fires in origin mode only)
ALTER EVENT TRIGGER sa_shard_key_replay_update ENABLE ALWAYS;
COMMENT ON EVENT TRIGGER sa_shard_key_replay_update IS
  'On a subscriber, after ALTER EXTENSION service_affair or service_affair_shard (an update), in replica mode too (ENABLE ALWAYS): catalog_key_replayed on every referenced catalog table and the subscriber''s firing modes again (key_replay_update())';

-- The replay runs after the whole applied transaction: when the province
-- entered next year's days and moved covered_until in one transaction (as
-- doc/calendar.md, "Adding the next year's notice", does), covered_until
-- has moved when the replay's recomputation asks which concluded cases had
-- a provisional due (a due after covered_until before the edit:
-- recompute_dues()), and it found none (until 2026-12-05; a second read:
-- on one node they are counted again).  A row trigger, not deferred, ALWAYS
-- on a subscriber, records under apply the covered_until each calendar had
-- before the applied transaction (the first value per calendar in it, by
-- the name before the update) in the transaction's setting
-- service_affair.calendar_replay_covered, which the replay's recomputation
-- reads (service_affair.calendar_covered_before(), replica mode only:
-- calendar_due_lock() empties the statement's own setting, not this one)
-- and calendar_replayed() empties after its UPDATE.
CREATE FUNCTION service_affair_shard.calendar_replay_covered() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    covered jsonb;
BEGIN
    IF TG_RELID <> 'service_affair.calendar'::regclass OR TG_LEVEL <> 'ROW' OR TG_WHEN <> 'AFTER' OR TG_OP <> 'UPDATE' THEN
        RAISE EXCEPTION 'calendar_replay_covered() is not a trigger of this table'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'It runs after each row an update of service_affair.calendar touches only.';
    END IF;
    IF pg_catalog.current_setting('session_replication_role') <> 'replica' THEN
        RETURN NULL;  -- a local edit: its own statement triggers know covered_until before it
    END IF;
    covered := COALESCE(NULLIF(pg_catalog.current_setting('service_affair.calendar_replay_covered', true), '')::jsonb, '{}'::jsonb);
    IF NOT covered ? OLD.name THEN  -- the first value in the transaction wins
        PERFORM pg_catalog.set_config('service_affair.calendar_replay_covered',
                                      (covered || pg_catalog.jsonb_build_object(OLD.name, OLD.covered_until))::text, true);
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION service_affair_shard.calendar_replay_covered() IS
  'Trigger: under logical apply (replica mode), after each updated calendar row, records the calendar''s covered_until before the applied transaction (the first value per calendar name in it) in the setting service_affair.calendar_replay_covered, which the replay (calendar_replayed()) recomputes by (service_affair.calendar_covered_before()); nothing outside replica mode; refuses to run on any other table (42501)';
REVOKE EXECUTE ON FUNCTION service_affair_shard.calendar_replay_covered() FROM PUBLIC;
CREATE TRIGGER calendar_replay_covered AFTER UPDATE ON service_affair.calendar
    FOR EACH ROW EXECUTE FUNCTION service_affair_shard.calendar_replay_covered();
COMMENT ON TRIGGER calendar_replay_covered ON service_affair.calendar IS
  'On a subscriber (ENABLE ALWAYS by prepare_subscriber()): an applied update of a calendar records its covered_until before the transaction, so that the replay counts again the concluded cases whose due was provisional';

-- ---- moving a region between shards (doc/scale.md, "Moving a region") -----------------

CREATE FUNCTION service_affair_shard.region_prefix(region text) RETURNS text
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT s.prefix FROM service_affair_shard.shard_region s
     WHERE pg_catalog.starts_with(COALESCE(region, ''), s.prefix)
     ORDER BY pg_catalog.length(s.prefix) DESC LIMIT 1
$$;
COMMENT ON FUNCTION service_affair_shard.region_prefix(text) IS
  'The row of shard_region that decides a region: its longest matching prefix (NULL region: the empty prefix); NULL when none matches';

-- The region code deciding a credit subject (a canonical USCC or resident
-- id, as credit_event.subject holds it) of a kind (person: its resident
-- id's, org: its USCC's; NULL: the kind not named), as the router's
-- shard_for_subject() routes record_credit_event(): the one home of that
-- rule, for the router and for subject_prefix() below.  A kind named reads
-- the identifier as that kind alone (credit_subject_key(): person:<resident
-- id>, org:<USCC>; NULL when it is not valid as that kind).  Until
-- 2026-12-07 the kind was not read: a person whose resident id is also a
-- valid USCC (about one in 31) was routed by characters 3-8, the company's
-- reading, to a shard that does not hold the person (a review).  No kind:
-- read as a USCC first; one valid as a resident id too whose USCC reading
-- no prefix serves is read as its resident id (until 2026-12-05 NULL, and
-- the router refused its events: 23503 no shard serves region 010619);
-- when neither reading is served, the USCC's region (the error names it).
CREATE FUNCTION service_affair_shard.subject_region(subject text, subject_kind text) RETURNS text
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE WHEN subject_kind = 'person' THEN x.r
                WHEN subject_kind = 'org' THEN x.u
                WHEN subject_kind IS NULL THEN
                     COALESCE(CASE WHEN service_affair_shard.region_prefix(x.u) IS NOT NULL THEN x.u END,
                              CASE WHEN service_affair_shard.region_prefix(x.r) IS NOT NULL THEN x.r END,
                              x.u, x.r)
           END
      FROM (SELECT CASE WHEN service_affair.is_valid_uscc(subject)
                        THEN service_affair.uscc_region(subject::service_affair.uscc) END AS u,
                   CASE WHEN service_affair.is_valid_resident_id(subject)
                        THEN service_affair.resident_id_region(subject::service_affair.resident_id) END AS r) x
$$;
COMMENT ON FUNCTION service_affair_shard.subject_region(text, text) IS
  'Internal (the router''s shard_for_subject(), subject_prefix()): the region code deciding a credit subject of a kind: a person''s resident id''s, an org''s USCC''s (NULL when the identifier is not valid as that kind); kind NULL (not named): the USCC''s when a prefix of the map serves it, else the resident id''s when one serves that, else the USCC''s, else the resident id''s; NULL when it is neither';
REVOKE EXECUTE ON FUNCTION service_affair_shard.subject_region(text, text) FROM PUBLIC;

-- The prefix deciding a credit subject: that of subject_region() (the
-- router sends the subject's events there); NULL for a subject that is
-- neither (none is recorded) or whose region no prefix serves.
-- copy_region() and drop_region() pass the event's subject_kind, as the
-- router reads the kind from the subject's prefix (until 2026-12-07 the
-- kind was not read, and a person's key moved with the company's region).
CREATE FUNCTION service_affair_shard.subject_prefix(subject text, subject_kind text DEFAULT NULL) RETURNS text
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT service_affair_shard.region_prefix(x.r)
      FROM (SELECT service_affair_shard.subject_region(subject, subject_kind) AS r) x
     WHERE x.r IS NOT NULL
$$;
COMMENT ON FUNCTION service_affair_shard.subject_prefix(text, text) IS
  'Internal (copy_region(), drop_region()): the row of shard_region that decides a credit subject of a kind (person, org; NULL: not named): region_prefix() of subject_region() (where the router sends its manual credit events); NULL when it is neither or no prefix serves its region';
REVOKE EXECUTE ON FUNCTION service_affair_shard.subject_prefix(text, text) FROM PUBLIC;

CREATE FUNCTION service_affair_shard.id_holders(shard text) RETURNS text[]
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT ARRAY[shard] || COALESCE((SELECT pg_catalog.array_agg(h.shard ORDER BY h.shard)
                                       FROM service_affair_shard.id_holder h JOIN service_affair_shard.shard s ON s.number = h.number
                                      WHERE s.name = id_holders.shard AND h.shard <> id_holders.shard), '{}')
$$;
COMMENT ON FUNCTION service_affair_shard.id_holders(text) IS
  'The shards that may hold an id numbered by this shard: itself first, then the shards regions moved to (id_holder)';

CREATE FUNCTION service_affair_shard.id_region(kind text, id bigint) RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_case bigint;
    v_region text;
BEGIN
    -- the open row first (NOT settled: pruned in every plan), then the
    -- history through service_affair.settled_*(), which read the id's month
    -- only (an SQL function, planned with a parameter, read every month)
    IF kind = 'case' THEN
        v_case := id_region.id;
    ELSIF kind = 'task' THEN
        SELECT t.case_id INTO v_case FROM service_affair.task t WHERE t.id = id_region.id AND NOT t.settled;
        IF NOT FOUND THEN
            SELECT t.case_id INTO v_case FROM service_affair.settled_task(id_region.id) t;
        END IF;
    ELSIF kind = 'rating' THEN
        SELECT r.case_id INTO v_case FROM service_affair.rating r WHERE r.id = id_region.id AND NOT r.settled;
        IF NOT FOUND THEN
            SELECT r.case_id INTO v_case FROM service_affair.settled_rating(id_region.id) r;
        END IF;
    ELSIF kind = 'complaint' THEN
        SELECT x.case_id INTO v_case FROM service_affair.complaint x WHERE x.id = id_region.id;
    END IF;
    IF v_case IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT d.region INTO v_region
      FROM service_affair.cases c JOIN service_affair.department d ON d.code = c.department
     WHERE c.id = v_case AND NOT c.settled;
    IF NOT FOUND THEN
        SELECT d.region INTO v_region
          FROM service_affair.settled_case(v_case) c JOIN service_affair.department d ON d.code = c.department;
    END IF;
    RETURN v_region;
END
$$;
COMMENT ON FUNCTION service_affair_shard.id_region(text, bigint) IS
  'On a shard: the region of the handling department of the case an id (kind case, task, rating or complaint) belongs to; NULL when this shard does not hold it or it belongs to no case; writable_id() asks it while a region moves or after one has moved; granted to nobody (the router no longer asks it: a caller learns no id''s region)';

-- The rule "no write for a region that is moving" has its home on the shard,
-- which holds the region's rows and a replica of region_move: the router's
-- PL/Proxy functions px_<f>(shard, ...) are granted to the callers of the
-- router functions (PL/Proxy connects as current_user, so they cannot be
-- SECURITY DEFINER wrappers without every call running on the shard as
-- their owner), and a caller naming a shard itself reaches the shard without
-- the router's refusal.  Each px_<f> of a write by id runs its target on the
-- id writable_id() returns, each write by department on the department
-- writable_department() returns, and a new case passes shard_case_home:
-- the shard refuses there, whoever routed the call.
-- The one test of both guards: may this shard take a write for a case of
-- region r?  Not while r moves (moving); not once r has moved away from
-- this shard and its copy here awaits drop_region() (moved_to: the shard
-- now serving r).  here: this shard, NULL on a node that is not one, or
-- when no region moves or has moved (the map's replica: two tables of a few
-- rows), where nothing is refused.
CREATE FUNCTION service_affair_shard.region_write_block(region text,
    OUT here text, OUT moving boolean, OUT moved_to text)
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    s text;
BEGIN
    moving := false;
    IF NOT EXISTS (SELECT FROM service_affair_shard.region_move)
       AND NOT EXISTS (SELECT FROM service_affair_shard.id_holder) THEN
        RETURN;
    END IF;
    SELECT l.shard INTO here FROM service_affair_shard.local_shard l;
    IF here IS NULL THEN
        RETURN;
    END IF;
    moving := EXISTS (SELECT FROM service_affair_shard.region_move m
                       WHERE m.prefix = service_affair_shard.region_prefix(region_write_block.region));
    s := service_affair_shard.shard_of_region(region_write_block.region);
    IF s IS DISTINCT FROM here
       AND EXISTS (SELECT FROM service_affair_shard.id_holder h JOIN service_affair_shard.shard k ON k.number = h.number
                    WHERE k.name = here AND h.shard = s) THEN
        moved_to := s;
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair_shard.region_write_block(text) IS
  'Internal: whether this shard (here; NULL when not a shard or when no region moves or has moved) may take a write for a case of the region: not while it moves (moving), not when it has moved away from here and the copy awaits drop_region() (moved_to, the shard serving it now); asked by writable_id() and writable_department()';
REVOKE EXECUTE ON FUNCTION service_affair_shard.region_write_block(text) FROM PUBLIC;

CREATE FUNCTION service_affair_shard.writable_id(kind text, id bigint) RETURNS bigint
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    r text;
    b record;
BEGIN
    IF id IS NULL OR (NOT EXISTS (SELECT FROM service_affair_shard.region_move)
                      AND NOT EXISTS (SELECT FROM service_affair_shard.id_holder)) THEN
        RETURN id;  -- nothing to ask (before the id's region is looked up)
    END IF;
    r := service_affair_shard.id_region(kind, id);
    IF r IS NULL THEN
        RETURN id;  -- not held here (the function says unknown), or of no case (a complaint about none)
    END IF;
    b := service_affair_shard.region_write_block(r);
    IF b.moving THEN
        -- the id's region is not named: the caller learns that this call
        -- must wait, not where the case is handled
        RAISE EXCEPTION '% % cannot be changed while its region is being moved', kind, id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('The region of %s %s is being moved to another shard: every write to its cases is refused on every shard until the move is finished, so that none is left on a copy the move drops or overwrites. Nothing was written.', kind, id),
                  HINT = 'Retry in a few minutes; other regions keep working.';
    END IF;
    IF b.moved_to IS NOT NULL THEN
        -- unknown here, so that the router asks the holders
        RAISE EXCEPTION 'unknown %', kind
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('The region of %s %s has moved from this shard to another; the copy left here is deleted by drop_region() and takes no write. Nothing was written.', kind, id),
                  HINT = 'Call it through the router, which asks the shards holding the ids of this one.';
    END IF;
    RETURN id;
END
$$;
COMMENT ON FUNCTION service_affair_shard.writable_id(text, bigint) IS
  'On a shard, before a write by id (the router''s px_<f> run their target on the id it returns): the id; 55000 (not naming the region) while the region of its case (id_region(): kind case, task, rating or complaint) is moving; 23503 unknown <kind> when that region has moved away from this shard and its copy here awaits drop_region(); the id unchecked when no region moves or has moved (no row in region_move, id_holder), when this database is not a shard, or when this shard does not hold the id or it belongs to no case';
REVOKE EXECUTE ON FUNCTION service_affair_shard.writable_id(text, bigint) FROM PUBLIC;

-- The reads by id have the same hazard after a move: until drop_region(),
-- the old shard, which the router asks first (the numbering shard), still
-- holds a copy of the region's rows, frozen at the switch while the new
-- shard goes on (until 2026-12-04 router.case_progress() answered from that
-- stale copy; a review).  The router's px_case_progress runs its target on
-- the ids this guard returns: none when the id's region has moved away from
-- this shard (the router then asks the next holder), the id otherwise.
CREATE FUNCTION service_affair_shard.readable_id(kind text, id bigint) RETURNS SETOF bigint
    LANGUAGE plpgsql STABLE SECURITY DEFINER ROWS 1
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    r text;
BEGIN
    IF id IS NOT NULL AND EXISTS (SELECT FROM service_affair_shard.id_holder) THEN
        r := service_affair_shard.id_region(kind, id);
        -- a copy left here after its region moved away: not there
        IF r IS NOT NULL AND (service_affair_shard.region_write_block(r)).moved_to IS NOT NULL THEN
            RETURN;
        END IF;
    END IF;
    RETURN NEXT id;  -- held here, or not held (the function says unknown), or no region ever moved
END
$$;
COMMENT ON FUNCTION service_affair_shard.readable_id(text, bigint) IS
  'On a shard, before a read by id (the router''s px_case_progress runs its target on the ids it returns): the id; no row when the region of its case (id_region(): kind case, task, rating or complaint) has moved away from this shard and its copy here awaits drop_region() (region_write_block().moved_to), so that the router asks the shard holding it now; the id unchecked when no region has moved (no row in id_holder), when this database is not a shard, or when this shard does not hold the id; names no region';
REVOKE EXECUTE ON FUNCTION service_affair_shard.readable_id(text, bigint) FROM PUBLIC;

-- A licence is read by its number, which names the {region} it was issued
-- for, not by an id: a case received at a point of a region that stays and
-- handled by a department of a region that moves keeps a number the router
-- takes to the old shard, whose frozen copy answered until drop_region()
-- (a revocation or a renewal made on the new shard unseen; until 2026-12-05,
-- a review).  The router's px_verify_licence runs verify_licence() on the
-- number this guard returns: none when the licence's case is such a copy.
CREATE FUNCTION service_affair_shard.readable_licence(number text) RETURNS SETOF text
    LANGUAGE plpgsql STABLE SECURITY DEFINER ROWS 1
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_case bigint;
BEGIN
    IF number IS NOT NULL AND EXISTS (SELECT FROM service_affair_shard.id_holder) THEN
        SELECT l.case_id INTO v_case FROM service_affair.licence l WHERE l.number = readable_licence.number;
        IF FOUND AND NOT EXISTS (SELECT FROM service_affair_shard.readable_id('case', v_case)) THEN
            RETURN;
        END IF;
    END IF;
    RETURN NEXT number;  -- held here, or not held (verify_licence() says unknown), or no region ever moved
END
$$;
COMMENT ON FUNCTION service_affair_shard.readable_licence(text) IS
  'On a shard, before verify_licence() by number (the router''s px_verify_licence runs it on the number this returns): the number; no row when the licence''s case is a copy left here after its region moved away from this shard (readable_id(''case'', ...) returns none), so that the router asks the shard holding it now; the number unchecked when no region has moved, when this shard does not hold it or when this database is not a shard; names no region';
REVOKE EXECUTE ON FUNCTION service_affair_shard.readable_licence(text) FROM PUBLIC;

CREATE FUNCTION service_affair_shard.writable_department(department text) RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    r text;
    b record;
BEGIN
    IF NOT EXISTS (SELECT FROM service_affair_shard.region_move)
       AND NOT EXISTS (SELECT FROM service_affair_shard.id_holder) THEN
        RETURN department;  -- nothing to ask (before the department is looked up)
    END IF;
    SELECT d.region INTO r FROM service_affair.department d WHERE d.code = writable_department.department;
    IF NOT FOUND THEN
        RETURN department;  -- the function says unknown
    END IF;
    b := service_affair_shard.region_write_block(r);
    IF b.moving THEN
        PERFORM service_affair_shard.require_shard_of_region(r);  -- 55000, as the router says it
    END IF;
    -- its tasks take no claim on the copy (the router sends the
    -- department's calls to the region's shard; a claim here was lost with
    -- the copy), as writable_id() refuses a write by id
    IF b.moved_to IS NOT NULL THEN
        RAISE EXCEPTION 'department % is served by shard %', service_affair.printable(pg_catalog.left(department, 64)), b.moved_to
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('The region of department %s has moved from this shard (%s) to shard %s; the copy left here is deleted by drop_region() and takes no write. Nothing was written.',
                                             pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(department, 64))), b.here, b.moved_to),
                  HINT = 'Call it through the router, which sends it to the shard serving the department''s region.';
    END IF;
    RETURN department;
END
$$;
COMMENT ON FUNCTION service_affair_shard.writable_department(text) IS
  'On a shard, before a write by department (the router''s px_claim_task runs claim_task() on the department it returns): the department; 55000 naming the region and both shards while the department''s region is moving (require_shard_of_region()); 55000 naming the department''s shard when its region has moved away from this shard and its copy here awaits drop_region(); unchecked when no region moves or has moved (no row in region_move, id_holder), when this database is not a shard, or for an unknown department';
REVOKE EXECUTE ON FUNCTION service_affair_shard.writable_department(text) FROM PUBLIC;

-- A complaint naming no case nor applicant goes to the shard of the region
-- of its department (or item's department, or the default shard: the
-- router's shard_for_complaint()), and stays on the shard that received it:
-- its region's move takes along the complaints of the region's cases only
-- (region_closure()), and its id names the shard holding it.  Its request
-- key stays with it; a keyed call repeated after the region moved goes to
-- the new shard, which does not know the key (until 2026-12-05 it received
-- a second complaint; scale_shards.pl).  The router asks the shards the
-- region came from first (service_affair_router.receive_complaint()), with
-- this: the complaint the caller's key gave here, by request_claim() itself
-- (the same digest, 23505 the key given to another request, 42501 a
-- complaint the caller may no longer act on), or NULL when the caller has
-- no such key here; never claims a key nor writes anything (the key's row
-- is locked first, so request_claim() finds it and inserts nothing).
CREATE FUNCTION service_affair_shard.keyed_complaint(channel text, category text, body text, item text,
    department text, point text, applicant bigint, blocker text, request_key text)
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF request_key IS NULL THEN
        RETURN NULL;
    END IF;
    PERFORM FROM service_affair.case_request r
     WHERE r.actor = service_affair.actor() AND r.request_key = keyed_complaint.request_key
       FOR KEY SHARE;
    IF NOT FOUND THEN
        RETURN NULL;  -- not this caller's key here: the call is made where it is routed
    END IF;
    RETURN service_affair.request_claim(request_key,
               service_affair.complaint_request_digest(channel, category, body, NULL, item, department,
                                                       point, applicant, blocker),
               'complaint');
END
$$;
COMMENT ON FUNCTION service_affair_shard.keyed_complaint(text, text, text, text, text, text, bigint, text, text) IS
  'Internal: on a shard (the router''s px_keyed_complaint runs it as the caller, on the shards a region came from, before a keyed receive_complaint() naming no case): the complaint naming no case the caller''s request key gave on this shard (request_claim(): 23505 the key given to another request, 42501 a complaint the caller may no longer act on); NULL when the caller has no such key here; writes nothing';
REVOKE EXECUTE ON FUNCTION service_affair_shard.keyed_complaint(text, text, text, text, text, text, bigint, text, text) FROM PUBLIC;

-- ---- what the province node reads on a shard ---------------------------------------
-- service_affair_province (on the province node) reads each shard through
-- postgres_fdw as one stored login (its owner's user mapping).  Besides the
-- indicator views and rollups granted to service_affair_analyst, it reads
-- the shard's cases (shard_status()'s count, find_case()'s case by number,
-- settle_region_moves()'s cases left of a moved region; the complaints'
-- cases while a region moves) and its complaints and their events (the
-- province complaint queue; complaint counts while a region moves).  Those
-- tables are the administrators' on a shard (row-level security on cases):
-- until 2026-12-05 the login had to be a service_affair_admin on every
-- shard, able to write and to read applicants, evidence and everything
-- else.  These views give those three tables, every row, and nothing else
-- of the shard, to the group role service_affair_province_link
-- (create_roles()): read as their owner, the superuser who installed this
-- extension (row-level security does not apply to it), selected by nobody
-- else.  Their columns are those the province's functions read, no more
-- (until 2026-12-05, a review, every column: the complainant's applicant id,
-- the events' notes and actors):
--   * cases: id and department, what every reader needs: find_case()
--     reads one by number and returns the department (with the shard
--     holding it: what a router needs to find and route to the case), a
--     mixed shard's copy skipped by it (served()); settle_region_moves()
--     and the complaint queue and counts while a region moves read the
--     department of a case; shard_status() counts them (no column).  Until
--     2026-12-06 (issue 10, a review) every column, find_case() returning
--     the whole row: the applicant (the id of the person), the agent and
--     every date of the case, to a login that needs none of them;
--   * complaint: the columns of the single node's complaint_queue and
--     complaint_facts (the province complaint queue, the complaint counts
--     of a region moving), without the complainant: applicant becomes
--     anonymous (applicant IS NULL, what complaint_queue shows of it), and
--     reply_days, which neither reads, is left out (reopened_at, which
--     complaint_queue shows since 2026-12-07, is not); effective_due (the
--     generated column complaint_queue reads: until 2026-12-05, a review,
--     it was left out and the province complaint_queue failed, 42703);
--   * complaint_event: what complaint_facts reads (id, complaint_id, at,
--     kind, satisfied, on_time, department: a reply's names the
--     department that gave it, since 2026-12-07), not the notes, statuses,
--     to_department nor actors.
-- They have the names of the tables they show, so that attach_shard()
-- imports them into sa_shard_<name> under the names the province's
-- functions read.  (A province function that reads another column must
-- add it here: the read fails with 42703 on the shard until then.)
CREATE VIEW service_affair_shard.cases AS SELECT c.id, c.department FROM service_affair.cases c;
COMMENT ON VIEW service_affair_shard.cases IS
  'The shard''s cases, every row, id and department only (no applicant, agent nor anything else of the case), for the province node''s login alone (service_affair_province_link: shard_status() counts them, find_case() reads the department of one by number, settle_region_moves() counts a moved region''s left, the province complaint views the department of a complaint''s case while a region moves), without service_affair_admin; read as the owner';
CREATE VIEW service_affair_shard.complaint AS
SELECT c.id, c.channel, c.category, c.body, c.received_at, c.case_id, c.item, c.department, c.point,
       c.applicant IS NULL AS anonymous, c.status, c.due, c.supervise_due, c.effective_due, c.calendar, c.received_by,
       c.assigned_at, c.reply, c.reply_at, c.replied_on, c.replied_by, c.replied_on_time, c.callback_at,
       c.satisfied, c.closed_at, c.blocker, c.resolution, c.overdue_due, c.rating_id, c.assign_days, c.callback_days,
       c.reopened_at
  FROM service_affair.complaint c;
COMMENT ON VIEW service_affair_shard.complaint IS
  'The shard''s complaints, every row, the columns of the single node''s complaint_queue and complaint_facts (no complainant: anonymous instead of applicant), for the province node''s login alone (service_affair_province_link: the province complaint_queue, the complaint counts of a region moving), without service_affair_admin; read as the owner';
CREATE VIEW service_affair_shard.complaint_event AS
SELECT e.id, e.complaint_id, e.at, e.kind, e.satisfied, e.on_time, e.department FROM service_affair.complaint_event e;
COMMENT ON VIEW service_affair_shard.complaint_event IS
  'The shard''s complaint events, every row, the columns complaint_facts reads (department included: that of a reply names the department that gave it, its code following a rename; no note, status, to_department nor actor), for the province node''s login alone (service_affair_province_link: the complaint counts of a region moving), without service_affair_admin; read as the owner';
DO $$
DECLARE
    v text;
    q text;
BEGIN
    FOREACH v IN ARRAY ARRAY['cases', 'complaint', 'complaint_event'] LOOP
        EXECUTE pg_catalog.format('REVOKE ALL ON service_affair_shard.%I FROM PUBLIC', v);
        FOR q IN SELECT pg_catalog.format('COMMENT ON COLUMN service_affair_shard.%I.%I IS %L', v, a.attname, d.description)
                   FROM pg_catalog.pg_attribute a
                   JOIN pg_catalog.pg_description d ON d.objoid = a.attrelid AND d.objsubid = a.attnum AND d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass
                  WHERE a.attrelid = pg_catalog.format('service_affair.%I', v)::pg_catalog.regclass
                    AND EXISTS (SELECT FROM pg_catalog.pg_attribute b
                                 WHERE b.attrelid = pg_catalog.format('service_affair_shard.%I', v)::pg_catalog.regclass
                                   AND b.attname = a.attname) LOOP
            EXECUTE q;
        END LOOP;
    END LOOP;
END
$$;
COMMENT ON COLUMN service_affair_shard.complaint.anonymous IS 'Anonymous (no applicant recorded: complaint.applicant IS NULL); who complained is not shown';

-- What the province node reads of a shard's service_affair, by name: the
-- views, rollups and counts of service_affair_province.mirrored (a table of
-- the province node, which attach_shard() imports into sa_shard_<name>),
-- granted to service_affair_province_link by create_roles() with the
-- functions they call.  A view the province mirrors later is added here
-- too: the constraint mirrored_in_link_relations of
-- service_affair_province.mirrored refuses a row naming a relation not
-- listed here (23514), and so the province's install script fails until
-- then (until 2026-12-06 the import failed with 42501 on every shard, and
-- only companion_hostile.sql, which compares the two lists, told).  A shard
-- has no service_affair_province, and so no mirrored to derive it from.
CREATE FUNCTION service_affair_shard.link_relations() RETURNS text[]
    LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT ARRAY['efficiency', 'efficiency_department', 'efficiency_region', 'efficiency_point', 'efficiency_overall',
                 'efficiency_rollup', 'efficiency_counts',
                 'satisfaction', 'satisfaction_department', 'satisfaction_region', 'satisfaction_point', 'satisfaction_overall',
                 'satisfaction_rollup', 'satisfaction_counts',
                 'complaint_indicators', 'complaint_indicators_region', 'complaint_indicators_point', 'complaint_indicators_overall',
                 'complaint_rollup', 'complaint_counts']
$$;
COMMENT ON FUNCTION service_affair_shard.link_relations() IS
  'Internal (create_roles()): the relations of service_affair the province node reads on a shard (the views, rollups and counts of service_affair_province.mirrored), which service_affair_province_link may select, with EXECUTE on the functions they call; nothing of them is personal data (counts per department, region, service, point and month)';
REVOKE EXECUTE ON FUNCTION service_affair_shard.link_relations() FROM PUBLIC;

-- What the opaque functions the link role runs read (a C function reading
-- through SPI, which pg_depend does not show), written down by hand from
-- their source, in this one place: link_privileges() grants the link role
-- SELECT on these relations when a relation of link_relations() reaches
-- the function with the caller's rights (the calendars are published
-- notices, PUBLIC's already: the grant keeps the link role reading them
-- if a DBA takes PUBLIC's away).  An opaque function that is not IMMUTABLE
-- and not listed here is refused (55000), whoever may execute it: until
-- 2026-12-06 (a review) a function PUBLIC may execute was not looked at,
-- and the calendar functions below, STABLE C reading the calendars, passed
-- unseen.  A function that reads another relation (src/calendar.c:
-- load_calendar(), the calendar row and its days) is added here with it.
CREATE FUNCTION service_affair_shard.link_opaque_reads(OUT fn text, OUT rel text) RETURNS SETOF record
    LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT f, r
      FROM pg_catalog.unnest(ARRAY['service_affair.is_workday(date,text)', 'service_affair.add_workdays(date,integer,text)',
                                   'service_affair.workdays_between(date,date,text)',
                                   'service_affair.local_day(timestamp with time zone,text)',
                                   'service_affair.local_day_start(date,text)', 'service_affair.is_provisional(date,text)']) f,
           pg_catalog.unnest(ARRAY['service_affair.calendar', 'service_affair.calendar_day']) r
$$;
COMMENT ON FUNCTION service_affair_shard.link_opaque_reads() IS
  'Internal (link_privileges()): the relations each function of service_affair with a body pg_depend does not show (C) reads with its caller''s rights, by hand from its source: the working-day functions (src/calendar.c) read calendar and calendar_day; link_privileges() grants them to service_affair_province_link when a relation it reads calls such a function, and refuses (55000) an opaque function that is neither IMMUTABLE nor listed here';
REVOKE EXECUTE ON FUNCTION service_affair_shard.link_opaque_reads() FROM PUBLIC;

-- A function the link role may execute is safe to grant only if what it
-- reads is known: a SQL function with a BEGIN ATOMIC body records its
-- relations, columns and functions in pg_depend (the walk below follows
-- them and grants them); the body of any other (a SQL function with a
-- string body, PL/pgSQL, C) is opaque to pg_depend.  Such a function run
-- with the caller's rights reads only what the link role may read (or
-- fails: 42501 on a shard), but run as its owner (SECURITY DEFINER) it
-- would read for the link role whatever its owner reads, which no grant
-- shows.  So a function of service_affair the link role would execute
-- (granted here, or PUBLIC's: until 2026-12-06, a review, those were not
-- looked at) whose body is opaque must be not SECURITY DEFINER and either
-- IMMUTABLE (reads no relation) or listed in link_opaque_reads() (what it
-- reads, granted too): any other is refused (55000), naming it.
--
-- What a function reads as the caller is granted by column: SELECT on the
-- columns pg_depend shows it reads (a relation of which it reads no
-- column shown, count(*), whole): efficiency_archived without restored_by,
-- the login of the administrator who restored a month (until 2026-12-06,
-- a review, every column of every relation read).  A whole-row reference
-- records no column: it fails with 42501 for the link role rather than
-- read a column unseen.
--
-- The link role's privileges on service_affair's relations and functions
-- are this function's: on a run after an update, what the role holds
-- there that the set no longer has (a function no longer called, a
-- relation left out of link_relations(), a column no longer read, a grant
-- made by hand) is revoked first (REVOKE statements, before the GRANTs).
-- Until 2026-12-06 (a review) a function granted before it became unfit
-- kept its grant; create_roles() revokes every privilege of the link role
-- there when this refuses (55000).
CREATE FUNCTION service_affair_shard.link_privileges() RETURNS TABLE (q text)
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    item record;
    grants text[] := '{}';
    revokes text[] := '{}';
    refused text[] := '{}';
BEGIN
    FOR item IN
    -- via_function: read as the caller by a function the link role runs
    -- (SELECT granted); as_caller: run with the link role's rights at all
    -- (EXECUTE granted).  Under a SECURITY DEFINER function neither: it
    -- reads and calls as its owner, and what it reads is no grant of the
    -- link role's (until 2026-12-06, a review, the relations of a BEGIN
    -- ATOMIC one were granted to it: SELECT on applicant, had a rates
    -- function read it so)
    WITH RECURSIVE o(classid, objid, via_function, as_caller) AS (
        SELECT 'pg_catalog.pg_class'::pg_catalog.regclass::pg_catalog.oid,
               pg_catalog.format('service_affair.%I', v)::pg_catalog.regclass::pg_catalog.oid, true, true
          FROM pg_catalog.unnest(service_affair_shard.link_relations()) v
        UNION
        SELECT d.refclassid, d.refobjid,
               o.as_caller AND o.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_proc'::pg_catalog.regclass
                           AND NOT EXISTS (SELECT FROM pg_catalog.pg_proc f WHERE f.oid OPERATOR(pg_catalog.=) o.objid AND f.prosecdef),
               o.as_caller AND NOT EXISTS (SELECT FROM pg_catalog.pg_proc f
                                            WHERE o.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_proc'::pg_catalog.regclass
                                              AND f.oid OPERATOR(pg_catalog.=) o.objid AND f.prosecdef)
          FROM o
          JOIN pg_catalog.pg_depend d
            ON (o.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass
                AND d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_rewrite'::pg_catalog.regclass
                AND d.objid IN (SELECT r.oid FROM pg_catalog.pg_rewrite r WHERE r.ev_class OPERATOR(pg_catalog.=) o.objid))
            OR (o.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_proc'::pg_catalog.regclass
                AND d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_proc'::pg_catalog.regclass
                AND d.objid OPERATOR(pg_catalog.=) o.objid)
         WHERE d.refclassid IN ('pg_catalog.pg_class'::pg_catalog.regclass, 'pg_catalog.pg_proc'::pg_catalog.regclass)
           AND d.deptype OPERATOR(pg_catalog.=) 'n'),
    -- the functions of service_affair the link role runs, with what makes them unfit
    f AS (
        SELECT p.oid, p.prosecdef,
               NOT pg_catalog.has_function_privilege('public', p.oid, 'EXECUTE') AS to_grant,
               CASE WHEN p.prosqlbody IS NULL AND (p.prosecdef OR (p.provolatile OPERATOR(pg_catalog.<>) 'i'
                                                                   AND p.oid NOT IN (SELECT pg_catalog.to_regprocedure(k.fn)
                                                                                       FROM service_affair_shard.link_opaque_reads() k
                                                                                      WHERE pg_catalog.to_regprocedure(k.fn) IS NOT NULL)))
                    THEN pg_catalog.format('%s (%s%s, %s)', p.oid::pg_catalog.regprocedure, l.lanname,
                                           CASE WHEN l.lanname OPERATOR(pg_catalog.=) 'sql' THEN ' with a string body' ELSE '' END,
                                           CASE WHEN p.prosecdef THEN 'SECURITY DEFINER'
                                                WHEN p.provolatile OPERATOR(pg_catalog.=) 's' THEN 'STABLE' ELSE 'VOLATILE' END)
               END AS opaque
          FROM pg_catalog.pg_proc p
          JOIN pg_catalog.pg_language l ON l.oid OPERATOR(pg_catalog.=) p.prolang
         WHERE p.oid IN (SELECT o.objid FROM o WHERE o.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_proc'::pg_catalog.regclass AND o.as_caller)
           AND p.pronamespace OPERATOR(pg_catalog.=) 'service_affair'::pg_catalog.regnamespace),
    -- the relations read with the link role's rights: by a function pg_depend
    -- shows (its columns), by one of link_opaque_reads() (whole)
    r AS (
        SELECT o.objid AS rel,
               ARRAY(SELECT DISTINCT d.refobjsubid
                       FROM pg_catalog.pg_depend d
                       JOIN o p ON p.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_proc'::pg_catalog.regclass AND p.objid OPERATOR(pg_catalog.=) d.objid AND p.as_caller
                      WHERE d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_proc'::pg_catalog.regclass
                        AND d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass
                        AND d.refobjid OPERATOR(pg_catalog.=) o.objid AND d.refobjsubid OPERATOR(pg_catalog.>) 0
                        AND d.deptype OPERATOR(pg_catalog.=) 'n'
                        AND NOT EXISTS (SELECT FROM pg_catalog.pg_proc x WHERE x.oid OPERATOR(pg_catalog.=) d.objid AND x.prosecdef)) AS atts
          FROM o
         WHERE o.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass AND o.via_function
        UNION
        -- the relations of link_relations() themselves, whole
        SELECT pg_catalog.format('service_affair.%I', v)::pg_catalog.regclass::pg_catalog.oid, '{}'::smallint[]
          FROM pg_catalog.unnest(service_affair_shard.link_relations()) v
        UNION
        SELECT pg_catalog.to_regclass(k.rel)::pg_catalog.oid, '{}'::smallint[]
          FROM service_affair_shard.link_opaque_reads() k
         WHERE pg_catalog.to_regprocedure(k.fn) IN (SELECT f.oid FROM f WHERE NOT f.prosecdef)),
    -- what the set grants: (relation, column or 0 for the whole, privilege) and functions
    want AS (
        SELECT c.oid AS obj, 'pg_catalog.pg_class'::pg_catalog.regclass AS cls, x.att
          FROM pg_catalog.pg_class c
          JOIN (SELECT r.rel, pg_catalog.unnest(CASE WHEN pg_catalog.cardinality(r.atts) OPERATOR(pg_catalog.=) 0
                                                     THEN '{0}'::smallint[] ELSE r.atts END) AS att FROM r) x ON x.rel OPERATOR(pg_catalog.=) c.oid
         WHERE c.relnamespace OPERATOR(pg_catalog.=) 'service_affair'::pg_catalog.regnamespace
           AND c.relkind IN ('r', 'p', 'v', 'm')
           AND NOT EXISTS (SELECT FROM r r0 WHERE r0.rel OPERATOR(pg_catalog.=) c.oid AND pg_catalog.cardinality(r0.atts) OPERATOR(pg_catalog.=) 0
                            AND x.att OPERATOR(pg_catalog.<>) 0)
        UNION
        SELECT f.oid, 'pg_catalog.pg_proc'::pg_catalog.regclass, 0::smallint FROM f WHERE f.to_grant),
    -- what the link role holds on service_affair (the privileges it was granted)
    held AS (
        SELECT c.oid AS obj, 'pg_catalog.pg_class'::pg_catalog.regclass AS cls, 0::smallint AS att, x.privilege_type
          FROM pg_catalog.pg_class c, LATERAL pg_catalog.aclexplode(c.relacl) x
         WHERE c.relnamespace OPERATOR(pg_catalog.=) 'service_affair'::pg_catalog.regnamespace
           AND x.grantee OPERATOR(pg_catalog.=) (SELECT ro.oid FROM pg_catalog.pg_roles ro WHERE ro.rolname OPERATOR(pg_catalog.=) 'service_affair_province_link')
        UNION ALL
        SELECT a.attrelid, 'pg_catalog.pg_class'::pg_catalog.regclass, a.attnum, x.privilege_type
          FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) a.attrelid,
               LATERAL pg_catalog.aclexplode(a.attacl) x
         WHERE c.relnamespace OPERATOR(pg_catalog.=) 'service_affair'::pg_catalog.regnamespace
           AND x.grantee OPERATOR(pg_catalog.=) (SELECT ro.oid FROM pg_catalog.pg_roles ro WHERE ro.rolname OPERATOR(pg_catalog.=) 'service_affair_province_link')
        UNION ALL
        SELECT p.oid, 'pg_catalog.pg_proc'::pg_catalog.regclass, 0::smallint, x.privilege_type
          FROM pg_catalog.pg_proc p, LATERAL pg_catalog.aclexplode(p.proacl) x
         WHERE p.pronamespace OPERATOR(pg_catalog.=) 'service_affair'::pg_catalog.regnamespace
           AND x.grantee OPERATOR(pg_catalog.=) (SELECT ro.oid FROM pg_catalog.pg_roles ro WHERE ro.rolname OPERATOR(pg_catalog.=) 'service_affair_province_link'))
    SELECT 'g' AS kind,
           CASE WHEN w.cls OPERATOR(pg_catalog.=) 'pg_catalog.pg_proc'::pg_catalog.regclass
                THEN pg_catalog.format('GRANT EXECUTE ON FUNCTION %s TO service_affair_province_link', w.obj::pg_catalog.regprocedure)
                WHEN pg_catalog.bool_or(w.att OPERATOR(pg_catalog.=) 0)
                THEN pg_catalog.format('GRANT SELECT ON %s TO service_affair_province_link', w.obj::pg_catalog.regclass)
                ELSE pg_catalog.format('GRANT SELECT (%s) ON %s TO service_affair_province_link',
                                       pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY w.att),
                                       w.obj::pg_catalog.regclass)
           END AS q, NULL::text AS opaque
      FROM want w
      LEFT JOIN pg_catalog.pg_attribute a ON w.cls OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass
                                         AND a.attrelid OPERATOR(pg_catalog.=) w.obj AND a.attnum OPERATOR(pg_catalog.=) w.att AND w.att OPERATOR(pg_catalog.>) 0
     GROUP BY w.obj, w.cls
    UNION ALL
    SELECT 'r',
           CASE WHEN h.cls OPERATOR(pg_catalog.=) 'pg_catalog.pg_proc'::pg_catalog.regclass
                THEN pg_catalog.format('REVOKE %s ON FUNCTION %s FROM service_affair_province_link', h.privilege_type, h.obj::pg_catalog.regprocedure)
                WHEN h.att OPERATOR(pg_catalog.=) 0
                THEN pg_catalog.format('REVOKE %s ON %s FROM service_affair_province_link', h.privilege_type, h.obj::pg_catalog.regclass)
                ELSE pg_catalog.format('REVOKE %s (%I) ON %s FROM service_affair_province_link', h.privilege_type,
                                       (SELECT a.attname FROM pg_catalog.pg_attribute a WHERE a.attrelid OPERATOR(pg_catalog.=) h.obj AND a.attnum OPERATOR(pg_catalog.=) h.att),
                                       h.obj::pg_catalog.regclass)
           END, NULL
      FROM held h
     WHERE NOT EXISTS (SELECT FROM want w WHERE w.obj OPERATOR(pg_catalog.=) h.obj AND w.cls OPERATOR(pg_catalog.=) h.cls
                                            AND w.att OPERATOR(pg_catalog.=) h.att
                                            AND h.privilege_type IN ('SELECT', 'EXECUTE'))
    UNION ALL
    SELECT 'x', NULL, f.opaque FROM f WHERE f.opaque IS NOT NULL
    LOOP
        IF item.kind OPERATOR(pg_catalog.=) 'g' THEN
            grants := grants OPERATOR(pg_catalog.||) item.q;
        ELSIF item.kind OPERATOR(pg_catalog.=) 'r' THEN
            revokes := revokes OPERATOR(pg_catalog.||) item.q;
        ELSE
            refused := refused OPERATOR(pg_catalog.||) item.opaque;
        END IF;
    END LOOP;
    IF pg_catalog.cardinality(refused) OPERATOR(pg_catalog.>) 0 THEN
        RAISE EXCEPTION 'service_affair_province_link would execute functions whose reads pg_depend does not show: %',
                        pg_catalog.array_to_string(ARRAY(SELECT x FROM pg_catalog.unnest(refused) x ORDER BY 1), '; ')
              USING ERRCODE = '55000',
                    DETAIL = 'The relations of service_affair_shard.link_relations() call them; what a function reads is granted to the link role only when pg_depend records it (a SQL function with a BEGIN ATOMIC body) or service_affair_shard.link_opaque_reads() lists it, and one run as its owner would read for the link role what no grant shows.',
                    HINT = 'Write each as a SQL function with a BEGIN ATOMIC body, or, if it reads no relation, declare it IMMUTABLE and not SECURITY DEFINER; a C function that reads relations with its caller''s rights is listed with them in link_opaque_reads().';
    END IF;
    RETURN QUERY SELECT x FROM (SELECT x, 1 AS o FROM pg_catalog.unnest(revokes) x
                                UNION ALL SELECT x, 2 FROM pg_catalog.unnest(grants) x) s ORDER BY s.o, s.x;
END
$$;
COMMENT ON FUNCTION service_affair_shard.link_privileges() IS
  'Internal (create_roles()): the statements that let service_affair_province_link read link_relations() and nothing else of service_affair: first a REVOKE for each privilege it holds on a relation, column or function of service_affair that the set below does not have (granted by an earlier run: a function no longer called, a relation left out, a column no longer read; or by hand), then the GRANTs: SELECT on each of link_relations(), EXECUTE on the functions of service_affair they call (directly, or through the views and SQL functions they read) that PUBLIC may not execute, SELECT on the columns of the relations those functions read as their caller (efficiency_rollup_between() reads efficiency_facts and efficiency_archived, not its restored_by: those columns only; a relation of which no column is shown, whole; nothing beneath a SECURITY DEFINER function, which reads and calls as its owner), found in pg_depend, and on what link_opaque_reads() says an opaque function they call reads (the calendars); 55000 naming them when a function the link role would execute (granted here or PUBLIC''s) has a body pg_depend does not show (a string body, PL/pgSQL, C) and is SECURITY DEFINER, or neither IMMUTABLE nor in link_opaque_reads(): its reads could not be proven';
REVOKE EXECUTE ON FUNCTION service_affair_shard.link_privileges() FROM PUBLIC;

CREATE FUNCTION service_affair_shard.create_roles() RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    g text;
    stmts text[];
    refused text;
    refused_detail text;
BEGIN
    PERFORM service_affair.create_roles();
    -- the router's PL/Proxy functions call the guards as the calling role
    FOR g IN SELECT DISTINCT 'service_affair_' || r.role FROM service_affair.role_grant r ORDER BY 1 LOOP
        EXECUTE pg_catalog.format('GRANT USAGE ON SCHEMA service_affair_shard TO %I', g);
        EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION service_affair_shard.writable_id(text, bigint), '
                                  'service_affair_shard.writable_department(text), service_affair_shard.readable_id(text, bigint), '
                                  'service_affair_shard.readable_licence(text) TO %I', g);
    END LOOP;
    -- the province node's login (its user mapping of this shard's server)
    -- is a member of service_affair_province_link and of no other group
    -- role: the rows of cases and complaints the province reads, through
    -- the views above, without service_affair_admin (until 2026-12-05 it
    -- needed that role), and the indicator views, rollups and counts the
    -- province mirrors (service_affair_province.mirrored), without
    -- service_affair_analyst: until 2026-12-06 (a review) the login was an
    -- analyst too, and so read every task with its reviewers' free text
    -- (note, suspend_reason, extension_reason), applicant_masked, the
    -- access log's daily counts, the licences of licence_review, the
    -- catalog's history and every other analyst relation and function,
    -- none of which the province reads
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'service_affair_province_link') THEN
        CREATE ROLE service_affair_province_link NOLOGIN;
    END IF;
    COMMENT ON ROLE service_affair_province_link IS
      'The province node''s login on a shard is a member, of no other group role: reads the views service_affair_shard.cases (id and department: no applicant), complaint and complaint_event (service_affair_province: shard_status(), find_case(), settle_region_moves(), the complaint queue) and the indicator views, rollups and counts the province mirrors (efficiency*, satisfaction*, complaint_indicators*, their _rollup and _counts) with the functions they call and the relations those functions read as their caller, which it may select directly too: efficiency_facts, satisfaction_facts and complaint_facts (one row per case, rating or complaint and department answering for it: the case or rating number, department, region, service, point, month and the counted flags; no applicant nor any column of a person), efficiency_archived, satisfaction_archived, department and service_point; nothing else (no task, applicant_masked nor other analyst relation); made by service_affair_shard.create_roles()';
    GRANT USAGE ON SCHEMA service_affair_shard TO service_affair_province_link;
    GRANT SELECT ON service_affair_shard.cases, service_affair_shard.complaint, service_affair_shard.complaint_event
        TO service_affair_province_link;
    -- what attach_shard() imports from service_affair (the views, rollups
    -- and counts of service_affair_province.mirrored, a table of the
    -- province node: the same names here, link_relations()), and what
    -- reading them needs: PostgreSQL checks a relation a view reads
    -- against the view's owner, but a function a view calls, and the
    -- relations and functions a SQL function reads, against the reader
    -- (efficiency_rollup_between() reads efficiency_facts): EXECUTE on the
    -- functions of service_affair those views call, directly or through the
    -- views and SQL functions they read, that PUBLIC may not execute
    -- already, and SELECT on the relations those functions read (pg_depend)
    -- (link_privileges() revokes first what the role holds there that is no
    -- longer in the set).  When link_privileges() refuses (55000: a function
    -- the role would execute whose reads cannot be proven, which an update
    -- may have made of one granted before), every privilege of the role on
    -- service_affair's relations and functions is revoked and the refusal
    -- is a WARNING: an error would roll the revocation back and leave the
    -- role executing the unfit function (until 2026-12-06, a review, it
    -- did); the province then reads nothing of this shard (42501) until the
    -- function is fixed and create_roles() runs again
    GRANT USAGE ON SCHEMA service_affair TO service_affair_province_link;
    BEGIN
        stmts := ARRAY(SELECT x.q FROM service_affair_shard.link_privileges() x);
    EXCEPTION WHEN object_not_in_prerequisite_state THEN
        GET STACKED DIAGNOSTICS refused = MESSAGE_TEXT, refused_detail = PG_EXCEPTION_DETAIL;
        stmts := ARRAY['REVOKE ALL ON ALL TABLES IN SCHEMA service_affair FROM service_affair_province_link',
                       'REVOKE ALL ON ALL FUNCTIONS IN SCHEMA service_affair FROM service_affair_province_link'];
    END;
    FOREACH g IN ARRAY stmts LOOP
        EXECUTE g;
    END LOOP;
    IF refused IS NOT NULL THEN
        RAISE WARNING '%', refused
              USING DETAIL = refused_detail || ' Every privilege of service_affair_province_link on the relations and functions of service_affair is revoked: the province reads nothing of this shard until they are fixed and service_affair_shard.create_roles() runs again.',
                    HINT = 'Write each as a SQL function with a BEGIN ATOMIC body, or, if it reads no relation, declare it IMMUTABLE and not SECURITY DEFINER; a C function that reads relations with its caller''s rights is listed with them in service_affair_shard.link_opaque_reads().';
    END IF;
    -- the lookup of a complaint's request key (keyed_complaint()): to the
    -- roles that may receive a complaint
    FOR g IN SELECT DISTINCT 'service_affair_' || r.role FROM service_affair.role_grant r
              WHERE CASE WHEN r.privilege = 'EXECUTE' THEN pg_catalog.to_regprocedure(r.object) END
                    = 'service_affair.receive_complaint(text,text,text,timestamptz,bigint,text,text,text,bigint,text,text)'::pg_catalog.regprocedure
              ORDER BY 1 LOOP
        EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION service_affair_shard.keyed_complaint(text, text, text, text, text, text, bigint, text, text) TO %I', g);
    END LOOP;
END
$$;
COMMENT ON FUNCTION service_affair_shard.create_roles() IS
  'On a shard (setup_shard() runs it): service_affair.create_roles(), then every group role may call the write guards writable_id() and writable_department() and the read guards readable_id() and readable_licence(), and the roles that may receive a complaint keyed_complaint(), which the router''s PL/Proxy functions run on the shard as the caller (USAGE on this schema, nothing else of it); creates group role service_affair_province_link if missing and grants it the views cases, complaint and complaint_event of this schema and the indicator views, rollups and counts the province mirrors (link_relations()) with EXECUTE on the functions they call and SELECT on the relations those functions read as their caller (link_privileges(): the columns they read of efficiency_facts, satisfaction_facts and complaint_facts, one row per case, rating or complaint (and department answering for it) with its number and no applicant, which the role may then select directly; of efficiency_archived and satisfaction_archived, not restored_by; department, service_point; calendar and calendar_day, which the working-day functions read: link_opaque_reads()), having revoked what the role held there that is no longer in that set (the province node''s login, without service_affair_admin nor service_affair_analyst); when link_privileges() refuses (55000: a function the role would execute has reads pg_depend does not show), a WARNING with its message, and every privilege of the role on the relations and functions of service_affair revoked (an error would roll that back); idempotent';
REVOKE EXECUTE ON FUNCTION service_affair_shard.create_roles() FROM PUBLIC;

CREATE FUNCTION service_affair_shard.begin_region_move(prefix text, to_shard text) RETURNS text
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_from text;
BEGIN
    SELECT r.shard INTO v_from FROM service_affair_shard.shard_region r WHERE r.prefix = begin_region_move.prefix;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown region prefix %', service_affair.printable(pg_catalog.left(prefix, 64))
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No row of service_affair_shard.shard_region has prefix %s; a move moves one row of the map (insert a finer prefix first).',
                                             COALESCE(pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(prefix, 64))), 'NULL'));
    END IF;
    IF NOT EXISTS (SELECT FROM service_affair_shard.shard s WHERE s.name = to_shard) THEN
        RAISE EXCEPTION 'unknown shard %', service_affair.printable(pg_catalog.left(to_shard, 64))
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No row of service_affair_shard.shard is named %s.', COALESCE(pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(to_shard, 64))), 'NULL'));
    END IF;
    IF v_from = to_shard THEN
        RAISE EXCEPTION 'region % is already on shard %', prefix, to_shard
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Prefix %s is served by shard %s.', pg_catalog.quote_literal(prefix), to_shard);
    END IF;
    -- a move that would split a bundle is refused before anything is copied
    PERFORM service_affair_shard.check_bundles(prefix, to_shard);
    INSERT INTO service_affair_shard.region_move (prefix, to_shard) VALUES (prefix, to_shard);
    RETURN v_from;
END
$$;
COMMENT ON FUNCTION service_affair_shard.begin_region_move(text, text) IS
  'On the province node, step 1 of moving a region: from now on (once replicated) the router refuses every call for the prefix''s regions with 55000 naming the region, and both shards every write of its cases (writable_id(), writable_department(), shard_case_home); returns the shard it moves from; 23503 unknown prefix or shard, 22023 already there, 22023 naming the bundle, item, departments and shards when the move would leave an item of a bundle on another shard than its lead department (check_bundles()), 23505 already moving';

CREATE FUNCTION service_affair_shard.finish_region_move(prefix text) RETURNS text
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    m record;
BEGIN
    SELECT x.to_shard, r.shard AS from_shard INTO m
      FROM service_affair_shard.region_move x JOIN service_affair_shard.shard_region r ON r.prefix = x.prefix
     WHERE x.prefix = finish_region_move.prefix FOR UPDATE OF x;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'region % is not moving', service_affair.printable(pg_catalog.left(prefix, 64))
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'Run begin_region_move() first, then copy_region() on the new shard.';
    END IF;
    UPDATE service_affair_shard.shard_region r SET shard = m.to_shard WHERE r.prefix = finish_region_move.prefix;
    -- the region's ids keep the numbers of the shards that gave them
    INSERT INTO service_affair_shard.id_holder (number, shard)
    SELECT s.number, m.to_shard FROM service_affair_shard.shard s WHERE s.name = m.from_shard AND s.name <> m.to_shard
    UNION
    SELECT h.number, m.to_shard FROM service_affair_shard.id_holder h JOIN service_affair_shard.shard s ON s.number = h.number
     WHERE h.shard = m.from_shard AND s.name <> m.to_shard
    ON CONFLICT ON CONSTRAINT id_holder_pkey DO NOTHING;
    DELETE FROM service_affair_shard.region_move x WHERE x.prefix = finish_region_move.prefix;
    -- until the old shard has dropped the rows, province reads take them from the new one
    INSERT INTO service_affair_shard.region_moved (prefix, from_shard, to_shard) VALUES (finish_region_move.prefix, m.from_shard, m.to_shard);
    RETURN m.to_shard;
END
$$;
COMMENT ON FUNCTION service_affair_shard.finish_region_move(text) IS
  'On the province node, after copy_region() on the new shard: the prefix is served by the new shard, the ids the old shard numbered may be found there too (id_holder), the region''s calls are accepted again, the move is recorded in region_moved (province reads ignore the old shard''s copy until settled); returns the new shard; 55000 when the prefix is not moving';

-- The references that tie a table to the case family: its foreign keys, and
-- the references a foreign key cannot hold because the row outlives the
-- settling of its case (63_settle.sql: a licence, a complaint name a case or
-- a rating that may have moved into the history); the API checks those.
CREATE FUNCTION service_affair_shard.family_refs()
    RETURNS TABLE (src regclass, dst regclass, cols name[], fcols name[])
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT k.conrelid::regclass, k.confrelid::regclass,
           ARRAY(SELECT a.attname FROM pg_catalog.unnest(k.conkey) WITH ORDINALITY u(a_n, o)
                   JOIN pg_catalog.pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.a_n ORDER BY u.o),
           ARRAY(SELECT a.attname FROM pg_catalog.unnest(k.confkey) WITH ORDINALITY u(a_n, o)
                   JOIN pg_catalog.pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.a_n ORDER BY u.o)
      FROM pg_catalog.pg_constraint k
     WHERE k.contype = 'f' AND k.conrelid <> k.confrelid AND k.conparentid = 0
    UNION ALL
    SELECT v.src, v.dst, v.cols, v.fcols
      FROM (VALUES ('service_affair.licence'::pg_catalog.regclass, 'service_affair.cases_active'::pg_catalog.regclass,
                    '{case_id}'::name[], '{id}'::name[]),
                   ('service_affair.complaint'::pg_catalog.regclass, 'service_affair.cases_active'::pg_catalog.regclass,
                    '{case_id}'::name[], '{id}'::name[]),
                   ('service_affair.complaint'::pg_catalog.regclass, 'service_affair.rating_active'::pg_catalog.regclass,
                    '{rating_id}'::name[], '{id}'::name[])) v(src, dst, cols, fcols);
END;
COMMENT ON FUNCTION service_affair_shard.family_refs() IS
  'Internal (region_closure()): the references between tables: every foreign key, and licence.case_id, complaint.case_id and complaint.rating_id, which have none (they may name a settled case or rating)';
REVOKE EXECUTE ON FUNCTION service_affair_shard.family_refs() FROM PUBLIC;

-- The region's rows of the case family, into temporary tables pg_temp.mv_<table>:
-- the cases whose handling department's region has prefix as its deciding
-- row of shard_region, then every row referencing them (family_refs()),
-- transitively (parents first), read from schema src (service_affair, or the
-- foreign tables of another shard).
CREATE FUNCTION service_affair_shard.region_closure(prefix text, src name)
    RETURNS TABLE (rel name, ord integer, cond text, n bigint)
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    fam regclass[];
    -- cases is partitioned, and the tables of open work refer to its
    -- partition cases_active (40_cases.sql): both stand for cases here, as
    -- every partition <t>_active of the family stands for <t> below.
    done regclass[] := ARRAY['service_affair.cases'::regclass, 'service_affair.cases_active'::regclass];
    t regclass;
    progress boolean;
    c text;
    k integer := 1;
BEGIN
    CREATE TEMP TABLE IF NOT EXISTS mv_refs (src regclass, dst regclass, cols name[], fcols name[]);
    TRUNCATE pg_temp.mv_refs;
    INSERT INTO pg_temp.mv_refs SELECT * FROM service_affair_shard.family_refs();
    -- the family: the tables that reference cases, transitively (not the catalog)
    WITH RECURSIVE f(r) AS (
        SELECT x FROM pg_catalog.unnest(ARRAY['service_affair.cases'::regclass, 'service_affair.cases_active'::regclass]) x
        UNION
        SELECT k2.src FROM pg_temp.mv_refs k2 JOIN f ON k2.dst = f.r
         WHERE k2.src <> ALL (service_affair_shard.catalog_tables()))
    SELECT pg_catalog.array_agg(f.r) INTO fam FROM f;
    DROP TABLE IF EXISTS pg_temp.mv_cases;
    c := pg_catalog.format('x.department IN (SELECT d.code FROM service_affair.department d WHERE service_affair_shard.region_prefix(d.region) = %L)', prefix);
    EXECUTE pg_catalog.format('CREATE TEMP TABLE mv_cases AS SELECT x.* FROM %I.cases x WHERE %s', src, c);
    rel := 'cases'; ord := 1; cond := c;
    EXECUTE 'SELECT pg_catalog.count(*) FROM pg_temp.mv_cases' INTO n;
    RETURN NEXT;
    LOOP
        progress := false;
        FOREACH t IN ARRAY fam LOOP
            CONTINUE WHEN t = ANY (done);
            -- every parent in the family first
            CONTINUE WHEN EXISTS (SELECT FROM pg_temp.mv_refs k2
                                   WHERE k2.src = t AND k2.dst <> t AND k2.dst = ANY (fam) AND k2.dst <> ALL (done));
            SELECT pg_catalog.string_agg(pg_catalog.format('(%s) IN (SELECT %s FROM pg_temp.%I)',
                       (SELECT pg_catalog.string_agg(pg_catalog.format('x.%I', a), ', ' ORDER BY o)
                          FROM pg_catalog.unnest(k2.cols) WITH ORDINALITY u(a, o)),
                       (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(a), ', ' ORDER BY o)
                          FROM pg_catalog.unnest(k2.fcols) WITH ORDINALITY u(a, o)),
                       'mv_' || (SELECT p.relname FROM pg_catalog.pg_class p WHERE p.oid = COALESCE(pg_catalog.pg_partition_root(k2.dst), k2.dst))), ' OR ')
              INTO c FROM pg_temp.mv_refs k2
             WHERE k2.src = t AND k2.dst <> t AND k2.dst = ANY (fam);
            -- a partition of the family (<t>_active) stands for its table (NULL: not a partition)
            rel := (SELECT p.relname FROM pg_catalog.pg_class p WHERE p.oid = COALESCE(pg_catalog.pg_partition_root(t), t));
            EXECUTE pg_catalog.format('DROP TABLE IF EXISTS pg_temp.%I', 'mv_' || rel);
            EXECUTE pg_catalog.format('CREATE TEMP TABLE %I AS SELECT x.* FROM %I.%I x WHERE %s', 'mv_' || rel, src, rel, c);
            k := k + 1;
            ord := k; cond := c;
            EXECUTE pg_catalog.format('SELECT pg_catalog.count(*) FROM pg_temp.%I', 'mv_' || rel) INTO n;
            RETURN NEXT;
            done := done || t;
            progress := true;
        END LOOP;
        EXIT WHEN NOT progress;
    END LOOP;
END
$$;
COMMENT ON FUNCTION service_affair_shard.region_closure(text, name) IS
  'Internal (copy_region(), drop_region()): the rows of a region''s cases and of every table referencing them through foreign keys, transitively, read from schema src into temporary tables mv_<table>; one row per table, parents first, with the condition that selected its rows and their number';

CREATE FUNCTION service_affair_shard.copy_region(prefix text, from_shard text)
    RETURNS TABLE (rel name, copied bigint)
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    here text := (SELECT l.shard FROM service_affair_shard.local_shard l);
    sch name := 'sa_move_' || from_shard;
    r record;
    cols text;
    rcol name;
    fk record;
    pairs text[];
    npairs bigint;
BEGIN
    IF NOT EXISTS (SELECT FROM service_affair_shard.region_move m WHERE m.prefix = copy_region.prefix AND m.to_shard = here) THEN
        RAISE EXCEPTION 'region % is not moving to this shard', service_affair.printable(pg_catalog.left(prefix, 64))
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('service_affair_shard.region_move has no row moving prefix %s to shard %s (this database); run begin_region_move() on the province node and wait for it to replicate.',
                                             COALESCE(pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(prefix, 64))), 'NULL'), COALESCE(here, '(none)'));
    END IF;
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_foreign_server f WHERE f.srvname = from_shard) THEN
        RAISE EXCEPTION 'no postgres_fdw server for shard %', from_shard
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('Create it first on this shard: CREATE EXTENSION postgres_fdw; CREATE SERVER %I FOREIGN DATA WRAPPER postgres_fdw OPTIONS (...), and a user mapping.', from_shard);
    END IF;
    EXECUTE pg_catalog.format('DROP SCHEMA IF EXISTS %I CASCADE', sch);
    EXECUTE pg_catalog.format('CREATE SCHEMA %I', sch);
    EXECUTE pg_catalog.format('IMPORT FOREIGN SCHEMA service_affair FROM SERVER %I INTO %I', from_shard, sch);
    CREATE TEMP TABLE IF NOT EXISTS mv_order (rel name, ord integer, cond text, n bigint);
    TRUNCATE mv_order;
    INSERT INTO mv_order SELECT * FROM service_affair_shard.region_closure(prefix, sch);
    -- applicants the moved rows name: this shard's row of the same person or
    -- organisation, else the old shard's row with its id
    DROP TABLE IF EXISTS pg_temp.mv_applicant;
    CREATE TEMP TABLE mv_applicant (old_id bigint PRIMARY KEY, new_id bigint);
    FOR fk IN SELECT c.relname, a.attname FROM pg_catalog.pg_constraint k
                JOIN pg_catalog.pg_class c ON c.oid = k.conrelid
                JOIN pg_catalog.pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
               WHERE k.contype = 'f' AND k.confrelid = 'service_affair.applicant'::regclass AND k.conparentid = 0
                 AND c.relname IN (SELECT o.rel FROM mv_order o) LOOP
        EXECUTE pg_catalog.format('INSERT INTO pg_temp.mv_applicant (old_id) SELECT DISTINCT %I FROM pg_temp.%I WHERE %I IS NOT NULL ON CONFLICT DO NOTHING',
                                  fk.attname, 'mv_' || fk.relname, fk.attname);
    END LOOP;
    EXECUTE pg_catalog.format('UPDATE pg_temp.mv_applicant m SET new_id = l.id FROM %I.applicant o, service_affair.applicant l '
                              'WHERE o.id = m.old_id AND (l.resident_id::text = o.resident_id::text OR l.uscc::text = o.uscc::text)', sch);
    -- one identifier, one applicant (applicant_identifier_chars, 31_applicant.sql)
    -- holds on each shard, not across them: the old shard's person may carry
    -- the characters of this shard's organisation, or the other way round.
    -- Such an applicant matches no row of its kind here, and its insert below
    -- would end the copy with the index's bare 23505 (until 2026-12-06): the
    -- pairs are refused first, named, before anything is copied.
    EXECUTE pg_catalog.format('SELECT pg_catalog.array_agg(pg_catalog.format(''%%s: %%s %%s %%s, %%s %%s %%s'', '
                              'service_affair.mask_identifier(COALESCE(o.resident_id::text, o.uscc::text)), '
                              '%L, CASE o.kind WHEN ''person'' THEN ''person'' ELSE ''organisation'' END, o.id, '
                              '%L, CASE l.kind WHEN ''person'' THEN ''person'' ELSE ''organisation'' END, l.id) ORDER BY o.id, l.id), pg_catalog.count(*) '
                              'FROM pg_temp.mv_applicant m JOIN %I.applicant o ON o.id = m.old_id '
                              'JOIN service_affair.applicant l ON COALESCE(l.resident_id::text, l.uscc::text) = COALESCE(o.resident_id::text, o.uscc::text) '
                              'WHERE m.new_id IS NULL', from_shard, here, sch)
        INTO pairs, npairs;
    IF npairs > 0 THEN
        RAISE EXCEPTION 'applicants of region % on shard % carry the identifiers of applicants of the other kind on shard % (% pairs)',
                        pg_catalog.left(prefix, 64), from_shard, here, npairs
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('A shard lets one applicant carry eighteen characters valid as a resident id and as a unified social credit code; the moved rows name these applicants of shard %s, and shard %s (this database) has one of the other kind under the same characters (masked; shard, kind, id): %s%s.  Nothing was copied.',
                                             from_shard, here, pg_catalog.array_to_string(pairs[1:20], '; '),
                                             CASE WHEN npairs > 20 THEN pg_catalog.format('; and %s more', npairs - 20) ELSE '' END),
                  HINT = 'Keep one applicant of each pair: on the shard holding the wrong one, point its cases and evidence at the right applicant (or at a correctly registered one) and delete it, then run copy_region() again; doc/scale.md, "Moving a region between shards", and doc/deployment.md, "From 0.1.0: one applicant per identifier".';
    END IF;
    SELECT pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY a.attnum) INTO cols
      FROM pg_catalog.pg_attribute a WHERE a.attrelid = 'service_affair.applicant'::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '';
    PERFORM pg_catalog.set_config('session_replication_role', 'replica', true);
    EXECUTE pg_catalog.format('INSERT INTO service_affair.applicant (%s) OVERRIDING SYSTEM VALUE SELECT %s FROM %I.applicant o '
                              'WHERE o.id IN (SELECT m.old_id FROM pg_temp.mv_applicant m WHERE m.new_id IS NULL)', cols, cols, sch);
    UPDATE pg_temp.mv_applicant m SET new_id = m.old_id WHERE m.new_id IS NULL;
    rel := 'applicant';
    copied := (SELECT pg_catalog.count(*) FROM pg_temp.mv_applicant m WHERE m.new_id = m.old_id);
    RETURN NEXT;
    FOR fk IN SELECT c.relname, a.attname FROM pg_catalog.pg_constraint k
                JOIN pg_catalog.pg_class c ON c.oid = k.conrelid
                JOIN pg_catalog.pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
               WHERE k.contype = 'f' AND k.confrelid = 'service_affair.applicant'::regclass AND k.conparentid = 0
                 AND c.relname IN (SELECT o.rel FROM mv_order o) LOOP
        EXECUTE pg_catalog.format('UPDATE pg_temp.%I x SET %I = m.new_id FROM pg_temp.mv_applicant m WHERE x.%I = m.old_id AND m.new_id <> m.old_id',
                                  'mv_' || fk.relname, fk.attname, fk.attname);
    END LOOP;
    -- the rows, parents first, with their ids
    FOR r IN SELECT o.rel FROM mv_order o ORDER BY o.ord LOOP
        SELECT pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY a.attnum) INTO cols
          FROM pg_catalog.pg_attribute a
         WHERE a.attrelid = pg_catalog.format('service_affair.%I', r.rel)::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '';
        -- settled rows go into this shard's months of the history, made when
        -- missing as settling makes them (service_affair.history_month())
        SELECT a.attname INTO rcol
          FROM pg_catalog.pg_partitioned_table pt
          JOIN pg_catalog.pg_attribute a ON a.attrelid = pt.partrelid AND a.attnum = pt.partattrs[0]
         WHERE pt.partrelid = pg_catalog.to_regclass(pg_catalog.format('service_affair.%I', r.rel || '_settled'));
        IF FOUND THEN
            EXECUTE pg_catalog.format('SELECT pg_catalog.count(service_affair.history_month(%L, s.m)) FROM '
                                      '(SELECT DISTINCT service_affair.month_floor(x.%I) AS m FROM pg_temp.%I x WHERE x.settled) s',
                                      r.rel, rcol, 'mv_' || r.rel);
        END IF;
        EXECUTE pg_catalog.format('INSERT INTO service_affair.%I (%s) OVERRIDING SYSTEM VALUE SELECT %s FROM pg_temp.%I', r.rel, cols, cols, 'mv_' || r.rel);
        GET DIAGNOSTICS copied = ROW_COUNT;
        rel := r.rel;
        RETURN NEXT;
    END LOOP;
    -- the request keys of the moved cases and complaints (case_request,
    -- 39_case_requests.sql): a keyed submit() or receive_complaint() made on
    -- the old shard and repeated after the move (08007 through the router)
    -- finds its case or complaint here, not a second one.  case_request has
    -- no foreign key (a case moves to the settled history with its id), so
    -- region_closure() does not reach it, and it is no table of the family
    -- (no history months; its primary key is the caller's, not an id this
    -- shard numbered, so it may meet a row of this shard): taken here by the
    -- ids of the cases and complaints copied.  A key the same role gave on
    -- this shard already stays as it is and the moved one is not copied (its
    -- repeat here is 23505, the key used for another request, as on one
    -- node); copied counts the rows taken.  A rating's key names its case
    -- (case_id) and comes with it.  The keys of manual credit events
    -- (record_credit_event()) whose subject's region code is in the region:
    -- the router sends the subject's events here from now on, so the call
    -- repeated after the move must find its key here (the event stays on
    -- the shard that numbered it, which its id names; until 2026-12-05 the
    -- key stayed there and the repeat recorded a second event here).
    SELECT pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY a.attnum) INTO cols
      FROM pg_catalog.pg_attribute a
     WHERE a.attrelid = 'service_affair.case_request'::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '';
    EXECUTE pg_catalog.format('INSERT INTO service_affair.case_request (%s) SELECT %s FROM %I.case_request o '
                              'WHERE o.case_id IN (SELECT x.id FROM pg_temp.mv_cases x) '
                              'OR o.complaint_id IN (SELECT x.id FROM pg_temp.mv_complaint x) '
                              'OR o.credit_event_id IN (SELECT e.id FROM %I.credit_event e '
                              'WHERE e.id IN (SELECT k.credit_event_id FROM %I.case_request k WHERE k.kind = %L) '
                              'AND %L IN (service_affair_shard.subject_prefix(e.subject, e.subject_kind), service_affair_shard.subject_prefix(e.subject))) '
                              'ON CONFLICT ON CONSTRAINT case_request_pkey DO NOTHING', cols, cols, sch, sch, sch, 'credit_event', prefix);
    GET DIAGNOSTICS copied = ROW_COUNT;
    rel := 'case_request';
    RETURN NEXT;
    -- the region's licence counters: this shard goes on where the old one stopped
    EXECUTE pg_catalog.format('INSERT INTO service_affair.licence_counter AS n (evidence_type, region, year, last) '
                              'SELECT o.evidence_type, o.region, o.year, o.last FROM %I.licence_counter o '
                              'WHERE service_affair_shard.region_prefix(o.region) = %L '
                              'ON CONFLICT ON CONSTRAINT licence_counter_pkey DO UPDATE SET last = GREATEST(n.last, EXCLUDED.last)', sch, prefix);
    GET DIAGNOSTICS copied = ROW_COUNT;
    rel := 'licence_counter';
    RETURN NEXT;
    PERFORM pg_catalog.set_config('session_replication_role', 'origin', true);
    EXECUTE pg_catalog.format('DROP SCHEMA %I CASCADE', sch);
END
$$;
COMMENT ON FUNCTION service_affair_shard.copy_region(text, text) IS
  'On the shard a region moves to, after begin_region_move() has replicated here: copy from shard from_shard (a postgres_fdw server of that name on this database) the region''s cases and every row referencing them (region_closure()), with their ids, in one transaction, without firing triggers (superuser); the applicants they name become this shard''s rows of the same identifier (the old shard''s row and id when none); the request keys of the copied cases, their ratings and complaints, and of the manual credit events of the region''s subjects (case_request; a key the same role has here already is kept, the moved one not copied); the region''s licence counters; returns the rows copied per table; 55000 the region is not moving here, or an applicant the moved rows name carries the identifier of one of the other kind here (naming the pairs, nothing copied), 23503 no server';

CREATE FUNCTION service_affair_shard.drop_region(prefix text)
    RETURNS TABLE (rel name, deleted bigint)
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    here text := (SELECT l.shard FROM service_affair_shard.local_shard l);
    r record;
BEGIN
    IF here IS NULL OR NOT EXISTS (SELECT FROM service_affair_shard.shard_region s WHERE s.prefix = drop_region.prefix)
       OR EXISTS (SELECT FROM service_affair_shard.shard_region s WHERE s.prefix = drop_region.prefix AND s.shard = here)
       OR EXISTS (SELECT FROM service_affair_shard.region_move m WHERE m.prefix = drop_region.prefix) THEN
        RAISE EXCEPTION 'region % has not moved away from this shard', service_affair.printable(pg_catalog.left(prefix, 64))
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('Prefix %s must be in the shard map, served by another shard than %s and not moving (finish_region_move() replicated here) before its rows are deleted here.',
                                             COALESCE(pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(prefix, 64))), 'NULL'), COALESCE(here, '(none: not a shard)'));
    END IF;
    CREATE TEMP TABLE IF NOT EXISTS mv_order (rel name, ord integer, cond text, n bigint);
    TRUNCATE mv_order;
    INSERT INTO mv_order SELECT * FROM service_affair_shard.region_closure(prefix, 'service_affair');
    -- children first, without the append-only triggers (superuser)
    PERFORM pg_catalog.set_config('session_replication_role', 'replica', true);
    FOR r IN SELECT o.rel, o.cond FROM mv_order o ORDER BY o.ord DESC LOOP
        EXECUTE pg_catalog.format('DELETE FROM service_affair.%I x WHERE %s', r.rel, r.cond);
        GET DIAGNOSTICS deleted = ROW_COUNT;
        rel := r.rel;
        RETURN NEXT;
    END LOOP;
    -- the request keys of the region's cases (their ratings' too) and
    -- complaints, copied with them (copy_region()): found by the ids of the
    -- rows deleted; and those of the manual credit events of its subjects
    -- (the events stay: they are this shard's record).  Characters valid as
    -- a resident id and a USCC have two readings on the router, the kind's
    -- (person:, org:) and the unprefixed one (the USCC's region first), and
    -- the spelling of the call is not recorded: a key moves when either
    -- reading falls in the region (copy_region()) and is deleted here only
    -- when neither is still served here (until 2026-12-07 the kind's alone:
    -- a person's key recorded through the unprefixed spelling was not
    -- copied, or deleted while that spelling still came here, and the call
    -- repeated made a second event; shard_subject_keys.sql, a review)
    DELETE FROM service_affair.case_request q
     WHERE q.case_id IN (SELECT x.id FROM pg_temp.mv_cases x)
        OR q.complaint_id IN (SELECT x.id FROM pg_temp.mv_complaint x)
        OR q.credit_event_id IN (SELECT e.id FROM service_affair.credit_event e
                                  WHERE e.id IN (SELECT k.credit_event_id FROM service_affair.case_request k WHERE k.kind = 'credit_event')
                                    AND drop_region.prefix IN (service_affair_shard.subject_prefix(e.subject, e.subject_kind),
                                                               service_affair_shard.subject_prefix(e.subject))
                                    AND NOT EXISTS (SELECT FROM service_affair_shard.shard_region s
                                                     WHERE s.shard = here
                                                       AND s.prefix IN (service_affair_shard.subject_prefix(e.subject, e.subject_kind),
                                                                        service_affair_shard.subject_prefix(e.subject))));
    GET DIAGNOSTICS deleted = ROW_COUNT;
    rel := 'case_request';
    RETURN NEXT;
    DELETE FROM service_affair.licence_counter n WHERE service_affair_shard.region_prefix(n.region) = drop_region.prefix;
    GET DIAGNOSTICS deleted = ROW_COUNT;
    rel := 'licence_counter';
    RETURN NEXT;
    PERFORM pg_catalog.set_config('session_replication_role', 'origin', true);
END
$$;
COMMENT ON FUNCTION service_affair_shard.drop_region(text) IS
  'On the shard a region moved away from, after finish_region_move() has replicated here: delete the region''s cases and every row referencing them (region_closure()), the request keys of those cases, ratings and complaints and of the manual credit events of the region''s subjects (case_request) and its licence counters, children first, without firing triggers (superuser); returns the rows deleted per table; 55000 the region has not moved away';

REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA service_affair_shard FROM PUBLIC;
-- The initial privileges are the script's own (sql/parts/98_init_privs.sql):
-- a second CREATE EXTENSION over the schema a DROP EXTENSION left does not
-- take the USAGE create_roles() granted on it for one, and dumps keep it.
SELECT service_affair.own_initial_privileges('service_affair_shard');
