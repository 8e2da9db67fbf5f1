-- The service network (issue 13, doc/tongban.md): service points from the
-- county centre down to village points, bank branches and kiosks; the
-- clerks posted to them; agents (代办员) acting for applicants; the item
-- columns of 通办 (a basic code shared by every region's implementation, the
-- scope and the point levels that may accept it, the rule that finds the
-- competent region); the visit rule (src/core/network.c).
-- Wholly new: the upgrade part of the same name is a link to this file.
-- The columns it adds to item and applicant are added here with ALTER TABLE,
-- so that a fresh install and an update give the same column order.
--
-- CHANGE OF RULE from 0.1 (noted for the update, doc/tongban.md): 0.1 counted a
-- kiosk as 0 visits wherever it stood.  0.2 counts a kiosk whose parent is a
-- staffed point (county, town, village, bank) as a visit; a free-standing
-- kiosk, online, mobile, door-to-door and an agent's trips count 0.  The
-- visits of existing cases are kept as counted (0.1 cases name no point, and
-- a kiosk with no point still counts 0).

CREATE TABLE service_affair.service_point (
    code         text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9_.-]{1,64}$'),
    name         text NOT NULL CONSTRAINT service_point_name_check CHECK (NOT service_affair.is_blank(name)),
    level        text NOT NULL CHECK (level IN ('county', 'town', 'village', 'bank', 'kiosk', 'mobile')),
    region       text NOT NULL CHECK (region ~ '^[0-9]{6}$'),
    town_code    text CHECK (town_code ~ '^[0-9]{9}([0-9]{3})?$'),
    parent       text REFERENCES service_affair.service_point ON UPDATE CASCADE DEFERRABLE,
    calendar     text NOT NULL DEFAULT 'cn' REFERENCES service_affair.calendar ON UPDATE CASCADE,
    forward_days integer NOT NULL DEFAULT 2 CHECK (forward_days BETWEEN 0 AND 60),
    CONSTRAINT service_point_not_own_parent CHECK (parent <> code),
    CONSTRAINT service_point_town_in_region CHECK (town_code IS NULL OR pg_catalog.left(town_code, 6) = region)
);
COMMENT ON TABLE service_affair.service_point IS
  'Service points (服务网点): county centre, town centres (便民服务中心), village points (代办点), bank branches, kiosks (自助机) and mobile units';
COMMENT ON COLUMN service_affair.service_point.code IS 'Point code';
COMMENT ON COLUMN service_affair.service_point.name IS 'Name of the point';
COMMENT ON COLUMN service_affair.service_point.level IS 'county, town, village, bank, kiosk or mobile; a kiosk counts as a visit when its parent is a staffed point';
COMMENT ON COLUMN service_affair.service_point.region IS 'GB/T 2260 county-level code (6 digits) of the point';
COMMENT ON COLUMN service_affair.service_point.town_code IS 'Town (9 digits) or village (12 digits) statistical division code within the region; NULL for a county-level point';
COMMENT ON COLUMN service_affair.service_point.parent IS 'The point it belongs to: a town centre for a village point, the centre a kiosk stands in';
COMMENT ON COLUMN service_affair.service_point.calendar IS 'Opening calendar (working days) of the point; forwarding and delivery-back legs count in it';
COMMENT ON COLUMN service_affair.service_point.forward_days IS 'Working days within which originals received here reach the handling office, and a result comes back (代收代办)';
COMMENT ON CONSTRAINT service_point_not_own_parent ON service_affair.service_point IS 'A point is not its own parent';
COMMENT ON CONSTRAINT service_point_town_in_region ON service_affair.service_point IS 'A town or village code lies within the point''s region';
CREATE INDEX service_point_parent_idx ON service_affair.service_point (parent);
SELECT pg_catalog.pg_extension_config_dump('service_affair.service_point', '');

-- Clerks posted to points: a clerk with rows here acts at those points only;
-- a clerk without acts at every point of its departments' regions.
CREATE TABLE service_affair.staff_point (
    login name NOT NULL,
    point text NOT NULL REFERENCES service_affair.service_point ON UPDATE CASCADE ON DELETE CASCADE,
    PRIMARY KEY (login, point),
    CONSTRAINT staff_point_login_person CHECK (NOT service_affair.is_group_role(login))
);
COMMENT ON TABLE service_affair.staff_point IS
  'Which service points a clerk login is posted to; a clerk posted nowhere acts at every point of its regions';
COMMENT ON COLUMN service_affair.staff_point.login IS 'Login role name (a member of service_affair_clerk)';
COMMENT ON COLUMN service_affair.staff_point.point IS 'Point the login works at';
COMMENT ON CONSTRAINT staff_point_login_person ON service_affair.staff_point IS
  'A post is a person''s: not one of the extension''s group roles, which every member may SET ROLE to (is_group_role())';
SELECT pg_catalog.pg_extension_config_dump('service_affair.staff_point', '');

