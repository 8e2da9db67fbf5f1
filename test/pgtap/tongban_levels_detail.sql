-- An item taken at no point (accepting_levels '{}': an item applied for
-- online only) refused at a point, alone or in a bundle: the detail says
-- "accepted at no points".  Until 2026-12-07 it said "accepted at  points"
-- (an empty list; a review).
BEGIN;
SET search_path = service_affair, public;
\ir tongban_fixture.inc
SELECT plan(4);
UPDATE item SET accepting_levels = '{}' WHERE code = 'tb_local5';
SELECT is(pg_temp.state_as('tb_clerk5', $$SELECT submit('tb_local5', '330225199001010012', '{form}', 'window', '{}', '2026-11-18 10:00+08', point => 'C5')$$),
          '22023', 'an item accepted at no point, at the county centre: 22023');
SELECT is(pg_temp.detail_as('tb_clerk5', $$SELECT submit('tb_local5', '330225199001010012', '{form}', 'window', '{}', '2026-11-18 10:00+08', point => 'C5')$$),
          'Item tb_local5 is accepted at no points (通办 scope none); point C5 is a county point.',
          '... the detail says at no points');
INSERT INTO bundle (code, name, lead_department) VALUES ('tb_bun_lv', 'Bundle', 'TB_M5');
INSERT INTO bundle_item (bundle, item) VALUES ('tb_bun_lv', 'tb_local5');
SELECT is(pg_temp.state_as('tb_clerk5', $$SELECT submit('tb_bun_lv', '330225199001010012', '{form}', 'window', '{}', '2026-11-18 10:00+08', point => 'C5')$$),
          '22023', 'a bundle of it, at the county centre: 22023');
SELECT is(pg_temp.detail_as('tb_clerk5', $$SELECT submit('tb_bun_lv', '330225199001010012', '{form}', 'window', '{}', '2026-11-18 10:00+08', point => 'C5')$$),
          'Item tb_local5 of bundle tb_bun_lv is accepted at no points; point C5 is a county point.',
          '... the detail says at no points');
SELECT * FROM finish();
ROLLBACK;
