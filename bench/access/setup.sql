-- Access benchmark fixture: 10 departments in 10 regions, one item each,
-- a clerk login for region 330201, 200,000 cases spread over the regions
-- (inserted directly, returned so that no routing runs), and 10,000 tasks.
SET search_path = service_affair;
SELECT create_roles();
INSERT INTO department (code, name, region)
SELECT 'B' || g, 'Dept ' || g, (330200 + g)::text FROM generate_series(1, 10) g;
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, online)
SELECT 'b' || g, 'Item ' || g, 'B' || g, 'promised', 20, 5, true FROM generate_series(1, 10) g;
INSERT INTO material (item, code, name) SELECT 'b' || g, 'form', 'Form' FROM generate_series(1, 10) g;
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', '张三');
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bench_clerk') THEN
    CREATE ROLE bench_clerk LOGIN IN ROLE service_affair_clerk;
    CREATE ROLE bench_admin LOGIN IN ROLE service_affair_admin;
  END IF;
END $$;
INSERT INTO staff (login, department) VALUES ('bench_clerk', 'B1');
INSERT INTO cases (service, service_kind, item, department, region, applicant, channel, status, returned,
                   submitted_at, calendar, promised_limit, legal_limit)
SELECT 'b' || (g % 10 + 1), 'item', 'b' || (g % 10 + 1), 'B' || (g % 10 + 1), (330200 + g % 10 + 1)::text, 1, 'online',
       'returned', true, '2026-01-01'::timestamptz + g * interval '1 minute', 'cn', 5, 20
  FROM generate_series(1, 200000) g;
ANALYZE;
