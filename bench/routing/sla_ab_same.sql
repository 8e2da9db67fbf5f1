-- bench/routing/sla_ab_same.sql — for `SLA_AB_SAME=PORT bench/routing/sla_ab.py`:
-- the A side of an A/B run on ONE cluster (same data, same buffers).  Makes
-- schema bench_main: a copy of every C function of the extension that
-- service_affair.case_sla calls (the SLA functions, and local_day(),
-- case_due_at() and clock_stopped_at()'s transition function, which the
-- view runs for suspended cases), bound to
-- another build of the library (main's service_affair.so copied into the
-- cluster's $libdir as :mainlib, e.g. service_affair_main), and
-- bench_main.case_sla, the installed view's text (pg_get_viewdef()) with
-- those copies put in for the extension's functions.  A session that reads
-- bench_main.case_sla loads only that library, so each side runs its own
-- code on the same rows.  Every C function of the view is copied because
-- the executor looks each one up (and loads its library) when the plan
-- starts, whether it runs or not, and the two libraries cannot be loaded in
-- one session (each defines the setting service_affair.as_of: "attempt to
-- redefine parameter"); for the same reason no session may read both views.
--
-- The copy is made from the installed view, not written out here: until
-- 2026-12-05 this file kept a text of 2026-12-01, which the view has since
-- left (the legs read from case_leg_active, a forward leg closed as not
-- received is missed, the due in force of a case with a task suspended,
-- the clock stopped at the suspension), so the A side measured another
-- query.  A function of main's library must have the symbol the installed
-- function names (CREATE FUNCTION fails otherwise: main is then too old for
-- this view).
--   psql -d sa_route -v mainlib=service_affair_main -f bench/routing/sla_ab_same.sql
\set ON_ERROR_STOP on
DROP SCHEMA IF EXISTS bench_main CASCADE;
CREATE SCHEMA bench_main;
\set lib '$libdir/' :mainlib
SELECT set_config('bench.lib', :'lib', false) AS lib \gset
-- a C function of the extension copied into bench_main, bound to :lib
CREATE FUNCTION pg_temp.copy_c(fn regprocedure) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    p pg_proc;
    def text;
BEGIN
    SELECT * INTO p FROM pg_proc WHERE oid = fn;
    IF p.prolang <> (SELECT oid FROM pg_language WHERE lanname = 'c') THEN
        RAISE EXCEPTION 'bench/routing/sla_ab_same.sql: % is not a C function', fn;
    END IF;
    IF to_regprocedure('bench_main.' || p.proname || '(' || oidvectortypes(p.proargtypes) || ')') IS NOT NULL THEN
        RETURN;
    END IF;
    def := pg_get_functiondef(fn);
    def := replace(def, 'CREATE OR REPLACE FUNCTION service_affair.', 'CREATE FUNCTION bench_main.');
    def := replace(def, quote_literal(p.probin), quote_literal(current_setting('bench.lib')));
    IF def !~ '^CREATE FUNCTION bench_main\.' OR strpos(def, quote_literal(current_setting('bench.lib'))) = 0 THEN
        RAISE EXCEPTION 'bench/routing/sla_ab_same.sql: cannot copy %: %', fn, def;
    END IF;
    EXECUTE def;
END $$;
DO $$
DECLARE
    v text;
    f record;
    ag pg_aggregate;
BEGIN
    -- every name qualified: pg_catalog alone on the search path
    PERFORM set_config('search_path', 'pg_catalog', true);
    v := pg_get_viewdef('service_affair.case_sla'::regclass);
    FOR f IN SELECT DISTINCT p.oid, p.proname, p.prokind, l.lanname
               FROM pg_depend d
               JOIN pg_rewrite r ON r.oid = d.objid AND d.classid = 'pg_rewrite'::regclass
               JOIN pg_proc p ON p.oid = d.refobjid AND d.refclassid = 'pg_proc'::regclass
               JOIN pg_language l ON l.oid = p.prolang
              WHERE r.ev_class = 'service_affair.case_sla'::regclass
                AND p.pronamespace = 'service_affair'::regnamespace
              ORDER BY p.proname
    LOOP
        IF f.prokind = 'a' THEN
            -- an aggregate (clock_stopped_at()): its C transition function
            -- copied, the aggregate made again over the copy
            SELECT * INTO ag FROM pg_aggregate WHERE aggfnoid = f.oid;
            IF ag.aggfinalfn <> 0 OR ag.aggcombinefn <> 0 OR ag.aggkind <> 'n' THEN
                RAISE EXCEPTION 'bench/routing/sla_ab_same.sql: aggregate % has a final or combine function: not copied', f.proname;
            END IF;
            PERFORM pg_temp.copy_c(ag.aggtransfn::regprocedure);
            EXECUTE format('CREATE AGGREGATE bench_main.%I(%s) (SFUNC = bench_main.%I, STYPE = %s%s, PARALLEL = SAFE)',
                           f.proname, pg_get_function_identity_arguments(f.oid), (SELECT proname FROM pg_proc WHERE oid = ag.aggtransfn),
                           format_type(ag.aggtranstype, NULL),
                           CASE WHEN ag.agginitval IS NOT NULL THEN ', INITCOND = ' || quote_literal(ag.agginitval) ELSE '' END);
        ELSIF f.lanname = 'c' THEN
            PERFORM pg_temp.copy_c(f.oid::regprocedure);
        ELSE
            -- sla_as_of() (SQL, builtins only): the extension's on both sides
            RAISE NOTICE 'bench/routing/sla_ab_same.sql: %() (%) stays the extension''s', f.proname, f.lanname;
            CONTINUE;
        END IF;
        v := regexp_replace(v, 'service_affair\.' || f.proname || '\(', 'bench_main.' || f.proname || '(', 'g');
        RAISE NOTICE 'bench_main.%() bound to %', f.proname, current_setting('bench.lib');
    END LOOP;
    IF v !~ 'bench_main\.sla_state\(' THEN
        RAISE EXCEPTION 'bench/routing/sla_ab_same.sql: service_affair.case_sla no longer calls sla_state()';
    END IF;
    EXECUTE 'CREATE VIEW bench_main.case_sla AS ' || v;
END
$$;
