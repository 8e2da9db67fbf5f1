#!/usr/bin/env bash
# The examples of doc/ run as a newcomer would copy them into psql, and give
# what the doc says they give.  doc_coverage.sh asks that every object has an
# example; this asks that a curated set of those examples is right, so that
# they cannot rot.  Each example is read from its doc file (a missing or
# changed line fails here), run in a new database with the extension, and its
# result compared with the result its comment states.  Prints TAP.  Needs
# PGHOST/PGPORT (tools/run-tests.sh, suite "script").
#
#  1. Pure one-line examples (`SELECT ...;   -- result`) of identifiers.md,
#     calendar.md, intake.md, routing.md and ratings.md: the comment must
#     begin with the result psql prints (t/f may be written true/false,
#     columns " | ", ", " or a row "(a, b)", an empty result NULL), and a line of the doc
#     whose comment above it says `-- ERROR <sqlstate>` must fail so.
#  2. The tutorial of doc/intake.md (its own catalog: department MKT, items
#     biz, seal, food, bundle open_shop), its statements run in order as the
#     doc has them: every statement under `-- ERROR <sqlstate>` fails with
#     that SQLSTATE, every other succeeds; completeness() prints the table
#     the doc shows; submit(), notice(), supplement(), withdraw(), deliver()
#     give the statuses, dues and errors their comments state, the doc's
#     placeholder case ids replaced by the ids the run returned.
#  3. The task writers of doc/routing.md on that catalog: claim_task,
#     complete_task, suspend, resume (4 working days), extend, in the order
#     and at the times the doc gives, placeholder task ids 1017 and 1018
#     replaced by the run's.
#  4. doc/ratings.md: a bad rating's call-back and fix dues before and after
#     the calendar edit of its example.
#  5. doc/complaints.md's walk-through (receive, request keys, assign,
#     transfer, supervise, reply, call-back, close, complaint_from_rating,
#     the sweep, the history) on that catalog plus department HLT, its
#     placeholder ids replaced as the table of part 5 says.
#  6. doc/scale.md's examples that one province node runs: the shard map
#     and the refusal of a licence format without {region}.
#  7. doc/ratings.md's rate() examples (the month of the rating id, the
#     rectification's dues), its request key, record_callback(),
#     close_rectification() (on time) and appeal_rating();
#  8. doc/credit.md's manual fact with its review and repair, and its
#     request key (the subject's two spellings, 23505);
#  9. doc/licences.md's expire_licences() under REPEATABLE READ (55000).
# 10. doc/inspection.md's first plan and draw, the draw's two refusals
#     (ERROR and DETAIL as printed) and verify_draw(1), in a database of its
#     own holding the population of demo/70_inspection.sql.
# 11. doc/ratings.md's edit of the rating settings (UPDATE 1 each, 23514 for
#     'five'), run last: it changes them.
#  Parts 5, 7 and 8 replace the doc's placeholder ids by the run's, as the
#  table at the head of each part says (only those words; a placeholder the
#  doc changes is left as it is, and the statement fails).
# Examples that need the demo county, roles, several nodes or a scenario of
# their own (inspection results and their publication, commitment checks,
# issued licences, the demo county's views) are not run here.
set -u
cd "${SA_TOP:-$(dirname "$0")/../..}" || exit 1
source test/scripts/lib/tap.sh
scratch_db sa_doc_examples
psql -X -q -d "$db" -c "CREATE EXTENSION service_affair" >/dev/null
# the docs' times are China's (the test cluster's time zone too)
export PGOPTIONS="-c search_path=service_affair,public -c client_min_messages=warning -c TimeZone=Asia/Shanghai"

# run SQL: its rows (psql -At, columns " | "), or "ERROR <sqlstate>"
run() {
	local out
	if out=$(psql -X -At -F ' | ' -v ON_ERROR_STOP=1 -v VERBOSITY=verbose -d "$db" -c "$1" 2>&1); then
		printf '%s' "$out"
	else
		printf 'ERROR %s' "$(printf '%s\n' "$out" | sed -n 's/^ERROR:  \([0-9A-Z]\{5\}\):.*/\1/p' | head -1)"
	fi
}
# doc_line FILE SQL: the line of FILE's ```sql blocks that begins with SQL
# followed by ";" (the first), else nothing
doc_line() {
	awk -v sql="$2;" '/^```sql/{p=1; next} /^```/{p=0} p && index($0, sql) == 1 {print; exit}' "$1"
}
# the line above that line
doc_line_above() {
	awk -v sql="$2;" '/^```sql/{p=1; next} /^```/{p=0} p && index($0, sql) == 1 {print prev; exit} {prev = $0}' "$1"
}
# comment_of LINE: the text after the first "--" that follows the ";"
comment_of() {
	local c=${1#*;}
	c=${c#*--}
	printf '%s' "${c# }" | sed 's/^ *//'
}
# states COMMENT RESULT: does the comment begin with the result, as the docs write it?
states() {
	local c=$1 r=$2 alt
	[ -z "$r" ] && { case "$c" in NULL*) return 0 ;; *) return 1 ;; esac; }
	case "$c" in "$r"*) return 0 ;; esac
	alt=$(printf '%s' "$r" | sed 's/ | /, /g')
	case "$c" in "$alt"*) return 0 ;; esac
	alt=$(printf '%s' "$r" | sed 's/^t$/true/; s/^f$/false/')
	case "$c" in "$alt"*) return 0 ;; esac
	alt="($(printf '%s' "$r" | sed 's/ | /, /g'))"
	case "$c" in "$alt"*) return 0 ;; esac
	return 1
}
# example FILE SQL: the doc's line runs and gives what its comment (or an
# "-- ERROR <sqlstate>" line above it) states
example() {
	local f=$1 sql=$2 line above got want
	line=$(doc_line "$f" "$sql")
	if [ -z "$line" ]; then
		tap 1 "$f: no example line '$sql;'"
		return
	fi
	got=$(run "$sql")
	above=$(doc_line_above "$f" "$sql")
	case "$above" in
	"-- ERROR "[0-9A-Z][0-9A-Z][0-9A-Z][0-9A-Z][0-9A-Z]*)
		want=${above#-- ERROR }
		want="ERROR ${want:0:5}"
		check "$f: $sql" "$got" "$want"
		return
		;;
	esac
	if states "$(comment_of "$line")" "$got"; then
		tap 0 "$f: $sql"
	else
		tap 1 "$f: $sql (got '$got', the doc says '$(comment_of "$line")')"
	fi
}

