-- Times every analyst view against a hand-written GROUP BY over the base
-- tables computing the same numbers (checked equal first), in the same
-- session (doc/benchmarks.md, "Indicators").  The hand-written efficiency
-- queries scan cases once (the per-case material and visit-phase columns are
-- on the case; service_promise is a hash join against the catalog), so
-- "efficiency / hand-written" is also the ratio to a single scan of cases.
-- Each query is wrapped as sum(hashtext(row::text)) so that every column is
-- computed and nothing is sent to the client.  Median of bench.runs runs,
-- alternating the order.
SET search_path = service_affair, public;
SET max_parallel_workers_per_gather = 0;
SET work_mem = '64MB';
CREATE TEMP TABLE q (name text, variant text, sql text, PRIMARY KEY (name, variant));
INSERT INTO q VALUES
('efficiency', 'view', $$SELECT * FROM service_affair.efficiency$$),
('efficiency', 'hand-written', $$
SELECT c.department, c.service, date_trunc('month', service_affair.local_day(c.submitted_at, c.calendar)::timestamp)::date AS month,
       count(*) AS submitted,
       count(*) FILTER (WHERE c.accepted_at IS NOT NULL) AS accepted,
       count(*) FILTER (WHERE c.returned) AS returned,
       count(*) FILTER (WHERE c.tolerated) AS tolerated,
       count(*) FILTER (WHERE c.concluded_at IS NOT NULL) AS concluded,
       count(*) FILTER (WHERE c.delivered_at IS NOT NULL) AS collected,
       count(*) FILTER (WHERE c.status = 'concluded' AND c.delivered_at IS NULL) AS awaiting_collection,
       count(*) FILTER (WHERE c.accepted_at IS NOT NULL AND NOT p.has_legal_limit) AS no_legal_limit,
       count(*) FILTER (WHERE c.channel IN ('online', 'mobile'))::numeric / count(*) AS online_rate,
       count(*) FILTER (WHERE c.delivered_at IS NOT NULL AND c.visits = 0)::numeric / NULLIF(count(*) FILTER (WHERE c.delivered_at IS NOT NULL), 0) AS zero_visit_rate,
       count(*) FILTER (WHERE c.delivered_at IS NOT NULL AND c.visits <= 1)::numeric / NULLIF(count(*) FILTER (WHERE c.delivered_at IS NOT NULL), 0) AS at_most_once_rate,
       count(*) FILTER (WHERE c.delivered_at IS NOT NULL AND c.visits - c.visits_before_acceptance = 0)::numeric
         / NULLIF(count(*) FILTER (WHERE c.delivered_at IS NOT NULL), 0) AS zero_visit_reform_rate,
       count(*) FILTER (WHERE c.delivered_at IS NOT NULL AND c.visits - c.visits_before_acceptance <= 1)::numeric
         / NULLIF(count(*) FILTER (WHERE c.delivered_at IS NOT NULL), 0) AS at_most_once_reform_rate,
       count(*) FILTER (WHERE c.delivered_at IS NOT NULL AND c.visits - c.visits_before_acceptance <= p.max_visits)::numeric
         / NULLIF(count(*) FILTER (WHERE c.delivered_at IS NOT NULL), 0) AS promise_kept_rate,
       count(*) FILTER (WHERE c.concluded_at IS NOT NULL AND service_affair.local_day(c.concluded_at, c.calendar)
                                          = service_affair.local_day(c.accepted_at, c.calendar))::numeric
         / NULLIF(count(*) FILTER (WHERE c.concluded_at IS NOT NULL), 0) AS immediate_rate,
       sum(c.reduced_materials) FILTER (WHERE c.accepted_at IS NOT NULL)::numeric
         / NULLIF(sum(c.required_materials) FILTER (WHERE c.accepted_at IS NOT NULL), 0) AS material_reduction_rate,
       1 - sum(c.promised_limit) FILTER (WHERE c.accepted_at IS NOT NULL AND p.has_legal_limit)::numeric
         / NULLIF(sum(c.legal_limit) FILTER (WHERE c.accepted_at IS NOT NULL AND p.has_legal_limit), 0) AS time_compression,
       sum(service_affair.workdays_between(service_affair.local_day(c.accepted_at, c.calendar),
                                           service_affair.local_day(c.concluded_at, c.calendar), c.calendar))
         FILTER (WHERE c.concluded_at IS NOT NULL)::numeric / NULLIF(count(*) FILTER (WHERE c.concluded_at IS NOT NULL), 0) AS avg_workdays,
       count(*) FILTER (WHERE c.concluded_at IS NOT NULL AND service_affair.local_day(c.concluded_at, c.calendar) > c.due)::numeric
         / NULLIF(count(*) FILTER (WHERE c.concluded_at IS NOT NULL), 0) AS overdue_rate
  FROM service_affair.cases c
  JOIN service_affair.service_promise p ON p.service = c.service
 GROUP BY 1, 2, 3$$),
('satisfaction', 'view', $$SELECT * FROM service_affair.satisfaction$$),
('satisfaction', 'hand-written', $$
SELECT c.department, c.service, date_trunc('month', service_affair.local_day(c.submitted_at, c.calendar)::timestamp)::date AS month,
       count(*) AS ratings, count(*) FILTER (WHERE r.level = 5) AS level5, count(*) FILTER (WHERE r.level = 4) AS level4,
       count(*) FILTER (WHERE r.level = 3) AS level3, count(*) FILTER (WHERE r.level = 2) AS level2,
       count(*) FILTER (WHERE r.level = 1) AS level1,
       count(*) FILTER (WHERE r.level >= 4)::numeric / count(*) AS good_rate,
       count(*) FILTER (WHERE r.level <= 2)::numeric / count(*) AS bad_rate,
       count(*) FILTER (WHERE r.level <= 2 AND f.closed_on <= f.fix_due)::numeric
         / NULLIF(count(*) FILTER (WHERE r.level <= 2), 0) AS rectified_on_time_rate
  FROM service_affair.rating r JOIN service_affair.cases c ON c.id = r.case_id
  LEFT JOIN service_affair.rectification f ON f.rating_id = r.id
 WHERE NOT r.appealed
 GROUP BY 1, 2, 3$$),
