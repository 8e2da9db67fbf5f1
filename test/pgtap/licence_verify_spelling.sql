-- verify_licence() takes the holder's identifier in every spelling the
-- types accept, as submit(), completeness() and case_progress() do
-- (doc/access.md, "Identification at the window": lower case, white space
-- anywhere).  Until 2026-12-07 it only trimmed spaces at the ends and
-- upper-cased the text: a resident id printed in groups (110105 19491231
-- 002X), a USCC typed with spaces, or one read with a tab or a line feed at
-- its end was 'unknown' for a licence in force, which a relying party reads
-- as "no such licence for this holder", and each such call was counted as a
-- wrong pair against the session's budget (ten, then 55000 for the right
-- pair as well; a hostile read of the personal-data model).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(9);
SELECT create_roles();
CREATE ROLE lvs_citizen LOGIN IN ROLE service_affair_public;
INSERT INTO department (code, name, region) VALUES ('LVS', 'Licence spelling test', '330225');
INSERT INTO evidence_type (code, name, holder_kind, source_department, validity_days, share_without_consent, number_format)
VALUES ('lvs_lic', 'Spelling licence', 'any', 'LVS', 365, true, 'LVS{region}{year}{seq}');
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Spelling Holder');
INSERT INTO applicant (kind, uscc, name) VALUES ('org', '91110000600037341L', 'Spelling Org');
INSERT INTO licence (number, evidence_type, holder, case_id, issued_at, valid_until, status, department, origin, reference, key_id, hmac, calendar)
SELECT v.n, 'lvs_lic', a.id, v.c, '2026-01-01', NULL, 'valid', 'LVS', 'recorded', 'spelling', 'k1', repeat('0', 64), 'cn'
  FROM (VALUES ('LVS3302252026000001', 1, 'Spelling Holder'), ('LVS3302252026000002', 2, 'Spelling Org')) v(n, c, holder)
  JOIN applicant a ON a.name = v.holder;

SET ROLE lvs_citizen;
SELECT is(service_affair.verify_licence('LVS3302252026000001', '11010519491231002X'), 'valid',
  'the canonical resident id: valid');
SELECT is(service_affair.verify_licence('LVS3302252026000001', '110105 19491231 002x'), 'valid',
  'the resident id in groups, lower-case x (a spelling submit() takes): valid');
SELECT is(service_affair.verify_licence('LVS3302252026000001', E'11010519491231002X\t'), 'valid',
  'the resident id with a tab at its end: valid');
SELECT is(service_affair.verify_licence('LVS3302252026000002', E'9111 0000 6000 3734 1l\n'), 'valid',
  'a USCC with spaces, lower case and a line feed: valid');
SELECT is(service_affair.verify_licence('LVS3302252026000001', '110105 19491231 003x'), 'unknown',
  'another resident id in groups: unknown');
SELECT is(service_affair.verify_licence('LVS3302252026000002', '110105 19491231 002x'), 'unknown',
  'the other holder''s identifier: unknown');
-- ８ full width: no spelling of a resident id (22P02 from submit()): unknown
SELECT is(service_affair.verify_licence('LVS3302252026000001', '11010519491231002X' || chr(65304)), 'unknown',
  'a full-width digit after the identifier: unknown');
-- the right pair in a spelling the types accept is no wrong pair: ten of
-- them leave the budget (two wrong pairs spent above) untouched
SELECT is((SELECT count(*) FROM generate_series(1, 10) g
            WHERE service_affair.verify_licence('LVS3302252026000001', '110105 1949 1231 002x') = 'valid'),
          10::bigint, 'ten right pairs in groups: valid each');
SELECT is(service_affair.verify_licence('LVS3302252026000002', '91110000600037341L'), 'valid',
  '... and the session may still verify');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
