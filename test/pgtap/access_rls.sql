-- Department and region scoping (row-level security and the caller checks
-- of the writing API functions) and masking of personal data.
BEGIN;
SET search_path = service_affair, public;
\ir access_fixture.inc
CREATE ROLE access_clerk_nowhere IN ROLE service_affair_clerk;
SELECT plan(71);
\ir blank_text.inc

-- ---- who am I -------------------------------------------------------------
SELECT is(pg_temp.count_as('access_clerk', $$SELECT acts_as('clerk')::int$$), 1::bigint, 'a clerk acts as clerk');
SELECT is(pg_temp.count_as('access_clerk', $$SELECT acts_as('admin')::int$$), 0::bigint, 'a clerk does not act as admin');
SELECT is(pg_temp.count_as('access_admin', $$SELECT acts_as('admin')::int$$), 1::bigint, 'an administrator acts as admin');
SELECT is(pg_temp.count_as('access_clerk', $$SELECT cardinality(my_departments('clerk'))$$), 1::bigint, 'a clerk works for one department');
SELECT is(pg_temp.count_as('access_clerk', $$SELECT cardinality(my_departments('reviewer'))$$), 0::bigint, '... and for none as a reviewer');
SELECT is(pg_temp.count_as('access_clerk_h', $$SELECT (my_regions('clerk') = ARRAY['330226'])::int$$), 1::bigint, 'the regions of a clerk are its departments'' regions');

-- ---- RLS: what each role reads ---------------------------------------------
SELECT is(pg_temp.count_as('access_admin', 'SELECT count(*) FROM cases'), 4::bigint, 'the administrator sees every case');
SELECT is(pg_temp.count_as('access_clerk', format($$SELECT count(*) FILTER (WHERE id IN (%s, %s, %s) AND region = '330225') * 10 + count(*) FROM cases$$, :c_m, :c_m2, :c_m3)), 33::bigint,
  'the Market clerk (330225) sees exactly the three cases submitted in 330225');
SELECT is(pg_temp.count_as('access_clerk_h', format('SELECT count(*) FILTER (WHERE id = %s) * 10 + count(*) FROM cases', :c_h)), 11::bigint,
  'the Health clerk (330226) sees exactly the case submitted in 330226');
SELECT is(pg_temp.count_as('access_clerk_nowhere', 'SELECT count(*) FROM cases'), 0::bigint, 'a clerk with no department sees no case');
SELECT is(pg_temp.count_as('access_reviewer', format('SELECT count(*) FILTER (WHERE id IN (%s, %s, %s)) * 10 + count(*) FROM cases', :c_m, :c_m2, :c_m3)), 33::bigint,
  'the Market reviewer sees exactly the three cases with a Market task');
SELECT is(pg_temp.count_as('access_reviewer_h', 'SELECT count(*) FROM cases'), 0::bigint,
  'the Health reviewer sees no case: the Health case was returned and has no task');
SELECT is(pg_temp.count_as('access_reviewer', $$SELECT count(*) FILTER (WHERE department = 'AX_M') * 10 + count(*) FROM task$$), 33::bigint,
  'the Market reviewer sees the Market tasks only');
SELECT is(pg_temp.state_as('access_reviewer', 'SELECT count(*) FROM applicant'), '42501',
  'a reviewer reads no applicant directly');
SELECT is(pg_temp.count_as('access_reviewer', format('SELECT count(*) FROM case_applicant(%s) WHERE applicant = %s', :c_m, :p)), 1::bigint,
  '... but the applicant of a case with a task of its department, through case_applicant()');
SELECT is(pg_temp.count_as('access_reviewer', format('SELECT count(*) FROM case_event WHERE case_id NOT IN (%s, %s, %s)', :c_m, :c_m2, :c_m3)), 0::bigint,
  'a reviewer sees the history of its cases only');
SELECT is(pg_temp.state_as('access_clerk', 'SELECT count(*) FROM task'), '42501', 'clerks do not read tasks');
SELECT is(pg_temp.state_as('access_reviewer_h', $$SELECT claim_task('AX_M', 'intruder')$$), '42501',
  'claim_task(): a reviewer of another department gets 42501');
SELECT is(pg_temp.state_as('access_reviewer_h', format($$SELECT complete_task(%s, 'denied')$$, :tm)), '42501',
  'complete_task(): a reviewer of another department gets 42501');
SELECT is(pg_temp.state_as('access_reviewer', format($$SELECT complete_task(%s, 'approved', '2026-11-19 10:00+08')$$, :tm)), '00000',
  'complete_task(): the department''s reviewer completes');
SELECT is(pg_temp.count_as('access_clerk', format('SELECT count(*) FROM case_material WHERE case_id NOT IN (%s, %s, %s)', :c_m, :c_m2, :c_m3)), 0::bigint,
  'case materials follow the cases: none of another region');
SELECT cmp_ok(pg_temp.count_as('access_clerk', format('SELECT count(*) FROM case_material WHERE case_id = %s', :c_m)), '>', 0::bigint,
  '... and those of the clerk''s cases');
