-- The service network of the sample county (issue 13, doc/tongban.md):
-- 象山县's administrative service centre, its 18 town and sub-district
-- centres (便民服务中心, the seeds' "鎮鄉（街道）便民服務中心"), 24 village points
-- (村代办点) under each (432: the documents speak of 400+), three bank
-- branches taking 不动产抵押 and 社保卡 applications, kiosks in the centre, in
-- three town centres and one in a shopping mall, a mobile unit; one 代办员 per
-- town centre, a bank agent and a door-to-door (上门服务) team.
-- 通办 items: the implementation list gives every region's item a basic code
-- (基本编码); neighbouring 宁海县 (330226) implements two of them, so that a
-- company registered in 宁海 can change its registration in 象山 (全市通办) and
-- a 宁海 resident can apply for a social security card anywhere (跨省通办).
-- Town codes follow the pattern of GB/T 10114 statistical codes (county code
-- + 3 digits, villages + 3 more); they are illustrative, not the official list.
SET search_path = service_affair, public;

-- ---- points ---------------------------------------------------------------------------
INSERT INTO service_point (code, name, level, region, town_code, parent) VALUES
    ('XS-C', '象山县行政服务中心', 'county', '330225', NULL, NULL);

INSERT INTO service_point (code, name, level, region, town_code, parent)
SELECT pg_catalog.format('XS-T%s', pg_catalog.lpad(t.n::text, 2, '0')), t.name || '便民服务中心', 'town', '330225',
       '330225' || t.code, 'XS-C'
  FROM (VALUES (1, '丹东街道', '001'), (2, '丹西街道', '002'), (3, '爵溪街道', '003'),
               (4, '石浦镇', '100'), (5, '西周镇', '101'), (6, '鹤浦镇', '102'), (7, '贤庠镇', '103'),
               (8, '墙头镇', '104'), (9, '泗洲头镇', '105'), (10, '定塘镇', '106'), (11, '涂茨镇', '107'),
               (12, '大徐镇', '108'), (13, '新桥镇', '109'), (14, '东陈乡', '200'), (15, '晓塘乡', '201'),
               (16, '黄避岙乡', '202'), (17, '茅洋乡', '203'), (18, '高塘岛乡', '204')) AS t(n, name, code);

INSERT INTO service_point (code, name, level, region, town_code, parent)
SELECT pg_catalog.format('%s-V%s', t.code, pg_catalog.lpad(v.n::text, 2, '0')),
       pg_catalog.replace(t.name, '便民服务中心', '') || '第' || v.n || '村代办点', 'village', '330225',
       t.town_code || pg_catalog.lpad((200 + v.n)::text, 3, '0'), t.code
  FROM service_point t, pg_catalog.generate_series(1, 24) AS v(n)
 WHERE t.level = 'town';

INSERT INTO service_point (code, name, level, region, town_code, parent) VALUES
    ('XS-B01', '象山农商银行丹城支行', 'bank', '330225', '330225001', NULL),
    ('XS-B02', '象山农商银行石浦支行', 'bank', '330225', '330225100', NULL),
    ('XS-B03', '宁波银行象山西周支行', 'bank', '330225', '330225101', NULL),
    ('XS-K01', '县中心大厅自助服务区', 'kiosk', '330225', NULL, 'XS-C'),
    ('XS-K04', '石浦镇便民服务中心自助机', 'kiosk', '330225', '330225100', 'XS-T04'),
    ('XS-K05', '西周镇便民服务中心自助机', 'kiosk', '330225', '330225101', 'XS-T05'),
    ('XS-K12', '大徐镇便民服务中心自助机', 'kiosk', '330225', '330225108', 'XS-T12'),
    ('XS-K90', '天安路商场自助机', 'kiosk', '330225', '330225001', NULL),
    ('XS-M01', '流动服务车', 'mobile', '330225', NULL, 'XS-C'),
    ('NH-C', '宁海县行政服务中心', 'county', '330226', NULL, NULL);

-- ---- agents ---------------------------------------------------------------------------
CREATE FUNCTION pg_temp.gb11643_check(body text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT substr('10X98765432', (sum(substr(body, k::integer, 1)::integer * w) % 11)::integer + 1, 1)
            FROM unnest('{7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2}'::integer[]) WITH ORDINALITY AS t(w, k) $$;
INSERT INTO agent (resident_id, name, kind, region, point)
SELECT (a.b || pg_temp.gb11643_check(a.b))::resident_id, a.name, a.kind, '330225', a.point
  FROM (SELECT pg_catalog.format('33022519%s0101%s', 70 + n, pg_catalog.lpad((500 + 2 * n)::text, 3, '0')) AS b,
               '代办员' || n AS name, 'proxy' AS kind, pg_catalog.format('XS-T%s', pg_catalog.lpad(n::text, 2, '0')) AS point
          FROM pg_catalog.generate_series(1, 18) AS n
        UNION ALL SELECT '33022519880808701', '农商银行代办员', 'bank', 'XS-B01'
        UNION ALL SELECT '33022519900909702', '上门服务专员', 'door', NULL::text) AS a;

-- ---- 通办 items -------------------------------------------------------------------------
-- basic codes (基本编码) of the province's list, one per item of the county
-- (not the 宁海 copies of demo/13_second_region.sql: 宁海's implementations are below)
UPDATE item SET basic_code = 'ZJ-' || pg_catalog.upper(pg_catalog.replace(code, '_', '-')) WHERE code NOT LIKE 'nh\_%';
-- 全县通办: small matters handled near home (小事不出村): any point of the county
UPDATE item SET tongban_scope = 'county', competence = 'residence'
 WHERE code IN ('ps_residence_permit', 'civil_elderly_allowance', 'civil_min_living', 'medins_resident_enrol',
                'health_vaccination_cert', 'medins_reimburse');
-- 全市通办: company registration changes, at the company's registered address
UPDATE item SET tongban_scope = 'city', competence = 'company', accepting_levels = '{county,town,kiosk}'
 WHERE code IN ('market_company_change', 'tax_invoice_first');
-- 跨省通办: social security cards, at the holder's residence
UPDATE item SET tongban_scope = 'national', competence = 'residence', accepting_levels = '{county,town,village,bank,kiosk}'
 WHERE code = 'hrss_sscard';
-- property: where it lies; mortgages also at the banks
UPDATE item SET tongban_scope = 'city', competence = 'property', accepting_levels = '{county,town,bank}'
 WHERE code IN ('natres_mortgage', 'natres_query');
-- every other item: at the county centre and its kiosks, and where it is handled
UPDATE item SET accepting_levels = '{county,kiosk}' WHERE tongban_scope = 'none';

INSERT INTO item_implementation (basic_code, region, item)
SELECT i.basic_code, '330225', i.code FROM item i WHERE i.basic_code IS NOT NULL;

-- 宁海县 implements two of them
INSERT INTO department (code, name, region) VALUES
    ('nh_market', '宁海县市场监督管理局', '330226'),
    ('nh_hrss', '宁海县人力资源和社会保障局', '330226')
ON CONFLICT (code) DO NOTHING;  -- nh_market may come from demo/13_second_region.sql
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online, basic_code,
                  tongban_scope, competence, accepting_levels)
SELECT 'nh_' || i.code, i.name || '（宁海）', CASE i.department WHEN 'market' THEN 'nh_market' ELSE 'nh_hrss' END,
       i.kind, i.legal_limit, i.promised_limit, i.max_visits, i.online, i.basic_code, i.tongban_scope, i.competence,
       i.accepting_levels
  FROM item i WHERE i.code IN ('market_company_change', 'hrss_sscard')
-- demo/13_second_region.sql may have copied the market item already: give it the basic code and scope
ON CONFLICT (code) DO UPDATE SET basic_code = EXCLUDED.basic_code, tongban_scope = EXCLUDED.tongban_scope,
                                 competence = EXCLUDED.competence, accepting_levels = EXCLUDED.accepting_levels;
INSERT INTO material (item, code, name, required, tolerable, evidence_type, commitment_allowed, applies_to)
SELECT 'nh_' || m.item, m.code, m.name, m.required, m.tolerable, m.evidence_type, m.commitment_allowed, m.applies_to
  FROM material m WHERE m.item IN ('market_company_change', 'hrss_sscard')
ON CONFLICT DO NOTHING;
INSERT INTO item_implementation (basic_code, region, item)
SELECT i.basic_code, '330226', i.code FROM item i WHERE i.code LIKE 'nh\_%' AND i.basic_code IS NOT NULL;

-- a few applicants of the demo are registered in 宁海
UPDATE applicant SET region = '330226'
 WHERE id IN (SELECT a.id FROM applicant a ORDER BY a.id DESC LIMIT 12);
