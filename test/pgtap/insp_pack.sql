-- The packed directory (target_pack, 72_target_pack.sql): the triggers of
-- target keep it equal to the directory through inserts, updates (of every
-- packed column, of the id, by the credit record), deletes and TRUNCATE,
-- packing a transaction's blocks when it commits (here, where everything
-- is one transaction, at the end of each statement: SET CONSTRAINTS ...
-- IMMEDIATE; the deferred packing itself is checked at the end);
-- the draw reading it selects what the draw reading the table selects and
-- what the keyed ranks computed in SQL order; a pack that disagrees with
-- the directory's id range makes the draw read the table (with a warning);
-- a corrupt block is an error, not a draw; the functions and the table are
-- closed to PUBLIC and the trigger runs on no other table.
SET search_path = service_affair, public;
BEGIN;
SELECT plan(71);
SET CONSTRAINTS service_affair.target_pack_flush IMMEDIATE;

\ir uscc17.inc
-- the blocks where the pack differs from the directory
CREATE FUNCTION pg_temp.pack_problems() RETURNS bigint LANGUAGE sql AS $$
    SELECT count(*) FROM service_affair.target_pack_check()
$$;
INSERT INTO department (code, name) VALUES ('pk_a', 'A'), ('pk_b', 'B');
INSERT INTO inspector (id, name, department)
SELECT d || '-' || i, d || i, d FROM unnest(ARRAY['pk_a', 'pk_b']) d, generate_series(1, 6) i;

-- ---- the triggers keep the pack ----------------------------------------
SELECT is((SELECT count(*) FROM target_pack), (SELECT count(DISTINCT id >> 6) FROM target),
          'the install packed the targets already there');
INSERT INTO target (uscc, name, region, industry, risk)
SELECT pg_temp.uscc17('91440300' || lpad(i::text, 9, '0')), 'pk ' || i,
       CASE WHEN i % 5 = 0 THEN NULL ELSE 'R' || (i % 3) END, CASE WHEN i % 7 = 0 THEN NULL ELSE 'I' || (i % 4) END,
       (ARRAY['A', 'B', 'C', 'D'])[1 + i % 4]
  FROM generate_series(1, 700) i;
INSERT INTO target (id, uscc, name, region, risk) OVERRIDING SYSTEM VALUE
VALUES (-5, pg_temp.uscc17('91440300900000005'), 'pk minus 5', 'R0', 'D'),
       (-64, pg_temp.uscc17('91440300900000064'), 'pk minus 64', 'R0', 'C'),
       (-65, pg_temp.uscc17('91440300900000065'), 'pk minus 65', 'R1', 'B');
SELECT is(pg_temp.pack_problems(), 0::bigint, 'after inserts (one statement of 700, then negative ids) the pack equals the directory');
SELECT is((SELECT count(*) FROM target_pack), (SELECT count(DISTINCT id >> 6) FROM target),
          'one row per block of 64 ids that holds a target');
SELECT ok(EXISTS (SELECT FROM target_pack WHERE block = -1) AND EXISTS (SELECT FROM target_pack WHERE block = -2),
          'ids -5 and -64 are block -1, id -65 is block -2 (floor division)');
SELECT is(target_pack_block(-3), NULL::bytea, 'a block without targets packs to NULL');
SELECT throws_ok('SELECT service_affair.target_pack_block(-144115188075855873)', '22023', 'target pack block out of range',
                 'a block below the bigint ids: 22023');
SELECT throws_ok('SELECT service_affair.target_pack_block(144115188075855872)', '22023', 'target pack block out of range',
                 'a block above the bigint ids: 22023');

