#!/usr/bin/env bash
# doc/ is the reference a DBA reads (the project's rule: "Keep doc/ the
# reference a DBA would want: every function, view and setting, with an
# example", and "COMMENT ON every object").  On a fresh
# install of service_affair (and create_roles()), listed from the catalog, so
# that a new object without its page fails here:
#   - the public API: every function of the extension (pg_depend deptype 'e')
#     that one of the group roles service_affair_* may execute (granted to it,
#     or to PUBLIC);
#   - every table and view one of the group roles may SELECT (the
#     administrators' and inspectors' tables too: the DBA's reference);
#   - every row of service_affair.setting (the settings a DBA edits);
#   - every setting (GUC) service_affair.* or service_affair_<companion>.*
#     that the scripts or the library read (listed from the source:
#     current_setting(), GetConfigOption(), DefineCustom*Variable()):
#     named in the prose; one the scripts themselves never set (a user's
#     setting, not a flag the extension raises for its own transaction) also
#     used in a ```sql example.
# Each must be named in the prose of doc/*.md (a function as `name(`, a table,
# view or setting by its name in backticks) and used in at least one ```sql
# block of doc/*.md (the example).
#
# The companion extensions service_affair_shard, service_affair_province and
# service_affair_router (doc/scale.md), installed in a second database as the
# scale tests install them (the province node attached to one shard, the
# database itself through a loopback postgres_fdw server, so that
# attach_shard() runs rebuild_views(); the shard's create_roles(), the
# router's create_roles(); the router only where PL/Proxy is installed), are
# held to the same, by their qualified names (a router function shares its
# name with the single-node one it routes: `service_affair_router.submit(`
# is its entry, not `submit(`):
#   - every function of their schemas (their own, and those rebuild_views()
#     generates) that a group role may execute, in a schema it may use;
#   - every table and view of their schemas a group role may SELECT.
# Types: every type one of the four extensions creates (not the row types of
# its tables and views, nor array types) in a schema a group role may use is
# named in the prose in backticks (service_affair's by its bare name,
# `uscc`; a companion's qualified).
#
# Not held to it:
#   - functions no group role may execute (internal helpers, trigger
#     functions, what only a superuser calls): they need no example, their
#     COMMENT is their reference; but one whose COMMENT does not start
#     "Internal" (and is no trigger function) is a superuser's function
#     (create_roles()): it is named in the prose as `name(`;
#   - functions a group role may execute whose COMMENT starts "Internal"
#     (helpers of the API that run as the caller, hence granted): named in
#     the prose, no example;
#   - the support functions of the types resident_id and uscc (input/output,
#     send/receive, the functions behind their operators and operator
#     classes): they are reached through the type, documented in
#     doc/identifiers.md, not called by name.
# A function that should have no example is marked "Internal" in its
# COMMENT (and said so where doc/ names it), not listed here.
#
# Comments: test/pgtap/catalog_comments.sql checks functions, tables, views,
# their columns, triggers, policies and types; this script checks the other
# member objects of the extension (operators, operator classes and families,
# sequences no column owns, whatever kind comes next).
# Uses the running cluster named by PGHOST/PGPORT/PGUSER.  Prints TAP.
set -uo pipefail
source "$(dirname "$0")/lib/tap.sh"
TOP=${SA_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sa_doccov.XXXXXX")
scratch_db sa_doc_coverage
trap 'psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1; rm -rf "$WORK"' EXIT

q -d "$db" -c "CREATE EXTENSION service_affair" -c "SELECT service_affair.create_roles()" >/dev/null
tap $? "CREATE EXTENSION service_affair and create_roles()"

ext="(SELECT oid FROM pg_extension WHERE extname = 'service_affair')"
# the public API: distinct names (overloads share one entry)
q -d "$db" >"$WORK/functions" <<EOF
SELECT DISTINCT p.proname
  FROM pg_depend d JOIN pg_proc p ON p.oid = d.objid
 WHERE d.classid = 'pg_proc'::regclass AND d.refobjid = $ext AND d.deptype = 'e'
   AND EXISTS (SELECT FROM pg_roles r WHERE r.rolname ~ '^service_affair_'
                                        AND has_function_privilege(r.oid, p.oid, 'EXECUTE'))
   AND NOT EXISTS (SELECT FROM pg_type t WHERE p.oid IN (t.typinput, t.typoutput, t.typreceive, t.typsend))
   AND NOT EXISTS (SELECT FROM pg_operator o WHERE o.oprcode = p.oid)
   AND NOT EXISTS (SELECT FROM pg_amproc a WHERE a.amproc = p.oid)
 ORDER BY 1
EOF
q -d "$db" >"$WORK/internal" <<EOF
SELECT DISTINCT p.proname FROM pg_proc p
 WHERE p.pronamespace = 'service_affair'::regnamespace AND obj_description(p.oid, 'pg_proc') ~ '^Internal'
 ORDER BY 1
EOF
grep -vxF -f "$WORK/internal" "$WORK/functions" >"$WORK/examples"
q -d "$db" >"$WORK/relations" <<EOF
SELECT c.relname
  FROM pg_depend d JOIN pg_class c ON c.oid = d.objid
 WHERE d.classid = 'pg_class'::regclass AND d.refobjid = $ext AND d.deptype = 'e'
   AND c.relkind IN ('r', 'v', 'm', 'p')
   AND EXISTS (SELECT FROM pg_roles r WHERE r.rolname ~ '^service_affair_'
                                        AND has_table_privilege(r.oid, c.oid, 'SELECT'))
 ORDER BY 1
EOF
q -d "$db" -c "SELECT name FROM service_affair.setting ORDER BY 1" >"$WORK/settings"
# the superuser's functions: no group role may execute them, no trigger
# function, no support function of a type, COMMENT not "Internal"
q -d "$db" >"$WORK/superuser" <<EOF
SELECT DISTINCT p.proname
  FROM pg_depend d JOIN pg_proc p ON p.oid = d.objid
 WHERE d.classid = 'pg_proc'::regclass AND d.refobjid = $ext AND d.deptype = 'e'
   AND p.prorettype <> 'trigger'::regtype
   AND NOT EXISTS (SELECT FROM pg_roles r WHERE r.rolname ~ '^service_affair_'
                                            AND has_function_privilege(r.oid, p.oid, 'EXECUTE'))
   AND NOT EXISTS (SELECT FROM pg_type t WHERE p.oid IN (t.typinput, t.typoutput, t.typreceive, t.typsend))
   AND NOT EXISTS (SELECT FROM pg_operator o WHERE o.oprcode = p.oid)
   AND NOT EXISTS (SELECT FROM pg_amproc a WHERE a.amproc = p.oid)
   AND coalesce(obj_description(p.oid, 'pg_proc'), '') !~ '^Internal'
 ORDER BY 1
EOF
# the settings (GUCs), from the source: those read, and those the scripts set
gucre="service_affair[a-z_]*\\.[a-z_]+"
{
	grep -ohE "current_setting\\([[:space:]]*'$gucre'" "$TOP"/sql/parts/*.sql "$TOP"/sql/service_affair_*--*.sql
	grep -ohE "(GetConfigOption[A-Za-z]*|DefineCustom[A-Za-z]*Variable)\\([[:space:]]*\"$gucre\"" "$TOP"/src/*.c
} | grep -oE "$gucre" | sort -u >"$WORK/gucs"
grep -ohE "(set_config\\([[:space:]]*'|\\bSET[[:space:]]+(LOCAL[[:space:]]+)?)$gucre" "$TOP"/sql/*.sql "$TOP"/sql/parts/*.sql \
	"$TOP"/sql/upgrade/*/*.sql | grep -oE "$gucre" | sort -u >"$WORK/gucs_set"
grep -vxF -f "$WORK/gucs_set" "$WORK/gucs" >"$WORK/gucs_user"
check "the lists are not empty (functions, tables and views, settings, superuser's functions, GUCs)" \
	"$([ -s "$WORK/functions" ] && [ -s "$WORK/relations" ] && [ -s "$WORK/settings" ] && [ -s "$WORK/superuser" ] &&
		[ -s "$WORK/gucs" ] && [ -s "$WORK/gucs_user" ] && echo yes)" yes

# The companions, in a database of their own.
sdb=${db}_scale
psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $sdb" -c "CREATE DATABASE $sdb" >/dev/null
trap 'psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "DROP DATABASE IF EXISTS $sdb" >/dev/null 2>&1; rm -rf "$WORK"' EXIT
plproxy=$(q -d "$sdb" -c "SELECT count(*) FROM pg_available_extensions WHERE name = 'plproxy'")
q -d "$sdb" -v host="${PGHOST:-/var/run/postgresql}" -v port="${PGPORT:-5432}" >"$WORK/scale.log" 2>&1 <<EOF
SET client_min_messages = warning;
CREATE EXTENSION service_affair CASCADE;
CREATE EXTENSION service_affair_shard;
INSERT INTO service_affair_shard.shard (name, number) VALUES ('s1', 1);
SELECT service_affair_shard.create_roles();
CREATE EXTENSION service_affair_province CASCADE;
SELECT format('CREATE SERVER s1 FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host %L, port %L, dbname %L)',
              :'host', :'port', current_database()) \gexec
CREATE USER MAPPING FOR CURRENT_USER SERVER s1;
SELECT service_affair_province.attach_shard('s1');
\if $([ "$plproxy" = 1 ] && echo true || echo false)
CREATE EXTENSION plproxy;
CREATE EXTENSION service_affair_router;
SELECT service_affair_router.create_roles();
\endif
EOF
tap $? "CREATE EXTENSION service_affair_shard, service_affair_province (a shard attached) and service_affair_router, their create_roles()$([ "$plproxy" = 1 ] || echo ' (no PL/Proxy: service_affair_router left out)')"
[ "$plproxy" = 1 ] || echo "# PL/Proxy is not installed (Debian postgresql-15-plproxy): service_affair_router is not checked"
companions="'service_affair_shard', 'service_affair_province', 'service_affair_router'"
reach_fn="EXISTS (SELECT FROM pg_roles r WHERE r.rolname ~ '^service_affair_'
                  AND has_function_privilege(r.oid, p.oid, 'EXECUTE') AND has_schema_privilege(r.oid, p.pronamespace, 'USAGE'))"
