-- A reply is judged on time or late when it is given, and the judgement is
-- kept (complaint.replied_on_time, reply_complaint()): a reply is a fact of
-- its own time (doc/routing.md).  An unsatisfied call-back reopens the
-- complaint, and a reopened complaint awaits a reply again, so a calendar
-- edit moves its due (complaint_recompute_dues()); until 2026-12-05 the
-- indicators compared the latest reply with that moved due, and a reply
-- recorded on time read as late (or the reverse) after the edit.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(18);
\ir complaint_fixture.inc

-- c1 (CA) and c2 (CB): received Monday 2026-11-02, 5 working days, due Monday 11-09
SELECT receive_complaint('12345', 'complaint', 'on time', '2026-11-02 10:00+08', applicant => p) AS c1 FROM cf \gset
SELECT receive_complaint('12345', 'complaint', 'late', '2026-11-02 10:00+08', applicant => p) AS c2 FROM cf \gset
SELECT receive_complaint('12345', 'suggestion', 'not replied', '2026-11-02 10:00+08', department => 'CC') AS c3 \gset
SELECT assign_complaint(:c1, 'CA', '2026-11-02 11:00+08');
SELECT assign_complaint(:c2, 'CB', '2026-11-02 11:00+08');
-- first replies, unsatisfied call-backs: both reopened
SELECT reply_complaint(:c1, 'first', '2026-11-03 10:00+08');
SELECT reply_complaint(:c2, 'first', '2026-11-03 10:00+08');
SELECT record_complaint_callback(:c1, false, '2026-11-04 10:00+08');
SELECT record_complaint_callback(:c2, false, '2026-11-04 10:00+08');
-- the replies to the reopened complaints: c1 on its due day, c2 a day after
SELECT reply_complaint(:c1, 'second', '2026-11-09 16:00+08');
SELECT reply_complaint(:c2, 'second', '2026-11-10 10:00+08');
SELECT is((SELECT array_agg(ROW(department, replied_on, due)::text ORDER BY department)
             FROM complaint WHERE id IN (:c1, :c2)),
          ARRAY[ROW('CA', '2026-11-09'::date, '2026-11-09'::date)::text,
                ROW('CB', '2026-11-10'::date, '2026-11-09'::date)::text],
          'the replies to the reopened complaints: c1 on its due day, c2 the day after');
SELECT is((SELECT array_agg(ROW(department, replied, replied_on_time)::text ORDER BY department)
             FROM complaint_facts WHERE department IN ('CA', 'CB')),
          ARRAY[ROW('CA', true, true)::text, ROW('CB', true, false)::text],
          'complaint_facts: c1 on time, c2 late');
-- unsatisfied again: both await a reply, and a calendar edit moves their due
SELECT record_complaint_callback(:c1, false, '2026-11-11 10:00+08');
SELECT record_complaint_callback(:c2, false, '2026-11-11 10:00+08');

-- Saturday 11-07 made a working day: due Saturday 11-07
INSERT INTO calendar_day (calendar, day, is_workday, note) VALUES ('cn', '2026-11-07', true, 'make-up day');
SELECT is((SELECT array_agg(due ORDER BY id) FROM complaint WHERE id IN (:c1, :c2)),
          '{2026-11-07,2026-11-07}'::date[], 'the reopened complaints await a reply: the edit moves their due to 11-07');
SELECT is((SELECT replied_on_time FROM complaint_facts WHERE department = 'CA'), true,
          'c1''s reply, given on its due day, stays on time (until 2026-12-05: late against the moved due)');
SELECT is((SELECT ROW(replied, replied_on_time_rate)::text FROM complaint_indicators WHERE department = 'CA'),
          ROW(1, 1.0000::numeric)::text, 'complaint_indicators: CA replied on time, 1 of 1');

-- instead Thursday 11-05 declared a day off: due Tuesday 11-10
DELETE FROM calendar_day WHERE calendar = 'cn' AND day = '2026-11-07';
INSERT INTO calendar_day (calendar, day, is_workday, note) VALUES ('cn', '2026-11-05', false, 'declared');
SELECT is((SELECT array_agg(due ORDER BY id) FROM complaint WHERE id IN (:c1, :c2)),
          '{2026-11-10,2026-11-10}'::date[], 'the edit moves their due to 11-10');
SELECT is((SELECT replied_on_time FROM complaint_facts WHERE department = 'CB'), false,
          'c2''s reply, given the day after its due, stays late (until 2026-12-05: on time against the moved due)');
