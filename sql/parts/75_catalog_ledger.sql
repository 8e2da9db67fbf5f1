-- The catalog ledger (issue 14): the versions of the catalog (33_guides.sql)
-- are chained in the inspection log (70_inspection.sql) under the ledger
-- 'catalog', which is not a department: the ledger's reference to department
-- moves to a generated column that is NULL for it, and the log accepts the
-- entry kind 'catalog'.  Then the triggers on the catalog tables, which record
-- every write.  This part is wholly new in 0.2.0: its update file is a link
-- to it, and the catalog of an updated installation is logged by
-- sql/upgrade/0.1.0--0.2.0/99_catalog_baseline.sql.

-- No department may be coded catalog: its ledger would be the catalog's,
-- and its plans, draws and unpublished results would be read as the public
-- ledger catalog.  A database updated from 0.1.0 with such a department is
-- refused before anything changes, naming it, by the one pre-check of
-- sql/upgrade/0.1.0--0.2.0/00_header.sql (until 2026-12-06 here, after the
-- update had done most of its work), whose hint gives the statements that
-- give it another code in 0.1.0.
ALTER TABLE service_affair.department ADD CONSTRAINT department_code_not_catalog CHECK (code <> 'catalog');
COMMENT ON CONSTRAINT department_code_not_catalog ON service_affair.department IS
  'catalog names the ledger of the catalog (75_catalog_ledger.sql), which the public reads: no department''s ledger may be it';
ALTER TABLE service_affair.ledger DROP CONSTRAINT ledger_name_fkey;
ALTER TABLE service_affair.ledger
    ADD COLUMN department text GENERATED ALWAYS AS (NULLIF(NULLIF(name, 'catalog'), 'directory')) STORED
        CONSTRAINT ledger_department_fkey REFERENCES service_affair.department;
COMMENT ON COLUMN service_affair.ledger.department IS
  'Department whose ledger this is (= name); NULL for the ledger catalog, the chain of the catalog versions (33_guides.sql), and for the ledger directory, the chain of the deregistration marks (76_directory_log.sql)';
COMMENT ON CONSTRAINT ledger_department_fkey ON service_affair.ledger IS
  'Every ledger but catalog and directory is the ledger of a department';
-- The canonical bytes are UTF-8 whatever the database's encoding (since
-- 2026-12-03, doc/inspection.md); 0.1.0 hashed its entries in the
-- database's encoding.  Each ledger says from which entry on it is UTF-8:
-- verify_log() reads every entry one way only, so that no edit can pass
-- under the other reading (in LATIN1, "é" hashed as UTF-8 has the bytes of
-- "Ã©" hashed as LATIN1).  A fresh ledger is UTF-8 throughout; a database
-- updated from 0.1.0 in another encoding keeps its entries so far legacy.
ALTER TABLE service_affair.ledger ADD COLUMN utf8_from bigint NOT NULL DEFAULT 1 CHECK (utf8_from >= 1);
COMMENT ON COLUMN service_affair.ledger.utf8_from IS
  'First seq hashed over UTF-8 text; the entries before it (a database updated from 0.1.0 whose encoding is not UTF8) over the database encoding''s bytes';
UPDATE service_affair.ledger SET utf8_from = head_seq + 1
 WHERE pg_catalog.getdatabaseencoding() NOT IN ('UTF8', 'SQL_ASCII');
ALTER TABLE service_affair.inspection_log DROP CONSTRAINT inspection_log_kind_check;
ALTER TABLE service_affair.inspection_log ADD CONSTRAINT inspection_log_kind_check
    CHECK (kind IN ('plan', 'draw', 'result', 'publication', 'catalog'));
COMMENT ON CONSTRAINT inspection_log_kind_check ON service_affair.inspection_log IS
  'Entry kinds: plan, draw, result, publication (inspections) and catalog (the ledger catalog)';
ALTER TABLE service_affair.inspection_log ADD CONSTRAINT inspection_log_catalog_kind
    CHECK ((ledger = 'catalog') = (kind = 'catalog'));
COMMENT ON CONSTRAINT inspection_log_catalog_kind ON service_affair.inspection_log IS
  'The ledger catalog holds catalog entries only, and only it does: what the public reads as the catalog''s chain is never an inspection''s';

