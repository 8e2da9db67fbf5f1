-- Months of the history and their retention (issue 17, part 1.1, slice 3;
-- doc/scale.md, "Slice 3: months ahead and retention").  Settling
-- (63_settle.sql) makes a month's partitions when a case needs them; making
-- a partition locks its <t>_settled for a moment, so that an analyst's long
-- read of the history holds the nightly settling up.  make_history_months()
-- makes them beforehand.  Retention moves whole months out of the history,
-- into an archive schema, and drops them only when the DBA asks for it by
-- name.  pg_partman is not used for either (doc/scale.md says why: its
-- months would carry no key and its retention does not know that a month
-- still has open cases).  New in 0.2.0: its update file is a link.

-- The settings, absent by default as the other settings of 0.2.0 (the
-- update adds no row to a table of 0.1.0):
--   history.months_ahead      months made ahead of the current one (default 3)
--   history.retention_months  months of history kept attached; absent: all
--   history.archive_schema    where retention moves a month (default service_affair_archive)
--   history.retention_drop    'true': retention drops a month instead (default false)
ALTER TABLE service_affair.setting ADD CONSTRAINT setting_history CHECK (
    (name <> 'history.months_ahead' OR (value ~ '^[0-9]{1,3}$' AND value::integer <= 120))
    AND (name <> 'history.retention_months' OR (value ~ '^[0-9]{1,4}$' AND value::integer BETWEEN 1 AND 1200))
    AND (name <> 'history.retention_drop' OR value IN ('true', 'false'))
    AND (name <> 'history.archive_schema'
         OR (value ~ '^[a-z_][a-z0-9_]{0,62}$' AND value !~ '^pg_'
             AND value NOT IN ('service_affair', 'public', 'information_schema'))));
COMMENT ON CONSTRAINT setting_history ON service_affair.setting IS
  'history.months_ahead is 0..120, history.retention_months 1..1200, history.retention_drop true or false, history.archive_schema a plain lower-case name that is not the extension''s, public or a system schema';

-- Every month partition of the history, from the catalog: the family is
-- whatever <t>_settled is ranged, so this view names no table of its own.
CREATE VIEW service_affair.history_partitions AS
SELECT pg_catalog.left(p.relname::text, -8) COLLATE "default" AS family_table,
       c.oid::pg_catalog.regclass AS partition,
       a.attname::text COLLATE "default" AS range_column,
       b.lo AS first_id,
       b.hi - 1 AS last_id,
       b.lo / 1000000000000000 AS shard,
       service_affair.case_month(b.lo) AS month,
       NULLIF(c.reltuples, -1)::bigint AS estimated_rows,
       pg_catalog.pg_total_relation_size(c.oid) AS bytes
  FROM pg_catalog.pg_partitioned_table pt
  JOIN pg_catalog.pg_class p ON p.oid = pt.partrelid
  JOIN pg_catalog.pg_attribute a ON a.attrelid = p.oid AND a.attnum = pt.partattrs[0]
  JOIN pg_catalog.pg_inherits i ON i.inhparent = p.oid
  JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
 CROSS JOIN LATERAL (
       SELECT pg_catalog.substring(x.bound, 'FROM \(''?(-?[0-9]+)''?\)')::bigint AS lo,
              pg_catalog.substring(x.bound, 'TO \(''?(-?[0-9]+)''?\)')::bigint AS hi
         FROM (SELECT pg_catalog.pg_get_expr(c.relpartbound, c.oid) AS bound) x) b
 WHERE p.relnamespace = 'service_affair'::pg_catalog.regnamespace
   AND p.relname ~ '_settled$'
   AND pt.partstrat = 'r';
COMMENT ON VIEW service_affair.history_partitions IS
  'Every partition of the history (<t>_settled) with its range of ids, the shard and month of submission they carry (month NULL for the numbers of 0.1.0 and for a partition without bounds), the planner''s row estimate (NULL before the first ANALYZE) and its size on disk in bytes; for administrators';
