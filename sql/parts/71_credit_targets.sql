-- The credit record and the inspection directories (after 70_inspection.sql):
-- the grade the draw uses (target.credit_risk, 重点监管 beside 双随机), an
-- inspection fail as a credit event, and credit_profile over every applicant
-- and target.  See doc/credit.md.

ALTER TABLE service_affair.target ADD COLUMN credit_risk text
    CONSTRAINT target_credit_risk CHECK (credit_risk IN ('A', 'B', 'C', 'D'));
COMMENT ON COLUMN service_affair.target.credit_risk IS
  'Grade the draw uses instead of risk, derived from the credit record (credit_effective_grade of risk and the credit grade); NULL: no credit history, risk applies';
COMMENT ON CONSTRAINT target_credit_risk ON service_affair.target IS 'A derived grade is A, B, C or D';

-- The credit.* settings (credit_setting(), 56_credit.sql; the table is
-- 60_ratings.sql's, hence here): a value that would break every credit
-- event later (a fact lasting 0 years fails credit_event_period; a bonus of
-- 5 grades) is refused when it is written, as the other areas' settings
-- are (setting_settle_days ...).
-- A name of the area that is none of them (a typo: credit.duration_year)
-- is refused too, as complaint.* names are: it would be ignored silently
-- (until 2026-12-05 it was; a review).
-- (NOT VALID: validated with every setting_* constraint by 97_setting_validate.sql,
-- which names the rows of a 0.1.0 database it refuses)
ALTER TABLE service_affair.setting ADD CONSTRAINT setting_credit CHECK (
    name NOT LIKE 'credit.%'
    OR (name IN ('credit.duration_years', 'credit.clean_years', 'credit.clean_bonus', 'credit.clean_merits')
        AND value ~ '^[0-9]{1,3}$'
        AND (name <> 'credit.duration_years' OR value::integer >= 1)
        AND (name <> 'credit.clean_bonus' OR value::integer <= 1))) NOT VALID;
COMMENT ON CONSTRAINT setting_credit ON service_affair.setting IS
  'The credit.* settings are credit.duration_years, credit.clean_years, credit.clean_bonus and credit.clean_merits (another name of the area is refused, not ignored), integers 0..999; credit.duration_years at least 1, credit.clean_bonus 0 or 1';

-- The grade rule of the directory, its one home: for every target with a
-- credit event, a clean outcome or a derived grade, the grade it should
-- carry (new) beside the one it carries (old) and the row version it was
-- computed from.  Read by credit_refresh_targets() below for every target
-- (the sweep) or restricted to one target and its subject (a credit
-- writer).  A view, not a statement of that function with conditions
-- `(v_target IS NULL OR x = v_target)`: a generic plan could not simplify
-- those, so until 2026-12-06 the function was planned anew at every call
-- (plan_cache_mode = force_custom_plan), ~1.85 ms of each pass and fail of
-- record_result() (doc/benchmarks-insp.md).  Restricted by `id = $1 AND
-- subject = $2`, a generic plan pushes both into every table read: the
-- target's passes by inspection_result_target_idx, its kept checks from
-- its row, its events by credit_event_subject_idx (the subject reaches the
-- left join of credit_standing from the outer side, t.uscc::text = $2).
-- The settings are read once a statement (p, materialized), as the
-- function's variables were.
CREATE VIEW service_affair.credit_target_grade AS
WITH p AS MATERIALIZED (
    SELECT d.today,
           (d.today - pg_catalog.make_interval(years => service_affair.credit_setting('credit.clean_years')))::date AS since,
           service_affair.credit_setting('credit.clean_bonus') <> 0 AS bonus,
           service_affair.credit_setting('credit.clean_merits') AS merits
      FROM (SELECT service_affair.credit_today() AS today) d)
SELECT t.id, t.uscc::text AS subject, t.credit_risk AS old, t.xmin AS version,
       CASE WHEN s.subject IS NULL AND m.id IS NULL THEN NULL
            -- no merit is a count of 0: credit.clean_merits 0 asks
            -- for none (until 2026-12-05 NULL, and no bonus; a review)
            ELSE service_affair.credit_effective_grade(t.risk, COALESCE(s.grade, 'A'), p.bonus AND COALESCE(m.n, 0) >= p.merits)
       END AS new
  FROM service_affair.target t
 CROSS JOIN p
  -- a target is an organisation: the record of kind org (a person whose
  -- resident id has the same characters is another subject)
  LEFT JOIN service_affair.credit_standing s ON s.subject = t.uscc::text AND s.subject_kind = 'org'
  LEFT JOIN (
        -- a clean record: inspections passed and commitments kept within the
        -- clean window, by today (one dated later is no merit yet, as a
        -- fact dated later is not recent yet: credit_event_status)
        SELECT merit.id, pg_catalog.count(*) AS n
          FROM (SELECT r.target AS id FROM service_affair.inspection_result r, p
                 WHERE r.outcome = 'pass' AND service_affair.local_day(r.at, 'cn') > p.since
                   AND service_affair.local_day(r.at, 'cn') <= p.today
                UNION ALL
                -- one merit a case: the applicant commits once for it
                -- (告知承诺书), however many departments check it, as its
                -- false commitment is one fact (commitment_fact()); until
                -- 2026-12-06 each kept check counted, and one case checked
                -- by two departments earned the bonus alone (a hostile
                -- review; test/pgtap/credit_merit_per_case.sql)
                SELECT kc.id FROM (
                SELECT DISTINCT t.id, k.case_id FROM service_affair.commitment_check k
                  -- an open check's case is open (settle_cases() moves a case with
                  -- its checks), and NOT c.settled keeps the history out of the plan
                  JOIN service_affair.cases c ON c.id = k.case_id AND NOT c.settled
                  JOIN service_affair.applicant a ON a.id = c.applicant
                  JOIN service_affair.target t ON t.uscc OPERATOR(service_affair.=) a.uscc
                 CROSS JOIN p
                 WHERE k.status = 'kept' AND NOT k.settled  -- the history's checks: see doc/scale.md, slice 1
                   AND service_affair.local_day(k.checked_at, k.calendar) > p.since
                   AND service_affair.local_day(k.checked_at, k.calendar) <= p.today) kc) merit
         GROUP BY merit.id) m ON m.id = t.id
 WHERE s.subject IS NOT NULL OR m.id IS NOT NULL OR t.credit_risk IS NOT NULL;
