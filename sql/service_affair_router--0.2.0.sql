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
-- shard_for_id(), shard_for_department(), shard_for_complaint(),
-- shard_for_subject(), licence_shards()) and calls service_affair.<f> there
-- through the PL/Proxy function px_<f>; a call by id is asked of the shard
-- that numbered it, then of the shards its regions moved to (id_holder).
-- The shard's own errors come back with their SQLSTATE; a shard that cannot
-- be reached is 08006 naming the shard and the regions it serves; a call
-- routed by a region being moved is 55000 naming it.  The px_<f> are granted
-- with the router functions (PL/Proxy connects as current_user) and may be
-- called naming any shard: the shard itself refuses a write for a moving
-- region (service_affair_shard.writable_id(), writable_department(),
-- shard_case_home), so that refusal does not depend on the router.

\echo Use "CREATE EXTENSION service_affair_router" to load this file. \quit

-- the schemas are private to a superuser (service_affair.require_private_schema(), sql/parts/00_header.sql)
SELECT service_affair.require_private_schema('service_affair');
SELECT service_affair.require_private_schema('service_affair_shard');
SELECT service_affair.require_private_schema('service_affair_router');

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
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- the px_<f>() functions are granted with the router functions and may be
    -- called directly: a shard that names no PL/Proxy server is the caller's
    -- error, not PL/Proxy's internal one
    IF shard IS NULL THEN
        RAISE EXCEPTION 'shard must not be NULL'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'A PL/Proxy function of the router runs on the shard named by its first argument.';
    END IF;
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_foreign_server f JOIN pg_catalog.pg_foreign_data_wrapper w ON w.oid = f.srvfdw
                    WHERE f.srvname = shard AND w.fdwname = 'plproxy') THEN
        RAISE EXCEPTION 'no PL/Proxy server for shard %', service_affair.printable(pg_catalog.left(shard, 64))
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No foreign server of wrapper plproxy is named %s (CREATE SERVER <shard> FOREIGN DATA WRAPPER plproxy OPTIONS (p0 ''...'')).',
                                             pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(shard, 64))));
    END IF;
    RETURN shard;
END
$$;
COMMENT ON FUNCTION service_affair_router.cluster(text) IS
  'Internal: the PL/Proxy cluster of a shard (its foreign server, named as the shard); 22023 NULL, 23503 no PL/Proxy server of that name';

-- ---- which shard ---------------------------------------------------------------------
CREATE FUNCTION service_affair_router.competent_region(service text, identifier text, region text, point text,
    location_region text, as_uscc boolean) RETURNS text
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    i record;
    competent text;
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
            RAISE EXCEPTION 'unknown service %', service_affair.printable(pg_catalog.left(service, 64))
                USING ERRCODE = 'foreign_key_violation',
                      DETAIL = pg_catalog.format('No item or bundle has code %s.', pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(service, 64))));
        END IF;
        RETURN i.dept_region;
    END IF;
    IF i.basic_code IS NULL THEN
        RETURN i.dept_region;
    END IF;
    -- the competent region by the item's rule, as resolve_competence() in
    -- 42_tongban.sql decides it on the shard again, with the scope checks:
    -- receiving, the caller's own office (my_home_region()) before the
    -- item's department; the applicant's rule, the region its row gets
    -- (applicant_region_default(): characters 1-6 of a resident id, 3-8 of
    -- a USCC), read as a USCC when as_uscc.  Until 2026-12-05 the router
    -- skipped my_home_region() and always read an identifier valid as both
    -- as a resident id: an organisation's submission went to the shard of
    -- characters 1-6, or failed (23503 no shard serves region 913301);
    -- a review
    competent := CASE i.competence
        WHEN 'receiving' THEN COALESCE((SELECT p.region FROM service_affair.service_point p WHERE p.code = point),
                                       region, service_affair.my_home_region(), i.dept_region)
        WHEN 'property' THEN location_region
        ELSE CASE WHEN NOT as_uscc AND service_affair.is_valid_resident_id(identifier)
                  THEN service_affair.resident_id_region(identifier::service_affair.resident_id)
                  WHEN service_affair.is_valid_uscc(identifier)
                  THEN service_affair.uscc_region(identifier::service_affair.uscc) END END;
    IF competent IS NULL THEN
        RETURN i.dept_region;  -- the shard of the item raises the error
    END IF;
    -- the office handling it lies in the competent region: the item itself
    -- when its department lies there, else the item implementing the basic
    -- code there, which resolve_competence() takes only when it lies there
    -- (23503 otherwise, from that region's shard, naming the row).  Until
    -- 2026-12-07 the router went by the department of whatever item the
    -- item_implementation row named, also in the item's own region, where
    -- the shard takes the item itself: a row naming another region's item
    -- sent a valid submission to that region's shard first, which refused
    -- it (55000, another shard's office), and submit() asked again: a
    -- second round trip, and shard_for_submit() named the wrong shard (a
    -- review; scale_shards.pl)
    RETURN competent;
END
$$;
COMMENT ON FUNCTION service_affair_router.competent_region(text, text, text, text, text, boolean) IS
  'Internal: the region of the office that will handle a submission, from the router''s copy of the catalog, by resolve_competence()''s rule: the department of an item without basic code or of a bundle; else the item''s competence rule (receiving: the point''s region, region, the caller''s own office (my_home_region()), the department''s; property: location_region; residence, company: the region an applicant row of the identifier gets, characters 1-6 of a resident id, 3-8 of a USCC, read as a USCC when as_uscc), where the handling office lies (the item itself, or the one implementing the basic code there, which the shard takes only when it lies there); the shard decides again with the 通办 scope checks and refuses a case of another shard';
REVOKE EXECUTE ON FUNCTION service_affair_router.competent_region(text, text, text, text, text, boolean) FROM PUBLIC;

CREATE FUNCTION service_affair_router.shard_for_submit(service text, identifier text, region text, point text,
    location_region text, OUT shard text, OUT for_region text, OUT other_shard text, OUT other_region text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    r text := service_affair_router.competent_region(service, identifier, shard_for_submit.region, point, location_region, false);
    r2 text;
BEGIN
    -- eighteen characters valid as a resident id and as a USCC (one in about
    -- 30) name a person (region: characters 1-6) or an organisation (3-8):
    -- the shard holding the applicant row knows which (applicant_by_identifier()),
    -- the router does not.  The shard of the person's region is asked first
    -- and, when it knows no applicant of the identifier, the one of the
    -- organisation's (submit()); when no shard serves the person's region,
    -- the organisation's alone
    IF service_affair.is_valid_resident_id(identifier) AND service_affair.is_valid_uscc(identifier) THEN
        r2 := service_affair_router.competent_region(service, identifier, shard_for_submit.region, point, location_region, true);
        IF r2 IS NOT DISTINCT FROM r OR service_affair_shard.shard_of_region(r2) IS NULL THEN
            r2 := NULL;
        ELSIF service_affair_shard.shard_of_region(r) IS NULL THEN
            r := r2;
            r2 := NULL;
        ELSIF service_affair_shard.shard_of_region(r2) = service_affair_shard.shard_of_region(r) THEN
            r2 := NULL;
        END IF;
    END IF;
    shard := service_affair_shard.require_shard_of_region(r);
    for_region := COALESCE(r, '(none)');
    IF r2 IS NOT NULL THEN
        other_shard := service_affair_shard.shard_of_region(r2);
        other_region := r2;
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair_router.shard_for_submit(text, text, text, text, text) IS
  'The shard a submission goes to and the region that decided it (competent_region()); for an identifier valid as a resident id and as a USCC whose two readings fall to different shards, other_shard and other_region: the shard of the USCC''s reading, asked when the first knows no applicant of the identifier (NULL otherwise; the first is the USCC''s when no shard serves the resident id''s); 23503 naming the region when no shard serves it';
REVOKE EXECUTE ON FUNCTION service_affair_router.shard_for_submit(text, text, text, text, text) FROM PUBLIC;

CREATE FUNCTION service_affair_router.shard_for_id(id bigint, kind text, OUT shard text, OUT for_region text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- a NULL id is a bad argument (22023), as on a node, not an unknown one
    -- (shard_of_id() is strict: until 2026-12-04 the router answered 23503
    -- "unknown case" for it, a review)
    PERFORM service_affair.refuse_null_id(kind || ' id', id);
    shard := service_affair_shard.shard_of_id(id, kind);
    IF shard IS NULL THEN
        RAISE EXCEPTION 'unknown %', kind
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No shard numbers %s %s (shard number = id div %s).', kind, id,
                                             service_affair_shard.id_shard_span(kind));
    END IF;
    -- what the number says, nothing more: the region of an id is never
    -- asked here (granted to every caller of the router, this would tell
    -- anyone the region of any case number); while a region moves, the
    -- shard refuses the write itself (service_affair_shard.writable_id(),
    -- in every px_<f> by id), as the caller
    for_region := NULL;  -- unreachable() names the shard's regions, when needed
END
$$;
COMMENT ON FUNCTION service_affair_router.shard_for_id(bigint, text) IS
  'The shard that numbered a case, task, complaint, rating, credit event or applicant id (service_affair_shard.shard_of_id(): what the number says) and for_region NULL (the error of an unreachable shard names its regions); 22023 "<kind> id must not be null" for a NULL id, as on a node; 23503 when no shard numbers it; asks no shard and never tells an id''s region: while a region moves, the shard refuses a write of its cases (service_affair_shard.writable_id(), 55000)';
REVOKE EXECUTE ON FUNCTION service_affair_router.shard_for_id(bigint, text) FROM PUBLIC;

CREATE FUNCTION service_affair_router.id_holders(shard text) RETURNS text[]
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$ SELECT service_affair_shard.id_holders(shard) $$;
COMMENT ON FUNCTION service_affair_router.id_holders(text) IS
  'The shards a call for an id numbered by this shard is asked of, in turn: the shard, then those its regions moved to (service_affair_shard.id_holders())';
REVOKE EXECUTE ON FUNCTION service_affair_router.id_holders(text) FROM PUBLIC;

-- The shards regions moved from to this one, directly or through others
-- (id_holder rows naming it, followed back): where a complaint naming no
-- case, received before its region moved here, stays with its request key
-- (receive_complaint() asks them for the key first).  A superset is
-- harmless: a shard that has no key of the caller's answers NULL.
CREATE FUNCTION service_affair_router.key_sources(shard text) RETURNS text[]
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    WITH RECURSIVE src (name) AS (
        SELECT s.name FROM service_affair_shard.id_holder h JOIN service_affair_shard.shard s ON s.number = h.number
         WHERE h.shard = key_sources.shard AND s.name <> key_sources.shard
        UNION
        SELECT s.name FROM src JOIN service_affair_shard.id_holder h ON h.shard = src.name
          JOIN service_affair_shard.shard s ON s.number = h.number
         WHERE s.name <> key_sources.shard
    )
    SELECT COALESCE(pg_catalog.array_agg(src.name ORDER BY src.name), '{}') FROM src
$$;
COMMENT ON FUNCTION service_affair_router.key_sources(text) IS
  'Internal: the shards whose regions moved to this shard, directly or through others (id_holder followed back), by name; empty when none: receive_complaint() asks them for the caller''s request key of a complaint naming no case (it stays on the shard that received it) before the call goes to this shard';
REVOKE EXECUTE ON FUNCTION service_affair_router.key_sources(text) FROM PUBLIC;

CREATE FUNCTION service_affair_router.numbering_shard(id bigint) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$ SELECT service_affair_shard.shard_of_id(id, 'case') $$;
COMMENT ON FUNCTION service_affair_router.numbering_shard(bigint) IS
  'The shard that numbered a case number (service_affair_shard.shard_of_id(id, ''case'')), NULL for none: for callers without access to the shard map';
REVOKE EXECUTE ON FUNCTION service_affair_router.numbering_shard(bigint) FROM PUBLIC;

CREATE FUNCTION service_affair_router.shards() RETURNS SETOF text
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$ SELECT h.name FROM service_affair_shard.shard h ORDER BY h.name $$;
COMMENT ON FUNCTION service_affair_router.shards() IS
  'The shards of the map, by name (complaint_sla_sweep() runs on each): for callers without access to the shard map';
REVOKE EXECUTE ON FUNCTION service_affair_router.shards() FROM PUBLIC;

CREATE FUNCTION service_affair_router.shard_for_department(department text, OUT shard text, OUT for_region text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    SELECT d.region INTO for_region FROM service_affair.department d WHERE d.code = department;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown department %', COALESCE(service_affair.printable(pg_catalog.left(department, 64)), 'NULL')
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No department has code %s.', COALESCE(pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(department, 64))), 'NULL'));
    END IF;
    shard := service_affair_shard.require_shard_of_region(for_region);
    for_region := COALESCE(for_region, '(none)');
END
$$;
COMMENT ON FUNCTION service_affair_router.shard_for_department(text) IS
  'The shard serving a department''s region, and that region; 23503 unknown department or no shard for its region';
REVOKE EXECUTE ON FUNCTION service_affair_router.shard_for_department(text) FROM PUBLIC;

CREATE FUNCTION service_affair_router.shard_for_complaint(case_id bigint, applicant bigint, department text, item text,
    OUT shard text, OUT for_region text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- the node's first check, before the case is looked up (until
    -- 2026-12-04 an anonymous complaint naming a case number no shard gives
    -- was 23503 unknown case here, 22023 on a node; a review)
    PERFORM service_affair.refuse_anonymous_case(case_id, applicant);
    -- the case and the applicant are rows of one shard (the complaint
    -- references them): their shard, whatever department is named
    IF case_id IS NOT NULL THEN
        SELECT r.shard, r.for_region INTO shard, for_region FROM service_affair_router.shard_for_id(case_id, 'case') r;
        RETURN;
    END IF;
    IF applicant IS NOT NULL THEN
        SELECT r.shard, r.for_region INTO shard, for_region FROM service_affair_router.shard_for_id(applicant, 'applicant') r;
        RETURN;
    END IF;
    -- else the department complained about, or the item's department
    IF department IS NOT NULL THEN
        SELECT r.shard, r.for_region INTO shard, for_region FROM service_affair_router.shard_for_department(department) r;
        RETURN;
    END IF;
    IF item IS NOT NULL THEN
        SELECT r.shard, r.for_region INTO shard, for_region
          FROM service_affair.item i, service_affair_router.shard_for_department(i.department) r
         WHERE i.code = shard_for_complaint.item;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'unknown item'
                USING ERRCODE = 'foreign_key_violation',
                      DETAIL = pg_catalog.format('No item has code %s.', pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(item, 64))));
        END IF;
        RETURN;
    END IF;
    -- nothing named: the default shard (the empty prefix of shard_region)
    shard := service_affair_shard.shard_of_region(NULL);
    IF shard IS NULL THEN
        RAISE EXCEPTION 'a complaint names no case, applicant, department or item'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The router places a complaint on the shard of its case, applicant, department or item, else on the default shard (the empty prefix of service_affair_shard.shard_region), and the shard map has no default.',
                  HINT = 'Name the department complained about.';
    END IF;
    for_region := '(default)';
END
$$;
COMMENT ON FUNCTION service_affair_router.shard_for_complaint(bigint, bigint, text, text) IS
  'The shard a new complaint goes to (22023 first for a case named without its applicant: refuse_anonymous_case(), as on a node): the shard that numbered its case, else its applicant (the complaint references them), else the shard of the department complained about, else of the item''s department, else the default shard (empty prefix); 23503 unknown case, applicant, department or item; 22023 nothing named and no default shard';
REVOKE EXECUTE ON FUNCTION service_affair_router.shard_for_complaint(bigint, bigint, text, text) FROM PUBLIC;

CREATE FUNCTION service_affair_router.shard_for_subject(subject text, OUT shard text, OUT for_region text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    -- the kind a prefix names, in any case, as the shard's
    -- credit_subject_key() reads it
    kind text := pg_catalog.lower(pg_catalog.substring(subject, '(?i)^(person|org):'));
    v text;
BEGIN
    IF subject IS NULL THEN  -- as record_credit_event() on the shard
        RAISE EXCEPTION 'credit subject required'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'A manual credit event names its subject: a USCC or a resident id.';
    END IF;
    -- the subject as the shard reads it (credit_subject_key(), the rule's
    -- one home): a kind named reads the identifier as that kind alone
    -- (person:<resident id> goes to the shard of characters 1-6, the
    -- person's, even when they are a valid USCC too: until 2026-12-07 it
    -- went to the shard of characters 3-8, the company's reading, where the
    -- person is not; a review), and 22P02 when it is not valid as that kind;
    -- an identifier valid as one kind only is of that kind.  Characters
    -- valid as both, without a kind, are the kind of whoever holds them on
    -- the shard, which the router does not know: the USCC's region code,
    -- else the resident id's when no shard serves the USCC's
    -- (subject_region(); until 2026-12-05 23503 no shard serves region
    -- 010619 for such a person of 330106; a review)
    IF kind IS NULL THEN
        v := service_affair.credit_subject(subject);  -- 22P02 as on the shard
    END IF;
    IF kind IS NOT NULL OR NOT (service_affair.is_valid_uscc(v) AND service_affair.is_valid_resident_id(v)) THEN
        SELECT k.subject_kind, k.subject INTO kind, v FROM service_affair.credit_subject_key(subject) k;  -- 22P02 as on the shard
    END IF;
    for_region := service_affair_shard.subject_region(v, kind);
    shard := service_affair_shard.require_shard_of_region(for_region);
END
$$;
COMMENT ON FUNCTION service_affair_router.shard_for_subject(text) IS
  'The shard a manual credit event goes to: the one serving the region code in the subject''s resident id for person:<resident id>, in its USCC for org:<USCC> (the prefix in any case), and without a prefix in its USCC, or in its resident id when no shard serves the USCC''s (service_affair_shard.subject_region(), the shard''s subject_prefix()); 22P02 neither a USCC nor a resident id, or not valid as the kind named, 22023 NULL, 23503 no shard serves the region';
REVOKE EXECUTE ON FUNCTION service_affair_router.shard_for_subject(text) FROM PUBLIC;

CREATE FUNCTION service_affair_router.licence_shards(number text)
    RETURNS TABLE (shard text, for_region text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER ROWS 1
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t record;
    p text;
    m text[];
    regions text[] := '{}';
    served text[];
BEGIN
    -- the {region} of every registered number format the number matches
    -- (numbers are issued on the shard serving their {region}: see
    -- service_affair_shard.licence_region())
    IF pg_catalog.octet_length(number) <= 300 THEN
        FOR t IN SELECT e.code, e.number_format FROM service_affair.evidence_type e
                  WHERE pg_catalog.strpos(e.number_format, '{region}') > 0 ORDER BY e.code LOOP
            p := pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(t.number_format,
                     '{type}', E'\x01'), '{region}', E'\x02'), '{year}', E'\x03'), '{seq}', E'\x04');
            p := pg_catalog.regexp_replace(p, E'([].^$*+?()[{}|\\\\])', E'\\\\\\1', 'g');
            p := pg_catalog.replace(p, E'\x01', pg_catalog.regexp_replace(t.code, E'([].^$*+?()[{}|\\\\])', E'\\\\\\1', 'g'));
            -- the first {region} captures; later ones must be digits too
            p := pg_catalog.regexp_replace(p, E'\x02', '([0-9]{6})');
            p := pg_catalog.replace(p, E'\x02', '[0-9]{6}');
            -- {year} as licence_number() writes it (src/licence.c: "%d", no
            -- padding: 1 to 4 digits for the years 1 to 9999; until
            -- 2026-12-05 exactly 4 here, and a number of a year before 1000
            -- was asked of every shard)
            p := pg_catalog.replace(pg_catalog.replace(p, E'\x03', '[0-9]{1,4}'), E'\x04', '[0-9]{6,}');
            m := pg_catalog.regexp_match(number, '^' || p || '$');
            IF m IS NOT NULL AND NOT m[1] = ANY (regions) THEN
                regions := regions || m[1];
            END IF;
        END LOOP;
    END IF;
    -- a region no shard serves now: no shard of the map numbers in it, but
    -- one may hold such a number (a prefix removed from the map since it
    -- was issued), so every shard is asked, as for a number no format
    -- explains, and a number none issued is unknown, as on a single node.
    -- Until 2026-12-07 such a region raised 23503 (no shard serves region),
    -- where a single node answers unknown for a number it never issued (a
    -- review; scale_shards.pl).  A region being moved keeps its 55000
    -- (require_shard_of_region()): the answer is there in a few minutes,
    -- and unknown meanwhile would be false
    served := ARRAY(SELECT r FROM pg_catalog.unnest(regions) r
                     WHERE service_affair_shard.shard_of_region(r) IS NOT NULL ORDER BY r);
    IF pg_catalog.cardinality(served) < pg_catalog.cardinality(regions) THEN
        RETURN QUERY SELECT DISTINCT ON (s) s, r
                       FROM pg_catalog.unnest(served) r, service_affair_shard.require_shard_of_region(r) s
                      ORDER BY s, r;
        RETURN QUERY SELECT h.name, NULL::text FROM service_affair_shard.shard h
                      WHERE NOT h.name = ANY (ARRAY(SELECT service_affair_shard.shard_of_region(r) FROM pg_catalog.unnest(served) r))
                      ORDER BY h.number;
    ELSIF pg_catalog.cardinality(regions) > 0 THEN
        RETURN QUERY SELECT DISTINCT ON (s) s, r
                       FROM pg_catalog.unnest(regions) r, service_affair_shard.require_shard_of_region(r) s
                      ORDER BY s, r;
    ELSE
        -- a number no format with {region} explains: every shard
        RETURN QUERY SELECT h.name, NULL::text FROM service_affair_shard.shard h ORDER BY h.number;
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair_router.licence_shards(text) IS
  'The shards verify_licence() asks about a licence number: the shard serving the {region} of every registered number format (evidence_type.number_format with {region}) the number matches; every shard when none matches; when no shard serves a matched region, the shards serving the others and then every other shard (for_region NULL); 55000 when a matched region is being moved';
REVOKE EXECUTE ON FUNCTION service_affair_router.licence_shards(text) FROM PUBLIC;

-- ---- a shard that cannot be reached ------------------------------------------------------
CREATE FUNCTION service_affair_router.is_in_doubt(state text, message text) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    -- PL/Proxy's own errors after the call was sent to the shard: the
    -- connection lost while waiting for the result (PQconsumeInput, PQflush:
    -- "server closed the connection unexpectedly"), its query_timeout, a
    -- result lost.  The shard may have run the call, and committed it: the
    -- connection can drop between the shard's commit and its answer (a shard
    -- terminated while its commit waits for a synchronous standby commits
    -- locally and closes the connection).  Until 2026-12-05 these were 08006
    -- "the call was not run ... retry", and a retried submit() made a second
    -- case (a review).  Not a shard's own error (those read "] REMOTE
    -- ERROR: " and keep their SQLSTATE), nor a failure to connect.
    -- And the shard's session ended under the call: its backend terminated
    -- (pg_terminate_backend(), a fast shutdown, a failover: 57P01), the
    -- server restarting after a crash (57P02), its database dropped (57P04),
    -- sent by the shard as FATAL and passed through by PL/Proxy with its
    -- SQLSTATE ("] REMOTE FATAL: "; the word is the shard's lc_messages, so
    -- the SQLSTATE decides).  Until 2026-12-05 it reached the caller as
    -- 57P01, unclassified (a review).  A FATAL of a cached connection
    -- terminated while idle arrives the same way, for a call the shard never
    -- ran: in doubt too, the safe side.
    -- And the router's own cancel of the call (query_canceled, 57014: its
    -- statement_timeout, pg_cancel_backend(), a client's cancel request):
    -- PL/Proxy sends the shard a cancel request, which may arrive after the
    -- shard committed (a commit waiting for a synchronous standby is
    -- cancelled committed).  The write handlers catch it (WHEN OTHERS OR
    -- query_canceled: WHEN OTHERS alone does not), and until 2026-12-05 it
    -- reached the caller as 57014, unclassified (a review).  The router
    -- cannot tell a cancel while PL/Proxy still connects (nothing sent)
    -- from one after: in doubt, the safe side.  Not the shard's own 57014
    -- (its statement_timeout: rolled back there), which PL/Proxy passes
    -- through with its prefix.  Reads do not catch it: 57014, as it came.
    SELECT (state = 'XX000'
            AND message ~ E'^PL/Proxy function [^ ]+\\([0-9]+\\): (\\[[^]]*\\] (PQconsumeInput|PQflush): |query timeout$|Lost result$|Unfinished connection)')
        OR (state IN ('57P01', '57P02', '57P04', '57P05')
            AND message ~ E'^(PL/Proxy function )?[^ ]+\\([0-9]+\\): \\[[^]]*\\] REMOTE ')
        OR (state = '57014'
            AND message !~ E'^(PL/Proxy function )?[^ ]+\\([0-9]+\\): \\[[^]]*\\] REMOTE ')
