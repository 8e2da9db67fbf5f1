-- A calendar edit gives a case the same clock whether it comes before or
-- after the stage-1 task that was suspended over the edited day finished:
-- recompute_dues() counts again the suspended days of every task of open
-- work, the finished tasks of a case still accepted included (a review of
-- 2026-12-04: the shift was 4 working days with the edit before the
-- completion and 5 with it after, the done task's old count kept).  Dates
-- in 2027, where cn has only its weekmask; the edit makes Thursday
-- 2027-03-04, inside the suspension, a day off.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(8);
\ir route_fixture.inc

CREATE FUNCTION pg_temp.run(edit_after integer) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  k bigint;
  t1 bigint;
  r text;
BEGIN
  IF edit_after = 0 THEN
    INSERT INTO service_affair.calendar_day VALUES ('cn', '2027-03-04', false, 'test holiday');
  END IF;
  k := service_affair.submit('rt_shop', (SELECT id FROM service_affair.applicant WHERE name = 'Routing Person'),
                             '{form,lease}', 'online', '{}', '2027-03-01 10:00+08');
  SELECT id INTO t1 FROM service_affair.task WHERE case_id = k AND stage = 1;
  PERFORM service_affair.suspend(t1, 'testing', '2027-03-02 10:00+08');
  IF edit_after = 1 THEN
    INSERT INTO service_affair.calendar_day VALUES ('cn', '2027-03-04', false, 'test holiday');
  END IF;
  PERFORM service_affair.resume(t1, '2027-03-09 10:00+08');
  IF edit_after = 2 THEN
    INSERT INTO service_affair.calendar_day VALUES ('cn', '2027-03-04', false, 'test holiday');
  END IF;
  PERFORM service_affair.complete_task(t1, 'approved', '2027-03-10 10:00+08');
  IF edit_after = 3 THEN
    INSERT INTO service_affair.calendar_day VALUES ('cn', '2027-03-04', false, 'test holiday');
  END IF;
  SELECT c.due_shift || ' ' || c.due || ' ' || t.suspended_workdays || ' ' || t.due INTO r
    FROM service_affair.cases c JOIN service_affair.task t ON t.id = t1 WHERE c.id = k;
  RAISE EXCEPTION USING ERRCODE = 'SAR01', MESSAGE = r;  -- rolls back this run
EXCEPTION WHEN SQLSTATE 'SAR01' THEN
  RETURN SQLERRM;
END $$;

SELECT pg_temp.run(0) AS before_submit \gset
SELECT pg_temp.run(1) AS while_suspended \gset
SELECT pg_temp.run(2) AS after_resume \gset
SELECT pg_temp.run(3) AS after_completion \gset
SELECT is(split_part(:'before_submit', ' ', 1), '4', 'the edit before the submission: a shift of 4 working days (the holiday is not counted)');
SELECT is(:'while_suspended'::text, :'before_submit'::text, 'the edit while the task is suspended: the same clock (shift, case due, task count and due)');
SELECT is(:'after_resume'::text, :'before_submit'::text, 'the edit after the resumption: the same clock');
SELECT is(:'after_completion'::text, :'before_submit'::text, 'the edit after the stage-1 task finished: the same clock (it was 5)');
SELECT is((SELECT count(*) FROM calendar_day WHERE calendar = 'cn' AND day = '2027-03-04'), 0::bigint, 'every run rolled back');

-- the finished task of a concluded case: counted again when the case's due
-- was provisional at the edit (2027 not covered yet: the edit is the notice
-- that fixes it), else it keeps its count and due
SELECT submit('rt_biz', :p, '{form,lease}', 'online', '{}', '2027-03-01 10:00+08') AS kc \gset
SELECT id AS tc FROM task WHERE case_id = :kc \gset
SELECT suspend(:tc, 'testing', '2027-03-02 10:00+08');
SELECT resume(:tc, '2027-03-09 10:00+08');
SELECT complete_task(:tc, 'approved', '2027-03-10 10:00+08');
SELECT suspended_workdays || ' ' || due AS before FROM task WHERE id = :tc \gset
SAVEPOINT provisional;
INSERT INTO calendar_day VALUES ('cn', '2027-03-04', false, 'test holiday');
SELECT is((SELECT status FROM cases WHERE id = :kc), 'concluded', 'a single-item case concluded with its task');
SELECT is((SELECT suspended_workdays || ' ' || due FROM task WHERE id = :tc), '4 2027-03-15',
          '... its due provisional at the edit: its finished task counted again (4 suspended days, not 5; until 2026-12-05 kept)');
ROLLBACK TO SAVEPOINT provisional;
UPDATE calendar SET covered_until = '2027-12-31' WHERE name = 'cn';
INSERT INTO calendar_day VALUES ('cn', '2027-03-04', false, 'test holiday');
SELECT is((SELECT suspended_workdays || ' ' || due FROM task WHERE id = :tc), :'before'::text,
          '... its due covered (not provisional) at the edit: its finished task keeps its count and due (history is not rewritten)');

SELECT * FROM finish();
ROLLBACK;
