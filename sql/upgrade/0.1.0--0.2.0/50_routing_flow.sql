
-- ---- 50_routing (flow): explicit routing, the due lock on a row, one due rule, one SLA rule ----
-- (the changes of sql/parts/50_routing.sql that belong to the case flow; its
-- access helpers are updated in 50_routing.sql, which sorts before this file)
-- The triggers that routed a case under the setting service_affair.accepting go.
DROP TRIGGER route_on_insert ON service_affair.cases;
DROP TRIGGER route_on_accept ON service_affair.cases;
DROP FUNCTION service_affair.route_case();

CREATE TABLE service_affair.due_clock (
    id integer PRIMARY KEY CHECK (id = 1)
);
COMMENT ON TABLE service_affair.due_clock IS
  'Routing: the due lock: every path that computes a stored due date locks this table in ROW SHARE mode, a calendar edit IN EXCLUSIVE MODE; no role is granted anything on it';
COMMENT ON COLUMN service_affair.due_clock.id IS 'Always 1';
INSERT INTO service_affair.due_clock VALUES (1);

-- PL/pgSQL instead of SQL (no re-planning on every call); 0.1.0's was
-- dropped before task was partitioned (39_cases_partition.sql)
CREATE FUNCTION service_affair.task_event(t service_affair.task, at timestamptz, kind text, detail jsonb)
    RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    INSERT INTO service_affair.case_event (case_id, at, kind, from_status, to_status, detail)
    SELECT t.case_id, task_event.at, task_event.kind, c.status, c.status,
           pg_catalog.jsonb_build_object('task_id', t.id, 'item', t.item, 'department', t.department,
                                         'task_status', t.status, 'due', t.due) OPERATOR(pg_catalog.||) task_event.detail
      FROM service_affair.cases c WHERE c.id = t.case_id AND NOT c.settled;
    IF NOT FOUND THEN
        PERFORM service_affair.refuse_case(t.case_id);  -- 55000 settled: no event is lost silently
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.task_event(service_affair.task, timestamptz, text, jsonb) IS
  'Internal: append a task event to the case history (task id, item, department, task status and due after the change, plus detail)';
REVOKE EXECUTE ON FUNCTION service_affair.task_event(service_affair.task, timestamptz, text, jsonb) FROM PUBLIC;

-- as 0.1.0's, on the row type of the partitioned task (dropped in 39_cases_partition.sql)
-- Internal: 22023 when an action on a task is dated before its extension
-- or the end of one of its suspensions (lock_task() compares the opening and
-- the claim).  Asked after the state checks, so that a second extension is
-- refused as a state (55000).  One probe of task_suspension's key
-- (task_id, suspended_at).
CREATE FUNCTION service_affair.require_task_not_before(t service_affair.task, at timestamptz)
    RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_resumed timestamptz;
BEGIN
    -- a suspension running since after at (until 2026-12-03 extend() took a
    -- time before the suspension it was recorded after)
    IF at < t.suspended_at THEN
        RAISE EXCEPTION 'time precedes the suspension of task %', t.id
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Time %s is before task %s was suspended at %s.', at, t.id, t.suspended_at);
    END IF;
    IF at < t.extended_at THEN
        RAISE EXCEPTION 'time precedes the extension of task %', t.id
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Time %s is before task %s was extended at %s.', at, t.id, t.extended_at);
    END IF;
    SELECT pg_catalog.max(s.resumed_at) INTO v_resumed FROM service_affair.task_suspension s
     WHERE s.task_id = t.id AND NOT s.settled;
    IF v_resumed > at THEN
        RAISE EXCEPTION 'time precedes the last resumption of task %', t.id
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Time %s is before task %s was last resumed at %s.', at, t.id, v_resumed);
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.require_task_not_before(service_affair.task, timestamptz) IS
  'Internal: 22023 when an action on a task (decision, suspension, resumption, extension) is dated before its running suspension began, its extension or the end of its last suspension';
REVOKE EXECUTE ON FUNCTION service_affair.require_task_not_before(service_affair.task, timestamptz) FROM PUBLIC;

-- Internal: 55000 when a clock action on a task (a suspension, a resumption,
-- an extension) is dated before the time sla_sweep() recorded a breach of
-- the task or of its case (task_overdue, case_overdue): such an action,
-- recorded late with its own time, would move a due past a breach already
-- recorded and turn it into warning or met (doc/routing.md, "A clock action
-- before a recorded breach").  Until 2026-12-05 a suspend(at => a day before
-- the due) recorded after the sweep's task_overdue erased it.  A breach a
-- calendar edit has since undone (the due it ran past moved to or after its
-- day) binds nothing: until 2026-12-05 it refused a suspension in time by
-- every calendar the views show.  One probe of case_event's key (case_id,
-- id): the case's events after "at", none for an action dated now.
CREATE FUNCTION service_affair.require_after_breach(t service_affair.task, at timestamptz, action text)
    RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    e record;
    v_due date;
    v_day date;
BEGIN
    -- the breaches recorded after "at", the latest first (the task's own
    -- first at one instant); the first that still holds binds
    FOR e IN SELECT x.at, x.kind FROM service_affair.case_event x
              WHERE x.case_id = t.case_id AND NOT x.settled AND x.at > require_after_breach.at
                AND (x.kind = 'case_overdue'
                     OR (x.kind = 'task_overdue' AND x.detail OPERATOR(pg_catalog.->>) 'task_id' = t.id::text))
              ORDER BY x.at DESC, x.kind = 'task_overdue' DESC, x.id DESC
    LOOP
        -- the due in force at the breach as the calendar now counts it (the
        -- task's: its due moved by its running suspension begun by then, as
        -- extend() measures it; the case's: case_due_at()).  A calendar edit
        -- since (a day off entered after the fact) can have moved it to or
        -- past the local day of the breach: then there was no breach, the
        -- views and indicators show none, and no late record can undo it
        IF e.kind = 'task_overdue' THEN
            v_due := CASE WHEN t.status = 'suspended' AND t.suspended_at <= e.at
                          THEN service_affair.shifted_due(t.due, 0,
                                   service_affair.suspension_workdays(t.suspended_at, e.at, t.due, t.calendar), t.calendar)
                          ELSE t.due END;
            v_day := service_affair.local_day(e.at, t.calendar);
        ELSE
            v_due := service_affair.case_due_at(t.case_id, e.at);
            SELECT service_affair.local_day(e.at, c.calendar) INTO v_day
              FROM service_affair.cases c WHERE c.id = t.case_id AND NOT c.settled;
        END IF;
        CONTINUE WHEN v_day <= v_due;  -- no longer a breach (NULL: taken as one)
        RAISE EXCEPTION 'time precedes the breach recorded on task %', t.id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('The sweep recorded %s (%s) at %s; %s %s of task %s dated %s comes before it.',
                                             CASE e.kind WHEN 'case_overdue' THEN pg_catalog.format('case %s overdue', t.case_id)
                                                         ELSE pg_catalog.format('task %s overdue', t.id) END,
                                             e.kind, e.at, CASE WHEN action ~ '^[aeiou]' THEN 'an' ELSE 'a' END,
                                             action, t.id, at),
                  HINT = 'A suspension, resumption or extension recorded after a breach was recorded may not be dated before it; date it at or after the breach.';
    END LOOP;
END
$$;
COMMENT ON FUNCTION service_affair.require_after_breach(service_affair.task, timestamptz, text) IS
  'Internal: 55000 when a clock action (suspension, resumption, extension: action) on a task is dated before a breach sla_sweep() recorded of the task (task_overdue) or of its case (case_overdue) that still holds (the local day of the breach after the due in force then, as the calendar now counts it): a late record may not move a due past a recorded breach; one a calendar edit has undone binds nothing';
REVOKE EXECUTE ON FUNCTION service_affair.require_after_breach(service_affair.task, timestamptz, text) FROM PUBLIC;
CREATE FUNCTION service_affair.wrong_task_state(t service_affair.task, action text, allowed text)
    RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION 'cannot % task %', action, t.id
        USING ERRCODE = 'object_not_in_prerequisite_state',
              DETAIL = pg_catalog.format('Task %s is %s%s; only %s tasks can be %s.', t.id,
                                         CASE WHEN t.cancelled THEN 'cancelled' ELSE t.status END,
                                         CASE WHEN t.status = 'done' AND t.decision IS NOT NULL
                                              THEN ' (' || t.decision || ')' ELSE '' END,
                                         allowed,
                                         CASE action WHEN 'complete' THEN 'completed' WHEN 'suspend' THEN 'suspended'
                                                     WHEN 'resume' THEN 'resumed' WHEN 'extend' THEN 'extended'
                                                     ELSE action || 'ed' END);
END
$$;
COMMENT ON FUNCTION service_affair.wrong_task_state(service_affair.task, text, text) IS
  'Internal: raise 55000 for an action the task''s state does not allow';
REVOKE EXECUTE ON FUNCTION service_affair.wrong_task_state(service_affair.task, text, text) FROM PUBLIC;

DROP FUNCTION service_affair.due_lock_shared();
CREATE FUNCTION service_affair.due_lock_shared() RETURNS void
    AS 'MODULE_PATHNAME', 'sa_due_lock_shared'
    LANGUAGE C VOLATILE;
COMMENT ON FUNCTION service_affair.due_lock_shared() IS
  'Internal: the due lock in shared mode (ROW SHARE on table due_clock), taken by every path that computes a stored due date before it computes it; a calendar edit locks the table IN EXCLUSIVE MODE';
REVOKE EXECUTE ON FUNCTION service_affair.due_lock_shared() FROM PUBLIC;

DROP FUNCTION service_affair.shifted_due(date,integer,integer,text);
CREATE FUNCTION service_affair.shifted_due(opened date, limit_days integer, shift integer, cal text)
    RETURNS date
    AS 'MODULE_PATHNAME', 'sa_shifted_due'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.shifted_due(date, integer, integer, text) IS
  'The due date of a clock started on local day opened: limit_days working days later (0: that day or the next working day), then moved by shift working days; the one rule of every stored due date (tasks, cases, tolerated materials with shift 0); a negative limit_days or shift is refused (22023)';

CREATE FUNCTION service_affair.suspension_workdays(suspended_at timestamptz, resumed_at timestamptz, due date, cal text)
    RETURNS integer
    AS 'MODULE_PATHNAME', 'sa_suspension_workdays'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.suspension_workdays(timestamptz, timestamptz, date, text) IS
  'Working days a suspension does not count, due being the task''s due in force when it began: those after the local day suspended, up to and including the local day resumed, and one more when the due so moved falls before the local day resumed (begun on its due day, resumed on a day off: the clock restarts on the next working day); none when it began after due (行政许可法 Art 45 stops a limit that has not run out); resumed on a local day before the one suspended: 22023; the one decision of resume(), extend() and, through suspensions_workdays(), recompute_dues()';
REVOKE EXECUTE ON FUNCTION service_affair.suspension_workdays(timestamptz, timestamptz, date, text) FROM PUBLIC;

-- Not STRICT: extended_at is NULL for a task not extended (NULL when any
-- other argument is).
CREATE FUNCTION service_affair.suspensions_workdays(opened date, limit_days integer, shift integer,
    suspended_at timestamptz[], resumed_at timestamptz[], cal text, extended_at timestamptz DEFAULT NULL)
    RETURNS integer
    AS 'MODULE_PATHNAME', 'sa_suspensions_workdays'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.suspensions_workdays(date, integer, integer, timestamptz[], timestamptz[], text, timestamptz) IS
  'Working days that count of a task''s finished suspensions, given in the order of its task_suspension rows: each judged as suspension_workdays() against the due the earlier ones moved, shifted_due(opened, limit_days, shift + the days so far), shift (the extension) only for those begun at or after extended_at (all when NULL): one begun before the extension is judged against the due without it, but the one the extension was granted during restarts against the due with it (no day more for a restart on a day off); task.suspended_workdays as recompute_dues() computes it again';
REVOKE EXECUTE ON FUNCTION service_affair.suspensions_workdays(date, integer, integer, timestamptz[], timestamptz[], text, timestamptz) FROM PUBLIC;

CREATE FUNCTION service_affair.route_accepted(case_id bigint) RETURNS void
    AS 'MODULE_PATHNAME', 'sa_route_accepted'
    LANGUAGE C VOLATILE STRICT;
COMMENT ON FUNCTION service_affair.route_accepted(bigint) IS
  'Internal: called by submit() and supplement() once they accepted the case: one task per item for the item''s department, the first stage inserted open at the acceptance time, later stages waiting; 55000 when the case is not accepted or already routed';
REVOKE EXECUTE ON FUNCTION service_affair.route_accepted(bigint) FROM PUBLIC;

-- Internal: the last step recorded on a case after its acceptance (a
-- supplement, a task opened, blocked, claimed, decided, suspended, resumed
-- or extended; visits do not count, a visit may be recorded late): a
-- transition that ends the case's tasks (withdraw(), the revocation of
-- record_check()) may not be dated before it, or a task would end before it
-- opened, was claimed, decided or resumed, and a running suspension would
-- end before it began (23514 of task_suspension's own check).  Read from the
-- case's events by the key's case prefix.
CREATE FUNCTION service_affair.case_last_step(case_id bigint) RETURNS timestamptz
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT pg_catalog.max(e.at) FROM service_affair.case_event e
     WHERE e.case_id = case_last_step.case_id AND NOT e.settled
       AND e.kind = ANY ('{supplemented,task_opened,task_blocked,task_claimed,task_completed,task_suspended,task_resumed,task_extended}'::text[]);
END;
COMMENT ON FUNCTION service_affair.case_last_step(bigint) IS
  'Internal: the last supplement or task step (opened, blocked, claimed, decided, suspended, resumed, extended) recorded on a case, NULL when none: withdraw() and record_check()''s revocation may not be dated before it (22023)';
REVOKE EXECUTE ON FUNCTION service_affair.case_last_step(bigint) FROM PUBLIC;

-- Internal: lock the unfinished tasks of a case (its row locked first, as
-- every writer does) before reading its last step.  claim_task() locks the
-- task it claims, not the case: a withdrawal or revocation that read the
-- steps without waiting for such a claim did not see it, and stopped the
-- claimed task at a time before its claim.
CREATE FUNCTION service_affair.lock_case_tasks(case_id bigint) RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM FROM service_affair.task t
      WHERE t.case_id = lock_case_tasks.case_id AND NOT t.settled AND t.status <> 'done'
      ORDER BY t.id
        FOR NO KEY UPDATE;
END
$$;
COMMENT ON FUNCTION service_affair.lock_case_tasks(bigint) IS
  'Internal: locks the unfinished tasks of a case (FOR NO KEY UPDATE, in id order; the caller holds the case): withdraw() and revoke_case() wait for a claim in progress before they read case_last_step()';
REVOKE EXECUTE ON FUNCTION service_affair.lock_case_tasks(bigint) FROM PUBLIC;

DROP TRIGGER route_cancel ON service_affair.cases;
DROP FUNCTION service_affair.cancel_tasks();
CREATE FUNCTION service_affair.cancel_tasks() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF pg_catalog.pg_partition_root(TG_RELID) IS DISTINCT FROM 'service_affair.cases'::pg_catalog.regclass OR TG_WHEN <> 'AFTER'
       OR TG_OP <> 'UPDATE' OR TG_LEVEL <> 'ROW' THEN
        RAISE EXCEPTION 'cancel_tasks() is not a trigger of this table'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'It runs after updates of service_affair.cases only.';
    END IF;
    UPDATE service_affair.task t
       SET status = 'done', cancelled = true, suspended_at = NULL, suspend_reason = NULL, sla_state = NULL,
           finished_at = COALESCE(CASE NEW.status WHEN 'withdrawn' THEN NEW.withdrawn_at ELSE NEW.revoked_at END,
                                  pg_catalog.now())
     -- the unfinished ones: a blocked task finished when its stage ended
     -- (block_unlicensed_stage(), 44_licences.sql) and keeps its status and
     -- time (until 2026-12-05 a withdrawal or revocation made it a
     -- cancelled done task at its own time; a review)
     WHERE t.case_id = NEW.id AND NOT t.settled AND t.status IN ('waiting', 'open', 'suspended');
    UPDATE service_affair.task_suspension s
       SET resumed_at = COALESCE(CASE NEW.status WHEN 'withdrawn' THEN NEW.withdrawn_at ELSE NEW.revoked_at END,
                                 pg_catalog.now())
     WHERE s.resumed_at IS NULL AND NOT s.settled
       AND s.task_id IN (SELECT t.id FROM service_affair.task t WHERE t.case_id = NEW.id AND NOT t.settled);
    UPDATE service_affair.cases c SET suspended = false, task_suspended = false, clock_stopped_at = NULL,
                                      stop_moves_due = false, stop_since = NULL, stop_task_due = NULL,
                                      stop_task_shift = NULL, stop_stage_shift = NULL, sla_state = NULL
     WHERE c.id = NEW.id AND NOT c.settled AND (c.suspended OR c.task_suspended OR c.sla_state IS NOT NULL);
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION service_affair.cancel_tasks() IS
  'Trigger: a withdrawn or revoked case stops its unfinished tasks (waiting, open, suspended: status done, cancelled, no decision; a blocked task keeps its status and finish); refuses to run on any other table (42501)';
REVOKE EXECUTE ON FUNCTION service_affair.cancel_tasks() FROM PUBLIC;
CREATE TRIGGER route_cancel AFTER UPDATE OF status ON service_affair.cases
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status AND NEW.status IN ('withdrawn', 'revoked'))
    EXECUTE FUNCTION service_affair.cancel_tasks();
