-- verify_licence() tells a licence as it stands now: one marked expired or
-- superseded at a time after now (a run of expire_licences() or a renewal
-- dated ahead; the writers take times up to an hour ahead, a superuser's
-- session any) is valid until then, as intake takes it (catalog_entries()).
-- Until 2026-12-07 the marked status was told at once (a hostile review):
-- expired in the last minutes of the licence's last day, superseded for
-- the licence a renewal dated ahead replaces, while that renewal was still
-- unknown.  On the former code assertions 2 and 7 fail.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(7);
\ir licence_fixture.inc

-- holder p: a licence issued two days ago, renewed by a decision dated 30 minutes ahead
SELECT submit('lc_reg', :p, '{form,id}', 'window', '{}', now() - interval '3 days') AS r1 \gset
SELECT pg_temp.decide(:r1, 'approved', now() - interval '2 days') AS n \gset
SELECT number AS l1 FROM licence WHERE case_id = :r1 \gset
SELECT submit('lc_reg', :p, '{form,id}', 'window', '{}', now() - interval '1 day') AS r2 \gset
SELECT pg_temp.decide(:r2, 'approved', now() + interval '30 minutes') AS n \gset
SELECT number AS l2 FROM licence WHERE case_id = :r2 \gset
SELECT results_eq(format($$SELECT status, changed_at = now() + interval '30 minutes' FROM licence WHERE number = %L$$, :'l1'),
  $$VALUES ('superseded'::text, true)$$, 'the renewal marks the first licence superseded 30 minutes ahead');
SELECT is(verify_licence(:'l1', '11010519491231002X'), 'valid', 'until then the first licence is valid (before: superseded)');
SELECT is((SELECT flags & 8 FROM catalog_entries('lc_sign', :p, 'person', now()) WHERE code = 'bizlic'), 8,
  'as intake takes it now');
SELECT is(verify_licence(:'l2', '11010519491231002X'), 'unknown', 'the renewal is not issued yet: unknown');

-- holder q: a licence of one day issued yesterday (its last day is today),
-- marked expired by a run dated just after its end
UPDATE evidence_type SET validity_days = 1 WHERE code = 'lc_bizlic';
SELECT submit('lc_reg', :q, '{form,id}', 'window', '{}', now() - interval '2 days') AS s1 \gset
SELECT pg_temp.decide(:s1, 'approved', now() - interval '1 day') AS n \gset
SELECT number AS m1 FROM licence WHERE case_id = :s1 \gset
SELECT is((SELECT valid_until FROM licence WHERE number = :'m1'), local_day(now(), 'cn'), 'its last day is today');
SELECT is(expire_licences(local_day_start(local_day(now(), 'cn') + 1, 'cn') + interval '1 minute'), 1,
  'a run dated a minute after the end of its last day marks it expired');
SELECT is(verify_licence(:'m1', '330225198001010018'), 'valid', 'on its last day it is still valid (before: expired)');
SELECT * FROM finish();
ROLLBACK;
