-- service_affair_router 0.2.0: the write API of service_affair routed to
-- region shards by PL/Proxy (doc/scale.md, "Beyond one node: region shards").
-- Installed in the router database beside service_affair (whose catalog the
-- router receives from the province node by logical replication, like a
-- shard, to resolve competence) and service_affair_shard (the shard map).
--
-- Each shard is a PL/Proxy cluster of one partition defined with SQL/MED:
--     CREATE SERVER <shard name> FOREIGN DATA WRAPPER plproxy OPTIONS (p0 '<conninfo>');
--     CREATE USER MAPPING FOR <role> SERVER <shard name> OPTIONS (...);
-- named as in service_affair_shard.shard.  PL/Proxy connects as the calling
-- role (current_user), so a staff member acts on the shard under the same
-- role, with the same grants, row-level security and checks as on a single
-- node.  Credentials live in user mappings (or the shard's pg_hba.conf), never
-- in this extension.
--
-- For every function of the write API, service_affair_router.<f> has the
-- signature of service_affair.<f>; it chooses the shard (shard_for_submit(),
-- shard_for_id(), shard_for_department()) and calls service_affair.<f> there
-- through the PL/Proxy function px_<f>.  The shard's own errors come back
-- with their SQLSTATE; a shard that cannot be reached is 08006 naming the
-- shard and the regions it serves.

\echo Use "CREATE EXTENSION service_affair_router" to load this file. \quit

COMMENT ON SCHEMA service_affair_router IS
  'PL/Proxy router of service_affair: the write API with the signatures of service_affair, each call run on the shard of the competent office (doc/scale.md)';
REVOKE ALL ON SCHEMA service_affair_router FROM PUBLIC;

CREATE TABLE service_affair_router.api (
    function regprocedure PRIMARY KEY,
    proxy    regprocedure NOT NULL UNIQUE,
    target   regprocedure NOT NULL UNIQUE
);
COMMENT ON TABLE service_affair_router.api IS
  'The routed write API: each router function, its PL/Proxy function and the service_affair function it runs on the shard (create_roles() grants the router functions as role_grant grants the targets)';
COMMENT ON COLUMN service_affair_router.api.function IS 'Router function (the signature of the target)';
COMMENT ON COLUMN service_affair_router.api.proxy IS 'PL/Proxy function it calls (the shard name first)';
COMMENT ON COLUMN service_affair_router.api.target IS 'The service_affair function run on the shard';

CREATE FUNCTION service_affair_router.cluster(shard text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT
    SET search_path = pg_catalog, pg_temp
AS $$ SELECT shard $$;
COMMENT ON FUNCTION service_affair_router.cluster(text) IS
  'Internal: the PL/Proxy cluster of a shard (its foreign server, named as the shard)';

-- ---- which shard ---------------------------------------------------------------------
CREATE FUNCTION service_affair_router.competent_region(service text, identifier text, region text, point text,
    location_region text) RETURNS text
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    i record;
    competent text;
    handling text;
BEGIN
    SELECT x.code, x.basic_code, x.competence, d.region AS dept_region
      INTO i FROM service_affair.item x JOIN service_affair.department d ON d.code = x.department
     WHERE x.code = service;
    IF NOT FOUND THEN
        -- a bundle: its lead department's region
        SELECT b.code, NULL::text AS basic_code, 'receiving'::text AS competence, d.region AS dept_region
          INTO i FROM service_affair.bundle b JOIN service_affair.department d ON d.code = b.lead_department
         WHERE b.code = service;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'unknown service %', pg_catalog.left(service, 64)
                USING ERRCODE = 'foreign_key_violation',
                      DETAIL = pg_catalog.format('No item or bundle has code %s.', pg_catalog.quote_literal(pg_catalog.left(service, 64)));
        END IF;
        RETURN i.dept_region;
    END IF;
    IF i.basic_code IS NULL THEN
        RETURN i.dept_region;
    END IF;
    -- the competent region by the item's rule (resolve_competence() in
    -- 42_tongban.sql decides it on the shard again, with the scope checks)
    competent := CASE i.competence
        WHEN 'receiving' THEN COALESCE((SELECT p.region FROM service_affair.service_point p WHERE p.code = point),
                                       region, i.dept_region)
        WHEN 'property' THEN location_region
        ELSE CASE WHEN service_affair.is_valid_resident_id(identifier)
                  THEN service_affair.resident_id_region(identifier::service_affair.resident_id)
                  WHEN service_affair.is_valid_uscc(identifier)
                  THEN service_affair.uscc_region(identifier::service_affair.uscc) END END;
    IF competent IS NULL THEN
        RETURN i.dept_region;  -- the shard of the item raises the error
    END IF;
    -- the region of the office implementing the item there
    SELECT d.region INTO handling
      FROM service_affair.item_implementation m
      JOIN service_affair.item x ON x.code = m.item
      JOIN service_affair.department d ON d.code = x.department
     WHERE m.basic_code = i.basic_code AND m.region = competent;
    RETURN COALESCE(handling, competent);
END
$$;
COMMENT ON FUNCTION service_affair_router.competent_region(text, text, text, text, text) IS
  'Internal: the region of the office that will handle a submission, from the router''s copy of the catalog: the department of an item without basic code or of a bundle; else the item''s competence rule (receiving: the point''s region, region, the department''s; property: location_region; residence, company: the region code of the resident id or USCC) and the office implementing the basic code there; the shard decides again with the 通办 scope checks and refuses a case of another shard';
REVOKE EXECUTE ON FUNCTION service_affair_router.competent_region(text, text, text, text, text) FROM PUBLIC;

CREATE FUNCTION service_affair_router.shard_for_submit(service text, identifier text, region text, point text,
    location_region text, OUT shard text, OUT for_region text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    r text := service_affair_router.competent_region(service, identifier, shard_for_submit.region, point, location_region);
BEGIN
    shard := service_affair_shard.require_shard_of_region(r);
    for_region := COALESCE(r, '(none)');
END
$$;
COMMENT ON FUNCTION service_affair_router.shard_for_submit(text, text, text, text, text) IS
  'The shard a submission goes to and the region that decided it (competent_region()); 23503 naming the region when no shard serves it';
REVOKE EXECUTE ON FUNCTION service_affair_router.shard_for_submit(text, text, text, text, text) FROM PUBLIC;

CREATE FUNCTION service_affair_router.shard_for_id(id bigint, kind text, OUT shard text, OUT for_region text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    shard := service_affair_shard.shard_of_id(id);
    IF shard IS NULL THEN
        RAISE EXCEPTION 'unknown %', kind
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No shard numbers %s %s (shard number = id div 10^12).', kind, id);
    END IF;
    for_region := NULL;  -- unreachable() names the shard's regions, when needed
END
$$;
COMMENT ON FUNCTION service_affair_router.shard_for_id(bigint, text) IS
  'The shard that numbered a case or task id (service_affair_shard.shard_of_id()); for_region NULL (the error of an unreachable shard names its regions); 23503 when no shard numbers it';
REVOKE EXECUTE ON FUNCTION service_affair_router.shard_for_id(bigint, text) FROM PUBLIC;

CREATE FUNCTION service_affair_router.shard_for_department(department text, OUT shard text, OUT for_region text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    SELECT d.region INTO for_region FROM service_affair.department d WHERE d.code = department;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown department %', pg_catalog.left(department, 64)
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No department has code %s.', pg_catalog.quote_literal(pg_catalog.left(department, 64)));
    END IF;
    shard := service_affair_shard.require_shard_of_region(for_region);
    for_region := COALESCE(for_region, '(none)');
END
$$;
COMMENT ON FUNCTION service_affair_router.shard_for_department(text) IS
  'The shard serving a department''s region, and that region; 23503 unknown department or no shard for its region';
REVOKE EXECUTE ON FUNCTION service_affair_router.shard_for_department(text) FROM PUBLIC;

-- ---- a shard that cannot be reached ------------------------------------------------------
CREATE FUNCTION service_affair_router.is_unreachable(state text, message text) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT state LIKE '08%'
        OR message ~ '(could not connect|connection to server|server closed the connection|Connection refused|No such file or directory|connection not open|terminating connection)'
$$;
COMMENT ON FUNCTION service_affair_router.is_unreachable(text, text) IS
  'Internal: whether an error of a PL/Proxy call says the shard could not be reached (SQLSTATE class 08, or a libpq connection message), as opposed to an error the shard raised';

CREATE FUNCTION service_affair_router.unreachable(shard text, region text, message text) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION 'shard % serving region % is unavailable', shard, COALESCE(region, service_affair_shard.shard_regions(shard))
        USING ERRCODE = 'connection_failure',
              DETAIL = pg_catalog.format('The call was not run: PL/Proxy could not reach shard %s (regions %s): %s',
                                         shard, service_affair_shard.shard_regions(shard), pg_catalog.left(message, 300)),
              HINT = 'Calls for other regions keep working; retry when the shard is back.';
END
$$;
COMMENT ON FUNCTION service_affair_router.unreachable(text, text, text) IS
  'Internal: raise 08006 naming the unreachable shard and the region the call was for (NULL: the regions the shard serves); nothing was run';

-- ---- grants ------------------------------------------------------------------------------
CREATE FUNCTION service_affair_router.create_roles() RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    g record;
    s text;
BEGIN
    PERFORM service_affair.create_roles();
    FOR g IN SELECT DISTINCT a.function, a.proxy, 'service_affair_' || r.role AS grantee
               FROM service_affair_router.api a
               JOIN service_affair.role_grant r ON r.privilege = 'EXECUTE' AND r.object::regprocedure = a.target
              ORDER BY 3, 1 LOOP
        EXECUTE pg_catalog.format('GRANT USAGE ON SCHEMA service_affair_router TO %I', g.grantee);
        EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION %s, %s TO %I', g.function, g.proxy, g.grantee);
        EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION service_affair_router.shard_for_submit(text, text, text, text, text), '
                                  'service_affair_router.shard_for_id(bigint, text), service_affair_router.shard_for_department(text), '
                                  'service_affair_router.is_unreachable(text, text), service_affair_router.unreachable(text, text, text), '
                                  'service_affair_router.cluster(text) TO %I', g.grantee);
        -- PL/Proxy needs USAGE on the shards' servers
        FOR s IN SELECT f.srvname FROM pg_catalog.pg_foreign_server f
                   JOIN pg_catalog.pg_foreign_data_wrapper w ON w.oid = f.srvfdw AND w.fdwname = 'plproxy'
                   JOIN service_affair_shard.shard h ON h.name = f.srvname LOOP
            EXECUTE pg_catalog.format('GRANT USAGE ON FOREIGN SERVER %I TO %I', s, g.grantee);
        END LOOP;
    END LOOP;
END
$$;
COMMENT ON FUNCTION service_affair_router.create_roles() IS
  'service_affair.create_roles(), then each group role may call the router functions mirroring the functions role_grant grants it, and use the shards'' PL/Proxy servers; run again after adding a shard; idempotent';
REVOKE EXECUTE ON FUNCTION service_affair_router.create_roles() FROM PUBLIC;

-- ---- the write API ---------------------------------------------------------------------------
CREATE FUNCTION service_affair_router.px_submit(shard text, service text, identifier text, materials text[], channel text, commitments text[], at timestamptz, region text, point text, agent text, location_region text) RETURNS bigint
    LANGUAGE plproxy
    SET search_path = pg_catalog, pg_temp
AS $$
    CLUSTER service_affair_router.cluster(shard);
    RUN ON 0;
    SELECT service_affair.submit(service, identifier, materials, channel, commitments, at, region, point, agent, location_region) AS px_submit;
$$;
COMMENT ON FUNCTION service_affair_router.px_submit(text, text,text,text[],text,text[],timestamptz,text,text,text,text) IS
  'Internal: service_affair.submit() run on the named shard by PL/Proxy (as the calling role)';
REVOKE EXECUTE ON FUNCTION service_affair_router.px_submit(text, text,text,text[],text,text[],timestamptz,text,text,text,text) FROM PUBLIC;

CREATE FUNCTION service_affair_router.submit(service text, identifier text, materials text[], channel text DEFAULT 'window', commitments text[] DEFAULT '{}', at timestamptz DEFAULT pg_catalog.now(), region text DEFAULT NULL, point text DEFAULT NULL, agent text DEFAULT NULL, location_region text DEFAULT NULL)
    RETURNS bigint
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_shard text;
    v_where text;
    v_other text[];
    v_asked text[] := '{}';
BEGIN
    SELECT r.shard, r.for_region INTO v_shard, v_where FROM service_affair_router.shard_for_submit(service, identifier, region, point, location_region) r;
    LOOP
        BEGIN
            RETURN service_affair_router.px_submit(v_shard, service, identifier, materials, channel, commitments, at, region, point, agent, location_region);
        EXCEPTION WHEN OTHERS THEN
            IF service_affair_router.is_unreachable(SQLSTATE, SQLERRM) THEN
                PERFORM service_affair_router.unreachable(v_shard, v_where, SQLERRM);
            END IF;
            -- the shard resolved the competence to an office of another
            -- shard (an applicant registered away from the region code of
            -- its identifier, which the router cannot see): ask that shard,
            -- once; the refusing shard wrote nothing
            v_other := pg_catalog.regexp_match(SQLERRM, 'case of region ([0-9]{6}|\(none\)) belongs to shard ([a-z][a-z0-9_]*)');
            IF SQLSTATE <> '55000' OR v_other IS NULL OR v_other[2] = ANY (v_asked || v_shard) THEN
                RAISE;
            END IF;
        END;
        v_asked := v_asked || v_shard;
        v_shard := v_other[2];
        v_where := v_other[1];
    END LOOP;
END
$$;
COMMENT ON FUNCTION service_affair_router.submit(text,text,text[],text,text[],timestamptz,text,text,text,text) IS
  'service_affair.submit() with the same signature, run on the shard of the competent office (shard_for_submit()); when that shard resolves the competence to another shard''s office (55000 from shard_case_home: an applicant registered away from its identifier''s region code), asked of that shard once; the shard''s errors come back unchanged; 08006 naming the shard and its regions when the shard cannot be reached';
REVOKE EXECUTE ON FUNCTION service_affair_router.submit(text,text,text[],text,text[],timestamptz,text,text,text,text) FROM PUBLIC;
INSERT INTO service_affair_router.api (function, proxy, target) VALUES
  ('service_affair_router.submit(text,text,text[],text,text[],timestamptz,text,text,text,text)', 'service_affair_router.px_submit(text,text,text,text[],text,text[],timestamptz,text,text,text,text)', 'service_affair.submit(text,text,text[],text,text[],timestamptz,text,text,text,text)');

CREATE FUNCTION service_affair_router.px_supplement(shard text, case_id bigint, materials text[], at timestamptz, channel text) RETURNS text
    LANGUAGE plproxy
    SET search_path = pg_catalog, pg_temp
AS $$
    CLUSTER service_affair_router.cluster(shard);
    RUN ON 0;
    SELECT service_affair.supplement(case_id, materials, at, channel) AS px_supplement;
$$;
COMMENT ON FUNCTION service_affair_router.px_supplement(text, bigint,text[],timestamptz,text) IS
  'Internal: service_affair.supplement() run on the named shard by PL/Proxy (as the calling role)';
REVOKE EXECUTE ON FUNCTION service_affair_router.px_supplement(text, bigint,text[],timestamptz,text) FROM PUBLIC;

CREATE FUNCTION service_affair_router.supplement(case_id bigint, materials text[], at timestamptz DEFAULT pg_catalog.now(), channel text DEFAULT 'online')
    RETURNS text
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_shard text;
    v_where text;
BEGIN
    SELECT r.shard, r.for_region INTO v_shard, v_where FROM service_affair_router.shard_for_id(case_id, 'case') r;
    BEGIN
        RETURN service_affair_router.px_supplement(v_shard, case_id, materials, at, channel);
    EXCEPTION WHEN OTHERS THEN
        IF service_affair_router.is_unreachable(SQLSTATE, SQLERRM) THEN
            PERFORM service_affair_router.unreachable(v_shard, v_where, SQLERRM);
        END IF;
        RAISE;
    END;
END
$$;
COMMENT ON FUNCTION service_affair_router.supplement(bigint,text[],timestamptz,text) IS
  'service_affair.supplement() with the same signature, run on the shard that numbered the case; the shard''s errors come back unchanged; 08006 naming the shard and its regions when the shard cannot be reached';
REVOKE EXECUTE ON FUNCTION service_affair_router.supplement(bigint,text[],timestamptz,text) FROM PUBLIC;
INSERT INTO service_affair_router.api (function, proxy, target) VALUES
  ('service_affair_router.supplement(bigint,text[],timestamptz,text)', 'service_affair_router.px_supplement(text,bigint,text[],timestamptz,text)', 'service_affair.supplement(bigint,text[],timestamptz,text)');

CREATE FUNCTION service_affair_router.px_withdraw(shard text, case_id bigint, at timestamptz) RETURNS integer
    LANGUAGE plproxy
    SET search_path = pg_catalog, pg_temp
AS $$
    CLUSTER service_affair_router.cluster(shard);
    RUN ON 0;
    SELECT 1 AS px_withdraw FROM service_affair.withdraw(case_id, at);
$$;
COMMENT ON FUNCTION service_affair_router.px_withdraw(text, bigint,timestamptz) IS
  'Internal: service_affair.withdraw() run on the named shard by PL/Proxy (as the calling role); returns 1 for void';
REVOKE EXECUTE ON FUNCTION service_affair_router.px_withdraw(text, bigint,timestamptz) FROM PUBLIC;

CREATE FUNCTION service_affair_router.withdraw(case_id bigint, at timestamptz DEFAULT pg_catalog.now())
    RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_shard text;
    v_where text;
BEGIN
    SELECT r.shard, r.for_region INTO v_shard, v_where FROM service_affair_router.shard_for_id(case_id, 'case') r;
    BEGIN
        PERFORM service_affair_router.px_withdraw(v_shard, case_id, at);
        RETURN;
    EXCEPTION WHEN OTHERS THEN
        IF service_affair_router.is_unreachable(SQLSTATE, SQLERRM) THEN
            PERFORM service_affair_router.unreachable(v_shard, v_where, SQLERRM);
        END IF;
        RAISE;
    END;
END
$$;
COMMENT ON FUNCTION service_affair_router.withdraw(bigint,timestamptz) IS
  'service_affair.withdraw() with the same signature, run on the shard that numbered the case; the shard''s errors come back unchanged; 08006 naming the shard and its regions when the shard cannot be reached';
REVOKE EXECUTE ON FUNCTION service_affair_router.withdraw(bigint,timestamptz) FROM PUBLIC;
INSERT INTO service_affair_router.api (function, proxy, target) VALUES
  ('service_affair_router.withdraw(bigint,timestamptz)', 'service_affair_router.px_withdraw(text,bigint,timestamptz)', 'service_affair.withdraw(bigint,timestamptz)');

CREATE FUNCTION service_affair_router.px_record_visit(shard text, case_id bigint, at timestamptz, purpose text) RETURNS integer
    LANGUAGE plproxy
    SET search_path = pg_catalog, pg_temp
AS $$
    CLUSTER service_affair_router.cluster(shard);
    RUN ON 0;
    SELECT 1 AS px_record_visit FROM service_affair.record_visit(case_id, at, purpose);
$$;
COMMENT ON FUNCTION service_affair_router.px_record_visit(text, bigint,timestamptz,text) IS
  'Internal: service_affair.record_visit() run on the named shard by PL/Proxy (as the calling role); returns 1 for void';
REVOKE EXECUTE ON FUNCTION service_affair_router.px_record_visit(text, bigint,timestamptz,text) FROM PUBLIC;

CREATE FUNCTION service_affair_router.record_visit(case_id bigint, at timestamptz DEFAULT pg_catalog.now(), purpose text DEFAULT NULL)
    RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_shard text;
    v_where text;
BEGIN
    SELECT r.shard, r.for_region INTO v_shard, v_where FROM service_affair_router.shard_for_id(case_id, 'case') r;
    BEGIN
        PERFORM service_affair_router.px_record_visit(v_shard, case_id, at, purpose);
        RETURN;
    EXCEPTION WHEN OTHERS THEN
        IF service_affair_router.is_unreachable(SQLSTATE, SQLERRM) THEN
            PERFORM service_affair_router.unreachable(v_shard, v_where, SQLERRM);
        END IF;
        RAISE;
    END;
END
$$;
COMMENT ON FUNCTION service_affair_router.record_visit(bigint,timestamptz,text) IS
  'service_affair.record_visit() with the same signature, run on the shard that numbered the case; the shard''s errors come back unchanged; 08006 naming the shard and its regions when the shard cannot be reached';
REVOKE EXECUTE ON FUNCTION service_affair_router.record_visit(bigint,timestamptz,text) FROM PUBLIC;
INSERT INTO service_affair_router.api (function, proxy, target) VALUES
  ('service_affair_router.record_visit(bigint,timestamptz,text)', 'service_affair_router.px_record_visit(text,bigint,timestamptz,text)', 'service_affair.record_visit(bigint,timestamptz,text)');

CREATE FUNCTION service_affair_router.px_deliver(shard text, case_id bigint, method text, at timestamptz) RETURNS integer
    LANGUAGE plproxy
    SET search_path = pg_catalog, pg_temp
AS $$
    CLUSTER service_affair_router.cluster(shard);
    RUN ON 0;
    SELECT 1 AS px_deliver FROM service_affair.deliver(case_id, method, at);
$$;
COMMENT ON FUNCTION service_affair_router.px_deliver(text, bigint,text,timestamptz) IS
  'Internal: service_affair.deliver() run on the named shard by PL/Proxy (as the calling role); returns 1 for void';
REVOKE EXECUTE ON FUNCTION service_affair_router.px_deliver(text, bigint,text,timestamptz) FROM PUBLIC;

CREATE FUNCTION service_affair_router.deliver(case_id bigint, method text, at timestamptz DEFAULT pg_catalog.now())
    RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_shard text;
    v_where text;
BEGIN
    SELECT r.shard, r.for_region INTO v_shard, v_where FROM service_affair_router.shard_for_id(case_id, 'case') r;
    BEGIN
        PERFORM service_affair_router.px_deliver(v_shard, case_id, method, at);
        RETURN;
    EXCEPTION WHEN OTHERS THEN
        IF service_affair_router.is_unreachable(SQLSTATE, SQLERRM) THEN
            PERFORM service_affair_router.unreachable(v_shard, v_where, SQLERRM);
        END IF;
        RAISE;
    END;
END
$$;
COMMENT ON FUNCTION service_affair_router.deliver(bigint,text,timestamptz) IS
  'service_affair.deliver() with the same signature, run on the shard that numbered the case; the shard''s errors come back unchanged; 08006 naming the shard and its regions when the shard cannot be reached';
REVOKE EXECUTE ON FUNCTION service_affair_router.deliver(bigint,text,timestamptz) FROM PUBLIC;
INSERT INTO service_affair_router.api (function, proxy, target) VALUES
  ('service_affair_router.deliver(bigint,text,timestamptz)', 'service_affair_router.px_deliver(text,bigint,text,timestamptz)', 'service_affair.deliver(bigint,text,timestamptz)');

CREATE FUNCTION service_affair_router.px_receive_originals(shard text, case_id bigint, at timestamptz) RETURNS integer
    LANGUAGE plproxy
    SET search_path = pg_catalog, pg_temp
AS $$
    CLUSTER service_affair_router.cluster(shard);
    RUN ON 0;
    SELECT 1 AS px_receive_originals FROM service_affair.receive_originals(case_id, at);
$$;
COMMENT ON FUNCTION service_affair_router.px_receive_originals(text, bigint,timestamptz) IS
  'Internal: service_affair.receive_originals() run on the named shard by PL/Proxy (as the calling role); returns 1 for void';
REVOKE EXECUTE ON FUNCTION service_affair_router.px_receive_originals(text, bigint,timestamptz) FROM PUBLIC;

CREATE FUNCTION service_affair_router.receive_originals(case_id bigint, at timestamptz DEFAULT pg_catalog.now())
    RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_shard text;
    v_where text;
BEGIN
    SELECT r.shard, r.for_region INTO v_shard, v_where FROM service_affair_router.shard_for_id(case_id, 'case') r;
    BEGIN
        PERFORM service_affair_router.px_receive_originals(v_shard, case_id, at);
        RETURN;
    EXCEPTION WHEN OTHERS THEN
        IF service_affair_router.is_unreachable(SQLSTATE, SQLERRM) THEN
            PERFORM service_affair_router.unreachable(v_shard, v_where, SQLERRM);
        END IF;
        RAISE;
    END;
END
$$;
COMMENT ON FUNCTION service_affair_router.receive_originals(bigint,timestamptz) IS
  'service_affair.receive_originals() with the same signature, run on the shard that numbered the case; the shard''s errors come back unchanged; 08006 naming the shard and its regions when the shard cannot be reached';
REVOKE EXECUTE ON FUNCTION service_affair_router.receive_originals(bigint,timestamptz) FROM PUBLIC;
INSERT INTO service_affair_router.api (function, proxy, target) VALUES
  ('service_affair_router.receive_originals(bigint,timestamptz)', 'service_affair_router.px_receive_originals(text,bigint,timestamptz)', 'service_affair.receive_originals(bigint,timestamptz)');

CREATE FUNCTION service_affair_router.px_rate(shard text, case_id bigint, level integer, channel text, comment text, at timestamptz) RETURNS bigint
    LANGUAGE plproxy
    SET search_path = pg_catalog, pg_temp
AS $$
    CLUSTER service_affair_router.cluster(shard);
    RUN ON 0;
    SELECT service_affair.rate(case_id, level, channel, comment, at) AS px_rate;
$$;
COMMENT ON FUNCTION service_affair_router.px_rate(text, bigint,integer,text,text,timestamptz) IS
  'Internal: service_affair.rate() run on the named shard by PL/Proxy (as the calling role)';
REVOKE EXECUTE ON FUNCTION service_affair_router.px_rate(text, bigint,integer,text,text,timestamptz) FROM PUBLIC;

CREATE FUNCTION service_affair_router.rate(case_id bigint, level integer, channel text DEFAULT 'online', comment text DEFAULT NULL, at timestamptz DEFAULT pg_catalog.now())
    RETURNS bigint
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_shard text;
    v_where text;
BEGIN
    SELECT r.shard, r.for_region INTO v_shard, v_where FROM service_affair_router.shard_for_id(case_id, 'case') r;
    BEGIN
        RETURN service_affair_router.px_rate(v_shard, case_id, level, channel, comment, at);
    EXCEPTION WHEN OTHERS THEN
        IF service_affair_router.is_unreachable(SQLSTATE, SQLERRM) THEN
            PERFORM service_affair_router.unreachable(v_shard, v_where, SQLERRM);
        END IF;
        RAISE;
    END;
END
$$;
COMMENT ON FUNCTION service_affair_router.rate(bigint,integer,text,text,timestamptz) IS
  'service_affair.rate() with the same signature, run on the shard that numbered the case; the shard''s errors come back unchanged; 08006 naming the shard and its regions when the shard cannot be reached';
REVOKE EXECUTE ON FUNCTION service_affair_router.rate(bigint,integer,text,text,timestamptz) FROM PUBLIC;
INSERT INTO service_affair_router.api (function, proxy, target) VALUES
  ('service_affair_router.rate(bigint,integer,text,text,timestamptz)', 'service_affair_router.px_rate(text,bigint,integer,text,text,timestamptz)', 'service_affair.rate(bigint,integer,text,text,timestamptz)');

CREATE FUNCTION service_affair_router.px_claim_task(shard text, department text, assignee text, at timestamptz) RETURNS bigint
    LANGUAGE plproxy
    SET search_path = pg_catalog, pg_temp
AS $$
    CLUSTER service_affair_router.cluster(shard);
    RUN ON 0;
    SELECT service_affair.claim_task(department, assignee, at) AS px_claim_task;
$$;
COMMENT ON FUNCTION service_affair_router.px_claim_task(text, text,text,timestamptz) IS
  'Internal: service_affair.claim_task() run on the named shard by PL/Proxy (as the calling role)';
REVOKE EXECUTE ON FUNCTION service_affair_router.px_claim_task(text, text,text,timestamptz) FROM PUBLIC;

CREATE FUNCTION service_affair_router.claim_task(department text, assignee text, at timestamptz DEFAULT pg_catalog.now())
    RETURNS bigint
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_shard text;
    v_where text;
BEGIN
    SELECT r.shard, r.for_region INTO v_shard, v_where FROM service_affair_router.shard_for_department(department) r;
    BEGIN
        RETURN service_affair_router.px_claim_task(v_shard, department, assignee, at);
    EXCEPTION WHEN OTHERS THEN
        IF service_affair_router.is_unreachable(SQLSTATE, SQLERRM) THEN
            PERFORM service_affair_router.unreachable(v_shard, v_where, SQLERRM);
        END IF;
        RAISE;
    END;
END
$$;
COMMENT ON FUNCTION service_affair_router.claim_task(text,text,timestamptz) IS
  'service_affair.claim_task() with the same signature, run on the shard serving the department''s region; the shard''s errors come back unchanged; 08006 naming the shard and its regions when the shard cannot be reached';
REVOKE EXECUTE ON FUNCTION service_affair_router.claim_task(text,text,timestamptz) FROM PUBLIC;
INSERT INTO service_affair_router.api (function, proxy, target) VALUES
  ('service_affair_router.claim_task(text,text,timestamptz)', 'service_affair_router.px_claim_task(text,text,text,timestamptz)', 'service_affair.claim_task(text,text,timestamptz)');

CREATE FUNCTION service_affair_router.px_complete_task(shard text, task_id bigint, decision text, at timestamptz, note text) RETURNS integer
    LANGUAGE plproxy
    SET search_path = pg_catalog, pg_temp
AS $$
    CLUSTER service_affair_router.cluster(shard);
    RUN ON 0;
    SELECT 1 AS px_complete_task FROM service_affair.complete_task(task_id, decision, at, note);
$$;
COMMENT ON FUNCTION service_affair_router.px_complete_task(text, bigint,text,timestamptz,text) IS
  'Internal: service_affair.complete_task() run on the named shard by PL/Proxy (as the calling role); returns 1 for void';
REVOKE EXECUTE ON FUNCTION service_affair_router.px_complete_task(text, bigint,text,timestamptz,text) FROM PUBLIC;

CREATE FUNCTION service_affair_router.complete_task(task_id bigint, decision text, at timestamptz DEFAULT pg_catalog.now(), note text DEFAULT NULL)
    RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_shard text;
    v_where text;
BEGIN
    SELECT r.shard, r.for_region INTO v_shard, v_where FROM service_affair_router.shard_for_id(task_id, 'task') r;
    BEGIN
        PERFORM service_affair_router.px_complete_task(v_shard, task_id, decision, at, note);
        RETURN;
    EXCEPTION WHEN OTHERS THEN
        IF service_affair_router.is_unreachable(SQLSTATE, SQLERRM) THEN
            PERFORM service_affair_router.unreachable(v_shard, v_where, SQLERRM);
        END IF;
        RAISE;
    END;
END
$$;
COMMENT ON FUNCTION service_affair_router.complete_task(bigint,text,timestamptz,text) IS
  'service_affair.complete_task() with the same signature, run on the shard that numbered the task; the shard''s errors come back unchanged; 08006 naming the shard and its regions when the shard cannot be reached';
REVOKE EXECUTE ON FUNCTION service_affair_router.complete_task(bigint,text,timestamptz,text) FROM PUBLIC;
INSERT INTO service_affair_router.api (function, proxy, target) VALUES
  ('service_affair_router.complete_task(bigint,text,timestamptz,text)', 'service_affair_router.px_complete_task(text,bigint,text,timestamptz,text)', 'service_affair.complete_task(bigint,text,timestamptz,text)');

CREATE FUNCTION service_affair_router.px_suspend(shard text, task_id bigint, reason text, at timestamptz) RETURNS integer
    LANGUAGE plproxy
    SET search_path = pg_catalog, pg_temp
AS $$
    CLUSTER service_affair_router.cluster(shard);
    RUN ON 0;
    SELECT 1 AS px_suspend FROM service_affair.suspend(task_id, reason, at);
$$;
COMMENT ON FUNCTION service_affair_router.px_suspend(text, bigint,text,timestamptz) IS
  'Internal: service_affair.suspend() run on the named shard by PL/Proxy (as the calling role); returns 1 for void';
REVOKE EXECUTE ON FUNCTION service_affair_router.px_suspend(text, bigint,text,timestamptz) FROM PUBLIC;

CREATE FUNCTION service_affair_router.suspend(task_id bigint, reason text, at timestamptz DEFAULT pg_catalog.now())
    RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_shard text;
    v_where text;
BEGIN
    SELECT r.shard, r.for_region INTO v_shard, v_where FROM service_affair_router.shard_for_id(task_id, 'task') r;
    BEGIN
        PERFORM service_affair_router.px_suspend(v_shard, task_id, reason, at);
        RETURN;
    EXCEPTION WHEN OTHERS THEN
        IF service_affair_router.is_unreachable(SQLSTATE, SQLERRM) THEN
            PERFORM service_affair_router.unreachable(v_shard, v_where, SQLERRM);
        END IF;
        RAISE;
    END;
END
$$;
COMMENT ON FUNCTION service_affair_router.suspend(bigint,text,timestamptz) IS
  'service_affair.suspend() with the same signature, run on the shard that numbered the task; the shard''s errors come back unchanged; 08006 naming the shard and its regions when the shard cannot be reached';
REVOKE EXECUTE ON FUNCTION service_affair_router.suspend(bigint,text,timestamptz) FROM PUBLIC;
INSERT INTO service_affair_router.api (function, proxy, target) VALUES
  ('service_affair_router.suspend(bigint,text,timestamptz)', 'service_affair_router.px_suspend(text,bigint,text,timestamptz)', 'service_affair.suspend(bigint,text,timestamptz)');

CREATE FUNCTION service_affair_router.px_resume(shard text, task_id bigint, at timestamptz) RETURNS integer
    LANGUAGE plproxy
    SET search_path = pg_catalog, pg_temp
AS $$
    CLUSTER service_affair_router.cluster(shard);
    RUN ON 0;
    SELECT 1 AS px_resume FROM service_affair.resume(task_id, at);
$$;
COMMENT ON FUNCTION service_affair_router.px_resume(text, bigint,timestamptz) IS
  'Internal: service_affair.resume() run on the named shard by PL/Proxy (as the calling role); returns 1 for void';
REVOKE EXECUTE ON FUNCTION service_affair_router.px_resume(text, bigint,timestamptz) FROM PUBLIC;

CREATE FUNCTION service_affair_router.resume(task_id bigint, at timestamptz DEFAULT pg_catalog.now())
    RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_shard text;
    v_where text;
BEGIN
    SELECT r.shard, r.for_region INTO v_shard, v_where FROM service_affair_router.shard_for_id(task_id, 'task') r;
    BEGIN
        PERFORM service_affair_router.px_resume(v_shard, task_id, at);
        RETURN;
    EXCEPTION WHEN OTHERS THEN
        IF service_affair_router.is_unreachable(SQLSTATE, SQLERRM) THEN
            PERFORM service_affair_router.unreachable(v_shard, v_where, SQLERRM);
        END IF;
        RAISE;
    END;
END
$$;
COMMENT ON FUNCTION service_affair_router.resume(bigint,timestamptz) IS
  'service_affair.resume() with the same signature, run on the shard that numbered the task; the shard''s errors come back unchanged; 08006 naming the shard and its regions when the shard cannot be reached';
REVOKE EXECUTE ON FUNCTION service_affair_router.resume(bigint,timestamptz) FROM PUBLIC;
INSERT INTO service_affair_router.api (function, proxy, target) VALUES
  ('service_affair_router.resume(bigint,timestamptz)', 'service_affair_router.px_resume(text,bigint,timestamptz)', 'service_affair.resume(bigint,timestamptz)');

CREATE FUNCTION service_affair_router.px_extend(shard text, task_id bigint, workdays integer, reason text, at timestamptz) RETURNS integer
    LANGUAGE plproxy
    SET search_path = pg_catalog, pg_temp
AS $$
    CLUSTER service_affair_router.cluster(shard);
    RUN ON 0;
    SELECT 1 AS px_extend FROM service_affair.extend(task_id, workdays, reason, at);
$$;
COMMENT ON FUNCTION service_affair_router.px_extend(text, bigint,integer,text,timestamptz) IS
  'Internal: service_affair.extend() run on the named shard by PL/Proxy (as the calling role); returns 1 for void';
REVOKE EXECUTE ON FUNCTION service_affair_router.px_extend(text, bigint,integer,text,timestamptz) FROM PUBLIC;

CREATE FUNCTION service_affair_router.extend(task_id bigint, workdays integer, reason text, at timestamptz DEFAULT pg_catalog.now())
    RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_shard text;
    v_where text;
BEGIN
    SELECT r.shard, r.for_region INTO v_shard, v_where FROM service_affair_router.shard_for_id(task_id, 'task') r;
    BEGIN
        PERFORM service_affair_router.px_extend(v_shard, task_id, workdays, reason, at);
        RETURN;
    EXCEPTION WHEN OTHERS THEN
        IF service_affair_router.is_unreachable(SQLSTATE, SQLERRM) THEN
            PERFORM service_affair_router.unreachable(v_shard, v_where, SQLERRM);
        END IF;
        RAISE;
    END;
END
$$;
COMMENT ON FUNCTION service_affair_router.extend(bigint,integer,text,timestamptz) IS
  'service_affair.extend() with the same signature, run on the shard that numbered the task; the shard''s errors come back unchanged; 08006 naming the shard and its regions when the shard cannot be reached';
REVOKE EXECUTE ON FUNCTION service_affair_router.extend(bigint,integer,text,timestamptz) FROM PUBLIC;
INSERT INTO service_affair_router.api (function, proxy, target) VALUES
  ('service_affair_router.extend(bigint,integer,text,timestamptz)', 'service_affair_router.px_extend(text,bigint,integer,text,timestamptz)', 'service_affair.extend(bigint,integer,text,timestamptz)');


-- ---- the public progress lookup, from anywhere ---------------------------------------------
CREATE FUNCTION service_affair_router.px_case_progress(shard text, case_id bigint, identifier text)
    RETURNS TABLE (status text, stage integer, department text, due date, missing text[])
    LANGUAGE plproxy
    SET search_path = pg_catalog, pg_temp
AS $$
    CLUSTER service_affair_router.cluster(shard);
    RUN ON 0;
    SELECT p.status, p.stage, p.department, p.due, p.missing FROM service_affair.case_progress(case_id, identifier) p;
$$;
COMMENT ON FUNCTION service_affair_router.px_case_progress(text, bigint, text) IS
  'Internal: service_affair.case_progress() run on the named shard by PL/Proxy (as the calling role)';
REVOKE EXECUTE ON FUNCTION service_affair_router.px_case_progress(text, bigint, text) FROM PUBLIC;

CREATE FUNCTION service_affair_router.case_progress(case_id bigint, identifier text)
    RETURNS TABLE (status text, stage integer, department text, due date, missing text[])
    LANGUAGE plpgsql ROWS 2
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_shard text := service_affair_shard.shard_of_id(case_id);
BEGIN
    IF v_shard IS NULL THEN
        RETURN;  -- no shard numbers it: no rows, like an unknown case on a shard
    END IF;
    BEGIN
        RETURN QUERY SELECT * FROM service_affair_router.px_case_progress(v_shard, case_id, identifier);
    EXCEPTION WHEN OTHERS THEN
        IF service_affair_router.is_unreachable(SQLSTATE, SQLERRM) THEN
            PERFORM service_affair_router.unreachable(v_shard, NULL, SQLERRM);
        END IF;
        RAISE;
    END;
END
$$;
COMMENT ON FUNCTION service_affair_router.case_progress(bigint, text) IS
  'service_affair.case_progress() with the same signature, asked of the shard that numbered the case (case number div 10^12); no rows for a number no shard gives, as for an unknown case; 08006 naming the shard when it cannot be reached. The shard counts wrong pairs per session, and PL/Proxy shares one shard session per role and router backend: limit the rate of the public site on the router';
REVOKE EXECUTE ON FUNCTION service_affair_router.case_progress(bigint, text) FROM PUBLIC;
INSERT INTO service_affair_router.api (function, proxy, target) VALUES
  ('service_affair_router.case_progress(bigint,text)', 'service_affair_router.px_case_progress(text,bigint,text)', 'service_affair.case_progress(bigint,text)');
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA service_affair_router FROM PUBLIC;
