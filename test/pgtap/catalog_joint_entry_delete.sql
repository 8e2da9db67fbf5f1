-- An entry removed from a joint bundle (统一办理/联合办理: items of two or
-- more departments, legal days at most 45, bundle_days(); 行政许可法 Art 42
-- ¶2) can lengthen it: the bundle left of one department keeps the sum over
-- its stages.  Before the cap no deletion could lengthen a bundle (each
-- stage's largest member could only fall), and catalog_regression_kinds
-- judged an entry's insert and update only: until 2026-12-05 the other
-- department's entry deleted took a published bundle from 45 to 60 days
-- without a reason, directly and on the reviewed path.
SET search_path = service_affair, public;
BEGIN;
SELECT plan(11);

SELECT create_roles();
CREATE ROLE jd_boss LOGIN IN ROLE service_affair_admin;
INSERT INTO department (code, name, region) VALUES
  ('JD_A', 'Joint delete A', '330225'), ('JD_B', 'Joint delete B', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online_depth) VALUES
  ('jd_a1', 'A one',   'JD_A', 'promised', 20, NULL, 1, 'full'),
  ('jd_a2', 'A two',   'JD_A', 'promised', 20, NULL, 1, 'full'),
  ('jd_a3', 'A three', 'JD_A', 'promised', 20, NULL, 1, 'full'),
  ('jd_b',  'B',       'JD_B', 'promised', 20, NULL, 1, 'full');
INSERT INTO bundle (code, name, lead_department) VALUES
  ('jdb', 'Joint, three stages', 'JD_A'), ('jds', 'Joint, two stages', 'JD_A'), ('jdx', 'One stage', 'JD_A');
INSERT INTO bundle_item (bundle, item, stage) VALUES
  ('jdb', 'jd_a1', 1), ('jdb', 'jd_b', 1), ('jdb', 'jd_a2', 2), ('jdb', 'jd_a3', 3),
  ('jds', 'jd_a1', 1), ('jds', 'jd_b', 2), ('jdx', 'jd_a2', 1);
-- both as if first published yesterday
INSERT INTO catalog_version (tbl, op, key, item, bundle, before_image, after_image, effective_at, actor, reviewed, ledger_seq)
VALUES ('bundle', 'update', '{"code": "jdb"}', NULL, 'jdb', '{"code": "jdb"}', '{"code": "jdb"}',
        now() - interval '1 day', current_user, false, 0),
       ('bundle', 'update', '{"code": "jdx"}', NULL, 'jdx', '{"code": "jdx"}', '{"code": "jdx"}',
        now() - interval '1 day', current_user, false, 0),
       ('bundle', 'update', '{"code": "jds"}', NULL, 'jds', '{"code": "jds"}', '{"code": "jds"}',
        now() - interval '1 day', current_user, false, 0);
SELECT results_eq($$SELECT bundle, promised_days, legal_days FROM bundle_limits WHERE bundle IN ('jdb', 'jds') ORDER BY 1$$,
  $$VALUES ('jdb', 45, 45), ('jds', 40, 40)$$, 'jdb joint: 60 capped at 45; jds 40');

-- the judgement over images (the entry still there, as when proposed)
SELECT is(catalog_regression_kinds('bundle_item', 'delete', '{"bundle": "jdb", "item": "jd_b", "stage": 1}', NULL),
          '{limit_lengthened,extension_lengthened}',
          'jd_b''s entry removed: jdb of JD_A only, 45 -> 60 days, limit_lengthened; its cases extended 15 -> 30 in all, extension_lengthened');
SELECT is(catalog_regression_kinds('bundle_item', 'delete', '{"bundle": "jds", "item": "jd_b", "stage": 2}', NULL),
          '{}', 'jd_b''s entry removed from jds: 40 -> 20, nothing lengthened');

-- a bundle whose own promise binds (5 days): the entry removed leaves its
-- promise at 5 but its legal days 45 -> 60, limit_lengthened as an item's
-- legal limit raised (until 2026-12-05 an entry was judged by its promise)
SAVEPOINT own_promise;
UPDATE bundle SET promised_limit = 5 WHERE code = 'jdb';
SELECT is(catalog_regression_kinds('bundle_item', 'delete', '{"bundle": "jdb", "item": "jd_b", "stage": 1}', NULL),
          '{limit_lengthened,extension_lengthened}', 'jdb promising 5 days: jd_b''s entry removed, 5 days still, legal 45 -> 60: limit_lengthened (and extension_lengthened)');
ROLLBACK TO own_promise;

-- the reviewed path: a regression needs a reason
SET ROLE jd_boss;
SELECT throws_ok($$SELECT propose_catalog_change('{"table": "bundle_item", "op": "delete", "key": {"bundle": "jdb", "item": "jd_b"}}')$$,
                 '22023', 'a regression needs a reason', 'proposed without a reason: 22023');

-- the direct write: flagged, reason missing
SAVEPOINT direct;
DELETE FROM bundle_item WHERE bundle = 'jdb' AND item = 'jd_b';
RESET ROLE;
SELECT results_eq($$SELECT bundle, tbl, kind, reason_missing FROM catalog_regressions WHERE bundle = 'jdb' ORDER BY kind DESC$$,
  $$VALUES ('jdb'::text, 'bundle_item'::text, 'limit_lengthened'::text, true), ('jdb', 'bundle_item', 'extension_lengthened', true)$$,
  'deleted directly: limit_lengthened and extension_lengthened of jdb, reason missing');
SELECT results_eq($$SELECT promised_days, legal_days FROM bundle_limits WHERE bundle = 'jdb'$$,
  $$VALUES (60, 60)$$, 'jdb now 60 days');
SET ROLE jd_boss;
ROLLBACK TO direct;
-- an entry moved to another bundle leaves the first (written as a delete
-- and an insert): judged there too
SAVEPOINT moved;
UPDATE bundle_item SET bundle = 'jdx' WHERE bundle = 'jdb' AND item = 'jd_b';
RESET ROLE;
SELECT results_eq($$SELECT tbl, key->>'bundle', kind, reason_missing FROM catalog_regressions WHERE key->>'item' = 'jd_b' ORDER BY kind DESC$$,
  $$VALUES ('bundle_item'::text, 'jdb'::text, 'limit_lengthened'::text, true), ('bundle_item', 'jdb', 'extension_lengthened', true)$$,
  'moved directly to jdx: limit_lengthened (45 -> 60) and extension_lengthened (15 -> 30) of the delete from jdb, reason missing');
SET ROLE jd_boss;
ROLLBACK TO moved;
-- an entry removed whose item issued what a later stage asks: the
-- applicant now brings it (material_added), as when an entry is added
-- whose item asks it; until the second read of 2026-12-05 a removal was
-- judged for its days only, by a second copy of the rules
SAVEPOINT issuer;
RESET ROLE;
INSERT INTO evidence_type (code, name) VALUES ('jd_permit', 'Permit of A one');
UPDATE item SET output_evidence_type = 'jd_permit' WHERE code = 'jd_a1';
INSERT INTO material (item, code, name, evidence_type) VALUES ('jd_a2', 'jd_permit', '许可证', 'jd_permit');
SELECT is(catalog_regression_kinds('bundle_item', 'delete', '{"bundle": "jdx", "item": "jd_a2", "stage": 1}', NULL),
          '{}', 'the last entry of jdx removed: nothing left to lengthen or to bring');
SELECT is(catalog_regression_kinds('bundle_item', 'delete', '{"bundle": "jdb", "item": "jd_a1", "stage": 1}', NULL),
          '{material_added}', 'jd_a1 (issuer of the permit stage 2 asks) removed from jdb: the applicant brings it, material_added (45 days stay: jd_b keeps it joint)');
ROLLBACK TO issuer;
SET ROLE jd_boss;
-- the bundle deleted whole: its entries go with it, nothing lengthened
DELETE FROM bundle WHERE code = 'jdb';
RESET ROLE;
SELECT is((SELECT count(*)::int FROM catalog_regressions WHERE bundle = 'jdb' AND kind = 'limit_lengthened'), 0,
  'the bundle deleted whole: no limit_lengthened of its entries');

SELECT * FROM finish();
ROLLBACK;
