-- assess_summary() (45_assess.sql, src/intake.c) is what submit() records:
-- the catalog entries of catalog_entries() classified by the C engine and
-- returned as arrays with the counts of the case row.  Until 0.2's last speed
-- pass submit() built the same arrays by aggregating the rows of assess()
-- (the catalog query, then classify_materials() as a set-returning
-- function).  That former computation is written out below, from the engine's
-- set-returning entry point and the catalog query as it stood, and compared
-- with assess_summary() over many random catalogs, bundles, applicants and
-- submissions: every array, its order, its NULLs and both counts.  Unknown
-- codes and NULL elements fail the same way through both.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(17);

INSERT INTO department (code, name, region) VALUES ('IT_SUM', 'Summary test department', '330225');
INSERT INTO evidence_type (code, name) VALUES ('s1', 'Evidence 1'), ('s2', 'Evidence 2');
INSERT INTO applicant (kind, resident_id, uscc, name, credit_ok) VALUES
  ('person', '11010519491231002X', NULL, 'SP1', true),
  ('org', NULL, '91110000600037341L', 'SO1', false);

-- the former computation of submit() (0.2 before 45_assess.sql)
CREATE FUNCTION pg_temp.former(service text, applicant bigint, applicant_kind text, credit_ok boolean,
    materials text[], commitments text[], at timestamptz,
    OUT codes text[], OUT names text[], OUT statuses text[], OUT tolerance_days integer[], OUT required boolean[],
    OUT missing text[], OUT tolerated text[], OUT nrequired integer, OUT nreduced integer)
LANGUAGE sql AS $f$
  SELECT pg_catalog.array_agg(x.material), pg_catalog.array_agg(x.name),
         pg_catalog.array_agg(x.status), pg_catalog.array_agg(x.tolerance_days), pg_catalog.array_agg(x.required),
         pg_catalog.array_agg(x.material) FILTER (WHERE x.status = 'missing'),
         pg_catalog.array_agg(x.material) FILTER (WHERE x.status = 'tolerated'),
         pg_catalog.count(*) FILTER (WHERE x.required),
         pg_catalog.count(*) FILTER (WHERE x.required AND x.status IN ('shared', 'committed', 'produced'))
    FROM (SELECT c.*
            FROM (SELECT pg_catalog.array_agg(m.code ORDER BY m.item, m.code) AS codes,
                         pg_catalog.array_agg(m.name ORDER BY m.item, m.code) AS names,
                         pg_catalog.array_agg(m.required::integer | (m.tolerable::integer << 1)
                                              | (m.commitment_allowed::integer << 2)
                                              | ((e.applicant IS NOT NULL
                                                  OR EXISTS (SELECT FROM service_affair.licence l
                                                              WHERE l.holder = former.applicant AND l.evidence_type = m.evidence_type
                                                                AND l.status = 'valid'
                                                                AND (l.valid_until IS NULL
                                                                     OR l.valid_until >= service_affair.local_day(at, i.calendar))))::integer << 3)
                                              | ((m.applies_to = 'any' OR m.applies_to = applicant_kind)::integer << 4)
                                              | ((m.evidence_type IS NOT NULL AND EXISTS (
                                                    SELECT FROM service_affair.bundle_item b1
                                                      JOIN service_affair.bundle_item b0 ON b0.bundle = b1.bundle AND b0.stage < b1.stage
                                                      JOIN service_affair.item i0 ON i0.code = b0.item
                                                     WHERE b1.bundle = service AND b1.item = m.item
                                                       AND i0.output_evidence_type = m.evidence_type))::integer << 5)
                                              ORDER BY m.item, m.code) AS flags,
                         pg_catalog.array_agg(i.tolerance_days ORDER BY m.item, m.code) AS tol
                    FROM service_affair.material m
                    JOIN service_affair.item i ON i.code = m.item
                    LEFT JOIN service_affair.evidence e
                           ON e.applicant = former.applicant AND e.evidence_type = m.evidence_type
                          AND (e.valid_until IS NULL OR e.valid_until >= service_affair.local_day(at, i.calendar))
                   WHERE m.item = service
                      OR m.item IN (SELECT bi.item FROM service_affair.bundle_item bi WHERE bi.bundle = service)) m,
                 LATERAL service_affair.classify_materials(service, m.codes, m.names, m.flags, m.tol,
                                                           materials, commitments, credit_ok) c) x
$f$;

