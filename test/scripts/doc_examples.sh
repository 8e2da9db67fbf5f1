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
#  6. (none: doc/scale.md's examples, the province node's among them, are
#     run on their nodes by test/t/scale_doc.pl)
#  7. doc/ratings.md's rate() examples (the month of the rating id, the
#     rectification's dues), its request key, record_callback(),
#     close_rectification() (on time) and appeal_rating();
#  8. doc/credit.md's manual fact with its review and repair, and its
#     request key (the subject's two spellings, 23505);
#  9. doc/licences.md's expire_licences() under REPEATABLE READ (55000).
# 10. doc/inspection.md's first plan and draw, the draw's two refusals
#     (ERROR and DETAIL as printed) and verify_draw(1), in a database of its
#     own holding the population of demo/70_inspection.sql.
# 11. doc/licences.md's verify_licence() (valid) of a licence issued here.
# 12. doc/credit.md's record_check() example: kept, broken (the serious fact,
#     the case revoked), waived.
# 13. doc/complaints.md's indicator queries over part 5's complaints, each
#     statement's rows as those complaints give them.
# 14. doc/inspection.md's record_result() (by an administrator, and by the
#     team's inspector; the refusals' ERROR and DETAIL), publish_results(),
#     the results and public_results, the recusal (its one line; recused then
#     drawn: the inspector's result refused), a deregistration (the mark, the
#     draw leaving the target out, the refused earlier day's ERROR and
#     DETAIL), its revocation, and the USCC history of a pool member changed
#     and of one deleted, in the database of part 10.
# 15. doc/inspection.md's link of an inspector's login (the INSERT and
#     UPDATE as written, login_oid taken; the three refused links, ERROR with
#     its SQLSTATE and DETAIL as printed), inspector_login_problem(), the
#     link of a role dropped and created again (login_oid), the query of the
#     links that would not pass and the UPDATE checking every link (23503,
#     then passing), insp_pool_grade()'s query, and DELETE and TRUNCATE of
#     recusal beside other sessions (a plan being made: TRUNCATE 55000 with
#     the doc's message, DELETE waits its turn; a draw running: TRUNCATE
#     waits for the table; a TRUNCATE holding the writers' lock: a draw
#     waits), in the database of part 10.
# 16. doc/complaints.md's complaint_items, complaint_queue and
#     case_followups queries over the complaints of parts 5 and 13.
# 17. doc/licences.md's record_evidence() of an approved case.
# 18. doc/ratings.md's edit of the rating settings (UPDATE 1 each, 23514 for
#     'five'), run last: it changes them.
#  Parts 5, 7, 8 and 11-17 replace the doc's placeholder ids by the run's, as the
#  table at the head of each part says (only those words; a placeholder the
#  doc changes is left as it is, and the statement fails).
# Examples that need the demo county, several nodes or a scenario of their
# own (the demo county's views) are not run here; doc/scale.md's examples
# (the province node's, the router's, the shards' replication, the
# province's foreign servers and a region move) are read from the doc and
# run on their nodes by test/t/scale_doc.pl (the blocks marked
# <!-- scale_doc.pl: ... -->).
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
example $f "SELECT service_affair.mask_name(chr(8238) || '张三')"
example $f "SELECT service_affair.mask_identifier('91330225MA2Q627826')"
example $f "SELECT service_affair.mask_identifier('110105')"
example $f "SELECT service_affair.mask_identifier('9133' || chr(27) || '225MA2Q627826')"
example $f "SELECT service_affair.printable('HZ' || chr(10) || '01')"
example $f "SELECT service_affair.printable('ann' || chr(8203) || 'bob')"

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
example_columns doc/intake.md "SELECT service_affair.case_material_row_ok('produced', 'present', NULL),"
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
# reopened: a new round, due 5 working days after the reopening on 11-06
# (until 2026-12-06 the due of the receipt, 11-09, and the supervision's 11-06)
check "$f: record_complaint_callback(1, false, ...) -- $said" "$got|$(run "SELECT status || ', due ' || due || coalesce(', supervised ' || supervise_due, '') FROM complaint WHERE id = $k1")" "|$said"
for first in "SELECT assign_complaint(3, 'MKT'" "SELECT reply_complaint(3, 'The stall"; do
	cstep "$first"
	check "$f: ${first#SELECT }...)" "$got" ""
done
cstep "SELECT close_complaint(3, '2026-11-06 10:00+08')"
check "$f: close_complaint(3, ...) -- $said" "$got|$(run "SELECT status FROM complaint WHERE id = $k3")" "|closed"
cstep "SELECT complaint_from_rating(700001"
check "$f: complaint_from_rating(700001, ...) -- $said" \
	"$(run "SELECT count(*) FROM complaint WHERE id = '${got//\'/}' AND rating_id = $r7")" "1"
# complaint 1 past its new due, 11-13 (until 2026-12-06 the sweep of 11-09
# flagged it: the former round's supervision, 11-06, held over its reopening)
cstep "SELECT service_affair.complaint_sla_sweep('2026-11-16 18:00+08')"
check "$f: complaint_sla_sweep('2026-11-16 18:00+08') -- $said" "→ $got" "$said"
cstep "SELECT at, kind, from_status, to_status, department, to_department, satisfied, note, actor"
# its steps above, the reopening of the call-back, the sweep's flag
check "$f: the history of complaint 1" "$(printf '%s\n' "$got" | awk -F ' \\| ' '{printf "%s%s", sep, $2; sep = ","}')" \
	"received,assigned,transferred,supervised,replied,callback,reopened,overdue"
# its rounds: the one reply given, judged against the supervised due, kept
# with its event through the reopening (complaint_event.on_time, 2026-12-07)
cstep "SELECT at, note, on_time FROM service_affair.complaint_event"
check "$f: the replies of complaint 1 and their judgements" "$(printf '%s\n' "$got" | awk -F ' \\| ' '{printf "%s%s %s %s", sep, substr($1, 1, 10), $2, $3; sep = ","}')" \
	"2026-11-05 due 2026-11-06 t"


# -- 6. (doc/scale.md) -------------------------------------------------------
# Its examples of the province node (the shard map, the refusals of a
# licence format without {region} and of a bundle spanning shards) and the
# refusal of service_affair.submit() on the router are run as written, on
# their nodes, by test/t/scale_doc.pl; no copy of them here.


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
trap 'psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "DROP DATABASE IF EXISTS $idb" >/dev/null 2>&1' EXIT
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