COMMENT ON TRIGGER route_cancel ON service_affair.cases IS 'Withdrawal and revocation stop the case''s tasks';

DROP FUNCTION service_affair.suspend(bigint,text,timestamptz);
CREATE FUNCTION service_affair.suspend(task_id bigint, reason text, at timestamptz DEFAULT pg_catalog.now())
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t service_affair.task;
BEGIN
    -- lock_task() takes the due lock before the rows (doc/routing.md,
    -- "Concurrency"): the case clock is recomputed below, and a calendar
    -- edit holding the due lock must not find this task locked while this
    -- transaction waits for it
    t := service_affair.lock_task(task_id, at);
    IF reason IS NULL OR reason NOT IN ('hearing', 'tender', 'auction', 'inspection',
                                        'testing', 'quarantine', 'appraisal', 'expert_review') THEN
        RAISE EXCEPTION 'invalid suspension reason'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Reason %s is not one of hearing, tender, auction, inspection, testing, quarantine, appraisal, expert_review.',
                                             COALESCE(pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(reason, 64))), 'NULL'));
    END IF;
    IF t.status <> 'open' THEN
        PERFORM service_affair.wrong_task_state(t, 'suspend', 'open');
    END IF;
    PERFORM service_affair.require_task_not_before(t, at);  -- 22023, as complete_task()
    PERFORM service_affair.require_after_breach(t, at, 'suspension');  -- 55000: before a recorded breach
    -- suspensions of a task never overlap, and one starts at most once per instant
    IF EXISTS (SELECT FROM service_affair.task_suspension p
                WHERE p.task_id = t.id AND NOT p.settled AND p.resumed_at > suspend.at) THEN
        RAISE EXCEPTION 'time precedes the last resumption of task %', t.id
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Time %s is before task %s was last resumed.', at, t.id);
    END IF;
    IF EXISTS (SELECT FROM service_affair.task_suspension p
                WHERE p.task_id = t.id AND NOT p.settled AND p.suspended_at = suspend.at) THEN
        RAISE EXCEPTION 'task % was already suspended at %', t.id, at
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'A task starts at most one suspension per instant; resume it later than it was suspended, or suspend it at a later time.';
    END IF;
    INSERT INTO service_affair.task_suspension (task_id, suspended_at, reason) VALUES (t.id, at, reason);
    UPDATE service_affair.task x SET status = 'suspended', suspended_at = at, suspend_reason = reason
     WHERE x.id = t.id AND NOT x.settled
    RETURNING x.* INTO t;
    PERFORM service_affair.task_event(t, at, 'task_suspended', pg_catalog.jsonb_build_object('reason', reason));
    PERFORM service_affair.refresh_case_clock(t.case_id);
END
$$;
COMMENT ON FUNCTION service_affair.suspend(bigint, text, timestamptz) IS
  'Suspends an open task for a special procedure (特别程序): hearing, tender, auction, inspection, testing, quarantine, appraisal or expert_review; takes the due lock before the task (waits for a calendar edit in progress)';
REVOKE EXECUTE ON FUNCTION service_affair.suspend(bigint, text, timestamptz) FROM PUBLIC;

DROP FUNCTION service_affair.resume(bigint,timestamptz);
CREATE FUNCTION service_affair.resume(task_id bigint, at timestamptz DEFAULT pg_catalog.now())
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t service_affair.task;
    days integer;
BEGIN
    t := service_affair.lock_task(task_id, at);  -- the due lock before the rows
    IF t.status <> 'suspended' THEN
        PERFORM service_affair.wrong_task_state(t, 'resume', 'suspended');
    END IF;
    PERFORM service_affair.require_task_not_before(t, at);  -- 22023, as complete_task()
    PERFORM service_affair.require_after_breach(t, at, 'resumption');  -- 55000: before a recorded breach
    IF at < t.suspended_at THEN
        RAISE EXCEPTION 'time precedes the suspension of task %', t.id
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Time %s is before task %s was suspended at %s.', at, t.id, t.suspended_at);
    END IF;
    -- none when it began after the due (the due stays, the breach too:
    -- sla_sweep recorded it once, doc/routing.md "A suspension after the due");
    -- the due in force when it began: without an extension granted since
    -- (as recompute_dues() judges it, suspensions_workdays()).  But the
    -- clock restarts against the due in force at the restart, with that
    -- extension: it gives back the days a suspension begun on its due day
    -- had left, and a restart on a day off gains no day more (until
    -- 2026-12-05 one did: resumed on Saturday, one working day later than
    -- resumed the Friday before; route_restart_extension.sql)
    days := CASE WHEN t.extended_at > t.suspended_at
                  AND service_affair.local_day(t.suspended_at, t.calendar)
                      > service_affair.shifted_due(service_affair.local_day(t.opened_at, t.calendar), t.limit_days,
                                                   t.suspended_workdays, t.calendar)
                 THEN 0
                 ELSE service_affair.suspension_workdays(t.suspended_at, at, t.due, t.calendar) END;
    UPDATE service_affair.task_suspension s SET resumed_at = at
     WHERE s.task_id = t.id AND NOT s.settled AND s.resumed_at IS NULL;
    UPDATE service_affair.task x
       SET status = 'open', suspended_at = NULL, suspend_reason = NULL,
           suspended_workdays = x.suspended_workdays + days,
           due = service_affair.shifted_due(service_affair.local_day(x.opened_at, x.calendar), x.limit_days,
                                            x.extension_days + x.suspended_workdays + days, x.calendar)
     WHERE x.id = t.id AND NOT x.settled
    RETURNING x.* INTO t;
    PERFORM service_affair.task_event(t, at, 'task_resumed',
        pg_catalog.jsonb_build_object('workdays', days, 'suspended_workdays', t.suspended_workdays));
    PERFORM service_affair.refresh_case_clock(t.case_id);
