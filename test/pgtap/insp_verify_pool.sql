-- verify_draw() and a pool member that the draw did not select, deleted
-- from the directory or given another id after the draw.  The pool record
-- holds ids and grades; verify_draw() ranks the members by the USCC each had
-- at the draw.  Until 2026-12-05 such a member was simply missing from the
-- directory and the draw was false for ever (rule 3; a documented limit).
-- Now target_keep_drawn() keeps its USCC in target_uscc_history under the
-- id the pool records, and verify_draw() ranks it from there.
SET search_path = service_affair, public;
BEGIN;
SELECT plan(21);

\ir uscc17.inc

INSERT INTO department (code, name) VALUES ('pv_a', 'a');
INSERT INTO inspector (id, name, department) SELECT 'pv-' || i, 'i' || i, 'pv_a' FROM generate_series(1, 6) i;
-- 200 targets of region PV, grades C and D alternately: rates 0.02 select 2 of each
INSERT INTO target (uscc, name, region, risk)
SELECT pg_temp.uscc17('91430100' || lpad(i::text, 9, '0')), 'pv ' || i, 'PV', CASE WHEN i % 2 = 0 THEN 'C' ELSE 'D' END
  FROM generate_series(1, 200) i;
-- two of region PW: in no pool of these plans
INSERT INTO target (uscc, name, region, risk)
SELECT pg_temp.uscc17('91430200' || lpad(i::text, 9, '0')), 'pw ' || i, 'PW', 'D' FROM generate_series(1, 2) i;
CREATE FUNCTION pg_temp.rk(u text) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
    SELECT sha256(sha256(convert_to('sa-insp-target', 'UTF8') || '\x00'::bytea || convert_to('pv seed', 'UTF8'))
                  || convert_to(u, 'UTF8'))
$$;
CREATE FUNCTION pg_temp.pvdraw(what text) RETURNS bigint LANGUAGE sql AS $$
    SELECT draw(create_plan(what, ARRAY['pv_a'], ARRAY[0, 0, 0.02, 0.02], sha256(convert_to('pv seed', 'UTF8')), 2, ARRAY['PV']),
                convert_to('pv seed', 'UTF8'))
$$;
CREATE TEMP TABLE pv (what text PRIMARY KEY, id bigint, uscc text);
-- the unselected members of grade D of draw n, ranked from the first
CREATE FUNCTION pg_temp.unselected(n text) RETURNS TABLE (id bigint, uscc text) LANGUAGE sql AS $$
    SELECT t.id, t.uscc::text FROM target t
     WHERE t.region = 'PV' AND t.risk = 'D'
       AND NOT EXISTS (SELECT FROM draw d WHERE d.id = (SELECT id FROM pv WHERE what = n) AND t.id = ANY (d.targets))
     ORDER BY pg_temp.rk(t.uscc::text)
$$;

-- no draw yet: a delete records nothing
DELETE FROM target WHERE name = 'pw 2';
SELECT is((SELECT count(*) FROM target_uscc_history), 0::bigint, 'a target deleted before any draw is not recorded');

INSERT INTO pv SELECT 'draw 1', pg_temp.pvdraw('pv 1');
SELECT is((SELECT cardinality(d.targets) FROM draw d WHERE d.id = (SELECT id FROM pv WHERE what = 'draw 1')), 4,
          'draw 1 selects 4 of the 200 targets');
SELECT ok(verify_draw((SELECT id FROM pv WHERE what = 'draw 1')), 'draw 1 verifies');

-- the unselected member of grade D ranked first (the next one the draw would have taken): deleted
INSERT INTO pv SELECT 'a', u.id, u.uscc FROM pg_temp.unselected('draw 1') u LIMIT 1;
SELECT lives_ok($$DELETE FROM target WHERE id = (SELECT id FROM pv WHERE what = 'a')$$,
                'an unselected pool member is deleted');
SELECT ok(verify_draw((SELECT id FROM pv WHERE what = 'draw 1')),
          'draw 1 still verifies: the deleted member is ranked by the USCC it had');
SELECT results_eq($$SELECT h.target, h.upto_draw, h.uscc::text FROM target_uscc_history h$$,
                  $$SELECT (SELECT id FROM pv WHERE what = 'a'), (SELECT id FROM pv WHERE what = 'draw 1'), (SELECT uscc FROM pv WHERE what = 'a')$$,
                  'target_uscc_history keeps the deleted member''s USCC with the last draw made');

-- another: its USCC changed first, then deleted (the row of the change is kept)
INSERT INTO pv SELECT 'b', u.id, u.uscc FROM pg_temp.unselected('draw 1') u LIMIT 1;
UPDATE target SET uscc = pg_temp.uscc17('91430300' || lpad('1', 9, '0')) WHERE id = (SELECT id FROM pv WHERE what = 'b');
DELETE FROM target WHERE id = (SELECT id FROM pv WHERE what = 'b');
SELECT is((SELECT h.uscc::text FROM target_uscc_history h WHERE h.target = (SELECT id FROM pv WHERE what = 'b')),
          (SELECT uscc FROM pv WHERE what = 'b'), 'changed and then deleted: the USCC the draw ranked is kept');
SELECT ok(verify_draw((SELECT id FROM pv WHERE what = 'draw 1')), 'draw 1 verifies after it');

