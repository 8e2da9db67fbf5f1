-- bench/calendar/done_tasks.sh: the cost of a calendar edit with finished
-- tasks of open work, the tree's recompute_dues() against 32fe321's.
\set ON_ERROR_STOP on
SET search_path = service_affair, public;
SET jit = off;
INSERT INTO department (code, name, region) VALUES ('DT', 'Done tasks bench', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, online) VALUES
  ('dt_a', 'Stage one', 'DT', 'promised', 40, 10, true), ('dt_b', 'Stage two', 'DT', 'promised', 40, 10, true);
INSERT INTO material (item, code, name) VALUES ('dt_a', 'form', 'Form'), ('dt_b', 'form', 'Form');
INSERT INTO bundle (code, name, lead_department) VALUES ('dt_pair', 'Two stages', 'DT');
INSERT INTO bundle_item (bundle, item, stage) VALUES ('dt_pair', 'dt_a', 1), ('dt_pair', 'dt_b', 2);
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Bench Person');
-- N single-item cases concluded (their task done), N bundles with stage one
-- done (stage two open); one in SUSP suspended over 2027-03-04 first
SELECT set_config('bench.n', :'n', false), set_config('bench.susp', :'susp', false) \gset
DO $$
DECLARE
  k bigint; t bigint; i integer;
  n integer := current_setting('bench.n')::integer; s integer := current_setting('bench.susp')::integer;
  a bigint := (SELECT id FROM service_affair.applicant LIMIT 1);
BEGIN
  FOR i IN 1 .. n LOOP
    FOREACH k IN ARRAY ARRAY[service_affair.submit('dt_a', a, '{form}', 'online', '{}', '2027-03-01 10:00+08'),
                             service_affair.submit('dt_pair', a, '{form}', 'online', '{}', '2027-03-01 10:00+08')] LOOP
      SELECT id INTO t FROM service_affair.task WHERE case_id = k AND stage = 1;
      IF i % s = 0 THEN
        PERFORM service_affair.suspend(t, 'testing', '2027-03-02 10:00+08');
        PERFORM service_affair.resume(t, '2027-03-09 10:00+08');
      END IF;
      PERFORM service_affair.complete_task(t, 'approved', '2027-03-10 10:00+08');
    END LOOP;
  END LOOP;
END $$;
VACUUM ANALYZE;
SELECT (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM task WHERE status = 'done') AS done_tasks,
       (SELECT count(*) FROM task WHERE status = 'open') AS open_tasks, (SELECT count(*) FROM task_suspension) AS suspensions;

CREATE FUNCTION pg_temp.edit_ms() RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz := clock_timestamp();
BEGIN
  INSERT INTO service_affair.calendar_day VALUES ('cn', '2027-03-04', false, 'bench');
  DELETE FROM service_affair.calendar_day WHERE calendar = 'cn' AND day = '2027-03-04';
  RETURN round(extract(epoch FROM clock_timestamp() - t0) * 1000 / 2, 1);
END $$;
CREATE TEMP TABLE m (variant text, round integer, ms numeric);
CREATE TEMP TABLE defs (variant text PRIMARY KEY, def text);
INSERT INTO defs VALUES ('old (32fe321)', :'old_def'), ('new', :'new_def');
CREATE FUNCTION pg_temp.use(v text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE (SELECT d.def FROM pg_temp.defs d WHERE d.variant = v);
END $$;
SELECT pg_temp.edit_ms() AS warmup_ms;
-- alternating, each statement its own transaction (\gexec)
\o /dev/null
SELECT x.stmt FROM generate_series(1, :rounds) g,
       LATERAL (VALUES (1, 'SELECT pg_temp.use(''old (32fe321)'')'),
                       (2, format('INSERT INTO pg_temp.m SELECT ''old (32fe321)'', %s, pg_temp.edit_ms()', g)),
                       (3, 'SELECT pg_temp.use(''new'')'),
                       (4, format('INSERT INTO pg_temp.m SELECT ''new'', %s, pg_temp.edit_ms()', g))) x(o, stmt)
 ORDER BY g, x.o \gexec
\o
SELECT variant, count(*) AS rounds, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS median_ms,
       min(ms) AS min_ms, max(ms) AS max_ms
  FROM m GROUP BY variant ORDER BY variant;
SELECT round((percentile_cont(0.5) WITHIN GROUP (ORDER BY n.ms / o.ms))::numeric, 3) AS new_over_old_paired_median
  FROM m n JOIN m o ON o.round = n.round AND o.variant = 'old (32fe321)' WHERE n.variant = 'new';
