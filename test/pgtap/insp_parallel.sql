-- draw() scans the target directory in parallel (leader plus up to
-- max_parallel_workers_per_gather workers) when it is at least
-- min_parallel_table_scan_size; the selection must not depend on it.  Here
-- min_parallel_table_scan_size = 0 makes a 6,000-target directory
-- qualify; each parallel draw is compared with a serial draw of a twin
-- plan (same seed and rates: same targets in the same order; the teams
-- differ because the twin excludes the first draw's teams) and re-run by
-- verify_draw (serial).  The second pair runs out of the shared space for
-- kept candidates (reltuples understated, every grade at rate 1): the
-- leader then ranks the recorded pool again, exactly; its selection is
-- checked against the keyed ranks computed in SQL.
SET search_path = service_affair, public;
BEGIN;
SELECT plan(10);

\ir uscc17.inc
INSERT INTO department (code, name) VALUES ('ip_a', 'A'), ('ip_b', 'B');
INSERT INTO target (uscc, name, region, risk)
SELECT pg_temp.uscc17('91440300' || lpad(i::text, 9, '0')), 'p' || i, 'R' || (i % 3),
       (ARRAY['A', 'B', 'C', 'D'])[1 + i % 4]
  FROM generate_series(1, 6000) i;
INSERT INTO inspector (id, name, department)
SELECT d || '-' || i, d || i, d FROM unnest(ARRAY['ip_a', 'ip_b']) d, generate_series(1, 6) i;
ANALYZE target;

CREATE TEMP TABLE pd (what text, draw_id bigint);
CREATE FUNCTION pg_temp.pdraw(what text, parallel boolean, rates numeric[], regions text[] DEFAULT NULL) RETURNS bigint
    LANGUAGE plpgsql AS $$
DECLARE d bigint;
BEGIN
    PERFORM set_config('min_parallel_table_scan_size', '0', true);
    -- the table, not the packed directory (insp_pack.sql), is what runs in parallel
    PERFORM set_config('service_affair.draw_directory', 'table', true);
    PERFORM set_config('max_parallel_workers_per_gather', CASE WHEN parallel THEN '2' ELSE '0' END, true);
    d := service_affair.draw(service_affair.create_plan(what, ARRAY['ip_a', 'ip_b'], rates,
                                                        sha256(convert_to('par seed', 'UTF8')), 2, regions),
                             convert_to('par seed', 'UTF8'));
    PERFORM set_config('max_parallel_workers_per_gather', '2', true);
    PERFORM set_config('service_affair.draw_directory', '', true);
    INSERT INTO pd VALUES (what, d);
    RETURN d;
END
$$;

-- the shared space for kept candidates is sized from reltuples: understated,
-- it overflows when every candidate is kept
-- (drawn first, while no target has a previous team to avoid)
UPDATE pg_class SET reltuples = 1 WHERE oid = 'service_affair.target'::regclass;
SELECT pg_temp.pdraw('parallel, overflow', true, ARRAY[1, 1, 1, 1]);
ANALYZE target;
SELECT is((SELECT selected FROM draw x, pd WHERE pd.what = 'parallel, overflow' AND x.id = pd.draw_id), ARRAY[1500, 1500, 1500, 1500]::bigint[],
          'parallel draw of every candidate (6,000, more than the shared space holds)');
SELECT ok((SELECT x.targets FROM draw x, pd WHERE pd.what = 'parallel, overflow' AND x.id = pd.draw_id)
          = ARRAY(SELECT t.id FROM target t
                   ORDER BY sha256(sha256(convert_to('sa-insp-target', 'UTF8') || '\x00'::bytea || convert_to('par seed', 'UTF8'))
                                   || convert_to(t.uscc::text, 'UTF8')), t.id),
          'after the overflow the selection is every target in keyed-rank order (exact second pass)');
SELECT ok(verify_draw((SELECT draw_id FROM pd WHERE what = 'parallel, overflow')), 'and it verifies');
SELECT is((SELECT count(*) FROM draw_selection s, pd WHERE pd.what = 'parallel, overflow' AND s.draw_id = pd.draw_id
            AND cardinality(s.inspectors) = 2), 6000::bigint, 'every selected target has a team of 2');
SELECT is((SELECT candidates FROM draw x, pd WHERE pd.what = 'parallel, overflow' AND x.id = pd.draw_id),
          ARRAY[1500, 1500, 1500, 1500]::bigint[], 'it counts every candidate once');

SELECT pg_temp.pdraw('parallel', true, ARRAY[0.1, 0.2, 0.3, 0.5], ARRAY['R0', 'R2']);
SELECT pg_temp.pdraw('serial', false, ARRAY[0.1, 0.2, 0.3, 0.5], ARRAY['R0', 'R2']);
CREATE TEMP VIEW pair AS
SELECT a.what, x.targets AS pt, y.targets AS st, x.candidates AS pc, y.candidates AS sc, x.selected AS ps, y.selected AS ss,
       x.id AS pid, y.id AS sid
  FROM (VALUES ('parallel', 'serial')) a(what, twin)
  JOIN pd p ON p.what = a.what JOIN draw x ON x.id = p.draw_id
  JOIN pd s ON s.what = a.twin JOIN draw y ON y.id = s.draw_id;

SELECT is((SELECT ps FROM pair WHERE what = 'parallel'), ARRAY[100, 200, 300, 500]::bigint[],
          'parallel draw: quotas of the filtered directory (4,000 candidates, 1,000 per grade)');
SELECT is((SELECT pc FROM pair WHERE what = 'parallel'), (SELECT sc FROM pair WHERE what = 'parallel'),
          'parallel and serial draw count the same candidates per grade');
SELECT ok((SELECT pt = st FROM pair WHERE what = 'parallel'),
          'parallel and serial draw select the same 1,100 targets in the same order');
SELECT ok(verify_draw((SELECT draw_id FROM pd WHERE what = 'parallel')), 'the parallel draw verifies');
SELECT ok(verify_draw((SELECT draw_id FROM pd WHERE what = 'serial')), 'the serial twin verifies');

SELECT * FROM finish();
ROLLBACK;