$$;
COMMENT ON FUNCTION service_affair_router.is_in_doubt(text, text) IS
  'Internal: whether an error of a PL/Proxy call says the connection to the shard was lost after the call was sent (PQconsumeInput, PQflush, query timeout, lost result), the shard''s session ended under it (its FATAL 57P01, 57P02, 57P04, 57P05 passed through) or the router cancelled it (its own 57014: statement_timeout, pg_cancel_backend(); not the shard''s 57014): the shard may have run and committed it; unreachable() then raises 08007 for a write, 08006 for a read lost (a read cancelled keeps its 57014), never the shard''s FATAL nor 08006 "not run"';

CREATE FUNCTION service_affair_router.is_unreachable(state text, message text) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    -- PL/Proxy raises its own errors, a failed connection among them, as
    -- XX000 ("PL/Proxy function f(n): [db] PQconnectStart: ..."), and passes
    -- a shard's error through with the shard's SQLSTATE: the libpq messages
    -- are looked for in the former only (until 2026-12-04 in any error, so
    -- a shard's 42501 or 22023 whose message echoed an argument reading
    -- "Connection refused" became 08006 "nothing was run"; a review)
    -- PL/Proxy's failures to connect (PQconnectStart, PQconnectPoll: a host
    -- name not resolved reads none of the words above) and its connect
    -- timeout, whose message is the whole connection string: raised as they
    -- came, they handed any caller the shard's address (until 2026-12-05; a
    -- review)
    SELECT state LIKE '08%'
        OR (state = 'XX000'
            AND message ~ '(could not connect|connection to server|server closed the connection|Connection refused|No such file or directory|connection not open|terminating connection)')
        OR (state = 'XX000'
            AND message ~ E'^PL/Proxy function [^ ]+\\([0-9]+\\): (\\[[^]]*\\] PQconnect(Start|Poll): |connect timeout to: )')
        OR service_affair_router.is_in_doubt(state, message)
$$;
COMMENT ON FUNCTION service_affair_router.is_unreachable(text, text) IS
  'Internal: whether an error of a PL/Proxy call says the shard could not be reached (SQLSTATE class 08, or PL/Proxy''s own XX000 with a libpq connection message, of PQconnectStart or PQconnectPoll, or its connect timeout, or lost after the call was sent: is_in_doubt()), as opposed to an error the shard raised (passed through with its SQLSTATE)';

CREATE FUNCTION service_affair_router.unreachable(shard text, region text, message text,
                                                  answered_by text DEFAULT NULL, answer text DEFAULT NULL,
                                                  read_only boolean DEFAULT false, state text DEFAULT 'XX000') RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    -- the LOG below goes to the server log only, whatever client_min_messages
    -- the caller chose (errors reach the client at any setting)
    SET client_min_messages = error
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_doubt boolean := service_affair_router.is_in_doubt(state, message);
    v_cancel boolean := v_doubt AND state = '57014';  -- the router's own cancel (is_in_doubt())
    v_cause text;
BEGIN
    IF v_cancel AND NOT read_only THEN
        -- a write the router cancelled (its statement_timeout, a user's
        -- cancel) after PL/Proxy sent it: the cancel request PL/Proxy sends
        -- the shard may come after the commit there (until 2026-12-05 the
        -- caller got 57014, unclassified; a review).  The message is the
        -- router's own ("canceling statement due to statement timeout"): no
        -- address, told to every caller, nothing logged
        RAISE EXCEPTION 'the outcome of the call on shard % serving region % is unknown', service_affair.printable(pg_catalog.left(shard, 64)),
                        COALESCE(pg_catalog.left(region, 64), service_affair_shard.shard_regions(shard))
            USING ERRCODE = 'transaction_resolution_unknown',
                  DETAIL = pg_catalog.format('The call was cancelled on the router (%s) after it was sent to shard %s (regions %s): it may have been run and committed there.',
                                             pg_catalog.left(message, 100), pg_catalog.left(shard, 64), service_affair_shard.shard_regions(shard)),
                  HINT = 'Repeat a submit(), receive_complaint(), rate() or record_credit_event() with the same request_key: the shard returns the case, complaint, rating or credit event the first call made, if it made one, and records nothing twice. Look any other result up on the shard (the task, say) before repeating the call: a submit(), receive_complaint() or record_credit_event() without a request_key may record it twice.';
    END IF;
    -- The message (libpq's, or PL/Proxy's with the connection string) names
    -- the shard's host, port or socket: it goes to the router's server log,
    -- and into the DETAIL only for an administrator; any other caller (the
    -- public role calls case_progress() and verify_licence()) is told the
    -- shard's name and regions (until 2026-12-05 every caller got the libpq
    -- message; a review)
    -- (every argument bounded and stripped of control characters: every
    -- group role may call this function, and a line of the server log is
    -- not theirs to shape; a review)
    RAISE LOG 'service_affair_router: shard % not reached by a call of role %: % %',
              pg_catalog.regexp_replace(pg_catalog.left(shard, 64), '[[:cntrl:]]+', ' ', 'g'),
              pg_catalog.quote_ident(service_affair.actor()),
              pg_catalog.regexp_replace(pg_catalog.left(state, 5), '[^0-9A-Z]', '?', 'g'),
              pg_catalog.regexp_replace(pg_catalog.left(message, 1000), '[[:cntrl:]]+', ' ', 'g');
    v_cause := CASE WHEN service_affair.acts_as('admin') THEN pg_catalog.left(message, 300)
                    ELSE '(the cause is in the router''s server log)' END;
    -- a read (read_only: case_progress(), verify_licence()) lost after it
    -- was sent wrote nothing: the shard is unavailable to it, 08006, never
    -- 08007 and its advice on request keys (until 2026-12-05 08007)
    IF v_doubt AND NOT read_only THEN
        -- the call reached the shard: it may have been run (is_in_doubt())
        RAISE EXCEPTION 'the outcome of the call on shard % serving region % is unknown', service_affair.printable(pg_catalog.left(shard, 64)),
                        COALESCE(pg_catalog.left(region, 64), service_affair_shard.shard_regions(shard))
            USING ERRCODE = 'transaction_resolution_unknown',
                  DETAIL = pg_catalog.format('The connection to shard %s (regions %s) was lost after the call was sent: it may have been run and committed there. %s',
                                             pg_catalog.left(shard, 64), service_affair_shard.shard_regions(shard), v_cause),
                  HINT = 'Repeat a submit(), receive_complaint(), rate() or record_credit_event() with the same request_key: the shard returns the case, complaint, rating or credit event the first call made, if it made one, and records nothing twice. Look any other result up on the shard (the task, say) before repeating the call: a submit(), receive_complaint() or record_credit_event() without a request_key may record it twice.';
    END IF;
    RAISE EXCEPTION 'shard % serving region % is unavailable', service_affair.printable(pg_catalog.left(shard, 64)),
                    COALESCE(pg_catalog.left(region, 64), service_affair_shard.shard_regions(shard))
        USING ERRCODE = 'connection_failure',
              DETAIL = pg_catalog.format(CASE WHEN v_doubt
                                              THEN 'The read was not answered (it writes nothing): the connection to shard %s (regions %s) was lost: %s'
                                              ELSE 'The call was not run: PL/Proxy could not reach shard %s (regions %s): %s' END,
                                         pg_catalog.left(shard, 64), service_affair_shard.shard_regions(shard), v_cause)
                       || CASE WHEN answered_by IS NOT NULL THEN
                              -- the answer of a holder that does not know the id or
                              -- refuses it (the same words: it tells nothing more)
                              pg_catalog.format(' Shard %s, also asked, refused it: %s; shard %s may hold it.',
                                                pg_catalog.left(answered_by, 64),
                                                pg_catalog.left(pg_catalog.regexp_replace(answer, '^.*REMOTE ERROR: ', ''), 300),
                                                pg_catalog.left(shard, 64))
                          ELSE '' END,
              HINT = 'Calls for other regions keep working; retry when the shard is back.';
