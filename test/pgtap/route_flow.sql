-- Explicit flow and hardening of the case lifecycle (issue 10, defects 1, 3,
-- 4, 6, 9, 10 and 13): routing is a call of the API, not a trigger; trigger
-- functions run only where they belong and are executable by no role; the
-- due lock is no advisory lock; infinite times and unbounded arguments are
-- refused; the SLA functions never reuse a stale "today".
BEGIN;
SET search_path = service_affair, public;
SELECT plan(87);
\ir blank_text.inc
\ir route_fixture.inc
SELECT create_roles();
CREATE ROLE rf_citizen LOGIN IN ROLE service_affair_public;
CREATE ROLE rf_clerk LOGIN IN ROLE service_affair_clerk;

-- ------------------------------------------------------------ 1. explicit flow
SELECT hasnt_function('service_affair', 'route_case', 'the routing trigger function route_case() is gone');
SELECT is((SELECT count(*) FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
            WHERE t.tgrelid = 'service_affair.cases'::regclass AND p.proname LIKE 'route%'),
          0::bigint, 'no trigger on cases routes');
SELECT is((SELECT count(*) FROM pg_proc p
            WHERE p.pronamespace = 'service_affair'::regnamespace
              AND (pg_catalog.array_to_string(p.proconfig, ',') LIKE '%accepting%'
                   OR p.prosrc LIKE '%service_affair.accepting%')),
          0::bigint, 'no function sets or reads the setting service_affair.accepting');

-- the 0.1.0 exploit: the lowest role attaches the routing function to its own
-- temp table (an int column "item") and inserts a row: the server crashed
SET ROLE rf_citizen;
CREATE TEMP TABLE rf_bait (id bigint, item integer, status text);
SELECT throws_ok($$CREATE TRIGGER rf_bait_route AFTER INSERT ON rf_bait FOR EACH ROW
                   EXECUTE FUNCTION service_affair.route_case()$$, NULL, NULL,
  'the public role cannot attach a routing function to its own table');
SELECT throws_ok('SELECT service_affair.route_accepted(1)', '42501', NULL,
  'the public role cannot call route_accepted()');
RESET ROLE;

SELECT submit('rt_shop', :p, '{form,lease}', 'window', '{}', '2026-03-02 10:00+08') AS b \gset
SELECT results_eq(format('SELECT item, status, opened_at IS NOT NULL, due FROM task WHERE case_id = %s ORDER BY stage', :b),
  $$VALUES ('rt_biz'::text, 'open'::text, true, '2026-03-09'::date), ('rt_food', 'waiting', false, NULL)$$,
  'submit() routes the bundle: stage 1 open with its due date, stage 2 waiting');
SELECT is((SELECT count(*) FROM case_event WHERE case_id = :b AND kind = 'task_opened'), 0::bigint,
  'the first stage is inserted open: no separate opening');
SELECT throws_ok(format('SELECT route_accepted(%s)', :b), '55000', NULL,
  'a case is routed once: a second route_accepted() is refused');

-- ------------------------------------------------------------ 2. trigger functions
CREATE TEMP TABLE rf_fns (fn text);
INSERT INTO rf_fns VALUES ('case_event_append_only'), ('case_state_machine'), ('cancel_tasks'), ('recompute_dues');
SELECT is((SELECT count(*) FROM rf_fns f
             JOIN pg_proc p ON p.proname = f.fn AND p.pronamespace = 'service_affair'::regnamespace
             CROSS JOIN (SELECT 'public' AS r UNION ALL
                         SELECT rolname FROM pg_roles WHERE rolname LIKE 'service\_affair\_%') g
            WHERE has_function_privilege(g.r, p.oid, 'EXECUTE')),
          0::bigint, 'no trigger function of the case lifecycle is executable by PUBLIC or a group role');
SELECT is((SELECT count(*) FROM role_grant r JOIN rf_fns f ON r.object LIKE 'service_affair.' || f.fn || '(%'),
          0::bigint, 'no role_grant row grants a trigger function');
SET ROLE rf_citizen;
SELECT throws_ok($$CREATE TRIGGER rf_t1 BEFORE UPDATE ON rf_bait FOR EACH ROW
                   EXECUTE FUNCTION service_affair.case_event_append_only()$$, '42501', NULL,
  'the public role cannot attach case_event_append_only()');
