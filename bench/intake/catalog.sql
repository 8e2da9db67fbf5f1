-- A county-sized catalog beside the bench's own services (run.sh with
-- CATALOG_ITEMS=n): n more items over 40 departments, 5 materials each, in
-- the extension's catalog and in the plain application's item table alike,
-- then fresh statistics.  The bench's services are unchanged; what changes is
-- what a query that reads the catalog by anything but its key pays
-- (doc/benchmarks-intake.md, "The size of the catalog").
INSERT INTO service_affair.department (code, name, region)
SELECT 'CD' || g, 'County department ' || g, '330225' FROM generate_series(1, 40) g;
INSERT INTO service_affair.item (code, name, department, kind, legal_limit, promised_limit)
SELECT 'cty_' || g, 'County item ' || g, 'CD' || (1 + g % 40), 'promised', 20, 5 FROM generate_series(1, :items) g;
INSERT INTO service_affair.material (item, code, name, required, tolerable)
SELECT 'cty_' || g, 'm' || k, 'Material ' || k, k <= 4, k = 5 FROM generate_series(1, :items) g, generate_series(1, 5) k;
INSERT INTO plain_app.item SELECT code, department, promised_limit FROM service_affair.item WHERE code LIKE 'cty\_%';
ANALYZE;
