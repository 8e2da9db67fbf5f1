-- Cases (办件): submission, the one-time notice (一次性告知), supplements (补正),
-- tolerated materials (容缺), withdrawal, visits and delivery.
--
-- cases is partitioned (below, and doc/scale.md "Slice 1"); case_material
-- and case_event are reached only through the case id by the API, and no
-- function depends on physical order.

-- The pure completeness engine (src/core/completeness.c) behind one C function.
CREATE FUNCTION service_affair.classify_materials(
    service text, codes text[], names text[], flags integer[], tolerance_days integer[],
    materials text[], commitments text[], credit_ok boolean)
    RETURNS TABLE (material text, name text, status text, tolerance_days integer, required boolean)
    AS 'MODULE_PATHNAME', 'sa_classify_materials'
    LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION service_affair.classify_materials(text, text[], text[], integer[], integer[], text[], text[], boolean) IS
  'Internal: classify catalog material entries (flags: 1 required, 2 tolerable, 4 commitment allowed, 8 shared evidence or a valid licence on file, 16 applies to the applicant, 32 issued by an earlier stage of the bundle) against submitted and committed codes; one row per applicable material with its status, tolerance days (tolerated only) and whether it is required; 22023 names every unknown code, each cut to 64 characters';

-- Catalog entries of a service for one applicant at one instant, classified.
-- No SET clause: internal, called by submit() and completeness(), which pin
-- search_path (doc/development.md); every name qualified.
CREATE FUNCTION service_affair.assess(service text, applicant bigint, applicant_kind text, credit_ok boolean,
    materials text[], commitments text[], at timestamptz)
    RETURNS TABLE (material text, name text, status text, tolerance_days integer, required boolean)
    LANGUAGE plpgsql STABLE ROWS 10
    SET plan_cache_mode = force_generic_plan
AS $$
BEGIN
    -- The rows of assess_summary() (45_assess.sql: the catalog query
    -- catalog_entries() and the C engine), the one home of both, which
    -- submit() calls directly.  PL/pgSQL, generic plan: planned once a session.
    RETURN QUERY
    SELECT u.material, u.name, u.status, u.tolerance_days, u.required
      FROM service_affair.assess_summary(assess.service, assess.applicant, assess.applicant_kind, assess.credit_ok,
                                         assess.materials, assess.commitments, assess.at) a,
           ROWS FROM (pg_catalog.unnest(a.codes), pg_catalog.unnest(a.names), pg_catalog.unnest(a.statuses),
                      pg_catalog.unnest(a.tolerance_days), pg_catalog.unnest(a.required))
           AS u(material, name, status, tolerance_days, required);
END
$$;
COMMENT ON FUNCTION service_affair.assess(text, bigint, text, boolean, text[], text[], timestamptz) IS
  'Internal: the completeness of a submission by an applicant of the given kind and credit (service and applicant must exist); evidence and licences count when valid on the calendar-local day of at; a material a bundle''s earlier stage issues is produced';

-- Shared argument checks of the case functions.
CREATE FUNCTION service_affair.check_service_applicant(service text, applicant bigint)
    RETURNS service_affair.applicant
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    a service_affair.applicant;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM service_affair.item i WHERE i.code = service)
       AND NOT EXISTS (SELECT 1 FROM service_affair.bundle b WHERE b.code = service) THEN
        RAISE EXCEPTION 'unknown service'
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No item or bundle has code %s.', COALESCE(pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(service, 64))), 'NULL'));
    END IF;
    SELECT * INTO a FROM service_affair.applicant x WHERE x.id = applicant;
    IF NOT FOUND THEN
        PERFORM service_affair.refuse_null_id('applicant id', applicant);  -- 22023 (06_arguments.sql)
        RAISE EXCEPTION 'unknown applicant'
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No applicant has id %s.', COALESCE(applicant::text, 'NULL'));
    END IF;
    RETURN a;
END
$$;
COMMENT ON FUNCTION service_affair.check_service_applicant(text, bigint) IS
  'Internal: raises 23503 for an unknown service or applicant, else returns the applicant row';

