-- block_unlicensed_stage() takes the licence in force at the stage's
-- opening by intake's rule (catalog_entries()): valid, or expired or
-- superseded after that instant, not annulled, issued by then, not ended.
-- Until 2026-12-07 it took only a licence valid now (a hostile review):
--  1. a bundle whose stage 1 was decided late (dated before the holder's
--     newer licence) issues its licence superseded by that newer one, from
--     the newer one's issue (licence_times.sql): stage 2, opening at the
--     decision, was blocked, the case concluded with its tasks blocked,
--     though the licence its stage 1 had just issued was in force then;
--  2. a decision dated on the licence's last day, recorded after the
--     night's expire_licences() run had marked it expired: blocked, though
--     intake took the licence at that instant.
-- On the former code assertions 1, 2 and 5 fail.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(8);
\ir licence_fixture.inc

-- ------------------------------------------------------------ 1. stage 1 decided late
\ir licence_decided_late.inc
SELECT results_eq(format($$SELECT item, status FROM task WHERE case_id = %s AND stage = 2 ORDER BY item$$, :b),
  $$VALUES ('lc_food'::text, 'open'::text), ('lc_sign', 'open')$$,
  'stage 2 opens: the licence stage 1 issued on 03-02 is in force then, superseded only from 06-01');
SELECT is((SELECT status FROM cases WHERE id = :b), 'accepted', 'the case goes on (before: concluded, its stage 2 blocked)');
SELECT results_eq(format($$SELECT status, changed_at FROM licence WHERE case_id = %s$$, :b),
  $$VALUES ('superseded'::text, '2026-06-01 10:00+08'::timestamptz)$$,
  'its licence is written superseded at the newer one''s issue, as before');

-- ------------------------------------------------------------ 2. expired after the instant
SELECT submit('lc_reg', :q, '{form,id}', 'window', '{}', '2026-03-01 09:00+08') AS d \gset
SELECT pg_temp.decide(:d, 'approved', '2026-03-02 10:00+08') AS n \gset
SELECT submit('lc_shop', :q, '{form,id}', 'window', '{}', '2026-03-01 11:00+08') AS e \gset
SELECT is(expire_licences('2026-03-04 00:10+08'), 1, 'the night''s run marks the licence valid until 03-03 expired');
-- stage 1 denied late on 03-03 (its own licence is none): the holder's licence is in force then
SELECT pg_temp.decide(:e, 'denied', '2026-03-03 23:50+08') AS n \gset
SELECT results_eq(format($$SELECT item, status FROM task WHERE case_id = %s AND stage = 2 ORDER BY item$$, :e),
  $$VALUES ('lc_food'::text, 'open'::text), ('lc_sign', 'open')$$,
  'a decision of 03-03 23:50 recorded after the run: stage 2 opens, the licence in force until the end of 03-03');
-- the rule is the instant's: a decision after the end of the last day blocks
SELECT submit('lc_shop', :q, '{form,id}', 'window', '{}', '2026-03-01 11:00+08') AS f \gset
SELECT pg_temp.decide(:f, 'denied', '2026-03-04 00:05+08') AS n \gset
SELECT results_eq(format($$SELECT item, status FROM task WHERE case_id = %s AND stage = 2 ORDER BY item$$, :f),
  $$VALUES ('lc_food'::text, 'blocked'::text), ('lc_sign', 'blocked')$$,
  'a decision of 03-04 00:05, after the licence ended: stage 2 blocked');
-- a licence superseded and then annulled (its case revoked) counts no more
SELECT revoke_case(:b, 'tolerance', 'test: revoked', '2026-06-02 10:00+08');
SELECT is((SELECT count(*) FROM licence_annulment WHERE case_id = :b), 1::bigint, 'the revocation annuls the superseded licence of case b');
SELECT submit('lc_shop', :p, '{form,id}', 'window', '{}', '2026-02-03 09:00+08') AS g \gset
SELECT pg_temp.decide(:g, 'denied', '2026-03-03 10:00+08') AS n \gset
SELECT results_eq(format($$SELECT item, status FROM task WHERE case_id = %s AND stage = 2 ORDER BY item$$, :g),
  $$VALUES ('lc_food'::text, 'blocked'::text), ('lc_sign', 'blocked')$$,
  'another shop of the holder, stage 1 denied on 03-03: stage 2 blocked, the annulled licence is none');
SELECT * FROM finish();
ROLLBACK;
