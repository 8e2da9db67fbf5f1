-- A scripted quarter (2026 Q3) through the API — submit, supplement,
-- record_visit, claim/complete, deliver, rate — and every indicator checked
-- against numbers computed by hand (issue 16; the table is in
-- doc/indicators.md, "The scripted quarter").
--
-- Three departments in two regions:  QA and QC in 330201, QB in 330202.
--   iq_a  QA  promised 5 / legal 20, max_visits 1, materials form, idc (shared
--             by evidence), home (commitment allowed)
--   iq_z  QA  跑零次: max_visits 0, promised 3, NO legal limit, online
--   iq_c  QC  promised 10 / legal 10, max_visits 1
--   iq_b  QB  immediate, legal 5, max_visits 1, online
-- case  month  visits  before  collection  promise  collected  notes
--   c1   Jul     2       0         1          2      window     exceeds 1
--   c2   Jul     2       1         0          1      electronic returned at the window, completed at the window
--   c3   Jul     0       0         0          0      mail       immediate, 2 of 3 materials reduced
--   c4   Jul     0       0         0          0      —          iq_z, concluded late, awaiting collection
--  c10   Jul     1       0         1          1      window     QC
--   c5   Aug     1       0         0          1      electronic iq_z at the window: exceeds 0
--   c6   Aug     2       0         1          2      window     iq_b immediate, exceeds 1
--   c7   Aug     1       1         0          0      electronic iq_b returned, visit while returned, overdue
--   c8   Sep     1       0         0          1      —          accepted, not concluded
--   c9   Sep     0       0         0          0      —          returned, never completed
BEGIN;
SET search_path = service_affair, public;
SELECT plan(60);

INSERT INTO department (code, name, region) VALUES
  ('QA', 'Quarter A', '330201'), ('QB', 'Quarter B', '330202'), ('QC', 'Quarter C', '330201');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online, mobile) VALUES
  ('iq_a', 'Quarter promised', 'QA', 'promised', 20, 5, 1, true, true),  -- mobile: case c8 through the app
  ('iq_z', 'Quarter zero visit', 'QA', 'promised', NULL, 3, 0, true, false),
  ('iq_c', 'Quarter C', 'QC', 'promised', 10, 10, 1, true, false),
  ('iq_b', 'Quarter immediate', 'QB', 'immediate', 5, NULL, 1, true, false);
INSERT INTO evidence_type (code, name) VALUES ('id_card', 'Identity card');  -- the registry (44_licences)
INSERT INTO material (item, code, name, required, evidence_type, commitment_allowed) VALUES
  ('iq_a', 'form', 'Form', true, NULL, false),
  ('iq_a', 'idc', 'ID card', true, 'id_card', false),
  ('iq_a', 'home', 'Residence proof', true, NULL, true),
  ('iq_z', 'formz', 'Form Z', true, NULL, false),
  ('iq_c', 'formc', 'Form C', true, NULL, false),
  ('iq_b', 'formb', 'Form B', true, NULL, false);
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Quarter Person');
INSERT INTO evidence (applicant, evidence_type, reference)
SELECT id, 'id_card', 'e-licence' FROM applicant WHERE name = 'Quarter Person';
CREATE FUNCTION pg_temp.p() RETURNS bigint LANGUAGE sql AS $$ SELECT id FROM service_affair.applicant WHERE name = 'Quarter Person' $$;
-- conclude the one open task of a department
CREATE FUNCTION pg_temp.done(dept text, at timestamptz) RETURNS void LANGUAGE sql AS
$$ SELECT service_affair.complete_task(service_affair.claim_task(dept, 'rev', at), 'approved', at) $$;
CREATE TEMP TABLE k (name text PRIMARY KEY, id bigint);

