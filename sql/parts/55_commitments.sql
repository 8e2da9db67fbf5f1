-- Commitment checks (告知承诺 事后核查) and approval on commitment (承诺制审批).
-- Every accepted case with committed materials gets one check per checking
-- department; an item in approval_mode 'commitment' is approved at once on
-- acceptance (through the conclusion path of routing) and checked afterwards.
-- A broken commitment revokes the case (revoke_case) and records a credit
-- event (56_credit.sql).  See doc/credit.md.

ALTER TABLE service_affair.item ADD COLUMN check_department text
    REFERENCES service_affair.department ON UPDATE CASCADE;
ALTER TABLE service_affair.item ADD COLUMN check_days integer NOT NULL DEFAULT 60
    CONSTRAINT item_check_days CHECK (check_days BETWEEN 0 AND 365);
ALTER TABLE service_affair.item ADD COLUMN approval_mode text NOT NULL DEFAULT 'standard'
    CONSTRAINT item_approval_mode CHECK (approval_mode IN ('standard', 'commitment'));
COMMENT ON COLUMN service_affair.item.check_department IS
  'Department that checks the commitments made on this item (事后核查); NULL: the item''s department';
COMMENT ON COLUMN service_affair.item.check_days IS
  'Working days after acceptance (after the approval, for an approval on commitment made as a later stage opens) within which commitments are checked (default 60, DOMAIN.md: "granted first, checked within 60 working days")';
COMMENT ON COLUMN service_affair.item.approval_mode IS
  'standard, or commitment (承诺制审批): approved at once on acceptance for an applicant with good credit, the commitment checked afterwards';
COMMENT ON CONSTRAINT item_check_days ON service_affair.item IS 'Check periods are 0 to 365 working days';
COMMENT ON CONSTRAINT item_approval_mode ON service_affair.item IS 'standard or commitment';

-- Partitioned like the case (40_cases.sql): open work reaches the checks
-- with NOT settled; the checks of a settled case lie in the month of its id.
-- Keys and indexes are on the partitions, as for cases (40_cases.sql): the
-- key on the id, one check per case and department, on
-- commitment_check_active.
CREATE TABLE service_affair.commitment_check (
    id          bigint GENERATED ALWAYS AS IDENTITY,
    case_id     bigint NOT NULL,
    department  text NOT NULL REFERENCES service_affair.department ON UPDATE CASCADE,
    materials   text[] NOT NULL,
    due         date NOT NULL,
    status      text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'kept', 'broken', 'waived', 'cancelled')),
    checked_at  timestamptz,
    checked_by  text,
    findings    text,
    items       text[] NOT NULL,
    calendar    text NOT NULL REFERENCES service_affair.calendar ON UPDATE CASCADE,
    created_at  timestamptz NOT NULL,
    sla_state   text CHECK (sla_state = 'overdue'),
    on_commitment boolean NOT NULL DEFAULT false,
    check_days  integer NOT NULL CHECK (check_days >= 0),
    settled     boolean NOT NULL DEFAULT false,
    -- no foreign key: the record is append-only (no fact ever goes), and
    -- one would tie the history's months to credit_event (archive_history_month()
    -- locks the tables a month's keys refer to)
    credit_event bigint,
    due_from    timestamptz,
    CONSTRAINT commitment_check_closed CHECK ((status = 'open') = (checked_at IS NULL)
                                              AND (status = 'open' OR sla_state IS NULL)),
    CONSTRAINT commitment_check_fact CHECK (credit_event IS NULL OR status = 'broken')
) PARTITION BY LIST (settled);
CREATE TABLE service_affair.commitment_check_active PARTITION OF service_affair.commitment_check (
    CONSTRAINT commitment_check_pkey PRIMARY KEY (id),
    CONSTRAINT commitment_check_once UNIQUE (case_id, department),
    CONSTRAINT commitment_check_case_id_fkey FOREIGN KEY (case_id) REFERENCES service_affair.cases_active (id)
) FOR VALUES IN (false);
CREATE TABLE service_affair.commitment_check_settled PARTITION OF service_affair.commitment_check
    FOR VALUES IN (true) PARTITION BY RANGE (case_id);
REVOKE ALL ON TABLE service_affair.commitment_check_active, service_affair.commitment_check_settled FROM PUBLIC;
COMMENT ON TABLE service_affair.commitment_check_active IS
  'Partition of commitment_check: the checks of the cases not settled (cases_active), the only one open work touches';
COMMENT ON TABLE service_affair.commitment_check_settled IS
  'Partition of commitment_check: the checks of settled cases, partitioned by month of submission (range of case ids); empty until settling is built';
COMMENT ON TABLE service_affair.commitment_check IS
  'Commitment checks (事后核查): one per accepted case and checking department with committed materials or an approval on commitment; written only by the API';
COMMENT ON COLUMN service_affair.commitment_check.id IS 'Check id';
COMMENT ON COLUMN service_affair.commitment_check.case_id IS 'The case whose commitments are checked';
COMMENT ON COLUMN service_affair.commitment_check.department IS 'Checking (supervising) department: item.check_department, else the item''s department';
COMMENT ON COLUMN service_affair.commitment_check.materials IS 'Material codes replaced by a commitment (empty for an approval on commitment without committed materials)';
COMMENT ON COLUMN service_affair.commitment_check.due IS 'Due date: the smallest check_days of its items, in working days after the local acceptance day, or the local day of due_from when set (shifted_due)';
COMMENT ON COLUMN service_affair.commitment_check.status IS
  'open, kept, broken or waived (recorded by the checking department), or cancelled: moot, its case revoked with a broken commitment found by another check (commitment_cancel_checks())';
COMMENT ON COLUMN service_affair.commitment_check.checked_at IS 'When the outcome was recorded (NULL while open); for cancelled, the time of the broken outcome that made it moot';
COMMENT ON COLUMN service_affair.commitment_check.checked_by IS 'Inspector who recorded the outcome (actor()); NULL for cancelled and for waived by commitment_withdraw_approval() (no inspector recorded them; whoever caused them, often of another department, is not named to their readers: the case event''s actor is)';
COMMENT ON COLUMN service_affair.commitment_check.findings IS 'Findings; the reason for broken and waived; for cancelled, the revoked case (not the other department''s check: case_event check_cancelled names it)';
COMMENT ON COLUMN service_affair.commitment_check.items IS 'Items of the case the check covers';
COMMENT ON COLUMN service_affair.commitment_check.calendar IS 'Calendar of the due date (the case''s)';
COMMENT ON COLUMN service_affair.commitment_check.created_at IS 'When the check was opened (the acceptance time)';
COMMENT ON COLUMN service_affair.commitment_check.sla_state IS 'overdue once sla_sweep() flagged it; NULL otherwise';
COMMENT ON COLUMN service_affair.commitment_check.check_days IS
  'Working days from the local acceptance day to the due date (the smallest check_days of its items, snapshot at opening)';
COMMENT ON COLUMN service_affair.commitment_check.on_commitment IS
  'true when the check covers an approval on commitment (承诺制审批): the tasks of its items in approval_mode commitment are approved when their stage opens';
COMMENT ON COLUMN service_affair.commitment_check.settled IS 'Whether its case is settled (cases.settled): the partition key';
COMMENT ON COLUMN service_affair.commitment_check.credit_event IS
  'For broken: the serious credit fact (commitment_broken) the outcome counts under, the one fact of its case''s false commitment (commitment_fact()): recorded by the case''s first broken check (source check:<id>), shared by a later one; NULL otherwise, or when the applicant has no credit subject';
COMMENT ON COLUMN service_affair.commitment_check.due_from IS
  'When the due runs from, if not the opening (created_at): the latest approval on commitment it covers made as a later stage opened (commitment_approve_open()), or the time it stopped waiting for one not made after all (commitment_withdraw_approval(), or a broken outcome recorded while waiting, record_check()); calendar edits recompute the due from it';
COMMENT ON CONSTRAINT commitment_check_fact ON service_affair.commitment_check IS 'Only a broken check counts under a credit fact';
COMMENT ON CONSTRAINT commitment_check_once ON service_affair.commitment_check_active IS 'One check per case and department';
COMMENT ON CONSTRAINT commitment_check_closed ON service_affair.commitment_check IS 'A closed check has a time and no SLA flag';
CREATE INDEX commitment_check_open_idx ON service_affair.commitment_check_active (due) WHERE status = 'open';
COMMENT ON INDEX service_affair.commitment_check_open_idx IS 'Open checks by due date (sla_sweep)';
CREATE INDEX commitment_check_department_idx ON service_affair.commitment_check_active (department, due);
COMMENT ON INDEX service_affair.commitment_check_department_idx IS 'Checks of a department by due date';
SELECT pg_catalog.pg_extension_config_dump('service_affair.commitment_check', '');
SELECT pg_catalog.pg_extension_config_dump('service_affair.commitment_check_active', '');
SELECT pg_catalog.pg_extension_config_dump('service_affair.commitment_check_id_seq', '');

