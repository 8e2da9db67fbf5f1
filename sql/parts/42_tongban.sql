-- 通办 (issue 13, doc/tongban.md): where a case was received, who handles it
-- and why; the legs of 代收代办 (originals forwarded to the handling office,
-- the result delivered back); who sees such a case; the 通办 and 就近办
-- figures.  Wholly new: the upgrade part of the same name is a link to this
-- file (the backfill of 0.1 cases below finds rows only there).

-- ---- cases: the place and the competence -------------------------------------------------
ALTER TABLE service_affair.cases
    ADD COLUMN receiving_point text REFERENCES service_affair.service_point ON UPDATE CASCADE,
    ADD COLUMN handling_department text REFERENCES service_affair.department ON UPDATE CASCADE,
    ADD COLUMN agent bigint REFERENCES service_affair.agent,
    ADD COLUMN competent_region text CHECK (competent_region ~ '^[0-9]{6}$'),
    ADD COLUMN competence_rule text CHECK (competence_rule = ANY ('{receiving,residence,property,company}'::text[]));
COMMENT ON COLUMN service_affair.cases.receiving_point IS 'Service point that received the case (NULL: online, or no point named)';
COMMENT ON COLUMN service_affair.cases.handling_department IS 'Department competent for the case: that of the item implementing the service in the competent region';
COMMENT ON COLUMN service_affair.cases.agent IS 'Agent who acted for the applicant (代办); its trips are not the applicant''s visits';
COMMENT ON COLUMN service_affair.cases.competent_region IS 'Region (GB/T 2260) whose department is competent, as resolved at submission';
COMMENT ON COLUMN service_affair.cases.competence_rule IS
  'Rule that resolved the competent region: receiving, residence, property or company; NULL when nothing was resolved (an item without basic code, a bundle, a 0.1 case)';
-- on the open partition, as every index of cases (40_cases.sql)
CREATE INDEX cases_receiving_point_idx ON service_affair.cases_active (receiving_point) WHERE receiving_point IS NOT NULL;
CREATE INDEX cases_competent_region_idx ON service_affair.cases_active (competent_region);

-- 0.1 cases (the update): handled by their department, in its region; no
-- point, agent or rule was recorded then.
UPDATE service_affair.cases c
   SET handling_department = c.department,
       competent_region = (SELECT d.region FROM service_affair.department d WHERE d.code = c.department)
 WHERE c.handling_department IS NULL;

-- door (上门服务) is a channel and a delivery method, with 0 applicant visits
ALTER TABLE service_affair.cases
    DROP CONSTRAINT cases_channel_check,
    DROP CONSTRAINT cases_delivery_method_check,
    ADD CONSTRAINT cases_channel_check CHECK (channel = ANY ('{window,online,mobile,kiosk,door}'::text[])),
    ADD CONSTRAINT cases_delivery_method_check CHECK (delivery_method = ANY ('{window,mail,electronic,door}'::text[]));
COMMENT ON COLUMN service_affair.cases.channel IS 'Submission channel: window, online, mobile, kiosk or door (上门服务)';
COMMENT ON COLUMN service_affair.cases.delivery_method IS 'window, mail, electronic or door';
COMMENT ON COLUMN service_affair.cases.visits IS
  'In-person visits of the applicant (visit_count()): submission, supplements, recorded visits and delivery at a staffed point; online, mobile, door, a free-standing kiosk and an agent''s trips count 0';

-- ---- the legs of 代收代办 ----------------------------------------------------------------
-- Partitioned like the case (40_cases.sql): open work reaches the legs with
-- NOT settled; the legs of a settled case lie in the month of its id.
CREATE TABLE service_affair.case_leg (
    case_id   bigint NOT NULL,
    leg       text NOT NULL CHECK (leg IN ('forward', 'return')),
    point     text NOT NULL REFERENCES service_affair.service_point ON UPDATE CASCADE,
    opened_at timestamptz NOT NULL,
    due       date NOT NULL,
    forward_days integer NOT NULL,
    calendar  text NOT NULL REFERENCES service_affair.calendar ON UPDATE CASCADE,
    done_at   timestamptz,
    done_by   name,
    sla_state text CHECK (sla_state IN ('warning', 'overdue')),
    settled   boolean NOT NULL DEFAULT false,
    not_received boolean NOT NULL DEFAULT false,
    CONSTRAINT case_leg_done_after_open CHECK (done_at >= opened_at),
    CONSTRAINT case_leg_not_received CHECK (NOT not_received OR (leg = 'forward' AND done_at IS NOT NULL))
) PARTITION BY LIST (settled);
-- keys and indexes on the partitions, as for cases (40_cases.sql)
CREATE TABLE service_affair.case_leg_active PARTITION OF service_affair.case_leg (
    CONSTRAINT case_leg_pkey PRIMARY KEY (case_id, leg),
    CONSTRAINT case_leg_case_id_fkey FOREIGN KEY (case_id) REFERENCES service_affair.cases_active (id)
) FOR VALUES IN (false);
CREATE TABLE service_affair.case_leg_settled PARTITION OF service_affair.case_leg
    FOR VALUES IN (true) PARTITION BY RANGE (case_id);
REVOKE ALL ON TABLE service_affair.case_leg_active, service_affair.case_leg_settled FROM PUBLIC;
COMMENT ON TABLE service_affair.case_leg_active IS
  'Partition of case_leg: the legs of the cases not settled (cases_active), the only one open work touches';
COMMENT ON TABLE service_affair.case_leg_settled IS
  'Partition of case_leg: the legs of settled cases, partitioned by month of submission (range of case ids); empty until settling is built';
COMMENT ON TABLE service_affair.case_leg IS
  '代收代办: originals forwarded from the receiving point to the handling office (forward), the result back to the receiving point or by mail (return); their due dates in working days of the point''s calendar';
COMMENT ON COLUMN service_affair.case_leg.case_id IS 'The case';
COMMENT ON COLUMN service_affair.case_leg.leg IS 'forward (originals to the handling office) or return (result back to the receiving point for delivery)';
COMMENT ON COLUMN service_affair.case_leg.point IS 'The receiving point';
COMMENT ON COLUMN service_affair.case_leg.opened_at IS 'Acceptance (forward) or conclusion (return) of the case';
COMMENT ON COLUMN service_affair.case_leg.due IS 'add_workdays(local day opened, forward_days, calendar); moved by calendar edits while the leg is under way (leg_recompute_dues())';
COMMENT ON COLUMN service_affair.case_leg.forward_days IS 'The point''s forward_days when the leg opened: the working days due counts, kept so that a calendar edit recomputes due with them (a later change of the point''s setting does not move an open leg)';
COMMENT ON COLUMN service_affair.case_leg.calendar IS 'Calendar of the due date (the point''s opening calendar)';
COMMENT ON COLUMN service_affair.case_leg.done_at IS 'Forward: originals received by the handling office (receive_originals()), or the delivery that closed the leg as not received; return: result arrived at the receiving point (receive_result()), else its delivery (deliver())';
COMMENT ON COLUMN service_affair.case_leg.done_by IS 'Role that closed the leg';
COMMENT ON COLUMN service_affair.case_leg.not_received IS
  'A forward leg closed by the delivery of the result with its originals never recorded as received (case_legs()): counted missed, not on time; receive_originals() is refused after the delivery';
COMMENT ON COLUMN service_affair.case_leg.sla_state IS 'Last time-limit state recorded by sla_sweep (warning or overdue), NULL when running';
COMMENT ON COLUMN service_affair.case_leg.settled IS 'Whether its case is settled (cases.settled): the partition key';
COMMENT ON CONSTRAINT case_leg_done_after_open ON service_affair.case_leg IS 'A leg closes after it opened';
COMMENT ON CONSTRAINT case_leg_not_received ON service_affair.case_leg IS 'Only a forward leg closes as not received, and it is then closed';
CREATE INDEX case_leg_open_idx ON service_affair.case_leg_active (due) WHERE done_at IS NULL;
SELECT pg_catalog.pg_extension_config_dump('service_affair.case_leg', '');
SELECT pg_catalog.pg_extension_config_dump('service_affair.case_leg_active', '');

-- Internal: whether a case received at the point and competent in the region
-- is handled elsewhere (代收代办): every point but the county centre of the
-- competent region (and a kiosk standing in it).
CREATE FUNCTION service_affair.handled_elsewhere(point text, competent_region text) RETURNS boolean
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN point IS NOT NULL AND NOT EXISTS (
        SELECT FROM service_affair.service_point p LEFT JOIN service_affair.service_point q ON q.code = p.parent
         WHERE p.code = handled_elsewhere.point
           AND ((p.level = 'county' AND p.region = competent_region)
                OR (p.level = 'kiosk' AND q.level = 'county' AND q.region = competent_region)));
END
$$;
COMMENT ON FUNCTION service_affair.handled_elsewhere(text, text) IS
  'Internal: true when a case received at the point is handled by an office elsewhere (any point but the county centre of the competent region or a kiosk in it): its originals are forwarded';
REVOKE EXECUTE ON FUNCTION service_affair.handled_elsewhere(text, text) FROM PUBLIC;