-- Before a write of an item: online and online_depth agree, published_at is
-- the write, effective_from the reviewed change's day (the day of its
-- publication if that is later) or the day of a direct write (an insert may
-- name its own).  No SET search_path: restoring()
-- must see the writer's own (a restore keeps the rows as dumped).
CREATE FUNCTION service_affair.catalog_item_defaults() RETURNS trigger
    LANGUAGE plpgsql
    -- no SET search_path: restoring() reads the writer's.  So every operator
    -- is qualified, and no NOT IN or IS DISTINCT FROM, which take the path's
    -- = (an administrator whose path put a schema of another role first ran
    -- that role's = and <> as itself until 2026-12-04; a review)
AS $$
DECLARE
    v_from date;
BEGIN
    IF TG_RELID OPERATOR(pg_catalog.<>) 'service_affair.item'::pg_catalog.regclass
       OR TG_WHEN OPERATOR(pg_catalog.<>) 'BEFORE' OR TG_LEVEL OPERATOR(pg_catalog.<>) 'ROW'
       OR NOT (TG_OP OPERATOR(pg_catalog.=) 'INSERT' OR TG_OP OPERATOR(pg_catalog.=) 'UPDATE') THEN
        RAISE EXCEPTION 'catalog_item_defaults() must not fire on % % % of %', TG_WHEN, TG_LEVEL, TG_OP, TG_RELID::pg_catalog.regclass
            USING ERRCODE = 'trigger_protocol_violated',
                  DETAIL = 'It fires only before INSERT and UPDATE of rows of service_affair.item.';
    END IF;
    IF service_affair.restoring() THEN
        RETURN NEW;  -- a restore: the row as dumped
    END IF;
    IF TG_OP OPERATOR(pg_catalog.=) 'INSERT' THEN
        IF NEW.online_depth OPERATOR(pg_catalog.<>) 'none' THEN
            NEW.online := true;
        ELSIF NEW.online THEN
            NEW.online_depth := 'apply';
        END IF;
    ELSIF NEW.online_depth OPERATOR(pg_catalog.<>) OLD.online_depth THEN  -- both NOT NULL
        NEW.online := NEW.online_depth OPERATOR(pg_catalog.<>) 'none';
    ELSIF NEW.online OPERATOR(pg_catalog.<>) OLD.online THEN
        NEW.online_depth := CASE WHEN NOT NEW.online THEN 'none' WHEN OLD.online_depth OPERATOR(pg_catalog.=) 'none' THEN 'apply'
                                 ELSE OLD.online_depth END;
    END IF;
    SELECT c.effective_from INTO v_from FROM service_affair.catalog_change c
     WHERE c.id OPERATOR(pg_catalog.=) service_affair.catalog_change_publishing();  -- 33_guides.sql
    -- a reviewed change takes effect on its day, but not before it is
    -- published (the versions guide_as_of() reads begin then): until
    -- 2026-12-04 a change proposed for 2000-01-01 and approved today showed
    -- in public_item_list as in force since 2000 (a review)
    -- (GREATEST ignores a NULL: no reviewed change, no day from it)
    -- A direct write takes effect the day it is written: intake applies it at
    -- once.  An insert may name an earlier day (a catalog loaded with the day
    -- its items took effect), not a later one; an update names none.  Until
    -- 2026-12-04 any direct write kept the day it named, and
    -- public_item_list said a fee written today took effect in 2099, or had
    -- since 2000 (a review)
    NEW.effective_from := COALESCE(CASE WHEN v_from IS NOT NULL
                                        THEN GREATEST(v_from, service_affair.local_day(pg_catalog.now(), NEW.calendar)) END,
                                   CASE WHEN TG_OP OPERATOR(pg_catalog.=) 'INSERT'
                                        THEN LEAST(NEW.effective_from, service_affair.local_day(pg_catalog.now(), NEW.calendar)) END,
                                   service_affair.local_day(pg_catalog.now(), NEW.calendar));
    -- not before the version it replaces (a transaction that began earlier
    -- but writes after another's commit: the row lock orders them)
    NEW.published_at := CASE WHEN TG_OP OPERATOR(pg_catalog.=) 'UPDATE'
                             THEN GREATEST(pg_catalog.now(), OLD.published_at) ELSE pg_catalog.now() END;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION service_affair.catalog_item_defaults() IS
  'Trigger: keeps item.online and online_depth in agreement and stamps published_at and effective_from of every write of an item';
REVOKE EXECUTE ON FUNCTION service_affair.catalog_item_defaults() FROM PUBLIC;
CREATE TRIGGER item_guide_defaults BEFORE INSERT OR UPDATE ON service_affair.item
    FOR EACH ROW EXECUTE FUNCTION service_affair.catalog_item_defaults();
COMMENT ON TRIGGER item_guide_defaults ON service_affair.item IS
  'online follows online_depth (and the reverse); published_at and effective_from stamped';

CREATE FUNCTION service_affair.catalog_material_name() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_RELID <> 'service_affair.material'::pg_catalog.regclass
       OR TG_WHEN <> 'BEFORE' OR TG_LEVEL <> 'ROW' OR TG_OP NOT IN ('INSERT', 'UPDATE') THEN
        RAISE EXCEPTION 'catalog_material_name() must not fire on % % % of %', TG_WHEN, TG_LEVEL, TG_OP, TG_RELID::pg_catalog.regclass
            USING ERRCODE = 'trigger_protocol_violated',
                  DETAIL = 'It fires only before INSERT and UPDATE of rows of service_affair.material.';
    END IF;
    PERFORM service_affair.check_material_name(NEW.item, NEW.code, NEW.name);  -- 22023
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION service_affair.catalog_material_name() IS
  'Trigger: refuses a material whose name contains a phrase of material_denylist (22023)';
REVOKE EXECUTE ON FUNCTION service_affair.catalog_material_name() FROM PUBLIC;
-- Not when a restore writes the rows (restoring(), 05_org.sql): a material
-- published before a phrase was deny-listed stays, and its restore must not
-- depend on whether material_denylist happens to load after material (a
-- serial pg_restore loads them in name order, a parallel one does not).
-- The test is in the WHEN clause because the function pins its search_path.
CREATE TRIGGER material_name_denylist BEFORE INSERT OR UPDATE OF name ON service_affair.material
    FOR EACH ROW WHEN (NOT service_affair.restoring())
    EXECUTE FUNCTION service_affair.catalog_material_name();
COMMENT ON TRIGGER material_name_denylist ON service_affair.material IS
  'Vague material names (material_denylist) are refused (22023); not when a restore writes them (a material published before its phrase was deny-listed stays)';

-- After every write of the catalog: a version and its ledger entry.  A
-- restore (pg_dump sets search_path to '' and restores catalog_version and
-- the ledger themselves) by a superuser is the one write not recorded again:
-- restoring() (05_org.sql) must see the writer's own settings, so it is asked
-- in the triggers' WHEN clause, and the function itself runs as its owner
-- with its own search_path.  It is the only caller of catalog_record(), which
-- no group role may execute: an administrator who could call it from a
-- trigger of his own (a temporary table's) wrote versions and public ledger
-- entries for writes that never happened, with any before image.
CREATE FUNCTION service_affair.catalog_write() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    stmt jsonb;  -- the statement's other rows of the bundles this one is in, as they were before it
BEGIN
    IF TG_RELID NOT IN ('service_affair.item'::pg_catalog.regclass, 'service_affair.material'::pg_catalog.regclass,
                        'service_affair.bundle'::pg_catalog.regclass, 'service_affair.bundle_item'::pg_catalog.regclass,
                        'service_affair.item_implementation'::pg_catalog.regclass)
       OR TG_WHEN OPERATOR(pg_catalog.<>) 'AFTER' OR TG_LEVEL OPERATOR(pg_catalog.<>) 'ROW' THEN
        RAISE EXCEPTION 'catalog_write() must not fire on % % % of %', TG_WHEN, TG_LEVEL, TG_OP, TG_RELID::pg_catalog.regclass
            USING ERRCODE = 'trigger_protocol_violated',
                  DETAIL = 'It fires only after INSERT, UPDATE and DELETE of rows of item, material, bundle, bundle_item and item_implementation.';
    END IF;
    -- A statement that writes several rows (UPDATE item SET department of a
    -- reorganisation, 机构改革, moving every item of a department at once;
    -- entries added or removed together) is judged against the catalog as
    -- it stood before the statement: each row is recorded after the whole
    -- statement, so the rule reads the other rows it wrote through the
    -- statement's transition tables (catalog_old, catalog_new: the
    -- triggers item_versions_update, material_versions_insert and
    -- _update, and bundle_item_versions_*), those of the bundles this row
    -- is in, as they were before it.  A one-row statement (every write
    -- apply_catalog_change() makes) has none: NULL, judged as ever.  Until
    -- 2026-12-05 each row was judged against the others already written:
    -- moving every item of one department to another flagged each item of
    -- a one-department bundle extension_lengthened and limit_lengthened,
    -- reason missing (a review); one UPDATE taking 容缺 from a material in
    -- every entry of a bundle, or one INSERT adding a new required material
    -- to two entries, was judged by nothing (a review)
    IF TG_OP OPERATOR(pg_catalog.=) 'UPDATE' AND pg_catalog.to_jsonb(NEW) OPERATOR(pg_catalog.=) pg_catalog.to_jsonb(OLD) THEN
        RETURN NULL;  -- nothing written
    END IF;
    IF TG_TABLE_NAME OPERATOR(pg_catalog.=) 'item' AND TG_OP OPERATOR(pg_catalog.=) 'UPDATE' THEN
        -- (an item of no bundle has none to collect: a bulk update of the
        -- catalog reads the statement's rows only for the items of bundles,
        -- not once per item: linear, not quadratic, in the statement's size)
        IF EXISTS (SELECT FROM service_affair.bundle_item bi WHERE bi.item OPERATOR(pg_catalog.=) NEW.code) THEN
            SELECT pg_catalog.jsonb_object_agg(o.code, pg_catalog.to_jsonb(o)) INTO stmt
              FROM catalog_old o
             WHERE o.code OPERATOR(pg_catalog.<>) NEW.code
               AND o.code IN (SELECT b2.item FROM service_affair.bundle_item bi
                                JOIN service_affair.bundle_item b2 ON b2.bundle OPERATOR(pg_catalog.=) bi.bundle
                               WHERE bi.item OPERATOR(pg_catalog.=) NEW.code);
        END IF;
    ELSIF TG_TABLE_NAME OPERATOR(pg_catalog.=) 'material' AND TG_OP OPERATOR(pg_catalog.<>) 'DELETE' THEN
        -- the rows it wrote of this one's code (one document) of the items
        -- of the bundles this one's item is in, but this one: each by its
        -- key with its image before the statement (catalog_old), or null
        -- when the key was not there (inserted, or an item changed to it).
        -- A material of an item of no bundle collects none (a bulk import
        -- stays linear).  A delete is not judged: no transition table
        IF EXISTS (SELECT FROM service_affair.bundle_item bi WHERE bi.item OPERATOR(pg_catalog.=) NEW.item) THEN
            IF TG_OP OPERATOR(pg_catalog.=) 'INSERT' THEN
                SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                           'key', pg_catalog.jsonb_build_object('item', n.item, 'code', n.code), 'image', NULL::jsonb))
                  INTO stmt
                  FROM catalog_new n
                 WHERE n.code OPERATOR(pg_catalog.=) NEW.code AND n.item OPERATOR(pg_catalog.<>) NEW.item
                   AND n.item IN (SELECT b2.item FROM service_affair.bundle_item bi
                                    JOIN service_affair.bundle_item b2 ON b2.bundle OPERATOR(pg_catalog.=) bi.bundle
                                   WHERE bi.item OPERATOR(pg_catalog.=) NEW.item);
            ELSE
                WITH items AS MATERIALIZED (
                    SELECT DISTINCT b2.item FROM service_affair.bundle_item bi
                      JOIN service_affair.bundle_item b2 ON b2.bundle OPERATOR(pg_catalog.=) bi.bundle
                     WHERE bi.item OPERATOR(pg_catalog.=) NEW.item AND b2.item OPERATOR(pg_catalog.<>) NEW.item),
                o AS (SELECT * FROM catalog_old o
                       WHERE o.code OPERATOR(pg_catalog.=) NEW.code AND o.item IN (SELECT x.item FROM items x)),
                n AS (SELECT * FROM catalog_new n
                       WHERE n.code OPERATOR(pg_catalog.=) NEW.code AND n.item IN (SELECT x.item FROM items x))
                -- (only a key whose row the statement took away or brought,
                -- or changed in what the options of its code are made of,
                -- the flags' columns: another reads the same before as
                -- after, the table's row its own before; until 2026-12-05
                -- every row of the code was collected, and each row judged
                -- again, whatever the statement changed: a review)
                SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                           'key', pg_catalog.jsonb_build_object('item', COALESCE(o.item, n.item), 'code', NEW.code),
                           'image', CASE WHEN o.item IS NOT NULL THEN pg_catalog.to_jsonb(o) END))
                  INTO stmt
                  FROM o FULL JOIN n ON n.item OPERATOR(pg_catalog.=) o.item
                 WHERE o.item IS NULL OR n.item IS NULL
                    OR (o.required, o.tolerable, o.commitment_allowed, o.applies_to, o.source, o.evidence_type)
                       IS DISTINCT FROM (n.required, n.tolerable, n.commitment_allowed, n.applies_to, n.source, n.evidence_type);
            END IF;
        END IF;
    ELSIF TG_TABLE_NAME OPERATOR(pg_catalog.=) 'bundle_item' THEN
        -- the entries it wrote of the bundle this one is in (or left), but
        -- this row's own (its old and new key): their old rows ("old") and
        -- their new rows ("new")
        IF TG_OP OPERATOR(pg_catalog.<>) 'INSERT' THEN
            stmt := pg_catalog.jsonb_build_object('old',
                (SELECT COALESCE(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('bundle', o.bundle, 'item', o.item, 'stage', o.stage)), '[]')
                   FROM catalog_old o
                  WHERE o.bundle IN (OLD.bundle, NEW.bundle)
                    AND (o.bundle, o.item) NOT IN ((OLD.bundle, OLD.item), (COALESCE(NEW.bundle, OLD.bundle), COALESCE(NEW.item, OLD.item)))));
        END IF;
        IF TG_OP OPERATOR(pg_catalog.<>) 'DELETE' THEN
            stmt := COALESCE(stmt, '{}') OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object('new',
                (SELECT COALESCE(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('bundle', n.bundle, 'item', n.item)), '[]')
                   FROM catalog_new n
                  WHERE n.bundle IN (OLD.bundle, NEW.bundle)
                    AND (n.bundle, n.item) NOT IN ((NEW.bundle, NEW.item), (COALESCE(OLD.bundle, NEW.bundle), COALESCE(OLD.item, NEW.item)))));
        END IF;
        IF COALESCE(stmt->'old', '[]') OPERATOR(pg_catalog.=) '[]' AND COALESCE(stmt->'new', '[]') OPERATOR(pg_catalog.=) '[]' THEN
            stmt := NULL;
        END IF;
    END IF;
    IF TG_OP OPERATOR(pg_catalog.=) 'INSERT' THEN
        PERFORM service_affair.catalog_record(TG_TABLE_NAME, 'insert', NULL, pg_catalog.to_jsonb(NEW), stmt);
    ELSIF TG_OP OPERATOR(pg_catalog.=) 'UPDATE' THEN
        IF service_affair.catalog_key(TG_TABLE_NAME, pg_catalog.to_jsonb(NEW))
             OPERATOR(pg_catalog.<>) service_affair.catalog_key(TG_TABLE_NAME, pg_catalog.to_jsonb(OLD)) THEN
            -- a new key: the old row goes, the new one comes.  Unless
            -- another row of the statement took the old key (a shift or a
            -- swap: k1 to k2 and k2 to k3 in one UPDATE): the old key's row
            -- is then neither gone nor this one, and the versions cannot
            -- say which row is which.  Refused, naming both keys: one
            -- statement per move.  Until 2026-12-07 catalog_record() found
            -- the old key live and refused it as a forged version, 42501
            -- "catalog version does not match the row" (a review;
            -- catalog_implementation_propose.sql)
            IF service_affair.catalog_row(TG_TABLE_NAME, service_affair.catalog_key(TG_TABLE_NAME, pg_catalog.to_jsonb(OLD))) IS NOT NULL THEN
                RAISE EXCEPTION 'a key of % moved into the place of another row in one statement', TG_TABLE_NAME
                    USING ERRCODE = 'object_not_in_prerequisite_state',
                          DETAIL = pg_catalog.format('The row of key %s moved to key %s, and another row of the same statement took key %s.',
                                                     service_affair.printable(pg_catalog.left(service_affair.catalog_key(TG_TABLE_NAME, pg_catalog.to_jsonb(OLD))::text, 200)),
                                                     service_affair.printable(pg_catalog.left(service_affair.catalog_key(TG_TABLE_NAME, pg_catalog.to_jsonb(NEW))::text, 200)),
                                                     service_affair.printable(pg_catalog.left(service_affair.catalog_key(TG_TABLE_NAME, pg_catalog.to_jsonb(OLD))::text, 200))),
                          HINT = 'Move each key in a statement of its own (through a free key for a swap), so that each version names one row.';
            END IF;
            PERFORM service_affair.catalog_record(TG_TABLE_NAME, 'delete', pg_catalog.to_jsonb(OLD), NULL, stmt);
            PERFORM service_affair.catalog_record(TG_TABLE_NAME, 'insert', NULL, pg_catalog.to_jsonb(NEW), stmt);
        ELSE
            PERFORM service_affair.catalog_record(TG_TABLE_NAME, 'update', pg_catalog.to_jsonb(OLD), pg_catalog.to_jsonb(NEW), stmt);
        END IF;
    ELSE
        PERFORM service_affair.catalog_record(TG_TABLE_NAME, 'delete', pg_catalog.to_jsonb(OLD), NULL, stmt);
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION service_affair.catalog_write() IS
  'Trigger (SECURITY DEFINER): records every insert, update and delete of item, material, bundle, bundle_item and item_implementation as a catalog version with its ledger entry (catalog_record(), which only it calls); not a restore (restoring(), in the triggers'' WHEN clause)';
