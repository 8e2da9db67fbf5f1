-- Months of the history and their retention (issue 17, part 1.1, slice 3;
-- doc/scale.md, "Slice 3: months ahead and retention").  Settling
-- (63_settle.sql) makes a month's partitions when a case needs them; making
-- a partition locks its <t>_settled for a moment, so that an analyst's long
-- read of the history holds the nightly settling up.  make_history_months()
-- makes them beforehand.  Retention moves whole months out of the history,
-- into an archive schema; nothing of the extension drops them (a superuser
-- drops archived tables by hand, as any table).  pg_partman is not used for
-- either (doc/scale.md says why: its
-- months would carry no key and its retention does not know that a month
-- still has open cases).  New in 0.2.0: its update file is a link.

-- The settings, absent by default as the other settings of 0.2.0 (the
-- update adds no row to a table of 0.1.0):
--   history.months_ahead      months made ahead of the current one (default 3)
--   history.retention_months  months of history kept attached; absent: all
--   history.archive_schema    where retention moves a month (default service_affair_archive)
-- (NOT VALID: validated with every setting_* constraint by 97_setting_validate.sql,
-- which names the rows of a 0.1.0 database it refuses)
ALTER TABLE service_affair.setting ADD CONSTRAINT setting_history CHECK (
    -- another history.* name (a typo) is refused rather than ignored
    (name NOT LIKE 'history.%' OR name IN ('history.months_ahead', 'history.retention_months', 'history.archive_schema'))
    AND (name <> 'history.months_ahead' OR (value ~ '^[0-9]{1,2}$' AND value::integer <= 24))
    AND (name <> 'history.retention_months' OR (value ~ '^[0-9]{1,4}$' AND value::integer BETWEEN 1 AND 1200))
    AND (name <> 'history.archive_schema'
         OR (value ~ '^[a-z_][a-z0-9_]{0,62}$' AND value !~ '^pg_'
             AND value !~ '^sa_move_' AND value NOT IN ('public', 'information_schema')
             AND (value = 'service_affair_archive' OR value !~ '^service_affair')))) NOT VALID;
COMMENT ON CONSTRAINT setting_history ON service_affair.setting IS
  'The history.* settings are history.months_ahead (another name of the area is refused, not ignored), 0..24, history.retention_months 1..1200, history.archive_schema a plain lower-case name that is not public, a system schema, or one of the extensions'' own (service_affair… but service_affair_archive, sa_move_…)';

-- Every month partition of the history, from the catalog: the family is
-- whatever <t>_settled is ranged, so this view names no table of its own.
CREATE VIEW service_affair.history_partitions AS
SELECT pg_catalog.left(p.relname::text, -8) COLLATE "default" AS family_table,
       c.oid::pg_catalog.regclass AS partition,
       a.attname::text COLLATE "default" AS range_column,
       b.lo AS first_id,
       b.hi - 1 AS last_id,
       b.lo / 1000000000000000 AS shard,
       CASE WHEN b.lo % 10000000000 = 0 AND b.hi - b.lo = 10000000000 THEN service_affair.case_month(b.lo) END AS month,
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
  'Every partition of the history (<t>_settled) with its range of ids, the shard and month of submission they carry (month NULL for the numbers of 0.1.0 and for a partition that is not exactly one month: a default partition or one a DBA made over several), the planner''s row estimate (NULL before the first ANALYZE) and its size on disk in bytes; for administrators';
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
    IF at IS NULL OR NOT pg_catalog.isfinite(at) OR at > pg_catalog.now() + interval '1 year' THEN
        RAISE EXCEPTION 'make_history_months() needs a finite time no later than a year from now'
            USING ERRCODE = '22023', DETAIL = pg_catalog.format('at is %s.', coalesce(at::text, 'NULL'));
    END IF;
    IF ahead IS NULL THEN
        SELECT s.value::integer INTO ahead FROM service_affair.setting s WHERE s.name = 'history.months_ahead';
        ahead := coalesce(ahead, 3);
    END IF;
    IF ahead NOT BETWEEN 0 AND 24 THEN
        RAISE EXCEPTION 'months_ahead must be between 0 and 24'
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
  'Makes, for every table of the case family, the history partitions that settling will need and that are missing: the months of every row still open, and the current month and months_ahead months after it (default: setting history.months_ahead, else 3) for this node''s shard; returns how many it made; named, keyed and indexed as settle_cases() makes them; run it from cron so that settling never has to make a month; 22023 for a null or infinite at or one more than a year from now, or months_ahead outside 0..24, and (from case_id()) for an at before 2000-01, the first month a case number carries';