-- PL/pgSQL, so that the policy depends on no access function (the update
-- re-creates those after this part)
CREATE FUNCTION service_affair.commitment_check_visible(department text) RETURNS boolean
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN service_affair.acts_as('admin') OR service_affair.may_act('inspector', department);
END
$$;
COMMENT ON FUNCTION service_affair.commitment_check_visible(text) IS
  'Internal (row-level security of commitment_check): administrators, and inspectors working for the checking department';
ALTER TABLE service_affair.commitment_check ENABLE ROW LEVEL SECURITY;
CREATE POLICY commitment_check_visible ON service_affair.commitment_check FOR SELECT
    USING (service_affair.commitment_check_visible(department));
COMMENT ON POLICY commitment_check_visible ON service_affair.commitment_check IS
  'Administrators see every check, inspectors the checks of the departments they work for';

-- The outcome rule in C (src/core/credit.c): 22023 for an unknown outcome or
-- a broken or waived one without findings.
CREATE FUNCTION service_affair.check_outcome_check(check_id bigint, outcome text, findings text) RETURNS void
    AS 'MODULE_PATHNAME', 'sa_check_outcome_check_sql'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.check_outcome_check(bigint, text, text) IS
  'Internal: 22023 unless outcome is kept, broken or waived, and broken and waived carry non-blank findings (src/core/credit.c)';
REVOKE EXECUTE ON FUNCTION service_affair.check_outcome_check(bigint, text, text) FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- The earliest time a case may be revoked: not before its conclusion, any
-- later supplement or task step recorded on it (case_last_step()) nor a
-- licence it issued or a clerk recorded for it (record_evidence(), at the
-- time of recording), since the revocation undoes them, stops its open
-- tasks and revokes its licences at its own time.
CREATE FUNCTION service_affair.revocation_floor(case_id bigint) RETURNS timestamptz
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    -- the delivery too: a catch-up sweep dated between the conclusion and
    -- the delivery revoked the case before its result was handed over
    -- (until 2026-12-04; a review)
    SELECT GREATEST(service_affair.case_last_step(revocation_floor.case_id),
                    (SELECT GREATEST(c.concluded_at, c.delivered_at) FROM service_affair.cases c
                      WHERE c.id = revocation_floor.case_id AND NOT c.settled),
                    (SELECT pg_catalog.max(l.issued_at) FROM service_affair.licence l
                      WHERE l.case_id = revocation_floor.case_id));
END;
COMMENT ON FUNCTION service_affair.revocation_floor(bigint) IS
  'Internal: the earliest time an open case may be revoked (its conclusion or delivery, a later supplement or task step: case_last_step(), or a licence issued or recorded for it); NULL when none is recorded';
REVOKE EXECUTE ON FUNCTION service_affair.revocation_floor(bigint) FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- The one revocation of a case (撤销): status revoked, the history event, and
-- for a 容缺 revocation a credit event awaiting review.  sla_sweep (tolerated
-- materials not supplied) and record_check (a broken commitment) call it;
-- whatever else a revocation entails hooks the status change to 'revoked'.
CREATE FUNCTION service_affair.revoke_case(case_id bigint, cause text, reason text, at timestamptz,
    detail jsonb DEFAULT '{}')
    RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c service_affair.cases;
BEGIN
    IF cause IS NULL OR cause NOT IN ('tolerance', 'commitment') THEN
        RAISE EXCEPTION 'invalid revocation cause'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Cause %s is not one of tolerance, commitment.',
                                             COALESCE(pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(cause, 64))), 'NULL'));
    END IF;
    c := service_affair.lock_open_case(revoke_case.case_id);  -- 55000 settled, 23503 unknown (40_cases.sql)
    PERFORM service_affair.check_case_args(at);  -- 22023 null or infinite
    -- what a revocation undoes must not come after it (sla_sweep() leaves
    -- such a case to a later sweep; record_check() names the conclusion or,
    -- for a case in progress, the last step itself, and a later supplement
    -- or licence of a concluded case is refused here)
    PERFORM service_affair.lock_case_tasks(c.id);  -- a claim in progress first (50_routing.sql)
    PERFORM service_affair.require_not_before(c.id, at, service_affair.revocation_floor(c.id), 'last step');
    -- the state machine trigger refuses anything but accepted/concluded → revoked (55000)
    UPDATE service_affair.cases x SET status = 'revoked', revoked_at = at, tolerance_due = NULL WHERE x.id = c.id AND NOT x.settled;
    INSERT INTO service_affair.case_event (case_id, at, kind, from_status, to_status, detail)
    VALUES (c.id, at, 'revoked', c.status, 'revoked',
            pg_catalog.jsonb_build_object('reason', reason) OPERATOR(pg_catalog.||) COALESCE(detail, '{}'));
    IF cause = 'tolerance' THEN
        -- 容缺 not supplied: recorded for review, never an automatic sanction
        PERFORM service_affair.credit_record(sk.subject_kind, sk.subject, 'tolerance_revoked',
                                             'case:' || c.id, 'minor', at, true, reason)
           FROM service_affair.applicant_subject(c.applicant) sk;
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.revoke_case(bigint, text, text, timestamptz, jsonb) IS
  'Internal: revokes an accepted or concluded case (status revoked, revoked_at, the revoked event with the reason and detail; 22023 when at is NULL, infinite or before revocation_floor()); cause tolerance (容缺 not supplied) also records a credit event awaiting review, cause commitment (a broken commitment) leaves the credit event to its caller';
REVOKE EXECUTE ON FUNCTION service_affair.revoke_case(bigint, text, text, timestamptz, jsonb) FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- The approvals on commitment of a case that are still to come go the
-- standard way (the applicant's credit no longer allows them when their
-- stage opens): an open check on_commitment covers none of them any more.
-- It keeps covering an approval an earlier stage made on commitment; else
-- it is no longer on_commitment, and one with no committed material either
-- has nothing left to check: waived, at the time the stage opened.
-- cause mode: not the credit but the catalog (an item's
-- approval_mode made standard since the acceptance, commitment_off): the
-- stage that opened went the standard way, and only the checks covering no
-- approval on commitment still to come either (a stage waiting with an
-- item in mode commitment, as record_check() asks) stop covering one.
-- Until 2026-12-06 such a check stayed open and on_commitment: broken
-- revoked the approval the reviewers made and recorded a serious fact for
-- a commitment nobody relied on, kept counted as a merit (a hostile
-- review; test/pgtap/commitment_mode_withdrawn.sql).
-- cause blocked: not the credit nor the catalog but the licence check of
-- routing (block_unlicensed_stage(), at the time "at" it blocked the
-- stage): the task of an item in mode commitment was blocked, a licence an
-- earlier stage was to issue not valid as its stage opened, and is never
-- decided; the checks covering a blocked item stop covering an approval,
-- as for the catalog (none made, none still to come).  Until 2026-12-06 a
-- blocked stage that was the case's last, which routing concludes at once,
-- left its check open and on_commitment for good: it went overdue, and
-- broken recorded a serious fact on the denied case for an approval never
-- made; blocked beside a stage that opened, the check was waived in the
-- catalog's words (a hostile review; commitment_licence_blocked.sql).
CREATE FUNCTION service_affair.commitment_withdraw_approval(case_id bigint, cause text DEFAULT 'credit',
    at timestamptz DEFAULT NULL) RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    k record;
    v_at timestamptz := commitment_withdraw_approval.at;
    v_status text;
    v_due date;
    v_findings constant text := CASE cause
        WHEN 'credit' THEN 'no approval on commitment to check: the applicant''s credit no longer allowed one when its stage opened, the reviewers decide'
        WHEN 'mode' THEN 'no approval on commitment to check: its item was no longer approved on commitment (approval_mode standard) when its stage opened, the reviewers decide'
        WHEN 'blocked' THEN 'no approval on commitment to check: its task was blocked when its stage opened (a licence an earlier stage was to issue not valid) and is never decided'
        WHEN 'withdrawn' THEN 'no approval on commitment to check: the case was withdrawn before its stage opened' END;
