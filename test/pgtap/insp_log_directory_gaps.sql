-- The gaps left in the log of recusals and deregistration marks
-- (76_directory_log.sql) after its first day, 2026-12-06 (a review):
-- * a TRUNCATE of target (its owner's) cleared every mark with no entry:
--   now one entry deregistration (op truncate) per marked target, after
--   target_truncate_lock has taken the writers' lock;
-- * a recusal's entry whose inspector or target was gone when it was
--   written (one statement deleting both: a DELETE in WITH) was silently
--   not written: now 23503 naming the key;
-- * a recusal withdrawn after its inspector moved to another department
--   landed in the new department's ledger, which had never logged it: now
--   the move withdraws it (op transfer) in the former department's ledger
--   and writes it (op transfer) in the new one's; a statement (a WITH)
--   that moves an inspector and writes or deletes its recusals is refused
--   (55000): its row triggers read the tables as it left them; recusals
--   of another inspector beside the move are not (until 2026-12-06 they
--   were: the refusal was per statement);
-- * unlogged_inspection_facts(): the recusals and marks the log does not
--   match (written past the triggers, or standing since 0.1.0).
SET search_path = service_affair, public;
BEGIN;
SELECT plan(42);
SET CONSTRAINTS service_affair.target_pack_flush IMMEDIATE;

\ir uscc17.inc

SELECT create_roles();
INSERT INTO department (code, name) VALUES ('lg_a', '甲'), ('lg_b', '乙');
INSERT INTO target (uscc, name, region, industry, risk)
SELECT pg_temp.uscc17('91440300' || lpad((900 + i)::text, 9, '0')), 'lg ' || i, '440301', 'I', 'D'
  FROM generate_series(1, 6) i;
SELECT id AS t1 FROM target WHERE name = 'lg 1' \gset
SELECT id AS t2 FROM target WHERE name = 'lg 2' \gset
SELECT id AS t3 FROM target WHERE name = 'lg 3' \gset
SELECT id AS t4 FROM target WHERE name = 'lg 4' \gset
SELECT id AS t5 FROM target WHERE name = 'lg 5' \gset
INSERT INTO inspector (id, name, department) VALUES ('lg_a-1', 'one', 'lg_a'), ('lg_a-2', 'two', 'lg_a'),
                                                   ('lg_a-3', 'three', 'lg_a'), ('lg_b-1', 'four', 'lg_b');
CREATE ROLE lg_adm LOGIN IN ROLE service_affair_admin;

-- ---- TRUNCATE of target beside another transaction holding the writers' lock --------
-- (first: nothing above took the lock).  Its own trigger refuses at once
-- (55000), before target_truncate_log would wait for the lock holding the
-- table (until 2026-12-06 the refusal came from recusal's, the cascade).
CREATE EXTENSION IF NOT EXISTS dblink SCHEMA public;
SELECT public.dblink_connect('lg_other',
    pg_catalog.format('dbname=%s host=%s port=%s user=%s', pg_catalog.quote_ident(current_database()),
                      pg_catalog.split_part(current_setting('unix_socket_directories'), ',', 1),
                      current_setting('port'), pg_catalog.quote_ident(current_user))) AS connected;
SELECT public.dblink_exec('lg_other', 'BEGIN');
SELECT public.dblink_exec('lg_other', 'DO $d$ BEGIN PERFORM service_affair.insp_writer_lock(); END $d$');
SET LOCAL lock_timeout = '5s';
SET LOCAL client_min_messages = warning;
SELECT throws_ok($$TRUNCATE service_affair.target CASCADE$$, '55000',
                 'TRUNCATE of target would wait for the inspection writers'' lock',
                 'the writers'' lock held by another transaction: TRUNCATE of target refused by its own trigger (55000), not left waiting');
RESET lock_timeout;
RESET client_min_messages;
SELECT public.dblink_exec('lg_other', 'ROLLBACK');
SELECT public.dblink_disconnect('lg_other');

-- ---- an inspector moved: its recusals go with it ------------------------------------
INSERT INTO recusal VALUES ('lg_a-1', :t1), ('lg_a-1', :t2), ('lg_a-2', :t1);
-- no inspector updated yet in this transaction: the recusals' inspectors
-- are not listed (until 2026-12-06, a review, every statement listed them,
-- a JSON array parsed and printed again at every row: n^2 for the
-- recusals of n inspectors, 16,000 in 32 s instead of 10)
SELECT is(current_setting('service_affair.recusal_written', true), '',
          'recusals written, no inspector updated in the transaction: no list of their inspectors kept');
SET SESSION AUTHORIZATION lg_adm;
UPDATE service_affair.inspector SET department = 'lg_b' WHERE id = 'lg_a-1';
RESET SESSION AUTHORIZATION;
SELECT results_eq($$SELECT ledger, kind, payload->>'inspector', (payload->>'target')::bigint, payload->>'op',
                           payload->>'from', payload->>'to', payload->>'login'
                      FROM inspection_log WHERE kind LIKE 'recusal%' AND payload->>'op' = 'transfer' ORDER BY ledger, seq$$,
                  format($$VALUES ('lg_a'::text, 'recusal_withdrawn'::text, 'lg_a-1'::text, %s::bigint, 'transfer'::text, NULL::text, 'lg_b'::text, 'lg_adm'::text),
                                  ('lg_a', 'recusal_withdrawn', 'lg_a-1', %s, 'transfer', NULL, 'lg_b', 'lg_adm'),
                                  ('lg_b', 'recusal', 'lg_a-1', %s, 'transfer', 'lg_a', NULL, 'lg_adm'),
                                  ('lg_b', 'recusal', 'lg_a-1', %s, 'transfer', 'lg_a', NULL, 'lg_adm')$$,
                         :t1, :t2, :t1, :t2),
                  'an inspector moved: each recusal withdrawn (op transfer, to) in the former ledger and written (op transfer, from) in the new one');
DELETE FROM recusal WHERE inspector = 'lg_a-1' AND target = :t1;
SELECT results_eq($$SELECT ledger, kind, payload->>'op' FROM inspection_log
                     WHERE kind LIKE 'recusal%' AND payload->>'inspector' = 'lg_a-1' ORDER BY ledger, seq$$,
                  $$VALUES ('lg_a'::text, 'recusal'::text, 'insert'::text), ('lg_a', 'recusal', 'insert'),
                           ('lg_a', 'recusal_withdrawn', 'transfer'), ('lg_a', 'recusal_withdrawn', 'transfer'),
                           ('lg_b', 'recusal', 'transfer'), ('lg_b', 'recusal', 'transfer'), ('lg_b', 'recusal_withdrawn', 'delete')$$,
                  'a recusal withdrawn after the move lands in the ledger where it stands, the new department''s');
UPDATE inspector SET name = 'one again', department = 'lg_b' WHERE id = 'lg_a-1';
SELECT is((SELECT count(*) FROM inspection_log WHERE payload->>'op' = 'transfer'), 4::bigint,
          'an update that leaves the department writes no transfer');

-- ---- an inspector moved and recusals written in one statement: refused -------------
-- The row triggers fire after all the rows of the statement and read the
-- tables as it left them: until 2026-12-06 (a review) a recusal deleted in
-- a WITH beside the move was withdrawn in the new department's ledger only
-- (the former one's still showing it standing), one written beside it was
-- withdrawn in the former one's, where it never stood; whichever ran first.
SELECT count(*) AS entries_mix FROM inspection_log \gset
SELECT throws_ok(format($$WITH r AS (DELETE FROM service_affair.recusal WHERE inspector = 'lg_a-2' AND target = %s)
                          UPDATE service_affair.inspector SET department = 'lg_b' WHERE id = 'lg_a-2'$$, :t1),
                 '55000', 'an inspector moved to another department and its recusals written or deleted in one statement',
                 'a recusal deleted in a WITH beside its inspector''s move (the move first): 55000');
SELECT throws_ok(format($$WITH r AS (DELETE FROM service_affair.recusal WHERE inspector = 'lg_a-2' AND target = %s RETURNING inspector)
                          UPDATE service_affair.inspector SET department = 'lg_b' WHERE id IN (SELECT inspector FROM r)$$, :t1),
                 '55000', 'an inspector moved to another department and its recusals written or deleted in one statement',
                 'a recusal deleted in a WITH that the move reads (the delete first): 55000');
SELECT throws_ok(format($$WITH r AS (INSERT INTO service_affair.recusal VALUES ('lg_a-2', %s))
                          UPDATE service_affair.inspector SET department = 'lg_b' WHERE id = 'lg_a-2'$$, :t2),
                 '55000', 'an inspector moved to another department and its recusals written or deleted in one statement',
                 'a recusal written in a WITH beside its inspector''s move: 55000');
SELECT throws_ok(format($$WITH r AS (INSERT INTO service_affair.recusal VALUES ('lg_a-2', %s) RETURNING inspector)
                          UPDATE service_affair.inspector SET department = 'lg_b' WHERE id IN (SELECT inspector FROM r)$$, :t2),
                 '55000', 'an inspector moved to another department and its recusals written or deleted in one statement',
                 'a recusal written in a WITH that the move reads: 55000');
-- the settings set beforehand by the caller (SET LOCAL) neither bypass
-- nor block it: the statement's triggers set them all again
SAVEPOINT preset;
SET LOCAL service_affair.recusal_moving = 'off';
SET LOCAL service_affair.recusal_writing = 'off';
SET LOCAL service_affair.recusal_written = '[not json';
SET LOCAL service_affair.recusal_moved = ',lg_b-1,';
SELECT throws_ok(format($$WITH r AS (INSERT INTO service_affair.recusal VALUES ('lg_a-2', %s))
                          UPDATE service_affair.inspector SET department = 'lg_b' WHERE id = 'lg_a-2'$$, :t2),
                 '55000', 'an inspector moved to another department and its recusals written or deleted in one statement',
                 'the marks set beforehand by the caller (SET LOCAL): still refused, 55000');
ROLLBACK TO SAVEPOINT preset;
SELECT results_eq(format($$SELECT (SELECT count(*) FROM inspection_log), (SELECT department FROM inspector WHERE id = 'lg_a-2'),
                                 (SELECT count(*) FROM recusal WHERE inspector = 'lg_a-2')$$),
                  format($$VALUES (%s::bigint, 'lg_a'::text, 1::bigint)$$, :entries_mix),
                  'nothing of the refused statements is left: the log, the inspector and its recusals as they were');

-- The marks are the triggers' own (superuser-only settings the library
-- defines, src/service_affair.c): until 2026-12-06 (a review) they were
-- placeholders any role could set, and an administrator's trigger on a
-- temporary table, firing between the two row triggers of the statement,
-- cleared them with set_config(): the move went through, and the former
-- ledger got a recusal_withdrawn (op transfer) for a recusal that never
-- stood there.  Now set_config() there is refused (42501) and the whole
-- statement with it; RESET ALL leaves them (GUC_NO_RESET_ALL: it resets
-- every SUSET variable without asking whose it is); SET LOCAL and RESET
-- of a mark by that login are refused.
SAVEPOINT marks_own;
INSERT INTO inspector (id, name, department) VALUES ('lg_a-6', 'six', 'lg_a');
SELECT count(*) AS entries_own FROM inspection_log \gset
SET SESSION AUTHORIZATION lg_adm;
CREATE TEMP TABLE lg_clr (i int);
CREATE FUNCTION pg_temp.lg_clr() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN
    PERFORM pg_catalog.set_config('service_affair.recusal_written', '', true);
    PERFORM pg_catalog.set_config('service_affair.recusal_moved', '', true);
    RETURN NULL;
END $f$;
CREATE TRIGGER lg_clr AFTER INSERT ON lg_clr FOR EACH ROW EXECUTE FUNCTION pg_temp.lg_clr();
CREATE TEMP TABLE lg_rst (i int);
CREATE FUNCTION pg_temp.lg_rst() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN
    RESET ALL;
    RETURN NULL;
END $f$;
CREATE TRIGGER lg_rst AFTER INSERT ON lg_rst FOR EACH ROW EXECUTE FUNCTION pg_temp.lg_rst();
SELECT throws_ok(format($$WITH r AS (INSERT INTO service_affair.recusal VALUES ('lg_a-6', %s) RETURNING inspector),
                               c AS (INSERT INTO lg_clr SELECT 1 FROM r RETURNING i)
                          UPDATE service_affair.inspector SET department = 'lg_b'
                           WHERE id IN (SELECT inspector FROM r) AND EXISTS (SELECT FROM c)$$, :t2),
                 '42501', 'permission denied to set parameter "service_affair.recusal_written"',
                 'an administrator''s trigger between the row triggers clears the marks with set_config(): 42501, the statement refused');
SAVEPOINT marks_reset_all;
SELECT throws_ok(format($$WITH r AS (INSERT INTO service_affair.recusal VALUES ('lg_a-6', %s) RETURNING inspector),
                               c AS (INSERT INTO lg_rst SELECT 1 FROM r RETURNING i)
                          UPDATE service_affair.inspector SET department = 'lg_b'
                           WHERE id IN (SELECT inspector FROM r) AND EXISTS (SELECT FROM c)$$, :t2),
                 '55000', 'an inspector moved to another department and its recusals written or deleted in one statement',
                 'an administrator''s trigger between the row triggers runs RESET ALL: the marks stay, still refused (55000)');
ROLLBACK TO SAVEPOINT marks_reset_all;
SELECT throws_ok($$SET LOCAL service_affair.recusal_moved = ''$$, '42501',
                 'permission denied to set parameter "service_affair.recusal_moved"',
                 'an administrator''s SET LOCAL of a mark: 42501');
SELECT throws_ok($$SET LOCAL service_affair.recusal_writing = 'off'$$, '42501',
                 'permission denied to set parameter "service_affair.recusal_writing"',
                 'an administrator''s SET LOCAL of recusal_writing: 42501');
SELECT throws_ok($$RESET service_affair.recusal_written$$, '42501',
                 'permission denied to set parameter "service_affair.recusal_written"',
                 'an administrator''s RESET of a mark: 42501');
RESET SESSION AUTHORIZATION;
SELECT results_eq($$SELECT (SELECT count(*) FROM service_affair.inspection_log),
                           (SELECT department FROM service_affair.inspector WHERE id = 'lg_a-6'),
                           (SELECT count(*) FROM service_affair.recusal WHERE inspector = 'lg_a-6')$$,
                  format($$VALUES (%s::bigint, 'lg_a'::text, 0::bigint)$$, :entries_own),
                  'nothing of the refused statements is left: no entry in either ledger, the inspector and its recusals as they were');
ROLLBACK TO SAVEPOINT marks_own;

-- A value a non-superuser set before the library was loaded (a
-- placeholder, in a new session) is dropped with a WARNING when the library
-- defines the marks (PostgreSQL applies it again with that role's rights):
-- it cannot stand in for the triggers'.
SELECT public.dblink_connect('lg_ph',
    pg_catalog.format('dbname=%s host=%s port=%s user=%s', pg_catalog.quote_ident(current_database()),
                      pg_catalog.split_part(current_setting('unix_socket_directories'), ',', 1),
                      current_setting('port'), pg_catalog.quote_ident(current_user))) AS connected;
SELECT public.dblink_exec('lg_ph', 'BEGIN');
SELECT public.dblink_exec('lg_ph', 'CREATE ROLE lg_ph_role');
SELECT public.dblink_exec('lg_ph', 'SET SESSION AUTHORIZATION lg_ph_role');
SELECT public.dblink_exec('lg_ph', $$SET LOCAL service_affair.recusal_moved = ',lg_a-1,'$$);
SELECT public.dblink_exec('lg_ph', 'RESET SESSION AUTHORIZATION');
SELECT results_eq($$SELECT * FROM public.dblink('lg_ph', 'SELECT pg_catalog.current_setting(''service_affair.recusal_moved'')')
                                AS t(moved text)$$,
                  $$VALUES (',lg_a-1,'::text)$$,
                  'a new session: before the library is loaded a mark is a placeholder, set by a non-superuser (its SET LOCAL above went through)');
SELECT public.dblink_exec('lg_ph', 'SET LOCAL client_min_messages = error');
SELECT results_eq($$SELECT * FROM public.dblink('lg_ph', 'SELECT service_affair.restoring(), pg_catalog.current_setting(''service_affair.recusal_moved'')')
                                AS t(restoring boolean, moved text)$$,
                  $$VALUES (false, ''::text)$$,
                  'the library loaded: the non-superuser''s value is dropped (a WARNING), the mark is empty');
SELECT public.dblink_exec('lg_ph', 'ROLLBACK');
SELECT public.dblink_disconnect('lg_ph');

-- Per inspector: the marks name the inspectors moved and those whose
-- recusals were written.  Two inspectors moved and a recusal of one of them
-- written: still refused.  A recusal of another inspector written or
-- deleted beside a move: allowed (refused until 2026-12-06), each entry in
-- the ledger where it stands.
SELECT throws_ok(format($$WITH r AS (INSERT INTO service_affair.recusal VALUES ('lg_a-3', %s))
                          UPDATE service_affair.inspector SET department = 'lg_b' WHERE id IN ('lg_a-2', 'lg_a-3')$$, :t2),
                 '55000', 'an inspector moved to another department and its recusals written or deleted in one statement',
                 'two inspectors moved and a recusal of one of them written in a WITH: 55000');
SAVEPOINT other_inspector;
SELECT max(seq) AS a_seq FROM inspection_log WHERE ledger = 'lg_a' \gset
SELECT max(seq) AS b_seq FROM inspection_log WHERE ledger = 'lg_b' \gset
SELECT lives_ok(format($$WITH r AS (INSERT INTO service_affair.recusal VALUES ('lg_b-1', %s))
                         UPDATE service_affair.inspector SET department = 'lg_b' WHERE id = 'lg_a-2'$$, :t2),
                'a recusal of another inspector written in a WITH beside a move: allowed');
INSERT INTO recusal VALUES ('lg_b-1', :t3);
SELECT lives_ok(format($$WITH r AS (DELETE FROM service_affair.recusal WHERE inspector = 'lg_b-1' AND target = %s RETURNING inspector)
                         UPDATE service_affair.inspector SET department = 'lg_a' WHERE id = 'lg_a-1' AND EXISTS (SELECT FROM r)$$, :t3),
                'a recusal of another inspector deleted in a WITH that the move reads (the delete first): allowed');
SELECT results_eq(format($$SELECT ledger, kind, payload->>'inspector', (payload->>'target')::bigint, payload->>'op'
                             FROM inspection_log WHERE kind LIKE 'recusal%%'
                              AND ((ledger = 'lg_a' AND seq > %s) OR (ledger = 'lg_b' AND seq > %s))
                            ORDER BY ledger, payload->>'inspector', seq$$, :a_seq, :b_seq),
                  format($$VALUES ('lg_a'::text, 'recusal'::text, 'lg_a-1'::text, %s::bigint, 'transfer'::text),
                                  ('lg_a', 'recusal_withdrawn', 'lg_a-2', %s, 'transfer'),
                                  ('lg_b', 'recusal_withdrawn', 'lg_a-1', %s, 'transfer'),
                                  ('lg_b', 'recusal', 'lg_a-2', %s, 'transfer'),
                                  ('lg_b', 'recusal', 'lg_b-1', %s, 'insert'),
                                  ('lg_b', 'recusal', 'lg_b-1', %s, 'insert'),
                                  ('lg_b', 'recusal_withdrawn', 'lg_b-1', %s, 'delete')$$,
                         :t2, :t1, :t2, :t1, :t2, :t3, :t3),
                  'the movers'' recusals transferred, the other inspector''s written and withdrawn in its own ledger');
SELECT results_eq(format($$SELECT (SELECT count(*) FROM unlogged_inspection_facts() WHERE inspector IN ('lg_a-1', 'lg_a-2', 'lg_b-1')),
                                 (SELECT string_agg(id || ':' || department, ',' ORDER BY id) FROM inspector WHERE id IN ('lg_a-1', 'lg_a-2')),
                                 (SELECT count(*) FROM recusal WHERE inspector = 'lg_b-1' AND target IN (%s, %s))$$, :t2, :t3),
                  $$VALUES (0::bigint, 'lg_a-1:lg_a,lg_a-2:lg_b'::text, 1::bigint)$$,
                  'after them the two moved, the recusal written stands, the deleted one is gone, and every recusal of the three stands where its latest entry says');
SELECT throws_ok(format($$WITH r AS (UPDATE service_affair.recusal SET inspector = 'lg_b-1' WHERE inspector = 'lg_a-2' AND target = %s)
                          UPDATE service_affair.inspector SET department = 'lg_a' WHERE id = 'lg_b-1'$$, :t1),
                 '55000', 'an inspector moved to another department and its recusals written or deleted in one statement',
                 'a recusal changed to name an inspector moved in the same WITH: 55000 (both inspectors of the row are marked)');
ROLLBACK TO SAVEPOINT other_inspector;

-- ---- an entry whose inspector or target is gone: refused, not lost ------------------
INSERT INTO recusal VALUES ('lg_a-3', :t3), ('lg_a-2', :t5);
SELECT count(*) AS entries_before FROM inspection_log \gset
SELECT throws_ok($$WITH r AS (DELETE FROM service_affair.recusal WHERE inspector = 'lg_a-3')
                   DELETE FROM service_affair.inspector WHERE id = 'lg_a-3'$$,
                 '23503', 'inspector lg_a-3 of a recusal_withdrawn entry does not exist',
                 'a recusal deleted in one statement with its inspector: 23503 naming the key (the entry would have no ledger)');
SELECT throws_ok(format($$WITH r AS (DELETE FROM service_affair.recusal WHERE target = %s)
                          DELETE FROM service_affair.target WHERE id = %s$$, :t5, :t5),
                 '23503', format('target %s of a recusal_withdrawn entry does not exist', :t5),
                 'a recusal deleted in one statement with its target: 23503 naming the key');
SELECT results_eq(format($$SELECT (SELECT count(*) FROM inspection_log), (SELECT count(*) FROM recusal WHERE (inspector, target) IN (('lg_a-3', %s), ('lg_a-2', %s))),
                                 (SELECT count(*) FROM inspector WHERE id = 'lg_a-3'), (SELECT count(*) FROM target WHERE id = %s)$$, :t3, :t5, :t5),
                  format($$VALUES (%s::bigint, 2::bigint, 1::bigint, 1::bigint)$$, :entries_before),
                  'nothing of the refused statements is left: the recusals, the inspector, the target and the log as they were');
DELETE FROM recusal WHERE inspector = 'lg_a-3';
DELETE FROM inspector WHERE id = 'lg_a-3';
SELECT results_eq($$SELECT ledger, kind, payload->>'op' FROM inspection_log ORDER BY at DESC, seq DESC LIMIT 1$$,
                  $$VALUES ('lg_a'::text, 'recusal_withdrawn'::text, 'delete'::text)$$,
                  'the recusals deleted first, then the inspector: the withdrawal is logged');

-- ---- TRUNCATE of target: every mark an entry ----------------------------------------
UPDATE target SET deregistered_on = DATE '2030-05-01' WHERE id = :t3;
UPDATE target SET deregistered_on = DATE '2030-05-02' WHERE id = :t4;
SELECT has_trigger('service_affair', 'target', 'target_truncate_lock', 'target: a trigger before TRUNCATE takes the writers'' lock');
SELECT count(*) AS dir_before FROM inspection_log WHERE ledger = 'directory' \gset
SELECT (SELECT uscc FROM target WHERE id = :t3) AS u3, (SELECT uscc FROM target WHERE id = :t4) AS u4 \gset
SAVEPOINT before_truncate;
-- the owner switches the results' guards off (TRUNCATE target cascades to them)
ALTER TABLE inspection_result DISABLE TRIGGER USER;
ALTER TABLE result_publication DISABLE TRIGGER USER;
SET SESSION AUTHORIZATION lg_adm;
SELECT throws_ok($$TRUNCATE service_affair.target CASCADE$$, '42501', NULL,
                 'an administrator does not truncate targets (no TRUNCATE privilege)');
RESET SESSION AUTHORIZATION;
SET LOCAL client_min_messages = warning;
TRUNCATE target CASCADE;
RESET client_min_messages;
SELECT results_eq(format($$SELECT (payload->>'target')::bigint, payload->>'uscc', payload->>'op', payload->>'before', payload->>'after', payload->>'login'
                             FROM inspection_log WHERE ledger = 'directory' AND seq > %s ORDER BY seq$$, :dir_before),
                  format($$VALUES (%s::bigint, %L::text, 'truncate'::text, '2030-05-01'::text, NULL::text, %L::text),
                                  (%s, %L, 'truncate', '2030-05-02', NULL, %L)$$,
                         :t3, :'u3', session_user, :t4, :'u4', session_user),
                  'a TRUNCATE of target: an entry deregistration (op truncate, after null) for every marked target');
SELECT results_eq($$SELECT ledger, payload->>'inspector', payload->>'op' FROM inspection_log
                     WHERE kind = 'recusal_withdrawn' AND payload->>'op' = 'truncate' ORDER BY ledger, seq$$,
                  $$VALUES ('lg_a'::text, 'lg_a-2'::text, 'truncate'::text), ('lg_a', 'lg_a-2', 'truncate'), ('lg_b', 'lg_a-1', 'truncate')$$,
                  'and the recusals it cascades to are withdrawn, each in its ledger');
SELECT results_eq($$SELECT bool_and(ok) FROM verify_log()$$, $$VALUES (true)$$, 'every ledger verifies after it');
ROLLBACK TO SAVEPOINT before_truncate;

-- ---- unlogged_inspection_facts(): written past the triggers ------------------------
SELECT is((SELECT count(*) FROM unlogged_inspection_facts()), 0::bigint,
          'unlogged_inspection_facts(): after the moves, every recusal and mark standing has its entry where it stands, and none stands without');
ALTER TABLE recusal DISABLE TRIGGER recusal_log;
INSERT INTO recusal VALUES ('lg_b-1', :t4);           -- as a 0.1.0 recusal: no entry
DELETE FROM recusal WHERE inspector = 'lg_a-2' AND target = :t1;  -- gone, its entry says it stands
ALTER TABLE recusal ENABLE TRIGGER recusal_log;
ALTER TABLE target DISABLE TRIGGER target_deregistration_log;
UPDATE target SET deregistered_on = DATE '2030-06-01' WHERE id = :t3;  -- moved, the log says 2030-05-01
UPDATE target SET deregistered_on = NULL WHERE id = :t4;               -- cleared, the log says 2030-05-02
UPDATE target SET deregistered_on = DATE '2030-06-02' WHERE id = :t2;  -- set, no entry
ALTER TABLE target ENABLE TRIGGER target_deregistration_log;
SELECT results_eq($$SELECT fact, stands, ledger, inspector, target, deregistered_on, last_kind, last_op FROM unlogged_inspection_facts()$$,
                  format($$VALUES ('deregistration'::text, true, 'directory'::text, NULL::text, %s::bigint, DATE '2030-06-02', NULL::text, NULL::text),
                                  ('deregistration', true, 'directory', NULL, %s, DATE '2030-06-01', 'deregistration', 'update'),
                                  ('deregistration', false, 'directory', NULL, %s, DATE '2030-05-02', 'deregistration', 'update'),
                                  ('recusal', false, 'lg_a', 'lg_a-2', %s, NULL, 'recusal', 'insert'),
                                  ('recusal', true, 'lg_b', 'lg_b-1', %s, NULL, NULL, NULL)$$,
                         :t2, :t3, :t4, :t1, :t4),
                  'unlogged_inspection_facts(): each recusal and mark written past the log, standing without its entry or gone with it standing');
SELECT results_eq($$SELECT last_seq IS NULL FROM unlogged_inspection_facts() WHERE fact = 'recusal' AND stands$$,
                  $$VALUES (true)$$, 'a recusal with no entry at all (as one standing since 0.1.0): last_seq null');
-- written again: its entry now
DELETE FROM recusal WHERE inspector = 'lg_b-1' AND target = :t4;
INSERT INTO recusal VALUES ('lg_b-1', :t4);
SELECT is((SELECT count(*) FROM unlogged_inspection_facts() WHERE fact = 'recusal' AND stands), 0::bigint,
          'the recusal withdrawn and written again: its entry stands');

-- ---- the move and the recusals in separate statements of one function: not refused --
-- (the marks of the refusal above are cleared before each statement's first row)
INSERT INTO inspector (id, name, department) VALUES ('lg_a-5', 'five', 'lg_a');
INSERT INTO recusal VALUES ('lg_a-5', :t2);
SELECT lives_ok(format($q$DO $d$ BEGIN
                             UPDATE service_affair.inspector SET department = 'lg_b' WHERE id = 'lg_a-5';
                             DELETE FROM service_affair.recusal WHERE inspector = 'lg_a-5' AND target = %s;
                         END $d$$q$, :t2),
                'an inspector moved, then its recusal deleted by the next statement of one DO block: not refused');
SELECT results_eq($$SELECT ledger, kind, payload->>'op' FROM inspection_log WHERE payload->>'inspector' = 'lg_a-5' ORDER BY ledger, seq$$,
                  $$VALUES ('lg_a'::text, 'recusal'::text, 'insert'::text), ('lg_a', 'recusal_withdrawn', 'transfer'),
                           ('lg_b', 'recusal', 'transfer'), ('lg_b', 'recusal_withdrawn', 'delete')$$,
                  'and logged where it stood: withdrawn (transfer) in the former ledger, written and withdrawn in the new one');

-- ---- the functions are internal, and refuse other tables ----------------------------
SELECT ok(NOT has_function_privilege('public', 'service_affair.insp_log_recusal_transfer()', 'EXECUTE')
          AND NOT has_function_privilege('public', 'service_affair.unlogged_inspection_facts()', 'EXECUTE')
          AND has_function_privilege('service_affair_admin', 'service_affair.unlogged_inspection_facts()', 'EXECUTE'),
          'no PUBLIC EXECUTE; administrators run unlogged_inspection_facts()');
CREATE TEMP TABLE lg_other (department text);
CREATE TRIGGER lg_other_t AFTER UPDATE ON lg_other FOR EACH ROW EXECUTE FUNCTION service_affair.insp_log_recusal_transfer();
INSERT INTO lg_other VALUES ('x');
SELECT throws_ok($$UPDATE lg_other SET department = 'y'$$, '39P01', NULL,
                 'insp_log_recusal_transfer() on another table: 39P01');

SELECT * FROM finish();
ROLLBACK;