END
$$;
COMMENT ON FUNCTION service_affair_router.unreachable(text, text, text, text, text, boolean, text) IS
  'Internal: raise 08006 naming the unreachable shard and the region the call was for (NULL: the regions the shard serves), nothing was run there; or, when state and message say the connection was lost after the call was sent, the shard''s session ended under it or the router cancelled it (57014; is_in_doubt()), 08007: the call may have been run there, unless read_only (a read: nothing was written, 08006); answered_by, answer: another holder of the id that refused it as unknown (or with the 42501 that reads the same), quoted in the DETAIL (next_holder()); the message itself (libpq''s: the shard''s host, port or socket) goes to the server log (LOG) and into the DETAIL for an administrator only';

-- ---- the holders of an id, in turn ---------------------------------------------------------
-- The router's functions by id ask the holders of the id in turn
-- (id_holders(): the numbering shard, then the shards its regions moved to).
-- One home for what a holder's error means, and so for which error the
-- caller gets (doc/scale.md, "Routing after the move"):
--  * "unknown": 23503 'unknown <kind>', or, where the shard answers an
--    unknown id to anybody but an administrator with the 42501 it gives for
--    another's (unknown_refused; complaints, tasks, and the functions by
--    case number, require_case()'s: the same words, a shard tells no one
--    which ids exist), that 42501.
--    The router cannot tell such a 42501 from a real refusal of a row the
--    shard holds. The next holder is asked; after the last, its answer.
--  * not reached (is_unreachable()): remembered, and the next holder asked.
--    When no holder answers but "unknown", 08006 naming the first holder
--    not reached, whose DETAIL quotes the first refusal met: that holder may
--    hold the row, and a 42501 met before it may be the "unknown" of a
--    shard that no longer holds it (every reviewer of a moved region acting
--    on its tasks would be told he may not while the new shard is down):
--    a refusal that may be wrong is not turned into a final one; retried,
--    the call gets the answer of the shard holding the row. Until
--    2026-12-05 the router raised 08006 at the first holder not reached,
--    without asking the next ones nor quoting an earlier refusal.
--  * anything else (55000 while the row's region moves or of a wrong
--    state, 22023 …): only a shard holding the row answers so (writable_id()
--    finds the row's region there): raised at once, whatever was met before.
CREATE FUNCTION service_affair_router.next_holder(kind text, unknown_refused boolean, holders text[], i integer,
                                                  region text, state text, message text,
                                                  INOUT seen text[], OUT go_on boolean, read_only boolean DEFAULT false)
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- seen: {first holder not reached, its message, first holder refusing as
    -- unknown, its message, the SQLSTATE of the first not reached}
    seen := COALESCE(seen, ARRAY[NULL, NULL, NULL, NULL]::text[]);
    IF read_only AND state = '57014' THEN
        -- a read the router cancelled (its statement_timeout, a user's
        -- cancel) ends there, the next holder not asked: the caller re-raises
        -- the 57014 (case_progress() does not catch it; this is the one home)
        go_on := false;
        RETURN;
    END IF;
    IF service_affair_router.is_in_doubt(state, message) AND NOT read_only THEN
        -- this holder received the call and may have run it: no other
        -- holder is asked, 08007 at once (unreachable()).  A read
        -- (read_only: case_progress()) wrote nothing: a holder lost after
        -- it was sent is one not reached (is_unreachable()), the next is
        -- asked, 08006 after the last (until 2026-12-05 08007 at once)
        PERFORM service_affair_router.unreachable(holders[i], region, message, state => state);
    END IF;
    IF service_affair_router.is_unreachable(state, message) THEN
        IF seen[1] IS NULL THEN
            seen[1] := holders[i];
            seen[2] := message;
            seen[5] := state;
        END IF;
    ELSIF (state = '23503' AND message ~ ('unknown ' || kind || '$'))
       OR (unknown_refused AND state = '42501' AND message ~ ('permission denied for ' || kind || ' [0-9]+$')) THEN
        IF seen[3] IS NULL THEN
            seen[3] := holders[i];
            seen[4] := message;
        END IF;
    ELSE
        go_on := false;  -- the answer of a shard holding the row
        RETURN;
    END IF;
    IF i < pg_catalog.cardinality(holders) THEN
        go_on := true;
        RETURN;
    END IF;
    IF seen[1] IS NOT NULL THEN
        PERFORM service_affair_router.unreachable(seen[1], region, seen[2], seen[3], seen[4], read_only,
                                                  COALESCE(seen[5], 'XX000'));
    END IF;
    go_on := false;  -- every holder said unknown: the last one's answer (the same words)
END
$$;
COMMENT ON FUNCTION service_affair_router.next_holder(text, boolean, text[], integer, text, text, text, text[], boolean) IS
  'Internal: after holder i of an id (holders: id_holders()) failed with state and message, whether the router asks the next holder (go_on), remembering in seen the first holder not reached (with its message and SQLSTATE) and the first refusal as unknown (23503 unknown <kind>; with unknown_refused the 42501 permission denied for <kind> N, the same words); after the last holder, 08006 naming the first not reached (unreachable(), quoting the refusal) if any; false: the caller re-raises the error (a shard holding the row answered, or every holder said unknown); a connection lost after the call was sent (is_in_doubt()): 08007 at once, unless read_only (a read, which wrote nothing: a holder not reached)';

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
                                  'service_affair_router.shard_for_complaint(bigint, bigint, text, text), '
                                  'service_affair_router.shard_for_subject(text), service_affair_router.licence_shards(text), '
                                  'service_affair_router.id_holders(text), service_affair_router.numbering_shard(bigint), '
                                  'service_affair_router.shards(), '
                                  'service_affair_router.is_unreachable(text, text), service_affair_router.is_in_doubt(text, text), service_affair_router.unreachable(text, text, text, text, text, boolean, text), '
                                  'service_affair_router.next_holder(text, boolean, text[], integer, text, text, text, text[], boolean), '
                                  'service_affair_router.cluster(text) TO %I', g.grantee);
        -- PL/Proxy needs USAGE on the shards' servers
        FOR s IN SELECT f.srvname FROM pg_catalog.pg_foreign_server f
                   JOIN pg_catalog.pg_foreign_data_wrapper w ON w.oid = f.srvfdw AND w.fdwname = 'plproxy'
                   JOIN service_affair_shard.shard h ON h.name = f.srvname LOOP
            EXECUTE pg_catalog.format('GRANT USAGE ON FOREIGN SERVER %I TO %I', s, g.grantee);
        END LOOP;
        -- a keyed receive_complaint() naming no case asks the shards its
        -- region came from for the key first (px_keyed_complaint())
        IF g.function::pg_catalog.regprocedure = 'service_affair_router.receive_complaint(text,text,text,timestamptz,bigint,text,text,text,bigint,text,text)'::pg_catalog.regprocedure THEN
            EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION service_affair_router.key_sources(text), '
                                      'service_affair_router.px_keyed_complaint(text, text, text, text, text, text, text, bigint, text, text) TO %I', g.grantee);
        END IF;
    END LOOP;
END
$$;
COMMENT ON FUNCTION service_affair_router.create_roles() IS
  'service_affair.create_roles(), then each group role may call the router functions mirroring the functions role_grant grants it, and use the shards'' PL/Proxy servers (a role that may call receive_complaint() also key_sources() and px_keyed_complaint()); run again after adding a shard; idempotent';
REVOKE EXECUTE ON FUNCTION service_affair_router.create_roles() FROM PUBLIC;

-- ---- the write API ---------------------------------------------------------------------------
CREATE FUNCTION service_affair_router.px_submit(shard text, service text, identifier text, materials text[], channel text, commitments text[], at timestamptz, region text, point text, agent text, location_region text, request_key text) RETURNS bigint
    LANGUAGE plproxy
    SET search_path = pg_catalog, pg_temp
AS $$
    CLUSTER service_affair_router.cluster(shard);
    RUN ON 0;
    SELECT service_affair.submit(service, identifier, materials, channel, commitments, at, region, point, agent, location_region, request_key) AS px_submit;
$$;
COMMENT ON FUNCTION service_affair_router.px_submit(text, text,text,text[],text,text[],timestamptz,text,text,text,text,text) IS
  'Internal: service_affair.submit() run on the named shard by PL/Proxy (as the calling role); the shard refuses a case of a region that is moving (trigger shard_case_home, 55000), whoever names the shard';
REVOKE EXECUTE ON FUNCTION service_affair_router.px_submit(text, text,text,text[],text,text[],timestamptz,text,text,text,text,text) FROM PUBLIC;

CREATE FUNCTION service_affair_router.submit(service text, identifier text, materials text[], channel text DEFAULT 'window', commitments text[] DEFAULT '{}', at timestamptz DEFAULT pg_catalog.now(), region text DEFAULT NULL, point text DEFAULT NULL, agent text DEFAULT NULL, location_region text DEFAULT NULL, request_key text DEFAULT NULL)
    RETURNS bigint
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_shard text;
    v_where text;
    v_other text[];
    v_asked text[] := '{}';
    v_alt text[];
BEGIN
    SELECT r.shard, r.for_region, CASE WHEN r.other_shard IS NOT NULL THEN ARRAY[r.other_region, r.other_shard] END
      INTO v_shard, v_where, v_alt
      FROM service_affair_router.shard_for_submit(service, identifier, region, point, location_region) r;
    LOOP
        BEGIN
            -- the request key goes with the call: repeated after 08007 (the
            -- outcome unknown), the shard returns the case it made, if it did
            RETURN service_affair_router.px_submit(v_shard, service, identifier, materials, channel, commitments, at, region, point, agent, location_region, request_key);
        EXCEPTION WHEN OTHERS OR query_canceled THEN
            IF service_affair_router.is_unreachable(SQLSTATE, SQLERRM) THEN
                PERFORM service_affair_router.unreachable(v_shard, v_where, SQLERRM, state => SQLSTATE);
            END IF;
            -- the shard resolved the competence to an office of another
            -- shard (an applicant registered away from the region code of
            -- its identifier, which the router cannot see): ask that shard,
            -- once; the refusing shard wrote nothing
            v_other := CASE WHEN SQLSTATE = '55000' THEN
                pg_catalog.regexp_match(SQLERRM, E'case of region ([0-9]{6}|\\(none\\)) belongs to shard ([a-z][a-z0-9_]*)') END;
            -- an identifier valid as a resident id and as a USCC the first
            -- shard knows no applicant of: the shard of its other reading
            -- (shard_for_submit()), once
            IF SQLSTATE = '23503' AND SQLERRM ~ 'REMOTE ERROR: unknown applicant$' AND v_alt IS NOT NULL THEN
                v_other := v_alt;
                v_alt := NULL;
            END IF;
            IF SQLSTATE NOT IN ('55000', '23503') OR v_other IS NULL OR v_other[2] = ANY (v_asked || v_shard) THEN
                RAISE;
            END IF;
        END;
        v_asked := v_asked || v_shard;
        v_shard := v_other[2];
        v_where := v_other[1];
    END LOOP;
END
$$;
COMMENT ON FUNCTION service_affair_router.submit(text,text,text[],text,text[],timestamptz,text,text,text,text,text) IS
  'service_affair.submit() with the same signature, run on the shard of the competent office (shard_for_submit()); when that shard resolves the competence to another shard''s office (55000 from shard_case_home: an applicant registered away from its identifier''s region code), asked of that shard once; for an identifier valid as a resident id and as a USCC that the first shard knows no applicant of (23503 unknown applicant), the shard of its other reading (shard_for_submit()''s other_shard), once; the shard''s errors come back unchanged; 08006 naming the shard and its regions when the shard cannot be reached, 08007 when the connection was lost after the call was sent (repeat it with the same request_key, which goes to the shard with the call)';
REVOKE EXECUTE ON FUNCTION service_affair_router.submit(text,text,text[],text,text[],timestamptz,text,text,text,text,text) FROM PUBLIC;
INSERT INTO service_affair_router.api (function, proxy, target) VALUES
  ('service_affair_router.submit(text,text,text[],text,text[],timestamptz,text,text,text,text,text)', 'service_affair_router.px_submit(text,text,text,text[],text,text[],timestamptz,text,text,text,text,text)', 'service_affair.submit(text,text,text[],text,text[],timestamptz,text,text,text,text,text)');

CREATE FUNCTION service_affair_router.px_supplement(shard text, case_id bigint, materials text[], at timestamptz, channel text) RETURNS text
    LANGUAGE plproxy
    SET search_path = pg_catalog, pg_temp
AS $$
    CLUSTER service_affair_router.cluster(shard);
    RUN ON 0;
    SELECT service_affair.supplement(w.id, materials, at, channel) AS px_supplement FROM service_affair_shard.writable_id('case', case_id) w(id);
$$;
COMMENT ON FUNCTION service_affair_router.px_supplement(text, bigint,text[],timestamptz,text) IS
  'Internal: service_affair.supplement() run on the named shard by PL/Proxy (as the calling role), on the id service_affair_shard.writable_id() returns there (55000 while the region of its case is moving, whoever names the shard)';
REVOKE EXECUTE ON FUNCTION service_affair_router.px_supplement(text, bigint,text[],timestamptz,text) FROM PUBLIC;

CREATE FUNCTION service_affair_router.supplement(case_id bigint, materials text[], at timestamptz DEFAULT pg_catalog.now(), channel text DEFAULT 'online')
    RETURNS text
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_shard text;
    v_where text;
    v_holders text[];
    v_seen text[];
    v_go_on boolean;
BEGIN
    SELECT r.shard, r.for_region INTO v_shard, v_where FROM service_affair_router.shard_for_id(case_id, 'case') r;
    v_holders := service_affair_router.id_holders(v_shard);
    FOR i IN 1 .. pg_catalog.cardinality(v_holders) LOOP
        v_shard := v_holders[i];
        BEGIN
            RETURN service_affair_router.px_supplement(v_shard, case_id, materials, at, channel);
        EXCEPTION WHEN OTHERS OR query_canceled THEN
            -- unknown here (23503, or the 42501 of another's case: the same
            -- words to anybody but an administrator, require_case()): the
            -- next holder; not reached: the next, 08006 after the last; else
            -- the answer of the shard holding it (next_holder(), the one home)
            SELECT n.seen, n.go_on INTO v_seen, v_go_on
              FROM service_affair_router.next_holder('case', true, v_holders, i, v_where, SQLSTATE, SQLERRM, v_seen) n;
            IF NOT v_go_on THEN
                RAISE;
            END IF;
        END;
    END LOOP;
END
$$;
COMMENT ON FUNCTION service_affair_router.supplement(bigint,text[],timestamptz,text) IS
  'service_affair.supplement() with the same signature, run on the shard that numbered the case (then the shards its regions moved to: id_holder); the shard''s errors come back unchanged; 08006 naming the shard and its regions when the shard cannot be reached';
REVOKE EXECUTE ON FUNCTION service_affair_router.supplement(bigint,text[],timestamptz,text) FROM PUBLIC;
INSERT INTO service_affair_router.api (function, proxy, target) VALUES
  ('service_affair_router.supplement(bigint,text[],timestamptz,text)', 'service_affair_router.px_supplement(text,bigint,text[],timestamptz,text)', 'service_affair.supplement(bigint,text[],timestamptz,text)');

CREATE FUNCTION service_affair_router.px_withdraw(shard text, case_id bigint, at timestamptz) RETURNS integer
    LANGUAGE plproxy
    SET search_path = pg_catalog, pg_temp
AS $$
    CLUSTER service_affair_router.cluster(shard);
    RUN ON 0;
    SELECT 1 AS px_withdraw FROM service_affair_shard.writable_id('case', case_id) w(id), service_affair.withdraw(w.id, at);
