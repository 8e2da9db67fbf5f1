#!/usr/bin/env bash
# Settings across the 0.1.0 -> 0.2.0 update (2026-12-05): 0.2.0 refuses a
# setting it does not read or a value it does not take (constraints
# setting_rating_names, setting_area, setting_complaint_days,
# setting_settle_days, setting_history, setting_credit); 0.1.0 took any
# area.name and ignored it, the default staying in force unseen.  The update
# adds every one of them NOT VALID and checks them together at the end
# (97_setting_validate.sql): it does not take such a row silently nor fail on
# PostgreSQL's bare "violated by some row", whatever the area: it stops with
# 23514 naming every row and the constraint refusing it, and runs once the
# DBA has dealt with them (doc/ratings.md, "Settings").  A CHECK the DBA
# added NOT VALID is left as it was.  Uses the running
# cluster named by PGHOST/PGPORT/PGUSER (and SA_TOP).  Prints TAP.
set -u
source "$(dirname "$0")/lib/tap.sh"
scratch_db sa_setting_upgrade
echo "1..17"
check "0.1.0 installs" "$(dbq "CREATE EXTENSION service_affair VERSION '0.1.0'")" "CREATE EXTENSION"
check "0.1.0 takes a row of each area that 0.2.0 refuses" \
	"$(dbq "INSERT INTO service_affair.setting (name, value) VALUES
	          ('rating.fix_day', '5'), ('ratings.callback_days', '2'), ('complaint.reply_days', '5'),
	          ('settle.quiet_days', 'abc'), ('history.months_ahead', '99'), ('credit.duration_years', '0')")" "INSERT 0 6"
out=$(psql -X -At -v ON_ERROR_STOP=1 -v VERBOSITY=verbose -d "$db" -c "ALTER EXTENSION service_affair UPDATE TO '0.2.0'" 2>&1)
check "the update stops with 23514 (not PostgreSQL's bare 'violated by some row')" \
	"$(grep -o '^ERROR:  23514: .*' <<<"$out")" \
	"ERROR:  23514: service_affair.setting holds rows that its constraints refuse"
check "its detail names every such row of every area, its value and constraint" \
	"$(sed -n 's/^DETAIL:  //p' <<<"$out")" \
	"0.1.0 took these rows and read none of them, the defaults staying in force: 'complaint.reply_days' = '5' (setting_complaint_days), 'credit.duration_years' = '0' (setting_credit), 'history.months_ahead' = '99' (setting_history), 'rating.fix_day' = '5' (setting_rating_names), 'ratings.callback_days' = '2' (setting_area), 'settle.quiet_days' = 'abc' (setting_settle_days)."
check "and a hint" "$(grep -c '^HINT:  A misspelt name: ' <<<"$out")" "1"
check "nothing changed: still 0.1.0" "$(dbq "SELECT extversion FROM pg_extension WHERE extname = 'service_affair'")" "0.1.0"
# The rating.* and the misspelt area dealt with, the others' rows remain:
# the update names them as well (until 2026-12-05: PostgreSQL's bare "check
# constraint "setting_complaint_days" of relation "setting" is violated by
# some row", one constraint and no row).
dbq "UPDATE service_affair.setting SET value = '5' WHERE name = 'rating.fix_days';
     DELETE FROM service_affair.setting WHERE name IN ('rating.fix_day', 'ratings.callback_days')" >/dev/null
out=$(psql -X -At -v ON_ERROR_STOP=1 -v VERBOSITY=verbose -d "$db" -c "ALTER EXTENSION service_affair UPDATE TO '0.2.0'" 2>&1)
check "the rows of the other areas alone stop it the same way, each named" \
	"$(grep -o '^ERROR:  23514: .*' <<<"$out")|$(sed -n 's/^DETAIL:  //p' <<<"$out")" \
	"ERROR:  23514: service_affair.setting holds rows that its constraints refuse|0.1.0 took these rows and read none of them, the defaults staying in force: 'complaint.reply_days' = '5' (setting_complaint_days), 'credit.duration_years' = '0' (setting_credit), 'history.months_ahead' = '99' (setting_history), 'settle.quiet_days' = 'abc' (setting_settle_days)."
