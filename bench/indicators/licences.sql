-- bench/indicators/licences.sh: data_sharing, licence_monthly and
-- one_licence_service against the plain SQL a DBA would write over the
-- tables (no *_archived union: those tables are empty here, as in
-- bench.sql's comparators), and one_licence_service also against the
-- plain SQL with today's identity codes written as a literal.  Answers
-- checked first (EXCEPT ALL both ways; any difference raises and stops
-- the script), then bench.runs rounds,
-- the order alternating each round, each query wrapped as
-- sum(hashtext(row::text)); parallel query off, work_mem 64MB (bench.sql's
-- settings); the load average is read before every round.
SET search_path = service_affair, public;
SET max_parallel_workers_per_gather = 0;
SET work_mem = '64MB';
CREATE TEMP TABLE q (name text, variant text, sql text, PRIMARY KEY (name, variant));
INSERT INTO q VALUES
('data_sharing', 'view', $$SELECT * FROM service_affair.data_sharing$$),
('data_sharing', 'plain', $$
SELECT t.evidence_type, et.source_department,
       date_trunc('month', service_affair.local_day(c.submitted_at, c.calendar)::timestamp)::date AS month,
       count(*) FILTER (WHERE cm.initial_status IN ('shared', 'produced')) AS hits,
       count(*) FILTER (WHERE cm.initial_status NOT IN ('shared', 'produced')) AS misses
  FROM service_affair.cases c
  JOIN service_affair.case_material cm ON cm.case_id = c.id
 CROSS JOIN LATERAL unnest(cm.evidence_types) AS t(evidence_type)
  LEFT JOIN service_affair.evidence_type et ON et.code = t.evidence_type
 GROUP BY 1, 2, 3$$),
('licence_monthly', 'view', $$SELECT * FROM service_affair.licence_monthly$$),
('licence_monthly', 'plain', $$
SELECT l.evidence_type, v.month,
       count(*) FILTER (WHERE v.what = 'issued') AS issued,
       count(*) FILTER (WHERE v.what = 'renewed') AS renewed,
       count(*) FILTER (WHERE v.what = 'revoked') AS revoked
  FROM service_affair.licence l
  JOIN service_affair.cases c ON c.id = l.case_id
 CROSS JOIN LATERAL (VALUES (date_trunc('month', service_affair.local_day(l.issued_at, c.calendar)::timestamp)::date,
                             CASE WHEN l.supersedes IS NULL THEN 'issued' ELSE 'renewed' END),
                            (date_trunc('month', service_affair.local_day(l.changed_at, c.calendar)::timestamp)::date,
                             CASE WHEN l.status = 'revoked' THEN 'revoked' END)) AS v(month, what)
 WHERE v.what IS NOT NULL
 GROUP BY 1, 2$$),
('one_licence_service', 'view', $$SELECT * FROM service_affair.one_licence_service$$),
('one_licence_service', 'plain', $$
SELECT y.department, y.month, count(*) AS cases, count(*) FILTER (WHERE y.all_shared) AS one_licence,
       count(*) FILTER (WHERE y.all_shared)::numeric / count(*) AS share
  FROM (SELECT c.id, c.department,
               date_trunc('month', service_affair.local_day(c.submitted_at, c.calendar)::timestamp)::date AS month,
               bool_and(cm.initial_status IN ('shared', 'produced')) AS all_shared
          FROM service_affair.cases c
          JOIN service_affair.case_material cm ON cm.case_id = c.id
         WHERE c.accepted_at IS NOT NULL AND cm.required
           AND cm.evidence_types && ARRAY(SELECT code FROM service_affair.evidence_type WHERE identity)
         GROUP BY 1, 2, 3) y
 GROUP BY 1, 2$$),
-- today's identity codes of licences_setup.sql as a literal (the array
-- statistics of evidence_types then estimate the filter): not a definition
-- the view can have (it reads evidence_type.identity in each query), the
-- bound of what a better estimate can give (doc/benchmarks.md, "The
-- identity filter's estimate")
('one_licence_service', 'literal', $$
SELECT y.department, y.month, count(*) AS cases, count(*) FILTER (WHERE y.all_shared) AS one_licence,
       count(*) FILTER (WHERE y.all_shared)::numeric / count(*) AS share
  FROM (SELECT c.id, c.department,
               date_trunc('month', service_affair.local_day(c.submitted_at, c.calendar)::timestamp)::date AS month,
               bool_and(cm.initial_status IN ('shared', 'produced')) AS all_shared
          FROM service_affair.cases c
          JOIN service_affair.case_material cm ON cm.case_id = c.id
         WHERE c.accepted_at IS NOT NULL AND cm.required
           AND cm.evidence_types && '{id_card,biz_licence,legal_rep_id}'::text[]
         GROUP BY 1, 2, 3) y
 GROUP BY 1, 2$$);

\echo rows and answers (view EXCEPT ALL other, other EXCEPT ALL view: must be 0 0):
CREATE TEMP TABLE answers (name text, other text, view_rows bigint, other_rows bigint, view_minus_other bigint, other_minus_view bigint);
DO $$
DECLARE n text; o text; v text; p text; a bigint; b bigint; c bigint; d bigint;
BEGIN
    FOR n, o, p IN SELECT name, variant, sql FROM q WHERE variant <> 'view' ORDER BY 1, 2 LOOP
        SELECT sql INTO v FROM q WHERE name = n AND variant = 'view';
        EXECUTE format('SELECT count(*) FROM (%s) x', v) INTO a;
        EXECUTE format('SELECT count(*) FROM (%s) x', p) INTO b;
        EXECUTE format('SELECT count(*) FROM ((%s) EXCEPT ALL (%s)) x', v, p) INTO c;
        EXECUTE format('SELECT count(*) FROM ((%s) EXCEPT ALL (%s)) x', p, v) INTO d;
        INSERT INTO answers VALUES (n, o, a, b, c, d);
        IF c <> 0 OR d <> 0 OR a = 0 THEN
            RAISE EXCEPTION 'bench/indicators/licences.sql: % and its % SQL differ (% rows / % rows; % and % rows differ)', n, o, a, b, c, d;
        END IF;
    END LOOP;
END $$;
TABLE answers ORDER BY name, other;

CREATE TEMP TABLE t (name text, variant text, run integer, ms numeric, answer bigint);
CREATE TEMP TABLE l (run integer, loadavg text);
CREATE FUNCTION pg_temp.round(i integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE r record; t0 timestamptz; h bigint;
BEGIN
    INSERT INTO l VALUES (i, rtrim(pg_read_file('/proc/loadavg'), E'\n'));
    FOR r IN SELECT * FROM q ORDER BY CASE WHEN i % 2 = 0 THEN variant END DESC, variant, name LOOP
        t0 := clock_timestamp();
        EXECUTE format('SELECT sum(hashtext(x::text)) FROM (%s) x', r.sql) INTO h;
        INSERT INTO t VALUES (r.name, r.variant, i, extract(epoch FROM clock_timestamp() - t0) * 1000, h);
    END LOOP;
END $$;
SELECT count(pg_temp.round(i)) AS rounds FROM generate_series(1, current_setting('bench.runs')::integer) i;
INSERT INTO l VALUES (NULL, rtrim(pg_read_file('/proc/loadavg'), E'\n'));
\echo load average before each round (and at the end):
SELECT run, loadavg FROM l ORDER BY run NULLS LAST;
\echo times, ms:
SELECT name, variant, round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)) AS median_ms, round(min(ms)) AS min_ms,
       string_agg(round(ms)::text, ' ' ORDER BY run) AS runs, count(DISTINCT answer) = 1 AS same_answer_each_run
  FROM t GROUP BY 1, 2 ORDER BY 1, 2 DESC;
