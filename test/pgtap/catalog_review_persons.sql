-- The catalog's four-eyes rules under SET ROLE, and the department a review
-- answers for (review of 2026-12-04; each check marked "was" failed on the
-- former code):
--  1. a login that proposed a change, or wrote the catalog directly, cannot
--     review it after SET ROLE to a group role, nor review as itself what it
--     proposed or wrote as a group role it belongs to;
--  2. a change to an item that moved to another department since its
--     proposal is reviewed by a reviewer of the department it is in now,
--     not by one of the department of the proposal;
--  3. a proposal inserting a row for an item or bundle that does not exist
--     is 23503 for a clerk (was 42501 'permission denied for department
--     NULL'); a direct write takes effect the day it is written (an insert
--     may name an earlier day);
--  4. an approved change of a column that changed since its proposal is
--     stale (55000): it would undo the later change, and a regression it
--     makes now would be published without a reason;
--  5. the guide's texts are bounded (they go whole into the append-only
--     catalog history);
--  6. doc/deployment.md's model, each person a role without LOGIN behind
--     one NOINHERIT application login: reviews work (the first form of
--     rule 1 refused them all), the proposer still cannot review.
-- Sessions are the logins' own (SET SESSION AUTHORIZATION): a superuser's
-- session is any person, as the rules say.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(29);

SELECT create_roles();
CREATE ROLE rp_adm LOGIN IN ROLE service_affair_admin;
CREATE ROLE rp_adm2 LOGIN IN ROLE service_affair_admin;
CREATE ROLE rp_clerk LOGIN IN ROLE service_affair_clerk;
CREATE ROLE rp_rev_a LOGIN IN ROLE service_affair_reviewer;
CREATE ROLE rp_rev_b LOGIN IN ROLE service_affair_reviewer;
INSERT INTO department (code, name, region) VALUES ('RPA', 'Review persons A', '330225'), ('RPB', 'Review persons B', '330225');
INSERT INTO staff (login, department) VALUES ('rp_clerk', 'RPA'), ('rp_rev_a', 'RPA'), ('rp_rev_b', 'RPB');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online, item_type, fee)
VALUES ('rp_lic', '审查测试许可', 'RPA', 'promised', 20, 5, 1, true, 'licence', '不收费');

-- ------------------------------------------------------------ 1. SET ROLE to a group role
SET SESSION AUTHORIZATION rp_adm;
SET search_path = service_affair, public;
SELECT propose_catalog_change('{"table": "item", "op": "update", "key": {"code": "rp_lic"}, "row": {"fee": "10元"}}') AS ch1 \gset
SELECT throws_ok(format('SELECT review_catalog_change(%s, true)', :ch1), '42501',
  'a change is reviewed by another person than its proposer', 'the proposer cannot review its change (as before)');
SET ROLE service_affair_admin;
SELECT throws_ok(format('SELECT review_catalog_change(%s, true)', :ch1), '42501',
  'a change is reviewed by another person than its proposer', 'nor after SET ROLE service_affair_admin (was: approved and published)');
-- a direct write as the group role, reviewed after the fact as the login
UPDATE item SET fee = '20元' WHERE code = 'rp_lic';
RESET ROLE;
SELECT max(id) AS v1 FROM catalog_version WHERE item = 'rp_lic' AND tbl = 'item' \gset
SELECT is((SELECT actor::text FROM catalog_version WHERE id = :v1), 'service_affair_admin', 'the write is the group role''s');
SELECT throws_ok(format('SELECT review_catalog_version(%s)', :v1), '42501',
  'a write is reviewed by another person than its writer', 'its writer''s login cannot review it (was: reviewed, out of the queue)');
RESET SESSION AUTHORIZATION;
-- nor another administrator: a member of the group role may have written it
SET SESSION AUTHORIZATION rp_adm2;
SET search_path = service_affair, public;
SELECT throws_ok(format('SELECT review_catalog_version(%s)', :v1), '42501', NULL,
  'a write of the administrators'' group role is not reviewed by one of them: any may have written it');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION rp_rev_a;
SET search_path = service_affair, public;
SELECT lives_ok(format('SELECT review_catalog_version(%s, %L)', :v1, 'checked'),
  'a reviewer of the department, not a member of that group role, reviews it');
SELECT lives_ok(format('SELECT review_catalog_change(%s, false, %L)', :ch1, 'not now'),
  'and the administrator''s proposal too');
