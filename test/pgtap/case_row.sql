-- The speed work on submit() (issue 10, "Speed") keeps behaviour: the sixteen
-- CHECKs of cases and the two of case_material became one CHECK each through
-- C (cases_row_ok, case_material_row_ok; 48_case_row.sql) and still refuse
-- every bad row; over a sample of rows with NULLs they decide exactly as the
-- former CHECK expressions did, and (since 2026-12-07) the limits
-- promised_limit and tolerance_days >= 0 are theirs too.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(24);
\ir route_fixture.inc

SELECT is((SELECT string_agg(conname, ',') FROM pg_constraint
            WHERE conrelid = 'service_affair.cases'::regclass AND contype = 'c'),
  'cases_row', 'cases has one CHECK constraint, cases_row');
SELECT is((SELECT string_agg(conname, ',') FROM pg_constraint
            WHERE conrelid = 'service_affair.case_material'::regclass AND contype = 'c'),
  'case_material_row', 'case_material has one CHECK constraint, case_material_row');

SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-02-13 10:00+08') AS a \gset
SELECT is((SELECT status FROM cases WHERE id = :a), 'accepted', 'submit() still accepts a complete case');

CREATE TEMP TABLE bad_write (label text, sql text);
INSERT INTO bad_write VALUES
  ('a 5-digit region', $$region = '33022'$$),
  ('an unknown channel', $$channel = 'fax'$$),
  ('an unknown decision', $$decision = 'maybe'$$),
  ('an unknown delivery method', $$delivery_method = 'pigeon'$$),
  ('negative visits', 'visits = -1'),
  ('a negative due shift', 'due_shift = -1'),
  ('sla_state running', $$sla_state = 'running'$$),
  ('a bundle kind on an item case', $$service_kind = 'bundle'$$),
  ('an item other than the service', $$item = 'rt_food'$$),
  ('an accepted case without acceptance time', 'accepted_at = NULL'),
  ('a competent region with a letter', $$competent_region = '33022x'$$),
  ('an unknown competence rule', $$competence_rule = 'nearest'$$),
  ('negative visits before acceptance', 'visits_before_acceptance = -1'),
  ('negative collection visits', 'visits_collection = -1'),
  ('a negative required count', 'required_materials = -1'),
  ('a negative reduced count', 'reduced_materials = -1');
SELECT throws_ok(format('UPDATE service_affair.cases SET %s WHERE id = %s', b.sql, :a), '23514', NULL,
                 'a direct write of ' || b.label || ' is refused')
  FROM bad_write b ORDER BY b.label;
SELECT throws_ok(format($$UPDATE service_affair.case_material SET status = 'lost' WHERE case_id = %s$$, :a),
  '23514', NULL, 'a direct write of an unknown material status is refused');
SELECT throws_ok(format($$UPDATE service_affair.case_material SET initial_status = 'found' WHERE case_id = %s$$, :a),
  '23514', NULL, 'a direct write of an unknown initial material status is refused');
SELECT lives_ok(format($$UPDATE service_affair.cases SET sla_state = 'warning', delivery_method = 'door',
                         competence_rule = 'company', region = NULL WHERE id = %s$$, :a),
  'a valid direct write passes');