dbq "UPDATE service_affair.setting SET value = '180' WHERE name = 'settle.quiet_days';
     DELETE FROM service_affair.setting WHERE name IN ('complaint.reply_days', 'history.months_ahead', 'credit.duration_years')" >/dev/null
check "once they are dealt with, the update runs" "$(dbq "ALTER EXTENSION service_affair UPDATE TO '0.2.0'")" "ALTER EXTENSION"
check "every constraint of setting is validated and the values meant kept" \
	"$(dbq "SELECT string_agg(c.conname || ' ' || c.convalidated, ', ' ORDER BY c.conname)
	          FROM pg_constraint c WHERE c.conrelid = 'service_affair.setting'::regclass AND c.contype = 'c'")|$(dbq "SELECT string_agg(name || '=' || value, ' ' ORDER BY name) FROM service_affair.setting WHERE name IN ('rating.fix_days', 'settle.quiet_days')")" \
	"setting_area true, setting_complaint_days true, setting_credit true, setting_history true, setting_name_check true, setting_rating_days true, setting_rating_names true, setting_settle_days true|rating.fix_days=5 settle.quiet_days=180"
# A setting constraint added later must be added NOT VALID as well, or the
# update fails on it without naming the row: every ADD CONSTRAINT setting_*
# of the update's files ends with NOT VALID.
bad=$(perl -0ne 'while (/ADD CONSTRAINT (setting_\w+)(.*?);\n/sg) { my ($c, $b) = ($1, $2); print "$c " unless $b =~ /NOT VALID\s*$/ }' \
	"${SA_TOP:-$(dirname "$0")/../..}"/sql/upgrade/0.1.0--0.2.0/*.sql)
check "the update adds every setting constraint NOT VALID" "$bad" ""
# A 0.1.0 table of many refused rows (a script's misspelt names, long ones):
# the first 20 are named, the others counted (until 2026-12-05 every one, a
# DETAIL of 900 MB for 3 million rows of 300 bytes).
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null
scratch_db sa_setting_upgrade_many
dbq "CREATE EXTENSION service_affair VERSION '0.1.0'" >/dev/null
dbq "INSERT INTO service_affair.setting (name, value)
       SELECT 'zz.' || repeat('x', 100) || translate(lpad(i::text, 4, '0'), '0123456789', 'abcdefghij'), '1'
         FROM generate_series(1, 1000) i" >/dev/null
out=$(psql -X -At -v ON_ERROR_STOP=1 -v VERBOSITY=verbose -d "$db" -c "ALTER EXTENSION service_affair UPDATE TO '0.2.0'" 2>&1)
detail=$(sed -n 's/^DETAIL:  //p' <<<"$out")
check "1,000 refused rows: 23514, the first 20 named (names cut at 64 characters), 980 counted" \
	"$(grep -o '^ERROR:  23514: .*' <<<"$out")|$(grep -o "'zz[.]x*[a-j]*'" <<<"$detail" | wc -l)|$(grep -o "'zz[.]x*'" <<<"$detail" | head -1)|$(grep -o ', and [0-9]* more rows refused[.]$' <<<"$detail")" \
	"ERROR:  23514: service_affair.setting holds rows that its constraints refuse|20|'zz.$(printf 'x%.0s' $(seq 61))'|, and 980 more rows refused."
check "a short DETAIL" "$([ "${#detail}" -lt 3000 ] && echo short || echo "${#detail} characters")" "short"
# A CHECK the DBA added NOT VALID on purpose (older rows it refuses kept,
# new ones checked) is not the extension's: the update validates only the
# constraints it adds, and leaves the DBA's as it was.  Until 2026-12-05 it
# took every CHECK of the table not yet validated: the update stopped with
# 23514 naming the DBA's row as refused by 0.2.0 (or, with no such row,
# validated the DBA's constraint).
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null
scratch_db sa_setting_upgrade_dba
dbq "CREATE EXTENSION service_affair VERSION '0.1.0'" >/dev/null
dbq "UPDATE service_affair.setting SET value = '60' WHERE name = 'rating.fix_days';
     ALTER TABLE service_affair.setting ADD CONSTRAINT dba_fix_days_month
       CHECK (name <> 'rating.fix_days' OR value::integer <= 30) NOT VALID" >/dev/null
out=$(psql -X -At -v ON_ERROR_STOP=1 -v VERBOSITY=verbose -d "$db" -c "ALTER EXTENSION service_affair UPDATE TO '0.2.0'" 2>&1)
check "a DBA's NOT VALID check refusing a row: the update runs (was 23514 naming the DBA's row)" \
	"$out|$(dbq "SELECT extversion FROM pg_extension WHERE extname = 'service_affair'")" "ALTER EXTENSION|0.2.0"
check "the DBA's check stays NOT VALID and its row kept, the update's own validated" \
	"$(dbq "SELECT string_agg(c.conname || ' ' || c.convalidated, ', ' ORDER BY c.conname)
	          FROM pg_constraint c WHERE c.conrelid = 'service_affair.setting'::regclass AND c.contype = 'c'")|$(dbq "SELECT value FROM service_affair.setting WHERE name = 'rating.fix_days'")" \
	"dba_fix_days_month false, setting_area true, setting_complaint_days true, setting_credit true, setting_history true, setting_name_check true, setting_rating_days true, setting_rating_names true, setting_settle_days true|60"
check "and it still checks new writes" \
	"$(psql -X -At -v VERBOSITY=verbose -d "$db" -c "UPDATE service_affair.setting SET value = '45' WHERE name = 'rating.fix_days'" 2>&1 | grep -o '^ERROR:  23514: .*')" \
	'ERROR:  23514: new row for relation "setting" violates check constraint "dba_fix_days_month"'
# The same in one transaction: the DBA's check added, then the update run,
# before COMMIT.  Its pg_constraint row is of the update's transaction too
# (xmin), but written before the script began: not the script's.  Until
# 2026-12-05 the update took it for its own and stopped with 23514 naming
# the DBA's row as refused by 0.2.0.
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null
scratch_db sa_setting_upgrade_dba_xact
dbq "CREATE EXTENSION service_affair VERSION '0.1.0'" >/dev/null
dbq "UPDATE service_affair.setting SET value = '60' WHERE name = 'rating.fix_days'" >/dev/null
out=$(psql -X -At -v ON_ERROR_STOP=1 -v VERBOSITY=verbose -d "$db" 2>&1 <<'SQL'
BEGIN;
ALTER TABLE service_affair.setting ADD CONSTRAINT dba_fix_days_month
  CHECK (name <> 'rating.fix_days' OR value::integer <= 30) NOT VALID;
ALTER EXTENSION service_affair UPDATE TO '0.2.0';
COMMIT;
SQL
)
check "a DBA's NOT VALID check added in the update's transaction, before it: the update runs" \
	"$(grep -o '^ERROR:  .*' <<<"$out")|$(dbq "SELECT extversion FROM pg_extension WHERE extname = 'service_affair'")" "|0.2.0"
check "the DBA's check stays NOT VALID, the update's own validated" \
	"$(dbq "SELECT string_agg(c.conname || ' ' || c.convalidated, ', ' ORDER BY c.conname)
	          FROM pg_constraint c WHERE c.conrelid = 'service_affair.setting'::regclass AND c.contype = 'c'")|$(dbq "SELECT value FROM service_affair.setting WHERE name = 'rating.fix_days'")" \
	"dba_fix_days_month false, setting_area true, setting_complaint_days true, setting_credit true, setting_history true, setting_name_check true, setting_rating_days true, setting_rating_names true, setting_settle_days true|60"
[ "$failed" = 0 ]
