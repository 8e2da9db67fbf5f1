#!/usr/bin/env bash
# Does plan_cache_mode = force_custom_plan take the cost of partitions out of
# the first pass of the partitioned history (doc/scale.md, "The partitioned
# build")?  Measures a checkout of that pass, which is in main's history:
#
#   git worktree add --detach /tmp/part1 439690d
#   bench/scale/partition_plans.sh /tmp/part1 > results.txt
#
# The checkout is built and benchmarked with its own tools/cluster.sh and
# bench scripts, in one throwaway cluster (in <checkout>/tmp_check, removed on
# exit).  Two databases, same data:
#   p5   history_partitions(4):  5 monthly partitions per family table (+ _p0)
#   p61  history_partitions(60): 61 monthly partitions per family table (+ _p0)
# each loaded with bench/intake/setup.sql + plain_setup.sql (the 6-material
# submission and the plain application's tables) and a work queue of TASKS
# (default 14,000) tasks for claim + complete (as bench/routing/setup.sql,
# without its 10^6 bulk cases, submitted now so that no other month is made)
# plus bench/routing/plain_setup.sql; the months ahead are made after the data.  In each database three modes:
#   generic   the tree as it is (plan_cache_mode = auto; PL/pgSQL and the RI
#             checks switch to a generic plan once it looks no dearer)
#   db        ALTER DATABASE <db> SET plan_cache_mode = force_custom_plan
#   fn        only the three entry points carry it: ALTER FUNCTION submit(bigint
#             form), claim_task, complete_task SET plan_cache_mode =
#             force_custom_plan (what a per-function SET clause would give;
#             nested calls and the RI checks fired inside inherit it)
# and the plain comparators (bench/intake/plain.sql, bench/routing/plain.sql).
# Per round (ROUNDS, default 3; the order of the modes reverses every round):
#   * pgbench, 4 clients (-j 2): bench/intake/submit.sql / plain.sql for
#     BENCH_SECONDS (default 5), bench/routing/claim.sql / plain.sql for TX
#     (default 150) transactions per client (a fixed count, so that the
#     queue never runs dry: the open tasks left are printed after each run);
#   * backend CPU per call: one session per mode, 10 warm-up calls, BLOCKS
#     (default 7) blocks of CALLS (default 30) calls, each call its own
#     transaction, CPU read from /proc/self/schedstat (pg_read_file) around
#     each block; reported per block in µs/call (medians at the end).
# Once per database and mode: relation locks held inside one transaction after
# 10 warm-up calls in the same session (pg_locks, total and not fast-path),
# and with pg_stat_statements (track = all, track_planning = on, in that session
# only) the plannings and planning time of every statement, nested ones and RI
# checks included, per call over 20 calls.
# TASKS=0: no queue, submit() only.  PARTITIONS_FIRST=1: the months are made
# before the data, as bench/intake/run.sh met them when the first pass was
# measured (then the queue's 28,000 submissions load through every partition:
# with TASKS > 0 that takes ten minutes at 61 months).
# Prints raw lines (round/db/mode/kind/value) and a summary.  Needs sudo to
# the postgres user, as the tree's other benchmarks.
set -euo pipefail
TREE=$(cd "${1:?usage: $0 <checkout of 439690d>}" && pwd)
source "$TREE/tools/cluster.sh"
cd "$SA_TOP"
SECS=${BENCH_SECONDS:-5}
TX=${TX:-150}
ROUNDS=${ROUNDS:-3}
BLOCKS=${BLOCKS:-7}
CALLS=${CALLS:-30}
TASKS=${TASKS:-14000}
KINDS="submit claim"
[ "$TASKS" -gt 0 ] || KINDS=submit
sa_build
sa_cluster_start "shared_preload_libraries = 'pg_stat_statements'" \
	"pg_stat_statements.track = none" "pg_stat_statements.max = 10000"
