-- 通办, visits and settling (review of 2026-12-03); each check failed on the
-- former code:
--  1. a returned case brought by an agent or received at a mobile unit has no
--     more visits before acceptance than in all;
--  2. a rating restarts the quiet period before settling, and no case is
--     settled before its rating;
--  3. a malformed region is 22023, echoed short;
--  4. an agent of another region is refused on a bundle too; a bundle is
--     refused at a point outside its items' 通办 scope (2026-12-05);
--  9. the point levels are those of the item handling the case (2026-12-05);
-- 10. an applicant is not its own agent (2026-12-05);
-- 11. naming neither point nor region, a clerk of one region receives in
--     its office's region (2026-12-05), a clerk also of a department
--     without a region in the region of the code asked for.
--  5. a withdrawn case received elsewhere settles, its leg not flagged;
--  6. an administrator renames a service point;
--  7. a clerk posted to a point does not receive by naming none.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(36);
\ir tongban_fixture.inc
INSERT INTO bundle (code, name, lead_department) VALUES ('tb_bun5', 'Bundle', 'TB_M5');
-- an item handled where it is received, implemented in Xiangshan only
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, basic_code, tongban_scope, competence)
VALUES ('tb_recv5', 'Receiving item (Xiangshan)', 'TB_M5', 'promised', 20, 5, 'BC_RECV', 'county', 'receiving');
INSERT INTO material (item, code, name) VALUES ('tb_recv5', 'form', 'Form');
INSERT INTO item_implementation (basic_code, region, item) VALUES ('BC_RECV', '330225', 'tb_recv5');
INSERT INTO bundle_item (bundle, item) VALUES ('tb_bun5', 'tb_local5');

-- ------------------------------------------------------------ 1. visits by phase
SET ROLE tb_clerk5;
SELECT submit('tb_res5', '330225199001010012', '{}', 'window', '{}', '2026-11-18 10:00+08', point => 'T5', agent => '330225197003030034') AS ca \gset
SELECT submit('tb_res5', '330225199001010012', '{}', 'window', '{}', '2026-11-18 10:00+08', point => 'M5') AS cm \gset
RESET ROLE;
SELECT results_eq(format('SELECT status, visits, visits_before_acceptance FROM cases WHERE id IN (%s, %s) ORDER BY id', :ca, :cm),
  $$VALUES ('returned', 0, 0), ('returned', 0, 0)$$,
  'returned cases of an agent and of a mobile unit: no visit, none before acceptance (was 1 before acceptance of 0)');
SELECT is((SELECT count(*) FROM cases WHERE visits_before_acceptance + visits_collection > visits), 0::bigint,
  'no case has more visits in its phases than in all');

-- ------------------------------------------------------------ 2. a rating and settling
SET ROLE tb_clerk5;
SELECT submit('tb_local5', '330225199001010012', '{form}', 'window', '{}', '2026-01-05 10:00+08', point => 'C5') AS k1 \gset
SELECT submit('tb_local5', '330225199001010012', '{form}', 'window', '{}', '2026-01-05 10:00+08', point => 'C5') AS k2 \gset
RESET ROLE;
SELECT count(complete_task(t.id, 'approved', '2026-01-06 10:00+08')) AS decided FROM task t WHERE t.case_id IN (:k1, :k2) \gset
SELECT deliver(:k1, 'window', '2026-01-07 10:00+08') IS NULL AS d1, deliver(:k2, 'window', '2026-01-07 10:00+08') IS NULL AS d2 \gset
SET ROLE tb_clerk5;
SELECT rate(:k1, 4, 'window', 'ok', '2026-06-01 09:00+08') AS r1 \gset
SELECT rate(:k2, 5, 'window', 'ok', '2026-09-01 09:00+08') AS r2 \gset
RESET ROLE;
SELECT settle_cases('2026-06-01 09:05+08') AS settled_june \gset
SELECT results_eq(format('SELECT settled FROM cases WHERE id IN (%s, %s) ORDER BY id', :k1, :k2), $$VALUES (false), (false)$$,
  'a case rated five minutes ago, or rated after the settling time, is not settled');