CREATE FUNCTION pg_temp.compare(rounds integer, seed float8,
    OUT compared integer, OUT differing integer, OUT bundles integer, OUT with_missing integer,
    OUT with_tolerated integer, OUT with_reduced integer, OUT produced integer, OUT assess_rows_differing integer)
LANGUAGE plpgsql AS $f$
DECLARE
  r integer; k integer; j integer; v integer;
  nitems integer; svc text; is_bundle boolean;
  app bigint; kind text; credit boolean; codes text[]; subs text[]; coms text[];
  at0 timestamptz;
  a record; b record;
BEGIN
  compared := 0; differing := 0; bundles := 0; with_missing := 0; with_tolerated := 0; with_reduced := 0;
  produced := 0; assess_rows_differing := 0;
  PERFORM setseed(seed);
  FOR r IN 1..rounds LOOP
    nitems := 1 + floor(random() * 4)::int;
    FOR k IN 1..nitems LOOP
      INSERT INTO service_affair.item (code, name, department, kind, legal_limit, promised_limit, tolerance_days,
                                       output_evidence_type)
      VALUES ('is_' || r || '_' || k, 'Item', 'IT_SUM', 'promised', 20, 5, floor(random() * 8)::int,
              CASE WHEN random() < 0.3 THEN (ARRAY['s1', 's2'])[1 + floor(random() * 2)::int] END);
      FOR j IN 1..floor(random() * 9)::int LOOP
        INSERT INTO service_affair.material (item, code, name, required, tolerable, evidence_type, commitment_allowed, applies_to)
        VALUES ('is_' || r || '_' || k, 'c' || floor(random() * 12)::int, 'Material ' || floor(random() * 3)::int,
                random() < 0.75, random() < 0.3,
                (ARRAY['s1', 's2', NULL, NULL])[1 + floor(random() * 4)::int],
                random() < 0.3, (ARRAY['any', 'any', 'person', 'org'])[1 + floor(random() * 4)::int])
        ON CONFLICT DO NOTHING;
      END LOOP;
    END LOOP;
    is_bundle := nitems > 1 AND random() < 0.7;
    IF is_bundle THEN
      bundles := bundles + 1;
      svc := 'isb_' || r;
      INSERT INTO service_affair.bundle (code, name, lead_department) VALUES (svc, 'Bundle', 'IT_SUM');
      INSERT INTO service_affair.bundle_item (bundle, item, stage)
      SELECT svc, 'is_' || r || '_' || g, 1 + floor(random() * 3)::int FROM generate_series(1, nitems) g;
    ELSE
      svc := 'is_' || r || '_1';
    END IF;
    SELECT x.id, x.kind INTO app, kind FROM service_affair.applicant x WHERE x.name IN ('SP1', 'SO1')
     ORDER BY random() LIMIT 1;
    credit := random() < 0.6;
    DELETE FROM service_affair.evidence e WHERE e.applicant = app;
    INSERT INTO service_affair.evidence (applicant, evidence_type, valid_until)
    SELECT app, t, (ARRAY[NULL, '2026-01-01', '2027-01-01']::date[])[1 + floor(random() * 3)::int]
      FROM unnest(ARRAY['s1', 's2']) t WHERE random() < 0.5;
    SELECT array_agg(DISTINCT m.code) INTO codes FROM service_affair.material m
     WHERE m.item = svc OR m.item IN (SELECT bi.item FROM service_affair.bundle_item bi WHERE bi.bundle = svc);
    at0 := '2026-11-18 10:00+08'::timestamptz + (floor(random() * 200) || ' hours')::interval;
    FOR v IN 1..3 LOOP  -- three submissions of each service
      SELECT array_agg(c) INTO subs FROM unnest(codes) c WHERE random() < 0.5;    -- NULL when none
      SELECT COALESCE(array_agg(c), '{}') INTO coms FROM unnest(codes) c WHERE random() < 0.3;
      SELECT * INTO a FROM pg_temp.former(svc, app, kind, credit, subs, coms, at0);
      SELECT * INTO b FROM service_affair.assess_summary(svc, app, kind, credit, subs, coms, at0);
      compared := compared + 1;
      IF ROW(a.codes, a.names, a.statuses, a.tolerance_days, a.required, a.missing, a.tolerated, a.nrequired, a.nreduced)
         IS DISTINCT FROM ROW(b.codes, b.names, b.statuses, b.tolerance_days, b.required, b.missing, b.tolerated, b.nrequired, b.nreduced) THEN
        differing := differing + 1;
        RAISE NOTICE 'differs for % %: former % / summary %', svc, subs, row_to_json(a), row_to_json(b);
      END IF;
      IF EXISTS (SELECT FROM (SELECT * FROM service_affair.assess(svc, app, kind, credit, subs, coms, at0)
                              EXCEPT ALL
                              SELECT * FROM ROWS FROM (unnest(b.codes), unnest(b.names), unnest(b.statuses),
                                                       unnest(b.tolerance_days), unnest(b.required))) d)
         OR (SELECT count(*) FROM service_affair.assess(svc, app, kind, credit, subs, coms, at0))
            <> COALESCE(cardinality(b.codes), 0) THEN
        assess_rows_differing := assess_rows_differing + 1;
      END IF;
      IF b.missing IS NOT NULL THEN with_missing := with_missing + 1; END IF;
      IF b.tolerated IS NOT NULL THEN with_tolerated := with_tolerated + 1; END IF;
      IF b.nreduced > 0 THEN with_reduced := with_reduced + 1; END IF;
      IF 'produced' = ANY (b.statuses) THEN produced := produced + 1; END IF;
    END LOOP;
  END LOOP;