OUT=$(mktemp -d)
trap 'sa_cluster_stop; rm -rf "$OUT"' EXIT  # after sa_cluster_start, which sets its own
BIN=$("$PG_CONFIG" --bindir)
echo "tree: $(git -C "$TREE" rev-parse --short HEAD)  machine: $(nproc) cores, $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%F %T') UTC"
psql -X -At -c 'SELECT version()'
load() { cut -d' ' -f1 /proc/loadavg; }

SUBMIT_FN="service_affair.submit(text, bigint, text[], text, text[], timestamptz, text, text)"
FNS=("$SUBMIT_FN" "service_affair.claim_task(text, text, timestamptz)"
	"service_affair.complete_task(bigint, text, timestamptz, text)")

setup() { # db months_ahead
	local db=$1
	sa_createdb "$db" service_affair
	psql -X -q -d "$db" -c "CREATE EXTENSION pg_stat_statements"
	if [ -n "${PARTITIONS_FIRST:-}" ]; then
		psql -X -q -d "$db" -v ON_ERROR_STOP=1 -At -c "SELECT 'made ' || service_affair.history_partitions($2) || ' partitions'"
	fi
	psql -X -q -d "$db" -v ON_ERROR_STOP=1 -f bench/intake/setup.sql
	psql -X -q -d "$db" -v ON_ERROR_STOP=1 -f bench/intake/plain_setup.sql
	if [ "$TASKS" -gt 0 ]; then
	PGOPTIONS="-c plan_cache_mode=force_custom_plan" psql -X -q -d "$db" -v ON_ERROR_STOP=1 -v tasks="$TASKS" <<'EOF'
SET search_path = service_affair, public;
INSERT INTO department (code, name, region) VALUES ('BR_D', 'Bench department', '330225'),
  ('BR_Q', 'Bench queue (API)', '330225'), ('BR_P', 'Bench queue (plain SQL)', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit)
VALUES ('br_q', 'Queue item', 'BR_Q', 'promised', 20, 5), ('br_p', 'Plain queue item', 'BR_P', 'promised', 20, 5);
UPDATE item SET online = true WHERE code LIKE 'br\_%';
INSERT INTO material (item, code, name) VALUES ('br_q', 'form', 'Form'), ('br_p', 'form', 'Form');
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '330225198503120049', 'Bench Person');
SELECT count(submit(s, (SELECT id FROM applicant WHERE name = 'Bench Person'), '{form}', 'online'))
  FROM generate_series(1, :tasks) g, unnest(ARRAY['br_q', 'br_p']) s;
EOF
	psql -X -q -d "$db" -v ON_ERROR_STOP=1 -f bench/routing/plain_setup.sql
	fi
	# the months ahead after the data (all of it in this month): loading
	# through 62 partitions per table takes ten times as long
	psql -X -q -d "$db" -v ON_ERROR_STOP=1 -At -c "SELECT 'made ' || service_affair.history_partitions($2) || ' partitions'"
	psql -X -q -d "$db" -c "VACUUM ANALYZE"
	psql -X -At -d "$db" -c "SELECT '$db: partitions per table: ' || string_agg(t.name || ' ' || (SELECT count(*) FROM pg_inherits i WHERE i.inhparent = ('service_affair.' || t.name)::regclass), ', ') FROM service_affair.history_tables() t"
}

mode() { # db generic|db|fn|plain
	local db=$1 f
	psql -X -q -d "$db" -c "ALTER DATABASE $db RESET plan_cache_mode"
	for f in "${FNS[@]}"; do psql -X -q -d "$db" -c "ALTER FUNCTION $f RESET plan_cache_mode"; done
	case $2 in
	db) psql -X -q -d "$db" -c "ALTER DATABASE $db SET plan_cache_mode = force_custom_plan" ;;
	fn) for f in "${FNS[@]}"; do psql -X -q -d "$db" -c "ALTER FUNCTION $f SET plan_cache_mode = force_custom_plan"; done ;;
	esac
}

