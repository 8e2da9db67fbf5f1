-- The refresh of one subject's grade (credit_refresh_targets(at, subject),
-- run by every credit fact, review, repair, kept check and inspection pass)
-- keeps its plan.  Until 2026-12-06 its one statement served the sweep and
-- one subject with conditions `(v_target IS NULL OR x = v_target)`, which a
-- generic plan cannot simplify, so the function forced a custom plan
-- (plan_cache_mode = force_custom_plan) and planned the grade query anew at
-- every call: ~1.85 ms of each pass and fail of record_result()
-- (doc/benchmarks-insp.md).  The grade rule now lives in the view
-- credit_target_grade; restricted by a target id and its subject as
-- parameters, its generic plan reads every table by an index.  No timing
-- here: the function's setting, and the generic plan of the restricted
-- view (sequential scans off: a table the parameters do not reach is read
-- whole whatever the setting, and shows as Seq Scan).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(6);

SELECT ok(NOT EXISTS (SELECT FROM pg_catalog.unnest(p.proconfig) c WHERE c LIKE 'plan_cache_mode=%custom%')
          AND 'plan_cache_mode=force_generic_plan' = ANY (p.proconfig),
          'credit_refresh_targets() keeps a generic plan (no force_custom_plan)')
  FROM pg_catalog.pg_proc p WHERE p.oid = 'service_affair.credit_refresh_targets(timestamptz, text)'::regprocedure;

SET LOCAL plan_cache_mode = force_generic_plan;
SET LOCAL enable_seqscan = off;
PREPARE credit_one(bigint, text) AS
  SELECT x.id, x.new FROM service_affair.credit_target_grade x WHERE x.id = $1 AND x.subject = $2;
CREATE FUNCTION pg_temp.plan_of() RETURNS text LANGUAGE plpgsql AS $$
DECLARE r text; p text := '';
BEGIN
    FOR r IN EXECUTE 'EXPLAIN (COSTS OFF) EXECUTE credit_one(1, ''91110000600037341L'')' LOOP
        p := p || r || E'\n';
    END LOOP;
    RETURN p;
END
$$;
CREATE TEMP TABLE shown AS SELECT pg_temp.plan_of() AS plan;

SELECT is((SELECT generic_plans FROM pg_catalog.pg_prepared_statements WHERE name = 'credit_one'), 1::bigint,
          'the restricted grade query is planned generically');
SELECT unalike((SELECT plan FROM shown), '%Seq Scan%',
              'its generic plan reads no table whole (the parameters reach every table)');
SELECT alike((SELECT plan FROM shown), '%inspection_result_target_idx%Index Cond: (target = $1)%',
            'the target''s passes by inspection_result_target_idx and the id parameter');
SELECT alike((SELECT plan FROM shown), '%Index Scan using credit_event_subject_idx on credit_event%(subject = $2)%',
            'the subject''s events by credit_event_subject_idx and the subject parameter');
SELECT alike((SELECT plan FROM shown), '%Index Scan using target_pkey on target%(id = $1)%',
            'the target by its key and the id parameter');

DEALLOCATE credit_one;
SELECT * FROM finish();
ROLLBACK;
