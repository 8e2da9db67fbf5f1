-- ---------------------------------------------------------------------------
-- The packed directory: what a draw reads of each target (id, USCC, region,
-- industry, grade), 64 consecutive ids to a row (src/core/tpack.h).  A draw
-- scans ~15,600 rows of ~1.9 kB for a million targets instead of a million
-- rows of the directory (doc/inspection.md, "The packed directory";
-- doc/benchmarks-insp.md).  The rows are derived: the transaction that
-- writes targets packs their blocks when it commits (so a draw's snapshot
-- sees the pack as it sees the directory), pg_dump leaves them out
-- (a restore's COPY of target fires the triggers), and verify_draw() ranks
-- with the USCCs of the directory itself.  A draw checks that the pack
-- holds the directory's first and last id and reads the table otherwise;
-- target_pack_check() finds any other difference.
CREATE TABLE service_affair.target_pack (
    block bigint PRIMARY KEY,
    data  bytea NOT NULL
);
-- a region or industry the pack cannot hold is refused when it is
-- written, not at the commit that packs it (a review)
ALTER TABLE service_affair.target ADD CONSTRAINT target_packable
    CHECK (pg_catalog.octet_length(region) <= 1048576 AND pg_catalog.octet_length(industry) <= 1048576);
COMMENT ON CONSTRAINT target_packable ON service_affair.target IS
  'Region and industry of at most 1 MB each: the packed directory the draw reads holds no longer text';
COMMENT ON TABLE service_affair.target_pack IS
  'Derived: the packed target directory the draw scans, one row per 64 consecutive target ids that hold a target; written only when a transaction that wrote targets commits (target_pack_flush(), target_pack_refresh()); not dumped';
COMMENT ON COLUMN service_affair.target_pack.block IS 'floor(id / 64) of the targets it packs';
COMMENT ON COLUMN service_affair.target_pack.data IS
  'Format 1 (src/core/tpack.h, doc/inspection.md): header, region and industry dictionaries, then per target its id offset, grade (COALESCE(credit_risk, risk)), region, industry and USCC';
REVOKE ALL ON service_affair.target_pack FROM PUBLIC;

CREATE FUNCTION service_affair.target_pack_block(block bigint) RETURNS bytea
    AS 'MODULE_PATHNAME', 'sa_target_pack_block'
    LANGUAGE C STABLE STRICT;
COMMENT ON FUNCTION service_affair.target_pack_block(bigint) IS
  'Internal: the packed block of target ids [64 block, 64 block + 63] as the statement''s snapshot holds them (NULL when none); 22023 for a block outside the bigint ids, 22001 for a region or industry over 1 MB';
REVOKE EXECUTE ON FUNCTION service_affair.target_pack_block(bigint) FROM PUBLIC;

-- One block brought up to date.  Its row is locked first (inserted when
-- missing; an insert that meets another transaction's uncommitted row
-- waits for it and then locks that row), and only then packed, by a new
-- statement: in READ COMMITTED its snapshot then holds every transaction
-- that packed the block before, so two transactions writing targets of one
-- block pack it one after the other, the later with both.  In REPEATABLE
-- READ or SERIALIZABLE a block packed by a transaction committed after the
-- snapshot is a serialization failure (40001), as for any row.
CREATE FUNCTION service_affair.target_pack_refresh(pack_block bigint) RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v bytea;
BEGIN
    LOOP
        PERFORM FROM service_affair.target_pack p WHERE p.block OPERATOR(pg_catalog.=) pack_block FOR UPDATE;
        EXIT WHEN FOUND;
        INSERT INTO service_affair.target_pack AS p (block, data) VALUES (pack_block, E'\\x')
            ON CONFLICT (block) DO NOTHING;
        EXIT WHEN FOUND;
    END LOOP;
    -- a new snapshot (a statement of a VOLATILE function), taken after the lock
    v := service_affair.target_pack_block(pack_block);
    IF v IS NULL THEN
        DELETE FROM service_affair.target_pack p WHERE p.block OPERATOR(pg_catalog.=) pack_block;
    ELSE
        UPDATE service_affair.target_pack p SET data = v WHERE p.block OPERATOR(pg_catalog.=) pack_block;
    END IF;
END
$$;
COMMENT ON FUNCTION service_affair.target_pack_refresh(bigint) IS
  'Internal: packs one block of the directory again (locks its row, inserting it when missing, then packs it with a new statement; deletes the row when the block holds no target)';
REVOKE EXECUTE ON FUNCTION service_affair.target_pack_refresh(bigint) FROM PUBLIC;

-- The blocks a transaction wrote, packed when it commits.  Packing at the
-- end of each statement held a lock on each block's row until commit, so
-- two transactions writing targets of two blocks in opposite orders (two
-- administrators, two inspectors recording failed results: the credit
-- grade is a packed column) deadlocked (a review, 2026-12-04).  Now a
-- statement only notes its blocks in target_pack_pending, keyed by its
-- transaction, with a flush marker (block -2^63, no block of an id); the
-- marker's deferred constraint trigger packs every noted block at commit
-- in ascending block order, so the locks of the pack are taken last and in
-- one order.  The notes are rows, not backend memory: a savepoint rolled
-- back takes its notes and its marker with it, and nobody but the owner
-- can write them (a marker forged or removed would leave a block unpacked).
-- A statement that writes target notes, before its first row, an in-flight
-- note (blocks -2^63 + 1 up, one per statement in flight, below any block
-- of an id), which its AFTER trigger takes away: a draw made by a function called in
-- the same statement (a data-modifying WITH) sees its rows written but not
-- yet noted, and with the note reads the table; without it the draw read
-- the pack as before the statement, with the deleted targets and the old
-- grades, regions and industries, and verify_draw() passed it (a review).
CREATE TABLE service_affair.target_pack_pending (
    txid  xid8   NOT NULL,
    block bigint NOT NULL,
    PRIMARY KEY (txid, block)
);
COMMENT ON TABLE service_affair.target_pack_pending IS
  'Internal: blocks of the packed directory written by an open transaction (txid), packed at its commit; block -9223372036854775808 is the transaction''s flush marker, -9223372036854775807 up (below -144115188075855872, the lowest block) a statement writing target in flight, one each.  Empty outside a transaction that writes target';
COMMENT ON COLUMN service_affair.target_pack_pending.txid IS 'The writing transaction (pg_current_xact_id())';
COMMENT ON COLUMN service_affair.target_pack_pending.block IS 'A block to pack at commit, or -9223372036854775808: the marker whose deferred trigger packs them, or from -9223372036854775807 up (below -144115188075855872): a statement writing target, one each of those nested, has not noted its blocks yet';
REVOKE ALL ON service_affair.target_pack_pending FROM PUBLIC;

-- Of an update, only the rows whose packed columns changed, under the old
-- id and the new.  Before a statement: the in-flight note only.
CREATE FUNCTION service_affair.target_pack_changed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    noted bigint;
BEGIN
    IF TG_RELID IS DISTINCT FROM 'service_affair.target'::pg_catalog.regclass OR TG_WHEN NOT IN ('AFTER', 'BEFORE')
       OR TG_LEVEL <> 'STATEMENT' OR (TG_WHEN = 'BEFORE' AND TG_OP = 'TRUNCATE') THEN
        RAISE EXCEPTION 'target_pack_changed() is not a trigger of this table'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'It runs before and after statements on service_affair.target only.';
    END IF;
    -- one in-flight note per statement in flight, from -2^63 + 1 up (below
    -- the lowest block, -2^57): a statement writing target nested in
    -- another (a function the outer one calls) takes its own note away
    -- at its end, not the outer one's.  Until 2026-12-06 one note stood
    -- for all, and the nested statement's AFTER trigger took it away while
    -- the outer one's rows were still unnoted (a hostile review)
    IF TG_WHEN = 'BEFORE' THEN
        INSERT INTO service_affair.target_pack_pending AS p (txid, block)
        SELECT pg_catalog.pg_current_xact_id(), COALESCE(pg_catalog.max(q.block) OPERATOR(pg_catalog.+) 1, -9223372036854775807)
          FROM service_affair.target_pack_pending q
         WHERE q.txid OPERATOR(pg_catalog.=) pg_catalog.pg_current_xact_id()
           AND q.block OPERATOR(pg_catalog.>) -9223372036854775808 AND q.block OPERATOR(pg_catalog.<) -144115188075855872;
        RETURN NULL;
    END IF;
    IF TG_OP = 'TRUNCATE' THEN
        -- TRUNCATE, not DELETE: a DELETE under REPEATABLE READ would keep the
        -- blocks packed by transactions committed after the snapshot (which
        -- the TRUNCATE of target, waiting for them, removes; a review)
        TRUNCATE service_affair.target_pack;
        DELETE FROM service_affair.target_pack_pending p WHERE p.txid OPERATOR(pg_catalog.=) pg_catalog.pg_current_xact_id();
        RETURN NULL;
    END IF;
    DELETE FROM service_affair.target_pack_pending p
     WHERE p.txid OPERATOR(pg_catalog.=) pg_catalog.pg_current_xact_id()
       AND p.block OPERATOR(pg_catalog.=) (SELECT pg_catalog.max(q.block) FROM service_affair.target_pack_pending q
                                            WHERE q.txid OPERATOR(pg_catalog.=) pg_catalog.pg_current_xact_id()
                                              AND q.block OPERATOR(pg_catalog.>) -9223372036854775808
                                              AND q.block OPERATOR(pg_catalog.<) -144115188075855872);
    IF TG_OP = 'INSERT' THEN
        INSERT INTO service_affair.target_pack_pending AS p (txid, block)
        SELECT DISTINCT pg_catalog.pg_current_xact_id(), (n.id OPERATOR(pg_catalog.>>) 6) FROM target_pack_new n
        ON CONFLICT (txid, block) DO NOTHING;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO service_affair.target_pack_pending AS p (txid, block)
        SELECT DISTINCT pg_catalog.pg_current_xact_id(), (o.id OPERATOR(pg_catalog.>>) 6) FROM target_pack_old o
        ON CONFLICT (txid, block) DO NOTHING;
    ELSE
        INSERT INTO service_affair.target_pack_pending AS p (txid, block)
        SELECT DISTINCT pg_catalog.pg_current_xact_id(), (x.id OPERATOR(pg_catalog.>>) 6)
          FROM (SELECT o.id FROM target_pack_old o
                 WHERE NOT EXISTS (SELECT FROM target_pack_new n
                                    WHERE n.id = o.id
                                      AND (n.uscc::text, n.region, n.industry, COALESCE(n.credit_risk, n.risk))
                                          IS NOT DISTINCT FROM (o.uscc::text, o.region, o.industry, COALESCE(o.credit_risk, o.risk)))
                UNION ALL
                SELECT n.id FROM target_pack_new n
                 WHERE NOT EXISTS (SELECT FROM target_pack_old o
                                    WHERE o.id = n.id
                                      AND (n.uscc::text, n.region, n.industry, COALESCE(n.credit_risk, n.risk))
                                          IS NOT DISTINCT FROM (o.uscc::text, o.region, o.industry, COALESCE(o.credit_risk, o.risk)))) x
        ON CONFLICT (txid, block) DO NOTHING;
    END IF;
    GET DIAGNOSTICS noted = ROW_COUNT;
    -- the marker after the blocks: under SET CONSTRAINTS ... IMMEDIATE its
    -- trigger fires at the end of its own INSERT and packs what is noted
    IF noted > 0 THEN
        INSERT INTO service_affair.target_pack_pending AS p (txid, block)
        VALUES (pg_catalog.pg_current_xact_id(), -9223372036854775808)
        ON CONFLICT (txid, block) DO NOTHING;
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION service_affair.target_pack_changed() IS
  'Trigger: before statements writing target, notes an in-flight mark in target_pack_pending, one per statement (a draw in the statement, or in one it calls, reads the table); after them, takes the last away and notes the blocks of the targets they inserted, deleted or changed (in USCC, region, industry, risk or credit_risk, under the old id and the new) and the transaction''s flush marker, packed at commit by target_pack_flush(); after TRUNCATE empties the pack; refuses to run on any other table (42501)';
REVOKE EXECUTE ON FUNCTION service_affair.target_pack_changed() FROM PUBLIC;

-- At commit (or at SET CONSTRAINTS ... IMMEDIATE): every block the
-- transaction noted, in ascending order, then the notes go.
CREATE FUNCTION service_affair.target_pack_flush() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    b bigint;
BEGIN
    IF TG_RELID IS DISTINCT FROM 'service_affair.target_pack_pending'::pg_catalog.regclass OR TG_WHEN <> 'AFTER'
       OR TG_LEVEL <> 'ROW' OR TG_OP <> 'INSERT' THEN
        RAISE EXCEPTION 'target_pack_flush() is not a trigger of this table'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'It runs after the insert of a flush marker into service_affair.target_pack_pending only.';
    END IF;
    FOR b IN SELECT p.block FROM service_affair.target_pack_pending p
              WHERE p.txid OPERATOR(pg_catalog.=) NEW.txid AND p.block OPERATOR(pg_catalog.>=) -144115188075855872
              ORDER BY p.block LOOP
        PERFORM service_affair.target_pack_refresh(b);
    END LOOP;
    DELETE FROM service_affair.target_pack_pending p WHERE p.txid OPERATOR(pg_catalog.=) NEW.txid;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION service_affair.target_pack_flush() IS
  'Trigger (deferred, of a flush marker in target_pack_pending): packs every block the transaction noted, in ascending block order, and deletes its notes; refuses to run on any other table (42501)';
REVOKE EXECUTE ON FUNCTION service_affair.target_pack_flush() FROM PUBLIC;
CREATE CONSTRAINT TRIGGER target_pack_flush AFTER INSERT ON service_affair.target_pack_pending
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW WHEN (NEW.block = -9223372036854775808)
    EXECUTE FUNCTION service_affair.target_pack_flush();
ALTER TABLE service_affair.target_pack_pending ENABLE ALWAYS TRIGGER target_pack_flush;
COMMENT ON TRIGGER target_pack_flush ON service_affair.target_pack_pending IS
  'Packs the blocks a transaction wrote when it commits (deferred), in ascending block order';

CREATE TRIGGER target_pack_writing BEFORE INSERT OR UPDATE OR DELETE ON service_affair.target
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.target_pack_changed();
CREATE TRIGGER target_pack_inserted AFTER INSERT ON service_affair.target REFERENCING NEW TABLE AS target_pack_new
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.target_pack_changed();
CREATE TRIGGER target_pack_updated AFTER UPDATE ON service_affair.target
    REFERENCING OLD TABLE AS target_pack_old NEW TABLE AS target_pack_new
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.target_pack_changed();
CREATE TRIGGER target_pack_deleted AFTER DELETE ON service_affair.target REFERENCING OLD TABLE AS target_pack_old
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.target_pack_changed();
CREATE TRIGGER target_pack_truncated AFTER TRUNCATE ON service_affair.target
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.target_pack_changed();
-- also under session_replication_role = replica (a DBA's bulk load)
ALTER TABLE service_affair.target ENABLE ALWAYS TRIGGER target_pack_writing;
ALTER TABLE service_affair.target ENABLE ALWAYS TRIGGER target_pack_inserted;
ALTER TABLE service_affair.target ENABLE ALWAYS TRIGGER target_pack_updated;
ALTER TABLE service_affair.target ENABLE ALWAYS TRIGGER target_pack_deleted;
ALTER TABLE service_affair.target ENABLE ALWAYS TRIGGER target_pack_truncated;
COMMENT ON TRIGGER target_pack_writing ON service_affair.target IS 'Keeps the packed directory the draw reads: marks a statement writing targets in flight until its AFTER trigger notes its blocks (a draw in the statement reads the table)';
COMMENT ON TRIGGER target_pack_inserted ON service_affair.target IS 'Keeps the packed directory the draw reads: notes the blocks of inserted targets, packed at commit';
COMMENT ON TRIGGER target_pack_updated ON service_affair.target IS 'Keeps the packed directory the draw reads: notes the blocks of targets whose packed columns or id changed, packed at commit';
COMMENT ON TRIGGER target_pack_deleted ON service_affair.target IS 'Keeps the packed directory the draw reads: notes the blocks of deleted targets, packed at commit';
COMMENT ON TRIGGER target_pack_truncated ON service_affair.target IS 'Keeps the packed directory the draw reads: empty after TRUNCATE';

-- For a DBA: after writes that fired no trigger (ALTER TABLE ... DISABLE
-- TRIGGER, pg_restore --disable-triggers), or when a draw warned that the
-- pack disagreed with the directory.  The blocks the calling transaction
-- noted in target_pack_pending are not listed: its commit packs them from
-- the directory whatever the pack holds (and its draws read the table
-- meanwhile), so a check after a plain INSERT in an open transaction
-- listed the pack as wrong when it was not (a DBA's review, 2026-12-06).
CREATE FUNCTION service_affair.target_pack_check() RETURNS TABLE (block bigint, problem text)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT COALESCE(p.block, d.block),
           CASE WHEN p.block IS NULL THEN 'missing' WHEN d.block IS NULL THEN 'extra' ELSE 'differs' END
      FROM service_affair.target_pack p
      FULL JOIN (SELECT DISTINCT (t.id OPERATOR(pg_catalog.>>) 6) AS block
                   FROM service_affair.target t) d ON d.block = p.block
     WHERE (p.block IS NULL OR d.block IS NULL
            OR p.data IS DISTINCT FROM service_affair.target_pack_block(p.block))
       AND NOT EXISTS (SELECT FROM service_affair.target_pack_pending q
                        WHERE q.txid OPERATOR(pg_catalog.=) pg_catalog.pg_current_xact_id_if_assigned()
                          AND q.block OPERATOR(pg_catalog.=) COALESCE(p.block, d.block))
     ORDER BY 1;
END;
COMMENT ON FUNCTION service_affair.target_pack_check() IS
  'The blocks where the packed directory differs from target (missing, extra, differs); none when it is up to date.  Blocks the calling transaction wrote, packed at its commit, are not listed.  Reads the whole directory (administrators)';
REVOKE EXECUTE ON FUNCTION service_affair.target_pack_check() FROM PUBLIC;

CREATE FUNCTION service_affair.target_pack_rebuild() RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n bigint;
BEGIN
    -- no target written meanwhile, and one rebuild at a time (SHARE ROW
    -- EXCLUSIVE conflicts with itself; readers and draws go on)
    LOCK TABLE service_affair.target IN SHARE ROW EXCLUSIVE MODE;
    DELETE FROM service_affair.target_pack;
    -- the in-flight notes of statements whose AFTER trigger was disabled
    -- (this transaction's; a finished one's is the only note of another
    -- transaction this snapshot can see): the pack is now the directory
    DELETE FROM service_affair.target_pack_pending p
     WHERE (p.block OPERATOR(pg_catalog.>) -9223372036854775808 AND p.block OPERATOR(pg_catalog.<) -144115188075855872)
        OR p.txid IS DISTINCT FROM pg_catalog.pg_current_xact_id_if_assigned();
    INSERT INTO service_affair.target_pack (block, data)
    SELECT d.block, service_affair.target_pack_block(d.block)
      FROM (SELECT DISTINCT (t.id OPERATOR(pg_catalog.>>) 6) AS block
              FROM service_affair.target t) d
     ORDER BY d.block;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;
COMMENT ON FUNCTION service_affair.target_pack_rebuild() IS
  'Packs the whole directory again (blocking writes of target and other rebuilds meanwhile) and deletes the in-flight notes left by statements whose AFTER trigger was disabled; returns the number of blocks.  After writes that fired no trigger (administrators)';
REVOKE EXECUTE ON FUNCTION service_affair.target_pack_rebuild() FROM PUBLIC;

-- the administrators keep the directory (they hold INSERT/UPDATE on target)
INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    ('admin', 'EXECUTE', 'service_affair.target_pack_check()'),
    ('admin', 'EXECUTE', 'service_affair.target_pack_rebuild()')
ON CONFLICT DO NOTHING;

SELECT service_affair.target_pack_rebuild();