# one call of each kind as psql text (n: a number for the applicant)
call() { # kind n
	case $1 in
	submit) echo "SELECT service_affair.submit('bn6', $(($2 % 1000 + 1)), '{m1,m2,m3,m4,m5,m6}', 'window');" ;;
	plain_submit) sed -e '/^\\set/d' -e "s/:a\b/$(($2 % 1000 + 1))/" bench/intake/plain.sql ;;
	claim) echo "SELECT service_affair.complete_task(t, 'approved') FROM service_affair.claim_task('BR_Q', 'cpu') t WHERE t IS NOT NULL;" ;;
	plain_claim) sed -e "s/:client_id/0/g" bench/routing/plain.sql ;;
	esac
}

cpu() { # db kind -> one µs/call figure per block
	local db=$1 kind=$2 f=$OUT/cpu.sql i b
	{
		echo '\o /dev/null'
		for i in $(seq 1 10); do call "$kind" "$RANDOM"; done
		for b in $(seq 1 "$BLOCKS"); do
			echo "SELECT split_part(pg_read_file('/proc/self/schedstat'), ' ', 1)::bigint AS t0 \\gset"
			for i in $(seq 1 "$CALLS"); do call "$kind" "$RANDOM"; done
			echo '\o'
			echo "SELECT 'cpu ' || round((split_part(pg_read_file('/proc/self/schedstat'), ' ', 1)::bigint - :t0) / $CALLS / 1000.0, 1);"
			echo '\o /dev/null'
		done
	} > "$f"
	psql -X -q -At -d "$db" -v ON_ERROR_STOP=1 -f "$f" | sed -n 's/^cpu //p'
}

locks() { # db kind -> relation locks held in one transaction, plannings per call
	local db=$1 kind=$2 f=$OUT/locks.sql i
	{
		echo '\o /dev/null'
		for i in $(seq 1 10); do call "$kind" "$RANDOM"; done
		echo 'BEGIN;'
		call "$kind" 1 | sed -e '/^BEGIN;$/d' -e '/^END;$/d'
		echo '\o'
		echo "SELECT 'locks ' || count(*) || ' ' || count(*) FILTER (WHERE NOT fastpath) FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'relation';"
		echo '\o /dev/null'
		echo 'ROLLBACK;'
		echo "SET pg_stat_statements.track = 'all';"
		echo 'SET pg_stat_statements.track_planning = on;'
		echo 'SELECT pg_stat_statements_reset();'
		for i in $(seq 1 20); do call "$kind" "$RANDOM"; done
		echo "SET pg_stat_statements.track = 'none';"
		echo '\o'
		echo "SELECT 'plans ' || round(sum(plans) / 20.0, 1) || ' ' || round(sum(total_plan_time)::numeric / 20 * 1000, 0) || ' ' || round(sum(calls) / 20.0, 1) FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query !~* 'pg_stat_statements|^SET ';"
		echo "SELECT 'top ' || round(total_plan_time::numeric / 20 * 1000) || ' µs ' || round(plans / 20.0, 1) || 'x ' || left(regexp_replace(query, '\s+', ' ', 'g'), 110) FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query !~* 'pg_stat_statements|^SET ' ORDER BY total_plan_time DESC LIMIT 4;"
	} > "$f"
	psql -X -q -At -d "$db" -v ON_ERROR_STOP=1 -f "$f" > "$OUT/locks.out"
	echo "$(sed -n 's/^\(locks\|plans\) //p' "$OUT/locks.out" | paste -sd' ')"
	sed -n 's/^top /    planning per call: /p' "$OUT/locks.out"
}

left() { # db mode: open tasks left in the queue the claim script pops
	if [ "$2" = plain ]; then psql -X -At -d "$1" -c "SELECT count(*) FROM plain_q.task WHERE status = 'open'"
	else psql -X -At -d "$1" -c "SELECT count(*) FROM service_affair.task WHERE department = 'BR_Q' AND status = 'open'"; fi
}

tps() { # db script [-T secs | -t tx]
	"$BIN/pgbench" -n -c 4 -j 2 "${@:3}" -f "$2" "$1" 2>&1 | sed -n 's/^tps = \([0-9.]*\) .*/\1/p'
}