SELECT is(pg_temp.count_as('access_clerk', format('SELECT count(*) FROM case_event WHERE case_id NOT IN (%s, %s, %s)', :c_m, :c_m2, :c_m3)), 0::bigint,
  'case history follows the cases: none of another region');
SELECT is(pg_temp.count_as('access_clerk', format('SELECT count(*) FROM case_event WHERE case_id = %s', :c_m)), (SELECT count(*) FROM case_event WHERE case_id = :c_m),
  '... and that of the clerk''s case');
SELECT is(pg_temp.state_as('access_clerk', 'SELECT count(*) FROM applicant'), '42501',
  'a clerk reads no applicant directly (visibility does not follow cases)');
SELECT is(pg_temp.state_as('access_clerk_h', 'SELECT count(*) FROM evidence'), '42501',
  'a clerk reads no evidence directly');
SELECT is(pg_temp.count_as('access_clerk_h', format('SELECT count(*) FROM case_applicant(%s) WHERE applicant = %s', :c_h, :q)), 1::bigint,
  'a clerk reads the applicant of a case of its region through case_applicant()');
SELECT is(pg_temp.state_as('access_clerk_h', format('SELECT * FROM case_applicant(%s)', :c_m)), '42501',
  '... not that of another region''s case');
SELECT is(pg_temp.state_as('access_clerk_h', format('SELECT * FROM case_evidence(%s)', :c_h)), '42501',
  '... and no evidence: case_evidence() is for reviewers');
SELECT is(pg_temp.count_as('access_admin', 'SELECT count(*) FROM applicant'), 3::bigint, 'the administrator sees every applicant');
SELECT is(pg_temp.state_as('access_nobody', 'SELECT count(*) FROM cases'), '42501', 'a role in no group reads no case');
SELECT is(pg_temp.state_as('access_clerk', $$INSERT INTO applicant (kind, uscc, name) VALUES ('org', '91110000600037341L', 'x')$$), '42501',
  'a clerk cannot insert applicants directly');
SELECT is(pg_temp.state_as('access_admin', $$INSERT INTO applicant (kind, uscc, name) VALUES ('org', '91110000600037341L', 'x')$$), '00000',
  'the administrator maintains applicants directly');

-- ---- caller checks in the writing functions ---------------------------------
SELECT is(pg_temp.state_as('access_clerk_h', $$SELECT submit('ax_biz', '11010519491231002X', '{form}')$$), '42501',
  'submit(): a clerk cannot submit at another region''s centre (the item''s department region by default)');
SELECT is(pg_temp.state_as('access_clerk_h', $$SELECT submit('ax_biz', '11010519491231002X', '{form}', region => '330226')$$), '00000',
  'submit(): ... but accepts any item at its own centre (全科无差别受理)');
SELECT is(pg_temp.count_as('access_clerk_h', $$SELECT count(*) FROM cases WHERE service = 'ax_biz'$$), 1::bigint,
  '... and then sees that case');
SELECT is(pg_temp.count_as('access_clerk', $$SELECT count(*) FROM cases WHERE region = '330226'$$), 0::bigint,
  '... which the Market clerk does not');
SELECT is(pg_temp.state_as('access_clerk_nowhere', $$SELECT submit('ax_biz', '11010519491231002X', '{form}')$$), '42501',
  'submit(): a clerk with no department cannot submit');
SELECT is(pg_temp.state_as('access_clerk_h', format($$SELECT * FROM notice(%s)$$, :c_m)), '42501', 'notice() of another region''s case: 42501');
SELECT is(pg_temp.state_as('access_clerk_h', format($$SELECT supplement(%s, '{form}')$$, :c_m)), '42501', 'supplement() of another region''s case: 42501');
SELECT is(pg_temp.state_as('access_clerk_h', format($$SELECT record_visit(%s)$$, :c_m)), '42501', 'record_visit() of another region''s case: 42501');
SELECT is(pg_temp.state_as('access_clerk_h', format($$SELECT deliver(%s, 'mail')$$, :c_m)), '42501', 'deliver() of another region''s case: 42501');
SELECT is(pg_temp.state_as('access_clerk_h', format($$SELECT withdraw(%s)$$, :c_m)), '42501', 'withdraw() of another region''s case: 42501');
SELECT is(pg_temp.state_as('access_clerk_h', format($$SELECT rate(%s, 5)$$, :c_m)), '42501', 'rate() of another region''s case: 42501');
SELECT is(pg_temp.state_as('access_clerk', format($$SELECT withdraw(%s)$$, :c_m2)), '00000', 'withdraw() of the clerk''s own case works');
SELECT is((SELECT actor FROM case_event WHERE case_id = :c_m2 AND kind = 'withdrawn'), 'access_clerk'::name, '... and records the clerk as actor');
SELECT is(pg_temp.state_as('access_inspector_h', format($$SELECT record_result(%s, %s, 'pass', 'ok')$$, :drawn, :t1)), '42501',
  'record_result(): an inspector of a department outside the plan gets 42501');
