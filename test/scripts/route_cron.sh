#!/usr/bin/env bash
# sla_sweep() run by a real pg_cron schedule: a job scheduled every minute in
# the database named by cron.database_name (sa_cron) records an overdue task
# and case and revokes a tolerated acceptance whose deadline passed.  Needs
# the server started with shared_preload_libraries = 'pg_cron' and
# cron.use_background_workers = on (tools/run-tests.sh does this when the
# pg_cron package is installed); skipped otherwise.  Takes up to a minute.
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
echo "1..6"
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
