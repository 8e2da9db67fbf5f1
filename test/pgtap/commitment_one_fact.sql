-- One false commitment of one case, one serious fact, whatever became of the
-- case (a review, 2026-12-05).  A bundle whose committed proof two
-- departments check (KA for k_std, KB for k_other) gets two checks.  On a
-- case a broken check revokes, the other check is cancelled
-- (commitment_revoked_checks.sql); on a case denied or withdrawn, which no
-- broken check revokes, both checks stay open, and until 2026-12-05 each
-- broken outcome recorded a serious fact: two for one false commitment,
-- grade D.  Now the second is recorded broken and counts under the first's
-- fact (commitment_check.credit_event, commitment_fact()); a fact a review
-- dismissed never counted, and a later broken check records one anew.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(12);
\ir credit_fixture.inc
INSERT INTO bundle (code, name, lead_department) VALUES ('k_both', 'Checked by two departments', 'KA');
INSERT INTO bundle_item (bundle, item, stage) VALUES ('k_both', 'k_std', 1), ('k_both', 'k_other', 1);
INSERT INTO applicant (kind, uscc, name) VALUES ('org', '91350100M000100Y43', 'Second Org');

-- d1: the organisation's bundle, both tasks denied; w1: the person's, withdrawn;
-- d2: the second organisation's, denied
SELECT submit('k_both', o, ARRAY['form', 'later'], 'window', ARRAY['proof'], '2026-10-09 10:00+08') AS d1 FROM kf \gset
SELECT submit('k_both', p, ARRAY['form', 'later'], 'window', ARRAY['proof'], '2026-10-09 10:00+08') AS w1 FROM kf \gset
SELECT submit('k_both', (SELECT id FROM applicant WHERE name = 'Second Org'), ARRAY['form', 'later'], 'window', ARRAY['proof'],
              '2026-10-09 10:00+08') AS d2 \gset
-- c3: the organisation's other case, accepted before any fact
SELECT submit('k_std', o, ARRAY['form', 'later'], 'window', ARRAY['proof'], '2026-10-09 10:00+08') AS c3 FROM kf \gset
SELECT complete_task(t.id, 'denied', '2026-10-14 10:00+08') FROM task t WHERE t.case_id IN (:d1, :d2) ORDER BY t.id;
SELECT withdraw(:w1, '2026-10-12 10:00+08');
SELECT id AS ka FROM commitment_check WHERE case_id = :d1 AND department = 'KA' \gset
SELECT id AS kb FROM commitment_check WHERE case_id = :d1 AND department = 'KB' \gset

-- 1. the denied case: both departments find the commitment broken
SELECT record_check(:ka, 'broken', 'no premises at the address', '2026-10-15 10:00+08');
SELECT record_check(:kb, 'broken', 'false lease', '2026-10-16 10:00+08');
SELECT is((SELECT row(c.status, c.decision, string_agg(k.status, ',' ORDER BY k.department),
                      (SELECT count(*) FROM credit_event e WHERE e.subject = '91110000600037341L' AND e.kind = 'commitment_broken'))::text
             FROM cases c JOIN commitment_check k ON k.case_id = c.id WHERE c.id = :d1 GROUP BY c.status, c.decision),
          row('concluded', 'denied', 'broken,broken', 1)::text,
          'a denied case: both checks recorded broken, one serious fact');
SELECT is((SELECT grade FROM credit_standing WHERE subject = '91110000600037341L'), 'C',
          'grade C for one false commitment (D needs two serious facts)');
SELECT is((SELECT note FROM credit_event WHERE subject = '91110000600037341L' AND kind = 'commitment_broken'),
          'no premises at the address', 'the fact is the first broken check''s (its findings)');
SELECT is((SELECT credit_event FROM commitment_check WHERE id = :kb),
          (SELECT id FROM credit_event WHERE source = 'check:' || :ka AND kind = 'commitment_broken'),
          'KB''s broken check counts under the fact KA''s recorded');
SELECT is((SELECT credit_event FROM commitment_check WHERE id = :ka),
          (SELECT id FROM credit_event WHERE source = 'check:' || :ka AND kind = 'commitment_broken'),
          'and KA''s under its own');
SELECT is((SELECT (detail->>'credit_event')::bigint FROM case_event WHERE case_id = :d1 AND kind = 'check_broken'
              AND detail->>'check_id' = :'kb'),
          (SELECT id FROM credit_event WHERE source = 'check:' || :ka AND kind = 'commitment_broken'),
          'the history of KB''s outcome names the fact it counts under');

-- 2. the withdrawn case: the same
SELECT record_check(k.id, 'broken', 'false statement ' || k.department, '2026-10-15 10:00+08')
  FROM commitment_check k WHERE k.case_id = :w1 ORDER BY k.id;
SELECT is((SELECT row(c.status, string_agg(k.status, ',' ORDER BY k.department),
                      (SELECT count(*) FROM credit_event e WHERE e.subject = '11010519491231002X' AND e.kind = 'commitment_broken'))::text
             FROM cases c JOIN commitment_check k ON k.case_id = c.id WHERE c.id = :w1 GROUP BY c.status),
          row('withdrawn', 'broken,broken', 1)::text,
          'a withdrawn case: both checks recorded broken, one serious fact');
SELECT is((SELECT count(DISTINCT credit_event)::int FROM commitment_check WHERE case_id = :w1 AND credit_event IS NOT NULL), 1,
          'both count under that one fact');

-- 3. a dismissed fact never counted: a later broken check records one anew
SELECT id AS ka2 FROM commitment_check WHERE case_id = :d2 AND department = 'KA' \gset
SELECT id AS kb2 FROM commitment_check WHERE case_id = :d2 AND department = 'KB' \gset
SELECT record_check(:ka2, 'broken', 'no premises', '2026-10-15 10:00+08');
SELECT ok(review_credit_event((SELECT credit_event FROM commitment_check WHERE id = :ka2), false,
                              'the premises were at a second address', '2026-10-16 10:00+08') > 0,
          'KA''s fact on d2 is dismissed');
SELECT record_check(:kb2, 'broken', 'false lease', '2026-10-17 10:00+08');
SELECT is((SELECT credit_event FROM commitment_check WHERE id = :kb2),
          (SELECT id FROM credit_event WHERE source = 'check:' || :kb2 AND kind = 'commitment_broken'),
          'KB''s broken check after the dismissal records its own fact');
SELECT is((SELECT serious FROM credit_standing WHERE subject = '91350100M000100Y43'), 1, 'which is the one in force');

-- 4. one fact per case, not per applicant: another case's false commitment is another fact
SELECT record_check((SELECT id FROM commitment_check WHERE case_id = :c3), 'broken', 'false again', '2026-10-21 10:00+08');
SELECT is((SELECT count(DISTINCT credit_event)::int FROM commitment_check
            WHERE case_id IN (:d1, :c3) AND credit_event IS NOT NULL), 2,
          'the organisation''s second case records a second fact');

SELECT * FROM finish();
ROLLBACK;
