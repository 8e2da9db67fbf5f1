-- The instant a suspended case's clock stopped, in one home (issue 10: no
-- rule computed in two places): the aggregate clock_stopped_at()
-- (rt_clock_stop_step, src/core/routing.h).  Until 2026-12-05 case_sla and
-- sla_sweep() each spelled it, max(COALESCE(suspended_at, finished_at))
-- over the case's tasks not cancelled in status suspended or done.  They
-- agreed; this suite holds the aggregate, once, to the rule as they spelled
-- it (pg_temp.rule_as_spelled) over random task sets, and each place to the
-- aggregate: case_sla's state and what sla_sweep() records (the state and
-- the instant in the event) over cases whose clock stopped in time and after
-- their due, where the likely wrong rules (the first suspension, the
-- suspensions only) give other answers.  A refactor: the results are those
-- of the former code.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(16);
\ir route_fixture.inc

-- the rule as the two places spelled it (the oracle), and two plausible
-- wrong ones the places must be told from
CREATE FUNCTION pg_temp.rule_as_spelled(cid bigint) RETURNS timestamptz LANGUAGE sql STABLE
RETURN (SELECT max(COALESCE(t.suspended_at, t.finished_at)) FROM service_affair.task t
         WHERE t.case_id = cid AND NOT t.settled AND NOT t.cancelled AND t.status IN ('suspended', 'done'));
CREATE FUNCTION pg_temp.first_suspension(cid bigint) RETURNS timestamptz LANGUAGE sql STABLE
RETURN (SELECT min(t.suspended_at) FROM service_affair.task t WHERE t.case_id = cid AND NOT t.settled);

-- the aggregate: each branch, then random task sets against the oracle
SELECT is((SELECT clock_stopped_at(s, c, sa, fa) FROM (VALUES
            ('suspended', false, '2026-03-02 10:00+08'::timestamptz, NULL::timestamptz),
            ('done', false, NULL, '2026-03-04 10:00+08'),
            ('open', false, NULL, NULL), ('waiting', false, NULL, NULL)) v(s, c, sa, fa)),
          '2026-03-04 10:00+08'::timestamptz, 'the latest of a suspension start and a finish');
SELECT is((SELECT clock_stopped_at(s, c, sa, fa) FROM (VALUES
            ('suspended', false, '2026-03-02 10:00+08'::timestamptz, NULL::timestamptz),
            ('done', true, NULL, '2026-03-09 10:00+08'),
            ('blocked', false, NULL, '2026-03-10 10:00+08')) v(s, c, sa, fa)),
          '2026-03-02 10:00+08'::timestamptz, 'cancelled and blocked tasks count nothing');
SELECT is((SELECT clock_stopped_at(s, c, sa, fa) FROM (VALUES ('open', false, NULL::timestamptz, NULL::timestamptz)) v(s, c, sa, fa)),
          NULL, 'no suspended or done task: NULL');
SELECT setseed(0.1205);
CREATE TEMP TABLE rnd AS
SELECT g / 6 AS grp, (ARRAY['waiting', 'open', 'suspended', 'done', 'blocked', NULL])[1 + floor(random() * 6)::int] AS status,
       CASE WHEN random() < 0.1 THEN NULL ELSE random() < 0.2 END AS cancelled,
       CASE WHEN random() < 0.5 THEN '2026-03-01'::timestamptz + random() * interval '30 days' END AS sa,
       CASE WHEN random() < 0.5 THEN '2026-03-01'::timestamptz + random() * interval '30 days' END AS fa
  FROM generate_series(0, 5999) g;
SELECT is((SELECT count(*)::int FROM
            (SELECT grp, clock_stopped_at(status, cancelled, sa, fa) AS got,
                    max(COALESCE(sa, fa)) FILTER (WHERE NOT cancelled AND status IN ('suspended', 'done')) AS want
               FROM rnd GROUP BY grp) x
           WHERE got IS DISTINCT FROM want), 0,
          'over 1000 random task sets: the rule as case_sla and sla_sweep spelled it');

-- the places call it, and spell it no more
-- (case_sla reads it from cases.clock_stopped_at since 2026-12-05, which
-- refresh_case_clock() keeps by the aggregate's step, rt_clock_stop_step:
-- the column is held to the aggregate below)
SELECT ok(pg_get_viewdef('service_affair.case_sla'::regclass) LIKE '%x.clock_stopped_at%'
          AND pg_get_viewdef('service_affair.case_sla'::regclass) NOT LIKE '%COALESCE(t.suspended_at%',
          'case_sla takes the instant from cases.clock_stopped_at');
SELECT ok((SELECT p.prosrc LIKE '%clock_stopped_at(%' AND p.prosrc NOT LIKE '%COALESCE(t.suspended_at%'
             FROM pg_proc p WHERE p.oid = 'service_affair.sla_sweep(timestamptz)'::regprocedure),
          'sla_sweep() takes it from clock_stopped_at()');

