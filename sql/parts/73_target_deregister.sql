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
    IF TG_RELID <> 'service_affair.target'::pg_catalog.regclass OR TG_WHEN <> 'BEFORE' OR TG_OP NOT IN ('INSERT', 'UPDATE')
       OR (TG_LEVEL = 'STATEMENT' AND TG_OP <> 'UPDATE') THEN
        RAISE EXCEPTION USING ERRCODE = 'trigger_protocol_violated',
            MESSAGE = pg_catalog.format('target_deregister_check() must not fire on %s %s %s of %s', TG_WHEN, TG_LEVEL, TG_OP,
                                        pg_catalog.left(TG_RELID::pg_catalog.regclass::text, 200)),
            DETAIL = 'It fires only before an insert of a row, or an update of deregistered_on or deregistered_upto_draw, of service_affair.target.';
    END IF;
    IF TG_LEVEL = 'STATEMENT' THEN
        PERFORM service_affair.insp_writer_lock();
        UPDATE service_affair.target_team_map m SET head_draw = m.head_draw WHERE m.id = 1;
        RETURN NULL;
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
    -- a target inserted deregistered: the writers' lock and a touch of the
    -- map's row first, as for a mark written by an UPDATE (the statement
    -- trigger), so that the last draw read below is the last one made
    -- before the row can be seen: a draw that comes while the insert is
    -- uncommitted waits for it (and sees the row), a REPEATABLE READ one
    -- whose snapshot predates it gets 40001.  Until 2026-12-05 the insert
    -- took no lock: a draw that committed meanwhile, blind to the row, came
    -- after deregistered_upto_draw, and the check below took it for a draw
    -- that left the target out for its mark: the mark could never be
    -- cleared or moved later, not even in the inserting transaction (a
    -- review; insp_target_deregister.spec).
    IF TG_OP = 'INSERT' AND NEW.deregistered_on IS NOT NULL THEN
        PERFORM service_affair.insp_writer_lock();
        UPDATE service_affair.target_team_map m SET head_draw = m.head_draw WHERE m.id = 1;
    END IF;
    -- the last draw made when the mark was set, whatever was written: kept
    -- while the mark stands (moved or not), the last draw when it is set
    NEW.deregistered_upto_draw := CASE
        WHEN NEW.deregistered_on IS NULL THEN NULL
        WHEN TG_OP = 'UPDATE' AND OLD.deregistered_on IS NOT NULL AND OLD.deregistered_upto_draw IS NOT NULL
            THEN OLD.deregistered_upto_draw
        ELSE COALESCE((SELECT d.id FROM service_affair.draw d ORDER BY d.id DESC LIMIT 1), 0) END;
    IF TG_OP = 'INSERT' THEN
        RETURN NEW;  -- in no draw's pool under this id yet
    END IF;
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
    IF OLD.deregistered_on IS NOT NULL
       AND (NEW.deregistered_on IS NULL OR NEW.deregistered_on > OLD.deregistered_on) THEN
        SELECT d.id, d.drawn_at INTO v FROM service_affair.draw d JOIN service_affair.plan p ON p.id = d.plan_id
         WHERE d.id > COALESCE(OLD.deregistered_upto_draw, 0)
           AND service_affair.local_day(d.drawn_at) >= OLD.deregistered_on
           AND (NEW.deregistered_on IS NULL OR service_affair.local_day(d.drawn_at) < NEW.deregistered_on)
           AND (p.regions IS NULL OR OLD.region = ANY (p.regions))
           AND (p.industries IS NULL OR OLD.industry = ANY (p.industries))
           AND service_affair.insp_pool_grade(d.pool, OLD.id) IS NULL
         ORDER BY d.id LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION USING ERRCODE = '55000',
                MESSAGE = pg_catalog.format('target %s was left out of draw %s as deregistered', OLD.id, v.id),
                DETAIL = pg_catalog.format('Draw %s, made on %s, left target %s (%s) out of its pool: deregistered on %s; the day cannot become %s.',
                                           v.id, service_affair.local_day(v.drawn_at), OLD.id,
                                           service_affair.mask_identifier(OLD.uscc::text), OLD.deregistered_on,
                                           COALESCE(NEW.deregistered_on::text, 'NULL')),
                HINT = 'The mark is the record of why that draw left the target out; it stays.';
        END IF;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION service_affair.target_deregister_check() IS
  'Trigger: sets target.deregistered_upto_draw (the last draw made when the mark was set); before an update of target.deregistered_on, and before a target inserted deregistered, takes the inspection writers'' lock (marks and draws take turns); refuses a day that is not finite or outside the years 1 to 9999 (22023), a day on or before the day of a draw that counted the target, or a day moved later or cleared past a draw that left it out while it was marked (55000, naming the draw); refuses to run on any other table';
REVOKE EXECUTE ON FUNCTION service_affair.target_deregister_check() FROM PUBLIC;
CREATE TRIGGER target_deregister_lock BEFORE UPDATE OF deregistered_on, deregistered_upto_draw ON service_affair.target
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.target_deregister_check();
COMMENT ON TRIGGER target_deregister_lock ON service_affair.target IS
  'A change of deregistration days takes the inspection writers'' lock before its first row: marks and draws take turns';
CREATE TRIGGER target_deregister_check BEFORE UPDATE OF deregistered_on, deregistered_upto_draw ON service_affair.target
    FOR EACH ROW WHEN (OLD.deregistered_on IS DISTINCT FROM NEW.deregistered_on
                       OR OLD.deregistered_upto_draw IS DISTINCT FROM NEW.deregistered_upto_draw)
    EXECUTE FUNCTION service_affair.target_deregister_check();
-- a restore (restoring(), 05_org.sql) keeps the value dumped
CREATE TRIGGER target_deregister_set BEFORE INSERT ON service_affair.target
    FOR EACH ROW WHEN ((NEW.deregistered_on IS NOT NULL OR NEW.deregistered_upto_draw IS NOT NULL) AND NOT service_affair.restoring())
    EXECUTE FUNCTION service_affair.target_deregister_check();
COMMENT ON TRIGGER target_deregister_set ON service_affair.target IS
  'A target inserted deregistered takes the inspection writers'' lock (as a mark written by an update) and gets deregistered_upto_draw, the last draw made (whatever is written)';
COMMENT ON TRIGGER target_deregister_check ON service_affair.target IS
  'deregistered_upto_draw is the trigger''s; a deregistration day is never on or before the day of a draw that counted the target, nor moved later or cleared past a draw that left it out (55000)';
