-- The completeness of a submission, read and classified in one place.
--
-- catalog_entries() is the catalog query of intake: every material entry of
-- the service's items (service_item_codes(), by key) with the flags the
-- engine (src/core/completeness.c) decides on: evidence or a valid licence
-- on file (44_licences), whether it applies to the applicant's kind, whether
-- an earlier stage of the bundle issues it.  Each flag comes from a join that
-- reads its table once per call, not from a subquery per entry: the planner
-- ran the licence subquery again for every entry (a small table by a
-- sequential scan, one lseek() each time), which made completeness() of a
-- 40-entry bundle cost about 1.5 times what it costs now (222-237 against
-- 151-158 us; doc/benchmarks-intake.md, section 2).  It lives after
-- 44_licences because its SQL-standard body is bound at creation (no
-- search_path lookup at run time, no SET clause, so the planner inlines it).
--
-- assess_summary() (src/intake.c) runs that query through a plan kept per
-- session (generic: the rows are read by key whatever the service; it raises
-- 42501 itself for a caller who may not execute catalog_entries(), so that no
-- such caller makes the session's plan, which the planner would not inline
-- for him), hands
-- the rows to the engine and returns the outcome as parallel arrays plus the
-- counts submit() records; assess() (40_cases) unnests the same arrays for
-- completeness().  One query, one engine: submit() and completeness() cannot
-- disagree.

-- The engine's flags of one catalog material entry (completeness.h SA_MF_*:
-- 1 required, 2 tolerable, 4 commitment allowed, 8 evidence or a licence on
-- file, 16 applies to the applicant's kind, 32 issued by an earlier stage of
-- the bundle), the one spelling of them: catalog_entries() (intake) and
-- bundle_material_options() (the options of a bundle's materials, judged by
-- catalog_regression_kinds()).  SQL with a standard body: inlined.
CREATE FUNCTION service_affair.material_flags(required boolean, tolerable boolean, commitment_allowed boolean,
                                              on_file boolean, applies_to text, kind text, produced boolean)
    RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN required::integer
           | (tolerable::integer << 1)
           | (commitment_allowed::integer << 2)
           | (on_file::integer << 3)
           | ((applies_to = 'any' OR applies_to = kind)::integer << 4)
           | (produced::integer << 5);
COMMENT ON FUNCTION service_affair.material_flags(boolean, boolean, boolean, boolean, text, text, boolean) IS
  'Internal: the completeness engine''s flags of one material entry (1 required, 2 tolerable, 4 commitment allowed, 8 evidence or a valid licence on file, 16 applies_to any or the applicant''s kind, 32 issued by an earlier stage of the bundle); the one spelling of catalog_entries() and bundle_material_options()';
REVOKE EXECUTE ON FUNCTION service_affair.material_flags(boolean, boolean, boolean, boolean, text, text, boolean) FROM PUBLIC;

CREATE FUNCTION service_affair.catalog_entries(service text, applicant bigint, applicant_kind text, at timestamptz)
    RETURNS TABLE (item text, code text, name text, flags integer, tolerance_days integer, evidence_type text)
    LANGUAGE sql STABLE PARALLEL SAFE ROWS 10
