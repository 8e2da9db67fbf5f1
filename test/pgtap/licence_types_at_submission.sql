-- The evidence types of a material "at submission" (API.md, data_sharing):
-- submit() records them with the case material (case_material.evidence_types),
-- and data_sharing, one_licence_service and licence_review count by it, so
-- that an administrator's later change of the catalog does not rewrite past
-- months.  Until 2026-12-03 the three views read today's material.evidence_type.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(30);
\ir licence_fixture.inc

-- ---- 1. what submit() records
SELECT submit('lc_food', :p, '{form,id,bizlic}', 'window', '{}', '2026-03-02 10:00+08') AS r1 \gset
SELECT results_eq(format($$SELECT material, evidence_types FROM case_material WHERE case_id = %s ORDER BY material$$, :r1),
  $$VALUES ('bizlic'::text, '{lc_bizlic}'::text[]), ('form', NULL), ('id', '{lc_idcard}')$$,
  'submit() records the evidence types each material had (NULL for none)');
-- a returned case records them too (its materials count in data_sharing)
SELECT submit('lc_sign', :q, '{}', 'window', '{}', '2026-03-02 11:00+08') AS r0 \gset
SELECT results_eq(format($$SELECT material, initial_status, evidence_types FROM case_material WHERE case_id = %s ORDER BY material$$, :r0),
  $$VALUES ('bizlic'::text, 'missing'::text, '{lc_bizlic}'::text[]), ('form', 'missing', NULL)$$,
  'a returned case records them too');

-- a code two items of a bundle share, with different types: the types of the
-- entries that decide the material (the required ones), in item order
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit) VALUES
  ('lc_t1', 'Types one', 'LC_MKT', 'promised', 20, 5),
  ('lc_t2', 'Types two', 'LC_MKT', 'promised', 20, 5);
INSERT INTO material (item, code, name, required, evidence_type) VALUES
  ('lc_t1', 'cert', 'Certificate', false, 'lc_orgcert'),
  ('lc_t2', 'cert', 'Certificate', true, 'lc_food_permit'),
  ('lc_t1', 'paper', 'Paper', true, 'lc_bizlic'),
  ('lc_t2', 'paper', 'Paper', true, 'lc_food_permit');
INSERT INTO bundle (code, name, lead_department) VALUES ('lc_tb', 'Types bundle', 'LC_MKT');
INSERT INTO bundle_item (bundle, item, stage) VALUES ('lc_tb', 'lc_t1', 1), ('lc_tb', 'lc_t2', 1);
SELECT submit('lc_tb', :p, '{cert,paper}', 'window', '{}', '2026-03-02 12:00+08') AS rb \gset
SELECT results_eq(format($$SELECT material, evidence_types FROM case_material WHERE case_id = %s ORDER BY material$$, :rb),
  $$VALUES ('cert'::text, '{lc_food_permit}'::text[]), ('paper', '{lc_bizlic,lc_food_permit}')$$,
  'a bundle: the types of the entries deciding the material (the required ones), in item order');
-- as assess_summary() returns them to submit(): one element per material, joined by line feeds
SELECT is((SELECT evidence_types FROM assess_summary('lc_tb', :p, 'person', true, '{cert,paper}', NULL, '2026-03-02 12:00+08')),
  ARRAY['lc_food_permit', E'lc_bizlic\nlc_food_permit'], 'assess_summary() returns the types in code order');

-- ---- 2. data_sharing and one_licence_service before and after a change of the catalog
CREATE TEMP TABLE sharing_before AS
  SELECT evidence_type, source_department, month, hits, misses FROM data_sharing;
CREATE TEMP TABLE one_before AS
  SELECT department, month, cases, one_licence FROM one_licence_service;
SELECT results_eq($$SELECT evidence_type, hits, misses FROM sharing_before ORDER BY 1$$,
  $$VALUES ('lc_bizlic'::text, 0::bigint, 3::bigint), ('lc_food_permit', 0, 2), ('lc_idcard', 0, 1)$$,
  'data_sharing counts the materials by their types at submission (a material of two types under each)');
