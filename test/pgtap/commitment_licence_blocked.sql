-- A commitment-mode item whose stage relies on a licence an earlier stage of
-- the bundle was to issue (a produced material, block_unlicensed_stage()):
-- the check opened at the acceptance for its approval on commitment, driven
-- through every way its stage and case end.  A hostile review of
-- 2026-12-06: the stage blocked (no valid licence when it opens) and the
-- case concluded by routing (the blocked stage its last) left the check
-- open and on_commitment, covering an approval on commitment never made
-- nor to come: it went overdue, and broken recorded a serious credit fact
-- for a commitment nobody relied on.  Blocked with a later stage opening,
-- the same check was waived by the catalog's rule, in the words of an item
-- made standard.  The blocking now withdraws it (commitment_withdraw_approval(),
-- cause blocked), whatever routing does next.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(28);
\ir credit_fixture.inc
INSERT INTO evidence_type (code, name, holder_kind, source_department, validity_days, identity, number_format) VALUES
  ('kc_lic', 'Licence of stage 1', 'any', 'KA', 365, false, '{type}-{seq}');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit) VALUES
  ('kc_reg', 'Issues the licence', 'KA', 'promised', 20, 5);
UPDATE item SET output_evidence_type = 'kc_lic' WHERE code = 'kc_reg';
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, approval_mode, check_department, check_days) VALUES
  ('kc_fast', 'On commitment, relies on the licence', 'KA', 'promised', 20, 5, 'commitment', 'KB', 10);
INSERT INTO material (item, code, name, required, tolerable, commitment_allowed, evidence_type) VALUES
  ('kc_reg', 'form', 'Application form', true, false, false, NULL),
  ('kc_fast', 'form', 'Application form', true, false, false, NULL),
  ('kc_fast', 'lic', 'Licence of stage 1', true, false, false, 'kc_lic'),
  ('kc_fast', 'kcond', 'Conditions met', true, false, true, NULL);
INSERT INTO bundle (code, name, lead_department) VALUES ('kc_two', 'Licence, then on commitment', 'KA');
INSERT INTO bundle_item (bundle, item, stage) VALUES ('kc_two', 'kc_reg', 1), ('kc_two', 'kc_fast', 2);
INSERT INTO bundle (code, name, lead_department) VALUES ('kc_side', 'Licence, then on commitment beside a standard item', 'KA');
INSERT INTO bundle_item (bundle, item, stage) VALUES ('kc_side', 'kc_reg', 1), ('kc_side', 'kc_fast', 2), ('kc_side', 'k_std', 2);
INSERT INTO applicant (kind, resident_id, name) VALUES
  ('person', '330225199001010012', 'Blocked 1'), ('person', '330225198001010018', 'Blocked 2'),
  ('person', '330225197003030034', 'Blocked 3'), ('person', '330226196006060046', 'Blocked 4'),
  ('person', '330106200002290045', 'Blocked 5');
CREATE TEMP TABLE kp AS SELECT name, id FROM applicant WHERE name LIKE 'Blocked %' ORDER BY name;
CREATE FUNCTION pg_temp.app(n int) RETURNS bigint LANGUAGE sql AS $$ SELECT id FROM kp ORDER BY name OFFSET n - 1 LIMIT 1 $$;

-- 1. the licence check passes: stage 1 approved issues it, stage 2 is approved on commitment, the check is kept
SELECT submit('kc_two', p, ARRAY['form', 'kcond'], 'window', '{}', '2026-10-09 10:00+08') AS c1 FROM kf \gset
SELECT id AS k1 FROM commitment_check WHERE case_id = :c1 \gset
SELECT is((SELECT row(on_commitment, items, materials, status)::text FROM commitment_check WHERE id = :k1),
          row(true, ARRAY['kc_fast'], '{}'::text[], 'open')::text, 'the check covers the stage-2 approval on commitment');
SELECT complete_task((SELECT id FROM task WHERE case_id = :c1 AND item = 'kc_reg'), 'approved', '2026-10-12 10:00+08');
SELECT is((SELECT row(status, decision)::text FROM task WHERE case_id = :c1 AND item = 'kc_fast'), row('done', 'approved')::text,
          'licence valid: stage 2 opens and is approved on commitment');