UPDATE target SET region = 'R9' WHERE id % 11 = 0 AND name LIKE 'pk %';
SELECT is(pg_temp.pack_problems(), 0::bigint, 'after an update of regions');
UPDATE target SET industry = NULL WHERE id % 13 = 0 AND name LIKE 'pk %';
UPDATE target SET risk = 'D' WHERE risk = 'A' AND id % 2 = 0 AND name LIKE 'pk %';
SELECT is(pg_temp.pack_problems(), 0::bigint, 'after updates of industries and risks');
UPDATE target SET uscc = pg_temp.uscc17('91440300900000777') WHERE name = 'pk 3';
SELECT is(pg_temp.pack_problems(), 0::bigint, 'after an update of a USCC');
CREATE TEMP TABLE before_rename AS
SELECT block, ctid::text AS at FROM target_pack WHERE block = (SELECT id >> 6 FROM target WHERE name = 'pk 4');
UPDATE target SET name = 'pk renamed 4' WHERE name = 'pk 4';
SELECT is((SELECT ctid::text FROM target_pack WHERE block = (SELECT block FROM before_rename)), (SELECT at FROM before_rename),
          'a rename leaves its block''s row alone (the name is not packed: no refresh)');
UPDATE target SET id = DEFAULT WHERE id = -65;
SELECT is(pg_temp.pack_problems(), 0::bigint, 'after a target moved to a new id (UPDATE ... SET id = DEFAULT)');
SELECT ok(NOT EXISTS (SELECT FROM target_pack WHERE block = -2), 'the block it left, now empty, has no row');

-- the credit record writes credit_risk, which the draw reads first
CREATE TEMP TABLE before_credit AS
SELECT block, data FROM target_pack WHERE block = (SELECT id >> 6 FROM target WHERE name = 'pk 9');
SELECT is((SELECT risk FROM target WHERE name = 'pk 9'), 'B', 'a target of grade B');
SELECT lives_ok($$SELECT service_affair.record_credit_event((SELECT uscc::text FROM service_affair.target WHERE name = 'pk 9'),
                                                          'grave', 'pack test', now())$$, 'a grave fact for it');
SELECT isnt((SELECT COALESCE(credit_risk, 'none') FROM target WHERE name = 'pk 9'), 'none', 'it gets a derived grade');
SELECT is(pg_temp.pack_problems(), 0::bigint, 'and the pack holds it (the refresh''s update fires the trigger)');
SELECT isnt((SELECT data FROM target_pack WHERE block = (SELECT block FROM before_credit)), (SELECT data FROM before_credit),
            'its block changed');

DELETE FROM target WHERE id IN (-5, -64);
SELECT ok(NOT EXISTS (SELECT FROM target_pack WHERE block = -1), 'deleting the last targets of a block deletes its row');
-- not the two targets named later: ids come from a sequence earlier files
-- of the suite advance, and 'pk 5' deleted here (its id a multiple of 9 after
-- credit_* and insp_login_later.sql) left the refused USCC change below
-- updating no row
DELETE FROM target WHERE name LIKE 'pk %' AND id % 9 = 0 AND name NOT IN ('pk 5', 'pk 9');
SELECT is(pg_temp.pack_problems(), 0::bigint, 'after deletes');

-- ---- the draw: pack and table alike, and as the ranks in SQL ---------
CREATE TEMP TABLE pd (what text, draw_id bigint);
CREATE FUNCTION pg_temp.pdraw(what text, directory text, rates numeric[], regions text[] DEFAULT NULL,
                              industries text[] DEFAULT NULL) RETURNS bigint
    LANGUAGE plpgsql AS $$
DECLARE d bigint;
BEGIN
    PERFORM set_config('service_affair.draw_directory', directory, true);
    PERFORM set_config('max_parallel_workers_per_gather', '0', true);
    d := service_affair.draw(service_affair.create_plan(what, ARRAY['pk_a', 'pk_b'], rates,
                                                        sha256(convert_to('pack seed', 'UTF8')), 2, regions, industries),
                             convert_to('pack seed', 'UTF8'));
    PERFORM set_config('service_affair.draw_directory', '', true);
    INSERT INTO pd VALUES (what, d);
    RETURN d;
END
$$;
CREATE FUNCTION pg_temp.same(a text, b text) RETURNS boolean LANGUAGE sql AS $$
    SELECT x.targets = y.targets AND x.candidates = y.candidates AND x.selected = y.selected AND x.risks = y.risks
      FROM pd p JOIN service_affair.draw x ON x.id = p.draw_id, pd q JOIN service_affair.draw y ON y.id = q.draw_id
     WHERE p.what = a AND q.what = b
$$;

