-- The guide a case was filed under (issue 14): case_guide() reprints it from
-- the catalog versions whatever changed later, for items and bundles; only
-- the staff who may see the case read it.
SET search_path = service_affair, public;
BEGIN;
SELECT plan(8);

SELECT create_roles();
CREATE ROLE cs_clerk LOGIN IN ROLE service_affair_clerk;
CREATE ROLE cs_citizen LOGIN IN ROLE service_affair_public;
INSERT INTO department (code, name, region) VALUES ('SA', 'Snapshot A', '330225'), ('SB', 'Snapshot B', '330299');
INSERT INTO staff (login, department) VALUES ('cs_clerk', 'SA');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, fee) VALUES
  ('sa_item', 'Item A', 'SA', 'promised', 20, 10, '10元'),
  ('sa_two', 'Item B', 'SA', 'promised', 20, 5, NULL);
INSERT INTO material (item, code, name) VALUES ('sa_item', 'form', '申请表'), ('sa_two', 'form', '申请表');
INSERT INTO bundle (code, name, lead_department) VALUES ('sab', 'Bundle', 'SA');
INSERT INTO bundle_item (bundle, item, stage) VALUES ('sab', 'sa_item', 1), ('sab', 'sa_two', 2);
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Snapshot Person');

-- the history as a bulk load three days ago would have left it: sa_item then
-- promised 15 days and asked for a second material
INSERT INTO catalog_version (tbl, op, key, item, bundle, before_image, after_image, effective_at, actor, reviewed, ledger_seq)
SELECT v.tbl, v.op, v.key, v.item, v.bundle, NULL,
       CASE WHEN v.tbl = 'item' AND v.item = 'sa_item' THEN v.after_image || '{"promised_limit": 15, "fee": "20元"}' ELSE v.after_image END,
       now() - interval '3 days', 'loader', false, 0
  FROM catalog_version v WHERE v.item IN ('sa_item', 'sa_two') OR v.bundle = 'sab';
INSERT INTO catalog_version (tbl, op, key, item, before_image, after_image, effective_at, actor, reviewed, ledger_seq)
VALUES ('material', 'insert', '{"item": "sa_item", "code": "plan"}', 'sa_item', NULL,
        '{"item": "sa_item", "code": "plan", "name": "平面图", "required": true}', now() - interval '3 days', 'loader', false, 0);
INSERT INTO catalog_version (tbl, op, key, item, before_image, after_image, effective_at, actor, reviewed, ledger_seq)
VALUES ('material', 'delete', '{"item": "sa_item", "code": "plan"}', 'sa_item',
        '{"item": "sa_item", "code": "plan", "name": "平面图", "required": true}', NULL, now() - interval '1 day', 'loader', false, 0);

SELECT submit('sa_item', '11010519491231002X', '{form}', 'window', '{}', now() - interval '2 days') AS old_case \gset
SELECT submit('sab', '11010519491231002X', '{form}', 'window', '{}', now() - interval '2 days') AS old_bundle \gset
SELECT submit('sa_item', '11010519491231002X', '{form}', 'window', '{}', now()) AS new_case \gset

SELECT is(case_guide(:old_case)->>'promised_limit', '15', 'a case filed two days ago: the promise then (15 days)');
SELECT is((SELECT array_agg(m->>'code' ORDER BY m->>'code') FROM jsonb_array_elements(case_guide(:old_case)->'materials') m),
          '{form,plan}'::text[], 'and the materials then');
SELECT is(case_guide(:new_case)->>'promised_limit', '10', 'a case filed now: the promise now');
SELECT is(jsonb_array_length(case_guide(:new_case)->'materials'), 1, 'the dropped material is gone from it');
UPDATE item SET promised_limit = 3, fee = '免费' WHERE code = 'sa_item';
SELECT is(case_guide(:old_case)->>'fee', '20元', 'a change after the submission leaves its guide as it was');
SELECT is((SELECT array_agg((s->>'stage') || ':' || (s->'guide'->>'code') || ':' || (s->'guide'->>'promised_limit') ORDER BY s->>'stage')
             FROM jsonb_array_elements(case_guide(:old_bundle)->'items') s),
          '{1:sa_item:15,2:sa_two:5}'::text[], 'a bundle case: each member''s guide as of the submission, by stage');
SET ROLE cs_citizen;
SELECT throws_ok(format('SELECT case_guide(%s)', :old_case), '42501', NULL, 'the public cannot read a case''s guide');
RESET ROLE;
SET ROLE cs_clerk;
SELECT is(case_guide(:old_case)->>'promised_limit', '15', 'a clerk of the case''s region reads it');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