SELECT lives_ok(format('SELECT appeal_rating(%s, %L, %L)', :r1, 'mistaken rating', '2026-06-02 10:00+08'),
  'its rating can still be appealed');
SELECT settle_cases('2026-12-20 00:00+08') AS settled_december \gset
SELECT ok((SELECT bool_and(settled) FROM cases WHERE id IN (:k1, :k2)), 'settled once the quiet period has passed after the rating');

-- ------------------------------------------------------------ 3. a malformed region
CREATE FUNCTION pg_temp.outcome(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE d text;
BEGIN
  EXECUTE q;
  RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS d = PG_EXCEPTION_DETAIL;
  RETURN SQLSTATE || ' ' || (length(SQLERRM) < 200 AND length(COALESCE(d, '')) < 200)::text;
END $$;
GRANT EXECUTE ON FUNCTION pg_temp.outcome(text) TO PUBLIC;
SET ROLE tb_clerk0;
SELECT is(pg_temp.outcome($$SELECT service_affair.submit('tb_recv5', '330225199001010012', '{form}', 'window', '{}', '2026-11-18 10:00+08', region => repeat('9', 100000))$$),
  '22023 true', 'a 100,000-character region: 22023 with a short message and detail (was 23503 with the whole text)');
RESET ROLE;
SET ROLE tb_clerk5;
SELECT throws_ok($$SELECT submit('tb_recv5', '330225199001010012', '{form}', 'window', '{}', '2026-11-18 10:00+08', region => 'abc')$$,
  '22023', 'invalid region', 'region abc: 22023');

-- ------------------------------------------------------------ 4. an agent on a bundle
SELECT throws_ok($$SELECT submit('tb_bun5', '330225199001010012', '{form}', 'window', '{}', '2026-11-18 10:00+08', agent => '330226196006060046')$$,
  '22023', NULL, 'an agent of Ninghai on a Xiangshan bundle: 22023, as on an item (was accepted)');

-- a bundle at a point: every item must accept the point's level
SELECT throws_ok($$SELECT submit('tb_bun5', '330225199001010012', '{form}', 'window', '{}', '2026-11-18 10:00+08', point => 'V5')$$,
  '22023', 'bundle tb_bun5 is not accepted at village points', 'a bundle whose item is taken at county points only, at a village point: 22023 (was accepted)');
RESET ROLE;
-- ... and every item must have the point within its 通办 scope of its own
-- department's region (2026-12-05: a bundle of Xiangshan items of county
-- scope was taken at Ninghai's centre, each of its items alone being refused)
INSERT INTO bundle (code, name, lead_department) VALUES ('tb_bun5c', 'Bundle of county scope', 'TB_M5');
INSERT INTO bundle_item (bundle, item) VALUES ('tb_bun5c', 'tb_recv5');
SELECT throws_ok($$SELECT submit('tb_bun5c', '330225199001010012', '{form}', 'window', '{}', '2026-11-18 10:00+08', point => 'C6')$$,
  '22023', 'point C6 is outside the 通办 scope of bundle tb_bun5c',
  'a bundle of Xiangshan items of county scope at Ninghai''s centre: 22023 (was accepted and forwarded)');
SELECT is(pg_temp.state_as('tb_clerk5', $$SELECT submit('tb_bun5c', '330225199001010012', '{form}', 'window', '{}', '2026-11-18 10:00+08', point => 'T5')$$),
  '00000', '... and taken at a town centre of its own county');

-- ------------------------------------------------------------ 5. a withdrawn case received elsewhere
SET ROLE tb_clerk5;
SELECT submit('tb_biz5', '91350100M000100Y43', '{form}', 'window', '{}', '2026-01-05 10:00+08', point => 'T5') AS w \gset
RESET ROLE;
SELECT is((SELECT count(*) FROM case_leg WHERE case_id = :w AND leg = 'forward' AND done_at IS NULL), 1::bigint,
  'a case of a Ninghai company received in Xiangshan: its originals are on the way');
SELECT withdraw(:w, '2026-01-05 11:00+08') IS NULL AS wd \gset
SELECT sla_sweep('2026-02-01 10:00+08') AS swept \gset
SELECT is((SELECT count(*) FROM case_event WHERE case_id = :w AND kind LIKE 'leg\_%'), 0::bigint,
  'the withdrawn case''s leg is not flagged overdue');
SELECT settle_cases('2026-12-21 00:00+08') AS settled_again \gset
SELECT ok((SELECT settled FROM cases WHERE id = :w), 'and it settles (was kept open for ever by its leg)');

-- ------------------------------------------------------------ 6. renaming a point
SET ROLE tb_clerk5;
SELECT submit('tb_res5', '330225199001010012', '{form}', 'window', '{}', '2026-11-18 10:00+08', point => 'T5') AS open_at_t5 \gset
RESET ROLE;
SELECT is(pg_temp.state_as('tb_admin', $$UPDATE service_affair.service_point SET code = 'T5-NEW' WHERE code = 'T5'$$), '00000',
  'an administrator renames a point where cases were received, settled ones among them (was 42501)');

-- ------------------------------------------------------------ 7. a clerk posted to a point
SELECT is(pg_temp.state_as('tb_clerk_t5', $$SELECT service_affair.submit('tb_res5', '330225199001010012', '{form}', 'window', '{}', '2026-11-18 10:00+08')$$),
  '42501', 'a clerk posted to a town centre cannot receive by naming no point (was accepted)');

-- ------------------------------------------------------------ 8. a basic code of another department (2026-12-04)
-- a department of Xiangshan gives its own item the basic code that
-- Xiangshan's market item implements: its submissions in Xiangshan stay its
-- own cases, with its own materials (were filed as tb_biz5's)
INSERT INTO department (code, name, region) VALUES ('TB_H5', 'Health, Xiangshan', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, basic_code, tongban_scope, competence)
VALUES ('tb_health5', 'Birth certificate (Xiangshan)', 'TB_H5', 'promised', 20, 5, 'BC_BIZ', 'city', 'receiving');
INSERT INTO material (item, code, name) VALUES ('tb_health5', 'birth', 'Birth record');
SET ROLE tb_clerk5;
SELECT submit('tb_health5', '330225199001010012', '{birth}', 'window', '{}', '2026-11-18 10:00+08', point => 'C5') AS h5 \gset
RESET ROLE;
SELECT results_eq(format('SELECT service, department FROM cases WHERE id = %s', :h5),
  $$VALUES ('tb_health5'::text, 'TB_H5'::text)$$, 'an item whose department lies in the competent region handles its own case (was tb_biz5, TB_M5)');
SELECT results_eq(format('SELECT material FROM case_material WHERE case_id = %s', :h5),
  $$VALUES ('birth'::text)$$, '... with its own materials');

-- ------------------------------------------------------------ 10. an applicant as its own agent (2026-12-05)
-- 代办员甲 applies for itself at a village point under its town centre
-- (T5, renamed T5-NEW above): its trip is its visit
-- (was recorded as brought by an agent, 0 visits)
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '330225197003030034', '代办员甲');
SELECT is(pg_temp.state_as('tb_clerk5', $$SELECT service_affair.submit('tb_res5', '330225197003030034', '{form}', 'window', '{}', '2026-11-18 10:00+08', point => 'V5', agent => '330225197003030034')$$),
  '22023', 'an agent named as the agent of its own application: 22023 (was 0 visits)');
SELECT pg_temp.sub('tb_clerk5', 'tb_res5', '330225197003030034', 'window', 'V5') AS own \gset
SELECT is((SELECT visits FROM cases WHERE id = :own), 1, '... without agent: a visit');

-- ------------------------------------------------------------ 9. the levels of the handling item (2026-12-05)
-- Ninghai takes its business change at county points only: a Ninghai
-- company's case, asked for by Xiangshan's code at a village point, was
-- taken there (the levels of the item asked for were checked), and refused
-- when asked for by Ninghai's code
UPDATE item SET accepting_levels = '{county}' WHERE code = 'tb_biz6';
SELECT is(pg_temp.state_as('tb_clerk5', $$SELECT service_affair.submit('tb_biz5', '91350100M000100Y43', '{form}', 'window', '{}', '2026-11-18 10:00+08', point => 'V5')$$),
  '22023', 'a case handled by an item taken at county points only, asked for by another region''s code at a village point: 22023 (was accepted)');
SELECT is(pg_temp.detail_as('tb_clerk5', $$SELECT service_affair.submit('tb_biz5', '91350100M000100Y43', '{form}', 'window', '{}', '2026-11-18 10:00+08', point => 'V5')$$),
  'Item tb_biz6 (handling tb_biz5 in region 330226) is accepted at county points (通办 scope city); point V5 is a village point.',
  '... the detail naming the handling item and its levels');
SELECT is(pg_temp.state_as('tb_clerk5', $$SELECT service_affair.submit('tb_biz5', '91350100M000100Y43', '{form}', 'window', '{}', '2026-11-18 10:00+08', point => 'C5')$$),
  '00000', '... and taken at Xiangshan''s centre');

-- ------------------------------------------------------------ 11. the caller's own office (2026-12-05)
-- naming neither point nor region, a clerk posted nowhere whose departments
-- lie in one region receives in its office's region: a Ninghai clerk asking
-- for a Ninghai company's case by Xiangshan's code received it in Xiangshan
-- (the region of the code asked for), refused Ninghai's agent and took
-- Xiangshan's.  An administrator, a superuser (the demo's simulation) and a
-- clerk of several regions receive as before, in the region of the code.
RESET ROLE;
INSERT INTO agent (resident_id, name, kind, region) VALUES ('330225198001010018', '代办员丙', 'proxy', '330225');
CREATE ROLE tb_clerk56 IN ROLE service_affair_clerk;
INSERT INTO staff (login, department) VALUES ('tb_clerk56', 'TB_M5'), ('tb_clerk56', 'TB_M6');
SELECT is(pg_temp.state_as('tb_clerk6', $$SELECT service_affair.submit('tb_biz5', '91350100M000100Y43', '{form}', 'window', '{}', '2026-11-18 10:00+08', agent => '330226196006060046')$$),
  '00000', 'a Ninghai clerk, Xiangshan''s code, a Ninghai company: Ninghai''s agent acts in its office (was 22023)');
