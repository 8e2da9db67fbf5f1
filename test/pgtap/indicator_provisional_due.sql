-- 超期率 of cases whose due was provisional when they concluded: the due
-- reached a year whose holiday notice was not entered yet (calendar
-- covered_until), the case concluded, then the notice was entered.  Until
-- 2026-12-05 a calendar edit recomputed the stored due of accepted cases
-- only: a case concluded on its lawful due stayed overdue for good
-- (efficiency_facts.overdue, case_sla and task_sla missed), while
-- avg_workdays (read by the calendar of today) moved with the notice.  The
-- edit now counts again the due of a concluded case that was provisional
-- when it came, and of its finished tasks (recompute_dues()); every reader
-- reads the stored due.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(23);

INSERT INTO calendar (name, weekmask, timezone, covered_until) VALUES ('pv', '1111100', 'Asia/Shanghai', '2026-12-31');
INSERT INTO department (code, name, region) VALUES ('PV', 'Provisional', '330201');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online, mobile, calendar) VALUES
  ('pv_a', 'Provisional item', 'PV', 'promised', 20, 7, 1, true, false, 'pv');
INSERT INTO material (item, code, name, required, evidence_type, commitment_allowed) VALUES
  ('pv_a', 'form', 'Form', true, NULL, false);
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Provisional Person');
CREATE FUNCTION pg_temp.p() RETURNS bigint LANGUAGE sql AS $$ SELECT id FROM service_affair.applicant WHERE name = 'Provisional Person' $$;
CREATE FUNCTION pg_temp.done(at timestamptz) RETURNS void LANGUAGE sql AS
$$ SELECT service_affair.complete_task(service_affair.claim_task('PV', 'rev', at), 'approved', at) $$;
CREATE TEMP TABLE k (name text PRIMARY KEY, id bigint);

-- a case concluded with a due inside the covered year, reached by no edit
-- below, and one whose covered due a later correction of 2026 reaches:
-- neither was provisional, both keep their dues
INSERT INTO k SELECT 'covered', submit('pv_a', pg_temp.p(), '{form}', 'online', '{}', '2026-12-01 09:00+08');
SELECT pg_temp.done('2026-12-10 10:00+08');    -- due Thursday 10 December: on it
INSERT INTO k SELECT 'corrected', submit('pv_a', pg_temp.p(), '{form}', 'online', '{}', '2026-12-14 09:00+08');
SELECT pg_temp.done('2026-12-23 10:00+08');    -- due Wednesday 23 December: on it

-- accepted Thursday 2026-12-24, 7 working days: without the 2027 notice
-- Friday 1 January counts, due Monday 4 January (provisional); with it,
-- due Tuesday 5 January
INSERT INTO k SELECT 'on_time', submit('pv_a', pg_temp.p(), '{form}', 'online', '{}', '2026-12-24 09:00+08');
SELECT pg_temp.done('2027-01-05 10:00+08');    -- on its lawful due
INSERT INTO k SELECT 'late', submit('pv_a', pg_temp.p(), '{form}', 'online', '{}', '2026-12-24 10:00+08');
SELECT pg_temp.done('2027-01-06 10:00+08');    -- a day after it

CREATE FUNCTION pg_temp.id(n text) RETURNS bigint LANGUAGE sql AS $$ SELECT id FROM k WHERE name = n $$;
CREATE FUNCTION pg_temp.task(n text) RETURNS bigint LANGUAGE sql AS $$ SELECT t.id FROM service_affair.task t WHERE t.case_id = pg_temp.id(n) $$;
SELECT is((SELECT array_agg(due ORDER BY id) FROM cases WHERE id IN (pg_temp.id('on_time'), pg_temp.id('late'))),
          ARRAY['2027-01-04', '2027-01-04']::date[], 'both dues were computed before the 2027 notice: 4 January');
SELECT ok((SELECT bool_and(is_provisional(due, calendar)) FROM cases WHERE id IN (pg_temp.id('on_time'), pg_temp.id('late'))),
          'and they are provisional');
SELECT is((SELECT array_agg(due ORDER BY id) FROM cases WHERE id IN (pg_temp.id('covered'), pg_temp.id('corrected'))),
          ARRAY['2026-12-10', '2026-12-23']::date[], 'the two covered dues: 10 and 23 December');
SELECT is((SELECT overdue_rate FROM efficiency WHERE service = 'pv_a'), 0.5::numeric,
          'before the notice the two concluded in January count overdue (the due in force: 4 January)');
SELECT is((SELECT state FROM case_sla WHERE case_id = pg_temp.id('on_time')), 'missed',
          'case_sla: missed before the notice');

-- the State Council notice for 2027 is entered: 1 January a holiday
CREATE TEMP TABLE ev0 AS SELECT max(id) AS id FROM case_event;
-- (with sequential scans off, to see that the trigger can reach the concluded
-- cases through an index, never a scan of them all: below.  And every plan
-- made again under that setting: the plans this session cached above, made
-- with sequential scans on, follow the planner's figures of cases_active,
-- which a file run before this one in the same database can leave behind
-- (history_indicators.sql's ANALYZE service_affair.cases writes relpages and
-- reltuples in place, and its ROLLBACK keeps them).  With relpages 1 and
-- reltuples 0 the foreign-key checks of the events the notice writes (one
-- case by its key each, cached since the first submit()) read cases_active
-- sequentially: 6 scans counted, "have: 6", in every such run; run alone the
-- file passed.  DISCARD PLANS, allowed in a transaction, drops them.  The
-- counts themselves are this transaction's (pg_stat_get_xact_numscans): no
-- other backend adds to them, and PostgreSQL flushes them only outside a
-- transaction.)
SET LOCAL enable_seqscan = off;
DISCARD PLANS;
SELECT pg_stat_get_xact_numscans('service_affair.cases_active'::regclass) AS seq0,
       COALESCE(pg_stat_get_xact_numscans(to_regclass('service_affair.cases_concluded_due_idx')), 0) AS idx0 \gset
