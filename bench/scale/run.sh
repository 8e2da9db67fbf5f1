#!/usr/bin/env bash
# Growth-curve benchmark (doc/scale.md, "Growth curve"), one throwaway
# cluster, one database per history size of SIZES (default "1000000
# 10000000"): each holds the same open set (OPEN accepted cases with an open
# task, default 20,000) and its history (MONTHLY cases a month going back
# from October 2026, default 100,000).  The measures then alternate between
# the databases, ROUNDS rounds (default 3), so that the load of a shared
# machine falls on every size alike; medians per size and the ratio to the
# first size:
#   submit_tps    pgbench, 2 clients, SECS seconds (default 15), each submission rolled back
#   claim_tps     claim_task + complete_task, 2 clients x TX (default 1500), the queue topped
#                 up to 2 x TX + 500 open tasks first
#   case_sla_open, case_sla_all, sla_sweep, efficiency_month   (measure.sql, ms)
# and, per size, report.sql: counts, the plan of the open-case query, size on
# disk per case, and locks.sql: the relation locks of one submit() and one
# claim + complete, and how many name the history.
# LAYOUT (default settled): how the history is loaded on the partitioned
# schema (doc/scale.md, "Slice 4: the growth curve on the partitioned schema"):
#   settled  history_settled.sql: as settle_cases() leaves it, settled = true
#            in the month partitions of <t>_settled (made by history_month()),
#            ids that carry their month; the open set stays in <t>_active
#   active   history.sql, the load of the unpartitioned runs (2026-11-30 to
#            2026-12-01): every history row in <t>_active (settled = false),
#            ids of month 0; after it settle.sql takes up the room the bulk
#            load leaves on the history pages of task (NO_SETTLE=1: not;
#            doc/scale.md, "Why submit() slowed down at 3x10^7").  With the
#            settled layout submit() never writes into a history page, and
#            settle.sql is not run.
# WRITES_ONLY=1: the two TPS measures
# only.  The cluster and its data are deleted at the end, except with KEEP=1:
# then the databases are
# loaded, the server is left running and no measure is taken; the file
# tmp_check/scale.env it names (source it for PGHOST, PGPORT, SA_CLUSTER,
# SA_BIN) is for interactive work such as bench/scale/profile.sh, and the
# cluster is stopped and deleted by hand (pg_ctl stop, rm -rf).  REUSE=1:
# no cluster, no load and no report; the measuring rounds run on the
# databases of the cluster that tmp_check/scale.env names (left running).
#   bench/scale/run.sh                     SIZES="1000000 3000000" ROUNDS=5 bench/scale/run.sh
source "$(dirname "$0")/../../tools/cluster.sh"
cd "$SA_TOP"
SIZES=${SIZES:-"1000000 10000000"}
MONTHLY=${MONTHLY:-100000}
OPEN=${OPEN:-20000}
TX=${TX:-1500}
QUEUE=$((2 * TX + 500))
SECS=${SECS:-15}
ROUNDS=${ROUNDS:-3}
CHUNK=${CHUNK:-1000000}
LAYOUT=${LAYOUT:-settled}
case $LAYOUT in
settled) HISTORY=bench/scale/history_settled.sql ;;
active) HISTORY=bench/scale/history.sql ;;
*) echo "LAYOUT must be settled or active" >&2; exit 2 ;;
esac
BIN=$("$PG_CONFIG" --bindir)
if [ -n "${REUSE:-}" ]; then
	# shellcheck disable=SC1091
	source "$SA_TOP/tmp_check/scale.env"
	SA_CLUSTER=$SA_CLUSTER/reuse.$$; mkdir -p "$SA_CLUSTER"
else
	sa_build
	sa_cluster_start "shared_buffers = 2GB" "max_wal_size = 1GB" "checkpoint_timeout = 30min" "maintenance_work_mem = 512MB" "work_mem = 64MB"