# -- 1. one-line examples --------------------------------------------------
f=doc/identifiers.md
example $f "SELECT '91350100m000100y43'::uscc"
example $f "SELECT ' 9111 0000 6000 3734 1L'::uscc"
example $f "SELECT '11010519491231002x'::resident_id"
example $f "SELECT '110105 19491231 002X'::resident_id"
example $f "SELECT '91350100m000100y43'::uscc = '9135 0100 M000 100Y 43'::uscc"
example $f "SELECT uscc_region('91350100M000100Y43')"
example $f "SELECT resident_id_birth_date('11010519491231002X')"
example $f "SELECT resident_id_sex('11010519491231002X')"
example $f "SELECT resident_id_region('11010519491231002X')"
example $f "SELECT mask('11010519491231002X')"
example $f "SELECT is_valid_uscc('91110000600037341M')"
example $f "SELECT is_valid_resident_id('11010519491231002x')"
example $f "SELECT is_valid_uscc(NULL)"
f=doc/calendar.md
example $f "SELECT is_workday('2026-02-14'), is_workday('2026-02-16')"
example $f "SELECT add_workdays('2026-02-13', 1)"
example $f "SELECT add_workdays('2026-02-13', 2)"
example $f "SELECT add_workdays('2026-02-15', 0)"
example $f "SELECT add_workdays('2026-02-24', -1)"
example $f "SELECT add_workdays('2025-09-25', 20)"
example $f "SELECT workdays_between('2026-02-13', '2026-02-28')"
example $f "SELECT workdays_between('2026-02-28', '2026-02-13')"
example $f "SELECT local_day('2026-01-01 23:30+08')"
example $f "SELECT local_day('2026-01-01 16:30+00')"
example $f "SELECT local_day_start('2026-01-02')"
example $f "SELECT local_day(local_day_start('2026-01-02'))"
example $f "SELECT is_provisional('2026-12-31'), is_provisional('2027-01-01')"
f=doc/intake.md
example $f "SELECT * FROM service_affair.bundle_days(NULL, 60, 60, 3, 2)"
example $f "SELECT * FROM service_affair.bundle_days(NULL, 60, 60, 3, 1)"
example $f "SELECT * FROM service_affair.joint_handling_limits()"
example $f "SELECT service_affair.bundle_extension_days(30, 2)"
example $f "SELECT service_affair.bundle_extension_days(30, 1)"
example $f "SELECT service_affair.item_legal_days(NULL)"
example $f "SELECT service_affair.item_legal_days(0)"
example $f "SELECT service_affair.item_legal_days(15)"
example $f "SELECT service_affair.item_legal_days(-1)"
example $f "SELECT service_affair.item_promised_days('immediate', NULL, 15)"
example $f "SELECT service_affair.item_promised_days('promised', 8, 15)"
example $f "SELECT service_affair.item_promised_days('promised', NULL, 15)"
example $f "SELECT service_affair.item_promised_days('promised', NULL, NULL)"
example $f "SELECT service_affair.item_promised_days('Immediate', NULL, NULL)"
example $f "SELECT case_month(3240000000043)"
example $f "SELECT case_transition_allowed('concluded', 'revoked')"
example $f "SELECT case_next_states('accepted')"
f=doc/routing.md
example $f "SELECT sla_as_of() = now()"
f=doc/access.md
example $f "SELECT service_affair.mask_name('张三丰'), service_affair.mask_name('李四')"
example $f "SELECT service_affair.mask_identifier('91330225MA2Q627826')"
example $f "SELECT service_affair.mask_identifier('110105')"

# example_columns FILE FIRST [SETUP]: the doc's SELECT whose first line begins
# with FIRST and that spans lines, one column a line, each line's comment
# stating its column (the comment's first word; t/f may be true/false); SETUP
# (a SET the doc's line above makes) runs before it
example_columns() {
	local f=$1 first=$2 setup=${3:-} sql said got i g w bad=
	sql=$(awk -v first="$first" '/^```sql/{p=1; next} /^```/{p=0; if (on) exit}
		p && !on && index($0, first) == 1 {on=1}
		on { code = $0; sub(/ *--.*$/, "", code); printf "%s ", code; if (code ~ /; *$/) exit }' "$f")
	said=$(awk -v first="$first" '/^```sql/{p=1; next} /^```/{p=0; if (on) exit}
		p && !on && index($0, first) == 1 {on=1}
		on { c = $0; if (sub(/^.*-- */, "", c)) { split(c, w, /[ :,]/); print w[1] } else print "?"
		     code = $0; sub(/ *--.*$/, "", code); if (code ~ /; *$/) exit }' "$f")
	if [ -z "$sql" ]; then
		tap 1 "$f: no example beginning '$first'"
		return
	fi
	got=$(run "${setup:+$setup; }${sql%;*}" | tail -1)
	i=0
	while IFS= read -r w; do
		i=$((i + 1))
		g=$(printf '%s\n' "$got" | awk -F ' \\| ' -v i=$i '{print $i}')
		case "$w" in true) w=t ;; false) w=f ;; esac
		[ "$g" = "$w" ] || bad="$bad column $i: got '$g', the doc says '$w';"
	done <<<"$said"
	[ "$(printf '%s\n' "$got" | awk -F ' \\| ' '{print NF}')" = "$i" ] || bad="$bad $i comments for the columns of '$got';"
	if [ -z "$bad" ]; then tap 0 "$f: $first ... ($i columns)"; else tap 1 "$f: $first ...:$bad"; fi
}
example_columns doc/intake.md "SELECT month_floor_at('2026-12-15 08:00+08'),"
example_columns doc/intake.md "SELECT service_affair.case_material_row_ok('produced', 'present'),"
example_columns doc/routing.md "SELECT shifted_due('2026-09-30', 3, 0, 'cn'),"
if [ -n "$(doc_line doc/routing.md "SET service_affair.as_of = '2026-11-23 09:00+08'")" ]; then
	example_columns doc/routing.md "SELECT sla_workdays_left('2026-11-27', 'cn', NULL)," "SET service_affair.as_of = '2026-11-23 09:00+08'"
