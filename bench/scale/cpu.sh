#!/usr/bin/env bash
# Growth-curve profile (doc/scale.md, "Growth curve"): the cost of one
# submit() per database of SIZES, as backend time rather than TPS (the
# machine is shared).  ROUNDS interleaved rounds (default 5); in each, per
# database, pgbench runs submit.sql with ONE client for SECS seconds (default
# 10) and the backend's /proc/<pid>/schedstat gives its CPU time; per
# submission: cpu_us (backend on CPU), wall_us (pgbench's mean latency),
# read_us (time in reads, track_io_timing), reads (blocks not in shared
# buffers).  Needs the cluster of KEEP=1 bench/scale/run.sh (tmp_check/scale.env).
set -euo pipefail
TOP=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck disable=SC1091
source "$TOP/tmp_check/scale.env"
SIZES=${SIZES:-"1000000 30000000"}
SECS=${SECS:-10}
ROUNDS=${ROUNDS:-5}
BIN=$(/usr/lib/postgresql/15/bin/pg_config --bindir)
stat() { psql -X -At -F ' ' -d "$1" -c "SELECT pg_stat_force_next_flush(); SELECT blks_read, round(blk_read_time * 1000)::bigint FROM pg_stat_database WHERE datname = current_database()" | tail -1; }
for r in $(seq 1 "$ROUNDS"); do
	for size in $SIZES; do
		db=sa_scale_$size
		read -r rd0 rt0 < <(stat "$db")
		PGOPTIONS="-c track_io_timing=on" "$BIN/pgbench" -n -c 1 -T "$SECS" -f "$TOP/bench/scale/submit.sql" "$db" >/tmp/sa_cpu.$$ 2>&1 &
		pgb=$!
		pid=
		while [ -z "$pid" ]; do sleep 0.1; pid=$(psql -X -At -d "$db" -c "SELECT pid FROM pg_stat_activity WHERE datname = '$db' AND application_name = 'pgbench' LIMIT 1"); done
		c0=$(cut -d' ' -f1 "/proc/$pid/schedstat")
		while kill -0 "$pid" 2>/dev/null; do c1=$(cut -d' ' -f1 "/proc/$pid/schedstat" 2>/dev/null || echo "$c1"); sleep 0.05; done
		wait "$pgb"
		sleep 0.5
		read -r rd1 rt1 < <(stat "$db")
		n=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' /tmp/sa_cpu.$$)
		lat=$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' /tmp/sa_cpu.$$)
		awk -v s="$size" -v r="$r" -v n="$n" -v c=$((c1 - c0)) -v lat="$lat" -v rd=$((rd1 - rd0)) -v rt=$((rt1 - rt0)) \
			'BEGIN {printf "%s round %d: %d submissions cpu_us %.0f wall_us %.0f read_us %.0f reads %.3f\n", s, r, n, c / n / 1000, lat * 1000, rt / n, rd / n}'
	done
done
rm -f /tmp/sa_cpu.$$
