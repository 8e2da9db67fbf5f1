#!/usr/bin/env bash
# Restores a pg_dump -Fc archive of a county with several processes
# (doc/deployment.md, "Backups"):
#
#   tools/restore-parallel.sh -j N -d DBNAME [-L LIST] county.dump
#
# -L LIST restores only the entries of LIST, a list of `pg_restore -l` with
# entries left out or commented out with ";" (as pg_restore -L): each step
# below passes it to pg_restore, so each restores the entries of its section
# that the list names.  The order is the script's, not the list's: the data
# step orders the rows itself (below), so a list that reorders entries
# reorders only the schema and post-data steps, as pg_restore -L would.
#
# Connects as libpq's PGHOST/PGPORT/PGUSER say; run it as a superuser, like a
# serial pg_restore, into a new, empty database (one that holds anything is
# refused).  pg_restore and psql are taken from PATH (or from PG_BINDIR when
# set).
#
# Why not plain `pg_restore -j N`: the tables of the extension get their
# foreign keys from CREATE EXTENSION, so those keys are checked while the rows
# load.  pg_dump does put the data of extension tables that refer to each other
# in a loadable order, but only in the order of the archive (what a serial
# pg_restore follows): it does not write that order into the archive's
# dependencies, and parallel workers start the largest tables first, e.g.
# case_event_active before cases_active (23503).  --disable-triggers does not
# help: it acts only in a data-only restore, and there it also switches off the
# extension's triggers that a restore needs (setting's upsert fails with 23505,
# restored edits of the shipped calendar are not applied).
#
# So this script restores in three steps: the schema (--section=pre-data, one
# process; CREATE EXTENSION, the history's months attached to their tables),
# then the rows in waves, then indexes and constraints of the objects outside
# the extension (--section=post-data, N processes).  The waves come from the
# foreign keys that exist in the new database once the schema is in, i.e. those
# that will be checked: wave 0 holds every table that refers to no other table,
# wave k every table whose referenced tables are all in earlier waves (a
# reference to the table itself does not count: one COPY loads it); the
# sequence values come last, as in a serial restore.  Each wave is one
# `pg_restore -j N -L list`, so the tables of a wave load in parallel and
# never before a table they refer to.  Every other restore behaviour
# (triggers, the empty search_path) is that of pg_restore.
set -euo pipefail

jobs=
db=
list=
while getopts 'j:d:L:' opt; do
	case $opt in
	j) jobs=$OPTARG ;;
	d) db=$OPTARG ;;
	L) list=$OPTARG ;;
	*) echo "usage: $0 -j N -d DBNAME [-L LIST] DUMPFILE" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
