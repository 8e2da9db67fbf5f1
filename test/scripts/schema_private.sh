#!/usr/bin/env bash
# The extension's schemas are private to a superuser (doc/access.md,
# "search_path safety"; service_affair.require_private_schema()).  Until
# 2026-12-04 (a review) CREATE EXTENSION installed into a schema service_affair
# that a role without superuser had made first; that role then renamed it,
# made a new one with a table and a function of the names the extension's
# SECURITY DEFINER functions use, and made itself a superuser through
# my_regions().  Checked:
#   - a schema made first by such a role: CREATE EXTENSION refuses (42501) and
#     leaves no extension;
#   - a superuser's schema in which PUBLIC or such a role may create: refused;
#   - a superuser's schema with USAGE only, and one made by CREATE EXTENSION:
#     installed;
#   - the update from 0.1.0 refuses a schema handed to such a role since;
#   - service_affair_shard refuses its own schema made first by such a role.
# Uses the running cluster named by PGHOST/PGPORT/PGUSER.  Prints TAP.
set -uo pipefail
source "$(dirname "$0")/lib/tap.sh"
A=sa_private_a
B=sa_private_b
C=sa_private_c
D=sa_private_d
E=sa_private_e
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sa_private.XXXXXX")
dropall() {
	q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $A" -c "DROP DATABASE IF EXISTS $B" \
		-c "DROP DATABASE IF EXISTS $C" -c "DROP DATABASE IF EXISTS $D" -c "DROP DATABASE IF EXISTS $E" -c "DROP ROLE IF EXISTS sa_private_mallory"
}
cleanup() { dropall >/dev/null 2>&1; rm -rf "$WORK"; }
trap cleanup EXIT
dropall >/dev/null
q -d postgres -c "CREATE ROLE sa_private_mallory LOGIN" >/dev/null
for d in $A $B $C $D $E; do
	q -d postgres -c "CREATE DATABASE $d" -c "GRANT CREATE ON DATABASE $d TO sa_private_mallory" >/dev/null
done
state() { # database, sql: the SQLSTATE and message of its error, or 00000
	psql -X -q -At -v ON_ERROR_STOP=1 -v VERBOSITY=verbose -d "$1" -c "\\set VERBOSITY verbose" -c "$2" >"$WORK/out" 2>&1
	if [ $? = 0 ]; then echo 00000; else sed -n 's/^ERROR:  \([0-9A-Z]\{5\}\): \(.*\)$/\1 \2/p' "$WORK/out" | head -n 1; fi
}
installed() { q -d "$1" -c "SELECT count(*) FROM pg_extension WHERE extname = '$2'"; }

# 1. the attack of the review: the schema made first by a role without superuser
q -d $A -c "SET ROLE sa_private_mallory" -c "CREATE SCHEMA service_affair" >/dev/null
check "a schema made first by a role without superuser: CREATE EXTENSION refused" \
	"$(state $A "CREATE EXTENSION service_affair")" \
	"42501 schema service_affair belongs to a role that is not a superuser"
grep -q 'Schema service_affair belongs to sa_private_mallory' "$WORK/out"
tap $? "... the detail names the owner"
check "... and nothing is installed" "$(installed $A service_affair)" 0
q -d $A -c "ALTER SCHEMA service_affair OWNER TO postgres" >/dev/null
check "given to a superuser (the hint), it installs" "$(state $A "CREATE EXTENSION service_affair")" 00000

# 2. a superuser's schema where others may create
q -d $B -c "CREATE SCHEMA service_affair" -c "GRANT CREATE ON SCHEMA service_affair TO PUBLIC" >/dev/null
check "a superuser's schema in which PUBLIC may create: refused" \
	"$(state $B "CREATE EXTENSION service_affair")" \
	"42501 roles that are not superusers may create objects in schema service_affair"
q -d $B -c "REVOKE CREATE ON SCHEMA service_affair FROM PUBLIC" -c "GRANT CREATE ON SCHEMA service_affair TO sa_private_mallory" >/dev/null
check "... or one role without superuser: refused" \
	"$(state $B "CREATE EXTENSION service_affair")" \
	"42501 roles that are not superusers may create objects in schema service_affair"
grep -q 'sa_private_mallory may create in schema service_affair' "$WORK/out"
tap $? "... the detail names the role"
q -d $B -c "REVOKE CREATE ON SCHEMA service_affair FROM sa_private_mallory" -c "GRANT USAGE ON SCHEMA service_affair TO sa_private_mallory" >/dev/null
check "a superuser's schema with USAGE only: installed" "$(state $B "CREATE EXTENSION service_affair")" 00000

# 3. no schema: CREATE EXTENSION makes it, the superuser's
check "no schema: CREATE EXTENSION makes it and installs" "$(state $C "CREATE EXTENSION service_affair")" 00000
check "... the superuser owns it" "$(q -d $C -c "SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'service_affair'")" postgres

# 4. the update from 0.1.0, the schema handed over since
q -d $D -c "CREATE EXTENSION service_affair VERSION '0.1.0'" -c "ALTER SCHEMA service_affair OWNER TO sa_private_mallory" >/dev/null
check "0.1.0 with its schema handed to a role without superuser: the update refused" \
	"$(state $D "ALTER EXTENSION service_affair UPDATE TO '0.2.0'")" \
	"42501 schema service_affair belongs to a role that is not a superuser"
check "... and 0.1.0 stays" "$(q -d $D -c "SELECT extversion FROM pg_extension WHERE extname = 'service_affair'")" 0.1.0

# 5. a companion's own schema
q -d $E -c "CREATE EXTENSION service_affair" -c "SET ROLE sa_private_mallory" -c "CREATE SCHEMA service_affair_shard" >/dev/null
check "service_affair_shard into a schema made first by a role without superuser: refused" \
	"$(state $E "CREATE EXTENSION service_affair_shard")" \
	"42501 schema service_affair_shard belongs to a role that is not a superuser"
check "... and nothing is installed" "$(installed $E service_affair_shard)" 0

echo "1..$n"
[ "$failed" = 0 ]