SELECT pg_temp.pdraw('all, packed', 'packed', ARRAY[1, 1, 1, 1]);
SELECT ok((SELECT x.targets FROM draw x, pd WHERE pd.what = 'all, packed' AND x.id = pd.draw_id)
          = ARRAY(SELECT t.id FROM target t
                   ORDER BY sha256(sha256(convert_to('sa-insp-target', 'UTF8') || '\x00'::bytea || convert_to('pack seed', 'UTF8'))
                                   || convert_to(t.uscc::text, 'UTF8')), t.id),
          'a draw of everything from the pack: every target in keyed-rank order, as computed in SQL');
SELECT is((SELECT x.risks FROM draw x, pd WHERE pd.what = 'all, packed' AND x.id = pd.draw_id),
          ARRAY(SELECT COALESCE(t.credit_risk, t.risk) FROM target t
                 ORDER BY sha256(sha256(convert_to('sa-insp-target', 'UTF8') || '\x00'::bytea || convert_to('pack seed', 'UTF8'))
                                 || convert_to(t.uscc::text, 'UTF8')), t.id),
          'with the grades of the directory (the credit grade first)');
SELECT is((SELECT x.risks[array_position(x.targets, t.id)] FROM draw x, pd, target t
            WHERE pd.what = 'all, packed' AND x.id = pd.draw_id AND t.name = 'pk 9'),
          (SELECT credit_risk FROM target WHERE name = 'pk 9' AND credit_risk <> risk),
          'the target with the grave fact is drawn at its derived grade, not its hand-set B');
SELECT ok(verify_draw((SELECT draw_id FROM pd WHERE what = 'all, packed')), 'and it verifies (verify_draw reads the table)');
-- a drawn target keeps its USCC (23503, insp_rules.sql): the refused
-- statement leaves no block to pack, and the pack as it was
CREATE TEMP TABLE before_refused AS SELECT block, data FROM target_pack;
SELECT throws_ok($$UPDATE service_affair.target SET uscc = pg_temp.uscc17('91440300900000888') WHERE name = 'pk 5'$$, '23503', NULL,
                 'a drawn target''s USCC is not changed');
SELECT is(pg_temp.pack_problems(), 0::bigint, 'after the refused change of a drawn target''s USCC the pack equals the directory');
SELECT ok(NOT EXISTS (SELECT FROM target_pack p FULL JOIN before_refused b USING (block) WHERE p.data IS DISTINCT FROM b.data)
          AND NOT EXISTS (SELECT FROM target_pack_pending), '... and is as it was, nothing left to pack');

SELECT pg_temp.pdraw('quota, packed', 'packed', ARRAY[0.1, 0.2, 0.3, 0.5]);
SELECT pg_temp.pdraw('quota, table', 'table', ARRAY[0.1, 0.2, 0.3, 0.5]);
SELECT ok(pg_temp.same('quota, packed', 'quota, table'), 'quotas: the pack and the table select the same targets in the same order');
SELECT pg_temp.pdraw('regions, packed', 'packed', ARRAY[0.3, 0.3, 0.3, 0.3], ARRAY['R0', 'R9']);
SELECT pg_temp.pdraw('regions, table', 'table', ARRAY[0.3, 0.3, 0.3, 0.3], ARRAY['R0', 'R9']);
SELECT ok(pg_temp.same('regions, packed', 'regions, table'), 'a region filter: the same selection');
SELECT is((SELECT sum(x) FROM draw d, pd, unnest(d.candidates) x WHERE pd.what = 'regions, packed' AND d.id = pd.draw_id),
          (SELECT count(*) FROM target WHERE region IN ('R0', 'R9'))::numeric, 'the filtered candidates (NULL regions left out)');