if [ -z "$jobs" ] || [ -z "$db" ] || [ $# != 1 ]; then
	echo "usage: $0 -j N -d DBNAME [-L LIST] DUMPFILE" >&2
	exit 2
fi
case "$jobs" in
'' | *[!0-9]* | 0*) echo "$0: -j takes a number of jobs from 1 up, not \"$jobs\"" >&2; exit 2 ;;
esac
# pg_restore's own bound (1..2147483647), asked before anything is restored:
# checked by pg_restore only at the data step, the schema was already in
# and the database left half restored (a review)
if [ ${#jobs} -gt 10 ] || [ "$jobs" -gt 2147483647 ]; then
	echo "$0: -j takes a number of jobs from 1 to 2147483647, not \"$jobs\"" >&2
	exit 2
fi
[ -r "$1" ] || { echo "$0: cannot read the dump $1" >&2; exit 2; }
dump=$1
bin=${PG_BINDIR:+$PG_BINDIR/}
# a file pg_restore cannot read as an archive: said before anything (the
# schema step failed, and the script said the database held part of it)
"${bin}pg_restore" -l "$dump" >/dev/null 2>&1 ||
	{ echo "$0: $dump is not an archive pg_restore can read (pg_dump -Fc or -Fd); nothing restored" >&2; exit 2; }
# the list, read by pg_restore as each step will (a file it cannot read:
# said before anything is restored; a line it cannot parse is a warning of
# pg_restore's and left out, as in a serial pg_restore -L).  Its errors
# are taken in a variable: until 2026-12-07 they went to a file of a name
# anyone could foresee, ${TMPDIR:-/tmp}/sa_restore_list.<pid>, which the
# redirection followed: a symbolic link made there beforehand had the file
# it named emptied (by the DBA running the restore), and anything else
# there (a directory) stopped the restore with "cannot use the list"
# (test/scripts/restore_parallel_tmp.sh)
if [ -n "$list" ]; then
	[ -r "$list" ] || { echo "$0: cannot read the list $list; nothing restored" >&2; exit 2; }
	if ! listerr=$("${bin}pg_restore" -l -L "$list" "$dump" 2>&1 >/dev/null); then
		echo "$0: pg_restore cannot use the list $list with $dump: $(printf '%s\n' "$listerr" | head -1); nothing restored" >&2
		exit 2
	fi
fi
# pg_restore's -L LIST, for each step (none without -L)
uselist=()
[ -z "$list" ] || uselist=(-L "$list")
# and what the server can take: each job is a connection (a -j over the
# free connections failed at the data step too, the schema already in)
free=$("${bin}psql" -X -At -d "$db" -c "SELECT pg_catalog.current_setting('max_connections')::int
                                               - pg_catalog.current_setting('superuser_reserved_connections')::int
                                               - (SELECT pg_catalog.count(*) FROM pg_catalog.pg_stat_activity WHERE backend_type = 'client backend')") ||
	{ echo "$0: cannot connect to database $db" >&2; exit 2; }
if [ "$jobs" -gt "$free" ]; then
	echo "$0: -j $jobs is more than the $free connections the server has free; nothing restored" >&2
	exit 2
fi
# into a new, empty database only: restored into one that held a county (a
# -d naming the wrong database), the schema step failed at once and the
# message below told the user to drop that database (a review)
held=$("${bin}psql" -X -At -d "$db" -c "SELECT pg_catalog.string_agg(what, ', ') FROM (
      SELECT 'schema ' || n.nspname AS what FROM pg_catalog.pg_namespace n
       WHERE n.nspname NOT IN ('public', 'information_schema') AND n.nspname !~ '^pg_'
      UNION ALL SELECT 'extension ' || e.extname FROM pg_catalog.pg_extension e WHERE e.extname <> 'plpgsql'
      UNION ALL SELECT 'relation ' || c.relname FROM pg_catalog.pg_class c
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'
      UNION ALL SELECT 'function ' || p.proname FROM pg_catalog.pg_proc p
       JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'
      LIMIT 5) x") ||
	{ echo "$0: cannot read database $db" >&2; exit 2; }
if [ -n "$held" ]; then
	echo "$0: database $db is not empty ($held); nothing restored: restore into a new database (createdb)" >&2
	exit 2
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/sa_restore.XXXXXX")
trap 'rm -rf "$work"' EXIT

# from here a failure leaves the database part restored: say so
trap 'rc=$?; rm -rf "$work"; [ $rc = 0 ] || echo "$0: failed; database $db holds part of the dump: drop it and create it again before another try" >&2' EXIT

# 1. the schema, with the extension and its foreign keys
"${bin}pg_restore" --section=pre-data "${uselist[@]}" --exit-on-error -d "$db" "$dump"

# 2. the rows, wave by wave
"${bin}psql" -X -q -At -v ON_ERROR_STOP=1 -d "$db" >"$work/waves.txt" <<'SQL'
-- every plain table and leaf partition; a partitioned table stands for its leaves
WITH RECURSIVE
leaf(rel, leaf) AS (
    SELECT c.oid, c.oid FROM pg_catalog.pg_class c WHERE c.relkind = 'r'
    UNION
    SELECT c.oid, t.relid
      FROM pg_catalog.pg_class c, pg_catalog.pg_partition_tree(c.oid) t
     WHERE c.relkind = 'p' AND t.isleaf),
edge(child, parent) AS (
    SELECT DISTINCT a.leaf, b.leaf
      FROM pg_catalog.pg_constraint k
      JOIN leaf a ON a.rel = k.conrelid
      JOIN leaf b ON b.rel = k.confrelid
     WHERE k.contype = 'f' AND a.leaf <> b.leaf),
wave(rel, n) AS (
    SELECT c.oid, 0 FROM pg_catalog.pg_class c WHERE c.relkind = 'r'
    UNION
    SELECT e.child, w.n + 1 FROM wave w JOIN edge e ON e.parent = w.rel WHERE w.n < 1000)
-- the names as pg_restore -l prints them: a newline or a carriage return
-- becomes a space there (the rest of the line is the name, tabs included)
SELECT max(w.n) || E'\t' || pg_catalog.translate(n.nspname || ' ' || c.relname, E'\n\r', '  ')
  FROM wave w
  JOIN pg_catalog.pg_class c ON c.oid = w.rel
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
 GROUP BY n.nspname, c.relname;
SQL
if grep -q '^1000	' "$work/waves.txt"; then
	echo "$0: the foreign keys among these tables form a cycle; database $db now holds the schema only: drop it, create it again and restore with one process" >&2
	exit 1
fi
# (with -L, the data entries the list names: pg_restore -l -L prints the
# entries of the list, in the archive's order)
"${bin}pg_restore" -l --section=data "${uselist[@]}" "$dump" >"$work/data.list"
# A TABLE DATA line reads "ID; 0 OID TABLE DATA schema name owner", the names
# unquoted: the key is the longest prefix of "schema name owner" that names a
# table (an owner's name may hold spaces too).  The other entries of the data
# section (sequence values, large objects) load after every wave, as a serial
# restore loads them after every table.  The first file is read by name, not
# by FNR == NR: a new database without tables has an empty waves.txt, and
# its sequence values must not be taken for waves.
last=$(cut -f1 "$work/waves.txt" | sort -n | tail -1)
last=${last:-0}
awk -v dir="$work" -v after=$((last + 1)) '
	FILENAME == ARGV[1] { t = index($0, "\t"); wave[substr($0, t + 1)] = substr($0, 1, t - 1); next }
	/^;/ || $0 == "" { next }
	{
		w = after
		if ($0 ~ /^[0-9]+; [0-9]+ [0-9]+ TABLE DATA /) {
			key = $0
			sub(/^[0-9]+; [0-9]+ [0-9]+ TABLE DATA /, "", key)
			do {
				if (!match(key, / [^ ]*$/)) { key = ""; break }
				key = substr(key, 1, RSTART - 1)
			} while (!(key in wave))
			w = (key in wave) ? wave[key] : 0
		}
		print > (dir "/wave." w ".list")
	}' "$work/waves.txt" "$work/data.list"
for w in $(seq 0 $((last + 1))); do
	[ -f "$work/wave.$w.list" ] || continue
	"${bin}pg_restore" -j "$jobs" -L "$work/wave.$w.list" --exit-on-error -d "$db" "$dump"
done

# 3. what comes after the rows
"${bin}pg_restore" --section=post-data "${uselist[@]}" -j "$jobs" --exit-on-error -d "$db" "$dump"