-- Internal: whether the originals of a case received at the point by this
-- channel travel to an office elsewhere (the forward leg, 代收代办): the
-- case is handled elsewhere (handled_elsewhere()), papers were handed in
-- (window, kiosk, door; not online or through the mobile app, which take
-- none) and someone is there to send them: a staffed point (county, town,
-- village, bank, a mobile unit) or a kiosk standing in a staffed one.  A
-- free-standing kiosk has nobody to send anything (the visit rule counts
-- it as no visit for the same reason: src/core/network.c).  Until
-- 2026-12-05 such a case opened a forward leg nobody sent, overdue after
-- forward_days, and counted 通办 late in the views (a review).
CREATE FUNCTION service_affair.originals_forwarded(point text, competent_region text, channel text) RETURNS boolean
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN channel IN ('window', 'kiosk', 'door')
       AND service_affair.handled_elsewhere(point, competent_region)
       AND EXISTS (SELECT FROM service_affair.service_point p LEFT JOIN service_affair.service_point q ON q.code = p.parent
                    WHERE p.code = originals_forwarded.point
                      AND (p.level <> 'kiosk' OR q.level IN ('county', 'town', 'village', 'bank')));
END
$$;
COMMENT ON FUNCTION service_affair.originals_forwarded(text, text, text) IS
  'Internal: true when the originals of a case received at the point by the channel are forwarded to the handling office (a forward leg): handled elsewhere, handed in (window, kiosk, door) and at a staffed point or a kiosk standing in one (not a free-standing kiosk)';
REVOKE EXECUTE ON FUNCTION service_affair.originals_forwarded(text, text, text) FROM PUBLIC;

-- The due of a leg of 代收代办: forward_days working days of the calendar
-- after the local day the leg opened.  The one home of that rule (the issue
-- "One home per rule": until 2026-12-05 case_legs() wrote it for each leg
-- and leg_recompute_dues() a third time).  A SQL function of the standard
-- body without SET, so that it is inlined where it is called (its names
-- are bound when it is made).
CREATE FUNCTION service_affair.leg_due(opened_at timestamptz, forward_days integer, cal text) RETURNS date
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
RETURN service_affair.add_workdays(service_affair.local_day(opened_at, cal), forward_days, cal);
COMMENT ON FUNCTION service_affair.leg_due(timestamptz, integer, text) IS
  'Internal: the due of a leg of 代收代办 (case_leg.due) that opened at opened_at: forward_days working days of calendar cal after its local day; the one home of that rule, asked by case_legs() at the opening of each leg and by leg_recompute_dues() after a calendar edit';
REVOKE EXECUTE ON FUNCTION service_affair.leg_due(timestamptz, integer, text) FROM PUBLIC;

-- The legs follow the case: a forward leg when a case received elsewhere is
-- accepted (at submission or at the completing supplement), a return leg at
-- its conclusion, closed when the result is delivered.
CREATE FUNCTION service_affair.case_legs() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    p service_affair.service_point;
BEGIN
    IF pg_catalog.pg_partition_root(TG_RELID) IS DISTINCT FROM 'service_affair.cases'::pg_catalog.regclass OR TG_WHEN <> 'AFTER'
       OR TG_OP <> 'UPDATE' OR TG_LEVEL <> 'ROW' THEN
        RAISE EXCEPTION 'case_legs() is not a trigger of this table'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'It follows service_affair.cases only.';
    END IF;
    -- a settled case's legs are history; a point renamed (the foreign key's
    -- cascade) moves no case: its legs stay as they are (until 2026-12-03 a
    -- rename asked handled_elsewhere(), which an administrator may not run,
    -- and opened a leg for a settled case)
    IF NEW.settled OR (OLD.receiving_point IS NOT NULL AND OLD.receiving_point IS DISTINCT FROM NEW.receiving_point
                       AND OLD.status IS NOT DISTINCT FROM NEW.status AND OLD.delivered_at IS NOT DISTINCT FROM NEW.delivered_at) THEN
        RETURN NULL;
    END IF;
    SELECT * INTO p FROM service_affair.service_point x WHERE x.code = NEW.receiving_point;
    IF NEW.status IN ('accepted', 'concluded') AND NEW.accepted_at IS NOT NULL
       AND service_affair.originals_forwarded(NEW.receiving_point, NEW.competent_region, NEW.channel)
       AND NOT EXISTS (SELECT FROM service_affair.case_leg l WHERE l.case_id = NEW.id AND NOT l.settled AND l.leg = 'forward') THEN
        INSERT INTO service_affair.case_leg (case_id, leg, point, opened_at, due, forward_days, calendar)
        VALUES (NEW.id, 'forward', p.code, NEW.accepted_at,
                service_affair.leg_due(NEW.accepted_at, p.forward_days, p.calendar),
                p.forward_days, p.calendar);
        INSERT INTO service_affair.case_event (case_id, at, kind, from_status, to_status, detail)
        SELECT NEW.id, NEW.accepted_at, 'forwarded', NEW.status, NEW.status,
               pg_catalog.jsonb_build_object('point', p.code, 'to', NEW.handling_department, 'due', l.due)
          FROM service_affair.case_leg l WHERE l.case_id = NEW.id AND NOT l.settled AND l.leg = 'forward';
    END IF;
    -- the return leg: at the conclusion, or when the point is recorded on
    -- a case concluded already (record_place() after submit(): an item
    -- approved on commitment is concluded at its submission).  Until
    -- 2026-12-05 only the former: such a case received at a town centre
    -- had its originals forwarded and no return leg, its result tracked
    -- back by nothing (a review)
    IF NEW.status = 'concluded' AND (OLD.status IS DISTINCT FROM 'concluded' OR OLD.receiving_point IS NULL)
       AND EXISTS (SELECT FROM service_affair.case_leg l WHERE l.case_id = NEW.id AND NOT l.settled AND l.leg = 'forward')
       AND NOT EXISTS (SELECT FROM service_affair.case_leg l WHERE l.case_id = NEW.id AND NOT l.settled AND l.leg = 'return') THEN
        INSERT INTO service_affair.case_leg (case_id, leg, point, opened_at, due, forward_days, calendar)
        VALUES (NEW.id, 'return', p.code, NEW.concluded_at,
                service_affair.leg_due(NEW.concluded_at, p.forward_days, p.calendar),
                p.forward_days, p.calendar);
    END IF;
    IF NEW.delivered_at IS NOT NULL AND OLD.delivered_at IS NULL THEN
        -- the result is delivered where it arrived, not before: 22023
        -- (receive_result() recorded the arrival)
        PERFORM service_affair.require_not_before(NEW.id, NEW.delivered_at, l.done_at, 'arrival of the result at its receiving point')
           FROM service_affair.case_leg l
          WHERE l.case_id = NEW.id AND NOT l.settled AND l.leg = 'return' AND l.done_at IS NOT NULL;
        -- a return leg whose arrival nobody recorded ends at the delivery
        UPDATE service_affair.case_leg l SET done_at = GREATEST(NEW.delivered_at, l.opened_at), done_by = service_affair.actor()
         WHERE l.case_id = NEW.id AND NOT l.settled AND l.leg = 'return' AND l.done_at IS NULL;
        -- the originals are awaited until the result is delivered, no
        -- longer: a forward leg still open closes then as not received
        -- (missed in case_sla and the 通办 views; receive_originals() is
        -- 55000 after the delivery).  The one place of the rule.  Not at
        -- the conclusion: a case approved on commitment is concluded at
        -- its submission, before its originals can arrive.  Until
        -- 2026-12-05 such a leg stayed open for ever: overdue, swept, and
        -- the case never settled (settle_cases() waits for the legs; a
        -- review)
        WITH u AS (
            UPDATE service_affair.case_leg l SET done_at = GREATEST(NEW.delivered_at, l.opened_at), done_by = service_affair.actor(),
                   not_received = true
             WHERE l.case_id = NEW.id AND NOT l.settled AND l.leg = 'forward' AND l.done_at IS NULL
            RETURNING l.point, l.due)
        INSERT INTO service_affair.case_event (case_id, at, kind, from_status, to_status, detail)
        SELECT NEW.id, NEW.delivered_at, 'originals_not_received', NEW.status, NEW.status,
               pg_catalog.jsonb_build_object('point', u.point, 'department', NEW.handling_department, 'due', u.due,
                                             'delivered_at', NEW.delivered_at)
          FROM u;
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION service_affair.case_legs() IS
  'Trigger: opens the forward leg of a case received elsewhere once it is accepted when its originals travel (originals_forwarded(): not from a free-standing kiosk, not for an online or app submission; a forwarded event with its due date), the return leg at its conclusion (or when the point is recorded on a case concluded at its submission, approved on commitment), and at delivery closes the return leg when receive_result() did not (22023 for a delivery before the recorded arrival) and a forward leg still open, as not received (event originals_not_received); refuses to run on any other table (42501)';
REVOKE EXECUTE ON FUNCTION service_affair.case_legs() FROM PUBLIC;
CREATE TRIGGER cases_legs AFTER UPDATE OF status, receiving_point, delivered_at ON service_affair.cases
    FOR EACH ROW WHEN (NEW.receiving_point IS NOT NULL)
    EXECUTE FUNCTION service_affair.case_legs();
COMMENT ON TRIGGER cases_legs ON service_affair.cases IS 'The legs of 代收代办 follow the case';

-- Internal: the legs' part of sla_sweep() (50_routing.sql): an open leg
-- entering warning or overdue gets a case event (leg_warning, leg_overdue)
-- and a notice on the channel service_affair_sla, once per state.
CREATE FUNCTION service_affair.leg_sla_sweep(at timestamptz) RETURNS integer
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n integer := 0;
    r record;
    st text;
    v_status text;
    v_event bigint;
