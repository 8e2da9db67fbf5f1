#!/usr/bin/env bash
# Settings across the 0.1.0 -> 0.2.0 update (2026-12-05): 0.2.0 refuses a
# setting name nothing reads (constraints setting_rating_names, setting_area);
# 0.1.0 took it and ignored it, its default staying in force unseen.  The
# update does not take such a row silently (NOT VALID) nor fail on
# PostgreSQL's bare "violated by some row": it stops with 23514 naming every
# row, and runs once the DBA has dealt with them (doc/ratings.md,
# "Settings").  Uses the running cluster named by PGHOST/PGPORT/PGUSER.
# Prints TAP.
set -u
source "$(dirname "$0")/lib/tap.sh"
scratch_db sa_setting_upgrade
echo "1..7"
check "0.1.0 installs" "$(dbq "CREATE EXTENSION service_affair VERSION '0.1.0'")" "CREATE EXTENSION"
check "0.1.0 takes a misspelt rating.* name and a misspelt area" \
	"$(dbq "INSERT INTO service_affair.setting (name, value) VALUES ('rating.fix_day', '5'), ('ratings.callback_days', '2')")" "INSERT 0 2"
out=$(psql -X -At -v ON_ERROR_STOP=1 -v VERBOSITY=verbose -d "$db" -c "ALTER EXTENSION service_affair UPDATE TO '0.2.0'" 2>&1)
check "the update stops with 23514" "$(grep -o 'ERROR:  23514: service_affair.setting holds settings that nothing reads' <<<"$out")" \
	"ERROR:  23514: service_affair.setting holds settings that nothing reads"
check "its detail names every such row, value and constraint" \
	"$(sed -n 's/^DETAIL:  //p' <<<"$out")" \
	"0.1.0 took and ignored these rows, the defaults staying in force: 'ratings.callback_days' = '2' (setting_area), 'rating.fix_day' = '5' (setting_rating_names)."
check "nothing changed: still 0.1.0" "$(dbq "SELECT extversion FROM pg_extension WHERE extname = 'service_affair'")" "0.1.0"
dbq "UPDATE service_affair.setting SET value = '5' WHERE name = 'rating.fix_days';
     DELETE FROM service_affair.setting WHERE name IN ('rating.fix_day', 'ratings.callback_days')" >/dev/null
check "once they are dealt with, the update runs" "$(dbq "ALTER EXTENSION service_affair UPDATE TO '0.2.0'")" "ALTER EXTENSION"
check "the constraints are validated and the value meant kept" \
	"$(dbq "SELECT string_agg(c.conname || ' ' || c.convalidated, ', ' ORDER BY c.conname)
	          FROM pg_constraint c WHERE c.conrelid = 'service_affair.setting'::regclass
	           AND c.conname IN ('setting_area', 'setting_rating_names')")|$(dbq "SELECT value FROM service_affair.setting WHERE name = 'rating.fix_days'")" \
	"setting_area true, setting_rating_names true|5"
[ "$failed" = 0 ]
