-- Random inspections, 0.2.0 hardening (issue 10): verify_log() on NULL
-- columns (defect 11), create_plan()/draw() argument checks and long seeds
-- (defect 13), per-department team loads (defect 14), the trigger function
-- guarded by TG_RELID and not executable by PUBLIC (defect 3), and the
-- previous-team index that replaces the walk over earlier draws.
-- Every assertion here fails on 0.1.0.
SET search_path = service_affair, public;
BEGIN;
SELECT plan(67);

\ir uscc17.inc

INSERT INTO department (code, name) VALUES ('ih_small', '小'), ('ih_big', '大'), ('ih_log', '账');
-- 200 targets of grade D
INSERT INTO target (uscc, name, risk)
SELECT pg_temp.uscc17('91410200' || lpad(i::text, 9, '0')), 'company ' || i, 'D' FROM generate_series(1, 200) i;
-- a skewed joint plan: 2 inspectors in one department, 7 in the other
INSERT INTO inspector (id, name, department)
SELECT 's-' || i, 'small ' || i, 'ih_small' FROM generate_series(1, 2) i
UNION ALL
SELECT 'b-' || i, 'big ' || i, 'ih_big' FROM generate_series(1, 7) i;

-- ---- defect 11: verify_log() on NULL columns ---------------------------------
CREATE TEMP TABLE lg AS SELECT log_append('ih_log', 'plan', jsonb_build_object('n', g)) FROM generate_series(1, 4) g;
ALTER TABLE inspection_log DISABLE TRIGGER inspection_log_append_only;
ALTER TABLE inspection_log ALTER COLUMN hash DROP NOT NULL, ALTER COLUMN prev_hash DROP NOT NULL,
    ALTER COLUMN kind DROP NOT NULL, ALTER COLUMN payload DROP NOT NULL, ALTER COLUMN at DROP NOT NULL;
SAVEPOINT t;
UPDATE inspection_log SET hash = NULL WHERE ledger = 'ih_log' AND seq = 2;
SELECT results_eq($$SELECT entries, ok, first_bad_seq FROM verify_log('ih_log')$$, $$VALUES (4::bigint, false, 2::bigint)$$,
                  'a NULL hash: no crash, the entry is bad');
ROLLBACK TO t;
UPDATE inspection_log SET prev_hash = NULL WHERE ledger = 'ih_log' AND seq = 3;
SELECT results_eq($$SELECT ok, first_bad_seq FROM verify_log('ih_log')$$, $$VALUES (false, 3::bigint)$$,
                  'a NULL prev_hash: the entry is bad');
ROLLBACK TO t;
UPDATE inspection_log SET kind = NULL WHERE ledger = 'ih_log' AND seq = 1;
SELECT results_eq($$SELECT ok, first_bad_seq FROM verify_log('ih_log')$$, $$VALUES (false, 1::bigint)$$,
                  'a NULL kind: the entry is bad');
ROLLBACK TO t;
UPDATE inspection_log SET payload = NULL WHERE ledger = 'ih_log' AND seq = 4;
SELECT results_eq($$SELECT ok, first_bad_seq FROM verify_log('ih_log')$$, $$VALUES (false, 4::bigint)$$,
                  'a NULL payload: the entry is bad');
ROLLBACK TO t;
UPDATE inspection_log SET at = NULL WHERE ledger = 'ih_log' AND seq = 2;
SELECT results_eq($$SELECT ok, first_bad_seq FROM verify_log('ih_log')$$, $$VALUES (false, 2::bigint)$$,
                  'a NULL time: the entry is bad');
ROLLBACK TO t;
UPDATE inspection_log SET hash = NULL, prev_hash = NULL, kind = NULL, payload = NULL, at = NULL WHERE ledger = 'ih_log';
SELECT results_eq($$SELECT entries, ok, first_bad_seq FROM verify_log('ih_log')$$, $$VALUES (4::bigint, false, 1::bigint)$$,
                  'every column NULL in every entry: seq 1');
ROLLBACK TO t;
ALTER TABLE ledger ALTER COLUMN algorithm DROP NOT NULL, ALTER COLUMN head_seq DROP NOT NULL;
UPDATE ledger SET algorithm = NULL WHERE name = 'ih_log';
SELECT results_eq($$SELECT entries, ok, first_bad_seq FROM verify_log('ih_log')$$, $$VALUES (4::bigint, false, 1::bigint)$$,
                  'a NULL ledger algorithm: the ledger is bad from seq 1');