REVOKE EXECUTE ON FUNCTION service_affair.catalog_write() FROM PUBLIC;
-- An UPDATE of item, an INSERT or UPDATE of material and every write of
-- bundle_item see the statement's other rows (transition tables; one event
-- per trigger): a multi-row statement is judged against the catalog as it
-- stood before it (catalog_write()).
CREATE TRIGGER item_versions AFTER INSERT OR DELETE ON service_affair.item
    FOR EACH ROW WHEN (NOT service_affair.restoring()) EXECUTE FUNCTION service_affair.catalog_write();
CREATE TRIGGER item_versions_update AFTER UPDATE ON service_affair.item
    REFERENCING OLD TABLE AS catalog_old NEW TABLE AS catalog_new
    FOR EACH ROW WHEN (NOT service_affair.restoring()) EXECUTE FUNCTION service_affair.catalog_write();
CREATE TRIGGER material_versions_insert AFTER INSERT ON service_affair.material
    REFERENCING NEW TABLE AS catalog_new
    FOR EACH ROW WHEN (NOT service_affair.restoring()) EXECUTE FUNCTION service_affair.catalog_write();
CREATE TRIGGER material_versions_update AFTER UPDATE ON service_affair.material
    REFERENCING OLD TABLE AS catalog_old NEW TABLE AS catalog_new
    FOR EACH ROW WHEN (NOT service_affair.restoring()) EXECUTE FUNCTION service_affair.catalog_write();
