-- 通办 error messages and details, as clients see them (issue 13).
\set SHOW_CONTEXT never
\set ON_ERROR_ROLLBACK on
SET search_path = service_affair, public;
BEGIN;
INSERT INTO department (code, name, region) VALUES ('TE_5', 'Market 5', '330225'), ('TE_6', 'Market 6', '330226');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, basic_code, tongban_scope, competence, accepting_levels) VALUES
  ('te_res5', 'Residence 5', 'TE_5', 'promised', 20, 3, 'TE_RES', 'county', 'residence', '{county,town}'),
  ('te_prop5', 'Property 5', 'TE_5', 'promised', 20, 3, 'TE_PROP', 'national', 'property', DEFAULT);
INSERT INTO material (item, code, name) VALUES ('te_res5', 'form', 'Form'), ('te_prop5', 'form', 'Form');
INSERT INTO item_implementation VALUES ('TE_RES', '330225', 'te_res5'), ('TE_PROP', '330225', 'te_prop5');
INSERT INTO service_point (code, name, level, region, town_code, parent) VALUES
  ('TE-C', 'Centre', 'county', '330225', NULL, NULL),
  ('TE-V', 'Village', 'village', '330225', '330225001201', NULL),
  ('TE-C6', 'Centre 6', 'county', '330226', NULL, NULL);
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '330225199001010012', 'Local');
INSERT INTO applicant (kind, resident_id, name, region) VALUES ('person', '11010519491231002X', 'Elsewhere', '320102');
INSERT INTO agent (resident_id, name, kind, region) VALUES ('330226196006060046', 'Agent 6', 'proxy', '330226');
-- unknown point, no competent office, unknown agent (23503)
SELECT submit('te_res5', '330225199001010012', '{form}', point => 'TE-X');
SELECT submit('te_res5', '11010519491231002X', '{form}', point => 'TE-C');
SELECT submit('te_res5', '330225199001010012', '{form}', point => 'TE-C', agent => '330225197003030034');
-- level, scope, region, property, agent scope (22023)
SELECT submit('te_res5', '330225199001010012', '{form}', point => 'TE-V');
SELECT submit('te_prop5', '330225199001010012', '{form}', point => 'TE-C');
SELECT submit('te_res5', '330225199001010012', '{form}', point => 'TE-C6');
SELECT submit('te_res5', '330225199001010012', '{form}', region => '330226', point => 'TE-C');
SELECT submit('te_res5', '330225199001010012', '{form}', point => 'TE-C', agent => '330226196006060046');
-- the visit rule
SELECT visit_kind('fax', NULL, NULL, false);
SELECT visit_kind('window', 'castle', NULL, false);
-- the legs: nothing on the way (55000), unknown case (23503)
ALTER SEQUENCE cases_id_seq RESTART WITH 700;
SELECT submit('te_res5', '330225199001010012', '{form}', 'window', '{}', '2026-11-18 10:00+08', point => 'TE-C') AS c \gset
SELECT receive_originals(:c);
SELECT receive_originals(-1);
ROLLBACK;
