-- Demo: random inspections (双随机、一公开) in a county.
-- 20,000 companies with valid USCCs and credit-risk grades, 60 inspectors in
-- three departments, recusals, one joint plan whose seed is committed before
-- the draw, the draw, a few results and their publication.
-- Shown by demo/70_inspection_show.sql.
SET search_path = service_affair, public;

INSERT INTO department (code, name, region) VALUES
    ('market', '市场监督管理局', '410102'), ('ecoenv', '生态环境局', '410102'), ('emergency', '应急管理局', '410102')
    ON CONFLICT DO NOTHING;

-- USCC = '9' (registered by market regulation) '1' (enterprise) + region
-- 410102 + 9 organisation-code characters + the GB 32100 check character.
CREATE FUNCTION pg_temp.uscc17(b text) RETURNS service_affair.uscc LANGUAGE sql IMMUTABLE AS $$
    SELECT (b || substr('0123456789ABCDEFGHJKLMNPQRTUWXY',
            1 + (31 - (SELECT sum((strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(b, k, 1)) - 1)
                                  * (ARRAY[1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28])[k])
                         FROM generate_series(1, 17) k)::int % 31) % 31, 1))::service_affair.uscc
$$;

INSERT INTO target (uscc, name, region, industry, risk)
SELECT pg_temp.uscc17('91410102' || (SELECT string_agg(substr('0123456789ABCDEFGHJKLMNPQRTUWXY',
                                              1 + get_byte(sha256(int8send(i)), k) % 31, 1), '' ORDER BY k)
                                      FROM generate_series(0, 8) k)),
       '中原区' || (ARRAY['恒达','中信','瑞丰','金穗','博远','嘉禾','华联','宏图'])[1 + i % 8] || i ||
           (ARRAY['食品','化工','商贸','餐饮','建筑'])[1 + i % 5] || '有限公司',
       '410102',
       (ARRAY['C13','C26','F52','H62','E48'])[1 + i % 5],
       CASE WHEN i % 100 < 40 THEN 'A' WHEN i % 100 < 75 THEN 'B' WHEN i % 100 < 92 THEN 'C' ELSE 'D' END
  FROM generate_series(1, 20000) i;

INSERT INTO inspector (id, name, department, region, active)
SELECT p || '-' || lpad(i::text, 3, '0'), n || '检查员' || i, d, '410102', i <> 7
  FROM (VALUES ('SJ', 'market', '市场'), ('HB', 'ecoenv', '环保'), ('YJ', 'emergency', '应急')) AS x(p, d, n),
       generate_series(1, 20) i;

-- 30 recusals (a relative works there, a former employer, ...)
INSERT INTO recusal SELECT p || '-' || lpad((1 + i % 20)::text, 3, '0'), i * 613
  FROM (VALUES ('SJ'), ('HB'), ('YJ')) AS x(p), generate_series(1, 10) i;

-- The seed is a public value published after the plan was announced (see
-- doc/inspection.md, "Using a public randomness source as the seed"); the
-- commitment sha256(seed) is stored with the plan before the draw.
CREATE TEMP TABLE demo_seed AS
SELECT convert_to('福彩3D 2026001 开奖号码 3 8 1', 'UTF8') AS seed;
CREATE TEMP TABLE demo_plan AS
SELECT create_plan('中原区 2026 年第一季度跨部门联合双随机抽查', ARRAY['market','ecoenv','emergency'],
                   ARRAY[0.01, 0.02, 0.10, 0.30], sha256(seed), 3) AS id
  FROM demo_seed;
CREATE TEMP TABLE demo_draw AS SELECT draw(p.id, s.seed) AS id FROM demo_plan p, demo_seed s;

-- Results for the first twelve targets in selection order, concluded on
-- 2026-03-02 .. 2026-03-05; published on 2026-03-20 (in time) and one late.
SELECT record_result(s.draw_id, s.target,
                     (ARRAY['pass','pass','issues','pass','fail','pass','not_found','issues','pass','pass','issues','pass'])[s.rank],
                     (ARRAY['未发现问题','未发现问题','消防通道堆放杂物，责令整改','未发现问题','危化品储存不符合规定，立案调查',
                            '未发现问题','通过登记的住所无法联系','环评手续不全，责令补办','未发现问题','未发现问题',
                            '台账记录不完整','未发现问题'])[s.rank],
                     timestamptz '2026-03-02 10:00+08' + (s.rank % 4) * interval '1 day')
  FROM draw_selection s JOIN demo_draw d ON d.id = s.draw_id
 WHERE s.rank <= 11;
SELECT publish_results(id, '2026-03-20 09:00+08') FROM demo_draw;
SELECT record_result(s.draw_id, s.target, 'pass', '未发现问题', '2026-03-03 15:00+08')
  FROM draw_selection s JOIN demo_draw d ON d.id = s.draw_id WHERE s.rank = 12;
SELECT publish_results(id, '2026-04-10 09:00+08') FROM demo_draw;

-- The inspectors drawn for a target record its result (双随机: random
-- inspectors too).  The results above were entered from paper by the
-- superuser, on behalf of the teams (their log entries say so).  Here the
-- login of one inspector of the thirteenth target's team, linked to it by
-- inspector.login (doc/inspection.md), records that result itself, dated
-- now: a session that is not a superuser's dates no result before its draw.
-- It stays unpublished until the next publication.
SELECT create_roles();
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'demo_inspector') THEN
        CREATE ROLE demo_inspector LOGIN IN ROLE service_affair_inspector;
    END IF;
END $$;
SELECT s.draw_id AS demo_d13, s.target AS demo_t13, s.inspectors[1] AS demo_i13
  FROM draw_selection s JOIN demo_draw d ON d.id = s.draw_id WHERE s.rank = 13 \gset
-- the staff row first: the link is checked when written (inspector_login_check)
INSERT INTO staff (login, department) SELECT 'demo_inspector', i.department FROM inspector i WHERE i.id = :'demo_i13'
    ON CONFLICT DO NOTHING;
UPDATE inspector SET login = 'demo_inspector' WHERE id = :'demo_i13';
SET ROLE demo_inspector;
SELECT record_result(:demo_d13, :demo_t13, 'issues', '安全生产台账缺失，责令限期改正');
RESET ROLE;
