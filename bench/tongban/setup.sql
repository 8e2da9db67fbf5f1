-- The data of the tongban benchmark (bench/tongban/run.sh, 2026-12-03):
-- :n cases received at the service points of two counties (象山 330225, 80%
-- of the cases; 宁海 330226, 20%), submitted 2026-01-05 .. 2026-11-30, with
-- the 代收代办 legs of those handled elsewhere, then the same rows copied
-- into plain tables of an analyst's own (schema analyst: no trigger, no
-- RLS, no CHECK, no partitions; primary keys only).
--
-- The mix (per case, from hashes of its number):
--   point     89.5% the county centre of its county (87.5% at the window,
--             2% at the kiosk in the centre), 4% a town centre (18 a
--             county), 2% a village point (3 a town), 1.5% a bank branch
--             (6 a county), 1% a kiosk in a town centre, 1% a mobile unit
--             (channel mobile), 1% a village point by an agent (象山 only:
--             宁海's go to the centre's window)
--   item      30% a company item (competence: the company's region, 5% of
--             them in the other county: 异地), 50% a social item
--             (competence: the receiving point's region), 20% an item
--             without basic code (象山's department; 宁海 gets the social one)
--   status    4% returned at the window (never accepted); of the rest,
--             cases submitted before September (UTC) are concluded,
--             delivered and settled (in the month partitions of
--             cases_settled and case_leg_settled, made by history_month()
--             as settle_cases() makes them, ids carrying their month as
--             submit() makes them); the later ones open: 30% accepted,
--             70% concluded (delivered when submitted before November or
--             for half of November's)
--   legs      a forward leg for every accepted case received anywhere but
--             the county centre of its competent region (or the kiosk in
--             it): ~10% of the cases; due 2 working days after the local
--             day of acceptance (add_workdays, calendar cn); originals
--             received 1 day after (85%: on time) or 8 days after (15%:
--             late, but near a long holiday), except 40% of the legs of
--             still-accepted cases (on the way); 1.5% of the legs of
--             delivered cases (of the late ones) closed at the delivery as
--             not received (case_leg.not_received, since 2026-12-05); a
--             return leg for every concluded forwarded case, closed at
--             delivery.
-- Written directly as the superuser with session_replication_role =
-- replica (no trigger, no foreign-key check; the CHECKs hold: the rows are
-- consistent by construction), as bench/calendar/edit.sql loads cases.
\set ON_ERROR_STOP on
SET search_path = service_affair, public;
SET jit = off;
\timing on
INSERT INTO department (code, name, region) VALUES
    ('TB_MKT', 'Bench 象山 market', '330225'), ('TB_SOC', 'Bench 象山 social', '330225'),
    ('TB_NH_MKT', 'Bench 宁海 market', '330226'), ('TB_NH_SOC', 'Bench 宁海 social', '330226');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, basic_code, tongban_scope, competence) VALUES
    ('tb_company', 'Bench company change (象山)', 'TB_MKT', 'promised', 20, 10, 'TB-CO', 'city', 'company'),
    ('tb_nh_company', 'Bench company change (宁海)', 'TB_NH_MKT', 'promised', 20, 10, 'TB-CO', 'city', 'company'),
    ('tb_social', 'Bench social insurance (象山)', 'TB_SOC', 'promised', 20, 5, 'TB-SOC', 'county', 'receiving'),
    ('tb_nh_social', 'Bench social insurance (宁海)', 'TB_NH_SOC', 'promised', 20, 5, 'TB-SOC', 'county', 'receiving'),
    ('tb_other', 'Bench certificate (象山, no basic code)', 'TB_SOC', 'promised', 20, 5, NULL, 'none', 'receiving');
INSERT INTO item_implementation VALUES
    ('TB-CO', '330225', 'tb_company'), ('TB-CO', '330226', 'tb_nh_company'),
    ('TB-SOC', '330225', 'tb_social'), ('TB-SOC', '330226', 'tb_nh_social');
-- the network of each county: a centre with a kiosk in it, 18 town centres
-- (each with 3 village points and a kiosk), 6 bank branches, 2 mobile units
INSERT INTO service_point (code, name, level, region, town_code, parent)
SELECT x.p || '-C', x.p || ' county centre', 'county', x.r, NULL, NULL FROM (VALUES ('XS', '330225'), ('NH', '330226')) x(p, r);
INSERT INTO service_point (code, name, level, region, town_code, parent)
SELECT x.p || '-K01', x.p || ' kiosk in the centre', 'kiosk', x.r, NULL, x.p || '-C' FROM (VALUES ('XS', '330225'), ('NH', '330226')) x(p, r)
UNION ALL
SELECT x.p || '-T' || lpad(t::text, 2, '0'), x.p || ' town ' || t, 'town', x.r, x.r || (100 + t)::text, NULL
  FROM (VALUES ('XS', '330225'), ('NH', '330226')) x(p, r), generate_series(1, 18) t
UNION ALL
SELECT x.p || '-B0' || b, x.p || ' bank ' || b, 'bank', x.r, x.r || (100 + b)::text, NULL
  FROM (VALUES ('XS', '330225'), ('NH', '330226')) x(p, r), generate_series(1, 6) b
UNION ALL
SELECT x.p || '-M0' || m, x.p || ' mobile unit ' || m, 'mobile', x.r, NULL, NULL
  FROM (VALUES ('XS', '330225'), ('NH', '330226')) x(p, r), generate_series(1, 2) m;
INSERT INTO service_point (code, name, level, region, town_code, parent)
SELECT x.p || '-T' || lpad(t::text, 2, '0') || '-V' || v, x.p || ' town ' || t || ' village ' || v, 'village', x.r,
       x.r || (100 + t)::text || (200 + v)::text, x.p || '-T' || lpad(t::text, 2, '0')
  FROM (VALUES ('XS', '330225'), ('NH', '330226')) x(p, r), generate_series(1, 18) t, generate_series(1, 3) v
UNION ALL
SELECT x.p || '-T' || lpad(t::text, 2, '0') || '-K', x.p || ' town ' || t || ' kiosk', 'kiosk', x.r, NULL,
       x.p || '-T' || lpad(t::text, 2, '0')
  FROM (VALUES ('XS', '330225'), ('NH', '330226')) x(p, r), generate_series(1, 18) t;
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Bench Person');
INSERT INTO agent (resident_id, name, kind, region) VALUES ('11010519491231002X', 'Bench Agent', 'proxy', '330225');

-- every attribute of every case, from hashes of its number
CREATE TEMP TABLE s AS
WITH a AS (
    SELECT g,
           CASE WHEN h1 < 800 THEN 'XS' ELSE 'NH' END AS p,
           CASE WHEN h1 < 800 THEN '330225' ELSE '330226' END AS r,
           h2 AS place, h3, h4, h5, h6, h7, h8, h9, h10, h11, h12, h13, h14
      FROM (SELECT g, (hashint8(g * 16 + 1) & 2147483647) % 1000 AS h1, (hashint8(g * 16 + 2) & 2147483647) % 1000 AS h2,
                   (hashint8(g * 16 + 3) & 2147483647) % 1000 AS h3, (hashint8(g * 16 + 4) & 2147483647) % 1000 AS h4,
                   (hashint8(g * 16 + 5) & 2147483647) % 1000 AS h5, (hashint8(g * 16 + 6) & 2147483647) % 1000 AS h6,
                   (hashint8(g * 16 + 7) & 2147483647) % 330 AS h7, (hashint8(g * 16 + 8) & 2147483647) % 540 AS h8,
                   (hashint8(g * 16 + 9) & 2147483647) % 1000 AS h9, (hashint8(g * 16 + 10) & 2147483647) % 1000 AS h10,
                   (hashint8(g * 16 + 11) & 2147483647) % 1000 AS h11, (hashint8(g * 16 + 12) & 2147483647) % 1000 AS h12,
                   (hashint8(g * 16 + 13) & 2147483647) % 1000 AS h13, (hashint8(g * 16 + 14) & 2147483647) % 1000 AS h14
              FROM generate_series(1, :n) g) h),
b AS (
    SELECT a.*,
           CASE WHEN place < 860 THEN 'centre' WHEN place < 880 THEN 'centre kiosk' WHEN place < 920 THEN 'town'
                WHEN place < 940 THEN 'village' WHEN place < 955 THEN 'bank' WHEN place < 965 THEN 'town kiosk'
                WHEN place < 975 THEN 'mobile' WHEN place >= 990 AND p = 'XS' THEN 'agent' ELSE 'centre' END AS kind,
           'T' || lpad((1 + h3 % 18)::text, 2, '0') AS town,
           CASE WHEN h5 < 300 THEN 'company' WHEN h5 < 800 OR p = 'NH' THEN 'social' ELSE 'other' END AS what,
           timestamptz '2026-01-05 08:30+08' + make_interval(days => h7::int, mins => h8::int) AS sub
      FROM a),
c AS (
    SELECT b.*,
           CASE kind WHEN 'centre' THEN p || '-C' WHEN 'centre kiosk' THEN p || '-K01' WHEN 'town' THEN p || '-' || town
                     WHEN 'village' THEN p || '-' || town || '-V' || (1 + h4 % 3) WHEN 'agent' THEN p || '-' || town || '-V' || (1 + h4 % 3)
                     WHEN 'bank' THEN p || '-B0' || (1 + h3 % 6) WHEN 'town kiosk' THEN p || '-' || town || '-K'
                     ELSE p || '-M0' || (1 + h3 % 2) END AS point,
           CASE kind WHEN 'centre kiosk' THEN 'kiosk' WHEN 'town kiosk' THEN 'kiosk' WHEN 'mobile' THEN 'mobile' ELSE 'window' END AS channel,
           CASE what WHEN 'company' THEN CASE WHEN h6 < 50 THEN CASE r WHEN '330225' THEN '330226' ELSE '330225' END ELSE r END
                     WHEN 'social' THEN r ELSE '330225' END AS competent,
           h9 < 40 AS returned,
           sub < timestamptz '2026-09-01 00:00+00' AS settled
      FROM b),
d AS (
    SELECT c.*,
           CASE what WHEN 'company' THEN CASE competent WHEN '330225' THEN 'tb_company' ELSE 'tb_nh_company' END
                     WHEN 'social' THEN CASE r WHEN '330225' THEN 'tb_social' ELSE 'tb_nh_social' END
                     ELSE 'tb_other' END AS item,
           CASE WHEN returned THEN 'returned' WHEN settled OR h10 >= 300 THEN 'concluded' ELSE 'accepted' END AS status,
           NOT returned AND NOT (kind IN ('centre', 'centre kiosk') AND competent = r) AS forwarded
      FROM c)
SELECT d.*,
       CASE WHEN returned THEN NULL ELSE sub + interval '20 minutes' END AS accepted_at,
       CASE WHEN status = 'concluded' THEN sub + interval '20 minutes' + make_interval(days => 1 + (h12 % 8)::int, hours => 2) END AS concluded_at,
       CASE WHEN status = 'concluded' AND (settled OR sub < timestamptz '2026-11-01 00:00+08' OR h11 < 500)
            THEN sub + interval '20 minutes' + make_interval(days => 2 + (h12 % 8)::int, hours => 3) END AS delivered_at,
       CASE WHEN NOT forwarded THEN NULL
            WHEN status = 'accepted' AND h13 < 400 THEN NULL
            ELSE sub + interval '20 minutes' + CASE WHEN h14 < 850 THEN interval '1 day 3 hours' ELSE interval '8 days' END END AS leg_done_at
  FROM d;
-- originals never received: the delivery closed their leg (42_tongban.sql)
ALTER TABLE s ADD COLUMN not_received boolean NOT NULL DEFAULT false;
UPDATE s SET not_received = true, leg_done_at = delivered_at WHERE forwarded AND delivered_at IS NOT NULL AND h14 >= 985;
-- ids as submit() makes them: case_id(submitted_at, nextval), in order of submission
ALTER TABLE s ADD COLUMN id bigint;
UPDATE s SET id = x.id FROM (SELECT g, case_id(sub, nextval('service_affair.cases_id_seq')) AS id FROM (SELECT g, sub FROM s ORDER BY sub, g) o) x
 WHERE x.g = s.g;
-- the months of the history, made as settle_cases() makes them
SELECT count(history_month(t, m.f)) AS history_partitions_made
  FROM (SELECT DISTINCT month_floor(id) AS f FROM s WHERE settled) m, unnest(ARRAY['cases', 'case_leg']) t;

SET session_replication_role = replica;
INSERT INTO cases (id, service, service_kind, item, department, region, applicant, channel, status, returned,
                   submitted_at, accepted_at, due, calendar, promised_limit, legal_limit, concluded_at, decision,
                   delivered_at, delivery_method, visits, receiving_point, handling_department, agent,
                   competent_region, competence_rule, required_materials, settled)
OVERRIDING SYSTEM VALUE
SELECT s.id, s.item, 'item', s.item, i.department, s.r, ap.id, s.channel, s.status, s.returned,
       s.sub, s.accepted_at, CASE WHEN s.accepted_at IS NOT NULL THEN add_workdays(local_day(s.accepted_at), i.promised_limit) END,
       'cn', i.promised_limit, i.legal_limit, s.concluded_at, CASE WHEN s.status = 'concluded' THEN 'approved' END,
       s.delivered_at, CASE WHEN s.delivered_at IS NOT NULL THEN 'window' END,
       CASE WHEN s.kind IN ('mobile', 'agent') THEN 0 ELSE 1 END + CASE WHEN s.delivered_at IS NOT NULL AND s.kind <> 'agent' THEN 1 ELSE 0 END,
       s.point, i.department, CASE WHEN s.kind = 'agent' THEN ag.id END,
       s.competent, CASE s.what WHEN 'company' THEN 'company' WHEN 'social' THEN 'receiving' END, 3, s.settled
  FROM s JOIN item i ON i.code = s.item CROSS JOIN (SELECT id FROM applicant LIMIT 1) ap CROSS JOIN (SELECT id FROM agent LIMIT 1) ag
 ORDER BY s.id;
INSERT INTO case_leg (case_id, leg, point, opened_at, due, forward_days, calendar, done_at, done_by, settled, not_received)
SELECT s.id, 'forward', s.point, s.accepted_at, add_workdays(local_day(s.accepted_at), 2), 2, 'cn', s.leg_done_at,
       CASE WHEN s.leg_done_at IS NOT NULL THEN 'bench' END, s.settled, s.not_received
  FROM s WHERE s.forwarded
UNION ALL
SELECT s.id, 'return', s.point, s.concluded_at, add_workdays(local_day(s.concluded_at), 2), 2, 'cn',
       s.delivered_at, CASE WHEN s.delivered_at IS NOT NULL THEN 'bench' END, s.settled, false
  FROM s WHERE s.forwarded AND s.status = 'concluded'
 ORDER BY 1, 2;
SET session_replication_role = origin;
DROP TABLE s;

-- the analyst's own copy: the same rows and columns in plain tables
-- (CREATE TABLE AS: no CHECK, trigger, policy or partition), a primary key
-- on each as anyone would add
CREATE SCHEMA analyst;
CREATE TABLE analyst.cases AS SELECT * FROM service_affair.cases ORDER BY id;
ALTER TABLE analyst.cases ADD PRIMARY KEY (id);
CREATE TABLE analyst.case_leg AS SELECT * FROM service_affair.case_leg ORDER BY case_id, leg;
ALTER TABLE analyst.case_leg ADD PRIMARY KEY (case_id, leg);
CREATE TABLE analyst.service_point AS SELECT * FROM service_affair.service_point ORDER BY code;
ALTER TABLE analyst.service_point ADD PRIMARY KEY (code);
CREATE TABLE analyst.item AS SELECT * FROM service_affair.item ORDER BY code;
ALTER TABLE analyst.item ADD PRIMARY KEY (code);
CREATE TABLE analyst.department AS SELECT * FROM service_affair.department ORDER BY code;
ALTER TABLE analyst.department ADD PRIMARY KEY (code);
VACUUM ANALYZE;
\timing off

SELECT count(*) AS cases, count(*) FILTER (WHERE settled) AS settled, count(*) FILTER (WHERE receiving_point IS NOT NULL) AS at_points,
       count(*) FILTER (WHERE status = 'returned') AS returned, count(*) FILTER (WHERE status = 'accepted') AS accepted,
       count(*) FILTER (WHERE status = 'concluded') AS concluded, count(*) FILTER (WHERE agent IS NOT NULL) AS by_agent,
       count(*) FILTER (WHERE region <> competent_region) AS other_region
  FROM service_affair.cases;
SELECT leg, settled, count(*) AS legs, count(*) FILTER (WHERE done_at IS NULL) AS open,
       count(*) FILTER (WHERE local_day(done_at) <= due) AS done_on_time, count(*) FILTER (WHERE local_day(done_at) > due) AS done_late
  FROM service_affair.case_leg GROUP BY leg, settled ORDER BY leg, settled;
SELECT round(100.0 * (SELECT count(*) FROM service_affair.case_leg WHERE leg = 'forward') / (SELECT count(*) FROM service_affair.cases), 1)
       AS forwarded_pct;
SELECT c.relname, c.reltuples::bigint AS rows, pg_size_pretty(pg_relation_size(c.oid)) AS heap
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname IN ('service_affair', 'analyst') AND c.relkind = 'r' AND c.relname ~ '^(cases|case_leg)' AND c.reltuples > 0
 ORDER BY n.nspname, c.relname;
