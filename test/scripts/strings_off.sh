#!/usr/bin/env bash
# The extension under standard_conforming_strings = off (doc/deployment.md):
# a legacy setting a DBA may still have in postgresql.conf or by ALTER
# DATABASE ... SET, under which a plain '...' literal with a backslash is read
# with backslash escapes.  Until 2026-12-06 CREATE EXTENSION service_affair
# and the update from 0.1.0 failed there (22021 "invalid byte sequence for
# encoding UTF8: 0x00": '\x0000...'::bytea read as NUL bytes), and function
# bodies, which PostgreSQL parses at run time with the calling session's
# setting, read their literals otherwise (create_plan()'s sha256 of the empty
# seed, the regular expressions of catalog_regression_kinds() and of
# history_month() in C).  test/scripts/literal_backslashes.sh keeps the
# sources free of such literals; here their behaviour.  Checked:
#   - a database with ALTER DATABASE ... SET standard_conforming_strings =
#     off: CREATE EXTENSION installs, with the schema (fingerprint, views and
#     defaults and constraints as parsed) of a database with it on, and
#     create_roles() runs there;
#   - a flow there (a submit; create_plan() refusing the commitment of the
#     empty seed; a plan, a draw, verify_draw(), verify_log(); the packed
#     target directory; history_month() twice and history_partitions;
#     catalog_regression_kinds() on fees) prints what it prints with the
#     setting on, which is checked too;
#   - the same flow in sessions with the setting off, in a database
#     installed with it on (the function bodies alone);
#   - 0.1.0 installed with it on and filled, the database then set off:
#     ALTER EXTENSION ... UPDATE runs, and gives the schema of a fresh
#     install and the data (the target team map the update packs, the
#     chains, the draw) of the same update with the setting on.
# (0.1.0's own script, released and frozen, still does not install with the
# setting off: its head_hash default is such a literal.)
# Uses the running cluster named by PGHOST/PGPORT/PGUSER.  Prints TAP.
set -uo pipefail
source "$(dirname "$0")/lib/tap.sh"
source "$(dirname "$0")/lib/fingerprint.sh"
ON=sa_scs_on
OFF=sa_scs_off
SESS=sa_scs_session
UPON=sa_scs_up_on
UPOFF=sa_scs_up_off
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sa_scs.XXXXXX")
dropall() {
	q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $ON" -c "DROP DATABASE IF EXISTS $OFF" \
		-c "DROP DATABASE IF EXISTS $SESS" -c "DROP DATABASE IF EXISTS $UPON" -c "DROP DATABASE IF EXISTS $UPOFF"
}
cleanup() { dropall >/dev/null 2>&1; rm -rf "$WORK"; }
trap cleanup EXIT
dropall >/dev/null
for d in $ON $OFF $SESS $UPON $UPOFF; do q -d postgres -c "CREATE DATABASE $d" >/dev/null; done
q -d postgres -c "ALTER DATABASE $OFF SET standard_conforming_strings = off" >/dev/null
CUR=$(q -d postgres -c "SELECT default_version FROM pg_available_extensions WHERE name = 'service_affair'")

echo "1..15"

check "the database $OFF reads strings with backslash escapes" "$(q -d $OFF -c "SHOW standard_conforming_strings")" "off"
check "CREATE EXTENSION with the setting on" "$(psql -X -At -d $ON -c "CREATE EXTENSION service_affair" 2>&1)" "CREATE EXTENSION"
check "CREATE EXTENSION with the setting off (ALTER DATABASE ... SET)" "$(psql -X -At -d $OFF -c "CREATE EXTENSION service_affair" 2>&1)" "CREATE EXTENSION"
# create_roles() in each, as the upgrade tests do (the grants of the
# tables then depend on nothing the cluster held before)
q -d $ON -c "SELECT service_affair.create_roles()" >/dev/null
check "create_roles() with the setting off" "$(psql -X -At -d $OFF -c "SELECT service_affair.create_roles()" 2>&1)" ""
fingerprint $ON >"$WORK/on.fp"
# (read with the setting on: pg_get_expr() and pg_get_viewdef() write a
# literal's backslashes doubled in a session with it off)
PGOPTIONS="-c standard_conforming_strings=on" fingerprint $OFF >"$WORK/off.fp"
diff "$WORK/on.fp" "$WORK/off.fp" >"$WORK/fp.diff"
same=$?
[ "$(wc -l <"$WORK/on.fp")" -ge 500 ] || same=2
tap $same "installed with the setting off, the schema is the one installed with it on (fingerprint)"
[ "$same" = 0 ] || head -20 "$WORK/fp.diff" | sed 's/^/# /'