q -d "$sdb" >"$WORK/cfunctions" <<EOF
SELECT DISTINCT n.nspname || '.' || p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname IN ($companions) AND $reach_fn ORDER BY 1
EOF
q -d "$sdb" >"$WORK/cinternal" <<EOF
SELECT DISTINCT n.nspname || '.' || p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname IN ($companions) AND obj_description(p.oid, 'pg_proc') ~ '^Internal' ORDER BY 1
EOF
grep -vxF -f "$WORK/cinternal" "$WORK/cfunctions" >"$WORK/cexamples"
q -d "$sdb" >"$WORK/crelations" <<EOF
SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname IN ($companions) AND c.relkind IN ('r', 'v', 'm', 'p', 'f')
   AND EXISTS (SELECT FROM pg_roles r WHERE r.rolname ~ '^service_affair_'
                  AND has_table_privilege(r.oid, c.oid, 'SELECT') AND has_schema_privilege(r.oid, c.relnamespace, 'USAGE'))
 ORDER BY 1
EOF
q -d "$sdb" >"$WORK/types" <<EOF
SELECT DISTINCT CASE n.nspname WHEN 'service_affair' THEN t.typname ELSE n.nspname || '.' || t.typname END
  FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
  JOIN pg_type t ON t.oid = d.objid JOIN pg_namespace n ON n.oid = t.typnamespace
 WHERE d.classid = 'pg_type'::regclass AND d.deptype = 'e'
   AND e.extname IN ('service_affair', $companions)
   AND NOT EXISTS (SELECT FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind <> 'c')  -- a row type
   AND NOT (t.typelem <> 0 AND t.typsubscript = 'array_subscript_handler'::regproc)      -- an array type
   AND EXISTS (SELECT FROM pg_roles r WHERE r.rolname ~ '^service_affair_' AND has_schema_privilege(r.oid, t.typnamespace, 'USAGE'))
 ORDER BY 1
