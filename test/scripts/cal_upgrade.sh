#!/usr/bin/env bash
# Calendars across the 0.1.0 -> 0.2.0 update (issue 10, defects 7 and 8):
# a 0.1.0 database with a corrected shipped day, a moved covered_until and a
# case whose calendar was renamed (0.1.0 had no foreign key on
# cases.calendar) is updated; the changed shipped rows are recorded for
# pg_dump, the case follows its calendar again, and ON CONFLICT DO NOTHING
# leaves a shipped day alone.  Uses the running cluster named by
# PGHOST/PGPORT/PGUSER.  Prints TAP.
set -u
source "$(dirname "$0")/lib/tap.sh"
scratch_db sa_cal_upgrade
echo "1..8"
check "0.1.0 installs" "$(dbq "CREATE EXTENSION service_affair VERSION '0.1.0'")" "CREATE EXTENSION"
dbq "UPDATE service_affair.calendar_day SET is_workday = true, note = 'corrected' WHERE calendar = 'cn' AND day = '2026-10-07';
   UPDATE service_affair.calendar SET covered_until = '2027-12-31' WHERE name = 'cn';
   INSERT INTO service_affair.department (code, name, region) VALUES ('CU', 'Calendar upgrade', '330225');
   INSERT INTO service_affair.calendar (name, timezone) VALUES ('old_name', 'UTC');
   INSERT INTO service_affair.item (code, name, department, kind, legal_limit, promised_limit, calendar)
   VALUES ('cu_item', 'Calendar upgrade item', 'CU', 'promised', 20, 5, 'old_name');
   INSERT INTO service_affair.applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Cal Person');
   INSERT INTO service_affair.cases (service, service_kind, item, department, applicant, channel, status, returned,
       submitted_at, accepted_at, due, calendar, promised_limit, legal_limit, concluded_at, decision)
   SELECT 'cu_item', 'item', 'cu_item', 'CU', a.id, 'window', 'concluded', false,
          '2026-03-02 09:00+00', '2026-03-02 09:00+00', '2026-03-09', 'old_name', 5, 20, '2026-03-05 09:00+00', 'approved'
     FROM service_affair.applicant a WHERE a.name = 'Cal Person';
   UPDATE service_affair.calendar SET name = 'new_name' WHERE name = 'old_name';" >/dev/null
check "0.1.0: the rename left the case behind (defect 7)" "$(dbq "SELECT calendar FROM service_affair.cases")" "old_name"
check "the update to 0.2.0 runs" "$(dbq "ALTER EXTENSION service_affair UPDATE TO '0.2.0'")" "ALTER EXTENSION"
check "the case takes its item's renamed calendar" "$(dbq "SELECT calendar FROM service_affair.cases")" "new_name"
dbq "UPDATE service_affair.calendar SET name = 'newer_name' WHERE name = 'new_name'" >/dev/null
check "a rename now reaches the case" "$(dbq "SELECT calendar FROM service_affair.cases")" "newer_name"
check "the changed shipped day is recorded for pg_dump" \
	"$(dbq "SELECT string_agg(concat_ws('|', calendar, day, is_workday, note), ';') FROM service_affair.calendar_day_shipped_edit")" \
	"cn|2026-10-07|t|corrected"
check "the changed shipped calendar row is recorded" \
	"$(dbq "SELECT string_agg(concat_ws('|', name, covered_until), ';') FROM service_affair.calendar_shipped_edit")" "cn|2027-12-31"
dbq "INSERT INTO service_affair.calendar_day VALUES ('cn', '2026-10-06', true, 'x') ON CONFLICT DO NOTHING" >/dev/null
check "ON CONFLICT DO NOTHING leaves a shipped day alone (defect 8)" \
	"$(dbq "SELECT is_workday || '|' || note FROM service_affair.calendar_day WHERE calendar = 'cn' AND day = '2026-10-06'")" "false|国庆节"
