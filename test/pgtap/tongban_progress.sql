-- 通办 and case_progress(): a case received at a point away from its
-- handling office has its result sent back to that point (the return leg,
-- closed by deliver()), where the applicant collects it.  Until 2026-12-05
-- case_progress() said `concluded` and nothing of where or by when the
-- result could be collected: an applicant could make a wasted trip to the
-- point, against the rule of at most one visit (a review; doc/guides.md,
-- "Case progress", doc/tongban.md).
BEGIN;
SET search_path = service_affair, public;
\ir tongban_fixture.inc
SELECT plan(14);

CREATE ROLE tb_citizen IN ROLE service_affair_public;
-- rc: a Xiangshan resident at the town centre T5, handled at the county
-- centre C5 (originals forwarded); own: the same item at C5 itself (no legs)
SELECT pg_temp.sub('tb_clerk_t5', 'tb_res5', '330225199001010012', 'window', 'T5') AS rc \gset
SELECT pg_temp.sub('tb_clerk5', 'tb_res5', '330225199001010012', 'window', 'C5') AS own \gset
SELECT is((SELECT array_agg(leg ORDER BY leg) FROM case_leg WHERE case_id IN (:rc, :own)), ARRAY['forward'],
  'fixture: the case received at T5 has its forward leg, the one received at C5 none');

-- progress(case, identifier): the result_* columns, as the public role
CREATE FUNCTION pg_temp.progress(c bigint, ident text) RETURNS SETOF text LANGUAGE plpgsql AS $$
BEGIN
  SET LOCAL ROLE tb_citizen;
  RETURN QUERY SELECT p.status || ' | ' || concat_ws(' | ', COALESCE(p.result_point, '-'), COALESCE(p.result_due::text, '-'),
                                                     COALESCE(p.result_delivered_at::text, '-'))
                 FROM service_affair.case_progress(c, ident) p;
  RESET ROLE;
END $$;
SET TIME ZONE 'Asia/Shanghai';

-- accepted, originals on their way: where the result will come back
SELECT results_eq(format('SELECT * FROM pg_temp.progress(%s, %L)', :rc, '330225199001010012'),
  $$VALUES ('accepted | 丹东街道便民服务中心 | - | -')$$,
  'accepted at a town centre away from its handling office: the point where the result will come back, no due yet');
SELECT results_eq(format('SELECT * FROM pg_temp.progress(%s, %L)', :own, '330225199001010012'),
  $$VALUES ('accepted | - | - | -')$$,
  'accepted at its own county centre: no result_* information');

SELECT receive_originals(:rc, '2026-11-19 09:00+08');
SELECT complete_task((SELECT id FROM task WHERE case_id = :rc), 'approved', '2026-11-20 10:00+08');
SELECT complete_task((SELECT id FROM task WHERE case_id = :own), 'approved', '2026-11-20 10:00+08');

-- concluded, the result on its way back: the due of the return leg
SELECT results_eq(format('SELECT * FROM pg_temp.progress(%s, %L)', :rc, '330225199001010012'),
  format($$VALUES ('concluded | 丹东街道便民服务中心 | %s | -')$$, add_workdays('2026-11-20', 2)),
  'concluded, the result not yet delivered: the point and the due date of its return there');
SELECT is((SELECT result_due FROM case_progress(:rc, '330225199001010012')), (SELECT return_due FROM case_sla WHERE case_id = :rc),
  '... the due date case_sla shows (return_due)');
SELECT results_eq(format('SELECT * FROM pg_temp.progress(%s, %L)', :own, '330225199001010012'),
  $$VALUES ('concluded | - | - | -')$$,
  'concluded at its own county centre: still no result_* information');

-- delivered: when
SELECT deliver(:rc, 'window', '2026-11-23 10:00+08');
SELECT deliver(:own, 'window', '2026-11-23 10:00+08');
SELECT results_eq(format('SELECT * FROM pg_temp.progress(%s, %L)', :rc, '330225199001010012'),
  format($$VALUES ('concluded | 丹东街道便民服务中心 | %s | 2026-11-23 10:00:00+08')$$, add_workdays('2026-11-20', 2)),
  'delivered: the time of the delivery (the return leg done)');
SELECT results_eq(format('SELECT * FROM pg_temp.progress(%s, %L)', :own, '330225199001010012'),
  $$VALUES ('concluded | - | - | -')$$,
  'delivered at its own county centre: nothing (no legs, nothing changes)');

-- the public role: its own case with the right identifier only
SELECT is_empty(format('SELECT * FROM pg_temp.progress(%s, %L)', :rc, '11010519491231002X'),
  'another applicant''s identifier: no rows, no point');
SELECT results_eq(format('SELECT status, stage, department, missing FROM case_progress(%s, %L)', :rc, '330225199001010012'),
  $$VALUES ('concluded'::text, NULL::integer, 'TB_M5'::text, '{}'::text[])$$,
  'the first five columns as before');
-- the point's name is what the public reads already
SELECT ok(has_table_privilege('service_affair_public', 'service_affair.service_point', 'SELECT'),
  'the public reads service_point (its names) already');

-- settled: the same answer from the history (settled_case_legs(), its month only)
SELECT is(settle_cases('2027-06-01 00:00+08'), 2, 'months later both cases settle');
SELECT results_eq(format('SELECT * FROM pg_temp.progress(%s, %L)', :rc, '330225199001010012'),
  format($$VALUES ('concluded | 丹东街道便民服务中心 | %s | 2026-11-23 10:00:00+08')$$, add_workdays('2026-11-20', 2)),
  'a settled case: the same point, due and delivery, read from the history');
SELECT results_eq(format('SELECT * FROM pg_temp.progress(%s, %L)', :own, '330225199001010012'),
  $$VALUES ('concluded | - | - | -')$$,
  'a settled case without legs: nothing');

SELECT * FROM finish();
ROLLBACK;