BEGIN
    FOR r IN
        SELECT l.case_id, l.leg, l.point, l.due, l.calendar, l.sla_state, c.status, c.handling_department
          FROM service_affair.case_leg l JOIN service_affair.cases c ON c.id = l.case_id AND NOT c.settled
         WHERE l.done_at IS NULL AND NOT l.settled
           -- a withdrawn or revoked case waits for no originals (until
           -- 2026-12-03 its leg was flagged overdue, and blocked settling, for ever)
           AND c.status NOT IN ('withdrawn', 'revoked')
           -- a catch-up run (a past at) flags no leg opened after it, as
           -- sla_sweep() flags no task: its event would precede the leg
           -- (until 2026-12-06 a leg forwarded in 0 working days got a
           -- leg_warning dated the day before its case was submitted; a
           -- review, tongban_leg_sweep_before_open.sql)
           AND l.opened_at <= leg_sla_sweep.at
         ORDER BY l.case_id, l.leg
    LOOP
        st := NULLIF(service_affair.sla_state_at(r.due, r.calendar, NULL, false, at), 'running');
        CONTINUE WHEN st IS NOT DISTINCT FROM r.sla_state;
        -- the case locked and its status read again: a case withdrawn or
        -- revoked since this loop's snapshot waits for no originals (until
        -- 2026-12-03 its leg was flagged overdue after the withdrawal, the
        -- event naming the status of the snapshot; a review)
        SELECT c.status INTO v_status FROM service_affair.cases c
         WHERE c.id = r.case_id AND NOT c.settled AND c.status NOT IN ('withdrawn', 'revoked')
           FOR NO KEY UPDATE SKIP LOCKED;
        CONTINUE WHEN NOT FOUND;
        -- a catch-up run (a past at) after a later sweep leaves the state that
        -- sweep recorded to a later one, as sla_sweep() leaves its tasks and
        -- cases: judged as of at, a recorded leg_overdue went back to
        -- warning, dated before it, and the next sweep recorded the breach
        -- again (until 2026-12-06; a hostile review, tongban_leg_sweep_past.sql)
        CONTINUE WHEN EXISTS (SELECT FROM service_affair.case_event e
                               WHERE e.case_id = r.case_id AND NOT e.settled AND e.at > leg_sla_sweep.at
                                 AND e.kind IN ('leg_warning', 'leg_overdue')
                                 AND e.detail OPERATOR(pg_catalog.->>) 'leg' = r.leg);
        -- the state and due compared again on the latest row, as the
        -- tasks' part of sla_sweep() does: a sweep running beside this one
        -- may have flagged the leg since this loop's snapshot, and its
        -- event and notice are sent once
        UPDATE service_affair.case_leg l SET sla_state = st
         WHERE l.case_id = r.case_id AND NOT l.settled AND l.leg = r.leg AND l.done_at IS NULL
           AND l.due = r.due AND l.sla_state IS NOT DISTINCT FROM r.sla_state;
        CONTINUE WHEN st IS NULL OR NOT FOUND;
        INSERT INTO service_affair.case_event (case_id, at, kind, from_status, to_status, detail)
        VALUES (r.case_id, at, 'leg_' || st, v_status, v_status,
                pg_catalog.jsonb_build_object('leg', r.leg, 'point', r.point, 'department', r.handling_department, 'due', r.due))
        RETURNING id INTO v_event;
        PERFORM service_affair.sla_notify('leg_' || st, v_event, at);  -- the event only (50_routing.sql)
        n := n + 1;
    END LOOP;
    RETURN n;
END
$$;
COMMENT ON FUNCTION service_affair.leg_sla_sweep(timestamptz) IS
  'Internal: sla_sweep() for the legs of 代收代办: each open leg entering warning or overdue (sla_state_at, the one SLA rule) gets a case event leg_warning / leg_overdue and a notice on service_affair_sla, but for a leg opened after at or a leg a sweep dated after at recorded a state of (a catch-up run leaves it as recorded); returns how many';
REVOKE EXECUTE ON FUNCTION service_affair.leg_sla_sweep(timestamptz) FROM PUBLIC;

-- Calendar edits move the due dates of the legs under way, as they move
-- the tasks' (recompute_dues(), 50_routing.sql): the leg keeps the working
-- days it counts (forward_days), so the due is recomputed from the local
-- day it opened.  Under the due lock; the cases of the legs that change
-- are locked first, in id order (the case, then its leg, as every writer
-- of a leg and the sweep).  A moved leg loses its SLA state (the next
-- sweep flags it again if it still is late) and gets a case event
-- leg_due_recomputed.  Legs of withdrawn and revoked cases wait for
-- nothing (leg_sla_sweep()) and are left as they are.  Until 2026-12-03 a
-- calendar edit moved no leg: entering next year's holidays left a leg
-- due on a new holiday.
CREATE FUNCTION service_affair.leg_recompute_dues() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    chg_case bigint[];
    chg_leg text[];
    chg_old date[];
    chg_due date[];
    edit jsonb;
BEGIN
    -- the check, the due lock, the days the edit changed (22_calendar_triggers.sql)
    edit := service_affair.calendar_recompute_begin('leg_recompute_dues', TG_RELID, TG_WHEN, TG_LEVEL, TG_OP);
    IF edit = '{}'::jsonb THEN  -- no working day changed (a note, covered_until): nothing can move
        RETURN NULL;
    END IF;
    SELECT pg_catalog.array_agg(x.case_id), pg_catalog.array_agg(x.leg), pg_catalog.array_agg(x.due),
           pg_catalog.array_agg(x.new_due)
      INTO chg_case, chg_leg, chg_old, chg_due
      FROM (SELECT l.case_id, l.leg, l.due,
                   service_affair.leg_due(l.opened_at, l.forward_days, l.calendar) AS new_due
              -- the legs the edit can move first, then their dues counted
              -- (OFFSET 0: the comparison below stays above the filter;
              -- until 2026-12-07 the planner put it first, and an edit of
              -- a calendar no leg used counted every open leg's due:
              -- calendar_edit_scope.sql, 22_calendar_triggers.sql)
              FROM (SELECT l.case_id, l.leg, l.due, l.opened_at, l.forward_days, l.calendar
                      FROM service_affair.case_leg l JOIN service_affair.cases c ON c.id = l.case_id AND NOT c.settled
                     WHERE l.done_at IS NULL AND NOT l.settled AND c.status NOT IN ('withdrawn', 'revoked')
                       AND service_affair.calendar_edit_moves(edit, l.calendar, l.due)
                    OFFSET 0) l) x
     WHERE x.due IS DISTINCT FROM x.new_due;
    IF chg_case IS NULL THEN
        RETURN NULL;
    END IF;
    PERFORM FROM service_affair.cases c
     WHERE c.id = ANY (chg_case) AND NOT c.settled
     ORDER BY c.id
       FOR NO KEY UPDATE;
    WITH u AS (
        UPDATE service_affair.case_leg l SET due = chg.new_due, sla_state = NULL
          FROM ROWS FROM (pg_catalog.unnest(chg_case), pg_catalog.unnest(chg_leg), pg_catalog.unnest(chg_old),
                          pg_catalog.unnest(chg_due)) chg(case_id, leg, old_due, new_due),
               service_affair.cases c
         WHERE l.case_id = chg.case_id AND l.leg = chg.leg AND NOT l.settled AND l.done_at IS NULL  -- (not done while this waited for its case)
           AND l.due IS DISTINCT FROM chg.new_due
           AND c.id = l.case_id AND NOT c.settled AND c.status NOT IN ('withdrawn', 'revoked')
        RETURNING l.case_id, l.leg, l.point, l.due, chg.old_due, c.status)
    INSERT INTO service_affair.case_event (case_id, at, kind, from_status, to_status, detail)
    SELECT u.case_id, pg_catalog.now(), 'leg_due_recomputed', u.status, u.status,
           pg_catalog.jsonb_build_object('leg', u.leg, 'point', u.point, 'due', u.due, 'old_due', u.old_due,
                                         'reason', 'calendar edited')
      FROM u;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION service_affair.leg_recompute_dues() IS
  'Trigger: after any edit of calendar or calendar_day, recompute the due dates of the legs of 代收代办 under way (forward_days working days of the leg''s calendar after the local day it opened; not those of withdrawn or revoked cases) that the edit can move (calendar_edit_moves()) under the due lock, their cases locked first in id order; a moved leg loses its SLA state and gets a case event leg_due_recomputed (due, old_due); refuses to run on any other table (42501)';
REVOKE EXECUTE ON FUNCTION service_affair.leg_recompute_dues() FROM PUBLIC;
CREATE TRIGGER leg_recompute_dues
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON service_affair.calendar
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.leg_recompute_dues();
COMMENT ON TRIGGER leg_recompute_dues ON service_affair.calendar IS 'A calendar edit moves the due dates of the legs of 代收代办 under way';
CREATE TRIGGER leg_recompute_dues
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON service_affair.calendar_day
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.leg_recompute_dues();
COMMENT ON TRIGGER leg_recompute_dues ON service_affair.calendar_day IS 'A calendar edit moves the due dates of the legs of 代收代办 under way';

-- ---- competence ------------------------------------------------------------------------
-- Internal: the item that handles a submission, and where it was received.
-- An item with a basic code is resolved by its competence rule to a region
-- and to the item implementing the code there (23503 naming the region when
-- none does); a point must be of a level the item accepts and lie within its
-- 通办 scope of the competent region (22023 naming the allowed scope).  A
-- bundle and an item without basic code are handled by themselves.
CREATE FUNCTION service_affair.resolve_competence(service text, applicant bigint, point text, region text,
    location_region text,
    OUT item text, OUT receiving_region text, OUT competent_region text, OUT rule text)
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    i record;
    p service_affair.service_point;
    same integer;
    scope text;
    levels text[];
    impl_code text;
    impl_region text;
