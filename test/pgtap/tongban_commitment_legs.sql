-- 通办: a case concluded at its submission (an item approved on commitment)
-- received away from its handling office has both legs: the originals
-- forwarded and the result back, closed by the delivery.  Until 2026-12-05
-- the return leg opened only on a change of status to concluded, and
-- submit() records the point (record_place()) after the case is written and
-- already concluded: the result was tracked back by nothing (a review;
-- doc/tongban.md).
BEGIN;
SET search_path = service_affair, public;
\ir tongban_fixture.inc
SELECT plan(7);

INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, approval_mode) VALUES
  ('tb_fast5', 'Approved on commitment (Xiangshan)', 'TB_M5', 'promised', 20, 5, 'commitment');
INSERT INTO material (item, code, name, required, tolerable, commitment_allowed) VALUES
  ('tb_fast5', 'form', 'Form', true, false, false), ('tb_fast5', 'cond', 'Conditions met', true, false, true);
CREATE FUNCTION pg_temp.subc(r name, materials text[], pt text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  id bigint;
BEGIN
  EXECUTE pg_catalog.format('SET LOCAL ROLE %I', r);
  id := service_affair.submit('tb_fast5', '330225199001010012', materials, 'window', '{cond}', '2026-11-18 10:00+08', point => pt);
  RESET ROLE;
  RETURN id;
END $$;

-- at the town centre T5: concluded at once, handled at the county centre C5
SELECT pg_temp.subc('tb_clerk_t5', '{form}', 'T5') AS f1 \gset
SELECT is((SELECT status FROM cases WHERE id = :f1), 'concluded', 'fixture: approved on commitment, concluded at its submission');
SELECT is((SELECT array_agg(leg ORDER BY leg) FROM case_leg WHERE case_id = :f1), ARRAY['forward', 'return'],
  'a case concluded at its submission at a town centre has its forward and its return leg');
SELECT is((SELECT ROW(opened_at, due)::text FROM case_leg WHERE case_id = :f1 AND leg = 'return'),
          ROW('2026-11-18 10:00+08'::timestamptz, add_workdays('2026-11-18', 2))::text,
  '... the return leg opens at the conclusion, due forward_days working days later');
SELECT is((SELECT return_due FROM case_sla WHERE case_id = :f1), add_workdays('2026-11-18', 2),
  '... and case_sla shows it');
SELECT deliver(:f1, 'window', '2026-11-19 10:00+08') IS NULL AS d1 \gset
SELECT is((SELECT done_at FROM case_leg WHERE case_id = :f1 AND leg = 'return'), '2026-11-19 10:00+08'::timestamptz,
  'the delivery closes the return leg');

-- the same submission returned, then completed: one return leg (as before)
SELECT pg_temp.subc('tb_clerk_t5', '{}', 'T5') AS f2 \gset
SELECT supplement(:f2, '{form}', '2026-11-19 10:00+08') AS s2 \gset
SELECT is((SELECT array_agg(leg ORDER BY leg) FROM case_leg WHERE case_id = :f2), ARRAY['forward', 'return'],
  'concluded at the completing supplement: both legs, once');

-- at the county centre C5: handled there, no leg at all
SELECT pg_temp.subc('tb_clerk5', '{form}', 'C5') AS f3 \gset
SELECT is((SELECT count(*) FROM case_leg WHERE case_id = :f3), 0::bigint,
  'concluded at its submission at the county centre of its region: no leg');

SELECT * FROM finish();
ROLLBACK;
