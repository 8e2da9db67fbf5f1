-- catalog_indicators(as_of) (issues 14 and 16): 网上可办, 全程网办, 马上办,
-- 跑零次 and materials reduced as shares of the active items at the end of a
-- day, per department, per region and overall, from the catalog versions.
SET search_path = service_affair, public;
BEGIN;
SELECT plan(18);

SELECT create_roles();
CREATE ROLE ci_citizen LOGIN IN ROLE service_affair_public;
INSERT INTO department (code, name, region) VALUES ('IA', 'Indicator A', '330225'), ('IB', 'Indicator B', '330226');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online_depth, status) VALUES
  ('ia_1', 'One',   'IA', 'immediate', NULL, NULL, 0, 'apply', 'active'),
  ('ia_2', 'Two',   'IA', 'promised',  20,   5,    1, 'full',  'active'),
  ('ia_3', 'Three', 'IA', 'promised',  20,   5,    1, 'none',  'cancelled'),
  ('ia_4', 'Four',  'IA', 'promised',  20,   10,   1, 'none',  'active'),
  ('ib_1', 'Five',  'IB', 'immediate', NULL, NULL, 0, 'none',  'active');
INSERT INTO material (item, code, name, required) VALUES ('ia_4', 'form', '申请表', true);

SELECT results_eq($$SELECT department, region, items, online_share, full_online_share, immediate_share, zero_visit_share, materials_reduced_share
                      FROM catalog_indicators()$$,
                  $$VALUES ('IA'::text, '330225'::text, 3, 2/3::numeric, 1/3::numeric, 1/3::numeric, 1/3::numeric, 0::numeric),
                           ('IB', '330226', 1, 0, 0, 1, 1, 0),
                           (NULL, '330225', 3, 2/3::numeric, 1/3::numeric, 1/3::numeric, 1/3::numeric, 0),
                           (NULL, '330226', 1, 0, 0, 1, 1, 0),
                           (NULL, NULL, 4, 2/4::numeric, 1/4::numeric, 2/4::numeric, 2/4::numeric, 0)$$,
                  'today: per department, per region, overall; the cancelled item is left out');

-- history: ia_4 was published three days ago with two required materials,
-- one of them dropped two days ago (versions written as a bulk load would)
INSERT INTO catalog_version (tbl, op, key, item, before_image, after_image, effective_at, actor, reviewed, ledger_seq)
SELECT 'item', 'insert', jsonb_build_object('code', 'ia_4'), 'ia_4', NULL,
       to_jsonb(i) || '{"online_depth": "apply", "online": true}', now() - interval '3 days', 'loader', false, 0
  FROM item i WHERE i.code = 'ia_4';
INSERT INTO catalog_version (tbl, op, key, item, before_image, after_image, effective_at, actor, reviewed, ledger_seq)
SELECT 'material', 'insert', jsonb_build_object('item', 'ia_4', 'code', c), 'ia_4', NULL,
       to_jsonb(m) || jsonb_build_object('code', c), now() - interval '3 days', 'loader', false, 0
  FROM material m, unnest(ARRAY['form', 'plan']) c WHERE m.item = 'ia_4' AND m.code = 'form';
INSERT INTO catalog_version (tbl, op, key, item, before_image, after_image, effective_at, actor, reviewed, ledger_seq)
SELECT 'material', 'delete', jsonb_build_object('item', 'ia_4', 'code', 'plan'), 'ia_4', after_image, NULL,
       now() - interval '2 days', 'loader', false, 0
  FROM catalog_version WHERE key = '{"item": "ia_4", "code": "plan"}';

SELECT is((SELECT materials_reduced_share FROM catalog_indicators() WHERE department = 'IA'), 1/3::numeric,
          'ia_4 asks for fewer materials than on its first day: materials reduced');
SELECT results_eq($$SELECT department, items, online_share, materials_reduced_share FROM catalog_indicators(local_day(now() - interval '3 days'))$$,
                  $$VALUES ('IA'::text, 1, 1::numeric, 0::numeric), (NULL, 1, 1, 0), (NULL, 1, 1, 0)$$,
                  'three days ago: only ia_4, then online, nothing reduced yet');
SELECT is((SELECT materials_reduced_share FROM catalog_indicators(local_day(now() - interval '2 days')) WHERE department = 'IA'), 1::numeric,
          'two days ago: its material dropped');