CREATE FUNCTION service_affair.completeness(service text, applicant bigint, materials text[],
    commitments text[] DEFAULT '{}', at timestamptz DEFAULT pg_catalog.now())
    RETURNS TABLE (material text, name text, status text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER ROWS 10
    SET search_path = pg_catalog, pg_temp
    SET plan_cache_mode = force_generic_plan  -- service_item_codes() joins: see 30_catalog.sql
AS $$
DECLARE
    a service_affair.applicant;
    c record;  -- intake_credit()
BEGIN
    -- the bound on the arrays first, as submit() (check_case_codes(): no
    -- copy, no catalog read); until 2026-12-07 the lists were concatenated
    -- after the service and applicant were read, so 100 MB of codes were
    -- copied before they were refused, and an unknown service answered
    -- 23503 before the size did (a review)
    PERFORM service_affair.check_case_codes(materials, 'material and commitment', commitments);
    a := service_affair.check_service_applicant(service, applicant);
    PERFORM service_affair.check_case_args(at);
    -- the credit record read once (56_credit.sql): credit_ok, and the
    -- commitments to assess (a broken commitment in force bars them whatever
    -- credit_check says), as submit() reads them (until 2026-12-07 the record
    -- was read twice, intake_credit_ok() and intake_commitments())
    c := service_affair.intake_credit(applicant, service, a.credit_ok, commitments);
    RETURN QUERY
        SELECT x.material, x.name, x.status
          FROM service_affair.assess(service, applicant, a.kind, c.credit_ok, materials, c.assessed, at) x;
END
$$;
COMMENT ON FUNCTION service_affair.completeness(text, bigint, text[], text[], timestamptz) IS
  'Classifies every material of a service that applies to the applicant as present, shared, produced, committed, tolerated, missing or optional; no side effects';
REVOKE EXECUTE ON FUNCTION service_affair.classify_materials(text, text[], text[], integer[], integer[], text[], text[], boolean) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION service_affair.assess(text, bigint, text, boolean, text[], text[], timestamptz) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION service_affair.check_service_applicant(text, bigint) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION service_affair.completeness(text, bigint, text[], text[], timestamptz) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION service_affair.service_info(text) FROM PUBLIC;

-- cases is partitioned by whether the case is settled (doc/scale.md, "A
-- third design"): open work reads and writes cases_active, a plain table that
-- every statement of the write API reaches with the constant NOT settled, so
-- PostgreSQL prunes the history at plan time, also in a cached generic plan;
-- cases_settled holds the history, partitioned by month of submission (the
-- month is in the id, 38_case_ids.sql).  Keys and indexes are declared on
-- the partitions, none on the parent: cases_active carries the key and the
-- indexes of open work (the tables of open work refer to its key), and
-- settle_cases() gives each month of the history the key and the indexes a
-- reader of the history needs (63_settle.sql).  An index of the parent would
-- be cloned onto every month, which pg_dump then dumps as a second index of
-- the month (the parent's belongs to the extension), and the restore fails.
--
-- The CHECKs of cases and case_material list values as = ANY (array literal)
-- rather than IN (...): PostgreSQL reads every CHECK expression of a table
-- again for each INSERT or UPDATE statement, and this form is half the size
-- (doc/benchmarks-intake.md).  service_kind has no CHECK of its own:
-- cases_service_kind already admits only 'item' and 'bundle'.
CREATE TABLE service_affair.cases (
    id              bigint GENERATED ALWAYS AS IDENTITY,
    service         text NOT NULL,
    service_kind    text NOT NULL,  -- item or bundle: cases_service_kind
    item            text REFERENCES service_affair.item,
    bundle          text REFERENCES service_affair.bundle,
    department      text NOT NULL REFERENCES service_affair.department,
    region          text CHECK (region ~ '^[0-9]{6}$'),
    applicant       bigint NOT NULL REFERENCES service_affair.applicant,
    channel         text NOT NULL CHECK (channel = ANY ('{window,online,mobile,kiosk}'::text[])),
    status          text NOT NULL CHECK (status = ANY ('{returned,accepted,concluded,withdrawn,revoked}'::text[])),
    returned        boolean NOT NULL,
    tolerated       boolean NOT NULL DEFAULT false,
    submitted_at    timestamptz NOT NULL,
    accepted_at     timestamptz,
    due             date,
    tolerance_due   date,
    calendar        text NOT NULL REFERENCES service_affair.calendar ON UPDATE CASCADE,
    -- never negative: cases_row (48_case_row.sql)
    promised_limit  integer NOT NULL,
    legal_limit     integer NOT NULL,
    concluded_at    timestamptz,
    decision        text CHECK (decision = ANY ('{approved,denied}'::text[])),
    withdrawn_at    timestamptz,
    revoked_at      timestamptz,
    delivered_at    timestamptz,
    delivery_method text CHECK (delivery_method = ANY ('{window,mail,electronic}'::text[])),
    visits          integer NOT NULL DEFAULT 0 CHECK (visits >= 0),
    -- the time limit as routing moves it (50_routing.sql)
    due_shift       integer NOT NULL DEFAULT 0 CHECK (due_shift >= 0),
    suspended       boolean NOT NULL DEFAULT false,
    sla_state       text CHECK (sla_state IN ('warning', 'overdue')),
    settled         boolean NOT NULL DEFAULT false,
    -- (50_routing.sql; after settled, where the update adds it)
    task_suspended  boolean NOT NULL DEFAULT false,
    clock_stopped_at timestamptz,
    stop_moves_due  boolean NOT NULL DEFAULT false,
    stop_since      timestamptz,
    stop_task_due   date,
    stop_task_shift integer,
    stop_stage_shift integer,
    CONSTRAINT cases_service_kind CHECK (
        (service_kind = 'item' AND item = service AND bundle IS NULL)
        OR (service_kind = 'bundle' AND bundle = service AND item IS NULL)),
    CONSTRAINT cases_accepted_has_clock CHECK (
        accepted_at IS NOT NULL OR status = ANY ('{returned,withdrawn}'::text[]))
) PARTITION BY LIST (settled);
CREATE TABLE service_affair.cases_active PARTITION OF service_affair.cases (
    CONSTRAINT cases_pkey PRIMARY KEY (id)
) FOR VALUES IN (false);
CREATE TABLE service_affair.cases_settled PARTITION OF service_affair.cases
    FOR VALUES IN (true) PARTITION BY RANGE (id);
-- Partitions get no grants: row-level security and the grants are on the
-- parent, and a partition read directly would bypass the parent's policies.
REVOKE ALL ON TABLE service_affair.cases_active, service_affair.cases_settled FROM PUBLIC;
COMMENT ON TABLE service_affair.cases_active IS
  'Partition of cases: the cases not settled (all of them until settling is built), the only one open work touches';
COMMENT ON TABLE service_affair.cases_settled IS
  'Partition of cases: settled cases, partitioned by month of submission (range of ids); empty until settling is built';
COMMENT ON TABLE service_affair.cases IS
  'Cases (办件): one row per submission, whatever its outcome; written only through submit(), supplement(), withdraw(), record_visit(), deliver() and the routing functions';
COMMENT ON COLUMN service_affair.cases.id IS 'Case id';
COMMENT ON COLUMN service_affair.cases.service IS 'Service code applied for (an item or a bundle)';
COMMENT ON COLUMN service_affair.cases.service_kind IS 'item or bundle';
COMMENT ON COLUMN service_affair.cases.item IS 'The item, when the service is an item';
COMMENT ON COLUMN service_affair.cases.bundle IS 'The bundle, when the service is a bundle';
COMMENT ON COLUMN service_affair.cases.department IS 'Department of the item, or lead department of the bundle';
COMMENT ON COLUMN service_affair.cases.region IS 'Region (GB/T 2260) of the service centre where it was submitted; defaults to the department''s region';
COMMENT ON COLUMN service_affair.cases.applicant IS 'The applicant';
COMMENT ON COLUMN service_affair.cases.channel IS 'Submission channel: window, online, mobile or kiosk';
COMMENT ON COLUMN service_affair.cases.status IS 'returned, accepted, concluded, withdrawn or revoked';
COMMENT ON COLUMN service_affair.cases.returned IS 'Whether the submission got a one-time notice (whatever happened later)';
COMMENT ON COLUMN service_affair.cases.tolerated IS 'Whether the case was accepted with at least one tolerated (容缺) material pending';
COMMENT ON COLUMN service_affair.cases.submitted_at IS 'Submission time';
COMMENT ON COLUMN service_affair.cases.accepted_at IS 'Acceptance time (at submission or at the completing supplement); starts the clock';
COMMENT ON COLUMN service_affair.cases.due IS 'Due date: the promised limit in working days after the calendar-local acceptance day';
COMMENT ON COLUMN service_affair.cases.tolerance_due IS 'Earliest deadline of tolerated materials still pending; NULL when none';
COMMENT ON COLUMN service_affair.cases.calendar IS 'Calendar of the limits (snapshot at submission)';
COMMENT ON COLUMN service_affair.cases.promised_limit IS 'Promised working days (snapshot at submission; 0 for an immediate item; never negative: cases_row, cases_row_ok())';
COMMENT ON COLUMN service_affair.cases.legal_limit IS 'Legal working days (snapshot at submission: item_legal_days()); for a service with no legal limit (has_legal_limit false) the 20 days of its clock, which 时限缩短比例 does not count';
COMMENT ON COLUMN service_affair.cases.concluded_at IS 'Conclusion time (set by routing)';
COMMENT ON COLUMN service_affair.cases.decision IS 'approved or denied (set by routing)';
COMMENT ON COLUMN service_affair.cases.withdrawn_at IS 'Withdrawal time';
COMMENT ON COLUMN service_affair.cases.revoked_at IS 'Revocation time (tolerated materials not supplied in time)';
COMMENT ON COLUMN service_affair.cases.delivered_at IS 'Delivery time of the result';
COMMENT ON COLUMN service_affair.cases.delivery_method IS 'window, mail or electronic';
COMMENT ON COLUMN service_affair.cases.visits IS 'In-person visits: window submission, window supplements, recorded visits and window delivery';
COMMENT ON COLUMN service_affair.cases.due_shift IS
  'Routing: working days the case due moved by its tasks'' extensions and suspensions (sum over stages of the largest shift of a task of the stage, counting a suspension only when it began on or before the case''s due in force then)';
COMMENT ON COLUMN service_affair.cases.suspended IS
  'Routing: true while every unfinished task of the case is suspended (特别程序) and at least one is';
COMMENT ON COLUMN service_affair.cases.sla_state IS
  'Routing: last time-limit state recorded by sla_sweep (warning or overdue), NULL when running';
COMMENT ON COLUMN service_affair.cases.settled IS
  'Whether the case is settled: nothing can be written to it any more, and it lies in the history partition of its month';
COMMENT ON COLUMN service_affair.cases.task_suspended IS
  'Routing: true while the case is accepted and a task of it (not cancelled) is suspended, a bundle''s task suspended beside a running one included; kept by refresh_case_clock() with suspended.  case_sla finds by it, a column of the row, the few cases whose due in force can differ from the stored due (doc/routing.md, "A case with a task suspended")';
COMMENT ON COLUMN service_affair.cases.clock_stopped_at IS
  'Routing: while the case is accepted and suspended (every unfinished task suspended), the instant its clock stopped (clock_stopped_at() of its tasks), else NULL; kept by refresh_case_clock().  case_sla judges the suspension by it (suspended if on or before the due) without reading the tasks';
COMMENT ON COLUMN service_affair.cases.stop_moves_due IS
  'Routing: true while the case is accepted and its running suspension is its last event: the only suspension running, of a task in the case''s calendar, no extension granted nor suspension begun on any task of the case since it began; kept by refresh_case_clock().  case_sla then counts the due in force from the row (item_case_due_at(), with stop_since, stop_task_due, stop_task_shift, stop_stage_shift), an item''s case and a bundle''s alike; for the other cases with a suspended task it asks case_due_at()';
COMMENT ON COLUMN service_affair.cases.stop_since IS
  'Routing: while stop_moves_due, the instant the running suspension began, else NULL; kept by refresh_case_clock() (item_case_due_at())';
COMMENT ON COLUMN service_affair.cases.stop_task_due IS
  'Routing: while stop_moves_due, the due of the suspended task in force when its suspension began (its extension and finished suspensions counted), else NULL; kept by refresh_case_clock(): the running suspension counts for its task against it (item_case_due_at())';
COMMENT ON COLUMN service_affair.cases.stop_task_shift IS
  'Routing: while stop_moves_due, the working days the suspended task moves the case by (its shift for the case, the events before the running suspension counted), else NULL; kept by refresh_case_clock() (item_case_due_at())';
COMMENT ON COLUMN service_affair.cases.stop_stage_shift IS
  'Routing: while stop_moves_due, the largest shift for the case of the other tasks (not cancelled) of the suspended task''s stage, 0 when none, else NULL; kept by refresh_case_clock(): parallel tasks move the case by their largest (item_case_due_at())';
COMMENT ON CONSTRAINT cases_service_kind ON service_affair.cases IS 'item or bundle matches service';
COMMENT ON CONSTRAINT cases_accepted_has_clock ON service_affair.cases IS 'Every case past acceptance has an acceptance time';
CREATE INDEX cases_applicant_idx ON service_affair.cases_active (applicant);
CREATE INDEX cases_submitted_at_idx ON service_affair.cases_active (submitted_at);
CREATE INDEX cases_tolerance_due_idx ON service_affair.cases_active (tolerance_due) WHERE tolerance_due IS NOT NULL;
SELECT pg_catalog.pg_extension_config_dump('service_affair.cases', '');
SELECT pg_catalog.pg_extension_config_dump('service_affair.cases_active', '');
SELECT pg_catalog.pg_extension_config_dump('service_affair.cases_id_seq', '');

-- The rows of a case lie where the case lies (the same partitioning, by
-- settled and then by the month in the case id): open work reaches them with
-- NOT settled as it reaches cases, and the foreign key to the case is
-- declared per partition (the open rows to cases_active).
CREATE TABLE service_affair.case_material (
    case_id        bigint NOT NULL,
    material       text NOT NULL,
    name           text NOT NULL,
    required       boolean NOT NULL,
    initial_status text NOT NULL CHECK (initial_status = ANY ('{present,shared,committed,tolerated,missing,optional,produced}'::text[])),
    status         text NOT NULL CHECK (status = ANY ('{present,shared,committed,tolerated,missing,optional,produced}'::text[])),
    tolerance_days integer,  -- never negative: case_material_row (48_case_row.sql)
    due            date,
    supplied_at    timestamptz,
    settled        boolean NOT NULL DEFAULT false
) PARTITION BY LIST (settled);
CREATE TABLE service_affair.case_material_active PARTITION OF service_affair.case_material (
    CONSTRAINT case_material_pkey PRIMARY KEY (case_id, material),
    CONSTRAINT case_material_case_id_fkey FOREIGN KEY (case_id) REFERENCES service_affair.cases_active (id) ON DELETE CASCADE
) FOR VALUES IN (false);
CREATE TABLE service_affair.case_material_settled PARTITION OF service_affair.case_material
    FOR VALUES IN (true) PARTITION BY RANGE (case_id);
REVOKE ALL ON TABLE service_affair.case_material_active, service_affair.case_material_settled FROM PUBLIC;
COMMENT ON TABLE service_affair.case_material_active IS
  'Partition of case_material: the materials of the cases not settled (cases_active), the only one open work touches';
COMMENT ON TABLE service_affair.case_material_settled IS
  'Partition of case_material: the materials of settled cases, partitioned by month of submission (range of case ids); empty until settling is built';
COMMENT ON TABLE service_affair.case_material IS
  'Status of every applicable material of a case: as classified at submission and as it stands now';
COMMENT ON COLUMN service_affair.case_material.case_id IS 'The case';
COMMENT ON COLUMN service_affair.case_material.material IS 'Material code';
COMMENT ON COLUMN service_affair.case_material.name IS 'Material name (snapshot)';
COMMENT ON COLUMN service_affair.case_material.required IS 'Whether the service requires it (snapshot at submission; false: optional)';
COMMENT ON COLUMN service_affair.case_material.initial_status IS 'Status at submission; the notice lists the missing and tolerated ones';
COMMENT ON COLUMN service_affair.case_material.status IS 'Current status; supplying a material makes it present';
COMMENT ON COLUMN service_affair.case_material.tolerance_days IS 'Working days allowed to supply a tolerated material after acceptance (never negative: case_material_row, case_material_row_ok())';
COMMENT ON COLUMN service_affair.case_material.due IS 'Deadline of a tolerated material (set at acceptance)';
COMMENT ON COLUMN service_affair.case_material.supplied_at IS 'When it was supplied (submission or supplement)';
COMMENT ON COLUMN service_affair.case_material.settled IS 'Whether its case is settled (cases.settled): the partition key';
SELECT pg_catalog.pg_extension_config_dump('service_affair.case_material', '');
SELECT pg_catalog.pg_extension_config_dump('service_affair.case_material_active', '');

-- The key leads with the case: it is also the index a case's history is read
-- by, in order (0.1 had a key on id and an index on (case_id, id)).
CREATE TABLE service_affair.case_event (
    id          bigint GENERATED ALWAYS AS IDENTITY,
    case_id     bigint NOT NULL,
    at          timestamptz NOT NULL,
    actor       name NOT NULL DEFAULT service_affair.actor(),
    kind        text NOT NULL,
    from_status text,
    to_status   text,
    detail      jsonb NOT NULL DEFAULT '{}',
    settled     boolean NOT NULL DEFAULT false
) PARTITION BY LIST (settled);
CREATE TABLE service_affair.case_event_active PARTITION OF service_affair.case_event (
    CONSTRAINT case_event_pkey PRIMARY KEY (case_id, id),
    CONSTRAINT case_event_case_id_fkey FOREIGN KEY (case_id) REFERENCES service_affair.cases_active (id)
) FOR VALUES IN (false);
CREATE TABLE service_affair.case_event_settled PARTITION OF service_affair.case_event
    FOR VALUES IN (true) PARTITION BY RANGE (case_id);
REVOKE ALL ON TABLE service_affair.case_event_active, service_affair.case_event_settled FROM PUBLIC;
COMMENT ON TABLE service_affair.case_event_active IS
  'Partition of case_event: the history of the cases not settled (cases_active), the only one open work touches';
COMMENT ON TABLE service_affair.case_event_settled IS
  'Partition of case_event: the history of settled cases, partitioned by month of submission (range of case ids); empty until settling is built';
COMMENT ON TABLE service_affair.case_event IS
  'Append-only history of every case: submission, supplements, status changes, visits, delivery';
COMMENT ON COLUMN service_affair.case_event.id IS 'Event id, increasing';
COMMENT ON COLUMN service_affair.case_event.case_id IS 'The case';
COMMENT ON COLUMN service_affair.case_event.at IS 'When it happened (the at argument of the call)';
COMMENT ON COLUMN service_affair.case_event.actor IS 'Role that made the call (service_affair.actor())';
COMMENT ON COLUMN service_affair.case_event.kind IS 'submitted, supplemented, withdrawn, visit, delivered, or a kind added by routing (concluded, revoked, ...)';
COMMENT ON COLUMN service_affair.case_event.from_status IS 'Status before (NULL at submission)';
COMMENT ON COLUMN service_affair.case_event.to_status IS 'Status after';
COMMENT ON COLUMN service_affair.case_event.detail IS 'Details: channel, materials, purpose, method, ...';
COMMENT ON COLUMN service_affair.case_event.settled IS 'Whether its case is settled (cases.settled): the partition key';
SELECT pg_catalog.pg_extension_config_dump('service_affair.case_event', '');
SELECT pg_catalog.pg_extension_config_dump('service_affair.case_event_active', '');
SELECT pg_catalog.pg_extension_config_dump('service_affair.case_event_id_seq', '');

-- Internal: the arguments every case function shares: at must be given and
-- finite; arrays of codes and free texts that go into the append-only history
-- are bounded (22023), so that no call writes megabytes that stay forever.
-- No SET clause: internal, called only by SECURITY DEFINER functions, which
-- pin search_path (doc/development.md); every name qualified.
-- Internal: the bound on the arrays of codes (a list, at most 1000 codes
-- in all, none longer than 200 bytes; 22023), codes and more counted as one
-- list (submit()'s materials and commitments).  Cheap on an array of any
-- size: it copies none and reads no catalog (submit() asks it first; until
-- 2026-12-06 100 MB of codes took 3 to 11 s to refuse, after the catalog
-- reads and a copy; a review).  No SET clause, as check_case_args().
CREATE FUNCTION service_affair.check_case_codes(codes text[], codes_name text DEFAULT 'materials',
    more text[] DEFAULT NULL)
    RETURNS void
    LANGUAGE plpgsql IMMUTABLE
AS $$
DECLARE
    v_ndims integer := CASE WHEN pg_catalog.array_ndims(more) > 1 THEN pg_catalog.array_ndims(more)
                            ELSE pg_catalog.array_ndims(codes) END;
    v_scan boolean;
    v_lo integer;
    v_hi integer;
    v_len integer;
BEGIN
    IF v_ndims > 1 THEN  -- a list, as submit() asks (0A000 from array_position() until 2026-12-03)
        RAISE EXCEPTION '% must be a one-dimensional array', codes_name
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('The %s codes were given as an array of %s dimensions.', codes_name, v_ndims);
    END IF;
    IF COALESCE(pg_catalog.cardinality(codes), 0) + COALESCE(pg_catalog.cardinality(more), 0) > 1000 THEN
        RAISE EXCEPTION 'too many % codes', codes_name
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('%s %s codes were given; at most 1000 are taken.',
                                             COALESCE(pg_catalog.cardinality(codes), 0) + COALESCE(pg_catalog.cardinality(more), 0), codes_name);
    END IF;
    -- a code longer than 200 bytes needs more than 200 bytes in all, and
    -- 1000 codes of at most 200 bytes fill less than 210,000 bytes (the
    -- size, read without a copy, says so of a large array): the elements
    -- are read only then (a simple expression is evaluated without starting
    -- an executor; doc/benchmarks-intake.md), by subscript (no copy), the
    -- first such code named by its beginning
    -- (each array named where it is read: assigned to a variable it would
    -- be copied)
    FOR k IN 1..2 LOOP
        v_scan := CASE k WHEN 1 THEN pg_catalog.pg_column_size(codes) > 210000
                                     OR pg_catalog.octet_length(pg_catalog.array_to_string(codes, '')) > 200
                         ELSE pg_catalog.pg_column_size(more) > 210000
                              OR pg_catalog.octet_length(pg_catalog.array_to_string(more, '')) > 200 END;
        IF v_scan THEN
            v_lo := CASE k WHEN 1 THEN pg_catalog.array_lower(codes, 1) ELSE pg_catalog.array_lower(more, 1) END;
            v_hi := CASE k WHEN 1 THEN pg_catalog.array_upper(codes, 1) ELSE pg_catalog.array_upper(more, 1) END;
            FOR i IN v_lo .. v_hi LOOP
                v_len := pg_catalog.octet_length(CASE k WHEN 1 THEN codes[i] ELSE more[i] END);
                IF v_len > 200 THEN
                    RAISE EXCEPTION '% code too long', codes_name
                        USING ERRCODE = 'invalid_parameter_value',
                              DETAIL = pg_catalog.format('The %s code %s… has %s bytes, more than 200; codes have at most 64 characters.',
                                                         codes_name, pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(CASE k WHEN 1 THEN codes[i] ELSE more[i] END, 32))), v_len);
                END IF;
            END LOOP;
        END IF;
    END LOOP;
END
$$;
COMMENT ON FUNCTION service_affair.check_case_codes(text[], text, text[]) IS
  'Internal: 22023 when an array of codes (codes and more, one list) has more than one dimension, more than 1000 elements or one longer than 200 bytes; copies neither array and reads no catalog, so submit() asks it first';
REVOKE EXECUTE ON FUNCTION service_affair.check_case_codes(text[], text, text[]) FROM PUBLIC;

-- STABLE, not IMMUTABLE: refuse_unrecordable_time()'s detail shows the
-- time by TimeZone and DateStyle (until 2026-12-07 IMMUTABLE; a review)
CREATE FUNCTION service_affair.check_case_args(at timestamptz, codes text[] DEFAULT NULL,
    codes_name text DEFAULT 'materials', note text DEFAULT NULL, note_name text DEFAULT 'note')
    RETURNS void
    LANGUAGE plpgsql STABLE
AS $$
DECLARE
    v_void text;
BEGIN
    IF at IS NULL THEN
        RAISE EXCEPTION 'at must not be null'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The time is NULL; give the time of the call.';
    END IF;
    IF NOT pg_catalog.isfinite(at) THEN
        RAISE EXCEPTION 'at must be a finite time'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('The time %s is not finite.', at);
    END IF;
    PERFORM service_affair.refuse_unrecordable_time(at, 'at');  -- 22023 outside the years 1..8999 (06_arguments.sql)
    IF codes IS NOT NULL THEN  -- the bound on the codes (check_case_codes(), above)
        v_void := service_affair.check_case_codes(codes, codes_name)::text;
    END IF;
    IF pg_catalog.octet_length(note) > 4000 THEN
        RAISE EXCEPTION '% too long', note_name
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('The %s has %s bytes; at most 4000 are kept.', note_name, pg_catalog.octet_length(note));
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.check_case_args(timestamptz, text[], text, text, text) IS
  'Internal: 22023 when at is null or infinite, an array of codes has more than 1000 elements or one longer than 200 bytes, or a free text is longer than 4000 bytes';
REVOKE EXECUTE ON FUNCTION service_affair.check_case_args(timestamptz, text[], text, text, text) FROM PUBLIC;

-- Whether settle_cases() is moving the rows of a case now (src/settle.c):
-- the one exception of the append-only history.  Only the C code sets it.
CREATE FUNCTION service_affair.settle_moving() RETURNS boolean
    AS 'MODULE_PATHNAME', 'sa_settle_moving'
    LANGUAGE C VOLATILE;
COMMENT ON FUNCTION service_affair.settle_moving() IS
  'Internal: true only while settle_cases() moves the rows of a settled case into the history (the append-only trigger of case_event lets exactly those moves through)';
REVOKE EXECUTE ON FUNCTION service_affair.settle_moving() FROM PUBLIC;

CREATE FUNCTION service_affair.case_event_append_only() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- a trigger function of this table only, BEFORE UPDATE/DELETE/TRUNCATE
    IF pg_catalog.pg_partition_root(TG_RELID) IS DISTINCT FROM 'service_affair.case_event'::pg_catalog.regclass OR TG_WHEN <> 'BEFORE'
       OR TG_OP NOT IN ('UPDATE', 'DELETE', 'TRUNCATE') THEN
        RAISE EXCEPTION 'case_event_append_only() is not a trigger of this table'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'It guards service_affair.case_event only.';
    END IF;
    -- Settling moves a settled case's history into its month (63_settle.sql):
    -- an UPDATE of settled alone, carried out as a DELETE from
    -- case_event_active and an INSERT into the month.  Only while
    -- settle_cases() runs the move (settle_moving(), src/settle.c: no SQL
    -- can set it), and only that change.
    IF TG_LEVEL = 'ROW' AND service_affair.settle_moving() THEN
        IF TG_OP = 'DELETE' AND NOT OLD.settled THEN
            RETURN OLD;
        ELSIF TG_OP = 'UPDATE' AND NEW.settled AND NOT OLD.settled
              AND (pg_catalog.to_jsonb(NEW) OPERATOR(pg_catalog.-) 'settled')
                  OPERATOR(pg_catalog.=) (pg_catalog.to_jsonb(OLD) OPERATOR(pg_catalog.-) 'settled') THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'case history is append-only'
        USING ERRCODE = 'insufficient_privilege',
              DETAIL = pg_catalog.format('%s on service_affair.case_event is not allowed.', TG_OP);
END
$$;
COMMENT ON FUNCTION service_affair.case_event_append_only() IS
  'Trigger: refuses UPDATE, DELETE and TRUNCATE of the case history (42501), except the move of a settled case''s rows into the history by settle_cases(); refuses to run on any other table (42501)';
REVOKE EXECUTE ON FUNCTION service_affair.case_event_append_only() FROM PUBLIC;
CREATE TRIGGER case_event_no_change BEFORE UPDATE OR DELETE ON service_affair.case_event
    FOR EACH ROW EXECUTE FUNCTION service_affair.case_event_append_only();
COMMENT ON TRIGGER case_event_no_change ON service_affair.case_event IS 'History rows are never changed or deleted';
CREATE TRIGGER case_event_no_truncate BEFORE TRUNCATE ON service_affair.case_event
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.case_event_append_only();
COMMENT ON TRIGGER case_event_no_truncate ON service_affair.case_event IS 'History is never truncated';
-- PostgreSQL fires the parent's TRUNCATE trigger for a TRUNCATE of the
-- parent only: a partition named directly (or reached by the CASCADE of a
-- TRUNCATE of cases or of the catalog) needs its own.  Until 2026-12-04
-- TRUNCATE service_affair.case_event_active emptied the history of every
-- open case (a DBA's review).  settle_cases() gives each month it makes
-- one (src/settle.c).
CREATE TRIGGER case_event_no_truncate BEFORE TRUNCATE ON service_affair.case_event_active
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.case_event_append_only();
COMMENT ON TRIGGER case_event_no_truncate ON service_affair.case_event_active IS 'History is never truncated';
CREATE TRIGGER case_event_no_truncate BEFORE TRUNCATE ON service_affair.case_event_settled
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.case_event_append_only();
COMMENT ON TRIGGER case_event_no_truncate ON service_affair.case_event_settled IS 'History is never truncated';

-- The state machine, enforced on the table so that every writer obeys it:
--   returned → accepted | withdrawn
--   accepted → concluded | withdrawn | revoked
--   concluded, withdrawn, revoked: final
-- PL/pgSQL rather than SQL: PostgreSQL 15 plans a SQL function with a SET
-- clause again on every call (it cannot be inlined), and this runs on every
-- status change.
CREATE FUNCTION service_affair.case_transition_allowed(from_status text, to_status text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'sa_case_transition_allowed_sql'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.case_transition_allowed(text, text) IS
  'The case state machine (src/core/case_state.c): returned → accepted/withdrawn; accepted → concluded/withdrawn/revoked; concluded → revoked (tolerated materials never supplied); a status may stay as it is';
CREATE FUNCTION service_affair.case_next_states(status text) RETURNS text
    AS 'MODULE_PATHNAME', 'sa_case_next_states_sql'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.case_next_states(text) IS
  'The statuses that may follow a case status, for messages (''accepted, withdrawn''; ''none'' for a final or unknown status); the same table as case_transition_allowed()';

CREATE FUNCTION service_affair.case_state_machine() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF pg_catalog.pg_partition_root(TG_RELID) IS DISTINCT FROM 'service_affair.cases'::pg_catalog.regclass OR TG_WHEN <> 'BEFORE'
       OR TG_OP <> 'UPDATE' OR TG_LEVEL <> 'ROW' THEN
        RAISE EXCEPTION 'case_state_machine() is not a trigger of this table'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'It guards service_affair.cases only.';
    END IF;
    IF NOT service_affair.case_transition_allowed(OLD.status, NEW.status) THEN
        RAISE EXCEPTION 'case % cannot go from % to %', OLD.id, OLD.status, NEW.status
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('Case %s is %s; allowed next states: %s.', OLD.id, OLD.status,
                                             service_affair.case_next_states(OLD.status));
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION service_affair.case_state_machine() IS
  'Trigger: refuses a status change the case state machine does not allow (55000); refuses to run on any other table (42501)';
REVOKE EXECUTE ON FUNCTION service_affair.case_state_machine() FROM PUBLIC;
CREATE TRIGGER cases_state_machine BEFORE UPDATE OF status ON service_affair.cases
    FOR EACH ROW EXECUTE FUNCTION service_affair.case_state_machine();
COMMENT ON TRIGGER cases_state_machine ON service_affair.cases IS 'Enforces the case state machine';

-- Internal: whether a case exists, settled or not.  The statements of open
-- work read cases with NOT settled, which PostgreSQL prunes to cases_active
-- when it plans them; this one reads the history too, so it is asked only
-- when the first read found nothing (an error path, or a settled case), and
-- reads it through settled_case() (63_settle.sql): its month only.
CREATE FUNCTION service_affair.case_exists(case_id bigint) RETURNS boolean
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- PL/pgSQL: an SQL function is planned without the id's value and would
    -- read every month of the history; the settled case from its month only
    RETURN EXISTS (SELECT FROM service_affair.cases c WHERE c.id = case_exists.case_id AND NOT c.settled)
        OR EXISTS (SELECT FROM service_affair.settled_case(case_exists.case_id));  -- (63_settle.sql)
END
$$;
COMMENT ON FUNCTION service_affair.case_exists(bigint) IS
  'Internal: whether a case of this id exists, open or settled (reads the history: for error paths)';
REVOKE EXECUTE ON FUNCTION service_affair.case_exists(bigint) FROM PUBLIC;

-- Internal: the refusal of a write to a case the caller did not find among
-- the open ones: 55000 when it is settled, 23503 when there is no such case.
-- The one home of both messages (lock_case() and the functions that read the
-- case themselves).
CREATE FUNCTION service_affair.refuse_case(case_id bigint) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF service_affair.case_exists(refuse_case.case_id) THEN
        RAISE EXCEPTION 'case % is settled', case_id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('Case %s is settled: it is in the history, and nothing more can be written to it.', case_id);
    END IF;
    PERFORM service_affair.refuse_null_id('case id', case_id);  -- 22023 (06_arguments.sql)
    RAISE EXCEPTION 'unknown case'
        USING ERRCODE = 'foreign_key_violation',
              DETAIL = pg_catalog.format('No case has id %s.', COALESCE(case_id::text, 'NULL'));
END
$$;
COMMENT ON FUNCTION service_affair.refuse_case(bigint) IS
  'Internal: raises 55000 for a settled case, 23503 for an unknown one (a write found no open case of this id)';
REVOKE EXECUTE ON FUNCTION service_affair.refuse_case(bigint) FROM PUBLIC;

-- Internal: 40001 when a transaction of one snapshot (repeatable read,
-- serializable) locks a case another transaction wrote after that snapshot
-- was taken (src/stale.c says why the row lock alone does not tell).
CREATE FUNCTION service_affair.refuse_stale_case(case_id bigint) RETURNS void
    AS 'MODULE_PATHNAME', 'sa_refuse_stale_case'
    LANGUAGE C VOLATILE STRICT;
COMMENT ON FUNCTION service_affair.refuse_stale_case(bigint) IS
  'Internal: in REPEATABLE READ or SERIALIZABLE, 40001 when the history of the case holds an event committed after the transaction''s snapshot (a write that left the case row as it was: a partial supplement, a task finished while its stage goes on); nothing in READ COMMITTED; asked by lock_open_case() and lock_task() once they hold the case';
REVOKE EXECUTE ON FUNCTION service_affair.refuse_stale_case(bigint) FROM PUBLIC;

-- Internal: the open case of this id locked FOR NO KEY UPDATE, as a writer
-- of the case takes it first (no writer changes a case's id: the weaker
-- lock still excludes every other writer, and settle_cases()'s FOR UPDATE,
-- but not the KEY SHARE lock of a foreign key, which claim_task() takes
-- for its event after it locked the task: with FOR UPDATE a withdrawal
-- waiting for the case and a claim of its task deadlocked, doc/routing.md,
-- "Concurrency"); 55000 settled, 23503 unknown (refuse_case()).  SKIP
-- LOCKED, and only when another transaction holds the case a wait in
-- settle_wait() (63_settle.sql).  lock_case() adds the checks of a
-- transition; receive_originals(), revoke_case() and record_check() make
-- their own.  Not here: rate() (FOR SHARE, a measured hot path, its lock
-- inline), lock_task() and lock_rating() (the case locked only before their
-- own row, which answers for a settled case: refuse_task(), 55000 rating).
CREATE FUNCTION service_affair.lock_open_case(case_id bigint)
    RETURNS service_affair.cases
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c service_affair.cases;
    v_void text;
BEGIN
    -- the due lock before the case (doc/routing.md, "Concurrency"): a
    -- transaction that holds a case holds the due lock, so a calendar edit
    -- never waits for a case whose holder then waits for the due lock
    -- (record_visit(), then complete_task() of the case's task, deadlocked
    -- with an edit in between); a simple expression
    v_void := service_affair.due_lock_shared()::text;
    SELECT * INTO c FROM service_affair.cases x WHERE x.id = lock_open_case.case_id AND NOT x.settled FOR NO KEY UPDATE SKIP LOCKED;
    IF NOT FOUND THEN
        IF service_affair.settle_wait('case', lock_open_case.case_id) THEN  -- held: waited for it (63_settle.sql)
            SELECT * INTO c FROM service_affair.cases x WHERE x.id = lock_open_case.case_id AND NOT x.settled FOR NO KEY UPDATE;
        END IF;
    END IF;
    IF NOT FOUND THEN
        PERFORM service_affair.refuse_case(lock_open_case.case_id);  -- 55000 settled, 23503 unknown
    END IF;
    v_void := service_affair.refuse_stale_case(c.id)::text;  -- 40001 (repeatable read: a write it cannot see)
    RETURN c;
END
$$;
COMMENT ON FUNCTION service_affair.lock_open_case(bigint) IS
  'Internal: the open case row locked FOR NO KEY UPDATE (SKIP LOCKED, then settle_wait() when held; not against the KEY SHARE lock of a foreign key, as claim_task()''s event takes it), after the due lock (shared: waits for a calendar edit in progress); 23503 unknown case, 55000 a settled case, 40001 in repeatable read or serializable when another transaction wrote the case after the snapshot (refuse_stale_case())';
REVOKE EXECUTE ON FUNCTION service_affair.lock_open_case(bigint) FROM PUBLIC;

-- Internal: lock a case for a transition, once the caller may act on it;
-- 42501 (require_case()) before anything else of the case is told, then
-- 23503 when it does not exist, 55000 settled, 22023 when at is null or
-- precedes the submission.
CREATE FUNCTION service_affair.lock_case(case_id bigint, at timestamptz)
    RETURNS service_affair.cases
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c service_affair.cases;
BEGIN
    -- the right before the lock and before the case's state, on the case
    -- read without a lock (require_case(): an unknown case is refused as
    -- another region's, administrators pass), as lock_task(): until
    -- 2026-12-05 the case was locked first, and any clerk learned from 23503
    -- and 55000 which case numbers existed and which were settled (a review)
    IF case_id IS NULL THEN
        PERFORM service_affair.refuse_null_id('case id', case_id);  -- 22023 (06_arguments.sql): names nothing
    END IF;
    -- the clerks of the region, and the staff of the receiving point while
    -- it has business with the case (require_case_step(), 42_tongban.sql;
    -- until 2026-12-05 require_case(): the region's clerks only)
    PERFORM service_affair.require_case_step(lock_case.case_id);  -- 42501, the same words for every case
    c := service_affair.lock_open_case(lock_case.case_id);  -- 55000 settled, 23503 unknown (administrators)
    IF NOT service_affair.time_recordable(at) THEN
        PERFORM service_affair.check_case_args(at);  -- 22023 null, infinite or outside the years 1..8999
    END IF;
    -- a step of a case has happened (until 2026-12-04 a withdrawal or a
    -- collection could be dated a year ahead: refuse_future_outcome(), 56_credit.sql)
    PERFORM service_affair.refuse_future_outcome(at, 'at');  -- 22023
    IF at < c.submitted_at THEN
        RAISE EXCEPTION 'time precedes the submission of case %', c.id
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Time %s is before the submission of case %s at %s.', at, c.id, c.submitted_at);
    END IF;
    RETURN c;
END
$$;
COMMENT ON FUNCTION service_affair.lock_case(bigint, timestamptz) IS
  'Internal: the case row locked FOR NO KEY UPDATE, once the caller may act on it (require_case_step(), asked before the lock: 42501 alike for an unknown, a settled and another region''s case to anybody but an administrator, a clerk of its region or, while the point has business with the case, the staff of its receiving point); 22023 a NULL id; 23503 unknown case, 55000 a settled case (administrators; a clerk of its region: settled); 22023 at null, infinite, more than an hour ahead (not a superuser''s session) or before submission';
REVOKE EXECUTE ON FUNCTION service_affair.lock_case(bigint, timestamptz) FROM PUBLIC;

-- Internal: 22023 when a transition is dated before an earlier step of the
-- case (acceptance, conclusion), so that the times the analysts' views
-- measure never run backwards.
CREATE FUNCTION service_affair.require_not_before(case_id bigint, at timestamptz, since timestamptz, step text)
    RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF since IS NOT NULL AND at < since THEN
        RAISE EXCEPTION 'time precedes the % of case %', step, case_id
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Time %s is before the %s of case %s at %s.', at, step, case_id, since);
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.require_not_before(bigint, timestamptz, timestamptz, text) IS
  'Internal: 22023 when a transition of a case is dated before one of its earlier steps';
REVOKE EXECUTE ON FUNCTION service_affair.require_not_before(bigint, timestamptz, timestamptz, text) FROM PUBLIC;

-- Internal: start the clock of a case accepted at "at": due date and the
-- deadlines of its tolerated materials.
CREATE FUNCTION service_affair.start_clock(case_id bigint, at timestamptz, cal text, promised integer,
    OUT due date, OUT tolerance_due date)
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    day date := service_affair.local_day(at, cal);
BEGIN
    due := service_affair.shifted_due(day, promised, 0, cal);
    UPDATE service_affair.case_material m
       SET due = service_affair.shifted_due(day, m.tolerance_days, 0, cal)
     WHERE m.case_id = start_clock.case_id AND NOT m.settled AND m.status = 'tolerated';
    SELECT pg_catalog.min(m.due) INTO tolerance_due
      FROM service_affair.case_material m
     WHERE m.case_id = start_clock.case_id AND NOT m.settled AND m.status = 'tolerated';
END
$$;
COMMENT ON FUNCTION service_affair.start_clock(bigint, timestamptz, text, integer) IS
  'Internal: due date (promised working days after the local acceptance day) and tolerated-material deadlines of a case accepted at the given time, both by shifted_due(); the caller holds the due lock';
REVOKE EXECUTE ON FUNCTION service_affair.start_clock(bigint, timestamptz, text, integer) FROM PUBLIC;

CREATE FUNCTION service_affair.submit(service text, applicant bigint, materials text[],
    channel text DEFAULT 'window', commitments text[] DEFAULT '{}',
    at timestamptz DEFAULT pg_catalog.now(), region text DEFAULT NULL, request_key text DEFAULT NULL)
    RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET plan_cache_mode = force_generic_plan  -- service_item_codes() joins: see 30_catalog.sql
AS $$
DECLARE
    svc record;
    codes text[];
    names text[];
    statuses text[];
    tols integer[];
    reqs boolean[];
    nmissing integer;
    ntolerated integer;
    nrequired integer;  -- material counts kept on the case (43_visit_phases.sql)
    nreduced integer;
    v_status text;
    v_id bigint;
    v_day date;
    v_due date;
    v_tolerance_due date;
    v_missing text[];
    v_tolerated text[];
    a_kind text;
    a_credit boolean;
    a_found boolean;
    v_inactive boolean;
    v_on_commitment boolean;
    v_assessed record;  -- assess_summary()
    v_commitments text[];  -- the commitments to assess (intake_credit()); NULL: commitments
    v_commitment_ok boolean;  -- intake_credit()'s commitment_ok, passed to commitment_accepted()
    v_void text;  -- the void helpers below are called as expressions, not with
                  -- PERFORM: a simple expression starts no executor (doc/benchmarks-intake.md)
BEGIN
    -- the bound on the arrays first, before any copy or catalog read (a
    -- list of at most 1000 codes in all, none longer than 200 bytes: 22023,
    -- check_case_codes()); until 2026-12-06 it came after the catalog reads,
    -- on the arrays concatenated, and 100 MB of codes took 3 to 11 s to
    -- refuse (a review)
    v_void := service_affair.check_case_codes(materials, 'material and commitment', commitments)::text;
    -- a request key (39_case_requests.sql): the case an earlier call with
    -- the key and this submission made, and nothing written; without a key
    -- this test is all it costs
    IF request_key IS NOT NULL THEN
        v_id := service_affair.request_claim(request_key,
                    service_affair.request_digest('applicant', service, applicant::text, materials, channel, commitments,
                                                  region, NULL, NULL, NULL));
        IF v_id IS NOT NULL THEN
            RETURN v_id;
        END IF;
    END IF;
    -- the due lock first, before the service is read: a catalog edit takes
    -- it exclusively (catalog_due_lock, 75_catalog_ledger.sql), so the case
    -- is assessed and routed under one catalog, and its due dates under one
    -- calendar; until 2026-12-03 it was taken after the assessment, and an
    -- item moved to another department while submit() waited for a
    -- calendar edit gave a case of the old department with a task of the
    -- new one (a review).  Also before any row naming a calendar is
    -- written: a rename of the calendar holds it while it waits for such
    -- rows (calendar_due_lock).
    v_void := service_affair.due_lock_shared()::text;
    svc := service_affair.service_info(service);  -- an expression: no executor start
    IF svc.kind IS NULL THEN
        PERFORM service_affair.check_service_applicant(service, applicant);  -- raises 23503
    END IF;
    -- one read: the applicant, whether an item of the service is not active
    -- (only then the detailed refusal) and whether one approves on
    -- commitment (only then commitment_accepted() below; doc/benchmarks-intake.md)
    SELECT x.kind, x.credit_ok, x.id IS NOT NULL,
           EXISTS (SELECT FROM service_affair.service_item_codes(service) s JOIN service_affair.item i ON i.code = s
                    WHERE i.status <> 'active'),
           EXISTS (SELECT FROM service_affair.service_item_codes(service) s JOIN service_affair.item i ON i.code = s
                    WHERE i.approval_mode = 'commitment')
      INTO a_kind, a_credit, a_found, v_inactive, v_on_commitment
      FROM (SELECT) d LEFT JOIN service_affair.applicant x ON x.id = applicant;
    IF v_inactive THEN
        PERFORM service_affair.check_service_status(service);  -- 55000 cancelled or delegated (33_guides.sql)
    END IF;
    IF NOT a_found THEN
        PERFORM service_affair.check_service_applicant(service, applicant);  -- raises 23503
    END IF;
    -- the credit record (56_credit.sql), read once: with commitments, 容缺
    -- and the commitments to assess in one call (intake_credit(), one
    -- snapshot; a broken commitment in force bars commitments whatever
    -- credit_check says).  Until 2026-12-07 the commitments were asked in a
    -- later statement, in READ COMMITTED a later snapshot: a fact committed
    -- in between could bar commitments while 容缺 stayed open (a review).
    -- With an item approving on commitment, the approval's answer too
    -- (commitment_ok, passed to commitment_accepted() below: until
    -- 2026-12-07 it asked intake_commitment_ok() in a statement of its own,
    -- a third snapshot; a review, credit_accept_one_read.sql).
    -- Without either, intake_credit_ok() alone, as before (the hot path)
    IF pg_catalog.cardinality(commitments) > 0 OR v_on_commitment THEN
        SELECT x.credit_ok, x.assessed, x.commitment_ok INTO a_credit, v_commitments, v_commitment_ok
          FROM service_affair.intake_credit(applicant, service, a_credit, commitments, v_on_commitment) x;
    ELSE
        a_credit := service_affair.intake_credit_ok(applicant, service, a_credit);
    END IF;
    IF channel IS NULL OR channel NOT IN ('window', 'online', 'mobile', 'kiosk', 'door') THEN
        RAISE EXCEPTION 'invalid channel'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Channel %s is not one of window, online, mobile, kiosk, door.',
                                             COALESCE(pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(channel, 64))), 'NULL'));
    END IF;
    IF channel IN ('online', 'mobile') AND svc.kind IS NOT NULL AND NOT svc.online THEN
        RAISE EXCEPTION 'service % is not handled online', service
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Channel %s needs a service marked online (网上可办); %s is not.', channel, service),
                  HINT = 'Submit it at a window or a kiosk.';
    END IF;
    -- 掌上办: the app takes what the guide says it takes (item.mobile; a
    -- bundle when every item does, service_info()).  Until 2026-12-05 any
    -- service handled online took the channel mobile, whatever the guide
    -- said (a review); the update from 0.1.0 marks mobile the items handled
    -- online then (33_guides.sql), which 0.1.0 let the app submit.
    IF channel = 'mobile' AND svc.kind IS NOT NULL AND NOT svc.mobile THEN
        RAISE EXCEPTION 'service % is not handled on the mobile app', service
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Channel %s needs a service marked mobile (掌上办); %s is not.', channel, service),
                  HINT = 'Submit it online, at a window or at a kiosk.';
    END IF;
    v_void := service_affair.check_case_args(at)::text;  -- 22023 (the codes were bounded first)
    -- a submission has happened (refuse_future_outcome(), 56_credit.sql)
    v_void := service_affair.refuse_future_outcome(at, 'at')::text;  -- 22023
    IF region !~ '^[0-9]{6}$' THEN
        RAISE EXCEPTION 'invalid region'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Region %s is not a 6-digit GB/T 2260 code.', pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(region, 64))));
    END IF;
    v_void := service_affair.require_region(COALESCE(submit.region, svc.region))::text;  -- 42501 (90_access.sql)

    -- the completeness (45_assess.sql) as arrays, evaluated as an expression:
    -- no executor start, no rows to aggregate again (doc/benchmarks-intake.md)
    v_assessed := service_affair.assess_summary(service, applicant, a_kind, a_credit, materials,
                      COALESCE(v_commitments, commitments), at);  -- read with the record above
    codes := v_assessed.codes;
    names := v_assessed.names;
    statuses := v_assessed.statuses;
    tols := v_assessed.tolerance_days;
    reqs := v_assessed.required;
    v_missing := v_assessed.missing;
    v_tolerated := v_assessed.tolerated;
    nrequired := v_assessed.nrequired;
    nreduced := v_assessed.nreduced;
    nmissing := COALESCE(pg_catalog.cardinality(v_missing), 0);
    ntolerated := COALESCE(pg_catalog.cardinality(v_tolerated), 0);
    IF nmissing > 0 THEN
        v_status := 'returned';
    ELSE
        -- accepted: the clock starts (the rule of start_clock(), shifted_due(),
        -- computed before the insert so that the case row is written once)
        v_status := 'accepted';
        v_day := service_affair.local_day(at, svc.calendar);
        v_due := service_affair.shifted_due(v_day, svc.promised_days, 0, svc.calendar);
        IF ntolerated > 0 THEN
            SELECT pg_catalog.min(service_affair.shifted_due(v_day, u.tol, 0, svc.calendar)) INTO v_tolerance_due
              FROM ROWS FROM (pg_catalog.unnest(statuses), pg_catalog.unnest(tols)) AS u(status, tol)
             WHERE u.status = 'tolerated';
        END IF;
    END IF;

    -- one statement writes the case, its materials and the history event
    WITH c AS (
        INSERT INTO service_affair.cases AS c
               (id, service, service_kind, item, bundle, department, region, applicant, channel, status,
                returned, tolerated, submitted_at, accepted_at, due, tolerance_due, calendar, promised_limit, legal_limit, visits,
                handling_department, competent_region, required_materials, reduced_materials, has_legal_limit)
        -- the case number carries the month of submission (38_case_ids.sql)
        OVERRIDING SYSTEM VALUE
        VALUES (service_affair.case_id(at, pg_catalog.nextval('service_affair.cases_id_seq'::pg_catalog.regclass)),
                service, svc.kind,
                CASE WHEN svc.kind = 'item' THEN service END,
                CASE WHEN svc.kind = 'bundle' THEN service END,
                svc.department, COALESCE(submit.region, svc.region), applicant, channel, v_status,
                nmissing > 0, nmissing = 0 AND ntolerated > 0, at, CASE WHEN nmissing = 0 THEN at END, v_due, v_tolerance_due,
                svc.calendar, svc.promised_days, svc.legal_days,
                service_affair.visit_count(channel, NULL),  -- the visit rule (34_network.sql)
                svc.department, svc.region, nrequired, nreduced, svc.has_legal_limit)
        RETURNING c.id),
    m AS (
        INSERT INTO service_affair.case_material (case_id, material, name, required, initial_status, status, tolerance_days, due, supplied_at,
                                                  evidence_types)
        SELECT c.id, u.code, u.name, u.req, u.status, u.status, u.tol,
               CASE WHEN u.status = 'tolerated' AND nmissing = 0 THEN service_affair.shifted_due(v_day, u.tol, 0, svc.calendar) END,
               CASE WHEN u.status = 'present' THEN at END,
               pg_catalog.string_to_array(u.etypes, E'\n')  -- joined by line feeds (assess_summary())
          FROM c, ROWS FROM (pg_catalog.unnest(codes), pg_catalog.unnest(names), pg_catalog.unnest(statuses),
                             pg_catalog.unnest(tols), pg_catalog.unnest(reqs), pg_catalog.unnest(v_assessed.evidence_types))
               AS u(code, name, status, tol, req, etypes)),
    e AS (
        INSERT INTO service_affair.case_event (case_id, at, kind, from_status, to_status, detail)
        SELECT c.id, at, 'submitted', NULL, v_status,
               pg_catalog.jsonb_build_object('channel', channel, 'materials', COALESCE(materials, '{}'),
                   'commitments', COALESCE(commitments, '{}'),
                   'missing', COALESCE(v_missing, '{}'), 'tolerated', COALESCE(v_tolerated, '{}'))
               -- a bundle's items as assessed, each with its department,
               -- and with its stage (which material an earlier stage
               -- produces): supplement() routes a returned case only while
               -- they hold
               OPERATOR(pg_catalog.||) CASE WHEN svc.kind = 'bundle' THEN
                   (SELECT pg_catalog.jsonb_build_object('items', COALESCE(pg_catalog.jsonb_object_agg(bi.item, i.department), '{}'),
                                                         'stages', COALESCE(pg_catalog.jsonb_object_agg(bi.item, bi.stage), '{}'))
                      FROM service_affair.bundle_item bi JOIN service_affair.item i ON i.code = bi.item
                     WHERE bi.bundle = service) ELSE '{}' END
          FROM c)
    SELECT c.id INTO v_id FROM c;
    IF v_status = 'accepted' THEN
        v_void := service_affair.route_accepted(v_id)::text;  -- the tasks (50_routing.sql)
        -- checks, approval on commitment (55_commitments.sql); skipped, as it
        -- would return at once, when nothing was committed and no item of the
        -- service approves on commitment (doc/benchmarks-intake.md)
        IF v_on_commitment OR 'committed' OPERATOR(pg_catalog.=) ANY (statuses) THEN
            PERFORM service_affair.commitment_accepted(v_id, v_commitment_ok);
        END IF;
    END IF;
    IF request_key IS NOT NULL THEN
        v_void := service_affair.request_done(request_key, v_id)::text;
    END IF;
    RETURN v_id;
END
$$;
COMMENT ON FUNCTION service_affair.submit(text, bigint, text[], text, text[], timestamptz, text, text) IS
  'Records a case with its material statuses: accepted when nothing is missing (clock started, tolerated materials get deadlines, tasks routed), else returned with a one-time notice; returns the case id; given a request_key (1 to 200 printable ASCII characters, 22023 otherwise), the caller''s repeated call with the key and the same submission returns the same case and writes nothing, the key with another submission is 23505 (39_case_requests.sql)';
REVOKE EXECUTE ON FUNCTION service_affair.submit(text, bigint, text[], text, text[], timestamptz, text, text) FROM PUBLIC;

CREATE FUNCTION service_affair.notice(case_id bigint)
    RETURNS TABLE (material text, name text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER ROWS 5
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_settled boolean := false;
BEGIN
    -- the right first (require_case(): an unknown case is refused as
    -- another region's, administrators pass): until 2026-12-05 an unknown
    -- case was 23503 to any clerk, who learned which case numbers existed
    -- (a review); a NULL id names nothing (22023)
    IF case_id IS NULL THEN
        PERFORM service_affair.refuse_null_id('case id', case_id);  -- 22023 (06_arguments.sql)
    END IF;
    PERFORM service_affair.require_case(notice.case_id);  -- 42501 (05_org.sql)
    -- open cases first, a settled one from the history only then (separate
    -- statements: one plan holding both would lock the history every time)
    IF NOT EXISTS (SELECT 1 FROM service_affair.cases c WHERE c.id = notice.case_id AND NOT c.settled) THEN
        IF NOT service_affair.case_exists(notice.case_id) THEN
            RAISE EXCEPTION 'unknown case'  -- administrators only (require_case())
                USING ERRCODE = 'foreign_key_violation',
                      DETAIL = pg_catalog.format('No case has id %s.', COALESCE(case_id::text, 'NULL'));
        END IF;
        v_settled := true;
    END IF;
    IF NOT v_settled THEN
        RETURN QUERY
            SELECT m.material, m.name FROM service_affair.case_material m
             WHERE m.case_id = notice.case_id AND NOT m.settled AND m.initial_status IN ('missing', 'tolerated')
             ORDER BY m.material;
    ELSE
        RETURN QUERY
            SELECT m.material, m.name FROM service_affair.settled_case_materials(notice.case_id) m  -- its month only (63_settle.sql)
             WHERE m.initial_status IN ('missing', 'tolerated')
             ORDER BY m.material;
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.notice(bigint) IS
  'The one-time notice (一次性告知) of a case: every material not satisfied at submission, tolerable ones included; 42501 unless an administrator or a clerk of the case''s region, alike for an unknown case (require_case(), asked first); 23503 unknown case (administrators), 22023 a NULL id';
REVOKE EXECUTE ON FUNCTION service_affair.notice(bigint) FROM PUBLIC;

CREATE FUNCTION service_affair.supplement(case_id bigint, materials text[],
    at timestamptz DEFAULT pg_catalog.now(), channel text DEFAULT 'online')
    RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c service_affair.cases;
    bad text[];
    v_late text;
    v_status text;
    clock record;
    n_supplied integer;
    v_then jsonb;  -- the items of a bundle's case at its submission
    v_now jsonb;
    v_stages_then jsonb;  -- and their stages
    v_stages_now jsonb;
BEGIN
    IF channel IS NULL OR channel NOT IN ('window', 'online', 'mobile', 'kiosk', 'door') THEN
        RAISE EXCEPTION 'invalid channel'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Channel %s is not one of window, online, mobile, kiosk, door.',
                                             COALESCE(pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(channel, 64))), 'NULL'));
    END IF;
    c := service_affair.lock_case(case_id, at);
    PERFORM service_affair.check_case_args(at, materials, 'materials');
    IF materials IS NULL OR pg_catalog.cardinality(materials) = 0 THEN
        -- a supplement that supplies nothing would still count a visit and
        -- leave a 'supplemented' step in the history
        RAISE EXCEPTION 'a supplement must name at least one material'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Case %s was given %s materials; record a visit without materials with record_visit().',
                                             c.id, CASE WHEN materials IS NULL THEN 'NULL' ELSE 'no' END);
    END IF;
    -- a case concluded before its tolerated materials' deadline still takes them
    IF c.status NOT IN ('returned', 'accepted', 'concluded')
       OR (c.status IN ('accepted', 'concluded') AND NOT EXISTS (SELECT 1 FROM service_affair.case_material m
                                                 WHERE m.case_id = c.id AND NOT m.settled AND m.status = 'tolerated')) THEN
        RAISE EXCEPTION 'case % takes no supplement', c.id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('Case %s is %s%s; only returned cases and accepted or concluded cases with tolerated materials pending take supplements.',
                                             c.id, c.status, CASE WHEN c.status IN ('accepted', 'concluded') THEN ' with nothing pending' ELSE '' END);
    END IF;
    PERFORM service_affair.require_not_before(c.id, at, c.accepted_at, 'acceptance');
    -- nor before an earlier supplement: the supplement that completes a
    -- returned case dates its acceptance, which must not precede a material
    -- it needed (doc/intake.md, "Times")
    PERFORM service_affair.require_not_before(c.id, at,
        (SELECT pg_catalog.max(e.at) FROM service_affair.case_event e
          WHERE e.case_id = c.id AND NOT e.settled AND e.kind = 'supplemented'), 'last supplement');
    IF pg_catalog.array_position(materials, NULL) IS NOT NULL THEN
        -- the element named, as submit() and completeness() name it (until
        -- 2026-12-05 this refusal alone had no detail; a review)
        RAISE EXCEPTION 'materials must not contain null'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Element %s of materials is null.',
                                             pg_catalog.array_position(materials, NULL)
                                             OPERATOR(pg_catalog.-) pg_catalog.array_lower(materials, 1) OPERATOR(pg_catalog.+) 1);
    END IF;
    -- every one named in the detail (API.md), each cut to 64 characters (a
    -- code may have 200 bytes; check_case_args() allows at most 1000 codes)
    SELECT pg_catalog.array_agg(DISTINCT service_affair.printable(pg_catalog.left(u.x, 64)) ORDER BY service_affair.printable(pg_catalog.left(u.x, 64))) INTO bad
      FROM pg_catalog.unnest(materials) u(x)
     WHERE NOT EXISTS (SELECT 1 FROM service_affair.case_material m WHERE m.case_id = c.id AND NOT m.settled AND m.material = u.x);
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'unknown material codes for case %', c.id
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Unknown material codes for case %s (service "%s"): %s.',
                                             c.id, c.service, pg_catalog.array_to_string(bad, ', '));
    END IF;
    -- a tolerated material is supplied by its deadline or the acceptance is
    -- revoked (DOMAIN: 容缺); one dated after it is refused, as the sweep
    -- would revoke (tolerance_due before the local day).  Until 2026-12-04
    -- it was taken and cleared the revocation, so the outcome depended on
    -- whether a sweep had run in between (a review)
    IF c.status IN ('accepted', 'concluded') THEN
        SELECT pg_catalog.string_agg(pg_catalog.format('%s (due %s)', m.material, m.due), ', ' ORDER BY m.material) INTO v_late
          FROM service_affair.case_material m
         WHERE m.case_id = c.id AND NOT m.settled AND m.status = 'tolerated' AND m.material = ANY (materials)
           AND m.due < service_affair.local_day(at, c.calendar);
        IF v_late IS NOT NULL THEN
            RAISE EXCEPTION 'the deadline of tolerated materials of case % has passed', c.id
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = pg_catalog.format('Case %s was accepted with tolerated materials %s; a supply on %s comes after the deadline.',
                                                 c.id, v_late, service_affair.local_day(at, c.calendar)),
                      HINT = 'The acceptance is revoked by sla_sweep(); a supply dated by the deadline (recorded late) is taken.';
        END IF;
    END IF;

    UPDATE service_affair.case_material m SET status = 'present', supplied_at = at, due = NULL
     WHERE m.case_id = c.id AND NOT m.settled AND m.material = ANY (materials)
       AND m.status IN ('missing', 'tolerated', 'optional');
    GET DIAGNOSTICS n_supplied = ROW_COUNT;
    IF n_supplied = 0 THEN
        -- only materials the case already has: nothing supplied, so no visit
        -- and no supplemented step (until 2026-12-03 both were recorded)
        -- the detail names each with its status: one satisfied by shared
        -- evidence, a commitment or an earlier stage is not 'present' (until
        -- 2026-12-05 the detail said every one was, and named none; a review)
        RAISE EXCEPTION 'case % lacks none of the materials supplied', c.id
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Every material given is already satisfied on case %s: %s; record a visit without materials with record_visit().',
                                             c.id,
                                             (SELECT pg_catalog.string_agg(pg_catalog.format('%s (%s)', service_affair.printable(pg_catalog.left(m.material, 64)), m.status), ', ' ORDER BY m.material)
                                                FROM service_affair.case_material m
                                               WHERE m.case_id = c.id AND NOT m.settled AND m.material = ANY (materials)));
    END IF;

    -- the supplement's visit by the visit rule (34_network.sql) at the
    -- point where it is handed in: a case received at a free-standing kiosk
    -- is supplied at an office's window (nobody works at the kiosk), a visit,
    -- as record_visit() and deliver() count it (contact_point()); by the
    -- kiosk channel, none.  Until 2026-12-07 a window supplement of such a
    -- case counted at the kiosk, as none (a review; tongban_kiosk_contacts.sql)
    v_status := c.status;
    IF c.status = 'returned' THEN
        IF NOT EXISTS (SELECT 1 FROM service_affair.case_material m WHERE m.case_id = c.id AND NOT m.settled AND m.status = 'missing') THEN
            v_status := 'accepted';
            PERFORM service_affair.due_lock_shared();
            -- a case is routed as it was assessed: by the items and their
            -- departments of its submission (route_accepted() reads today's
            -- catalog).  A bundle's 'submitted' event keeps its items, each
            -- with its department; an item's case has its item's department
            -- in cases.department.  A bundle that gained an item since would
            -- give a task whose materials nobody asked for, one that lost an
            -- item none, and an item moved to another department a task
            -- there while the case stayed with the first (neither saw both).
            -- Until 2026-12-04 such a case was routed all the same (a
            -- review).  Read under the due lock, which a catalog edit takes
            -- exclusively; a bundle's case submitted before its event kept
            -- the items (0.2.0 of 2026-12-04) is routed as before
            IF c.bundle IS NOT NULL THEN
                SELECT e.detail OPERATOR(pg_catalog.->) 'items', n.items,
                       e.detail OPERATOR(pg_catalog.->) 'stages', n.stages
                  INTO v_then, v_now, v_stages_then, v_stages_now
                  FROM service_affair.case_event e,
                       (SELECT COALESCE(pg_catalog.jsonb_object_agg(bi.item, i.department), '{}') AS items,
                               COALESCE(pg_catalog.jsonb_object_agg(bi.item, bi.stage), '{}') AS stages
                          FROM service_affair.bundle_item bi JOIN service_affair.item i ON i.code = bi.item
                         WHERE bi.bundle = c.bundle) n
                 WHERE e.case_id = c.id AND NOT e.settled AND e.kind = 'submitted';
            ELSE
                v_then := pg_catalog.jsonb_build_object(c.item, c.department);
                v_now := (SELECT pg_catalog.jsonb_build_object(i.code, i.department) FROM service_affair.item i WHERE i.code = c.item);
            END IF;
            IF v_then IS NOT NULL AND v_then OPERATOR(pg_catalog.<>) v_now THEN
                RAISE EXCEPTION 'the items of service % changed since case % was submitted', c.service, c.id
                    USING ERRCODE = 'object_not_in_prerequisite_state',
                          DETAIL = pg_catalog.left(pg_catalog.format('Case %s was assessed for the items of %s at its submission, by department: %s; they are %s now.',
                                                                     c.id, c.service, v_then, v_now), 2000),
                          HINT = 'Withdraw the case and submit it again: its completeness is then assessed, and its tasks routed, for the service as it is.';
            END IF;
            -- ... and in the order of its stages: a material an earlier
            -- stage issues was not asked of the applicant (produced,
            -- 45_assess.sql), and with the stages reordered the task that
            -- needs it opened first, and was decided without it.  The order
            -- counts, not the numbers (stages 1, 2 renumbered 1, 3 change
            -- nothing).  Until 2026-12-06 only the items and departments
            -- were compared (a review; route_supplement_stages.sql); a
            -- case submitted before its event kept the stages has none
            IF v_stages_then IS NOT NULL AND v_stages_then OPERATOR(pg_catalog.<>) v_stages_now
               AND (SELECT pg_catalog.jsonb_object_agg(x.key, x.r)
                      FROM (SELECT y.key, pg_catalog.dense_rank() OVER (ORDER BY y.value::integer) AS r
                              FROM pg_catalog.jsonb_each_text(v_stages_then) y) x)
                   OPERATOR(pg_catalog.<>)
                   (SELECT pg_catalog.jsonb_object_agg(x.key, x.r)
                      FROM (SELECT y.key, pg_catalog.dense_rank() OVER (ORDER BY y.value::integer) AS r
                              FROM pg_catalog.jsonb_each_text(v_stages_now) y) x) THEN
                RAISE EXCEPTION 'the stages of service % changed since case % was submitted', c.service, c.id
                    USING ERRCODE = 'object_not_in_prerequisite_state',
                          DETAIL = pg_catalog.left(pg_catalog.format('Case %s was assessed for the stages of %s at its submission, by item: %s; they are %s now.',
                                                                     c.id, c.service, v_stages_then, v_stages_now), 2000),
                          HINT = 'Withdraw the case and submit it again: its completeness is then assessed, and its tasks routed, for the service as it is.';
            END IF;
            clock := service_affair.start_clock(c.id, at, c.calendar, c.promised_limit);
            UPDATE service_affair.cases x
               SET status = 'accepted', accepted_at = at, due = clock.due, tolerance_due = clock.tolerance_due,
                   tolerated = clock.tolerance_due IS NOT NULL,
                   visits = x.visits + service_affair.visit_count(supplement.channel, service_affair.contact_point(c.receiving_point), c.agent IS NOT NULL)
             WHERE x.id = c.id AND NOT x.settled;
            -- visits recorded while the case was returned but made at or
            -- after this acceptance (a supplement recorded late) belong to
            -- the promise, as record_visit() files a late visit by its own
            -- time (until 2026-12-04 they stayed before the acceptance and
            -- hid a breach of the promise; a review).  Each by the count
            -- record_visit() added (the event's counted, since 2026-12-07):
            -- until then by the point's level now, so that a point
            -- reclassified since (a village point made a mobile unit)
            -- left a visit after the acceptance in this count, the promise
            -- then 跑零次 (a review; tongban_visit_level.sql).  An event
            -- written before has none: counted at the point as it stands
            UPDATE service_affair.cases x
               SET visits_before_acceptance = GREATEST(0, x.visits_before_acceptance - n.k)
              FROM (SELECT COALESCE(pg_catalog.sum(COALESCE((e.detail->>'counted')::integer,
                                                            service_affair.visit_count('window', service_affair.contact_point(c.receiving_point)))),
                                    0)::integer AS k
                      FROM service_affair.case_event e
                     WHERE e.case_id = c.id AND NOT e.settled AND e.kind = 'visit' AND e.from_status = 'returned'
                       AND e.at >= supplement.at) n
             WHERE x.id = c.id AND NOT x.settled AND n.k > 0;
        ELSIF service_affair.visit_count(channel, service_affair.contact_point(c.receiving_point), c.agent IS NOT NULL) > 0 THEN
            UPDATE service_affair.cases x SET visits = x.visits + 1 WHERE x.id = c.id AND NOT x.settled;
        END IF;
    ELSE
        -- accepted or concluded: supplying the last tolerated material clears the pending revocation
        UPDATE service_affair.cases x
           SET tolerance_due = (SELECT pg_catalog.min(m.due) FROM service_affair.case_material m
                                 WHERE m.case_id = c.id AND NOT m.settled AND m.status = 'tolerated'),
               visits = x.visits + service_affair.visit_count(supplement.channel, service_affair.contact_point(c.receiving_point), c.agent IS NOT NULL)
         WHERE x.id = c.id AND NOT x.settled;
    END IF;

    INSERT INTO service_affair.case_event (case_id, at, kind, from_status, to_status, detail)
    VALUES (c.id, at, 'supplemented', c.status, v_status,
            pg_catalog.jsonb_build_object('channel', channel, 'materials', COALESCE(materials, '{}'),
                'pending', (SELECT COALESCE(pg_catalog.array_agg(m.material ORDER BY m.material), '{}')
                              FROM service_affair.case_material m
                             WHERE m.case_id = c.id AND NOT m.settled AND m.status IN ('missing', 'tolerated'))));
    -- what the acceptance sets off comes after the step that made it, so
    -- the history reads in order; and the status returned is the case's
    -- after it: an item approved on commitment (承诺制审批) concludes the
    -- case at once.  Until 2026-12-05 the tasks were routed and approved
    -- before the 'supplemented' step was written (the case's 'concluded'
    -- step came before the supplement that accepted it), and supplement()
    -- returned 'accepted' for a case already concluded (a review;
    -- intake_supplement_commitment.sql)
    IF c.status = 'returned' AND v_status = 'accepted' THEN
        PERFORM service_affair.route_accepted(c.id);  -- the tasks (50_routing.sql)
        PERFORM service_affair.commitment_accepted(c.id);  -- checks, approval on commitment (55_commitments.sql)
        SELECT x.status INTO v_status FROM service_affair.cases x WHERE x.id = c.id AND NOT x.settled;
    END IF;
    RETURN v_status;
END
$$;
COMMENT ON FUNCTION service_affair.supplement(bigint, text[], timestamptz, text) IS
  'Supplies materials (补正): a returned case becomes accepted once nothing is missing (clock started, tasks routed, approvals on commitment made); on an accepted case it clears tolerated materials; returns the case''s status after the call (concluded when an approval on commitment concluded it at once); 22023 when dated before the acceptance or an earlier supplement, or given no material (NULL or empty)';
REVOKE EXECUTE ON FUNCTION service_affair.supplement(bigint, text[], timestamptz, text) FROM PUBLIC;

CREATE FUNCTION service_affair.withdraw(case_id bigint, at timestamptz DEFAULT pg_catalog.now())
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c service_affair.cases;
BEGIN
    c := service_affair.lock_case(case_id, at);
    IF c.status = 'withdrawn' OR NOT service_affair.case_transition_allowed(c.status, 'withdrawn') THEN
        RAISE EXCEPTION 'case % cannot be withdrawn', c.id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = pg_catalog.format('Case %s is %s; only returned and accepted cases can be withdrawn.', c.id, c.status);
    END IF;
    PERFORM service_affair.require_not_before(c.id, at, c.accepted_at, 'acceptance');
    -- nor before a later step recorded on the case (a supplement, a task
    -- opened, claimed, decided, suspended, resumed or extended): the tasks it
    -- stops finish at the withdrawal, never before they opened (doc/intake.md, "Times");
    -- read once a claim in progress has committed (lock_case_tasks())
    PERFORM service_affair.lock_case_tasks(c.id);
    PERFORM service_affair.require_not_before(c.id, at, service_affair.case_last_step(c.id), 'last step');
    UPDATE service_affair.cases x SET status = 'withdrawn', withdrawn_at = at, tolerance_due = NULL
     WHERE x.id = c.id AND NOT x.settled;
    INSERT INTO service_affair.case_event (case_id, at, kind, from_status, to_status)
    VALUES (c.id, at, 'withdrawn', c.status, 'withdrawn');
    -- a check opened at the acceptance for an approval on commitment whose
    -- stage had not opened covers an approval never to be made: it stops
    -- covering one (waived, or kept for its committed materials), as when
    -- that stage is blocked or goes the standard way (until 2026-12-06 it
    -- stayed open and on_commitment: the sweep flagged it overdue and a
    -- broken outcome recorded a serious credit fact for a commitment nobody
    -- relied on; a review; commitment_licence_blocked.sql)
    PERFORM service_affair.commitment_withdraw_approval(c.id, 'withdrawn', at);  -- 55_commitments.sql
END
$$;
COMMENT ON FUNCTION service_affair.withdraw(bigint, timestamptz) IS
  'Withdraws a returned or accepted case (its unfinished tasks stop; a check of an approval on commitment not yet made stops covering one: commitment_withdraw_approval()); 22023 when dated before the acceptance or a later step recorded on the case (case_last_step(): a supplement, a task opened, claimed, decided, suspended, resumed or extended)';
REVOKE EXECUTE ON FUNCTION service_affair.withdraw(bigint, timestamptz) FROM PUBLIC;

CREATE FUNCTION service_affair.record_visit(case_id bigint, at timestamptz DEFAULT pg_catalog.now(),
    purpose text DEFAULT NULL)
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c service_affair.cases;
    v_n integer;
BEGIN
    c := service_affair.lock_case(case_id, at);
    IF purpose IS NOT NULL THEN
        PERFORM service_affair.check_case_args(at, note => purpose, note_name => 'purpose');
        record_visit.purpose := CASE WHEN NOT service_affair.is_blank(record_visit.purpose) THEN record_visit.purpose END;  -- blank: none (06_arguments.sql)
    END IF;
    -- the visit rule (34_network.sql), at the point where staff meet the
    -- applicant: not a free-standing kiosk, where nobody is to record a
    -- visit (contact_point(); until 2026-12-07 counted there, as none)
    v_n := service_affair.visit_count('window', service_affair.contact_point(c.receiving_point));
    -- case_visit_phase() files the visit by the case's state now; a visit
    -- recorded late belongs to the phase of its own time (until 2026-12-03 a
    -- visit made before the acceptance and recorded after it counted against
    -- the promise, and one made before the conclusion as a collection).  One
    -- statement: the trigger then sees the visit where it belongs (until
    -- 2026-12-04 a second statement moved it, after the trigger had counted
    -- it against the promise and NOTIFYed a breach that was none)
    IF v_n > 0 THEN
        UPDATE service_affair.cases x
           SET visits = x.visits + v_n,
               visits_before_acceptance = x.visits_before_acceptance
                   + v_n * ((c.accepted_at IS NOT NULL AND at < c.accepted_at)::integer),
               visits_collection = x.visits_collection
                   - v_n * ((c.status = 'concluded' AND at < c.concluded_at)::integer)
         WHERE x.id = c.id AND NOT x.settled;
    END IF;
    INSERT INTO service_affair.case_event (case_id, at, kind, from_status, to_status, detail)
    VALUES (c.id, at, 'visit', c.status, c.status,
            -- counted: the visits it added, which a late acceptance or
            -- conclusion moves (the point's level may change after)
            pg_catalog.jsonb_build_object('purpose', purpose, 'visits', c.visits + v_n, 'counted', v_n));
END
$$;
COMMENT ON FUNCTION service_affair.record_visit(bigint, timestamptz, text) IS
  'Records an in-person visit of the applicant for a case (any status); adds visit_count(''window'', its receiving point) to cases.visits (1, except at a mobile unit; a case received at a free-standing kiosk is visited at an office''s window, contact_point(): 1)';
REVOKE EXECUTE ON FUNCTION service_affair.record_visit(bigint, timestamptz, text) FROM PUBLIC;

CREATE FUNCTION service_affair.deliver(case_id bigint, method text, at timestamptz DEFAULT pg_catalog.now())
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c service_affair.cases;
BEGIN
    IF method IS NULL OR method NOT IN ('window', 'mail', 'electronic', 'door') THEN
        RAISE EXCEPTION 'invalid delivery method'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Method %s is not one of window, mail, electronic, door.',
                                             COALESCE(pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(method, 64))), 'NULL'));
    END IF;
    c := service_affair.lock_case(case_id, at);
    IF c.status <> 'concluded' OR c.delivered_at IS NOT NULL THEN
        RAISE EXCEPTION 'case % cannot be delivered', c.id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = CASE WHEN c.delivered_at IS NOT NULL
                                THEN pg_catalog.format('Case %s was already delivered at %s.', c.id, c.delivered_at)
                                ELSE pg_catalog.format('Case %s is %s; only concluded cases are delivered.', c.id, c.status) END;
    END IF;
    PERFORM service_affair.require_not_before(c.id, at, c.concluded_at, 'conclusion');
    UPDATE service_affair.cases x
       SET delivered_at = at, delivery_method = method,
           -- a window delivery of a case received at a free-standing
           -- kiosk is at an office's window (no leg brings the result to
           -- the kiosk): a visit (contact_point(); until 2026-12-07 none)
           visits = x.visits + service_affair.visit_count(method, service_affair.contact_point(c.receiving_point), c.agent IS NOT NULL)
     WHERE x.id = c.id AND NOT x.settled;
    INSERT INTO service_affair.case_event (case_id, at, kind, from_status, to_status, detail)
    VALUES (c.id, at, 'delivered', c.status, c.status, pg_catalog.jsonb_build_object('method', method));
