-- The credit record and the inspection draw: a broken commitment grades a
-- target up in the next draw, a fail is a credit event, a clean record
-- lowers the grade, and earlier draws still verify after grades change.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(19);
\ir credit_fixture.inc
INSERT INTO department (code, name) VALUES ('KI', 'Credit test inspectors');
INSERT INTO inspector (id, name, department) SELECT 'ki-' || i, 'inspector ' || i, 'KI' FROM generate_series(1, 4) i;
-- the org applicant is also a target, graded B by hand; a second target A
INSERT INTO target (uscc, name, region, industry, risk) VALUES
  ('91110000600037341L', 'Credit Org', '330225', 'I1', 'B'),
  ('91350100M000100Y43', 'Other Org', '330225', 'I1', 'A');
\ir uscc17.inc
INSERT INTO target (uscc, name, region, industry, risk) VALUES (pg_temp.uscc17('91330225000000001'), 'Clean Org', '330225', 'I1', 'C');
CREATE TEMP TABLE tg AS SELECT
  (SELECT id FROM target WHERE name = 'Clean Org') AS clean,
  (SELECT id FROM target WHERE name = 'Credit Org') AS org,
  (SELECT id FROM target WHERE name = 'Other Org') AS other;

SELECT is((SELECT credit_risk FROM target WHERE id = (SELECT org FROM tg)), NULL, 'no history: no derived grade, the hand-set one applies');
SELECT create_plan('all before', ARRAY['KI'], ARRAY[1,1,1,1]::numeric[], sha256('s1')) AS p1 \gset
SELECT draw(:p1, 's1') AS d1 \gset
SELECT is((SELECT risk FROM draw_selection WHERE draw_id = :d1 AND target = (SELECT org FROM tg)), 'B', 'first draw: grade B');

-- the broken commitment
SELECT submit('k_fast', o, ARRAY['form'], 'window', ARRAY['cond'], '2026-10-09 10:00+08') AS f1 FROM kf \gset
SELECT record_check((SELECT id FROM commitment_check WHERE case_id = :f1), 'broken', 'conditions not met', '2026-10-21 10:00+08');
SELECT is((SELECT credit_risk FROM target WHERE id = (SELECT org FROM tg)), 'C', 'the event grades the target up at once');
SELECT is((SELECT draw_grade FROM credit_profile WHERE subject = '91110000600037341L'), 'C', 'credit_profile shows the grade of the next draw');
SELECT create_plan('all after', ARRAY['KI'], ARRAY[1,1,1,1]::numeric[], sha256('s2')) AS p2 \gset
SELECT draw(:p2, 's2') AS d2 \gset
SELECT is((SELECT risk FROM draw_selection WHERE draw_id = :d2 AND target = (SELECT org FROM tg)), 'C', 'the next draw uses grade C');
SELECT is((SELECT candidates FROM draw WHERE id = :d2), ARRAY[1,0,2,0]::bigint[], 'candidates per grade: the other A, the org and the clean one C');
SELECT ok(verify_draw(:d1), 'the earlier draw still verifies');
SELECT ok(verify_draw(:d2), 'the new draw verifies');

-- an inspection fail is a credit event
SELECT record_result(:d2, (SELECT other FROM tg), 'fail', 'unlicensed storage', '2026-11-02 10:00+08');
SELECT is((SELECT row(kind, severity, source)::text FROM credit_event WHERE subject = '91350100M000100Y43'),
          row('inspection_fail', 'serious', 'draw:' || :d2 || '/target:' || (SELECT other FROM tg))::text, 'a fail records a serious event');
SELECT is((SELECT credit_risk FROM target WHERE id = (SELECT other FROM tg)), 'C', 'hand-set A, one serious event: C');
-- a repair and a pass: a clean record lowers the grade one step
SELECT repair_credit_event((SELECT id FROM credit_event WHERE subject = '91110000600037341L' AND kind = 'commitment_broken'), 'rectified', '2026-11-03 10:00+08');
SELECT is((SELECT credit_risk FROM target WHERE id = (SELECT org FROM tg)), 'B', 'repaired: back to the hand-set grade (B while recent)');
SELECT record_result(:d2, (SELECT org FROM tg), 'pass', 'all in order', '2026-11-04 10:00+08');
SELECT is((SELECT credit_risk FROM target WHERE id = (SELECT org FROM tg)), 'B', 'a pass with a recent event earns no bonus');
SELECT record_result(:d1, (SELECT clean FROM tg), 'pass', 'all in order', '2026-10-04 10:00+08');
SELECT is((SELECT credit_risk FROM target WHERE id = (SELECT clean FROM tg)), 'C', 'one pass is not yet a clean record (credit.clean_merits 2)');
SELECT record_result(:d2, (SELECT clean FROM tg), 'pass', 'all in order', '2026-11-04 10:00+08');
SELECT is((SELECT credit_risk FROM target WHERE id = (SELECT clean FROM tg)), 'B', 'a clean record (two passes, no event) lowers the grade one step');
SET LOCAL service_affair.as_of = '2029-11-05 12:00+08';
SELECT is(credit_refresh_targets(now()), 2, 'the sweep''s refresh changes what time changed (two targets)');
SELECT is((SELECT credit_risk FROM target WHERE id = (SELECT other FROM tg)), 'A', 'the fail expired: back to the hand-set A');
-- credit.clean_merits 0: a credit grade A is a clean record without any
-- merit (the org: its fact expired, its pass out of the clean window)
SELECT is((SELECT credit_risk FROM target WHERE id = (SELECT org FROM tg)), 'B', 'the org, grade A and no merit in the window: its hand-set B (credit.clean_merits 2)');
INSERT INTO setting (name, value) VALUES ('credit.clean_merits', '0');
SELECT is(credit_refresh_targets(now()), 1, 'credit.clean_merits 0: the refresh changes the org');
SELECT is((SELECT credit_risk FROM target WHERE id = (SELECT org FROM tg)), 'A', '... which earns the clean bonus with no merit: B improved one step to A');
SELECT * FROM finish();
ROLLBACK;