-- Agents (代办员, bank staff, volunteers, staff serving proactively, 上门服务):
-- people with their own identity who act for applicants; their trips are
-- not the applicant's visits.
CREATE TABLE service_affair.agent (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    resident_id service_affair.resident_id NOT NULL UNIQUE,
    name        text NOT NULL CONSTRAINT agent_name_check CHECK (NOT service_affair.is_blank(name)),
    kind        text NOT NULL CHECK (kind IN ('proxy', 'bank', 'volunteer', 'staff', 'door')),
    region      text NOT NULL CHECK (region ~ '^[0-9]{6}$'),
    point       text REFERENCES service_affair.service_point ON UPDATE CASCADE,
    active      boolean NOT NULL DEFAULT true
);
COMMENT ON TABLE service_affair.agent IS
  'Agents acting for applicants (代办): proxy (代办员), bank, volunteer, staff (主动服务) or door (上门服务); scoped to a region and optionally a point';
COMMENT ON COLUMN service_affair.agent.id IS 'Agent id (cases.agent)';
COMMENT ON COLUMN service_affair.agent.resident_id IS 'Resident id of the agent: the identity submit(agent => ...) names';
COMMENT ON COLUMN service_affair.agent.name IS 'Name of the agent';
COMMENT ON COLUMN service_affair.agent.kind IS 'proxy, bank, volunteer, staff or door';
COMMENT ON COLUMN service_affair.agent.region IS 'Region (GB/T 2260) the agent acts in: cases it brings are received there';
COMMENT ON COLUMN service_affair.agent.point IS 'Point the agent works from; when set, it acts at that point and the points under it only';
COMMENT ON COLUMN service_affair.agent.active IS 'False once the agent no longer acts';
SELECT pg_catalog.pg_extension_config_dump('service_affair.agent', '');
SELECT pg_catalog.pg_extension_config_dump('service_affair.agent_id_seq', '');

-- ---- 通办 on the item ---------------------------------------------------------------
ALTER TABLE service_affair.item
    ADD COLUMN basic_code text CHECK (basic_code ~ '^[A-Za-z0-9_.-]{1,64}$'),
    ADD COLUMN tongban_scope text NOT NULL DEFAULT 'none'
        CHECK (tongban_scope IN ('none', 'county', 'city', 'province', 'national')),
    ADD COLUMN accepting_levels text[] NOT NULL DEFAULT '{county,town,village,bank,kiosk,mobile}'
        CHECK (accepting_levels <@ '{county,town,village,bank,kiosk,mobile}'::text[]
               AND pg_catalog.array_position(accepting_levels, NULL) IS NULL),
    ADD COLUMN competence text NOT NULL DEFAULT 'receiving'
        CHECK (competence IN ('receiving', 'residence', 'property', 'company'));
COMMENT ON COLUMN service_affair.item.basic_code IS
  'Basic code (基本编码) shared by the implementations of one item in every region; NULL: the item is implemented by itself only';
COMMENT ON COLUMN service_affair.item.tongban_scope IS
  '通办 scope: how far the receiving point may lie from the competent region: none (no 通办: only points of the competent region), county (全县通办: the same points, a region being a county), city (全市通办: same first 4 digits), province (same first 2), national (跨省通办); which points of the region take it is accepting_levels'' to say ({county}: the county centre only)';
COMMENT ON COLUMN service_affair.item.accepting_levels IS 'Point levels that may accept the item (default every level)';
COMMENT ON COLUMN service_affair.item.competence IS
  'Rule for the competent region: receiving (the receiving point''s), residence (the applicant''s registered residence), property (the property''s location), company (the company''s registered address)';
CREATE INDEX item_basic_code_idx ON service_affair.item (basic_code) WHERE basic_code IS NOT NULL;

CREATE TABLE service_affair.item_implementation (
    basic_code text NOT NULL CHECK (basic_code ~ '^[A-Za-z0-9_.-]{1,64}$'),
    region     text NOT NULL CHECK (region ~ '^[0-9]{6}$'),
    item       text NOT NULL REFERENCES service_affair.item ON UPDATE CASCADE ON DELETE CASCADE,
    PRIMARY KEY (basic_code, region)
);
COMMENT ON TABLE service_affair.item_implementation IS
  'Which item (thus department and limits) implements a basic code (基本编码) in a region';
COMMENT ON COLUMN service_affair.item_implementation.basic_code IS 'The basic code';
COMMENT ON COLUMN service_affair.item_implementation.region IS 'GB/T 2260 region (6 digits)';
COMMENT ON COLUMN service_affair.item_implementation.item IS 'The implementing item of that region';
CREATE INDEX item_implementation_item_idx ON service_affair.item_implementation (item);
SELECT pg_catalog.pg_extension_config_dump('service_affair.item_implementation', '');