REVOKE EXECUTE ON FUNCTION service_affair.make_history_months(integer, timestamptz) FROM PUBLIC;

-- Internal: why a month cannot leave the history yet, or NULL.  A case of
-- it still open would settle into a month that is gone; a valid licence of
-- it with a last day needs its case's calendar to expire (expire_licences());
-- one valid for ever does not; a complaint not closed about a case of it
-- needs the case's region to be handled by its clerks (require_case(): until
-- 2026-12-04 the month left with it, and only an administrator could assign
-- it or record its call-back; a review).
CREATE FUNCTION service_affair.history_month_blocker(month date) RETURNS text
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT CASE
        WHEN o.n > 0 THEN pg_catalog.format('%s open cases', o.n)
        WHEN l.n > 0 THEN pg_catalog.format('%s valid licences', l.n)
        WHEN q.n > 0 THEN pg_catalog.format('%s open complaints', q.n)
        END
      FROM (SELECT pg_catalog.count(*) AS n FROM service_affair.cases_active c
             WHERE service_affair.case_month(c.id) = pg_catalog.date_trunc('month', month)::date) o,
           (SELECT pg_catalog.count(*) AS n FROM service_affair.licence x
             WHERE x.status = 'valid' AND x.valid_until IS NOT NULL
               AND service_affair.case_month(x.case_id) = pg_catalog.date_trunc('month', month)::date) l,
           (SELECT pg_catalog.count(*) AS n FROM service_affair.complaint x
             WHERE x.case_id IS NOT NULL AND x.status <> 'closed'
               AND service_affair.case_month(x.case_id) = pg_catalog.date_trunc('month', month)::date) q;
END;
COMMENT ON FUNCTION service_affair.history_month_blocker(date) IS
  'Internal: why the month of submission of month cannot leave the history yet (N open cases: they would settle into it; N valid licences with a last day: expire_licences() needs their cases; N open complaints: a complaint not closed about one of its cases is handled by the clerks of the case''s region), or NULL';
REVOKE EXECUTE ON FUNCTION service_affair.history_month_blocker(date) FROM PUBLIC;

CREATE FUNCTION service_affair.archive_history_month(month date)
    RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    m date;
    blocker text;
    odd text;
    archive text;
    archive_oid oid;
    locked boolean := false;
    part record;
    item record;
    target text;
    k integer;
    n integer := 0;
