-- The update's ANALYZE of the new parents (39_cases_partition.sql) ran
-- before 65_views.sql made the statistics object cases_group_keys, which
-- only an ANALYZE of the parent builds (autovacuum never analyzes it): build
-- it here, so that the indicator views expect their real number of groups
-- from the first query after the update, not from the DBA's first scheduled
-- ANALYZE (doc/deployment.md).  The columns it reads only: ANALYZE builds a
-- statistics object whose columns it analyzes, and a sample of five columns
-- costs less than the table's again.
ANALYZE service_affair.cases (department, service, receiving_point, submitted_at, calendar);