-- The rule of a row of item_implementation, in one place: the item it names
-- implements the row's basic code in the row's region, that is, the item
-- has that basic code and its department lies in that region, as a
-- submission asks (resolve_competence(), 42_tongban.sql).  NULL when it does
-- (or when no item has that code: the callers' 23503); else the detail of
-- the refusal, naming the values (printable()).  Asked by every path that
-- writes the row or what it rests on: propose_catalog_change() (22023) and
-- the publication of a change (55000, 33_guides.sql), a direct INSERT or
-- UPDATE of the row (item_implementation_check, 22023), an UPDATE of the
-- item's basic code or department (item_implementation_item, 55000) and of
-- a department's region (item_implementation_region, 55000).  Until
-- 2026-12-07 only the proposal and the publication asked: an
-- administrator's direct write of a row naming another code's item or
-- another region's department, or a later move of the item, was taken, and
-- every case of the code in the region was then refused at submission,
-- 23503 "no competent office" (a review; catalog_implementation_check.sql)
CREATE FUNCTION service_affair.implementation_mismatch(basic_code text, region text, item text) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
SELECT pg_catalog.format('Item %s has basic code %s and lies in region %s; a row of item_implementation names it for basic code %s in region %s.',
                         pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(x.code, 64))),
                         COALESCE(service_affair.printable(pg_catalog.left(x.basic_code, 64)), 'none'),
                         COALESCE(service_affair.printable(pg_catalog.left(d.region, 64)), 'none'),
                         COALESCE(service_affair.printable(pg_catalog.left($1, 64)), 'NULL'),
                         COALESCE(service_affair.printable(pg_catalog.left($2, 64)), 'NULL'))
  FROM service_affair.item x
  LEFT JOIN service_affair.department d ON d.code = x.department
 WHERE x.code = $3
   AND (x.basic_code IS DISTINCT FROM $1 OR d.region IS DISTINCT FROM $2)
$$;
COMMENT ON FUNCTION service_affair.implementation_mismatch(text, text, text) IS
  'Internal: NULL when item implements basic_code in region (its basic code is basic_code, its department lies in region) or no item has that code; else why not, naming the values (printable()): the one rule of a row of item_implementation, asked by its proposal, its publication, its direct writes and the writes of the item and department it rests on';
REVOKE EXECUTE ON FUNCTION service_affair.implementation_mismatch(text, text, text) FROM PUBLIC;

CREATE FUNCTION service_affair.implementation_check() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_why  text;
    v_dept text;
BEGIN
    IF TG_RELID IS DISTINCT FROM 'service_affair.item_implementation'::pg_catalog.regclass OR TG_WHEN <> 'BEFORE'
       OR TG_LEVEL <> 'ROW' OR TG_OP NOT IN ('INSERT', 'UPDATE') THEN
        RAISE EXCEPTION 'implementation_check() is not a trigger of this table'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'It checks the rows of service_affair.item_implementation only.';
    END IF;
    -- The item and its department are locked (FOR SHARE) before the rule
    -- is asked, the department first: an UPDATE of the item's basic code or
    -- department, or of the department's region, waits for this row's
    -- transaction, and its trigger (implementation_kept()) then sees the
    -- row; a write of this row after such an UPDATE waits for it and asks
    -- the rule of the item as committed.  Until 2026-12-07 the item was
    -- read unlocked (the foreign key's FOR KEY SHARE lets both UPDATEs
    -- through): a row written while the item moved passed both checks and
    -- both committed, the row naming an item of another region (a review;
    -- isolation spec item_implementation_race).  Department first: a
    -- department renamed (its items updated by the cascade) and this row
    -- then wait in one order, with no deadlock.
    LOOP
        v_dept := (SELECT x.department FROM service_affair.item x WHERE x.code = NEW.item);
        EXIT WHEN v_dept IS NULL;
        PERFORM FROM service_affair.department d WHERE d.code = v_dept FOR SHARE;
        PERFORM FROM service_affair.item x WHERE x.code = NEW.item FOR SHARE;
        -- moved (or its department renamed) while we waited: lock the new one
        EXIT WHEN (SELECT x.department FROM service_affair.item x WHERE x.code = NEW.item) IS NOT DISTINCT FROM v_dept;
    END LOOP;
    -- 23503 before the foreign key's, whose detail echoes the value whole
    IF NOT EXISTS (SELECT FROM service_affair.item x WHERE x.code = NEW.item) THEN
        RAISE EXCEPTION 'unknown item'
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No item has code %s; a row of item_implementation names it for basic code %s in region %s.',
                                             COALESCE(pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(NEW.item, 64))), 'NULL'),
                                             COALESCE(service_affair.printable(pg_catalog.left(NEW.basic_code, 64)), 'NULL'),
                                             COALESCE(service_affair.printable(pg_catalog.left(NEW.region, 64)), 'NULL'));
    END IF;
    v_why := service_affair.implementation_mismatch(NEW.basic_code, NEW.region, NEW.item);
    IF v_why IS NOT NULL THEN
        RAISE EXCEPTION 'item does not implement the basic code in the region'
            USING ERRCODE = 'invalid_parameter_value', DETAIL = v_why;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION service_affair.implementation_check() IS
  'Trigger (SECURITY DEFINER, to read the items of every department): a row of item_implementation written (directly, or proposed and published) names an item that implements its basic code in its region (implementation_mismatch(): 22023 otherwise; 23503 for an unknown item, before the foreign key); refuses to run on any other table (42501)';
