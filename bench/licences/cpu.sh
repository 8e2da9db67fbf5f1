#!/usr/bin/env bash
# Licence issuance cost as backend CPU time (issue 11, "Speed"; doc/benchmarks.md,
# "Licence issuance on conclusion").  complete_task() on the conclusion step
# of the plain item and of the issuing item (bench/licences/setup.sql), in
# alternating blocks of N calls in one session; the CPU time of the backend
# is read from /proc/self/schedstat before and after each block, so the load
# of a shared machine shows as waiting, not as cost.  RUNS runs; each prints
# µs per call of both items and their ratio.  With BASE=<git ref>, the same
# on a build of that ref in a second throwaway cluster, the runs alternating
# between the two trees (A/B in the same run).
#   RUNS=5 BLOCKS=10 N=30 BASE=main bench/licences/cpu.sh
set -euo pipefail
HERE=$(cd "$(dirname "$0")/../.." && pwd)
RUNS=${RUNS:-5}
BLOCKS=${BLOCKS:-10}
N=${N:-30}
BASE=${BASE:-}
TASKS=$((RUNS * BLOCKS * N + 100))
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sa_lic_cpu.XXXXXX")
HOLDERS=()
cleanup() {
	local p
	for p in "${HOLDERS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
	for p in "${HOLDERS[@]}"; do wait "$p" 2>/dev/null || true; done
	rm -rf "$WORK"
}
trap cleanup EXIT

# hold TOP NAME: build TOP, start its cluster, load the data, wait until killed
hold() {
	(
		source "$1/tools/cluster.sh"
		cd "$SA_TOP"
		sa_build
		sa_cluster_start
		trap 'kill "$waiter" 2>/dev/null; exit 0' TERM
		sa_createdb sa_bench service_affair
		psql -X -q -d sa_bench -v tasks="$TASKS" -f "$HERE/bench/licences/setup.sql" >/dev/null
		echo "export PGHOST=$PGHOST PGPORT=$PGPORT PGUSER=postgres" >"$WORK/$2.env"
		sleep 1000000 &
		waiter=$!
		wait
	) >"$WORK/$2.log" 2>&1 &
	HOLDERS+=($!)
}

hold "$HERE" branch
NAMES=(branch)
if [ -n "$BASE" ]; then
	mkdir "$WORK/base"
	git -C "$HERE" archive "$BASE" | tar -x -C "$WORK/base"
	hold "$WORK/base" base
	NAMES=(base branch)
fi
for name in "${NAMES[@]}"; do
	until [ -f "$WORK/$name.env" ]; do
		sleep 2
		if ! kill -0 "${HOLDERS[0]}" 2>/dev/null; then cat "$WORK"/*.log >&2; exit 1; fi
	done
done

P=$(grep -v '^--' "$HERE/bench/licences/plain.sql" | tr '\n' ' ')
L=$(grep -v '^--' "$HERE/bench/licences/lic.sql" | tr '\n' ' ')
echo "machine: $(nproc) cores, $(uname -sr); RUNS=$RUNS BLOCKS=$BLOCKS N=$N"
for r in $(seq 1 "$RUNS"); do
	for name in "${NAMES[@]}"; do
		(
			source "$WORK/$name.env"
			for b in $(seq 1 "$BLOCKS"); do
				if [ $((b % 2)) = 1 ]; then order="plain lic"; else order="lic plain"; fi
				for k in $order; do
					echo "SELECT 'B $k ' || split_part(pg_read_file('/proc/self/schedstat'), ' ', 1);"
					for i in $(seq 1 "$N"); do if [ "$k" = plain ]; then echo "$P"; else echo "$L"; fi; done
					echo "SELECT 'E $k ' || split_part(pg_read_file('/proc/self/schedstat'), ' ', 1);"
				done
			done | psql -X -q -At -v ON_ERROR_STOP=1 -d sa_bench |
				awk -v n="$N" -v name="$name" -v r="$r" -v load="$(cut -d' ' -f1-3 /proc/loadavg)" '
					/^B / { s = $3 }
					/^E / { t[$2] += $3 - s; c[$2] += n }
					END { p = t["plain"] / c["plain"] / 1000; l = t["lic"] / c["lic"] / 1000
					      printf "run %d %-6s plain %4.0f us  issuing %4.0f us  ratio %.3f  (+%.0f us; load %s)\n", r, name, p, l, l / p, l - p, load }'
		)
	done
done
for name in "${NAMES[@]}"; do
	(
		source "$WORK/$name.env"
		psql -X -q -At -d sa_bench -c "
		SELECT '$name: licences issued ' || count(*) || ', valid ' || count(*) FILTER (WHERE status = 'valid')
		       || ', numbers ' || min(number) || ' .. ' || max(number) FROM service_affair.licence"
	)
done
