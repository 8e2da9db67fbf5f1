#!/usr/bin/env bash
# DROP EXTENSION and CREATE EXTENSION again (doc/access.md, "Dropping and
# installing again"): a database that held service_affair, with its roles
# made and cases taken, drops the extension (plain, then CASCADE with a
# companion extension on it) and installs it again; a second database of the
# same cluster installs it while the cluster-wide group roles exist.  Checked:
#   - DROP EXTENSION needs no CASCADE and leaves only the empty schema;
#   - CREATE EXTENSION and create_roles() work again, in the same database and
#     in a second one, and both equal a fresh install (the fingerprint of the
#     upgrade tests, initial privileges included);
#   - the re-installed database takes cases;
#   - a dump of it, after the DBA took USAGE on the schema from PUBLIC,
#     restores the schema's grants (the group roles' USAGE was recorded as
#     initial by the second install, and left out of the dump:
#     sql/parts/98_init_privs.sql);
#   - with service_affair_shard installed, DROP EXTENSION service_affair
#     CASCADE drops both, and both install again;
#   - service_affair_shard dropped and installed again after its
#     create_roles(): a restored dump gives the roles USAGE on its schema.
# Uses the running cluster named by PGHOST/PGPORT/PGUSER.  Prints TAP.
set -uo pipefail
source "$(dirname "$0")/lib/tap.sh"
source "$(dirname "$0")/lib/fingerprint.sh"
A=sa_recreate_a
B=sa_recreate_b
R=sa_recreate_r
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sa_recreate.XXXXXX")
dropall() { q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $A" -c "DROP DATABASE IF EXISTS $B" -c "DROP DATABASE IF EXISTS $R"; }
cleanup() { dropall >/dev/null 2>&1; rm -rf "$WORK"; }
trap cleanup EXIT
dropall >/dev/null
q -d postgres -c "CREATE DATABASE $A" -c "CREATE DATABASE $B" -c "CREATE DATABASE $R" >/dev/null

fill() { # database: a department, an item, an applicant and two cases, through the API
	q -d "$1" -o /dev/null <<'SQL'
SET search_path = service_affair;
INSERT INTO department (code, name, region) VALUES ('RC_M', 'Market', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, online) VALUES ('rc_biz', 'Licence', 'RC_M', 'promised', 20, 5, true);
INSERT INTO material (item, code, name, tolerable) VALUES ('rc_biz', 'form', 'Form', false);
INSERT INTO applicant (kind, uscc, name) VALUES ('org', '91110000600037341L', '北京测试有限公司');
SELECT submit('rc_biz', (SELECT id FROM applicant), '{form}', 'window', '{}', '2026-11-18 10:00+08');
SELECT submit('rc_biz', (SELECT id FROM applicant), '{}', 'online', '{}', '2026-11-18 11:00+08');
SQL
}

q -d "$A" -c "CREATE EXTENSION service_affair" -c "SELECT service_affair.create_roles()" >/dev/null && fill "$A"
tap $? "a database with the extension, its roles and two cases"
q -d "$A" -c "DROP EXTENSION service_affair" >"$WORK/drop.log" 2>&1
tap $? "DROP EXTENSION service_affair without CASCADE"
[ "$(q -d "$A" -c "SELECT (SELECT count(*) FROM pg_class WHERE relnamespace = 'service_affair'::regnamespace)
                        + (SELECT count(*) FROM pg_proc WHERE pronamespace = 'service_affair'::regnamespace)
                        + (SELECT count(*) FROM pg_type WHERE typnamespace = 'service_affair'::regnamespace)
                        + (SELECT count(*) FROM pg_extension WHERE extname = 'service_affair')")" = 0 ]
tap $? "nothing of the extension is left but its empty schema"

q -d "$A" -c "CREATE EXTENSION service_affair" -c "SELECT service_affair.create_roles()" >"$WORK/create.log" 2>&1
tap $? "CREATE EXTENSION and create_roles() again in the same database"
q -d "$B" -c "CREATE EXTENSION service_affair" -c "SELECT service_affair.create_roles()" >"$WORK/create_b.log" 2>&1
tap $? "CREATE EXTENSION and create_roles() in a second database of the cluster (the group roles exist)"
q -d "$R" -c "CREATE EXTENSION service_affair" -c "SELECT service_affair.create_roles()" >/dev/null
fingerprint "$R" >"$WORK/ref.fp"
fingerprint "$A" >"$WORK/a.fp"
diff "$WORK/a.fp" "$WORK/ref.fp" >"$WORK/a.diff"
rc=$?
[ "$(wc -l <"$WORK/ref.fp")" -ge 500 ] || rc=2
tap $rc "the re-installed extension equals a fresh install (initial privileges of the schema included)"
head -10 "$WORK/a.diff" | sed 's/^/# /'
fingerprint "$B" >"$WORK/b.fp"
diff "$WORK/b.fp" "$WORK/ref.fp" >"$WORK/b.diff"
tap $? "the extension of the second database equals a fresh install"
head -10 "$WORK/b.diff" | sed 's/^/# /'
fill "$A" && fill "$B" && [ "$(q -d "$A" -c "SELECT count(*) FROM service_affair.cases")/$(q -d "$B" -c "SELECT count(*) FROM service_affair.cases")" = 2/2 ]
tap $? "both databases take cases"

# a hardened schema: USAGE for the group roles only
q -d "$A" -c "REVOKE USAGE ON SCHEMA service_affair FROM PUBLIC" >/dev/null
q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE $R" -c "CREATE DATABASE $R" >/dev/null
pg_dump -Fc -d "$A" -f "$WORK/a.dump" 2>"$WORK/dump.log" && pg_restore --exit-on-error -d "$R" "$WORK/a.dump" >"$WORK/restore.log" 2>&1
tap $? "pg_dump of the re-installed database, pg_restore --exit-on-error into a new one"
acl() { q -d "$1" -c "SELECT coalesce(nspacl, acldefault('n', nspowner)) FROM pg_namespace WHERE nspname = 'service_affair'"; }
[ "$(acl "$A")" = "$(acl "$R")" ] && acl "$R" | grep -q service_affair_clerk=U
st=$?
tap $st "the restored schema has the grants of the re-installed one (USAGE for the group roles, none for PUBLIC)"
[ $st = 0 ] || echo "# $(acl "$A") / $(acl "$R")"

# with a companion extension on it
q -d "$B" -c "CREATE EXTENSION service_affair_shard" >/dev/null
q -d "$B" -c "SET client_min_messages = warning" -c "DROP EXTENSION service_affair CASCADE" >"$WORK/cascade.log" 2>&1 &&
	[ "$(q -d "$B" -c "SELECT count(*) FROM pg_extension WHERE extname LIKE 'service_affair%'")" = 0 ]
tap $? "DROP EXTENSION service_affair CASCADE drops service_affair_shard too"
q -d "$B" -c "SET client_min_messages = warning" -c "CREATE EXTENSION service_affair_shard CASCADE" -c "SELECT service_affair.create_roles()" >"$WORK/create_shard.log" 2>&1 &&
	fill "$B" && [ "$(q -d "$B" -c "SELECT count(*) FROM service_affair.cases")" = 2 ]
tap $? "CREATE EXTENSION service_affair_shard CASCADE installs both again, and the database takes cases"

# the same for a companion's schema: service_affair_shard's create_roles()
# grants USAGE on it to the group roles; dropped and installed again, its
# script's REVOKE ALL ... FROM PUBLIC recorded that USAGE as initial
q -d "$B" -c "SELECT service_affair_shard.create_roles()" -c "SET client_min_messages = warning" \
	-c "DROP EXTENSION service_affair_shard CASCADE" -c "CREATE EXTENSION service_affair_shard" >"$WORK/shard.log" 2>&1
tap $? "service_affair_shard, its roles made, drops and installs again"
shard_acl() { q -d "$1" -c "SELECT coalesce(nspacl, acldefault('n', nspowner)) FROM pg_namespace WHERE nspname = 'service_affair_shard'"; }
q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE $R" -c "CREATE DATABASE $R" >/dev/null
pg_dump -Fc -d "$B" -f "$WORK/b.dump" 2>>"$WORK/dump.log" && pg_restore --exit-on-error -d "$R" "$WORK/b.dump" >>"$WORK/restore.log" 2>&1 &&
	[ "$(shard_acl "$B")" = "$(shard_acl "$R")" ] && shard_acl "$R" | grep -q service_affair_clerk=U
st=$?
tap $st "a restored dump of it gives the group roles USAGE on service_affair_shard, as the source does"
[ $st = 0 ] || echo "# $(shard_acl "$B") / $(shard_acl "$R")"

echo "1..$n"
[ $failed = 0 ]
