-- Backfill of case_material.evidence_types (44_licences.sql) for the cases
-- 0.1.0 recorded (upgrade only; a fresh install has no cases).  0.1.0 kept
-- no type with the case: the types are the catalog's at the update, by the
-- rule of submit() (src/core/completeness.c): among the entries of the code
-- in the case's item, or in the items of its bundle, that apply to the
-- applicant's kind, those requiring it decide (all of them when none does);
-- their distinct types, in item order (doc/licences.md).  One hash join, not
-- a lookup per material.
UPDATE service_affair.case_material cm
   SET evidence_types = t.types
  FROM service_affair.cases c
  JOIN service_affair.applicant a ON a.id = c.applicant,
       (SELECT s.kind, s.service, s.code, s.applicant_kind,
               pg_catalog.array_agg(s.evidence_type ORDER BY s.first_item, s.evidence_type) AS types
          FROM (SELECT x.kind, x.service, x.code, x.applicant_kind, x.evidence_type, pg_catalog.min(x.item) AS first_item
                  FROM (SELECT e.kind, e.service, e.item, e.code, e.evidence_type, e.required, e.applicant_kind,
                               pg_catalog.bool_or(e.required) OVER (PARTITION BY e.kind, e.service, e.code, e.applicant_kind) AS any_required
                          FROM (SELECT 'item' AS kind, m.item AS service, m.item, m.code, m.evidence_type, m.required, k.applicant_kind
                                  FROM service_affair.material m
                                 CROSS JOIN (VALUES ('person'), ('org')) k(applicant_kind)
                                 WHERE m.applies_to IN ('any', k.applicant_kind)
                                UNION ALL
                                SELECT 'bundle', bi.bundle, m.item, m.code, m.evidence_type, m.required, k.applicant_kind
                                  FROM service_affair.bundle_item bi
                                  JOIN service_affair.material m ON m.item = bi.item
                                 CROSS JOIN (VALUES ('person'), ('org')) k(applicant_kind)
                                 WHERE m.applies_to IN ('any', k.applicant_kind)) e) x
                 WHERE x.evidence_type IS NOT NULL AND (x.required OR NOT x.any_required)
                 GROUP BY x.kind, x.service, x.code, x.applicant_kind, x.evidence_type) s
         GROUP BY s.kind, s.service, s.code, s.applicant_kind) t
 WHERE c.id = cm.case_id
   AND t.service = COALESCE(c.item, c.bundle)
   AND t.kind = CASE WHEN c.item IS NOT NULL THEN 'item' ELSE 'bundle' END
   AND t.code = cm.material
   AND t.applicant_kind = a.kind;
