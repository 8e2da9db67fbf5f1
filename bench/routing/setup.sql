-- Routing benchmark data: one department and item, an applicant, and
-- (:cases) accepted cases spread over 2026 with their stored due dates
-- (bulk-loaded with session_replication_role = replica: no routing trigger,
-- since case_sla reads only cases), plus (:tasks) open tasks of
-- (:tasks) open tasks in each of two queues for the claim/complete runs
-- (routed normally by the acceptance trigger).
\set ON_ERROR_STOP on
SET search_path = service_affair, public;
SELECT setseed(0.25);
INSERT INTO department (code, name, region) VALUES ('BR_D', 'Bench department', '330225'),
  ('BR_Q', 'Bench queue (API)', '330225'), ('BR_P', 'Bench queue (plain SQL)', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit)
VALUES ('br_item', 'Bench item', 'BR_D', 'promised', 20, 10), ('br_q', 'Queue item', 'BR_Q', 'promised', 20, 5),
       ('br_p', 'Plain queue item', 'BR_P', 'promised', 20, 5);
UPDATE item SET online = true WHERE code LIKE 'br\_%';
INSERT INTO material (item, code, name) VALUES ('br_item', 'form', 'Form'), ('br_q', 'form', 'Form'), ('br_p', 'form', 'Form');
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '330225198503120049', 'Bench Person');

SET session_replication_role = replica;
INSERT INTO cases (service, service_kind, item, department, applicant, channel, status, returned,
                   submitted_at, accepted_at, due, calendar, promised_limit, legal_limit)
SELECT 'br_item', 'item', 'br_item', 'BR_D', a.id, 'online', 'accepted', false, t, t,
       add_workdays(local_day(t), 10), 'cn', 10, 20
  FROM (SELECT id FROM applicant WHERE name = 'Bench Person') a,
       LATERAL (SELECT timestamptz '2026-01-01 09:00+08' + random() * interval '360 days' AS t
                  FROM generate_series(1, :cases)) g;
RESET session_replication_role;
-- a few suspended ones, as in life
UPDATE cases SET suspended = true WHERE id % 100 = 0;

-- the work queue: routed by the C trigger at acceptance
SELECT count(submit(s, (SELECT id FROM applicant WHERE name = 'Bench Person'), '{form}', 'online', '{}',
                    timestamptz '2026-03-02 09:00+08' + g * interval '1 minute')) AS queued
  FROM generate_series(1, :tasks) g, unnest(ARRAY['br_q', 'br_p']) s;
VACUUM ANALYZE;