# -- 11. doc/licences.md: verify_licence() -----------------------------------
# Placeholders: 3302252026MA000001, the number of the licence issued here to
# applicant 1 (the doc's holder 11010519491231002X, as written) by a case of
# biz approved on 2026-11-23, biz given the output type business_licence (a
# type of the default format) for it.
f=doc/licences.md
run "INSERT INTO evidence_type (code, name) VALUES ('business_licence', 'Business licence')" >/dev/null
run "UPDATE item SET output_evidence_type = 'business_licence' WHERE code = 'biz'" >/dev/null
c12=$(run "SELECT submit('biz', 1, '{form}', 'window', '{pledge}', '2026-11-20 10:00+08')")
run "SELECT complete_task(id, 'approved', '2026-11-23 10:00+08') FROM task WHERE case_id = $c12" >/dev/null
num=$(run "SELECT number FROM licence WHERE case_id = $c12")
check "the approved case of biz issued a licence to applicant 1" "$(run "SELECT count(*) FROM licence WHERE case_id = $c12 AND holder = 1 AND status = 'valid'")" "1"
line=$(doc_line $f "SELECT service_affair.verify_licence('3302252026MA000001', '11010519491231002X')")
if [ -z "$line" ]; then
	tap 1 "$f: no example line verify_licence('3302252026MA000001', '11010519491231002X')"
else
	check "$f: ${line%%;*} -- $(comment_of "$line")" "$(run "$(printf '%s' "${line%%;*}" | sed "s/'3302252026MA000001'/'$num'/")")" "$(comment_of "$line")"
fi
line=$(doc_line $f "SELECT l.number, l.status FROM service_affair.licence l WHERE l.status = 'valid' LIMIT 1")
check "$f: SELECT l.number, l.status FROM service_affair.licence l WHERE l.status = 'valid' LIMIT 1 -- the licence and valid" \
	"$([ -n "$line" ] && run "${line%%;*}" || echo "(no line)")" "$num | valid"

# -- 12. doc/credit.md: the outcomes of three commitment checks --------------
# (after part 11: the broken check is a false commitment of applicant 1,
# who commits nothing after it)
# Placeholders: 17, 18 and 19, the checks of the three cases of part 7
# (submitted on 2026-09-01 with the pledge committed: open, opened before the
# doc's 2026-10-20), in that order.
f=doc/credit.md
k17=$(run "SELECT id FROM commitment_check WHERE case_id = $r42")
k18=$(run "SELECT id FROM commitment_check WHERE case_id = $r43")
k19=$(run "SELECT id FROM commitment_check WHERE case_id = $r44")
b=$(block $f "-- check ids are placeholders")
if [ -z "$b" ]; then
	tap 1 "$f: the example of record_check() is not there"
