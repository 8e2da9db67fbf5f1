-- One home per rule (issue 10, "What to build" 1): over a randomized but
-- repeatable (setseed) sequence of submit, supplement, suspend, resume,
-- extend, complete, calendar edits and sweeps, every stored due date (task,
-- case, tolerated material), every date and state shown by task_sla and
-- case_sla, and every state sla_sweep records agree with the one rule, checked
-- here against an oracle written independently in SQL:
--   due           = add_workdays(add_workdays(local day opened, limit), shift)
--   task shift    = extension_days + Σ workdays_between(local day suspended, local day resumed)
--                   over the suspensions, in order of start, begun on or before the due
--                   the earlier ones left (one begun after it counts 0: Art 45), that
--                   due with the extension only once it was granted; the due after a
--                   suspension never before the first working day on or after the day
--                   resumed (a clock restarted on a day off restarts on the next one)
--   case shift    = Σ over stages of the largest task shift of the stage, a task's
--                   shift for its case counting its extension from its time on and a
--                   suspension's days (as counted for the task) only when it began on
--                   or before the case's due the earlier ones (of all its tasks, in
--                   order of time) left, the case's due after it never before the first
--                   working day (its calendar) on or after the day resumed (when it
--                   stopped its task's clock: begun on or before the task's due)
--   extension     refused (55000) when the local day of "at" is after the task's due or
--                 its case's, each as in force then: the running suspensions counted up
--                 to "at" by the rules above
--   tolerated due = add_workdays(local day accepted, tolerance_days)
--   SLA state     = met/missed | suspended (begun on or before due) | overdue (today > due)
--                   | warning (workdays_between(today, due) <= 1) | running
BEGIN;
SET search_path = service_affair, public;
SELECT plan(29);

INSERT INTO calendar (name, timezone) VALUES ('pt_cal', 'Asia/Shanghai');
INSERT INTO department (code, name, region) VALUES ('PT_D', 'Property test', '330225'), ('PT_E', 'Property test 2', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, tolerance_days, extension_limit, calendar, online) VALUES
  ('pt_a', 'Item A', 'PT_D', 'promised', 20, 3, 8, 5, 'pt_cal', true),
  ('pt_b', 'Item B', 'PT_E', 'promised', 20, 4, 6, 10, 'pt_cal', true),
  ('pt_i', 'Item I', 'PT_D', 'immediate', NULL, NULL, 1, 3, 'pt_cal', true),
  ('pt_c', 'Item C', 'PT_D', 'promised', 20, 2, 5, 4, 'pt_cal', true);
INSERT INTO material (item, code, name, required, tolerable) VALUES
  ('pt_a', 'form', 'Form', true, false), ('pt_a', 'lease', 'Lease', true, true),
  ('pt_b', 'form', 'Form', true, false), ('pt_b', 'lease', 'Lease', true, true),
  ('pt_i', 'form', 'Form', true, false), ('pt_i', 'lease', 'Lease', true, true),
  ('pt_c', 'form', 'Form', true, false), ('pt_c', 'lease', 'Lease', true, true);
INSERT INTO bundle (code, name, lead_department, promised_limit) VALUES
  ('pt_seq', 'Sequential', 'PT_D', 4), ('pt_par', 'Parallel', 'PT_E', NULL),
  -- one item promised longer than the item's own limit: a case of one task
  -- due before the case's due
  ('pt_one', 'One item, promised longer', 'PT_D', 6),
  -- two parallel tasks, then a third stage: the bundle sequence below
  ('pt_mix', 'Parallel, then one', 'PT_D', 5);
INSERT INTO bundle_item (bundle, item, stage) VALUES
  ('pt_seq', 'pt_a', 1), ('pt_seq', 'pt_b', 2), ('pt_par', 'pt_a', 1), ('pt_par', 'pt_b', 1),
  ('pt_one', 'pt_a', 1),
  ('pt_mix', 'pt_a', 1), ('pt_mix', 'pt_b', 1), ('pt_mix', 'pt_c', 2);
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Property Person');

CREATE TEMP TABLE pt_bad (kind text, detail text);
CREATE TEMP TABLE pt_ops (op text);

-- The case's shift, replayed suspension by suspension (all its tasks, in
-- order of start): each counted for its task when begun on or before the
-- task's due so far, and for the case when also begun on or before the
-- case's due so far (Art 45: a limit already run out is not stopped).
-- With "until", the suspensions still running that began by then count as
-- if resumed then: the case's shift in force at that instant.
CREATE TEMP TABLE pt_cs (task_id bigint PRIMARY KEY, stage integer, cancelled boolean, ext integer,
                         task_susp integer, case_susp integer);
CREATE FUNCTION pg_temp.pt_case_shift(cid bigint, naive boolean DEFAULT false, until timestamptz DEFAULT NULL) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    c service_affair.cases;
    s record;
    d integer;
    t_due date;
    r_due date;
    c_due date;
