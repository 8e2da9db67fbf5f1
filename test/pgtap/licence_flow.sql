-- Electronic licences (issue 11): issuance on an approved conclusion, renewal,
-- licences as evidence, bundles chaining their stages (produced, blocked),
-- revocation cascade, the keyed hash, verification.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(46);
\ir licence_fixture.inc

-- ------------------------------------------------------------ 1. issuance
SELECT submit('lc_reg', :p, '{form,id}', 'window', '{}', '2026-08-03 09:00+08') AS c1 \gset
SELECT is((SELECT count(*) FROM licence WHERE case_id = :c1), 0::bigint, 'nothing is issued before the conclusion');
SELECT is(pg_temp.decide(:c1, 'approved', '2026-08-04 10:00+08'), 1, 'the task is approved');
SELECT results_eq(format($$SELECT number, evidence_type, holder, status, item, department, origin, valid_until, issued_at
                             FROM licence WHERE case_id = %s$$, :c1),
  format($$VALUES ('BL3302252026000001'::text, 'lc_bizlic'::text, %s::bigint, 'valid'::text, 'lc_reg'::text, 'LC_MKT'::text,
                   'issued'::text, '2027-08-04'::date, '2026-08-04 10:00+08'::timestamptz)$$, :p),
  'an approved conclusion issues one licence: numbered by its type''s format, held by the applicant, valid 365 days');
SELECT results_eq($$SELECT evidence_type, region, year, last FROM licence_counter$$,
  $$VALUES ('lc_bizlic'::text, '330225'::text, 2026, 1::bigint)$$, 'the first issue of a type, region and year starts its counter');
SELECT is((SELECT l.hmac FROM licence l WHERE l.case_id = :c1),
          (SELECT licence_hmac(k.key, E'SAL1\nBL3302252026000001\nlc_bizlic\n11010519491231002X\n2026-08-04\n2027-08-04')
             FROM licence_key k JOIN licence l ON l.key_id = k.key_id WHERE l.case_id = :c1),
  'the keyed hash signs the canonical message under the licence''s key');
SELECT is((SELECT count(*) FROM licence_key WHERE active), 1::bigint, 'the first issue created the active key');

SELECT submit('lc_reg', :q, '{form,id}', 'window', '{}', '2026-08-03 09:00+08') AS c2 \gset
SELECT is(pg_temp.decide(:c2, 'denied', '2026-08-04 11:00+08'), 1, 'another application is denied');
SELECT is((SELECT count(*) FROM licence WHERE case_id = :c2), 0::bigint, 'a denial issues nothing');
SELECT throws_ok(format($$SELECT issue_licence(%s, 'lc_bizlic', '2026-08-05 10:00+08', 'issued', 'lc_reg')$$, :c2),
  '55000', NULL, 'issuing for a denied case: 55000');
SELECT throws_ok($$SELECT issue_licence(1, 'nope', '2026-08-05 10:00+08', 'issued', 'lc_reg')$$,
  '23503', 'unknown evidence type', 'issuing an unknown type: 23503');

-- ------------------------------------------------------------ 2. licences are evidence
SELECT is((SELECT status FROM completeness('lc_sign', :p, '{form}', '{}', '2026-08-10 09:00+08') WHERE material = 'bizlic'),
  'shared', 'a valid licence satisfies a later material of its type (shared)');
SELECT is((SELECT status FROM completeness('lc_sign', :q, '{form}', '{}', '2026-08-10 09:00+08') WHERE material = 'bizlic'),
  'missing', 'without a licence the material is missing');
SELECT is((SELECT status FROM completeness('lc_sign', :p, '{form}', '{}', '2027-08-05 09:00+08') WHERE material = 'bizlic'),
  'missing', 'after its last valid day the licence no longer counts');

-- ------------------------------------------------------------ 3. renewal
SELECT submit('lc_reg', :p, '{form,id}', 'window', '{}', '2026-09-01 09:00+08') AS c3 \gset
SELECT is(pg_temp.decide(:c3, 'approved', '2026-09-02 10:00+08'), 1, 'a second registration is approved');
SELECT results_eq(format($$SELECT case_id, status, supersedes IS NOT NULL FROM licence WHERE holder = %s ORDER BY id$$, :p),
  format($$VALUES (%s::bigint, 'superseded'::text, false), (%s::bigint, 'valid'::text, true)$$, :c1, :c3),
  'renewal supersedes: history kept, one valid licence, the new one names the old');