else
	while IFS=$'\037' read -r want st; do
		got=$(run "$(printf '%s' "$st" | sed "s/record_check(17,/record_check($k17,/; s/record_check(18,/record_check($k18,/; s/record_check(19,/record_check($k19,/")")
		check "$f: $st" "$got" "$want"
	done < <(printf '%s' "$b" | statements)
fi
# what the doc says follows: each outcome its case event; broken: the case's
# one serious fact commitment_broken (source check:<id>) and the case revoked
check "$f: check 17 kept at 2026-10-20 10:00+08, no findings, a check_kept event" \
	"$(run "SELECT k.status || ' ' || k.checked_at || ' ' || coalesce(k.findings, 'NULL') || ' ' || c.status || ' ' || (SELECT count(*) FROM case_event e WHERE e.case_id = k.case_id AND e.kind = 'check_kept') FROM commitment_check k JOIN cases c ON c.id = k.case_id WHERE k.id = $k17")" \
	"kept 2026-10-20 10:00:00+08 NULL accepted 1"
check "$f: check 18 broken: its findings, a serious commitment_broken fact of source check:18, the case revoked" \
	"$(run "SELECT k.status || ' ' || k.findings || ' | ' || e.kind || ' ' || e.severity || ' ' || (e.source = 'check:' || k.id) || ' | ' || c.status || ' ' || (SELECT count(*) FROM case_event v WHERE v.case_id = k.case_id AND v.kind = 'check_broken') FROM commitment_check k JOIN cases c ON c.id = k.case_id JOIN credit_event e ON e.id = k.credit_event WHERE k.id = $k18")" \
	"broken no premises at the declared address | commitment_broken serious true | revoked 1"
check "$f: check 19 waived: its findings, the case stands" \
	"$(run "SELECT k.status || ' ' || k.findings || ' | ' || c.status || ' ' || (SELECT count(*) FROM case_event v WHERE v.case_id = k.case_id AND v.kind = 'check_waived') FROM commitment_check k JOIN cases c ON c.id = k.case_id WHERE k.id = $k19")" \
	"waived premises demolished by the county | accepted 1"

# -- 13. doc/complaints.md: the indicators of the walk-through ---------------
# On the complaints of part 5 (all received in November 2026: 1 at HLT,
# replied on time, called back unsatisfied and reopened: a new round awaiting
# its reply, flagged overdue by the sweep of 11-16, so counted replied (its
# first round's reply) and late (its reopened round overdue unanswered) since
# 2026-12-07; from 2026-12-06 to then neither replied nor on time, before
# that 1 of 1 on time; 3 at MKT, replied on
# time; 2, 4 and 5 at MKT) after a late reply to complaint 4 made here
# (assigned on 2026-11-19, due 11-26, replied 12-04).  The doc's months of
# the demo county (2026-07 to 2026-09, and 2026-09-01) are placeholders for
# November 2026; every other word runs as written.  Each statement's rows
# (psql -At, columns " | ", rows joined by ";") are those these complaints
# give.
f=doc/complaints.md
run "SELECT assign_complaint($k4, 'MKT', '2026-11-19 10:00+08')" >/dev/null
run "SELECT reply_complaint($k4, 'Sorry for the wait', '2026-12-04 10:00+08')" >/dev/null
check "complaint 4 replied late" "$(run "SELECT replied_on_time FROM complaint WHERE id = $k4")" "f"
line=$(doc_line $f "SELECT * FROM complaint_indicators WHERE month = '2026-11-01' ORDER BY department")
check "$f: SELECT * FROM complaint_indicators WHERE month = '2026-11-01' ORDER BY department" \
	"$([ -n "$line" ] && run "${line%%;*}" | paste -sd ';' || echo "(no line)")" \
	"HLT | 2026-11-01 | 1 | 1 | 0.0000 | 0.0000 | 1 | 1 | 1.0000 | 1 | 1.0000;MKT | 2026-11-01 | 4 | 2 | 0.5000 |  | 0 | 2 | 1.0000 | 0 | "
b=$(block $f "SELECT * FROM complaint_period_region('2026-10-01', '2026-12-31');")
iwant=(
	"330225 | 5 | 3 | 0.3333 | 0.0000 | 1 | 3 | 1.0000 | 1 | 1.0000 | f; | 5 | 3 | 0.3333 | 0.0000 | 1 | 3 | 1.0000 | 1 | 1.0000 | t"
	" |  | 5 | 0.3333; |  | 5 | 0.3333"
	"HLT | 1 | 0.0000 | 0.0000;MKT | 4 | 0.5000 | ; | 5 | 0.3333 | 0.0000"
	"MKT | 4 | 0.5000;HLT | 1 | 0.0000"
	"2026-11-01 | 5 | 3 | 0.3333 | 0.0000"
	"330225 | 2026-11-01 | 5 | 0.3333 | 1.0000"
	"2026-11-01 | 5 | 1 | 0.3333"
	"HLT | 1 | 1;MKT | 4 | 0"
	"MKT | 330225 |  | 2026-11-19 09:00:00+08;HLT | 330225 |  | 2026-11-02 10:00:00+08"
)
i=0
while IFS=$'\037' read -r _ st; do
	st=$(printf '%s' "$st" | sed "s/('2026-07-01', '2026-09-30')/('2026-11-01', '2026-11-30')/; s/month = '2026-09-01'/month = '2026-11-01'/; s/BETWEEN '2026-07-01' AND '2026-09-01'/BETWEEN '2026-11-01' AND '2026-11-01'/")
	check "$f: ${st%;}" "$(run "$st" | paste -sd ';')" "${iwant[$i]:-(the doc has more statements than this test knows)}"
	i=$((i + 1))
done < <(printf '%s' "$b" | statements)
check "$f: the block of indicator queries holds ${#iwant[@]} statements" "$i" "${#iwant[@]}"

# -- 14. doc/inspection.md: results, publication, recusal, deregistration, --
# the USCC history.  In the database of part 10 (draw 1 of plan 1 made there
# today, plan 2 committed and not drawn), run by a superuser (who dates
# results freely, and whose SET ROLE leaves the session's user a superuser).
# Placeholders and what stands for them here:
#   965, 971, 972        the targets of ranks 1, 2 and 3 of draw 1
#   SJ-0001, zhangsan    the market inspector on 971's team, its login
#                        ${db}_zhangsan (made here, staff of market)
#   SJ-0002, lisi        the first market inspector not on that team, its
#                        login ${db}_lisi
#   the recusal's 971    a target of draw 1 further down, SJ-0001 on its team
#   42                   target 1 (recusal's one-line example)
#   1692, 2026-12-01     the doc's own target (its INSERT example), marked
#                        today; 14 (plan) a plan 3 committed to
#                        sha256('seed2'), its draw then "14" (draw); 12 in
#                        verify_draw() draw 1
#   the refused mark     a target of draw 1's pool (USCC, id, masked USCC),
#                        the day before today, the draws and days of the
#                        DETAIL those of draw 1 and today
#   1693, 12             a target of the last draw's pool no draw selected,
#                        the last draw; the USCC given it 91110000600037341L
#                        (the doc's 91350100M000100Y43 is the deregistered
#                        target's here)
#   91350100M000200Y3P, 1694   another such target
f=doc/inspection.md
iq() { db=$idb run "$1"; }
zs=${db}_zhangsan ls=${db}_lisi
trap 'psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "DROP DATABASE IF EXISTS $idb" -c "DROP ROLE IF EXISTS $zs" -c "DROP ROLE IF EXISTS $ls" >/dev/null 2>&1' EXIT
iq "SELECT service_affair.create_roles()" >/dev/null
psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP ROLE IF EXISTS $zs" -c "DROP ROLE IF EXISTS $ls" \
	-c "CREATE ROLE $zs IN ROLE service_affair_inspector" -c "CREATE ROLE $ls IN ROLE service_affair_inspector" >/dev/null
t965=$(iq "SELECT target FROM draw_selection WHERE draw_id = 1 AND rank = 1")
t971=$(iq "SELECT target FROM draw_selection WHERE draw_id = 1 AND rank = 2")
t972=$(iq "SELECT target FROM draw_selection WHERE draw_id = 1 AND rank = 3")
sj1=$(iq "SELECT i.id FROM draw_selection s JOIN inspector i ON i.id = ANY (s.inspectors) WHERE s.draw_id = 1 AND s.rank = 2 AND i.department = 'market'")
sj2=$(iq "SELECT min(i.id) FROM inspector i WHERE i.department = 'market' AND i.active AND i.id NOT IN (SELECT unnest(inspectors) FROM draw_selection WHERE draw_id = 1 AND rank = 2)")
iq "INSERT INTO staff (login, department) VALUES ('$zs', 'market'), ('$ls', 'market')" >/dev/null
iq "UPDATE inspector SET login = '$zs' WHERE id = '$sj1'" >/dev/null
iq "UPDATE inspector SET login = '$ls' WHERE id = '$sj2'" >/dev/null
# the doc's words the placeholders stand for, replaced (SQL and messages)
iplace() {
	sed "s/\bzhangsan\b/$zs/g; s/\blisi\b/$ls/g; s/SJ-0001/$sj1/g; s/SJ-0002/$sj2/g; s/\b965\b/$t965/g; s/\b971\b/$t971/g; s/\b972\b/$t972/g"
}
# a block's statements run in one psql session: its ERROR and DETAIL lines
session_msgs() {
	grep -v '^--' | sed 's/ *--.*//' | psql -X -q -d "$idb" 2>&1 | sed -n 's/^\(psql:[^ ]* \)\{0,1\}\(ERROR\|DETAIL\):/\2:/p'
}
# record_result() by an administrator on behalf, dated as the doc dates it
line=$(doc_line $f "SELECT service_affair.record_result(1, 965, 'issues', '灭火器过期', '2026-01-05 16:00+08')")
if [ -z "$line" ]; then
	tap 1 "$f: no example line record_result(1, 965, 'issues', ...)"
else
	check "$f: ${line%%;*}" "$(iq "$(printf '%s' "${line%%;*}" | iplace)")" ""
fi
check "$f: ... the result of 965 recorded as the call says" \
	"$(iq "SELECT outcome || ' ' || findings || ' ' || at FROM inspection_result WHERE draw_id = 1 AND target = $t965")" "issues 灭火器过期 2026-01-05 16:00:00+08"
# who records: the team's inspector, not another, not once deactivated
b=$(block $f "SET ROLE zhangsan;")
if [ -z "$b" ]; then
	tap 1 "$f: the example of who records a result is not there"
else
	want=$(printf '%s\n' "$b" | sed -n 's/^-- \(ERROR\|DETAIL\):/\1:/p' | iplace)
	got=$(printf '%s\n' "$b" | iplace | session_msgs)
	check "$f: SET ROLE zhangsan; record_result(1, 971, ...); SET ROLE lisi; ...: the doc's ERROR and DETAIL lines" "$got" "${want:-(no ERROR lines in the doc)}"
	check "$f: ... 971's result recorded by zhangsan, none for 972" \
		"$(iq "SELECT string_agg(target || ' ' || outcome || ' ' || recorded_by || ' ' || at, ',') FROM inspection_result WHERE draw_id = 1 AND target IN ($t971, $t972)")" \
		"$t971 pass $zs 2026-01-05 16:00:00+08"
fi
line=$(doc_line $f "SELECT service_affair.publish_results(1, '2026-02-02 09:00+08')")
check "$f: SELECT service_affair.publish_results(1, '2026-02-02 09:00+08') -- $(comment_of "$line")" \
	"$([ -n "$line" ] && iq "${line%%;*}" || echo "(no line)")" "$(comment_of "$line")"
b=$(block $f "-- the results of draw 1, and when each was published")
st=$(printf '%s\n' "$b" | statements | cut -d $'\037' -f2)
check "$f: the results of draw 1 and their publication" "$([ -n "$st" ] && iq "${st%;}" | paste -sd ';' || echo "(no example)")" \
	"$(printf '%s\n' "$t965 | issues | 灭火器过期 | 2026-01-05 16:00:00+08 | postgres | 2026-02-02 09:00:00+08 | postgres" \
		"$t971 | pass |  | 2026-01-05 16:00:00+08 | $zs | 2026-02-02 09:00:00+08 | postgres" | sort -n | paste -sd ';')"
db=$idb example $f "SELECT result_publish_due('2026-01-05 10:00+08')"
# the two results published (the doc's USCCs of 965 and 971 placeholders
# for theirs here)
b=$(block $f "SELECT uscc, outcome, result_date, publish_due, deadline_met FROM service_affair.public_results")
u965=$(iq "SELECT uscc FROM target WHERE id = $t965")
u971=$(iq "SELECT uscc FROM target WHERE id = $t971")
want=$(printf '%s\n' "$b" | sed -n '/^--  *9[0-9A-Z]* *|/p' | sed 's/^-- *//; s/ *| */ | /g; s/ *$//' | sort)
check "$f: public_results: the rows of 965 and 971 as the doc prints them" \
	"$(iq "$(printf '%s\n' "$b" | sed -n 1p | sed 's/;.*//')" | sed "s/^$u965 /91410100000000965G /; s/^$u971 /914101000000009715 /" | sort)" "${want:-(no row in the doc)}"

# the recusal: its one-line example, and recused then drawn in one transaction
line=$(doc_line $f "INSERT INTO service_affair.recusal VALUES ('SJ-0001', 42)")
check "$f: INSERT INTO service_affair.recusal VALUES ('SJ-0001', 42)" \
	"$([ -n "$line" ] && iq "$(printf '%s' "${line%%;*}" | sed "s/'SJ-0001', 42)/'$sj1', 1)/")" || echo "(no line)")|$(iq "SELECT count(*) FROM recusal WHERE inspector = '$sj1' AND target = 1")" "INSERT 0 1|1"
iq "UPDATE inspector SET active = true WHERE id = '$sj1'" >/dev/null
tr=$(iq "SELECT s.target FROM draw_selection s WHERE s.draw_id = 1 AND s.rank > 3 AND '$sj1' = ANY (s.inspectors) ORDER BY s.rank LIMIT 1")
b=$(block $f "BEGIN;  -- one transaction: the recusal, then the next draw")
if [ -z "$b" ]; then
	tap 1 "$f: the example of a recusal then a draw is not there"
else
	check "$f: BEGIN; INSERT INTO recusal ... ('SJ-0001', 971); draw(2, 'the secret seed of plan 2'); COMMIT" \
		"$(printf '%s\n' "$b" | sed "s/\b971\b/$tr/g; s/SJ-0001/$sj1/g" | session_msgs)|$(iq "SELECT count(*) FROM draw WHERE plan_id = 2")" "|1"
	check "$f: ... SJ-0001's record_result() for the target is refused (42501): recused" \
		"$(psql -X -q -v VERBOSITY=verbose -d "$idb" -c "SET ROLE $zs" -c "SELECT service_affair.record_result(1, $tr, 'pass', NULL, '2026-01-06 10:00+08')" 2>&1 | sed -n 's/^ERROR:  \([0-9A-Z]*\):.*/\1/p; s/^DETAIL:  .* is \(recused\) for target .*/\1/p' | paste -sd ' ')" "42501 recused"
	check "$f: ... and draw 2 gives SJ-0001 no team with the target" \
		"$(iq "SELECT count(*) FROM draw_selection s JOIN draw d ON d.id = s.draw_id WHERE d.plan_id = 2 AND s.target = $tr AND '$sj1' = ANY (s.inspectors)")" "0"
fi

# deregistration: the doc's target, marked today, left out of the next draw
b=$(block $f "INSERT INTO service_affair.target (uscc, name, region, industry, risk)")
st=$(printf '%s\n' "$b" | statements | cut -d $'\037' -f2)
check "$f: INSERT INTO service_affair.target ... ('91350100M000100Y43', ...)" "$([ -n "$st" ] && iq "$st" || echo "(no example)")" "INSERT 0 1"
t1692=$(iq "SELECT id FROM target WHERE uscc = '91350100M000100Y43'")
today=$(iq "SELECT local_day(now())")
iq "SELECT create_plan('plan 3', ARRAY['market'], ARRAY[0.01, 0.02, 0.10, 0.30], sha256('seed2'))" >/dev/null
p14=$(iq "SELECT max(id) FROM plan")
tre=$(iq "SELECT target FROM draw_selection WHERE draw_id = 1 AND rank = 5")
ure=$(iq "SELECT uscc FROM target WHERE id = $tre")
mre=$(iq "SELECT mask_identifier('$ure')")
b=$(block $f "-- draws 9 (made 2026-11-25) and 12 (2026-11-28) counted target 1692")
if [ -z "$b" ]; then
	tap 1 "$f: the example of a deregistration is not there"
else
	i=0
	while IFS=$'\037' read -r _ st; do
		i=$((i + 1))
		case $i in
		1) st=$(printf '%s' "$st" | sed "s/DATE '2026-12-01'/DATE '$today'/")
		   said=$(printf '%s\n' "$b" | grep -F "WHERE uscc = '91350100M000100Y43';" | sed -n 1p | sed 's/.*-- //')
		   check "$f: $st -- $said" "$(psql -X -At -d "$idb" -c "$st" 2>&1) (|$(iq "SELECT deregistered_on FROM target WHERE id = $t1692")" "${said%%(*}(|$today" ;;
		2) st=${st/draw(14,/draw($p14,}
		   d14=$(iq "$st")
		   check "$f: $st -- leaves it out of the pool" "$(iq "SELECT service_affair.insp_pool_grade(pool, $t1692) IS NULL AND service_affair.insp_pool_grade(pool, $tre) IS NOT NULL FROM draw WHERE id = '${d14//\'/}'")" "t" ;;
		3) said=$(printf '%s\n' "$b" | grep -F "SELECT service_affair.verify_draw(12);" | sed 's/.*-- //')
		   check "$f: $st (12: draw 1) -- $said" "$(iq "${st/verify_draw(12)/verify_draw(1)}")" "${said%%:*}" ;;
		4) st=$(printf '%s' "$st" | sed "s/DATE '2026-11-20'/DATE '$(iq "SELECT local_day(now()) - 1")'/; s/'2026-11-20'/'$(iq "SELECT local_day(now()) - 1")'/; s/91350100M000100Y43/$ure/")
		   want=$(printf '%s\n' "$b" | sed -n 's/^-- \(ERROR\|DETAIL\)\( [0-9A-Z]\{5\}\)\{0,1\}: /\1: /p' |
			sed "s/\b1692\b/$tre/g; s/913501\*\*\*\*\*\*\*\*0Y43/$mre/; s/draw 9\b/draw 1/g; s/2026-11-25/$today/; s/2026-11-29/$(iq "SELECT local_day(now()) + 1")/; s/2026-11-20/$(iq "SELECT local_day(now()) - 1")/")
		   got=$(printf '%s;\n' "$st" | psql -X -q -v VERBOSITY=verbose -d "$idb" 2>&1 | sed -n 's/^\(psql:[^ ]* \)\{0,1\}\(ERROR\|DETAIL\):  \([0-9A-Z]\{5\}: \)\{0,1\}/\2: /p')
		   code=$(printf '%s\n' "$b" | sed -n 's/^-- ERROR \([0-9A-Z]\{5\}\):.*/\1/p')
		   check "$f: the mark moved before a draw that counted the target: ERROR ${code:-?} and the DETAIL as the doc prints them" \
			"$got|$(printf '%s;\n' "$st" | psql -X -q -v VERBOSITY=verbose -d "$idb" 2>&1 | sed -n 's/^.*ERROR:  \([0-9A-Z]\{5\}\):.*/\1/p')" "$want|$code" ;;
		*) tap 1 "$f: a statement the test does not know: $st" ;;
		esac
	done < <(printf '%s' "$b" | statements)
	check "$f: the deregistration example holds 4 statements" "$i" "4"
fi
b=$(block $f "SELECT service_affair.revoke_deregistration(1692,")
if [ -z "$b" ]; then
	tap 1 "$f: the example of revoke_deregistration() is not there"
else
	said=$(printf '%s\n' "$b" | sed -n 2p | sed 's/^-- //')
	st=$(printf '%s\n' "$b" | sed -n 1p)
	check "$f: revoke_deregistration(1692, ...) -- $said" \
		"$(iq "${st/(1692,/($t1692,}" | sed "s/^{$d14}\$/{14}/"): draw 14 left the target out; deregistered_on is now $(iq "SELECT coalesce(deregistered_on::text, 'NULL') FROM target WHERE id = $t1692")" "$said"
	st=$(printf '%s\n' "$b" | sed -n 3p)
	check "$f: ${st%%;*} (14: the draw) -- t" "$(iq "$(printf '%s' "${st%%;*}" | sed "s/(14)/($d14)/")")" "$(comment_of "$st" | cut -c1)"
	st=$(printf '%s\n' "$b" | sed -n '4,$p' | statements | cut -d $'\037' -f2)
	said=$(printf '%s\n' "$b" | sed -n '$p' | sed 's/.*-- //')
	check "$f: the record of the revocation -- $said" \
		"$(iq "$(printf '%s' "${st%;}" | sed "s/\b14 = ANY/$d14 = ANY/")" | sed "s/^$t1692 | $today | /1692 | 2026-12-01 | /")" "${said%, ...}, decision 2026-17"
fi

# the USCC history: a pool member's USCC changed, another deleted
last=$(iq "SELECT max(id) FROM draw")
free=$(iq "SELECT string_agg(id::text, ' ' ORDER BY id) FROM (SELECT t.id FROM target t, draw d WHERE d.id = $last AND service_affair.insp_pool_grade(d.pool, t.id) IS NOT NULL
	AND NOT EXISTS (SELECT FROM draw_selection s WHERE s.target = t.id) AND NOT EXISTS (SELECT FROM recusal r WHERE r.target = t.id) ORDER BY t.id LIMIT 2) x")
t1693=${free%% *} t1694=${free#* }
u1693=$(iq "SELECT uscc FROM target WHERE id = $t1693")
u1694=$(iq "SELECT uscc FROM target WHERE id = $t1694")
b=$(block $f "UPDATE service_affair.target SET uscc = '91350100M000100Y43' WHERE id = 1693;")
if [ -z "$b" ]; then
	tap 1 "$f: the example of a changed USCC is not there"
else
	i=0
	while IFS= read -r line; do
		i=$((i + 1))
		st=$(printf '%s' "${line%%;*}" | sed "s/'91350100M000100Y43' WHERE id = 1693/'91110000600037341L' WHERE id = $t1693/; s/verify_draw(12)/verify_draw($last)/")
		got=$(iq "$st")
		case $i in
		1) check "$f: ${line%%;*}" "$got" "UPDATE 1" ;;
		2) check "$f: ${line%%;*} -- $(comment_of "$line")" "$(printf '%s' "$got" | sed "s/^$t1693 | $last | $u1693\$/1693 | 12 | (its former USCC)/")" "$(comment_of "$line")" ;;
		3) check "$f: ${line%%;*} -- $(comment_of "$line")" "$got" "$(comment_of "$line")" ;;
		esac
	done < <(printf '%s\n' "$b" | grep -v '^--')
	check "$f: the example of a changed USCC holds 3 lines" "$i" "3"
fi
b=$(block $f "DELETE FROM service_affair.target WHERE uscc = '91350100M000200Y3P';")
if [ -z "$b" ]; then
	tap 1 "$f: the example of a deleted target is not there"
else
	i=0
	while IFS=$'\037' read -r _ st; do
		i=$((i + 1))
		st=$(printf '%s' "${st%;}" | sed "s/'91350100M000200Y3P'/'$u1694'/; s/verify_draw(12)/verify_draw($last)/")
		got=$(iq "$st")
		case $i in
		1) check "$f: DELETE ... WHERE uscc = '91350100M000200Y3P' (in the last draw's pool, not selected)" "$got|$(iq "SELECT count(*) FROM target WHERE id = $t1694")" "DELETE 1|0" ;;
		2) said=$(printf '%s\n' "$b" | grep -F 'WHERE uscc' | sed -n 2p | sed 's/.*-- //')
		   check "$f: the USCC history of the deleted target -- $said" "$(printf '%s' "$got" | sed "s/^$t1694 | $last\$/1694 | 12/")" "$said" ;;
		3) said=$(printf '%s\n' "$b" | grep -F "SELECT service_affair.verify_draw(12);" | sed 's/.*-- //')
		   check "$f: verify_draw() after the delete -- $said" "$got" "$said" ;;
		esac
	done < <(printf '%s' "$b" | statements)
	check "$f: the example of a deleted target holds 3 statements" "$i" "3"
