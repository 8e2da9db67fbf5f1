#!/usr/bin/env bash
# bench/inspection/ab.sh ROUNDS START_PLAN [PORT[s] ...] — interleaved A/B of
# draw() between builds, each in its own kept cluster holding the
# bench/inspection/setup.sql data in database sa_bench and plans
# 'bench seed N' (as bench.sql creates them; START_PLAN .. and +100 for the
# serial variant must exist and be undrawn).  /tmp/draw-env-PORT holds the
# cluster's "export PGHOST=... PGPORT=..." line (SA_KEEP=1 SA_PORT=PORT
# sa_cluster_start from tools/cluster.sh, then sa_createdb).  A port with
# the suffix s runs the draw with max_parallel_workers_per_gather = 0.
# Per round and work_mem (64kB, 4MB, 64MB), for each port in turn:
# ORDER BY random() LIMIT 50000, then draw(); each one statement in a new
# session, measured by EXPLAIN ANALYZE (wall ms) and the backend's CPU time
# (/proc/PID/schedstat, ms; parallel workers' CPU not included).  Output:
# one line per pair with both ratios; bench/inspection/ab_summary.py
# summarises.  Ports 24101 and 24102 are named main and mine (the suffix s:
# main-serial, mine-serial, drawing plan N + 100).
R=${1:-3}; P=${2:-1}; shift 2; PORTS=${*:-24101 24102}
q() { # port[s] wm sql -> "wall cpu"  (suffix s: max_parallel_workers_per_gather = 0)
  local host port=${1%s} extra=""; [ "$port" != "$1" ] && extra="SET max_parallel_workers_per_gather = 0;"
  set -- $port "$2" "$3"
  host=$(. /tmp/draw-env-$1; echo $PGHOST)
  psql -X -qAt -h "$host" -p $1 -U postgres -d sa_bench -v ON_ERROR_STOP=1 <<SQL 2>&1 | tail -1
SET work_mem='$2'; $extra
SELECT pg_backend_pid() \g /tmp/ab_pid_$1
SELECT 1 \g /dev/null
\! cut -d' ' -f1 /proc/\$(cat /tmp/ab_pid_$1)/schedstat > /tmp/ab_s0_$1
EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) $3 \g /tmp/ab_j_$1
\! cut -d' ' -f1 /proc/\$(cat /tmp/ab_pid_$1)/schedstat > /tmp/ab_s1_$1
\! python3 -c "import json; j=json.load(open('/tmp/ab_j_$1')); print(round(j[0]['Execution Time'],1), round((int(open('/tmp/ab_s1_$1').read())-int(open('/tmp/ab_s0_$1').read()))/1e6,1))"
SQL
}
for r in $(seq 1 $R); do
  for wm in 64kB 4MB 64MB; do
    for port in $PORTS; do
      name=$(case $port in 24101) echo main;; 24101s) echo main-serial;; 24102) echo mine;; 24102s) echo mine-serial;; *) echo p$port;; esac)
      pp=$P; [ "${port%s}" != "$port" ] && pp=$((P+100))
      b=$(q $port $wm "SELECT * FROM service_affair.target ORDER BY random() LIMIT 50000")
      d=$(q $port $wm "SELECT service_affair.draw($pp, convert_to('bench seed $pp', 'UTF8'))")
      echo "$name $wm r$r plan$pp base $b draw $d" | awk '{printf "%s wall %.3f cpu %.3f\n", $0, $9/$6, $10/$7}'
    done
    P=$((P+1))
  done
done