END
$$;
COMMENT ON FUNCTION service_affair.resume(bigint, timestamptz) IS
  'Resumes a suspended task; its due date (and its case''s) moves by the working days between the local days suspended and resumed, none when it was suspended after its due (the due and the breach stay); takes the due lock before the task (waits for a calendar edit in progress)';
REVOKE EXECUTE ON FUNCTION service_affair.resume(bigint, timestamptz) FROM PUBLIC;

CREATE FUNCTION service_affair.sla_state_at(due date, cal text, finished_at timestamptz, suspended boolean,
    at timestamptz, suspended_at timestamptz DEFAULT NULL) RETURNS text
    AS 'MODULE_PATHNAME', 'sa_sla_state_at'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.sla_state_at(date, text, timestamptz, boolean, timestamptz, timestamptz) IS
  'Internal: sla_state() as of the instant at instead of sla_as_of() (sla_sweep); the same rule (rt_sla_state in src/core/routing.c); 22023 for an infinite at';
REVOKE EXECUTE ON FUNCTION service_affair.sla_state_at(date, text, timestamptz, boolean, timestamptz, timestamptz) FROM PUBLIC;

COMMENT ON FUNCTION service_affair.sla_state(date, text, timestamptz, boolean, timestamptz) IS
  'Time-limit state as of sla_as_of(): met or missed when finished_at is given (its local day on or before due, or after; an infinite finish is missed, a minus-infinite one met), else suspended (when suspended and the local day of suspended_at, the start of the suspension, is on or before due; NULL suspended_at: taken as in time), overdue (today after due, a suspension begun after due included: 行政许可法 Art 45 stops a limit that has not run out), warning (workdays_left <= 1) or running; NULL for an infinite due; never cached across a change of service_affair.as_of or of the calendar';

COMMENT ON FUNCTION service_affair.sla_workdays_left(date, text, timestamptz) IS
  'workdays_between(day, due, cal) where day is the local day of finished_at, or the local day of sla_as_of() when finished_at is NULL; NULL when due or cal is NULL or due or finished_at is infinite';

COMMENT ON FUNCTION service_affair.route_advance(bigint, timestamptz) IS
  'Internal: after a task of the (locked) case finished, open the next stage (''opened'') or conclude the case (''concluded'', approved only if every decided task was) at the latest finish of the stage that just ended ("at" when none is recorded), or nothing (''running'')';

DROP TRIGGER route_recompute_dues ON service_affair.calendar;
DROP TRIGGER route_recompute_dues ON service_affair.calendar_day;
DROP FUNCTION service_affair.recompute_dues();
CREATE INDEX cases_concluded_due_idx ON service_affair.cases_active (calendar, due) WHERE status = 'concluded';
COMMENT ON INDEX service_affair.cases_concluded_due_idx IS
  'recompute_dues(): the concluded cases whose due lies after their calendar''s covered_until (provisional), found without a scan of the concluded cases';
CREATE FUNCTION service_affair.recompute_dues() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    chg_id bigint[];
    chg_old_due date[];
    chg_new_due date[];
    chg_susp integer[];
    mat_case bigint[];
    mat_material text[];
    mat_due date[];
    refreshed bigint[];
    acc bigint[];
    acc_due date[];
    prov bigint[];
    prov_due date[];
    edit jsonb;
    covered jsonb;
    v_bad record;