CREATE TRIGGER material_versions_delete AFTER DELETE ON service_affair.material
    FOR EACH ROW WHEN (NOT service_affair.restoring()) EXECUTE FUNCTION service_affair.catalog_write();
CREATE TRIGGER bundle_versions AFTER INSERT OR UPDATE OR DELETE ON service_affair.bundle
    FOR EACH ROW WHEN (NOT service_affair.restoring()) EXECUTE FUNCTION service_affair.catalog_write();
CREATE TRIGGER bundle_item_versions_insert AFTER INSERT ON service_affair.bundle_item
    REFERENCING NEW TABLE AS catalog_new
    FOR EACH ROW WHEN (NOT service_affair.restoring()) EXECUTE FUNCTION service_affair.catalog_write();
CREATE TRIGGER bundle_item_versions_update AFTER UPDATE ON service_affair.bundle_item
    REFERENCING OLD TABLE AS catalog_old NEW TABLE AS catalog_new
    FOR EACH ROW WHEN (NOT service_affair.restoring()) EXECUTE FUNCTION service_affair.catalog_write();
CREATE TRIGGER bundle_item_versions_delete AFTER DELETE ON service_affair.bundle_item
    REFERENCING OLD TABLE AS catalog_old
    FOR EACH ROW WHEN (NOT service_affair.restoring()) EXECUTE FUNCTION service_affair.catalog_write();
-- item_implementation decides which department of a region handles a case
-- of a basic code (resolve_competence(), 42_tongban.sql): until 2026-12-07
-- its rows were checked at submission only, and an administrator's write of
-- one, which hands a region's cases to another department, was in no
-- version, no ledger entry and no review queue (a review;
-- catalog_implementation_ledger.sql).  Its writes are proposed and reviewed
-- as the other tables' (propose_catalog_change(): a reviewer of both
-- departments when a row moves to another's item; since 2026-12-07), or
-- direct, each a version reviewed after the fact by a reviewer of the
-- department of the item the row names, and of the one it named before
-- (review_catalog_version()).  A
-- row is judged by nothing (no regression kinds): it changes who handles a
-- case, not what an applicant brings or waits for.
CREATE TRIGGER item_implementation_versions AFTER INSERT OR UPDATE OR DELETE ON service_affair.item_implementation
    FOR EACH ROW WHEN (NOT service_affair.restoring()) EXECUTE FUNCTION service_affair.catalog_write();
COMMENT ON TRIGGER item_implementation_versions ON service_affair.item_implementation IS
  'Every write (the cascade of an item''s delete too) is a catalog version, chained in the ledger catalog and listed in catalog_review_queue until reviewed; not a restore, which carries its versions';