fi

# -- 15. doc/inspection.md: the inspector's login, insp_pool_grade, --------
# DELETE and TRUNCATE of recusal.  In the database of part 14, after it.
# Placeholders and what stands for them here:
#   SJ-0001, zhangsan    the inspector of the doc's INSERT (made here, as
#                        written), and the login of part 14 (${db}_zhangsan),
#                        unlinked from part 14's inspector first
#   zhangsan2            ${db}_zhangsan2 (no such role)
#   wangwu               ${db}_wangwu (made here), staff of health (made
#                        here) only
#   SJ-0002, lisi        part 14's (the link the problem query lists, once
#                        lisi's staff row for market is deleted)
#   1692 (insp_pool_grade)  the target of part 14's refused mark, in every
#                        draw's pool (every draw of the database counted it);
#                        and part 14's 1692 (inserted after draws 1 and 2,
#                        deregistered before the third: no draw counted it)
#   "while a draw runs"  a draw of a plan 4 made here, held open (its
#                        transaction waits at an advisory lock of the test)
f=doc/inspection.md
ws=${db}_wangwu
trap 'for a in ${db}_gate ${db}_plan ${db}_draw ${db}_delete ${db}_trunc; do psql -X -q -d postgres -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"'"'$a'"'"'" >/dev/null 2>&1; done
	psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "DROP DATABASE IF EXISTS $idb" -c "DROP ROLE IF EXISTS $zs" -c "DROP ROLE IF EXISTS $ls" -c "DROP ROLE IF EXISTS $ws" >/dev/null 2>&1' EXIT
psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP ROLE IF EXISTS $ws" -c "CREATE ROLE $ws IN ROLE service_affair_inspector" >/dev/null
iq "INSERT INTO department (code, name, region) VALUES ('health', 'Health', '410102')" >/dev/null
iq "INSERT INTO staff (login, department) VALUES ('$ws', 'health')" >/dev/null
iq "UPDATE inspector SET login = NULL WHERE id = '$sj1'" >/dev/null
lplace() {
	sed "s/\bzhangsan2\b/${db}_zhangsan2/g; s/\bzhangsan\b/$zs/g; s/\bwangwu\b/$ws/g"
}
# the link written: the INSERT and the UPDATE as written, login_oid taken
b=$(block $f "INSERT INTO service_affair.inspector (id, name, department) VALUES ('SJ-0001', '张三', 'market');")
if [ -z "$b" ]; then
	tap 1 "$f: the example linking an inspector's login is not there"
else
	got=$(printf '%s\n' "$b" | grep -v '^--' | lplace | psql -X -v ON_ERROR_STOP=1 -d "$idb" 2>&1 | paste -sd '|')
	check "$f: INSERT INTO inspector ... ('SJ-0001', '张三', 'market'); UPDATE ... SET login = 'zhangsan' WHERE id = 'SJ-0001'" \
		"$got|$(iq "SELECT login || ' ' || (login_oid = '$zs'::regrole) FROM inspector WHERE id = 'SJ-0001'")" "INSERT 0 1|UPDATE 1|$zs true"
