-- Deregistered targets (注销, 73_target_deregister.sql): target.deregistered_on
-- takes a target out of the pool of every draw made on that local day or
-- later, whichever directory the draw scans (the packed one, the table,
-- the table in parallel); a draw made before it keeps it; every draw still
-- verifies; the mark and a draw take the writers' lock; a day moved to or
-- before a draw that counted the target, or later or cleared past a draw
-- that left it out, is refused (55000 naming the draw).  Until 2026-12-05
-- the directory had no such mark: a business drawn once could never leave
-- the population (its row cannot be deleted) and was drawn again and again.
SET search_path = service_affair, public;
BEGIN;
SELECT plan(41);
-- the pack is written at the end of each statement, so that the draw reads it here
SET CONSTRAINTS service_affair.target_pack_flush IMMEDIATE;

\ir uscc17.inc

INSERT INTO department (code, name) VALUES ('dr_a', 'a');
INSERT INTO inspector (id, name, department) SELECT 'dr-' || i, 'i' || i, 'dr_a' FROM generate_series(1, 6) i;
INSERT INTO target (uscc, name, region, risk)
SELECT pg_temp.uscc17('91450100' || lpad(i::text, 9, '0')), 'dr ' || i, 'DR', (ARRAY['A', 'B', 'C', 'D'])[1 + i % 4]
  FROM generate_series(1, 8) i;
CREATE FUNCTION pg_temp.tid(n text) RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT id FROM service_affair.target WHERE name = n $$;
CREATE FUNCTION pg_temp.today() RETURNS date LANGUAGE sql STABLE AS $$ SELECT service_affair.local_day(now()) $$;
CREATE TEMP TABLE pd (what text PRIMARY KEY, draw_id bigint);
-- every target of region DR is drawn (rates 1): the pool is the selection
CREATE FUNCTION pg_temp.ddraw(what text, directory text, parallel boolean) RETURNS bigint
    LANGUAGE plpgsql AS $$
DECLARE d bigint;
BEGIN
    PERFORM set_config('service_affair.draw_directory', directory, true);
    PERFORM set_config('min_parallel_table_scan_size', CASE WHEN parallel THEN '0' ELSE '8MB' END, true);
    PERFORM set_config('max_parallel_workers_per_gather', CASE WHEN parallel THEN '2' ELSE '0' END, true);
    d := service_affair.draw(service_affair.create_plan(what, ARRAY['dr_a'], ARRAY[1, 1, 1, 1],
                                                        sha256(convert_to('dr seed', 'UTF8')), 2, ARRAY['DR']),
                             convert_to('dr seed', 'UTF8'));
    PERFORM set_config('service_affair.draw_directory', '', true);
    PERFORM set_config('max_parallel_workers_per_gather', '2', true);
    INSERT INTO pd VALUES (what, d);
    RETURN d;
END
$$;
CREATE FUNCTION pg_temp.did(n text) RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT draw_id FROM pd WHERE what = n $$;
CREATE FUNCTION pg_temp.drawn(n text) RETURNS text[] LANGUAGE sql STABLE AS $$
    SELECT array_agg(t.name ORDER BY t.name) FROM service_affair.draw d, unnest(d.targets) u(id), service_affair.target t
     WHERE d.id = pg_temp.did(n) AND t.id = u.id
$$;

-- ---- a draw before any mark counts every target -----------------------
SELECT pg_temp.ddraw('draw 1', 'table', false);
SELECT is(pg_temp.drawn('draw 1'), ARRAY['dr 1', 'dr 2', 'dr 3', 'dr 4', 'dr 5', 'dr 6', 'dr 7', 'dr 8'],
          'draw 1, before any mark, draws the 8 targets of DR');

-- ---- a day on or before a draw that counted the target is refused ------
SELECT throws_ok(format($$UPDATE target SET deregistered_on = %L WHERE name = 'dr 1'$$, pg_temp.today()),
                 '55000', format('target %s was counted by draw %s', pg_temp.tid('dr 1'), pg_temp.did('draw 1')),
                 'deregistered on the day of a draw that counted it: 55000 naming the draw');
SELECT throws_ok(format($$UPDATE target SET deregistered_on = %L WHERE name = 'dr 1'$$, pg_temp.today() - 400),
                 '55000', format('target %s was counted by draw %s', pg_temp.tid('dr 1'), pg_temp.did('draw 1')),
                 'and before it');
SELECT is((SELECT deregistered_on FROM target WHERE name = 'dr 1'), NULL::date, 'the refused mark left nothing');
SELECT throws_ok(format($$UPDATE target SET deregistered_on = 'infinity' WHERE name = 'dr 1'$$),
                 '22023', 'invalid deregistration day', 'an infinite day: 22023');
-- a day outside the years 1 to 9999 (06_arguments.sql): until 2026-12-05
-- 10000-01-01 was kept, and a day BC was 55000 (or kept, inserted)
SELECT throws_ok($$UPDATE target SET deregistered_on = '10000-01-01' WHERE name = 'dr 1'$$,
                 '22023', 'deregistered_on is too late', 'a day after 9999-12-31: 22023');
