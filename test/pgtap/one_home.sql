-- One home per rule (issue "One home per rule"): a rule the extension
-- computes is written in one place, and every former copy of it now asks
-- that place.  For each rule: no function or view of the schema spells the
-- rule itself any more (read from the catalog, so a new copy fails here),
-- each former site names the one home, and the results agree with the rule.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(41);
\ir complaint_fixture.inc

-- every function body and view definition of the schema, as the server prints it
CREATE TEMP TABLE src AS
SELECT 'function ' || p.oid::regprocedure::text AS obj, pg_catalog.pg_get_functiondef(p.oid) AS def
  FROM pg_proc p WHERE p.pronamespace = 'service_affair'::regnamespace AND p.prokind IN ('f', 'p')
UNION ALL
SELECT 'view ' || c.relname, pg_catalog.pg_get_viewdef(c.oid)
  FROM pg_class c WHERE c.relnamespace = 'service_affair'::regnamespace AND c.relkind IN ('v', 'm');

-- ------------------------------------------------------------ 1. a complaint's effective due
-- one home: the generated column complaint.effective_due
SELECT is((SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d
             JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
            WHERE d.adrelid = 'service_affair.complaint'::regclass AND a.attname = 'effective_due' AND a.attgenerated = 's'),
          'LEAST(due, supervise_due)', 'complaint.effective_due is generated: the earlier of due and supervise_due');
SELECT is(ARRAY(SELECT obj FROM src WHERE def ~* 'least\s*\(\s*(\w+\.)?due\s*,\s*(\w+\.)?supervise_due' ORDER BY 1),
          '{}'::text[], 'no function or view computes LEAST(due, supervise_due) itself');
SELECT is(ARRAY(SELECT obj FROM src
                 WHERE obj IN ('function reply_complaint(bigint,text,timestamp with time zone,text)',
                               'function complaint_sla_sweep(timestamp with time zone)',
                               'view complaint_queue', 'view case_followups')
                   AND def ~ '\meffective_due\M' ORDER BY 1),
          ARRAY['function complaint_sla_sweep(timestamp with time zone)',
                'function reply_complaint(bigint,text,timestamp with time zone,text)',
                'view case_followups', 'view complaint_queue'],
          'reply_complaint(), complaint_sla_sweep(), complaint_queue and case_followups read complaint.effective_due');
-- behaviour: a supervision earlier than the due wins, a later one does not
SELECT receive_complaint('12345', 'complaint', 'one home A', '2026-11-02 10:00+08', case_id => k, applicant => p) AS h1 FROM cf \gset
SELECT receive_complaint('12345', 'complaint', 'one home B', '2026-11-02 10:00+08', case_id => k, applicant => p) AS h2 FROM cf \gset
SELECT assign_complaint(:h1, 'CA', '2026-11-02 11:00+08'), assign_complaint(:h2, 'CA', '2026-11-02 11:00+08');
SELECT supervise_complaint(:h1, '2026-11-04', '2026-11-02 12:00+08'), supervise_complaint(:h2, '2026-11-20', '2026-11-02 12:00+08');
SELECT is(ARRAY(SELECT (id, due, supervise_due, effective_due)::text FROM complaint WHERE id IN (:h1, :h2) ORDER BY id),
          ARRAY[(:h1, '2026-11-09'::date, '2026-11-04'::date, '2026-11-04'::date)::text,
                (:h2, '2026-11-09'::date, '2026-11-20'::date, '2026-11-09'::date)::text],
          'effective_due: the supervision when earlier, else the due');
SELECT is((SELECT count(*) FROM complaint c JOIN complaint_queue q USING (id)
            WHERE q.effective_due IS DISTINCT FROM LEAST(c.due, c.supervise_due)), 0::bigint,
          'complaint_queue.effective_due agrees with the rule for every complaint');
SELECT is((SELECT count(*) FROM complaint c JOIN case_followups f ON f.complaint_id = c.id
            WHERE f.complaint_due IS DISTINCT FROM LEAST(c.due, c.supervise_due)), 0::bigint,
          'case_followups.complaint_due agrees with the rule for every complaint');