fi
# the refused links: each ERROR (its SQLSTATE) and DETAIL as the doc prints them
b=$(block $f "UPDATE service_affair.inspector SET login = 'zhangsan2' WHERE id = 'SJ-0001';")
if [ -z "$b" ]; then
	tap 1 "$f: the example of the refused links is not there"
else
	want=$(printf '%s\n' "$b" | sed -n 's/^-- \(ERROR\|DETAIL\):/\1:/p' | lplace)
	got=$(printf '%s\n' "$b" | grep -v '^--' | sed 's/ *--.*//' | lplace | psql -X -q -v VERBOSITY=verbose -d "$idb" 2>&1 |
		sed -n 's/^\(psql:[^ ]* \)\{0,1\}\(ERROR\|DETAIL\):/\2:/p')
	check "$f: the three refused links (zhangsan2, service_affair_inspector, wangwu): the doc's ERROR (SQLSTATE) and DETAIL lines" "$got" "${want:-(no ERROR lines in the doc)}"
	check "$f: ... and SJ-0001 is still zhangsan" "$(iq "SELECT login FROM inspector WHERE id = 'SJ-0001'")" "$zs"
fi
for sql in "SELECT service_affair.inspector_login_problem('zhangsan', 'market')" "SELECT service_affair.inspector_login_problem('wangwu', 'market')"; do
	line=$(doc_line $f "$sql")
	if [ -z "$line" ]; then
		tap 1 "$f: no example line '$sql;'"
		continue
	fi
	said=$(comment_of "$line")
	got=$(iq "$(printf '%s' "$sql" | lplace)")
	if states "$said" "$got"; then tap 0 "$f: $sql -- $said"; else tap 1 "$f: $sql (got '$got', the doc says '$said')"; fi
done
# zhangsan dropped and created again: the link's OID is the old role's until
# the doc's UPDATE of login_oid takes the new one
old_oid=$(iq "SELECT login_oid FROM inspector WHERE id = 'SJ-0001'")
psql -X -q -d postgres -c "DROP ROLE $zs" -c "CREATE ROLE $zs IN ROLE service_affair_inspector" >/dev/null
line=$(doc_line $f "UPDATE service_affair.inspector SET login_oid = NULL WHERE id = 'SJ-0001'")
check "$f: zhangsan dropped and created again: the link keeps the old OID" \
	"$(iq "SELECT login_oid = $old_oid AND login_oid <> '$zs'::regrole FROM inspector WHERE id = 'SJ-0001'")" "t"
check "$f: UPDATE service_affair.inspector SET login_oid = NULL WHERE id = 'SJ-0001' -- links the new role" \
	"$([ -n "$line" ] && psql -X -d "$idb" -c "${line%%;*}" 2>&1)|$(iq "SELECT login_oid = '$zs'::regrole FROM inspector WHERE id = 'SJ-0001'")" "UPDATE 1|t"
# the links that would not pass now: lisi's staff row for market deleted
iq "DELETE FROM staff WHERE login = '$ls' AND department = 'market'" >/dev/null
b=$(block $f "SELECT i.id, i.login, service_affair.inspector_login_problem(i.login, i.department) AS problem")
st=$(printf '%s\n' "$b" | statements | cut -d $'\037' -f2)
check "$f: the query of the links that would not pass lists SJ-0002 (lisi: no staff row)" \
	"$([ -n "$st" ] && iq "${st%;}" | paste -sd ';' || echo "(no example)")" "$sj2 | $ls | no staff row"
line=$(doc_line $f "UPDATE service_affair.inspector SET login_oid = NULL WHERE login IS NOT NULL")
linked=$(iq "SELECT count(*) FROM inspector WHERE login IS NOT NULL")
check "$f: UPDATE ... SET login_oid = NULL WHERE login IS NOT NULL while SJ-0002's link does not pass: 23503, nothing changed" \
	"$([ -n "$line" ] && iq "${line%%;*}")|$(iq "SELECT count(*) FROM inspector WHERE login IS NOT NULL")" "ERROR 23503|$linked"
iq "UPDATE service_affair.inspector SET login = NULL WHERE id = '$sj2'" >/dev/null
check "$f: ... once fixed (SJ-0002's login NULL), every link checked again" \
	"$([ -n "$line" ] && psql -X -d "$idb" -c "${line%%;*}" 2>&1)" "UPDATE $((linked - 1))"

