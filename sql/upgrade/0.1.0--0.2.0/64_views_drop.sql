-- The 0.1 analyst views and period functions, re-created by 65_views.sql in
-- their 0.2 definitions (issue 16: visit phases, collected cases, legal
-- limits, region level, one definition of each formula).  Their grant rows
-- are re-inserted there.
DROP FUNCTION service_affair.efficiency_period(date, date);
DROP FUNCTION service_affair.satisfaction_period(date, date);
DROP VIEW service_affair.efficiency_overall;
DROP VIEW service_affair.efficiency_department;
DROP VIEW service_affair.efficiency;
DROP VIEW service_affair.efficiency_counts;
DROP VIEW service_affair.satisfaction_overall;
DROP VIEW service_affair.satisfaction_department;
DROP VIEW service_affair.satisfaction;
DROP VIEW service_affair.satisfaction_counts;
DELETE FROM service_affair.role_grant
 WHERE role IN ('analyst', 'admin')
   AND object IN ('service_affair.efficiency_counts', 'service_affair.efficiency',
                  'service_affair.efficiency_department', 'service_affair.efficiency_overall',
                  'service_affair.satisfaction_counts', 'service_affair.satisfaction',
                  'service_affair.satisfaction_department', 'service_affair.satisfaction_overall',
                  'service_affair.efficiency_period(date,date)', 'service_affair.satisfaction_period(date,date)');
