-- Growth-curve benchmark on the partitioned schema (doc/scale.md, "Slice 4:
-- the growth curve on the partitioned schema"): history cases :from .. :to
-- loaded the way settle_cases() leaves them, settled = true in the month
-- partitions of <t>_settled.  The same cases as history.sql (concluded,
-- delivered, rated for half; :monthly cases a month going back from October
-- 2026, case g in the month 2026-10 minus (g - 1) / :monthly months), with
-- ids that carry their month as submit() makes them: the case id is
-- case_id(submitted_at, nextval of cases_id_seq), the task's and the rating's
-- month_id(case id, nextval of their sequence), so every row falls in the
-- range of its month.  The months are made first, by history_month(), one
-- call per table per month, as settle_cases() makes them (key and indexes of
-- the history); then the rows are written in bulk into the parents with
-- settled = true (superuser, session_replication_role = replica: no
-- triggers, no FK checks; consistent by construction).  Per case: 4
-- case_material rows, 4 case_event rows (submitted, concluded, delivered and
-- the settled event settle_cases() appends, 90 quiet days after delivery),
-- 1 done task, a rating for one case in two.
\set ON_ERROR_STOP on
SET search_path = service_affair, public;
BEGIN;
SET LOCAL session_replication_role = replica;
CREATE TEMP TABLE h ON COMMIT DROP AS
SELECT g, case_id(sub, nextval('service_affair.cases_id_seq')) AS id, sub,
       sub + make_interval(hours => 24 + (g % 200)::int) AS con, 1 + g % 1000 AS applicant
  FROM (SELECT g, timestamptz '2026-10-01 00:00+08' - make_interval(months => ((g - 1) / :monthly)::int)
                  + make_interval(secs => ((hashint8(g) & 2147483647) % (28 * 86400))::int) AS sub
          FROM generate_series(:from::bigint, :to::bigint) g ORDER BY g) s;
-- the months of the five tables this history fills (task and rating ids
-- carry their case's month: the same floors)
SELECT count(history_month(t, m.f)) AS months_made
  FROM (SELECT DISTINCT month_floor(id) AS f FROM h) m,
       unnest(ARRAY['cases', 'case_material', 'case_event', 'task', 'rating']) t;
INSERT INTO cases (id, service, service_kind, item, department, region, applicant, channel, status, returned,
                   submitted_at, accepted_at, due, calendar, promised_limit, legal_limit, concluded_at, decision,
                   delivered_at, delivery_method, visits, handling_department, competent_region, required_materials,
                   settled)
OVERRIDING SYSTEM VALUE
SELECT h.id, 'sc_item', 'item', 'sc_item', 'SC_D', '330225', h.applicant,
       (ARRAY['window', 'online', 'mobile', 'kiosk'])[1 + g % 4], 'concluded', false,
       sub, sub, (sub AT TIME ZONE 'Asia/Shanghai')::date + 14, 'cn', 10, 20, con, 'approved',
       con + interval '1 day', 'electronic', (g % 4 = 0)::int, 'SC_D', '330225', 4, true
  FROM h ORDER BY h.id;
INSERT INTO case_material (case_id, material, name, required, initial_status, status, supplied_at, settled)
SELECT h.id, 'm' || j, 'Material ' || j, true, 'present', 'present', h.sub, true
  FROM h, generate_series(1, 4) j ORDER BY h.id, j;
INSERT INTO case_event (case_id, at, actor, kind, from_status, to_status, detail, settled)
SELECT h.id, e.at, e.actor, e.kind, e.f, e.t, e.d, true
  FROM h, LATERAL (VALUES (1, h.sub, 'sa_clerk'::name, 'submitted', NULL, 'accepted', jsonb_build_object('channel', 'online', 'materials', '{m1,m2,m3,m4}'::text[])),
                          (2, h.con, 'sa_clerk', 'concluded', 'accepted', 'concluded', '{"decision": "approved"}'::jsonb),
                          (3, h.con + interval '1 day', 'sa_clerk', 'delivered', 'concluded', 'concluded', '{"method": "electronic"}'::jsonb),
                          (4, h.con + interval '91 days', 'sa_admin', 'settled', 'concluded', 'concluded', '{"quiet_days": 90}'::jsonb)) e(k, at, actor, kind, f, t, d)
 ORDER BY h.id, e.k;
INSERT INTO task (id, case_id, item, department, stage, status, calendar, limit_days, extension_limit, opened_at, due,
                  assignee, claimed_at, decision, finished_at, settled)
OVERRIDING SYSTEM VALUE
SELECT month_id(h.id, nextval('service_affair.task_id_seq')), h.id, 'sc_item', 'SC_D', 1, 'done', 'cn', 10, 10, h.sub,
       (h.sub AT TIME ZONE 'Asia/Shanghai')::date + 14, 'clerk', h.sub + interval '1 hour', 'approved', h.con, true
  FROM h ORDER BY h.id;
INSERT INTO rating (id, case_id, level, channel, at, rater, settled)
OVERRIDING SYSTEM VALUE
SELECT month_id(h.id, nextval('service_affair.rating_id_seq')), h.id, 1 + h.g % 5, 'online', h.con + interval '2 days', h.applicant, true
  FROM h WHERE h.g % 2 = 0 ORDER BY h.id;
COMMIT;
