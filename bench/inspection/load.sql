-- bench/inspection/load.sql: what keeping the packed directory costs the
-- writers of target (72_target_pack.sql), against the same writes with the
-- pack's four triggers disabled (what they cost without a pack; the other
-- triggers of target run in both).  Alternating rounds, each rolled back:
--   bulk:   100,000 targets in one INSERT (15,625 blocks packed)
--   single: 500 targets, one INSERT per transaction (a block packed at each
--           commit; a procedure that commits, the rows deleted afterwards)
--   update: UPDATE of the risk of 100,000 existing targets in one statement
-- The blocks a transaction writes are packed when it commits; bulk and
-- update roll back, so they pack at the end of their statement instead (SET
-- CONSTRAINTS ... IMMEDIATE: the same work as at commit).  On the database
-- bench/inspection/setup.sql made.
\set ON_ERROR_STOP on
SET search_path = service_affair, public;
CREATE TEMP TABLE load_result (what text, pack boolean, round int, ms float8);
-- 100,000 valid USCCs not in the directory, made once (their check
-- character as setup.sql makes it)
CREATE TEMP TABLE load_uscc AS
SELECT i, (b || substr('0123456789ABCDEFGHJKLMNPQRTUWXY',
                       1 + (31 - (SELECT sum((strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(b, k, 1)) - 1)
                                             * (ARRAY[1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28])[k])
                                    FROM generate_series(1, 17) k)::int % 31) % 31, 1))::service_affair.uscc AS uscc
  FROM (SELECT i, '92410200' || lpad(i::text, 9, '0') AS b FROM generate_series(1, 100000) i) x;

CREATE FUNCTION pg_temp.load_ms(what text, pack boolean, round int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    t0 timestamptz;
    ms float8;
BEGIN
    BEGIN
        IF NOT pack THEN
            ALTER TABLE service_affair.target DISABLE TRIGGER target_pack_inserted, DISABLE TRIGGER target_pack_updated;
        END IF;
        SET CONSTRAINTS service_affair.target_pack_flush IMMEDIATE;
        t0 := clock_timestamp();
        IF what = 'bulk' THEN
            INSERT INTO service_affair.target (uscc, name, region, industry, risk)
            SELECT u.uscc, 'load ' || u.i, '4101' || lpad((u.i % 20)::text, 2, '0'), 'I' || (u.i % 50), 'B'
              FROM load_uscc u;
        ELSE
            UPDATE service_affair.target SET risk = CASE risk WHEN 'A' THEN 'B' ELSE 'A' END WHERE id <= 100000;
        END IF;
        ms := extract(epoch FROM clock_timestamp() - t0) * 1000;
        RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'roll back';
    EXCEPTION WHEN SQLSTATE 'P0001' THEN
        INSERT INTO load_result VALUES (what, pack, round, ms);
    END;
END
$$;
CREATE INDEX ON load_uscc (i);
ANALYZE load_uscc;
SELECT count(pg_temp.load_ms(w, p, r))
  FROM generate_series(1, 5) r, (VALUES ('bulk'), ('update')) x(w), (VALUES (true), (false)) y(p);

-- single-row inserts, a transaction each (COMMIT in a procedure), then deleted
CREATE PROCEDURE pg_temp.single_tx(pack boolean, round int) LANGUAGE plpgsql AS $$
DECLARE
    t0 timestamptz;
    ms float8;
BEGIN
    IF pack THEN
        ALTER TABLE service_affair.target ENABLE ALWAYS TRIGGER target_pack_inserted;
    ELSE
        ALTER TABLE service_affair.target DISABLE TRIGGER target_pack_inserted;
    END IF;
    COMMIT;
    t0 := clock_timestamp();
    FOR k IN 1 .. 500 LOOP
        INSERT INTO service_affair.target (uscc, name, region, industry, risk)
        VALUES ((SELECT u.uscc FROM load_uscc u WHERE u.i = k), 'load ' || k, '410101', 'I1', 'B');
        COMMIT;
    END LOOP;
    ms := extract(epoch FROM clock_timestamp() - t0) * 1000;
    INSERT INTO load_result VALUES ('single (500 transactions)', pack, round, ms);
    ALTER TABLE service_affair.target ENABLE ALWAYS TRIGGER target_pack_inserted;
    DELETE FROM service_affair.target WHERE name LIKE 'load %';
    COMMIT;
END
$$;
CALL pg_temp.single_tx(true, 1);
CALL pg_temp.single_tx(false, 1);
CALL pg_temp.single_tx(true, 2);
CALL pg_temp.single_tx(false, 2);
CALL pg_temp.single_tx(true, 3);
CALL pg_temp.single_tx(false, 3);
CALL pg_temp.single_tx(true, 4);
CALL pg_temp.single_tx(false, 4);
CALL pg_temp.single_tx(true, 5);
CALL pg_temp.single_tx(false, 5);
SELECT count(*) AS differing_blocks_after FROM service_affair.target_pack_check();
\echo '== writes of target with the packed directory kept, and with its triggers disabled (median of 5 alternating rounds; bulk and update rolled back)'
SELECT w.what, round(percentile_cont(0.5) WITHIN GROUP (ORDER BY w.ms) FILTER (WHERE w.pack)::numeric, 1) AS with_pack_ms,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY w.ms) FILTER (WHERE NOT w.pack)::numeric, 1) AS without_ms,
       round((percentile_cont(0.5) WITHIN GROUP (ORDER BY w.ms) FILTER (WHERE w.pack)
              / percentile_cont(0.5) WITHIN GROUP (ORDER BY w.ms) FILTER (WHERE NOT w.pack))::numeric, 2) AS ratio
  FROM load_result w GROUP BY w.what ORDER BY w.what;