SELECT is((SELECT row(status, decision)::text FROM cases WHERE id = :c1), row('concluded', 'approved')::text, 'the case concludes approved');
SELECT is((SELECT row(on_commitment, status)::text FROM commitment_check WHERE id = :k1), row(true, 'open')::text,
          'its check stays open, on_commitment');
SELECT lives_ok(format($$SELECT record_check(%s, 'kept', NULL, '2026-10-13 10:00+08')$$, :k1), 'and is recorded kept');

-- 2. the licence check fails (stage 1 denied), the blocked stage the last: routing concludes the case
SELECT submit('kc_two', pg_temp.app(1), ARRAY['form', 'kcond'], 'window', '{}', '2026-10-09 10:00+08') AS c2 \gset
SELECT id AS k2 FROM commitment_check WHERE case_id = :c2 \gset
SELECT complete_task((SELECT id FROM task WHERE case_id = :c2 AND item = 'kc_reg'), 'denied', '2026-10-12 10:00+08');
SELECT is((SELECT row(status, finished_at)::text FROM task WHERE case_id = :c2 AND item = 'kc_fast'),
          row('blocked', '2026-10-12 10:00+08'::timestamptz)::text, 'no licence: stage 2 is blocked');
SELECT is((SELECT row(status, decision)::text FROM cases WHERE id = :c2), row('concluded', 'denied')::text,
          'routing concludes the case denied');
SELECT is((SELECT row(status, checked_at, checked_by)::text FROM commitment_check WHERE id = :k2),
          row('waived', '2026-10-12 10:00+08'::timestamptz, NULL::text)::text,
          'the check, covering no approval on commitment made nor to come, is waived when the stage was blocked');
SELECT matches((SELECT findings FROM commitment_check WHERE id = :k2), 'blocked', 'its findings say the stage was blocked');
SELECT is((SELECT count(*)::int FROM case_event WHERE case_id = :c2 AND kind = 'check_waived' AND (detail->>'check_id')::bigint = :k2), 1,
          'with a check_waived event');

-- 3. blocked with a committed material: the check stays open for the material, no longer on_commitment
SELECT submit('kc_two', pg_temp.app(2), ARRAY['form'], 'window', ARRAY['kcond'], '2026-10-09 10:00+08') AS c3 \gset
SELECT id AS k3 FROM commitment_check WHERE case_id = :c3 \gset
SELECT is((SELECT row(on_commitment, materials)::text FROM commitment_check WHERE id = :k3), row(true, ARRAY['kcond'])::text,
          'a check of a committed material and of the approval');
SELECT complete_task((SELECT id FROM task WHERE case_id = :c3 AND item = 'kc_reg'), 'denied', '2026-10-12 10:00+08');
SELECT is((SELECT row(on_commitment, status)::text FROM commitment_check WHERE id = :k3), row(false, 'open')::text,
          'blocked and concluded: open for its committed material, no longer on_commitment');

-- 4. blocked beside a standard item of the same stage: routing opens the stage
SELECT submit('kc_side', pg_temp.app(3), ARRAY['form', 'kcond', 'proof', 'later'], 'window', '{}', '2026-10-09 10:00+08') AS c4 \gset
SELECT id AS k4 FROM commitment_check WHERE case_id = :c4 AND on_commitment \gset
SELECT complete_task((SELECT id FROM task WHERE case_id = :c4 AND item = 'kc_reg'), 'denied', '2026-10-12 10:00+08');
SELECT is((SELECT row(t1.status, t2.status)::text FROM task t1, task t2
            WHERE t1.case_id = :c4 AND t1.item = 'kc_fast' AND t2.case_id = :c4 AND t2.item = 'k_std'),
          row('blocked', 'open')::text, 'stage 2: the commitment item blocked, the standard one open');
SELECT is((SELECT row(status, checked_at)::text FROM commitment_check WHERE id = :k4),
          row('waived', '2026-10-12 10:00+08'::timestamptz)::text, 'the check is waived when the stage was blocked');
SELECT matches((SELECT findings FROM commitment_check WHERE id = :k4), 'blocked',
               'in the words of the blocked stage, not of an item made standard');

