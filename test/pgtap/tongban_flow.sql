-- 通办 (issue 13): visits by place, competence resolution, the legs of
-- 代收代办 in case_sla, agents, and the refusals.
BEGIN;
SET search_path = service_affair, public;
\ir tongban_fixture.inc
SELECT plan(79);

-- ---- visits by place (item 5) -------------------------------------------------------
SELECT pg_temp.sub('tb_clerk5', 'tb_res5', '330225199001010012', 'window', 'C5') AS v_c5 \gset
SELECT pg_temp.sub('tb_clerk5', 'tb_res5', '330225199001010012', 'window', 'T5') AS v_t5 \gset
SELECT pg_temp.sub('tb_clerk5', 'tb_res5', '330225199001010012', 'window', 'V5') AS v_v5 \gset
SELECT pg_temp.sub('tb_clerk5', 'tb_res5', '330225199001010012', 'window', 'B5') AS v_b5 \gset
SELECT pg_temp.sub('tb_clerk5', 'tb_res5', '330225199001010012', 'kiosk', 'K5') AS v_k5 \gset
SELECT pg_temp.sub('tb_clerk5', 'tb_res5', '330225199001010012', 'kiosk', 'KT5') AS v_kt5 \gset
SELECT pg_temp.sub('tb_clerk5', 'tb_res5', '330225199001010012', 'kiosk', 'KF5') AS v_kf5 \gset
SELECT pg_temp.sub('tb_clerk5', 'tb_res5', '330225199001010012', 'window', 'M5') AS v_m5 \gset
SELECT pg_temp.sub('tb_clerk5', 'tb_res5', '330225199001010012', 'door', 'T5') AS v_door \gset
SELECT pg_temp.sub('tb_clerk5', 'tb_res5', '330225199001010012', 'kiosk', NULL) AS v_kn \gset
SELECT pg_temp.sub('tb_clerk5', 'tb_res5', '330225199001010012', 'window', 'V5', '330225197003030034') AS v_ag \gset
SELECT is((SELECT visits FROM cases WHERE id = :v_c5), 1, 'a window at the county centre is a visit');
SELECT is((SELECT visits FROM cases WHERE id = :v_t5), 1, 'a town centre window is a visit');
SELECT is((SELECT visits FROM cases WHERE id = :v_v5), 1, 'a village point is a visit');
SELECT is((SELECT visits FROM cases WHERE id = :v_b5), 1, 'a bank branch is a visit');
SELECT is((SELECT visits FROM cases WHERE id = :v_k5), 1, 'a kiosk inside the county centre is a visit (0.1 counted 0)');
SELECT is((SELECT visits FROM cases WHERE id = :v_kt5), 1, 'a kiosk inside a town centre is a visit');
SELECT is((SELECT visits FROM cases WHERE id = :v_kf5), 0, 'a free-standing kiosk is no visit');
SELECT is((SELECT visits FROM cases WHERE id = :v_m5), 0, 'a mobile service point is no visit');
SELECT is((SELECT visits FROM cases WHERE id = :v_door), 0, 'door-to-door service is no visit');
SELECT is((SELECT visits FROM cases WHERE id = :v_kn), 0, 'a kiosk at no named point: 0, as in 0.1');
SELECT is((SELECT visits FROM cases WHERE id = :v_ag), 0, 'an agent''s trip is not the applicant''s visit');
SELECT is((SELECT agent FROM cases WHERE id = :v_ag), (SELECT id FROM agent WHERE resident_id = '330225197003030034'),
  'the case records its agent');
SELECT is((SELECT array_agg(case_id ORDER BY case_id) FROM tongban_cases WHERE nearby AND case_id IN (:v_c5, :v_t5, :v_v5, :v_b5, :v_k5, :v_kt5, :v_kf5, :v_m5)),
          ARRAY[:v_t5, :v_v5, :v_b5, :v_kt5]::bigint[], 'town, village, bank and a kiosk in a town centre are 就近办; the county centre is not');
