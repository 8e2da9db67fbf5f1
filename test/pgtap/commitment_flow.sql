-- Commitment checks: opened at acceptance (per checking department, due in
-- working days), approval on commitment through routing's conclusion,
-- outcomes, a broken commitment revoking the approval, the sweep.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(43);
\ir credit_fixture.inc

-- a committed material opens one check at acceptance
SELECT submit('k_std', o, ARRAY['form', 'later'], 'window', ARRAY['proof'], '2026-10-09 10:00+08') AS c1 FROM kf \gset
SELECT is((SELECT status FROM cases WHERE id = :c1), 'accepted', 'a case with a committed material is accepted');
SELECT is((SELECT count(*)::int FROM commitment_check WHERE case_id = :c1), 1, 'one check for the case');
SELECT is((SELECT row(department, materials, status, items)::text FROM commitment_check WHERE case_id = :c1),
          row('KA', ARRAY['proof'], 'open', ARRAY['k_std'])::text, 'checked by the item''s department, the committed material, open');
SELECT is((SELECT due FROM commitment_check WHERE case_id = :c1),
          shifted_due('2026-10-09', 60, 0, 'cn'), 'due 60 working days after the acceptance day');
SELECT is((SELECT created_at FROM commitment_check WHERE case_id = :c1), '2026-10-09 10:00+08'::timestamptz, 'opened at the acceptance time');
-- no commitment: no check
SELECT submit('k_std', o, ARRAY['form', 'proof', 'later'], 'window', '{}', '2026-10-09 10:00+08') AS c0 FROM kf \gset
SELECT is((SELECT count(*)::int FROM commitment_check WHERE case_id = :c0), 0, 'no commitment, no check');
-- check department and days per item
SELECT submit('k_other', o, ARRAY['form'], 'window', ARRAY['proof'], '2026-10-09 10:00+08') AS c2 FROM kf \gset
SELECT is((SELECT row(department, due)::text FROM commitment_check WHERE case_id = :c2),
          row('KB', shifted_due('2026-10-09', 10, 0, 'cn'))::text, 'item.check_department and check_days');
-- a returned case gets its check when a supplement accepts it
SELECT submit('k_std', o, ARRAY['later'], 'window', ARRAY['proof'], '2026-10-09 10:00+08') AS c3 FROM kf \gset
SELECT is((SELECT count(*)::int FROM commitment_check WHERE case_id = :c3), 0, 'a returned case has no check yet');
SELECT supplement(:c3, ARRAY['form'], '2026-10-12 10:00+08');
SELECT is((SELECT row(status, due)::text FROM commitment_check WHERE case_id = :c3),
          row('open', shifted_due('2026-10-12', 60, 0, 'cn'))::text, 'the supplement that accepts opens the check from that day');

-- approval on commitment: concluded at once, through routing
SELECT submit('k_fast', o, ARRAY['form'], 'window', ARRAY['cond'], '2026-10-09 10:00+08') AS f1 FROM kf \gset
SELECT is((SELECT row(status, decision, concluded_at = accepted_at)::text FROM cases WHERE id = :f1),
          row('concluded', 'approved', true)::text, 'approval_mode commitment: approved at once');
SELECT is((SELECT string_agg(status || '/' || decision, ',') FROM task WHERE case_id = :f1), 'done/approved', 'its task is decided approved');
SELECT is((SELECT count(*)::int FROM case_event WHERE case_id = :f1 AND kind = 'concluded'), 1, 'concluded by route_advance (one concluded event)');
SELECT is((SELECT materials FROM commitment_check WHERE case_id = :f1), ARRAY['cond'], 'and a check routed to the checking department');
-- with nothing committed the approval is still checked
SELECT submit('k_fast', o, ARRAY['form', 'cond'], 'window', '{}', '2026-10-09 10:00+08') AS f2 FROM kf \gset
SELECT is((SELECT row(c.status, k.materials)::text FROM cases c JOIN commitment_check k ON k.case_id = c.id WHERE c.id = :f2),
          row('concluded', '{}'::text[])::text, 'approval on commitment without committed materials: checked too');
-- a standard item stays with the reviewers
SELECT is((SELECT status FROM task WHERE case_id = :c1), 'open', 'a standard item is not approved at once');

