-- A catalog name is read back as one line, by the reviewer and the public
-- (doc/guides.md): propose_catalog_change() refuses an item, material or
-- bundle name holding a line feed or another control character (22023),
-- as printable() shows one.  Until 2026-12-08 each was proposed, and a
-- name holding U+202E displayed to the reviewer as another text than the
-- one stored (a hostile review): 1-6 failed.
SET search_path = service_affair, public;
BEGIN;
SELECT plan(8);
\ir error_detail.inc

SELECT create_roles();
CREATE ROLE nc_clerk LOGIN IN ROLE service_affair_clerk;
INSERT INTO department (code, name, region) VALUES ('NC', 'Name test', '330225');
INSERT INTO staff (login, department) VALUES ('nc_clerk', 'NC');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online, item_type)
VALUES ('nc_lic', '食品经营许可', 'NC', 'promised', 20, 5, 1, false, 'licence');

SET ROLE nc_clerk;
-- 1-3: an item renamed with a right-to-left override, a line feed, a C1 control
SELECT throws_ok(format('SELECT propose_catalog_change(%L)',
                        jsonb_build_object('table', 'item', 'op', 'update', 'key', jsonb_build_object('code', 'nc_lic'),
                                           'row', jsonb_build_object('name', v.name))),
                 '22023', 'catalog name holds a control character', 'an item renamed with ' || v.label || ': 22023')
  FROM (VALUES ('a right-to-left override (U+202E)', U&'食品\202E可许营经'),
               ('a line feed', E'食品经营许可\n（已取消）'),
               ('a C1 control (U+0085)', U&'食品经营\0085许可')) v (label, name);
-- 4: a material
SELECT throws_ok($$SELECT propose_catalog_change(jsonb_build_object('table', 'material', 'op', 'insert',
                     'key', '{"item": "nc_lic", "code": "id"}'::jsonb, 'row', jsonb_build_object('name', U&'法定代表人身份证\2066复印件')))$$,
                 '22023', 'catalog name holds a control character', 'a material named with U+2066: 22023');
-- 5: a bundle
SELECT throws_ok($$SELECT propose_catalog_change(jsonb_build_object('table', 'bundle', 'op', 'insert',
                     'key', '{"code": "nc_bundle"}'::jsonb, 'row', jsonb_build_object('name', E'开办\r餐馆', 'lead_department', 'NC')))$$,
                 '22023', 'catalog name holds a control character', 'a bundle named with a carriage return: 22023');
-- 6: the detail names the change, the name echoed printable
SELECT is(pg_temp.detail_of($$SELECT propose_catalog_change(jsonb_build_object('table', 'item', 'op', 'update',
                              'key', '{"code": "nc_lic"}'::jsonb, 'row', jsonb_build_object('name', U&'食品\202E可许营经')))$$),
          U&'The change of item {"code": "nc_lic"} names it ''食品?可许营经'', which holds a control or invisible character (shown as ?); give the name on one line of printable text.',
          'the detail names the change and echoes the name printable');
-- 7: nothing was proposed
RESET ROLE;
SELECT is((SELECT count(*) FROM catalog_change), 0::bigint, 'no change was recorded');
-- 8: a printable name is proposed, as before (free texts keep their line feeds)
SET ROLE nc_clerk;
SELECT lives_ok($$SELECT propose_catalog_change(jsonb_build_object('table', 'item', 'op', 'update',
                    'key', '{"code": "nc_lic"}'::jsonb, 'row', jsonb_build_object('name', '食品经营许可（告知承诺）', 'process', E'一、申请\n二、受理')))$$,
                'a printable name with a multi-line process is proposed');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
