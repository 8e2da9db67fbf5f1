-- 通办: the clerk of the receiving point reads the applicant of a case
-- received there (doc/access.md, "Personal data: reachable only through a
-- reason"; doc/tongban.md, "Who sees a 通办 case").  The point's staff stand
-- at the window with the applicant: they verify the identity of whoever
-- supplements or collects, forward the originals and hand over the result.
-- The policy cases_clerk_tongban showed such a clerk the case, and
-- require_case_worker() refused it the applicant when its department lies in
-- neither the receiving nor the competent region (until 2026-12-05; a
-- review).  The read goes through the one decision (may_act_at() of the
-- point), only for the cases received at the clerk's points, only until the
-- result is delivered or the case withdrawn or revoked, and is logged.
BEGIN;
SET search_path = service_affair, public;
SET TIME ZONE 'UTC';
\ir tongban_fixture.inc
SELECT plan(21);

-- clerks of Beilun's department (neither the receiving 330225 nor the
-- competent 330226), posted to points: T5 (where the case is received), B5
-- (another point of the receiving region), T6 (a point of the competent
-- region); a reviewer given a posting row for T5 (a posting makes no clerk)
CREATE ROLE tb_pt_clerk IN ROLE service_affair_clerk;
CREATE ROLE tb_pb_clerk IN ROLE service_affair_clerk;
CREATE ROLE tb_p6_clerk IN ROLE service_affair_clerk;
INSERT INTO staff (login, department) VALUES
  ('tb_pt_clerk', 'TB_M0'), ('tb_pb_clerk', 'TB_M0'), ('tb_p6_clerk', 'TB_M0');
INSERT INTO staff_point (login, point) VALUES
  ('tb_pt_clerk', 'T5'), ('tb_pb_clerk', 'B5'), ('tb_p6_clerk', 'T6'), ('tb_reviewer0', 'T5');

-- name_as(role, case): the name case_applicant() returns to role, or the SQLSTATE it raised
CREATE FUNCTION pg_temp.name_as(r name, c bigint) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  n text;
BEGIN
  EXECUTE pg_catalog.format('SET LOCAL ROLE %I', r);
  BEGIN
    SELECT a.name INTO n FROM service_affair.case_applicant(c) a;
  EXCEPTION WHEN OTHERS THEN
    n := SQLSTATE;
  END;
  RESET ROLE;
  RETURN n;
END $$;
-- logged(role, case): rows of the access log by role for the case
CREATE FUNCTION pg_temp.logged(r name, c bigint) RETURNS bigint LANGUAGE sql AS
$$ SELECT count(*) FROM service_affair.access_log l WHERE l.actor = r AND l.case_id = c AND l.purpose = 'case_applicant' $$;

-- cx: a Ninghai company's case received at T5 in Xiangshan, handled in Ninghai
SELECT pg_temp.sub('tb_clerk5', 'tb_biz5', '91350100M000100Y43', 'window', 'T5') AS cx \gset
-- cv: another case, received at V5 (a point under T5), c5 at the county centre
SELECT pg_temp.sub('tb_clerk5', 'tb_res5', '330225199001010012', 'window', 'V5') AS cv \gset
SELECT pg_temp.sub('tb_clerk5', 'tb_res5', '330225199001010012', 'window', 'C5') AS c5 \gset
SELECT is((SELECT ROW(region, competent_region, receiving_point)::text FROM cases WHERE id = :cx),
          ROW('330225', '330226', 'T5')::text, 'fixture: received at T5 in 330225, competent 330226');

-- the receiving point's clerk: sees the case, reads its applicant, logged
SELECT is(pg_temp.val_as('tb_pt_clerk', format('SELECT count(*) FROM cases WHERE id = %s', :cx)), 1::bigint,
  'the clerk posted to the receiving point sees the case (cases_clerk_tongban)');
SELECT is(pg_temp.name_as('tb_pt_clerk', :cx), '宁海测试有限公司',
  '... and reads its applicant through case_applicant() (42501 until 2026-12-05)');
SELECT is(pg_temp.logged('tb_pt_clerk', :cx), 1::bigint,
  '... the read logged in the access log with its reason and case');
