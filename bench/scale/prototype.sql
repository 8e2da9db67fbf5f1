-- Partitioned-history prototype (doc/scale.md, "Design"): checks the claims
-- of the design on PostgreSQL 15 and pg_partman 4.7 with a stand-alone copy of
-- the key shape of the case family (not the extension's tables):
--   proto.cases  PARTITION BY RANGE (id), the id carrying its month:
--                id = month_index * 10^10 + sequence, month_index = months
--                since 1999-12 (2000-01 is 1); ids below 10^10 (the 0.1/0.2
--                identity values) fall in the first partition
--   proto.task   PARTITION BY RANGE (case_id), the same bounds; PK (case_id, id)
--   proto.task_suspension  PARTITION BY RANGE (case_id); FK (case_id, task_id)
-- :months monthly partitions of history with :per_month cases each, one open
-- task per 100 cases in the last two months only.
\set ON_ERROR_STOP on
\pset pager off
CREATE SCHEMA partman;
CREATE EXTENSION pg_partman SCHEMA partman;
CREATE SCHEMA proto;
CREATE SCHEMA proto_archive;

CREATE FUNCTION proto.month_index(at timestamptz) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN (pg_catalog.date_part('year', at AT TIME ZONE 'UTC')::bigint - 2000) * 12
           + pg_catalog.date_part('month', at AT TIME ZONE 'UTC')::bigint;
CREATE FUNCTION proto.case_id(at timestamptz, seq bigint) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN proto.month_index(at) * 10000000000 + seq % 10000000000;
CREATE SEQUENCE proto.case_seq;

CREATE TABLE proto.cases (
    id           bigint PRIMARY KEY,
    submitted_at timestamptz NOT NULL,
    status       text NOT NULL
) PARTITION BY RANGE (id);
CREATE INDEX cases_open_idx ON proto.cases (id) WHERE status = 'accepted';
CREATE TABLE proto.task (
    id         bigint GENERATED ALWAYS AS IDENTITY,
    case_id    bigint NOT NULL REFERENCES proto.cases,
    department text NOT NULL,
    status     text NOT NULL,
    due        date NOT NULL,
    assignee   text,
    PRIMARY KEY (case_id, id)
) PARTITION BY RANGE (case_id);
CREATE INDEX task_queue_idx ON proto.task (department, due, id) WHERE status = 'open' AND assignee IS NULL;
CREATE TABLE proto.task_suspension (
    case_id bigint NOT NULL,
    task_id bigint NOT NULL,
    at      timestamptz NOT NULL,
    PRIMARY KEY (case_id, task_id, at),
    FOREIGN KEY (case_id, task_id) REFERENCES proto.task
) PARTITION BY RANGE (case_id);

-- the partitions a plain install makes without pg_partman: the first one
-- (every id below 10^10) and one per month, named as pg_partman names them
-- (<parent>_p<lower bound>) so that pg_partman adopts them later
CREATE FUNCTION proto.ensure_partitions(first_month date, last_month date) RETURNS integer
    LANGUAGE plpgsql AS $$
DECLARE
    t record;
    m date;
    lo bigint;
    n integer := 0;
BEGIN
    FOR t IN SELECT * FROM (VALUES ('cases'), ('task'), ('task_suspension')) v(rel) LOOP
        IF pg_catalog.to_regclass('proto.' || t.rel || '_p0') IS NULL THEN
            EXECUTE pg_catalog.format('CREATE TABLE proto.%I PARTITION OF proto.%I FOR VALUES FROM (MINVALUE) TO (%s)',
                                      t.rel || '_p0', t.rel, 10000000000);
            n := n + 1;
        END IF;
        m := first_month;
        WHILE m <= last_month LOOP
            lo := proto.month_index(m::timestamp AT TIME ZONE 'UTC') * 10000000000;
            IF pg_catalog.to_regclass(pg_catalog.format('proto.%I', t.rel || '_p' || lo)) IS NULL THEN
                EXECUTE pg_catalog.format('CREATE TABLE proto.%I PARTITION OF proto.%I FOR VALUES FROM (%s) TO (%s)',
                                          t.rel || '_p' || lo, t.rel, lo, lo + 10000000000);
                n := n + 1;
            END IF;
            m := m + interval '1 month';
        END LOOP;
    END LOOP;
    RETURN n;
END
$$;
SELECT proto.ensure_partitions((date '2026-11-01' - make_interval(months => :months))::date, date '2026-12-01') AS partitions_made;

-- a 0.1-era case (identity-sized id) and the history
INSERT INTO proto.cases VALUES (42, '2025-05-01 10:00+08', 'concluded');
INSERT INTO proto.cases
SELECT proto.case_id(at, nextval('proto.case_seq')), at,
       CASE WHEN at > '2026-09-15' AND g % 100 = 0 THEN 'accepted' ELSE 'concluded' END
  FROM (SELECT g, timestamptz '2026-11-01 00:00Z' - make_interval(months => 1 + (g - 1) / :per_month)
                  + make_interval(secs => (g % (27 * 86400))::int) AS at
          FROM generate_series(1, :months * :per_month) g) s;
INSERT INTO proto.task (case_id, department, status, due)
SELECT id, 'D' || (id % 10), CASE WHEN status = 'accepted' THEN 'open' ELSE 'done' END, (submitted_at + interval '20 days')::date
  FROM proto.cases;
VACUUM ANALYZE proto.cases, proto.task;

\echo '== routing: every case in the partition of its month'
SELECT (SELECT count(*) FROM pg_inherits WHERE inhparent = 'proto.cases'::regclass) AS case_partitions,
       (SELECT count(*) FROM proto.cases c WHERE c.tableoid <> 'proto.cases_p0'::regclass
           AND c.tableoid <> pg_catalog.format('proto.cases_p%s', proto.month_index(c.submitted_at) * 10000000000)::regclass) AS misrouted,
       (SELECT tableoid::regclass FROM proto.cases WHERE id = 42) AS legacy_case_in;

\echo '== a lookup by case id: one partition (plan time)'
EXPLAIN (COSTS OFF) SELECT * FROM proto.cases WHERE id = 3220000000123;
EXPLAIN (COSTS OFF) SELECT * FROM proto.task WHERE case_id = 3220000000123;

\echo '== the same lookup as a generic plan (PL/pgSQL after five calls): run-time pruning, but every partition locked'
SET plan_cache_mode = force_generic_plan;
PREPARE by_id(bigint) AS SELECT * FROM proto.task WHERE case_id = $1;
EXPLAIN (COSTS OFF) EXECUTE by_id(3220000000123);
BEGIN;
EXECUTE by_id(3220000000123);
SELECT count(*) AS locks_held_generic FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'relation';
COMMIT;
SET plan_cache_mode = force_custom_plan;
BEGIN;
EXECUTE by_id(3220000000123);
SELECT count(*) AS locks_held_custom FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'relation';
COMMIT;
RESET plan_cache_mode;

\echo '== the queue: without a bound every partition''s partial index is probed'
EXPLAIN (COSTS OFF) SELECT id FROM proto.task WHERE department = 'D3' AND status = 'open' AND assignee IS NULL ORDER BY due, id LIMIT 1;
\echo '== with an open floor (lowest case id still open, kept by the sweep) only the recent partitions'
CREATE TABLE proto.open_floor (id integer PRIMARY KEY CHECK (id = 1), case_id bigint NOT NULL);
INSERT INTO proto.open_floor SELECT 1, min(id) FROM proto.cases WHERE status = 'accepted';
CREATE FUNCTION proto.open_floor() RETURNS bigint LANGUAGE sql STABLE RETURN (SELECT case_id FROM proto.open_floor);
EXPLAIN (COSTS OFF) SELECT id FROM proto.task WHERE department = 'D3' AND status = 'open' AND assignee IS NULL
   AND case_id >= proto.open_floor() ORDER BY due, id LIMIT 1;

\echo '== foreign keys into partitioned tables still refuse unknown ids'
DO $$
BEGIN
    INSERT INTO proto.task (case_id, department, status, due) VALUES (3220000099999999 % 10000000000 + 3220000000000 + 9000000000, 'D1', 'open', '2026-12-01');
    RAISE EXCEPTION 'unknown case accepted';
EXCEPTION WHEN foreign_key_violation THEN
    RAISE NOTICE 'unknown case id refused: 23503';
END
$$;
DO $$
BEGIN
    INSERT INTO proto.task_suspension VALUES (3220000000001, -1, now());
    RAISE EXCEPTION 'unknown task accepted';
EXCEPTION WHEN foreign_key_violation THEN
    RAISE NOTICE 'unknown task refused: 23503';
END
$$;

\echo '== pg_partman adopts the partitions (same names), premakes, and detaches to an archive schema'
SELECT partman.create_parent('proto.cases', 'id', 'native', '10000000000', p_premake := 4, p_jobmon := false);
SELECT partman.create_parent('proto.task', 'case_id', 'native', '10000000000', p_premake := 4, p_jobmon := false);
SELECT partman.create_parent('proto.task_suspension', 'case_id', 'native', '10000000000', p_premake := 4, p_jobmon := false);
SELECT parent_table, premake, retention, retention_schema, retention_keep_table, inherit_privileges FROM partman.part_config ORDER BY 1;
SELECT relname FROM pg_class WHERE relname LIKE 'cases_%' AND relnamespace = 'proto'::regnamespace ORDER BY relname DESC LIMIT 8;
-- a case in the first month after the last partition: run_maintenance must have made it
SELECT partman.run_maintenance(p_jobmon := false);
SELECT count(*) AS case_partitions_after_maintenance, max(c.relname) AS last_case_partition
  FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'proto.cases'::regclass;
-- retention: ids more than :keep months below the newest are detached into proto_archive, kept
-- (on the children only: pg_partman computes each table's retention from its
-- own highest key, so cases, whose newest month may have no task yet, would
-- become eligible before its children; cases is archived by archive_cases())
UPDATE partman.part_config SET retention = (:keep * 10000000000)::text, retention_schema = 'proto_archive', retention_keep_table = true
 WHERE parent_table IN ('proto.task', 'proto.task_suspension');
-- detach the children before the parent: a detached child partition keeps
-- its copy of the foreign key to the partitioned cases, so the cases
-- partition cannot be detached while it refers to it
SELECT partman.run_maintenance('proto.task_suspension', p_jobmon := false);
SELECT partman.run_maintenance('proto.task', p_jobmon := false);
SELECT count(DISTINCT conrelid) AS archived_children,
       count(*) FILTER (WHERE conparentid = 0) AS fks_to_the_cases_parent,
       count(*) FILTER (WHERE conparentid <> 0) AS internal_fks_to_cases_partitions
  FROM pg_constraint WHERE contype = 'f' AND conrelid IN (SELECT oid FROM pg_class WHERE relnamespace = 'proto_archive'::regnamespace)
   AND confrelid IN (SELECT 'proto.cases'::regclass UNION ALL SELECT inhrelid FROM pg_inherits WHERE inhparent = 'proto.cases'::regclass
                     UNION ALL SELECT 'proto.cases_default'::regclass);
UPDATE partman.part_config SET retention = (:keep * 10000000000)::text, retention_schema = 'proto_archive'
 WHERE parent_table = 'proto.cases';
DO $$
BEGIN
    PERFORM partman.run_maintenance('proto.cases', p_jobmon := false);
    RAISE NOTICE 'cases partitions detached while archived tasks refer to them';
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'partman alone cannot detach the cases partition (SQLSTATE %): %', SQLSTATE, split_part(SQLERRM, E'\n', 1);
END
$$;
-- what the extension's retention does instead: re-point the archived
-- children's foreign keys at the archived cases partition, then detach it;
-- one month per transaction (a detach locks every partition of the tables
-- that refer to cases: 36 months at once exhaust max_locks_per_transaction)
CREATE PROCEDURE proto.archive_cases()
    LANGUAGE plpgsql AS $$
DECLARE
    r record;
BEGIN
    -- children before the cases partition: a later child of the same month
    -- still refers to it until its turn (the loop goes child by child)
    FOR r IN SELECT c.conrelid::regclass AS child, c.conname, substring(k.relname FROM '_p([0-9]+)$') AS lo
               FROM pg_constraint c JOIN pg_class k ON k.oid = c.conrelid
              WHERE c.contype = 'f' AND k.relnamespace = 'proto_archive'::regnamespace AND c.confrelid = 'proto.cases'::regclass
                AND c.conparentid = 0
              ORDER BY 1
    LOOP
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.child, r.conname);
        IF to_regclass(format('proto.%I', 'cases_p' || r.lo)) IS NOT NULL THEN
            EXECUTE format('ALTER TABLE proto.cases DETACH PARTITION proto.%I', 'cases_p' || r.lo);
            EXECUTE format('ALTER TABLE proto.%I SET SCHEMA proto_archive', 'cases_p' || r.lo);
        END IF;
        EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I FOREIGN KEY (case_id) REFERENCES proto_archive.%I',
                       r.child, r.conname, 'cases_p' || r.lo);
        COMMIT;
    END LOOP;