SELECT is((SELECT number FROM licence WHERE case_id = :c3), 'BL3302252026000002', 'the sequence continues per type, region and year');
SELECT is((SELECT l.hmac = licence_hmac(k.key, licence_message(l.number, l.evidence_type, '11010519491231002X', '2026-09-02', '2027-09-02'))
             FROM licence l JOIN licence_key k ON k.key_id = l.key_id WHERE l.case_id = :c3), true,
  'the renewal (the common way, src/licence.c) signs the same message as the first issue (issue_licence())');

-- ------------------------------------------------------------ 4. bundles chain their stages
SELECT submit('lc_shop', :q, '{form,id}', 'window', '{}', '2026-08-10 09:00+08') AS b1 \gset
SELECT is((SELECT status FROM cases WHERE id = :b1), 'accepted', 'the bundle is accepted without the business licence');
SELECT is((SELECT status FROM case_material WHERE case_id = :b1 AND material = 'bizlic'), 'produced',
  'the licence its first stage issues is produced');
SELECT is((SELECT count(*) FROM notice(:b1)), 0::bigint, 'produced is not in the notice');
SELECT is(pg_temp.decide(:b1, 'approved', '2026-08-11 10:00+08'), 1, 'stage 1 approved');
SELECT is((SELECT status FROM licence WHERE case_id = :b1 AND item = 'lc_reg'), 'valid', 'stage 1 issued its licence when it ended');
SELECT results_eq(format($$SELECT item, status FROM task WHERE case_id = %s AND stage = 2 ORDER BY item$$, :b1),
  $$VALUES ('lc_food'::text, 'open'::text), ('lc_sign', 'open')$$, 'stage 2 opens: the licence is valid');
SELECT is(pg_temp.decide(:b1, 'approved', '2026-08-12 10:00+08'), 2, 'stage 2 approved');
SELECT results_eq(format($$SELECT status, decision FROM cases WHERE id = %s$$, :b1),
  $$VALUES ('concluded'::text, 'approved'::text)$$, 'the bundle concludes approved');
SELECT results_eq(format($$SELECT item, status FROM licence WHERE case_id = %s ORDER BY item$$, :b1),
  $$VALUES ('lc_food'::text, 'valid'::text), ('lc_reg', 'valid')$$, 'the last stage issues at the conclusion');

SELECT submit('lc_shop', :o, '{form,id}', 'window', '{}', '2026-08-10 09:00+08') AS b2 \gset
SELECT is((SELECT status FROM case_material WHERE case_id = :b2 AND material = 'bizlic'), 'produced', 'an org bundle: produced too');
SELECT is(pg_temp.decide(:b2, 'denied', '2026-08-11 10:00+08'), 1, 'stage 1 denied');
SELECT results_eq(format($$SELECT item, status, decision, finished_at, note LIKE '%%lc_bizlic%%' FROM task WHERE case_id = %s AND stage = 2 ORDER BY item$$, :b2),
  $$VALUES ('lc_food'::text, 'blocked'::text, NULL::text, '2026-08-11 10:00+08'::timestamptz, true),
           ('lc_sign', 'blocked', NULL, '2026-08-11 10:00+08', true)$$,
  'stage 1 denied: the tasks of stage 2 are blocked, the reason names the type');
SELECT results_eq(format($$SELECT status, decision FROM cases WHERE id = %s$$, :b2),
  $$VALUES ('concluded'::text, 'denied'::text)$$, 'a stage wholly blocked ends: the case concludes denied');
SELECT is((SELECT count(*) FROM case_event WHERE case_id = :b2 AND kind = 'task_blocked'), 2::bigint, 'each block is in the history');