REVOKE EXECUTE ON FUNCTION service_affair.implementation_check() FROM PUBLIC;
-- Not when a restore writes the rows (restoring(), 05_org.sql): they come
-- back as dumped, as the other catalog triggers let them.  A database
-- holds rows the rule refuses (written before 2026-12-07, or with the
-- trigger off): until 2026-12-07 (a second read) the restore of its dump
-- failed on the first, and the COPY of the table, every row of it, was
-- lost (catalog_implementation_check.sql).
CREATE TRIGGER item_implementation_check BEFORE INSERT OR UPDATE ON service_affair.item_implementation
    FOR EACH ROW WHEN (NOT service_affair.restoring()) EXECUTE FUNCTION service_affair.implementation_check();
COMMENT ON TRIGGER item_implementation_check ON service_affair.item_implementation IS
  'A row names an item of its basic code whose department lies in its region (22023), an existing one (23503); not in a restore (restoring())';

-- The other side of the rule: an item named by rows of item_implementation
-- keeps their basic code and a department of their region, and a
-- department keeps the region of the rows naming its items.  Refused
-- (55000), not re-checked later: the rows are moved or deleted first (a
-- later check found them only at submission, every case of the code in the
-- region refused).  A department renamed (its items follow, ON UPDATE
-- CASCADE) keeps its region and passes.
CREATE FUNCTION service_affair.implementation_kept() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_why  text;
    v_rows text;
BEGIN
    IF TG_RELID NOT IN ('service_affair.item'::pg_catalog.regclass, 'service_affair.department'::pg_catalog.regclass)
       OR TG_WHEN <> 'AFTER' OR TG_LEVEL <> 'ROW' OR TG_OP <> 'UPDATE' THEN
        RAISE EXCEPTION 'implementation_kept() is not a trigger of this table'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'It runs after an UPDATE of rows of service_affair.item and department only.';
    END IF;
    -- an item moved locks its new department (FOR SHARE): an UPDATE of
    -- that department's region waits for this transaction and its own
    -- check then sees the item there (until 2026-12-07 both passed and
    -- committed; isolation spec item_implementation_race)
    IF TG_RELID = 'service_affair.item'::pg_catalog.regclass THEN
        PERFORM FROM service_affair.department d WHERE d.code = NEW.department FOR SHARE;
    END IF;
    -- the rows naming the item (or the department's items); an item's
    -- code is kept (catalog_code_kept(), 75_catalog_ledger.sql)
    SELECT pg_catalog.min(service_affair.implementation_mismatch(m.basic_code, m.region, x.code)),
           pg_catalog.string_agg(pg_catalog.format('%s in %s', service_affair.printable(pg_catalog.left(m.basic_code, 64)), m.region),
                                 ', ' ORDER BY m.basic_code, m.region)
      INTO v_why, v_rows
      FROM service_affair.item x
      JOIN service_affair.item_implementation m ON m.item = x.code
     WHERE CASE WHEN TG_RELID = 'service_affair.item'::pg_catalog.regclass THEN x.code = NEW.code
                ELSE x.department = NEW.code END
       AND service_affair.implementation_mismatch(m.basic_code, m.region, x.code) IS NOT NULL;
    IF v_why IS NOT NULL THEN
        RAISE EXCEPTION '% % % rows of item_implementation name', CASE TG_TABLE_NAME WHEN 'item' THEN 'item' ELSE 'department' END,
                        pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(NEW.code, 64))),
                        CASE TG_TABLE_NAME WHEN 'item' THEN 'is an item' ELSE 'has items' END
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.left(pg_catalog.format('%s Rows of item_implementation (basic code in region): %s.', v_why, v_rows), 2000),
                  HINT = 'Move those rows of item_implementation to another item, or delete them, first.';
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION service_affair.implementation_kept() IS
  'Trigger (SECURITY DEFINER, to read the rows of item_implementation whoever writes the item): after an UPDATE of an item (its basic code or department) or a department (its region), every row of item_implementation naming the item (the department''s items) still names one that implements its basic code in its region (implementation_mismatch(); 55000 otherwise, the detail naming the rows); refuses to run on any other table (42501)';
REVOKE EXECUTE ON FUNCTION service_affair.implementation_kept() FROM PUBLIC;
CREATE TRIGGER item_implementation_item AFTER UPDATE OF basic_code, department ON service_affair.item
    FOR EACH ROW EXECUTE FUNCTION service_affair.implementation_kept();
COMMENT ON TRIGGER item_implementation_item ON service_affair.item IS
  'An item named by rows of item_implementation keeps their basic code and a department of their region (55000)';