SELECT results_eq($$SELECT department, cases, one_licence FROM one_before ORDER BY 1$$,
  $$VALUES ('LC_HLT'::text, 1::bigint, 0::bigint), ('LC_MKT', 1, 0)$$,
  'one_licence_service: the accepted cases with a required identity material');

-- an administrator changes the catalog afterwards
UPDATE material SET evidence_type = 'lc_food_permit' WHERE item = 'lc_food' AND code = 'bizlic';
UPDATE material SET evidence_type = NULL WHERE item = 'lc_food' AND code = 'id';
UPDATE material SET evidence_type = 'lc_orgcert' WHERE item = 'lc_t2' AND code = 'cert';
UPDATE material SET evidence_type = NULL WHERE item = 'lc_t1' AND code = 'paper';
SELECT set_eq($$SELECT evidence_type, source_department, month, hits, misses FROM data_sharing$$,
  $$SELECT * FROM sharing_before$$,
  'data_sharing is unchanged by a later change of the materials'' types');
SELECT set_eq($$SELECT department, month, cases, one_licence FROM one_licence_service$$,
  $$SELECT * FROM one_before$$,
  'one_licence_service is unchanged by it');
SELECT results_eq(format($$SELECT material, evidence_types FROM case_material WHERE case_id = %s ORDER BY material$$, :r1),
  $$VALUES ('bizlic'::text, '{lc_bizlic}'::text[]), ('form', NULL), ('id', '{lc_idcard}')$$,
  'the recorded types stay as they were');
-- a new submission records the new types
SELECT submit('lc_food', :q, '{form,bizlic}', 'window', '{}', '2026-04-01 10:00+08') AS r3 \gset
SELECT results_eq(format($$SELECT material, evidence_types FROM case_material WHERE case_id = %s ORDER BY material$$, :r3),
  $$VALUES ('bizlic'::text, '{lc_food_permit}'::text[]), ('form', NULL), ('id', NULL)$$,
  'a later submission records the types of its day');
SELECT results_eq($$SELECT evidence_type, month, misses FROM data_sharing WHERE month = '2026-04-01'$$,
  $$VALUES ('lc_food_permit'::text, '2026-04-01'::date, 1::bigint)$$,
  'and data_sharing counts it under them');
-- the identity flag is a property of the type, read today: the bundle case's
-- only identity material was its paper (lc_bizlic); the food case keeps its
-- identity card
UPDATE evidence_type SET identity = false WHERE code = 'lc_bizlic';
SELECT results_eq($$SELECT department, cases FROM one_licence_service WHERE month = '2026-03-01' ORDER BY 1$$,
  $$VALUES ('LC_HLT'::text, 1::bigint)$$,
  'one_licence_service reads the identity flag of the recorded type''s registry row');
UPDATE evidence_type SET identity = true WHERE code = 'lc_bizlic';

-- a type removed from the registry: its past months keep their rows, without a source department
INSERT INTO evidence_type (code, name, source_department) VALUES ('lc_gone', 'Gone', 'LC_HLT');
UPDATE material SET evidence_type = 'lc_gone' WHERE item = 'lc_org' AND code = 'form';
SELECT submit('lc_org', :o, '{form}', 'window', '{}', '2026-05-04 10:00+08') AS r4 \gset
UPDATE material SET evidence_type = NULL WHERE item = 'lc_org' AND code = 'form';
DELETE FROM evidence_type WHERE code = 'lc_gone';
SELECT results_eq($$SELECT evidence_type, source_department, misses FROM data_sharing WHERE month = '2026-05-01'$$,
  $$VALUES ('lc_gone'::text, NULL::text, 1::bigint)$$,
  'a type deleted since keeps its rows, with no source department');

-- ---- 3. licence_review: the material relied on a licence of its type at submission
INSERT INTO material (item, code, name, required, tolerable) VALUES ('lc_reg', 'photo', 'Photo', true, true);
SELECT submit('lc_reg', :p, '{form,id}', 'window', '{}', '2026-06-01 10:00+08') AS l1 \gset
SELECT is(pg_temp.decide(:l1, 'approved', '2026-06-02 10:00+08'), 1, 'approved with the photo tolerated: a licence is issued');
SELECT submit('lc_sign', :p, '{form}', 'window', '{}', '2026-06-03 10:00+08') AS l2 \gset
SELECT results_eq(format($$SELECT initial_status, evidence_types FROM case_material WHERE case_id = %s AND material = 'bizlic'$$, :l2),
  $$VALUES ('shared'::text, '{lc_bizlic}'::text[])$$, 'a later case takes the licence as shared evidence');
