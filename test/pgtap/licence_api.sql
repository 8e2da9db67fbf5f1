-- Electronic licences (issue 11): record_evidence() and its refusals, the
-- registry's references, number collisions, holder kinds, the analysts' views
-- and who may do what.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(32);
\ir licence_fixture.inc
SELECT create_roles();
CREATE ROLE lc_clerk LOGIN IN ROLE service_affair_clerk;
CREATE ROLE lc_far_clerk LOGIN IN ROLE service_affair_clerk;
CREATE ROLE lc_citizen LOGIN IN ROLE service_affair_public;
CREATE ROLE lc_analyst LOGIN IN ROLE service_affair_analyst;
INSERT INTO department (code, name, region) VALUES ('LC_FAR', 'Elsewhere (licence test)', '330226');
INSERT INTO staff (login, department) VALUES ('lc_clerk', 'LC_MKT'), ('lc_far_clerk', 'LC_FAR');

-- ------------------------------------------------------------ 1. the registry
SELECT throws_ok($$INSERT INTO material (item, code, name, evidence_type) VALUES ('lc_sign', 'x', 'X', 'no_such_type')$$,
  '23503', NULL, 'a material naming an unregistered evidence type: 23503');
SELECT throws_ok($$UPDATE item SET output_evidence_type = 'no_such_type' WHERE code = 'lc_sign'$$,
  '23503', NULL, 'an item issuing an unregistered type: 23503');
SELECT throws_ok($$INSERT INTO evidence_type (code, name, number_format) VALUES ('lc_bad', 'Bad', '{type}-{year}')$$,
  '23514', NULL, 'a number format without {seq}: refused');
UPDATE evidence_type SET code = 'lc_bizlicence' WHERE code = 'lc_bizlic';
SELECT is((SELECT evidence_type FROM material WHERE item = 'lc_food' AND code = 'bizlic'), 'lc_bizlicence',
  'renaming a type follows into the materials');
UPDATE evidence_type SET code = 'lc_bizlic' WHERE code = 'lc_bizlicence';

-- ------------------------------------------------------------ 2. record_evidence
SELECT submit('lc_sign', :p, '{form,bizlic}', 'window', '{}', '2026-08-03 09:00+08') AS c1 \gset
SELECT throws_ok(format($$SELECT record_evidence(%s, 'lc_bizlic', 'paper BL-1', NULL)$$, :c1),
  '55000', NULL, 'recording for a case not concluded: 55000');
SELECT is(pg_temp.decide(:c1, 'approved', '2026-08-04 10:00+08'), 1, 'the case is approved');
SELECT throws_ok($$SELECT record_evidence(-1, 'lc_bizlic', 'x', NULL)$$, '23503', 'unknown case', 'unknown case: 23503');
SELECT throws_ok(format($$SELECT record_evidence(%s, 'no_such', 'x', NULL)$$, :c1), '23503', 'unknown evidence type', 'unknown type: 23503');
SELECT throws_ok(format($$SELECT record_evidence(%s, 'lc_food_permit', 'x', NULL)$$, :c1), '42501', NULL,
  'a type the case''s materials do not declare: 42501 (no back door)');
SET ROLE lc_far_clerk;
SELECT throws_ok(format($$SELECT service_affair.record_evidence(%s, 'lc_bizlic', 'x', NULL)$$, :c1), '42501', NULL,
  'a clerk of another region: 42501');
SET ROLE lc_clerk;
SELECT lives_ok(format($$SELECT service_affair.record_evidence(%s, 'lc_bizlic', 'paper BL-1', '2030-01-01')$$, :c1),
  'a clerk of the case''s region records the licence seen at the window');
RESET ROLE;
SELECT results_eq(format($$SELECT origin, item, reference, valid_until, status, department FROM licence WHERE case_id = %s$$, :c1),
  $$VALUES ('recorded'::text, NULL::text, 'paper BL-1'::text, '2030-01-01'::date, 'valid'::text, 'LC_MKT'::text)$$,
  'the recorded licence: origin recorded, no item, the reference and validity given');
SELECT is((SELECT status FROM completeness('lc_food', :p, '{form,id}', '{}', now()) WHERE material = 'bizlic'),
  'shared', 'a recorded licence is evidence too');
-- from its recording on: not for a submission dated before it (until
-- 2026-12-04 it was, and licence_review missed that case when the licence
-- was revoked; a review)
SELECT is((SELECT status FROM completeness('lc_food', :p, '{form,id}', '{}', '2026-08-10 09:00+08') WHERE material = 'bizlic'),
  'missing', '... recorded today, it is no evidence for a submission dated in August');
SELECT submit('lc_sign', :q, '{form,bizlic}', 'window', '{}', '2026-08-03 09:00+08') AS c2 \gset
SELECT is(pg_temp.decide(:c2, 'denied', '2026-08-04 10:00+08'), 1, 'another case is denied');
SELECT throws_ok(format($$SELECT record_evidence(%s, 'lc_bizlic', 'x', NULL)$$, :c2), '55000', NULL, 'recording for a denied case: 55000');

-- ------------------------------------------------------------ 3. collisions and holder kinds
-- the next business licence number of the region and year is taken already
INSERT INTO licence (number, evidence_type, holder, case_id, issued_at, status, changed_at, department, origin, key_id, hmac, calendar)
SELECT 'BL3302252026000002', 'lc_bizlic', :q, :c2, '2026-08-04 10:00+08', 'superseded', '2026-08-04 10:00+08', 'LC_MKT', 'recorded', k.key_id, repeat('0', 64), 'cn'
  FROM licence_key k WHERE k.active;