CREATE TRIGGER item_implementation_region AFTER UPDATE OF region ON service_affair.department
    FOR EACH ROW EXECUTE FUNCTION service_affair.implementation_kept();
COMMENT ON TRIGGER item_implementation_region ON service_affair.department IS
  'A department whose items rows of item_implementation name keeps their region (55000)';

-- The published item list, here rather than in 33_guides.sql: it publishes
-- the 通办 columns added above.
CREATE VIEW service_affair.public_item_list WITH (security_barrier = true) AS
SELECT i.code, i.name, i.department, d.name AS department_name, i.item_type, i.legal_limit, i.promised_limit,
       i.max_visits, i.online_depth, i.fee, i.status,
       i.kind, i.mobile, i.delegated_to, i.legal_basis, i.conditions, i.process, i.place_hours, i.contact,
       i.effective_from, i.published_at,
       -- what submit() enforces, published (until 2026-12-07 the public
       -- read neither the points nor the regions an item is taken at, and
       -- an item with no promised_limit showed NULL where its cases are
       -- promised its legal days, or 20; a review)
       service_affair.item_promised_days(i.kind, i.promised_limit, i.legal_limit) AS promised_days,
       i.basic_code, i.tongban_scope, i.accepting_levels, i.competence
  FROM service_affair.item i JOIN service_affair.department d ON d.code = i.department;
COMMENT ON VIEW service_affair.public_item_list IS
  'The published item list (事项清单) with the guide text of each item (办事指南), for the public';
COMMENT ON COLUMN service_affair.public_item_list.code IS 'Item code';
COMMENT ON COLUMN service_affair.public_item_list.name IS 'Item name';
COMMENT ON COLUMN service_affair.public_item_list.department IS 'Department code';
COMMENT ON COLUMN service_affair.public_item_list.department_name IS 'Department name';
COMMENT ON COLUMN service_affair.public_item_list.item_type IS 'licence, confirmation, payment, ruling, reward, public_service or other';
COMMENT ON COLUMN service_affair.public_item_list.legal_limit IS 'Legal time limit in working days (NULL: none set by law)';
COMMENT ON COLUMN service_affair.public_item_list.promised_limit IS 'Promised time limit in working days as set (NULL: none set, the case is promised its legal days: promised_days)';
COMMENT ON COLUMN service_affair.public_item_list.max_visits IS 'Most in-person visits (最多跑一次: 1, 跑零次: 0)';
COMMENT ON COLUMN service_affair.public_item_list.online_depth IS 'none, apply (网上可办) or full (全程网办)';
COMMENT ON COLUMN service_affair.public_item_list.fee IS 'Fee';
COMMENT ON COLUMN service_affair.public_item_list.status IS 'active, cancelled or delegated';
COMMENT ON COLUMN service_affair.public_item_list.kind IS 'immediate (即办件) or promised (承诺件)';
COMMENT ON COLUMN service_affair.public_item_list.mobile IS 'Can be applied for on the mobile app (掌上办)';
COMMENT ON COLUMN service_affair.public_item_list.delegated_to IS 'Item to apply for instead, when delegated';
COMMENT ON COLUMN service_affair.public_item_list.legal_basis IS 'Legal basis';
COMMENT ON COLUMN service_affair.public_item_list.conditions IS 'Acceptance conditions';
COMMENT ON COLUMN service_affair.public_item_list.process IS 'Process';
COMMENT ON COLUMN service_affair.public_item_list.place_hours IS 'Place and hours';
COMMENT ON COLUMN service_affair.public_item_list.contact IS 'Consultation and complaint contacts';
COMMENT ON COLUMN service_affair.public_item_list.effective_from IS 'Day the version in force took effect';
COMMENT ON COLUMN service_affair.public_item_list.published_at IS 'When it was published';
COMMENT ON COLUMN service_affair.public_item_list.promised_days IS 'Working days a case of the item is promised (承诺时限) as submit() counts them: 0 for an immediate item, else promised_limit, else legal_limit, else 20 (item_promised_days())';
COMMENT ON COLUMN service_affair.public_item_list.basic_code IS 'Basic code (基本编码) shared by the implementations of the item in every region (NULL: none)';
COMMENT ON COLUMN service_affair.public_item_list.tongban_scope IS '通办 scope: where a point may take the item for a competent region: none and county (the same county), city (the same city), province, national (跨省通办)';
COMMENT ON COLUMN service_affair.public_item_list.accepting_levels IS 'Levels of service point that take the item (county, town, village, bank, kiosk, mobile; empty: no point takes it)';
COMMENT ON COLUMN service_affair.public_item_list.competence IS 'Whose region decides the item: receiving (the receiving point''s), residence (the applicant''s registered residence), property (the property''s location), company (the company''s registered address)';


