-- "A licence held at an instant" has one spelling, licence_held_at()
-- (44_licences.sql), which block_unlicensed_stage() and issue_licence()'s
-- check of a recorded licence call; catalog_entries() (intake, on
-- submit()'s path) spells it split in two for its plan (the valid licence
-- by a join, the others by an EXISTS), since the function's NOT EXISTS is a
-- sublink PostgreSQL does not inline.  This file holds the two to one
-- answer: over a grid of instants, for holders whose licences are valid,
-- issued later, superseded later, expired by a run dated after their last
-- day, and superseded then annulled, catalog_entries()' flag 8 (a licence
-- on file; no evidence is on file here) is true exactly when a licence of
-- the type is held by licence_held_at().  Until 2026-12-07 block and record
-- counted only a licence valid now (licence_block_in_force.sql,
-- licence_record_in_force.sql); assertions 2-6 fail on a licence_held_at()
-- that counts only a valid licence.  The grid holds every licence's
-- issued_at and changed_at and the microsecond before each, and a renewal
-- revoked an hour after it superseded a licence still in force (c1): until
-- a second read (2026-12-07) the grid's instants fell where another licence
-- of the holder was held or the licence had ended, so that a changed_at >= at
-- on either side, or a revoked licence counted until its revocation, went
-- unseen (4 and 5 fail on each now).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(8);
\ir licence_fixture.inc

-- p: a1's licence issued 06-01; b's issued 03-02, superseded by a1's from
-- 06-01, its case revoked 06-02 (annulled).  q: d's licence issued 03-02,
-- valid until 03-03, marked expired by a run dated 03-04 00:10.
\ir licence_decided_late.inc
SELECT submit('lc_reg', :q, '{form,id}', 'window', '{}', '2026-03-01 09:00+08') AS d \gset
SELECT pg_temp.decide(:d, 'approved', '2026-03-02 10:00+08') AS n \gset
SELECT is(expire_licences('2026-03-04 00:10+08'), 1, 'the run dated 03-04 00:10 marks q''s licence expired');

-- both answers for both holders at every instant of the grid: five months
-- every 5 hours, and each licence's issued_at and changed_at and the
-- microsecond before (read again after the revocations below)
CREATE TEMP VIEW grid_now AS
SELECT h.holder, h.who, g.at,
       (SELECT (e.flags & 8) <> 0 FROM service_affair.catalog_entries('lc_sign', h.holder, 'person', g.at) e WHERE e.code = 'bizlic') AS intake,
       EXISTS (SELECT FROM service_affair.licence l
                WHERE l.holder = h.holder AND l.evidence_type = 'lc_bizlic' AND service_affair.licence_held_at(l, g.at)) AS held
  FROM (VALUES (:p::bigint, 'p'), (:q::bigint, 'q')) h (holder, who),
       (SELECT generate_series('2026-02-01 00:00+08'::timestamptz, '2026-07-01 00:00+08', '5 hours')
        UNION SELECT t FROM service_affair.licence, LATERAL (VALUES (issued_at), (issued_at - interval '1 microsecond'),
                                                            (changed_at), (changed_at - interval '1 microsecond')) v (t)
         WHERE t IS NOT NULL) g (at);
CREATE TEMP TABLE grid AS SELECT * FROM grid_now;
SELECT is((SELECT count(*) FROM grid WHERE intake IS DISTINCT FROM held), 0::bigint,
  'before the revocation: catalog_entries() and licence_held_at() agree at every instant, for both holders');
SELECT is((SELECT array_agg(DISTINCT who || ':' || held ORDER BY who || ':' || held) FROM grid),
  ARRAY['p:false', 'p:true', 'q:false', 'q:true'], 'the grid has instants held and not held for each holder');

-- the revocation annuls b's superseded licence; c1 renews a1's on its last
-- day (a1 superseded from 06-02 08:00, still in force that day) and is
-- revoked at 09:00: a1's changed_at is not masked by a licence held then,
-- and c1's revoked licence was valid before 09:00
SELECT revoke_case(:b, 'tolerance', 'test: revoked', '2026-06-02 10:00+08') AS n \gset
SELECT submit('lc_reg', :p, '{form,id}', 'window', '{}', '2026-06-01 12:00+08') AS c1 \gset
SELECT pg_temp.decide(:c1, 'approved', '2026-06-02 08:00+08') AS n \gset
SELECT revoke_case(:c1, 'tolerance', 'test: revoked', '2026-06-02 09:00+08') AS n \gset
TRUNCATE grid;
INSERT INTO grid SELECT * FROM grid_now;
SELECT is((SELECT count(*) FROM grid WHERE intake IS DISTINCT FROM held), 0::bigint,
  'after the revocation: they agree at every instant');
SELECT is((SELECT array_agg(held ORDER BY at) FROM grid
            WHERE who = 'p' AND at IN ('2026-06-02 07:59:59.999999+08', '2026-06-02 08:00+08', '2026-06-02 08:59:59.999999+08')),
  ARRAY[true, false, false], 'the grid has a1''s changed_at and the last instant before c1''s revocation: p not held from 06-02 08:00');

-- the states the grid passes through, told by licence_held_at() itself
SELECT ok((SELECT service_affair.licence_held_at(l, '2026-03-03 23:50+08') FROM licence l WHERE l.case_id = :d),
  'q''s licence, marked expired from 03-04 00:10, is held at 03-03 23:50');
SELECT is((SELECT array_agg(service_affair.licence_held_at(l, t) ORDER BY t)
             FROM licence l, unnest(ARRAY['2026-03-02 09:00+08', '2026-03-02 10:00+08', '2026-03-03 10:00+08']::timestamptz[]) t
            WHERE l.case_id = :b),
  ARRAY[false, false, false], 'b''s licence, superseded from 06-01 and annulled: held at no instant, not even while it was valid');
SELECT is((SELECT array_agg(service_affair.licence_held_at(l, t) ORDER BY t)
             FROM licence l, unnest(ARRAY['2026-06-01 09:59+08', '2026-06-01 10:00+08', '2026-06-02 07:59+08', '2026-06-02 08:00+08']::timestamptz[]) t
            WHERE l.case_id = :a1),
  ARRAY[false, true, true, false], 'a1''s licence: held from its issue at 06-01 10:00 until c1''s renewal at 06-02 08:00');

SELECT * FROM finish();
ROLLBACK;
