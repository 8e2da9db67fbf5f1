-- A calendar edit moves every stored due date of work still to be done, not
-- only the tasks', cases' and commitment checks': the legs of 代收代办 under
-- way, the reply due of complaints awaiting a reply, and the call-back and
-- fix dues of open rectifications.  Each is recomputed with the working
-- days it was given when it was set (the point's forward_days, the settings
-- complaint.<category>_days, rating.callback_days and rating.fix_days of
-- that time), not with today's settings; what is done keeps its dates.
-- Until 2026-12-03 a calendar edit moved none of the three: entering a
-- holiday left a leg, a reply and a rectification due on it.
--
-- Calendar cn in November 2026: no override; Thursday 11-19 is declared a
-- day off below.  Everything starts on Wednesday 11-18.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(30);
\ir tongban_fixture.inc

-- four cases of 11-18: cx forwarded from C5 (the company's business change
-- is Ninghai's), cy forwarded from T5 (its originals arrive 11-19), cz
-- handled at the county centre (no leg), cw forwarded from C6 and withdrawn
SELECT pg_temp.sub('tb_clerk5', 'tb_biz5', '91350100M000100Y43', 'window', 'C5') AS cx \gset
SELECT pg_temp.sub('tb_clerk_t5', 'tb_res5', '330225199001010012', 'window', 'T5') AS cy \gset
SELECT pg_temp.sub('tb_clerk5', 'tb_local5', '330225199001010012', 'window', 'C5') AS cz \gset
SELECT pg_temp.sub('tb_clerk6', 'tb_prop5', '11010519491231002X', 'window', 'C6', NULL, '330225') AS cw \gset
SELECT receive_originals(:cy, '2026-11-19 09:00+08');
SELECT withdraw(:cw, '2026-11-18 11:00+08');
SELECT is((SELECT array_agg(ROW(case_id, due, forward_days, done_at IS NOT NULL)::text ORDER BY case_id)
             FROM case_leg WHERE case_id IN (:cx, :cy, :cw) AND leg = 'forward'),
          ARRAY[ROW(:cx, '2026-11-20'::date, 2, false)::text, ROW(:cy, '2026-11-20'::date, 2, true)::text,
                ROW(:cw, '2026-11-20'::date, 2, false)::text],
  'fixture: three forward legs due Fri 11-20 (2 working days), cy''s done, cw''s case withdrawn');
SELECT is((SELECT count(*) FROM case_leg WHERE case_id = :cz), 0::bigint, 'fixture: cz has no leg');

-- ratings of 11-18: cx and cz bad and open, cy bad and closed; cx called back
SELECT rate(:cx, 1, 'online', NULL, '2026-11-18 12:00+08') AS rx \gset
SELECT rate(:cy, 2, 'online', NULL, '2026-11-18 12:00+08') AS ry \gset
SELECT rate(:cz, 1, 'online', NULL, '2026-11-18 12:00+08') AS rz \gset
SELECT record_callback(:rx, '2026-11-18 15:00+08');
SELECT close_rectification(:ry, 'apologised and fixed', '2026-11-18 16:00+08');
SELECT is((SELECT array_agg(ROW(rating_id, callback_due, fix_due, callback_days, fix_days)::text ORDER BY rating_id)
             FROM rectification WHERE rating_id IN (:rx, :ry, :rz)),
          ARRAY[ROW(:rx, '2026-11-19'::date, '2026-12-09'::date, 1, 15)::text,
                ROW(:ry, '2026-11-19'::date, '2026-12-09'::date, 1, 15)::text,
                ROW(:rz, '2026-11-19'::date, '2026-12-09'::date, 1, 15)::text],
  'three rectifications due 11-19 (call-back, 1 working day) and 12-09 (fix, 15), with the settings of the time kept');
-- cw (withdrawn) rated bad too, its rating shown mistaken on appeal: its
-- rectification stays open, owed nothing, and may settle with its case
SELECT rate(:cw, 1, 'online', NULL, '2026-11-18 12:00+08') AS rw \gset
SELECT appeal_rating(:rw, 'rated the wrong office', '2026-11-18 13:00+08');

-- complaints: one assigned and awaiting its reply, one replied, one only received
SELECT receive_complaint('12345', 'complaint', 'Slow window', '2026-11-18 10:00+08', department => 'TB_M5') AS qa \gset
SELECT receive_complaint('12345', 'complaint', 'Rude clerk', '2026-11-18 10:00+08', department => 'TB_M5', applicant => :p5) AS qr \gset
SELECT receive_complaint('12345', 'suggestion', 'More chairs', '2026-11-18 10:00+08', department => 'TB_M5') AS qn \gset
SELECT assign_complaint(:qa, 'TB_M5', '2026-11-18 11:00+08');
SELECT assign_complaint(:qr, 'TB_M5', '2026-11-18 11:00+08');
SELECT reply_complaint(:qr, 'We talked to the clerk', '2026-11-18 14:00+08');
SELECT is((SELECT array_agg(ROW(id, status, due, reply_days)::text ORDER BY id) FROM complaint WHERE id IN (:qa, :qr, :qn)),
          ARRAY[ROW(:qa, 'assigned', '2026-11-25'::date, NULL::integer)::text, ROW(:qr, 'replied', '2026-11-25'::date, NULL::integer)::text,
                ROW(:qn, 'received', NULL::date, NULL::integer)::text],
  'two complaints due Wed 11-25 (5 working days: the setting unset, its default kept as NULL), one not assigned');

-- the open leg overdue by the sweep of Mon 11-23
SELECT cmp_ok(leg_sla_sweep('2026-11-23 10:00+08'), '>=', 1, 'the sweep of 11-23 flags legs');
SELECT is((SELECT sla_state FROM case_leg WHERE case_id = :cx AND leg = 'forward'), 'overdue', 'cx''s leg is overdue on 11-23');

-- the settings change after the fact: the dues already set keep their counts
UPDATE setting SET value = '5' WHERE name = 'rating.fix_days';
INSERT INTO setting (name, value) VALUES ('complaint.complaint_days', '10');
UPDATE service_point SET forward_days = 10 WHERE code = 'C5';
SELECT is((SELECT due FROM case_leg WHERE case_id = :cx AND leg = 'forward'), '2026-11-20'::date,
  'changing the settings moves nothing by itself');

-- the edit: Thursday 11-19 declared a day off
INSERT INTO calendar_day (calendar, day, is_workday, note) VALUES ('cn', '2026-11-19', false, 'declared');

-- legs
SELECT is((SELECT due FROM case_leg WHERE case_id = :cx AND leg = 'forward'), '2026-11-23'::date,
  'the open leg moves to Mon 11-23 (2 working days after 11-18 without 11-19), with the point''s forward_days of its opening (2, not 10)');
SELECT is((SELECT sla_state FROM case_leg WHERE case_id = :cx AND leg = 'forward'), NULL,
  '... and loses its overdue flag (the next sweep decides again)');
SELECT results_eq(format($$SELECT detail->>'due', detail->>'old_due', detail->>'leg', at = now() FROM case_event
                            WHERE case_id = %s AND kind = 'leg_due_recomputed'$$, :cx),
  $$VALUES ('2026-11-23', '2026-11-20', 'forward', true)$$, 'the move is in the case''s history (leg_due_recomputed)');
SELECT is((SELECT due FROM case_leg WHERE case_id = :cy AND leg = 'forward'), '2026-11-20'::date, 'a leg done keeps its due');
SELECT is((SELECT due FROM case_leg WHERE case_id = :cw AND leg = 'forward'), '2026-11-20'::date,
  'the leg of a withdrawn case (it waits for nothing) keeps its due');
SELECT is((SELECT count(*) FROM case_event WHERE case_id IN (:cy, :cw) AND kind = 'leg_due_recomputed'), 0::bigint,
  'and no event for them');
SELECT is(leg_sla_sweep('2026-11-23 10:00+08') >= 0, true, 'the sweep runs again on 11-23');
SELECT is((SELECT sla_state FROM case_leg WHERE case_id = :cx AND leg = 'forward'), 'warning',
  '... and finds the moved leg due that day: warning, not overdue');

-- rectifications
SELECT is((SELECT ROW(callback_due, fix_due)::text FROM rectification WHERE rating_id = :rz),
          ROW('2026-11-20'::date, '2026-12-10'::date)::text,
  'an open rectification: both dues move one working day (with 1 and 15 days, not today''s 5)');
SELECT is((SELECT ROW(callback_due, fix_due)::text FROM rectification WHERE rating_id = :rx),
          ROW('2026-11-19'::date, '2026-12-10'::date)::text,
  'called back: the call-back due stays (the call-back was judged by it), the fix due moves');
SELECT is((SELECT ROW(callback_due, fix_due)::text FROM rectification WHERE rating_id = :ry),
          ROW('2026-11-19'::date, '2026-12-09'::date)::text, 'a closed rectification keeps both');
-- the open rectification of an appealed rating is owed nothing and settling
-- may move it (src/settle.c): the edit leaves it as it is, as a closed one
-- (until 2026-12-07 moved, and an edit racing the settling of its case died
-- with 40001: settle_appealed_calendar.spec)
SELECT is((SELECT ROW(callback_due, fix_due, closed_at)::text FROM rectification WHERE rating_id = :rw),
          ROW('2026-11-19'::date, '2026-12-09'::date, NULL::timestamptz)::text,
  'the open rectification of an appealed rating keeps both');

-- complaints
SELECT is((SELECT due FROM complaint WHERE id = :qa), '2026-11-26'::date,
  'the complaint awaiting its reply is due a working day later (the default 5, not today''s setting 10)');
SELECT is((SELECT due FROM complaint WHERE id = :qr), '2026-11-25'::date, 'a replied complaint keeps its due');
SELECT is((SELECT due FROM complaint WHERE id = :qn), NULL::date, 'an unassigned complaint still has none');
-- a supervision due is a date the office chose: it stays; the reopened
-- complaint's reply due moves again
SELECT supervise_complaint(:qa, '2026-11-24', '2026-11-18 16:00+08');
SELECT record_complaint_callback(:qr, false, '2026-11-18 17:00+08');
-- the day off moved to Tuesday 11-24 (one statement)
UPDATE calendar_day SET day = '2026-11-24' WHERE calendar = 'cn' AND day = '2026-11-19';
SELECT is((SELECT ROW(due, supervise_due)::text FROM complaint WHERE id = :qa), ROW('2026-11-26'::date, '2026-11-24'::date)::text,
  'the day off moved to 11-24: the reply due follows (11-26), the supervision due stays');
-- the reopened complaint is a new round (重办, record_complaint_callback()):
-- due from the reopening day with the setting in force then, recomputed
-- from that day by the edit (until 2026-12-06 the receipt's due was kept,
-- moved by the edit from 11-25 to 11-26)
SELECT is((SELECT ROW(due, reply_days)::text FROM complaint WHERE id = :qr), ROW('2026-12-03'::date, 10)::text,
  'the reopened complaint awaits a reply again: 10 working days (the setting at the reopening) after 11-18, without the day off: 12-03');
SELECT is((SELECT due FROM case_leg WHERE case_id = :cx AND leg = 'forward'), '2026-11-20'::date, '... the leg returns to 11-20');
SELECT is((SELECT ROW(callback_due, fix_due)::text FROM rectification WHERE rating_id = :rz),
          ROW('2026-11-19'::date, '2026-12-10'::date)::text, '... the call-back to 11-19, the fix due stays a day later');

-- a new assignment after the settings changed takes them
SELECT receive_complaint('12345', 'complaint', 'Lost file', '2026-11-18 10:00+08', department => 'TB_M5') AS q10 \gset
SELECT assign_complaint(:q10, 'TB_M5', '2026-11-18 11:00+08');
SELECT is((SELECT ROW(due, reply_days)::text FROM complaint WHERE id = :q10), ROW(add_workdays('2026-11-18', 10), 10)::text,
  'a complaint assigned after the change counts the new 10 days');

-- the trigger functions run on the calendar tables only
CREATE TEMP TABLE fake_calendar (day date);
CREATE TRIGGER t1 AFTER INSERT ON fake_calendar FOR EACH STATEMENT EXECUTE FUNCTION service_affair.leg_recompute_dues();
SELECT throws_ok('INSERT INTO fake_calendar VALUES (''2026-11-19'')', '42501', 'leg_recompute_dues() is not a trigger of this table',
  'leg_recompute_dues() on another table: 42501');
DROP TRIGGER t1 ON fake_calendar;
CREATE TRIGGER t2 AFTER INSERT ON fake_calendar FOR EACH STATEMENT EXECUTE FUNCTION service_affair.complaint_recompute_dues();
SELECT throws_ok('INSERT INTO fake_calendar VALUES (''2026-11-19'')', '42501', 'complaint_recompute_dues() is not a trigger of this table',
  'complaint_recompute_dues() on another table: 42501');
DROP TRIGGER t2 ON fake_calendar;
CREATE TRIGGER t3 AFTER INSERT ON fake_calendar FOR EACH STATEMENT EXECUTE FUNCTION service_affair.rectification_recompute_dues();
SELECT throws_ok('INSERT INTO fake_calendar VALUES (''2026-11-19'')', '42501', 'rectification_recompute_dues() is not a trigger of this table',
  'rectification_recompute_dues() on another table: 42501');

SELECT * FROM finish();
ROLLBACK;
