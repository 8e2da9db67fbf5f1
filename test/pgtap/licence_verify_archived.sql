-- verify_licence() tells revoked a licence a renewal superseded before its
-- case was revoked (doc/licences.md, "Verification"), also once the case's
-- month has left the history: archive_history_month() (64_history.sql) is
-- not held by a superseded licence, and until 2026-12-06 verify_licence()
-- read the case's status, found no case in an archived month and answered
-- superseded, which a relying party reads as a lawful licence merely
-- renewed (a review).  The revocation cascade records such a licence in
-- licence_annulment, which verify_licence() reads without the case.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(12);
\ir licence_fixture.inc

-- March: case A issues L1 to the person; April: case B renews it (L1
-- superseded); then A is revoked (a broken commitment sets the status)
SELECT submit('lc_reg', :p, '{form,id}', 'window', '{}', '2026-03-03 09:00+08') AS ca \gset
SELECT pg_temp.decide(:ca, 'approved', '2026-03-04 09:00+08');
SELECT deliver(:ca, 'window', '2026-03-05 09:00+08');
-- April 1: case C relies on L1 (its business licence shared), left open
SELECT submit('lc_sign', :p, '{form}', 'window', '{}', '2026-04-01 09:00+08') AS cc \gset
SELECT submit('lc_reg', :p, '{form,id}', 'window', '{}', '2026-04-02 09:00+08') AS cb \gset
SELECT pg_temp.decide(:cb, 'approved', '2026-04-03 09:00+08');
SELECT deliver(:cb, 'window', '2026-04-04 09:00+08');
UPDATE cases SET status = 'revoked', revoked_at = '2026-04-10 09:00+08' WHERE id = :ca;
SELECT number AS l1 FROM licence WHERE case_id = :ca \gset
SELECT number AS l2 FROM licence WHERE case_id = :cb \gset
SELECT results_eq(format('SELECT case_id, status FROM licence WHERE case_id IN (%s, %s) ORDER BY case_id', :ca, :cb),
  format($$VALUES (%s::bigint, 'superseded'::text), (%s, 'valid')$$, :ca, :cb),
  'fixture: L1 superseded by the renewal before its case was revoked, L2 valid');
-- (read dynamically: the table is new of 2026-12-06)
CREATE FUNCTION pg_temp.annulled(case_id bigint) RETURNS text[] LANGUAGE plpgsql AS $f$
DECLARE r text[];
BEGIN
  IF to_regclass('service_affair.licence_annulment') IS NULL THEN
    RETURN NULL;
  END IF;
  EXECUTE 'SELECT array_agg(x.case_id::text || '' '' || x.revoked_at::text) FROM service_affair.licence_annulment x
            WHERE x.licence_id = (SELECT l.id FROM service_affair.licence l WHERE l.case_id = $1)' INTO r USING case_id;
  RETURN r;
END $f$;
SELECT is(pg_temp.annulled(:ca), ARRAY[:ca || ' ' || '2026-04-10 09:00+08'::timestamptz::text],
          'the revocation records L1 as annulled, with the revocation time (no row until 2026-12-06)');
SELECT is(verify_licence(:'l1', '11010519491231002X'), 'revoked', 'verify_licence(): L1 is revoked while its case is open');
SELECT is(verify_licence(:'l2', '11010519491231002X'), 'valid', '... and L2 valid');
SELECT is((SELECT array_agg(case_id) FROM licence_review WHERE number = :'l1'), ARRAY[:cc::bigint],
          'licence_review lists case C, which relied on L1');

-- both cases settle; March (case A) leaves the history
SELECT is(settle_cases('2026-12-01 00:00+08'), 2, 'both cases settle');
SELECT is(verify_licence(:'l1', '11010519491231002X'), 'revoked', 'L1 is revoked with its case settled');
SELECT is(history_month_blocker('2026-03-01'), NULL, 'nothing holds March: L1 is not valid');
SELECT ok(archive_history_month('2026-03-01') > 0, 'March is archived');
SELECT is(verify_licence(:'l1', '11010519491231002X'), 'revoked',
          'verify_licence(): L1 is still revoked once its case''s month is archived (superseded until 2026-12-06)');
SELECT is((SELECT status FROM cases WHERE id = :cc), 'accepted', 'case C is open, in April');
SELECT is((SELECT array_agg(case_id::text || ' ' || revoked_at::text) FROM licence_review WHERE number = :'l1'),
          ARRAY[:cc || ' ' || '2026-04-10 09:00+08'::timestamptz::text],
          'licence_review still lists case C, with the revocation time of L1''s archived case (no row until 2026-12-06)');

SELECT * FROM finish();
ROLLBACK;
