-- Licence error messages and details, as clients see them, each followed by
-- its SQLSTATE (the SQLSTATEs are also asserted in test/pgtap/licence_*.sql).
\set SHOW_CONTEXT never
\set ON_ERROR_ROLLBACK on
SET search_path = service_affair, public;
BEGIN;
-- fixed ids in the messages below, whatever ran before (rolled back at the end)
ALTER SEQUENCE cases_id_seq RESTART WITH 920001;
INSERT INTO department (code, name, region) VALUES ('LE_A', 'Licence errors A', '330225');
INSERT INTO evidence_type (code, name, holder_kind, number_format) VALUES
  ('le_permit', 'Permit', 'any', 'LE{year}{seq}'), ('le_orgcert', 'Org certificate', 'org', '{type}{seq}'),
  ('le_other', 'Other', 'any', '{type}{seq}');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, output_evidence_type) VALUES
  ('le_i', 'Item', 'LE_A', 'promised', 20, 5, 'le_permit'), ('le_o', 'Org item', 'LE_A', 'promised', 20, 5, 'le_orgcert');
INSERT INTO material (item, code, name, evidence_type) VALUES ('le_i', 'form', 'Form', NULL), ('le_i', 'permit', 'Permit', 'le_permit'),
  ('le_o', 'form', 'Form', NULL);
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Error Person');
SELECT id AS app FROM applicant WHERE name = 'Error Person' \gset
SELECT submit('le_i', :app, '{form,permit}', 'window', '{}', '2026-08-03 09:00+08') AS k1 \gset
SELECT submit('le_o', :app, '{form}', 'window', '{}', '2026-08-03 09:00+08') AS k2 \gset

-- the registry
INSERT INTO material (item, code, name, evidence_type) VALUES ('le_i', 'x', 'X', 'nope');
\echo :LAST_ERROR_SQLSTATE
INSERT INTO evidence_type (code, name, number_format) VALUES ('le_bad', 'Bad', '{type}');
\echo :LAST_ERROR_SQLSTATE

-- record_evidence
SELECT record_evidence(-1, 'le_permit', 'r', NULL);
\echo :LAST_ERROR_SQLSTATE
SELECT record_evidence(:k1, 'nope', 'r', NULL);
\echo :LAST_ERROR_SQLSTATE
SELECT record_evidence(:k1, 'le_other', 'r', NULL);
\echo :LAST_ERROR_SQLSTATE
SELECT record_evidence(:k1, 'le_permit', 'r', NULL);
\echo :LAST_ERROR_SQLSTATE
SELECT record_evidence(:k1, 'le_permit', repeat('r', 201), NULL);
\echo :LAST_ERROR_SQLSTATE

-- issue_licence (internal)
SELECT issue_licence(:k1, 'le_permit', '2026-08-04 10:00+08', 'issued', 'le_i');
\echo :LAST_ERROR_SQLSTATE
SELECT complete_task((SELECT id FROM task WHERE case_id = :k2), 'approved', '2026-08-04 10:00+08');
SELECT issue_licence(:k2, 'le_orgcert', '2026-08-04 10:00+08', 'issued', 'le_o');
\echo :LAST_ERROR_SQLSTATE
SELECT kind, detail->>'reason' AS reason FROM case_event WHERE case_id = :k2 AND kind = 'licence_withheld';

-- the keyed hash
SELECT licence_hmac('\x00'::bytea, 'm');
\echo :LAST_ERROR_SQLSTATE
SELECT licence_message(E'N\n1', 't', 'X', '2026-08-04', NULL);
\echo :LAST_ERROR_SQLSTATE
SELECT licence_message('N1', 't', 'X', 'infinity', NULL);
\echo :LAST_ERROR_SQLSTATE
SELECT licence_message('N1', 't', 'X', '2026-08-04', NULL) AS message;
SELECT licence_hmac('\x0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b'::bytea, 'Hi There') AS rfc4231_case1;

-- verify_licence never raises
SELECT verify_licence(NULL, NULL) AS nulls, verify_licence(repeat('n', 400), 'x') AS long_number,
       verify_licence('n', repeat('x', 100)) AS long_identifier;
ROLLBACK;