SELECT results_eq($$SELECT department, region, items, online_share FROM catalog_indicators(local_day(now() - interval '10 days'))$$,
                  $$VALUES (NULL::text, NULL::text, 0, NULL::numeric)$$, 'before the first version: no item, shares NULL');
-- a change today moves today's figure only
UPDATE item SET online_depth = 'full' WHERE code = 'ia_4';
SELECT is((SELECT full_online_share FROM catalog_indicators() WHERE department = 'IA'), 2/3::numeric, 'today: ia_4 now 全程网办');
SELECT is((SELECT full_online_share FROM catalog_indicators(local_day(now() - interval '1 day')) WHERE department = 'IA'), 0::numeric,
          'yesterday unchanged (no 全程网办 item then)');

SET ROLE ci_citizen;
SELECT lives_ok($$SELECT * FROM catalog_indicators()$$, 'the public reads the catalog indicators');
-- a day that is no day: 22023, not an empty catalog (NULL) nor 22008 (beyond timestamps)
SELECT throws_ok($$SELECT * FROM catalog_indicators(NULL)$$, '22023', 'invalid as_of', 'as_of NULL: 22023, not the row of an empty catalog');
SELECT throws_ok($$SELECT * FROM catalog_indicators('infinity')$$, '22023', 'invalid as_of', 'as_of infinity: 22023');
SELECT throws_ok($$SELECT * FROM catalog_indicators('5874897-12-31')$$, '22023', 'invalid as_of', 'as_of beyond the timestamps: 22023, not 22008');
SELECT lives_ok($$SELECT * FROM catalog_indicators('294276-12-30')$$, 'the last day whose end is a timestamp is answered');
SELECT throws_ok($$SELECT * FROM power_list_changes(NULL, current_date)$$, '22023', 'invalid from_day', 'power_list_changes from NULL: 22023, not no rows');
SELECT throws_ok($$SELECT * FROM power_list_changes(current_date, '5874897-12-31')$$, '22023', 'invalid to_day', 'power_list_changes to beyond the timestamps: 22023');
RESET ROLE;
SELECT is((SELECT count(*)::int FROM catalog_indicators() WHERE department IS NULL AND region IS NULL), 1, 'one overall row');

-- the default as_of is today in Shanghai, whatever the session's TimeZone
-- (until 2026-12-05 CURRENT_DATE: yesterday's catalog on a server west of
-- Shanghai, tomorrow's east of it).  ia_2 leaves the online catalog at the
-- first minute of tomorrow in Shanghai (a version written as a bulk load
-- would), so yesterday, today and tomorrow each give other figures; at any
-- instant the date of UTC-12 or of UTC+14 differs from Shanghai's.
INSERT INTO catalog_version (tbl, op, key, item, before_image, after_image, effective_at, actor, reviewed, ledger_seq)
SELECT 'item', 'update', jsonb_build_object('code', 'ia_2'), 'ia_2', to_jsonb(i),
       to_jsonb(i) || '{"online_depth": "none", "online": false}',
       ((now() AT TIME ZONE 'Asia/Shanghai')::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai' + interval '1 minute', 'loader', false, 0
  FROM item i WHERE i.code = 'ia_2';
SELECT ok((SELECT array_agg(online_share ORDER BY d) FROM generate_series(-1, 1) d,
                  catalog_indicators((now() AT TIME ZONE 'Asia/Shanghai')::date + d) WHERE department IS NULL AND region IS NULL)
          = ARRAY[1, 3/4::numeric, 2/4::numeric],
          'overall online_share yesterday 1/1, today 3/4, tomorrow (Shanghai) 2/4: the days differ');
SET LOCAL TimeZone = 'Etc/GMT+12';  -- UTC-12
SELECT results_eq($$SELECT * FROM catalog_indicators()$$,
                  $$SELECT * FROM catalog_indicators((now() AT TIME ZONE 'Asia/Shanghai')::date)$$,
                  'catalog_indicators() in a session on UTC-12: today in Shanghai');
SET LOCAL TimeZone = 'Etc/GMT-14';  -- UTC+14
SELECT results_eq($$SELECT * FROM catalog_indicators()$$,
                  $$SELECT * FROM catalog_indicators((now() AT TIME ZONE 'Asia/Shanghai')::date)$$,
                  'catalog_indicators() in a session on UTC+14: today in Shanghai');
RESET TimeZone;

SELECT * FROM finish();
ROLLBACK;