SELECT is((SELECT ROW(region, department, agent)::text FROM cases
            WHERE service = 'tb_biz6' AND agent IS NOT NULL AND channel = 'window' ORDER BY id DESC LIMIT 1),
  ROW('330226', 'TB_M6', (SELECT id FROM agent WHERE resident_id = '330226196006060046'))::text,
  '... received in Ninghai by Ninghai''s department, with its agent');
SELECT is(pg_temp.state_as('tb_clerk6', $$SELECT service_affair.submit('tb_biz5', '91350100M000100Y43', '{form}', 'window', '{}', '2026-11-18 10:00+08', agent => '330225198001010018')$$),
  '22023', '... and Xiangshan''s agent does not (was accepted)');
SELECT is(pg_temp.state_as('tb_admin', $$SELECT service_affair.submit('tb_biz5', '91350100M000100Y43', '{form}', 'window', '{}', '2026-11-18 10:00+08', agent => '330225198001010018')$$),
  '00000', 'an administrator: received in the region of the code asked for, Xiangshan''s agent acts (unchanged)');
SELECT is(pg_temp.state_as('tb_admin', $$SELECT service_affair.submit('tb_biz5', '91350100M000100Y43', '{form}', 'window', '{}', '2026-11-18 10:00+08', agent => '330226196006060046')$$),
  '22023', '... and Ninghai''s does not (unchanged)');