BEGIN
    IF month IS NULL OR NOT pg_catalog.isfinite(month) THEN
        RAISE EXCEPTION 'archive_history_month() needs a month'
            USING ERRCODE = '22023', DETAIL = pg_catalog.format('month is %s.', coalesce(month::text, 'NULL'));
    END IF;
    m := pg_catalog.date_trunc('month', month)::date;
    -- the second look under the locks (below) sees what committed while
    -- they were awaited only with a snapshot of its own statement
    PERFORM service_affair.refuse_snapshot_isolation('archive_history_month()',
        'a complaint received while the history''s locks were awaited would not be seen.',
        'Run it in a transaction of the default isolation level.');  -- 55000 (06_arguments.sql)
    IF m >= pg_catalog.date_trunc('month', pg_catalog.now() AT TIME ZONE 'UTC')::date THEN
        RAISE EXCEPTION 'month % is not over', pg_catalog.to_char(m, 'YYYY-MM')
            USING ERRCODE = '22023',
                  DETAIL = 'Cases of the current month are still being submitted; only a month before it can be archived.';
    END IF;
    -- what needs no lock first: a refused call holds nothing up
    blocker := service_affair.history_month_blocker(m);
    IF blocker IS NOT NULL THEN
        RAISE EXCEPTION 'month % still has %', pg_catalog.to_char(m, 'YYYY-MM'), blocker
            USING ERRCODE = '55000',
                  DETAIL = 'A month leaves the history once every case submitted in it is settled (settle_cases()), no licence it issued is still valid and no complaint about one of its cases is still open.';
    END IF;
    SELECT pg_catalog.string_agg(h.partition::text, ', ' ORDER BY h.partition::text) INTO odd
      FROM service_affair.history_partitions h
     WHERE h.month IS NULL
       AND NOT coalesce(h.first_id % 1000000000000000 = 0 AND h.last_id = h.first_id + 9999999999, false);
    IF odd IS NOT NULL THEN
        RAISE EXCEPTION 'the history has partitions that are not one month: %', odd
            USING ERRCODE = '55000',
                  DETAIL = 'A default partition or one spanning months may hold rows of any month; move its rows into month partitions by hand first.';
    END IF;
    -- a month with no partition in the history (nothing settled into it
    -- nor made ahead for it, or archived already): nothing to move, so no
    -- archive schema made and no lock taken (the locks below pause open
    -- work until the transaction ends); a month made ahead that got no
    -- case has partitions, and is archived as any other
    IF NOT EXISTS (SELECT FROM service_affair.history_partitions h WHERE h.month = m) THEN
        RETURN 0;
    END IF;
    SELECT coalesce((SELECT s.value FROM service_affair.setting s WHERE s.name = 'history.archive_schema'),
                    'service_affair_archive') INTO archive;
    SELECT s.oid INTO archive_oid FROM pg_catalog.pg_namespace s WHERE s.nspname = archive;
    IF archive_oid IS NULL THEN
        EXECUTE pg_catalog.format('CREATE SCHEMA %I', archive);
        EXECUTE pg_catalog.format('REVOKE ALL ON SCHEMA %I FROM PUBLIC', archive);
        EXECUTE pg_catalog.format('COMMENT ON SCHEMA %I IS %L', archive,
            'Months of service_affair''s history taken out by retention (archive_history_month()): frozen tables, no grants');
        SELECT s.oid INTO archive_oid FROM pg_catalog.pg_namespace s WHERE s.nspname = archive;
    ELSIF (SELECT s.nspowner FROM pg_catalog.pg_namespace s WHERE s.oid = archive_oid)
              <> current_user::pg_catalog.regrole::pg_catalog.oid
          OR EXISTS (SELECT FROM pg_catalog.pg_namespace s,
                                 pg_catalog.aclexplode(coalesce(s.nspacl, pg_catalog.acldefault('n', s.nspowner))) a
                      WHERE s.oid = archive_oid AND a.grantee <> s.nspowner AND a.privilege_type = 'CREATE')
          OR EXISTS (SELECT FROM pg_catalog.pg_extension e WHERE e.extnamespace = archive_oid)
          OR EXISTS (SELECT FROM pg_catalog.pg_depend d
                      WHERE d.classid = 'pg_catalog.pg_namespace'::pg_catalog.regclass AND d.objid = archive_oid
                        AND d.deptype = 'e') THEN
        RAISE EXCEPTION 'schema % cannot hold the archive', archive
            USING ERRCODE = '55000',
                  DETAIL = pg_catalog.format('The archive schema must belong to %s, the owner of the extension''s functions, no other role may create in it, and it may neither hold nor belong to an extension.', current_user);
    END IF;
    -- Everything the move takes, all or none and without queueing (a waiting
    -- ACCESS EXCLUSIVE request would hold up every reader behind it): the
    -- history's parents in settling's order (cases_settled first); then the
    -- month's partitions; then the catalog tables their foreign keys refer
    -- to (applicant, department, item…), since detaching a partition and
    -- dropping its foreign keys lock those exclusively: open work, which
    -- reads them, pauses from here to the end of the transaction.
    FOR k IN 1..20 LOOP
        BEGIN
            LOCK TABLE ONLY service_affair.cases_settled, service_affair.task_suspension_settled,
                service_affair.rectification_settled, service_affair.rating_settled, service_affair.task_settled,
                service_affair.case_leg_settled, service_affair.commitment_check_settled,
                service_affair.case_material_settled, service_affair.case_event_settled
                IN ACCESS EXCLUSIVE MODE NOWAIT;
            FOR item IN SELECT h.partition::text AS name FROM service_affair.history_partitions h WHERE h.month = m
                        UNION ALL
                        SELECT DISTINCT pg_catalog.format('ONLY %s', f.confrelid::pg_catalog.regclass)
                          FROM pg_catalog.pg_constraint f JOIN service_affair.history_partitions h ON h.partition = f.conrelid
                         WHERE h.month = m AND f.contype = 'f' LOOP
                EXECUTE pg_catalog.format('LOCK TABLE %s IN ACCESS EXCLUSIVE MODE NOWAIT', item.name);
            END LOOP;
            locked := true;
        EXCEPTION WHEN lock_not_available THEN
            PERFORM pg_catalog.pg_sleep(0.25);
        END;
        EXIT WHEN locked;
    END LOOP;
    IF NOT locked THEN
        RAISE EXCEPTION 'the history is in use'
            USING ERRCODE = '55P03',
                  DETAIL = 'archive_history_month() takes the tables of the history and the catalog tables they refer to only when nobody uses them, and found one in use 20 times in 5 seconds.';
    END IF;
    -- asked again under the locks: a complaint received about a case of the
    -- month while the locks were awaited (its writer read the month's
    -- partition, so it has committed by now) holds the month too (until
    -- 2026-12-04 the month left with it; a review)
    blocker := service_affair.history_month_blocker(m);
    IF blocker IS NOT NULL THEN
        RAISE EXCEPTION 'month % still has %', pg_catalog.to_char(m, 'YYYY-MM'), blocker
            USING ERRCODE = '55000',
                  DETAIL = 'A month leaves the history once every case submitted in it is settled (settle_cases()), no licence it issued is still valid and no complaint about one of its cases is still open.';
    END IF;
    -- the request keys of the month's cases go with them (39_case_requests.sql)
    DELETE FROM service_affair.case_request r
     USING service_affair.history_partitions h
     WHERE h.month = m AND h.family_table = 'cases' AND r.case_id BETWEEN h.first_id AND h.last_id;
    FOR part IN SELECT h.partition::pg_catalog.oid AS relid, i.inhparent::pg_catalog.regclass AS parent,
                       h.family_table, h.range_column, h.first_id, h.last_id, c.relname::text AS relname
                  FROM service_affair.history_partitions h
                  JOIN pg_catalog.pg_inherits i ON i.inhrelid = h.partition
                  JOIN pg_catalog.pg_class c ON c.oid = h.partition
                 WHERE h.month = m ORDER BY h.family_table, h.first_id
    LOOP
        EXECUTE pg_catalog.format('ALTER TABLE %s DETACH PARTITION %s', part.parent, part.relid::pg_catalog.regclass);
        n := n + 1;
        -- frozen: nothing left that names the extension (its checks call its
        -- functions, its defaults too, its foreign keys point at its tables),
        -- so that neither an update nor DROP EXTENSION trips over the archive
        FOR item IN SELECT k2.conname::text AS name FROM pg_catalog.pg_constraint k2
                     WHERE k2.conrelid = part.relid AND k2.contype IN ('c', 'f') LOOP
            EXECUTE pg_catalog.format('ALTER TABLE %s DROP CONSTRAINT %I', part.relid::pg_catalog.regclass, item.name);
        END LOOP;
        FOR item IN SELECT a.attname::text AS name FROM pg_catalog.pg_attrdef d
                      JOIN pg_catalog.pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
                     WHERE d.adrelid = part.relid LOOP
            EXECUTE pg_catalog.format('ALTER TABLE %s ALTER COLUMN %I DROP DEFAULT', part.relid::pg_catalog.regclass, item.name);
        END LOOP;
        -- and its own triggers (a month of case_event has its TRUNCATE
        -- guard, src/settle.c; the parent's row triggers go with DETACH)
        FOR item IN SELECT t.tgname::text AS name FROM pg_catalog.pg_trigger t
                     WHERE t.tgrelid = part.relid AND NOT t.tgisinternal LOOP
            EXECUTE pg_catalog.format('DROP TRIGGER %I ON %s', item.name, part.relid::pg_catalog.regclass);
        END LOOP;
        -- a month archived before (a case of it settled later) keeps its
        -- names: this one takes the first suffix under which neither the
        -- table, its row type nor any of its indexes would collide
        target := part.relname;
        k := 1;
        WHILE EXISTS (SELECT FROM pg_catalog.pg_class c
                       WHERE c.relnamespace = archive_oid
                         AND (c.relname = target
                              OR c.relname IN (SELECT CASE WHEN pg_catalog.starts_with(ic.relname::text, part.relname)
                                                           THEN target || pg_catalog.substr(ic.relname::text, pg_catalog.length(part.relname) + 1)
                                                           ELSE ic.relname::text END
                                                 FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class ic ON ic.oid = x.indexrelid
                                                WHERE x.indrelid = part.relid)))
              OR EXISTS (SELECT FROM pg_catalog.pg_type t
                          WHERE t.typnamespace = archive_oid AND t.typname IN (target, '_' || target)) LOOP
            k := k + 1;
            IF k > 100 THEN
                RAISE EXCEPTION 'no free name for % in schema %', part.relname, archive
                    USING ERRCODE = '55000',
                          DETAIL = 'An index of the month whose name the archive already holds keeps its name; rename the one in the archive.';
            END IF;
            target := part.relname || '_' || k;
        END LOOP;
        IF target <> part.relname THEN
            EXECUTE pg_catalog.format('ALTER TABLE %s RENAME TO %I', part.relid::pg_catalog.regclass, target);
            FOR item IN SELECT ic.relname::text AS name FROM pg_catalog.pg_index x
                          JOIN pg_catalog.pg_class ic ON ic.oid = x.indexrelid
                         WHERE x.indrelid = part.relid AND pg_catalog.starts_with(ic.relname::text, part.relname) LOOP
                EXECUTE pg_catalog.format('ALTER INDEX service_affair.%I RENAME TO %I', item.name,
                                          target || pg_catalog.substr(item.name, pg_catalog.length(part.relname) + 1));
            END LOOP;
        END IF;
        EXECUTE pg_catalog.format('ALTER TABLE %s SET SCHEMA %I', part.relid::pg_catalog.regclass, archive);
        EXECUTE pg_catalog.format('COMMENT ON TABLE %s IS %L', part.relid::pg_catalog.regclass,
            pg_catalog.format('Archived history of %s, month of submission %s: detached from service_affair.%s on %s by archive_history_month(); %s from %s to %s',
                              part.family_table, pg_catalog.to_char(m, 'YYYY-MM'), part.family_table || '_settled',
                              pg_catalog.to_char(pg_catalog.now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI "UTC"'),
                              part.range_column, part.first_id, part.last_id));
    END LOOP;
    RETURN n;
END;
$$;
COMMENT ON FUNCTION service_affair.archive_history_month(date) IS
  'Takes the month of submission of month out of the history: detaches its partition of every table of the case family (every shard''s) and moves them with their rows, keys and indexes, frozen (no check, default or foreign key left), into the schema of setting history.archive_schema (default service_affair_archive, made when missing; an existing one must belong to the functions'' owner and let nobody else create in it); never drops anything but the request keys of the month''s cases (case_request); returns how many partitions it took (0 for a month with no partition in the history, having made and locked nothing); takes the tables of the history, the month''s partitions and the catalog tables they refer to exclusively, only when nobody uses them (55P03 after 5 s), so open work pauses until the transaction ends; 22023 for a null or infinite month or one not over yet, 55000 while a case of the month is open, a licence it issued is valid or a complaint about one of its cases is open (asked again once the locks are held), for an unfit archive schema, when the history has a partition that is not one month, or in a transaction that is not READ COMMITTED';
REVOKE EXECUTE ON FUNCTION service_affair.archive_history_month(date) FROM PUBLIC;

CREATE FUNCTION service_affair.history_maintenance(at timestamptz DEFAULT pg_catalog.now())
    RETURNS TABLE (action text, month date, partitions integer, detail text)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    keep integer;
    cutoff date;
    m date;
    blocker text;
    archived integer := 0;
BEGIN
    IF at IS NULL OR NOT pg_catalog.isfinite(at) THEN
        RAISE EXCEPTION 'history_maintenance() needs a finite time'
            USING ERRCODE = '22023', DETAIL = pg_catalog.format('at is %s.', coalesce(at::text, 'NULL'));
    END IF;
    SELECT s.value::integer INTO keep FROM service_affair.setting s WHERE s.name = 'history.retention_months';
    action := 'made';
    month := NULL;
    partitions := service_affair.make_history_months(NULL, at);
    detail := 'partitions made ahead';
    RETURN NEXT;
    IF keep IS NULL THEN
        action := 'kept';
        partitions := 0;
        detail := 'history.retention_months is not set: every month stays';
        RETURN NEXT;
        RETURN;
    END IF;
    -- never from a time to come: an at in the future must not shorten the history
    cutoff := (pg_catalog.date_trunc('month', LEAST(at, pg_catalog.now()) AT TIME ZONE 'UTC')
               - pg_catalog.make_interval(months => keep))::date;
    FOR m IN SELECT DISTINCT h.month FROM service_affair.history_partitions h WHERE h.month < cutoff ORDER BY 1 LOOP
        month := m;
        blocker := service_affair.history_month_blocker(m);
        IF archived >= 6 THEN
            -- archiving pauses open work until the job commits (the catalog
            -- tables are taken exclusively): a backlog goes six months a run
            action := 'later';
            partitions := 0;
            detail := 'six months a run';
        ELSIF blocker IS NOT NULL THEN
            action := 'kept';
            partitions := 0;
            detail := blocker;
        ELSE
            -- each month on its own: one that fails leaves the others and the months made
            BEGIN
                partitions := service_affair.archive_history_month(m);
                archived := archived + 1;
                action := 'archived';
                detail := coalesce((SELECT s.value FROM service_affair.setting s WHERE s.name = 'history.archive_schema'),
                                   'service_affair_archive');
            EXCEPTION WHEN OTHERS THEN
                action := 'failed';
                partitions := 0;
                detail := SQLSTATE || ': ' || SQLERRM;
            END;
        END IF;
        RETURN NEXT;
    END LOOP;
END;
$$;
COMMENT ON FUNCTION service_affair.history_maintenance(timestamptz) IS
  'The nightly job of the history: make_history_months(), then, when setting history.retention_months is set, every month of submission older than that many months before at (or now, if earlier) is archived (never dropped), six at most a run, unless a case of it is open, a licence it issued is valid or a complaint about one of its cases is open; one row per step (made, archived, kept with the reason, later past the six, failed with the error: each month in a subtransaction of its own); 22023 for an infinite or null at';
REVOKE EXECUTE ON FUNCTION service_affair.history_maintenance(timestamptz) FROM PUBLIC;

INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    ('admin', 'SELECT', 'service_affair.history_partitions'),
    ('admin', 'EXECUTE', 'service_affair.make_history_months(integer,timestamp with time zone)'),
    ('admin', 'EXECUTE', 'service_affair.archive_history_month(date)'),
    ('admin', 'EXECUTE', 'service_affair.history_maintenance(timestamp with time zone)');
