-- Decisions recorded late between licences of a chain (a review of
-- 2026-12-07): a licence decided late is written as it would stand had it
-- been decided in its time, so that at every instant at most one licence of
-- a holder and type is held (licence_held_at()).  It supersedes the licence
-- in force at its issue, also one a licence issued after it had superseded
-- already (that one's changed_at moves back to the late issue), and it is
-- superseded at the issue of the holder's first licence issued after it,
-- whatever that licence's status since: superseded by a yet later one,
-- revoked, annulled.  Until 2026-12-07 issue_licence() looked only at valid
-- and expired licences on either side, and the fast path of the routing
-- (lic_issue_fast(), src/licence.c) wrote a late licence valid when the
-- only later licence was revoked: 1-3, 5-11, 13 and 14 fail on the former
-- code, and 6-10 and 14 on the former fast path alone.  16 (supersedes
-- walked from the newest licence) fails on the code before 2026-12-08.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(16);
\ir licence_fixture.inc

CREATE TEMP TABLE lab (case_id bigint PRIMARY KEY, label text NOT NULL);
-- the labels of p's licences of the type held at an instant, '-' for none
CREATE FUNCTION pg_temp.held(at timestamptz) RETURNS text LANGUAGE sql AS $f$
  SELECT COALESCE(string_agg(b.label, ',' ORDER BY b.label), '-')
    FROM service_affair.licence l JOIN lab b ON b.case_id = l.case_id
   WHERE l.evidence_type = 'lc_bizlic' AND service_affair.licence_held_at(l, at)
$f$;
CREATE FUNCTION pg_temp.held_at(ts text[]) RETURNS text[] LANGUAGE sql AS $f$
  SELECT array_agg(pg_temp.held(t::timestamptz) ORDER BY o) FROM unnest(ts) WITH ORDINALITY u (t, o)
$f$;
CREATE FUNCTION pg_temp.approve(label text, holder bigint, submitted timestamptz, decided timestamptz) RETURNS bigint
LANGUAGE plpgsql AS $f$
DECLARE c bigint;
BEGIN
  c := service_affair.submit('lc_reg', holder, '{form,id}', 'window', '{}', submitted);
  PERFORM pg_temp.decide(c, 'approved', decided);
  INSERT INTO lab VALUES (c, label);
  RETURN c;
END
$f$;
CREATE FUNCTION pg_temp.verify(label text) RETURNS text LANGUAGE sql AS $f$
  SELECT service_affair.verify_licence(l.number, COALESCE(a.resident_id::text, a.uscc::text))
    FROM service_affair.licence l JOIN lab b ON b.case_id = l.case_id JOIN service_affair.applicant a ON a.id = l.holder
   WHERE b.label = $1
$f$;
-- at most one licence held at every instant: every issued_at and changed_at
-- of p's and q's licences and the microsecond before each, and every 5 hours
CREATE TEMP VIEW two_held AS
SELECT h.holder, g.at
  FROM (SELECT DISTINCT holder FROM service_affair.licence WHERE evidence_type = 'lc_bizlic') h,
       (SELECT generate_series('2026-01-01 00:00+08'::timestamptz, now() + interval '2 days', '5 hours')
        UNION SELECT t FROM service_affair.licence, LATERAL (VALUES (issued_at), (issued_at - interval '1 microsecond'),
                                                            (changed_at), (changed_at - interval '1 microsecond')) v (t)
         WHERE t IS NOT NULL) g (at)
 WHERE (SELECT count(*) FROM service_affair.licence l
         WHERE l.holder = h.holder AND l.evidence_type = 'lc_bizlic' AND service_affair.licence_held_at(l, g.at)) > 1;

-- ------------------------------------------------------------ 1. a chain and a late decision between each pair
-- A (02-01) and C (06-01) in their time; B (04-01) recorded late between
-- them; then X (03-01) between A and B, Y (05-01) between B and C
SELECT pg_temp.approve('A', :p, '2026-01-20 09:00+08', '2026-02-01 10:00+08') AS n \gset
SELECT pg_temp.approve('C', :p, '2026-05-20 09:00+08', '2026-06-01 10:00+08') AS n \gset
SELECT pg_temp.approve('B', :p, '2026-03-20 09:00+08', '2026-04-01 10:00+08') AS n \gset
SELECT pg_temp.approve('X', :p, '2026-02-20 09:00+08', '2026-03-01 10:00+08') AS n \gset
SELECT pg_temp.approve('Y', :p, '2026-04-20 09:00+08', '2026-05-01 10:00+08') AS n \gset
SELECT results_eq($$SELECT b.label, l.status, l.changed_at FROM licence l JOIN lab b USING (case_id) ORDER BY l.issued_at$$,
  $$VALUES ('A', 'superseded', '2026-03-01 10:00+08'::timestamptz), ('X', 'superseded', '2026-04-01 10:00+08'),
           ('B', 'superseded', '2026-05-01 10:00+08'), ('Y', 'superseded', '2026-06-01 10:00+08'),
           ('C', 'valid', NULL)$$,
  'each licence is superseded at the issue of the next one, the late ones too (before: A and B kept the end C gave them, X ran to 06-01)');
SELECT is(pg_temp.held_at(ARRAY['2026-02-01 09:59:59.999999+08', '2026-02-01 10:00+08',
                                '2026-03-01 09:59:59.999999+08', '2026-03-01 10:00+08',
                                '2026-04-01 09:59:59.999999+08', '2026-04-01 10:00+08',
                                '2026-05-01 09:59:59.999999+08', '2026-05-01 10:00+08',
                                '2026-06-01 09:59:59.999999+08', '2026-06-01 10:00+08']),
  ARRAY['-', 'A', 'A', 'X', 'X', 'B', 'B', 'Y', 'Y', 'C'],
  'one licence held around each boundary, the one of its time (before: A,X from 03-01, A,B,X from 04-01, ...)');
SELECT is((SELECT count(*) FROM two_held), 0::bigint, 'no instant at which two licences of p are held');
SELECT is((SELECT array_agg(pg_temp.verify(x) ORDER BY x) FROM unnest(ARRAY['A', 'B', 'C', 'X', 'Y']) x),
  ARRAY['superseded', 'superseded', 'valid', 'superseded', 'superseded'], 'verify_licence(): C valid, the others superseded');
SELECT is((SELECT n.supersedes FROM licence n JOIN lab b USING (case_id) WHERE b.label = 'X'),
          (SELECT l.id FROM licence l JOIN lab b USING (case_id) WHERE b.label = 'A'),
  'X names A, the licence in force at its issue, as the one it renewed');

-- ------------------------------------------------------------ 2. the next licence revoked since
-- D renews C on 07-01 and its case is revoked on 07-02: Z (06-15), recorded
-- late between C and D, is superseded at D's issue, as D superseded C
-- then; the revocation does not undo the replacement.  No valid or expired
-- licence is issued after 06-15: the fast path is tried, and leaves it to
-- issue_licence()
SELECT pg_temp.approve('D', :p, '2026-06-20 09:00+08', '2026-07-01 10:00+08') AS d \gset
SELECT revoke_case(:d, 'tolerance', 'test: revoked', '2026-07-02 10:00+08') AS n \gset
SELECT pg_temp.approve('Z', :p, '2026-06-10 09:00+08', '2026-06-15 10:00+08') AS n \gset
SELECT results_eq($$SELECT b.label, l.status, l.changed_at FROM licence l JOIN lab b USING (case_id)
                     WHERE b.label IN ('C', 'Z', 'D') ORDER BY l.issued_at$$,
  $$VALUES ('C', 'superseded', '2026-06-15 10:00+08'::timestamptz), ('Z', 'superseded', '2026-07-01 10:00+08'),
           ('D', 'revoked', '2026-07-02 10:00+08')$$,
  'C superseded at Z''s issue, Z at D''s, D revoked');
SELECT is(pg_temp.held_at(ARRAY['2026-06-15 09:59:59.999999+08', '2026-06-15 10:00+08',
                                '2026-07-01 09:59:59.999999+08', '2026-07-01 10:00+08', '2026-07-02 10:00+08']),
  ARRAY['C', 'Z', 'Z', '-', '-'], 'C until 06-15, Z until D''s issue, then nothing (D revoked)');
SELECT is((SELECT count(*) FROM two_held), 0::bigint, 'still no instant with two licences held');
SELECT is((SELECT array_agg(pg_temp.verify(x) ORDER BY x) FROM unnest(ARRAY['C', 'D', 'Z']) x),
  ARRAY['superseded', 'revoked', 'superseded'], 'verify_licence(): Z superseded (before: valid), D revoked');
SELECT is((SELECT count(*) FROM licence WHERE holder = :p AND status = 'valid'), 0::bigint,
  'p holds no valid licence, as when the decision is taken in its time');

-- ------------------------------------------------------------ 3. the next licence annulled since
-- B's case revoked on 07-03: B, superseded, is annulled.  V (03-15),
-- recorded late between X and B, is superseded at B's issue
SELECT revoke_case(case_id, 'tolerance', 'test: revoked', '2026-07-03 10:00+08') AS n FROM lab WHERE label = 'B' \gset
SELECT pg_temp.approve('V', :p, '2026-03-10 09:00+08', '2026-03-15 10:00+08') AS n \gset
SELECT is(pg_temp.held_at(ARRAY['2026-03-15 09:59:59.999999+08', '2026-03-15 10:00+08',
                                '2026-04-01 09:59:59.999999+08', '2026-04-01 10:00+08', '2026-05-01 10:00+08']),
  ARRAY['X', 'V', 'V', '-', 'Y'], 'X until 03-15, V until B''s issue, nothing while annulled B ran, then Y');
SELECT is((SELECT array_agg(pg_temp.verify(x) ORDER BY x) FROM unnest(ARRAY['B', 'V', 'X']) x),
  ARRAY['revoked', 'superseded', 'superseded'], 'verify_licence(): B revoked, V and X superseded');

-- ------------------------------------------------------------ 4. around now
-- q: E in force since two days ago; F decided an hour ahead (the writers
-- take up to an hour) supersedes it then; G recorded late, dated a day
-- ago: E is superseded a day ago, G until F's issue.  verify_licence() now
-- answers valid for one of them (before: E and G both valid)
SELECT pg_temp.approve('E', :q, now() - interval '3 days', now() - interval '2 days') AS n \gset
SELECT pg_temp.approve('F', :q, now() - interval '1 hour', now() + interval '40 minutes') AS n \gset
SELECT pg_temp.approve('G', :q, now() - interval '36 hours', now() - interval '1 day') AS n \gset
SELECT is((SELECT array_agg(pg_temp.verify(x) ORDER BY x) FROM unnest(ARRAY['E', 'F', 'G']) x),
  ARRAY['superseded', 'unknown', 'valid'], 'verify_licence() now: G valid (until F''s issue, ahead), E superseded, F not issued yet');
SELECT is((SELECT count(*) FROM two_held), 0::bigint, 'no instant with two licences held, for p and q');
SELECT is((SELECT count(*) FROM licence WHERE changed_at < issued_at), 0::bigint, 'no licence stops before it began');

-- ------------------------------------------------------------ 5. the chain of renewals
-- supersedes walked from p's newest licence (D, revoked): each names the
-- licence before it in time, the late ones too (Z before D, V before B),
-- so the walk meets every licence of p in the order of issue.  Before: a
-- licence kept naming the one it replaced in its time (D named C, C named
-- A), and the walk skipped every licence decided late
SELECT is((WITH RECURSIVE w (id, label, depth) AS (
             SELECT l.id, b.label, 1 FROM licence l JOIN lab b USING (case_id) WHERE b.label = 'D'
             UNION ALL
             SELECT l.id, b.label, w.depth + 1 FROM w JOIN licence c ON c.id = w.id JOIN licence l ON l.id = c.supersedes
               JOIN lab b ON b.case_id = l.case_id WHERE w.depth < 20)
           SELECT array_agg(label ORDER BY depth) FROM w),
  ARRAY['D', 'Z', 'C', 'Y', 'B', 'V', 'X', 'A'],
  'walking supersedes from D: D, Z, C, Y, B, V, X, A, the order of issue (before: D, C, A)');

SELECT * FROM finish();
ROLLBACK;