RESET SESSION AUTHORIZATION;
SET search_path = service_affair, public;
SELECT is((SELECT status || ' by ' || reviewed_by FROM catalog_change WHERE id = :ch1), 'rejected by rp_rev_a',
  'the review is the reviewer''s');

-- ------------------------------------------------------------ 2. the department now
SET SESSION AUTHORIZATION rp_clerk;
SET search_path = service_affair, public;
SELECT propose_catalog_change('{"table": "material", "op": "insert", "key": {"item": "rp_lic", "code": "plan"}, "row": {"name": "经营场所平面图"}}') AS ch2 \gset
RESET SESSION AUTHORIZATION;
SET search_path = service_affair, public;
UPDATE item SET department = 'RPB' WHERE code = 'rp_lic';  -- the item moves before the review
SET SESSION AUTHORIZATION rp_rev_a;
SET search_path = service_affair, public;
SELECT throws_ok(format('SELECT review_catalog_change(%s, true)', :ch2), '42501', NULL,
  'a reviewer of the department of the proposal no longer decides on an item moved away (was: published into RPB''s item)');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION rp_rev_b;
SET search_path = service_affair, public;
SELECT lives_ok(format('SELECT review_catalog_change(%s, true)', :ch2),
  'a reviewer of the department the item is in now decides on it');
RESET SESSION AUTHORIZATION;
SET search_path = service_affair, public;
SELECT is((SELECT count(*)::int FROM material WHERE item = 'rp_lic' AND code = 'plan'), 1, 'and it is published');

-- ------------------------------------------------------------ 3. unknown parents, direct days
SET SESSION AUTHORIZATION rp_clerk;
SET search_path = service_affair, public;
SELECT throws_ok($$SELECT propose_catalog_change('{"table": "material", "op": "insert", "key": {"item": "rp_none", "code": "x"}, "row": {"name": "申请表"}}')$$,
  '23503', 'unknown item', 'a material for an item that does not exist: 23503 (was 42501 department NULL)');
SELECT throws_ok($$SELECT propose_catalog_change('{"table": "bundle_item", "op": "insert", "key": {"bundle": "rp_none", "item": "rp_lic"}, "row": {"stage": 1}}')$$,
  '23503', 'unknown bundle', 'a bundle entry for a bundle that does not exist: 23503 (was 42501)');
RESET SESSION AUTHORIZATION;
SET search_path = service_affair, public;
UPDATE item SET fee = '300元', effective_from = '2099-01-01' WHERE code = 'rp_lic';
SELECT is((SELECT effective_from FROM item WHERE code = 'rp_lic'), local_day(now()),
  'a direct update takes effect the day it is written, whatever day it names (was 2099-01-01 in public_item_list)');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, effective_from)
VALUES ('rp_old', '旧事项', 'RPA', 'promised', 20, 5, '2000-01-01'), ('rp_new', '新事项', 'RPA', 'promised', 20, 5, '2099-01-01');
SELECT results_eq($$SELECT effective_from FROM item WHERE code IN ('rp_old', 'rp_new') ORDER BY code$$,
  format('VALUES (%L::date), (%L::date)', local_day(now()), '2000-01-01'),
  'a direct insert may name an earlier day (a catalog loaded with its history), not a later one');

-- ------------------------------------------------------------ 4. a stale change
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit)
VALUES ('rp_stale', '时限测试', 'RPA', 'promised', 20, 5);
SET SESSION AUTHORIZATION rp_clerk;
SET search_path = service_affair, public;
SELECT propose_catalog_change('{"table": "item", "op": "update", "key": {"code": "rp_stale"}, "row": {"promised_limit": 5, "fee": "不收费"}}') AS sa \gset
SELECT propose_catalog_change('{"table": "item", "op": "update", "key": {"code": "rp_stale"}, "row": {"promised_limit": 2}}') AS sb \gset
SELECT propose_catalog_change('{"table": "item", "op": "update", "key": {"code": "rp_stale"}, "row": {"conditions": "无"}}') AS sc \gset
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION rp_rev_a;
SET search_path = service_affair, public;
SELECT lives_ok(format('SELECT review_catalog_change(%s, true)', :sb), 'the limit lowered to 2 is published');
SELECT throws_ok(format('SELECT review_catalog_change(%s, true)', :sa), '55000', format('catalog change %s is stale', :sa),
  'the older change that would put it back to 5 is stale: 55000 (was published, a lengthened limit without reason)');