END
$$;
UPDATE partman.part_config SET retention = NULL, retention_schema = NULL WHERE parent_table = 'proto.cases';
CALL proto.archive_cases();
SELECT conrelid::regclass AS archived_table, confrelid::regclass AS now_references
  FROM pg_constraint WHERE contype = 'f' AND conparentid = 0 AND conrelid IN (SELECT oid FROM pg_class WHERE relnamespace = 'proto_archive'::regnamespace)
 ORDER BY 1 LIMIT 6;
SELECT partman.run_maintenance('proto.cases', p_jobmon := false);
SELECT (SELECT count(*) FROM pg_inherits WHERE inhparent = 'proto.cases'::regclass) AS case_partitions_attached,
       (SELECT count(*) FROM pg_class WHERE relnamespace = 'proto_archive'::regnamespace AND relkind = 'r' AND relname LIKE 'cases%') AS archived_case_tables,
       (SELECT count(*) FROM pg_class WHERE relnamespace = 'proto_archive'::regnamespace AND relkind = 'r' AND relname LIKE 'task%') AS archived_task_tables,
       (SELECT count(*) FROM proto_archive.cases_p0) AS archived_cases_kept;

\echo '== triggers and row-level security on a partitioned table'
CREATE TABLE proto.seen (relid regclass, level text, op text);
CREATE FUNCTION proto.note() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO proto.seen VALUES (TG_RELID, TG_LEVEL, TG_OP);
    RETURN NULL;
