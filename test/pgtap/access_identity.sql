-- Identification at the window and the reach of personal data (issue 10,
-- defect 2): a clerk names an applicant by the identifier presented, never
-- by an internal id; the cases a clerk can create do not widen what it reads;
-- every read of personal data in clear through the API is logged.
BEGIN;
SET search_path = service_affair, public;
\ir access_fixture.inc
SELECT plan(79);

-- error of a call as role: 'SQLSTATE|detail'
CREATE FUNCTION pg_temp.error_as(r name, q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  st text := '00000';
  det text;
BEGIN
  EXECUTE pg_catalog.format('SET LOCAL ROLE %I', r);
  BEGIN
    EXECUTE q;
  EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, det = PG_EXCEPTION_DETAIL;
  END;
  RESET ROLE;
  RETURN st || '|' || coalesce(det, '');
END $$;

-- ---- defect 2: the throwaway-case exploit of 0.1.0 ---------------------------
-- A Health clerk (region 330226) guesses the applicant id of 张三丰, submits a
-- throwaway case for it at its own centre and withdraws it; in 0.1.0 the
-- row-level security then showed the applicant and its evidence.
SELECT is(pg_temp.state_as('access_clerk_h', format($$SELECT submit('ax_biz', %s, '{}', 'online', '{}', '2026-11-19 10:00+08', '330226')$$, :p)), '42501',
  'a clerk cannot submit for an internal applicant id');
SELECT is(pg_temp.state_as('access_clerk_h', format($$SELECT * FROM completeness('ax_biz', %s, '{}')$$, :p)), '42501',
  'a clerk cannot ask completeness for an internal applicant id');
-- even a case of its region for that applicant (submitted by an administrator) widens nothing
SELECT submit('ax_biz', :p, '{}', 'online', '{}', '2026-11-19 10:00+08', '330226') AS c_throw \gset
SELECT is(pg_temp.state_as('access_clerk_h', format('SELECT withdraw(%s, %L)', :c_throw, '2026-11-19 11:00+08')), '00000',
  'the clerk of the region withdraws the case');
SELECT is(pg_temp.state_as('access_clerk_h', format('SELECT count(*) FROM applicant WHERE id = %s', :p)), '42501',
  '... and still reads no applicant directly');
SELECT is(pg_temp.state_as('access_clerk_h', format('SELECT count(*) FROM evidence WHERE applicant = %s', :p)), '42501',
  '... nor its evidence');
SELECT is(pg_temp.state_as('access_clerk_h', 'SELECT count(*) FROM applicant_masked'), '42501',
  '... nor the masked applicants');
SELECT is(pg_temp.state_as('access_reviewer_h', 'SELECT count(*) FROM applicant'), '42501',
  'reviewers read no applicant directly either');
SELECT is((SELECT count(*) FROM pg_policies WHERE schemaname = 'service_affair' AND tablename IN ('applicant', 'evidence')
            AND policyname NOT IN ('applicant_admin', 'evidence_admin')), 0::bigint,
  'no row-level security policy lets anybody but administrators read applicants or evidence');

-- ---- submit() and completeness() by identifier ---------------------------------
SELECT is(pg_temp.state_as('access_clerk', $$SELECT submit('ax_biz', '11010519491231002X', '{form}', 'window', '{}', '2026-11-19 10:00+08')$$), '00000',
  'a clerk submits by the resident id presented');
SELECT is((SELECT applicant FROM cases WHERE id = (SELECT max(id) FROM cases)), :p::bigint, '... for that applicant');
SELECT is((SELECT actor FROM case_event WHERE case_id = (SELECT max(id) FROM cases) AND kind = 'submitted'), 'access_clerk'::name,
  '... recorded with the clerk as actor');
SELECT pg_temp.count_as('access_clerk', $$SELECT submit('ax_biz', '110105 19491231 002x', '{form}', 'window', '{}', '2026-11-19 10:05+08')$$) AS c_sp \gset
SELECT is((SELECT applicant FROM cases WHERE id = :c_sp), :p::bigint, 'any accepted spelling of the resident id (lower-case x, spaces) names the same applicant');
SELECT pg_temp.count_as('access_clerk', $$SELECT submit('ax_biz', '91350100m000100y43', '{form}', 'window', '{}', '2026-11-19 10:10+08')$$) AS c_so \gset
SELECT is((SELECT applicant FROM cases WHERE id = :c_so), :o::bigint, 'an organisation is named by its USCC, in any accepted spelling');
SELECT results_eq(
  $$SELECT * FROM completeness('ax_food', '330225198001010018', '{form}', '{}', '2026-11-19 10:00+08')$$,
  format($$SELECT * FROM completeness('ax_food', %s, '{form}', '{}', '2026-11-19 10:00+08')$$, :q),
  'completeness() by identifier answers as completeness() by id');
SELECT is(pg_temp.state_as('access_clerk', $$SELECT * FROM completeness('ax_biz', '11010519491231002X', '{form}')$$), '00000',
  'a clerk asks completeness() by identifier');

-- errors
SELECT is(pg_temp.error_as('access_clerk', $$SELECT submit('ax_biz', '110105194912310038', '{form}')$$),
  '23503|No applicant has identifier 110105********0038.',
  'an unknown resident id: 23503, the identifier masked in the detail');
SELECT is(pg_temp.error_as('access_clerk', $$SELECT * FROM completeness('ax_biz', '91110000600037341L', '{form}')$$),
  '23503|No applicant has identifier 911100********341L.',
  'an unknown USCC: 23503, masked');
SELECT is(split_part(pg_temp.error_as('access_clerk', $$SELECT submit('ax_biz', '11010519491231002Y', '{form}')$$), '|', 1), '22P02',
  'a malformed identifier: 22P02');
SELECT is(pg_temp.error_as('access_clerk', $$SELECT submit('ax_biz', '11010519491231002Y', '{form}')$$),
  '22P02|Identifier 110105********002Y is neither a resident id nor a unified social credit code.',
  '... its detail masked too');
SELECT cmp_ok(length(pg_temp.error_as('access_clerk', format('SELECT submit(%L, %L, %L)', 'ax_biz', repeat('9', 1000000), '{form}'))), '<', 200,
  'a 1 MB identifier is not echoed whole');
SELECT is(split_part(pg_temp.error_as('access_clerk', $$SELECT submit('ax_biz', NULL::text, '{form}')$$), '|', 1), '22023',
  'a NULL identifier: 22023');
SELECT is(split_part(pg_temp.error_as('access_analyst', $$SELECT submit('ax_biz', '110105194912310038', '{form}')$$), '|', 1), '42501',
  'a role that is no clerk gets 42501');
GRANT EXECUTE ON FUNCTION submit(text, text, text[], text, text[], timestamptz, text, text, text, text, text),
  completeness(text, text, text[], text[], timestamptz) TO service_affair_analyst;
SELECT is(split_part(pg_temp.error_as('access_analyst', $$SELECT submit('ax_biz', '110105194912310038', '{form}')$$), '|', 1), '42501',
  '... even granted EXECUTE by mistake: 42501 before the identifier is looked up (unknown and known alike)');
SELECT is(split_part(pg_temp.error_as('access_analyst', $$SELECT * FROM completeness('ax_biz', '11010519491231002X', '{form}')$$), '|', 1), '42501',
  '... and for completeness()');

-- point, agent, location_region: well-formed values pass the format checks and
-- are then resolved by the service network (42_tongban.sql): an unknown point is 23503
SELECT is(pg_temp.state_as('access_clerk', $$SELECT submit('ax_biz', '11010519491231002X', '{form}', point => 'XS-town.01', agent => '330225198001010018', location_region => '330225')$$), '23503',
  'well-formed point, agent and location_region pass the format checks; the unknown point is then 23503');
SELECT is(pg_temp.state_as('access_clerk', $$SELECT submit('ax_biz', '11010519491231002X', '{form}', point => 'no spaces please')$$), '22023',
  'a malformed point: 22023');
SELECT is(pg_temp.state_as('access_clerk', $$SELECT submit('ax_biz', '11010519491231002X', '{form}', agent => '12345')$$), '22P02',
  'an agent that is no resident id: 22P02');
SELECT is(pg_temp.state_as('access_clerk', $$SELECT submit('ax_biz', '11010519491231002X', '{form}', location_region => '3302')$$), '22023',
  'a location region that is not 6 digits: 22023');
-- no control character is echoed (until 2026-12-06 they were, as typed: a
-- line feed in a point ended the server log's DETAIL line and wrote one of
-- its own after it; a review): each shows as ? (printable())
SELECT is(pg_temp.error_as('access_clerk', $$SELECT submit('ax_biz', '11010519491231002X', '{form}', point => E'HZ\nLOG:  x')$$),
  E'22023|Point ''HZ?LOG:  x'' is not 1 to 64 letters, digits, _ . or -.',
  'a point with a line feed: echoed with ? for it');
SELECT is(pg_temp.error_as('access_clerk', $$SELECT submit('ax_biz', '11010519491231002X', '{form}', location_region => E'33\r\n0225')$$),
  '22023|Location region ''33??0225'' is not a 6-digit GB/T 2260 code.',
  'a location region with CR LF: echoed with ? for each');
SELECT is(pg_temp.error_as('access_clerk', $$SELECT submit('ax_biz', E'1101\x1b519491231002\x07', '{form}')$$),
  '22P02|Identifier 1101?5********002? is neither a resident id nor a unified social credit code.'::text,
  'an identifier with ESC among its first six and BEL among its last four characters: masked, each shown as ?');
SELECT is(mask_identifier(E'\x1b[31m0519491231\r\n2X'), '?[31m0*********??2X',
  'mask_identifier(): control characters among the characters kept show as ?');
-- an empty identifier or agent is named as '' (until 2026-12-07 as nothing:
-- 'Identifier  is neither ...'; a hostile read of intake)
SELECT is(mask_identifier(''), '''''', 'mask_identifier(''''): two quotes, not nothing');
SELECT is(pg_temp.error_as('access_clerk', $$SELECT submit('ax_biz', '', '{form}')$$),
  '22P02|Identifier '''' is neither a resident id nor a unified social credit code.'::text,
  'submit() by an empty identifier: the detail names it as ''''');
SELECT is(pg_temp.error_as('access_clerk', $$SELECT submit('ax_biz', '11010519491231002X', '{form}', agent => '')$$),
  '22P02|Agent '''' is not a resident id.'::text,
  'an empty agent: the detail names it as ''''');
SELECT is(printable(E'a\u2028b\u202ec\u0085d\te\x7ff'), 'a?b?c?d?e?f',
  'printable(): a line separator, a bidirectional override, a C1 control, a tab and DEL each become ?');
SELECT is(printable('张三丰 HZ-01_.'), '张三丰 HZ-01_.', '... and ordinary text, spaces included, stays as it is');
SELECT is(printable(E'a\u061cb\u200fc\u2067d'), 'a?b?c?d',
  '... the Arabic letter mark (U+061C, a bidirectional control) too, as the right-to-left mark and isolate');

-- overloads: an integer names the id form, an unknown-typed literal the identifier form
SELECT is(pg_get_function_identity_arguments(
            (SELECT p.oid FROM pg_proc p WHERE p.oid = 'service_affair.submit(text,bigint,text[],text,text[],timestamptz,text,text)'::regprocedure)),
          'service text, applicant bigint, materials text[], channel text, commitments text[], at timestamp with time zone, region text, request_key text',
          'the id form of submit() is unchanged but for the trailing request_key (39_case_requests.sql)');
SELECT lives_ok(format($$SELECT submit('ax_biz', %s, '{form}', 'window', '{}', '2026-11-19 12:00+08')$$, :p),
  'submit(''x'', <integer literal>, ...) resolves to the id form (as an identifier it would be malformed)');
SELECT is((SELECT count(*) FROM access_log WHERE purpose = 'submit' AND case_id = (SELECT max(id) FROM cases)), 0::bigint,
  '... which logs no access (the identifier form would)');
SELECT lives_ok($$SELECT submit('ax_biz', '11010519491231002X', '{form}', 'window', '{}', '2026-11-19 12:00+08')$$,
  'submit(''x'', ''<resident id>'', ...) with an unknown-typed literal resolves to the identifier form');
SELECT is((SELECT count(*) FROM access_log WHERE purpose = 'submit' AND case_id = (SELECT max(id) FROM cases)), 1::bigint,
  '... which logs the access');
SELECT results_eq(format($$SELECT count(*) FROM completeness('ax_biz', %s, '{form}')$$, :p),
  $$SELECT count(*) FROM completeness('ax_biz', '11010519491231002X', '{form}')$$,
  'completeness() resolves both ways too');

-- ---- the applicant of a case: case_applicant(), case_evidence() ------------------
-- rows_as(role, sql): the rows of sql run as role, each as text
CREATE FUNCTION pg_temp.rows_as(r name, q text) RETURNS SETOF text LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE pg_catalog.format('SET LOCAL ROLE %I', r);
  RETURN QUERY EXECUTE pg_catalog.format('SELECT t::text FROM (%s) t', q);
  RESET ROLE;
END $$;
SELECT is((SELECT string_agg(x, ';') FROM pg_temp.rows_as('access_reviewer', format('SELECT * FROM case_applicant(%s)', :c_m)) x),
  format('(%s,person,11010519491231002X,,张三丰,t)', :p),
  'a reviewer of a task of the case reads its applicant in clear');
SELECT is((SELECT string_agg(x, ';') FROM pg_temp.rows_as('access_reviewer', format('SELECT * FROM case_evidence(%s)', :c_m)) x),
  '(id_card,eID-1,)',
  '... and the evidence on file');
SELECT is(pg_temp.state_as('access_reviewer_h', format('SELECT * FROM case_applicant(%s)', :c_m)), '42501',
  'a reviewer of another department: 42501');
SELECT is(pg_temp.state_as('access_reviewer', 'SELECT * FROM case_applicant(-1)'), '42501',
  'an unknown case: 42501 as well (nothing is revealed)');
SELECT is(pg_temp.state_as('access_admin', 'SELECT * FROM case_applicant(-1)'), '23503',
  'an administrator is told the case is unknown');

-- ---- the access log ----------------------------------------------------------------
SELECT is(pg_temp.state_as('access_clerk', $$SELECT register_applicant('person', '11010519491231002X', 'x')$$), '00000',
  'register_applicant() of a known resident id');
SELECT is(pg_temp.error_as('access_clerk', $$SELECT register_applicant('person', '11010519491231002Y', 'x')$$),
  '22P02|Identifier 110105********002Y is not a valid resident id.', 'register_applicant(): a malformed resident id, masked');
SELECT cmp_ok(length(pg_temp.error_as('access_clerk', format('SELECT register_applicant(%L, %L, %L)', 'org', repeat('9', 1000000), 'x'))), '<', 200,
  'register_applicant(): a 1 MB identifier is not echoed whole');
SELECT cmp_ok(length(pg_temp.error_as('access_clerk', format('SELECT register_applicant(%L, %L, %L)', repeat('k', 1000000), '11010519491231002X', 'x'))), '<', 200,
  'register_applicant(): nor a 1 MB kind');
-- a name is bounded as every free text (5,000,000 characters were stored;
-- a review of 2026-12-04)
SELECT is(pg_temp.error_as('access_clerk', format('SELECT register_applicant(%L, %L, %L)', 'person', '330225199003071230', repeat('名', 201))),
  '22023|A name has at most 200 characters; this one has 201.', 'register_applicant(): a name of 201 characters, 22023');
SELECT is((SELECT count(*) FROM applicant WHERE resident_id = '330225199003071230'), 0::bigint, '... and nobody is registered');
SELECT is(pg_temp.state_as('access_clerk', format('SELECT register_applicant(%L, %L, %L)', 'person', '330225199003071230', repeat('名', 200))),
  '00000', 'a name of 200 characters is taken');
SELECT is((SELECT array_agg(DISTINCT purpose ORDER BY purpose) FROM access_log WHERE actor = 'access_clerk'),
  ARRAY['completeness', 'register_applicant', 'submit'],
  'the clerk''s reads are logged: submit, completeness, register_applicant');
SELECT is((SELECT count(*) FROM access_log WHERE actor = 'access_reviewer' AND applicant = :p AND case_id = :c_m
            AND purpose IN ('case_applicant', 'case_evidence')), 2::bigint,
  'the reviewer''s reads are logged with the case');
SELECT is((SELECT count(*) FROM access_log WHERE actor = 'access_clerk' AND purpose = 'submit'
            AND (applicant, case_id) NOT IN (SELECT c.applicant, c.id FROM cases c)), 0::bigint,
  'each submit entry names the case and its applicant');
SELECT is((SELECT count(*) FROM access_log WHERE actor IN ('access_analyst', 'access_reviewer_h')), 0::bigint,
  'refused calls log nothing');
-- A read whose log row is rolled back (a savepoint, a failing statement:
-- a review did both) is in the server log all the same, written at once
-- (doc/access.md, "The server log").  The server log is read from where
-- tools/cluster.sh puts it, by offset: only what this read wrote.
CREATE FUNCTION pg_temp.read_and_roll_back(r name, cid bigint) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  v text;
BEGIN
  BEGIN
    EXECUTE pg_catalog.format('SET LOCAL ROLE %I', r);
    SELECT a.name INTO v FROM service_affair.case_applicant(cid) a;
    RAISE EXCEPTION USING ERRCODE = 'SAT01';
  EXCEPTION WHEN SQLSTATE 'SAT01' THEN
    NULL;
  END;
  RETURN v;
END $$;
CREATE TEMP TABLE server_log AS
SELECT current_setting('data_directory') || '/../server.log' AS path,
       (pg_stat_file(current_setting('data_directory') || '/../server.log', true)).size AS size_before,
       (SELECT count(*) FROM access_log) AS rows_before;
SELECT is(pg_temp.read_and_roll_back('access_reviewer', :c_m), '张三丰',
  'a reviewer reads an applicant''s name in a subtransaction it rolls back');
SELECT is((SELECT count(*) FROM access_log) - (SELECT rows_before FROM server_log), 0::bigint,
  '... which leaves no row in the access log');
SELECT CASE WHEN (SELECT size_before FROM server_log) IS NULL
            THEN skip('the server log is not where tools/cluster.sh puts it', 1)
            ELSE ok(strpos(pg_read_file(l.path, l.size_before, (pg_stat_file(l.path)).size - l.size_before),
                           format('LOG:  service_affair access: access_reviewer (login %s) read applicant %s through case_applicant (case %s)', session_user, :p, :c_m)) > 0,
                    '... but a line in the server log, who (and the session''s login: here the superuser that took the role), whom, through what and the case') END
  FROM server_log l;
-- ids only: not the statement that made the read (a review found the LOG
-- line of PL/pgSQL's RAISE followed by STATEMENT: with the identifier and
-- name a caller passed), nor its context
SELECT CASE WHEN (SELECT size_before FROM server_log) IS NULL
            THEN skip('the server log is not where tools/cluster.sh puts it', 1)
            ELSE ok(x.slice !~ 'STATEMENT:|CONTEXT:|张三丰|read_and_roll_back', '... and nothing else: no statement, no context, no name')
       END
  FROM (SELECT pg_read_file(l.path, l.size_before, (pg_stat_file(l.path)).size - l.size_before) AS slice FROM server_log l) x;
-- the session's login with the role a read was made as (a review of
-- 2026-12-04: a clerk who took the group role with SET ROLE read under the
-- name every clerk shares, in the table and in the server log)
CREATE TEMP TABLE group_log AS
SELECT (pg_stat_file(current_setting('data_directory') || '/../server.log', true)).size AS size_before;
GRANT SELECT ON group_log TO PUBLIC;
SET SESSION AUTHORIZATION access_clerk;
SET ROLE service_affair_clerk;
SELECT register_applicant('person', '11010519491231002X', 'x') AS group_read \gset
RESET ROLE;
RESET SESSION AUTHORIZATION;
SELECT is((SELECT ROW(actor, login)::text FROM access_log ORDER BY id DESC LIMIT 1), '(service_affair_clerk,access_clerk)',
  'a read as the group role (SET ROLE) is logged with the login of the session that took it');
SELECT is(pg_temp.count_as('access_analyst', $$SELECT sum(reads)::bigint FROM access_log_daily WHERE actor = 'service_affair_clerk' AND login = 'access_clerk'$$),
  1::bigint, 'analysts count the reads per login too (access_log_daily.login)');
SELECT is((SELECT count(*) FROM access_log WHERE login IS NULL), 0::bigint, 'every entry names its login');
SELECT is((SELECT count(*) FROM access_log WHERE actor = 'access_clerk' AND login <> session_user), 0::bigint,
  'the entries of this file''s reads (roles taken by the superuser) name the superuser''s login');
SELECT CASE WHEN (SELECT size_before FROM group_log) IS NULL
            THEN skip('the server log is not where tools/cluster.sh puts it', 1)
            ELSE ok(strpos(pg_read_file(current_setting('data_directory') || '/../server.log', l.size_before,
                                        (pg_stat_file(current_setting('data_directory') || '/../server.log')).size - l.size_before),
                           format('service_affair access: service_affair_clerk (login access_clerk) read applicant %s through register_applicant', :group_read)) > 0,
                    '... and so is its line in the server log') END
  FROM group_log l;
-- the role names in that line as an error echoes them (sa_echo_n(); until
-- 2026-12-07 quote_identifier() alone kept a line feed: a login named
-- "x<LF>LOG:  ..." wrote a line of its own among the access entries)
DO $$ BEGIN EXECUTE pg_catalog.format('CREATE ROLE %I IN ROLE service_affair_clerk', E'forger\nLOG:  forged entry'); END $$;
CREATE TEMP TABLE forged_log AS
SELECT (pg_stat_file(current_setting('data_directory') || '/../server.log', true)).size AS size_before;
GRANT SELECT ON forged_log TO PUBLIC;
DO $$ BEGIN EXECUTE pg_catalog.format('SET SESSION AUTHORIZATION %I', E'forger\nLOG:  forged entry'); END $$;
SET ROLE service_affair_clerk;
SELECT register_applicant('person', '11010519491231002X', 'x') AS forged_read \gset
RESET ROLE;
RESET SESSION AUTHORIZATION;
SELECT CASE WHEN (SELECT size_before FROM forged_log) IS NULL
            THEN skip('the server log is not where tools/cluster.sh puts it', 1)
            ELSE ok(strpos(x.slice, format('service_affair access: service_affair_clerk (login "forger?LOG:  forged entry") read applicant %s through register_applicant', :forged_read)) > 0
                    AND x.slice !~ E'\nLOG:  forged entry',
                    'a login''s line feed is ? in the server log''s access line, which writes no line of its own') END
  FROM (SELECT pg_read_file(current_setting('data_directory') || '/../server.log', l.size_before,
                            (pg_stat_file(current_setting('data_directory') || '/../server.log')).size - l.size_before) AS slice
          FROM forged_log l) x;
SELECT throws_ok($$UPDATE access_log SET actor = 'someone'$$, '42501', 'the access log is append-only',
  'UPDATE of the access log is refused, even to its owner');
SELECT throws_ok($$DELETE FROM access_log$$, '42501', 'the access log is append-only', 'DELETE is refused');
SELECT throws_ok($$TRUNCATE access_log$$, '42501', 'the access log is append-only', 'TRUNCATE is refused');
SELECT is(pg_temp.state_as('access_analyst', 'SELECT count(*) FROM access_log'), '42501',
  'analysts do not read the log itself');
SELECT is(pg_temp.count_as('access_analyst', $$SELECT sum(reads)::bigint FROM access_log_daily WHERE actor = 'access_clerk'$$),
  (SELECT count(*) FROM access_log WHERE actor = 'access_clerk'),
  '... they count it per day, caller and purpose');
SELECT is((SELECT count(*) FROM information_schema.columns WHERE table_schema = 'service_affair' AND table_name = 'access_log_daily'
            AND column_name IN ('applicant', 'case_id')), 0::bigint,
  '... without whose data was read');
CREATE TEMP TABLE evil (x int);
SELECT throws_ok($$CREATE TRIGGER t BEFORE INSERT ON pg_temp.evil FOR EACH ROW EXECUTE FUNCTION service_affair.access_log_append_only();
                   INSERT INTO pg_temp.evil VALUES (1)$$, '42501', NULL,
  'the append-only trigger function refuses to run on another table');

-- ---- a hostile search_path does not reach the new functions -----------------------
CREATE SCHEMA id_evil;
CREATE TABLE id_evil.trap (what text);
CREATE FUNCTION id_evil.snap(what text) RETURNS boolean LANGUAGE plpgsql SET search_path = pg_catalog AS
  $$ BEGIN INSERT INTO id_evil.trap VALUES (what); RETURN true; END $$;
CREATE FUNCTION id_evil.eq(text, text) RETURNS boolean LANGUAGE plpgsql SET search_path = pg_catalog AS
  $$ BEGIN PERFORM id_evil.snap('text = text'); RETURN $1 OPERATOR(pg_catalog.=) $2; END $$;
CREATE OPERATOR id_evil.= (LEFTARG = text, RIGHTARG = text, FUNCTION = id_evil.eq);
CREATE FUNCTION id_evil.eq(bigint, bigint) RETURNS boolean LANGUAGE plpgsql SET search_path = pg_catalog AS
  $$ BEGIN PERFORM id_evil.snap('bigint = bigint'); RETURN $1 OPERATOR(pg_catalog.=) $2; END $$;
CREATE OPERATOR id_evil.= (LEFTARG = bigint, RIGHTARG = bigint, FUNCTION = id_evil.eq);
CREATE FUNCTION id_evil.length(text) RETURNS integer LANGUAGE plpgsql SET search_path = pg_catalog AS
  $$ BEGIN PERFORM id_evil.snap('length'); RETURN pg_catalog.length($1); END $$;
CREATE FUNCTION id_evil.left(text, integer) RETURNS text LANGUAGE plpgsql SET search_path = pg_catalog AS
  $$ BEGIN PERFORM id_evil.snap('left'); RETURN pg_catalog.left($1, $2); END $$;
CREATE FUNCTION id_evil.repeat(text, integer) RETURNS text LANGUAGE plpgsql SET search_path = pg_catalog AS
  $$ BEGIN PERFORM id_evil.snap('repeat'); RETURN pg_catalog.repeat($1, $2); END $$;
CREATE FUNCTION id_evil.unnest(text[]) RETURNS SETOF text LANGUAGE plpgsql SET search_path = pg_catalog AS
  $$ BEGIN PERFORM id_evil.snap('unnest'); RETURN QUERY SELECT pg_catalog.unnest($1); END $$;
SET LOCAL search_path = id_evil, pg_catalog, service_affair, public;
SELECT service_affair.submit('ax_biz', '11010519491231002X'::text, '{form}', 'window', '{}', '2026-11-19 13:00+08') AS evil_case \gset
CREATE TEMP TABLE evil_calls AS SELECT :evil_case::bigint AS c;
INSERT INTO evil_calls SELECT count(*) FROM service_affair.completeness('ax_biz', '11010519491231002X'::text, '{form}');
INSERT INTO evil_calls SELECT count(*) FROM service_affair.case_applicant(:evil_case);
INSERT INTO evil_calls SELECT count(*) FROM service_affair.case_evidence(:evil_case);
INSERT INTO evil_calls SELECT service_affair.register_applicant('person', '11010519491231002X', 'x');
INSERT INTO evil_calls SELECT service_affair.may_act('reviewer', 'AX_M')::int;
DO $$ BEGIN PERFORM service_affair.submit('ax_biz', '110105194912310038'::text, '{form}'); EXCEPTION WHEN foreign_key_violation THEN NULL; END $$;
DO $$ BEGIN PERFORM service_affair.submit('ax_biz', 'garbage garbage garbage'::text, '{form}'); EXCEPTION WHEN invalid_text_representation THEN NULL; END $$;
-- the control: the trap works, text = text is hostile here
SELECT id_evil.snap('control') AND ('a'::text = 'b'::text) IS NOT NULL AS control \gset
SET LOCAL search_path = service_affair, public;
SELECT is((SELECT count(*) FROM evil_calls), 6::bigint, 'under a hostile search_path the identifier functions still answer');
SELECT is((SELECT array_agg(DISTINCT what ORDER BY what) FROM id_evil.trap), ARRAY['control', 'text = text'],
  '... and none of the look-alike operators or functions ran (search_path pinned)');

SELECT * FROM finish();
ROLLBACK;
