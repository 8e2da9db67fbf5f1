-- Routing benchmark data: one department and item, an applicant, and
-- (:cases) accepted cases spread over 2026 with their stored due dates
-- (bulk-loaded with session_replication_role = replica: no routing trigger,
-- since case_sla reads only cases), plus (:tasks) open tasks in each of two
-- queues for the claim/complete runs (routed normally by the acceptance
-- trigger), plus, through the API (submit(), then suspend() of its task),
-- (:suspended) cases of one item suspended, default :cases / 1000 (0.1% of
-- the bulk cases; about two in three before their due, the rest after it,
-- all running as of sla.sql's 2026-06-15), plus (:bundles) open cases of
-- a bundle of three items in two stages (two tasks open, one waiting),
-- default :cases / 250 (0.4%), none suspended (bench/routing/sla_bundle.sh
-- suspends some).  Until 2026-12-05 1% of the bulk cases were marked
-- `suspended` with no task at all, a state no call produces.
\set ON_ERROR_STOP on
\if :{?suspended}
\else
SELECT :cases / 1000 AS suspended \gset
\endif
\if :{?bundles}
\else
SELECT :cases / 250 AS bundles \gset
\endif
SET search_path = service_affair, public;
SELECT setseed(0.25);
INSERT INTO department (code, name, region) VALUES ('BR_D', 'Bench department', '330225'),
  ('BR_Q', 'Bench queue (API)', '330225'), ('BR_P', 'Bench queue (plain SQL)', '330225'),
  ('BR_S', 'Bench suspensions', '330225'), ('BR_B1', 'Bench bundle, first item', '330225'),
  ('BR_B2', 'Bench bundle, second item', '330225'), ('BR_B3', 'Bench bundle, second stage', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit)
VALUES ('br_item', 'Bench item', 'BR_D', 'promised', 20, 10), ('br_q', 'Queue item', 'BR_Q', 'promised', 20, 5),
       ('br_p', 'Plain queue item', 'BR_P', 'promised', 20, 5), ('br_s', 'Suspended item', 'BR_S', 'promised', 20, 10),
       ('br_b1', 'Bundle item 1', 'BR_B1', 'promised', 20, 10), ('br_b2', 'Bundle item 2', 'BR_B2', 'promised', 20, 8),
       ('br_b3', 'Bundle item 3', 'BR_B3', 'promised', 20, 5);
UPDATE item SET online = true WHERE code LIKE 'br\_%';
INSERT INTO material (item, code, name)
SELECT code, 'form', 'Form' FROM item WHERE code LIKE 'br\_%';
-- promised limit: 10 (stage 1's longest) + 5 = 15 working days
INSERT INTO bundle (code, name, lead_department) VALUES ('br_bundle', 'Bench bundle', 'BR_B1');
INSERT INTO bundle_item (bundle, item, stage) VALUES ('br_bundle', 'br_b1', 1), ('br_bundle', 'br_b2', 1),
       ('br_bundle', 'br_b3', 2);
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

-- the work queue: routed by the C trigger at acceptance
SELECT count(submit(s, (SELECT id FROM applicant WHERE name = 'Bench Person'), '{form}', 'online', '{}',
                    timestamptz '2026-03-02 09:00+08' + g * interval '1 minute')) AS queued
  FROM generate_series(1, :tasks) g, unnest(ARRAY['br_q', 'br_p']) s;

-- suspended cases, as in life: submitted between 2026-05-04 and 05-25,
-- each task suspended 0-21 days after it opened (a 10-working-day item:
-- about two in three before the due), every one still suspended on
-- 2026-06-15
SELECT count(submit('br_s', (SELECT id FROM applicant WHERE name = 'Bench Person'), '{form}', 'online', '{}',
                    timestamptz '2026-05-04 09:00+08' + (g - 1) * (interval '21 days' / GREATEST(:suspended, 1)))) AS submitted_to_suspend
  FROM generate_series(1, :suspended) g;
SELECT count(suspend(t.id, 'expert_review', t.opened_at + random() * interval '21 days')) AS suspended
  FROM (SELECT t.id, t.opened_at FROM task t WHERE t.department = 'BR_S' ORDER BY t.id) t;

-- bundles: submitted between 2026-05-04 and 06-12, none suspended
SELECT count(submit('br_bundle', (SELECT id FROM applicant WHERE name = 'Bench Person'), '{form}', 'online', '{}',
                    timestamptz '2026-05-04 09:00+08' + (g - 1) * (interval '39 days' / GREATEST(:bundles, 1)))) AS bundles
  FROM generate_series(1, :bundles) g;
VACUUM ANALYZE;
