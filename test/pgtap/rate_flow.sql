-- End to end through the API: submit (with shared evidence and a commitment),
-- route, claim, complete, deliver, rate, rectify; the views see it all.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(12);
INSERT INTO department (code, name, region) VALUES ('RF', 'Rating flow', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, online, mobile) VALUES
  ('rf_now', 'Immediate', 'RF', 'immediate', 5, NULL, true, false),
  ('rf_wait', 'Promised', 'RF', 'promised', 20, 4, true, true);  -- mobile: a case through the app
INSERT INTO evidence_type (code, name) VALUES ('id_card', 'ID card');  -- the registry (44_licences)
INSERT INTO material (item, code, name, required, evidence_type, commitment_allowed) VALUES
  ('rf_now', 'form', 'Form', true, NULL, false),
  ('rf_now', 'idc', 'ID card', true, 'id_card', false),
  ('rf_wait', 'form', 'Form', true, NULL, false),
  ('rf_wait', 'home', 'Residence proof', true, NULL, true),
  ('rf_wait', 'idc', 'ID card', true, 'id_card', false);
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Flow Person');
INSERT INTO evidence (applicant, evidence_type, reference)
SELECT id, 'id_card', 'e-licence' FROM applicant WHERE name = 'Flow Person';

CREATE TEMP TABLE f AS SELECT
  submit('rf_now', (SELECT id FROM applicant WHERE name = 'Flow Person'), '{form}', 'window', '{}', '2026-08-03 09:00+08') AS c1,
  submit('rf_wait', (SELECT id FROM applicant WHERE name = 'Flow Person'), '{form}', 'online', '{home}', '2026-08-03 09:30+08') AS c2,
  submit('rf_wait', (SELECT id FROM applicant WHERE name = 'Flow Person'), '{}', 'mobile', '{}', '2026-08-03 10:00+08') AS c3;
SELECT is((SELECT array_agg(status ORDER BY id) FROM cases WHERE id IN (SELECT c1 FROM f UNION SELECT c2 FROM f UNION SELECT c3 FROM f)),
          '{accepted,accepted,returned}', 'two accepted, one returned');

SELECT throws_ok(format('SELECT rate(%s, 5, at => ''2026-08-03 09:59+08'')', c3), '22023', NULL,
                 'a returned case is rated from its submission on, not before (0.1: never, 55000)') FROM f;
SELECT lives_ok(format($$SELECT complete_task(claim_task('RF', 'rev', '2026-08-03 16:00+08'), 'approved', '2026-08-03 16:30+08')$$),
                'the immediate task (due first) is claimed and completed the same day');
SELECT lives_ok($$SELECT complete_task(claim_task('RF', 'rev', '2026-08-05 09:00+08'), 'approved', '2026-08-12 10:00+08')$$,
                'the promised task is completed after its due date');
SELECT is((SELECT array_agg(status ORDER BY id) FROM cases WHERE id IN (SELECT c1 FROM f UNION SELECT c2 FROM f)),
          '{concluded,concluded}', 'both accepted cases concluded');
SELECT lives_ok(format($$SELECT deliver(%s, 'window', '2026-08-04 10:00+08'), deliver(%s, 'electronic', '2026-08-12 11:00+08')$$, c1, c2),
                'delivered: one at the window, one electronically') FROM f;

SELECT is((SELECT ARRAY[submitted, accepted, returned, online_rate, zero_visit_rate, at_most_once_rate, immediate_rate,
                        material_reduction_rate, time_compression, avg_workdays, overdue_rate]
             FROM efficiency_department WHERE department = 'RF'),
          ARRAY[3, 2, 1, 2/3::numeric, 0.5, 0.5, 0.5, 3/5::numeric, 1 - 4/25::numeric, 3.5, 0.5],
          'efficiency: 2 window visits on c1 (zero-visit 1/2), 3 of 5 required materials shared or committed, c2 7 working days and late');

CREATE TEMP TABLE rr AS SELECT rate(c1, 5, 'window', NULL, '2026-08-04 10:05+08') AS good, rate(c2, 1, 'sms', '慢', '2026-08-12 12:00+08') AS bad FROM f;
SELECT is((SELECT rater FROM rating WHERE id = (SELECT bad FROM rr)), (SELECT id FROM applicant WHERE name = 'Flow Person'),
          'the rater is the applicant');
SELECT is((SELECT ARRAY[ratings, level5, level1, good_rate, bad_rate] FROM satisfaction_department WHERE department = 'RF'),
          ARRAY[2, 1, 1, 0.5, 0.5], 'satisfaction: one good, one bad');
SELECT is((SELECT rectified_on_time_rate FROM satisfaction_department WHERE department = 'RF'), 0::numeric,
          'an open rectification is not on time');
SELECT close_rectification(bad, 'called back, apologised', '2026-08-20 15:00+08') FROM rr;
SELECT is((SELECT rectified_on_time_rate FROM satisfaction_department WHERE department = 'RF'), 1::numeric,
          'closed within 15 working days: on time');
SELECT appeal_rating(bad, 'rated the wrong office', '2026-08-21 10:00+08') FROM rr;
SELECT is((SELECT ARRAY[ratings, level1, good_rate, rectified_on_time_rate] FROM satisfaction_department WHERE department = 'RF'),
          ARRAY[1, 0, 1, NULL]::numeric[], 'the appealed rating leaves the counts');

SELECT * FROM finish();
ROLLBACK;
