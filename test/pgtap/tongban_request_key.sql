-- A request key of submit() by identifier names the submission as the
-- clerk made it (39_case_requests.sql): the applicant by the canonical
-- spelling of its identifier, so that a retry spelling it otherwise (lower
-- case, white space) returns the same case.  The agent is a resident id too,
-- in any spelling the type accepts: until 2026-12-06 the digest took it as
-- typed, and a retry spelling the same agent otherwise was refused as
-- another submission (23505; a review).
BEGIN;
SET search_path = service_affair, public;
SET TIME ZONE 'UTC';
\ir tongban_fixture.inc
SELECT plan(5);

-- case_as(role, sql returning one bigint): the value as text, or the SQLSTATE it raised
CREATE FUNCTION pg_temp.case_as(r name, q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  v text;
BEGIN
  EXECUTE pg_catalog.format('SET LOCAL ROLE %I', r);
  BEGIN
    EXECUTE q INTO v;
  EXCEPTION WHEN OTHERS THEN
    v := SQLSTATE;
  END;
  RESET ROLE;
  RETURN v;
END $$;

-- k1: p5's residence certificate received at T5, brought by 代办员甲
SET LOCAL ROLE tb_clerk5;
SELECT submit('tb_res5', '330225199001010012', '{form}', 'window', '{}', '2026-11-18 10:00+08', NULL, 'T5',
              '330225197003030034', request_key => 'tb-key-1') AS k1 \gset
RESET ROLE;
SELECT is((SELECT ROW(receiving_point, agent IS NOT NULL)::text FROM cases WHERE id = :k1), ROW('T5', true)::text,
  'fixture: the case received at T5, brought by an agent');

SELECT is(pg_temp.case_as('tb_clerk5', $$SELECT submit('tb_res5', '330225199001010012', '{form}', 'window', '{}', '2026-11-18 10:05+08', NULL, 'T5',
                                                     '330225197003030034', request_key => 'tb-key-1')$$), :'k1',
  'the call repeated returns the same case');
SELECT is(pg_temp.case_as('tb_clerk5', $$SELECT submit('tb_res5', '330225 19900101 0012', '{form}', 'window', '{}', '2026-11-18 10:05+08', NULL, 'T5',
                                                     '330225197003030034', request_key => 'tb-key-1')$$), :'k1',
  '... with the applicant''s resident id spelled otherwise too');
SELECT is(pg_temp.case_as('tb_clerk5', $$SELECT submit('tb_res5', '330225199001010012', '{form}', 'window', '{}', '2026-11-18 10:05+08', NULL, 'T5',
                                                     ' 330225 19700303 0034 ', request_key => 'tb-key-1')$$), :'k1',
  '... and with the agent''s resident id spelled otherwise (23505 until 2026-12-06)');
SELECT is(pg_temp.state_as('tb_clerk5', $$SELECT submit('tb_res5', '330225199001010012', '{form}', 'window', '{}', '2026-11-18 10:05+08', NULL, 'T5',
                                                       NULL, request_key => 'tb-key-1')$$), '23505',
  'the key with the submission made without the agent: 23505 (another submission)');

SELECT * FROM finish();
ROLLBACK;