('efficiency_department', 'view', $$SELECT * FROM service_affair.efficiency_department$$),
('efficiency_department', 'hand-written', $$
SELECT c.department, date_trunc('month', service_affair.local_day(c.submitted_at, c.calendar)::timestamp)::date AS month,
       count(*) AS submitted,
       count(*) FILTER (WHERE c.accepted_at IS NOT NULL) AS accepted,
       count(*) FILTER (WHERE c.returned) AS returned,
       count(*) FILTER (WHERE c.tolerated) AS tolerated,
       count(*) FILTER (WHERE c.concluded_at IS NOT NULL) AS concluded,
       count(*) FILTER (WHERE c.delivered_at IS NOT NULL) AS collected,
       count(*) FILTER (WHERE c.status = 'concluded' AND c.delivered_at IS NULL) AS awaiting_collection,
       count(*) FILTER (WHERE c.accepted_at IS NOT NULL AND NOT p.has_legal_limit) AS no_legal_limit,
       count(*) FILTER (WHERE c.channel IN ('online', 'mobile'))::numeric / count(*) AS online_rate,
       count(*) FILTER (WHERE c.delivered_at IS NOT NULL AND c.visits = 0)::numeric / NULLIF(count(*) FILTER (WHERE c.delivered_at IS NOT NULL), 0) AS zero_visit_rate,
       count(*) FILTER (WHERE c.delivered_at IS NOT NULL AND c.visits <= 1)::numeric / NULLIF(count(*) FILTER (WHERE c.delivered_at IS NOT NULL), 0) AS at_most_once_rate,
       count(*) FILTER (WHERE c.delivered_at IS NOT NULL AND c.visits - c.visits_before_acceptance = 0)::numeric
         / NULLIF(count(*) FILTER (WHERE c.delivered_at IS NOT NULL), 0) AS zero_visit_reform_rate,
       count(*) FILTER (WHERE c.delivered_at IS NOT NULL AND c.visits - c.visits_before_acceptance <= 1)::numeric
         / NULLIF(count(*) FILTER (WHERE c.delivered_at IS NOT NULL), 0) AS at_most_once_reform_rate,
       count(*) FILTER (WHERE c.delivered_at IS NOT NULL AND c.visits - c.visits_before_acceptance <= p.max_visits)::numeric
         / NULLIF(count(*) FILTER (WHERE c.delivered_at IS NOT NULL), 0) AS promise_kept_rate,
       count(*) FILTER (WHERE c.concluded_at IS NOT NULL AND service_affair.local_day(c.concluded_at, c.calendar)
                                          = service_affair.local_day(c.accepted_at, c.calendar))::numeric
         / NULLIF(count(*) FILTER (WHERE c.concluded_at IS NOT NULL), 0) AS immediate_rate,
       sum(c.reduced_materials) FILTER (WHERE c.accepted_at IS NOT NULL)::numeric
         / NULLIF(sum(c.required_materials) FILTER (WHERE c.accepted_at IS NOT NULL), 0) AS material_reduction_rate,
       1 - sum(c.promised_limit) FILTER (WHERE c.accepted_at IS NOT NULL AND p.has_legal_limit)::numeric
         / NULLIF(sum(c.legal_limit) FILTER (WHERE c.accepted_at IS NOT NULL AND p.has_legal_limit), 0) AS time_compression,
       sum(service_affair.workdays_between(service_affair.local_day(c.accepted_at, c.calendar),
                                           service_affair.local_day(c.concluded_at, c.calendar), c.calendar))
         FILTER (WHERE c.concluded_at IS NOT NULL)::numeric / NULLIF(count(*) FILTER (WHERE c.concluded_at IS NOT NULL), 0) AS avg_workdays,
       count(*) FILTER (WHERE c.concluded_at IS NOT NULL AND service_affair.local_day(c.concluded_at, c.calendar) > c.due)::numeric
         / NULLIF(count(*) FILTER (WHERE c.concluded_at IS NOT NULL), 0) AS overdue_rate
  FROM service_affair.cases c
  JOIN service_affair.service_promise p ON p.service = c.service
 GROUP BY 1, 2$$),
('satisfaction_department', 'view', $$SELECT * FROM service_affair.satisfaction_department$$),
('satisfaction_department', 'hand-written', $$
SELECT c.department, date_trunc('month', service_affair.local_day(c.submitted_at, c.calendar)::timestamp)::date AS month,
       count(*) AS ratings, count(*) FILTER (WHERE r.level = 5) AS level5, count(*) FILTER (WHERE r.level = 4) AS level4,
       count(*) FILTER (WHERE r.level = 3) AS level3, count(*) FILTER (WHERE r.level = 2) AS level2,
       count(*) FILTER (WHERE r.level = 1) AS level1,
       count(*) FILTER (WHERE r.level >= 4)::numeric / count(*) AS good_rate,
       count(*) FILTER (WHERE r.level <= 2)::numeric / count(*) AS bad_rate,
       count(*) FILTER (WHERE r.level <= 2 AND f.closed_on <= f.fix_due)::numeric
         / NULLIF(count(*) FILTER (WHERE r.level <= 2), 0) AS rectified_on_time_rate
  FROM service_affair.rating r JOIN service_affair.cases c ON c.id = r.case_id
  LEFT JOIN service_affair.rectification f ON f.rating_id = r.id
 WHERE NOT r.appealed
 GROUP BY 1, 2$$),
