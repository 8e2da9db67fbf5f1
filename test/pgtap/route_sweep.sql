-- sla_sweep(): revocation of tolerated acceptances, warning/overdue
-- transitions of tasks and cases, idempotence, suspensions and extensions.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(51);
\ir route_fixture.inc
-- nothing else in this database has a clock before 2026-06 (each suite rolls back)
SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-02-13 10:00+08') AS k1 \gset
SELECT submit('rt_biz', :p, '{form}', 'window', '{}', '2026-02-13 10:00+08') AS k2 \gset
SELECT submit('rt_biz', :p, '{form}', 'window', '{}', '2026-02-13 10:00+08') AS k3 \gset
SELECT id AS t1 FROM task WHERE case_id = :k1 \gset
SELECT results_eq(format('SELECT status, tolerated, tolerance_due FROM cases WHERE id IN (%s, %s) ORDER BY id', :k2, :k3),
  $$VALUES ('accepted', true, '2026-02-25'::date), ('accepted', true, '2026-02-25'::date)$$,
  'accepted with the lease tolerated: 3 working days, 02-14, 02-24, 02-25');
SELECT is(supplement(:k3, '{lease}', '2026-02-25 17:00+08'), 'accepted', 'k3 supplies the lease on its last day');

SELECT is(sla_sweep('2026-02-24 10:00+08'), 0, 'nothing to record on 02-24');
SELECT is(sla_sweep('2026-02-26 10:00+08'), 5,
  '02-26: k2 revoked; k1 and k3 tasks and cases enter warning (1 working day left)');
SELECT is(sla_sweep('2026-02-26 10:00+08'), 0, 'a second sweep at the same instant records nothing');
SELECT is(sla_sweep('2026-02-26 18:00+08'), 0, 'nor a later sweep the same day');
SELECT results_eq(format('SELECT status, revoked_at FROM cases WHERE id = %s', :k2),
  $$VALUES ('revoked', '2026-02-26 10:00+08'::timestamptz)$$, 'the tolerated material was not supplied: revoked');
SELECT results_eq(format('SELECT kind, from_status, to_status, detail->''materials'' FROM case_event WHERE case_id = %s AND kind = %L', :k2, 'revoked'),
  $$VALUES ('revoked', 'accepted', 'revoked', '["lease"]'::jsonb)$$, 'the revocation is in the history with the missing material');
SELECT results_eq(format('SELECT status, cancelled FROM task WHERE case_id = %s', :k2),
  $$VALUES ('done', true)$$, 'the revoked case''s task is cancelled');
SELECT is((SELECT status FROM cases WHERE id = :k3), 'accepted', 'a case that supplied in time is not revoked');
SELECT results_eq(format('SELECT sla_state FROM task WHERE case_id = %s UNION ALL SELECT sla_state FROM cases WHERE id = %s', :k1, :k1),
  $$VALUES ('warning'), ('warning')$$, 'the recorded states');
SELECT is((SELECT count(*) FROM case_event WHERE case_id = :k1 AND kind IN ('task_warning', 'case_warning')), 2::bigint,
  'one history entry per transition');

SELECT lives_ok(format('SELECT extend(%s, 2, %L, %L)', :t1, 'more checks', '2026-02-26 11:00+08'), 'extend k1 by 2: due 03-03');
SELECT is(sla_sweep('2026-02-26 12:00+08'), 0, 'back to running: recorded silently');
SELECT results_eq(format('SELECT sla_state FROM task WHERE case_id = %s UNION ALL SELECT sla_state FROM cases WHERE id = %s', :k1, :k1),
  $$VALUES (NULL::text), (NULL)$$, 'the states are cleared');
SELECT is(sla_sweep('2026-03-02 10:00+08'), 4, '03-02: k1 (due 03-03) warns again; k3 (due 02-27) is overdue, task and case');
SELECT lives_ok(format('SELECT suspend(%s, %L, %L)', :t1, 'expert_review', '2026-03-02 11:00+08'), 'suspend k1');
SELECT is(sla_sweep('2026-03-05 10:00+08'), 0, 'a suspended task and its suspended case are not flagged');
SELECT lives_ok(format('SELECT resume(%s, %L)', :t1, '2026-03-05 10:00+08'), 'resume: 3 working days, due 03-06');
SELECT is(sla_sweep('2026-03-05 11:00+08'), 0, 'still a warning, already recorded');
SELECT is(sla_sweep('2026-03-09 10:00+08'), 2, '03-09: k1 overdue, task and case');
SELECT throws_ok('SELECT sla_sweep(NULL)', '22023', 'at must not be null', 'at null: 22023');

