-- 通办: who records the arrival of the originals (the handling side only),
-- where an agent acts (its point and every point under it), and which
-- receptions send originals at all (not a free-standing kiosk, not an
-- online or app submission).  Reviews of 2026-12-05 (doc/tongban.md).
BEGIN;
SET search_path = service_affair, public;
\ir tongban_fixture.inc
SELECT plan(23);

-- ---- 1. receive_originals(): the handling side, not the sending point -------------------
-- tb_clerk_t5 (posted to the town centre T5) receives a Xiangshan case at T5;
-- the county centre C5 handles it.  tb_clerk_c5 is posted to C5, tb_clerk_k5
-- to the kiosk in C5, tb_clerk5 is posted nowhere (the region's clerk).
CREATE ROLE tb_clerk_c5 IN ROLE service_affair_clerk;
CREATE ROLE tb_clerk_k5 IN ROLE service_affair_clerk;
CREATE ROLE tb_clerk_v5 IN ROLE service_affair_clerk;
CREATE ROLE tb_reviewer5 IN ROLE service_affair_reviewer;
INSERT INTO staff (login, department) VALUES
  ('tb_clerk_c5', 'TB_M5'), ('tb_clerk_k5', 'TB_M5'), ('tb_clerk_v5', 'TB_M5'), ('tb_reviewer5', 'TB_M5');
INSERT INTO staff_point (login, point) VALUES ('tb_clerk_c5', 'C5'), ('tb_clerk_k5', 'K5'), ('tb_clerk_v5', 'V5');
CREATE FUNCTION pg_temp.rcv(r name, c bigint, at text DEFAULT '2026-11-19 09:00+08') RETURNS text LANGUAGE sql AS
$$ SELECT pg_temp.state_as(r, format('SELECT receive_originals(%s, %L)', c, at)) $$;

SELECT pg_temp.sub('tb_clerk_t5', 'tb_res5', '330225199001010012', 'window', 'T5') AS s1 \gset
SELECT is((SELECT count(*) FROM case_leg WHERE case_id = :s1 AND leg = 'forward' AND done_at IS NULL), 1::bigint,
  'fixture: a case received at the town centre T5 is forwarded to the county centre');
SELECT is(pg_temp.rcv('tb_clerk_t5', :s1), '42501',
  'the clerk of the sending point (posted to T5) may not record the originals as received at the handling office');
SELECT is(pg_temp.detail_as('tb_clerk_t5', format('SELECT receive_originals(%s, ''2026-11-19 09:00+08'')', :s1)),
  format('Role tb_clerk_t5 may not record the originals of case %s, if there is one: the reviewers of its handling department and the clerks of its competent region at the handling office (not those who sent them) do.', :s1),
  '... the detail names who does');
SELECT is(pg_temp.rcv('tb_clerk_v5', :s1), '42501',
  '... nor a clerk of another point of the region (a village point, which forwards its own cases too)');
SELECT is((SELECT done_at FROM case_leg WHERE case_id = :s1 AND leg = 'forward'), NULL,
  '... and the leg stays open');
-- a clerk posted nowhere who accepted the case at the point sent the originals
SELECT pg_temp.sub('tb_clerk5', 'tb_res5', '330225199001010012', 'window', 'T5') AS s2 \gset
SELECT is(pg_temp.rcv('tb_clerk5', :s2), '42501',
  'a clerk posted nowhere who accepted the case at T5 (the actor of forwarded) may not record their arrival either');
SELECT is(pg_temp.rcv('tb_clerk5', :s1), '00000',
  'a clerk of the region posted nowhere who did not send them records them');
SELECT is(pg_temp.rcv('tb_clerk_c5', :s2), '00000',
  'a clerk posted to the county centre (the handling office) records them');
SELECT pg_temp.sub('tb_clerk_t5', 'tb_res5', '330225199001010012', 'window', 'T5') AS s3 \gset
SELECT is(pg_temp.rcv('tb_clerk_k5', :s3), '00000',
  'a clerk posted to the kiosk inside the county centre records them');
SELECT pg_temp.sub('tb_clerk_t5', 'tb_res5', '330225199001010012', 'window', 'T5') AS s4 \gset
SELECT is(pg_temp.rcv('tb_reviewer5', :s4), '00000',
  'a reviewer of the handling department records them');
SELECT is((SELECT done_by FROM case_leg WHERE case_id = :s4 AND leg = 'forward'), 'tb_reviewer5'::name,
  '... the leg names who closed it');
-- Ninghai handles a case received at T5: Xiangshan's clerks are the sending side
SELECT pg_temp.sub('tb_clerk_t5', 'tb_biz5', '91350100M000100Y43', 'window', 'T5') AS s5 \gset
SELECT is(pg_temp.rcv('tb_clerk5', :s5), '42501', 'a case handled in Ninghai: a Xiangshan clerk may not');
SELECT is(pg_temp.rcv('tb_clerk6', :s5), '00000', '... a Ninghai clerk posted nowhere records them');

-- ---- 2. agents act at every point under theirs ---------------------------------------------
-- a community point under T5 and a village point (and a kiosk) under it
INSERT INTO service_point (code, name, level, region, town_code, parent) VALUES
  ('SQ5', '丹东社区服务站', 'village', '330225', '330225001002', 'T5'),
  ('SQ5V', '丹东社区下属村代办点', 'village', '330225', '330225001203', 'SQ5'),
  ('SQ5K', '社区自助机', 'kiosk', '330225', '330225001002', 'SQ5');
SELECT is(pg_temp.state_as('tb_clerk5', $$SELECT submit('tb_res5', '330225199001010012', '{form}', 'window', '{}', '2026-11-18 10:00+08', NULL, 'SQ5', '330225197003030034')$$),
  '00000', 'the town''s agent acts at a point directly under the town centre');
SELECT is(pg_temp.state_as('tb_clerk5', $$SELECT submit('tb_res5', '330225199001010012', '{form}', 'window', '{}', '2026-11-18 10:00+08', NULL, 'SQ5V', '330225197003030034')$$),
  '00000', '... and at a village point under a community point under it (two levels down)');
SELECT is(pg_temp.state_as('tb_clerk5', $$SELECT submit('tb_res5', '330225199001010012', '{form}', 'kiosk', '{}', '2026-11-18 10:00+08', NULL, 'SQ5K', '330225197003030034')$$),
  '00000', '... and at a kiosk there');
SELECT is(pg_temp.state_as('tb_clerk5', $$SELECT submit('tb_res5', '330225199001010012', '{form}', 'window', '{}', '2026-11-18 10:00+08', NULL, 'B5', '330225197003030034')$$),
  '22023', '... not at a point outside its subtree (the bank branch)');
-- an agent of the community point does not act at the town centre above it
INSERT INTO agent (resident_id, name, kind, region, point) VALUES ('330225198001010018', '社区代办员', 'proxy', '330225', 'SQ5');
SELECT is(pg_temp.state_as('tb_clerk5', $$SELECT submit('tb_res5', '330225199001010012', '{form}', 'window', '{}', '2026-11-18 10:00+08', NULL, 'T5', '330225198001010018')$$),
  '22023', 'an agent of the community point does not act at the town centre above it');
-- a cycle of parents (a mistake of the administrators) ends the walk
UPDATE service_point SET parent = 'SQ5V' WHERE code = 'SQ5';
SELECT is(pg_temp.state_as('tb_clerk5', $$SELECT submit('tb_res5', '330225199001010012', '{form}', 'window', '{}', '2026-11-18 10:00+08', NULL, 'SQ5V', '330225197003030034')$$),
  '22023', 'a cycle of parents: the walk ends (the town''s agent no longer reaches it)');
UPDATE service_point SET parent = 'T5' WHERE code = 'SQ5';

-- ---- 3. no forward leg where nobody sends originals ---------------------------------------
UPDATE item SET online = true WHERE code = 'tb_res5';
SELECT pg_temp.sub('tb_clerk5', 'tb_res5', '330225199001010012', 'kiosk', 'KF5') AS k1 \gset
SELECT pg_temp.sub('tb_clerk5', 'tb_res5', '330225199001010012', 'online', 'T5') AS k2 \gset
SELECT pg_temp.sub('tb_clerk5', 'tb_res5', '330225199001010012', 'kiosk', 'KT5') AS k3 \gset
SELECT is((SELECT array_agg(c.id ORDER BY c.id) FROM cases c WHERE c.id IN (:k1, :k2, :k3)
            AND EXISTS (SELECT FROM case_leg l WHERE l.case_id = c.id AND l.leg = 'forward')),
          ARRAY[:k3]::bigint[],
  'a free-standing kiosk and an online submission naming a town centre open no forward leg; a kiosk in the town centre does');
SELECT is((SELECT count(*) FROM case_event WHERE case_id IN (:k1, :k2) AND kind = 'forwarded'), 0::bigint,
  '... nor a forwarded event');
SELECT is(pg_temp.detail_as('tb_clerk5', format('SELECT receive_originals(%s, ''2026-11-19 09:00+08'')', :k1)),
  format('Case %s was received at point KF5 through channel kiosk: no originals are sent from there (a free-standing kiosk, or a submission online or by app).', :k1),
  'receive_originals() of the kiosk''s case: 55000 saying no originals are sent from there');
SELECT complete_task((SELECT id FROM task WHERE case_id = :k1), 'approved', '2026-11-19 10:00+08');
SET LOCAL service_affair.as_of = '2026-11-30 10:00+08';
SELECT is((SELECT ROW(forward_due, forward_state, return_due)::text FROM case_sla WHERE case_id = :k1),
          ROW(NULL::date, NULL::text, NULL::date)::text,
  'case_sla: no forwarding to be overdue and no delivery back to a kiosk');

SELECT * FROM finish();
ROLLBACK;
