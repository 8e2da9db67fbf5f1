#!/usr/bin/env bash
# The blank-text rule in a database that is not UTF8 (src/arguments.c
# converts to UTF-8 before src/core/text.c reads it): in WIN1252 and
# LATIN1 databases is_blank() and record_check()'s findings rule agree with
# the characters, not with their bytes.  "â€‹" (the WIN1252 reading of the
# UTF-8 bytes of U+200B) is text; a no-break space (0xA0 in both
# encodings) is blank; findings of visible text are taken (until 2026-12-03
# record_check() read the raw WIN1252 bytes as UTF-8 and refused them).
# Uses the running cluster named by PGHOST/PGPORT/PGUSER.  Prints TAP.
set -u
source "$(dirname "$0")/lib/tap.sh"
echo "1..10"
for enc in WIN1252 LATIN1; do
	db=sa_text_$(echo "$enc" | tr 'A-Z' 'a-z')
	psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" \
		-c "CREATE DATABASE $db ENCODING '$enc' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0" >/dev/null
	trap 'for d in sa_text_win1252 sa_text_latin1; do psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $d" >/dev/null 2>&1; done' EXIT
	check "$enc: the extension installs" "$(dbq "CREATE EXTENSION service_affair")" "CREATE EXTENSION"
	check "$enc: a no-break space (0xA0) and a tab are blank" \
		"$(dbq "SELECT service_affair.is_blank(convert_from('\\xa009', '$enc'))")" "t"
	if [ "$enc" = WIN1252 ]; then
		visible="convert_from('\\xe2808b', 'WIN1252')"	# â€‹: three visible characters
	else
		visible="convert_from('\\xc2a0', 'LATIN1')"		# Â and a no-break space
	fi
	check "$enc: the bytes of a UTF-8 blank read as $enc characters are text" \
		"$(dbq "SELECT service_affair.is_blank($visible)")" "f"
	check "$enc: record_check()'s rule takes them as findings" \
		"$(dbq "SELECT service_affair.check_outcome_check(1, 'broken', $visible)")" ""
	check "$enc: and refuses blank findings" \
		"$(dbq "SELECT service_affair.check_outcome_check(1, 'broken', convert_from('\\xa0', '$enc'))" | head -1)" \
		"ERROR:  findings required"
done
exit $((failed > 0))
