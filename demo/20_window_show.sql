-- At the window: one set of materials for a bundle, the one-time notice,
-- supplying exactly what it listed, and the deadline that follows — counted
-- in working days across the National Day holiday.
\pset footer off
SET search_path = service_affair, public;

SELECT a.id AS org, a.uscc AS uscc, a.name AS org_name
  FROM service_affair.applicant a
 WHERE a.kind = 'org' AND a.credit_ok
   AND EXISTS (SELECT FROM service_affair.evidence e
                WHERE e.applicant = a.id AND e.evidence_type = 'business_licence'
                  AND (e.valid_until IS NULL OR e.valid_until >= date '2026-09-28'))
 ORDER BY a.id LIMIT 1 \gset

\echo
\echo '=== 开餐馆一件事 at the window for' :org_name '==='
\echo '--- the clerk names the company by the USCC on its licence, never by an internal id ---'
\echo '--- what the company must bring (shared data already counts; no side effects) ---'
SELECT * FROM service_affair.completeness('open_restaurant', :'uscc', '{}');

-- The clerk scans what the applicant brought: everything but three documents.
SELECT pg_catalog.array_agg(material ORDER BY material) FILTER (WHERE status IN ('missing', 'tolerated')) AS needed
  FROM service_affair.completeness('open_restaurant', :'uscc', '{}') \gset
SELECT service_affair.submit('open_restaurant', :'uscc',
           (:'needed'::text[])[1:pg_catalog.array_length(:'needed'::text[], 1) - 3],
           'window', '{}', timestamptz '2026-09-28 10:00+08') AS case1 \gset

\echo '--- submitted Mon 2026-09-28 at the window: returned, with ONE notice of everything missing ---'
SELECT id, service, status, visits FROM service_affair.cases WHERE id = :case1;
SELECT * FROM service_affair.notice(:case1);

\echo '--- Wed 2026-09-30, online: supplying exactly what the notice listed is always enough ---'
SELECT service_affair.supplement(:case1, ARRAY(SELECT material FROM service_affair.notice(:case1)),
                                 timestamptz '2026-09-30 16:00+08', 'online') AS new_status;
SELECT id, status, accepted_at, due AS "due (5 working days; 国庆 1–7 Oct off, Sat 10 Oct worked)",
       visits AS "visits so far"
  FROM service_affair.cases WHERE id = :case1;

\echo
\echo '=== 容缺受理: accepted although minor documents are missing, with a deadline to supply them ==='
SELECT service_affair.submit('open_restaurant', :'uscc',
           ARRAY(SELECT c.material FROM service_affair.completeness('open_restaurant', :'uscc', '{}') c
                  WHERE c.status = 'missing'),
           'online', '{}', timestamptz '2026-11-20 11:00+08') AS case2 \gset
SELECT id, status, tolerated, due, tolerance_due AS "supply tolerated documents by", visits
  FROM service_affair.cases WHERE id = :case2;
SELECT material, name, status, due FROM service_affair.case_material
 WHERE case_id = :case2 AND status = 'tolerated';