END $f$;

SELECT * INTO TEMP cmp FROM pg_temp.compare(150, 0.17);
SELECT diag('rounds: ' || row_to_json(cmp)::text) FROM cmp;
SELECT is((SELECT differing FROM cmp), 0,
          'assess_summary() gives what submit() computed before: every array, order, NULL and count');
SELECT is((SELECT assess_rows_differing FROM cmp), 0, 'assess() returns exactly the rows of assess_summary()');
SELECT ok((SELECT with_missing >= 50 AND with_tolerated >= 20 AND with_reduced >= 20 AND bundles >= 40 AND produced >= 1
             AND compared = 450 FROM cmp),
          'the random submissions had missing, tolerated, reduced and produced materials, and bundles');

-- a service without materials: NULL arrays, zero counts (as the aggregate gave)
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit) VALUES ('is_bare', 'Bare', 'IT_SUM', 'promised', 20, 5);
SELECT results_eq(
  $$SELECT codes, statuses, missing, nrequired, nreduced
      FROM assess_summary('is_bare', (SELECT id FROM applicant WHERE name = 'SP1'), 'person', true, NULL, NULL, now())$$,
  $$VALUES (NULL::text[], NULL::text[], NULL::text[], 0, 0)$$,
  'a service without materials: NULL arrays, zero counts');

-- errors: the same as classify_materials() and completeness()
INSERT INTO material (item, code, name, required) VALUES ('is_bare', 'form', 'Form', true);
SELECT throws_ok(
  $$SELECT assess_summary('is_bare', (SELECT id FROM applicant WHERE name = 'SP1'), 'person', true, '{zz,form,aa}', '{qq}', now())$$,
  '22023', 'unknown material codes for service "is_bare"', 'unknown codes: 22023');
CREATE FUNCTION pg_temp.unknown_detail() RETURNS text LANGUAGE plpgsql AS $f$
DECLARE d text;
BEGIN
  PERFORM service_affair.assess_summary('is_bare', (SELECT id FROM service_affair.applicant WHERE name = 'SP1'), 'person',
                                        true, '{zz,form,aa}', '{qq}', now());
  RETURN NULL;
EXCEPTION WHEN invalid_parameter_value THEN
  GET STACKED DIAGNOSTICS d = PG_EXCEPTION_DETAIL;
  RETURN d;
END $f$;
SELECT is(pg_temp.unknown_detail(), 'Unknown material codes for service "is_bare": aa, qq, zz.',
          'the detail names every unknown code, submitted or committed, sorted');
SELECT throws_ok(
  $$SELECT assess_summary('is_bare', (SELECT id FROM applicant WHERE name = 'SP1'), 'person', true, ARRAY['form', NULL], NULL, now())$$,
  '22023', 'materials must not contain null', 'a NULL submitted code: 22023');
SELECT throws_ok(
  $$SELECT assess_summary('is_bare', (SELECT id FROM applicant WHERE name = 'SP1'), 'person', true, '{form}', ARRAY[NULL::text], now())$$,
  '22023', 'commitments must not contain null', 'a NULL committed code: 22023');
SELECT is((SELECT statuses FROM assess_summary('is_bare', (SELECT id FROM applicant WHERE name = 'SP1'), 'person', true,
                                               '{form}', NULL, now())),
          '{present}'::text[], 'a submitted material is present');