$$;
COMMENT ON FUNCTION service_affair_router.px_withdraw(text, bigint,timestamptz) IS
  'Internal: service_affair.withdraw() run on the named shard by PL/Proxy (as the calling role), on the id service_affair_shard.writable_id() returns there (55000 while the region of its case is moving, whoever names the shard); returns 1 for void';
REVOKE EXECUTE ON FUNCTION service_affair_router.px_withdraw(text, bigint,timestamptz) FROM PUBLIC;

CREATE FUNCTION service_affair_router.withdraw(case_id bigint, at timestamptz DEFAULT pg_catalog.now())
    RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_shard text;
    v_where text;
    v_holders text[];
    v_seen text[];
    v_go_on boolean;
BEGIN
    SELECT r.shard, r.for_region INTO v_shard, v_where FROM service_affair_router.shard_for_id(case_id, 'case') r;
    v_holders := service_affair_router.id_holders(v_shard);
    FOR i IN 1 .. pg_catalog.cardinality(v_holders) LOOP
        v_shard := v_holders[i];
        BEGIN
            PERFORM service_affair_router.px_withdraw(v_shard, case_id, at);
            RETURN;
        EXCEPTION WHEN OTHERS OR query_canceled THEN
            -- unknown here (23503, or the 42501 of another's case: the same
            -- words to anybody but an administrator, require_case()): the
            -- next holder; not reached: the next, 08006 after the last; else
            -- the answer of the shard holding it (next_holder(), the one home)
            SELECT n.seen, n.go_on INTO v_seen, v_go_on
              FROM service_affair_router.next_holder('case', true, v_holders, i, v_where, SQLSTATE, SQLERRM, v_seen) n;
            IF NOT v_go_on THEN
                RAISE;
            END IF;
        END;
    END LOOP;
END
$$;
COMMENT ON FUNCTION service_affair_router.withdraw(bigint,timestamptz) IS
  'service_affair.withdraw() with the same signature, run on the shard that numbered the case (then the shards its regions moved to: id_holder); the shard''s errors come back unchanged; 08006 naming the shard and its regions when the shard cannot be reached';
REVOKE EXECUTE ON FUNCTION service_affair_router.withdraw(bigint,timestamptz) FROM PUBLIC;
INSERT INTO service_affair_router.api (function, proxy, target) VALUES
  ('service_affair_router.withdraw(bigint,timestamptz)', 'service_affair_router.px_withdraw(text,bigint,timestamptz)', 'service_affair.withdraw(bigint,timestamptz)');

CREATE FUNCTION service_affair_router.px_record_visit(shard text, case_id bigint, at timestamptz, purpose text) RETURNS integer
    LANGUAGE plproxy
    SET search_path = pg_catalog, pg_temp
AS $$
    CLUSTER service_affair_router.cluster(shard);
    RUN ON 0;
    SELECT 1 AS px_record_visit FROM service_affair_shard.writable_id('case', case_id) w(id), service_affair.record_visit(w.id, at, purpose);
$$;
COMMENT ON FUNCTION service_affair_router.px_record_visit(text, bigint,timestamptz,text) IS
  'Internal: service_affair.record_visit() run on the named shard by PL/Proxy (as the calling role), on the id service_affair_shard.writable_id() returns there (55000 while the region of its case is moving, whoever names the shard); returns 1 for void';
REVOKE EXECUTE ON FUNCTION service_affair_router.px_record_visit(text, bigint,timestamptz,text) FROM PUBLIC;

CREATE FUNCTION service_affair_router.record_visit(case_id bigint, at timestamptz DEFAULT pg_catalog.now(), purpose text DEFAULT NULL)
    RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_shard text;
    v_where text;
    v_holders text[];
    v_seen text[];
    v_go_on boolean;
BEGIN
    SELECT r.shard, r.for_region INTO v_shard, v_where FROM service_affair_router.shard_for_id(case_id, 'case') r;
    v_holders := service_affair_router.id_holders(v_shard);
    FOR i IN 1 .. pg_catalog.cardinality(v_holders) LOOP
        v_shard := v_holders[i];
        BEGIN
            PERFORM service_affair_router.px_record_visit(v_shard, case_id, at, purpose);
            RETURN;
        EXCEPTION WHEN OTHERS OR query_canceled THEN
            -- unknown here (23503, or the 42501 of another's case: the same
            -- words to anybody but an administrator, require_case()): the
            -- next holder; not reached: the next, 08006 after the last; else
            -- the answer of the shard holding it (next_holder(), the one home)
            SELECT n.seen, n.go_on INTO v_seen, v_go_on
              FROM service_affair_router.next_holder('case', true, v_holders, i, v_where, SQLSTATE, SQLERRM, v_seen) n;
            IF NOT v_go_on THEN
                RAISE;
            END IF;
        END;
    END LOOP;
END
$$;
COMMENT ON FUNCTION service_affair_router.record_visit(bigint,timestamptz,text) IS
  'service_affair.record_visit() with the same signature, run on the shard that numbered the case (then the shards its regions moved to: id_holder); the shard''s errors come back unchanged; 08006 naming the shard and its regions when the shard cannot be reached';
REVOKE EXECUTE ON FUNCTION service_affair_router.record_visit(bigint,timestamptz,text) FROM PUBLIC;
INSERT INTO service_affair_router.api (function, proxy, target) VALUES
  ('service_affair_router.record_visit(bigint,timestamptz,text)', 'service_affair_router.px_record_visit(text,bigint,timestamptz,text)', 'service_affair.record_visit(bigint,timestamptz,text)');

CREATE FUNCTION service_affair_router.px_deliver(shard text, case_id bigint, method text, at timestamptz) RETURNS integer
    LANGUAGE plproxy
    SET search_path = pg_catalog, pg_temp
AS $$
    CLUSTER service_affair_router.cluster(shard);
    RUN ON 0;
    SELECT 1 AS px_deliver FROM service_affair_shard.writable_id('case', case_id) w(id), service_affair.deliver(w.id, method, at);
$$;
COMMENT ON FUNCTION service_affair_router.px_deliver(text, bigint,text,timestamptz) IS
  'Internal: service_affair.deliver() run on the named shard by PL/Proxy (as the calling role), on the id service_affair_shard.writable_id() returns there (55000 while the region of its case is moving, whoever names the shard); returns 1 for void';
REVOKE EXECUTE ON FUNCTION service_affair_router.px_deliver(text, bigint,text,timestamptz) FROM PUBLIC;

CREATE FUNCTION service_affair_router.deliver(case_id bigint, method text, at timestamptz DEFAULT pg_catalog.now())
    RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_shard text;
    v_where text;
    v_holders text[];
    v_seen text[];
    v_go_on boolean;
BEGIN
    SELECT r.shard, r.for_region INTO v_shard, v_where FROM service_affair_router.shard_for_id(case_id, 'case') r;
    v_holders := service_affair_router.id_holders(v_shard);
    FOR i IN 1 .. pg_catalog.cardinality(v_holders) LOOP
        v_shard := v_holders[i];
        BEGIN
            PERFORM service_affair_router.px_deliver(v_shard, case_id, method, at);
            RETURN;
        EXCEPTION WHEN OTHERS OR query_canceled THEN
            -- unknown here (23503, or the 42501 of another's case: the same
            -- words to anybody but an administrator, require_case()): the
            -- next holder; not reached: the next, 08006 after the last; else
            -- the answer of the shard holding it (next_holder(), the one home)
            SELECT n.seen, n.go_on INTO v_seen, v_go_on
              FROM service_affair_router.next_holder('case', true, v_holders, i, v_where, SQLSTATE, SQLERRM, v_seen) n;
            IF NOT v_go_on THEN
                RAISE;
            END IF;
        END;
    END LOOP;
END
$$;
COMMENT ON FUNCTION service_affair_router.deliver(bigint,text,timestamptz) IS
  'service_affair.deliver() with the same signature, run on the shard that numbered the case (then the shards its regions moved to: id_holder); the shard''s errors come back unchanged; 08006 naming the shard and its regions when the shard cannot be reached';
REVOKE EXECUTE ON FUNCTION service_affair_router.deliver(bigint,text,timestamptz) FROM PUBLIC;
INSERT INTO service_affair_router.api (function, proxy, target) VALUES
  ('service_affair_router.deliver(bigint,text,timestamptz)', 'service_affair_router.px_deliver(text,bigint,text,timestamptz)', 'service_affair.deliver(bigint,text,timestamptz)');

CREATE FUNCTION service_affair_router.px_receive_originals(shard text, case_id bigint, at timestamptz) RETURNS integer
    LANGUAGE plproxy
    SET search_path = pg_catalog, pg_temp
AS $$
    CLUSTER service_affair_router.cluster(shard);
    RUN ON 0;
    SELECT 1 AS px_receive_originals FROM service_affair_shard.writable_id('case', case_id) w(id), service_affair.receive_originals(w.id, at);
$$;
COMMENT ON FUNCTION service_affair_router.px_receive_originals(text, bigint,timestamptz) IS
  'Internal: service_affair.receive_originals() run on the named shard by PL/Proxy (as the calling role), on the id service_affair_shard.writable_id() returns there (55000 while the region of its case is moving, whoever names the shard); returns 1 for void';
REVOKE EXECUTE ON FUNCTION service_affair_router.px_receive_originals(text, bigint,timestamptz) FROM PUBLIC;

CREATE FUNCTION service_affair_router.receive_originals(case_id bigint, at timestamptz DEFAULT pg_catalog.now())
    RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_shard text;
    v_where text;
    v_holders text[];
    v_seen text[];
    v_go_on boolean;
BEGIN
    SELECT r.shard, r.for_region INTO v_shard, v_where FROM service_affair_router.shard_for_id(case_id, 'case') r;
    v_holders := service_affair_router.id_holders(v_shard);
    FOR i IN 1 .. pg_catalog.cardinality(v_holders) LOOP
        v_shard := v_holders[i];
        BEGIN
            PERFORM service_affair_router.px_receive_originals(v_shard, case_id, at);
            RETURN;
        EXCEPTION WHEN OTHERS OR query_canceled THEN
            -- unknown here (23503, or the 42501 of another's case: the same
            -- words to anybody but an administrator): the next holder; not
            -- reached: the next, 08006 after the last; else the answer of
            -- the shard holding it (next_holder(), the one home)
            SELECT n.seen, n.go_on INTO v_seen, v_go_on
              FROM service_affair_router.next_holder('case', true, v_holders, i, v_where, SQLSTATE, SQLERRM, v_seen) n;
            IF NOT v_go_on THEN
                RAISE;
            END IF;
        END;
    END LOOP;
END
$$;
COMMENT ON FUNCTION service_affair_router.receive_originals(bigint,timestamptz) IS
  'service_affair.receive_originals() with the same signature, run on the shard that numbered the case (then the shards its regions moved to: id_holder); the shard''s errors come back unchanged; 08006 naming the shard and its regions when the shard cannot be reached';
REVOKE EXECUTE ON FUNCTION service_affair_router.receive_originals(bigint,timestamptz) FROM PUBLIC;
INSERT INTO service_affair_router.api (function, proxy, target) VALUES
  ('service_affair_router.receive_originals(bigint,timestamptz)', 'service_affair_router.px_receive_originals(text,bigint,timestamptz)', 'service_affair.receive_originals(bigint,timestamptz)');

CREATE FUNCTION service_affair_router.px_receive_result(shard text, case_id bigint, at timestamptz) RETURNS integer
    LANGUAGE plproxy
    SET search_path = pg_catalog, pg_temp
AS $$
    CLUSTER service_affair_router.cluster(shard);
    RUN ON 0;
    SELECT 1 AS px_receive_result FROM service_affair_shard.writable_id('case', case_id) w(id), service_affair.receive_result(w.id, at);
$$;
COMMENT ON FUNCTION service_affair_router.px_receive_result(text, bigint,timestamptz) IS
  'Internal: service_affair.receive_result() run on the named shard by PL/Proxy (as the calling role), on the id service_affair_shard.writable_id() returns there (55000 while the region of its case is moving, whoever names the shard); returns 1 for void';
REVOKE EXECUTE ON FUNCTION service_affair_router.px_receive_result(text, bigint,timestamptz) FROM PUBLIC;

CREATE FUNCTION service_affair_router.receive_result(case_id bigint, at timestamptz DEFAULT pg_catalog.now())
    RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_shard text;
    v_where text;
    v_holders text[];
    v_seen text[];
    v_go_on boolean;
BEGIN
    SELECT r.shard, r.for_region INTO v_shard, v_where FROM service_affair_router.shard_for_id(case_id, 'case') r;
    v_holders := service_affair_router.id_holders(v_shard);
    FOR i IN 1 .. pg_catalog.cardinality(v_holders) LOOP
        v_shard := v_holders[i];
        BEGIN
            PERFORM service_affair_router.px_receive_result(v_shard, case_id, at);
            RETURN;
        EXCEPTION WHEN OTHERS OR query_canceled THEN
            -- unknown here (23503, or the 42501 of another's case: the same
            -- words to anybody but an administrator): the next holder; not
            -- reached: the next, 08006 after the last; else the answer of
            -- the shard holding it (next_holder(), the one home)
            SELECT n.seen, n.go_on INTO v_seen, v_go_on
              FROM service_affair_router.next_holder('case', true, v_holders, i, v_where, SQLSTATE, SQLERRM, v_seen) n;
            IF NOT v_go_on THEN
                RAISE;
            END IF;
        END;
    END LOOP;
END
$$;
COMMENT ON FUNCTION service_affair_router.receive_result(bigint,timestamptz) IS
  'service_affair.receive_result() with the same signature, run on the shard that numbered the case (then the shards its regions moved to: id_holder); the shard''s errors come back unchanged; 08006 naming the shard and its regions when the shard cannot be reached';
REVOKE EXECUTE ON FUNCTION service_affair_router.receive_result(bigint,timestamptz) FROM PUBLIC;
INSERT INTO service_affair_router.api (function, proxy, target) VALUES
  ('service_affair_router.receive_result(bigint,timestamptz)', 'service_affair_router.px_receive_result(text,bigint,timestamptz)', 'service_affair.receive_result(bigint,timestamptz)');

CREATE FUNCTION service_affair_router.px_rate(shard text, case_id bigint, level integer, channel text, comment text, at timestamptz, request_key text) RETURNS bigint
    LANGUAGE plproxy
    SET search_path = pg_catalog, pg_temp
AS $$
    CLUSTER service_affair_router.cluster(shard);
    RUN ON 0;
    SELECT service_affair.rate(w.id, level, channel, comment, at, request_key) AS px_rate FROM service_affair_shard.writable_id('case', case_id) w(id);
$$;
COMMENT ON FUNCTION service_affair_router.px_rate(text, bigint,integer,text,text,timestamptz,text) IS
  'Internal: service_affair.rate() run on the named shard by PL/Proxy (as the calling role), on the id service_affair_shard.writable_id() returns there (55000 while the region of its case is moving, whoever names the shard)';
REVOKE EXECUTE ON FUNCTION service_affair_router.px_rate(text, bigint,integer,text,text,timestamptz,text) FROM PUBLIC;

CREATE FUNCTION service_affair_router.rate(case_id bigint, level integer, channel text DEFAULT 'online', comment text DEFAULT NULL, at timestamptz DEFAULT pg_catalog.now(), request_key text DEFAULT NULL)
    RETURNS bigint
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_shard text;
    v_where text;
    v_holders text[];
    v_seen text[];
    v_go_on boolean;
BEGIN
    SELECT r.shard, r.for_region INTO v_shard, v_where FROM service_affair_router.shard_for_id(case_id, 'case') r;
    v_holders := service_affair_router.id_holders(v_shard);
    FOR i IN 1 .. pg_catalog.cardinality(v_holders) LOOP
        v_shard := v_holders[i];
        BEGIN
            RETURN service_affair_router.px_rate(v_shard, case_id, level, channel, comment, at, request_key);
        EXCEPTION WHEN OTHERS OR query_canceled THEN
            -- unknown here (23503, or the 42501 of another's case: the same
            -- words to anybody but an administrator, require_case()): the
            -- next holder; not reached: the next, 08006 after the last; else
            -- the answer of the shard holding it (next_holder(), the one home)
            SELECT n.seen, n.go_on INTO v_seen, v_go_on
              FROM service_affair_router.next_holder('case', true, v_holders, i, v_where, SQLSTATE, SQLERRM, v_seen) n;
            IF NOT v_go_on THEN
                RAISE;
            END IF;
        END;
    END LOOP;
