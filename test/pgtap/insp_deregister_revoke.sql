-- A deregistration revoked (撤销注销, 73_target_deregister.sql): the
-- registration authority annuls a deregistration, so the business was never
-- out of the population.  revoke_deregistration(target, reason) clears the
-- mark even past a draw that left the target out, and appends to
-- target_deregistration_revoked the day, the reason and the draws that left
-- it out; those draws are not rewritten and still verify.  Until 2026-12-05
-- such a mark could never be cleared (55000: the mark is the record of why
-- the draw left the target out), and the directory went on saying that a
-- registered business was deregistered.
SET search_path = service_affair, public;
BEGIN;
SELECT plan(45);
SET CONSTRAINTS service_affair.target_pack_flush IMMEDIATE;

\ir uscc17.inc

CREATE FUNCTION pg_temp.today() RETURNS date LANGUAGE sql STABLE AS $$ SELECT service_affair.local_day(now()) $$;
INSERT INTO department (code, name) VALUES ('rv_a', 'a');
INSERT INTO inspector (id, name, department) SELECT 'rv-' || i, 'i' || i, 'rv_a' FROM generate_series(1, 6) i;
-- rv 1 deregistered today (then revoked), rv 4 and rv 5 outside the plans' region
INSERT INTO target (uscc, name, region, risk, deregistered_on)
SELECT pg_temp.uscc17('91450300' || lpad(i::text, 9, '0')), 'rv ' || i, CASE WHEN i IN (4, 5) THEN 'XX' ELSE 'RV' END,
       (ARRAY['A', 'B', 'C', 'D'])[1 + i % 4], CASE WHEN i IN (1, 4, 5) THEN pg_temp.today() END
  FROM generate_series(1, 5) i;
CREATE FUNCTION pg_temp.tid(n text) RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT id FROM service_affair.target WHERE name = n $$;
CREATE FUNCTION pg_temp.rdraw(what text) RETURNS bigint LANGUAGE sql AS $$
    SELECT service_affair.draw(service_affair.create_plan(what, ARRAY['rv_a'], ARRAY[1, 1, 1, 1],
                                                          sha256(convert_to('rv seed', 'UTF8')), 2, ARRAY['RV']),
                               convert_to('rv seed', 'UTF8'))
$$;
CREATE TEMP TABLE rd (what text PRIMARY KEY, draw_id bigint);
INSERT INTO rd SELECT 'draw 1', pg_temp.rdraw('rv draw 1');
CREATE FUNCTION pg_temp.did(n text) RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT draw_id FROM rd WHERE what = n $$;

SELECT is(insp_pool_grade((SELECT pool FROM draw WHERE id = pg_temp.did('draw 1')), pg_temp.tid('rv 1')), NULL,
          'draw 1 left rv 1 out (deregistered today)');
SELECT throws_ok($$UPDATE target SET deregistered_on = NULL WHERE name = 'rv 1'$$, '55000',
                 format('target %s was left out of draw %s as deregistered', pg_temp.tid('rv 1'), pg_temp.did('draw 1')),
                 'clearing the mark by hand is still refused (55000)');

-- ---- a marked target's region or industry: refused when a draw that left it
-- out would no longer match it (until 2026-12-05 a region changed away let
-- the mark be cleared by hand, and the region changed back, without a trace)
SELECT throws_ok($$UPDATE target SET region = 'YY' WHERE name = 'rv 1'$$, '55000',
                 format('target %s was left out of draw %s as deregistered', pg_temp.tid('rv 1'), pg_temp.did('draw 1')),
                 'a marked target''s region changed to one draw 1 did not match: 55000 naming the draw');
SELECT is((SELECT region FROM target WHERE name = 'rv 1'), 'RV', 'and the region stays');
-- a region cleared (NULL) is one no region filter matches: until
-- 2026-12-05 the check compared with NULL and took it, and the mark could
-- then be cleared by hand and the region set back, without a trace
SELECT throws_ok($$UPDATE target SET region = NULL WHERE name = 'rv 1'$$, '55000',
                 format('target %s was left out of draw %s as deregistered', pg_temp.tid('rv 1'), pg_temp.did('draw 1')),
                 'a marked target''s region cleared (NULL), which draw 1 does not match: 55000 naming the draw');
SELECT is((SELECT region FROM target WHERE name = 'rv 1'), 'RV', 'and the region stays');
SELECT throws_ok($$UPDATE target SET region = NULL, deregistered_on = NULL WHERE name = 'rv 1'$$, '55000', NULL,
                 'nor cleared with the mark in one statement');
