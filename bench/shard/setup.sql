-- Benchmark catalog, loaded alike in the single node, the shard and the
-- router (in a deployment the shard and the router receive it from the
-- province node by logical replication): one department of 杭州, an item
-- with one material, 1000 persons of 杭州 (valid resident ids) whose
-- identifiers the pgbench scripts read from public.bench_ident.
SET search_path = service_affair;
INSERT INTO department (code, name, region) VALUES ('BS_HZ', 'Market, Xihu', '330106');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit)
VALUES ('bs_item', 'One material', 'BS_HZ', 'promised', 20, 5);
INSERT INTO material (item, code, name) VALUES ('bs_item', 'form', 'Form');
CREATE TABLE public.bench_ident (n bigint PRIMARY KEY, identifier text NOT NULL);
INSERT INTO public.bench_ident
SELECT g, b || substr('10X98765432',
         (SELECT sum(substr(b, p, 1)::int * (ARRAY[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2])[p]) FROM generate_series(1, 17) p)::int % 11 + 1, 1)
  FROM (SELECT g, '330106' || to_char(date '1970-01-01' + g, 'YYYYMMDD') || lpad((g % 1000)::text, 3, '0') AS b
          FROM generate_series(1, 1000) g) s;
ANALYZE public.bench_ident;
