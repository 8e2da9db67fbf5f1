-- Eighteen characters can be a valid resident id and a valid USCC at once
-- (about one resident id in 30).  Until 2026-12-04 (a review) a clerk could
-- register an organisation under a person's resident id, and every lookup by
-- that identifier then landed on the person: the organisation's case, its
-- licences and the access-log entry went to the person.  Now the second
-- registration is refused (23505), rows written by hand too (the unique
-- index applicant_identifier_chars, since 2026-12-06), and a lookup that
-- finds both (a database whose index was dropped) takes neither (22023).  And
-- completeness() by identifier logs the read as soon as the identifier is
-- found: an error of its later arguments told a registered identifier from
-- an unknown one and left no trace.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(23);
SELECT create_roles();
INSERT INTO department (code, name, region) VALUES ('IA', 'Identifier test', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit) VALUES
  ('ia_p', 'Promised', 'IA', 'promised', 20, 5);
INSERT INTO material (item, code, name, required) VALUES ('ia_p', 'form', 'Form', true);
CREATE ROLE ia_clerk LOGIN IN ROLE service_affair_clerk;
INSERT INTO staff (login, department) VALUES ('ia_clerk', 'IA');

-- identifiers valid as both (found, not written in: the test holds for any
-- check-character rules the types keep)
CREATE TEMP TABLE amb AS
SELECT row_number() OVER (ORDER BY s) AS n, s
  FROM (SELECT '33022519610523' || lpad(i::text, 3, '0') || c AS s
          FROM generate_series(0, 999) i, unnest(string_to_array('0123456789X', NULL)) c) x
 WHERE is_valid_resident_id(s) AND is_valid_uscc(s);
SELECT cmp_ok((SELECT count(*) FROM amb), '>=', 3::bigint, 'some resident ids are valid USCCs as well');
SELECT s AS amb1 FROM amb WHERE n = 1 \gset
SELECT s AS amb2 FROM amb WHERE n = 2 \gset
SELECT s AS amb3 FROM amb WHERE n = 3 \gset