SELECT is((SELECT count(*) FROM case_followups f WHERE f.complaint_id IN (:h1, :h2)), 2::bigint, '... both complaints are there');
-- the sweep flags the effective due (the supervision), the reply after it is late
SELECT is(complaint_sla_sweep('2026-11-05 10:00+08'), 1, 'the sweep of 5 November flags only the complaint supervised to 4 November');
SELECT is((SELECT overdue_due FROM complaint WHERE id = :h1), '2026-11-04'::date, '... at its effective due');
SELECT reply_complaint(:h1, 'late', '2026-11-05 11:00+08'), reply_complaint(:h2, 'in time', '2026-11-05 11:00+08');
SELECT is(ARRAY(SELECT replied_on_time FROM complaint WHERE id IN (:h1, :h2) ORDER BY id), ARRAY[false, true],
          'reply_complaint() judges the reply against the effective due');

-- ------------------------------------------------------------ 2. the local month of an instant
-- one home: local_month(at, cal), inlined (a SQL function without SET)
SELECT is(ARRAY(SELECT obj FROM src
                 WHERE def ~* 'date_trunc\(\s*''month''(::text)?\s*,\s*\(*\s*(service_affair\.)?local_day\('
                   AND obj <> 'function local_month(timestamp with time zone,text)' ORDER BY 1),
          '{}'::text[], 'no function or view but local_month() truncates a local day to its month itself');
SELECT is((SELECT p.proconfig IS NULL AND p.prosqlbody IS NOT NULL FROM pg_proc p
            WHERE p.oid = to_regprocedure('service_affair.local_month(timestamptz,text)')), true, 'local_month() is a SQL function of the standard body without SET (the planner inlines it)');
SELECT is(ARRAY(SELECT obj FROM src
                 WHERE obj IN ('view visit_promise_exceeded', 'view data_sharing', 'view licence_monthly', 'view one_licence_service',
                               'view complaint_items', 'view efficiency_facts', 'view satisfaction_facts', 'view complaint_facts')
                   AND def ~ '\mlocal_month\(' ORDER BY 1),
          ARRAY['view complaint_facts', 'view complaint_items', 'view data_sharing', 'view efficiency_facts', 'view licence_monthly',
                'view one_licence_service', 'view satisfaction_facts', 'view visit_promise_exceeded'],
          'the eight monthly views read local_month()');
SELECT is((SELECT count(*) FROM src WHERE obj = 'view licence_monthly' AND def ~ 'local_month\(.*local_month\('), 1::bigint,
          '... licence_monthly for its issued and its revoked licences');
SELECT is((SELECT count(*) FROM src WHERE obj = 'view complaint_items' AND def ~ 'local_month\(.*local_month\('), 1::bigint,
          '... complaint_items for its complaints and its cases');
-- behaviour: the month turns at local midnight of the calendar's zone, whatever the session's zone
SET LOCAL TimeZone = 'America/Los_Angeles';
SELECT is(ARRAY[local_month('2026-10-31 15:59:59+00', 'cn'), local_month('2026-10-31 16:00+00', 'cn'), local_month('2026-10-31 16:00+00')],
          ARRAY['2026-10-01'::date, '2026-11-01', '2026-11-01'], 'local_month(): Beijing''s midnight of 1 November turns the month');
SELECT is((SELECT count(*) FROM generate_series('2025-12-31 12:00+00'::timestamptz, '2027-01-01 12:00+00', interval '37 minutes') g(t)
            WHERE local_month(t, 'cn') IS DISTINCT FROM date_trunc('month', local_day(t, 'cn')::timestamp)::date), 0::bigint,
          'local_month() agrees with the month of local_day() every 37 minutes of 2026');
SELECT receive_complaint('12345', 'complaint', 'one home month', '2026-10-31 16:30+00', department => 'CA', applicant => p) AS h3 FROM cf \gset
SELECT is((SELECT month FROM complaint_facts WHERE department = 'CA' AND month >= '2026-10-01' GROUP BY month ORDER BY month LIMIT 1),
          '2026-11-01'::date, 'complaint_facts: a complaint received at 00:30 on 1 November in Beijing counts in November');
SELECT is((SELECT array_agg(DISTINCT (month, cases)::text) FROM complaint_items WHERE item = 'ca_item'), ARRAY[('2026-11-01'::date, 0)::text],
          'complaint_items: the complaints in November, the case of 30 October not among November''s cases');
RESET TimeZone;

