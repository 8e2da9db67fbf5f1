-- Case progress for applicants (issue 14): case_progress(case number,
-- identifier) for the public role.  The identifier presented is compared with
-- the applicant's in constant time (src/progress.c); a wrong pair, an unknown
-- case and a malformed identifier all give no rows and count against the
-- session's budget of wrong pairs, kept in backend memory (a rollback does
-- not reset it).  See doc/guides.md.
--
-- The guide a case was filed under is guide_as_of(item, submitted_at)
-- (33_guides.sql): the catalog versions are append-only, so cases need no
-- copy of it.  This part is wholly new in 0.2.0: its update file is a link.

CREATE FUNCTION service_affair.identifier_equal(a text, b text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'sa_identifier_equal'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.identifier_equal(text, text) IS
  'Internal: whether two identifiers are equal, compared in constant time (CRYPTO_memcmp) for equal lengths (case_progress())';
REVOKE EXECUTE ON FUNCTION service_affair.identifier_equal(text, text) FROM PUBLIC;

CREATE FUNCTION service_affair.progress_gate(matched boolean) RETURNS boolean
    AS 'MODULE_PATHNAME', 'sa_progress_gate'
    LANGUAGE C VOLATILE;
COMMENT ON FUNCTION service_affair.progress_gate(boolean) IS
  'Internal (case_progress, verify_licence): NULL raises 55000 once the session presented 10 wrong pairs; false counts a wrong pair; returns its argument';
REVOKE EXECUTE ON FUNCTION service_affair.progress_gate(boolean) FROM PUBLIC;

-- 代收代办 (doc/tongban.md): a case received at a point away from its
-- handling office has its result sent back to that point, where the
-- applicant collects it.  The four result_* columns, appended so that
-- callers by name keep working, tell where (the point's public name, as the
-- public reads it in service_point) and by when (the return leg's due) the
-- result comes back, when it was delivered (cases.delivered_at), and when
-- it arrived at the point (the return leg done: receive_result(), else the
-- delivery), so that a result arrived and not delivered is waiting there;
-- NULL for every case without legs, which costs one probe of case_leg's key
-- only when the case names a receiving point.  No code, id or login of the
-- leg is shown.  result_arrived_at is new of 2026-12-05: until then the
-- arrival was not recorded, and result_delivered_at was the return leg's
-- end (a review).
CREATE FUNCTION service_affair.case_progress(case_id bigint, identifier text)
    RETURNS TABLE (status text, stage integer, department text, due date, missing text[],
                   result_point text, result_due date, result_delivered_at timestamptz, result_arrived_at timestamptz)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER ROWS 2
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_canon text;
    v_settled boolean;  -- no open case of this number: read the history
    v_case record;
    v_stored text;
    v_missing text[];
    v_point text;      -- where the result comes back (代收代办), NULL without legs
    v_result_due date;
    v_delivered timestamptz;
    v_arrived timestamptz;  -- the return leg done: at the point (receive_result()), or delivered
BEGIN
    PERFORM service_affair.progress_gate(NULL);  -- 55000 once the session's budget is spent
    IF identifier IS NOT NULL AND pg_catalog.length(identifier) <= 64 THEN
        IF service_affair.is_valid_resident_id(identifier) THEN
            v_canon := identifier::service_affair.resident_id::text;
        ELSIF service_affair.is_valid_uscc(identifier) THEN
            v_canon := identifier::service_affair.uscc::text;
        END IF;
    END IF;
    -- the case, by the same two statements for every case number (an open,
    -- a settled and an unknown one): whether it is open, then its row and
    -- applicant through case_by_state() (63_settle.sql), from the open rows
    -- or from its month of the history (one statement reading both would
    -- read every month; the history is not touched for an open case: making
    -- a month locks it).  Until 2026-12-05 an open case and another took two
    -- statements of their own, cached and planned apart, and an unknown
    -- number was answered some 90 us slower than an existing one with a
    -- wrong identifier: a timing oracle for which case numbers exist (a
    -- review; doc/benchmarks-access.md, "case_progress()")
    PERFORM FROM service_affair.cases c WHERE c.id = case_progress.case_id AND NOT c.settled;
    v_settled := NOT FOUND;
    SELECT c.id, c.status, c.department, c.due, c.settled, c.receiving_point, c.delivered_at,
           COALESCE(a.resident_id::text, a.uscc::text) AS ident
      INTO v_case
      FROM service_affair.case_by_state(case_progress.case_id, v_settled) c JOIN service_affair.applicant a ON a.id = c.applicant;
    IF NOT FOUND AND NOT v_settled THEN
        -- open at the probe, settled (settle_cases()) before the read: its
        -- month of the history (only in that race, which no test provokes)
        SELECT c.id, c.status, c.department, c.due, c.settled, c.receiving_point, c.delivered_at,
               COALESCE(a.resident_id::text, a.uscc::text) AS ident
          INTO v_case
          FROM service_affair.case_by_state(case_progress.case_id, true) c JOIN service_affair.applicant a ON a.id = c.applicant;
    END IF;
    -- the same comparison whether the case exists or not
    v_stored := COALESCE(v_case.ident, '000000000000000000');
    IF NOT service_affair.progress_gate(
               service_affair.identifier_equal(v_stored, COALESCE(v_canon, '~~~~~~~~~~~~~~~~~~'))
               AND v_case.id IS NOT NULL AND v_canon IS NOT NULL) THEN
        RETURN;
    END IF;
    IF NOT v_case.settled THEN
        SELECT COALESCE(pg_catalog.array_agg(m.material ORDER BY m.material), '{}') INTO v_missing
          FROM service_affair.case_material m
         WHERE m.case_id = v_case.id AND NOT m.settled
           AND m.initial_status IN ('missing', 'tolerated') AND m.status IN ('missing', 'tolerated');
    ELSE
        SELECT COALESCE(pg_catalog.array_agg(m.material ORDER BY m.material), '{}') INTO v_missing
          FROM service_affair.settled_case_materials(v_case.id) m
         WHERE m.initial_status IN ('missing', 'tolerated') AND m.status IN ('missing', 'tolerated');
    END IF;
    -- where the result comes back (代收代办): an accepted case whose
    -- originals went to the handling office (a forward leg) will have its
    -- result back at that point; a concluded one has it on the way (the
    -- return leg: its due), arrived at the point (the leg done) and
    -- delivered (the case's delivery).  A returned, withdrawn or revoked
    -- case, and one without a point, show nothing
    IF v_case.receiving_point IS NOT NULL AND v_case.status IN ('accepted', 'concluded') THEN
        IF NOT v_case.settled THEN
            SELECT p.name, r.due, r.done_at INTO v_point, v_result_due, v_arrived
              FROM service_affair.case_leg f
              JOIN service_affair.service_point p ON p.code = f.point
              LEFT JOIN service_affair.case_leg r ON r.case_id = f.case_id AND NOT r.settled AND r.leg = 'return'
             WHERE f.case_id = v_case.id AND NOT f.settled AND f.leg = 'forward';
        ELSE  -- its month of the history only (63_settle.sql)
            SELECT pg_catalog.max(p.name) FILTER (WHERE l.leg = 'forward'),
                   pg_catalog.max(l.due) FILTER (WHERE l.leg = 'return'),
                   pg_catalog.max(l.done_at) FILTER (WHERE l.leg = 'return')
              INTO v_point, v_result_due, v_arrived
              FROM service_affair.settled_case_legs(v_case.id) l
              JOIN service_affair.service_point p ON p.code = l.point;
        END IF;
        v_delivered := CASE WHEN v_point IS NOT NULL THEN v_case.delivered_at END;
    END IF;
    RETURN QUERY
        SELECT v_case.status, t.stage, t.department, t.due, v_missing, v_point, v_result_due, v_delivered, v_arrived
          FROM service_affair.task t
         WHERE t.case_id = v_case.id AND NOT t.settled AND t.status IN ('open', 'suspended')  -- a settled case has none
         ORDER BY t.stage, t.department, t.id;
    IF NOT FOUND THEN
        RETURN QUERY SELECT v_case.status, NULL::integer, v_case.department, v_case.due, v_missing,
                            v_point, v_result_due, v_delivered, v_arrived;
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.case_progress(bigint, text) IS
  'Where a case stands, for its applicant: given the case number and the applicant''s resident id or USCC (compared in constant time), the case status and, per open task, its stage, department and due date, with the materials of the notice still outstanding; one row with the case status when no task is open; for a case received at a point away from its handling office (代收代办: accepted with its originals forwarded, or concluded), on every row the public name of that point, where the result comes back for collection (result_point), the due date of the result''s return there once the case is concluded (result_due), the time the result was delivered (result_delivered_at) and the time it arrived at the point (result_arrived_at: receive_result(), else the delivery; arrived and not delivered, it waits there), NULL for any other case; a wrong pair gives no rows, like an unknown case; 55000 after 10 wrong pairs in a session';
REVOKE EXECUTE ON FUNCTION service_affair.case_progress(bigint, text) FROM PUBLIC;

-- The guide a case was filed under: the catalog versions in force at its
-- submission (guide_as_of), whatever changed since.
CREATE FUNCTION service_affair.case_guide(case_id bigint) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c record;
BEGIN
    -- the right first (require_case(): an unknown case is refused as
    -- another region's, administrators pass): until 2026-12-05 an unknown
    -- case was 23503 to any clerk, who learned which case numbers existed
    -- (a review); a NULL id names nothing (22023)
    IF case_id IS NULL THEN
        PERFORM service_affair.refuse_null_id('case id', case_id);  -- 22023 (06_arguments.sql)
    END IF;
    PERFORM service_affair.require_case(case_guide.case_id);  -- 42501 (05_org.sql)
    SELECT x.id, x.service, x.service_kind, x.submitted_at INTO c FROM service_affair.cases x WHERE x.id = case_guide.case_id AND NOT x.settled;
    IF NOT FOUND THEN  -- a settled case (40_cases.sql: open ones first)
        SELECT x.id, x.service, x.service_kind, x.submitted_at INTO c FROM service_affair.settled_case(case_guide.case_id) x;  -- its month only (63_settle.sql)
    END IF;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown case'  -- administrators only (require_case())
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = pg_catalog.format('No case has id %s.', COALESCE(case_id::text, 'NULL'));
    END IF;
    IF c.service_kind = 'item' THEN
        RETURN service_affair.guide_as_of(c.service, c.submitted_at);
    END IF;
    RETURN (SELECT pg_catalog.jsonb_build_object(
                'bundle', (SELECT r.image FROM service_affair.catalog_rows_as_of('bundle', c.submitted_at) r
                            WHERE r.key->>'code' = c.service),
                'items', COALESCE(pg_catalog.jsonb_agg(
                             pg_catalog.jsonb_build_object('stage', (bi.image->>'stage')::integer,
                                                           'guide', service_affair.guide_as_of(bi.image->>'item', c.submitted_at))
                             ORDER BY (bi.image->>'stage')::integer, bi.image->>'item'), '[]'::jsonb))
              FROM service_affair.catalog_rows_as_of('bundle_item', c.submitted_at) bi
             WHERE bi.key->>'bundle' = c.service);
END
$$;
COMMENT ON FUNCTION service_affair.case_guide(bigint) IS
  'The guide a case was filed under (its submission snapshot): guide_as_of(item, submitted_at), or for a bundle its row and the guide of each member item as of the submission; NULL parts when the catalog versions start later (a case older than the update to 0.2.0); clerks of the case''s region and administrators: 42501 to anybody else, alike for an unknown case (require_case(), asked first), 23503 unknown case (administrators), 22023 a NULL id';
REVOKE EXECUTE ON FUNCTION service_affair.case_guide(bigint) FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- Grants (applied by create_roles(), 90_access.sql): case progress
INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    ('public', 'EXECUTE', 'service_affair.case_progress(bigint,text)'),
    ('clerk', 'EXECUTE', 'service_affair.case_progress(bigint,text)'),
    ('admin', 'EXECUTE', 'service_affair.case_progress(bigint,text)'),
    ('clerk', 'EXECUTE', 'service_affair.case_guide(bigint)'),
    ('admin', 'EXECUTE', 'service_affair.case_guide(bigint)')
ON CONFLICT DO NOTHING;