-- ---- the applicant's registered region -----------------------------------------------
ALTER TABLE service_affair.applicant ADD COLUMN region text CHECK (region ~ '^[0-9]{6}$');
COMMENT ON COLUMN service_affair.applicant.region IS
  'Registered residence (person) or registered address (org), GB/T 2260; defaults to the region code of the resident id or USCC';
-- existing applicants (the update): the region their identifier carries
-- (resident_id_region(), uscc_region(): the region code an identifier
-- carries is read in C, src/identifiers.c; until 2026-12-05 this part
-- spelled the positions again)
UPDATE service_affair.applicant a
   SET region = CASE WHEN a.kind = 'person' THEN service_affair.resident_id_region(a.resident_id)
                     ELSE service_affair.uscc_region(a.uscc) END
 WHERE a.region IS NULL;

CREATE FUNCTION service_affair.applicant_region_default() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_RELID IS DISTINCT FROM 'service_affair.applicant'::pg_catalog.regclass OR TG_WHEN <> 'BEFORE'
       OR TG_LEVEL <> 'ROW' OR TG_OP NOT IN ('INSERT', 'UPDATE') THEN
        RAISE EXCEPTION 'applicant_region_default() is not a trigger of this table'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'It fills service_affair.applicant.region only.';
    END IF;
    IF NEW.region IS NULL THEN
        NEW.region := CASE WHEN NEW.kind = 'person' THEN service_affair.resident_id_region(NEW.resident_id)
                           ELSE service_affair.uscc_region(NEW.uscc) END;
        -- a USCC's positions 3-8 may hold letters (GB 32100): no region then
        -- (until 2026-12-03 the valid code was refused with 23514)
        IF NEW.region !~ '^[0-9]{6}$' THEN
            NEW.region := NULL;
        END IF;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION service_affair.applicant_region_default() IS
  'Trigger: an applicant without a region gets the region code of its resident id (positions 1-6) or USCC (positions 3-8) when those are six digits; refuses to run on any other table (42501)';
REVOKE EXECUTE ON FUNCTION service_affair.applicant_region_default() FROM PUBLIC;
CREATE TRIGGER applicant_region BEFORE INSERT OR UPDATE OF region ON service_affair.applicant
    FOR EACH ROW EXECUTE FUNCTION service_affair.applicant_region_default();
COMMENT ON TRIGGER applicant_region ON service_affair.applicant IS 'An applicant''s region defaults to its identifier''s';

-- ---- the visit rule (src/core/network.c) ---------------------------------------------
CREATE FUNCTION service_affair.visit_kind(channel text, level text, parent_level text, agent boolean) RETURNS text
    AS 'MODULE_PATHNAME', 'sa_visit_kind'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.visit_kind(text, text, text, boolean) IS
  'The visit rule (src/core/network.c): none, centre (a visit at a county centre) or nearby (a visit at a town, village or bank point: 就近办) for a contact by channel (window, kiosk, online, mobile, door, mail, electronic) at a point of this level (NULL: none named) whose parent has parent_level; an agent''s contact is none; 22023 for an unknown channel or level';

-- The one function every place that counts visits asks (submit, supplement,
-- record_visit, deliver): 1 when the contact is an in-person visit of the
-- applicant, else 0.
CREATE FUNCTION service_affair.visit_count(channel text, point text, agent boolean DEFAULT false) RETURNS integer
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    lv text;
    pl text;
BEGIN
    IF point IS NOT NULL THEN
        SELECT p.level, q.level INTO lv, pl
          FROM service_affair.service_point p LEFT JOIN service_affair.service_point q ON q.code = p.parent
         WHERE p.code = visit_count.point;
    END IF;
    RETURN CASE WHEN service_affair.visit_kind(channel, lv, pl, agent) = 'none' THEN 0 ELSE 1 END;
END
$$;
COMMENT ON FUNCTION service_affair.visit_count(text, text, boolean) IS
  'Visits a contact adds to cases.visits: 1 when visit_kind() of the channel at the point (and its parent) is centre or nearby, else 0 (online, mobile, door, mail, electronic, a free-standing kiosk, an agent''s trip)';
REVOKE EXECUTE ON FUNCTION service_affair.visit_kind(text, text, text, boolean) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION service_affair.visit_count(text, text, boolean) FROM PUBLIC;

-- Internal: the point where the staff meet the applicant for a later contact
-- with a case received at point (a recorded visit, a supplement, a window
-- delivery, the visits a late supplement or conclusion moves): the point itself, except a free-standing
-- kiosk (no staffed parent: no centre, bank branch or mobile unit around it), where nobody works and to which no leg brings
-- the result (originals_forwarded(), 42_tongban.sql): such a contact is at
-- an office's window, NULL to visit_count() as for a case received at no
-- point (a visit at the centre).  Until 2026-12-07 record_visit() and
-- deliver(..., 'window') counted it at the kiosk, as no visit: a case applied
-- for at a kiosk in a shopping mall and collected at the counter counted
-- 跑零次 (a review; test/pgtap/tongban_kiosk_contacts.sql).
CREATE FUNCTION service_affair.contact_point(point text) RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF point IS NOT NULL AND EXISTS (
           SELECT FROM service_affair.service_point p LEFT JOIN service_affair.service_point q ON q.code = p.parent
            WHERE p.code = contact_point.point AND p.level = 'kiosk'
              AND q.level IS DISTINCT FROM 'county' AND q.level IS DISTINCT FROM 'town'
              AND q.level IS DISTINCT FROM 'village' AND q.level IS DISTINCT FROM 'bank'
              -- a kiosk on a mobile unit: its staff are there (counted as before)
              AND q.level IS DISTINCT FROM 'mobile') THEN
        RETURN NULL;
    END IF;
    RETURN point;
