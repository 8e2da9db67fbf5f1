#!/usr/bin/env bash
# bench/inspection/rounds_ab.sh BATCHES ROUNDS PORT... — interleaved A/B of
# bench/inspection/rounds.sql between kept clusters (bench/inspection/ab_start.sh):
# per batch, for each port in turn, one session runs rounds.sql with ROUNDS
# rounds at work_mem WM (default 64MB) and prints its raw rows
# ("raw PORT BATCH what round wall_ms cpu_ms"; cpu: the backend's own CPU
# time from /proc/PID/schedstat, a parallel draw's workers not counted).
# bench/inspection/rounds_ab.py summarises.
B=${1:-5}; R=${2:-3}; shift 2; WM=${WM:-64MB}
here=$(cd "$(dirname "$0")" && pwd)
for b in $(seq 1 "$B"); do
  for port in "$@"; do
    host=$(. /tmp/draw-env-"$port"; echo "$PGHOST")
    psql -X -qAt -h "$host" -p "$port" -U postgres -d sa_bench -v ON_ERROR_STOP=1 -v wm="$WM" -v rounds="$R" \
      -f "$here/rounds.sql" -c "SELECT 'raw', $port, $b, r.what, r.round, round(r.ms::numeric, 2), round(r.cpu::numeric, 2) FROM res r ORDER BY r.round, r.what" \
      | grep '^raw' | tr '|' ' '
  done
done
