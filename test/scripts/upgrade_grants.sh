#!/usr/bin/env bash
# The update from 0.1.0 and a DBA's grants to roles whose names need
# quoting.  39_cases_partition.sql moves the grants of the case tables (the
# table's and its columns') and the row policies over them to the new
# partitioned parents, naming each role in a statement it runs.  Until
# 2026-12-07 it named it quote_ident(regrole::text), quoted twice: a grant
# or a policy to "sa_ug App Role" (a space) or to sa_ug "q" (a double
# quote) stopped the update with 42704 (role "\"sa_ug App Role\"" does not
# exist): assertions 2 to 5 fail on that update (the checks name the
# version: a database left at 0.1.0 still has its grants).
# The grants of the functions the update drops and makes again (the list in
# 00_header.sql): a DBA's grant goes to the function of 0.2.0 in the old
# one's place, of the same signature (withdraw()) or the one of the same
# name whose first arguments are the old ones (submit(), two of that name
# in 0.2.0), and is no initial privilege (pg_dump dumps it); one with no
# such function (route_case() is gone) is named in a WARNING with its
# GRANT statement.  Until 2026-12-07 they went with the DROP without a
# word (96_function_grants.sql): 6 to 9 fail on that update.
# Uses the running cluster named by PGHOST/PGPORT/PGUSER.  Prints TAP.
set -u
source "$(dirname "$0")/lib/tap.sh"
scratch_db sa_upgrade_grants
cleanup_roles() {
	psql -X -q -d postgres -c 'DROP ROLE IF EXISTS "sa_ug App Role"' -c 'DROP ROLE IF EXISTS "sa_ug ""q"""' >/dev/null 2>&1
}
trap 'psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1; cleanup_roles' EXIT
cleanup_roles
echo "1..9"
check "0.1.0 installs" "$(dbq "CREATE EXTENSION service_affair VERSION '0.1.0'")" "CREATE EXTENSION"
dbq "SELECT service_affair.create_roles();
     CREATE ROLE \"sa_ug App Role\" NOLOGIN;
     CREATE ROLE \"sa_ug \"\"q\"\"\" NOLOGIN;
     GRANT USAGE ON SCHEMA service_affair TO \"sa_ug App Role\", \"sa_ug \"\"q\"\"\";
     GRANT SELECT ON service_affair.cases TO \"sa_ug App Role\";
     GRANT SELECT ON service_affair.task TO \"sa_ug \"\"q\"\"\" WITH GRANT OPTION;
     GRANT SELECT (id) ON service_affair.rating TO \"sa_ug \"\"q\"\"\";
     CREATE POLICY sa_ug_read ON service_affair.cases FOR SELECT TO \"sa_ug App Role\", \"sa_ug \"\"q\"\"\" USING (true);
     GRANT EXECUTE ON FUNCTION service_affair.withdraw(bigint, timestamptz) TO \"sa_ug App Role\" WITH GRANT OPTION;
     GRANT EXECUTE ON FUNCTION service_affair.withdraw(bigint, timestamptz) TO PUBLIC;
     GRANT EXECUTE ON FUNCTION service_affair.route_case() TO \"sa_ug \"\"q\"\"\";
     GRANT EXECUTE ON FUNCTION service_affair.submit(text, bigint, text[], text, text[], timestamptz, text) TO \"sa_ug App Role\";" >/dev/null
out=$(dbq "ALTER EXTENSION service_affair UPDATE TO '0.2.0'")
check "the update to 0.2.0 runs" "$(echo "$out" | tail -1)" "ALTER EXTENSION"
check "the grants are the parents', to the roles named (a space, a double quote), the grant option kept" \
	"$(dbq "SELECT (SELECT extversion FROM pg_extension WHERE extname = 'service_affair'), (SELECT relkind FROM pg_class WHERE oid = 'service_affair.cases'::regclass),
	               has_table_privilege('sa_ug App Role', 'service_affair.cases', 'SELECT'),
	               has_table_privilege('sa_ug \"q\"', 'service_affair.task', 'SELECT WITH GRANT OPTION'),
	               has_column_privilege('sa_ug \"q\"', 'service_affair.rating', 'id', 'SELECT'),
	               has_column_privilege('sa_ug \"q\"', 'service_affair.rating', 'level', 'SELECT')")" \
	"0.2.0|p|t|t|t|f"
check "the partitions keep none of them" \
	"$(dbq "SELECT count(*) FROM pg_class c, aclexplode(c.relacl) a
	         WHERE c.oid IN ('service_affair.cases_active'::regclass, 'service_affair.task_active'::regclass, 'service_affair.rating_active'::regclass)
	           AND a.grantee IN ('\"sa_ug App Role\"'::regrole, '\"sa_ug \"\"q\"\"\"'::regrole)")" "0"
check "the DBA's policy is the parent's, for the same two roles" \
	"$(dbq "SELECT (SELECT extversion FROM pg_extension WHERE extname = 'service_affair'), tablename, array_to_string(ARRAY(SELECT unnest(roles)::text COLLATE \"C\" ORDER BY 1), ',') FROM pg_policies WHERE policyname = 'sa_ug_read'")" \
	'0.2.0|cases|sa_ug "q",sa_ug App Role'
check "a DBA's grants of a function dropped and made again with its signature are the new one's (PUBLIC's, a grant option)" \
	"$(dbq "SELECT (SELECT extversion FROM pg_extension WHERE extname = 'service_affair'), has_function_privilege('sa_ug App Role', 'service_affair.withdraw(bigint,timestamptz)', 'EXECUTE WITH GRANT OPTION'),
	               has_function_privilege('sa_ug \"q\"', 'service_affair.withdraw(bigint,timestamptz)', 'EXECUTE')")" \
	"0.2.0|t|t"
check "... and no initial privileges (pg_dump dumps them, PUBLIC's too)" \
	"$(dbq "SELECT count(*) FROM pg_init_privs ip, aclexplode(ip.initprivs) a
	         WHERE ip.objoid = 'service_affair.withdraw(bigint,timestamptz)'::regprocedure
	           AND a.grantee <> (SELECT proowner FROM pg_proc WHERE oid = ip.objoid)")" "0"
check "one made again with arguments appended: the grant is the new signature's, named in a WARNING" \
	"$(dbq "SELECT has_function_privilege('sa_ug App Role', 'service_affair.submit(text,bigint,text[],text,text[],timestamptz,text,text)', 'EXECUTE')")|$(echo "$out" | grep '^WARNING: .*carried to the new one' | grep -c -F 'GRANT EXECUTE ON FUNCTION service_affair.submit(text,bigint,text[],text,text[],timestamp with time zone,text,text) TO "sa_ug App Role"')" \
	"t|1"
check "one with no function in its place is named in a WARNING with its GRANT statement" \
	"$(echo "$out" | grep '^WARNING: .*not carried' | grep -c -F 'GRANT EXECUTE ON FUNCTION service_affair.route_case() TO "sa_ug ""q"""')" "1"