COMMENT ON TRIGGER item_versions ON service_affair.item IS 'Every write is a catalog version, chained in the ledger catalog; not a restore, which carries its versions';
COMMENT ON TRIGGER item_versions_update ON service_affair.item IS 'Every update is a catalog version, chained in the ledger catalog, judged against the catalog as it stood before the statement (its transition tables); not a restore, which carries its versions';
COMMENT ON TRIGGER material_versions_insert ON service_affair.material IS 'Every insert is a catalog version, chained in the ledger catalog, judged against the catalog as it stood before the statement (its transition table); not a restore, which carries its versions';
COMMENT ON TRIGGER material_versions_update ON service_affair.material IS 'Every update is a catalog version, chained in the ledger catalog, judged against the catalog as it stood before the statement (its transition tables); not a restore, which carries its versions';
COMMENT ON TRIGGER material_versions_delete ON service_affair.material IS 'Every delete is a catalog version, chained in the ledger catalog (a material removed is no regression: no transition table); not a restore, which carries its versions';
COMMENT ON TRIGGER bundle_versions ON service_affair.bundle IS 'Every write is a catalog version, chained in the ledger catalog; not a restore, which carries its versions';
COMMENT ON TRIGGER bundle_item_versions_insert ON service_affair.bundle_item IS 'Every insert is a catalog version, chained in the ledger catalog, judged against the catalog as it stood before the statement (its transition tables); not a restore, which carries its versions';
COMMENT ON TRIGGER bundle_item_versions_update ON service_affair.bundle_item IS 'Every update is a catalog version, chained in the ledger catalog, judged against the catalog as it stood before the statement (its transition tables); not a restore, which carries its versions';
COMMENT ON TRIGGER bundle_item_versions_delete ON service_affair.bundle_item IS 'Every delete is a catalog version, chained in the ledger catalog, judged against the catalog as it stood before the statement (its transition tables); not a restore, which carries its versions';
-- An item or bundle keeps its code.  The code is what names it: the
-- catalog's versions and the public guide as of a day (guide_as_of(),
-- catalog_rows_as_of()), the first day of its publication
-- (catalog_published_before(): the rule of which writes are regressions),
-- the power list, the cases (cases.service, cases.item and cases.bundle: a
-- rename of a service with cases was refused by their foreign keys, with
-- 23503), the commitments (commitment.items), and on a sharded province the
-- tasks and licences of the shards, which no cascade reaches (doc/scale.md).
-- A rename was recorded as a delete of the old code and an insert of a new
-- one, with no earlier version: the item renamed and its limit lengthened
-- or its visits raised in the same UPDATE, or in the next one, or a bundle
-- renamed with a longer promised_limit, was judged by nothing; and the
-- cascade rewrote its materials and bundle entries as materials and entries
-- added, each flagged material_added or limit_lengthened, reason missing,
-- though nothing had changed for an applicant (until 2026-12-05; a review).
-- A new code is a new item: publish it, move the entries (each judged), and
-- cancel the old one (status cancelled, 取消 in the power list).
-- A material keeps its code too: the code is the document, not a label of
-- the row ("the same code across items means the same document").  The
-- items of a bundle asking one code ask the applicant for it once
-- (public_bundle_guide, the entry's material_added in
-- catalog_regression_kinds()); the open cases list their materials by code
-- (case_material.material: supplement() takes codes, the commitment
-- check at acceptance and block_unlicensed_stage() find the catalog's
-- material by it); the material's versions and the guide as of a day are
-- keyed by (item, code).  A new code is a new document: delete the
-- material and insert it under the new code, each judged (a required
-- material the applicant brings is material_added).  Until 2026-12-05 a
-- rename went through, written as a delete and an insert: flagged
-- material_added alone, though the applicant brought what he brought, and a
-- change made in the same UPDATE (tolerable withdrawn) was never judged as
-- one (a review).
CREATE FUNCTION service_affair.catalog_code_kept() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_RELID NOT IN ('service_affair.item'::pg_catalog.regclass, 'service_affair.bundle'::pg_catalog.regclass,
                        'service_affair.material'::pg_catalog.regclass)
       OR TG_WHEN <> 'BEFORE' OR TG_LEVEL <> 'ROW' OR TG_OP <> 'UPDATE' THEN
        RAISE EXCEPTION 'catalog_code_kept() must not fire on % % % of %', TG_WHEN, TG_LEVEL, TG_OP, TG_RELID::pg_catalog.regclass
            USING ERRCODE = 'trigger_protocol_violated',
                  DETAIL = 'It fires only before UPDATE of rows of service_affair.item, service_affair.bundle and service_affair.material.';
    END IF;
    IF NEW.code = OLD.code THEN
        RETURN NEW;
    END IF;
    IF TG_TABLE_NAME = 'material' THEN
        RAISE EXCEPTION 'the code of material "%" of item "%" cannot be changed', service_affair.printable(pg_catalog.left(OLD.code, 64)), service_affair.printable(pg_catalog.left(OLD.item, 64))
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('Code "%s" would become "%s". A material''s code names one document: in every item (a bundle asks it once), in the cases that list it (their materials, supplies and commitment checks), and in the catalog''s versions and the guide as of a day.',
                                             service_affair.printable(pg_catalog.left(OLD.code, 64)), service_affair.printable(pg_catalog.left(NEW.code, 64))),
                  HINT = 'Delete the material and insert it under the new code: a new document, judged as one (a required material the applicant brings is material_added).';
    END IF;
    RAISE EXCEPTION 'the code of % "%" cannot be changed', CASE TG_TABLE_NAME WHEN 'item' THEN 'item' ELSE 'bundle' END,
                    service_affair.printable(pg_catalog.left(OLD.code, 64))
        USING ERRCODE = 'object_not_in_prerequisite_state',
              DETAIL = pg_catalog.format('Code "%s" would become "%s". A code names its %s in the catalog''s versions and the guide as of a day, its first day of publication (the regression rule), the power list, its cases, commitments, tasks and licences.',
                                         service_affair.printable(pg_catalog.left(OLD.code, 64)), service_affair.printable(pg_catalog.left(NEW.code, 64)), TG_TABLE_NAME),
              HINT = CASE TG_TABLE_NAME
                     WHEN 'item' THEN 'Publish the item under the new code, move its bundle entries, and cancel the old one (status cancelled).'
                     ELSE 'Publish the bundle under the new code and delete or keep the old one.' END;
END
$$;
COMMENT ON FUNCTION service_affair.catalog_code_kept() IS
  'Trigger: refuses changing the code of an item or bundle (55000): the code names it in the catalog''s versions, its first publication (the regression rule), the power list, cases, commitments, tasks and licences; and of a material (55000): its code is the document, asked once in a bundle and listed by the cases';
REVOKE EXECUTE ON FUNCTION service_affair.catalog_code_kept() FROM PUBLIC;
CREATE TRIGGER item_code_kept BEFORE UPDATE OF code ON service_affair.item
    FOR EACH ROW EXECUTE FUNCTION service_affair.catalog_code_kept();
CREATE TRIGGER bundle_code_kept BEFORE UPDATE OF code ON service_affair.bundle
    FOR EACH ROW EXECUTE FUNCTION service_affair.catalog_code_kept();
CREATE TRIGGER material_code_kept BEFORE UPDATE OF code ON service_affair.material
    FOR EACH ROW EXECUTE FUNCTION service_affair.catalog_code_kept();
COMMENT ON TRIGGER item_code_kept ON service_affair.item IS
  'An item keeps its code (55000): publish a new item and cancel this one instead';
COMMENT ON TRIGGER bundle_code_kept ON service_affair.bundle IS
  'A bundle keeps its code (55000): publish a new bundle instead';
COMMENT ON TRIGGER material_code_kept ON service_affair.material IS
  'A material keeps its code (55000): the code is the document; delete it and insert the new one instead (judged)';
-- A catalog edit takes the due lock (50_routing.sql) exclusively before it
-- touches a row, as a calendar edit does (51_calendar_due_lock.sql), and
-- every writer of a case takes it, shared, before it reads the catalog
-- (submit() first thing, the others in lock_open_case() and lock_task()):
-- a case is assessed and routed under one catalog.  Until 2026-12-03
-- submit() read the service, waited for the due lock (a calendar edit in
-- progress) and then routed with a newer snapshot: an item moved to
-- another department meanwhile gave a case of the old department with a
-- task of the new one, an item added to a bundle a task whose materials
-- were never asked for (a review).  An edit waits for the submissions under
-- way (milliseconds) and holds every writer until it commits: keep catalog
-- edits in short transactions that write no case (a transaction holding
-- the lock shared from a case write and then asking for it exclusively
-- deadlocks with another doing the same), as calendar edits
-- (doc/guides.md).  Not the dry run of propose_catalog_change(), which
-- changes nothing.
-- Internal: the dry run of propose_catalog_change() (33_guides.sql) marks
-- its subtransaction, and catalog_due_lock() takes no lock in it (src/routing.c).
CREATE FUNCTION service_affair.catalog_dry_run_begin() RETURNS void
    AS 'MODULE_PATHNAME', 'sa_catalog_dry_run_begin'
    LANGUAGE C VOLATILE;
