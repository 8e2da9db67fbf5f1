-- Transfers between rounds, a second review of "each reply counts for the
-- department that gave it" (complaint_facts, 65_views.sql): the department
-- the first transfer after a reply moved the complaint from.  Sequences:
-- a chain of transfers after a reply (CA -> CB -> CC), a transfer before any
-- reply, two rounds replied by one department then a transfer, a call-back
-- after a transfer, a complaint transferred back (CA -> CB -> CA: one row
-- per complaint and department), and a reopened round flagged overdue
-- unanswered, then transferred away.  Until 2026-12-07 (this review) that
-- transfer turned the former department's late back to on time: its row no
-- longer the handling one, the flag counted against nobody (assertions 6,
-- 7 and 10 fail on the former view).  Every level sums the departments' rows;
-- every rate stays within 0..1.  Each complaint is told apart by its minute
-- of receipt (complaint_facts has no complaint number).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(11);
\ir complaint_fixture.inc
CREATE TEMP TABLE cts_tag (tag text, at timestamptz);
INSERT INTO cts_tag VALUES ('chain', '2026-11-02 10:01+08'), ('before', '2026-11-02 10:02+08'), ('two_rounds', '2026-11-02 10:03+08'),
  ('overdue', '2026-11-02 10:04+08'), ('callback', '2026-11-02 10:05+08'), ('back', '2026-11-02 10:07+08');
CREATE TEMP VIEW cts_facts AS
SELECT t.tag, f.department, f.handling, f.replied, f.replied_on_time, f.callbacks, f.satisfied_callbacks,
       f.reopened, f.assigned, f.reopened_replies
  FROM complaint_facts f JOIN cts_tag t ON t.at = f.received_at;

