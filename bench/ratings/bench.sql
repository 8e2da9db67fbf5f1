-- Times, in the same session, the analyst views against one hand-written
-- GROUP BY over the base tables computing the same numbers (checked equal
-- first).  Each query is wrapped as sum(hashtext(row::text)) so that every
-- column is computed and nothing is sent to the client.  Median of :runs runs,
-- alternating the variants.
SET search_path = service_affair, public;
SET max_parallel_workers_per_gather = 0;
SET work_mem = '64MB';
CREATE TEMP TABLE q (name text PRIMARY KEY, sql text);
INSERT INTO q VALUES
('efficiency view', $$SELECT * FROM service_affair.efficiency$$),
-- 0.2 definitions (issue 16): the same query as bench/indicators/bench.sql
('efficiency hand-written GROUP BY', $$
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
('satisfaction view', $$SELECT * FROM service_affair.satisfaction$$),
('satisfaction hand-written GROUP BY', $$
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
 GROUP BY 1, 2, 3$$);

-- same answers first
DO $$
DECLARE n bigint;
BEGIN
    EXECUTE format('SELECT count(*) FROM ((%s) EXCEPT ALL (%s)) x',
                   (SELECT sql FROM q WHERE name = 'efficiency view'), (SELECT sql FROM q WHERE name = 'efficiency hand-written GROUP BY')) INTO n;
    IF n <> 0 THEN RAISE EXCEPTION 'efficiency differs from the hand-written query in % rows', n; END IF;
    EXECUTE format('SELECT count(*) FROM ((%s) EXCEPT ALL (%s)) x',
                   (SELECT sql FROM q WHERE name = 'satisfaction view'), (SELECT sql FROM q WHERE name = 'satisfaction hand-written GROUP BY')) INTO n;
    IF n <> 0 THEN RAISE EXCEPTION 'satisfaction differs from the hand-written query in % rows', n; END IF;
    RAISE NOTICE 'answers identical';
END $$;

CREATE TEMP TABLE t (name text, run integer, ms numeric);
DO $$
DECLARE
    r record;
    i integer;
    t0 timestamptz;
    h bigint;
BEGIN
    FOR i IN 1..current_setting('bench.runs')::integer LOOP
        FOR r IN SELECT * FROM q ORDER BY CASE WHEN i % 2 = 0 THEN name END DESC, name LOOP
            t0 := clock_timestamp();
            EXECUTE format('SELECT sum(hashtext(x::text)) FROM (%s) x', r.sql) INTO h;
            INSERT INTO t VALUES (r.name, i, extract(epoch FROM clock_timestamp() - t0) * 1000);
        END LOOP;
    END LOOP;
END $$;
SELECT name, round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 0) AS median_ms,
       round(min(ms), 0) AS min_ms, round(max(ms), 0) AS max_ms, count(*) AS runs
  FROM t GROUP BY name ORDER BY name;
SELECT v.name AS view, round((v.m / b.m)::numeric, 3) AS ratio_view_over_hand_written
  FROM (SELECT split_part(name, ' ', 1) AS k, name, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS m FROM t WHERE name LIKE '% view' GROUP BY name) v
  JOIN (SELECT split_part(name, ' ', 1) AS k, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS m FROM t WHERE name LIKE '%GROUP BY' GROUP BY name) b USING (k)
 ORDER BY 1;
SELECT (SELECT count(*) FROM service_affair.cases) AS cases, (SELECT count(*) FROM service_affair.case_material) AS material_rows,
       (SELECT count(*) FROM service_affair.rating) AS ratings, (SELECT count(*) FROM service_affair.efficiency) AS efficiency_rows;
