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
echo "1..26"
for enc in WIN1252 LATIN1; do
	db=sa_text_$(echo "$enc" | tr 'A-Z' 'a-z')
	psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" \
		-c "CREATE DATABASE $db ENCODING '$enc' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0" >/dev/null
	trap 'for d in sa_text_win1252 sa_text_latin1 sa_text_win1252_utf8 sa_text_latin1_utf8; do psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $d" >/dev/null 2>&1; done' EXIT
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

	# The ledgers' canonical bytes are UTF-8 (doc/inspection.md): a plan
	# named "Contrôle café" is hashed as a UTF8 database hashes it, so its
	# chain verifies there after a dump and restore (a review restored a
	# LATIN1 database into UTF8: the chain no longer verified, each field
	# had been hashed in the database encoding)
	name="convert_from('\\x436f6e7472f46c6520636166e9', '$enc')"	# Contrôle café in LATIN1 / WIN1252 bytes
	out=$(dbq "INSERT INTO service_affair.department (code, name) VALUES ('da', 'A');
	           SELECT service_affair.create_plan($name, ARRAY['da'], ARRAY[0.5, 0.5, 0.5, 0.5], sha256('s1'), 2) > 0;
	           SELECT ok FROM service_affair.verify_log() WHERE ledger = 'da'")
	check "$enc: a plan named with accented letters is logged and its chain verifies" "$(echo "$out" | tr '\n' ' ')" "INSERT 0 1 t t "
	restored=${db}_utf8
	psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $restored" \
		-c "CREATE DATABASE $restored ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0" >/dev/null
	pg_dump -Fc -d "$db" 2>/dev/null | pg_restore -d "$restored" >/dev/null 2>&1
	check "$enc: restored into a UTF8 database, the chain verifies there (the same bytes hashed)" \
		"$(psql -X -At -d "$restored" -c "SELECT string_agg(ledger || ' ' || entries || ' ' || ok, ',') FROM service_affair.verify_log()" 2>&1)" "da 1 true"
	psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $restored" >/dev/null
	# An edit that reads the same under the other encoding: "ô" and "é"
	# (LATIN1 F4 and E9, hashed as UTF-8 C3 B4 and C3 A9) replaced by "Ã´" and
	# "Ã©" (LATIN1 C3 B4 and C3 A9), triggers off
	# as only a superuser can.  Caught: each entry is read one way only (a
	# review made it verify when verify_log() tried the database encoding
	# after UTF-8)
	out=$(dbq "BEGIN; SET LOCAL session_replication_role = replica;
	           UPDATE service_affair.inspection_log SET payload = replace(replace(payload::text, convert_from('\\xf4', '$enc'), convert_from('\\xc3b4', '$enc')),
	                                                                       convert_from('\\xe9', '$enc'), convert_from('\\xc3a9', '$enc'))::jsonb
	            WHERE ledger = 'da' AND seq = 1;
	           SELECT entries || ' ' || ok || ' ' || first_bad_seq FROM service_affair.verify_log() WHERE ledger = 'da'; ROLLBACK")
	check "$enc: a payload edited from Contrôle café to ContrÃ´le cafÃ© (the same bytes read the other way) does not verify" "$(echo "$out" | tr '\n' ' ')" "BEGIN SET UPDATE 1 1 false 1 ROLLBACK "
	# an entry hashed in the database encoding where the ledger is UTF-8
	# (utf8_from 1): refused
	out=$(dbq "WITH e AS (INSERT INTO service_affair.inspection_log (ledger, seq, at, kind, payload, prev_hash, hash)
	                      SELECT l.ledger, l.seq + 1, l.at, l.kind, l.payload, l.hash,
	                             sha256(convert_to(convert_from(service_affair.log_entry_bytes(l.ledger, l.seq + 1, l.at, l.kind, l.payload, l.hash), 'UTF8'), '$enc'))
	                        FROM service_affair.inspection_log l WHERE l.ledger = 'da' AND l.seq = 1
	                      RETURNING ledger, seq, hash)
	           UPDATE service_affair.ledger g SET head_seq = e.seq, head_hash = e.hash FROM e WHERE g.name = e.ledger;
	           SELECT entries || ' ' || ok || ' ' || first_bad_seq FROM service_affair.verify_log() WHERE ledger = 'da'")
	check "$enc: an entry hashed in $enc bytes after the ledger's cut-over does not verify" "$(echo "$out" | tr '\n' ' ')" "UPDATE 1 2 false 2 "
	# a ledger of 0.1.0 (its first entry hashed in $enc bytes, utf8_from past
	# it, as the update sets it), then an entry of this version: both verify
	out=$(dbq "INSERT INTO service_affair.department (code, name) VALUES ('db', 'B');
	           SELECT service_affair.create_ledger('db', 'sha256');
	           WITH x AS (SELECT 'db'::text AS ledger, 1::bigint AS seq, now() AS at, 'plan'::text AS kind,
	                             jsonb_build_object('name', $name) AS payload, '\\x' || repeat('00', 32) AS prev),
	                e AS (INSERT INTO service_affair.inspection_log (ledger, seq, at, kind, payload, prev_hash, hash)
	                      SELECT x.ledger, x.seq, x.at, x.kind, x.payload, x.prev::bytea,
	                             sha256(convert_to(convert_from(service_affair.log_entry_bytes(x.ledger, x.seq, x.at, x.kind, x.payload, x.prev::bytea), 'UTF8'), '$enc'))
	                        FROM x RETURNING ledger, seq, hash)
	           UPDATE service_affair.ledger g SET head_seq = e.seq, head_hash = e.hash, utf8_from = e.seq + 1 FROM e WHERE g.name = e.ledger;
	           SELECT service_affair.create_plan($name, ARRAY['db'], ARRAY[0.5, 0.5, 0.5, 0.5], sha256('s2'), 2) > 0;
	           SELECT entries || ' ' || ok FROM service_affair.verify_log() WHERE ledger = 'db'")
	check "$enc: a 0.1.0 entry in $enc bytes before the cut-over and a UTF-8 one after it verify" "$(echo "$out" | tr '\n' ' ' | sed 's/^INSERT 0 1 [^ ]* //')" "UPDATE 1 t 2 true "
	# a licence's keyed hash is over the message's UTF-8 bytes, as the
	# offline check computes it (doc/licences.md): "Nºô" hashed here and in
	# a UTF8 database gives one HMAC
	key="'\\x000102030405060708090a0b0c0d0e0f'::bytea"
	here=$(dbq "SELECT service_affair.licence_hmac($key, convert_from('\\x4ebaf4', '$enc'))")
	psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $restored" \
		-c "CREATE DATABASE $restored ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0" >/dev/null
	there=$(psql -X -At -d "$restored" -c "CREATE EXTENSION service_affair" \
		-c "SELECT service_affair.licence_hmac($key, convert_from('\\x4ec2bac3b4', 'UTF8'))" 2>&1 | tail -1)
	psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $restored" >/dev/null
	check "$enc: a licence message with accented letters has the HMAC a UTF8 database gives it" "$here" "$(echo "$there" | grep -E "^[0-9a-f]{64}$")"

	# text as an error echoes it (src/arguments.c's sa_echo_n(): cut in the
	# database encoding, made printable in UTF-8, converted back): a line
	# feed is ?, 0x85 is ? in LATIN1 (U+0085, a C1 control) and kept in
	# WIN1252 (U+2026 …), é kept; a name cut to 64 characters ends in ...
	c85="CASE '$enc' WHEN 'LATIN1' THEN '?' ELSE convert_from('\\x85', '$enc') END"
	check "$enc: printable() replaces the characters, not the bytes" \
		"$(dbq "SELECT service_affair.printable(convert_from('\\x610a85e962', '$enc')) = 'a?' || $c85 || chr(233) || 'b'")" "t"
	out=$(psql -X -At -d "$db" -c "CREATE FUNCTION pg_temp.d(q text) RETURNS text LANGUAGE plpgsql AS \$\$ DECLARE d text; BEGIN EXECUTE q; RETURN NULL; EXCEPTION WHEN OTHERS THEN GET STACKED DIAGNOSTICS d = PG_EXCEPTION_DETAIL; RETURN d; END \$\$" \
		-c "SELECT pg_temp.d(format('SELECT service_affair.is_workday(%L, %L)', '2026-01-05', convert_from(decode('0a85' || repeat('e9', 70), 'hex'), '$enc')))
		           = 'There is no row named \"?' || $c85 || repeat(chr(233), 62) || '...\" in service_affair.calendar.'" 2>&1 | tail -1)
	check "$enc: an unknown calendar's name echoed by its first 64 characters, made printable, then ..." "$out" "t"
done
exit $((failed > 0))
