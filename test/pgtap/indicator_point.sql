-- The service point level of the indicators (issue 16): efficiency_point,
-- satisfaction_point, complaint_indicators_point and the point period
-- functions, against numbers computed by hand.
--
-- One department QP (region 330201), item ip_a (promised 5 / legal 10,
-- max_visits 1); points PC (county centre), PT (town centre), PB (bank).
-- The receiving point is set on the case right after submit() (the
-- clerk's point check is tongban_flow's business, not this file's).
-- case  month  point  channel  visits  delivered   notes
--   d1   Jul    PC     window   2       window      submission + collection: strict 0, reform 0 (2 > 1)
--   d2   Jul    PT     window   1       electronic
--   d3   Jul    PT     window   1       —           returned (materials missing), not accepted
--   d4   Jul    —      online   0       electronic  online: the point NULL row
--   d5   Jul    PB     window   1       mail
--   d6   Aug    PT     window   1       electronic
-- ratings: d1 2 (bad), d5 5, d4 4.  Complaints (July): about PT, about
-- 'X9' (free text naming no registered point: counted with none named), none named.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(26);

INSERT INTO department (code, name, region) VALUES ('QP', 'Point dept', '330201');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online) VALUES
  ('ip_a', 'Point item', 'QP', 'promised', 10, 5, 1, true);
INSERT INTO material (item, code, name, required, evidence_type, commitment_allowed) VALUES
  ('ip_a', 'formp', 'Form P', true, NULL, false);
INSERT INTO service_point (code, name, level, region) VALUES
  ('PC', 'County centre', 'county', '330201'),
  ('PT', 'Town centre', 'town', '330201'),
  ('PB', 'Bank branch', 'bank', '330201');
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Point Person');
CREATE FUNCTION pg_temp.p() RETURNS bigint LANGUAGE sql AS $$ SELECT id FROM service_affair.applicant WHERE name = 'Point Person' $$;
CREATE FUNCTION pg_temp.done(at timestamptz) RETURNS void LANGUAGE sql AS
$$ SELECT service_affair.complete_task(service_affair.claim_task('QP', 'rev', at), 'approved', at) $$;
CREATE TEMP TABLE k (name text PRIMARY KEY, id bigint);
CREATE FUNCTION pg_temp.at_point(n text, pt text) RETURNS void LANGUAGE sql AS
$$ UPDATE service_affair.cases SET receiving_point = pt WHERE id = (SELECT id FROM k WHERE name = n) $$;

INSERT INTO k SELECT 'd1', submit('ip_a', pg_temp.p(), '{formp}', 'window', '{}', '2026-07-01 09:00+08');
SELECT pg_temp.at_point('d1', 'PC');
SELECT pg_temp.done('2026-07-02 10:00+08');
SELECT deliver(id, 'window', '2026-07-03 10:00+08') FROM k WHERE name = 'd1';
INSERT INTO k SELECT 'd2', submit('ip_a', pg_temp.p(), '{formp}', 'window', '{}', '2026-07-01 10:00+08');
SELECT pg_temp.at_point('d2', 'PT');
SELECT pg_temp.done('2026-07-02 11:00+08');
SELECT deliver(id, 'electronic', '2026-07-03 11:00+08') FROM k WHERE name = 'd2';
INSERT INTO k SELECT 'd4', submit('ip_a', pg_temp.p(), '{formp}', 'online', '{}', '2026-07-01 11:00+08');
SELECT pg_temp.done('2026-07-02 12:00+08');
SELECT deliver(id, 'electronic', '2026-07-03 12:00+08') FROM k WHERE name = 'd4';
INSERT INTO k SELECT 'd5', submit('ip_a', pg_temp.p(), '{formp}', 'window', '{}', '2026-07-01 12:00+08');
SELECT pg_temp.at_point('d5', 'PB');
SELECT pg_temp.done('2026-07-02 13:00+08');
SELECT deliver(id, 'mail', '2026-07-03 13:00+08') FROM k WHERE name = 'd5';
INSERT INTO k SELECT 'd3', submit('ip_a', pg_temp.p(), '{}', 'window', '{}', '2026-07-10 09:00+08');
SELECT pg_temp.at_point('d3', 'PT');
INSERT INTO k SELECT 'd6', submit('ip_a', pg_temp.p(), '{formp}', 'window', '{}', '2026-08-03 09:00+08');
SELECT pg_temp.at_point('d6', 'PT');
SELECT pg_temp.done('2026-08-04 10:00+08');
SELECT deliver(id, 'electronic', '2026-08-05 11:00+08') FROM k WHERE name = 'd6';
INSERT INTO k SELECT 'r' || name, rate(id, CASE name WHEN 'd1' THEN 2 WHEN 'd5' THEN 5 ELSE 4 END, 'online', NULL, '2026-07-20 10:00+08')
  FROM k WHERE name IN ('d1', 'd4', 'd5');
