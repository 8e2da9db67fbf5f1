#!/usr/bin/env bash
# The manual credit flag across the 0.1.0 -> 0.2.0 update (2026-12-07):
# 0.2.0 logs every setting of applicant.credit_ok in the credit record
# (flag_set / flag_cleared); an applicant 0.1.0 flagged false gets one
# flag_set entry written by the update, which says the flag predates the
# record (0.1.0 kept no who, when or why): recorded at the update's time, by
# the role that ran it (doc/deployment.md, "From 0.1.0: the manual credit
# flag in the credit record").  Before, such an applicant stood blocked with
# no entry (assertions 4, 5 and 8 fail on the former update).  Uses the running
# cluster named by PGHOST/PGPORT/PGUSER.  Prints TAP.
set -u
source "$(dirname "$0")/lib/tap.sh"
scratch_db sa_credit_upgrade
echo "1..8"
check "0.1.0 installs" "$(dbq "CREATE EXTENSION service_affair VERSION '0.1.0'")" "CREATE EXTENSION"
dbq "INSERT INTO service_affair.applicant (kind, resident_id, name, credit_ok) VALUES
       ('person', '11010519491231002X', 'Flagged Person', false),
       ('person', '330225199001010012', 'Good Person', true);
     INSERT INTO service_affair.applicant (kind, uscc, name, credit_ok) VALUES
       ('org', '91110000600037341L', 'Flagged Company', false);" >/dev/null
check "0.1.0: two applicants flagged false, one not" \
	"$(dbq "SELECT count(*) FILTER (WHERE NOT credit_ok), count(*) FILTER (WHERE credit_ok) FROM service_affair.applicant")" "2|1"
before=$(dbq "SELECT now()")
check "the update to 0.2.0 runs" "$(dbq "ALTER EXTENSION service_affair UPDATE TO '0.2.0'")" "ALTER EXTENSION"
check "one flag_set entry per applicant flagged false, none for the other" \
	"$(dbq "SELECT string_agg(e.subject || ':' || e.kind || ':' || (e.source = 'applicant:' || a.id), ',' ORDER BY e.subject)
	          FROM service_affair.credit_event e JOIN service_affair.applicant a
	            ON e.subject = coalesce(a.uscc::text, a.resident_id::text)")" \
	"11010519491231002X:flag_set:true,91110000600037341L:flag_set:true"
check "the entries say the flag predates the record, recorded by the update's role at its time" \
	"$(dbq "SELECT count(*) FROM service_affair.credit_event
	         WHERE note = 'flag set before the update from 0.1.0, which kept no record of who set it, when or why; entry written by the update'
	           AND recorded_by = current_user AND recorded_at >= '$before' AND recorded_at <= now()
	           AND effective_from = service_affair.local_day(recorded_at, 'cn')")" "2"
check "no facts: the subjects have no standing in the record" \
	"$(dbq "SELECT count(*) FROM service_affair.credit_standing")" "0"
check "the flag is unchanged; clearing it after the update appends flag_cleared to that history" \
	"$(dbq "SELECT service_affair.set_credit_flag(a.id, true, 'lifted after review') IS NOT NULL
	          FROM service_affair.applicant a WHERE a.uscc IS NOT NULL AND NOT a.credit_ok")" "t"
check "its history: the update's flag_set, then the clearing" \
	"$(dbq "SELECT string_agg(kind, ',' ORDER BY id) FROM service_affair.credit_event WHERE subject = '91110000600037341L'")" \
	"flag_set,flag_cleared"
