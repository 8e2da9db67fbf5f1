-- Public guides (办事指南) and the versioned catalog (issue 14).  The guide
-- fields of items and materials, the deny-list of vague material names, the
-- reviewed path of catalog changes (propose, review by another person,
-- publication at effective_from), the versions every write of the catalog
-- leaves (catalog_version, mirrored into the hash-chained ledger 'catalog' of
-- the inspection log), guide_as_of(), the public views and the catalog
-- indicators.  The triggers that record the versions are created in
-- 75_catalog_ledger.sql, after the ledger accepts a ledger that is not a
-- department.  See doc/guides.md.
--
-- This part is wholly new in 0.2.0: its update file is a link to it.  Its
-- UPDATE of item is the backfill of online_depth and mobile (a no-op on a
-- fresh install).

-- ---------------------------------------------------------------------------
-- Guide fields

ALTER TABLE service_affair.item
    ADD COLUMN item_type    text CHECK (item_type IN ('licence', 'confirmation', 'payment', 'ruling', 'reward',
                                                      'public_service', 'other')),
    ADD COLUMN legal_basis  text,
    ADD COLUMN conditions   text,
    ADD COLUMN process      text,
    ADD COLUMN fee          text,
    ADD COLUMN place_hours  text,
    ADD COLUMN contact      text,
    ADD COLUMN online_depth text NOT NULL DEFAULT 'none' CHECK (online_depth IN ('none', 'apply', 'full')),
    ADD COLUMN mobile       boolean NOT NULL DEFAULT false,
    ADD COLUMN status       text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'cancelled', 'delegated')),
    ADD COLUMN delegated_to text REFERENCES service_affair.item ON UPDATE CASCADE DEFERRABLE,
    ADD COLUMN effective_from date,
    ADD COLUMN published_at timestamptz,
    ADD CONSTRAINT item_delegated_to CHECK ((status = 'delegated') = (delegated_to IS NOT NULL) AND delegated_to <> code);
-- 0.1.0 catalogs: an item handled online can be applied for online, and on
-- the mobile app, as 0.1.0's submit() took the channel mobile for it (the
-- rule submit() enforces from 0.2.0 on: the channel mobile needs item.mobile)
UPDATE service_affair.item SET online_depth = 'apply', mobile = true WHERE online;
-- An item on the mobile app is handled online: submit() refuses the channel
-- mobile for one that is not, and the guide said the app took it (until
-- 2026-12-05 an item could be stored offline and mobile; a review).  After
-- the backfill above, which marks mobile only items handled online: the
-- update from 0.1.0 validates it.  Not derived by the trigger
-- (catalog_item_defaults()): a write that takes an item offline says
-- mobile = false too, so the change the reviewer reads is the one published.
ALTER TABLE service_affair.item
    ADD CONSTRAINT item_online_depth CHECK (online = (online_depth <> 'none')),
    ADD CONSTRAINT item_mobile_online CHECK (online OR NOT mobile);
COMMENT ON COLUMN service_affair.item.item_type IS
  'Kind of power or service: licence (行政许可), confirmation (行政确认), payment (行政给付), ruling (行政裁决), reward (行政奖励), public_service (公共服务), other';
COMMENT ON COLUMN service_affair.item.legal_basis IS 'Legal basis (设定依据) as published in the guide';
COMMENT ON COLUMN service_affair.item.conditions IS 'Acceptance conditions (受理条件)';
COMMENT ON COLUMN service_affair.item.process IS 'Process (办理流程)';
COMMENT ON COLUMN service_affair.item.fee IS 'Fee and its basis (收费标准); NULL or 不收费 when free';
COMMENT ON COLUMN service_affair.item.place_hours IS 'Place and hours of handling (办理地点和时间)';
COMMENT ON COLUMN service_affair.item.contact IS 'Consultation and complaint contacts (咨询、投诉电话)';
COMMENT ON COLUMN service_affair.item.online_depth IS
  'Online depth: none, apply (网上可办: applied for online) or full (全程网办: applied for and handled online, no visit); online = (online_depth <> none)';
COMMENT ON COLUMN service_affair.item.mobile IS 'Whether the item can be applied for on the mobile app (掌上办): submit() refuses the channel mobile (22023) for an item, or a bundle with an item, not marked mobile, and for one not handled online; only an item handled online is marked mobile (constraint item_mobile_online); true after the update from 0.1.0 for the items handled online';
COMMENT ON COLUMN service_affair.item.status IS 'active, cancelled (取消) or delegated (下放, to delegated_to); submit() refuses cancelled and delegated items';
COMMENT ON COLUMN service_affair.item.delegated_to IS 'The item that took over a delegated item (e.g. the town-level item); NULL unless delegated';
COMMENT ON COLUMN service_affair.item.effective_from IS 'Day the published version of the item took effect (local day)';
COMMENT ON COLUMN service_affair.item.published_at IS 'When the version in force was published (a reviewed change or a direct write)';
COMMENT ON CONSTRAINT item_delegated_to ON service_affair.item IS 'A delegated item names the item it was delegated to, and only a delegated item does';
COMMENT ON CONSTRAINT item_online_depth ON service_affair.item IS 'online (网上可办) is true exactly when online_depth is apply or full';
-- An administrative licence has a legal limit: its own law's, else the 20
-- working days of 行政许可法 Art 42 ¶1.  A NULL legal_limit means the item
-- has none (30_catalog.sql): on a licence it would leave its cases out of
-- 时限缩短比例 while the law binds it to 20 days (until 2026-12-05 the
-- column's comment read NULL as "the default of 20" and the indicators as
-- "none"; a review).  Items of 0.1.0 have no item_type: the update from
-- 0.1.0 validates it.
ALTER TABLE service_affair.item
    ADD CONSTRAINT item_licence_legal_limit CHECK (item_type IS DISTINCT FROM 'licence' OR legal_limit IS NOT NULL);
COMMENT ON CONSTRAINT item_licence_legal_limit ON service_affair.item IS
  'An administrative licence (item_type licence) states its legal limit: its law''s, else 20 (行政许可法 Art 42); NULL is kept for items with no legal limit, which 时限缩短比例 leaves out';
COMMENT ON CONSTRAINT item_mobile_online ON service_affair.item IS 'An item on the mobile app (掌上办, mobile) is handled online: an item taken offline (online_depth none) is taken off the app in the same write (mobile = false)';

ALTER TABLE service_affair.material
    ADD COLUMN original_or_copy text CHECK (original_or_copy IN ('original', 'copy', 'original_and_copy', 'electronic')),
    ADD COLUMN copies           integer CHECK (copies BETWEEN 0 AND 99),
    ADD COLUMN format           text CHECK (format IN ('paper', 'electronic', 'either')),
    ADD COLUMN standard         text,
    ADD COLUMN sample           text,
    ADD COLUMN source           text NOT NULL DEFAULT 'applicant' CHECK (source IN ('applicant', 'shared', 'issued'));
COMMENT ON COLUMN service_affair.material.original_or_copy IS 'original (原件), copy (复印件), original_and_copy, or electronic';
COMMENT ON COLUMN service_affair.material.copies IS 'Number of copies asked for';
COMMENT ON COLUMN service_affair.material.format IS 'paper, electronic or either (纸质/电子)';
COMMENT ON COLUMN service_affair.material.standard IS 'Acceptance standard of the material (受理标准)';
COMMENT ON COLUMN service_affair.material.sample IS 'Sample or blank form (示范文本/空白表格): where to get it';
COMMENT ON COLUMN service_affair.material.source IS 'Where it comes from: applicant, shared (共享数据, fetched by the department) or issued (a result of another item)';

-- The guide's texts are bounded: each reaches the public list and, whole, the
-- append-only catalog versions and the ledger catalog's payloads (a 9 MB fee
-- and a 200,000-character name were accepted until 2026-12-04; a review).
-- Names as long as any official one, free texts as long as a full guide
-- section; in bytes of UTF-8 (a Chinese character is 3).  NOT VALID: the
-- update from 0.1.0 does not fail on a longer name 0.1.0 took (a row is
-- checked when it is written again; doc/guides.md).
ALTER TABLE service_affair.item ADD CONSTRAINT item_guide_text_bounds CHECK (
    pg_catalog.octet_length(name) <= 600
    AND COALESCE(pg_catalog.octet_length(legal_basis), 0) <= 20000
    AND COALESCE(pg_catalog.octet_length(conditions), 0) <= 20000
    AND COALESCE(pg_catalog.octet_length(process), 0) <= 20000
    AND COALESCE(pg_catalog.octet_length(fee), 0) <= 4000
    AND COALESCE(pg_catalog.octet_length(place_hours), 0) <= 4000
    AND COALESCE(pg_catalog.octet_length(contact), 0) <= 4000) NOT VALID;
COMMENT ON CONSTRAINT item_guide_text_bounds ON service_affair.item IS
  'Bytes of the guide''s texts: name 600; legal_basis, conditions, process 20,000; fee, place_hours, contact 4,000 (they go whole into the append-only catalog history)';
ALTER TABLE service_affair.material ADD CONSTRAINT material_guide_text_bounds CHECK (
    pg_catalog.octet_length(name) <= 600
    AND COALESCE(pg_catalog.octet_length(standard), 0) <= 4000
    AND COALESCE(pg_catalog.octet_length(sample), 0) <= 4000) NOT VALID;
COMMENT ON CONSTRAINT material_guide_text_bounds ON service_affair.material IS
  'Bytes of a material''s texts: name 600; standard, sample 4,000 (they go whole into the append-only catalog history)';
ALTER TABLE service_affair.bundle ADD CONSTRAINT bundle_name_bound CHECK (pg_catalog.octet_length(name) <= 600) NOT VALID;
-- A material the guide says the department fetches (source shared) is one
-- intake can find: it names the evidence type it is fetched as.  Without
-- one the guide told the public not to bring it while completeness()
-- asked for it, and catalog_indicators() counted it reduced (材料减免) with
-- nothing changed for the applicant (until 2026-12-04; a review)
ALTER TABLE service_affair.material ADD CONSTRAINT material_shared_has_type
    CHECK (source <> 'shared' OR evidence_type IS NOT NULL);
COMMENT ON CONSTRAINT material_shared_has_type ON service_affair.material IS
  'A material fetched by the department (source shared) names the evidence type intake fetches it as';
COMMENT ON CONSTRAINT bundle_name_bound ON service_affair.bundle IS
  'Bytes of a bundle''s name: 600 (it goes whole into the append-only catalog history)';

-- ---------------------------------------------------------------------------
-- Deny-list of vague material names (兜底条款: 相关证明材料, 其他材料 ...)

CREATE TABLE service_affair.material_denylist (
    phrase  text PRIMARY KEY CHECK (pg_catalog.btrim(phrase) <> ''),
    note    text,
    builtin boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE service_affair.material_denylist IS
  'Vague material names refused at publication: a material name containing one of these phrases is refused (22023); administrators edit the list';
COMMENT ON COLUMN service_affair.material_denylist.phrase IS 'Phrase refused anywhere in a material name';
COMMENT ON COLUMN service_affair.material_denylist.note IS 'Why, or what to write instead';
COMMENT ON COLUMN service_affair.material_denylist.builtin IS 'Shipped with the extension (not dumped: CREATE EXTENSION inserts it again); set by the extension only (trigger material_denylist_builtin)';
SELECT pg_catalog.pg_extension_config_dump('service_affair.material_denylist', 'WHERE NOT builtin');
INSERT INTO service_affair.material_denylist (phrase, note, builtin) VALUES
    ('相关证明材料', 'Name the certificate itself.', true),
    ('其他材料', 'Name each document.', true),
    ('其他相关材料', 'Name each document.', true),
    ('有关材料', 'Name each document.', true),
    ('其他证明材料', 'Name the certificate itself.', true),
    ('其他必要材料', 'Name each document.', true),
    ('要求的其他', 'Open-ended catch-all (兜底条款).', true);

-- builtin marks the shipped rows, which pg_dump leaves out and CREATE
-- EXTENSION inserts again: a row an administrator marked builtin was lost by
-- a dump, and a shipped row marked otherwise was dumped and stopped its
-- restore (23505, the shipped row is there already).  So only the rows above
-- are builtin: after them, nobody inserts a builtin row or changes the flag
-- (an upgrade that ships more phrases inserts them with this trigger
-- disabled).
CREATE FUNCTION service_affair.material_denylist_builtin() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_RELID <> 'service_affair.material_denylist'::pg_catalog.regclass
       OR TG_WHEN <> 'BEFORE' OR TG_LEVEL <> 'ROW' OR TG_OP NOT IN ('INSERT', 'UPDATE') THEN
        RAISE EXCEPTION 'material_denylist_builtin() must not fire on % % % of %', TG_WHEN, TG_LEVEL, TG_OP, TG_RELID::pg_catalog.regclass
            USING ERRCODE = 'trigger_protocol_violated',
                  DETAIL = 'It fires only before INSERT and UPDATE of rows of service_affair.material_denylist.';
    END IF;
    IF (TG_OP = 'INSERT' AND NEW.builtin) OR (TG_OP = 'UPDATE' AND NEW.builtin IS DISTINCT FROM OLD.builtin) THEN
        RAISE EXCEPTION 'builtin is the extension''s'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Phrase %s: only the phrases shipped with the extension are builtin, and they stay builtin.',
                                             pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(NEW.phrase, 64)))),
                  HINT = 'Leave builtin out: a phrase you add is dumped; a shipped phrase you delete comes back on restore.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION service_affair.material_denylist_builtin() IS
  'Trigger: refuses an inserted builtin phrase and any change of builtin (22023): builtin rows are the shipped ones, which pg_dump leaves out';
REVOKE EXECUTE ON FUNCTION service_affair.material_denylist_builtin() FROM PUBLIC;
CREATE TRIGGER material_denylist_builtin BEFORE INSERT OR UPDATE OF builtin ON service_affair.material_denylist
    FOR EACH ROW EXECUTE FUNCTION service_affair.material_denylist_builtin();
COMMENT ON TRIGGER material_denylist_builtin ON service_affair.material_denylist IS
  'Only the shipped phrases are builtin (not dumped): inserting a builtin phrase or changing builtin is refused (22023)';

-- 22023 when the name of a material contains a deny-listed phrase.
CREATE FUNCTION service_affair.check_material_name(item text, material text, name text) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    p text;
BEGIN
    -- compared as they display (visible_text(): white space, invisible and
    -- control characters left out of both): until 2026-12-08 a phrase
    -- split by U+200B, a soft hyphen or a space passed (a hostile review;
    -- guide_denylist_invisible.sql).  A phrase with nothing visible
    -- matches nothing.
    SELECT d.phrase INTO p FROM service_affair.material_denylist d
     WHERE service_affair.visible_text(d.phrase) <> ''
       AND pg_catalog.strpos(service_affair.visible_text(name), service_affair.visible_text(d.phrase)) > 0
     ORDER BY pg_catalog.length(d.phrase) DESC, d.phrase LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'vague material name "%"', service_affair.printable(pg_catalog.left(name, 200))
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Material %s of item %s is named %s, which contains %s from the deny-list of vague names (material_denylist).',
                                             service_affair.printable(pg_catalog.left(material, 64)), service_affair.printable(pg_catalog.left(item, 64)),
                                             pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(name, 200))), pg_catalog.quote_literal(p)),
                  HINT = 'Name the document the applicant must bring.';
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.check_material_name(text, text, text) IS
  'Internal: raises 22023 naming the material and the phrase when a material name contains a phrase of material_denylist, both read as they display (visible_text(): white space, invisible and control characters left out)';
-- the trigger catalog_material_name() calls it as the writer of material:
-- administrators (their grant below) and the owner (apply_catalog_change())
REVOKE EXECUTE ON FUNCTION service_affair.check_material_name(text, text, text) FROM PUBLIC;

-- 55000 when a service may not be applied for: a cancelled item, a delegated
-- item (the detail names the item that took it over), a bundle with such a
-- member.  Called by submit() (40_cases.sql).
CREATE FUNCTION service_affair.check_service_status(service text) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
    SET plan_cache_mode = force_generic_plan  -- service_item_codes() joins: see 30_catalog.sql
AS $$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT i.code, i.status, i.delegated_to, d.name AS to_name
               FROM service_affair.service_item_codes(service) s
               JOIN service_affair.item i ON i.code = s
               LEFT JOIN service_affair.item d ON d.code = i.delegated_to
              WHERE i.status <> 'active'
              ORDER BY i.code LIMIT 1 LOOP
        IF r.status = 'cancelled' THEN
            RAISE EXCEPTION 'item % is cancelled', r.code
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = pg_catalog.format('Item %s%s was cancelled (取消) and takes no applications.', r.code,
                                                 CASE WHEN r.code <> service THEN ' of bundle ' || service ELSE '' END);
        END IF;
        RAISE EXCEPTION 'item % is delegated to %', r.code, r.delegated_to
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('Item %s%s was delegated (下放) to item %s (%s).', r.code,
                                             CASE WHEN r.code <> service THEN ' of bundle ' || service ELSE '' END,
                                             r.delegated_to, r.to_name),
                  HINT = pg_catalog.format('Apply for item %s.', r.delegated_to);
    END LOOP;
END
$$;
COMMENT ON FUNCTION service_affair.check_service_status(text) IS
  'Internal: raises 55000 when the service is a cancelled or delegated item, or a bundle with one (a delegated item: the detail names delegated_to)';
REVOKE EXECUTE ON FUNCTION service_affair.check_service_status(text) FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- Changes proposed and reviewed

CREATE TABLE service_affair.catalog_change (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tbl            text NOT NULL CHECK (tbl IN ('item', 'material', 'bundle', 'bundle_item', 'item_implementation')),
    op             text NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
    key            jsonb NOT NULL,
    row_data       jsonb NOT NULL DEFAULT '{}',
    reason         text,
    department     text NOT NULL,
    effective_from date NOT NULL,
    before_image   jsonb,
    after_image    jsonb,
    regressions    text[] NOT NULL DEFAULT '{}',
    bundles_lengthened text[] NOT NULL DEFAULT '{}',
    proposed_by    name NOT NULL,
    proposed_at    timestamptz NOT NULL,
    status         text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'approved', 'rejected', 'publishing', 'published', 'failed')),
    reviewed_by    name,
    reviewed_at    timestamptz,
    review_note    text,
    published_at   timestamptz,
    failure        text,
    CONSTRAINT catalog_change_reviewer CHECK (reviewed_by IS DISTINCT FROM proposed_by)
);
COMMENT ON TABLE service_affair.catalog_change IS
  'Catalog changes on the reviewed path: proposed (propose_catalog_change), approved or rejected by another person (review_catalog_change), published at effective_from';
COMMENT ON COLUMN service_affair.catalog_change.id IS 'Change id';
COMMENT ON COLUMN service_affair.catalog_change.tbl IS 'item, material, bundle, bundle_item or item_implementation';
COMMENT ON COLUMN service_affair.catalog_change.op IS 'insert, update or delete';
COMMENT ON COLUMN service_affair.catalog_change.key IS 'Primary key columns of the row';
COMMENT ON COLUMN service_affair.catalog_change.row_data IS 'Columns set (insert, update)';
COMMENT ON COLUMN service_affair.catalog_change.reason IS 'Reason given (required for a regression)';
COMMENT ON COLUMN service_affair.catalog_change.department IS 'Department the change concerns (the item''s, the bundle''s lead department; of item_implementation the department of the item the row names after the change)';
COMMENT ON COLUMN service_affair.catalog_change.effective_from IS 'Local day from which the change takes effect';
COMMENT ON COLUMN service_affair.catalog_change.before_image IS 'The row before, when proposed';
COMMENT ON COLUMN service_affair.catalog_change.after_image IS 'The row after, as computed when proposed';
COMMENT ON COLUMN service_affair.catalog_change.regressions IS 'Regressions the change makes (catalog_regression_kinds)';
COMMENT ON COLUMN service_affair.catalog_change.bundles_lengthened IS
  'Bundles whose promised or legal days the change (an update of a member item) lengthens, as judged when proposed for its effective day (catalog_bundles_lengthened()): what its version will name';
COMMENT ON COLUMN service_affair.catalog_change.proposed_by IS 'actor() who proposed it';
COMMENT ON COLUMN service_affair.catalog_change.proposed_at IS 'When it was proposed';
COMMENT ON COLUMN service_affair.catalog_change.status IS 'proposed, approved (waiting for effective_from), rejected, publishing (being applied, inside the publishing transaction only), published, failed (could not be applied when due)';
COMMENT ON COLUMN service_affair.catalog_change.reviewed_by IS 'actor() who reviewed it; never the proposer';
COMMENT ON COLUMN service_affair.catalog_change.reviewed_at IS 'When it was reviewed';
COMMENT ON COLUMN service_affair.catalog_change.review_note IS 'Note of the review';
COMMENT ON COLUMN service_affair.catalog_change.published_at IS 'When it was applied to the catalog';
COMMENT ON COLUMN service_affair.catalog_change.failure IS 'Why applying it failed when due (status failed): the SQLSTATE and message of the error';
COMMENT ON CONSTRAINT catalog_change_reviewer ON service_affair.catalog_change IS 'Two different persons: the reviewer is never the proposer';
SELECT pg_catalog.pg_extension_config_dump('service_affair.catalog_change', '');
SELECT pg_catalog.pg_extension_config_dump('service_affair.catalog_change_id_seq', '');

-- A department renamed (UPDATE department SET code: its staff, items and
-- bundles follow, ON UPDATE CASCADE) is the same department: the changes
-- still to be published follow it too, their department and the code in
-- their row and images (an item's department and checking department, a bundle's lead
-- department).  Until 2026-12-07 they kept the former code: a move
-- proposed to the renamed department was asked of reviewers of a code no
-- staff held (42501 for every reviewer but an administrator), and, once
-- another department took the former code, approved by that department's
-- reviewers and published into it; a move proposed from it was stale
-- (55000) for the rename alone (a review; catalog_rename_pending.sql)
CREATE FUNCTION service_affair.catalog_change_follow_rename() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    r record;
BEGIN
    IF TG_RELID IS DISTINCT FROM 'service_affair.department'::pg_catalog.regclass OR TG_WHEN <> 'AFTER'
       OR TG_LEVEL <> 'ROW' OR TG_OP <> 'UPDATE' THEN
        RAISE EXCEPTION 'catalog_change_follow_rename() is not a trigger of this table'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'It runs after an UPDATE of the code of rows of service_affair.department only.';
    END IF;
    IF OLD.code IS DISTINCT FROM NEW.code THEN
        -- READ COMMITTED only: the changes are found with the statement's
        -- snapshot, and a rename that waited for a proposal (its FOR KEY
        -- SHARE lock of the department, propose_catalog_change()) must see
        -- the change it committed.  In a transaction of one snapshot the
        -- rename passed and the change kept the former code (reviewers of
        -- a code no staff holds, or of the department that takes it later);
        -- until 2026-12-07 that was documented only (a second read,
        -- test/isolation/specs/catalog_propose_rename_race.spec)
        PERFORM service_affair.refuse_snapshot_isolation('a department''s rename',
            'the catalog changes proposed and not yet published follow the new code as of its snapshot, and a change proposed meanwhile, which the rename waits for, would keep the former code.',
            'Rename departments in a transaction of the default isolation level (READ COMMITTED).');  -- 55000 (06_arguments.sql)
        UPDATE service_affair.catalog_change c SET department = NEW.code
         WHERE c.status IN ('proposed', 'approved') AND c.department = OLD.code;
        -- every column of a catalog table that names a department (ON
        -- UPDATE CASCADE): an item's department and its checking department
        -- (check_department, 55_commitments.sql), a bundle's lead
        -- department.  Until 2026-12-07 (a second read) an item's
        -- check_department was not followed: a change setting it to the
        -- renamed department was published into the former code (23503, or
        -- the department that took the code), one moving it from there was
        -- stale for the rename alone (catalog_rename_pending.sql 12-15)
        FOR r IN SELECT v.tbl, v.col FROM (VALUES ('item', 'department'), ('item', 'check_department'),
                                                  ('bundle', 'lead_department')) AS v(tbl, col) LOOP
            UPDATE service_affair.catalog_change c
               SET row_data     = CASE WHEN c.row_data->>r.col = OLD.code
                                       THEN pg_catalog.jsonb_set(c.row_data, ARRAY[r.col], pg_catalog.to_jsonb(NEW.code)) ELSE c.row_data END,
                   before_image = CASE WHEN c.before_image->>r.col = OLD.code
                                       THEN pg_catalog.jsonb_set(c.before_image, ARRAY[r.col], pg_catalog.to_jsonb(NEW.code)) ELSE c.before_image END,
                   after_image  = CASE WHEN c.after_image->>r.col = OLD.code
                                       THEN pg_catalog.jsonb_set(c.after_image, ARRAY[r.col], pg_catalog.to_jsonb(NEW.code)) ELSE c.after_image END
             WHERE c.status IN ('proposed', 'approved') AND c.tbl = r.tbl
               AND (c.row_data->>r.col = OLD.code OR c.before_image->>r.col = OLD.code OR c.after_image->>r.col = OLD.code);
        END LOOP;
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION service_affair.catalog_change_follow_rename() IS
  'Trigger (SECURITY DEFINER: whoever renames a department): the catalog changes proposed or approved and not yet published follow a department''s new code (their department, and an item''s department or checking department or a bundle''s lead department in their row and images): a rename keeps the department; a rename runs in READ COMMITTED (55000 in a REPEATABLE READ or SERIALIZABLE transaction, whose snapshot misses a change proposed while the rename waited); refuses to run on any other table (42501)';
