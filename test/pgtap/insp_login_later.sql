-- The login of an inspector (inspector.login) after it was linked: the
-- trigger inspector_login_check sees the link when it is written, not what
-- changes in the roles afterwards, nor what a restore writes.  Until
-- 2026-12-05 a role dropped and created again under the name, a GRANT
-- service_affair_admin, a staff row deleted, a row restored with another
-- cluster's link: the login stayed linked and recorded results as the
-- inspector; and a member of service_affair_admin through a NOINHERIT role
-- (an administrator after SET ROLE) was linked (a review).  record_result()
-- asks the link again at each use (the role's OID, inspector.login_oid, and
-- inspector_login_problem()): 42501, or on behalf for an administrator.
SET search_path = service_affair, public;
BEGIN;
SELECT plan(27);

\ir uscc17.inc
CREATE FUNCTION pg_temp.err_detail(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE st text; d text;
BEGIN
    EXECUTE q;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, d = PG_EXCEPTION_DETAIL;
    RETURN st || ' ' || COALESCE(d, '');
END
$$;
GRANT EXECUTE ON FUNCTION pg_temp.err_detail(text) TO PUBLIC;

SELECT create_roles();
INSERT INTO department (code, name) VALUES ('ll_a', '甲'), ('ll_b', '乙');
INSERT INTO target (uscc, name, region, industry, risk)
SELECT pg_temp.uscc17('91440300' || lpad((900 + i)::text, 9, '0')), 'll ' || i, '440301', 'I', 'D'
  FROM generate_series(1, 30) i;
INSERT INTO inspector (id, name, department) VALUES ('ll_a-1', 'one', 'll_a'), ('ll_a-2', 'two', 'll_a'), ('ll_a-3', 'three', 'll_a');
SELECT create_plan('ll plan', ARRAY['ll_a', 'll_b'], ARRAY[0, 0, 0, 1], sha256('ll seed'), 2) AS pid \gset
SELECT draw(:pid, 'll seed') AS did \gset
-- the targets whose drawn team has ll_a-1, in rank order: one a scenario
CREATE TEMP TABLE on_team AS
SELECT row_number() OVER (ORDER BY rank) AS n, target FROM draw_selection WHERE draw_id = :did AND 'll_a-1' = ANY (inspectors);
GRANT SELECT ON on_team TO PUBLIC;
SELECT ok((SELECT count(*) FROM on_team) >= 8, 'll_a-1 is on eight teams at least');
SELECT target AS t1 FROM on_team WHERE n = 1 \gset
SELECT target AS t2 FROM on_team WHERE n = 2 \gset
SELECT target AS t3 FROM on_team WHERE n = 3 \gset
SELECT target AS t4 FROM on_team WHERE n = 4 \gset
SELECT target AS t5 FROM on_team WHERE n = 5 \gset
SELECT target AS t6 FROM on_team WHERE n = 6 \gset
SELECT target AS t7 FROM on_team WHERE n = 7 \gset
SELECT target AS t8 FROM on_team WHERE n = 8 \gset

CREATE ROLE ll_one LOGIN IN ROLE service_affair_inspector;
INSERT INTO staff (login, department) VALUES ('ll_one', 'll_a'), ('ll_one', 'll_b');
UPDATE inspector SET login = 'll_one' WHERE id = 'll_a-1';
SELECT is((SELECT login_oid FROM inspector WHERE id = 'll_a-1'), 'll_one'::regrole::oid,
          'the link records the OID of its role (login_oid)');
SET ROLE ll_one;
SELECT lives_ok(format($$SELECT service_affair.record_result(%s, %s, 'pass', NULL, '2026-11-02 10:00+08')$$, :did, :t1),
                'the linked login records for its team');
RESET ROLE;

-- ---- a role dropped and created again under the name is another role ------------
DROP ROLE ll_one;
CREATE ROLE ll_one LOGIN IN ROLE service_affair_inspector;  -- its staff rows are still there, by name
SELECT is(inspector_login_problem('ll_one', 'll_a'), NULL, 'by its name the new role is a fine login');
SET ROLE ll_one;
SELECT is(pg_temp.err_detail(format($$SELECT service_affair.record_result(%s, %s, 'pass', NULL, '2026-11-02 10:00+08')$$, :did, :t2)),
          '42501 The link of inspector ll_a-1 to role ll_one no longer holds: the role is not the one linked (dropped and created again, or restored into another cluster, since).',
          'a role dropped and created again under the linked name records nothing: 42501 (recorded as the inspector before)');
RESET ROLE;
SELECT is((SELECT count(*) FROM inspection_result WHERE draw_id = :did AND target = :t2), 0::bigint, 'and left no result');
-- an update that writes the link unchanged (to deactivate, say) keeps its OID
UPDATE inspector SET login = login, department = department, active = true WHERE id = 'll_a-1';
SELECT isnt((SELECT login_oid FROM inspector WHERE id = 'll_a-1'), 'll_one'::regrole::oid,
            'the link written unchanged is not checked again and keeps the old OID');
UPDATE inspector SET login_oid = 42 WHERE id = 'll_a-1';
SELECT is((SELECT login_oid FROM inspector WHERE id = 'll_a-1'), 'll_one'::regrole::oid,
          'a value written to login_oid checks the link again and takes the OID of the role, not the value');
SET ROLE ll_one;
SELECT lives_ok(format($$SELECT service_affair.record_result(%s, %s, 'pass', NULL, '2026-11-02 10:00+08')$$, :did, :t2),
                'linked again, the new role records');
RESET ROLE;

-- ---- GRANT service_affair_admin after the link: an administrator, not the inspector ----
GRANT service_affair_admin TO ll_one;
SET ROLE ll_one;
SELECT lives_ok(format($$SELECT service_affair.record_result(%s, %s, 'pass', NULL, '2026-11-02 10:00+08')$$, :did, :t3),
                'a login granted service_affair_admin after its link records');
RESET ROLE;
SELECT is((SELECT (payload->'inspector')::text || ' ' || (payload->>'on_behalf') FROM inspection_log
            WHERE ledger = 'll_a' AND kind = 'result' AND payload->>'draw' = :'did' AND payload->>'target' = :'t3'),
          'null true', 'but on behalf of the team, not as the inspector drawn (as ll_a-1 before)');
REVOKE service_affair_admin FROM ll_one;

-- ---- a member of service_affair_admin through a NOINHERIT role ---------------------------
-- it holds no privilege of the administrators until SET ROLE, so is_admin()
-- let it be linked: it drew the teams after SET ROLE service_affair_admin,
-- and recorded as the inspector drawn after RESET ROLE
CREATE ROLE ll_gate NOINHERIT IN ROLE service_affair_admin;
GRANT ll_gate TO ll_one;
SELECT is(inspector_login_problem('ll_one', 'll_a'), 'administrator',
          'a member of service_affair_admin through a NOINHERIT role is an administrator to the link (NULL before)');
SELECT throws_ok($$UPDATE inspector SET login = 'll_one', login_oid = NULL WHERE id = 'll_a-1'$$, '22023',
                 'role ll_one cannot be the login of an inspector', 'and is refused as a login: 22023 (linked before)');
SET ROLE ll_one;
SELECT is(acts_as('admin'), false, 'it does not act as an administrator without SET ROLE');
SELECT is(pg_temp.err_detail(format($$SELECT service_affair.record_result(%s, %s, 'pass', NULL, '2026-11-02 10:00+08')$$, :did, :t4)),
          '42501 The link of inspector ll_a-1 to role ll_one no longer holds: the role is a member of service_affair_admin.',
          'made such a member after its link, it records nothing as the inspector: 42501');
RESET ROLE;
REVOKE ll_gate FROM ll_one;
CREATE ROLE ll_root NOINHERIT SUPERUSER;
GRANT ll_root TO ll_one;
SELECT is(inspector_login_problem('ll_one', 'll_a'), 'superuser',
          'a member of a superuser role (who may SET ROLE to it) is a superuser to the link (NULL before)');
REVOKE ll_root FROM ll_one;
DROP ROLE ll_root;

-- ---- a staff row deleted after the link ----------------------------------------
DELETE FROM staff WHERE login = 'll_one' AND department = 'll_a';
SET ROLE ll_one;
SELECT is(pg_temp.err_detail(format($$SELECT service_affair.record_result(%s, %s, 'pass', NULL, '2026-11-02 10:00+08')$$, :did, :t4)),
          '42501 The link of inspector ll_a-1 to role ll_one no longer holds: the role has no staff row for department ll_a.',
          'a login whose staff row for the inspector''s department is gone records nothing: 42501 (its staff row for ll_b passed the plan''s check before)');
RESET ROLE;
INSERT INTO staff (login, department) VALUES ('ll_one', 'll_a');
SET ROLE ll_one;
SELECT lives_ok(format($$SELECT service_affair.record_result(%s, %s, 'pass', NULL, '2026-11-02 10:00+08')$$, :did, :t4),
                'its staff row back, it records');
RESET ROLE;

-- ---- a restore: the trigger does not check what a restore writes -----------------
-- (restoring(): search_path '', check_function_bodies off, a superuser, as
-- pg_restore and pg_dump's script set them); a row of another cluster keeps
-- that cluster's OID, and record_result() refuses it
UPDATE inspector SET login = NULL WHERE id = 'll_a-1';
SELECT is((SELECT login_oid FROM inspector WHERE id = 'll_a-1'), NULL, 'unlinked, login_oid is NULL');
DELETE FROM inspector WHERE id = 'll_a-1';
SET search_path = '';
SET check_function_bodies = off;
INSERT INTO service_affair.inspector (id, name, department, active, login, login_oid)
VALUES ('ll_a-1', 'one', 'll_a', true, 'll_one', 1);
RESET check_function_bodies;
SET search_path = service_affair, public;
SELECT is((SELECT login_oid FROM inspector WHERE id = 'll_a-1'), 1::oid, 'a restore writes login_oid as dumped: the trigger does not fire');
SET ROLE ll_one;
SELECT is(pg_temp.err_detail(format($$SELECT service_affair.record_result(%s, %s, 'pass', NULL, '2026-11-02 10:00+08')$$, :did, :t5)),
          '42501 The link of inspector ll_a-1 to role ll_one no longer holds: the role is not the one linked (dropped and created again, or restored into another cluster, since).',
          'a link restored from another cluster records nothing until it is written again: 42501');
RESET ROLE;
-- doc/inspection.md: after a restore into another cluster, every link checked again in one statement
UPDATE inspector SET login_oid = NULL WHERE login IS NOT NULL;
SELECT is((SELECT login_oid FROM inspector WHERE id = 'll_a-1'), 'll_one'::regrole::oid, 'SET login_oid = NULL checks the link and takes the OID');
SET ROLE ll_one;
SELECT lives_ok(format($$SELECT service_affair.record_result(%s, %s, 'pass', NULL, '2026-11-02 10:00+08')$$, :did, :t5),
                'and the login records again');
RESET ROLE;
DELETE FROM staff WHERE login = 'll_one' AND department = 'll_a';
SELECT throws_ok($$UPDATE inspector SET login_oid = NULL WHERE login IS NOT NULL$$, '23503', NULL,
                 'the statement refuses a link whose role no longer works for the department: 23503');
INSERT INTO staff (login, department) VALUES ('ll_one', 'll_a');

-- ---- deactivated, or recused, during the call ----------------------------------------
-- (the lock: test/isolation/specs/insp_recusal_race.spec)
INSERT INTO recusal (inspector, target) VALUES ('ll_a-1', :t6);
SET ROLE ll_one;
SELECT throws_ok(format($$SELECT service_affair.record_result(%s, %s, 'pass', NULL, '2026-11-02 10:00+08')$$, :did, :t6), '42501', NULL,
                 'recused after the draw: 42501');
SELECT lives_ok(format($$SELECT service_affair.record_result(%s, %s, 'pass', NULL, '2026-11-02 10:00+08')$$, :did, :t7),
                'not recused for another target: records');
RESET ROLE;
SELECT is((SELECT array_agg(target ORDER BY target) FROM inspection_result WHERE draw_id = :did AND recorded_by = 'll_one'),
          (SELECT array_agg(t ORDER BY t) FROM unnest(ARRAY[:t1, :t2, :t3, :t4, :t5, :t7]::bigint[]) t),
          'the results recorded are those the test says recorded');

SELECT * FROM finish();
ROLLBACK;