SELECT lives_ok($$UPDATE target SET industry = 'YY' WHERE name = 'rv 1'$$,
                'an industry change draw 1 (no industry filter) still matches is taken');
SELECT lives_ok($$UPDATE target SET region = 'ZZ' WHERE name = 'rv 4'$$,
                'a marked target no draw matched changes its region');
UPDATE target SET region = 'XX' WHERE name = 'rv 4';
-- and the other way: a region changed to one a draw made while the mark
-- stood matches, the draw having left the target out for its region (until
-- 2026-12-05 it was taken, and then that draw read as having left the
-- target out for its mark: the mark could not be cleared by hand, and
-- revoke_deregistration() recorded the draw as having left out a
-- registered target it never matched)
SELECT throws_ok($$UPDATE target SET region = 'RV' WHERE name = 'rv 4'$$, '55000',
                 format('target %s was outside the filters of draw %s while deregistered', pg_temp.tid('rv 4'), pg_temp.did('draw 1')),
                 'a marked target''s region changed to one draw 1, which left it out for its region, matches: 55000 naming the draw');
SELECT is((SELECT region FROM target WHERE name = 'rv 4'), 'XX', 'and the region stays');

-- ---- a marked target a draw left out is not deleted (until 2026-12-05 it
-- was, and inserted again with its USCC it was unmarked, without a trace)
SELECT throws_ok($$DELETE FROM target WHERE name = 'rv 1'$$, '55000',
                 format('target %s was left out of draw %s as deregistered', pg_temp.tid('rv 1'), pg_temp.did('draw 1')),
                 'deleting a target a draw left out for its mark: 55000 naming the draw');
SELECT is((SELECT deregistered_on FROM target WHERE name = 'rv 1'), pg_temp.today(), 'the target and its mark stay');
SELECT lives_ok($$DELETE FROM target WHERE name = 'rv 5'$$, 'a marked target no draw left out is deleted');

-- ---- refused calls leave nothing ------------------------------------------
SELECT throws_ok(format($$SELECT revoke_deregistration(%s, NULL)$$, pg_temp.tid('rv 1')), '22023',
                 'a revoked deregistration needs a reason', 'no reason: 22023');
SELECT throws_ok(format($$SELECT revoke_deregistration(%s, '  ')$$, pg_temp.tid('rv 1')), '22023',
                 'a revoked deregistration needs a reason', 'a blank reason: 22023');
SELECT throws_ok(format($$SELECT revoke_deregistration(%s, repeat('x', 1001))$$, pg_temp.tid('rv 1')), '22023',
                 'reason too long', 'a reason over 1,000 characters: 22023');
SELECT throws_ok($$SELECT revoke_deregistration(NULL, 'annulled')$$, '22023', NULL, 'a NULL target: 22023');
SELECT throws_ok($$SELECT revoke_deregistration(-5, 'annulled')$$, '23503', 'target -5 does not exist', 'an unknown target: 23503');
SELECT throws_ok(format($$SELECT revoke_deregistration(%s, 'annulled')$$, pg_temp.tid('rv 2')), '55000',
                 format('target %s is not deregistered', pg_temp.tid('rv 2')), 'a target not deregistered: 55000');
SELECT is((SELECT count(*) FROM target_deregistration_revoked WHERE target IN (pg_temp.tid('rv 1'), pg_temp.tid('rv 2'))), 0::bigint,
          'the refused calls recorded nothing');
SELECT is((SELECT deregistered_on FROM target WHERE name = 'rv 1'), pg_temp.today(), 'and left the mark');

-- ---- the revocation ---------------------------------------------------------
SELECT is(revoke_deregistration(pg_temp.tid('rv 1'), 'deregistration annulled by the registration authority, decision 2026-17'),
          ARRAY[pg_temp.did('draw 1')], 'revoke_deregistration() returns the draw that left the registered target out');
SELECT is((SELECT deregistered_on FROM target WHERE name = 'rv 1'), NULL::date, 'the mark is cleared');
SELECT is((SELECT deregistered_upto_draw FROM target WHERE name = 'rv 1'), NULL::bigint, 'and its deregistered_upto_draw');
SELECT results_eq(format($$SELECT target, uscc::text, deregistered_on, left_out_draws, reason, revoked_by FROM target_deregistration_revoked WHERE target = %s$$,
                         pg_temp.tid('rv 1')),
                  format($$VALUES (%s::bigint, %L::text, %L::date, ARRAY[%s::bigint], 'deregistration annulled by the registration authority, decision 2026-17'::text, %L::text)$$,
                         pg_temp.tid('rv 1'), (SELECT uscc FROM target WHERE name = 'rv 1'), pg_temp.today(), pg_temp.did('draw 1'), session_user),
                  'the record: the target, its USCC, the day annulled, the draw that left it out, the reason, who');
