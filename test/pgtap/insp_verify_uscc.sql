-- verify_draw() and the USCC of a pool member that the draw did not select.
-- The pool record holds ids and grades; verify_draw() ranks the members by
-- USCC.  Until 2026-12-05 it took their current USCC, and a member given a
-- USCC that ranks before a selected target of its grade made the draw
-- false for ever (a review).  Now the trigger target_keep_drawn_uscc keeps
-- the former USCC in target_uscc_history and verify_draw() ranks each
-- member by the USCC it had when the draw was made.
SET search_path = service_affair, public;
BEGIN;
SELECT plan(18);

\ir uscc17.inc

INSERT INTO department (code, name) VALUES ('uv_a', 'a');
-- six: a target drawn again gets a team other than its previous one
INSERT INTO inspector (id, name, department) SELECT 'uv-' || i, 'i' || i, 'uv_a' FROM generate_series(1, 6) i;
-- 10 targets of grade D in region UV: rate 0.3 selects 3
INSERT INTO target (uscc, name, region, risk)
SELECT pg_temp.uscc17('91420100' || lpad(i::text, 9, '0')), 'uv ' || i, 'UV', 'D' FROM generate_series(1, 10) i;
-- the keyed rank of a USCC under the seed (doc/inspection.md, the ranking)
CREATE FUNCTION pg_temp.rk(u text) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
    SELECT sha256(sha256(convert_to('sa-insp-target', 'UTF8') || '\x00'::bytea || convert_to('uv seed', 'UTF8'))
                  || convert_to(u, 'UTF8'))
$$;
CREATE FUNCTION pg_temp.uvdraw(what text) RETURNS bigint LANGUAGE sql AS $$
    SELECT draw(create_plan(what, ARRAY['uv_a'], ARRAY[0, 0, 0, 0.3], sha256(convert_to('uv seed', 'UTF8')), 2, ARRAY['UV']),
                convert_to('uv seed', 'UTF8'))
$$;
-- a USCC not in the directory whose rank comes before every target's of region UV (the n-th such)
CREATE FUNCTION pg_temp.first_ranked(n integer) RETURNS text LANGUAGE sql AS $$
    SELECT u FROM (SELECT pg_temp.uscc17('91420100' || lpad(i::text, 9, '0'))::text AS u FROM generate_series(1000, 5000) i) c
     WHERE pg_temp.rk(u) < (SELECT pg_temp.rk(t.uscc::text) FROM target t WHERE t.region = 'UV' ORDER BY 1 LIMIT 1)
       AND NOT EXISTS (SELECT FROM target t WHERE t.uscc::text = c.u)
     ORDER BY u OFFSET n - 1 LIMIT 1
$$;
CREATE TEMP TABLE uv (what text PRIMARY KEY, id bigint, uscc text);
INSERT INTO uv SELECT 'draw 1', pg_temp.uvdraw('uv 1');
-- the pool member ranked last: not selected
INSERT INTO uv SELECT 'y', t.id, t.uscc::text FROM target t WHERE t.region = 'UV' ORDER BY pg_temp.rk(t.uscc::text) DESC LIMIT 1;

SELECT is((SELECT cardinality(d.targets) FROM draw d WHERE d.id = (SELECT id FROM uv WHERE what = 'draw 1')), 3,
          'draw 1 selects 3 of the 10 targets');
SELECT ok(NOT EXISTS (SELECT FROM draw d WHERE d.id = (SELECT id FROM uv WHERE what = 'draw 1')
                       AND (SELECT id FROM uv WHERE what = 'y') = ANY (d.targets)),
          'the member ranked last is not selected');
SELECT ok(verify_draw((SELECT id FROM uv WHERE what = 'draw 1')), 'draw 1 verifies');

-- its USCC corrected to one that ranks first: allowed (no draw selected it)
SELECT lives_ok($$UPDATE target SET uscc = pg_temp.first_ranked(1)::uscc WHERE id = (SELECT id FROM uv WHERE what = 'y')$$,
                'an unselected pool member is given a USCC that ranks before every selected target');
SELECT ok(verify_draw((SELECT id FROM uv WHERE what = 'draw 1')),
          'draw 1 still verifies: the member is ranked by the USCC it had at the draw');