-- outcomes
SELECT record_check((SELECT id FROM commitment_check WHERE case_id = :c1), 'kept', NULL, '2026-10-20 10:00+08');
SELECT is((SELECT row(status, checked_at, checked_by)::text FROM commitment_check WHERE case_id = :c1),
          row('kept', '2026-10-20 10:00+08'::timestamptz, current_user)::text, 'kept: status, time, inspector');
SELECT is((SELECT count(*)::int FROM case_event WHERE case_id = :c1 AND kind = 'check_kept'), 1, 'the history records the outcome');
SELECT is((SELECT status FROM cases WHERE id = :c1), 'accepted', 'a kept commitment leaves the case alone');
SELECT throws_ok(format('SELECT record_check(%s, %L, %L, %L)', (SELECT id FROM commitment_check WHERE case_id = :c1), 'broken', 'x', '2026-10-21 10:00+08'),
                 '55000', NULL, 'a closed check takes no outcome: 55000');
SELECT record_check((SELECT id FROM commitment_check WHERE case_id = :c2), 'waived', 'premises demolished by the county', '2026-10-20 10:00+08');
SELECT is((SELECT status FROM commitment_check WHERE case_id = :c2), 'waived', 'waived with a reason');
SELECT is((SELECT count(*)::int FROM credit_event), 0, 'kept and waived record no credit event');
-- kept with blank findings: none recorded (06_arguments.sql; until
-- 2026-12-05 '' and spaces went into the check and its history as given)
SELECT submit('k_std', o, ARRAY['form', 'later'], 'window', ARRAY['proof'], '2026-10-09 10:00+08') AS c8 FROM kf \gset
SELECT submit('k_std', o, ARRAY['form', 'later'], 'window', ARRAY['proof'], '2026-10-09 10:00+08') AS c9 FROM kf \gset
SELECT record_check((SELECT id FROM commitment_check WHERE case_id = :c8), 'kept', '', '2026-10-20 10:00+08');
SELECT record_check((SELECT id FROM commitment_check WHERE case_id = :c9), 'kept', U&'\3000 \200B', '2026-10-20 10:00+08');
SELECT is((SELECT count(*)::int FROM commitment_check WHERE case_id IN (:c8, :c9) AND status = 'kept' AND findings IS NULL), 2,
  'kept with findings empty or of an ideographic space, a space and a zero-width space: recorded as none (NULL)');
SELECT is((SELECT count(*)::int FROM case_event WHERE case_id IN (:c8, :c9) AND kind = 'check_kept' AND detail->'findings' = 'null'::jsonb), 2,
  'and the history records none');
SELECT throws_ok(format('SELECT record_check(%s, %L, %L, %L)', (SELECT id FROM commitment_check WHERE case_id = :c3), 'waived', '   ', '2026-10-22 10:00+08'),
                 '22023', 'findings required', 'waived with findings of spaces: 22023, as before');
SELECT is((SELECT findings FROM commitment_check WHERE case_id = :c2), 'premises demolished by the county', 'findings that say something are kept');

-- broken: the approval falls, a credit event is recorded
SELECT record_check((SELECT id FROM commitment_check WHERE case_id = :f1), 'broken', 'no premises at the address', '2026-10-21 10:00+08');
SELECT is((SELECT row(status, revoked_at)::text FROM cases WHERE id = :f1),
          row('revoked', '2026-10-21 10:00+08'::timestamptz)::text, 'a broken commitment revokes the approval');
SELECT is((SELECT detail->>'reason' FROM case_event WHERE case_id = :f1 AND kind = 'revoked'), 'commitment broken', 'the revocation states its reason');
SELECT is((SELECT row(subject, kind, source, severity, effective_from, effective_until, needs_review)::text FROM credit_event),
          row('91110000600037341L', 'commitment_broken', 'check:' || (SELECT id FROM commitment_check WHERE case_id = :f1),
              'serious', '2026-10-21'::date, '2029-10-21'::date, false)::text, 'and a serious credit event for 3 years');
-- broken on a case still under review revokes the acceptance
SELECT record_check((SELECT id FROM commitment_check WHERE case_id = :c3), 'broken', 'forged lease', '2026-10-22 10:00+08');
SELECT is((SELECT status FROM cases WHERE id = :c3), 'revoked', 'a broken commitment revokes an accepted case too');
SELECT is((SELECT string_agg(status || '/' || cancelled, ',') FROM task WHERE case_id = :c3), 'done/true', 'its open task is cancelled');