-- July
INSERT INTO k SELECT 'c1', submit('iq_a', pg_temp.p(), '{form,home}', 'window', '{}', '2026-07-01 09:00+08');
SELECT pg_temp.done('QA', '2026-07-03 10:00+08');
SELECT deliver(id, 'window', '2026-07-06 10:00+08') FROM k WHERE name = 'c1';
INSERT INTO k SELECT 'c2', submit('iq_a', pg_temp.p(), '{}', 'window', '{}', '2026-07-01 15:00+08');
SELECT supplement(id, '{form,home}', '2026-07-02 09:00+08', 'window') FROM k WHERE name = 'c2';
SELECT pg_temp.done('QA', '2026-07-06 10:00+08');
SELECT deliver(id, 'electronic', '2026-07-06 11:00+08') FROM k WHERE name = 'c2';
INSERT INTO k SELECT 'c3', submit('iq_a', pg_temp.p(), '{form}', 'online', '{home}', '2026-07-07 09:00+08');
SELECT pg_temp.done('QA', '2026-07-07 16:00+08');
SELECT deliver(id, 'mail', '2026-07-08 10:00+08') FROM k WHERE name = 'c3';
INSERT INTO k SELECT 'c4', submit('iq_z', pg_temp.p(), '{formz}', 'online', '{}', '2026-07-08 09:00+08');
SELECT pg_temp.done('QA', '2026-07-15 10:00+08');
INSERT INTO k SELECT 'c10', submit('iq_c', pg_temp.p(), '{formc}', 'online', '{}', '2026-07-01 09:00+08');
SELECT pg_temp.done('QC', '2026-07-02 10:00+08');
SELECT deliver(id, 'window', '2026-07-03 10:00+08') FROM k WHERE name = 'c10';
-- August
INSERT INTO k SELECT 'c5', submit('iq_z', pg_temp.p(), '{formz}', 'window', '{}', '2026-08-03 09:00+08');
SELECT pg_temp.done('QA', '2026-08-04 10:00+08');
SELECT deliver(id, 'electronic', '2026-08-04 11:00+08') FROM k WHERE name = 'c5';
INSERT INTO k SELECT 'c6', submit('iq_b', pg_temp.p(), '{formb}', 'window', '{}', '2026-08-04 10:00+08');
SELECT pg_temp.done('QB', '2026-08-04 10:30+08');
SELECT deliver(id, 'window', '2026-08-04 10:40+08') FROM k WHERE name = 'c6';
INSERT INTO k SELECT 'c7', submit('iq_b', pg_temp.p(), '{}', 'online', '{}', '2026-08-05 09:00+08');
SELECT record_visit(id, '2026-08-05 11:00+08', 'asked what is missing') FROM k WHERE name = 'c7';
SELECT supplement(id, '{formb}', '2026-08-06 09:00+08', 'online') FROM k WHERE name = 'c7';
SELECT pg_temp.done('QB', '2026-08-07 10:00+08');
SELECT deliver(id, 'electronic', '2026-08-07 11:00+08') FROM k WHERE name = 'c7';
-- September
INSERT INTO k SELECT 'c8', submit('iq_a', pg_temp.p(), '{form}', 'mobile', '{home}', '2026-09-01 09:00+08');
SELECT record_visit(id, '2026-09-02 09:00+08', 'consultation') FROM k WHERE name = 'c8';
INSERT INTO k SELECT 'c9', submit('iq_b', pg_temp.p(), '{}', 'online', '{}', '2026-09-02 09:00+08');
-- ratings: c1 5, c2 4, c3 2 (bad), c6 5
SELECT rate(id, CASE name WHEN 'c1' THEN 5 WHEN 'c2' THEN 4 WHEN 'c3' THEN 2 ELSE 5 END, 'online', NULL, '2026-08-20 10:00+08')
  FROM k WHERE name IN ('c1', 'c2', 'c3', 'c6');

-- the phases of every case
SELECT results_eq(
  $$SELECT k.name, c.status, c.visits, c.visits_before_acceptance, c.visits_collection, c.required_materials, c.reduced_materials,
           c.delivered_at IS NOT NULL
      FROM k JOIN cases c ON c.id = k.id ORDER BY k.id$$,
  $$VALUES ('c1', 'concluded', 2, 0, 1, 3, 1, true), ('c2', 'concluded', 2, 1, 0, 3, 1, true),
           ('c3', 'concluded', 0, 0, 0, 3, 2, true), ('c4', 'concluded', 0, 0, 0, 1, 0, false),
           ('c10', 'concluded', 1, 0, 1, 1, 0, true), ('c5', 'concluded', 1, 0, 0, 1, 0, true),
           ('c6', 'concluded', 2, 0, 1, 1, 0, true), ('c7', 'concluded', 1, 1, 0, 1, 0, true),
           ('c8', 'accepted', 1, 0, 0, 3, 2, false), ('c9', 'returned', 0, 0, 0, 1, 0, false)$$,
  'visits by phase and material counts kept on each case');