INSERT INTO k SELECT 'pt1', receive_complaint('12345', 'complaint', 'pt1', '2026-07-05 09:00+08', department => 'QP', point => 'PT');
INSERT INTO k SELECT 'pe1', receive_complaint('12345', 'complaint', 'pe1', '2026-07-05 09:00+08', department => 'QP', point => 'X9');
INSERT INTO k SELECT 'pn1', receive_complaint('12345', 'complaint', 'pn1', '2026-07-05 09:00+08', department => 'QP');

-- the fixture is what the table says
SELECT is((SELECT array_agg(ARRAY[receiving_point, visits::text, (delivered_at IS NOT NULL)::text] ORDER BY k.name)
             FROM k JOIN cases c ON c.id = k.id WHERE k.name LIKE 'd%'),
          ARRAY[ARRAY['PC', '2', 'true'], ARRAY['PT', '1', 'true'], ARRAY['PT', '1', 'false'],
                ARRAY[NULL, '0', 'true'], ARRAY['PB', '1', 'true'], ARRAY['PT', '1', 'true']],
          'fixture: receiving points, visits and deliveries as in the table');

SELECT results_eq(
  $$SELECT point, point_level, submitted, accepted, concluded, collected FROM efficiency_point
     WHERE month = '2026-07-01' ORDER BY point NULLS LAST$$,
  $$VALUES ('PB', 'bank', 1::bigint, 1::bigint, 1::bigint, 1::bigint), ('PC', 'county', 1, 1, 1, 1),
           ('PT', 'town', 2, 1, 1, 1), (NULL, NULL, 1, 1, 1, 1)$$,
  'efficiency_point July: one row per receiving point with its level; online cases in the point NULL row');
SELECT is((SELECT ARRAY[online_rate, zero_visit_rate, at_most_once_rate, at_most_once_reform_rate, promise_kept_rate]
             FROM efficiency_point WHERE month = '2026-07-01' AND point = 'PC'),
          ARRAY[0, 0, 0, 0, 0]::numeric[], 'efficiency_point PC July: submission and collection at the window, 2 visits');
SELECT is((SELECT ARRAY[online_rate, zero_visit_rate, at_most_once_rate, at_most_once_reform_rate, promise_kept_rate]
             FROM efficiency_point WHERE month = '2026-07-01' AND point = 'PT'),
          ARRAY[0, 0, 1, 1, 1]::numeric[], 'efficiency_point PT July: 1 collected, one visit');
SELECT is((SELECT ARRAY[online_rate, zero_visit_rate, at_most_once_rate]
             FROM efficiency_point WHERE month = '2026-07-01' AND point IS NULL),
          ARRAY[1, 1, 1]::numeric[], 'efficiency_point no point July: the online case, zero visits');
SELECT is((SELECT ARRAY[submitted, collected] FROM efficiency_point WHERE month = '2026-08-01'),
          ARRAY[1, 1]::bigint[], 'efficiency_point August: PT only');
SELECT is((SELECT sum(submitted) FROM efficiency_point), (SELECT sum(submitted) FROM efficiency_overall),
          'efficiency_point rows sum to the overall level (online cases included)');
-- 就近办: cases received at town, village or bank points
SELECT is((SELECT round(sum(submitted) FILTER (WHERE point_level IN ('town', 'village', 'bank'))::numeric / sum(submitted), 4)
             FROM efficiency_point WHERE month = '2026-07-01'),
          0.6000, '就近办 July: 3 of 5 cases at town or bank points');
SELECT results_eq(
  $$SELECT point, point_level, submitted, collected, at_most_once_rate FROM efficiency_period_point('2026-07-01', '2026-08-31')$$,
  $$VALUES ('PB', 'bank', 1::bigint, 1::bigint, 1::numeric), ('PC', 'county', 1, 1, 0), ('PT', 'town', 3, 2, 1),
           (NULL, NULL, 1, 1, 1), (NULL, NULL, 6, 5, 0.8)$$,
  'efficiency_period_point Jul-Aug: per point, the no-point row, then the overall row');
-- the overall row is told from the no-point row by its column overall, not
-- by its position (a BI tool's or a query's own ORDER BY loses that)
SELECT is((SELECT array_agg(overall ORDER BY ordinality) FROM efficiency_period_point('2026-07-01', '2026-08-31') WITH ORDINALITY),
          ARRAY[false, false, false, false, true],
          'efficiency_period_point: overall true on the last row only (never NULL)');
SELECT is((SELECT array_agg(p.proargnames[cardinality(p.proargnames)] || ' ' || format_type(p.proallargtypes[cardinality(p.proallargtypes)], NULL) ORDER BY p.proname)
             FROM pg_proc p WHERE p.pronamespace = 'service_affair'::regnamespace
              AND p.proname IN ('efficiency_period_point', 'satisfaction_period_point', 'complaint_period_point')),
          ARRAY['overall boolean', 'overall boolean', 'overall boolean'],
          'the point period functions: overall is their last column (the columns before it where they were)');
SELECT results_eq(
  $$SELECT point, submitted, overall FROM efficiency_period_point('2026-07-01', '2026-08-31') WHERE point IS NULL ORDER BY submitted DESC$$,
  $$VALUES (NULL::text, 6::bigint, true), (NULL, 1, false)$$,
  'efficiency_period_point: in a query''s own order, the overall row (overall true) and the no-point row (overall false)');
