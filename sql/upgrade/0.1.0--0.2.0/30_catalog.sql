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
    -- no lock of its own: the edit holds the due lock exclusively (catalog_due_lock())
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

-- The working days an item's case is decided within, in one home
-- (src/core/svclimit.c, sa_item_legal_days()): its legal_limit (法定时限),
-- else 20.  A NULL legal_limit means one thing: the item has no legal limit
-- (出生登记, 户口注销: no law sets one and it is no administrative licence;
-- an administrative licence whose own law names none has the 20 days of
-- 行政许可法 Art 42 ¶1, and the catalog says so with 20, constraint
-- item_licence_legal_limit, 33_guides.sql).  Its cases are still decided
-- within 20 working days, the period of Art 42 taken as the bound of their
-- clock and of the promise, but that is not a legal limit: 时限缩短比例
-- leaves them out (cases.has_legal_limit, 65_views.sql).  The item's CHECK
-- item_promised_within_legal below, bundle_limits and service_info()
-- (30_service_limits.sql), catalog_regression_kinds() and
-- catalog_bundles_lengthened() over row images (33_guides.sql) ask it, and
-- item_promised_days() asks its C; until 2026-12-05 each spelled
-- COALESCE(legal_limit, 20).  Declared before the item table, whose CHECK
-- calls it.  Not STRICT: a NULL limit is one not set.  IMMUTABLE, a pure
-- function of its argument, as a CHECK needs; EXECUTE stays with PUBLIC,
-- since whoever reads a view over bundle_limits (public_bundle_list) or
-- writes an item calls it.
CREATE FUNCTION service_affair.item_legal_days(legal_limit integer)
    RETURNS integer
    AS 'MODULE_PATHNAME', 'sa_item_legal_days_sql'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.item_legal_days(integer) IS
  'The working days an item''s case is decided within (src/core/svclimit.c): legal_limit (法定时限), else 20 for an item with no legal limit (the period of 行政许可法 Art 42 ¶1 as the bound of the clock and of the promise; not a legal limit: such cases stay out of 时限缩短比例); 22023 for a negative limit. The one rule of the CHECK item_promised_within_legal, service_info(), bundle_limits, item_promised_days() and the catalog regressions';

-- 30_catalog (2026-12-03): limits bounded, and a promise never above the
-- legal limit, also when the legal limit is the default (NULL: 20).  A
-- catalog that breaks the new rules is named before anything changes: the
-- update stops (23514) with the codes to correct, and runs again once they
-- are.
DO $$
DECLARE
    bad text;
BEGIN
    SELECT pg_catalog.string_agg(x.what, ', ' ORDER BY x.what) INTO bad
      FROM (SELECT 'item ' || pg_catalog.quote_literal(i.code) AS what FROM service_affair.item i
             WHERE NOT (i.promised_limit <= service_affair.item_legal_days(i.legal_limit))
                OR NOT (i.legal_limit <= 365 AND i.promised_limit <= 365 AND i.extension_limit <= 365 AND i.tolerance_days <= 365)
            UNION ALL
            SELECT 'bundle ' || pg_catalog.quote_literal(b.code) FROM service_affair.bundle b WHERE b.promised_limit > 365
            LIMIT 50) x;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'the catalog has limits that 0.2.0 refuses'
            USING ERRCODE = 'check_violation',
                  DETAIL = pg_catalog.format('These rows promise more than their legal limit (NULL: 20 working days) or count more than 365 working days (legal_limit, promised_limit, extension_limit, tolerance_days): %s.', bad),
                  HINT = 'Correct them under 0.1.0, then run ALTER EXTENSION service_affair UPDATE again.';
    END IF;
END
$$;
ALTER TABLE service_affair.item
    DROP CONSTRAINT item_promised_within_legal,
    ADD CONSTRAINT item_promised_within_legal CHECK (promised_limit <= service_affair.item_legal_days(legal_limit)),
    ADD CONSTRAINT item_limits_bounded CHECK (legal_limit <= 365 AND promised_limit <= 365 AND extension_limit <= 365
                                              AND tolerance_days <= 365);
ALTER TABLE service_affair.bundle ADD CONSTRAINT bundle_promised_bounded CHECK (promised_limit <= 365);
COMMENT ON CONSTRAINT item_promised_within_legal ON service_affair.item IS 'The promised limit never exceeds the days of the item (item_legal_days(): legal_limit; NULL, no legal limit: the 20 working days of its clock)';
COMMENT ON COLUMN service_affair.item.legal_limit IS 'Legal time limit (法定时限) in working days; an administrative licence whose law names none has 20 (行政许可法 Art 42, entered as 20). NULL: the item has no legal limit (not a licence, no law sets one): its cases run on a 20-working-day clock and stay out of 时限缩短比例';
COMMENT ON COLUMN service_affair.bundle.promised_limit IS 'Promised limit in working days (at most 365); NULL: the sum over stages of the largest member limit; a case is promised at most the legal limit of the bundle (bundle_limits)';
COMMENT ON CONSTRAINT bundle_promised_bounded ON service_affair.bundle IS 'A bundle promises at most 365 working days, as an item';
COMMENT ON CONSTRAINT item_limits_bounded ON service_affair.item IS
  'Limits, extensions and tolerance periods are at most 365 working days, as every other day count of the extension: a larger one is a typing error, and one near 2^31 made every submission of the item fail (22008)';

-- service_info() is made again, over bundle_limits, by 30_service_limits.sql
-- (shared with the install)
DROP FUNCTION service_affair.service_info(text);