COMMENT ON VIEW service_affair.credit_target_grade IS
  'Internal: the grade rule of the directory (its one home), as of credit_today(): for every target with a credit event, a clean outcome (inspection passed or commitment kept within credit.clean_years, by today, the kept checks of one case one commitment; credit.clean_merits of them earn the clean bonus) or a derived grade, the grade credit_refresh_targets() writes; read restricted by id and subject for one target, its plan stays generic';
COMMENT ON COLUMN service_affair.credit_target_grade.id IS 'Target id';
COMMENT ON COLUMN service_affair.credit_target_grade.subject IS 'The target''s USCC as text (the credit record''s subject, of kind org)';
COMMENT ON COLUMN service_affair.credit_target_grade.old IS 'Derived grade it carries (target.credit_risk)';
COMMENT ON COLUMN service_affair.credit_target_grade.version IS 'xmin of the target row the grade was computed from';
COMMENT ON COLUMN service_affair.credit_target_grade.new IS 'Derived grade it should carry: credit_effective_grade(risk, the credit grade, the clean bonus); NULL with no record left';
REVOKE ALL ON service_affair.credit_target_grade FROM PUBLIC;

-- Internal: recompute target.credit_risk (all targets, or those of one
-- subject of kind org: only_subject is a USCC; a person's record grades no
-- target, and its writers do not call this)
CREATE FUNCTION service_affair.credit_refresh_targets(at timestamptz, only_subject text DEFAULT NULL) RETURNS integer
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    -- the one-subject statement's plan is made once a session and kept:
    -- restricted to a target and its subject, the generic plan reads by
    -- the indexes (credit_target_grade); the sweep's has no parameter
    SET plan_cache_mode = force_generic_plan
    -- a writer: the record as of now, whatever as_of the caller set (credit_now())
    SET service_affair.credit_writing = 'on'