END
$$;
COMMENT ON FUNCTION service_affair_router.rate(bigint,integer,text,text,timestamptz,text) IS
  'service_affair.rate() with the same signature, run on the shard that numbered the case (then the shards its regions moved to: id_holder); the shard''s errors come back unchanged; 08006 naming the shard and its regions when the shard cannot be reached, 08007 when the connection was lost after the call was sent (repeat it with the same request_key, which goes to the shard with the call)';
REVOKE EXECUTE ON FUNCTION service_affair_router.rate(bigint,integer,text,text,timestamptz,text) FROM PUBLIC;
INSERT INTO service_affair_router.api (function, proxy, target) VALUES
  ('service_affair_router.rate(bigint,integer,text,text,timestamptz,text)', 'service_affair_router.px_rate(text,bigint,integer,text,text,timestamptz,text)', 'service_affair.rate(bigint,integer,text,text,timestamptz,text)');

CREATE FUNCTION service_affair_router.px_claim_task(shard text, department text, assignee text, at timestamptz) RETURNS bigint
    LANGUAGE plproxy
    SET search_path = pg_catalog, pg_temp
AS $$
    CLUSTER service_affair_router.cluster(shard);
    RUN ON 0;
    SELECT service_affair.claim_task(w.code, assignee, at) AS px_claim_task FROM service_affair_shard.writable_department(department) w(code);
$$;
COMMENT ON FUNCTION service_affair_router.px_claim_task(text, text,text,timestamptz) IS
  'Internal: service_affair.claim_task() run on the named shard by PL/Proxy (as the calling role), for the department service_affair_shard.writable_department() returns there (55000 while its region is moving, whoever names the shard)';
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
    EXCEPTION WHEN OTHERS OR query_canceled THEN
        IF service_affair_router.is_unreachable(SQLSTATE, SQLERRM) THEN
            PERFORM service_affair_router.unreachable(v_shard, v_where, SQLERRM, state => SQLSTATE);
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
    SELECT 1 AS px_complete_task FROM service_affair_shard.writable_id('task', task_id) w(id), service_affair.complete_task(w.id, decision, at, note);
$$;
COMMENT ON FUNCTION service_affair_router.px_complete_task(text, bigint,text,timestamptz,text) IS
  'Internal: service_affair.complete_task() run on the named shard by PL/Proxy (as the calling role), on the id service_affair_shard.writable_id() returns there (55000 while the region of its case is moving, whoever names the shard); returns 1 for void';
REVOKE EXECUTE ON FUNCTION service_affair_router.px_complete_task(text, bigint,text,timestamptz,text) FROM PUBLIC;

CREATE FUNCTION service_affair_router.complete_task(task_id bigint, decision text, at timestamptz DEFAULT pg_catalog.now(), note text DEFAULT NULL)
    RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_shard text;
    v_where text;
    v_holders text[];
    v_seen text[];
    v_go_on boolean;
BEGIN
    SELECT r.shard, r.for_region INTO v_shard, v_where FROM service_affair_router.shard_for_id(task_id, 'task') r;
    v_holders := service_affair_router.id_holders(v_shard);
    FOR i IN 1 .. pg_catalog.cardinality(v_holders) LOOP
        v_shard := v_holders[i];
        BEGIN
            PERFORM service_affair_router.px_complete_task(v_shard, task_id, decision, at, note);
            RETURN;
        EXCEPTION WHEN OTHERS OR query_canceled THEN
            -- unknown here (23503, or the 42501 of another's task: the same
            -- words to anybody but an administrator): the next holder; not
            -- reached: the next, 08006 after the last; else the answer of
            -- the shard holding it (next_holder(), the one home)
            SELECT n.seen, n.go_on INTO v_seen, v_go_on
              FROM service_affair_router.next_holder('task', true, v_holders, i, v_where, SQLSTATE, SQLERRM, v_seen) n;
            IF NOT v_go_on THEN
                RAISE;
            END IF;
        END;
    END LOOP;
END
$$;
COMMENT ON FUNCTION service_affair_router.complete_task(bigint,text,timestamptz,text) IS
  'service_affair.complete_task() with the same signature, run on the shard that numbered the task (then the shards its regions moved to: id_holder); the shard''s errors come back unchanged; 08006 naming the shard and its regions when the shard cannot be reached';
REVOKE EXECUTE ON FUNCTION service_affair_router.complete_task(bigint,text,timestamptz,text) FROM PUBLIC;
INSERT INTO service_affair_router.api (function, proxy, target) VALUES
  ('service_affair_router.complete_task(bigint,text,timestamptz,text)', 'service_affair_router.px_complete_task(text,bigint,text,timestamptz,text)', 'service_affair.complete_task(bigint,text,timestamptz,text)');

CREATE FUNCTION service_affair_router.px_suspend(shard text, task_id bigint, reason text, at timestamptz) RETURNS integer
    LANGUAGE plproxy
    SET search_path = pg_catalog, pg_temp
AS $$
    CLUSTER service_affair_router.cluster(shard);
    RUN ON 0;
    SELECT 1 AS px_suspend FROM service_affair_shard.writable_id('task', task_id) w(id), service_affair.suspend(w.id, reason, at);
$$;
COMMENT ON FUNCTION service_affair_router.px_suspend(text, bigint,text,timestamptz) IS
  'Internal: service_affair.suspend() run on the named shard by PL/Proxy (as the calling role), on the id service_affair_shard.writable_id() returns there (55000 while the region of its case is moving, whoever names the shard); returns 1 for void';
REVOKE EXECUTE ON FUNCTION service_affair_router.px_suspend(text, bigint,text,timestamptz) FROM PUBLIC;

CREATE FUNCTION service_affair_router.suspend(task_id bigint, reason text, at timestamptz DEFAULT pg_catalog.now())
    RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_shard text;
    v_where text;
    v_holders text[];
    v_seen text[];
    v_go_on boolean;
BEGIN
    SELECT r.shard, r.for_region INTO v_shard, v_where FROM service_affair_router.shard_for_id(task_id, 'task') r;
    v_holders := service_affair_router.id_holders(v_shard);
    FOR i IN 1 .. pg_catalog.cardinality(v_holders) LOOP
        v_shard := v_holders[i];
        BEGIN
            PERFORM service_affair_router.px_suspend(v_shard, task_id, reason, at);
            RETURN;
        EXCEPTION WHEN OTHERS OR query_canceled THEN
            -- unknown here (23503, or the 42501 of another's task: the same
            -- words to anybody but an administrator): the next holder; not
            -- reached: the next, 08006 after the last; else the answer of
            -- the shard holding it (next_holder(), the one home)
            SELECT n.seen, n.go_on INTO v_seen, v_go_on
              FROM service_affair_router.next_holder('task', true, v_holders, i, v_where, SQLSTATE, SQLERRM, v_seen) n;
            IF NOT v_go_on THEN
                RAISE;
            END IF;
        END;
    END LOOP;
END
$$;
COMMENT ON FUNCTION service_affair_router.suspend(bigint,text,timestamptz) IS
  'service_affair.suspend() with the same signature, run on the shard that numbered the task (then the shards its regions moved to: id_holder); the shard''s errors come back unchanged; 08006 naming the shard and its regions when the shard cannot be reached';
REVOKE EXECUTE ON FUNCTION service_affair_router.suspend(bigint,text,timestamptz) FROM PUBLIC;
INSERT INTO service_affair_router.api (function, proxy, target) VALUES
  ('service_affair_router.suspend(bigint,text,timestamptz)', 'service_affair_router.px_suspend(text,bigint,text,timestamptz)', 'service_affair.suspend(bigint,text,timestamptz)');

CREATE FUNCTION service_affair_router.px_resume(shard text, task_id bigint, at timestamptz) RETURNS integer
    LANGUAGE plproxy
    SET search_path = pg_catalog, pg_temp
AS $$
    CLUSTER service_affair_router.cluster(shard);
    RUN ON 0;
    SELECT 1 AS px_resume FROM service_affair_shard.writable_id('task', task_id) w(id), service_affair.resume(w.id, at);
$$;
COMMENT ON FUNCTION service_affair_router.px_resume(text, bigint,timestamptz) IS
  'Internal: service_affair.resume() run on the named shard by PL/Proxy (as the calling role), on the id service_affair_shard.writable_id() returns there (55000 while the region of its case is moving, whoever names the shard); returns 1 for void';
REVOKE EXECUTE ON FUNCTION service_affair_router.px_resume(text, bigint,timestamptz) FROM PUBLIC;

CREATE FUNCTION service_affair_router.resume(task_id bigint, at timestamptz DEFAULT pg_catalog.now())
    RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_shard text;
    v_where text;
    v_holders text[];
    v_seen text[];
    v_go_on boolean;
BEGIN
    SELECT r.shard, r.for_region INTO v_shard, v_where FROM service_affair_router.shard_for_id(task_id, 'task') r;
    v_holders := service_affair_router.id_holders(v_shard);
    FOR i IN 1 .. pg_catalog.cardinality(v_holders) LOOP
        v_shard := v_holders[i];
        BEGIN
            PERFORM service_affair_router.px_resume(v_shard, task_id, at);
            RETURN;
        EXCEPTION WHEN OTHERS OR query_canceled THEN
            -- unknown here (23503, or the 42501 of another's task: the same
            -- words to anybody but an administrator): the next holder; not
            -- reached: the next, 08006 after the last; else the answer of
            -- the shard holding it (next_holder(), the one home)
            SELECT n.seen, n.go_on INTO v_seen, v_go_on
              FROM service_affair_router.next_holder('task', true, v_holders, i, v_where, SQLSTATE, SQLERRM, v_seen) n;
            IF NOT v_go_on THEN
                RAISE;
            END IF;
        END;
    END LOOP;
END
$$;
COMMENT ON FUNCTION service_affair_router.resume(bigint,timestamptz) IS
  'service_affair.resume() with the same signature, run on the shard that numbered the task (then the shards its regions moved to: id_holder); the shard''s errors come back unchanged; 08006 naming the shard and its regions when the shard cannot be reached';
REVOKE EXECUTE ON FUNCTION service_affair_router.resume(bigint,timestamptz) FROM PUBLIC;
INSERT INTO service_affair_router.api (function, proxy, target) VALUES
  ('service_affair_router.resume(bigint,timestamptz)', 'service_affair_router.px_resume(text,bigint,timestamptz)', 'service_affair.resume(bigint,timestamptz)');

CREATE FUNCTION service_affair_router.px_extend(shard text, task_id bigint, workdays integer, reason text, at timestamptz) RETURNS integer
    LANGUAGE plproxy
    SET search_path = pg_catalog, pg_temp
AS $$
    CLUSTER service_affair_router.cluster(shard);
    RUN ON 0;
    SELECT 1 AS px_extend FROM service_affair_shard.writable_id('task', task_id) w(id), service_affair.extend(w.id, workdays, reason, at);
$$;
COMMENT ON FUNCTION service_affair_router.px_extend(text, bigint,integer,text,timestamptz) IS
  'Internal: service_affair.extend() run on the named shard by PL/Proxy (as the calling role), on the id service_affair_shard.writable_id() returns there (55000 while the region of its case is moving, whoever names the shard); returns 1 for void';
REVOKE EXECUTE ON FUNCTION service_affair_router.px_extend(text, bigint,integer,text,timestamptz) FROM PUBLIC;

CREATE FUNCTION service_affair_router.extend(task_id bigint, workdays integer, reason text, at timestamptz DEFAULT pg_catalog.now())
    RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_shard text;
    v_where text;
    v_holders text[];
    v_seen text[];
    v_go_on boolean;
BEGIN
    SELECT r.shard, r.for_region INTO v_shard, v_where FROM service_affair_router.shard_for_id(task_id, 'task') r;
    v_holders := service_affair_router.id_holders(v_shard);
    FOR i IN 1 .. pg_catalog.cardinality(v_holders) LOOP
        v_shard := v_holders[i];
        BEGIN
            PERFORM service_affair_router.px_extend(v_shard, task_id, workdays, reason, at);
            RETURN;
        EXCEPTION WHEN OTHERS OR query_canceled THEN
            -- unknown here (23503, or the 42501 of another's task: the same
            -- words to anybody but an administrator): the next holder; not
            -- reached: the next, 08006 after the last; else the answer of
            -- the shard holding it (next_holder(), the one home)
            SELECT n.seen, n.go_on INTO v_seen, v_go_on
              FROM service_affair_router.next_holder('task', true, v_holders, i, v_where, SQLSTATE, SQLERRM, v_seen) n;
            IF NOT v_go_on THEN
                RAISE;
            END IF;
        END;
    END LOOP;
END
$$;
COMMENT ON FUNCTION service_affair_router.extend(bigint,integer,text,timestamptz) IS
  'service_affair.extend() with the same signature, run on the shard that numbered the task (then the shards its regions moved to: id_holder); the shard''s errors come back unchanged; 08006 naming the shard and its regions when the shard cannot be reached';
REVOKE EXECUTE ON FUNCTION service_affair_router.extend(bigint,integer,text,timestamptz) FROM PUBLIC;
INSERT INTO service_affair_router.api (function, proxy, target) VALUES
  ('service_affair_router.extend(bigint,integer,text,timestamptz)', 'service_affair_router.px_extend(text,bigint,integer,text,timestamptz)', 'service_affair.extend(bigint,integer,text,timestamptz)');


-- ---- verify_licence: the public check of a licence number ------------------------------------
CREATE FUNCTION service_affair_router.px_verify_licence(shard text, number text, holder_identifier text) RETURNS text
    LANGUAGE plproxy
    SET search_path = pg_catalog, pg_temp
AS $$
    CLUSTER service_affair_router.cluster(shard);
    RUN ON 0;
    SELECT COALESCE((SELECT service_affair.verify_licence(n, holder_identifier)
                                  FROM service_affair_shard.readable_licence(number) n), 'unknown') AS px_verify_licence;
$$;
COMMENT ON FUNCTION service_affair_router.px_verify_licence(text, text, text) IS
  'Internal: service_affair.verify_licence() run on the named shard by PL/Proxy (as the calling role), on the number service_affair_shard.readable_licence() returns there: unknown, without asking, when the licence''s case is a copy that shard still holds after its region moved away (the router asks the next holder)';
REVOKE EXECUTE ON FUNCTION service_affair_router.px_verify_licence(text, text, text) FROM PUBLIC;

CREATE FUNCTION service_affair_router.verify_licence(number text, holder_identifier text) RETURNS text
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    s record;
    h text;
    v text;
    v_asked text[] := '{}';
    v_down text;
    v_down_region text;
    v_msg text;
    v_state text;
BEGIN
    FOR s IN SELECT * FROM service_affair_router.licence_shards(number) LOOP
        -- the shard of the number's region, then the shards its regions
        -- moved to (id_holder): a licence moves with its case, and its
        -- number keeps the {region} it was issued with (until 2026-12-04 a
        -- valid licence whose case moved was 'unknown' here; a review)
        FOREACH h IN ARRAY service_affair_router.id_holders(s.shard) LOOP
            CONTINUE WHEN h = ANY (v_asked);
            v_asked := v_asked || h;
            BEGIN
                v := service_affair_router.px_verify_licence(h, number, holder_identifier);
            EXCEPTION WHEN OTHERS THEN
                IF NOT service_affair_router.is_unreachable(SQLSTATE, SQLERRM) THEN
                    RAISE;
                END IF;
                IF v_down IS NULL THEN
                    v_down := h;
                    v_down_region := CASE WHEN h = s.shard THEN s.for_region END;
                    v_msg := SQLERRM;
                    v_state := SQLSTATE;
                END IF;
                CONTINUE;  -- another shard may know it
            END;
            IF v IS DISTINCT FROM 'unknown' THEN
                RETURN v;
            END IF;
        END LOOP;
    END LOOP;
    -- 'unknown' only when every shard that could know the number said so
    IF v_down IS NOT NULL THEN
        -- a read: a shard lost after the call was sent is unavailable (08006), never 08007
        PERFORM service_affair_router.unreachable(v_down, v_down_region, v_msg, read_only => true, state => v_state);
    END IF;
    RETURN 'unknown';
