-- Catalog (办事指南): items, their materials, bundles ("一件事") of items.
-- department lives in 05_org.sql.  Codes name a service: an item or a bundle,
-- never both.

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

CREATE TABLE service_affair.item (
    code            text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9_.-]{1,64}$'),
    name            text NOT NULL CHECK (name <> ''),
    department      text NOT NULL REFERENCES service_affair.department ON UPDATE CASCADE,
    kind            text NOT NULL CHECK (kind IN ('immediate', 'promised')),
    legal_limit     integer CHECK (legal_limit >= 0),
    promised_limit  integer CHECK (promised_limit >= 0),
    max_visits      integer NOT NULL DEFAULT 1 CHECK (max_visits >= 0),
    online          boolean NOT NULL DEFAULT false,
    extension_limit integer NOT NULL DEFAULT 10 CHECK (extension_limit >= 0),
    tolerance_days  integer NOT NULL DEFAULT 5 CHECK (tolerance_days >= 0),
    calendar        text NOT NULL DEFAULT 'cn' REFERENCES service_affair.calendar ON UPDATE CASCADE,
    CONSTRAINT item_promised_within_legal CHECK (promised_limit <= service_affair.item_legal_days(legal_limit)),
    CONSTRAINT item_immediate_no_promised_days CHECK (kind = 'promised' OR promised_limit IS NULL OR promised_limit = 0),
    CONSTRAINT item_limits_bounded CHECK (legal_limit <= 365 AND promised_limit <= 365 AND extension_limit <= 365
                                          AND tolerance_days <= 365)
);
COMMENT ON TABLE service_affair.item IS
  'Service items (事项) as published in the implementation list; limits in working days';
COMMENT ON COLUMN service_affair.item.code IS 'Item code; also a service code (never shared with a bundle)';
COMMENT ON COLUMN service_affair.item.name IS 'Published name of the item';
COMMENT ON COLUMN service_affair.item.department IS 'Department that decides the item';
COMMENT ON COLUMN service_affair.item.kind IS 'immediate (即办件, done on the spot) or promised (承诺件, done within promised_limit)';
COMMENT ON COLUMN service_affair.item.legal_limit IS 'Legal time limit (法定时限) in working days; an administrative licence whose law names none has 20 (行政许可法 Art 42, entered as 20). NULL: the item has no legal limit (not a licence, no law sets one): its cases run on a 20-working-day clock and stay out of 时限缩短比例';
COMMENT ON COLUMN service_affair.item.promised_limit IS 'Published promised limit (承诺时限) in working days, at most legal_limit; NULL or 0 for an immediate item';
COMMENT ON COLUMN service_affair.item.max_visits IS 'Published maximum number of in-person visits (0 or 1 under 最多跑一次)';
COMMENT ON COLUMN service_affair.item.online IS 'Whether the item can be applied for online (网上可办)';
COMMENT ON COLUMN service_affair.item.extension_limit IS 'Largest single extension (延期) in working days';
COMMENT ON COLUMN service_affair.item.tolerance_days IS 'Working days to supply tolerated (容缺) materials after acceptance';
COMMENT ON COLUMN service_affair.item.calendar IS 'Working-day calendar of the item''s limits';
COMMENT ON CONSTRAINT item_promised_within_legal ON service_affair.item IS 'The promised limit never exceeds the days of the item (item_legal_days(): legal_limit; NULL, no legal limit: the 20 working days of its clock)';
COMMENT ON CONSTRAINT item_limits_bounded ON service_affair.item IS
  'Limits, extensions and tolerance periods are at most 365 working days, as every other day count of the extension: a larger one is a typing error, and one near 2^31 made every submission of the item fail (22008)';
COMMENT ON CONSTRAINT item_immediate_no_promised_days ON service_affair.item IS 'An immediate item promises no days';
CREATE INDEX ON service_affair.item (department);
SELECT pg_catalog.pg_extension_config_dump('service_affair.item', '');

CREATE TABLE service_affair.material (
    item               text NOT NULL REFERENCES service_affair.item ON UPDATE CASCADE ON DELETE CASCADE,
    code               text NOT NULL CHECK (code ~ '^[A-Za-z0-9_.-]{1,64}$'),
    name               text NOT NULL CHECK (name <> ''),
    required           boolean NOT NULL DEFAULT true,
    tolerable          boolean NOT NULL DEFAULT false,
    evidence_type      text CHECK (evidence_type <> ''),
    commitment_allowed boolean NOT NULL DEFAULT false,
    applies_to         text NOT NULL DEFAULT 'any' CHECK (applies_to IN ('any', 'person', 'org')),
    PRIMARY KEY (item, code)
);
COMMENT ON TABLE service_affair.material IS
  'Application materials (申请材料) of an item; the same code in several items of a bundle is one material';
COMMENT ON COLUMN service_affair.material.item IS 'Item the material belongs to';
COMMENT ON COLUMN service_affair.material.code IS 'Material code, unique within the item; the same code across items means the same document';
COMMENT ON COLUMN service_affair.material.name IS 'Name shown in completeness results and notices';
COMMENT ON COLUMN service_affair.material.required IS 'Whether the item requires it (false: optional)';
COMMENT ON COLUMN service_affair.material.tolerable IS 'On the item''s tolerable list (容缺): its absence does not block acceptance for applicants with good credit';
COMMENT ON COLUMN service_affair.material.evidence_type IS 'Type of shared evidence (数据共享/电子证照) that satisfies it when on file and unexpired';
COMMENT ON COLUMN service_affair.material.commitment_allowed IS 'Whether a written commitment (告知承诺) may replace it';
COMMENT ON COLUMN service_affair.material.applies_to IS 'Applicant kind it applies to: any, person or org';
SELECT pg_catalog.pg_extension_config_dump('service_affair.material', '');