SELECT lives_ok(format('SELECT review_catalog_change(%s, false, %L)', :sa, 'stale'), 'it is rejected');
SELECT lives_ok(format('SELECT review_catalog_change(%s, true)', :sc), 'a change of another column of the row is published');
RESET SESSION AUTHORIZATION;
SET search_path = service_affair, public;
SELECT is((SELECT promised_limit || ' ' || coalesce(fee, '-') || ' ' || conditions FROM item WHERE code = 'rp_stale'), '2 - 无',
  'the row has the limit of the later change and the other column');

-- ------------------------------------------------------------ 5. bounded texts
SET SESSION AUTHORIZATION rp_clerk;
SET search_path = service_affair, public;
SELECT throws_ok(format($$SELECT propose_catalog_change(jsonb_build_object('table', 'item', 'op', 'update', 'key', '{"code": "rp_stale"}'::jsonb,
                                                                          'row', jsonb_build_object('fee', repeat('费', 3000000))))$$),
  '23514', NULL, 'a proposed fee of 9 MB: 23514 (was published, 9 MB in the ledger catalog)');
RESET SESSION AUTHORIZATION;
SET search_path = service_affair, public;
SELECT throws_ok($$INSERT INTO item (code, name, department, kind, legal_limit, promised_limit) VALUES ('rp_long', repeat('名', 200000), 'RPA', 'promised', 20, 5)$$,
  '23514', NULL, 'an item named with 200,000 characters: 23514 (was accepted)');
SELECT lives_ok($$UPDATE item SET legal_basis = repeat('法', 6000), name = repeat('名', 200) WHERE code = 'rp_stale'$$,
  'a legal basis of 6,000 characters and a name of 200 are taken');
-- a material the department fetches names what intake fetches it as
SET SESSION AUTHORIZATION rp_clerk;
SET search_path = service_affair, public;
SELECT throws_ok($$SELECT propose_catalog_change('{"table": "material", "op": "insert", "key": {"item": "rp_stale", "code": "plan"}, "row": {"name": "经营场所平面图", "source": "shared"}}')$$,
  '23514', NULL, 'a material made shared without an evidence type: 23514 (was published: the guide said not to bring what intake asked for)');
RESET SESSION AUTHORIZATION;
SET search_path = service_affair, public;
INSERT INTO evidence_type (code, name) VALUES ('RP_PLAN', '平面图（共享）');
SELECT lives_ok($$UPDATE material SET source = 'shared', evidence_type = 'RP_PLAN' WHERE item = 'rp_lic' AND code = 'plan'$$,
  'with the evidence type it is fetched as, it is shared');

-- ------------------------------------------------------------ 6. persons behind an application login
CREATE ROLE rp_wang IN ROLE service_affair_clerk, service_affair_reviewer;
CREATE ROLE rp_zhao IN ROLE service_affair_reviewer;
CREATE ROLE rp_app LOGIN NOINHERIT;
GRANT rp_wang, rp_zhao TO rp_app;
INSERT INTO staff (login, department) VALUES ('rp_wang', 'RPA'), ('rp_zhao', 'RPA');
SET SESSION AUTHORIZATION rp_app;
SET ROLE rp_wang;
SET search_path = service_affair, public;
SELECT propose_catalog_change('{"table": "item", "op": "update", "key": {"code": "rp_stale"}, "row": {"contact": "0574-1234"}}') AS ap \gset
SELECT throws_ok(format('SELECT review_catalog_change(%s, true)', :ap), '42501', 'a change is reviewed by another person than its proposer',
  'the proposer, through the application login, cannot review it');
RESET ROLE;
SET ROLE rp_zhao;
SELECT lives_ok(format('SELECT review_catalog_change(%s, true, %L)', :ap, 'ok'),
  'another person through the same application login reviews it (was 42501: the login is a member of every person''s role)');
RESET ROLE;
-- a key that is not the primary key is 22023 before anything else
SET ROLE rp_wang;
SELECT throws_ok($$SELECT propose_catalog_change('{"table": "material", "op": "insert", "key": {"code": "x"}, "row": {"name": "申请表"}}')$$,
  '22023', NULL, 'a material insert whose key has no item: 22023 (was 23503 unknown item)');
RESET ROLE;
RESET SESSION AUTHORIZATION;
SET search_path = service_affair, public;
SELECT is((SELECT contact FROM item WHERE code = 'rp_stale'), '0574-1234', 'the reviewed change is published');

SELECT * FROM finish();
ROLLBACK;
