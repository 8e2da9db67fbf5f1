#!/usr/bin/env bash
# bench/inspection/target_writes.sh — what writing targets costs with the
# packed directory's triggers (72_target_pack.sql: the BEFORE statement
# trigger target_pack_writing that writes an in-flight note into
# target_pack_pending, the AFTER triggers that take it away and note the
# blocks, the flush at commit), in the same run against:
#   plain   the same writes into public.plain_target, a plain table of the
#           same columns (CREATE TABLE ... (LIKE service_affair.target
#           INCLUDING ALL): its keys and CHECKs, none of its triggers), the
#           same rows copied in: what a DBA would otherwise write
#   nopack  service_affair.target with the four pack triggers disabled
#           (ALTER TABLE ... DISABLE TRIGGER, this throwaway cluster only):
#           the other triggers of target (credit, deregistration, drawn
#           targets, directory log) run as with the pack
#   nonote  the pack's triggers but target_pack_writing (the in-flight note):
#           its own share
# pgbench (CLIENTS clients, default 4, -j 2; TX transactions a client, default
# 1500; one statement a transaction, autocommit: the flush at commit counts):
#   insert   one new target (a valid USCC from a pool made once, by nextval)
#   update   the risk of a random target (a packed column: its block is packed)
#   rename   the name of a random target (no packed column changes)
#   nothing  an UPDATE that matches no row (id < 0)
#   delete   one of the targets inserted above (the same pool, by nextval)
# then, in one psql session, 100,000 targets in one INSERT ... SELECT
# (autocommit: the 1,563 blocks packed at its commit) and their DELETE.
# ROUNDS rounds (default 3), the variants' order turned each round; the
# table is VACUUMed after each variant's deletes.  N targets (default
# 100,000, bench/inspection/setup.sql).  Raw output: tmp_check/bench-target-writes.txt
# (per round, then medians); the ratios go to doc/benchmarks-insp.md by hand.
source "$(dirname "$0")/../../tools/cluster.sh"
cd "$SA_TOP"
sa_deps
sa_build
sa_cluster_start
sa_createdb sa_bench service_affair
n=${N:-100000}
rounds=${ROUNDS:-3}
clients=${CLIENTS:-4}
tx=${TX:-1500}
read -ra variants <<<"${VARIANTS:-pack nonote nopack plain}"
out=tmp_check/bench-target-writes.txt
raw=tmp_check/bench-target-writes.raw
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
q() { psql -X -q -At -d sa_bench -v ON_ERROR_STOP=1 "$@"; }
export PGOPTIONS="-c search_path=public,service_affair"
set_variant() {  # the pack's triggers for the variant
	local w=ENABLE\ ALWAYS rest=ENABLE\ ALWAYS
	case $1 in
	nopack) w=DISABLE; rest=DISABLE ;;
	nonote) w=DISABLE ;;
	esac
	q -c "ALTER TABLE service_affair.target $w TRIGGER target_pack_writing, $rest TRIGGER target_pack_inserted,
	        $rest TRIGGER target_pack_updated, $rest TRIGGER target_pack_deleted"
}
scripts() {  # scripts TABLE: the pgbench scripts into $work/TABLE.*
	local t=$1 d="$work/${1##*.}"
	mkdir -p "$d"
	cat >"$d/insert.sql" <<SQL
INSERT INTO $t (uscc, name, region, industry, risk)
SELECT p.uscc, 'bench ' || p.i, '4101' || lpad((p.i % 20)::text, 2, '0'), 'I' || (p.i % 50), 'B'
  FROM public.wpool p WHERE p.i = (SELECT nextval('public.wpool_ins'));
SQL
	cat >"$d/update.sql" <<SQL
\set id random(1, $n)
UPDATE $t SET risk = CASE risk WHEN 'A' THEN 'B' ELSE 'A' END WHERE id = :id;
SQL
	cat >"$d/rename.sql" <<SQL
\set id random(1, $n)
UPDATE $t SET name = 'company ' || :id || ' renamed ' || :client_id WHERE id = :id;
SQL
	cat >"$d/nothing.sql" <<SQL
\set id random(1, $n)
UPDATE $t SET risk = 'A' WHERE id = - :id;
SQL
	cat >"$d/delete.sql" <<SQL
DELETE FROM $t WHERE uscc = (SELECT p.uscc FROM public.wpool p WHERE p.i = (SELECT nextval('public.wpool_del')));
SQL
}
bulk_ms() {  # bulk_ms TABLE: "insert_ms delete_ms", each statement autocommitted
	q -v t="$1" <<'SQL' | tr '\n' ' '
SELECT clock_timestamp() AS t0 \gset
INSERT INTO :t (uscc, name, region, industry, risk)
SELECT p.uscc, 'bulk ' || p.i, '4101' || lpad((p.i % 20)::text, 2, '0'), 'I' || (p.i % 50), 'B' FROM public.wpool p;
SELECT round(extract(epoch FROM clock_timestamp() - :'t0') * 1000) AS ms, clock_timestamp() AS t1 \gset
\echo :ms
DELETE FROM :t WHERE name LIKE 'bulk %';
SELECT round(extract(epoch FROM clock_timestamp() - :'t1') * 1000);
SQL
}
{
	echo "# $(date -u +%FT%TZ) $(nproc) cores, $(uname -m); PostgreSQL $("$PG_CONFIG" --version); N=$n ROUNDS=$rounds CLIENTS=$clients TX=$tx"
	echo "# load at start: $(uptime)"
	psql -X -q -d sa_bench -v ON_ERROR_STOP=1 -v n="$n" -f bench/inspection/setup.sql
	q <<'SQL'
-- 100,000 valid USCCs not in the directory (the check character as setup.sql makes it)
CREATE TABLE public.wpool AS
SELECT i, (b || substr('0123456789ABCDEFGHJKLMNPQRTUWXY',
                       1 + (31 - (SELECT sum((strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(b, k, 1)) - 1)
                                             * (ARRAY[1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28])[k])
                                    FROM generate_series(1, 17) k)::int % 31) % 31, 1))::service_affair.uscc AS uscc
  FROM (SELECT i, '93410300' || lpad(i::text, 9, '0') AS b FROM generate_series(1, 100000) i) x;