SELECT throws_ok($$UPDATE target SET deregistered_on = '4000-01-01 BC' WHERE name = 'dr 1'$$,
                 '22023', 'deregistered_on is too early', 'a day before 0001-01-01: 22023, before the draws are read');
SELECT throws_ok(format($$INSERT INTO target (uscc, name, region, risk, deregistered_on) VALUES (%L, 'dr bc', 'DR', 'A', '0001-12-31 BC')$$,
                        pg_temp.uscc17('91450200' || lpad('99', 9, '0'))),
                 '22023', 'deregistered_on is too early', 'a target inserted with a day before 0001-01-01: 22023');
SELECT is((SELECT count(*) FROM target WHERE name = 'dr bc'), 0::bigint, 'and no row of it');
CREATE TEMP TABLE map_xmin AS SELECT xmin::text AS x FROM target_team_map WHERE id = 1;
SELECT lives_ok(format($$UPDATE target SET deregistered_on = %L WHERE name = 'dr 1'$$, pg_temp.today() + 1),
                'deregistered from tomorrow: after every draw that counted it');
-- the mark took the writers' lock and touched the map's row (as a delete does)
SELECT isnt((SELECT xmin::text FROM target_team_map WHERE id = 1), (SELECT x FROM map_xmin),
            'the mark took the inspection writers'' lock (the team map''s row)');
SELECT is((SELECT deregistered_upto_draw FROM target WHERE name = 'dr 1'), pg_temp.did('draw 1'),
          'deregistered_upto_draw: the last draw made when the mark was set');
UPDATE target SET deregistered_upto_draw = 99999 WHERE name = 'dr 1';
SELECT is((SELECT deregistered_upto_draw FROM target WHERE name = 'dr 1'), pg_temp.did('draw 1'),
          'a hand-written deregistered_upto_draw is not taken');

-- ---- marked targets: out of the pools of later draws -------------------
-- 'dr 9' deregistered yesterday and 'dr 10' today when inserted; 'dr 11' marked today
INSERT INTO target (uscc, name, region, risk, deregistered_on) VALUES
    (pg_temp.uscc17('91450200' || lpad('9', 9, '0')), 'dr 9', 'DR', 'D', pg_temp.today() - 1),
    (pg_temp.uscc17('91450200' || lpad('10', 9, '0')), 'dr 10', 'DR', 'A', pg_temp.today()),
    (pg_temp.uscc17('91450200' || lpad('11', 9, '0')), 'dr 11', 'DR', 'B', NULL),
    (pg_temp.uscc17('91450200' || lpad('12', 9, '0')), 'dr 12', 'XX', 'B', NULL);
SELECT lives_ok(format($$UPDATE target SET deregistered_on = %L WHERE name IN ('dr 11', 'dr 12')$$, pg_temp.today()),
                'a target no draw counted is deregistered from today');
SELECT pg_temp.ddraw('draw 2 packed', '', false);
SELECT pg_temp.ddraw('draw 3 table', 'table', false);
SELECT pg_temp.ddraw('draw 4 parallel', 'table', true);
SELECT is(pg_temp.drawn('draw 2 packed'), ARRAY['dr 1', 'dr 2', 'dr 3', 'dr 4', 'dr 5', 'dr 6', 'dr 7', 'dr 8'],
          'the draw reading the packed directory leaves out the targets deregistered on or before its day, not dr 1 (tomorrow)');
SELECT is(pg_temp.drawn('draw 3 table'), pg_temp.drawn('draw 2 packed'), 'the draw reading the table alike');
SELECT is(pg_temp.drawn('draw 4 parallel'), pg_temp.drawn('draw 2 packed'), 'the draw reading the table in parallel alike');
SELECT is((SELECT sum(c) FROM draw d, unnest(d.candidates) c WHERE d.id = pg_temp.did('draw 2 packed')), 8::numeric,
          'draw 2 counts 8 candidates');
SELECT is((SELECT count(*) FROM draw d WHERE d.id IN (pg_temp.did('draw 2 packed'), pg_temp.did('draw 3 table'), pg_temp.did('draw 4 parallel'))
              AND (insp_pool_grade(d.pool, pg_temp.tid('dr 9')) IS NOT NULL OR insp_pool_grade(d.pool, pg_temp.tid('dr 10')) IS NOT NULL
                   OR insp_pool_grade(d.pool, pg_temp.tid('dr 11')) IS NOT NULL)), 0::bigint,
          'no pool of the three holds a deregistered target');
SELECT is(insp_pool_grade((SELECT pool FROM draw WHERE id = pg_temp.did('draw 2 packed')), pg_temp.tid('dr 1')),
          (SELECT risk FROM target WHERE name = 'dr 1'), 'insp_pool_grade() gives the grade of a pool member');
