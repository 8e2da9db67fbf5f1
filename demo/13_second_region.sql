-- A second county for the region level of the indicators (issue 16): the
-- market-regulation and civil-affairs bureaus of 宁海县 (Ninghai, GB/T 2260
-- 330226, Xiangshan's neighbour in Ningbo) with the same items as
-- Xiangshan's (codes prefixed nh_), the same materials and bundles none.
-- The simulation (50_simulate.sh) serves them like every department, so the
-- dashboard ranks two counties (efficiency_region, efficiency_period_region).
SET search_path = service_affair, public;
BEGIN;
INSERT INTO department (code, name, region) VALUES
    ('nh_market', '宁海县市场监督管理局', '330226'),
    ('nh_civil',  '宁海县民政局',         '330226');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online,
                  extension_limit, tolerance_days, calendar)
SELECT 'nh_' || i.code, i.name, 'nh_' || i.department, i.kind, i.legal_limit, i.promised_limit, i.max_visits, i.online,
       i.extension_limit, i.tolerance_days, i.calendar
  FROM item i WHERE i.department IN ('market', 'civil');
INSERT INTO material (item, code, name, required, tolerable, evidence_type, commitment_allowed, applies_to)
SELECT 'nh_' || m.item, m.code, m.name, m.required, m.tolerable, m.evidence_type, m.commitment_allowed, m.applies_to
  FROM material m JOIN item i ON i.code = m.item WHERE i.department IN ('market', 'civil');
COMMIT;
