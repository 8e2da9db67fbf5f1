#!/usr/bin/env bash
# case_sla with tasks suspended in time, against the plain read of five
# stored columns, in one database (bench/routing/sla_view_ab.sql's A/B: the
# order of the two reversed every other round, the ratio the median over
# the rounds of case_sla's time divided by the plain read's in the same
# round).  Run on a database set up by bench/routing/setup.sql (run.sh, or
# by hand), after VACUUM ANALYZE:
#   PGDATABASE=sa_bench bench/routing/sla_suspended.sh [N ...]
# For each N (default 0 300 3000): N open tasks suspended on 2026-03-05,
# before their due (2026-03-09), committed with their task_suspension rows,
# their cases counted again by refresh_case_clock() (as suspend() does) and
# ANALYZE run, so the statistics and plans see them as a live database
# would; then the A/B as of 2026-06-15 (ROUNDS rounds, default 21), and the
# suspensions taken back the same way (only those it made: suspended at
# 2026-03-05 10:00+08 for 'testing'; a database's own suspensions are left
# alone, but run it on a bench database only: since 2026-12-05 setup.sql
# suspends 0.1% of its cases through suspend(), and they stay in every
# scenario).  Each step is written with
# session_replication_role = replica (the bench writes what the API would,
# without its per-call checks), as superuser.  RENICE=1 runs the A/B's
# backend at nice -19 (root, server on this machine): on a machine shared
# with other work its medians then stay near its minima.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${ROUNDS:-21}
q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
cat <<'SQL' | q >/dev/null
DROP VIEW IF EXISTS public.stored_cols;
CREATE VIEW public.stored_cols AS
SELECT c.id AS case_id, c.due, c.due_shift AS workdays_left, c.sla_state AS state, c.suspended AS provisional
  FROM service_affair.cases c WHERE c.status IN ('accepted', 'concluded');
SQL
for n in "${@:-0 300 3000}"; do
	for n1 in $n; do
		echo "# $n1 tasks suspended in time  $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
		q -v n="$n1" <<'SQL' >/dev/null
SET session_replication_role = replica;
UPDATE service_affair.task SET status = 'suspended', suspended_at = '2026-03-05 10:00+08', suspend_reason = 'testing'
 WHERE id IN (SELECT id FROM service_affair.task WHERE status = 'open' ORDER BY id LIMIT :n);
INSERT INTO service_affair.task_suspension (task_id, suspended_at, reason)
SELECT id, suspended_at, 'testing' FROM service_affair.task
 WHERE status = 'suspended' AND suspended_at = '2026-03-05 10:00+08' AND suspend_reason = 'testing';
SELECT count(service_affair.refresh_case_clock(case_id)) FROM service_affair.task
 WHERE status = 'suspended' AND suspended_at = '2026-03-05 10:00+08' AND suspend_reason = 'testing';
ANALYZE;
SQL
		q -c "SET service_affair.as_of = '2026-06-15 10:00+08'" -c "
SELECT count(*) FILTER (WHERE s.due <> c.due) AS due_moved, count(*) FILTER (WHERE c.task_suspended) AS task_suspended,
       count(*) FILTER (WHERE c.stop_moves_due) AS stop_moves_due
  FROM service_affair.case_sla s JOIN service_affair.cases c ON c.id = s.case_id"
		{
			if [ -n "${RENICE:-}" ]; then
				echo 'SELECT pg_backend_pid() AS bpid \gset'
				echo '\setenv BPID :bpid'
				echo '\! renice -n -19 -p $BPID >/dev/null'
			fi
			echo '\i bench/routing/sla_view_ab.sql'
		} | PGOPTIONS="-c ab.runs=$ROUNDS -c ab.views=public.stored_cols,service_affair.case_sla" q
		q <<'SQL' >/dev/null
SET session_replication_role = replica;
DELETE FROM service_affair.task_suspension WHERE suspended_at = '2026-03-05 10:00+08' AND reason = 'testing';
CREATE TEMP TABLE bench_reopened AS
WITH u AS (UPDATE service_affair.task SET status = 'open', suspended_at = NULL, suspend_reason = NULL
            WHERE status = 'suspended' AND suspended_at = '2026-03-05 10:00+08' AND suspend_reason = 'testing'
           RETURNING case_id)
SELECT DISTINCT case_id FROM u;
SELECT count(service_affair.refresh_case_clock(case_id)) FROM bench_reopened;
ANALYZE;
SQL
	done
done
