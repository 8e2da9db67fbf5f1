-- Growth-curve benchmark: history cases :from .. :to (concluded, delivered,
-- rated for half), written in bulk the way bench/ratings does (superuser,
-- session_replication_role = replica: no triggers, no FK checks; the rows
-- are consistent by construction).  :monthly cases per month, going back in
-- time from October 2026: case g is submitted in the month
-- 2026-10 minus (g - 1) / :monthly months.  Per case: 4 case_material rows,
-- 3 case_event rows (submitted, task_completed, delivered), 1 done task,
-- a rating for one case in two.
\set ON_ERROR_STOP on
SET search_path = service_affair, public;
BEGIN;
SET LOCAL session_replication_role = replica;
CREATE TEMP TABLE h ON COMMIT DROP AS
SELECT g, sub, sub + make_interval(hours => 24 + (g % 200)::int) AS con, 1 + g % 1000 AS applicant
  FROM (SELECT g, timestamptz '2026-10-01 00:00+08' - make_interval(months => ((g - 1) / :monthly)::int)
                  + make_interval(secs => ((hashint8(g) & 2147483647) % (28 * 86400))::int) AS sub
          FROM generate_series(:from::bigint, :to::bigint) g) s;
CREATE TEMP TABLE hc ON COMMIT DROP AS
WITH ins AS (
INSERT INTO cases (service, service_kind, item, department, region, applicant, channel, status, returned,
                   submitted_at, accepted_at, due, calendar, promised_limit, legal_limit, concluded_at, decision,
                   delivered_at, delivery_method, visits, handling_department, competent_region, required_materials)
SELECT 'sc_item', 'item', 'sc_item', 'SC_D', '330225', h.applicant,
       (ARRAY['window', 'online', 'mobile', 'kiosk'])[1 + g % 4], 'concluded', false,
       sub, sub, (sub AT TIME ZONE 'Asia/Shanghai')::date + 14, 'cn', 10, 20, con, 'approved',
       con + interval '1 day', 'electronic', (g % 4 = 0)::int, 'SC_D', '330225', 4
  FROM h ORDER BY g
RETURNING id, submitted_at AS sub, concluded_at AS con, applicant)
SELECT * FROM ins;
INSERT INTO case_material (case_id, material, name, required, initial_status, status, supplied_at)
SELECT hc.id, 'm' || j, 'Material ' || j, true, 'present', 'present', hc.sub
  FROM hc, generate_series(1, 4) j;
INSERT INTO case_event (case_id, at, actor, kind, from_status, to_status, detail)
SELECT hc.id, e.at, 'sa_clerk', e.kind, e.f, e.t, e.d
  FROM hc, LATERAL (VALUES (hc.sub, 'submitted', NULL, 'accepted', jsonb_build_object('channel', 'online', 'materials', '{m1,m2,m3,m4}'::text[])),
                           (hc.con, 'concluded', 'accepted', 'concluded', '{"decision": "approved"}'::jsonb),
                           (hc.con + interval '1 day', 'delivered', 'concluded', 'concluded', '{"method": "electronic"}'::jsonb)) e(at, kind, f, t, d);
INSERT INTO task (case_id, item, department, stage, status, calendar, limit_days, extension_limit, opened_at, due,
                  assignee, claimed_at, decision, finished_at)
SELECT hc.id, 'sc_item', 'SC_D', 1, 'done', 'cn', 10, 10, hc.sub, (hc.sub AT TIME ZONE 'Asia/Shanghai')::date + 14,
       'clerk', hc.sub + interval '1 hour', 'approved', hc.con
  FROM hc;
INSERT INTO rating (case_id, level, channel, at, rater)
SELECT hc.id, 1 + hc.id % 5, 'online', hc.con + interval '2 days', hc.applicant
  FROM hc WHERE hc.id % 2 = 0;
COMMIT;