SELECT is((SELECT count(*) FROM case_leg WHERE case_id = :v_c5), 0::bigint, 'the county centre of the competent region forwards nothing');
SELECT is((SELECT count(*) FROM case_leg WHERE case_id = :v_k5), 0::bigint, '... nor a kiosk standing in it');
SELECT is((SELECT count(*) FROM case_leg WHERE case_id = :v_t5 AND leg = 'forward'), 1::bigint, 'a town centre forwards the originals');

-- ---- competence (item 2) --------------------------------------------------------------
-- the company is registered in Ninghai: its business change, received in Xiangshan, is Ninghai's
SELECT pg_temp.sub('tb_clerk5', 'tb_biz5', '91350100M000100Y43', 'window', 'C5') AS cx \gset
SELECT is((SELECT ROW(service, item, department, handling_department, region, competent_region, competence_rule, receiving_point)::text FROM cases WHERE id = :cx),
          ROW('tb_biz6', 'tb_biz6', 'TB_M6', 'TB_M6', '330225', '330226', 'company', 'C5')::text,
  'company rule: the implementation of the company''s region handles it; the case was received in Xiangshan');
SELECT is((SELECT department FROM task WHERE case_id = :cx), 'TB_M6', 'the task goes to the competent department');
SELECT is((SELECT ROW(point, due)::text FROM case_leg WHERE case_id = :cx AND leg = 'forward'),
          ROW('C5', add_workdays('2026-11-18', 2))::text, 'originals forwarded from C5, due in 2 working days');
SELECT is((SELECT detail->>'due' FROM case_event WHERE case_id = :cx AND kind = 'forwarded'), add_workdays('2026-11-18', 2)::text,
  'the forwarding is an event with its due date');
SET LOCAL service_affair.as_of = '2026-11-19 10:00+08';
SELECT is((SELECT ROW(forward_due, forward_state, return_due)::text FROM case_sla WHERE case_id = :cx),
          ROW(add_workdays('2026-11-18', 2), 'warning', NULL::date)::text, 'case_sla shows the forwarding leg');
SET LOCAL service_affair.as_of = '2026-11-25 10:00+08';
SELECT is((SELECT forward_state FROM case_sla WHERE case_id = :cx), 'overdue', '... overdue once its due date passed');
SELECT pg_temp.sub('tb_clerk5', 'tb_res5', '330225199001010012', 'window', NULL) AS cr \gset
SELECT is((SELECT ROW(item, competent_region, competence_rule)::text FROM cases WHERE id = :cr),
          ROW('tb_res5', '330225', 'residence')::text, 'residence rule: the applicant''s registered region');
SELECT pg_temp.sub('tb_clerk6', 'tb_prop5', '11010519491231002X', 'window', 'C6', NULL, '330225') AS cp \gset
SELECT is((SELECT ROW(item, competent_region, competence_rule, region)::text FROM cases WHERE id = :cp),
          ROW('tb_prop5', '330225', 'property', '330226')::text, 'property rule: where the property lies (province scope, received in Ninghai)');
SELECT pg_temp.sub('tb_clerk5', 'tb_local5', '330225199001010012', 'window', 'C5') AS cl \gset
SELECT is((SELECT ROW(item, competent_region, competence_rule)::text FROM cases WHERE id = :cl),
          ROW('tb_local5', '330225', NULL)::text, 'an item without basic code: its own department, no rule');
SELECT submit('tb_local5', :p5, '{form}', 'window', '{}', '2026-11-18 10:00+08') AS cadm \gset
SELECT is((SELECT ROW(handling_department, competent_region, competence_rule)::text FROM cases WHERE id = :cadm),
          ROW('TB_M5', '330225', NULL)::text, 'the administrators'' submit by applicant id records the department''s region');

-- ---- refusals ----------------------------------------------------------------------------
SELECT is(pg_temp.state_as('tb_clerk5', $$SELECT submit('tb_res5', '11010519491231002X', '{form}', 'window', point => 'T5')$$), '22023',
  'a county-scope item of Ninghai at a Xiangshan point: 22023');
SELECT matches(pg_temp.detail_as('tb_clerk5', $$SELECT submit('tb_res5', '11010519491231002X', '{form}', 'window', point => 'T5')$$),
  'scope county', '... the detail names the allowed scope');