CREATE FUNCTION pg_temp.state_as(r name, q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  st text := '00000';
  m text;
BEGIN
  EXECUTE pg_catalog.format('SET LOCAL ROLE %I', r);
  BEGIN
    EXECUTE q;
  EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, m = MESSAGE_TEXT;
    st := st || ' ' || m;
  END;
  RESET ROLE;
  RETURN st;
END $$;

-- ------------------------------------------------------------ registration
SELECT is(pg_temp.state_as('ia_clerk', format($$SELECT register_applicant('person', %L, '某人')$$, :'amb1')), '00000',
  'a person registered by a resident id that is a valid USCC too');
SELECT is(pg_temp.state_as('ia_clerk', format($$SELECT register_applicant('org', %L, '某律师事务所')$$, :'amb1')),
  '23505 identifier already registered to another kind of applicant',
  'an organisation under the same characters: 23505');
SELECT is(pg_temp.state_as('ia_clerk', format($$SELECT register_applicant('org', %L, '某公司')$$, :'amb2')), '00000',
  'an organisation registered by a USCC that is a valid resident id too');
SELECT is(pg_temp.state_as('ia_clerk', format($$SELECT register_applicant('person', %L, '某人二')$$, :'amb2')),
  '23505 identifier already registered to another kind of applicant',
  'a person under the same characters: 23505');
SELECT is((SELECT count(*)::int FROM applicant WHERE resident_id::text IN (:'amb1', :'amb2') OR uscc::text IN (:'amb1', :'amb2')), 2,
  'two applicants, one per identifier: the refusals wrote nothing');
SELECT is(pg_temp.state_as('ia_clerk', format($$SELECT register_applicant('person', %L, '某人')$$, :'amb1')), '00000',
  'registering the person again returns it, as for any identifier');

-- ------------------------------------------------------------ lookups
SELECT id AS org2 FROM applicant WHERE uscc::text = :'amb2' \gset
SELECT id AS per1 FROM applicant WHERE resident_id::text = :'amb1' \gset
SET LOCAL ROLE ia_clerk;
SELECT submit('ia_p', :'amb2', '{form}', 'window') AS c_org \gset
SELECT submit('ia_p', :'amb1', '{form}', 'window') AS c_per \gset
RESET ROLE;
SELECT is((SELECT applicant FROM cases WHERE id = :c_org), :org2::bigint, 'the organisation''s identifier names the organisation');
SELECT is((SELECT applicant FROM cases WHERE id = :c_per), :per1::bigint, 'the person''s names the person');

-- the insert does nothing on any conflict: one on the id (the sequence
-- behind the ids: a restore, a shard's sequences), not on an identifier,
-- found no applicant again and failed with P0002 'query returned no rows'
-- (a hostile review); now the insert is made again without ON CONFLICT:
-- the next id is taken, or the conflict is told as it is (23505)
SELECT s AS amb5 FROM amb WHERE n = 5 \gset
SELECT s AS amb6 FROM amb WHERE n = 6 \gset
SELECT max(id) AS max_before FROM applicant \gset
SELECT setval(pg_get_serial_sequence('service_affair.applicant', 'id'), :max_before - 1);
SELECT is(pg_temp.state_as('ia_clerk', format($$SELECT register_applicant('org', %L, '某公司五')$$, :'amb5')), '00000',
  'the id sequence behind the ids: the registration takes the next id');
SELECT is((SELECT count(*)::int FROM applicant WHERE uscc::text = :'amb5'), 1, '... and the organisation is registered');
SELECT setval(pg_get_serial_sequence('service_affair.applicant', 'id'), :max_before - 1);
SELECT is(pg_temp.state_as('ia_clerk', format($$SELECT register_applicant('org', %L, '某公司六')$$, :'amb6')),
  '23505 duplicate key value violates unique constraint "applicant_pkey"',
  'two ids taken in a row: the conflict on the id is told (23505), not an applicant not found');
SELECT setval(pg_get_serial_sequence('service_affair.applicant', 'id'), (SELECT max(id) FROM applicant));

-- written by hand, the other kind under the same characters is refused
-- too: the canonical characters are unique over both columns (until
-- 2026-12-06 only register_applicant() refused it, and an administrator's
-- INSERT was taken)
SELECT throws_ok(format($$INSERT INTO applicant (kind, uscc, name) VALUES ('org', %L, '某组织一')$$, lower(:'amb1')),
  '23505', NULL, 'an administrator''s INSERT of an organisation under a person''s characters (another spelling): 23505');
SELECT throws_ok(format($$INSERT INTO applicant (kind, resident_id, name) VALUES ('person', %L, '某人二')$$, :'amb2'),
  '23505', NULL, '... and of a person under an organisation''s: 23505');

-- both registered: only once the index is dropped (rolled back with the
-- test), as an administrator could; the lookups still refuse both
DROP INDEX IF EXISTS applicant_identifier_chars;
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', :'amb3', '某人三') RETURNING id AS per3 \gset
INSERT INTO applicant (kind, uscc, name) VALUES ('org', :'amb3', '某组织三') RETURNING id AS org3 \gset
-- the refusals name both applicants (their ids in the detail): read from the
-- server log from here on, by offset, as access_identity.sql does
CREATE TEMP TABLE ia_amb_log AS
SELECT current_setting('data_directory') || '/../server.log' AS path,
       (pg_stat_file(current_setting('data_directory') || '/../server.log', true)).size AS size_before;
SELECT count(*) AS cases_before FROM cases \gset
SELECT is(pg_temp.state_as('ia_clerk', format($$SELECT submit('ia_p', %L, '{form}', 'window')$$, :'amb3')),
  '22023 ambiguous applicant identifier', 'a person and an organisation carry it: submit() takes neither (22023)');
SELECT is(pg_temp.state_as('ia_clerk', format($$SELECT * FROM completeness('ia_p', %L, '{}')$$, :'amb3')),
  '22023 ambiguous applicant identifier', 'nor does completeness()');
-- a refusal that names the applicants is a read of each, on the server log
-- as register_applicant()'s 23505 (until 2026-12-06 it left no trace; a review)
SELECT CASE WHEN (SELECT size_before FROM ia_amb_log) IS NULL
            THEN skip('the server log is not where tools/cluster.sh puts it', 1)
            ELSE ok(strpos(x.slice, format('service_affair access: ia_clerk (login %s) read applicant %s through submit (case none)', session_user, :per3)) > 0
                    AND strpos(x.slice, format('service_affair access: ia_clerk (login %s) read applicant %s through submit (case none)', session_user, :org3)) > 0,
                    'submit()''s refusal of the ambiguous identifier is on the server log as a read of both applicants') END
  FROM (SELECT pg_read_file(l.path, l.size_before, (pg_stat_file(l.path)).size - l.size_before) AS slice FROM ia_amb_log l) x;
SELECT CASE WHEN (SELECT size_before FROM ia_amb_log) IS NULL
            THEN skip('the server log is not where tools/cluster.sh puts it', 1)
            ELSE ok(strpos(x.slice, format('service_affair access: ia_clerk (login %s) read applicant %s through completeness (case none)', session_user, :per3)) > 0
                    AND strpos(x.slice, format('service_affair access: ia_clerk (login %s) read applicant %s through completeness (case none)', session_user, :org3)) > 0,
                    '... and completeness()''s') END
  FROM (SELECT pg_read_file(l.path, l.size_before, (pg_stat_file(l.path)).size - l.size_before) AS slice FROM ia_amb_log l) x;
SELECT is((SELECT count(*) FROM cases), :cases_before::bigint, 'no case written');
SELECT throws_like(format($$SELECT service_affair.applicant_by_identifier(%L, 'submit')$$, :'amb3'),
  '%ambiguous%', 'the lookup itself refuses it');

-- ------------------------------------------------------------ the read is logged before later errors
CREATE TEMP TABLE ia_log AS
SELECT current_setting('data_directory') || '/../server.log' AS path,
       (pg_stat_file(current_setting('data_directory') || '/../server.log', true)).size AS size_before;
SELECT is(pg_temp.state_as('ia_clerk', format($$SELECT * FROM completeness('no_such_service', %L, '{}')$$, :'amb1')),
  '23503 unknown service', 'completeness() of an unknown service for a registered identifier: 23503');
SELECT CASE WHEN (SELECT size_before FROM ia_log) IS NULL
            THEN skip('the server log is not where tools/cluster.sh puts it', 1)
            ELSE ok(strpos(pg_read_file(l.path, l.size_before, (pg_stat_file(l.path)).size - l.size_before),
                           format('service_affair access: ia_clerk (login %s) read applicant %s through completeness', session_user, :per1)) > 0,
                    '... and its read of the applicant is on the server log') END
  FROM ia_log l;
SELECT is(pg_temp.state_as('ia_clerk', format($$SELECT * FROM completeness('ia_p', %L, '{}', '{}', 'infinity')$$, :'amb1')),
  '22023 at must be a finite time', 'an infinite time after the lookup: 22023, logged the same way');

SELECT * FROM finish();
ROLLBACK;
