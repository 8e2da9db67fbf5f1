#!/usr/bin/env bash
# bench/inspection/record.sh — the cost of one record_result() by a linked
# inspector (an inspection result recorded and logged), against a plain
# INSERT of the result row and an UPDATE of a head row on plain tables, in
# the same run.  N targets (default 100,000: 4,940 drawn), LOGINS linked
# inspectors (default 200), CALLS calls a round (default 60), ROUNDS
# (default 3), HISTORY_PCT (default 95: results of earlier inspections for
# that share of the other targets).  ROUNDS times, alternating:
# record_result() without the index inspection_result (target) (the schema
# before 2026-12-05), with it, the plain statements; then one more round of
# record_result() and its profile (pg_stat_statements, track = all: the
# statements it runs, planning and execution).  Results: tmp_check/bench-record.txt;
# numbers go to doc/benchmarks-insp.md by hand.
source "$(dirname "$0")/../../tools/cluster.sh"
cd "$SA_TOP"
sa_deps
sa_build
sa_cluster_start "shared_preload_libraries = 'pg_stat_statements'" "pg_stat_statements.track = all" \
	"pg_stat_statements.track_planning = on"
sa_createdb sa_bench service_affair
psql -X -q -d sa_bench -c "CREATE EXTENSION pg_stat_statements"
calls=${CALLS:-60}
rounds=${ROUNDS:-3}
out=tmp_check/bench-record.txt
q() { psql -X -q -At -d sa_bench -v ON_ERROR_STOP=1 "$@"; }
round() {  # round NAME FILTER (the calls' script on stdin, one line a call)
	# the first call warms the session (its functions compiled, its plans
	# made: 20-60 ms once); the others are measured, the wall clock from the
	# session (each statement sent and answered in turn, as an application does)
	local name=$1 filter=$2 f
	f=$(mktemp)
	{
		IFS= read -r first
		echo "$first"
		echo "SELECT pg_stat_statements_reset(); SELECT set_config('bench.t0', clock_timestamp()::text, false);"
		cat
		echo "TRUNCATE public.rec_wall; INSERT INTO public.rec_wall SELECT extract(epoch FROM clock_timestamp() - current_setting('bench.t0')::timestamptz) * 1000;"
	} >"$f"
	q -f "$f" >/dev/null
	rm -f "$f"
	q -c "SELECT format('%-28s %s calls  server %s ms/call (statements %s, max %s ms)  wall %s ms/call', '$name', $calls - 1,
	                    round((sum(total_exec_time) / ($calls - 1))::numeric, 3), sum(calls), round(max(max_exec_time)::numeric, 2),
	                    round((SELECT ms FROM public.rec_wall)::numeric / ($calls - 1), 3))
	        FROM pg_stat_statements WHERE toplevel AND ($filter)"
}
calls_sql() {  # calls_sql FROM TO: the calls' script, one transaction each
	q -c "SELECT format('SET ROLE %I; SELECT service_affair.record_result(%s, %s, %L, %L, now()); RESET ROLE;',
	                    login, draw_id, target, outcome, 'found ' || n)
	        FROM public.rec_call WHERE n > $1 AND n <= $2 ORDER BY n"
}
rr="query LIKE 'SELECT service_affair.record_result(%'"
{
	echo "# $(date -u +%FT%TZ) $(nproc) cores, $(uname -m); PostgreSQL $("$PG_CONFIG" --version); load $(cut -d' ' -f1-3 /proc/loadavg)"
	psql -X -q -d sa_bench -v ON_ERROR_STOP=1 -v n="${N:-100000}" -f bench/inspection/setup.sql
	psql -X -q -d sa_bench -v ON_ERROR_STOP=1 -v logins="${LOGINS:-200}" -f bench/inspection/record_setup.sql
	psql -X -q -d sa_bench -v ON_ERROR_STOP=1 -v history_pct="${HISTORY_PCT:-95}" -f bench/inspection/record.sql
	q -c "CREATE TABLE public.rec_wall (ms float8)"
	# alternating rounds: the machine's load moves between them
	for r in $(seq 1 "$rounds"); do
		q -c "DROP INDEX service_affair.inspection_result_target_idx"
		calls_sql $(((2 * r - 2) * calls)) $(((2 * r - 1) * calls)) | round "$r record_result(), no index" "$rr"
		q -c "CREATE INDEX inspection_result_target_idx ON service_affair.inspection_result (target)" -c "ANALYZE service_affair.inspection_result"
		calls_sql $(((2 * r - 1) * calls)) $((2 * r * calls)) | round "$r record_result()" "$rr"
		q -c "TRUNCATE public.plain_result"
		q -c "SELECT format('INSERT INTO public.plain_result VALUES (%s, %s, %L, %L, now(), %L); UPDATE public.plain_head SET n = n + 1, last = sha256(convert_to(%L, ''UTF8'')) WHERE id = 1;',
		                    draw_id, target, outcome, 'found ' || n, login, 'found ' || n)
		        FROM public.rec_call WHERE n > $(((2 * r - 1) * calls)) AND n <= $((2 * r * calls)) ORDER BY n" |
			round "$r plain INSERT + UPDATE" "query LIKE 'INSERT INTO public.plain_result%' OR query LIKE 'UPDATE public.plain_head%'"
	done
	echo "# one more round, and the statements it ran (pg_stat_statements)"
	calls_sql $((2 * rounds * calls)) $(((2 * rounds + 1) * calls)) | round "record_result() (profiled)" "$rr"
	psql -X -d sa_bench -P pager=off -c "SELECT calls, round(total_exec_time::numeric, 1) AS exec_ms, round(total_plan_time::numeric, 1) AS plan_ms,
	        round((total_exec_time / NULLIF(calls, 0))::numeric, 3) AS exec_ms_each, shared_blks_hit AS hit,
	        left(regexp_replace(query, '\s+', ' ', 'g'), 90) AS statement
	   FROM pg_stat_statements WHERE NOT (toplevel AND $rr) AND query NOT LIKE '%pg_stat_statements%'
	  ORDER BY total_exec_time + total_plan_time DESC LIMIT 20"
} 2>&1 | tee "$out"