SELECT pg_temp.pdraw('industries, packed', 'packed', ARRAY[0.5, 0.5, 0.5, 0.5], NULL, ARRAY['I1', 'I3']);
SELECT pg_temp.pdraw('industries, table', 'table', ARRAY[0.5, 0.5, 0.5, 0.5], NULL, ARRAY['I1', 'I3']);
SELECT ok(pg_temp.same('industries, packed', 'industries, table'), 'an industry filter: the same selection');
SELECT ok(verify_draw((SELECT draw_id FROM pd WHERE what = 'industries, packed')), 'and it verifies');
-- a draw made in the statement that writes targets (a data-modifying WITH
-- and a function that takes a new snapshot, as pdraw()): it sees the rows
-- written, whose blocks are noted only after the statement; the in-flight
-- note makes it read the table (it read the pack with the old grades)
SAVEPOINT before_cte;
WITH x AS (UPDATE target SET risk = 'D' WHERE name LIKE 'pk %' AND risk <> 'D' RETURNING id)
SELECT pg_temp.pdraw('cte, packed', 'packed', ARRAY[1, 1, 1, 1]) FROM (SELECT count(*) FROM x) c;
SELECT pg_temp.pdraw('cte, table', 'table', ARRAY[1, 1, 1, 1]);
SELECT ok(pg_temp.same('cte, packed', 'cte, table'),
          'a draw in the statement that changes grades (WITH ... UPDATE) draws the new grades');
SELECT is((SELECT count(*) FROM target_pack_pending), 0::bigint, 'and the in-flight note is gone after the statement');
ROLLBACK TO SAVEPOINT before_cte;
SAVEPOINT before_cte;
WITH x AS (INSERT INTO target (id, uscc, name, region, industry, risk) OVERRIDING SYSTEM VALUE
           SELECT min(id) + 1, pg_temp.uscc17('91440300900000778'), 'pk cte', 'R0', 'I1', 'A' FROM target
            WHERE name LIKE 'pk %' AND id + 1 NOT IN (SELECT id FROM target) RETURNING id)
SELECT pg_temp.pdraw('cte insert, packed', 'packed', ARRAY[1, 1, 1, 1]) FROM (SELECT count(*) FROM x) c;
SELECT ok((SELECT t.id = ANY (d.targets) FROM draw d, pd, target t
            WHERE pd.what = 'cte insert, packed' AND d.id = pd.draw_id AND t.name = 'pk cte'),
          'a draw in the statement that inserts a target inside the id range (WITH ... INSERT) draws it');
ROLLBACK TO SAVEPOINT before_cte;
-- a write of target nested in that statement (a function it calls; here
-- one changing no packed column) ends before it: its AFTER trigger took the
-- in-flight note of the outer statement away, noted nothing, and the draw
-- after it read the pack with the old grades (a hostile review)
CREATE FUNCTION pg_temp.pdraw_nested(what text) RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
    UPDATE service_affair.target SET name = name WHERE false;
    RETURN pg_temp.pdraw(what, 'packed', ARRAY[1, 1, 1, 1]);
END
$$;
SAVEPOINT before_cte;
WITH x AS (UPDATE target SET risk = 'D' WHERE name LIKE 'pk %' AND risk <> 'D' RETURNING id)
SELECT pg_temp.pdraw_nested('cte nested, packed') FROM (SELECT count(*) FROM x) c;
SELECT pg_temp.pdraw('cte nested, table', 'table', ARRAY[1, 1, 1, 1]);
SELECT ok(pg_temp.same('cte nested, packed', 'cte nested, table'),
          'a draw after a nested write of target, in the statement that changes grades, draws the new grades');
SELECT is((SELECT count(*) FROM target_pack_pending), 0::bigint, 'and no in-flight note is left after the statement');
ROLLBACK TO SAVEPOINT before_cte;
-- statements firing the BEFORE trigger for several events (MERGE, INSERT
-- ... ON CONFLICT DO UPDATE) note as many in flight as their AFTER
-- triggers take away
SAVEPOINT before_cte;
SET CONSTRAINTS service_affair.target_pack_flush DEFERRED;
INSERT INTO target (id, uscc, name, region, industry, risk) OVERRIDING SYSTEM VALUE
VALUES (960000, pg_temp.uscc17('91440300900000960'), 'pk merge gone', 'R0', 'I1', 'C');
MERGE INTO target t
USING (VALUES (960000::bigint), ((SELECT max(id) FROM target WHERE name LIKE 'pk %' AND id < 900000)), (-1)) s (id) ON t.id = s.id
WHEN MATCHED AND t.id = 960000 THEN DELETE
WHEN MATCHED THEN UPDATE SET name = t.name
WHEN NOT MATCHED THEN INSERT (uscc, name, region, industry, risk) VALUES (pg_temp.uscc17('91440300900000779'), 'pk merge', 'R0', 'I1', 'A');
INSERT INTO target (uscc, name, region, industry, risk)
SELECT uscc, 'pk upsert', region, industry, risk FROM target WHERE name LIKE 'pk %' ORDER BY id LIMIT 1 OFFSET 1
ON CONFLICT (uscc) DO UPDATE SET name = EXCLUDED.name;
SELECT is((SELECT count(*) FROM target_pack_pending WHERE block < -144115188075855872 AND block > -9223372036854775808), 0::bigint,
          'MERGE and INSERT ... ON CONFLICT DO UPDATE leave no in-flight note');
