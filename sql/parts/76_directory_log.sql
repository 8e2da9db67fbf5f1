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
--   TRUNCATE withdraws every row; an inspector moved to another department
--   takes its recusals along, op transfer: withdrawn in the former ledger,
--   written in the new), in the ledger of the inspector's department;
-- * a deregistration mark set (an insert or update), moved, cleared (by
--   revoke_deregistration(), which the entry names, or by hand) or deleted
--   with its target (or by a TRUNCATE of target), kind deregistration, in
--   the ledger directory, which is no department's: a mark concerns every
--   department's draws.
-- Each entry is appended under the writers' first lock (insp_writer_lock()),
-- which the statement triggers of these writes hold already
-- (recusal_writer_lock, recusal_truncate_lock, inspector_writer_lock,
-- target_deregister_lock, target_keep_drawn_lock, target_deregister_settle,
-- target_truncate_lock): the ledger's head row comes after the map's row, as
-- in every other writer (no new lock order).  unlogged_inspection_facts()
-- lists what was written past these triggers.  They are ordinary triggers,
-- not ENABLE ALWAYS: a logical-replication subscriber (replica) receives
-- the publisher's entries, and would append its own a second time
-- (doc/inspection.md, "Triggers, and session_replication_role").
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
-- the writers' lock or refused.  An inspector moved to another department
-- takes its recusals with it (insp_log_recusal_transfer() below): each
-- standing recusal is withdrawn in the former department's ledger and
-- written in the new one's, so that a recusal always stands in the ledger
-- of its inspector's department, where its withdrawal lands.
-- The inspector and the target are read here, after the row: the foreign
-- keys do not make them certain, since one statement may delete a recusal
-- and its inspector or target (DELETE ... in a WITH beside the DELETE of
-- the inspector: the keys are checked at the end of the statement, and
-- hold, and the row triggers fire after both deletes).  Until 2026-12-06
-- that entry was silently not written (the join found no row: a review);
-- now it is refused (23503 naming the key): the recusals are deleted by a
-- statement of their own first.
CREATE FUNCTION service_affair.insp_log_recusal_entry(kind text, inspector text, target bigint, op text,
                                                      ledger text, extra jsonb) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_department text;
    v_uscc       text;
BEGIN
    SELECT i.department INTO v_department FROM service_affair.inspector i WHERE i.id = insp_log_recusal_entry.inspector;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = '23503',
            MESSAGE = pg_catalog.format('inspector %s of a %s entry does not exist', service_affair.printable(pg_catalog.left(insp_log_recusal_entry.inspector, 64)),
                                        insp_log_recusal_entry.kind),
            DETAIL = pg_catalog.format('Key (inspector)=(%s) of the recusal of target %s is not present in table "inspector" when its entry is written: the entry would have no ledger, and the log would lose the %s.',
                                       service_affair.printable(pg_catalog.left(insp_log_recusal_entry.inspector, 64)), insp_log_recusal_entry.target,
                                       CASE insp_log_recusal_entry.kind WHEN 'recusal' THEN 'recusal' ELSE 'withdrawal' END),
            HINT = 'Delete the inspector''s recusals in a statement of their own, before the statement that deletes the inspector.';
    END IF;
    SELECT t.uscc::text INTO v_uscc FROM service_affair.target t WHERE t.id = insp_log_recusal_entry.target;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = '23503',
            MESSAGE = pg_catalog.format('target %s of a %s entry does not exist', insp_log_recusal_entry.target, insp_log_recusal_entry.kind),
            DETAIL = pg_catalog.format('Key (target)=(%s) of the recusal of inspector %s is not present in table "target" when its entry is written: the entry would lose its USCC.',
                                       insp_log_recusal_entry.target, service_affair.printable(pg_catalog.left(insp_log_recusal_entry.inspector, 64))),
            HINT = 'Delete the target''s recusals in a statement of their own, before the statement that deletes the target.';
    END IF;
    PERFORM service_affair.log_append(COALESCE(insp_log_recusal_entry.ledger, v_department), insp_log_recusal_entry.kind,
                pg_catalog.jsonb_build_object(
                    'inspector', insp_log_recusal_entry.inspector, 'target', insp_log_recusal_entry.target, 'uscc', v_uscc,
                    'op', insp_log_recusal_entry.op, 'actor', service_affair.actor(), 'login', session_user)
                || COALESCE(insp_log_recusal_entry.extra, '{}'::jsonb));
