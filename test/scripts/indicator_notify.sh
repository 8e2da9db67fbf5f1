#!/usr/bin/env bash
# The visit-promise warning (issue 16): a case whose visits from acceptance
# to collection first exceed its service's max_visits NOTIFYs
# service_affair_visits once, with a JSON payload; visits before acceptance
# never do.  NOTIFY is delivered at commit, so this runs in one psql session
# in autocommit mode (pgTAP runs inside a rolled-back transaction).  Prints TAP.
set -u
DB=sa_indicator_notify
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
PGOPTIONS="-c client_min_messages=warning" psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
echo "1..7"
out=$(psql -X -q -v ON_ERROR_STOP=1 -d "$DB" 2>&1 <<'SQL'
CREATE EXTENSION service_affair;
SET search_path = service_affair;
INSERT INTO department (code, name, region) VALUES ('NV', 'Notify', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online) VALUES
  ('nv_one', 'One visit', 'NV', 'promised', 20, 5, 1, true),
  ('nv_zero', 'Zero visit', 'NV', 'promised', 20, 5, 0, true);
INSERT INTO material (item, code, name) VALUES ('nv_one', 'form', 'Form'), ('nv_zero', 'form', 'Form');
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Notify Person');
SELECT id AS p FROM applicant \gset
LISTEN service_affair_visits;
\echo STEP returned-at-window
SELECT submit('nv_one', :p, '{}', 'window', '{}', '2026-07-01 09:00+08') AS c1 \gset
SELECT record_visit(:c1, '2026-07-01 10:00+08');
\echo STEP completed-at-window
SELECT supplement(:c1, '{form}', '2026-07-02 09:00+08', 'window');
\echo STEP second-visit
SELECT record_visit(:c1, '2026-07-03 09:00+08', 'asked for the result');
\echo STEP third-visit
SELECT record_visit(:c1, '2026-07-04 09:00+08');
\echo STEP zero-visit-item-at-window
SELECT submit('nv_zero', :p, '{form}', 'window', '{}', '2026-07-05 09:00+08') AS c2 \gset
\echo STEP late-acceptance
SELECT submit('nv_one', :p, '{}', 'window', '{}', '2026-07-06 09:00+08') AS c3 \gset
SELECT record_visit(:c3, '2026-07-06 15:00+08');
SELECT record_visit(:c3, '2026-07-06 16:00+08');
SELECT supplement(:c3, '{form}', '2026-07-06 11:00+08', 'online');
\echo STEP late-visit
SELECT submit('nv_one', :p, '{}', 'window', '{}', '2026-07-08 09:00+08') AS c4 \gset
SELECT supplement(:c4, '{form}', '2026-07-08 11:00+08', 'window');
SELECT record_visit(:c4, '2026-07-08 10:00+08', 'recorded after the acceptance');
SELECT visits || '/' || visits_before_acceptance AS c4_visits FROM cases WHERE id = :c4 \gset
\echo STEP end :c4_visits
SQL
)
rc=$?
ok $rc "the scenario runs"
between() { printf '%s\n' "$out" | sed -n "/STEP $1/,/STEP $2/p" | grep -c 'Asynchronous notification "service_affair_visits"'; }
[ "$(between returned-at-window completed-at-window)" = 0 ]
ok $? "visits while the materials are incomplete (a returned window submission, a recorded visit) notify nothing"
[ "$(between completed-at-window second-visit)" = 0 ]
ok $? "the visit that completes the materials is the first of the promise: within max_visits 1, no warning"
[ "$(between second-visit third-visit)" = 1 ] \
	&& printf '%s\n' "$out" | sed -n '/STEP second-visit/,/STEP third-visit/p' | grep -q '"max_visits": 1, "promise_visits": 2'
ok $? "the second visit of the promise exceeds max_visits 1: one NOTIFY with promise_visits 2 and max_visits 1"
[ "$(between third-visit zero-visit-item-at-window)" = 0 ] && [ "$(between zero-visit-item-at-window late-acceptance)" = 1 ]
ok $? "a third visit does not warn again; a 跑零次 item submitted at the window warns at once"
[ "$(between late-acceptance late-visit)" = 1 ] \
	&& printf '%s\n' "$out" | sed -n '/STEP late-acceptance/,/STEP late-visit/p' | grep -q '"max_visits": 1, "promise_visits": 2'
ok $? "an online acceptance recorded after two visits made later than it moves them into the promise: one NOTIFY with promise_visits 2 (until 2026-12-04 none)"
[ "$(between late-visit end)" = 0 ] && printf '%s\n' "$out" | grep -q 'STEP end 3/2'
ok $? "a visit made before the acceptance and recorded after it counts before acceptance and warns of nothing (until 2026-12-04 a NOTIFY of a breach that was none)"
PGOPTIONS="-c client_min_messages=warning" psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB"
