-- 通办 at the points of the sample county (issue 13, doc/tongban.md): the
-- network, a company of 宁海 changing its registration at a 象山 town centre
-- (全市通办, handled in 宁海, originals forwarded), a resident served at a
-- village point by the town's 代办员, and the refusals.
\pset footer off
SET search_path = service_affair, public;

\echo
\echo '=== the service network of 象山县 (330225) ==='
SELECT level, count(*) AS points, count(*) FILTER (WHERE parent IS NOT NULL) AS with_parent
  FROM service_affair.service_point WHERE region = '330225'
 GROUP BY level ORDER BY array_position('{county,town,village,bank,kiosk,mobile}'::text[], level);
SELECT kind, count(*) AS agents FROM service_affair.agent GROUP BY kind ORDER BY kind;
SELECT tongban_scope, competence, count(*) AS items FROM service_affair.item
 GROUP BY tongban_scope, competence ORDER BY array_position('{none,county,city,province,national}'::text[], tongban_scope), competence;

SELECT a.uscc::text AS uscc, a.name AS org_name FROM service_affair.applicant a
 WHERE a.kind = 'org' AND a.region = '330226' ORDER BY a.id LIMIT 1 \gset
\echo
\echo '=== a 宁海 company at 石浦镇便民服务中心 (XS-T04): 有限责任公司变更登记 ==='
SELECT pg_catalog.array_agg(material) FILTER (WHERE status IN ('missing', 'tolerated')) AS needed
  FROM service_affair.completeness('market_company_change', :'uscc', '{}', '{}', timestamptz '2026-09-28 09:30+08') \gset
SELECT service_affair.submit('market_company_change', :'uscc', COALESCE(:'needed', '{}')::text[], 'window', '{}',
                             timestamptz '2026-09-28 09:30+08', point => 'XS-T04') AS c1 \gset
SELECT id, service, department, region AS received_in, receiving_point, handling_department, competent_region,
       competence_rule, visits
  FROM service_affair.cases WHERE id = :c1;
\echo '--- the originals go to 宁海 within 2 working days of the point''s calendar (case_sla) ---'
SET service_affair.as_of = '2026-09-28 18:00+08';
SELECT case_id, due, forward_due, forward_state FROM service_affair.case_sla WHERE case_id = :c1;
\echo '--- 宁海 records their arrival the next day ---'
SELECT 'received' AS originals FROM service_affair.receive_originals(:c1, timestamptz '2026-09-29 15:00+08');
SELECT case_id, forward_due, forward_state FROM service_affair.case_sla WHERE case_id = :c1;
RESET service_affair.as_of;
SELECT kind, at, detail FROM service_affair.case_event WHERE case_id = :c1 ORDER BY id;

SELECT a.resident_id::text AS rid FROM service_affair.applicant a
 WHERE a.kind = 'person' AND a.region = '330225' ORDER BY a.id LIMIT 1 \gset
SELECT g.resident_id::text AS agent_rid FROM service_affair.agent g WHERE g.point = 'XS-T05' \gset
\echo
\echo '=== 高龄津贴 at a village point of 西周镇, brought by the town''s 代办员 ==='
SELECT pg_catalog.array_agg(material) FILTER (WHERE status IN ('missing', 'tolerated')) AS needed
  FROM service_affair.completeness('civil_elderly_allowance', :'rid', '{}', '{}', timestamptz '2026-09-28 10:00+08') \gset
SELECT service_affair.submit('civil_elderly_allowance', :'rid', COALESCE(:'needed', '{}')::text[], 'window', '{}',
                             timestamptz '2026-09-28 10:00+08', point => 'XS-T05-V03', agent => :'agent_rid') AS c2 \gset
SELECT id, service, receiving_point, competence_rule, visits AS applicant_visits, agent IS NOT NULL AS by_agent
  FROM service_affair.cases WHERE id = :c2;

\echo
\echo '=== the visit rule (visit_kind): where a contact counts as a trip, and 就近办 ==='
SELECT ch AS channel, lv AS level, pl AS parent_level, service_affair.visit_kind(ch, lv, pl, false) AS visit
  FROM (VALUES ('window', 'county', NULL), ('window', 'town', 'county'), ('window', 'village', 'town'),
               ('window', 'bank', NULL), ('kiosk', 'kiosk', 'county'), ('kiosk', 'kiosk', NULL),
               ('window', 'mobile', 'county'), ('online', NULL, NULL), ('door', NULL, NULL)) AS v(ch, lv, pl);

\echo
\echo '=== refusals ==='
\set ON_ERROR_STOP 0
\echo '--- an item accepted at the county centre and its kiosks only, at a village point: 22023 ---'
SELECT service_affair.submit('natres_transfer', :'rid', '{}', 'window', point => 'XS-T05-V03');
\echo '--- 全市通办 at a point outside the city: 22023 naming the scope ---'
INSERT INTO service_affair.service_point (code, name, level, region) VALUES ('HZ-C', '杭州市上城区行政服务中心', 'county', '330102');
SELECT service_affair.submit('market_company_change', :'uscc', '{}', 'window', point => 'HZ-C');
DELETE FROM service_affair.service_point WHERE code = 'HZ-C';
\set ON_ERROR_STOP 1