# insp_pool_grade(): the draws that counted a target (its example is in a
# list item: its fence indented)
st=$(awk '/^ *```sql/{p=1; buf=""; next} /^ *```/{ if (p && buf ~ /insp_pool_grade\(d\.pool, 1692\)/) { printf "%s", buf; exit } p=0; next }
	p { c = $0; sub(/ *--.*$/, "", c); sub(/^ +/, "", c); buf = buf " " c }' $f)
said=$(grep -F 'insp_pool_grade(d.pool, 1692) IS NOT NULL;' $f | sed 's/.*-- //')
if [ -z "$st" ]; then
	tap 1 "$f: the example of insp_pool_grade() is not there"
else
	check "$f: ${st# } -- $said (a target in every pool: every draw)" \
		"$(iq "$(printf '%s' "${st%;*}" | sed "s/\b1692\b/$tre/")" | paste -sd ' ')" "$(iq "SELECT string_agg(id::text, ' ' ORDER BY id) FROM draw")"
	check "$f: ... (1692, inserted after two draws and deregistered before the third: none)" \
		"$(iq "$(printf '%s' "${st%;*}" | sed "s/\b1692\b/$t1692/")")" ""
fi

# DELETE and TRUNCATE of recusal, beside a plan, a draw and each other
b=$(block $f "DELETE FROM service_affair.recusal;")
del=$(printf '%s\n' "$b" | sed -n 1p) tru=$(printf '%s\n' "$b" | sed -n 2p)
msg=$(tr '\n' ' ' <$f | grep -o "55000\*\* \`TRUNCATE of recusal[^\`]*\`" | sed 's/^55000\*\* `//; s/`$//')
if [ -z "$b" ] || [ "${tru#TRUNCATE service_affair.recusal;}" = "$tru" ] || [ -z "$msg" ]; then
	tap 1 "$f: the example of DELETE and TRUNCATE of recusal (and the 55000 message) is not there"
else
	gate=4711
	# waits APP WHAT: the backend of APP waits (DOC_WAIT_TENTHS tenths of a
	# second at most, 60 s by default: a loaded CI may take seconds to start
	# a session and make a plan; success returns at once) for a lock of kind WHAT
	waits() {
		local i
		for i in $(seq 1 "${DOC_WAIT_TENTHS:-600}"); do
			[ "$(iq "SELECT count(*) FROM pg_stat_activity WHERE application_name = '$1' AND wait_event_type = 'Lock' AND wait_event IN ('$2', 'tuple')")" = 1 ] && return 0
			sleep 0.1
		done
		return 1
	}
	# the test's gate: a session holding advisory lock $gate, until gate_open
	gate_close() {
		PGAPPNAME=${db}_gate psql -X -q -d "$idb" -c "SELECT pg_advisory_lock($gate)" -c "SELECT pg_sleep(600)" >/dev/null 2>&1 &
		gpid=$!
		for _ in $(seq 1 "${DOC_WAIT_TENTHS:-600}"); do [ "$(iq "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = $gate AND granted")" = 1 ] && return 0; sleep 0.1; done
		# a gate not closed: the held sessions would not wait at it, and the
		# checks after would fail for another reason than theirs
		tap 1 "$f: the test's gate (advisory lock $gate) was not taken in time"
	}
	gate_open() {
		iq "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '${db}_gate'" >/dev/null
		wait "$@" 2>/dev/null
	}
	# held APP SQL...: a transaction of its own runs the statements, then waits at the gate
	held() {
		local app=$1
		shift
		printf '%s\n' "BEGIN;" "$@" "SELECT pg_advisory_lock($gate);" "COMMIT;" |
			PGAPPNAME=$app psql -X -q -At -v VERBOSITY=verbose -d "$idb" >/tmp/$app.out 2>&1 &
	}
	# a plan being made: TRUNCATE refused at once, DELETE waits its turn
	gate_close
	held ${db}_plan "SELECT service_affair.create_plan('plan 4', ARRAY['market'], ARRAY[0.01, 0.02, 0.10, 0.30], sha256('seed4'));"
	hpid=$!
	waits ${db}_plan advisory
	tap $? "a plan being made (create_plan() in a transaction held open at the test's advisory lock)"
	n_rec=$(iq "SELECT count(*) FROM recusal")
	# refused at once: a TRUNCATE that waited instead fails here (55P03
	# after 30 s) rather than hanging the suite behind the held plan
	got=$(PGOPTIONS='-c lock_timeout=30s' psql -X -q -v VERBOSITY=verbose -d "$idb" -c "${tru%%;*}" 2>&1 | sed -n 's/^ERROR:  \([0-9A-Z]\{5\}\): /\1 /p')
	check "$f: ${tru%%;*} -- $(comment_of "$tru"): ERROR 55000 and the message the doc gives" "$got" "$(comment_of "$tru" | cut -c1-5) $msg"
	PGAPPNAME=${db}_delete psql -X -v VERBOSITY=verbose -d "$idb" -c "${del%%;*}" >/tmp/${db}_delete.out 2>&1 &
	xpid=$!
	waits ${db}_delete transactionid
	check "$f: ${del%%;*} -- $(comment_of "$del"): it waits for the plan" "$?|$(cat /tmp/${db}_delete.out)" "0|"
	gate_open $gpid $hpid $xpid
	check "$f: ... the plan commits, then the DELETE deletes every recusal, no 55000" \
		"$(cat /tmp/${db}_delete.out)|$(iq "SELECT count(*) FROM plan WHERE name = 'plan 4'") $(iq "SELECT count(*) FROM recusal")" "DELETE $n_rec|1 0"
	p4=$(iq "SELECT max(id) FROM plan")
	# a draw running (it read the table): the TRUNCATE waits for the table
	# first ("Limits"), then finds the writers' lock free and goes on
	iq "INSERT INTO recusal VALUES ('$sj2', $tre)" >/dev/null
	gate_close
	held ${db}_draw "SELECT service_affair.draw($p4, 'seed4');"
	hpid=$!
	waits ${db}_draw advisory
	tap $? "a draw of plan 4 running (its transaction held open at the test's advisory lock)"
	PGAPPNAME=${db}_trunc psql -X -v VERBOSITY=verbose -d "$idb" -c "${tru%%;*}" >/tmp/${db}_trunc.out 2>&1 &
	xpid=$!
	waits ${db}_trunc relation
	check "$f: ${tru%%;*} while a draw runs: it waits for the draw's lock on the table (no 55000)" "$?|$(cat /tmp/${db}_trunc.out)" "0|"
	gate_open $gpid $hpid $xpid
	check "$f: ... the draw commits, then the TRUNCATE goes on" \
		"$(cat /tmp/${db}_trunc.out)|$(iq "SELECT count(*) FROM draw WHERE plan_id = $p4") $(iq "SELECT count(*) FROM recusal")" "TRUNCATE TABLE|1 0"
	# a TRUNCATE that took the writers' lock: a draw that comes after it waits
	iq "INSERT INTO recusal VALUES ('$sj2', $tre)" >/dev/null
	iq "SELECT create_plan('plan 5', ARRAY['market'], ARRAY[0.01, 0.02, 0.10, 0.30], sha256('seed5'))" >/dev/null
	p5=$(iq "SELECT max(id) FROM plan")
	gate_close
	held ${db}_trunc "${tru%%;*};"
	hpid=$!
	waits ${db}_trunc advisory
	tap $? "$f: ${tru%%;*} with the writers' lock free: it goes on (its transaction held open at the test's advisory lock)"
	PGAPPNAME=${db}_draw psql -X -q -At -d "$idb" -c "SELECT service_affair.draw($p5, 'seed5')" >/tmp/${db}_draw.out 2>&1 &
	xpid=$!
	waits ${db}_draw transactionid
	check "$f: ... -- $(comment_of "$tru" | sed 's/^[^;]*; *//'): it waits for the TRUNCATE" "$?|$(cat /tmp/${db}_draw.out)" "0|"
	gate_open $gpid $hpid $xpid
	check "$f: ... the TRUNCATE commits (no error), then the draw is made" \
		"$(grep -c ERROR /tmp/${db}_trunc.out)|$(iq "SELECT count(*) FROM recusal")|$(iq "SELECT id FROM draw WHERE plan_id = $p5")" "0|0|$(cat /tmp/${db}_draw.out)"
	rm -f /tmp/${db}_plan.out /tmp/${db}_delete.out /tmp/${db}_trunc.out /tmp/${db}_draw.out
fi

# -- 16. doc/complaints.md: complaint_items, complaint_queue, case_followups -
# On the complaints of parts 5 and 13 (in the database of part 2), each
# statement run as written, its rows (psql -At, columns " | ", rows joined
# by ";") those these complaints give.  Placeholders: 1495, the case of
# part 5 (its complaints 1 and 5, its rating 700001's rectification); the
# complaint numbers 1 to 5, the run's (k1 to k5: 5 is complaint_from_rating's).
# Nothing is archived here: July's archived cases are none.  The one
# complaint naming an item is 2 (cannot_do, item biz, 2026-11-02); 1 and 5
# are about the bundle case of part 5 (no item), 3 and 4 name none; biz had
# three cases submitted in November 2026 (parts 2 and 11).
f=doc/complaints.md
k5=$(run "SELECT max(id) FROM complaint")
b=$(block $f "-- July's cases per item: those archived and those still in the history")
st=$(printf '%s\n' "$b" | statements | cut -d $'\037' -f2)
check "$f: ${st%;} (no month archived here: none)" "$([ -n "$st" ] && run "${st%;}" || echo "(no example)")" ""
b=$(block $f "SELECT item, sum(received) AS complaints, sum(cases) AS cases,")
st=$(printf '%s\n' "$b" | statements | cut -d $'\037' -f2)
check "$f: the top services by complaints (complaint_items)" "$([ -n "$st" ] && run "${st%;}" | paste -sd ';' || echo "(no example)")" "biz | 1 | 3 | 333.33"
b=$(block $f "SELECT id, category, status, effective_due FROM complaint_queue WHERE status IN ('assigned', 'reopened') ORDER BY effective_due;")
i=0
while IFS=$'\037' read -r _ st; do
	i=$((i + 1))
	got=$(run "${st%;}" | paste -sd ';')
	case $i in
	1) check "$f: ${st%;} (complaint 1, reopened)" "$got" "$k1 | complaint | reopened | 2026-11-13" ;;
	2) check "$f: ${st%;} (complaint 4, replied late on 12-04)" "$got" "$k4 | MKT | 2026-12-04 | f" ;;
	3) check "$f: ${st%;} (complaint 1, reopened on 11-06, due 11-13)" "$got" "$k1 | HLT | $(run "SELECT '2026-11-06 10:00+08'::timestamptz") | 2026-11-13" ;;
	*) tap 1 "$f: a statement the test does not know: $st" ;;
	esac