BEGIN ATOMIC
    SELECT m.item, m.code, m.name,
           service_affair.material_flags(m.required, m.tolerable, m.commitment_allowed,
                                         e.applicant IS NOT NULL OR (l.holder IS NOT NULL AND l.issued_at <= catalog_entries.at)
                                         -- else, for an entry of a type without a valid licence in
                                         -- force then: one that stopped being valid after the instant
                                         -- (below).  Asked for every such entry (one probe of
                                         -- licence_holder_idx): a change dated after the instant may
                                         -- have committed before the statement began whatever the
                                         -- instant, as the writers date up to an hour ahead
                                         -- (56_credit.sql).  Until 2026-12-07 it was asked only when the
                                         -- valid one was issued after the instant, when the instant was
                                         -- before the statement's start, or when the item's day ended
                                         -- within the hour: a renewal dated ahead whose case was then
                                         -- revoked left no valid licence, and a submission made now
                                         -- missed the one it superseded, in force at the instant (a
                                         -- review; licence_expire_rule.sql); before that day the test was
                                         -- the transaction's start (licence_expire_submit.spec)
                                         OR (m.evidence_type IS NOT NULL
                                             AND EXISTS (SELECT FROM service_affair.licence h
                                                          WHERE h.holder = catalog_entries.applicant AND h.evidence_type = m.evidence_type
                                                            AND h.status IN ('expired', 'superseded') AND h.changed_at > catalog_entries.at
                                                            AND h.issued_at <= catalog_entries.at
                                                            AND service_affair.licence_in_force(h.valid_until, catalog_entries.at, h.calendar)
                                                            AND NOT EXISTS (SELECT FROM service_affair.licence_annulment x
                                                                             WHERE x.licence_id = h.id))),
                                         m.applies_to, catalog_entries.applicant_kind, p.item IS NOT NULL),
           i.tolerance_days, m.evidence_type
      -- the service's items by key (service_item_codes), not a scan of the catalog
      FROM service_affair.service_item_codes(catalog_entries.service) s
      JOIN service_affair.material m ON m.item = s
      JOIN service_affair.item i ON i.code = m.item
      LEFT JOIN service_affair.evidence e
             ON e.applicant = catalog_entries.applicant AND e.evidence_type = m.evidence_type
            AND (e.valid_until IS NULL OR e.valid_until >= service_affair.local_day(catalog_entries.at, i.calendar))
      -- a licence in force at the instant assessed (44_licences): issued by
      -- then (until 2026-12-04 a submission dated before the issue counted
      -- it, and licence_review then missed the case when the licence was
      -- revoked), not ended (licence_ended(): its last day over on its own
      -- calendar, licence.calendar, that of the case that issued it, the
      -- rule expire_licences() marks by; until 2026-12-07 the item's
      -- calendar, and a licence the run and verify_licence() still held in
      -- force was missing here; licence_expire_rule.sql),
      -- and valid then: valid now,
      -- or marked expired or superseded after that instant (its
      -- changed_at); never a revoked licence, nor one superseded and then
      -- annulled by its case's revocation (licence_annulment).  Until
      -- 2026-12-07 only a licence valid now counted: a submission dated
      -- before the nightly expire_licences() run (a paper submission
      -- entered the next morning) or before the holder's renewal (also one
      -- whose transaction began before a concurrent renewal committed)
      -- found no licence and returned the case for a material the holder
      -- had shared (a review; licence_as_of.sql, licence_renew_submit.spec).
      -- The valid one, at most one row per holder and type
      -- (licence_one_valid), read as before; the others in the flag above.
      LEFT JOIN service_affair.licence l
             ON l.holder = catalog_entries.applicant AND l.evidence_type = m.evidence_type AND l.status = 'valid'
            AND service_affair.licence_in_force(l.valid_until, catalog_entries.at, l.calendar)
      -- the evidence types an earlier stage of the bundle issues, per item of a later stage
      LEFT JOIN (SELECT DISTINCT b1.item, i0.output_evidence_type AS evidence_type
                   FROM service_affair.bundle_item b1
                   JOIN service_affair.bundle_item b0 ON b0.bundle = b1.bundle AND b0.stage < b1.stage
                   JOIN service_affair.item i0 ON i0.code = b0.item
                  WHERE b1.bundle = catalog_entries.service) p
             ON p.item = m.item AND p.evidence_type = m.evidence_type
     -- the engine takes the entries in item, then code order: the name of a
     -- code several items of a bundle share is the first deciding entry's
     ORDER BY m.item, m.code;
END;
COMMENT ON FUNCTION service_affair.catalog_entries(text, bigint, text, timestamptz) IS
  'Internal: the catalog material entries of a service (its item, or the items of a bundle) in item, code order: the item, the material code and name, with the engine''s flags for one applicant at one instant (1 required, 2 tolerable, 4 commitment allowed, 8 evidence or a licence in force at at on file (issued by then, valid, or expired or superseded after at, not revoked or annulled, not ended (licence_ended(): ended once valid_until is before the local day of at on the licence''s calendar, that of the case that issued it)), 16 applies to the applicant''s kind, 32 issued by an earlier stage of the bundle), the item''s tolerance days and the evidence type the entry names';
REVOKE EXECUTE ON FUNCTION service_affair.catalog_entries(text, bigint, text, timestamptz) FROM PUBLIC;

