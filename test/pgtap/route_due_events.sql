-- Every due a calendar edit moves is in the case's history, once, with its
-- old and new date (recompute_dues(), doc/routing.md "Calendar edits").
-- An accepted case whose shift the edit can move (a finished suspension it
-- reaches, or its own calendar changed up to its due) is counted again by
-- refresh_case_clock(), which writes its due; until 2026-12-05 the old due
-- was read for the history after that write, so such a case's move was
-- never recorded (a review).  Also: a concluded case whose due was
-- provisional is counted again against the covered_until before the
-- statement, also when one UPDATE of calendar moves covered_until with the
-- weekmask (until 2026-12-05 against the new one: the cases in between
-- were missed).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(19);

INSERT INTO calendar (name, weekmask, timezone, covered_until) VALUES
  ('ev1', '1111100', 'Asia/Shanghai', '2027-12-31'),
  ('ev2', '1111100', 'Asia/Shanghai', '2027-12-31'),
  ('ev3', '1111100', 'Asia/Shanghai', '2026-12-31'),
  ('ev4', '1111100', 'Asia/Shanghai', '2026-12-31');
INSERT INTO department (code, name, region) VALUES ('EV', 'Due events', '330201'), ('EV3', 'Due events 3', '330201'),
  ('EV4', 'Due events 4', '330201');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online, mobile, calendar) VALUES
  ('ev_1', 'Due events 1', 'EV', 'promised', 20, 10, 1, true, false, 'ev1'),
  ('ev_2', 'Due events 2', 'EV', 'promised', 20, 10, 1, true, false, 'ev2'),
  ('ev_3', 'Due events 3', 'EV3', 'promised', 20, 7, 1, true, false, 'ev3'),
  ('ev_4', 'Due events 4', 'EV4', 'promised', 20, 7, 1, true, false, 'ev4');
INSERT INTO material (item, code, name, required, evidence_type, commitment_allowed)
SELECT code, 'form', 'Form', true, NULL, false FROM item WHERE code LIKE 'ev\__';
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Due Events Person');
CREATE FUNCTION pg_temp.p() RETURNS bigint LANGUAGE sql AS $$ SELECT id FROM service_affair.applicant WHERE name = 'Due Events Person' $$;
CREATE TEMP TABLE k (name text PRIMARY KEY, id bigint);
CREATE FUNCTION pg_temp.id(n text) RETURNS bigint LANGUAGE sql AS $$ SELECT id FROM k WHERE name = n $$;
CREATE FUNCTION pg_temp.task(n text) RETURNS bigint LANGUAGE sql AS $$ SELECT t.id FROM service_affair.task t WHERE t.case_id = pg_temp.id(n) $$;
-- the case's due events after event e: "kind from_status old_due>due"
CREATE FUNCTION pg_temp.events(n text, e bigint) RETURNS text[] LANGUAGE sql AS
$$ SELECT COALESCE(array_agg(x.kind || ' ' || x.from_status || ' ' || (x.detail->>'old_due') || '>' || (x.detail->>'due')
                             ORDER BY x.kind, x.id), '{}')
     FROM service_affair.case_event x
    WHERE x.case_id = pg_temp.id(n) AND x.id > e AND x.kind IN ('due_recomputed', 'task_due_recomputed') $$;

