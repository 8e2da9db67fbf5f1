#!/usr/bin/env bash
# Growth-curve profile (doc/scale.md, "Growth curve"): what one submit() reads
# at each history size.  Needs a cluster loaded and left running by
#   KEEP=1 SIZES="1000000 30000000" bench/scale/run.sh
# (tmp_check/scale.env).  Per database of SIZES: pgbench runs submit.sql
# (2 clients, SECS seconds, default 15) with track_io_timing on, and the
# block counters of pg_statio_user_tables / pg_statio_user_indexes of the
# case family are reported as deltas per submission (read = not in shared
# buffers, hit = in them), with the time spent reading.  PERF=1: perf record
# -g of one backend during the run, report in tmp_check/perf-<size>.txt.
set -euo pipefail
TOP=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck disable=SC1091
source "$TOP/tmp_check/scale.env"
SIZES=${SIZES:-"1000000 30000000"}
BIN=$(/usr/lib/postgresql/15/bin/pg_config --bindir)
SECS=${SECS:-15}
SCRIPT=${SCRIPT:-$TOP/bench/scale/submit.sql}
snap() {
	psql -X -q -At -F ' ' -d "$1" -c "
	  SELECT 'tbl', relname, heap_blks_read, heap_blks_hit, COALESCE(idx_blks_read, 0), COALESCE(idx_blks_hit, 0)
	    FROM pg_statio_user_tables WHERE schemaname = 'service_affair'
	  UNION ALL
	  SELECT 'idx', indexrelname, idx_blks_read, idx_blks_hit, 0, 0
	    FROM pg_statio_user_indexes WHERE schemaname = 'service_affair'
	  UNION ALL
	  SELECT 'db', datname, blks_read, blks_hit, round(blk_read_time)::bigint, round(blk_write_time)::bigint
	    FROM pg_stat_database WHERE datname = current_database()"
}
for size in $SIZES; do
	db=sa_scale_$size
	psql -X -q -d "$db" -c 'SELECT pg_stat_force_next_flush()' >/dev/null
	snap "$db" >/tmp/sa_prof_before.$$
	if [ -n "${PERF:-}" ]; then
		PGOPTIONS="-c track_io_timing=on" "$BIN/pgbench" -n -c 2 -j 2 -T "$SECS" -f "$SCRIPT" "$db" >/tmp/sa_prof_pgb.$$ 2>&1 &
		pgb=$!
		sleep 1
		pid=$(psql -X -At -d "$db" -c "SELECT pid FROM pg_stat_activity WHERE datname = '$db' AND application_name = 'pgbench' LIMIT 1")
		perf record -q -g -p "$pid" -o "$TOP/tmp_check/perf-$size.data" -- sleep $((SECS - 3)) >/dev/null 2>&1 || true
		wait "$pgb"
		perf report -i "$TOP/tmp_check/perf-$size.data" --no-children --percent-limit 0.7 --stdio 2>/dev/null |
			grep -v '^$' | head -400 >"$TOP/tmp_check/perf-$size.txt" || true
	else
		PGOPTIONS="-c track_io_timing=on" "$BIN/pgbench" -n -c 2 -j 2 -T "$SECS" -f "$SCRIPT" "$db" >/tmp/sa_prof_pgb.$$ 2>&1
	fi
	sleep 1.2
	snap "$db" >/tmp/sa_prof_after.$$
	n=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' /tmp/sa_prof_pgb.$$)
	tps=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' /tmp/sa_prof_pgb.$$)
	echo "== $db: $n submissions, tps $tps; per submission (rel: read hit [idx read idx hit]), nonzero only"
	join -j 1 <(awk '{print $1":"$2, $3, $4, $5, $6}' /tmp/sa_prof_before.$$ | sort) \
		<(awk '{print $1":"$2, $3, $4, $5, $6}' /tmp/sa_prof_after.$$ | sort) |
		awk -v n="$n" '{r = $6 - $2; h = $7 - $3; ir = $8 - $4; ih = $9 - $5;
			if (r + h + ir + ih == 0) next;
			if ($1 ~ /^db:/) printf "  %-40s read %.3f hit %.1f  read_ms_total %d write_ms_total %d\n", $1, r / n, h / n, ir, ih;
			else printf "  %-40s read %.3f hit %.2f  idx read %.3f hit %.2f\n", $1, r / n, h / n, ir / n, ih / n}'
done
rm -f /tmp/sa_prof_before.$$ /tmp/sa_prof_after.$$ /tmp/sa_prof_pgb.$$