ROLLBACK TO SAVEPOINT before_cte;
SET CONSTRAINTS service_affair.target_pack_flush DEFERRED;
UPDATE target SET name = name WHERE name = 'pk 9';
SELECT is((SELECT count(*) FROM target_pack_pending), 0::bigint,
          'deferred: an update of no packed column leaves no note (the in-flight note taken away, no marker)');
SET CONSTRAINTS service_affair.target_pack_flush IMMEDIATE;
SELECT throws_ok($$SELECT pg_temp.pdraw('bad setting', 'heap', ARRAY[0.5, 0.5, 0.5, 0.5])$$, '22023',
                 'invalid service_affair.draw_directory', 'service_affair.draw_directory other than packed or table: 22023');

-- ---- a pack that disagrees ---------------------------------------------
ALTER TABLE target DISABLE TRIGGER target_pack_inserted;
INSERT INTO target (id, uscc, name, region, industry, risk) OVERRIDING SYSTEM VALUE
VALUES (900000, pg_temp.uscc17('91440300900000900'), 'pk unpacked', 'R0', 'I1', 'D');
ALTER TABLE target ENABLE ALWAYS TRIGGER target_pack_inserted;
SELECT results_eq('SELECT block, problem FROM service_affair.target_pack_check()',
                  $$VALUES (900000::bigint >> 6, 'missing'::text)$$,
                  'a target inserted with the trigger disabled: its block is missing');
SET LOCAL client_min_messages = error;
SELECT pg_temp.pdraw('stale, packed', 'packed', ARRAY[1, 1, 1, 1]);
SELECT pg_temp.pdraw('stale, table', 'table', ARRAY[1, 1, 1, 1]);
RESET client_min_messages;
SELECT ok(pg_temp.same('stale, packed', 'stale, table'),
          'the draw saw the pack lacks the directory''s last id and read the table');
SELECT ok((SELECT 900000::bigint = ANY (d.targets) FROM draw d, pd WHERE pd.what = 'stale, packed' AND d.id = pd.draw_id),
          'the unpacked target is drawn');
SELECT is((SELECT array_agg(block) FROM target_pack_pending), ARRAY[-9223372036854775807]::bigint[],
          'the insert with its AFTER trigger disabled left its in-flight note (the transaction''s draws read the table)');
SELECT is(target_pack_rebuild(), (SELECT count(DISTINCT id >> 6) FROM target), 'target_pack_rebuild() packs every block again');
SELECT is(pg_temp.pack_problems(), 0::bigint, 'and the pack equals the directory');
SELECT is((SELECT count(*) FROM target_pack_pending), 0::bigint, 'and the in-flight note is gone');

UPDATE target_pack SET data = '\x0102' WHERE block = (SELECT min(block) FROM target_pack);
SELECT throws_ok($$SELECT pg_temp.pdraw('corrupt', 'packed', ARRAY[1, 1, 1, 1])$$, 'XX001',
                 'packed target directory is corrupt', 'a corrupt block: XX001, no draw');
SELECT results_eq('SELECT problem FROM service_affair.target_pack_check()', $$VALUES ('differs'::text)$$,
                  'target_pack_check() names it');
SELECT lives_ok('SELECT service_affair.target_pack_rebuild()', 'a rebuild repairs it');

-- a region the pack cannot hold: the write is refused when it is made
-- (not at the commit that would pack it)
SET CONSTRAINTS service_affair.target_pack_flush DEFERRED;
SELECT throws_ok($$INSERT INTO service_affair.target (uscc, name, region, risk)
                   VALUES (pg_temp.uscc17('91440300900000901'), 'pk long', repeat('r', 1048577), 'A')$$,
                 '23514', NULL, 'a region over 1 MB: 23514 at the INSERT (constraint target_packable)');