AS $$
DECLARE
    v_target bigint;
    n integer;
BEGIN
    -- one refresh of a subject at a time: a second writer of its record (a
    -- credit fact, a review, a kept check, an inspection result) waits here
    -- for the first to commit, and its statement below, with a snapshot
    -- taken after that, counts both facts.  Computed side by side, each
    -- from a snapshot without the other's fact, the later write left the
    -- grade of one fact (doc/credit.md, "Concurrency").  Only targets carry
    -- the grade: a subject that is none (a person) has nothing to lose.  The
    -- target is found by the directory's key (comparing the column as text
    -- read every target, ~2 s a fact at a million), and the statement
    -- below reads what concerns it alone
    IF only_subject IS NOT NULL THEN
        IF service_affair.is_valid_uscc(only_subject) THEN
            SELECT t.id INTO v_target FROM service_affair.target t
             WHERE t.uscc OPERATOR(service_affair.=) only_subject::service_affair.uscc AND t.uscc::text = only_subject
               FOR NO KEY UPDATE;
        END IF;
        IF v_target IS NULL THEN
            RETURN 0;
        END IF;
    END IF;
    -- a row another writer wrote since this statement's snapshot (a fact
    -- recorded for its subject while the sweep refreshed every target) is
    -- left with that writer's grade: re-checked on the row's latest
    -- version after the wait, it is no longer the version this grade was
    -- computed from.  Until 2026-12-03 the sweep wrote its older grade over
    -- the writer's (a review), and then, comparing the value only, over a
    -- writer whose grade with its fact was the grade already stored: that
    -- writer's refresh left the row as it was, and the sweep's grade
    -- without the fact won (a second review).  So the refresh of one
    -- subject always writes its row, the same grade included, and the
    -- sweep compares versions (xmin), not values.
    IF v_target IS NULL THEN
        WITH u AS (
            UPDATE service_affair.target t SET credit_risk = x.new
              FROM service_affair.credit_target_grade x
             WHERE t.id = x.id AND x.new IS DISTINCT FROM x.old
               AND t.xmin OPERATOR(pg_catalog.=) x.version
            RETURNING 1)
        SELECT pg_catalog.count(*) INTO n FROM u;
    ELSE
        WITH u AS (
            UPDATE service_affair.target t SET credit_risk = x.new
              FROM service_affair.credit_target_grade x
             WHERE x.id = v_target AND x.subject = only_subject
               AND t.id = x.id AND t.xmin OPERATOR(pg_catalog.=) x.version
            RETURNING x.new IS DISTINCT FROM x.old AS changed)
        SELECT pg_catalog.count(*) FILTER (WHERE u.changed) INTO n FROM u;
    END IF;
    RETURN n;
END
$$;
COMMENT ON FUNCTION service_affair.credit_refresh_targets(timestamptz, text) IS
  'Internal: recomputes target.credit_risk as of credit_today() for every target (or those of one subject of kind org, only_subject its USCC) with a credit event, a clean outcome (inspection passed or commitment kept within credit.clean_years, by today; credit.clean_merits of them, default 2, earn the clean bonus) or a derived grade, by the rule of credit_target_grade (the one-subject statement keeps its generic plan); returns the number changed; for one subject it locks the subject''s target first (FOR NO KEY UPDATE, as its update does: an inspection result''s foreign key, FOR KEY SHARE, does not wait), so that concurrent writers of one record refresh one after the other, the later counting both (READ COMMITTED)';
REVOKE EXECUTE ON FUNCTION service_affair.credit_refresh_targets(timestamptz, text) FROM PUBLIC;