SELECT results_eq($$SELECT h.target, h.upto_draw, h.uscc::text FROM target_uscc_history h$$,
                  $$SELECT (SELECT id FROM uv WHERE what = 'y'), (SELECT id FROM uv WHERE what = 'draw 1'), (SELECT uscc FROM uv WHERE what = 'y')$$,
                  'target_uscc_history keeps the former USCC with the last draw made');
-- changed again before the next draw: the first change's row is the one kept
UPDATE target SET uscc = pg_temp.first_ranked(2)::uscc WHERE id = (SELECT id FROM uv WHERE what = 'y');
SELECT is((SELECT h.uscc::text FROM target_uscc_history h WHERE h.target = (SELECT id FROM uv WHERE what = 'y')),
          (SELECT uscc FROM uv WHERE what = 'y'), 'a second change before the next draw keeps the USCC the draw ranked');
SELECT ok(verify_draw((SELECT id FROM uv WHERE what = 'draw 1')), 'draw 1 still verifies after the second change');
-- a USCC set to the value it has records nothing
UPDATE target SET uscc = uscc WHERE id = (SELECT id FROM uv WHERE what = 'y');
SELECT is((SELECT count(*) FROM target_uscc_history), 1::bigint, 'a USCC written unchanged records nothing');

-- the next draw ranks the current USCC: the member comes first
INSERT INTO uv SELECT 'draw 2', pg_temp.uvdraw('uv 2');
SELECT is((SELECT d.targets[1] FROM draw d WHERE d.id = (SELECT id FROM uv WHERE what = 'draw 2')),
          (SELECT id FROM uv WHERE what = 'y'), 'draw 2 ranks the member by its new USCC: selected first');
SELECT ok(verify_draw((SELECT id FROM uv WHERE what = 'draw 2')), 'draw 2 verifies');

-- another unselected member changed after draw 2: both draws verify
INSERT INTO uv SELECT 'z', t.id, t.uscc::text FROM target t
 WHERE t.region = 'UV' AND NOT EXISTS (SELECT FROM draw d WHERE d.id IN (SELECT id FROM uv WHERE what LIKE 'draw %')
                                         AND t.id = ANY (d.targets))
 ORDER BY pg_temp.rk(t.uscc::text) DESC LIMIT 1;
UPDATE target SET uscc = pg_temp.first_ranked(1)::uscc WHERE id = (SELECT id FROM uv WHERE what = 'z');
SELECT is((SELECT h.upto_draw FROM target_uscc_history h WHERE h.target = (SELECT id FROM uv WHERE what = 'z')),
          (SELECT id FROM uv WHERE what = 'draw 2'), 'a change after draw 2 is recorded with draw 2');
SELECT ok(verify_draw((SELECT id FROM uv WHERE what = 'draw 1')) AND verify_draw((SELECT id FROM uv WHERE what = 'draw 2')),
          'draws 1 and 2 verify after it');
-- administrators and inspectors read the history (inspectors since
-- 2026-12-06: they re-run draws, insp_rerun_reader.sql); no one writes it
SELECT ok((SELECT array_agg(g.role || ' ' || g.privilege ORDER BY g.role) FROM role_grant g WHERE g.object = 'service_affair.target_uscc_history')
          = ARRAY['admin SELECT', 'inspector SELECT']
          AND NOT has_table_privilege('public', 'service_affair.target_uscc_history', 'SELECT, INSERT, UPDATE, DELETE'),
          'target_uscc_history is written only by the trigger');
-- and not even its owner changes a row of it (the draws' append-only rule)
SELECT throws_ok($$UPDATE service_affair.target_uscc_history SET uscc = uscc$$, '42501', NULL,
                 'UPDATE of target_uscc_history is refused, also to its owner');
SELECT throws_ok($$DELETE FROM service_affair.target_uscc_history$$, '42501', NULL,
                 'DELETE from target_uscc_history is refused, also to its owner');
SELECT throws_ok($$TRUNCATE service_affair.target_uscc_history$$, '42501', NULL,
                 'TRUNCATE of target_uscc_history is refused, also to its owner');
SELECT is((SELECT count(*) FROM target_uscc_history), 2::bigint, 'the two recorded USCCs are still there');

SELECT * FROM finish();
ROLLBACK;