SELECT is(pg_temp.state_as('tb_clerk5', $$SELECT submit('tb_local5', '330225199001010012', '{form}', 'window', point => 'T5')$$), '22023',
  'an item accepted at county points only, at a town point: 22023');
SELECT matches(pg_temp.detail_as('tb_clerk5', $$SELECT submit('tb_local5', '330225199001010012', '{form}', 'window', point => 'T5')$$),
  'accepted at county points', '... naming the allowed levels');
SELECT is(pg_temp.state_as('tb_clerk5', $$SELECT submit('tb_nat5', '330226198505050028', '{form}', 'window', point => 'C5')$$), '23503',
  'no competent office in the applicant''s region (Jiangsu): 23503');
SELECT matches(pg_temp.detail_as('tb_clerk5', $$SELECT submit('tb_nat5', '330226198505050028', '{form}', 'window', point => 'C5')$$),
  'region 320102', '... naming the region');
SELECT is(pg_temp.state_as('tb_clerk5', $$SELECT submit('tb_prop5', '330225199001010012', '{form}', 'window', point => 'C5')$$), '22023',
  'a property item without location_region: 22023');
SELECT is(pg_temp.state_as('tb_clerk5', $$SELECT submit('tb_res5', '330225199001010012', '{form}', 'window', point => 'NOPE')$$), '23503',
  'an unknown point: 23503');
SELECT is(pg_temp.state_as('tb_clerk5', $$SELECT submit('tb_res5', '330225199001010012', '{form}', 'window', region => '330226', point => 'C5')$$), '22023',
  'a region that contradicts the point: 22023');
SELECT is(pg_temp.state_as('tb_clerk_t5', $$SELECT submit('tb_res5', '330225199001010012', '{form}', 'window', point => 'C5')$$), '42501',
  'a clerk posted to a town centre does not receive at the county centre');
SELECT is(pg_temp.state_as('tb_clerk_t5', $$SELECT submit('tb_res5', '330225199001010012', '{form}', 'window', point => 'T5')$$), '00000',
  '... but at its own point');
SELECT is(pg_temp.state_as('tb_clerk6', $$SELECT submit('tb_res5', '330225199001010012', '{form}', 'window', point => 'C5')$$), '42501',
  'a clerk of another region does not receive at a Xiangshan point');
SELECT is(pg_temp.state_as('tb_clerk6', $$SELECT submit('tb_nat5', '330226198505050028', '{form}', 'window', point => 'C5')$$), '42501',
  '... 42501 before anything is resolved (not the 23503 that would name the applicant''s region)');
SELECT is(pg_temp.state_as('tb_clerk5', $$SELECT submit('tb_res5', '330225199001010012', '{form}', 'window', point => 'T5', agent => '330225199001010012')$$), '22023',
  'an unknown agent: 22023 to a clerk, as an agent of elsewhere (23503 until 2026-12-08: detail_privacy.sql)');
SELECT is(pg_temp.state_as('tb_clerk5', $$SELECT submit('tb_res5', '330225199001010012', '{form}', 'window', point => 'T5', agent => '330226196006060046')$$), '22023',
  'an agent of another region: 22023');
SELECT is(pg_temp.state_as('tb_clerk5', $$SELECT submit('tb_res5', '330225199001010012', '{form}', 'window', point => 'C5', agent => '330225197003030034')$$), '22023',
  'an agent of a town centre acting at the county centre: 22023');
SELECT is(pg_temp.state_as('tb_clerk5', $$SELECT submit('tb_res5', '330225199001010012', '{form}', 'fax', point => 'C5')$$), '22023',
  'an unknown channel is still 22023');

-- ---- the legs (item 3) ---------------------------------------------------------------------
SELECT is(pg_temp.state_as('tb_reviewer0', format('SELECT receive_originals(%s, ''2026-11-19 09:00+08'')', :cx)), '42501',
  'receive_originals(): a reviewer of another department gets 42501');
SELECT is(pg_temp.state_as('tb_reviewer6', format('SELECT receive_originals(%s, ''2026-11-19 09:00+08'')', :cx)), '00000',
  'the handling department receives the originals');
