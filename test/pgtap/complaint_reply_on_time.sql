-- A reply is judged on time or late when it is given, and the judgement is
-- kept (complaint.replied_on_time, reply_complaint()): a reply is a fact of
-- its own time (doc/routing.md).  An unsatisfied call-back reopens the
-- complaint for a new round (重办): its reply is due complaint.<category>_days
-- working days after the local day of the reopening, the former round's
-- supervision, overdue flag and judgement cleared; a calendar edit moves that
-- due from the reopening day (complaint_recompute_dues()).  Until 2026-12-05
-- the indicators compared the latest reply with the moved due; until
-- 2026-12-06 a reopened complaint kept the due of its receipt (overdue at
-- once after a late call-back, its next reply late however prompt) and its
-- former round's "on time" while no new reply came (a review).  Every
-- reply's judgement is kept with its replied event (complaint_event.on_time)
-- and the indicators count every round: until 2026-12-07 they read the
-- current round's judgement alone (complaint.replied_on_time, cleared by a
-- reopening), so that a reopening took a late reply out of them, counted the
-- complaint on time when the next reply was, and rewrote the replied counts
-- of its month of receipt, however long reported (a review).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(35);
\ir complaint_fixture.inc
INSERT INTO department (code, name, region) VALUES
  ('CD', 'Complaint test D', '330226'),
  ('CE', 'Complaint test E', '330226');

-- ------------------------------------------------------------ 1. rounds and calendar edits
-- c1 (CA) and c2 (CB): received Monday 2026-11-02, 5 working days, due Monday 11-09
SELECT receive_complaint('12345', 'complaint', 'on time', '2026-11-02 10:00+08', applicant => p) AS c1 FROM cf \gset
SELECT receive_complaint('12345', 'complaint', 'late', '2026-11-02 10:00+08', applicant => p) AS c2 FROM cf \gset
SELECT receive_complaint('12345', 'suggestion', 'not replied', '2026-11-02 10:00+08', department => 'CC') AS c3 \gset
SELECT assign_complaint(:c1, 'CA', '2026-11-02 11:00+08');
SELECT assign_complaint(:c2, 'CB', '2026-11-02 11:00+08');
-- first replies, unsatisfied call-backs on Wednesday 11-04: both reopened,
-- due 5 working days after 11-04, Wednesday 11-11
SELECT reply_complaint(:c1, 'first', '2026-11-03 10:00+08');
SELECT reply_complaint(:c2, 'first', '2026-11-03 10:00+08');
SELECT record_complaint_callback(:c1, false, '2026-11-04 10:00+08');
SELECT record_complaint_callback(:c2, false, '2026-11-04 10:00+08');
SELECT is((SELECT array_agg(ROW(due, reopened_at, replied_on_time)::text ORDER BY id) FROM complaint WHERE id IN (:c1, :c2)),
          ARRAY[ROW('2026-11-11'::date, '2026-11-04 10:00+08'::timestamptz, NULL::boolean)::text,
                ROW('2026-11-11'::date, '2026-11-04 10:00+08'::timestamptz, NULL::boolean)::text],
          'reopened on 11-04: due 11-11 (5 working days after the reopening), the former judgement cleared (until 2026-12-06: 11-09, true)');
