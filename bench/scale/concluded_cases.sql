-- Loads :n concluded and delivered cases of bench/intake/setup.sql's item
-- bn6 (one in four suspended and resumed once, one in two rated), submitted
-- one a second from 2026-06-01 09:00 (+08), and makes the months of June 2026
-- of every table of the case family beforehand, so that settling them moves
-- rows and makes no partition.  The one load of bench/scale/settle.sh and
-- bench/settle/writers.sh:
--     psql -v n=2000 -f bench/scale/concluded_cases.sql
-- (autocommit: the DO block commits every 1,000 cases)
SET bench.concluded_cases = :'n';
DO $$
DECLARE
    p bigint := (SELECT min(id) FROM service_affair.applicant);
    k bigint;
    t bigint;
    s timestamptz;
BEGIN
    FOR i IN 1 .. pg_catalog.current_setting('bench.concluded_cases')::integer LOOP
        s := '2026-06-01 09:00+08'::timestamptz + i * interval '1 second';
        k := service_affair.submit('bn6', p + i % 1000, '{m1,m2,m3,m4,m5,m6}'::text[], 'window', '{}'::text[], s);
        SELECT id INTO t FROM service_affair.task WHERE case_id = k;
        IF i % 4 = 0 THEN
            PERFORM service_affair.suspend(t, 'inspection', s + interval '1 day');
            PERFORM service_affair.resume(t, s + interval '1 day 1 hour');
        END IF;
        PERFORM service_affair.complete_task(t, 'approved', s + interval '2 days');
        PERFORM service_affair.deliver(k, 'window', s + interval '3 days');
        IF i % 2 = 0 THEN
            PERFORM service_affair.rate(k, 5, 'window', NULL, s + interval '3 days 1 hour');
        END IF;
        IF i % 1000 = 0 THEN
            COMMIT;
        END IF;
    END LOOP;
END
$$;
-- the months of June 2026, made beforehand: each table's range column (the
-- key of its <t>_settled), its least and greatest value
DO $$
DECLARE
    t text;
    col text;
    lo bigint;
    hi bigint;
BEGIN
    FOREACH t IN ARRAY '{cases,case_material,case_event,task,task_suspension,rating,rectification,case_leg,commitment_check}'::text[] LOOP
        SELECT a.attname INTO col FROM pg_catalog.pg_partitioned_table p
          JOIN pg_catalog.pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]
         WHERE p.partrelid = format('service_affair.%I', t || '_settled')::regclass;
        EXECUTE format('SELECT min(%I), max(%I) FROM service_affair.%I', col, col, t) INTO lo, hi;
        IF lo IS NOT NULL THEN
            PERFORM service_affair.history_month(t, lo);
            PERFORM service_affair.history_month(t, hi);
        END IF;
    END LOOP;
END
$$;
VACUUM ANALYZE;
