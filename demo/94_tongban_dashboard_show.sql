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
