-- The other checks of a case a broken commitment revoked (a hostile review,
-- 2026-12-05).  A bundle whose committed proof two departments check (KA for
-- k_std, KB for k_other) gets two checks; a broken outcome on one revoked the
-- case, and the other stayed open: it went overdue in the sweep and in
-- commitment_accountability, kept the case from settling, and a second
-- broken outcome on it recorded a second serious fact for the same revoked
-- case.  Now the revocation cancels the other open checks (status
-- cancelled, at the revocation's time, a check_cancelled event), and any
-- outcome on them is 55000 naming the check and the case.  Likewise a broken
-- outcome on a case a tolerance revocation had revoked.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(36);
\ir credit_fixture.inc
INSERT INTO setting (name, value) VALUES ('settle.quiet_days', '0');
SELECT create_roles();
CREATE ROLE kr_insp_b LOGIN IN ROLE service_affair_inspector;
INSERT INTO staff (login, department) VALUES ('kr_insp_b', 'KB');
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '330225199001010012', 'Third Person');
INSERT INTO bundle (code, name, lead_department) VALUES ('k_both', 'Checked by two departments', 'KA');
INSERT INTO bundle_item (bundle, item, stage) VALUES ('k_both', 'k_std', 1), ('k_both', 'k_other', 1);
-- the detail of a refused call
CREATE FUNCTION pg_temp.refusal(call text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE v_state text; v_msg text; v_detail text;
BEGIN
    EXECUTE call;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_msg = MESSAGE_TEXT, v_detail = PG_EXCEPTION_DETAIL;
    RETURN v_state || ' ' || v_msg || ' | ' || v_detail;
END $$;

-- c1: the organisation's bundle, both tasks approved; c2: the person's, 容缺 (later) pending
SELECT submit('k_both', o, ARRAY['form', 'later'], 'window', ARRAY['proof'], '2026-10-09 10:00+08') AS c1 FROM kf \gset
SELECT submit('k_both', p, ARRAY['form'], 'window', ARRAY['proof'], '2026-10-09 10:00+08') AS c2 FROM kf \gset
-- c3: the third person's, in progress
SELECT submit('k_both', (SELECT id FROM applicant WHERE name = 'Third Person'), ARRAY['form', 'later'], 'window', ARRAY['proof'],
              '2026-10-09 10:00+08') AS c3 \gset
SELECT id AS ka FROM commitment_check WHERE case_id = :c1 AND department = 'KA' \gset
SELECT id AS kb FROM commitment_check WHERE case_id = :c1 AND department = 'KB' \gset
SELECT id AS ka2 FROM commitment_check WHERE case_id = :c2 AND department = 'KA' \gset
SELECT id AS kb2 FROM commitment_check WHERE case_id = :c2 AND department = 'KB' \gset
SELECT complete_task(t.id, 'approved', '2026-10-14 10:00+08') FROM task t WHERE t.case_id = :c1 ORDER BY t.id;
SELECT is((SELECT row(status, decision)::text FROM cases WHERE id = :c1), row('concluded', 'approved')::text,
          'c1 is concluded approved, with a check for KA and one for KB');

-- 1. broken on KA's check: the case is revoked, KB's check is cancelled with it
SELECT record_check(:ka, 'broken', 'no premises at the address', '2026-10-15 10:00+08');
SELECT is((SELECT status FROM cases WHERE id = :c1), 'revoked', 'the broken commitment revoked c1');
SELECT is((SELECT row(status, checked_at, sla_state)::text FROM commitment_check WHERE id = :kb),
          row('cancelled', '2026-10-15 10:00+08'::timestamptz, NULL::text)::text,
          'KB''s open check is cancelled at the revocation''s time');
SELECT is((SELECT findings FROM commitment_check WHERE id = :kb),
          format('case %s revoked: a commitment of the case was found broken', :c1),
          'its findings say why: the case revoked, a commitment found broken');
SELECT is((SELECT status FROM commitment_check WHERE id = :ka), 'broken', 'KA''s check stays broken');
SELECT is((SELECT count(*)::int FROM case_event
            WHERE case_id = :c1 AND kind = 'check_cancelled' AND at = '2026-10-15 10:00+08'
              AND detail->>'check_id' = :'kb' AND detail->>'broken_check' = :'ka' AND to_status = 'revoked'), 1,
          'a check_cancelled event records it in the case history, after the revocation');
SELECT ok((SELECT max(id) FROM case_event WHERE case_id = :c1 AND kind = 'revoked')
          < (SELECT max(id) FROM case_event WHERE case_id = :c1 AND kind = 'check_cancelled'),
          'the cancellation follows the revoked event');

-- 2. no outcome on the cancelled check: 55000 naming the check and the case; nothing written
SELECT count(*) AS ev0 FROM credit_event \gset
SELECT count(*) AS ce0 FROM case_event WHERE case_id = :c1 \gset
SELECT throws_ok(format($$SELECT record_check(%s, 'broken', 'false lease', '2026-10-16 10:00+08')$$, :kb),
  '55000', format('check %s is cancelled', :kb), 'broken on the cancelled check: 55000');
SELECT is(pg_temp.refusal(format($$SELECT record_check(%s, 'broken', 'false lease', '2026-10-16 10:00+08')$$, :kb)),
  format('55000 check %s is cancelled | Check %s was cancelled at %s when case %s was revoked, a commitment of the case found broken; a cancelled check takes no outcome.',
         :kb, :kb, '2026-10-15 10:00+08'::timestamptz, :c1),
  'its detail names the check, the case and why');
SELECT throws_ok(format($$SELECT record_check(%s, 'kept', NULL, '2026-10-16 10:00+08')$$, :kb),
  '55000', format('check %s is cancelled', :kb), 'kept on it: 55000');
SELECT throws_ok(format($$SELECT record_check(%s, 'waived', 'moved away', '2026-10-16 10:00+08')$$, :kb),
  '55000', format('check %s is cancelled', :kb), 'waived on it: 55000');
SELECT is((SELECT count(*) FROM credit_event), :ev0::bigint, 'the refused calls recorded no credit fact');
SELECT is((SELECT count(*) FROM case_event WHERE case_id = :c1), :ce0::bigint, 'nor any case event');
SELECT is((SELECT count(*)::int FROM credit_event WHERE subject = '91110000600037341L' AND kind = 'commitment_broken'), 1,
          'one serious fact for the revoked case');

-- the same by KB's inspector, on a case in progress: the revocation cancels
-- KA's check, which the inspector may neither see nor record
SELECT id AS ka3 FROM commitment_check WHERE case_id = :c3 AND department = 'KA' \gset
SET ROLE kr_insp_b;
SELECT lives_ok(format($$SELECT service_affair.record_check((SELECT id FROM service_affair.commitment_check WHERE case_id = %s), 'broken', 'false lease', '2026-10-16 10:00+08')$$, :c3),
  'KB''s inspector records c3''s check broken (the only one of c3 it sees)');
SELECT throws_ok(format($$SELECT service_affair.record_check(%s, 'kept', NULL, '2026-10-16 11:00+08')$$, :ka3),
  '42501', NULL, 'KA''s check of c3 is not the KB inspector''s: 42501 first');
-- what KB's inspector reads of c1's cancelled check: the revoked case, not
-- KA's broken check nor its inspector (until 2026-12-05 the findings and the
-- refusal named the check's id, and checked_by KA's inspector; a review)
SELECT is((SELECT row(checked_by, findings)::text FROM service_affair.commitment_check WHERE id = :kb),
          row(NULL::text, format('case %s revoked: a commitment of the case was found broken', :c1))::text,
          'KB''s inspector reads its cancelled check: no inspector of KA, no id of KA''s check');
