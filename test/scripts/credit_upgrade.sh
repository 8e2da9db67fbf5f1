#!/usr/bin/env bash
# The manual credit flag across the 0.1.0 -> 0.2.0 update (2026-12-07):
# 0.2.0 logs every setting of applicant.credit_ok in the credit record
# (flag_set / flag_cleared); an applicant 0.1.0 flagged false gets one
# flag_set entry written by the update, which says the flag predates the
# record (0.1.0 kept no who, when or why): recorded at the update's time, by
# the role that ran it (doc/deployment.md, "From 0.1.0: the manual credit
# flag in the credit record").  Before, such an applicant stood blocked with
# no entry (assertions 4, 6 and 9 fail on the former update).  The entries'
# subject kind is their applicant's (assertion 5, since the record is keyed
# by kind and identifier, 2026-12-07).
# The grants of register_applicant(text,text,text,boolean), which 0.2.0
# replaces by (text,text,text,boolean,text): a DBA's GRANT EXECUTE of the
# old signature to a login of his, one with a grant option to a role whose
# name needs quoting, is carried to the new one, so that 0.1.0's call form
# (four arguments) keeps working for them, and pg_dump dumps the grants
# (they are no initial privileges).  Until 2026-12-07 the update's DROP
# took them along: assertions 10 and 11 fail on that update.  They are
# carried by 96_function_grants.sql, with the grants of every other
# function the update drops and makes again (test/scripts/upgrade_grants.sh).
# 14: 0.1.0's call with false and no note from a session whose connection
# options set service_affair.credit_flag_note: the entry has the fixed note
# (register_applicant() hands '' to the trigger); until 2026-12-07 it
# handed NULL, which set_config() takes for a reset to the session's
# default, the connection's value (doc/development.md, "Markers").  Uses the
# running cluster named by PGHOST/PGPORT/PGUSER.  Prints TAP.
set -u
source "$(dirname "$0")/lib/tap.sh"
scratch_db sa_credit_upgrade
cleanup_roles() {
	psql -X -q -d postgres -c "DROP ROLE IF EXISTS sa_cu_app" -c 'DROP ROLE IF EXISTS "sa_cu App"' >/dev/null 2>&1
}
trap 'psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1; cleanup_roles' EXIT
cleanup_roles
echo "1..14"
check "0.1.0 installs" "$(dbq "CREATE EXTENSION service_affair VERSION '0.1.0'")" "CREATE EXTENSION"
# a DBA's grants of 0.1.0's register_applicant (after create_roles()): an
# application login made an administrator by a staff grant of its own, and
# a role with the grant option
dbq "SELECT service_affair.create_roles();
     CREATE ROLE sa_cu_app LOGIN IN ROLE service_affair_admin;
     CREATE ROLE \"sa_cu App\" NOLOGIN;
     GRANT EXECUTE ON FUNCTION service_affair.register_applicant(text, text, text, boolean) TO sa_cu_app;
     GRANT EXECUTE ON FUNCTION service_affair.register_applicant(text, text, text, boolean) TO \"sa_cu App\" WITH GRANT OPTION;
     REVOKE EXECUTE ON FUNCTION service_affair.register_applicant(text, text, text, boolean) FROM service_affair_admin;" >/dev/null
dbq "INSERT INTO service_affair.applicant (kind, resident_id, name, credit_ok) VALUES
       ('person', '11010519491231002X', 'Flagged Person', false),
       ('person', '330225199001010012', 'Good Person', true);
     INSERT INTO service_affair.applicant (kind, uscc, name, credit_ok) VALUES
       ('org', '91110000600037341L', 'Flagged Company', false);" >/dev/null
check "0.1.0: two applicants flagged false, one not" \
	"$(dbq "SELECT count(*) FILTER (WHERE NOT credit_ok), count(*) FILTER (WHERE credit_ok) FROM service_affair.applicant")" "2|1"
