-- Benchmark of add_workdays against what a user would otherwise write.
-- Run by bench/calendar/run.sh in a throwaway cluster; prints one row per
-- method with the median time of RUNS runs (after one warm-up run) and the
-- ratio to add_workdays.  Every method is first checked to give the same
-- answer as add_workdays on the sample.
\set ON_ERROR_STOP on
SET search_path = service_affair, public;
SET max_parallel_workers_per_gather = 0;   -- one core per query, for every method
SET jit = off;
SELECT setseed(0.5);

-- 1,000,000 (start, n) rows, start in 2020..2026, n in 1..30; and a sample.
CREATE TABLE bench_t AS
SELECT date '2020-01-01' + floor(random() * 2557)::int AS start, 1 + floor(random() * 30)::int AS n
  FROM generate_series(1, 1000000);
CREATE TABLE bench_sample AS SELECT * FROM bench_t LIMIT 10000;
VACUUM ANALYZE bench_t;
VACUUM ANALYZE bench_sample;

-- The best plain-SQL recipe: a date dimension with each day's working-day
-- ordinal (working days up to and including it), and the working days by
-- ordinal.  add_workdays(s, n) = the working day with ordinal ord(s) + n:
-- two index probes.
CREATE TABLE bench_dim AS
SELECT g.d::date AS day,
       (count(*) FILTER (WHERE w) OVER (ORDER BY g.d))::int AS ord,
       w AS work
  FROM generate_series(date '2000-01-01', date '2040-12-31', interval '1 day') g(d)
  LEFT JOIN calendar_day cd ON cd.calendar = 'cn' AND cd.day = g.d::date
 CROSS JOIN LATERAL (SELECT coalesce(cd.is_workday, extract(isodow FROM g.d) < 6) AS w) x;
ALTER TABLE bench_dim ADD PRIMARY KEY (day);
CREATE TABLE bench_ord AS SELECT ord, day FROM bench_dim WHERE work;
ALTER TABLE bench_ord ADD PRIMARY KEY (ord);
VACUUM ANALYZE bench_dim;
VACUUM ANALYZE bench_ord;

CREATE FUNCTION bench_sql_add(s date, n integer) RETURNS date
    LANGUAGE sql STABLE STRICT AS $$
    SELECT o.day FROM bench_ord o WHERE o.ord = (SELECT d.ord FROM bench_dim d WHERE d.day = s) + n
$$;

-- A PL/pgSQL loop over the calendar tables, one day at a time.
CREATE FUNCTION bench_plpgsql_add(s date, n integer) RETURNS date
    LANGUAGE plpgsql STABLE STRICT AS $$
DECLARE
    d date := s;
    k integer := n;
    w boolean;
    mask text;
BEGIN
    SELECT c.weekmask INTO mask FROM service_affair.calendar c WHERE c.name = 'cn';
    WHILE k > 0 LOOP
        d := d + 1;
        SELECT cd.is_workday INTO w FROM service_affair.calendar_day cd
         WHERE cd.calendar = 'cn' AND cd.day = d;
        IF NOT FOUND THEN
            w := substr(mask, extract(isodow FROM d)::int, 1) = '1';
        END IF;
        IF w THEN
            k := k - 1;
        END IF;
    END LOOP;
    RETURN d;
END
$$;

CREATE TEMP TABLE q (method text, rows_ integer, query text);
INSERT INTO q VALUES
 ('floor: start + n', 1000000,
  $$SELECT sum((start + n) - date '2000-01-01') FROM bench_t$$),
 ('add_workdays(start, n)', 1000000,
  $$SELECT sum(add_workdays(start, n) - date '2000-01-01') FROM bench_t$$),
 ('SQL: two index probes per row', 1000000,
  $$SELECT sum((SELECT o.day FROM bench_ord o
                 WHERE o.ord = (SELECT d.ord FROM bench_dim d WHERE d.day = t.start) + t.n)
               - date '2000-01-01') FROM bench_t t$$),
 ('SQL: the probes in a SQL function', 1000000,
  $$SELECT sum(bench_sql_add(start, n) - date '2000-01-01') FROM bench_t$$),
 ('SQL: joins (hash joins, batch only)', 1000000,
  $$SELECT sum(o.day - date '2000-01-01') FROM bench_t t
      JOIN bench_dim d ON d.day = t.start JOIN bench_ord o ON o.ord = d.ord + t.n$$),
 ('PL/pgSQL day loop (sample)', 10000,
  $$SELECT sum(bench_plpgsql_add(start, n) - date '2000-01-01') FROM bench_sample$$),
 ('generate_series walk (sample)', 10000,
  $$SELECT sum((SELECT g.d::date FROM generate_series(t.start + 1, t.start + 3 * t.n + 30, interval '1 day') g(d)
                  LEFT JOIN service_affair.calendar_day cd ON cd.calendar = 'cn' AND cd.day = g.d::date
                 WHERE coalesce(cd.is_workday, extract(isodow FROM g.d) < 6)
                 ORDER BY g.d OFFSET t.n - 1 LIMIT 1) - date '2000-01-01') FROM bench_sample t$$);

