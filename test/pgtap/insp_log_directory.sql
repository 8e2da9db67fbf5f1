-- Recusals and deregistration marks in the inspection log (76_directory_log.sql).
-- A recusal decides which inspector may be drawn for a target and record
-- its result; a deregistration mark whether a draw counts the target.
-- Until 2026-12-06 an administrator wrote both with plain INSERT, UPDATE,
-- DELETE (and TRUNCATE) and the hash-chained log said nothing of it: who
-- recused whom, or marked a business out of the draws, was nowhere
-- tamper-evident (a review).  Now each write appends an entry naming what
-- was written, the actor (actor()) and the login (session_user): recusal
-- and recusal_withdrawn in the ledger of the inspector's department,
-- deregistration in the ledger directory.  Entries written before still
-- verify.
SET search_path = service_affair, public;
BEGIN;
SELECT plan(24);
SET CONSTRAINTS service_affair.target_pack_flush IMMEDIATE;

\ir uscc17.inc

SELECT create_roles();
INSERT INTO department (code, name) VALUES ('ld_a', '甲'), ('ld_b', '乙');
INSERT INTO target (uscc, name, region, industry, risk)
SELECT pg_temp.uscc17('91440300' || lpad((800 + i)::text, 9, '0')), 'ld ' || i, '440301', 'I', 'D'
  FROM generate_series(1, 6) i;
SELECT id AS t1 FROM target WHERE name = 'ld 1' \gset
SELECT id AS t2 FROM target WHERE name = 'ld 2' \gset
SELECT id AS t3 FROM target WHERE name = 'ld 3' \gset
SELECT id AS t4 FROM target WHERE name = 'ld 4' \gset
INSERT INTO inspector (id, name, department) VALUES ('ld_a-1', 'one', 'ld_a'), ('ld_a-2', 'two', 'ld_a'), ('ld_b-1', 'three', 'ld_b');

-- an entry as the former code wrote it, before the first of this file
SELECT log_append('ld_a', 'result', '{"plan": 0, "draw": 0, "target": 0, "outcome": "pass", "actor": "someone", "inspector": null, "on_behalf": true}') AS pre_seq \gset

-- an administrators' role (no LOGIN) behind an application login
CREATE ROLE ld_boss NOLOGIN IN ROLE service_affair_admin;
CREATE ROLE ld_adm LOGIN IN ROLE service_affair_admin;
GRANT ld_boss TO ld_adm;

-- ---- recusals ---------------------------------------------------------------------
SET SESSION AUTHORIZATION ld_adm;
SET ROLE ld_boss;
INSERT INTO service_affair.recusal (inspector, target) VALUES ('ld_a-1', :t1), ('ld_b-1', :t2);
RESET ROLE;
RESET SESSION AUTHORIZATION;
SELECT results_eq($$SELECT ledger, kind, payload->>'inspector', (payload->>'target')::bigint, payload->>'uscc',
                           payload->>'op', payload->>'actor', payload->>'login'
                      FROM inspection_log WHERE kind LIKE 'recusal%' ORDER BY ledger, seq$$,
                  format($$VALUES ('ld_a'::text, 'recusal'::text, 'ld_a-1'::text, %s::bigint, %L::text, 'insert'::text, 'ld_boss'::text, 'ld_adm'::text),
                                  ('ld_b', 'recusal', 'ld_b-1', %s, %L, 'insert', 'ld_boss', 'ld_adm')$$,
                         :t1, (SELECT uscc FROM target WHERE id = :t1), :t2, (SELECT uscc FROM target WHERE id = :t2)),
                  'a recusal written: an entry recusal in the ledger of the inspector''s department, naming inspector, target, USCC, the actor and the login');
-- the same recusal written again and skipped: nothing
INSERT INTO recusal VALUES ('ld_a-1', :t1) ON CONFLICT DO NOTHING;
SELECT is((SELECT count(*) FROM inspection_log WHERE kind LIKE 'recusal%'), 2::bigint,
          'an insert skipped by ON CONFLICT DO NOTHING writes no entry');