SELECT results_eq(
  $$SELECT k.name, x.promise_visits, x.max_visits FROM visit_promise_exceeded x JOIN k ON k.id = x.case_id ORDER BY k.id$$,
  $$VALUES ('c1', 2, 1), ('c5', 1, 0), ('c6', 2, 1)$$,
  'visit_promise_exceeded: c1 (2 > 1), c5 (a 跑零次 item at the window), c6 (2 > 1)');

-- QA, July: c1 c2 c3 c4
SELECT results_eq(
  $$SELECT submitted, accepted, returned, tolerated, concluded, collected, awaiting_collection, no_legal_limit
      FROM efficiency_department WHERE department = 'QA' AND month = '2026-07-01'$$,
  $$VALUES (4::bigint, 4::bigint, 1::bigint, 0::bigint, 4::bigint, 3::bigint, 1::bigint, 1::bigint)$$,
  'QA July counts: 4 submitted, 1 returned, 3 collected, c4 awaiting, c4 without legal limit');
SELECT is((SELECT ARRAY[online_rate, zero_visit_rate, at_most_once_rate, zero_visit_reform_rate, at_most_once_reform_rate,
                        promise_kept_rate, immediate_rate, overdue_rate, avg_workdays, material_reduction_rate, time_compression]
             FROM efficiency_department WHERE department = 'QA' AND month = '2026-07-01'),
          ARRAY[2/4::numeric, 1/3::numeric, 1/3::numeric, 1/3::numeric, 2/3::numeric,
                2/3::numeric, 1/4::numeric, 1/4::numeric, 9/4::numeric, 4/10::numeric, 1 - 15/60::numeric],
          'QA July rates: online 2/4, strict 1/3 and 1/3, reform 1/3 and 2/3, kept 2/3, immediate 1/4, overdue 1/4, 9/4 days, materials 4/10, time 1 - 15/60');
SELECT is((SELECT time_compression FROM efficiency WHERE service = 'iq_z' AND month = '2026-07-01'), NULL,
          'an item without a legal limit has no time_compression (0.1: 1 - 3/20 from a made-up 20)');
SELECT is((SELECT ARRAY[at_most_once_rate, at_most_once_reform_rate, promise_kept_rate, material_reduction_rate, time_compression]
             FROM efficiency WHERE service = 'iq_a' AND month = '2026-07-01'),
          ARRAY[1/3::numeric, 2/3::numeric, 2/3::numeric, 4/9::numeric, 0.75],
          'efficiency (service level) iq_a July');
-- QC, July: c10
SELECT is((SELECT ARRAY[online_rate, zero_visit_rate, at_most_once_rate, zero_visit_reform_rate, at_most_once_reform_rate,
                        promise_kept_rate, immediate_rate, overdue_rate, avg_workdays, material_reduction_rate, time_compression]
             FROM efficiency_department WHERE department = 'QC' AND month = '2026-07-01'),
          ARRAY[1, 0, 1, 0, 1, 1, 0, 0, 1, 0, 0]::numeric[], 'QC July rates');
-- region 330201, July: QA + QC
SELECT results_eq(
  $$SELECT region, submitted, collected, awaiting_collection, no_legal_limit FROM efficiency_region WHERE month = '2026-07-01' ORDER BY 1$$,
  $$VALUES ('330201'::text, 5::bigint, 4::bigint, 1::bigint, 1::bigint)$$,
  'efficiency_region July: one row, 330201 = QA + QC');
SELECT is((SELECT ARRAY[online_rate, zero_visit_rate, at_most_once_rate, zero_visit_reform_rate, at_most_once_reform_rate,
                        promise_kept_rate, immediate_rate, overdue_rate, avg_workdays, material_reduction_rate, time_compression]
             FROM efficiency_region WHERE region = '330201' AND month = '2026-07-01'),
          ARRAY[3/5::numeric, 1/4::numeric, 2/4::numeric, 1/4::numeric, 3/4::numeric,
                3/4::numeric, 1/5::numeric, 1/5::numeric, 10/5::numeric, 4/11::numeric, 1 - 25/70::numeric],
          'region 330201 July rates: sums of QA and QC, then the formulas');
