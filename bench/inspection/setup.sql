-- bench/inspection/setup.sql: 1,000,000 targets with mixed grades, 2,000
-- inspectors in 3 departments.  Grades A 50 %, B 27 %, C 15 %, D 8 % with
-- rates A 1 %, B 2 %, C 10 %, D 30 % select 49,400 targets.
SET search_path = service_affair, public;
SET client_min_messages = warning;
INSERT INTO department (code, name) VALUES ('market', '市场监督管理局'), ('ecoenv', '生态环境局'), ('emergency', '应急管理局')
    ON CONFLICT DO NOTHING;
-- Valid USCCs: '91' + region '410100' + 9 characters from a hash, then the
-- GB 32100 check character (weights from DOMAIN.md).
INSERT INTO target (uscc, name, region, industry, risk)
SELECT (b || substr('0123456789ABCDEFGHJKLMNPQRTUWXY',
                    1 + (31 - (SELECT sum((strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(b, k, 1)) - 1)
                                          * (ARRAY[1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28])[k])
                                 FROM generate_series(1, 17) k)::int % 31) % 31, 1))::service_affair.uscc,
       'company ' || i, '4101' || lpad((i % 20)::text, 2, '0'), 'I' || (i % 50),
       CASE WHEN i % 100 < 50 THEN 'A' WHEN i % 100 < 77 THEN 'B' WHEN i % 100 < 92 THEN 'C' ELSE 'D' END
  FROM generate_series(1, :n) i,
       LATERAL (SELECT '91410100' || string_agg(substr('0123456789ABCDEFGHJKLMNPQRTUWXY', 1 + (get_byte(sha256(int8send(i)), k) % 31), 1), '' ORDER BY k) AS b
                  FROM generate_series(0, 8) k) x;
INSERT INTO inspector (id, name, department)
SELECT 'E' || lpad(i::text, 5, '0'), 'inspector ' || i, (ARRAY['market', 'ecoenv', 'emergency'])[1 + i % 3]
  FROM generate_series(1, 2000) i;
INSERT INTO recusal SELECT 'E' || lpad((1 + i % 2000)::text, 5, '0'), t.id FROM generate_series(1, 5000) i JOIN target t ON t.id = i * 97 % (:n + 1);
VACUUM ANALYZE target;
VACUUM ANALYZE inspector;
VACUUM ANALYZE recusal;
