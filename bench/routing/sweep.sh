#!/usr/bin/env bash
# bench/routing/sweep.sh: sla_sweep() over OPEN open cases (bench/scale/setup.sql; 1000 of
# their tasks suspended after their due, 1000 in time) and HIST finished ones
# (HISTORY, default bench/scale/history.sql: in task_active, as concluded
# cases not yet settled); the first sweep, 9 steady sweeps (median), and
# optionally EXPLAIN_FILE / AB_FILE (psql files run on the loaded database).
TREE=$(cd "$(dirname "$0")/../.." && pwd)
source "$TREE/tools/cluster.sh"
cd "$SA_TOP"
OPEN=${OPEN:-20000}; HIST=${HIST:-300000}; MONTHLY=${MONTHLY:-100000}
sa_build >/dev/null 2>&1
sa_cluster_start "shared_buffers = 512MB" "work_mem = 64MB" >/dev/null 2>&1
db=sa_sw
sa_createdb "$db" service_affair >/dev/null
psql -X -q -d "$db" -v ON_ERROR_STOP=1 -v open="$OPEN" -f bench/scale/setup.sql >/dev/null
psql -X -q -d "$db" -v ON_ERROR_STOP=1 -v from=1 -v to="$HIST" -v monthly="$MONTHLY" -f "${HISTORY:-bench/scale/history.sql}" >/dev/null
# suspensions: 1000 tasks due before 11-13 suspended 11-14 (after their due), 1000 due after 11-17 suspended 11-14 (in time)
psql -X -q -d "$db" -v ON_ERROR_STOP=1 <<'SQL'
SET search_path = service_affair, public;
SELECT count(suspend(id, 'testing', '2026-11-14 10:00+08')) FROM (SELECT id FROM task WHERE status='open' AND department='SC_D' AND due < '2026-11-13' ORDER BY id LIMIT 1000) s;
SELECT count(suspend(id, 'testing', '2026-11-14 10:00+08')) FROM (SELECT id FROM task WHERE status='open' AND department='SC_D' AND due > '2026-11-17' AND opened_at < '2026-11-14' ORDER BY id LIMIT 1000) s;
SQL
psql -X -q -d "$db" -c 'VACUUM ANALYZE' 
psql -X -d "$db" <<'SQL'
\pset pager off
SET search_path = service_affair, public;
SELECT status, count(*) FROM task WHERE NOT settled GROUP BY 1 ORDER BY 1;
SELECT count(*) AS all_tasks FROM task;
\timing on
SELECT sla_sweep(timestamptz '2026-11-16 10:00+08') AS first_sweep;
\timing off
SELECT kind, count(*) FROM case_event WHERE kind LIKE 'task_%due' OR kind LIKE 'task_warning' OR kind LIKE 'case_%' GROUP BY 1 ORDER BY 1;
SELECT status, sla_state, count(*) FROM task WHERE NOT settled AND status IN ('open','suspended') GROUP BY 1,2 ORDER BY 1,2;
SELECT c.suspended, c.sla_state, count(*) FROM cases c WHERE NOT settled AND status='accepted' GROUP BY 1,2 ORDER BY 1,2;
SQL
psql -X -At -d "$db" <<'SQL'
SET search_path = service_affair, public;
CREATE TEMP TABLE t(ms float8);
DO $$ DECLARE t0 timestamptz; BEGIN
  FOR i IN 1..9 LOOP t0 := clock_timestamp(); PERFORM sla_sweep(timestamptz '2026-11-16 10:00+08');
    INSERT INTO t VALUES (extract(epoch FROM clock_timestamp() - t0) * 1000); END LOOP; END $$;
SELECT 'steady sweep ms: median ' || round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 1) || ' min ' || round(min(ms)::numeric,1) || ' max ' || round(max(ms)::numeric,1) FROM t;
SQL
if [ -n "${EXPLAIN_FILE:-}" ]; then psql -X -d "$db" -f "$EXPLAIN_FILE"; fi
if [ -n "${AB_FILE:-}" ]; then psql -X -d "$db" -f "$AB_FILE"; fi