before=$(dbq "SELECT now()")
# (the grants carried to the new signature are named in a WARNING:
# 96_function_grants.sql)
out=$(dbq "ALTER EXTENSION service_affair UPDATE TO '0.2.0'")
check "the update to 0.2.0 runs, naming the DBA's grants carried to register_applicant()'s new signature" \
	"$(echo "$out" | tail -1)|$(echo "$out" | grep '^WARNING: .*carried to the new one' | grep -o -F -e 'GRANT EXECUTE ON FUNCTION service_affair.register_applicant(text,text,text,boolean,text) TO sa_cu_app' -e 'GRANT EXECUTE ON FUNCTION service_affair.register_applicant(text,text,text,boolean,text) TO "sa_cu App" WITH GRANT OPTION' | sort -u | wc -l)" \
	"ALTER EXTENSION|2"
check "one flag_set entry per applicant flagged false, none for the other" \
	"$(dbq "SELECT string_agg(e.subject || ':' || e.kind || ':' || (e.source = 'applicant:' || a.id), ',' ORDER BY e.subject)
	          FROM service_affair.credit_event e JOIN service_affair.applicant a
	            ON e.subject = coalesce(a.uscc::text, a.resident_id::text)")" \
	"11010519491231002X:flag_set:true,91110000600037341L:flag_set:true"
check "each entry's subject is its applicant's kind and identifier (person, org)" \
	"$(dbq "SELECT string_agg(e.subject_kind || ':' || a.kind, ',' ORDER BY e.subject)
	          FROM service_affair.credit_event e JOIN service_affair.applicant a ON e.source = 'applicant:' || a.id")" \
	"person:person,org:org"
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
check "the DBA's grants of 0.1.0's register_applicant are the new signature's, the grant option kept" \
	"$(dbq "SELECT has_function_privilege('sa_cu_app', 'service_affair.register_applicant(text,text,text,boolean,text)', 'EXECUTE'),
	               has_function_privilege('sa_cu App', 'service_affair.register_applicant(text,text,text,boolean,text)', 'EXECUTE WITH GRANT OPTION')")" \
	"t|t"
check "0.1.0's call form (four arguments) works for the DBA's login after the update" \
	"$(q -d "$db" -c "SET ROLE sa_cu_app" -c "SELECT service_affair.register_applicant('person', '110101199003070011', 'After Update') IS NOT NULL" 2>&1)" "t"
check "the carried grants are no initial privileges (pg_dump dumps them)" \
	"$(dbq "SELECT count(*) FROM pg_init_privs ip, aclexplode(ip.initprivs) a
	         WHERE ip.objoid = 'service_affair.register_applicant(text,text,text,boolean,text)'::regprocedure
	           AND a.grantee <> (SELECT proowner FROM pg_proc WHERE oid = ip.objoid)")" "0"
check "the old signature is gone; create_roles() grants the matrix's roles again (the administrators' revoked by hand)" \
	"$(q -d "$db" -c "SELECT to_regprocedure('service_affair.register_applicant(text,text,text,boolean)') IS NULL" \
	     -c "SELECT service_affair.create_roles()" \
	     -c "SELECT has_function_privilege('service_affair_admin', 'service_affair.register_applicant(text,text,text,boolean,text)', 'EXECUTE')" 2>&1 | tr '\n' ' ')" "t  t "
check "0.1.0's call with false and no note, the note set by the connection's options: the entry has the fixed note" \
	"$(PGOPTIONS='-c service_affair.credit_flag_note=from-options' q -d "$db" -c "SET ROLE sa_cu_app" \
	     -c "SELECT service_affair.register_applicant('person', '110101199003070038', 'Options Person', false) IS NOT NULL" \
	     -c "SELECT note FROM service_affair.credit_event WHERE subject = '110101199003070038'" 2>&1 | tr '\n' ' ')" \
	"t registered with the manual credit flag false, no ground given "