COMMENT ON COLUMN service_affair.history_partitions.family_table IS 'The table of the case family, e.g. task';
COMMENT ON COLUMN service_affair.history_partitions.partition IS 'The partition, e.g. service_affair.task_settled_202602';
COMMENT ON COLUMN service_affair.history_partitions.range_column IS 'The column the history of this table is ranged by';
COMMENT ON COLUMN service_affair.history_partitions.first_id IS 'Lowest value of the range column it holds';
COMMENT ON COLUMN service_affair.history_partitions.last_id IS 'Highest value of the range column it holds';
COMMENT ON COLUMN service_affair.history_partitions.shard IS 'The region shard that numbered its rows (0 on a single node)';
COMMENT ON COLUMN service_affair.history_partitions.month IS 'Month of submission of its cases, as its first day; NULL for the numbers of 0.1.0';
COMMENT ON COLUMN service_affair.history_partitions.estimated_rows IS 'pg_class.reltuples; NULL until the partition is first analyzed';
COMMENT ON COLUMN service_affair.history_partitions.bytes IS 'pg_total_relation_size(): table, indexes and TOAST';
REVOKE ALL ON service_affair.history_partitions FROM PUBLIC;

CREATE FUNCTION service_affair.make_history_months(months_ahead integer DEFAULT NULL,
                                                   at timestamptz DEFAULT pg_catalog.now())
    RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    ahead integer := months_ahead;
    shard_base bigint;
    before bigint;
    after bigint;
    t record;
    floor_id bigint;
BEGIN
    IF at IS NULL OR NOT pg_catalog.isfinite(at) THEN
        RAISE EXCEPTION 'make_history_months() needs a finite time'
            USING ERRCODE = '22023', DETAIL = pg_catalog.format('at is %s.', coalesce(at::text, 'NULL'));
    END IF;
    IF ahead IS NULL THEN
        SELECT s.value::integer INTO ahead FROM service_affair.setting s WHERE s.name = 'history.months_ahead';
        ahead := coalesce(ahead, 3);
    END IF;
    IF ahead NOT BETWEEN 0 AND 120 THEN
        RAISE EXCEPTION 'months_ahead must be between 0 and 120'
            USING ERRCODE = '22023', DETAIL = pg_catalog.format('months_ahead is %s.', ahead);
    END IF;
    -- one maker of months at a time, settling included (settle_cases() takes the same lock)
    LOCK TABLE ONLY service_affair.cases_settled IN SHARE UPDATE EXCLUSIVE MODE;
    SELECT pg_catalog.count(*) INTO before FROM service_affair.history_partitions;
    -- the first sequence value of this node's shard (0 on a single node)
    SELECT s.last_value - s.last_value % 1000000000000 INTO shard_base FROM service_affair.cases_id_seq s;
    FOR t IN SELECT DISTINCT h.family_table, h.range_column
               FROM (SELECT pg_catalog.left(p.relname::text, -8) AS family_table, a.attname::text AS range_column
                       FROM pg_catalog.pg_partitioned_table pt
                       JOIN pg_catalog.pg_class p ON p.oid = pt.partrelid
                       JOIN pg_catalog.pg_attribute a ON a.attrelid = p.oid AND a.attnum = pt.partattrs[0]
                      WHERE p.relnamespace = 'service_affair'::pg_catalog.regnamespace
                        AND p.relname ~ '_settled$' AND pt.partstrat = 'r') h
              ORDER BY 1
    LOOP
        -- the months of the open rows (they settle into them) and the months ahead
        FOR floor_id IN EXECUTE pg_catalog.format(
                'SELECT DISTINCT service_affair.month_floor(x.%1$I) FROM service_affair.%2$I x
                  UNION SELECT service_affair.month_floor(service_affair.case_id(
                                 (pg_catalog.date_trunc(''month'', $1 AT TIME ZONE ''UTC'')
                                  + pg_catalog.make_interval(months => g)) AT TIME ZONE ''UTC'', $2))
                        FROM pg_catalog.generate_series(0, $3) g
                  ORDER BY 1',
                t.range_column, t.family_table || '_active')
            USING at, shard_base, ahead
        LOOP
            PERFORM service_affair.history_month(t.family_table, floor_id);
        END LOOP;
    END LOOP;
    SELECT pg_catalog.count(*) INTO after FROM service_affair.history_partitions;
    RETURN (after - before)::integer;
END;
$$;
COMMENT ON FUNCTION service_affair.make_history_months(integer, timestamptz) IS
  'Makes, for every table of the case family, the history partitions that settling will need and that are missing: the months of every row still open, and the current month and months_ahead months after it (default: setting history.months_ahead, else 3) for this node''s shard; returns how many it made; named, keyed and indexed as settle_cases() makes them; run it from cron so that settling never has to make a month; 22023 for an infinite or null at or months_ahead outside 0..120';
REVOKE EXECUTE ON FUNCTION service_affair.make_history_months(integer, timestamptz) FROM PUBLIC;