SELECT is((SELECT ARRAY[sum(submitted), sum(accepted), sum(returned), sum(tolerated), sum(concluded), sum(collected), sum(awaiting_collection), sum(no_legal_limit)]::bigint[]
             FROM efficiency_period_point('2026-07-01', '2026-08-31') WHERE NOT overall),
          (SELECT ARRAY[submitted, accepted, returned, tolerated, concluded, collected, awaiting_collection, no_legal_limit]
             FROM efficiency_period_point('2026-07-01', '2026-08-31') WHERE overall),
          'efficiency_period_point: the counts of the overall row = the sums of the other rows (the no-point row included)');
SELECT results_eq(
  $$SELECT point, submitted, overall FROM efficiency_period_point('2026-10-01', '2026-10-31')$$,
  $$VALUES (NULL::text, 0::bigint, true)$$,
  'efficiency_period_point: an empty period has the overall row of zeros (overall true)');

SELECT results_eq(
  $$SELECT point, point_level, ratings, good_rate, bad_rate FROM satisfaction_point ORDER BY point NULLS LAST$$,
  $$VALUES ('PB', 'bank', 1::bigint, 1::numeric, 0::numeric), ('PC', 'county', 1, 0, 1), (NULL, NULL, 1, 1, 0)$$,
  'satisfaction_point: the rated cases per receiving point');
SELECT results_eq(
  $$SELECT point, ratings, good_rate FROM satisfaction_period_point('2026-07-01', '2026-07-31')$$,
  $$VALUES ('PB', 1::bigint, 1::numeric), ('PC', 1, 0), (NULL, 1, 1), (NULL, 3, 2/3::numeric)$$,
  'satisfaction_period_point July: per point, no point, overall');
SELECT results_eq(
  $$SELECT point, ratings, overall FROM satisfaction_period_point('2026-07-01', '2026-07-31') ORDER BY ratings DESC, point$$,
  $$VALUES (NULL::text, 3::bigint, true), ('PB', 1, false), ('PC', 1, false), (NULL, 1, false)$$,
  'satisfaction_period_point: in a query''s own order, overall true on the overall row only, false on the no-point row');
SELECT is((SELECT ARRAY[sum(ratings), sum(level5), sum(level4), sum(level3), sum(level2), sum(level1)]::bigint[]
             FROM satisfaction_period_point('2026-07-01', '2026-07-31') WHERE NOT overall),
          (SELECT ARRAY[ratings, level5, level4, level3, level2, level1]
             FROM satisfaction_period_point('2026-07-01', '2026-07-31') WHERE overall),
          'satisfaction_period_point: the counts of the overall row = the sums of the other rows');
SELECT is((SELECT good_rate FROM satisfaction_period_point('2026-07-01', '2026-07-31') WHERE overall), 2/3::numeric,
          'satisfaction_period_point: the overall row picked by its column (good_rate 2/3)');

SELECT results_eq(
  $$SELECT point, point_level, received FROM complaint_indicators_point WHERE month = '2026-07-01' ORDER BY point NULLS LAST$$,
  $$VALUES ('PT', 'town', 1), (NULL, NULL, 2)$$,
  'complaint_indicators_point: per registered point; free text naming no point (X9) counted with none named, never shown');
SELECT results_eq(
  $$SELECT point, received FROM complaint_period_point('2026-07-01', '2026-07-31')$$,
  $$VALUES ('PT', 1), (NULL, 2), (NULL, 3)$$,
  'complaint_period_point July: per point, none named, overall');
SELECT results_eq(
  $$SELECT point, point_level, received, overall FROM complaint_period_point('2026-07-01', '2026-07-31') ORDER BY received$$,
  $$VALUES ('PT', 'town', 1, false), (NULL, NULL, 2, false), (NULL, NULL, 3, true)$$,
  'complaint_period_point: in a query''s own order, the none-named row (overall false) and the overall row (overall true)');
SELECT is((SELECT ARRAY[sum(received), sum(replied), sum(reopened), sum(assigned), sum(callbacks)]::integer[]
             FROM complaint_period_point('2026-07-01', '2026-07-31') WHERE NOT overall),
          (SELECT ARRAY[received, replied, reopened, assigned, callbacks]
             FROM complaint_period_point('2026-07-01', '2026-07-31') WHERE overall),
          'complaint_period_point: the counts of the overall row = the sums of the other rows');

-- the other levels do not move
SELECT is((SELECT ARRAY[submitted, collected] FROM efficiency_department WHERE department = 'QP' AND month = '2026-07-01'),
          ARRAY[5, 4]::bigint[], 'efficiency_department QP July: every point and the online case');
SELECT is((SELECT count(*) FROM efficiency WHERE department = 'QP' AND month = '2026-07-01'),
          1::bigint, 'efficiency: one row per service, whatever the points');
SELECT ok(NOT EXISTS (SELECT FROM efficiency_rollup WHERE level <> 'point' AND (point IS NOT NULL OR point_level IS NOT NULL)),
          'efficiency_rollup: point and point_level are NULL outside the point level');

SELECT * FROM finish();
ROLLBACK;