REVOKE EXECUTE ON FUNCTION service_affair.catalog_change_follow_rename() FROM PUBLIC;
CREATE TRIGGER catalog_change_follow_rename AFTER UPDATE OF code ON service_affair.department
    FOR EACH ROW EXECUTE FUNCTION service_affair.catalog_change_follow_rename();
COMMENT ON TRIGGER catalog_change_follow_rename ON service_affair.department IS
  'The changes waiting for review or publication follow a department renamed';

-- The departments a change names (its department, and the department
-- columns of its row and images: an item's department and check_department,
-- a bundle's lead_department), sorted, distinct: what a review and the
-- publishing job lock FOR KEY SHARE before the change, in the order of a
-- department's rename (the department, then the changes that name it:
-- catalog_change_follow_rename above); and a proposal before its insert,
-- so that a rename waits for it and then follows it too.
CREATE FUNCTION service_affair.catalog_change_departments(c service_affair.catalog_change) RETURNS text[]
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
SELECT pg_catalog.array_agg(DISTINCT v ORDER BY v)
  FROM (VALUES ($1.department), ($1.row_data->>'department'), ($1.row_data->>'check_department'),
               ($1.row_data->>'lead_department'), ($1.before_image->>'department'), ($1.before_image->>'check_department'),
               ($1.before_image->>'lead_department'), ($1.after_image->>'department'), ($1.after_image->>'check_department'),
               ($1.after_image->>'lead_department')) AS t (v)
 WHERE v IS NOT NULL
$$;
COMMENT ON FUNCTION service_affair.catalog_change_departments(service_affair.catalog_change) IS
  'Internal: the department codes a catalog change names (its department; department, check_department and lead_department of its row and images), sorted and distinct: locked FOR KEY SHARE by review_catalog_change() and publish_due_catalog_changes() before the change, as a department''s rename locks them (no deadlock with catalog_change_follow_rename), and by propose_catalog_change() before its insert (a rename then follows the change it waited for)';
REVOKE EXECUTE ON FUNCTION service_affair.catalog_change_departments(service_affair.catalog_change) FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- Versions: one row per written row of the catalog, append-only, mirrored
-- into the ledger 'catalog' (log_append, 70_inspection.sql).

CREATE TABLE service_affair.catalog_version (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tbl          text NOT NULL CHECK (tbl IN ('item', 'material', 'bundle', 'bundle_item', 'item_implementation')),
    op           text NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
    key          jsonb NOT NULL,
    item         text,
    bundle       text,
    before_image jsonb,
    after_image  jsonb,
    effective_at timestamptz NOT NULL,
    actor        name NOT NULL,
    change_id    bigint REFERENCES service_affair.catalog_change,
    reviewed     boolean NOT NULL,
    reason       text,
    regressions  text[] NOT NULL DEFAULT '{}',
    bundles_lengthened text[] NOT NULL DEFAULT '{}',
    ledger_seq   bigint NOT NULL
);
COMMENT ON TABLE service_affair.catalog_version IS
  'Append-only history of the catalog: every insert, update and delete of item, material, bundle, bundle_item and item_implementation with its before and after images, each mirrored into the ledger catalog';
COMMENT ON COLUMN service_affair.catalog_version.id IS 'Version id, in the order written';
COMMENT ON COLUMN service_affair.catalog_version.tbl IS 'item, material, bundle, bundle_item or item_implementation (which item implements a basic code in a region: proposed and reviewed, or written directly and reviewed after the fact)';
COMMENT ON COLUMN service_affair.catalog_version.op IS 'insert, update or delete';
COMMENT ON COLUMN service_affair.catalog_version.key IS 'Primary key of the row';
COMMENT ON COLUMN service_affair.catalog_version.item IS 'Item concerned (item, material, bundle_item; of item_implementation the implementing item its row names, the after image''s, the before image''s for a delete)';
COMMENT ON COLUMN service_affair.catalog_version.bundle IS 'Bundle concerned (bundle, bundle_item)';
COMMENT ON COLUMN service_affair.catalog_version.before_image IS 'Row before (NULL for an insert)';
COMMENT ON COLUMN service_affair.catalog_version.after_image IS 'Row after (NULL for a delete)';
COMMENT ON COLUMN service_affair.catalog_version.effective_at IS 'When the version took effect (the write)';
COMMENT ON COLUMN service_affair.catalog_version.actor IS 'actor() who wrote it (the reviewer for a reviewed change)';
COMMENT ON COLUMN service_affair.catalog_version.change_id IS 'The reviewed change it publishes; NULL for a direct write';
COMMENT ON COLUMN service_affair.catalog_version.reviewed IS 'true when published through propose/review; false for a direct write (listed in catalog_review_queue)';
COMMENT ON COLUMN service_affair.catalog_version.reason IS 'Reason: the change''s, or the setting service_affair.catalog_reason of a direct write';
COMMENT ON COLUMN service_affair.catalog_version.regressions IS 'Regressions: material_added, limit_lengthened, visits_raised, online_off, tolerance_off, commitment_off, tolerance_shortened, extension_lengthened, scope_narrowed, fee_raised, credit_check_added, original_required, copies_raised, format_narrowed';
COMMENT ON COLUMN service_affair.catalog_version.bundles_lengthened IS
  'Bundles whose promised or legal days this update of a member item lengthens (catalog_bundles_lengthened()): a limit_lengthened of each, listed in catalog_regressions under the bundle';
COMMENT ON COLUMN service_affair.catalog_version.ledger_seq IS 'Seq of its entry in the ledger catalog (inspection_log)';
CREATE INDEX catalog_version_item_idx ON service_affair.catalog_version (item, effective_at);
CREATE INDEX catalog_version_bundle_idx ON service_affair.catalog_version (bundle, effective_at);
-- the versions of one row of item_implementation (its key: basic_code,
-- region), whose item may change from one version to the next
CREATE INDEX catalog_version_implementation_idx ON service_affair.catalog_version (key, effective_at)
    WHERE tbl = 'item_implementation';
COMMENT ON INDEX service_affair.catalog_version_implementation_idx IS
  'The versions of a row of item_implementation by its key (catalog_record(): never before the key''s latest version)';
SELECT pg_catalog.pg_extension_config_dump('service_affair.catalog_version', '');
SELECT pg_catalog.pg_extension_config_dump('service_affair.catalog_version_id_seq', '');

-- Reviews of direct writes, after the fact (append-only).
CREATE TABLE service_affair.catalog_version_review (
    version_id  bigint PRIMARY KEY REFERENCES service_affair.catalog_version,
    reviewed_by name NOT NULL,
    reviewed_at timestamptz NOT NULL,
    note        text,
    ledger_seq  bigint NOT NULL
);
COMMENT ON TABLE service_affair.catalog_version_review IS
  'Review after the fact of a direct (unreviewed) write of the catalog, by another person than its writer; append-only';
COMMENT ON COLUMN service_affair.catalog_version_review.version_id IS 'The version reviewed';
COMMENT ON COLUMN service_affair.catalog_version_review.reviewed_by IS 'actor() who reviewed it';
COMMENT ON COLUMN service_affair.catalog_version_review.reviewed_at IS 'When';
COMMENT ON COLUMN service_affair.catalog_version_review.note IS 'Note of the review';
COMMENT ON COLUMN service_affair.catalog_version_review.ledger_seq IS 'Seq of its entry in the ledger catalog';
SELECT pg_catalog.pg_extension_config_dump('service_affair.catalog_version_review', '');

CREATE FUNCTION service_affair.catalog_refuse_change() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_RELID NOT IN ('service_affair.catalog_version'::pg_catalog.regclass,
                        'service_affair.catalog_version_review'::pg_catalog.regclass) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'trigger function not allowed on this table',
            DETAIL = pg_catalog.format('catalog_refuse_change() guards the catalog history only, not %s.',
                                       service_affair.printable(pg_catalog.left(TG_RELID::pg_catalog.regclass::text, 200)));
    END IF;
    RAISE EXCEPTION USING ERRCODE = '42501',
        MESSAGE = pg_catalog.format('%s is append-only', TG_TABLE_NAME),
        DETAIL = pg_catalog.format('%s on service_affair.%s is refused; the catalog history is never changed.', TG_OP, TG_TABLE_NAME);
END
$$;
COMMENT ON FUNCTION service_affair.catalog_refuse_change() IS
  'Trigger: refuses UPDATE, DELETE and TRUNCATE on catalog_version and catalog_version_review (42501)';
REVOKE EXECUTE ON FUNCTION service_affair.catalog_refuse_change() FROM PUBLIC;
CREATE TRIGGER catalog_version_append_only BEFORE UPDATE OR DELETE ON service_affair.catalog_version
    FOR EACH ROW EXECUTE FUNCTION service_affair.catalog_refuse_change();
CREATE TRIGGER catalog_version_no_truncate BEFORE TRUNCATE ON service_affair.catalog_version
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.catalog_refuse_change();
CREATE TRIGGER catalog_version_review_append_only BEFORE UPDATE OR DELETE ON service_affair.catalog_version_review
    FOR EACH ROW EXECUTE FUNCTION service_affair.catalog_refuse_change();
CREATE TRIGGER catalog_version_review_no_truncate BEFORE TRUNCATE ON service_affair.catalog_version_review
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.catalog_refuse_change();
COMMENT ON TRIGGER catalog_version_append_only ON service_affair.catalog_version IS 'The catalog history is append-only: UPDATE and DELETE are refused (42501)';
COMMENT ON TRIGGER catalog_version_no_truncate ON service_affair.catalog_version IS 'The catalog history is append-only: TRUNCATE is refused (42501)';
COMMENT ON TRIGGER catalog_version_review_append_only ON service_affair.catalog_version_review IS 'Reviews are append-only: UPDATE and DELETE are refused (42501)';
COMMENT ON TRIGGER catalog_version_review_no_truncate ON service_affair.catalog_version_review IS 'Reviews are append-only: TRUNCATE is refused (42501)';

