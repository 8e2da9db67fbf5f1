-- Applicants of the sample county and the data government already holds about
-- them (shared evidence, 电子证照).  Everyone here is invented: 170 residents and
-- 40 organisations, generated deterministically (md5 of a tag and a row number,
-- no random()) so every load gives the same rows.  Identifiers carry correct
-- check characters, computed below from the standards:
--   居民身份证号码 GB 11643-1999: region + birth date + sequence (odd male, even
--     female) + check, weights 7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2, Σ mod 11 → "10X98765432";
--   组织机构代码 GB 11714-1997: 8 characters + check, weights 3,7,9,10,5,8,4,2,
--     c = 11 − Σ mod 11 (10 → X, 11 → 0);
--   统一社会信用代码 GB 32100-2015: authority + kind + region + organisation code
--     + check over the alphabet 0123456789ABCDEFGHJKLMNPQRTUWXY, weights
--     1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28, c = (31 − Σ mod 31) mod 31.
-- Dates of validity are absolute, around the reference day 2026-11-22, so that
-- some evidence is expired (an expired ID card, business licence or residence
-- permit does not count as shared).
SET search_path = service_affair, public;
BEGIN;

-- a deterministic number in [0, n)
CREATE FUNCTION pg_temp.demo_rand(tag text, i integer, n integer) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT ((('x' || substr(md5(tag || ':' || i), 1, 8))::bit(32)::bigint) % n)::integer $$;

-- element of an array picked deterministically
CREATE FUNCTION pg_temp.demo_pick(tag text, i integer, a text[]) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT a[1 + pg_temp.demo_rand(tag, i, cardinality(a))] $$;

