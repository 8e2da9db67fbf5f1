#!/usr/bin/env bash
# Growth-curve benchmark (doc/scale.md, "Growth curve"), one throwaway cluster:
# the open set (OPEN accepted cases with open tasks, default 20,000) is held
# constant while history grows through SIZES (default "1000000 3000000
# 10000000" cases, MONTHLY per month going back from October 2026, default
# 100,000).  At each size: submit TPS (pgbench, 2 clients, SECS seconds, ROUNDS
# rounds, median; rolled back), claim + complete TPS (the queue topped up to
# 2 x TX + 500 tasks first, TX transactions per client, default 2000), case_sla over the open cases, the whole case_sla,
# sla_sweep, one month's efficiency_period (RUNS runs, median), and the size on
# disk per case.  The cluster and its data are deleted at the end.
#   bench/scale/run.sh
source "$(dirname "$0")/../../tools/cluster.sh"
cd "$SA_TOP"
SIZES=${SIZES:-"1000000 3000000 10000000"}
MONTHLY=${MONTHLY:-100000}
OPEN=${OPEN:-20000}
TX=${TX:-2000}
QUEUE=$((2 * TX + 500))
SECS=${SECS:-15}
ROUNDS=${ROUNDS:-2}
CHUNK=${CHUNK:-1000000}
sa_build
sa_cluster_start "shared_buffers = 2GB" "max_wal_size = 2GB" "checkpoint_timeout = 30min" "maintenance_work_mem = 512MB" "work_mem = 64MB"
BIN=$("$PG_CONFIG" --bindir)
sa_createdb sa_bench service_affair
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
psql -X -q -d postgres -At -c 'SELECT version()'
t0=$(date +%s)
psql -X -q -d sa_bench -v ON_ERROR_STOP=1 -v open="$OPEN" -f bench/scale/setup.sql
sa_log "open set of $OPEN cases in $(( $(date +%s) - t0 )) s"
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
tps() { "$BIN/pgbench" -n -c 2 -j 2 "$@" sa_bench 2>&1 | sed -n 's/^tps = \([0-9.]*\) .*/\1/p'; }
loaded=0
for size in $SIZES; do
	t0=$(date +%s)
	while [ "$loaded" -lt "$size" ]; do
		to=$(( loaded + CHUNK < size ? loaded + CHUNK : size ))
		psql -X -q -d sa_bench -v ON_ERROR_STOP=1 -v from=$((loaded + 1)) -v to="$to" -v monthly="$MONTHLY" -f bench/scale/history.sql
		loaded=$to
	done
	psql -X -q -d sa_bench -c 'VACUUM ANALYZE'
	sa_log "history $size loaded in $(( $(date +%s) - t0 )) s"
	echo "== history $size cases (+ open set $OPEN)"
	s_all=""; c_all=""
	for r in $(seq 1 "$ROUNDS"); do
		s_all+="$(tps -T "$SECS" -f bench/scale/submit.sql) "
		psql -X -q -d sa_bench -v ON_ERROR_STOP=1 -c "
		  SELECT count(service_affair.submit('sc_q', 1 + g % 1000, '{m1,m2,m3,m4}', 'online', '{}', timestamptz '2026-11-16 09:00+08'))
		    FROM generate_series(1, $QUEUE - (SELECT count(*) FROM service_affair.task WHERE department = 'SC_Q' AND status = 'open')) g" >/dev/null
		psql -X -q -d sa_bench -c 'ANALYZE service_affair.task' 
		done0=$(psql -X -At -d sa_bench -c "SELECT count(*) FROM service_affair.task WHERE department = 'SC_Q' AND status = 'done'")
		c_all+="$(tps -t "$TX" -f bench/scale/claim.sql) "
		done1=$(psql -X -At -d sa_bench -c "SELECT count(*) FROM service_affair.task WHERE department = 'SC_Q' AND status = 'done'")
		[ $((done1 - done0)) -eq $((2 * TX)) ] || echo "claim run completed $((done1 - done0)) tasks, not $((2 * TX))"
	done
	echo "submit_tps=$(echo $s_all | tr ' ' '\n' | median) (rounds: $s_all) claim_complete_tps=$(echo $c_all | tr ' ' '\n' | median) (rounds: $c_all)"
	PGOPTIONS="-c bench.runs=${RUNS:-3}" psql -X -q -d sa_bench -v ON_ERROR_STOP=1 -P pager=off -f bench/scale/measure.sql
	# the claimed queue cases are concluded now: they join the history, the
	# open set is topped up again at the next size
done