ROLLBACK TO t;
ALTER TABLE ledger ALTER COLUMN head_seq DROP NOT NULL;
UPDATE ledger SET head_seq = NULL WHERE name = 'ih_log';
SELECT results_eq($$SELECT ok FROM verify_log('ih_log')$$, $$VALUES (false)$$, 'a NULL head: the ledger is not ok');
ROLLBACK TO t;
RELEASE t;
SELECT results_eq($$SELECT ok FROM verify_log('ih_log')$$, $$VALUES (true)$$, 'the restored chain verifies');
-- a ledger named and not there (a review of 2026-12-04)
SELECT throws_ok($$SELECT * FROM verify_log('ih_no_such')$$, '23503', 'unknown ledger',
                 'verify_log of a ledger that does not exist: 23503 (was no rows, read as nothing wrong)');
SELECT throws_ok($$SELECT * FROM verify_log('')$$, '23503', 'unknown ledger', '... nor an empty name');
SELECT throws_ok($$SELECT create_ledger(NULL)$$, '22023', 'ledger must not be null', 'create_ledger(NULL): 22023 (was 23503 unknown department)');

-- ---- defect 13: arguments of create_plan --------------------------------------
SELECT throws_ok($$SELECT create_plan('p', ARRAY['ih_big'], '[0:3]={0,0,0,1}'::numeric[], sha256('s'))$$,
                 '22023', 'invalid sampling rates', 'rates with subscripts 0..3: 22023');
SELECT throws_ok($$SELECT create_plan('p', ARRAY['ih_big'], '[2:5]={0,0,0,1}'::numeric[], sha256('s'))$$,
                 '22023', 'invalid sampling rates', 'rates with subscripts 2..5: 22023');
SELECT throws_ok($$SELECT create_plan('p', ARRAY['ih_big'], '{{0,0},{0,1}}'::numeric[], sha256('s'))$$,
                 '22023', 'invalid sampling rates', 'a 2 x 2 rate matrix: 22023');
SELECT throws_ok($$SELECT create_plan('p', ARRAY['ih_big'], ARRAY[0,0,0,'NaN']::numeric[], sha256('s'))$$,
                 '22023', 'invalid sampling rates', 'a NaN rate: 22023');
SELECT throws_ok($$SELECT create_plan('p', ARRAY['ih_big'], ARRAY[0,0,'Infinity',0]::numeric[], sha256('s'))$$,
                 '22023', 'invalid sampling rates', 'an infinite rate: 22023');
SELECT throws_ok($$SELECT create_plan('p', ARRAY['ih_big'], ARRAY['-Infinity',0,0,0]::numeric[], sha256('s'))$$,
                 '22023', 'invalid sampling rates', 'a -Infinity rate: 22023');
SELECT throws_ok($$SELECT create_plan('p', '[0:0]={ih_big}'::text[], ARRAY[0,0,0,1], sha256('s'))$$,
                 '22023', 'invalid department list', 'departments with subscript 0: 22023');
SELECT throws_ok($$SELECT create_plan('p', '{{ih_big}}'::text[], ARRAY[0,0,0,1], sha256('s'))$$,
                 '22023', 'invalid department list', 'departments in two dimensions: 22023 (was 0A000 from array_position)');
SELECT throws_ok($$SELECT create_plan('p', '{{ih_big,ih_small}}'::text[], ARRAY[0,0,0,1], sha256('s'))$$,
                 '22023', 'invalid department list', '... also with two of them');
SELECT throws_ok($$SELECT create_plan('p', ARRAY['ih_big'], ARRAY[0,0,0,1], sha256('s'), 65)$$,
                 '22023', 'team size too large', 'a team of 65: 22023');
SELECT throws_ok($$SELECT create_plan('p', ARRAY['ih_big'], ARRAY[0,0,0,1], sha256('s'), 2147483647)$$,
                 '22023', 'team size too large', 'a team of 2^31 - 1: 22023');
SELECT throws_ok($$SELECT create_plan('p', ARRAY['ih_big'], ARRAY[0,0,0,1], sha256('s'), 2, ARRAY['410101', NULL])$$,
                 '22023', 'invalid plan filter', 'a NULL region: 22023');
SELECT throws_ok($$SELECT create_plan('p', ARRAY['ih_big'], ARRAY[0,0,0,1], sha256('s'), 2, NULL, ARRAY[]::text[])$$,
                 '22023', 'invalid plan filter', 'an empty industry list: 22023');
