-- Random inspections (双随机、一公开): directories, plans with a committed
-- seed, draws computed in C from the seed and a recorded pool, results,
-- publication, and a hash-chained append-only log per ledger (department).
-- See doc/inspection.md.

-- ---------------------------------------------------------------------------
-- Directories

CREATE TABLE service_affair.target (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uscc     service_affair.uscc UNIQUE NOT NULL,
    name     text NOT NULL CHECK (name <> ''),
    region   text,
    industry text,
    risk     text NOT NULL CHECK (risk IN ('A', 'B', 'C', 'D'))
);
COMMENT ON TABLE service_affair.target IS
  'Directory of inspection targets (检查对象名录): market entities with their credit-risk grade';
COMMENT ON COLUMN service_affair.target.id IS 'Stable target id; recorded in draw pools';
COMMENT ON COLUMN service_affair.target.uscc IS 'Unified social credit code (统一社会信用代码); the key of the target ranking';
COMMENT ON COLUMN service_affair.target.name IS 'Registered name';
COMMENT ON COLUMN service_affair.target.region IS 'Administrative division code used by plan region filters';
COMMENT ON COLUMN service_affair.target.industry IS 'Industry code used by plan industry filters';
COMMENT ON COLUMN service_affair.target.risk IS 'Credit-risk grade A (lowest risk) to D (highest)';
SELECT pg_catalog.pg_extension_config_dump('service_affair.target', '');
-- the identity sequence too, so that ids continue after a restore
SELECT pg_catalog.pg_extension_config_dump('service_affair.target_id_seq', '');

CREATE TABLE service_affair.inspector (
    id         text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_.-]{1,64}$'),
    name       text NOT NULL CHECK (name <> ''),
    department text NOT NULL REFERENCES service_affair.department,
    region     text,
    active     boolean NOT NULL DEFAULT true,
    login      name UNIQUE,
    login_oid  oid
);
COMMENT ON TABLE service_affair.inspector IS
  'Directory of law-enforcement inspectors (执法检查人员名录)';
COMMENT ON COLUMN service_affair.inspector.id IS 'Inspector id (badge number); letters, digits, _ . - only';
COMMENT ON COLUMN service_affair.inspector.name IS 'Name';
COMMENT ON COLUMN service_affair.inspector.department IS 'Department the inspector belongs to';
COMMENT ON COLUMN service_affair.inspector.region IS 'Administrative division code (informative)';
COMMENT ON COLUMN service_affair.inspector.active IS 'Only active inspectors are drawn, and record results (of the teams drawn before too)';
COMMENT ON COLUMN service_affair.inspector.login IS
  'Login role of the inspector (at most one each way), set by administrators: an existing role, neither a group role of the extension nor an administrator, with a staff row for the inspector''s department (checked when written, not when restored, and again by record_result() at each use); record_result() takes the caller for this inspector, who must be active, on the target''s drawn team and not recused; NULL = the inspector records nothing';
COMMENT ON COLUMN service_affair.inspector.login_oid IS
  'OID of the role login named when it was linked, set by the trigger inspector_login_check (whatever is written here): record_result() refuses a caller of that name with another OID, a role dropped and created again since, or rows restored into another cluster (42501) until the link is written again; NULL when login is';
SELECT pg_catalog.pg_extension_config_dump('service_affair.inspector', '');

-- inspector.login names a role, and the team rule of record_result() is as
-- good as that name: until 2026-12-05 it could name a role that did not
-- exist (whoever created it later became the inspector), one of the
-- extension's group roles (every member of it was the inspector), a
-- superuser or administrator (who passes every check: the team rule did not
-- bind it, and the one who draws the teams was one of the inspectors
-- drawn), or a role with no staff row for the inspector's department (the
-- link recorded nothing: record_result() asks the staff rows first); a
-- review.  inspector_login_problem() says which of these a role is, in C
-- with the rest of the access decision (src/access.c: no SQL reads staff or
-- role membership); a link written is refused when it names one: 23503 for
-- a missing role or staff row (again when the department changes), 22023
-- for a group role, superuser or administrator.  A role without LOGIN is
-- taken: doc/deployment.md gives each person such a role behind one
-- application login.  Not when a restore writes the rows (restoring(),
-- 05_org.sql): the rows were checked when written, a restore into another
-- cluster runs where the roles may come later, and the dump does not order
-- staff before inspector; doc/inspection.md says what a DBA does instead.
-- What changes later in the roles (DROP ROLE and a new role of the name,
-- GRANT service_affair_admin, a staff row deleted) and what a restore wrote
-- no trigger sees: until 2026-12-05 such a link stayed and recorded results
-- (a review).  record_result() asks inspector_login_problem() again at each
-- use, and compares the caller's OID with inspector.login_oid, the OID of
-- the role linked, which the trigger sets: a name dropped and created again
-- is another role (42501 until an administrator writes the link again).
-- Membership in service_affair_admin counts with INHERIT or without: a
-- NOINHERIT member, an administrator after SET ROLE, was linked before
-- 2026-12-05 (src/access.c, admin_membership()).
CREATE FUNCTION service_affair.inspector_login_problem(login name, department text) RETURNS text
    AS 'MODULE_PATHNAME', 'sa_inspector_login_problem'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.inspector_login_problem(name, text) IS
  'Why role login cannot be the login of an inspector of the department, or NULL when it can: no such role, group role (service_affair_*), superuser (or a member of one), administrator (a member of service_affair_admin, with INHERIT or without), no staff row (for the department); what the trigger inspector_login_check refuses, and what record_result() asks again of the caller''s link at each use';
REVOKE EXECUTE ON FUNCTION service_affair.inspector_login_problem(name, text) FROM PUBLIC;
INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    ('admin', 'EXECUTE', 'service_affair.inspector_login_problem(name,text)');

CREATE FUNCTION service_affair.inspector_login_check() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_problem text;
    v_role    text;
    v_oid     oid;
BEGIN
    IF TG_RELID <> 'service_affair.inspector'::pg_catalog.regclass
       OR TG_WHEN <> 'BEFORE' OR TG_LEVEL <> 'ROW' OR TG_OP NOT IN ('INSERT', 'UPDATE') THEN
        RAISE EXCEPTION USING ERRCODE = 'trigger_protocol_violated',
            MESSAGE = pg_catalog.format('inspector_login_check() must not fire on %s %s %s of %s', TG_WHEN, TG_LEVEL, TG_OP,
                                        pg_catalog.left(TG_RELID::pg_catalog.regclass::text, 200)),
            DETAIL = 'It fires only before an insert, or an update of login, login_oid or department, of a row of service_affair.inspector.';
    END IF;
    IF NEW.login IS NULL THEN
        NEW.login_oid := NULL;  -- linked to no role
        RETURN NEW;
    END IF;
    -- login_oid is the OID of the role named when the link was checked,
    -- never what the writer gave.  A link left as it was (login, login_oid
    -- and department written unchanged: an update that lists every column
    -- to deactivate the inspector) is not checked again and keeps its OID,
    -- even when its role is gone or was created again (record_result()
    -- refuses it then); any value written to login_oid checks the link
    -- again and takes the role's OID (doc/inspection.md: after a restore
    -- into another cluster, SET login_oid = NULL)
    IF TG_OP = 'UPDATE' AND NEW.login = OLD.login AND NEW.department IS NOT DISTINCT FROM OLD.department
       AND NEW.login_oid IS NOT DISTINCT FROM OLD.login_oid THEN
        RETURN NEW;
    END IF;
    v_oid := pg_catalog.to_regrole(pg_catalog.quote_ident(NEW.login))::oid;
    v_problem := service_affair.inspector_login_problem(NEW.login, NEW.department);
    v_role := service_affair.printable(pg_catalog.left(pg_catalog.quote_ident(NEW.login), 130));
    IF v_problem = 'no such role' THEN
        RAISE EXCEPTION USING ERRCODE = '23503',
            MESSAGE = pg_catalog.format('unknown login role %s', v_role),
            DETAIL = pg_catalog.format('Role %s does not exist; inspector %s cannot be linked to it.', v_role, NEW.id),
            HINT = 'Create the role first; a restore into another cluster restores the roles first (doc/inspection.md).';
    ELSIF v_problem IN ('group role', 'superuser', 'administrator') THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = pg_catalog.format('role %s cannot be the login of an inspector', v_role),
            DETAIL = pg_catalog.format('Role %s %s (inspector %s).', v_role,
                                       CASE v_problem
                                       WHEN 'group role' THEN 'is a group role of the extension: each of its members would be the inspector'
                                       WHEN 'superuser' THEN 'is a superuser, who passes every check: the team rule would not bind it'
                                       ELSE 'is an administrator (a member of service_affair_admin), who passes every check and draws the teams: the team rule would not bind it'
                                       END, NEW.id),
            HINT = 'Link the personal role of the inspector; an administrator records results on behalf of a team without a link.';
    ELSIF v_problem IS NOT NULL THEN  -- no staff row
        RAISE EXCEPTION USING ERRCODE = '23503',
            MESSAGE = pg_catalog.format('role %s does not work for department %s', v_role, service_affair.printable(pg_catalog.left(NEW.department, 64))),
            DETAIL = pg_catalog.format('Role %s has no staff row for department %s, the department of inspector %s.',
                                       v_role, service_affair.printable(pg_catalog.left(NEW.department, 64)), NEW.id),
            HINT = 'An administrator adds its staff row for the department first (table staff, doc/access.md).';
    END IF;
    NEW.login_oid := v_oid;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION service_affair.inspector_login_check() IS
  'Trigger: a login linked to an inspector names an existing role (23503), none of the extension''s group roles, no superuser and no administrator, not even a NOINHERIT member (22023), with a staff row for the inspector''s department (23503), as inspector_login_problem() decides, and login_oid takes the OID of that role; refuses to run on any other table';
REVOKE EXECUTE ON FUNCTION service_affair.inspector_login_check() FROM PUBLIC;
CREATE TRIGGER inspector_login_check BEFORE INSERT OR UPDATE OF login, login_oid, department ON service_affair.inspector
    FOR EACH ROW WHEN ((NEW.login IS NOT NULL OR NEW.login_oid IS NOT NULL) AND NOT service_affair.restoring())
    EXECUTE FUNCTION service_affair.inspector_login_check();
COMMENT ON TRIGGER inspector_login_check ON service_affair.inspector IS
  'A login linked to an inspector is a person''s role that works for its department, and login_oid its OID (not when a restore writes the row: checked when written, and by record_result() at each use)';

CREATE TABLE service_affair.recusal (
    inspector text REFERENCES service_affair.inspector,
    target    bigint REFERENCES service_affair.target,
    PRIMARY KEY (inspector, target)
);
COMMENT ON TABLE service_affair.recusal IS
  'Recusals (回避): the inspector has a direct interest in the target and is never drawn for it';
COMMENT ON COLUMN service_affair.recusal.inspector IS 'Recused inspector';
COMMENT ON COLUMN service_affair.recusal.target IS 'Target the inspector may not inspect';
CREATE INDEX ON service_affair.recusal (target);
SELECT pg_catalog.pg_extension_config_dump('service_affair.recusal', '');

-- ---------------------------------------------------------------------------
-- Append-only refusal

CREATE FUNCTION service_affair.insp_refuse_change() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_RELID NOT IN ('service_affair.inspection_log'::pg_catalog.regclass, 'service_affair.plan'::pg_catalog.regclass,
                        'service_affair.draw'::pg_catalog.regclass, 'service_affair.inspection_result'::pg_catalog.regclass,
                        'service_affair.result_publication'::pg_catalog.regclass,
                        'service_affair.target_uscc_history'::pg_catalog.regclass,
                        'service_affair.target_deregistration_revoked'::pg_catalog.regclass) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'trigger function not allowed on this table',
            DETAIL = pg_catalog.format('insp_refuse_change() guards the inspection records of service_affair only, not %s.',
                                       pg_catalog.left(TG_RELID::pg_catalog.regclass::text, 200));
    END IF;
    RAISE EXCEPTION USING ERRCODE = '42501',
        MESSAGE = pg_catalog.format('%s is append-only', TG_TABLE_NAME),
        DETAIL = pg_catalog.format('%s on service_affair.%s is refused; records of plans, draws, results, the log and the USCCs draws ranked are never changed.',
                                   TG_OP, TG_TABLE_NAME);
END
$$;
COMMENT ON FUNCTION service_affair.insp_refuse_change() IS
  'Trigger: refuses UPDATE, DELETE and TRUNCATE on the append-only inspection records (SQLSTATE 42501); fires only on those tables';
REVOKE EXECUTE ON FUNCTION service_affair.insp_refuse_change() FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- Ledgers and the hash-chained log

CREATE TABLE service_affair.ledger (
    name       text PRIMARY KEY REFERENCES service_affair.department,
    algorithm  text NOT NULL DEFAULT 'sha256' CHECK (algorithm IN ('sha256', 'sm3')),
    head_seq   bigint NOT NULL DEFAULT 0 CHECK (head_seq >= 0),
    head_hash  bytea NOT NULL DEFAULT E'\\x0000000000000000000000000000000000000000000000000000000000000000'::bytea,
    created_at timestamptz NOT NULL DEFAULT pg_catalog.now()
);
COMMENT ON TABLE service_affair.ledger IS
  'One hash chain per department: its algorithm and head (last seq and hash); the head row is locked to serialise appends';
