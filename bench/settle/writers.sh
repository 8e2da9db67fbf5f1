#!/usr/bin/env bash
# The writers' wait behind settling (doc/ratings.md, "settling holds the due
# lock in shared mode"; doc/benchmarks.md): a calendar edit waits for the
# settling transaction under way (it wants the due lock exclusively), and
# submit() queues behind the edit's lock request.  pgbench, 4 clients
# (-j 2), bench/intake/submit.sql, PHASE_SECONDS (default 20) per phase, with
# a per-transaction log (pgbench -l); the latency percentiles of each phase:
#   base    submit() alone
#   settle  + one session looping BEGIN; settle_cases(now(), BATCH); ROLLBACK
#           (rolled back so that the same BATCH cases settle again on every
#           turn: the due lock is held as long as a committed run holds it)
#   edit    + one session editing a calendar day every EDIT_GAP s (default 2;
#           an UPDATE turning one day of calendar bs_cal, which no case
#           names, into a workday and back: the edit moves no due date)
#   both    settle + edit
#   dba     + edit, with what a DBA would otherwise run instead of
#           settle_cases(): the batch's rows marked settled by hand, one
#           UPDATE per table, triggers and FK checks off
#           (bench/scale/settle.sh, database H), rolled back likewise
# N (default 2,000) concluded and delivered cases of bn6 are loaded as in
# bench/scale/settle.sh (settle.quiet_days = 0).  ROUNDS (default 2) rounds,
# the phases' order reversed every other round.  The edit session logs each
# edit's time (psql \timing), the settle session each run's.
#   bench/settle/writers.sh
#   PHASE_SECONDS=30 ROUNDS=3 BATCH=1000 bench/settle/writers.sh
source "$(dirname "$0")/../../tools/cluster.sh"
cd "$SA_TOP"
N=${N:-2000} BATCH=${BATCH:-1000} SECS=${PHASE_SECONDS:-20} ROUNDS=${ROUNDS:-2} GAP=${EDIT_GAP:-2}
sa_build
sa_cluster_start
BIN=$("$PG_CONFIG" --bindir)
work=$(mktemp -d)
chmod 777 "$work"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"; sa_cluster_stop' EXIT
q() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$@"; }
echo "== $(date -u +%FT%TZ) this tree $(git rev-parse --short HEAD) ($(git rev-parse --abbrev-ref HEAD))"
echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) (shared with other jobs: figures from a loaded machine)"
echo "== cases=$N batch=$BATCH phase=${SECS}s rounds=$ROUNDS edit every ${GAP}s"
sa_createdb sa_bench service_affair
q sa_bench -f bench/intake/setup.sql >/dev/null
q sa_bench <<SQL
INSERT INTO service_affair.setting (name, value) VALUES ('settle.quiet_days', '0');
INSERT INTO service_affair.calendar (name, weekmask, timezone) VALUES ('bs_cal', '1111100', 'Asia/Shanghai');
INSERT INTO service_affair.calendar_day VALUES ('bs_cal', '2027-03-03', false, 'bench');
SQL
q sa_bench -v n="$N" -f bench/scale/concluded_cases.sql
echo "== loaded: open-to-settle $(q sa_bench -c "SELECT count(*) FROM service_affair.cases_active WHERE status = 'concluded'") cases, load $(cut -d' ' -f1 /proc/loadavg)"