-- ev1: accepted Monday 2026-11-02, 10 working days; "susp" suspended
-- Wednesday 4 November and resumed Friday 6 (2 days: due 18 November),
-- "plain" never suspended (due 16 November)
INSERT INTO k SELECT 'susp', submit('ev_1', pg_temp.p(), '{form}', 'online', '{}', '2026-11-02 09:00+08');
INSERT INTO k SELECT 'plain', submit('ev_1', pg_temp.p(), '{form}', 'online', '{}', '2026-11-02 09:30+08');
SELECT suspend(pg_temp.task('susp'), 'testing', '2026-11-04 10:00+08');
SELECT resume(pg_temp.task('susp'), '2026-11-06 10:00+08');
-- ev2: the same on a calendar whose weekmask changes
INSERT INTO k SELECT 'mask', submit('ev_2', pg_temp.p(), '{form}', 'online', '{}', '2026-11-02 09:00+08');
SELECT suspend(pg_temp.task('mask'), 'testing', '2026-11-04 10:00+08');
SELECT resume(pg_temp.task('mask'), '2026-11-06 10:00+08');
-- ev3, ev4: accepted Thursday 2026-12-24, 7 working days, due Monday 4
-- January 2027 (provisional: covered until 2026-12-31); "prov" suspended
-- on 28 December and resumed on 29 (1 day: due Tuesday 5 January),
-- concluded on 6 January
INSERT INTO k SELECT 'prov', submit('ev_3', pg_temp.p(), '{form}', 'online', '{}', '2026-12-24 09:00+08');
SELECT suspend(pg_temp.task('prov'), 'testing', '2026-12-28 10:00+08');
SELECT resume(pg_temp.task('prov'), '2026-12-29 10:00+08');
SELECT complete_task(claim_task('EV3', 'rev', '2027-01-06 09:00+08'), 'approved', '2027-01-06 10:00+08');
INSERT INTO k SELECT 'between', submit('ev_4', pg_temp.p(), '{form}', 'online', '{}', '2026-12-24 09:00+08');
SELECT complete_task(claim_task('EV4', 'rev', '2027-01-06 09:00+08'), 'approved', '2027-01-06 11:00+08');

SELECT is((SELECT array_agg(c.status || ' ' || c.due ORDER BY k.name) FROM k JOIN cases c ON c.id = k.id),
          ARRAY['concluded 2027-01-04', 'accepted 2026-11-18', 'accepted 2026-11-16', 'concluded 2027-01-05',
                'accepted 2026-11-18'],
          'before the edits: between, mask, plain, prov, susp');

-- a holiday on Tuesday 10 November in ev1: every due of ev1 a day later
CREATE TEMP TABLE ev0 AS SELECT max(id) AS id FROM case_event;
INSERT INTO calendar_day (calendar, day, is_workday, note) VALUES ('ev1', '2026-11-10', false, 'holiday');
SELECT is((SELECT due FROM cases WHERE id = pg_temp.id('susp')), '2026-11-19'::date,
          'the holiday moved the due of the case with a finished suspension');
SELECT is(pg_temp.events('susp', (SELECT id FROM ev0)),
          ARRAY['due_recomputed accepted 2026-11-18>2026-11-19', 'task_due_recomputed accepted 2026-11-18>2026-11-19'],
          'its history: one due_recomputed (18 > 19 November), one task_due_recomputed');
SELECT is((SELECT due FROM cases WHERE id = pg_temp.id('plain')), '2026-11-17'::date,
          'and the due of the case never suspended');
SELECT is(pg_temp.events('plain', (SELECT id FROM ev0)),
          ARRAY['due_recomputed accepted 2026-11-16>2026-11-17', 'task_due_recomputed accepted 2026-11-16>2026-11-17'],
          'its history likewise');
SELECT is(pg_temp.events('mask', (SELECT id FROM ev0)), '{}', 'no event for a case of another calendar');

-- Saturdays become working days in ev2: the case's due comes earlier
TRUNCATE ev0;
INSERT INTO ev0 SELECT max(id) FROM case_event;
UPDATE calendar SET weekmask = '1111110' WHERE name = 'ev2';
SELECT is((SELECT due FROM cases WHERE id = pg_temp.id('mask')), '2026-11-16'::date,
          'the weekmask moved the due of the case with a finished suspension to 16 November');
SELECT is(pg_temp.events('mask', (SELECT id FROM ev0)),
          ARRAY['due_recomputed accepted 2026-11-18>2026-11-16', 'task_due_recomputed accepted 2026-11-18>2026-11-16'],
          'its history: one due_recomputed (18 > 16 November), one task_due_recomputed');
