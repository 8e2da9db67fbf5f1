-- bench/routing/sla_ab_same.sql — for `SLA_AB_SAME=PORT bench/routing/sla_ab.py`:
-- the A side of an A/B run on ONE cluster (same data, same buffers).  Copies
-- the three SLA functions of case_sla into schema bench_main, bound to another
-- build of the library (main's service_affair.so copied into the cluster's
-- $libdir as :mainlib, e.g. service_affair_main), and bench_main.case_sla, the
-- view's text with those functions.  A session that reads bench_main.case_sla
-- loads only that library (the reads touch no other C function of the
-- extension), so each side runs its own code on the same rows.
--   psql -d sa_route -v mainlib=service_affair_main -f bench/routing/sla_ab_same.sql
\set ON_ERROR_STOP on
DROP SCHEMA IF EXISTS bench_main CASCADE;
CREATE SCHEMA bench_main;
\set lib '$libdir/' :mainlib
CREATE FUNCTION bench_main.sla_workdays_left(due date, cal text, finished_at timestamptz) RETURNS integer
    AS :'lib', 'sa_sla_workdays_left' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION bench_main.sla_state(due date, cal text, finished_at timestamptz, suspended boolean) RETURNS text
    AS :'lib', 'sa_sla_state' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION bench_main.sla_provisional(due date, cal text) RETURNS boolean
    AS :'lib', 'sa_sla_provisional' LANGUAGE C STABLE PARALLEL SAFE;
CREATE VIEW bench_main.case_sla AS
SELECT c.id AS case_id, c.due,
       bench_main.sla_workdays_left(c.due, c.calendar, c.concluded_at) AS workdays_left,
       bench_main.sla_state(c.due, c.calendar, c.concluded_at, c.suspended) AS state,
       bench_main.sla_provisional(c.due, c.calendar) AS provisional,
       f.due AS forward_due, bench_main.sla_state(f.due, f.calendar, f.done_at, false) AS forward_state,
       r.due AS return_due, bench_main.sla_state(r.due, r.calendar, r.done_at, false) AS return_state
  FROM service_affair.cases c
  LEFT JOIN service_affair.case_leg f ON f.case_id = c.id AND f.leg = 'forward'
  LEFT JOIN service_affair.case_leg r ON r.case_id = c.id AND r.leg = 'return'
 WHERE c.status IN ('accepted', 'concluded');
