-- The same rows written directly, without any rule: the case and its six materials.
\set a random(1, 1000)
WITH c AS (
  INSERT INTO service_affair.cases (service, service_kind, item, department, region, applicant, channel, status,
                                    returned, submitted_at, accepted_at, due, calendar, promised_limit, legal_limit, visits)
  VALUES ('bn6', 'item', 'bn6', 'BN_MKT', '330225', :a, 'window', 'accepted', false, now(), now(), current_date + 7, 'cn', 5, 20, 1)
  RETURNING id)
INSERT INTO service_affair.case_material (case_id, material, name, required, initial_status, status, supplied_at)
SELECT c.id, 'm' || g, 'Material ' || g, true, 'present', 'present', now() FROM c, generate_series(1, 6) g;