BEGIN
    SELECT * INTO c FROM service_affair.cases WHERE id = cid;
    DELETE FROM pt_cs;
    INSERT INTO pt_cs SELECT t.id, t.stage, t.cancelled, 0, 0, 0
      FROM service_affair.task t WHERE t.case_id = cid;
    -- suspensions and extensions in order of time (an extension first at one instant)
    FOR s IN SELECT * FROM (
                 SELECT ts.task_id, ts.suspended_at AS at, COALESCE(ts.resumed_at, until) AS resumed_at,
                        false AS is_ext, 0 AS ext_days, t.opened_at, t.limit_days, t.calendar,
                        -- its task's extension granted while it ran: its
                        -- clock (and the case's) restarts against the due
                        -- that extension moved
                        CASE WHEN t.extended_at > ts.suspended_at AND t.extended_at < COALESCE(ts.resumed_at, until)
                             THEN t.extension_days ELSE 0 END AS ext_during
                   FROM service_affair.task_suspension ts JOIN service_affair.task t ON t.id = ts.task_id
                  WHERE t.case_id = cid AND (ts.resumed_at IS NOT NULL OR ts.suspended_at <= until)
                 UNION ALL
                 SELECT t.id, t.extended_at, NULL, true, t.extension_days, t.opened_at, t.limit_days, t.calendar, 0
                   FROM service_affair.task t WHERE t.case_id = cid AND t.extended_at IS NOT NULL) e
              ORDER BY e.at, e.is_ext DESC, e.task_id LOOP
        IF s.is_ext THEN  -- moves the case as its task, from its time on
            UPDATE pt_cs x SET ext = s.ext_days WHERE x.task_id = s.task_id;
            CONTINUE;
        END IF;
        SELECT service_affair.add_workdays(service_affair.add_workdays(service_affair.local_day(s.opened_at, s.calendar),
                                                                       s.limit_days, s.calendar), x.ext + x.task_susp, s.calendar)
          INTO t_due FROM pt_cs x WHERE x.task_id = s.task_id;
        -- the task's clock restarts on the day resumed: its due after is
        -- never before the first working day on or after it
        -- (judged against t_due; restarted against the due with an
        -- extension granted while it ran)
        r_due := service_affair.add_workdays(t_due, s.ext_during, s.calendar);
        d := CASE WHEN service_affair.local_day(s.at, s.calendar) <= t_due
                  THEN service_affair.workdays_between(r_due, GREATEST(
                           service_affair.add_workdays(r_due, service_affair.workdays_between(
                               service_affair.local_day(s.at, s.calendar), service_affair.local_day(s.resumed_at, s.calendar), s.calendar), s.calendar),
                           service_affair.add_workdays(service_affair.local_day(s.resumed_at, s.calendar), 0, s.calendar)), s.calendar)
                  ELSE 0 END;
        SELECT service_affair.add_workdays(service_affair.add_workdays(service_affair.local_day(c.accepted_at, c.calendar),
                                                                       c.promised_limit, c.calendar),
                                           (SELECT COALESCE(sum(m.mx), 0)::integer
                                              FROM (SELECT max(x.ext + x.case_susp) AS mx FROM pt_cs x
                                                     WHERE NOT x.cancelled GROUP BY x.stage) m), c.calendar)
          INTO c_due;
        UPDATE pt_cs x SET task_susp = x.task_susp + d,
                           case_susp = x.case_susp + CASE WHEN naive OR service_affair.local_day(s.at, c.calendar) <= c_due
                                                          THEN d ELSE 0 END
         WHERE x.task_id = s.task_id;
        -- the case's clock restarts on the day resumed too (in its own
        -- calendar): when the case's due so moved is before the first
        -- working day on or after it, the task's stage moves the case there
        -- (one that stopped its task's clock: begun after the task's due,
        -- the task ran on, and the case's clock with it)
        IF NOT naive AND service_affair.local_day(s.at, c.calendar) <= c_due
           AND service_affair.local_day(s.at, s.calendar) <= t_due
           AND NOT (SELECT x.cancelled FROM pt_cs x WHERE x.task_id = s.task_id) THEN
            -- (with the extension granted while it ran, taken out again)
            SELECT service_affair.add_workdays(service_affair.add_workdays(service_affair.local_day(c.accepted_at, c.calendar),
                                                                           c.promised_limit, c.calendar),
                                               (SELECT COALESCE(sum(m.mx), 0)::integer
                                                  FROM (SELECT max(x.ext + x.case_susp
                                                                   + CASE WHEN x.task_id = s.task_id THEN s.ext_during ELSE 0 END) AS mx
                                                          FROM pt_cs x
                                                         WHERE NOT x.cancelled GROUP BY x.stage) m), c.calendar)
              INTO c_due;
            IF c_due < service_affair.local_day(s.resumed_at, c.calendar) THEN
                UPDATE pt_cs x
                   SET case_susp = (SELECT max(y.ext + y.case_susp + CASE WHEN y.task_id = s.task_id THEN s.ext_during ELSE 0 END)
                                      FROM pt_cs y WHERE NOT y.cancelled AND y.stage = x.stage)
                                   + service_affair.workdays_between(c_due, service_affair.add_workdays(
                                         service_affair.local_day(s.resumed_at, c.calendar), 0, c.calendar), c.calendar)
                                   - x.ext - s.ext_during
                 WHERE x.task_id = s.task_id;
            END IF;
        END IF;
    END LOOP;
    RETURN (SELECT COALESCE(sum(m.mx), 0)::integer
              FROM (SELECT max(x.ext + x.case_susp) AS mx FROM pt_cs x WHERE NOT x.cancelled GROUP BY x.stage) m);
END
$$;

-- The oracle, independent of the extension's due functions.
CREATE FUNCTION pg_temp.pt_check(at timestamptz) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    r record;
    o_since timestamptz;
    o_due date;
    o_shift integer;
    o_stage integer;
    a timestamptz;
BEGIN
    -- tasks: suspension shift and due
    INSERT INTO pt_bad
    SELECT 'task_due', pg_catalog.format('task %s: stored %s/%s, rule %s/%s', t.id, t.due, t.suspended_workdays,
           o.due, o.susp)
      FROM service_affair.task t
      JOIN service_affair.cases c ON c.id = t.case_id AND c.service LIKE 'pt\_%',
      -- the suspensions one by one: the due before each (add_workdays twice,
      -- with the days counted so far), the suspension counted only when its
      -- local day is on or before that due
      LATERAL (WITH RECURSIVE s AS (
                   SELECT row_number() OVER (ORDER BY s.suspended_at) AS n,
                          -- the extension, once granted
                          CASE WHEN t.extended_at <= s.suspended_at THEN t.extension_days ELSE 0 END AS ext,
                          service_affair.local_day(s.suspended_at, t.calendar) AS d_from,
                          service_affair.local_day(s.resumed_at, t.calendar) AS d_to
                     FROM service_affair.task_suspension s WHERE s.task_id = t.id AND s.resumed_at IS NOT NULL),
               f(n, susp) AS (
                   SELECT 0::bigint, 0
                   UNION ALL
                   -- its clock restarts on the day resumed: the due after
                   -- it never before the first working day on or after it
                   SELECT s.n, f.susp + CASE WHEN s.d_from <= b.due
                                             THEN service_affair.workdays_between(b.due, GREATEST(
                                                      service_affair.add_workdays(b.due, service_affair.workdays_between(s.d_from, s.d_to, t.calendar), t.calendar),
                                                      service_affair.add_workdays(s.d_to, 0, t.calendar)), t.calendar)
                                             ELSE 0 END
                     FROM f JOIN s ON s.n = f.n + 1,
                          LATERAL (SELECT service_affair.add_workdays(
                                              service_affair.add_workdays(service_affair.local_day(t.opened_at, t.calendar),
                                                                          t.limit_days, t.calendar),
                                              s.ext + f.susp, t.calendar) AS due) b)
               SELECT (SELECT f.susp FROM f ORDER BY f.n DESC LIMIT 1)::integer AS susp) x,
      LATERAL (SELECT service_affair.add_workdays(service_affair.add_workdays(service_affair.local_day(t.opened_at, t.calendar),
                                                                             t.limit_days, t.calendar),
                                                  t.extension_days + x.susp, t.calendar) AS due, x.susp) o
     WHERE t.status IN ('open', 'suspended') AND (t.due, t.suspended_workdays) IS DISTINCT FROM (o.due, o.susp);
    -- cases: shift and due
    INSERT INTO pt_bad
    SELECT 'case_due', pg_catalog.format('case %s: stored %s/%s, rule %s/%s', c.id, c.due, c.due_shift, o.due, s.shift)
      FROM service_affair.cases c,
      LATERAL (SELECT pg_temp.pt_case_shift(c.id) AS shift) s,
      LATERAL (SELECT service_affair.add_workdays(service_affair.add_workdays(service_affair.local_day(c.accepted_at, c.calendar),
                                                                             c.promised_limit, c.calendar), s.shift, c.calendar) AS due) o
     WHERE c.service LIKE 'pt\_%' AND c.status = 'accepted' AND (c.due, c.due_shift) IS DISTINCT FROM (o.due, s.shift);
    -- cases.task_suspended, the column case_sla finds the cases with a
    -- suspended task by: true exactly while the case is accepted and a task
    -- of it, not cancelled, is suspended
    INSERT INTO pt_bad
    SELECT 'task_suspended', pg_catalog.format('case %s (%s): task_suspended %s', c.id, c.status, c.task_suspended)
      FROM service_affair.cases c
     WHERE c.service LIKE 'pt\_%'
       AND c.task_suspended IS DISTINCT FROM
           (c.status = 'accepted' AND EXISTS (SELECT FROM service_affair.task t
                                               WHERE t.case_id = c.id AND t.status = 'suspended' AND NOT t.cancelled));
    INSERT INTO pt_ops
    SELECT 'task_suspended' FROM service_affair.cases c WHERE c.service LIKE 'pt\_%' AND c.task_suspended;
    -- cases.clock_stopped_at, the instant case_sla judges a suspended
    -- case's stop by: the latest suspension or finish of its tasks while
    -- every unfinished one is suspended (as the state below counts it)
    INSERT INTO pt_bad
    SELECT 'clock_stopped_at', pg_catalog.format('case %s (%s, suspended %s): clock_stopped_at %s, rule %s', c.id, c.status,
                                                 c.suspended, c.clock_stopped_at, o.stop)
      FROM service_affair.cases c,
      LATERAL (SELECT CASE WHEN c.status = 'accepted' AND c.suspended
                           THEN (SELECT pg_catalog.max(GREATEST(t.suspended_at, t.finished_at)) FROM service_affair.task t
                                  WHERE t.case_id = c.id AND NOT t.cancelled AND t.status <> 'waiting') END AS stop) o
     WHERE c.service LIKE 'pt\_%' AND c.clock_stopped_at IS DISTINCT FROM o.stop;
    -- cases.stop_moves_due, which lets case_sla count the due in force from
    -- the row: its running suspension is its last event (the only one
    -- running, of a task in the case's calendar, no extension granted nor
    -- suspension begun since, none at its instant by a task of a later id:
    -- the replay's order)
    INSERT INTO pt_bad
    SELECT 'stop_moves_due', pg_catalog.format('case %s (%s): stop_moves_due %s', c.id, c.status, c.stop_moves_due)
      FROM service_affair.cases c
     WHERE c.service LIKE 'pt\_%'
       AND c.stop_moves_due IS DISTINCT FROM
           (c.status = 'accepted'
            AND (SELECT pg_catalog.count(*) FROM service_affair.task t
                  WHERE t.case_id = c.id AND t.status = 'suspended' AND NOT t.cancelled) = 1
            AND EXISTS (SELECT FROM service_affair.task t
                         WHERE t.case_id = c.id AND t.status = 'suspended' AND NOT t.cancelled AND t.calendar = c.calendar
                           AND NOT EXISTS (SELECT FROM service_affair.task u
                                            WHERE u.case_id = c.id AND u.extended_at > t.suspended_at)
                           AND NOT EXISTS (SELECT FROM service_affair.task_suspension s JOIN service_affair.task u ON u.id = s.task_id
                                            WHERE u.case_id = c.id AND s.resumed_at IS NOT NULL
                                              AND (s.suspended_at > t.suspended_at
                                                   OR (s.suspended_at = t.suspended_at AND u.id >= t.id)))));
    -- and what it keeps for that count (stop_since, stop_task_due,
    -- stop_task_shift, stop_stage_shift): the suspension's start, its task's
    -- due (checked above against the rule), the shifts for the case of its
    -- task and of the rest of its stage by the replay; NULL otherwise
    FOR r IN SELECT c.id, c.stop_moves_due, c.stop_since, c.stop_task_due, c.stop_task_shift, c.stop_stage_shift
               FROM service_affair.cases c
              WHERE c.service LIKE 'pt\_%' AND (c.stop_moves_due OR c.stop_since IS NOT NULL OR c.stop_task_due IS NOT NULL
                                                OR c.stop_task_shift IS NOT NULL OR c.stop_stage_shift IS NOT NULL)
              ORDER BY c.id LOOP
        IF r.stop_moves_due THEN
            PERFORM pg_temp.pt_case_shift(r.id);
            SELECT t.suspended_at, t.due, x.ext + x.case_susp,
                   (SELECT COALESCE(max(y.ext + y.case_susp), 0) FROM pt_cs y
                     WHERE y.task_id <> t.id AND y.stage = t.stage AND NOT y.cancelled)
              INTO o_since, o_due, o_shift, o_stage
              FROM service_affair.task t JOIN pt_cs x ON x.task_id = t.id
             WHERE t.case_id = r.id AND t.status = 'suspended' AND NOT t.cancelled;
        ELSE
            o_since := NULL; o_due := NULL; o_shift := NULL; o_stage := NULL;
        END IF;
        IF (r.stop_since, r.stop_task_due, r.stop_task_shift, r.stop_stage_shift)
           IS DISTINCT FROM (o_since, o_due, o_shift, o_stage) THEN
            INSERT INTO pt_bad VALUES ('stop_columns', pg_catalog.format('case %s: %s %s %s %s, rule %s %s %s %s', r.id,
                r.stop_since, r.stop_task_due, r.stop_task_shift, r.stop_stage_shift, o_since, o_due, o_shift, o_stage));
        END IF;
        IF r.stop_moves_due AND o_stage > 0 THEN
            INSERT INTO pt_ops VALUES ('stop_stage_shift');
        END IF;
    END LOOP;
    INSERT INTO pt_ops
    SELECT 'stop_moves_due' FROM service_affair.cases c WHERE c.service LIKE 'pt\_%' AND c.stop_moves_due;
    INSERT INTO pt_ops
    SELECT 'clock_stopped_at' FROM service_affair.cases c WHERE c.service LIKE 'pt\_%' AND c.clock_stopped_at IS NOT NULL;
    -- (the cases where the case's judgment of a suspension mattered)
    INSERT INTO pt_ops
    SELECT 'case_judged' FROM service_affair.cases c
     WHERE c.service LIKE 'pt\_%' AND c.status = 'accepted'
       AND pg_temp.pt_case_shift(c.id) <> pg_temp.pt_case_shift(c.id, true);
    -- tolerated materials and the case's earliest deadline
    INSERT INTO pt_bad
    SELECT 'tolerance_due', pg_catalog.format('case %s material %s: stored %s, rule %s', c.id, m.material, m.due,
           service_affair.add_workdays(service_affair.local_day(c.accepted_at, c.calendar), m.tolerance_days, c.calendar))
      FROM service_affair.cases c JOIN service_affair.case_material m ON m.case_id = c.id
     WHERE c.service LIKE 'pt\_%' AND c.status IN ('accepted', 'concluded') AND m.status = 'tolerated'
       AND m.due IS DISTINCT FROM service_affair.add_workdays(service_affair.local_day(c.accepted_at, c.calendar),
                                                              m.tolerance_days, c.calendar);
    INSERT INTO pt_bad
    SELECT 'tolerance_due', pg_catalog.format('case %s: stored %s', c.id, c.tolerance_due)
      FROM service_affair.cases c
     WHERE c.service LIKE 'pt\_%' AND c.status IN ('accepted', 'concluded')
       AND c.tolerance_due IS DISTINCT FROM (SELECT min(m.due) FROM service_affair.case_material m
                                              WHERE m.case_id = c.id AND m.status = 'tolerated');
    -- the views, as of at
    PERFORM pg_catalog.set_config('service_affair.as_of', at::text, true);
    INSERT INTO pt_bad
    SELECT 'task_sla', pg_catalog.format('task %s: view %s %s %s, rule %s %s', t.id, v.due, v.state, v.workdays_left, t.due, o.state)
      FROM service_affair.task t
      JOIN service_affair.cases c ON c.id = t.case_id AND c.service LIKE 'pt\_%'
      JOIN service_affair.task_sla v ON v.task_id = t.id,
      LATERAL (SELECT service_affair.local_day(at, t.calendar) AS today) d,
      LATERAL (SELECT CASE WHEN t.finished_at IS NOT NULL
                           THEN CASE WHEN service_affair.local_day(t.finished_at, t.calendar) <= t.due THEN 'met' ELSE 'missed' END
                           -- a suspension stops only a clock that has not run out
                           WHEN t.status = 'suspended' AND service_affair.local_day(t.suspended_at, t.calendar) <= t.due
                           THEN 'suspended'
                           WHEN d.today > t.due THEN 'overdue'
                           WHEN service_affair.workdays_between(d.today, t.due, t.calendar) <= 1 THEN 'warning'
                           ELSE 'running' END AS state,
                      service_affair.workdays_between(COALESCE(service_affair.local_day(t.finished_at, t.calendar), d.today),
                                                      t.due, t.calendar) AS left_days) o
     WHERE (v.due, v.state, v.workdays_left) IS DISTINCT FROM (t.due, o.state, o.left_days);
    -- a case with a task suspended is judged against its due in force at
    -- "at", its running suspensions counted as if resumed then (the
    -- replay's "until"); any other against its stored due
    INSERT INTO pt_bad
    SELECT 'case_sla', pg_catalog.format('case %s: view %s %s, rule %s %s', c.id, v.due, v.state, e.due, o.state)
      FROM service_affair.cases c JOIN service_affair.case_sla v ON v.case_id = c.id,
      LATERAL (SELECT service_affair.local_day(at, c.calendar) AS today) d,
      LATERAL (SELECT CASE WHEN c.status = 'accepted'
                                AND EXISTS (SELECT FROM service_affair.task t WHERE t.case_id = c.id AND t.status = 'suspended')
                           THEN service_affair.add_workdays(service_affair.add_workdays(service_affair.local_day(c.accepted_at, c.calendar),
                                                                                       c.promised_limit, c.calendar),
                                                            pg_temp.pt_case_shift(c.id, false, at), c.calendar)
                           ELSE c.due END AS due) e,
      LATERAL (SELECT CASE WHEN c.concluded_at IS NOT NULL
                           THEN CASE WHEN service_affair.local_day(c.concluded_at, c.calendar) <= e.due THEN 'met' ELSE 'missed' END
                           -- stopped when its last running task was suspended or finished
                           WHEN c.suspended
                                AND (SELECT service_affair.local_day(pg_catalog.max(GREATEST(t.suspended_at, t.finished_at)), c.calendar)
                                       FROM service_affair.task t
                                      WHERE t.case_id = c.id AND NOT t.cancelled AND t.status <> 'waiting') <= e.due
                           THEN 'suspended'
                           WHEN d.today > e.due THEN 'overdue'
                           WHEN service_affair.workdays_between(d.today, e.due, c.calendar) <= 1 THEN 'warning'
                           ELSE 'running' END AS state) o
     WHERE c.service LIKE 'pt\_%' AND (v.due, v.state) IS DISTINCT FROM (e.due, o.state);
    -- the due in force of a case of one item from its rows
    -- (item_case_due_at()) is case_due_at()'s, the one home, which reads
    -- its tasks and suspensions again
    -- read at "at" and later (the night, the next days, a weekend or a
    -- holiday of the calendar edits, a week on: the last step of the count
    -- from the row depends on the day read, as the restart on a day off)
    FOREACH a IN ARRAY ARRAY[at, at + interval '9 hours', at + interval '1 day', at + interval '2 days',
                             at + interval '3 days', at + interval '6 days', at + interval '20 days'] LOOP
        PERFORM pg_catalog.set_config('service_affair.as_of', a::text, true);
        INSERT INTO pt_bad
        SELECT 'item_due', pg_catalog.format('case %s at %s: case_sla %s, case_due_at %s', c.id, a, v.due,
                                             service_affair.case_due_at(c.id, a))
          FROM service_affair.cases c JOIN service_affair.case_sla v ON v.case_id = c.id
         WHERE c.service LIKE 'pt\_%' AND c.status = 'accepted' AND c.task_suspended
           AND v.due IS DISTINCT FROM service_affair.case_due_at(c.id, a);
        -- (the cases of a bundle counted from their rows whose due in force moved)
        INSERT INTO pt_ops
        SELECT 'bundle_row_due_in_force'
          FROM service_affair.cases c JOIN service_affair.case_sla v ON v.case_id = c.id
         WHERE c.service LIKE 'pt\_%' AND c.status = 'accepted' AND c.stop_moves_due AND c.service_kind = 'bundle'
           AND (SELECT pg_catalog.count(*) FROM service_affair.task t WHERE t.case_id = c.id) > 1
           AND v.due <> c.due;
    END LOOP;
    PERFORM pg_catalog.set_config('service_affair.as_of', at::text, true);
    INSERT INTO pt_ops
    SELECT CASE WHEN t.extended_at > t.suspended_at THEN 'item_extended_while_suspended' ELSE 'item_due_in_force' END
      FROM service_affair.cases c JOIN service_affair.task t ON t.case_id = c.id AND t.status = 'suspended'
     WHERE c.service LIKE 'pt\_%' AND c.status = 'accepted' AND c.service_kind = 'item'
       AND service_affair.local_day(t.suspended_at, c.calendar) <= c.due AND t.suspended_at <= at
       AND c.due <> service_affair.case_due_at(c.id, at);
    INSERT INTO pt_ops
    SELECT 'case_due_in_force' FROM service_affair.cases c
     WHERE c.service LIKE 'pt\_%' AND c.status = 'accepted'
       AND EXISTS (SELECT FROM service_affair.task t WHERE t.case_id = c.id AND t.status = 'suspended')
       AND c.due <> service_affair.add_workdays(service_affair.add_workdays(service_affair.local_day(c.accepted_at, c.calendar),
                                                                            c.promised_limit, c.calendar),
                                                pg_temp.pt_case_shift(c.id, false, at), c.calendar);
END
$$;

-- What the sweep recorded, against the same oracle, right after a sweep at "at".
CREATE FUNCTION pg_temp.pt_check_sweep(at timestamptz) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO pt_bad
    SELECT 'sweep', pg_catalog.format('task %s due %s: recorded %s, rule %s', t.id, t.due, t.sla_state, o.st)
      FROM service_affair.task t
      JOIN service_affair.cases c ON c.id = t.case_id AND c.service LIKE 'pt\_%',
      LATERAL (SELECT service_affair.local_day(at, t.calendar) AS today) d,
      LATERAL (SELECT CASE WHEN d.today > t.due THEN 'overdue'
                           WHEN service_affair.workdays_between(d.today, t.due, t.calendar) <= 1 THEN 'warning' END AS st) o
     WHERE t.status = 'open' AND t.sla_state IS DISTINCT FROM o.st;
    INSERT INTO pt_bad
    SELECT 'sweep', pg_catalog.format('case %s due %s: recorded %s, rule %s', c.id, e.due, c.sla_state, o.st)
      FROM service_affair.cases c,
      LATERAL (SELECT service_affair.local_day(at, c.calendar) AS today) d,
      -- the due in force while a task is suspended, as for case_sla
      LATERAL (SELECT CASE WHEN EXISTS (SELECT FROM service_affair.task t WHERE t.case_id = c.id AND t.status = 'suspended')
                           THEN service_affair.add_workdays(service_affair.add_workdays(service_affair.local_day(c.accepted_at, c.calendar),
                                                                                       c.promised_limit, c.calendar),
                                                            pg_temp.pt_case_shift(c.id, false, at), c.calendar)
                           ELSE c.due END AS due) e,
      LATERAL (SELECT CASE WHEN d.today > e.due THEN 'overdue'
                           WHEN service_affair.workdays_between(d.today, e.due, c.calendar) <= 1 THEN 'warning' END AS st) o
     WHERE c.service LIKE 'pt\_%' AND c.status = 'accepted' AND NOT c.suspended AND c.sla_state IS DISTINCT FROM o.st;
    -- suspended cases: what the sweep recorded agrees with case_sla as of
    -- the same instant (both judge the instant the clock stopped by
    -- clock_stopped_at(), test/pgtap/clock_stop.sql); a state suspended
    -- keeps the one recorded before
    PERFORM pg_catalog.set_config('service_affair.as_of', at::text, true);
    INSERT INTO pt_ops
    SELECT 'suspended_case_swept' FROM service_affair.cases c
     WHERE c.service LIKE 'pt\_%' AND c.status = 'accepted' AND c.suspended;
    INSERT INTO pt_bad
    SELECT 'sweep', pg_catalog.format('suspended case %s due %s: recorded %s, case_sla %s', c.id, c.due, c.sla_state, v.state)
      FROM service_affair.cases c JOIN service_affair.case_sla v ON v.case_id = c.id
     WHERE c.service LIKE 'pt\_%' AND c.status = 'accepted' AND c.suspended AND v.state <> 'suspended'
       AND c.sla_state IS DISTINCT FROM NULLIF(v.state, 'running');
    -- tolerated deadlines: nothing still pending past its deadline
    INSERT INTO pt_bad
    SELECT 'sweep', pg_catalog.format('case %s: tolerated deadline %s passed, not revoked', c.id, c.tolerance_due)
      FROM service_affair.cases c
     WHERE c.service LIKE 'pt\_%' AND c.status IN ('accepted', 'concluded')
       AND c.tolerance_due < service_affair.local_day(at, c.calendar);
END
$$;

-- extend() of a task in time for its own due (the caller checks that):
-- refused (55000, case … is past its due date) exactly when the local day of
-- "at" is after its case's due in force then (the case's rule, its running
-- suspensions counted up to "at"), else taken.
CREATE FUNCTION pg_temp.pt_extend(tid bigint, days integer, at timestamptz) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    cid bigint := (SELECT t.case_id FROM service_affair.task t WHERE t.id = tid);
    late boolean;
BEGIN
    SELECT service_affair.local_day(at, c.calendar)
           > service_affair.add_workdays(service_affair.add_workdays(service_affair.local_day(c.accepted_at, c.calendar),
                                                                     c.promised_limit, c.calendar),
                                         pg_temp.pt_case_shift(c.id, false, at), c.calendar)
      INTO late FROM service_affair.cases c WHERE c.id = cid;
    BEGIN
        PERFORM service_affair.extend(tid, days, 'property test', at);
        INSERT INTO pt_ops VALUES ('extend');
        IF late THEN
            INSERT INTO pt_bad VALUES ('extend', pg_catalog.format('task %s extended at %s, after its case''s due', tid, at));
        END IF;
    EXCEPTION WHEN object_not_in_prerequisite_state THEN
        IF NOT late OR SQLERRM <> pg_catalog.format('case %s is past its due date', cid) THEN
            INSERT INTO pt_bad VALUES ('extend', pg_catalog.format('task %s at %s: %s', tid, at, SQLERRM));
        END IF;
        INSERT INTO pt_ops VALUES ('extend_case_late');
    END;
END
$$;

-- Before the random sequence, one case the random steps reach too seldom:
-- pt_seq (promised 4 working days, its stages 3 + 4) accepted Mon 02-02, due
-- Fri 02-06; stage 1 done 02-05, stage 2 due 02-11; stage 2 suspended Mon
-- 02-09, after the case's due, and resumed 02-10: one working day for the
-- task, none for the case.
DO $$
DECLARE
    x bigint;
BEGIN
    x := service_affair.submit('pt_seq', (SELECT id FROM service_affair.applicant WHERE name = 'Property Person'),
                               '{form,lease}', 'online', '{}', '2026-02-02 09:00+08');
    PERFORM service_affair.complete_task((SELECT t.id FROM service_affair.task t WHERE t.case_id = x AND t.stage = 1),
                                         'approved', '2026-02-05 10:00+08');
    PERFORM service_affair.suspend((SELECT t.id FROM service_affair.task t WHERE t.case_id = x AND t.stage = 2),
                                   'testing', '2026-02-09 09:00+08');
    PERFORM service_affair.resume((SELECT t.id FROM service_affair.task t WHERE t.case_id = x AND t.stage = 2),
                                  '2026-02-10 09:00+08');
    PERFORM pg_temp.pt_check('2026-02-10 09:00+08');
    -- the same case's stage 2 (due 02-11) extended Mon 02-09, after the
    -- case's due 02-06: refused; suspended on the case's due day 02-06 and
    -- extended 02-09 while suspended (the case's due so far 02-09): taken
    x := service_affair.submit('pt_seq', (SELECT id FROM service_affair.applicant WHERE name = 'Property Person'),
                               '{form,lease}', 'online', '{}', '2026-02-02 09:00+08');
    PERFORM service_affair.complete_task((SELECT t.id FROM service_affair.task t WHERE t.case_id = x AND t.stage = 1),
                                         'approved', '2026-02-05 10:00+08');
    PERFORM pg_temp.pt_extend((SELECT t.id FROM service_affair.task t WHERE t.case_id = x AND t.stage = 2),
                              2, '2026-02-09 09:00+08');
    x := service_affair.submit('pt_seq', (SELECT id FROM service_affair.applicant WHERE name = 'Property Person'),
                               '{form,lease}', 'online', '{}', '2026-02-02 09:00+08');
    PERFORM service_affair.complete_task((SELECT t.id FROM service_affair.task t WHERE t.case_id = x AND t.stage = 1),
                                         'approved', '2026-02-05 10:00+08');
    PERFORM service_affair.suspend((SELECT t.id FROM service_affair.task t WHERE t.case_id = x AND t.stage = 2),
                                   'testing', '2026-02-06 09:00+08');
    PERFORM pg_temp.pt_extend((SELECT t.id FROM service_affair.task t WHERE t.case_id = x AND t.stage = 2),
                              2, '2026-02-09 09:00+08');
    PERFORM pg_temp.pt_check('2026-02-09 09:00+08');
END
$$;

-- Bundles whose running suspension is their last event, counted from their
-- rows (stop_moves_due; item_case_due_at()): pt_check reads each at several
-- instants after its step.  pt_mix accepted Mon 01-05 (a due Thu 01-08, b
-- Fri 01-09, the case Mon 01-12): b extended by 5 on Tue (the case due
-- 01-19), a suspended Wed: a's days move the case only once they pass b's
-- 5 (the rest of its stage).  pt_seq accepted Mon 01-05 (due Fri 01-09): a
-- extended by 3 (the case 01-14), done Wed, b suspended Thu: b's days add
-- to a's 3 (another stage).  pt_mix suspended on a's due day Thu 01-08
-- (the case's Mon 01-12) and read on Saturday: a's clock restarts on
-- Monday, two working days for the task and the case (counted against the
-- case's due, one).
DO $$
DECLARE
    x bigint;
    p bigint := (SELECT id FROM service_affair.applicant WHERE name = 'Property Person');
BEGIN
    x := service_affair.submit('pt_mix', p, '{form,lease}', 'online', '{}', '2026-01-05 09:00+08');
    PERFORM pg_temp.pt_extend((SELECT t.id FROM service_affair.task t WHERE t.case_id = x AND t.item = 'pt_b'),
                              5, '2026-01-06 09:00+08');
    PERFORM service_affair.suspend((SELECT t.id FROM service_affair.task t WHERE t.case_id = x AND t.item = 'pt_a'),
                                   'testing', '2026-01-07 09:00+08');
    x := service_affair.submit('pt_seq', p, '{form,lease}', 'online', '{}', '2026-01-05 09:00+08');
    PERFORM pg_temp.pt_extend((SELECT t.id FROM service_affair.task t WHERE t.case_id = x AND t.stage = 1),
                              3, '2026-01-06 09:00+08');
    PERFORM service_affair.complete_task((SELECT t.id FROM service_affair.task t WHERE t.case_id = x AND t.stage = 1),
                                         'approved', '2026-01-07 09:00+08');
    PERFORM service_affair.suspend((SELECT t.id FROM service_affair.task t WHERE t.case_id = x AND t.stage = 2),
                                   'testing', '2026-01-08 09:00+08');
    x := service_affair.submit('pt_mix', p, '{form,lease}', 'online', '{}', '2026-01-05 09:00+08');
    PERFORM service_affair.suspend((SELECT t.id FROM service_affair.task t WHERE t.case_id = x AND t.item = 'pt_a'),
                                   'testing', '2026-01-08 10:00+08');
    PERFORM pg_temp.pt_check('2026-01-08 11:00+08');
END
$$;

SELECT setseed(0.1010);
DO $$
DECLARE
    now_ timestamptz := '2026-03-02 09:00+08';
    p bigint := (SELECT id FROM service_affair.applicant WHERE name = 'Property Person');
    r double precision;
    x bigint;
    tk record;
    d date;
    svc text;
    mats text[];
    i integer;
BEGIN
    FOR i IN 1..240 LOOP
        now_ := now_ + pg_catalog.make_interval(mins => 1 + (random() * 900)::integer);
        r := random();
        IF r < 0.25 THEN
            svc := (ARRAY['pt_a', 'pt_b', 'pt_i', 'pt_seq', 'pt_par', 'pt_one'])[1 + floor(random() * 6)::integer];
            mats := pg_catalog.string_to_array((ARRAY['form,lease', 'form', 'lease'])[1 + floor(random() * 3)::integer], ',');
            PERFORM service_affair.submit(svc, p, mats, 'online', '{}', now_);
            INSERT INTO pt_ops VALUES ('submit');
        ELSIF r < 0.33 THEN
            SELECT s.id INTO x FROM (SELECT c.id FROM service_affair.cases c
             -- a tolerated material by its deadline only (a later supply is refused, 55000, since 2026-12-04)
             WHERE c.service LIKE 'pt\_%' AND (c.status = 'returned' OR (c.status IN ('accepted', 'concluded')
                                                                        AND c.tolerance_due >= service_affair.local_day(now_, c.calendar)))
             ORDER BY c.id) s ORDER BY random() LIMIT 1;
            CONTINUE WHEN x IS NULL;
            PERFORM service_affair.supplement(x, ARRAY['form', 'lease'], now_);
            INSERT INTO pt_ops VALUES ('supplement');
        ELSIF r < 0.43 THEN
            SELECT s.id INTO x FROM (SELECT t.id FROM service_affair.task t JOIN service_affair.cases c ON c.id = t.case_id
             WHERE c.service LIKE 'pt\_%' AND t.status = 'open' ORDER BY t.id) s ORDER BY random() LIMIT 1;
            CONTINUE WHEN x IS NULL;
            PERFORM service_affair.suspend(x, 'testing', now_);
            INSERT INTO pt_ops VALUES ('suspend');
        ELSIF r < 0.53 THEN
            SELECT s.id INTO x FROM (SELECT t.id FROM service_affair.task t JOIN service_affair.cases c ON c.id = t.case_id
             WHERE c.service LIKE 'pt\_%' AND t.status = 'suspended' ORDER BY t.id) s ORDER BY random() LIMIT 1;
            CONTINUE WHEN x IS NULL;
            PERFORM service_affair.resume(x, now_);
            INSERT INTO pt_ops VALUES ('resume');
        ELSIF r < 0.60 THEN
            SELECT s.id, s.extension_limit INTO tk FROM (SELECT t.id, t.extension_limit FROM service_affair.task t JOIN service_affair.cases c ON c.id = t.case_id
             WHERE c.service LIKE 'pt\_%' AND t.status IN ('open', 'suspended') AND t.extended_at IS NULL
               -- not past its due (an overdue task is not extended: 55000)
               AND service_affair.local_day(now_, t.calendar)
                   <= CASE WHEN t.status = 'suspended'
                           THEN CASE WHEN service_affair.local_day(t.suspended_at, t.calendar) <= t.due
                                     -- (its clock restarting now: never before the first working day from now)
                                     THEN GREATEST(service_affair.add_workdays(service_affair.add_workdays(t.due, 0, t.calendar), service_affair.workdays_between(
                                                       service_affair.local_day(t.suspended_at, t.calendar),
                                                       service_affair.local_day(now_, t.calendar), t.calendar), t.calendar),
                                                   service_affair.add_workdays(service_affair.local_day(now_, t.calendar), 0, t.calendar))
                                     ELSE t.due END
                           ELSE t.due END
             ORDER BY t.id) s ORDER BY random() LIMIT 1;
            CONTINUE WHEN tk.id IS NULL;
            PERFORM pg_temp.pt_extend(tk.id, 1 + (random() * (tk.extension_limit - 1))::integer, now_);
        ELSIF r < 0.72 THEN
            -- near the present, where pending deadlines are
            d := (now_ AT TIME ZONE 'Asia/Shanghai')::date + floor(random() * 12)::integer;
            IF EXISTS (SELECT FROM service_affair.calendar_day cd WHERE cd.calendar = 'pt_cal' AND cd.day = d) THEN
                DELETE FROM service_affair.calendar_day cd WHERE cd.calendar = 'pt_cal' AND cd.day = d;
            ELSE
                INSERT INTO service_affair.calendar_day (calendar, day, is_workday, note)
                VALUES ('pt_cal', d, extract(isodow FROM d) >= 6, 'property test');
            END IF;
            INSERT INTO pt_ops VALUES ('calendar');
        ELSIF r < 0.94 THEN
            SELECT s.id INTO x FROM (SELECT t.id FROM service_affair.task t JOIN service_affair.cases c ON c.id = t.case_id
             WHERE c.service LIKE 'pt\_%' AND t.status = 'open' ORDER BY t.id) s ORDER BY random() LIMIT 1;
            CONTINUE WHEN x IS NULL;
            PERFORM service_affair.complete_task(x, CASE WHEN random() < 0.8 THEN 'approved' ELSE 'denied' END, now_);
            INSERT INTO pt_ops VALUES ('complete');
        ELSE
            PERFORM service_affair.sla_sweep(now_);
            PERFORM pg_temp.pt_check_sweep(now_);
            INSERT INTO pt_ops VALUES ('sweep');
        END IF;
        IF i % 8 = 0 THEN
            PERFORM pg_temp.pt_check(now_);
        END IF;
    END LOOP;
    PERFORM pg_temp.pt_check(now_);
END
$$;

-- A second sequence of bundles (issue 10, "case_sla read"): parallel tasks
-- and stages suspended, resumed, extended and finished among calendar
-- edits, checked every fourth step (at several instants each, pt_check):
-- the cases whose running suspension is their last event are counted from
-- their rows (stop_moves_due, item_case_due_at()), the others by
-- case_due_at(), and the two agree.
SELECT setseed(0.2020);
DO $$
DECLARE
    now_ timestamptz := '2026-06-01 09:00+08';
    p bigint := (SELECT id FROM service_affair.applicant WHERE name = 'Property Person');
    r double precision;
    x bigint;
    tk record;
    d date;
    i integer;
BEGIN
    FOR i IN 1..200 LOOP
        now_ := now_ + pg_catalog.make_interval(mins => 1 + (random() * 600)::integer);
        r := random();
        IF r < 0.10 THEN
            PERFORM service_affair.submit((ARRAY['pt_par', 'pt_seq', 'pt_mix', 'pt_mix', 'pt_a'])[1 + floor(random() * 5)::integer],
                                          p, '{form,lease}', 'online', '{}', now_);
        ELSIF r < 0.38 THEN
            SELECT s.id INTO x FROM (SELECT t.id FROM service_affair.task t JOIN service_affair.cases c ON c.id = t.case_id
             WHERE c.service LIKE 'pt\_%' AND t.status = 'open' ORDER BY t.id) s ORDER BY random() LIMIT 1;
            CONTINUE WHEN x IS NULL;
            PERFORM service_affair.suspend(x, 'testing', now_);
        ELSIF r < 0.55 THEN
            SELECT s.id INTO x FROM (SELECT t.id FROM service_affair.task t JOIN service_affair.cases c ON c.id = t.case_id
             WHERE c.service LIKE 'pt\_%' AND t.status = 'suspended' ORDER BY t.id) s ORDER BY random() LIMIT 1;
            CONTINUE WHEN x IS NULL;
            PERFORM service_affair.resume(x, now_);
        ELSIF r < 0.65 THEN
            SELECT s.id, s.extension_limit INTO tk FROM (SELECT t.id, t.extension_limit FROM service_affair.task t JOIN service_affair.cases c ON c.id = t.case_id
             WHERE c.service LIKE 'pt\_%' AND t.status IN ('open', 'suspended') AND t.extended_at IS NULL
               AND service_affair.local_day(now_, t.calendar)
                   <= CASE WHEN t.status = 'suspended'
                           THEN CASE WHEN service_affair.local_day(t.suspended_at, t.calendar) <= t.due
                                     THEN GREATEST(service_affair.add_workdays(service_affair.add_workdays(t.due, 0, t.calendar), service_affair.workdays_between(
                                                       service_affair.local_day(t.suspended_at, t.calendar),
                                                       service_affair.local_day(now_, t.calendar), t.calendar), t.calendar),
                                                   service_affair.add_workdays(service_affair.local_day(now_, t.calendar), 0, t.calendar))
                                     ELSE t.due END
                           ELSE t.due END
             ORDER BY t.id) s ORDER BY random() LIMIT 1;
            CONTINUE WHEN tk.id IS NULL;
            PERFORM pg_temp.pt_extend(tk.id, 1 + (random() * (tk.extension_limit - 1))::integer, now_);
        ELSIF r < 0.77 THEN
            d := (now_ AT TIME ZONE 'Asia/Shanghai')::date + floor(random() * 12)::integer;
            IF EXISTS (SELECT FROM service_affair.calendar_day cd WHERE cd.calendar = 'pt_cal' AND cd.day = d) THEN
                DELETE FROM service_affair.calendar_day cd WHERE cd.calendar = 'pt_cal' AND cd.day = d;
            ELSE
                INSERT INTO service_affair.calendar_day (calendar, day, is_workday, note)
                VALUES ('pt_cal', d, extract(isodow FROM d) >= 6, 'property test');
            END IF;
        ELSIF r < 0.97 THEN
            SELECT s.id INTO x FROM (SELECT t.id FROM service_affair.task t JOIN service_affair.cases c ON c.id = t.case_id
             WHERE c.service LIKE 'pt\_%' AND t.status = 'open' ORDER BY t.id) s ORDER BY random() LIMIT 1;
            CONTINUE WHEN x IS NULL;
            PERFORM service_affair.complete_task(x, 'approved', now_);
        ELSE
            PERFORM service_affair.sla_sweep(now_);
            PERFORM pg_temp.pt_check_sweep(now_);
        END IF;
        IF i % 4 = 0 THEN
            PERFORM pg_temp.pt_check(now_);
        END IF;
    END LOOP;
    PERFORM pg_temp.pt_check(now_);
END
$$;

SELECT is((SELECT count(DISTINCT op) FROM pt_ops WHERE op NOT IN ('case_judged', 'suspended_case_swept', 'extend_case_late', 'case_due_in_force', 'task_suspended', 'item_due_in_force', 'item_extended_while_suspended', 'stop_moves_due', 'clock_stopped_at', 'bundle_row_due_in_force', 'stop_stage_shift')), 8::bigint,
  'the sequence exercised every operation (submit, supplement, suspend, resume, extend, calendar, complete, sweep)');
SELECT cmp_ok((SELECT count(*) FROM pt_ops WHERE op = 'calendar'), '>=', 10::bigint, 'with at least 10 calendar edits');
SELECT cmp_ok((SELECT count(*) FROM service_affair.task t JOIN service_affair.cases c ON c.id = t.case_id
                WHERE c.service LIKE 'pt\_%' AND t.suspended_workdays > 0), '>', 0::bigint,
  'some tasks carry suspended working days');
SELECT cmp_ok((SELECT count(*) FROM service_affair.case_event e JOIN service_affair.cases c ON c.id = e.case_id
                JOIN service_affair.task_suspension s ON s.task_id = (e.detail->>'task_id')::bigint AND s.resumed_at = e.at
                JOIN service_affair.task t ON t.id = s.task_id
                WHERE c.service LIKE 'pt\_%' AND e.kind = 'task_resumed' AND (e.detail->>'workdays')::integer = 0
                  AND service_affair.workdays_between(service_affair.local_day(s.suspended_at, t.calendar),
                                                      service_affair.local_day(s.resumed_at, t.calendar), t.calendar) > 0),
  '>', 0::bigint, 'and some were suspended after their due over working days that did not count');
SELECT cmp_ok((SELECT count(*) FROM pt_ops WHERE op = 'case_judged'),
  '>', 0::bigint, 'and some cases have a stage suspended after the case''s due, in time for its own: its days moved the task, not the case');
SELECT cmp_ok((SELECT count(*) FROM pt_ops WHERE op = 'extend_case_late'), '>', 0::bigint,
  'some extensions came in time for their task but after their case''s due');
SELECT is((SELECT array_agg(detail) FROM pt_bad WHERE kind = 'extend'), NULL,
  'extend() refuses exactly the extensions dated after the case''s due in force (55000), and takes the others');
SELECT is((SELECT array_agg(detail) FROM pt_bad WHERE kind = 'task_due'), NULL,
  'every stored task due and suspension shift follows the rule');
SELECT is((SELECT array_agg(detail) FROM pt_bad WHERE kind = 'case_due'), NULL,
  'every stored case due and case shift follows the rule');
SELECT is((SELECT array_agg(detail) FROM pt_bad WHERE kind = 'tolerance_due'), NULL,
  'every tolerated deadline follows the rule, for accepted and concluded cases');
SELECT is((SELECT array_agg(detail) FROM pt_bad WHERE kind = 'task_sla'), NULL,
  'task_sla shows the stored due and the rule''s state and working days');
SELECT cmp_ok((SELECT count(*) FROM pt_ops WHERE op = 'task_suspended'), '>', 0::bigint,
  'some cases had a task suspended when checked');
SELECT is((SELECT array_agg(detail) FROM pt_bad WHERE kind = 'task_suspended'), NULL,
  'cases.task_suspended is true exactly while the case is accepted and a task of it, not cancelled, is suspended');
SELECT cmp_ok((SELECT count(*) FROM pt_ops WHERE op = 'clock_stopped_at'), '>', 0::bigint,
  'some cases were suspended when checked');
SELECT is((SELECT array_agg(detail) FROM pt_bad WHERE kind = 'clock_stopped_at'), NULL,
  'cases.clock_stopped_at is the latest suspension or finish of its tasks exactly while the case is accepted and suspended');
SELECT cmp_ok((SELECT count(*) FROM pt_ops WHERE op = 'stop_moves_due'), '>', 0::bigint,
  'some cases had the running suspension of their one task move their due when checked');
SELECT is((SELECT array_agg(detail) FROM pt_bad WHERE kind = 'stop_moves_due'), NULL,
  'cases.stop_moves_due is true exactly while the case is accepted and its running suspension is its last event: the only one running, of a task in the case''s calendar, no extension nor suspension since');
SELECT is((SELECT array_agg(detail) FROM pt_bad WHERE kind = 'stop_columns'), NULL,
  'cases.stop_since, stop_task_due, stop_task_shift, stop_stage_shift: the start, the task''s due, the shifts for the case of the task and of the rest of its stage while stop_moves_due, else NULL');
SELECT cmp_ok((SELECT count(*) FROM pt_ops WHERE op = 'stop_stage_shift'), '>', 0::bigint,
  'some of those had another task of the suspended one''s stage moving the case (stop_stage_shift > 0)');
SELECT cmp_ok((SELECT count(*) FROM pt_ops WHERE op = 'bundle_row_due_in_force'), '>', 0::bigint,
  'some cases of a bundle of several tasks were counted from their rows with a due in force after their stored due');
SELECT cmp_ok((SELECT count(*) FROM pt_ops WHERE op = 'case_due_in_force'), '>', 0::bigint,
  'some cases, a task suspended, had a due in force after their stored due when checked');
SELECT cmp_ok((SELECT count(*) FROM pt_ops WHERE op = 'item_due_in_force'), '>', 0::bigint,
  'some cases of one item had a due in force after their stored due, counted from their rows');
SELECT cmp_ok((SELECT count(*) FROM pt_ops WHERE op = 'item_extended_while_suspended'), '>', 0::bigint,
  'and some of those had their task extended while suspended (counted by case_due_at())');
SELECT is((SELECT array_agg(detail) FROM pt_bad WHERE kind = 'item_due'), NULL,
  'case_sla''s due in force of every case with a suspended task is case_due_at()''s');
SELECT is((SELECT array_agg(detail) FROM pt_bad WHERE kind = 'case_sla'), NULL,
  'case_sla shows the stored due, or while a task is suspended the due in force, and the rule''s state');
SELECT cmp_ok((SELECT count(*) FROM pt_ops WHERE op = 'suspended_case_swept'), '>', 0::bigint,
  'the sweeps met suspended cases (their recorded state checked against case_sla)');
SELECT is((SELECT array_agg(detail) FROM pt_bad WHERE kind = 'sweep'), NULL,
  'sla_sweep records the rule''s state and revokes every passed tolerated deadline');

-- and the former duplicates are gone: no lifecycle function composes a due
-- date itself, and the sweep asks the one SLA rule
SELECT is((SELECT array_agg(p.proname::text ORDER BY p.proname) FROM pg_proc p
            WHERE p.pronamespace = 'service_affair'::regnamespace
              AND p.proname IN ('submit', 'supplement', 'start_clock', 'resume', 'extend', 'suspend',
                                'complete_task', 'claim_task', 'recompute_dues', 'sla_sweep')
              AND p.prosrc LIKE '%add_workdays%'),
          NULL, 'no lifecycle function calls add_workdays itself: every due date comes from shifted_due()');
SELECT ok((SELECT bool_and(p.prosrc LIKE '%sla_state_at%' AND p.prosrc NOT LIKE '%THEN ''overdue''%')
             FROM pg_proc p WHERE p.oid = 'service_affair.sla_sweep(timestamptz)'::regprocedure),
          'sla_sweep() takes the SLA state from sla_state_at(), the rule of the views');

SELECT * FROM finish();
ROLLBACK;