SELECT is(pg_temp.events('susp', (SELECT id FROM ev0)) || pg_temp.events('plain', (SELECT id FROM ev0)), '{}',
          'none for the cases of ev1');

-- the 2027 notice in ev3: 1 January a holiday, before covered_until moves
TRUNCATE ev0;
INSERT INTO ev0 SELECT max(id) FROM case_event;
INSERT INTO calendar_day (calendar, day, is_workday, note) VALUES ('ev3', '2027-01-01', false, '元旦');
SELECT is((SELECT due FROM cases WHERE id = pg_temp.id('prov')), '2027-01-06'::date,
          'the notice moved the provisional due of the concluded case with a finished suspension');
SELECT is(pg_temp.events('prov', (SELECT id FROM ev0)),
          ARRAY['due_recomputed concluded 2027-01-05>2027-01-06', 'task_due_recomputed concluded 2027-01-05>2027-01-06'],
          'its history: one due_recomputed (5 > 6 January), one task_due_recomputed, from concluded');
SELECT is((SELECT state FROM case_sla WHERE case_id = pg_temp.id('prov')), 'met', 'it met its lawful due');

-- ev4: one UPDATE moves covered_until over 2027 and makes Saturdays
-- working days: the concluded case's due (4 January) was provisional when
-- the statement came, and is counted again (Saturday 26 December counts:
-- due Friday 1 January)
TRUNCATE ev0;
INSERT INTO ev0 SELECT max(id) FROM case_event;
UPDATE calendar SET weekmask = '1111110', covered_until = '2027-12-31' WHERE name = 'ev4';
SELECT is((SELECT due FROM cases WHERE id = pg_temp.id('between')), '2027-01-01'::date,
          'weekmask and covered_until in one statement: the due provisional before it is counted again');
SELECT is(pg_temp.events('between', (SELECT id FROM ev0)),
          ARRAY['due_recomputed concluded 2027-01-04>2027-01-01', 'task_due_recomputed concluded 2027-01-04>2027-01-01'],
          'its history: one due_recomputed, one task_due_recomputed');
-- a later rewrite of ev4 finds it covered: it keeps its due
UPDATE calendar SET weekmask = '1111100' WHERE name = 'ev4';
SELECT is((SELECT due FROM cases WHERE id = pg_temp.id('between')), '2027-01-01'::date,
          'a later weekmask change leaves the now covered due alone');
-- a statement moving covered_until back over it judges it by the
-- covered_until before the statement: covered, so not counted again (by
-- the new one it would be: every day working, due 31 December)
UPDATE calendar SET weekmask = '1111111', covered_until = '2026-12-31' WHERE name = 'ev4';
SELECT is((SELECT due FROM cases WHERE id = pg_temp.id('between')), '2027-01-01'::date,
          'nor does one that moves covered_until back before it: it was covered when the statement came');
SELECT is((SELECT count(*) FROM case_event WHERE case_id = pg_temp.id('between') AND kind = 'due_recomputed'), 1::bigint,
          'one due_recomputed in all');

-- Thursday 5 November a day off in ev1, inside the finished suspension of
-- "susp" (4 > 6 November): its task loses a day of its limit and its
-- suspension one counted day (2 > 1), so the due stays Thursday 19
-- November, and so does its case's.  The history records moved dues only,
-- as for the case: until 2026-12-05 the task got a task_due_recomputed
-- from 19 to 19 November (its count changed, not its due; a review)
TRUNCATE ev0;
INSERT INTO ev0 SELECT max(id) FROM case_event;
INSERT INTO calendar_day (calendar, day, is_workday, note) VALUES ('ev1', '2026-11-05', false, 'holiday');
SELECT is((SELECT suspended_workdays || ' ' || due FROM task WHERE id = pg_temp.task('susp')), '1 2026-11-19',
          'a day off inside the suspension: one suspended working day less, the same due');
SELECT is(pg_temp.events('susp', (SELECT id FROM ev0)), '{}',
          'no due moved, no due event: none for the task whose count alone changed');

SELECT * FROM finish();
ROLLBACK;
