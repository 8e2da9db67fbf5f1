#!/usr/bin/env bash
# bench/indicators/long_complaints.sh — complaint_facts on long complaints
# (doc/benchmarks.md, "Long complaints"): nothing bounds the events of one
# complaint (doc/complaints.md, "No cap on a complaint's events"), and every
# read of the complaint indicator views computes every complaint's rows.
# For each size N in BENCH_SIZES (default "1 10 100 1000 10000" events per
# complaint), BENCH_EVENTS events in all (default 100,000: 100,000
# complaints of 1 event, ..., 10 of 10,000), rounds of a reply, an
# unsatisfied call-back, a reopening and a transfer to the next of four
# departments, written directly; BENCH_RUNS runs (default 5) alternating
# complaint_indicators with the hand-written query of bench/indicators/
# bench.sql (its complaint template, department level: one window pass over
# complaint_event partitioned by complaint, what a DBA would write), in the
# same session, answers compared (EXCEPT ALL both ways) at every size.
# No case, rating or other load: only the complaint tables.
source "$(dirname "$0")/../../tools/cluster.sh"
cd "$SA_TOP"
SIZES=${BENCH_SIZES:-"1 10 100 1000 10000"}
EVENTS=${BENCH_EVENTS:-100000}
RUNS=${BENCH_RUNS:-5}
sa_build
sa_cluster_start
sa_createdb sa_bench service_affair
# the hand-written query: bench.sql's complaint template, department level
TEMPLATE=$(perl -0ne 'print $1 if /INSERT INTO ctpl VALUES \(\$\$\n(.*?)\$\$\);/s' bench/indicators/bench.sql |
	perl -pe "s/%KEYS%/e.department,/; s/%JOINS%//; s/%GROUP%/1, 2/")
[ -n "$TEMPLATE" ] || sa_die "no complaint template in bench/indicators/bench.sql"
psql -X -q -d sa_bench -v ON_ERROR_STOP=1 <<'SQL'
INSERT INTO service_affair.department (code, name, region) VALUES
  ('D0', 'Long 0', '330225'), ('D1', 'Long 1', '330225'), ('D2', 'Long 2', '330226'), ('D3', 'Long 3', '330226');
SQL
for n in $SIZES; do
	psql -X -q -d sa_bench -v ON_ERROR_STOP=1 -v n="$n" -v events="$EVENTS" -v runs="$RUNS" -v hand="$TEMPLATE" -P pager=off <<'SQL'
SET search_path = service_affair, public;
-- start afresh: the history is append-only by trigger, a bench empties it
-- as the tests do (replica: no user trigger)
SET session_replication_role = replica;
DELETE FROM complaint_event; DELETE FROM complaint;
RESET session_replication_role;
-- complaint i (i = 0 .. events/n - 1): event 1 received (D(i)), 2 assigned
-- to D(i), then rounds r = 0, 1, ...: replied by D(i+r) (on time but every
-- third), call-back unsatisfied, reopened, transferred to D(i+r+1); cut at
-- n events, the complaint's row as its last event left it
CREATE TEMP TABLE ev AS
SELECT i, k, CASE k WHEN 1 THEN 'received' WHEN 2 THEN 'assigned'
                    ELSE (ARRAY['replied', 'callback', 'reopened', 'transferred'])[(k - 3) % 4 + 1] END AS kind,
       'D' || ((i + CASE WHEN k < 3 THEN 0 ELSE (k - 3) / 4 END) % 4) AS dept,
       'D' || ((i + CASE WHEN k < 3 THEN 0 ELSE (k - 3) / 4 END + 1) % 4) AS next_dept,
       timestamptz '2026-03-02 09:00+08' + (i % 200) * interval '1 day' + k * interval '1 minute' AS at
  FROM generate_series(0, :events / :n - 1) i, generate_series(1, :n) k;
INSERT INTO complaint (channel, category, body, received_at, department, status, due, reply_days, calendar,
                       assigned_at, reply, reply_at, replied_on, replied_on_time, reopened_at)
