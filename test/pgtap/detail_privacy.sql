-- What a refusal tells a clerk about other people (doc/access.md,
-- "Errors do not leak"): only what the caller gave (through printable() or
-- mask_identifier()) and what the caller may read anyway.  A hostile read of
-- 2026-12-08:
--  1. submit(agent => ...): a clerk of any region told a registered agent
--     from anyone else (22023 'agent N does not act here' against 23503
--     'unknown agent') and read the agent's id, region and point in the
--     detail, unlogged (only administrators read the table agent).  On that
--     code assertions 1 to 5 fail.
--  2. record_evidence(): the 55000 of a holder with a department's licence
--     in force named that licence's number, department and last day to a
--     clerk of the case's region, who reads licences nowhere.  On that code
--     assertions 8 and 9 fail.
--  3. the other details that name somebody (a read of every RAISE and
--     ereport DETAIL): submit() naming as agent the applicant's own resident
--     id named the agent's id, which only administrators read.  On that code
--     assertion 10 fails.
--  4. a second read: submit() looked the agent up before the case's own
--     checks, so a clerk of any region naming another region (region =>,
--     no point) was refused 42501 for that region's active agents (the
--     agent passed, the case's region did not) and 22023 for anyone else:
--     the same oracle by another route.  On that code assertions 11 and 12
--     fail.
BEGIN;
SET search_path = service_affair, public;
SET TIME ZONE 'UTC';
\ir tongban_fixture.inc
SELECT plan(12);

