-- The applicants, where cases are written (the single node, the shard)
INSERT INTO service_affair.applicant (kind, resident_id, name)
SELECT 'person', identifier::service_affair.resident_id, 'Person ' || n FROM public.bench_ident ORDER BY n;
ANALYZE;
