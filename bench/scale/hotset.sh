#!/usr/bin/env bash
# Design S of doc/scale.md ("A third design: the hot set as a partition chosen
# by a constant"), measured against unpartitioned tables in the same run, on a
# throwaway cluster (tools/cluster.sh).  Stand-alone tables of the family's
# shape (bench/scale/hotset.sql), not the extension.
#
#   u     unpartitioned, foreign keys, MONTHS_U months of history (default 121)
#   s<N>  design S, N months of history (N in MONTHS, default "1 13 61 121")
#         plus the current month's partition
# PER_MONTH history cases per month (default 2000), OPEN open cases (20000).
# plan_cache_mode = force_generic_plan for the database: every statement of
# the PL/pgSQL functions and every RI check runs on a cached generic plan.
#
# ROUNDS interleaved rounds (default 4; order of the schemas reversed every
# other round); in each, per operation (submit, claim, progress) and schema:
# the open set reset, pgbench 4 clients for SECS seconds (default 5; claim:
# CLAIMS transactions per client, default 1000, the queue never runs dry), then
# backend CPU per call (/proc/self/schedstat, CALLS calls, each its own
# transaction, in one session: hs_run).  Then relation locks per call and the
# settle step (CPU per case, and a batch of 1,000 in one transaction), then
# CPU per call again with every schema in one session (the cpu phase below).
# PHASES (default "tps locks settle cpu"), TPS_OPS and CPU_OPS select parts.
source "$(dirname "$0")/../../tools/cluster.sh"
cd "$SA_TOP"
MONTHS=${MONTHS:-"1 13 61 121"}
MONTHS_U=${MONTHS_U:-121}
PER_MONTH=${PER_MONTH:-2000}
OPEN=${OPEN:-20000}
ROUNDS=${ROUNDS:-4}
SECS=${SECS:-5}
CALLS=${CALLS:-300}
BIN=$(/usr/lib/postgresql/15/bin/pg_config --bindir)
sa_cluster_start "max_locks_per_transaction = 256" "autovacuum = off"
DB=sa_hot
psql -X -q -d postgres -c "CREATE DATABASE $DB"
psql -X -q -d $DB -c "ALTER DATABASE $DB SET plan_cache_mode = force_generic_plan"
q() { psql -X -q -At -v ON_ERROR_STOP=1 -d $DB "$@"; }
q -f bench/scale/hotset.sql

echo "== $(date -u +%FT%TZ) PostgreSQL $(q -c 'SHOW server_version'), months_u=$MONTHS_U months=[$MONTHS] per_month=$PER_MONTH open=$OPEN rounds=$ROUNDS secs=$SECS calls=$CALLS"
echo "== behaviours (bench/scale/hotset-behaviour.sql)"
psql -X -d $DB -f bench/scale/hotset-behaviour.sql 2>&1 | sed 's/^psql:[^ ]* //'

SCHEMAS="u"
part() { [ "$1" != u ]; }
t0=$(date +%s)
q -c "SELECT hs_build('u', $MONTHS_U, false, $PER_MONTH, $OPEN)" -c "SELECT hs_funcs('u', false)"
for m in $MONTHS; do
	q -c "SELECT hs_build('s$m', $m, true, $PER_MONTH, $OPEN)" -c "SELECT hs_funcs('s$m', true)"
	SCHEMAS="$SCHEMAS s$m"
done
q -c "VACUUM ANALYZE"
echo "== built in $(($(date +%s) - t0)) s: $(q -c "SELECT pg_size_pretty(pg_database_size('$DB'))")"
q -c "SELECT n.nspname || ': ' || count(*) || ' relations' FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN ($(printf "'%s'," $SCHEMAS | sed 's/,$//')) GROUP BY n.nspname ORDER BY n.nspname"

W=$(mktemp -d)
trap 'rm -rf "$W"; sa_cluster_stop' EXIT
cat >"$W/submit.sql" <<'EOF'
\set a random(1, 1000000)
\set d random(0, 19)
SELECT :sch.submit('d' || :d, :a);
EOF
cat >"$W/claim.sql" <<'EOF'
\set d random(0, 19)
SELECT :sch.claim_complete('d' || :d, 'clerk');
EOF
cat >"$W/progress.sql" <<'EOF'
\set g random(1, 20000)
SELECT :sch.progress(3240001000000 + :g);
EOF

reset() {
	local s=$1 p=false t
	part "$s" && p=true
	q -c "SELECT hs_reset('$s', $p)" >/dev/null
	if part "$s"; then
		q -c "VACUUM $s.cases_open, $s.case_material_open, $s.case_event_open, $s.task_open"
	else
		q -c "VACUUM $s.cases, $s.case_material, $s.case_event, $s.task"
	fi
}

has() { case " ${PHASES:-tps locks settle cpu} " in *" $1 "*) return 0 ;; esac; return 1; }