INSERT INTO calendar_day (calendar, day, is_workday, note) VALUES ('pv', '2027-01-01', false, '元旦');
SELECT pg_stat_get_xact_numscans('service_affair.cases_active'::regclass) - :seq0 AS seqscans,
       COALESCE(pg_stat_get_xact_numscans(to_regclass('service_affair.cases_concluded_due_idx')), 0) - :idx0 AS idxscans \gset
RESET enable_seqscan;
UPDATE calendar SET covered_until = '2027-12-31' WHERE name = 'pv';

SELECT is((SELECT array_agg(due ORDER BY id) FROM cases WHERE id IN (pg_temp.id('on_time'), pg_temp.id('late'))),
          ARRAY['2027-01-05', '2027-01-05']::date[], 'the notice moved both stored dues to 5 January');
SELECT is((SELECT array_agg(due ORDER BY id) FROM task WHERE case_id IN (pg_temp.id('on_time'), pg_temp.id('late'))),
          ARRAY['2027-01-05', '2027-01-05']::date[], 'and those of their finished tasks');
SELECT is((SELECT state FROM case_sla WHERE case_id = pg_temp.id('on_time')), 'met',
          'case_sla: the case concluded on 5 January met its due');
SELECT is((SELECT state FROM task_sla WHERE task_id = pg_temp.task('on_time')), 'met',
          'task_sla: so did its task');
SELECT is((SELECT array[c.state, t.state] FROM case_sla c, task_sla t
            WHERE c.case_id = pg_temp.id('late') AND t.task_id = pg_temp.task('late')), '{missed,missed}',
          'the case concluded on 6 January missed it, and its task');
SELECT is((SELECT array_agg(e.case_id::text || ' ' || e.kind || ' ' || e.from_status || ' ' || (e.detail->>'old_due') || '>' || (e.detail->>'due')
                            ORDER BY e.case_id, e.kind)
             FROM case_event e WHERE e.id > (SELECT id FROM ev0)),
          ARRAY[pg_temp.id('on_time') || ' due_recomputed concluded 2027-01-04>2027-01-05',
                pg_temp.id('on_time') || ' task_due_recomputed concluded 2027-01-04>2027-01-05',
                pg_temp.id('late') || ' due_recomputed concluded 2027-01-04>2027-01-05',
                pg_temp.id('late') || ' task_due_recomputed concluded 2027-01-04>2027-01-05'],
          'each changed due in the history, as for open work (due_recomputed, task_due_recomputed)');
SELECT is((SELECT array_agg(due ORDER BY id) FROM cases WHERE id IN (pg_temp.id('covered'), pg_temp.id('corrected'))),
          ARRAY['2026-12-10', '2026-12-23']::date[], 'the covered dues stay');

SELECT is((SELECT overdue FROM efficiency_facts WHERE case_id = (SELECT id FROM k WHERE name = 'on_time')), false,
          'after the notice the case concluded on 5 January is not overdue (efficiency_facts)');
SELECT is((SELECT overdue FROM efficiency_facts WHERE case_id = (SELECT id FROM k WHERE name = 'late')), true,
          'the case concluded on 6 January still is');
SELECT is((SELECT overdue_rate FROM efficiency WHERE service = 'pv_a'), 0.25::numeric,
          'efficiency: overdue_rate 1 of 4');
SELECT is((SELECT overdue_rate FROM efficiency_department WHERE department = 'PV'), 0.25::numeric,
          'efficiency_department: overdue_rate 1 of 4');
SELECT is((SELECT overdue_rate FROM efficiency_period('2026-12-01', '2026-12-31') WHERE department = 'PV'), 0.25::numeric,
          'efficiency_period: overdue_rate 1 of 4');
SELECT is((SELECT avg_workdays FROM efficiency WHERE service = 'pv_a'), 7.25::numeric,
          'avg_workdays by the same calendar: 7, 8, 7 and 7 working days');

-- a correction of the covered year (22 December declared off after the
-- fact) reaches the covered due of 23 December, but it was not provisional:
-- the concluded case keeps it (history is not rewritten), as do the tasks
INSERT INTO calendar_day (calendar, day, is_workday, note) VALUES ('pv', '2026-12-22', false, 'correction');
SELECT is((SELECT array_agg(due ORDER BY id) FROM cases WHERE id IN (pg_temp.id('covered'), pg_temp.id('corrected'))),
          ARRAY['2026-12-10', '2026-12-23']::date[], 'a correction of a covered day moves no concluded due');
SELECT is((SELECT array_agg(due ORDER BY id) FROM task WHERE case_id IN (pg_temp.id('covered'), pg_temp.id('corrected'))),
          ARRAY['2026-12-10', '2026-12-23']::date[], 'nor the dues of their tasks');
SELECT is((SELECT array_agg(due ORDER BY id) FROM cases WHERE id IN (pg_temp.id('on_time'), pg_temp.id('late'))),
          ARRAY['2027-01-05', '2027-01-05']::date[], 'nor those no longer provisional');

-- entering the next year's notice reached the concluded cases through
-- cases_concluded_due_idx (their dues after covered_until): no scan of
-- cases_active, which would read every concluded case
SELECT is(:seqscans::bigint, 0::bigint, 'the notice scanned no case sequentially');
SELECT cmp_ok(:idxscans::bigint, '>', 0::bigint, 'it read the concluded cases through cases_concluded_due_idx');

SELECT * FROM finish();
ROLLBACK;