-- Whether an item or bundle was first published on a local day before that
-- of at: the one rule of which writes are judged as regressions.  What the
-- catalog says on the day an item or bundle is first published promises
-- nothing yet to anyone (it is being built: a limit, a material, a fee set
-- and set again that day took nothing from an applicant who relied on it),
-- so a regression is judged only against what it said on an earlier day.
-- Until 2026-12-05 materials, entries and the newer kinds of an item read
-- it each in its own words, and an item's limits, visits and online depth
-- did not (a review).  No version (an item none has recorded): not judged.
-- The catalog the update from 0.1.0 found was published under 0.1.0: its
-- versions (99_catalog_baseline.sql, dated the day of the update, with the
-- update's reason) count as of an earlier day, or on the day of the update
-- a 0.1.0 item's limits, materials and entries would be judged as new.
CREATE FUNCTION service_affair.catalog_published_before(tbl text, code text, at timestamptz) RETURNS boolean
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    first_day date;
    of_0_1_0 boolean;
BEGIN
    IF tbl = 'item' THEN
        SELECT service_affair.local_day(pg_catalog.min(v.effective_at)),
               pg_catalog.bool_or(v.op = 'insert' AND v.change_id IS NULL
                                  AND v.reason = 'catalog of 0.1.0, logged by the update to 0.2.0')
          INTO first_day, of_0_1_0
          FROM service_affair.catalog_version v WHERE v.tbl = 'item' AND v.item = code;
    ELSIF tbl = 'bundle' THEN
        SELECT service_affair.local_day(pg_catalog.min(v.effective_at)),
               pg_catalog.bool_or(v.op = 'insert' AND v.change_id IS NULL
                                  AND v.reason = 'catalog of 0.1.0, logged by the update to 0.2.0')
          INTO first_day, of_0_1_0
          FROM service_affair.catalog_version v WHERE v.tbl = 'bundle' AND v.bundle = code;
    END IF;
    RETURN COALESCE(of_0_1_0 OR first_day < service_affair.local_day(at), false);
END
$$;
COMMENT ON FUNCTION service_affair.catalog_published_before(text, text, timestamptz) IS
  'Internal: whether the item (tbl item) or bundle (tbl bundle) code was first published (its first catalog version) on a local day before that of at, or was in the catalog the update from 0.1.0 found (a version with its reason); false when it has no version. Only such an item or bundle has regressions (catalog_regression_kinds, catalog_bundles_lengthened)';
REVOKE EXECUTE ON FUNCTION service_affair.catalog_published_before(text, text, timestamptz) FROM PUBLIC;

-- Whether an applicant of a kind (person, org) brings a material himself by
-- the guide: one required, that the department does not fetch for him
-- (source applicant: not shared, 数据共享, nor issued by another item;
-- DOMAIN.md: what government holds is not asked for), that applies to his
-- kind (applies_to any or his).  What the applicant brings is what costs
-- him a document and, missing, a visit (最多跑一次), and what 减材料
-- counts.  A value left out (NULL, an image without the column) reads as
-- the column's default (required, applicant, any); a NULL kind is an
-- applicant of either kind.  The one rule of material_added, of a material
-- of an item and of a bundle entry alike (catalog_regression_kinds), of
-- the options and papers of a material whose withdrawal is a regression
-- (tolerance_off, commitment_off, original_required, copies_raised,
-- format_narrowed: of one brought before and after, by the same kind), and
-- of materials reduced (catalog_indicators).  Until 2026-12-05 a required
-- material the department fetches, added to an item or made required, was
-- material_added of the item but not of a bundle entry (a review).  SQL
-- with a standard body: inlined into the queries that join it.
CREATE FUNCTION service_affair.material_brought(required boolean, source text, applies_to text, kind text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN COALESCE(required, true) AND COALESCE(source, 'applicant') = 'applicant'
           AND (kind IS NULL OR COALESCE(applies_to, 'any') IN ('any', kind));
COMMENT ON FUNCTION service_affair.material_brought(boolean, text, text, text) IS
  'Internal: whether an applicant of kind (person, org; NULL: either) brings a material himself by the guide: required, source applicant (not shared, fetched by the department, nor issued by another item), applies_to any or his kind; a NULL value reads as the column''s default. The one rule of material_added (of an item and of a bundle entry alike), of the options and papers of a material whose withdrawal is a regression (tolerance_off, commitment_off, original_required, copies_raised, format_narrowed: of one brought before and after) and of materials reduced (catalog_indicators)';
REVOKE EXECUTE ON FUNCTION service_affair.material_brought(boolean, text, text, text) FROM PUBLIC;

-- Which regressions a write makes (one home for the rule), of an item or
-- bundle first published on an earlier day (catalog_published_before(): on
-- its first day nothing was promised yet; until 2026-12-05 an item's
-- limits, visits and online depth, and a bundle's own promised_limit, were
-- judged on that day too, a review):
--   an item: a legal or promised limit lengthened (or an immediate item
--   made promised), visits raised, online depth lowered or mobile switched
--   off, fewer days to supply a 容缺 material, a longer extension, approval
--   on commitment withdrawn, a narrower 通办 scope or fewer accepting
--   levels, a fee introduced or raised (fee_raised), a credit check
--   introduced (credit_check_added); and, of an entry of a bundle first
--   published on an earlier day, whatever the item's first day, its
--   output_evidence_type changed or cleared so that no earlier stage
--   issues what a later entry's material names (intake's rule,
--   bundle_material_options() with the item's images: the bundle's
--   applicants bring it after and not before, material_added of the
--   bundle; an option lost, tolerance_off or commitment_off);
--   a material: one an applicant must now bring that he did not
--   (material_brought(): a required one he brings added or made required,
--   shared or issued made applicant, applies_to widened; one the
--   department fetches added asks him nothing); of one an applicant brings
--   before and after, of the same kind (by the same material_brought():
--   not one the department fetches, optional, or of the other kind), its
--   容缺 (tolerable) or 告知承诺 (commitment_allowed) withdrawn, an original
--   now asked (original_required), more copies (copies_raised), a
--   narrower format (format_narrowed);
--   a bundle entry added or its item changed, or a material of an entry's
--   item written (whatever the item's first day): a material the bundle's
--   applicants bring (material_brought()) that the bundle tolerated (容缺)
--   or let them replace by a commitment (告知承诺) before and not after,
--   by intake's rule (bundle_material_options(): only if every entry
--   requiring it says so) (tolerance_off, commitment_off);
--   a bundle: its promised days (bundle_limits, bundle_days(): its
--   promised_limit, else the sum over stages of the largest member promise,
--   at most its legal days, at most 45 for a joint bundle) lengthened by
--   its promised_limit, by an entry, or by an entry removed that leaves a
--   joint bundle of one department, the most its cases may be extended
--   in all raised (bundle_extension_days(): the stages' largest
--   extension_limit summed, at most 15 when joint) by an entry, or by an
--   entry removed or an item moved to another department that leaves a
--   joint bundle of one department (extension_lengthened), an item not
--   online added to a bundle whose items were all online, or one not
--   mobile to a bundle whose items were all mobile (online_off;
--   service_info(): a bundle is handled online, and on the mobile app,
--   when every item is; until 2026-12-05 the mobile app was judged by
--   nothing, a review), an entry whose item
--   asks the applicant to bring a required material no other entry asked
--   him to bring (material_added, by the same material_brought()).
-- The bundles an item's write lengthens are named by
-- catalog_bundles_lengthened().  Until 2026-12-05 a fee, a credit check, a
-- material's copies, original and format were judged by nothing, a
-- bundle entry counted a material the department fetches (source shared
-- or issued) as one its applicants bring, and a required material's 容缺
-- or 告知承诺 withdrawn, or its original, copies or format asked (judged
-- by its source after the write), was a regression though no applicant
-- brought it before and after (the department fetching it, shared or
-- issued, or of the other kind of applicant) (reviews).
CREATE FUNCTION service_affair.catalog_regression_kinds(tbl text, op text, before_image jsonb, after_image jsonb,
                                                         at timestamptz DEFAULT pg_catalog.now(), stmt jsonb DEFAULT NULL)
    RETURNS text[]
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    k text[] := '{}';
    b jsonb := COALESCE(before_image, '{}');
    a jsonb := COALESCE(after_image, '{}');
    days_before integer;
    days_after integer;
    legal_before integer;  -- a bundle's legal days before and after an entry's write
    legal_after integer;
    ext_before integer;  -- the most a bundle's cases may be extended, before and after
    ext_after integer;
    added boolean;  -- a bundle entry brings a required material none brought
    tol_off boolean;  -- a bundle entry, or a material of an entry's item, takes away a brought material's 容缺
    com_off boolean;  -- or its 告知承诺
    app_off boolean;  -- a bundle entry takes the bundle offline or off the mobile app
    stmt_keys jsonb;  -- of a material: the keys of stmt, "item code"
    asks_b text[];  -- the pieces of paper a material asks (original, copy)
    asks_a text[];
    free boolean[];  -- the fee before and after is none
    norm text[];  -- the fee before and after as compared
BEGIN
    -- an item or bundle deleted and created again under its code (in one
    -- transaction, or on another day) is judged against the row deleted,
    -- as an update: catalog_published_before() reads its code's first
    -- version.  A code never deleted is a new one: nothing to judge.
    -- Until 2026-12-05 an insert of either was judged by nothing, and a
    -- DELETE and INSERT lengthened its limit without a reason (a review)
    IF tbl IN ('item', 'bundle') AND op = 'insert' THEN
        SELECT v.before_image INTO b
          FROM (SELECT v0.op, v0.before_image FROM service_affair.catalog_version v0
                 WHERE v0.tbl = catalog_regression_kinds.tbl
                   AND CASE catalog_regression_kinds.tbl WHEN 'item' THEN v0.item = a->>'code' ELSE v0.bundle = a->>'code' END
                 ORDER BY v0.effective_at DESC, v0.id DESC LIMIT 1) v
         WHERE v.op = 'delete';
        IF b IS NULL THEN
            RETURN k;
        END IF;
        op := 'update';
    END IF;
    IF tbl = 'material' AND op IN ('insert', 'update') THEN
        -- an applicant of a kind now brings it and did not
        -- (material_brought(), the rule of a bundle entry's too): a
        -- required material he brings added, or made required, or the
        -- department no longer fetching it (shared or issued made
        -- applicant), or more applicants bringing it (applies_to person or
        -- org made any or the other).  One the department fetches added or
        -- made required asks him nothing.  Until 2026-12-05 it was
        -- material_added of an item, and not of a bundle entry (a review)
        IF EXISTS (SELECT 1 FROM (VALUES ('person'), ('org')) AS ak(kind)
                    WHERE service_affair.material_brought((a->>'required')::boolean, a->>'source', a->>'applies_to', ak.kind)
                      AND NOT (op = 'update'
                               AND service_affair.material_brought((b->>'required')::boolean, b->>'source', b->>'applies_to', ak.kind))) THEN
            k := k || 'material_added'::text;
        END IF;
        -- an option of a material an applicant brings before and after, of
        -- the same kind (material_brought(), the rule of material_added)
        -- withdrawn: it may no longer be supplied after acceptance (容缺,
        -- tolerable) or replaced by a signed commitment (告知承诺,
        -- commitment_allowed), or he hands in more (below).  One no
        -- applicant brings, before or after (the department fetches it,
        -- shared or issued; optional; of the other kind of applicant),
        -- burdens nobody; one he brings only after is material_added.
        -- Until 2026-12-05 a required material lost its options flagged
        -- whoever brought it (shared, issued, of the other kind), and its
        -- original, copies and format were judged by its source after the
        -- write only (a review)
        IF op = 'update'
           AND EXISTS (SELECT 1 FROM (VALUES ('person'), ('org')) AS ak(kind)
                        WHERE service_affair.material_brought((b->>'required')::boolean, b->>'source', b->>'applies_to', ak.kind)
                          AND service_affair.material_brought((a->>'required')::boolean, a->>'source', a->>'applies_to', ak.kind)) THEN
            IF COALESCE((b->>'tolerable')::boolean, false) AND NOT COALESCE((a->>'tolerable')::boolean, false) THEN
                k := k || 'tolerance_off'::text;
            END IF;
            IF COALESCE((b->>'commitment_allowed')::boolean, false) AND NOT COALESCE((a->>'commitment_allowed')::boolean, false) THEN
                k := k || 'commitment_off'::text;
            END IF;
            -- what the applicant hands in: a value the guide left unsaid
            -- (NULL) reads as the least asked (no original, no copy, 0
            -- copies, either format), so that a value cleared and set again
            -- is judged as set
            asks_b := CASE b->>'original_or_copy' WHEN 'original' THEN '{original}' WHEN 'copy' THEN '{copy}'
                                                  WHEN 'original_and_copy' THEN '{original,copy}' ELSE '{}' END;
            asks_a := CASE a->>'original_or_copy' WHEN 'original' THEN '{original}' WHEN 'copy' THEN '{copy}'
                                                  WHEN 'original_and_copy' THEN '{original,copy}' ELSE '{}' END;
            IF 'original' = ANY (asks_a) AND NOT 'original' = ANY (asks_b) THEN
                k := k || 'original_required'::text;
            END IF;
            -- more copies, or a copy asked where none was (an original
            -- made original and copy, an electronic file made a paper
            -- copy; an original made a copy asks less)
            IF COALESCE((a->>'copies')::integer, 0) > COALESCE((b->>'copies')::integer, 0)
               OR ('copy' = ANY (asks_a) AND NOT 'copy' = ANY (asks_b)
                   AND NOT ('original' = ANY (asks_b) AND NOT 'original' = ANY (asks_a))) THEN
                k := k || 'copies_raised'::text;
            END IF;
            IF NOT (CASE a->>'format' WHEN 'paper' THEN '{paper}' WHEN 'electronic' THEN '{electronic}' ELSE '{paper,electronic}' END)::text[]
                   @> (CASE b->>'format' WHEN 'paper' THEN '{paper}' WHEN 'electronic' THEN '{electronic}' ELSE '{paper,electronic}' END)::text[] THEN
                k := k || 'format_narrowed'::text;
            END IF;
        END IF;
        -- of an item first published today, none; but one that is an entry
        -- of a bundle first published on an earlier day asks the bundle's
        -- applicants what it asks (the entry's rule below, whichever of the
        -- entry and the material was written first): a required material
        -- he now brings (source applicant) that no other entry of the
        -- bundle asks him to bring, of his kind (applies_to), and that no
        -- earlier stage issues, is material_added (of the bundle), and an
        -- option of the bundle's material it takes away is tolerance_off or
        -- commitment_off (of the bundle, next).  Until 2026-12-05 an entry
        -- added first and its material after escaped both rules (a review)
        IF pg_catalog.cardinality(k) > 0 AND NOT service_affair.catalog_published_before('item', a->>'item', at) THEN
            -- the keys of stmt, "item code", as one object
            SELECT pg_catalog.jsonb_object_agg((s->'key'->>'item') || ' ' || (s->'key'->>'code'), true) INTO stmt_keys
              FROM pg_catalog.jsonb_array_elements(COALESCE(stmt, '[]'::jsonb)) s
             WHERE s->'key'->>'item' IS NOT NULL AND s->'key'->>'code' IS NOT NULL;
            k := CASE WHEN 'material_added' = ANY (k)
                           AND EXISTS (
                               SELECT 1
                                 FROM service_affair.bundle_item bi
                                 -- of his kind, brought now and not before the write
                                 JOIN (VALUES ('person'), ('org')) AS ak(kind)
                                   ON service_affair.material_brought((a->>'required')::boolean, a->>'source', a->>'applies_to', ak.kind)
                                WHERE bi.item = a->>'item'
                                  AND NOT (op = 'update'
                                           AND service_affair.material_brought((b->>'required')::boolean, b->>'source', b->>'applies_to', ak.kind))
                                  -- another entry's, before the statement: the
                                  -- table's, but the rows the statement wrote
                                  -- (stmt), as they were (none of an insert)
                                  AND NOT EXISTS (SELECT 1 FROM service_affair.bundle_item b2
                                                    JOIN service_affair.material m ON m.item = b2.item
                                                   WHERE b2.bundle = bi.bundle AND b2.item <> bi.item AND m.code = a->>'code'
                                                     -- (looked up by key, not a scan of stmt per row)
                                                     AND NOT COALESCE(stmt_keys ? (m.item || ' ' || m.code), false)
                                                     AND service_affair.material_brought(m.required, m.source, m.applies_to, ak.kind))
                                  AND NOT EXISTS (SELECT 1 FROM service_affair.bundle_item b2
                                                    JOIN pg_catalog.jsonb_array_elements(stmt) s ON s->'key'->>'item' = b2.item
                                                   WHERE b2.bundle = bi.bundle AND b2.item <> bi.item AND s->'key'->>'code' = a->>'code'
                                                     AND pg_catalog.jsonb_typeof(s->'image') = 'object'
                                                     AND service_affair.material_brought((s->'image'->>'required')::boolean, s->'image'->>'source',
                                                                                         s->'image'->>'applies_to', ak.kind))
                                  AND NOT EXISTS (SELECT 1 FROM service_affair.bundle_item b0
                                                    JOIN service_affair.item i0 ON i0.code = b0.item
                                                   WHERE b0.bundle = bi.bundle AND b0.stage < bi.stage
                                                     AND i0.output_evidence_type = a->>'evidence_type')
                                  AND service_affair.catalog_published_before('bundle', bi.bundle, at))
                      THEN '{material_added}'::text[] ELSE '{}'::text[] END;
        END IF;
        -- of an item that is an entry of a bundle first published on an
        -- earlier day, whichever the item's first day: a material of the
        -- bundle its applicants bring, before and after, that the bundle
        -- tolerated (容缺) or let them replace by a commitment (告知承诺)
        -- before the write and not after, by intake's rule
        -- (bundle_material_options(): only if every entry requiring it of
        -- his kind says so; the bundle's materials with this row as it was,
        -- none of an insert, and as it is), is tolerance_off or
        -- commitment_off (of the bundle), as of an entry added (below): one
        -- of its materials losing an option, or a required one added
        -- without it under a code the other entries tolerated.  An item
        -- first published on an earlier day has the kind once, its own and
        -- the bundle's alike.  The other rows of its statement of the code
        -- (stmt, catalog_write(): a jsonb array of {key, image}, their
        -- images before it, null for one it inserted) count before as they
        -- were, here and for material_added above; after, as written: one
        -- UPDATE taking 容缺 from the code in every entry of a bundle is
        -- tolerance_off of each row, and one INSERT adding a new required
        -- code to two entries is material_added of each.  Until 2026-12-05
        -- the material of an item first published today was
        -- material_added of the bundle or nothing, and a required one added
        -- under a code the bundle tolerated, without 容缺, was
        -- material_added of an item first published earlier only: either
        -- took 容缺 or 告知承诺 away from the bundle's applicants unflagged
        -- (a review); and each row of a statement was judged against the
        -- others already written, so both statements above were judged by
        -- nothing (a review).  Of the code alone (its options are its
        -- own), and not at all for an update that changes none of what
        -- they are made of (the flags' columns) in a statement that changes
        -- none in its other rows of the code (stmt: catalog_write() keeps
        -- only those): before and after are the same.  Until 2026-12-05
        -- each row read every material of each of its bundles four times,
        -- whatever it changed: an UPDATE of the standard of every material
        -- of a 600-entry bundle took 110 s (a review)
        IF EXISTS (SELECT 1 FROM service_affair.bundle_item bi WHERE bi.item = a->>'item')
           AND (op = 'insert' OR stmt IS NOT NULL
                OR pg_catalog.jsonb_build_array(b->'required', b->'tolerable', b->'commitment_allowed', b->'applies_to', b->'source', b->'evidence_type')
                   <> pg_catalog.jsonb_build_array(a->'required', a->'tolerable', a->'commitment_allowed', a->'applies_to', a->'source', a->'evidence_type')) THEN
            WITH options AS (
                SELECT bi.bundle, s.after, ak.kind, o.brought, o.tolerable, o.commitment_allowed
                  FROM service_affair.bundle_item bi
                 CROSS JOIN LATERAL (SELECT pg_catalog.array_agg(b2.item) AS items, pg_catalog.array_agg(b2.stage) AS stages
                                       FROM service_affair.bundle_item b2 WHERE b2.bundle = bi.bundle) x
                 CROSS JOIN (VALUES (false), (true)) AS s(after)
                 CROSS JOIN (VALUES ('person'), ('org')) AS ak(kind)
                 CROSS JOIN LATERAL service_affair.bundle_material_options(
                                x.items, x.stages, ak.kind,
                                CASE WHEN s.after
                                     THEN pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object(
                                              'key', service_affair.catalog_key('material', a), 'image', after_image))
                                     -- before the statement: its other rows as they were (stmt)
                                     ELSE COALESCE(stmt, '[]'::jsonb) || pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object(
                                              'key', service_affair.catalog_key('material', a), 'image', before_image)) END,
                                a->>'code') o
                 WHERE bi.item = a->>'item' AND o.code = a->>'code'
                   AND service_affair.catalog_published_before('bundle', bi.bundle, at))
            SELECT EXISTS (SELECT 1 FROM options o JOIN options n ON n.after AND n.bundle = o.bundle AND n.kind = o.kind
                            WHERE NOT o.after AND o.brought AND n.brought AND o.tolerable AND NOT n.tolerable),
                   EXISTS (SELECT 1 FROM options o JOIN options n ON n.after AND n.bundle = o.bundle AND n.kind = o.kind
                            WHERE NOT o.after AND o.brought AND n.brought AND o.commitment_allowed AND NOT n.commitment_allowed),
                   -- brought after and not before, by intake's rule: a
                   -- material an earlier stage issued (produced) that the
                   -- write makes him bring (its evidence type changed or
                   -- cleared), which material_brought() above, knowing no
                   -- stages, took for brought before and after (until
                   -- 2026-12-05 unflagged; a review)
                   EXISTS (SELECT 1 FROM options n
                            WHERE n.after AND n.brought
                              AND NOT EXISTS (SELECT 1 FROM options o
                                               WHERE NOT o.after AND o.bundle = n.bundle AND o.kind = n.kind AND o.brought))
              INTO tol_off, com_off, added;
            IF added AND NOT 'material_added' = ANY (k) THEN
                k := k || 'material_added'::text;
            END IF;
            IF tol_off AND NOT 'tolerance_off' = ANY (k) THEN
                k := k || 'tolerance_off'::text;
            END IF;
            IF com_off AND NOT 'commitment_off' = ANY (k) THEN
                k := k || 'commitment_off'::text;
            END IF;
        END IF;
    ELSIF tbl = 'item' AND op = 'update' THEN
        IF service_affair.item_legal_days((a->>'legal_limit')::integer) > service_affair.item_legal_days((b->>'legal_limit')::integer)
           OR service_affair.item_promised_days(a->>'kind', (a->>'promised_limit')::integer, (a->>'legal_limit')::integer)
            > service_affair.item_promised_days(b->>'kind', (b->>'promised_limit')::integer, (b->>'legal_limit')::integer) THEN
            k := k || 'limit_lengthened'::text;
        END IF;
        IF (a->>'max_visits')::integer > (b->>'max_visits')::integer THEN
            k := k || 'visits_raised'::text;
        END IF;
        IF pg_catalog.array_position('{none,apply,full}'::text[], a->>'online_depth')
             < pg_catalog.array_position('{none,apply,full}'::text[], b->>'online_depth')
           OR ((b->>'mobile')::boolean AND NOT (a->>'mobile')::boolean) THEN
            k := k || 'online_off'::text;
        END IF;
        -- fewer days to supply a tolerated (容缺) material after
        -- acceptance, a longer extension (延期) the department may take,
        -- approval on commitment (承诺制审批) withdrawn, a narrower 通办
        -- scope or fewer kinds of point accepting the item (the applicant
        -- travels further)
        IF (a->>'tolerance_days')::integer < (b->>'tolerance_days')::integer THEN
            k := k || 'tolerance_shortened'::text;
        END IF;
        IF (a->>'extension_limit')::integer > (b->>'extension_limit')::integer THEN
            k := k || 'extension_lengthened'::text;
        END IF;
        IF b->>'approval_mode' = 'commitment' AND a->>'approval_mode' = 'standard' THEN
            k := k || 'commitment_off'::text;
        END IF;
        IF pg_catalog.array_position('{none,county,city,province,national}'::text[], a->>'tongban_scope')
             < pg_catalog.array_position('{none,county,city,province,national}'::text[], b->>'tongban_scope')
           OR (pg_catalog.jsonb_typeof(a->'accepting_levels') = 'array' AND pg_catalog.jsonb_typeof(b->'accepting_levels') = 'array'
               AND NOT (a->'accepting_levels') @> (b->'accepting_levels')) THEN
            k := k || 'scope_narrowed'::text;
        END IF;
        -- a fee (free text, 收费标准): none before (NULL, blank, 不收费,
        -- 免费, 免收, 无, 0, 0元, 0.00元, each with a final stop or a note in
        -- brackets naming no money: none of 元 角 收 费 钱 块, so that
        -- 无（另收工本费10元） is a fee) and one now, or one raised.  No rule reads an amount
        -- from free text: the same wording with its numbers compared in
        -- order, another wording of a fee counted as raised (the reason
        -- says what changed).  Each is read as it displays, every
        -- character of the blank rule dropped (visible_text(): spaces,
        -- U+3000, U+202F, U+200B, the soft hyphen...), its
        -- full-width digits, points and commas made half-width and its
        -- thousands separators dropped: until 2026-12-05 １００元 made 100元,
        -- 1,000元 made 1000元, 0元 made 0.00元 or 免费 given its legal
        -- basis (免费（依据…）) was fee_raised (a review).  Until 2026-12-08
        -- only spaces and U+3000 were dropped: a fee stored 每件99<U+200B>99元
        -- (displayed 每件9999元) changed to 每件1<U+200B>0000元 (displayed
        -- 每件10000元) compared 99, 99 with 1, 0000 and was no regression
        -- (a second read; catalog_fee_invisible.sql)
        IF (a->>'fee') IS DISTINCT FROM (b->>'fee') THEN
            SELECT pg_catalog.array_agg(n.t ORDER BY n.o),
                   pg_catalog.array_agg(n.t IS NULL OR n.t = '' OR service_affair.is_blank(n.fee)
                                        OR pg_catalog.regexp_replace(pg_catalog.regexp_replace(n.t, '[（(][^（()）元角收费钱块]*[）)]', '', 'g'),
                                                                     '[。.；;，,！!]+$', '')
                                           ~ E'^(不收费|免费|免收|无|0+(\\.0+)?元?)$'
                                        ORDER BY n.o)
              INTO norm, free
              FROM (SELECT f.o, f.fee,
                           pg_catalog.regexp_replace(service_affair.visible_text(
                               pg_catalog.translate(f.fee, '０１２３４５６７８９．，', '0123456789.,')),
                               '(?<=[0-9]),(?=[0-9]{3}(?![0-9]))', '', 'g') AS t
                      FROM (VALUES (1, b->>'fee'), (2, a->>'fee')) AS f(o, fee)) n;
            IF NOT free[2] AND (free[1]
                   OR pg_catalog.regexp_replace(norm[1], E'[0-9]+(\\.[0-9]+)?', '#', 'g')
                      IS DISTINCT FROM pg_catalog.regexp_replace(norm[2], E'[0-9]+(\\.[0-9]+)?', '#', 'g')
                   OR EXISTS (SELECT 1 FROM ROWS FROM (
                                  pg_catalog.unnest(ARRAY(SELECT m[1]::numeric FROM pg_catalog.regexp_matches(norm[1], E'([0-9]+(?:\\.[0-9]+)?)', 'g') AS m)),
                                  pg_catalog.unnest(ARRAY(SELECT m[1]::numeric FROM pg_catalog.regexp_matches(norm[2], E'([0-9]+(?:\\.[0-9]+)?)', 'g') AS m)))
                                  AS x(nb, na)
                               WHERE x.na > x.nb)) THEN
                k := k || 'fee_raised'::text;
            END IF;
        END IF;
        -- the applicant's credit record now decides his 容缺 and 告知承诺
        -- on the item (intake_credit_ok): one with a poor record loses them
        IF (b->>'credit_check')::boolean IS FALSE AND (a->>'credit_check')::boolean THEN
            k := k || 'credit_check_added'::text;
        END IF;
        -- of an item first published today, none; but one switched offline
        -- that is an entry of a bundle first published on an earlier day
        -- whose other entries are all online takes the bundle offline
        -- (service_info(): online when every item is), online_off of the
        -- bundle as for an offline item entered in it; one switched off
        -- the mobile app (mobile) of a bundle whose other entries are all
        -- mobile takes the bundle off the app, online_off of the bundle
        -- alike.  The other entries as they were before the statement
        -- (stmt, their before images by code), as the days above: until
        -- 2026-12-05 an online item entered first and switched offline
        -- after escaped both rules, the mobile app was judged by neither,
        -- and two items of a bundle switched by one UPDATE each saw the
        -- other switched already (reviews)
        IF pg_catalog.cardinality(k) > 0 AND NOT service_affair.catalog_published_before('item', a->>'code', at) THEN
            k := CASE WHEN COALESCE((b->>'online')::boolean, false) AND NOT COALESCE((a->>'online')::boolean, true)
                           AND EXISTS (
                               SELECT 1 FROM service_affair.bundle_item bi
                                WHERE bi.item = a->>'code'
                                  AND EXISTS (SELECT 1 FROM service_affair.bundle_item b2
                                               WHERE b2.bundle = bi.bundle AND b2.item <> bi.item)
                                  AND NOT EXISTS (SELECT 1 FROM service_affair.bundle_item b2
                                                    JOIN service_affair.item i2 ON i2.code = b2.item
                                                   WHERE b2.bundle = bi.bundle AND b2.item <> bi.item
                                                     AND NOT COALESCE((stmt->b2.item->>'online')::boolean, i2.online))
                                  AND service_affair.catalog_published_before('bundle', bi.bundle, at))
                      THEN '{online_off}'::text[]
                      -- switched off the app (mobile), of a bundle whose
                      -- other entries are all mobile: the bundle is off it
                      -- (service_info(): mobile when every item is)
                      WHEN COALESCE((b->>'mobile')::boolean, false) AND NOT COALESCE((a->>'mobile')::boolean, true)
                           AND EXISTS (
                               SELECT 1 FROM service_affair.bundle_item bi
                                WHERE bi.item = a->>'code'
                                  AND EXISTS (SELECT 1 FROM service_affair.bundle_item b2
                                               WHERE b2.bundle = bi.bundle AND b2.item <> bi.item)
                                  AND NOT EXISTS (SELECT 1 FROM service_affair.bundle_item b2
                                                    JOIN service_affair.item i2 ON i2.code = b2.item
                                                   WHERE b2.bundle = bi.bundle AND b2.item <> bi.item
                                                     AND NOT COALESCE((stmt->b2.item->>'mobile')::boolean, i2.mobile))
                                  AND service_affair.catalog_published_before('bundle', bi.bundle, at))
                      THEN '{online_off}'::text[] ELSE '{}'::text[] END;
        END IF;
        -- an item moved to another department changes which bundles are
        -- joint: one that leaves a bundle first published on an earlier day
        -- of one department lifts the cap on its cases' extensions
        -- (bundle_extension_days(), as an entry removed: the bundle's
        -- stages' largest extension_limit summed, at most 15 when joint),
        -- extension_lengthened as when its extension_limit is raised (the
        -- item's own rule above).  Its bundles' legal days are named by
        -- catalog_bundles_lengthened().  A department renamed (ON UPDATE
        -- CASCADE: its code is gone from department) moves every item of it
        -- at once, no bundle's departments change: no move.  Judged row by
        -- row, the items renamed before this one counted as a second
        -- department, and every item of a one-department bundle of stages
        -- summing over 15 was extension_lengthened (reason missing) until
        -- 2026-12-05 (a review).  The other items its statement wrote
        -- (stmt) count before as they were: a reorganisation moving every
        -- item of one department to another in one statement moves no
        -- bundle of it, and a statement that takes a joint bundle's last
        -- items of one department to the other lifts its cap, each item
        -- moved judged so.  Only a bundle left of one department lifts
        -- it (an extension_limit the statement raised on another item is
        -- that item's).  Until 2026-12-05 each was judged against the
        -- others already moved: two departments before, one after (a
        -- review)
        IF (a->>'department') IS DISTINCT FROM (b->>'department') AND NOT 'extension_lengthened' = ANY (k)
           AND EXISTS (SELECT 1 FROM service_affair.department dp WHERE dp.code = b->>'department')
           AND EXISTS (
               WITH entries AS (
                   SELECT s.after, bi.bundle, bi.stage,
                          CASE WHEN bi.item = a->>'code' THEN COALESCE((s.img->>'extension_limit')::integer, i.extension_limit)
                               WHEN NOT s.after AND stmt ? bi.item
                               THEN COALESCE((stmt->bi.item->>'extension_limit')::integer, i.extension_limit)
                               ELSE i.extension_limit END AS x,
                          CASE WHEN bi.item = a->>'code' THEN COALESCE(s.img->>'department', i.department)
                               -- another item of the statement, as it was
                               -- (one of a department renamed: as it is)
                               WHEN NOT s.after AND stmt ? bi.item
                                    AND EXISTS (SELECT 1 FROM service_affair.department dp
                                                 WHERE dp.code = stmt->bi.item->>'department')
                               THEN stmt->bi.item->>'department'
                               ELSE i.department END AS d
                     FROM service_affair.bundle_item bi
                     JOIN service_affair.item i ON i.code = bi.item
                    CROSS JOIN (VALUES (false, b), (true, a)) AS s(after, img)
                    WHERE bi.bundle IN (SELECT bi0.bundle FROM service_affair.bundle_item bi0 WHERE bi0.item = a->>'code')
                      AND service_affair.catalog_published_before('bundle', bi.bundle, at)),
               totals AS (
                   SELECT e.after, e.bundle,
                          service_affair.bundle_extension_days(
                              (SELECT pg_catalog.sum(m.x) FROM (SELECT pg_catalog.max(e2.x) AS x FROM entries e2
                                                                 WHERE e2.after = e.after AND e2.bundle = e.bundle
                                                                 GROUP BY e2.stage) m)::integer,
                              pg_catalog.count(DISTINCT e.d)) AS ext,
                          pg_catalog.count(DISTINCT e.d) AS depts
                     FROM entries e GROUP BY e.after, e.bundle)
               SELECT 1 FROM totals n JOIN totals o ON o.bundle = n.bundle AND NOT o.after
                WHERE n.after AND n.ext > o.ext AND o.depts > 1 AND n.depts = 1) THEN
            k := k || 'extension_lengthened'::text;
        END IF;
        -- what the item issues (output_evidence_type) changed or cleared,
        -- of an entry of a bundle first published on an earlier day,
        -- whatever the item's first day (as a material of an entry's item):
        -- a material of a later stage naming the type it issued is no
        -- longer produced (intake's rule, catalog_entries() flag 32), and
        -- the bundle's applicants of a kind bring it after and not before
        -- (material_added of the bundle), or lose an option of it, by the
        -- same options as a material's write (bundle_material_options():
        -- the bundle's entries with this item as it was, the other items
        -- of its statement as they were before it, stmt, and with this
        -- item as it is), of the codes of the bundle's materials naming
        -- the type it issued or issues.  One that another earlier stage
        -- still issues stays produced; one newly issued is produced, none.
        -- Each call is linear in the bundle's entries, and only an update
        -- changing output_evidence_type calls it.  Until 2026-12-05 it was
        -- judged by nothing (a review)
        IF (a->>'output_evidence_type') IS DISTINCT FROM (b->>'output_evidence_type')
           AND EXISTS (SELECT 1 FROM service_affair.bundle_item bi WHERE bi.item = a->>'code') THEN
            WITH bundles AS MATERIALIZED (
                SELECT bi.bundle FROM service_affair.bundle_item bi
                 WHERE bi.item = a->>'code' AND service_affair.catalog_published_before('bundle', bi.bundle, at)),
            -- the codes of its bundles' materials naming the type it issued
            -- or issues (one join, not a probe per code)
            codes AS (
                SELECT DISTINCT bu.bundle, m.code
                  FROM bundles bu
                  JOIN service_affair.bundle_item b2 ON b2.bundle = bu.bundle
                  JOIN service_affair.material m ON m.item = b2.item
                 WHERE m.evidence_type IN (a->>'output_evidence_type', b->>'output_evidence_type')),
            options AS (
                SELECT bu.bundle, s.after, ak.kind, o.code, o.brought, o.tolerable, o.commitment_allowed
                  FROM bundles bu
                 CROSS JOIN LATERAL (SELECT pg_catalog.array_agg(b2.item) AS items, pg_catalog.array_agg(b2.stage) AS stages
                                       FROM service_affair.bundle_item b2 WHERE b2.bundle = bu.bundle) x
                 CROSS JOIN (VALUES (false), (true)) AS s(after)
                 CROSS JOIN (VALUES ('person'), ('org')) AS ak(kind)
                 CROSS JOIN LATERAL service_affair.bundle_material_options(
                                x.items, x.stages, ak.kind, NULL, NULL,
                                CASE WHEN s.after
                                     THEN pg_catalog.jsonb_build_object(a->>'code', after_image)
                                     -- before the statement: its other items as they were (stmt)
                                     ELSE COALESCE(stmt, '{}'::jsonb) || pg_catalog.jsonb_build_object(a->>'code', before_image) END) o
                  JOIN codes c ON c.bundle = bu.bundle AND c.code = o.code)
            -- (brought after and not before: a set difference, hashed or
            -- sorted, never a nested loop over the two sides)
            SELECT EXISTS (SELECT n.bundle, n.kind, n.code FROM options n WHERE n.after AND n.brought
                           EXCEPT SELECT o.bundle, o.kind, o.code FROM options o WHERE NOT o.after AND o.brought),
                   EXISTS (SELECT 1 FROM options o JOIN options n ON n.after AND n.bundle = o.bundle AND n.kind = o.kind AND n.code = o.code
                            WHERE NOT o.after AND o.brought AND n.brought AND o.tolerable AND NOT n.tolerable),
                   EXISTS (SELECT 1 FROM options o JOIN options n ON n.after AND n.bundle = o.bundle AND n.kind = o.kind AND n.code = o.code
                            WHERE NOT o.after AND o.brought AND n.brought AND o.commitment_allowed AND NOT n.commitment_allowed)
              INTO added, tol_off, com_off;
            IF added AND NOT 'material_added' = ANY (k) THEN
                k := k || 'material_added'::text;
            END IF;
            IF tol_off AND NOT 'tolerance_off' = ANY (k) THEN
                k := k || 'tolerance_off'::text;
            END IF;
            IF com_off AND NOT 'commitment_off' = ANY (k) THEN
                k := k || 'commitment_off'::text;
            END IF;
        END IF;
    ELSIF tbl = 'bundle' AND op = 'update' THEN
        -- the promised days as bundle_limits computes them (bundle_days()),
        -- the entries being the same before and after: NULL is the sum over
        -- stages
        SELECT (service_affair.bundle_days((b->>'promised_limit')::integer, pg_catalog.sum(s.p)::integer,
                                           pg_catalog.sum(s.l)::integer, pg_catalog.count(*), pg_catalog.max(s.d))).promised_days,
               (service_affair.bundle_days((a->>'promised_limit')::integer, pg_catalog.sum(s.p)::integer,
                                           pg_catalog.sum(s.l)::integer, pg_catalog.count(*), pg_catalog.max(s.d))).promised_days
          INTO days_before, days_after
          FROM (SELECT pg_catalog.max(service_affair.item_promised_days(i.kind, i.promised_limit, i.legal_limit)) AS p,
                       pg_catalog.max(service_affair.item_legal_days(i.legal_limit)) AS l,
                       (SELECT pg_catalog.count(DISTINCT i2.department)
                          FROM service_affair.bundle_item bi2 JOIN service_affair.item i2 ON i2.code = bi2.item
                         WHERE bi2.bundle = COALESCE(a->>'code', b->>'code')) AS d
                  FROM service_affair.bundle_item bi JOIN service_affair.item i ON i.code = bi.item
                 WHERE bi.bundle = COALESCE(a->>'code', b->>'code') GROUP BY bi.stage) s;
        IF ((a->>'promised_limit')::integer > (b->>'promised_limit')::integer OR days_after > days_before)
           AND service_affair.catalog_published_before('bundle', COALESCE(a->>'code', b->>'code'), at) THEN
            k := k || 'limit_lengthened'::text;
        END IF;
    ELSIF tbl = 'bundle_item' THEN
        -- an entry written (insert, update) or removed (delete) of a bundle
        -- first published on an earlier day (a bundle built today is not a
        -- regression, as a material of a new item), judged against the
        -- bundle's other entries as they stand (whether the entry's row is
        -- still there, proposed, or gone, the write).  An entry removed can
        -- lengthen a joint bundle (bundle_days(): items of two or more
        -- departments, at most 45 days) by leaving it of one department,
        -- its days the whole sum over its stages (the other department's
        -- entry of three stages of 20 days: 45 to 60), and can leave a later
        -- stage's material to the applicant that the removed stage issued;
        -- an entry moved to another bundle is written as a delete and an
        -- insert (catalog_write()), so the bundle it left is judged too.  A
        -- bundle deleted whole, or renamed, takes its entries with it: not
        -- judged (its row is gone).  Until 2026-12-05 an entry's delete was
        -- judged by nothing (a review: none could lengthen a bundle before
        -- the cap), then by a second copy of these rules for its days only
        IF service_affair.catalog_published_before('bundle', COALESCE(a->>'bundle', b->>'bundle'), at)
           AND (op <> 'delete' OR EXISTS (SELECT 1 FROM service_affair.bundle bu0 WHERE bu0.code = b->>'bundle')) THEN
            -- the bundle's entries before and after the write, read once for
            -- both rules below
            WITH others AS (
                SELECT bi.stage, bi.item FROM service_affair.bundle_item bi
                 WHERE bi.bundle = COALESCE(a->>'bundle', b->>'bundle') AND bi.item <> COALESCE(a->>'item', b->>'item')),
            -- before the statement: the other entries of the bundle it
            -- wrote (stmt, catalog_write()) as they were, its new rows out
            -- and its old rows in.  Until 2026-12-05 each entry of a
            -- statement was judged against the others already written:
            -- two entries added to a new stage, or two items bringing the
            -- same material added, lengthened nothing (a review)
            others_before AS (
                SELECT o.stage, o.item FROM others o
                 WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.jsonb_array_elements(stmt->'new') sn
                                    WHERE sn->>'bundle' = COALESCE(a->>'bundle', b->>'bundle') AND sn->>'item' = o.item)
                UNION ALL
                SELECT (so->>'stage')::integer, so->>'item' FROM pg_catalog.jsonb_array_elements(stmt->'old') so
                 WHERE so->>'bundle' = COALESCE(a->>'bundle', b->>'bundle') AND so->>'item' <> COALESCE(a->>'item', b->>'item')),
            entries AS (
                SELECT false AS after, o.stage, o.item FROM others_before o
                UNION ALL SELECT true, o.stage, o.item FROM others o
                UNION ALL SELECT false, (b->>'stage')::integer, b->>'item' WHERE before_image IS NOT NULL
                UNION ALL SELECT true, (a->>'stage')::integer, a->>'item' WHERE after_image IS NOT NULL),
            stages AS (
                SELECT e.after, pg_catalog.max(service_affair.item_promised_days(i.kind, i.promised_limit, i.legal_limit)) AS p,
                       pg_catalog.max(service_affair.item_legal_days(i.legal_limit)) AS l,
                       pg_catalog.max(i.extension_limit) AS x
                  FROM entries e JOIN service_affair.item i ON i.code = e.item
                 GROUP BY e.after, e.stage),
            -- the departments of the bundle's items (bundle_days(): two or
            -- more handle it jointly)
            depts AS (
                SELECT e.after, pg_catalog.count(DISTINCT i.department) AS n
                  FROM entries e JOIN service_affair.item i ON i.code = e.item
                 GROUP BY e.after),
            -- a required material the bundle's applicants now bring that none
            -- of them brought: one no other entry requires him to bring
            -- (material_added of a material of an item alike,
            -- material_brought(): source applicant, one the department
            -- fetches, shared or issued, he does not bring) of his kind
            -- (applies_to), and that no earlier stage issues
            -- (catalog_entries, flag 32; an entry moved to a stage before its
            -- issuer's too).  Until 2026-12-05 an item added to a bundle
            -- added its materials unflagged, where a material added to the
            -- item was material_added, and a material the department
            -- fetches (shared or issued) counted as brought (reviews)
            -- (the first stage issuing each evidence type, before and
            -- after: one join, where a probe of the entries per material
            -- made an entry's write quadratic in the bundle's size)
            issued AS (
                SELECT e0.after, i0.output_evidence_type AS evidence_type, pg_catalog.min(e0.stage) AS stage
                  FROM entries e0 JOIN service_affair.item i0 ON i0.code = e0.item
                 WHERE i0.output_evidence_type IS NOT NULL
                 GROUP BY e0.after, i0.output_evidence_type),
            brought AS (
                SELECT e.after, m.code, ak.kind
                  FROM entries e
                  JOIN service_affair.material m ON m.item = e.item
                  JOIN (VALUES ('person'), ('org')) AS ak(kind)
                    ON service_affair.material_brought(m.required, m.source, m.applies_to, ak.kind)
                  LEFT JOIN issued f ON f.after = e.after AND f.evidence_type = m.evidence_type
                 WHERE NOT COALESCE(f.stage < e.stage, false)),
            -- the options of the bundle's materials before and after, for
            -- each kind of applicant, by the rule of intake
            -- (bundle_material_options(): the C engine over the entries'
            -- flags; a code several entries share is tolerable, 容缺, or
            -- replaceable by a commitment, 告知承诺, only if every entry
            -- requiring it of his kind says so).  An entry removed only
            -- widens them (fewer entries decide): not judged
            options AS (
                SELECT s.after, ak.kind, o.code, o.brought, o.tolerable, o.commitment_allowed
                  FROM (VALUES (false), (true)) AS s(after)
                 CROSS JOIN (VALUES ('person'), ('org')) AS ak(kind)
                 CROSS JOIN LATERAL (SELECT pg_catalog.array_agg(e.item) AS items, pg_catalog.array_agg(e.stage) AS stages
                                       FROM entries e WHERE e.after = s.after) x
                 CROSS JOIN LATERAL service_affair.bundle_material_options(x.items, x.stages, ak.kind) o
                 WHERE op <> 'delete'),
            -- whether the bundle is handled online, and on the mobile app,
            -- before and after (service_info(): when every item is)
            modes AS (
                SELECT e.after, pg_catalog.bool_and(i.online) AS online, pg_catalog.bool_and(i.mobile) AS mobile
                  FROM entries e JOIN service_affair.item i ON i.code = e.item
                 GROUP BY e.after)
            -- the bundle's days before and after (promised and legal, as
            -- an item's limit_lengthened: its promise or its legal limit;
            -- until 2026-12-05 an entry was judged by its promise only, and
            -- a bundle whose own promised_limit binds took more legal days
            -- unflagged: a stage added, or a joint bundle left of one
            -- department)
            SELECT db.promised_days, da.promised_days, db.legal_days, da.legal_days,
                   -- (a set difference: hashed or sorted, never a
                   -- nested loop over the two sides)
                   EXISTS (SELECT 1 FROM entries e WHERE NOT e.after)  -- no entry before: none added
                   AND EXISTS (SELECT n.code, n.kind FROM brought n WHERE n.after
                               EXCEPT SELECT o.code, o.kind FROM brought o WHERE NOT o.after)
                   , db.ext, da.ext,
                   -- a material an applicant of a kind brings before and
                   -- after that the bundle tolerated, or let him replace by
                   -- a commitment, before and not after
                   EXISTS (SELECT 1 FROM options o JOIN options n ON n.after AND n.kind = o.kind AND n.code = o.code
                            WHERE NOT o.after AND o.brought AND n.brought AND o.tolerable AND NOT n.tolerable),
                   EXISTS (SELECT 1 FROM options o JOIN options n ON n.after AND n.kind = o.kind AND n.code = o.code
                            WHERE NOT o.after AND o.brought AND n.brought AND o.commitment_allowed AND NOT n.commitment_allowed),
                   -- online (or mobile) before and not after; a bundle with
                   -- no entry before or none after is neither judged
                   EXISTS (SELECT 1 FROM modes mb JOIN modes ma ON ma.after
                            WHERE NOT mb.after AND ((mb.online AND NOT ma.online) OR (mb.mobile AND NOT ma.mobile)))
              INTO days_before, days_after, legal_before, legal_after, added, ext_before, ext_after, tol_off, com_off, app_off
              FROM (VALUES (1)) AS one(x) LEFT JOIN service_affair.bundle bu ON bu.code = COALESCE(a->>'bundle', b->>'bundle')
              LEFT JOIN LATERAL (SELECT (service_affair.bundle_days(bu.promised_limit, pg_catalog.sum(s.p)::integer, pg_catalog.sum(s.l)::integer,
                                                                    pg_catalog.count(*), (SELECT n.n FROM depts n WHERE NOT n.after))).*,
                                        service_affair.bundle_extension_days(pg_catalog.sum(s.x)::integer,
                                                                             (SELECT n.n FROM depts n WHERE NOT n.after)) AS ext
                                   FROM stages s WHERE NOT s.after HAVING pg_catalog.count(*) > 0) db ON true
              LEFT JOIN LATERAL (SELECT (service_affair.bundle_days(bu.promised_limit, pg_catalog.sum(s.p)::integer, pg_catalog.sum(s.l)::integer,
                                                                    pg_catalog.count(*), (SELECT n.n FROM depts n WHERE n.after))).*,
                                        service_affair.bundle_extension_days(pg_catalog.sum(s.x)::integer,
                                                                             (SELECT n.n FROM depts n WHERE n.after)) AS ext
                                   FROM stages s WHERE s.after HAVING pg_catalog.count(*) > 0) da ON true;
            -- no other entry before, or none left: none lengthened
            IF days_after > days_before OR legal_after > legal_before THEN
                k := k || 'limit_lengthened'::text;
            END IF;
            -- the most its cases may be extended in all (bundle_extension_days(),
            -- the rule extend() applies: each stage's largest extension_limit
            -- summed, at most 15 when joint) grown: an entry removed that
            -- leaves a joint bundle of one department lifts the cap (three
            -- stages of 10: 15 -> 30), a stage added raises the sum.  Until
            -- 2026-12-05 only an item's extension_limit raised was judged
            IF ext_after > ext_before THEN
                k := k || 'extension_lengthened'::text;
            END IF;
            IF added THEN
                k := k || 'material_added'::text;
            END IF;
            -- 容缺 or 告知承诺 of a material of the bundle taken away by an
            -- entry whose item asks for it without (options above).  Until
            -- 2026-12-05 an entry was judged by its days and the materials
            -- it added only: an item entered (or an entry's item changed)
            -- asking for a material the bundle tolerated, not tolerable,
            -- took 容缺 away from the bundle's applicants unflagged (a review)
            IF tol_off THEN
                k := k || 'tolerance_off'::text;
            END IF;
            IF com_off THEN
                k := k || 'commitment_off'::text;
            END IF;
            -- an entry (added, its item changed, or of a statement that
            -- added or changed others) that takes a bundle handled online, or
            -- on the mobile app (掌上办; submit() refuses the channel mobile
            -- for a service not mobile), off it: one of its items is not.
            -- Judged on the entries before and after, as the days are: until
            -- 2026-12-05 only an entry added was judged, against the other
            -- entries as they stood (an entry's item changed by an UPDATE, or
            -- an entry of the bundle the statement removed, was not), and
            -- the mobile app by nothing (reviews)
            IF app_off THEN
                k := k || 'online_off'::text;
            END IF;
        END IF;
    END IF;
    RETURN k;
END
$$;
COMMENT ON FUNCTION service_affair.catalog_regression_kinds(text, text, jsonb, jsonb, timestamptz, jsonb) IS
  'Internal: regressions a catalog write makes (stmt: the other rows its statement wrote, as they were before it: of an item update, their before images by code; of an entry, {old: their old rows, new: their new rows}; of a material, those of its code of the items of its item''s bundles, a jsonb array of {key, image}, image null of one inserted; NULL: a one-row write), of an item or bundle first published on an earlier day than at (catalog_published_before): material_added (a required material the applicant must now bring, material_brought(): one he brings added or made required, shared or issued made applicant, applies_to widened, not one the department fetches added; an entry of a bundle whose item asks the applicant to bring a required material no other entry asked him to bring; an item, whatever its first day, whose output_evidence_type changed or cleared leaves to the applicants of a bundle it is an entry of a material a later entry names that no earlier stage issues any more, by intake''s rule, bundle_material_options() with the item as it was, the other items of its statement as they were, stmt, and as it is, of the codes naming the type it issued or issues), tolerance_off and commitment_off (a material an applicant brings before and after, of the same kind, material_brought(), no longer tolerable, 容缺, or no longer replaceable by a commitment, 告知承诺; not one the department fetches, shared or issued, nor one of the other kind of applicant; an entry of a bundle, added or its item changed, whose item asks for a material the bundle''s applicants bring, before and after, without the option the bundle gave it before, by intake''s rule, bundle_material_options(): only if every entry requiring it says so; a material of an entry''s item, whatever the item''s first day, that takes such an option away, judged with the bundle''s materials before the statement, this row as it was (stmt), and as they stand, this row as it is, the kind listed once; an item''s approval on commitment, 承诺制审批, withdrawn), original_required, copies_raised, format_narrowed (a material an applicant brings before and after, of the same kind, material_brought(): an original now asked, more copies, fewer formats accepted), limit_lengthened (a bundle''s promised days too, by its promised_limit, an entry, or an entry removed that leaves a joint bundle of one department), visits_raised, online_off (online depth lowered, mobile switched off, an offline item added to an online bundle, an item not mobile added to a bundle whose items were all mobile, an entry''s item changed to one that takes the bundle offline or off the app, judged on the entries before and after; of an item first published today, one switched offline or off the mobile app that takes such a bundle of an earlier day with it), tolerance_shortened (tolerance_days lowered), extension_lengthened (extension_limit raised; a bundle whose cases may be extended longer in all, bundle_extension_days(): an entry added, or an entry removed or an item moved to another department that leaves a joint bundle of one department, its 15-day cap lifted), scope_narrowed (tongban_scope narrowed, a level of accepting_levels dropped), fee_raised (a fee introduced, or raised), credit_check_added (credit_check made true)';
REVOKE EXECUTE ON FUNCTION service_affair.catalog_regression_kinds(text, text, jsonb, jsonb, timestamptz, jsonb) FROM PUBLIC;

-- The bundles an update of an item lengthens: a bundle's days (bundle_limits,
-- bundle_days(): its promised_limit, else the sum over stages of the largest
-- member promise, at most its legal days; its legal days the sum of the
-- largest member legal limits, at most 45 when its items belong to two or
-- more departments) follow its items, an item moved to another department
-- too, so an item's promise or legal limit
-- raised raises them in every bundle that holds it.  The item's own version
-- is limit_lengthened already; until 2026-12-05 nothing named the bundles,
-- and catalog_regressions of a bundle missed the days it had lengthened by
-- (a review).  Judged as catalog_regression_kinds judges an entry: a bundle
-- first published on an earlier day, against its other entries as they
-- stand, this item as before and as after; the other items its statement
-- wrote (stmt, catalog_write(): their before images by code) counted before
-- as they were, so that a statement is judged against the catalog as it
-- stood before it (until 2026-12-05 each item against the others already
-- written: moving every item of a department to another made each item of
-- a one-department bundle over 45 legal days name it, a review).  An update
-- that changes nothing the days read (kind, promised_limit, legal_limit,
-- department) names none: another item of its statement lengthened it.
CREATE FUNCTION service_affair.catalog_bundles_lengthened(before_image jsonb, after_image jsonb,
                                                           at timestamptz DEFAULT pg_catalog.now(), stmt jsonb DEFAULT NULL)
    RETURNS text[]
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    WITH bundles AS (
        SELECT bu.code, bu.promised_limit FROM service_affair.bundle bu
         WHERE EXISTS (SELECT 1 FROM service_affair.bundle_item bi
                        WHERE bi.bundle = bu.code AND bi.item = after_image->>'code')
           AND (before_image->'kind', before_image->'promised_limit', before_image->'legal_limit', before_image->'department')
               IS DISTINCT FROM (after_image->'kind', after_image->'promised_limit', after_image->'legal_limit', after_image->'department')
           AND service_affair.catalog_published_before('bundle', bu.code, at)),
    entries AS (
        SELECT s.after, bi.bundle, bi.stage,
               CASE WHEN bi.item = after_image->>'code'
                    THEN service_affair.item_promised_days(s.img->>'kind', (s.img->>'promised_limit')::integer,
                                                           (s.img->>'legal_limit')::integer)
                    WHEN NOT s.after AND stmt ? bi.item
                    THEN service_affair.item_promised_days(stmt->bi.item->>'kind', (stmt->bi.item->>'promised_limit')::integer,
                                                           (stmt->bi.item->>'legal_limit')::integer)
                    ELSE service_affair.item_promised_days(i.kind, i.promised_limit, i.legal_limit) END AS p,
               CASE WHEN bi.item = after_image->>'code' THEN service_affair.item_legal_days((s.img->>'legal_limit')::integer)
                    WHEN NOT s.after AND stmt ? bi.item THEN service_affair.item_legal_days((stmt->bi.item->>'legal_limit')::integer)
                    ELSE service_affair.item_legal_days(i.legal_limit) END AS l,
               -- a department renamed (its code gone from department: ON
               -- UPDATE CASCADE renames every item of it at once) moves
               -- no item: the item is counted in its new code before too.
               -- Until 2026-12-05 the items renamed before it counted as a
               -- second department, and a one-department bundle over 45
               -- legal days was limit_lengthened by a rename (a review)
               CASE WHEN bi.item = after_image->>'code'
                    THEN COALESCE(CASE WHEN s.after OR EXISTS (SELECT 1 FROM service_affair.department dp
                                                                WHERE dp.code = s.img->>'department')
                                       THEN s.img->>'department' ELSE after_image->>'department' END,
                                  i.department)
                    WHEN NOT s.after AND stmt ? bi.item
                         AND EXISTS (SELECT 1 FROM service_affair.department dp WHERE dp.code = stmt->bi.item->>'department')
                    THEN stmt->bi.item->>'department'
                    ELSE i.department END AS d
          FROM bundles bu
          JOIN service_affair.bundle_item bi ON bi.bundle = bu.code
          JOIN service_affair.item i ON i.code = bi.item
         CROSS JOIN (VALUES (false, before_image), (true, after_image)) AS s(after, img)),
    stages AS (
        SELECT e.after, e.bundle, pg_catalog.max(e.p) AS p, pg_catalog.max(e.l) AS l
          FROM entries e GROUP BY e.after, e.bundle, e.stage),
    depts AS (  -- bundle_days(): two or more departments handle a bundle jointly
        SELECT e.after, e.bundle, pg_catalog.count(DISTINCT e.d) AS n
          FROM entries e GROUP BY e.after, e.bundle),
    days AS (
        SELECT st.after, st.bundle,
               service_affair.bundle_days(bu.promised_limit, pg_catalog.sum(st.p)::integer, pg_catalog.sum(st.l)::integer,
                                          pg_catalog.count(*), dp.n) AS bd
          FROM stages st JOIN bundles bu ON bu.code = st.bundle
          JOIN depts dp ON dp.after = st.after AND dp.bundle = st.bundle
         GROUP BY st.after, st.bundle, bu.promised_limit, dp.n)
    SELECT COALESCE(pg_catalog.array_agg(n.bundle ORDER BY n.bundle), '{}')
      FROM days n JOIN days o ON o.bundle = n.bundle AND NOT o.after
     WHERE n.after AND ((n.bd).promised_days > (o.bd).promised_days OR (n.bd).legal_days > (o.bd).legal_days)