-- a bundle: the item approved on commitment in stage 2 is approved when its stage opens
INSERT INTO bundle (code, name, lead_department) VALUES ('k_bundle', 'Open and operate', 'KA');
INSERT INTO bundle_item (bundle, item, stage) VALUES ('k_bundle', 'k_std', 1), ('k_bundle', 'k_fast', 2);
SELECT submit('k_bundle', p, ARRAY['form', 'later', 'proof', 'cond'], 'window', '{}', '2026-10-09 10:00+08') AS b1 FROM kf \gset
SELECT is((SELECT string_agg(item || ':' || status, ',' ORDER BY stage) FROM task WHERE case_id = :b1), 'k_std:open,k_fast:waiting',
          'bundle: stage 1 open for the reviewers, stage 2 waiting');
SELECT is((SELECT row(on_commitment, items)::text FROM commitment_check WHERE case_id = :b1), row(true, ARRAY['k_fast'])::text,
          'the check covers the approval on commitment of the stage-2 item');
SELECT complete_task((SELECT id FROM task WHERE case_id = :b1 AND item = 'k_std'), 'approved', '2026-10-12 10:00+08');
SELECT is((SELECT row(status, decision, concluded_at)::text FROM cases WHERE id = :b1),
          row('concluded', 'approved', '2026-10-12 10:00+08'::timestamptz)::text, 'stage 2 is approved as it opens and the bundle concludes');
SELECT is((SELECT row(status, decision, finished_at)::text FROM task WHERE case_id = :b1 AND item = 'k_fast'),
          row('done', 'approved', '2026-10-12 10:00+08'::timestamptz)::text, 'at the time its stage opened');

-- a calendar edit moves the due date of an open check
SELECT due AS d_before FROM commitment_check WHERE case_id = :c2 \gset
SELECT submit('k_other', p, ARRAY['form'], 'window', ARRAY['proof'], '2026-10-09 10:30+08') AS c5 FROM kf \gset
SELECT due AS d5 FROM commitment_check WHERE case_id = :c5 \gset
INSERT INTO calendar_day (calendar, day, is_workday, note) VALUES ('cn', '2026-10-13', false, 'test: a day off');
SELECT is((SELECT due FROM commitment_check WHERE case_id = :c5), shifted_due('2026-10-09', 10, 0, 'cn'),
          'a calendar edit recomputes the due of an open check');
SELECT ok(:'d5'::date < (SELECT due FROM commitment_check WHERE case_id = :c5), 'a day off inside the period moves it later');
SELECT is((SELECT due FROM commitment_check WHERE case_id = :c2), :'d_before'::date, 'a closed check keeps its due');
DELETE FROM calendar_day WHERE calendar = 'cn' AND day = '2026-10-13';

-- the sweep flags an overdue check once
SELECT submit('k_other', p, ARRAY['form'], 'window', ARRAY['proof'], '2026-10-09 11:00+08') AS c4 FROM kf \gset
SELECT ok(sla_sweep(((SELECT due FROM commitment_check WHERE case_id = :c4) + time '12:00') AT TIME ZONE 'Asia/Shanghai') >= 0, 'a sweep on the due day');
SELECT is((SELECT sla_state FROM commitment_check WHERE case_id = :c4), NULL, 'not overdue on its due day');
SELECT ok(sla_sweep(((SELECT due FROM commitment_check WHERE case_id = :c4) + 1 + time '12:00') AT TIME ZONE 'Asia/Shanghai') >= 1, 'the sweep the day after counts it');
SELECT is((SELECT sla_state FROM commitment_check WHERE case_id = :c4), 'overdue', 'overdue after its due day');
SELECT is((SELECT count(*)::int FROM case_event WHERE case_id = :c4 AND kind = 'check_overdue'), 1, 'one check_overdue event');
SELECT sla_sweep(((SELECT due FROM commitment_check WHERE case_id = :c4) + 2 + time '12:00') AT TIME ZONE 'Asia/Shanghai');
SELECT is((SELECT count(*)::int FROM case_event WHERE case_id = :c4 AND kind = 'check_overdue'), 1, 'flagged once');

SELECT * FROM finish();
ROLLBACK;