cat >"$work/settle.sql" <<SQL
BEGIN;
\\timing on
SELECT service_affair.settle_cases(now(), $BATCH);
\\timing off
ROLLBACK;
SQL
cat >"$work/dba.sql" <<SQL
BEGIN;
SET LOCAL bench.settle_batch = $BATCH;
\\timing on
\\i '$SA_TOP/bench/scale/settle_by_hand.sql'
\\timing off
ROLLBACK;
SQL
cat >"$work/edit.sql" <<SQL
\\timing on
UPDATE service_affair.calendar_day SET is_workday = NOT is_workday WHERE calendar = 'bs_cal' AND day = '2027-03-03';
\\timing off
SELECT pg_sleep($GAP);
SQL
loop() { # script logfile: run the script again and again until $work/stop
	while [ ! -e "$work/stop" ]; do psql -X -q -At -v ON_ERROR_STOP=1 -d sa_bench -f "$1" 2>&1 || true; done >"$2"
}
cancel() { # the sessions of the loops, in the middle of a statement or not
	q sa_bench -c "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE datname = 'sa_bench' AND pid <> pg_backend_pid() AND backend_type = 'client backend'" >/dev/null
}
ms() { # the statement times of a \timing log
	sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' "$1"
}
stats() { # ms values on stdin -> n, median, max
	sort -n | awk '{v[NR] = $1} END {if (NR) printf "n=%d median=%.0f max=%.0f ms", NR, v[int((NR + 1) / 2)], v[NR]; else printf "n=0"}'
}
phase() { # name round
	local name=$1 r=$2 pids=()
	rm -f "$work/stop"
	case $name in
	settle | both) loop "$work/settle.sql" "$work/$name-$r.settle" & pids+=($!) ;;
	dba) loop "$work/dba.sql" "$work/$name-$r.dba" & pids+=($!) ;;
	esac
	case $name in
	edit | both | dba) sleep 0.5; loop "$work/edit.sql" "$work/$name-$r.edit" & pids+=($!) ;;
	esac
	local l0; l0=$(cut -d' ' -f1 /proc/loadavg)
	(cd "$work" && "$BIN/pgbench" -n -c 4 -j 2 -T "$SECS" -l --log-prefix="$name-$r" -f "$SA_TOP/bench/intake/submit.sql" sa_bench >"$name-$r.out" 2>&1)
	touch "$work/stop"
	cancel; sleep 0.3; cancel
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
	local tps; tps=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$work/$name-$r.out")
	cat "$work/$name-$r".[0-9]* | awk '{print $3 / 1000}' | sort -n | awk -v n="$name" -v r="$r" -v tps="$tps" -v l0="$l0" -v l1="$(cut -d' ' -f1 /proc/loadavg)" '
		{v[NR] = $1; if ($1 > 100) slow++}
		function p(x) { return v[int(NR * x) < 1 ? 1 : int(NR * x)] }
		END { printf "round %d %-6s tps=%.0f n=%d p50=%.2f p90=%.2f p99=%.2f p99.9=%.1f max=%.1f ms, >100ms: %d; load %s..%s", r, n, tps, NR, p(0.5), p(0.9), p(0.99), p(0.999), v[NR], slow + 0, l0, l1 }'
	[ -f "$work/$name-$r.settle" ] && printf "; settle runs %s" "$(ms "$work/$name-$r.settle" | stats)"
	[ -f "$work/$name-$r.dba" ] && printf "; dba batches %s" "$(ms "$work/$name-$r.dba" | stats)"
	[ -f "$work/$name-$r.edit" ] && printf "; edits %s" "$(ms "$work/$name-$r.edit" | stats)"
	echo
	rm -f "$work/$name-$r".[0-9]*
}
"$BIN/pgbench" -n -c 4 -j 2 -T 3 -f bench/intake/submit.sql sa_bench >/dev/null 2>&1  # warm-up
for r in $(seq "$ROUNDS"); do
	order="base settle edit both dba"
	[ $((r % 2)) = 0 ] && order="dba both edit settle base"
	for ph in $order; do phase "$ph" "$r"; done
done
echo "== still to settle $(q sa_bench -c "SELECT count(*) FROM service_affair.cases_active WHERE status = 'concluded'") (the runs were rolled back); open cases submitted $(q sa_bench -c "SELECT count(*) FROM service_affair.cases_active WHERE status = 'accepted'")"
echo "== done $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