('efficiency_region', 'view', $$SELECT * FROM service_affair.efficiency_region$$),
('efficiency_region', 'hand-written', $$
SELECT d.region, date_trunc('month', service_affair.local_day(c.submitted_at, c.calendar)::timestamp)::date AS month,
       count(*) AS submitted,
       count(*) FILTER (WHERE c.accepted_at IS NOT NULL) AS accepted,
       count(*) FILTER (WHERE c.returned) AS returned,
       count(*) FILTER (WHERE c.tolerated) AS tolerated,
       count(*) FILTER (WHERE c.concluded_at IS NOT NULL) AS concluded,
       count(*) FILTER (WHERE c.delivered_at IS NOT NULL) AS collected,
       count(*) FILTER (WHERE c.status = 'concluded' AND c.delivered_at IS NULL) AS awaiting_collection,
       count(*) FILTER (WHERE c.accepted_at IS NOT NULL AND NOT p.has_legal_limit) AS no_legal_limit,
       count(*) FILTER (WHERE c.channel IN ('online', 'mobile'))::numeric / count(*) AS online_rate,
       count(*) FILTER (WHERE c.delivered_at IS NOT NULL AND c.visits = 0)::numeric / NULLIF(count(*) FILTER (WHERE c.delivered_at IS NOT NULL), 0) AS zero_visit_rate,
       count(*) FILTER (WHERE c.delivered_at IS NOT NULL AND c.visits <= 1)::numeric / NULLIF(count(*) FILTER (WHERE c.delivered_at IS NOT NULL), 0) AS at_most_once_rate,
       count(*) FILTER (WHERE c.delivered_at IS NOT NULL AND c.visits - c.visits_before_acceptance = 0)::numeric
         / NULLIF(count(*) FILTER (WHERE c.delivered_at IS NOT NULL), 0) AS zero_visit_reform_rate,
       count(*) FILTER (WHERE c.delivered_at IS NOT NULL AND c.visits - c.visits_before_acceptance <= 1)::numeric
         / NULLIF(count(*) FILTER (WHERE c.delivered_at IS NOT NULL), 0) AS at_most_once_reform_rate,
       count(*) FILTER (WHERE c.delivered_at IS NOT NULL AND c.visits - c.visits_before_acceptance <= p.max_visits)::numeric
         / NULLIF(count(*) FILTER (WHERE c.delivered_at IS NOT NULL), 0) AS promise_kept_rate,
       count(*) FILTER (WHERE c.concluded_at IS NOT NULL AND service_affair.local_day(c.concluded_at, c.calendar)
                                          = service_affair.local_day(c.accepted_at, c.calendar))::numeric
         / NULLIF(count(*) FILTER (WHERE c.concluded_at IS NOT NULL), 0) AS immediate_rate,
       sum(c.reduced_materials) FILTER (WHERE c.accepted_at IS NOT NULL)::numeric
         / NULLIF(sum(c.required_materials) FILTER (WHERE c.accepted_at IS NOT NULL), 0) AS material_reduction_rate,
       1 - sum(c.promised_limit) FILTER (WHERE c.accepted_at IS NOT NULL AND p.has_legal_limit)::numeric
         / NULLIF(sum(c.legal_limit) FILTER (WHERE c.accepted_at IS NOT NULL AND p.has_legal_limit), 0) AS time_compression,
       sum(service_affair.workdays_between(service_affair.local_day(c.accepted_at, c.calendar),
                                           service_affair.local_day(c.concluded_at, c.calendar), c.calendar))
         FILTER (WHERE c.concluded_at IS NOT NULL)::numeric / NULLIF(count(*) FILTER (WHERE c.concluded_at IS NOT NULL), 0) AS avg_workdays,
       count(*) FILTER (WHERE c.concluded_at IS NOT NULL AND service_affair.local_day(c.concluded_at, c.calendar) > c.due)::numeric
         / NULLIF(count(*) FILTER (WHERE c.concluded_at IS NOT NULL), 0) AS overdue_rate
  FROM service_affair.cases c
  JOIN service_affair.service_promise p ON p.service = c.service JOIN service_affair.department d ON d.code = c.department
 GROUP BY 1, 2$$),
('efficiency_point', 'view', $$SELECT * FROM service_affair.efficiency_point$$),
('efficiency_point', 'hand-written', $$
SELECT c.receiving_point AS point, sp.level AS point_level, date_trunc('month', service_affair.local_day(c.submitted_at, c.calendar)::timestamp)::date AS month,
       count(*) AS submitted,
       count(*) FILTER (WHERE c.accepted_at IS NOT NULL) AS accepted,
       count(*) FILTER (WHERE c.returned) AS returned,
       count(*) FILTER (WHERE c.tolerated) AS tolerated,
       count(*) FILTER (WHERE c.concluded_at IS NOT NULL) AS concluded,
       count(*) FILTER (WHERE c.delivered_at IS NOT NULL) AS collected,
       count(*) FILTER (WHERE c.status = 'concluded' AND c.delivered_at IS NULL) AS awaiting_collection,
       count(*) FILTER (WHERE c.accepted_at IS NOT NULL AND NOT p.has_legal_limit) AS no_legal_limit,
       count(*) FILTER (WHERE c.channel IN ('online', 'mobile'))::numeric / count(*) AS online_rate,
       count(*) FILTER (WHERE c.delivered_at IS NOT NULL AND c.visits = 0)::numeric / NULLIF(count(*) FILTER (WHERE c.delivered_at IS NOT NULL), 0) AS zero_visit_rate,
       count(*) FILTER (WHERE c.delivered_at IS NOT NULL AND c.visits <= 1)::numeric / NULLIF(count(*) FILTER (WHERE c.delivered_at IS NOT NULL), 0) AS at_most_once_rate,
       count(*) FILTER (WHERE c.delivered_at IS NOT NULL AND c.visits - c.visits_before_acceptance = 0)::numeric
         / NULLIF(count(*) FILTER (WHERE c.delivered_at IS NOT NULL), 0) AS zero_visit_reform_rate,
       count(*) FILTER (WHERE c.delivered_at IS NOT NULL AND c.visits - c.visits_before_acceptance <= 1)::numeric
         / NULLIF(count(*) FILTER (WHERE c.delivered_at IS NOT NULL), 0) AS at_most_once_reform_rate,
       count(*) FILTER (WHERE c.delivered_at IS NOT NULL AND c.visits - c.visits_before_acceptance <= p.max_visits)::numeric
         / NULLIF(count(*) FILTER (WHERE c.delivered_at IS NOT NULL), 0) AS promise_kept_rate,
       count(*) FILTER (WHERE c.concluded_at IS NOT NULL AND service_affair.local_day(c.concluded_at, c.calendar)
                                          = service_affair.local_day(c.accepted_at, c.calendar))::numeric
         / NULLIF(count(*) FILTER (WHERE c.concluded_at IS NOT NULL), 0) AS immediate_rate,
       sum(c.reduced_materials) FILTER (WHERE c.accepted_at IS NOT NULL)::numeric
         / NULLIF(sum(c.required_materials) FILTER (WHERE c.accepted_at IS NOT NULL), 0) AS material_reduction_rate,
       1 - sum(c.promised_limit) FILTER (WHERE c.accepted_at IS NOT NULL AND p.has_legal_limit)::numeric
         / NULLIF(sum(c.legal_limit) FILTER (WHERE c.accepted_at IS NOT NULL AND p.has_legal_limit), 0) AS time_compression,
       sum(service_affair.workdays_between(service_affair.local_day(c.accepted_at, c.calendar),
                                           service_affair.local_day(c.concluded_at, c.calendar), c.calendar))
         FILTER (WHERE c.concluded_at IS NOT NULL)::numeric / NULLIF(count(*) FILTER (WHERE c.concluded_at IS NOT NULL), 0) AS avg_workdays,
       count(*) FILTER (WHERE c.concluded_at IS NOT NULL AND service_affair.local_day(c.concluded_at, c.calendar) > c.due)::numeric
         / NULLIF(count(*) FILTER (WHERE c.concluded_at IS NOT NULL), 0) AS overdue_rate
  FROM service_affair.cases c
  JOIN service_affair.service_promise p ON p.service = c.service LEFT JOIN service_affair.service_point sp ON sp.code = c.receiving_point
 GROUP BY 1, 2, 3$$),
