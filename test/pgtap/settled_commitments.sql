-- Commitment checks and settling (issue 17, part 1.1, slice 2; doc/scale.md
-- "Slice 2: settling"; 55_commitments.sql): a case with a check settles only
-- once its check is closed (a kept check only once it no longer counts as a
-- credit merit, credit.clean_years); record_check() of a settled case's check
-- answers 55000 naming the check, whatever the outcome asked, and writes
-- nothing; the approval on commitment (承诺制审批) does not run on a settled
-- case: a returned case approved on commitment at its supplement, settled
-- first, is refused and stays as it was.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(23);
\ir credit_fixture.inc
INSERT INTO setting (name, value) VALUES ('settle.quiet_days', '0');

-- f1: approved on commitment at once, delivered; its check open
SELECT submit('k_fast', o, ARRAY['form'], 'window', ARRAY['cond'], '2026-10-09 10:00+08') AS f1 FROM kf \gset
SELECT id AS k1 FROM commitment_check WHERE case_id = :f1 \gset
SELECT deliver(:f1, 'window', '2026-10-09 11:00+08');
SELECT is((SELECT row(c.status, c.decision, k.status, k.on_commitment)::text FROM cases c JOIN commitment_check k ON k.case_id = c.id WHERE c.id = :f1),
          row('concluded', 'approved', 'open', true)::text, 'f1: approved on commitment and delivered, its check open');
-- f2: approved on commitment, its check broken: the case is revoked
SELECT submit('k_fast', o, ARRAY['form', 'cond'], 'window', '{}', '2026-10-09 10:00+08') AS f2 FROM kf \gset
SELECT id AS k2 FROM commitment_check WHERE case_id = :f2 \gset
-- r1, r2: returned (the form is missing), approval on commitment due at the supplement
SELECT submit('k_fast', p, '{}', 'window', ARRAY['cond'], '2026-10-09 10:00+08') AS r1 FROM kf \gset
SELECT submit('k_fast', p, '{}', 'window', ARRAY['cond'], '2026-10-09 10:00+08') AS r2 FROM kf \gset
SELECT is((SELECT string_agg(status, ',' ORDER BY id) FROM cases WHERE id IN (:r1, :r2)), 'returned,returned', 'r1 and r2 are returned');

-- the control: a supplement approves r2 on commitment at once
SELECT supplement(:r2, ARRAY['form'], '2026-10-10 10:00+08');
SELECT is((SELECT row(c.status, c.decision, k.on_commitment)::text FROM cases c JOIN commitment_check k ON k.case_id = c.id WHERE c.id = :r2),
          row('concluded', 'approved', true)::text, 'control: the supplement of r2 approves it on commitment, with its check');

SELECT record_check(:k2, 'broken', 'no premises at the address', '2026-10-12 10:00+08');
SELECT is((SELECT status FROM cases WHERE id = :f2), 'revoked', 'f2: the broken commitment revoked it');
SELECT count(*) AS ev0 FROM credit_event \gset

-- settling: f1 waits for its check, f2 (revoked, check closed) and r1 (returned) settle
SELECT is(settle_cases('2026-10-13 10:00+08'), 2, 'settle_cases(): f2 and r1 settle; f1 (check open) and r2 (concluded, not delivered) stay');
SELECT results_eq(format('SELECT id, settled FROM cases WHERE id IN (%s, %s, %s, %s) ORDER BY id', :f1, :f2, :r1, :r2),
  format('VALUES (%s::bigint, false), (%s, true), (%s, true), (%s, false)', :f1, :f2, :r1, :r2),
  'exactly f2 and r1 are settled');
SELECT is((SELECT tableoid::regclass::text FROM commitment_check WHERE id = :k2), 'commitment_check_settled_202610',
  'f2''s check lies in the month of its case in the history');

-- record_check() of the settled check: 55000 naming the check, for every outcome
SELECT throws_ok(format('SELECT record_check(%s, %L, %L, %L)', :k2, 'kept', NULL, '2026-10-14 10:00+08'),
  '55000', format('check %s is settled', :k2), 'record_check(kept) of a settled case''s check: 55000, check ... is settled');
SELECT throws_ok(format('SELECT record_check(%s, %L, %L, %L)', :k2, 'broken', 'again', '2026-10-14 10:00+08'),
  '55000', format('check %s is settled', :k2), 'record_check(broken) of it: 55000 too (not "closed")');
SELECT throws_ok(format('SELECT record_check(%s, %L, %L, %L)', :k2, 'waived', 'moved away', '2026-10-14 10:00+08'),
  '55000', format('check %s is settled', :k2), 'record_check(waived) of it: 55000 too');
SELECT throws_ok('SELECT record_check(9, ''kept'', NULL, ''2026-10-14 10:00+08'')',
  '23503', 'unknown check', 'a check that does not exist: 23503, as before');
SELECT is((SELECT row(status, findings, checked_at)::text FROM commitment_check WHERE id = :k2),
          row('broken', 'no premises at the address', '2026-10-12 10:00+08'::timestamptz)::text, 'the settled check is unchanged');
SELECT is((SELECT count(*) FROM case_event WHERE case_id = :f2 AND at > '2026-10-13 10:00+08'), 0::bigint,
  'the refused calls left nothing in f2''s history');
SELECT is((SELECT count(*) FROM credit_event), :ev0::bigint, 'and no credit event');

-- the approval on commitment of a settled returned case: refused, nothing approved
SELECT throws_ok(format('SELECT supplement(%s, %L, %L)', :r1, '{form}', '2026-10-14 10:00+08'),
  '55000', format('case %s is settled', :r1), 'supplement() of a settled returned case due for approval on commitment: 55000');
SELECT is((SELECT row(status, decision, settled)::text FROM cases WHERE id = :r1), row('returned', NULL, true)::text,
  'r1 stays returned, undecided, in the history');
SELECT is((SELECT count(*) FROM commitment_check WHERE case_id = :r1), 0::bigint, 'no check was opened for it');
SELECT is((SELECT count(*) FROM task WHERE case_id = :r1 AND decision IS NOT NULL), 0::bigint, 'no task of it was approved');

-- f1: its check kept; the merit holds it open for credit.clean_years (3)
SELECT record_check(:k1, 'kept', NULL, '2026-10-20 10:00+08');
SELECT is(settle_cases('2029-10-19 10:00+08'), 0, 'f1 with a kept check stays open while the check counts as a merit (3 years)');
SELECT deliver(:r2, 'window', '2026-10-20 11:00+08');
SELECT is(settle_cases('2029-10-21 10:00+08'), 1, 'after 3 years f1 settles; r2, delivered, stays while its check is open');
SELECT is((SELECT tableoid::regclass::text FROM commitment_check WHERE id = :k1), 'commitment_check_settled_202610',
  'its check moved into the history');
SELECT throws_ok(format('SELECT record_check(%s, %L, %L, %L)', :k1, 'broken', 'found out late', '2029-10-22 10:00+08'),
  '55000', format('check %s is settled', :k1), 'record_check(broken) of the settled kept check: 55000; the approval no longer falls');
SELECT is((SELECT row(c.status, k.status)::text FROM cases c JOIN commitment_check k ON k.case_id = c.id WHERE c.id = :f1),
          row('concluded', 'kept')::text, 'f1 stays concluded, its check kept');

SELECT * FROM finish();
ROLLBACK;