END
$$;
COMMENT ON FUNCTION service_affair.insp_log_recusal_entry(text, text, bigint, text, text, jsonb) IS
  'Internal (insp_log_recusal(), insp_log_recusal_transfer()): appends one recusal or recusal_withdrawn entry to the given ledger (NULL: the ledger of the inspector''s department), naming inspector, target, USCC, op, the actor (actor()) and the login (session_user), and the keys of extra; 23503 when the inspector or the target is gone (the entry would be lost)';
REVOKE EXECUTE ON FUNCTION service_affair.insp_log_recusal_entry(text, text, bigint, text, text, jsonb) FROM PUBLIC;

-- The marks of insp_log_recusal() and insp_log_recusal_transfer(), below:
-- the ids of the inspectors whose recusals a statement wrote, or who moved,
-- between commas (",a,b,"; an inspector id has none), each added once.  A
-- mark is kept only when the other kind of write may come in the statement
-- (gate: the setting insp_directory_lock() turns on when that kind's
-- statement trigger fires), so a statement of one kind alone keeps none.
-- Superuser-only settings (_PG_init, src/service_affair.c): set here as
-- the triggers' owner.
CREATE FUNCTION service_affair.insp_mark_add(mark text, gate text, ids text[]) RETURNS void
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_id    text;
    v_marks text;
    v_new   text;
BEGIN
    IF pg_catalog.current_setting(insp_mark_add.gate, true) IS DISTINCT FROM 'on' THEN
        RETURN;
    END IF;
    v_marks := COALESCE(pg_catalog.current_setting(insp_mark_add.mark, true), '');
    v_new := v_marks;
    FOREACH v_id IN ARRAY insp_mark_add.ids LOOP
        IF pg_catalog.strpos(v_new, ',' || v_id || ',') = 0 THEN
            v_new := CASE WHEN v_new = '' THEN ',' ELSE v_new END || v_id || ',';
        END IF;
    END LOOP;
    IF v_new <> v_marks THEN
        PERFORM pg_catalog.set_config(insp_mark_add.mark, v_new, true);
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.insp_mark_add(text, text, text[]) IS
  'Internal (insp_log_recusal(), insp_log_recusal_transfer()): adds each id not yet in it to the comma-bounded list of the transaction-local setting mark (service_affair.recusal_written or recusal_moved), when the setting gate (recusal_moving or recusal_writing) is on; the marks are superuser-only, so it works as the triggers'' owner';
REVOKE EXECUTE ON FUNCTION service_affair.insp_mark_add(text, text, text[]) FROM PUBLIC;

