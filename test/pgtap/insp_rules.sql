-- Random inspections: every rule and SQLSTATE of directories, plans, draws,
-- teams, results, publication and the append-only log.
SET search_path = service_affair, public;
BEGIN;
SELECT plan(126);
\ir blank_text.inc

\ir uscc17.inc

INSERT INTO department (code, name) VALUES
    ('insp_a', '市场监督管理局'), ('insp_b', '生态环境局'), ('insp_c', '应急管理局'), ('insp_d', '税务局');
-- 400 targets: grades cycle A B C D; regions 410101/410102; industries I0..I2
INSERT INTO target (uscc, name, region, industry, risk)
SELECT pg_temp.uscc17('91410100' || lpad(i::text, 9, '0')), 'company ' || i,
       '41010' || (1 + i % 2), 'I' || (i % 3), (ARRAY['A','B','C','D'])[1 + i % 4]
  FROM generate_series(1, 400) i;
-- 5 active inspectors per department a, b, c; one inactive in a; d has one
INSERT INTO inspector (id, name, department)
SELECT d || '-' || i, 'inspector ' || d || i, d FROM unnest(ARRAY['insp_a','insp_b','insp_c']) d, generate_series(1, 5) i;
INSERT INTO inspector (id, name, department, active) VALUES ('insp_a-9', 'retired', 'insp_a', false), ('insp_d-1', 'alone', 'insp_d', true);
-- insp_a-1 and insp_b-1 are recused from every target whose number i is
-- divisible by 3 (by i, not by t.id: ids depend on the identity sequence,
-- which earlier test files advance, and the loads below must not depend on
-- which files ran before)
INSERT INTO recusal SELECT x, t.id FROM target t, unnest(ARRAY['insp_a-1','insp_b-1']) x
 WHERE t.uscc::text ~ '^91410100[0-9]{9}' AND substr(t.uscc::text, 9, 9)::int % 3 = 0;

-- ---- directories --------------------------------------------------------
SELECT throws_ok($$INSERT INTO target (uscc, name, risk) VALUES (pg_temp.uscc17('91410100999999999'), 'x', 'E')$$,
                 '23514', NULL, 'risk grade outside A-D is refused');
SELECT throws_ok($$INSERT INTO target (uscc, name, risk) VALUES (pg_temp.uscc17('91410100000000001'), 'dup', 'A')$$,
                 '23505', NULL, 'a USCC appears once in the directory');
SELECT throws_ok($$INSERT INTO inspector (id, name, department) VALUES ('bad id', 'x', 'insp_a')$$,
                 '23514', NULL, 'inspector id with a space is refused');
SELECT throws_ok($$INSERT INTO inspector (id, name, department) VALUES ('x1', 'x', 'nowhere')$$,
                 '23503', NULL, 'inspector of an unknown department is refused');
SELECT throws_ok($$INSERT INTO recusal VALUES ('nobody', 1)$$, '23503', NULL, 'recusal of an unknown inspector is refused');

-- ---- create_plan ----------------------------------------------------------
SELECT throws_ok($$SELECT create_plan('', ARRAY['insp_a'], ARRAY[0.1,0.1,0.1,0.1], sha256('s'))$$,
                 '22023', 'plan name is empty', 'empty plan name: 22023');
SELECT throws_ok(format('SELECT create_plan(%L, %L, %L, %L)', b.value, ARRAY['insp_a'], ARRAY[0.1,0.1,0.1,0.1], sha256('s')),
                 '22023', 'plan name is empty', 'a plan name of ' || b.label || ': 22023') FROM pg_temp.blank_texts() b;
SELECT throws_ok($$SELECT create_plan('p', ARRAY[]::text[], ARRAY[0.1,0.1,0.1,0.1], sha256('s'))$$,
                 '22023', 'plan has no departments', 'no departments: 22023');
SELECT throws_ok($$SELECT create_plan('p', ARRAY['insp_a','insp_a'], ARRAY[0.1,0.1,0.1,0.1], sha256('s'))$$,
                 '22023', 'plan lists a department twice', 'duplicate department: 22023');
SELECT throws_ok($$SELECT create_plan('p', ARRAY['insp_a','nowhere'], ARRAY[0.1,0.1,0.1,0.1], sha256('s'))$$,
                 '23503', 'unknown department', 'unknown department: 23503');