# The flow: written without a backslash, so that it reads the same in both;
# its one expected error (the empty seed's commitment) printed without the
# line of psql's input.
cat >"$WORK/flow.sql" <<'SQL'
\set VERBOSITY terse
SET search_path = service_affair;
INSERT INTO department (code, name, region) VALUES ('SO_M', 'Market', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, online) VALUES
  ('so_biz', 'Licence', 'SO_M', 'promised', 20, 5, true);
INSERT INTO material (item, code, name, tolerable) VALUES ('so_biz', 'form', 'Form', false);
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', '张三');
INSERT INTO applicant (kind, uscc, name) VALUES ('org', '91110000600037341L', '北京测试有限公司');
SELECT 'submitted ' || (submit('so_biz', (SELECT min(id) FROM applicant), '{form}', 'window', '{}', '2026-11-18 10:00+08') > 0);
INSERT INTO target (uscc, name, risk) VALUES ('91110000600037341L', '北京测试有限公司', 'D'), ('91350100M000100Y43', '宁波测试有限公司', 'C');
INSERT INTO inspector (id, name, department) VALUES ('so-1', 'One', 'SO_M'), ('so-2', 'Two', 'SO_M'), ('so-3', 'Three', 'SO_M');
SELECT create_plan('empty seed', ARRAY['SO_M'], ARRAY[1, 1, 1, 1]::numeric[], sha256(''::bytea));
SELECT create_plan('plan', ARRAY['SO_M'], ARRAY[1, 1, 1, 1]::numeric[], sha256(decode('01', 'hex'))) AS plan \gset
SELECT draw(:plan, decode('01', 'hex')) AS draw \gset
SELECT 'verify_draw ' || verify_draw(:draw);
SELECT 'verify_log ' || ledger || ' ' || entries || ' ' || ok FROM verify_log() ORDER BY ledger;
SELECT 'pack problems ' || count(*) FROM target_pack_check();
SELECT 'pack ' || block || ' ' || encode(data, 'hex') FROM target_pack ORDER BY block;
SELECT history_month('cases', (SELECT min(id) FROM cases));
SELECT history_month('cases', (SELECT min(id) FROM cases));
SELECT 'history ' || family_table || ' ' || first_id || ' ' || last_id || ' ' || month
  FROM history_partitions WHERE family_table IN ('cases', 'task') ORDER BY 1;
SELECT 'fee ' || f.b || ' -> ' || f.a || ': '
       || catalog_regression_kinds('item', 'update', jsonb_build_object('code', 'so_biz', 'fee', f.b),
                                   jsonb_build_object('code', 'so_biz', 'fee', f.a), now() + interval '1 day')::text
  FROM (VALUES (1, '不收费', '20元'), (2, '0.00元', '免费'), (3, '每件20元', '每件12.5元'),
               (4, '每件20元', '每件 30 元'), (5, '每件1.5元', '每件1.50元'), (6, '不收费', '　免费'),
               (7, '每件20元', '每件 20 元')) AS f(o, b, a)
 ORDER BY f.o;
SQL
flow() { # database [session options]
	PGOPTIONS=${2:-} psql -X -q -At -d "$1" -f "$WORK/flow.sql" 2>&1 | sed 's/^psql:[^ ]*: //'
}
flow $ON >"$WORK/on.out"
flow $OFF >"$WORK/off.out"
q -d $SESS -c "CREATE EXTENSION service_affair" >/dev/null
flow $SESS "-c standard_conforming_strings=off" >"$WORK/session.out"
sed 's/^/# on: /' "$WORK/on.out"
want_lines="submitted true
ERROR:  invalid seed commitment
verify_draw true
verify_log SO_M 2 true
verify_log catalog 2 true
pack problems 0
fee 不收费 -> 20元: {fee_raised}
fee 0.00元 -> 免费: {}
fee 每件20元 -> 每件12.5元: {}
fee 每件20元 -> 每件 30 元: {fee_raised}
fee 每件1.5元 -> 每件1.50元: {}
fee 不收费 -> 　免费: {}
fee 每件20元 -> 每件 20 元: {}"
check "with the setting on, the flow gives the results it states" \
	"$(grep -E '^(submitted|ERROR|verify_|pack problems|fee )' "$WORK/on.out")" \
	"$want_lines"