('satisfaction_region', 'view', $$SELECT * FROM service_affair.satisfaction_region$$),
('satisfaction_region', 'hand-written', $$
SELECT d.region, date_trunc('month', service_affair.local_day(c.submitted_at, c.calendar)::timestamp)::date AS month,
       count(*) AS ratings, count(*) FILTER (WHERE r.level = 5) AS level5, count(*) FILTER (WHERE r.level = 4) AS level4,
       count(*) FILTER (WHERE r.level = 3) AS level3, count(*) FILTER (WHERE r.level = 2) AS level2,
       count(*) FILTER (WHERE r.level = 1) AS level1,
       count(*) FILTER (WHERE r.level >= 4)::numeric / count(*) AS good_rate,
       count(*) FILTER (WHERE r.level <= 2)::numeric / count(*) AS bad_rate,
       count(*) FILTER (WHERE r.level <= 2 AND f.closed_on <= f.fix_due)::numeric
         / NULLIF(count(*) FILTER (WHERE r.level <= 2), 0) AS rectified_on_time_rate
  FROM service_affair.rating r JOIN service_affair.cases c ON c.id = r.case_id
  LEFT JOIN service_affair.rectification f ON f.rating_id = r.id JOIN service_affair.department d ON d.code = c.department
 WHERE NOT r.appealed
 GROUP BY 1, 2$$),
('satisfaction_point', 'view', $$SELECT * FROM service_affair.satisfaction_point$$),
('satisfaction_point', 'hand-written', $$
SELECT c.receiving_point AS point, sp.level AS point_level, date_trunc('month', service_affair.local_day(c.submitted_at, c.calendar)::timestamp)::date AS month,
       count(*) AS ratings, count(*) FILTER (WHERE r.level = 5) AS level5, count(*) FILTER (WHERE r.level = 4) AS level4,
       count(*) FILTER (WHERE r.level = 3) AS level3, count(*) FILTER (WHERE r.level = 2) AS level2,
       count(*) FILTER (WHERE r.level = 1) AS level1,
       count(*) FILTER (WHERE r.level >= 4)::numeric / count(*) AS good_rate,
       count(*) FILTER (WHERE r.level <= 2)::numeric / count(*) AS bad_rate,
       count(*) FILTER (WHERE r.level <= 2 AND f.closed_on <= f.fix_due)::numeric
         / NULLIF(count(*) FILTER (WHERE r.level <= 2), 0) AS rectified_on_time_rate
  FROM service_affair.rating r JOIN service_affair.cases c ON c.id = r.case_id
  LEFT JOIN service_affair.rectification f ON f.rating_id = r.id LEFT JOIN service_affair.service_point sp ON sp.code = c.receiving_point
 WHERE NOT r.appealed
 GROUP BY 1, 2, 3$$),
('efficiency_overall', 'view', $$SELECT * FROM service_affair.efficiency_overall$$),
('efficiency_overall', 'hand-written', $$
SELECT date_trunc('month', service_affair.local_day(c.submitted_at, c.calendar)::timestamp)::date AS month,
       count(*) AS submitted,
       count(*) FILTER (WHERE c.accepted_at IS NOT NULL) AS accepted,
       count(*) FILTER (WHERE c.returned) AS returned,
       count(*) FILTER (WHERE c.tolerated) AS tolerated,
       count(*) FILTER (WHERE c.concluded_at IS NOT NULL) AS concluded,
       count(*) FILTER (WHERE c.delivered_at IS NOT NULL) AS collected,
       count(*) FILTER (WHERE c.status = 'concluded' AND c.delivered_at IS NULL) AS awaiting_collection,
       count(*) FILTER (WHERE c.accepted_at IS NOT NULL AND NOT p.has_legal_limit) AS no_legal_limit,
       count(*) FILTER (WHERE c.channel IN ('online', 'mobile'))::numeric / count(*) AS online_rate,
       count(*) FILTER (WHERE c.delivered_at IS NOT NULL AND c.visits = 0)::numeric / NULLIF(count(*) FILTER (WHERE c.delivered_at IS NOT NULL), 0) AS zero_visit_rate,
       count(*) FILTER (WHERE c.delivered_at IS NOT NULL AND c.visits <= 1)::numeric / NULLIF(count(*) FILTER (WHERE c.delivered_at IS NOT NULL), 0) AS at_most_once_rate,
       count(*) FILTER (WHERE c.delivered_at IS NOT NULL AND c.visits - c.visits_before_acceptance = 0)::numeric
         / NULLIF(count(*) FILTER (WHERE c.delivered_at IS NOT NULL), 0) AS zero_visit_reform_rate,
       count(*) FILTER (WHERE c.delivered_at IS NOT NULL AND c.visits - c.visits_before_acceptance <= 1)::numeric
         / NULLIF(count(*) FILTER (WHERE c.delivered_at IS NOT NULL), 0) AS at_most_once_reform_rate,
       count(*) FILTER (WHERE c.delivered_at IS NOT NULL AND c.visits - c.visits_before_acceptance <= p.max_visits)::numeric
         / NULLIF(count(*) FILTER (WHERE c.delivered_at IS NOT NULL), 0) AS promise_kept_rate,
       count(*) FILTER (WHERE c.concluded_at IS NOT NULL AND service_affair.local_day(c.concluded_at, c.calendar)
                                          = service_affair.local_day(c.accepted_at, c.calendar))::numeric
         / NULLIF(count(*) FILTER (WHERE c.concluded_at IS NOT NULL), 0) AS immediate_rate,
       sum(c.reduced_materials) FILTER (WHERE c.accepted_at IS NOT NULL)::numeric
         / NULLIF(sum(c.required_materials) FILTER (WHERE c.accepted_at IS NOT NULL), 0) AS material_reduction_rate,
       1 - sum(c.promised_limit) FILTER (WHERE c.accepted_at IS NOT NULL AND p.has_legal_limit)::numeric
         / NULLIF(sum(c.legal_limit) FILTER (WHERE c.accepted_at IS NOT NULL AND p.has_legal_limit), 0) AS time_compression,
       sum(service_affair.workdays_between(service_affair.local_day(c.accepted_at, c.calendar),
                                           service_affair.local_day(c.concluded_at, c.calendar), c.calendar))
         FILTER (WHERE c.concluded_at IS NOT NULL)::numeric / NULLIF(count(*) FILTER (WHERE c.concluded_at IS NOT NULL), 0) AS avg_workdays,
       count(*) FILTER (WHERE c.concluded_at IS NOT NULL AND service_affair.local_day(c.concluded_at, c.calendar) > c.due)::numeric
         / NULLIF(count(*) FILTER (WHERE c.concluded_at IS NOT NULL), 0) AS overdue_rate
  FROM service_affair.cases c
  JOIN service_affair.service_promise p ON p.service = c.service
 GROUP BY 1$$),
