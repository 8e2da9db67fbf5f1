-- A visit recorded on a case and moved later to another phase (a completing
-- supplement, or a conclusion, recorded late: dated before the visit) moves
-- by the count record_visit() added, which its event records (counted),
-- whatever the point's level is at the move.  Until 2026-12-07 the move
-- counted the visit again with the point's level then: a village point
-- reclassified as a mobile unit (no visit) left a visit made after the
-- acceptance before it, the promise's count 0 (跑零次 for the analysts), and
-- a mobile unit reclassified as a village point moved a visit that was
-- never counted (a review).
BEGIN;
SET search_path = service_affair, public;
\ir tongban_fixture.inc
SELECT plan(9);

INSERT INTO service_point (code, name, level, region, town_code, parent) VALUES
  ('VA5', '甲村代办点', 'village', '330225', '330225001202', 'T5'),
  ('VB5', '乙村代办点', 'village', '330225', '330225001203', 'T5'),
  ('MC5', '流动服务车二号', 'mobile', '330225', NULL, 'C5');

-- (b) accepted at submission (tb_res5 asks for the form only), a visit
-- recorded on the accepted case, the point reclassified, the decision
-- recorded late, before the visit: the visit was a collection
SELECT pg_temp.sub('tb_clerk5', 'tb_res5', '330225199001010012', 'window', 'VB5') AS cb \gset
SELECT record_visit(:cb, '2026-11-19 12:00+08', 'collect');
SELECT is((SELECT ROW(status, visits, visits_collection)::text FROM cases WHERE id = :cb), ROW('accepted', 2, 0)::text,
          'a window submission and a recorded visit at a village point: two visits, none a collection yet');
UPDATE service_point SET level = 'mobile', town_code = NULL WHERE code = 'VB5';
SELECT complete_task((SELECT id FROM task WHERE case_id = :cb), 'approved', '2026-11-19 10:00+08');
SELECT is((SELECT ROW(status, visits, visits_collection)::text FROM cases WHERE id = :cb), ROW('concluded', 2, 1)::text,
          '... the point made a mobile unit, the conclusion recorded late: the visit moves to the collection as counted');

-- (c) the other way: a visit at a mobile unit (none), the unit made a
-- village point, the decision recorded late: nothing to move (until
-- 2026-12-07 one visit moved, more than the case had)
SELECT pg_temp.sub('tb_clerk5', 'tb_res5', '330225199001010012', 'window', 'MC5') AS cc \gset
SELECT record_visit(:cc, '2026-11-19 12:00+08', 'collect');
SELECT is((SELECT ROW(visits, visits_collection)::text FROM cases WHERE id = :cc), ROW(0, 0)::text,
          'a submission and a recorded visit at a mobile unit: no visit');
UPDATE service_point SET level = 'village', town_code = '330225001204', parent = 'T5' WHERE code = 'MC5';
SELECT lives_ok(format($$SELECT complete_task((SELECT id FROM task WHERE case_id = %s), 'approved', '2026-11-19 10:00+08')$$, :cc),
          '... the unit made a village point, the conclusion recorded late: concluded');
SELECT is((SELECT ROW(status, visits, visits_collection)::text FROM cases WHERE id = :cc), ROW('concluded', 0, 0)::text,
          '... and no visit moves: none was counted');

-- (a) returned at submission, a visit recorded on the returned case, the
-- point reclassified, the completing supplement recorded late, before the
-- visit: the visit was made after the acceptance, in the promise
INSERT INTO material (item, code, name) VALUES ('tb_res5', 'photo', 'Photo');
SELECT pg_temp.sub('tb_clerk5', 'tb_res5', '330225199001010012', 'window', 'VA5') AS ca \gset
SELECT record_visit(:ca, '2026-11-18 12:00+08', 'question');
SELECT is((SELECT ROW(status, visits, visits_before_acceptance)::text FROM cases WHERE id = :ca), ROW('returned', 2, 2)::text,
          'a window submission and a recorded visit at a village point, materials missing: two visits before the acceptance');
UPDATE service_point SET level = 'mobile', town_code = NULL WHERE code = 'VA5';
SELECT supplement(:ca, '{photo}', '2026-11-18 11:00+08', 'online');
SELECT is((SELECT ROW(status, visits, visits_before_acceptance)::text FROM cases WHERE id = :ca), ROW('accepted', 2, 1)::text,
          '... the point made a mobile unit, the completing supplement recorded late: the visit after it counts in the promise');
SELECT is((SELECT detail->>'counted' FROM case_event WHERE case_id = :ca AND kind = 'visit'), '1',
          'the visit event records the count it added');
SELECT complete_task((SELECT id FROM task WHERE case_id = :ca), 'approved', '2026-11-19 10:00+08');
SELECT deliver(:ca, 'mail', '2026-11-19 15:00+08');
SELECT is((SELECT zero_visit_reform FROM efficiency_facts WHERE case_id = :ca), false,
          '... collected by mail: the efficiency facts do not count it 跑零次 from acceptance (zero_visit_reform)');

SELECT * FROM finish();
ROLLBACK;