SELECT is((SELECT ROW(replied, replied_on_time_rate)::text FROM complaint_indicators WHERE department = 'CB'),
          ROW(1, 0.0000::numeric)::text, 'complaint_indicators: CB replied on time, 0 of 1');
SELECT is((SELECT replied_on_time FROM complaint_facts WHERE department = 'CA'), true, 'c1 stays on time');

-- the next reply is judged against the due in force when it is given:
-- Tuesday 11-10 declared a day off too, due Wednesday 11-11
INSERT INTO calendar_day (calendar, day, is_workday, note) VALUES ('cn', '2026-11-10', false, 'declared');
SELECT reply_complaint(:c1, 'third', '2026-11-12 10:00+08');
SELECT reply_complaint(:c2, 'third', '2026-11-11 12:00+08');
SELECT is((SELECT array_agg(ROW(department, replied_on, due)::text ORDER BY department)
             FROM complaint WHERE id IN (:c1, :c2)),
          ARRAY[ROW('CA', '2026-11-12'::date, '2026-11-11'::date)::text,
                ROW('CB', '2026-11-11'::date, '2026-11-11'::date)::text],
          'the third replies: c1 after the moved due, c2 on it');
-- replied: the due is final, and the judgement with it
DELETE FROM calendar_day WHERE calendar = 'cn' AND day IN ('2026-11-05', '2026-11-10');
SELECT is((SELECT array_agg(due ORDER BY id) FROM complaint WHERE id IN (:c1, :c2)),
          '{2026-11-11,2026-11-11}'::date[], 'a replied complaint keeps its due when the edits are undone');
SELECT is((SELECT array_agg(ROW(department, replied_on_time)::text ORDER BY department)
             FROM complaint_facts WHERE department IN ('CA', 'CB')),
          ARRAY[ROW('CA', false)::text, ROW('CB', true)::text],
          'the third replies judged against the due in force when given: c1 late, c2 on time');
SELECT is((SELECT array_agg(ROW(replied_on, replied_on_time)::text ORDER BY id) FROM complaint WHERE id IN (:c1, :c2)),
          ARRAY[ROW('2026-11-12'::date, false)::text, ROW('2026-11-11'::date, true)::text],
          'complaint.replied_on_time records them');

-- the staff read the judgement in their queue (until 2026-12-05
-- complaint_queue showed replied_on but not replied_on_time)
SELECT is((SELECT array_agg(ROW(id, replied_on, replied_on_time)::text ORDER BY id) FROM complaint_queue WHERE id IN (:c1, :c2, :c3)),
          ARRAY[ROW(:c1, '2026-11-12'::date, false)::text, ROW(:c2, '2026-11-11'::date, true)::text,
                ROW(:c3, NULL::date, NULL::boolean)::text],
          'complaint_queue shows the judgement: c1 late, c2 on time, c3 not replied');
-- every column of complaint but the complainant and the day counts, plus
-- anonymous (doc/complaints.md); the added column last.  effective_due is
-- a column of complaint (generated) since 2026-12-05
SELECT is((SELECT array_agg(attname::text ORDER BY attnum) FROM pg_attribute
            WHERE attrelid = 'service_affair.complaint_queue'::regclass AND attnum > 0 AND NOT attisdropped),
          (SELECT array_agg(attname::text ORDER BY CASE attname WHEN 'replied_on_time' THEN 1000 ELSE attnum END)
             FROM (SELECT attname, attnum FROM pg_attribute
                    WHERE attrelid = 'service_affair.complaint'::regclass AND attnum > 0 AND NOT attisdropped
                      AND attname NOT IN ('applicant', 'reply_days', 'assign_days', 'callback_days')
                   UNION ALL VALUES ('anonymous'::name, 10.5)) a),
          'complaint_queue: the columns of complaint but applicant, reply_days, assign_days, callback_days, with anonymous, replied_on_time last');

-- the judgement is recorded exactly with a reply
SELECT throws_ok(format('UPDATE complaint SET replied_on_time = NULL WHERE id = %s', :c1), '23514', NULL,
                 'a reply without its judgement is refused (complaint_reply_judged)');
SELECT throws_ok(format('UPDATE complaint SET replied_on_time = true WHERE id = %s', :c3),
                 '23514', NULL, 'a judgement without a reply is refused');
SELECT is((SELECT count(*)::integer FROM complaint WHERE (reply_at IS NULL) <> (replied_on_time IS NULL)), 0,
          'no complaint has one without the other');

SELECT * FROM finish();
ROLLBACK;
