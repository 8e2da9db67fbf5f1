-- A clean record counts commitments kept, and the applicant commits once
-- for a case (告知承诺书): the checks of one case kept by two checking
-- departments are one commitment kept, one merit, as the checks of one case
-- found broken are one false commitment, one fact (commitment_fact(),
-- doc/credit.md).  A hostile review of 2026-12-06: credit_target_grade
-- counted each kept check, so one case whose service two departments check
-- earned the clean bonus alone (credit.clean_merits 2), and a company
-- improved the grade its draws use by one step with one application.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(6);
\ir credit_fixture.inc
-- one service, one committed material, two checking departments (KA, KB)
INSERT INTO bundle (code, name, lead_department) VALUES ('k_two', 'Checked by two departments', 'KA');
INSERT INTO bundle_item (bundle, item, stage) VALUES ('k_two', 'k_std', 1), ('k_two', 'k_other', 1);
INSERT INTO target (uscc, name, region, industry, risk) VALUES ('91110000600037341L', 'Credit Org', '330225', 'I1', 'B');

SELECT submit('k_two', o, ARRAY['form', 'later'], 'window', ARRAY['proof'], '2026-10-09 10:00+08') AS c1 FROM kf \gset
SELECT is((SELECT array_agg(department ORDER BY department) FROM commitment_check WHERE case_id = :c1), ARRAY['KA', 'KB'],
          'one case, its commitment checked by two departments');
SELECT record_check(id, 'kept', NULL, '2026-10-20 10:00+08') FROM commitment_check WHERE case_id = :c1 ORDER BY id;
SELECT is((SELECT count(*)::int FROM commitment_check WHERE case_id = :c1 AND status = 'kept'), 2, 'both checks kept');
SELECT is((SELECT credit_risk FROM target WHERE uscc::text = '91110000600037341L'), 'B',
          'one case, one commitment kept: no clean bonus (credit.clean_merits 2), the hand-set B stays');
SELECT credit_refresh_targets(now()) >= 0 AS refreshed;
SELECT is((SELECT credit_risk FROM target WHERE uscc::text = '91110000600037341L'), 'B',
          'nor after the sweep''s refresh');

-- a second case kept: two commitments, the bonus
SELECT submit('k_std', o, ARRAY['form', 'later'], 'window', ARRAY['proof'], '2026-10-09 11:00+08') AS c2 FROM kf \gset
SELECT record_check(id, 'kept', NULL, '2026-10-21 10:00+08') FROM commitment_check WHERE case_id = :c2;
SELECT is((SELECT credit_risk FROM target WHERE uscc::text = '91110000600037341L'), 'A',
          'a second case kept: two commitments kept, the clean record improves B to A');
SELECT credit_refresh_targets(now()) >= 0 AS refreshed;
SELECT is((SELECT credit_risk FROM target WHERE uscc::text = '91110000600037341L'), 'A', 'and the sweep agrees');

SELECT * FROM finish();
ROLLBACK;
