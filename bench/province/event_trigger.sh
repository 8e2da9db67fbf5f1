#!/usr/bin/env bash
# The cost of the province's event trigger sa_province_mirrored_recheck
# (sql/service_affair_province--0.2.0.sql, mirrored_recheck()): at the end
# of every CREATE FUNCTION, ALTER FUNCTION and ALTER EXTENSION in the
# province's database it checks each row of mirrored against
# service_affair_shard.link_relations().  Measured as what a DBA's DDL pays,
# inside the server (no client round trip, whose scheduling on a loaded
# 2-core machine made most of the spread of a first pgbench form): N
# (default 2000) commands a run, EXECUTEd by PL/pgSQL (event triggers fire
# for DDL run from a function as from a client) and timed by
# clock_timestamp(); ROUNDS (default 7) rounds, the trigger enabled and
# disabled (ALTER EVENT TRIGGER ... DISABLE: the database without it), which
# goes first alternating; medians; pg_proc vacuumed before each run (each
# command writes a new version of the function's row):
#   create: CREATE OR REPLACE FUNCTION of a one-line SQL function
#   alter:  ALTER FUNCTION of it (COST)
# and, once a round, the query mirrored_recheck() runs, alone (the floor of
# what the trigger adds, which the spread of the DDL may hide).
# Prints the µs a command of each and what the trigger adds to one.
# doc/benchmarks.md "The province's event trigger".
source "$(dirname "$0")/../../tools/cluster.sh"
cd "$SA_TOP"
N=${N:-2000}
ROUNDS=${ROUNDS:-7}
sa_build
sa_cluster_start
sa_createdb sa_bench service_affair service_affair_shard service_affair_province
psql -X -q -d sa_bench -v ON_ERROR_STOP=1 <<'SQL'
CREATE SCHEMA bench_et;
CREATE FUNCTION bench_et.f() RETURNS integer LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION bench_et.time_ddl(kind text, n integer) RETURNS numeric LANGUAGE plpgsql AS $f$
DECLARE t0 timestamptz; cmd text;
BEGIN
    cmd := CASE kind WHEN 'create' THEN 'CREATE OR REPLACE FUNCTION bench_et.f() RETURNS integer LANGUAGE sql AS ''SELECT 1'''
                     WHEN 'alter' THEN 'ALTER FUNCTION bench_et.f() COST 2' END;
    t0 := clock_timestamp();
    FOR i IN 1 .. n LOOP
        EXECUTE cmd;
    END LOOP;
    RETURN round(extract(epoch FROM clock_timestamp() - t0)::numeric * 1e6 / n, 2);
END
$f$;
-- the query mirrored_recheck() runs, n times, as static SQL (its plan cached
-- after the first, as in the trigger): what the trigger adds, less its call
CREATE FUNCTION bench_et.time_check(n integer) RETURNS numeric LANGUAGE plpgsql AS $f$
DECLARE t0 timestamptz; k bigint;
BEGIN
    t0 := clock_timestamp();
    FOR i IN 1 .. n LOOP
        SELECT count(*) INTO k FROM service_affair_province.mirrored m
         WHERE NOT (m.view = ANY (service_affair_shard.link_relations())
                    AND (m.rollup IS NULL OR m.rollup = ANY (service_affair_shard.link_relations()))
                    AND (m.counts IS NULL OR m.counts = ANY (service_affair_shard.link_relations())));
    END LOOP;
    RETURN round(extract(epoch FROM clock_timestamp() - t0)::numeric * 1e6 / n, 2);
END
$f$;
SQL
echo "mirrored rows: $(psql -X -qAt -d sa_bench -c 'SELECT count(*) FROM service_affair_province.mirrored')," \
     "link_relations(): $(psql -X -qAt -d sa_bench -c 'SELECT cardinality(service_affair_shard.link_relations())')"
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
# the trigger must fire here: a row it would refuse makes the command fail
# (checked, then rolled back), else the measure is of nothing
fires=$(psql -X -qAt -d sa_bench 2>&1 <<'SQL'
BEGIN;
ALTER TABLE service_affair_province.mirrored DROP CONSTRAINT mirrored_in_link_relations;
UPDATE service_affair_province.mirrored SET view = 'no_such_view' WHERE view = (SELECT min(view) FROM service_affair_province.mirrored);
SELECT bench_et.time_ddl('alter', 1);
ROLLBACK;
SQL
)
case $fires in
	*mirrored_in_link_relations*no_such_view*) echo "the trigger fires: a row naming no_such_view refused";;
	*) sa_die "the event trigger did not refuse a bad row: $fires";;
esac
tmp=$SA_CLUSTER/et
mkdir -p "$tmp"
for f in create-ENABLE create-DISABLE alter-ENABLE alter-DISABLE check; do : > "$tmp/$f"; done
for r in $(seq 1 "$ROUNDS"); do
	if [ $((r % 2)) = 1 ]; then states="ENABLE DISABLE"; else states="DISABLE ENABLE"; fi
	for state in $states; do
		psql -X -q -d sa_bench -c "ALTER EVENT TRIGGER sa_province_mirrored_recheck $state"
		for s in create alter; do
			psql -X -q -d sa_bench -c "VACUUM pg_catalog.pg_proc"
			us=$(psql -X -qAt -d sa_bench -v ON_ERROR_STOP=1 -c "SELECT bench_et.time_ddl('$s', $N)")
			echo "round $r $s trigger=$state us_per_command=$us"
			echo "$us" >> "$tmp/$s-$state"
		done
	done
	us=$(psql -X -qAt -d sa_bench -v ON_ERROR_STOP=1 -c "SELECT bench_et.time_check($N)")
	echo "round $r the trigger's check alone us=$us"
	echo "$us" >> "$tmp/check"
done
psql -X -q -d sa_bench -c "ALTER EVENT TRIGGER sa_province_mirrored_recheck ENABLE"
for s in create alter; do
	on=$(median < "$tmp/$s-ENABLE"); off=$(median < "$tmp/$s-DISABLE")
	awk -v s="$s" -v on="$on" -v off="$off" 'BEGIN {
		printf "%s: with the trigger %.1f us a command, without %.1f us: ratio %.3f, the trigger adds %.1f us\n", s, on, off, off / on, on - off }'
done
echo "the trigger's check alone (its query over every row of mirrored, static SQL): $(median < "$tmp/check") us"
echo "($N commands a run, $ROUNDS rounds, medians; load: $(cut -d' ' -f1-3 /proc/loadavg))"
