-- Licence times never run backwards (review of 2026-12-03):
--  1. a decision recorded late, dated before a licence the holder already got,
--     does not supersede that newer licence (before: the newer one stopped
--     before it began, and the holder kept the older, shorter one); the new
--     licence is written superseded at the newer one's issue, by the fast
--     path's fallback as by issue_licence();
--  2. a clerk records evidence only for a case concluded by now;
--  3. a case is not revoked before a licence recorded for it (the sweep
--     leaves it, revoke_case() refuses: revocation_floor()).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(16);
\ir licence_fixture.inc

-- ------------------------------------------------------------ 1. a late decision
SELECT submit('lc_reg', :p, '{form,id}', 'window', '{}', '2026-05-01 09:00+08') AS a1 \gset
SELECT is(pg_temp.decide(:a1, 'approved', '2026-06-01 10:00+08'), 1, 'June: the registration is approved');
SELECT id AS l_june FROM licence WHERE case_id = :a1 \gset
-- two applications of February, decided in March, recorded only now; the
-- counter of the type, region and year exists: the fast path is tried first
SELECT submit('lc_reg', :p, '{form,id}', 'window', '{}', '2026-02-02 09:00+08') AS b1 \gset
SELECT submit('lc_reg', :p, '{form,id}', 'window', '{}', '2026-02-03 09:00+08') AS b2 \gset
SELECT is(pg_temp.decide(:b1, 'approved', '2026-03-02 10:00+08'), 1, 'a decision of March recorded late');
SELECT is(pg_temp.decide(:b2, 'approved', '2026-03-03 10:00+08'), 1, 'and another');
SELECT results_eq(format('SELECT status, changed_at, valid_until FROM licence WHERE id = %s', :l_june),
  $$VALUES ('valid', NULL::timestamptz, '2027-06-01'::date)$$,
  'the June licence stays current: the holder keeps the newer, longer one');
SELECT results_eq(format('SELECT status, issued_at, changed_at FROM licence WHERE case_id IN (%s, %s) ORDER BY issued_at', :b1, :b2),
  $$VALUES ('superseded', '2026-03-02 10:00+08'::timestamptz, '2026-03-03 10:00+08'::timestamptz),
           ('superseded', '2026-03-03 10:00+08'::timestamptz, '2026-06-01 10:00+08'::timestamptz)$$,
  'the March licences are written superseded, the first at the second''s issue, the second at the June issue (until 2026-12-07 both at the June issue, in force together from 03-03; licence_late_chain.sql)');
SELECT is((SELECT count(*) FROM licence WHERE changed_at < issued_at), 0::bigint, 'no licence stops before it began');
SELECT is((SELECT count(*) FROM licence WHERE holder = :p AND evidence_type = 'lc_bizlic' AND status = 'valid'), 1::bigint,
  'one valid licence of the type');
-- a decision after the June licence renews it as always
SELECT submit('lc_reg', :p, '{form,id}', 'window', '{}', '2026-07-01 09:00+08') AS a2 \gset
SELECT is(pg_temp.decide(:a2, 'approved', '2026-07-02 10:00+08'), 1, 'July: approved');
SELECT results_eq(format('SELECT l.status, l.changed_at, n.supersedes = l.id FROM licence l, licence n WHERE l.id = %s AND n.case_id = %s', :l_june, :a2),
  $$VALUES ('superseded', '2026-07-02 10:00+08'::timestamptz, true)$$, 'and supersedes the June licence at its own issue');

-- ------------------------------------------------------------ 2. evidence of a case not concluded by now
SELECT submit('lc_reg', :q, '{form,id}', 'window', '{}', now() - interval '1 day') AS f1 \gset
SELECT is(pg_temp.decide(:f1, 'approved', now() + interval '30 days'), 1, 'a decision dated a month ahead');
SELECT throws_ok(format('SELECT record_evidence(%s, %L, %L, NULL)', :f1, 'lc_idcard', 'paper id seen'), '55000',
  format('case %s has not concluded yet', :f1), 'recording evidence for it now: 55000 (taken until 2026-12-03)');

-- ------------------------------------------------------------ 3. no revocation before a recorded licence
INSERT INTO material (item, code, name, required, tolerable) VALUES ('lc_reg', 'photo', 'Photo', true, true);
SELECT submit('lc_reg', :q, '{form,id}', 'window', '{}', '2026-08-03 09:00+08') AS t1 \gset
SELECT is((SELECT tolerance_due FROM cases WHERE id = :t1), '2026-08-10'::date, 'accepted with the photo tolerated until 08-10');
SELECT is(pg_temp.decide(:t1, 'approved', '2026-08-04 10:00+08'), 1, 'approved on 08-04');
SELECT record_evidence(:t1, 'lc_idcard', 'paper id seen', NULL) AS rec \gset
SELECT sla_sweep('2026-08-20 12:00+08') AS swept \gset
SELECT ok((SELECT status FROM cases WHERE id = :t1) = 'concluded',
  'a catch-up sweep of 08-20 leaves the case: its licence was recorded after (before: revoked, the licence revoked before it was recorded)');
SELECT throws_ok(format('SELECT revoke_case(%s, %L, %L, %L)', :t1, 'tolerance', 'late', '2026-08-20 12:00+08'), '22023',
  format('time precedes the last step of case %s', :t1), 'revoke_case() before the recording: 22023');
SELECT sla_sweep(now() + interval '1 minute') AS swept \gset
SELECT ok((SELECT bool_and(l.changed_at >= l.issued_at) FROM licence l WHERE l.case_id = :t1)
          AND (SELECT status FROM cases WHERE id = :t1) = 'revoked'
          AND (SELECT status FROM licence WHERE case_id = :t1 AND origin = 'recorded') = 'revoked',
  'a sweep after the recording revokes the case and its licences, none before it began');

SELECT * FROM finish();
ROLLBACK;