SELECT throws_ok($$SELECT create_plan('p', ARRAY['insp_a'], ARRAY[0.1,0.1,0.1], sha256('s'))$$,
                 '22023', 'invalid sampling rates', 'three rates: 22023');
SELECT throws_ok($$SELECT create_plan('p', ARRAY['insp_a'], ARRAY[0.1,0.1,0.1,1.5], sha256('s'))$$,
                 '22023', 'invalid sampling rates', 'rate above 1: 22023');
SELECT throws_ok($$SELECT create_plan('p', ARRAY['insp_a'], ARRAY[0.1,-0.1,0.1,0.1], sha256('s'))$$,
                 '22023', 'invalid sampling rates', 'negative rate: 22023');
SELECT throws_ok($$SELECT create_plan('p', ARRAY['insp_a'], ARRAY[0.1,NULL,0.1,0.1], sha256('s'))$$,
                 '22023', 'invalid sampling rates', 'NULL rate: 22023');
SELECT throws_ok($$SELECT create_plan('p', ARRAY['insp_a'], ARRAY[0.1,0.1,0.1,0.1], '\x0102'::bytea)$$,
                 '22023', 'invalid seed commitment', 'commitment not 32 bytes: 22023');
SELECT throws_ok($$SELECT create_plan('p', ARRAY['insp_a'], ARRAY[0.1,0.1,0.1,0.1], sha256('s'), 1)$$,
                 '22023', 'team size too small', 'team of one: 22023');
SELECT is((SELECT count(*) FROM plan), 0::bigint, 'refused plans leave no row');
SELECT is((SELECT count(*) FROM inspection_log WHERE kind NOT IN ('recusal', 'recusal_withdrawn')), 0::bigint,
          'refused plans leave no log entry (the recusals above are entries of their own)');

CREATE TEMP TABLE p AS SELECT create_plan('joint', ARRAY['insp_a','insp_b','insp_c'],
    ARRAY[0.05, 0.1, 0.2, 0.5], sha256('seed one'), 3) AS id;
SELECT is((SELECT count(*) FROM inspection_log l, p WHERE l.kind = 'plan' AND (l.payload->>'plan')::bigint = p.id
             AND l.payload->>'seed_commitment' = encode(sha256('seed one'), 'hex')),
          3::bigint, 'the plan and its commitment are logged in each of the 3 department ledgers');
SELECT is((SELECT created_by FROM plan, p WHERE plan.id = p.id), current_user::name, 'the plan records the actor');

-- ---- draw: refusals -------------------------------------------------------
SELECT throws_ok($$SELECT draw((SELECT id FROM p), 'seed two')$$, '22023', 'seed does not match the commitment',
                 'a seed that does not open the commitment: 22023');
SELECT throws_ok($$SELECT draw((SELECT id FROM p), NULL)$$, '22023', 'seed does not match the commitment', 'NULL seed: 22023');
SELECT throws_ok($$SELECT draw(-1, 'seed one')$$, '23503', 'unknown plan', 'unknown plan: 23503');
SELECT throws_ok($$SELECT draw(NULL, 'seed one')$$, '22023', 'plan id must not be null', 'NULL plan: 22023 (a bad argument, not an unknown plan)');
SELECT is((SELECT count(*) FROM draw), 0::bigint, 'refused draws leave no row');

CREATE TEMP TABLE d AS SELECT draw(p.id, 'seed one') AS id FROM p;
SELECT ok((SELECT id FROM d) IS NOT NULL, 'draw with the committed seed returns a draw id');
SELECT throws_ok($$SELECT draw((SELECT id FROM p), 'seed one')$$, '55000', 'plan already drawn',
                 'a second draw of the same plan: 55000');
SELECT throws_ok($$SELECT draw((SELECT id FROM p), 'seed two')$$, '22023', NULL,
                 'a second draw with another seed is refused too');
SELECT is((SELECT count(*) FROM draw), 1::bigint, 'exactly one draw per plan');