SET CONSTRAINTS service_affair.target_pack_flush IMMEDIATE;


-- TRUNCATE (only with the append-only guards of the results switched off:
-- TRUNCATE target cascades to them) empties the pack
SAVEPOINT before_truncate;
ALTER TABLE inspection_result DISABLE TRIGGER USER;
ALTER TABLE result_publication DISABLE TRIGGER USER;
TRUNCATE target CASCADE;
SELECT is((SELECT count(*) FROM target_pack), 0::bigint, 'TRUNCATE target empties the pack');
ROLLBACK TO SAVEPOINT before_truncate;

-- ---- packed at commit --------------------------------------------------
SET CONSTRAINTS service_affair.target_pack_flush DEFERRED;
INSERT INTO target (id, uscc, name, region, industry, risk) OVERRIDING SYSTEM VALUE
VALUES (910000, pg_temp.uscc17('91440300900000910'), 'pk deferred', 'R0', 'I1', 'D');
SELECT ok(NOT EXISTS (SELECT FROM target_pack WHERE block = 910000 >> 6),
          'deferred: a target written is not packed before the transaction commits');
SELECT is(pg_temp.pack_problems(), 0::bigint,
          'target_pack_check() does not list the block its own transaction wrote (the commit packs it)');
SELECT is((SELECT count(*) FROM target_pack_pending WHERE block <> -9223372036854775808), 1::bigint,
          'its block is noted, with the flush marker beside it');
SELECT pg_temp.pdraw('deferred, packed', 'packed', ARRAY[1, 1, 1, 1]);
SELECT pg_temp.pdraw('deferred, table', 'table', ARRAY[1, 1, 1, 1]);
SELECT ok(pg_temp.same('deferred, packed', 'deferred, table')
          AND (SELECT 910000::bigint = ANY (d.targets) FROM draw d, pd WHERE pd.what = 'deferred, packed' AND d.id = pd.draw_id),
          'a draw in the writing transaction reads the table (the unpacked target is drawn)');
SET CONSTRAINTS service_affair.target_pack_flush IMMEDIATE;
SELECT is(pg_temp.pack_problems(), 0::bigint, 'the deferred packing (here at SET CONSTRAINTS ... IMMEDIATE) packs it');
SELECT is((SELECT count(*) FROM target_pack_pending), 0::bigint, 'and takes the notes away');
-- target_pack_check() in the writing transaction: the blocks it noted
-- are packed at its commit and not listed (a DBA's review: 'differs' right
-- after a plain INSERT); a block written with the trigger disabled is
INSERT INTO target (id, uscc, name, region, industry, risk) OVERRIDING SYSTEM VALUE
VALUES (940000, pg_temp.uscc17('91440300900000940'), 'pk own block', 'R0', 'I1', 'C');
SET CONSTRAINTS service_affair.target_pack_flush DEFERRED;
UPDATE target SET region = 'R9' WHERE id = 940000;
SELECT is(pg_temp.pack_problems(), 0::bigint, 'an update in the open transaction: its block is not listed as differing');
ALTER TABLE target DISABLE TRIGGER target_pack_inserted;
INSERT INTO target (id, uscc, name, region, industry, risk) OVERRIDING SYSTEM VALUE
VALUES (950000, pg_temp.uscc17('91440300900000950'), 'pk own unpacked', 'R0', 'I1', 'C');
ALTER TABLE target ENABLE ALWAYS TRIGGER target_pack_inserted;
SELECT results_eq('SELECT block, problem FROM service_affair.target_pack_check()',
                  $$VALUES (950000::bigint >> 6, 'missing'::text)$$,
                  'a block the same transaction wrote with the trigger disabled (not noted) is listed');
DELETE FROM target WHERE id = 940000;
SELECT results_eq('SELECT block, problem FROM service_affair.target_pack_check()',
                  $$VALUES (950000::bigint >> 6, 'missing'::text)$$,
                  'a block whose last target the open transaction deleted is not listed as extra');
