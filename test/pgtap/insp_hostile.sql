-- Random inspections as a hostile user: the error of record_result() for an
-- inspector of another department on a plan of 4,096 departments (half a
-- megabyte before the fix), create_plan()'s details cut to 64 characters,
-- and the wrong states and degenerate pools that must fail whole or draw
-- something that verifies: no eligible target, every inspector recused,
-- publication twice, a result after publication, inspectors deactivated and
-- deleted after the draw; only the login of an active inspector on the
-- target's drawn team, not recused for it, records its result; a login is a
-- person's role that works for the inspector's department.
SET search_path = service_affair, public;
BEGIN;
SELECT plan(67);

\ir uscc17.inc
-- SQLSTATE and the length of message and detail of a statement's error
CREATE FUNCTION pg_temp.err(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE st text; m text; d text;
BEGIN
    EXECUTE q;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL;
    RETURN st || ' ' || (pg_catalog.length(m) + COALESCE(pg_catalog.length(d), 0));
END
$$;
GRANT EXECUTE ON FUNCTION pg_temp.err(text) TO PUBLIC;
-- what a failed call could leave behind
CREATE FUNCTION pg_temp.state() RETURNS text LANGUAGE sql AS $$
    SELECT concat_ws('|', (SELECT count(*) FROM service_affair.plan), (SELECT count(*) FROM service_affair.draw),
                     (SELECT count(*) FROM service_affair.inspection_result), (SELECT count(*) FROM service_affair.result_publication),
                     (SELECT count(*) FROM service_affair.inspection_log),
                     (SELECT string_agg(name || ':' || head_seq, ',' ORDER BY name) FROM service_affair.ledger),
                     (SELECT head_draw FROM service_affair.target_team_map))
$$;

SELECT create_roles();
INSERT INTO department (code, name) VALUES ('hx_a', '甲'), ('hx_b', '乙');
INSERT INTO target (uscc, name, region, industry, risk)
SELECT pg_temp.uscc17('91440300' || lpad(i::text, 9, '0')), 'hx ' || i, '440301', 'I', (ARRAY['A','B','C','D'])[1 + i % 4]
  FROM generate_series(1, 40) i;
INSERT INTO inspector (id, name, department)
SELECT d || '-' || i, 'inspector ' || d || i, d FROM unnest(ARRAY['hx_a', 'hx_b']) d, generate_series(1, 3) i;
CREATE ROLE hx_insp_a LOGIN IN ROLE service_affair_inspector;
CREATE ROLE hx_insp_b LOGIN IN ROLE service_affair_inspector;
INSERT INTO staff (login, department) VALUES ('hx_insp_a', 'hx_a'), ('hx_insp_b', 'hx_b');

-- ---- the 42501 of record_result() on a plan of 4,096 departments --------------
INSERT INTO department (code, name) SELECT rpad('hx_' || i, 64, 'z'), 'many' FROM generate_series(1, 4095) i;
SELECT create_plan('hx many', array_prepend('hx_a', (SELECT array_agg(rpad('hx_' || i, 64, 'z') ORDER BY i) FROM generate_series(1, 4095) i)),
                   ARRAY[0, 0, 0, 0.1], sha256('hx many'), 2) AS pmany \gset
SELECT draw(:pmany, 'hx many') AS dmany \gset
SELECT targets[1] AS tmany FROM draw WHERE id = :dmany \gset
SET ROLE hx_insp_b;
SELECT is(pg_temp.err(format($$SELECT service_affair.record_result(%s, %s, 'pass', 'x')$$, :dmany, :tmany)) ~ '^42501 ([0-9]{1,3})$', true,
          'record_result() by an inspector of another department: 42501 with message and detail under 1,000 characters (the 4,096 department codes, 540 kB, before)');
SELECT throws_ok(format($$SELECT service_affair.record_result(%s, %s, 'pass', 'x')$$, :dmany, :tmany), '42501',
                 'permission denied for department ' || left('hx_a, ' || rpad('hx_1', 64, 'z'), 64) || '…',
                 'the message names the departments cut to 64 characters');
CREATE FUNCTION pg_temp.err_detail(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE d text;
BEGIN
    EXECUTE q;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS d = PG_EXCEPTION_DETAIL;
    RETURN d;
END
$$;
SELECT is(pg_catalog.left(pg_temp.err_detail(format($$SELECT service_affair.record_result(%s, %s, 'pass', 'x')$$, :dmany, :tmany)), 58),
          'Role hx_insp_b is not an inspector of department hx_a or h', 'the detail says "an inspector" ("a inspector" before)');
RESET ROLE;

-- ---- 双随机: the drawn team records, not any inspector of the departments ---------
-- until 2026-12-05 any inspector login of a plan's departments recorded the
-- result of any drawn target: off its team, recused, or linked to nobody
SELECT inspectors[1] AS on_team FROM draw_selection WHERE draw_id = :dmany AND target = :tmany \gset
SELECT i.id AS off_team FROM inspector i WHERE i.department = 'hx_a'
   AND NOT i.id = ANY ((SELECT inspectors FROM draw_selection WHERE draw_id = :dmany AND target = :tmany)::text[]) ORDER BY i.id LIMIT 1 \gset
SELECT pg_temp.state() AS st_team \gset
SET ROLE hx_insp_a;
SELECT throws_ok(format($$SELECT service_affair.record_result(%s, %s, 'pass', 'x', '2026-11-02 10:00+08')$$, :dmany, :tmany), '42501',
                 format('permission denied for target %s of draw %s', :tmany, :dmany),
                 'an inspector login of the plan''s department linked to no inspector: 42501 (recorded any drawn target before)');
SELECT is(pg_temp.err_detail(format($$SELECT service_affair.record_result(%s, %s, 'pass', 'x', '2026-11-02 10:00+08')$$, :dmany, :tmany)),
          format('Role hx_insp_a is the login of no inspector; only the team drawn for target %s in draw %s records its result.', :tmany, :dmany),
          'the detail names the role, the target and the draw');
RESET ROLE;
UPDATE inspector SET login = 'hx_insp_a' WHERE id = :'off_team';
SET ROLE hx_insp_a;
SELECT throws_ok(format($$SELECT service_affair.record_result(%s, %s, 'pass', 'x', '2026-11-02 10:00+08')$$, :dmany, :tmany), '42501',
                 format('permission denied for target %s of draw %s', :tmany, :dmany),
                 'the login of an inspector of the plan''s department off the target''s team: 42501');
SELECT is(pg_temp.err_detail(format($$SELECT service_affair.record_result(%s, %s, 'pass', 'x', '2026-11-02 10:00+08')$$, :dmany, :tmany)),
          format('Inspector %s (role hx_insp_a) is not on the team drawn for target %s in draw %s.', :'off_team', :tmany, :dmany),
          'the detail names the inspector, the role, the target and the draw');
RESET ROLE;
UPDATE inspector SET login = NULL WHERE id = :'off_team';
UPDATE inspector SET login = 'hx_insp_a' WHERE id = :'on_team';
INSERT INTO recusal (inspector, target) VALUES (:'on_team', :tmany);
-- the recusal is an entry of the ledger hx_a (76_directory_log.sql): the state after it
SELECT pg_temp.state() AS st_team \gset
SET ROLE hx_insp_a;
SELECT throws_ok(format($$SELECT service_affair.record_result(%s, %s, 'pass', 'x', '2026-11-02 10:00+08')$$, :dmany, :tmany), '42501',
                 format('permission denied for target %s of draw %s', :tmany, :dmany),
                 'an inspector on the team but recused for the target after the draw: 42501');
SELECT is(pg_temp.err_detail(format($$SELECT service_affair.record_result(%s, %s, 'pass', 'x', '2026-11-02 10:00+08')$$, :dmany, :tmany)),
          format('Inspector %s (role hx_insp_a) is recused for target %s (drawn in draw %s); another member of the team records its result.',
                 :'on_team', :tmany, :dmany),
          'the detail names the recused inspector and the target');
RESET ROLE;
SELECT is(pg_temp.state(), :'st_team', 'the refused results leave no result, log entry or ledger head change');
DELETE FROM recusal WHERE inspector = :'on_team' AND target = :tmany;
SELECT pg_temp.state() AS st_team \gset
-- a deactivated inspector records nothing, not even for a team drawn before
-- (until 2026-12-05 deactivation kept it out of later draws only)
UPDATE inspector SET active = false WHERE id = :'on_team';
SET ROLE hx_insp_a;
SELECT throws_ok(format($$SELECT service_affair.record_result(%s, %s, 'pass', 'x', '2026-11-02 10:00+08')$$, :dmany, :tmany), '42501',
                 format('permission denied for target %s of draw %s', :tmany, :dmany),
                 'an inspector on the team, deactivated after the draw: 42501 (recorded before)');
SELECT is(pg_temp.err_detail(format($$SELECT service_affair.record_result(%s, %s, 'pass', 'x', '2026-11-02 10:00+08')$$, :dmany, :tmany)),
          format('Inspector %s (role hx_insp_a) is deactivated; another member of the team drawn for target %s in draw %s, or an administrator, records its result.',
                 :'on_team', :tmany, :dmany),
          'the detail names the deactivated inspector, the role, the target and the draw');
RESET ROLE;
SELECT is(pg_temp.state(), :'st_team', 'the refused result of a deactivated inspector leaves nothing');
UPDATE inspector SET active = true WHERE id = :'on_team';
SELECT throws_ok(format($$UPDATE inspector SET login = 'hx_insp_a' WHERE id = %L$$, :'off_team'), '23505', NULL,
                 'a login is the login of one inspector at most');
-- ---- what a login may be: a person's role that works for the inspector's department ----
-- until 2026-12-05 inspector.login was checked against nothing
CREATE ROLE hx_adm_a LOGIN IN ROLE service_affair_admin, service_affair_inspector;
INSERT INTO staff (login, department) VALUES ('hx_adm_a', 'hx_a');
SELECT throws_ok(format($$UPDATE inspector SET login = 'hx_no_such_role' WHERE id = %L$$, :'off_team'), '23503',
                 'unknown login role hx_no_such_role', 'a login naming no role: 23503');
SELECT is(pg_temp.err_detail(format($$UPDATE inspector SET login = 'hx_no_such_role' WHERE id = %L$$, :'off_team')),
          format('Role hx_no_such_role does not exist; inspector %s cannot be linked to it.', :'off_team'),
          'the detail names the role and the inspector');
SELECT throws_ok($$INSERT INTO inspector (id, name, department, login) VALUES ('hx_a-9', 'new', 'hx_a', 'hx_no_such_role')$$, '23503',
                 'unknown login role hx_no_such_role', 'an inspector inserted with a login naming no role: 23503');
SELECT throws_ok(format($$UPDATE inspector SET login = 'service_affair_inspector' WHERE id = %L$$, :'off_team'), '22023',
                 'role service_affair_inspector cannot be the login of an inspector',
                 'a group role of the extension (each member would be the inspector): 22023');
SELECT throws_ok(format($$UPDATE inspector SET login = %L WHERE id = %L$$, current_user, :'off_team'), '22023',
                 format('role %s cannot be the login of an inspector', quote_ident(current_user)), 'a superuser: 22023');
SELECT throws_ok(format($$UPDATE inspector SET login = 'hx_adm_a' WHERE id = %L$$, :'off_team'), '22023',
                 'role hx_adm_a cannot be the login of an inspector',
                 'an administrator, with a staff row for the department: 22023');
SELECT is(pg_temp.err_detail(format($$UPDATE inspector SET login = 'hx_adm_a' WHERE id = %L$$, :'off_team')),
          format('Role hx_adm_a is an administrator (a member of service_affair_admin), who passes every check and draws the teams: the team rule would not bind it (inspector %s).', :'off_team'),
          'the detail says why');
SELECT throws_ok(format($$UPDATE inspector SET login = 'hx_insp_b' WHERE id = %L$$, :'off_team'), '23503',
                 'role hx_insp_b does not work for department hx_a',
                 'a login without a staff row for the inspector''s department: 23503');
SELECT is(pg_temp.err_detail(format($$UPDATE inspector SET login = 'hx_insp_b' WHERE id = %L$$, :'off_team')),
          format('Role hx_insp_b has no staff row for department hx_a, the department of inspector %s.', :'off_team'),
          'the detail names the role, the department and the inspector');
SELECT throws_ok(format($$UPDATE inspector SET department = 'hx_b' WHERE id = %L$$, :'on_team'), '23503',
                 'role hx_insp_a does not work for department hx_b',
                 'a linked inspector moved to a department its login does not work for: 23503');
SELECT is(ARRAY[inspector_login_problem('hx_no_such_role', 'hx_a'), inspector_login_problem('service_affair_inspector', 'hx_a'),
                inspector_login_problem(current_user, 'hx_a'), inspector_login_problem('hx_adm_a', 'hx_a'),
                inspector_login_problem('hx_insp_b', 'hx_a'), inspector_login_problem('hx_insp_a', 'hx_a')],
          ARRAY['no such role', 'group role', 'superuser', 'administrator', 'no staff row', NULL],
          'inspector_login_problem() says what the trigger refuses, and NULL for a person''s role that works for the department');
SET ROLE hx_insp_a;
SELECT lives_ok(format($$SELECT service_affair.record_result(%s, %s, 'pass', 'x', '2026-11-02 10:00+08')$$, :dmany, :tmany),
                'the login of an inspector on the team, not recused, records it');
RESET ROLE;
SELECT is((SELECT (payload->>'inspector') || ' ' || (payload->>'on_behalf') || ' ' || (payload->>'actor') FROM inspection_log
            WHERE ledger = 'hx_a' AND kind = 'result' AND payload->>'draw' = :'dmany'),
          :'on_team' || ' false hx_insp_a', 'the log entry names the inspector who recorded it');
SELECT is(pg_temp.err($$SELECT service_affair.require_department(ARRAY['hx_a'], 'inspector')$$), 'no error',
          'a superuser passes require_department()');

-- ---- create_plan() echoes at most 64 characters of what it refuses -----------------
SELECT is(pg_temp.err($$SELECT service_affair.create_plan('p', ARRAY[repeat('q', 100000)], ARRAY[0.1,0.1,0.1,0.1], sha256('s'))$$),
          '23503 111', 'an unknown department of 100,000 characters: 23503, 64 of them in the detail (100 before)');
SELECT is(pg_temp.err($$SELECT service_affair.create_plan('p', (SELECT array_agg(rpad('hx_' || (i % 2000), 64, 'z')) FROM generate_series(1, 4000) i),
                                                         ARRAY[0.1,0.1,0.1,0.1], sha256('s'))$$),
          '22023 126', 'a department listed twice among 4,000: 22023 with 64 characters of the list (200 before)');
SELECT is(pg_temp.err($$SELECT service_affair.create_plan('p', ARRAY['hx_a'], ARRAY[0.1,0.1,0.1,('1' || repeat('0', 1000))::numeric], sha256('s'))$$),
          '22023 168', 'a rate of 1,001 digits: 22023 with 64 characters of the rates (200 before)');
SELECT is(pg_temp.err($$SELECT service_affair.create_plan('p', ARRAY['hx_a'], ARRAY[0.1,0.1,0.1,0.1], sha256('s'), 2, ARRAY[repeat('r', 65)])$$),
          '22023 232', 'a region code of 65 characters: 22023 with 64 characters of the regions (100 before)');

-- ---- degenerate pools and wrong states: whole or nothing ----------------------------
SELECT pg_temp.state() AS s0 \gset
SELECT create_plan('hx none', ARRAY['hx_a'], ARRAY[1,1,1,1], sha256('hx none'), 2, ARRAY['000000']) AS pnone \gset
SELECT draw(:pnone, 'hx none') AS dnone \gset
SELECT is((SELECT targets FROM draw WHERE id = :dnone), '{}'::bigint[], 'a plan whose filter matches no target draws nothing');
SELECT ok(verify_draw(:dnone), 'and the empty draw verifies');
SELECT throws_ok(format($$SELECT service_affair.record_result(%s, %s, 'pass', NULL)$$, :dnone, :tmany), '23503', 'target not drawn',
                 'a result for a target of another draw: 23503');
SELECT is(publish_results(:dnone), 0, 'publishing a draw without results publishes nothing');

-- every inspector of hx_a recused from every target
INSERT INTO recusal SELECT i.id, t.id FROM inspector i, target t WHERE i.department = 'hx_a' AND t.name LIKE 'hx %';
SELECT create_plan('hx recused', ARRAY['hx_a'], ARRAY[0.5,0.5,0.5,0.5], sha256('hx recused'), 2) AS prec \gset
SELECT pg_temp.state() AS s1 \gset
SELECT throws_ok(format($$SELECT service_affair.draw(%s, 'hx recused')$$, :prec), '55000', 'inspection team cannot be filled',
                 'every inspector recused: 55000');
SELECT is(pg_temp.state(), :'s1', 'the refused draw leaves no draw, log entry, ledger head or team map change');
DELETE FROM recusal;
SELECT isnt(draw(:prec, 'hx recused'), NULL, 'once the recusals are withdrawn the plan draws');
SELECT throws_ok(format($$SELECT service_affair.draw(%s, 'hx recused')$$, :prec), '55000', 'plan already drawn', 'a second draw: 55000');
SELECT id AS drec, targets[1] AS t1, targets[2] AS t2 FROM draw WHERE plan_id = :prec \gset

-- inspectors deactivated and deleted after the draw: the draw still verifies
UPDATE inspector SET active = false WHERE id = 'hx_a-1';
DELETE FROM inspector WHERE id = 'hx_a-2';
SELECT ok(verify_draw(:drec), 'inspectors deactivated or deleted after the draw: the draw still verifies (the pool records them)');
SELECT results_eq(format($$SELECT inspectors FROM draw_selection WHERE draw_id = %s AND rank = 1$$, :drec),
                  format($$SELECT string_to_array(teams[1], ',') FROM draw WHERE id = %s$$, :drec),
                  'draw_selection still lists the team as drawn');

-- a selected target is not deleted (a review of 2026-12-04): it left the
-- selection, could get no result, and the draw stopped verifying
SELECT throws_ok(format('DELETE FROM target WHERE id = %s', :t1), '23503', format('target %s was selected by draw %s', :t1, :drec),
                 'deleting a target a draw selected: 23503 (was deleted, the selection one shorter)');
INSERT INTO target (uscc, name, region, industry, risk)
SELECT pg_temp.uscc17('91440300' || lpad((500 + i)::text, 9, '0')), 'hx bulk ' || i, '440301', 'I', 'D' FROM generate_series(1, 150) i;
SELECT throws_ok(format($$DELETE FROM target WHERE name LIKE 'hx bulk %%' OR id = %s$$, :t2),
                 '23503', format('target %s was selected by draw %s', :t2, :drec), '... also among many rows (the join over every selection)');
SELECT is((SELECT count(*) FROM draw_selection WHERE draw_id = :drec), (SELECT cardinality(targets)::bigint FROM draw WHERE id = :drec),
          'the selection is whole');
INSERT INTO target (uscc, name, region, industry, risk) VALUES (pg_temp.uscc17('91440300000099999'), 'hx never drawn', '440301', 'I', 'D');
SELECT throws_ok(format('UPDATE target SET id = DEFAULT WHERE id = %s', :t1), '23503', format('target %s was selected by draw %s', :t1, :drec),
                 'giving a drawn target another id: 23503 (was renumbered: out of the selection, the draw no longer verified)');
SELECT lives_ok($$UPDATE target SET id = DEFAULT WHERE name = 'hx never drawn'$$, 'a target no draw selected is renumbered as before');
SELECT lives_ok($$DELETE FROM target WHERE name = 'hx never drawn'$$, 'a target no draw selected is deleted as before');

-- results and publications in every order
SELECT record_result(:drec, :t1, 'pass', 'ok', '2026-11-02 10:00+08');
SELECT is((SELECT (payload->'inspector')::text || ' ' || (payload->>'on_behalf') FROM inspection_log
            WHERE ledger = 'hx_a' AND kind = 'result' AND payload->>'draw' = :'drec' AND payload->>'target' = :'t1'),
          'null true', 'a superuser linked to no inspector enters the result on behalf of the team, and the log says so');
SELECT is(publish_results(:drec, '2026-11-03 10:00+08'), 1, 'the first publication publishes the one result');
SELECT pg_temp.state() AS s2 \gset
SELECT is(publish_results(:drec, '2026-11-04 10:00+08'), 0, 'a second publication publishes nothing');
SELECT is(pg_temp.state(), :'s2', 'and logs nothing');
SELECT record_result(:drec, :t2, 'issues', 'late', '2026-11-05 10:00+08');
SELECT throws_ok(format($$SELECT service_affair.publish_results(%s, '2026-11-04 10:00+08')$$, :drec), '22023', 'publication before result',
                 'a publication dated before the unpublished result: 22023');
SELECT is(publish_results(:drec, '2026-11-06 10:00+08'), 1, 'a result recorded after a publication is published by the next one');
SELECT throws_ok(format($$SELECT service_affair.record_result(%s, %s, 'fail', 'changed', '2026-11-07 10:00+08')$$, :drec, :t2), '23505',
                 'result already recorded', 'a published result cannot be recorded again');
SELECT results_eq($$SELECT bool_and(ok) FROM verify_log() WHERE ledger IN ('hx_a', 'hx_b')$$, $$VALUES (true)$$,
                  'every ledger verifies after the refused calls');

-- ---- target ids given by hand far from the others --------------------------------
-- the pool map spans the directory's ids: 2^62 bytes asked for (53200), and
-- the whole int64 range overflowed into a bogus 40001
INSERT INTO target (id, uscc, name, risk) OVERRIDING SYSTEM VALUE
VALUES (9223372036854775807, pg_temp.uscc17('91440300900000001'), 'hx far', 'D');
SELECT create_plan('hx far', ARRAY['hx_b'], ARRAY[0, 0, 0, 0.1], sha256('hx far'), 2) AS pfar \gset
SELECT pg_temp.state() AS s3 \gset
SELECT throws_ok(format($$SELECT service_affair.draw(%s, 'hx far')$$, :pfar), '55000', 'target ids too far apart',
                 'a target id of 2^63 - 1 beside small ones: 55000 before anything is allocated');
INSERT INTO target (id, uscc, name, risk) OVERRIDING SYSTEM VALUE
VALUES (-9223372036854775808, pg_temp.uscc17('91440300900000002'), 'hx near', 'D');
SELECT throws_ok(format($$SELECT service_affair.draw(%s, 'hx far')$$, :pfar), '55000', 'target ids too far apart',
                 'ids from -2^63 to 2^63 - 1: 55000, not a width overflowed into 40001');
SELECT is(pg_temp.state(), :'s3', 'the refused draws leave nothing');
UPDATE target SET id = DEFAULT WHERE name IN ('hx far', 'hx near');
SELECT draw(:pfar, 'hx far') AS dfar \gset
SELECT ok(verify_draw(:dfar), 'renumbered as the hint says, the plan draws and the draw verifies');

-- ---- publish_results() granted to inspectors by mistake -----------------------------
GRANT EXECUTE ON FUNCTION publish_results(bigint, timestamptz) TO service_affair_inspector;
SELECT pg_temp.state() AS s4 \gset
SET ROLE hx_insp_a;
SELECT throws_ok(format($$SELECT service_affair.publish_results(%s)$$, :drec), '42501', 'permission denied: administrators only',
                 'publish_results() granted by mistake, nothing left to publish: still 42501 (0 before, after locking the draw)');
SELECT throws_ok($$SELECT service_affair.publish_results(-1)$$, '42501', 'permission denied: administrators only',
                 'and for an unknown draw: 42501, not 23503');
RESET ROLE;
SELECT is(pg_temp.state(), :'s4', 'the refused publications change nothing');
REVOKE EXECUTE ON FUNCTION publish_results(bigint, timestamptz) FROM service_affair_inspector;

-- ---- the append-only records against an administrator and the owner ---------------
CREATE ROLE hx_admin LOGIN IN ROLE service_affair_admin;
-- the statements of a list that do not fail with 42501
CREATE FUNCTION pg_temp.not_refused(stmts text[]) RETURNS text[] LANGUAGE plpgsql AS $$
DECLARE q text; bad text[] := '{}';
BEGIN
    FOREACH q IN ARRAY stmts LOOP
        BEGIN
            EXECUTE q;
            bad := bad || q;
        EXCEPTION WHEN insufficient_privilege THEN
            NULL;
        WHEN OTHERS THEN
            bad := bad || (q || ': ' || SQLSTATE);
        END;
    END LOOP;
    RETURN bad;
END
$$;
GRANT EXECUTE ON FUNCTION pg_temp.not_refused(text[]) TO PUBLIC;
SET ROLE hx_admin;
SELECT is(pg_temp.not_refused(ARRAY(
    SELECT format(x, 'service_affair.' || t, c)
      FROM (VALUES ('inspection_log', 'seq'), ('ledger', 'head_seq'), ('plan', 'name'), ('draw', 'seed'), ('inspection_result', 'outcome'),
                   ('result_publication', 'published_at'), ('target_team_map', 'data')) v(t, c),
           unnest(ARRAY['ALTER TABLE %s DISABLE TRIGGER USER', 'ALTER TABLE %s DISABLE TRIGGER ALL', 'TRUNCATE %s CASCADE',
                        'UPDATE %s SET %s = %2$s', 'DELETE FROM %s', 'ALTER TABLE %s OWNER TO hx_admin']) x)),
          '{}'::text[], 'an administrator can neither disable the triggers of, truncate, update, delete from nor take the inspection records');
RESET ROLE;
SET LOCAL client_min_messages = warning;  -- the notices of TRUNCATE ... CASCADE
SELECT is(pg_temp.not_refused(ARRAY['TRUNCATE service_affair.inspection_log', 'TRUNCATE service_affair.plan CASCADE',
                                    'TRUNCATE service_affair.draw CASCADE', 'TRUNCATE service_affair.inspection_result CASCADE',
                                    'TRUNCATE service_affair.result_publication', 'TRUNCATE service_affair.ledger CASCADE',
                                    'DELETE FROM service_affair.inspection_log', 'UPDATE service_affair.draw SET seed = seed']),
          '{}'::text[], 'the owner (a superuser) truncates, deletes or updates no inspection record while the triggers are enabled');
SELECT results_eq($$SELECT bool_and(ok) FROM verify_log()$$, $$VALUES (true)$$, 'and every ledger still verifies');

-- ---- an administrator's login records for any team: as the inspector it is, or on behalf -------
SELECT target AS tfar1, inspectors[1] AS ifar FROM draw_selection WHERE draw_id = :dfar ORDER BY rank LIMIT 1 \gset
SELECT target AS tfar2 FROM draw_selection WHERE draw_id = :dfar AND NOT :'ifar' = ANY (inspectors) ORDER BY rank LIMIT 1 \gset
SELECT target AS tfar3 FROM draw_selection WHERE draw_id = :dfar AND :'ifar' = ANY (inspectors) AND target <> :tfar1 ORDER BY rank LIMIT 1 \gset
-- an administrator is refused as a login (above), but a role granted
-- service_affair_admin after it was linked is one, and no trigger sees the
-- GRANT: record_result() asks the link again, and such a login records on
-- behalf of the team, never as the inspector (until 2026-12-05 it was logged
-- as the inspector drawn; insp_login_later.sql has the rest)
CREATE ROLE hx_adm_b LOGIN IN ROLE service_affair_inspector;
INSERT INTO staff (login, department) VALUES ('hx_adm_b', 'hx_b');
UPDATE inspector SET login = 'hx_adm_b' WHERE id = :'ifar';
GRANT service_affair_admin TO hx_adm_b;
SET ROLE hx_adm_b;
SELECT record_result(:dfar, :tfar1, 'pass', NULL, '2026-11-02 10:00+08');
SELECT record_result(:dfar, :tfar2, 'pass', NULL, '2026-11-02 10:00+08');
RESET ROLE;
UPDATE inspector SET active = false WHERE id = :'ifar';
SET ROLE hx_adm_b;
SELECT record_result(:dfar, :tfar3, 'pass', NULL, '2026-11-02 10:00+08');
RESET ROLE;
SELECT results_eq(format($$SELECT (payload->'inspector')::text, payload->>'on_behalf' FROM inspection_log
                            WHERE ledger = 'hx_b' AND kind = 'result' AND payload->>'draw' = %L ORDER BY seq$$, :'dfar'),
                  $$VALUES ('null', 'true'), ('null', 'true'), ('null', 'true')$$,
                  'an administrator whose login is linked to an inspector is logged as on behalf of the team: on it, off it or deactivated (as the inspector on it before)');

SELECT * FROM finish();
ROLLBACK;