-- August
SELECT is((SELECT ARRAY[at_most_once_rate, zero_visit_reform_rate, at_most_once_reform_rate, promise_kept_rate, avg_workdays]
             FROM efficiency_department WHERE department = 'QA' AND month = '2026-08-01'),
          ARRAY[1, 0, 1, 0, 1]::numeric[], 'QA August (c5): at most once, but the 跑零次 promise is broken');
SELECT is((SELECT time_compression FROM efficiency_department WHERE department = 'QA' AND month = '2026-08-01'), NULL,
          'QA August: only a case without legal limit, time_compression NULL');
SELECT is((SELECT no_legal_limit FROM efficiency_department WHERE department = 'QA' AND month = '2026-08-01'), 1::bigint,
          'QA August: no_legal_limit 1');
SELECT is((SELECT ARRAY[online_rate, zero_visit_rate, at_most_once_rate, zero_visit_reform_rate, at_most_once_reform_rate,
                        promise_kept_rate, immediate_rate, overdue_rate, avg_workdays, material_reduction_rate, time_compression]
             FROM efficiency_department WHERE department = 'QB' AND month = '2026-08-01'),
          ARRAY[1/2::numeric, 0, 1/2::numeric, 1/2::numeric, 1/2::numeric, 1/2::numeric, 1/2::numeric, 1/2::numeric,
                1/2::numeric, 0, 1]::numeric[], 'QB August rates (c6 c7)');
SELECT is((SELECT ARRAY[submitted, collected] FROM efficiency_overall WHERE month = '2026-08-01'), ARRAY[3, 3]::bigint[],
          'overall August: 3 submitted, 3 collected');
SELECT is((SELECT ARRAY[at_most_once_rate, zero_visit_reform_rate, at_most_once_reform_rate, promise_kept_rate]
             FROM efficiency_overall WHERE month = '2026-08-01'),
          ARRAY[2/3::numeric, 1/3::numeric, 2/3::numeric, 1/3::numeric], 'overall August rates');
-- September: nothing collected
SELECT is((SELECT ARRAY[submitted, accepted, returned, collected, awaiting_collection] FROM efficiency_overall WHERE month = '2026-09-01'),
          ARRAY[2, 1, 1, 0, 0]::bigint[], 'September: 2 submitted, 1 returned, none collected');
SELECT is((SELECT ARRAY[zero_visit_rate, at_most_once_rate, zero_visit_reform_rate, at_most_once_reform_rate, promise_kept_rate]
             FROM efficiency_overall WHERE month = '2026-09-01'),
          ARRAY[NULL, NULL, NULL, NULL, NULL]::numeric[], 'September: no collected case, every visit rate NULL');
SELECT is((SELECT ARRAY[material_reduction_rate, time_compression] FROM efficiency_overall WHERE month = '2026-09-01'),
          ARRAY[2/3::numeric, 0.75], 'September: c8 accepted (materials 2/3, time 1 - 5/20)');

-- the quarter
SELECT results_eq(
  $$SELECT department, submitted, collected, awaiting_collection, no_legal_limit FROM efficiency_period('2026-07-01', '2026-09-30')$$,
  $$VALUES ('QA'::text, 6::bigint, 4::bigint, 1::bigint, 2::bigint), ('QB', 3, 2, 0, 0), ('QC', 1, 1, 0, 0), (NULL, 10, 7, 1, 2)$$,
  'efficiency_period Q3: per department, then overall');
SELECT results_eq(
  $$SELECT department, at_most_once_rate, at_most_once_reform_rate, promise_kept_rate, material_reduction_rate, time_compression
      FROM efficiency_period('2026-07-01', '2026-09-30')$$,
  $$VALUES ('QA'::text, 2/4::numeric, 3/4::numeric, 2/4::numeric, 6/14::numeric, 1 - 20/80::numeric),
           ('QB', 1/2::numeric, 1/2::numeric, 1/2::numeric, 0::numeric, 1::numeric),
           ('QC', 1::numeric, 1::numeric, 1::numeric, 0::numeric, 0::numeric),
           (NULL, 4/7::numeric, 5/7::numeric, 4/7::numeric, 6/17::numeric, 1 - 30/100::numeric)$$,
  'efficiency_period Q3 rates');
