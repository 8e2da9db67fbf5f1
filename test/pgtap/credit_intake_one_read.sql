-- submit() and completeness() read the credit record once per submission
-- (doc/credit.md, "Intake"): with commitments, credit_ok (容缺) and the
-- commitments to assess (a broken commitment in force bars them) come from
-- one call, intake_credit(), evaluated in one statement (one snapshot);
-- without commitments submit() asks intake_credit_ok() alone, nothing more.
-- Counted by the function statistics of the transaction (track_functions).
-- Review of 2026-12-07 (of 7c33e043): submit() asked intake_credit_ok() and
-- then, in a later statement (a later snapshot in READ COMMITTED),
-- intake_commitments(), which asked intake_credit_ok() again; completeness()
-- read the record twice too.  On that code 3, 4, 6 and 8 fail (two reads;
-- no intake_credit()).  An isolation spec cannot force a commit between two
-- statements of one submit() call (no wait point between them), hence the
-- count of calls.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(9);
\ir credit_fixture.inc
SET LOCAL track_functions = 'pl';
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '330225199001010012', 'Clean Person');
-- o: a broken commitment in force (and the serious fact it records)
SELECT submit('k_fast', o, ARRAY['form'], 'window', ARRAY['cond'], '2026-10-09 10:00+08') AS f1 FROM kf \gset
SELECT record_check((SELECT id FROM commitment_check WHERE case_id = :f1), 'broken', 'conditions not met', '2026-10-21 10:00+08');
-- credit_check false: the rest of the record does not decide, the broken
-- commitment still bars commitments (the second answer is read)
UPDATE item SET credit_check = false WHERE code = 'k_std';
\ir call_counts.inc

-- the hot path: a complete case, no commitment, no item on commitment
SELECT pg_temp.mark();
SELECT submit('k_std', (SELECT id FROM applicant WHERE name = 'Clean Person'), ARRAY['form', 'proof', 'later'],
              'window', '{}', '2026-10-22 10:00+08') AS h \gset
SELECT is((SELECT status FROM cases WHERE id = :h), 'accepted', 'a complete case without commitments is accepted');
SELECT is(ARRAY[pg_temp.since('intake_credit_ok'), pg_temp.since('intake_credit'), pg_temp.since('commitment_broken_in_force'),
                pg_temp.since('intake_commitment_ok')],
          ARRAY[1, 0, 0, 0]::bigint[], 'without commitments submit() asks intake_credit_ok() once and nothing more');

-- with commitments, barred by the broken one in force
SELECT pg_temp.mark();
SELECT submit('k_std', o, ARRAY['form'], 'window', ARRAY['proof'], '2026-10-22 10:05+08') AS r FROM kf \gset
SELECT is(ARRAY[pg_temp.since('intake_credit'), pg_temp.since('intake_credit_ok'), pg_temp.since('commitment_broken_in_force')],
          ARRAY[1, 1, 1]::bigint[],
          'with commitments submit() reads the record in one call: intake_credit() asks intake_credit_ok() and the broken commitment');
SELECT is(pg_temp.since('intake_commitment_ok'), 0::bigint, 'and not intake_commitment_ok() besides');
SELECT is((SELECT string_agg(material || ' ' || initial_status, ', ' ORDER BY material) FROM case_material WHERE case_id = :r),
          'form present, later tolerated, proof missing',
          'both answers of that one read: 容缺 open (credit_check false), the commitment barred (the broken one in force)');

-- completeness() reads it once too, with the same answers
SELECT pg_temp.mark();
CREATE TEMP TABLE assessed AS SELECT * FROM completeness('k_std', (SELECT o FROM kf), ARRAY['form'], ARRAY['proof'], '2026-10-22 10:06+08');
SELECT is(ARRAY[pg_temp.since('intake_credit'), pg_temp.since('intake_credit_ok'), pg_temp.since('commitment_broken_in_force')],
          ARRAY[1, 1, 1]::bigint[], 'completeness() reads the record in one call, intake_credit_ok() once');
SELECT is((SELECT string_agg(material || ' ' || status, ', ' ORDER BY material) FROM assessed),
          'form present, later tolerated, proof missing', 'completeness() answers what submit() recorded');
-- and without commitments, once as well
SELECT pg_temp.mark();
SELECT count(*) AS n0 FROM completeness('k_std', (SELECT o FROM kf), ARRAY['form'], '{}', '2026-10-22 10:07+08') \gset
SELECT is(ARRAY[pg_temp.since('intake_credit'), pg_temp.since('intake_credit_ok'), pg_temp.since('commitment_broken_in_force')],
          ARRAY[1, 1, 0]::bigint[], 'completeness() without commitments: one read, no broken-commitment check');
-- the statistics count: a call of intake_credit_ok() outside is seen
SELECT pg_temp.mark();
SELECT intake_credit_ok((SELECT o FROM kf), 'k_std', true) AS ok0 \gset
SELECT is(pg_temp.since('intake_credit_ok'), 1::bigint, 'the count sees a call (the test measures what it claims)');

SELECT * FROM finish();
ROLLBACK;