END
$$;
COMMENT ON FUNCTION service_affair.contact_point(text) IS
  'Internal: the point visit_count() counts a later contact with a case received at point at (record_visit(), supplement(), a window delivery, the visits a completing supplement or a late conclusion moves): the point, except NULL (an office''s window, a visit at the centre) for a free-standing kiosk, where nobody works';
REVOKE EXECUTE ON FUNCTION service_affair.contact_point(text) FROM PUBLIC;

-- ---- clerks at points: the decision of src/core/access.c ------------------------------
CREATE FUNCTION service_affair.point_decision(admin boolean, region_clerk boolean, posts text[], point text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'sa_point_decision'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.point_decision(boolean, boolean, text[], text) IS
  'Internal: acc_may_act_at() (src/core/access.c): an administrator acts at every point, a clerk posted to points at those only, a clerk posted nowhere at the points of its regions';
REVOKE EXECUTE ON FUNCTION service_affair.point_decision(boolean, boolean, text[], text) FROM PUBLIC;

CREATE FUNCTION service_affair.my_points() RETURNS text[]
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT service_affair.acts_as('clerk') THEN
        RETURN '{}';
    END IF;
    RETURN (SELECT COALESCE(pg_catalog.array_agg(s.point ORDER BY s.point), '{}')
              FROM service_affair.staff_point s WHERE s.login = service_affair.actor());
END
$$;
COMMENT ON FUNCTION service_affair.my_points() IS
  'Points the calling clerk is posted to (staff_point), or an empty array (posted nowhere, or not a clerk); executable by PUBLIC: the policy cases_clerk_tongban asks it for every reader of cases';

CREATE FUNCTION service_affair.may_act_at(point text) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN service_affair.point_decision(
        service_affair.may_act(NULL, NULL),
        (SELECT p.region FROM service_affair.service_point p WHERE p.code = may_act_at.point)
            OPERATOR(pg_catalog.=) ANY (service_affair.my_regions('clerk'))
        OR (point IS NULL AND pg_catalog.cardinality(service_affair.my_regions('clerk')) > 0),
        service_affair.my_points(), point);
END
$$;
COMMENT ON FUNCTION service_affair.may_act_at(text) IS
  'Whether the caller may receive cases at the point: an administrator; a clerk posted there; a clerk posted nowhere working for a department of the point''s region (NULL point: an administrator, or a clerk posted nowhere with a region)';
REVOKE EXECUTE ON FUNCTION service_affair.may_act_at(text) FROM PUBLIC;

-- The receiving point's business with a case (通办): its staff take a
-- supplement, a withdrawal or a visit at the window, verify the identity of
-- whoever comes back and hand the result over, until the result is
-- delivered, the case withdrawn, revoked or settled.  One decision
-- (acc_point_business(), src/core/access.c) for the read of the applicant
-- (require_case_worker(), 41_identity.sql) and for the steps at the window
-- (require_case_step(), 42_tongban.sql): until 2026-12-05 the read was a few
-- SQL lines of require_case_worker() and the steps admitted the region's
-- clerks only, so that a clerk posted to the point read the applicant and
-- could not hand over the result it had recorded as arrived (a review).
CREATE FUNCTION service_affair.point_business(received_at_point boolean, settled boolean, delivered boolean, status text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'sa_point_business'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.point_business(boolean, boolean, boolean, text) IS
  'Internal: acc_point_business() (src/core/access.c): whether the receiving point still has business with a case: received at a point, neither settled nor delivered, returned, accepted or concluded (a NULL fact admits nothing)';
REVOKE EXECUTE ON FUNCTION service_affair.point_business(boolean, boolean, boolean, text) FROM PUBLIC;

CREATE FUNCTION service_affair.point_clerk_serves(receiving_point text, settled boolean, delivered_at timestamptz, status text)
    RETURNS boolean
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- the case's facts first: may_act_at() reads the caller's posts
    RETURN service_affair.point_business(receiving_point IS NOT NULL, settled, delivered_at IS NOT NULL, status)
       AND COALESCE(service_affair.may_act_at(receiving_point), false);
END
$$;
COMMENT ON FUNCTION service_affair.point_clerk_serves(text, boolean, timestamptz, text) IS
  'Internal: whether the caller is of the staff of a case''s receiving point (may_act_at(): a clerk posted there, a clerk of its region posted nowhere, an administrator) while that point still has business with the case (point_business()); the one rule of the point''s clerk, for its applicant (require_case_worker()) and its steps at the window (require_case_step())';
REVOKE EXECUTE ON FUNCTION service_affair.point_clerk_serves(text, boolean, timestamptz, text) FROM PUBLIC;

-- The caller's own office: a clerk posted nowhere whose departments all lie
-- in one region receives there a case naming neither point nor region
-- (resolve_competence(), 42_tongban.sql); anybody else has no one office.
CREATE FUNCTION service_affair.home_region_decision(admin boolean, regions text[], posts text[]) RETURNS text
    AS 'MODULE_PATHNAME', 'sa_home_region_decision'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.home_region_decision(boolean, text[], text[]) IS
  'Internal: acc_home_region() (src/core/access.c): the one region of a clerk posted nowhere (no posts) whose departments (regions: one entry each, NULL for a department without a region) all lie there; NULL for an administrator, a posted clerk, a clerk of several regions, of a department without a region, or of none';
REVOKE EXECUTE ON FUNCTION service_affair.home_region_decision(boolean, text[], text[]) FROM PUBLIC;

CREATE FUNCTION service_affair.my_home_region() RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- an administrator's (and the superuser's: submit()'s usual caller in
    -- bulk loads and the demo) is decided without reading its regions and
    -- posts, which the rule does not look at: 13 µs a call saved on every
    -- submission named by neither point nor region
    IF service_affair.may_act(NULL, NULL) THEN
        RETURN service_affair.home_region_decision(true, '{}', '{}');
    END IF;
    -- the region of each department, NULL for one without a region (not
    -- my_regions(), which leaves those out: until 2026-12-05 a clerk of one
    -- region's department and of a department without a region had that
    -- region as its office)
    RETURN service_affair.home_region_decision(false,
        (SELECT pg_catalog.array_agg(d.region ORDER BY d.code)
           FROM service_affair.department d
          WHERE d.code OPERATOR(pg_catalog.=) ANY (service_affair.acting_departments('clerk'))),
        service_affair.my_points());
END
$$;
COMMENT ON FUNCTION service_affair.my_home_region() IS
  'Internal: the region of the calling clerk''s own office (home_region_decision() over may_act(NULL, NULL), the regions of acting_departments(''clerk'') and my_points()): a clerk posted nowhere whose departments all lie in one region; NULL for an administrator or superuser, a clerk posted to points, of several regions, of a department without a region, or without a staff row';
REVOKE EXECUTE ON FUNCTION service_affair.my_home_region() FROM PUBLIC;

-- ---- grants ------------------------------------------------------------------------
INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    ('admin', 'SELECT', 'service_affair.service_point'),
    ('admin', 'INSERT', 'service_affair.service_point'),
    ('admin', 'UPDATE', 'service_affair.service_point'),
    ('admin', 'DELETE', 'service_affair.service_point'),
    ('admin', 'SELECT', 'service_affair.staff_point'),
    ('admin', 'INSERT', 'service_affair.staff_point'),
    ('admin', 'UPDATE', 'service_affair.staff_point'),
    ('admin', 'DELETE', 'service_affair.staff_point'),
    ('admin', 'SELECT', 'service_affair.agent'),
    ('admin', 'INSERT', 'service_affair.agent'),
    ('admin', 'UPDATE', 'service_affair.agent'),
    ('admin', 'DELETE', 'service_affair.agent'),
    ('admin', 'SELECT', 'service_affair.item_implementation'),
    ('admin', 'INSERT', 'service_affair.item_implementation'),
    ('admin', 'UPDATE', 'service_affair.item_implementation'),
    ('admin', 'DELETE', 'service_affair.item_implementation'),
    ('clerk', 'SELECT', 'service_affair.service_point'),
    ('clerk', 'SELECT', 'service_affair.item_implementation'),
    ('reviewer', 'SELECT', 'service_affair.service_point'),
    ('reviewer', 'SELECT', 'service_affair.item_implementation'),
    ('analyst', 'SELECT', 'service_affair.service_point'),
    ('analyst', 'SELECT', 'service_affair.item_implementation'),
    ('public', 'SELECT', 'service_affair.service_point'),
    ('admin', 'EXECUTE', 'service_affair.visit_kind(text,text,text,boolean)'),
    ('analyst', 'EXECUTE', 'service_affair.visit_kind(text,text,text,boolean)'),
    ('admin', 'EXECUTE', 'service_affair.visit_count(text,text,boolean)'),
    ('admin', 'EXECUTE', 'service_affair.my_points()'),
    ('clerk', 'EXECUTE', 'service_affair.my_points()'),
    ('admin', 'EXECUTE', 'service_affair.may_act_at(text)'),
    ('clerk', 'EXECUTE', 'service_affair.may_act_at(text)')
ON CONFLICT DO NOTHING;