CREATE FUNCTION service_affair.insp_log_recusal() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    r       record;
    v_ids   text[];
    v_marks text;
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
            PERFORM service_affair.insp_log_recusal_entry('recusal_withdrawn', r.inspector, r.target, 'truncate', NULL, NULL);
        END LOOP;
        RETURN NULL;
    END IF;
    -- one statement (a WITH) that moves an inspector and writes or deletes
    -- recusals of that inspector: refused, whichever row trigger fires
    -- second (see insp_log_recusal_transfer() below); recusals of another
    -- inspector are not (the row's inspectors: both of an update).  The
    -- marks are ids between commas (",a,b,"; an inspector id has none),
    -- asked by strpos() and added to at the end: until 2026-12-06 (a
    -- review) they were JSON arrays parsed and printed again at every row,
    -- and a statement writing the recusals of n inspectors spent time in
    -- n^2 (16,000 recusals: 32 s, 10 s without the marks).
    v_ids := pg_catalog.array_remove(ARRAY[OLD.inspector, NEW.inspector]::text[], NULL);
    v_marks := COALESCE(pg_catalog.current_setting('service_affair.recusal_moved', true), '');
    IF v_marks <> '' AND EXISTS (SELECT FROM pg_catalog.unnest(v_ids) x
                                  WHERE pg_catalog.strpos(v_marks, ',' || x || ',') > 0) THEN
        RAISE EXCEPTION USING ERRCODE = 'object_not_in_prerequisite_state',
            MESSAGE = 'an inspector moved to another department and its recusals written or deleted in one statement',
            DETAIL = pg_catalog.format('The recusal of inspector %s for target %s would be logged in the ledger of the department its inspector has at the end of the statement, not where it stood when it was %s.',
                                       service_affair.printable(pg_catalog.left(COALESCE(NEW.inspector, OLD.inspector), 64)), COALESCE(NEW.target, OLD.target),
                                       CASE TG_OP WHEN 'INSERT' THEN 'written' WHEN 'DELETE' THEN 'deleted' ELSE 'changed' END),
            HINT = 'Move the inspector and write or delete its recusals in separate statements.';
    END IF;
    -- kept only when an inspector may move in this statement (its
    -- statement trigger has fired: insp_directory_lock())
    PERFORM service_affair.insp_mark_add('service_affair.recusal_written', 'service_affair.recusal_moving', v_ids);
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM service_affair.insp_log_recusal_entry('recusal_withdrawn', OLD.inspector, OLD.target, pg_catalog.lower(TG_OP), NULL, NULL);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM service_affair.insp_log_recusal_entry('recusal', NEW.inspector, NEW.target, pg_catalog.lower(TG_OP), NULL, NULL);
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

-- An inspector moved to another department (an update of
-- inspector.department) takes its standing recusals with it: each is an
-- entry recusal_withdrawn (op transfer, "to": the new department) in the
-- former department's ledger and an entry recusal (op transfer, "from":
-- the former department) in the new one's.  Until 2026-12-06 the move
-- wrote nothing, and a recusal withdrawn after it landed in the new
-- department's ledger, which had never logged it, while the former one's
-- still showed it standing (a review; insp_log_directory.sql).  A recusal
-- binds the draws of the plans of its inspector's department now, so the
-- new department's ledger is where it stands and where it is withdrawn;
-- the former one's says when it left, and to which.  After the row, under
-- the writers' lock (inspector_writer_lock holds it already): an update of
-- the id as well is refused by the recusal's foreign key, which fires
-- first.
CREATE FUNCTION service_affair.insp_log_recusal_transfer() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    r       record;
    v_ids   text[];
    v_marks text;
