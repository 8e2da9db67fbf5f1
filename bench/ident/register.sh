#!/usr/bin/env bash
# bench/ident/register.sh — register_applicant() (31_applicant.sql: the
# checks, the look-up, INSERT ... ON CONFLICT DO NOTHING against the unique
# index applicant_identifier_chars, the access log row and server log line)
# against what a DBA would otherwise write, in the same run, pgbench
# CLIENTS clients (default 4, -j 2), TX calls a client (default 2000), a new
# person each call (a valid resident id from a pool made once, taken by
# nextval; all variants take the pool lookup):
#   register  SELECT service_affair.register_applicant('person', id, name)
#             (as the superuser, who acts as every role)
#   table     a plain INSERT into service_affair.applicant itself (its
#             unique indexes, applicant_identifier_chars among them; RLS
#             bypassed by the superuser)
#   plain     a plain INSERT into public.plain_applicant (id identity,
#             kind, resident_id UNIQUE, name, credit_ok): the brief's
#             baseline, a plain table with a unique index
#   plainlog  the same plus a row in a plain access log table (actor, login,
#             applicant, purpose, at) in one statement (a data-modifying WITH)
# ROUNDS rounds (default 3), the variants' order turned each round.  Raw
# output: tmp_check/bench-register.txt (per round, then medians and ratios);
# they go to doc/benchmarks-ident.md by hand.
source "$(dirname "$0")/../../tools/cluster.sh"
cd "$SA_TOP"
sa_deps
sa_build
sa_cluster_start
sa_createdb sa_bench service_affair
rounds=${ROUNDS:-3}
clients=${CLIENTS:-4}
tx=${TX:-2000}
read -ra variants <<<"${VARIANTS:-register table plain plainlog}"
out=tmp_check/bench-register.txt
raw=tmp_check/bench-register.raw
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
q() { psql -X -q -At -d sa_bench -v ON_ERROR_STOP=1 "$@"; }
pool=$((rounds * ${#variants[@]} * clients * tx + 1000))
cat >"$work/register.sql" <<'SQL'
SELECT service_affair.register_applicant('person', p.v, 'bench ' || p.i)
  FROM public.rpool p WHERE p.i = (SELECT nextval('public.rpool_seq'));
SQL
cat >"$work/table.sql" <<'SQL'
INSERT INTO service_affair.applicant (kind, resident_id, name)
SELECT 'person', p.v::service_affair.resident_id, 'bench ' || p.i
  FROM public.rpool p WHERE p.i = (SELECT nextval('public.rpool_seq'));
SQL
cat >"$work/plain.sql" <<'SQL'
INSERT INTO public.plain_applicant (kind, resident_id, name)
SELECT 'person', p.v::service_affair.resident_id, 'bench ' || p.i
  FROM public.rpool p WHERE p.i = (SELECT nextval('public.rpool_seq'));
SQL
cat >"$work/plainlog.sql" <<'SQL'
WITH a AS (
    INSERT INTO public.plain_applicant (kind, resident_id, name)
    SELECT 'person', p.v::service_affair.resident_id, 'bench ' || p.i
      FROM public.rpool p WHERE p.i = (SELECT nextval('public.rpool_seq'))
    RETURNING id)
INSERT INTO public.plain_log (actor, login, applicant, purpose)
SELECT current_user, session_user, a.id, 'register_applicant' FROM a;
SQL
{
	echo "# $(date -u +%FT%TZ) $(nproc) cores, $(uname -m); PostgreSQL $("$PG_CONFIG" --version); ROUNDS=$rounds CLIENTS=$clients TX=$tx"
	echo "# load at start: $(uptime)"
	q -v pool="$pool" <<'SQL'
-- valid resident ids: region 410102, birth days from 1950-01-01, sequence
-- number, the GB 11643 check character
CREATE TABLE public.rpool AS
SELECT i, b || substr('10X98765432', (SELECT sum(substr(b, k, 1)::int * ('{7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2}'::int[])[k])
                                        FROM generate_series(1, 17) k)::int % 11 + 1, 1) AS v
  FROM (SELECT i, '410102' || to_char(date '1950-01-01' + i / 1000, 'YYYYMMDD') || lpad((i % 1000)::text, 3, '0') AS b
          FROM generate_series(1, :pool) i) x;
ALTER TABLE public.rpool ADD PRIMARY KEY (i);
CREATE SEQUENCE public.rpool_seq;
CREATE TABLE public.plain_applicant (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind        text NOT NULL,
    resident_id service_affair.resident_id UNIQUE,
    name        text NOT NULL,
    credit_ok   boolean NOT NULL DEFAULT true);
CREATE TABLE public.plain_log (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at        timestamptz NOT NULL DEFAULT now(),
    actor     name NOT NULL,
    login     name NOT NULL,
    applicant bigint NOT NULL,
    purpose   text NOT NULL);
VACUUM ANALYZE public.rpool;
SQL
	echo "# pool: $(q -c "SELECT count(*) || ' resident ids, ' || count(*) FILTER (WHERE service_affair.is_valid_resident_id(v)) || ' valid, ' || count(*) FILTER (WHERE service_affair.is_valid_uscc(v)) || ' also valid USCCs' FROM public.rpool")"
	: >"$raw"
	for r in $(seq 1 "$rounds"); do
		echo "# round $r, load $(cut -d' ' -f1-3 /proc/loadavg)"
		for k in $(seq 0 $((${#variants[@]} - 1))); do
			v=${variants[$(((k + r - 1) % ${#variants[@]}))]}
			tps=$(pgbench -n -d sa_bench -c "$clients" -j 2 -t "$tx" -f "$work/$v.sql" 2>&1 |
				sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p')
			echo "$r $v ${tps:-FAILED}" | tee -a "$raw"
		done
		q -c "VACUUM ANALYZE service_affair.applicant, service_affair.access_log, public.plain_applicant, public.plain_log"
	done
	echo "# rows: applicant $(q -c 'SELECT count(*) FROM service_affair.applicant'), access_log $(q -c 'SELECT count(*) FROM service_affair.access_log'), plain_applicant $(q -c 'SELECT count(*) FROM public.plain_applicant'), plain_log $(q -c 'SELECT count(*) FROM public.plain_log')"
	echo "# load at end: $(uptime)"
	echo "# medians of the rounds (TPS), and the speed against each baseline"
	python3 - "$raw" <<'PY'
import sys, statistics, collections
d = collections.defaultdict(list)
for line in open(sys.argv[1]):
    r, v, x = line.split()
    if x != 'FAILED':
        d[v].append(float(x))
for v in ['register', 'table', 'plain', 'plainlog']:
    if d[v]:
        print('%-9s median %7.0f TPS  rounds %s' % (v, statistics.median(d[v]), ' / '.join('%.0f' % x for x in d[v])))
m = {v: statistics.median(x) for v, x in d.items() if x}
for b in ['plain', 'plainlog', 'table']:
    if 'register' in m and b in m:
        print('register / %-8s %.3f  (per round: %s)' % (b, m['register'] / m[b],
              ' '.join('%.3f' % (a / c) for a, c in zip(d['register'], d[b]))))
PY
} 2>&1 | tee "$out"
