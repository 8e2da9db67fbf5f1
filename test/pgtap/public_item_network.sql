-- The published item list (public_item_list) says what submit() enforces
-- of where and how fast an item is handled: the days its cases are
-- promised (promised_days, by item_promised_days(), the rule submit()
-- counts by) and the 通办 columns (basic code, scope, point levels,
-- competence).  Until 2026-12-07 the public read none of the 通办 columns,
-- and an item with no promised_limit showed NULL where its cases were
-- promised its legal days, or 20 (a review).
SET search_path = service_affair, public;
BEGIN;
SELECT plan(9);

SELECT create_roles();
CREATE ROLE pn_public LOGIN IN ROLE service_affair_public;
CREATE ROLE pn_boss LOGIN IN ROLE service_affair_admin;
INSERT INTO department (code, name, region) VALUES ('PN', 'Public network test', '330225');

SET ROLE pn_boss;
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits)
VALUES ('pn_set', 'Promise set', 'PN', 'promised', 20, 5, 1),
       ('pn_legal', 'Legal limit only', 'PN', 'promised', 15, NULL, 1),
       ('pn_none', 'No limit at all', 'PN', 'promised', NULL, NULL, 1),
       ('pn_now', 'Immediate', 'PN', 'immediate', NULL, NULL, 0);
UPDATE item SET basic_code = 'ZJ-PN-1', tongban_scope = 'city', accepting_levels = '{county,town}', competence = 'company'
 WHERE code = 'pn_set';
UPDATE item SET accepting_levels = '{}' WHERE code = 'pn_now';
RESET ROLE;

SET ROLE pn_public;
SELECT results_eq($$SELECT code, promised_limit, promised_days FROM public_item_list WHERE code LIKE 'pn\_%' ORDER BY code$$,
  $$VALUES ('pn_legal', NULL::integer, 15), ('pn_none', NULL::integer, 20), ('pn_now', NULL::integer, 0), ('pn_set', 5, 5)$$,
  'the public reads the days a case is promised: the promise set, else the legal limit, else 20; 0 for an immediate item');
SELECT results_eq($$SELECT basic_code, tongban_scope, accepting_levels, competence FROM public_item_list WHERE code = 'pn_set'$$,
  $$VALUES ('ZJ-PN-1', 'city', '{county,town}'::text[], 'company')$$,
  'the public reads the 通办 columns of an item: basic code, scope, point levels, competence');
SELECT results_eq($$SELECT basic_code, tongban_scope, accepting_levels, competence FROM public_item_list WHERE code = 'pn_legal'$$,
  $$VALUES (NULL::text, 'none', '{county,town,village,bank,kiosk,mobile}'::text[], 'receiving')$$,
  'an item left at the defaults: no basic code, scope none, every level, the receiving point''s region');
SELECT is((SELECT accepting_levels FROM public_item_list WHERE code = 'pn_now'), '{}'::text[],
  'an item no point takes shows no level');
RESET ROLE;

-- the days shown are the days submit() gives a case (one rule, asked by both)
SELECT is((SELECT promised_days FROM service_info('pn_legal')), 15, 'service_info() promises pn_legal its legal 15 days');
SELECT is((SELECT promised_days FROM service_info('pn_none')), 20, 'service_info() promises pn_none 20 days');
SELECT is((SELECT promised_days FROM service_info('pn_now')), 0, 'service_info() promises the immediate item 0 days');

-- the columns added come after 0.2's first ones: a client reading by position keeps its columns
SELECT is((SELECT array_agg(attname::text ORDER BY attnum) FROM pg_attribute
            WHERE attrelid = 'service_affair.public_item_list'::regclass AND attnum > 0 AND NOT attisdropped),
  '{code,name,department,department_name,item_type,legal_limit,promised_limit,max_visits,online_depth,fee,status,kind,mobile,delegated_to,legal_basis,conditions,process,place_hours,contact,effective_from,published_at,promised_days,basic_code,tongban_scope,accepting_levels,competence}'::text[],
  'public_item_list: the columns of the earlier list first, in their order, then the new ones');
SELECT ok(NOT has_table_privilege('service_affair_public', 'service_affair.item_implementation', 'SELECT'),
  'the public still reads no table of the catalog directly');

SELECT * FROM finish();
ROLLBACK;
