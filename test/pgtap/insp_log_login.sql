-- The login behind the actor in the inspections' records.  record_result()
-- decides by actor(), the role acted as: a login allowed to SET ROLE to a
-- linked inspector's role acts as that inspector (kept).  Until 2026-12-06
-- its log entry named that actor only: an administrator who SET ROLE to an
-- inspector's role recorded a result the log showed as the inspector's,
-- with no trace of who was logged in (a review).  Now the entries of
-- plans, draws, results and publications name login (session_user) beside
-- actor, hashed with the rest of the payload; entries written without it
-- (0.1.0, before the change) still verify.  revoke_deregistration() records
-- revoked_login beside revoked_by.
SET search_path = service_affair, public;
BEGIN;
SELECT plan(15);
SET CONSTRAINTS service_affair.target_pack_flush IMMEDIATE;

\ir uscc17.inc

SELECT create_roles();
INSERT INTO department (code, name) VALUES ('lg_a', '甲');
INSERT INTO target (uscc, name, region, industry, risk)
SELECT pg_temp.uscc17('91440300' || lpad((700 + i)::text, 9, '0')), 'lg ' || i, '440301', 'I', 'D'
  FROM generate_series(1, 12) i;
INSERT INTO inspector (id, name, department) VALUES ('lg_a-1', 'one', 'lg_a'), ('lg_a-2', 'two', 'lg_a'), ('lg_a-3', 'three', 'lg_a');

-- an entry as the former code wrote it, before the first of this file: no login
SELECT log_append('lg_a', 'result', '{"plan": 0, "draw": 0, "target": 0, "outcome": "pass", "actor": "someone", "inspector": null, "on_behalf": true}') AS pre_seq \gset

-- the inspector's role, linked; an administrator's login that may SET ROLE
-- to it and to a second administrators' role (no LOGIN), as one
-- application login behind personal roles (doc/deployment.md)
CREATE ROLE lg_insp NOLOGIN IN ROLE service_affair_inspector;
INSERT INTO staff (login, department) VALUES ('lg_insp', 'lg_a');
UPDATE inspector SET login = 'lg_insp' WHERE id = 'lg_a-1';
CREATE ROLE lg_boss NOLOGIN IN ROLE service_affair_admin;
CREATE ROLE lg_adm LOGIN IN ROLE service_affair_admin;
GRANT lg_insp, lg_boss TO lg_adm;

-- ---- a plan and a draw, by lg_boss from the login lg_adm ----------------------------
SET SESSION AUTHORIZATION lg_adm;
SET ROLE lg_boss;
SELECT service_affair.create_plan('lg plan', ARRAY['lg_a'], ARRAY[0, 0, 0, 1], pg_catalog.sha256('lg seed'), 2) AS pid \gset
SELECT service_affair.draw(:pid, 'lg seed') AS did \gset
RESET ROLE;
RESET SESSION AUTHORIZATION;
SELECT results_eq(format($$SELECT kind, payload->>'actor', payload->>'login' FROM inspection_log
                            WHERE ledger = 'lg_a' AND kind IN ('plan', 'draw') AND (payload->>'plan')::bigint = %s ORDER BY seq$$, :pid),
                  $$VALUES ('plan'::text, 'lg_boss'::text, 'lg_adm'::text), ('draw', 'lg_boss', 'lg_adm')$$,
                  'the plan and draw entries name the role acted as (lg_boss) and the login behind it (lg_adm)');

-- the targets whose team is lg_a-1, and one whose team is not
SELECT target AS t1 FROM draw_selection WHERE draw_id = :did AND 'lg_a-1' = ANY (inspectors) ORDER BY rank LIMIT 1 \gset
SELECT target AS t2 FROM draw_selection WHERE draw_id = :did AND 'lg_a-1' = ANY (inspectors) ORDER BY rank OFFSET 1 LIMIT 1 \gset
SELECT target AS t3 FROM draw_selection WHERE draw_id = :did AND NOT 'lg_a-1' = ANY (inspectors) ORDER BY rank LIMIT 1 \gset

-- ---- the administrator's login, SET ROLE to the inspector's role --------------------
SET SESSION AUTHORIZATION lg_adm;
SET ROLE lg_insp;
SELECT service_affair.record_result(:did, :t1, 'pass', NULL, pg_catalog.clock_timestamp()) AS r \gset
RESET ROLE;
-- the administrator's login as itself: on behalf of the team
SELECT service_affair.record_result(:did, :t3, 'pass', NULL, pg_catalog.clock_timestamp()) AS r \gset
RESET SESSION AUTHORIZATION;
-- the inspector's role in a session whose login is a superuser (SET ROLE)
SET ROLE lg_insp;
SELECT service_affair.record_result(:did, :t2, 'pass', NULL, pg_catalog.clock_timestamp()) AS r \gset
RESET ROLE;

SELECT is((SELECT recorded_by FROM inspection_result WHERE draw_id = :did AND target = :t1), 'lg_insp'::name,
          'the result is recorded as the inspector''s (actor(): the decision is kept)');
SELECT results_eq(format($$SELECT payload->>'actor', payload->>'login', payload->>'inspector', payload->>'on_behalf'
                             FROM inspection_log WHERE ledger = 'lg_a' AND kind = 'result' AND payload->>'draw' = %L
                              AND payload->>'target' = %L$$, :did, :t1),
                  $$VALUES ('lg_insp'::text, 'lg_adm'::text, 'lg_a-1'::text, 'false'::text)$$,
                  'its log entry: actor lg_insp, the inspector lg_a-1, not on behalf, and the login lg_adm behind it (no login before)');
