-- case_progress() (issue 14): the applicant's view of a case by case number
-- and identifier; wrong pairs indistinguishable from unknown cases;
-- enumeration of case numbers learns nothing; the session's budget of wrong
-- pairs survives a rollback.
SET search_path = service_affair, public;
BEGIN;
SELECT plan(22);

SELECT create_roles();
CREATE ROLE pr_citizen LOGIN IN ROLE service_affair_public;
CREATE ROLE pr_nobody LOGIN;
INSERT INTO department (code, name, region) VALUES ('PA', 'Progress test A', '330225'), ('PB', 'Progress test B', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit) VALUES
  ('pa_item', 'Item of A', 'PA', 'promised', 20, 5),
  ('pb_item', 'Item of B', 'PB', 'promised', 20, 8);
INSERT INTO material (item, code, name, required) VALUES
  ('pa_item', 'form', '申请表', true), ('pa_item', 'plan', '平面图', true),
  ('pb_item', 'form', '申请表', true);
INSERT INTO bundle (code, name, lead_department) VALUES ('pab', 'A and B', 'PA');
INSERT INTO bundle_item (bundle, item, stage) VALUES ('pab', 'pa_item', 1), ('pab', 'pb_item', 1);
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Progress Person');
INSERT INTO applicant (kind, uscc, name) VALUES ('org', '91110000600037341L', 'Progress Org');
SELECT submit('pab', '11010519491231002X', '{form,plan}', 'window', '{}', '2026-11-02 09:00+08') AS both_open \gset
SELECT submit('pa_item', '11010519491231002X', '{form}', 'window', '{}', '2026-11-02 10:00+08') AS returned \gset
SELECT submit('pb_item', '91110000600037341L', '{form}', 'window', '{}', '2026-11-02 11:00+08') AS org_case \gset
SELECT max(id) + 1 AS unknown FROM cases \gset

SET ROLE pr_nobody;
SELECT throws_ok(format('SELECT * FROM case_progress(%s, %L)', :both_open, '11010519491231002X'), '42501', NULL,
                 'a login outside the groups cannot call case_progress');
RESET ROLE;

-- the case numbers probed below, around the real ones (not the org's own case)
CREATE TEMP TABLE probe AS
SELECT g AS id, EXISTS (SELECT 1 FROM service_affair.cases c WHERE c.id = g) AS real_case
  FROM generate_series(:returned - 2, :returned + 3) g WHERE g <> :org_case;
GRANT SELECT ON probe TO PUBLIC;

SET ROLE pr_citizen;
-- right pairs (any accepted spelling)
SELECT results_eq(format('SELECT status, stage, department, missing FROM case_progress(%s, %L)', :both_open, '11010519491231002x'),
                  $$VALUES ('accepted'::text, 1, 'PA'::text, '{}'::text[]), ('accepted', 1, 'PB', '{}')$$,
                  'a bundle with parallel tasks: one row per open task (identifier in lower case)');
SELECT ok((SELECT bool_and(due IS NOT NULL) FROM case_progress(:both_open, '11010519491231002X')), 'each open task has its due date');
SELECT results_eq(format('SELECT status, stage, department, missing FROM case_progress(%s, %L)', :returned, '11010519491231002X'),
                  $$VALUES ('returned'::text, NULL::integer, 'PA'::text, '{plan}'::text[])$$,
                  'a returned case: one row with its status and the missing materials of the notice');
SELECT results_eq(format('SELECT status, stage FROM case_progress(%s, %L)', :org_case, ' 91110000600037341l'::text),
                  $$VALUES ('accepted'::text, 1)$$, 'an org by its USCC');
SELECT is((SELECT proargnames FROM pg_proc WHERE oid = 'case_progress(bigint,text)'::regprocedure),
          '{case_id,identifier,status,stage,department,due,missing,result_point,result_due,result_delivered_at,result_arrived_at}'::text[],
          'nothing but status, stage, department, due, missing and where the result comes back (its point''s name, due, delivery, arrival)');
SELECT results_eq(format('SELECT DISTINCT result_point, result_due, result_delivered_at, result_arrived_at FROM case_progress(%s, %L)', :both_open, '11010519491231002X'),
                  $$VALUES (NULL::text, NULL::date, NULL::timestamptz, NULL::timestamptz)$$,
                  'a case received without a point: no result_* information');

-- wrong pairs: no rows, whatever the reason (failures 1..5)
SELECT is_empty(format('SELECT * FROM case_progress(%s, %L)', :both_open, '91110000600037341L'), 'a right case with another applicant''s identifier: no rows');
SELECT is_empty(format('SELECT * FROM case_progress(%s, %L)', :unknown, '11010519491231002X'), 'an unknown case: no rows');
SELECT is_empty(format('SELECT * FROM case_progress(%s, %L)', :both_open, '110105194912310021'), 'a malformed identifier: no rows, no error');
SELECT is_empty(format('SELECT * FROM case_progress(%s, NULL)', :both_open), 'a NULL identifier: no rows');
SELECT is_empty(format('SELECT * FROM case_progress(NULL, %L)', '11010519491231002X'), 'a NULL case number: no rows');
-- enumeration: case numbers around the real ones, with one identifier (failures 6..10)
SELECT is((SELECT count(*)::int FROM probe), 5, 'five case numbers probed');
SELECT ok((SELECT count(DISTINCT real_case) = 2 FROM probe), 'the probes hit real and unknown case numbers');
SELECT is((SELECT array_agg(DISTINCT (SELECT count(*) FROM case_progress(p.id, '91110000600037341L'))) FROM probe p), '{0}'::bigint[],
          'enumeration learns nothing: every probe gives the same empty answer, real case or not');
SELECT throws_ok(format('SELECT * FROM case_progress(%s, %L)', :both_open, '11010519491231002X'), '55000',
                 'too many failed lookups in this session', 'after 10 wrong pairs even a right pair is refused');
SAVEPOINT s;
ROLLBACK TO s;
SELECT throws_ok(format('SELECT * FROM case_progress(%s, %L)', :returned, '11010519491231002X'), '55000', NULL,
                 'a rollback does not reset the budget');
RESET ROLE;
SELECT throws_ok(format('SELECT * FROM case_progress(%s, %L)', :returned, '11010519491231002X'), '55000', NULL,
                 'the budget is the session''s, whatever the role');

-- the comparison itself
SELECT ok(identifier_equal('11010519491231002X', '11010519491231002X'), 'identifier_equal: equal');
SELECT ok(NOT identifier_equal('11010519491231002X', '11010519491231002Y'), 'identifier_equal: last character');
SELECT ok(NOT identifier_equal('11010519491231002X', '11010519491231002'), 'identifier_equal: lengths differ');
SELECT ok(NOT has_function_privilege('service_affair_public', 'identifier_equal(text,text)', 'EXECUTE'),
          'the public cannot call identifier_equal itself');

SELECT * FROM finish();
ROLLBACK;