SELECT throws_ok($$SELECT create_plan('p', ARRAY['ih_big'], ARRAY[0,0,0,1], sha256('s'), 2,
                                      (SELECT array_agg(g::text) FROM generate_series(1, 1025) g))$$,
                 '22023', 'invalid plan filter', '1,025 regions: 22023');
SELECT throws_ok($$SELECT create_plan('p', ARRAY['ih_big'], ARRAY[0,0,0,1], sha256('s'), 2, NULL, ARRAY[repeat('x', 65)])$$,
                 '22023', 'invalid plan filter', 'an industry code of 65 characters: 22023');
SELECT throws_ok(format('SELECT create_plan(%L, %L, %L, %L, 2, %L)', 'p', ARRAY['ih_big'], ARRAY[0,0,0,1], sha256('s'), ARRAY['410101', U&'\3000']),
                 '22023', 'invalid plan filter', 'a region of an ideographic space (it filtered every target out): 22023');
SELECT throws_ok($$SELECT create_plan('p', ARRAY['ih_big'], ARRAY[0,0,0,1], sha256('s'), 2, NULL, ARRAY['food', ''])$$,
                 '22023', 'invalid plan filter', 'an empty industry code: 22023');
SELECT throws_ok($$SELECT create_plan(repeat('n', 201), ARRAY['ih_big'], ARRAY[0,0,0,1], sha256('s'))$$,
                 '22023', 'plan name too long', 'a plan name of 201 characters: 22023');
SELECT throws_ok($$SELECT create_plan('p', ARRAY['ih_big'], ARRAY[0,0,0,1], sha256(''::bytea))$$,
                 '22023', 'invalid seed commitment', 'the commitment of the empty seed: 22023');
SELECT throws_like($$SELECT create_plan('p', ARRAY['ih_big', repeat('z', 100000)], ARRAY[0,0,0,1], sha256('s'))$$,
                   'unknown department', 'an unknown 100,000-character department: 23503');
CREATE FUNCTION pg_temp.detail_len(q text) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE d text;
BEGIN
    EXECUTE q;
    RETURN -1;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS d = PG_EXCEPTION_DETAIL;
    RETURN length(d);
END $$;
SELECT cmp_ok(pg_temp.detail_len($$SELECT create_plan('p', ARRAY['ih_big', repeat('z', 100000)], ARRAY[0,0,0,1], sha256('s'))$$),
              '<', 400, 'the unknown department is truncated in the detail');
SELECT cmp_ok(pg_temp.detail_len($$SELECT create_plan('p', ARRAY['ih_big'], ARRAY[0,0,0,repeat('9', 100000)::numeric], sha256('s'))$$),
              '<', 400, 'a 100,000-digit rate is truncated in the detail');
SELECT is((SELECT count(*) FROM plan), 0::bigint, 'refused plans leave no row');

-- ---- defect 13: a long seed can be drawn --------------------------------------
CREATE TEMP TABLE ls AS SELECT create_plan('long seed', ARRAY['ih_small', 'ih_big'], ARRAY[0,0,0,0.05],
                                           sha256(convert_to(repeat('k', 5000), 'UTF8'))) AS id;
SELECT lives_ok($$SELECT draw((SELECT id FROM ls), convert_to(repeat('k', 5000), 'UTF8'))$$,
                'a committed seed of 5,000 bytes is drawn (0.1.0 refused seeds over 1,024 bytes)');
SELECT ok(verify_draw((SELECT d.id FROM draw d, ls WHERE d.plan_id = ls.id)), 'and its draw verifies');
SELECT is((SELECT length(d.seed) FROM draw d, ls WHERE d.plan_id = ls.id), 5000, 'the whole seed is recorded');

-- ---- the one-pass draw: a rate too small for float8 takes the exact second pass
CREATE TEMP TABLE tiny AS SELECT create_plan('tiny rate', ARRAY['ih_small', 'ih_big'], ARRAY[0, 0, 0, 1e-400], sha256('tiny')) AS id;
CREATE TEMP TABLE tinyd AS SELECT draw(tiny.id, 'tiny') AS id FROM tiny;
SELECT is((SELECT d.targets FROM draw d, tinyd WHERE d.id = tinyd.id),
          ARRAY[(SELECT t.id FROM target t WHERE t.risk = 'D'
                  ORDER BY sha256(sha256(convert_to('sa-insp-target', 'UTF8') || '\x00'::bytea || convert_to('tiny', 'UTF8'))
                                  || convert_to(t.uscc::text, 'UTF8')), t.id LIMIT 1)],
          'rate 1e-400: ceil(rate x 200) = 1 target, the smallest keyed rank (exact fallback pass)');