SELECT throws_ok($$CREATE TRIGGER rf_t2 BEFORE UPDATE ON rf_bait FOR EACH ROW
                   EXECUTE FUNCTION service_affair.case_state_machine()$$, '42501', NULL,
  'the public role cannot attach case_state_machine()');
SELECT throws_ok($$CREATE TRIGGER rf_t3 AFTER UPDATE ON rf_bait FOR EACH ROW
                   EXECUTE FUNCTION service_affair.cancel_tasks()$$, '42501', NULL,
  'the public role cannot attach cancel_tasks()');
SELECT throws_ok($$CREATE TRIGGER rf_t4 AFTER INSERT ON rf_bait FOR EACH STATEMENT
                   EXECUTE FUNCTION service_affair.recompute_dues()$$, '42501', NULL,
  'the public role cannot attach recompute_dues() (it ran a full recompute as the owner)');
RESET ROLE;
-- even attached by a superuser to another table, each refuses to run
CREATE TEMP TABLE rf_other (id bigint, status text, withdrawn_at timestamptz, revoked_at timestamptz);
INSERT INTO rf_other VALUES (:b, 'accepted', NULL, NULL);
CREATE TRIGGER rf_g BEFORE UPDATE ON rf_other FOR EACH ROW EXECUTE FUNCTION service_affair.case_event_append_only();
SELECT throws_ok('UPDATE rf_other SET id = id', '42501', 'case_event_append_only() is not a trigger of this table',
  'case_event_append_only() refuses another table');
DROP TRIGGER rf_g ON rf_other;
CREATE TRIGGER rf_g BEFORE UPDATE ON rf_other FOR EACH ROW EXECUTE FUNCTION service_affair.case_state_machine();
SELECT throws_ok('UPDATE rf_other SET status = ''concluded''', '42501', 'case_state_machine() is not a trigger of this table',
  'case_state_machine() refuses another table');
DROP TRIGGER rf_g ON rf_other;
-- on their own table (whose rows live in partitions: 38_history.sql), at the wrong time
CREATE TRIGGER rf_w AFTER UPDATE ON service_affair.cases FOR EACH ROW EXECUTE FUNCTION service_affair.case_state_machine();
SELECT throws_ok(format('UPDATE service_affair.cases SET visits = visits WHERE id = %s', :b), '42501',
  'case_state_machine() is not a trigger of this table', 'case_state_machine() refuses to run AFTER on cases');
DROP TRIGGER rf_w ON service_affair.cases;
CREATE TRIGGER rf_w BEFORE UPDATE ON service_affair.cases FOR EACH ROW EXECUTE FUNCTION service_affair.cancel_tasks();
SELECT throws_ok(format('UPDATE service_affair.cases SET visits = visits WHERE id = %s', :b), '42501',
  NULL, 'cancel_tasks() refuses to run BEFORE on cases');
DROP TRIGGER rf_w ON service_affair.cases;
CREATE TRIGGER rf_g AFTER UPDATE ON rf_other FOR EACH ROW EXECUTE FUNCTION service_affair.cancel_tasks();
SELECT throws_ok('UPDATE rf_other SET status = ''withdrawn''', '42501', 'cancel_tasks() is not a trigger of this table',
  'cancel_tasks() refuses another table (it would cancel the tasks of the case with that id)');
DROP TRIGGER rf_g ON rf_other;
CREATE TRIGGER rf_g AFTER UPDATE ON rf_other FOR EACH STATEMENT EXECUTE FUNCTION service_affair.recompute_dues();
SELECT throws_ok('UPDATE rf_other SET id = id', '42501', 'recompute_dues() is not a trigger of this table',
  'recompute_dues() refuses another table');
DROP TRIGGER rf_g ON rf_other;

-- ------------------------------------------------------------ 10. the due lock
SELECT submit('rt_biz', :p, '{form,lease}', 'window', '{}', '2026-03-02 10:00+08') AS c \gset
SELECT is((SELECT count(*) FROM pg_locks l
            WHERE l.locktype = 'advisory' AND l.pid = pg_backend_pid() AND l.classid = 21313),
          0::bigint, 'submit() takes no advisory lock (any login could hold it and stall every submit)');
SELECT is_empty($$
    SELECT p.oid::regprocedure FROM pg_proc p
     WHERE p.pronamespace = 'service_affair'::regnamespace AND p.prosrc ~ 'pg_(try_)?advisory'$$,
    'no function of the extension takes an advisory lock (any login could hold one and stall it: the credit fact, catalog version, service code and identifier locks were such until 2026-12-06)');
