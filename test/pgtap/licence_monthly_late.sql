-- licence_monthly and a decision recorded late before a holder's first
-- licence (a second read of b1fed210, 2026-12-08): issue_licence() sets the
-- next licence's supersedes to the late one, so that licence, counted
-- issued (renewing nothing) until then, counts renewed from then on: the
-- live view's month of that licence changes (2, 3 and 7 fail on the code
-- before b1fed210: June kept issued 1).  A month whose cases were archived keeps
-- the count archive_history_month() recorded (5: the next licence still
-- issued in March); doc/licences.md, "Archived months", said until
-- 2026-12-08 that licence_monthly was exact across archiving.  A licence
-- issued after a revoked one renews nothing (6, 7): the walk of
-- supersedes stops there.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(7);
\ir licence_fixture.inc
UPDATE evidence_type SET validity_days = 1 WHERE code = 'lc_bizlic';

-- q, live months: N (06-10) first; L decided late, dated 05-25
SELECT submit('lc_reg', :q, '{form,id}', 'window', '{}', '2026-05-05 10:00+08') AS qn \gset
SELECT pg_temp.decide(:qn, 'approved', '2026-06-10 10:00+08') AS n \gset
SELECT results_eq($$SELECT month, issued, renewed FROM licence_monthly WHERE evidence_type = 'lc_bizlic' ORDER BY month$$,
  $$VALUES ('2026-06-01'::date, 1::bigint, 0::bigint)$$, 'fixture: q''s first licence, issued in June');
SELECT submit('lc_reg', :q, '{form,id}', 'window', '{}', '2026-05-20 10:00+08') AS ql \gset
SELECT pg_temp.decide(:ql, 'approved', '2026-05-25 10:00+08') AS n \gset
SELECT is((SELECT n.supersedes FROM licence n WHERE n.case_id = :qn), (SELECT l.id FROM licence l WHERE l.case_id = :ql),
  'the June licence names the late May one');
SELECT results_eq($$SELECT month, issued, renewed FROM licence_monthly WHERE evidence_type = 'lc_bizlic' ORDER BY month$$,
  $$VALUES ('2026-05-01'::date, 1::bigint, 0::bigint), ('2026-06-01', 0, 1)$$,
  'live: the late licence issued in May, the June one now renewed (before b1fed210: issued in June too)');

-- p, an archived month: N (03-10) of a case submitted in January; January
-- archived; then L, of a February case, decided late, dated 02-20
SELECT submit('lc_reg', :p, '{form,id}', 'window', '{}', '2026-01-10 10:00+08') AS pn \gset
SELECT pg_temp.decide(:pn, 'approved', '2026-03-10 10:00+08') AS n \gset
SELECT submit('lc_reg', :p, '{form,id}', 'window', '{}', '2026-02-05 10:00+08') AS pl \gset
SELECT deliver(:pn, 'window', '2026-03-11 10:00+08');
SELECT expire_licences('2026-04-20 12:00+08') AS expired \gset
SELECT settle_cases('2026-12-01 00:00+08') AS settled \gset
SELECT ok(archive_history_month('2026-01-01') > 0, 'January is archived');
SELECT pg_temp.decide(:pl, 'approved', '2026-02-20 10:00+08') AS n \gset
SELECT results_eq($$SELECT month, issued, renewed FROM licence_monthly
                    WHERE evidence_type = 'lc_bizlic' AND month < '2026-05-01' ORDER BY month$$,
  $$VALUES ('2026-02-01'::date, 1::bigint, 0::bigint), ('2026-03-01', 1, 0)$$,
  'archived: March keeps the count of the day it was archived (issued), though its licence now names the late one');

-- q's June licence revoked (its case revoked), then M issued in August:
-- M renews nothing, and supersedes walked from M meets M alone
SELECT revoke_case(:qn, 'tolerance', 'test: revoked', '2026-07-01 10:00+08') AS n \gset
SELECT submit('lc_reg', :q, '{form,id}', 'window', '{}', '2026-08-01 10:00+08') AS qm \gset
SELECT pg_temp.decide(:qm, 'approved', '2026-08-03 10:00+08') AS n \gset
SELECT is((SELECT supersedes FROM licence WHERE case_id = :qm), NULL::bigint,
  'a licence issued after the holder''s licence was revoked renews nothing');
SELECT results_eq($$SELECT month, issued, renewed, revoked FROM licence_monthly
                    WHERE evidence_type = 'lc_bizlic' AND month >= '2026-05-01' ORDER BY month$$,
  $$VALUES ('2026-05-01'::date, 1::bigint, 0::bigint, 0::bigint), ('2026-06-01', 0, 1, 0), ('2026-07-01', 0, 0, 1), ('2026-08-01', 1, 0, 0)$$,
  'and counts issued in August');

SELECT * FROM finish();
ROLLBACK;