BEGIN
    -- the check, the due lock (exclusively: due_lock_shared() is the
    -- shared side) and the days the edit changed: only the rows whose count
    -- reaches one of them move (calendar_edit_moves(),
    -- 22_calendar_triggers.sql); a task's count reaches the end of its
    -- last suspension too
    edit := service_affair.calendar_recompute_begin('recompute_dues', TG_RELID, TG_WHEN, TG_LEVEL, TG_OP);
    IF edit = '{}'::jsonb THEN  -- no working day changed (a note, covered_until): nothing can move
        RETURN NULL;
    END IF;
    -- the concluded cases whose due was provisional when the edit came (after
    -- their calendar's covered_until before the statement) and that the
    -- edit can move:
    -- their due was counted over days no notice had fixed yet, and the
    -- notice entered now fixes them, so they and their finished tasks are
    -- counted again, by the one rule (refresh_case_clock()).  Other
    -- concluded cases keep their dues (doc/routing.md, "Calendar edits").
    -- Until 2026-12-05 every concluded case kept its due: a case concluded
    -- on its lawful due after a provisional one stayed missed for good
    -- (indicator_provisional_due.sql).  Read through cases_concluded_due_idx
    -- per calendar (dues after covered_until only), never a scan of the
    -- concluded cases.
    -- For an UPDATE of calendar rows, covered_until before the statement
    -- (calendar_covered_before()): until 2026-12-05 the one it wrote, so
    -- a statement moving the weekmask and covered_until together missed
    -- the cases in between (route_due_events.sql).
    covered := service_affair.calendar_covered_before(TG_RELID, TG_OP);
    SELECT pg_catalog.array_agg(c.id ORDER BY c.id), pg_catalog.array_agg(c.due ORDER BY c.id)
      INTO prov, prov_due
      FROM service_affair.calendar k
      JOIN service_affair.cases c ON c.calendar = k.name AND c.status = 'concluded' AND NOT c.settled
                                 AND c.due > CASE WHEN covered ? k.name THEN (covered ->> k.name)::date
                                                  ELSE k.covered_until END
     WHERE service_affair.calendar_edit_moves(edit, c.calendar, c.due);
    prov := COALESCE(prov, '{}');
    -- the tasks whose suspended working days or due date change, and the
    -- pending tolerated materials whose deadline changes, computed once;
    -- then their cases, locked before them in id order (the case, then its
    -- task or material, as every writer of a task or a material:
    -- doc/routing.md, "Concurrency"; locking the tasks first deadlocked
    -- with a withdrawal, which locks the case, then its tasks, and updating
    -- the materials first with a supplement, which locks the case, then its
    -- materials); then the tasks, the cases, the materials
    -- The tasks of open work: open and suspended ones, and the finished
    -- tasks of a case still accepted, whose suspended days make its shift
    -- (rt_case_shift()): until 2026-12-04 only the first were counted
    -- again, so a case got a shift of 5 or 4 days from one calendar as the
    -- edit came before or after its stage-1 task finished (a review).
    -- (a block: a suspension resumed before it began, written past the
    -- check of task_suspension, is named below)
    BEGIN
    WITH w AS (
        SELECT t.* FROM service_affair.task t
         WHERE NOT t.settled
           -- the edit's calendars first: a task of a calendar the edit did
           -- not change is left out before its suspensions are counted
           -- (calendar_edit_moves() below would drop it after; until
           -- 2026-12-07 an edit of a calendar no task used counted every
           -- suspended task's days all the same: bench/calendar/edit_scope.sh)
           AND (edit IS NULL OR t.due IS NULL OR edit ? t.calendar)
           AND (t.status IN ('open', 'suspended')
                OR (t.status = 'done'  -- (only one that was suspended has a count to move)
                    AND EXISTS (SELECT FROM service_affair.task_suspension ts WHERE ts.task_id = t.id AND NOT ts.settled)
                    AND EXISTS (SELECT FROM service_affair.cases c
                                 WHERE c.id = t.case_id AND NOT c.settled AND c.status = 'accepted'))
                -- every finished task of a concluded case counted again (above)
                OR (t.status = 'done' AND t.case_id = ANY (prov)))),
    s AS (
        SELECT ts.task_id,
               -- each judged against the due the earlier ones moved, the
               -- extension only for those begun once it was granted (until
               -- 2026-12-05 for all: after an edit that moved the due
               -- earlier, one begun after it counted all the same when the
               -- task was extended later)
               service_affair.suspensions_workdays(service_affair.local_day(t.opened_at, t.calendar), t.limit_days,
                                                   t.extension_days,
                                                   pg_catalog.array_agg(ts.suspended_at ORDER BY ts.suspended_at),
                                                   pg_catalog.array_agg(ts.resumed_at ORDER BY ts.suspended_at),
                                                   t.calendar, t.extended_at) AS days,
               pg_catalog.max(service_affair.local_day(ts.resumed_at, t.calendar)) AS last_day
          FROM service_affair.task_suspension ts JOIN w t ON t.id = ts.task_id
         WHERE ts.resumed_at IS NOT NULL AND NOT ts.settled
         GROUP BY ts.task_id, t.opened_at, t.limit_days, t.extension_days, t.extended_at, t.calendar),
    chg AS (
        SELECT t.id, t.due AS old_due, t.suspended_workdays AS old_susp, x.susp,
               -- a finished task keeps its due (history is not rewritten),
               -- but for one of a concluded case counted again (above)
               CASE WHEN t.status = 'done' AND NOT t.case_id = ANY (prov) THEN t.due
                    ELSE service_affair.shifted_due(service_affair.local_day(t.opened_at, t.calendar), t.limit_days,
                                                    t.extension_days + x.susp, t.calendar) END AS new_due
          FROM w t
          LEFT JOIN s ON s.task_id = t.id,
          LATERAL (SELECT COALESCE(s.days, 0) AS susp) x
         WHERE service_affair.calendar_edit_moves(edit, t.calendar, GREATEST(t.due, s.last_day)))
    SELECT pg_catalog.array_agg(chg.id), pg_catalog.array_agg(chg.old_due), pg_catalog.array_agg(chg.new_due),
           pg_catalog.array_agg(chg.susp)
      INTO chg_id, chg_old_due, chg_new_due, chg_susp
      FROM chg
     WHERE (chg.old_due, chg.old_susp) IS DISTINCT FROM (chg.new_due, chg.susp);
    EXCEPTION WHEN invalid_parameter_value THEN
        -- suspensions_workdays()'s refusal of a suspension resumed on a day
        -- before it began: only a row written past the table's check (a
        -- superuser dropped it) gets here, and it is XX001 naming the task,
        -- as the case's clock says it (rt_case_shift_of(), src/routing.c);
        -- until 2026-12-07 every calendar edit stopped with 22023 'a
        -- suspension cannot be resumed before it began', an argument error
        -- naming no task (a review)
        SELECT ts.task_id, ts.suspended_at, ts.resumed_at INTO v_bad
          FROM service_affair.task_suspension ts
         WHERE NOT ts.settled AND ts.resumed_at < ts.suspended_at
         ORDER BY ts.task_id, ts.suspended_at LIMIT 1;
        IF v_bad.task_id IS NULL THEN
            RAISE;
        END IF;
        RAISE EXCEPTION 'the suspension of task % begun at % was resumed before it began', v_bad.task_id, v_bad.suspended_at
            USING ERRCODE = 'data_corrupted',
                  DETAIL = pg_catalog.format('resumed_at is %s; the check of service_affair.task_suspension refuses it.', v_bad.resumed_at);
    END;
    -- deadlines of tolerated materials still pending, of accepted and of
    -- concluded cases alike (sla_sweep revokes both)
    SELECT pg_catalog.array_agg(x.case_id), pg_catalog.array_agg(x.material), pg_catalog.array_agg(x.new_due)
      INTO mat_case, mat_material, mat_due
      FROM (SELECT m.case_id, m.material, m.due AS old_due,
                   service_affair.shifted_due(service_affair.local_day(c.accepted_at, c.calendar), m.tolerance_days, 0,
                                              c.calendar) AS new_due
              FROM service_affair.case_material m JOIN service_affair.cases c ON c.id = m.case_id
             WHERE NOT c.settled AND NOT m.settled AND c.status IN ('accepted', 'concluded') AND m.status = 'tolerated'
               AND (edit IS NULL OR m.due IS NULL OR edit ? c.calendar)  -- (the edit's calendars first, as above)
               AND service_affair.calendar_edit_moves(edit, c.calendar, m.due)) x
     WHERE x.old_due IS DISTINCT FROM x.new_due;
    PERFORM FROM service_affair.cases c
     WHERE c.id IN (SELECT t.case_id FROM service_affair.task t WHERE t.id = ANY (chg_id) AND NOT t.settled
                    UNION ALL
                    SELECT pg_catalog.unnest(mat_case)
                    UNION ALL
                    SELECT pg_catalog.unnest(prov))
       AND NOT c.settled
     ORDER BY c.id
       FOR NO KEY UPDATE;  -- as an update of the case: not against an event's foreign key (claim_task())
    WITH u AS (
        UPDATE service_affair.task t SET due = CASE WHEN t.status = 'done' AND NOT t.case_id = ANY (prov) THEN t.due
                                                    ELSE chg.new_due END,
                                         suspended_workdays = chg.susp
          FROM ROWS FROM (pg_catalog.unnest(chg_id), pg_catalog.unnest(chg_old_due), pg_catalog.unnest(chg_new_due),
                         pg_catalog.unnest(chg_susp)) chg(id, old_due, new_due, susp)
         WHERE t.id = chg.id AND NOT t.settled
           -- (still of open work after the wait for its case: not closed
           -- with its case concluded, withdrawn or revoked meanwhile; or of
           -- a concluded case counted again, not revoked meanwhile)
           AND (t.status IN ('open', 'suspended')
                OR EXISTS (SELECT FROM service_affair.cases c
                            WHERE c.id = t.case_id AND NOT c.settled
                              AND (c.status = 'accepted' OR (c.status = 'concluded' AND c.id = ANY (prov)))))
           AND (t.due, t.suspended_workdays) IS DISTINCT FROM (chg.new_due, chg.susp)
        RETURNING t.id, t.case_id, t.item, t.department, t.status, t.due, chg.old_due)
    INSERT INTO service_affair.case_event (case_id, at, kind, from_status, to_status, detail)
    SELECT u.case_id, pg_catalog.now(), 'task_due_recomputed', x.st, x.st,
           pg_catalog.jsonb_build_object('task_id', u.id, 'item', u.item, 'department', u.department,
                                         'task_status', u.status, 'due', u.due, 'old_due', u.old_due,
                                         'reason', 'calendar edited')
      FROM u, LATERAL (SELECT CASE WHEN u.case_id = ANY (prov) THEN 'concluded' ELSE 'accepted' END AS st) x
     -- a finished task's count moves its case's due (below), not its own;
     -- one of a concluded case counted again moves its own.  A moved due
     -- only, as for the cases below: an edit inside a finished suspension
     -- can trade a day of the limit for a suspended one and leave the due
     -- where it was (until 2026-12-05 such a task got an event from its due
     -- to the same due; route_due_events.sql)
     WHERE u.due IS DISTINCT FROM u.old_due AND (u.status <> 'done' OR u.case_id = ANY (prov));
    -- cases: the shift from their tasks (rt_case_shift_of() through
    -- refresh_case_clock(), for the cases whose shift the edit can move:
    -- those with a finished suspension it reaches in its task's calendar,
    -- or whose own calendar it changes up to their due: a suspension counts
    -- for the case only when begun on or before the case's due in force
    -- then, every such due on or before the case's due (until 2026-12-05
    -- only the first: a bundle's stage of another calendar than its case's,
    -- suspended on the case's due day, kept its days for the case when an
    -- edit of the case's calendar moved that due before it, and lost them
    -- on the case's next write; a review); then the due date of those and
    -- of the cases whose count reaches a changed day
    SELECT pg_catalog.array_agg(c.id ORDER BY c.id) INTO refreshed
      FROM service_affair.cases c
     WHERE c.status = 'accepted' AND NOT c.settled
       -- the cases of the edit's calendars, or with a task of one, first
       -- (implied by the test of each task below, a filter of the cases
       -- alone: until 2026-12-07 an edit of a calendar no row used joined
       -- every open task with its finished suspensions and every accepted
       -- case to find none; calendar_edit_scope.sql counts the rows read)
       AND (edit IS NULL OR c.due IS NULL OR edit ? c.calendar
            OR c.id IN (SELECT t.case_id FROM service_affair.task t WHERE NOT t.settled AND edit ? t.calendar))
       AND EXISTS (SELECT FROM service_affair.task t JOIN service_affair.task_suspension ts ON ts.task_id = t.id
                    WHERE t.case_id = c.id AND NOT t.settled AND NOT ts.settled AND ts.resumed_at IS NOT NULL
                      -- (the edit's calendars first, the task's or the case's, as above)
                      AND (edit IS NULL OR c.due IS NULL OR edit ? t.calendar OR edit ? c.calendar)
                      AND (service_affair.calendar_edit_moves(edit, t.calendar, service_affair.local_day(ts.resumed_at, t.calendar))
                           OR service_affair.calendar_edit_moves(edit, c.calendar, c.due)));
    -- every accepted case to count again, with its due before any is
    -- written: refresh_case_clock() writes the due of those above itself,
    -- and the history compares with the due read here (until 2026-12-05 it
    -- read the old due after that write, in a later statement, so the move
    -- of such a case was never recorded: route_due_events.sql)
    SELECT pg_catalog.array_agg(c.id ORDER BY c.id), pg_catalog.array_agg(c.due ORDER BY c.id)
      INTO acc, acc_due
      FROM service_affair.cases c
     WHERE c.status = 'accepted' AND NOT c.settled
       AND (service_affair.calendar_edit_moves(edit, c.calendar, c.due)
            OR c.id IN (SELECT pg_catalog.unnest(refreshed))  -- (a hashed subplan, not a scan of the array per case)
            -- and those counted from their row whose suspended task's due
            -- it can move (cases.stop_task_due: refreshed below)
            OR (c.stop_moves_due AND service_affair.calendar_edit_moves(edit, c.calendar, c.stop_task_due)));
    PERFORM service_affair.refresh_case_clock(r.id) FROM pg_catalog.unnest(refreshed) r(id);
    -- the others: their shift stays, their due moves
    WITH chg AS (
        SELECT c.id,
               service_affair.shifted_due(service_affair.local_day(c.accepted_at, c.calendar), c.promised_limit,
                                          c.due_shift, c.calendar) AS new_due
          FROM pg_catalog.unnest(acc) a(id)
          JOIN service_affair.cases c ON c.id = a.id
         WHERE c.status = 'accepted' AND NOT c.settled)
    UPDATE service_affair.cases c SET due = chg.new_due
      FROM chg
     WHERE c.id = chg.id AND NOT c.settled AND c.due IS DISTINCT FROM chg.new_due;
    -- those with a suspended task: stop_moves_due and the stop_* columns
    -- counted again against the moved dues, the case's and its task's
    -- (refresh_case_clock(); an edit that moves neither cannot change them:
    -- case_sla reads them)
    PERFORM service_affair.refresh_case_clock(c.id)
       FROM pg_catalog.unnest(acc) a(id)
       JOIN service_affair.cases c ON c.id = a.id
      WHERE c.task_suspended AND c.status = 'accepted' AND NOT c.settled;
    INSERT INTO service_affair.case_event (case_id, at, kind, from_status, to_status, detail)
    SELECT c.id, pg_catalog.now(), 'due_recomputed', 'accepted', 'accepted',
           pg_catalog.jsonb_build_object('due', c.due, 'old_due', a.old_due, 'reason', 'calendar edited')
      FROM ROWS FROM (pg_catalog.unnest(acc), pg_catalog.unnest(acc_due)) a(id, old_due)
      JOIN service_affair.cases c ON c.id = a.id
     WHERE NOT c.settled AND c.status = 'accepted' AND c.due IS DISTINCT FROM a.old_due;
    -- the concluded cases counted again (above), not revoked meanwhile:
    -- due_shift and due by refresh_case_clock(), as for an accepted case
    PERFORM service_affair.refresh_case_clock(c.id)
       FROM service_affair.cases c
      WHERE c.id = ANY (prov) AND NOT c.settled AND c.status = 'concluded';
    INSERT INTO service_affair.case_event (case_id, at, kind, from_status, to_status, detail)
    SELECT c.id, pg_catalog.now(), 'due_recomputed', 'concluded', 'concluded',
           pg_catalog.jsonb_build_object('due', c.due, 'old_due', p.old_due, 'reason', 'calendar edited')
      FROM ROWS FROM (pg_catalog.unnest(prov), pg_catalog.unnest(prov_due)) p(id, old_due)
      JOIN service_affair.cases c ON c.id = p.id
     WHERE NOT c.settled AND c.status = 'concluded' AND c.due IS DISTINCT FROM p.old_due;
    -- the materials gathered above, still pending after the wait for their
    -- case (not supplied, the case not revoked meanwhile)
    UPDATE service_affair.case_material m SET due = chg.new_due
      FROM ROWS FROM (pg_catalog.unnest(mat_case), pg_catalog.unnest(mat_material), pg_catalog.unnest(mat_due))
           chg(case_id, material, new_due),
           service_affair.cases c
     WHERE m.case_id = chg.case_id AND m.material = chg.material AND NOT m.settled AND m.status = 'tolerated'
       AND m.due IS DISTINCT FROM chg.new_due
       AND c.id = m.case_id AND NOT c.settled AND c.status IN ('accepted', 'concluded');
    UPDATE service_affair.cases c
       SET tolerance_due = x.due
      FROM (SELECT m.case_id, pg_catalog.min(m.due) AS due FROM service_affair.case_material m
             WHERE m.status = 'tolerated' AND NOT m.settled GROUP BY m.case_id) x
     WHERE c.id = x.case_id AND NOT c.settled AND c.status IN ('accepted', 'concluded') AND c.tolerance_due IS DISTINCT FROM x.due;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION service_affair.recompute_dues() IS
  'Trigger: after any edit of calendar or calendar_day, recompute the stored due dates of open and suspended tasks, accepted cases, concluded cases whose due was provisional at the edit (after covered_until) with their finished tasks, and pending tolerated materials of accepted and concluded cases that the edit can move (calendar_edit_moves()), each change of a task or case due in the case history, under the due lock, the cases of the changed tasks and materials locked first, in id order (case, then task or material); refuses to run on any other table (42501); a suspension resumed on a day before it began, written past the check of task_suspension, is XX001 naming its task';
REVOKE EXECUTE ON FUNCTION service_affair.recompute_dues() FROM PUBLIC;
CREATE TRIGGER route_recompute_dues
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON service_affair.calendar
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.recompute_dues();
COMMENT ON TRIGGER route_recompute_dues ON service_affair.calendar IS 'A calendar edit leaves no stale due date behind';
CREATE TRIGGER route_recompute_dues
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON service_affair.calendar_day
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.recompute_dues();
COMMENT ON TRIGGER route_recompute_dues ON service_affair.calendar_day IS 'A calendar edit leaves no stale due date behind';

-- ---- speed of claim_task + complete_task (bench/routing) -------------------------
-- task: the thirteen CHECK constraints become one C call (task_row_ok,
-- rt_task_row_ok in src/core), parsed once per statement instead of 11 kB of
-- expression trees.
CREATE FUNCTION service_affair.task_row_ok(stage integer, status text, limit_days integer, extension_limit integer,
    opened_at timestamptz, due date, decision text, finished_at timestamptz, cancelled boolean,
    extension_days integer, suspended_workdays integer, suspended_at timestamptz, suspend_reason text,
    sla_state text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'sa_task_row_ok'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.task_row_ok(integer, text, integer, integer, timestamptz, date, text, timestamptz, boolean, integer, integer, timestamptz, text, text) IS
  'The row invariants of task (its CHECK constraint task_row): stage >= 1, day counts >= 0, status waiting/open/suspended/done/blocked, decision approved/denied, the eight suspension reasons, sla_state warning/overdue; a waiting task has no clock, an open or suspended one has opened_at and due, a done or blocked one finished_at; exactly the decided tasks carry a decision; suspended exactly with suspended_at and suspend_reason; only done tasks are cancelled. NULL when a NOT NULL column is NULL';
ALTER TABLE service_affair.task
    DROP CONSTRAINT task_stage_check,
    DROP CONSTRAINT task_status_check,
    DROP CONSTRAINT task_limit_days_check,
    DROP CONSTRAINT task_extension_limit_check,
    DROP CONSTRAINT task_decision_check,
    DROP CONSTRAINT task_extension_days_check,
    DROP CONSTRAINT task_suspended_workdays_check,
    DROP CONSTRAINT task_suspend_reason_check,
    DROP CONSTRAINT task_sla_state_check,
    DROP CONSTRAINT task_clock,
    DROP CONSTRAINT task_decision,
    DROP CONSTRAINT task_suspension,
    DROP CONSTRAINT task_cancelled,
    ADD CONSTRAINT task_row CHECK (service_affair.task_row_ok(stage, status, limit_days, extension_limit, opened_at, due,
                                                          decision, finished_at, cancelled, extension_days,
                                                          suspended_workdays, suspended_at, suspend_reason, sla_state));
COMMENT ON CONSTRAINT task_row ON service_affair.task IS 'The row invariants (task_row_ok(), one C call): statuses and reasons, the clock of each status, decisions exactly on decided tasks, suspensions named, only done tasks cancelled';

-- lock_task, claim_task, complete_task: the access decision asked directly
-- (may_act, C) instead of through the SQL function may_act_for, planned again
-- on every call; the write and its history row in one statement; the stage
-- machine called as a simple expression.
-- Internal: the refusal of a write that found no open task of this id, as
-- refuse_case() for cases: 55000 when the task is settled, 23503 when there
-- is no such task.  Reads the history: for error paths only.
CREATE FUNCTION service_affair.refuse_task(task_id bigint) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF EXISTS (SELECT FROM service_affair.settled_task(refuse_task.task_id)) THEN  -- its month only (63_settle.sql)
        RAISE EXCEPTION 'task % is settled', task_id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('Task %s belongs to a settled case: it is in the history, and nothing more can be written to it.', task_id);
    END IF;
    PERFORM service_affair.refuse_null_id('task id', task_id);  -- 22023 (06_arguments.sql)
    RAISE EXCEPTION 'unknown task'
        USING ERRCODE = 'foreign_key_violation',
              DETAIL = pg_catalog.format('No task has id %s.', COALESCE(task_id::text, 'NULL'));
END
$$;
COMMENT ON FUNCTION service_affair.refuse_task(bigint) IS
  'Internal: raises 55000 for a settled task, 23503 for an unknown one (a write found no open task of this id)';
REVOKE EXECUTE ON FUNCTION service_affair.refuse_task(bigint) FROM PUBLIC;

-- Internal: the refusal of a task the caller may not act on, the same for
-- an unknown id and another department's (the detail names the caller and
-- who may act, nothing of the task), as complaint_refuse().
CREATE FUNCTION service_affair.task_refuse(task_id bigint) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION 'permission denied for task %', task_id
        USING ERRCODE = 'insufficient_privilege',
              DETAIL = pg_catalog.format('Role %s may not act on task %s, if there is one: administrators and the reviewers of its department do.',
                                         pg_catalog.quote_ident(service_affair.actor()), task_id);
END
$$;
COMMENT ON FUNCTION service_affair.task_refuse(bigint) IS
  'Internal: raises 42501 for a task the caller may not act on (lock_task()), in the same words for an unknown id and another department''s';
REVOKE EXECUTE ON FUNCTION service_affair.task_refuse(bigint) FROM PUBLIC;

DROP FUNCTION service_affair.lock_task(bigint,timestamptz);
CREATE FUNCTION service_affair.lock_task(task_id bigint, at timestamptz)
    RETURNS service_affair.task
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t service_affair.task;
    v_void text;
    v_dept text;
BEGIN
    -- the open task, read without a lock; the history (a second statement,
    -- so that this one never locks it) only when there is none
    SELECT * INTO t FROM service_affair.task x WHERE x.id = lock_task.task_id AND NOT x.settled;
    IF NOT FOUND THEN
        SELECT * INTO t FROM service_affair.settled_task(lock_task.task_id) x;  -- its month only (63_settle.sql)
        IF NOT FOUND THEN
            PERFORM service_affair.refuse_null_id('task id', task_id);  -- 22023 (06_arguments.sql)
        END IF;
    END IF;
    -- the right before anything is locked or revealed: the one access
    -- decision, asked directly (may_act_for() wraps the same call); no such
    -- task (a NULL department) is administrators' only, so an unknown id
    -- and another department's get the same 42501.  Until 2026-12-05 an
    -- unknown id was 23503 to anybody holding EXECUTE, who learned from it
    -- which task ids existed (a review)
    v_dept := t.department;
    IF NOT service_affair.may_act('reviewer', v_dept) THEN
        PERFORM service_affair.task_refuse(task_id);  -- 42501, unknown or another's
    END IF;
    IF v_dept IS NULL THEN  -- administrators only
        RAISE EXCEPTION 'unknown task'
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No task has id %s.', task_id);
    END IF;
    -- "at" judged by itself, before any lock: until 2026-12-05 the
    -- rightful caller of a bad "at" waited behind a calendar edit in
    -- progress for its 22023 (route_task_stranger.spec)
    IF NOT service_affair.time_recordable(at) THEN
        PERFORM service_affair.check_case_args(at);  -- 22023 null, infinite or outside the years 1..8999
    END IF;
    -- a step of a task has happened (until 2026-12-04 an approval could be
    -- dated a year ahead, and its licence was valid evidence at once:
    -- refuse_future_outcome(), 56_credit.sql)
    PERFORM service_affair.refuse_future_outcome(at, 'at');  -- 22023
    -- the due lock before the case and the task, as lock_open_case()
    -- (doc/routing.md, "Concurrency"), and after the right: until
    -- 2026-12-05 the callers took it first, and a stranger waited behind a
    -- calendar edit in progress for its 42501 (a review); a simple expression
    v_void := service_affair.due_lock_shared()::text;
    PERFORM FROM service_affair.cases c WHERE c.id = t.case_id AND NOT c.settled FOR NO KEY UPDATE SKIP LOCKED;
    IF NOT FOUND THEN
        PERFORM service_affair.settle_wait('case', t.case_id);  -- held: wait for it (63_settle.sql)
    END IF;
    -- 40001 in repeatable read when another task step of the case (another
    -- task of its stage finished) committed after the snapshot (40_cases.sql)
    v_void := service_affair.refuse_stale_case(t.case_id)::text;
    SELECT * INTO t FROM service_affair.task x WHERE x.id = lock_task.task_id AND NOT x.settled FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM service_affair.refuse_task(lock_task.task_id);  -- 55000: settled
    END IF;
    -- the right asked again of the locked row only when its department
    -- differs from the row read (a comparison, no call on the hot path)
    IF t.department IS DISTINCT FROM v_dept AND NOT service_affair.may_act('reviewer', t.department) THEN
        PERFORM service_affair.task_refuse(task_id);  -- 42501
    END IF;
    IF at < t.opened_at THEN
        RAISE EXCEPTION 'time precedes the opening of task %', t.id
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Time %s is before task %s opened at %s.', at, t.id, t.opened_at);
    END IF;
    -- nor before its claim (a comparison of the row: no read; the extension
    -- and the last resumption are asked by require_task_not_before(), after
    -- the state checks of each action)
    IF at < t.claimed_at THEN
        RAISE EXCEPTION 'time precedes the claim of task %', t.id
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Time %s is before task %s was claimed at %s.', at, t.id, t.claimed_at);
    END IF;
    RETURN t;
END
$$;
COMMENT ON FUNCTION service_affair.lock_task(bigint, timestamptz) IS
  'Internal: the task locked FOR UPDATE after its case (FOR NO KEY UPDATE), both after the due lock (shared), once the caller may act on it (may_act(''reviewer'', department), asked of the row read without a lock); 42501 alike for an unknown task and another department''s (not an administrator), 23503 unknown task (administrators), 22023 a NULL id, at null, infinite, more than an hour ahead (not a superuser''s session) or before the task opened or was claimed, 55000 settled';
REVOKE EXECUTE ON FUNCTION service_affair.lock_task(bigint, timestamptz) FROM PUBLIC;

DROP FUNCTION service_affair.claim_task(text,text,timestamptz);
CREATE FUNCTION service_affair.claim_task(department text, assignee text, at timestamptz DEFAULT pg_catalog.now())
    RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    claimed bigint;
    v_case bigint;
    v_void text;
BEGIN
    -- the due lock before the task, as complete_task() (doc/routing.md,
    -- "Concurrency"): a calendar edit holding the due lock must not find the
    -- claimed task locked by a transaction that then completes, suspends or
    -- extends it (complete_task(claim_task(...))); a simple expression
    v_void := service_affair.due_lock_shared()::text;
    IF NOT EXISTS (SELECT FROM service_affair.department d WHERE d.code = claim_task.department) THEN
        RAISE EXCEPTION 'unknown department'
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No department has code %s.', COALESCE(pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(department, 64))), 'NULL'));
    END IF;
    IF NOT service_affair.may_act('reviewer', department) THEN
        RAISE EXCEPTION 'permission denied for the work queue of department %', department
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('Role %s is not on the staff of department %s.',
                                             pg_catalog.quote_ident(service_affair.actor()), department);
    END IF;
    IF assignee IS NULL OR service_affair.is_blank(assignee) THEN
        RAISE EXCEPTION 'invalid assignee'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Assignee %s is empty; name who takes the task.',
                                             COALESCE(pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(assignee, 64))), 'NULL'));
    END IF;
    -- the checks of check_case_args(), called only when one fails (a hot path)
    IF NOT service_affair.time_recordable(at) OR pg_catalog.octet_length(assignee) > 4000 THEN
        PERFORM service_affair.check_case_args(at, note => assignee, note_name => 'assignee');
    END IF;
    -- a name on one line of printable text, as the queue views, the task's
    -- history and the reports show it: the control characters are those
    -- printable() shows as ? (src/core/text.c, the one home, as for
    -- record_evidence()'s reference: C0, DEL, C1, U+2028/U+2029 and the
    -- bidirectional controls, since 2026-12-08 the invisible characters
    -- too).  Until 2026-12-07 an assignee with a line
    -- feed or U+202E was recorded as typed, and could display as another
    -- clerk's name (a review; route_assignee_text.sql).  Only new calls are
    -- checked: rows recorded before stay as they are.
    IF service_affair.printable(assignee) OPERATOR(pg_catalog.<>) assignee THEN
        RAISE EXCEPTION 'assignee holds a control character'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('The assignee %s holds a control or invisible character (shown as ?); name who takes the task on one line of printable text.',
                                             pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(assignee, 64))));
    END IF;
    PERFORM service_affair.refuse_future_outcome(at, 'at');  -- 22023: a claim has happened (56_credit.sql)
    -- claim and record it in one statement (the event as task_event() writes it).
    -- The task is picked by a scalar subquery, which runs once (an InitPlan).
    -- Joined as a FROM subquery it could be the inner side of a nested loop
    -- and run again for every task row: each run then skipped the task this
    -- statement had just updated (locked by the current command) and picked
    -- the next, and one call claimed several tasks (seen when the statistics
    -- of an emptied task table made that plan the cheapest).
    WITH u AS (
        UPDATE service_affair.task x
           SET assignee = claim_task.assignee, claimed_at = claim_task.at
         WHERE x.id = (SELECT q.id FROM service_affair.task q
                        WHERE q.department = claim_task.department AND q.status = 'open' AND q.assignee IS NULL
                          AND NOT q.settled
                          AND q.opened_at <= claim_task.at  -- the queue as it stood at "at"
                          -- and no step of the task recorded after "at" (an
                          -- extension, a suspension or resumption): the claim
                          -- would precede it (taken until 2026-12-03)
                          AND (q.extended_at IS NULL OR q.extended_at <= claim_task.at)
                          AND NOT EXISTS (SELECT FROM service_affair.task_suspension s
                                           WHERE s.task_id = q.id AND NOT s.settled
                                             AND (s.suspended_at > claim_task.at OR s.resumed_at > claim_task.at))
                        ORDER BY q.due, q.id
                        LIMIT 1
                        FOR UPDATE SKIP LOCKED)
           AND NOT x.settled
        RETURNING x.id, x.case_id, x.item, x.department, x.status, x.due)
    INSERT INTO service_affair.case_event (case_id, at, kind, from_status, to_status, detail)
    SELECT u.case_id, claim_task.at, 'task_claimed', c.status, c.status,
           pg_catalog.jsonb_build_object('task_id', u.id, 'item', u.item, 'department', u.department,
                                         'task_status', u.status, 'due', u.due, 'assignee', claim_task.assignee)
      FROM u JOIN service_affair.cases c ON c.id = u.case_id AND NOT c.settled
    RETURNING (detail OPERATOR(pg_catalog.->>) 'task_id')::bigint, case_id INTO claimed, v_case;
    -- and the case too when nobody holds it, without waiting (SKIP LOCKED):
    -- a transaction that goes on to complete, suspend or extend the task
    -- holds its case already, and a withdrawal or revocation arriving
    -- meanwhile waits for the case, not for the task.  Until 2026-12-04
    -- complete_task(claim_task(...)) in one transaction deadlocked with a
    -- withdrawal that came between the two: it held the case and waited
    -- for the task (a review; route_claim_withdraw.spec).  A case held
    -- already (a sweep's long transaction, a writer at work) is not waited
    -- for: the claim stands, as before.
    IF v_case IS NOT NULL THEN
        PERFORM FROM service_affair.cases c WHERE c.id = v_case AND NOT c.settled FOR NO KEY UPDATE SKIP LOCKED;
    END IF;
    RETURN claimed;
END
$$;
COMMENT ON FUNCTION service_affair.claim_task(text, text, timestamptz) IS
  'Assigns the open, unassigned task of the department with the earliest due date (then lowest id) among those opened by at to assignee and returns its id; NULL when none; concurrent callers skip each other''s rows; takes the due lock first (waits for a calendar edit in progress); 22023 an assignee blank, over 4000 bytes or holding a control character or an invisible one (as printable() shows one: a line feed, C0, DEL, C1, U+2028, U+2029, a bidirectional control, a zero-width space, a soft hyphen, a byte order mark...)';
REVOKE EXECUTE ON FUNCTION service_affair.claim_task(text, text, timestamptz) FROM PUBLIC;

DROP FUNCTION service_affair.complete_task(bigint,text,timestamptz,text);
CREATE FUNCTION service_affair.complete_task(task_id bigint, decision text,
    at timestamptz DEFAULT pg_catalog.now(), note text DEFAULT NULL)
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t service_affair.task;
    step text;
BEGIN
    -- lock_task() takes the due lock before the rows (doc/routing.md,
    -- "Concurrency"): opening the next stage computes due dates, and a
    -- calendar edit holding the due lock must not find this task locked
    -- while this call waits in between (for the holder, issuing a licence)
    t := service_affair.lock_task(task_id, at);
    IF note IS NOT NULL THEN
        PERFORM service_affair.check_case_args(at, note => note, note_name => 'note');
        complete_task.note := CASE WHEN NOT service_affair.is_blank(complete_task.note) THEN complete_task.note END;  -- blank: none (06_arguments.sql)
    END IF;
    IF decision IS NULL OR decision NOT IN ('approved', 'denied') THEN
        RAISE EXCEPTION 'invalid decision'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Decision %s is not one of approved, denied.',
                                             COALESCE(pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(decision, 64))), 'NULL'));
    END IF;
    IF t.status <> 'open' THEN
        PERFORM service_affair.wrong_task_state(t, 'complete', 'open');
    END IF;
    -- nor before its extension or while it was suspended (22023)
    PERFORM service_affair.require_task_not_before(t, at);
    -- decide and record it in one statement (the event as task_event() writes it)
    WITH u AS (
        UPDATE service_affair.task x
           SET status = 'done', decision = complete_task.decision, finished_at = at, note = complete_task.note,
               assignee = COALESCE(x.assignee, service_affair.actor()), sla_state = NULL
         WHERE x.id = t.id AND NOT x.settled
        RETURNING x.id, x.case_id, x.item, x.department, x.status, x.due, x.assignee)
    INSERT INTO service_affair.case_event (case_id, at, kind, from_status, to_status, detail)
    SELECT u.case_id, complete_task.at, 'task_completed', c.status, c.status,
           pg_catalog.jsonb_build_object('task_id', u.id, 'item', u.item, 'department', u.department,
                                         'task_status', u.status, 'due', u.due,
                                         'decision', complete_task.decision, 'note', complete_task.note,
                                         'assignee', u.assignee)
      FROM u JOIN service_affair.cases c ON c.id = u.case_id AND NOT c.settled;

    -- A stage finishes when its last task does, which need not be this call:
    -- decisions may be recorded out of order.  The next stage opens (or the
    -- case concludes) at the latest finish of the stage (route_advance()
    -- finds it among the tasks it reads anyway).  An assignment, not PERFORM:
    -- a simple expression runs without a plan of its own.
    step := service_affair.route_advance(t.case_id, at);
    IF step = 'opened' THEN
        PERFORM service_affair.commitment_approve_open(t.case_id);  -- 承诺制审批 in later stages (55_commitments.sql)
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.complete_task(bigint, text, timestamptz, text) IS
  'Decides an open task (approved or denied); the last task of a stage opens the next stage, the last task of the case concludes it (approved only if every task was approved); takes the due lock before the task (waits for a calendar edit in progress)';