SET SESSION AUTHORIZATION ld_adm;
UPDATE service_affair.recusal SET target = :t3 WHERE inspector = 'ld_a-1' AND target = :t1;
RESET SESSION AUTHORIZATION;
SELECT results_eq($$SELECT kind, (payload->>'target')::bigint, payload->>'op', payload->>'actor', payload->>'login'
                      FROM inspection_log WHERE ledger = 'ld_a' AND kind LIKE 'recusal%' ORDER BY seq OFFSET 1$$,
                  format($$VALUES ('recusal_withdrawn'::text, %s::bigint, 'update'::text, 'ld_adm'::text, 'ld_adm'::text),
                                  ('recusal', %s, 'update', 'ld_adm', 'ld_adm')$$, :t1, :t3),
                  'a recusal changed: the former withdrawn and the new one written, two entries');
UPDATE recusal SET target = target WHERE inspector = 'ld_a-1';
SELECT is((SELECT count(*) FROM inspection_log WHERE kind LIKE 'recusal%'), 4::bigint,
          'an update that changes nothing writes no entry');

SET SESSION AUTHORIZATION ld_adm;
SET ROLE ld_boss;
DELETE FROM service_affair.recusal WHERE inspector = 'ld_a-1';
RESET ROLE;
RESET SESSION AUTHORIZATION;
SELECT results_eq($$SELECT kind, payload->>'inspector', (payload->>'target')::bigint, payload->>'op', payload->>'actor', payload->>'login'
                      FROM inspection_log WHERE ledger = 'ld_a' ORDER BY seq DESC LIMIT 1$$,
                  format($$VALUES ('recusal_withdrawn'::text, 'ld_a-1'::text, %s::bigint, 'delete'::text, 'ld_boss'::text, 'ld_adm'::text)$$, :t3),
                  'a recusal deleted: an entry recusal_withdrawn with the actor and the login');

-- TRUNCATE (the owner's or a superuser's): every row withdrawn
INSERT INTO recusal VALUES ('ld_a-2', :t4);
SELECT count(*) AS before_trunc FROM inspection_log WHERE kind = 'recusal_withdrawn' \gset
TRUNCATE recusal;
SELECT results_eq($$SELECT ledger, payload->>'inspector', (payload->>'target')::bigint, payload->>'op', payload->>'login'
                      FROM inspection_log WHERE kind = 'recusal_withdrawn' AND payload->>'op' = 'truncate' ORDER BY ledger, seq$$,
                  format($$VALUES ('ld_a'::text, 'ld_a-2'::text, %s::bigint, 'truncate'::text, %L::text), ('ld_b', 'ld_b-1', %s, 'truncate', %L)$$,
                         :t4, session_user, :t2, session_user),
                  'a TRUNCATE of recusals: an entry recusal_withdrawn for every row, in its inspector''s ledger');
SELECT is((SELECT count(*) FROM recusal), 0::bigint, 'the TRUNCATE emptied the table');

-- ---- deregistration marks -----------------------------------------------------------
SET SESSION AUTHORIZATION ld_adm;
SET ROLE ld_boss;
UPDATE service_affair.target SET deregistered_on = DATE '2030-01-10' WHERE id = :t1;
RESET ROLE;
RESET SESSION AUTHORIZATION;
SELECT results_eq($$SELECT ledger, kind, payload->>'op', payload->>'before', payload->>'after', payload->>'actor', payload->>'login'
                      FROM inspection_log WHERE ledger = 'directory' ORDER BY seq$$,
                  $$VALUES ('directory'::text, 'deregistration'::text, 'update'::text, NULL::text, '2030-01-10'::text, 'ld_boss'::text, 'ld_adm'::text)$$,
                  'a mark set: an entry deregistration in the ledger directory, the day before (none) and after, the actor and the login');
