#!/usr/bin/env bash
# Visits recorded under 0.1.0 and moved after the update to 0.2.0 (a review
# of 2026-12-07): since that day a late completing supplement or a late
# conclusion moves a visit by the count its event records (detail.counted),
# which a 0.1.0 event lacks; such an event is counted at the point as it
# stands (contact_point() of the case's receiving point: none under 0.1.0,
# one visit, as 0.1.0 counted it).  The same calls in a 0.1.0 database then
# updated, and in a fresh 0.2.0 one, give the same visits, visits before the
# acceptance and visits of the collection, and the values the times say.
# Uses the running cluster named by PGHOST/PGPORT/PGUSER.  Prints TAP.
set -u
source "$(dirname "$0")/lib/tap.sh"
OLDDB=sa_visit_upgrade_old
NEWDB=sa_visit_upgrade_new
q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $OLDDB" -c "DROP DATABASE IF EXISTS $NEWDB" \
	-c "CREATE DATABASE $OLDDB" -c "CREATE DATABASE $NEWDB" >/dev/null
trap 'q -d postgres -c "DROP DATABASE IF EXISTS $OLDDB" -c "DROP DATABASE IF EXISTS $NEWDB" >/dev/null 2>&1' EXIT
echo "1..6"

# Before the update: r returned at submission (the photo missing), two
# visits recorded while returned (12:00, 14:00); a accepted at submission,
# a visit recorded while accepted (15:00).
before() {
	q -d "$1" <<'SQL'
SET search_path = service_affair, pg_catalog;
INSERT INTO department (code, name, region) VALUES ('VU', 'Visit upgrade', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit)
VALUES ('vu_r', 'Returned first', 'VU', 'promised', 20, 5), ('vu_a', 'Accepted', 'VU', 'promised', 20, 5);
INSERT INTO material (item, code, name) VALUES ('vu_r', 'form', 'Form'), ('vu_r', 'photo', 'Photo'), ('vu_a', 'form', 'Form');
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'VU Person');
CREATE TABLE public.vu_case (name text PRIMARY KEY, id bigint);
INSERT INTO public.vu_case
SELECT v.n, submit(v.s, (SELECT id FROM applicant WHERE name = 'VU Person'), '{form}', 'window', '{}', '2026-11-18 10:00+08')
  FROM (VALUES ('a', 'vu_a'), ('r', 'vu_r')) v(n, s) ORDER BY v.n;
SELECT record_visit((SELECT id FROM public.vu_case WHERE name = 'r'), '2026-11-18 12:00+08', 'question');
SELECT record_visit((SELECT id FROM public.vu_case WHERE name = 'r'), '2026-11-18 14:00+08', 'question');
SELECT record_visit((SELECT id FROM public.vu_case WHERE name = 'a'), '2026-11-18 15:00+08', 'collect');
SQL
}
# After it: r's photo supplied, dated 11:00 (before both visits: they
# were made after the acceptance), then decided, dated 13:00 (the 14:00
# visit came after the conclusion: a collection); a decided, dated 14:30
# (its 15:00 visit: a collection).
after() {
	q -d "$1" <<'SQL'
SET search_path = service_affair, pg_catalog;
SELECT supplement((SELECT id FROM public.vu_case WHERE name = 'r'), '{photo}', '2026-11-18 11:00+08', 'online');
SELECT complete_task((SELECT t.id FROM task t JOIN public.vu_case k ON k.id = t.case_id WHERE k.name = 'r'), 'approved', '2026-11-18 13:00+08');
SELECT complete_task((SELECT t.id FROM task t JOIN public.vu_case k ON k.id = t.case_id WHERE k.name = 'a'), 'approved', '2026-11-18 14:30+08');
SQL
}
rows() {
	q -d "$1" -c "SELECT string_agg(concat_ws(' ', k.name, c.status, c.visits, c.visits_before_acceptance, c.visits_collection), '; ' ORDER BY k.name)
	                FROM public.vu_case k JOIN service_affair.cases c ON c.id = k.id"
}

st=0
q -d "$OLDDB" -c "CREATE EXTENSION service_affair VERSION '0.1.0'" >/dev/null && before "$OLDDB" >/dev/null || st=1
tap $st "0.1.0: a returned and an accepted case, visits recorded on each"
check "0.1.0's visit events have no counted" \
	"$(q -d "$OLDDB" -c "SELECT count(*) FILTER (WHERE e.detail ? 'counted') || '/' || count(*) FROM service_affair.case_event e WHERE e.kind = 'visit'")" "0/3"
check "the update to 0.2.0 runs" "$(q -d "$OLDDB" -c "SET client_min_messages = warning" -c "ALTER EXTENSION service_affair UPDATE TO '0.2.0'" 2>&1)" ""
st=0
after "$OLDDB" >/dev/null || st=1
q -d "$NEWDB" -c "CREATE EXTENSION service_affair" >/dev/null && before "$NEWDB" >/dev/null && after "$NEWDB" >/dev/null || st=1
tap $st "the late supplement and conclusions run in the updated database and in a fresh 0.2.0 one"
# r: 3 visits (the submission's, two recorded), one before the acceptance
# (the submission's), one of the collection (14:00); a: 2 visits (the
# submission's, one recorded), none before the acceptance, one of the
# collection (15:00)
check "updated: the visits of 0.1.0 moved by the count 0.1.0 gave them" "$(rows "$OLDDB")" \
	"a concluded 2 0 1; r concluded 3 1 1"
check "updated and fresh: the same counts" "$(rows "$OLDDB")" "$(rows "$NEWDB")"
[ $failed = 0 ]