SELECT is(pg_temp.state_as('tb_reviewer6', format('SELECT receive_originals(%s, ''2026-11-19 09:30+08'')', :cx)), '55000',
  '... once');
SELECT is((SELECT forward_state FROM case_sla WHERE case_id = :cx), 'met', 'the forwarding met its due date');
-- a withdrawn case waits for nothing: its originals are not received (until
-- 2026-12-04 they were, after the withdrawal, and counted on time)
SELECT pg_temp.sub('tb_clerk5', 'tb_biz5', '91350100M000100Y43', 'window', 'C5') AS cw \gset
SELECT withdraw(:cw, '2026-11-18 11:00+08');
SELECT is(pg_temp.state_as('tb_reviewer6', format('SELECT receive_originals(%s, ''2026-11-19 09:00+08'')', :cw)), '55000',
  'receive_originals() of a withdrawn case: 55000');
SELECT is((SELECT done_at FROM case_leg WHERE case_id = :cw AND leg = 'forward'), NULL,
  '... and its leg is not marked done');
-- a reviewer of another department learns nothing of a case: its originals
-- received (:cx), withdrawn (:cw) or no such case, the same 42501 and detail
-- before anything is locked (until 2026-12-05 the case was locked first:
-- 23503 for an unknown id, and the detail named the department and region)
SELECT (SELECT max(id) + 1000 FROM cases) AS cu \gset
SELECT is(pg_temp.state_as('tb_reviewer0', format('SELECT receive_originals(%s, ''2026-11-19 09:00+08'')', :cu)), '42501',
  'receive_originals() of an unknown case by a reviewer of another department: 42501');
SELECT is(pg_temp.state_as('tb_reviewer0', format('SELECT receive_originals(%s, ''2026-11-19 09:00+08'')', :cw)), '42501',
  '... of a withdrawn case of another department: 42501 (not 55000)');
SELECT is(replace(pg_temp.detail_as('tb_reviewer0', format('SELECT receive_originals(%s, ''2026-11-19 09:00+08'')', c)), c::text, '#'),
          'Role tb_reviewer0 may not record the originals of case #, if there is one: the reviewers of its handling department and the clerks of its competent region at the handling office (not those who sent them) do.',
          'the detail is the same for ' || l || ': nothing of the case')
  FROM (VALUES (:cx::bigint, 'a case whose originals were received'), (:cw, 'a withdrawn case'), (:cu, 'an unknown case')) v(c, l);
SELECT is(pg_temp.state_as('tb_clerk0', format('SELECT receive_originals(%s, NULL)', :cu)), '42501',
  '... and a clerk of another region with a null time: the right first');
-- submit() by identifier: the competence read the applicant's registered
-- region (Jiangsu, no office there), which the 23503 names: the read is on
-- the server log although the call failed (a review of 2026-12-04)
CREATE TEMP TABLE tb_log AS
SELECT current_setting('data_directory') || '/../server.log' AS path,
       (pg_stat_file(current_setting('data_directory') || '/../server.log', true)).size AS size_before;
SELECT is(pg_temp.state_as('tb_clerk5', $$SELECT submit('tb_res5', '330226198505050028', '{form}', 'window')$$), '23503',
  'a submission for an applicant of a region without an office: 23503');
SELECT CASE WHEN (SELECT size_before FROM tb_log) IS NULL
            THEN skip('the server log is not where tools/cluster.sh puts it', 1)
            ELSE ok(strpos(pg_read_file(l.path, l.size_before, (pg_stat_file(l.path)).size - l.size_before),
                           format('service_affair access: tb_clerk5 (login %s) read applicant %s through submit', session_user, :px)) > 0,
                    '... and its read of the applicant is on the server log') END
  FROM tb_log l;
SELECT complete_task((SELECT id FROM task WHERE case_id = :cx), 'approved', '2026-11-20 10:00+08');
SELECT is((SELECT ROW(return_due, return_state)::text FROM case_sla WHERE case_id = :cx),
          ROW(add_workdays('2026-11-20', 2), 'overdue')::text, 'the conclusion opens the delivery-back leg (overdue as of 11-25)');
