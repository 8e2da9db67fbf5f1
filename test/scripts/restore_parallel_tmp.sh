#!/usr/bin/env bash
# tools/restore-parallel.sh -L LIST writes no file of a name another user
# could foresee (doc/deployment.md, "Restoring with several processes").
# Until 2026-12-07 it checked the list with pg_restore's errors sent to
# ${TMPDIR:-/tmp}/sa_restore_list.<its pid>, a redirection that follows a
# symbolic link: a link made there beforehand (in /tmp, by anyone) had the
# file it named emptied by the DBA's restore, and a directory there stopped
# the restore with "cannot use the list".  The pid is foreseen here by exec:
# the shell that makes the link becomes the script, $$ unchanged.
#   1. a link at that name to a file: the restore goes through, the file
#      keeps its text;
#   2. a directory at that name: the restore goes through.
# (A list pg_restore cannot read is refused as before: dump_county.sh.)
# Uses the running cluster named by PGHOST/PGPORT/PGUSER.  Prints TAP.
set -uo pipefail
cd "${SA_TOP:-$(dirname "$0")/../..}"
source "$(dirname "$0")/lib/tap.sh"
BIN=$("${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}" --bindir)
SRC=sa_rpt_src
DBS="sa_rpt_a sa_rpt_b"
scratch_dbs sa_rpt $SRC $DBS
q -d "$SRC" -c "CREATE TABLE public.kept (id int PRIMARY KEY)" -c "INSERT INTO public.kept VALUES (1), (2)" >/dev/null
"$BIN/pg_dump" -Fc -d "$SRC" -f "$WORK/small.dump" && "$BIN/pg_restore" -l "$WORK/small.dump" >"$WORK/small.list"
tap $? "a small dump and its list"
mkdir "$WORK/tmp"
echo "the DBA's notes" >"$WORK/tmp/victim"

# 1. a link at the name the script wrote to
TMPDIR="$WORK/tmp" PG_BINDIR=$BIN bash -c 'ln -s "$TMPDIR/victim" "$TMPDIR/sa_restore_list.$$" && exec tools/restore-parallel.sh -j 2 -d sa_rpt_a -L "$1" "$2"' \
	_ "$WORK/small.list" "$WORK/small.dump" >"$WORK/r1.log" 2>&1
rc=$?
check "a link at \$TMPDIR/sa_restore_list.<pid>: the restore goes through (exit status)" "$rc" 0
check "... the file the link names keeps its text" "$(cat "$WORK/tmp/victim")" "the DBA's notes"
check "... and the rows are restored" "$(q -d sa_rpt_a -c "SELECT string_agg(id::text, ',' ORDER BY id) FROM public.kept" 2>&1)" "1,2"
[ $rc = 0 ] || sed 's/^/# /' "$WORK/r1.log" | head -5

# 2. a directory at that name
TMPDIR="$WORK/tmp" PG_BINDIR=$BIN bash -c 'mkdir "$TMPDIR/sa_restore_list.$$" && exec tools/restore-parallel.sh -j 2 -d sa_rpt_b -L "$1" "$2"' \
	_ "$WORK/small.list" "$WORK/small.dump" >"$WORK/r2.log" 2>&1
rc=$?
check "a directory at \$TMPDIR/sa_restore_list.<pid>: the restore goes through (exit status)" "$rc" 0
[ $rc = 0 ] || sed 's/^/# /' "$WORK/r2.log" | head -5

echo "1..$n"
[ "$failed" = 0 ]