SELECT submit('lc_reg', :p, '{form,id}', 'window', '{}', '2026-08-05 09:00+08') AS c3 \gset
SELECT lives_ok(format($$SELECT complete_task((SELECT id FROM task WHERE case_id = %s), 'approved', '2026-08-06 10:00+08')$$, :c3),
  'a licence number taken already does not fail the approval (it failed every approval with 23505 before 2026-12-03)');
SELECT results_eq(format($$SELECT t.status, c.status, (SELECT array_agg(l.number) FROM licence l WHERE l.case_id = %s),
                                  (SELECT n.last FROM licence_counter n WHERE n.evidence_type = 'lc_bizlic')
                             FROM task t JOIN cases c ON c.id = t.case_id WHERE c.id = %s$$, :c3, :c3),
  $$VALUES ('done'::text, 'concluded'::text, '{BL3302252026000003}'::text[], 3::bigint)$$,
  'the taken number is passed over: the case is concluded with the next free number, the counter at it');
SELECT submit('lc_org', :p, '{form}', 'window', '{}', '2026-08-05 09:00+08') AS c4 \gset
SELECT is(pg_temp.decide(:c4, 'approved', '2026-08-06 10:00+08'), 1, 'an org certificate approved for a person');
SELECT results_eq(format($$SELECT (SELECT count(*) FROM licence WHERE case_id = %s), kind, detail->>'evidence_type'
                             FROM case_event WHERE case_id = %s AND kind LIKE 'licence%%'$$, :c4, :c4),
  $$VALUES (0::bigint, 'licence_withheld'::text, 'lc_orgcert'::text)$$,
  'a licence its holder kind excludes is withheld, and the history says so');
SELECT throws_ok(format($$SELECT issue_licence(%s, 'lc_orgcert', '2026-08-07 10:00+08', 'issued', 'lc_org')$$, :c4),
  '22023', NULL, 'issuing an org licence to a person: 22023');

-- ------------------------------------------------------------ 4. views
SELECT submit('lc_org', :o, '{form}', 'window', '{}', '2026-08-05 09:00+08') AS c5 \gset
SELECT is(pg_temp.decide(:c5, 'approved', '2026-08-06 10:00+08'), 1, 'an org certificate is issued to the org');
SELECT results_eq($$SELECT evidence_type, month, issued, renewed, revoked FROM licence_monthly WHERE month = '2026-08-01' ORDER BY evidence_type$$,
  -- the row entered by hand for c2 and c3's licence (p's recorded licence of
  -- today is later than c3's issue: c3's supersedes nothing, it is issued)
  $$VALUES ('lc_bizlic'::text, '2026-08-01'::date, 2::bigint, 0::bigint, 0::bigint),
           ('lc_orgcert', '2026-08-01', 1, 0, 0)$$,
  'licence_monthly: issued, renewed and revoked per type and month (the recorded one is in the month it was recorded)');
SELECT results_eq($$SELECT evidence_type, source_department, month, hits, misses FROM data_sharing ORDER BY evidence_type$$,
  $$VALUES ('lc_bizlic'::text, 'LC_MKT'::text, '2026-08-01'::date, 0::bigint, 2::bigint),
           ('lc_idcard', 'Public security', '2026-08-01', 0, 1)$$,
  'data_sharing: materials naming a type, hits and misses per month');
-- submitted now: the licence recorded today is on file (its month is this one)
SELECT submit('lc_food', :p, '{form,id}', 'window', '{}', now()) AS c6 \gset
SELECT results_eq($$SELECT evidence_type, sum(hits)::bigint, sum(misses)::bigint FROM data_sharing GROUP BY evidence_type ORDER BY evidence_type$$,
  $$VALUES ('lc_bizlic'::text, 1::bigint, 2::bigint), ('lc_idcard', 0, 2)$$, 'a licence on file is a hit');
SELECT results_eq($$SELECT department, sum(cases)::bigint, sum(one_licence)::bigint FROM one_licence_service GROUP BY department ORDER BY department$$,
  $$VALUES ('LC_HLT'::text, 1::bigint, 0::bigint), ('LC_MKT', 3, 0)$$,
  'one_licence_service: cases with identity materials, and those wholly shared');
SET ROLE lc_analyst;
SELECT lives_ok($$SELECT count(*) FROM service_affair.data_sharing, service_affair.licence_monthly, service_affair.one_licence_service, service_affair.licence_review$$,
  'analysts read the four views');
SELECT throws_ok($$SELECT count(*) FROM service_affair.licence$$, '42501', NULL, 'analysts do not read the licence table');
SET ROLE lc_citizen;
SELECT is(service_affair.verify_licence('BL3302252026000001', '11010519491231002X'), 'valid', 'the public role verifies a licence');
-- a printed number tried with the resident ids of a birth day (a review
-- recovered the holder's id from 31,000 tries in 720 ms): unknown ten times,
-- then the session is refused, the right pair included
SELECT is((SELECT count(*) FROM generate_series(100, 109) g
            WHERE service_affair.verify_licence('BL3302252026000001', '11010519491231' || lpad(g::text, 3, '0') || 'X') = 'unknown'),
          10::bigint, 'ten wrong identifiers for a printed number: unknown each');
SELECT throws_ok($$SELECT service_affair.verify_licence('BL3302252026000001', '11010519491231002X')$$, '55000',
  'too many failed lookups in this session', 'then even the right pair is refused: 55000');
SELECT throws_ok($$SELECT * FROM service_affair.case_progress(1, '11010519491231002X')$$, '55000',
  'too many failed lookups in this session', 'and case_progress() too: one budget of wrong pairs per session');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
