-- one_licence_service and licence_review find a case's materials of a kind
-- (identity; the revoked licence's type) through two hashed lookups of the
-- catalog, (item, material) and (bundle, material), read once per query.
-- Until 2026-12-02 they matched each material against every catalog item
-- having the same code and, for every item not the case's own, ran a
-- subquery over bundle_item: one lookup per pair (one_licence_service: 2.3-
-- 3.5 s on the demo county, 81 s with five times its cases and a catalog of
-- 1,200 items).  Here: the same rows on 201 copies of a few cases, and
-- bundle_item read at most twice by each whole view.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(8);
\ir licence_fixture.inc

SELECT submit('lc_food', :p, '{form,bizlic,id}', 'window', '{}', '2026-08-03 09:00+08') AS c1 \gset
SELECT submit('lc_reg', :q, '{form,id}', 'window', '{}', '2026-08-03 09:00+08') AS c2 \gset
SELECT submit('lc_sign', :o, '{form}', 'window', '{}', '2026-08-03 09:00+08') AS c3 \gset
SELECT submit('lc_shop', :p, '{form,bizlic,id}', 'window', '{}', '2026-08-04 09:00+08') AS c4 \gset
-- a business licence of the first person, revoked after those cases, which
-- they relied on (their bizlic satisfied as shared)
INSERT INTO licence (number, evidence_type, holder, case_id, issued_at, status, changed_at, department, origin, key_id, hmac, calendar)
VALUES ('LVS-1', 'lc_bizlic', :p, :c3, '2026-07-01 10:00+08', 'revoked', '2026-09-01 10:00+08', 'LC_MKT', 'recorded', 'lvs', repeat('0', 64), 'cn');
UPDATE case_material SET initial_status = 'shared' WHERE material = 'bizlic' AND case_id IN (:c1, :c4);
CREATE TEMP TABLE base AS SELECT department, month, cases, one_licence FROM one_licence_service;
CREATE TEMP TABLE review_base AS SELECT service, material, count(*) AS n FROM licence_review GROUP BY 1, 2;
SELECT results_eq($$SELECT service, material, n FROM review_base ORDER BY 1$$,
                  $$VALUES ('lc_food'::text, 'bizlic'::text, 1::bigint), ('lc_shop', 'bizlic', 1)$$,
                  'licence_review: the item case and the bundle case that relied on the revoked licence');
SELECT ok((SELECT sum(cases) FROM base) >= 3 AND (SELECT count(*) FROM cases WHERE bundle = 'lc_shop') = 1,
          'cases with identity materials, a bundle among them, are counted');

-- 200 more copies of those cases and their materials (new ids in the same month)
SET LOCAL session_replication_role = replica;
DO $$
DECLARE
  t text; cols text; sel text;
BEGIN
  FOREACH t IN ARRAY ARRAY['cases', 'case_material'] LOOP
    SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum),
           string_agg(CASE WHEN attname IN ('id', 'case_id') THEN format('%I + k * 1000000', attname)
                           ELSE quote_ident(attname) END, ', ' ORDER BY attnum)
      INTO cols, sel
      FROM pg_attribute WHERE attrelid = ('service_affair.' || t)::regclass AND attnum > 0 AND NOT attisdropped;
    EXECUTE format('INSERT INTO service_affair.%I (%s) OVERRIDING SYSTEM VALUE SELECT %s FROM service_affair.%I, generate_series(1, 200) k',
                   t, cols, sel, t);
  END LOOP;
END $$;
SET LOCAL session_replication_role = origin;
ANALYZE cases, case_material, material, bundle_item;

SELECT results_eq($$SELECT department, month, cases, one_licence FROM one_licence_service ORDER BY 1, 2$$,
                  $$SELECT department, month, cases * 201, one_licence * 201 FROM base ORDER BY 1, 2$$,
                  'the same counts, 201 times');

CREATE TEMP TABLE scans AS SELECT 0::bigint AS before;
CREATE FUNCTION pg_temp.bundle_item_scans() RETURNS bigint LANGUAGE sql AS
  $$SELECT seq_scan + COALESCE(idx_scan, 0) FROM pg_stat_xact_user_tables WHERE relid = 'service_affair.bundle_item'::regclass$$;
UPDATE scans SET before = pg_temp.bundle_item_scans();
SELECT is((SELECT count(*) FROM one_licence_service), (SELECT count(*) FROM base), 'the view over 804 cases');
SELECT cmp_ok(pg_temp.bundle_item_scans() - (SELECT before FROM scans), '<=', 2::bigint,
              'reads bundle_item at most twice (once per material of another item before)');


SELECT results_eq($$SELECT service, material, count(*) FROM licence_review GROUP BY 1, 2 ORDER BY 1$$,
                  $$SELECT service, material, n * 201 FROM review_base ORDER BY 1$$,
                  'licence_review: the same cases, 201 times');
UPDATE scans SET before = pg_temp.bundle_item_scans();
SELECT is((SELECT count(*) FROM licence_review), 402::bigint, 'licence_review over 804 cases');
SELECT cmp_ok(pg_temp.bundle_item_scans() - (SELECT before FROM scans), '<=', 2::bigint,
              'reads bundle_item at most twice (once per material of another item before)');

SELECT * FROM finish();
ROLLBACK;
