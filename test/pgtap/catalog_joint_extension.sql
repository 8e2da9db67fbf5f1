-- A joint bundle's cases are extended by at most 15 working days in all
-- (统一办理/联合办理, 行政许可法 Art 42 ¶2; extend()), a bundle of one
-- department's by each task's extension_limit with no total: the rule is
-- bundle_extension_days() (src/core/svclimit.c), which extend() and the
-- catalog's regressions ask.  A write that leaves a joint bundle of one
-- department (an entry removed, an item moved to another department) lifts
-- the cap: its cases may be extended longer, extension_lengthened as an
-- item's extension_limit raised.  Until 2026-12-05 it was judged by nothing.
SET search_path = service_affair, public;
BEGIN;
SELECT plan(27);

SELECT create_roles();
CREATE ROLE je_boss LOGIN IN ROLE service_affair_admin;
INSERT INTO department (code, name, region) VALUES
  ('JE_A', 'Joint extension A', '330225'), ('JE_B', 'Joint extension B', '330225'),
  ('JE_C', 'Joint extension C', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, extension_limit, online) VALUES
  ('je_a1', 'A one',   'JE_A', 'promised', 20, NULL, 10, true),
  ('je_a2', 'A two',   'JE_A', 'promised', 20, NULL, 10, true),
  ('je_a3', 'A three', 'JE_A', 'promised', 20, NULL, 10, true),
  ('je_a5', 'A five',  'JE_A', 'promised', 20, NULL, 5, true),
  ('je_b',  'B',       'JE_B', 'promised', 20, NULL, 10, true),
  ('je_b5', 'B five',  'JE_B', 'promised', 20, NULL, 5, true),
  ('je_c',  'C',       'JE_C', 'promised', 20, NULL, 10, true);
INSERT INTO material (item, code, name)
SELECT code, 'form', 'Form' FROM item WHERE code LIKE 'je\_%';
INSERT INTO bundle (code, name, lead_department) VALUES
  ('jes', 'Joint, two stages',           'JE_A'),
  ('jet', 'Joint, two stages of 5',      'JE_A'),
  ('jec', 'Three departments',           'JE_A'),
  ('jex', 'One department, two stages',  'JE_A');
INSERT INTO bundle_item (bundle, item, stage) VALUES
  ('jes', 'je_a1', 1), ('jes', 'je_b', 1), ('jes', 'je_a2', 2),
  ('jet', 'je_a5', 1), ('jet', 'je_b5', 2),
  ('jec', 'je_a1', 1), ('jec', 'je_b', 2), ('jec', 'je_c', 3),
  ('jex', 'je_a1', 1), ('jex', 'je_a2', 2);
-- all as if first published yesterday
INSERT INTO catalog_version (tbl, op, key, item, bundle, before_image, after_image, effective_at, actor, reviewed, ledger_seq)
SELECT 'bundle', 'update', jsonb_build_object('code', b), NULL, b, jsonb_build_object('code', b), jsonb_build_object('code', b),
       now() - interval '1 day', current_user, false, 0
  FROM unnest('{jes,jet,jec,jex}'::text[]) AS b;
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Joint Extension');
SELECT id AS p FROM applicant WHERE name = 'Joint Extension' \gset

-- the one rule
SELECT is(ARRAY[bundle_extension_days(20, 1), bundle_extension_days(20, 2), bundle_extension_days(10, 2),
                bundle_extension_days(15, 3), bundle_extension_days(30, 0)],
          '{20,15,10,15,30}', 'bundle_extension_days(): the stages'' sum, at most 15 when two or more departments');
SELECT is(bundle_extension_days(NULL, 2), NULL, 'STRICT: NULL for NULL');
SELECT results_eq($$SELECT bundle, promised_days, legal_days FROM bundle_limits WHERE bundle IN ('jes', 'jex') ORDER BY 1$$,
  $$VALUES ('jes', 40, 40), ('jex', 40, 40)$$, 'jes joint under 45: 40 legal days, as jex');

-- entries removed
SELECT is(catalog_regression_kinds('bundle_item', 'delete', '{"bundle": "jes", "item": "je_b", "stage": 1}', NULL),
          '{extension_lengthened}', 'je_b removed: jes of JE_A only, its cases extended 15 -> 20 in all (legal days 40 stay)');