-- The options of a bundle's materials for an applicant of a kind, by the
-- rule of intake: the entries (items and their stages) read as
-- catalog_entries() reads them for an applicant with nothing on file
-- (material_flags()), classified by the C engine (classify_materials(),
-- src/core/completeness.c): a material the entries share (the same code,
-- one document) is tolerable (容缺) or replaceable by a commitment
-- (告知承诺) only if every deciding entry (one of his kind requiring it, or
-- every one of his kind when none does) says so; one an earlier stage
-- issues is produced, neither.  brought: some entry asks him to bring it
-- (material_brought(): required, source applicant, of his kind) and no
-- earlier stage than that entry's issues it.  The entries are given, not
-- read from bundle_item, so that catalog_regression_kinds() can judge a
-- bundle before and after a write (tolerance_off, commitment_off of an
-- entry added or changed); and so may material rows be (material_rows, a
-- jsonb array of {key, image}: the row key names, {item, code} as
-- catalog_key() spells it, read as image in place of the table's, or
-- absent when image is null; a column the image leaves out read as the
-- column's default: required, not tolerable, no commitment, applies_to
-- any, source applicant; a key given twice, its last), so that it can
-- judge a material's write before and after: the row as it was (none of an
-- insert) with the other rows of its statement as they were before it
-- (catalog_write()'s stmt), and the row as it is.  Until 2026-12-05 an
-- entry added whose item asks for a bundle's material without 容缺 or
-- 告知承诺 took it away from the bundle's applicants unflagged, and so did a
-- material of an entry's item written without them on the item's first
-- day (reviews); and one row only could be given (material_key,
-- material_image), so that the other rows of a statement on material
-- counted as written (a review).  material_code: that code's options
-- alone, the same (the engine classifies each code by its own entries),
-- read from its entries only: a material's write is judged by its code's
-- (until 2026-12-05 each row of a statement read every material of the
-- bundle four times; a review).  item_images: an object by item code of
-- item rows whose output_evidence_type is read in place of the table's (a
-- column left out, or null: the item issues nothing), so that it can judge
-- an item's write before and after: an earlier stage that stops issuing
-- what a later stage's material names leaves it to the applicant
-- (material_added of the bundle), one that starts issuing it produces it.
-- Until 2026-12-05 an item's output_evidence_type changed was judged by
-- nothing (a review).
CREATE FUNCTION service_affair.bundle_material_options(items text[], stages integer[], kind text,
                                                       material_rows jsonb DEFAULT NULL, material_code text DEFAULT NULL,
                                                       item_images jsonb DEFAULT NULL)
    RETURNS TABLE (code text, brought boolean, tolerable boolean, commitment_allowed boolean)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH e AS (
        SELECT u.item, u.stage FROM ROWS FROM (pg_catalog.unnest(bundle_material_options.items), pg_catalog.unnest(bundle_material_options.stages)) AS u(item, stage)),
    -- the rows given (of material_code, when given), as one object by key,
    -- "item code" (a key given twice: its last), image null when absent: a
    -- table's row is looked up in it, not joined to the rows given (an
    -- anti-join the planner ran as a nested loop over them once it read
    -- one code, a sort of both sides by their text keys otherwise: each row
    -- of a statement on a code of a 600-entry bundle gives 600; a review)
    gm AS (
        SELECT COALESCE(pg_catalog.jsonb_object_agg((r.value->'key'->>'item') || ' ' || (r.value->'key'->>'code'),
                                                    r.value->'image' ORDER BY r.n), '{}'::jsonb) AS rows
          FROM pg_catalog.jsonb_array_elements(COALESCE(bundle_material_options.material_rows, '[]'::jsonb)) WITH ORDINALITY AS r(value, n)
         WHERE r.value->'key'->>'item' IS NOT NULL AND r.value->'key'->>'code' IS NOT NULL
           AND (bundle_material_options.material_code IS NULL OR r.value->'key'->>'code' = bundle_material_options.material_code)),
    g AS (
        SELECT pg_catalog.split_part(j.key, ' ', 1) AS item, pg_catalog.split_part(j.key, ' ', 2) AS code, j.value AS image
          FROM gm CROSS JOIN LATERAL pg_catalog.jsonb_each(gm.rows) AS j(key, value)
         WHERE j.value <> 'null'::jsonb),
    -- the entries' materials: the table's, but the rows given, which are
    -- their images (none when null); of one code, material_code, by the
    -- primary key (item and code)
    mat AS (
        SELECT mm.item, mm.code, mm.name, mm.required, mm.tolerable, mm.commitment_allowed,
               mm.applies_to, mm.source, mm.evidence_type
          FROM service_affair.material mm CROSS JOIN gm
         WHERE bundle_material_options.material_code IS NULL
           AND mm.item = ANY (bundle_material_options.items)
           AND NOT gm.rows ? (mm.item || ' ' || mm.code)
        UNION ALL
        SELECT mm.item, mm.code, mm.name, mm.required, mm.tolerable, mm.commitment_allowed,
               mm.applies_to, mm.source, mm.evidence_type
          FROM service_affair.material mm CROSS JOIN gm
         WHERE mm.item = ANY (bundle_material_options.items) AND mm.code = bundle_material_options.material_code
           AND NOT gm.rows ? (mm.item || ' ' || mm.code)
        UNION ALL
        SELECT g.item, g.code,
               COALESCE(g.image->>'name', g.code),
               COALESCE((g.image->>'required')::boolean, true),
               COALESCE((g.image->>'tolerable')::boolean, false),
               COALESCE((g.image->>'commitment_allowed')::boolean, false),
               COALESCE(g.image->>'applies_to', 'any'),
               COALESCE(g.image->>'source', 'applicant'),
               g.image->>'evidence_type'
          FROM g
         WHERE g.item = ANY (bundle_material_options.items)),
    -- the first stage issuing each evidence type: a material is produced
    -- when its type is issued by a stage before its entry's, one join (a
    -- probe of the entries per material made every call quadratic in the
    -- bundle's size, and an entry's write ran it four times); an item
    -- image given (item_images) in place of the table's row, looked up by
    -- key
    f AS (
        SELECT o.evidence_type, pg_catalog.min(o.stage) AS stage
          FROM (SELECT e0.stage,
                       CASE WHEN COALESCE(bundle_material_options.item_images ? e0.item, false)
                            THEN bundle_material_options.item_images->e0.item->>'output_evidence_type'
                            ELSE i0.output_evidence_type END AS evidence_type
                  FROM e e0 JOIN service_affair.item i0 ON i0.code = e0.item) o
         WHERE o.evidence_type IS NOT NULL
         GROUP BY o.evidence_type),
    m AS (
        SELECT mm.code, mm.name, i.tolerance_days,
               service_affair.material_flags(mm.required, mm.tolerable, mm.commitment_allowed, false,
                                             mm.applies_to, bundle_material_options.kind, p.produced) AS flags,
               service_affair.material_brought(mm.required, mm.source, mm.applies_to, bundle_material_options.kind)
               AND NOT p.produced AS brought
          FROM e
          JOIN mat mm ON mm.item = e.item
          JOIN service_affair.item i ON i.code = e.item
          LEFT JOIN f ON f.evidence_type = mm.evidence_type
          CROSS JOIN LATERAL (SELECT COALESCE(f.stage < e.stage, false) AS produced) p),
    a AS (
        SELECT pg_catalog.array_agg(m.code) AS codes, pg_catalog.array_agg(m.name) AS names,
               pg_catalog.array_agg(m.flags) AS flags, pg_catalog.array_agg(m.tolerance_days) AS tol
          FROM m),
    b AS (
        SELECT m.code, pg_catalog.bool_or(m.brought) AS brought FROM m GROUP BY m.code)
    SELECT t.material, b.brought, t.status = 'tolerated', c.status = 'committed'
      FROM a
     CROSS JOIN LATERAL service_affair.classify_materials('', a.codes, a.names, a.flags, a.tol, '{}', '{}', true) t
      JOIN LATERAL service_affair.classify_materials('', a.codes, a.names, a.flags, a.tol, '{}', a.codes, true) c
        ON c.material = t.material
      JOIN b ON b.code = t.material;