-- A target added to the directory, or whose hand-set grade or USCC
-- changes, gets the grade its subject's credit record gives it at once, not
-- at the next sla_sweep(): the draw reads target.credit_risk, and a company
-- with a serious fact in force entered into the directory was drawn as its
-- hand-set A until the sweep (found by a review).  Only the subjects with
-- a record to read are refreshed (a credit event, or an applicant whose
-- kept commitments may earn the clean bonus), found once per statement:
-- loading a directory of a million targets costs two hashed lookups.  The
-- refresh's own update of credit_risk changes neither column and refreshes
-- nothing.  Not when a restore writes the rows (restoring(), in the WHEN
-- clause: the function pins its search_path; the grades are restored with
-- the rows, and computed before the record is restored they were wrong).
CREATE FUNCTION service_affair.credit_target_changed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_RELID IS DISTINCT FROM 'service_affair.target'::pg_catalog.regclass OR TG_WHEN <> 'AFTER'
       OR TG_LEVEL <> 'STATEMENT' OR TG_OP NOT IN ('INSERT', 'UPDATE') THEN
        RAISE EXCEPTION 'credit_target_changed() is not a trigger of this table'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'It runs after INSERT and UPDATE statements on service_affair.target only.';
    END IF;
    IF TG_OP = 'INSERT' THEN
        PERFORM service_affair.credit_refresh_targets(pg_catalog.now(), x.subject)
           FROM (SELECT DISTINCT n.uscc::text AS subject FROM target_added n
                  WHERE EXISTS (SELECT FROM service_affair.credit_event e WHERE e.subject = n.uscc::text AND e.subject_kind = 'org')
                     OR EXISTS (SELECT FROM service_affair.applicant a WHERE a.uscc OPERATOR(service_affair.=) n.uscc)) x;
    ELSE
        -- a subject whose target lost its USCC keeps nothing to refresh:
        -- the target's row is refreshed under its new USCC
        PERFORM service_affair.credit_refresh_targets(pg_catalog.now(), x.subject)
           FROM (SELECT DISTINCT n.uscc::text AS subject
                   FROM target_new n JOIN target_old o ON o.id = n.id
                  WHERE (n.risk, n.uscc::text) IS DISTINCT FROM (o.risk, o.uscc::text)
                    AND (n.credit_risk IS NOT NULL
                         OR EXISTS (SELECT FROM service_affair.credit_event e WHERE e.subject = n.uscc::text AND e.subject_kind = 'org')
                         OR EXISTS (SELECT FROM service_affair.applicant a WHERE a.uscc OPERATOR(service_affair.=) n.uscc))) x;
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION service_affair.credit_target_changed() IS
  'Trigger: after targets are inserted, or their risk or USCC updated, refreshes the derived grade (credit_refresh_targets()) of each of their subjects with a credit record (an event, or an applicant''s kept commitments) or a derived grade; not during a restore; refuses to run on any other table (42501)';
REVOKE EXECUTE ON FUNCTION service_affair.credit_target_changed() FROM PUBLIC;
CREATE TRIGGER target_credit_added AFTER INSERT ON service_affair.target REFERENCING NEW TABLE AS target_added
    FOR EACH STATEMENT WHEN (NOT service_affair.restoring()) EXECUTE FUNCTION service_affair.credit_target_changed();
CREATE TRIGGER target_credit_changed AFTER UPDATE ON service_affair.target REFERENCING OLD TABLE AS target_old NEW TABLE AS target_new
    FOR EACH STATEMENT WHEN (NOT service_affair.restoring()) EXECUTE FUNCTION service_affair.credit_target_changed();
COMMENT ON TRIGGER target_credit_added ON service_affair.target IS
  'A target added to the directory gets the grade its subject''s credit record gives it at once (the draw reads it)';
COMMENT ON TRIGGER target_credit_changed ON service_affair.target IS
  'A target whose hand-set grade or USCC changes gets the grade its credit record gives it at once';

