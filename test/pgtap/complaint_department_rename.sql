-- A department renamed (UPDATE department SET code: ON UPDATE CASCADE) keeps
-- its complaints' replies under its new code.  complaint.department followed
-- the rename, complaint_event's department and to_department did not (no
-- foreign key): until 2026-12-07 complaint_facts counted a reply given
-- before a transfer under the code the transfer recorded, so that a renamed
-- department's former replies stayed under its old code, a second row
-- without a region beside the new code's (a fourth review).  The history's
-- codes now follow the rename through their foreign keys, which the
-- append-only trigger lets through (and nothing else).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(15);
\ir complaint_fixture.inc

-- c1: CB replies late (due 11-09, replied 11-10), an unsatisfied call-back
-- reopens it, transferred to CC, which replies on time
SELECT receive_complaint('12345', 'complaint', 'replied by CB, then CC', '2026-11-02 10:00+08', applicant => p) AS c1 FROM cf \gset
SELECT assign_complaint(:c1, 'CB', '2026-11-02 11:00+08');
SELECT reply_complaint(:c1, 'late, by CB', '2026-11-10 10:00+08');
SELECT record_complaint_callback(:c1, false, '2026-11-11 10:00+08');
SELECT transfer_complaint(:c1, 'CC', 'CC''s', '2026-11-12 09:00+08');
SELECT reply_complaint(:c1, 'on time, by CC', '2026-11-13 10:00+08');
-- c2: CB replies on time, reopened, transferred to CC and back to CB, which
-- replies on time again: one department, two replies
SELECT receive_complaint('12345', 'complaint', 'CB, CC and back', '2026-11-02 10:00+08', applicant => p) AS c2 FROM cf \gset
SELECT assign_complaint(:c2, 'CB', '2026-11-02 11:00+08');
SELECT reply_complaint(:c2, 'by CB', '2026-11-03 10:00+08');
SELECT record_complaint_callback(:c2, false, '2026-11-04 10:00+08');
SELECT transfer_complaint(:c2, 'CC', 'CC''s?', '2026-11-05 09:00+08');
SELECT transfer_complaint(:c2, 'CB', 'no, CB''s', '2026-11-06 09:00+08');
SELECT reply_complaint(:c2, 'by CB again', '2026-11-09 10:00+08');

SELECT lives_ok($$UPDATE department SET code = 'CB2' WHERE code = 'CB'$$, 'department CB renamed CB2');
SELECT is((SELECT count(*) FROM complaint_event WHERE complaint_id IN (:c1, :c2) AND 'CB' IN (department, to_department)),
          0::bigint, 'no event of the two complaints names the former code CB (until 2026-12-07: 12)');
SELECT is((SELECT array_agg(ROW(kind, department, to_department)::text ORDER BY id) FROM complaint_event
            WHERE complaint_id = :c2 AND kind IN ('assigned', 'replied', 'transferred')),
          ARRAY[ROW('assigned', NULL, 'CB2')::text, ROW('replied', 'CB2', NULL)::text, ROW('transferred', 'CB2', 'CC')::text,
                ROW('transferred', 'CC', 'CB2')::text, ROW('replied', 'CB2', NULL)::text],
          'c2''s history names CB by its new code, and is otherwise as recorded');