REVOKE EXECUTE ON FUNCTION service_affair.complete_task(bigint, text, timestamptz, text) FROM PUBLIC;

-- The notice of an SLA change on channel service_affair_sla: its kind, the
-- event that records it and the sweep's time.  Any login may LISTEN
-- (PostgreSQL checks no privilege on a channel), so the notice carries
-- nothing that row-level security withholds: a listener reads the event
-- (case_event, or complaint_queue for a complaint) with its own rights.
CREATE FUNCTION service_affair.sla_notify(kind text, event bigint, at timestamptz) RETURNS void
    LANGUAGE sql VOLATILE
    SET search_path = pg_catalog, pg_temp
RETURN pg_catalog.pg_notify('service_affair_sla',
           pg_catalog.jsonb_build_object('kind', kind, CASE WHEN kind = 'complaint' THEN 'complaint_id' ELSE 'event' END, event,
                                         'at', at)::text);
COMMENT ON FUNCTION service_affair.sla_notify(text, bigint, timestamptz) IS
  'Internal (the sweeps): NOTIFY service_affair_sla {"kind", "event" (the case_event id; "complaint_id" for kind complaint), "at"}: any login may listen, so the payload names the event only, read where row-level security applies';
REVOKE EXECUTE ON FUNCTION service_affair.sla_notify(text, bigint, timestamptz) FROM PUBLIC;