-- NULL applicant, applicant kind or instant: what the former computation gave
SELECT is((SELECT count(*)::integer FROM (VALUES (NULL::bigint, 'person', now()), ((SELECT id FROM applicant WHERE name = 'SP1'), NULL, now()),
                                                 ((SELECT id FROM applicant WHERE name = 'SP1'), 'person', NULL::timestamptz)) v(app, kind, at)
            WHERE (SELECT row(f.*) FROM pg_temp.former('is_bare', v.app, v.kind, true, '{form}', NULL, v.at) f)
                  IS DISTINCT FROM (SELECT row(a.codes, a.names, a.statuses, a.tolerance_days, a.required, a.missing, a.tolerated,
                                              a.nrequired, a.nreduced)  -- the former had no evidence_types
                                      FROM assess_summary('is_bare', v.app, v.kind, true, '{form}', NULL, v.at) a)),
          0, 'NULL applicant, applicant kind or instant: the same outcome as before');

-- a role that may execute assess_summary() but not catalog_entries() is
-- refused before it plans the session's query (the planner would not inline
-- catalog_entries() for it, and the plan is kept for whoever calls next)
CREATE ROLE sa_test_summary_only;
GRANT USAGE ON SCHEMA service_affair TO sa_test_summary_only;
GRANT EXECUTE ON FUNCTION assess_summary(text, bigint, text, boolean, text[], text[], timestamptz) TO sa_test_summary_only;
GRANT SELECT ON material, item, bundle_item, evidence, licence, licence_annulment TO sa_test_summary_only;
SET ROLE sa_test_summary_only;
SELECT throws_ok(
  $$SELECT assess_summary('is_bare', 1, 'person', true, '{form}', NULL, now())$$,
  '42501', 'permission denied for function service_affair.catalog_entries',
  'a caller who may not execute catalog_entries(): 42501');
RESET ROLE;
GRANT EXECUTE ON FUNCTION catalog_entries(text, bigint, text, timestamptz), service_item_codes(text), local_day(timestamptz, text),
                          material_flags(boolean, boolean, boolean, boolean, text, text, boolean),
                          licence_in_force(date, timestamptz, text), licence_ended(date, timestamptz, text)
  TO sa_test_summary_only;
SET ROLE sa_test_summary_only;
SELECT is((SELECT statuses FROM assess_summary('is_bare', 1, 'person', true, '{form}', NULL, now())),
          '{present}'::text[], 'with EXECUTE on catalog_entries() too, the same outcome');
RESET ROLE;
SELECT is((SELECT statuses FROM assess_summary('is_bare', 1, 'person', true, NULL, NULL, now())),
          '{missing}'::text[], 'the owner afterwards, in the same session: the same outcome');
-- the same when the unprivileged caller comes first after the session's plans
-- are dropped: refused before planning, so the owner's next call plans the
-- query with catalog_entries() inlined (a call of it as a function would show
-- in the transaction's function statistics)
REVOKE EXECUTE ON FUNCTION catalog_entries(text, bigint, text, timestamptz) FROM sa_test_summary_only;
DISCARD PLANS;
SET ROLE sa_test_summary_only;
SELECT throws_ok(
  $$SELECT assess_summary('is_bare', 1, 'person', true, '{form}', NULL, now())$$,
  '42501', 'permission denied for function service_affair.catalog_entries',
  'first after DISCARD PLANS, a caller who may not execute catalog_entries(): 42501');
RESET ROLE;
SET LOCAL track_functions = 'all';
SELECT is((SELECT statuses FROM assess_summary('is_bare', 1, 'person', true, '{form}', NULL, now())),
          '{present}'::text[], 'the owner next: the same outcome');
SELECT is((SELECT COALESCE(sum(calls), 0)::integer FROM pg_stat_xact_user_functions
            WHERE funcid = 'catalog_entries(text, bigint, text, timestamptz)'::regprocedure),
          0, 'and through a plan that inlines catalog_entries() (never called as a function)');

-- granted to no role
SELECT ok(NOT has_function_privilege('public', 'service_affair.assess_summary(text, bigint, text, boolean, text[], text[], timestamptz)', 'EXECUTE')
          AND NOT has_function_privilege('public', 'service_affair.catalog_entries(text, bigint, text, timestamptz)', 'EXECUTE'),
          'PUBLIC may not execute assess_summary() or catalog_entries()');

SELECT * FROM finish();
ROLLBACK;