-- ------------------------------------------------------------ 3. the due of a leg of 代收代办
SELECT is(ARRAY(SELECT obj FROM src
                 WHERE def ~* 'add_workdays\(\s*(service_affair\.)?local_day\([^()]*\)\s*,\s*(\w+\.)?forward_days'
                   AND obj <> 'function leg_due(timestamp with time zone,integer,text)' ORDER BY 1),
          '{}'::text[], 'no function or view but leg_due() computes a leg''s due itself');
SELECT is((SELECT p.proconfig IS NULL AND p.prosqlbody IS NOT NULL FROM pg_proc p
            WHERE p.oid = to_regprocedure('service_affair.leg_due(timestamptz,integer,text)')), true,
          'leg_due() is a SQL function of the standard body without SET (inlined)');
SELECT is(ARRAY(SELECT obj || ' ' || (SELECT count(*) FROM regexp_matches(def, '\mleg_due\(', 'g')) FROM src
                 WHERE obj IN ('function case_legs()', 'function leg_recompute_dues()') ORDER BY 1),
          ARRAY['function case_legs() 2', 'function leg_recompute_dues() 1'],
          'case_legs() asks leg_due() for both legs, leg_recompute_dues() for the recomputed due');
SELECT is((SELECT count(*) FROM generate_series('2026-09-28 00:00+08'::timestamptz, '2026-10-12 00:00+08', interval '5 hours') g(t),
                  generate_series(0, 4) n
            WHERE leg_due(t, n, 'cn') IS DISTINCT FROM add_workdays(local_day(t, 'cn'), n, 'cn')), 0::bigint,
          'leg_due() agrees with the rule across the National Day holiday');
SELECT is(leg_due('2026-09-30 17:00+00', 2, 'cn'), add_workdays('2026-10-01', 2, 'cn'),
          'leg_due(): a leg opened in the first hour of 1 October (Beijing) counts from 1 October');

-- ------------------------------------------------------------ 4. the publication due of an inspection result
SELECT is(ARRAY(SELECT obj FROM src
                 WHERE def ~* 'add_workdays\(\s*(service_affair\.)?local_day\([^()]*\)\s*,\s*20\M'
                   AND obj <> 'function result_publish_due(timestamp with time zone)' ORDER BY 1),
          '{}'::text[], 'no function or view but result_publish_due() adds the 20 working days itself');
SELECT is((SELECT p.proconfig IS NULL AND p.prosqlbody IS NOT NULL FROM pg_proc p
            WHERE p.oid = to_regprocedure('service_affair.result_publish_due(timestamptz)')), true,
          'result_publish_due() is a SQL function of the standard body without SET (inlined)');
SELECT is((SELECT count(*) FROM src, regexp_matches(def, '\mresult_publish_due\(', 'g') WHERE obj = 'view public_results'), 2::bigint,
          'public_results reads result_publish_due() for publish_due and for deadline_met');
SELECT is(result_publish_due('2026-09-30 17:00+00'), add_workdays('2026-10-01', 20, 'cn'),
          'result_publish_due(): 20 working days of cn after the local day of the result');

-- ------------------------------------------------------------ 5. the defaults of the credit.* settings
SELECT is(ARRAY(SELECT p.oid::regprocedure::text FROM pg_proc p
                 WHERE p.pronamespace = 'service_affair'::regnamespace AND p.proname = 'credit_setting'),
          ARRAY['credit_setting(text)'], 'credit_setting() takes the name alone: no caller passes a default');
SELECT is(ARRAY(SELECT obj FROM src WHERE def ~ 'credit_setting\(\s*''[^'']*''\s*,' ORDER BY 1), '{}'::text[],
          'no function or view passes a default of a credit.* setting');
SELECT is(ARRAY[credit_setting('credit.duration_years'), credit_setting('credit.clean_years'),
                credit_setting('credit.clean_bonus'), credit_setting('credit.clean_merits')],
          ARRAY[3, 3, 1, 2], 'the defaults when absent: 3 years, 3 years, bonus on, 2 merits');
INSERT INTO setting (name, value) VALUES ('credit.clean_years', '5');
SELECT is(credit_setting('credit.clean_years'), 5, 'a setting present is read');
SELECT throws_ok($$SELECT credit_setting('credit.clean_year')$$, '22023', 'unknown credit setting',
                 'another name: 22023, not a silent default');