-- a blocked task has finished (at the end of stage 1): a withdrawal stops
-- the unfinished tasks of its stage, not it (until 2026-12-05 it became a
-- cancelled done task at the withdrawal's time; a review)
INSERT INTO bundle (code, name, lead_department) VALUES ('lc_shop3', 'Open a shop, a stage 2 item without the licence', 'LC_MKT');
INSERT INTO bundle_item (bundle, item, stage) VALUES ('lc_shop3', 'lc_reg', 1), ('lc_shop3', 'lc_food', 2), ('lc_shop3', 'lc_org', 2);
SELECT submit('lc_shop3', :o, '{form,id}', 'window', '{}', '2026-08-10 09:00+08') AS b3 \gset
SELECT pg_temp.decide(:b3, 'denied', '2026-08-11 10:00+08') AS b3_stage1 \gset
SELECT withdraw(:b3, '2026-08-12 10:00+08');
SELECT results_eq(format($$SELECT item, status, cancelled, finished_at FROM task WHERE case_id = %s AND stage = 2 ORDER BY item$$, :b3),
  $$VALUES ('lc_food'::text, 'blocked'::text, false, '2026-08-11 10:00+08'::timestamptz),
           ('lc_org', 'done', true, '2026-08-12 10:00+08')$$,
  'a withdrawal cancels the open task of stage 2; the blocked one keeps its status and the time it was blocked');

-- ------------------------------------------------------------ 5. revocation cascade
-- c4 relies on the valid licence of c3 (shared); then c3 is revoked
SELECT submit('lc_sign', :p, '{form}', 'window', '{}', '2026-09-10 09:00+08') AS c4 \gset
SELECT is((SELECT initial_status FROM case_material WHERE case_id = :c4 AND material = 'bizlic'), 'shared', 'a later case relies on the licence');
UPDATE cases SET status = 'revoked', revoked_at = '2026-09-20 09:00+08' WHERE id = :c3;
SELECT results_eq(format($$SELECT status, changed_at FROM licence WHERE case_id = %s$$, :c3),
  $$VALUES ('revoked'::text, '2026-09-20 09:00+08'::timestamptz)$$, 'revoking a case revokes the licence it issued');
SELECT is((SELECT status FROM licence WHERE case_id = :c1), 'superseded', 'a licence it had superseded stays superseded');
SELECT results_eq($$SELECT case_id, material FROM licence_review ORDER BY case_id$$,
  format($$VALUES (%s::bigint, 'bizlic'::text)$$, :c4), 'the case that relied on it is listed for review');
SELECT is((SELECT status FROM cases WHERE id = :c4), 'accepted', 'and is not changed');

-- ------------------------------------------------------------ 6. verification
SELECT is(verify_licence((SELECT number FROM licence WHERE case_id = :b1 AND item = 'lc_reg'), '330225198001010018'), 'valid', 'verify: valid');
SELECT is(verify_licence((SELECT number FROM licence WHERE case_id = :b1 AND item = 'lc_reg'), '11010519491231002X'), 'unknown',
  'verify: another holder''s identifier gives unknown');
SELECT is(verify_licence((SELECT number FROM licence WHERE case_id = :c3), ' 11010519491231002x '), 'revoked', 'verify: revoked (identifier trimmed, any case)');
SELECT is(verify_licence((SELECT number FROM licence WHERE case_id = :c1), '11010519491231002X'), 'superseded', 'verify: superseded');
SELECT is(verify_licence('BL-nothing', '11010519491231002X'), 'unknown', 'verify: unknown number');
UPDATE licence SET valid_until = '2026-01-01' WHERE case_id = :b1 AND item = 'lc_reg';
SELECT is(verify_licence((SELECT number FROM licence WHERE case_id = :b1 AND item = 'lc_reg'), '330225198001010018'), 'expired', 'verify: expired');
SELECT is(expire_licences('2026-12-01 09:00+08'), 1, 'expire_licences() marks the expired one');
SELECT id AS lv FROM licence WHERE status = 'valid' ORDER BY id LIMIT 1 \gset
UPDATE licence SET valid_until = '2026-12-04' WHERE id = :lv;
SELECT is(expire_licences('2026-12-04 23:30+08'), 0, 'a licence on its last valid day, 23:30 in Beijing: still valid');
SELECT is(expire_licences('2026-12-05 00:30+08'), 1,
  'half an hour later in Beijing, still the 4th in UTC: expired (the calendar''s local day, not UTC''s)');

SELECT * FROM finish();
ROLLBACK;
