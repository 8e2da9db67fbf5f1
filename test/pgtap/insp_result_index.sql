-- The results of one target are read by an index.  credit_refresh_targets()
-- counts a target's merits (its passes) at every pass and fail that
-- record_result() records; until 2026-12-05 inspection_result had only its
-- primary key (draw_id, target), and that count read every result ever
-- recorded (a sequential scan: bench/inspection/record.sh, doc/benchmarks-insp.md).
-- No timing here: the index, and the plan of the lookup.
SET search_path = service_affair, public;
BEGIN;
SELECT plan(3);

\ir uscc17.inc
INSERT INTO department (code, name) VALUES ('ri_a', '甲');
INSERT INTO target (uscc, name, region, industry, risk)
SELECT pg_temp.uscc17('91440300' || lpad((70000 + i)::text, 9, '0')), 'ri ' || i, '440301', 'I', 'D'
  FROM generate_series(1, 3000) i;
INSERT INTO inspector (id, name, department) VALUES ('ri-1', 'one', 'ri_a'), ('ri-2', 'two', 'ri_a');
SELECT create_plan('ri plan', ARRAY['ri_a'], ARRAY[0, 0, 0, 1], sha256('ri seed'), 2) AS pid \gset
SELECT draw(:pid, 'ri seed') AS did \gset
-- results of every drawn target (issues: no credit event), as years of inspections leave
INSERT INTO inspection_result (draw_id, target, outcome, findings, at, recorded_by)
SELECT d.id, u.t, 'issues', 'found', now() - interval '1 day', 'ri'
  FROM draw d, unnest(d.targets) AS u(t) WHERE d.id = :did;
ANALYZE inspection_result;
SELECT target AS t1 FROM inspection_result WHERE draw_id = :did ORDER BY target LIMIT 1 \gset

SELECT has_index('service_affair', 'inspection_result', 'inspection_result_target_idx', ARRAY['target'],
                 'inspection_result has an index on target');
CREATE FUNCTION pg_temp.plan_of(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE r text; p text := '';
BEGIN
    FOR r IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP p := p || r || E'\n'; END LOOP;
    RETURN p;
END
$$;
-- the merits of one target, as credit_refresh_targets() asks them
SELECT doesnt_match(pg_temp.plan_of(format($$SELECT r.target FROM service_affair.inspection_result r
                                        WHERE r.outcome = 'pass' AND r.target = %s$$, :t1)),
              'Seq Scan',
              'the passes of one target are not found by reading every result');
SELECT matches(pg_temp.plan_of(format($$SELECT r.target FROM service_affair.inspection_result r
                                         WHERE r.outcome = 'pass' AND r.target = %s$$, :t1)),
               'inspection_result_target_idx',
               'they are found by the index on target');

SELECT * FROM finish();
ROLLBACK;
