-- 50_routing (access): the permission and row-level security helpers of
-- routing ask the one access decision (05_org.sql, src/access.c).
DROP POLICY task_by_department ON service_affair.task;
DROP FUNCTION service_affair.may_act_for(text);
DROP FUNCTION service_affair.sees_all_tasks();
DROP FUNCTION service_affair.staff_departments();
CREATE FUNCTION service_affair.may_act_for(department text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
RETURN service_affair.may_act('reviewer', department);  -- the one decision (05_org.sql, src/access.c)
COMMENT ON FUNCTION service_affair.may_act_for(text) IS
  'True when the calling role (actor()) is a superuser, a member of service_affair_admin, or a reviewer on the staff of the department: may_act(''reviewer'', department)';
REVOKE EXECUTE ON FUNCTION service_affair.may_act_for(text) FROM PUBLIC;

CREATE FUNCTION service_affair.sees_all_tasks() RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN service_affair.acts_as('admin') OR service_affair.acts_as('analyst');  -- src/access.c
END
$$;
COMMENT ON FUNCTION service_affair.sees_all_tasks() IS
  'True when the calling role may read every task: superusers and members of service_affair_admin or service_affair_analyst';

CREATE FUNCTION service_affair.staff_departments() RETURNS text[]
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
RETURN service_affair.acting_departments('reviewer');  -- the one decision (05_org.sql, src/access.c)
COMMENT ON FUNCTION service_affair.staff_departments() IS
  'Departments the calling role (actor()) works for as a reviewer: acting_departments(''reviewer'')';

CREATE POLICY task_by_department ON service_affair.task FOR SELECT
    USING (service_affair.sees_all_tasks()
           OR department OPERATOR(pg_catalog.=) ANY (service_affair.staff_departments()));
COMMENT ON POLICY task_by_department ON service_affair.task IS
  'Reviewers read the tasks of their departments (staff); admins, analysts and superusers read all';
-- as 90_access.sql grants them in a fresh install
GRANT EXECUTE ON FUNCTION service_affair.sees_all_tasks(), service_affair.staff_departments() TO PUBLIC;

-- 50_routing (partitioned history, 39_cases_partition.sql): task_sla lists the
-- tasks not settled, and reads the parent task (the 0.1.0 view followed the
-- old table to its new name, task_active)
DROP VIEW service_affair.task_sla;
DROP VIEW service_affair.case_sla;
-- sla_as_of() parses the setting as the SLA functions do, in C (0.1.0's SQL
-- cast echoed the whole of a malformed value and returned infinity); made
-- again before case_sla, which calls it.  Nothing of 0.1.0 depends on it; a
-- DBA's view that calls it is refused first (00_header.sql: 55000, naming it).
-- EXECUTE stays PUBLIC's, as in a fresh install.
DROP FUNCTION service_affair.sla_as_of();
CREATE FUNCTION service_affair.sla_as_of() RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'sa_sla_as_of'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.sla_as_of() IS
  'The instant task_sla and case_sla are computed for: the setting service_affair.as_of when set (a timestamptz), else now(); 22007 for a value that is no timestamptz literal (whitespace around the fields skipped, as timestamptz_in does; one longer than 1024 bytes included), 22023 for an infinite one, the detail naming the setting and echoing at most 64 bytes of it (cut between characters); the one parse of the setting, shared with the SLA functions (src/routing.c)';
-- sla_state takes the start of the suspension: a task or case suspended after
-- its due is overdue, not suspended (0.1.0 hid the breach while suspended)
DROP FUNCTION service_affair.sla_state(date, text, timestamptz, boolean);
CREATE FUNCTION service_affair.sla_state(due date, cal text, finished_at timestamptz, suspended boolean,
    suspended_at timestamptz DEFAULT NULL) RETURNS text
    AS 'MODULE_PATHNAME', 'sa_sla_state'
    LANGUAGE C STABLE PARALLEL SAFE;
CREATE VIEW service_affair.task_sla WITH (security_invoker = true) AS
SELECT t.id AS task_id, t.case_id, t.department, t.due,
       service_affair.sla_workdays_left(t.due, t.calendar, t.finished_at) AS workdays_left,
       service_affair.sla_state(t.due, t.calendar, t.finished_at, t.status = 'suspended', t.suspended_at) AS state,
       service_affair.sla_provisional(t.due, t.calendar) AS provisional
  FROM service_affair.task t
 WHERE t.status <> 'waiting' AND NOT t.cancelled AND NOT t.settled;
COMMENT ON VIEW service_affair.task_sla IS
  'Time limit of every opened, not cancelled task of a case not yet settled, as of sla_as_of(): working days left, state (running, warning, overdue, suspended, met, missed) and whether the due date is provisional; rows filtered by the task policy';
COMMENT ON COLUMN service_affair.task_sla.task_id IS 'The task';
COMMENT ON COLUMN service_affair.task_sla.case_id IS 'Its case';
COMMENT ON COLUMN service_affair.task_sla.department IS 'Department handling it';
COMMENT ON COLUMN service_affair.task_sla.due IS 'Due date (task.due)';
COMMENT ON COLUMN service_affair.task_sla.workdays_left IS 'workdays_between(today, due); for a done task, from the local day it finished';
COMMENT ON COLUMN service_affair.task_sla.state IS 'running; warning (workdays_left <= 1); overdue (today after due, a task suspended after its due included); suspended (on or before its due); met or missed (done on or before / after due)';
COMMENT ON COLUMN service_affair.task_sla.provisional IS 'True when the due date lies after the calendar''s covered_until';

-- The instant a suspended case's clock stopped, in one home
-- (rt_clock_stop_step, src/core/routing.h): the aggregate over the case's
-- tasks that case_sla and sla_sweep() both take.  Until 2026-12-05 each
-- spelled it, max(COALESCE(suspended_at, finished_at)) over the tasks not
-- cancelled in status suspended or done.  It reads no table (the view runs
-- it with the reader's rights): PUBLIC; its transition function is checked
-- against the aggregate's owner only, and is revoked.
CREATE FUNCTION service_affair.clock_stop_step(stopped_at timestamptz, status text, cancelled boolean,
    suspended_at timestamptz, finished_at timestamptz) RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'sa_clock_stop_step'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.clock_stop_step(timestamptz, text, boolean, timestamptz, timestamptz) IS
  'Internal: transition function of clock_stopped_at(): the later of stopped_at and the task''s stop (suspended_at when it has one, else finished_at, for a task not cancelled in status suspended or done; else stopped_at)';
REVOKE EXECUTE ON FUNCTION service_affair.clock_stop_step(timestamptz, text, boolean, timestamptz, timestamptz) FROM PUBLIC;
CREATE AGGREGATE service_affair.clock_stopped_at(status text, cancelled boolean, suspended_at timestamptz,
    finished_at timestamptz) (
    SFUNC = service_affair.clock_stop_step,
    STYPE = timestamptz,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE service_affair.clock_stopped_at(text, boolean, timestamptz, timestamptz) IS
  'The instant the clock of a suspended case stopped, over its tasks (status, cancelled, suspended_at, finished_at): the latest start of a suspended task''s suspension or finish of a done task (cancelled tasks ignored); NULL when none; case_sla and sla_sweep judge the suspension by its local day (the one rule, rt_clock_stop_step in src/core/routing.h)';

-- 50_routing (通办, 42_tongban.sql): case_sla shows the legs of 代收代办
-- (dropped above, before sla_state)
-- (created here, before case_sla, which calls it; 50_routing.sql of sql/parts)
-- The due of a case in force at an instant, in C (rt_case_clock in
-- src/routing.c over rt_case_suspended_shift in src/core): what
-- refresh_case_clock() stores, with the suspensions still running counted
-- up to that instant as the case's rule counts them.  extend() measures an
-- extension by it, as it measures the task's by the task's due.
CREATE FUNCTION service_affair.case_due_at(case_id bigint, at timestamptz)
    RETURNS date
    AS 'MODULE_PATHNAME', 'sa_case_due_at'
    LANGUAGE C STABLE STRICT SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION service_affair.case_due_at(bigint, timestamptz) IS
  'The due of an accepted case in force at "at": its due as refresh_case_clock() computes it, moved by the working days its suspensions still running (begun at or before at) have stopped its clock up to at (none for one begun after the case''s due); NULL when the case was not accepted; 22023 an infinite at.  extend() refuses an extension dated after it (55000); case_sla and sla_sweep() judge a case with a task suspended by it';
REVOKE EXECUTE ON FUNCTION service_affair.case_due_at(bigint, timestamptz) FROM PUBLIC;

-- The same due for a case whose running suspension is its last event
-- (cases.stop_moves_due), from the columns of its row (sa_item_case_due_at
-- in src/routing.c over rt_case_last_suspension_shift in src/core): no read
-- of the case's tasks and suspensions, a few us against case_due_at()'s
-- ~35 us to 0.1 ms (doc/benchmarks-route.md).  refresh_case_clock() has
-- counted, when it set stop_moves_due, what the events before it left (the
-- stop_* columns); only the last step, that suspension resumed at "at",
-- is counted here, by the case's rule itself (rt_case_suspended_shift over
-- that one event).  An item's case and a bundle's alike: until 2026-12-05
-- only a case of one task (then 7 arguments), a bundle's going to
-- case_due_at().  It reads no table but the calendar's, as sla_state():
-- the view calls it with the reader's right.
CREATE FUNCTION service_affair.item_case_due_at(accepted_at timestamptz, cal text, promised_limit integer,
    due_shift integer, due date, since timestamptz, task_due date, task_shift integer, stage_shift integer,
    at timestamptz)
    RETURNS date
    AS 'MODULE_PATHNAME', 'sa_item_case_due_at'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.item_case_due_at(timestamptz, text, integer, integer, date, timestamptz, date, integer, integer, timestamptz) IS
  'Internal: case_due_at() at "at" of an accepted case whose running suspension is its last event (cases.stop_moves_due), from the columns of its row: accepted_at, calendar cal, promised_limit, due_shift and due as stored, since, task_due, task_shift and stage_shift its stop_* columns; the stored due moved by the case''s rule for that suspension resumed on the local day of at (due when it began after at); NULL when an argument is NULL or infinite; 22023 an infinite at, or shifts that do not fit (negative, or due_shift below task_shift or stage_shift)';

CREATE VIEW service_affair.case_sla AS
SELECT c.id AS case_id, c.due,
       service_affair.sla_workdays_left(c.due, c.calendar, c.concluded_at) AS workdays_left,
       -- a suspended case stopped its clock when its last running task was
       -- suspended or finished (cases.clock_stopped_at, kept by
       -- refresh_case_clock() from clock_stopped_at(), the one rule;
       -- sla_sweep() takes the aggregate): suspended only if that was by its
       -- due.  The state by the due in force differs from the state by the
       -- stored due only when the due differs and the latter is warning or
       -- overdue (the due in force is never earlier, and the state never
       -- worse for a later due): it is counted again for those only
       CASE WHEN c.due IS DISTINCT FROM c.stored_due AND c.stored_state IN ('warning', 'overdue')
            THEN service_affair.sla_state(c.due, c.calendar, c.concluded_at, c.suspended, c.clock_stopped_at)
            ELSE c.stored_state END AS state,
       service_affair.sla_provisional(c.due, c.calendar) AS provisional,
       -- 代收代办 (42_tongban.sql): the forwarding and delivery-back legs
       -- a forward leg closed by the delivery as not received is missed
       f.due AS forward_due, CASE WHEN f.not_received THEN 'missed'
                                  ELSE service_affair.sla_state(f.due, f.calendar, f.done_at, false) END AS forward_state,
       r.due AS return_due, service_affair.sla_state(r.due, r.calendar, r.done_at, false) AS return_state
  FROM (SELECT x.id, x.due AS stored_due, x.calendar, x.concluded_at, x.suspended, x.clock_stopped_at,
               service_affair.sla_state(x.due, x.calendar, x.concluded_at, x.suspended, x.clock_stopped_at) AS stored_state,
               -- the due the case is judged by, once a row: behind columns
               -- of the row that refresh_case_clock() keeps.  task_suspended
               -- first (a task of the case suspended, a bundle's beside a
               -- running one included); then stop_moves_due, a case whose
               -- running suspension is its last event (an item's or a
               -- bundle's), counted from the row by item_case_due_at(); the
               -- others (two tasks suspended, a task extended while
               -- suspended or another suspended since, of another calendar) only
               -- when they have a suspension begun by their stored due (one
               -- begun after it counts nothing, and the due in force is the
               -- stored one): a hashed subplan over task_suspended_due_idx,
               -- built once a statement when a row first needs it, then
               -- case_due_at(), which reads every task and suspension of the
               -- case.  Until 2026-12-05 the guard was an InitPlan, then
               -- cases.suspended or a bundle's case, then a correlated probe
               -- of the case's tasks (1.47-1.72 times the plain read); until
               -- 2026-12-05 an item's case probed its task, and the instant
               -- a suspended case's clock stopped was read from its tasks
               -- twice (1.56 times with 0.3% of the cases suspended in time;
               -- doc/benchmarks-route.md); until 2026-12-05 a bundle's case
               -- went to case_due_at() (1.92-2.01 times with 0.3% of the
               -- open cases such bundles).  The instant is sla_as_of() as an
               -- InitPlan, evaluated once a statement when a row first needs
               -- it: a call in the row (then a SQL function with SET
               -- search_path, never inlined; C since 2026-12-05, the one
               -- parse of the setting) cost ~3 us a case with a task suspended,
               -- more than item_case_due_at() itself (~0.4 us; until
               -- 2026-12-05, 3.6% of the aggregate with 0.3% of the open
               -- cases bundles suspended in time; doc/benchmarks-route.md)
               CASE WHEN x.task_suspended AND x.status = 'accepted'
                    THEN CASE WHEN x.stop_moves_due
                              THEN service_affair.item_case_due_at(x.accepted_at, x.calendar, x.promised_limit,
                                                                   x.due_shift, x.due, x.stop_since, x.stop_task_due,
                                                                   x.stop_task_shift, x.stop_stage_shift,
                                                                   (SELECT service_affair.sla_as_of()))
                              WHEN x.id IN (SELECT s.case_id FROM service_affair.task s
                                              JOIN service_affair.cases y ON y.id = s.case_id AND NOT y.settled
                                             WHERE s.status = 'suspended' AND NOT s.settled
                                               AND service_affair.local_day(s.suspended_at, y.calendar) <= y.due)
                              THEN service_affair.case_due_at(x.id, (SELECT service_affair.sla_as_of()))
                              ELSE x.due END
                    ELSE x.due END AS due
          FROM service_affair.cases x
         WHERE x.status IN ('accepted', 'concluded') AND NOT x.settled
         -- An ORDER BY keeps this subquery from being flattened into the
         -- view's query, so the due above is counted once a row rather
         -- than once in each of the four columns that read it (due,
         -- workdays_left, state, provisional); ordered by a constant, the
         -- planner sorts nothing.  A condition on case_id is still pushed
         -- into it, and the columns a query does not read are still
         -- dropped.  Flattened, the four copies of the probe cost a
         -- case_sla aggregate over 300,000 cases ~1.3x the former view's
         -- time with no task suspended, ~2.2x with 300 suspended
         -- (doc/benchmarks-route.md)
         ORDER BY NULL::integer) c
  -- the legs of unsettled cases, read from their partition by its primary
  -- key (case_id, leg): a query that uses no leg column (the aggregates of
  -- the open work) then drops both joins; through the parent, which has no
  -- key, it probed them for every case (doc/benchmarks-route.md)
  LEFT JOIN service_affair.case_leg_active f ON f.case_id = c.id AND f.leg = 'forward'
  LEFT JOIN service_affair.case_leg_active r ON r.case_id = c.id AND r.leg = 'return';
COMMENT ON VIEW service_affair.case_sla IS
  'Time limit of every accepted or concluded case not yet settled (settled cases keep their outcome in the indicator views), as of sla_as_of(): working days left, state and whether the due date is provisional; the legs of 代收代办 when it was received away from its handling office';
COMMENT ON COLUMN service_affair.case_sla.case_id IS 'The case';
COMMENT ON COLUMN service_affair.case_sla.due IS 'Due date the case is judged by: cases.due (moved by its tasks'' extensions and finished suspensions), and while a task of it is suspended the due in force as of sla_as_of(), case_due_at() (its running suspensions counted so far)';
COMMENT ON COLUMN service_affair.case_sla.workdays_left IS 'workdays_between(today, due); for a concluded case, from the local day it concluded';
COMMENT ON COLUMN service_affair.case_sla.state IS 'running; warning (workdays_left <= 1); overdue (a case whose clock stopped after its due included); suspended (every unfinished task suspended, the last of them suspended or finished on or before its due); met or missed';
COMMENT ON COLUMN service_affair.case_sla.provisional IS 'True when the due date lies after the calendar''s covered_until';
COMMENT ON COLUMN service_affair.case_sla.forward_due IS 'Due date of the forwarding of the originals to the handling office; NULL when not forwarded';
COMMENT ON COLUMN service_affair.case_sla.forward_state IS 'sla_state of the forwarding: running, warning, overdue until received, then met or missed; missed also when the delivery of the result closed it as not received';
COMMENT ON COLUMN service_affair.case_sla.return_due IS 'Due date of the result''s return to the receiving point (from the conclusion); NULL when none';
COMMENT ON COLUMN service_affair.case_sla.return_state IS 'sla_state of the result''s return: running, warning, overdue until it arrived at the receiving point (receive_result()) or, its arrival not recorded, was delivered; then met or missed';

-- 0.1.0's task_case_idx (case_id, stage): task_case_item (case_id, item)
-- leads with the same column and serves every lookup of a case's tasks; the
-- extra index was written by every task insert and update (not HOT: status
-- is in the queue indexes' predicates).  Dropped by the DBA already, it
-- is taken as gone (until 2026-12-06: 42704 here; 00_header.sql has
-- refused a relation of his under the name).
DROP INDEX IF EXISTS service_affair.task_case_idx;

-- 50_routing: sla_sweep() examines the suspended tasks too (one suspended
-- after its due is overdue), through an index of their own
CREATE INDEX task_suspended_due_idx ON service_affair.task_active (due) WHERE status = 'suspended';
COMMENT ON INDEX service_affair.task_suspended_due_idx IS
  'Suspended tasks by due date: sla_sweep() finds those suspended after their due (overdue) without scanning the partition';

-- 50_routing: a suspension begun after the case's due in force then moves
-- its task's due, not the case's (rt_case_suspended_shift in src/core;
-- refresh_case_clock() is the 0.1.0 function, its library decides it)
COMMENT ON FUNCTION service_affair.refresh_case_clock(bigint) IS
  'Internal: recompute due_shift, due and suspended of an accepted case from its tasks and their finished suspensions (a suspension begun after the case''s due in force then moves its task''s due, not the case''s)';
COMMENT ON COLUMN service_affair.cases.due_shift IS
  'Routing: working days the case due moved by its tasks'' extensions and suspensions (sum over stages of the largest shift of a task of the stage, counting a suspension only when it began on or before the case''s due in force then)';