BEGIN
    IF TG_RELID <> 'service_affair.inspector'::pg_catalog.regclass
       OR TG_WHEN <> 'AFTER' OR TG_LEVEL <> 'ROW' OR TG_OP <> 'UPDATE' THEN
        RAISE EXCEPTION USING ERRCODE = 'trigger_protocol_violated',
            MESSAGE = pg_catalog.format('insp_log_recusal_transfer() must not fire on %s %s %s of %s', TG_WHEN, TG_LEVEL, TG_OP,
                                        pg_catalog.left(TG_RELID::pg_catalog.regclass::text, 200)),
            DETAIL = 'It fires only after an update of the department of a row of service_affair.inspector.';
    END IF;
    IF OLD.department IS NOT DISTINCT FROM NEW.department THEN
        RETURN NULL;
    END IF;
    -- held already by the statement's trigger: the map's row before the ledgers'
    PERFORM service_affair.insp_writer_lock();
    -- The row triggers of one statement fire after all its rows, and read
    -- the tables as the statement left them: a statement (a WITH) that
    -- moves an inspector and writes or deletes recusals would log a recusal
    -- deleted in it in the new department's ledger only (the former one's
    -- still showing it standing), one written in it as withdrawn in the
    -- former one's, where it never stood, whichever ran first (a review,
    -- 2026-12-06).  So an inspector moved and its recusals written or
    -- deleted are refused in one statement (55000), whichever row trigger
    -- fires second: insp_log_recusal() marks the inspectors of the
    -- recusals written, this the inspectors moved (their ids between
    -- commas, ",a,b,", in a transaction-local setting each: see
    -- insp_log_recusal() above), and insp_directory_lock(), the
    -- statement triggers before any row of either table, clears both.
    -- The recusals of another inspector are read by nothing here, and
    -- logged in the ledger of their inspector's department, which the
    -- statement does not change: allowed beside the move (until
    -- 2026-12-06 refused too, the marks naming no inspector).  Both ids of
    -- an update of the id are marked (a recusal of either is refused).
    v_ids := pg_catalog.array_remove(ARRAY[OLD.id, NEW.id]::text[], NULL);
    v_marks := COALESCE(pg_catalog.current_setting('service_affair.recusal_written', true), '');
    IF v_marks <> '' AND EXISTS (SELECT FROM pg_catalog.unnest(v_ids) x
                                  WHERE pg_catalog.strpos(v_marks, ',' || x || ',') > 0) THEN
        RAISE EXCEPTION USING ERRCODE = 'object_not_in_prerequisite_state',
            MESSAGE = 'an inspector moved to another department and its recusals written or deleted in one statement',
            DETAIL = pg_catalog.format('Inspector %s moved from %s to %s in a statement that also writes or deletes its recusals: the log would read them as the statement left them, not as they stood when it moved.',
                                       service_affair.printable(pg_catalog.left(NEW.id, 64)), service_affair.printable(pg_catalog.left(OLD.department, 64)), service_affair.printable(pg_catalog.left(NEW.department, 64))),
            HINT = 'Move the inspector and write or delete its recusals in separate statements.';
    END IF;
    -- kept only when a recusal may be written in this statement (its
    -- statement trigger has fired: insp_directory_lock())
    PERFORM service_affair.insp_mark_add('service_affair.recusal_moved', 'service_affair.recusal_writing', v_ids);
    FOR r IN SELECT c.target FROM service_affair.recusal c WHERE c.inspector = OLD.id ORDER BY c.target LOOP
        PERFORM service_affair.insp_log_recusal_entry('recusal_withdrawn', OLD.id, r.target, 'transfer', OLD.department,
                                                      pg_catalog.jsonb_build_object('to', NEW.department));
        PERFORM service_affair.insp_log_recusal_entry('recusal', NEW.id, r.target, 'transfer', NEW.department,
                                                      pg_catalog.jsonb_build_object('from', OLD.department));
    END LOOP;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION service_affair.insp_log_recusal_transfer() IS
  'Trigger: after an inspector''s department changes, appends for each of its recusals a recusal_withdrawn entry (op transfer, to) to the former department''s ledger and a recusal entry (op transfer, from) to the new one''s, so that a recusal stands in the ledger of its inspector''s department, where its withdrawal lands; refuses to run on any other table or event';
REVOKE EXECUTE ON FUNCTION service_affair.insp_log_recusal_transfer() FROM PUBLIC;
CREATE TRIGGER inspector_recusal_transfer_log AFTER UPDATE OF department ON service_affair.inspector
    FOR EACH ROW WHEN (OLD.department IS DISTINCT FROM NEW.department AND NOT service_affair.restoring())
    EXECUTE FUNCTION service_affair.insp_log_recusal_transfer();