EOF
check "the companions' lists are not empty (functions, views, types)" \
	"$([ -s "$WORK/cfunctions" ] && [ -s "$WORK/crelations" ] && [ -s "$WORK/types" ] && echo yes)" yes

# The prose (fenced blocks removed) as backtick spans, one a line (a span may
# run over lines of its paragraph); the ```sql blocks (also indented ones, in
# lists), line by line.
for f in "$TOP"/doc/*.md; do
	awk '/^ *```/ { f = !f; next } !f' "$f" | awk 'BEGIN { RS = "" } { gsub(/\n/, " "); print }' | grep -o '`[^`]*`'
done >"$WORK/spans"
awk '/^ *```/ { if (f) { f = 0 } else if ($0 ~ /^ *```sql/) { f = 1 }; next } f' "$TOP"/doc/*.md >"$WORK/sql"

missing() { # list kind(function|name) where(spans|sql): the names of list not found
	local name re out=()
	while read -r name; do
		[ -n "$name" ] || continue
		if [ "$2" = function ]; then
			re="(^|[^A-Za-z0-9_])${name//./\\.}[[:space:]]*\\("
		else
			re="(^|[^A-Za-z0-9_])${name//./\\.}([^A-Za-z0-9_]|\$)"
		fi
		grep -Eq "$re" "$WORK/$3" || out+=("$name")
	done <"$WORK/$1"
	echo "${out[*]}"
}

check "every function of the public API is named in doc/ as \`name(\`" "$(missing functions function spans)" ""
check "... and, unless its COMMENT says Internal, used in a \`\`\`sql example" "$(missing examples function sql)" ""
check "every table and view a group role may read is named in doc/ in backticks" "$(missing relations name spans)" ""
check "... and used in a \`\`\`sql example" "$(missing relations name sql)" ""
check "every row of service_affair.setting is named in doc/ in backticks" "$(missing settings name spans)" ""
check "... and used in a \`\`\`sql example" "$(missing settings name sql)" ""
check "every function only a superuser may execute, unless its COMMENT says Internal, is named in doc/ as \`name(\`" "$(missing superuser function spans)" ""
check "every setting (GUC) the scripts or the library read is named in doc/ in backticks" "$(missing gucs name spans)" ""
check "... and, unless the scripts set it themselves, used in a \`\`\`sql example" "$(missing gucs_user name sql)" ""
check "every function of the companions a group role may execute is named in doc/ as \`schema.name(\`" "$(missing cfunctions function spans)" ""
check "... and, unless its COMMENT says Internal, used in a \`\`\`sql example" "$(missing cexamples function sql)" ""
check "every table and view of the companions a group role may read is named in doc/ in backticks (qualified)" "$(missing crelations name spans)" ""
check "... and used in a \`\`\`sql example" "$(missing crelations name sql)" ""
check "every type of the extensions in a schema a group role may use is named in doc/ in backticks" "$(missing types name spans)" ""

# The README's table of contents lists every page of doc/ (the per-area
# benchmark pages through doc/benchmarks.md), and every page it links exists.
check "every page of doc/ is linked from README.md (doc/benchmarks-*.md from doc/benchmarks.md)" "$(
	for f in "$TOP"/doc/*.md; do
		b=$(basename "$f")
		case "$b" in
		benchmarks-*) grep -qE "\]\(${b//./\\.}[)#]" "$TOP/doc/benchmarks.md" || echo "$b" ;;
		*) grep -qF "(doc/$b)" "$TOP/README.md" || echo "$b" ;;
		esac
	done | tr '\n' ' ' | sed 's/ $//'
	for l in $(grep -oE '\(doc/[^)]*\.md\)' "$TOP/README.md" | tr -d '()'); do [ -f "$TOP/$l" ] || echo "missing $l"; done
)" ""

# Comments on the member objects catalog_comments.sql does not list.
check "every operator, operator class and family, and sequence no column owns has a COMMENT" "$(q -d "$db" <<EOF
SELECT coalesce(string_agg(o, '; ' ORDER BY o), '') FROM (SELECT pg_describe_object(d.classid, d.objid, 0) AS o
  FROM pg_depend d
 WHERE d.refobjid = $ext AND d.deptype = 'e'
   AND d.classid NOT IN ('pg_proc'::regclass, 'pg_type'::regclass)
   AND NOT (d.classid = 'pg_class'::regclass
            AND (SELECT relkind FROM pg_class WHERE oid = d.objid) IN ('r', 'v', 'm', 'p'))
   AND NOT EXISTS (SELECT FROM pg_depend s  -- an identity or serial sequence: its column's comment
                    WHERE s.classid = 'pg_class'::regclass AND s.objid = d.objid
                      AND s.refclassid = 'pg_class'::regclass AND s.deptype IN ('a', 'i'))
   AND obj_description(d.objid, (SELECT relname FROM pg_class WHERE oid = d.classid)) IS NULL) m
EOF
)" ""

echo "1..$n"
[ "$failed" = 0 ]