('satisfaction_overall', 'view', $$SELECT * FROM service_affair.satisfaction_overall$$),
('satisfaction_overall', 'hand-written', $$
SELECT date_trunc('month', service_affair.local_day(c.submitted_at, c.calendar)::timestamp)::date AS month,
       count(*) AS ratings, count(*) FILTER (WHERE r.level = 5) AS level5, count(*) FILTER (WHERE r.level = 4) AS level4,
       count(*) FILTER (WHERE r.level = 3) AS level3, count(*) FILTER (WHERE r.level = 2) AS level2,
       count(*) FILTER (WHERE r.level = 1) AS level1,
       count(*) FILTER (WHERE r.level >= 4)::numeric / count(*) AS good_rate,
       count(*) FILTER (WHERE r.level <= 2)::numeric / count(*) AS bad_rate,
       count(*) FILTER (WHERE r.level <= 2 AND f.closed_on <= f.fix_due)::numeric
         / NULLIF(count(*) FILTER (WHERE r.level <= 2), 0) AS rectified_on_time_rate
  FROM service_affair.rating r JOIN service_affair.cases c ON c.id = r.case_id
  LEFT JOIN service_affair.rectification f ON f.rating_id = r.id
 WHERE NOT r.appealed
 GROUP BY 1$$);

-- The counts views (efficiency_counts, satisfaction_counts: additive counts
-- per department, region, service, receiving point, point level and local
-- month, summed in bigint since 2026-12-06) against the GROUP BY of those six
-- columns over the base tables.  run.sh archives no month, so the archived
-- counts (efficiency_archived, satisfaction_archived) are empty and the
-- hand-written queries read cases and rating only; were they not, the check
-- of the answers below would fail.
INSERT INTO q VALUES
('efficiency_counts', 'view', $$SELECT * FROM service_affair.efficiency_counts$$),
('efficiency_counts', 'hand-written', $$
SELECT c.department, d.region, c.service, c.receiving_point AS point, sp.level AS point_level,
       date_trunc('month', service_affair.local_day(c.submitted_at, c.calendar)::timestamp)::date AS month,
       count(*) AS submitted,
       count(*) FILTER (WHERE c.accepted_at IS NOT NULL) AS accepted,
       count(*) FILTER (WHERE c.returned) AS returned,
       count(*) FILTER (WHERE c.tolerated) AS tolerated,
       count(*) FILTER (WHERE c.channel IN ('online', 'mobile')) AS online,
       count(*) FILTER (WHERE c.concluded_at IS NOT NULL) AS concluded,
       count(*) FILTER (WHERE c.delivered_at IS NOT NULL) AS collected,
       count(*) FILTER (WHERE c.status = 'concluded' AND c.delivered_at IS NULL) AS awaiting_collection,
       count(*) FILTER (WHERE c.delivered_at IS NOT NULL AND c.visits = 0) AS zero_visit,
       count(*) FILTER (WHERE c.delivered_at IS NOT NULL AND c.visits <= 1) AS at_most_once,
       count(*) FILTER (WHERE c.delivered_at IS NOT NULL AND c.visits - c.visits_before_acceptance = 0) AS zero_visit_reform,
       count(*) FILTER (WHERE c.delivered_at IS NOT NULL AND c.visits - c.visits_before_acceptance <= 1) AS at_most_once_reform,
       count(*) FILTER (WHERE c.delivered_at IS NOT NULL AND c.visits - c.visits_before_acceptance <= p.max_visits) AS promise_kept,
       count(*) FILTER (WHERE c.concluded_at IS NOT NULL AND service_affair.local_day(c.concluded_at, c.calendar)
                                          = service_affair.local_day(c.accepted_at, c.calendar)) AS immediate,
       count(*) FILTER (WHERE c.concluded_at IS NOT NULL AND service_affair.local_day(c.concluded_at, c.calendar) > c.due) AS overdue,
       COALESCE(sum(service_affair.workdays_between(service_affair.local_day(c.accepted_at, c.calendar),
                                                    service_affair.local_day(c.concluded_at, c.calendar), c.calendar))
                  FILTER (WHERE c.concluded_at IS NOT NULL), 0)::bigint AS workdays,
       COALESCE(sum(c.reduced_materials) FILTER (WHERE c.accepted_at IS NOT NULL), 0)::bigint AS reduced_materials,
       COALESCE(sum(c.required_materials) FILTER (WHERE c.accepted_at IS NOT NULL), 0)::bigint AS required_materials,
       COALESCE(sum(c.promised_limit) FILTER (WHERE c.accepted_at IS NOT NULL AND COALESCE(c.has_legal_limit, p.has_legal_limit)), 0)::bigint AS promised_days,
       COALESCE(sum(c.legal_limit) FILTER (WHERE c.accepted_at IS NOT NULL AND COALESCE(c.has_legal_limit, p.has_legal_limit)), 0)::bigint AS legal_days,
       count(*) FILTER (WHERE c.accepted_at IS NOT NULL AND COALESCE(c.has_legal_limit, p.has_legal_limit) IS NOT TRUE) AS no_legal_limit
  FROM service_affair.cases c
  JOIN service_affair.service_promise p ON p.service = c.service
  LEFT JOIN service_affair.department d ON d.code = c.department
  LEFT JOIN service_affair.service_point sp ON sp.code = c.receiving_point
 GROUP BY 1, 2, 3, 4, 5, 6$$),