SELECT results_eq(format($$SELECT payload->>'actor', payload->>'login', payload->>'on_behalf'
                             FROM inspection_log WHERE ledger = 'lg_a' AND kind = 'result' AND payload->>'draw' = %L
                              AND payload->>'target' = %L$$, :did, :t3),
                  $$VALUES ('lg_adm'::text, 'lg_adm'::text, 'true'::text)$$,
                  'the administrator as itself: actor and login lg_adm, on behalf of the team');
SELECT results_eq(format($$SELECT payload->>'actor', payload->>'login' FROM inspection_log
                            WHERE ledger = 'lg_a' AND kind = 'result' AND payload->>'draw' = %L AND payload->>'target' = %L$$, :did, :t2),
                  format($$VALUES ('lg_insp'::text, %L::text)$$, session_user),
                  'a superuser''s session SET ROLE to the inspector: the superuser''s login beside the inspector''s role');
SELECT is((SELECT jsonb_typeof(payload->'login') FROM inspection_log
            WHERE ledger = 'lg_a' AND kind = 'result' AND payload->>'target' = :'t1'), 'string',
          'login is a JSON string');

-- ---- a publication, by lg_boss from the login lg_adm ---------------------------------
SET SESSION AUTHORIZATION lg_adm;
SET ROLE lg_boss;
SELECT service_affair.publish_results(:did, pg_catalog.clock_timestamp()) AS n \gset
RESET ROLE;
RESET SESSION AUTHORIZATION;
SELECT results_eq(format($$SELECT payload->>'count', payload->>'actor', payload->>'login' FROM inspection_log
                            WHERE ledger = 'lg_a' AND kind = 'publication' AND payload->>'draw' = %L$$, :did),
                  $$VALUES ('3'::text, 'lg_boss'::text, 'lg_adm'::text)$$,
                  'the publication entry: actor lg_boss, login lg_adm');

-- ---- the chain: entries written before still verify, the hash covers the login ----
SELECT is((SELECT count(*) FROM inspection_log WHERE ledger = 'lg_a' AND NOT payload ? 'login'), 1::bigint,
          'the entry written before has no login');
SELECT results_eq($$SELECT entries, ok, first_bad_seq FROM verify_log('lg_a')$$,
                  $$VALUES (7::bigint, true, NULL::bigint)$$,
                  'verify_log: the chain, its entry without a login and those with one, verifies');
SELECT is((SELECT count(*) FROM inspection_log l JOIN ledger g ON g.name = l.ledger
            WHERE l.ledger = 'lg_a' AND l.hash = log_entry_hash(g.algorithm, l.ledger, l.seq, l.at, l.kind, l.payload, l.prev_hash)),
          7::bigint, 'each entry hashes to its stored hash, login and all');
ALTER TABLE inspection_log DISABLE TRIGGER inspection_log_append_only;
SAVEPOINT t;
UPDATE inspection_log SET payload = jsonb_set(payload, '{login}', '"lg_insp"')
 WHERE ledger = 'lg_a' AND kind = 'result' AND payload->>'target' = :'t1';
SELECT results_eq($$SELECT ok, first_bad_seq FROM verify_log('lg_a')$$,
                  format($$VALUES (false, %s::bigint)$$,
                         (SELECT seq FROM inspection_log WHERE ledger = 'lg_a' AND kind = 'result' AND payload->>'target' = :'t1')),
                  'the login rewritten (the administrator hidden): that entry is bad');
ROLLBACK TO t;
UPDATE inspection_log SET payload = payload - 'login'
 WHERE ledger = 'lg_a' AND kind = 'result' AND payload->>'target' = :'t1';
SELECT results_eq($$SELECT ok, first_bad_seq FROM verify_log('lg_a')$$,
                  format($$VALUES (false, %s::bigint)$$,
                         (SELECT seq FROM inspection_log WHERE ledger = 'lg_a' AND kind = 'result' AND payload->>'target' = :'t1')),
                  'the login removed: that entry is bad');
ROLLBACK TO t;
ALTER TABLE inspection_log ENABLE TRIGGER inspection_log_append_only;

-- ---- revoke_deregistration(): revoked_login beside revoked_by --------------------
INSERT INTO target (uscc, name, region, industry, risk, deregistered_on)
VALUES (pg_temp.uscc17('91440300000000799'), 'lg late', 'XX', 'I', 'D', service_affair.local_day(now()));
SET SESSION AUTHORIZATION lg_adm;
SET ROLE lg_boss;
SELECT service_affair.revoke_deregistration((SELECT id FROM service_affair.target WHERE name = 'lg late'), 'annulled, decision 9') AS outs \gset
RESET ROLE;
RESET SESSION AUTHORIZATION;
SELECT results_eq($$SELECT revoked_by, revoked_login FROM target_deregistration_revoked r JOIN target t ON t.id = r.target
                     WHERE t.name = 'lg late'$$,
                  $$VALUES ('lg_boss'::text, 'lg_adm'::text)$$,
                  'the revocation records the actor lg_boss and the login lg_adm behind it');
SELECT col_not_null('service_affair', 'target_deregistration_revoked', 'revoked_login', 'revoked_login is NOT NULL');

-- ---- the documented query (doc/inspection.md) ------------------------------------
SELECT results_eq(format($$SELECT l.payload->>'actor' AS actor, l.payload->>'login' AS login
                             FROM service_affair.inspection_log l
                            WHERE l.kind = 'result' AND l.payload->>'actor' IS DISTINCT FROM l.payload->>'login'
                              AND l.ledger = 'lg_a' AND l.payload->>'draw' = %L ORDER BY l.seq$$, :did),
                  format($$VALUES ('lg_insp'::text, 'lg_adm'::text), ('lg_insp', %L)$$, session_user),
                  'results entered by a login acting as another role: the two results recorded under SET ROLE');

SELECT * FROM finish();
ROLLBACK;