SELECT results_eq(
  $$SELECT region, submitted, collected, zero_visit_rate, zero_visit_reform_rate, at_most_once_reform_rate
      FROM efficiency_period_region('2026-07-01', '2026-09-30')$$,
  $$VALUES ('330201'::text, 7::bigint, 5::bigint, 1/5::numeric, 1/5::numeric, 4/5::numeric),
           ('330202', 3, 2, 0::numeric, 1/2::numeric, 1/2::numeric),
           (NULL, 10, 7, 1/7::numeric, 2/7::numeric, 5/7::numeric)$$,
  'efficiency_period_region Q3: per region, then overall');
SELECT results_eq(
  $$SELECT department, submitted FROM efficiency_period('2026-08-15', '2026-08-31')$$,
  $$VALUES ('QA'::text, 1::bigint), ('QB', 2), (NULL, 3)$$,
  'a period from a day inside a month takes the whole month');
SELECT results_eq(
  $$SELECT department, submitted, collected, at_most_once_reform_rate FROM efficiency_period('2027-01-01', '2027-03-31')$$,
  $$VALUES (NULL::text, 0::bigint, 0::bigint, NULL::numeric)$$,
  'a period without cases: the overall row alone, counts 0 and rates NULL');
-- the same figures from every level: the department rows sum to the region and overall rows
SELECT is((SELECT count(*) FROM (
             SELECT r.level, r.month FROM efficiency_rollup r WHERE r.month >= '2026-07-01'
             GROUP BY r.level, r.month HAVING sum(r.submitted) <> (SELECT sum(x.submitted) FROM efficiency_counts x WHERE x.month = r.month)) z),
          0::bigint, 'every level of efficiency_rollup sums to the same submitted per month');

-- visits: strict vs reform, and the 0.1 figure that fell when results were collected
SELECT is((SELECT ARRAY[zero_visit_rate, at_most_once_rate] FROM efficiency_period('2026-07-01', '2026-07-31') WHERE department IS NULL),
          ARRAY[1/4::numeric, 2/4::numeric], 'July strict rates over collected cases (c1 c2 c3 c10)');
SELECT deliver(id, 'window', '2026-09-20 10:00+08') FROM k WHERE name = 'c4';
SELECT is((SELECT ARRAY[visits, visits_before_acceptance, visits_collection] FROM cases WHERE id = (SELECT id FROM k WHERE name = 'c4')),
          ARRAY[1, 0, 1], 'collecting c4 at the window is a collection visit');
SELECT is((SELECT ARRAY[collected, awaiting_collection] FROM efficiency_department WHERE department = 'QA' AND month = '2026-07-01'),
          ARRAY[4, 0]::bigint[], 'c4 collected: no longer awaiting');
SELECT is((SELECT ARRAY[at_most_once_reform_rate, zero_visit_reform_rate, promise_kept_rate]
             FROM efficiency_department WHERE department = 'QA' AND month = '2026-07-01'),
          ARRAY[3/4::numeric, 1/4::numeric, 2/4::numeric],
          'c4 joins the collected cases with 1 visit: reform at most once 3/4, but it broke its 跑零次 promise');
SELECT results_eq(
  $$SELECT k.name FROM visit_promise_exceeded x JOIN k ON k.id = x.case_id ORDER BY k.id$$,
  $$VALUES ('c1'), ('c4'), ('c5'), ('c6')$$, 'c4 now exceeds its promise');

-- satisfaction at every level
SELECT is((SELECT ARRAY[ratings, level5, level4, level2, good_rate, bad_rate, rectified_on_time_rate]::numeric[]
             FROM satisfaction_department WHERE department = 'QA' AND month = '2026-07-01'),
          ARRAY[3, 1, 1, 1, 2/3::numeric, 1/3::numeric, 0], 'QA July satisfaction: 3 ratings, 2 good, 1 bad not rectified');
SELECT is((SELECT ARRAY[ratings, good_rate]::numeric[] FROM satisfaction_region WHERE region = '330201' AND month = '2026-07-01'),
          ARRAY[3, 2/3::numeric], 'satisfaction_region 330201 July');