END
$$;
COMMENT ON FUNCTION service_affair_router.verify_licence(text, text) IS
  'service_affair.verify_licence() with the same signature, asked of the shard serving the {region} of the number''s format (licence_shards(); a number no format with {region} explains: every shard, the first answer other than unknown wins), then, while it answers unknown, of the shards its regions moved to (id_holders(): the licence of a moved case keeps its number); unknown only when every shard asked said so (a number of a region no shard serves is asked of every shard: unknown when none issued it, as on a single node); 55000 while the number''s region is being moved (retry); 08006 naming the shard (and the region) when one that could know it cannot be reached and none other knew it; each shard that answers unknown counts it against the budget of wrong pairs of its session (10, then 55000), and PL/Proxy shares one shard session per role and router backend: limit the rate of the public site on the router';
REVOKE EXECUTE ON FUNCTION service_affair_router.verify_licence(text, text) FROM PUBLIC;
INSERT INTO service_affair_router.api (function, proxy, target) VALUES
  ('service_affair_router.verify_licence(text,text)', 'service_affair_router.px_verify_licence(text,text,text)', 'service_affair.verify_licence(text,text)');

-- ---- complaints and credit events ---------------------------------------------------------------

CREATE FUNCTION service_affair_router.px_receive_complaint(shard text, channel text, category text, body text, at timestamptz, case_id bigint, item text, department text, point text, applicant bigint, blocker text, request_key text) RETURNS bigint
    LANGUAGE plproxy
    SET search_path = pg_catalog, pg_temp
AS $$
    CLUSTER service_affair_router.cluster(shard);
    RUN ON 0;
    SELECT service_affair.receive_complaint(channel, category, body, at, w.id, item, department, point, applicant, blocker, request_key) AS px_receive_complaint FROM service_affair_shard.writable_id('case', case_id) w(id);
$$;
COMMENT ON FUNCTION service_affair_router.px_receive_complaint(text, text,text,text,timestamptz,bigint,text,text,text,bigint,text,text) IS
  'Internal: service_affair.receive_complaint() run on the named shard by PL/Proxy (as the calling role), on the id service_affair_shard.writable_id() returns there (55000 while the region of its case is moving, whoever names the shard)';
REVOKE EXECUTE ON FUNCTION service_affair_router.px_receive_complaint(text, text,text,text,timestamptz,bigint,text,text,text,bigint,text,text) FROM PUBLIC;

CREATE FUNCTION service_affair_router.px_keyed_complaint(shard text, channel text, category text, body text, item text, department text, point text, applicant bigint, blocker text, request_key text) RETURNS bigint
    LANGUAGE plproxy
    SET search_path = pg_catalog, pg_temp
AS $$
    CLUSTER service_affair_router.cluster(shard);
    RUN ON 0;
    SELECT service_affair_shard.keyed_complaint(channel, category, body, item, department, point, applicant, blocker, request_key) AS px_keyed_complaint;
$$;
COMMENT ON FUNCTION service_affair_router.px_keyed_complaint(text, text,text,text,text,text,text,bigint,text,text) IS
  'Internal: service_affair_shard.keyed_complaint() run on the named shard by PL/Proxy (as the calling role): the complaint naming no case the caller''s request key gave there, NULL for none; writes nothing';
REVOKE EXECUTE ON FUNCTION service_affair_router.px_keyed_complaint(text, text,text,text,text,text,text,bigint,text,text) FROM PUBLIC;

CREATE FUNCTION service_affair_router.receive_complaint(channel text, category text, body text, at timestamptz DEFAULT pg_catalog.now(), case_id bigint DEFAULT NULL, item text DEFAULT NULL, department text DEFAULT NULL, point text DEFAULT NULL, applicant bigint DEFAULT NULL, blocker text DEFAULT NULL, request_key text DEFAULT NULL)
    RETURNS bigint
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_shard text;
    v_where text;
    v_holders text[];
    v_seen text[];
    v_go_on boolean;
    v_from text;
    v_id bigint;
BEGIN
    SELECT r.shard, r.for_region INTO v_shard, v_where FROM service_affair_router.shard_for_complaint(case_id, applicant, department, item) r;
    -- a keyed complaint naming no case nor applicant goes to the shard of a
    -- region, and stays where it was received when the region moves (only
    -- the complaints of its cases move with it): the call repeated after a
    -- move finds its key on a shard the region came from (key_sources()),
    -- where the complaint is, before it goes to the shard serving the
    -- region now (until 2026-12-05 that shard, not knowing the key,
    -- received a second complaint; scale_shards.pl).  The key there given
    -- to another request: its 23505.  A source not reached does not end the
    -- call: the others are asked (after several moves, A to B to C, the
    -- key given on A is found there with B down; until 2026-12-05 08006
    -- naming B), and when none has the key, 08006 naming the first not
    -- reached, nothing written (it may hold the key: better no complaint
    -- than a second one); a call lost after it was sent or cancelled by
    -- the router, at once (a read: 08006, or its 57014; unreachable())
    IF request_key IS NOT NULL AND case_id IS NULL AND applicant IS NULL THEN
        FOREACH v_from IN ARRAY service_affair_router.key_sources(v_shard) LOOP
            BEGIN
                v_id := service_affair_router.px_keyed_complaint(v_from, channel, category, body, item, department, point, applicant, blocker, request_key);
            EXCEPTION WHEN OTHERS OR query_canceled THEN
                IF service_affair_router.is_in_doubt(SQLSTATE, SQLERRM) THEN
                    PERFORM service_affair_router.unreachable(v_from, NULL, SQLERRM, read_only => true, state => SQLSTATE);
                END IF;
                IF NOT service_affair_router.is_unreachable(SQLSTATE, SQLERRM) THEN
                    RAISE;
                END IF;
                IF v_seen IS NULL THEN
                    v_seen := ARRAY[v_from, SQLERRM, SQLSTATE];
                END IF;
                CONTINUE;
            END;
            IF v_id IS NOT NULL THEN
                RETURN v_id;
            END IF;
        END LOOP;
        IF v_seen IS NOT NULL THEN
            PERFORM service_affair_router.unreachable(v_seen[1], NULL, v_seen[2], read_only => true, state => v_seen[3]);
        END IF;
        v_seen := NULL;
    END IF;
    -- a case of a region that moved: the shards it moved to
    v_holders := CASE WHEN case_id IS NULL THEN ARRAY[v_shard] ELSE service_affair_router.id_holders(v_shard) END;
    FOR i IN 1 .. pg_catalog.cardinality(v_holders) LOOP
        v_shard := v_holders[i];
        BEGIN
            -- the request key goes with the call: repeated after 08007 (the
            -- outcome unknown), the shard returns the complaint it made, if it did
            RETURN service_affair_router.px_receive_complaint(v_shard, channel, category, body, at, case_id, item, department, point, applicant, blocker, request_key);
        EXCEPTION WHEN OTHERS OR query_canceled THEN
            -- unknown here (23503, or the 42501 of another's case: the same
            -- words to anybody but an administrator, require_case()): the
            -- next holder; not reached: the next, 08006 after the last; else
            -- the answer of the shard holding it (next_holder(), the one home)
            SELECT n.seen, n.go_on INTO v_seen, v_go_on
              FROM service_affair_router.next_holder('case', true, v_holders, i, v_where, SQLSTATE, SQLERRM, v_seen) n;
            IF NOT v_go_on THEN
                RAISE;
            END IF;
        END;
    END LOOP;
END
$$;
COMMENT ON FUNCTION service_affair_router.receive_complaint(text,text,text,timestamptz,bigint,text,text,text,bigint,text,text) IS
  'service_affair.receive_complaint() with the same signature, run on the shard of shard_for_complaint() (the case''s shard, else the applicant''s, else the department''s region, else the item''s department''s region, else the default shard); 22023 a case named without its applicant, before routing, as on a node; with a request_key and neither case nor applicant, the shards that shard''s regions came from (key_sources()) are asked for the key first (px_keyed_complaint()): the complaint it gave there, which stayed there when its region moved, or that shard''s 23505 or 42501; one that cannot be reached does not end the call (the others are asked), and when none reached has the key, 08006 naming the first not reached, nothing written; the shard''s errors come back unchanged; 08006 naming the shard and its regions when the shard cannot be reached, 08007 when the connection was lost after the call was sent (repeat it with the same request_key, which goes to the shard with the call)';
REVOKE EXECUTE ON FUNCTION service_affair_router.receive_complaint(text,text,text,timestamptz,bigint,text,text,text,bigint,text,text) FROM PUBLIC;
INSERT INTO service_affair_router.api (function, proxy, target) VALUES
  ('service_affair_router.receive_complaint(text,text,text,timestamptz,bigint,text,text,text,bigint,text,text)', 'service_affair_router.px_receive_complaint(text,text,text,text,timestamptz,bigint,text,text,text,bigint,text,text)', 'service_affair.receive_complaint(text,text,text,timestamptz,bigint,text,text,text,bigint,text,text)');

CREATE FUNCTION service_affair_router.px_assign_complaint(shard text, complaint_id bigint, department text, at timestamptz) RETURNS integer
    LANGUAGE plproxy
    SET search_path = pg_catalog, pg_temp
AS $$
    CLUSTER service_affair_router.cluster(shard);
    RUN ON 0;
    SELECT 1 AS px_assign_complaint FROM service_affair_shard.writable_id('complaint', complaint_id) w(id), service_affair.assign_complaint(w.id, department, at);
$$;
COMMENT ON FUNCTION service_affair_router.px_assign_complaint(text, bigint,text,timestamptz) IS
  'Internal: service_affair.assign_complaint() run on the named shard by PL/Proxy (as the calling role), on the id service_affair_shard.writable_id() returns there (55000 while the region of its case is moving, whoever names the shard); returns 1 for void';
REVOKE EXECUTE ON FUNCTION service_affair_router.px_assign_complaint(text, bigint,text,timestamptz) FROM PUBLIC;

CREATE FUNCTION service_affair_router.assign_complaint(complaint_id bigint, department text, at timestamptz DEFAULT pg_catalog.now())
    RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_shard text;
    v_where text;
    v_holders text[];
    v_seen text[];
    v_go_on boolean;
BEGIN
    SELECT r.shard, r.for_region INTO v_shard, v_where FROM service_affair_router.shard_for_id(complaint_id, 'complaint') r;
    v_holders := service_affair_router.id_holders(v_shard);
    FOR i IN 1 .. pg_catalog.cardinality(v_holders) LOOP
        v_shard := v_holders[i];
        BEGIN
            PERFORM service_affair_router.px_assign_complaint(v_shard, complaint_id, department, at);
            RETURN;
        EXCEPTION WHEN OTHERS OR query_canceled THEN
            -- unknown here (23503, or the 42501 of another's complaint: the same
            -- words to anybody but an administrator): the next holder; not
            -- reached: the next, 08006 after the last; else the answer of
            -- the shard holding it (next_holder(), the one home)
            SELECT n.seen, n.go_on INTO v_seen, v_go_on
              FROM service_affair_router.next_holder('complaint', true, v_holders, i, v_where, SQLSTATE, SQLERRM, v_seen) n;
            IF NOT v_go_on THEN
                RAISE;
            END IF;
        END;
    END LOOP;
END
$$;
COMMENT ON FUNCTION service_affair_router.assign_complaint(bigint,text,timestamptz) IS
  'service_affair.assign_complaint() with the same signature, run on the shard that numbered the complaint; the shard''s errors come back unchanged; 08006 naming the shard and its regions when the shard cannot be reached';
REVOKE EXECUTE ON FUNCTION service_affair_router.assign_complaint(bigint,text,timestamptz) FROM PUBLIC;
INSERT INTO service_affair_router.api (function, proxy, target) VALUES
  ('service_affair_router.assign_complaint(bigint,text,timestamptz)', 'service_affair_router.px_assign_complaint(text,bigint,text,timestamptz)', 'service_affair.assign_complaint(bigint,text,timestamptz)');

CREATE FUNCTION service_affair_router.px_transfer_complaint(shard text, complaint_id bigint, department text, reason text, at timestamptz) RETURNS integer
    LANGUAGE plproxy
    SET search_path = pg_catalog, pg_temp
AS $$
    CLUSTER service_affair_router.cluster(shard);
    RUN ON 0;
    SELECT 1 AS px_transfer_complaint FROM service_affair_shard.writable_id('complaint', complaint_id) w(id), service_affair.transfer_complaint(w.id, department, reason, at);
$$;
COMMENT ON FUNCTION service_affair_router.px_transfer_complaint(text, bigint,text,text,timestamptz) IS
  'Internal: service_affair.transfer_complaint() run on the named shard by PL/Proxy (as the calling role), on the id service_affair_shard.writable_id() returns there (55000 while the region of its case is moving, whoever names the shard); returns 1 for void';
REVOKE EXECUTE ON FUNCTION service_affair_router.px_transfer_complaint(text, bigint,text,text,timestamptz) FROM PUBLIC;

CREATE FUNCTION service_affair_router.transfer_complaint(complaint_id bigint, department text, reason text, at timestamptz DEFAULT pg_catalog.now())
    RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_shard text;
    v_where text;
    v_holders text[];
    v_seen text[];
    v_go_on boolean;
BEGIN
    SELECT r.shard, r.for_region INTO v_shard, v_where FROM service_affair_router.shard_for_id(complaint_id, 'complaint') r;
    v_holders := service_affair_router.id_holders(v_shard);
    FOR i IN 1 .. pg_catalog.cardinality(v_holders) LOOP
        v_shard := v_holders[i];
        BEGIN
            PERFORM service_affair_router.px_transfer_complaint(v_shard, complaint_id, department, reason, at);
            RETURN;
        EXCEPTION WHEN OTHERS OR query_canceled THEN
            -- unknown here (23503, or the 42501 of another's complaint: the same
            -- words to anybody but an administrator): the next holder; not
            -- reached: the next, 08006 after the last; else the answer of
            -- the shard holding it (next_holder(), the one home)
            SELECT n.seen, n.go_on INTO v_seen, v_go_on
              FROM service_affair_router.next_holder('complaint', true, v_holders, i, v_where, SQLSTATE, SQLERRM, v_seen) n;
            IF NOT v_go_on THEN
                RAISE;
            END IF;
        END;
    END LOOP;
END
$$;
COMMENT ON FUNCTION service_affair_router.transfer_complaint(bigint,text,text,timestamptz) IS
  'service_affair.transfer_complaint() with the same signature, run on the shard that numbered the complaint; the shard''s errors come back unchanged; 08006 naming the shard and its regions when the shard cannot be reached';
REVOKE EXECUTE ON FUNCTION service_affair_router.transfer_complaint(bigint,text,text,timestamptz) FROM PUBLIC;
INSERT INTO service_affair_router.api (function, proxy, target) VALUES
  ('service_affair_router.transfer_complaint(bigint,text,text,timestamptz)', 'service_affair_router.px_transfer_complaint(text,bigint,text,text,timestamptz)', 'service_affair.transfer_complaint(bigint,text,text,timestamptz)');

CREATE FUNCTION service_affair_router.px_supervise_complaint(shard text, complaint_id bigint, due date, at timestamptz) RETURNS integer
    LANGUAGE plproxy
    SET search_path = pg_catalog, pg_temp
AS $$
    CLUSTER service_affair_router.cluster(shard);
    RUN ON 0;
    SELECT 1 AS px_supervise_complaint FROM service_affair_shard.writable_id('complaint', complaint_id) w(id), service_affair.supervise_complaint(w.id, due, at);
$$;
COMMENT ON FUNCTION service_affair_router.px_supervise_complaint(text, bigint,date,timestamptz) IS
  'Internal: service_affair.supervise_complaint() run on the named shard by PL/Proxy (as the calling role), on the id service_affair_shard.writable_id() returns there (55000 while the region of its case is moving, whoever names the shard); returns 1 for void';
REVOKE EXECUTE ON FUNCTION service_affair_router.px_supervise_complaint(text, bigint,date,timestamptz) FROM PUBLIC;

CREATE FUNCTION service_affair_router.supervise_complaint(complaint_id bigint, due date, at timestamptz DEFAULT pg_catalog.now())
    RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_shard text;
    v_where text;
    v_holders text[];
    v_seen text[];
    v_go_on boolean;