-- sla_sweep: the notices' workdays_left through the code of the views
-- (sla_workdays_left_at), not a second workdays_between of its own.
CREATE FUNCTION service_affair.sla_workdays_left_at(due date, cal text, finished_at timestamptz, at timestamptz)
    RETURNS integer
    AS 'MODULE_PATHNAME', 'sa_sla_workdays_left_at'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.sla_workdays_left_at(date, text, timestamptz, timestamptz) IS
  'Internal: sla_workdays_left() as of the instant at instead of sla_as_of() (sla_sweep''s notices); the same code; 22023 for an infinite at';
REVOKE EXECUTE ON FUNCTION service_affair.sla_workdays_left_at(date, text, timestamptz, timestamptz) FROM PUBLIC;
DROP FUNCTION service_affair.sla_sweep(timestamptz);
CREATE FUNCTION service_affair.sla_sweep(at timestamptz DEFAULT pg_catalog.now()) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n integer := 0;
    r record;
    st text;
    pending text[];
    detail jsonb;
    v_event bigint;
BEGIN
    PERFORM service_affair.check_case_args(at);  -- 22023 null or infinite
    -- its revocations are credit facts of its time: not ahead of now in a
    -- session whose user is not a superuser (56_credit.sql)
    PERFORM service_affair.refuse_future_outcome(at, 'sweep time');  -- 22023
    -- each change is judged on the rows as they are when the sweep holds
    -- them: only READ COMMITTED reads them so.  A REPEATABLE READ or
    -- SERIALIZABLE snapshot taken before another transaction completed,
    -- suspended or extended a task ended the whole sweep with 40001 at that
    -- task's lock (every other flag and notice of the run lost with it), and
    -- judged a case by suspensions and materials as of the snapshot
    -- (doc/routing.md, "Concurrency"; route_sweep_snapshot.spec)
    PERFORM service_affair.refuse_snapshot_isolation('sla_sweep()',
        'the sweep would judge tasks and cases as of its snapshot, not as other transactions left them since.');  -- 55000 (06_arguments.sql)
    -- the due lock before any case (doc/routing.md, "Concurrency"): a
    -- revocation locks the case again through lock_open_case(), which takes
    -- it; taken there, after the cases this sweep holds, it deadlocked with
    -- a calendar edit waiting for one of them
    PERFORM service_affair.due_lock_shared();

    -- 1. tolerated materials not supplied in time: revoke the acceptance (撤销受理),
    --    also of a case the departments concluded before the deadline
    FOR r IN
        SELECT c.id, c.status, c.tolerance_due, c.calendar FROM service_affair.cases c
         WHERE c.status IN ('accepted', 'concluded') AND NOT c.settled AND c.tolerance_due IS NOT NULL
           AND c.tolerance_due < service_affair.local_day(at, c.calendar)
         ORDER BY c.id
           FOR NO KEY UPDATE SKIP LOCKED
    LOOP
        SELECT pg_catalog.array_agg(m.material ORDER BY m.material) INTO pending
          FROM service_affair.case_material m
         WHERE m.case_id = r.id AND NOT m.settled AND m.status = 'tolerated' AND m.due < service_affair.local_day(at, r.calendar);
        CONTINUE WHEN pending IS NULL;
        -- a sweep dated before a step recorded on the case (a catch-up run
        -- with a past at) leaves it to a later sweep: the revocation may not
        -- precede what it undoes (revocation_floor(), 55_commitments.sql)
        -- its unfinished tasks too, without waiting (a claim in progress):
        -- the floor below must see every step (lock_case_tasks())
        PERFORM FROM service_affair.task t
         WHERE t.case_id = r.id AND NOT t.settled AND t.status <> 'done'
           AND t.id NOT IN (SELECT k.id FROM service_affair.task k
                             WHERE k.case_id = r.id AND NOT k.settled AND k.status <> 'done'
                             ORDER BY k.id
                               FOR NO KEY UPDATE SKIP LOCKED);
        CONTINUE WHEN FOUND;
        CONTINUE WHEN service_affair.revocation_floor(r.id) > at;
        -- the revocation cascade (revoke_case_licences(), 44_licences.sql)
        -- updates the case's valid and expired licences: one that another
        -- transaction holds (a renewal by another case of the holder) would
        -- make the sweep wait for it, holding every row it took so far;
        -- lock them without waiting, or leave the case to the next sweep
        PERFORM FROM service_affair.licence l
         WHERE l.case_id = r.id AND l.status IN ('valid', 'expired')
           AND l.id NOT IN (SELECT k.id FROM service_affair.licence k
                             WHERE k.case_id = r.id AND k.status IN ('valid', 'expired')
                               FOR NO KEY UPDATE SKIP LOCKED);
        CONTINUE WHEN FOUND;
        -- the one revocation (55_commitments.sql): status, event, credit event for review
        PERFORM service_affair.revoke_case(r.id, 'tolerance', 'tolerated materials not supplied by their deadline', at,
                                           pg_catalog.jsonb_build_object('materials', pending, 'tolerance_due', r.tolerance_due));
        -- the notice names the event only: any login may LISTEN (PostgreSQL
        -- checks no privilege), and the event is read where row-level
        -- security applies (until 2026-12-04 the payload carried the case,
        -- its department, due and materials to every listener; a review)
        SELECT pg_catalog.max(e.id) INTO v_event FROM service_affair.case_event e
         WHERE e.case_id = r.id AND NOT e.settled AND e.kind = 'revoked';
        PERFORM service_affair.sla_notify('revoked', v_event, at);
        n := n + 1;
    END LOOP;

    -- 2. open tasks entering warning or overdue, and suspended ones: a
    --    suspension begun after the due leaves the task overdue (task_sla's
    --    state, doc/routing.md "A suspension after the due"; until
    --    2026-12-05 the sweep skipped suspended tasks and recorded such a
    --    breach only after the resume).  Each status through its own partial
    --    index (task_open_due_idx, task_suspended_due_idx): a UNION ALL, not
    --    one scan of the partition.  The state is decided in the query, so
    --    that only the rows that change are sorted and reach the loop
    --    (doc/routing.md, sla_sweep: the steady sweep)
    FOR r IN
        SELECT t.id, t.case_id, t.department, t.due, t.sla_state, t.status, t.suspended_at,
               NULLIF(d.state, 'running') AS st,  -- running is NULL
               service_affair.sla_workdays_left_at(t.due, t.calendar, NULL, at) AS left_days
          FROM (SELECT o.* FROM service_affair.task o WHERE o.status = 'open' AND NOT o.settled
                UNION ALL
                SELECT s.* FROM service_affair.task s WHERE s.status = 'suspended' AND NOT s.settled) t
          JOIN (SELECT x.name, service_affair.local_day(at, x.name) AS today FROM service_affair.calendar x OFFSET 0) k
            ON k.name = t.calendar
          -- the one SLA rule of task_sla and case_sla, as of at (left_days
          -- too: sla_workdays_left_at is the code of task_sla.workdays_left).
          -- A task suspended after at was open as of at; one suspended by
          -- then is suspended, unless its suspension began after its due
          -- (rt_sla_state decides, from suspended_at), and keeps the state
          -- recorded: its suspension stopped a clock that had not run out
          CROSS JOIN LATERAL (SELECT service_affair.sla_state_at(t.due, t.calendar, NULL,
                                                                 t.status = 'suspended' AND t.suspended_at <= at,
                                                                 at, t.suspended_at) AS state) d
         WHERE (t.due <= k.today + 60 OR t.sla_state IS NOT NULL)
           -- a catch-up run (a past at) flags no task opened after it: its
           -- event would precede the task (until 2026-12-04 a case warned
           -- three days before it was submitted; a review)
           AND t.opened_at <= at
           AND d.state NOT IN (COALESCE(t.sla_state, 'running'), 'suspended')  -- a change
         ORDER BY t.id
    LOOP
        st := r.st;
        -- lock as everyone does (case, then task) but never wait: a busy row is
        -- taken care of by the next sweep
        PERFORM FROM service_affair.cases c WHERE c.id = r.case_id AND NOT c.settled FOR NO KEY UPDATE SKIP LOCKED;
        CONTINUE WHEN NOT FOUND;
        PERFORM FROM service_affair.task t WHERE t.id = r.id AND NOT t.settled AND t.status = r.status
                                              AND t.suspended_at IS NOT DISTINCT FROM r.suspended_at
                                              AND t.due = r.due AND t.sla_state IS NOT DISTINCT FROM r.sla_state
                   FOR NO KEY UPDATE SKIP LOCKED;
        CONTINUE WHEN NOT FOUND;
        -- a catch-up run (a past at) after a later sweep leaves the state that
        -- sweep recorded to a later one, as it leaves a revocation: a state
        -- judged as of at would take a recorded breach back to warning or
        -- running, dated before it, and the next sweep would record the same
        -- breach again (until 2026-12-06; a hostile review,
        -- route_sweep_past.sql).  Asked of the rows that change only
        CONTINUE WHEN EXISTS (SELECT FROM service_affair.case_event e
                               WHERE e.case_id = r.case_id AND NOT e.settled AND e.at > sla_sweep.at
                                 AND e.kind IN ('task_warning', 'task_overdue')
                                 AND e.detail OPERATOR(pg_catalog.->>) 'task_id' = r.id::text);
        UPDATE service_affair.task t SET sla_state = st WHERE t.id = r.id AND NOT t.settled;
        CONTINUE WHEN st IS NULL;      -- back to running (an extension): no notice
        detail := pg_catalog.jsonb_build_object('task_id', r.id, 'case_id', r.case_id, 'department', r.department,
                                                'due', r.due, 'workdays_left', r.left_days);
        IF r.status = 'suspended' THEN  -- the breach seen while suspended: since when
            detail := detail || pg_catalog.jsonb_build_object('suspended_at', r.suspended_at);
        END IF;
        INSERT INTO service_affair.case_event (case_id, at, kind, from_status, to_status, detail)
        VALUES (r.case_id, at, 'task_' || st, 'accepted', 'accepted', detail)
        RETURNING id INTO v_event;
        PERFORM service_affair.sla_notify('task_' || st, v_event, at);
        n := n + 1;
    END LOOP;

    -- 3. accepted cases entering warning or overdue, the suspended ones (every
    --    unfinished task suspended) included: case_sla's state, overdue when
    --    the case's clock stopped after its due (until 2026-12-05 the sweep
    --    skipped suspended cases).  cases_open_due_idx covers both; the
    --    state decided in the query, as for the tasks
    --    A case with a task suspended is judged against its due in force
    --    at at, case_due_at() (the running suspensions counted so far), as
    --    case_sla judges it: the cases with a suspended task are found once
    --    (a hashed subplan over task_suspended_due_idx); case_due_at() runs
    --    for those of them with a suspension begun by their stored due (one
    --    begun after it counts nothing: rt_suspension_stops) whose state by
    --    the stored due is warning or overdue (the due in force is never
    --    earlier, and a later due never gives a worse state: any other
    --    state is the same by both).  The filter on the stored due holds for
    --    them too.  Until 2026-12-05 the sweep judged the stored due and
    --    recorded case_overdue for a case whose clock a parallel task's
    --    suspension had stopped
    FOR r IN
        SELECT c.id, c.department, c.due, c.stored_due, c.calendar, c.sla_state, c.suspended, c.stopped_at,
               NULLIF(d.state, 'running') AS st,
               service_affair.sla_workdays_left_at(c.due, c.calendar, NULL, at) AS left_days
          FROM (SELECT c.*,
                       CASE WHEN c.stored_state IN ('warning', 'overdue')
                                 AND c.id IN (SELECT s.case_id FROM service_affair.task s
                                               WHERE s.status = 'suspended' AND NOT s.settled)
                                 AND EXISTS (SELECT FROM service_affair.task s
                                              WHERE s.case_id = c.id AND s.status = 'suspended' AND NOT s.settled
                                                AND service_affair.local_day(s.suspended_at, c.calendar) <= c.stored_due)
                            THEN service_affair.case_due_at(c.id, at) ELSE c.stored_due END AS due
                  FROM (SELECT c.*,
                               service_affair.sla_state_at(c.stored_due, c.calendar, NULL,
                                                           c.suspended AND NOT COALESCE(c.stopped_at > at, false),
                                                           at, c.stopped_at) AS stored_state
                          FROM (SELECT c.id, c.department, c.due AS stored_due, c.sla_state, c.calendar, c.suspended,
                                       -- the instant case_sla takes for a suspended case: its
                                       -- last running task suspended or finished, by the
                                       -- same aggregate clock_stopped_at() (the subquery
                                       -- runs for suspended cases only)
                                       CASE WHEN c.suspended
                                            THEN (SELECT service_affair.clock_stopped_at(t.status, t.cancelled, t.suspended_at, t.finished_at)
                                                    FROM service_affair.task t
                                                   WHERE t.case_id = c.id AND NOT t.settled) END AS stopped_at
                                  FROM service_affair.cases c
                                  JOIN (SELECT x.name, service_affair.local_day(at, x.name) AS today FROM service_affair.calendar x OFFSET 0) k
                                    ON k.name = c.calendar
                                 WHERE c.status = 'accepted' AND NOT c.settled AND (c.due <= k.today + 60 OR c.sla_state IS NOT NULL)
                                   AND c.accepted_at <= at  -- nor a case accepted after it
                                OFFSET 0) c  -- (stopped_at computed once a row)
                        OFFSET 0) c  -- (the state by the stored due once a row)
                OFFSET 0) c  -- (the due in force once a row)
          -- as for a task: a case whose clock stopped after at was running as of at
          CROSS JOIN LATERAL (SELECT CASE WHEN c.due = c.stored_due THEN c.stored_state
                                          ELSE service_affair.sla_state_at(c.due, c.calendar, NULL,
                                                                           c.suspended AND NOT COALESCE(c.stopped_at > at, false),
                                                                           at, c.stopped_at) END AS state) d
         WHERE d.state NOT IN (COALESCE(c.sla_state, 'running'), 'suspended')  -- a change
         ORDER BY c.id
    LOOP
        st := r.st;
        PERFORM FROM service_affair.cases c WHERE c.id = r.id AND NOT c.settled AND c.status = 'accepted' AND c.due = r.stored_due
                                               AND c.suspended = r.suspended AND c.sla_state IS NOT DISTINCT FROM r.sla_state
                   FOR NO KEY UPDATE SKIP LOCKED;
        CONTINUE WHEN NOT FOUND;
        -- nor a case a later sweep judged (as for the tasks)
        CONTINUE WHEN EXISTS (SELECT FROM service_affair.case_event e
                               WHERE e.case_id = r.id AND NOT e.settled AND e.at > sla_sweep.at
                                 AND e.kind IN ('case_warning', 'case_overdue'));
        -- a task suspended since the read (committed while this sweep ran)
        -- leaves the case row as it was but moves the due the case is
        -- judged by: read again now that the case is held, and left to the
        -- next sweep when it moved (route_sweep_suspend_case.spec)
        -- (a state back to running needs no such care: a suspension only
        -- moves the due later)
        CONTINUE WHEN st IS NOT NULL AND r.due IS DISTINCT FROM
            CASE WHEN EXISTS (SELECT FROM service_affair.task s
                               WHERE s.case_id = r.id AND s.status = 'suspended' AND NOT s.settled
                                 AND service_affair.local_day(s.suspended_at, r.calendar) <= r.stored_due)
                 THEN service_affair.case_due_at(r.id, at) ELSE r.stored_due END;
        UPDATE service_affair.cases c SET sla_state = st WHERE c.id = r.id AND NOT c.settled;
        CONTINUE WHEN st IS NULL;
        detail := pg_catalog.jsonb_build_object('case_id', r.id, 'department', r.department,
                                                'due', r.due, 'workdays_left', r.left_days);
        IF r.suspended THEN
            detail := detail || pg_catalog.jsonb_build_object('suspended_at', r.stopped_at);
        END IF;
        INSERT INTO service_affair.case_event (case_id, at, kind, from_status, to_status, detail)
        VALUES (r.id, at, 'case_' || st, 'accepted', 'accepted', detail)
        RETURNING id INTO v_event;
        PERFORM service_affair.sla_notify('case_' || st, v_event, at);
        n := n + 1;
    END LOOP;
    n := n + service_affair.leg_sla_sweep(at);  -- the legs of 代收代办 (42_tongban.sql)
    -- complaints (62_complaints.sql) and commitment checks (55_commitments.sql) are swept with the same call
    RETURN n + service_affair.complaint_sla_sweep(at) + service_affair.commitment_sla_sweep(at);