SELECT is(pg_temp.state_as('tb_clerk56', $$SELECT service_affair.submit('tb_biz5', '91350100M000100Y43', '{form}', 'window', '{}', '2026-11-18 10:00+08', agent => '330225198001010018')$$),
  '00000', 'a clerk of Xiangshan and Ninghai: the region of the code asked for, Xiangshan''s agent acts (unchanged)');
SELECT is(pg_temp.state_as('tb_clerk56', $$SELECT service_affair.submit('tb_biz5', '91350100M000100Y43', '{form}', 'window', '{}', '2026-11-18 10:00+08', agent => '330226196006060046')$$),
  '22023', '... and Ninghai''s does not (unchanged)');
-- a clerk of Ninghai's department and of a department without a region:
-- its departments do not all lie in one region, so as before (it received
-- in Ninghai, its region-less department left out)
INSERT INTO department (code, name, region) VALUES ('TB_NOREG', 'A department without a region', NULL);
CREATE ROLE tb_clerk6n IN ROLE service_affair_clerk;
INSERT INTO staff (login, department) VALUES ('tb_clerk6n', 'TB_M6'), ('tb_clerk6n', 'TB_NOREG');
SELECT is(pg_temp.state_as('tb_clerk6n', $$SELECT service_affair.submit('tb_biz5', '91350100M000100Y43', '{form}', 'window', '{}', '2026-11-18 10:00+08', agent => '330225198001010018')$$),
  '00000', 'a clerk of Ninghai and of a department without a region: the region of the code asked for, Xiangshan''s agent acts (was 22023: received in Ninghai)');
