-- one_licence_service finds the identity materials of a case through two
-- hashed lookups of the catalog (item, material) and (bundle, material),
-- read once per query.  Until 2026-12-02 it matched each required material
-- against every catalog item having the same code and, for every item not
-- the case's own, ran a subquery over bundle_item: one lookup per pair
-- (2.4 s for the view on the demo county, 12 s at five times its cases).
-- Here: the same counts on 201 copies of a few cases, and bundle_item read
-- at most twice by the whole view.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(4);
\ir licence_fixture.inc

SELECT submit('lc_food', :p, '{form,bizlic,id}', 'window', '{}', '2026-08-03 09:00+08') AS c1 \gset
SELECT submit('lc_reg', :q, '{form,id}', 'window', '{}', '2026-08-03 09:00+08') AS c2 \gset
SELECT submit('lc_sign', :o, '{form}', 'window', '{}', '2026-08-03 09:00+08') AS c3 \gset
SELECT submit('lc_shop', :p, '{form,bizlic,id}', 'window', '{}', '2026-08-04 09:00+08') AS c4 \gset
CREATE TEMP TABLE base AS SELECT department, month, cases, one_licence FROM one_licence_service;
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

SELECT * FROM finish();
ROLLBACK;
