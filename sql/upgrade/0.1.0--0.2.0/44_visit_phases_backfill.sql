-- Backfill of the columns of 43_visit_phases.sql from the 0.1 data (upgrade
-- only; a fresh install has no cases).  The phases are read from case_event,
-- with the visit rule of 0.1: a window submission, a window supplement, a
-- recorded visit, a window delivery.
--   before acceptance: the window submission that got a notice, window
--                      supplements after which something was still missing,
--                      visits recorded while the case was returned (or
--                      withdrawn without ever being accepted)
--   collection:        visits recorded on a concluded case, a window delivery
-- The material counts are read from case_material (the status at submission).
UPDATE service_affair.cases c
   SET visits_before_acceptance = v.before_acceptance,
       visits_collection = v.collection
  FROM (SELECT e.case_id,
               pg_catalog.count(*) FILTER (WHERE (e.kind IN ('submitted', 'supplemented')
                                                  AND e.detail->>'channel' = 'window' AND e.to_status = 'returned')
                                              OR (e.kind = 'visit' AND e.from_status = 'returned')
                                              OR (e.kind = 'visit' AND e.from_status = 'withdrawn' AND x.accepted_at IS NULL))::integer AS before_acceptance,
               pg_catalog.count(*) FILTER (WHERE (e.kind = 'visit' AND e.from_status = 'concluded')
                                              OR (e.kind = 'delivered' AND e.detail->>'method' = 'window'))::integer AS collection
          FROM service_affair.case_event e
          JOIN service_affair.cases x ON x.id = e.case_id
         WHERE e.kind IN ('submitted', 'supplemented', 'visit', 'delivered')
         GROUP BY e.case_id) v
 WHERE v.case_id = c.id
   AND (v.before_acceptance > 0 OR v.collection > 0);

UPDATE service_affair.cases c
   SET required_materials = m.required, reduced_materials = m.reduced
  FROM (SELECT cm.case_id,
               pg_catalog.count(*) FILTER (WHERE cm.required)::integer AS required,
               pg_catalog.count(*) FILTER (WHERE cm.required AND cm.initial_status IN ('shared', 'committed'))::integer AS reduced
          FROM service_affair.case_material cm
         GROUP BY cm.case_id) m
 WHERE m.case_id = c.id;
