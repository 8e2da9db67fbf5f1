-- record_evidence() of a type whose holder_kind excludes the applicant's
-- kind: a material's applies_to does not follow its type's holder kind, so an
-- organisation's case may declare a person's type; the record is refused
-- with 22023 by issue_licence(), and nothing is written (doc/licences.md,
-- "Manual record": the error was missing from the list and the COMMENT).
BEGIN;
SET search_path = service_affair, public;
SET TIME ZONE 'UTC';
SELECT plan(4);
\ir licence_fixture.inc

SELECT submit('lc_reg', :o, '{form,id}', 'window', '{}', '2026-08-03 09:00+08') AS c1 \gset
SELECT is((SELECT evidence_types FROM case_material WHERE case_id = :c1 AND material = 'id'), '{lc_idcard}',
  'fixture: the organisation''s case declared the person''s type lc_idcard at submission');
SELECT is(pg_temp.decide(:c1, 'approved', '2026-08-04 10:00+08'), 1, 'fixture: the case is approved');
SELECT throws_ok(format($$SELECT record_evidence(%s, 'lc_idcard', 'paper seen', NULL)$$, :c1), '22023',
  'evidence type lc_idcard is not held by an organisation',
  'record_evidence(): a type the applicant''s kind cannot hold is 22023');
SELECT is((SELECT count(*)::int FROM licence WHERE case_id = :c1 AND evidence_type = 'lc_idcard'), 0, '... and nothing is written');

SELECT * FROM finish();
ROLLBACK;