SELECT results_eq($$SELECT (payload->>'target')::bigint, payload->>'uscc' FROM inspection_log WHERE ledger = 'directory' AND seq = 1$$,
                  format($$VALUES (%s::bigint, %L::text)$$, :t1, (SELECT uscc FROM target WHERE id = :t1)),
                  'it names the target and its USCC');
SELECT is((SELECT department FROM ledger WHERE name = 'directory'), NULL, 'the ledger directory is no department''s');

SET SESSION AUTHORIZATION ld_adm;
UPDATE service_affair.target SET deregistered_on = DATE '2030-02-01' WHERE id = :t1;
UPDATE service_affair.target SET name = 'ld 1 renamed' WHERE id = :t1;
RESET SESSION AUTHORIZATION;
SELECT results_eq($$SELECT payload->>'before', payload->>'after', payload->>'login' FROM inspection_log WHERE ledger = 'directory' ORDER BY seq$$,
                  $$VALUES (NULL::text, '2030-01-10'::text, 'ld_adm'::text), ('2030-01-10', '2030-02-01', 'ld_adm')$$,
                  'a mark moved: an entry, before and after; an update of anything else: none');

-- revoked by revoke_deregistration(): the entry names the revocation
SET SESSION AUTHORIZATION ld_adm;
SET ROLE ld_boss;
SELECT service_affair.revoke_deregistration(:t1, 'annulled, decision 11') AS outs \gset
RESET ROLE;
RESET SESSION AUTHORIZATION;
SELECT results_eq($$SELECT payload->>'before', payload->>'after', (payload->>'revocation')::bigint, payload->>'actor', payload->>'login'
                      FROM inspection_log WHERE ledger = 'directory' ORDER BY seq DESC LIMIT 1$$,
                  format($$VALUES ('2030-02-01'::text, NULL::text, %s::bigint, 'ld_boss'::text, 'ld_adm'::text)$$,
                         (SELECT id FROM target_deregistration_revoked WHERE target = :t1)),
                  'a mark revoked: an entry, after none, naming the revocation record, the actor and the login');

-- cleared by hand (no draw left it out): no revocation named
UPDATE target SET deregistered_on = DATE '2030-03-01' WHERE id = :t2;
UPDATE target SET deregistered_on = NULL WHERE id = :t2;
SELECT results_eq($$SELECT payload->>'before', payload->>'after', payload ? 'revocation' FROM inspection_log WHERE ledger = 'directory' ORDER BY seq DESC LIMIT 1$$,
                  $$VALUES ('2030-03-01'::text, NULL::text, false)$$,
                  'a mark cleared by hand: an entry, after none, no revocation');

-- marked again after its revocation and cleared by hand in the same
-- transaction: the by-hand clearing names no revocation (until 2026-12-06
-- the entry named the earlier revocation of the transaction, whatever mark
-- it had revoked; a review)
UPDATE target SET deregistered_on = DATE '2030-04-01' WHERE id = :t1;
UPDATE target SET deregistered_on = NULL WHERE id = :t1;
SELECT results_eq($$SELECT payload->>'before', payload->>'after', payload ? 'revocation' FROM inspection_log WHERE ledger = 'directory' ORDER BY seq DESC LIMIT 1$$,
                  $$VALUES ('2030-04-01'::text, NULL::text, false)$$,
                  'a mark set again after its revocation and cleared by hand: no revocation named');

-- inserted marked, and one statement of several rows
SET SESSION AUTHORIZATION ld_adm;
INSERT INTO service_affair.target (uscc, name, region, industry, risk, deregistered_on)
VALUES (pg_temp.uscc17('91440300000000891'), 'ld new 1', '440301', 'I', 'C', DATE '2030-04-01'),
       (pg_temp.uscc17('91440300000000892'), 'ld new 2', '440301', 'I', 'C', NULL),
       (pg_temp.uscc17('91440300000000893'), 'ld new 3', '440301', 'I', 'C', DATE '2030-04-02');