-- Cases of rt_par (rt_biz and rt_food side by side), accepted Mon 03-02:
--   ka: biz suspended 03-10, after its own due (03-09) and before the
--       case's (so its suspension counts no day, for the task nor the
--       case), food done two days after the case's due: the clock stopped
--       at that finish, after the due: overdue (the first suspension would
--       say suspended).  Until 2026-12-05 biz was suspended 03-03, in time:
--       its running suspension moves the case's due in force, case_due_at(),
--       which case_sla judges by since (doc/routing.md, "A case with a task
--       suspended"), and ka is suspended in time
--   kb: food done in time, then biz suspended in time: suspended
--   kc: biz suspended after the case's due, food done before: overdue
SELECT submit('rt_par', :p, '{form,lease}', 'window', '{}', '2026-03-02 10:00+08') AS ka \gset
SELECT submit('rt_par', :p, '{form,lease}', 'window', '{}', '2026-03-02 10:00+08') AS kb \gset
SELECT submit('rt_par', :p, '{form,lease}', 'window', '{}', '2026-03-02 10:00+08') AS kc \gset
SELECT due AS due FROM cases WHERE id = :ka \gset
SELECT suspend(t.id, 'testing', '2026-03-10 10:00+08') FROM task t WHERE t.case_id = :ka AND t.item = 'rt_biz' \g /dev/null
SELECT complete_task(t.id, 'approved', (:'due'::date + 2)::timestamp AT TIME ZONE 'Asia/Shanghai' + interval '10 hours')
  FROM task t WHERE t.case_id = :ka AND t.item = 'rt_food' \g /dev/null
SELECT complete_task(t.id, 'approved', '2026-03-03 11:00+08') FROM task t WHERE t.case_id = :kb AND t.item = 'rt_food' \g /dev/null
SELECT suspend(t.id, 'testing', '2026-03-03 12:00+08') FROM task t WHERE t.case_id = :kb AND t.item = 'rt_biz' \g /dev/null
SELECT complete_task(t.id, 'approved', '2026-03-03 11:00+08') FROM task t WHERE t.case_id = :kc AND t.item = 'rt_food' \g /dev/null
SELECT suspend(t.id, 'testing', (:'due'::date + 2)::timestamp AT TIME ZONE 'Asia/Shanghai' + interval '9 hours')
  FROM task t WHERE t.case_id = :kc AND t.item = 'rt_biz' \g /dev/null
SELECT results_eq(format('SELECT id, suspended, due = %L::date FROM cases WHERE id IN (%s, %s, %s) ORDER BY id', :'due', :ka, :kb, :kc),
  format('VALUES (%s::bigint, true, true), (%s, true, true), (%s, true, true)', :ka, :kb, :kc),
  'the three cases are suspended, their due unmoved');

SELECT (:'due'::date + 4)::timestamp AT TIME ZONE 'Asia/Shanghai' + interval '10 hours' AS at \gset
SELECT set_config('service_affair.as_of', :'at', true) \g /dev/null
CREATE TEMP TABLE oracle AS
SELECT c.id, pg_temp.rule_as_spelled(c.id) AS stopped, pg_temp.first_suspension(c.id) AS first,
       (SELECT clock_stopped_at(t.status, t.cancelled, t.suspended_at, t.finished_at) FROM task t
         WHERE t.case_id = c.id AND NOT t.settled) AS agg
  FROM cases c WHERE c.id IN (:ka, :kb, :kc);
SELECT is((SELECT count(*)::int FROM oracle WHERE agg IS DISTINCT FROM stopped), 0,
          'over the cases, the aggregate is the rule as spelled');
SELECT is((SELECT count(*)::int FROM oracle o JOIN cases c ON c.id = o.id WHERE c.clock_stopped_at IS DISTINCT FROM o.agg), 0,
          'and cases.clock_stopped_at, which case_sla reads, is the aggregate''s instant');
SELECT results_eq(format('SELECT case_id, state FROM case_sla WHERE case_id IN (%s, %s, %s) ORDER BY case_id', :ka, :kb, :kc),
  format('VALUES (%s::bigint, %L::text), (%s, %L), (%s, %L)', :ka, 'overdue', :kb, 'suspended', :kc, 'overdue'),
  'case_sla: ka overdue (stopped when food finished, after the due), kb suspended, kc overdue');
SELECT is((SELECT count(*)::int FROM oracle o JOIN cases c ON c.id = o.id JOIN case_sla v ON v.case_id = o.id
            WHERE v.state IS DISTINCT FROM sla_state(c.due, c.calendar, c.concluded_at, c.suspended, o.agg)), 0,
          'case_sla is sla_state() of the aggregate''s instant, case by case');
SELECT isnt((SELECT count(*)::int FROM oracle o JOIN cases c ON c.id = o.id JOIN case_sla v ON v.case_id = o.id
              WHERE v.state IS DISTINCT FROM sla_state(c.due, c.calendar, c.concluded_at, c.suspended, o.first)), 0,
            'the fixture tells the rule from the first suspension (a place using it would fail above)');

SELECT is(sla_sweep(:'at'), 4, 'the sweep: ka and kc overdue while suspended, and their biz tasks (suspended after their own due); kb nothing');
SELECT results_eq(format('SELECT e.case_id, e.kind FROM case_event e WHERE e.case_id IN (%s, %s, %s) AND e.kind LIKE %L ORDER BY e.case_id, e.kind', :ka, :kb, :kc, '%overdue'),
  format('VALUES (%s::bigint, %L::text), (%s, %L), (%s, %L), (%s, %L)', :ka, 'case_overdue', :ka, 'task_overdue',
         :kc, 'case_overdue', :kc, 'task_overdue'),
  'the changes recorded');
SELECT results_eq(format('SELECT e.case_id, (e.detail->>''suspended_at'')::timestamptz FROM case_event e WHERE e.case_id IN (%s, %s, %s) AND e.kind = %L ORDER BY e.case_id', :ka, :kb, :kc, 'case_overdue'),
  format('SELECT id, agg FROM oracle WHERE id IN (%s, %s) ORDER BY id', :ka, :kc),
  'sla_sweep records case_overdue with the aggregate''s instant, for ka and kc only');
SELECT is((SELECT count(*)::int FROM oracle o JOIN cases c ON c.id = o.id JOIN case_sla v ON v.case_id = o.id
            WHERE c.sla_state IS DISTINCT FROM NULLIF(NULLIF(v.state, 'suspended'), 'running')), 0,
          'what sla_sweep recorded agrees with case_sla as of the same instant');

SELECT * FROM finish();
ROLLBACK;
