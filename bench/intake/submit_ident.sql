-- pgbench: the clerk's path, submit() naming the applicant by the resident id
-- presented (41_identity.sql: window check, identifier lookup, access-log
-- entry, then the same submission); the identifier comes from a plain table
-- (one primary-key read, not part of the extension's work).
\set a random(1, 1000)
SELECT service_affair.submit('bn6', i.identifier, '{m1,m2,m3,m4,m5,m6}', 'window') FROM public.bench_ident i WHERE i.n = :a;
