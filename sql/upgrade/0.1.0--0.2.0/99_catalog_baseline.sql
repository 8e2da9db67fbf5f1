-- The catalog as the update finds it (issue 14): every row of item, material,
-- bundle and bundle_item becomes a version written directly (reviewed =
-- false, so listed in catalog_review_queue), chained in the ledger catalog.
-- Last of the update, after every backfill of the catalog tables; the
-- triggers of 75_catalog_ledger.sql record every later write.
DO $$
DECLARE
    r record;
    v_id bigint;
    v_seq bigint;
    v_at timestamptz := pg_catalog.now();
BEGIN
    FOR r IN
        SELECT 1 AS o, 'item' AS tbl, pg_catalog.to_jsonb(t) AS img FROM service_affair.item t
        UNION ALL SELECT 2, 'material', pg_catalog.to_jsonb(t) FROM service_affair.material t
        UNION ALL SELECT 3, 'bundle', pg_catalog.to_jsonb(t) FROM service_affair.bundle t
        UNION ALL SELECT 4, 'bundle_item', pg_catalog.to_jsonb(t) FROM service_affair.bundle_item t
        ORDER BY 1, 3
    LOOP
        v_id := pg_catalog.nextval('service_affair.catalog_version_id_seq');
        v_seq := service_affair.log_append('catalog', 'catalog', pg_catalog.jsonb_build_object(
            'version', v_id, 'table', r.tbl, 'op', 'insert', 'key', service_affair.catalog_key(r.tbl, r.img),
            'before', NULL, 'after', r.img, 'effective_at', v_at, 'reviewed', false, 'change', NULL,
            'reason', 'catalog of 0.1.0, logged by the update to 0.2.0', 'regressions', '[]'::jsonb, 'bundles_lengthened', '[]'::jsonb));
        INSERT INTO service_affair.catalog_version (id, tbl, op, key, item, bundle, before_image, after_image, effective_at,
                                                    actor, change_id, reviewed, reason, regressions, ledger_seq)
            OVERRIDING SYSTEM VALUE
            VALUES (v_id, r.tbl, 'insert', service_affair.catalog_key(r.tbl, r.img),
                    CASE WHEN r.tbl = 'item' THEN r.img->>'code' WHEN r.tbl IN ('material', 'bundle_item') THEN r.img->>'item' END,
                    CASE WHEN r.tbl = 'bundle' THEN r.img->>'code' WHEN r.tbl = 'bundle_item' THEN r.img->>'bundle' END,
                    NULL, r.img, v_at, service_affair.actor(), NULL, false,
                    'catalog of 0.1.0, logged by the update to 0.2.0', '{}', v_seq);
    END LOOP;
END
$$;
