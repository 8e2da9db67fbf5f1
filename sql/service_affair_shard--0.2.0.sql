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
--     take the shard's province-wide range (case number = shard number ×
--     10^12 + n), and a case whose handling department lies in a region of
--     another shard is refused;
--   * calendar edits replayed by logical apply fire the same statement
--     triggers as a local edit (cache invalidation, recomputed dues).
-- A single node never installs this extension: its behaviour is unchanged.

\echo Use "CREATE EXTENSION service_affair_shard" to load this file. \quit

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
  'Shard number k (1-9222): the shard''s ids (case numbers, task ids, ...) lie in [k × 10^12, (k + 1) × 10^12)';

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
  'This database is the region shard named here (one row at most, written by setup_shard(); empty on the province node and the router; never replicated)';
COMMENT ON COLUMN service_affair_shard.local_shard.one IS 'Always true: the table holds one row at most';
COMMENT ON COLUMN service_affair_shard.local_shard.shard IS 'The shard this database is';

-- the map is province data: dumped like the catalog
SELECT pg_catalog.pg_extension_config_dump('service_affair_shard.shard', '');
SELECT pg_catalog.pg_extension_config_dump('service_affair_shard.shard_region', '');
SELECT pg_catalog.pg_extension_config_dump('service_affair_shard.local_shard', '');

CREATE FUNCTION service_affair_shard.shard_of_region(region text) RETURNS text
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT s.shard FROM service_affair_shard.shard_region s
     WHERE pg_catalog.starts_with(COALESCE(region, ''), s.prefix)
     ORDER BY pg_catalog.length(s.prefix) DESC LIMIT 1
$$;
COMMENT ON FUNCTION service_affair_shard.shard_of_region(text) IS
  'The shard serving a region (longest prefix in shard_region; NULL region: the empty prefix); NULL when no prefix matches';

CREATE FUNCTION service_affair_shard.require_shard_of_region(region text) RETURNS text
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    s text := service_affair_shard.shard_of_region(region);
BEGIN
    IF s IS NULL THEN
        RAISE EXCEPTION 'no shard serves region %', COALESCE(region, '(none)')
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No prefix of region %s is in service_affair_shard.shard_region.',
                                             COALESCE(pg_catalog.quote_literal(pg_catalog.left(region, 64)), 'NULL'));
    END IF;
    RETURN s;
END
$$;
COMMENT ON FUNCTION service_affair_shard.require_shard_of_region(text) IS
  'The shard serving a region; 23503 naming the region when no shard serves it';

CREATE FUNCTION service_affair_shard.shard_of_id(id bigint) RETURNS text
    LANGUAGE sql STABLE STRICT
    SET search_path = pg_catalog, pg_temp
AS $$
    -- case, task and rating ids carry the month (service_affair.case_id()): k × 10^15 + month × 10^10 + n
    SELECT s.name FROM service_affair_shard.shard s
     WHERE s.number = CASE WHEN id >= 1000000000000000 THEN id / 1000000000000000 ELSE id / 1000000000000 END
$$;
COMMENT ON FUNCTION service_affair_shard.shard_of_id(bigint) IS
  'The shard that numbered this id: a case, task or rating id (k × 10^15 + month × 10^10 + n, service_affair.case_id()) is of shard id div 10^15, any other id of shard id div 10^12; NULL for an id of no shard (a single node numbers from 1)';

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
                 'service_affair_shard.shard', 'service_affair_shard.shard_region']::regclass[]
$$;
COMMENT ON FUNCTION service_affair_shard.catalog_tables() IS
  'The tables the province node owns and publishes to every shard and the router (publication service_affair_catalog): departments, calendars, items, materials, bundles, the material denylist, service points, item implementations, evidence types, settings, the service network''s people (staff, their points, agents: a clerk of one city accepts 通办 cases handled on another city''s shard) and the shard map';

CREATE FUNCTION service_affair_shard.publish_catalog() RETURNS text
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    EXECUTE pg_catalog.format('CREATE PUBLICATION service_affair_catalog FOR TABLE %s',
                              (SELECT pg_catalog.string_agg(t::text, ', ') FROM pg_catalog.unnest(service_affair_shard.catalog_tables()) t));
    RETURN 'service_affair_catalog';
END
$$;
COMMENT ON FUNCTION service_affair_shard.publish_catalog() IS
  'On the province node: create the publication service_affair_catalog of catalog_tables() (the shards and the router subscribe to it); returns its name';

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
    -- logical apply runs in replica mode: the statement triggers that
    -- recompute open dues after a calendar edit must fire there too
    -- (calendar_changed, the cache invalidation, is ALWAYS already)
    ALTER TABLE service_affair.calendar ENABLE ALWAYS TRIGGER route_recompute_dues;
    ALTER TABLE service_affair.calendar_day ENABLE ALWAYS TRIGGER route_recompute_dues;
    ALTER TABLE service_affair.calendar ENABLE ALWAYS TRIGGER commitment_recompute_dues;
    ALTER TABLE service_affair.calendar_day ENABLE ALWAYS TRIGGER commitment_recompute_dues;
    ALTER TABLE service_affair.calendar ENABLE ALWAYS TRIGGER calendar_replayed;
    ALTER TABLE service_affair.calendar_day ENABLE ALWAYS TRIGGER calendar_replayed;
END
$$;
COMMENT ON FUNCTION service_affair_shard.prepare_subscriber() IS
  'On a new shard or router database, before CREATE SUBSCRIPTION: empty the catalog tables (the initial copy brings the province''s rows) and make the calendar triggers (recomputed dues, replayed edits) fire under logical apply; 55000 when the database holds cases';

CREATE FUNCTION service_affair_shard.setup_shard(shard text) RETURNS bigint
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    k integer;
    lo bigint;
    c record;