SELECT ok(verify_draw(pg_temp.did('draw 1')), 'draw 1 verifies');
SELECT ok(verify_draw(pg_temp.did('draw 2 packed')), 'draw 2 verifies');
SELECT ok(verify_draw(pg_temp.did('draw 3 table')), 'draw 3 verifies');
SELECT ok(verify_draw(pg_temp.did('draw 4 parallel')), 'draw 4 verifies');

-- ---- hostile edits after the draws --------------------------------------
SELECT throws_ok($$UPDATE target SET deregistered_on = NULL WHERE name = 'dr 11'$$,
                 '55000', format('target %s was left out of draw %s as deregistered', pg_temp.tid('dr 11'), pg_temp.did('draw 2 packed')),
                 'clearing a mark a draw left the target out for: 55000 naming the draw');
SELECT throws_ok(format($$UPDATE target SET deregistered_on = %L WHERE name = 'dr 11'$$, pg_temp.today() + 1),
                 '55000', format('target %s was left out of draw %s as deregistered', pg_temp.tid('dr 11'), pg_temp.did('draw 2 packed')),
                 'moving it past that draw: 55000');
SELECT throws_ok(format($$UPDATE target SET deregistered_on = %L WHERE name = 'dr 1'$$, pg_temp.today()),
                 '55000', format('target %s was counted by draw %s', pg_temp.tid('dr 1'), pg_temp.did('draw 1')),
                 'moving a mark to the day of draws that counted the target: 55000 naming the first');
SELECT throws_ok(format($$UPDATE target SET deregistered_on = %L WHERE name = 'dr 2'$$, pg_temp.today()),
                 '55000', NULL, 'marking another counted target: 55000');
SELECT is((SELECT array_agg(deregistered_on ORDER BY name) FROM target WHERE name IN ('dr 1', 'dr 11', 'dr 2')),
          ARRAY[pg_temp.today() + 1, pg_temp.today(), NULL], 'the refused edits changed nothing');
SELECT lives_ok(format($$UPDATE target SET deregistered_on = %L WHERE name = 'dr 11'$$, pg_temp.today() - 30),
                'moving a mark earlier, before no draw that counted the target, is taken');
SELECT lives_ok($$UPDATE target SET deregistered_on = NULL WHERE name = 'dr 1'$$,
                'a mark no draw has reached yet is cleared');
SELECT lives_ok($$UPDATE target SET deregistered_on = NULL WHERE name = 'dr 12'$$,
                'so is one of a target no draw''s filters matched');
SELECT lives_ok($$UPDATE target SET name = 'dr 11 renamed' WHERE name = 'dr 11'$$,
                'other edits of a marked target are not checked');
UPDATE target SET name = 'dr 11' WHERE name = 'dr 11 renamed';
SELECT ok(verify_draw(pg_temp.did('draw 1')) AND verify_draw(pg_temp.did('draw 2 packed'))
          AND verify_draw(pg_temp.did('draw 3 table')) AND verify_draw(pg_temp.did('draw 4 parallel')),
          'every draw still verifies after the edits');
-- a later draw: dr 1 (cleared) is back, dr 11 still out
SELECT pg_temp.ddraw('draw 5', '', false);
SELECT ok('dr 1' = ANY (pg_temp.drawn('draw 5')) AND NOT 'dr 11' = ANY (pg_temp.drawn('draw 5')),
          'draw 5 counts dr 1 (mark cleared) and not dr 11');
SELECT ok(verify_draw(pg_temp.did('draw 5')), 'draw 5 verifies');

-- ---- the selected deregistered target keeps its row and takes a result --
SELECT lives_ok(format($$SELECT record_result(%s, %s, 'not_found', NULL)$$, pg_temp.did('draw 1'), pg_temp.tid('dr 1')),
                'a target drawn before its deregistration gets its result');

-- ---- closed to PUBLIC; the trigger runs on no other table ---------------
SELECT ok(NOT has_function_privilege('public', 'service_affair.insp_pool_grade(bytea, bigint)', 'EXECUTE'),
          'insp_pool_grade() is not executable by PUBLIC');
SELECT ok(NOT has_function_privilege('public', 'service_affair.target_deregister_check()', 'EXECUTE'),
          'target_deregister_check() is not executable by PUBLIC');
CREATE TEMP TABLE dr_other (deregistered_on date);
CREATE TRIGGER dr_other_check BEFORE UPDATE ON dr_other FOR EACH ROW EXECUTE FUNCTION service_affair.target_deregister_check();
INSERT INTO dr_other VALUES (NULL);
SELECT throws_ok($$UPDATE dr_other SET deregistered_on = now()::date$$, '39P01', NULL,
                 'target_deregister_check() refuses to run on another table');
SELECT is((SELECT count(*) FROM pg_description WHERE objoid = 'service_affair.target'::regclass
             AND objsubid = (SELECT attnum FROM pg_attribute WHERE attrelid = 'service_affair.target'::regclass AND attname = 'deregistered_on')),
          1::bigint, 'deregistered_on has its comment');

SELECT * FROM finish();
ROLLBACK;
