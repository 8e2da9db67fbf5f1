#!/usr/bin/env bash
# Slice 2 of the third pass (doc/scale.md, "Slice 2: settling", "Cost of
# settling"): what settle_cases() costs per case against what a DBA would
# otherwise write by hand, in the same run, on one private cluster.
#
# Two databases, F and H, loaded identically (H is made from F as its
# template): bench/intake/setup.sql, then N cases (default 5,000) of bn6
# (one task) submitted in June 2026 with all six materials, through the
# extension's own functions: submit(), complete_task() ('approved': the case
# is concluded), deliver(); every 4th task suspended and resumed first, every
# 2nd case rated (level 5: no rectification); settle.quiet_days = 0, so every
# case can settle.  The month partitions of June 2026 of every <t>_settled
# are made beforehand in both (history_month(), keyed and indexed as
# settle_cases() makes them): what is compared is the move, not the one-off
# making of a month.
#
#   F  SELECT service_affair.settle_cases(now(), BATCH)     (default 500)
#   H  by hand, as superuser, in one DO block (one statement, one
#      transaction): set_config('session_replication_role', 'replica', true)
#      (the append-only trigger of case_event refuses the UPDATE otherwise;
#      replica also skips the foreign-key checks), the batch = the BATCH
#      lowest ids of cases_active that are concluded or withdrawn, then one
#      UPDATE <t> SET settled = true WHERE <key> IN (batch) per table, leaves
#      first: task_suspension (task_id in the batch's tasks), rectification
#      (rating_id in the batch's ratings), rating, task, case_leg,
#      commitment_check, case_material, case_event (case_id), cases (id).
#      No rule is checked and no settled event appended.
#
# Rounds of one batch in each database (each a new psql session, the
# statement's time by psql's \timing: the call and its commit), the order
# reversed every other round, until F's settle_cases() returns 0.
# The load is one DO block with autovacuum off and no ANALYZE until its end:
# it slows as it grows (5,000 cases in about 55 s; 20,000 had reached 12,000
# after six minutes, 2026-12-01, and was stopped), hence the default.  The
# bench data has no 代收代办 leg, commitment check or rectification: their
# UPDATEs find nothing, in both databases.
#   bench/scale/settle.sh
#   N=2000 BATCH=200 bench/scale/settle.sh
source "$(dirname "$0")/../../tools/cluster.sh"
cd "$SA_TOP"
N=${N:-5000}
BATCH=${BATCH:-500}
sa_build
sa_cluster_start "autovacuum = off"
work=$(mktemp -d)
trap 'rm -rf "$work"; sa_cluster_stop' EXIT
q() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$@"; }
echo "== $(date -u +%FT%TZ) this tree $(git rev-parse --short HEAD) ($(git rev-parse --abbrev-ref HEAD))"
echo "== machine: $(nproc) cores, $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg); $(q postgres -c 'SELECT version()')"
echo "== cases=$N batch=$BATCH autovacuum=off"
t0=$(date +%s)
q postgres -c "CREATE DATABASE \"F\""
q F -c "CREATE EXTENSION service_affair"
q F -f bench/intake/setup.sql >/dev/null
q F -c "INSERT INTO service_affair.setting (name, value) VALUES ('settle.quiet_days', '0')"
q F -v n="$N" -f bench/scale/concluded_cases.sql
q postgres -c "CREATE DATABASE \"H\" TEMPLATE \"F\""
counts() {
	q "$1" -c "SELECT string_agg(t || ' ' || n, ', ' ORDER BY t) FROM (
	  SELECT 'cases' t, count(*) n FROM service_affair.cases UNION ALL SELECT 'case_material', count(*) FROM service_affair.case_material
	  UNION ALL SELECT 'case_event', count(*) FROM service_affair.case_event UNION ALL SELECT 'task', count(*) FROM service_affair.task
	  UNION ALL SELECT 'task_suspension', count(*) FROM service_affair.task_suspension UNION ALL SELECT 'rating', count(*) FROM service_affair.rating
	  UNION ALL SELECT 'rectification', count(*) FROM service_affair.rectification UNION ALL SELECT 'case_leg', count(*) FROM service_affair.case_leg
	  UNION ALL SELECT 'commitment_check', count(*) FROM service_affair.commitment_check) s"
}
for db in F H; do
	echo "$db loaded: $(counts "$db"); open cases by status $(q "$db" -c "SELECT string_agg(status || ' ' || n, ', ') FROM (SELECT status, count(*) n FROM service_affair.cases_active GROUP BY 1 ORDER BY 1) s")," \
		"month partitions $(q "$db" -c "SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhparent WHERE c.relname LIKE '%\\_settled'")," \
		"size $(q "$db" -c "SELECT pg_size_pretty(pg_database_size(current_database()))")"
