#!/usr/bin/env bash
# bench/intake/variants.sh — what the schema costs submit(): the intake
# benchmark (submit.sql, writes.sql, plain.sql; 4 clients, BENCH_SECONDS
# each, default 8; 3 rounds) on the unchanged schema, then again after each
# cumulative step that drops foreign keys or an index of the case family in
# this throwaway database.  An experiment for doc/benchmarks-intake.md, not a
# proposal: the dropped constraints guard real invariants.
source "$(dirname "$0")/../../tools/cluster.sh"
cd "$SA_TOP"
SECS=${BENCH_SECONDS:-8}
sa_build >/dev/null
sa_cluster_start
BIN=$("$PG_CONFIG" --bindir)
sa_createdb sa_bench service_affair
psql -X -q -d sa_bench -v ON_ERROR_STOP=1 -f bench/intake/setup.sql
psql -X -q -d sa_bench -v ON_ERROR_STOP=1 -f bench/intake/plain_setup.sql
run() { "$BIN/pgbench" -n -c 4 -j 2 -T "$SECS" -f "bench/intake/$1.sql" sa_bench 2>&1 | sed -n 's/^tps = \([0-9.]*\) .*/\1/p'; }
for s in submit writes plain; do "$BIN/pgbench" -n -c 4 -j 2 -T 3 -f "bench/intake/$s.sql" sa_bench >/dev/null; done
variant() {
  echo "== $1"; shift
  for sql in "$@"; do psql -X -q -d sa_bench -v ON_ERROR_STOP=1 -c "$sql"; done
  for r in 1 2 3; do
    a=$(run submit); w=$(run writes); p=$(run plain)
    echo "round $r submit=$a writes=$w plain=$p ratio=$(echo "scale=3; $a/$p" | bc) wratio=$(echo "scale=3; $w/$p" | bc)"
  done
}
variant baseline
variant "drop task_case_idx" "DROP INDEX service_affair.task_case_idx"
variant "drop task FKs item/department/calendar" \
  "ALTER TABLE service_affair.task DROP CONSTRAINT task_item_fkey, DROP CONSTRAINT task_department_fkey, DROP CONSTRAINT task_calendar_fkey"
variant "drop cases FKs item/department/calendar" \
  "ALTER TABLE service_affair.cases DROP CONSTRAINT cases_item_fkey, DROP CONSTRAINT cases_department_fkey, DROP CONSTRAINT cases_calendar_fkey"
variant "drop case_material->cases FK" "ALTER TABLE service_affair.case_material DROP CONSTRAINT case_material_case_id_fkey"
psql -X -d sa_bench -c "SELECT conrelid::regclass, conname, confrelid::regclass FROM pg_constraint WHERE contype='f' AND conrelid::regclass::text IN ('service_affair.cases','service_affair.task','service_affair.case_material','service_affair.case_event')"
