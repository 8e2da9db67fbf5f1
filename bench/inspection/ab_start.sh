#!/usr/bin/env bash
# bench/inspection/ab_start.sh TREE PORT — a kept cluster for ab.sh (and
# bench/routing/sla_ab.py): builds TREE (a checkout, e.g. `git archive main`
# unpacked in /tmp), starts its cluster on PORT and leaves it running
# (stop it with pg_ctl -D <cluster>/data stop; the path is in
# /tmp/draw-env-PORT), loads bench/inspection/setup.sql (1,000,000 targets)
# into sa_bench, creates plans 'bench 1' .. 'bench 400' and makes H (default
# 80) draws of plans 301.. so that the previous-team map has grown.
TREE=$1; PORT=$2; H=${H:-80}
source "$TREE/tools/cluster.sh"
cd "$SA_TOP"
sa_build
SA_KEEP=1 SA_PORT=$PORT sa_cluster_start
trap - EXIT
echo "export PGHOST=$PGHOST PGPORT=$PGPORT SA_CLUSTER=$SA_CLUSTER SA_BIN=$SA_BIN" > /tmp/draw-env-$PORT
sa_createdb sa_bench service_affair
psql -X -q -d sa_bench -v ON_ERROR_STOP=1 -v n=1000000 -f bench/inspection/setup.sql
psql -X -q -d sa_bench -v ON_ERROR_STOP=1 <<SQL
SET search_path = service_affair, public;
SELECT count(create_plan('bench ' || g, ARRAY['market', 'ecoenv', 'emergency'], ARRAY[0.01, 0.02, 0.1, 0.3],
                         sha256(convert_to('bench seed ' || g, 'UTF8')), 2))
  FROM generate_series(1, 400) g;
SQL
for g in $(seq 301 $((300 + H))); do
  psql -X -qAt -d sa_bench -v ON_ERROR_STOP=1 -c "SET work_mem='64MB'" -c "SELECT service_affair.draw($g, convert_to('bench seed $g', 'UTF8'))" >/dev/null
done
psql -X -qAt -d sa_bench -c "SELECT count(*), max(upto_draw), max(head_draw), pg_size_pretty(sum(octet_length(data))) FROM service_affair.draw, service_affair.target_team_map"