SELECT ok(verify_draw((SELECT id FROM tinyd)), 'and it verifies');

-- ---- defect 14: loads balanced within each department -------------------------
-- 40 targets (rate 0.2 of 200), teams of 2, one inspector per department:
-- the 2 of ih_small take 20 each; the 7 of ih_big 5 or 6 (0.1.0: 2 to 7)
CREATE TEMP TABLE sk AS SELECT create_plan('skew', ARRAY['ih_small', 'ih_big'], ARRAY[0,0,0,0.2], sha256('skew seed')) AS id;
CREATE TEMP TABLE skd AS SELECT draw(sk.id, 'skew seed') AS id FROM sk;
CREATE TEMP VIEW skl AS
SELECT i.id, i.department, count(s.target) AS load
  FROM inspector i
  LEFT JOIN (SELECT x.target, unnest(x.inspectors) AS who FROM draw_selection x, skd WHERE x.draw_id = skd.id) s ON s.who = i.id
 WHERE i.department IN ('ih_small', 'ih_big')
 GROUP BY i.id, i.department;
SELECT is((SELECT count(*) FROM draw_selection x, skd WHERE x.draw_id = skd.id), 40::bigint, '40 targets drawn');
SELECT is((SELECT count(*) FROM draw_selection x, skd
            WHERE x.draw_id = skd.id
              AND (SELECT count(DISTINCT i.department) FROM inspector i WHERE i.id = ANY (x.inspectors)) <> 2),
          0::bigint, 'every team has one inspector of each department');
SELECT results_eq($$SELECT department, min(load), max(load) FROM skl GROUP BY department ORDER BY department$$,
                  $$VALUES ('ih_big'::text, 5::bigint, 6::bigint), ('ih_small', 20, 20)$$,
                  'skewed departments: ih_small 20 and 20, ih_big 5 to 6 (per-department cap)');
SELECT is((SELECT substr(pool, 1, 4) FROM draw, skd WHERE draw.id = skd.id), convert_to('SAP2', 'UTF8'),
          'a new draw records pool version SAP2');
SELECT ok(verify_draw((SELECT id FROM skd)), 'the draw re-runs to the same selection and teams');

-- ---- previous teams by target --------------------------------------------------
SELECT is((SELECT count(*) FROM target_last_team l, skd WHERE l.draw_id = skd.id), 40::bigint,
          'the draw records the team of each of its 40 targets in the team map (view target_last_team)');
SELECT is((SELECT count(*) FROM target_last_team l JOIN draw d ON d.id = l.draw_id
             CROSS JOIN LATERAL ROWS FROM (unnest(d.targets), unnest(d.teams)) u(t, m)
            WHERE u.t = l.target AND u.m = l.team), (SELECT count(*) FROM target_last_team),
          'each row holds the team of the target in its latest draw');
-- a second draw over the same targets excludes the previous team
CREATE TEMP TABLE sk2 AS SELECT create_plan('skew 2', ARRAY['ih_small', 'ih_big'], ARRAY[0,0,0,1], sha256('again')) AS id;
CREATE TEMP TABLE skd2 AS SELECT draw(sk2.id, 'again') AS id FROM sk2;
SELECT is((SELECT count(*) FROM draw_selection a, skd, draw_selection b, skd2
            WHERE a.draw_id = skd.id AND b.draw_id = skd2.id AND a.target = b.target
              AND a.inspectors && b.inspectors), 0::bigint,
          'a target drawn again gets none of its previous inspectors (found through target_last_team)');
SELECT is((SELECT count(*) FROM target_last_team l, skd2 WHERE l.draw_id = skd2.id), 200::bigint,
          'the later draw replaces the previous teams');
