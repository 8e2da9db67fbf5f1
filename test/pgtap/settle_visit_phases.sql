-- Settling moves a case into the history without counting its visits again
-- (43_visit_phases.sql, cases_visit_phase_insert).  PostgreSQL moves a row
-- to another partition as a DELETE and an INSERT; until 2026-12-03 the
-- INSERT trigger counted the visits of a case returned or withdrawn before
-- acceptance a second time (visits_before_acceptance 2 of 1 visit), and
-- NOTIFYed again the exceeded promise of a case concluded with too many
-- visits (a review).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(6);
\ir route_fixture.inc

-- kr returned at the window (one visit before acceptance), kw returned then
-- withdrawn, kc accepted, visited twice more, concluded and delivered at the window
SELECT submit('rt_biz', :p, '{}', 'window', '{}', '2026-02-13 10:00+08') AS kr \gset
SELECT submit('rt_biz', :p, '{}', 'window', '{}', '2026-02-13 11:00+08') AS kw \gset
SELECT withdraw(:kw, '2026-02-14 10:00+08');
SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-02-13 12:00+08') AS kc \gset
SELECT record_visit(:kc, '2026-02-16 10:00+08');
SELECT record_visit(:kc, '2026-02-17 10:00+08');
SELECT complete_task((SELECT id FROM task WHERE case_id = :kc), 'approved', '2026-02-18 10:00+08');
SELECT deliver(:kc, 'window', '2026-02-19 10:00+08');

CREATE TEMP TABLE before_settling AS
  SELECT id, visits, visits_before_acceptance, visits_collection FROM cases WHERE id IN (:kr, :kw, :kc);
SELECT results_eq(format($$SELECT visits, visits_before_acceptance FROM before_settling WHERE id IN (%s, %s) ORDER BY id$$, :kr, :kw),
  $$VALUES (1, 1), (1, 1)$$, 'before settling: the returned and the withdrawn case have one visit, before acceptance');
SELECT ok((SELECT visits >= 3 FROM before_settling WHERE id = :kc), 'the concluded case has its visits');

SELECT is(settle_cases('2026-12-01 00:00+08', 1000), 3, 'months later the three cases settle');
SELECT is((SELECT count(*)::integer FROM cases WHERE id IN (:kr, :kw, :kc) AND settled), 3, 'they are in the history');
SELECT set_eq(format($$SELECT id, visits, visits_before_acceptance, visits_collection FROM cases WHERE id IN (%s, %s, %s)$$, :kr, :kw, :kc),
  $$SELECT * FROM before_settling$$,
  'their visits and the phases of them are as before settling');
SELECT ok((SELECT bool_and(visits_before_acceptance <= visits) FROM cases), 'no case has more visits before acceptance than visits');

SELECT * FROM finish();
ROLLBACK;