SELECT is((SELECT applicant FROM access_log WHERE actor = 'tb_pt_clerk' AND case_id = :cx), :o6::bigint,
  '... naming the applicant read');

-- other points, other regions, other roles: refused, nothing logged
SELECT is(pg_temp.val_as('tb_pb_clerk', format('SELECT count(*) FROM cases WHERE id = %s', :cx)), 0::bigint,
  'a clerk posted to another point of the receiving region (of a third region''s department) does not see the case');
SELECT is(pg_temp.name_as('tb_pb_clerk', :cx), '42501', '... nor read its applicant');
SELECT is(pg_temp.name_as('tb_p6_clerk', :cx), '42501',
  'a clerk posted to a point of the competent region, not the receiving one: 42501');
SELECT is(pg_temp.name_as('tb_clerk0', :cx), '42501', 'a clerk of a third region posted nowhere: 42501');
SELECT is(pg_temp.name_as('tb_reviewer0', :cx), '42501',
  'a reviewer of a third department with a posting row at the receiving point: 42501 (a posting makes no clerk)');
SELECT is(pg_temp.name_as('tb_analyst', :cx), '42501', 'an analyst: 42501');
SELECT is((SELECT count(*) FROM access_log WHERE actor IN ('tb_pb_clerk', 'tb_p6_clerk', 'tb_clerk0', 'tb_reviewer0', 'tb_analyst')),
          0::bigint, '... and no refused call is logged');
SELECT is(replace(pg_temp.detail_as('tb_pb_clerk', format('SELECT * FROM case_applicant(%s)', :cx)), :cx::text, '#'),
          replace(pg_temp.detail_as('tb_pb_clerk', format('SELECT * FROM case_applicant(%s)', :cx + 1000000)), (:cx + 1000000)::text, '#'),
  'the refusal is in the same words for another point''s case and an unknown one');
SELECT is(pg_temp.name_as('tb_pt_clerk', :cv), '42501',
  'the receiving point''s clerk does not read the applicant of a case received at a point under it');
SELECT is(pg_temp.name_as('tb_pt_clerk', :c5), '42501', '... nor at the county centre');

-- a throwaway case widens nothing (issue 10, defect 2): the point's clerk
-- of a third region's department files no case there (the handling item's
-- region is not its own), and a case withdrawn at the point is no reason
SELECT is(pg_temp.state_as('tb_pt_clerk',
            $$SELECT service_affair.submit('tb_res5', '330225199001010012', '{form}', 'window', '{}', '2026-11-18 10:00+08', NULL, 'T5')$$),
          '42501', 'the point''s clerk of a third region cannot make a case of the receiving region to read');
SELECT pg_temp.sub('tb_clerk5', 'tb_res5', '330225199001010012', 'window', 'T5') AS ct \gset
SELECT withdraw(:ct, '2026-11-18 10:30+08');
SELECT is(pg_temp.name_as('tb_pt_clerk', :ct), '42501',
  'a case received at the point and withdrawn: its applicant is no longer read there');

-- the point's business ends: delivered, withdrawn
SELECT complete_task((SELECT id FROM task WHERE case_id = :cx), 'approved', '2026-11-20 10:00+08');
SELECT is(pg_temp.name_as('tb_pt_clerk', :cx), '宁海测试有限公司',
  'concluded, the result not delivered yet: the point''s clerk still reads the applicant (it hands the result over)');
SELECT deliver(:cx, 'window', '2026-11-24 10:00+08');
SELECT is(pg_temp.name_as('tb_pt_clerk', :cx), '42501',
  'delivered: the point''s clerk no longer reads the applicant');
SELECT is(pg_temp.val_as('tb_pt_clerk', format('SELECT count(*) FROM cases WHERE id = %s', :cx)), 1::bigint,
  '... though it still sees the case');
SELECT is(pg_temp.name_as('tb_clerk6', :cx), '宁海测试有限公司',
  'the competent region''s clerk still reads it (the region rule, unchanged)');

SELECT * FROM finish();
ROLLBACK;
