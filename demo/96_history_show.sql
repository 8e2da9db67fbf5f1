-- The history (issue 17, part 1.1; doc/scale.md "Slice 2" and "Slice 3"):
-- the nightly jobs of a DBA run on the simulated quarter, today.  Cases
-- that can change no more (withdrawn, returned, or concluded and delivered,
-- quiet for settle.quiet_days = 90 days) move with all their rows into
-- month partitions of the history; open work keeps only what is left.
\pset footer off
SET search_path = service_affair, public;

\echo
\echo '=== the history: months made ahead, then the quarter settled (as nightly from pg_cron) ==='
SELECT action, month, partitions, detail FROM service_affair.history_maintenance();
SELECT service_affair.settle_cases(now(), 100000) AS settled_now;
ANALYZE service_affair.cases, service_affair.case_material, service_affair.case_event,
        service_affair.task, service_affair.task_suspension, service_affair.rating,
        service_affair.rectification, service_affair.case_leg, service_affair.commitment_check;

\echo '--- where the cases lie: open work (cases_active) and the history by month ---'
SELECT CASE WHEN settled THEN 'history' ELSE 'open work' END AS partition, count(*) AS cases
  FROM service_affair.cases GROUP BY settled ORDER BY settled;
SELECT month, count(*) AS tables, sum(estimated_rows) AS rows_estimated,
       pg_size_pretty(sum(bytes)) AS size
  FROM service_affair.history_partitions
 WHERE month >= '2026-07-01' AND month < '2027-01-01'
 GROUP BY month ORDER BY month;
\echo '(retention is off until a DBA sets history.retention_months: nothing leaves the history by default)'