-- ---- draw: quotas ---------------------------------------------------------
SELECT is((SELECT candidates FROM draw), ARRAY[100,100,100,100]::bigint[], 'candidates per grade are counted');
SELECT is((SELECT selected FROM draw), ARRAY[5,10,20,50]::bigint[], 'selected per grade = ceil(rate x candidates)');
SELECT is((SELECT array_agg(n ORDER BY risk) FROM (SELECT risk, count(*) n FROM draw_selection GROUP BY risk) x),
          ARRAY[5,10,20,50]::bigint[], 'draw_selection holds the quota of every grade');
SELECT is((SELECT count(*) FROM draw_selection s JOIN target t ON t.id = s.target WHERE t.risk <> s.risk),
          0::bigint, 'each target is drawn in its own grade');
SELECT is((SELECT count(DISTINCT target) FROM draw_selection), 85::bigint, 'no target is drawn twice');
SELECT is((SELECT array_agg(rank ORDER BY rank) FROM draw_selection), (SELECT array_agg(g::int) FROM generate_series(1, 85) g),
          'ranks are 1..n');

-- ---- draw: the selection is the smallest keyed hashes ----------------------
-- rank(u) = sha256(K || u) with K = sha256('sa-insp-target' || 0x00 || seed)
CREATE TEMP TABLE kr AS
SELECT t.id, t.risk, sha256(sha256('sa-insp-target'::bytea || '\x00'::bytea || 'seed one'::bytea) || convert_to(t.uscc::text, 'UTF8')) AS r
  FROM target t;
SELECT set_eq($$SELECT target FROM draw_selection$$,
              $$SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY risk ORDER BY r) n, risk FROM kr) x
                 WHERE n <= CASE risk WHEN 'A' THEN 5 WHEN 'B' THEN 10 WHEN 'C' THEN 20 ELSE 50 END$$,
              'the drawn targets are, per grade, those with the smallest sha256(K || uscc)');
SELECT is((SELECT array_agg(target ORDER BY rank) FROM draw_selection),
          (SELECT array_agg(k.id ORDER BY k.r) FROM kr k WHERE k.id IN (SELECT target FROM draw_selection)),
          'selection order is ascending keyed hash across grades');

-- ---- draw: teams ----------------------------------------------------------
SELECT is((SELECT count(*) FROM draw_selection WHERE cardinality(inspectors) <> 3), 0::bigint, 'every team has team_size members');
SELECT is((SELECT count(*) FROM draw_selection s WHERE (SELECT count(DISTINCT x) FROM unnest(s.inspectors) x) <> 3),
          0::bigint, 'no inspector twice in a team');
SELECT is((SELECT count(*) FROM draw_selection s CROSS JOIN LATERAL unnest(s.inspectors) x JOIN inspector i ON i.id = x WHERE NOT i.active),
          0::bigint, 'inactive inspectors are never drawn');
SELECT is((SELECT count(*) FROM draw_selection s CROSS JOIN LATERAL unnest(s.inspectors) x JOIN inspector i ON i.id = x
            WHERE i.department NOT IN ('insp_a','insp_b','insp_c')), 0::bigint, 'only inspectors of the plan departments');
SELECT is((SELECT count(*) FROM draw_selection s
            WHERE (SELECT count(DISTINCT i.department) FROM unnest(s.inspectors) x JOIN inspector i ON i.id = x) <> 3),
          0::bigint, 'joint plan: every team has one member from each department');
SELECT is((SELECT count(*) FROM draw_selection s CROSS JOIN LATERAL unnest(s.inspectors) x JOIN recusal r ON r.inspector = x AND r.target = s.target),
          0::bigint, 'no recused inspector is drawn for the target');
-- (doc/inspection.md "Teams": loads within a department differ by at most
-- one without exclusions; an exclusion can push a load one further.  This
-- plan has recusals, so the bound is 17 + 1; it held at 17 only for some
-- identity-sequence offsets before the recusals were chosen by number.)
SELECT ok((SELECT max(n) FROM (SELECT count(*) n FROM draw_selection, unnest(inspectors) x GROUP BY x) y)
          <= ceil(85 * 3 / 15.0) + 1, 'no inspector above the even-load share ceil(85 x 3 / 15) = 17, plus one for the recusals');
SELECT ok((SELECT max(n) - min(n) FROM (SELECT count(*) n FROM draw_selection, unnest(inspectors) x GROUP BY x) y) <= 4,
          'loads are spread evenly (max - min <= 4)');