else
	tap 1 "doc/routing.md: no line SET service_affair.as_of = '2026-11-23 09:00+08';"
fi
example_columns doc/ratings.md "SELECT rating_level_valid(5),"
example_columns doc/credit.md "SELECT credit_grade(0, 0, 1, 0, 0),"
example doc/credit.md "SELECT credit_effective_grade('E', 'A', true)"

# -- 2. the tutorial of doc/intake.md --------------------------------------
# block FILE FIRST: the ```sql block of FILE whose first line begins with FIRST
block() {
	awk -v first="$2" '/^```sql/{p=1; n=0; buf=""; next}
		/^```/{ if (p && ok) { printf "%s", buf; exit } p=0; ok=0; next }
		p { n++; if (n == 1 && index($0, first) == 1) ok=1; buf = buf $0 "\n" }' "$1"
}
# statements BLOCK: the block's statements, one a line (a statement's lines
# joined), each preceded by "ERROR <sqlstate>" when a "-- ERROR" line is
# above it; other comment lines are left out
statements() {
	awk '/^-- ERROR [0-9A-Z][0-9A-Z][0-9A-Z][0-9A-Z][0-9A-Z]/ { want = "ERROR " substr($0, 10, 5); next }
		/^--/ { next }
		{ code = $0; sub(/ *--.*$/, "", code); st = (st == "" ? code : st " " code)
		  if (code ~ /; *$/) { printf "%s\037%s\n", want, st; st = ""; want = "" } }'
}
f=doc/intake.md
for first in "INSERT INTO department (code, name, region) VALUES ('MKT'" \
	"INSERT INTO evidence_type (code, name) VALUES ('id_card'" \
	"INSERT INTO item (code, name, department, kind) VALUES ('food'" \
	"INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X'"; do
	b=$(block $f "$first")
	if [ -z "$b" ]; then
		tap 1 "$f: no example block beginning '$first'"
		continue
	fi
	while IFS=$'\037' read -r want st; do
		got=$(run "$st")
		case "$got" in ERROR*) ;; *) got="" ;; esac
		check "$f: $st" "$got" "$want"
	done < <(printf '%s' "$b" | statements)
done
# the evidence and the completeness table the doc shows
b=$(block $f "INSERT INTO evidence (applicant, evidence_type, reference) VALUES (1, 'id_card'")
ev=$(printf '%s\n' "$b" | sed -n 1p)
sel=$(printf '%s\n' "$b" | sed -n 2p)
got=$(run "$ev")
case "$got" in ERROR*) ;; *) got="" ;; esac
check "$f: $ev" "$got" ""
norm() { sed 's/^-- *//; s/ *| */ | /g; s/ *$//'; }
want=$(printf '%s\n' "$b" | sed -n '/^--  *[a-z]* *|/p' | norm | grep -v '^material | ')
got=$(run "${sel%%;*}" | norm)
check "$f: ${sel%%;*} prints the doc's table" "$got" "$want"

# the submissions, with their results as the doc states them
s1=$(doc_line $f "SELECT submit('biz', 1, '{form}', 'window', '{pledge}', '2026-11-18 10:00+08')")
c1=$(run "${s1%%;*}")
check "$f: ${s1%%;*} -- $(comment_of "$s1")" \
	"$(run "SELECT status || ', due ' || due FROM cases WHERE id = $c1")" "$(comment_of "$s1")"
s2=$(doc_line $f "SELECT submit('open_shop', 1, '{form}', 'window')")
c2=$(run "${s2%%;*}")
check "$f: ${s2%%;*} -- $(comment_of "$s2")" "$(run "SELECT status FROM cases WHERE id = $c2")" "$(comment_of "$s2")"
# notice(2): the table the doc shows, 2 being the case just returned
b=$(block $f "SELECT * FROM notice(2)")
want=$(printf '%s\n' "$b" | sed -n '/^--  *[a-z]* *|/p' | norm | grep -v '^material | ')
check "$f: notice() of the returned case prints the doc's table" "$(run "SELECT * FROM notice($c2)" | norm)" "$want"
for sql in "SELECT supplement(2, '{health}')" "SELECT supplement(2, '{pledge}', now(), 'window')" "SELECT supplement(2, '{lease}')"; do
	line=$(doc_line $f "$sql")
	said=$(comment_of "$line")
	said=${said#\'}
	said=${said%%\'*}
	[ -n "$line" ] || said="(no such line)"
	check "$f: $sql -- $(comment_of "$line")" "$(run "${sql/(2,/($c2,}")" "$said"
done
check "$f: the case holds two visits, tolerance_due cleared" \
	"$(run "SELECT visits || ' ' || (tolerance_due IS NULL) FROM cases WHERE id = $c2")" "2 true"
# a supplement after the bundle gained an item: 55000, the ERROR, DETAIL and
# HINT lines as the doc prints them; 7 is a placeholder for the case its
# comment submits
b=$(block $f "-- case 7: a case of open_shop returned for its form alone")
sub=$(printf '%s\n' "$b" | sed -n 's/^-- \(SELECT submit(.*;\)$/\1/p')
if [ -z "$b" ] || [ -z "$sub" ]; then
	tap 1 "$f: the example of a bundle that gained an item is not there"
else
	c7=$(run "$sub")
	check "$f: $sub -- returned" "$(run "SELECT status FROM cases WHERE id = $c7")" "returned"
	want=$(printf '%s\n' "$b" | sed -n 's/^-- \(ERROR\|DETAIL\|HINT\):/\1:/p' | sed "s/\bcase 7\b/case $c7/; s/\bCase 7\b/Case $c7/")
	got=$(printf '%s\n' "$b" | grep -v '^--' | sed "s/supplement(7,/supplement($c7,/" |
		psql -X -q -v VERBOSITY=verbose -d "$db" 2>&1 | sed -n 's/^\(psql:[^ ]* \)\{0,1\}\(ERROR\|DETAIL\|HINT\):/\2:/p')
	check "$f: supplement(7, '{form}') after the bundle gained fire_check" "$got" "$want"
	check "$f: ... and the bundle is as it was (ROLLBACK)" "$(run "SELECT count(*) FROM bundle_item WHERE bundle = 'open_shop'")" "2"
fi
# withdraw(), record_visit() and deliver(): 3240000000043 is a placeholder for
# the case of the first submission (and, for deliver(), that case concluded)
# again_55000 SQL ID: the doc's line SQL, its case replaced by ID, fails with
# 55000, and its comment says 55000
again_55000() {
	local line
	line=$(doc_line $f "$1")
	case "$(comment_of "$line")" in *55000*) ;; *) tap 1 "$f: '$1;' says 55000"; return ;; esac
	check "$f: $1 -- $(comment_of "$line")" "$(run "${1/3240000000043/$2}")" "ERROR 55000"
}
sql="SELECT withdraw(3240000000043, '2026-12-04 09:30+08')"
[ -n "$(doc_line $f "$sql")" ] && got=$(run "${sql/3240000000043/$c1}") || got="(no line '$sql;')"
check "$f: $sql" "$got|$(run "SELECT status FROM cases WHERE id = $c1")" "|withdrawn"
again_55000 "SELECT withdraw(3240000000043)" "$c1"
c3=$(run "${s1%%;*}")
sql="SELECT record_visit(3240000000043, '2026-12-05 10:00+08', 'asked about the progress')"
[ -n "$(doc_line $f "$sql")" ] && got=$(run "${sql/3240000000043/$c3}") || got="(no line '$sql;')"
check "$f: $sql" "$got|$(run "SELECT visits, visits_before_acceptance FROM cases WHERE id = $c3")" "|2 | 0"
run "SELECT complete_task(id, 'approved', '2026-11-20 10:00+08') FROM task WHERE case_id = $c3" >/dev/null
sql="SELECT deliver(3240000000043, 'mail', '2026-12-10 16:00+08')"
[ -n "$(doc_line $f "$sql")" ] && got=$(run "${sql/3240000000043/$c3}") || got="(no line '$sql;')"
check "$f: $sql" "$got|$(run "SELECT delivered_at = '2026-12-10 16:00+08' FROM cases WHERE id = $c3")" "|t"
again_55000 "SELECT deliver(3240000000043, 'window')" "$c3"

# -- 3. the task writers of doc/routing.md ---------------------------------
# The doc's sequence: a case of open_shop submitted complete on 2026-02-13;
# 1017 its biz task (stage 1), 1018 its food task (stage 2).
f=doc/routing.md
c=$(run "SELECT submit('open_shop', 1, '{form,lease,health}', 'window', '{pledge}', '2026-02-13 10:00+08')")
t1=$(run "SELECT id FROM task WHERE case_id = $c AND stage = 1")
t2=$(run "SELECT id FROM task WHERE case_id = $c AND stage = 2")
# step SQL: the doc's line SQL, 1017 and 1018 replaced by the run's tasks
step() {
	if [ -z "$(doc_line $f "$1")" ]; then
		printf '(no line %s;)' "$1"
		return
	fi
	run "$(printf '%s' "$1" | sed "s/(1017,/($t1,/; s/(1018,/($t2,/")"
}
check "$f: SELECT claim_task('MKT', 'alice', '2026-02-24 09:00+08') -- 1017: the open task" \
	"$(step "SELECT claim_task('MKT', 'alice', '2026-02-24 09:00+08')")" "$t1"
check "$f: complete_task(1017, 'approved', '2026-02-24 10:00+08', ...) opens stage 2" \
	"$(step "SELECT complete_task(1017, 'approved', '2026-02-24 10:00+08', 'site checked')")|$(run "SELECT status FROM task WHERE id = $t2")" "|open"
check "$f: suspend(1018, 'testing', '2026-02-25 10:00+08')" \
	"$(step "SELECT suspend(1018, 'testing', '2026-02-25 10:00+08')")|$(run "SELECT status FROM task WHERE id = $t2")" "|suspended"
line=$(doc_line $f "SELECT resume(1018, '2026-03-02 10:00+08')")
case "$(comment_of "$line")" in *": 4 working days"*) said=4 ;; *) said="(the comment: $(comment_of "$line"))" ;; esac
check "$f: resume(1018, '2026-03-02 10:00+08') -- $(comment_of "$line")" \
	"$(step "SELECT resume(1018, '2026-03-02 10:00+08')")$(run "SELECT suspended_workdays FROM task WHERE id = $t2")" "$said"
check "$f: extend(1018, 3, 'complex site', '2026-03-03 10:00+08')" \
	"$(step "SELECT extend(1018, 3, 'complex site', '2026-03-03 10:00+08')")|$(run "SELECT extension_days FROM task WHERE id = $t2")" "|3"

# -- 4. doc/ratings.md: a bad rating's dues move with a calendar edit -------
# 41 is a placeholder for an accepted case: the concluded biz case of part 2
f=doc/ratings.md
rate=$(grep -Fx "SELECT rate(41, 1, 'online', NULL, '2026-11-18 12:00+08') AS r \\gset" $f)
day=$(doc_line $f "INSERT INTO calendar_day VALUES ('cn', '2026-11-19', false, 'declared')")
dues=$(doc_line $f "SELECT callback_due, fix_due FROM rectification WHERE rating_id = :r")
above=$(awk '/^```sql/{p=1; next} /^```/{p=0} p && index($0, "SELECT rate(41, 1,") == 1 {print prev; exit} {prev = $0}' $f)
if [ -z "$rate" ] || [ -z "$day" ] || [ -z "$dues" ]; then
	tap 1 "$f: the example of a calendar edit after a bad rating is not there"
else
	r=$(run "SELECT rate($c3, 1, 'online', NULL, '2026-11-18 12:00+08')")
	before=$(run "SELECT to_char(callback_due, 'MM-DD') || ', ' || to_char(fix_due, 'MM-DD') FROM rectification WHERE rating_id = $r")
	case "$above" in *"call-back due ${before%%,*}, fix due ${before#*, }"*) said="$before" ;; *) said="(the comment: $above)" ;; esac
	check "$f: rate(), a level 1 on 2026-11-18 $above" "$before" "$said"
	run "${day%%;*}" >/dev/null
	check "$f: ${day%%;*}; then -- $(comment_of "$dues")" \
		"$(run "SELECT callback_due || ', ' || fix_due FROM rectification WHERE rating_id = $r")" "$(comment_of "$dues")"
fi


# -- 5. the walk-through of doc/complaints.md -------------------------------
# On the catalog of part 2 plus the second department HLT the doc asks for.
# The doc's placeholders and what stands for them here (replaced in the
# doc's statement before it runs; every other word runs as written):
#   case_id => 1495     the open_shop case of part 3 (applicant 1, submitted
#                       2026-02-13, before the complaint)
#   applicant => 17     applicant 1 of part 2
#   700001              a level-1 rating of that case, rated 2026-10-30
#   complaint 1, 3      the numbers the doc's first and third receive_complaint()
#                       returned here (the doc's "→ 1", "→ 2", "→ 3" are checked
#                       as 1, 2, 3: this database receives no complaint before)
f=doc/complaints.md
run "INSERT INTO department (code, name, region) VALUES ('HLT', 'Health', '330225')" >/dev/null
# doc_stmt FIRST: the statement of the doc's ```sql blocks whose first line
# begins with FIRST, its lines joined without their comments, then \037 and
# the comment of its last line
doc_stmt() {
	awk -v first="$1" '/^```sql/{p=1; next} /^```/{p=0; if (on) exit}
		p && !on && index($0, first) == 1 {on=1}
		on { code = $0; c = ""; if (match(code, / *--/)) { c = substr(code, RSTART); code = substr(code, 1, RSTART - 1); sub(/^ *-- */, "", c) }
		     st = (st == "" ? code : st " " code)
		     if (code ~ /; *$/) { sub(/; *$/, "", st); printf "%s\037%s\n", st, c; exit } }' "$f"
}
# placeholders SQL: the doc's ids replaced by the run's
placeholders() {
	printf '%s' "$1" | sed "s/case_id => 1495/case_id => $c/; s/applicant => 17\b/applicant => 1/; s/(700001,/($r7,/; s/_complaint(1,/_complaint($k1,/; s/_callback(1,/_callback($k1,/; s/_complaint(3,/_complaint($k3,/"
}
# cstep FIRST: run the doc's statement; prints its result, and sets said to
# its comment (or "(no line ...)")
cstep() {
	local s
	s=$(doc_stmt "$1")
	if [ -z "$s" ]; then
		said="(no line beginning '$1')"
		got="(not run)"
		return
	fi
	said=${s#*$'\037'}
	got=$(run "$(placeholders "${s%%$'\037'*}")")
}
k1= k3=
r7=$(run "SELECT rate($c, 1, 'online', NULL, '2026-10-30 12:00+08')")
cstep "SELECT receive_complaint('12345', 'complaint', 'Turned away twice'"
k1=$got
check "$f: receive_complaint(..., case_id => 1495, applicant => 17) -- $said" "→ $got" "$said"
cstep "SELECT receive_complaint('cannot_do', 'cannot_do'"
check "$f: receive_complaint('cannot_do', ...) -- $said" "→ $got" "$said"
cstep "SELECT receive_complaint('12345', 'report', 'Unlicensed stall"
k3=$got
check "$f: receive_complaint('12345', 'report', ...) -- $said" "→ $got" "${said%%,*}"
cstep "SELECT receive_complaint('12345', 'complaint', 'Slow window', '2026-11-19"
k4=$got
check "$f: receive_complaint(..., request_key => ...) -- $said" "a new complaint, say $got" "$said"
cstep "SELECT receive_complaint('12345', 'complaint', 'Slow window', now(),"
check "$f: the same call again -- $said" "$got again, nothing written|$(run "SELECT count(*) FROM complaint")" "$said|4"
cstep "SELECT receive_complaint('12345', 'complaint', 'Slow window!', now(),"
check "$f: the same key, another body -- $said" "$got" "ERROR $said"
cstep "SELECT assign_complaint(1, 'MKT', '2026-11-02 11:00+08')"
check "$f: assign_complaint(1, ...) -- $said" "$got|due $(run "SELECT due FROM complaint WHERE id = $k1") (5 working days)" "|$said"
cstep "SELECT transfer_complaint(1, 'HLT',"
check "$f: transfer_complaint(1, 'HLT', ...)" "$got|$(run "SELECT department || ' ' || due FROM complaint WHERE id = $k1")" "|HLT 2026-11-09"
cstep "SELECT supervise_complaint(1, '2026-11-06', '2026-11-03 10:00+08')"
check "$f: supervise_complaint(1, ...) -- $said" "$got|effective due $(run "SELECT least(due, supervise_due) FROM complaint WHERE id = $k1"), the earlier" "|$said"
cstep "SELECT reply_complaint(1, 'We apologise"
check "$f: reply_complaint(1, ...)" "$got|$(run "SELECT status FROM complaint WHERE id = $k1")" "|replied"
cstep "SELECT record_complaint_callback(1, false"
check "$f: record_complaint_callback(1, false, ...) -- $said" "$got|$(run "SELECT status FROM complaint WHERE id = $k1")" "|$said"
for first in "SELECT assign_complaint(3, 'MKT'" "SELECT reply_complaint(3, 'The stall"; do
	cstep "$first"
	check "$f: ${first#SELECT }...)" "$got" ""
done
cstep "SELECT close_complaint(3, '2026-11-06 10:00+08')"
check "$f: close_complaint(3, ...) -- $said" "$got|$(run "SELECT status FROM complaint WHERE id = $k3")" "|closed"
cstep "SELECT complaint_from_rating(700001"
check "$f: complaint_from_rating(700001, ...) -- $said" \
	"$(run "SELECT count(*) FROM complaint WHERE id = '${got//\'/}' AND rating_id = $r7")" "1"
cstep "SELECT service_affair.complaint_sla_sweep('2026-11-09 18:00+08')"
check "$f: complaint_sla_sweep('2026-11-09 18:00+08') -- $said" "→ $got" "$said"
cstep "SELECT at, kind, from_status, to_status, department, to_department, satisfied, note, actor"
# its steps above, the reopening of the call-back, the sweep's flag
check "$f: the history of complaint 1" "$(printf '%s\n' "$got" | awk -F ' \\| ' '{printf "%s%s", sep, $2; sep = ","}')" \
	"received,assigned,transferred,supervised,replied,callback,reopened,overdue"


# -- 6. doc/scale.md on one province node ------------------------------------
# The examples of doc/scale.md that one database runs: the province node's
# shard map (its block as written, shard_of_region() giving what its comment
# says) and the refusal of a licence format without {region} (its ERROR,
# DETAIL and HINT as the doc prints them, the doc's wrapped lines joined).
# Placeholder: the evidence type BIZLIC, made here (code and name only: the
# default format, which names {region}).
f=doc/scale.md
pdb=${db}_province
psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $pdb" -c "CREATE DATABASE $pdb" >/dev/null
trap 'psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "DROP DATABASE IF EXISTS $pdb" >/dev/null 2>&1' EXIT
psql -X -q -d "$pdb" -c "CREATE EXTENSION service_affair" -c "CREATE EXTENSION service_affair_shard" >/dev/null
b=$(block $f "-- on the province node")
if [ -z "$b" ]; then
	tap 1 "$f: no example block beginning '-- on the province node'"
else
	while IFS=$'\037' read -r want st; do
		got=$(db=$pdb run "$st")
		case "$st" in
		*shard_of_region*)
			line=$(printf '%s\n' "$b" | grep -F "$st")
			said=$(comment_of "$line")
			check "$f: $st -- $said" "$got" "${said%% *}"
			;;
		*)
			case "$got" in ERROR*) ;; *) got="" ;; esac
			check "$f: $st" "$got" "$want"
			;;
		esac
	done < <(printf '%s' "$b" | statements)