BEGIN
    item := service;
    -- the caller's region is a competent region for a receiving item: a
    -- 6-digit code, or 22023 (until 2026-12-03 any text, echoed whole into
    -- a 23503 below: 100 kB of it to a clerk of any region)
    IF region !~ '^[0-9]{6}$' THEN
        RAISE EXCEPTION 'invalid region'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Region %s is not a 6-digit GB/T 2260 code.', pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(region, 64))));
    END IF;
    IF point IS NOT NULL THEN
        SELECT * INTO p FROM service_affair.service_point x WHERE x.code = resolve_competence.point;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'unknown service point'
                USING ERRCODE = 'foreign_key_violation',
                      DETAIL = pg_catalog.format('No service point has code %s.', pg_catalog.quote_literal(point));
        END IF;
        IF region IS NOT NULL AND region IS DISTINCT FROM p.region THEN
            RAISE EXCEPTION 'region does not match the service point'
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = pg_catalog.format('Point %s lies in region %s, not %s.', p.code, p.region,
                                                 pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(region, 64))));
        END IF;
    END IF;
    SELECT x.code, x.basic_code, x.tongban_scope, x.accepting_levels, x.competence, d.region AS dept_region
      INTO i FROM service_affair.item x JOIN service_affair.department d ON d.code = x.department
     WHERE x.code = service;
    -- naming neither point nor region, a clerk receives in its own office:
    -- the one region of a clerk posted nowhere (my_home_region(), the
    -- decision of src/core/access.c); anybody else (an administrator, a
    -- clerk of several regions) in the region of the item asked for.  Until
    -- 2026-12-05 always the latter: a Ninghai clerk asking for a Ninghai
    -- company's case by Xiangshan's code received it in Xiangshan, could not
    -- name Ninghai's agent and could name Xiangshan's (a review)
    receiving_region := COALESCE(p.region, region, service_affair.my_home_region(), i.dept_region);
    IF i.code IS NULL THEN
        -- a bundle (or an unknown service: submit raises 23503) is received
        -- in its lead department's region when no point or region says
        -- otherwise (an agent's region is checked against it: agent_for())
        receiving_region := COALESCE(receiving_region,
            (SELECT d.region FROM service_affair.bundle b JOIN service_affair.department d ON d.code = b.lead_department
              WHERE b.code = resolve_competence.service));
        -- at a point, every item of the bundle must accept its level, as a
        -- single item must (until 2026-12-03 a bundle was taken at any point)
        IF p.code IS NOT NULL THEN
            SELECT x.code, x.accepting_levels INTO i
              FROM service_affair.bundle_item bi JOIN service_affair.item x ON x.code = bi.item
             WHERE bi.bundle = resolve_competence.service AND NOT p.level OPERATOR(pg_catalog.=) ANY (x.accepting_levels)
             ORDER BY x.code LIMIT 1;
            IF FOUND THEN
                RAISE EXCEPTION 'bundle % is not accepted at % points', service, p.level
                    USING ERRCODE = 'invalid_parameter_value',
                          DETAIL = pg_catalog.format('Item %s of bundle %s is accepted at %s points; point %s is a %s point.',
                                                     i.code, service, COALESCE(NULLIF(pg_catalog.array_to_string(i.accepting_levels, ', '), ''), 'no'),
                                                     p.code, p.level);
            END IF;
            -- ... and have the point within its 通办 scope of its own
            -- department's region, which handles it (until 2026-12-05 a
            -- bundle of items of scope none was taken at a point of any
            -- region, each of its items alone being 22023 there; a review)
            SELECT x.code, x.tongban_scope, d.region INTO i
              FROM service_affair.bundle_item bi JOIN service_affair.item x ON x.code = bi.item
              JOIN service_affair.department d ON d.code = x.department
             WHERE bi.bundle = resolve_competence.service
               AND (CASE WHEN p.region = d.region THEN 6
                         WHEN pg_catalog.left(p.region, 4) = pg_catalog.left(d.region, 4) THEN 4
                         WHEN pg_catalog.left(p.region, 2) = pg_catalog.left(d.region, 2) THEN 2 ELSE 0 END)
                   < (CASE x.tongban_scope WHEN 'national' THEN 0 WHEN 'province' THEN 2 WHEN 'city' THEN 4 ELSE 6 END)
             ORDER BY x.code LIMIT 1;
            IF FOUND THEN
                RAISE EXCEPTION 'point % is outside the 通办 scope of bundle %', p.code, service
                    USING ERRCODE = 'invalid_parameter_value',
                          DETAIL = pg_catalog.format('Item %s of bundle %s (competent region %s) has 通办 scope %s; point %s lies in region %s.',
                                                     i.code, service, COALESCE(i.region, 'none'), i.tongban_scope,
                                                     p.code, p.region);
            END IF;
        END IF;
        RETURN;
    END IF;
    IF i.basic_code IS NULL THEN
        competent_region := i.dept_region;
    ELSE
        rule := i.competence;
        competent_region := CASE rule
            WHEN 'receiving' THEN receiving_region
            WHEN 'property' THEN location_region
            ELSE (SELECT a.region FROM service_affair.applicant a WHERE a.id = resolve_competence.applicant) END;
        IF competent_region IS NULL THEN
            RAISE EXCEPTION 'no region to resolve the competence of item %', service
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = CASE WHEN rule = 'property'
                                    THEN pg_catalog.format('Item %s is handled where the property lies; location_region must be given.', service)
                                    ELSE pg_catalog.format('Item %s is handled in the applicant''s region, which is not known.', service) END;
        END IF;
        -- the item itself when its department lies there, else the one
        -- implementing its basic code there.  Until 2026-12-04 the
        -- implementation came first: a department that gave its item
        -- another department's basic code (its own catalog change, reviewed
        -- by its own reviewers) had its submissions in its own region filed
        -- as that department's cases, with that item's materials, while its
        -- public guide listed its own (a review)
        -- The implementation row must name an item that implements the code
        -- there: of the same basic code, of a department of that region.
        -- item_implementation is written apart from the items (and a
        -- department's region, an item's code or department may change
        -- after): until 2026-12-07 whatever item the row named handled the
        -- case, so that a row naming Xiangshan's residence certificate as
        -- Ninghai's business change filed a Ninghai company's change as a
        -- Xiangshan residence case, competent region 330226 and handling
        -- department one of 330225 (a review; tongban_implementation.sql)
        IF i.dept_region = competent_region THEN
            item := i.code;
        ELSE
            SELECT m.item, x.basic_code, d.region INTO item, impl_code, impl_region
              FROM service_affair.item_implementation m
              JOIN service_affair.item x ON x.code = m.item
              LEFT JOIN service_affair.department d ON d.code = x.department
             WHERE m.basic_code = i.basic_code AND m.region = competent_region;
            IF item IS NOT NULL AND (impl_code IS DISTINCT FROM i.basic_code OR impl_region IS DISTINCT FROM competent_region) THEN
                RAISE EXCEPTION 'no competent office in region %', service_affair.printable(pg_catalog.left(competent_region, 64))
                    USING ERRCODE = 'foreign_key_violation',
                          DETAIL = pg_catalog.format('Item %s, which item_implementation names for basic code %s (item %s) in region %s, has basic code %s and lies in region %s: it does not implement the code there.',
                                                     item, i.basic_code, service, service_affair.printable(pg_catalog.left(competent_region, 64)),
                                                     COALESCE(impl_code, 'none'), COALESCE(impl_region, 'none'));
            END IF;
        END IF;
        IF item IS NULL THEN
            RAISE EXCEPTION 'no competent office in region %', service_affair.printable(pg_catalog.left(competent_region, 64))
                USING ERRCODE = 'foreign_key_violation',
                      DETAIL = pg_catalog.format('No item implements basic code %s (item %s) in region %s.',
                                                 i.basic_code, service, service_affair.printable(pg_catalog.left(competent_region, 64)));
        END IF;
    END IF;
    -- (an empty accepting_levels, an item taken at no point: the details say
    -- "accepted at no points"; until 2026-12-07 "accepted at  points")
    -- the point levels and the 通办 scope (how far the receiving point may
    -- lie from the competent region) of the item that handles the case.
    -- Until 2026-12-05 the levels were those of the item asked for: the same
    -- case, asked for by the code of another region's implementation, was
    -- taken at a point its handling item does not accept (a review)
    IF p.code IS NOT NULL THEN
        SELECT x.tongban_scope, x.accepting_levels INTO scope, levels FROM service_affair.item x WHERE x.code = resolve_competence.item;
        IF NOT p.level OPERATOR(pg_catalog.=) ANY (levels) THEN
            RAISE EXCEPTION 'item % is not accepted at % points', item, p.level
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = pg_catalog.format('Item %s%s is accepted at %s points (通办 scope %s); point %s is a %s point.',
                                                 item, CASE WHEN item IS DISTINCT FROM service
                                                            THEN pg_catalog.format(' (handling %s in region %s)', service, competent_region) ELSE '' END,
                                                 COALESCE(NULLIF(pg_catalog.array_to_string(levels, ', '), ''), 'no'), scope, p.code, p.level);
        END IF;
        same := CASE WHEN p.region = competent_region THEN 6
                     WHEN pg_catalog.left(p.region, 4) = pg_catalog.left(competent_region, 4) THEN 4
                     WHEN pg_catalog.left(p.region, 2) = pg_catalog.left(competent_region, 2) THEN 2 ELSE 0 END;
        IF same < (CASE scope WHEN 'national' THEN 0 WHEN 'province' THEN 2 WHEN 'city' THEN 4 ELSE 6 END) THEN
            RAISE EXCEPTION 'point % is outside the 通办 scope of item %', p.code, item
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = pg_catalog.format('Item %s (competent region %s) has 通办 scope %s; point %s lies in region %s.',
                                                 item, competent_region, scope,
                                                 p.code, p.region);
        END IF;
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.resolve_competence(text, bigint, text, text, text) IS
  'Internal: the handling item, receiving region, competent region and rule of a submission (23503 unknown point or no implementation in the competent region, or an implementation row naming an item of another basic code or region; 22023 a point level the item (or an item of the bundle) does not accept, a point outside its 通办 scope (or that of an item of the bundle, from its department''s region), a region that contradicts the point, a property item without location_region)';