done
echo "== loaded in $(($(date +%s) - t0)) s"

cat >"$work/F.sql" <<SQL
\\timing on
SELECT service_affair.settle_cases(now(), $BATCH);
SQL
cat >"$work/H.sql" <<SQL
SET bench.settle_batch = $BATCH;
\\timing on
\\i '$SA_TOP/bench/scale/settle_by_hand.sql'
SQL
echo "== rounds: one batch in each database, ms for the statement (psql \\timing), cases moved"
r=0
n_F=
n_H=
while :; do
	r=$((r + 1))
	order="F H"
	[ $((r % 2)) = 0 ] && order="H F"
	line="round $r"
	for db in $order; do
		out=$(psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" -f "$work/$db.sql" 2>&1)
		ms=$(echo "$out" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p')
		if [ "$db" = F ]; then n=$(echo "$out" | sed -n '1{/^[0-9]*$/p}'); else n=$(echo "$out" | sed -n 's/.*NOTICE:  moved \([0-9]*\).*/\1/p'); fi
		line+=" $db $n $ms"
		if [ "$db" = F ]; then n_F=$n; else n_H=$n; fi
	done
	echo "$line load $(cut -d' ' -f1 /proc/loadavg)" | tee -a "$work/rounds"
	[ "$n_F" = 0 ] && [ "$n_H" = 0 ] && break
	[ "$r" -ge $((N / BATCH + 5)) ] && break
done
for db in F H; do
	echo "$db after: $(counts "$db"); open cases $(q "$db" -c "SELECT count(*) FROM service_affair.cases_active")," \
		"in the months: $(q "$db" -c "SELECT string_agg(relname || ' ' || n, ', ' ORDER BY relname) FROM (SELECT c.relname, (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) n FROM service_affair.%I', c.relname), false, true, '')))[1]::text n FROM pg_class c JOIN pg_inherits i ON i.inhrelid = c.oid JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname LIKE '%\\_settled' AND p.relnamespace = 'service_affair'::regnamespace) s")"
done
echo "== summary over the rounds where both moved a full batch: cases per second (median of the rounds, and total cases / total time), ratio F / H"
awk -v batch="$BATCH" '
function med(a, n,   i, j, t) {
	for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
	return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
{
	for (i = 3; i < NF - 1; i += 3) { n[$i] = $(i + 1); ms[$i] = $(i + 2) }
	if (n["F"] == batch && n["H"] == batch) {
		k++; f[k] = 1000 * batch / ms["F"]; h[k] = 1000 * batch / ms["H"]; r[k] = ms["H"] / ms["F"]
		tf += ms["F"]; th += ms["H"]; c += batch
	}
}
END {
	printf "F settle_cases(): median %.0f cases/s, total %d cases in %.0f ms = %.0f cases/s\n", med(f, k), c, tf, 1000 * c / tf
	printf "H by hand:        median %.0f cases/s, total %d cases in %.0f ms = %.0f cases/s\n", med(h, k), c, th, 1000 * c / th
	printf "F / H (speed of settle_cases() over the hand-written UPDATEs): median of the rounds %.3f, of the totals %.3f (%d rounds)\n", med(r, k), th / tf, k
}' "$work/rounds"
echo "== done $(date -u +%FT%TZ)"