COMMENT ON FUNCTION service_affair.catalog_dry_run_begin() IS
  'Internal: marks the current subtransaction as the dry run of propose_catalog_change(), which it rolls back: catalog_due_lock() takes no due lock in it';
REVOKE EXECUTE ON FUNCTION service_affair.catalog_dry_run_begin() FROM PUBLIC;
CREATE FUNCTION service_affair.catalog_dry_run() RETURNS boolean
    AS 'MODULE_PATHNAME', 'sa_catalog_dry_run'
    LANGUAGE C VOLATILE;
COMMENT ON FUNCTION service_affair.catalog_dry_run() IS
  'Internal: whether the current subtransaction is a dry run of propose_catalog_change() (catalog_dry_run_begin())';
REVOKE EXECUTE ON FUNCTION service_affair.catalog_dry_run() FROM PUBLIC;

CREATE FUNCTION service_affair.catalog_due_lock() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_RELID NOT IN ('service_affair.item'::pg_catalog.regclass, 'service_affair.material'::pg_catalog.regclass,
                        'service_affair.bundle'::pg_catalog.regclass, 'service_affair.bundle_item'::pg_catalog.regclass,
                        'service_affair.item_implementation'::pg_catalog.regclass)
       OR TG_WHEN <> 'BEFORE' OR TG_LEVEL <> 'STATEMENT' THEN
        RAISE EXCEPTION 'catalog_due_lock() is not a trigger of this table'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'It runs before statements on service_affair.item, material, bundle, bundle_item and item_implementation only.';
    END IF;
    -- not the dry run of a proposal: rolled back, it changes nothing a
    -- submission reads (catalog_dry_run(), src/routing.c)
    IF NOT service_affair.catalog_dry_run() THEN
        LOCK TABLE service_affair.due_clock IN EXCLUSIVE MODE;
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION service_affair.catalog_due_lock() IS
  'Trigger: before any edit of item, material, bundle, bundle_item or item_implementation but the dry run of a proposal, the due lock exclusively: every writer of a case holds it, shared, while it reads the catalog, so a case is assessed and routed under one catalog; refuses to run on any other table (42501)';
REVOKE EXECUTE ON FUNCTION service_affair.catalog_due_lock() FROM PUBLIC;
CREATE TRIGGER item_due_lock BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON service_affair.item
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.catalog_due_lock();
CREATE TRIGGER material_due_lock BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON service_affair.material
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.catalog_due_lock();
CREATE TRIGGER bundle_due_lock BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON service_affair.bundle
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.catalog_due_lock();
CREATE TRIGGER bundle_item_due_lock BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON service_affair.bundle_item
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.catalog_due_lock();
CREATE TRIGGER item_implementation_due_lock BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON service_affair.item_implementation
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.catalog_due_lock();
COMMENT ON TRIGGER item_implementation_due_lock ON service_affair.item_implementation IS 'A catalog edit takes the due lock before it touches a row: no case is assessed under one catalog and routed under another';
COMMENT ON TRIGGER item_due_lock ON service_affair.item IS 'A catalog edit takes the due lock before it touches a row: no case is assessed under one catalog and routed under another';
COMMENT ON TRIGGER material_due_lock ON service_affair.material IS 'A catalog edit takes the due lock before it touches a row: no case is assessed under one catalog and routed under another';
COMMENT ON TRIGGER bundle_due_lock ON service_affair.bundle IS 'A catalog edit takes the due lock before it touches a row: no case is assessed under one catalog and routed under another';
COMMENT ON TRIGGER bundle_item_due_lock ON service_affair.bundle_item IS 'A catalog edit takes the due lock before it touches a row: no case is assessed under one catalog and routed under another';