REVOKE EXECUTE ON FUNCTION service_affair.resolve_competence(text, bigint, text, text, text) FROM PUBLIC;

-- Internal: the agent presenting this resident id, checked against the place.
CREATE FUNCTION service_affair.agent_for(identifier text, point text, receiving_region text) RETURNS bigint
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    g service_affair.agent;
    admin boolean;
BEGIN
    -- Only administrators read the table of agents.  Anyone else is told
    -- the same for every resident id that is no active agent acting at the
    -- place (unknown, inactive, or of another region or point), naming only
    -- what the caller gave (the resident id, masked; the point) and the
    -- region it receives in: until 2026-12-08 a clerk of any region told a
    -- registered agent from anyone else (23503 against 22023) and read the
    -- agent's id, region and point in the detail, unlogged (a hostile read;
    -- detail_privacy.sql).
    admin := service_affair.acts_as('admin');
    SELECT * INTO g FROM service_affair.agent a
     WHERE a.resident_id OPERATOR(service_affair.=) identifier::service_affair.resident_id;
    IF (NOT FOUND OR NOT g.active) AND admin THEN
        RAISE EXCEPTION 'unknown agent'
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No active agent has resident id %s.', service_affair.mask_identifier(identifier));
    END IF;
    -- IS DISTINCT FROM: a receiving region not known (a bundle before
    -- 2026-12-03) let an agent of any region through
    IF g.id IS NULL OR NOT g.active
       OR g.region IS DISTINCT FROM receiving_region
       OR (g.point IS NOT NULL AND point IS DISTINCT FROM g.point
           -- a point anywhere under the agent's (until 2026-12-05 its
           -- children only: a town's 代办员 could not act at a village point
           -- under a community point of the town; a review).  UNION: a cycle
           -- of parents ends the walk
           AND NOT EXISTS (WITH RECURSIVE up(code) AS (
                               SELECT p.parent FROM service_affair.service_point p
                                WHERE p.code = agent_for.point AND p.parent IS NOT NULL
                               UNION
                               SELECT p.parent FROM service_affair.service_point p JOIN up ON p.code = up.code
                                WHERE p.parent IS NOT NULL)
                           SELECT FROM up WHERE up.code = g.point)) THEN
        IF NOT admin THEN
            RAISE EXCEPTION 'no agent acts here with this resident id'
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = pg_catalog.format('No active agent with resident id %s acts in region %s at point %s.',
                                                 service_affair.mask_identifier(identifier), COALESCE(receiving_region, 'none'),
                                                 COALESCE(service_affair.printable(point), 'none'));
        END IF;
        RAISE EXCEPTION 'agent % does not act here', g.id
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Agent %s acts in region %s%s; the case is received in region %s at point %s.',
                                             g.id, g.region, COALESCE(' at point ' || g.point || ' and the points under it', ''),
                                             receiving_region, COALESCE(point, 'none'));
    END IF;
    RETURN g.id;
END
$$;
COMMENT ON FUNCTION service_affair.agent_for(text, text, text) IS
  'Internal: the id of the active agent with this resident id, acting in the receiving region and at its point or any point under it, at any depth; to an administrator 23503 no active agent (masked), 22023 one acting elsewhere (its id, region and point); to anyone else the same 22023 for both, naming the resident id masked, the receiving region and the point only';
REVOKE EXECUTE ON FUNCTION service_affair.agent_for(text, text, text) FROM PUBLIC;

-- Internal: record on a new case where it was received and why its office is
-- competent (submit(text, ...)); opens the forward leg through case_legs().
CREATE FUNCTION service_affair.record_place(case_id bigint, point text, agent bigint,
    competent_region text, rule text) RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- the submission's visit, counted again with the point and the agent;
    -- when that is fewer (an agent, a mobile unit: none), a returned case
    -- takes it off visits_before_acceptance too, where case_visit_phase()
    -- put the visit submit() counted first (until 2026-12-03 it stayed
    -- there: more visits before acceptance than in all)
    UPDATE service_affair.cases c
       SET receiving_point = point, agent = record_place.agent,
           competent_region = COALESCE(record_place.competent_region, c.competent_region),
           competence_rule = rule,
           visits = v.n,
           visits_before_acceptance = CASE WHEN c.accepted_at IS NULL AND v.n < c.visits
                                           THEN GREATEST(c.visits_before_acceptance - (c.visits - v.n), 0)
                                           ELSE c.visits_before_acceptance END
      FROM (SELECT service_affair.visit_count(x.channel, record_place.point, record_place.agent IS NOT NULL) AS n
              FROM service_affair.cases x WHERE x.id = record_place.case_id AND NOT x.settled) v
     WHERE c.id = record_place.case_id AND NOT c.settled;
END
$$;
COMMENT ON FUNCTION service_affair.record_place(bigint, text, bigint, text, text) IS
  'Internal: records the receiving point, agent, competent region and rule of a case just submitted, and its submission visit by visit_count()';
REVOKE EXECUTE ON FUNCTION service_affair.record_place(bigint, text, bigint, text, text) FROM PUBLIC;

-- Internal: 42501 unless the caller may record the originals of the case:
-- the handling side only.  An administrator; a reviewer of its handling
-- department; a clerk of its competent region who works at the handling
-- office (posted nowhere, or posted to a point whose cases that office
-- handles without forwarding: the county centre of the competent region or
-- a kiosk in it) and did not send the originals (the actor of the event
-- forwarded).  Until 2026-12-05 every clerk of the competent region
-- passed: a clerk of the sending point (a town centre of the same county)
-- recorded as received at the handling office the originals it had just
-- sent (a review).  A NULL row (no such case) is refused as another's, in
-- the same words, except to administrators.
CREATE FUNCTION service_affair.originals_require(c service_affair.cases, case_id bigint) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    posts text[];
BEGIN
    IF service_affair.may_act(NULL, NULL) THEN
        RETURN;
    END IF;
    -- COALESCE: a case of a department without a region has no competent
    -- region, and NULL = ANY (...) is NULL, which IF NOT took for a pass
    IF c.id IS NOT NULL AND COALESCE(service_affair.may_act('reviewer', c.handling_department), false) THEN
        RETURN;
    END IF;
    IF c.id IS NOT NULL AND COALESCE(c.competent_region OPERATOR(pg_catalog.=) ANY (service_affair.my_regions('clerk')), false) THEN
        posts := service_affair.my_points();
        IF (pg_catalog.cardinality(posts) = 0
            OR EXISTS (SELECT FROM pg_catalog.unnest(posts) p(code)
                        WHERE NOT service_affair.handled_elsewhere(p.code, c.competent_region)))
           AND NOT EXISTS (SELECT FROM service_affair.case_event e
                            WHERE e.case_id = c.id AND e.settled = c.settled AND e.kind = 'forwarded'
                              AND e.actor = service_affair.actor()) THEN
            RETURN;
        END IF;
    END IF;
    RAISE EXCEPTION 'permission denied for case %', case_id
        USING ERRCODE = 'insufficient_privilege',
              DETAIL = pg_catalog.format('Role %s may not record the originals of case %s, if there is one: the reviewers of its handling department and the clerks of its competent region at the handling office (not those who sent them) do.',
                                         pg_catalog.quote_ident(service_affair.actor()), case_id);
END
$$;
COMMENT ON FUNCTION service_affair.originals_require(service_affair.cases, bigint) IS
  'Internal: raises 42501 unless the caller may record the originals of the case (receive_originals()): an administrator, a reviewer of its handling department, or a clerk of its competent region working at the handling office (posted nowhere, or to its county centre or a kiosk in it) who did not forward them; a NULL row (unknown case) administrators only, in the same words as another''s';
REVOKE EXECUTE ON FUNCTION service_affair.originals_require(service_affair.cases, bigint) FROM PUBLIC;

-- The handling office acknowledges the originals (the forward leg ends).
CREATE FUNCTION service_affair.receive_originals(case_id bigint, at timestamptz DEFAULT pg_catalog.now())
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c service_affair.cases;
    l service_affair.case_leg;