fi
echo "layout: $LAYOUT"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
psql -X -q -d postgres -At -c 'SELECT version()'
for size in $SIZES; do
	[ -z "${REUSE:-}" ] || break
	db=sa_scale_$size
	t0=$(date +%s)
	sa_createdb "$db" service_affair
	psql -X -q -d "$db" -v ON_ERROR_STOP=1 -v open="$OPEN" -f bench/scale/setup.sql >/dev/null
	loaded=0
	while [ "$loaded" -lt "$size" ]; do
		to=$(( loaded + CHUNK < size ? loaded + CHUNK : size ))
		psql -X -q -d "$db" -v ON_ERROR_STOP=1 -v from=$((loaded + 1)) -v to="$to" -v monthly="$MONTHLY" -f "$HISTORY" >/dev/null
		loaded=$to
	done
	psql -X -q -d "$db" -c 'VACUUM ANALYZE'
	[ -n "${NO_SETTLE:-}" ] || [ "$LAYOUT" != active ] || psql -X -q -d "$db" -v ON_ERROR_STOP=1 -f bench/scale/settle.sql
	sa_log "$db: open set $OPEN and history $size loaded ($LAYOUT) in $(( $(date +%s) - t0 )) s; disk $(du -sh "$SA_CLUSTER" | cut -f1)"
done
if [ -n "${KEEP:-}" ]; then
	printf 'export PGHOST=%q PGPORT=%q PGUSER=postgres SA_CLUSTER=%q SA_BIN=%q\n' \
		"$PGHOST" "$PGPORT" "$SA_CLUSTER" "$SA_BIN" >"$SA_TOP/tmp_check/scale.env"
	sa_log "KEEP=1: cluster $SA_CLUSTER left running; source tmp_check/scale.env"
	trap - EXIT
	exit 0
fi
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
tps() { local db=$1; shift; "$BIN/pgbench" -n -c 2 -j 2 "$@" "$db" 2>&1 | sed -n 's/^tps = \([0-9.]*\) .*/\1/p'; }
RES=$SA_CLUSTER/results; : >"$RES"
for size in $SIZES; do
	[ -z "${REUSE:-}" ] || break
	echo "== report: history $size"
	psql -X -q -d "sa_scale_$size" -v ON_ERROR_STOP=1 -f bench/scale/report.sql
	echo "relation locks at the end of the transaction|total|on the history"
	psql -X -q -d "sa_scale_$size" -v ON_ERROR_STOP=1 -f bench/scale/locks.sql
done
for r in $(seq 1 "$ROUNDS"); do
	for size in $SIZES; do
		db=sa_scale_$size
		echo "$size submit_tps $(tps "$db" -T "$SECS" -f bench/scale/submit.sql)" >>"$RES"
		psql -X -q -d "$db" -v ON_ERROR_STOP=1 -c "
		  SELECT count(service_affair.submit('sc_q', 1 + g % 1000, '{m1,m2,m3,m4}', 'online', '{}', timestamptz '2026-11-16 09:00+08'))
		    FROM generate_series(1, $QUEUE - (SELECT count(*) FROM service_affair.task WHERE department = 'SC_Q' AND status = 'open' AND NOT settled)) g" >/dev/null
		psql -X -q -d "$db" -c 'ANALYZE service_affair.task'
		done0=$(psql -X -At -d "$db" -c "SELECT count(*) FROM service_affair.task WHERE department = 'SC_Q' AND status = 'done' AND NOT settled")
		echo "$size claim_tps $(tps "$db" -t "$TX" -f bench/scale/claim.sql)" >>"$RES"
		done1=$(psql -X -At -d "$db" -c "SELECT count(*) FROM service_affair.task WHERE department = 'SC_Q' AND status = 'done' AND NOT settled")
		[ $((done1 - done0)) -eq $((2 * TX)) ] || echo "WARNING: claim run completed $((done1 - done0)) tasks, not $((2 * TX))"
		[ -n "${WRITES_ONLY:-}" ] ||
			psql -X -q -d "$db" -v ON_ERROR_STOP=1 -f bench/scale/measure.sql | sed "s/^/$size /; s/|/ /" >>"$RES"
	done
	sa_log "round $r done (load $(cut -d' ' -f1-3 /proc/loadavg))"
done
echo "== medians of $ROUNDS interleaved rounds (ratio to the first size); raw: size measure value"
cat "$RES"
first=${SIZES%% *}
for m in submit_tps claim_tps ${WRITES_ONLY:+#} case_sla_open case_sla_all sla_sweep efficiency_month; do
	[ "$m" = "#" ] && break
	base=$(awk -v s="$first" -v m="$m" '$1 == s && $2 == m {print $3}' "$RES" | median)
	line="$m:"
	for size in $SIZES; do
		v=$(awk -v s="$size" -v m="$m" '$1 == s && $2 == m {print $3}' "$RES" | median)
		line+=" $size=$v ($(echo "scale=2; $v / $base" | bc)x)"
	done
	echo "$line"
done