SELECT ok(verify_draw(pg_temp.did('draw 1')), 'draw 1 still verifies (it is not rewritten)');
SELECT is(insp_pool_grade((SELECT pool FROM draw WHERE id = pg_temp.did('draw 1')), pg_temp.tid('rv 1')), NULL,
          'and its pool still lacks rv 1');
SELECT is((SELECT array_agg(r.target) FROM target_deregistration_revoked r WHERE pg_temp.did('draw 1') = ANY (r.left_out_draws)),
          ARRAY[pg_temp.tid('rv 1')], 'the record shows draw 1 as having left out a registered target');
INSERT INTO rd SELECT 'draw 2', pg_temp.rdraw('rv draw 2');
SELECT isnt(insp_pool_grade((SELECT pool FROM draw WHERE id = pg_temp.did('draw 2')), pg_temp.tid('rv 1')), NULL,
            'a draw after the revocation counts rv 1');
SELECT ok(verify_draw(pg_temp.did('draw 2')), 'draw 2 verifies');
SELECT lives_ok($$UPDATE target SET region = 'YY' WHERE name = 'rv 1'$$, 'after the revocation its region changes freely');
UPDATE target SET region = 'RV' WHERE name = 'rv 1';
-- rv 4: no draw's filters matched it
SELECT is(revoke_deregistration(pg_temp.tid('rv 4'), 'annulled'), '{}'::bigint[],
          'a mark no draw left the target out for: revoked, no draw named');
SELECT is((SELECT left_out_draws FROM target_deregistration_revoked WHERE target = pg_temp.tid('rv 4')), '{}'::bigint[],
          'and recorded with no draw');
-- deregistered again later: the ordinary path
SELECT lives_ok($$UPDATE target SET deregistered_on = pg_temp.today() + 1 WHERE name = 'rv 1'$$,
                'the target can be deregistered again after the draws that counted it');

-- ---- a revocation's record clears only the draws it names (until
-- 2026-12-05 any record of the transaction for the target and the day let
-- the mark be cleared past every draw: in the transaction of a revocation,
-- a target marked again with the same day, left out of a new draw and
-- cleared by hand left no trace of that draw; and a record restored into
-- another cluster matched the transaction of its revoked_xact there)
SELECT lives_ok($$UPDATE target SET deregistered_on = pg_temp.today(), region = 'RV' WHERE name = 'rv 4'$$,
                'rv 4, revoked, is marked again with the same day (and moved into the plans'' region)');
INSERT INTO rd SELECT 'draw 3', pg_temp.rdraw('rv draw 3');
SELECT is(insp_pool_grade((SELECT pool FROM draw WHERE id = pg_temp.did('draw 3')), pg_temp.tid('rv 4')), NULL,
          'draw 3 left rv 4 out (marked)');
SELECT throws_ok($$UPDATE target SET deregistered_on = NULL WHERE name = 'rv 4'$$, '55000',
                 format('target %s was left out of draw %s as deregistered', pg_temp.tid('rv 4'), pg_temp.did('draw 3')),
                 'clearing it by hand in the transaction of its revocation: 55000 naming draw 3, which the record does not name');
SELECT is(revoke_deregistration(pg_temp.tid('rv 4'), 'annulled again'), ARRAY[pg_temp.did('draw 3')],
          'a second revocation records draw 3');
SELECT is((SELECT deregistered_on FROM target WHERE name = 'rv 4'), NULL::date, 'and clears the mark');

-- ---- the record is append-only; the function is the administrators' --------
SELECT throws_ok($$UPDATE target_deregistration_revoked SET reason = 'x'$$, '42501', NULL, 'the record is not updated (42501)');
SELECT throws_ok($$DELETE FROM target_deregistration_revoked$$, '42501', NULL, 'nor deleted (42501)');
SELECT throws_ok($$TRUNCATE target_deregistration_revoked$$, '42501', NULL, 'nor truncated (42501)');
SELECT is((SELECT array_agg(role::text ORDER BY role) FROM role_grant
            WHERE object IN ('service_affair.revoke_deregistration(bigint,text)', 'service_affair.target_deregistration_revoked')),
          ARRAY['admin', 'admin'], 'the function and the record are granted to administrators only');
SELECT is((SELECT proacl IS NULL OR NOT aclcontains(proacl, makeaclitem(0, proowner, 'EXECUTE', false)) FROM pg_proc
            WHERE oid = 'service_affair.revoke_deregistration(bigint,text)'::regprocedure), true, 'not executable by PUBLIC');

SELECT * FROM finish();
ROLLBACK;
