#!/usr/bin/env bash
# catalog_entries() of 1493ab2d (licence_in_force(), the ungated EXISTS)
# against the one before it (catalog_entries_old, from 1493ab2d^), in one
# database: an item with 5 typed materials and a form; applicants with no
# licence (None), 5 valid licences (Valid), and 5 licences whose last day
# was yesterday on cn but still runs on a calendar at UTC-12 (Lastday: the
# path through licence_ended()).  µs per call, 3000 calls, 4 rounds.
#   bench/licences/ended_ab.sh
source "$(dirname "$0")/../../tools/cluster.sh"
cd "$SA_TOP"
sa_build
sa_cluster_start
trap 'sa_cluster_stop' EXIT
sa_createdb sa_bx service_affair
old=$(mktemp)
git show 1493ab2d^:sql/parts/45_assess.sql | awk '/^CREATE FUNCTION service_affair\.catalog_entries\(/ {on=1} on {print} on && /^END;$/ {on=0}' |
	sed 's/service_affair\.catalog_entries(/service_affair.catalog_entries_old(/; s/\bcatalog_entries\.\([a-z_]*\)/catalog_entries_old.\1/g' > "$old"
psql -X -q -d sa_bx -v ON_ERROR_STOP=1 -f bench/licences/ended_setup.sql -f "$old"
rm -f "$old"
psql -X -d sa_bx -c "SELECT who, (SELECT count(*) FROM service_affair.catalog_entries('bx_i', (SELECT id FROM service_affair.applicant WHERE name = who), 'person', now()) WHERE flags & 8 <> 0) AS new_shared,
  (SELECT count(*) FROM service_affair.catalog_entries_old('bx_i', (SELECT id FROM service_affair.applicant WHERE name = who), 'person', now()) WHERE flags & 8 <> 0) AS old_shared FROM unnest(ARRAY['None','Valid','Lastday']) who"
for r in 1 2 3 4; do
	psql -X -At -d sa_bx -c "SELECT 'round $r ' || string_agg(who || ': new ' || public.tm_new(who, 3000) || ' old ' || public.tm_old(who, 3000), '; ') FROM unnest(ARRAY['None','Valid','Lastday']) who"
done
