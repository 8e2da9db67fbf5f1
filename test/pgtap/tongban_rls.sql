-- 通办 and row-level security, the two-county case (issue 13): a case
-- received in Xiangshan (330225) for a company of Ninghai (330226) is seen
-- by the clerks of both counties; a clerk of Beilun (330206), outside both
-- the receiving and the handling region, sees neither the case nor its
-- applicant.
BEGIN;
SET search_path = service_affair, public;
\ir tongban_fixture.inc
SELECT plan(18);

SELECT pg_temp.sub('tb_clerk5', 'tb_biz5', '91350100M000100Y43', 'window', 'T5') AS cx \gset
SELECT pg_temp.sub('tb_clerk5', 'tb_res5', '330225199001010012', 'window', 'C5') AS c5 \gset
SELECT is((SELECT ROW(region, competent_region)::text FROM cases WHERE id = :cx), ROW('330225', '330226')::text,
  'the fixture case: received in 330225, competent 330226');

SELECT is(pg_temp.val_as('tb_clerk5', format('SELECT count(*) FROM cases WHERE id = %s', :cx)), 1::bigint,
  'a clerk of the receiving region sees the case');
SELECT is(pg_temp.val_as('tb_clerk6', format('SELECT count(*) FROM cases WHERE id = %s', :cx)), 1::bigint,
  'a clerk of the handling region sees the case');
SELECT is(pg_temp.val_as('tb_clerk6', format('SELECT count(*) FROM cases WHERE id = %s', :c5)), 0::bigint,
  '... but not a case of the other county that is not its own');
SELECT is(pg_temp.val_as('tb_clerk0', 'SELECT count(*) FROM cases'), 0::bigint,
  'a clerk outside both regions sees no case');
SELECT is(pg_temp.val_as('tb_clerk0', 'SELECT count(*) FROM case_leg'), 0::bigint,
  '... no leg');
SELECT is(pg_temp.val_as('tb_clerk0', 'SELECT count(*) FROM case_event'), 0::bigint,
  '... and no history');
SELECT is(pg_temp.val_as('tb_clerk6', format('SELECT count(*) FROM case_leg WHERE case_id = %s', :cx)), 1::bigint,
  'the handling region''s clerk sees the forwarding leg');
SELECT is(pg_temp.val_as('tb_clerk5', format('SELECT count(*) FROM case_applicant(%s)', :cx)), 1::bigint,
  'the receiving clerk reads the applicant through case_applicant()');
SELECT is(pg_temp.val_as('tb_clerk6', format('SELECT count(*) FROM case_applicant(%s)', :cx)), 1::bigint,
  'the handling region''s clerk too');
SELECT is(pg_temp.state_as('tb_clerk0', format('SELECT * FROM case_applicant(%s)', :cx)), '42501',
  'a clerk outside both regions does not read the applicant');
SELECT is(pg_temp.state_as('tb_clerk0', 'SELECT count(*) FROM applicant'), '42501',
  '... nor any applicant directly');
SELECT is(pg_temp.state_as('tb_reviewer0', format('SELECT * FROM case_applicant(%s)', :cx)), '42501',
  'a reviewer of a third department neither');
SELECT is(pg_temp.val_as('tb_reviewer6', format('SELECT count(*) FROM case_applicant(%s)', :cx)), 1::bigint,
  'the handling department''s reviewer reads it (its task)');
SELECT is(pg_temp.val_as('tb_clerk_t5', format('SELECT count(*) FROM cases WHERE id = %s', :cx)), 1::bigint,
  'a clerk posted to the receiving point sees the case');
SELECT is(pg_temp.val_as('tb_clerk0', $$SELECT cardinality(my_points())$$), 0::bigint, 'a clerk posted nowhere has no points');
SELECT is(pg_temp.val_as('tb_analyst', 'SELECT count(*) FROM tongban_by_point'), 2::bigint,
  'the analyst reads the per-point figures');
SELECT is(pg_temp.state_as('tb_analyst', 'SELECT count(*) FROM case_leg'), '42501',
  '... but not the legs of single cases');

SELECT * FROM finish();
ROLLBACK;
