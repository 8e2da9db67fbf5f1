-- A credit subject is its kind and its identifier: a person (resident id)
-- and an organisation (USCC) whose identifiers have the same 18 characters
-- are two records.  About one resident id in 31 is a valid USCC by its
-- check character; until 2026-12-07 the record was keyed by the text alone
-- (doc/credit.md listed it as a known limit), so a person's broken
-- commitment graded a company of the directory carrying those characters,
-- and the company's inspection fail barred the person's commitments and
-- 容缺.  On the former code assertions 3, 4, 6, 7, 8, 9, 10, 11 and 12 fail
-- (and 13 to 15 are never reached: 'org:…' was no identifier, credit_event
-- had no subject_kind); 16 fails on the code of 632a214f (credit_subject()
-- took no prefix, and the router no person:/org: subject).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(16);
\ir credit_fixture.inc
INSERT INTO department (code, name) VALUES ('KI', 'Credit test inspectors');
INSERT INTO inspector (id, name, department) SELECT 'ki-' || i, 'inspector ' || i, 'KI' FROM generate_series(1, 4) i;

-- 110105198001010518: a resident id (check digit 8) and a USCC (check character 8)
SELECT ok(is_valid_resident_id('110105198001010518') AND is_valid_uscc('110105198001010518'),
          'the identifier is a valid resident id and a valid USCC');
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '110105198001010518', 'Twin Person');
INSERT INTO target (uscc, name, region, industry, risk) VALUES ('110105198001010518', 'Twin Org', '330225', 'I1', 'A');
CREATE TEMP TABLE tw AS SELECT
  (SELECT id FROM applicant WHERE name = 'Twin Person') AS p,
  (SELECT id FROM target WHERE name = 'Twin Org') AS t;

-- the person breaks a commitment: a serious fact of the person's record
SELECT submit('k_fast', p, ARRAY['form'], 'window', ARRAY['cond'], '2026-10-09 10:00+08') AS f1 FROM tw \gset
SELECT record_check((SELECT id FROM commitment_check WHERE case_id = :f1), 'broken', 'conditions not met', '2026-10-21 10:00+08');
SELECT is((SELECT status FROM completeness('k_std', (SELECT p FROM tw), ARRAY['form', 'later'], ARRAY['proof'], '2026-10-22 10:00+08') WHERE material = 'proof'),
          'missing', 'the person is barred from commitments by the broken one');
SELECT is((SELECT credit_risk FROM target WHERE id = (SELECT t FROM tw)), NULL,
          'the company with the same characters is not graded by the person''s fact');
SELECT is((SELECT risk FROM credit_profile WHERE subject = '110105198001010518' AND draw_grade IS NOT NULL), 'A',
          'credit_profile: the company''s record is clean');
SELECT is((SELECT risk FROM credit_profile WHERE subject = '110105198001010518' AND draw_grade IS NULL), 'C',
          'credit_profile: the person''s record holds the serious fact');

-- the company fails an inspection: a serious fact of the company's record
SELECT create_plan('twins', ARRAY['KI'], ARRAY[1,1,1,1]::numeric[], sha256('tw')) AS p1 \gset
SELECT draw(:p1, 'tw') AS d1 \gset
SELECT record_result(:d1, (SELECT t FROM tw), 'fail', 'unlicensed storage', '2026-11-02 10:00+08');
SELECT is((SELECT credit_risk FROM target WHERE id = (SELECT t FROM tw)), 'C',
          'the company''s own fail grades it C (one serious fact, not the person''s too)');

-- the person's fact repaired: nothing of the company's bars the person
SELECT repair_credit_event((SELECT credit_event FROM commitment_check WHERE case_id = :f1), 'conditions met and verified', '2026-11-10 10:00+08');
SELECT ok(intake_credit_ok((SELECT p FROM tw), 'k_std', true), 'intake_credit_ok: the company''s fail does not bar the person');
SELECT is((SELECT status FROM completeness('k_std', (SELECT p FROM tw), ARRAY['form', 'later'], ARRAY['proof'], '2026-11-11 10:00+08') WHERE material = 'proof'),
          'committed', 'the person commits again');
SELECT is((SELECT status FROM completeness('k_std', (SELECT p FROM tw), ARRAY['form', 'proof'], '{}', '2026-11-11 10:00+08') WHERE material = 'later'),
          'tolerated', 'and 容缺 is open to the person');
SELECT submit('k_fast', p, ARRAY['form'], 'window', ARRAY['cond'], '2026-11-11 10:00+08') AS f2 FROM tw \gset
SELECT is((SELECT count(*)::int FROM commitment_check WHERE case_id = :f2), 1,
          'the approval on commitment is the person''s again (commitment_accepted())');
SELECT is((SELECT credit_ok FROM credit_profile WHERE subject = '110105198001010518' AND draw_grade IS NULL), true,
          'credit_profile: the person''s credit_ok');

-- a manual fact names the kind of its subject when the characters are both
SELECT throws_ok($$SELECT record_credit_event('110105198001010518', 'serious', 'sanction', '2026-11-12 10:00+08')$$,
  '22023', NULL, 'record_credit_event: characters valid as both kinds, held by both, need the kind');
SELECT record_credit_event('org:110105198001010518', 'serious', 'sanction', '2026-11-12 10:00+08') AS e13 \gset
SELECT is((SELECT subject_kind FROM credit_event WHERE id = :e13), 'org',
          'record_credit_event for org:<USCC> records the company''s fact');
SELECT is((SELECT credit_risk FROM target WHERE id = (SELECT t FROM tw)), 'D', 'and grades the company: two serious facts');
-- characters valid as both held by a person alone: the person's
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '110105198001010606', 'Twin Person 2');
SELECT record_credit_event('110105198001010606', 'minor', 'late report', '2026-11-12 10:00+08') AS e15 \gset
SELECT is((SELECT subject_kind FROM credit_event WHERE id = :e15), 'person',
          'record_credit_event without subject_kind: the kind of whoever holds the characters (a person)');

-- the router reads the subject by credit_subject() (shard_for_subject()):
-- the prefix names the kind, the identifier after it names the shard
-- (until 2026-12-07 22P02, and the router took no person:/org: subject)
SELECT is(credit_subject('person:110105198001010518') || ' ' || credit_subject('org:110105198001010518'),
          '110105198001010518 110105198001010518', 'credit_subject() reads the identifier after a kind prefix (the router''s routing)');

SELECT * FROM finish();
ROLLBACK;