-- the former CHECK expressions, verbatim, against the function, over a
-- random sample of rows built from good, bad and NULL values of each column
CREATE TEMP TABLE row_sample AS
SELECT (ARRAY['s1', 's2', NULL])[1 + (random() * 2.99)::int] AS service,
       (ARRAY['item', 'bundle', 'other', NULL])[1 + (random() * 3.99)::int] AS service_kind,
       (ARRAY['s1', 's2', NULL])[1 + (random() * 2.99)::int] AS item,
       (ARRAY['s1', 's2', NULL])[1 + (random() * 2.99)::int] AS bundle,
       (ARRAY['330225', '33022', '33022x', NULL])[1 + (random() * 3.99)::int] AS region,
       (ARRAY['window', 'door', 'fax', NULL])[1 + (random() * 3.99)::int] AS channel,
       (ARRAY['returned', 'accepted', 'withdrawn', 'revoked', 'x', NULL])[1 + (random() * 5.99)::int] AS status,
       (ARRAY[now(), NULL])[1 + (random() * 1.99)::int] AS accepted_at,
       (ARRAY['approved', 'denied', 'maybe', NULL])[1 + (random() * 3.99)::int] AS decision,
       (ARRAY['mail', 'door', 'pigeon', NULL])[1 + (random() * 3.99)::int] AS delivery_method,
       (ARRAY[0, 3, -1, NULL])[1 + (random() * 3.99)::int] AS visits,
       (ARRAY[0, -1, NULL])[1 + (random() * 2.99)::int] AS due_shift,
       (ARRAY['warning', 'overdue', 'running', NULL])[1 + (random() * 3.99)::int] AS sla_state,
       (ARRAY['330225', '3302250', NULL])[1 + (random() * 2.99)::int] AS competent_region,
       (ARRAY['receiving', 'company', 'nearest', NULL])[1 + (random() * 3.99)::int] AS competence_rule,
       (ARRAY[0, -1, NULL])[1 + (random() * 2.99)::int] AS visits_before_acceptance,
       (ARRAY[0, -1, NULL])[1 + (random() * 2.99)::int] AS visits_collection,
       (ARRAY[6, -1, NULL])[1 + (random() * 2.99)::int] AS required_materials,
       (ARRAY[2, -1, NULL])[1 + (random() * 2.99)::int] AS reduced_materials,
       (ARRAY[5, 0, -1, NULL])[1 + (random() * 3.99)::int] AS promised_limit,
       (ARRAY[3, 0, -1, NULL])[1 + (random() * 3.99)::int] AS m_tolerance_days,
       (ARRAY['present', 'produced', 'lost', NULL])[1 + (random() * 3.99)::int] AS m_initial,
       (ARRAY['missing', 'optional', '', NULL])[1 + (random() * 3.99)::int] AS m_status
  FROM generate_series(1, 20000);
SELECT is((SELECT count(*) FROM row_sample r
            WHERE cases_row_ok(service, service_kind, item, bundle, region, channel, status, accepted_at, decision,
                               delivery_method, visits, due_shift, sla_state, competent_region, competence_rule,
                               visits_before_acceptance, visits_collection, required_materials, reduced_materials,
                               promised_limit)
                  IS DISTINCT FROM
                  ((region ~ '^[0-9]{6}$') IS NOT FALSE
                   AND (channel = ANY ('{window,online,mobile,kiosk,door}'::text[])) IS NOT FALSE
                   AND (status = ANY ('{returned,accepted,concluded,withdrawn,revoked}'::text[])) IS NOT FALSE
                   AND (decision = ANY ('{approved,denied}'::text[])) IS NOT FALSE
                   AND (delivery_method = ANY ('{window,mail,electronic,door}'::text[])) IS NOT FALSE
                   AND (visits >= 0) IS NOT FALSE
                   AND (due_shift >= 0) IS NOT FALSE
                   AND (sla_state IN ('warning', 'overdue')) IS NOT FALSE
                   AND ((service_kind = 'item' AND item = service AND bundle IS NULL)
                        OR (service_kind = 'bundle' AND bundle = service AND item IS NULL)) IS NOT FALSE
                   AND (accepted_at IS NOT NULL OR status = ANY ('{returned,withdrawn}'::text[])) IS NOT FALSE
                   AND (competent_region ~ '^[0-9]{6}$') IS NOT FALSE
                   AND (competence_rule = ANY ('{receiving,residence,property,company}'::text[])) IS NOT FALSE
                   AND (visits_before_acceptance >= 0) IS NOT FALSE
                   AND (visits_collection >= 0) IS NOT FALSE
                   AND (required_materials >= 0) IS NOT FALSE
                   AND (reduced_materials >= 0) IS NOT FALSE
                   AND (promised_limit >= 0) IS NOT FALSE)),
  0::bigint, 'cases_row_ok() decides as the sixteen former CHECKs and promised_limit >= 0 on 20,000 random rows (NULLs included)');
SELECT is((SELECT count(*) FROM row_sample r
            WHERE case_material_row_ok(m_initial, m_status, m_tolerance_days)
                  IS DISTINCT FROM
                  ((m_initial = ANY ('{present,shared,committed,tolerated,missing,optional,produced}'::text[])) IS NOT FALSE
                   AND (m_status = ANY ('{present,shared,committed,tolerated,missing,optional,produced}'::text[])) IS NOT FALSE
                   AND (m_tolerance_days >= 0) IS NOT FALSE)),
  0::bigint, 'case_material_row_ok() decides as the two former CHECKs and tolerance_days >= 0 on the same rows');

SELECT * FROM finish();
ROLLBACK;
