#!/usr/bin/env bash
# tools/gen-calendar-data.sh, the DBA's step for next year's notice
# (doc/calendar.md): the committed sql/parts/21_calendar_data.sql is what it
# makes of the committed CSV, and a bad CSV or covered_until changes nothing
# (a DBA's review of 2026-12-04: a bad line left half a file, which make
# built into a broken install script; 2027-02-30, a repeated date and
# covered_until 2027-13-45 were written as they were).  Prints TAP; needs no
# server.
set -u
cd "${SA_TOP:-$(dirname "$0")/../..}"
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
GEN=tools/gen-calendar-data.sh
d=$(mktemp -d "${TMPDIR:-/tmp}/cal_gen_data.XXXXXX")
trap 'rm -rf "$d"' EXIT

"$GEN" data/cn-workday-overrides.csv 2026-12-31 "$d/out.sql" 2>"$d/err"
ok $? "the CSV as committed: exit 0"
cmp -s "$d/out.sql" sql/parts/21_calendar_data.sql
ok $? "... and the output is sql/parts/21_calendar_data.sql as committed"
[ "$("$GEN" data/cn-workday-overrides.csv 2026-12-31 | md5sum)" = "$(md5sum <sql/parts/21_calendar_data.sql)" ]
ok $? "to standard output: the same"

# a bad CSV: exit 1, a message naming the line, the output file as it was
cp sql/parts/21_calendar_data.sql "$d/keep.sql"
refused() { # description want-in-message csv-lines-to-append [covered_until]
	local what=$1 want=$2 extra=$3 covered=${4:-2027-12-31} rc
	cp data/cn-workday-overrides.csv "$d/bad.csv"
	[ -n "$extra" ] && printf '%s\n' "$extra" >>"$d/bad.csv"
	cp "$d/keep.sql" "$d/target.sql"
	"$GEN" "$d/bad.csv" "$covered" "$d/target.sql" >"$d/stdout" 2>"$d/err"
	rc=$?
	sed 's/^/# /' "$d/err" | head -2
	[ $rc = 1 ] && grep -qF -- "$want" "$d/err" && cmp -s "$d/target.sql" "$d/keep.sql" && [ ! -s "$d/stdout" ]
	ok $? "$what: exit 1, \"$want\", the output file unchanged"
}
refused "a kind that is neither off nor work" "bad kind" "2027-03-01,holidy,x"
refused "an impossible date (2027-02-30)" "bad date" "2027-02-30,off,x"
refused "29 February of a common year" "bad date" "2027-02-29,off,x"
refused "a date twice" "again" "2026-10-01,off,国庆节"
refused "covered_until 2027-13-45" "is not a date" "" "2027-13-45"
refused "the year 0 (PostgreSQL has none: 22008)" "bad date" "0000-01-01,off,x"
refused "covered_until in the year 0" "is not a date" "" "0000-02-29"
refused "a line with a bad kind after a good one: nothing written" "bad kind" $'2027-01-01,off,元旦\n2027-01-02,of,x'
refused "\$\$ in a name (it ended the function body of the output)" "not three plain fields" '2027-01-01,off,元旦$$; SELECT 1/0; --'
refused "a comma in a name (the name was cut)" "not three plain fields" '2027-10-01,off,中秋节,国庆节'
refused "a quoted field (the name was cut at its comma)" "not three plain fields" '2027-10-02,off,"Mid-Autumn, National Day"'
# a CSV without its header (its first day was dropped), one with the header
# only (the output did not load), an output that is a directory (the result
# was left as a hidden file in it), a CSV name with a line break (the rest of
# it became a statement of the output): exit 1, nothing written
tail -n +2 data/cn-workday-overrides.csv >"$d/nohead.csv"
"$GEN" "$d/nohead.csv" 2027-12-31 "$d/nohead.sql" 2>"$d/err"
[ $? = 1 ] && grep -q 'not the header' "$d/err" && [ ! -e "$d/nohead.sql" ]
ok $? "a CSV without its header line: exit 1, nothing written"
head -1 data/cn-workday-overrides.csv >"$d/headonly.csv"
"$GEN" "$d/headonly.csv" 2027-12-31 "$d/headonly.sql" 2>"$d/err"
[ $? = 1 ] && grep -q 'no days' "$d/err" && [ ! -e "$d/headonly.sql" ]
ok $? "a CSV with the header only: exit 1, nothing written"
mkdir "$d/outdir"
"$GEN" data/cn-workday-overrides.csv 2027-12-31 "$d/outdir" 2>"$d/err"
[ $? = 1 ] && grep -q 'is a directory' "$d/err" && [ -z "$(ls -A "$d/outdir")" ]
ok $? "an output that is a directory: exit 1, nothing left in it"
cp data/cn-workday-overrides.csv "$d/x
SELECT 42 AS injected;
--.csv"
"$GEN" "$d/x
SELECT 42 AS injected;
--.csv" 2027-12-31 >"$d/stdout" 2>"$d/err"
[ $? = 1 ] && grep -q 'line break' "$d/err" && [ ! -s "$d/stdout" ]
ok $? "a CSV name with a line break: exit 1, nothing printed"
cp data/cn-workday-overrides.csv "$d/y"$'\r'"SELECT 42 AS injected; --.csv"
"$GEN" "$d/y"$'\r'"SELECT 42 AS injected; --.csv" 2027-12-31 >"$d/stdout" 2>"$d/err"
[ $? = 1 ] && grep -q 'control character' "$d/err" && [ ! -s "$d/stdout" ]
ok $? "... nor a carriage return (it ends a comment too)"
printf '2028-02-29,off,leap\n' | cat data/cn-workday-overrides.csv - >"$d/leap.csv"
"$GEN" "$d/leap.csv" 2028-12-31 "$d/leap.sql" 2>"$d/err" && grep -q "('2028-02-29', false, 'leap')" "$d/leap.sql"
ok $? "29 February of a leap year is a date"
"$GEN" "$d/bad.csv" 2027-12-31 >"$d/stdout" 2>/dev/null  # bad.csv: the bad kind of the last refusal
[ $? = 1 ] && [ ! -s "$d/stdout" ]
ok $? "to standard output, a failure in the CSV prints nothing"
! ls -A "$d" | grep -q '^\.gen-calendar-data'
ok $? "no temporary file is left beside the output"
echo "1..$n"
