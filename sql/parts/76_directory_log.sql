-- The directory's writes that decide who is drawn, in the inspection log.
-- A recusal (70_inspection.sql) decides which inspector may be drawn for a
-- target and record its result, a deregistration mark
-- (73_target_deregister.sql) whether a draw counts the target at all; both
-- are written by an administrator with plain INSERT, UPDATE and DELETE.
-- Until 2026-12-06 neither left a trace in the hash-chained log: an
-- administrator could recuse an inspector for a draw and withdraw the
-- recusal after it, or mark a target deregistered over a draw and clear the
-- mark (before a draw left it out), and nothing tamper-evident said who did
-- (a review; test/pgtap/insp_log_directory.sql).  Now every such write
-- appends an entry naming what was written, the actor (actor()) and the
-- login behind it (session_user), hashed with the rest of the payload:
-- * recusal written, kind recusal, and deleted, kind recusal_withdrawn (an
--   update of a recusal is both: the pair deleted, the new one written; a
--   TRUNCATE withdraws every row), in the ledger of the inspector's
--   department;
-- * a deregistration mark set (an insert or update), moved, cleared (by
--   revoke_deregistration(), which the entry names, or by hand) or deleted
--   with its target, kind deregistration, in the ledger directory, which is
--   no department's: a mark concerns every department's draws.
-- Each entry is appended under the writers' first lock (insp_writer_lock()),
-- which the statement triggers of these writes hold already
-- (recusal_writer_lock, recusal_truncate_lock, target_deregister_lock,
-- target_keep_drawn_lock, target_deregister_settle): the ledger's head row
-- comes after the map's row, as in every other writer (no new lock order).
-- A restore (restoring(), 05_org.sql) writes the log as dumped and appends
-- nothing.  Entries written before have none of these kinds and verify as
-- they were written.  This part is wholly new in 0.2.0: its update file is
-- a link to it.

-- No department may be coded directory: its ledger would hold the marks.
-- A database updated from 0.1.0 with one is refused before anything
-- changes by the pre-check of sql/upgrade/0.1.0--0.2.0/00_header.sql
-- (until 2026-12-06 here, in the middle of the update).
ALTER TABLE service_affair.department ADD CONSTRAINT department_code_not_directory CHECK (code <> 'directory');
COMMENT ON CONSTRAINT department_code_not_directory ON service_affair.department IS
  'directory names the ledger of the deregistration marks (76_directory_log.sql): no department''s ledger may be it';

ALTER TABLE service_affair.inspection_log DROP CONSTRAINT inspection_log_kind_check;
ALTER TABLE service_affair.inspection_log ADD CONSTRAINT inspection_log_kind_check
    CHECK (kind IN ('plan', 'draw', 'result', 'publication', 'recusal', 'recusal_withdrawn', 'deregistration', 'catalog'));
COMMENT ON CONSTRAINT inspection_log_kind_check ON service_affair.inspection_log IS
  'Entry kinds: plan, draw, result, publication, recusal, recusal_withdrawn (a department''s ledger), deregistration (the ledger directory) and catalog (the ledger catalog)';
ALTER TABLE service_affair.inspection_log ADD CONSTRAINT inspection_log_directory_kind
    CHECK ((ledger = 'directory') = (kind = 'deregistration'));
COMMENT ON CONSTRAINT inspection_log_directory_kind ON service_affair.inspection_log IS
  'The ledger directory holds deregistration entries only, and only it does';
COMMENT ON COLUMN service_affair.inspection_log.kind IS
  'plan, draw, result, publication, recusal or recusal_withdrawn in a department''s ledger; deregistration in the ledger directory; catalog in the ledger catalog';
COMMENT ON TABLE service_affair.inspection_log IS
  'Append-only hash-chained log of plans, draws, results, publications, recusals written and withdrawn, deregistration marks and catalog versions; hash = H(canonical bytes), see doc/inspection.md';
COMMENT ON TABLE service_affair.ledger IS
  'One hash chain per department, the chain catalog of the catalog versions and the chain directory of the deregistration marks: its algorithm and head (last seq and hash); the head row is locked to serialise appends';
COMMENT ON COLUMN service_affair.ledger.name IS 'Ledger name = department code, catalog or directory';

