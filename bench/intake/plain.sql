-- pgbench: the writes of one complete 6-material submission as an application
-- would do them on plain tables (PK, FKs, queue index): the case row, its six
-- material rows and one queue row, due = today + 7 (no working-day rule).
\set a random(1, 1000)
WITH c AS (
  INSERT INTO plain_app.cases (service, applicant, channel, status, submitted_at, accepted_at, due, visits)
  VALUES ('bn6', :a, 'window', 'accepted', now(), now(), current_date + 7, 1)
  RETURNING id),
m AS (
  INSERT INTO plain_app.case_material (case_id, material, status, supplied_at)
  SELECT c.id, 'm' || g, 'present', now() FROM c, generate_series(1, 6) g)
INSERT INTO plain_app.queue (case_id, item, department, status, due)
SELECT c.id, 'bn6', 'BN_MKT', 'open', current_date + 7 FROM c;
