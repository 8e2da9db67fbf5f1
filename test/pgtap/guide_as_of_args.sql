-- guide_as_of()'s arguments (doc/guides.md, "guide_as_of, case_guide"): a
-- NULL item, a NULL or infinite time are 22023 and a code no catalog version
-- ever named is 23503, the detail naming the value (the code through
-- printable()).  Until 2026-12-07 each answered NULL, the documented answer
-- for a time before the item's first version: the public, asking with a
-- misspelt code or a lost time, was told the item had no guide then (a
-- review).
BEGIN;
SET search_path = service_affair, public;
\ir tongban_fixture.inc
SELECT plan(12);
CREATE ROLE ga_public IN ROLE service_affair_public;

SELECT is(pg_temp.state_as('ga_public', $$SELECT guide_as_of('tb_biz5', NULL)$$), '22023', 'a NULL time: 22023');
SELECT is(pg_temp.detail_as('ga_public', $$SELECT guide_as_of('tb_biz5', NULL)$$), 'at NULL must be a finite time.', '... naming it');
SELECT is(pg_temp.state_as('ga_public', $$SELECT guide_as_of('tb_biz5', 'infinity')$$), '22023', 'an infinite time: 22023');
SELECT is(pg_temp.detail_as('ga_public', $$SELECT guide_as_of('tb_biz5', '-infinity')$$), 'at -infinity must be a finite time.', '... naming it');
SELECT is(pg_temp.state_as('ga_public', $$SELECT guide_as_of(NULL, now())$$), '22023', 'a NULL item: 22023');
SELECT is(pg_temp.state_as('ga_public', $$SELECT guide_as_of('tb_no_such_item', now())$$), '23503', 'an unknown item: 23503');
SELECT is(pg_temp.detail_as('ga_public', format('SELECT guide_as_of(%L, now())', E'tb_\x01' || repeat('x', 100000))),
          format('No item has code %L.', printable(left(E'tb_\x01' || repeat('x', 100000), 64))),
          '... naming the code through printable(), cut to 64 characters');
SELECT is(length(pg_temp.detail_as('ga_public', format('SELECT guide_as_of(%L, now())', repeat('x', 100000)))) < 200, true,
          '... not echoing 100 kB');
-- what still answers
SELECT is(pg_temp.val_as('ga_public', $$SELECT (guide_as_of('tb_biz5', now())->>'promised_limit')::bigint$$), 5::bigint,
          'a known item now: its guide');
SELECT is(pg_temp.state_as('ga_public', $$SELECT guide_as_of('tb_biz5', '1999-01-01') IS NULL$$), '00000',
          'a known item before its first version: no error');
SELECT is(guide_as_of('tb_biz5', '1999-01-01'), NULL, '... NULL, as documented');
DELETE FROM material WHERE item = 'tb_local5';
DELETE FROM item WHERE code = 'tb_local5';
SELECT is(guide_as_of('tb_local5', now())->'deleted', 'true'::jsonb, 'a deleted item: {"deleted": true}, not 23503');

SELECT * FROM finish();
ROLLBACK;