-- a catch-up run (a past at) flags no task opened and no case accepted
-- after it: an immediate case submitted on 06-30 (due that day) warned in a
-- sweep dated 06-29, its events before its submission (a review of
-- 2026-12-04)
SELECT submit('rt_seal', :p, '{form}', 'online', '{}', '2026-06-30 10:00+08') AS k9 \gset
SELECT sla_sweep('2026-06-29 18:00+08');
SELECT is((SELECT count(*) FROM case_event WHERE case_id = :k9 AND at < '2026-06-30 10:00+08'), 0::bigint,
  'a sweep dated before a case was submitted records nothing of it');
SELECT is((SELECT count(*) FROM case_event WHERE case_id = :k9 AND kind IN ('task_warning', 'case_warning', 'task_overdue', 'case_overdue')), 0::bigint,
  '... no warning at all');
SELECT is((SELECT sla_state FROM cases WHERE id = :k9), NULL, '... nor a state');
SELECT ok(sla_sweep('2026-07-01 10:00+08') >= 2, 'a sweep after its due flags it');
SELECT is((SELECT array_agg(kind ORDER BY kind) FROM case_event WHERE case_id = :k9 AND kind LIKE '%overdue'),
  '{case_overdue,task_overdue}'::text[], '... overdue, task and case, at their time');
-- the keys of the sweep's events, as doc/routing.md ("History") lists them:
-- not those of the task steps (item, task_status), which that page once
-- gave for every task event (a review, 2026-12-05)
SELECT is((SELECT array_agg(k ORDER BY k) FROM case_event e, jsonb_object_keys(e.detail) k
            WHERE e.case_id = :k9 AND e.kind = 'task_overdue'),
  '{case_id,department,due,task_id,workdays_left}'::text[], 'task_overdue carries task_id, case_id, department, due, workdays_left');
SELECT is((SELECT array_agg(k ORDER BY k) FROM case_event e, jsonb_object_keys(e.detail) k
            WHERE e.case_id = :k9 AND e.kind = 'case_overdue'),
  '{case_id,department,due,workdays_left}'::text[], 'case_overdue carries case_id, department, due, workdays_left');
SELECT is((SELECT (e.detail->>'task_id')::bigint = t.id AND e.detail->>'department' = t.department AND (e.detail->>'due')::date = t.due
             FROM case_event e JOIN task t ON t.case_id = e.case_id WHERE e.case_id = :k9 AND e.kind = 'task_overdue'),
  true, '... the task''s id, department and due');

-- A task suspended after its due is overdue while suspended (task_sla,
-- case_sla: c1059f1); the sweep records it so, through the same rule
-- (sla_state_at with the start of the suspension), not only after the
-- resume (until 2026-12-05 it skipped suspended tasks and cases: no
-- task_overdue, no notice, no stored sla_state while the views said overdue)
SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-04-13 10:00+08') AS k4 \gset
SELECT id AS t4 FROM task WHERE case_id = :k4 \gset
SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-04-13 10:00+08') AS k5 \gset
SELECT id AS t5 FROM task WHERE case_id = :k5 \gset
SELECT results_eq(format('SELECT due FROM task WHERE id IN (%s, %s) UNION ALL SELECT due FROM cases WHERE id IN (%s, %s)', :t4, :t5, :k4, :k5),
  $$VALUES ('2026-04-20'::date), ('2026-04-20'), ('2026-04-20'), ('2026-04-20')$$, 'k4 and k5 due Monday 04-20 (5 working days)');
SELECT sla_sweep('2026-04-17 10:00+08');
SELECT is((SELECT count(*) FROM case_event WHERE case_id IN (:k4, :k5) AND kind IN ('task_warning', 'case_warning')), 4::bigint,
  '04-17: both warn, task and case');
-- k4 suspended the day after its due (no sweep between), k5 on its due day
SELECT lives_ok(format('SELECT suspend(%s, %L, %L)', :t4, 'testing', '2026-04-21 10:00+08'), 'k4 suspended 04-21, after its due');
SELECT lives_ok(format('SELECT suspend(%s, %L, %L)', :t5, 'testing', '2026-04-20 15:00+08'), 'k5 suspended 04-20, its due day');
SELECT is(sla_sweep('2026-04-22 10:00+08'), 2, '04-22: k4 overdue while suspended, task and case; k5 suspended in time: nothing');
SELECT results_eq(format('SELECT kind, (detail->>''task_id'')::bigint, (detail->>''suspended_at'')::timestamptz FROM case_event WHERE case_id = %s AND kind LIKE %L ORDER BY id', :k4, '%overdue'),
  format('VALUES (%L, %s::bigint, %L::timestamptz), (%L, NULL, %L)', 'task_overdue', :t4, '2026-04-21 10:00+08', 'case_overdue', '2026-04-21 10:00+08'),
  'task_overdue and case_overdue recorded while suspended, with the start of the suspension');
