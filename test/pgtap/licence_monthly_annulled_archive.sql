-- licence_monthly across archive_history_month(): a superseded licence
-- annulled by its case's revocation counts as revoked in the month of the
-- revocation (not of the licence, nor of the case), before the case's month
-- leaves the history and after (licence_monthly_archived, written by
-- archive_history_month() with the view's rule).  A second read of
-- 2026-12-07: the view and the archive agree (both were changed together,
-- a1a91793); this guards that they stay so.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(6);
\ir licence_fixture.inc
INSERT INTO material (item, code, name, required, tolerable) VALUES ('lc_reg', 'photo', 'Photo', true, true);
UPDATE evidence_type SET validity_days = 1 WHERE code = 'lc_bizlic';

-- late March: r1 approved with the photo tolerated (L1); r3 renews it (L2);
-- the sweep revokes r1 in April (the photo never came): L1 annulled
SELECT submit('lc_reg', :p, '{form,id}', 'window', '{}', '2026-03-25 10:00+08') AS r1 \gset
SELECT is(pg_temp.decide(:r1, 'approved', '2026-03-26 10:00+08'), 1, 'r1 approved before the photo came');
SELECT submit('lc_reg', :p, '{form,id,photo}', 'window', '{}', '2026-03-27 10:00+08') AS r3 \gset
SELECT is(pg_temp.decide(:r3, 'approved', '2026-03-30 10:00+08'), 1, 'r3 approved: L2 supersedes L1');
SELECT sla_sweep('2026-04-10 10:00+08') AS swept \gset
SELECT results_eq(format($$SELECT c.status, l.status, pg_catalog.date_trunc('month', x.revoked_at AT TIME ZONE 'Asia/Shanghai')::date
                             FROM cases c JOIN licence l ON l.case_id = c.id JOIN licence_annulment x ON x.licence_id = l.id WHERE c.id = %s$$, :r1),
  $$VALUES ('revoked'::text, 'superseded'::text, '2026-04-01'::date)$$, 'fixture: r1 revoked in April, L1 superseded and annulled');

CREATE TEMP TABLE before AS
SELECT month, issued, renewed, revoked FROM licence_monthly WHERE evidence_type = 'lc_bizlic';
SELECT results_eq($$SELECT month, issued, renewed, revoked FROM before ORDER BY month$$,
  $$VALUES ('2026-03-01'::date, 1::bigint, 1::bigint, 0::bigint), ('2026-04-01', 0, 0, 1)$$,
  'live: issued and renewed in March, revoked in April (the month of the revocation)');

-- the March cases leave the history: L2 expires, both settle, March is archived
SELECT deliver(:r3, 'window', '2026-03-31 10:00+08');
SELECT expire_licences('2026-04-20 12:00+08') AS expired \gset
SELECT settle_cases('2026-12-01 00:00+08') AS settled \gset
SELECT ok(archive_history_month('2026-03-01') > 0, 'March is archived');
SELECT results_eq($$SELECT month, issued, renewed, revoked FROM licence_monthly WHERE evidence_type = 'lc_bizlic' ORDER BY month$$,
  $$SELECT month, issued, renewed, revoked FROM before ORDER BY month$$,
  'licence_monthly after archiving March equals the live counts before it, the annulled licence still revoked in April');

SELECT * FROM finish();
ROLLBACK;