END
$$;
COMMENT ON FUNCTION service_affair.deliver(bigint, text, timestamptz) IS
  'Delivers the result of a concluded case, once (出件): window, mail, electronic or door; visits grow by visit_count(method, its receiving point, agent): a window delivery at a staffed point counts, and at an office''s window for a case received at a free-standing kiosk (contact_point()), unless an agent collects it';
REVOKE EXECUTE ON FUNCTION service_affair.deliver(bigint, text, timestamptz) FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- Row-level security.  The API functions are SECURITY DEFINER and owned by
-- the extension owner, so they see every row; these policies scope what
-- group roles read directly.  Policies name no group role (roles are created
-- after the install script by create_roles()); each asks acts_as() and the
-- staff table instead.  (SELECT f()) makes the planner evaluate the caller's
-- role and departments once per query, not once per row.
ALTER TABLE service_affair.cases ENABLE ROW LEVEL SECURITY;
ALTER TABLE service_affair.case_material ENABLE ROW LEVEL SECURITY;
ALTER TABLE service_affair.case_event ENABLE ROW LEVEL SECURITY;

CREATE POLICY cases_admin ON service_affair.cases FOR SELECT
    USING ((SELECT service_affair.acts_as('admin')));
COMMENT ON POLICY cases_admin ON service_affair.cases IS 'Administrators see every case';
CREATE POLICY cases_clerk ON service_affair.cases FOR SELECT
    USING (region = ANY ((SELECT service_affair.my_regions('clerk'))::text[]));
