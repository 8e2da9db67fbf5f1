-- µs per call on the 30-material bundle, measured inside the server (no
-- client round trip): completeness() (C engine) against the same rules
-- written as one plain SQL query.
SET search_path = service_affair;

CREATE FUNCTION pg_temp.sql_completeness(service text, applicant bigint, materials text[], commitments text[])
RETURNS TABLE (material text, name text, status text) LANGUAGE sql STABLE AS $$
  WITH a AS (SELECT kind, credit_ok FROM service_affair.applicant WHERE id = $2),
  e AS (SELECT m.code, m.name, m.required, m.tolerable, m.commitment_allowed, ev.applicant IS NOT NULL AS shared
          FROM service_affair.material m
          JOIN a ON m.applies_to IN ('any', a.kind)
          LEFT JOIN service_affair.evidence ev
                 ON ev.applicant = $2 AND ev.evidence_type = m.evidence_type
                AND (ev.valid_until IS NULL OR ev.valid_until >= current_date)
         WHERE m.item = $1 OR m.item IN (SELECT bi.item FROM service_affair.bundle_item bi WHERE bi.bundle = $1)),
  g AS (SELECT code, bool_or(required) AS req FROM e GROUP BY code),
  d AS (SELECT e.code, min(e.name) AS name, g.req, bool_and(e.tolerable) AS tol,
               bool_and(e.commitment_allowed) AS com, bool_and(e.shared) AS sh
          FROM e JOIN g USING (code) WHERE e.required OR NOT g.req GROUP BY e.code, g.req)
  SELECT d.code, d.name,
         CASE WHEN d.code = ANY ($3) THEN 'present' WHEN d.sh THEN 'shared'
              WHEN d.com AND a.credit_ok AND d.code = ANY ($4) THEN 'committed'
              WHEN NOT d.req THEN 'optional' WHEN d.tol AND a.credit_ok THEN 'tolerated' ELSE 'missing' END
    FROM d, a ORDER BY d.code
$$;

-- both give the same answer
SELECT count(*) AS differences FROM (
  (SELECT * FROM completeness('bn30', 2, '{b01,b03,b05}', '{b05,b11}') EXCEPT
   SELECT * FROM pg_temp.sql_completeness('bn30', 2, '{b01,b03,b05}', '{b05,b11}'))
  UNION ALL
  (SELECT * FROM pg_temp.sql_completeness('bn30', 2, '{b01,b03,b05}', '{b05,b11}') EXCEPT
   SELECT * FROM completeness('bn30', 2, '{b01,b03,b05}', '{b05,b11}'))) x;

DO $$
DECLARE
  t0 timestamptz; n bigint := 0; k bigint; i integer; calls integer := 5000;
  us_c numeric; us_sql numeric; us_engine numeric;
  c text[]; nm text[]; f integer[]; t integer[];
  subs text[] := '{b01,b03,b05,b07,b09,b11,b13,b15,b17,b19,b21,b23,b25,b27,b29}';
BEGIN
  t0 := clock_timestamp();
  FOR i IN 1..calls LOOP
    SELECT count(*) INTO k FROM service_affair.completeness('bn30', 1 + i % 1000, subs, '{b05,b11}');
    n := n + k;
  END LOOP;
  us_c := extract(epoch FROM clock_timestamp() - t0) * 1e6 / calls;
  t0 := clock_timestamp();
  FOR i IN 1..calls LOOP
    SELECT count(*) INTO k FROM pg_temp.sql_completeness('bn30', 1 + i % 1000, subs, '{b05,b11}');
  END LOOP;
  us_sql := extract(epoch FROM clock_timestamp() - t0) * 1e6 / calls;
  -- the engine alone: classify_materials() over the 40 catalog entries, arrays prebuilt
  SELECT array_agg(code), array_agg(name), array_agg(required::int | (tolerable::int << 1) | (commitment_allowed::int << 2) | 16),
         array_agg(5)
    INTO c, nm, f, t FROM service_affair.material WHERE item LIKE 'bn30\_%';
  t0 := clock_timestamp();
  FOR i IN 1..calls LOOP
    SELECT count(*) INTO k FROM service_affair.classify_materials('bn30', c, nm, f, t, subs, '{b05,b11}', true);
  END LOOP;
  us_engine := extract(epoch FROM clock_timestamp() - t0) * 1e6 / calls;
  RAISE NOTICE 'completeness_bundle30: calls=% materials_per_call=% catalog_entries=% us_per_call=% plain_sql_us_per_call=% ratio_sql_over_c=% engine_only_us_per_call=%',
    calls, n / calls, array_length(c, 1), round(us_c, 1), round(us_sql, 1), round(us_sql / us_c, 2), round(us_engine, 1);
END $$;
