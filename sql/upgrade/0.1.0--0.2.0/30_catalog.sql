-- 30_catalog: defect 3, service_code_unique() checks its relation and is not
-- executable by PUBLIC.

DROP TRIGGER item_code_unique ON service_affair.item;
DROP TRIGGER bundle_code_unique ON service_affair.bundle;
DROP FUNCTION service_affair.service_code_unique();
CREATE FUNCTION service_affair.service_code_unique() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_RELID NOT IN ('service_affair.item'::pg_catalog.regclass, 'service_affair.bundle'::pg_catalog.regclass)
       OR TG_WHEN <> 'BEFORE' OR TG_LEVEL <> 'ROW' OR TG_OP NOT IN ('INSERT', 'UPDATE') THEN
        RAISE EXCEPTION 'service_code_unique() must not fire on % % % of %', TG_WHEN, TG_LEVEL, TG_OP, TG_RELID::pg_catalog.regclass
            USING ERRCODE = 'trigger_protocol_violated',
                  DETAIL = 'It fires only before INSERT and UPDATE of rows of service_affair.item and service_affair.bundle.';
    END IF;
    PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('service_affair.service:' || NEW.code));
    IF (TG_TABLE_NAME = 'item' AND EXISTS (SELECT 1 FROM service_affair.bundle b WHERE b.code = NEW.code))
       OR (TG_TABLE_NAME = 'bundle' AND EXISTS (SELECT 1 FROM service_affair.item i WHERE i.code = NEW.code)) THEN
        RAISE EXCEPTION 'service code "%" is already used', NEW.code
            USING ERRCODE = 'unique_violation',
                  DETAIL = pg_catalog.format('Code "%s" already names %s; items and bundles share one set of codes.',
                                             NEW.code, CASE TG_TABLE_NAME WHEN 'item' THEN 'a bundle' ELSE 'an item' END);
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION service_affair.service_code_unique() IS
  'Trigger: refuses an item code that names a bundle and a bundle code that names an item (23505)';

CREATE TRIGGER item_code_unique BEFORE INSERT OR UPDATE OF code ON service_affair.item
    FOR EACH ROW EXECUTE FUNCTION service_affair.service_code_unique();
COMMENT ON TRIGGER item_code_unique ON service_affair.item IS 'Item codes never name a bundle';
CREATE TRIGGER bundle_code_unique BEFORE INSERT OR UPDATE OF code ON service_affair.bundle
    FOR EACH ROW EXECUTE FUNCTION service_affair.service_code_unique();
COMMENT ON TRIGGER bundle_code_unique ON service_affair.bundle IS 'Bundle codes never name an item';
REVOKE EXECUTE ON FUNCTION service_affair.service_code_unique() FROM PUBLIC;

-- The item codes of a service: the item itself, or the items of a bundle
-- (codes of items and bundles are one set: service_code_unique).  The one
-- home of "the items of a service" for the checks at intake; a caller
-- joins it to item (`FROM service_item_codes(s) c JOIN item i ON i.code = c`),
-- which probes item's primary key: the OR of the two conditions it replaces
-- made every submission scan the whole catalog.  No code is both an item and
-- a bundle, so the join yields each item once.  With the service a
-- constant the planner costs a custom plan of such a join below the generic
-- one, so a PL/pgSQL caller would plan it again on every call (200–400 µs):
-- its callers run with plan_cache_mode = force_generic_plan, whose plan
-- reads the same few rows by key.
-- SQL-standard body, no SET, not STRICT: the planner inlines it (the body is
-- bound at creation).
CREATE FUNCTION service_affair.service_item_codes(service text) RETURNS SETOF text
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT service_item_codes.service
    UNION ALL
    SELECT bi.item FROM service_affair.bundle_item bi WHERE bi.bundle = service_item_codes.service;
END;
COMMENT ON FUNCTION service_affair.service_item_codes(text) IS
  'Internal: the item codes of a service (the item''s own code, or the member items of a bundle), for membership tests against item';
REVOKE EXECUTE ON FUNCTION service_affair.service_item_codes(text) FROM PUBLIC;