CREATE TABLE service_affair.bundle (
    code            text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9_.-]{1,64}$'),
    name            text NOT NULL CHECK (name <> ''),
    lead_department text NOT NULL REFERENCES service_affair.department ON UPDATE CASCADE,
    promised_limit  integer CHECK (promised_limit >= 0),
    CONSTRAINT bundle_promised_bounded CHECK (promised_limit <= 365)
);
COMMENT ON TABLE service_affair.bundle IS
  'Bundles ("一件事"): several items applied for with one set of materials';
COMMENT ON COLUMN service_affair.bundle.code IS 'Bundle code; also a service code (never shared with an item)';
COMMENT ON COLUMN service_affair.bundle.name IS 'Published name of the bundle';
COMMENT ON COLUMN service_affair.bundle.lead_department IS 'Department that leads the bundle; its region is the default case region';
COMMENT ON COLUMN service_affair.bundle.promised_limit IS 'Promised limit in working days (at most 365); NULL: the sum over stages of the largest member limit; a case is promised at most the legal limit of the bundle (bundle_limits)';
COMMENT ON CONSTRAINT bundle_promised_bounded ON service_affair.bundle IS 'A bundle promises at most 365 working days, as an item';
SELECT pg_catalog.pg_extension_config_dump('service_affair.bundle', '');

CREATE TABLE service_affair.bundle_item (
    bundle text NOT NULL REFERENCES service_affair.bundle ON UPDATE CASCADE ON DELETE CASCADE,
    item   text NOT NULL REFERENCES service_affair.item ON UPDATE CASCADE,
    stage  integer NOT NULL DEFAULT 1 CHECK (stage >= 1),
    PRIMARY KEY (bundle, item)
);
COMMENT ON TABLE service_affair.bundle_item IS
  'Items of a bundle; same stage: handled in parallel, stage k+1 starts when stage k is finished';
COMMENT ON COLUMN service_affair.bundle_item.bundle IS 'The bundle';
COMMENT ON COLUMN service_affair.bundle_item.item IS 'A member item';
COMMENT ON COLUMN service_affair.bundle_item.stage IS 'Stage number, from 1';
CREATE INDEX ON service_affair.bundle_item (item);
SELECT pg_catalog.pg_extension_config_dump('service_affair.bundle_item', '');

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

-- Item and bundle codes share one namespace.  Every edit of item and
-- bundle takes the due lock exclusively before its first row
-- (catalog_due_lock(), 75_catalog_ledger.sql), so two sessions creating an
-- item and a bundle with one code cannot both succeed in READ COMMITTED:
-- the second waits for the first's commit and this check, a statement of
-- its own, sees the first's row (23505).  Until 2026-12-06 both triggers
-- also took a transaction-level advisory lock on the code, which any login
-- could hold, and so stall the creation of that code for as long as its
-- transaction lasted (the class of 0.1.0's defect 10; a review); no role
-- but the extension's functions can lock due_clock (50_routing.sql).
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


-- ---------------------------------------------------------------------------
-- Grants (applied by create_roles(), 90_access.sql): the catalog
INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    ('admin', 'SELECT', 'service_affair.item'),
    ('admin', 'INSERT', 'service_affair.item'),
    ('admin', 'UPDATE', 'service_affair.item'),
    ('admin', 'DELETE', 'service_affair.item'),
    ('admin', 'SELECT', 'service_affair.material'),
    ('admin', 'INSERT', 'service_affair.material'),
    ('admin', 'UPDATE', 'service_affair.material'),
    ('admin', 'DELETE', 'service_affair.material'),
    ('admin', 'SELECT', 'service_affair.bundle'),
    ('admin', 'INSERT', 'service_affair.bundle'),
    ('admin', 'UPDATE', 'service_affair.bundle'),
    ('admin', 'DELETE', 'service_affair.bundle'),
    ('admin', 'SELECT', 'service_affair.bundle_item'),
    ('admin', 'INSERT', 'service_affair.bundle_item'),
    ('admin', 'UPDATE', 'service_affair.bundle_item'),
    ('admin', 'DELETE', 'service_affair.bundle_item'),
    ('clerk', 'SELECT', 'service_affair.item'),
    ('clerk', 'SELECT', 'service_affair.material'),
    ('clerk', 'SELECT', 'service_affair.bundle'),
    ('clerk', 'SELECT', 'service_affair.bundle_item'),
    ('reviewer', 'SELECT', 'service_affair.item'),
    ('reviewer', 'SELECT', 'service_affair.material'),
    ('reviewer', 'SELECT', 'service_affair.bundle'),
    ('reviewer', 'SELECT', 'service_affair.bundle_item'),
    ('analyst', 'SELECT', 'service_affair.item'),
    ('analyst', 'SELECT', 'service_affair.material'),
    ('analyst', 'SELECT', 'service_affair.bundle'),
    ('analyst', 'SELECT', 'service_affair.bundle_item')
ON CONFLICT DO NOTHING;