-- one of grade C given another id
INSERT INTO pv SELECT 'c', t.id, t.uscc::text FROM target t
 WHERE t.region = 'PV' AND t.risk = 'C'
   AND NOT EXISTS (SELECT FROM draw d WHERE d.id = (SELECT id FROM pv WHERE what = 'draw 1') AND t.id = ANY (d.targets))
 ORDER BY pg_temp.rk(t.uscc::text) LIMIT 1;
SELECT lives_ok($$UPDATE target SET id = DEFAULT WHERE id = (SELECT id FROM pv WHERE what = 'c')$$,
                'an unselected pool member is given another id');
SELECT ok(verify_draw((SELECT id FROM pv WHERE what = 'draw 1')),
          'draw 1 still verifies: the member is ranked under the id the pool records');
SELECT is((SELECT h.uscc::text FROM target_uscc_history h WHERE h.target = (SELECT id FROM pv WHERE what = 'c')),
          (SELECT uscc FROM pv WHERE what = 'c'), 'target_uscc_history keeps its USCC under the former id');

-- 150 unselected members in one statement (the join over every draw's selection)
WITH g AS (DELETE FROM target t
            WHERE t.id IN (SELECT x.id FROM target x
                            WHERE x.region = 'PV' AND x.uscc::text <> (SELECT uscc FROM pv WHERE what = 'c')
                              AND NOT EXISTS (SELECT FROM draw d WHERE d.id = (SELECT id FROM pv WHERE what = 'draw 1')
                                                                 AND x.id = ANY (d.targets))
                            ORDER BY x.id LIMIT 150)
           RETURNING 1)
SELECT is(count(*), 150::bigint, '150 unselected pool members are deleted in one statement') FROM g;
SELECT ok(verify_draw((SELECT id FROM pv WHERE what = 'draw 1')), 'draw 1 verifies after it');
SELECT is((SELECT count(*) FROM target_uscc_history), 153::bigint, 'each deleted or re-identified target has its row');

-- a new target given the id of the deleted member a, with a USCC ranked
-- before every other: the pool's id a is ranked by a's USCC, once
INSERT INTO pv SELECT 'new a', NULL, u FROM (SELECT pg_temp.uscc17('91430400' || lpad(i::text, 9, '0'))::text AS u
                                               FROM generate_series(1, 2000) i) c
 WHERE pg_temp.rk(u) < (SELECT pg_temp.rk(t.uscc::text) FROM target t WHERE t.region = 'PV' ORDER BY 1 LIMIT 1)
 ORDER BY u LIMIT 1;
INSERT INTO target (id, uscc, name, region, risk) OVERRIDING SYSTEM VALUE
SELECT (SELECT id FROM pv WHERE what = 'a'), (SELECT uscc FROM pv WHERE what = 'new a')::uscc, 'pv new a', 'PV', 'D';
SELECT ok(verify_draw((SELECT id FROM pv WHERE what = 'draw 1')),
          'draw 1 verifies with another target at the deleted member''s id');

-- the next draw ranks the directory as it is now
INSERT INTO pv SELECT 'draw 2', pg_temp.pvdraw('pv 2');
SELECT is((SELECT d.candidates FROM draw d WHERE d.id = (SELECT id FROM pv WHERE what = 'draw 2')),
          (SELECT ARRAY[0, 0, count(*) FILTER (WHERE t.risk = 'C'), count(*) FILTER (WHERE t.risk = 'D')]
             FROM target t WHERE t.region = 'PV'),
          'draw 2 counts the directory of now');
SELECT ok((SELECT pv.id = ANY (d.targets) FROM draw d, pv WHERE d.id = (SELECT id FROM pv WHERE what = 'draw 2') AND pv.what = 'a'),
          'draw 2 ranks the new target at that id by its own USCC (selected)');
SELECT ok(verify_draw((SELECT id FROM pv WHERE what = 'draw 2')), 'draw 2 verifies');

-- a member of both pools deleted after draw 2: both verify
INSERT INTO pv SELECT 'd', u.id, u.uscc FROM pg_temp.unselected('draw 2') u
 WHERE NOT EXISTS (SELECT FROM draw d WHERE d.id = (SELECT id FROM pv WHERE what = 'draw 1') AND u.id = ANY (d.targets)) LIMIT 1;
DELETE FROM target WHERE id = (SELECT id FROM pv WHERE what = 'd');
SELECT ok(verify_draw((SELECT id FROM pv WHERE what = 'draw 1')) AND verify_draw((SELECT id FROM pv WHERE what = 'draw 2')),
          'draws 1 and 2 verify after a member of both pools is deleted');

-- a selected target is still refused (23503)
SELECT throws_ok($$DELETE FROM target WHERE id = (SELECT d.targets[1] FROM draw d WHERE d.id = (SELECT id FROM pv WHERE what = 'draw 1'))$$,
                 '23503', NULL, 'a selected target is still not deleted');

-- a target in no pool, deleted: recorded too, verifies nothing differently
DELETE FROM target WHERE name = 'pw 1';
SELECT ok(verify_draw((SELECT id FROM pv WHERE what = 'draw 1')) AND verify_draw((SELECT id FROM pv WHERE what = 'draw 2')),
          'a target in no pool deleted changes no draw');

SELECT * FROM finish();
ROLLBACK;
