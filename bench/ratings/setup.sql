-- Ratings/analyst-view benchmark data: BENCH_CASES cases (default 1,000,000)
-- over 10 departments x 4 items + 2 bundles, submitted over 2026-01..2026-12
-- (Asia/Shanghai), ~4 material rows each, ratings on half the accepted cases.
-- Written directly (as the superuser): the views are measured, not submit().
SET search_path = service_affair, public;
INSERT INTO department (code, name, region)
SELECT 'D' || d, 'Department ' || d, '330225' FROM generate_series(1, 10) d;
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit)
SELECT 'i' || d || '_' || k, 'Item ' || d || '/' || k, 'D' || d,
       CASE WHEN k = 1 THEN 'immediate' ELSE 'promised' END,
       CASE WHEN k = 1 THEN 0 ELSE 20 END, CASE WHEN k = 1 THEN NULL ELSE 3 * k END
  FROM generate_series(1, 10) d, generate_series(1, 4) k;
INSERT INTO bundle (code, name, lead_department, promised_limit) VALUES ('b1', 'Bundle 1', 'D1', 10), ('b2', 'Bundle 2', 'D2', 12);
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Bench Person');

-- bulk load without the routing triggers (tasks play no part in the views)
-- and without the foreign-key checks: the rows are consistent by construction
SET session_replication_role = replica;

CREATE FUNCTION pg_temp.h(i bigint, salt integer) RETURNS integer
    LANGUAGE sql IMMUTABLE AS $$ SELECT abs(hashint8(i * 7919 + salt)) $$;

INSERT INTO cases (service, service_kind, item, bundle, department, applicant, channel, status, returned, tolerated,
                   submitted_at, accepted_at, due, calendar, promised_limit, legal_limit, concluded_at, decision, visits)
SELECT svc, CASE WHEN svc LIKE 'b%' THEN 'bundle' ELSE 'item' END,
       CASE WHEN svc LIKE 'b%' THEN NULL ELSE svc END, CASE WHEN svc LIKE 'b%' THEN svc END,
       CASE svc WHEN 'b1' THEN 'D1' WHEN 'b2' THEN 'D2' ELSE 'D' || split_part(substr(svc, 2), '_', 1) END,
       1, (ARRAY['window', 'online', 'mobile', 'kiosk'])[1 + h8 % 4],
       CASE WHEN acc IS NULL THEN 'returned' WHEN con IS NOT NULL THEN 'concluded' ELSE 'accepted' END,
       ret, acc IS NOT NULL AND h9 % 7 = 0, sub, acc,
       CASE WHEN acc IS NOT NULL THEN (acc AT TIME ZONE 'Asia/Shanghai')::date + h10 % 12 END,
       'cn', CASE WHEN svc LIKE 'b%' THEN 10 WHEN svc LIKE '%\_1' THEN 0 ELSE 3 * (substr(svc, length(svc))::integer) END,
       CASE WHEN svc LIKE 'b%' THEN 40 WHEN svc LIKE '%\_1' THEN 0 ELSE 20 END,
       con, CASE WHEN con IS NOT NULL THEN 'approved' END, h7 % 3
  FROM (SELECT g, svc, sub, ret, h7, h8, h9, h10,
               CASE WHEN ret AND h3 % 10 = 0 THEN NULL WHEN ret THEN sub + interval '2 days' ELSE sub END AS acc,
               CASE WHEN NOT (ret AND h3 % 10 = 0) AND h5 % 5 <> 0
                    THEN sub + make_interval(hours => (h5 % 40) * 5 + CASE WHEN ret THEN 48 ELSE 0 END) END AS con
          FROM (SELECT g,
                       CASE WHEN pg_temp.h(g, 1) % 20 = 0 THEN 'b' || (1 + pg_temp.h(g, 11) % 2)
                            ELSE 'i' || (1 + pg_temp.h(g, 1) % 10) || '_' || (1 + pg_temp.h(g, 12) % 4) END AS svc,
                       '2026-01-01 00:00+08'::timestamptz + make_interval(secs => pg_temp.h(g, 2) % (365 * 86400)) AS sub,
                       pg_temp.h(g, 3) % 5 = 0 AS ret, pg_temp.h(g, 3) AS h3, pg_temp.h(g, 5) AS h5,
                       pg_temp.h(g, 7) AS h7, pg_temp.h(g, 8) AS h8, pg_temp.h(g, 9) AS h9, pg_temp.h(g, 10) AS h10
                  FROM generate_series(1, :cases) g) s) t;

INSERT INTO case_material (case_id, material, name, required, initial_status, status)
SELECT c.id, 'm' || j, 'Material ' || j, j <= 3, st, st
  FROM cases c, generate_series(1, 4) j,
       LATERAL (SELECT (ARRAY['present', 'shared', 'committed', 'present', 'present'])[1 + pg_temp.h(c.id * 5 + j, 12) % 5] AS st) s;

INSERT INTO rating (case_id, level, channel, at, rater, appealed, appeal_reason, appealed_at)
SELECT c.id, 1 + pg_temp.h(c.id, 14) % 5, 'online', c.accepted_at + interval '1 hour', 1,
       pg_temp.h(c.id, 15) % 50 = 0, CASE WHEN pg_temp.h(c.id, 15) % 50 = 0 THEN 'malicious' END,
       CASE WHEN pg_temp.h(c.id, 15) % 50 = 0 THEN c.accepted_at + interval '2 days' END
  FROM cases c WHERE c.accepted_at IS NOT NULL AND pg_temp.h(c.id, 13) % 2 = 0;
INSERT INTO rectification (rating_id, callback_due, fix_due, closed_at, closed_on)
SELECT r.id, d + 1, d + 21, c, (c AT TIME ZONE 'Asia/Shanghai')::date
  FROM rating r, LATERAL (SELECT (r.at AT TIME ZONE 'Asia/Shanghai')::date AS d,
                                 CASE WHEN pg_temp.h(r.id, 16) % 4 = 0 THEN NULL
                                      ELSE r.at + make_interval(days => pg_temp.h(r.id, 17) % 30) END AS c) x
 WHERE r.level <= 2;
SET session_replication_role = origin;
VACUUM ANALYZE cases;
VACUUM ANALYZE case_material;
VACUUM ANALYZE rating;
VACUUM ANALYZE rectification;
