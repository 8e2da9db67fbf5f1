-- Settling (issue 17, part 1.1, slice 2; doc/scale.md, "Slice 2: settling"):
-- a case that can change no more moves, with every row of it, from the open
-- partitions (<t>_active) into the history (<t>_settled, one partition per
-- month of the case id), so that open work stays a small, constant set
-- however much history there is.  The rule has one home, src/core/settle.c;
-- the move is src/settle.c.  New in 0.2.0: its update file is a link.

-- The quiet period, setting settle.quiet_days (default 90 when absent, as
-- the credit settings: the update adds no row to a table of 0.1.0): a case
-- settles only when its last event is this many days old (a rating, a
-- visit, any event restarts it).  After settling, every write to the case
-- is refused (55000): rate() too, which has no time limit of its own, hence
-- a setting.  A DBA sets it with
--   INSERT INTO service_affair.setting (name, value) VALUES ('settle.quiet_days', '180');
-- (another settle.* name, a typo, is refused rather than ignored)
-- (NOT VALID: validated with every setting_* constraint by 97_setting_validate.sql,
-- which names the rows of a 0.1.0 database it refuses)
ALTER TABLE service_affair.setting ADD CONSTRAINT setting_settle_days CHECK (
    name NOT LIKE 'settle.%' OR (name = 'settle.quiet_days' AND value ~ '^[0-9]{1,5}$' AND value::integer <= 36500)) NOT VALID;
COMMENT ON CONSTRAINT setting_settle_days ON service_affair.setting IS
  'settle.quiet_days is an integer between 0 and 36500 days, and the only settle.* setting (another name of the area is refused, not ignored)';

CREATE FUNCTION service_affair.settle_cases(at timestamptz DEFAULT pg_catalog.now(), max_cases integer DEFAULT 1000)
    RETURNS integer
    AS 'MODULE_PATHNAME', 'sa_settle_cases'
    LANGUAGE C VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION service_affair.settle_cases(timestamptz, integer) IS
  'Moves at most max_cases cases that can change no more into the history and returns how many: withdrawn, revoked and returned cases, and concluded ones delivered with no tolerated material owed, with no leg under way, no commitment check, no rectification open (neither closed nor lapsed: more than settle.quiet_days days past its fix due day, fix_state()) and no call-back of one still owed (neither made nor missed: more than settle.quiet_days days past its due day, callback_state(); but those of an appealed rating), whose last event is at least settle.quiet_days before at; each with all its rows (materials, events, tasks, suspensions, rating, rectification, legs, checks), after a settled event, into the history partitions of its month (made when missing); a case a writer holds is left for the next run; one run at a time; 22023 at null or infinite, or (in a session whose user is not a superuser) more than an hour after the start of the statement, max_cases outside 1..100000; READ COMMITTED only (55000 in a REPEATABLE READ or SERIALIZABLE transaction, where a rating committed after the snapshot went unseen and the run ended with 23503)';
REVOKE EXECUTE ON FUNCTION service_affair.settle_cases(timestamptz, integer) FROM PUBLIC;

-- Internal: the month of a table's history holding an id, made when
-- missing (a region move copies settled rows: service_affair_shard).
CREATE FUNCTION service_affair.history_month(tbl text, id bigint) RETURNS void
    AS 'MODULE_PATHNAME', 'sa_history_month'
    LANGUAGE C VOLATILE;
COMMENT ON FUNCTION service_affair.history_month(text, bigint) IS
  'Internal: makes the month partition of <tbl>_settled that holds the value id of its range column (named, bounded, keyed and indexed as settle_cases() makes them, with the column statistics targets, n_distinct options and replica identity FULL or NOTHING of <tbl>_settled) when none holds it; 22023 for a table not of the case family or an id outside the range of case numbers';
REVOKE EXECUTE ON FUNCTION service_affair.history_month(text, bigint) FROM PUBLIC;

INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    ('admin', 'EXECUTE', 'service_affair.settle_cases(timestamp with time zone,integer)');