BEGIN
    -- the right before any lock, on the case read without one (the open
    -- case, then the history), and an unknown case refused as another's
    -- (administrators: 23503).  Until 2026-12-05 the case was locked first:
    -- any role holding EXECUTE learned from 23503 and 55000 which cases
    -- existed and were settled, and held other offices' cases locked until
    -- it ended (a review)
    SELECT * INTO c FROM service_affair.cases x WHERE x.id = receive_originals.case_id AND NOT x.settled;
    IF NOT FOUND THEN
        SELECT * INTO c FROM service_affair.settled_case(receive_originals.case_id) x;  -- its month only (63_settle.sql)
    END IF;
    IF c.id IS NULL THEN
        PERFORM service_affair.refuse_null_id('case id', case_id);  -- 22023 (06_arguments.sql)
    END IF;
    PERFORM service_affair.originals_require(c, case_id);  -- 42501
    PERFORM service_affair.check_case_args(at);
    PERFORM service_affair.refuse_future_outcome(at, 'at');  -- 22023: the originals have arrived (56_credit.sql)
    c := service_affair.lock_open_case(receive_originals.case_id);  -- 55000 settled, 23503 unknown (40_cases.sql)
    PERFORM service_affair.originals_require(c, case_id);  -- 42501: asked again of the locked case
    -- a withdrawn or revoked case waits for nothing (leg_sla_sweep() and
    -- leg_recompute_dues() leave its legs alone): until 2026-12-04 its
    -- originals were received all the same, after the withdrawal, and
    -- counted on time in the 通办 views (a review)
    IF c.status IN ('withdrawn', 'revoked') THEN
        RAISE EXCEPTION 'case % is %: its originals are not awaited', c.id, c.status
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('Case %s was %s; its forward leg waits for nothing.', c.id, c.status);
    END IF;
    -- the originals are awaited until the result is delivered (case_legs()
    -- closes a forward leg still open then, as not received): until
    -- 2026-12-05 they were received after the delivery too, on time when
    -- backdated (a review).  Before the delivery a late arrival is
    -- recorded, as late, also after the conclusion (a case approved on
    -- commitment is concluded before its originals can arrive)
    IF c.delivered_at IS NOT NULL THEN
        RAISE EXCEPTION 'case % is delivered: its originals are not awaited', c.id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('Case %s is %s and its result was delivered at %s: its originals can no longer arrive (its forward leg was closed as not received at the delivery).',
                                             c.id, c.status, c.delivered_at);
    END IF;
    SELECT * INTO l FROM service_affair.case_leg x WHERE x.case_id = c.id AND NOT x.settled AND x.leg = 'forward' FOR UPDATE;
    IF NOT FOUND OR l.done_at IS NOT NULL THEN
        RAISE EXCEPTION 'case % has no originals on the way', c.id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  -- a returned case received elsewhere sends its originals
                  -- once accepted (until 2026-12-05 the detail said it was
                  -- not received away from its office; a review)
                  DETAIL = CASE WHEN FOUND THEN pg_catalog.format('The originals of case %s were received at %s.', c.id, l.done_at)
                                WHEN c.status = 'returned' AND service_affair.originals_forwarded(c.receiving_point, c.competent_region, c.channel)
                                THEN pg_catalog.format('Case %s is returned, not accepted: its originals are forwarded from point %s once it is.',
                                                       c.id, c.receiving_point)
                                -- a free-standing kiosk, an online submission: no leg
                                WHEN service_affair.handled_elsewhere(c.receiving_point, c.competent_region)
                                THEN pg_catalog.format('Case %s was received at point %s through channel %s: no originals are sent from there (a free-standing kiosk, or a submission online or by app).',
                                                       c.id, c.receiving_point, c.channel)
                                ELSE pg_catalog.format('Case %s was not received away from its handling office.', c.id) END;
    END IF;
    PERFORM service_affair.require_not_before(c.id, at, l.opened_at, 'forwarding');
    UPDATE service_affair.case_leg x SET done_at = at, done_by = service_affair.actor()
     WHERE x.case_id = c.id AND NOT x.settled AND x.leg = 'forward';
    INSERT INTO service_affair.case_event (case_id, at, kind, from_status, to_status, detail)
    VALUES (c.id, at, 'originals_received', c.status, c.status,
            pg_catalog.jsonb_build_object('department', c.handling_department, 'due', l.due,
                                          'on_time', service_affair.local_day(at, l.calendar) <= l.due));
END
$$;
COMMENT ON FUNCTION service_affair.receive_originals(bigint, timestamptz) IS
  'The handling office records that the forwarded originals of a case arrived (代收代办): reviewers of the handling department or clerks of the competent region at the handling office who did not send them (42501 otherwise, and for a clerk when the case has no competent region; decided before anything is locked, and alike for an unknown case except to administrators, who get 23503); 55000 when nothing is on the way, the case is withdrawn or revoked, or its result was delivered (the forward leg closed then as not received); an arrival after the due or the conclusion is recorded as late';
REVOKE EXECUTE ON FUNCTION service_affair.receive_originals(bigint, timestamptz) FROM PUBLIC;