SELECT is((SELECT ARRAY[ratings, good_rate]::numeric[] FROM satisfaction_overall WHERE month = '2026-08-01'),
          ARRAY[1, 1]::numeric[], 'satisfaction_overall August (c6)');
SELECT is((SELECT ARRAY[ratings, good_rate]::numeric[] FROM satisfaction WHERE service = 'iq_b'),
          ARRAY[1, 1]::numeric[], 'satisfaction (service level) iq_b');
SELECT results_eq(
  $$SELECT department, ratings, good_rate, bad_rate FROM satisfaction_period('2026-07-01', '2026-09-30')$$,
  $$VALUES ('QA'::text, 3::bigint, 2/3::numeric, 1/3::numeric), ('QB', 1, 1::numeric, 0::numeric), (NULL, 4, 3/4::numeric, 1/4::numeric)$$,
  'satisfaction_period Q3');
SELECT results_eq(
  $$SELECT region, ratings, good_rate FROM satisfaction_period_region('2026-07-01', '2026-09-30')$$,
  $$VALUES ('330201'::text, 3::bigint, 2/3::numeric), ('330202', 1, 1::numeric), (NULL, 4, 3/4::numeric)$$,
  'satisfaction_period_region Q3');

-- whether a service has a legal limit is the case's, as submitted: an edit
-- of the catalog afterwards changes no past figure (until 2026-12-05 the
-- current catalog decided, and iq_z's cases entered time_compression with
-- the 20 days of their clock; a review)
SELECT is((SELECT array_agg(service || ' ' || has_legal_limit ORDER BY id) FROM cases WHERE service IN ('iq_z', 'iq_c')),
          ARRAY['iq_z false', 'iq_c true', 'iq_z false'], 'each case keeps whether its service had a legal limit at submission');
CREATE TEMP TABLE q3_before AS
SELECT department, no_legal_limit, time_compression FROM efficiency_period('2026-07-01', '2026-09-30');
UPDATE item SET legal_limit = 20 WHERE code = 'iq_z';
UPDATE item SET legal_limit = NULL WHERE code = 'iq_c';
SELECT results_eq(
  $$SELECT department, no_legal_limit, time_compression FROM efficiency_period('2026-07-01', '2026-09-30')$$,
  $$SELECT * FROM q3_before$$,
  'iq_z given a legal limit and iq_c''s taken away after their cases: no_legal_limit and time_compression of Q3 unchanged');
SELECT is((SELECT time_compression FROM efficiency WHERE service = 'iq_z' AND month = '2026-07-01'), NULL,
          '... iq_z''s July cases still have no time_compression');
-- a case from before 0.2 (no snapshot): the current catalog, as before
SET LOCAL session_replication_role = replica;
UPDATE cases SET has_legal_limit = NULL WHERE service = 'iq_z' AND submitted_at < '2026-08-01';
RESET session_replication_role;
SELECT is((SELECT ARRAY[count(*) FILTER (WHERE no_legal_limit), sum(legal_days)] FROM efficiency_facts WHERE service = 'iq_z' AND month = '2026-07-01'), ARRAY[0, 20]::bigint[],
          'a case without the snapshot (submitted before 0.2) reads the current catalog: iq_z, now with a legal limit, counts its 20 days');
UPDATE item SET legal_limit = NULL WHERE code = 'iq_z';
UPDATE item SET legal_limit = 10 WHERE code = 'iq_c';

-- the promise of a bundle: the largest max_visits of its items; legal limit when every item has one
INSERT INTO bundle (code, name, lead_department) VALUES ('iq_bundle', 'Quarter bundle', 'QA');
INSERT INTO bundle_item (bundle, item, stage) VALUES ('iq_bundle', 'iq_z', 1), ('iq_bundle', 'iq_a', 2);
SELECT is((SELECT ARRAY[max_visits::text, has_legal_limit::text, department] FROM service_promise WHERE service = 'iq_bundle'),
          ARRAY['1', 'false', 'QA'], 'a bundle promises the largest max_visits of its items; one item without legal limit: none');
SELECT is((SELECT ARRAY[max_visits::text, has_legal_limit::text] FROM service_promise WHERE service = 'iq_z'),
          ARRAY['0', 'false'], 'iq_z: max_visits 0, no legal limit');

