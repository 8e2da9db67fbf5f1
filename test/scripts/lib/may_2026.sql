-- May 2026 in the sample county, before the demo's quarter, for the counts
-- of an archived month (efficiency_archived, satisfaction_archived,
-- item_cases_archived and the three licence views): a case of an item that
-- issues no licence and one of a licence valid for ever (出生医学证明: no last
-- day, so it holds no month), each concluded and delivered, the first rated;
-- then every quiet case settled. Read by psql (\i) after demo/*.sql, from the
-- top of the tree, by test/scripts/dump_county.sh and archived_restore_once.sh;
-- they archive the month themselves.
SELECT a.id AS may_person FROM service_affair.applicant a WHERE a.kind = 'person' ORDER BY a.id LIMIT 1 \gset
SELECT service_affair.submit('medins_reimburse', :may_person,
                             (SELECT array_agg(m.code) FROM service_affair.material m WHERE m.item = 'medins_reimburse'),
                             'window', '{}', '2026-05-12 10:00+08') AS may_case \gset
SELECT service_affair.complete_task(t.id, 'approved', '2026-05-13 11:00+08') IS NULL AS concluded
  FROM service_affair.task t WHERE t.case_id = :may_case;
SELECT service_affair.deliver(:may_case, 'window', '2026-05-14 10:00+08') IS NULL AS delivered;
SELECT service_affair.rate(:may_case, 5, 'online', NULL, '2026-05-15 10:00+08') IS NOT NULL AS rated;
-- and a case of May that issues a licence valid for ever (出生医学证明: no
-- last day, so it holds no month), for licence_monthly_archived
SELECT service_affair.submit('health_birth_cert', :may_person,
                             (SELECT array_agg(m.code) FROM service_affair.material m WHERE m.item = 'health_birth_cert'),
                             'window', '{}', '2026-05-12 11:00+08') AS may_birth \gset
SELECT service_affair.complete_task(t.id, 'approved', '2026-05-12 11:30+08') IS NULL AS concluded
  FROM service_affair.task t WHERE t.case_id = :may_birth;
SELECT service_affair.deliver(:may_birth, 'window', '2026-05-12 12:00+08') IS NULL AS delivered;
SELECT service_affair.settle_cases(now(), 100000) > 0 AS settled;
