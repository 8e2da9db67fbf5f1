-- The deny-list of vague material names (doc/guides.md) compares names as
-- they display: a phrase split by an invisible character, a soft hyphen or
-- a space displays as the phrase.  Until 2026-12-08 such a name passed, by
-- a direct write and by a proposal (a hostile review): 1-7 failed.
SET search_path = service_affair, public;
BEGIN;
SELECT plan(10);
\ir blank_text.inc

SELECT create_roles();
CREATE ROLE dl_clerk LOGIN IN ROLE service_affair_clerk;
CREATE ROLE dl_boss LOGIN IN ROLE service_affair_admin;
INSERT INTO department (code, name, region) VALUES ('DL', 'Deny-list test', '330225');
INSERT INTO staff (login, department) VALUES ('dl_clerk', 'DL');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online, item_type)
VALUES ('dl_lic', '食品经营许可', 'DL', 'promised', 20, 5, 1, false, 'licence');

SET ROLE dl_boss;
-- 1-5: a direct write, each blank text of the one rule inside the phrase
SELECT throws_ok(format('INSERT INTO material (item, code, name) VALUES (%L, %L, %L)',
                        'dl_lic', 'm' || row_number() OVER (), '营业执照及其他' || b.value || '材料'),
                 '22023', NULL, 'a material named 其他<' || b.label || '>材料 by a direct write: 22023')
  FROM pg_temp.blank_texts() b;
RESET ROLE;
-- 6: a soft hyphen inside the phrase, on the reviewed path
SET ROLE dl_clerk;
SELECT throws_ok(format('SELECT propose_catalog_change(%L)',
                        jsonb_build_object('table', 'material', 'op', 'insert', 'key', jsonb_build_object('item', 'dl_lic', 'code', 'x'),
                                           'row', jsonb_build_object('name', U&'相关证明\00AD材料'))),
                 '22023', NULL, 'a material named 相关证明<U+00AD>材料 proposed: 22023');
RESET ROLE;
-- 7: a phrase an administrator added with a space inside matches without it
INSERT INTO material_denylist (phrase, note) VALUES ('等 材料', 'ends a list vaguely');
SET ROLE dl_boss;
SELECT throws_ok($$INSERT INTO material (item, code, name) VALUES ('dl_lic', 'y', '身份证等材料')$$,
                 '22023', NULL, 'a phrase with a space matches the name without it: 22023');
-- 8, 9: a name without a phrase passes; so does a phrase with nothing visible,
-- which matches nothing
SELECT lives_ok($$INSERT INTO material (item, code, name) VALUES ('dl_lic', 'z', '营业执照 副本')$$,
                'a name with a space and no phrase is taken');
RESET ROLE;
INSERT INTO material_denylist (phrase, note) VALUES (U&'\3000', 'nothing visible');
SET ROLE dl_boss;
SELECT lives_ok($$INSERT INTO material (item, code, name) VALUES ('dl_lic', 'w', '法定代表人身份证')$$,
                'a phrase of ideographic spaces refuses no name');
RESET ROLE;
-- 10: the rule itself
SELECT is(visible_text(U&'其他\200B \00AD材料\3000'), '其他材料', 'visible_text() leaves out the blank characters');

SELECT * FROM finish();
ROLLBACK;