COMMENT ON COLUMN service_affair.ledger.name IS 'Ledger name = department code';
COMMENT ON COLUMN service_affair.ledger.algorithm IS 'Hash algorithm of the chain: sha256 (default) or sm3 (GB/T 32905)';
COMMENT ON COLUMN service_affair.ledger.head_seq IS 'Sequence number of the last entry (0 = empty)';
COMMENT ON COLUMN service_affair.ledger.head_hash IS 'Hash of the last entry (32 zero bytes when empty); publish it to anchor the chain';
COMMENT ON COLUMN service_affair.ledger.created_at IS 'When the ledger was opened';
SELECT pg_catalog.pg_extension_config_dump('service_affair.ledger', '');

CREATE TABLE service_affair.inspection_log (
    ledger    text NOT NULL REFERENCES service_affair.ledger,
    seq       bigint NOT NULL CHECK (seq >= 1),
    at        timestamptz NOT NULL,
    kind      text NOT NULL CHECK (kind IN ('plan', 'draw', 'result', 'publication')),
    payload   jsonb NOT NULL,
    prev_hash bytea NOT NULL,
    hash      bytea NOT NULL,
    PRIMARY KEY (ledger, seq)
);
COMMENT ON TABLE service_affair.inspection_log IS
  'Append-only hash-chained log of plans, draws, results and publications; hash = H(canonical bytes), see doc/inspection.md';
COMMENT ON COLUMN service_affair.inspection_log.ledger IS 'Ledger (department) whose chain holds the entry';
COMMENT ON COLUMN service_affair.inspection_log.seq IS 'Position in the chain, 1, 2, 3, ...';
COMMENT ON COLUMN service_affair.inspection_log.at IS 'When the entry was appended';
COMMENT ON COLUMN service_affair.inspection_log.kind IS 'plan, draw, result or publication';
COMMENT ON COLUMN service_affair.inspection_log.payload IS
  'Entry content; hashed in its jsonb text form. Entries of staff calls name actor (actor(), the role acted as) and login (session_user, the role logged in; entries written before 0.2.0 have none)';
COMMENT ON COLUMN service_affair.inspection_log.prev_hash IS 'Hash of the previous entry (32 zero bytes for seq 1)';
COMMENT ON COLUMN service_affair.inspection_log.hash IS 'H(log_entry_bytes(...)) with the ledger algorithm';
SELECT pg_catalog.pg_extension_config_dump('service_affair.inspection_log', '');
REVOKE ALL ON service_affair.inspection_log FROM PUBLIC;
CREATE TRIGGER inspection_log_append_only BEFORE UPDATE OR DELETE ON service_affair.inspection_log
    FOR EACH ROW EXECUTE FUNCTION service_affair.insp_refuse_change();
CREATE TRIGGER inspection_log_no_truncate BEFORE TRUNCATE ON service_affair.inspection_log
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.insp_refuse_change();

