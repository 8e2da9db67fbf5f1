#!/usr/bin/env bash
# Licence issuance cost (issue 11, "Speed": issuance adds at most 20% to
# complete_task on the conclusion step).  One run on a throwaway cluster:
# complete_task on single-item cases that conclude, for an item that issues
# nothing (plain.sql) and for the same item with an output evidence type
# (lic.sql: the conclusion numbers, signs and inserts a licence).  Both
# scripts run interleaved at random in the same pgbench run (one client, TX
# transactions in all, ROUNDS runs), so the load of a shared machine falls
# on both alike; pgbench reports each script's average latency.  Then the
# time per call of the functions behind issuance (track_functions).
#   TX=4000 ROUNDS=3 bench/licences/run.sh
source "$(dirname "$0")/../../tools/cluster.sh"
cd "$SA_TOP"
sa_deps
sa_build
sa_cluster_start
sa_createdb sa_bench service_affair
TX=${TX:-4000}
ROUNDS=${ROUNDS:-3}
echo "machine: $(nproc) cores, $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg)"
psql -X -q -d sa_bench -v tasks=$((TX * ROUNDS / 2 + TX)) -f bench/licences/setup.sql >/dev/null
for r in $(seq 1 "$ROUNDS"); do
	"$("$PG_CONFIG" --bindir)/pgbench" -n -c 1 -t "$TX" -f bench/licences/plain.sql@1 -f bench/licences/lic.sql@1 sa_bench 2>&1 |
		awk -v r="$r" '/^SQL script/ { s = ($4 ~ /plain/) ? "plain" : "lic" }
		               / transactions \(/ { n[s] = $2 }
		               /latency average/ && s != "" { l[s] = $5 }
		               END { printf "round %s: plain %s ms (%s tx), lic %s ms (%s tx), lic/plain %.2f\n", r, l["plain"], n["plain"], l["lic"], n["lic"], l["lic"] / l["plain"] }'
done
psql -X -q -d sa_bench -At -c "
SELECT 'licences issued: ' || count(*) || ', valid: ' || count(*) FILTER (WHERE status = 'valid')
  FROM service_affair.licence"
echo "== time per call of the functions (self / total µs), 400 conclusions of each item"
for f in plain lic; do
	psql -X -q -d sa_bench -c "SELECT pg_stat_reset()" >/dev/null
	PGOPTIONS="-c track_functions=all" "$("$PG_CONFIG" --bindir)/pgbench" -n -c 1 -t 400 -f "bench/licences/$f.sql" sa_bench >/dev/null 2>&1
	sleep 1
	echo "-- $f"
	psql -X -q -d sa_bench -c "
	SELECT funcname, calls, round((self_time * 1000 / calls)::numeric, 1) AS self_us, round((total_time * 1000 / calls)::numeric, 1) AS total_us
	  FROM pg_stat_user_functions WHERE schemaname = 'service_affair' AND funcname IN ('complete_task', 'route_advance', 'lock_task', 'licence_hmac', 'licence_message', 'issue_licences', 'issue_licence')
	 ORDER BY total_time DESC"
done
