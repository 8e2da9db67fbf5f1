-- 通办 scope none (2026-12-07, a review of what it means): no 通办 — the
-- item is taken only at points of its competent region, as county
-- (全县通办): a region is a county (GB/T 2260, 6 digits), and the scope
-- says how far the receiving point may lie from the competent region, not
-- at which points of it.  Which points of the region take it is
-- accepting_levels' to say: '{county}' for the county centre only.  An item
-- whose competence is receiving is handled where it is received: its
-- competent region is the point's, and no scope refuses a point.
BEGIN;
SET search_path = service_affair, public;
\ir tongban_fixture.inc
SELECT plan(7);

-- tb_res5 and tb_res6: residence competence; the applicant lives in Xiangshan
UPDATE item SET tongban_scope = 'none' WHERE code IN ('tb_res5', 'tb_res6');
SELECT is(pg_temp.state_as('tb_clerk5', $$SELECT pg_temp.sub('tb_clerk5', 'tb_res5', '330225199001010012', 'window', 'T5')$$), '00000',
          'scope none: taken at a town point of the competent region');
SELECT is(pg_temp.detail_as('tb_clerk6', $$SELECT pg_temp.sub('tb_clerk6', 'tb_res6', '330225199001010012', 'window', 'C6')$$),
          'Item tb_res5 (competent region 330225) has 通办 scope none; point C6 lies in region 330226.',
          'scope none: refused at a point of another county (22023, the detail naming the scope)');
SELECT is(pg_temp.state_as('tb_clerk6', $$SELECT pg_temp.sub('tb_clerk6', 'tb_res6', '330225199001010012', 'window', 'C6')$$), '22023',
          '... 22023');
-- the same as county, point for point
UPDATE item SET tongban_scope = 'county' WHERE code IN ('tb_res5', 'tb_res6');
SELECT is(ARRAY[pg_temp.state_as('tb_clerk5', $$SELECT pg_temp.sub('tb_clerk5', 'tb_res5', '330225199001010012', 'window', 'T5')$$),
                pg_temp.state_as('tb_clerk6', $$SELECT pg_temp.sub('tb_clerk6', 'tb_res6', '330225199001010012', 'window', 'C6')$$)],
          ARRAY['00000', '22023'], 'scope county: the same points');
-- the county centre only: accepting_levels
UPDATE item SET tongban_scope = 'none', accepting_levels = '{county}' WHERE code IN ('tb_res5', 'tb_res6');
SELECT is(pg_temp.state_as('tb_clerk5', $$SELECT pg_temp.sub('tb_clerk5', 'tb_res5', '330225199001010012', 'window', 'T5')$$), '22023',
          'the county centre only is accepting_levels {county}: a town point refused');
SELECT is(pg_temp.state_as('tb_clerk5', $$SELECT pg_temp.sub('tb_clerk5', 'tb_res5', '330225199001010012', 'window', 'C5')$$), '00000',
          '... the centre takes it');
-- competence receiving: handled where received (tb_local5, scope none, no
-- basic code: its own department, at the points of its region it accepts)
SELECT is(pg_temp.state_as('tb_clerk5', $$SELECT pg_temp.sub('tb_clerk5', 'tb_local5', '330225199001010012', 'window', 'C5')$$), '00000',
          'scope none, competence receiving: taken at the centre of its region');

SELECT * FROM finish();
ROLLBACK;
