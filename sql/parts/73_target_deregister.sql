-- ---------------------------------------------------------------------------
-- Deregistered targets (注销): out of the inspectable population from a day.
-- Until 2026-12-05 the directory could not say that a business had been
-- deregistered: a target a draw selected can never be deleted (23503,
-- target_keep_drawn()), so a business once drawn stayed a candidate of every
-- later draw whose filters matched it, its only outcome not_found (a
-- review; test/pgtap/insp_deregister.sql).  An administrator now sets
-- target.deregistered_on; draw() leaves the target out of the pool of a
-- draw made on that day (its local day, local_day(drawn_at)) or later.
-- verify_draw() re-runs a draw from its recorded pool (ids and grades), not
-- from the directory's filters, so no later mark changes what an older draw
-- verifies; the mark is still kept consistent with the draws' records
-- (target_deregister_check()): a date on or before the day of a draw that
-- counted the target, or a date moved later or cleared past a draw that
-- left the target out while it was marked, is refused (55000, naming the
-- draw): the mark is the record of why those draws left the target out,
-- and an administrator who could clear it after a draw could shield a
-- business from one draw without a trace.
ALTER TABLE service_affair.target ADD COLUMN deregistered_on date,
    ADD COLUMN deregistered_upto_draw bigint;
COMMENT ON COLUMN service_affair.target.deregistered_on IS
  'Day from which the target is out of the inspectable population (deregistered, 注销): draws made on that local day or later leave it out; NULL = in the population. Set by administrators; never moved to or before the day of a draw that counted the target, nor later or cleared past a draw that left it out (55000)';
COMMENT ON COLUMN service_affair.target.deregistered_upto_draw IS
  'The last draw made when deregistered_on was set (0 = none), written by the trigger target_deregister_check whatever is written: the draws after it were made while the mark stood, and left the target out if their filters matched it; NULL when not deregistered';
-- the draw looks up the deregistered targets (the packed directory has no date)
CREATE INDEX target_deregistered ON service_affair.target (deregistered_on, id) WHERE deregistered_on IS NOT NULL;
COMMENT ON INDEX service_affair.target_deregistered IS
  'The deregistered targets, which draw() reads once to leave them out of a scan of the packed directory';

-- 重点监管: the targets the record grades D, beside the random draw, in the
-- inspectable population: a target deregistered by today (credit_today(),
-- the local day of cn, as draw() counts a draw's day) is out of it, as it
-- is out of the draws' pools.  Until 2026-12-06 the list (then in
-- 71_credit_targets.sql, before this column) named deregistered businesses
-- for targeted checks as long as their grade stayed D (a hostile review;
-- test/pgtap/credit_focus_deregistered.sql).
CREATE VIEW service_affair.credit_focus_targets AS
SELECT t.id AS target, t.uscc::text AS uscc, t.name, t.risk, t.credit_risk
  FROM service_affair.target t
 WHERE t.credit_risk = 'D'
   AND (t.deregistered_on IS NULL OR t.deregistered_on > service_affair.credit_today());
COMMENT ON VIEW service_affair.credit_focus_targets IS
  'Key supervision list (重点监管): targets whose derived grade is D and that are not deregistered by today (credit_today(): deregistered_on after it, or none); a plan rates D highest, and this list names them for targeted checks beside the draw';
COMMENT ON COLUMN service_affair.credit_focus_targets.target IS 'Target id';
COMMENT ON COLUMN service_affair.credit_focus_targets.uscc IS 'USCC';
COMMENT ON COLUMN service_affair.credit_focus_targets.name IS 'Registered name';
COMMENT ON COLUMN service_affair.credit_focus_targets.risk IS 'Grade set by hand';
COMMENT ON COLUMN service_affair.credit_focus_targets.credit_risk IS 'Derived grade (D)';
INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    ('admin', 'SELECT', 'service_affair.credit_focus_targets'),
    ('inspector', 'SELECT', 'service_affair.credit_focus_targets')
ON CONFLICT DO NOTHING;

CREATE FUNCTION service_affair.insp_pool_grade(pool bytea, target bigint) RETURNS text
    AS 'MODULE_PATHNAME', 'sa_insp_pool_grade'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION service_affair.insp_pool_grade(bytea, bigint) IS
  'The grade (A to D) a draw''s recorded pool (draw.pool) gives a target, NULL when the draw did not count it (22023 for bytes that are not a pool record); target_deregister_check() asks it which draws counted a target';