COMMENT ON TRIGGER inspector_recusal_transfer_log ON service_affair.inspector IS
  'An inspector moved to another department takes its recusals along: each is withdrawn (op transfer) in the former department''s ledger and written (op transfer) in the new one''s, with the actor and the login';

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
    IF TG_RELID <> 'service_affair.target'::pg_catalog.regclass
       OR NOT ((TG_WHEN = 'AFTER' AND TG_LEVEL = 'ROW' AND TG_OP IN ('UPDATE', 'DELETE'))
               OR (TG_WHEN = 'AFTER' AND TG_LEVEL = 'STATEMENT' AND TG_OP = 'INSERT')
               OR (TG_WHEN = 'BEFORE' AND TG_LEVEL = 'STATEMENT' AND TG_OP = 'TRUNCATE')) THEN
        RAISE EXCEPTION USING ERRCODE = 'trigger_protocol_violated',
            MESSAGE = pg_catalog.format('insp_log_deregistration() must not fire on %s %s %s of %s', TG_WHEN, TG_LEVEL, TG_OP,
                                        pg_catalog.left(TG_RELID::pg_catalog.regclass::text, 200)),
            DETAIL = 'It fires only after an update or delete of a row, after an insert statement, or before a TRUNCATE, of service_affair.target.';
    END IF;
    IF TG_OP = 'TRUNCATE' THEN
        -- held already: target_truncate_lock took it without waiting, or refused
        PERFORM service_affair.insp_writer_lock();
        FOR r IN SELECT g.id, g.uscc, g.deregistered_on FROM service_affair.target g
                  WHERE g.deregistered_on IS NOT NULL ORDER BY g.id LOOP
            PERFORM service_affair.log_append('directory', 'deregistration', pg_catalog.jsonb_build_object(
                'target', r.id, 'uscc', r.uscc::text, 'op', 'truncate', 'before', r.deregistered_on, 'after', NULL,
                'actor', service_affair.actor(), 'login', session_user));
        END LOOP;
        RETURN NULL;
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
  'Trigger: appends to the ledger directory a deregistration entry for each target whose deregistration mark is set, moved or cleared (an insert, update or delete, or a TRUNCATE: every marked target), naming target, USCC, the statement (op), the day before and after (null = none), the revocation record if revoke_deregistration() cleared it, the actor (actor()) and the login (session_user); refuses to run on any other table or event';
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

-- A TRUNCATE of target (its owner's or a superuser's: no role holds
-- TRUNCATE; it cascades to recusal and to the results, whose append-only
-- guards refuse it unless they are switched off) takes every mark with it.
-- Until 2026-12-06 it wrote no entry (a review; insp_log_directory.sql):
-- now, as a TRUNCATE of recusal withdraws every recusal, it writes an
-- entry deregistration (op truncate, after null) for every marked target,
-- before the rows go, after target_truncate_lock ("lock" < "log") has
-- taken the writers' lock without waiting or refused (55000; see
-- insp_truncate_lock(), 70_inspection.sql).  Not when a restore truncates.
CREATE TRIGGER target_truncate_lock BEFORE TRUNCATE ON service_affair.target
    FOR EACH STATEMENT WHEN (NOT service_affair.restoring()) EXECUTE FUNCTION service_affair.insp_truncate_lock();
COMMENT ON TRIGGER target_truncate_lock ON service_affair.target IS
  'A TRUNCATE of targets takes the inspection writers'' lock without waiting, or is refused (55000), before target_truncate_log appends to the ledger directory';
CREATE TRIGGER target_truncate_log BEFORE TRUNCATE ON service_affair.target
    FOR EACH STATEMENT WHEN (NOT service_affair.restoring()) EXECUTE FUNCTION service_affair.insp_log_deregistration();
COMMENT ON TRIGGER target_truncate_log ON service_affair.target IS
  'A TRUNCATE of targets clears every deregistration mark: an entry each (deregistration, op truncate) of the ledger directory, with the actor and the login, after target_truncate_lock';