-- (EXCLUSIVE too: the fixture's catalog edits in this transaction took it,
-- catalog_due_lock)
SELECT is((SELECT pg_catalog.string_agg(l.mode, ',' ORDER BY l.mode) FROM pg_locks l
            WHERE l.locktype = 'relation' AND l.pid = pg_backend_pid() AND l.granted
              AND l.relation = 'service_affair.due_clock'::regclass),
          'ExclusiveLock,RowShareLock', 'submit() holds the due lock until commit: ROW SHARE on table due_clock');
SET ROLE rf_clerk;
SELECT throws_ok('SELECT FROM service_affair.due_clock FOR KEY SHARE', '42501', NULL,
  'a clerk cannot take the due lock');
RESET ROLE;
SET ROLE rf_citizen;
SELECT throws_ok('LOCK TABLE service_affair.due_clock IN EXCLUSIVE MODE', '42501', NULL,
  'the public role cannot lock the due lock''s table');
RESET ROLE;

-- ------------------------------------------------------------ 6. at => infinity
SELECT id AS ct FROM task WHERE case_id = :c \gset
SELECT throws_ok($$SELECT submit('rt_biz', $$ || :p || $$, '{form}', 'window', '{}', 'infinity')$$, '22023', NULL,
  'submit(at => infinity): 22023');
SELECT throws_ok($$SELECT submit('rt_biz', $$ || :p || $$, '{form}', 'window', '{}', '-infinity')$$, '22023', NULL,
  'submit(at => -infinity): 22023');
SELECT throws_ok(format('SELECT supplement(%s, %L, %L)', :c, '{lease}', 'infinity'), '22023', NULL,
  'supplement(at => infinity): 22023');
SELECT throws_ok(format('SELECT record_visit(%s, %L)', :c, 'infinity'), '22023', NULL,
  'record_visit(at => infinity): 22023');
SELECT throws_ok(format('SELECT withdraw(%s, %L)', :c, 'infinity'), '22023', NULL,
  'withdraw(at => infinity): 22023');
SELECT throws_ok(format('SELECT deliver(%s, %L, %L)', :c, 'window', 'infinity'), '22023', NULL,
  'deliver(at => infinity): 22023');
SELECT throws_ok(format('SELECT complete_task(%s, %L, %L)', :ct, 'approved', 'infinity'), '22023', NULL,
  'complete_task(at => infinity): 22023');
SELECT throws_ok(format('SELECT suspend(%s, %L, %L)', :ct, 'testing', 'infinity'), '22023', NULL,
  'suspend(at => infinity): 22023');
SELECT throws_ok(format('SELECT resume(%s, %L)', :ct, 'infinity'), '22023', NULL,
  'resume(at => infinity): 22023');
SELECT throws_ok(format('SELECT extend(%s, 2, %L, %L)', :ct, 'site visit', 'infinity'), '22023', NULL,
  'extend(at => infinity): 22023');
SELECT throws_ok(format('SELECT claim_task(%L, %L, %L)', 'RT_MKT', 'someone', 'infinity'), '22023', NULL,
  'claim_task(at => infinity): 22023');
SELECT throws_ok(format('SELECT claim_task(%L, %L)', 'RT_MKT', b.value), '22023', 'invalid assignee',
  'claim_task(assignee => ' || b.label || '): 22023') FROM pg_temp.blank_texts() b;
SELECT throws_ok('SELECT sla_sweep(''infinity'')', '22023', NULL, 'sla_sweep(at => infinity): 22023');
-- ... and a time outside 0001-01-02 .. 8999-12-31 UTC (06_arguments.sql: what ISO
-- 8601 and Python's datetime read are the years 1 to 9999, and dues and
-- validity periods are derived from the time)
SELECT throws_ok(format(q, VARIADIC args || ARRAY[late]), '22023', msg, format(q, VARIADIC args || ARRAY[late]) || ': 22023 ' || msg)
  FROM (VALUES ('SELECT submit(%L, %s, %L, %L, %L, %L)', ARRAY['rt_biz', :'p', '{form}', 'window', '{}']),
               ('SELECT supplement(%s, %L, %L)', ARRAY[:'c', '{lease}']),
               ('SELECT record_visit(%s, %L)', ARRAY[:'c']),
               ('SELECT withdraw(%s, %L)', ARRAY[:'c']),
               ('SELECT deliver(%s, %L, %L)', ARRAY[:'c', 'window']),
               ('SELECT complete_task(%s, %L, %L)', ARRAY[:'ct', 'approved']),
               ('SELECT suspend(%s, %L, %L)', ARRAY[:'ct', 'testing']),
               ('SELECT resume(%s, %L)', ARRAY[:'ct']),
               ('SELECT extend(%s, 2, %L, %L)', ARRAY[:'ct', 'site visit']),
               ('SELECT claim_task(%L, %L, %L)', ARRAY['RT_MKT', 'someone'])) f(q, args),
       (VALUES ('9000-01-01 00:00+00', 'at is too late'), ('294000-01-01 00:00+00', 'at is too late'),
               ('0001-01-01 12:00+00', 'at is too early')) t(late, msg);
