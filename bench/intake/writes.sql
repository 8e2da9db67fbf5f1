-- pgbench: the rows one submit('bn6', ...) writes, written by one statement
-- into the extension's own tables (every FK, CHECK, index and trigger of
-- theirs), with the values submit() computes given as constants: the floor
-- of submit() on this schema, whatever its logic costs (doc/benchmarks-intake.md).
\set a random(1, 1000)
WITH c AS (
  INSERT INTO service_affair.cases (service, service_kind, item, bundle, department, region, applicant, channel, status,
         returned, tolerated, submitted_at, accepted_at, due, tolerance_due, calendar, promised_limit, legal_limit, visits,
         handling_department, competent_region, required_materials, reduced_materials)
  VALUES ('bn6', 'item', 'bn6', NULL, 'BN_MKT', '330225', :a, 'window', 'accepted', false, false, now(), now(), current_date + 7, NULL,
          'cn', 5, 20, 1, 'BN_MKT', '330225', 6, 0)
  RETURNING id),
m AS (
  INSERT INTO service_affair.case_material (case_id, material, name, required, initial_status, status, tolerance_days, due, supplied_at)
  SELECT c.id, 'm' || g, 'Material ' || g, true, 'present', 'present', NULL, NULL, now() FROM c, generate_series(1, 6) g),
e AS (
  INSERT INTO service_affair.case_event (case_id, at, kind, from_status, to_status, detail)
  SELECT c.id, now(), 'submitted', NULL, 'accepted', '{"channel": "window", "missing": [], "materials": ["m1", "m2", "m3", "m4", "m5", "m6"], "tolerated": [], "commitments": []}' FROM c)
INSERT INTO service_affair.task (case_id, item, department, stage, status, calendar, limit_days, extension_limit, opened_at, due)
SELECT c.id, 'bn6', 'BN_MKT', 1, 'open', 'cn', 5, 10, now(), current_date + 7 FROM c;
