#!/usr/bin/env bash
# Routing benchmarks, in one run on a throwaway cluster:
#  1. case_sla over CASES (default 1,000,000) open cases against selecting the
#     same rows' stored due dates (median of RUNS runs, default 5); setup.sql
#     adds CASES/1000 cases of one item suspended through suspend() (about
#     two in three before their due) and CASES/250 bundle cases, none
#     suspended (bench/routing/sla_bundle.sh suspends some);
#  2. claim_task + complete_task with 4 concurrent clients (pgbench, TX
#     transactions per client, default 3000) against the same writes done by
#     hand-written SQL on plain tables (plain_setup.sql, plain.sql: queue pop
#     with SKIP LOCKED, claim and completion events, case conclusion), then a
#     check that no task was claimed twice.
#   bench/routing/run.sh
source "$(dirname "$0")/../../tools/cluster.sh"
cd "$SA_TOP"
sa_deps
sa_build
sa_cluster_start
sa_createdb sa_bench service_affair
CASES=${CASES:-1000000}
TX=${TX:-3000}
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg)"
psql -X -q -d postgres -At -c 'SELECT version()'
echo "== setup: $CASES open cases, $((4 * TX + 500)) tasks per queue, $((CASES / 1000)) cases suspended through suspend(), $((CASES / 250)) bundle cases"
time psql -X -q -d sa_bench -v cases="$CASES" -v tasks=$((4 * TX + 500)) -f bench/routing/setup.sql
psql -X -q -d sa_bench -v ON_ERROR_STOP=1 -f bench/routing/plain_setup.sql
echo "== 1. case_sla"
PGOPTIONS="-c bench.runs=${RUNS:-5}" psql -X -q -d sa_bench -f bench/routing/sla.sql
echo "== 2. claim_task + complete_task, 4 clients, $TX transactions each"
for s in claim plain; do
	echo "-- $s"
	"$("$PG_CONFIG" --bindir)/pgbench" -n -c 4 -j 2 -t "$TX" -f "bench/routing/$s.sql" sa_bench 2>&1 |
		grep -E '^(number of (transactions|failed)|latency average|tps)'
done
psql -X -q -d sa_bench -c "
SELECT (SELECT count(*) FROM service_affair.task WHERE department = 'BR_Q' AND status = 'done') AS api_done,
       (SELECT count(*) FROM service_affair.cases c WHERE c.service = 'br_q' AND c.status = 'concluded') AS api_concluded,
       (SELECT count(*) FROM (SELECT e.detail->>'task_id' FROM service_affair.case_event e
                               WHERE e.kind = 'task_claimed' GROUP BY 1 HAVING count(*) > 1) d) AS duplicate_claims,
       (SELECT count(*) FROM (SELECT e.detail->>'task_id' FROM service_affair.case_event e
                               WHERE e.kind = 'task_completed' GROUP BY 1 HAVING count(*) > 1) d) AS duplicate_completions,
       (SELECT count(*) FROM plain_q.task WHERE status = 'done') AS plain_done,
       (SELECT count(*) FROM (SELECT task_id FROM plain_q.task_event WHERE kind = 'task_claimed' GROUP BY 1 HAVING count(*) > 1) d) AS plain_duplicate_claims;"