SELECT is(pg_temp.state_as('access_inspector', format($$SELECT record_result(%s, %s, 'issues', 'label missing', '2026-11-18 15:00+08')$$, :drawn, :t1)), '00000',
  'record_result(): an inspector of the plan''s department records');
SELECT is((SELECT recorded_by FROM inspection_result WHERE draw_id = :drawn AND target = :t1), 'access_inspector'::name, '... as itself');

-- ---- defence in depth: a wrong EXECUTE grant does not open the functions ----
GRANT EXECUTE ON FUNCTION create_plan(text, text[], numeric[], bytea, integer, text[], text[]), draw(bigint, bytea),
  publish_results(bigint, timestamptz), create_ledger(text, text), record_result(bigint, bigint, text, text, timestamptz)
  TO service_affair_clerk;
GRANT EXECUTE ON FUNCTION submit(text, bigint, text[], text, text[], timestamptz, text, text), notice(bigint),
  withdraw(bigint, timestamptz) TO service_affair_analyst;
SELECT is(pg_temp.state_as('access_clerk', $$SELECT create_plan('x', ARRAY['AX_M'], ARRAY[0, 0, 0, 0]::numeric[], sha256('\x09'::bytea))$$), '42501',
  'create_plan() granted to a clerk by mistake still refuses it');
SELECT is(pg_temp.state_as('access_clerk', format($$SELECT draw(%s, '\x02'::bytea)$$, :plan2)), '42501',
  'draw() granted to a clerk by mistake still refuses it');
SELECT is(pg_temp.state_as('access_clerk', format($$SELECT publish_results(%s)$$, :drawn)), '42501',
  'publish_results() granted to a clerk by mistake still refuses it');
SELECT is(pg_temp.state_as('access_clerk', $$SELECT create_ledger('AX_H')$$), '42501',
  'create_ledger() granted to a clerk by mistake still refuses it');
SELECT is(pg_temp.state_as('access_clerk', format($$SELECT record_result(%s, %s, 'pass', 'x')$$, :drawn, :t2)), '42501',
  'record_result() granted to a clerk by mistake still refuses it');
SELECT is(pg_temp.state_as('access_analyst', format($$SELECT submit('ax_biz', %s, '{form}')$$, :p)), '42501',
  'submit() granted to an analyst by mistake still refuses it');
SELECT is(pg_temp.state_as('access_analyst', format($$SELECT * FROM notice(%s)$$, :c_m)), '42501',
  'notice() granted to an analyst by mistake still refuses it');
SELECT is(pg_temp.state_as('access_analyst', format($$SELECT withdraw(%s)$$, :c_m3)), '42501',
  'withdraw() granted to an analyst by mistake still refuses it');
SELECT is((SELECT count(*) FROM plan), 2::bigint, '... and nothing was written');

-- ---- register_applicant() ----------------------------------------------------
SELECT is(pg_temp.count_as('access_clerk', $$SELECT register_applicant('person', '11010519491231002X', 'someone else')$$), :p::bigint,
  'register_applicant() returns the existing applicant of a resident id');
SELECT is((SELECT name FROM applicant WHERE id = :p), '张三丰', '... unchanged');
SELECT is(pg_temp.state_as('access_clerk', $$SELECT register_applicant('person', '11010519491231002Y', 'x')$$), '22P02',
  'register_applicant(): a malformed resident id is 22P02');
SELECT is(pg_temp.state_as('access_clerk', $$SELECT register_applicant('robot', '11010519491231002X', 'x')$$), '22023',
  'register_applicant(): an unknown kind is 22023');
SELECT is(pg_temp.state_as('access_clerk', format('SELECT register_applicant(%L, %L, %L)', 'person', '11010519491231002X', b.value)), '22023',
  'register_applicant(): a name of ' || b.label || ' is 22023') FROM pg_temp.blank_texts() b;

-- ---- masking -----------------------------------------------------------------
SET ROLE access_analyst;
CREATE TEMP TABLE masked_as_analyst AS SELECT * FROM applicant_masked;
RESET ROLE;
SELECT results_eq(
  $$SELECT kind, resident_id, uscc::text, name FROM pg_temp.masked_as_analyst ORDER BY id$$,
  $$VALUES ('person'::text, '110105********002X'::text, NULL::text, '张**'::text),
           ('org', NULL, '91350100M000100Y43', '宁波测试有限公司'),
           ('person', '330225********0018', NULL, '李*'),
           ('org', NULL, '91110000600037341L', 'x')$$,
  'analysts see resident ids and persons'' names masked, organisations in clear');
SELECT is(mask_name('A'), 'A*', 'mask_name() of one character keeps it and adds one *');
SELECT is(pg_temp.state_as('access_analyst', 'SELECT count(*) FROM applicant'), '42501', 'analysts cannot read applicants in clear');
SELECT is(pg_temp.state_as('access_public', 'SELECT count(*) FROM applicant_masked'), '42501', 'the public cannot read applicants at all');

SELECT * FROM finish();
ROLLBACK;