-- the level views agree with the rollup; one formula: changing it is one place
SELECT is((SELECT count(*) FROM pg_proc WHERE pronamespace = 'service_affair'::regnamespace
            AND proname IN ('efficiency_rates', 'satisfaction_rates', 'complaint_rates')), 3::bigint,
          'one rates function per family');
SELECT is((SELECT count(*) FROM pg_views WHERE schemaname = 'service_affair'
            AND viewname ~ '^(efficiency|satisfaction|complaint_indicators)'
            AND viewname !~ '_(counts|rollup)$'
            AND definition ~ 'NULLIF'), 0::bigint, 'no published view writes a rate formula of its own');
SELECT is((SELECT array_agg(viewname::text ORDER BY viewname) FROM pg_views WHERE schemaname = 'service_affair'
            AND viewname ~ '^(efficiency|satisfaction|complaint_indicators)(_region)?$'),
          ARRAY['complaint_indicators', 'complaint_indicators_region', 'efficiency', 'efficiency_region', 'satisfaction', 'satisfaction_region'],
          'every analyst view has its _region view');

-- analysts read every indicator, nobody else
SELECT lives_ok('SELECT create_roles()', 'create_roles()');
SELECT ok(has_table_privilege('service_affair_analyst', 'service_affair.efficiency_region', 'SELECT')
          AND has_table_privilege('service_affair_analyst', 'service_affair.complaint_indicators_region', 'SELECT')
          AND has_table_privilege('service_affair_analyst', 'service_affair.visit_promise_exceeded', 'SELECT')
          AND has_function_privilege('service_affair_analyst', 'service_affair.efficiency_period_region(date,date)', 'EXECUTE')
          AND NOT has_table_privilege('service_affair_clerk', 'service_affair.efficiency_region', 'SELECT')
          AND NOT has_function_privilege('public', 'service_affair.efficiency_rates(service_affair.efficiency_rollup)', 'EXECUTE'),
          'analysts read the region views and the exceeded promises; clerks and the public do not');
SET LOCAL ROLE service_affair_analyst;
SELECT is((SELECT count(*) FROM efficiency_region WHERE month >= '2026-07-01'), 5::bigint, 'an analyst reads efficiency_region (July 330201; August and September both regions)');
SELECT is((SELECT count(*) FROM efficiency_period_region('2026-07-01', '2026-09-30')), 3::bigint, 'an analyst runs efficiency_period_region');
RESET ROLE;

-- the overall row of every period function is told by its last column
-- overall (true on that row only, never NULL), not by its position nor by
-- its NULL key: a BI tool's or a query's own ORDER BY loses the position,
-- and a region-less department has a row of region NULL beside it
SELECT is((SELECT array_agg(p.proname || ': ' || p.proargnames[cardinality(p.proargnames)] || ' ' || format_type(p.proallargtypes[cardinality(p.proallargtypes)], NULL) ORDER BY p.proname)
             FROM pg_proc p WHERE p.pronamespace = 'service_affair'::regnamespace
              AND p.proname IN ('efficiency_period', 'efficiency_period_region', 'satisfaction_period', 'satisfaction_period_region')),
          ARRAY['efficiency_period: overall boolean', 'efficiency_period_region: overall boolean',
                'satisfaction_period: overall boolean', 'satisfaction_period_region: overall boolean'],
          'the department and region period functions: overall is their last column (the columns before it where they were)');
SELECT is((SELECT array_agg(overall ORDER BY ordinality) FROM efficiency_period('2026-07-01', '2026-09-30') WITH ORDINALITY),
          ARRAY[false, false, false, true], 'efficiency_period Q3: overall true on the last row only (never NULL)');
SELECT is((SELECT ARRAY[sum(submitted), sum(accepted), sum(returned), sum(tolerated), sum(concluded), sum(collected), sum(awaiting_collection), sum(no_legal_limit)]::bigint[]
             FROM efficiency_period('2026-07-01', '2026-09-30') WHERE NOT overall),
          (SELECT ARRAY[submitted, accepted, returned, tolerated, concluded, collected, awaiting_collection, no_legal_limit]
             FROM efficiency_period('2026-07-01', '2026-09-30') WHERE overall),
          'efficiency_period Q3: the counts of the overall row = the sums of the department rows');
