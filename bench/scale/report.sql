-- Growth-curve benchmark: what one database holds (counts, the plan of the
-- open-case query, size on disk per case); also makes the first sweep.
-- Works on both layouts of run.sh (history in <t>_active or settled).
\set ON_ERROR_STOP on
\pset pager off
SET search_path = service_affair, public;
SET service_affair.as_of = '2026-11-16 10:00+08';
SELECT sla_sweep(timestamptz '2026-11-16 10:00+08') AS first_sweep_changes;
SELECT (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM cases WHERE settled) AS settled_cases,
       (SELECT count(*) FROM cases WHERE status = 'accepted' AND NOT settled) AS open_cases,
       (SELECT count(*) FROM task WHERE status = 'open' AND NOT settled) AS open_tasks,
       (SELECT submitted FROM efficiency_period('2026-10-01', '2026-10-01') WHERE department = 'SC_D') AS oct_submitted;
SELECT count(*) AS history_partitions FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent
 WHERE p.relnamespace = 'service_affair'::regnamespace AND p.relname ~ '_settled$';
EXPLAIN (COSTS OFF) SELECT count(*), sum(s.workdays_left), count(*) FILTER (WHERE s.state = 'warning')
  FROM service_affair.case_sla s JOIN service_affair.cases o ON o.id = s.case_id WHERE o.status = 'accepted' AND NOT o.settled;
-- size on disk of the case family per case: every leaf of each table's
-- partition tree (a table not partitioned is its own leaf)
CREATE TEMP VIEW family_size AS
SELECT t AS tbl, sum(pg_total_relation_size(p.relid)) AS total, sum(pg_indexes_size(p.relid)) AS indexes,
       count(*) AS leaves
  FROM unnest(ARRAY['service_affair.cases', 'service_affair.case_material', 'service_affair.case_event',
                    'service_affair.task', 'service_affair.task_suspension', 'service_affair.rating',
                    'service_affair.rectification', 'service_affair.case_leg', 'service_affair.commitment_check',
                    'service_affair.licence', 'service_affair.complaint']::regclass[]) t,
       pg_partition_tree(t) p
 WHERE p.isleaf
 GROUP BY t;
SELECT pg_size_pretty(sum(total)) AS case_family, round(sum(total) / (SELECT count(*) FROM cases)) AS bytes_per_case,
       pg_size_pretty(pg_database_size(current_database())) AS database
  FROM family_size;
SELECT tbl, leaves, pg_size_pretty(total) AS total, pg_size_pretty(indexes) AS indexes,
       round(total / (SELECT count(*) FROM cases)) AS bytes_per_case
  FROM family_size WHERE tbl IN ('service_affair.cases'::regclass, 'service_affair.case_material', 'service_affair.case_event',
                                 'service_affair.task', 'service_affair.rating') ORDER BY tbl::text;