SELECT ok(verify_draw((SELECT id FROM skd2)), 'the second draw verifies');
SELECT is((SELECT array_agg(r.rolname ORDER BY r.rolname) FROM pg_roles r
            WHERE (r.rolname LIKE 'service_affair\_%' OR r.rolname = 'public')
              AND (has_table_privilege(r.oid, 'service_affair.target_last_team', 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE')
                   OR has_table_privilege(r.oid, 'service_affair.target_team_map', 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE')
                   OR has_function_privilege(r.oid, 'service_affair.insp_last_teams()', 'EXECUTE'))),
          NULL, 'no group role reads or writes target_team_map or target_last_team directly');

-- a damaged map is reported, never read past its end
SAVEPOINT m;
UPDATE target_team_map SET data = data || '\x0102'::bytea;
CREATE TEMP TABLE cm AS SELECT create_plan('corrupt map', ARRAY['ih_small', 'ih_big'], ARRAY[0,0,0,0.1], sha256('cm')) AS id;
SELECT throws_ok($$SELECT draw((SELECT id FROM cm), 'cm')$$, 'XX001', 'target_team_map is corrupt',
                 'a truncated entry in the team map: the draw stops with XX001');
SELECT throws_ok($$SELECT count(*) FROM target_last_team$$, 'XX001', 'target_team_map is corrupt',
                 'and the view reports it too');
ROLLBACK TO m;
-- the first 0.2 development format (target, draw, team length, team text) is not read as format 1
SAVEPOINT m2;
UPDATE target_team_map SET data = int8send(1) || int8send(1) || int2send(3::smallint) || convert_to('a,b', 'UTF8');
SELECT throws_ok($$SELECT count(*) FROM target_last_team$$, 'XX001', 'target_team_map is corrupt',
                 'a map not in format 1 (magic byte, version) is reported as corrupt');
ROLLBACK TO m2;

-- ---- the map and the draws after it (every 8th draw rewrites the map) ------------
-- Eight more draws over the same 200 targets (rate 0.3): after each, the
-- map row and the view are recorded and compared with the walk over every
-- draw (the latest team of each target, as 0.1.0 computed it).
CREATE TEMP VIEW walk_last AS
SELECT DISTINCT ON (u.t) u.t AS target, d.id AS draw_id, u.m AS team
  FROM draw d CROSS JOIN LATERAL ROWS FROM (unnest(d.targets), unnest(d.teams)) u(t, m)
 ORDER BY u.t, d.id DESC;
CREATE TEMP TABLE mstep (k int, draw_id bigint, after_before bigint, upto_before bigint, upto bigint, head bigint,
                         view_ok boolean);
DO $$
DECLARE
    k int;
    ub bigint;
    ab bigint;
    did bigint;
BEGIN
    FOR k IN 1 .. 8 LOOP
        SELECT COALESCE(max(m.upto_draw), 0) INTO ub FROM service_affair.target_team_map m;
        SELECT count(*) INTO ab FROM service_affair.draw d WHERE d.id > ub;
        did := service_affair.draw(service_affair.create_plan('delta ' || k, ARRAY['ih_small', 'ih_big'], ARRAY[0,0,0,0.3],
                                                              sha256(convert_to('delta ' || k, 'UTF8'))),
                                   convert_to('delta ' || k, 'UTF8'));
        INSERT INTO mstep SELECT k, did, ab, ub, m.upto_draw, m.head_draw,
               NOT EXISTS (SELECT * FROM service_affair.target_last_team EXCEPT SELECT * FROM walk_last)
               AND NOT EXISTS (SELECT * FROM walk_last EXCEPT SELECT * FROM service_affair.target_last_team)
          FROM service_affair.target_team_map m;
    END LOOP;
END
$$;
SELECT is((SELECT count(*) FROM mstep WHERE head = draw_id), 8::bigint,
          'every draw records itself as head_draw of the map');
SELECT is((SELECT count(*) FROM mstep
            WHERE CASE WHEN after_before + 1 >= 8 THEN upto = draw_id ELSE upto = upto_before END), 8::bigint,
          'the map keeps its base while fewer than 8 draws follow it; the 8th draw after it merges them all into a new base');
SELECT ok((SELECT count(*) FROM mstep WHERE upto = draw_id) >= 1 AND (SELECT count(*) FROM mstep WHERE upto <> draw_id) >= 1,
          'the eight draws include draws read from draw itself and a rewrite of the base');
SELECT ok((SELECT bool_and(view_ok) FROM mstep),
          'after every draw, target_last_team (base plus the draws after it) equals the walk over all draws');
SELECT is((SELECT count(*) FROM (
             SELECT u.t, u.m, lag(u.m) OVER (PARTITION BY u.t ORDER BY d.id) AS prev
               FROM draw d CROSS JOIN LATERAL ROWS FROM (unnest(d.targets), unnest(d.teams)) u(t, m)
              WHERE d.id >= (SELECT min(id) FROM skd2)) x
            WHERE string_to_array(x.m, ',') && string_to_array(x.prev, ',')), 0::bigint,
          'no target drawn again gets an inspector of its previous team, wherever that team is recorded');
SELECT ok((SELECT get_byte(m.data, 0) = 167 AND get_byte(m.data, 1) = 1
                  AND octet_length(m.data) < 18 * (SELECT count(DISTINCT u.t) FROM draw d, unnest(d.targets) u(t)
                                                     WHERE d.id <= m.upto_draw)
             FROM target_team_map m),
          'the rewritten base is in the compact format 1: under the 18 bytes per target that target and draw alone took');
SAVEPOINT s;
UPDATE target_team_map SET head_draw = head_draw + 1000;
CREATE TEMP TABLE os AS SELECT create_plan('out of step', ARRAY['ih_small', 'ih_big'], ARRAY[0,0,0,0.1], sha256('os')) AS id;
SELECT throws_ok($$SELECT draw((SELECT id FROM os), 'os')$$, 'XX001', 'target_team_map is out of step with the draws',
                 'a map whose head is not the latest draw: the draw stops with XX001');
ROLLBACK TO s;
-- a map row deleted by hand: the view and the next draw start again from the draws
SAVEPOINT nm;
DELETE FROM target_team_map;
SELECT ok(NOT EXISTS (SELECT * FROM target_last_team EXCEPT SELECT * FROM walk_last)
          AND NOT EXISTS (SELECT * FROM walk_last EXCEPT SELECT * FROM target_last_team),
          'without the map row, target_last_team is the walk over all draws');
CREATE TEMP TABLE nmd AS SELECT draw(create_plan('no map', ARRAY['ih_small', 'ih_big'], ARRAY[0,0,0,0.3], sha256('nomap')), 'nomap') AS id;
SELECT ok((SELECT upto_draw = nmd.id AND head_draw = nmd.id FROM target_team_map, nmd)
          AND NOT EXISTS (SELECT * FROM target_last_team EXCEPT SELECT * FROM walk_last)
          AND NOT EXISTS (SELECT * FROM walk_last EXCEPT SELECT * FROM target_last_team),
          'the next draw rebuilds the map from every draw (more than 7 after the empty base) and it equals the walk');
ROLLBACK TO nm;

-- a 0.1.0 schema running this library (no map yet) walks the earlier draws,
-- with a fresh snapshot: two draws in one statement, the second excludes the
-- first's teams
SAVEPOINT w;
ALTER TABLE target_team_map RENAME TO target_team_map_away;
CREATE TEMP TABLE wd AS
SELECT g, draw(create_plan('walk ' || g, ARRAY['ih_small', 'ih_big'], ARRAY[0,0,0,1], sha256(convert_to('walk ' || g, 'UTF8'))),
               convert_to('walk ' || g, 'UTF8')) AS id
  FROM generate_series(1, 2) g;
SELECT is((SELECT count(*) FROM draw_selection a, draw_selection b, wd x, wd y
            WHERE x.g = 1 AND y.g = 2 AND a.draw_id = x.id AND b.draw_id = y.id AND a.target = b.target
              AND a.inspectors && b.inspectors), 0::bigint,
          'without the map: the second of two draws in one statement excludes the teams of the first');
ROLLBACK TO w;

-- ---- defect 3: the trigger function -----------------------------------------------
SELECT ok(NOT has_function_privilege('public', 'service_affair.insp_refuse_change()', 'EXECUTE'),
          'insp_refuse_change() is not executable by PUBLIC');
SELECT is((SELECT array_agg(r.rolname ORDER BY r.rolname) FROM pg_roles r
            WHERE r.rolname LIKE 'service_affair\_%' AND has_function_privilege(r.oid, 'service_affair.insp_refuse_change()', 'EXECUTE')),
          NULL, 'no group role may execute insp_refuse_change()');
CREATE TEMP TABLE mine (x int);
CREATE TRIGGER mine_refuse BEFORE DELETE ON mine FOR EACH ROW EXECUTE FUNCTION service_affair.insp_refuse_change();
INSERT INTO mine VALUES (1);
SELECT throws_ok($$DELETE FROM mine$$, '42501', 'trigger function not allowed on this table',
                 'attached to another table (by a superuser) it refuses to act: TG_RELID is checked');

SELECT * FROM finish();
ROLLBACK;
