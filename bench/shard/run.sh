#!/usr/bin/env bash
# Region shards (issue 17 part 2, doc/scale.md): what routing costs, in one run
# on one throwaway cluster holding three databases:
#   bs_single  service_affair alone (a single node)
#   bs_shard   the same plus service_affair_shard, set up as shard hz (ids
#              from 10^12, the case_home trigger)
#   bs_router  service_affair_router; PL/Proxy server hz -> bs_shard over
#              the Unix socket (no network hop: add the RTT of your network)
# Measured with pgbench, interleaved ROUNDS times (default 7), medians at the
# end (the machine is shared: single rounds scatter):
#  1. submit() of a complete one-material case by resident id: 1 client,
#     TX transactions (default 600) — latency per call; single node, shard
#     direct, through the router;
#  2. claim_task + complete_task of the claimed task: 1 client, TX/2 pairs;
#  3. submit() with 4 clients, TX each: throughput of one shard, direct and
#     through the router;
#  4. function level, less exposed to the machine's load: CALLS (default
#     2000) record_visit() calls in one session, one commit each, on the
#     shard directly and through the router, alternated 3 times: µs per call.
#   bench/shard/run.sh
source "$(dirname "$0")/../../tools/cluster.sh"
cd "$SA_TOP"
sa_deps
sa_build
sa_cluster_start
TX=${TX:-600}
ROUNDS=${ROUNDS:-7}
RES=$(mktemp)
B=bench/shard
PGBENCH="$("$PG_CONFIG" --bindir)/pgbench"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg)"
psql -X -q -d postgres -At -c 'SELECT version()'
sa_createdb bs_single service_affair
sa_createdb bs_shard service_affair service_affair_shard
sa_createdb bs_router service_affair service_affair_shard plproxy service_affair_router
for db in bs_single bs_shard bs_router; do psql -X -q -d $db -v ON_ERROR_STOP=1 -f $B/setup.sql; done
for db in bs_shard bs_router; do psql -X -q -d $db -v ON_ERROR_STOP=1 -f $B/map.sql; done
psql -X -q -At -d bs_shard -v ON_ERROR_STOP=1 -c "SELECT 'shard hz numbers from ' || service_affair_shard.setup_shard('hz')"
for db in bs_single bs_shard; do psql -X -q -d $db -v ON_ERROR_STOP=1 -f $B/people.sql; done
psql -X -q -d bs_router -v ON_ERROR_STOP=1 -c "CREATE SERVER hz FOREIGN DATA WRAPPER plproxy OPTIONS (p0 'host=$PGHOST port=$PGPORT dbname=bs_shard');
  CREATE USER MAPPING FOR PUBLIC SERVER hz;"

bench() {  # bench LABEL DB SCRIPT CLIENTS TX
	local out tps lat
	out=$("$PGBENCH" -n -c "$4" -j "$(( $4 > 1 ? 2 : 1 ))" -t "$5" -f "$B/$3" "$2" 2>&1)
	if ! grep -q "number of failed transactions: 0" <<<"$out" && grep -q 'failed' <<<"$out"; then echo "$out" | tail -5; fi
	tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' <<<"$out")
	lat=$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' <<<"$out")
	printf '%-34s %3s clients %6s tx  latency %7s ms  tps %8s\n' "$1" "$4" "$5" "$lat" "$tps"
	printf '%s\t%s\t%s\t%s\t%s\n' "$r" "$1" "$4" "$lat" "$tps" >>"$RES"
}
for r in $(seq 1 "$ROUNDS"); do
	echo "== round $r"
	bench "submit, single node" bs_single submit_direct.sql 1 "$TX"
	bench "submit, shard direct" bs_shard submit_direct.sql 1 "$TX"
	bench "submit, through the router" bs_router submit_router.sql 1 "$TX"
	bench "claim+complete, single node" bs_single claim_direct.sql 1 $((TX / 2))
	bench "claim+complete, shard direct" bs_shard claim_direct.sql 1 $((TX / 2))
	bench "claim+complete, through the router" bs_router claim_router.sql 1 $((TX / 2))
	bench "submit, shard direct" bs_shard submit_direct.sql 4 "$TX"
	bench "submit, through the router" bs_router submit_router.sql 4 "$TX"
done
CALLS=${CALLS:-2000}
c=$(psql -X -q -At -d bs_shard -c "SELECT service_affair.submit('bs_item', (SELECT identifier FROM public.bench_ident WHERE n = 1), '{form}', 'window')")
echo "== function level: $CALLS x record_visit($c) in one session, a commit after each"
for r in 1 2 3; do
	for t in "bs_shard service_affair shard-direct" "bs_router service_affair_router through-the-router"; do
		set -- $t
		psql -X -q -At -d "$1" -c "DO \$\$
DECLARE t0 timestamptz := clock_timestamp();
BEGIN
  FOR i IN 1..$CALLS LOOP
    PERFORM $2.record_visit($c, now(), 'bench');
    COMMIT;
  END LOOP;
  RAISE NOTICE 'record_visit %: % us per call', '$3', round(extract(epoch FROM clock_timestamp() - t0) * 1e6 / $CALLS);
END \$\$" 2>&1 | sed 's/^NOTICE:  //'
	done
done
echo "== medians over $ROUNDS rounds; routing cost = median over rounds of (router - shard direct) in the same round"
psql -X -q -d postgres -P footer=off \
	-c "CREATE TEMP TABLE r (round int, label text, clients int, lat numeric, tps numeric)" \
	-c "\\copy r FROM '$RES'" \
	-c "SELECT label, clients, percentile_cont(0.5) WITHIN GROUP (ORDER BY lat)::numeric(8,3) AS latency_ms,
	           percentile_cont(0.5) WITHIN GROUP (ORDER BY tps)::numeric(8,0) AS tps
	      FROM r GROUP BY label, clients ORDER BY clients, label" \
	-c "SELECT split_part(d.label, ',', 1) AS call, d.clients,
	           percentile_cont(0.5) WITHIN GROUP (ORDER BY t.lat - d.lat)::numeric(8,3) AS routing_ms,
	           percentile_cont(0.5) WITHIN GROUP (ORDER BY t.tps / d.tps)::numeric(8,2) AS tps_ratio
	      FROM r d JOIN r t ON t.round = d.round AND t.clients = d.clients
	                       AND split_part(t.label, ',', 1) = split_part(d.label, ',', 1)
	     WHERE d.label LIKE '%shard direct' AND t.label LIKE '%through the router'
	     GROUP BY 1, 2 ORDER BY 2, 1"
rm -f "$RES"
psql -X -q -d bs_shard -At -c "SELECT 'shard: ' || count(*) || ' cases, ids ' || min(id) || '..' || max(id) || ', ' ||
  (SELECT count(*) FROM service_affair.task WHERE status = 'done') || ' tasks done' FROM service_affair.cases"
