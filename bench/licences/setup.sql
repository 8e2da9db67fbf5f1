-- Licence benchmark data: two items of one department, identical but for
-- output_evidence_type (bl_lic issues a licence on approval, bl_plain none),
-- (:tasks) accepted cases of each, by (:tasks) distinct persons (every
-- conclusion issues a new licence, none renews).
\set ON_ERROR_STOP on
SET search_path = service_affair, public;
INSERT INTO department (code, name, region) VALUES ('BL_P', 'Bench plain', '330225'), ('BL_L', 'Bench licence', '330225');
INSERT INTO evidence_type (code, name, validity_days, number_format) VALUES ('bl_permit', 'Bench permit', 365, 'BL{region}{year}{seq}');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, online) VALUES
  ('bl_plain', 'Plain item', 'BL_P', 'promised', 20, 5, true),
  ('bl_lic', 'Issuing item', 'BL_L', 'promised', 20, 5, true);
UPDATE item SET output_evidence_type = 'bl_permit' WHERE code = 'bl_lic';
INSERT INTO material (item, code, name) VALUES ('bl_plain', 'form', 'Form'), ('bl_lic', 'form', 'Form');
INSERT INTO applicant (kind, resident_id, name)
SELECT 'person', (b || substr('10X98765432',
         (SELECT sum(substr(b, p, 1)::int * (ARRAY[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2])[p]) FROM generate_series(1, 17) p)::int % 11 + 1, 1))::resident_id,
       'Person ' || g
  FROM (SELECT g, '330225' || to_char(date '1940-01-01' + g, 'YYYYMMDD') || lpad((g % 1000)::text, 3, '0') AS b
          FROM generate_series(1, :tasks) g) s;
SELECT count(submit(s, a.id, '{form}', 'online', '{}', timestamptz '2026-03-02 09:00+08'))
  FROM applicant a, unnest(ARRAY['bl_plain', 'bl_lic']) s;
VACUUM ANALYZE;
