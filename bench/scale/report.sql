-- Growth-curve benchmark: what one database holds (counts, the plan of the
-- open-case query, size on disk per case); also makes the first sweep.
\set ON_ERROR_STOP on
\pset pager off
SET search_path = service_affair, public;
SET service_affair.as_of = '2026-11-16 10:00+08';
SELECT sla_sweep(timestamptz '2026-11-16 10:00+08') AS first_sweep_changes;
SELECT (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM cases WHERE status = 'accepted') AS open_cases,
       (SELECT count(*) FROM task WHERE status = 'open') AS open_tasks,
       (SELECT submitted FROM efficiency_period('2026-10-01', '2026-10-01') WHERE department = 'SC_D') AS oct_submitted;
EXPLAIN (COSTS OFF) SELECT count(*), sum(s.workdays_left), count(*) FILTER (WHERE s.state = 'warning')
  FROM service_affair.case_sla s JOIN service_affair.cases o ON o.id = s.case_id WHERE o.status = 'accepted';
-- size on disk of the case family per case
SELECT pg_size_pretty(sum(pg_total_relation_size(c.oid))) AS case_family,
       round(sum(pg_total_relation_size(c.oid)) / (SELECT count(*) FROM cases)) AS bytes_per_case,
       pg_size_pretty(pg_database_size(current_database())) AS database
  FROM pg_class c
 WHERE c.relnamespace = 'service_affair'::regnamespace AND c.relkind = 'r'
   AND c.relname IN ('cases', 'case_material', 'case_event', 'task', 'rating', 'case_leg', 'licence', 'commitment_check', 'complaint');
SELECT relname, pg_size_pretty(pg_total_relation_size(oid)) AS total, pg_size_pretty(pg_indexes_size(oid)) AS indexes,
       round(pg_total_relation_size(oid)::numeric / (SELECT count(*) FROM cases)) AS bytes_per_case
  FROM pg_class WHERE relnamespace = 'service_affair'::regnamespace AND relkind = 'r'
   AND relname IN ('cases', 'case_material', 'case_event', 'task', 'rating') ORDER BY relname;