-- a finish stored as infinity (0.1.0 accepted it) does not break the views
SELECT complete_task(:ct, 'approved', '2026-03-03 10:00+08', '');
-- a blank optional note is none (06_arguments.sql; until 2026-12-05 kept as given)
SELECT is((SELECT row(t.note, e.detail->'note')::text FROM task t JOIN case_event e ON e.case_id = t.case_id
            AND e.kind = 'task_completed' AND (e.detail->>'task_id')::bigint = t.id WHERE t.id = :ct),
          row(NULL::text, 'null'::jsonb)::text, 'a decision with an empty note records none, on the task and in the history (NULL)');
UPDATE task SET finished_at = 'infinity' WHERE id = :ct;
SELECT lives_ok('SELECT count(*) FROM task_sla', 'task_sla reads a task finished at infinity');
SELECT is((SELECT state FROM task_sla WHERE task_id = :ct), 'missed', 'a finish at infinity is missed');
SELECT is(sla_state('infinity'::date, 'cn', NULL, false), NULL, 'sla_state of an infinite due is NULL, not running');
SELECT set_config('service_affair.as_of', 'infinity', true);
SELECT throws_ok($$SELECT sla_state('2026-03-10', 'cn', NULL, false)$$, '22023', NULL,
  'an infinite service_affair.as_of is refused when the SLA is read (22023)');
SELECT set_config('service_affair.as_of', 'not a time', true);
SELECT throws_ok($$SELECT sla_workdays_left('2026-03-10', 'cn', NULL)$$, '22007', NULL,
  'a malformed service_affair.as_of is refused when the SLA is read (22007)');
SELECT set_config('service_affair.as_of', '', true);

-- ------------------------------------------------------------ 13. bounded history
SELECT throws_ok(format('SELECT submit(%L, %s, %L)', 'rt_biz', :p,
                        (SELECT array_agg('m' || g)::text FROM generate_series(1, 1001) g)), '22023', NULL,
  'submit() takes at most 1000 material codes');
SELECT throws_ok(format('SELECT record_visit(%s, %L, %L)', :c, '2026-03-04 10:00+08', repeat('x', 5000)), '22023', NULL,
  'record_visit() refuses a purpose of 5000 bytes');
SELECT throws_ok(format('SELECT supplement(%s, ARRAY[%L], %L)', :c, repeat('x', 300), '2026-03-04 10:00+08'), '22023', NULL,
  'supplement() refuses a material code of 300 bytes');

-- ------------------------------------------------------------ 4. tolerated deadline of a concluded case
-- rt_biz: tolerance 3 working days.  Accepted Mon 03-02 with lease pending:
-- deadline Thu 03-05.  Concluded on 03-03.  Wed 03-04 becomes a day off:
-- the deadline moves to Fri 03-06, and the sweep of 03-06 does not revoke.
SELECT submit('rt_biz', :p, '{form}', 'window', '{}', '2026-03-02 10:00+08') AS t \gset
SELECT complete_task((SELECT id FROM task WHERE case_id = :t), 'approved', '2026-03-03 10:00+08');
INSERT INTO calendar_day (calendar, day, is_workday, note) VALUES ('cn', '2026-03-04', false, 'route_flow test');
SELECT is((SELECT tolerance_due FROM cases WHERE id = :t), '2026-03-06'::date,
  'a calendar edit moves the tolerated deadline of a concluded case');
SELECT sla_sweep('2026-03-06 10:00+08');
SELECT is((SELECT status FROM cases WHERE id = :t), 'concluded',
  'the sweep does not revoke it a day early');

-- ------------------------------------------------------------ 9. no stale "today" in a loop
INSERT INTO calendar (name, timezone) VALUES ('rf_cal', 'Asia/Shanghai');
CREATE TEMP TABLE rf_seen (n serial, state text, left_days integer);
DO $$
DECLARE
    d text;