-- the catalog changes the material's type, then the licence is revoked
UPDATE material SET evidence_type = 'lc_food_permit' WHERE item = 'lc_sign' AND code = 'bizlic';
SELECT ok(sla_sweep('2026-06-12 10:00+08') >= 1, 'the sweep after the tolerance deadline revokes the case and its licence');
SELECT results_eq($$SELECT case_id, revoked_case, material, evidence_type FROM licence_review$$,
  format($$VALUES (%s::bigint, %s::bigint, 'bizlic'::text, 'lc_bizlic'::text)$$, :l2, :l1),
  'licence_review lists the case that relied on it, whatever the catalog says of the material today');

-- ---- 3b. record_evidence(): the types the case's materials had at submission
-- (a case of lc_reg approved; its id material named lc_idcard then); the
-- catalog gives that material another type afterwards
SELECT submit('lc_reg', :q, '{form,id,photo}', 'window', '{}', '2026-06-20 10:00+08') AS l3 \gset
SELECT pg_temp.decide(:l3, 'approved', '2026-06-22 10:00+08') AS decided3 \gset
UPDATE material SET evidence_type = 'lc_food_permit' WHERE item = 'lc_reg' AND code = 'id';
SELECT lives_ok(format($$SELECT record_evidence(%s, 'lc_idcard', 'ID checked at the window', NULL)$$, :l3),
  'record_evidence() of the type the material had at submission: recorded');
SELECT throws_ok(format($$SELECT record_evidence(%s, 'lc_food_permit', 'x', NULL)$$, :l3), '42501', NULL,
  'record_evidence() of the type the catalog gave the material since: 42501');

-- ---- 4. a material two entries require with two types: shared only with both
-- on file, and counted under both (a review of the first version kept the
-- first entry's type only: licence_review missed the case, one_licence_service
-- dropped it and data_sharing counted no hit for the second type)
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit) VALUES
  ('lc_u1', 'Two types one', 'LC_HLT', 'promised', 20, 5),
  ('lc_u2', 'Two types two', 'LC_HLT', 'promised', 20, 5);
INSERT INTO material (item, code, name, required, evidence_type) VALUES
  ('lc_u1', 'doc', 'Document', true, 'lc_food_permit'),
  ('lc_u2', 'doc', 'Document', true, 'lc_idcard');
INSERT INTO bundle (code, name, lead_department) VALUES ('lc_ub', 'Two types bundle', 'LC_HLT');
INSERT INTO bundle_item (bundle, item, stage) VALUES ('lc_ub', 'lc_u1', 1), ('lc_ub', 'lc_u2', 1);
INSERT INTO evidence (applicant, evidence_type, valid_until) VALUES (:q, 'lc_food_permit', NULL), (:q, 'lc_idcard', NULL);
SELECT submit('lc_ub', :q, '{}', 'window', '{}', '2026-07-06 10:00+08') AS u1 \gset
SELECT results_eq(format($$SELECT initial_status, evidence_types FROM case_material WHERE case_id = %s$$, :u1),
  $$VALUES ('shared'::text, '{lc_food_permit,lc_idcard}'::text[])$$,
  'both types on file: shared, with both types recorded');
SELECT results_eq($$SELECT evidence_type, hits, misses FROM data_sharing WHERE month = '2026-07-01' ORDER BY 1$$,
  $$VALUES ('lc_food_permit'::text, 1::bigint, 0::bigint), ('lc_idcard', 1, 0)$$,
  'data_sharing counts a hit under each type');
SELECT results_eq($$SELECT department, cases, one_licence FROM one_licence_service WHERE month = '2026-07-01'$$,
  $$VALUES ('LC_HLT'::text, 1::bigint, 1::bigint)$$,
  'one_licence_service counts the case: its second type is an identity one');