-- A department's rename (UPDATE department SET code) and the catalog
-- review: one lock order (doc/guides.md, "Renames and the review"): the
-- table catalog_change, then the due lock, then department rows, then
-- catalog rows and changes.  A rename locks catalog_change IN SHARE ROW
-- EXCLUSIVE MODE and the due lock exclusively before its first row;
-- propose_catalog_change(), review_catalog_change() and
-- publish_due_catalog_changes() lock catalog_change IN ROW EXCLUSIVE MODE
-- first, before any department, so that a rename waits for them whole and
-- they wait for a rename's transaction whole.  Until 2026-12-07 (the stop's
-- reading, isolation spec catalog_rename_order) a transaction renaming two
-- departments a change names, in reverse of code order, deadlocked (40P01)
-- with a proposal or review locking them in code order; a change that
-- became due between the publishing run's department lock and its loop was
-- not locked before it; a rename's cascade into items took the due lock
-- after the department row, while a submission holds the due lock and then
-- locks the department (its case's foreign key): 40P01.
-- Each row renamed is also noted for the statement (the setting
-- service_affair.department_renames, local to the transaction), which
-- complaint_event_append_only() asks: a rename chain in one statement
-- (A to B, C to A) carries B into the events of the former A although a
-- department A exists again.
CREATE FUNCTION service_affair.department_rename_lock() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_pairs jsonb;
BEGIN
    IF TG_RELID IS DISTINCT FROM 'service_affair.department'::pg_catalog.regclass OR TG_OP <> 'UPDATE'
       OR NOT (TG_WHEN = 'BEFORE' OR (TG_WHEN = 'AFTER' AND TG_LEVEL = 'STATEMENT')) THEN
        RAISE EXCEPTION 'department_rename_lock() is not a trigger of this table'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'It runs around an UPDATE of the code of service_affair.department only.';
    END IF;
    -- the note lives for the renaming statement only: emptied before its
    -- first row and after its last (trigger department_rename_done, which
    -- fires after the foreign keys' cascades of the statement), and read
    -- only as set for the transaction (xact_setting()).  Until 2026-12-07
    -- (a second read) it was read with current_setting(): a session-level
    -- SET of it, on a pooled connection say, or a rename earlier in the
    -- transaction, let a trigger of one's own rewrite, in the complaint
    -- history, a department code still a department
    -- (complaint_department_rename.sql)
    IF TG_LEVEL = 'STATEMENT' AND TG_WHEN = 'AFTER' THEN
        PERFORM pg_catalog.set_config('service_affair.department_renames', '', true);
        RETURN NULL;
    END IF;
    IF TG_LEVEL = 'STATEMENT' THEN
        LOCK TABLE service_affair.catalog_change IN SHARE ROW EXCLUSIVE MODE;
        LOCK TABLE service_affair.due_clock IN EXCLUSIVE MODE;
        PERFORM pg_catalog.set_config('service_affair.department_renames', '', true);
        RETURN NULL;
    END IF;
    IF OLD.code IS DISTINCT FROM NEW.code THEN
        v_pairs := COALESCE(NULLIF(service_affair.xact_setting('service_affair.department_renames'), ''), '[]')::jsonb;
        PERFORM pg_catalog.set_config('service_affair.department_renames',
                                      (v_pairs OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_array(OLD.code, NEW.code)))::text, true);
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION service_affair.department_rename_lock() IS
  'Trigger: before a statement renaming departments (UPDATE OF code), catalog_change IN SHARE ROW EXCLUSIVE MODE and the due lock exclusively, before any department row (the lock order of doc/guides.md: no deadlock with a proposal, review or publishing run, which lock catalog_change first, nor with a submission); before each row renamed, notes the pair of codes in service_affair.department_renames (local to the transaction, emptied before and after the statement), which complaint_event_append_only() asks; refuses to run on any other table (42501)';
REVOKE EXECUTE ON FUNCTION service_affair.department_rename_lock() FROM PUBLIC;
CREATE TRIGGER department_rename_lock BEFORE UPDATE OF code ON service_affair.department
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.department_rename_lock();
COMMENT ON TRIGGER department_rename_lock ON service_affair.department IS
  'A rename locks catalog_change and the due lock before any department row (one lock order with the catalog review and submissions)';
CREATE TRIGGER department_rename_note BEFORE UPDATE OF code ON service_affair.department
    FOR EACH ROW EXECUTE FUNCTION service_affair.department_rename_lock();
COMMENT ON TRIGGER department_rename_note ON service_affair.department IS
  'Each rename noted for the statement (service_affair.department_renames), so that the complaint history follows a rename chain';
CREATE TRIGGER department_rename_done AFTER UPDATE OF code ON service_affair.department
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.department_rename_lock();
COMMENT ON TRIGGER department_rename_done ON service_affair.department IS
  'The renames noted for the statement (service_affair.department_renames) emptied after it and its cascades: no later statement of the transaction passes with them';

-- Every write of the catalog is a version in the ledger (catalog_write(), a
-- row trigger), which a TRUNCATE does not fire: until 2026-12-04 TRUNCATE
-- service_affair.item CASCADE emptied the catalog (and, by its cascade, the
-- open cases) while guide_as_of() and the ledger still had every item in
-- force (a DBA's review).  Rows are deleted one by one, each recorded.
CREATE FUNCTION service_affair.catalog_no_truncate() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_RELID NOT IN ('service_affair.item'::pg_catalog.regclass, 'service_affair.material'::pg_catalog.regclass,
                        'service_affair.bundle'::pg_catalog.regclass, 'service_affair.bundle_item'::pg_catalog.regclass,
                        'service_affair.item_implementation'::pg_catalog.regclass)
       OR TG_WHEN <> 'BEFORE' OR TG_LEVEL <> 'STATEMENT' OR TG_OP <> 'TRUNCATE' THEN
        RAISE EXCEPTION 'catalog_no_truncate() is not a trigger of this table'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'It runs before a TRUNCATE of service_affair.item, material, bundle, bundle_item and item_implementation only.';
    END IF;
    RAISE EXCEPTION 'the catalog is versioned: TRUNCATE of % is not allowed', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege',
              DETAIL = 'Every write of item, material, bundle, bundle_item and item_implementation is recorded as a catalog version in the ledger; a TRUNCATE would record none.',
              HINT = 'DELETE the rows instead (each deletion is recorded), or cancel an item (status cancelled).';
END
$$;
COMMENT ON FUNCTION service_affair.catalog_no_truncate() IS
  'Trigger: refuses TRUNCATE of item, material, bundle, bundle_item and item_implementation (42501), which would bypass the catalog versions and their ledger; refuses to run on any other table (42501)';
REVOKE EXECUTE ON FUNCTION service_affair.catalog_no_truncate() FROM PUBLIC;
CREATE TRIGGER item_no_truncate BEFORE TRUNCATE ON service_affair.item
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.catalog_no_truncate();
CREATE TRIGGER material_no_truncate BEFORE TRUNCATE ON service_affair.material
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.catalog_no_truncate();
CREATE TRIGGER bundle_no_truncate BEFORE TRUNCATE ON service_affair.bundle
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.catalog_no_truncate();
CREATE TRIGGER bundle_item_no_truncate BEFORE TRUNCATE ON service_affair.bundle_item
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.catalog_no_truncate();
CREATE TRIGGER item_implementation_no_truncate BEFORE TRUNCATE ON service_affair.item_implementation
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.catalog_no_truncate();
COMMENT ON TRIGGER item_implementation_no_truncate ON service_affair.item_implementation IS 'The catalog is versioned: no TRUNCATE (42501)';
COMMENT ON TRIGGER item_no_truncate ON service_affair.item IS 'The catalog is versioned: no TRUNCATE (42501)';
COMMENT ON TRIGGER material_no_truncate ON service_affair.material IS 'The catalog is versioned: no TRUNCATE (42501)';
COMMENT ON TRIGGER bundle_no_truncate ON service_affair.bundle IS 'The catalog is versioned: no TRUNCATE (42501)';
COMMENT ON TRIGGER bundle_item_no_truncate ON service_affair.bundle_item IS 'The catalog is versioned: no TRUNCATE (42501)';
COMMENT ON COLUMN service_affair.inspection_log.kind IS 'plan, draw, result or publication; catalog in the ledger catalog';
COMMENT ON TABLE service_affair.ledger IS
  'One hash chain per department, and the chain catalog of the catalog versions: its algorithm and head (last seq and hash); the head row is locked to serialise appends';
COMMENT ON COLUMN service_affair.ledger.name IS 'Ledger name = department code, or catalog';

-- The ledger catalog as the public may read and re-hash it (nothing personal:
-- the payload names no person).  A security barrier: the log holds the
-- departments' ledgers too (results before publication), and a reader's
-- leaky function must not see their rows (doc/access.md, "Leaky functions
-- and views").
-- Newest first, in the view itself: a security barrier is planned apart
-- from the query that reads it, so without its own order the latest entry
-- (ORDER BY seq DESC LIMIT 1, what the public asks most) sorted the whole
-- ledger; with it the primary key is walked backwards and stops.
CREATE VIEW service_affair.catalog_ledger WITH (security_barrier = true) AS
SELECT l.seq, l.at, l.payload, l.prev_hash, l.hash
  FROM service_affair.inspection_log l WHERE l.ledger = 'catalog' AND l.kind = 'catalog'
 ORDER BY l.seq DESC;
COMMENT ON VIEW service_affair.catalog_ledger IS
  'The hash-chained ledger catalog, newest first: every published change of the catalog with its before and after images; hash = H(log_entry_bytes(''catalog'', seq, at, ''catalog'', payload, prev_hash))';
COMMENT ON COLUMN service_affair.catalog_ledger.seq IS 'Position in the chain';
COMMENT ON COLUMN service_affair.catalog_ledger.at IS 'When it was appended';
COMMENT ON COLUMN service_affair.catalog_ledger.payload IS 'version, table, op, key, before, after, effective_at, reviewed, change, reason, regressions, bundles_lengthened (or review_of for a review after the fact)';
COMMENT ON COLUMN service_affair.catalog_ledger.prev_hash IS 'Hash of the previous entry';
COMMENT ON COLUMN service_affair.catalog_ledger.hash IS 'Hash of this entry';

-- The history against its ledger.  guide_as_of(), catalog_rows_as_of(),
-- case_guide() and the indicators read catalog_version, not the ledger: a
-- superuser who changed a version with the triggers off
-- (session_replication_role = replica, or ALTER TABLE ... DISABLE TRIGGER)
-- changed what they answer while the chain still verified (until
-- 2026-12-05; a review).  So every version must be its entry: the entry
-- whose payload names it (version), at its ledger_seq, with the same
-- table, op, key, images, time, reviewed, change, reason, regressions and
-- bundles_lengthened (time as an instant: the payload spells it in its
-- writer's TimeZone), and its item and bundle those of its key; every
-- entry of a version must have its row; and so for the reviews after the
-- fact (review_of, reviewed_at, note).  The writer (actor, reviewed_by) is
-- not in the ledger and is not checked.  Returns the first seq found
-- wrong: the entry of a version or review that does not match or has no
-- row, or, for a row no entry records, the seq it names (between 1 and the
-- head + 1); NULL when all match.  insp_verify_chains() (verify_log(),
-- verify_catalog_log()) reports it with the chain's own.  SECURITY
-- DEFINER: an inspector's verify_log() reads no catalog table.
CREATE FUNCTION service_affair.catalog_history_first_bad() RETURNS bigint
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    bad bigint;
    head bigint;
    e record;
BEGIN
    SELECT COALESCE(g.head_seq, 0) INTO head FROM service_affair.ledger g WHERE g.name = 'catalog';
    head := COALESCE(head, 0);
    BEGIN
        WITH l AS (
            SELECT x.seq, x.payload FROM service_affair.inspection_log x WHERE x.ledger = 'catalog' AND x.kind = 'catalog'),
        lv AS (SELECT l.seq, l.payload FROM l WHERE l.payload ? 'version'),
        lr AS (SELECT l.seq, l.payload FROM l WHERE l.payload ? 'review_of')
        SELECT pg_catalog.min(w.seq) INTO bad FROM (
            SELECT COALESCE(lv.seq, LEAST(GREATEST(v.ledger_seq, 1), head + 1)) AS seq
              FROM service_affair.catalog_version v
              FULL JOIN lv ON lv.payload->>'version' = v.id::text
             WHERE v.id IS NULL OR lv.seq IS NULL
                OR v.ledger_seq <> lv.seq
                OR (lv.payload - 'effective_at') <> pg_catalog.jsonb_build_object(
                       'version', v.id, 'table', v.tbl, 'op', v.op, 'key', v.key, 'before', v.before_image, 'after', v.after_image,
                       'reviewed', v.reviewed, 'change', v.change_id, 'reason', v.reason,
                       'regressions', pg_catalog.to_jsonb(v.regressions), 'bundles_lengthened', pg_catalog.to_jsonb(v.bundles_lengthened))
                OR (lv.payload->>'effective_at')::timestamptz IS DISTINCT FROM v.effective_at
                OR v.key IS DISTINCT FROM service_affair.catalog_key(v.tbl, COALESCE(v.after_image, v.before_image))
                OR v.item IS DISTINCT FROM (CASE WHEN v.tbl = 'item' THEN v.key->>'code'
                                                 WHEN v.tbl IN ('material', 'bundle_item') THEN v.key->>'item'
                                                 WHEN v.tbl = 'item_implementation' THEN COALESCE(v.after_image, v.before_image)->>'item' END)
                OR v.bundle IS DISTINCT FROM (CASE WHEN v.tbl = 'bundle' THEN v.key->>'code'
                                                   WHEN v.tbl = 'bundle_item' THEN v.key->>'bundle' END)
            UNION ALL
            SELECT COALESCE(lr.seq, LEAST(GREATEST(r.ledger_seq, 1), head + 1))
              FROM service_affair.catalog_version_review r
              FULL JOIN lr ON lr.payload->>'review_of' = r.version_id::text
             WHERE r.version_id IS NULL OR lr.seq IS NULL
                OR r.ledger_seq <> lr.seq
                OR (lr.payload->>'reviewed_at')::timestamptz IS DISTINCT FROM r.reviewed_at
                OR (lr.payload->'note') IS DISTINCT FROM COALESCE(pg_catalog.to_jsonb(r.note), 'null'::jsonb)) AS w;
    EXCEPTION WHEN data_exception THEN
        -- an entry whose time reads as none (its payload altered, which
        -- the chain finds too): the first such entry
        FOR e IN SELECT x.seq, COALESCE(x.payload->>'effective_at', x.payload->>'reviewed_at') AS t
                   FROM service_affair.inspection_log x
                  WHERE x.ledger = 'catalog' AND x.kind = 'catalog' ORDER BY x.seq LOOP
            BEGIN
                PERFORM e.t::timestamptz;
            EXCEPTION WHEN data_exception THEN
                RETURN e.seq;
            END;
        END LOOP;
        RAISE;
    END;
    RETURN bad;
END
$$;
COMMENT ON FUNCTION service_affair.catalog_history_first_bad() IS
  'Internal (verify_log() of the ledger catalog): the first seq at which catalog_version or catalog_version_review does not match the ledger catalog (an entry altered or without its row, a row without its entry); NULL when every row is its entry';
REVOKE EXECUTE ON FUNCTION service_affair.catalog_history_first_bad() FROM PUBLIC;

CREATE FUNCTION service_affair.verify_catalog_log()
    RETURNS TABLE (ledger text, entries bigint, ok boolean, first_bad_seq bigint)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT v.ledger, v.entries, v.ok, v.first_bad_seq FROM service_affair.verify_log('catalog') v
$$;
COMMENT ON FUNCTION service_affair.verify_catalog_log() IS
  'verify_log() of the ledger catalog only, for everybody (the ledger catalog is public): its chain, and every catalog version and review after the fact against its entry';
REVOKE EXECUTE ON FUNCTION service_affair.verify_catalog_log() FROM PUBLIC;

-- Grants (applied by create_roles(), 90_access.sql): the ledger catalog
INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    ('admin', 'SELECT', 'service_affair.catalog_ledger'),
    ('reviewer', 'SELECT', 'service_affair.catalog_ledger'),
    ('analyst', 'SELECT', 'service_affair.catalog_ledger'),
    ('public', 'SELECT', 'service_affair.catalog_ledger'),
    ('admin', 'EXECUTE', 'service_affair.verify_catalog_log()'),
    -- verify_log() (SECURITY INVOKER) of its callers asks it
    ('admin', 'EXECUTE', 'service_affair.catalog_history_first_bad()'),
    ('inspector', 'EXECUTE', 'service_affair.catalog_history_first_bad()'),
    ('reviewer', 'EXECUTE', 'service_affair.verify_catalog_log()'),
    ('analyst', 'EXECUTE', 'service_affair.verify_catalog_log()'),
    ('public', 'EXECUTE', 'service_affair.verify_catalog_log()')
ON CONFLICT DO NOTHING;
