#!/usr/bin/env bash
# catalog_entries() of 40cc0192 (licence_in_force() on the licence's own
# calendar, licence.calendar) against the one of its parent 266658ff
# (licence_in_force() on the item's calendar, then licence_ended() over every
# calendar), in one database: the setup of ended_ab.sh (an item with 5 typed
# materials and a form; applicants None, Valid, Lastday).  The parent's
# licence_ended(date, timestamptz) and licence_in_force() are loaded as
# licence_ended_old() and licence_in_force_old().  µs per call, 3000 calls,
# 4 rounds.
#   bench/licences/calendar_ab.sh
source "$(dirname "$0")/../../tools/cluster.sh"
cd "$SA_TOP"
sa_build
sa_cluster_start
trap 'sa_cluster_stop' EXIT
sa_createdb sa_bx service_affair
old=$(mktemp)
{
	git show 266658ff:sql/parts/44_licences.sql |
		awk '/^CREATE FUNCTION service_affair\.licence_(ended|in_force)\(/ {on=1} on {print} on && /;$/ {on=0}'
	git show 266658ff:sql/parts/45_assess.sql |
		awk '/^CREATE FUNCTION service_affair\.catalog_entries\(/ {on=1} on {print} on && /^END;$/ {on=0}'
} | sed 's/service_affair\.catalog_entries(/service_affair.catalog_entries_old(/; s/\bcatalog_entries\.\([a-z_]*\)/catalog_entries_old.\1/g;
         s/service_affair\.licence_ended(/service_affair.licence_ended_old(/g; s/service_affair\.licence_in_force(/service_affair.licence_in_force_old(/g' > "$old"
psql -X -q -d sa_bx -v ON_ERROR_STOP=1 -f bench/licences/ended_setup.sql -f "$old"
rm -f "$old"
psql -X -d sa_bx -c "SELECT who, (SELECT count(*) FROM service_affair.catalog_entries('bx_i', (SELECT id FROM service_affair.applicant WHERE name = who), 'person', now()) WHERE flags & 8 <> 0) AS new_shared,
  (SELECT count(*) FROM service_affair.catalog_entries_old('bx_i', (SELECT id FROM service_affair.applicant WHERE name = who), 'person', now()) WHERE flags & 8 <> 0) AS old_shared FROM unnest(ARRAY['None','Valid','Lastday']) who"
for r in 1 2 3 4; do
	psql -X -At -d sa_bx -c "SELECT 'round $r ' || string_agg(who || ': new ' || public.tm_new(who, 3000) || ' old ' || public.tm_old(who, 3000), '; ') FROM unnest(ARRAY['None','Valid','Lastday']) who"
done