CREATE FUNCTION bench_value(query text) RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE v numeric;
BEGIN
    EXECUTE query INTO v;
    RETURN v;
END $$;

-- Timing in rounds: each round runs every method of its set once, in turn,
-- so that a change of load on the machine hits all methods alike.  One
-- warm-up round first.  The fast set (1,000,000-row methods) gets `runs`
-- rounds; the slow set gets 3, and includes add_workdays too, so that each
-- slow method has an add_workdays time from its own round to compare with.
CREATE TABLE bench_ms (method text, fast boolean, round integer, ms float8);
CREATE FUNCTION bench_rounds(fast boolean, runs integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    t0 timestamptz;
    m record;
BEGIN
    FOR r IN 0..runs LOOP
        FOR m IN SELECT * FROM q
                  WHERE (q.method IN ('floor: start + n', 'SQL: joins (hash joins, batch only)')) = fast
                     OR q.method = 'add_workdays(start, n)'
                  ORDER BY q.method LOOP
            t0 := clock_timestamp();
            EXECUTE m.query;
            IF r > 0 THEN
                INSERT INTO bench_ms VALUES (m.method, fast, r, extract(epoch FROM clock_timestamp() - t0)::float8 * 1000);
            END IF;
        END LOOP;
    END LOOP;
END $$;

-- Every method gives add_workdays' answer on the sample.
SELECT method, bench_value(replace(query, 'bench_t', 'bench_sample')) AS sample_sum,
       bench_value(replace(query, 'bench_t', 'bench_sample'))
         = bench_value($$SELECT sum(add_workdays(start, n) - date '2000-01-01') FROM bench_sample$$) AS same
  FROM q WHERE method NOT LIKE 'floor%';
SELECT bool_and(bench_value(replace(query, 'bench_t', 'bench_sample'))
                = bench_value($$SELECT sum(add_workdays(start, n) - date '2000-01-01') FROM bench_sample$$))
       AS all_methods_agree
  FROM q WHERE method NOT LIKE 'floor%' \gset
\if :all_methods_agree
\else
\echo 'a method disagrees with add_workdays'
SELECT 1/0;
\endif

-- Timings: median over the rounds of its set (add_workdays: the fast set);
-- the sample methods extrapolated to 1,000,000 rows.
SELECT bench_rounds(true, :runs);
SELECT bench_rounds(false, 3);
CREATE TEMP TABLE timing AS
SELECT b.method, q.rows_, percentile_cont(0.5) WITHIN GROUP (ORDER BY b.ms) AS ms, count(*) AS runs
  FROM bench_ms b JOIN q USING (method)
 WHERE b.fast OR b.method <> 'add_workdays(start, n)'
 GROUP BY b.method, q.rows_;
SELECT t.method, t.rows_ AS rows, t.runs, round(t.ms::numeric, 1) AS median_ms,
       round((t.ms * 1000000 / t.rows_)::numeric, 0) AS ms_per_1m_rows,
       round((t.ms * 1000000 / t.rows_ / a.ms)::numeric, 2) AS ratio_to_add_workdays
  FROM timing t, (SELECT ms FROM timing WHERE method = 'add_workdays(start, n)') a
 ORDER BY t.ms * 1000000 / t.rows_;
-- Per round: each method over add_workdays timed in the same round (the
-- targets: floor ≥ 1/2 of add_workdays, i.e. add_workdays ≤ 2× the floor;
-- the two-probe recipe ≥ 20×).  For the sample methods, extrapolated.
SELECT b.method, count(*) AS rounds,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY b.ms * 1000000 / q.rows_ / a.ms)::numeric, 2) AS median_ratio_to_add_workdays,
       round(min(b.ms * 1000000 / q.rows_ / a.ms)::numeric, 2) AS min,
       round(max(b.ms * 1000000 / q.rows_ / a.ms)::numeric, 2) AS max
  FROM bench_ms b JOIN q USING (method)
  JOIN bench_ms a ON a.fast = b.fast AND a.round = b.round AND a.method = 'add_workdays(start, n)'
 WHERE b.method <> 'add_workdays(start, n)'
 GROUP BY b.method ORDER BY 3;
SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY a.ms / f.ms)::numeric, 2) AS median_ratio_add_workdays_to_floor,
       round(min(a.ms / f.ms)::numeric, 2) AS min, round(max(a.ms / f.ms)::numeric, 2) AS max,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY a.ms - f.ms)::numeric, 1) AS ns_per_call_over_floor
  FROM bench_ms a JOIN bench_ms f USING (fast, round)
 WHERE a.method = 'add_workdays(start, n)' AND f.method = 'floor: start + n';