-- The derived grade is the credit record's: written by
-- credit_refresh_targets() only (which runs as the extension's owner, from
-- the SECURITY DEFINER writers of the record, the sweep and the trigger
-- above).  An administrator holds UPDATE on the directory to keep it (names,
-- regions, the hand-set risk), and until 2026-12-03 could also set a target
-- under a grave fact back to A, unlogged, until the next sweep (a review):
-- the draw reads the grade.  A superuser (a restore, a DBA's repair) may,
-- and the owner (a restore run as the owner) may.
CREATE FUNCTION service_affair.target_credit_risk_derived() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_RELID IS DISTINCT FROM 'service_affair.target'::pg_catalog.regclass OR TG_WHEN <> 'BEFORE'
       OR TG_LEVEL <> 'ROW' OR TG_OP NOT IN ('INSERT', 'UPDATE') THEN
        RAISE EXCEPTION 'target_credit_risk_derived() is not a trigger of this table'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'It runs before INSERT and UPDATE of rows of service_affair.target only.';
    END IF;
    -- a superuser's session (session_by_superuser(), src/credit.c: as for
    -- the dates of outcomes), or the owner, as whom the SECURITY DEFINER
    -- writers run (by name from its oid)
    IF service_affair.session_by_superuser()
       OR current_user = (SELECT pg_catalog.pg_get_userbyid(c.relowner) FROM pg_catalog.pg_class c WHERE c.oid = TG_RELID) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'credit_risk is derived from the credit record'
        USING ERRCODE = 'insufficient_privilege',
              DETAIL = pg_catalog.format('Target %s: its credit_risk would become %s (it is %s); only the refresh from the credit record writes it.',
                                         COALESCE(NEW.id::text, 'new'), COALESCE(NEW.credit_risk, 'NULL'),
                                         CASE WHEN TG_OP = 'UPDATE' THEN COALESCE(OLD.credit_risk, 'NULL') ELSE 'not set' END),
              HINT = 'Record a credit event (record_credit_event()) or review one (review_credit_event()); the hand-set grade is risk.';
END
$$;
COMMENT ON FUNCTION service_affair.target_credit_risk_derived() IS
  'Trigger: refuses (42501) a change of target.credit_risk by anyone but the extension''s owner (credit_refresh_targets(), run by the credit writers and the sweep) or a session whose user is a superuser; refuses to run on any other table (42501)';
REVOKE EXECUTE ON FUNCTION service_affair.target_credit_risk_derived() FROM PUBLIC;
CREATE TRIGGER target_credit_risk_set BEFORE INSERT ON service_affair.target
    FOR EACH ROW WHEN (NEW.credit_risk IS NOT NULL)
    EXECUTE FUNCTION service_affair.target_credit_risk_derived();
CREATE TRIGGER target_credit_risk_changed BEFORE UPDATE OF credit_risk ON service_affair.target
    FOR EACH ROW WHEN (NEW.credit_risk IS DISTINCT FROM OLD.credit_risk)
    EXECUTE FUNCTION service_affair.target_credit_risk_derived();
COMMENT ON TRIGGER target_credit_risk_set ON service_affair.target IS
  'A target is entered without a derived grade but by the extension''s owner or a superuser (42501): the credit record gives it one';
COMMENT ON TRIGGER target_credit_risk_changed ON service_affair.target IS
  'Only the refresh from the credit record (the extension''s owner) or a superuser changes the derived grade (42501)';

-- The credit subject of a target, the other home beside applicant_subject()
-- (56_credit.sql): an organisation, its USCC (NULL for an unknown target).
CREATE FUNCTION service_affair.target_subject(target bigint, OUT subject_kind text, OUT subject text)
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    SELECT 'org', t.uscc::text INTO subject_kind, subject FROM service_affair.target t WHERE t.id = target_subject.target;
END
$$;
COMMENT ON FUNCTION service_affair.target_subject(bigint) IS
  'Internal: the credit subject of an inspection target: kind org and its canonical USCC; both NULL for an unknown target';
REVOKE EXECUTE ON FUNCTION service_affair.target_subject(bigint) FROM PUBLIC;