-- ------------------------------------------------------------ 6. the receiving point's clerk (通办)
-- one home: point_clerk_serves() (34_network.sql), may_act_at() and
-- point_business(); until 2026-12-06 result_require() (receive_result())
-- asked may_act_at() alone, a second home of the rule (a review)
-- the code, not the comments (which name the rule they follow)
CREATE TEMP TABLE src_code AS SELECT obj, regexp_replace(def, '--[^\n]*', '', 'g') AS def FROM src;
SELECT is(ARRAY(SELECT obj FROM src_code WHERE def ~ '\mpoint_business\(' AND obj NOT LIKE 'function point_business(%' ORDER BY 1),
          ARRAY['function point_clerk_serves(text,boolean,timestamp with time zone,text)'],
          'only point_clerk_serves() asks point_business()');
SELECT is(ARRAY(SELECT obj FROM src_code WHERE def ~ '\mpoint_clerk_serves\(' AND obj NOT LIKE 'function point_clerk_serves(%' ORDER BY 1),
          ARRAY['function require_case_step(bigint)', 'function require_case_worker(bigint,boolean)',
                'function result_require(cases,bigint)'],
          'the applicant (require_case_worker()), the steps at the window (require_case_step()) and the result''s arrival (result_require()) ask point_clerk_serves()');
SELECT is(ARRAY(SELECT obj FROM src_code WHERE def ~ '\mmay_act_at\(' AND obj IN
                  ('function require_case_step(bigint)', 'function require_case_worker(bigint,boolean)', 'function result_require(cases,bigint)')),
          '{}'::text[], '... none of them asks may_act_at() itself');

-- ------------------------------------------------------------ 7. the promise of a bundle
-- one home: bundle_promise (43_visit_phases.sql); until 2026-12-06
-- efficiency_facts spelled it a second time beside service_promise's (a
-- review of the speed pass of that day).  bundle_limits keeps its own
-- per-stage has_legal_limit (internal; the comment of bundle_promise says why)
SELECT is(ARRAY(SELECT obj FROM src_code WHERE def ~* 'max\s*\(\s*(\w+\.)?max_visits\s*\)' ORDER BY 1),
          ARRAY['view bundle_promise'], 'only bundle_promise takes the largest max_visits of a bundle''s items');
SELECT is(ARRAY(SELECT obj FROM src_code WHERE def ~* 'bool_and\s*\(\s*\(?\s*(\w+\.)?legal_limit\s+IS\s+NOT\s+NULL' ORDER BY 1),
          ARRAY['view bundle_limits', 'view bundle_promise'],
          'bundle_promise and bundle_limits (per stage, internal) alone ask whether every item has a legal limit');
SELECT is(ARRAY(SELECT obj FROM src_code WHERE def ~ '\mbundle_promise\M' AND obj <> 'view bundle_promise' ORDER BY 1),
          ARRAY['view efficiency_facts', 'view service_promise'], 'service_promise and efficiency_facts read bundle_promise');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits) VALUES
  ('oh_a', 'One home A', 'CA', 'promised', 20, 5, 0), ('oh_b', 'One home B', 'CA', 'promised', NULL, 5, 2),
  ('oh_c', 'One home C', 'CA', 'promised', 30, 5, 1);
INSERT INTO bundle (code, name, lead_department) VALUES ('oh_ab', 'A and B', 'CA'), ('oh_ac', 'A and C', 'CB'), ('oh_none', 'Empty', 'CA');
INSERT INTO bundle_item (bundle, item, stage) VALUES ('oh_ab', 'oh_a', 1), ('oh_ab', 'oh_b', 2), ('oh_ac', 'oh_a', 1), ('oh_ac', 'oh_c', 1);
SELECT is(ARRAY(SELECT (bundle, lead_department, max_visits, has_legal_limit)::text FROM bundle_promise WHERE bundle LIKE 'oh\_%' ORDER BY bundle),
          ARRAY['(oh_ab,CA,2,f)', '(oh_ac,CB,1,t)', '(oh_none,CA,1,f)'],
          'bundle_promise: the largest max_visits, a legal limit when every item has one; 1 and none without items');
SELECT is((SELECT count(*) FROM service_promise s JOIN bundle_promise b ON b.bundle = s.service
            WHERE s.kind <> 'bundle' OR (s.department, s.max_visits, s.has_legal_limit) IS DISTINCT FROM (b.lead_department, b.max_visits, b.has_legal_limit)), 0::bigint,
          'service_promise''s bundles are bundle_promise''s rows');

SELECT * FROM finish();
ROLLBACK;