$$;
COMMENT ON FUNCTION service_affair.catalog_bundles_lengthened(jsonb, jsonb, timestamptz, jsonb) IS
  'Internal: the bundles (first published on an earlier day than at) whose promised or legal days an update of a member item from before_image to after_image lengthens, the other items its statement wrote counted before as they were (stmt: their before images by code), in code order; none when the update changes none of kind, promised_limit, legal_limit, department';
REVOKE EXECUTE ON FUNCTION service_affair.catalog_bundles_lengthened(jsonb, jsonb, timestamptz, jsonb) FROM PUBLIC;

-- The key and the department a row of a catalog table concerns.
CREATE FUNCTION service_affair.catalog_key(tbl text, image jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
RETURN CASE tbl
    WHEN 'item' THEN pg_catalog.jsonb_build_object('code', image->'code')
    WHEN 'material' THEN pg_catalog.jsonb_build_object('item', image->'item', 'code', image->'code')
    WHEN 'bundle' THEN pg_catalog.jsonb_build_object('code', image->'code')
    WHEN 'bundle_item' THEN pg_catalog.jsonb_build_object('bundle', image->'bundle', 'item', image->'item')
    WHEN 'item_implementation' THEN pg_catalog.jsonb_build_object('basic_code', image->'basic_code', 'region', image->'region') END;
COMMENT ON FUNCTION service_affair.catalog_key(text, jsonb) IS
  'The primary key (as jsonb) of a row image of a catalog table';

-- The row of a catalog table with this key, as jsonb (NULL when none); 22023
-- unless the key holds exactly the primary key columns, as strings.
CREATE FUNCTION service_affair.catalog_row(tbl text, key jsonb) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    keycols text[];
    cond text;
    res jsonb;
BEGIN
    keycols := CASE tbl WHEN 'item' THEN '{code}'::text[] WHEN 'bundle' THEN '{code}'::text[]
                        WHEN 'material' THEN '{item,code}'::text[] WHEN 'bundle_item' THEN '{bundle,item}'::text[]
                        WHEN 'item_implementation' THEN '{basic_code,region}'::text[] END;
    IF keycols IS NULL OR key IS NULL OR pg_catalog.jsonb_typeof(key) <> 'object'
       OR (SELECT pg_catalog.count(*) FROM pg_catalog.jsonb_each(key) e
            WHERE e.key = ANY (keycols) AND pg_catalog.jsonb_typeof(e.value) = 'string') <> pg_catalog.cardinality(keycols)
       OR (SELECT pg_catalog.count(*) FROM pg_catalog.jsonb_object_keys(key)) <> pg_catalog.cardinality(keycols) THEN
        RAISE EXCEPTION 'invalid catalog change key'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('The key of a row of %s has exactly the text columns %s; got %s.',
                                             COALESCE(service_affair.printable(pg_catalog.left(tbl, 64)), 'NULL'), COALESCE(pg_catalog.array_to_string(keycols, ', '), '(none)'),
                                             COALESCE(service_affair.printable(pg_catalog.left(key::text, 200)), 'NULL'));
    END IF;
    cond := (SELECT pg_catalog.string_agg(pg_catalog.format('t.%I = $1->>%L', c, c), ' AND ') FROM pg_catalog.unnest(keycols) c);
    EXECUTE pg_catalog.format('SELECT pg_catalog.to_jsonb(t) FROM service_affair.%I t WHERE %s', tbl, cond) INTO res USING key;
    RETURN res;
END
$$;
COMMENT ON FUNCTION service_affair.catalog_row(text, jsonb) IS
  'Internal: the row of a catalog table (item, material, bundle, bundle_item, item_implementation) with this primary key, as jsonb; NULL when none; 22023 for a key that is not exactly the primary key columns';
REVOKE EXECUTE ON FUNCTION service_affair.catalog_row(text, jsonb) FROM PUBLIC;

-- The change apply_catalog_change() is publishing in this transaction: the
-- setting service_affair.catalog_change it sets around its write, read by
-- catalog_record() (the version is the reviewed change's) and the trigger
-- catalog_item_defaults() (the item takes effect on the change's day).  One
-- parse of the setting: until 2026-12-05 each of the two spelled it (the
-- same pattern and status, twice).  Runs as the writer (the trigger
-- does): administrators write the catalog directly.
-- The setting is left one any role may set, unlike the inspection log's
-- marks (src/service_affair.c; re-examined 2026-12-06, markers_bypass.sql):
-- it counts only while it names a change in status publishing, and only
-- apply_catalog_change() puts a change there, in its own call, around its
-- one write (catalog_apply(): the extension's triggers run, none of a
-- caller's; no role but the owner writes catalog_change), setting it back
-- to published before it returns (a failure rolls both back).  No other
-- transaction sees a change publishing, and in the publishing one no code
-- of the caller's runs meanwhile: a value a caller sets names no such
-- change, and the write is recorded as a direct one (not reviewed).
CREATE FUNCTION service_affair.catalog_change_publishing() RETURNS bigint
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v text := pg_catalog.current_setting('service_affair.catalog_change', true);
BEGIN
    IF v IS NULL OR v !~ '^[0-9]{1,18}$' THEN
        RETURN NULL;
    END IF;
    RETURN (SELECT c.id FROM service_affair.catalog_change c WHERE c.id = v::bigint AND c.status = 'publishing');
END
$$;
COMMENT ON FUNCTION service_affair.catalog_change_publishing() IS
  'Internal: the id of the catalog change apply_catalog_change() is publishing in this transaction (the setting service_affair.catalog_change, a change in status publishing), else NULL; asked by catalog_record() and the trigger catalog_item_defaults()';
REVOKE EXECUTE ON FUNCTION service_affair.catalog_change_publishing() FROM PUBLIC;
INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    ('admin', 'EXECUTE', 'service_affair.catalog_change_publishing()');

-- Records one version and its ledger entry (SECURITY DEFINER: the writers of
-- the catalog cannot write the history).  Called only by the trigger function
-- catalog_write() (75_catalog_ledger.sql), which runs as its owner: no group
-- role may execute it, so that nobody records a version from a trigger of his
-- own (a temporary table's) with an invented before image.  It checks that it
-- runs in a trigger and that the after image is the row as it now stands.
CREATE FUNCTION service_affair.catalog_record(tbl text, op text, before_image jsonb, after_image jsonb,
                                              stmt jsonb DEFAULT NULL) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    k jsonb;
    live jsonb;
    ch record;
    v_reviewed boolean := false;
    v_reason text;
    v_regr text[];
    v_bundles text[] := '{}';
    v_id bigint;
    v_seq bigint;
    v_item text;
    v_bundle text;
    v_at timestamptz := pg_catalog.now();
    v_change bigint;
BEGIN
    IF pg_catalog.pg_trigger_depth() < 1 OR tbl IS NULL OR op IS NULL
       OR tbl NOT IN ('item', 'material', 'bundle', 'bundle_item', 'item_implementation') OR op NOT IN ('insert', 'update', 'delete') THEN
        RAISE EXCEPTION 'catalog versions are recorded by the catalog triggers only'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'catalog_record() is called by the triggers on item, material, bundle, bundle_item and item_implementation.';
    END IF;
    k := service_affair.catalog_key(tbl, COALESCE(after_image, before_image));
    live := service_affair.catalog_row(tbl, k);
    IF (op = 'delete' AND live IS NOT NULL) OR (op <> 'delete' AND live IS DISTINCT FROM after_image) THEN
        RAISE EXCEPTION 'catalog version does not match the row'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('The after image of %s %s is not the row of service_affair.%s.', tbl, k, tbl);
    END IF;
    -- the reviewed path: apply_catalog_change() names the change it applies
    SELECT c.id, c.reason, c.tbl, c.op, c.key, c.regressions, c.bundles_lengthened INTO ch FROM service_affair.catalog_change c
     WHERE c.id = service_affair.catalog_change_publishing();
    -- the change's row, and the rows its statement cascades to (the
    -- materials of a deleted item, the entries of a deleted bundle; a
    -- change never sets a key column, so nothing is renamed): until
    -- 2026-12-04 those were recorded as unreviewed direct writes of the
    -- reviewer, and the approval put them in the review queue (a review).
    -- The item_implementation rows naming a deleted item go with it too
    -- (ON DELETE CASCADE; until 2026-12-07 each was such a direct write
    -- of the reviewer: catalog_implementation_ledger.sql)
    IF FOUND AND ((ch.tbl = tbl AND ch.key = k)
                  OR (ch.tbl = 'item' AND tbl = 'material' AND k->>'item' = ch.key->>'code')
                  OR (ch.tbl = 'bundle' AND tbl = 'bundle_item' AND k->>'bundle' = ch.key->>'code')
                  OR (ch.tbl = 'item' AND ch.op = 'delete' AND tbl = 'item_implementation' AND op = 'delete'
                      AND before_image->>'item' = ch.key->>'code')) THEN
        v_reviewed := true;
        v_reason := ch.reason;
        v_change := ch.id;
    ELSE
        v_reason := pg_catalog.current_setting('service_affair.catalog_reason', true);
        IF service_affair.is_blank(v_reason) THEN  -- the one blank rule (06_arguments.sql): no reason
            v_reason := NULL;
        END IF;
        -- bounded as a proposal's reason: it goes into the append-only ledger
        PERFORM service_affair.check_case_args(pg_catalog.now(), note => v_reason,
                                               note_name => 'service_affair.catalog_reason');  -- 22023
    END IF;
    v_item := CASE WHEN tbl = 'item' THEN k->>'code' WHEN tbl IN ('material', 'bundle_item') THEN k->>'item'
                   WHEN tbl = 'item_implementation' THEN COALESCE(after_image, before_image)->>'item' END;
    v_bundle := CASE WHEN tbl = 'bundle' THEN k->>'code' WHEN tbl = 'bundle_item' THEN k->>'bundle' END;
    -- never before the key's latest version: a transaction that began before
    -- another one wrote the row, and wrote it after that one committed (the
    -- row lock orders them), would otherwise record the later version with
    -- the earlier time, and every reader "as of" a time (guide_as_of(),
    -- catalog_rows_as_of()) would take the overwritten one for ever
    IF tbl = 'item_implementation' THEN
        -- (its item may have changed: by its key, catalog_version_implementation_idx)
        SELECT GREATEST(v_at, pg_catalog.max(v.effective_at)) INTO v_at FROM service_affair.catalog_version v
         WHERE v.tbl = 'item_implementation' AND v.key = k;
    ELSE
        SELECT GREATEST(v_at, pg_catalog.max(v.effective_at)) INTO v_at FROM service_affair.catalog_version v
         WHERE v.tbl = catalog_record.tbl AND v.key = k
           AND (v.item = v_item OR v.bundle = v_bundle);  -- the two indexes by item and bundle
    END IF;
    -- stmt: the statement's other rows as they were before it (catalog_write())
    v_regr := service_affair.catalog_regression_kinds(tbl, op, before_image, after_image, v_at, stmt);
    IF tbl = 'item' AND op = 'update' THEN
        v_bundles := service_affair.catalog_bundles_lengthened(before_image, after_image, v_at, stmt);
    END IF;
    IF v_reviewed THEN
        -- what the change was found to be when proposed (for its effective day) stays
        SELECT COALESCE(pg_catalog.array_agg(DISTINCT x ORDER BY x), '{}') INTO v_regr
          FROM pg_catalog.unnest(v_regr OPERATOR(pg_catalog.||) ch.regressions) x;
        -- and so do the bundles it was shown to lengthen (its own row only)
        IF ch.tbl = tbl AND ch.key = k THEN
            SELECT COALESCE(pg_catalog.array_agg(DISTINCT x ORDER BY x), '{}') INTO v_bundles
              FROM pg_catalog.unnest(v_bundles OPERATOR(pg_catalog.||) ch.bundles_lengthened) x;
        END IF;
    END IF;
    v_id := pg_catalog.nextval('service_affair.catalog_version_id_seq');
    v_seq := service_affair.log_append('catalog', 'catalog', pg_catalog.jsonb_build_object(
        'version', v_id, 'table', tbl, 'op', op, 'key', k, 'before', before_image, 'after', after_image,
        'effective_at', v_at, 'reviewed', v_reviewed, 'change', v_change, 'reason', v_reason,
        'regressions', pg_catalog.to_jsonb(v_regr), 'bundles_lengthened', pg_catalog.to_jsonb(v_bundles)));
    INSERT INTO service_affair.catalog_version (id, tbl, op, key, item, bundle, before_image, after_image, effective_at,
                                                actor, change_id, reviewed, reason, regressions, bundles_lengthened, ledger_seq)
        OVERRIDING SYSTEM VALUE
        VALUES (v_id, tbl, op, k, v_item, v_bundle, before_image, after_image, v_at,
                service_affair.actor(), v_change, v_reviewed, v_reason, v_regr, v_bundles, v_seq);
    RETURN v_id;
END
$$;
COMMENT ON FUNCTION service_affair.catalog_record(text, text, jsonb, jsonb, jsonb) IS
  'Internal (catalog_write() only, no group role executes it): records a version of a catalog row in catalog_version and the ledger catalog, judged with stmt, the other rows its statement wrote as they were before it (catalog_regression_kinds); reviewed when apply_catalog_change() publishes the matching change, else a direct write';
REVOKE EXECUTE ON FUNCTION service_affair.catalog_record(text, text, jsonb, jsonb, jsonb) FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- Proposing, reviewing and publishing changes

-- The department a change concerns (for the access checks).
CREATE FUNCTION service_affair.catalog_change_department(tbl text, key jsonb, row_data jsonb) RETURNS text
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
RETURN CASE tbl
    WHEN 'item' THEN COALESCE(row_data->>'department',
                              (SELECT i.department FROM service_affair.item i WHERE i.code = key->>'code'))
    WHEN 'material' THEN (SELECT i.department FROM service_affair.item i WHERE i.code = key->>'item')
    WHEN 'bundle' THEN COALESCE(row_data->>'lead_department',
                                (SELECT b.lead_department FROM service_affair.bundle b WHERE b.code = key->>'code'))
    WHEN 'bundle_item' THEN (SELECT b.lead_department FROM service_affair.bundle b WHERE b.code = key->>'bundle')
    -- the department of the item the row names: the one it will name, else
    -- the one it names now (which hands it the region's cases of the code)
    -- (catalog_row(): the table is created after this part, 34_network.sql)
    WHEN 'item_implementation' THEN (SELECT i.department FROM service_affair.item i
                                      WHERE i.code = COALESCE(row_data->>'item',
                                                              service_affair.catalog_row(tbl, key)->>'item')) END;
COMMENT ON FUNCTION service_affair.catalog_change_department(text, jsonb, jsonb) IS
  'Internal: the department a catalog change concerns: the item''s, the material''s item''s, the bundle''s lead department, the department of the item an item_implementation row names (the row''s new item, else its present one)';
REVOKE EXECUTE ON FUNCTION service_affair.catalog_change_department(text, jsonb, jsonb) FROM PUBLIC;

-- Applies one change to the catalog table and returns the after image (NULL
-- for a delete).  Column names come from the table itself; values go
-- through jsonb_populate_record.
CREATE FUNCTION service_affair.catalog_apply(tbl text, op text, key jsonb, row_data jsonb) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    cols text[];
    keycols text[];
    bad text;
    img jsonb := COALESCE(row_data, '{}') || key;
    setcols text;
    cond text;
    res jsonb;
    n integer;
BEGIN
    SELECT pg_catalog.array_agg(a.attname::text ORDER BY a.attnum) INTO cols FROM pg_catalog.pg_attribute a
     WHERE a.attrelid = ('service_affair.' || tbl)::pg_catalog.regclass AND a.attnum > 0 AND NOT a.attisdropped;
    keycols := CASE WHEN tbl IN ('item', 'bundle') THEN '{code}'::text[] WHEN tbl = 'material' THEN '{item,code}'
                    WHEN tbl = 'item_implementation' THEN '{basic_code,region}' ELSE '{bundle,item}' END;
    SELECT pg_catalog.string_agg(j.k, ', ' ORDER BY j.k) INTO bad FROM pg_catalog.jsonb_object_keys(img) j(k)
     WHERE NOT j.k = ANY (cols) OR j.k IN ('effective_from', 'published_at');
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'unknown column in catalog change'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Column(s) %s cannot be set in table %s.', service_affair.printable(pg_catalog.left(bad, 200)), tbl);
    END IF;
    PERFORM service_affair.catalog_row(tbl, key);  -- 22023 unless a primary key
    -- the key names the row; the row never sets it otherwise (a code is
    -- kept: catalog_code_kept(), 75_catalog_ledger.sql).  Until 2026-12-05
    -- "row": {"code": "x2"} was dropped in silence, and the reviewer read a
    -- rename in the change that its publication did not make (a review)
    SELECT pg_catalog.string_agg(pg_catalog.format('%s %s', j.k, service_affair.printable(pg_catalog.left(j.v::text, 100))), ', ' ORDER BY j.k)
      INTO bad FROM pg_catalog.jsonb_each(COALESCE(row_data, '{}')) j(k, v)
     WHERE j.k = ANY (keycols) AND j.v IS DISTINCT FROM catalog_apply.key->j.k;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'a catalog change does not change a key column'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('The row of %s %s sets %s; the key names the row, and an item''s or bundle''s code is kept.',
                                             tbl, service_affair.printable(pg_catalog.left(key::text, 200)), service_affair.printable(pg_catalog.left(bad, 200)));
    END IF;
    cond := (SELECT pg_catalog.string_agg(pg_catalog.format('t.%I = r.%I', c, c), ' AND ') FROM pg_catalog.unnest(keycols) c);
    IF op = 'insert' THEN
        SELECT pg_catalog.string_agg(pg_catalog.quote_ident(j.k), ', ') INTO setcols FROM pg_catalog.jsonb_object_keys(img) j(k);
        EXECUTE pg_catalog.format('INSERT INTO service_affair.%I AS t (%s) SELECT %s FROM pg_catalog.jsonb_populate_record(NULL::service_affair.%I, $1) r RETURNING pg_catalog.to_jsonb(t)',
                                  tbl, setcols, setcols, tbl) INTO res USING img;
    ELSIF op = 'update' THEN
        SELECT pg_catalog.string_agg(pg_catalog.format('%I = r.%I', j.k, j.k), ', ') INTO setcols
          FROM pg_catalog.jsonb_object_keys(COALESCE(row_data, '{}')) j(k) WHERE NOT j.k = ANY (keycols);
        IF setcols IS NULL THEN
            RAISE EXCEPTION 'empty catalog change'
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = pg_catalog.format('An update of %s %s sets no column.', tbl, service_affair.printable(pg_catalog.left(key::text, 200)));
        END IF;
        EXECUTE pg_catalog.format('UPDATE service_affair.%I AS t SET %s FROM pg_catalog.jsonb_populate_record(NULL::service_affair.%I, $1) r WHERE %s RETURNING pg_catalog.to_jsonb(t)',
                                  tbl, setcols, tbl, cond) INTO res USING img;
        GET DIAGNOSTICS n = ROW_COUNT;
        IF n = 0 THEN
            RAISE EXCEPTION 'unknown catalog row'
                USING ERRCODE = 'foreign_key_violation', DETAIL = pg_catalog.format('No row of %s has key %s.', tbl, service_affair.printable(pg_catalog.left(key::text, 200)));
        END IF;
    ELSE
        EXECUTE pg_catalog.format('DELETE FROM service_affair.%I AS t USING pg_catalog.jsonb_populate_record(NULL::service_affair.%I, $1) r WHERE %s',
                                  tbl, tbl, cond) USING img;
        GET DIAGNOSTICS n = ROW_COUNT;
        IF n = 0 THEN
            RAISE EXCEPTION 'unknown catalog row'
                USING ERRCODE = 'foreign_key_violation', DETAIL = pg_catalog.format('No row of %s has key %s.', tbl, service_affair.printable(pg_catalog.left(key::text, 200)));
        END IF;
    END IF;
    RETURN res;
END
$$;
COMMENT ON FUNCTION service_affair.catalog_apply(text, text, jsonb, jsonb) IS
  'Internal: applies one catalog change (insert, update or delete of a row of item, material, bundle, bundle_item or item_implementation) and returns the row after';
REVOKE EXECUTE ON FUNCTION service_affair.catalog_apply(text, text, jsonb, jsonb) FROM PUBLIC;

-- Internal: 22023 unless a day of the catalog API (propose_catalog_change's
-- effective_from, catalog_indicators' as_of, power_list_changes' days) is
-- finite and its first instant (local_day_start(), in the zone of the
-- calendar cn), and that of the day after, are timestamps: NULL would answer for no day at all (an empty catalog),
-- and a day beyond the range of timestamps would stop the query with 22008.
-- STABLE, not IMMUTABLE: the detail spells the day by DateStyle (as
-- history_check_month(); until 2026-12-07 IMMUTABLE; a review)
CREATE FUNCTION service_affair.catalog_check_day(what text, day date) RETURNS void
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF day IS NULL OR NOT pg_catalog.isfinite(day) THEN
        RAISE EXCEPTION 'invalid %', what
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('%s %s must be a finite day.', what, COALESCE(day::text, 'NULL'));
    END IF;
    IF day > DATE '294276-12-30' OR day < DATE '4714-11-25 BC' THEN
        RAISE EXCEPTION 'invalid %', what
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('%s %s lies beyond the range of timestamps.', what, day);
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.catalog_check_day(text, date) IS
  'Internal: raises 22023 for a day of the catalog API (effective_from, as_of, from_day, to_day) that is NULL, infinite, or beyond the range of timestamps (before 4714-11-25 BC or after 294276-12-30)';
REVOKE EXECUTE ON FUNCTION service_affair.catalog_check_day(text, date) FROM PUBLIC;

-- effective_from's default is today by the calendar cn (local_day(now())),
-- the day publish_due_catalog_changes() and approve_catalog_change() compare
-- it with, and local_day_start() makes it a timestamp below: not the
-- session's CURRENT_DATE (in a session east of Shanghai, Asia/Tokyo after
-- 23:00 Shanghai time, that was tomorrow, and a change proposed for "today"
-- waited a day; a review of 2026-12-05), nor a zone of its own (until
-- 2026-12-05 'Asia/Shanghai' was written here, so that with the zone of cn
-- changed the default day, the instant the change was judged at and the day
-- it was published on each followed another zone)
CREATE FUNCTION service_affair.propose_catalog_change(change jsonb,
    effective_from date DEFAULT service_affair.local_day(pg_catalog.now())) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_why text;
    v_tbl text := change->>'table';
    v_op text := change->>'op';
    v_key jsonb := change->'key';
    v_row jsonb := COALESCE(change->'row', '{}');
    v_dept text;
    v_depts text[];
    v_before jsonb;
    v_after jsonb;
    v_regr text[];
    v_bundles text[] := '{}';
    v_at timestamptz;
    v_id bigint;
    v_named text[];
    v_check text;
    v_text_col text;  -- a guide text holding a control character
    v_state text;
    v_msg text;
    v_detail text;
    v_constraint text;
    v_reason text;
BEGIN
    IF change IS NULL OR pg_catalog.jsonb_typeof(change) <> 'object' OR v_tbl IS NULL
       OR v_tbl NOT IN ('item', 'material', 'bundle', 'bundle_item', 'item_implementation') OR v_op IS NULL OR v_op NOT IN ('insert', 'update', 'delete')
       OR pg_catalog.jsonb_typeof(v_key) IS DISTINCT FROM 'object' OR pg_catalog.jsonb_typeof(v_row) <> 'object'
       OR EXISTS (SELECT 1 FROM pg_catalog.jsonb_object_keys(change) j(k) WHERE j.k NOT IN ('table', 'op', 'key', 'row', 'reason')) THEN
        RAISE EXCEPTION 'invalid catalog change'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('A change is {"table": item|material|bundle|bundle_item|item_implementation, "op": insert|update|delete, "key": {...}, "row": {...}, "reason": "..."}; got %s.',
                                             service_affair.printable(pg_catalog.left(COALESCE(change::text, 'NULL'), 200)));
    END IF;
    PERFORM service_affair.catalog_check_day('effective_from', effective_from);  -- 22023: it becomes a timestamp below
    PERFORM service_affair.refuse_unrecordable_day(effective_from, 'effective_from');  -- 22023 outside the years 1..9999 (06_arguments.sql)
    -- free texts are bounded as every note of the API (they reach the ledger)
    PERFORM service_affair.check_case_args(pg_catalog.now(), note => change->>'reason', note_name => 'reason');  -- 22023
    -- catalog_change before any department (the lock order of
    -- doc/guides.md, "Renames and the review"; department_rename_lock(),
    -- 75_catalog_ledger.sql): a rename under way is waited for whole, and
    -- one begun later waits for this transaction.  Until 2026-12-07 a
    -- transaction renaming two departments the change names, in reverse of
    -- code order, deadlocked with the proposal (40P01; isolation spec
    -- catalog_rename_order)
    LOCK TABLE service_affair.catalog_change IN ROW EXCLUSIVE MODE;
    -- The catalog is public: an update or delete of a row that does not exist
    -- is 23503 for every caller, as for an administrator (a clerk got 42501
    -- 'permission denied for department NULL': no department to check).
    -- catalog_row(): 22023 for a key that is not the primary key.
    IF v_op <> 'insert' AND service_affair.catalog_row(v_tbl, v_key) IS NULL THEN
        RAISE EXCEPTION 'unknown catalog row'
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No row of %s has key %s.', v_tbl, service_affair.printable(pg_catalog.left(v_key::text, 200)));
    END IF;
    -- the department the change concerns, and the one it takes the row from
    -- (an item or bundle moved to another department concerns both)
    v_dept := service_affair.catalog_change_department(v_tbl, v_key, v_row);
    -- The departments it concerns are locked (FOR KEY SHARE) to the
    -- proposal's commit, and read again once locked: a department renamed
    -- (UPDATE department SET code) meanwhile is waited for and read under
    -- its new code, and one renamed later waits for this commit, when its
    -- trigger catalog_change_follow_rename sees the change.  Until
    -- 2026-12-07 they were locked by the dry run below only, a
    -- subtransaction rolled back with its locks (the foreign key's of a
    -- move; an update of the item's other columns took none), and the
    -- trigger did not see the change not yet committed: both committed
    -- and the change kept the former code, in its department and its
    -- images (a review; test/isolation/specs/catalog_propose_rename_race.spec).
    -- Ordered by code (proposals do not wait for each other: FOR KEY
    -- SHARE conflicts only with a rename or a delete of the department).
    -- In REPEATABLE READ a department renamed since the snapshot is 40001.
    LOOP
        v_depts := ARRAY[v_dept, CASE WHEN v_op <> 'insert' THEN service_affair.catalog_change_department(v_tbl, v_key, '{}') END];
        PERFORM FROM service_affair.department d WHERE d.code = ANY (v_depts) ORDER BY d.code FOR KEY SHARE;
        v_dept := service_affair.catalog_change_department(v_tbl, v_key, v_row);
        EXIT WHEN ARRAY[v_dept, CASE WHEN v_op <> 'insert' THEN service_affair.catalog_change_department(v_tbl, v_key, '{}') END]
                  IS NOT DISTINCT FROM v_depts;
    END LOOP;
    -- a material or bundle entry inserted for an item or bundle that does
    -- not exist has no department to check: 23503 for every caller, as an
    -- update of a missing row (until 2026-12-04 a clerk got 42501
    -- 'permission denied for department NULL'; a review)
    -- An item_implementation row (which item, thus department, handles a
    -- region's cases of a basic code) names its item in the row: one that
    -- does not exist is 23503 too, a row inserted naming none 22023.
    -- Until 2026-12-07 the table could not be proposed at all: its rows
    -- were written directly only and reviewed after the fact (a review;
    -- catalog_implementation_propose.sql)
    IF v_tbl = 'item_implementation' AND v_op <> 'delete' THEN
        PERFORM service_affair.catalog_row(v_tbl, v_key);  -- 22023 first, for a key that is not the primary key
        IF v_op = 'insert' AND pg_catalog.jsonb_typeof(v_row->'item') IS DISTINCT FROM 'string' THEN
            RAISE EXCEPTION 'catalog value must not be null'
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = pg_catalog.format('The change of %s %s names no item ("row": {"item": "..."}).', v_tbl, service_affair.printable(pg_catalog.left(v_key::text, 200)));
        END IF;
        IF v_dept IS NULL THEN
            RAISE EXCEPTION 'unknown item'
                USING ERRCODE = 'foreign_key_violation',
                      DETAIL = pg_catalog.format('No item has code %s; the change names it in a row of item_implementation.',
                                                 pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(v_row->>'item', 64))));
        END IF;
        -- the item must implement the row's code in the row's region: its
        -- basic code, and its department in that region, as a submission
        -- asks (resolve_competence(), 42_tongban.sql).  Until 2026-12-07 a
        -- row naming another code's item, or another region's, was
        -- proposed, approved and published, and every case of the code in
        -- the region was then refused, 23503 "no competent office" (a
        -- second read, catalog_implementation_propose.sql)
        -- (the rule in one place, implementation_mismatch(), 34_network.sql,
        -- which the direct writes ask too since 2026-12-07)
        v_why := service_affair.implementation_mismatch(v_key->>'basic_code', v_key->>'region', v_row->>'item');
        IF v_row ? 'item' AND v_why IS NOT NULL THEN
            RAISE EXCEPTION 'item does not implement the basic code in the region'
                USING ERRCODE = 'invalid_parameter_value', DETAIL = v_why;
        END IF;
    END IF;
    IF v_dept IS NULL AND v_op = 'insert' AND v_tbl IN ('material', 'bundle_item') THEN
        PERFORM service_affair.catalog_row(v_tbl, v_key);  -- 22023 first, for a key that is not the primary key
        RAISE EXCEPTION 'unknown %', CASE v_tbl WHEN 'material' THEN 'item' ELSE 'bundle' END
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No %s has code %s; the change inserts a row of %s for it.',
                                             CASE v_tbl WHEN 'material' THEN 'item' ELSE 'bundle' END,
                                             pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(v_key->>(CASE v_tbl WHEN 'material' THEN 'item' ELSE 'bundle' END), 64))),
                                             v_tbl);
    END IF;
    FOR v_check IN SELECT DISTINCT d FROM pg_catalog.unnest(ARRAY[v_dept, CASE WHEN v_op <> 'insert' THEN
                       service_affair.catalog_change_department(v_tbl, v_key, '{}') ELSE v_dept END]) d LOOP
        IF NOT (service_affair.may_act('clerk', v_check) OR service_affair.may_act('reviewer', v_check)) THEN
            RAISE EXCEPTION 'permission denied for department %', COALESCE(service_affair.printable(pg_catalog.left(v_check, 64)), 'NULL')
                USING ERRCODE = 'insufficient_privilege',
                      DETAIL = pg_catalog.format('Role %s is not a clerk or reviewer of department %s, which the change of %s concerns.',
                                                 pg_catalog.quote_ident(service_affair.actor()), COALESCE(service_affair.printable(pg_catalog.left(v_check, 64)), 'NULL'), v_tbl);
        END IF;
    END LOOP;
    -- a name is shown to the public (public_item_list, public_guide): one
    -- that reads as nothing is refused, by the one blank rule (06_arguments.sql)
    -- (a JSON null reads as nothing too: it was a 23502 of the dry run)
    IF v_tbl IN ('item', 'material', 'bundle') AND v_op <> 'delete' AND v_row ? 'name'
       AND COALESCE(service_affair.is_blank(v_row->>'name'), true) THEN
        RAISE EXCEPTION 'catalog name must not be blank'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('The change of %s %s names it with nothing visible (empty, spaces, ideographic spaces or invisible characters).',
                                             v_tbl, service_affair.printable(pg_catalog.left(v_key::text, 200)));
    END IF;
    -- a name is read back as one line (the public list, the guide, the
    -- reviewer's queue): a line feed or another control character (as
    -- printable() shows one: C0, DEL, C1, U+2028/U+2029, a bidirectional
    -- control; since 2026-12-08 the characters that show as nothing) is
    -- refused, the one rule of record_evidence()'s reference and
    -- claim_task()'s assignee (doc/development.md).  Until 2026-12-08
    -- a name holding U+202E displayed to the reviewer, and then to the
    -- public, as another text than the one stored (a hostile review;
    -- guide_name_control.sql)
    IF v_tbl IN ('item', 'material', 'bundle') AND v_op <> 'delete' AND v_row ? 'name'
       AND service_affair.printable(v_row->>'name') OPERATOR(pg_catalog.<>) (v_row->>'name') THEN
        RAISE EXCEPTION 'catalog name holds a control character'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('The change of %s %s names it %s, which holds a control or invisible character (shown as ?); give the name on one line of printable text.',
                                             v_tbl, service_affair.printable(pg_catalog.left(v_key::text, 200)),
                                             pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(v_row->>'name', 200))));
    END IF;
    -- the guide's free texts keep their lines (a tab, a line feed, a
    -- carriage return), no other control character and nothing printable()
    -- shows as ? (a zero-width space, a soft hyphen, a byte order mark, a
    -- variation selector but after a CJK ideograph: an emoji's U+FE0F, U+200D;
    -- the one rule of the names above, chosen on 2026-12-08 over a narrower
    -- one for texts: an invisible character in a fee moved its digits for
    -- the regression rule as a bidirectional control does): a bidirectional
    -- control (U+202E) displays the text as another than the one stored,
    -- and the regression rule reads the stored one (a fee stored 每件13元
    -- behind U+202E displays 每件31元, lowered for the rule from 每件21元,
    -- which displays 每件12元).  Until 2026-12-08 proposed as given (a
    -- hostile review; guide_text_control.sql)
    IF v_tbl IN ('item', 'material') AND v_op <> 'delete' THEN
        SELECT j.key INTO v_text_col
          FROM pg_catalog.jsonb_each_text(v_row) j
         WHERE j.key = ANY (CASE v_tbl WHEN 'item' THEN '{legal_basis,conditions,process,fee,place_hours,contact}'::text[]
                                       ELSE '{standard,sample}'::text[] END)
           AND j.value IS NOT NULL
           -- each tab and line break read as a space, not dropped: a
           -- variation selector after one stays ? (dropped, a CJK
           -- ideograph before the line break kept U+FE0F after it: a
           -- third read, guide_text_control.sql 12)
           AND service_affair.printable(pg_catalog.translate(j.value, E'\t\n\r', '   '))
               OPERATOR(pg_catalog.<>) pg_catalog.translate(j.value, E'\t\n\r', '   ')
         ORDER BY j.key LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION 'catalog text holds a control character'
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = pg_catalog.format('The change of %s %s sets %s to a text holding a control or invisible character other than a tab or a line break (shown as ?): %s.',
                                                 v_tbl, service_affair.printable(pg_catalog.left(v_key::text, 200)), v_text_col,
                                                 pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(v_row->>v_text_col, 64))));
        END IF;
    END IF;
    IF v_tbl = 'material' AND v_op <> 'delete' AND v_row ? 'name' THEN
        PERFORM service_affair.check_material_name(v_key->>'item', v_key->>'code', v_row->>'name');  -- 22023
    END IF;
    -- a dry run: every constraint of the tables is checked now, and the
    -- images tell the regressions; nothing stays
    v_before := service_affair.catalog_row(v_tbl, v_key);  -- 22023 unless a primary key
    IF v_op = 'insert' AND v_before IS NOT NULL THEN
        RAISE EXCEPTION 'catalog row exists'
            USING ERRCODE = 'unique_violation', DETAIL = pg_catalog.format('A row of %s with key %s exists.', v_tbl, service_affair.printable(pg_catalog.left(v_key::text, 200)));
    END IF;
    BEGIN
        -- rolled back below: no due lock for it (catalog_due_lock)
        PERFORM service_affair.catalog_dry_run_begin();
        v_after := service_affair.catalog_apply(v_tbl, v_op, v_key, v_row);
        RAISE EXCEPTION USING ERRCODE = 'SAD01';
    EXCEPTION WHEN SQLSTATE 'SAD01' THEN
        NULL;
    WHEN data_exception THEN
        -- a value that does not fit its column (the cast of the row's
        -- text): the server's message echoes the whole value, so it is
        -- raised again with the value cut short and the change named
        GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_msg = MESSAGE_TEXT;
        IF v_state = '22023' THEN
            RAISE;  -- catalog_apply()'s own refusals, already short
        END IF;
        RAISE EXCEPTION 'invalid value in catalog change'
            USING ERRCODE = CASE WHEN v_state = '22P02' THEN '22P02' ELSE '22023' END,
                  DETAIL = pg_catalog.format('The change of %s %s: %s', v_tbl, service_affair.printable(pg_catalog.left(v_key::text, 200)),
                                             CASE WHEN pg_catalog.length(v_msg) > 200 THEN service_affair.printable(pg_catalog.left(v_msg, 200)) || '…' ELSE service_affair.printable(v_msg) END);
    WHEN not_null_violation THEN
        -- a JSON null for a column that must have a value: a bad argument
        -- (until 2026-12-04 the server's 23502 went out as it was, with an
        -- empty constraint name)
        GET STACKED DIAGNOSTICS v_constraint = COLUMN_NAME;
        RAISE EXCEPTION 'catalog value must not be null'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('The change of %s %s leaves column %s without a value.', v_tbl,
                                             service_affair.printable(pg_catalog.left(v_key::text, 200)), v_constraint);
    WHEN integrity_constraint_violation THEN
        -- a foreign key, unique or check violation: the server's detail
        -- echoes the key's value whole (Key (col)=(value) ...), so it is
        -- raised again, same SQLSTATE and constraint, with the texts cut short
        GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_msg = MESSAGE_TEXT,
                                v_detail = PG_EXCEPTION_DETAIL, v_constraint = CONSTRAINT_NAME;
        -- made printable whatever their length (until 2026-12-07 only a
        -- text over 200 characters, cut: a shorter one kept the value's line
        -- feeds as the server echoed it)
        v_msg := CASE WHEN pg_catalog.length(v_msg) > 200 THEN service_affair.printable(pg_catalog.left(v_msg, 200)) || '…' ELSE service_affair.printable(v_msg) END;
        v_detail := CASE WHEN pg_catalog.length(v_detail) > 200 THEN service_affair.printable(pg_catalog.left(v_detail, 200)) || '…' ELSE COALESCE(service_affair.printable(v_detail), '') END;
        IF v_constraint = 'item_mobile_online' THEN
            -- an item taken offline and left on the mobile app: the hint
            -- says what the change sets with it (not derived: the reviewer
            -- reads the change that is published)
            RAISE EXCEPTION USING ERRCODE = v_state, CONSTRAINT = v_constraint, MESSAGE = v_msg, DETAIL = v_detail,
                HINT = 'An item not handled online is not on the mobile app: set "mobile": false in the same change.';
        END IF;
        RAISE EXCEPTION USING ERRCODE = v_state, CONSTRAINT = COALESCE(v_constraint, ''), MESSAGE = v_msg, DETAIL = v_detail;
    END;
    v_at := GREATEST(pg_catalog.now(), service_affair.local_day_start(effective_from));
    v_regr := service_affair.catalog_regression_kinds(v_tbl, v_op, v_before, v_after, v_at);
    -- the bundles it lengthens, shown to the reviewer (catalog_change),
    -- by the function that names them in the version (until 2026-12-05
    -- they were known only once the change was published; a review)
    IF v_tbl = 'item' AND v_op = 'update' THEN
        v_bundles := service_affair.catalog_bundles_lengthened(v_before, v_after, v_at);
    END IF;
    -- the reason kept, trimmed; none when absent or blank (06_arguments.sql)
    v_reason := CASE WHEN NOT service_affair.is_blank(change->>'reason') THEN pg_catalog.btrim(change->>'reason') END;
    -- a bundle it lengthens is a regression of the bundle, even when the
    -- item itself is first published today (catalog_published_before())
    IF pg_catalog.cardinality(v_regr) + pg_catalog.cardinality(v_bundles) > 0 AND v_reason IS NULL THEN
        RAISE EXCEPTION 'a regression needs a reason'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('The change of %s %s is a regression (%s); give "reason".', v_tbl, service_affair.printable(pg_catalog.left(v_key::text, 200)),
                                             pg_catalog.array_to_string(v_regr || ARRAY(SELECT 'limit_lengthened of bundle ' || x
                                                                                          FROM pg_catalog.unnest(v_bundles) x), ', '));
    END IF;
    -- The departments the change names (catalog_change_departments()),
    -- FOR KEY SHARE until it commits: a department renamed meanwhile waits
    -- for it, and its trigger catalog_change_follow_rename then follows the
    -- change too.  Until 2026-12-07 (a second read) nothing held them: a
    -- rename between the dry run and the proposal's commit did not see the
    -- change, which kept the former code, its department a code no staff
    -- held (42501 for every reviewer), a move into it published into the
    -- former code (23503, or the department that took it); isolation spec
    -- catalog_review_rename.  No rename comes between this call's reading
    -- of them and this lock: a rename locks catalog_change first
    -- (department_rename_lock(), 75_catalog_ledger.sql), which this call
    -- holds since its start, so it waits for the proposal (until the one
    -- lock order of 2026-12-07 it could, and this refusal named renames).
    -- A deletion can: a department the change names that the loop above
    -- did not lock (an item's new check_department, which only the dry
    -- run's foreign key locked, rolled back with it) and no row references
    -- may be deleted meanwhile: 40001, propose it again (then 23503, no
    -- such department).
    v_named := service_affair.catalog_change_departments(pg_catalog.jsonb_populate_record(NULL::service_affair.catalog_change,
                   pg_catalog.jsonb_build_object('department', v_dept, 'row_data', v_row, 'before_image', v_before, 'after_image', v_after)));
    IF (SELECT pg_catalog.count(*) FROM (SELECT FROM service_affair.department d WHERE d.code = ANY (v_named)
                                          ORDER BY d.code FOR KEY SHARE) l) < COALESCE(pg_catalog.cardinality(v_named), 0) THEN
        RAISE EXCEPTION 'a department the catalog change names was deleted meanwhile'
            USING ERRCODE = 'serialization_failure',
                  DETAIL = pg_catalog.format('The change of %s %s names departments %s, not all of which exist now.', v_tbl,
                                             service_affair.printable(pg_catalog.left(v_key::text, 200)),
                                             service_affair.printable(pg_catalog.left(v_named::text, 200))),
                  HINT = 'Propose it again: a department that no longer exists is then refused (23503).';
    END IF;
    INSERT INTO service_affair.catalog_change (tbl, op, key, row_data, reason, department, effective_from,
                                               before_image, after_image, regressions, bundles_lengthened, proposed_by, proposed_at)
        VALUES (v_tbl, v_op, v_key, v_row, v_reason, v_dept, effective_from,
                v_before, v_after, v_regr, v_bundles, service_affair.actor(), pg_catalog.now())
        RETURNING id INTO v_id;
    RETURN v_id;
END
$$;
COMMENT ON FUNCTION service_affair.propose_catalog_change(jsonb, date) IS
  'Proposes a catalog change {"table", "op", "key", "row", "reason"} of item, material, bundle, bundle_item or item_implementation taking effect at effective_from: checked at once against every rule of the catalog (22023 a vague material name, a name blank or holding a control character, a guide text holding one other than a tab or a line break, a regression without reason or a null for a column that needs a value, 22P02/22023 a value that does not fit its column, 23503/23505 a missing or existing row); a clerk or reviewer of the department (of both, for a row moved to another department); the departments it names locked FOR KEY SHARE until it commits (a rename waits, then follows it; 40001 when one was deleted after this call read it); returns the change id';
REVOKE EXECUTE ON FUNCTION service_affair.propose_catalog_change(jsonb, date) FROM PUBLIC;

-- Publishes an approved change (the caller holds its row lock).
CREATE FUNCTION service_affair.apply_catalog_change(change_id bigint) RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c record;
    v_now jsonb;
    v_stale text;
    v_regcols text[];
    v_regr text[];
    v_why text;
BEGIN
    SELECT * INTO c FROM service_affair.catalog_change x WHERE x.id = change_id AND x.status = 'approved';
    IF NOT FOUND THEN
        RETURN;
    END IF;
    -- the due lock, exclusively, before the row is compared below: every
    -- direct write of the catalog holds it to its commit
    -- (catalog_due_lock(), 75_catalog_ledger.sql), so the comparison reads
    -- the row such a write left, not the one before it.  Until 2026-12-07
    -- it was taken by the change's own write, after the comparison: a
    -- direct write in progress was not seen, the write waited for it and
    -- then overwrote it, with no 55000 (a second read;
    -- test/isolation/specs/catalog_stale_race.spec)
    LOCK TABLE service_affair.due_clock IN EXCLUSIVE MODE;
    -- an update sets its columns as they were when it was proposed: one of
    -- them changed since (another change published meanwhile) would be
    -- undone, and its regressions, judged against the row of the proposal,
    -- would go unjudged (until 2026-12-04 a stale change put back a limit
    -- lowered since, a regression without reason on the reviewed path; a
    -- review).  55000: the reviewer rejects it, the publishing job marks it
    -- failed; it is proposed again against the row as it is
    -- The columns the regression rule reads together (catalog_regression_kinds)
    -- count as set when the change sets one of them: a change that was no
    -- regression against the row of the proposal may be one against the row
    -- now (promised_limit 10 set to NULL is no regression while legal_limit
    -- is 10, and 10 more days once legal_limit became 20: until 2026-12-05 it
    -- was published, a regression without reason on the reviewed path; a
    -- review).
    IF c.op = 'update' THEN
        v_regcols := CASE c.tbl WHEN 'item' THEN '{kind,legal_limit,promised_limit,max_visits,online,online_depth,mobile,tolerance_days,extension_limit,approval_mode,tongban_scope,accepting_levels,fee,credit_check}'::text[]
                                WHEN 'material' THEN '{required,source,applies_to,tolerable,commitment_allowed,original_or_copy,copies,format}'::text[]
                                ELSE '{}'::text[] END;
        v_now := service_affair.catalog_row(c.tbl, c.key);
        -- each column as it was when proposed, then now (until 2026-12-05
        -- the detail read "promised_limit 10, now null when proposed", and
        -- for a row deleted since named every column "now null"; a review)
        SELECT CASE WHEN v_now IS NULL THEN 'the row was deleted'
                    ELSE pg_catalog.string_agg(pg_catalog.format('%s was %s when proposed, is %s now', k,
                                                                 COALESCE(c.before_image -> k, 'null'), COALESCE(v_now -> k, 'null')),
                                               '; ' ORDER BY k) END
          INTO v_stale
          FROM (SELECT j.k FROM pg_catalog.jsonb_object_keys(c.row_data) AS j(k)
                UNION SELECT r.k FROM pg_catalog.unnest(v_regcols) AS r(k) WHERE c.row_data ?| v_regcols) AS x(k)
         WHERE (c.before_image -> k) IS DISTINCT FROM (v_now -> k);
        IF v_stale IS NOT NULL THEN
            RAISE EXCEPTION 'catalog change % is stale', c.id
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      -- the values echoed through printable() (a name with a
                      -- bidirectional or C1 control came back raw until
                      -- 2026-12-07, a second read of ad0cc91d)
                      DETAIL = pg_catalog.left(pg_catalog.format('Since change %s was proposed, the row it changes has changed: %s; publishing it would undo that.',
                                                                 c.id, service_affair.printable(v_stale)), 2000),
                      HINT = 'Reject it and propose the change again against the row as it is (its regressions are then judged again).';
        END IF;
    END IF;
    -- an item_implementation row must name an item of its basic code whose
    -- department lies in its region (propose_catalog_change()): the item
    -- may have changed since the proposal (its basic code, or its move to
    -- a department of another region), and the row published then made
    -- every case of the code in the region fail at submission (until
    -- 2026-12-07; a second read, catalog_implementation_propose.sql)
    -- (the rule in one place, implementation_mismatch(), 34_network.sql;
    -- since 2026-12-07 the item's and department's writes are refused
    -- while a row names the item, so this is the proposal's row only)
    IF c.tbl = 'item_implementation' AND c.op <> 'delete' THEN
        v_why := service_affair.implementation_mismatch(c.key->>'basic_code', c.key->>'region', c.row_data->>'item');
        IF v_why IS NOT NULL THEN
            RAISE EXCEPTION 'catalog change % is stale', c.id
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = pg_catalog.format('Since change %s was proposed, the item it names no longer implements the basic code in the region (its basic code or its department''s region changed): %s',
                                                 c.id, v_why),
                      HINT = 'Reject it and propose the change again against the catalog as it is.';
        END IF;
    END IF;
    -- a change proposed without a reason, no regression on the day it was
    -- proposed for, may be one on the day it is published: one proposed on
    -- the day its item was first published (catalog_published_before())
    -- and approved on a later day, or an entry judged against the bundle's
    -- other entries as they stand.  55000 as a stale change: published, it
    -- would be a regression without reason on the reviewed path
    IF c.reason IS NULL THEN
        v_regr := service_affair.catalog_regression_kinds(c.tbl, c.op, c.before_image, c.after_image, pg_catalog.now());
        IF c.tbl = 'item' AND c.op = 'update' THEN
            v_regr := v_regr || ARRAY(SELECT 'limit_lengthened of bundle ' || x
                                        FROM pg_catalog.unnest(service_affair.catalog_bundles_lengthened(c.before_image, c.after_image, pg_catalog.now())) x);
        END IF;
        IF pg_catalog.cardinality(v_regr) > 0 THEN
            RAISE EXCEPTION 'catalog change % is a regression now', c.id
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = service_affair.printable(pg_catalog.left(pg_catalog.format('Change %s was proposed without a reason, no regression then; published now it is one (%s).',
                                                                 c.id, pg_catalog.array_to_string(v_regr, ', ')), 2000)),
                      HINT = 'Reject it and propose the change again with "reason".';
        END IF;
    END IF;
    UPDATE service_affair.catalog_change x SET status = 'publishing' WHERE x.id = change_id;
    PERFORM pg_catalog.set_config('service_affair.catalog_change', change_id::text, true);
    PERFORM service_affair.catalog_apply(c.tbl, c.op, c.key, c.row_data);
    PERFORM pg_catalog.set_config('service_affair.catalog_change', '', true);
    UPDATE service_affair.catalog_change x SET status = 'published', published_at = pg_catalog.now() WHERE x.id = change_id;
END
$$;
COMMENT ON FUNCTION service_affair.apply_catalog_change(bigint) IS
  'Internal: applies an approved change to the catalog, its version recorded as reviewed, and marks it published; 55000 when it is stale, or when, proposed without a reason, it is a regression now';
REVOKE EXECUTE ON FUNCTION service_affair.apply_catalog_change(bigint) FROM PUBLIC;

-- Internal: may the caller be the person who proposed or wrote as role
-- "other"?  actor() is the role of the caller's outer identity, which SET
-- ROLE changes: an administrator who proposed as himself and reviewed after
-- SET ROLE service_affair_admin, or wrote as the group role and reviewed as
-- himself, passed "another person" (until 2026-12-04; a review).  So, unless
-- the session is a superuser's (who may do anything, and stands for every
-- person of a test or a restore): the session's login, and any member of
-- one of the extension's group roles (service_affair_admin, ...) when other
-- names that group role, count as the same person.  Not any role without
-- LOGIN: doc/deployment.md gives each person such a role behind one
-- application login that is a member of them all (SET ROLE per request),
-- and every review through it was refused (the first form of this rule).
-- A login that may SET ROLE to another person's role may act as that
-- person, in PostgreSQL's model; the application that holds them all is
-- trusted to name the right one.  In C (src/access.c), with the rest of
-- the access decision: no SQL reads role membership.
CREATE FUNCTION service_affair.maybe_same_person(other name) RETURNS boolean
    AS 'MODULE_PATHNAME', 'sa_maybe_same_person'
    LANGUAGE C STABLE STRICT;
COMMENT ON FUNCTION service_affair.maybe_same_person(name) IS
  'Internal: whether the caller may be the person behind role other (its actor(), its session''s login, or a member of the extension''s group role other names); a superuser''s session compares actor() only. The four-eyes rules of the catalog ask it';
REVOKE EXECUTE ON FUNCTION service_affair.maybe_same_person(name) FROM PUBLIC;

CREATE FUNCTION service_affair.review_catalog_change(change_id bigint, approve boolean, note text DEFAULT NULL) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c record;
    v_now text;   -- the department of the row now
    v_from text;  -- the department a move takes the row from
    v_to text;    -- the department the change gives the row to
    v_depts text[];
BEGIN
    -- The departments the change names, FOR KEY SHARE, before the change
    -- itself: a department renamed meanwhile (its trigger
    -- catalog_change_follow_rename updates the change) waits for this
    -- review, which locks the department in that order too.  Until
    -- 2026-12-07 (a hostile read) the review locked the change, then the
    -- due lock and, publishing, the department through the item's foreign
    -- key, while the rename held the department and waited for the change:
    -- 40P01, one of them lost (isolation spec catalog_review_rename).  A
    -- rename committed between the read and the lock: once more, under the
    -- new code.
    -- catalog_change first, as every party of the lock order
    -- (doc/guides.md, "Renames and the review"): a rename waits for the
    -- review whole, and the review for a rename's transaction whole, so
    -- the loop below meets no rename (until 2026-12-07 two renames back to
    -- back could deadlock its second lock, and one renaming two of the
    -- change's departments in reverse of code order its first: 40P01,
    -- isolation spec catalog_rename_order)
    LOCK TABLE service_affair.catalog_change IN ROW EXCLUSIVE MODE;
    LOOP
        v_depts := (SELECT service_affair.catalog_change_departments(x) FROM service_affair.catalog_change x
                     WHERE x.id = review_catalog_change.change_id);
        PERFORM FROM service_affair.department d WHERE d.code = ANY (v_depts) ORDER BY d.code FOR KEY SHARE;
        SELECT * INTO c FROM service_affair.catalog_change x WHERE x.id = review_catalog_change.change_id FOR UPDATE;
        EXIT WHEN NOT FOUND
               OR (SELECT service_affair.catalog_change_departments(x) FROM service_affair.catalog_change x WHERE x.id = c.id)
                  IS NOT DISTINCT FROM v_depts;
    END LOOP;
    IF NOT FOUND THEN
        PERFORM service_affair.refuse_null_id('catalog change id', change_id);  -- 22023 (06_arguments.sql)
        RAISE EXCEPTION 'unknown catalog change'
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No catalog change has id %s.', COALESCE(change_id::text, 'NULL'));
    END IF;
    IF approve IS NULL THEN
        RAISE EXCEPTION 'approve must not be null'
            USING ERRCODE = 'invalid_parameter_value', DETAIL = 'A review approves (true) or rejects (false) the change.';
    END IF;
    PERFORM service_affair.check_case_args(pg_catalog.now(), note => note, note_name => 'note');  -- 22023
    review_catalog_change.note := CASE WHEN NOT service_affair.is_blank(review_catalog_change.note) THEN review_catalog_change.note END;  -- blank: none (06_arguments.sql)
    -- the department whose row the change is: the one it is in now (an
    -- item moved since the proposal is the new department's, whose
    -- reviewers decide; until 2026-12-04 a reviewer of the department of
    -- the proposal changed another department's item, a review), or, for a
    -- row still to be inserted, the department of the proposal
    v_now := service_affair.catalog_change_department(c.tbl, c.key, '{}');
    v_from := CASE WHEN c.op = 'update' AND c.tbl IN ('item', 'bundle')
                   THEN c.before_image->>(CASE c.tbl WHEN 'item' THEN 'department' ELSE 'lead_department' END)
                   -- an item_implementation row naming an item of another
                   -- department hands it the region's cases of the code
                   WHEN c.op = 'update' AND c.tbl = 'item_implementation'
                   THEN (SELECT i.department FROM service_affair.item i WHERE i.code = c.before_image->>'item') END;
    -- the department the row goes to: the proposal's (an item's or
    -- bundle's is in the change itself), but of item_implementation the
    -- department of the item the row will name, now: that item may have
    -- moved to another department since the proposal, which then receives
    -- the region's cases (until 2026-12-07 the department of the proposal
    -- decided, and a reviewer of it alone handed them to a third
    -- department; a second read, catalog_implementation_propose.sql)
    v_to := c.department;
    IF c.tbl = 'item_implementation' AND c.op <> 'delete' THEN
        v_to := COALESCE(service_affair.catalog_change_department(c.tbl, c.key, c.row_data), c.department);
    END IF;
    IF v_from IS DISTINCT FROM v_to AND v_from IS NOT NULL THEN
        -- a move to another department concerns both, as its proposal
        -- does: the reviewer reviews for the department it leaves too
        -- (until 2026-12-04 a reviewer of the receiving department alone
        -- took another department's item; a review), and for the one the
        -- row is in now if it moved meanwhile
        PERFORM service_affair.require_department(ARRAY[v_to], 'reviewer');  -- 42501
        -- (a department renamed since the proposal: its former code is no
        -- department, its new one is the row's now, asked below; until
        -- 2026-12-07 every reviewer got 42501; a second read)
        IF EXISTS (SELECT FROM service_affair.department d WHERE d.code = v_from) THEN
            PERFORM service_affair.require_department(ARRAY[v_from], 'reviewer');  -- 42501
        END IF;
        IF v_now IS DISTINCT FROM v_from AND v_now IS NOT NULL THEN
            PERFORM service_affair.require_department(ARRAY[v_now], 'reviewer');  -- 42501
        END IF;
    ELSE
        PERFORM service_affair.require_department(ARRAY[COALESCE(v_now, v_to)], 'reviewer');  -- 42501
        IF c.tbl = 'item_implementation' AND c.op = 'update' AND v_to IS DISTINCT FROM v_now AND v_to IS NOT NULL THEN
            PERFORM service_affair.require_department(ARRAY[v_to], 'reviewer');  -- 42501
        END IF;
    END IF;
    IF service_affair.maybe_same_person(c.proposed_by) THEN
        RAISE EXCEPTION 'a change is reviewed by another person than its proposer'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('Role %s proposed change %s; role %s (login %s) cannot review it.',
                                             pg_catalog.quote_ident(c.proposed_by), c.id,
                                             pg_catalog.quote_ident(service_affair.actor()), pg_catalog.quote_ident(SESSION_USER));
    END IF;
    IF c.status <> 'proposed' THEN
        RAISE EXCEPTION 'catalog change % is already reviewed', c.id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('Change %s was reviewed already: it is %s.', c.id, c.status);
    END IF;
    UPDATE service_affair.catalog_change x
       SET status = CASE WHEN approve THEN 'approved' ELSE 'rejected' END,
           reviewed_by = service_affair.actor(), reviewed_at = pg_catalog.now(), review_note = note
     WHERE x.id = c.id;
    IF approve AND c.effective_from <= service_affair.local_day(pg_catalog.now()) THEN
        PERFORM service_affair.apply_catalog_change(c.id);
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.review_catalog_change(bigint, boolean, text) IS
  'Approves or rejects a proposed change: a reviewer of its department other than the proposer (42501); 55000 when already reviewed; an approved change due today or earlier is published at once, later ones by publish_due_catalog_changes()';
REVOKE EXECUTE ON FUNCTION service_affair.review_catalog_change(bigint, boolean, text) FROM PUBLIC;

CREATE FUNCTION service_affair.publish_due_catalog_changes(at timestamptz DEFAULT pg_catalog.now()) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c record;
    n integer := 0;
BEGIN
    PERFORM service_affair.require_admin();  -- 42501
    IF at IS NULL OR NOT pg_catalog.isfinite(at) THEN
        RAISE EXCEPTION 'invalid time'
            USING ERRCODE = 'invalid_parameter_value', DETAIL = pg_catalog.format('Time %s must be finite.', COALESCE(at::text, 'NULL'));
    END IF;
    PERFORM service_affair.refuse_unrecordable_time(at, 'at');  -- 22023 outside the years 1..8999 (06_arguments.sql)
    -- the rule of outcomes (refuse_future_time(), 06_arguments.sql): an
    -- administrator's job run for a later day published a change approved
    -- for 2030 today, and public_item_list told the public it took effect
    -- in 2030 (until 2026-12-04; a review)
    PERFORM service_affair.refuse_future_time(at, 'publishing time',
        'a change is published on its day, and the public list says it took effect on its effective_from.',
        'Run it for now (the argument at, default now()): each approved change is published when its day comes.');  -- 22023
    -- READ COMMITTED only, as the sweeps (sla_sweep(), 50_routing.sql) and
    -- expire_licences(): the errors of class 40 of a change's publishing are
    -- caught below, but not those of the loop's own FOR UPDATE.  In a
    -- REPEATABLE READ or SERIALIZABLE transaction a change published by
    -- another run (a second job, a failover that ran the job twice, an
    -- administrator's call) after the snapshot ended the whole run with
    -- 40001 at its row, the changes due after it lost with it (until
    -- 2026-12-05; catalog_publish_snapshot.spec), where READ COMMITTED reads
    -- the row again and passes it over; refused at once rather than now and then
    PERFORM service_affair.refuse_snapshot_isolation('publish_due_catalog_changes()',
        'the publishing would judge changes as of its snapshot, not as other transactions left them since.');  -- 55000 (06_arguments.sql)
    -- catalog_change first (doc/guides.md, "Renames and the review"): no
    -- rename runs during the run, nor is one under way when it starts.
    -- Until 2026-12-07 a change approved for at's day between the
    -- department lock below and the loop was not locked before it, and a
    -- rename then deadlocked with the run; so did renames back to back
    -- (40P01; isolation spec catalog_rename_order)
    LOCK TABLE service_affair.catalog_change IN ROW EXCLUSIVE MODE;
    -- the departments the due changes name, FOR KEY SHARE, before the
    -- changes (the loop's FOR UPDATE): a department renamed meanwhile
    -- waits for the run, as for review_catalog_change() (until 2026-12-07
    -- the run and the rename deadlocked, 40P01; isolation spec
    -- catalog_review_rename)
    PERFORM FROM service_affair.department d
     WHERE d.code = ANY (ARRAY(SELECT pg_catalog.unnest(service_affair.catalog_change_departments(x))
                                 FROM service_affair.catalog_change x
                                WHERE x.status = 'approved' AND x.effective_from <= service_affair.local_day(publish_due_catalog_changes.at)))
     ORDER BY d.code FOR KEY SHARE;
    FOR c IN SELECT x.id FROM service_affair.catalog_change x
              WHERE x.status = 'approved' AND x.effective_from <= service_affair.local_day(publish_due_catalog_changes.at)
              ORDER BY x.effective_from, x.id FOR UPDATE LOOP
        BEGIN
            PERFORM service_affair.apply_catalog_change(c.id);
            n := n + 1;
        EXCEPTION WHEN OTHERS THEN
            -- an error that passes (a lock timeout, a deadlock, a
            -- serialization failure, resources short) leaves the change
            -- approved for the next run: until 2026-12-04 a lock timeout
            -- failed an approved change for ever (a review)
            IF SQLSTATE IN ('55P03', '55006') OR pg_catalog.left(SQLSTATE, 2) IN ('40', '53', '57', '58') THEN
                RAISE WARNING 'catalog change % is not published this time', c.id
                    USING DETAIL = pg_catalog.format('Applying it met %s: %s', SQLSTATE, service_affair.printable(pg_catalog.left(SQLERRM, 500))),
                          HINT = 'It and the changes due after it stay approved; the next run publishes them in order.';
                -- the changes after it wait too: published in order (a later
                -- change of the same row would be overwritten by it next
                -- run, one of a material of an item it inserts would fail)
                EXIT;
            ELSE
                -- the reviewer's note stays; the error has its own column
                UPDATE service_affair.catalog_change x
                   SET status = 'failed', failure = SQLSTATE || ': ' || pg_catalog.left(SQLERRM, 500)
                 WHERE x.id = c.id;
            END IF;
        END;
    END LOOP;
    RETURN n;
END
$$;
COMMENT ON FUNCTION service_affair.publish_due_catalog_changes(timestamptz) IS
  'Publishes every approved change whose effective_from has come (local day of at), in order; a change that no longer applies is marked failed with the error in failure, one that meets an error that passes (lock timeout, deadlock, serialization failure) stays approved with a WARNING; 22023 for an at more than an hour ahead unless a superuser runs it; READ COMMITTED only (55000 in a REPEATABLE READ or SERIALIZABLE transaction, where a change published by another run after the snapshot ended the run with 40001); returns how many were published (run daily, e.g. by pg_cron)';
REVOKE EXECUTE ON FUNCTION service_affair.publish_due_catalog_changes(timestamptz) FROM PUBLIC;

-- The department of a version: whose row it wrote when it was written.
-- An item's or bundle's from its own image; a material's or bundle entry's
-- from its item's or bundle's latest version before it, else (no version:
-- never for a catalog written since 0.2.0) today's catalog.  Until
-- 2026-12-04 the catalog of today was asked: the materials of a deleted item
-- had no department (only administrators could review them) and those of
-- an item moved away went to the new department (a review).
CREATE FUNCTION service_affair.catalog_version_department(version_id bigint, tbl text, item text, bundle text, image jsonb)
    RETURNS text
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
RETURN CASE tbl
    WHEN 'item' THEN image->>'department'
    WHEN 'bundle' THEN image->>'lead_department'
    WHEN 'material' THEN COALESCE(
        (SELECT COALESCE(p.after_image, p.before_image)->>'department' FROM service_affair.catalog_version p
          WHERE p.item = catalog_version_department.item AND p.tbl = 'item' AND p.id < version_id
          ORDER BY p.id DESC LIMIT 1),
        (SELECT i.department FROM service_affair.item i WHERE i.code = catalog_version_department.item))
    WHEN 'bundle_item' THEN COALESCE(
        (SELECT COALESCE(p.after_image, p.before_image)->>'lead_department' FROM service_affair.catalog_version p
          WHERE p.bundle = catalog_version_department.bundle AND p.tbl = 'bundle' AND p.id < version_id
          ORDER BY p.id DESC LIMIT 1),
        (SELECT b.lead_department FROM service_affair.bundle b WHERE b.code = catalog_version_department.bundle))
    -- the department of the item the row names (after the write; before it
    -- for a delete), which that row hands the region's cases of the basic code
    WHEN 'item_implementation' THEN COALESCE(
        (SELECT COALESCE(p.after_image, p.before_image)->>'department' FROM service_affair.catalog_version p
          WHERE p.item = catalog_version_department.item AND p.tbl = 'item' AND p.id < version_id
          ORDER BY p.id DESC LIMIT 1),
        (SELECT i.department FROM service_affair.item i WHERE i.code = catalog_version_department.item)) END;
COMMENT ON FUNCTION service_affair.catalog_version_department(bigint, text, text, text, jsonb) IS
  'Internal: the department whose row a catalog version wrote, when it was written: an item''s or bundle''s from its image, a material''s, bundle entry''s or item_implementation row''s from its item''s or bundle''s latest earlier version (else today''s catalog)';
REVOKE EXECUTE ON FUNCTION service_affair.catalog_version_department(bigint, text, text, text, jsonb) FROM PUBLIC;

CREATE FUNCTION service_affair.review_catalog_version(version_id bigint, note text DEFAULT NULL) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v record;
    v_dept text;
    v_from text;
    v_seq bigint;
BEGIN
    SELECT * INTO v FROM service_affair.catalog_version x WHERE x.id = review_catalog_version.version_id;
    IF NOT FOUND THEN
        PERFORM service_affair.refuse_null_id('catalog version id', version_id);  -- 22023 (06_arguments.sql)
        RAISE EXCEPTION 'unknown catalog version'
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No catalog version has id %s.', COALESCE(version_id::text, 'NULL'));
    END IF;
    v_dept := service_affair.catalog_version_department(v.id, v.tbl, v.item, v.bundle, COALESCE(v.after_image, v.before_image));
    PERFORM service_affair.require_department(ARRAY[v_dept], 'reviewer');  -- 42501
    -- an item_implementation row that names another item, of another
    -- department, hands the region's cases of the basic code from the one
    -- to the other: it concerns both, as a reviewed change moving an item
    -- does (review_catalog_change()).  Until 2026-12-07 a reviewer of the
    -- receiving department alone cleared it, and the department that lost
    -- the cases was never asked (a review; catalog_implementation_ledger.sql)
    IF v.tbl = 'item_implementation' AND v.op = 'update'
       AND v.before_image->>'item' IS DISTINCT FROM v.after_image->>'item' THEN
        v_from := service_affair.catalog_version_department(v.id, v.tbl, v.before_image->>'item', NULL, v.before_image);
    END IF;
    -- so does an item or bundle moved to another department by a direct
    -- UPDATE: the department it leaves loses its cases to come (until
    -- 2026-12-07 a reviewer of the new department alone cleared the move;
    -- a review, catalog_implementation_propose.sql)
    IF v.tbl IN ('item', 'bundle') AND v.op = 'update' THEN
        v_from := v.before_image->>(CASE v.tbl WHEN 'item' THEN 'department' ELSE 'lead_department' END);
    END IF;
    -- (not a department renamed: UPDATE department SET code renames its
    -- items and bundles, ON UPDATE CASCADE, and the former code is no
    -- department any more, as catalog_regression_kinds() reads it; until
    -- 2026-12-07 every reviewer got 42501 for each, the department "left"
    -- a code no staff holds; a second read)
    IF v_from IS DISTINCT FROM v_dept AND v_from IS NOT NULL
       AND EXISTS (SELECT FROM service_affair.department d WHERE d.code = v_from) THEN
        PERFORM service_affair.require_department(ARRAY[v_from], 'reviewer');  -- 42501
    END IF;
    IF service_affair.maybe_same_person(v.actor) THEN
        RAISE EXCEPTION 'a write is reviewed by another person than its writer'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('Role %s wrote version %s; role %s (login %s) cannot review it.',
                                             pg_catalog.quote_ident(v.actor), v.id,
                                             pg_catalog.quote_ident(service_affair.actor()), pg_catalog.quote_ident(SESSION_USER));
    END IF;
    PERFORM service_affair.check_case_args(pg_catalog.now(), note => note, note_name => 'note');  -- 22023
    review_catalog_version.note := CASE WHEN NOT service_affair.is_blank(review_catalog_version.note) THEN review_catalog_version.note END;  -- blank: none (06_arguments.sql)
    -- one review of the version at a time: a lock of its row, which no other
    -- role can take (FOR NO KEY UPDATE needs UPDATE on catalog_version, which
    -- no role holds; the review's foreign key takes KEY SHARE, which it
    -- leaves free).  Until 2026-12-06 an advisory lock keyed by the id, which
    -- any login could hold and so stall the version's review (the class of
    -- 0.1.0's defect 10).  The version is append-only, so the lock of a row
    -- the snapshot predates never fails: under REPEATABLE READ the check
    -- below misses a review committed meanwhile and the ledger's head row
    -- answers 40001, as before.
    PERFORM FROM service_affair.catalog_version x WHERE x.id = v.id FOR NO KEY UPDATE;
    IF v.reviewed OR EXISTS (SELECT 1 FROM service_affair.catalog_version_review r WHERE r.version_id = v.id) THEN
        RAISE EXCEPTION 'catalog version % is already reviewed', v.id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('Version %s was %s.', v.id,
                                             CASE WHEN v.reviewed THEN 'published through a reviewed change' ELSE 'reviewed after the fact' END);
    END IF;
    v_seq := service_affair.log_append('catalog', 'catalog', pg_catalog.jsonb_build_object(
        'review_of', v.id, 'reviewed_at', pg_catalog.now(), 'note', note));
    INSERT INTO service_affair.catalog_version_review (version_id, reviewed_by, reviewed_at, note, ledger_seq)
        VALUES (v.id, service_affair.actor(), pg_catalog.now(), note, v_seq);
END
$$;
COMMENT ON FUNCTION service_affair.review_catalog_version(bigint, text) IS
  'Reviews a direct (unreviewed) write of the catalog after the fact: a reviewer of its department other than its writer (42501; an update of item_implementation naming an item of another department, or of an item or bundle moving it to another department: a reviewer of both); 55000 when already reviewed; logged in the ledger catalog';
REVOKE EXECUTE ON FUNCTION service_affair.review_catalog_version(bigint, text) FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- Reading the history

CREATE VIEW service_affair.catalog_review_queue AS
SELECT v.id AS version_id, v.tbl, v.op, v.key, v.item, v.bundle, v.effective_at, v.actor, v.reason, v.regressions
  FROM service_affair.catalog_version v
 WHERE NOT v.reviewed
   AND NOT EXISTS (SELECT 1 FROM service_affair.catalog_version_review r WHERE r.version_id = v.id);
COMMENT ON VIEW service_affair.catalog_review_queue IS
  'Direct writes of the catalog (bulk loads, catalogs updated from 0.1.0) not yet reviewed: review them with review_catalog_version()';
COMMENT ON COLUMN service_affair.catalog_review_queue.version_id IS 'Version id';
COMMENT ON COLUMN service_affair.catalog_review_queue.tbl IS 'Table written';
COMMENT ON COLUMN service_affair.catalog_review_queue.op IS 'insert, update or delete';
COMMENT ON COLUMN service_affair.catalog_review_queue.key IS 'Primary key of the row';
COMMENT ON COLUMN service_affair.catalog_review_queue.item IS 'Item concerned';
COMMENT ON COLUMN service_affair.catalog_review_queue.bundle IS 'Bundle concerned';
COMMENT ON COLUMN service_affair.catalog_review_queue.effective_at IS 'When it was written';
COMMENT ON COLUMN service_affair.catalog_review_queue.actor IS 'Who wrote it';
COMMENT ON COLUMN service_affair.catalog_review_queue.reason IS 'Reason given (service_affair.catalog_reason)';
COMMENT ON COLUMN service_affair.catalog_review_queue.regressions IS 'Regressions it made';

CREATE VIEW service_affair.catalog_regressions AS
SELECT v.id AS version_id, v.effective_at, v.item, v.bundle, v.tbl, v.key, k.kind, v.before_image, v.after_image,
       v.reason, v.reviewed, v.reason IS NULL AS reason_missing, v.ledger_seq
  FROM service_affair.catalog_version v, pg_catalog.unnest(v.regressions) AS k(kind)
UNION ALL
-- each bundle an update of a member item lengthened, under the bundle
SELECT v.id, v.effective_at, v.item, b.bundle, v.tbl, v.key, 'limit_lengthened', v.before_image, v.after_image,
       v.reason, v.reviewed, v.reason IS NULL, v.ledger_seq
  FROM service_affair.catalog_version v, pg_catalog.unnest(v.bundles_lengthened) AS b(bundle);
COMMENT ON VIEW service_affair.catalog_regressions IS
  'Published regressions of the catalog (materials added, limits lengthened, visits raised, online switched off, 容缺 or 告知承诺 withdrawn, a fee or a credit check introduced, an original, copies or a format asked; catalog_regression_kinds), one row per version and kind, and one limit_lengthened per bundle an update of a member item lengthened (bundle set, tbl item), with the reason given';
COMMENT ON COLUMN service_affair.catalog_regressions.version_id IS 'Version that made it';
COMMENT ON COLUMN service_affair.catalog_regressions.effective_at IS 'When it took effect';
COMMENT ON COLUMN service_affair.catalog_regressions.item IS 'Item concerned';
COMMENT ON COLUMN service_affair.catalog_regressions.bundle IS 'Bundle concerned (also a bundle lengthened by an update of its member item)';
COMMENT ON COLUMN service_affair.catalog_regressions.tbl IS 'Table written';
COMMENT ON COLUMN service_affair.catalog_regressions.key IS 'Primary key of the row';
COMMENT ON COLUMN service_affair.catalog_regressions.kind IS 'material_added, limit_lengthened, visits_raised, online_off, tolerance_off, commitment_off, tolerance_shortened, extension_lengthened, scope_narrowed, fee_raised, credit_check_added, original_required, copies_raised or format_narrowed';
COMMENT ON COLUMN service_affair.catalog_regressions.before_image IS 'Row before';
COMMENT ON COLUMN service_affair.catalog_regressions.after_image IS 'Row after';
COMMENT ON COLUMN service_affair.catalog_regressions.reason IS 'Reason given';
COMMENT ON COLUMN service_affair.catalog_regressions.reviewed IS 'Published through a reviewed change';
COMMENT ON COLUMN service_affair.catalog_regressions.reason_missing IS 'A direct write made it without a reason: to be explained';
COMMENT ON COLUMN service_affair.catalog_regressions.ledger_seq IS 'Its entry in the ledger catalog';

-- Power-list events (权力清单): 新增 (an item added), 取消 (cancelled or
-- deleted), 下放 (delegated).  A security barrier: the public reads it, not
-- the other versions (doc/access.md, "Leaky functions and views").
CREATE VIEW service_affair.catalog_power_changes WITH (security_barrier = true) AS
SELECT v.id AS version_id, v.effective_at, service_affair.local_day(v.effective_at) AS day,
       COALESCE(v.after_image, v.before_image)->>'department' AS department, v.item,
       COALESCE(v.after_image, v.before_image)->>'name' AS name,
       CASE WHEN v.op = 'insert' THEN '新增'
            WHEN v.op = 'delete' OR v.after_image->>'status' = 'cancelled' THEN '取消'
            ELSE '下放' END AS change,
       v.after_image->>'delegated_to' AS delegated_to
  FROM service_affair.catalog_version v
 WHERE v.tbl = 'item'
   AND (v.op = 'insert'
        OR (v.op = 'delete' AND v.before_image->>'status' = 'active')
        OR (v.op = 'update' AND v.before_image->>'status' = 'active' AND v.after_image->>'status' <> 'active'));
COMMENT ON VIEW service_affair.catalog_power_changes IS
  'Power-list events of the catalog: 新增 (item added), 取消 (cancelled or deleted), 下放 (delegated); 保留 is counted by power_list_changes()';
COMMENT ON COLUMN service_affair.catalog_power_changes.version_id IS 'Version';
COMMENT ON COLUMN service_affair.catalog_power_changes.effective_at IS 'When it took effect';
COMMENT ON COLUMN service_affair.catalog_power_changes.day IS 'Local day it took effect';
COMMENT ON COLUMN service_affair.catalog_power_changes.department IS 'Department of the item';
COMMENT ON COLUMN service_affair.catalog_power_changes.item IS 'Item code';
COMMENT ON COLUMN service_affair.catalog_power_changes.name IS 'Item name';
COMMENT ON COLUMN service_affair.catalog_power_changes.change IS '新增, 取消 or 下放';
COMMENT ON COLUMN service_affair.catalog_power_changes.delegated_to IS 'Item that took over a delegated item';

-- The rows of one catalog table in force at an instant: the latest version
-- of each key effective at or before it, unless that version deletes it.
CREATE FUNCTION service_affair.catalog_rows_as_of(tbl text, at timestamptz)
    RETURNS TABLE (key jsonb, image jsonb)
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT x.key, x.after_image FROM (
        SELECT DISTINCT ON (v.key) v.key, v.after_image
          FROM service_affair.catalog_version v
         WHERE v.tbl = $1 AND v.effective_at <= $2
         ORDER BY v.key, v.effective_at DESC, v.id DESC) x
     WHERE x.after_image IS NOT NULL
$$;
COMMENT ON FUNCTION service_affair.catalog_rows_as_of(text, timestamptz) IS
  'Internal: rows of a catalog table (item, material, bundle, bundle_item, item_implementation) in force at an instant, from the versions';
REVOKE EXECUTE ON FUNCTION service_affair.catalog_rows_as_of(text, timestamptz) FROM PUBLIC;

-- The power list over a period of local days: 新增, 取消 and 下放 events in
-- it (catalog_power_changes), and 保留: items active at its end that were
-- not added in it.
CREATE FUNCTION service_affair.power_list_changes(from_day date, to_day date)
    RETURNS TABLE (department text, change text, items integer, codes text[])
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT service_affair.catalog_check_day('from_day', $1), service_affair.catalog_check_day('to_day', $2);  -- 22023
    WITH ev AS (
        SELECT p.department, p.change, p.item FROM service_affair.catalog_power_changes p
         WHERE p.day BETWEEN $1 AND $2),
    kept AS (
        SELECT r.image->>'department' AS department, '保留'::text AS change, r.image->>'code' AS item
          FROM service_affair.catalog_rows_as_of('item', service_affair.local_day_start($2 + 1)) r
         WHERE r.image->>'status' = 'active'
           AND NOT EXISTS (SELECT 1 FROM ev WHERE ev.item = r.image->>'code' AND ev.change = '新增'))
    SELECT x.department, x.change, pg_catalog.count(DISTINCT x.item)::integer,
           pg_catalog.array_agg(DISTINCT x.item ORDER BY x.item)
      FROM (SELECT * FROM ev UNION ALL SELECT * FROM kept) x
     GROUP BY x.department, x.change
     ORDER BY x.department, pg_catalog.array_position('{新增,保留,下放,取消}'::text[], x.change)
$$;
COMMENT ON FUNCTION service_affair.power_list_changes(date, date) IS
  'Power-list changes (权力清单调整) per department over a period of local days: 新增 (added), 取消 (cancelled or deleted), 下放 (delegated) and 保留 (active at the end, not added in the period), with the item codes; 22023 for a day NULL, infinite or beyond the range of timestamps';
REVOKE EXECUTE ON FUNCTION service_affair.power_list_changes(date, date) FROM PUBLIC;

-- Internal: the arguments of guide_as_of(): 22023 for a NULL item or a
-- NULL or infinite time, 23503 for an item code no catalog version ever
-- named (unknown: every item has versions from its first write, the update's
-- baseline included), the code echoed through printable().  Until
-- 2026-12-07 each of these answered NULL, the answer for a time before the
-- item's first version: a misspelt code or a lost time told the public that
-- the item had no guide then (a review; test/pgtap/guide_as_of_args.sql).
CREATE FUNCTION service_affair.guide_check_args(item text, at timestamptz) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF item IS NULL THEN
        RAISE EXCEPTION 'item must not be null'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'A NULL item names no guide; give an item code.';
    END IF;
    IF at IS NULL OR NOT pg_catalog.isfinite(at) THEN
        RAISE EXCEPTION 'invalid at'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('at %s must be a finite time.', COALESCE(at::text, 'NULL'));
    END IF;
    IF NOT EXISTS (SELECT FROM service_affair.catalog_version v WHERE v.tbl = 'item' AND v.item = guide_check_args.item) THEN
        RAISE EXCEPTION 'unknown item'
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No item has code %s.', pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(item, 64))));
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.guide_check_args(text, timestamptz) IS
  'Internal: raises 22023 for a NULL item or a NULL or infinite time, 23503 for an item code no catalog version names (guide_as_of())';
REVOKE EXECUTE ON FUNCTION service_affair.guide_check_args(text, timestamptz) FROM PUBLIC;

CREATE FUNCTION service_affair.guide_as_of(item text, at timestamptz) RETURNS jsonb
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT service_affair.guide_check_args($1, $2);  -- 22023, 23503
    WITH it AS (
        SELECT DISTINCT ON (v.item) v.after_image AS image FROM service_affair.catalog_version v
         WHERE v.tbl = 'item' AND v.item = $1 AND v.effective_at <= $2
         ORDER BY v.item, v.effective_at DESC, v.id DESC),
    m AS (
        SELECT x.image FROM (
            SELECT DISTINCT ON (v.key) v.after_image AS image FROM service_affair.catalog_version v
             WHERE v.tbl = 'material' AND v.item = $1 AND v.effective_at <= $2
             ORDER BY v.key, v.effective_at DESC, v.id DESC) x
         WHERE x.image IS NOT NULL)
    SELECT CASE WHEN it.image IS NULL THEN pg_catalog.jsonb_build_object('item', NULL, 'deleted', true)
                ELSE it.image - 'published_at' || pg_catalog.jsonb_build_object('published_at', it.image->'published_at')
                     || pg_catalog.jsonb_build_object('materials',
                          COALESCE((SELECT pg_catalog.jsonb_agg(m.image ORDER BY m.image->>'code') FROM m), '[]'::jsonb)) END
      FROM it
$$;
COMMENT ON FUNCTION service_affair.guide_as_of(text, timestamptz) IS
  'The guide of an item in force at an instant: its row with its materials (key materials, by code), from the catalog versions; NULL before its first version; {"deleted": true} after a delete; 22023 for a NULL item or a NULL or infinite time, 23503 for an unknown item';
REVOKE EXECUTE ON FUNCTION service_affair.guide_as_of(text, timestamptz) FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- The public surface

-- Security barriers (doc/access.md, "Leaky functions and views"): the
-- inner join to department leaves out the departments with no item (no
-- bundle), which the public may not read; without the barrier a reader's
-- leaky function of cost ~0 saw their names (until 2026-12-05; a review).
-- public_item_list: in 34_network.sql, which adds the 通办 columns of the
-- item it publishes (where an item may be applied for).

CREATE VIEW service_affair.public_guide AS
SELECT m.item, m.code AS material, m.name, m.required, m.original_or_copy, m.copies, m.format, m.source,
       m.standard, m.sample, m.tolerable, m.commitment_allowed, m.applies_to
  FROM service_affair.material m;
COMMENT ON VIEW service_affair.public_guide IS
  'The materials of every item as its public guide lists them (申请材料), for the public';
COMMENT ON COLUMN service_affair.public_guide.item IS 'Item code';
COMMENT ON COLUMN service_affair.public_guide.material IS 'Material code';
COMMENT ON COLUMN service_affair.public_guide.name IS 'Material name';
COMMENT ON COLUMN service_affair.public_guide.required IS 'Required (false: optional)';
COMMENT ON COLUMN service_affair.public_guide.original_or_copy IS 'original, copy, original_and_copy or electronic';
COMMENT ON COLUMN service_affair.public_guide.copies IS 'Copies';
COMMENT ON COLUMN service_affair.public_guide.format IS 'paper, electronic or either';
COMMENT ON COLUMN service_affair.public_guide.source IS 'applicant, shared (fetched by the department) or issued (result of another item)';
COMMENT ON COLUMN service_affair.public_guide.standard IS 'Acceptance standard';
COMMENT ON COLUMN service_affair.public_guide.sample IS 'Sample or blank form';
COMMENT ON COLUMN service_affair.public_guide.tolerable IS 'May be supplied after acceptance (容缺) by applicants in good standing';
COMMENT ON COLUMN service_affair.public_guide.commitment_allowed IS 'A written commitment (告知承诺) may replace it';
COMMENT ON COLUMN service_affair.public_guide.applies_to IS 'any, person or org';

CREATE VIEW service_affair.public_bundle_list WITH (security_barrier = true) AS
SELECT b.code, b.name, b.lead_department, d.name AS department_name,
       CASE WHEN b.promised_limit IS NOT NULL THEN l.promised_days END AS promised_limit,
       (SELECT pg_catalog.count(*)::integer FROM service_affair.bundle_item bi WHERE bi.bundle = b.code) AS items
  FROM service_affair.bundle b JOIN service_affair.department d ON d.code = b.lead_department
  JOIN service_affair.bundle_limits l ON l.bundle = b.code;
COMMENT ON VIEW service_affair.public_bundle_list IS 'The published bundles ("一件事"), for the public';
COMMENT ON COLUMN service_affair.public_bundle_list.code IS 'Bundle code';
COMMENT ON COLUMN service_affair.public_bundle_list.name IS 'Bundle name';
COMMENT ON COLUMN service_affair.public_bundle_list.lead_department IS 'Lead department code';
COMMENT ON COLUMN service_affair.public_bundle_list.department_name IS 'Lead department name';
COMMENT ON COLUMN service_affair.public_bundle_list.promised_limit IS 'Promised working days of the bundle, at most its legal days (a limit set above them is shown as its cases get it: bundle_limits); NULL: the sum over stages of the largest member promise (public_item_list)';
COMMENT ON COLUMN service_affair.public_bundle_list.items IS 'Member items';

-- public_bundle_guide: in 44_licences.sql, which adds the items' output
-- evidence type it reads.

-- ---------------------------------------------------------------------------
-- Catalog indicators (issue 16): shares of the active items at the end of a
-- local day, from the versions.

-- as_of's default is today by the calendar cn, whose day ends it below
-- (local_day(), local_day_start(): the catalog's days are cn's, as
-- catalog_power_changes and the items' first days; until 2026-12-05 this
-- function spelled 'Asia/Shanghai' and the first days followed cn), not
-- the session's CURRENT_DATE: until 2026-12-05 a server on UTC showed
-- yesterday's catalog until 08:00 Shanghai time (one on America/New_York
-- until 12:00 or 13:00), and one east of Shanghai tomorrow's (a review)
CREATE FUNCTION service_affair.catalog_indicators(as_of date DEFAULT service_affair.local_day(pg_catalog.now()))
    RETURNS TABLE (department text, region text, items integer, online_share numeric, full_online_share numeric,
                   immediate_share numeric, zero_visit_share numeric, materials_reduced_share numeric)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT service_affair.catalog_check_day('as_of', as_of);  -- 22023
    WITH t AS (
        SELECT service_affair.local_day_start(as_of + 1) AS at_end),
    it AS (
        SELECT r.image AS i FROM t, service_affair.catalog_rows_as_of('item', t.at_end) r
         WHERE r.image->>'status' = 'active'),
    req_now AS (
        SELECT r.image->>'item' AS item, pg_catalog.count(*) AS n
          FROM t, service_affair.catalog_rows_as_of('material', t.at_end) r
         WHERE service_affair.material_brought((r.image->>'required')::boolean, r.image->>'source', r.image->>'applies_to', NULL)
         GROUP BY 1),
    first_day AS (
        SELECT v.item, service_affair.local_day(pg_catalog.min(v.effective_at)) AS day
          FROM service_affair.catalog_version v WHERE v.tbl = 'item' GROUP BY v.item),
    -- each item's materials in force at the end of its first day: one pass over the
    -- material versions (not the whole catalog as of each item's day, item by item)
    req_first AS (
        SELECT r.item, pg_catalog.count(*) FILTER (WHERE service_affair.material_brought((r.image->>'required')::boolean, r.image->>'source',
                                                                                         r.image->>'applies_to', NULL)) AS n
          FROM (SELECT DISTINCT ON (v.key) v.item, v.after_image AS image
                  FROM service_affair.catalog_version v JOIN first_day f ON f.item = v.item
                 WHERE v.tbl = 'material' AND v.effective_at <= service_affair.local_day_start(f.day + 1)
                 ORDER BY v.key, v.effective_at DESC, v.id DESC) r
         GROUP BY r.item),
    x AS (
        SELECT it.i->>'department' AS department, d.region,
               it.i->>'online_depth' <> 'none' AS online, it.i->>'online_depth' = 'full' AS full_online,
               it.i->>'kind' = 'immediate' AS immediate, (it.i->>'max_visits')::integer = 0 AS zero_visit,
               COALESCE(rn.n, 0) < COALESCE(rf.n, 0) AS reduced
          FROM it LEFT JOIN service_affair.department d ON d.code = it.i->>'department'
          LEFT JOIN req_now rn ON rn.item = it.i->>'code'
          LEFT JOIN req_first rf ON rf.item = it.i->>'code')
    SELECT x.department, x.region, pg_catalog.count(*)::integer,
           pg_catalog.count(*) FILTER (WHERE x.online)::numeric / NULLIF(pg_catalog.count(*), 0),
           pg_catalog.count(*) FILTER (WHERE x.full_online)::numeric / NULLIF(pg_catalog.count(*), 0),
           pg_catalog.count(*) FILTER (WHERE x.immediate)::numeric / NULLIF(pg_catalog.count(*), 0),
           pg_catalog.count(*) FILTER (WHERE x.zero_visit)::numeric / NULLIF(pg_catalog.count(*), 0),
           pg_catalog.count(*) FILTER (WHERE x.reduced)::numeric / NULLIF(pg_catalog.count(*), 0)
      FROM x
     GROUP BY GROUPING SETS ((x.department, x.region), (x.region), ())
     ORDER BY GROUPING(x.department, x.region), x.region, x.department
$$;
COMMENT ON FUNCTION service_affair.catalog_indicators(date) IS
  'Catalog indicators over the active items at the end of a local day (of the calendar cn, local_day_start()), from the catalog versions: 网上可办 (online_depth apply or full), 全程网办 (full), 马上办 (kind immediate), 跑零次 (max_visits 0) and materials reduced (fewer required materials the applicant brings than on the item''s first day), as shares; one row per department, then per region (department NULL), then overall (items 0 and NULL shares when none is active); 22023 for an as_of NULL, infinite or beyond the range of timestamps';
REVOKE EXECUTE ON FUNCTION service_affair.catalog_indicators(date) FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- Grants (applied by create_roles(), 90_access.sql): guides, catalog changes and history
INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    ('admin', 'SELECT', 'service_affair.material_denylist'),
    ('admin', 'INSERT', 'service_affair.material_denylist'),
    ('admin', 'UPDATE', 'service_affair.material_denylist'),
    ('admin', 'DELETE', 'service_affair.material_denylist'),
    ('clerk', 'SELECT', 'service_affair.material_denylist'),
    ('reviewer', 'SELECT', 'service_affair.material_denylist'),
    ('admin', 'EXECUTE', 'service_affair.check_material_name(text,text,text)'),
    ('admin', 'SELECT', 'service_affair.catalog_change'),
    ('clerk', 'SELECT', 'service_affair.catalog_change'),
    ('reviewer', 'SELECT', 'service_affair.catalog_change'),
    ('admin', 'SELECT', 'service_affair.catalog_version'),
    ('clerk', 'SELECT', 'service_affair.catalog_version'),
    ('reviewer', 'SELECT', 'service_affair.catalog_version'),
    ('analyst', 'SELECT', 'service_affair.catalog_version'),
    ('admin', 'SELECT', 'service_affair.catalog_version_review'),
    ('reviewer', 'SELECT', 'service_affair.catalog_version_review'),
    ('admin', 'SELECT', 'service_affair.catalog_review_queue'),
    ('reviewer', 'SELECT', 'service_affair.catalog_review_queue'),
    ('admin', 'SELECT', 'service_affair.catalog_regressions'),
    ('reviewer', 'SELECT', 'service_affair.catalog_regressions'),
    ('analyst', 'SELECT', 'service_affair.catalog_regressions'),
    ('admin', 'SELECT', 'service_affair.catalog_power_changes'),
    ('reviewer', 'SELECT', 'service_affair.catalog_power_changes'),
    ('analyst', 'SELECT', 'service_affair.catalog_power_changes'),
    ('public', 'SELECT', 'service_affair.catalog_power_changes'),
    ('admin', 'EXECUTE', 'service_affair.propose_catalog_change(jsonb,date)'),
    ('clerk', 'EXECUTE', 'service_affair.propose_catalog_change(jsonb,date)'),
    ('reviewer', 'EXECUTE', 'service_affair.propose_catalog_change(jsonb,date)'),
    ('admin', 'EXECUTE', 'service_affair.review_catalog_change(bigint,boolean,text)'),
    ('reviewer', 'EXECUTE', 'service_affair.review_catalog_change(bigint,boolean,text)'),
    ('admin', 'EXECUTE', 'service_affair.review_catalog_version(bigint,text)'),
    ('reviewer', 'EXECUTE', 'service_affair.review_catalog_version(bigint,text)'),
    ('admin', 'EXECUTE', 'service_affair.publish_due_catalog_changes(timestamptz)'),
    ('admin', 'SELECT', 'service_affair.public_item_list'),
    ('clerk', 'SELECT', 'service_affair.public_item_list'),
    ('reviewer', 'SELECT', 'service_affair.public_item_list'),
    ('analyst', 'SELECT', 'service_affair.public_item_list'),
    ('public', 'SELECT', 'service_affair.public_item_list'),
    ('admin', 'SELECT', 'service_affair.public_guide'),
    ('clerk', 'SELECT', 'service_affair.public_guide'),
    ('reviewer', 'SELECT', 'service_affair.public_guide'),
    ('analyst', 'SELECT', 'service_affair.public_guide'),
    ('public', 'SELECT', 'service_affair.public_guide'),
    ('admin', 'SELECT', 'service_affair.public_bundle_list'),
    ('clerk', 'SELECT', 'service_affair.public_bundle_list'),
    ('analyst', 'SELECT', 'service_affair.public_bundle_list'),
    ('public', 'SELECT', 'service_affair.public_bundle_list'),
    ('admin', 'EXECUTE', 'service_affair.guide_as_of(text,timestamptz)'),
    ('clerk', 'EXECUTE', 'service_affair.guide_as_of(text,timestamptz)'),
    ('reviewer', 'EXECUTE', 'service_affair.guide_as_of(text,timestamptz)'),
    ('analyst', 'EXECUTE', 'service_affair.guide_as_of(text,timestamptz)'),
    ('public', 'EXECUTE', 'service_affair.guide_as_of(text,timestamptz)'),
    ('admin', 'EXECUTE', 'service_affair.power_list_changes(date,date)'),
    ('reviewer', 'EXECUTE', 'service_affair.power_list_changes(date,date)'),
    ('analyst', 'EXECUTE', 'service_affair.power_list_changes(date,date)'),
    ('public', 'EXECUTE', 'service_affair.power_list_changes(date,date)'),
    ('admin', 'EXECUTE', 'service_affair.catalog_indicators(date)'),
    ('analyst', 'EXECUTE', 'service_affair.catalog_indicators(date)'),
    ('public', 'EXECUTE', 'service_affair.catalog_indicators(date)')
ON CONFLICT DO NOTHING;
