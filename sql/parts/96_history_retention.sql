-- Partitioned history, retention (38_history.sql, doc/scale.md, doc/deployment.md):
-- pg_partman when the DBA installs it (never required), retention only when
-- the DBA sets it, and archive_month(), which detaches one month of the whole
-- family into an archive schema.  Nothing here drops a partition: dropping is
-- pg_partman's, and only when set_history_retention() was given drop => true.

-- pg_partman adopts the family's partitions (its names are ours), makes its
-- default partitions (kept empty: submit() makes a month's partitions before
-- writing its first case) and premakes from then on (run_maintenance()).
CREATE FUNCTION service_affair.register_partman(premake integer DEFAULT 4)
    RETURNS integer
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    ns name := (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_partman');
    h  record;
    n  integer := 0;
BEGIN
    IF ns IS NULL THEN
        RAISE EXCEPTION 'pg_partman is not installed' USING ERRCODE = 'object_not_in_prerequisite_state',
            DETAIL = 'register_partman() needs the extension pg_partman (Debian: postgresql-15-partman; CREATE SCHEMA partman; CREATE EXTENSION pg_partman SCHEMA partman).';
    END IF;
    IF premake IS NULL OR premake < 1 OR premake > 120 THEN
        RAISE EXCEPTION 'premake out of range' USING ERRCODE = 'invalid_parameter_value',
            DETAIL = pg_catalog.format('premake must be 1 to 120 months, not %s.', COALESCE(premake::text, 'NULL'));
    END IF;
    FOR h IN SELECT t.name, t.key FROM service_affair.history_tables() t ORDER BY t.ord LOOP
        -- from the current month (with no rows, pg_partman would start at id 0)
        EXECUTE pg_catalog.format('SELECT %I.create_parent(p_parent_table := %L, p_control := %L, p_type := %L, p_interval := %L,'
                                  ' p_premake := %s, p_start_partition := %L)',
                                  ns, 'service_affair.' || h.name, h.key, 'native', '10000000000', premake,
                                  (service_affair.case_id(pg_catalog.now(), 0) + service_affair.id_base())::text);
        n := n + 1;
    END LOOP;
    RETURN n;
END
$$;
COMMENT ON FUNCTION service_affair.register_partman(integer) IS
  'DBA: registers every history table with pg_partman (create_parent, by the case id, 10^10 ids = one month, premake months ahead); pg_partman adopts the existing partitions and premakes from then on; 55000 without pg_partman; returns the tables registered';
REVOKE EXECUTE ON FUNCTION service_affair.register_partman(integer) FROM PUBLIC;

-- Retention through pg_partman, set explicitly: partitions older than months
-- are detached into archive_schema, dropped only with drop => true.  Set on
-- every family table but cases: a detached child keeps its foreign key to the
-- partitioned cases, so a month of cases leaves with archive_month(), run
-- after pg_partman's run_maintenance() (doc/scale.md).
CREATE FUNCTION service_affair.set_history_retention(months integer, archive_schema name DEFAULT 'service_affair_archive',
    drop boolean DEFAULT false)
    RETURNS integer
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    ns name := (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_partman');
    n  integer;
BEGIN
    IF months IS NULL OR months < 1 OR months > 1200 THEN
        RAISE EXCEPTION 'retention out of range' USING ERRCODE = 'invalid_parameter_value',
            DETAIL = pg_catalog.format('The retention must be 1 to 1200 months, not %s.', COALESCE(months::text, 'NULL'));
    END IF;
    IF archive_schema IS NULL OR archive_schema = 'service_affair' THEN
        RAISE EXCEPTION 'invalid archive schema' USING ERRCODE = 'invalid_parameter_value',
            DETAIL = pg_catalog.format('The archive schema must be named and must not be service_affair, not %s.', COALESCE(pg_catalog.quote_ident(archive_schema), 'NULL'));
    END IF;
    IF ns IS NULL THEN
        RAISE EXCEPTION 'pg_partman is not installed' USING ERRCODE = 'object_not_in_prerequisite_state',
            DETAIL = 'Retention runs in pg_partman''s maintenance; without it, archive old months with service_affair.archive_month().';
    END IF;
    EXECUTE pg_catalog.format('CREATE SCHEMA IF NOT EXISTS %I', archive_schema);
    EXECUTE pg_catalog.format('UPDATE %I.part_config SET retention = %L, retention_schema = %L, retention_keep_table = %L'
                              ' WHERE parent_table = ANY (%L::text[])',
                              ns, (months::bigint * 10000000000)::text, CASE WHEN drop THEN NULL ELSE archive_schema END, NOT drop,
                              (SELECT pg_catalog.array_agg('service_affair.' || t.name) FROM service_affair.history_tables() t WHERE t.name <> 'cases'));
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n = 0 THEN
        RAISE EXCEPTION 'the history tables are not registered with pg_partman' USING ERRCODE = 'object_not_in_prerequisite_state',
            DETAIL = 'Call service_affair.register_partman() first.';
    END IF;
    RETURN n;
END
$$;
COMMENT ON FUNCTION service_affair.set_history_retention(integer, name, boolean) IS
  'DBA: sets pg_partman''s retention of the history tables but cases (registered by register_partman()) to months: older partitions are detached into archive_schema, dropped only when drop is true; never set by default; archive months of cases with archive_month(); 55000 without pg_partman';
REVOKE EXECUTE ON FUNCTION service_affair.set_history_retention(integer, name, boolean) FROM PUBLIC;

-- One month of the whole family into the archive schema, as a unit, children
-- first; nothing is dropped.  A detached partition keeps its foreign keys to
-- the partitioned family tables, which would pin the month: they are dropped
-- and made again against the archived partitions, so the archive stays
-- consistent on its own.  Refused (55000) while the month holds open work, or
-- while a licence or complaint (unpartitioned: they outlive the case month)
-- refers to one of its cases.  One month per transaction (a detach locks every
-- partition of every table that refers to cases).
CREATE FUNCTION service_affair.archive_month(month date, archive_schema name DEFAULT 'service_affair_archive')
    RETURNS bigint
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    lo    bigint;
    hi    bigint;
    h     record;
    f     record;
    fks   text[] := '{}';
    n     bigint;
    nlic  bigint;
    ncom  bigint;
    fam   text[] := ARRAY(SELECT t.name FROM service_affair.history_tables() t ORDER BY t.ord);
BEGIN
    IF month IS NULL OR NOT pg_catalog.isfinite(month) THEN
        RAISE EXCEPTION 'month must be a finite date' USING ERRCODE = 'invalid_parameter_value',
            DETAIL = pg_catalog.format('The month %s is not a finite date.', COALESCE(month::text, 'NULL'));
    END IF;
    IF archive_schema IS NULL OR archive_schema = 'service_affair' THEN
        RAISE EXCEPTION 'invalid archive schema' USING ERRCODE = 'invalid_parameter_value',
            DETAIL = pg_catalog.format('The archive schema must be named and must not be service_affair, not %s.', COALESCE(pg_catalog.quote_ident(archive_schema), 'NULL'));
    END IF;
    lo := service_affair.case_id(pg_catalog.date_trunc('month', month::timestamp) AT TIME ZONE 'UTC', 0) + service_affair.id_base();
    hi := lo + 10000000000;
    IF lo >= service_affair.case_id(pg_catalog.now(), 0) + service_affair.id_base() THEN
        RAISE EXCEPTION 'month % is not over', pg_catalog.to_char(month, 'YYYY-MM') USING ERRCODE = 'object_not_in_prerequisite_state',
            DETAIL = pg_catalog.format('Only a month before the current one (%s) is archived.', pg_catalog.to_char(pg_catalog.now() AT TIME ZONE 'UTC', 'YYYY-MM'));
    END IF;
    IF pg_catalog.to_regclass('service_affair.cases_p' || lo) IS NULL THEN
        RAISE EXCEPTION 'no partition of month %', pg_catalog.to_char(month, 'YYYY-MM') USING ERRCODE = 'object_not_in_prerequisite_state',
            DETAIL = pg_catalog.format('service_affair.cases_p%s does not exist: the month has no cases, or is archived already.', lo);
    END IF;
    IF EXISTS (SELECT FROM service_affair.cases c WHERE c.id >= lo AND c.id < hi AND c.status = 'accepted')
       OR EXISTS (SELECT FROM service_affair.task t WHERE t.case_id >= lo AND t.case_id < hi AND t.status IN ('waiting', 'open', 'suspended'))
       OR EXISTS (SELECT FROM service_affair.case_leg l WHERE l.case_id >= lo AND l.case_id < hi AND l.done_at IS NULL)
       OR EXISTS (SELECT FROM service_affair.commitment_check k WHERE k.case_id >= lo AND k.case_id < hi AND k.status = 'open')
       OR EXISTS (SELECT FROM service_affair.rectification r WHERE r.case_id >= lo AND r.case_id < hi AND r.closed_at IS NULL) THEN
        RAISE EXCEPTION 'month % has open work', pg_catalog.to_char(month, 'YYYY-MM') USING ERRCODE = 'object_not_in_prerequisite_state',
            DETAIL = pg_catalog.format('A case, task, leg, commitment check or rectification of month %s is still open; only a closed month is archived.', pg_catalog.to_char(month, 'YYYY-MM'));
    END IF;
    SELECT pg_catalog.count(*) INTO nlic FROM service_affair.licence l WHERE l.case_id >= lo AND l.case_id < hi;
    SELECT pg_catalog.count(*) INTO ncom FROM service_affair.complaint c WHERE c.case_id >= lo AND c.case_id < hi;
    IF nlic > 0 OR ncom > 0 THEN
        RAISE EXCEPTION 'month % has cases that licences or complaints refer to', pg_catalog.to_char(month, 'YYYY-MM')
            USING ERRCODE = 'object_not_in_prerequisite_state',
            DETAIL = pg_catalog.format('%s licences and %s complaints refer to cases of month %s; they outlive the month, so its cases stay.',
                                       nlic, ncom, pg_catalog.to_char(month, 'YYYY-MM'));
    END IF;
    EXECUTE pg_catalog.format('CREATE SCHEMA IF NOT EXISTS %I', archive_schema);
    SELECT pg_catalog.count(*) INTO n FROM service_affair.cases c WHERE c.id >= lo AND c.id < hi;
    -- children first (reverse order), then cases
    FOR h IN SELECT t.name, t.name || '_p' || lo AS part FROM service_affair.history_tables() t ORDER BY t.ord DESC LOOP
        CONTINUE WHEN pg_catalog.to_regclass(pg_catalog.format('service_affair.%I', h.part)) IS NULL;
        -- its foreign keys to the family, to be made again in the archive
        FOR f IN SELECT co.conname, co.oid, pg_catalog.pg_get_constraintdef(co.oid) AS def, (co.confrelid::regclass)::text AS target
                   FROM pg_catalog.pg_constraint co
                  WHERE co.conrelid = pg_catalog.format('service_affair.%I', h.part)::regclass AND co.contype = 'f'
                    AND co.confrelid IN (SELECT ('service_affair.' || x)::regclass FROM unnest(fam) x) LOOP
            fks := fks || pg_catalog.format('ALTER TABLE %I.%I ADD CONSTRAINT %I %s', archive_schema, h.part, f.conname,
                                            pg_catalog.replace(f.def, 'REFERENCES ' || f.target || '(',
                                                               pg_catalog.format('REFERENCES %I.%I(', archive_schema,
                                                                                 pg_catalog.split_part(f.target, '.', 2) || '_p' || lo)));
        END LOOP;
        EXECUTE pg_catalog.format('ALTER TABLE service_affair.%I DETACH PARTITION service_affair.%I', h.name, h.part);
        FOR f IN SELECT co.conname FROM pg_catalog.pg_constraint co
                  WHERE co.conrelid = pg_catalog.format('service_affair.%I', h.part)::regclass AND co.contype = 'f'
                    AND co.confrelid IN (SELECT ('service_affair.' || x)::regclass FROM unnest(fam) x) LOOP
            EXECUTE pg_catalog.format('ALTER TABLE service_affair.%I DROP CONSTRAINT %I', h.part, f.conname);
        END LOOP;
        IF EXISTS (SELECT FROM pg_catalog.pg_depend d
                    WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.deptype = 'e'
                      AND d.objid = pg_catalog.format('service_affair.%I', h.part)::regclass) THEN
            -- made by the install: no longer the extension's (pg_dump dumps it as a table of the archive)
            EXECUTE pg_catalog.format('ALTER EXTENSION service_affair DROP TABLE service_affair.%I', h.part);
        END IF;
        EXECUTE pg_catalog.format('ALTER TABLE service_affair.%I SET SCHEMA %I', h.part, archive_schema);
    END LOOP;
    FOR i IN 1 .. COALESCE(pg_catalog.array_length(fks, 1), 0) LOOP
        EXECUTE fks[i];
    END LOOP;
    RETURN n;
END
$$;
COMMENT ON FUNCTION service_affair.archive_month(date, name) IS
  'DBA: detaches the partitions of the month (UTC) of every history table into archive_schema (created if missing) and re-makes their foreign keys inside the archive; drops nothing; 55000 for the current or a later month, a month without partitions, open work, or licences or complaints referring to its cases; returns the cases archived; one month per transaction';
REVOKE EXECUTE ON FUNCTION service_affair.archive_month(date, name) FROM PUBLIC;