-- chain: CA replies on time, reopened, CA -> CB -> CC, CC replies: CB gave
-- no reply and has no row
SELECT receive_complaint('12345', 'complaint', 'chain', '2026-11-02 10:01+08', applicant => p) AS chain FROM cf \gset
SELECT assign_complaint(:chain, 'CA', '2026-11-02 11:00+08');
SELECT reply_complaint(:chain, 'CA', '2026-11-03 10:00+08');
SELECT record_complaint_callback(:chain, false, '2026-11-04 10:00+08');
SELECT transfer_complaint(:chain, 'CB', 'x', '2026-11-05 10:00+08');
SELECT transfer_complaint(:chain, 'CC', 'y', '2026-11-05 11:00+08');
SELECT reply_complaint(:chain, 'CC', '2026-11-06 10:00+08');
-- before: CA -> CB before any reply, CB replies: CB alone
SELECT receive_complaint('12345', 'complaint', 'before', '2026-11-02 10:02+08', applicant => p) AS before FROM cf \gset
SELECT assign_complaint(:before, 'CA', '2026-11-02 11:00+08');
SELECT transfer_complaint(:before, 'CB', 'x', '2026-11-03 10:00+08');
SELECT reply_complaint(:before, 'CB', '2026-11-04 10:00+08');
-- two_rounds: CA replies twice (two rounds), reopened again, CA -> CB, no reply yet
SELECT receive_complaint('12345', 'complaint', 'two_rounds', '2026-11-02 10:03+08', applicant => p) AS two_rounds FROM cf \gset
SELECT assign_complaint(:two_rounds, 'CA', '2026-11-02 11:00+08');
SELECT reply_complaint(:two_rounds, 'CA 1', '2026-11-03 10:00+08');
SELECT record_complaint_callback(:two_rounds, false, '2026-11-04 10:00+08');
SELECT reply_complaint(:two_rounds, 'CA 2', '2026-11-05 10:00+08');
SELECT record_complaint_callback(:two_rounds, false, '2026-11-06 10:00+08');
SELECT transfer_complaint(:two_rounds, 'CB', 'x', '2026-11-09 10:00+08');
-- callback: CA replies, reopened, CA -> CB, CB replies, satisfied call-back (CB's)
SELECT receive_complaint('12345', 'complaint', 'callback', '2026-11-02 10:05+08', applicant => p) AS callback FROM cf \gset
SELECT assign_complaint(:callback, 'CA', '2026-11-02 11:00+08');
SELECT reply_complaint(:callback, 'CA', '2026-11-03 10:00+08');
SELECT record_complaint_callback(:callback, false, '2026-11-04 10:00+08');
SELECT transfer_complaint(:callback, 'CB', 'x', '2026-11-05 10:00+08');
SELECT reply_complaint(:callback, 'CB', '2026-11-06 10:00+08');
SELECT record_complaint_callback(:callback, true, '2026-11-09 10:00+08');
-- back: CA replies, reopened, CA -> CB, CB replies, reopened, CB -> CA, CA replies
SELECT receive_complaint('12345', 'complaint', 'back', '2026-11-02 10:07+08', applicant => p) AS back FROM cf \gset
SELECT assign_complaint(:back, 'CA', '2026-11-02 11:00+08');
SELECT reply_complaint(:back, 'CA', '2026-11-03 10:00+08');
SELECT record_complaint_callback(:back, false, '2026-11-04 10:00+08');
SELECT transfer_complaint(:back, 'CB', 'x', '2026-11-05 10:00+08');
SELECT reply_complaint(:back, 'CB', '2026-11-06 10:00+08');
SELECT record_complaint_callback(:back, false, '2026-11-09 10:00+08');
SELECT transfer_complaint(:back, 'CA', 'x', '2026-11-09 11:00+08');
SELECT reply_complaint(:back, 'CA', '2026-11-10 10:00+08');
-- overdue: CA replies on time, reopened on 11-04 (due 11-11), left
-- unanswered: the sweep of 11-13 flags it (the only complaint overdue then)
SELECT receive_complaint('12345', 'complaint', 'overdue', '2026-11-02 10:04+08', applicant => p) AS overdue FROM cf \gset
SELECT assign_complaint(:overdue, 'CA', '2026-11-02 11:00+08');
SELECT reply_complaint(:overdue, 'CA', '2026-11-03 10:00+08');
SELECT record_complaint_callback(:overdue, false, '2026-11-04 10:00+08');
SELECT is(complaint_sla_sweep('2026-11-13 10:00+08'), 1, 'the sweep flags the reopened round left unanswered');

SELECT is((SELECT array_agg(ROW(tag, department, handling, replied, replied_on_time, callbacks, satisfied_callbacks, reopened, assigned, reopened_replies)::text
                            ORDER BY tag, department)
             FROM cts_facts WHERE tag <> 'overdue'),
          ARRAY[ROW('back', 'CA', true, true, true, 1, 0, true, true, 1)::text,
                ROW('back', 'CB', false, true, true, 1, 0, false, false, 1)::text,
                ROW('before', 'CB', true, true, true, 0, 0, false, true, 0)::text,
                ROW('callback', 'CA', false, true, true, 1, 0, false, false, 0)::text,
                ROW('callback', 'CB', true, true, true, 1, 1, true, true, 1)::text,
                ROW('chain', 'CA', false, true, true, 1, 0, false, false, 0)::text,
                ROW('chain', 'CC', true, true, true, 0, 0, true, true, 1)::text,
                ROW('two_rounds', 'CA', false, true, true, 2, 0, false, false, 1)::text,
                ROW('two_rounds', 'CB', true, false, false, 0, 0, true, true, 0)::text],
          'each reply, and the call-back on it, under the department that gave it; a department passed through without replying has no row');
SELECT is((SELECT count(*) FROM cts_facts GROUP BY tag, department HAVING count(*) > 1), NULL,
          'one row per complaint and department, a complaint transferred back included');
SELECT is((SELECT count(*) FROM cts_facts WHERE handling), (SELECT count(*) FROM cts_tag), 'one handling row per complaint');

SELECT is((SELECT ROW(handling, replied, replied_on_time)::text FROM cts_facts WHERE tag = 'overdue' AND department = 'CA'),
          ROW(true, true, false)::text, 'overdue: CA, holding the round flagged overdue unanswered, counts late');
SELECT transfer_complaint(:overdue, 'CB', 'x', '2026-11-13 12:00+08');
SELECT is((SELECT ROW(handling, replied, replied_on_time)::text FROM cts_facts WHERE tag = 'overdue' AND department = 'CA'),
          ROW(false, true, false)::text,
          'overdue, transferred to CB unanswered: CA still counts late (until 2026-12-07 on time again: a transfer washed the flag)');
SELECT reply_complaint(:overdue, 'CB, late', '2026-11-16 10:00+08');
SELECT is((SELECT array_agg(ROW(department, handling, replied, replied_on_time)::text ORDER BY department) FROM cts_facts WHERE tag = 'overdue'),
          ARRAY[ROW('CA', false, true, false)::text, ROW('CB', true, true, false)::text],
          'CB''s reply to the round, late: CA late for good, CB late');

-- every level sums the departments' rows; the counts view too
SELECT is((SELECT count(DISTINCT s) FROM (
             SELECT level, ROW(sum(received), sum(replied), sum(replied_on_time), sum(callbacks), sum(satisfied_callbacks),
                               sum(callbacks_on_time), sum(reopened), sum(assigned), sum(assigned_on_time))::text AS s
               FROM complaint_rollup WHERE month = '2026-11-01' GROUP BY level) z),
          1::bigint, 'department, region, point and overall levels: the same sums of every count');
SELECT is((SELECT ROW(sum(received), sum(replied), sum(replied_on_time), sum(callbacks))::text FROM complaint_counts WHERE month = '2026-11-01'),
          (SELECT ROW(received, replied, replied_on_time, callbacks)::text FROM complaint_rollup WHERE level = 'overall' AND month = '2026-11-01'),
          'complaint_counts sums to the overall level');
SELECT is((SELECT ROW(received, replied, replied_on_time, callbacks, satisfied_callbacks, reopened, assigned)::text
             FROM complaint_rollup WHERE level = 'overall' AND month = '2026-11-01'),
          ROW(6, 10, 8, 8, 1, 5, 6)::text,
          'overall: 6 received, 10 replied by department (CA 5, CB 4, CC 1), 8 of them on time (CA''s and CB''s of overdue late), 8 call-backs, 5 reopened');
-- every rate within 0..1 at every level
SELECT is((SELECT count(*) FROM (
             SELECT replied_on_time_rate AS a, callback_satisfied_rate AS b, assigned_on_time_rate AS c, callback_on_time_rate AS d FROM complaint_indicators
             UNION ALL SELECT replied_on_time_rate, callback_satisfied_rate, assigned_on_time_rate, callback_on_time_rate FROM complaint_indicators_region
             UNION ALL SELECT replied_on_time_rate, callback_satisfied_rate, assigned_on_time_rate, callback_on_time_rate FROM complaint_indicators_point
             UNION ALL SELECT replied_on_time_rate, callback_satisfied_rate, assigned_on_time_rate, callback_on_time_rate FROM complaint_indicators_overall) z
            WHERE a NOT BETWEEN 0 AND 1 OR b NOT BETWEEN 0 AND 1 OR c NOT BETWEEN 0 AND 1 OR d NOT BETWEEN 0 AND 1),
          0::bigint, 'every rate within 0..1 at every level');
SELECT * FROM finish();
ROLLBACK;