REVOKE EXECUTE ON FUNCTION service_affair.insp_pool_grade(bytea, bigint) FROM PUBLIC;
INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    ('admin', 'EXECUTE', 'service_affair.insp_pool_grade(bytea,bigint)');

-- A mark (or its change) and a draw take turns at the writers' first lock
-- (insp_writer_lock()), as a delete or a change of id or USCC does
-- (target_keep_drawn()): the statement trigger takes it before the first
-- row and touches the map's row, so that a draw waits for an uncommitted
-- mark and then sees it (READ COMMITTED), a mark waits for a running draw
-- and then sees it in the check (READ COMMITTED: each query of the row
-- trigger has a snapshot taken after the wait), and a REPEATABLE READ draw
-- or mark whose snapshot predates the other gets 40001 at the lock instead
-- of a pool that contradicts the mark.  The row trigger checks the draws.
CREATE FUNCTION service_affair.target_deregister_check() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v record;
BEGIN
    IF TG_RELID <> 'service_affair.target'::pg_catalog.regclass OR TG_WHEN <> 'BEFORE' OR TG_OP NOT IN ('INSERT', 'UPDATE', 'DELETE')
       OR (TG_LEVEL = 'STATEMENT' AND TG_OP <> 'UPDATE') THEN
        RAISE EXCEPTION USING ERRCODE = 'trigger_protocol_violated',
            MESSAGE = pg_catalog.format('target_deregister_check() must not fire on %s %s %s of %s', TG_WHEN, TG_LEVEL, TG_OP,
                                        pg_catalog.left(TG_RELID::pg_catalog.regclass::text, 200)),
            DETAIL = 'It fires only before an insert or a delete of a row, or an update of deregistered_on, deregistered_upto_draw, region or industry, of service_affair.target.';
    END IF;
    IF TG_LEVEL = 'STATEMENT' THEN
        PERFORM service_affair.insp_writer_lock();
        UPDATE service_affair.target_team_map m SET head_draw = m.head_draw WHERE m.id = 1;
        RETURN NULL;
    END IF;
    -- a marked target deleted: the mark went with the row, and a target
    -- inserted again with its USCC was in the population, unmarked, with no
    -- trace that a draw had left it out (until 2026-12-05; a review,
    -- insp_deregister_revoke.sql).  A target a draw left out for its mark
    -- stays, as one a draw selected does (target_keep_drawn(), whose
    -- statement trigger holds the writers' lock already).
    IF TG_OP = 'DELETE' THEN
        SELECT d.id, d.drawn_at INTO v FROM service_affair.draw d JOIN service_affair.plan p ON p.id = d.plan_id
         WHERE d.id > COALESCE(OLD.deregistered_upto_draw, 0)
           AND service_affair.local_day(d.drawn_at) >= OLD.deregistered_on
           AND (p.regions IS NULL OR OLD.region = ANY (p.regions))
           AND (p.industries IS NULL OR OLD.industry = ANY (p.industries))
           AND service_affair.insp_pool_grade(d.pool, OLD.id) IS NULL
         ORDER BY d.id LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION USING ERRCODE = '55000',
                MESSAGE = pg_catalog.format('target %s was left out of draw %s as deregistered', OLD.id, v.id),
                DETAIL = pg_catalog.format('Draw %s, made on %s, left target %s (%s) out of its pool: deregistered on %s; the target and its mark stay.',
                                           v.id, service_affair.local_day(v.drawn_at), OLD.id,
                                           service_affair.mask_identifier(OLD.uscc::text), OLD.deregistered_on),
                HINT = 'The mark is the record of why that draw left the target out: a deregistered business stays in the directory, marked; a deregistration the registration authority annulled is cleared by revoke_deregistration(target, reason).';
        END IF;
        RETURN OLD;
    END IF;
    IF NEW.deregistered_on IS NOT NULL AND NOT pg_catalog.isfinite(NEW.deregistered_on) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'invalid deregistration day',
            DETAIL = pg_catalog.format('Target %s: deregistration day %s must be a finite date (NULL = in the population).',
                                       NEW.id, NEW.deregistered_on);
    END IF;
    -- a recorded day lies in the years 1 to 9999 (06_arguments.sql): until
    -- 2026-12-05 a day such as 20000-01-01 or 4000-01-01 BC was kept (a
    -- hostile review; insp_deregister.sql), a day that no client library
    -- of the analysts reads
    IF NEW.deregistered_on IS NOT NULL THEN
        PERFORM service_affair.refuse_unrecordable_day(NEW.deregistered_on, 'deregistered_on');  -- 22023
    END IF;
    -- a target inserted: its deregistered_upto_draw is left NULL here and
    -- written after the statement's rows by target_deregister_settle(),
    -- which takes the writers' lock and touches the map's row first, so
    -- that it is the last draw made before the row can be seen: a draw that
    -- comes while the insert is uncommitted waits for it (and sees the
    -- row), a REPEATABLE READ one whose snapshot predates it gets 40001.
    -- Until 2026-12-05 the insert took no lock: a draw that committed
    -- meanwhile, blind to the row, came after deregistered_upto_draw, and
    -- the check below took it for a draw that left the target out for its
    -- mark (a review; insp_target_deregister.spec); and later that day the
    -- lock was taken here, row by row: a multi-row insert then took it in
    -- the middle of the statement, after rows whose keys another load
    -- waited for, and two loads deadlocked (40P01; a review,
    -- insp_deregister_insert_deadlock.spec).
    IF TG_OP = 'INSERT' THEN
        NEW.deregistered_upto_draw := NULL;
        RETURN NEW;  -- in no draw's pool under this id yet
    END IF;
    -- the last draw made when the mark was set, whatever was written: kept
    -- while the mark stands (moved or not), the last draw when it is set
    -- (or when target_deregister_settle() writes it for an inserted row)
    NEW.deregistered_upto_draw := CASE
        WHEN NEW.deregistered_on IS NULL THEN NULL
        WHEN OLD.deregistered_on IS NOT NULL AND OLD.deregistered_upto_draw IS NOT NULL
            THEN OLD.deregistered_upto_draw
        ELSE COALESCE((SELECT d.id FROM service_affair.draw d ORDER BY d.id DESC LIMIT 1), 0) END;
    -- earlier (or newly set): a draw made on or after the new day that
    -- counted the target (its pool holds it) says it was in the population
    IF NEW.deregistered_on IS NOT NULL
       AND (OLD.deregistered_on IS NULL OR NEW.deregistered_on < OLD.deregistered_on) THEN
        SELECT d.id, d.drawn_at INTO v FROM service_affair.draw d
         WHERE service_affair.local_day(d.drawn_at) >= NEW.deregistered_on
           AND service_affair.insp_pool_grade(d.pool, OLD.id) IS NOT NULL
         ORDER BY d.id LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION USING ERRCODE = '55000',
                MESSAGE = pg_catalog.format('target %s was counted by draw %s', OLD.id, v.id),
                DETAIL = pg_catalog.format('Target %s (%s) is in the pool of draw %s, made on %s: it was in the population then, so it is deregistered on %s at the earliest, not %s.',
                                           OLD.id, service_affair.mask_identifier(OLD.uscc::text), v.id,
                                           service_affair.local_day(v.drawn_at),
                                           (SELECT pg_catalog.max(service_affair.local_day(d.drawn_at)) + 1 FROM service_affair.draw d
                                             WHERE service_affair.insp_pool_grade(d.pool, OLD.id) IS NOT NULL),
                                           NEW.deregistered_on),
                HINT = 'deregistered_on is the first day the target is out of the inspectable population; the draws that counted it keep it.';
        END IF;
    END IF;
    -- later or cleared: a draw made while the mark stood (after the draw
    -- that was the last when it was set) whose filters match the target and
    -- whose pool lacks it left it out for the mark
    -- a marked target's region or industry changed: a draw made while the
    -- mark stood whose filters matched it and whose pool lacks it left it
    -- out for the mark, and the check below matches the filters against
    -- the target's region and industry now.  Until 2026-12-05 a region
    -- changed to one that draw did not match let the mark be cleared, and
    -- the region changed back, without a trace (a review;
    -- insp_deregister.sql): such a change is refused, as the clearing is.
    -- The writers' lock first (taken already when the statement names
    -- deregistered_on), so that a draw running meanwhile is seen: taken
    -- here, at the row, rather than before every update of a region (which
    -- would make all changes of the directory's regions wait for the draws
    -- and for each other); the price is that an update that reaches a
    -- marked target's row after others waits for the lock holding their
    -- row locks (a writer holding the lock that then waits for one of
    -- those rows, as two edits of one target can, is a deadlock).
    IF OLD.deregistered_on IS NOT NULL
       AND (OLD.region, OLD.industry) IS DISTINCT FROM (NEW.region, NEW.industry) THEN
        PERFORM service_affair.insp_writer_lock();
        UPDATE service_affair.target_team_map m SET head_draw = m.head_draw WHERE m.id = 1;
        -- the filters matched as draw() matches them: a NULL region or
        -- industry is matched by no filter (COALESCE: until 2026-12-06 a
        -- region cleared to NULL compared as NULL and was taken, and the
        -- mark could then be cleared by hand; a review,
        -- insp_deregister_revoke.sql); and either way: a change to filters
        -- such a draw matches, the draw having left the target out for its
        -- region, would make it read as having left it out for the mark
        -- (until 2026-12-06 that was taken: the mark could not be cleared by
        -- hand, and revoke_deregistration() recorded the draw as having left
        -- out a registered target it never matched)
        SELECT d.id, d.drawn_at, m.was INTO v
          FROM service_affair.draw d JOIN service_affair.plan p ON p.id = d.plan_id
         CROSS JOIN LATERAL (
            SELECT COALESCE((p.regions IS NULL OR OLD.region = ANY (p.regions))
                            AND (p.industries IS NULL OR OLD.industry = ANY (p.industries)), false) AS was,
                   COALESCE((p.regions IS NULL OR NEW.region = ANY (p.regions))
                            AND (p.industries IS NULL OR NEW.industry = ANY (p.industries)), false) AS will) m
         WHERE d.id > COALESCE(OLD.deregistered_upto_draw, 0)
           AND service_affair.local_day(d.drawn_at) >= OLD.deregistered_on
           AND m.was <> m.will
           AND service_affair.insp_pool_grade(d.pool, OLD.id) IS NULL
         ORDER BY d.id LIMIT 1;
        IF FOUND AND v.was THEN
            RAISE EXCEPTION USING ERRCODE = '55000',
                MESSAGE = pg_catalog.format('target %s was left out of draw %s as deregistered', OLD.id, v.id),
                DETAIL = pg_catalog.format('Draw %s, made on %s, matched target %s (%s) by its region %s and industry %s and left it out of its pool: deregistered on %s; they cannot become %s and %s while the mark stands.',
                                           v.id, service_affair.local_day(v.drawn_at), OLD.id,
                                           service_affair.mask_identifier(OLD.uscc::text),
                                           COALESCE(service_affair.printable(pg_catalog.left(OLD.region, 40)), 'NULL'), COALESCE(service_affair.printable(pg_catalog.left(OLD.industry, 40)), 'NULL'),
                                           OLD.deregistered_on,
                                           COALESCE(service_affair.printable(pg_catalog.left(NEW.region, 40)), 'NULL'), COALESCE(service_affair.printable(pg_catalog.left(NEW.industry, 40)), 'NULL')),
                HINT = 'The mark is the record of why that draw left the target out, and the draw''s filters matched it by these; a deregistration the registration authority annulled is cleared by revoke_deregistration(target, reason) first.';
        ELSIF FOUND THEN
            RAISE EXCEPTION USING ERRCODE = '55000',
                MESSAGE = pg_catalog.format('target %s was outside the filters of draw %s while deregistered', OLD.id, v.id),
                DETAIL = pg_catalog.format('Draw %s, made on %s, did not match target %s (%s) by its region %s and industry %s: deregistered on %s; they cannot become %s and %s, which the draw matches, while the mark stands.',
                                           v.id, service_affair.local_day(v.drawn_at), OLD.id,
                                           service_affair.mask_identifier(OLD.uscc::text),
                                           COALESCE(service_affair.printable(pg_catalog.left(OLD.region, 40)), 'NULL'), COALESCE(service_affair.printable(pg_catalog.left(OLD.industry, 40)), 'NULL'),
                                           OLD.deregistered_on,
                                           COALESCE(service_affair.printable(pg_catalog.left(NEW.region, 40)), 'NULL'), COALESCE(service_affair.printable(pg_catalog.left(NEW.industry, 40)), 'NULL')),
                HINT = 'The draws made while the mark stands are matched against the target''s region and industry now: that draw would read as having left the target out for its mark. Change them after the mark is cleared or revoked (revoke_deregistration(target, reason)).';
        END IF;
    END IF;
    -- a mark cleared by revoke_deregistration() in this transaction (its
    -- record, naming the draws that left the target out, is written first):
    -- the deregistration was annulled (撤销注销), and the draws keep their
    -- record of having left out a target that was registered; the check
    -- below passes over the draws that record names, and only those.  Until
    -- 2026-12-05 nothing could clear such a mark (55000 below; a review,
    -- insp_deregister_revoke.sql); and until 2026-12-06 any record of the
    -- transaction for the target and the day let the mark be cleared past
    -- every draw: marked again with the same day after its revocation, left
    -- out of a draw of the same transaction and cleared by hand, a target
    -- left no trace of that draw, and a record restored into another
    -- cluster (its revoked_xact as dumped) matched that cluster's
    -- transaction of the same number (a review; insp_deregister_revoke.sql).
    IF OLD.deregistered_on IS NOT NULL
       AND (NEW.deregistered_on IS NULL OR NEW.deregistered_on > OLD.deregistered_on) THEN
        SELECT d.id, d.drawn_at INTO v FROM service_affair.draw d JOIN service_affair.plan p ON p.id = d.plan_id
         WHERE d.id > COALESCE(OLD.deregistered_upto_draw, 0)
           AND service_affair.local_day(d.drawn_at) >= OLD.deregistered_on
           AND (NEW.deregistered_on IS NULL OR service_affair.local_day(d.drawn_at) < NEW.deregistered_on)
           AND (p.regions IS NULL OR OLD.region = ANY (p.regions))
           AND (p.industries IS NULL OR OLD.industry = ANY (p.industries))
           AND service_affair.insp_pool_grade(d.pool, OLD.id) IS NULL
           AND NOT (NEW.deregistered_on IS NULL
                    AND EXISTS (SELECT FROM service_affair.target_deregistration_revoked r
                                 WHERE r.target = OLD.id AND r.deregistered_on = OLD.deregistered_on
                                   AND r.revoked_xact = pg_catalog.pg_current_xact_id()
                                   AND d.id = ANY (r.left_out_draws)))
         ORDER BY d.id LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION USING ERRCODE = '55000',
                MESSAGE = pg_catalog.format('target %s was left out of draw %s as deregistered', OLD.id, v.id),
                DETAIL = pg_catalog.format('Draw %s, made on %s, left target %s (%s) out of its pool: deregistered on %s; the day cannot become %s.',
                                           v.id, service_affair.local_day(v.drawn_at), OLD.id,
                                           service_affair.mask_identifier(OLD.uscc::text), OLD.deregistered_on,
                                           COALESCE(NEW.deregistered_on::text, 'NULL')),
                HINT = 'The mark is the record of why that draw left the target out; it stays. A deregistration the registration authority annulled (撤销注销) is cleared by revoke_deregistration(target, reason), which records the draws that left the target out.';
        END IF;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION service_affair.target_deregister_check() IS
  'Trigger: sets target.deregistered_upto_draw (the last draw made when the mark was set; NULL for an inserted row, written after the statement by target_deregister_settle()); before an update of target.deregistered_on takes the inspection writers'' lock (marks and draws take turns); refuses a day that is not finite or outside the years 1 to 9999 (22023), a day on or before the day of a draw that counted the target, or a day moved later or cleared past a draw that left it out while it was marked, or a marked target''s region or industry changed to ones such a draw did not match (or to ones a draw made while it stood, which left it out for them, matches), or such a target deleted (55000, naming the draw); refuses to run on any other table';