BEGIN
    IF v_findings IS NULL THEN
        RAISE EXCEPTION 'invalid withdrawal cause'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Cause %s is not one of credit, mode, blocked, withdrawn.',
                                             COALESCE(pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(cause, 64))), 'NULL'));
    END IF;
    IF v_at IS NULL THEN
        SELECT pg_catalog.max(t.opened_at) INTO v_at FROM service_affair.task t
         WHERE t.case_id = commitment_withdraw_approval.case_id AND NOT t.settled AND t.status = 'open';
        v_at := COALESCE(v_at, pg_catalog.now());
    END IF;
    SELECT c.status INTO v_status FROM service_affair.cases c WHERE c.id = commitment_withdraw_approval.case_id AND NOT c.settled;
    FOR k IN SELECT x.id, x.department, x.materials, x.due, x.calendar, x.check_days, x.sla_state FROM service_affair.commitment_check x
              WHERE x.case_id = commitment_withdraw_approval.case_id AND NOT x.settled
                AND x.on_commitment AND x.status = 'open'
                AND NOT EXISTS (SELECT FROM service_affair.case_event e
                                 WHERE e.case_id = x.case_id AND NOT e.settled AND e.kind = 'task_completed'
                                   AND e.detail->>'commitment' = 'true' AND e.detail->>'item' = ANY (x.items))
                AND (cause IN ('credit', 'withdrawn')  -- withdrawn: its tasks are cancelled, none to come
                     OR NOT EXISTS (SELECT FROM service_affair.task t JOIN service_affair.item i ON i.code = t.item
                                     WHERE t.case_id = x.case_id AND NOT t.settled AND t.status = 'waiting'
                                       AND t.item = ANY (x.items) AND i.approval_mode = 'commitment'))
                AND (cause <> 'blocked'
                     OR EXISTS (SELECT FROM service_affair.task t
                                 WHERE t.case_id = x.case_id AND NOT t.settled AND t.status = 'blocked'
                                   AND t.item = ANY (x.items)))
              ORDER BY x.id FOR UPDATE LOOP
        -- not due while it waited for the approval (the sweep and
        -- commitment_accountability skip such a check, and record_check()
        -- refuses kept and waived), it is due from now, as it would have
        -- been from the approval (commitment_approve_open()).  Until
        -- 2026-12-07 its due stayed counted from the acceptance: a check
        -- whose inspector was refused kept before that due was overdue as
        -- its stage opened the standard way, and one waived here counted
        -- done late against the checking department (a review;
        -- commitment_waived_waiting.sql)
        -- due_from is set even when the due stays (a later day off between
        -- the acceptance and now): a calendar edit making that day a working
        -- one recomputes from due_from, and counted from the acceptance
        -- otherwise (until 2026-12-07; a review, commitment_due_from_grant.sql)
        v_due := service_affair.shifted_due(service_affair.local_day(v_at, k.calendar), k.check_days, 0, k.calendar);
        IF v_due > k.due THEN
            k.due := v_due;
            k.sla_state := NULL;
        END IF;
        UPDATE service_affair.commitment_check x SET due = k.due, due_from = v_at, sla_state = k.sla_state
         WHERE x.id = k.id AND NOT x.settled AND v_at > COALESCE(x.due_from, x.created_at);
        IF pg_catalog.cardinality(k.materials) > 0 THEN
            UPDATE service_affair.commitment_check x SET on_commitment = false WHERE x.id = k.id AND NOT x.settled;
        ELSE
            -- no inspector recorded it: checked_by NULL, as for a cancelled
            -- check.  The caller is whoever opened the stage (complete_task():
            -- a reviewer, often of another department), whose login the
            -- checking department's inspectors read in the check (until
            -- 2026-12-05; a review); the check_waived event's actor keeps it
            UPDATE service_affair.commitment_check x
               SET status = 'waived', checked_at = v_at, checked_by = NULL, findings = v_findings,
                   sla_state = NULL
             WHERE x.id = k.id AND NOT x.settled;
            INSERT INTO service_affair.case_event (case_id, at, kind, from_status, to_status, detail)
            VALUES (commitment_withdraw_approval.case_id, v_at, 'check_waived', v_status, v_status,
                    pg_catalog.jsonb_build_object('check_id', k.id, 'department', k.department, 'materials', k.materials,
                                                  'due', k.due, 'findings', v_findings));
        END IF;
    END LOOP;
END
$$;
COMMENT ON FUNCTION service_affair.commitment_withdraw_approval(bigint, text, timestamptz) IS
  'Internal (commitment_approve_open(), when the applicant''s credit no longer allows an approval on commitment as a later stage opens, cause credit; or, cause mode, after the approvals of a stage opening, for items no longer in approval_mode commitment; or, cause blocked, block_unlicensed_stage() when it blocked a task of the case, at the time it did; or, cause withdrawn, withdraw(), at the withdrawal): the open checks on_commitment of the case that cover no approval already made on commitment (and, causes mode and blocked, none still to come: no waiting task of an item of the check in approval_mode commitment; cause blocked, only those covering the item of a blocked task) stop covering one; those with committed materials stay open for them, the others are waived at "at", NULL: the time the stage opened (a check_waived event); either way due from then when later (due_from: they were not due while they waited for the approval); 22023 for another cause';
REVOKE EXECUTE ON FUNCTION service_affair.commitment_withdraw_approval(bigint, text, timestamptz) FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- Approval on commitment of the open tasks of a case: every open task of an
-- item in approval_mode commitment that a check on_commitment of the case
-- covers is decided approved when it opened; then routing opens the next
-- stage or concludes the case (route_advance, the one conclusion path), and
-- the stage it opens is approved the same way.  Called at acceptance
-- (commitment_accepted) and by complete_task() when it opened a stage.
CREATE FUNCTION service_affair.commitment_approve_open(case_id bigint, commitment_ok boolean DEFAULT NULL) RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_at timestamptz;
    v_items text[];
    step text;
BEGIN
    -- an approval on commitment needs its check still to come (record_check()
    -- refuses kept or waived before the approvals it covers are made)
    IF NOT EXISTS (SELECT FROM service_affair.commitment_check k
                    WHERE k.case_id = commitment_approve_open.case_id AND NOT k.settled AND k.on_commitment
                      AND k.status = 'open') THEN
        RETURN;  -- the common case: nothing approved on commitment
    END IF;
    -- credit is asked again when a later stage opens: an applicant whose
    -- record went bad since the acceptance (or whom an administrator
    -- blocked) goes the standard way for the stages still to come, its
    -- reviewers decide.  A check then covers no approval on commitment
    -- unless an earlier stage made one: it stays for its committed
    -- materials, or, with none, is waived (until 2026-12-04 it stayed open,
    -- and a broken outcome revoked the approval the reviewers had made and
    -- recorded a serious fact for a commitment nobody relied on; a review).
    -- At acceptance the answer submit() read with the commitments comes as
    -- commitment_ok (commitment_accepted(); until 2026-12-07 asked again
    -- here, a later snapshot; credit_accept_one_read.sql)
    IF NOT COALESCE(commitment_approve_open.commitment_ok,
                    (SELECT service_affair.intake_commitment_ok(c.applicant, c.service, a.credit_ok)
                       FROM service_affair.cases c JOIN service_affair.applicant a ON a.id = c.applicant
                      WHERE c.id = commitment_approve_open.case_id AND NOT c.settled)) THEN
        PERFORM service_affair.commitment_withdraw_approval(commitment_approve_open.case_id, 'credit');
        RETURN;
    END IF;
    LOOP
        WITH u AS (
            UPDATE service_affair.task x
               SET status = 'done', decision = 'approved', finished_at = x.opened_at,
                   note = 'approved on commitment (承诺制审批)', assignee = COALESCE(x.assignee, service_affair.actor()),
                   sla_state = NULL
             WHERE x.case_id = commitment_approve_open.case_id AND NOT x.settled AND x.status = 'open'
               AND EXISTS (SELECT FROM service_affair.commitment_check k
                            WHERE k.case_id = x.case_id AND NOT k.settled AND k.on_commitment AND k.status = 'open'
                              AND x.item = ANY (k.items))
               AND EXISTS (SELECT FROM service_affair.item i WHERE i.code = x.item AND i.approval_mode = 'commitment')
            RETURNING x.id, x.case_id, x.item, x.department, x.status, x.due, x.assignee, x.finished_at),
        e AS (
            INSERT INTO service_affair.case_event (case_id, at, kind, from_status, to_status, detail)
            SELECT u.case_id, u.finished_at, 'task_completed', 'accepted', 'accepted',
                   pg_catalog.jsonb_build_object('task_id', u.id, 'item', u.item, 'department', u.department,
                                                 'task_status', u.status, 'due', u.due, 'decision', 'approved',
                                                 'note', 'approved on commitment (承诺制审批)', 'assignee', u.assignee,
                                                 'commitment', true)
              FROM u)
        SELECT pg_catalog.max(u.finished_at), pg_catalog.array_agg(DISTINCT u.item) INTO v_at, v_items FROM u;
        EXIT WHEN v_at IS NULL;
        -- granted first, checked within check_days of the grant (DOMAIN.md):
        -- an approval on commitment made as a later stage opens is due from
        -- that day, not from the acceptance.  Until 2026-12-07 the due ran
        -- from the acceptance: a check whose stage opened after it was
        -- flagged overdue while kept and waived were refused (55000, an
        -- approval not made yet), and counted done late when kept the day
        -- after the approval (a review; commitment_due_from_grant.sql).  A
        -- flag the old due earned is cleared: the sweep skips such a check
        -- now (commitment_sla_sweep()), and record_check() counts a flag
        -- only while the due lies before its day.  due_from is set even
        -- when the due stays (the acceptance and the approval a day off
        -- apart): else a calendar edit making that day a working one counted
        -- from the acceptance, a due before the approval's (until
        -- 2026-12-07; a review, commitment_due_from_grant.sql)
        UPDATE service_affair.commitment_check k
           SET due = GREATEST(k.due, x.new_due),
               sla_state = CASE WHEN x.new_due > k.due THEN NULL ELSE k.sla_state END,
               due_from = v_at
          FROM (SELECT y.id, service_affair.shifted_due(service_affair.local_day(v_at, y.calendar), y.check_days, 0, y.calendar) AS new_due
                  FROM service_affair.commitment_check y
                 WHERE y.case_id = commitment_approve_open.case_id AND NOT y.settled AND y.on_commitment
                   AND y.status = 'open' AND y.items && v_items) x
         WHERE k.id = x.id AND NOT k.settled AND v_at > COALESCE(k.due_from, k.created_at);
        step := service_affair.route_advance(case_id, v_at);
        EXIT WHEN step <> 'opened';
    END LOOP;
    -- an item whose approval on commitment the catalog withdrew since the
    -- acceptance went the standard way as its stage opened (the mode is
    -- read now): a check left covering no approval on commitment, made or
    -- to come, covers none (commitment_withdraw_approval())
    PERFORM service_affair.commitment_withdraw_approval(commitment_approve_open.case_id, 'mode');
