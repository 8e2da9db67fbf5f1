-- Partitioned history, ids (issue 17, part 1.1; doc/scale.md "One node holds a
-- province"): every case id carries the month of its submission, and the ids of
-- its tasks and rating carry the same month, so that the history can be
-- partitioned by month of the case id and a by-id lookup reaches one month.
--
--   case id = month_index × 10^10 + n mod 10^10
--   month_index = (year − 2000) × 12 + month of the submission (UTC): 2026-11 is 323
--   n = nextval of the table's sequence (one sequence, as before)
-- Ids issued before 0.2 (below 10^10) keep their values: they are month 0.

CREATE FUNCTION service_affair.case_id(at timestamptz, n bigint) RETURNS bigint
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    m integer := (pg_catalog.date_part('year', at AT TIME ZONE 'UTC')::integer - 2000) * 12
                 + pg_catalog.date_part('month', at AT TIME ZONE 'UTC')::integer;
BEGIN
    IF m < 1 OR m >= 100000 OR n < 0 THEN
        RAISE EXCEPTION 'time outside the range of case ids'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Time %s is before 2000-01-01 or after 10333-03-31 UTC, or sequence value %s is negative.', at, n);
    END IF;
    RETURN m::bigint * 10000000000 + n % 10000000000;
END
$$;
COMMENT ON FUNCTION service_affair.case_id(timestamptz, bigint) IS
  'The case id of a submission at the given time with sequence value n: month index ((year − 2000) × 12 + month, UTC) × 10^10 + n mod 10^10 (2026-11: 3230000000000 + n); 22023 before 2000 or after month 99999';

-- A region shard (service_affair_shard.setup_shard(), doc/scale.md) starts
-- the sequence of cases at k × 10^12 + 1: its case ids are k × 10^15 + the id
-- of the month, so that the shard of an id stays in its first digits
-- (service_affair_shard.shard_of_id()).  0 on a single node.
CREATE FUNCTION service_affair.id_base() RETURNS bigint
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
RETURN COALESCE((SELECT (s.seqmin / 1000000000000) * 1000000000000000 FROM pg_catalog.pg_sequence s
                   WHERE s.seqrelid = pg_catalog.to_regclass('service_affair.cases_id_seq')), 0);
COMMENT ON FUNCTION service_affair.id_base() IS
  'The base of the case ids of this database: 0 on a single node, k × 10^15 on region shard k (its sequence of cases starts at k × 10^12 + 1); submit() adds it to case_id()';

CREATE FUNCTION service_affair.month_floor(id bigint) RETURNS bigint
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
RETURN id - id % 10000000000;
COMMENT ON FUNCTION service_affair.month_floor(bigint) IS
  'The lowest id of the month an id carries (id − id mod 10^10): the lower bound of its history partition; a task or rating id gives the month of its case';

CREATE FUNCTION service_affair.month_id(of_id bigint, n bigint) RETURNS bigint
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
RETURN service_affair.month_floor(of_id) + n % 10000000000;
COMMENT ON FUNCTION service_affair.month_id(bigint, bigint) IS
  'Internal: an id in the month of another id (the case of a task or rating) with sequence value n: month_floor(of_id) + n mod 10^10';
REVOKE EXECUTE ON FUNCTION service_affair.month_id(bigint, bigint) FROM PUBLIC;

-- The tables of the case family, partitioned by month of the case id
-- (cases by id, the others by case_id), a parent before its children.
CREATE FUNCTION service_affair.history_tables()
    RETURNS TABLE (name text, key text, ord integer)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
VALUES ('cases', 'id', 1), ('case_material', 'case_id', 2), ('case_event', 'case_id', 3),
       ('case_leg', 'case_id', 4), ('commitment_check', 'case_id', 5), ('task', 'case_id', 6),
       ('task_suspension', 'case_id', 7), ('rating', 'case_id', 8), ('rectification', 'case_id', 9)
$$;
COMMENT ON FUNCTION service_affair.history_tables() IS
  'The tables of the case family partitioned by month of the case id (doc/scale.md): name, partition key column, and the order partitions are made (parents first)';

-- Internal: one partition of a family table: lo NULL is <name>_p0, the ids
-- issued before 0.2 (MINVALUE to 10^10); else <name>_p<lo>, the month
-- [lo, lo + 10^10) (pg_partman's name for it).  No grants (row-level security
-- is on the parent: a role reading a partition would see every row of it);
-- marked for pg_dump when made by the extension's script.  Returns whether it
-- was made (false: it exists).
CREATE FUNCTION service_affair.history_partition(tbl text, lo bigint)
    RETURNS boolean
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    part text := tbl || '_p' || COALESCE(lo, 0);
    rel  regclass;
BEGIN
    IF NOT EXISTS (SELECT FROM service_affair.history_tables() h WHERE h.name = tbl) THEN
        RAISE EXCEPTION 'not a history table: %', tbl USING ERRCODE = 'invalid_parameter_value',
            DETAIL = pg_catalog.format('%s is not one of the tables of service_affair.history_tables().', tbl);
    END IF;
    IF pg_catalog.to_regclass(pg_catalog.format('service_affair.%I', part)) IS NOT NULL THEN
        RETURN false;
    END IF;
    EXECUTE pg_catalog.format('CREATE TABLE service_affair.%I PARTITION OF service_affair.%I FOR VALUES FROM (%s) TO (%s)',
                              part, tbl, COALESCE(lo::text, 'MINVALUE'),
                              COALESCE(lo OPERATOR(pg_catalog.+) 10000000000, 10000000000));
    rel := pg_catalog.format('service_affair.%I', part)::regclass;
    EXECUTE pg_catalog.format('COMMENT ON TABLE %s IS %L', rel,
        CASE WHEN lo IS NULL
             THEN pg_catalog.format('History partition of service_affair.%s: ids issued before 0.2 (below 10^10)', tbl)
             ELSE pg_catalog.format('History partition of service_affair.%s: month %s (case ids %s to %s)', tbl,
                                    pg_catalog.to_char(DATE '2000-01-01' + pg_catalog.make_interval(months =>
                                        (lo OPERATOR(pg_catalog./) 10000000000)::integer OPERATOR(pg_catalog.-) 1), 'YYYY-MM'),
                                    lo, lo OPERATOR(pg_catalog.+) 9999999999) END);
    EXECUTE pg_catalog.format('REVOKE ALL ON %s FROM PUBLIC', rel);
    IF EXISTS (SELECT FROM pg_catalog.pg_depend d
                WHERE d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::regclass
                  AND d.objid OPERATOR(pg_catalog.=) rel AND d.deptype OPERATOR(pg_catalog.=) 'e') THEN
        PERFORM pg_catalog.pg_extension_config_dump(rel, '');
    END IF;
    RETURN true;
END
$$;
COMMENT ON FUNCTION service_affair.history_partition(text, bigint) IS
  'Internal: makes the partition of a history table for the month starting at id lo (lo NULL: <table>_p0, ids below 10^10), without grants, marked for pg_dump when the extension script makes it; false when it exists';
REVOKE EXECUTE ON FUNCTION service_affair.history_partition(text, bigint) FROM PUBLIC;

-- Internal: the partitions of every family table for the month of time at,
-- made when missing (one catalog lookup when they exist).  submit() calls it
-- before writing a case, so that a submission never fails for want of its
-- month's partition (a back-dated one, or a month history_partitions() did not
-- make ahead); making them locks the family's tables until commit, once a month.
CREATE FUNCTION service_affair.history_month(at timestamptz)
    RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    lo bigint := service_affair.case_id(at, 0) + service_affair.id_base();
    h  record;