\echo ratios view / plain (and view / literal):
SELECT o.name, o.variant AS other,
       round((percentile_cont(0.5) WITHIN GROUP (ORDER BY t.ms) FILTER (WHERE t.variant = 'view')
             / percentile_cont(0.5) WITHIN GROUP (ORDER BY t.ms) FILTER (WHERE t.variant = o.variant))::numeric, 3) AS ratio_median,
       round(min(t.ms) FILTER (WHERE t.variant = 'view') / min(t.ms) FILTER (WHERE t.variant = o.variant), 3) AS ratio_min,
       (SELECT string_agg(round(a.ms / b.ms, 2)::text, ' ' ORDER BY a.run) FROM t a JOIN t b USING (name, run)
         WHERE a.name = o.name AND a.variant = 'view' AND b.variant = o.variant) AS ratio_per_round
  FROM (SELECT DISTINCT name, variant FROM q WHERE variant <> 'view') o JOIN t ON t.name = o.name
 GROUP BY o.name, o.variant ORDER BY o.name, o.variant DESC;
\echo plans (EXPLAIN ANALYZE, one run each):
DO $$
DECLARE r record; line text;
BEGIN
    FOR r IN SELECT * FROM q ORDER BY name, variant DESC LOOP
        RAISE NOTICE '---- % (%)', r.name, r.variant;
        FOR line IN EXECUTE 'EXPLAIN (ANALYZE, BUFFERS, TIMING OFF) ' || r.sql LOOP
            RAISE NOTICE '%', line;
        END LOOP;
    END LOOP;
END $$;