SELECT deliver(:cx, 'window', '2026-11-23 10:00+08');
SELECT is((SELECT ROW(return_state, visits)::text FROM case_sla s JOIN cases c ON c.id = s.case_id WHERE case_id = :cx),
          ROW('met', 2)::text, 'delivery at the receiving point closes it; a window delivery at the county centre is a visit');

-- visits after submission: the same rule (supplement, record_visit, deliver)
INSERT INTO material (item, code, name) VALUES ('tb_res5', 'photo', 'Photo');
SELECT pg_temp.sub('tb_clerk5', 'tb_res5', '330225199001010012', 'kiosk', 'KF5') AS r_kf \gset
SELECT pg_temp.sub('tb_clerk5', 'tb_res5', '330225199001010012', 'window', 'V5', '330225197003030034') AS r_ag \gset
SELECT is((SELECT array_agg(status ORDER BY id) FROM cases WHERE id IN (:r_kf, :r_ag)), ARRAY['returned', 'returned'],
  'two returned cases (the photo is missing)');
-- a returned case received at a village point: its originals are not sent
-- yet (until 2026-12-05 the detail said it was not received away)
SELECT is(pg_temp.state_as('tb_clerk5', format('SELECT receive_originals(%s, ''2026-11-18 10:30+08'')', :r_ag)), '55000',
  'receive_originals() of a returned case received at a village point: 55000');
SELECT is(pg_temp.detail_as('tb_clerk5', format('SELECT receive_originals(%s, ''2026-11-18 10:30+08'')', :r_ag)),
  format('Case %s is returned, not accepted: its originals are forwarded from point V5 once it is.', :r_ag),
  '... the detail saying its originals are not sent yet');
-- a window supplement of a case received at a free-standing kiosk is made
-- at an office's window (nobody works at the kiosk): a visit, as
-- record_visit() and deliver() count it (until 2026-12-07 none, asserted
-- here; a review; tongban_kiosk_contacts.sql)
SELECT supplement(:r_kf, '{photo}', '2026-11-18 11:00+08', 'window');
SELECT is((SELECT visits FROM cases WHERE id = :r_kf), 1, 'a window supplement of a case received at a free-standing kiosk: a visit, at an office''s window');
SELECT supplement(:r_ag, '{photo}', '2026-11-18 11:00+08', 'window');
SELECT is((SELECT visits FROM cases WHERE id = :r_ag), 0, 'a supplement brought by the agent: no visit');
SELECT is((SELECT count(*) FROM case_leg WHERE case_id = :r_ag AND leg = 'forward'), 1::bigint,
  'the completing supplement opens the forwarding of a case received at a village point');
SELECT record_visit(:v_m5, '2026-11-18 12:00+08', 'question');
SELECT record_visit(:v_v5, '2026-11-18 12:00+08', 'question');
SELECT is((SELECT array_agg(visits ORDER BY id) FROM cases WHERE id IN (:v_v5, :v_m5)), ARRAY[2, 0],
  'record_visit(): a visit at the village point counts, one to the mobile unit does not');
SELECT complete_task((SELECT id FROM task WHERE case_id = :v_ag), 'approved', '2026-11-19 10:00+08');
SELECT deliver(:v_ag, 'window', '2026-11-19 15:00+08');
SELECT is((SELECT visits FROM cases WHERE id = :v_ag), 0, 'the agent collects the result: still no visit of the applicant');
SELECT complete_task((SELECT id FROM task WHERE case_id = :v_b5), 'approved', '2026-11-19 10:00+08');
SELECT deliver(:v_b5, 'door', '2026-11-19 15:00+08');
SELECT is((SELECT ROW(delivery_method, visits)::text FROM cases WHERE id = :v_b5), ROW('door', 1)::text,
  'delivery to the door adds no visit');