SELECT is(pg_temp.refusal(format($$SELECT service_affair.record_check(%s, 'kept', NULL, '2026-10-16 10:00+08')$$, :kb)),
  format('55000 check %s is cancelled | Check %s was cancelled at %s when case %s was revoked, a commitment of the case found broken; a cancelled check takes no outcome.',
         :kb, :kb, '2026-10-15 10:00+08'::timestamptz, :c1),
  'its refusal on the cancelled check names the case, not KA''s check');
RESET ROLE;
SELECT is((SELECT c.status || ' ' || string_agg(k.department || ':' || k.status, ',' ORDER BY k.department)
             FROM cases c JOIN commitment_check k ON k.case_id = c.id WHERE c.id = :c3 GROUP BY c.status),
          'revoked KA:cancelled,KB:broken', 'c3 revoked, KA''s check cancelled under the inspector''s call');

-- 3. neither overdue nor blocking: the sweep, the accountability view, settling
SELECT ok(sla_sweep('2026-11-20 12:00+08') >= 0, 'a sweep long after both dues');
SELECT is((SELECT row(status, sla_state)::text FROM commitment_check WHERE id = :kb), row('cancelled', NULL::text)::text,
          'the cancelled check is not flagged overdue');
SELECT is((SELECT count(*)::int FROM case_event WHERE case_id = :c1 AND kind = 'check_overdue'), 0, 'no check_overdue event for c1');
SELECT is((SELECT coalesce(sum(overdue), 0)::int FROM commitment_accountability WHERE department = 'KB'), 1,
          'KB''s accountability counts one overdue check: c2''s, open, not c1''s cancelled one');