done < <(printf '%s' "$b" | statements)
check "$f: the example of complaint_queue holds 3 statements" "$i" "3"
# callback_missed: the call-back due 2026-11-02, missed once today is more
# than settle.quiet_days (90 unless set) days after it
missed=$(run "SELECT CASE WHEN local_day(now(), 'cn') > '2026-11-02'::date + settle_quiet_days((SELECT value FROM setting WHERE name = 'settle.quiet_days')) THEN 't' ELSE 'f' END")
# fix_lapsed: the fix due 2026-11-23, lapsed alike (the rectification is open)
lapsed=$(run "SELECT CASE WHEN local_day(now(), 'cn') > '2026-11-23'::date + settle_quiet_days((SELECT value FROM setting WHERE name = 'settle.quiet_days')) THEN 't' ELSE 'f' END")
line=$(doc_line $f "SELECT * FROM case_followups WHERE case_id = 1495")
check "$f: SELECT * FROM case_followups WHERE case_id = 1495 (the case of part 5: its rectification beside complaints 1 and 5; rows sorted)" \
	"$([ -n "$line" ] && run "$(printf '%s' "${line%%;*}" | sed "s/= 1495\$/= $c/")" | sort | paste -sd ';' || echo "(no line)")" \
	"$(printf '%s\n' "$c | $r7 | 1 | open | 2026-11-02 | 2026-11-23 | $k1 | reopened | 2026-11-13 | f | $missed | $lapsed" "$c | $r7 | 1 | open | 2026-11-02 | 2026-11-23 | $k5 | received |  | f | $missed | $lapsed" | sort | paste -sd ';')"

# -- 17. doc/licences.md: record_evidence() ---------------------------------
# Placeholder: 1201, a case of seal of applicant 2 (who holds no
# business_licence), submitted and approved now, seal given a material of
# type business_licence for it, brought at the submission.
f=doc/licences.md
run "INSERT INTO material (item, code, name, evidence_type) VALUES ('seal', 'licence', 'Business licence', 'business_licence')" >/dev/null
c1201=$(run "SELECT submit('seal', 2, '{licence}', 'window')")
run "SELECT complete_task(id, 'approved') FROM task WHERE case_id = $c1201" >/dev/null
check "a case of seal, concluded approved, its material of type business_licence" \
	"$(run "SELECT c.status || ' ' || c.decision || ' ' || m.evidence_types::text FROM cases c JOIN case_material m ON m.case_id = c.id AND m.material = 'licence' WHERE c.id = $c1201")" "concluded approved {business_licence}"
line=$(doc_line $f "SELECT service_affair.record_evidence(1201, 'business_licence', '纸质营业执照 91330225MA2H...', '2030-12-31')")
if [ -z "$line" ]; then
	tap 1 "$f: no example line record_evidence(1201, 'business_licence', ...)"
else
	l=$(run "$(printf '%s' "${line%%;*}" | sed "s/(1201,/($c1201,/")")
	check "$f: ${line%%;*}: a licence of origin recorded, for the case's applicant, valid until 2030-12-31" \
		"$(run "SELECT origin || ' ' || evidence_type || ' ' || holder || ' ' || case_id || ' ' || valid_until || ' ' || status || ' ' || reference FROM licence WHERE id = '${l//\'/}'")" \
		"recorded business_licence 2 $c1201 2030-12-31 valid 纸质营业执照 91330225MA2H..."
fi

# -- 18. doc/ratings.md: editing the settings (last: it changes them) -------
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