SELECT '12345', 'complaint', 'long', f.at, l.dept_after,
       CASE l.kind WHEN 'received' THEN 'received' WHEN 'assigned' THEN 'assigned' WHEN 'replied' THEN 'replied'
                   ELSE 'reopened' END,
       CASE WHEN l.kind <> 'received' THEN (f.at + interval '7 days')::date END, 5, 'cn',
       CASE WHEN :n > 1 THEN f.at END,
       CASE WHEN l.kind = 'replied' THEN 'reply' END, CASE WHEN l.kind = 'replied' THEN l.at END,
       CASE WHEN l.kind = 'replied' THEN (l.at AT TIME ZONE 'Asia/Shanghai')::date END,
       CASE WHEN l.kind = 'replied' THEN true END, NULL
  FROM (SELECT i, at FROM ev WHERE k = 1) f
  JOIN (SELECT i, kind, at, CASE kind WHEN 'transferred' THEN next_dept ELSE dept END AS dept_after FROM ev WHERE k = :n) l USING (i)
 ORDER BY f.i;
CREATE TEMP TABLE ids AS SELECT row_number() OVER (ORDER BY id) - 1 AS i, id FROM complaint;
INSERT INTO complaint_event (complaint_id, at, kind, to_status, department, to_department, satisfied, on_time, actor)
SELECT ids.id, ev.at, ev.kind, 'x',
       CASE WHEN ev.kind NOT IN ('received', 'assigned') THEN ev.dept END,
       CASE ev.kind WHEN 'received' THEN ev.dept WHEN 'assigned' THEN ev.dept WHEN 'transferred' THEN ev.next_dept END,
       CASE WHEN ev.kind = 'callback' THEN false END,
       CASE WHEN ev.kind = 'replied' THEN ev.k % 3 <> 0 END, 'bench'
  FROM ev JOIN ids USING (i) ORDER BY ev.i, ev.k;
VACUUM ANALYZE complaint; VACUUM ANALYZE complaint_event;
SELECT :n AS events_per_complaint, (SELECT count(*) FROM complaint) AS complaints, (SELECT count(*) FROM complaint_event) AS events \gset
CREATE TEMP TABLE t (what text, run int, ms float8);
CREATE FUNCTION pg_temp.m(what text, r int, q text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz;
BEGIN
    t0 := clock_timestamp();
    EXECUTE 'SELECT count(*) FROM (' || q || ') x';
    INSERT INTO t VALUES (what, r, extract(epoch FROM clock_timestamp() - t0) * 1000);
END $$;
SELECT CASE WHEN n = 0 THEN 'the same answer'
            ELSE 'DIFFERENT ANSWERS: ' || n END AS check
  FROM (SELECT count(*) AS n FROM ((SELECT * FROM complaint_indicators EXCEPT ALL (:hand))
                                   UNION ALL ((:hand) EXCEPT ALL SELECT * FROM complaint_indicators)) d) x \gset
\o /dev/null
SELECT format('SELECT pg_temp.m(%L, %s, %L)', w, r, q)
  FROM generate_series(1, :runs) r,
       (VALUES (1, 'view', 'SELECT * FROM service_affair.complaint_indicators'), (2, 'hand', :'hand')) v(o, w, q)
 ORDER BY r, CASE WHEN r % 2 = 0 THEN -o ELSE o END \gexec
\o
SELECT :n AS events_per_complaint, :complaints AS complaints, :events AS events,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY v.ms)::numeric, 1) AS view_median_ms,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY h.ms)::numeric, 1) AS hand_median_ms,
       round((percentile_cont(0.5) WITHIN GROUP (ORDER BY v.ms / h.ms))::numeric, 3) AS ratio_median,
       round(min(v.ms)::numeric, 1) AS view_min_ms, round(min(h.ms)::numeric, 1) AS hand_min_ms,
       :'check' AS answers
  FROM t v JOIN t h ON h.run = v.run AND h.what = 'hand' WHERE v.what = 'view';
SQL
done