BEGIN
    SELECT s.number INTO k FROM service_affair_shard.shard s WHERE s.name = setup_shard.shard;
    IF k IS NULL THEN
        RAISE EXCEPTION 'unknown shard %', shard
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No row of service_affair_shard.shard is named %s (has the catalog subscription copied the shard map?).',
                                             pg_catalog.quote_literal(pg_catalog.left(shard, 64)));
    END IF;
    IF EXISTS (SELECT FROM service_affair.cases) THEN
        RAISE EXCEPTION 'this database already holds cases'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'setup_shard() renumbers the identity columns; it is run on a new shard only.';
    END IF;
    lo := k::bigint * 1000000000000;
    -- every sequence behind a column of the extension's own tables (identity
    -- columns, and sequence defaults as partitioned tables use them): cases,
    -- tasks, events, ratings, applicants, ... number in the shard's range
    FOR c IN SELECT DISTINCT pg_catalog.pg_get_serial_sequence(a.attrelid::regclass::text, a.attname)::regclass AS seq
               FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class r ON r.oid = a.attrelid
              WHERE r.relnamespace = 'service_affair'::regnamespace AND r.relkind IN ('r', 'p')
                AND a.attnum > 0 AND NOT a.attisdropped
                AND a.attrelid <> ALL (service_affair_shard.catalog_tables()::oid[])
                AND pg_catalog.pg_get_serial_sequence(a.attrelid::regclass::text, a.attname) IS NOT NULL
              ORDER BY 1 LOOP
        EXECUTE pg_catalog.format('ALTER SEQUENCE %s START WITH %s MINVALUE %s MAXVALUE %s RESTART',
                                  c.seq, lo + 1, lo, lo + 999999999999);
    END LOOP;
    DELETE FROM service_affair_shard.local_shard;
    INSERT INTO service_affair_shard.local_shard (shard) VALUES (setup_shard.shard);
    RETURN lo + 1;
END
$$;
COMMENT ON FUNCTION service_affair_shard.setup_shard(text) IS
  'On a new region shard, after its catalog subscription has copied the shard map: this database becomes the named shard; every sequence behind a column of service_affair''s own tables (identity or default; not the catalog''s) numbers in [k × 10^12 + 1, (k + 1) × 10^12) (k its number), so that case numbers are unique province-wide; returns the first case number; 23503 unknown shard, 55000 the database holds cases';

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
    IF COALESCE(pg_partition_root(TG_RELID), TG_RELID) <> 'service_affair.cases'::regclass OR TG_LEVEL <> 'ROW' OR TG_WHEN <> 'AFTER' THEN  -- or a history partition
        RAISE EXCEPTION 'case_home() is not a trigger of this table'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'It runs after each row written to service_affair.cases only.';
    END IF;
    SELECT l.shard INTO here FROM service_affair_shard.local_shard l;
    IF here IS NULL THEN
        RETURN NULL;  -- the province node, the router: not a shard
    END IF;
    SELECT d.region INTO r FROM service_affair.department d WHERE d.code = NEW.department;
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
  'Trigger: on a region shard, a case whose handling department lies in a region another shard serves is refused (55000 naming both shards): the router and the shard disagreeing never leaves a case in the wrong place; does nothing on a node that is not a shard; refuses to run on any other table (42501)';
REVOKE EXECUTE ON FUNCTION service_affair_shard.case_home() FROM PUBLIC;
CREATE TRIGGER shard_case_home AFTER INSERT OR UPDATE OF department ON service_affair.cases
    FOR EACH ROW EXECUTE FUNCTION service_affair_shard.case_home();
COMMENT ON TRIGGER shard_case_home ON service_affair.cases IS
  'A region shard holds only the cases of its regions (service_affair_shard)';

-- ---- calendar edits replayed by logical apply ----------------------------------------
-- Logical apply fires row triggers only (ENABLE ALWAYS or REPLICA), never the
-- statement triggers of INSERT/UPDATE/DELETE that invalidate the calendar
-- cache and recompute open dues.  A deferred constraint trigger, ALWAYS on a
-- subscriber (prepare_subscriber()), runs once at the commit of each applied
-- transaction that touched a calendar and issues an empty UPDATE of
-- calendar_day: its statement triggers (ALWAYS there) fire as after a local
-- edit.  Applied TRUNCATEs fire the statement triggers directly.
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
    UPDATE service_affair.calendar_day SET day = day WHERE false;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION service_affair_shard.calendar_replayed() IS
  'Trigger: at the commit of a logically applied calendar edit, once per transaction, fire the calendar statement triggers (cache invalidation, recomputed dues of open tasks, cases and commitment checks) as a local edit does; nothing outside replica mode; refuses to run on any other table (42501)';
REVOKE EXECUTE ON FUNCTION service_affair_shard.calendar_replayed() FROM PUBLIC;
CREATE CONSTRAINT TRIGGER calendar_replayed AFTER INSERT OR UPDATE OR DELETE ON service_affair.calendar
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION service_affair_shard.calendar_replayed();
CREATE CONSTRAINT TRIGGER calendar_replayed AFTER INSERT OR UPDATE OR DELETE ON service_affair.calendar_day
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION service_affair_shard.calendar_replayed();
COMMENT ON TRIGGER calendar_replayed ON service_affair.calendar IS
  'On a subscriber (ENABLE ALWAYS by prepare_subscriber()): a replayed calendar edit recomputes open dues as a local one does';
COMMENT ON TRIGGER calendar_replayed ON service_affair.calendar_day IS
  'On a subscriber (ENABLE ALWAYS by prepare_subscriber()): a replayed calendar edit recomputes open dues as a local one does';

REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA service_affair_shard FROM PUBLIC;