END
$$;
COMMENT ON FUNCTION service_affair.sla_sweep(timestamptz) IS
  'Records time-limit transitions as of at (READ COMMITTED only: 55000 in a REPEATABLE READ or SERIALIZABLE transaction): revokes acceptances whose tolerated materials passed their deadline (skipping, for a later sweep, a case whose licence another transaction holds or with a step recorded after at), marks open tasks and accepted cases that entered warning or overdue, and suspended ones whose suspension began after their due (overdue, as task_sla and case_sla show them; not those opened or accepted after at, nor those a sweep dated after at recorded a state of), overdue complaints (complaint_sla_sweep) and overdue commitment checks (commitment_sla_sweep); one event and one NOTIFY service_affair_sla (JSON) per change; returns the number of changes; idempotent; takes the due lock first (waits for a calendar edit in progress)';
REVOKE EXECUTE ON FUNCTION service_affair.sla_sweep(timestamptz) FROM PUBLIC;

-- extend: the extension cap asked from the core (extension_check, rt_extension)
-- The extension cap, in C (rt_extension in src/core/routing.c).
CREATE FUNCTION service_affair.extension_check(workdays integer, extension_limit integer, extended boolean)
    RETURNS text
    AS 'MODULE_PATHNAME', 'sa_extension_check'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.extension_check(integer, integer, boolean) IS
  'Internal: the extension cap of extend(): NULL when allowed, ''already'' when the task was extended before (once per task), ''range'' when workdays (NULL included) lies outside 1..extension_limit';