-- ---- 5. a later stage is blocked for the types an earlier stage was to issue
-- at submission, not for the type the catalog gives the material today (a
-- review of 2026-12-04: the type of the signboard's business licence changed
-- after the submission blocked that stage of an approved shop, which then
-- concluded denied, for a licence no stage was to issue)
UPDATE material SET evidence_type = 'lc_bizlic' WHERE code = 'bizlic' AND item IN ('lc_food', 'lc_sign');
UPDATE evidence_type SET validity_days = NULL WHERE code = 'lc_bizlic';  -- in force without end: no date of this file expires it
INSERT INTO applicant (kind, resident_id, name) VALUES
  ('person', '330225199001010012', 'Stage Person'), ('person', '330225197003030034', 'Denied Person');
SELECT id AS s FROM applicant WHERE name = 'Stage Person' \gset
SELECT id AS t FROM applicant WHERE name = 'Denied Person' \gset
SELECT submit('lc_shop', :s, '{form,id,photo}', 'window', '{}', '2026-08-03 10:00+08') AS b1 \gset
SELECT submit('lc_shop', :t, '{form,id,photo}', 'window', '{}', '2026-08-03 11:00+08') AS b2 \gset
SELECT results_eq(format($$SELECT initial_status, evidence_types FROM case_material WHERE case_id IN (%s, %s) AND material = 'bizlic'$$, :b1, :b2),
  $$VALUES ('produced'::text, '{lc_bizlic}'::text[]), ('produced', '{lc_bizlic}')$$,
  'the business licence of both shops is produced by stage 1, of type lc_bizlic at submission');
UPDATE material SET evidence_type = 'lc_orgcert' WHERE item = 'lc_sign' AND code = 'bizlic';
SELECT is(pg_temp.decide(:b1, 'approved', '2026-08-04 10:00+08'), 1, 'stage 1 of the first shop approved');
SELECT results_eq(format($$SELECT item, status, note FROM task WHERE case_id = %s AND stage = 2 ORDER BY item$$, :b1),
  $$VALUES ('lc_food'::text, 'open'::text, NULL::text), ('lc_sign', 'open', NULL)$$,
  'its licence issued, both tasks of stage 2 open, the one whose material''s type changed since too');
SELECT is(pg_temp.decide(:b2, 'denied', '2026-08-05 10:00+08'), 1, 'stage 1 of the second shop denied');
SELECT results_eq(format($$SELECT item, status, note FROM task WHERE case_id = %s AND stage = 2 ORDER BY item$$, :b2),
  $$VALUES ('lc_food'::text, 'blocked'::text, 'blocked: no valid licence of type lc_bizlic, which an earlier stage was to issue'::text),
           ('lc_sign', 'blocked', 'blocked: no valid licence of type lc_bizlic, which an earlier stage was to issue')$$,
  'denied: both tasks of stage 2 blocked, each naming the type stage 1 was to issue');

-- ---- 6. record_evidence() does not replace a licence a department issued
-- and that is in force (a review of 2026-12-04: a clerk recorded a paper
-- business licence for the shop and cut the market bureau's permanent
-- licence short to the day of recording)
UPDATE material SET evidence_type = 'lc_bizlic' WHERE item = 'lc_sign' AND code = 'bizlic';
SELECT submit('lc_sign', :s, '{form}', 'window', '{}', '2026-08-10 10:00+08') AS g1 \gset
SELECT is(pg_temp.decide(:g1, 'approved', '2026-08-11 10:00+08'), 1, 'a signboard of the shop''s holder (the business licence shared) approved');
SELECT throws_ok(format($$SELECT record_evidence(%s, 'lc_bizlic', 'paper licence seen', '2030-12-31')$$, :g1), '55000', NULL,
  'record_evidence() of a type the holder holds a licence of, issued and in force: 55000');
SELECT results_eq(format($$SELECT origin, status, valid_until FROM licence WHERE holder = %s AND evidence_type = 'lc_bizlic'$$, :s),
  $$VALUES ('issued'::text, 'valid'::text, NULL::date)$$,
  'the issued licence stays valid, without end, and nothing is recorded');

SELECT * FROM finish();
ROLLBACK;
