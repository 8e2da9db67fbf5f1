-- Design S of doc/scale.md ("A third design: the hot set as a partition
-- chosen by a constant"): stand-alone copies of the shape of the case family
-- (not the extension's tables), built by bench/scale/hotset.sh.
--
--   hs_build(schema, months, partitioned, per_month, open_n)
--     partitioned = false (U): plain tables with foreign keys, as main has
--       them today; `months` months of history (concluded cases) plus open_n
--       open cases of the current month.
--     partitioned = true (S): every table PARTITION BY LIST (archived);
--       <t>_open FOR VALUES IN (false) is a plain table (open work);
--       <t>_hist FOR VALUES IN (true) PARTITION BY RANGE (case_id), one
--       partition <t>_h<m> per month of history, plus the current month's
--       (empty at the start; the settle step moves concluded cases there).  Foreign keys per partition:
--       <child>_open -> cases_open, <child>_h<m> -> cases_h<m>, DEFERRABLE.
--   hs_funcs(schema, partitioned)
--     the open-work functions (submit, claim_complete, progress), settle (S),
--     lock counting, CPU-per-call procedure, reset between rounds.
--
-- Case ids carry their month: id = m * 10^10 + n, m = (year - 2000) * 12 +
-- month; the current month is 324 (2026-12).  History months are 323, 322, …
-- Open cases: 324 * 10^10 + 1,000,000 + g; new submissions take n from
-- <schema>.case_seq (starts at 2,000,000).

CREATE FUNCTION public.hs_build(sch text, months int, part boolean, per_month int, open_n int)
RETURNS void LANGUAGE plpgsql AS $build$
DECLARE
    m int;
    arch text := CASE WHEN part THEN 'archived boolean NOT NULL DEFAULT false,' ELSE '' END;
    by_list text := CASE WHEN part THEN ' PARTITION BY LIST (archived)' ELSE '' END;
    t text;
    cur constant bigint := 324;
BEGIN
    EXECUTE format('CREATE SCHEMA %I', sch);
    EXECUTE format('CREATE SEQUENCE %I.case_seq START 2000000', sch);
    EXECUTE format('CREATE SEQUENCE %I.event_seq START 100000000', sch);
    EXECUTE format('CREATE SEQUENCE %I.task_seq START 100000000', sch);
    -- cases: 21 columns (22 with archived), 7 indexes, three of them partial on open rows
    EXECUTE format($$CREATE TABLE %1$I.cases (
        id bigint NOT NULL, %2$s
        applicant_id bigint NOT NULL, item_code text NOT NULL, department text NOT NULL,
        region text NOT NULL, status text NOT NULL, channel text NOT NULL DEFAULT 'web',
        submitted_at timestamptz NOT NULL DEFAULT now(), accepted_at timestamptz, due date,
        concluded_at timestamptz, conclusion text, assignee text, priority int NOT NULL DEFAULT 0,
        returned_count int NOT NULL DEFAULT 0, supplement_due date, fee numeric(12,2), note text,
        form jsonb, updated_at timestamptz NOT NULL DEFAULT now())%3$s$$, sch, arch, by_list);
    EXECUTE format($$CREATE TABLE %1$I.case_material (
        case_id bigint NOT NULL, %2$s material text NOT NULL, status text NOT NULL,
        file_ref text, checked_at timestamptz)%3$s$$, sch, arch, by_list);
    EXECUTE format($$CREATE TABLE %1$I.case_event (
        id bigint NOT NULL DEFAULT nextval(%4$L), case_id bigint NOT NULL, %2$s
        kind text NOT NULL, at timestamptz NOT NULL DEFAULT now(), actor text, detail jsonb)%3$s$$,
        sch, arch, by_list, sch || '.event_seq');
    EXECUTE format($$CREATE TABLE %1$I.task (
        id bigint NOT NULL DEFAULT nextval(%4$L), case_id bigint NOT NULL, %2$s
        department text NOT NULL, item text NOT NULL, status text NOT NULL, assignee text,
        due date NOT NULL, claimed_at timestamptz, completed_at timestamptz, result text)%3$s$$,
        sch, arch, by_list, sch || '.task_seq');
    -- non-unique indexes: on the table (U) or on the partitioned parent (S: cascades to every leaf)
    EXECUTE format('CREATE INDEX ON %I.cases (applicant_id)', sch);
    EXECUTE format('CREATE INDEX ON %I.cases (item_code, submitted_at)', sch);
    EXECUTE format('CREATE INDEX ON %I.cases (region, submitted_at)', sch);
    EXECUTE format($$CREATE INDEX ON %I.cases (department, due) WHERE status IN ('accepted', 'in_progress')$$, sch);
    EXECUTE format($$CREATE INDEX ON %I.cases (supplement_due) WHERE status = 'returned'$$, sch);
    EXECUTE format($$CREATE INDEX ON %I.cases (assignee) WHERE status <> 'concluded'$$, sch);
    EXECUTE format('CREATE INDEX ON %I.case_event (case_id)', sch);
    EXECUTE format($$CREATE INDEX ON %I.task (department, due, id) WHERE status = 'open' AND assignee IS NULL$$, sch);
    IF part THEN
        FOREACH t IN ARRAY ARRAY['cases', 'case_material', 'case_event', 'task'] LOOP
            EXECUTE format('CREATE TABLE %1$I.%2$I PARTITION OF %1$I.%3$I FOR VALUES IN (false)', sch, t || '_open', t);
            EXECUTE format('CREATE TABLE %1$I.%2$I PARTITION OF %1$I.%3$I FOR VALUES IN (true) PARTITION BY RANGE (%4$I)',
                sch, t || '_hist', t, CASE t WHEN 'cases' THEN 'id' ELSE 'case_id' END);
        END LOOP;
        -- months of history plus the current month's (empty: settled cases go there)
        FOR m IN cur - months .. cur LOOP
            FOREACH t IN ARRAY ARRAY['cases', 'case_material', 'case_event', 'task'] LOOP
                EXECUTE format('CREATE TABLE %1$I.%2$I PARTITION OF %1$I.%3$I FOR VALUES FROM (%4$s) TO (%5$s)',
                    sch, t || '_h' || m, t || '_hist', m::bigint * 10000000000, (m + 1)::bigint * 10000000000);
            END LOOP;
        END LOOP;
    END IF;
    -- data: history (concluded, archived) then open work
    EXECUTE format($$INSERT INTO %1$I.cases (id, %2$s applicant_id, item_code, department, region, status,
            submitted_at, accepted_at, due, concluded_at, conclusion, fee, form)
        SELECT m::bigint * 10000000000 + g, %3$s g %% 50000, 'item' || g %% 50, 'd' || g %% 20, 'r' || g %% 16,
            'concluded', now() - (%4$s - m) * interval '1 month', now() - (%4$s - m) * interval '1 month',
            current_date - (%4$s - m) * 30 + 20, now() - (%4$s - m) * interval '1 month' + interval '5 days', 'approved', 0, '{"a": 1}'
        FROM generate_series(%4$s - %5$s, %4$s - 1) m, generate_series(1, %6$s) g$$,
        sch, CASE WHEN part THEN 'archived,' ELSE '' END, CASE WHEN part THEN 'true,' ELSE '' END, cur, months, per_month);
    EXECUTE format($$INSERT INTO %1$I.cases (id, applicant_id, item_code, department, region, status,
            accepted_at, due, fee, form)
        SELECT %2$s * 10000000000 + 1000000 + g, g %% 50000, 'item' || g %% 50, 'd' || g %% 20, 'r' || g %% 16,
            'accepted', now(), current_date + 1 + g %% 30, 0, '{"a": 1}'
        FROM generate_series(1, %3$s) g$$, sch, cur, open_n);
    EXECUTE format($$INSERT INTO %1$I.case_material (case_id, %2$s material, status, file_ref)
        SELECT id, %3$s 'm' || k, 'present', 'f' || id || '-' || k FROM %1$I.cases, generate_series(1, 6) k$$,
        sch, CASE WHEN part THEN 'archived,' ELSE '' END, CASE WHEN part THEN 'archived,' ELSE '' END);
    EXECUTE format($$INSERT INTO %1$I.case_event (case_id, %2$s kind, at, actor)
        SELECT id, %3$s 'submitted', submitted_at, 'applicant' FROM %1$I.cases
        UNION ALL SELECT id, %3$s 'concluded', concluded_at, 'clerk' FROM %1$I.cases WHERE status = 'concluded'$$,
        sch, CASE WHEN part THEN 'archived,' ELSE '' END, CASE WHEN part THEN 'archived,' ELSE '' END);
    EXECUTE format($$INSERT INTO %1$I.task (case_id, %2$s department, item, status, assignee, due, completed_at, result)
        SELECT id, %3$s department, 'review', CASE WHEN status = 'concluded' THEN 'done' ELSE 'open' END,
            CASE WHEN status = 'concluded' THEN 'clerk' END, due, concluded_at, conclusion FROM %1$I.cases$$,
        sch, CASE WHEN part THEN 'archived,' ELSE '' END, CASE WHEN part THEN 'archived,' ELSE '' END);
    -- keys after the data (as a restore would)
    IF NOT part THEN
        EXECUTE format('ALTER TABLE %1$I.cases ADD PRIMARY KEY (id)', sch);
        EXECUTE format('ALTER TABLE %1$I.case_material ADD PRIMARY KEY (case_id, material)', sch);
        EXECUTE format('ALTER TABLE %1$I.case_event ADD PRIMARY KEY (id)', sch);
        EXECUTE format('ALTER TABLE %1$I.task ADD PRIMARY KEY (id)', sch);
        EXECUTE format('ALTER TABLE %1$I.task ADD UNIQUE (case_id, item)', sch);
        FOREACH t IN ARRAY ARRAY['case_material', 'case_event', 'task'] LOOP
            EXECUTE format('ALTER TABLE %1$I.%2$I ADD FOREIGN KEY (case_id) REFERENCES %1$I.cases (id)', sch, t);
        END LOOP;
    ELSE
        FOREACH t IN ARRAY (SELECT array_agg(s) FROM (SELECT 'open' AS s UNION ALL
                SELECT 'h' || g FROM generate_series(cur - months, cur) g) x) LOOP
            EXECUTE format('ALTER TABLE %1$I.%2$I ADD PRIMARY KEY (id)', sch, 'cases_' || t);
            EXECUTE format('ALTER TABLE %1$I.%2$I ADD PRIMARY KEY (case_id, material)', sch, 'case_material_' || t);
            EXECUTE format('ALTER TABLE %1$I.%2$I ADD PRIMARY KEY (id)', sch, 'case_event_' || t);
            EXECUTE format('ALTER TABLE %1$I.%2$I ADD PRIMARY KEY (id)', sch, 'task_' || t);
            EXECUTE format('ALTER TABLE %1$I.%2$I ADD UNIQUE (case_id, item)', sch, 'task_' || t);
            FOREACH m IN ARRAY ARRAY[1] LOOP
                EXECUTE format('ALTER TABLE %1$I.%2$I ADD FOREIGN KEY (case_id) REFERENCES %1$I.%3$I (id) DEFERRABLE',
                    sch, 'case_material_' || t, 'cases_' || t);
                EXECUTE format('ALTER TABLE %1$I.%2$I ADD FOREIGN KEY (case_id) REFERENCES %1$I.%3$I (id) DEFERRABLE',
                    sch, 'case_event_' || t, 'cases_' || t);
                EXECUTE format('ALTER TABLE %1$I.%2$I ADD FOREIGN KEY (case_id) REFERENCES %1$I.%3$I (id) DEFERRABLE',
                    sch, 'task_' || t, 'cases_' || t);
            END LOOP;
        END LOOP;
    END IF;
END
$build$;

-- The workload.  In S every statement of open work carries `AND NOT archived`
-- (the constant that prunes the history branch at plan time); in U the same
-- statements without it.
CREATE FUNCTION public.hs_funcs(sch text, part boolean) RETURNS void LANGUAGE plpgsql AS $funcs$
DECLARE
    na text := CASE WHEN part THEN ' AND NOT archived' ELSE '' END;
    src text;
BEGIN
    -- 1. submit-like: the applicant's open cases (a read by a non-key column),
    --    then the case, 6 materials, one event, one task, through the parents
    src := $f$
CREATE FUNCTION @.submit(dept text, app bigint) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE cid bigint; n int;
BEGIN
    SELECT count(*) INTO n FROM @.cases WHERE applicant_id = app AND status <> 'concluded' #NA#;
    cid := 324 * 10000000000 + nextval('@.case_seq');
    INSERT INTO @.cases (id, applicant_id, item_code, department, region, status, accepted_at, due, fee, form, priority)
        VALUES (cid, app, 'item' || app % 50, dept, 'r' || app % 16, 'accepted', now(), current_date + 20, 0, '{"a": 1}', n);
    INSERT INTO @.case_material (case_id, material, status, file_ref)
        SELECT cid, 'm' || k, 'present', 'f' || cid || '-' || k FROM generate_series(1, 6) k;
    INSERT INTO @.case_event (case_id, kind, actor) VALUES (cid, 'submitted', 'applicant');
    INSERT INTO @.task (case_id, department, item, status, due) VALUES (cid, dept, 'review', 'open', current_date + 20);
    RETURN cid;
END $$;
-- 2. claim + complete-like: pop the queue head, complete the task, one event, conclude the case
CREATE FUNCTION @.claim_complete(dept text, who text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE cid bigint;
BEGIN
    UPDATE @.task SET status = 'done', assignee = who, claimed_at = now(), completed_at = now(), result = 'approved'
     WHERE id = (SELECT id FROM @.task
                  WHERE department = dept AND status = 'open' AND assignee IS NULL #NA#
                  ORDER BY due, id LIMIT 1 FOR UPDATE SKIP LOCKED) #NA#
    RETURNING case_id INTO cid;
    IF cid IS NULL THEN RETURN NULL; END IF;
    INSERT INTO @.case_event (case_id, kind, actor) VALUES (cid, 'concluded', who);
    UPDATE @.cases SET status = 'concluded', concluded_at = now(), conclusion = 'approved', assignee = who,
           updated_at = now()
     WHERE id = cid #NA#;
    RETURN cid;
END $$;
-- 3. by-id read of a case with its materials and events (case_progress-like)
CREATE FUNCTION @.progress(cid bigint) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE r jsonb;
BEGIN
    SELECT jsonb_build_object('id', c.id, 'status', c.status, 'due', c.due, 'item', c.item_code,
           'materials', (SELECT jsonb_agg(jsonb_build_object('m', m.material, 's', m.status) ORDER BY m.material)
                           FROM @.case_material m WHERE m.case_id = cid #NAm#),
           'events', (SELECT jsonb_agg(jsonb_build_object('k', e.kind, 'at', e.at) ORDER BY e.at)
                        FROM @.case_event e WHERE e.case_id = cid #NAe#))
      INTO r FROM @.cases c WHERE c.id = cid #NAc#;
    RETURN r;
END $$;
-- the same read on the open partitions by name (S: <t>_open, whose rows are all
-- open by the partition constraint; U: the same tables as progress)
CREATE FUNCTION @.progress_open(cid bigint) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE r jsonb;
BEGIN
    SELECT jsonb_build_object('id', c.id, 'status', c.status, 'due', c.due, 'item', c.item_code,
           'materials', (SELECT jsonb_agg(jsonb_build_object('m', m.material, 's', m.status) ORDER BY m.material)
                           FROM @.case_material#OPEN# m WHERE m.case_id = cid),
           'events', (SELECT jsonb_agg(jsonb_build_object('k', e.kind, 'at', e.at) ORDER BY e.at)
                        FROM @.case_event#OPEN# e WHERE e.case_id = cid))
      INTO r FROM @.cases#OPEN# c WHERE c.id = cid;
    RETURN r;
END $$;
-- the same read without the constant (what a by-id read of an archived case would be)
CREATE FUNCTION @.progress_any(cid bigint) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE r jsonb;
BEGIN
    SELECT jsonb_build_object('id', c.id, 'status', c.status,
           'materials', (SELECT jsonb_agg(m.material) FROM @.case_material m WHERE m.case_id = cid),
           'events', (SELECT jsonb_agg(e.kind) FROM @.case_event e WHERE e.case_id = cid))
      INTO r FROM @.cases c WHERE c.id = cid;
    RETURN r;
END $$;
$f$;
    src := replace(replace(replace(replace(replace(src, '#NAm#', replace(na, 'NOT', 'NOT m.')),
        '#NAe#', replace(na, 'NOT', 'NOT e.')), '#NAc#', replace(na, 'NOT', 'NOT c.')), '#NA#', na), '@', quote_ident(sch));
    src := replace(src, '#OPEN#', CASE WHEN part THEN '_open' ELSE '' END);
    src := replace(src, 'NOT m. archived', 'NOT m.archived');
    src := replace(src, 'NOT e. archived', 'NOT e.archived');
    src := replace(src, 'NOT c. archived', 'NOT c.archived');
    EXECUTE src;
    IF part THEN
        -- 4. settle: move a concluded case and its rows from the open partition to its month
        EXECUTE replace($f$
CREATE FUNCTION @.settle(cid bigint) RETURNS int LANGUAGE plpgsql AS $$
DECLARE n int;
BEGIN
    SET CONSTRAINTS ALL DEFERRED;
    UPDATE @.case_material SET archived = true WHERE case_id = cid AND NOT archived;
    UPDATE @.case_event SET archived = true WHERE case_id = cid AND NOT archived;
    UPDATE @.task SET archived = true WHERE case_id = cid AND NOT archived;
    UPDATE @.cases SET archived = true WHERE id = cid AND NOT archived AND status = 'concluded';
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n = 0 THEN RAISE EXCEPTION 'case % is not a concluded open case', cid; END IF;
    RETURN n;
END $$;
$f$, '@', quote_ident(sch));
    END IF;
END
$funcs$;

-- Relation locks held by one call inside its transaction (after warm-up calls
-- in the session, so that the plans are the cached generic ones):
-- total, not on the fast path.
CREATE FUNCTION public.hs_locks(OUT total int, OUT slow int) LANGUAGE sql AS $$
    SELECT count(*)::int, (count(*) FILTER (WHERE NOT fastpath))::int
      FROM pg_catalog.pg_locks WHERE pid = pg_catalog.pg_backend_pid() AND locktype = 'relation'
$$;

CREATE FUNCTION public.hs_cpu() RETURNS bigint LANGUAGE sql AS $$
    SELECT split_part(pg_catalog.pg_read_file('/proc/self/schedstat'), ' ', 1)::bigint
$$;

-- CPU per call: n calls of op after 10 untimed ones, each its own
-- transaction, in one session.
-- op: submit | claim | progress | progress_open | settle.
CREATE PROCEDURE public.hs_run(sch text, op text, n int, INOUT cpu_us numeric DEFAULT NULL)
LANGUAGE plpgsql AS $$
DECLARE
    i int; t0 bigint; x bigint; j jsonb; ids bigint[];
    warm constant int := 10;  -- untimed first calls: the session's first planning and relcache loads
BEGIN
    IF op = 'settle' THEN
        EXECUTE format($q$SELECT array_agg(id ORDER BY id) FROM (SELECT id FROM %I.cases_open
                         WHERE status = 'concluded' AND NOT archived ORDER BY id LIMIT %s) s$q$, sch, n + warm) INTO ids;
        IF coalesce(array_length(ids, 1), 0) < n + warm THEN
            RAISE EXCEPTION 'only % concluded cases in %', array_length(ids, 1), sch;
        END IF;
    END IF;
    COMMIT;
    FOR i IN 1 .. n + warm LOOP
        IF i = warm + 1 THEN t0 := public.hs_cpu(); END IF;
        IF op = 'submit' THEN
            EXECUTE format('SELECT %I.submit($1, $2)', sch) INTO x USING 'd' || (i % 20), (i * 7919) % 1000000;
        ELSIF op = 'claim' THEN
            EXECUTE format('SELECT %I.claim_complete($1, $2)', sch) INTO x USING 'd' || (i % 20), 'clerk';
        ELSIF op = 'progress' THEN
            EXECUTE format('SELECT %I.progress($1)', sch) INTO j USING 3240000000000 + 1000000 + 1 + (i * 7919) % 20000;
        ELSIF op = 'progress_open' THEN
            EXECUTE format('SELECT %I.progress_open($1)', sch) INTO j USING 3240000000000 + 1000000 + 1 + (i * 7919) % 20000;
        ELSIF op = 'settle' THEN
            EXECUTE format('SELECT %I.settle($1)', sch) INTO x USING ids[i];
        END IF;
        COMMIT;
    END LOOP;
    cpu_us := round((public.hs_cpu() - t0) / n / 1000.0, 1);
END
$$;

-- Between rounds: the open set back to its start (open_n accepted cases, each
-- with one open task), new submissions removed.  Same statements in U and S:
-- the rows of the current month only (ids >= 324 * 10^10; history is below).
CREATE FUNCTION public.hs_reset(sch text, part boolean) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    na text := CASE WHEN part THEN ' AND NOT archived' ELSE '' END;
    lo constant bigint := 3240000000000;
    hi constant bigint := 3240000000000 + 2000000;
BEGIN
    EXECUTE format('DELETE FROM %I.task WHERE case_id >= %s %s', sch, hi, na);
    EXECUTE format('DELETE FROM %I.case_event WHERE case_id >= %s %s', sch, hi, na);
    EXECUTE format('DELETE FROM %I.case_material WHERE case_id >= %s %s', sch, hi, na);
    EXECUTE format('DELETE FROM %I.cases WHERE id >= %s %s', sch, hi, na);
    EXECUTE format($q$DELETE FROM %I.case_event WHERE case_id >= %s AND kind = 'concluded' %s$q$, sch, lo, na);
    EXECUTE format($q$UPDATE %I.task SET status = 'open', assignee = NULL, claimed_at = NULL, completed_at = NULL, result = NULL
                    WHERE case_id >= %s AND status = 'done' %s$q$, sch, lo, na);
    EXECUTE format($q$UPDATE %I.cases SET status = 'accepted', concluded_at = NULL, conclusion = NULL, assignee = NULL
                    WHERE id >= %s AND status = 'concluded' %s$q$, sch, lo, na);
END
$$;