-- c1: CB2's late reply (a former department's row), CC's on time; c2: CB2
-- handles it and gave both replies (until 2026-12-07 c1's row and c2's first
-- reply under CB, without a region, and c2's second reply alone under CB2)
SELECT is((SELECT array_agg(ROW(department, region, handling, replied, replied_on_time, reopened_replies)::text
                            ORDER BY department, handling)
             FROM complaint_facts WHERE month = '2026-11-01'),
          ARRAY[ROW('CB2', '330225', false, true, false, 0)::text, ROW('CB2', '330225', true, true, true, 1)::text,
                ROW('CC', '330226', true, true, true, 1)::text],
          'complaint_facts: every reply of CB under CB2, with its region');
SELECT is((SELECT array_agg(ROW(department, received, replied, replied_on_time)::text ORDER BY department)
             FROM complaint_counts),
          ARRAY[ROW('CB2', 1, 2, 1)::text, ROW('CC', 1, 1, 1)::text],
          'complaint_counts: CB2 received 1, replied 2 (1 on time), no row for the former code');
SELECT is((SELECT array_agg(ROW(department, replied, replied_on_time_rate)::text ORDER BY department)
             FROM complaint_indicators WHERE month = '2026-11-01'),
          ARRAY[ROW('CB2', 2, 0.5000)::text, ROW('CC', 1, 1.0000)::text],
          'complaint_indicators: the same');
-- the trigger lets the rename through, nothing else: a superuser's update of
-- a department in the history is refused as before
SELECT throws_ok(format('UPDATE complaint_event SET department = %L WHERE complaint_id = %s AND kind = %L', 'CC', :c1, 'replied'),
                 '42501', 'complaint history is append-only', 'a direct update of the history''s department is refused');
-- nor from a trigger of one's own (depth 2, as the cascade): a NULL code
-- is no department either, but no cascade fills a column that named none
-- (until 2026-12-07 a receipt's or an assignment's department was written
-- so, a review); a code still a department is not rewritten there either
CREATE TABLE cdr_poke (complaint_id bigint, kind text, department text);
CREATE FUNCTION cdr_poke() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
    UPDATE service_affair.complaint_event e SET department = NEW.department
     WHERE e.complaint_id = NEW.complaint_id AND e.kind = NEW.kind;
    RETURN NULL;
END
$f$;
CREATE TRIGGER cdr_poke AFTER INSERT ON cdr_poke FOR EACH ROW EXECUTE FUNCTION cdr_poke();
SELECT throws_ok(format('INSERT INTO cdr_poke VALUES (%s, %L, %L)', :c1, 'assigned', 'CC'),
                 '42501', 'complaint history is append-only', 'a trigger''s update of a department the history named none is refused');
SELECT throws_ok(format('INSERT INTO cdr_poke VALUES (%s, %L, %L)', :c1, 'replied', 'CC'),
                 '42501', 'complaint history is append-only', 'a trigger''s update of a department still a department is refused');
-- nor with the note of renames forged: a session-level SET (a pooled
-- connection's, say) is no note of the transaction (until 2026-12-07, a
-- second read, the trigger read it with current_setting() and let this
-- through)
SET service_affair.department_renames = '[["CB2", "CC"]]';
SELECT throws_ok(format('INSERT INTO cdr_poke VALUES (%s, %L, %L)', :c1, 'replied', 'CC'),
                 '42501', 'complaint history is append-only', 'a session-level SET of service_affair.department_renames lets no update through');
RESET service_affair.department_renames;
-- the view reads the replier from the event: an event of the handling
-- phase names its department (constraint complaint_event_department)
SELECT throws_ok(format($$INSERT INTO complaint_event (complaint_id, at, kind, to_status, on_time) VALUES (%s, now(), 'replied', 'replied', true)$$, :c1),
                 '23514', NULL, 'a reply naming no department is refused');
-- a rename chain in one statement (CB2 to CB3, CC to CB2): the events
-- follow each rename, though a department CB2 exists again after it (until
-- 2026-12-07 refused, 42501, by complaint_event_append_only(): the former
-- code of the first rename was a department again).  An index scan in code
-- order renames CB2 before CC takes its code (else 23505, the primary key).
SET LOCAL enable_seqscan = off;
SET LOCAL enable_bitmapscan = off;
SELECT lives_ok($$UPDATE department SET code = CASE code WHEN 'CB2' THEN 'CB3' WHEN 'CC' THEN 'CB2' END
                   WHERE code IN ('CB2', 'CC')$$, 'a rename chain of one statement (CB2 to CB3, CC to CB2) passes');
RESET enable_seqscan;
RESET enable_bitmapscan;
SELECT is((SELECT array_agg(ROW(kind, department, to_department)::text ORDER BY id) FROM complaint_event
            WHERE complaint_id = :c2 AND kind IN ('assigned', 'replied', 'transferred')),
          ARRAY[ROW('assigned', NULL, 'CB3')::text, ROW('replied', 'CB3', NULL)::text, ROW('transferred', 'CB3', 'CB2')::text,
                ROW('transferred', 'CB2', 'CB3')::text, ROW('replied', 'CB3', NULL)::text],
          'c2''s history follows both renames of the chain');
SELECT is((SELECT array_agg(department ORDER BY id) FROM complaint WHERE id IN (:c1, :c2)),
          ARRAY['CB2', 'CB3'], 'the complaints follow the chain too (c1 handled by the former CC, c2 by the former CB2)');
-- the pairs of the chain are noted for its statement only: after it, a
-- trigger of one's own rewriting the former CC's reply (now CB2, a code
-- renamed CB3 by the chain) to CB3 is refused (until 2026-12-07, a second
-- read, the pair CB2 to CB3 stayed noted to the end of the transaction)
SELECT throws_ok(format('INSERT INTO cdr_poke VALUES (%s, %L, %L)', :c1, 'replied', 'CB3'),
                 '42501', 'complaint history is append-only', 'a rename chain''s pairs let no later update through');
SELECT * FROM finish();
ROLLBACK;
