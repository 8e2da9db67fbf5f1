-- The credit record: what a broken commitment does to intake (commitments and
-- 容缺 no longer allowed), the manual override, the per-item switch, events
-- awaiting review, expiry, repair, dismissal, append-only, errors.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(45);
\ir credit_fixture.inc

-- before: clean
SELECT is((SELECT row(credit_ok, risk)::text FROM credit_profile WHERE subject = '91110000600037341L'),
          row(true, 'A')::text, 'a subject without events: credit_ok, grade A');
SELECT is((SELECT count(*)::int FROM credit_profile WHERE subject IN ('91110000600037341L', '11010519491231002X')), 2,
          'one profile row per applicant');
-- a broken commitment
SELECT submit('k_fast', o, ARRAY['form'], 'window', ARRAY['cond'], '2026-10-09 10:00+08') AS f1 FROM kf \gset
SELECT record_check((SELECT id FROM commitment_check WHERE case_id = :f1), 'broken', 'conditions not met', '2026-10-21 10:00+08');
SELECT is((SELECT row(credit_ok, risk)::text FROM credit_profile WHERE subject = '91110000600037341L'),
          row(false, 'C')::text, 'after a broken commitment: no credit_ok, grade C');
SELECT is((SELECT status FROM completeness('k_std', (SELECT o FROM kf), ARRAY['form', 'later'], ARRAY['proof'], '2026-10-22 10:00+08') WHERE material = 'proof'),
          'missing', 'the subject can no longer use commitments');
SELECT is((SELECT status FROM completeness('k_std', (SELECT o FROM kf), ARRAY['form', 'proof'], '{}', '2026-10-22 10:00+08') WHERE material = 'later'),
          'missing', 'nor tolerated materials (容缺)');
SELECT submit('k_std', o, ARRAY['form', 'later'], 'window', ARRAY['proof'], '2026-10-22 10:00+08') AS r1 FROM kf \gset
SELECT is((SELECT status FROM cases WHERE id = :r1), 'returned', 'submit returns the case with a one-time notice');
SELECT submit('k_fast', o, ARRAY['form', 'cond'], 'window', '{}', '2026-10-22 10:00+08') AS f2 FROM kf \gset
SELECT is((SELECT status FROM cases WHERE id = :f2), 'accepted', 'an item approved on commitment goes the standard way for bad credit');
SELECT is((SELECT count(*)::int FROM commitment_check WHERE case_id = :f2), 0, 'and gets no check');
-- the other applicant is unaffected
SELECT is((SELECT status FROM completeness('k_std', (SELECT p FROM kf), ARRAY['form', 'later'], ARRAY['proof'], '2026-10-22 10:00+08') WHERE material = 'proof'),
          'committed', 'another subject still commits');