-- A recusal written or withdrawn: one entry per row, in the ledger of the
-- inspector's department (its department now: the recusal's foreign key
-- keeps the inspector).  After the row (an insert skipped by ON CONFLICT
-- logs nothing), and before a TRUNCATE (every row still there), after
-- recusal_truncate_lock, which fires first (names in order) and has taken
-- the writers' lock or refused.
CREATE FUNCTION service_affair.insp_log_recusal_entry(kind text, inspector text, target bigint, op text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM service_affair.log_append(i.department, insp_log_recusal_entry.kind, pg_catalog.jsonb_build_object(
                'inspector', i.id, 'target', t.id, 'uscc', t.uscc::text, 'op', insp_log_recusal_entry.op,
                'actor', service_affair.actor(), 'login', session_user))
       FROM service_affair.inspector i, service_affair.target t
      WHERE i.id = insp_log_recusal_entry.inspector AND t.id = insp_log_recusal_entry.target;
END
$$;
COMMENT ON FUNCTION service_affair.insp_log_recusal_entry(text, text, bigint, text) IS
  'Internal (insp_log_recusal()): appends one recusal or recusal_withdrawn entry to the ledger of the inspector''s department, naming inspector, target, USCC, op, the actor (actor()) and the login (session_user)';
REVOKE EXECUTE ON FUNCTION service_affair.insp_log_recusal_entry(text, text, bigint, text) FROM PUBLIC;

CREATE FUNCTION service_affair.insp_log_recusal() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    r record;
BEGIN
    IF TG_RELID <> 'service_affair.recusal'::pg_catalog.regclass
       OR NOT ((TG_WHEN = 'AFTER' AND TG_LEVEL = 'ROW' AND TG_OP IN ('INSERT', 'UPDATE', 'DELETE'))
               OR (TG_WHEN = 'BEFORE' AND TG_LEVEL = 'STATEMENT' AND TG_OP = 'TRUNCATE')) THEN
        RAISE EXCEPTION USING ERRCODE = 'trigger_protocol_violated',
            MESSAGE = pg_catalog.format('insp_log_recusal() must not fire on %s %s %s of %s', TG_WHEN, TG_LEVEL, TG_OP,
                                        pg_catalog.left(TG_RELID::pg_catalog.regclass::text, 200)),
            DETAIL = 'It fires only after an insert, update or delete of a row, or before a TRUNCATE, of service_affair.recusal.';
    END IF;
    -- held already by the statement's trigger: the map's row before the ledger's
    PERFORM service_affair.insp_writer_lock();
    IF TG_LEVEL = 'STATEMENT' THEN
        FOR r IN SELECT c.inspector, c.target FROM service_affair.recusal c ORDER BY c.inspector, c.target LOOP
            PERFORM service_affair.insp_log_recusal_entry('recusal_withdrawn', r.inspector, r.target, 'truncate');
        END LOOP;
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM service_affair.insp_log_recusal_entry('recusal_withdrawn', OLD.inspector, OLD.target, pg_catalog.lower(TG_OP));
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM service_affair.insp_log_recusal_entry('recusal', NEW.inspector, NEW.target, pg_catalog.lower(TG_OP));
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION service_affair.insp_log_recusal() IS
  'Trigger: appends to the ledger of the inspector''s department a recusal entry for each recusal written, a recusal_withdrawn entry for each deleted (an update: both; a TRUNCATE: every row), naming inspector, target, USCC, the statement (op), the actor (actor()) and the login (session_user); refuses to run on any other table or event';
REVOKE EXECUTE ON FUNCTION service_affair.insp_log_recusal() FROM PUBLIC;
CREATE TRIGGER recusal_log AFTER INSERT OR DELETE ON service_affair.recusal
    FOR EACH ROW WHEN (NOT service_affair.restoring()) EXECUTE FUNCTION service_affair.insp_log_recusal();
COMMENT ON TRIGGER recusal_log ON service_affair.recusal IS
  'Every recusal written or deleted is an entry (recusal, recusal_withdrawn) of the ledger of the inspector''s department, with the actor and the login';
CREATE TRIGGER recusal_log_update AFTER UPDATE ON service_affair.recusal
    FOR EACH ROW WHEN ((OLD.inspector, OLD.target) IS DISTINCT FROM (NEW.inspector, NEW.target) AND NOT service_affair.restoring())
    EXECUTE FUNCTION service_affair.insp_log_recusal();
COMMENT ON TRIGGER recusal_log_update ON service_affair.recusal IS
  'A recusal changed is the former withdrawn and the new one written: two entries (recusal_withdrawn, recusal), with the actor and the login';
-- after recusal_truncate_lock (trigger names fire in order: "lock" < "log")
CREATE TRIGGER recusal_truncate_log BEFORE TRUNCATE ON service_affair.recusal
    FOR EACH STATEMENT WHEN (NOT service_affair.restoring()) EXECUTE FUNCTION service_affair.insp_log_recusal();
COMMENT ON TRIGGER recusal_truncate_log ON service_affair.recusal IS
  'A TRUNCATE of recusals withdraws every one: a recusal_withdrawn entry each (op truncate), after recusal_truncate_lock has taken the writers'' lock';

-- A deregistration mark set, moved or cleared: one entry per target in the
-- ledger directory, before (the day it was, NULL = none) and after.  An
-- update of deregistered_on after its row (target_deregister_check() has
-- passed it; target_deregister_lock holds the writers' lock), a marked
-- target deleted after its row (target_keep_drawn_lock holds it), targets
-- inserted marked after the statement (after target_deregister_settle,
-- which takes it: "settle" < "tion").  A clearing by revoke_deregistration()
-- names its record (revocation, target_deregistration_revoked.id): the
-- record of this transaction for the mark cleared (a mark set again after
-- a revocation and cleared by hand in the same transaction names none).
CREATE FUNCTION service_affair.insp_log_deregistration() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    r record;
BEGIN
    IF TG_RELID <> 'service_affair.target'::pg_catalog.regclass OR TG_WHEN <> 'AFTER'
       OR NOT ((TG_LEVEL = 'ROW' AND TG_OP IN ('UPDATE', 'DELETE')) OR (TG_LEVEL = 'STATEMENT' AND TG_OP = 'INSERT')) THEN
        RAISE EXCEPTION USING ERRCODE = 'trigger_protocol_violated',
            MESSAGE = pg_catalog.format('insp_log_deregistration() must not fire on %s %s %s of %s', TG_WHEN, TG_LEVEL, TG_OP,
                                        pg_catalog.left(TG_RELID::pg_catalog.regclass::text, 200)),
            DETAIL = 'It fires only after an update or delete of a row, or after an insert statement, of service_affair.target.';
    END IF;
    IF TG_LEVEL = 'STATEMENT' THEN
        FOR r IN SELECT n.id, n.uscc, n.deregistered_on FROM target_deregistration_new n
                  WHERE n.deregistered_on IS NOT NULL ORDER BY n.id LOOP
            PERFORM service_affair.insp_writer_lock();
            PERFORM service_affair.log_append('directory', 'deregistration', pg_catalog.jsonb_build_object(
                'target', r.id, 'uscc', r.uscc::text, 'op', 'insert', 'before', NULL, 'after', r.deregistered_on,
                'actor', service_affair.actor(), 'login', session_user));
        END LOOP;
        RETURN NULL;
    END IF;
    PERFORM service_affair.insp_writer_lock();
    PERFORM service_affair.log_append('directory', 'deregistration', pg_catalog.jsonb_build_object(
        'target', OLD.id, 'uscc', OLD.uscc::text, 'op', pg_catalog.lower(TG_OP), 'before', OLD.deregistered_on,
        'after', CASE WHEN TG_OP = 'UPDATE' THEN NEW.deregistered_on END,
        'actor', service_affair.actor(), 'login', session_user)
        || COALESCE((SELECT pg_catalog.jsonb_build_object('revocation', v.id)
                       FROM service_affair.target_deregistration_revoked v
                      WHERE TG_OP = 'UPDATE' AND NEW.deregistered_on IS NULL
                        AND v.target = OLD.id AND v.deregistered_on = OLD.deregistered_on
                        AND v.revoked_xact = pg_catalog.pg_current_xact_id()
                      ORDER BY v.id DESC LIMIT 1), '{}'::jsonb));
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION service_affair.insp_log_deregistration() IS
  'Trigger: appends to the ledger directory a deregistration entry for each target whose deregistration mark is set, moved or cleared (an insert, update or delete), naming target, USCC, the statement (op), the day before and after (null = none), the revocation record if revoke_deregistration() cleared it, the actor (actor()) and the login (session_user); refuses to run on any other table or event';
REVOKE EXECUTE ON FUNCTION service_affair.insp_log_deregistration() FROM PUBLIC;
CREATE TRIGGER target_deregistration_log AFTER UPDATE OF deregistered_on ON service_affair.target
    FOR EACH ROW WHEN (OLD.deregistered_on IS DISTINCT FROM NEW.deregistered_on AND NOT service_affair.restoring())
    EXECUTE FUNCTION service_affair.insp_log_deregistration();
COMMENT ON TRIGGER target_deregistration_log ON service_affair.target IS
  'Every deregistration mark set, moved or cleared is an entry (deregistration) of the ledger directory, with the actor and the login';
CREATE TRIGGER target_deregistration_log_delete AFTER DELETE ON service_affair.target
    FOR EACH ROW WHEN (OLD.deregistered_on IS NOT NULL AND NOT service_affair.restoring())
    EXECUTE FUNCTION service_affair.insp_log_deregistration();
COMMENT ON TRIGGER target_deregistration_log_delete ON service_affair.target IS
  'A marked target deleted takes its mark with it: an entry (deregistration, op delete) of the ledger directory, with the actor and the login';
CREATE TRIGGER target_deregistration_log_insert AFTER INSERT ON service_affair.target
    REFERENCING NEW TABLE AS target_deregistration_new
    FOR EACH STATEMENT WHEN (NOT service_affair.restoring()) EXECUTE FUNCTION service_affair.insp_log_deregistration();
COMMENT ON TRIGGER target_deregistration_log_insert ON service_affair.target IS
  'Targets inserted with a deregistration mark: an entry each (deregistration, op insert) of the ledger directory, with the actor and the login, after target_deregister_settle';