RESET SESSION AUTHORIZATION;
SELECT results_eq($$SELECT l.payload->>'op', l.payload->>'before', l.payload->>'after', t.name, l.payload->>'login'
                      FROM inspection_log l JOIN target t ON t.id = (l.payload->>'target')::bigint
                     WHERE l.ledger = 'directory' AND l.payload->>'op' = 'insert' ORDER BY l.seq$$,
                  $$VALUES ('insert'::text, NULL::text, '2030-04-01'::text, 'ld new 1'::text, 'ld_adm'::text),
                           ('insert', NULL, '2030-04-02', 'ld new 3', 'ld_adm')$$,
                  'targets inserted marked: an entry each (none for the one unmarked)');
SELECT is((SELECT count(*) FROM target WHERE name LIKE 'ld new %' AND deregistered_on IS NOT NULL AND deregistered_upto_draw IS NOT NULL),
          2::bigint, 'their deregistered_upto_draw is written as before (target_deregister_settle)');

-- a marked target deleted (no draw left it out): the mark goes with it
SET SESSION AUTHORIZATION ld_adm;
DELETE FROM service_affair.target WHERE name = 'ld new 3';
RESET SESSION AUTHORIZATION;
SELECT results_eq($$SELECT payload->>'op', payload->>'before', payload->>'after', payload->>'actor' FROM inspection_log
                     WHERE ledger = 'directory' ORDER BY seq DESC LIMIT 1$$,
                  $$VALUES ('delete'::text, '2030-04-02'::text, NULL::text, 'ld_adm'::text)$$,
                  'a marked target deleted: an entry, after none');

-- ---- the chain: every entry verifies, entries written before too; the hash covers actor and login ----
SELECT results_eq($$SELECT ledger, ok, first_bad_seq FROM verify_log() WHERE ledger IN ('ld_a', 'ld_b', 'directory') ORDER BY 1$$,
                  $$VALUES ('directory'::text, true, NULL::bigint), ('ld_a', true, NULL), ('ld_b', true, NULL)$$,
                  'verify_log: the ledgers ld_a (with the entry written before), ld_b and directory verify');
SELECT is((SELECT count(*) FROM inspection_log WHERE ledger = 'ld_a' AND NOT payload ? 'login'), 1::bigint,
          'the entry written before has no login, and verifies');
ALTER TABLE inspection_log DISABLE TRIGGER inspection_log_append_only;
SAVEPOINT t;
UPDATE inspection_log SET payload = jsonb_set(payload, '{login}', '"someone_else"')
 WHERE ledger = 'ld_b' AND kind = 'recusal';
SELECT results_eq($$SELECT ok, first_bad_seq FROM verify_log('ld_b')$$,
                  $$VALUES (false, 1::bigint)$$,
                  'the login of a recusal entry rewritten: that entry is bad');
ROLLBACK TO t;
UPDATE inspection_log SET payload = payload - 'actor' WHERE ledger = 'directory' AND seq = 2;
SELECT results_eq($$SELECT ok, first_bad_seq FROM verify_log('directory')$$,
                  $$VALUES (false, 2::bigint)$$,
                  'the actor of a deregistration entry removed: that entry is bad');
ROLLBACK TO t;
ALTER TABLE inspection_log ENABLE TRIGGER inspection_log_append_only;

-- ---- the ledger directory is the marks' only --------------------------------------
SELECT throws_ok($$INSERT INTO department (code, name) VALUES ('directory', 'x')$$, '23514', NULL,
                 'no department may be coded directory (its ledger would be the marks'')');
SELECT throws_ok($$SELECT log_append('directory', 'result', '{}')$$, '23514', NULL,
                 'the ledger directory holds deregistration entries only');
SELECT throws_ok($$SELECT log_append('ld_a', 'deregistration', '{}')$$, '23514', NULL,
                 'and only it holds them');

SELECT * FROM finish();
ROLLBACK;