-- The steps the staff of a case's receiving point take at its window
-- (supplement(), withdraw(), record_visit(), deliver(), through
-- lock_case()): the clerks of the case's region (require_case()) and, while
-- the point has business with the case, the point's staff
-- (point_clerk_serves(), 34_network.sql: the rule that gives them the
-- applicant, require_case_worker()).  Until 2026-12-05 the steps admitted
-- the region's clerks only: a clerk posted to the point whose department
-- lies in a third region read the applicant and recorded the result's
-- arrival (receive_result()) but could not hand the result over, take a
-- supplement or a withdrawal at its own window, while a clerk of the region
-- posted to another point could (a review; tongban_point_steps.sql).  A
-- refusal is the decision of require_case() told in words of its own,
-- which name the point's staff too, the same for every case and for an
-- unknown number (until 2026-12-06 require_case()'s, which named the
-- region's clerks only, a review; access_case_oracle.sql).  The decision is
-- asked as a boolean (region_clerk_serves()) and the refusal raised once:
-- until 2026-12-06 require_case()'s error was caught and raised again in
-- other words, an EXCEPTION block that set up a subtransaction at every
-- step of a clerk of the region (a review; access_case_no_subxact.sql).
CREATE FUNCTION service_affair.require_case_step(case_id bigint) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c record;
BEGIN
    -- open cases only: a settled case has no business at the point
    SELECT x.receiving_point, x.settled, x.delivered_at, x.status INTO c
      FROM service_affair.cases x WHERE x.id = require_case_step.case_id AND NOT x.settled;
    IF FOUND AND c.receiving_point IS NOT NULL
       AND service_affair.point_clerk_serves(c.receiving_point, c.settled, c.delivered_at, c.status) THEN
        RETURN;
    END IF;
    -- an administrator or the region's clerks: require_case()'s decision,
    -- asked as a boolean (region_clerk_serves(), 05_org.sql)
    IF service_affair.region_clerk_serves(require_case_step.case_id) THEN
        RETURN;
    END IF;
    -- the refusal names every staff the steps admit, never the case's
    -- region, point or state
    RAISE EXCEPTION 'permission denied for case %', COALESCE(require_case_step.case_id::text, 'NULL')
        USING ERRCODE = 'insufficient_privilege',
              DETAIL = pg_catalog.format('Role %s may not act on case %s, if there is one: administrators, the clerks of the region where it was submitted and, until its result is delivered, the staff of the point where it was received do.',
                                         pg_catalog.quote_ident(service_affair.actor()), COALESCE(require_case_step.case_id::text, 'NULL'));
END
$$;
COMMENT ON FUNCTION service_affair.require_case_step(bigint) IS
  'Internal: raises 42501 unless the caller may take a step of the case at a window (lock_case(): supplement(), withdraw(), record_visit(), deliver()): an administrator, a clerk of the region where it was submitted (region_clerk_serves(), the decision of require_case()) or of the staff of its receiving point while the point has business with it (point_clerk_serves(): until its result is delivered, the case withdrawn, revoked or settled); the refusal names both, in the same words for every case and an unknown one';
REVOKE EXECUTE ON FUNCTION service_affair.require_case_step(bigint) FROM PUBLIC;

-- Internal: 42501 unless the caller may record that the result of the case
-- arrived at its receiving point: an administrator, or the staff of that
-- point while it has business with the case, by the one rule of the point's
-- clerk (point_clerk_serves(), 34_network.sql: may_act_at() and
-- point_business(), the rule of its applicant and of its other steps at the
-- window).  Until 2026-12-06 this asked may_act_at() alone, a second home
-- of the rule: the point's clerk was told 55000 for a delivered, withdrawn,
-- revoked or settled case, whose applicant and steps point_clerk_serves()
-- refused it (a review; tongban_result_arrival.sql).  Whether the state
-- suits this step (concluded, the result on the way) stays receive_result()'s
-- 55000.  A NULL row (no such case) and a case received at no point are
-- refused as another's, in the same words, except to administrators.  The
-- refusal names who may, as the other steps' refusals do (require_case_step()):
-- until 2026-12-06 it said "the staff of its receiving point do", not that
-- they may only until the result is delivered, nor administrators (a review).
CREATE FUNCTION service_affair.result_require(c service_affair.cases, case_id bigint) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF service_affair.may_act(NULL, NULL) THEN
        RETURN;
    END IF;
    -- a case received at no point has no point's staff (point_business())
    IF c.id IS NOT NULL
       AND service_affair.point_clerk_serves(c.receiving_point, c.settled, c.delivered_at, c.status) THEN
        RETURN;
    END IF;
    RAISE EXCEPTION 'permission denied for case %', case_id
        USING ERRCODE = 'insufficient_privilege',
              DETAIL = pg_catalog.format('Role %s may not record the arrival of the result of case %s, if there is one: administrators and, until its result is delivered, the staff of the point where it was received do.',
                                         pg_catalog.quote_ident(service_affair.actor()), case_id);
END
$$;
COMMENT ON FUNCTION service_affair.result_require(service_affair.cases, bigint) IS
  'Internal: raises 42501 unless the caller may record the arrival of the result of the case at its receiving point (receive_result()): an administrator, or the staff of the point while it has business with the case (point_clerk_serves(), the one rule of the point''s clerk: a clerk posted to it, a clerk of its region posted nowhere, until the result is delivered, the case withdrawn, revoked or settled); a NULL row (unknown case) administrators only, in the same words as another''s';
REVOKE EXECUTE ON FUNCTION service_affair.result_require(service_affair.cases, bigint) FROM PUBLIC;

-- The receiving point records that the result came back (代收代办): the
-- return leg ends at the arrival, so that its time limit does not count
-- the applicant's own delay in collecting; the delivery stays a step of its
-- own (deliver()).  A return leg whose arrival nobody recorded ends at the
-- delivery, as before.  Until 2026-12-05 there was no such step: the return
-- leg ran from the conclusion to the delivery, and case_progress() could
-- not tell the applicant that the result was waiting at the point (a
-- review).
CREATE FUNCTION service_affair.receive_result(case_id bigint, at timestamptz DEFAULT pg_catalog.now())
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c service_affair.cases;
    l service_affair.case_leg;
BEGIN
    -- the right before any lock, on the case read without one, an unknown
    -- case refused as another's (as receive_originals())
    SELECT * INTO c FROM service_affair.cases x WHERE x.id = receive_result.case_id AND NOT x.settled;
    IF NOT FOUND THEN
        SELECT * INTO c FROM service_affair.settled_case(receive_result.case_id) x;  -- its month only (63_settle.sql)
    END IF;
    IF c.id IS NULL THEN
        PERFORM service_affair.refuse_null_id('case id', case_id);  -- 22023 (06_arguments.sql)
    END IF;
    PERFORM service_affair.result_require(c, case_id);  -- 42501
    PERFORM service_affair.check_case_args(at);
    PERFORM service_affair.refuse_future_outcome(at, 'at');  -- 22023: the result has arrived (56_credit.sql)
    c := service_affair.lock_open_case(receive_result.case_id);  -- 55000 settled, 23503 unknown (40_cases.sql)
    PERFORM service_affair.result_require(c, case_id);  -- 42501: asked again of the locked case
    IF c.status IN ('withdrawn', 'revoked') THEN
        RAISE EXCEPTION 'case % is %: its result is not awaited', c.id, c.status
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('Case %s was %s; its return leg waits for nothing.', c.id, c.status);
    END IF;
    IF c.delivered_at IS NOT NULL THEN
        RAISE EXCEPTION 'case % is delivered', c.id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('Case %s is %s and its result was delivered at %s.', c.id, c.status, c.delivered_at);
    END IF;
    SELECT * INTO l FROM service_affair.case_leg x WHERE x.case_id = c.id AND NOT x.settled AND x.leg = 'return' FOR UPDATE;
    IF NOT FOUND OR l.done_at IS NOT NULL THEN
        RAISE EXCEPTION 'case % has no result on the way', c.id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = CASE WHEN FOUND THEN pg_catalog.format('The result of case %s arrived at point %s at %s.', c.id, l.point, l.done_at)
                                -- the result comes back once the case is concluded
                                WHEN EXISTS (SELECT FROM service_affair.case_leg x WHERE x.case_id = c.id AND NOT x.settled AND x.leg = 'forward')
                                     OR (c.status = 'returned' AND service_affair.originals_forwarded(c.receiving_point, c.competent_region, c.channel))
                                THEN pg_catalog.format('Case %s is %s, not concluded: its result comes back to point %s once it is.',
                                                       c.id, c.status, c.receiving_point)
                                ELSE pg_catalog.format('No result of case %s comes back to a point: it was handled where it was received, or no originals were sent from there.', c.id) END;
    END IF;
    PERFORM service_affair.require_not_before(c.id, at, l.opened_at, 'conclusion');  -- 22023
    UPDATE service_affair.case_leg x SET done_at = at, done_by = service_affair.actor()
     WHERE x.case_id = c.id AND NOT x.settled AND x.leg = 'return';
    INSERT INTO service_affair.case_event (case_id, at, kind, from_status, to_status, detail)
    VALUES (c.id, at, 'result_received', c.status, c.status,
            pg_catalog.jsonb_build_object('point', l.point, 'due', l.due,
                                          'on_time', service_affair.local_day(at, l.calendar) <= l.due));
END
$$;
COMMENT ON FUNCTION service_affair.receive_result(bigint, timestamptz) IS
  'The receiving point records that the result of a case came back from the handling office (代收代办): the return leg ends then (its time limit no longer counts the applicant''s delay in collecting; deliver() stays its own step), event result_received with on_time; an administrator or the staff of the point while it has business with the case (point_clerk_serves(): a clerk posted to it, a clerk of its region posted nowhere, until the result is delivered, the case withdrawn, revoked or settled; 42501 otherwise, decided before anything is locked and alike for an unknown case except to administrators, who get 23503); 55000 when no result is on the way (not concluded yet, arrived already, no return leg), and to administrators when the case is delivered, withdrawn, revoked or settled; 22023 before the conclusion or in the future';
REVOKE EXECUTE ON FUNCTION service_affair.receive_result(bigint, timestamptz) FROM PUBLIC;

-- ---- who sees a case received for another region ---------------------------------------
-- Clerks see the cases received in their regions (cases_clerk, 90_access.sql);
-- the clerks of the competent region and those posted to the receiving point
-- see them too.  A clerk of neither sees neither the case nor its applicant.
CREATE FUNCTION service_affair.my_clerk_regions() RETURNS text[]
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN service_affair.my_regions('clerk');
END
$$;
COMMENT ON FUNCTION service_affair.my_clerk_regions() IS
  'my_regions(''clerk'') for the policies of 通办 (a PL/pgSQL call, so that the policies do not pin my_regions())';

CREATE POLICY cases_clerk_tongban ON service_affair.cases FOR SELECT
    USING ((competent_region = ANY ((SELECT service_affair.my_clerk_regions())::text[])
            AND (receiving_point IS NOT NULL OR competence_rule IS NOT NULL))
           OR receiving_point = ANY ((SELECT service_affair.my_points())::text[]));
COMMENT ON POLICY cases_clerk_tongban ON service_affair.cases IS
  'Clerks also see the cases received at a point or resolved by a competence rule that their region is competent for, and those received at the points they are posted to';

ALTER TABLE service_affair.case_leg ENABLE ROW LEVEL SECURITY;
CREATE POLICY case_leg_visible ON service_affair.case_leg FOR SELECT
    USING (EXISTS (SELECT 1 FROM service_affair.cases c WHERE c.id = case_leg.case_id));
COMMENT ON POLICY case_leg_visible ON service_affair.case_leg IS 'Legs of the cases the caller sees';

-- ---- 通办 and 就近办 figures ---------------------------------------------------------------
-- One row per case received at a point: its kind of contact (visit_kind of
-- the applicant's channel there, agents aside) and its forwarding.
CREATE VIEW service_affair.tongban_cases AS
SELECT c.id AS case_id, c.receiving_point AS point, p.level, c.region AS receiving_region,
       c.handling_department, c.competent_region, c.competence_rule, c.agent IS NOT NULL AS by_agent,
       i.tongban_scope,
       service_affair.visit_kind(c.channel, p.level, q.level, false) = 'nearby' AS nearby,
       l.case_id IS NOT NULL AS forwarded,
       l.due AS forward_due,
       -- a leg closed by the delivery as not received (case_legs()) is not on time
       CASE WHEN l.done_at IS NOT NULL THEN NOT l.not_received AND service_affair.local_day(l.done_at, l.calendar) <= l.due END AS forward_on_time,
       service_affair.local_day(c.submitted_at, c.calendar) AS day
  FROM service_affair.cases c
  JOIN service_affair.service_point p ON p.code = c.receiving_point
  LEFT JOIN service_affair.service_point q ON q.code = p.parent
  LEFT JOIN service_affair.item i ON i.code = c.item
  -- a case's forward leg, read so that the planner knows it is one at
  -- most: case_leg is a partitioned parent, whose partitions' keys
  -- PostgreSQL 15 does not use to drop a join no column is read from, and
  -- a query of the points alone built a hash of every forward leg and
  -- probed it with every case (doc/benchmarks-tongban.md)
  LEFT JOIN (SELECT DISTINCT ON (x.case_id) x.case_id, x.due, x.done_at, x.calendar, x.not_received
               FROM service_affair.case_leg x WHERE x.leg = 'forward') l ON l.case_id = c.id
 WHERE c.receiving_point IS NOT NULL;
COMMENT ON VIEW service_affair.tongban_cases IS
  'Every case received at a service point: where, who handles it, whether it was 就近办 and forwarded (代收代办), and whether the originals arrived on time; no applicant data';
COMMENT ON COLUMN service_affair.tongban_cases.case_id IS 'The case';
COMMENT ON COLUMN service_affair.tongban_cases.point IS 'Receiving point';
COMMENT ON COLUMN service_affair.tongban_cases.level IS 'Level of the receiving point';
COMMENT ON COLUMN service_affair.tongban_cases.receiving_region IS 'Region where it was received (cases.region)';
COMMENT ON COLUMN service_affair.tongban_cases.handling_department IS 'Handling department';
COMMENT ON COLUMN service_affair.tongban_cases.competent_region IS 'Competent region';
COMMENT ON COLUMN service_affair.tongban_cases.competence_rule IS 'Rule that resolved it';
COMMENT ON COLUMN service_affair.tongban_cases.by_agent IS 'Whether an agent acted for the applicant';
COMMENT ON COLUMN service_affair.tongban_cases.tongban_scope IS 'The item''s 通办 scope (NULL for a bundle)';
COMMENT ON COLUMN service_affair.tongban_cases.nearby IS 'Received at a town, village or bank point, or a kiosk in one (就近办)';
COMMENT ON COLUMN service_affair.tongban_cases.forwarded IS 'Handled elsewhere: originals forwarded (代收代办, 通办)';
COMMENT ON COLUMN service_affair.tongban_cases.forward_due IS 'Due date of the forwarding';
COMMENT ON COLUMN service_affair.tongban_cases.forward_on_time IS 'Originals received on or before their due date; false when received later or never (the leg closed by the delivery as not received); NULL while on the way or not forwarded';
COMMENT ON COLUMN service_affair.tongban_cases.day IS 'Calendar-local day of submission';

CREATE VIEW service_affair.tongban_by_point AS
SELECT t.point, p.name, t.level, p.region, p.town_code,
       pg_catalog.count(*) AS received,
       pg_catalog.count(*) FILTER (WHERE t.forwarded) AS tongban,
       pg_catalog.count(*) FILTER (WHERE t.receiving_region <> t.competent_region) AS other_region,
       pg_catalog.count(*) FILTER (WHERE t.nearby) AS nearby,
       pg_catalog.count(*) FILTER (WHERE t.by_agent) AS by_agent,
       pg_catalog.count(*) FILTER (WHERE t.forward_on_time) AS forward_on_time,
       pg_catalog.count(*) FILTER (WHERE NOT t.forward_on_time) AS forward_late,
       pg_catalog.round(pg_catalog.count(*) FILTER (WHERE t.forward_on_time)::numeric
                        / NULLIF(pg_catalog.count(*) FILTER (WHERE t.forward_on_time IS NOT NULL), 0), 4) AS forward_on_time_rate
  FROM service_affair.tongban_cases t JOIN service_affair.service_point p ON p.code = t.point
 GROUP BY t.point, p.name, t.level, p.region, p.town_code;
COMMENT ON VIEW service_affair.tongban_by_point IS
  'Per receiving point: cases received, 通办 (forwarded to an office elsewhere), from another region, 就近办, brought by agents, and forwarding on time';
COMMENT ON COLUMN service_affair.tongban_by_point.point IS 'Receiving point';
COMMENT ON COLUMN service_affair.tongban_by_point.name IS 'Its name';
COMMENT ON COLUMN service_affair.tongban_by_point.level IS 'Its level';
COMMENT ON COLUMN service_affair.tongban_by_point.region IS 'Its region';
COMMENT ON COLUMN service_affair.tongban_by_point.town_code IS 'Its town or village code';
COMMENT ON COLUMN service_affair.tongban_by_point.received IS 'Cases received there';
COMMENT ON COLUMN service_affair.tongban_by_point.tongban IS 'Of which handled by an office elsewhere (originals forwarded)';
COMMENT ON COLUMN service_affair.tongban_by_point.other_region IS 'Of which competent in another region (异地受理)';
COMMENT ON COLUMN service_affair.tongban_by_point.nearby IS 'Of which 就近办 (town, village or bank level)';
COMMENT ON COLUMN service_affair.tongban_by_point.by_agent IS 'Of which brought by an agent';
COMMENT ON COLUMN service_affair.tongban_by_point.forward_on_time IS 'Forwardings received on time';
COMMENT ON COLUMN service_affair.tongban_by_point.forward_late IS 'Forwardings received late, or never (closed as not received at the delivery of the result)';
COMMENT ON COLUMN service_affair.tongban_by_point.forward_on_time_rate IS 'forward_on_time / forwardings done (received, or closed as not received at the delivery); NULL when none is done';

CREATE VIEW service_affair.tongban_by_office AS
SELECT t.handling_department AS department, d.name, t.competent_region AS region,
       pg_catalog.count(*) AS received_at_points,
       pg_catalog.count(*) FILTER (WHERE t.forwarded) AS tongban,
       pg_catalog.count(*) FILTER (WHERE t.receiving_region <> t.competent_region) AS other_region,
       pg_catalog.count(*) FILTER (WHERE t.nearby) AS nearby,
       pg_catalog.round(pg_catalog.count(*) FILTER (WHERE t.nearby)::numeric / pg_catalog.count(*), 4) AS nearby_share,
       pg_catalog.count(*) FILTER (WHERE t.forward_on_time) AS forward_on_time,
       pg_catalog.count(*) FILTER (WHERE NOT t.forward_on_time) AS forward_late
  FROM service_affair.tongban_cases t JOIN service_affair.department d ON d.code = t.handling_department
 GROUP BY t.handling_department, d.name, t.competent_region;
COMMENT ON VIEW service_affair.tongban_by_office IS
  'Per handling department: cases received at points, 通办 among them, from another region, 就近办 and its share, forwarding on time';
COMMENT ON COLUMN service_affair.tongban_by_office.department IS 'Handling department';
COMMENT ON COLUMN service_affair.tongban_by_office.name IS 'Its name';
COMMENT ON COLUMN service_affair.tongban_by_office.region IS 'Competent region';
COMMENT ON COLUMN service_affair.tongban_by_office.received_at_points IS 'Its cases received at a service point';
COMMENT ON COLUMN service_affair.tongban_by_office.tongban IS 'Of which received away from it (originals forwarded)';
COMMENT ON COLUMN service_affair.tongban_by_office.other_region IS 'Of which received in another region';
COMMENT ON COLUMN service_affair.tongban_by_office.nearby IS 'Of which received at town, village or bank level (就近办)';
COMMENT ON COLUMN service_affair.tongban_by_office.nearby_share IS 'nearby / received_at_points';
COMMENT ON COLUMN service_affair.tongban_by_office.forward_on_time IS 'Forwardings received on time';
COMMENT ON COLUMN service_affair.tongban_by_office.forward_late IS 'Forwardings received late, or never (closed as not received at the delivery of the result)';

CREATE VIEW service_affair.tongban_by_region AS
WITH r AS (
    SELECT t.receiving_region AS region, 1 AS received, 0 AS handled, t.nearby, t.forwarded,
           t.receiving_region <> t.competent_region AS crossing, t.forward_on_time
      FROM service_affair.tongban_cases t
    UNION ALL
    SELECT t.competent_region, 0, 1, false, false, t.receiving_region <> t.competent_region, NULL
      FROM service_affair.tongban_cases t)
SELECT r.region,
       pg_catalog.sum(r.received)::bigint AS received,
       pg_catalog.sum(r.handled)::bigint AS handled,
       pg_catalog.count(*) FILTER (WHERE r.received = 1 AND r.crossing) AS sent_elsewhere,
       pg_catalog.count(*) FILTER (WHERE r.handled = 1 AND r.crossing) AS received_from_elsewhere,
       pg_catalog.count(*) FILTER (WHERE r.forwarded) AS tongban,
       pg_catalog.round(pg_catalog.count(*) FILTER (WHERE r.nearby)::numeric / NULLIF(pg_catalog.sum(r.received), 0), 4) AS nearby_share,
       pg_catalog.round(pg_catalog.count(*) FILTER (WHERE r.forward_on_time)::numeric
                        / NULLIF(pg_catalog.count(*) FILTER (WHERE r.forward_on_time IS NOT NULL), 0), 4) AS forward_on_time_rate
  FROM r GROUP BY r.region;
COMMENT ON VIEW service_affair.tongban_by_region IS
  'Per region, for comparison: cases received at its points and handled by its offices, sent to and received from other regions (异地), 通办, 就近办 share, forwarding on time';
COMMENT ON COLUMN service_affair.tongban_by_region.region IS 'GB/T 2260 region';
COMMENT ON COLUMN service_affair.tongban_by_region.received IS 'Cases received at its points';
COMMENT ON COLUMN service_affair.tongban_by_region.handled IS 'Cases received at points that its offices handle';
COMMENT ON COLUMN service_affair.tongban_by_region.sent_elsewhere IS 'Received here, competent in another region';
COMMENT ON COLUMN service_affair.tongban_by_region.received_from_elsewhere IS 'Competent here, received in another region';
COMMENT ON COLUMN service_affair.tongban_by_region.tongban IS 'Received here and forwarded to the handling office';
COMMENT ON COLUMN service_affair.tongban_by_region.nearby_share IS 'Share of the cases received here at town, village or bank level (就近办)';
COMMENT ON COLUMN service_affair.tongban_by_region.forward_on_time_rate IS 'Forwardings from here received on time / forwardings done (received, or closed as not received at the delivery)';

-- ---------------------------------------------------------------------------
-- Grants (applied by create_roles(), 90_access.sql)
INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    ('admin', 'SELECT', 'service_affair.case_leg'),
    ('clerk', 'SELECT', 'service_affair.case_leg'),
    ('reviewer', 'SELECT', 'service_affair.case_leg'),
    ('admin', 'EXECUTE', 'service_affair.receive_originals(bigint,timestamptz)'),
    ('clerk', 'EXECUTE', 'service_affair.receive_originals(bigint,timestamptz)'),
    ('reviewer', 'EXECUTE', 'service_affair.receive_originals(bigint,timestamptz)'),
    ('admin', 'EXECUTE', 'service_affair.receive_result(bigint,timestamptz)'),
    ('clerk', 'EXECUTE', 'service_affair.receive_result(bigint,timestamptz)'),
    ('admin', 'SELECT', 'service_affair.tongban_cases'),
    ('analyst', 'SELECT', 'service_affair.tongban_cases'),
    ('admin', 'SELECT', 'service_affair.tongban_by_point'),
    ('analyst', 'SELECT', 'service_affair.tongban_by_point'),
    ('admin', 'SELECT', 'service_affair.tongban_by_office'),
    ('analyst', 'SELECT', 'service_affair.tongban_by_office'),
    ('admin', 'SELECT', 'service_affair.tongban_by_region'),
    ('analyst', 'SELECT', 'service_affair.tongban_by_region')
ON CONFLICT DO NOTHING;