BEGIN
    IF to_regclass('service_affair.cases_p' || lo) IS NOT NULL THEN
        RETURN;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('service_affair.history_partitions'));
    BEGIN
        FOR h IN SELECT t.name FROM service_affair.history_tables() t ORDER BY t.ord LOOP
            PERFORM service_affair.history_partition(h.name, lo);
        END LOOP;
    EXCEPTION WHEN object_in_use THEN
        -- a statement of this session reads cases (SELECT submit(...) FROM cases ...)
        RAISE EXCEPTION 'no partition for month %', pg_catalog.to_char(at AT TIME ZONE 'UTC', 'YYYY-MM')
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('The partitions of month %s do not exist and cannot be made inside a statement that reads service_affair.cases.',
                                             pg_catalog.to_char(at AT TIME ZONE 'UTC', 'YYYY-MM')),
                  HINT = 'Make them first: SELECT service_affair.history_partitions(), or service_affair.history_month(at) as a superuser.';
    END;
END
$$;
COMMENT ON FUNCTION service_affair.history_month(timestamptz) IS
  'Internal: makes the partitions of every history table for the month (UTC) of the given time when they are missing; called by submit()';
REVOKE EXECUTE ON FUNCTION service_affair.history_month(timestamptz) FROM PUBLIC;

