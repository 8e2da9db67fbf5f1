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

CREATE FUNCTION service_affair.catalog_entries(service text, applicant bigint, applicant_kind text, at timestamptz)
    RETURNS TABLE (item text, code text, name text, flags integer, tolerance_days integer, evidence_type text)
    LANGUAGE sql STABLE PARALLEL SAFE ROWS 10
BEGIN ATOMIC
    SELECT m.item, m.code, m.name,
           m.required::integer
           | (m.tolerable::integer << 1)
           | (m.commitment_allowed::integer << 2)
           | ((e.applicant IS NOT NULL OR l.holder IS NOT NULL)::integer << 3)
           | ((m.applies_to = 'any' OR m.applies_to = catalog_entries.applicant_kind)::integer << 4)
           | ((p.item IS NOT NULL)::integer << 5),
           i.tolerance_days, m.evidence_type
      -- the service's items by key (service_item_codes), not a scan of the catalog
      FROM service_affair.service_item_codes(catalog_entries.service) s
      JOIN service_affair.material m ON m.item = s
      JOIN service_affair.item i ON i.code = m.item
      LEFT JOIN service_affair.evidence e
             ON e.applicant = catalog_entries.applicant AND e.evidence_type = m.evidence_type
            AND (e.valid_until IS NULL OR e.valid_until >= service_affair.local_day(catalog_entries.at, i.calendar))
      -- a valid licence (44_licences): at most one per holder and type
      -- (licence_one_valid), issued by then (until 2026-12-04 a submission
      -- dated before the issue counted it, and licence_review then missed
      -- the case when the licence was revoked)
      LEFT JOIN service_affair.licence l
             ON l.holder = catalog_entries.applicant AND l.evidence_type = m.evidence_type AND l.status = 'valid'
            AND l.issued_at <= catalog_entries.at
            AND (l.valid_until IS NULL OR l.valid_until >= service_affair.local_day(catalog_entries.at, i.calendar))
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
  'Internal: the catalog material entries of a service (its item, or the items of a bundle) in item, code order: the item, the material code and name, with the engine''s flags for one applicant at one instant (1 required, 2 tolerable, 4 commitment allowed, 8 evidence or a valid licence on file on the calendar-local day of at, 16 applies to the applicant''s kind, 32 issued by an earlier stage of the bundle), the item''s tolerance days and the evidence type the entry names';
REVOKE EXECUTE ON FUNCTION service_affair.catalog_entries(text, bigint, text, timestamptz) FROM PUBLIC;

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