SELECT ok(verify_draw((SELECT id FROM d)), 'verify_draw re-runs the draw and confirms it');
SELECT is((SELECT count(*) FROM inspection_log l, d WHERE l.kind = 'draw' AND (l.payload->>'draw')::bigint = d.id
              AND l.payload->>'seed' = encode('seed one', 'hex')
              AND l.payload->>'pool_digest' = (SELECT encode(pool_digest, 'hex') FROM draw)
              AND l.payload->>'selection_digest' = (SELECT encode(selection_digest, 'hex') FROM draw)),
          3::bigint, 'the draw (seed, pool digest, selection digest) is logged in each ledger');
SELECT is((SELECT encode(pool_digest, 'hex') FROM draw), (SELECT encode(sha256(pool), 'hex') FROM draw), 'pool_digest = sha256(pool)');

-- ---- reproducibility: same seed and pool, another plan shape --------------
CREATE TEMP TABLE p2 AS SELECT create_plan('again', ARRAY['insp_a','insp_b','insp_c'],
    ARRAY[0, 0, 0.2, 0.5], sha256('seed one'), 2) AS id;
CREATE TEMP TABLE d2 AS SELECT draw(p2.id, 'seed one') AS id FROM p2;
SELECT set_eq($$SELECT target FROM draw_selection WHERE draw_id = (SELECT id FROM d2)$$,
              $$SELECT target FROM draw_selection WHERE draw_id = (SELECT id FROM d) AND risk IN ('C','D')$$,
              'same seed and pool: the same C and D targets whatever the other rates and team size');
SELECT is((SELECT count(*) FROM draw_selection a JOIN draw_selection b ON a.target = b.target
            WHERE a.draw_id = (SELECT id FROM d) AND b.draw_id = (SELECT id FROM d2) AND a.inspectors && b.inspectors),
          0::bigint, 'no inspector meets the same target as in its previous draw');
-- physically shuffle the directory: every row rewritten in random order
SELECT setseed(0.42);
CREATE TEMP TABLE before_ctid AS SELECT id, ctid AS loc FROM target;
UPDATE target SET name = name WHERE id IN (SELECT id FROM target ORDER BY random() LIMIT 200);
UPDATE target SET name = name WHERE id IN (SELECT id FROM target ORDER BY random() LIMIT 200);
SELECT ok((SELECT count(*) FROM target t JOIN before_ctid b USING (id) WHERE t.ctid <> b.loc) > 200,
          'the rows have moved physically');
SELECT ok(verify_draw((SELECT id FROM d)) AND verify_draw((SELECT id FROM d2)),
          'both draws verify after the rows are physically shuffled');
CREATE TEMP TABLE p3 AS SELECT create_plan('third', ARRAY['insp_a','insp_b','insp_c'],
    ARRAY[0.05, 0.1, 0.2, 0.5], sha256('seed one'), 3) AS id;
CREATE TEMP TABLE d3 AS SELECT draw(p3.id, 'seed one') AS id FROM p3;
SELECT is((SELECT array_agg(target ORDER BY rank) FROM draw_selection WHERE draw_id = (SELECT id FROM d3)),
          (SELECT array_agg(target ORDER BY rank) FROM draw_selection WHERE draw_id = (SELECT id FROM d)),
          'the same seed after the shuffle selects the same targets in the same order');

-- ---- filters ---------------------------------------------------------------
CREATE TEMP TABLE pf AS SELECT create_plan('filtered', ARRAY['insp_a','insp_b'], ARRAY[1, 1, 1, 1], sha256('f'), 2,
    ARRAY['410101'], ARRAY['I0','I2']) AS id;
CREATE TEMP TABLE df AS SELECT draw(pf.id, 'f') AS id FROM pf;
SELECT set_eq($$SELECT target FROM draw_selection WHERE draw_id = (SELECT id FROM df)$$,
              $$SELECT id FROM target WHERE region = '410101' AND industry IN ('I0','I2')$$,
              'rate 1 with region and industry filters draws exactly the filtered directory');
SELECT is((SELECT count(*) FROM draw_selection s CROSS JOIN LATERAL unnest(s.inspectors) x JOIN inspector i ON i.id = x
            WHERE s.draw_id = (SELECT id FROM df) AND i.department NOT IN ('insp_a','insp_b')), 0::bigint,
          'two-department plan: teams only from those departments');