CREATE FUNCTION service_affair.archive_history_month(month date, drop_month boolean DEFAULT false)
    RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    m date;
    open_cases bigint;
    archive text;
    part record;
    idx record;
    target text;
    k integer;
    n integer := 0;
BEGIN
    IF month IS NULL OR NOT pg_catalog.isfinite(month) THEN
        RAISE EXCEPTION 'archive_history_month() needs a month'
            USING ERRCODE = '22023', DETAIL = pg_catalog.format('month is %s.', coalesce(month::text, 'NULL'));
    END IF;
    IF drop_month IS NULL THEN
        RAISE EXCEPTION 'drop_month must be true or false' USING ERRCODE = '22023';
    END IF;
    m := pg_catalog.date_trunc('month', month)::date;
    IF m >= pg_catalog.date_trunc('month', pg_catalog.now() AT TIME ZONE 'UTC')::date THEN
        RAISE EXCEPTION 'month % is not over', pg_catalog.to_char(m, 'YYYY-MM')
            USING ERRCODE = '22023',
                  DETAIL = 'Cases of the current month are still being submitted; only a month before it can be archived.';
    END IF;
    -- the history's parents, in settling's order (cases_settled first): no
    -- reader or settling run holds a month while it is taken away
    LOCK TABLE ONLY service_affair.cases_settled, service_affair.task_suspension_settled,
        service_affair.rectification_settled, service_affair.rating_settled, service_affair.task_settled,
        service_affair.case_leg_settled, service_affair.commitment_check_settled,
        service_affair.case_material_settled, service_affair.case_event_settled
        IN ACCESS EXCLUSIVE MODE;
    SELECT pg_catalog.count(*) INTO open_cases FROM service_affair.cases_active c
     WHERE service_affair.case_month(c.id) = m;
    IF open_cases > 0 THEN
        RAISE EXCEPTION 'month % still has % open cases', pg_catalog.to_char(m, 'YYYY-MM'), open_cases
            USING ERRCODE = '55000',
                  DETAIL = 'A month is archived once every case submitted in it is settled (settle_cases()).';
    END IF;
    SELECT coalesce((SELECT s.value FROM service_affair.setting s WHERE s.name = 'history.archive_schema'),
                    'service_affair_archive') INTO archive;
    FOR part IN SELECT h.partition::pg_catalog.oid AS relid, h.family_table, h.range_column, h.first_id, h.last_id,
                       (SELECT c.relname::text FROM pg_catalog.pg_class c WHERE c.oid = h.partition) AS relname
                  FROM service_affair.history_partitions h
                 WHERE h.month = m ORDER BY h.family_table, h.first_id
    LOOP
        EXECUTE pg_catalog.format('ALTER TABLE service_affair.%I DETACH PARTITION service_affair.%I',
                                  part.family_table || '_settled', part.relname);
        n := n + 1;
        IF drop_month THEN
            EXECUTE pg_catalog.format('DROP TABLE service_affair.%I', part.relname);
            CONTINUE;
        END IF;
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_namespace s WHERE s.nspname = archive) THEN
            EXECUTE pg_catalog.format('CREATE SCHEMA %I', archive);
            EXECUTE pg_catalog.format('REVOKE ALL ON SCHEMA %I FROM PUBLIC', archive);
            EXECUTE pg_catalog.format('COMMENT ON SCHEMA %I IS %L', archive,
                'Months of service_affair''s history detached by retention (archive_history_month()): plain tables, no grants');
        END IF;
        -- a month archived before (a case of it settled later) keeps its name
        target := part.relname;
        k := 1;
        WHILE EXISTS (SELECT FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace s ON s.oid = c.relnamespace
                       WHERE s.nspname = archive AND c.relname = target) LOOP
            k := k + 1;
            target := part.relname || '_' || k;
        END LOOP;
        IF target <> part.relname THEN
            EXECUTE pg_catalog.format('ALTER TABLE service_affair.%I RENAME TO %I', part.relname, target);
            -- its key and indexes are named after it, and would collide too
            FOR idx IN SELECT c.relname::text AS relname FROM pg_catalog.pg_index x
                         JOIN pg_catalog.pg_class c ON c.oid = x.indexrelid
                        WHERE x.indrelid = part.relid AND pg_catalog.starts_with(c.relname::text, part.relname)
            LOOP
                EXECUTE pg_catalog.format('ALTER INDEX service_affair.%I RENAME TO %I', idx.relname,
                                          target || pg_catalog.substr(idx.relname, pg_catalog.length(part.relname) + 1));
            END LOOP;
        END IF;
        EXECUTE pg_catalog.format('ALTER TABLE service_affair.%I SET SCHEMA %I', target, archive);
        EXECUTE pg_catalog.format('COMMENT ON TABLE %I.%I IS %L', archive, target,
            pg_catalog.format('Archived history of %s, month of submission %s: detached from service_affair.%s on %s by archive_history_month(); %s from %s to %s',
                              part.family_table, pg_catalog.to_char(m, 'YYYY-MM'), part.family_table || '_settled',
                              pg_catalog.to_char(pg_catalog.now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI "UTC"'),
                              part.range_column, part.first_id, part.last_id));
    END LOOP;
    RETURN n;
END;
$$;
COMMENT ON FUNCTION service_affair.archive_history_month(date, boolean) IS
  'Takes the month of submission of month out of the history: detaches its partition of every table of the case family (every shard''s) and moves them, rows, keys and all, into the schema of setting history.archive_schema (default service_affair_archive, made when missing, no grants), or drops them when drop_month is true; returns how many partitions it took; holds every <t>_settled exclusively while it runs; 22023 for a null or infinite month or one not over yet, 55000 while a case of the month is open';
REVOKE EXECUTE ON FUNCTION service_affair.archive_history_month(date, boolean) FROM PUBLIC;

CREATE FUNCTION service_affair.history_maintenance(at timestamptz DEFAULT pg_catalog.now())
    RETURNS TABLE (action text, month date, partitions integer, detail text)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    keep integer;
    drop_months boolean;
    cutoff date;
    m date;
    open_cases bigint;
BEGIN
    IF at IS NULL OR NOT pg_catalog.isfinite(at) THEN
        RAISE EXCEPTION 'history_maintenance() needs a finite time'
            USING ERRCODE = '22023', DETAIL = pg_catalog.format('at is %s.', coalesce(at::text, 'NULL'));
    END IF;
    action := 'made';
    month := NULL;
    partitions := service_affair.make_history_months(NULL, at);
    detail := 'partitions made ahead';
    RETURN NEXT;
    SELECT s.value::integer INTO keep FROM service_affair.setting s WHERE s.name = 'history.retention_months';
    IF keep IS NULL THEN
        action := 'kept';
        partitions := 0;
        detail := 'history.retention_months is not set: every month stays';
        RETURN NEXT;
        RETURN;
    END IF;
    SELECT coalesce((SELECT s.value::boolean FROM service_affair.setting s WHERE s.name = 'history.retention_drop'), false)
      INTO drop_months;
    cutoff := LEAST((pg_catalog.date_trunc('month', at AT TIME ZONE 'UTC') - pg_catalog.make_interval(months => keep))::date,
                    pg_catalog.date_trunc('month', pg_catalog.now() AT TIME ZONE 'UTC')::date);
    FOR m IN SELECT DISTINCT h.month FROM service_affair.history_partitions h WHERE h.month < cutoff ORDER BY 1 LOOP
        month := m;
        SELECT pg_catalog.count(*) INTO open_cases FROM service_affair.cases_active c
         WHERE service_affair.case_month(c.id) = m;
        IF open_cases > 0 THEN
            action := 'kept';
            partitions := 0;
            detail := pg_catalog.format('%s open cases', open_cases);
        ELSE
            action := CASE WHEN drop_months THEN 'dropped' ELSE 'archived' END;
            partitions := service_affair.archive_history_month(m, drop_months);
            detail := CASE WHEN drop_months THEN 'history.retention_drop is true'
                           ELSE coalesce((SELECT s.value FROM service_affair.setting s WHERE s.name = 'history.archive_schema'),
                                         'service_affair_archive') END;
        END IF;
        RETURN NEXT;
    END LOOP;
END;
$$;
COMMENT ON FUNCTION service_affair.history_maintenance(timestamptz) IS
  'The nightly job of the history: make_history_months(), then, when setting history.retention_months is set, every month of submission older than that many months before at is archived (or dropped, only when history.retention_drop is true) unless a case of it is still open; one row per step (made, archived, dropped, or kept with the reason); 22023 for an infinite or null at';
REVOKE EXECUTE ON FUNCTION service_affair.history_maintenance(timestamptz) FROM PUBLIC;

INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    ('admin', 'SELECT', 'service_affair.history_partitions'),
    ('admin', 'EXECUTE', 'service_affair.make_history_months(integer,timestamp with time zone)'),
    ('admin', 'EXECUTE', 'service_affair.archive_history_month(date,boolean)'),
    ('admin', 'EXECUTE', 'service_affair.history_maintenance(timestamp with time zone)');
