-- A draw re-run outside verify_draw() by a reader of the draws, as
-- doc/inspection.md "Auditing from outside" describes it: the pool record
-- gives the members' ids and grades, and each member is ranked by the USCC
-- it had when the draw was made -- its current one, or the former one that
-- target_uscc_history keeps once it was corrected or the target deleted.
-- Until 2026-12-06 only administrators read target_uscc_history: an
-- inspector, who reads draw, plan and target, ranked an unselected member
-- by its corrected USCC and got another selection than the one stored,
-- while verify_draw() said t (a review).
SET search_path = service_affair, public;
BEGIN;
SELECT plan(9);

\ir uscc17.inc
SELECT create_roles();

INSERT INTO department (code, name) VALUES ('rr_a', 'a');
INSERT INTO inspector (id, name, department) SELECT 'rr-' || i, 'i' || i, 'rr_a' FROM generate_series(1, 6) i;
-- 10 targets of grade D in region RR: rate 0.3 selects 3
INSERT INTO target (uscc, name, region, risk)
SELECT pg_temp.uscc17('91430100' || lpad(i::text, 9, '0')), 'rr ' || i, 'RR', 'D' FROM generate_series(1, 10) i;
-- the keyed rank of a USCC under the seed (doc/inspection.md, the ranking)
CREATE FUNCTION pg_temp.rk(u text) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
    SELECT sha256(sha256(convert_to('sa-insp-target', 'UTF8') || '\x00'::bytea || convert_to('rr seed', 'UTF8'))
                  || convert_to(u, 'UTF8'))
$$;
CREATE TEMP TABLE rr (what text PRIMARY KEY, id bigint);
INSERT INTO rr SELECT 'draw', draw(create_plan('rr', ARRAY['rr_a'], ARRAY[0, 0, 0, 0.3],
                                               sha256(convert_to('rr seed', 'UTF8')), 2, ARRAY['RR']),
                                   convert_to('rr seed', 'UTF8'));
-- the pool's members, as its record gives them (read here through insp_pool_grade())
CREATE TEMP TABLE rr_pool AS
SELECT t.id FROM target t, draw d
 WHERE d.id = (SELECT id FROM rr WHERE what = 'draw') AND insp_pool_grade(d.pool, t.id) = 'D';
-- a USCC not in the directory that ranks before every target of region RR
CREATE TEMP TABLE rr_first AS
SELECT u FROM (SELECT pg_temp.uscc17('91430100' || lpad(i::text, 9, '0'))::text AS u FROM generate_series(1000, 5000) i) c
 WHERE pg_temp.rk(u) < (SELECT pg_temp.rk(t.uscc::text) FROM target t WHERE t.region = 'RR' ORDER BY 1 LIMIT 1)
   AND NOT EXISTS (SELECT FROM target t WHERE t.uscc::text = c.u)
 ORDER BY u LIMIT 1;
-- the member ranked last, not selected, is given that USCC (a corrected
-- USCC, allowed: no draw selected it); the member ranked second to last
-- is deleted
UPDATE target SET uscc = (SELECT u FROM rr_first)::uscc
 WHERE id = (SELECT t.id FROM target t WHERE t.region = 'RR' ORDER BY pg_temp.rk(t.uscc::text) DESC LIMIT 1);
DELETE FROM target
 WHERE id = (SELECT t.id FROM target t WHERE t.region = 'RR' ORDER BY pg_temp.rk(t.uscc::text) DESC LIMIT 1);

