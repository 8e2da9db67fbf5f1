-- A bundle's stages reordered while its case was returned (review of
-- 2026-12-06): the case was assessed with the business licence its first
-- stage issues as produced (not asked of the applicant); with that stage
-- moved after the food permit, the supplement that completed the case
-- opened the food permit's task first, to be decided without the licence.
-- Assertions 1-4 failed on the former code (the supplement compared the
-- items and their departments only).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(6);
\ir licence_fixture.inc

SELECT submit('lc_shop', :q, '{id}', 'window', '{}', '2026-08-10 09:00+08') AS b1 \gset
SELECT is((SELECT detail -> 'stages' FROM case_event WHERE case_id = :b1 AND kind = 'submitted'),
  '{"lc_reg": 1, "lc_food": 2, "lc_sign": 2}'::jsonb, 'a bundle''s submission keeps the stage of each item it was assessed for');
UPDATE bundle_item SET stage = 3 WHERE bundle = 'lc_shop' AND item = 'lc_reg';
SELECT throws_ok(format($$SELECT supplement(%s, '{form}', '2026-08-10 10:00+08', 'window')$$, :b1), '55000',
  format('the stages of service lc_shop changed since case %s was submitted', :b1),
  'the supplement that would route the licence''s stage after the tasks relying on it is refused (was: accepted, lc_food open first)');
SELECT results_eq(format($$SELECT status, (SELECT count(*) FROM task WHERE case_id = %1$s),
                                  (SELECT status FROM case_material WHERE case_id = %1$s AND material = 'form')
                             FROM cases WHERE id = %1$s$$, :b1),
  $$VALUES ('returned'::text, 0::bigint, 'missing'::text)$$, '... and changes nothing: returned, no task, the form still missing');
-- stages merged: lc_reg alongside the others is a change of order too
UPDATE bundle_item SET stage = 2 WHERE bundle = 'lc_shop' AND item = 'lc_reg';
SELECT throws_ok(format($$SELECT supplement(%s, '{form}', '2026-08-10 10:00+08', 'window')$$, :b1), '55000',
  format('the stages of service lc_shop changed since case %s was submitted', :b1),
  'the first stage merged with the second: refused too');
-- renumbered in the same order: nothing the assessment relied on changed
UPDATE bundle_item SET stage = 1 WHERE bundle = 'lc_shop' AND item = 'lc_reg';
UPDATE bundle_item SET stage = 5 WHERE bundle = 'lc_shop' AND item IN ('lc_food', 'lc_sign');
SELECT is(supplement(:b1, '{form}', '2026-08-10 10:00+08', 'window'), 'accepted', 'stages renumbered in their order: the case is accepted');
SELECT results_eq(format('SELECT item, stage, status FROM task WHERE case_id = %s ORDER BY stage, item', :b1),
  $$VALUES ('lc_reg'::text, 1, 'open'::text), ('lc_food', 5, 'waiting'), ('lc_sign', 5, 'waiting')$$,
  '... and routed with the licence''s stage first');

SELECT * FROM finish();
ROLLBACK;