BEGIN
    FOREACH d IN ARRAY ARRAY['2026-03-02 10:00+08', '2026-03-09 10:00+08', '2026-03-11 10:00+08'] LOOP
        PERFORM pg_catalog.set_config('service_affair.as_of', d, true);
        INSERT INTO rf_seen (state, left_days)
        VALUES (service_affair.sla_state('2026-03-10', 'rf_cal', NULL, false),
                service_affair.sla_workdays_left('2026-03-10', 'rf_cal', NULL));
    END LOOP;
    -- Fri 03-06, due Tue 03-10: 2 working days left; then Mon 03-09 becomes a day off
    PERFORM pg_catalog.set_config('service_affair.as_of', '2026-03-06 10:00+08', true);
    FOR i IN 1..2 LOOP
        INSERT INTO rf_seen (state, left_days)
        VALUES (service_affair.sla_state('2026-03-10', 'rf_cal', NULL, false),
                service_affair.sla_workdays_left('2026-03-10', 'rf_cal', NULL));
        INSERT INTO service_affair.calendar_day (calendar, day, is_workday) VALUES ('rf_cal', '2026-03-09', false)
            ON CONFLICT DO NOTHING;
    END LOOP;
END
$$;
SELECT results_eq('SELECT state, left_days FROM rf_seen WHERE n <= 3 ORDER BY n',
  $$VALUES ('running'::text, 6), ('warning', 1), ('overdue', -1)$$,
  'inside one PL/pgSQL loop the SLA functions follow each change of service_affair.as_of');
SELECT results_eq('SELECT state, left_days FROM rf_seen WHERE n > 3 ORDER BY n',
  $$VALUES ('running'::text, 2), ('warning', 1)$$,
  'inside one PL/pgSQL loop the SLA functions see a calendar edit');

-- the same through PL/pgSQL assignments: simple expressions, whose call sites
-- (and their caches) live from one iteration to the next
INSERT INTO calendar (name, timezone) VALUES ('rf_cal2', 'Asia/Shanghai');
CREATE TEMP TABLE rf_seen2 (n serial, state text, left_days integer, provisional boolean);
DO $$
DECLARE
    d text;
    st text;
    l integer;
    p boolean;
BEGIN
    FOREACH d IN ARRAY ARRAY['2026-03-02 10:00+08', '2026-03-09 10:00+08', '2026-03-11 10:00+08'] LOOP
        PERFORM pg_catalog.set_config('service_affair.as_of', d, true);
        st := service_affair.sla_state('2026-03-10', 'rf_cal2', NULL, false);
        l := service_affair.sla_workdays_left('2026-03-10', 'rf_cal2', NULL);
        p := service_affair.sla_provisional('2026-03-10', 'rf_cal2');
        INSERT INTO rf_seen2 (state, left_days, provisional) VALUES (st, l, p);
    END LOOP;
    PERFORM pg_catalog.set_config('service_affair.as_of', '2026-03-06 10:00+08', true);
    FOR i IN 1..2 LOOP
        st := service_affair.sla_state('2026-03-10', 'rf_cal2', NULL, false);
        l := service_affair.sla_workdays_left('2026-03-10', 'rf_cal2', NULL);
        p := service_affair.sla_provisional('2026-03-10', 'rf_cal2');
        INSERT INTO rf_seen2 (state, left_days, provisional) VALUES (st, l, p);
        INSERT INTO service_affair.calendar_day (calendar, day, is_workday) VALUES ('rf_cal2', '2026-03-09', false)
            ON CONFLICT DO NOTHING;
        UPDATE service_affair.calendar SET covered_until = '2026-03-09' WHERE name = 'rf_cal2';
    END LOOP;
END
$$;
SELECT results_eq('SELECT state, left_days, provisional FROM rf_seen2 WHERE n <= 3 ORDER BY n',
  $$VALUES ('running'::text, 6, false), ('warning', 1, false), ('overdue', -1, false)$$,
  'PL/pgSQL assignments in one loop follow each change of service_affair.as_of');
SELECT results_eq('SELECT state, left_days, provisional FROM rf_seen2 WHERE n > 3 ORDER BY n',
  $$VALUES ('running'::text, 2, false), ('warning', 1, true)$$,
  'PL/pgSQL assignments in one loop see a calendar edit and a new covered_until');

SELECT * FROM finish();
ROLLBACK;