-- A writer's wait for a row that settling may move.  settle_cases() holds
-- each case it settles (FOR UPDATE) while it moves the case's rows into the
-- history, and PostgreSQL answers a transaction that waited to lock a row
-- that was then moved to another partition with 40001 ("tuple to be locked
-- was already moved to another partition"), in read committed too.  So a
-- writer locks its row with SKIP LOCKED (no cost when nobody holds it) and,
-- when it finds none, waits here: in a subtransaction of its own, where a
-- row moved meanwhile means, in read committed, that the case settled (the
-- writer then refuses with 55000 as when it came later: refuse_case() and
-- the like); in repeatable read and serializable the 40001 stands, since
-- the writer's snapshot still shows the row open.  True when the row is
-- open and now locked by the caller (what: case FOR NO KEY UPDATE, check FOR
-- UPDATE, case share FOR SHARE, rating FOR UPDATE).
CREATE FUNCTION service_affair.settle_wait(what text, id bigint) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    CASE what
        WHEN 'case' THEN
            PERFORM FROM service_affair.cases x WHERE x.id = settle_wait.id AND NOT x.settled FOR NO KEY UPDATE;
        WHEN 'case share' THEN
            PERFORM FROM service_affair.cases x WHERE x.id = settle_wait.id AND NOT x.settled FOR SHARE;
        WHEN 'rating' THEN
            PERFORM FROM service_affair.rating x WHERE x.id = settle_wait.id AND NOT x.settled FOR UPDATE;
        WHEN 'check' THEN
            PERFORM FROM service_affair.commitment_check x WHERE x.id = settle_wait.id AND NOT x.settled FOR UPDATE;
    END CASE;
    RETURN FOUND;
EXCEPTION WHEN serialization_failure THEN
    IF service_affair.xact_snapshot_kept() THEN  -- 06_arguments.sql
        RAISE;
    END IF;
    RETURN false;  -- moved into the history while this waited: settled
END
$$;
COMMENT ON FUNCTION service_affair.settle_wait(text, bigint) IS
  'Internal: waits for and locks the open case (what case: FOR NO KEY UPDATE; case share: FOR SHARE), rating or commitment check of this id after a writer''s SKIP LOCKED found it held; false when it is not open, or (read committed) was moved into the history by settle_cases() while this waited, where PostgreSQL raises 40001';
REVOKE EXECUTE ON FUNCTION service_affair.settle_wait(text, bigint) FROM PUBLIC;

-- Reads of the history by id.  The history is partitioned by the month an
-- id carries, and PostgreSQL leaves the other months out only when it plans
-- a statement with the id's value.  A plan cached by PL/pgSQL (the generic
-- plan it tries at the sixth call, or keeps under force_generic_plan) and
-- the plan of an SQL function know only a parameter: they read and lock
-- every month of the table, 1,526 relation locks for one notice() with 300
-- months (doc/scale.md, "Reads of the history by id"), enough for a few
-- such calls at once to exhaust the server's lock table, and each waits for
-- any month being made or archived.  So every read of a settled case, task,
-- rating or of the rows of a settled case goes through one of these, with
-- plan_cache_mode = force_custom_plan: planned each time with the value, it
-- reads and locks the id's month only.  Callers read the open rows first,
-- with the constant NOT settled, and come here only when they found none.
CREATE FUNCTION service_affair.settled_case(case_id bigint) RETURNS SETOF service_affair.cases
    LANGUAGE plpgsql STABLE ROWS 1
    SET search_path = pg_catalog, pg_temp
    SET plan_cache_mode = force_custom_plan
AS $$
BEGIN
    RETURN QUERY SELECT * FROM service_affair.cases x WHERE x.id OPERATOR(pg_catalog.=) settled_case.case_id AND x.settled;
END
$$;
COMMENT ON FUNCTION service_affair.settled_case(bigint) IS
  'Internal: the settled case of this id, read from its month of the history only (no row for an open or unknown case)';
REVOKE EXECUTE ON FUNCTION service_affair.settled_case(bigint) FROM PUBLIC;

-- settled_case() and its twin on the open rows in one, for case_progress():
-- the same call, the same statement and the same planning whatever the case
-- number, the open rows read when settled is false (the history then out of
-- the plan: an open case does not touch it), the history's month of the id
-- when true.  Until 2026-12-05 case_progress() called open_case() for an open
-- case and settled_case() for another, two statements of its own cached and
-- planned apart, and a wrong identifier for an existing case number was
-- answered some 90 us faster than an unknown number (a timing oracle, a
-- review; doc/benchmarks-access.md).
CREATE FUNCTION service_affair.case_by_state(case_id bigint, settled boolean) RETURNS SETOF service_affair.cases
    LANGUAGE plpgsql STABLE ROWS 1
    SET search_path = pg_catalog, pg_temp
    SET plan_cache_mode = force_custom_plan
AS $$
BEGIN
    RETURN QUERY SELECT * FROM service_affair.cases x
                  WHERE x.id OPERATOR(pg_catalog.=) case_by_state.case_id AND x.settled OPERATOR(pg_catalog.=) case_by_state.settled;
END
$$;
COMMENT ON FUNCTION service_affair.case_by_state(bigint, boolean) IS
  'Internal (case_progress()): the case of this id among the open rows (settled false: the history out of the plan) or from its month of the history (settled true), planned each call with both values, so that every case number takes the same statement';