SELECT ok(verify_draw((SELECT id FROM df)), 'the filtered draw verifies');

-- ---- a team that cannot be filled ----------------------------------------
CREATE TEMP TABLE pd AS SELECT create_plan('lonely', ARRAY['insp_d'], ARRAY[0.1, 0.1, 0.1, 0.1], sha256('d'), 2) AS id;
SELECT throws_ok($$SELECT draw((SELECT id FROM pd), 'd')$$, '55000', 'inspection team cannot be filled',
                 'too few inspectors for a team: 55000');
SELECT is((SELECT count(*) FROM draw WHERE plan_id = (SELECT id FROM pd)), 0::bigint, 'the failed draw leaves no draw row');
SELECT is((SELECT count(*) FROM inspection_log WHERE ledger = 'insp_d' AND kind = 'draw'), 0::bigint,
          'the failed draw leaves no log entry');
SELECT throws_ok($$SELECT verify_draw(-5)$$, '23503', 'unknown draw', 'verify_draw of an unknown draw: 23503');

-- ---- tampering is detected by verify_draw --------------------------------
ALTER TABLE draw DISABLE TRIGGER draw_append_only;
SAVEPOINT t;
UPDATE draw SET teams[1] = 'insp_a-2,insp_b-2,insp_c-2' WHERE id = (SELECT id FROM d);
SELECT ok(NOT verify_draw((SELECT id FROM d)), 'a changed team is detected');
ROLLBACK TO t;
UPDATE draw SET targets[2] = (SELECT min(id) FROM target WHERE id <> ALL (targets)) WHERE id = (SELECT id FROM d);
SELECT ok(NOT verify_draw((SELECT id FROM d)), 'a swapped target is detected');
ROLLBACK TO t;
UPDATE draw SET seed = 'seed two' WHERE id = (SELECT id FROM d);
SELECT ok(NOT verify_draw((SELECT id FROM d)), 'a replaced seed is detected');
ROLLBACK TO t;
UPDATE draw SET pool = pool || '\x00'::bytea WHERE id = (SELECT id FROM d);
SELECT ok(NOT verify_draw((SELECT id FROM d)), 'a changed pool is detected');
ROLLBACK TO t;
UPDATE draw SET pool = pool || '\x00'::bytea, pool_digest = sha256(pool || '\x00'::bytea) WHERE id = (SELECT id FROM d);
SELECT ok(NOT verify_draw((SELECT id FROM d)), 'a changed pool with a matching digest is detected');
ROLLBACK TO t;
-- a drawn target's USCC is refused (below); changed with the directory's
-- triggers off (its owner's, or a superuser's, repair), it is detected
ALTER TABLE target DISABLE TRIGGER USER;
UPDATE target SET uscc = pg_temp.uscc17('91410100888888888') WHERE id = (SELECT targets[1] FROM draw WHERE id = (SELECT id FROM d));
SELECT ok(NOT verify_draw((SELECT id FROM d)), 'a changed USCC of a drawn target (its refusal disabled) is detected');
ROLLBACK TO t;
INSERT INTO target (uscc, name, risk) VALUES (pg_temp.uscc17('91410100777777777'), 'late', 'D');
SELECT ok(verify_draw((SELECT id FROM d)), 'a target added after the draw does not affect its verification');
ROLLBACK TO t;
RELEASE t;
ALTER TABLE draw ENABLE TRIGGER draw_append_only;

