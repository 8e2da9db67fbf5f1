-- Benchmark catalog: an item with 6 required materials, a bundle of 5 items
-- whose union is 30 materials, 1000 persons with valid resident ids.
SET search_path = service_affair;
INSERT INTO department (code, name, region) VALUES ('BN_MKT', 'Market', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, tolerance_days)
VALUES ('bn6', 'Six materials', 'BN_MKT', 'promised', 20, 5, 3);
INSERT INTO evidence_type (code, name) VALUES ('licence', 'Licence');  -- the registry (44_licences)
INSERT INTO material (item, code, name)
SELECT 'bn6', 'm' || g, 'Material ' || g FROM generate_series(1, 6) g;
-- bundle: 5 items x 8 materials over 30 codes (overlaps), mixed flags
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, tolerance_days)
SELECT 'bn30_' || i, 'Bundle member ' || i, 'BN_MKT', 'promised', 20, 2 + i, 5 FROM generate_series(1, 5) i;
INSERT INTO material (item, code, name, required, tolerable, evidence_type, commitment_allowed)
SELECT DISTINCT ON (it, c) it, c, 'Material', k <> 8, k = 7, CASE WHEN k = 6 THEN 'licence' END, k = 5
  FROM (SELECT 'bn30_' || i AS it, 'b' || lpad((((i - 1) * 6 + k - 1) % 30 + 1)::text, 2, '0') AS c, k
          FROM generate_series(1, 5) i, generate_series(1, 8) k) s
 ORDER BY it, c, k;
INSERT INTO bundle (code, name, lead_department) VALUES ('bn30', 'Thirty materials', 'BN_MKT');
INSERT INTO bundle_item (bundle, item, stage) SELECT 'bn30', 'bn30_' || i, 1 + (i > 3)::int FROM generate_series(1, 5) i;
-- persons: 330225 + birth date + sequence + GB 11643 check character
INSERT INTO applicant (kind, resident_id, name)
SELECT 'person', (b || substr('10X98765432',
         (SELECT sum(substr(b, p, 1)::int * (ARRAY[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2])[p]) FROM generate_series(1, 17) p)::int % 11 + 1, 1))::resident_id,
       'Person ' || g
  FROM (SELECT g, '330225' || to_char(date '1970-01-01' + g, 'YYYYMMDD') || lpad((g % 1000)::text, 3, '0') AS b
          FROM generate_series(1, 1000) g) s;
INSERT INTO evidence (applicant, evidence_type, valid_until) SELECT id, 'licence', NULL FROM applicant WHERE id % 2 = 0;
ANALYZE;
-- the identifiers a clerk is presented (submit_ident.sql), by applicant number
CREATE TABLE public.bench_ident (n bigint PRIMARY KEY, identifier text NOT NULL);
INSERT INTO public.bench_ident SELECT id, resident_id::text FROM applicant WHERE resident_id IS NOT NULL;
ANALYZE public.bench_ident;
