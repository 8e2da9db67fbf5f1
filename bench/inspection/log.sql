-- bench/inspection/log.sql: verify_log over 1,000,000 entries against a
-- plain sequential scan of the same log.  The chain is built here directly
-- (superuser, one transaction) with the same hash function log_append uses.
SET search_path = service_affair, public;
INSERT INTO department (code, name) VALUES ('bench', 'bench') ON CONFLICT DO NOTHING;
INSERT INTO ledger (name) VALUES ('bench');
SELECT set_config('bench.n', :'n', false);
DO $$
DECLARE
    h bytea := '\x0000000000000000000000000000000000000000000000000000000000000000';
    t timestamptz := '2026-01-01 00:00:00+08';
    p jsonb;
    i bigint;
BEGIN
    FOR i IN 1 .. current_setting('bench.n')::bigint LOOP
        p := jsonb_build_object('plan', i / 10, 'draw', i, 'uscc', '91350100M000100Y43', 'outcome', 'pass', 'findings', 'none');
        INSERT INTO inspection_log VALUES ('bench', i, t, 'result', p, h,
            log_entry_hash('sha256', 'bench', i, t, 'result', p, h))
        RETURNING hash INTO h;
        t := t + interval '1 second';
    END LOOP;
    UPDATE ledger SET head_seq = current_setting('bench.n')::bigint, head_hash = h WHERE name = 'bench';
END
$$;
VACUUM ANALYZE inspection_log;
SELECT count(*) FROM inspection_log;   -- warm
CREATE TEMP TABLE lresult (what text, round int, ms float8);
CREATE FUNCTION pg_temp.lmeasure(what text, round int, q text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE j json;
BEGIN
    EXECUTE 'EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) ' || q INTO j;
    INSERT INTO lresult VALUES (what, round, (j->0->>'Execution Time')::float8);
END
$$;
SELECT count(*) FROM (SELECT pg_temp.lmeasure('seq scan: SELECT count(*) FROM inspection_log', g, 'SELECT count(*) FROM service_affair.inspection_log'),
       pg_temp.lmeasure('seq scan reading every column', g,
                        'SELECT count(*) FROM service_affair.inspection_log WHERE payload IS NOT NULL AND hash IS NOT NULL AND prev_hash IS NOT NULL AND kind IS NOT NULL'),
       pg_temp.lmeasure('hash every entry, no chain checks', g,
                        'SELECT count(service_affair.log_entry_hash(''sha256'', ledger, seq, at, kind, payload, prev_hash)) FROM service_affair.inspection_log'),
       pg_temp.lmeasure('verify_log(''bench'')', g, 'SELECT * FROM service_affair.verify_log(''bench'')')
  FROM generate_series(1, 3) g) x;
\echo '== verify_log over the log (median of 3)'
SELECT what, round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 1) AS median_ms,
       round((:n / (percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) / 1000))::numeric) AS entries_per_s
  FROM lresult GROUP BY what ORDER BY 2;
SELECT round(((SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) FROM lresult WHERE what LIKE 'verify%')
            / (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) FROM lresult WHERE what LIKE 'seq scan: %'))::numeric, 1)
       AS verify_over_seqscan;
SELECT * FROM verify_log('bench');