-- the SLA engine sweeps the legs (sla_sweep)
SELECT cmp_ok(sla_sweep('2026-11-25 10:00+08'), '>', 0, 'sla_sweep() flags the legs');
SELECT is((SELECT array_agg(kind ORDER BY id) FROM case_event WHERE case_id = :v_t5 AND kind LIKE 'leg\_%'), ARRAY['leg_overdue'],
  'an open forwarding past its due date: one leg_overdue event');
SELECT is((SELECT sla_state FROM case_leg WHERE case_id = :v_t5 AND leg = 'forward'), 'overdue', '... and the leg remembers it');
SELECT sla_sweep('2026-11-25 11:00+08');
SELECT is((SELECT count(*) FROM case_event WHERE case_id = :v_t5 AND kind LIKE 'leg\_%'), 1::bigint, '... once');
SELECT is((SELECT count(*) FROM case_event WHERE case_id = :cx AND kind LIKE 'leg\_%'), 0::bigint, 'legs already done are not flagged');

-- a department without a region: its cases have no competent region, and
-- receive_originals() let any clerk acknowledge their originals
-- (NOT (false OR NULL = ANY (...)) is NULL, which IF took for a pass)
INSERT INTO department (code, name) VALUES ('TB_NR', 'Department without a region');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, tongban_scope)
VALUES ('tb_nr', 'Item of no region', 'TB_NR', 'promised', 20, 5, 'national');
INSERT INTO material (item, code, name) VALUES ('tb_nr', 'form', 'Form');
SELECT submit('tb_nr', '330225199001010012', '{form}', 'window', '{}', '2026-11-18 10:00+08', point => 'T5') AS v_nr \gset
SELECT is((SELECT count(*) FROM case_leg WHERE case_id = :v_nr AND leg = 'forward' AND done_at IS NULL), 1::bigint,
  'fixture: the case of a department without a region is forwarded from T5');
SELECT is(pg_temp.state_as('tb_clerk0', format('SELECT receive_originals(%s, ''2026-11-19 09:00+08'')', :v_nr)), '42501',
  'receive_originals() of a case without a competent region: 42501 for a clerk of another region, not a pass');

-- case_sla reads the legs from their open partition by its key (case_id,
-- leg): the same rows as the joins through the parent, and a query that
-- uses no leg column (the open-work aggregates) plans no join of case_leg
-- (through the parent, which has no key, both joins probed every case:
-- 1.80x the stored columns at 10^6 cases instead of 1.2-1.3x)
SELECT cmp_ok((SELECT count(*) FROM case_sla s WHERE s.forward_due IS NOT NULL OR s.return_due IS NOT NULL), '>=', 3::bigint,
  'fixture: open cases with legs in case_sla');
SELECT set_eq($$SELECT * FROM case_sla$$,
  $$SELECT c.id, c.due, sla_workdays_left(c.due, c.calendar, c.concluded_at) AS wl,
           sla_state(c.due, c.calendar, c.concluded_at, c.suspended) AS st, sla_provisional(c.due, c.calendar) AS pr,
           f.due AS fd, CASE WHEN f.not_received THEN 'missed' ELSE sla_state(f.due, f.calendar, f.done_at, false) END AS fs,
           r.due AS rd, sla_state(r.due, r.calendar, r.done_at, false) AS rs
      FROM cases c
      LEFT JOIN case_leg f ON f.case_id = c.id AND f.leg = 'forward' AND NOT f.settled
      LEFT JOIN case_leg r ON r.case_id = c.id AND r.leg = 'return' AND NOT r.settled
     WHERE c.status IN ('accepted', 'concluded') AND NOT c.settled$$,
  'case_sla: the same rows as the joins of every unsettled leg through case_leg');
\ir plan_text.inc
SELECT unalike(pg_temp.plan_text($$SELECT count(*), max(case_id), max(due), sum(workdays_left),
                                        count(*) FILTER (WHERE state = 'warning'), count(*) FILTER (WHERE provisional) FROM case_sla$$),
               '%case_leg%', 'case_sla aggregated over its case columns: no join of case_leg in the plan');
SELECT alike(pg_temp.plan_text($$SELECT * FROM case_sla$$), '%"case_leg_active"%',
             '... and SELECT * still reads the legs');

SELECT * FROM finish();
ROLLBACK;