SELECT is(catalog_regression_kinds('bundle_item', 'delete', '{"bundle": "jet", "item": "je_b5", "stage": 2}', NULL),
          '{}', 'je_b5 removed from jet: of one department, but 10 -> 5: nothing lengthened');
SELECT is(catalog_regression_kinds('bundle_item', 'delete', '{"bundle": "jec", "item": "je_c", "stage": 3}', NULL),
          '{}', 'je_c removed from jec: still joint (JE_A, JE_B), 15 -> 15: nothing');
SELECT is(catalog_regression_kinds('bundle_item', 'delete', '{"bundle": "jex", "item": "je_a2", "stage": 2}', NULL),
          '{}', 'an entry removed from a one-department bundle: 20 -> 10, nothing');
-- three stages of 20 and of 10: the legal days and the extensions both lifted
SAVEPOINT three;
INSERT INTO bundle_item (bundle, item, stage) VALUES ('jes', 'je_a3', 3);
SELECT is(catalog_regression_kinds('bundle_item', 'delete', '{"bundle": "jes", "item": "je_b", "stage": 1}', NULL),
          '{limit_lengthened,extension_lengthened}', 'jes of three stages: je_b removed, 45 -> 60 legal days and 15 -> 30 of extension');
ROLLBACK TO three;

-- entries added
SELECT is(catalog_regression_kinds('bundle_item', 'insert', NULL, '{"bundle": "jex", "item": "je_b", "stage": 1}'),
          '{}', 'je_b beside je_a1 makes jex joint: 20 -> 15, the cap appears, nothing lengthened');
SELECT is(catalog_regression_kinds('bundle_item', 'insert', NULL, '{"bundle": "jec", "item": "je_a2", "stage": 4}'),
          '{}', 'a fourth stage of a joint bundle: 15 -> 15 (capped), legal days 45 stay: nothing');
SELECT is(catalog_regression_kinds('bundle_item', 'insert', NULL, '{"bundle": "jes", "item": "je_a5", "stage": 1}'),
          '{}', 'an entry of 5 in a stage whose largest is 10: nothing');
SELECT is(catalog_regression_kinds('bundle_item', 'insert', NULL, '{"bundle": "jex", "item": "je_a3", "stage": 3}'),
          '{limit_lengthened,extension_lengthened}', 'a third stage of a one-department bundle: 40 -> 60 legal days, 20 -> 30 of extension');
SELECT is(catalog_regression_kinds('bundle_item', 'insert', NULL, '{"bundle": "jet", "item": "je_a1", "stage": 3}'),
          '{limit_lengthened,extension_lengthened}', 'a third stage of a joint bundle under the cap: 10 -> 15 of extension');

-- an item moved to another department
SELECT is(catalog_regression_kinds('item', 'update', '{"code": "je_b", "department": "JE_B", "extension_limit": 10}',
                                   '{"code": "je_b", "department": "JE_A", "extension_limit": 10}'),
          '{extension_lengthened}', 'je_b moved to JE_A: jes of one department, 15 -> 20 (jec stays joint)');
SELECT is(catalog_regression_kinds('item', 'update', '{"code": "je_b5", "department": "JE_B", "extension_limit": 5}',
                                   '{"code": "je_b5", "department": "JE_A", "extension_limit": 5}'),
          '{}', 'je_b5 moved to JE_A: jet of one department, 10 -> 10: nothing');
SELECT is(catalog_regression_kinds('item', 'update', '{"code": "je_c", "department": "JE_C", "extension_limit": 10}',
                                   '{"code": "je_c", "department": "JE_A", "extension_limit": 10}'),
          '{}', 'je_c moved to JE_A: jec still joint (JE_A, JE_B): nothing');
SELECT is(catalog_regression_kinds('item', 'update', '{"code": "je_a2", "department": "JE_A", "extension_limit": 10}',
                                   '{"code": "je_a2", "department": "JE_B", "extension_limit": 10}'),
          '{}', 'je_a2 moved to JE_B: jex made joint (20 -> 15), jes stays joint: nothing');
SELECT is(catalog_regression_kinds('item', 'update', '{"code": "je_b", "department": "JE_B", "extension_limit": 10}',
                                   '{"code": "je_b", "department": "JE_A", "extension_limit": 12}'),
          '{extension_lengthened}', 'moved and its extension_limit raised: extension_lengthened once');