REVOKE EXECUTE ON FUNCTION service_affair.target_deregister_check() FROM PUBLIC;
CREATE TRIGGER target_deregister_lock BEFORE UPDATE OF deregistered_on, deregistered_upto_draw ON service_affair.target
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.target_deregister_check();
COMMENT ON TRIGGER target_deregister_lock ON service_affair.target IS
  'A change of deregistration days takes the inspection writers'' lock before its first row: marks and draws take turns';
CREATE TRIGGER target_deregister_check BEFORE UPDATE OF deregistered_on, deregistered_upto_draw, region, industry ON service_affair.target
    FOR EACH ROW WHEN (OLD.deregistered_on IS DISTINCT FROM NEW.deregistered_on
                       OR OLD.deregistered_upto_draw IS DISTINCT FROM NEW.deregistered_upto_draw
                       OR (OLD.deregistered_on IS NOT NULL
                           AND (OLD.region, OLD.industry) IS DISTINCT FROM (NEW.region, NEW.industry)))
    EXECUTE FUNCTION service_affair.target_deregister_check();
CREATE TRIGGER target_deregister_keep BEFORE DELETE ON service_affair.target
    FOR EACH ROW WHEN (OLD.deregistered_on IS NOT NULL)
    EXECUTE FUNCTION service_affair.target_deregister_check();