setup p5 4
setup p61 60

echo "== relation locks in one transaction (total, not fast-path) and per call: plannings, planning µs, statements executed"
for db in p5 p61; do
	for m in generic db fn; do
		mode "$db" "$m"
		for k in $KINDS; do
			echo "locks $db $m $k $(locks "$db" "$k")"
		done
	done
	mode "$db" plain
	for k in $KINDS; do k=plain_$k; echo "locks $db plain $k $(locks "$db" "$k")"; done
done

echo "== rounds (raw: round db mode kind load value...)"
for r in $(seq 1 "$ROUNDS"); do
	order="generic db fn plain"
	[ $((r % 2)) = 0 ] && order="plain fn db generic"
	for db in p5 p61; do
		for m in $order; do
			mode "$db" "$m"
			if [ "$m" = plain ]; then ks=plain_submit kc=plain_claim ss=bench/intake/plain.sql sc=bench/routing/plain.sql
			else ks=submit kc=claim ss=bench/intake/submit.sql sc=bench/routing/claim.sql; fi
			echo "tps $r $db $m submit $(load) $(tps "$db" "$ss" -T "$SECS")"
			[ "$TASKS" -gt 0 ] && echo "tps $r $db $m claim $(load) $(tps "$db" "$sc" -t "$TX") open_left=$(left "$db" "$m")"
			echo "cpu $r $db $m submit $(load) $(cpu "$db" "$ks" | paste -sd' ')"
			[ "$TASKS" -gt 0 ] && echo "cpu $r $db $m claim $(load) $(cpu "$db" "$kc" | paste -sd' ')"
			true
		done
	done
done | tee "$OUT/raw"
[ "$TASKS" -gt 0 ] && for db in p5 p61; do
	echo "$db: tasks left in the API queue $(psql -X -At -d "$db" -c "SELECT count(*) FROM service_affair.task WHERE department = 'BR_Q' AND status = 'open'"), plain $(psql -X -At -d "$db" -c "SELECT count(*) FROM plain_q.task WHERE status = 'open'"); duplicate claims $(psql -X -At -d "$db" -c "SELECT count(*) FROM (SELECT e.detail->>'task_id' FROM service_affair.case_event e WHERE e.kind = 'task_claimed' GROUP BY 1 HAVING count(*) > 1) d")"
done

echo "== summary: medians (TPS over rounds; CPU µs/call over all blocks of all rounds); ratio = plain / mode for CPU, mode / plain for TPS"
python3 - "$OUT/raw" <<'EOF'
import sys, statistics as st
tps, cpu = {}, {}
for line in open(sys.argv[1]):
    f = line.split()
    if f[0] == 'tps' and len(f) > 6:
        tps.setdefault((f[2], f[3], f[4]), []).append(float(f[6]))
    elif f[0] == 'cpu':
        cpu.setdefault((f[2], f[3], f[4]), []).extend(float(x) for x in f[6:])
print('db   mode     kind    TPS (rounds)                 TPS/plain  CPU µs/call (IQR)         plain/CPU')
for db in ('p5', 'p61'):
    for kind in ('submit', 'claim'):
        for m in ('generic', 'db', 'fn', 'plain'):
            t = tps.get((db, m, kind), []); c = cpu.get((db, m, kind), [])
            if not t or not c: continue
            pt = st.median(tps[(db, 'plain', kind)]); pc = st.median(cpu[(db, 'plain', kind)])
            q = st.quantiles(c, n=4) if len(c) > 1 else [c[0]] * 3
            print(f"{db:4} {m:8} {kind:7} {st.median(t):8.0f} ({' '.join(f'{x:.0f}' for x in t):18}) {st.median(t)/pt:6.2f}    "
                  f"{st.median(c):8.1f} ({q[0]:.0f}-{q[2]:.0f})   {pc/st.median(c):6.2f}")
EOF
