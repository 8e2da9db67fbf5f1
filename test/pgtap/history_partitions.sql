-- Partitioned history (issue 17, part 1.1; doc/scale.md "One node holds a
-- province"): case ids carry the month of submission, the tables of the case
-- family are partitioned by it, a submission lands in its month's partition,
-- a by-id lookup reads one partition, keys still refuse unknown references,
-- partitions hold no grants, maintenance makes the next months.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(44);
\ir route_fixture.inc
SELECT create_roles();
CREATE ROLE hp_clerk LOGIN IN ROLE service_affair_clerk;

CREATE TEMP TABLE hp_tables AS SELECT t.name, t.key FROM history_tables() t;
CREATE FUNCTION pg_temp.hp_plan(q text) RETURNS SETOF text LANGUAGE plpgsql AS
  $$ BEGIN RETURN QUERY EXECUTE 'EXPLAIN (COSTS OFF) ' || q; END $$;

-- ---------------------------------------------------------------- the tables
SELECT is((SELECT count(*) FROM hp_tables h JOIN pg_class c ON c.oid = ('service_affair.' || h.name)::regclass
            JOIN pg_partitioned_table p ON p.partrelid = c.oid
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = p.partattrs[0]
           WHERE c.relkind = 'p' AND p.partstrat = 'r' AND a.attname = h.key),
          9::bigint, 'the nine tables of the case family are partitioned by range of the case id');
SELECT is((SELECT count(*) FROM hp_tables h WHERE to_regclass('service_affair.' || h.name || '_p0') IS NOT NULL),
          9::bigint, 'each has its partition _p0 for the ids issued before 0.2');
SELECT is((SELECT count(*) FROM pg_class c WHERE c.relnamespace = 'service_affair'::regnamespace AND c.relispartition
              AND c.relkind = 'r' AND c.relname !~ '_p0$'
              AND EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')), 0::bigint,
          'no month partition belongs to the extension: the install makes none (a restore in another month would miss them)');
SELECT ok((SELECT bool_and(c.oid = ANY (e.extconfig)) FROM pg_extension e, hp_tables h
             JOIN pg_class c ON c.oid = ('service_affair.' || h.name || '_p0')::regclass
            WHERE e.extname = 'service_affair'),
          'the _p0 partitions the install made are marked for pg_dump (their rows are dumped)');

-- ---------------------------------------------------------------- ids and routing
SELECT is(case_id('2026-11-05 10:00+00', 42), 3230000000042::bigint, 'case_id(): month index 323 (2026-11) × 10^10 + n');
SELECT is(case_id('2026-11-30 23:30+00', 10000000042), 3230000000042::bigint, 'case_id(): n is taken modulo 10^10');
SELECT throws_ok($$SELECT service_affair.case_id('1999-12-31 23:00+00', 1)$$, '22023', NULL, 'case_id(): a time before 2000 is refused (22023)');
SELECT is(month_floor(3230000012345), 3230000000000::bigint, 'month_floor(): the lowest id of the month');

SELECT submit('rt_shop', :p, '{form,lease}', 'window', '{}', '2026-03-02 10:00+08') AS c \gset
SELECT is(month_floor(:c), 3150000000000::bigint, 'a case submitted in March 2026 has an id of month 315');
SELECT is((SELECT c.relname::text FROM cases x JOIN pg_class c ON c.oid = x.tableoid WHERE x.id = :c), 'cases_p3150000000000',
          'its row lives in the partition of its month (made on demand for a back-dated submission)');
SELECT is((SELECT count(*) FROM task t WHERE t.case_id = :c AND t.tableoid = 'service_affair.task_p3150000000000'::regclass
             AND month_floor(t.id) = 3150000000000), 2::bigint,
          'its tasks live in the task partition of the same month, their ids carry the month');
SELECT is((SELECT count(DISTINCT tableoid) FROM case_material WHERE case_id = :c)
          + (SELECT count(DISTINCT tableoid) FROM case_event WHERE case_id = :c), 2::bigint,
          'its materials and events: one partition each');
SELECT is((SELECT count(*) FROM hp_tables h WHERE to_regclass('service_affair.' || h.name || '_p3150000000000') IS NOT NULL),
          9::bigint, 'the first submission of a month made that month''s partition of every family table');

SELECT throws_ok(format($$SELECT service_affair.submit(c.service, c.applicant, '{form}', 'window', '{}', '2024-03-05 10:00+08')
                           FROM service_affair.cases c WHERE c.id = (SELECT max(x.id) FROM service_affair.cases x WHERE x.id <= %s)$$, :c),
                 '55000', NULL, 'a month''s partitions cannot be made inside a statement that reads cases: 55000 (make them first)');

-- ---------------------------------------------------------------- pruning
SELECT is((SELECT count(*) FROM pg_temp.hp_plan(format('SELECT * FROM service_affair.cases WHERE id = %s', :c)) l
            WHERE l ~ 'cases_p[0-9]'), 1::bigint, 'EXPLAIN: a case looked up by id reads one partition');
SELECT ok((SELECT bool_and(l !~ 'task_p(?!3150000000000)[0-9]') AND bool_or(l ~ 'task_p3150000000000')
             FROM pg_temp.hp_plan(format('SELECT * FROM service_affair.task x WHERE x.id = %1$s AND x.case_id >= service_affair.month_floor(%1$s)'
                                         ' AND x.case_id < service_affair.month_floor(%1$s) + 10000000000',
                                         (SELECT min(id) FROM task WHERE case_id = :c))) l),
          'EXPLAIN: a task looked up by its id with the month bound (lock_task) reads its month''s partition only');

-- ---------------------------------------------------------------- keys
SELECT throws_ok(format($$INSERT INTO service_affair.case_material (case_id, material, name, required, initial_status, status)
                          VALUES (%s, 'x', 'X', true, 'present', 'present')$$, :c + 77777),
                 '23503', NULL, 'a material of an unknown case is refused (23503) through the partitioned key');
SELECT throws_ok(format($$INSERT INTO service_affair.task_suspension (case_id, task_id, suspended_at, reason)
                          VALUES (%s, %s, now(), 'hearing')$$, :c, :c + 77777),
                 '23503', NULL, 'a suspension of an unknown task of the case is refused (23503): key (case_id, task_id)');
SELECT throws_ok(format($$INSERT INTO service_affair.cases_p3150000000000 (id, service, service_kind, item, department, applicant, channel,
                            status, returned, submitted_at, calendar, promised_limit, legal_limit)
                          VALUES (%s, 'rt_biz', 'item', 'rt_biz', 'RT_MKT', %s, 'window', 'returned', true, now(), 'cn', 5, 20)$$,
                        3160000000001, :p),
                 '23514', NULL, 'a row outside the bounds of a month partition is refused (23514)');

-- ---------------------------------------------------------------- privileges
SELECT is((SELECT count(*) FROM pg_class c, aclexplode(c.relacl) a
            WHERE c.relnamespace = 'service_affair'::regnamespace AND c.relispartition AND c.relkind = 'r'
              AND a.grantee <> c.relowner), 0::bigint, 'no partition grants anything to anybody (row-level security is on the parent)');
SET ROLE hp_clerk;
SELECT throws_ok('SELECT count(*) FROM service_affair.cases_p3150000000000', '42501', NULL,
                 'a clerk reading a partition directly is refused (42501)');
SELECT lives_ok('SELECT count(*) FROM service_affair.cases', 'the clerk reads the parent, through its row-level security');
RESET ROLE;

-- ---------------------------------------------------------------- maintenance
-- the sweep makes next month's partitions when they are missing
DO $$
DECLARE
    t text;
    nxt bigint := service_affair.case_id(now(), 0) + 10000000000;
BEGIN
    FOR t IN SELECT h.name FROM service_affair.history_tables() h ORDER BY h.ord DESC LOOP
        EXECUTE format('DROP TABLE IF EXISTS service_affair.%I', t || '_p' || nxt);
    END LOOP;
END $$;
SELECT is(to_regclass('service_affair.cases_p' || (case_id(now(), 0) + 10000000000))::text, NULL,
          'setup: next month''s partitions are gone');
SELECT ok(sla_sweep(now()) >= 0 AND (SELECT count(*) FROM hp_tables h
            WHERE to_regclass('service_affair.' || h.name || '_p' || (case_id(now(), 0) + 10000000000)) IS NOT NULL) = 9,
          'sla_sweep() makes next month''s partitions of every family table when they are missing');
SELECT is(history_partitions(5) >= 0, true, 'history_partitions(5) runs');
SELECT is((SELECT count(*) FROM hp_tables h, generate_series(0, 5) m
            WHERE to_regclass('service_affair.' || h.name || '_p' || (case_id(now(), 0) + m * 10000000000)) IS NOT NULL),
          54::bigint, 'it made the partitions of this month and the next five of every family table');
SELECT throws_ok('SELECT service_affair.history_partitions(-1)', '22023', NULL, 'a negative months_ahead is refused (22023)');

-- ---------------------------------------------------------------- retention
-- a closed month (one returned case) and a month a complaint refers to
SELECT submit('rt_biz', :p, '{}', 'online', '{}', '2025-01-10 10:00+08') AS jan \gset
SELECT submit('rt_biz', :p, '{}', 'online', '{}', '2025-02-10 10:00+08') AS feb \gset
INSERT INTO complaint (channel, category, body, received_at, case_id, applicant, calendar)
VALUES ('12345', 'complaint', 'Slow', '2025-02-20 10:00+08', :feb, :p, 'cn');
SELECT throws_ok($$SELECT service_affair.archive_month('2026-03-01')$$, '55000', NULL,
                 'archive_month() refuses a month with open work (55000)');
SELECT throws_ok($$SELECT service_affair.archive_month('2025-02-01')$$, '55000', NULL,
                 'archive_month() refuses a month whose case a complaint refers to (55000): complaints and licences outlive the month');
SELECT throws_ok($$SELECT service_affair.archive_month(now()::date)$$, '55000', NULL, 'archive_month() refuses the current month (55000)');
SELECT throws_ok($$SELECT service_affair.archive_month('2024-06-01')$$, '55000', NULL, 'archive_month() refuses a month without partitions (55000)');
SELECT is(archive_month('2025-01-01'), 1::bigint, 'archive_month() archives January 2025: one case');
SELECT is((SELECT count(*) FROM hp_tables h WHERE to_regclass('service_affair.' || h.name || '_p3010000000000') IS NOT NULL
                                              OR to_regclass('service_affair_archive.' || h.name || '_p3010000000000') IS NULL),
          0::bigint, 'every partition of the month left the extension''s schema for service_affair_archive');
SELECT is((SELECT count(*) FROM service_affair_archive.cases_p3010000000000) + (SELECT count(*) FROM service_affair_archive.case_event_p3010000000000),
          2::bigint, 'nothing was dropped: the case and its event are in the archive');
SELECT is((SELECT count(*) FROM cases WHERE id = :jan), 0::bigint, 'the archived case is no longer in cases');
SELECT is((SELECT confrelid::regclass::text FROM pg_constraint
            WHERE conrelid = 'service_affair_archive.case_event_p3010000000000'::regclass AND contype = 'f'
              AND confrelid::regclass::text LIKE '%cases%'),
          'service_affair_archive.cases_p3010000000000', 'the archived events refer to the archived cases (the archive is consistent on its own)');
SELECT throws_ok($$SELECT service_affair.register_partman()$$, '55000', NULL, 'register_partman() without pg_partman: 55000');
SELECT throws_ok($$SELECT service_affair.set_history_retention(12)$$, '55000', NULL, 'set_history_retention() without pg_partman: 55000 (retention is never on by default)');
SELECT throws_ok($$SELECT service_affair.set_history_retention(0)$$, '22023', NULL, 'a retention of 0 months is refused (22023)');
SET ROLE hp_clerk;
SELECT throws_ok($$SELECT service_affair.archive_month('2025-02-01')$$, '42501', NULL, 'a clerk may not archive (42501)');
RESET ROLE;

-- with pg_partman (optional: postgresql-15-partman)
SELECT count(*) > 0 AS has_partman FROM pg_available_extensions WHERE name = 'pg_partman' \gset
\if :has_partman
CREATE SCHEMA partman;
CREATE EXTENSION pg_partman SCHEMA partman;
SET client_min_messages = error;  -- pg_partman warns for the partitions it adopts
SELECT register_partman(4) AS registered \gset
SET search_path = service_affair, public;  -- pg_partman's create_parent() leaves its own
RESET client_min_messages;
SELECT is(:registered, 9, 'register_partman(): the nine family tables registered with pg_partman');
SELECT is((SELECT count(*) FROM partman.part_config WHERE parent_table LIKE 'service_affair.%' AND partition_interval = '10000000000'
             AND retention IS NULL), 9::bigint, 'by the case id, one month (10^10 ids) per partition, no retention');
SELECT set_history_retention(12) AS retained \gset
SET search_path = service_affair, public;
SELECT is(:retained, 8, 'set_history_retention(12): every family table but cases');
SELECT is((SELECT string_agg(parent_table || ' ' || COALESCE(retention, '-') || ' ' || COALESCE(retention_schema, '-') || ' ' || retention_keep_table, ', ' ORDER BY parent_table)
             FROM partman.part_config WHERE parent_table IN ('service_affair.cases', 'service_affair.task')),
          'service_affair.cases - - true, service_affair.task 120000000000 service_affair_archive true',
          'retention: 12 months of ids, detached into the archive schema and kept (never dropped by default); cases left to archive_month()');
\else
SELECT skip('pg_partman is not installed (postgresql-15-partman)', 4);
\endif

SELECT * FROM finish();
ROLLBACK;