SET LOCAL service_affair.as_of = '2026-04-22 10:00+08';
SELECT results_eq(format('SELECT s.state, t.sla_state FROM task_sla s JOIN task t ON t.id = s.task_id WHERE s.task_id IN (%s, %s) ORDER BY s.task_id', :t4, :t5),
  $$VALUES ('overdue', 'overdue'), ('suspended', 'warning')$$,
  'the stored state agrees with task_sla: k4 overdue; k5 suspended (its recorded warning kept)');
SELECT results_eq(format('SELECT s.state, c.sla_state FROM case_sla s JOIN cases c ON c.id = s.case_id WHERE s.case_id IN (%s, %s) ORDER BY s.case_id', :k4, :k5),
  $$VALUES ('overdue', 'overdue'), ('suspended', 'warning')$$,
  '... and with case_sla');
RESET service_affair.as_of;
SELECT is((SELECT count(*) FROM case_event WHERE case_id = :k5 AND kind LIKE '%overdue'), 0::bigint,
  'k5, suspended on its due day, is not overdue');
SELECT is(sla_sweep('2026-04-23 10:00+08'), 0, 'a second sweep records nothing');
-- resumed 04-24: a suspension begun after the due adds no working day
-- (行政许可法 Art 45 stops a limit that has not run out): the due stays
-- 04-20, still overdue, not recorded again
SELECT lives_ok(format('SELECT resume(%s, %L)', :t4, '2026-04-24 10:00+08'), 'k4 resumed 04-24');
SELECT results_eq(format('SELECT due, suspended_workdays FROM task WHERE id = %s UNION ALL SELECT due, due_shift FROM cases WHERE id = %s', :t4, :k4),
  $$VALUES ('2026-04-20'::date, 0), ('2026-04-20', 0)$$, 'k4''s due stays 04-20, task and case: no working day counted');
SELECT is(sla_sweep('2026-04-27 10:00+08'), 0, '04-27: k4 resumed and still overdue: nothing new');
SELECT is((SELECT count(*) FROM case_event WHERE case_id = :k4 AND kind IN ('task_overdue', 'case_overdue')), 2::bigint,
  'k4''s breach is recorded once, task and case');

-- k6 due Friday 04-17, suspended on the Saturday after, resumed Monday
-- 04-20: until 2026-12-05 resume() counted the Monday, moved the due to
-- 04-20, showed the task warning (due today) after the resume, and the
-- sweep of 04-21 recorded a second task_overdue and case_overdue
SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-04-10 10:00+08') AS k6 \gset
SELECT id AS t6 FROM task WHERE case_id = :k6 \gset
SELECT is((SELECT due FROM task WHERE id = :t6), '2026-04-17'::date, 'k6 due Friday 04-17');
SELECT lives_ok(format('SELECT suspend(%s, %L, %L)', :t6, 'testing', '2026-04-18 10:00+08'), 'k6 suspended Saturday 04-18');
SELECT sla_sweep('2026-04-18 12:00+08');
SELECT is((SELECT array_agg(kind ORDER BY id) FROM case_event WHERE case_id = :k6 AND kind LIKE '%\_overdue'),
  '{task_overdue,case_overdue}'::text[], '04-18: k6 overdue while suspended, task and case');
SELECT lives_ok(format('SELECT resume(%s, %L)', :t6, '2026-04-20 10:00+08'), 'k6 resumed Monday 04-20');
SELECT results_eq(format('SELECT due, suspended_workdays FROM task WHERE id = %s UNION ALL SELECT due, due_shift FROM cases WHERE id = %s', :t6, :k6),
  $$VALUES ('2026-04-17'::date, 0), ('2026-04-17', 0)$$, 'k6''s due stays 04-17 after the resume, task and case');
SET LOCAL service_affair.as_of = '2026-04-20 11:00+08';
SELECT results_eq(format('SELECT (SELECT state FROM task_sla WHERE task_id = %s), (SELECT state FROM case_sla WHERE case_id = %s)', :t6, :k6),
  $$VALUES ('overdue', 'overdue')$$, 'after the resume k6 still shows overdue, task and case');
RESET service_affair.as_of;
SELECT sla_sweep('2026-04-20 12:00+08');
SELECT sla_sweep('2026-04-21 10:00+08');
SELECT is((SELECT array_agg(kind ORDER BY id) FROM case_event WHERE case_id = :k6 AND kind LIKE '%\_overdue' OR case_id = :k6 AND kind LIKE '%\_warning'),
  '{task_overdue,case_overdue}'::text[], 'k6''s breach is recorded once, task and case, no warning after the resume');

SELECT * FROM finish();
ROLLBACK;