-- ---- a drawn target keeps its USCC --------------------------------------
-- verify_draw() re-ranks the pool by the current USCCs: until 2026-12-05 an
-- administrator changed a drawn target's USCC and the published draw no
-- longer verified (a review)
CREATE FUNCTION pg_temp.detail_hint(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    d text;
    h text;
BEGIN
    EXECUTE q;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS d = PG_EXCEPTION_DETAIL, h = PG_EXCEPTION_HINT;
    RETURN d || ' | ' || h;
END $$;
CREATE TEMP TABLE du AS
SELECT x.targets[1] AS t1, t.uscc::text AS uscc,
       (SELECT min(y.id) FROM draw y WHERE x.targets[1] = ANY (y.targets)) AS first_draw
  FROM draw x JOIN target t ON t.id = x.targets[1] WHERE x.id = (SELECT id FROM d);
SELECT throws_ok(format('UPDATE target SET uscc = %L WHERE id = %s', pg_temp.uscc17('91410100888888888'), t1),
                 '23503', format('target %s was selected by draw %s', t1, first_draw),
                 'changing the USCC of a drawn target: 23503 (was changed, and the draw no longer verified)')
  FROM du;
SELECT is(pg_temp.detail_hint(format('UPDATE target SET uscc = %L WHERE id = %s', pg_temp.uscc17('91410100888888888'), t1)),
          format('Target %s (%s) is in the selection of draw %s, ranked by its USCC: it keeps it (verify_draw() re-ranks by the current USCC).'
                 ' | A corrected USCC is a new target: insert it; only a target no draw selected changes its USCC.',
                 t1, mask_identifier(uscc), first_draw),
          'the detail names the target (USCC masked) and the first draw that selected it; the hint says a corrected USCC is a new target')
  FROM du;
SELECT is((SELECT t.uscc::text FROM target t JOIN du ON t.id = du.t1), (SELECT uscc FROM du), 'the drawn target keeps its USCC');
SELECT ok(verify_draw((SELECT id FROM d)), 'after the refused change the draw still verifies');
SELECT throws_ok(format($$UPDATE target SET uscc = CASE WHEN id = %s THEN pg_temp.uscc17('91410100888888888') ELSE pg_temp.uscc17('91410100888888889') END
                         WHERE id IN (%s, (SELECT min(id) FROM target WHERE id <> ALL (SELECT unnest(targets) FROM draw)))$$, t1, t1),
                 '23503', format('target %s was selected by draw %s', t1, first_draw),
                 '... also within a statement that changes other targets (which keep theirs: one statement)')
  FROM du;
SELECT lives_ok(format('UPDATE target SET uscc = uscc WHERE id = %s', t1), 'setting a drawn target''s USCC to itself changes nothing: allowed')
  FROM du;
SAVEPOINT u;
SELECT lives_ok(format($$UPDATE target SET name = 'renamed', region = region WHERE id = %s$$, t1), 'other columns of a drawn target still change')
  FROM du;
ROLLBACK TO u;
RELEASE u;
INSERT INTO target (uscc, name, risk) VALUES (pg_temp.uscc17('91410100777777701'), 'never drawn', 'D');
SELECT lives_ok($$UPDATE target SET uscc = pg_temp.uscc17('91410100777777702') WHERE name = 'never drawn'$$,
                'the USCC of a target no draw selected changes as before');
SELECT is((SELECT uscc::text FROM target WHERE name = 'never drawn'), pg_temp.uscc17('91410100777777702')::text, '... and is changed');
SELECT ok(verify_draw((SELECT id FROM d)), 'the draw still verifies');
DELETE FROM target WHERE name = 'never drawn';
SELECT is((SELECT array_agg(a.attname::text ORDER BY a.attname)
             FROM pg_trigger g JOIN pg_attribute a ON a.attrelid = g.tgrelid AND a.attnum = ANY (g.tgattr::int2[])
            WHERE g.tgrelid = 'service_affair.target'::regclass AND g.tgname = 'target_keep_drawn_lock'),
          ARRAY['id', 'uscc'],
          'only statements that set id or uscc take the writers'' lock (the credit refresh, setting credit_risk, does not)');

-- ---- results and publication ---------------------------------------------
CREATE TEMP TABLE tg AS SELECT targets[1] AS t1, targets[2] AS t2, targets[3] AS t3 FROM draw WHERE id = (SELECT id FROM d);
SELECT lives_ok($$SELECT record_result((SELECT id FROM d), (SELECT t1 FROM tg), 'pass', 'no findings', '2026-01-05 10:00+08')$$,
                'record_result of a drawn target');
SELECT throws_ok($$SELECT record_result((SELECT id FROM d), (SELECT t1 FROM tg), 'fail', 'again', '2026-01-06 10:00+08')$$,
                 '23505', 'result already recorded', 'a second result for the same target: 23505');
SELECT throws_ok($$SELECT record_result((SELECT id FROM d), (SELECT t2 FROM tg), 'great', NULL)$$,
                 '22023', 'invalid outcome', 'an unknown outcome: 22023');
SELECT throws_ok($$SELECT record_result((SELECT id FROM d), (SELECT min(id) FROM target WHERE id NOT IN (SELECT target FROM draw_selection WHERE draw_id = (SELECT id FROM d))), 'pass', NULL)$$,
                 '23503', 'target not drawn', 'a target not drawn: 23503');
SELECT throws_ok($$SELECT record_result((SELECT id FROM d), NULL, 'pass', NULL)$$,
                 '22023', 'target must not be null', 'a NULL target: 22023, not 23503 (06_arguments.sql)');
SELECT throws_ok($$SELECT record_result(-1, 1, 'pass', NULL)$$, '23503', 'unknown draw', 'an unknown draw: 23503');
SELECT throws_ok($$SELECT record_result((SELECT id FROM d), (SELECT t2 FROM tg), 'pass', NULL, 'infinity')$$,
                 '22023', 'invalid result time', 'an infinite result time: 22023');
SELECT throws_ok($$SELECT record_result((SELECT id FROM d), (SELECT t2 FROM tg), 'pass', NULL, '294000-01-01 00:00+00')$$,
                 '22023', 'at is too late', 'a result in the year 294000: 22023 (recorded times end with the year 8999)');
-- issues and fail are published with what was found: findings that read as
-- nothing are refused (a review recorded U+3000 findings, then published them)
SELECT throws_ok($$SELECT record_result((SELECT id FROM d), (SELECT t2 FROM tg), 'issues', NULL, '2026-01-05 16:00+08')$$,
                 '22023', 'findings required', 'issues without findings: 22023');
SELECT throws_ok($$SELECT record_result((SELECT id FROM d), (SELECT t2 FROM tg), 'fail', '', '2026-01-05 16:00+08')$$,
                 '22023', 'findings required', 'fail with empty findings: 22023');
SELECT throws_ok(format('SELECT record_result((SELECT id FROM d), (SELECT t2 FROM tg), %L, %L, %L)',
                        CASE WHEN b.label LIKE 'two%' OR b.label LIKE 'a tab%' THEN 'fail' ELSE 'issues' END, b.value, '2026-01-05 16:00+08'),
                 '22023', 'findings required', 'findings of ' || b.label || ': 22023')
  FROM pg_temp.blank_texts() b;
SELECT throws_ok($$SELECT record_result((SELECT id FROM d), (SELECT t2 FROM tg), 'fail', E'\x01\x02', '2026-01-05 16:00+08')$$,
                 '22023', 'findings required', 'findings of control characters: 22023');
SELECT is((SELECT count(*) FROM inspection_result WHERE draw_id = (SELECT id FROM d) AND target = (SELECT t2 FROM tg)), 0::bigint,
          'the refused results left no row');
SELECT lives_ok($$SELECT record_result((SELECT id FROM d), (SELECT t2 FROM tg), 'issues', '灭火器过期', '2026-01-05 16:00+08')$$,
                'a second target result');
SELECT is((SELECT count(*) FROM inspection_log WHERE kind = 'result'), 6::bigint, 'each result is logged in the 3 ledgers');
SELECT is((SELECT count(*) FROM public_results), 0::bigint, 'nothing is public before publication');
SELECT throws_ok($$SELECT publish_results((SELECT id FROM d), '2026-01-04 10:00+08')$$, '22023', 'publication before result',
                 'publishing before a result exists: 22023');
SELECT throws_ok($$SELECT publish_results(-1)$$, '23503', 'unknown draw', 'publishing an unknown draw: 23503');
SELECT throws_ok($$SELECT publish_results((SELECT id FROM d), '9000-01-01 00:00+00')$$, '22023', 'at is too late',
                 'a publication at 9000-01-01 00:00 UTC: 22023');
SELECT is(publish_results((SELECT id FROM d), '2026-02-02 09:00+08'), 2, 'publish_results publishes the 2 results');
SELECT is(publish_results((SELECT id FROM d), '2026-02-03 09:00+08'), 0, 'publishing again publishes nothing new');
SELECT is((SELECT count(*) FROM inspection_log WHERE kind = 'publication'), 3::bigint, 'one publication entry per ledger');
-- called directly, not through lives_ok() (whose exception block is a
-- subtransaction): a row written in a subtransaction has the
-- subtransaction's id as its xmin
SELECT is((SELECT count(*) FROM (SELECT record_result((SELECT id FROM d), (SELECT t3 FROM tg), 'fail', 'late', '2026-01-05 12:00+08')) r),
          1::bigint, 'a third result');
SELECT ok((SELECT r.xmin = pg_current_xact_id()::xid FROM inspection_result r WHERE r.draw_id = (SELECT id FROM d) AND r.target = (SELECT t3 FROM tg)),
          'in read committed a result is written by the transaction itself, no subtransaction (a batch of results in one transaction would take one each)');
SELECT is(publish_results((SELECT id FROM d), '2026-03-02 09:00+08'), 1, 'the late result is published later');
SELECT results_eq($$SELECT result_date, publish_due, deadline_met FROM public_results ORDER BY published_at, outcome$$,
                  $$VALUES ('2026-01-05'::date, add_workdays('2026-01-05', 20), true),
                           ('2026-01-05'::date, add_workdays('2026-01-05', 20), true),
                           ('2026-01-05'::date, add_workdays('2026-01-05', 20), false)$$,
                  'public_results: result day, due 20 working days later, and whether the publication met it');
SELECT is((SELECT array_agg(outcome ORDER BY outcome) FROM public_results), ARRAY['fail','issues','pass'],
          'public_results lists the outcomes');

-- a pass's findings that read as nothing are recorded, logged and published as none
SELECT ok((SELECT targets[4] IS NOT NULL FROM draw WHERE id = (SELECT id FROM d)), 'the draw has a fourth target');
SELECT lives_ok(format($$SELECT record_result((SELECT id FROM d), (SELECT targets[4] FROM draw WHERE id = (SELECT id FROM d)), 'pass', %L, '2026-01-06 10:00+08')$$,
                       U&'\3000\3000'),
                'a pass with findings of two ideographic spaces');
SELECT is((SELECT count(*) FROM inspection_result r JOIN inspection_log l ON l.kind = 'result' AND (l.payload->>'target')::bigint = r.target
                                                                        AND (l.payload->>'draw')::bigint = r.draw_id
            WHERE r.draw_id = (SELECT id FROM d) AND r.target = (SELECT targets[4] FROM draw WHERE id = (SELECT id FROM d))
              AND r.findings IS NULL AND l.payload->'findings' = 'null'::jsonb),
          3::bigint, 'its findings are none, in the result and in the entry of each of the 3 ledgers');

-- ---- append-only ----------------------------------------------------------
SELECT throws_ok($$UPDATE inspection_log SET kind = 'plan'$$, '42501', 'inspection_log is append-only', 'UPDATE of the log: 42501');
SELECT throws_ok($$DELETE FROM inspection_log$$, '42501', 'inspection_log is append-only', 'DELETE from the log: 42501');
SELECT throws_ok($$TRUNCATE inspection_log CASCADE$$, '42501', 'inspection_log is append-only', 'TRUNCATE of the log: 42501');
SELECT throws_ok($$UPDATE draw SET seed = 'x'$$, '42501', 'draw is append-only', 'UPDATE of a draw: 42501');
SELECT throws_ok($$DELETE FROM inspection_result$$, '42501', 'inspection_result is append-only', 'DELETE of a result: 42501');
SELECT throws_ok($$DELETE FROM plan$$, '42501', 'plan is append-only', 'DELETE of a plan: 42501');

-- ---- privileges -----------------------------------------------------------
CREATE ROLE insp_nobody;
SET LOCAL ROLE insp_nobody;
SELECT throws_ok($$SELECT service_affair.draw(1, 'x')$$, '42501', NULL, 'PUBLIC cannot run a draw');
SELECT throws_ok($$SELECT service_affair.create_plan('x', ARRAY['insp_a'], ARRAY[0,0,0,0], sha256('x'))$$, '42501', NULL,
                 'PUBLIC cannot create a plan');
SELECT throws_ok($$SELECT service_affair.log_append('insp_a', 'plan', '{}')$$, '42501', NULL, 'PUBLIC cannot append to a log');
SELECT throws_ok($$SELECT * FROM service_affair.inspection_log$$, '42501', NULL, 'PUBLIC cannot read the log directly');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
