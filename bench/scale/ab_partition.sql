-- Helpers of bench/scale/ab_partition.sh, loaded into every database after the
-- bench data (bench/intake/setup.sql, bench/routing/setup.sql).  The same
-- text in each: what differs is only the schema under it (main's, or this
-- tree's cases partitioned by settled).

-- the backend's CPU time so far, ns: bench/scale/ab_cpu.c, built by the
-- script into the private installation (clock_gettime(CLOCK_PROCESS_CPUTIME_ID);
-- /proc/self/schedstat, read by the backend itself, lags by up to a tick)
CREATE FUNCTION public.ab_cpu() RETURNS bigint AS '$libdir/ab_cpu', 'ab_cpu' LANGUAGE C VOLATILE STRICT;

-- CPU per call, µs: n calls of op after warm untimed ones (the session's
-- first plans and relcache loads; more than five, so that every cached plan
-- has made its choice between custom and generic), each call its own
-- transaction.  op: submit (bench/intake/submit.sql: a complete 6-material
-- case of bn6, an applicant of the 1,000) or claim (bench/routing/claim.sql:
-- claim the earliest-due task of queue BR_Q and complete it, which concludes
-- its case).
CREATE PROCEDURE public.ab_run(op text, n int, INOUT cpu_us numeric DEFAULT NULL, warm int DEFAULT 12)
LANGUAGE plpgsql AS $$
DECLARE
    i int; t0 bigint; x bigint; t bigint;
    ap bigint[] := (SELECT pg_catalog.array_agg(a.id ORDER BY a.id) FROM service_affair.applicant a WHERE a.name LIKE 'Person %');
BEGIN
    COMMIT;
    FOR i IN 1 .. n + warm LOOP
        IF i = warm + 1 THEN t0 := public.ab_cpu(); END IF;
        IF op = 'submit' THEN
            x := service_affair.submit('bn6', ap[1 + (i * 7919) % 1000], '{m1,m2,m3,m4,m5,m6}', 'window');
        ELSIF op = 'claim' THEN
            t := service_affair.claim_task('BR_Q', 'bench');
            IF t IS NULL THEN
                RAISE EXCEPTION 'queue BR_Q is empty';
            END IF;
            PERFORM service_affair.complete_task(t, 'approved');
        ELSE
            RAISE EXCEPTION 'unknown op %', op;
        END IF;
        COMMIT;
    END LOOP;
    cpu_us := round((public.ab_cpu() - t0) / n / 1000.0, 1);
END
$$;

-- relation locks the session holds (call it at the end of a call's
-- transaction): total / not on the fast path / of the schema service_affair,
-- the cases relations among them, and how many relations of the history
-- (<t>_settled, their months and indexes: none, if open work prunes them)
CREATE FUNCTION public.ab_locks() RETURNS text LANGUAGE sql AS $$
    SELECT pg_catalog.count(*) || ' / ' || pg_catalog.count(*) FILTER (WHERE NOT l.fastpath)
           || ' / ' || pg_catalog.count(*) FILTER (WHERE c.relnamespace = 'service_affair'::regnamespace)
           || ' [' || coalesce(pg_catalog.string_agg(DISTINCT c.relname, ',' ORDER BY c.relname)
                                 FILTER (WHERE c.relname LIKE 'cases%'), '') || ']'
           || ' history: ' || pg_catalog.count(*) FILTER (WHERE c.relname LIKE '%\_settled%')
      FROM pg_catalog.pg_locks l LEFT JOIN pg_catalog.pg_class c ON c.oid = l.relation
     WHERE l.pid = pg_catalog.pg_backend_pid() AND l.locktype = 'relation'
$$;