-- the replies to the reopened complaints: c1 on its due day, c2 a day after
-- (until 2026-12-06, with the receipt's due 11-09, on 11-09 and 11-10)
SELECT reply_complaint(:c1, 'second', '2026-11-11 16:00+08');
SELECT reply_complaint(:c2, 'second', '2026-11-12 10:00+08');
SELECT is((SELECT array_agg(ROW(department, replied_on, due)::text ORDER BY department)
             FROM complaint WHERE id IN (:c1, :c2)),
          ARRAY[ROW('CA', '2026-11-11'::date, '2026-11-11'::date)::text,
                ROW('CB', '2026-11-12'::date, '2026-11-11'::date)::text],
          'the replies to the reopened complaints: c1 on its due day, c2 the day after');
SELECT is((SELECT array_agg(ROW(department, replied, replied_on_time)::text ORDER BY department)
             FROM complaint_facts WHERE department IN ('CA', 'CB')),
          ARRAY[ROW('CA', true, true)::text, ROW('CB', true, false)::text],
          'complaint_facts: c1 on time, c2 late');
-- unsatisfied again on Friday 11-13: both await a reply, due Friday 11-20
SELECT record_complaint_callback(:c1, false, '2026-11-13 10:00+08');
SELECT record_complaint_callback(:c2, false, '2026-11-13 10:00+08');
-- (a) the reopening erases no reply: c1 stays replied on time, and c2's
-- late second reply stays late (until 2026-12-07 both left replied and the
-- on-time count, c2's late reply gone from the indicators)
SELECT is((SELECT array_agg(ROW(department, replied, replied_on_time)::text ORDER BY department)
             FROM complaint_facts WHERE department IN ('CA', 'CB')),
          ARRAY[ROW('CA', true, true)::text, ROW('CB', true, false)::text],
          'complaint_facts: reopened again, c1 stays replied on time and c2 replied late (until 2026-12-07: neither replied)');
SELECT is((SELECT array_agg(ROW(department, replied, replied_on_time_rate)::text ORDER BY department)
             FROM complaint_indicators WHERE department IN ('CA', 'CB')),
          ARRAY[ROW('CA', 1, 1.0000)::text, ROW('CB', 1, 0.0000)::text],
          'complaint_indicators: CA 1 of 1 on time, CB 0 of 1, through the reopening (until 2026-12-07: 0 replied each)');
SELECT is((SELECT array_agg(ROW(kind, note, on_time)::text ORDER BY id) FROM complaint_event WHERE complaint_id = :c2 AND kind = 'replied'),
          ARRAY[ROW('replied', 'due 2026-11-09', true)::text, ROW('replied', 'due 2026-11-11', false)::text],
          'complaint_event keeps every reply''s judgement and the due it was judged against');
SELECT is((SELECT array_agg(ROW(department, reopened_replies, reopened_replies_on_time)::text ORDER BY department)
             FROM complaint_facts WHERE department IN ('CA', 'CB')),
          ARRAY[ROW('CA', 1, 1)::text, ROW('CB', 1, 0)::text],
          'complaint_facts: one reply to a reopened round each, CA''s on time, CB''s late');

-- Saturday 11-07, before the reopening, made a working day: moves nothing
-- (counted from the receipt, until 2026-12-06, the due became 11-07)
INSERT INTO calendar_day (calendar, day, is_workday, note) VALUES ('cn', '2026-11-07', true, 'make-up day');
SELECT is((SELECT array_agg(due ORDER BY id) FROM complaint WHERE id IN (:c1, :c2)),
          '{2026-11-20,2026-11-20}'::date[], 'a working day before the reopening moves nothing: due 11-20');
-- Saturday 11-14, after it: due Thursday 11-19
INSERT INTO calendar_day (calendar, day, is_workday, note) VALUES ('cn', '2026-11-14', true, 'make-up day');
SELECT is((SELECT array_agg(due ORDER BY id) FROM complaint WHERE id IN (:c1, :c2)),
          '{2026-11-19,2026-11-19}'::date[], 'the edit moves their due from the reopening day: 11-19');
-- instead Thursday 11-19 declared a day off: due Monday 11-23
DELETE FROM calendar_day WHERE calendar = 'cn' AND day IN ('2026-11-07', '2026-11-14');
INSERT INTO calendar_day (calendar, day, is_workday, note) VALUES ('cn', '2026-11-19', false, 'declared');
SELECT is((SELECT array_agg(due ORDER BY id) FROM complaint WHERE id IN (:c1, :c2)),
          '{2026-11-23,2026-11-23}'::date[], 'the edit moves their due to 11-23');

-- the next reply is judged against the due in force when it is given:
-- Tuesday 11-17 declared a day off too, due Tuesday 11-24
INSERT INTO calendar_day (calendar, day, is_workday, note) VALUES ('cn', '2026-11-17', false, 'declared');
SELECT reply_complaint(:c1, 'third', '2026-11-25 10:00+08');
SELECT reply_complaint(:c2, 'third', '2026-11-24 12:00+08');
SELECT is((SELECT array_agg(ROW(department, replied_on, due)::text ORDER BY department)
             FROM complaint WHERE id IN (:c1, :c2)),
          ARRAY[ROW('CA', '2026-11-25'::date, '2026-11-24'::date)::text,
                ROW('CB', '2026-11-24'::date, '2026-11-24'::date)::text],
          'the third replies: c1 after the moved due, c2 on it');
-- replied: the due is final, and the judgement with it
DELETE FROM calendar_day WHERE calendar = 'cn' AND day IN ('2026-11-17', '2026-11-19');
SELECT is((SELECT array_agg(due ORDER BY id) FROM complaint WHERE id IN (:c1, :c2)),
          '{2026-11-24,2026-11-24}'::date[], 'a replied complaint keeps its due when the edits are undone');
SELECT is((SELECT array_agg(ROW(department, replied_on_time)::text ORDER BY department)
             FROM complaint_facts WHERE department IN ('CA', 'CB')),
          ARRAY[ROW('CA', false)::text, ROW('CB', false)::text],
          'the third replies judged against the due in force when given: c1 late; c2 on time, but its second reply was late: late (until 2026-12-07: on time)');
SELECT is((SELECT array_agg(ROW(replied_on, replied_on_time)::text ORDER BY id) FROM complaint WHERE id IN (:c1, :c2)),
          ARRAY[ROW('2026-11-25'::date, false)::text, ROW('2026-11-24'::date, true)::text],
          'complaint.replied_on_time records them');

-- the staff read the judgement in their queue (until 2026-12-05
-- complaint_queue showed replied_on but not replied_on_time)
SELECT is((SELECT array_agg(ROW(id, replied_on, replied_on_time)::text ORDER BY id) FROM complaint_queue WHERE id IN (:c1, :c2, :c3)),
          ARRAY[ROW(:c1, '2026-11-25'::date, false)::text, ROW(:c2, '2026-11-24'::date, true)::text,
                ROW(:c3, NULL::date, NULL::boolean)::text],
          'complaint_queue shows the judgement of the current round: c1 late, c2 on time, c3 not replied');
-- (c) the queue shows when the current round began (until 2026-12-07 it
-- did not: a reopened complaint's due seemed counted from nothing shown)
SELECT is((SELECT array_agg(ROW(id, reopened_at)::text ORDER BY id) FROM complaint_queue WHERE id IN (:c1, :c3)),
          ARRAY[ROW(:c1, '2026-11-13 10:00+08'::timestamptz)::text, ROW(:c3, NULL::timestamptz)::text],
          'complaint_queue.reopened_at: c1 last reopened on 11-13, c3 never');
-- every column of complaint but the complainant, the day counts and the
-- start of the round (the queue shows the due counted from it, and
-- callback_at, its time while reopened), plus anonymous
-- (doc/complaints.md); the added column last.  effective_due is a column
-- of complaint (generated) since 2026-12-05
SELECT is((SELECT array_agg(attname::text ORDER BY attnum) FROM pg_attribute
            WHERE attrelid = 'service_affair.complaint_queue'::regclass AND attnum > 0 AND NOT attisdropped),
          (SELECT array_agg(attname::text ORDER BY CASE attname WHEN 'replied_on_time' THEN 1000 WHEN 'reopened_at' THEN 1001 ELSE attnum END)
             FROM (SELECT attname, attnum FROM pg_attribute
                    WHERE attrelid = 'service_affair.complaint'::regclass AND attnum > 0 AND NOT attisdropped
                      AND attname NOT IN ('applicant', 'reply_days', 'assign_days', 'callback_days')
                   UNION ALL VALUES ('anonymous'::name, 10.5)) a),
          'complaint_queue: the columns of complaint but applicant, reply_days, assign_days, callback_days, with anonymous, replied_on_time and reopened_at last');

-- ------------------------------------------------------------ 2. a late reopening
-- c4 (CD): due 11-09, supervised to 11-04, flagged overdue on 11-05, replied
-- late on 11-06; c5 (CE): due 11-09, replied on time on 11-05.  Both called
-- back unsatisfied on Monday 11-16, after the due of their receipt: a new
-- round, due Monday 11-23
SELECT receive_complaint('12345', 'complaint', 'supervised', '2026-11-02 10:00+08', applicant => p) AS c4 FROM cf \gset
SELECT receive_complaint('12345', 'complaint', 'never again', '2026-11-02 10:00+08', applicant => p) AS c5 FROM cf \gset
SELECT assign_complaint(:c4, 'CD', '2026-11-02 11:00+08');
SELECT assign_complaint(:c5, 'CE', '2026-11-02 11:00+08');
SELECT supervise_complaint(:c4, '2026-11-04', '2026-11-03 12:00+08');
SELECT complaint_sla_sweep('2026-11-05 10:00+08');
SELECT reply_complaint(:c4, 'late', '2026-11-06 10:00+08');
SELECT reply_complaint(:c5, 'on time', '2026-11-05 10:00+08');
SELECT record_complaint_callback(:c4, false, '2026-11-16 10:00+08');
SELECT record_complaint_callback(:c5, false, '2026-11-16 10:00+08');
SELECT is((SELECT array_agg(ROW(status, due, supervise_due, effective_due, overdue_due, replied_on_time)::text ORDER BY id)
             FROM complaint WHERE id IN (:c4, :c5)),
          ARRAY[ROW('reopened', '2026-11-23'::date, NULL::date, '2026-11-23'::date, NULL::date, NULL::boolean)::text,
                ROW('reopened', '2026-11-23'::date, NULL::date, '2026-11-23'::date, NULL::date, NULL::boolean)::text],
          'a reopening after the due: due 11-23 from the reopening, supervision and overdue flag of the former round cleared (until 2026-12-06: due 11-09, c4 supervised to 11-04 and flagged)');
SELECT is((SELECT note FROM complaint_event WHERE complaint_id = :c4 AND kind = 'reopened'), 'due 2026-11-23',
          'the reopening''s event notes its due');
-- the sweep of the next day flags neither (until 2026-12-06 it flagged c5,
-- overdue the moment it reopened)
SELECT complaint_sla_sweep('2026-11-17 10:00+08');
SELECT is((SELECT array_agg(ROW(id, overdue_due, (SELECT count(*) FROM complaint_event e WHERE e.complaint_id = c.id AND e.kind = 'overdue'))::text ORDER BY id)
             FROM complaint c WHERE id IN (:c4, :c5)),
          ARRAY[ROW(:c4, NULL::date, 1)::text, ROW(:c5, NULL::date, 0)::text],
          'the sweep after a late reopening flags nothing (c4 keeps the former round''s flag in its history only)');
-- c4 replied promptly: on time (until 2026-12-06 late, against 11-04)
SELECT reply_complaint(:c4, 'again', '2026-11-17 11:00+08');
SELECT is((SELECT ROW(replied_on, replied_on_time)::text FROM complaint WHERE id = :c4),
          ROW('2026-11-17'::date, true)::text, 'a prompt reply to the reopened complaint is on time');
-- (a) but c4's first reply was late, and stays so (until 2026-12-07 the
-- reopening erased it, and c4 counted on time)
SELECT is((SELECT ROW(replied, replied_on_time, reopened_replies, reopened_replies_on_time)::text FROM complaint_facts WHERE department = 'CD'),
          ROW(true, false, 1, 1)::text, 'complaint_facts: c4, late in its first round and on time in its second, counts late (until 2026-12-07: on time)');
SELECT is((SELECT ROW(replied, replied_on_time_rate)::text FROM complaint_indicators WHERE department = 'CD'),
          ROW(1, 0.0000)::text, 'complaint_indicators: CD 0 of 1 on time (until 2026-12-07: 1 of 1)');
-- c5 not replied again yet: its first reply, on time, still counts
-- (replied, on time) while its new round is within its due
SELECT is((SELECT ROW(replied, replied_on_time)::text FROM complaint_facts WHERE department = 'CE'),
          ROW(true, true)::text, 'complaint_facts: c5, reopened, its new round within its due, counts its first reply on time');
-- its fresh due passed: the sweep flags it at that due
SELECT complaint_sla_sweep('2026-11-24 10:00+08');
SELECT is((SELECT overdue_due FROM complaint WHERE id = :c5), '2026-11-23'::date, 'the sweep flags c5 once its new due has passed');
-- flagged overdue unanswered: late, as its reply will be (a department
-- does not keep its "on time" by leaving a reopened complaint unanswered)
SELECT is((SELECT ROW(received, replied, replied_on_time_rate, reopened)::text FROM complaint_indicators WHERE department = 'CE'),
          ROW(1, 1, 0.0000, 1)::text, 'complaint_indicators: CE, its reopened round overdue unanswered, 0 of 1 on time');

-- ------------------------------------------------------------ 2b. months already reported
-- (b) c6 (CF), received on Monday 2026-10-26, due 11-02, replied on time
-- on 10-28; October is reported.  Called back unsatisfied on 11-03, in
-- November: October's counts stay (until 2026-12-07 October lost its reply:
-- replied 0, rate NULL)
INSERT INTO department (code, name, region) VALUES ('CF', 'Complaint test F', '330226');
SELECT receive_complaint('12345', 'complaint', 'October', '2026-10-26 10:00+08', applicant => p) AS c6 FROM cf \gset
SELECT assign_complaint(:c6, 'CF', '2026-10-26 11:00+08');
SELECT reply_complaint(:c6, 'first', '2026-10-28 10:00+08');
SELECT is((SELECT ROW(month, received, replied, replied_on_time_rate)::text FROM complaint_indicators WHERE department = 'CF'),
          ROW('2026-10-01'::date, 1, 1, 1.0000)::text, 'October as reported: CF 1 received, 1 replied, on time');
SELECT record_complaint_callback(:c6, false, '2026-11-03 10:00+08');
SELECT is((SELECT ROW(month, received, replied, replied_on_time_rate, reopened)::text FROM complaint_indicators WHERE department = 'CF'),
          ROW('2026-10-01'::date, 1, 1, 1.0000, 1)::text,
          'a reopening in November leaves October''s replied and on-time counts as reported (until 2026-12-07: 0 replied, NULL)');
-- the second round replied on time too: on time (the existing behaviour)
SELECT reply_complaint(:c6, 'second', '2026-11-05 10:00+08');
SELECT is((SELECT ROW(replied, replied_on_time, reopened_replies, reopened_replies_on_time)::text FROM complaint_facts WHERE department = 'CF'),
          ROW(true, true, 1, 1)::text, 'an on-time first reply and an on-time second reply: on time');

-- ------------------------------------------------------------ 3. the constraint
-- the judgement is recorded exactly with the reply of the current round
SELECT throws_ok(format('UPDATE complaint SET replied_on_time = NULL WHERE id = %s', :c1), '23514', NULL,
                 'a reply without its judgement is refused (complaint_reply_judged)');
SELECT throws_ok(format('UPDATE complaint SET replied_on_time = true WHERE id = %s', :c3),
                 '23514', NULL, 'a judgement without a reply is refused');
SELECT throws_ok(format('UPDATE complaint SET replied_on_time = true WHERE id = %s', :c5),
                 '23514', NULL, 'a reopened complaint awaiting its reply has no judgement');
SELECT is((SELECT count(*)::integer FROM complaint
            WHERE (replied_on_time IS NOT NULL) <> (status IN ('replied', 'closed'))
               OR (replied_on_time IS NOT NULL AND reply_at IS NULL)), 0,
          'every complaint replied or closed has its judgement, and only those');
SELECT throws_ok(format($$INSERT INTO complaint_event (complaint_id, at, kind, to_status) VALUES (%s, now(), 'replied', 'replied')$$, :c3),
                 '23514', NULL, 'a replied event without its judgement is refused (complaint_event_reply_judged)');

-- ------------------------------------------------------------ 4. the catalog says the rule
-- a reopened round flagged overdue unanswered counts its complaint late
-- (complaint_facts.replied_on_time): every view summing that column says so
-- in its COMMENT, as doc/complaints.md does (until 2026-12-07, later: the
-- COMMENTs of complaint_counts, complaint_rollup and the four indicator
-- levels named the replies only, a reader's "on time" for a complaint left
-- unanswered past the due of its reopened round)
SELECT is((SELECT array_agg(x ORDER BY x) FROM (
             SELECT c.relname || '.' || a.attname AS x
               FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
              WHERE c.relnamespace = 'service_affair'::regnamespace
                AND c.relname IN ('complaint_counts', 'complaint_rollup', 'complaint_indicators', 'complaint_indicators_region',
                                  'complaint_indicators_point', 'complaint_indicators_overall')
                AND a.attname IN ('replied_on_time', 'replied_on_time_rate')
                AND col_description(c.oid, a.attnum) NOT LIKE '%flagged overdue unanswered%'
             UNION ALL
             SELECT c.relname FROM pg_class c
              WHERE c.relnamespace = 'service_affair'::regnamespace
                AND c.relname IN ('complaint_indicators', 'complaint_indicators_region', 'complaint_indicators_point', 'complaint_indicators_overall')
                AND obj_description(c.oid, 'pg_class') NOT LIKE '%flagged overdue unanswered%') y),
          NULL, 'the COMMENT of every replied_on_time count and rate, and of every indicator view, names the overdue reopened round');

SELECT * FROM finish();
ROLLBACK;