-- the reviewed path: a regression needs a reason
SET ROLE je_boss;
SELECT throws_ok($$SELECT propose_catalog_change('{"table": "bundle_item", "op": "delete", "key": {"bundle": "jes", "item": "je_b"}}')$$,
                 '22023', 'a regression needs a reason', 'je_b''s removal from jes proposed without a reason: 22023');
SELECT throws_ok($$SELECT propose_catalog_change('{"table": "item", "op": "update", "key": {"code": "je_b"}, "row": {"department": "JE_A"}}')$$,
                 '22023', 'a regression needs a reason', 'je_b''s move to JE_A proposed without a reason: 22023');

-- direct writes: flagged, reason missing
SAVEPOINT direct;
DELETE FROM bundle_item WHERE bundle = 'jes' AND item = 'je_b';
RESET ROLE;
SELECT results_eq($$SELECT bundle, tbl, kind, reason_missing FROM catalog_regressions WHERE bundle = 'jes'$$,
  $$VALUES ('jes'::text, 'bundle_item'::text, 'extension_lengthened'::text, true)$$,
  'deleted directly: extension_lengthened of jes, reason missing');
-- what the cases are now allowed (extend(), the same rule): 10 and 10
SELECT submit('jes', :p, '{form}', 'online', '{}', '2026-03-02 10:00+08') AS c \gset
SELECT id AS t1 FROM task WHERE case_id = :c AND stage = 1 \gset
SELECT id AS t2 FROM task WHERE case_id = :c AND stage = 2 \gset
SELECT lives_ok(format('SELECT extend(%s, 10, %L, %L); SELECT complete_task(%s, %L, %L); SELECT extend(%s, 10, %L, %L)',
                       :t1, 'site visit', '2026-03-03 10:00+08', :t1, 'approved', '2026-03-04 10:00+08',
                       :t2, 'expert opinion', '2026-03-05 10:00+08'),
  'a case of jes of one department is extended by 10 and 10: 20 in all');
SET ROLE je_boss;
ROLLBACK TO direct;
SET ROLE je_boss;
SAVEPOINT moved;
UPDATE item SET department = 'JE_A' WHERE code = 'je_b';
RESET ROLE;
SELECT results_eq($$SELECT tbl, item, kind, reason_missing FROM catalog_regressions WHERE item = 'je_b' AND tbl = 'item'$$,
  $$VALUES ('item'::text, 'je_b'::text, 'extension_lengthened'::text, true)$$,
  'je_b moved directly: extension_lengthened of its version, reason missing');
SET ROLE je_boss;
ROLLBACK TO moved;
SAVEPOINT made_joint;
UPDATE item SET department = 'JE_B' WHERE code = 'je_a2';
RESET ROLE;
SELECT is((SELECT count(*)::int FROM catalog_regressions WHERE item = 'je_a2' AND tbl = 'item'), 0,
  'je_a2 moved directly, jex made joint: no regression');
SET ROLE je_boss;
ROLLBACK TO made_joint;

-- as before the removal: a joint case, 15 in all
RESET ROLE;
SELECT submit('jes', :p, '{form}', 'online', '{}', '2026-03-02 10:00+08') AS j \gset
SELECT id AS j1 FROM task WHERE case_id = :j AND stage = 1 AND item = 'je_a1' \gset
SELECT id AS j2 FROM task WHERE case_id = :j AND stage = 2 \gset
SELECT lives_ok(format('SELECT extend(%s, 10, %L, %L)', :j1, 'site visit', '2026-03-03 10:00+08'),
  'a joint case of jes: 10 of 15');
SELECT lives_ok(format('SELECT complete_task(%s, %L, %L)', :j1, 'approved', '2026-03-04 10:00+08')
                || format('; SELECT complete_task(id, %L, %L) FROM task WHERE case_id = %s AND stage = 1 AND item = %L',
                          'approved', '2026-03-04 10:00+08', :j, 'je_b'), 'stage 1 done');
SELECT throws_ok(format('SELECT extend(%s, 10, %L, %L)', :j2, 'expert opinion', '2026-03-05 10:00+08'), '22023',
  'extension beyond the joint handling limit', 'a joint case of jes: 10 more refused (20 > 15)');

SELECT * FROM finish();
ROLLBACK;