('satisfaction_counts', 'view', $$SELECT * FROM service_affair.satisfaction_counts$$),
('satisfaction_counts', 'hand-written', $$
SELECT c.department, d.region, c.service, c.receiving_point AS point, sp.level AS point_level,
       date_trunc('month', service_affair.local_day(c.submitted_at, c.calendar)::timestamp)::date AS month,
       count(*) AS ratings, count(*) FILTER (WHERE r.level = 5) AS level5, count(*) FILTER (WHERE r.level = 4) AS level4,
       count(*) FILTER (WHERE r.level = 3) AS level3, count(*) FILTER (WHERE r.level = 2) AS level2,
       count(*) FILTER (WHERE r.level = 1) AS level1,
       count(*) FILTER (WHERE r.level <= 2 AND f.closed_on <= f.fix_due) AS rectified_on_time
  FROM service_affair.rating r JOIN service_affair.cases c ON c.id = r.case_id
  LEFT JOIN service_affair.rectification f ON f.rating_id = r.id
  LEFT JOIN service_affair.department d ON d.code = c.department
  LEFT JOIN service_affair.service_point sp ON sp.code = c.receiving_point
 WHERE NOT r.appealed
 GROUP BY 1, 2, 3, 4, 5, 6$$);

-- The catalog indicators (catalog_indicators(), over the catalog versions as
-- of the end of today) against the query a DBA would write over
-- catalog_version: the latest version of every item and material by then
-- (DISTINCT ON the key), the required applicant materials now and at the end
-- of the item's first local day, shares per department, region and overall.
INSERT INTO q VALUES
('catalog_indicators', 'view', $$SELECT * FROM service_affair.catalog_indicators(CURRENT_DATE)$$),
('catalog_indicators', 'hand-written', $$
WITH item_now AS (
    SELECT DISTINCT ON (v.key) v.after_image AS i FROM service_affair.catalog_version v
     WHERE v.tbl = 'item' AND v.effective_at <= (CURRENT_DATE + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
     ORDER BY v.key, v.effective_at DESC, v.id DESC),
material_now AS (
    SELECT DISTINCT ON (v.key) v.item, v.after_image AS m FROM service_affair.catalog_version v
     WHERE v.tbl = 'material' AND v.effective_at <= (CURRENT_DATE + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
     ORDER BY v.key, v.effective_at DESC, v.id DESC),
first_day_end AS (
    SELECT c.item, (service_affair.local_day(min(c.effective_at)) + 1)::timestamp AT TIME ZONE 'Asia/Shanghai' AS at_end
      FROM service_affair.catalog_version c WHERE c.tbl = 'item' GROUP BY c.item),
material_first AS (
    SELECT DISTINCT ON (c.key) c.item, c.after_image AS m
      FROM service_affair.catalog_version c JOIN first_day_end f ON f.item = c.item
     WHERE c.tbl = 'material' AND c.effective_at <= f.at_end ORDER BY c.key, c.effective_at DESC, c.id DESC),
required_now AS (
    SELECT item, count(*) AS n FROM material_now WHERE (m->>'required')::boolean AND m->>'source' = 'applicant' GROUP BY item),
required_first AS (
    SELECT item, count(*) AS n FROM material_first WHERE (m->>'required')::boolean AND m->>'source' = 'applicant' GROUP BY item)
SELECT it.i->>'department' AS department, d.region, count(*)::integer AS items,
       count(*) FILTER (WHERE it.i->>'online_depth' <> 'none')::numeric / NULLIF(count(*), 0) AS online_share,
       count(*) FILTER (WHERE it.i->>'online_depth' = 'full')::numeric / NULLIF(count(*), 0) AS full_online_share,
       count(*) FILTER (WHERE it.i->>'kind' = 'immediate')::numeric / NULLIF(count(*), 0) AS immediate_share,
       count(*) FILTER (WHERE (it.i->>'max_visits')::integer = 0)::numeric / NULLIF(count(*), 0) AS zero_visit_share,
       count(*) FILTER (WHERE COALESCE(rn.n, 0) < COALESCE(rf.n, 0))::numeric / NULLIF(count(*), 0) AS materials_reduced_share
  FROM item_now it
  LEFT JOIN service_affair.department d ON d.code = it.i->>'department'
  LEFT JOIN required_now rn ON rn.item = it.i->>'code'
  LEFT JOIN required_first rf ON rf.item = it.i->>'code'
 WHERE it.i->>'status' = 'active'
 GROUP BY GROUPING SETS ((1, 2), (2), ())$$);

-- Complaints: the four levels of complaint_indicators against one template
-- of a hand-written GROUP BY over complaint (the same lateral count of each
-- complaint's events the application would write), keys filled per level.
-- Replied and on time across rounds, as complaint_facts counts them since
-- 2026-12-07: replied = a replied event; on time = none of them late
-- (complaint_event.on_time) and no reopened round flagged overdue unanswered.
-- (Until 2026-12-07 this template counted the current round,
-- complaint.replied_on_time, the rule the views had left: equal to the
-- views' answers only because the bench's second replies are on time and
-- none of its complaints stays reopened, and cheaper than they were.)
-- Since 2026-12-07 each reply counts under the department that gave it
-- (complaint_facts: the department of the first transfer after it, else the
-- handling one; since the fourth review of 2026-12-07 read from the replied
-- event itself, the same department): the template computes the same attribution as a DBA would,
-- one window pass over complaint_event partitioned by complaint (the
-- department of the next transfer, the latest reply before a call-back, the
-- next answer and next reply after an overdue flag), grouped per complaint
-- and department, one handling row per complaint added.  (Until then it
-- counted one row per complaint, the handling department's: a different
-- answer, equal to the views' only because the bench had no transfer.)
CREATE TEMP TABLE ctpl (sql text);
INSERT INTO ctpl VALUES ($$
WITH w AS (
  SELECT x.complaint_id, x.id, x.at, x.kind, x.satisfied, x.on_time, x.department,
         count(*) FILTER (WHERE x.kind = 'transferred') OVER (PARTITION BY x.complaint_id ORDER BY x.id DESC) AS t_after,
         count(*) FILTER (WHERE x.kind = 'replied') OVER (PARTITION BY x.complaint_id ORDER BY x.id DESC) AS r_after,
         count(*) FILTER (WHERE x.kind IN ('replied', 'transferred')) OVER (PARTITION BY x.complaint_id ORDER BY x.id DESC) AS a_after,
         count(*) FILTER (WHERE x.kind = 'replied') OVER (PARTITION BY x.complaint_id ORDER BY x.id) AS r_before,
         count(*) FILTER (WHERE x.kind = 'reopened') OVER (PARTITION BY x.complaint_id ORDER BY x.id) AS o_before
    FROM service_affair.complaint_event x),
v AS (
  SELECT w.complaint_id, w.kind, w.at, w.satisfied, w.on_time, w.o_before,
         max(w.department) FILTER (WHERE w.kind = 'transferred') OVER (PARTITION BY w.complaint_id, w.t_after) AS t_dept,
         max(w.at) FILTER (WHERE w.kind = 'replied') OVER (PARTITION BY w.complaint_id, w.r_before) AS reply_at,
         bool_or(NOT w.on_time) FILTER (WHERE w.kind = 'replied') OVER (PARTITION BY w.complaint_id, w.r_after) AS next_late,
         max(w.kind) FILTER (WHERE w.kind IN ('replied', 'transferred')) OVER (PARTITION BY w.complaint_id, w.a_after) AS next_answer
    FROM w),
f AS (
  SELECT c.id, COALESCE(v.t_dept, c.department) AS department,
         count(*) FILTER (WHERE v.kind = 'callback') AS callbacks,
         count(*) FILTER (WHERE v.kind = 'callback' AND v.satisfied) AS satisfied_callbacks,
         count(*) FILTER (WHERE v.kind = 'replied') AS replies,
         count(*) FILTER (WHERE v.kind = 'replied' AND NOT v.on_time) AS late_replies,
         count(*) FILTER (WHERE v.kind = 'callback'
             AND service_affair.local_day(v.at, c.calendar)
                 <= service_affair.add_workdays(service_affair.local_day(v.reply_at, c.calendar), s.callback_days, c.calendar)) AS callbacks_on_time,
         count(*) FILTER (WHERE v.kind = 'overdue' AND v.o_before > 0 AND v.next_answer = 'transferred'
             AND COALESCE(v.next_late, c.status = 'reopened' AND c.overdue_due IS NOT DISTINCT FROM c.effective_due)) AS flags_left
    FROM v JOIN service_affair.complaint c ON c.id = v.complaint_id
   CROSS JOIN (SELECT COALESCE((SELECT x.value::integer FROM service_affair.setting x WHERE x.name = 'complaint.callback_days'), 3) AS callback_days) s
   GROUP BY 1, 2),
r AS (SELECT complaint_id AS id FROM service_affair.complaint_event WHERE kind = 'reopened' GROUP BY 1),
e AS (  -- the handling department's row of every complaint, and a former one's that replied
  SELECT c.id, c.department, true AS handling, COALESCE(f.callbacks, 0) AS callbacks, COALESCE(f.satisfied_callbacks, 0) AS satisfied_callbacks,
         COALESCE(f.replies, 0) AS replies, COALESCE(f.late_replies, 0) AS late_replies,
         COALESCE(f.callbacks_on_time, 0) AS callbacks_on_time, COALESCE(f.flags_left, 0) AS flags_left
    FROM service_affair.complaint c LEFT JOIN f ON f.id = c.id AND f.department IS NOT DISTINCT FROM c.department
  UNION ALL
  SELECT f.id, f.department, false, f.callbacks, f.satisfied_callbacks, f.replies, f.late_replies, f.callbacks_on_time, f.flags_left
    FROM f JOIN service_affair.complaint c ON c.id = f.id
   WHERE f.department IS DISTINCT FROM c.department AND f.replies > 0)
SELECT %KEYS% date_trunc('month', service_affair.local_day(c.received_at, c.calendar))::date AS month,
       count(*) FILTER (WHERE e.handling)::integer AS received,
       count(*) FILTER (WHERE e.replies > 0)::integer AS replied,
       round(count(*) FILTER (WHERE e.replies > 0 AND e.late_replies = 0 AND e.flags_left = 0
                                AND NOT (e.handling AND c.status = 'reopened' AND c.overdue_due IS NOT DISTINCT FROM c.effective_due))::numeric
             / NULLIF(count(*) FILTER (WHERE e.replies > 0), 0), 4) AS replied_on_time_rate,
       round(sum(e.satisfied_callbacks)::numeric / NULLIF(sum(e.callbacks), 0), 4) AS callback_satisfied_rate,
       count(*) FILTER (WHERE e.handling AND r.id IS NOT NULL)::integer AS reopened,
       count(*) FILTER (WHERE e.handling AND c.assigned_at IS NOT NULL)::integer AS assigned,
       round(count(*) FILTER (WHERE e.handling AND c.assigned_at IS NOT NULL
                                AND service_affair.local_day(c.assigned_at, c.calendar)
                                    <= service_affair.add_workdays(service_affair.local_day(c.received_at, c.calendar), s.assign_days, c.calendar))::numeric
             / NULLIF(count(*) FILTER (WHERE e.handling AND c.assigned_at IS NOT NULL), 0), 4) AS assigned_on_time_rate,
       sum(e.callbacks)::integer AS callbacks,
       round(sum(e.callbacks_on_time)::numeric / NULLIF(sum(e.callbacks), 0), 4) AS callback_on_time_rate
  FROM e JOIN service_affair.complaint c ON c.id = e.id
  LEFT JOIN r ON r.id = e.id %JOINS%
  CROSS JOIN (SELECT COALESCE((SELECT x.value::integer FROM service_affair.setting x WHERE x.name = 'complaint.assign_days'), 1) AS assign_days) s
 GROUP BY %GROUP%$$);
INSERT INTO q
SELECT l.name, v.variant,
       CASE v.variant WHEN 'view' THEN 'SELECT * FROM service_affair.' || l.name
       ELSE replace(replace(replace((SELECT sql FROM ctpl), '%KEYS%', l.keys), '%JOINS%', l.joins), '%GROUP%', l.grp) END
  FROM (VALUES ('complaint_indicators', 'e.department,', '', '1, 2'),
               ('complaint_indicators_region', 'd.region,', 'LEFT JOIN service_affair.department d ON d.code = e.department', '1, 2'),
               ('complaint_indicators_point', 'sp.code AS point, sp.level AS point_level,',
                'LEFT JOIN service_affair.service_point sp ON sp.code = c.point', '1, 2, 3'),
               ('complaint_indicators_overall', '', '', '1')) AS l (name, keys, joins, grp)
 CROSS JOIN (VALUES ('view'), ('hand-written')) AS v (variant);

-- complaint_items (complaints and cases per item and local month; the cases
-- of archived months added since 2026-12-06) against the same two GROUP BYs
-- over complaint and cases, joined.  (The bench's complaints name no item:
-- the cases per item are counted and joined all the same.)
INSERT INTO q VALUES
('complaint_items', 'view', $$SELECT * FROM service_affair.complaint_items$$),
('complaint_items', 'hand-written', $$
SELECT c.item, c.category, c.month, c.received, c.replied, c.cannot_do_resolved, COALESCE(k.cases, 0) AS cases,
       round(c.received * 1000.0 / NULLIF(k.cases, 0), 2) AS per_1000_cases
  FROM (SELECT x.item, x.category, service_affair.local_month(x.received_at, x.calendar) AS month,
               count(*)::integer AS received, count(*) FILTER (WHERE x.reply_at IS NOT NULL)::integer AS replied,
               count(*) FILTER (WHERE x.category = 'cannot_do' AND x.status = 'closed')::integer AS cannot_do_resolved
          FROM service_affair.complaint x GROUP BY 1, 2, 3) c
  LEFT JOIN (SELECT y.item, service_affair.local_month(y.submitted_at, y.calendar) AS month, count(*)::integer AS cases
               FROM service_affair.cases y WHERE y.item IS NOT NULL GROUP BY 1, 2) k
    ON k.item = c.item AND k.month = c.month$$);

-- A/B: the definitions of another tree (run.sh BENCH_BASELINE, schema
-- baseline) as a third variant of every view, timed in the same runs.
INSERT INTO q SELECT name, 'baseline', replace(sql, 'service_affair.', 'baseline.')
  FROM q WHERE variant = 'view' AND to_regnamespace('baseline') IS NOT NULL
   AND name <> 'catalog_indicators'  -- not an analyst view of 65_views.sql
   AND to_regclass('baseline.' || name) IS NOT NULL;  -- complaint_items: in 62_complaints.sql before 2026-12-06

-- bench.only (run.sh: BENCH_ONLY), a regular expression: time only the
-- queries whose name matches it (all when unset)
DELETE FROM q WHERE name !~ COALESCE(current_setting('bench.only', true), '');

-- same answers first
DO $$
DECLARE
    n bigint;
    k record;
BEGIN
    FOR k IN SELECT name, variant FROM q WHERE variant <> 'hand-written' ORDER BY 1, 2 LOOP
        EXECUTE format('SELECT count(*) FROM (((%1$s) EXCEPT ALL (%2$s)) UNION ALL ((%2$s) EXCEPT ALL (%1$s))) x',
                       (SELECT sql FROM q WHERE name = k.name AND variant = k.variant),
                       (SELECT sql FROM q WHERE name = k.name AND variant = 'hand-written')) INTO n;
        -- a baseline may compute another answer by design (the complaint
        -- views before per-department attribution): told, timed all the same
        IF n <> 0 AND k.variant = 'baseline' THEN
            RAISE NOTICE '% (baseline) differs from the hand-written query in % rows: another answer, timed for its cost only', k.name, n;
        ELSIF n <> 0 THEN
            RAISE EXCEPTION '% (%) differs from the hand-written query in % rows', k.name, k.variant, n;
        END IF;
    END LOOP;
    RAISE NOTICE 'answers identical for every view (%), but a baseline told above', (SELECT string_agg(DISTINCT variant, ', ') FROM q);
END $$;

CREATE TEMP TABLE t (name text, variant text, run integer, ms numeric);
DO $$
DECLARE
    r record;
    i integer;
    t0 timestamptz;
    h bigint;
BEGIN
    FOR i IN 1..current_setting('bench.runs')::integer LOOP
        FOR r IN SELECT * FROM q ORDER BY name, CASE WHEN i % 2 = 0 THEN variant END DESC, variant LOOP
            t0 := clock_timestamp();
            EXECUTE format('SELECT sum(hashtext(x::text)) FROM (%s) x', r.sql) INTO h;
            INSERT INTO t VALUES (r.name, r.variant, i, extract(epoch FROM clock_timestamp() - t0) * 1000);
        END LOOP;
    END LOOP;
END $$;
SELECT v.name, round(v.m) AS view_median_ms, round(b.m) AS hand_written_median_ms,
       round((v.m / b.m)::numeric, 3) AS ratio_median, round(v.lo) AS view_min_ms, round(b.lo) AS hand_written_min_ms,
       round((v.lo / b.lo)::numeric, 3) AS ratio_min, v.runs,
       round(m.m) AS baseline_median_ms, round((m.m / b.m)::numeric, 3) AS baseline_ratio_median,
       round((m.lo / b.lo)::numeric, 3) AS baseline_ratio_min
  FROM (SELECT name, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS m, min(ms) AS lo, count(*) AS runs
          FROM t WHERE variant = 'view' GROUP BY name) v
  JOIN (SELECT name, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS m, min(ms) AS lo
          FROM t WHERE variant = 'hand-written' GROUP BY name) b USING (name)
  LEFT JOIN (SELECT name, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS m, min(ms) AS lo
               FROM t WHERE variant = 'baseline' GROUP BY name) m USING (name)
 ORDER BY 1;
-- the ratios of each run, paired (the variants of a name are timed one
-- after the other): their median and spread, steadier than the ratio of
-- the medians when the machine is shared
SELECT v.name, round(percentile_cont(0.5) WITHIN GROUP (ORDER BY v.ms / h.ms)::numeric, 3) AS paired_ratio_median,
       round(min(v.ms / h.ms), 3) AS paired_ratio_min, round(max(v.ms / h.ms), 3) AS paired_ratio_max,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY v.ms / b.ms)::numeric, 3) AS paired_view_to_baseline_median
  FROM t v JOIN t h ON h.name = v.name AND h.run = v.run AND h.variant = 'hand-written'
  LEFT JOIN t b ON b.name = v.name AND b.run = v.run AND b.variant = 'baseline'
 WHERE v.variant = 'view'
 GROUP BY v.name ORDER BY 1;
SELECT (SELECT count(*) FROM service_affair.cases) AS cases, (SELECT count(*) FROM service_affair.rating) AS ratings,
       (SELECT count(*) FROM service_affair.complaint) AS complaints, (SELECT count(*) FROM service_affair.complaint_event) AS complaint_events,
       (SELECT count(*) FROM service_affair.efficiency) AS efficiency_rows,
       (SELECT count(*) FROM service_affair.cases WHERE delivered_at IS NOT NULL) AS collected;