SELECT results_eq(
  $$SELECT department, submitted, overall FROM efficiency_period('2027-01-01', '2027-03-31')$$,
  $$VALUES (NULL::text, 0::bigint, true)$$,
  'efficiency_period: an empty period has the overall row of zeros (overall true)');
SELECT is((SELECT array_agg(overall ORDER BY ordinality) FROM satisfaction_period('2026-07-01', '2026-09-30') WITH ORDINALITY),
          ARRAY[false, false, true], 'satisfaction_period Q3: overall true on the last row only (never NULL)');
SELECT is((SELECT ARRAY[sum(ratings), sum(level5), sum(level4), sum(level3), sum(level2), sum(level1)]::bigint[]
             FROM satisfaction_period('2026-07-01', '2026-09-30') WHERE NOT overall),
          (SELECT ARRAY[ratings, level5, level4, level3, level2, level1]
             FROM satisfaction_period('2026-07-01', '2026-09-30') WHERE overall),
          'satisfaction_period Q3: the counts of the overall row = the sums of the department rows');
-- QB loses its region (department.region may be NULL): its cases and its
-- rating make the row of region NULL, beside the overall row (c4 is
-- collected by now: 330201 6 collected)
UPDATE department SET region = NULL WHERE code = 'QB';
SELECT results_eq(
  $$SELECT region, submitted, collected, overall FROM efficiency_period_region('2026-07-01', '2026-09-30') ORDER BY submitted$$,
  $$VALUES (NULL::text, 3::bigint, 2::bigint, false), ('330201', 7, 6, false), (NULL, 10, 8, true)$$,
  'efficiency_period_region, QB without a region, in a query''s own order: the no-region row (overall false) and the overall row (overall true)');
SELECT is((SELECT array_agg(overall ORDER BY ordinality) FROM efficiency_period_region('2026-07-01', '2026-09-30') WITH ORDINALITY),
          ARRAY[false, false, true], 'efficiency_period_region: the no-region row before the overall row, overall true on the last row only');
SELECT is((SELECT ARRAY[sum(submitted), sum(accepted), sum(returned), sum(tolerated), sum(concluded), sum(collected), sum(awaiting_collection), sum(no_legal_limit)]::bigint[]
             FROM efficiency_period_region('2026-07-01', '2026-09-30') WHERE NOT overall),
          (SELECT ARRAY[submitted, accepted, returned, tolerated, concluded, collected, awaiting_collection, no_legal_limit]
             FROM efficiency_period_region('2026-07-01', '2026-09-30') WHERE overall),
          'efficiency_period_region: the counts of the overall row = the sums of the other rows (the no-region row included)');
SELECT results_eq(
  $$SELECT region, ratings, good_rate, overall FROM satisfaction_period_region('2026-07-01', '2026-09-30') ORDER BY ratings$$,
  $$VALUES (NULL::text, 1::bigint, 1::numeric, false), ('330201', 3, 2/3::numeric, false), (NULL, 4, 3/4::numeric, true)$$,
  'satisfaction_period_region, QB without a region, in a query''s own order: the no-region row (overall false) and the overall row (overall true)');
SELECT is((SELECT ARRAY[sum(ratings), sum(level5), sum(level4), sum(level3), sum(level2), sum(level1)]::bigint[]
             FROM satisfaction_period_region('2026-07-01', '2026-09-30') WHERE NOT overall),
          (SELECT ARRAY[ratings, level5, level4, level3, level2, level1]
             FROM satisfaction_period_region('2026-07-01', '2026-09-30') WHERE overall),
          'satisfaction_period_region: the counts of the overall row = the sums of the other rows (the no-region row included)');
SELECT is((SELECT count(*) FILTER (WHERE overall) || ' ' || count(*) FILTER (WHERE overall IS NULL) || ' ' || count(*) FILTER (WHERE region IS NULL AND NOT overall)
             FROM satisfaction_period_region('2026-07-01', '2026-09-30')),
          '1 0 1', 'satisfaction_period_region: one overall row, overall never NULL, one no-region row');
UPDATE department SET region = '330202' WHERE code = 'QB';

SELECT * FROM finish();
ROLLBACK;