END;
COMMENT ON FUNCTION service_affair.bundle_material_options(text[], integer[], text, jsonb, text, jsonb) IS
  'Internal: the materials of the entries (items, with their stages) of a bundle for an applicant of kind with nothing on file, by the rule of intake (material_flags(), classify_materials()): whether he brings it (material_brought(), not issued by an earlier stage), whether it is tolerable (容缺) and whether a commitment (告知承诺) may replace it, which a code shared by several entries is only if every deciding entry says so; the material rows material_rows names (a jsonb array of {key: {item, code}, image}) read as their images in place of the table''s (image null: absent; a column left out: its default; a key given twice: its last); material_code: that code''s options only, read from its entries; item_images (an object by item code of item rows): their output_evidence_type read in place of the table''s (left out or null: none). The one rule of those options of catalog_regression_kinds() (tolerance_off, commitment_off of a bundle entry, and of a material of an entry''s item; material_added of a material of an entry''s item, and of an item whose output_evidence_type changed)';
REVOKE EXECUTE ON FUNCTION service_affair.bundle_material_options(text[], integer[], text, jsonb, text, jsonb) FROM PUBLIC;

CREATE FUNCTION service_affair.assess_summary(service text, applicant bigint, applicant_kind text, credit_ok boolean,
    materials text[], commitments text[], at timestamptz,
    OUT codes text[], OUT names text[], OUT statuses text[], OUT tolerance_days integer[], OUT required boolean[],
    OUT missing text[], OUT tolerated text[], OUT nrequired integer, OUT nreduced integer,
    OUT evidence_types text[])
    AS 'MODULE_PATHNAME', 'sa_assess_summary'
    LANGUAGE C STABLE;
COMMENT ON FUNCTION service_affair.assess_summary(text, bigint, text, boolean, text[], text[], timestamptz) IS
  'Internal: the completeness of a submission (catalog_entries() classified by the C engine) as parallel arrays in code order — status per material, tolerance days of tolerated ones, required flags — with the missing and tolerated codes (NULL when none), the number of required materials and of those satisfied without a document (shared, committed, produced), and the evidence types of each material (those its deciding entries name, distinct, joined by line feeds; NULL for none); 22023 names every unknown code, each cut to 64 characters';
REVOKE EXECUTE ON FUNCTION service_affair.assess_summary(text, bigint, text, boolean, text[], text[], timestamptz) FROM PUBLIC;