REVOKE EXECUTE ON FUNCTION service_affair.case_by_state(bigint, boolean) FROM PUBLIC;

CREATE FUNCTION service_affair.settled_task(task_id bigint) RETURNS SETOF service_affair.task
    LANGUAGE plpgsql STABLE ROWS 1
    SET search_path = pg_catalog, pg_temp
    SET plan_cache_mode = force_custom_plan
AS $$
BEGIN
    RETURN QUERY SELECT * FROM service_affair.task x WHERE x.id OPERATOR(pg_catalog.=) settled_task.task_id AND x.settled;
END
$$;
COMMENT ON FUNCTION service_affair.settled_task(bigint) IS
  'Internal: the settled task of this id, read from its month of the history only (no row for an open or unknown task)';
REVOKE EXECUTE ON FUNCTION service_affair.settled_task(bigint) FROM PUBLIC;

CREATE FUNCTION service_affair.settled_rating(rating_id bigint) RETURNS SETOF service_affair.rating
    LANGUAGE plpgsql STABLE ROWS 1
    SET search_path = pg_catalog, pg_temp
    SET plan_cache_mode = force_custom_plan
AS $$
BEGIN
    RETURN QUERY SELECT * FROM service_affair.rating x WHERE x.id OPERATOR(pg_catalog.=) settled_rating.rating_id AND x.settled;
END
$$;
COMMENT ON FUNCTION service_affair.settled_rating(bigint) IS
  'Internal: the settled rating of this id, read from its month of the history only (no row for an open or unknown rating)';
REVOKE EXECUTE ON FUNCTION service_affair.settled_rating(bigint) FROM PUBLIC;

CREATE FUNCTION service_affair.settled_case_materials(case_id bigint) RETURNS SETOF service_affair.case_material
    LANGUAGE plpgsql STABLE ROWS 6
    SET search_path = pg_catalog, pg_temp
    SET plan_cache_mode = force_custom_plan
AS $$
BEGIN
    RETURN QUERY SELECT * FROM service_affair.case_material x WHERE x.case_id OPERATOR(pg_catalog.=) settled_case_materials.case_id AND x.settled;
END
$$;
COMMENT ON FUNCTION service_affair.settled_case_materials(bigint) IS
  'Internal: the materials of a settled case, read from its month of the history only';
REVOKE EXECUTE ON FUNCTION service_affair.settled_case_materials(bigint) FROM PUBLIC;

CREATE FUNCTION service_affair.settled_case_legs(case_id bigint) RETURNS SETOF service_affair.case_leg
    LANGUAGE plpgsql STABLE ROWS 2
    SET search_path = pg_catalog, pg_temp
    SET plan_cache_mode = force_custom_plan
AS $$
BEGIN
    RETURN QUERY SELECT * FROM service_affair.case_leg x WHERE x.case_id OPERATOR(pg_catalog.=) settled_case_legs.case_id AND x.settled;
END
$$;
COMMENT ON FUNCTION service_affair.settled_case_legs(bigint) IS
  'Internal: the legs of a settled case (代收代办), read from its month of the history only (case_progress())';
REVOKE EXECUTE ON FUNCTION service_affair.settled_case_legs(bigint) FROM PUBLIC;

-- The tasks of a settled case.  task_settled is partitioned by task id, and
-- a single node numbers a task in its case's month (src/routing.c, the rule
-- of month_id()): bounded by that month with number_in_months()
-- (38_case_ids.sql, the one home of the bound), the read names it.  A number
-- of 0.1.0 (no month) or of a region shard (where a task may carry the range
-- of another shard its region moved from) is not bounded there: the read
-- visits every month of task_settled.
CREATE FUNCTION service_affair.settled_case_tasks(case_id bigint) RETURNS SETOF service_affair.task
    LANGUAGE plpgsql STABLE ROWS 2
    SET search_path = pg_catalog, pg_temp
    SET plan_cache_mode = force_custom_plan
AS $$
DECLARE
    v_month timestamptz := service_affair.case_month(settled_case_tasks.case_id)::timestamp AT TIME ZONE 'UTC';
BEGIN
    RETURN QUERY SELECT * FROM service_affair.task x
                  WHERE x.case_id OPERATOR(pg_catalog.=) settled_case_tasks.case_id AND x.settled
                    AND service_affair.number_in_months(x.id, v_month, v_month OPERATOR(pg_catalog.+) interval '1 month');
END
$$;
COMMENT ON FUNCTION service_affair.settled_case_tasks(bigint) IS
  'Internal: the tasks of a settled case; on a single node read from the case''s month of the history only, on a region shard from every month';
REVOKE EXECUTE ON FUNCTION service_affair.settled_case_tasks(bigint) FROM PUBLIC;