-- An inspection fail is a credit event; a pass may improve the grade.
CREATE FUNCTION service_affair.credit_from_result() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_RELID IS DISTINCT FROM 'service_affair.inspection_result'::pg_catalog.regclass OR TG_WHEN <> 'AFTER'
       OR TG_OP <> 'INSERT' OR TG_LEVEL <> 'ROW' THEN
        RAISE EXCEPTION 'credit_from_result() is not a trigger of this table'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'It runs after INSERT of rows of service_affair.inspection_result only.';
    END IF;
    IF NEW.outcome = 'fail' THEN
        PERFORM service_affair.credit_record(sk.subject_kind, sk.subject,
                                             'inspection_fail', 'draw:' || NEW.draw_id || '/target:' || NEW.target,
                                             'serious', NEW.at, false, NEW.findings)
           FROM service_affair.target_subject(NEW.target) sk;
    ELSIF NEW.outcome = 'pass' THEN
        PERFORM service_affair.credit_refresh_targets(NEW.at, sk.subject) FROM service_affair.target_subject(NEW.target) sk;
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION service_affair.credit_from_result() IS
  'Trigger: an inspection result fail records a serious credit event for the target (target_subject(): kind org, its USCC), a pass refreshes its grade; refuses to run on any other table (42501)';
REVOKE EXECUTE ON FUNCTION service_affair.credit_from_result() FROM PUBLIC;
-- Not when a restore writes the rows (restoring(), 05_org.sql): the
-- credit events and grades a result made are restored with their own
-- tables, and recording them again would duplicate them (or collide with
-- their ids before the sequence is restored).  The test is in the WHEN
-- clause because the function pins its search_path.
CREATE TRIGGER inspection_result_credit AFTER INSERT ON service_affair.inspection_result
    FOR EACH ROW WHEN (NEW.outcome IN ('fail', 'pass') AND NOT service_affair.restoring())
    EXECUTE FUNCTION service_affair.credit_from_result();
COMMENT ON TRIGGER inspection_result_credit ON service_affair.inspection_result IS
  'Inspection results feed the credit record (not when a restore writes them: what they fed is restored with it)';

-- The draw grade is joined by the typed USCC each side carries (NULL for a
-- person): a subquery per row comparing the directory's USCC as text read
-- the whole directory for every row, quadratic in the directory.
CREATE VIEW service_affair.credit_profile AS
SELECT s.subject, (s.manual_ok AND COALESCE(c.credit_ok, true)) AS credit_ok, COALESCE(c.grade, 'A') AS risk,
       COALESCE(t.credit_risk, t.risk) AS draw_grade, s.subject_kind
  FROM (SELECT COALESCE(a.uscc::text, a.resident_id::text) AS subject, a.kind AS subject_kind, a.uscc,
               pg_catalog.bool_and(a.credit_ok) AS manual_ok
          FROM service_affair.applicant a GROUP BY 1, 2, 3
        UNION ALL
        SELECT t.uscc::text, 'org', t.uscc, true FROM service_affair.target t
         WHERE NOT EXISTS (SELECT FROM service_affair.applicant a WHERE a.uscc OPERATOR(service_affair.=) t.uscc)) s
  LEFT JOIN service_affair.target t ON t.uscc OPERATOR(service_affair.=) s.uscc
  LEFT JOIN service_affair.credit_standing c ON c.subject = s.subject AND c.subject_kind = s.subject_kind;
COMMENT ON VIEW service_affair.credit_profile IS
  'One row per applicant or inspection target: credit_ok for intake (no serious or grave event in force, and applicant.credit_ok) and the credit grade A-D, as of credit_today()';
COMMENT ON COLUMN service_affair.credit_profile.subject IS 'Canonical USCC or resident id';
COMMENT ON COLUMN service_affair.credit_profile.credit_ok IS 'false while a serious or grave event is in force (not awaiting review), or when applicant.credit_ok is false';
COMMENT ON COLUMN service_affair.credit_profile.risk IS 'Credit grade A-D from the record (credit_grade)';
COMMENT ON COLUMN service_affair.credit_profile.draw_grade IS 'For a target: the grade its next draw uses (credit_risk, else the hand-set risk); NULL for a subject that is no target';
COMMENT ON COLUMN service_affair.credit_profile.subject_kind IS 'Kind of the subject: person (a resident id) or org (a USCC); a person and an organisation with the same characters are two rows';

-- 重点监管 (credit_focus_targets): 73_target_deregister.sql, which adds
-- the deregistration day it leaves out.

INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    ('admin', 'SELECT', 'service_affair.credit_profile')
ON CONFLICT DO NOTHING;