CREATE FUNCTION pg_temp.gb11643_check(body text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT substr('10X98765432', (sum(substr(body, k::integer, 1)::integer * w) % 11)::integer + 1, 1)
            FROM unnest('{7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2}'::integer[]) WITH ORDINALITY AS t(w, k) $$;

CREATE FUNCTION pg_temp.gb11714_check(body text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT CASE c WHEN 10 THEN 'X' WHEN 11 THEN '0' ELSE c::text END
            FROM (SELECT 11 - sum(CASE WHEN substr(body, k::integer, 1) ~ '[0-9]'
                                       THEN substr(body, k::integer, 1)::integer
                                       ELSE ascii(substr(body, k::integer, 1)) - 55 END * w) % 11 AS c
                    FROM unnest('{3,7,9,10,5,8,4,2}'::integer[]) WITH ORDINALITY AS t(w, k)) s $$;

CREATE FUNCTION pg_temp.gb32100_check(body text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT substr(a, ((31 - sum((strpos(a, substr(body, k::integer, 1)) - 1) * w) % 31) % 31)::integer + 1, 1)
            FROM (SELECT '0123456789ABCDEFGHJKLMNPQRTUWXY'::text AS a) alphabet,
                 unnest('{1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28}'::integer[]) WITH ORDINALITY AS t(w, k)
           GROUP BY a $$;

-- The formulas against the examples of the standards (DOMAIN.md).
DO $$
BEGIN
    IF pg_temp.gb11643_check('11010519491231002') <> 'X'
       OR pg_temp.gb32100_check('91110000600037341') <> 'L'
       OR pg_temp.gb32100_check('91350100M000100Y4') <> '3'
       OR pg_temp.gb11714_check('60003734') <> '1'
       OR pg_temp.gb11714_check('M000100Y') <> '4' THEN
        RAISE EXCEPTION 'demo applicants: check-digit formulas disagree with the standard examples';
    END IF;
END
$$;

-- Residents.  Nine in ten were born in 象山县 (330225); the others come from
-- 宁海县 330226, 鄞州区 330212, 临泉县 341221 (Anhui) and 三台县 510722 (Sichuan)
-- and live here on a residence permit.
CREATE TEMPORARY TABLE demo_person AS
WITH base AS (
    SELECT i,
           pg_temp.demo_rand('sex', i, 2) = 1                                  AS male,
           CASE WHEN pg_temp.demo_rand('local', i, 10) < 9 THEN '330225'
                ELSE pg_temp.demo_pick('region', i, '{330226,330212,341221,510722}') END AS region,
           date '1938-01-01' + pg_temp.demo_rand('birth', i, 25567)           AS birth   -- to 2007-12-31
      FROM generate_series(1, 170) AS i
), body AS (
    SELECT b.*,
           b.region || to_char(b.birth, 'YYYYMMDD')
             || lpad((2 * (1 + pg_temp.demo_rand('seq', i, 499)) + CASE WHEN b.male THEN 1 ELSE 0 END)::text, 3, '0') AS body17,
           extract(year FROM age(date '2026-11-22', b.birth))::integer AS age
      FROM base b
)
SELECT i, male, region, birth, age, region = '330225' AS is_local,
       body17 || pg_temp.gb11643_check(body17) AS rid,
       pg_temp.demo_pick('surname', i,
           '{王,陈,张,李,周,吴,徐,林,金,朱,胡,杨,黄,郑,叶,沈,俞,鲍,史,竺,孙,何,应,蒋,赵,刘,谢,方,石,夏}')
       || pg_temp.demo_pick('given', i, CASE
            -- given names follow the fashion of the birth years
            WHEN male AND birth < date '1970-01-01' THEN '{建国,国平,建华,志强,海军,立新,永康,德明,根法,国庆,学军,福根}'::text[]
            WHEN male AND birth < date '1990-01-01' THEN '{伟,强,磊,军,勇,杰,涛,斌,海波,晓东,文杰,建军}'::text[]
            WHEN male                             THEN '{浩然,子轩,宇航,俊豪,浩,鹏,博文,一鸣,天宇,梓豪,晨阳,家乐}'::text[]
            WHEN birth < date '1970-01-01'        THEN '{秀英,桂芳,素珍,玉兰,彩娥,亚萍,雅琴,月娥,美娟,菊芬,爱娣,秀珍}'::text[]
            WHEN birth < date '1990-01-01'        THEN '{芳,娜,敏,静,丽,艳,娟,霞,燕,晓红,海燕,丽君}'::text[]
            ELSE                                       '{欣怡,梓涵,佳怡,婷,雪,慧,丹,诗涵,雨萱,可馨,思琪,雅婷}'::text[] END) AS name,
       pg_temp.demo_rand('credit', i, 40) <> 0 AS credit_ok
  FROM body;

-- Organisations: 30 companies (91), 6 individual businesses (92) and 4 private
-- non-enterprise units registered by 民政 (52).  Newer organisation codes start
-- with MA2 / MJ (assigned with the credit code), older ones are the 8-digit
-- codes of GB 11714.
CREATE TEMPORARY TABLE demo_org AS
WITH base AS (
    SELECT j,
           CASE WHEN j <= 30 THEN '91' WHEN j <= 36 THEN '92' ELSE '52' END AS prefix,
           CASE WHEN j > 36 THEN 'MJ' || pg_temp.demo_pick('o1', j, '{0,1,2,3,4,5,6,7,8,9,A,B,C,D,E,F}')
                                      || lpad(pg_temp.demo_rand('o2', j, 100000)::text, 5, '0')
                WHEN j % 2 = 1 OR j > 30 THEN
                     'MA2' || pg_temp.demo_pick('o1', j, '{A,C,D,E,F,G,H,J,K,L,M,N,P,Q,R,T,U,W,X,Y}')
                           || lpad(pg_temp.demo_rand('o2', j, 10000)::text, 4, '0')
                ELSE '14' || lpad(pg_temp.demo_rand('o2', j, 1000000)::text, 6, '0') END AS org8,
           -- 40 trade names, each used once (7 is prime to 40)
           ('{海韵,渔港,半边山,松兰,蓝海,东旭,恒泰,鑫源,华鼎,锦程,宏达,瑞丰,海天,金沙,红岩,港湾,晨光,丹霞,鹤鸣,海誉,'
            '东海,远洋,海螺,银沙,望海,帆影,潮音,海星,浪淘,贝壳,蓬莱,星海,福海,永兴,顺发,隆昌,新海,明珠,海悦,润泽}'::text[])
               [1 + (j - 1) * 7 % 40] AS brand,
           pg_temp.demo_pick('town', j,
               '{丹东街道,丹西街道,爵溪街道,石浦镇,西周镇,贤庠镇,定塘镇,鹤浦镇,墙头镇,大徐镇,新桥镇,涂茨镇,泗洲头镇,东陈乡,晓塘乡,黄避岙乡,茅洋乡,高塘岛乡}') AS town
      FROM generate_series(1, 40) AS j
), coded AS (
    SELECT b.*, b.org8 || pg_temp.gb11714_check(b.org8) AS orgcode FROM base b
)
SELECT j, prefix,
       prefix || '330225' || orgcode || pg_temp.gb32100_check(prefix || '330225' || orgcode) AS uscc,
       CASE prefix
         WHEN '91' THEN CASE WHEN j % 10 = 0 THEN '宁波' ELSE '象山' END || brand
                        || (ARRAY['餐饮管理','水产食品','针织服饰','影视文化传媒','民宿管理','船舶修造',
                                  '建筑工程','贸易','酒店管理','海洋渔业'])[1 + (j - 1) % 10] || '有限公司'
         WHEN '92' THEN '象山县' || town || brand
                        || (ARRAY['小吃店','海鲜排档','理发店','便利店','民宿','面馆'])[j - 30]
         ELSE '象山县' || brand || (ARRAY['养老服务中心','社会工作服务中心','幼儿园','青少年活动中心'])[j - 36]
       END AS name,
       j NOT IN (7, 22, 34) AS credit_ok
  FROM coded;

INSERT INTO applicant (kind, resident_id, uscc, name, credit_ok)
SELECT 'person', p.rid::service_affair.resident_id, NULL, p.name, p.credit_ok
  FROM demo_person p ORDER BY p.i;
INSERT INTO applicant (kind, resident_id, uscc, name, credit_ok)
SELECT 'org', NULL, o.uscc::service_affair.uscc, o.name, o.credit_ok
  FROM demo_org o ORDER BY o.j;

-- Shared evidence of residents.
INSERT INTO evidence (applicant, evidence_type, reference, valid_until)
SELECT a.id, e.evidence_type, e.reference, e.valid_until
  FROM demo_person p
  JOIN applicant a ON a.kind = 'person' AND a.resident_id::text = p.rid
 CROSS JOIN LATERAL (VALUES
    -- 居民身份证: 10 or 20 years, long-term from 46; about one in twelve expired
    ('resident_id_card', left(p.rid, 6) || '********' || right(p.rid, 4),
     CASE WHEN p.age >= 46 THEN NULL ELSE date '2025-06-01' + pg_temp.demo_rand('idexp', p.i, 7300) END,
     true),
    ('household_register', '户号' || lpad(pg_temp.demo_rand('hh', p.i, 100000000)::text, 9, '0'), NULL::date,
     p.is_local),
    ('residence_permit', '浙江省居住证 330225' || lpad(pg_temp.demo_rand('rp', p.i, 100000000)::text, 9, '0'),
     date '2026-08-01' + pg_temp.demo_rand('rpexp', p.i, 500),
     NOT p.is_local AND p.age >= 16),
    ('marriage_cert', 'J330225-' || (extract(year FROM p.birth)::integer + 24 + pg_temp.demo_rand('my', p.i, 8))
                       || '-' || lpad(pg_temp.demo_rand('mc', p.i, 1000000)::text, 6, '0'), NULL,
     p.age >= 24 AND pg_temp.demo_rand('married', p.i, 10) < 7),
    ('property_cert', '浙(' || (2016 + pg_temp.demo_rand('py', p.i, 10)) || ')象山县不动产权第'
                       || lpad(pg_temp.demo_rand('pc', p.i, 10000000)::text, 7, '0') || '号', NULL,
     p.age >= 25 AND pg_temp.demo_rand('owner', p.i, 20) < 9),
    ('id_photo', '公安机关制证照片', date '2026-03-01' + pg_temp.demo_rand('photo', p.i, 1100),
     pg_temp.demo_rand('hasphoto', p.i, 10) < 6),
    -- young families: the hospital has issued the electronic 出生医学证明
    ('birth_medical_cert', 'Q330' || lpad(pg_temp.demo_rand('bmc', p.i, 1000000)::text, 6, '0'), NULL,
     p.age BETWEEN 22 AND 40 AND pg_temp.demo_rand('baby', p.i, 8) = 0),
    ('delivery_record', '象山县第一人民医院医疗健康集团 分娩记录', NULL,
     p.age BETWEEN 22 AND 40 AND pg_temp.demo_rand('baby', p.i, 8) = 0),
    -- a close relative died recently
    ('death_cert', '死亡医学证明 330225' || lpad(pg_temp.demo_rand('dc', p.i, 1000000)::text, 6, '0'), NULL,
     p.age >= 30 AND pg_temp.demo_rand('bereaved', p.i, 16) = 0),
    ('retirement_approval', '象人社退〔' || (extract(year FROM p.birth)::integer + 60) || '〕'
                             || (1 + pg_temp.demo_rand('ra', p.i, 900)) || '号', NULL,
     p.age >= 61 AND pg_temp.demo_rand('retired', p.i, 2) = 0),
    ('physician_qualification', '2' || lpad(pg_temp.demo_rand('pq', p.i, 100000000)::text, 14, '0'), NULL,
     p.age BETWEEN 26 AND 60 AND pg_temp.demo_rand('doctor', p.i, 25) = 0),
    ('employment_termination', '解除劳动合同证明书（用人单位网上报送）', NULL,
     p.age BETWEEN 20 AND 59 AND pg_temp.demo_rand('jobless', p.i, 20) = 0),
    -- selling a flat: contract filed online, taxes paid
    ('sale_contract_filing', '象山县存量房买卖合同网签备案 ' || lpad(pg_temp.demo_rand('sc', p.i, 1000000)::text, 6, '0'),
     NULL, p.age >= 25 AND pg_temp.demo_rand('owner', p.i, 20) < 9 AND pg_temp.demo_rand('selling', p.i, 10) = 0),
    ('tax_payment', '税收完税证明 ' || lpad(pg_temp.demo_rand('tp', p.i, 100000000)::text, 9, '0'),
     NULL, p.age >= 25 AND pg_temp.demo_rand('owner', p.i, 20) < 9 AND pg_temp.demo_rand('selling', p.i, 10) = 0)
 ) AS e(evidence_type, reference, valid_until, present)
 WHERE e.present;

-- Shared evidence of organisations: the electronic business licence (营业期限
-- mostly long-term; a few fixed terms, two already ended), the legal
-- representative's identity, a tax clearance for two that are winding up.
INSERT INTO evidence (applicant, evidence_type, reference, valid_until)
SELECT a.id, e.evidence_type, e.reference, e.valid_until
  FROM demo_org o
  JOIN applicant a ON a.kind = 'org' AND a.uscc::text = o.uscc
 CROSS JOIN LATERAL (VALUES
    ('business_licence', '电子营业执照 ' || o.uscc,
     CASE WHEN o.j IN (5, 18) THEN date '2026-06-30'
          WHEN o.j % 7 = 3 THEN date '2030-12-31' + pg_temp.demo_rand('term', o.j, 3650)
          ELSE NULL END,
     o.prefix IN ('91', '92')),
    ('npo_registration', '民办非企业单位登记证书 ' || o.uscc, date '2028-12-31', o.prefix = '52'),
    ('legal_rep_id', '法定代表人电子身份证照', date '2025-09-01' + pg_temp.demo_rand('lrexp', o.j, 5000),
     pg_temp.demo_rand('lr', o.j, 5) <> 0),
    ('tax_clearance', '清税证明 象税 ' || lpad(pg_temp.demo_rand('tc', o.j, 100000)::text, 5, '0'), NULL,
     o.j IN (12, 26))
 ) AS e(evidence_type, reference, valid_until, present)
 WHERE e.present;

DO $$
BEGIN
    IF (SELECT count(DISTINCT rid) FROM pg_temp.demo_person) <> 170
       OR (SELECT count(DISTINCT uscc) FROM pg_temp.demo_org) <> 40 THEN
        RAISE EXCEPTION 'demo applicants: generated identifiers are not unique';
    END IF;
END
$$;

DROP TABLE demo_person;
DROP TABLE demo_org;
COMMIT;
