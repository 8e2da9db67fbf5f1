-- One parse of the setting service_affair.catalog_change (issue 10, "each
-- rule has one home"): catalog_change_publishing(), asked by catalog_record()
-- and the trigger catalog_item_defaults().  Until 2026-12-05 each of them
-- parsed the setting itself (the same pattern and status, twice).
SET search_path = service_affair, public;
BEGIN;
SELECT plan(7);

INSERT INTO department (code, name, region) VALUES ('CS', 'Change setting test', '330225');
INSERT INTO catalog_change (tbl, op, key, department, effective_from, proposed_by, proposed_at, status)
VALUES ('item', 'insert', '{"code": "cs_1"}', 'CS', '2026-01-01', 'someone', now(), 'publishing'),
       ('item', 'insert', '{"code": "cs_2"}', 'CS', '2026-01-01', 'someone', now(), 'approved');
SELECT set_config('service_affair.catalog_change', (SELECT id FROM catalog_change WHERE key->>'code' = 'cs_1')::text, true);
SELECT is(catalog_change_publishing(), (SELECT id FROM catalog_change WHERE key->>'code' = 'cs_1'),
          'the change named by the setting, publishing: its id');
SELECT set_config('service_affair.catalog_change', (SELECT id FROM catalog_change WHERE key->>'code' = 'cs_2')::text, true);
SELECT is(catalog_change_publishing(), NULL, 'a change named but not publishing: none');
SELECT set_config('service_affair.catalog_change', '12abc', true);
SELECT is(catalog_change_publishing(), NULL, 'a setting that is no id: none (no 22P02)');
SELECT set_config('service_affair.catalog_change', '9999999999999999999', true);
SELECT is(catalog_change_publishing(), NULL, 'a number beyond bigint: none (no 22003)');
SELECT set_config('service_affair.catalog_change', '', true);
SELECT is(catalog_change_publishing(), NULL, 'unset: none');

-- one parse: the two readers call it, no other function reads the setting
SELECT is((SELECT array_agg(p.proname::text ORDER BY p.proname) FROM pg_proc p
            WHERE p.pronamespace = 'service_affair'::regnamespace
              AND p.prosrc ~ 'current_setting\(''service_affair\.catalog_change'''),
          '{catalog_change_publishing}', 'only catalog_change_publishing() reads the setting');
SELECT is((SELECT array_agg(p.proname::text ORDER BY p.proname) FROM pg_proc p
            WHERE p.pronamespace = 'service_affair'::regnamespace
              AND p.prosrc ~ 'service_affair\.catalog_change_publishing\(\)'),
          '{catalog_item_defaults,catalog_record}', 'catalog_record() and catalog_item_defaults() ask it');

SELECT * FROM finish();
ROLLBACK;