END
$$;
COMMENT ON FUNCTION service_affair.commitment_approve_open(bigint, boolean) IS
  'Internal: approves, at the time they opened, the open tasks of a (locked) case whose items are in approval_mode commitment and covered by a check on_commitment, then advances routing (route_advance) and repeats for the stage it opens, and then withdraws the checks left covering no approval on commitment, made or to come (an item made standard since the acceptance: commitment_withdraw_approval(case, ''mode'')); nothing when the applicant''s credit (record and manual flag, intake_commitment_ok(), or commitment_ok when given: the answer submit() read at acceptance) no longer allows commitments';
REVOKE EXECUTE ON FUNCTION service_affair.commitment_approve_open(bigint, boolean) FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- At acceptance: the checks, and the approval on commitment.
CREATE FUNCTION service_affair.commitment_accepted(case_id bigint, commitment_ok boolean DEFAULT NULL) RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    SET plan_cache_mode = force_generic_plan  -- service_item_codes() joins: see 30_catalog.sql
AS $$
DECLARE
    c service_affair.cases;
    v_items text[];
    v_approve boolean;
    step text;
    n integer := 0;
BEGIN
    SELECT * INTO c FROM service_affair.cases x WHERE x.id = commitment_accepted.case_id AND NOT x.settled;
    IF NOT FOUND OR c.status <> 'accepted' THEN
        RETURN;
    END IF;
    -- approval on commitment: items in mode commitment, an applicant with good
    -- credit, no tolerated material pending
    SELECT pg_catalog.array_agg(i.code ORDER BY i.code) INTO v_items
      FROM service_affair.service_item_codes(c.service) s
      JOIN service_affair.item i ON i.code = s
     WHERE i.approval_mode = 'commitment';
    IF v_items IS NULL AND NOT EXISTS (SELECT FROM service_affair.case_material m
                                        WHERE m.case_id = c.id AND NOT m.settled AND m.initial_status = 'committed') THEN
        RETURN;  -- the common case: nothing committed, nothing to approve
    END IF;
    -- the applicant's manual flag too (until 2026-12-03 passed as true: an
    -- applicant an administrator had blocked was approved on commitment).
    -- submit() passes the answer it read with the commitments (intake_credit(),
    -- one snapshot): until 2026-12-07 it was asked again here, a later
    -- snapshot, and a broken commitment committed in between refused the
    -- approval on commitment the commitments had been assessed as made for
    -- (a review; credit_accept_one_read.sql).  NULL (supplement()): asked now
    v_approve := v_items IS NOT NULL AND c.tolerance_due IS NULL
                 -- a broken commitment in force bars it whatever credit_check says (56_credit.sql)
                 AND COALESCE(commitment_accepted.commitment_ok,
                              service_affair.intake_commitment_ok(c.applicant, c.service,
                                  (SELECT a.credit_ok FROM service_affair.applicant a WHERE a.id = c.applicant)));

    PERFORM service_affair.due_lock_shared();
    WITH it AS (
        SELECT i.code, COALESCE(i.check_department, i.department) AS dept, i.check_days,
               (v_approve AND i.approval_mode = 'commitment') AS approved
          FROM service_affair.service_item_codes(c.service) s
          JOIN service_affair.item i ON i.code = s),
    r AS (
        SELECT it.dept, it.code, it.check_days, m.material
          FROM it
          JOIN service_affair.material mm ON mm.item = it.code AND mm.commitment_allowed
          JOIN service_affair.case_material m ON m.case_id = c.id AND NOT m.settled AND m.material = mm.code AND m.initial_status = 'committed'
        UNION ALL
        SELECT it.dept, it.code, it.check_days, NULL FROM it WHERE it.approved)
    INSERT INTO service_affair.commitment_check (case_id, department, materials, due, items, calendar, created_at, on_commitment, check_days)
    SELECT c.id, r.dept,
           COALESCE(pg_catalog.array_agg(DISTINCT r.material ORDER BY r.material) FILTER (WHERE r.material IS NOT NULL), '{}'),
           service_affair.shifted_due(service_affair.local_day(c.accepted_at, c.calendar), pg_catalog.min(r.check_days), 0, c.calendar),
           pg_catalog.array_agg(DISTINCT r.code ORDER BY r.code), c.calendar, c.accepted_at,
           pg_catalog.bool_or(r.material IS NULL), pg_catalog.min(r.check_days)
      FROM r GROUP BY r.dept;

    IF v_approve THEN
        PERFORM service_affair.commitment_approve_open(c.id, commitment_accepted.commitment_ok);
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.commitment_accepted(bigint, boolean) IS
  'Internal: called by submit() and supplement() once a case is accepted and routed: opens one commitment check per checking department with committed materials (or an approval on commitment), and approves at once the tasks of items in approval_mode commitment when the applicant''s credit allows commitments (commitment_ok: the answer submit() read with the commitments, intake_credit(); NULL: intake_commitment_ok() asked now) and no tolerated material is pending (concluding through route_advance)';
