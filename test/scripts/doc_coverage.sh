#!/usr/bin/env bash
# doc/ is the reference a DBA reads (the project's rule: "Keep doc/ the
# reference a DBA would want: every function, view and setting, with an
# example", and "COMMENT ON every object").  On a fresh
# install of service_affair (and create_roles()), listed from the catalog, so
# that a new object without its page fails here:
#   - the public API: every function of the extension (pg_depend deptype 'e')
#     that one of the group roles service_affair_* may execute (granted to it,
#     or to PUBLIC);
#   - every table and view service_affair_analyst or service_affair_clerk may
#     SELECT;
#   - every row of service_affair.setting (the settings a DBA edits).
# Each must be named in the prose of doc/*.md (a function as `name(`, a table,
# view or setting by its name in backticks) and used in at least one ```sql
# block of doc/*.md (the example).
#
# Not held to it:
#   - functions no group role may execute (internal helpers, trigger
#     functions, what only a superuser calls): they need no example, their
#     COMMENT is their reference;
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
   AND (has_table_privilege('service_affair_analyst', c.oid, 'SELECT')
        OR has_table_privilege('service_affair_clerk', c.oid, 'SELECT'))
 ORDER BY 1
EOF
q -d "$db" -c "SELECT name FROM service_affair.setting ORDER BY 1" >"$WORK/settings"
check "the lists are not empty (functions, tables and views, settings)" \
	"$([ -s "$WORK/functions" ] && [ -s "$WORK/relations" ] && [ -s "$WORK/settings" ] && echo yes)" yes

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
check "every table and view an analyst or clerk may read is named in doc/ in backticks" "$(missing relations name spans)" ""
check "... and used in a \`\`\`sql example" "$(missing relations name sql)" ""
check "every row of service_affair.setting is named in doc/ in backticks" "$(missing settings name spans)" ""
check "... and used in a \`\`\`sql example" "$(missing settings name sql)" ""

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