SELECT is((SELECT coalesce(sum(due), 0)::int FROM commitment_accountability WHERE department = 'KB'), 2,
          'and two checks due (c2''s, c3''s broken one): c1''s cancelled one is not KB''s to do');

-- 4. a case a tolerance revocation revoked: its first broken check records the
-- one serious fact and cancels the other checks
SELECT is((SELECT status FROM cases WHERE id = :c2), 'revoked', 'c2 was revoked by the sweep: its 容缺 material never came');
SELECT is((SELECT count(*)::int FROM commitment_check WHERE case_id = :c2 AND status = 'open'), 2,
          'its two checks stay open: a false commitment is still the departments'' to find');
-- KA's check (due in 60 working days, not overdue) found broken, dated before the sweep's revocation
SELECT record_check(:ka2, 'broken', 'no premises', '2026-11-19 10:00+08');
SELECT is((SELECT row(status, findings, checked_at = (SELECT revoked_at FROM cases WHERE id = :c2), sla_state)::text
             FROM commitment_check WHERE id = :kb2),
          row('cancelled', format('case %s revoked: a commitment of the case was found broken', :c2), true, NULL::text)::text,
          'broken on KA''s check cancels KB''s (overdue) one, at the revocation''s time, the later of the two');
SELECT throws_ok(format($$SELECT record_check(%s, 'broken', 'false lease', '2026-11-22 10:00+08')$$, :kb2),
  '55000', format('check %s is cancelled', :kb2), 'a second broken on c2: 55000');
SELECT is((SELECT count(*)::int FROM credit_event WHERE subject = '11010519491231002X' AND kind = 'commitment_broken'), 1,
          'one serious fact for c2 (beside its tolerance fact)');

-- 5. dismissing c1's fact corrects the credit record, not the revocation
-- (doc/credit.md, "What a dismissal or a repair of the fact undoes")
SELECT ok(NOT (SELECT credit_ok FROM credit_profile WHERE subject = '91110000600037341L'), 'before: the organisation may make no commitment');
SELECT ok(review_credit_event((SELECT id FROM credit_event WHERE source = 'check:' || :ka AND kind = 'commitment_broken'),
                              false, 'premises found at a second address', '2026-11-20 11:00+08') > 0, 'the fact is dismissed');
SELECT ok((SELECT credit_ok FROM credit_profile WHERE subject = '91110000600037341L'), 'the organisation''s credit is clean again');
SELECT is((SELECT c.status || ' ' || string_agg(k.status, ',' ORDER BY k.department) FROM cases c JOIN commitment_check k ON k.case_id = c.id
            WHERE c.id = :c1 GROUP BY c.status), 'revoked broken,cancelled',
          'the case stays revoked, its broken check broken, the other check cancelled');

-- 6. settling: c1 and c2 have no open check left
SELECT ok(settle_cases('2026-11-23 10:00+08') >= 3, 'settle_cases()');
SELECT is((SELECT count(*)::int FROM cases WHERE id IN (:c1, :c2, :c3) AND settled), 3, 'the three revoked cases settle');
SELECT is((SELECT string_agg(status, ',' ORDER BY case_id, department) FROM commitment_check WHERE case_id IN (:c1, :c2)),
          'broken,cancelled,broken,cancelled', 'their checks go to the history as they were');

SELECT * FROM finish();
ROLLBACK;