ALTER TABLE public.wpool ADD PRIMARY KEY (i);
CREATE SEQUENCE public.wpool_ins;
CREATE SEQUENCE public.wpool_del;
CREATE TABLE public.plain_target (LIKE service_affair.target INCLUDING ALL);
INSERT INTO public.plain_target OVERRIDING SYSTEM VALUE SELECT * FROM service_affair.target;
SELECT format('ALTER TABLE public.plain_target ALTER COLUMN id RESTART WITH %s', max(id) + 1) FROM public.plain_target \gexec
VACUUM ANALYZE public.wpool;
VACUUM ANALYZE public.plain_target;
SQL
	echo "# plain_target: $(q -c "SELECT count(*) || ' rows, ' || (SELECT count(*) FROM pg_trigger WHERE tgrelid = 'public.plain_target'::regclass) || ' triggers, ' || (SELECT count(*) FROM pg_constraint WHERE conrelid = 'public.plain_target'::regclass) || ' constraints' FROM public.plain_target");" \
		"target: $(q -c "SELECT (SELECT count(*) FROM pg_trigger WHERE tgrelid = 'service_affair.target'::regclass AND NOT tgisinternal) || ' triggers, ' || (SELECT count(*) FROM pg_constraint WHERE conrelid = 'service_affair.target'::regclass) || ' constraints'")"
	scripts service_affair.target
	scripts public.plain_target
	: >"$raw"
	for r in $(seq 1 "$rounds"); do
		echo "# round $r, load $(cut -d' ' -f1-3 /proc/loadavg)"
		for k in $(seq 0 $((${#variants[@]} - 1))); do
			v=${variants[$(((k + r - 1) % ${#variants[@]}))]}
			if [ "$v" = plain ]; then t=public.plain_target; d=$work/plain_target; else t=service_affair.target; d=$work/target; set_variant "$v"; fi
			q -c "SELECT setval('public.wpool_ins', 1, false), setval('public.wpool_del', 1, false)" >/dev/null
			for s in insert update rename nothing delete; do
				tps=$(pgbench -n -d sa_bench -c "$clients" -j 2 -t "$tx" -f "$d/$s.sql" 2>&1 |
					sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p')
				echo "$r $v $s ${tps:-FAILED}" | tee -a "$raw"
			done
			left=$(q -c "SELECT count(*) FROM $t WHERE name LIKE 'bench %'")
			[ "$left" = 0 ] || echo "# $v round $r: $left inserted rows left after the deletes"
			read -r bi bd < <(bulk_ms "$t"; echo)
			echo "$r $v bulk_insert_ms $bi" | tee -a "$raw"
			echo "$r $v bulk_delete_ms $bd" | tee -a "$raw"
			q -c "VACUUM ANALYZE $t" -c "VACUUM service_affair.target_pack, service_affair.target_pack_pending"
		done
	done
	set_variant pack
	echo "# after the run: target_pack_rebuild() $(q -c 'SELECT service_affair.target_pack_rebuild()') blocks," \
		"target_pack_check() $(q -c 'SELECT count(*) FROM service_affair.target_pack_check()') differing," \
		"target_pack_pending $(q -c 'SELECT count(*) FROM service_affair.target_pack_pending') rows"
	echo "# load at end: $(uptime)"
	echo "# medians of the rounds (TPS; bulk in ms), and the ratio to plain and to nopack"
	python3 - "$raw" <<'PY'
import sys, statistics, collections
d = collections.defaultdict(list)
for line in open(sys.argv[1]):
    r, v, s, x = line.split()
    if x != 'FAILED':
        d[(s, v)].append(float(x))
tests = ['insert', 'update', 'rename', 'nothing', 'delete', 'bulk_insert_ms', 'bulk_delete_ms']
vs = ['pack', 'nonote', 'nopack', 'plain']
print('%-15s' % 'test' + ''.join('%28s' % v for v in vs) + '   pack/plain pack/nopack nonote/nopack pack/nonote')
for s in tests:
    m = {v: statistics.median(d[(s, v)]) for v in vs if d[(s, v)]}
    cells = ''.join('%28s' % ('%.0f (%s)' % (m[v], '/'.join('%.0f' % x for x in d[(s, v)])) if v in m else '-') for v in vs)
    def ratio(a, b):
        if a not in m or b not in m: return '-'
        # TPS: the speed of a against b; ms: b's time over a's, so < 1 is slower either way
        return '%.3f' % (m[a] / m[b] if not s.endswith('_ms') else m[b] / m[a])
    print('%-15s%s   %10s %11s %13s %11s' % (s, cells, ratio('pack', 'plain'), ratio('pack', 'nopack'), ratio('nonote', 'nopack'), ratio('pack', 'nonote')))
PY
} 2>&1 | tee "$out"