BEGIN
    SELECT r.shard, r.for_region INTO v_shard, v_where FROM service_affair_router.shard_for_id(complaint_id, 'complaint') r;
    v_holders := service_affair_router.id_holders(v_shard);
    FOR i IN 1 .. pg_catalog.cardinality(v_holders) LOOP
        v_shard := v_holders[i];
        BEGIN
            PERFORM service_affair_router.px_supervise_complaint(v_shard, complaint_id, due, at);
            RETURN;
        EXCEPTION WHEN OTHERS OR query_canceled THEN
            -- unknown here (23503, or the 42501 of another's complaint: the same
            -- words to anybody but an administrator): the next holder; not
            -- reached: the next, 08006 after the last; else the answer of
            -- the shard holding it (next_holder(), the one home)
            SELECT n.seen, n.go_on INTO v_seen, v_go_on
              FROM service_affair_router.next_holder('complaint', true, v_holders, i, v_where, SQLSTATE, SQLERRM, v_seen) n;
            IF NOT v_go_on THEN
                RAISE;
            END IF;
        END;
    END LOOP;
END
$$;
COMMENT ON FUNCTION service_affair_router.supervise_complaint(bigint,date,timestamptz) IS
  'service_affair.supervise_complaint() with the same signature, run on the shard that numbered the complaint; the shard''s errors come back unchanged; 08006 naming the shard and its regions when the shard cannot be reached';
REVOKE EXECUTE ON FUNCTION service_affair_router.supervise_complaint(bigint,date,timestamptz) FROM PUBLIC;
INSERT INTO service_affair_router.api (function, proxy, target) VALUES
  ('service_affair_router.supervise_complaint(bigint,date,timestamptz)', 'service_affair_router.px_supervise_complaint(text,bigint,date,timestamptz)', 'service_affair.supervise_complaint(bigint,date,timestamptz)');

CREATE FUNCTION service_affair_router.px_reply_complaint(shard text, complaint_id bigint, reply text, at timestamptz, resolution text) RETURNS integer
    LANGUAGE plproxy
    SET search_path = pg_catalog, pg_temp
AS $$
    CLUSTER service_affair_router.cluster(shard);
    RUN ON 0;
    SELECT 1 AS px_reply_complaint FROM service_affair_shard.writable_id('complaint', complaint_id) w(id), service_affair.reply_complaint(w.id, reply, at, resolution);
$$;
COMMENT ON FUNCTION service_affair_router.px_reply_complaint(text, bigint,text,timestamptz,text) IS
  'Internal: service_affair.reply_complaint() run on the named shard by PL/Proxy (as the calling role), on the id service_affair_shard.writable_id() returns there (55000 while the region of its case is moving, whoever names the shard); returns 1 for void';
REVOKE EXECUTE ON FUNCTION service_affair_router.px_reply_complaint(text, bigint,text,timestamptz,text) FROM PUBLIC;

CREATE FUNCTION service_affair_router.reply_complaint(complaint_id bigint, reply text, at timestamptz DEFAULT pg_catalog.now(), resolution text DEFAULT NULL)
    RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_shard text;
    v_where text;
    v_holders text[];
    v_seen text[];
    v_go_on boolean;
BEGIN
    SELECT r.shard, r.for_region INTO v_shard, v_where FROM service_affair_router.shard_for_id(complaint_id, 'complaint') r;
    v_holders := service_affair_router.id_holders(v_shard);
    FOR i IN 1 .. pg_catalog.cardinality(v_holders) LOOP
        v_shard := v_holders[i];
        BEGIN
            PERFORM service_affair_router.px_reply_complaint(v_shard, complaint_id, reply, at, resolution);
            RETURN;
        EXCEPTION WHEN OTHERS OR query_canceled THEN
            -- unknown here (23503, or the 42501 of another's complaint: the same
            -- words to anybody but an administrator): the next holder; not
            -- reached: the next, 08006 after the last; else the answer of
            -- the shard holding it (next_holder(), the one home)
            SELECT n.seen, n.go_on INTO v_seen, v_go_on
              FROM service_affair_router.next_holder('complaint', true, v_holders, i, v_where, SQLSTATE, SQLERRM, v_seen) n;
            IF NOT v_go_on THEN
                RAISE;
            END IF;
        END;
    END LOOP;
END
$$;
COMMENT ON FUNCTION service_affair_router.reply_complaint(bigint,text,timestamptz,text) IS
  'service_affair.reply_complaint() with the same signature, run on the shard that numbered the complaint; the shard''s errors come back unchanged; 08006 naming the shard and its regions when the shard cannot be reached';
REVOKE EXECUTE ON FUNCTION service_affair_router.reply_complaint(bigint,text,timestamptz,text) FROM PUBLIC;
INSERT INTO service_affair_router.api (function, proxy, target) VALUES
  ('service_affair_router.reply_complaint(bigint,text,timestamptz,text)', 'service_affair_router.px_reply_complaint(text,bigint,text,timestamptz,text)', 'service_affair.reply_complaint(bigint,text,timestamptz,text)');

CREATE FUNCTION service_affair_router.px_record_complaint_callback(shard text, complaint_id bigint, satisfied boolean, at timestamptz) RETURNS integer
    LANGUAGE plproxy
    SET search_path = pg_catalog, pg_temp
AS $$
    CLUSTER service_affair_router.cluster(shard);
    RUN ON 0;
    SELECT 1 AS px_record_complaint_callback FROM service_affair_shard.writable_id('complaint', complaint_id) w(id), service_affair.record_complaint_callback(w.id, satisfied, at);
$$;
COMMENT ON FUNCTION service_affair_router.px_record_complaint_callback(text, bigint,boolean,timestamptz) IS
  'Internal: service_affair.record_complaint_callback() run on the named shard by PL/Proxy (as the calling role), on the id service_affair_shard.writable_id() returns there (55000 while the region of its case is moving, whoever names the shard); returns 1 for void';
REVOKE EXECUTE ON FUNCTION service_affair_router.px_record_complaint_callback(text, bigint,boolean,timestamptz) FROM PUBLIC;

CREATE FUNCTION service_affair_router.record_complaint_callback(complaint_id bigint, satisfied boolean, at timestamptz DEFAULT pg_catalog.now())
    RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_shard text;
    v_where text;
    v_holders text[];
    v_seen text[];
    v_go_on boolean;
BEGIN
    SELECT r.shard, r.for_region INTO v_shard, v_where FROM service_affair_router.shard_for_id(complaint_id, 'complaint') r;
    v_holders := service_affair_router.id_holders(v_shard);
    FOR i IN 1 .. pg_catalog.cardinality(v_holders) LOOP
        v_shard := v_holders[i];
        BEGIN
            PERFORM service_affair_router.px_record_complaint_callback(v_shard, complaint_id, satisfied, at);
            RETURN;
        EXCEPTION WHEN OTHERS OR query_canceled THEN
            -- unknown here (23503, or the 42501 of another's complaint: the same
            -- words to anybody but an administrator): the next holder; not
            -- reached: the next, 08006 after the last; else the answer of
            -- the shard holding it (next_holder(), the one home)
            SELECT n.seen, n.go_on INTO v_seen, v_go_on
              FROM service_affair_router.next_holder('complaint', true, v_holders, i, v_where, SQLSTATE, SQLERRM, v_seen) n;
            IF NOT v_go_on THEN
                RAISE;
            END IF;
        END;
    END LOOP;
END
$$;
COMMENT ON FUNCTION service_affair_router.record_complaint_callback(bigint,boolean,timestamptz) IS
  'service_affair.record_complaint_callback() with the same signature, run on the shard that numbered the complaint; the shard''s errors come back unchanged; 08006 naming the shard and its regions when the shard cannot be reached';
REVOKE EXECUTE ON FUNCTION service_affair_router.record_complaint_callback(bigint,boolean,timestamptz) FROM PUBLIC;
INSERT INTO service_affair_router.api (function, proxy, target) VALUES
  ('service_affair_router.record_complaint_callback(bigint,boolean,timestamptz)', 'service_affair_router.px_record_complaint_callback(text,bigint,boolean,timestamptz)', 'service_affair.record_complaint_callback(bigint,boolean,timestamptz)');

CREATE FUNCTION service_affair_router.px_close_complaint(shard text, complaint_id bigint, at timestamptz) RETURNS integer
    LANGUAGE plproxy
    SET search_path = pg_catalog, pg_temp
AS $$
    CLUSTER service_affair_router.cluster(shard);
    RUN ON 0;
    SELECT 1 AS px_close_complaint FROM service_affair_shard.writable_id('complaint', complaint_id) w(id), service_affair.close_complaint(w.id, at);
$$;
COMMENT ON FUNCTION service_affair_router.px_close_complaint(text, bigint,timestamptz) IS
  'Internal: service_affair.close_complaint() run on the named shard by PL/Proxy (as the calling role), on the id service_affair_shard.writable_id() returns there (55000 while the region of its case is moving, whoever names the shard); returns 1 for void';
REVOKE EXECUTE ON FUNCTION service_affair_router.px_close_complaint(text, bigint,timestamptz) FROM PUBLIC;

CREATE FUNCTION service_affair_router.close_complaint(complaint_id bigint, at timestamptz DEFAULT pg_catalog.now())
    RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_shard text;
    v_where text;
    v_holders text[];
    v_seen text[];
    v_go_on boolean;
BEGIN
    SELECT r.shard, r.for_region INTO v_shard, v_where FROM service_affair_router.shard_for_id(complaint_id, 'complaint') r;
    v_holders := service_affair_router.id_holders(v_shard);
    FOR i IN 1 .. pg_catalog.cardinality(v_holders) LOOP
        v_shard := v_holders[i];
        BEGIN
            PERFORM service_affair_router.px_close_complaint(v_shard, complaint_id, at);
            RETURN;
        EXCEPTION WHEN OTHERS OR query_canceled THEN
            -- unknown here (23503, or the 42501 of another's complaint: the same
            -- words to anybody but an administrator): the next holder; not
            -- reached: the next, 08006 after the last; else the answer of
            -- the shard holding it (next_holder(), the one home)
            SELECT n.seen, n.go_on INTO v_seen, v_go_on
              FROM service_affair_router.next_holder('complaint', true, v_holders, i, v_where, SQLSTATE, SQLERRM, v_seen) n;
            IF NOT v_go_on THEN
                RAISE;
            END IF;
        END;
    END LOOP;
END
$$;
COMMENT ON FUNCTION service_affair_router.close_complaint(bigint,timestamptz) IS
  'service_affair.close_complaint() with the same signature, run on the shard that numbered the complaint; the shard''s errors come back unchanged; 08006 naming the shard and its regions when the shard cannot be reached';
REVOKE EXECUTE ON FUNCTION service_affair_router.close_complaint(bigint,timestamptz) FROM PUBLIC;
INSERT INTO service_affair_router.api (function, proxy, target) VALUES
  ('service_affair_router.close_complaint(bigint,timestamptz)', 'service_affair_router.px_close_complaint(text,bigint,timestamptz)', 'service_affair.close_complaint(bigint,timestamptz)');

CREATE FUNCTION service_affair_router.px_complaint_from_rating(shard text, rating_id bigint, body text, at timestamptz) RETURNS bigint
    LANGUAGE plproxy
    SET search_path = pg_catalog, pg_temp
AS $$
    CLUSTER service_affair_router.cluster(shard);
    RUN ON 0;
    SELECT service_affair.complaint_from_rating(w.id, body, at) AS px_complaint_from_rating FROM service_affair_shard.writable_id('rating', rating_id) w(id);
$$;
COMMENT ON FUNCTION service_affair_router.px_complaint_from_rating(text, bigint,text,timestamptz) IS
  'Internal: service_affair.complaint_from_rating() run on the named shard by PL/Proxy (as the calling role), on the id service_affair_shard.writable_id() returns there (55000 while the region of its case is moving, whoever names the shard)';
REVOKE EXECUTE ON FUNCTION service_affair_router.px_complaint_from_rating(text, bigint,text,timestamptz) FROM PUBLIC;

CREATE FUNCTION service_affair_router.complaint_from_rating(rating_id bigint, body text DEFAULT NULL, at timestamptz DEFAULT pg_catalog.now())
    RETURNS bigint
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_shard text;
    v_where text;
    v_holders text[];
    v_seen text[];
    v_go_on boolean;
BEGIN
    SELECT r.shard, r.for_region INTO v_shard, v_where FROM service_affair_router.shard_for_id(rating_id, 'rating') r;
    v_holders := service_affair_router.id_holders(v_shard);
    FOR i IN 1 .. pg_catalog.cardinality(v_holders) LOOP
        v_shard := v_holders[i];
        BEGIN
            RETURN service_affair_router.px_complaint_from_rating(v_shard, rating_id, body, at);
        EXCEPTION WHEN OTHERS OR query_canceled THEN
            -- unknown here (a region moved to another shard with its ids): the
            -- next holder; not reached: the next, 08006 after the last; else the
            -- answer of the shard holding it (next_holder(), the one home)
            SELECT n.seen, n.go_on INTO v_seen, v_go_on
              FROM service_affair_router.next_holder('rating', false, v_holders, i, v_where, SQLSTATE, SQLERRM, v_seen) n;
            IF NOT v_go_on THEN
                RAISE;
            END IF;
        END;
    END LOOP;
END
$$;
COMMENT ON FUNCTION service_affair_router.complaint_from_rating(bigint,text,timestamptz) IS
  'service_affair.complaint_from_rating() with the same signature, run on the shard that numbered the rating (the shard of its case); the shard''s errors come back unchanged; 08006 naming the shard and its regions when the shard cannot be reached';
REVOKE EXECUTE ON FUNCTION service_affair_router.complaint_from_rating(bigint,text,timestamptz) FROM PUBLIC;
INSERT INTO service_affair_router.api (function, proxy, target) VALUES
  ('service_affair_router.complaint_from_rating(bigint,text,timestamptz)', 'service_affair_router.px_complaint_from_rating(text,bigint,text,timestamptz)', 'service_affair.complaint_from_rating(bigint,text,timestamptz)');

CREATE FUNCTION service_affair_router.px_record_credit_event(shard text, subject text, severity text, note text, at timestamptz, needs_review boolean, request_key text) RETURNS bigint
    LANGUAGE plproxy
    SET search_path = pg_catalog, pg_temp
AS $$
    CLUSTER service_affair_router.cluster(shard);
    RUN ON 0;
    SELECT service_affair.record_credit_event(subject, severity, note, at, needs_review, request_key) AS px_record_credit_event;
$$;
COMMENT ON FUNCTION service_affair_router.px_record_credit_event(text, text,text,text,timestamptz,boolean,text) IS
  'Internal: service_affair.record_credit_event() run on the named shard by PL/Proxy (as the calling role)';
REVOKE EXECUTE ON FUNCTION service_affair_router.px_record_credit_event(text, text,text,text,timestamptz,boolean,text) FROM PUBLIC;

CREATE FUNCTION service_affair_router.record_credit_event(subject text, severity text, note text, at timestamptz DEFAULT pg_catalog.now(), needs_review boolean DEFAULT false, request_key text DEFAULT NULL)
    RETURNS bigint
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_shard text;
    v_where text;
BEGIN
    SELECT r.shard, r.for_region INTO v_shard, v_where FROM service_affair_router.shard_for_subject(subject) r;
    BEGIN
        RETURN service_affair_router.px_record_credit_event(v_shard, subject, severity, note, at, needs_review, request_key);
    EXCEPTION WHEN OTHERS OR query_canceled THEN
        IF service_affair_router.is_unreachable(SQLSTATE, SQLERRM) THEN
            PERFORM service_affair_router.unreachable(v_shard, v_where, SQLERRM, state => SQLSTATE);
        END IF;
        RAISE;
    END;
END
$$;
COMMENT ON FUNCTION service_affair_router.record_credit_event(text,text,text,timestamptz,boolean,text) IS
  'service_affair.record_credit_event() with the same signature, run on the shard serving the region code of the subject (shard_for_subject()); the shard''s errors come back unchanged; 08006 naming the shard and its regions when the shard cannot be reached, 08007 when the connection was lost after the call was sent (repeat it with the same request_key, which goes to the shard with the call)';
