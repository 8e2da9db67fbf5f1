-- pgbench: submit() of a complete one-material case by resident id (service_affair_router)
\set a random(1, 1000)
SELECT service_affair_router.submit('bs_item', i.identifier, '{form}', 'window') FROM public.bench_ident i WHERE i.n = :a;