has tps && for r in $(seq 1 "$ROUNDS"); do
	order=$SCHEMAS
	[ $((r % 2)) = 0 ] && order=$(echo "$SCHEMAS" | tr ' ' '\n' | tac | tr '\n' ' ')
	for op in ${TPS_OPS:-submit claim progress}; do
		for s in $order; do
			reset "$s"
			# claim: a fixed number of transactions, so that the queue (OPEN tasks
			# over 20 departments) never runs dry: CLAIMS per client (default 1000)
			len=(-T "$SECS")
			[ "$op" = claim ] && len=(-t "${CLAIMS:-1000}")
			tps=$("$BIN/pgbench" -n -c 4 -j 2 "${len[@]}" -D sch="$s" -f "$W/$op.sql" $DB 2>&1 |
				sed -n 's/^tps = \([0-9.]*\) .*/\1/p')
			reset "$s"
			n=$CALLS
			[ "$op" = progress ] && n=$((CALLS * 3))
			cpu=$(q -c "CALL hs_run('$s', '$op', $n)")
			echo "round $r $op $s tps $tps cpu_us $cpu load $(cut -d' ' -f1 /proc/loadavg)"
		done
	done
done

has locks && echo "== relation locks per call in its transaction (after 8 calls in the session): total / not fast-path"
has locks && for s in $SCHEMAS; do
	reset "$s"
	{
		echo "SELECT $s.submit('d1', g) FROM generate_series(1, 8) g \\g /dev/null"
		echo "BEGIN; SELECT $s.submit('d1', 42) \\g /dev/null"
		echo "SELECT '$s submit ' || total || ' / ' || slow FROM hs_locks(); ROLLBACK;"
		for i in 1 2 3 4 5 6 7 8; do echo "SELECT $s.claim_complete('d1', 'clerk') \\g /dev/null"; done
		echo "BEGIN; SELECT $s.claim_complete('d2', 'clerk') \\g /dev/null"
		echo "SELECT '$s claim_complete ' || total || ' / ' || slow FROM hs_locks(); ROLLBACK;"
		echo "SELECT $s.progress(3240001000000 + g) FROM generate_series(1, 8) g \\g /dev/null"
		echo "BEGIN; SELECT $s.progress(3240001000100) \\g /dev/null"
		echo "SELECT '$s progress ' || total || ' / ' || slow FROM hs_locks(); ROLLBACK;"
		echo "SELECT $s.progress_any(3240001000000 + g) FROM generate_series(1, 8) g \\g /dev/null"
		echo "BEGIN; SELECT $s.progress_any(3230000000100) \\g /dev/null"
		echo "SELECT '$s progress of a history case, no constant ' || total || ' / ' || slow FROM hs_locks(); ROLLBACK;"
		if part "$s"; then
			echo "SELECT $s.settle(id) FROM (SELECT id FROM $s.cases_open WHERE status = 'concluded' ORDER BY id LIMIT 6) x \\g /dev/null"
			echo "BEGIN; SELECT $s.settle((SELECT min(id) FROM $s.cases_open WHERE status = 'concluded')) \\g /dev/null"
			echo "SELECT '$s settle ' || total || ' / ' || slow FROM hs_locks(); ROLLBACK;"
		fi
	} | q
done

has settle && echo "== settle: CPU per case (each its own transaction, $CALLS cases), then 1,000 cases in one transaction"
has settle && for s in $SCHEMAS; do
	part "$s" || continue
	reset "$s"
	q -c "CALL hs_run('$s', 'claim', $((CALLS + 1020)))" >/dev/null
	cpu=$(q -c "CALL hs_run('$s', 'settle', $CALLS)")
	t1=$(date +%s%N)
	moved=$(q -c "SELECT count($s.settle(id)) FROM (SELECT id FROM $s.cases_open WHERE status = 'concluded' ORDER BY id LIMIT 1000) x")
	t2=$(date +%s%N)
	echo "settle $s cpu_us_per_case $cpu batch_cases $moved batch_ms $(((t2 - t1) / 1000000)) rows_per_case 10"
done
has settle && echo "== settled rows"
has settle && for s in $SCHEMAS; do
	part "$s" || continue
	q -c "SELECT '$s ' || tableoid::regclass || ' ' || count(*) FROM $s.cases WHERE id >= 3240000000000 GROUP BY tableoid ORDER BY 1"
done
# CPU per call, all schemas in ONE session per operation, BLOCKS blocks of
# BCALLS calls, the order of the schemas reversed every other block: the
# machine's load hits every schema alike.  progress_open: the by-id read on
# the open partitions by name (<t>_open) instead of the parents.
if has cpu; then
	echo "== cpu per call, one session per operation, ${BLOCKS:=9} blocks of ${BCALLS:=500} calls (progress: 3x)"
	for op in ${CPU_OPS:-submit claim progress progress_open}; do
		for s in $SCHEMAS; do reset "$s"; done
		n=$BCALLS
		case $op in progress*) n=$((BCALLS * 3)) ;; esac
		{
			for b in $(seq 1 "$BLOCKS"); do
				order=$SCHEMAS
				[ $((b % 2)) = 0 ] && order=$(echo "$SCHEMAS" | tr ' ' '\n' | tac | tr '\n' ' ')
				for s in $order; do
					echo "CALL hs_run('$s', '$op', $n) \\gset"
					echo "SELECT 'block $b $op $s cpu_us ' || :'cpu_us';"
				done
			done
		} | q
	done
fi
echo "== done $(date -u +%FT%TZ)"