-- per item switch
UPDATE item SET credit_check = false WHERE code = 'k_std';
-- (not for commitments while a broken one is in force: DOMAIN.md, "never
-- ... for an earlier false commitment"; commitment_broken_no_credit_check.sql)
SELECT is((SELECT status FROM completeness('k_std', (SELECT o FROM kf), ARRAY['form', 'proof'], '{}', '2026-10-22 10:00+08') WHERE material = 'later'),
          'tolerated', 'item.credit_check false: the record does not decide 容缺');
-- the manual override still blocks
UPDATE applicant SET credit_ok = false WHERE id = (SELECT p FROM kf);
SELECT is((SELECT status FROM completeness('k_std', (SELECT p FROM kf), ARRAY['form', 'later'], ARRAY['proof'], '2026-10-22 10:00+08') WHERE material = 'proof'),
          'missing', 'applicant.credit_ok false blocks whatever the item says');
SELECT is((SELECT credit_ok FROM credit_profile WHERE subject = '11010519491231002X'), false, 'and shows in credit_profile');
UPDATE applicant SET credit_ok = true WHERE id = (SELECT p FROM kf);
UPDATE item SET credit_check = true WHERE code = 'k_std';

-- expiry: three years later the event no longer counts
SET LOCAL service_affair.as_of = '2029-10-20 09:00+08';
SELECT is((SELECT row(credit_ok, risk)::text FROM credit_profile WHERE subject = '91110000600037341L'),
          row(false, 'C')::text, 'in force until the day before effective_until');
SET LOCAL service_affair.as_of = '2029-10-21 09:00+08';
SELECT is((SELECT row(credit_ok, risk)::text FROM credit_profile WHERE subject = '91110000600037341L'),
          row(true, 'A')::text, 'expired on effective_until (3 years, also the clean window): credit_ok, A');
SET LOCAL service_affair.as_of = '2026-11-20 12:00+08';

-- repair (信用修复)
SELECT throws_ok(format('SELECT repair_credit_event(%s, NULL)', (SELECT min(id) FROM credit_event)), '22023', 'note required', 'a repair states what was rectified: 22023');
SELECT repair_credit_event((SELECT min(id) FROM credit_event), 'conditions met and verified', '2026-11-10 10:00+08') AS rp \gset
SELECT is((SELECT row(kind, refers_to, repaired_at)::text FROM credit_event WHERE id = :rp),
          row('repair', (SELECT min(id) FROM credit_event), '2026-11-10 10:00+08'::timestamptz)::text, 'a repair is a new event referring to the fact');
SELECT is((SELECT row(credit_ok, risk)::text FROM credit_profile WHERE subject = '91110000600037341L'),
          row(true, 'B')::text, 'repaired: credit_ok again, B for the clean window');
SELECT throws_ok(format('SELECT repair_credit_event(%s, %L)', (SELECT min(id) FROM credit_event), 'again'), '55000', NULL, 'repaired twice: 55000');
SELECT throws_ok('SELECT repair_credit_event(-1, ''x'')', '23503', 'unknown credit event', 'unknown event: 23503');
SELECT throws_ok(format('SELECT repair_credit_event(%s, %L)', :rp, 'x'), '23503', 'unknown credit event', 'a repair is not a fact: 23503');

-- a 容缺 revocation: an event awaiting review, never an automatic sanction
SELECT submit('k_std', p, ARRAY['form', 'proof'], 'window', '{}', '2026-10-09 10:00+08') AS t1 FROM kf \gset
SELECT is((SELECT tolerated FROM cases WHERE id = :t1), true, 'accepted with a tolerated material');
SELECT sla_sweep('2026-11-19 12:00+08');
SELECT is((SELECT status FROM cases WHERE id = :t1), 'revoked', 'revoked when the tolerated material is not supplied');
SELECT is((SELECT row(kind, severity, needs_review, source)::text FROM credit_event WHERE subject = '11010519491231002X' AND kind NOT LIKE 'flag%'),
          row('tolerance_revoked', 'minor', true, 'case:' || :t1)::text, 'a credit event marked needs_review');
SELECT is((SELECT row(credit_ok, risk)::text FROM credit_profile WHERE subject = '11010519491231002X'),
          row(true, 'B')::text, 'awaiting review: credit_ok unchanged, grade B');
SELECT review_credit_event((SELECT id FROM credit_event WHERE subject = '11010519491231002X' AND kind NOT LIKE 'flag%'), false, 'applicant was in hospital', '2026-11-19 15:00+08') AS rv \gset
SELECT is((SELECT row(kind, reviewed_by)::text FROM credit_event WHERE id = :rv), row('review_dismissed', current_user)::text, 'a review is a new event');
SELECT is((SELECT risk FROM credit_profile WHERE subject = '11010519491231002X'), 'A', 'dismissed: it never counts');
SELECT throws_ok(format('SELECT review_credit_event(%s, true)', (SELECT min(id) FROM credit_event WHERE subject = '11010519491231002X' AND kind NOT LIKE 'flag%')),
                 '55000', NULL, 'a dismissed event is not reviewed again: 55000');

-- a confirmed review makes an event awaiting review count
SELECT record_credit_event('91110000600037341L', 'serious', 'reported by the tax office', '2026-11-02 10:00+08', true) AS m0 \gset
SELECT is((SELECT row(credit_ok, risk)::text FROM credit_profile WHERE subject = '91110000600037341L'),
          row(true, 'B')::text, 'a serious event awaiting review does not block');
SELECT review_credit_event(:m0, true, 'confirmed with the tax office', '2026-11-03 10:00+08');
SELECT is((SELECT row(credit_ok, risk)::text FROM credit_profile WHERE subject = '91110000600037341L'),
          row(false, 'C')::text, 'confirmed: it counts');
SELECT throws_ok(format('SELECT review_credit_event(%s, false)', :m0), '55000', NULL, 'a confirmed event is not reviewed again: 55000');

-- manual events
SELECT record_credit_event(' 11010519491231002x ', 'grave', 'court judgment', '2026-11-01 10:00+08') AS m1 \gset
SELECT is((SELECT subject FROM credit_event WHERE id = :m1), '11010519491231002X', 'the subject is canonical');
SELECT is((SELECT risk FROM credit_profile WHERE subject = '11010519491231002X'), 'D', 'a grave event: D');
SELECT throws_ok($$SELECT record_credit_event('12345', 'minor', 'x')$$, '22P02', NULL, 'neither USCC nor resident id: 22P02');
SELECT throws_ok($$SELECT record_credit_event(NULL, 'minor', 'x')$$, '22023', 'credit subject required',
                 'a NULL subject: 22023 (it recorded nothing and answered NULL)');
SELECT throws_ok($$SELECT record_credit_event('91110000600037341L', 'huge', 'x')$$, '22023', 'invalid severity', 'bad severity: 22023');
SELECT throws_ok($$SELECT record_credit_event('91110000600037341L', 'minor', ' ')$$, '22023', 'note required', 'no note: 22023');

-- a repair counts from its time, as a review does: read as of an instant
-- before it, the fact is not repaired yet (until 2026-12-05 credit_event_status
-- gave the later repair's time and credit_indicators counted the fact
-- repaired, beside a dismissal of the same time not counted; a review)
SELECT record_credit_event('91350100M000100Y43', 'serious', 'repaired later', '2026-11-05 10:00+08') AS r_rep \gset
SELECT record_credit_event('91350100M000100Y43', 'minor', 'dismissed later', '2026-11-05 10:00+08') AS r_dis \gset
SELECT repair_credit_event(:r_rep, 'premises obtained', '2026-11-25 10:00+08');
SELECT review_credit_event(:r_dis, false, 'a mistake', '2026-11-25 10:00+08');
SELECT is((SELECT row(repaired_at, in_force, dismissed)::text FROM credit_event_status WHERE id = :r_rep),
          row(NULL::timestamptz, true, false)::text, 'as of 2026-11-20: the fact repaired on 2026-11-25 is in force, not repaired yet');
SELECT is((SELECT row(k.repaired, d.dismissed)::text
             FROM credit_indicators k, credit_indicators d
            WHERE k.month = '2026-11-01' AND k.kind = 'manual' AND k.severity = 'serious'
              AND d.month = '2026-11-01' AND d.kind = 'manual' AND d.severity = 'minor'),
          row(0, 0)::text, '... and credit_indicators counts neither the repair nor the dismissal to come');
SET LOCAL service_affair.as_of = '2026-11-30 12:00+08';
SELECT is((SELECT row(repaired_at, in_force)::text FROM credit_event_status WHERE id = :r_rep),
          row('2026-11-25 10:00+08'::timestamptz, false)::text, 'as of 2026-11-30: repaired');
SELECT is((SELECT row(k.repaired, d.dismissed)::text
             FROM credit_indicators k, credit_indicators d
            WHERE k.month = '2026-11-01' AND k.kind = 'manual' AND k.severity = 'serious'
              AND d.month = '2026-11-01' AND d.kind = 'manual' AND d.severity = 'minor'),
          row(1, 1)::text, '... and counted repaired, as the dismissal is counted dismissed');
SET LOCAL service_affair.as_of = '2026-11-20 12:00+08';
-- the writers still see every follow-up, whatever instant their session reads
SELECT throws_ok(format($$SELECT repair_credit_event(%s, 'again', '2026-11-26 10:00+08')$$, :r_rep), '55000',
                 format('credit event %s cannot be repaired', :r_rep), 'a session reading as of before the repair: a second repair is 55000');
SELECT throws_ok(format($$SELECT review_credit_event(%s, true, 'late', '2026-11-26 10:00+08')$$, :r_rep), '55000',
                 format('credit event %s cannot be reviewed', :r_rep), '... and a review of the repaired fact too');

-- append-only
SELECT throws_ok('UPDATE credit_event SET severity = ''minor''', '42501', NULL, 'UPDATE refused: 42501');
SELECT throws_ok('DELETE FROM credit_event', '42501', NULL, 'DELETE refused: 42501');
SELECT throws_ok('TRUNCATE credit_event CASCADE', '42501', NULL, 'TRUNCATE refused: 42501');

SELECT * FROM finish();
ROLLBACK;