-- the re-run of doc/inspection.md: each pool member by the USCC of its
-- history row with the smallest upto_draw at or after the draw, else its
-- current one; ceil(0.3 x 10) = 3 smallest ranks.  NULL when the caller
-- cannot read what it needs (the SQLSTATE in rr_err).
CREATE TEMP TABLE rr_err (st text);
CREATE FUNCTION pg_temp.rerun(d bigint, with_history boolean) RETURNS bigint[] LANGUAGE plpgsql AS $$
DECLARE r bigint[]; st text;
BEGIN
    SELECT array_agg(m.id ORDER BY pg_temp.rk(m.u), m.id) INTO r
      FROM (SELECT p.id,
                   COALESCE(CASE WHEN with_history THEN
                              (SELECT h.uscc::text FROM service_affair.target_uscc_history h
                                WHERE h.target = p.id AND h.upto_draw >= d ORDER BY h.upto_draw LIMIT 1) END,
                            (SELECT t.uscc::text FROM service_affair.target t WHERE t.id = p.id)) AS u
              FROM pg_temp.rr_pool p) m
     WHERE m.u IS NOT NULL;
    RETURN r[1:3];
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE;
    INSERT INTO pg_temp.rr_err VALUES (st);
    RETURN NULL;
END
$$;
GRANT EXECUTE ON FUNCTION pg_temp.rerun(bigint, boolean), pg_temp.rk(text) TO PUBLIC;
GRANT SELECT ON rr, rr_pool TO PUBLIC;
GRANT SELECT, INSERT, DELETE ON rr_err TO PUBLIC;
CREATE ROLE rr_insp LOGIN IN ROLE service_affair_inspector;
CREATE ROLE rr_analyst LOGIN IN ROLE service_affair_analyst;
CREATE ROLE rr_public LOGIN IN ROLE service_affair_public;

SELECT is((SELECT count(*) FROM rr_pool), 10::bigint, 'the pool holds the 10 targets of region RR');
SELECT ok(verify_draw((SELECT id FROM rr WHERE what = 'draw')),
          'the draw verifies after one unselected member got a USCC ranked first and another was deleted');
SELECT is(pg_temp.rerun((SELECT id FROM rr WHERE what = 'draw'), true),
          (SELECT d.targets FROM draw d WHERE d.id = (SELECT id FROM rr WHERE what = 'draw')),
          'an administrator''s re-run with target_uscc_history gives the stored selection');

SET ROLE rr_insp;
SELECT isnt(pg_temp.rerun((SELECT id FROM rr WHERE what = 'draw'), false),
            (SELECT d.targets FROM draw d WHERE d.id = (SELECT id FROM rr WHERE what = 'draw')),
            'an inspector''s re-run by the current USCCs alone gives another selection (why the history is needed)');
DELETE FROM rr_err;
SELECT is(pg_temp.rerun((SELECT id FROM rr WHERE what = 'draw'), true),
          (SELECT d.targets FROM draw d WHERE d.id = (SELECT id FROM rr WHERE what = 'draw')),
          'an inspector, who reads draw, plan and target, re-runs the draw with target_uscc_history and gets the stored selection');
SELECT is((SELECT string_agg(st, ',') FROM rr_err), NULL, 'the inspector''s re-run reads everything it needs (42501 before)');
SELECT throws_ok($$INSERT INTO service_affair.target_uscc_history (target, upto_draw, uscc)
                   SELECT target, upto_draw + 1, uscc FROM service_affair.target_uscc_history LIMIT 1$$,
                 '42501', NULL, 'the inspector does not write target_uscc_history');
RESET ROLE;
SELECT ok(NOT has_table_privilege('rr_analyst', 'service_affair.target_uscc_history', 'SELECT')
          AND NOT has_table_privilege('rr_public', 'service_affair.target_uscc_history', 'SELECT')
          AND NOT has_table_privilege('public', 'service_affair.target_uscc_history', 'SELECT'),
          'analysts, the public and PUBLIC do not read it (they read no directory of targets)');
SELECT is((SELECT array_agg(g.role || ' ' || g.privilege ORDER BY g.role) FROM role_grant g
            WHERE g.object = 'service_affair.target_uscc_history'),
          ARRAY['admin SELECT', 'inspector SELECT'], 'the grant matrix: administrators and inspectors read it, nobody writes it');

SELECT * FROM finish();
ROLLBACK;