-- 5. withdrawn before stage 2 opens: the approval on commitment is never
-- made, the check is waived at the withdrawal (until 2026-12-06 it stayed
-- open and on_commitment: the sweep flagged it, broken was accepted and
-- recorded a serious fact); with a committed material it stays open for
-- that, no longer on_commitment
SELECT submit('kc_two', pg_temp.app(4), ARRAY['form', 'kcond'], 'window', '{}', '2026-10-09 10:00+08') AS c5 \gset
SELECT id AS k5 FROM commitment_check WHERE case_id = :c5 \gset
SELECT withdraw(:c5, '2026-10-10 10:00+08');
SELECT is((SELECT row(c.status, k.status, k.on_commitment, k.checked_at, k.checked_by)::text FROM cases c JOIN commitment_check k ON k.case_id = c.id WHERE k.id = :k5),
          row('withdrawn', 'waived', true, '2026-10-10 10:00+08'::timestamptz, NULL::text)::text, 'withdrawn before its stage: the check is waived at the withdrawal');
SELECT is((SELECT row(e.at, e.detail->>'check_id', e.detail->>'findings' ~ 'withdrawn before its stage opened')::text FROM case_event e
            WHERE e.case_id = :c5 AND e.kind = 'check_waived'),
          row('2026-10-10 10:00+08'::timestamptz, :k5::text, true)::text, 'a check_waived step says why');
SELECT throws_ok(format($$SELECT record_check(%s, 'broken', 'conditions not met', '2026-10-12 10:00+08')$$, :k5), '55000',
                 format('check %s is closed', :k5), 'broken on it is refused: no approval on commitment was made');
SELECT submit('kc_two', pg_temp.app(4), ARRAY['form'], 'window', ARRAY['kcond'], '2026-10-09 11:00+08') AS c5b \gset
SELECT withdraw(:c5b, '2026-10-10 11:00+08');
SELECT is((SELECT row(k.status, k.on_commitment, k.materials)::text FROM commitment_check k WHERE k.case_id = :c5b),
          row('open', false, ARRAY['kcond'])::text, 'with a committed material: open for it, no longer on commitment');

-- 6. broken on commitment after the approval: the case is revoked, the check broken
SELECT submit('kc_two', pg_temp.app(5), ARRAY['form', 'kcond'], 'window', '{}', '2026-10-09 10:00+08') AS c6 \gset
SELECT id AS k6 FROM commitment_check WHERE case_id = :c6 \gset
SELECT complete_task((SELECT id FROM task WHERE case_id = :c6 AND item = 'kc_reg'), 'approved', '2026-10-12 10:00+08');
SELECT lives_ok(format($$SELECT record_check(%s, 'broken', 'conditions not met', '2026-10-14 10:00+08')$$, :k6), 'broken');
SELECT is((SELECT row(c.status, k.status, k.credit_event IS NOT NULL)::text FROM cases c JOIN commitment_check k ON k.case_id = c.id WHERE k.id = :k6),
          row('revoked', 'broken', true)::text, 'the case is revoked, the check broken under a fact');
SELECT is((SELECT status FROM licence WHERE case_id = :c6), 'revoked', 'with the licence stage 1 issued');

-- 7. the sweep long after the dues: it flags the open check of committed
-- materials of the withdrawn case, not the check of the blocked stage nor
-- the withdrawn case's waived one; broken is refused on the blocked
-- stage's, and no credit fact was recorded but the broken check's of 6
SELECT ok(commitment_sla_sweep('2026-11-20 12:00+08') >= 1, 'a sweep long after the dues');
SELECT is((SELECT row(status, sla_state)::text FROM commitment_check WHERE case_id = :c5b), row('open', 'overdue')::text,
          'it flags the open check of the committed material');
SELECT is((SELECT sla_state FROM commitment_check WHERE id = :k5), NULL, 'not the waived check of the withdrawn case');
SELECT is((SELECT sla_state FROM commitment_check WHERE id = :k2), NULL, 'not the check of the blocked stage');
SELECT throws_ok(format($$SELECT record_check(%s, 'broken', 'conditions not met', '2026-11-21 10:00+08')$$, :k2), '55000',
                 format('check %s is closed', :k2), 'broken on it is refused: no approval on commitment was made');
SELECT is((SELECT array_agg(source ORDER BY id) FROM credit_event), ARRAY['check:' || :k6],
          'the one credit fact is the broken check''s of 6');
SELECT * FROM finish();
ROLLBACK;