REVOKE EXECUTE ON FUNCTION service_affair.commitment_accepted(bigint, boolean) FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- The other checks of a revoked case once a broken commitment stands on it:
-- moot.  The approval they were to check is revoked, and the applicant has
-- its serious fact for the case: cancelled at the time of the broken
-- outcome, with a check_cancelled event.  Until 2026-12-05 they stayed open:
-- they went overdue (sweep, commitment_accountability), kept the case from
-- settling, and a second broken outcome recorded a second serious fact for
-- the same revoked case (a hostile review).  The caller holds the case
-- (record_check(): case, then checks, in id order, as every writer of a
-- case's checks).
CREATE FUNCTION service_affair.commitment_cancel_checks(case_id bigint, broken_check bigint, at timestamptz)
    RETURNS integer
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    k record;
    n integer := 0;
    -- the case, not the broken check: the findings and checked_by of a
    -- cancelled check are read by its department's inspectors (row-level
    -- security, and the detail of record_check()'s 55000), and the broken
    -- check and its inspector are another department's, which that
    -- security hides (until 2026-12-05 they named its id and checked_by its
    -- inspector's login; a review).  The case's history names it
    -- (check_cancelled: broken_check), for those who see the case
    v_findings constant text := pg_catalog.format('case %s revoked: a commitment of the case was found broken',
                                                  commitment_cancel_checks.case_id);
    v_at timestamptz;
BEGIN
    -- moot once both hold: the revocation (the broken outcome's own, or an
    -- earlier tolerance revocation) and the broken outcome (which may be
    -- dated before a tolerance revocation: then the revocation's time)
    SELECT GREATEST(commitment_cancel_checks.at, c.revoked_at) INTO v_at FROM service_affair.cases c
     WHERE c.id = commitment_cancel_checks.case_id AND NOT c.settled;
    FOR k IN SELECT x.id, x.department, x.materials, x.due FROM service_affair.commitment_check x
              WHERE x.case_id = commitment_cancel_checks.case_id AND NOT x.settled AND x.status = 'open'
                AND x.id <> broken_check
              ORDER BY x.id FOR UPDATE LOOP
        UPDATE service_affair.commitment_check x
           SET status = 'cancelled', checked_at = v_at, checked_by = NULL,
               findings = v_findings, sla_state = NULL
         WHERE x.id = k.id AND NOT x.settled;
        INSERT INTO service_affair.case_event (case_id, at, kind, from_status, to_status, detail)
        VALUES (commitment_cancel_checks.case_id, v_at, 'check_cancelled', 'revoked', 'revoked',
                pg_catalog.jsonb_build_object('check_id', k.id, 'department', k.department, 'materials', k.materials,
                                              'due', k.due, 'findings', v_findings, 'broken_check', broken_check));
        n := n + 1;
    END LOOP;
    RETURN n;
END
$$;
COMMENT ON FUNCTION service_affair.commitment_cancel_checks(bigint, bigint, timestamptz) IS
  'Internal (record_check(), a broken outcome on a case that is or becomes revoked): cancels the other open checks of the (locked) case at that time, or at the revocation''s if later (status cancelled, checked_by NULL, findings naming the revoked case only, a check_cancelled event naming the broken check): moot, never overdue, no outcome recorded on them any more; returns how many';
REVOKE EXECUTE ON FUNCTION service_affair.commitment_cancel_checks(bigint, bigint, timestamptz) FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- One false commitment of one case, one serious fact: the applicant commits
-- once for the case (告知承诺书), and the departments that check it find the
-- one dishonesty (DOMAIN.md: "an earlier false commitment" bars commitments).
-- The first broken check of a case records the fact (commitment_broken,
-- serious, source check:<id>); a later one is recorded broken and counts
-- under the same fact (commitment_check.credit_event), whatever became of
-- the case.  A revoked case's other checks are cancelled besides
-- (commitment_cancel_checks()), so a second broken check is met on a case
-- denied or withdrawn, which no broken check revokes: until 2026-12-05 it
-- recorded a second serious fact (grade D for one false commitment; a
-- review).  A fact a review dismissed never counted: a later broken check
-- records the fact anew.  The caller holds the case (record_check()), which
-- serializes the broken checks of a case; the review's lock (credit_fact())
-- serializes a dismissal in progress.
CREATE FUNCTION service_affair.commitment_fact(case_id bigint, check_id bigint, at timestamptz, findings text)
    RETURNS bigint
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_fact bigint;
    v_kind text;
    v_subject text;
BEGIN
    FOR v_fact IN SELECT DISTINCT ON (k.credit_event) k.credit_event FROM service_affair.commitment_check k
                   WHERE k.case_id = commitment_fact.case_id AND NOT k.settled AND k.status = 'broken'
                     AND k.credit_event IS NOT NULL AND k.id <> commitment_fact.check_id
                   ORDER BY k.credit_event LOOP
        -- the fact's row lock, as credit_fact() (no advisory lock, which any login could hold)
        PERFORM FROM service_affair.credit_event x WHERE x.id = v_fact FOR NO KEY UPDATE;
        IF service_affair.credit_fact_stale(v_fact) THEN
            PERFORM service_affair.credit_fact_raced(v_fact);  -- 40001: a review this snapshot cannot see
        END IF;
        IF NOT EXISTS (SELECT FROM service_affair.credit_event x
                        WHERE x.refers_to = v_fact AND x.kind = 'review_dismissed') THEN
            RETURN v_fact;
        END IF;
    END LOOP;
    SELECT sk.subject_kind, sk.subject INTO v_kind, v_subject
      FROM service_affair.cases c, service_affair.applicant_subject(c.applicant) sk
     WHERE c.id = commitment_fact.case_id AND NOT c.settled;
    RETURN service_affair.credit_record(v_kind, v_subject,
        'commitment_broken', 'check:' || check_id, 'serious', at, false, findings);
END
$$;
COMMENT ON FUNCTION service_affair.commitment_fact(bigint, bigint, timestamptz, text) IS
  'Internal (record_check(), a broken outcome on the locked case): the one serious credit fact of the case''s false commitment: the fact an earlier broken check of the case counts under (not one a review dismissed), else a new commitment_broken fact (serious, source check:<check_id>, the findings as its note); its id, NULL when the applicant has no credit subject';
REVOKE EXECUTE ON FUNCTION service_affair.commitment_fact(bigint, bigint, timestamptz, text) FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- Recording the outcome (inspectors of the checking department).
CREATE FUNCTION service_affair.record_check(check_id bigint, outcome text, findings text DEFAULT NULL,
    at timestamptz DEFAULT pg_catalog.now())
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    k service_affair.commitment_check;
    c service_affair.cases;
    v_pending text;
    v_dept text;
    v_settled boolean := false;
    v_fact bigint;
BEGIN
    -- the right before any lock: the check's department read without one
    -- (the open check, then the history), and an unknown check refused as
    -- another department's (administrators: 23503).  Until 2026-12-05 the
    -- case and the check were locked first, and any role holding EXECUTE
    -- learned from 23503 and 55000 which checks existed and were settled,
    -- and held other departments' cases and checks locked until it ended
    -- (a review)
    SELECT x.department INTO v_dept FROM service_affair.commitment_check x
     WHERE x.id = record_check.check_id AND NOT x.settled;
    IF NOT FOUND THEN
        SELECT x.department INTO v_dept FROM service_affair.commitment_check x WHERE x.id = record_check.check_id;  -- the history
        v_settled := FOUND;
    END IF;
    IF v_dept IS NULL THEN
        PERFORM service_affair.refuse_null_id('check id', check_id);  -- 22023 (06_arguments.sql)
    END IF;
    IF NOT service_affair.may_act(NULL, NULL)  -- administrators act on every check
       AND (v_dept IS NULL OR NOT service_affair.may_act('inspector', v_dept)) THEN
        RAISE EXCEPTION 'permission denied for check %', check_id
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('Role %s may not record check %s, if there is one: the inspectors of its checking department and administrators do.',
                                             pg_catalog.quote_ident(service_affair.actor()), check_id);
    END IF;
    IF v_settled THEN
        RAISE EXCEPTION 'check % is settled', check_id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('Check %s is settled: it is in the history, and nothing more can be written to it.', check_id);
    END IF;
    IF v_dept IS NULL THEN
        RAISE EXCEPTION 'unknown check'
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No commitment check has id %s.', check_id);
    END IF;
    -- the due lock before the check (doc/routing.md, "Concurrency"): its
    -- case is locked below through lock_open_case(), which takes it; taken
    -- there, after the check, it deadlocked with a calendar edit that had
    -- locked the case (its task's due moved) and then wanted the check
    PERFORM service_affair.due_lock_shared();
    -- the case before the check, as complete_task() (case, task, then the
    -- checks in commitment_withdraw_approval()): the check first deadlocked
    -- with a stage opening for an applicant whose credit went bad (a review)
    SELECT x.case_id INTO c.id FROM service_affair.commitment_check x WHERE x.id = record_check.check_id AND NOT x.settled;
    IF c.id IS NOT NULL THEN
        c := service_affair.lock_open_case(c.id);  -- 55000 settled meanwhile
    END IF;
    SELECT * INTO k FROM service_affair.commitment_check x WHERE x.id = record_check.check_id AND NOT x.settled FOR UPDATE SKIP LOCKED;
    IF NOT FOUND THEN
        IF service_affair.settle_wait('check', record_check.check_id) THEN  -- held: waited for it (63_settle.sql)
            SELECT * INTO k FROM service_affair.commitment_check x WHERE x.id = record_check.check_id AND NOT x.settled FOR UPDATE;
        END IF;
    END IF;
    IF NOT FOUND THEN
        IF EXISTS (SELECT FROM service_affair.commitment_check x WHERE x.id = record_check.check_id) THEN  -- the history, only now
            RAISE EXCEPTION 'check % is settled', check_id
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = pg_catalog.format('Check %s is settled: it is in the history, and nothing more can be written to it.', check_id);
        END IF;
        PERFORM service_affair.refuse_null_id('check id', check_id);  -- 22023 (06_arguments.sql)
        RAISE EXCEPTION 'unknown check'
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No commitment check has id %s.', COALESCE(check_id::text, 'NULL'));
    END IF;
    PERFORM service_affair.require_department(ARRAY[k.department], 'inspector');  -- 42501: asked again of the locked check
    PERFORM service_affair.check_case_args(at, note => findings, note_name => 'findings');  -- 22023
    PERFORM service_affair.check_outcome_check(k.id, outcome, findings);  -- 22023 (src/core/credit.c)
    record_check.findings := CASE WHEN NOT service_affair.is_blank(record_check.findings) THEN record_check.findings END;  -- blank: none (06_arguments.sql)
    -- a check its revoked case made moot (commitment_cancel_checks()): no
    -- outcome.  The detail names the case, not the broken check: that is
    -- another department's, which the caller may not see (until 2026-12-05
    -- it quoted the findings, which named its id; a review)
    IF k.status = 'cancelled' THEN
        RAISE EXCEPTION 'check % is cancelled', k.id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('Check %s was cancelled at %s when case %s was revoked, a commitment of the case found broken; a cancelled check takes no outcome.',
                                             k.id, k.checked_at, k.case_id);
    END IF;
    IF k.status <> 'open' THEN
        RAISE EXCEPTION 'check % is closed', k.id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('Check %s was recorded as %s at %s; a closed check takes no outcome.',
                                             k.id, k.status, k.checked_at);
    END IF;
    -- an approval on commitment is checked after it is made: kept or waived
    -- before it, the check was closed and the later stage still approved on
    -- commitment with no check to come (until 2026-12-04; a review).  Broken
    -- stays open to the inspector: a broken commitment revokes the case at
    -- any point.  Only a stage still waiting is to come: one opened with its
    -- task still open (or suspended) went the standard way, the credit no
    -- longer allowing the approval on commitment as it opened, and waits
    -- for no check (until 2026-12-04 such a check could not be closed until
    -- the other department's reviewers decided; a review)
    IF outcome <> 'broken' AND k.on_commitment THEN
        SELECT pg_catalog.string_agg(DISTINCT t.item, ', ' ORDER BY t.item) INTO v_pending
          FROM service_affair.task t JOIN service_affair.item i ON i.code = t.item
         WHERE t.case_id = k.case_id AND NOT t.settled AND t.status = 'waiting'
           AND t.item = ANY (k.items) AND i.approval_mode = 'commitment';
        IF v_pending IS NOT NULL THEN
            RAISE EXCEPTION 'check % covers an approval not made yet', k.id
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = pg_catalog.format('Check %s covers the approval on commitment of %s, whose stage of case %s has not opened yet; it is checked once made.',
                                                 k.id, v_pending, k.case_id),
                      HINT = 'Record kept or waived after the stage opens; broken can be recorded at any time.';
        END IF;
        -- nor dated before an approval on commitment it covers: the state
        -- above asks whether it is made, the time when.  Until 2026-12-05 a
        -- check covering a stage approved on commitment on 10-12 was
        -- recorded kept on 10-10, a history no order of the calls gives (on
        -- 10-10 it was refused with 55000 above; a review)
        PERFORM service_affair.require_not_before(k.case_id, at,
            (SELECT pg_catalog.max(e.at) FROM service_affair.case_event e
              WHERE e.case_id = k.case_id AND NOT e.settled AND e.kind = 'task_completed'
                AND e.detail->>'commitment' = 'true' AND e.detail->>'item' = ANY (k.items)),
            'approval on commitment');  -- 22023 (40_cases.sql)
    END IF;
    PERFORM service_affair.refuse_future_outcome(at, 'check time');  -- 22023 (56_credit.sql)
    -- a check flagged overdue is done late: its outcome is not dated before
    -- the flag (an inspector dated a kept check before the sweep's flag and
    -- counted as on time; a review); the rule of refuse_future_outcome(), for
    -- the same sessions (a flag a superuser's sweep dated ahead counts as now).
    -- A flag counts while the check's due still lies before its day: a
    -- calendar edit that moves the due clears sla_state (the next sweep
    -- flags it again), and until 2026-12-04 the outcome could be dated
    -- before the flag in between (a review)
    IF NOT service_affair.session_by_superuser() AND at < (
           SELECT LEAST(pg_catalog.max(e.at), pg_catalog.now()) FROM service_affair.case_event e
            WHERE e.case_id = k.case_id AND NOT e.settled AND e.kind = 'check_overdue'
              AND e.detail->>'check_id' = k.id::text
              AND k.due < service_affair.local_day(e.at, k.calendar)
           -- no flag, no bound (until 2026-12-04 LEAST() took now() for the
           -- missing one, and refused every outcome dated before now; a review)
           HAVING pg_catalog.max(e.at) IS NOT NULL) THEN
        RAISE EXCEPTION 'time precedes the overdue flag of check %', k.id
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Time %s is before check %s was flagged overdue (its due day was %s).', at, k.id, k.due);
    END IF;
    IF at < k.created_at THEN
        RAISE EXCEPTION 'time precedes the opening of check %', k.id
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Time %s is before check %s was opened at %s.', at, k.id, k.created_at);
    END IF;
    c := service_affair.lock_open_case(k.case_id);  -- 55000 settled
    -- the revocation below must not precede what it undoes (the approval,
    -- the stages opened, the suspensions begun or ended and the decisions
    -- taken, the licences they issued): 22023, as any transition dated
    -- before an earlier step of the case.  A suspension still running is
    -- ended at the revocation's time (cancel_tasks()), which its check
    -- (resumed_at >= suspended_at) refused with 23514 until 2026-12-02
    IF outcome = 'broken' AND c.status = 'concluded' AND c.decision = 'approved' THEN
        PERFORM service_affair.require_not_before(c.id, at, c.concluded_at, 'conclusion');
    ELSIF outcome = 'broken' AND c.status = 'accepted' THEN
        PERFORM service_affair.require_not_before(c.id, at, service_affair.case_last_step(c.id), 'last step');
    END IF;
    -- broken: the case's one fact of its false commitment, new or the one
    -- an earlier broken check of the case recorded (commitment_fact())
    IF outcome = 'broken' THEN
        v_fact := service_affair.commitment_fact(c.id, k.id, at, findings);
        -- broken while waiting for an approval on commitment still to come:
        -- the approval will not be made, and the check is due from now, as
        -- one that stops waiting otherwise (commitment_withdraw_approval()):
        -- its due was provisional.  Until 2026-12-07 it kept the provisional
        -- one, counted from the acceptance: commitment_accountability, which
        -- counts no waiting check, put it into that past month when it
        -- was recorded, and counted it done late (a review;
        -- commitment_accountability_closed_month.sql)
        IF k.on_commitment AND EXISTS (
               SELECT FROM service_affair.task t JOIN service_affair.item i ON i.code = t.item
                WHERE t.case_id = k.case_id AND NOT t.settled AND t.status = 'waiting'
                  AND t.item = ANY (k.items) AND i.approval_mode = 'commitment') THEN
            k.due := GREATEST(k.due, service_affair.shifted_due(service_affair.local_day(at, k.calendar), k.check_days, 0, k.calendar));
            k.due_from := GREATEST(k.due_from, at);
        END IF;
        -- the case's other checks still waiting for their stage stop waiting
        -- too when the outcome revokes the case (revoke_case() cancels the
        -- waiting tasks, commitment_cancel_checks() the checks): due from
        -- now, as above, so that the cancellation comes by the due and the
        -- check counts in no month.  Until 2026-12-07 such a check kept its
        -- provisional due: counted in no month while it waited, it appeared
        -- in that past month as cancelled once the case was revoked (a
        -- review; commitment_accountability_closed_month.sql 13, 14)
        IF c.status = 'accepted' OR (c.status = 'concluded' AND c.decision = 'approved') THEN
            UPDATE service_affair.commitment_check x
               SET due = GREATEST(x.due, service_affair.shifted_due(service_affair.local_day(at, x.calendar), x.check_days, 0, x.calendar)),
                   due_from = GREATEST(x.due_from, at)
             WHERE x.case_id = c.id AND NOT x.settled AND x.status = 'open' AND x.id <> k.id AND x.on_commitment
               AND EXISTS (SELECT FROM service_affair.task t JOIN service_affair.item i ON i.code = t.item
                            WHERE t.case_id = x.case_id AND NOT t.settled AND t.status = 'waiting'
                              AND t.item = ANY (x.items) AND i.approval_mode = 'commitment');
        END IF;
    END IF;
    UPDATE service_affair.commitment_check x
       SET status = outcome, checked_at = at, checked_by = service_affair.actor(), findings = record_check.findings,
           sla_state = NULL, credit_event = v_fact, due = k.due, due_from = k.due_from
     WHERE x.id = k.id AND NOT x.settled;
    INSERT INTO service_affair.case_event (case_id, at, kind, from_status, to_status, detail)
    VALUES (c.id, at, 'check_' || outcome, c.status, c.status,
            pg_catalog.jsonb_build_object('check_id', k.id, 'department', k.department, 'materials', k.materials,
                                          'due', k.due, 'findings', findings)
            OPERATOR(pg_catalog.||) CASE WHEN v_fact IS NOT NULL
                                         THEN pg_catalog.jsonb_build_object('credit_event', v_fact) ELSE '{}' END);
    IF outcome = 'kept' THEN
        -- a kept commitment is part of a clean record (71_credit_targets.sql)
        PERFORM service_affair.credit_refresh_targets(at, sk.subject)
           FROM service_affair.applicant_subject(c.applicant) sk WHERE sk.subject_kind = 'org';
    ELSIF outcome = 'broken' THEN
        -- the approval falls with the commitment (a denial or a withdrawal has nothing to revoke)
        IF c.status = 'accepted' OR (c.status = 'concluded' AND c.decision = 'approved') THEN
            PERFORM service_affair.revoke_case(c.id, 'commitment', 'commitment broken', at,
                                               pg_catalog.jsonb_build_object('check_id', k.id, 'materials', k.materials,
                                                                             'findings', findings));
            c.status := 'revoked';
        END IF;
        -- revoked now, or before by a tolerance revocation: the case's other
        -- checks are moot (the fact is commitment_fact()'s)
        IF c.status = 'revoked' THEN
            PERFORM service_affair.commitment_cancel_checks(c.id, k.id, at);
        END IF;
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.record_check(bigint, text, text, timestamptz) IS
  'Records the outcome of an open commitment check: kept, broken or waived (broken and waived need findings, 22023); inspectors of the checking department and administrators (42501 otherwise, decided before anything is locked and alike for an unknown check; 23503 unknown check for administrators); a closed or settled check 55000 (a cancelled one naming its revoked case), kept or waived on a check covering an approval on commitment not made yet (its stage not open) 55000, or dated before that approval 22023; not dated before an overdue flag that still holds for the current due (22023); broken records the case''s one serious credit fact (commitment_fact(): a second broken check of the case, on a case denied or withdrawn, counts under the first''s fact, credit_event) and revokes the case''s approval (22023 when at precedes the conclusion, or for a case in progress the last supplement or task step recorded on it (case_last_step()), that it would revoke), and on a case so revoked or revoked before it cancels the case''s other open checks (commitment_cancel_checks()); broken on a check still waiting for an approval on commitment moves its provisional due to check_days from the outcome (due_from, as commitment_withdraw_approval()), and so does a broken outcome that revokes the case for its other checks still waiting, before they are cancelled; takes the due lock before the check (waits for a calendar edit in progress)';
REVOKE EXECUTE ON FUNCTION service_affair.record_check(bigint, text, text, timestamptz) FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- Overdue checks: flagged once by sla_sweep() (one event, one NOTIFY).
CREATE FUNCTION service_affair.commitment_sla_sweep(at timestamptz) RETURNS integer
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n integer := 0;
    r record;
    v_event bigint;
BEGIN
    FOR r IN
        SELECT k.id, k.case_id, k.department, k.due FROM service_affair.commitment_check k
         WHERE k.status = 'open' AND NOT k.settled AND k.sla_state IS NULL AND k.due < service_affair.local_day(at, k.calendar)
           -- not a check covering an approval on commitment still to come
           -- (a task of one of its items in mode commitment waiting for its
           -- stage): it cannot be kept yet, and its due runs from the
           -- approval (commitment_approve_open(); until 2026-12-07 it was
           -- flagged overdue meanwhile, a review).  Inline, as in
           -- commitment_accountability and record_check(): such a check
           -- stays a candidate of every sweep until its stage opens, and the
           -- PL/pgSQL function with SET search_path first called here cost
           -- ~7 us a candidate, 5 times the inline subquery
           -- (doc/benchmarks.md, "Commitment checks waiting for a stage")
           AND NOT (k.on_commitment AND EXISTS (
                    SELECT FROM service_affair.task t JOIN service_affair.item i ON i.code = t.item
                     WHERE t.case_id = k.case_id AND NOT t.settled AND t.status = 'waiting'
                       AND t.item = ANY (k.items) AND i.approval_mode = 'commitment'))
         ORDER BY k.id
           FOR UPDATE SKIP LOCKED
    LOOP
        UPDATE service_affair.commitment_check k SET sla_state = 'overdue' WHERE k.id = r.id AND NOT k.settled;
        v_event := NULL;
        INSERT INTO service_affair.case_event (case_id, at, kind, from_status, to_status, detail)
        SELECT r.case_id, at, 'check_overdue', c.status, c.status,
               pg_catalog.jsonb_build_object('check_id', r.id, 'case_id', r.case_id, 'department', r.department, 'due', r.due)
          FROM service_affair.cases c WHERE c.id = r.case_id AND NOT c.settled
        RETURNING id INTO v_event;
        PERFORM service_affair.sla_notify('check', v_event, at);  -- the event only (50_routing.sql)
        n := n + 1;
    END LOOP;
    PERFORM service_affair.credit_refresh_targets(at);  -- expired events lower target grades (71_credit_targets.sql)
    RETURN n;
END
$$;
COMMENT ON FUNCTION service_affair.commitment_sla_sweep(timestamptz) IS
  'Internal (sla_sweep): marks open checks past their due date overdue, once each (a case event check_overdue and NOTIFY service_affair_sla {"kind": "check", ...}); skips checks being recorded; refreshes the target grades; returns the number of checks flagged';
REVOKE EXECUTE ON FUNCTION service_affair.commitment_sla_sweep(timestamptz) FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- Calendar edits move the due dates of open checks (like recompute_dues for
-- tasks and cases), under the due lock; a moved check loses its overdue flag
-- (the next sweep flags it again if it still is).
CREATE FUNCTION service_affair.commitment_recompute_dues() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    edit jsonb;
BEGIN
    -- the check, the due lock, the days the edit changed (22_calendar_triggers.sql)
    edit := service_affair.calendar_recompute_begin('commitment_recompute_dues', TG_RELID, TG_WHEN, TG_LEVEL, TG_OP);
    IF edit = '{}'::jsonb THEN  -- no working day changed (a note, covered_until): nothing can move
        RETURN NULL;
    END IF;
    -- from the opening, or from due_from: the latest approval on commitment
    -- the check covers, made as a later stage opened (commitment_approve_open()),
    -- or the time it stopped waiting for one not made after all
    -- (commitment_withdraw_approval())
    UPDATE service_affair.commitment_check k
       SET due = x.new_due, sla_state = NULL
      FROM (SELECT y.id, service_affair.shifted_due(service_affair.local_day(GREATEST(y.created_at, y.due_from), y.calendar),
                                                    y.check_days, 0, y.calendar) AS new_due
              FROM service_affair.commitment_check y
             WHERE y.status = 'open' AND NOT y.settled AND service_affair.calendar_edit_moves(edit, y.calendar, y.due)) x
     WHERE k.id = x.id AND NOT k.settled AND k.due IS DISTINCT FROM x.new_due;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION service_affair.commitment_recompute_dues() IS
  'Trigger: after any edit of calendar or calendar_day, recompute the due dates of open commitment checks (shifted_due from the local acceptance day, or of due_from) that the edit can move (calendar_edit_moves()) under the due lock; refuses to run on any other table (42501)';
REVOKE EXECUTE ON FUNCTION service_affair.commitment_recompute_dues() FROM PUBLIC;
CREATE TRIGGER commitment_recompute_dues
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON service_affair.calendar
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.commitment_recompute_dues();
COMMENT ON TRIGGER commitment_recompute_dues ON service_affair.calendar IS 'A calendar edit moves the due dates of open commitment checks';
CREATE TRIGGER commitment_recompute_dues
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON service_affair.calendar_day
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.commitment_recompute_dues();
COMMENT ON TRIGGER commitment_recompute_dues ON service_affair.calendar_day IS 'A calendar edit moves the due dates of open commitment checks';

-- ---------------------------------------------------------------------------
-- Accountability (analysts: counts only).
-- The instant is sla_as_of() in an InitPlan, once a statement: a call in
-- each open check's row cost ~3 us while it was a SQL function with SET
-- search_path, never inlined (as in case_sla; doc/benchmarks-route.md); C
-- since 2026-12-05, it refuses a malformed or infinite service_affair.as_of
-- naming the setting (22007 / 22023), not local_day() (22008).
-- A closed month's due count is not rewritten by a later step (a review,
-- 2026-12-07; test/pgtap/commitment_accountability_closed_month.sql):
-- - a check waiting for its stage (an approval on commitment still to come)
--   has no due yet: its due is provisional, moved to the approval's
--   (commitment_approve_open()) or to the time it stops waiting
--   (commitment_withdraw_approval(); record_check() of a broken outcome), a
--   day not before that step.  It is counted nowhere until then (until
--   2026-12-07 it counted in the month of its provisional due and left it
--   when the approval was made, so a past month's due fell);
-- - a check cancelled (its case revoked, commitment_cancel_checks()) after
--   its due passed stays in its month, as cancelled: it was due, and open,
--   there (until 2026-12-07 it left the month when cancelled); one
--   cancelled by its due was never the department's to do and counts
--   nowhere.
-- What still moves a due of a past month: an outcome or a revocation dated
-- back into it (the caller's at), and a calendar edit of its days
-- (commitment_recompute_dues(), the edit's to make: doc/credit.md).
CREATE VIEW service_affair.commitment_accountability AS
SELECT k.department, pg_catalog.date_trunc('month', k.due)::date AS month,
       pg_catalog.count(*)::integer AS due,
       pg_catalog.count(*) FILTER (WHERE k.status NOT IN ('open', 'cancelled')
                                     AND service_affair.local_day(k.checked_at, k.calendar) <= k.due)::integer AS done_on_time,
       pg_catalog.count(*) FILTER (WHERE k.status NOT IN ('open', 'cancelled')
                                     AND service_affair.local_day(k.checked_at, k.calendar) > k.due)::integer AS done_late,
       pg_catalog.count(*) FILTER (WHERE k.status = 'open'
                                     AND k.due < service_affair.local_day((SELECT service_affair.sla_as_of()), k.calendar))::integer AS overdue,
       pg_catalog.count(*) FILTER (WHERE k.status = 'broken')::integer AS broken,
       pg_catalog.count(*) FILTER (WHERE k.status = 'cancelled')::integer AS cancelled
  FROM service_affair.commitment_check k
 -- a cancelled check is moot, no department's to do (commitment_cancel_checks()),
 -- unless its due had passed when it was cancelled
 WHERE (k.status <> 'cancelled' OR service_affair.local_day(k.checked_at, k.calendar) > k.due)
   -- not one covering an approval on commitment still to come (a task of
   -- one of its items in mode commitment waiting for its stage; inline, as
   -- in commitment_sla_sweep(), in the view's own rights): its due is not
   -- known yet
   AND NOT (k.status = 'open' AND k.on_commitment AND EXISTS (
            SELECT FROM service_affair.task t JOIN service_affair.item i ON i.code = t.item
             WHERE t.case_id = k.case_id AND NOT t.settled AND t.status = 'waiting'
               AND t.item = ANY (k.items) AND i.approval_mode = 'commitment'))
 GROUP BY k.department, pg_catalog.date_trunc('month', k.due);
COMMENT ON VIEW service_affair.commitment_accountability IS
  'Commitment checks per checking department and month of their due date: due, done on time, done late, overdue (open past due as of sla_as_of()), broken, cancelled after their due; a check waiting for an approval on commitment still to come (its due not known yet) and one cancelled by its due (moot: its case revoked) are left out, so that no later step moves a check out of a past month';
COMMENT ON COLUMN service_affair.commitment_accountability.department IS 'Checking department';
COMMENT ON COLUMN service_affair.commitment_accountability.month IS 'First day of the month of the due date';
COMMENT ON COLUMN service_affair.commitment_accountability.due IS 'Checks due in the month (done_on_time + done_late + overdue + cancelled + those open not yet past due)';
COMMENT ON COLUMN service_affair.commitment_accountability.done_on_time IS 'Recorded on or before the due date (calendar-local day)';
COMMENT ON COLUMN service_affair.commitment_accountability.done_late IS 'Recorded after the due date';
COMMENT ON COLUMN service_affair.commitment_accountability.overdue IS 'Still open after the due date';
COMMENT ON COLUMN service_affair.commitment_accountability.broken IS 'Recorded as broken';
COMMENT ON COLUMN service_affair.commitment_accountability.cancelled IS 'Cancelled after the due date, open until then (moot: its case revoked by a broken commitment found by another check)';

CREATE VIEW service_affair.commitment_break_rate AS
SELECT u.item, pg_catalog.count(*)::integer AS checks,
       pg_catalog.count(*) FILTER (WHERE k.status IN ('kept', 'broken'))::integer AS decided,
       pg_catalog.count(*) FILTER (WHERE k.status = 'broken')::integer AS broken,
       pg_catalog.round(pg_catalog.count(*) FILTER (WHERE k.status = 'broken')::numeric
                        / NULLIF(pg_catalog.count(*) FILTER (WHERE k.status IN ('kept', 'broken')), 0), 4) AS broken_rate
  FROM service_affair.commitment_check k
 CROSS JOIN LATERAL pg_catalog.unnest(k.items) AS u(item)
 GROUP BY u.item;
COMMENT ON VIEW service_affair.commitment_break_rate IS
  'Commitment checks per item: checks, decided (kept or broken), broken, and broken ÷ decided';
COMMENT ON COLUMN service_affair.commitment_break_rate.item IS 'Item covered by the checks';
COMMENT ON COLUMN service_affair.commitment_break_rate.checks IS 'Checks covering the item';
COMMENT ON COLUMN service_affair.commitment_break_rate.decided IS 'Checks recorded as kept or broken (waived ones are left out)';
COMMENT ON COLUMN service_affair.commitment_break_rate.broken IS 'Checks recorded as broken';
COMMENT ON COLUMN service_affair.commitment_break_rate.broken_rate IS 'broken ÷ decided (NULL when none decided)';

-- The update from 0.1.0: cases accepted before it with committed materials get
-- their checks, due from their acceptance (no effect at install: no cases).
INSERT INTO service_affair.commitment_check (case_id, department, materials, due, items, calendar, created_at, check_days)
SELECT c.id, COALESCE(i.check_department, i.department),
       pg_catalog.array_agg(DISTINCT m.material ORDER BY m.material),
       service_affair.shifted_due(service_affair.local_day(c.accepted_at, c.calendar), pg_catalog.min(i.check_days), 0, c.calendar),
       pg_catalog.array_agg(DISTINCT i.code ORDER BY i.code), c.calendar, c.accepted_at, pg_catalog.min(i.check_days)
  FROM service_affair.cases c
  JOIN service_affair.case_material m ON m.case_id = c.id AND m.initial_status = 'committed'
  JOIN service_affair.material mm ON mm.code = m.material AND mm.commitment_allowed
   AND (mm.item = c.item OR mm.item IN (SELECT bi.item FROM service_affair.bundle_item bi WHERE bi.bundle = c.bundle))
  JOIN service_affair.item i ON i.code = mm.item
 WHERE c.accepted_at IS NOT NULL AND c.status IN ('accepted', 'concluded')
 GROUP BY c.id, COALESCE(i.check_department, i.department), c.accepted_at, c.calendar
 ORDER BY c.id, 2;

INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    ('admin', 'SELECT', 'service_affair.commitment_check'),
    ('inspector', 'SELECT', 'service_affair.commitment_check'),
    ('admin', 'EXECUTE', 'service_affair.record_check(bigint,text,text,timestamp with time zone)'),
    ('inspector', 'EXECUTE', 'service_affair.record_check(bigint,text,text,timestamp with time zone)'),
    ('admin', 'SELECT', 'service_affair.commitment_accountability'),
    ('analyst', 'SELECT', 'service_affair.commitment_accountability'),
    ('admin', 'SELECT', 'service_affair.commitment_break_rate'),
    ('analyst', 'SELECT', 'service_affair.commitment_break_rate')
ON CONFLICT DO NOTHING;