check "with it on, history_month() made the month once" "$(grep -c '^history cases' "$WORK/on.out")" "1"
check "with the setting off in the database, the flow prints what it prints with it on" "$(cat "$WORK/off.out")" "$(cat "$WORK/on.out")"
check "in sessions with the setting off (installed with it on), the same" "$(cat "$WORK/session.out")" "$(cat "$WORK/on.out")"

# The update from 0.1.0: installed and filled with the setting on, updated
# with it off in the database; the same update with it on for reference.
for d in $UPON $UPOFF; do
	q -d $d -o /dev/null <<'SQL'
CREATE EXTENSION service_affair VERSION '0.1.0';
SET search_path = service_affair;
INSERT INTO department (code, name, region) VALUES ('UP_M', 'Market', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, online) VALUES ('up_biz', 'Licence', 'UP_M', 'promised', 20, 5, true);
INSERT INTO material (item, code, name, tolerable) VALUES ('up_biz', 'form', 'Form', false);
INSERT INTO applicant (kind, uscc, name) VALUES ('org', '91110000600037341L', '北京测试有限公司');
SELECT submit('up_biz', 1, '{form}', 'window', '{}', '2026-11-18 10:00+08');
INSERT INTO target (uscc, name, risk) VALUES ('91110000600037341L', '北京测试有限公司', 'D'), ('91350100M000100Y43', '宁波测试有限公司', 'C');
INSERT INTO inspector (id, name, department) VALUES ('up-1', 'One', 'UP_M'), ('up-2', 'Two', 'UP_M'), ('up-3', 'Three', 'UP_M');
SELECT create_plan('plan', ARRAY['UP_M'], ARRAY[1, 1, 1, 1]::numeric[], sha256(decode('01', 'hex')));
SELECT draw(1, decode('01', 'hex'));
SQL
done
q -d postgres -c "ALTER DATABASE $UPOFF SET standard_conforming_strings = off" >/dev/null
check "the update from 0.1.0 with the setting on" "$(psql -X -At -d $UPON -c "ALTER EXTENSION service_affair UPDATE TO '$CUR'" 2>&1)" "ALTER EXTENSION"
check "the update from 0.1.0 with the setting off (ALTER DATABASE ... SET, 0.1.0 installed with it on)" \
	"$(psql -X -At -d $UPOFF -c "ALTER EXTENSION service_affair UPDATE TO '$CUR'" 2>&1)" "ALTER EXTENSION"
q -d $UPOFF -c "SELECT service_affair.create_roles()" >/dev/null
PGOPTIONS="-c standard_conforming_strings=on" fingerprint $UPOFF >"$WORK/upoff.fp"
diff "$WORK/upoff.fp" "$WORK/on.fp" >"$WORK/upfp.diff"
same=$?
[ "$(wc -l <"$WORK/upoff.fp")" -ge 500 ] || same=2
tap $same "updated with the setting off, the schema is a fresh install's (fingerprint)"
[ "$same" = 0 ] || head -20 "$WORK/upfp.diff" | sed 's/^/# /'
updata() {
	q -d "$1" -c "SELECT 'map ' || upto_draw || ' ' || head_draw || ' ' || encode(data, 'hex') FROM service_affair.target_team_map ORDER BY id" \
		-c "SELECT 'verify_draw ' || service_affair.verify_draw(1)" \
		-c "SELECT 'verify_log ' || ledger || ' ' || entries || ' ' || ok FROM service_affair.verify_log() ORDER BY ledger" 2>&1
}
updata $UPON >"$WORK/upon.data"
updata $UPOFF >"$WORK/upoff.data"
sed 's/^/# updated with the setting on: /' "$WORK/upon.data"
check "with it on, the update packed the team map and the chains and the draw verify" \
	"$(grep -c '^map 1 1 a701' "$WORK/upon.data") $(grep -c 'true$' "$WORK/upon.data")" "1 $(($(grep -c '^verify_log' "$WORK/upon.data") + 1))"
check "updated with the setting off, the same data" "$(cat "$WORK/upoff.data")" "$(cat "$WORK/upon.data")"
check "and the updated database takes a case there" \
	"$(q -d $UPOFF -c "SELECT service_affair.submit('up_biz', 1, '{form}', 'online', '{}', '2026-11-21 10:00+08') > 0" 2>&1)" "t"
[ "$failed" = 0 ]