END
$$;
CREATE TRIGGER note_row AFTER INSERT ON proto.cases FOR EACH ROW EXECUTE FUNCTION proto.note();
CREATE TRIGGER note_truncate BEFORE TRUNCATE ON proto.cases FOR EACH STATEMENT EXECUTE FUNCTION proto.note();
INSERT INTO proto.cases VALUES (proto.case_id('2026-11-20 10:00Z', nextval('proto.case_seq')), '2026-11-20 10:00Z', 'accepted');
-- a row trigger on the parent fires with TG_RELID = the partition
SELECT relid AS row_trigger_tg_relid, level, op, pg_partition_root(relid) AS its_root FROM proto.seen;
-- the statement trigger is not cloned to the partitions
SELECT c.relname, count(t.*) FILTER (WHERE t.tgname LIKE 'note_row%') AS row_triggers,
       count(t.*) FILTER (WHERE t.tgname LIKE 'note_truncate%') AS truncate_triggers
  FROM pg_class c LEFT JOIN pg_trigger t ON t.tgrelid = c.oid
 WHERE c.oid IN ('proto.cases'::regclass, 'proto.cases_p3230000000000'::regclass) GROUP BY c.relname ORDER BY 1;
-- row-level security: the parent's policy applies through the parent only
CREATE ROLE proto_clerk;
GRANT USAGE ON SCHEMA proto TO proto_clerk;
GRANT SELECT ON proto.cases TO proto_clerk;
ALTER TABLE proto.cases ENABLE ROW LEVEL SECURITY;
CREATE POLICY open_only ON proto.cases FOR SELECT TO proto_clerk USING (status = 'accepted');
SET ROLE proto_clerk;
SELECT count(*) FILTER (WHERE status <> 'accepted') AS closed_rows_seen_through_parent FROM proto.cases;
DO $$
BEGIN
    PERFORM count(*) FROM proto.cases_p3220000000000;
    RAISE NOTICE 'partition readable directly';
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'partition without grants refused directly: 42501';
END
$$;
RESET ROLE;
-- a grant on the partition would bypass the parent's policy (RLS is per relation)
GRANT SELECT ON proto.cases_p3220000000000 TO proto_clerk;
SET ROLE proto_clerk;
SELECT count(*) FILTER (WHERE status <> 'accepted') AS closed_rows_seen_through_granted_partition FROM proto.cases_p3220000000000;
RESET ROLE;
REVOKE ALL ON proto.cases_p3220000000000 FROM proto_clerk;
-- partitions pg_partman makes carry no grants (inherit_privileges = false)
SELECT partman.run_maintenance('proto.cases', p_jobmon := false);
SELECT c.relname, c.relacl FROM pg_class c JOIN pg_inherits i ON i.inhrelid = c.oid
 WHERE i.inhparent = 'proto.cases'::regclass ORDER BY c.relname DESC LIMIT 2;
DROP OWNED BY proto_clerk;
DROP ROLE proto_clerk;
