#!/usr/bin/env bash
# case_sla with BUNDLE cases suspended in time (several items, several
# tasks: until 2026-12-05 the due in force by case_due_at(), behind the
# hashed subplan of suspensions begun by the stored due; since, the running
# suspension being the case's last event, from the row by
# item_case_due_at()), against the plain read of five
# stored columns, in one database (bench/routing/sla_view_ab.sql's A/B, as
# bench/routing/sla_suspended.sh does for cases of one item).  Run on a
# database set up by bench/routing/setup.sql (its bundle cases: the bundle
# br_bundle, two items in stage 1 and one in stage 2), after VACUUM ANALYZE:
#   PGDATABASE=sa_bench bench/routing/sla_bundle.sh [PERCENT ...]
# For each PERCENT (default 0 0.03 0.3; in increasing order) it suspends,
# through suspend(), the first-stage task of more bundle cases (chosen in a
# fixed scattered order, md5 of the id; the other first-stage task stays
# open, the second stage waiting) two days after it opened (before the
# case's due, before 2026-06-15) with reason 'testing', until that share of
# the open cases (case_sla's rows) are bundle cases so suspended; commits
# and runs ANALYZE; then the A/B as of 2026-06-15 (ROUNDS rounds, default
# 21) and, with EXPLAIN=1, EXPLAIN ANALYZE of case_sla's
# aggregate with the calls and time of case_due_at() and item_case_due_at()
# (track_functions).
# The suspensions stay (real ones, with their events): to go back to 0, set
# up the database again.  RENICE=1 runs the A/B's backend at nice -19 (root,
# server on this machine), as sla_suspended.sh.  VIEWS names the views of the
# A/B, the reference first (default public.stored_cols,service_affair.case_sla;
# add a variant created beside them, e.g. public.case_sla_b, to measure it in
# the same rounds).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${ROUNDS:-21}
VIEWS=${VIEWS:-public.stored_cols,service_affair.case_sla}
q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
cat <<'SQL' | q >/dev/null
DROP VIEW IF EXISTS public.stored_cols;
CREATE VIEW public.stored_cols AS
SELECT c.id AS case_id, c.due, c.due_shift AS workdays_left, c.sla_state AS state, c.suspended AS provisional
  FROM service_affair.cases c WHERE c.status IN ('accepted', 'concluded');
SQL
for p in ${@:-0 0.03 0.3}; do
	echo "# $p% of the open cases bundles suspended in time  $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
	q -v pct="$p" <<'SQL' >/dev/null
SET search_path = service_affair, public;
SELECT round(count(*) * :pct / 100.0)::integer AS n FROM cases WHERE status IN ('accepted', 'concluded') AND NOT settled \gset
SELECT :n - count(*) AS more FROM cases c WHERE c.service = 'br_bundle' AND c.task_suspended \gset
SELECT count(suspend(t.id, 'testing', t.opened_at + interval '2 days'))
  FROM (SELECT c.id FROM cases c
         WHERE c.service = 'br_bundle' AND c.status = 'accepted' AND NOT c.task_suspended
         ORDER BY md5(c.id::text) LIMIT greatest(:more, 0)) c
  JOIN task t ON t.case_id = c.id AND t.item = 'br_b1' AND t.status = 'open';
ANALYZE;
SQL
	q -c "SET service_affair.as_of = '2026-06-15 10:00+08'" -c "
SELECT count(*) AS open_cases,
       count(*) FILTER (WHERE c.service = 'br_bundle') AS bundles,
       count(*) FILTER (WHERE c.service = 'br_bundle' AND c.task_suspended) AS bundles_suspended,
       round(100.0 * count(*) FILTER (WHERE c.service = 'br_bundle' AND c.task_suspended AND s.due <> c.due) / count(*), 3)
         AS bundles_in_time_pct,
       count(*) FILTER (WHERE s.due <> c.due) AS due_moved, count(*) FILTER (WHERE c.task_suspended) AS task_suspended,
       count(*) FILTER (WHERE c.stop_moves_due) AS stop_moves_due
  FROM service_affair.case_sla s JOIN service_affair.cases c ON c.id = s.case_id"
	{
		if [ -n "${RENICE:-}" ]; then
			echo 'SELECT pg_backend_pid() AS bpid \gset'
			echo '\setenv BPID :bpid'
			echo '\! renice -n -19 -p $BPID >/dev/null'
		fi
		echo '\i bench/routing/sla_view_ab.sql'
	} | PGOPTIONS="-c ab.runs=$ROUNDS -c ab.views=$VIEWS" q
	if [ -n "${EXPLAIN:-}" ]; then
		q <<'SQL'
SET max_parallel_workers_per_gather = 0; SET jit = off; SET track_functions = 'all';
SET service_affair.as_of = '2026-06-15 10:00+08';
BEGIN;
EXPLAIN (ANALYZE, COSTS OFF)
SELECT count(*), max(case_id), max(due), sum(workdays_left), count(*) FILTER (WHERE state = 'warning'), count(*) FILTER (WHERE provisional)
  FROM service_affair.case_sla;
SELECT funcname, calls, round(total_time::numeric, 1) AS total_ms, round(self_time::numeric, 1) AS self_ms,
       round((total_time / nullif(calls, 0))::numeric, 4) AS ms_per_call
  FROM pg_stat_xact_user_functions WHERE funcname IN ('case_due_at', 'item_case_due_at') ORDER BY 1;
COMMIT;
SQL
	fi
done
