-- Backfill of case_material.evidence_type (44_licences.sql) for the cases
-- 0.1.0 recorded (upgrade only; a fresh install has no cases).  0.1.0 kept
-- no type with the case: the type is the catalog's at the update, of the
-- case's item, or of the first item (in code order) of the case's bundle
-- whose material of that code names one (doc/licences.md).  Two joins the
-- planner can hash, not a lookup per material.
UPDATE service_affair.case_material cm
   SET evidence_type = m.evidence_type
  FROM service_affair.cases c, service_affair.material m
 WHERE c.id = cm.case_id AND c.item IS NOT NULL
   AND m.item = c.item AND m.code = cm.material AND m.evidence_type IS NOT NULL;
UPDATE service_affair.case_material cm
   SET evidence_type = bt.evidence_type
  FROM service_affair.cases c,
       (SELECT DISTINCT ON (bi.bundle, m.code) bi.bundle, m.code, m.evidence_type
          FROM service_affair.bundle_item bi
          JOIN service_affair.material m ON m.item = bi.item
         WHERE m.evidence_type IS NOT NULL
         ORDER BY bi.bundle, m.code, m.item) bt
 WHERE c.id = cm.case_id AND c.bundle IS NOT NULL
   AND bt.bundle = c.bundle AND bt.code = cm.material;