COMMENT ON TRIGGER target_deregister_keep ON service_affair.target IS
  'A marked target that a draw left out for its mark is not deleted (55000): the mark is that draw''s record, and a target inserted again with its USCC would be unmarked';
-- a restore (restoring(), 05_org.sql) keeps the value dumped
CREATE TRIGGER target_deregister_set BEFORE INSERT ON service_affair.target
    FOR EACH ROW WHEN ((NEW.deregistered_on IS NOT NULL OR NEW.deregistered_upto_draw IS NOT NULL) AND NOT service_affair.restoring())
    EXECUTE FUNCTION service_affair.target_deregister_check();
COMMENT ON TRIGGER target_deregister_set ON service_affair.target IS
  'A target inserted deregistered is checked (its day) and its deregistered_upto_draw left NULL (whatever is written), for target_deregister_settle, after the statement''s rows';
COMMENT ON TRIGGER target_deregister_check ON service_affair.target IS
  'deregistered_upto_draw is the trigger''s; a deregistration day is never on or before the day of a draw that counted the target, nor moved later or cleared past a draw that left it out, nor a marked target''s region or industry changed to ones such a draw did not match (55000)';

-- The targets a statement inserted deregistered get their
-- deregistered_upto_draw after the statement's rows, under the writers'
-- lock (see target_deregister_check()): an update of the column, which the
-- row trigger writes (the last draw, the row's being NULL).  Its lock comes
-- after the rows, as a draw's comes before them: a load that waits at
-- another load's uncommitted key holds no lock another waits for.
CREATE FUNCTION service_affair.target_deregister_settle() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_RELID <> 'service_affair.target'::pg_catalog.regclass OR TG_WHEN <> 'AFTER' OR TG_LEVEL <> 'STATEMENT' OR TG_OP <> 'INSERT' THEN
        RAISE EXCEPTION USING ERRCODE = 'trigger_protocol_violated',
            MESSAGE = pg_catalog.format('target_deregister_settle() must not fire on %s %s %s of %s', TG_WHEN, TG_LEVEL, TG_OP,
                                        pg_catalog.left(TG_RELID::pg_catalog.regclass::text, 200)),
            DETAIL = 'It fires only after an insert statement of service_affair.target.';
    END IF;
    IF EXISTS (SELECT FROM target_deregister_new n WHERE n.deregistered_on IS NOT NULL) THEN
        PERFORM service_affair.insp_writer_lock();
        UPDATE service_affair.target_team_map m SET head_draw = m.head_draw WHERE m.id = 1;
        UPDATE service_affair.target g SET deregistered_upto_draw = 0
          FROM target_deregister_new n
         WHERE g.id = n.id AND n.deregistered_on IS NOT NULL AND g.deregistered_upto_draw IS NULL;
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION service_affair.target_deregister_settle() IS
  'Trigger: after an insert statement that holds targets inserted deregistered, takes the inspection writers'' lock (after the rows: two loads never deadlock on it) and writes their deregistered_upto_draw, the last draw made; refuses to run on any other table';
REVOKE EXECUTE ON FUNCTION service_affair.target_deregister_settle() FROM PUBLIC;
CREATE TRIGGER target_deregister_settle AFTER INSERT ON service_affair.target REFERENCING NEW TABLE AS target_deregister_new
    FOR EACH STATEMENT WHEN (NOT service_affair.restoring()) EXECUTE FUNCTION service_affair.target_deregister_settle();
COMMENT ON TRIGGER target_deregister_settle ON service_affair.target IS
  'The targets inserted deregistered take the inspection writers'' lock after the statement''s rows and get their deregistered_upto_draw, the last draw made';

-- A deregistration revoked (撤销注销): the registration authority annuls a
-- deregistration, so the business was never deregistered and was in the
-- population on every day of the mark.  Until 2026-12-05 such a mark could
-- not be cleared once a draw had left the target out (55000 above: the
-- mark is that draw's record), and the directory went on saying a
-- registered business was out (a review; insp_deregister_revoke.sql).
-- revoke_deregistration() clears it and keeps the record here, append-only:
-- the day that was annulled, the reason, who and when, and the draws made
-- while the mark stood that left the target out (the question of the check
-- above).  Those draws are not rewritten: verify_draw() re-runs each from
-- its recorded pool and still verifies, and this record says that each
-- left out a target that was in fact registered (双随机: the pool is the
-- whole population its filters match; a correction of the directory after
-- the draw is published beside the draw, not folded into it).
CREATE TABLE service_affair.target_deregistration_revoked (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    target          bigint NOT NULL,
    uscc            service_affair.uscc NOT NULL,
    deregistered_on date NOT NULL,
    left_out_draws  bigint[] NOT NULL,
    reason          text NOT NULL,
    revoked_by      text NOT NULL,
    revoked_login   text NOT NULL,
    revoked_at      timestamptz NOT NULL DEFAULT pg_catalog.now(),
    revoked_xact    xid8 NOT NULL DEFAULT pg_catalog.pg_current_xact_id()
);
COMMENT ON TABLE service_affair.target_deregistration_revoked IS
  'Deregistrations revoked (撤销注销) by revoke_deregistration(), append-only: the mark cleared, why, and the draws that left the target out while it stood (each left out a target that was registered; they are not rewritten and still verify)';
COMMENT ON COLUMN service_affair.target_deregistration_revoked.id IS 'Revocation id';
COMMENT ON COLUMN service_affair.target_deregistration_revoked.target IS 'Target id (no foreign key: the record outlives the target)';
COMMENT ON COLUMN service_affair.target_deregistration_revoked.uscc IS 'The target''s USCC when the deregistration was revoked';
COMMENT ON COLUMN service_affair.target_deregistration_revoked.deregistered_on IS 'The deregistration day that was annulled (the cleared target.deregistered_on)';
COMMENT ON COLUMN service_affair.target_deregistration_revoked.left_out_draws IS
  'The draws made while the mark stood whose filters matched the target and whose pools lack it, ascending: each left out a target that was registered (empty: no draw did)';
COMMENT ON COLUMN service_affair.target_deregistration_revoked.reason IS 'Why (the registration authority''s decision), at most 1,000 characters';
COMMENT ON COLUMN service_affair.target_deregistration_revoked.revoked_by IS 'The actor (actor()) who recorded the revocation';
COMMENT ON COLUMN service_affair.target_deregistration_revoked.revoked_login IS
  'The login behind revoked_by (session_user): an administrator''s login that SET ROLE to another role records as that role, and this says who was logged in';
COMMENT ON COLUMN service_affair.target_deregistration_revoked.revoked_at IS 'When the revocation was recorded';
COMMENT ON COLUMN service_affair.target_deregistration_revoked.revoked_xact IS
  'The recording transaction: target_deregister_check() lets a mark be cleared past the draws that left the target out only in the transaction that wrote its record';
CREATE INDEX ON service_affair.target_deregistration_revoked (target);
SELECT pg_catalog.pg_extension_config_dump('service_affair.target_deregistration_revoked', '');
SELECT pg_catalog.pg_extension_config_dump('service_affair.target_deregistration_revoked_id_seq', '');
REVOKE ALL ON service_affair.target_deregistration_revoked FROM PUBLIC;
INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    ('admin', 'SELECT', 'service_affair.target_deregistration_revoked');
CREATE TRIGGER target_deregistration_revoked_append_only BEFORE UPDATE OR DELETE ON service_affair.target_deregistration_revoked
    FOR EACH ROW EXECUTE FUNCTION service_affair.insp_refuse_change();
CREATE TRIGGER target_deregistration_revoked_no_truncate BEFORE TRUNCATE ON service_affair.target_deregistration_revoked
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.insp_refuse_change();
COMMENT ON TRIGGER target_deregistration_revoked_append_only ON service_affair.target_deregistration_revoked IS
  'The record of revoked deregistrations, and of the draws that left out a registered target, is append-only: UPDATE and DELETE are refused (42501)';
COMMENT ON TRIGGER target_deregistration_revoked_no_truncate ON service_affair.target_deregistration_revoked IS
  'The record of revoked deregistrations is append-only: TRUNCATE is refused (42501)';

CREATE FUNCTION service_affair.revoke_deregistration(target bigint, reason text) RETURNS bigint[]
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    t    record;
    outs bigint[];
BEGIN
    PERFORM service_affair.require_admin();  -- 42501
    PERFORM service_affair.refuse_null_id('target', revoke_deregistration.target);  -- 22023
    IF reason IS NULL OR service_affair.is_blank(reason) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a revoked deregistration needs a reason',
            DETAIL = pg_catalog.format('Revoking the deregistration of target %s needs the registration authority''s decision.',
                                       revoke_deregistration.target);
    END IF;
    IF pg_catalog.length(reason) > 1000 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'reason too long',
            DETAIL = pg_catalog.format('A reason has at most 1,000 characters, not %s (%L...).',
                                       pg_catalog.length(reason), service_affair.printable(pg_catalog.left(reason, 40)));
    END IF;
    -- the writers' lock first, as the mark's update takes it (draws wait)
    PERFORM service_affair.insp_writer_lock();
    UPDATE service_affair.target_team_map m SET head_draw = m.head_draw WHERE m.id = 1;
    SELECT g.id, g.uscc, g.region, g.industry, g.deregistered_on, g.deregistered_upto_draw INTO t
      FROM service_affair.target g WHERE g.id = revoke_deregistration.target FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = '23503', MESSAGE = pg_catalog.format('target %s does not exist', revoke_deregistration.target),
            DETAIL = pg_catalog.format('No target has id %s.', revoke_deregistration.target);
    END IF;
    IF t.deregistered_on IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '55000', MESSAGE = pg_catalog.format('target %s is not deregistered', t.id),
            DETAIL = pg_catalog.format('Target %s (%s) has no deregistered_on: there is no deregistration to revoke.',
                                       t.id, service_affair.mask_identifier(t.uscc::text));
    END IF;
    -- the draws that left it out for the mark: target_deregister_check()'s question
    SELECT COALESCE(pg_catalog.array_agg(d.id ORDER BY d.id), '{}') INTO outs
      FROM service_affair.draw d JOIN service_affair.plan p ON p.id = d.plan_id
     WHERE d.id > COALESCE(t.deregistered_upto_draw, 0)
       AND service_affair.local_day(d.drawn_at) >= t.deregistered_on
       AND (p.regions IS NULL OR t.region = ANY (p.regions))
       AND (p.industries IS NULL OR t.industry = ANY (p.industries))
       AND service_affair.insp_pool_grade(d.pool, t.id) IS NULL;
    -- the actor and the login behind it (session_user): one allowed to SET
    -- ROLE to another role acts as that role, and the record says who was
    -- logged in (until 2026-12-06 the actor only; a review)
    INSERT INTO service_affair.target_deregistration_revoked (target, uscc, deregistered_on, left_out_draws, reason,
                                                              revoked_by, revoked_login)
    VALUES (t.id, t.uscc, t.deregistered_on, outs, reason, service_affair.actor(), session_user);
    UPDATE service_affair.target g SET deregistered_on = NULL WHERE g.id = t.id;
    RETURN outs;
END
$$;
COMMENT ON FUNCTION service_affair.revoke_deregistration(bigint, text) IS
  'Records a deregistration annulled by the registration authority (撤销注销): clears target.deregistered_on, even past draws that left the target out, and appends to target_deregistration_revoked the day, the reason and those draws, which it returns (administrators; 22023 no reason, 23503 no such target, 55000 not deregistered)';
REVOKE EXECUTE ON FUNCTION service_affair.revoke_deregistration(bigint, text) FROM PUBLIC;
INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    ('admin', 'EXECUTE', 'service_affair.revoke_deregistration(bigint,text)');
