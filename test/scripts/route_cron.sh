#!/usr/bin/env bash
# sla_sweep() run by a real pg_cron schedule: a job scheduled every minute in
# the database named by cron.database_name (sa_cron) records an overdue task
# and case and revokes a tolerated acceptance whose deadline passed.  Needs
# the server started with shared_preload_libraries = 'pg_cron' and
# cron.use_background_workers = on (tools/run-tests.sh does this when the
# pg_cron package is installed); skipped otherwise.  Takes up to a minute.
# First: the postgresql.conf lines of doc/deployment.md and doc/routing.md
# name the settings this server runs with.
set -u
if ! psql -X -At -d postgres -c "SHOW shared_preload_libraries" | grep -q pg_cron; then
	echo "1..0 # SKIP pg_cron is not loaded by this server"
	exit 0
fi
db=$(psql -X -At -d postgres -c "SHOW cron.database_name")
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" -c "CREATE DATABASE \"$db\"" >/dev/null 2>&1
q() { psql -X -At -v ON_ERROR_STOP=1 -d "$db" -c "$1"; }
n=0
check() { # description, command
	n=$((n + 1))
	if [ "$2" = "$3" ]; then echo "ok $n - $1"; else echo "not ok $n - $1 (got '$2', want '$3')"; fi
}
echo "1..8"
# The settings doc/deployment.md ("sla_sweep in pg_cron") and doc/routing.md
# ("Running it from pg_cron") tell a DBA to put in postgresql.conf: the same
# as this server runs with (cron.database_name aside, a placeholder there).
# Until 2026-12-05 deployment.md left out cron.use_background_workers, and
# every job of a server with Debian's pg_hba.conf failed ("connection failed":
# pg_cron then logs in over TCP to localhost, where a password is asked).
top=$(cd "$(dirname "$0")/../.." && pwd)
doc_settings() { # file: the name = value pairs of its pg_cron postgresql.conf lines
	awk '/postgresql\.conf/ { on = 1; print; next } on && !/^(--|#|shared_preload|cron\.)/ { on = 0 } on' "$1" |
		grep -oE "(shared_preload_libraries|cron\.[a-z_]+) *= *('[^']*'|[a-z0-9]+)" | sed -E "s/ *= */=/; s/'//g" | sort
}
want=$(for g in shared_preload_libraries cron.use_background_workers; do echo "$g=$(psql -X -At -d postgres -c "SHOW $g")"; done; echo "cron.database_name=county")
for f in deployment routing; do
	check "doc/$f.md names the pg_cron settings this server runs with" "$(doc_settings "$top/doc/$f.md" | tr '\n' ' ')" "$(echo "$want" | sort | tr '\n' ' ')"
done
q "CREATE EXTENSION service_affair" >/dev/null
check "pg_cron installs in $db" "$(q 'CREATE EXTENSION pg_cron' 2>&1)" "CREATE EXTENSION"
q "INSERT INTO service_affair.department (code, name, region) VALUES ('RC_D', 'Cron test', '330225');
   INSERT INTO service_affair.item (code, name, department, kind, legal_limit, promised_limit, tolerance_days)
   VALUES ('rc_item', 'Cron item', 'RC_D', 'promised', 20, 5, 3);
   UPDATE service_affair.item SET online = true WHERE code = 'rc_item';
   INSERT INTO service_affair.material (item, code, name, tolerable) VALUES ('rc_item', 'form', 'Form', false), ('rc_item', 'lease', 'Lease', true);
   INSERT INTO service_affair.applicant (kind, resident_id, name) VALUES ('person', '330225198503120049', 'Cron Person');" >/dev/null
a=$(q "SELECT id FROM service_affair.applicant WHERE name = 'Cron Person'")
# accepted in February 2026: long overdue now; the second one tolerated, never supplied
k1=$(q "SELECT service_affair.submit('rc_item', $a, '{form,lease}', 'online', '{}', '2026-02-13 10:00+08')")
k2=$(q "SELECT service_affair.submit('rc_item', $a, '{form}', 'online', '{}', '2026-02-13 10:00+08')")
job=$(q "SELECT cron.schedule('service_affair_sla_sweep', '* * * * *', 'SELECT service_affair.sla_sweep()')")
check "the sweep is scheduled every minute" "$(q "SELECT schedule FROM cron.job WHERE jobid = $job")" "* * * * *"
for _ in $(seq 1 80); do
	[ "$(q "SELECT count(*) FROM cron.job_run_details WHERE jobid = $job AND status IN ('succeeded', 'failed')")" != 0 ] && break
	sleep 1
done
check "the job ran and succeeded" "$(q "SELECT status FROM cron.job_run_details WHERE jobid = $job ORDER BY runid LIMIT 1")" "succeeded"
check "it recorded the overdue task and case" \
	"$(q "SELECT string_agg(kind, ',' ORDER BY kind) FROM service_affair.case_event WHERE case_id = $k1 AND kind LIKE '%overdue'")" \
	"case_overdue,task_overdue"
check "it revoked the tolerated acceptance" "$(q "SELECT status FROM service_affair.cases WHERE id = $k2")" "revoked"
check "the job is unscheduled" "$(q "SELECT cron.unschedule($job)")" "t"