-- Every recusal and mark standing has its entry, and every entry that says
-- one stands is matched by it: the latest recusal entry of an (inspector,
-- target) in the ledger of the inspector's department is kind recusal, the
-- latest deregistration entry of a target in the ledger directory has
-- after = its day.  What this finds was written past the triggers (with
-- them disabled by the table's owner, under session_replication_role =
-- replica, or as a restore) or, for recusals, before them: a recusal that
-- stood when the database was updated from 0.1.0 has no entry (the update
-- writes none: the ledgers stay as they were), and is listed until it is
-- withdrawn or written again.  The log is read whole (the entries of these
-- kinds): an audit's query, not a writer's.
CREATE FUNCTION service_affair.unlogged_inspection_facts()
    RETURNS TABLE (fact text, stands boolean, ledger text, inspector text, target bigint,
                   deregistered_on date, last_seq bigint, last_kind text, last_op text)
    LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    WITH rec AS (
        SELECT DISTINCT ON (l.ledger, l.payload->>'inspector', l.payload->>'target')
               l.ledger, l.payload->>'inspector' AS inspector, (l.payload->>'target')::bigint AS target,
               l.seq, l.kind, l.payload->>'op' AS op
          FROM service_affair.inspection_log l
         WHERE l.kind IN ('recusal', 'recusal_withdrawn')
         ORDER BY l.ledger, l.payload->>'inspector', l.payload->>'target', l.seq DESC),
    dereg AS (
        SELECT DISTINCT ON ((l.payload->>'target')::bigint)
               (l.payload->>'target')::bigint AS target, (l.payload->>'after')::date AS after,
               l.seq, l.kind, l.payload->>'op' AS op
          FROM service_affair.inspection_log l
         WHERE l.ledger = 'directory' AND l.kind = 'deregistration'
         ORDER BY (l.payload->>'target')::bigint, l.seq DESC)
    -- a recusal standing whose entry is missing (or withdrawn)
    SELECT 'recusal', true, i.department, c.inspector, c.target, NULL::date, x.seq, x.kind, x.op
      FROM service_affair.recusal c
      JOIN service_affair.inspector i ON i.id = c.inspector
      LEFT JOIN rec x ON x.ledger = i.department AND x.inspector = c.inspector AND x.target = c.target
     WHERE x.kind IS DISTINCT FROM 'recusal'
    UNION ALL
    -- an entry recusal last, and no such recusal (of an inspector of that department)
    SELECT 'recusal', false, x.ledger, x.inspector, x.target, NULL::date, x.seq, x.kind, x.op
      FROM rec x
     WHERE x.kind = 'recusal'
       AND NOT EXISTS (SELECT FROM service_affair.recusal c JOIN service_affair.inspector i ON i.id = c.inspector
                        WHERE c.inspector = x.inspector AND c.target = x.target AND i.department = x.ledger)
    UNION ALL
    -- a mark standing whose entry is missing or names another day
    SELECT 'deregistration', true, 'directory', NULL::text, g.id, g.deregistered_on, x.seq, x.kind, x.op
      FROM service_affair.target g
      LEFT JOIN dereg x ON x.target = g.id
     WHERE g.deregistered_on IS NOT NULL AND x.after IS DISTINCT FROM g.deregistered_on
    UNION ALL
    -- an entry leaving a mark, and the target unmarked (or gone)
    SELECT 'deregistration', false, 'directory', NULL::text, x.target, x.after, x.seq, x.kind, x.op
      FROM dereg x
     WHERE x.after IS NOT NULL
       AND NOT EXISTS (SELECT FROM service_affair.target g WHERE g.id = x.target AND g.deregistered_on IS NOT NULL)
     ORDER BY 1, 3, 4, 5
$$;
COMMENT ON FUNCTION service_affair.unlogged_inspection_facts() IS
  'Recusals and deregistration marks the inspection log does not match: stands = true, one standing whose latest entry (in the ledger of the inspector''s department, or in directory) is missing, a withdrawal, or another day; stands = false, one the latest entry leaves standing and that does not stand; with that entry (seq, kind, op). Recusals standing since 0.1.0 have no entry and are listed (stands, last_seq null)';
REVOKE EXECUTE ON FUNCTION service_affair.unlogged_inspection_facts() FROM PUBLIC;
INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    ('admin', 'EXECUTE', 'service_affair.unlogged_inspection_facts()'),
    ('inspector', 'EXECUTE', 'service_affair.unlogged_inspection_facts()');
