-- 通办 and 就近办 figures of the simulated quarter (issue 13, item 6): by
-- level of the receiving point, the busiest points, by handling office, and
-- the two counties side by side.
\pset footer off
SET search_path = service_affair, public;

\echo
\echo '=== 通办 / 就近办: cases received at service points, by level ==='
SELECT level, count(*) AS received, count(*) FILTER (WHERE forwarded) AS tongban,
       count(*) FILTER (WHERE nearby) AS nearby,
       round(100.0 * count(*) FILTER (WHERE nearby) / count(*), 1) AS nearby_pct,
       count(*) FILTER (WHERE by_agent) AS by_agent
  FROM service_affair.tongban_cases
 GROUP BY level ORDER BY array_position('{county,town,village,bank,kiosk,mobile}'::text[], level);

\echo '--- share of all cases accepted at town, village or bank level (就近办) ---'
SELECT count(*) AS all_cases,
       (SELECT count(*) FROM service_affair.tongban_cases WHERE nearby) AS nearby,
       round(100.0 * (SELECT count(*) FROM service_affair.tongban_cases WHERE nearby) / NULLIF(count(*), 0), 2) AS nearby_pct,
       count(*) FILTER (WHERE channel = 'door') AS door_to_door
  FROM service_affair.cases;

\echo
\echo '=== the ten busiest points ==='
SELECT point, name, level, received, tongban, nearby, by_agent, forward_on_time, forward_late, forward_on_time_rate
  FROM service_affair.tongban_by_point ORDER BY received DESC, point LIMIT 10;

\echo
\echo '=== by handling office ==='
SELECT department, name, region, received_at_points, tongban, other_region, nearby, nearby_share, forward_on_time, forward_late
  FROM service_affair.tongban_by_office ORDER BY received_at_points DESC, department;

\echo
\echo '=== by region: 象山 and 宁海 ==='
SELECT * FROM service_affair.tongban_by_region ORDER BY region;

\echo
\echo '=== forwarding legs in case_sla ==='
SELECT forward_state, count(*) FROM service_affair.case_sla WHERE forward_due IS NOT NULL
 GROUP BY forward_state ORDER BY forward_state;
SELECT return_state, count(*) FROM service_affair.case_sla WHERE return_due IS NOT NULL
 GROUP BY return_state ORDER BY return_state;
\echo '--- results coming back to the receiving points (代收代办: receive_result(), else closed by the delivery) ---'
SELECT count(*) FILTER (WHERE l.done_at IS NULL) AS on_the_way,
       count(*) FILTER (WHERE e.case_id IS NOT NULL) AS arrival_recorded,
       count(*) FILTER (WHERE e.case_id IS NOT NULL AND (e.detail ->> 'on_time')::boolean) AS arrived_on_time,
       count(*) FILTER (WHERE e.case_id IS NOT NULL AND c.delivered_at IS NULL) AS waiting_for_collection,
       count(*) FILTER (WHERE e.case_id IS NULL AND l.done_at IS NOT NULL) AS closed_by_delivery
  FROM service_affair.case_leg l
  JOIN service_affair.cases c ON c.id = l.case_id
  LEFT JOIN service_affair.case_event e ON e.case_id = l.case_id AND e.kind = 'result_received'
 WHERE l.leg = 'return';
\echo '--- what the applicant sees (case_progress()): the result arrived at the point, then collected ---'
SELECT x.id AS case_id, p.status, p.result_point, p.result_due, p.result_arrived_at, p.result_delivered_at
  FROM (SELECT c.id, COALESCE(a.resident_id::text, a.uscc::text) AS ident
          FROM service_affair.case_event e
          JOIN service_affair.cases c ON c.id = e.case_id
          JOIN service_affair.applicant a ON a.id = c.applicant
         WHERE e.kind = 'result_received' AND c.delivery_method = 'window'
         ORDER BY c.delivered_at - e.at DESC, c.id LIMIT 1) x,
       LATERAL service_affair.case_progress(x.id, x.ident) p;
