-- Analysts count tasks, they do not read what staff write on them nor who
-- worked on them (issue 10; doc/access.md, "What analysts read"): SELECT on
-- the columns of task but note, extension_reason and assignee (role_grant.columns, 50_routing.sql).  Until 2026-12-06 they
-- read the whole table: a reviewer's note naming a person, the reason of an
-- extension and the login that claimed the task.  What they read through
-- task (task_sla, a security invoker view; case_sla; the indicator views)
-- still reads as an analyst, the same rows as an administrator; reviewers
-- and administrators still read the text.
BEGIN;
SET search_path = service_affair, public;
\ir access_fixture.inc
SELECT plan(29);

-- the fixture's three Market tasks: one claimed and decided with a note,
-- one extended with a reason, one suspended (its reason is one of eight
-- codes: no secret to look for)
SELECT claim_task('AX_M', 'tt-assignee-secret-4471', '2026-11-19 09:00+08') AS tc \gset
SELECT complete_task(:tc, 'approved', '2026-11-19 10:00+08', 'tt-note-secret-4471 about 张三丰');
SELECT min(id) AS te FROM task WHERE case_id IN (:c_m, :c_m2, :c_m3) AND id <> :tc \gset
SELECT max(id) AS ts FROM task WHERE case_id IN (:c_m, :c_m2, :c_m3) AND id <> :tc \gset
SELECT extend(:te, 2, 'tt-extension-secret-4471 for 李四', '2026-11-19 10:00+08');
SELECT suspend(:ts, 'testing', '2026-11-19 10:00+08');

-- ---- the text and the assignee: 42501 ---------------------------------------
SELECT is(pg_temp.state_as('access_analyst', 'SELECT note FROM service_affair.task'), '42501',
          'an analyst selecting task.note: 42501');
SELECT is(pg_temp.state_as('access_analyst', 'SELECT extension_reason FROM service_affair.task'), '42501',
          'an analyst selecting task.extension_reason: 42501');
SELECT is(pg_temp.state_as('access_analyst', $$SELECT count(*) FROM service_affair.task WHERE suspend_reason = 'testing'$$), '00000',
          'an analyst counts tasks by suspend_reason (one of eight codes, no text of a person)');
SELECT is(pg_temp.state_as('access_analyst', 'SELECT assignee FROM service_affair.task'), '42501',
          'an analyst selecting task.assignee: 42501');
SELECT is(pg_temp.state_as('access_analyst', 'SELECT * FROM service_affair.task'), '42501',
          'an analyst selecting every column of task: 42501');
SELECT is(pg_temp.state_as('access_analyst', 'SELECT t::text FROM service_affair.task t'), '42501',
          'an analyst reading a whole task row: 42501');
SELECT is(pg_temp.state_as('access_analyst', $$SELECT count(*) FROM service_affair.task WHERE note LIKE 'tt-%'$$), '42501',
          'an analyst filtering tasks by their note: 42501 (no guessing the text by counting)');
SELECT is(pg_temp.state_as('access_analyst', $$SELECT count(*) FROM service_affair.task WHERE assignee IS NOT NULL$$), '42501',
          'an analyst filtering tasks by their assignee: 42501');

-- the catalog: exactly those four columns are withheld
SELECT is((SELECT array_agg(a.attname::text ORDER BY a.attname::text COLLATE "C")
             FROM pg_attribute a
            WHERE a.attrelid = 'service_affair.task'::regclass AND a.attnum > 0 AND NOT a.attisdropped
              AND NOT has_column_privilege('service_affair_analyst', a.attrelid, a.attnum, 'SELECT')),
          ARRAY['assignee', 'extension_reason', 'note'],
          'the columns of task analysts may not select: assignee, extension_reason, note');
SELECT ok(NOT has_table_privilege('service_affair_analyst', 'service_affair.task', 'SELECT')
          AND has_any_column_privilege('service_affair_analyst', 'service_affair.task', 'SELECT'),
          'analysts hold SELECT on columns of task, not on the table');
SELECT is((SELECT array_agg(a.attname::text ORDER BY a.attname::text COLLATE "C")
             FROM pg_attribute a
            WHERE a.attrelid = 'service_affair.task'::regclass AND a.attnum > 0 AND NOT a.attisdropped
              AND has_column_privilege('service_affair_analyst', a.attrelid, a.attnum, 'SELECT')
              AND a.atttypid = 'text'::regtype),
          ARRAY['calendar', 'decision', 'department', 'item', 'sla_state', 'status', 'suspend_reason'],
          'the text columns of task analysts read are codes: calendar, decision, department, item, sla_state, status, suspend_reason');

-- ---- and in no row of anything they read ------------------------------------
-- every relation an analyst or the public may select, the columns they may
-- select of it, scanned for the text and the assignee written above
CREATE TEMP TABLE tt_seen (who text, rel text);
GRANT INSERT ON tt_seen TO PUBLIC;
CREATE FUNCTION pg_temp.tt_scan() RETURNS void LANGUAGE plpgsql AS $$
DECLARE r record; n bigint;
BEGIN
    FOR r IN SELECT c.oid::regclass AS rel,
                    string_agg(format('%I::text', a.attname), ', ' ORDER BY a.attnum) AS cols
               FROM pg_catalog.pg_class c
               JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
              WHERE c.relnamespace = 'service_affair'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm')
                AND pg_catalog.has_column_privilege(c.oid, a.attnum, 'SELECT')
              GROUP BY c.oid ORDER BY 1 LOOP
        EXECUTE format('SELECT count(*) FROM %s x WHERE concat_ws(%L, %s) LIKE ''%%secret-4471%%''', r.rel, '|', r.cols) INTO n;
        IF n > 0 THEN
            INSERT INTO pg_temp.tt_seen VALUES (current_user, r.rel::text);
        END IF;
    END LOOP;