-- The DBA's (or cron's) maintenance: the partitions of this month and of the
-- next months_ahead months of every family table.  sla_sweep() calls it when
-- next month's partition of cases is missing, so a deployment that schedules
-- the sweep (doc/deployment.md) never runs out of partitions.
CREATE FUNCTION service_affair.history_partitions(months_ahead integer DEFAULT 3)
    RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    cur bigint := (service_affair.case_id(now(), 0) + service_affair.id_base()) / 10000000000;
    m   bigint;
    h   record;
    n   integer := 0;
BEGIN
    IF months_ahead IS NULL OR months_ahead < 0 OR months_ahead > 120 THEN
        RAISE EXCEPTION 'months_ahead out of range' USING ERRCODE = 'invalid_parameter_value',
            DETAIL = pg_catalog.format('months_ahead must be 0 to 120, not %s.', COALESCE(months_ahead::text, 'NULL'));
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('service_affair.history_partitions'));
    FOR m IN cur .. cur + months_ahead LOOP
        FOR h IN SELECT t.name FROM service_affair.history_tables() t ORDER BY t.ord LOOP
            IF service_affair.history_partition(h.name, m * 10000000000) THEN
                n := n + 1;
            END IF;
        END LOOP;
    END LOOP;
    RETURN n;
END
$$;
COMMENT ON FUNCTION service_affair.history_partitions(integer) IS
  'Makes the missing partitions of every history table for the current month (UTC) and the next months_ahead months (0 to 120); returns how many it made. DBA maintenance (pg_cron); sla_sweep() calls it when next month''s partition is missing';
REVOKE EXECUTE ON FUNCTION service_affair.history_partitions(integer) FROM PUBLIC;
INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    ('admin', 'EXECUTE', 'service_affair.history_partitions(integer)');

-- Internal: history_partitions() for sla_sweep(), which must never wait: when
-- another transaction holds a lock on a family table (a submission in flight),
-- nothing is made and the next sweep tries again.  Returns whether it ran.
CREATE FUNCTION service_affair.history_partitions_nowait()
    RETURNS boolean
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    h record;
BEGIN
    FOR h IN SELECT t.name FROM service_affair.history_tables() t ORDER BY t.ord LOOP
        EXECUTE pg_catalog.format('LOCK TABLE service_affair.%I IN ACCESS EXCLUSIVE MODE NOWAIT', h.name);
    END LOOP;
    PERFORM service_affair.history_partitions();
    RETURN true;
EXCEPTION WHEN lock_not_available THEN
    RETURN false;
END
$$;
COMMENT ON FUNCTION service_affair.history_partitions_nowait() IS
  'Internal: history_partitions() unless a family table is locked by another transaction (then nothing, false); called by sla_sweep() when next month''s partition is missing';
REVOKE EXECUTE ON FUNCTION service_affair.history_partitions_nowait() FROM PUBLIC;
