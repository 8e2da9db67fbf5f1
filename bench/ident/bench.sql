-- Benchmark: uscc / resident_id C types against what a user would otherwise
-- write (a PL/pgSQL check-digit validator, or a SQL-language one) over the
-- same :n values, in the same run.  The C variants run :runs times and the
-- best time counts; the (much slower) alternatives run once to keep the run
-- short, so their ratio may be overstated by the run-to-run noise (a few %).
-- Prints a markdown table.
\set ON_ERROR_STOP on
SET search_path = service_affair, public;
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;   -- compare single-core work
SET jit = off;

-- ---- the alternatives a user would write --------------------------------
CREATE FUNCTION public.plpgsql_valid_uscc(t text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
    alpha constant text := '0123456789ABCDEFGHJKLMNPQRTUWXY';
    w constant int[] := '{1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28}';
    s text := upper(replace(t, ' ', ''));
    total int := 0;
    v int;
BEGIN
    IF length(s) <> 18 THEN RETURN false; END IF;
    FOR i IN 1..17 LOOP
        v := strpos(alpha, substr(s, i, 1)) - 1;
        IF v < 0 THEN RETURN false; END IF;
        total := total + v * w[i];
    END LOOP;
    RETURN substr(s, 18, 1) = substr(alpha, (31 - total % 31) % 31 + 1, 1);
END $$;

CREATE FUNCTION public.plpgsql_valid_resident_id(t text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
    w constant int[] := '{7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2}';
    s text := upper(replace(t, ' ', ''));
    total int := 0;
    d date;
BEGIN
    IF s !~ '^[0-9]{17}[0-9X]$' THEN RETURN false; END IF;
    FOR i IN 1..17 LOOP
        total := total + substr(s, i, 1)::int * w[i];
    END LOOP;
    IF substr('10X98765432', total % 11 + 1, 1) <> substr(s, 18, 1) THEN RETURN false; END IF;
    BEGIN
        d := to_date(substr(s, 7, 8), 'YYYYMMDD');
    EXCEPTION WHEN OTHERS THEN
        RETURN false;
    END;
    RETURN to_char(d, 'YYYYMMDD') = substr(s, 7, 8)
       AND d BETWEEN date '1850-01-01' AND date '2099-12-31';
END $$;

CREATE FUNCTION public.sql_valid_uscc(t text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT length(s) = 18 AND s ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'
       AND substr(s, 18, 1) = substr('0123456789ABCDEFGHJKLMNPQRTUWXY',
             (31 - (SELECT sum((strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(s, i, 1)) - 1)
                               * ('{1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28}'::int[])[i])
                      FROM generate_series(1, 17) i)::int % 31) % 31 + 1, 1)
      FROM (SELECT upper(replace(t, ' ', '')) AS s) x
$$;

-- ---- data: :n values, 90 % valid, 10 % with one character changed ------
-- uscc values look like real ones: 5 authority/kind prefixes x 100 regions
-- (8 shared characters), then a random 9-character organisation code.
CREATE TABLE src_uscc AS
WITH b AS (
    SELECT g, (ARRAY['91', '92', '93', '12', '52'])[1 + floor(random() * 5)::int]
              || lpad((110000 + floor(random() * 100)::int * 5431)::text, 6, '0')
              || string_agg(substr('0123456789ABCDEFGHJKLMNPQRTUWXY', 1 + floor(random() * 31)::int, 1), '' ORDER BY i) AS body
      FROM generate_series(1, :n) g, generate_series(1, 9) i GROUP BY g
)
SELECT g, CASE WHEN g % 10 = 0 THEN overlay(v PLACING '0' FROM 5 FOR 1) ELSE v END AS v
  FROM (SELECT g, body || substr('0123456789ABCDEFGHJKLMNPQRTUWXY',
                (31 - (SELECT sum((strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(body, i, 1)) - 1)
                                  * ('{1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28}'::int[])[i])
                         FROM generate_series(1, 17) i)::int % 31) % 31 + 1, 1) AS v
          FROM b) x;
CREATE TABLE src_rid AS
WITH b AS (
    SELECT g, lpad((110000 + floor(random() * 550000))::int::text, 6, '0')
              || to_char(date '1930-01-01' + floor(random() * 32000)::int, 'YYYYMMDD')
              || lpad(floor(random() * 1000)::int::text, 3, '0') AS body
      FROM generate_series(1, :n) g
)
SELECT g, CASE WHEN g % 10 = 0 THEN overlay(v PLACING '0' FROM 3 FOR 1) ELSE v END AS v
  FROM (SELECT g, body || substr('10X98765432',
                (SELECT sum(substr(body, i, 1)::int * ('{7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2}'::int[])[i])
                   FROM generate_series(1, 17) i)::int % 11 + 1, 1) AS v
          FROM b) x;
VACUUM ANALYZE src_uscc, src_rid;

-- ---- timing harness --------------------------------------------------------
CREATE TABLE result (grp text, variant text, ms numeric, answer bigint, ord serial);
CREATE FUNCTION public.bench(grp text, variant text, q text, runs int) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz; best numeric := NULL; el numeric; ans bigint;
BEGIN
    FOR r IN 1..runs LOOP
        t0 := clock_timestamp();
        EXECUTE q INTO ans;
        el := extract(epoch FROM clock_timestamp() - t0) * 1000;
        best := least(coalesce(best, el), el);
    END LOOP;
    INSERT INTO result (grp, variant, ms, answer) VALUES (grp, variant, round(best, 1), ans);
END $$;

\o /dev/null
-- validate :n text values (count the valid ones)
SELECT bench('uscc: validate text', 'C is_valid_uscc(text)',
             'SELECT count(*) FROM src_uscc WHERE service_affair.is_valid_uscc(v)', :runs);
SELECT bench('uscc: validate text', 'PL/pgSQL check-digit function',
             'SELECT count(*) FROM src_uscc WHERE public.plpgsql_valid_uscc(v)', 1);
SELECT bench('uscc: validate text', 'SQL-language check-digit function',
             'SELECT count(*) FROM src_uscc WHERE public.sql_valid_uscc(v)', 1);
-- parse valid values into the type vs validating + normalising as text
SELECT bench('uscc: parse valid values', 'C uscc input (v::uscc)',
             'SELECT count(v::service_affair.uscc) FROM src_uscc WHERE g % 10 <> 0', :runs);
SELECT bench('uscc: parse valid values', 'PL/pgSQL check + upper(replace())',
             'SELECT count(upper(replace(v, '' '', ''''))) FROM src_uscc WHERE g % 10 <> 0 AND public.plpgsql_valid_uscc(v)', 1);
-- load into a table: typed column vs text column with a CHECK constraint
CREATE TABLE load_c (v service_affair.uscc);
CREATE TABLE load_p (v text CHECK (public.plpgsql_valid_uscc(v)));
SELECT bench('uscc: INSERT valid values', 'uscc column',
             'WITH i AS (INSERT INTO load_c SELECT v::service_affair.uscc FROM src_uscc WHERE g % 10 <> 0 RETURNING 1) SELECT count(*) FROM i', 1);
SELECT bench('uscc: INSERT valid values', 'text column, CHECK (PL/pgSQL)',
             'WITH i AS (INSERT INTO load_p SELECT upper(v) FROM src_uscc WHERE g % 10 <> 0 RETURNING 1) SELECT count(*) FROM i', 1);

SELECT bench('resident_id: validate text', 'C is_valid_resident_id(text)',
             'SELECT count(*) FROM src_rid WHERE service_affair.is_valid_resident_id(v)', :runs);
SELECT bench('resident_id: validate text', 'PL/pgSQL check-digit function',
             'SELECT count(*) FROM src_rid WHERE public.plpgsql_valid_resident_id(v)', 1);
SELECT bench('resident_id: parse valid values', 'C resident_id input (v::resident_id)',
             'SELECT count(v::service_affair.resident_id) FROM src_rid WHERE g % 10 <> 0', :runs);
SELECT bench('resident_id: parse valid values', 'PL/pgSQL check + upper(replace())',
             'SELECT count(upper(replace(v, '' '', ''''))) FROM src_rid WHERE g % 10 <> 0 AND public.plpgsql_valid_resident_id(v)', 1);
-- sorting typed values vs text (the resident_id is an int8)
CREATE TABLE typed AS SELECT r.v::service_affair.resident_id AS rid, u.v::service_affair.uscc AS uscc
  FROM src_rid r JOIN src_uscc u USING (g) WHERE g % 10 <> 0;
CREATE TABLE texts AS SELECT rid::text AS rid, uscc::text AS uscc FROM typed;
VACUUM ANALYZE typed, texts;
SET work_mem = '256MB';
SELECT bench('resident_id: sort 0.9 n values', 'resident_id column (int8 comparator)',
             'SELECT count(*) FROM (SELECT rid FROM typed ORDER BY rid OFFSET 0) s', :runs);
SELECT bench('resident_id: sort 0.9 n values', 'text column, COLLATE "C"',
             'SELECT count(*) FROM (SELECT rid FROM texts ORDER BY rid COLLATE "C" OFFSET 0) s', :runs);
SELECT bench('uscc: sort 0.9 n values', 'uscc column (60-bit abbreviated keys)',
             'SELECT count(*) FROM (SELECT uscc FROM typed ORDER BY uscc OFFSET 0) s', :runs);
SELECT bench('uscc: sort 0.9 n values', 'text column, COLLATE "C"',
             'SELECT count(*) FROM (SELECT uscc FROM texts ORDER BY uscc COLLATE "C" OFFSET 0) s', :runs);
RESET work_mem;

\o
-- ---- report -----------------------------------------------------------------
\pset format unaligned
\pset tuples_only on
SELECT format('| %s | %s | %s | %s | %s |', grp, variant, ms, answer,
              CASE WHEN ord = first_value(ord) OVER w THEN '1.00 (baseline)'
                   WHEN ms >= first_value(ms) OVER w
                   THEN to_char(ms / nullif(first_value(ms) OVER w, 0), 'FM9990.00') || '× slower'
                   ELSE to_char(first_value(ms) OVER w / nullif(ms, 0), 'FM9990.00') || '× faster' END)
  FROM result WINDOW w AS (PARTITION BY grp ORDER BY ord) ORDER BY ord;
SELECT format('| table size, %s rows | %s: %s | %s: %s | %s |', (SELECT count(*) FROM typed),
              'typed (resident_id, uscc)', pg_size_pretty(pg_relation_size('typed')),
              'text, text', pg_size_pretty(pg_relation_size('texts')),
              to_char(pg_relation_size('texts')::numeric / pg_relation_size('typed'), 'FM0.00') || '× larger as text');