REVOKE EXECUTE ON FUNCTION service_affair.extension_check(integer, integer, boolean) FROM PUBLIC;


DROP FUNCTION service_affair.extend(bigint,integer,text,timestamptz);
CREATE FUNCTION service_affair.extend(task_id bigint, workdays integer, reason text,
    at timestamptz DEFAULT pg_catalog.now())
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t service_affair.task;
    v_due date;
    v_case_due date;
    v_case_day date;
    v_so_far integer;  -- the case's extensions: before, and with this one
    v_total integer;
    v_departments bigint;
    v_cap integer;
BEGIN
    t := service_affair.lock_task(task_id, at);  -- the due lock before the rows
    IF t.status NOT IN ('open', 'suspended') THEN
        PERFORM service_affair.wrong_task_state(t, 'extend', 'open or suspended');
    END IF;
    -- the extension cap (rt_extension in src/core, through extension_check)
    CASE service_affair.extension_check(workdays, t.extension_limit, t.extended_at IS NOT NULL)
        WHEN 'already' THEN
            RAISE EXCEPTION 'task % was already extended', t.id
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = pg_catalog.format('Task %s was extended by %s working days at %s; a task is extended once.',
                                                 t.id, t.extension_days, t.extended_at);
        WHEN 'range' THEN
            RAISE EXCEPTION 'extension out of range'
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = pg_catalog.format('An extension of task %s must be 1 to %s working days (extension_limit of item %s), not %s.',
                                                 t.id, t.extension_limit, t.item, COALESCE(workdays::text, 'NULL'));
        ELSE
            NULL;
    END CASE;
    -- a case handled jointly, its tasks belonging to two or more departments
    -- (统一办理/联合办理, as bundle_days() caps its legal days at 45), is
    -- extended by at most 15 working days in all (行政许可法 Art 42 ¶2:
    -- "四十五日内不能办结的 … 可以延长十五日"): bundle_extension_days(), the
    -- one rule the catalog's regressions ask too (extension_lengthened).
    -- Counted as extensions move the case (rt_case_shift()): over its stages,
    -- the largest extension of a task of the stage, parallel tasks running
    -- at once; cancelled tasks do not count.  Each task stays within its
    -- item's extension_limit above.  The case row is locked (lock_task()):
    -- a concurrent extend() of another task of the case waits, then reads
    -- this one's extension.  Until 2026-12-05 no case-wide bound held
    SELECT COALESCE(pg_catalog.sum(s.before), 0), COALESCE(pg_catalog.sum(s.after), 0),
           (SELECT pg_catalog.count(DISTINCT x.department) FROM service_affair.task x
             WHERE x.case_id = t.case_id AND NOT x.settled)
      INTO v_so_far, v_total, v_departments
      FROM (SELECT pg_catalog.max(x.extension_days) AS before,
                   pg_catalog.max(CASE WHEN x.id = t.id THEN workdays ELSE x.extension_days END) AS after
              FROM service_affair.task x
             WHERE x.case_id = t.case_id AND NOT x.settled AND NOT x.cancelled
             GROUP BY x.stage) s;
    v_cap := service_affair.bundle_extension_days(v_total, v_departments);
    IF v_total > v_cap THEN
        RAISE EXCEPTION 'extension beyond the joint handling limit'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Case %s is handled jointly by several departments: its tasks were extended by %s working days so far (the largest extension of each stage, summed); extending task %s by %s would make %s, more than the %s of 行政许可法 Art 42 ¶2.',
                                             t.case_id, v_so_far, t.id, workdays, v_total, v_cap);
    END IF;
    -- after the cap: a second extension, whenever dated, is a state (55000)
    PERFORM service_affair.require_task_not_before(t, at);  -- 22023, as complete_task()
    PERFORM service_affair.require_after_breach(t, at, 'extension');  -- 55000: before a recorded breach
    -- 延期 extends a limit that has not run out (行政许可法 Art 42: "二十日内
    -- 不能作出决定的 … 可以延长十日"): not dated after the local day the task
    -- is due, for a suspended task the due its running suspension has moved
    -- so far (suspension_workdays() up to at: none for a suspension begun
    -- after the due, which has run out).  Until 2026-12-04 an overdue
    -- task was extended all the same and its breach became "met" (a review)
    v_due := CASE WHEN t.status = 'suspended'
                  THEN service_affair.shifted_due(t.due, 0, service_affair.suspension_workdays(t.suspended_at, at, t.due, t.calendar),
                                                  t.calendar)
                  ELSE t.due END;
    IF service_affair.local_day(at, t.calendar) > v_due THEN
        RAISE EXCEPTION 'task % is past its due date', t.id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('Task %s was due on %s; an extension dated %s comes after its limit ran out.',
                                             t.id, v_due, service_affair.local_day(at, t.calendar)),
                  HINT = 'An extension is decided within the limit; one decided in time and recorded late is taken with its own time.';
    END IF;
    -- ... and within its case's limit, measured alike (case_due_at(): the
    -- case's due in force at at, its running suspensions counted so far).
    -- A stage's task can be due after its case (the bundle promises less
    -- than its stages take, or a stage opened late); an extension granted
    -- then would move the case's due past a breach that already happened.
    -- Refused outright, an extension once granted counts for the task and
    -- the case alike and no recount judges it again.  Until 2026-12-05 it
    -- was taken and the case's breach showed as met
    v_case_due := service_affair.case_due_at(t.case_id, at);
    SELECT service_affair.local_day(at, c.calendar) INTO v_case_day
      FROM service_affair.cases c WHERE c.id = t.case_id AND NOT c.settled;
    IF v_case_day > v_case_due THEN
        RAISE EXCEPTION 'case % is past its due date', t.case_id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('Case %s was due on %s; an extension of its task %s dated %s comes after its limit ran out.',
                                             t.case_id, v_case_due, t.id, v_case_day),
                  HINT = 'A task is extended within its case''s limit too; one decided in time and recorded late is taken with its own time.';
    END IF;
    IF reason IS NULL OR service_affair.is_blank(reason) THEN
        RAISE EXCEPTION 'an extension needs a reason' USING ERRCODE = 'invalid_parameter_value',
            DETAIL = pg_catalog.format('No reason was given for extending task %s.', t.id);
    END IF;
    PERFORM service_affair.check_case_args(at, note => reason, note_name => 'reason');
    UPDATE service_affair.task x
       SET extension_days = workdays, extension_reason = reason, extended_at = at,
           due = service_affair.shifted_due(service_affair.local_day(x.opened_at, x.calendar), x.limit_days,
                                            workdays + x.suspended_workdays, x.calendar)
     WHERE x.id = t.id AND NOT x.settled
    RETURNING x.* INTO t;
    PERFORM service_affair.task_event(t, at, 'task_extended',
        pg_catalog.jsonb_build_object('workdays', workdays, 'reason', reason));
    PERFORM service_affair.refresh_case_clock(t.case_id);
END
$$;
COMMENT ON FUNCTION service_affair.extend(bigint, integer, text, timestamptz) IS
  'Extends an open or suspended task once (延期) by 1 to item.extension_limit working days (22023), and a case whose tasks belong to two or more departments (joint handling) by at most 15 in all, summing over stages the largest extension of a task of the stage (22023; 行政许可法 Art 42 ¶2), not after the day it is due nor after the day its case is due (case_due_at(); 55000); its due date and its case''s move; takes the due lock before the task (waits for a calendar edit in progress)';
REVOKE EXECUTE ON FUNCTION service_affair.extend(bigint, integer, text, timestamptz) FROM PUBLIC;

-- electronic licences (issue 11): the task status blocked
COMMENT ON COLUMN service_affair.task.suspended_workdays IS 'Working days of its finished suspensions (task_suspension) that count: those of a suspension begun on or before the due in force, none of one begun after it (suspensions_workdays())';
COMMENT ON COLUMN service_affair.task.status IS 'waiting (a later stage), open, suspended (特别程序), done (decided, or cancelled with its case) or blocked (a licence an earlier stage was to issue is not valid when its stage opens; finished, no decision)';
-- an item's case routes its task with its own calendar and limit (route_accepted(), 2026-12-06)
COMMENT ON COLUMN service_affair.task.calendar IS 'Calendar of the item (snapshot at acceptance); the task of an item''s case takes its case''s (cases.calendar, the item''s at the submission)';
COMMENT ON COLUMN service_affair.task.limit_days IS 'Promised working days of the item (snapshot; 0 for an immediate item); the task of an item''s case takes its case''s promised_limit (the item''s at the submission)';

-- case_sla calls case_due_at() with the reader's right (applied by create_roles(), 90_access.sql)
INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    ('admin', 'EXECUTE', 'service_affair.case_due_at(bigint,timestamptz)'),
    ('analyst', 'EXECUTE', 'service_affair.case_due_at(bigint,timestamptz)');

-- Analysts read task without note, extension_reason and assignee (issue 10; 50_routing.sql): the row of the whole table becomes
-- one of the other columns; 90_access.sql takes SELECT on the table back
-- from service_affair_analyst, create_roles() grants the columns after the
-- update.
DELETE FROM service_affair.role_grant
 WHERE role = 'analyst' AND privilege = 'SELECT' AND object = 'service_affair.task';
INSERT INTO service_affair.role_grant (role, privilege, object, columns) VALUES
    ('analyst', 'SELECT', 'service_affair.task',
     '{id,case_id,item,department,stage,status,calendar,limit_days,extension_limit,opened_at,due,claimed_at,decision,finished_at,cancelled,extension_days,extended_at,suspended_workdays,suspended_at,suspend_reason,sla_state,settled}');