fi
b=$(block $f "UPDATE service_affair.evidence_type SET number_format = '{type}-{year}-{seq}' WHERE code = 'BIZLIC'")
if [ -z "$b" ]; then
	tap 1 "$f: the example of a licence format without {region} is not there"
else
	db=$pdb run "INSERT INTO service_affair.evidence_type (code, name) VALUES ('BIZLIC', 'Business licence')" >/dev/null
	# the doc's message: ERROR/DETAIL/HINT lines, their continuation lines joined
	want=$(printf '%s\n' "$b" | awk '/^-- (ERROR|DETAIL|HINT):/ { if (m != "") print m; m = substr($0, 4); next }
		/^--   / { c = $0; sub(/^-- +/, "", c); m = m " " c; next } END { if (m != "") print m }')
	got=$(printf '%s\n' "$b" | grep -v '^--' | psql -X -q -v VERBOSITY=verbose -d "$pdb" 2>&1 |
		sed -n 's/^\(psql:[^ ]* \)\{0,1\}\(ERROR\|DETAIL\|HINT\):/\2:/p')
	[ -n "$want" ] || want="(no ERROR, DETAIL, HINT lines in the doc's example)"
	check "$f: a licence format without {region} on the province node: the doc's ERROR, DETAIL and HINT" "$got" "$want"
	check "$f: ... and BIZLIC keeps its format" "$(db=$pdb run "SELECT number_format LIKE '%{region}%' FROM service_affair.evidence_type WHERE code = 'BIZLIC'")" "t"
fi


# -- 7. doc/ratings.md: rate(), its request key, the rectification -----------
# Placeholders and what stands for them here: 3210000000042, ...043, ...044
# three cases of biz submitted here on 2026-09-01 (accepted, unrated);
# 3210000000017 and ...018 the ratings the doc's first two rate() calls
# return here, ...019 the third's.
f=doc/ratings.md
r42=$(run "SELECT submit('biz', 1, '{form}', 'window', '{pledge}', '2026-09-01 10:00+08')")
r43=$(run "SELECT submit('biz', 1, '{form}', 'window', '{pledge}', '2026-09-01 10:00+08')")
r44=$(run "SELECT submit('biz', 1, '{form}', 'window', '{pledge}', '2026-09-01 10:00+08')")
g17= g18= g19=
rplace() {
	printf '%s' "$1" | sed "s/(3210000000042,/($r42,/; s/(3210000000043,/($r43,/; s/(3210000000044,/($r44,/; s/(3210000000018,/(${g18:-0},/"
}
rstep() {
	local s
	s=$(doc_stmt "$1")
	if [ -z "$s" ]; then
		said="(no line beginning '$1')"
		got="(not run)"
		return
	fi
	said=${s#*$'\037'}
	got=$(run "$(rplace "${s%%$'\037'*}")")
}
rstep "SELECT rate(3210000000042, 5, 'window'"
g17=$got
# the doc's id and the run's both of the case's month (the id's first digits)
check "$f: rate(3210000000042, 5, ...) -- $said" \
	"$(run "SELECT case_month('${g17//\'/}') = case_month($r42) AND case_month(${said%% *}) = case_month($r42)") (the month of the case)" \
	"t ${said#* }"
rstep "SELECT rate(3210000000043, 2, 'online'"
g18=$got
check "$f: rate(3210000000043, 2, ...) -- $said" \
	"$(run "SELECT 'callback due ' || callback_due || ', fix due ' || fix_due FROM rectification WHERE rating_id = '${g18//\'/}'")" "${said#*: }"
rstep "SELECT rate(3210000000044, 2, 'window', '等了很久', '2026-09-30"
g19=$got
check "$f: rate(3210000000044, ..., request_key => ...) -- $said" "a new rating, say $g19" "${said/3210000000019/$g19}"
rstep "SELECT rate(3210000000044, 2, 'window', '等了很久', now(),"
check "$f: the same call again -- $said" "$got again, nothing written|$(run "SELECT count(*) FROM rating WHERE case_id = $r44")" "${said/3210000000019/$g19}|1"
rstep "SELECT rate(3210000000044, 1, 'window', '等了很久', now(),"
check "$f: the same key, another level -- $said" "$got" "ERROR ${said%%:*}"
rstep "SELECT record_callback(3210000000018, '2026-10-08 09:00+08')"
check "$f: record_callback(3210000000018, '2026-10-08 09:00+08')" "$got|$(run "SELECT called_back_at = '2026-10-08 09:00+08' FROM rectification WHERE rating_id = '${g18//\'/}'")" "|t"
rstep "SELECT close_rectification(3210000000018,"
check "$f: close_rectification(3210000000018, ...) -- $said" \
	"$got$(run "SELECT CASE WHEN closed_on <= fix_due THEN 'on time' ELSE 'late' END FROM rectification WHERE rating_id = '${g18//\'/}'")" "$said"
rstep "SELECT appeal_rating(3210000000018,"
check "$f: appeal_rating(3210000000018, ...)" "$got|$(run "SELECT appealed FROM rating WHERE id = '${g18//\'/}'")" "|t"


# -- 8. doc/credit.md: a manual fact, its review and repair, request keys ----
# Placeholders and what stands for them here: 42 the fact the block's
# record_credit_event() records (pending review); 40 a fact in force
# recorded here first (serious, of the same subject); 43 the event the
# first keyed call returns here.
f=doc/credit.md
e40=$(run "SELECT record_credit_event('91350100M000100Y43', 'serious', 'no premises at the declared address', '2026-11-01 10:00+08')")
e42=
kplace() {
	printf '%s' "$1" | sed "s/review_credit_event(42,/review_credit_event(${e42:-0},/; s/repair_credit_event(40,/repair_credit_event(${e40:-0},/"
}
kstep() {
	local s
	s=$(doc_stmt "$1")
	if [ -z "$s" ]; then
		said="(no line beginning '$1')"
		got="(not run)"
		return
	fi
	said=${s#*$'\037'}
	got=$(run "$(kplace "${s%%$'\037'*}")")
}
kstep "SELECT service_affair.record_credit_event('91350100M000100Y43', 'minor', 'late annual report', now(), true)"
e42=$got
check "$f: record_credit_event(..., now(), true): a fact pending review" "$(run "SELECT needs_review FROM credit_event WHERE id = '${e42//\'/}'")" "t"
kstep "SELECT service_affair.review_credit_event(42, false,"
check "$f: review_credit_event(42, false, ...): dismissed" "$(run "SELECT count(*) FROM credit_event_status WHERE id = '${e42//\'/}' AND dismissed")" "1"
kstep "SELECT service_affair.repair_credit_event(40,"
check "$f: repair_credit_event(40, ...): repaired" "$(run "SELECT repaired_at IS NOT NULL AND NOT in_force FROM credit_event_status WHERE id = $e40")" "t"
kstep "SELECT service_affair.record_credit_event('91350100M000100Y43', 'minor', 'late annual report', '2026-11-19 09:00+08',"
e43=$got
check "$f: record_credit_event(..., request_key => ...) -- $said" "a new event, say $e43" "${said/43/$e43}"
kstep "SELECT service_affair.record_credit_event('91350100m000100y43', 'minor',"
check "$f: the same call again, the subject in lower case -- $said" \
	"$got again, nothing written|$(run "SELECT count(*) FROM credit_event WHERE note = 'late annual report' AND recorded_at IS NOT NULL AND id >= $e43")" "${said/43/$e43}|1"
kstep "SELECT service_affair.record_credit_event('91350100M000100Y43', 'serious',"
check "$f: the same key, another severity -- $said" "$got" "ERROR $said"

# -- 9. doc/licences.md: expire_licences() refuses REPEATABLE READ ----------
f=doc/licences.md
b=$(block $f "SELECT service_affair.expire_licences();   --")
if [ -z "$b" ]; then
	tap 1 "$f: the example of expire_licences() under REPEATABLE READ is not there"
else
	want=$(printf '%s\n' "$b" | sed -n 's/^SELECT service_affair.expire_licences(); *-- ERROR \([0-9A-Z]\{5\}\).*/ERROR \1/p')
	got=$(printf '%s\n' "$b" | sed 1d | sed 's/ *--.*//' | psql -X -q -v VERBOSITY=verbose -d "$db" 2>&1 |
		sed -n 's/^\(psql:[^ ]* \)\{0,1\}ERROR:  \([0-9A-Z]\{5\}\):.*/ERROR \2/p')
	check "$f: expire_licences() in REPEATABLE READ -- $(printf '%s\n' "$b" | sed -n 3p | sed 's/.*-- //')" "$got" "${want:-(no ERROR comment)}"
	check "$f: expire_licences() in READ COMMITTED runs" "$(run "$(printf '%s\n' "$b" | sed -n '1s/;.*//p')" | sed 's/^[0-9]*$/a count/')" "a count"
fi


# -- 10. doc/inspection.md: a plan, its draw, the draw's refusals ------------
# In a database of its own holding the population of demo/70_inspection.sql
# (its targets, inspectors and recusals: the file's lines before its seed),
# so that the doc's plan and draw are the first (the doc's "1"), and a
# second plan, committed to sha256('the secret seed of plan 2') as the doc's
# plan 2 is, for the doc's wrong guess.
f=doc/inspection.md
idb=${db}_insp
psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $idb" -c "CREATE DATABASE $idb" >/dev/null
trap 'psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "DROP DATABASE IF EXISTS $pdb" -c "DROP DATABASE IF EXISTS $idb" >/dev/null 2>&1' EXIT
psql -X -q -d "$idb" -c "CREATE EXTENSION service_affair" >/dev/null
awk '/^-- The seed is a public value/{exit} {print}' demo/70_inspection.sql | psql -X -q -v ON_ERROR_STOP=1 -d "$idb" >/dev/null 2>&1
tap $? "the population of demo/70_inspection.sql (before its seed) loads"
b=$(block $f "SELECT service_affair.create_plan('2026 年第一季度联合抽查'")
st=$(printf '%s\n' "$b" | statements | cut -d $'\037' -f2)
check "$f: create_plan('2026 年第一季度联合抽查', ...) -- $(printf '%s\n' "$b" | sed -n 3p)" \
	"-- $(db=$idb run "${st%;}")" "$(printf '%s\n' "$b" | sed -n 3p)"
db=$idb run "SELECT service_affair.create_plan('plan 2', ARRAY['market'], ARRAY[0.01, 0.02, 0.10, 0.30], sha256('the secret seed of plan 2'))" >/dev/null
b=$(block $f "SELECT service_affair.draw(1, 'the secret seed');")
line=$(printf '%s\n' "$b" | sed -n 1p)
check "$f: ${line%%;*}; -- $(comment_of "$line")" "$(db=$idb run "${line%%;*}")" "$(comment_of "$line")"
want=$(printf '%s\n' "$b" | sed -n 's/^-- \(ERROR\|DETAIL\):/\1:/p')
got=$(printf '%s\n' "$b" | sed 1d | grep -v '^--' | psql -X -q -d "$idb" 2>&1 |
	sed -n 's/^\(psql:[^ ]* \)\{0,1\}\(ERROR\|DETAIL\):/\2:/p' | sed 's/= [0-9a-f]\{64\} differs/= <64 hex digits> differs/')
check "$f: the same plan drawn again, and a wrong seed: the doc's ERROR and DETAIL lines" "$got" "${want:-(no ERROR lines in the doc)}"
line=$(doc_line $f "SELECT service_affair.verify_draw(1)")
check "$f: SELECT service_affair.verify_draw(1); -- $(comment_of "$line")" "$(db=$idb run "SELECT service_affair.verify_draw(1)")" "$(comment_of "$line")"


# -- 11. doc/ratings.md: editing the settings (last: it changes them) -------
f=doc/ratings.md
b=$(block $f "UPDATE setting SET value = '5' WHERE name = 'rating.fix_days';")
if [ -z "$b" ]; then
	tap 1 "$f: the example editing the rating settings is not there"
else
	while IFS= read -r line; do
		st=${line%%;*}
		c=$(comment_of "$line")
		got=$(psql -X -At -v ON_ERROR_STOP=1 -v VERBOSITY=verbose -d "$db" -c "$st" 2>&1 | sed -n 's/^ERROR:  \([0-9A-Z]\{5\}\):.*/ERROR \1/p; s/^UPDATE \([0-9]*\)$/UPDATE \1/p')
		case "$line" in *"-- ERROR "*) want="ERROR ${c#ERROR }" ;; *) want="UPDATE 1" ;; esac
		check "$f: $st${c:+ -- $c}" "$got" "${want:0:11}"
	done < <(printf '%s\n' "$b" | grep '^UPDATE')
	check "$f: ... the settings as the comments say" \
		"$(run "SELECT string_agg(name || '=' || value, ' ' ORDER BY name) FROM setting WHERE name IN ('rating.fix_days', 'rating.callback_days')")" \
		"rating.callback_days=2 rating.fix_days=5"
fi

echo "1..$n"
[ "$failed" = 0 ]