COMMENT ON POLICY cases_clerk ON service_affair.cases IS
  'Clerks see the cases submitted in the regions of the departments they work for';

CREATE POLICY case_material_visible ON service_affair.case_material FOR SELECT
    USING (EXISTS (SELECT 1 FROM service_affair.cases c WHERE c.id = case_material.case_id));
COMMENT ON POLICY case_material_visible ON service_affair.case_material IS 'Materials of the cases the caller sees';
CREATE POLICY case_event_visible ON service_affair.case_event FOR SELECT
    USING (EXISTS (SELECT 1 FROM service_affair.cases c WHERE c.id = case_event.case_id));
COMMENT ON POLICY case_event_visible ON service_affair.case_event IS 'History of the cases the caller sees';

-- ---------------------------------------------------------------------------
-- Grants (applied by create_roles(), 90_access.sql): cases and the case API
INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    ('admin', 'SELECT', 'service_affair.cases'),
    ('admin', 'SELECT', 'service_affair.case_material'),
    ('admin', 'SELECT', 'service_affair.case_event'),
    ('admin', 'EXECUTE', 'service_affair.completeness(text,bigint,text[],text[],timestamptz)'),
    ('admin', 'EXECUTE', 'service_affair.submit(text,bigint,text[],text,text[],timestamptz,text,text)'),
    ('admin', 'EXECUTE', 'service_affair.notice(bigint)'),
    ('admin', 'EXECUTE', 'service_affair.supplement(bigint,text[],timestamptz,text)'),
    ('admin', 'EXECUTE', 'service_affair.withdraw(bigint,timestamptz)'),
    ('admin', 'EXECUTE', 'service_affair.record_visit(bigint,timestamptz,text)'),
    ('admin', 'EXECUTE', 'service_affair.deliver(bigint,text,timestamptz)'),
    ('clerk', 'SELECT', 'service_affair.cases'),
    ('clerk', 'SELECT', 'service_affair.case_material'),
    ('clerk', 'SELECT', 'service_affair.case_event'),
    ('clerk', 'EXECUTE', 'service_affair.notice(bigint)'),
    ('clerk', 'EXECUTE', 'service_affair.supplement(bigint,text[],timestamptz,text)'),
    ('clerk', 'EXECUTE', 'service_affair.withdraw(bigint,timestamptz)'),
    ('clerk', 'EXECUTE', 'service_affair.record_visit(bigint,timestamptz,text)'),
    ('clerk', 'EXECUTE', 'service_affair.deliver(bigint,text,timestamptz)'),
    ('reviewer', 'SELECT', 'service_affair.cases'),
    ('reviewer', 'SELECT', 'service_affair.case_material'),
    ('reviewer', 'SELECT', 'service_affair.case_event')
ON CONFLICT DO NOTHING;