REVOKE EXECUTE ON FUNCTION service_affair_router.record_credit_event(text,text,text,timestamptz,boolean,text) FROM PUBLIC;
INSERT INTO service_affair_router.api (function, proxy, target) VALUES
  ('service_affair_router.record_credit_event(text,text,text,timestamptz,boolean,text)', 'service_affair_router.px_record_credit_event(text,text,text,text,timestamptz,boolean,text)', 'service_affair.record_credit_event(text,text,text,timestamptz,boolean,text)');

CREATE FUNCTION service_affair_router.px_review_credit_event(shard text, event_id bigint, confirm boolean, note text, at timestamptz) RETURNS bigint
    LANGUAGE plproxy
    SET search_path = pg_catalog, pg_temp
AS $$
    CLUSTER service_affair_router.cluster(shard);
    RUN ON 0;
    SELECT service_affair.review_credit_event(event_id, confirm, note, at) AS px_review_credit_event;
$$;
COMMENT ON FUNCTION service_affair_router.px_review_credit_event(text, bigint,boolean,text,timestamptz) IS
  'Internal: service_affair.review_credit_event() run on the named shard by PL/Proxy (as the calling role)';
REVOKE EXECUTE ON FUNCTION service_affair_router.px_review_credit_event(text, bigint,boolean,text,timestamptz) FROM PUBLIC;

CREATE FUNCTION service_affair_router.review_credit_event(event_id bigint, confirm boolean, note text DEFAULT NULL, at timestamptz DEFAULT pg_catalog.now())
    RETURNS bigint
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_shard text;
    v_where text;
    v_holders text[];
    v_seen text[];
    v_go_on boolean;
BEGIN
    SELECT r.shard, r.for_region INTO v_shard, v_where FROM service_affair_router.shard_for_id(event_id, 'credit event') r;
    v_holders := service_affair_router.id_holders(v_shard);
    FOR i IN 1 .. pg_catalog.cardinality(v_holders) LOOP
        v_shard := v_holders[i];
        BEGIN
            RETURN service_affair_router.px_review_credit_event(v_shard, event_id, confirm, note, at);
        EXCEPTION WHEN OTHERS OR query_canceled THEN
            -- unknown here (a region moved to another shard with its ids): the
            -- next holder; not reached: the next, 08006 after the last; else the
            -- answer of the shard holding it (next_holder(), the one home)
            SELECT n.seen, n.go_on INTO v_seen, v_go_on
              FROM service_affair_router.next_holder('credit event', false, v_holders, i, v_where, SQLSTATE, SQLERRM, v_seen) n;
            IF NOT v_go_on THEN
                RAISE;
            END IF;
        END;
    END LOOP;
END
$$;
COMMENT ON FUNCTION service_affair_router.review_credit_event(bigint,boolean,text,timestamptz) IS
  'service_affair.review_credit_event() with the same signature, run on the shard that numbered the credit event; the shard''s errors come back unchanged; 08006 naming the shard and its regions when the shard cannot be reached';
REVOKE EXECUTE ON FUNCTION service_affair_router.review_credit_event(bigint,boolean,text,timestamptz) FROM PUBLIC;
INSERT INTO service_affair_router.api (function, proxy, target) VALUES
  ('service_affair_router.review_credit_event(bigint,boolean,text,timestamptz)', 'service_affair_router.px_review_credit_event(text,bigint,boolean,text,timestamptz)', 'service_affair.review_credit_event(bigint,boolean,text,timestamptz)');

CREATE FUNCTION service_affair_router.px_repair_credit_event(shard text, event_id bigint, note text, at timestamptz) RETURNS bigint
    LANGUAGE plproxy
    SET search_path = pg_catalog, pg_temp
AS $$
    CLUSTER service_affair_router.cluster(shard);
    RUN ON 0;
    SELECT service_affair.repair_credit_event(event_id, note, at) AS px_repair_credit_event;
$$;
COMMENT ON FUNCTION service_affair_router.px_repair_credit_event(text, bigint,text,timestamptz) IS
  'Internal: service_affair.repair_credit_event() run on the named shard by PL/Proxy (as the calling role)';
REVOKE EXECUTE ON FUNCTION service_affair_router.px_repair_credit_event(text, bigint,text,timestamptz) FROM PUBLIC;

CREATE FUNCTION service_affair_router.repair_credit_event(event_id bigint, note text, at timestamptz DEFAULT pg_catalog.now())
    RETURNS bigint
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_shard text;
    v_where text;
    v_holders text[];
    v_seen text[];
    v_go_on boolean;
BEGIN
    SELECT r.shard, r.for_region INTO v_shard, v_where FROM service_affair_router.shard_for_id(event_id, 'credit event') r;
    v_holders := service_affair_router.id_holders(v_shard);
    FOR i IN 1 .. pg_catalog.cardinality(v_holders) LOOP
        v_shard := v_holders[i];
        BEGIN
            RETURN service_affair_router.px_repair_credit_event(v_shard, event_id, note, at);
        EXCEPTION WHEN OTHERS OR query_canceled THEN
            -- unknown here (a region moved to another shard with its ids): the
            -- next holder; not reached: the next, 08006 after the last; else the
            -- answer of the shard holding it (next_holder(), the one home)
            SELECT n.seen, n.go_on INTO v_seen, v_go_on
              FROM service_affair_router.next_holder('credit event', false, v_holders, i, v_where, SQLSTATE, SQLERRM, v_seen) n;
            IF NOT v_go_on THEN
                RAISE;
            END IF;
        END;
    END LOOP;
END
$$;
COMMENT ON FUNCTION service_affair_router.repair_credit_event(bigint,text,timestamptz) IS
  'service_affair.repair_credit_event() with the same signature, run on the shard that numbered the credit event; the shard''s errors come back unchanged; 08006 naming the shard and its regions when the shard cannot be reached';
REVOKE EXECUTE ON FUNCTION service_affair_router.repair_credit_event(bigint,text,timestamptz) FROM PUBLIC;
INSERT INTO service_affair_router.api (function, proxy, target) VALUES
  ('service_affair_router.repair_credit_event(bigint,text,timestamptz)', 'service_affair_router.px_repair_credit_event(text,bigint,text,timestamptz)', 'service_affair.repair_credit_event(bigint,text,timestamptz)');


-- ---- the public progress lookup, from anywhere ---------------------------------------------
CREATE FUNCTION service_affair_router.px_case_progress(shard text, case_id bigint, identifier text)
    RETURNS TABLE (status text, stage integer, department text, due date, missing text[],
                   result_point text, result_due date, result_delivered_at timestamptz, result_arrived_at timestamptz)
    LANGUAGE plproxy
    SET search_path = pg_catalog, pg_temp
AS $$
    CLUSTER service_affair_router.cluster(shard);
    RUN ON 0;
    SELECT p.status, p.stage, p.department, p.due, p.missing, p.result_point, p.result_due, p.result_delivered_at, p.result_arrived_at FROM service_affair_shard.readable_id('case', case_id) w(id), service_affair.case_progress(w.id, identifier) p;
$$;
COMMENT ON FUNCTION service_affair_router.px_case_progress(text, bigint, text) IS
  'Internal: service_affair.case_progress() run on the named shard by PL/Proxy (as the calling role), on the ids service_affair_shard.readable_id() returns there: none when the region of the case has moved away from that shard and the copy it still holds awaits drop_region() (no rows: the router asks the next holder)';
REVOKE EXECUTE ON FUNCTION service_affair_router.px_case_progress(text, bigint, text) FROM PUBLIC;

CREATE FUNCTION service_affair_router.case_progress(case_id bigint, identifier text)
    RETURNS TABLE (status text, stage integer, department text, due date, missing text[],
                   result_point text, result_due date, result_delivered_at timestamptz, result_arrived_at timestamptz)
    LANGUAGE plpgsql ROWS 2
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_shard text := service_affair_router.numbering_shard(case_id);
    v_holders text[];
    v_seen text[];
    v_go_on boolean;
BEGIN
    IF v_shard IS NULL THEN
        RETURN;  -- no shard numbers it: no rows, like an unknown case on a shard
    END IF;
    -- the numbering shard, then the shards its regions moved to: the first
    -- with rows.  No rows is this function's "unknown" (an unknown case and
    -- a wrong pair read alike), given to next_holder() as such; a holder not
    -- reached no longer ends the call (until 2026-12-05 08006 at once, so a
    -- numbering shard down hid a case moved to another): the next holder is
    -- asked, and when none has rows, 08006 naming the first not reached
    -- (it may hold the case), quoting the "no rows" met; when every holder
    -- was reached, no rows, as before; any other error (55000 once the
    -- session's wrong pairs are spent ...) at once (next_holder())
    v_holders := service_affair_router.id_holders(v_shard);
    FOR i IN 1 .. pg_catalog.cardinality(v_holders) LOOP
        v_shard := v_holders[i];
        BEGIN
            RETURN QUERY SELECT * FROM service_affair_router.px_case_progress(v_shard, case_id, identifier);
        EXCEPTION WHEN OTHERS THEN
            SELECT n.seen, n.go_on INTO v_seen, v_go_on
              FROM service_affair_router.next_holder('case', false, v_holders, i, NULL, SQLSTATE, SQLERRM, v_seen,
                                                     read_only => true) n;  -- a read: never 08007
            IF NOT v_go_on THEN
                RAISE;
            END IF;
            CONTINUE;
        END;
        EXIT WHEN FOUND;
        SELECT n.seen, n.go_on INTO v_seen, v_go_on
          FROM service_affair_router.next_holder('case', false, v_holders, i, NULL, '23503',
                                                 'no rows, as for a wrong pair or an unknown case', v_seen,
                                                 read_only => true) n;
        EXIT WHEN NOT v_go_on;  -- every holder reached and none with rows: no rows
    END LOOP;
END
$$;
COMMENT ON FUNCTION service_affair_router.case_progress(bigint, text) IS
  'service_affair.case_progress() with the same signature, asked of the shard that numbered the case (case number div 10^15), then of the shards its regions moved to (id_holder), the first with rows; a shard whose copy of a moved region awaits drop_region() is not read (readable_id()); no rows for a number no shard gives, and when every holder was reached and none had rows, as for an unknown case; a holder that cannot be reached does not end the call: the next is asked (next_holder(), no rows counting as unknown), and 08006 naming the first not reached only when no holder had rows. Each holder asked counts a wrong pair per session when it has no rows, and PL/Proxy shares one shard session per role and router backend: limit the rate of the public site on the router';
REVOKE EXECUTE ON FUNCTION service_affair_router.case_progress(bigint, text) FROM PUBLIC;
INSERT INTO service_affair_router.api (function, proxy, target) VALUES
  ('service_affair_router.case_progress(bigint,text)', 'service_affair_router.px_case_progress(text,bigint,text)', 'service_affair.case_progress(bigint,text)');
-- ---- the complaint sweep on every shard -----------------------------------------------------
-- A complaint stays on the shard it was received on, whichever department
-- handles it: each shard's complaint_sla_sweep() (run by sla_sweep()) flags
-- the complaints it holds.  This runs it on every shard, as the caller.
CREATE FUNCTION service_affair_router.px_complaint_sla_sweep(shard text, at timestamptz) RETURNS integer
    LANGUAGE plproxy
    SET search_path = pg_catalog, pg_temp
AS $$
    CLUSTER service_affair_router.cluster(shard);
    RUN ON 0;
    SELECT service_affair.complaint_sla_sweep(at) AS px_complaint_sla_sweep;
$$;
COMMENT ON FUNCTION service_affair_router.px_complaint_sla_sweep(text, timestamptz) IS
  'Internal: service_affair.complaint_sla_sweep() run on the named shard by PL/Proxy (as the calling role)';
REVOKE EXECUTE ON FUNCTION service_affair_router.px_complaint_sla_sweep(text, timestamptz) FROM PUBLIC;

CREATE FUNCTION service_affair_router.complaint_sla_sweep(at timestamptz DEFAULT pg_catalog.now()) RETURNS integer
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    s text;
    n integer := 0;
    v_down text;
    v_msg text;
    v_state text;
    v_swept text[] := '{}';
    v_noserver text[] := '{}';
BEGIN
    FOR s IN SELECT x FROM service_affair_router.shards() x LOOP
        -- a shard of the map without a PL/Proxy server on this router (one
        -- being added, a server renamed or dropped) is left out and
        -- reported after the others are swept, as a shard not reached is
        -- (until 2026-12-05 cluster()'s 23503 ended the sweep there, the
        -- shards after it in the map not swept; a review)
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_foreign_server f JOIN pg_catalog.pg_foreign_data_wrapper w ON w.oid = f.srvfdw
                        WHERE f.srvname = s AND w.fdwname = 'plproxy') THEN
            v_noserver := v_noserver || s;
            CONTINUE;
        END IF;
        BEGIN
            n := n + service_affair_router.px_complaint_sla_sweep(s, at);
            v_swept := v_swept || s;
        EXCEPTION WHEN OTHERS OR query_canceled THEN
            IF SQLSTATE = '57014' AND service_affair_router.is_in_doubt(SQLSTATE, SQLERRM) THEN
                -- cancelled by the router (statement_timeout, a user's cancel):
                -- this shard's sweep may have committed; no other shard is asked
                PERFORM service_affair_router.unreachable(s, NULL, SQLERRM, state => SQLSTATE);
            END IF;
            IF NOT service_affair_router.is_unreachable(SQLSTATE, SQLERRM) THEN
                RAISE;
            END IF;
            IF v_down IS NULL THEN
                v_down := s;
                v_msg := SQLERRM;
                v_state := SQLSTATE;
            END IF;
        END;
    END LOOP;
    -- the other shards were swept (each its own transaction, idempotent)
    IF pg_catalog.cardinality(v_noserver) > 0 THEN
        -- cluster()'s error for a call to that shard (23503: it does not
        -- come back by itself, a retry does not help), the shards swept and
        -- any shard not reached in the DETAIL
        RAISE EXCEPTION 'no PL/Proxy server for shard %', service_affair.printable(pg_catalog.left(pg_catalog.array_to_string(v_noserver, ', '), 200))
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('complaint_sla_sweep() swept shards %s (%s changes) and not %s: no foreign server of wrapper plproxy is named so on this router.%s',
                                             COALESCE(NULLIF(pg_catalog.array_to_string(v_swept, ', '), ''), 'none'), n,
                                             pg_catalog.left(pg_catalog.array_to_string(v_noserver, ', '), 200),
                                             CASE WHEN v_down IS NOT NULL
                                                  THEN pg_catalog.format(' Shard %s could not be reached either.', v_down) ELSE '' END),
                  HINT = 'CREATE SERVER <shard> FOREIGN DATA WRAPPER plproxy OPTIONS (p0 ''...'') for each, then run the sweep again: it is idempotent.';
    END IF;
    IF v_down IS NOT NULL THEN
        PERFORM service_affair_router.unreachable(v_down, NULL, v_msg, state => v_state);
    END IF;
    RETURN n;
END
$$;
COMMENT ON FUNCTION service_affair_router.complaint_sla_sweep(timestamptz) IS
  'service_affair.complaint_sla_sweep() with the same signature, run on every shard of the map (each flags the complaints it holds, whichever shard serves their handling department); returns the changes on all shards; after sweeping the others, 23503 naming the shards without a PL/Proxy server on this router (the shards swept and the changes in the DETAIL), else 08006 naming a shard that cannot be reached (run it again when it is back: the sweep is idempotent)';
REVOKE EXECUTE ON FUNCTION service_affair_router.complaint_sla_sweep(timestamptz) FROM PUBLIC;
INSERT INTO service_affair_router.api (function, proxy, target) VALUES
  ('service_affair_router.complaint_sla_sweep(timestamptz)', 'service_affair_router.px_complaint_sla_sweep(text,timestamptz)', 'service_affair.complaint_sla_sweep(timestamptz)');
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA service_affair_router FROM PUBLIC;
-- The initial privileges are the script's own (sql/parts/98_init_privs.sql):
-- a second CREATE EXTENSION over the schema a DROP EXTENSION left does not
-- take the USAGE create_roles() granted on it for one, and dumps keep it.
SELECT service_affair.own_initial_privileges('service_affair_router');