CREATE FUNCTION service_affair.log_entry_bytes(ledger text, seq bigint, at timestamptz,
        kind text, payload jsonb, prev_hash bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'sa_log_entry_bytes'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.log_entry_bytes(text, bigint, timestamptz, text, jsonb, bytea) IS
  'Canonical bytes of a log entry: ledger, seq, UTC time, kind, payload jsonb text, hex prev_hash, joined by LF';

CREATE FUNCTION service_affair.log_entry_hash(algorithm text, ledger text, seq bigint, at timestamptz,
        kind text, payload jsonb, prev_hash bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'sa_log_entry_hash'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.log_entry_hash(text, text, bigint, timestamptz, text, jsonb, bytea) IS
  'Hash (sha256 or sm3) of the canonical bytes of a log entry';

CREATE FUNCTION service_affair.create_ledger(ledger text, algorithm text DEFAULT 'sha256') RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM service_affair.require_admin();  -- 42501 (90_access.sql)
    IF ledger IS NULL THEN  -- a bad argument, not an unknown department (was 23503)
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'ledger must not be null',
            DETAIL = 'A ledger is named by the code of its department.';
    END IF;
    IF algorithm IS NULL OR algorithm NOT IN ('sha256', 'sm3') THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'unknown ledger algorithm',
            DETAIL = pg_catalog.format('Algorithm %L is not one of sha256, sm3.', service_affair.printable(pg_catalog.left(algorithm, 64)));
    END IF;
    IF NOT EXISTS (SELECT 1 FROM service_affair.department d WHERE d.code = ledger) THEN
        RAISE EXCEPTION USING ERRCODE = '23503', MESSAGE = 'unknown department',
            DETAIL = pg_catalog.format('Ledger %L must be the code of a department.', service_affair.printable(pg_catalog.left(ledger, 64)));
    END IF;
    PERFORM service_affair.insp_writer_lock();  -- before the ledger's row (one lock order)
    INSERT INTO service_affair.ledger (name, algorithm) VALUES (ledger, algorithm)
        ON CONFLICT (name) DO NOTHING;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = '23505', MESSAGE = 'ledger already exists',
            DETAIL = pg_catalog.format('Ledger %L exists; its algorithm cannot change.', ledger);
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.create_ledger(text, text) IS
  'Opens the ledger of a department with a chosen algorithm (sha256 or sm3) before its first entry; ledgers opened implicitly use sha256';
REVOKE EXECUTE ON FUNCTION service_affair.create_ledger(text, text) FROM PUBLIC;

CREATE FUNCTION service_affair.log_append(ledger text, kind text, payload jsonb) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    h  record;
    s  bigint;
    t  timestamptz;
    nh bytea;
BEGIN
    INSERT INTO service_affair.ledger AS g (name) VALUES (log_append.ledger) ON CONFLICT (name) DO NOTHING;
    SELECT g.algorithm, g.head_seq, g.head_hash INTO h
      FROM service_affair.ledger g WHERE g.name = log_append.ledger FOR UPDATE;
    s := h.head_seq + 1;
    t := pg_catalog.clock_timestamp();
    nh := service_affair.log_entry_hash(h.algorithm, log_append.ledger, s, t, log_append.kind,
                                        log_append.payload, h.head_hash);
    INSERT INTO service_affair.inspection_log (ledger, seq, at, kind, payload, prev_hash, hash)
        VALUES (log_append.ledger, s, t, log_append.kind, log_append.payload, h.head_hash, nh);
    UPDATE service_affair.ledger g SET head_seq = s, head_hash = nh WHERE g.name = log_append.ledger;
    RETURN s;
END
$$;
COMMENT ON FUNCTION service_affair.log_append(text, text, jsonb) IS
  'Appends one entry to a ledger chain (internal): locks the head row, seq = head + 1, prev_hash = head hash';
REVOKE EXECUTE ON FUNCTION service_affair.log_append(text, text, jsonb) FROM PUBLIC;

CREATE FUNCTION service_affair.insp_verify_chain(ledger text, algorithm text) RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'sa_verify_chain'
    LANGUAGE C STABLE STRICT;
COMMENT ON FUNCTION service_affair.insp_verify_chain(text, text) IS
  'Walks one chain in seq order and re-hashes it: {entries, last seq, first bad seq or 0} (used by verify_log)';

CREATE FUNCTION service_affair.insp_verify_chains(only_ledger text)
    RETURNS TABLE (ledger_name text, entries bigint, ok boolean, first_bad_seq bigint)
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    g    record;
    r    bigint[];
    bad  bigint;
    hh   bytea;
BEGIN
    FOR g IN SELECT x.name, x.algorithm, x.head_seq, x.head_hash FROM service_affair.ledger x
              WHERE only_ledger IS NULL OR x.name = only_ledger ORDER BY x.name LOOP
        IF g.algorithm IS NULL OR g.algorithm NOT IN ('sha256', 'sm3') THEN
            -- the ledger row itself was altered: nothing of it can be checked
            r := ARRAY[(SELECT pg_catalog.count(*) FROM service_affair.inspection_log l WHERE l.ledger = g.name), 0, 1];
        ELSE
            r := service_affair.insp_verify_chain(g.name, g.algorithm);
        END IF;
        bad := NULLIF(r[3], 0);
        -- the last entry must be the head
        IF bad IS NULL THEN
            IF g.head_seq IS NULL OR r[2] <> g.head_seq THEN
                bad := COALESCE(LEAST(r[2], g.head_seq) + 1, 1);
            ELSIF g.head_seq > 0 THEN
                SELECT l.hash INTO hh FROM service_affair.inspection_log l WHERE l.ledger = g.name AND l.seq = g.head_seq;
                IF hh IS DISTINCT FROM g.head_hash THEN
                    bad := g.head_seq;
                END IF;
            END IF;
        END IF;
        -- the ledger catalog: every catalog version is its entry (guide_as_of()
        -- reads the versions; 75_catalog_ledger.sql); the first seq wrong
        IF g.name = 'catalog' THEN
            bad := LEAST(bad, service_affair.catalog_history_first_bad());
        END IF;
        ledger_name := g.name;
        entries := r[1];
        ok := bad IS NULL;
        first_bad_seq := bad;
        RETURN NEXT;
    END LOOP;
    -- a ledger named and not found: 23503, as every unknown reference (an
    -- auditor who mistyped it got no rows, read as nothing wrong, until
    -- 2026-12-04; a review).  One the caller may not read looks the same
    IF only_ledger IS NOT NULL AND ledger_name IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '23503', MESSAGE = 'unknown ledger',
            DETAIL = pg_catalog.format('No ledger is named %L.', service_affair.printable(pg_catalog.left(only_ledger, 64)));
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.insp_verify_chains(text) IS
  'Body of verify_log() (PL/pgSQL cannot name a parameter and an output column alike)';

CREATE FUNCTION service_affair.verify_log(ledger text DEFAULT NULL)
    RETURNS TABLE (ledger text, entries bigint, ok boolean, first_bad_seq bigint)
    LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT c.ledger_name, c.entries, c.ok, c.first_bad_seq FROM service_affair.insp_verify_chains($1) c
$$;
COMMENT ON FUNCTION service_affair.verify_log(text) IS
  'Re-hashes every entry of one ledger (or all): ok, or the first seq that is missing, out of order, altered or not matching the head';

-- ---------------------------------------------------------------------------
-- Plans and draws

CREATE TABLE service_affair.plan (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name            text NOT NULL CHECK (name <> ''),
    departments     text[] NOT NULL,
    rates           numeric[] NOT NULL,
    seed_commitment bytea NOT NULL CHECK (pg_catalog.length(seed_commitment) = 32),
    team_size       integer NOT NULL CHECK (team_size >= 2),
    regions         text[],
    industries      text[],
    created_at      timestamptz NOT NULL DEFAULT pg_catalog.now(),
    created_by      name NOT NULL
);
COMMENT ON TABLE service_affair.plan IS
  'Inspection plans (抽查计划): departments, sampling rates per grade, filters and the commitment sha256(seed)';
COMMENT ON COLUMN service_affair.plan.id IS 'Plan id';
COMMENT ON COLUMN service_affair.plan.name IS 'Plan name';
COMMENT ON COLUMN service_affair.plan.departments IS 'Departments taking part (joint plan when more than one); teams mix them';
COMMENT ON COLUMN service_affair.plan.rates IS 'Sampling rates for risk grades A, B, C, D, each in [0, 1]';
COMMENT ON COLUMN service_affair.plan.seed_commitment IS 'sha256(seed), fixed before the draw';
COMMENT ON COLUMN service_affair.plan.team_size IS 'Inspectors per target (at least 2)';
COMMENT ON COLUMN service_affair.plan.regions IS 'Only targets in these regions (NULL = all)';
COMMENT ON COLUMN service_affair.plan.industries IS 'Only targets in these industries (NULL = all)';
COMMENT ON COLUMN service_affair.plan.created_at IS 'When the plan was created';
COMMENT ON COLUMN service_affair.plan.created_by IS 'actor() who created the plan';
SELECT pg_catalog.pg_extension_config_dump('service_affair.plan', '');
-- the identity sequence too, so that ids continue after a restore
SELECT pg_catalog.pg_extension_config_dump('service_affair.plan_id_seq', '');

CREATE TABLE service_affair.draw (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    plan_id          bigint NOT NULL UNIQUE REFERENCES service_affair.plan,
    seed             bytea NOT NULL,
    pool             bytea NOT NULL,
    pool_digest      bytea NOT NULL,
    selection_digest bytea NOT NULL,
    candidates       bigint[] NOT NULL,
    selected         bigint[] NOT NULL,
    targets          bigint[] NOT NULL,
    risks            text[] NOT NULL,
    teams            text[] NOT NULL,
    drawn_at         timestamptz NOT NULL DEFAULT pg_catalog.now(),
    drawn_by         name NOT NULL
);
COMMENT ON TABLE service_affair.draw IS
  'The one draw of a plan: the revealed seed, the recorded pool and the digests that verify_draw() re-checks';
COMMENT ON COLUMN service_affair.draw.id IS 'Draw id';
COMMENT ON COLUMN service_affair.draw.plan_id IS 'Plan drawn (once)';
COMMENT ON COLUMN service_affair.draw.seed IS 'Revealed seed; sha256(seed) = plan.seed_commitment';
COMMENT ON COLUMN service_affair.draw.pool IS 'Pool record (format SAP1, doc/inspection.md): candidate ids and grades, eligible inspectors, exclusions';
COMMENT ON COLUMN service_affair.draw.pool_digest IS 'sha256(pool)';
COMMENT ON COLUMN service_affair.draw.selection_digest IS 'sha256 of the selection listing (doc/inspection.md)';
COMMENT ON COLUMN service_affair.draw.candidates IS 'Candidates per grade A, B, C, D';
COMMENT ON COLUMN service_affair.draw.selected IS 'Targets drawn per grade A, B, C, D = ceil(rate x candidates)';
COMMENT ON COLUMN service_affair.draw.targets IS 'Target ids drawn, in selection order (ascending keyed hash, all grades merged)';
COMMENT ON COLUMN service_affair.draw.risks IS 'Grade of each drawn target in the pool, parallel to targets';
COMMENT ON COLUMN service_affair.draw.teams IS 'Team of each drawn target: inspector ids joined by commas in the order chosen, parallel to targets';
COMMENT ON COLUMN service_affair.draw.drawn_at IS 'When the draw ran';
COMMENT ON COLUMN service_affair.draw.drawn_by IS 'actor() who ran the draw';
SELECT pg_catalog.pg_extension_config_dump('service_affair.draw', '');
-- the identity sequence too, so that ids continue after a restore
SELECT pg_catalog.pg_extension_config_dump('service_affair.draw_id_seq', '');
-- the large columns are stored out of line uncompressed: compressing them
-- costs more than the whole draw's ranking pass
ALTER TABLE service_affair.draw ALTER COLUMN pool SET STORAGE EXTERNAL,
    ALTER COLUMN targets SET STORAGE EXTERNAL, ALTER COLUMN risks SET STORAGE EXTERNAL,
    ALTER COLUMN teams SET STORAGE EXTERNAL;

-- The previous team of each target, kept as draws happen, so that a draw
-- finds the exclusions of its selection in one pass over a map sorted by
-- target instead of walking every earlier draw.  One row: draw() locks it,
-- reads it and the draws made after it (at most 7), and records itself as
-- head_draw; every 8th draw merges them all into a new map.
CREATE TABLE service_affair.target_team_map (
    id        integer PRIMARY KEY CHECK (id = 1),
    upto_draw bigint NOT NULL,
    data      bytea NOT NULL,
    head_draw bigint NOT NULL
);
COMMENT ON TABLE service_affair.target_team_map IS
  'Internal index of the draws (one row): the latest draw and team of every target drawn up to upto_draw, sorted by target (format in doc/inspection.md); draw() rewrites it every 8th draw';
COMMENT ON COLUMN service_affair.target_team_map.id IS 'Always 1';
COMMENT ON COLUMN service_affair.target_team_map.upto_draw IS 'The draw that last rewrote data: data holds every draw up to it; later draws are read from service_affair.draw';
COMMENT ON COLUMN service_affair.target_team_map.head_draw IS 'The last draw made (data plus the draws after upto_draw, at most 7, give every previous team)';
COMMENT ON COLUMN service_affair.target_team_map.data IS 'Compact (format 1): a dictionary of inspector ids, then per target sorted by target the target, draw and team as varints (target and draw as differences, the team as dictionary indexes); see doc/inspection.md';
SELECT pg_catalog.pg_extension_config_dump('service_affair.target_team_map', '');
REVOKE ALL ON service_affair.target_team_map FROM PUBLIC;
-- rewritten whole every 8th draw: stored out of line, uncompressed
ALTER TABLE service_affair.target_team_map ALTER COLUMN data SET STORAGE EXTERNAL;

CREATE FUNCTION service_affair.insp_last_teams()
    RETURNS TABLE (target bigint, draw_id bigint, team text)
    AS 'MODULE_PATHNAME', 'sa_last_teams'
    LANGUAGE C STABLE;
COMMENT ON FUNCTION service_affair.insp_last_teams() IS
  'Decodes target_team_map: the latest draw and team of every target ever drawn (internal; see the view target_last_team)';
REVOKE EXECUTE ON FUNCTION service_affair.insp_last_teams() FROM PUBLIC;

CREATE VIEW service_affair.target_last_team AS
SELECT m.target, m.draw_id, m.team FROM service_affair.insp_last_teams() m;
COMMENT ON VIEW service_affair.target_last_team IS
  'The latest draw and team of every target ever drawn, as draw() reads them to exclude previous inspectors (internal)';
COMMENT ON COLUMN service_affair.target_last_team.target IS 'Target id';
COMMENT ON COLUMN service_affair.target_last_team.draw_id IS 'Latest draw that selected the target';
COMMENT ON COLUMN service_affair.target_last_team.team IS 'Its team there: inspector ids joined by commas, as in draw.teams';
REVOKE ALL ON service_affair.target_last_team FROM PUBLIC;

CREATE TABLE service_affair.inspection_result (
    draw_id     bigint NOT NULL,
    target      bigint NOT NULL,
    outcome     text NOT NULL CHECK (outcome IN ('pass', 'issues', 'fail', 'not_found')),
    findings    text,
    at          timestamptz NOT NULL,
    recorded_by name NOT NULL,
    PRIMARY KEY (draw_id, target),
    FOREIGN KEY (draw_id) REFERENCES service_affair.draw,
    FOREIGN KEY (target) REFERENCES service_affair.target
);
COMMENT ON TABLE service_affair.inspection_result IS 'Result of inspecting one drawn target (once)';
COMMENT ON COLUMN service_affair.inspection_result.draw_id IS 'Draw';
COMMENT ON COLUMN service_affair.inspection_result.target IS 'Target';
COMMENT ON COLUMN service_affair.inspection_result.outcome IS 'pass, issues, fail or not_found';
COMMENT ON COLUMN service_affair.inspection_result.findings IS 'Findings as published';
COMMENT ON COLUMN service_affair.inspection_result.at IS 'When the inspection concluded; the 20-working-day publication limit runs from its local day';
COMMENT ON COLUMN service_affair.inspection_result.recorded_by IS 'actor() who recorded it';
SELECT pg_catalog.pg_extension_config_dump('service_affair.inspection_result', '');
-- The results of one target (credit_refresh_targets(), 71_credit_targets.sql:
-- its merits, at every pass and fail recorded; a delete of a target, the
-- foreign key's check).  Until 2026-12-05 the primary key (draw_id, target)
-- was the only index: each pass or fail that record_result() recorded read
-- every result ever recorded (a sequential scan: with 91,545 results of
-- earlier inspections a call took 5.6 ms, 3.0 ms with the index, at the
-- median; bench/inspection/record.sh, doc/benchmarks-insp.md).
CREATE INDEX inspection_result_target_idx ON service_affair.inspection_result (target);
COMMENT ON INDEX service_affair.inspection_result_target_idx IS
  'The results of a target: the merits credit_refresh_targets() counts at each pass and fail, and the foreign key''s check when a target is deleted';

CREATE TABLE service_affair.result_publication (
    draw_id      bigint NOT NULL,
    target       bigint NOT NULL,
    published_at timestamptz NOT NULL,
    published_by name NOT NULL,
    PRIMARY KEY (draw_id, target),
    FOREIGN KEY (draw_id, target) REFERENCES service_affair.inspection_result
);
COMMENT ON TABLE service_affair.result_publication IS 'When each result was published (公示)';
COMMENT ON COLUMN service_affair.result_publication.draw_id IS 'Draw';
COMMENT ON COLUMN service_affair.result_publication.target IS 'Target';
COMMENT ON COLUMN service_affair.result_publication.published_at IS 'Publication time';
COMMENT ON COLUMN service_affair.result_publication.published_by IS 'actor() who published';
SELECT pg_catalog.pg_extension_config_dump('service_affair.result_publication', '');

CREATE TRIGGER plan_append_only BEFORE UPDATE OR DELETE ON service_affair.plan
    FOR EACH ROW EXECUTE FUNCTION service_affair.insp_refuse_change();
CREATE TRIGGER draw_append_only BEFORE UPDATE OR DELETE ON service_affair.draw
    FOR EACH ROW EXECUTE FUNCTION service_affair.insp_refuse_change();
CREATE TRIGGER inspection_result_append_only BEFORE UPDATE OR DELETE ON service_affair.inspection_result
    FOR EACH ROW EXECUTE FUNCTION service_affair.insp_refuse_change();
CREATE TRIGGER result_publication_append_only BEFORE UPDATE OR DELETE ON service_affair.result_publication
    FOR EACH ROW EXECUTE FUNCTION service_affair.insp_refuse_change();
CREATE TRIGGER plan_no_truncate BEFORE TRUNCATE ON service_affair.plan
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.insp_refuse_change();
CREATE TRIGGER draw_no_truncate BEFORE TRUNCATE ON service_affair.draw
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.insp_refuse_change();
CREATE TRIGGER inspection_result_no_truncate BEFORE TRUNCATE ON service_affair.inspection_result
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.insp_refuse_change();
CREATE TRIGGER result_publication_no_truncate BEFORE TRUNCATE ON service_affair.result_publication
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.insp_refuse_change();
-- the append-only inspection records say so in \d+
COMMENT ON TRIGGER inspection_log_append_only ON service_affair.inspection_log IS 'Inspection records are append-only: UPDATE and DELETE are refused (42501)';
COMMENT ON TRIGGER inspection_log_no_truncate ON service_affair.inspection_log IS 'Inspection records are append-only: TRUNCATE is refused (42501)';
COMMENT ON TRIGGER plan_append_only ON service_affair.plan IS 'Inspection records are append-only: UPDATE and DELETE are refused (42501)';
COMMENT ON TRIGGER plan_no_truncate ON service_affair.plan IS 'Inspection records are append-only: TRUNCATE is refused (42501)';
COMMENT ON TRIGGER draw_append_only ON service_affair.draw IS 'Inspection records are append-only: UPDATE and DELETE are refused (42501)';
COMMENT ON TRIGGER draw_no_truncate ON service_affair.draw IS 'Inspection records are append-only: TRUNCATE is refused (42501)';
COMMENT ON TRIGGER inspection_result_append_only ON service_affair.inspection_result IS 'Inspection records are append-only: UPDATE and DELETE are refused (42501)';
COMMENT ON TRIGGER inspection_result_no_truncate ON service_affair.inspection_result IS 'Inspection records are append-only: TRUNCATE is refused (42501)';
COMMENT ON TRIGGER result_publication_append_only ON service_affair.result_publication IS 'Inspection records are append-only: UPDATE and DELETE are refused (42501)';
COMMENT ON TRIGGER result_publication_no_truncate ON service_affair.result_publication IS 'Inspection records are append-only: TRUNCATE is refused (42501)';

-- The first lock of every writer of the inspections: the team map's one
-- row, taken before any other row of theirs (a plan, a draw, a ledger head, a
-- result's key), so that they all take their locks in one order.  Until
-- 2026-12-04 a plan or a result locked its ledgers first and a draw the map
-- first: create_plan() and draw() in one transaction, the procedure of
-- doc/inspection.md for a seed from a public source, deadlocked with a
-- concurrent draw (40P01), and taking the map only before the ledgers left
-- draw and result rows locked before it (two transactions publishing or
-- recording for two draws crosswise deadlocked; reviews).  create_plan(),
-- record_result(), publish_results(), create_ledger() call it first, and
-- draw() (src/inspection.c) before it locks its plan.  A draw holds the map
-- for seconds: the others wait for it.  The row is made when missing, here
-- only (draw()'s team_map_read() asks this function too); a schema without
-- the map table (0.1.0's, served by this library until its update) has
-- nothing to lock.
CREATE FUNCTION service_affair.insp_writer_lock() RETURNS void
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF pg_catalog.to_regclass('service_affair.target_team_map') IS NOT NULL THEN
        INSERT INTO service_affair.target_team_map (id, upto_draw, head_draw, data)
        VALUES (1, 0, COALESCE((SELECT pg_catalog.max(d.id) FROM service_affair.draw d), 0), ''::bytea)
        ON CONFLICT (id) DO NOTHING;
        PERFORM FROM service_affair.target_team_map m WHERE m.id = 1 FOR UPDATE;
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.insp_writer_lock() IS
  'Internal: the first lock of every writer of the inspections, the team map''s row (made when missing), so that plans, draws, results, publications and ledgers are locked in one order';
REVOKE EXECUTE ON FUNCTION service_affair.insp_writer_lock() FROM PUBLIC;

-- Appends one entry to the ledger of every department of a plan, in code
-- order, under the writers' first lock (insp_writer_lock(): taken already by
-- its callers, asked again for any other).
CREATE FUNCTION service_affair.insp_log_plan(plan_id bigint, kind text, payload jsonb) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM service_affair.require_log_writer(plan_id, kind);  -- 42501 (90_access.sql)
    PERFORM service_affair.insp_writer_lock();
    PERFORM pg_catalog.count(service_affair.log_append(d.code, kind, payload))
       FROM (SELECT DISTINCT u.code FROM service_affair.plan p,
                    pg_catalog.unnest(p.departments) AS u(code)
              WHERE p.id = insp_log_plan.plan_id ORDER BY u.code) d;
END
$$;
COMMENT ON FUNCTION service_affair.insp_log_plan(bigint, text, jsonb) IS
  'Appends one entry to the ledger of each department of a plan, in department-code order, after locking the team map as draw() does (internal)';
REVOKE EXECUTE ON FUNCTION service_affair.insp_log_plan(bigint, text, jsonb) FROM PUBLIC;

CREATE FUNCTION service_affair.create_plan(name text, departments text[], rates numeric[],
        seed_commitment bytea, team_size integer DEFAULT 2,
        regions text[] DEFAULT NULL, industries text[] DEFAULT NULL) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    pid     bigint;
    missing text;
BEGIN
    IF name IS NULL OR service_affair.is_blank(name) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'plan name is empty',
            DETAIL = 'A plan needs a name that is not empty or blank.';
    END IF;
    IF pg_catalog.length(name) > 200 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'plan name too long',
            DETAIL = pg_catalog.format('A plan name has at most 200 characters, not %s (%L...).',
                                       pg_catalog.length(name), service_affair.printable(pg_catalog.left(name, 40)));
    END IF;
    -- the shape before array_position(), which raises 0A000 on a
    -- multidimensional array (until 2026-12-04 '{{market}}' got that 0A000;
    -- a review)
    IF departments IS NOT NULL AND pg_catalog.cardinality(departments) > 0
       AND (pg_catalog.array_ndims(departments) <> 1 OR pg_catalog.array_lower(departments, 1) <> 1) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'invalid department list',
            DETAIL = pg_catalog.format('Departments %s must be a one-dimensional array indexed from 1.',
                                       service_affair.printable(pg_catalog.left(departments::text, 64)));
    END IF;
    IF departments IS NULL OR pg_catalog.cardinality(departments) = 0 OR pg_catalog.array_position(departments, NULL) IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'plan has no departments',
            DETAIL = pg_catalog.format('Departments %s must list at least one department and no NULL.',
                                       service_affair.printable(pg_catalog.left(COALESCE(departments::text, 'NULL'), 64)));
    END IF;
    IF pg_catalog.cardinality(departments) > 4096 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'plan has too many departments',
            DETAIL = pg_catalog.format('A plan names at most 4096 departments, not %s.', pg_catalog.cardinality(departments));
    END IF;
    IF (SELECT pg_catalog.count(DISTINCT d) FROM pg_catalog.unnest(departments) d) <> pg_catalog.cardinality(departments) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'plan lists a department twice',
            DETAIL = pg_catalog.format('Departments %s contain a duplicate.', service_affair.printable(pg_catalog.left(departments::text, 64)));
    END IF;
    SELECT pg_catalog.min(d) INTO missing FROM pg_catalog.unnest(departments) d
     WHERE NOT EXISTS (SELECT 1 FROM service_affair.department x WHERE x.code = d);
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = '23503', MESSAGE = 'unknown department',
            DETAIL = pg_catalog.format('Department %L does not exist.', service_affair.printable(pg_catalog.left(missing, 64)));
    END IF;
    -- four finite numbers in [0, 1] at subscripts 1..4 (NaN and Infinity
    -- compare above 1, -Infinity below 0)
    IF rates IS NULL OR pg_catalog.cardinality(rates) <> 4 OR pg_catalog.array_ndims(rates) <> 1
       OR pg_catalog.array_lower(rates, 1) <> 1
       OR EXISTS (SELECT 1 FROM pg_catalog.unnest(rates) r WHERE r IS NULL OR NOT (r >= 0 AND r <= 1)) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'invalid sampling rates',
            DETAIL = pg_catalog.format('Rates %s must be four numbers in [0, 1] at subscripts 1 to 4, for grades A, B, C, D.',
                                       service_affair.printable(pg_catalog.left(COALESCE(rates::text, 'NULL'), 64)));
    END IF;
    IF seed_commitment IS NULL OR pg_catalog.length(seed_commitment) <> 32 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'invalid seed commitment',
            DETAIL = pg_catalog.format('The commitment must be sha256(seed), 32 bytes; got %s bytes.',
                                       COALESCE(pg_catalog.length(seed_commitment)::text, 'NULL'));
    END IF;
    -- draw() refuses an empty seed: refuse its commitment here already
    IF seed_commitment = E'\\xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'::bytea THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'invalid seed commitment',
            DETAIL = 'The commitment is sha256 of the empty seed; a seed has at least one byte.';
    END IF;
    IF team_size IS NULL OR team_size < 2 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'team size too small',
            DETAIL = pg_catalog.format('Team size %s is below 2; inspections need at least two inspectors.',
                                       COALESCE(team_size::text, 'NULL'));
    END IF;
    IF team_size > 64 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'team size too large',
            DETAIL = pg_catalog.format('Team size %s is above 64 inspectors per target.', team_size);
    END IF;
    IF pg_catalog.array_ndims(regions) > 1 OR pg_catalog.array_ndims(industries) > 1
       OR pg_catalog.cardinality(regions) NOT BETWEEN 1 AND 1024 OR pg_catalog.cardinality(industries) NOT BETWEEN 1 AND 1024
       OR pg_catalog.array_position(regions, NULL) IS NOT NULL OR pg_catalog.array_position(industries, NULL) IS NOT NULL
       OR EXISTS (SELECT 1 FROM pg_catalog.unnest(regions) x WHERE pg_catalog.length(x) > 64)
       OR EXISTS (SELECT 1 FROM pg_catalog.unnest(industries) x WHERE pg_catalog.length(x) > 64)
       -- a blank code filters every target out (the one blank rule, 06_arguments.sql)
       OR EXISTS (SELECT 1 FROM pg_catalog.unnest(regions) x WHERE service_affair.is_blank(x))
       OR EXISTS (SELECT 1 FROM pg_catalog.unnest(industries) x WHERE service_affair.is_blank(x)) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'invalid plan filter',
            DETAIL = pg_catalog.format('Regions %s and industries %s must each be NULL (no filter) or a one-dimensional list of 1 to 1024 codes of at most 64 characters, none NULL or blank.',
                                       service_affair.printable(pg_catalog.left(COALESCE(regions::text, 'NULL'), 64)),
                                       service_affair.printable(pg_catalog.left(COALESCE(industries::text, 'NULL'), 64)));
    END IF;
    PERFORM service_affair.insp_writer_lock();  -- before any row of the inspections (one lock order)
    INSERT INTO service_affair.plan (name, departments, rates, seed_commitment, team_size, regions, industries, created_by)
        VALUES (create_plan.name, create_plan.departments, create_plan.rates, create_plan.seed_commitment,
                create_plan.team_size, create_plan.regions, create_plan.industries, service_affair.actor())
        RETURNING id INTO pid;
    PERFORM service_affair.insp_log_plan(pid, 'plan', pg_catalog.jsonb_build_object(
        'plan', pid, 'name', create_plan.name, 'departments', pg_catalog.to_jsonb(create_plan.departments),
        'rates', pg_catalog.to_jsonb(create_plan.rates),
        'seed_commitment', pg_catalog.encode(create_plan.seed_commitment, 'hex'),
        'team_size', create_plan.team_size, 'regions', pg_catalog.to_jsonb(create_plan.regions),
        'industries', pg_catalog.to_jsonb(create_plan.industries), 'actor', service_affair.actor(),
        'login', session_user));
    RETURN pid;
END
$$;
COMMENT ON FUNCTION service_affair.create_plan(text, text[], numeric[], bytea, integer, text[], text[]) IS
  'Creates an inspection plan committed to sha256(seed) and logs it in each department ledger; returns the plan id';
REVOKE EXECUTE ON FUNCTION service_affair.create_plan(text, text[], numeric[], bytea, integer, text[], text[]) FROM PUBLIC;

CREATE FUNCTION service_affair.draw(plan_id bigint, seed bytea) RETURNS bigint
    AS 'MODULE_PATHNAME', 'sa_draw'
    LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION service_affair.draw(bigint, bytea) IS
  'Draws the targets and teams of a plan from the revealed seed (once per plan); records the pool and logs the draw; returns the draw id';
REVOKE EXECUTE ON FUNCTION service_affair.draw(bigint, bytea) FROM PUBLIC;

CREATE FUNCTION service_affair.verify_draw(draw_id bigint) RETURNS boolean
    AS 'MODULE_PATHNAME', 'sa_verify_draw'
    LANGUAGE C STABLE STRICT SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION service_affair.verify_draw(bigint) IS
  'Re-runs a draw from its recorded seed and pool and compares it with the stored selection, teams, digests and log entry';
-- every group role, the public's included, re-runs draws (role_grant below);
-- a login of none does not (until 2026-12-04 PUBLIC did; a review)
REVOKE EXECUTE ON FUNCTION service_affair.verify_draw(bigint) FROM PUBLIC;

-- The USCC a target had when the draws up to upto_draw were made, written
-- by target_keep_drawn() when a target that no draw selected changes its
-- USCC, is deleted or is given another id after a draw (a selected
-- target's are refused, below).
-- verify_draw() ranks a draw's pool members by their USCCs and the pool
-- records only ids and grades: until 2026-12-05 it ranked them by the
-- current USCC, and an unselected pool member given a USCC that ranked
-- before a selected target of its grade made the draw false for ever (a
-- review; test/pgtap/insp_verify_uscc.sql).  Now it ranks each member by
-- the USCC of its row here with the smallest upto_draw at or after the
-- draw, or the current one when there is none.  A pool member deleted or
-- given another id after the draw is no longer in the directory under the
-- id the pool records: verify_draw() ranks it from its row here (keyed by
-- that id) as well.  Until 2026-12-05 such a member made the draw false
-- for ever (rule 3 needs every member's USCC and grade as at the draw; the
-- pool holds the grade), a documented limit (a review;
-- test/pgtap/insp_verify_pool.sql).  Refusing the delete instead would
-- have kept in the directory nearly every target for ever (a draw's pool
-- is every target its filters match) and needed a lookup of each deleted
-- id in every draw's pool; a row per deleted target costs one index entry
-- (doc/inspection.md, "Deleting a target").  The change holds the
-- writers' lock (no draw runs meanwhile, draw ids grow in that lock's
-- order); only the first change after a given draw is kept (the USCC the
-- draws up to it ranked).  Written only through the trigger: administrators
-- read it.
CREATE TABLE service_affair.target_uscc_history (
    target     bigint NOT NULL,
    upto_draw  bigint NOT NULL,
    uscc       service_affair.uscc NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    PRIMARY KEY (target, upto_draw)
);
COMMENT ON TABLE service_affair.target_uscc_history IS
  'Former USCCs of targets that no draw selected, and of those deleted or given another id (under the former id), kept so that verify_draw() ranks an older draw''s pool members by the USCC they had then (written by the triggers target_keep_drawn_uscc, target_keep_drawn_id and target_keep_drawn)';
COMMENT ON COLUMN service_affair.target_uscc_history.target IS 'Target id (no foreign key: the record outlives the target)';
COMMENT ON COLUMN service_affair.target_uscc_history.upto_draw IS 'The last draw made when the USCC was changed: draws up to this one ranked uscc (unless an older row of the target says otherwise)';
COMMENT ON COLUMN service_affair.target_uscc_history.uscc IS 'The USCC before the change (of the USCC or the id) or the delete';
COMMENT ON COLUMN service_affair.target_uscc_history.changed_at IS 'When the USCC or id was changed, or the target deleted';
SELECT pg_catalog.pg_extension_config_dump('service_affair.target_uscc_history', '');
REVOKE ALL ON service_affair.target_uscc_history FROM PUBLIC;
-- read by those who read the draws and the directory: an auditor re-running
-- a draw outside the database (doc/inspection.md, "Auditing from outside")
-- needs the USCC each pool member had at the draw.  Until 2026-12-06
-- administrators only: an inspector, who reads draw, plan and target,
-- ranked an unselected member by a corrected USCC (or could not rank a
-- deleted one) and got another selection than verify_draw() (a review).
INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    ('admin', 'SELECT', 'service_affair.target_uscc_history'),
    ('inspector', 'SELECT', 'service_affair.target_uscc_history');
-- what an older draw's verification rests on: no grant writes it, and the
-- triggers refuse its owner's edits as they do the draws' (a superuser who
-- disables them is outside any rule)
CREATE TRIGGER target_uscc_history_append_only BEFORE UPDATE OR DELETE ON service_affair.target_uscc_history
    FOR EACH ROW EXECUTE FUNCTION service_affair.insp_refuse_change();
CREATE TRIGGER target_uscc_history_no_truncate BEFORE TRUNCATE ON service_affair.target_uscc_history
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.insp_refuse_change();
COMMENT ON TRIGGER target_uscc_history_append_only ON service_affair.target_uscc_history IS 'The USCCs older draws ranked are append-only: UPDATE and DELETE are refused (42501)';
COMMENT ON TRIGGER target_uscc_history_no_truncate ON service_affair.target_uscc_history IS 'The USCCs older draws ranked are append-only: TRUNCATE is refused (42501)';

-- A target selected by a draw stays in the directory: deleted, it left the
-- published selection (draw_selection joins the directory), no result could
-- be recorded for it, and the draw no longer verified, all without a word
-- (until 2026-12-04; a review).  Deleting it is 23503, as a row referenced
-- elsewhere, and so is giving it another id (draw.targets holds the ids),
-- or another USCC (the key of the draw's ranking: verify_draw() re-ranks
-- the pool by the current USCCs, and a drawn target whose USCC changed,
-- after the draw or while it ran, left the draw unverifiable until
-- 2026-12-05; a review).  Deletes: a statement trigger, a few rows looked
-- up in each draw's array, many by one join over every draw's selection;
-- an id or USCC changed: a row trigger, only when it changes.
CREATE FUNCTION service_affair.target_keep_drawn() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v record;
    n bigint;
BEGIN
    IF TG_RELID <> 'service_affair.target'::regclass
       OR NOT ((TG_WHEN = 'AFTER' AND TG_LEVEL = 'STATEMENT' AND TG_OP = 'DELETE')
               OR (TG_WHEN = 'BEFORE' AND TG_LEVEL = 'STATEMENT' AND TG_OP IN ('DELETE', 'UPDATE'))
               OR (TG_WHEN = 'BEFORE' AND TG_LEVEL = 'ROW' AND TG_OP = 'UPDATE')) THEN
        RAISE EXCEPTION 'target_keep_drawn() must not fire on % % % of %', TG_WHEN, TG_LEVEL, TG_OP, TG_RELID::regclass
            USING ERRCODE = 'trigger_protocol_violated',
                  DETAIL = 'It fires only before and after a DELETE statement on service_affair.target, and before an update of a target''s id or USCC.';
    END IF;
    -- A draw scans the directory without locking what it selects.  Deletes
    -- (and updates of id or USCC) and draws take turns instead, at the
    -- writers' first lock (the team
    -- map's row, insp_writer_lock(), which draw() takes before it reads the
    -- directory, with a snapshot taken after it under READ COMMITTED): a
    -- delete waits here, before its first row, for a running draw, and the
    -- checks below then see it (under REPEATABLE READ or SERIALIZABLE a draw
    -- committed after the snapshot makes this lock a 40001); a draw waits
    -- for a delete that holds it.  A delete that removed a row, or an update
    -- of ids or USCCs, also touches that row, so that a draw whose REPEATABLE
    -- READ snapshot predates it fails with 40001 at the lock instead of
    -- selecting a target no longer there, or ranking a USCC no longer its.
    -- Until 2026-12-05 a delete not yet committed when a draw scanned, or a
    -- REPEATABLE READ delete whose snapshot predated the draw, left the
    -- committed draw selecting a target that no longer existed (a review;
    -- test/isolation/specs/insp_draw_delete.spec), and a change of USCC took
    -- no lock at all: the draw ranked the USCC it read and, the change
    -- committed, no longer verified.  The same holds for a USCC as for an
    -- id: an update that comes while a draw runs waits here, then (READ
    -- COMMITTED: each query below has a snapshot taken after the wait) sees
    -- the draw and is refused, or (REPEATABLE READ) gets 40001 at the lock;
    -- a draw that comes while it is uncommitted waits and ranks the new
    -- USCC.  Only statements that name id or uscc in their SET list fire
    -- this (UPDATE OF id, uscc): the credit refresh (credit_risk) and other
    -- edits of the directory take no lock.  The lock comes before the first
    -- row: the writers holding it lock targets after it (a result's key), so
    -- taken after the rows it deadlocked.
    IF TG_LEVEL = 'STATEMENT' AND TG_WHEN = 'BEFORE' THEN
        PERFORM service_affair.insp_writer_lock();
        IF TG_OP = 'UPDATE' THEN  -- of id or uscc (rare): touched once, whatever it changes
            UPDATE service_affair.target_team_map m SET head_draw = m.head_draw WHERE m.id = 1;
        END IF;
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        SELECT OLD.id, OLD.uscc, d.id AS draw_id INTO v FROM service_affair.draw d
         WHERE OLD.id = ANY (d.targets) ORDER BY d.id LIMIT 1;
        IF v.id IS NOT NULL AND OLD.id IS DISTINCT FROM NEW.id THEN
            RAISE EXCEPTION 'target % was selected by draw %', v.id, v.draw_id
                USING ERRCODE = 'foreign_key_violation',
                      DETAIL = pg_catalog.format('Target %s (%s) is in the selection of draw %s, by its id: it keeps it.',
                                                 v.id, service_affair.mask_identifier(v.uscc::text), v.draw_id),
                      HINT = 'Only a target no draw selected is given another id.';
        ELSIF v.id IS NOT NULL THEN  -- its USCC (target_keep_drawn_uscc)
            RAISE EXCEPTION 'target % was selected by draw %', v.id, v.draw_id
                USING ERRCODE = 'foreign_key_violation',
                      DETAIL = pg_catalog.format('Target %s (%s) is in the selection of draw %s, ranked by its USCC: it keeps it (verify_draw() re-ranks by the current USCC).',
                                                 v.id, service_affair.mask_identifier(v.uscc::text), v.draw_id),
                      HINT = 'A corrected USCC is a new target: insert it; only a target no draw selected changes its USCC.';
        END IF;
        -- a USCC or an id of a target no draw selected, changed after a
        -- draw: the USCC the draws made so far ranked it by, under the id
        -- their pools record (target_uscc_history; both row triggers fire
        -- when both change, the second row is the same)
        IF OLD.uscc::text IS DISTINCT FROM NEW.uscc::text OR OLD.id IS DISTINCT FROM NEW.id THEN
            INSERT INTO service_affair.target_uscc_history (target, upto_draw, uscc)
            SELECT OLD.id, d.id, OLD.uscc FROM service_affair.draw d ORDER BY d.id DESC LIMIT 1
            ON CONFLICT (target, upto_draw) DO NOTHING;
        END IF;
        RETURN NEW;
    END IF;
    SELECT pg_catalog.count(*) INTO n FROM target_drawn_gone;
    IF n = 0 THEN
        RETURN NULL;
    END IF;
    PERFORM service_affair.insp_writer_lock();  -- held already (the statement trigger)
    UPDATE service_affair.target_team_map m SET head_draw = m.head_draw WHERE m.id = 1;
    IF NOT EXISTS (SELECT FROM service_affair.draw) THEN
        RETURN NULL;
    END IF;
    IF n <= 100 THEN
        SELECT o.id, o.uscc, d.id AS draw_id INTO v
          FROM target_drawn_gone o JOIN service_affair.draw d ON o.id = ANY (d.targets)
         ORDER BY d.id, o.id LIMIT 1;
    ELSE
        SELECT o.id, o.uscc, s.draw_id INTO v
          FROM target_drawn_gone o
          JOIN (SELECT d.id AS draw_id, u.t FROM service_affair.draw d, pg_catalog.unnest(d.targets) AS u(t)) s ON s.t = o.id
         ORDER BY s.draw_id, o.id LIMIT 1;
    END IF;
    IF v.id IS NOT NULL THEN
        RAISE EXCEPTION 'target % was selected by draw %', v.id, v.draw_id
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('Target %s (%s) is in the selection of draw %s: its inspection, its result and the draw''s verification need it.',
                                             v.id, service_affair.mask_identifier(v.uscc::text), v.draw_id),
                  HINT = 'A drawn target stays in the directory; a company that closed is recorded as not_found by record_result(), and leaves later draws by its deregistered_on (doc/inspection.md).';
    END IF;
    -- none selected: each deleted target's USCC, with the last draw made
    -- (whose pools may hold it), so that those draws still verify
    -- (target_uscc_history; one index entry a row, no draw's pool read)
    INSERT INTO service_affair.target_uscc_history (target, upto_draw, uscc)
    SELECT o.id, (SELECT d.id FROM service_affair.draw d ORDER BY d.id DESC LIMIT 1), o.uscc
      FROM target_drawn_gone o
    ON CONFLICT (target, upto_draw) DO NOTHING;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION service_affair.target_keep_drawn() IS
  'Trigger: takes the inspection writers'' lock before a delete or a change of id or USCC (draws and deletes take turns), and refuses (23503) deleting a target that a draw selected, or changing its id or USCC; of any other target deleted or changed after a draw, keeps the USCC in target_uscc_history under the former id; refuses to run on any other table';
REVOKE EXECUTE ON FUNCTION service_affair.target_keep_drawn() FROM PUBLIC;
CREATE TRIGGER target_keep_drawn_lock BEFORE DELETE OR UPDATE OF id, uscc ON service_affair.target
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.target_keep_drawn();
COMMENT ON TRIGGER target_keep_drawn_lock ON service_affair.target IS
  'A delete or a change of id or USCC takes the inspection writers'' lock before its first row: draws and deletes take turns';
CREATE TRIGGER target_keep_drawn AFTER DELETE ON service_affair.target REFERENCING OLD TABLE AS target_drawn_gone
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.target_keep_drawn();
COMMENT ON TRIGGER target_keep_drawn ON service_affair.target IS
  'A target selected by a draw is not deleted (23503); any other keeps its USCC in target_uscc_history, for the draws whose pools hold it';
CREATE TRIGGER target_keep_drawn_id BEFORE UPDATE OF id ON service_affair.target
    FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION service_affair.target_keep_drawn();
COMMENT ON TRIGGER target_keep_drawn_id ON service_affair.target IS
  'A target selected by a draw keeps its id (23503); any other keeps its USCC under the former id in target_uscc_history';
CREATE TRIGGER target_keep_drawn_uscc BEFORE UPDATE OF uscc ON service_affair.target
    FOR EACH ROW WHEN (OLD.uscc::text IS DISTINCT FROM NEW.uscc::text) EXECUTE FUNCTION service_affair.target_keep_drawn();
COMMENT ON TRIGGER target_keep_drawn_uscc ON service_affair.target IS
  'A target selected by a draw keeps its USCC, the key it was ranked by (23503)';

-- A recusal (its foreign key locks the inspector's row FOR KEY SHARE) and
-- any update or delete of an inspector (which locks its row) take the
-- writers' first lock (insp_writer_lock()) before their first row, as a
-- delete of a target does: record_result() takes that lock and then the
-- inspector's row FOR UPDATE (to read the recusal and the link again), so
-- a change that held the row first and then waited for the map, in an
-- administrator's transaction that recused or deactivated an inspector and
-- then planned, drew, published or recorded, deadlocked with that
-- inspector's record_result() until 2026-12-05 (40P01; documented then as
-- "make such changes in a transaction of their own"; a review,
-- test/isolation/specs/insp_recusal_lock_order.spec).  Now the call waits
-- for the administrator's transaction at the map and sees the change
-- (42501), or the change waits for the call and follows the result.  A
-- change comes between draws, never while one runs (it waits for the
-- draw, seconds): a draw reads the inspectors and recusals it sees when it
-- holds the map.  A delete of a recusal takes it too: it locks no
-- inspector row, but its deleted row is what a delete of that inspector
-- (its foreign key check, FOR KEY SHARE of the recusals naming it) and the
-- same recusal written again (its primary key) wait for, and they hold the
-- map by then: an administrator's transaction that deleted a recusal and
-- then planned, drew, published or recorded deadlocked with either until
-- 2026-12-05 (40P01; a review, insp_recusal_delete_lock.spec).  A restore
-- takes none (restoring(), 05_org.sql): it writes the map's row itself.
CREATE FUNCTION service_affair.insp_directory_lock() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT ((TG_RELID = 'service_affair.inspector'::pg_catalog.regclass AND TG_OP IN ('UPDATE', 'DELETE'))
            OR (TG_RELID = 'service_affair.recusal'::pg_catalog.regclass AND TG_OP IN ('INSERT', 'UPDATE', 'DELETE')))
       OR TG_WHEN <> 'BEFORE' OR TG_LEVEL <> 'STATEMENT' THEN
        RAISE EXCEPTION USING ERRCODE = 'trigger_protocol_violated',
            MESSAGE = pg_catalog.format('insp_directory_lock() must not fire on %s %s %s of %s', TG_WHEN, TG_LEVEL, TG_OP,
                                        pg_catalog.left(TG_RELID::pg_catalog.regclass::text, 200)),
            DETAIL = 'It fires only before an UPDATE or DELETE statement on service_affair.inspector, or an INSERT, UPDATE or DELETE statement on service_affair.recusal.';
    END IF;
    PERFORM service_affair.insp_writer_lock();
    -- an update or delete of inspectors also touches the map's row, as a
    -- delete of a target does (target_keep_drawn()): a REPEATABLE READ or
    -- SERIALIZABLE draw whose snapshot predates it gets 40001 at the lock.
    -- A lock alone is no serialization failure: until 2026-12-07 such a
    -- draw read the inspectors of its snapshot and put an inspector
    -- deactivated (or moved, or deleted) before it on a team (a hostile
    -- review; insp_draw_recusal_rr.spec).  A recusal needs no touch: it
    -- writes its inspector's ledger, a plan department's, whose head the
    -- draw locks
    IF TG_RELID = 'service_affair.inspector'::pg_catalog.regclass THEN
        UPDATE service_affair.target_team_map m SET head_draw = m.head_draw WHERE m.id = 1;
    END IF;
    -- the library loaded (a cheap function of it), and with it the marks
    -- defined (its _PG_init, src/service_affair.c: settings only a
    -- superuser sets, as these triggers' owner does), before any row
    -- trigger of the statement reads or writes one: undefined, they would
    -- be placeholders that any role's trigger firing between the row
    -- triggers could clear with set_config() (a review, 2026-12-06)
    PERFORM service_affair.restoring();
    -- a new statement: no inspector moved and no recusal written in it
    -- yet (the marks of insp_log_recusal() and insp_log_recusal_transfer(),
    -- 76_directory_log.sql, the ids of the inspectors moved and of those
    -- whose recusals were written, which refuse an inspector moved and its
    -- recusals written in one statement)
    PERFORM pg_catalog.set_config('service_affair.recusal_moved', '', true);
    PERFORM pg_catalog.set_config('service_affair.recusal_written', '', true);
    -- and which of the two the transaction may hold in one statement: a
    -- row trigger keeps its ids only when the other kind's statement
    -- trigger has fired in the transaction (every statement trigger fires
    -- before the first row trigger of the statement), so that a statement
    -- writing the recusals of n inspectors, or moving n inspectors, alone
    -- does not build a list of n ids, asked at every row (n^2; a review,
    -- 2026-12-06).  Never cleared before the transaction ends: an "on" of
    -- an earlier statement only makes the lists be kept.
    IF TG_RELID = 'service_affair.inspector'::pg_catalog.regclass AND TG_OP = 'UPDATE' THEN
        PERFORM pg_catalog.set_config('service_affair.recusal_moving', 'on', true);
    ELSIF TG_RELID = 'service_affair.recusal'::pg_catalog.regclass THEN
        PERFORM pg_catalog.set_config('service_affair.recusal_writing', 'on', true);
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION service_affair.insp_directory_lock() IS
  'Trigger: takes the inspection writers'' lock before a statement that locks inspector rows (an update or delete of inspectors, a recusal written) or rows they wait for (a recusal deleted), in the order of record_result(), which takes that lock and then its inspector''s row, and clears the marks by which the inspection log refuses an inspector moved and its recusals written in one statement; refuses to run on any other table or event';
REVOKE EXECUTE ON FUNCTION service_affair.insp_directory_lock() FROM PUBLIC;
CREATE TRIGGER inspector_writer_lock BEFORE UPDATE OR DELETE ON service_affair.inspector
    FOR EACH STATEMENT WHEN (NOT service_affair.restoring()) EXECUTE FUNCTION service_affair.insp_directory_lock();
COMMENT ON TRIGGER inspector_writer_lock ON service_affair.inspector IS
  'An update or delete of inspectors takes the inspection writers'' lock before its first row, as record_result() does before the inspector''s row: no deadlock with it';
CREATE TRIGGER recusal_writer_lock BEFORE INSERT OR UPDATE OR DELETE ON service_affair.recusal
    FOR EACH STATEMENT WHEN (NOT service_affair.restoring()) EXECUTE FUNCTION service_affair.insp_directory_lock();
COMMENT ON TRIGGER recusal_writer_lock ON service_affair.recusal IS
  'A recusal written (its foreign key locks the inspector''s row) or deleted (a delete of its inspector or the recusal written again waits for its row) takes the inspection writers'' lock first, as record_result() does before the inspector''s row: no deadlock with it';

-- A TRUNCATE of recusal or inspector (their owner's or a superuser's: no
-- role_grant gives TRUNCATE; of target too, whose TRUNCATE logs its
-- deregistration marks, 76_directory_log.sql) takes its ACCESS EXCLUSIVE lock on the table
-- before any trigger fires, so it cannot take the writers' first lock
-- before its table, as their other writers do (insp_directory_lock()).
-- Until 2026-12-05 it took no writers' lock at all: a TRUNCATE that came
-- while another transaction held the map (a plan, a result, a draw), in an
-- administrator's transaction that then planned, drew, published or
-- recorded, waited for the map while holding the table, and a draw of the
-- other transaction, reading the table, waited for it (40P01; a review,
-- test/isolation/specs/insp_truncate_lock.spec).  Now the statement trigger
-- before TRUNCATE takes the writers' lock only if it can without waiting:
-- held by another transaction (or its row being made by one), the TRUNCATE
-- is refused (55000, naming the lock; lock_timeout bounds the wait for a
-- row being made); free, or held by this transaction already, the
-- TRUNCATE goes on holding both, and the writers wait for it.  A
-- TRUNCATE's wait for its table lock (for the transactions that read the
-- table) comes before this trigger, and no trigger shortens it: DELETE,
-- which takes the writers' lock first and no lock readers wait for, is the
-- way to empty the tables beside the writers (doc/inspection.md).  Not
-- when a restore truncates (restoring(): it writes the map's row itself).
CREATE FUNCTION service_affair.insp_truncate_lock() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET lock_timeout = 1 AS $$
BEGIN
    IF TG_RELID NOT IN ('service_affair.inspector'::pg_catalog.regclass, 'service_affair.recusal'::pg_catalog.regclass,
                        'service_affair.target'::pg_catalog.regclass)
       OR TG_OP <> 'TRUNCATE' OR TG_WHEN <> 'BEFORE' OR TG_LEVEL <> 'STATEMENT' THEN
        RAISE EXCEPTION USING ERRCODE = 'trigger_protocol_violated',
            MESSAGE = pg_catalog.format('insp_truncate_lock() must not fire on %s %s %s of %s', TG_WHEN, TG_LEVEL, TG_OP,
                                        pg_catalog.left(TG_RELID::pg_catalog.regclass::text, 200)),
            DETAIL = 'It fires only before a TRUNCATE of service_affair.inspector, service_affair.recusal or service_affair.target.';
    END IF;
    BEGIN
        -- the map's row, without waiting: held by this transaction, taken
        PERFORM FROM service_affair.target_team_map m WHERE m.id = 1 FOR UPDATE NOWAIT;
        IF NOT FOUND THEN
            -- no row to see: made (ON CONFLICT waits for another transaction
            -- making it, for lock_timeout at most) and locked
            PERFORM service_affair.insp_writer_lock();
        END IF;
    EXCEPTION WHEN lock_not_available THEN
        RAISE EXCEPTION USING ERRCODE = '55000',
            MESSAGE = pg_catalog.format('TRUNCATE of %s would wait for the inspection writers'' lock', TG_TABLE_NAME),
            DETAIL = pg_catalog.format('Another transaction holds the inspection writers'' lock (insp_writer_lock(), the team map''s row: a draw, a plan, a result, a publication or an edit of targets, inspectors or recusals is in progress); TRUNCATE locked service_affair.%s before this check, and waiting for that transaction while holding the table could deadlock with it.',
                                       TG_TABLE_NAME),
            HINT = 'Empty the table with DELETE, which waits for its turn, or TRUNCATE again when the writers are done (or in a transaction that took the lock first: SELECT service_affair.insp_writer_lock(); doc/inspection.md).';
    END;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION service_affair.insp_truncate_lock() IS
  'Trigger: before a TRUNCATE of inspector, recusal or target, takes the inspection writers'' lock if it can without waiting (TRUNCATE has locked its table already: a wait could deadlock), and otherwise refuses (55000); refuses to run on any other table or event';
REVOKE EXECUTE ON FUNCTION service_affair.insp_truncate_lock() FROM PUBLIC;
CREATE TRIGGER inspector_truncate_lock BEFORE TRUNCATE ON service_affair.inspector
    FOR EACH STATEMENT WHEN (NOT service_affair.restoring()) EXECUTE FUNCTION service_affair.insp_truncate_lock();
COMMENT ON TRIGGER inspector_truncate_lock ON service_affair.inspector IS
  'A TRUNCATE of inspectors takes the inspection writers'' lock without waiting, or is refused (55000): no deadlock with a writer holding it';
CREATE TRIGGER recusal_truncate_lock BEFORE TRUNCATE ON service_affair.recusal
    FOR EACH STATEMENT WHEN (NOT service_affair.restoring()) EXECUTE FUNCTION service_affair.insp_truncate_lock();
COMMENT ON TRIGGER recusal_truncate_lock ON service_affair.recusal IS
  'A TRUNCATE of recusals takes the inspection writers'' lock without waiting, or is refused (55000): no deadlock with a writer holding it';

-- A TRUNCATE of the team map (its owner's or a superuser's: no role holds
-- any privilege on it) is refused (55000); DELETE is the way to empty it.
-- The map is derived (every draw's teams are in draw, and a draw that
-- finds no row makes it again from all of them: insp_writer_lock(),
-- team_map_read()), but TRUNCATE is not: it is not MVCC-safe, so a
-- REPEATABLE READ or SERIALIZABLE draw whose snapshot predates the draws
-- committed before the TRUNCATE finds no row instead of the row those
-- draws updated (40001 after a DELETE), makes it again from the draws its
-- snapshot sees, and ranks without their teams (a previous team drawn
-- again); and its ACCESS EXCLUSIVE lock waits for every writer waiting
-- for the map's row (they hold a lock on the table), so a TRUNCATE in a
-- transaction that holds the writers' lock deadlocked with the next
-- writer (40P01).  Until 2026-12-05 the map had no such guard while its
-- neighbours had (a review; test/pgtap/insp_truncate.sql,
-- test/isolation/specs/insp_map_truncate.spec).  Not when a
-- restore truncates (restoring(): it writes the map's row itself).
CREATE FUNCTION service_affair.insp_map_no_truncate() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_RELID <> 'service_affair.target_team_map'::pg_catalog.regclass
       OR TG_OP <> 'TRUNCATE' OR TG_WHEN <> 'BEFORE' OR TG_LEVEL <> 'STATEMENT' THEN
        RAISE EXCEPTION USING ERRCODE = 'trigger_protocol_violated',
            MESSAGE = pg_catalog.format('insp_map_no_truncate() must not fire on %s %s %s of %s', TG_WHEN, TG_LEVEL, TG_OP,
                                        pg_catalog.left(TG_RELID::pg_catalog.regclass::text, 200)),
            DETAIL = 'It fires only before a TRUNCATE of service_affair.target_team_map.';
    END IF;
    RAISE EXCEPTION USING ERRCODE = '55000',
        MESSAGE = 'TRUNCATE of target_team_map is refused',
        DETAIL = 'The team map''s row is the inspection writers'' lock (insp_writer_lock()); TRUNCATE is not MVCC-safe: a REPEATABLE READ draw whose snapshot predates it would rank without the teams of the draws committed before it, and its table lock waits for every writer waiting for the row.',
        HINT = 'DELETE FROM service_affair.target_team_map; the next draw makes the map again from the draws (doc/inspection.md).';
END
$$;
COMMENT ON FUNCTION service_affair.insp_map_no_truncate() IS
  'Trigger: refuses a TRUNCATE of target_team_map (55000; DELETE empties it, and the next draw makes it again from the draws): TRUNCATE is not MVCC-safe, and the map''s row is the writers'' lock; refuses to run on any other table or event';
REVOKE EXECUTE ON FUNCTION service_affair.insp_map_no_truncate() FROM PUBLIC;
CREATE TRIGGER target_team_map_no_truncate BEFORE TRUNCATE ON service_affair.target_team_map
    FOR EACH STATEMENT WHEN (NOT service_affair.restoring()) EXECUTE FUNCTION service_affair.insp_map_no_truncate();
COMMENT ON TRIGGER target_team_map_no_truncate ON service_affair.target_team_map IS
  'A TRUNCATE of the team map is refused (55000): DELETE empties it, which a REPEATABLE READ draw and the writers waiting for its row see safely';

CREATE VIEW service_affair.draw_selection AS
SELECT d.id AS draw_id, u.target, t.uscc, u.risk,
       pg_catalog.string_to_array(u.team, ',') AS inspectors,
       u.rank::integer AS rank
  FROM service_affair.draw d
 CROSS JOIN LATERAL ROWS FROM (pg_catalog.unnest(d.targets), pg_catalog.unnest(d.risks), pg_catalog.unnest(d.teams)) WITH ORDINALITY AS u(target, risk, team, rank)
  JOIN service_affair.target t ON t.id = u.target;
COMMENT ON VIEW service_affair.draw_selection IS 'Targets and teams of each draw';
COMMENT ON COLUMN service_affair.draw_selection.draw_id IS 'Draw';
COMMENT ON COLUMN service_affair.draw_selection.target IS 'Target id';
COMMENT ON COLUMN service_affair.draw_selection.uscc IS 'Target USCC';
COMMENT ON COLUMN service_affair.draw_selection.risk IS 'Grade in the pool';
COMMENT ON COLUMN service_affair.draw_selection.inspectors IS 'Team, in the order chosen';
COMMENT ON COLUMN service_affair.draw_selection.rank IS 'Selection order';

-- ---------------------------------------------------------------------------
-- Results and publication

CREATE FUNCTION service_affair.record_result(draw_id bigint, target bigint, outcome text, findings text,
        at timestamptz DEFAULT pg_catalog.now()) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    pid          bigint;
    u            text;
    v_new        boolean := true;
    v_constraint text;
    v_inspector  text;
    v_team       text[];
    v_active     boolean;
    v_department text;
    v_login_oid  oid;
    v_link       text;
    v_admin      boolean := service_affair.acts_as('admin');
    -- published and logged for ever: findings that read as nothing are none
    -- (the one blank rule, 06_arguments.sql)
    v_findings   text := CASE WHEN NOT service_affair.is_blank(record_result.findings) THEN record_result.findings END;
BEGIN
    SELECT d.plan_id INTO pid FROM service_affair.draw d WHERE d.id = record_result.draw_id;
    IF NOT FOUND THEN
        PERFORM service_affair.refuse_null_id('draw id', record_result.draw_id);  -- 22023 (06_arguments.sql)
        RAISE EXCEPTION USING ERRCODE = '23503', MESSAGE = 'unknown draw',
            DETAIL = pg_catalog.format('Draw %s does not exist.', COALESCE(record_result.draw_id::text, 'NULL'));
    END IF;
    PERFORM service_affair.require_department((SELECT p.departments FROM service_affair.plan p WHERE p.id = pid), 'inspector');  -- 42501 (90_access.sql)
    IF NOT EXISTS (SELECT 1 FROM service_affair.draw d
                    WHERE d.id = record_result.draw_id AND record_result.target = ANY (d.targets)) THEN
        PERFORM service_affair.refuse_null_id('target', record_result.target);  -- 22023 (06_arguments.sql)
        RAISE EXCEPTION USING ERRCODE = '23503', MESSAGE = 'target not drawn',
            DETAIL = pg_catalog.format('Target %s was not drawn in draw %s.',
                                       COALESCE(record_result.target::text, 'NULL'), record_result.draw_id);
    END IF;
    -- 双随机: the inspectors drawn for the target inspect it.  Until
    -- 2026-12-05 any inspector login of the plan's departments recorded the
    -- result of any drawn target, off the team or recused for it (no login
    -- was linked to an inspector; a review).  The caller is the inspector
    -- whose inspector.login it is; it must be on the target's team and not
    -- recused for the target (a recusal recorded after the draw counts).  An
    -- administrator not so linked enters the result on behalf of the team
    -- (logged with inspector null, on_behalf true).  A deactivated inspector
    -- (active false: gone, suspended) records nothing, not even for the
    -- teams drawn before (until 2026-12-05 deactivation kept an inspector
    -- out of later draws only; a review): 42501 like the refusals beside it,
    -- as it is a question of who may act, not of the state of the draw or
    -- the result (55000); an administrator records on behalf of the team.
    -- the writers' first lock (insp_writer_lock()) before the first read of
    -- inspector or recusal, and so before the result's key locks its draw:
    -- a read takes a lock on its table that a TRUNCATE of it waits for, and
    -- a TRUNCATE in a transaction that holds the writers' lock (the way
    -- doc/inspection.md gives beside the writers) waited for this call,
    -- which had read both tables and waited for that lock: 40P01 until
    -- 2026-12-05 (a review; insp_truncate_record.spec).  Now the call waits
    -- for that transaction first and reads what it left.  The draw and the
    -- plan read before are append-only (their TRUNCATE is refused), and the
    -- checks of the arguments below read no table of the writers: a call
    -- that the lock made wait is refused for them after the wait.
    PERFORM service_affair.insp_writer_lock();
    SELECT i.id, i.active, i.department, i.login_oid INTO v_inspector, v_active, v_department, v_login_oid
      FROM service_affair.inspector i WHERE i.login = service_affair.actor();
    IF v_inspector IS NULL AND NOT v_admin THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = pg_catalog.format('permission denied for target %s of draw %s', record_result.target, record_result.draw_id),
            DETAIL = pg_catalog.format('Role %s is the login of no inspector; only the team drawn for target %s in draw %s records its result.',
                                       service_affair.printable(pg_catalog.left(pg_catalog.quote_ident(service_affair.actor()), 130)),
                                       record_result.target, record_result.draw_id),
            HINT = 'An administrator links a login to its inspector: UPDATE service_affair.inspector SET login = ... WHERE id = ...';
    END IF;
    IF v_inspector IS NOT NULL AND NOT v_active THEN
        IF NOT v_admin THEN
            RAISE EXCEPTION USING ERRCODE = '42501',
                MESSAGE = pg_catalog.format('permission denied for target %s of draw %s', record_result.target, record_result.draw_id),
                DETAIL = pg_catalog.format('Inspector %s (role %s) is deactivated; another member of the team drawn for target %s in draw %s, or an administrator, records its result.',
                                           v_inspector, service_affair.printable(pg_catalog.left(pg_catalog.quote_ident(service_affair.actor()), 130)),
                                           record_result.target, record_result.draw_id);
        END IF;
        v_inspector := NULL;  -- an administrator: on behalf of the team
    END IF;
    -- the link, checked when written (inspector_login_check), is asked
    -- again: the roles change after it and no trigger sees them (until
    -- 2026-12-05 a role dropped and created again under the name, a GRANT
    -- service_affair_admin, a staff row deleted or a restore left the link
    -- recording results; a review).  The caller's OID is the role linked's
    -- (inspector.login_oid), and inspector_login_problem() finds nothing.
    -- An administrator is not the inspector then: it records on behalf.
    IF v_inspector IS NOT NULL THEN
        v_link := CASE WHEN v_login_oid IS DISTINCT FROM pg_catalog.to_regrole(pg_catalog.quote_ident(service_affair.actor()))::oid
                       THEN 'another role'
                       ELSE service_affair.inspector_login_problem(service_affair.actor(), v_department) END;
        IF v_link IS NOT NULL THEN
            IF NOT v_admin THEN
                RAISE EXCEPTION USING ERRCODE = '42501',
                    MESSAGE = pg_catalog.format('permission denied for target %s of draw %s', record_result.target, record_result.draw_id),
                    DETAIL = pg_catalog.format('The link of inspector %s to role %s no longer holds: %s.',
                                               v_inspector, service_affair.printable(pg_catalog.left(pg_catalog.quote_ident(service_affair.actor()), 130)),
                                               CASE v_link
                                               WHEN 'another role' THEN 'the role is not the one linked (dropped and created again, or restored into another cluster, since)'
                                               WHEN 'no staff row' THEN pg_catalog.format('the role has no staff row for department %s', service_affair.printable(pg_catalog.left(v_department, 64)))
                                               WHEN 'administrator' THEN 'the role is a member of service_affair_admin'
                                               WHEN 'superuser' THEN 'the role is a superuser or a member of one'
                                               ELSE v_link END),
                    HINT = 'An administrator writes the link again (UPDATE service_affair.inspector SET login = ... WHERE id = ...), or records the result on behalf of the team.';
            END IF;
            v_inspector := NULL;  -- an administrator: on behalf of the team
        END IF;
    END IF;
    IF v_inspector IS NOT NULL THEN
        SELECT pg_catalog.string_to_array(d.teams[pg_catalog.array_position(d.targets, record_result.target)], ',')
          INTO v_team FROM service_affair.draw d WHERE d.id = record_result.draw_id;
        IF NOT COALESCE(v_inspector = ANY (v_team), false) THEN
            IF NOT v_admin THEN
                RAISE EXCEPTION USING ERRCODE = '42501',
                    MESSAGE = pg_catalog.format('permission denied for target %s of draw %s', record_result.target, record_result.draw_id),
                    DETAIL = pg_catalog.format('Inspector %s (role %s) is not on the team drawn for target %s in draw %s.',
                                               v_inspector, service_affair.printable(pg_catalog.left(pg_catalog.quote_ident(service_affair.actor()), 130)),
                                               record_result.target, record_result.draw_id);
            END IF;
            v_inspector := NULL;  -- an administrator off the team: on behalf of it
        ELSIF EXISTS (SELECT FROM service_affair.recusal r
                       WHERE r.inspector = v_inspector AND r.target = record_result.target) THEN
            IF NOT v_admin THEN
                RAISE EXCEPTION USING ERRCODE = '42501',
                    MESSAGE = pg_catalog.format('permission denied for target %s of draw %s', record_result.target, record_result.draw_id),
                    DETAIL = pg_catalog.format('Inspector %s (role %s) is recused for target %s (drawn in draw %s); another member of the team records its result.',
                                               v_inspector, service_affair.printable(pg_catalog.left(pg_catalog.quote_ident(service_affair.actor()), 130)),
                                               record_result.target, record_result.draw_id);
            END IF;
            v_inspector := NULL;
        END IF;
    END IF;
    IF outcome IS NULL OR outcome NOT IN ('pass', 'issues', 'fail', 'not_found') THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'invalid outcome',
            DETAIL = pg_catalog.format('Outcome %L is not one of pass, issues, fail, not_found.', service_affair.printable(pg_catalog.left(outcome, 40)));
    END IF;
    IF pg_catalog.length(findings) > 10000 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'findings too long',
            DETAIL = pg_catalog.format('Findings have at most 10000 characters, not %s; they are published and logged for ever.',
                                       pg_catalog.length(findings));
    END IF;
    IF outcome IN ('issues', 'fail') AND v_findings IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'findings required',
            DETAIL = pg_catalog.format('A result of %s is published with what was found; the findings given read as nothing (%s).',
                                       outcome, CASE WHEN record_result.findings IS NULL THEN 'NULL' ELSE 'empty, spaces or invisible characters' END);
    END IF;
    IF at IS NULL OR NOT pg_catalog.isfinite(at) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'invalid result time',
            DETAIL = pg_catalog.format('Result time %L must be a finite timestamp.', at);
    END IF;
    PERFORM service_affair.refuse_unrecordable_time(at, 'at');  -- 22023 outside the years 1..8999 (06_arguments.sql)
    -- once it happened, and after the draw it follows (a fail dated in 2015
    -- made a fact already expired, one dated in 8999 one never in force; a
    -- review): in a session whose user is not a superuser, as for every
    -- outcome (refuse_future_outcome(), 56_credit.sql)
    PERFORM service_affair.refuse_future_outcome(at, 'result time');  -- 22023
    IF NOT service_affair.session_by_superuser()
       AND at < (SELECT d.drawn_at FROM service_affair.draw d WHERE d.id = record_result.draw_id) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'result before its draw',
            DETAIL = pg_catalog.format('Result time %s is before draw %s was made (%s).', at, record_result.draw_id,
                                       (SELECT d.drawn_at FROM service_affair.draw d WHERE d.id = record_result.draw_id));
    END IF;
    -- the writers' lock held (above), the inspector's row, FOR UPDATE until the transaction ends: a
    -- recusal (its foreign key locks the row FOR KEY SHARE), a deactivation
    -- or a change of the link waits for this result, or this result for it,
    -- and the rows are read again after the wait (READ COMMITTED: each
    -- statement sees what committed before it; REPEATABLE READ and
    -- SERIALIZABLE: a changed row is 40001, a recusal made after the
    -- snapshot follows this result).  Until 2026-12-05 they were read
    -- without a lock before the writers' lock was waited for: a recusal or
    -- a deactivation committed while record_result() waited for a draw let
    -- the inspector record after it (a review; insp_recusal_race.spec).
    -- After the writers' lock, in its order: taken before it, a transaction
    -- that draws and then recuses would deadlock with this call waiting for
    -- the map while holding the row.  A recusal, a deactivation or any other
    -- change of the inspector's row takes the writers' lock before the row
    -- (insp_directory_lock()): until 2026-12-05 it did not, and a
    -- transaction that recused (or deactivated) and then drew, planned,
    -- published or recorded deadlocked with this call (40P01,
    -- insp_recusal_lock_order.spec).  The team is the draw's, which is
    -- never changed.
    IF v_inspector IS NOT NULL THEN
        PERFORM FROM service_affair.inspector i
          WHERE i.id = v_inspector AND i.login = service_affair.actor() AND i.active
            AND i.login_oid IS NOT DISTINCT FROM v_login_oid AND i.department = v_department
          FOR UPDATE;
        IF NOT FOUND OR EXISTS (SELECT FROM service_affair.recusal r
                                 WHERE r.inspector = v_inspector AND r.target = record_result.target) THEN
            IF NOT v_admin THEN
                RAISE EXCEPTION USING ERRCODE = '42501',
                    MESSAGE = pg_catalog.format('permission denied for target %s of draw %s', record_result.target, record_result.draw_id),
                    DETAIL = pg_catalog.format('Inspector %s (role %s) was deactivated, moved, linked to another role or recused for target %s (drawn in draw %s) while its result was being recorded.',
                                               v_inspector, service_affair.printable(pg_catalog.left(pg_catalog.quote_ident(service_affair.actor()), 130)),
                                               record_result.target, record_result.draw_id);
            END IF;
            v_inspector := NULL;
        END IF;
    END IF;
    IF NOT service_affair.xact_snapshot_kept() THEN  -- 06_arguments.sql: READ COMMITTED (or UNCOMMITTED)
        -- every statement sees what committed before it: a result recorded
        -- by another transaction is seen once its insertion is waited for,
        -- so ON CONFLICT answers without a subtransaction per call (a batch
        -- of results in one transaction would otherwise take one each)
        INSERT INTO service_affair.inspection_result AS r (draw_id, target, outcome, findings, at, recorded_by)
            VALUES (record_result.draw_id, record_result.target, record_result.outcome, v_findings,
                    record_result.at, service_affair.actor())
            ON CONFLICT ON CONSTRAINT inspection_result_pkey DO NOTHING;
        v_new := FOUND;
    ELSE
        -- REPEATABLE READ or SERIALIZABLE: a plain INSERT, not ON CONFLICT DO
        -- NOTHING: the 40001 ON CONFLICT raises for a row this snapshot cannot
        -- see is the executor's "could not serialize access due to concurrent
        -- update", which the credit trigger the INSERT fires
        -- (71_credit_targets.sql: a pass or a fail may update the target)
        -- raises as well for a target changed after the snapshot; only the
        -- primary key's 23505 names its cause
        BEGIN
            INSERT INTO service_affair.inspection_result AS r (draw_id, target, outcome, findings, at, recorded_by)
                VALUES (record_result.draw_id, record_result.target, record_result.outcome, v_findings,
                        record_result.at, service_affair.actor());
        EXCEPTION WHEN unique_violation THEN
            GET STACKED DIAGNOSTICS v_constraint = CONSTRAINT_NAME;
            IF v_constraint IS DISTINCT FROM 'inspection_result_pkey' THEN
                RAISE;
            END IF;
            -- a result this snapshot sees is 23505 below; one it cannot see
            -- (REPEATABLE READ or SERIALIZABLE) committed after it was taken
            v_new := false;
            IF NOT EXISTS (SELECT FROM service_affair.inspection_result r
                            WHERE r.draw_id = record_result.draw_id AND r.target = record_result.target) THEN
                RAISE EXCEPTION USING ERRCODE = '40001', MESSAGE = 'could not serialize the result',
                    DETAIL = pg_catalog.format('Draw %s got a result for target %s in a transaction that committed after this transaction''s snapshot was taken.',
                                               record_result.draw_id, record_result.target),
                    HINT = 'Retry the transaction: it then sees that result (23505, results are never changed).';
            END IF;
        END;
    END IF;
    IF NOT v_new THEN
        RAISE EXCEPTION USING ERRCODE = '23505', MESSAGE = 'result already recorded',
            DETAIL = pg_catalog.format('Draw %s already has a result for target %s; results are never changed.',
                                       record_result.draw_id, record_result.target);
    END IF;
    SELECT t.uscc::text INTO u FROM service_affair.target t WHERE t.id = record_result.target;
    -- actor: the role acted as, which the decision above takes for the
    -- person (a login allowed to SET ROLE to an inspector's role acts as
    -- that inspector); login: session_user, the role that logged in.  Until
    -- 2026-12-06 the entry named the actor only: an administrator who SET
    -- ROLE to a linked inspector's role recorded a result that the log
    -- showed as the inspector's, with no trace of who was logged in (a
    -- review).  The payload is hashed whole: entries written before carry
    -- no login and still verify, a new entry's hash covers it.
    PERFORM service_affair.insp_log_plan(pid, 'result', pg_catalog.jsonb_build_object(
        'plan', pid, 'draw', record_result.draw_id, 'target', record_result.target, 'uscc', u,
        'outcome', record_result.outcome, 'findings', v_findings,
        'at', record_result.at, 'actor', service_affair.actor(), 'login', session_user,
        'inspector', v_inspector, 'on_behalf', v_inspector IS NULL));
END
$$;
COMMENT ON FUNCTION service_affair.record_result(bigint, bigint, text, text, timestamptz) IS
  'Records the result of inspecting one drawn target (once) and logs it with the inspector, the actor (actor()) and the login behind it (session_user): the caller must be the login (inspector.login) of an active inspector on the target''s drawn team, not recused for it, whose link still holds (the role linked, by OID, no administrator, with its staff row: 42501), its row locked against a concurrent recusal or change, or an administrator, who enters it on behalf of the team; issues and fail need findings that do not read as nothing (22023), blank findings of pass and not_found are recorded as none';
REVOKE EXECUTE ON FUNCTION service_affair.record_result(bigint, bigint, text, text, timestamptz) FROM PUBLIC;

CREATE FUNCTION service_affair.publish_results(draw_id bigint, at timestamptz DEFAULT pg_catalog.now()) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    pid          bigint;
    n            integer;
    us           text[];
    v_constraint text;
BEGIN
    -- first: a role granted EXECUTE by mistake neither locks the draw nor
    -- learns anything, even when there is nothing left to publish (the
    -- check in insp_log_plan() comes only with something to log)
    PERFORM service_affair.require_admin();  -- 42501 (05_org.sql)
    PERFORM service_affair.insp_writer_lock();  -- before the draw's row (one lock order)
    SELECT d.plan_id INTO pid FROM service_affair.draw d WHERE d.id = publish_results.draw_id FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM service_affair.refuse_null_id('draw id', publish_results.draw_id);  -- 22023 (06_arguments.sql)
        RAISE EXCEPTION USING ERRCODE = '23503', MESSAGE = 'unknown draw',
            DETAIL = pg_catalog.format('Draw %s does not exist.', COALESCE(publish_results.draw_id::text, 'NULL'));
    END IF;
    IF at IS NULL OR NOT pg_catalog.isfinite(at) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'invalid publication time',
            DETAIL = pg_catalog.format('Publication time %L must be a finite timestamp.', at);
    END IF;
    PERFORM service_affair.refuse_unrecordable_time(at, 'at');  -- 22023 outside the years 1..8999 (06_arguments.sql)
    -- a publication is a fact of its time, as an outcome is: not more than
    -- an hour ahead in a session whose user is not a superuser (until
    -- 2026-12-04 an administrator published at 2031, and public_results
    -- showed the results with that date; a review)
    PERFORM service_affair.refuse_future_outcome(at, 'publication time');
    IF EXISTS (SELECT 1 FROM service_affair.inspection_result r
                WHERE r.draw_id = publish_results.draw_id AND r.at > publish_results.at
                  AND NOT EXISTS (SELECT 1 FROM service_affair.result_publication p
                                   WHERE p.draw_id = r.draw_id AND p.target = r.target)) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'publication before result',
            DETAIL = pg_catalog.format('Publication time %s precedes an unpublished result of draw %s.', at, draw_id);
    END IF;
    BEGIN
        WITH ins AS (
            INSERT INTO service_affair.result_publication (draw_id, target, published_at, published_by)
            SELECT r.draw_id, r.target, publish_results.at, service_affair.actor()
              FROM service_affair.inspection_result r
             WHERE r.draw_id = publish_results.draw_id
               AND NOT EXISTS (SELECT 1 FROM service_affair.result_publication p
                                WHERE p.draw_id = r.draw_id AND p.target = r.target)
            RETURNING target)
        SELECT pg_catalog.count(*), pg_catalog.array_agg(t.uscc::text ORDER BY t.uscc::text)
          INTO n, us FROM ins JOIN service_affair.target t ON t.id = ins.target;
    EXCEPTION WHEN unique_violation THEN
        -- REPEATABLE READ or SERIALIZABLE: the draw's lock serialized the two
        -- calls, but this snapshot predates the other's publication
        GET STACKED DIAGNOSTICS v_constraint = CONSTRAINT_NAME;
        IF v_constraint IS DISTINCT FROM 'result_publication_pkey' THEN
            RAISE;
        END IF;
        RAISE EXCEPTION USING ERRCODE = '40001', MESSAGE = 'could not serialize the publication of results',
            DETAIL = pg_catalog.format('Results of draw %s were published in a transaction that committed after this transaction''s snapshot was taken.',
                                       publish_results.draw_id),
            HINT = 'Retry the transaction: it then publishes only the results not yet published.';
    END;
    IF n > 0 THEN
        PERFORM service_affair.insp_log_plan(pid, 'publication', pg_catalog.jsonb_build_object(
            'plan', pid, 'draw', publish_results.draw_id, 'published_at', publish_results.at,
            'count', n, 'usccs', pg_catalog.to_jsonb(us), 'actor', service_affair.actor(),
            'login', session_user));  -- the login behind the actor, as record_result() logs it
    END IF;
    RETURN n;
END
$$;
COMMENT ON FUNCTION service_affair.publish_results(bigint, timestamptz) IS
  'Publishes every recorded, not yet published result of a draw at the given time, logs the publication, returns how many; administrators only (42501 before anything else); at more than an hour ahead: 22023 in a session whose user is not a superuser';
REVOKE EXECUTE ON FUNCTION service_affair.publish_results(bigint, timestamptz) FROM PUBLIC;

-- The day a published result is due (一公开: 20 working days of calendar cn
-- after the local day of the result).  The one home of that rule (the
-- issue "One home per rule": until 2026-12-05 public_results wrote it
-- twice, for publish_due and again for deadline_met).  A SQL function of
-- the standard body without SET, inlined into the view (its names are
-- bound when it is made); executable by the view's readers.
CREATE FUNCTION service_affair.result_publish_due(result_at timestamptz) RETURNS date
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
RETURN service_affair.add_workdays(service_affair.local_day(result_at, 'cn'), 20, 'cn');
COMMENT ON FUNCTION service_affair.result_publish_due(timestamptz) IS
  'The publication due of an inspection result recorded at result_at: 20 working days (calendar cn) after its local day; the one home of that rule, read by public_results (publish_due, deadline_met)';
REVOKE EXECUTE ON FUNCTION service_affair.result_publish_due(timestamptz) FROM PUBLIC;
INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    ('admin', 'EXECUTE', 'service_affair.result_publish_due(timestamptz)'),
    ('inspector', 'EXECUTE', 'service_affair.result_publish_due(timestamptz)'),
    ('analyst', 'EXECUTE', 'service_affair.result_publish_due(timestamptz)'),
    ('public', 'EXECUTE', 'service_affair.result_publish_due(timestamptz)');

-- A security barrier: the public and analysts read it, not the results
-- before publication nor the directory of targets (doc/access.md, "Leaky
-- functions and views").
CREATE VIEW service_affair.public_results WITH (security_barrier = true) AS
SELECT p.id AS plan, p.name AS plan_name, p.departments, t.uscc, t.name, r.outcome, r.findings,
       service_affair.local_day(r.at) AS result_date,
       service_affair.result_publish_due(r.at) AS publish_due,
       pb.published_at,
       service_affair.local_day(pb.published_at) <= service_affair.result_publish_due(r.at) AS deadline_met,
       r.draw_id, r.target
  FROM service_affair.result_publication pb
  JOIN service_affair.inspection_result r ON r.draw_id = pb.draw_id AND r.target = pb.target
  JOIN service_affair.draw d ON d.id = r.draw_id
  JOIN service_affair.plan p ON p.id = d.plan_id
  JOIN service_affair.target t ON t.id = r.target;
COMMENT ON VIEW service_affair.public_results IS
  'Published inspection results (一公开) with the 20-working-day publication limit and whether it was met';
COMMENT ON COLUMN service_affair.public_results.plan IS 'Plan id';
COMMENT ON COLUMN service_affair.public_results.plan_name IS 'Plan name';
COMMENT ON COLUMN service_affair.public_results.departments IS 'Departments of the plan';
COMMENT ON COLUMN service_affair.public_results.uscc IS 'Target USCC';
COMMENT ON COLUMN service_affair.public_results.name IS 'Target name';
COMMENT ON COLUMN service_affair.public_results.outcome IS 'pass, issues, fail or not_found';
COMMENT ON COLUMN service_affair.public_results.findings IS 'Findings';
COMMENT ON COLUMN service_affair.public_results.result_date IS 'Local (cn) day of the result';
COMMENT ON COLUMN service_affair.public_results.publish_due IS '20 working days after the result date (result_publish_due())';
COMMENT ON COLUMN service_affair.public_results.published_at IS 'When it was published';
COMMENT ON COLUMN service_affair.public_results.deadline_met IS 'Published on or before publish_due (local day)';
COMMENT ON COLUMN service_affair.public_results.draw_id IS 'Draw';
COMMENT ON COLUMN service_affair.public_results.target IS 'Target id';


-- verify_log() re-hashes the inspection log, which holds unpublished
-- results; only the roles that may read the log run it.
REVOKE EXECUTE ON FUNCTION service_affair.verify_log(text) FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- Grants (applied by create_roles(), 90_access.sql): the inspection directories, plans, draws, results and log
INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    ('admin', 'SELECT', 'service_affair.target'),
    ('admin', 'INSERT', 'service_affair.target'),
    ('admin', 'UPDATE', 'service_affair.target'),
    ('admin', 'DELETE', 'service_affair.target'),
    ('admin', 'SELECT', 'service_affair.inspector'),
    ('admin', 'INSERT', 'service_affair.inspector'),
    ('admin', 'UPDATE', 'service_affair.inspector'),
    ('admin', 'DELETE', 'service_affair.inspector'),
    ('admin', 'SELECT', 'service_affair.recusal'),
    ('admin', 'INSERT', 'service_affair.recusal'),
    ('admin', 'UPDATE', 'service_affair.recusal'),
    ('admin', 'DELETE', 'service_affair.recusal'),
    ('admin', 'SELECT', 'service_affair.ledger'),
    ('admin', 'SELECT', 'service_affair.inspection_log'),
    ('admin', 'SELECT', 'service_affair.plan'),
    ('admin', 'SELECT', 'service_affair.draw'),
    ('admin', 'SELECT', 'service_affair.inspection_result'),
    ('admin', 'SELECT', 'service_affair.result_publication'),
    ('admin', 'SELECT', 'service_affair.draw_selection'),
    ('admin', 'SELECT', 'service_affair.public_results'),
    ('admin', 'EXECUTE', 'service_affair.create_ledger(text,text)'),
    ('admin', 'EXECUTE', 'service_affair.create_plan(text,text[],numeric[],bytea,integer,text[],text[])'),
    ('admin', 'EXECUTE', 'service_affair.draw(bigint,bytea)'),
    ('admin', 'EXECUTE', 'service_affair.record_result(bigint,bigint,text,text,timestamptz)'),
    ('admin', 'EXECUTE', 'service_affair.publish_results(bigint,timestamptz)'),
    ('admin', 'EXECUTE', 'service_affair.verify_log(text)'),
    ('inspector', 'SELECT', 'service_affair.target'),
    ('inspector', 'SELECT', 'service_affair.inspector'),
    ('inspector', 'SELECT', 'service_affair.recusal'),
    ('inspector', 'SELECT', 'service_affair.ledger'),
    ('inspector', 'SELECT', 'service_affair.inspection_log'),
    ('inspector', 'SELECT', 'service_affair.plan'),
    ('inspector', 'SELECT', 'service_affair.draw'),
    ('inspector', 'SELECT', 'service_affair.inspection_result'),
    ('inspector', 'SELECT', 'service_affair.result_publication'),
    ('inspector', 'SELECT', 'service_affair.draw_selection'),
    ('inspector', 'SELECT', 'service_affair.public_results'),
    ('inspector', 'EXECUTE', 'service_affair.record_result(bigint,bigint,text,text,timestamptz)'),
    ('inspector', 'EXECUTE', 'service_affair.verify_log(text)'),
    ('analyst', 'SELECT', 'service_affair.public_results'),
    ('public', 'SELECT', 'service_affair.public_results'),
    ('admin', 'EXECUTE', 'service_affair.verify_draw(bigint)'),
    ('clerk', 'EXECUTE', 'service_affair.verify_draw(bigint)'),
    ('reviewer', 'EXECUTE', 'service_affair.verify_draw(bigint)'),
    ('inspector', 'EXECUTE', 'service_affair.verify_draw(bigint)'),
    ('analyst', 'EXECUTE', 'service_affair.verify_draw(bigint)'),
    ('public', 'EXECUTE', 'service_affair.verify_draw(bigint)')
ON CONFLICT DO NOTHING;
