#!/usr/bin/env bash
# A calendar rename (UPDATE calendar SET name: ON UPDATE CASCADE to cases,
# task, case_leg, complaint, commitment_check, ..., none of which has an
# index on calendar but licence) at SIZES cases (default "100000 1000000"),
# M of which (default 20) and their tasks name the renamed calendar; arms:
#   none   the schema as shipped
#   cases  + an index on cases (calendar)
#   both   + indexes on cases (calendar) and task (calendar)
# The cases, their materials and ratings are bench/ratings/setup.sql's (as
# the superuser, triggers and FK checks off); one done task per case is
# written beside them the same way; the 1,000,000 are the 100,000 copied
# nine times (the copies' tasks name case numbers shifted by 10^9 each: no
# case has them, the foreign keys being off, but the one task per case and
# item holds).  case_leg, complaint and commitment_check are empty here.
# ms per rename (bx_a -> bx_b and back, each a rename), the median of K
# (default 5; K_LARGE, default 1, above the first size) in one session, whole and with the calendar's own triggers
# disabled (its recompute triggers: a rename is an edit that recomputes
# every open due; left, the foreign keys' cascades), each arm in a session of its own, ROUNDS
# (default 2) rounds; the indexes made and dropped between the arms.
#   bench/calendar/rename_scan.sh
#   SIZES=100000 K=10 bench/calendar/rename_scan.sh
source "$(dirname "$0")/../../tools/cluster.sh"
cd "$SA_TOP"
SIZES=${SIZES:-100000 1000000} M=${M:-20} K=${K:-5} ROUNDS=${ROUNDS:-2}
sa_build
sa_cluster_start
trap 'sa_cluster_stop' EXIT
q() { psql -X -q -At -v ON_ERROR_STOP=1 -d sa_bench "$@"; }
echo "== $(date -u +%FT%TZ) this tree $(git rev-parse --short HEAD); $(nproc) cores shared with other jobs (figures from a loaded machine), load $(cut -d' ' -f1-3 /proc/loadavg)"
sa_createdb sa_bench service_affair
first=${SIZES%% *}
t0=$(date +%s)
q -v cases="$first" -f bench/ratings/setup.sql
q <<'SQL'
SET search_path = service_affair, public;
SET session_replication_role = replica;
INSERT INTO calendar (name, weekmask, timezone) VALUES ('bx_a', '1111100', 'Asia/Shanghai');
INSERT INTO task (case_id, item, department, stage, status, calendar, limit_days, extension_limit, opened_at, due, decision, finished_at)
SELECT id, coalesce(item, 'i1_2'), department, 1, 'done', calendar, 20, 0, submitted_at, (submitted_at AT TIME ZONE 'Asia/Shanghai')::date + 10,
       'approved', submitted_at + interval '1 day'
  FROM cases;
-- fk_only: the user triggers of calendar and calendar_day off for the call, the
-- recompute triggers among them: what is left is the foreign keys' cascades
-- (their scans and the updates of the rows found) and the triggers of the
-- rows they update
CREATE FUNCTION public.tm_rename(k integer, fk_only boolean DEFAULT false) RETURNS numeric LANGUAGE plpgsql AS $f$
DECLARE t timestamptz; d numeric[] := '{}'; i integer;
BEGIN
  IF fk_only THEN
    ALTER TABLE service_affair.calendar DISABLE TRIGGER USER;
    ALTER TABLE service_affair.calendar_day DISABLE TRIGGER USER;
  END IF;
  FOR i IN 1..k LOOP
    t := clock_timestamp();
    UPDATE service_affair.calendar SET name = CASE name WHEN 'bx_a' THEN 'bx_b' ELSE 'bx_a' END WHERE name IN ('bx_a', 'bx_b');
    d := d || extract(epoch FROM clock_timestamp() - t) * 1e3;
  END LOOP;
  IF fk_only THEN
    ALTER TABLE service_affair.calendar ENABLE TRIGGER USER;
    ALTER TABLE service_affair.calendar_day ENABLE TRIGGER USER;
  END IF;
  RETURN round((SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM unnest(d) x)::numeric, 1);
END $f$;
SQL
cols() { q -c "SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) FROM pg_attribute WHERE attrelid = 'service_affair.$1'::regclass AND attnum > 0 AND NOT attisdropped AND attname <> 'id'"; }
have=$first
for n in $SIZES; do
	while [ "$have" -lt "$n" ]; do  # copies of the first load
		c=$(cols cases) t=$(cols task)
		[ "$have" = "$first" ] && q -c "CREATE TABLE public.seed_cases AS SELECT $c FROM service_affair.cases" \
			-c "CREATE TABLE public.seed_task AS SELECT $t FROM service_affair.task"
		q -c "SET session_replication_role = replica" -c "INSERT INTO service_affair.cases ($c) SELECT $c FROM public.seed_cases" \
		  -c "INSERT INTO service_affair.task ($t) SELECT ${t/case_id/case_id + $((have / first)) * 1000000000::bigint} FROM public.seed_task"
		have=$((have + first))
	done
	q -c "UPDATE service_affair.calendar SET name = 'bx_a' WHERE name = 'bx_b'" >/dev/null
	q -c "SET session_replication_role = replica" \
	  -c "UPDATE service_affair.cases SET calendar = 'bx_a' WHERE id IN (SELECT id FROM service_affair.cases ORDER BY id DESC LIMIT $M)" \
	  -c "UPDATE service_affair.task SET calendar = 'bx_a' WHERE case_id IN (SELECT id FROM service_affair.cases WHERE calendar = 'bx_a')"
	q -c "VACUUM ANALYZE"
	echo "== $(q -c "SELECT count(*) FROM service_affair.cases") cases ($(q -c "SELECT count(*) FROM service_affair.cases WHERE status = 'accepted'") accepted) ($(q -c "SELECT count(*) FROM service_affair.cases WHERE calendar IN ('bx_a', 'bx_b')") on bx_a), $(q -c "SELECT count(*) FROM service_affair.task") tasks; cases $(q -c "SELECT pg_size_pretty(pg_total_relation_size('service_affair.cases_active'))"), task $(q -c "SELECT pg_size_pretty(pg_total_relation_size('service_affair.task_active'))"); loaded in $(($(date +%s) - t0)) s, load $(cut -d' ' -f1 /proc/loadavg)"
	k=$K rounds=$ROUNDS
	[ "$n" -gt "$first" ] && k=${K_LARGE:-1} rounds=${ROUNDS_LARGE:-1}
	for r in $(seq "$rounds"); do
		arm() { echo "$(q -c "SELECT public.tm_rename($k)") (FK part $(q -c "SELECT public.tm_rename($k, true)"))"; }
		none=$(arm)
		q -c "CREATE INDEX bench_cases_calendar ON service_affair.cases (calendar)"
		cases=$(arm)
		q -c "CREATE INDEX bench_task_calendar ON service_affair.task (calendar)"
		both=$(arm)
		q -c "DROP INDEX service_affair.bench_cases_calendar" -c "DROP INDEX service_affair.bench_task_calendar"
		echo "$n cases round $r: ms per rename, whole (FK part: the calendar's triggers off), median of $k: none $none; cases(calendar) $cases; cases + task (calendar) $both; load $(cut -d' ' -f1 /proc/loadavg)"
	done
done
echo "== done $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