-- err_as(role, sql): 'SQLSTATE | message | detail' of the error sql raised as role
CREATE FUNCTION pg_temp.err_as(r name, q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  s text; m text; d text;
BEGIN
  EXECUTE pg_catalog.format('SET LOCAL ROLE %I', r);
  BEGIN
    EXECUTE q;
    s := 'no error';
  EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS s = RETURNED_SQLSTATE, m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL;
    s := s || ' | ' || m || ' | ' || COALESCE(d, '');
  END;
  RESET ROLE;
  RETURN s;
END $$;
-- a valid resident id that nobody registered as an agent, and one of an
-- inactive agent of Xiangshan
INSERT INTO agent (resident_id, name, kind, region, active) VALUES ('330225198001010018', '代办员丁', 'proxy', '330225', false);

-- ---- 1. submit(agent => ...) ------------------------------------------------------------
-- 代办员乙 acts in Ninghai (330226); a Xiangshan clerk at T5 is told what
-- it gave and where it receives, nothing of the agent
SELECT is(pg_temp.err_as('tb_clerk5', $$SELECT submit('tb_res5', '330225199001010012', '{form}', 'window', point => 'T5', agent => '330226196006060046')$$),
  '22023 | no agent acts here with this resident id | No active agent with resident id 330226********0046 acts in region 330225 at point T5.',
  'an agent of another region: the resident id masked, the region and point of the submission, not the agent''s id, region or point');
SELECT is(pg_temp.err_as('tb_clerk5', $$SELECT submit('tb_res5', '330225199001010012', '{form}', 'window', point => 'T5', agent => '110105194912310038')$$),
  '22023 | no agent acts here with this resident id | No active agent with resident id 110105********0038 acts in region 330225 at point T5.',
  'a resident id of no agent: the same refusal (was 23503 unknown agent: an oracle of who is an agent)');
SELECT is(pg_temp.err_as('tb_clerk5', $$SELECT submit('tb_res5', '330225199001010012', '{form}', 'window', point => 'T5', agent => '330225198001010018')$$),
  '22023 | no agent acts here with this resident id | No active agent with resident id 330225********0018 acts in region 330225 at point T5.',
  'an inactive agent of the region: the same refusal');
-- 代办员甲 acts at T5 and the points under it, not at the county centre
SELECT is(pg_temp.err_as('tb_clerk5', $$SELECT submit('tb_res5', '330225199001010012', '{form}', 'window', point => 'C5', agent => '330225197003030034')$$),
  '22023 | no agent acts here with this resident id | No active agent with resident id 330225********0034 acts in region 330225 at point C5.',
  'an agent of the region at a point outside its own: its point is not named');
-- a clerk of Ninghai names Xiangshan's 代办员甲 at its own centre: told no
-- more than of anyone else
SELECT is(pg_temp.err_as('tb_clerk6', $$SELECT submit('tb_res6', '11010519491231002X', '{form}', 'window', point => 'C6', agent => '330225197003030034')$$),
  '22023 | no agent acts here with this resident id | No active agent with resident id 330225********0034 acts in region 330226 at point C6.',
  'a clerk of another region naming an agent of Xiangshan: neither its id nor its region nor its point');
-- administrators read the table agent: their refusals name it, as before
SELECT is(pg_temp.err_as('tb_admin', $$SELECT submit('tb_res5', '330225199001010012', '{form}', 'window', point => 'T5', agent => '330226196006060046')$$),
  format('22023 | agent %s does not act here | Agent %s acts in region 330226; the case is received in region 330225 at point T5.',
         (SELECT id FROM agent WHERE resident_id = '330226196006060046'), (SELECT id FROM agent WHERE resident_id = '330226196006060046')),
  'an administrator: the agent, its region and point named (it reads them in the table agent)');
SELECT is(pg_temp.err_as('tb_admin', $$SELECT submit('tb_res5', '330225199001010012', '{form}', 'window', point => 'T5', agent => '110105194912310038')$$),
  '23503 | unknown agent | No active agent has resident id 110105********0038.',
  '... and an unknown one is 23503, as before');

-- ---- 2. record_evidence(): a licence a department issued, in force ------------------------
INSERT INTO evidence_type (code, name) VALUES ('tb_cert', 'Residence certificate');
UPDATE item SET output_evidence_type = 'tb_cert' WHERE code = 'tb_res5';
UPDATE material SET evidence_type = 'tb_cert' WHERE item = 'tb_res5' AND code = 'form';
SELECT pg_temp.sub('tb_clerk5', 'tb_res5', '330225199001010012', 'window', 'C5') AS c1 \gset
SELECT complete_task((SELECT id FROM task WHERE case_id = :c1), 'approved', now() - interval '2 hours');
SELECT pg_temp.sub('tb_clerk5', 'tb_res5', '330225199001010012', 'window', 'C5') AS c2 \gset
SELECT complete_task((SELECT id FROM task WHERE case_id = :c2), 'approved', now() - interval '1 hour');
SELECT is(pg_temp.err_as('tb_clerk5', format($$SELECT record_evidence(%s, 'tb_cert', 'paper seen', NULL)$$, :c2)),
  format('55000 | the holder has a licence of type tb_cert in force | The applicant of case %s holds a licence of type tb_cert that a department issued and that is in force; a recorded licence does not replace it.', :c2),
  'record_evidence() over a department''s licence in force: the case and the type, not the licence');
SELECT pg_temp.err_as('tb_clerk5', format($$SELECT record_evidence(%s, 'tb_cert', 'paper seen', NULL)$$, :c2)) AS e2 \gset
SELECT is((SELECT count(*) FILTER (WHERE strpos(:'e2', number) > 0) || ' of ' || count(*) FROM licence WHERE holder = :p5),
  '0 of 2', '... no number of the holder''s two licences in it');

-- ---- 3. an applicant is not its own agent ------------------------------------------------
-- 代办员甲 applies for itself at V5, under its point T5
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '330225197003030034', '代办员甲');
SELECT is(pg_temp.err_as('tb_clerk5', $$SELECT submit('tb_res5', '330225197003030034', '{form}', 'window', point => 'V5', agent => '330225197003030034')$$),
  '22023 | an applicant is not its own agent | The agent''s resident id 330225********0034 is the applicant''s own; submit without agent.',
  'an applicant as its own agent: the resident id it gave, masked, not the agent''s id');

-- ---- 4. the case's checks before the agent's ---------------------------------------------
-- a Beilun clerk names Ninghai's region: 代办员乙 (an active agent of
-- Ninghai, no point) and a resident id of no agent are refused alike
SELECT is(pg_temp.err_as('tb_clerk0', $$SELECT submit('tb_res6', '11010519491231002X', '{form}', 'window', region => '330226', agent => '330226196006060046')$$),
  pg_temp.err_as('tb_clerk0', $$SELECT submit('tb_res6', '11010519491231002X', '{form}', 'window', region => '330226', agent => '110105194912310038')$$),
  'a clerk naming another region: an agent of it refused as a resident id of no agent');
SELECT is(pg_temp.err_as('tb_clerk0', $$SELECT submit('tb_res6', '11010519491231002X', '{form}', 'window', region => '330226', agent => '110105194912310038')$$),
  '42501 | permission denied for region 330226 | Role tb_clerk0 is not a clerk of a department in region ''330226''.',
  '... both 42501 for the region, before the agent is looked up');

SELECT * FROM finish();
ROLLBACK;