DELETE FROM target WHERE id = 950000;
SET CONSTRAINTS service_affair.target_pack_flush IMMEDIATE;
SELECT is(pg_temp.pack_problems(), 0::bigint, 'the packing at SET CONSTRAINTS ... IMMEDIATE leaves nothing to list');
-- a savepoint rolled back takes its notes and marker: the next write notes again
SET CONSTRAINTS service_affair.target_pack_flush DEFERRED;
SAVEPOINT before_note;
INSERT INTO target (id, uscc, name, region, risk) OVERRIDING SYSTEM VALUE
VALUES (920000, pg_temp.uscc17('91440300900000920'), 'pk rolled back', 'R0', 'D');
ROLLBACK TO SAVEPOINT before_note;
INSERT INTO target (id, uscc, name, region, risk) OVERRIDING SYSTEM VALUE
VALUES (930000, pg_temp.uscc17('91440300900000930'), 'pk after rollback', 'R0', 'D');
SET CONSTRAINTS service_affair.target_pack_flush IMMEDIATE;
SELECT is(pg_temp.pack_problems(), 0::bigint, 'a write after a savepoint rolled back (it took the first marker) is packed');
SELECT ok(EXISTS (SELECT FROM target_pack WHERE block = 930000 >> 6) AND NOT EXISTS (SELECT FROM target_pack WHERE block = 920000 >> 6),
          'its block is there, the rolled-back one is not');

-- ---- closed doors ------------------------------------------------------
SELECT is(has_function_privilege('public', 'service_affair.target_pack_block(bigint)', 'EXECUTE')
          OR has_function_privilege('public', 'service_affair.target_pack_refresh(bigint)', 'EXECUTE')
          OR has_function_privilege('public', 'service_affair.target_pack_check()', 'EXECUTE')
          OR has_function_privilege('public', 'service_affair.target_pack_rebuild()', 'EXECUTE')
          OR has_function_privilege('public', 'service_affair.target_pack_changed()', 'EXECUTE'), false,
          'no target_pack function is executable by PUBLIC');
SELECT is(has_table_privilege('public', 'service_affair.target_pack', 'SELECT')
          OR has_table_privilege('public', 'service_affair.target_pack', 'UPDATE')
          OR has_table_privilege('public', 'service_affair.target_pack', 'INSERT')
          OR has_table_privilege('public', 'service_affair.target_pack_pending', 'INSERT')
          OR has_table_privilege('public', 'service_affair.target_pack_pending', 'DELETE'), false,
          'PUBLIC can neither read nor write the pack or its notes');
SELECT is(has_function_privilege('public', 'service_affair.target_pack_flush()', 'EXECUTE'), false,
          'nor execute the flush');
SELECT create_roles();
SELECT ok(has_function_privilege('service_affair_admin', 'service_affair.target_pack_rebuild()', 'EXECUTE')
          AND NOT has_table_privilege('service_affair_admin', 'service_affair.target_pack', 'UPDATE')
          AND NOT has_table_privilege('service_affair_admin', 'service_affair.target_pack_pending', 'DELETE')
          AND NOT has_table_privilege('service_affair_admin', 'service_affair.target_pack_pending', 'INSERT'),
          'administrators may rebuild the pack but write neither it nor its notes (a marker forged or removed would leave blocks unpacked)');
CREATE TEMP TABLE pk_decoy (id bigint);
CREATE TRIGGER pk_decoy_t AFTER INSERT ON pk_decoy FOR EACH STATEMENT EXECUTE FUNCTION service_affair.target_pack_changed();
SELECT throws_ok('INSERT INTO pk_decoy VALUES (1)', '42501', 'target_pack_changed() is not a trigger of this table',
                 'the trigger function refuses to run on another table');
CREATE TEMP TABLE pk_decoy2 (txid xid8, block bigint);
CREATE TRIGGER pk_decoy2_t AFTER INSERT ON pk_decoy2 FOR EACH ROW EXECUTE FUNCTION service_affair.target_pack_flush();
SELECT throws_ok('INSERT INTO pk_decoy2 VALUES (pg_current_xact_id(), 1)', '42501', 'target_pack_flush() is not a trigger of this table',
                 'so does the flush');
SELECT is(pg_temp.pack_problems(), 0::bigint, 'the pack is as the directory at the end');

SELECT * FROM finish();
ROLLBACK;
