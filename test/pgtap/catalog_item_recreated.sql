-- An item first published on an earlier day, deleted and created again
-- (catalog_published_before(): its first version is the first of its
-- code, so it is still judged): the new row is judged against the row
-- deleted, as an update.  Until 2026-12-05 an item's insert was judged by
-- nothing: DELETE and INSERT in one transaction lengthened its limit,
-- raised its visits and introduced a fee without a reason (a review).
SET search_path = service_affair, public;
BEGIN;
SELECT plan(8);

SELECT create_roles();
CREATE ROLE ir_boss LOGIN IN ROLE service_affair_admin;
INSERT INTO department (code, name, region) VALUES ('IR', 'Recreated item test', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online_depth)
VALUES ('ir_old', 'Old item', 'IR', 'promised', 20, 5, 1, 'full');
INSERT INTO catalog_version (tbl, op, key, item, before_image, after_image, effective_at, actor, reviewed, ledger_seq)
VALUES ('item', 'update', '{"code": "ir_old"}', 'ir_old', '{"code": "ir_old"}', '{"code": "ir_old"}',
        now() - interval '1 day', current_user, false, 0);

SET ROLE ir_boss;
SAVEPOINT same;
DELETE FROM item WHERE code = 'ir_old';
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online_depth)
VALUES ('ir_old', 'Old item', 'IR', 'promised', 20, 5, 1, 'full');
RESET ROLE;
SELECT is((SELECT count(*)::int FROM catalog_regressions WHERE item = 'ir_old'), 0, 'deleted and created again as it was: no regression');
SET ROLE ir_boss;
ROLLBACK TO same;
DELETE FROM item WHERE code = 'ir_old';
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online_depth, fee)
VALUES ('ir_old', 'Old item', 'IR', 'promised', 20, 15, 2, 'none', '100元');
RESET ROLE;
SELECT results_eq($$SELECT op, kind, reason_missing FROM catalog_regressions r JOIN catalog_version v ON v.id = r.version_id
                    WHERE r.item = 'ir_old' ORDER BY kind$$,
                  $$VALUES ('insert'::text, 'fee_raised'::text, true), ('insert', 'limit_lengthened', true),
                           ('insert', 'online_off', true), ('insert', 'visits_raised', true)$$,
                  'deleted and created again with a longer limit, more visits, offline and a fee: each flagged, reason missing');
-- a new code: nothing to judge against
SET ROLE ir_boss;
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online_depth, fee)
VALUES ('ir_new', 'New item', 'IR', 'promised', 30, 30, 2, 'none', '100元');
RESET ROLE;
SELECT is((SELECT count(*)::int FROM catalog_regressions WHERE item = 'ir_new'), 0, 'a new item: no regression');
-- the reviewed path
SELECT throws_ok($$SELECT propose_catalog_change('{"table": "item", "op": "insert", "key": {"code": "ir_old"}, "row": {"name": "x", "department": "IR", "kind": "promised", "legal_limit": 20, "promised_limit": 5}}')$$,
                 '23505', NULL, 'ir_old exists: its insert refused (23505)');
DELETE FROM item WHERE code = 'ir_old';
SELECT is(catalog_regression_kinds('item', 'insert', NULL, '{"code": "ir_old", "kind": "promised", "legal_limit": 20, "promised_limit": 18, "max_visits": 2, "online_depth": "none", "fee": "100元"}'),
          '{limit_lengthened}', 'judged against the latest row deleted, not the one before');
SET ROLE ir_boss;
SELECT throws_ok($$SELECT propose_catalog_change('{"table": "item", "op": "insert", "key": {"code": "ir_old"}, "row": {"name": "x", "department": "IR", "kind": "promised", "legal_limit": 20, "promised_limit": 19, "max_visits": 2, "online_depth": "none", "fee": "100元"}}')$$,
                 '22023', 'a regression needs a reason',
                 'proposed again after its deletion with a longer limit, without a reason: 22023');
RESET ROLE;

-- a bundle likewise: its own promised_limit raised by DELETE and INSERT
INSERT INTO bundle (code, name, lead_department, promised_limit) VALUES ('irb', 'Bundle', 'IR', 10);
INSERT INTO catalog_version (tbl, op, key, bundle, before_image, after_image, effective_at, actor, reviewed, ledger_seq)
VALUES ('bundle', 'update', '{"code": "irb"}', 'irb', '{"code": "irb"}', '{"code": "irb"}',
        now() - interval '1 day', current_user, false, 0);
SET ROLE ir_boss;
DELETE FROM bundle WHERE code = 'irb';
INSERT INTO bundle (code, name, lead_department, promised_limit) VALUES ('irb', 'Bundle', 'IR', 30);
INSERT INTO bundle (code, name, lead_department, promised_limit) VALUES ('irb_new', 'New bundle', 'IR', 30);
RESET ROLE;
SELECT results_eq($$SELECT kind, reason_missing FROM catalog_regressions WHERE bundle = 'irb'$$,
                  $$VALUES ('limit_lengthened'::text, true)$$,
                  'a bundle deleted and created again with a longer promised_limit: limit_lengthened, reason missing');
SELECT is((SELECT count(*)::int FROM catalog_regressions WHERE bundle = 'irb_new'), 0, 'a new bundle: no regression');

SELECT * FROM finish();
ROLLBACK;