SELECT is(pg_temp.state_as('tb_clerk6n', $$SELECT service_affair.submit('tb_biz5', '91350100M000100Y43', '{form}', 'window', '{}', '2026-11-18 10:00+08', agent => '330226196006060046')$$),
  '22023', '... and Ninghai''s does not (was accepted)');
SELECT lives_ok($$SELECT service_affair.submit('tb_biz5', '91350100M000100Y43', '{form}', 'door', '{}', '2026-11-18 10:00+08', agent => '330225198001010018')$$,
  'a superuser (the demo''s door-to-door team): Xiangshan''s agent on a Ninghai company''s case asked for by Xiangshan''s code (unchanged)');
-- an item handled where it is received: received in the clerk's office, it
-- is handled by the implementation there (was 42501: Xiangshan's item,
-- received in Xiangshan, for a clerk of Ninghai)
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, basic_code, tongban_scope, competence)
VALUES ('tb_recv6', 'Receiving item (Ninghai)', 'TB_M6', 'promised', 20, 5, 'BC_RECV', 'county', 'receiving');
INSERT INTO material (item, code, name) VALUES ('tb_recv6', 'form', 'Form');
INSERT INTO item_implementation (basic_code, region, item) VALUES ('BC_RECV', '330226', 'tb_recv6');
SELECT is(pg_temp.state_as('tb_clerk6', $$SELECT service_affair.submit('tb_recv5', '330225199001010012', '{form}', 'window', '{}', '2026-11-18 10:00+08')$$),
  '00000', 'a receiving item asked for by Xiangshan''s code by a Ninghai clerk: received (was 42501)');
SELECT is((SELECT ROW(service, region, competent_region)::text FROM cases WHERE item IN ('tb_recv5', 'tb_recv6') ORDER BY id DESC LIMIT 1),
  ROW('tb_recv6', '330226', '330226')::text, '... in Ninghai, by Ninghai''s implementation');
SELECT pg_temp.val_as('tb_admin', $$SELECT service_affair.submit('tb_recv5', '330225199001010012', '{form}', 'window', '{}', '2026-11-18 10:00+08')$$) AS recv5 \gset
SELECT is((SELECT ROW(service, region, competent_region)::text FROM cases WHERE id = :recv5), ROW('tb_recv5', '330225', '330225')::text,
  '... by an administrator: Xiangshan''s, in Xiangshan (unchanged)');

SELECT * FROM finish();
ROLLBACK;
