-- The counts of open work, recounted with 0.2.0's rules (upgrade only; a
-- fresh install has no tasks).  0.1.0 counted every working day of every
-- finished suspension, for the task (task.suspended_workdays, hence its due)
-- and for its case (cases.due_shift: the sum over stages of the largest
-- extension_days + suspended_workdays); 0.2.0 counts none for a suspension
-- begun after the task's due in force then, and none for the case when it
-- began after the case's due (doc/routing.md, "A suspension after the due",
-- "A stage suspended after the case's due").  0.2.0's resume() adds to the
-- stored count and the case's due is only recomputed on its next change, so
-- a 0.1.0 count left alone kept its extra days for good: the task and the
-- case showed warning or running where 0.2.0 shows overdue, and the sweep
-- recorded the breach a second time after the resume.
--
-- Recounted as recompute_dues() recounts them after a calendar edit (the
-- same rows, the same rule): open and suspended tasks (suspended_workdays
-- and due), the finished tasks of accepted cases (suspended_workdays only:
-- a finished task keeps its due), then every accepted case with a finished
-- suspension (due_shift, due, suspended) through refresh_case_clock(), the
-- one home of the case's count.  Only a task with a finished suspension can
-- count differently.  Concluded, withdrawn and revoked cases and their
-- tasks keep their rows (history is not rewritten).  A due moved is
-- written in the case's history as a calendar edit writes it
-- (task_due_recomputed, due_recomputed), with the reason 'updated to 0.2.0'.
WITH s AS (
    SELECT ts.task_id, t.due AS old_due,
           service_affair.suspensions_workdays(service_affair.local_day(t.opened_at, t.calendar), t.limit_days,
                                               t.extension_days,
                                               pg_catalog.array_agg(ts.suspended_at ORDER BY ts.suspended_at),
                                               pg_catalog.array_agg(ts.resumed_at ORDER BY ts.suspended_at),
                                               t.calendar, t.extended_at) AS days
      FROM service_affair.task_suspension ts JOIN service_affair.task t ON t.id = ts.task_id
     WHERE ts.resumed_at IS NOT NULL
       AND (t.status IN ('open', 'suspended')
            OR (t.status = 'done' AND EXISTS (SELECT FROM service_affair.cases c
                                               WHERE c.id = t.case_id AND c.status = 'accepted')))
     GROUP BY ts.task_id, t.opened_at, t.limit_days, t.extension_days, t.extended_at, t.calendar, t.due),
u AS (
    UPDATE service_affair.task t
       SET suspended_workdays = s.days,
           due = CASE WHEN t.status = 'done' THEN t.due
                      ELSE service_affair.shifted_due(service_affair.local_day(t.opened_at, t.calendar), t.limit_days,
                                                      t.extension_days + s.days, t.calendar) END
      FROM s
     WHERE t.id = s.task_id
       AND (t.suspended_workdays, t.due) IS DISTINCT FROM
           (s.days, CASE WHEN t.status = 'done' THEN t.due
                         ELSE service_affair.shifted_due(service_affair.local_day(t.opened_at, t.calendar), t.limit_days,
                                                         t.extension_days + s.days, t.calendar) END)
    RETURNING t.id, t.case_id, t.item, t.department, t.status, t.due, s.old_due)
INSERT INTO service_affair.case_event (case_id, at, kind, from_status, to_status, detail)
SELECT u.case_id, pg_catalog.now(), 'task_due_recomputed', c.status, c.status,
       pg_catalog.jsonb_build_object('task_id', u.id, 'item', u.item, 'department', u.department,
                                     'task_status', u.status, 'due', u.due, 'old_due', u.old_due,
                                     'reason', 'updated to 0.2.0')
  FROM u JOIN service_affair.cases c ON c.id = u.case_id
 WHERE u.due IS DISTINCT FROM u.old_due;

DO $recount$
DECLARE
    ids bigint[];
    old_dues date[];
BEGIN
    SELECT pg_catalog.array_agg(c.id ORDER BY c.id), pg_catalog.array_agg(c.due ORDER BY c.id)
      INTO ids, old_dues
      FROM service_affair.cases c
     WHERE c.status = 'accepted'
       AND (EXISTS (SELECT FROM service_affair.task t JOIN service_affair.task_suspension ts ON ts.task_id = t.id
                     WHERE t.case_id = c.id AND ts.resumed_at IS NOT NULL)
            -- and those with a suspended task: refresh_case_clock() sets the
            -- columns of 0.2.0 that case_sla judges them by, task_suspended,
            -- clock_stopped_at, stop_moves_due and stop_* (40_cases.sql)
            OR EXISTS (SELECT FROM service_affair.task t
                        WHERE t.case_id = c.id AND t.status = 'suspended' AND NOT t.cancelled));
    PERFORM service_affair.refresh_case_clock(r.id) FROM pg_catalog.unnest(ids) r(id);
    INSERT INTO service_affair.case_event (case_id, at, kind, from_status, to_status, detail)
    SELECT c.id, pg_catalog.now(), 'due_recomputed', 'accepted', 'accepted',
           pg_catalog.jsonb_build_object('due', c.due, 'old_due', o.old_due, 'reason', 'updated to 0.2.0')
      FROM ROWS FROM (pg_catalog.unnest(ids), pg_catalog.unnest(old_dues)) o(id, old_due)
      JOIN service_affair.cases c ON c.id = o.id
     WHERE c.due IS DISTINCT FROM o.old_due;
END
$recount$;

