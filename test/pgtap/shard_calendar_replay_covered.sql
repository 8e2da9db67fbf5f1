-- A shard replays the province's calendar edits after the whole applied
-- transaction (service_affair_shard.calendar_replayed(): an empty UPDATE of
-- calendar at its commit, whose statement triggers recompute the dues).
-- When the province enters next year's notice as doc/calendar.md says, the
-- days and the move of covered_until in one transaction, covered_until has
-- moved when the replay asks which concluded cases had a provisional due:
-- until 2026-12-05 it found none, and a case concluded on its lawful due
-- stayed missed on the shard while the single node counted it again
-- (indicator_provisional_due.sql).  The shard's trigger
-- calendar_replay_covered now records, under apply, each calendar's
-- covered_until before the transaction, and the replay judges by it.
-- Simulated as logical apply runs it: replica mode, row triggers only (the
-- statement triggers, ALWAYS on a subscriber, are set back to origin for
-- the applied statements), then the deferred replay fired as at commit.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(12);
CREATE EXTENSION service_affair_shard;

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
-- accepted Thursday 2026-12-24, 7 working days: due Monday 4 January
-- without the 2027 notice (1 January assumed working), Tuesday 5 with it
INSERT INTO k SELECT 'on_time', submit('pv_a', pg_temp.p(), '{form}', 'online', '{}', '2026-12-24 09:00+08');
SELECT pg_temp.done('2027-01-05 10:00+08');    -- on its lawful due
INSERT INTO k SELECT 'late', submit('pv_a', pg_temp.p(), '{form}', 'online', '{}', '2026-12-24 10:00+08');
SELECT pg_temp.done('2027-01-06 10:00+08');    -- a day after it
CREATE FUNCTION pg_temp.id(n text) RETURNS bigint LANGUAGE sql AS $$ SELECT id FROM k WHERE name = n $$;
CREATE FUNCTION pg_temp.task(n text) RETURNS bigint LANGUAGE sql AS $$ SELECT t.id FROM service_affair.task t WHERE t.case_id = pg_temp.id(n) $$;

-- (the fixture's own calendar edits queued deferred events of
-- calendar_replayed, which do nothing outside replica mode: fired now, so
-- that the triggers can be altered below; immediate until the applied
-- transaction)
SET CONSTRAINTS ALL IMMEDIATE;
-- this database becomes a subscriber (the row prepare_subscriber() or a
-- restore inserts: its trigger sets the calendar triggers ALWAYS)
INSERT INTO service_affair_shard.subscriber DEFAULT VALUES;
SELECT is((SELECT tgenabled FROM pg_trigger WHERE tgrelid = 'service_affair.calendar'::regclass AND tgname = 'calendar_replay_covered'),
          'A'::"char", 'on a subscriber the trigger recording covered_until before an applied transaction fires ALWAYS');

-- a local edit on the subscriber (origin) records nothing: its own statement triggers judge it
UPDATE calendar SET covered_until = covered_until WHERE name = 'pv';
SELECT is(coalesce(current_setting('service_affair.calendar_replay_covered', true), ''), '',
          'a local update of a calendar records no covered_until for a replay');
SELECT is((SELECT array_agg(due ORDER BY id) FROM cases WHERE id IN (pg_temp.id('on_time'), pg_temp.id('late'))),
          ARRAY['2027-01-04', '2027-01-04']::date[], 'fixture: both concluded cases are due 4 January (provisional)');

-- logical apply fires row triggers only: the statement triggers go back to
-- origin for the applied statements; calendar_replayed of calendar too, so
-- that no event is pending on calendar and its statement triggers can be
-- set ALWAYS again before the replay (fired by the event of calendar_day,
-- once per transaction as at commit)
CREATE TEMP TABLE stmt_trg AS
  SELECT tgrelid::regclass AS rel, tgname AS name FROM pg_trigger
   WHERE tgrelid IN ('service_affair.calendar'::regclass, 'service_affair.calendar_day'::regclass)
     AND NOT tgisinternal AND tgenabled = 'A' AND tgtype & 1 = 0;
SELECT format('ALTER TABLE %s ENABLE TRIGGER %I', rel, name) FROM stmt_trg \gexec
ALTER TABLE service_affair.calendar DISABLE TRIGGER calendar_replayed;

-- the province's transaction, applied: the 2027 notice's day, then
-- covered_until moved (twice, to see that the first value wins)
SET CONSTRAINTS ALL DEFERRED;
SET LOCAL session_replication_role = replica;
INSERT INTO calendar_day (calendar, day, is_workday, note) VALUES ('pv', '2027-01-01', false, '元旦');
UPDATE calendar SET covered_until = '2027-06-30' WHERE name = 'pv';
UPDATE calendar SET covered_until = '2027-12-31' WHERE name = 'pv';
SET LOCAL session_replication_role = origin;
SELECT is(current_setting('service_affair.calendar_replay_covered', true)::jsonb, '{"pv": "2026-12-31"}'::jsonb,
          'under apply, the calendar''s covered_until before the transaction is recorded (the first value wins)');
SELECT is((SELECT array_agg(due ORDER BY id) FROM cases WHERE id IN (pg_temp.id('on_time'), pg_temp.id('late'))),
          ARRAY['2027-01-04', '2027-01-04']::date[], 'fixture: the applied statements fired no recomputation');

-- the commit of the applied transaction: the replay, in replica mode
SELECT format('ALTER TABLE %s ENABLE ALWAYS TRIGGER %I', rel, name) FROM stmt_trg WHERE rel = 'service_affair.calendar'::regclass \gexec
CREATE TEMP TABLE ev0 AS SELECT max(id) AS id FROM case_event;
SET LOCAL session_replication_role = replica;
SET CONSTRAINTS ALL IMMEDIATE;
SET LOCAL session_replication_role = origin;

SELECT is((SELECT array_agg(due ORDER BY id) FROM cases WHERE id IN (pg_temp.id('on_time'), pg_temp.id('late'))),
          ARRAY['2027-01-05', '2027-01-05']::date[], 'the replay moved both provisional concluded dues to 5 January, as on one node');
SELECT is((SELECT array_agg(due ORDER BY id) FROM task WHERE case_id IN (pg_temp.id('on_time'), pg_temp.id('late'))),
          ARRAY['2027-01-05', '2027-01-05']::date[], 'and those of their finished tasks');
SELECT is((SELECT state FROM case_sla WHERE case_id = pg_temp.id('on_time')), 'met',
          'case_sla: the case concluded on 5 January met its due');
SELECT is((SELECT state FROM task_sla WHERE task_id = pg_temp.task('on_time')), 'met', 'task_sla: so did its task');
SELECT is((SELECT array[c.state, t.state] FROM case_sla c, task_sla t
            WHERE c.case_id = pg_temp.id('late') AND t.task_id = pg_temp.task('late')), '{missed,missed}',
          'the case concluded on 6 January missed it, and its task');
SELECT is((SELECT count(*) FROM case_event e WHERE e.id > (SELECT id FROM ev0) AND e.kind IN ('due_recomputed', 'task_due_recomputed')),
          4::bigint, 'each changed due in the history (due_recomputed, task_due_recomputed)');
SELECT is(current_setting('service_affair.calendar_replay_covered', true), '',
          'the replay spent the recorded covered_until');

SELECT * FROM finish();
ROLLBACK;
