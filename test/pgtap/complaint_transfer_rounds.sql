-- Each reply counts for the department that gave it (complaint_facts,
-- 65_views.sql): a complaint replied by CA, reopened by an unsatisfied
-- call-back and transferred to CB (转办, the due kept) between the rounds
-- counts CA's reply, its judgement and the call-back on it for CA, and
-- CB's reply for CB, which counts the complaint itself (received,
-- reopened).  Until 2026-12-07 every count went to the handling department
-- as it stands: CB counted the complaint replied late for CA's late reply
-- (its own on time), CA nothing (a review).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(9);
\ir complaint_fixture.inc

-- c1: received Monday 2026-11-02, assigned to CA, due Monday 11-09; CA
-- replies late on 11-10; the call-back on Wednesday 11-11 reopens it (due
-- 5 working days after, 11-18); transferred to CB on 11-12, which replies
-- on time on 11-13
SELECT receive_complaint('12345', 'complaint', 'transferred between rounds', '2026-11-02 10:00+08', applicant => p) AS c1 FROM cf \gset
SELECT assign_complaint(:c1, 'CA', '2026-11-02 11:00+08');
SELECT reply_complaint(:c1, 'late, by CA', '2026-11-10 10:00+08');
SELECT record_complaint_callback(:c1, false, '2026-11-11 10:00+08');
SELECT transfer_complaint(:c1, 'CB', 'the stall is CB''s', '2026-11-12 09:00+08');
SELECT reply_complaint(:c1, 'on time, by CB', '2026-11-13 10:00+08');
-- c2: CA, transferred to CB before any reply, replied by CB on time:
-- nothing for CA
SELECT receive_complaint('12345', 'complaint', 'transferred before the reply', '2026-11-02 10:00+08', applicant => p) AS c2 FROM cf \gset
SELECT assign_complaint(:c2, 'CA', '2026-11-02 11:00+08');
SELECT transfer_complaint(:c2, 'CB', 'not ours', '2026-11-03 09:00+08');
SELECT reply_complaint(:c2, 'by CB', '2026-11-04 10:00+08');

SELECT is((SELECT array_agg(ROW(department, kind, on_time)::text ORDER BY id) FROM complaint_event
            WHERE complaint_id = :c1 AND kind IN ('replied', 'transferred')),
          ARRAY[ROW('CA', 'replied', false)::text, ROW('CA', 'transferred', NULL::boolean)::text, ROW('CB', 'replied', true)::text],
          'the history: CA''s late reply, the transfer from CA, CB''s reply on time');
SELECT is((SELECT array_agg(ROW(department, received, replied, replied_on_time_rate, reopened, assigned, callbacks, callback_on_time_rate)::text
                            ORDER BY department)
             FROM complaint_indicators WHERE department IN ('CA', 'CB') AND month = '2026-11-01'),
          ARRAY[ROW('CA', 0, 1, 0.0000, 0, 0, 1, 1.0000)::text,
                ROW('CB', 2, 2, 1.0000, 1, 2, 0, NULL::numeric)::text],
          'complaint_indicators: CA replied 1, late, called back once; CB received both and replied both on time (until 2026-12-07: CA no row, CB 1 of 2 on time)');
SELECT is((SELECT array_agg(ROW(department, received, replied, replied_on_time, callbacks)::text ORDER BY department)
             FROM complaint_counts WHERE department IN ('CA', 'CB')),
          ARRAY[ROW('CA', 0, 1, 0, 1)::text, ROW('CB', 2, 2, 2, 0)::text],
          'complaint_counts: the same per department');
-- the levels above the department sum the departments' rows (the province
-- sums them so): received counts each complaint once, replied once per
-- department that replied
SELECT is((SELECT ROW(received, replied, replied_on_time, callbacks)::text
             FROM complaint_rollup WHERE level = 'region' AND region = '330225' AND month = '2026-11-01'),
          ROW(2, 3, 2, 1)::text,
          'complaint_rollup, region 330225: 2 received, 3 replies by department, 2 on time');
SELECT is((SELECT ROW(sum(received), sum(replied), sum(replied_on_time))::text FROM complaint_counts),
          (SELECT ROW(received, replied, replied_on_time)::text FROM complaint_rollup WHERE level = 'overall' AND month = '2026-11-01'),
          'the overall level is the sum of complaint_counts');
SELECT is((SELECT array_agg(ROW(department, replied, replied_on_time_rate)::text ORDER BY department)
             FROM complaint_period('2026-11-01', '2026-11-01') WHERE department IN ('CA', 'CB')),
          ARRAY[ROW('CA', 1, 0.0000)::text, ROW('CB', 2, 1.0000)::text],
          'complaint_period: the same');

-- the facts themselves (the column handling is new: until 2026-12-07 one
-- row per complaint, CB's, c1 replied late with CA's call-back)
SELECT is((SELECT array_agg(ROW(department, handling, replied, replied_on_time, callbacks, callbacks_on_time, reopened,
                                assigned, reopened_replies, reopened_replies_on_time)::text ORDER BY department, reopened)
             FROM complaint_facts WHERE department IN ('CA', 'CB')),
          ARRAY[ROW('CA', false, true, false, 1, 1, false, false, 0, 0)::text,
                ROW('CB', true, true, true, 0, 0, false, true, 0, 0)::text,
                ROW('CB', true, true, true, 0, 0, true, true, 1, 1)::text],
          'complaint_facts: c1''s late first reply and its call-back for CA (a former department''s row), its on-time reply to the reopened round and the complaint itself for CB; c2 for CB alone');
SELECT is((SELECT count(*) FILTER (WHERE handling) FROM complaint_facts), (SELECT count(*) FROM complaint),
          'one handling row per complaint');

-- transferred back to CA after CB's reply and a second unsatisfied call-back:
-- CA's new reply joins its own row (now the handling one), CB keeps its reply
SELECT record_complaint_callback(:c1, false, '2026-11-16 10:00+08');
SELECT transfer_complaint(:c1, 'CA', 'back to CA', '2026-11-16 11:00+08');
SELECT reply_complaint(:c1, 'on time, by CA', '2026-11-17 10:00+08');
SELECT is((SELECT array_agg(ROW(department, handling, replied, replied_on_time, callbacks, reopened_replies, reopened_replies_on_time)::text
                            ORDER BY department)
             FROM complaint_facts WHERE received_at = '2026-11-02 10:00+08' AND department IN ('CA', 'CB') AND reopened_replies + callbacks > 0),
          ARRAY[ROW('CA', true, true, false, 1, 1, 1)::text,
                ROW('CB', false, true, true, 1, 1, 1)::text],
          'back at CA: CA''s two replies on its row (late for good), CB''s reply and the call-back on it on a former department''s row');
SELECT * FROM finish();
ROLLBACK;