END $$;
GRANT EXECUTE ON FUNCTION pg_temp.tt_scan() TO PUBLIC;
SET ROLE access_analyst;
SELECT pg_temp.tt_scan();
SET ROLE access_public;
SELECT pg_temp.tt_scan();
RESET ROLE;
SELECT is_empty($$SELECT who || ': ' || rel FROM pg_temp.tt_seen$$,
  'the note, the extension reason and the assignee of a task are in no row of any relation an analyst or the public may select');

-- ---- what analysts count still reads, as an administrator reads it ----------
SELECT is(pg_temp.count_as('access_analyst', 'SELECT count(*) FROM service_affair.task'),
          (SELECT count(*) FROM task), 'an analyst counts every task');
SELECT is(pg_temp.count_as('access_analyst', $$SELECT count(*) FROM service_affair.task WHERE status = 'suspended' AND suspended_at IS NOT NULL$$),
          1::bigint, 'an analyst counts the tasks suspended (status, suspended_at)');
SELECT is(pg_temp.count_as('access_analyst', 'SELECT count(*) FROM service_affair.task WHERE extended_at IS NOT NULL AND extension_days > 0'),
          1::bigint, 'an analyst counts the tasks extended (extended_at, extension_days)');
SELECT is(pg_temp.count_as('access_analyst', $$SELECT count(*) FROM service_affair.task WHERE claimed_at IS NOT NULL AND decision = 'approved'$$),
          1::bigint, 'an analyst counts the tasks claimed and decided (claimed_at, decision)');
SELECT is(pg_temp.count_as('access_analyst', 'SELECT count(*) FROM service_affair.task_sla'),
          (SELECT count(*) FROM task_sla), 'an analyst reads task_sla (a security invoker view over task): every row');
SELECT is(pg_temp.count_as('access_analyst', $$SELECT count(*) FROM service_affair.task_sla WHERE state IN ('met', 'suspended')$$),
          2::bigint, 'task_sla as an analyst: the decided task met, the suspended one suspended');
SELECT is(pg_temp.count_as('access_analyst', 'SELECT count(*) FROM service_affair.case_sla'),
          (SELECT count(*) FROM case_sla), 'an analyst reads case_sla: every row');
SELECT is(pg_temp.count_as('access_analyst', 'SELECT count(*) FROM service_affair.efficiency_facts'),
          (SELECT count(*) FROM efficiency_facts), 'an analyst reads efficiency_facts: every row');
SELECT is(pg_temp.count_as('access_analyst', 'SELECT count(*) FROM service_affair.efficiency_overall'),
          (SELECT count(*) FROM efficiency_overall), 'an analyst reads efficiency_overall');
SELECT is(pg_temp.count_as('access_analyst', $$SELECT count(*) FROM service_affair.efficiency_period('2026-11-01', '2026-11-30')$$),
          (SELECT count(*) FROM efficiency_period('2026-11-01', '2026-11-30')), 'an analyst calls efficiency_period()');
-- every relation an analyst may select reads as an analyst (a view over
-- task that needs a withheld column would fail here with 42501)
CREATE FUNCTION pg_temp.tt_read_all() RETURNS text[] LANGUAGE plpgsql AS $$
DECLARE t regclass; failed text[] := '{}';
BEGIN
    FOR t IN SELECT c.oid FROM pg_catalog.pg_class c
              WHERE c.relnamespace = 'service_affair'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm')
                AND pg_catalog.has_any_column_privilege(c.oid, 'SELECT') ORDER BY 1 LOOP
        BEGIN
            EXECUTE format('SELECT count(*) FROM %s', t);
        EXCEPTION WHEN OTHERS THEN
            failed := failed || (t::text || ': ' || SQLSTATE);
        END;
    END LOOP;
    RETURN failed;
END $$;
GRANT EXECUTE ON FUNCTION pg_temp.tt_read_all() TO PUBLIC;
SET ROLE access_analyst;
SELECT is(pg_temp.tt_read_all(), '{}'::text[], 'every relation an analyst may select reads as an analyst');
RESET ROLE;

-- ---- reviewers and administrators: unchanged ----------------------------------
SET ROLE access_reviewer;
SELECT is((SELECT note FROM service_affair.task WHERE id = :tc), 'tt-note-secret-4471 about 张三丰',
          'control: a reviewer of the department reads the note');
SELECT is((SELECT assignee || ' / ' || (SELECT extension_reason FROM service_affair.task WHERE id = :te) FROM service_affair.task WHERE id = :tc),
          'tt-assignee-secret-4471 / tt-extension-secret-4471 for 李四',
          'control: and the assignee and the extension reason');
SELECT is((SELECT suspend_reason FROM service_affair.task WHERE id = :ts), 'testing',
          'control: and the suspension reason');
RESET ROLE;
SET ROLE access_admin;
SELECT is((SELECT count(*) FROM service_affair.task WHERE note IS NOT NULL OR extension_reason IS NOT NULL OR assignee IS NOT NULL),
          2::bigint, 'control: an administrator reads the text of every task');
RESET ROLE;
SELECT ok(has_table_privilege('service_affair_reviewer', 'service_affair.task', 'SELECT')
          AND has_table_privilege('service_affair_admin', 'service_affair.task', 'SELECT'),
          'reviewers and administrators keep SELECT on the whole table');
SELECT is(pg_temp.state_as('access_public', 'SELECT count(*) FROM service_affair.task'), '42501',
          'the public reads no column of task');

SELECT * FROM finish();
ROLLBACK;
