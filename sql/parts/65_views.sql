-- Analyst views: the indicators the reform is judged by (doc/indicators.md).
--
-- Four layers, each definition written once:
--   <x>_facts    one row per case (rating, complaint) with its keys and what
--                it adds to each count — the definitions of the counts, and
--                the only place that reads cases;
--   <x>_rollup   the counts at every level: one row per level ('service',
--                'department', 'region', 'point', 'overall') and month, each
--                level a GROUP BY of <x>_facts by its own keys (UNION ALL);
--   <x>_rates()  the formulas: rates from one row of counts;
--   <x>_counts   the counts per (department, region, service, point, month),
--                for analysts who re-aggregate.
-- The rollup and the counts add the counts of archived months
-- (<x>_archived, 64_history.sql), which archive_history_month() records as
-- a month leaves the history: an archived month keeps its indicators; only
-- <x>_facts, one row per case or rating, loses it.
-- Every published view is a level of the rollup with its rates
-- (efficiency = level 'service', efficiency_department, efficiency_region,
-- efficiency_point, efficiency_overall); the period functions sum the rollup
-- over months and call the same <x>_rates().  Rates are never averaged.
--
-- Why one GROUP BY per level (doc/benchmarks.md, "Indicators"): a view
-- selecting one level makes the planner drop the other branches of the
-- UNION ALL and the outer joins a level does not read, so each view is one
-- scan of cases grouped by its own keys — the shape of a hand-written GROUP
-- BY.  Each branch is SELECT '<level>', ... FROM (GROUP BY ...) g so that the
-- constant level is visible above the grouping: the planner then removes a
-- branch whose level fails the view's WHERE from the plan altogether (with
-- the constant inside the grouped query it would only get an empty input,
-- and JIT would still compile its aggregates).  The earlier shape (counts
-- per finest group, then GROUPING SETS over them) hashed every case into
-- thousands of groups whatever the level asked for.
-- The region of a department-keyed level is an outer join of department
-- after grouping, not a scalar subquery per group: the planner estimates as
-- many groups as input rows (the month is an expression without
-- statistics) and costs the subquery once per estimated group, which at 1M
-- cases pushed a satisfaction view over jit_inline_above_cost and
-- jit_optimize_above_cost (~350 ms of LLVM inlining and optimisation that the
-- hand-written GROUP BY, costed below them, does not pay; doc/benchmarks.md).
--
-- A level is one branch of <x>_rollup and a view selecting it: the service
-- point level (<x>_point, cases.receiving_point with the point's level;
-- cases received at no point — online, mobile — are the row with point NULL)
-- is built so.
--
-- Grouping: the handling department (a bundle's lead department,
-- cases.department), the region of that department (department.region), the
-- service code, and month = first day of the local month of submission in
-- the time zone of the case's calendar.  Rates are numeric in [0,1], NULL
-- when the denominator is 0.  No view shows personal data.

-- One row per case: its keys and what it adds to each count (the
-- definitions of the counts, once); every level below groups these rows by
-- its own keys in one pass over cases.
CREATE VIEW service_affair.efficiency_facts AS
SELECT c.department,
       d.region,
       c.service,
       c.receiving_point AS point,
       sp.level AS point_level,
       service_affair.local_month(c.submitted_at, c.calendar) AS month,
       c.accepted_at IS NOT NULL AS accepted,
       c.returned,
       c.tolerated,
       c.channel IN ('online', 'mobile') AS online,
       c.concluded_at IS NOT NULL AS concluded,
       c.delivered_at IS NOT NULL AS collected,
       c.status = 'concluded' AND c.delivered_at IS NULL AS awaiting_collection,
       c.delivered_at IS NOT NULL AND c.visits = 0 AS zero_visit,
       c.delivered_at IS NOT NULL AND c.visits <= 1 AS at_most_once,
       c.delivered_at IS NOT NULL AND c.visits - c.visits_before_acceptance = 0 AS zero_visit_reform,
       c.delivered_at IS NOT NULL AND c.visits - c.visits_before_acceptance <= 1 AS at_most_once_reform,
       c.delivered_at IS NOT NULL AND c.visits - c.visits_before_acceptance <= p.max_visits AS promise_kept,
       c.concluded_at IS NOT NULL
         AND service_affair.local_day(c.concluded_at, c.calendar) = service_affair.local_day(c.accepted_at, c.calendar) AS immediate,
       c.concluded_at IS NOT NULL AND service_affair.local_day(c.concluded_at, c.calendar) > c.due AS overdue,
       CASE WHEN c.concluded_at IS NOT NULL
            THEN service_affair.workdays_between(service_affair.local_day(c.accepted_at, c.calendar),
                                                 service_affair.local_day(c.concluded_at, c.calendar), c.calendar) END AS workdays,
       CASE WHEN c.accepted_at IS NOT NULL THEN c.reduced_materials END AS reduced_materials,
       CASE WHEN c.accepted_at IS NOT NULL THEN c.required_materials END AS required_materials,
       -- the service's legal limit as the case was submitted (the catalog's
       -- today for a case from before 0.2; until 2026-12-05 always today's)
       CASE WHEN c.accepted_at IS NOT NULL AND COALESCE(c.has_legal_limit, p.has_legal_limit) THEN c.promised_limit END AS promised_days,
       CASE WHEN c.accepted_at IS NOT NULL AND COALESCE(c.has_legal_limit, p.has_legal_limit) THEN c.legal_limit END AS legal_days,
       c.accepted_at IS NOT NULL AND COALESCE(c.has_legal_limit, p.has_legal_limit) IS NOT TRUE AS no_legal_limit,
       c.submitted_at,
       c.id AS case_id
  FROM service_affair.cases c
  -- the catalog's promise of the service (a case of a service out of the
  -- catalog is not counted: the WHERE below), service_promise's read from
  -- its item (primary key) or bundle_promise (grouped by the bundle's code;
  -- an item and a bundle never share a code).  Joined with service_promise, a UNION
  -- ALL whose service column the planner has no statistics for, past 200
  -- services it expected each case to match the catalog's rows / 200 of
  -- them (5.2M rows for 10^6 cases) and the hash join spilled at 4 MB in
  -- every efficiency view (doc/benchmarks.md, "Indicators", "The complaint
  -- views and the catalog promise"); joined on the item's key it expects
  -- no more rows than cases.  (The bundles grouped by their code look
  -- unique to the planner only while there are fewer than 200 of them.)
  LEFT JOIN service_affair.item pi ON pi.code = c.service
  LEFT JOIN service_affair.bundle_promise pb ON pb.bundle = c.service
  CROSS JOIN LATERAL (SELECT COALESCE(pi.max_visits, pb.max_visits) AS max_visits,
                             CASE WHEN pi.code IS NOT NULL THEN pi.legal_limit IS NOT NULL ELSE pb.has_legal_limit END AS has_legal_limit) p
  -- outer joins on unique keys: the planner drops them where a level reads neither column
  LEFT JOIN service_affair.department d ON d.code = c.department
  LEFT JOIN service_affair.service_point sp ON sp.code = c.receiving_point
 WHERE pi.code IS NOT NULL OR pb.bundle IS NOT NULL;
COMMENT ON VIEW service_affair.efficiency_facts IS
  'One row per case of a catalogued service: its keys (department, region, service, receiving point, local month of submission) and what it adds to each efficiency count; the definitions of the counts, read by efficiency_counts and every level of efficiency_rollup';
COMMENT ON COLUMN service_affair.efficiency_facts.department IS 'Handling department of the case (a bundle: its lead department)';
COMMENT ON COLUMN service_affair.efficiency_facts.region IS 'Region (GB/T 2260) of the handling department (department.region)';
COMMENT ON COLUMN service_affair.efficiency_facts.service IS 'Service code (item or bundle)';
COMMENT ON COLUMN service_affair.efficiency_facts.point IS 'Service point that received the case (cases.receiving_point); NULL: no point (online, mobile, or no point named)';
COMMENT ON COLUMN service_affair.efficiency_facts.point_level IS 'Level of that point; NULL when no point';
COMMENT ON COLUMN service_affair.efficiency_facts.month IS 'First day of the local month (case calendar time zone) of submission';
COMMENT ON COLUMN service_affair.efficiency_facts.accepted IS 'Accepted (accepted_at set)';
COMMENT ON COLUMN service_affair.efficiency_facts.returned IS 'The submission got a notice';
COMMENT ON COLUMN service_affair.efficiency_facts.tolerated IS 'Accepted with a tolerated material';
COMMENT ON COLUMN service_affair.efficiency_facts.online IS 'Submitted online or by mobile';
COMMENT ON COLUMN service_affair.efficiency_facts.concluded IS 'Concluded';
COMMENT ON COLUMN service_affair.efficiency_facts.collected IS 'Result delivered (collected), by any method';
COMMENT ON COLUMN service_affair.efficiency_facts.awaiting_collection IS 'Concluded, result not delivered yet';
COMMENT ON COLUMN service_affair.efficiency_facts.zero_visit IS 'Collected with no in-person visit at all (strict)';
COMMENT ON COLUMN service_affair.efficiency_facts.at_most_once IS 'Collected with at most one in-person visit at all (strict)';
COMMENT ON COLUMN service_affair.efficiency_facts.zero_visit_reform IS 'Collected with no visit from acceptance to collection (visits before acceptance left out)';
COMMENT ON COLUMN service_affair.efficiency_facts.at_most_once_reform IS 'Collected with at most one visit from acceptance to collection (visits before acceptance left out)';
COMMENT ON COLUMN service_affair.efficiency_facts.promise_kept IS 'Collected with visits from acceptance to collection within the service''s max_visits (service_promise)';
COMMENT ON COLUMN service_affair.efficiency_facts.immediate IS 'Concluded on its local acceptance day';
COMMENT ON COLUMN service_affair.efficiency_facts.overdue IS 'Concluded (local day) after its due date';
COMMENT ON COLUMN service_affair.efficiency_facts.workdays IS 'Working days from acceptance day to conclusion day; NULL when not concluded';
COMMENT ON COLUMN service_affair.efficiency_facts.reduced_materials IS 'cases.reduced_materials when accepted; else NULL';
COMMENT ON COLUMN service_affair.efficiency_facts.required_materials IS 'cases.required_materials when accepted; else NULL';
COMMENT ON COLUMN service_affair.efficiency_facts.promised_days IS 'Promised limit (working days) when accepted and the service has a legal limit; else NULL';
COMMENT ON COLUMN service_affair.efficiency_facts.legal_days IS 'Legal limit (working days) when accepted and the service had a legal limit at submission (cases.has_legal_limit; the current catalog for a case from before 0.2); else NULL';
COMMENT ON COLUMN service_affair.efficiency_facts.no_legal_limit IS 'Accepted, and the service had no legal limit at submission (cases.has_legal_limit; the current catalog for a case from before 0.2): left out of promised_days and legal_days';
COMMENT ON COLUMN service_affair.efficiency_facts.submitted_at IS 'When the case was submitted (cases.submitted_at): the bound of the scan of a period (efficiency_rollup_between())';
COMMENT ON COLUMN service_affair.efficiency_facts.case_id IS 'The case number (cases.id): it carries the month of submission, so the period''s bound on it leaves the history''s other months out of the plan (efficiency_rollup_between())';

CREATE VIEW service_affair.efficiency_counts AS
-- the live history's cases (one row each, counts as 0/1) and the counts of
-- the archived months (64_history.sql: archive_history_month() records them
-- as a month leaves), one aggregate over both, as in
-- efficiency_rollup_between(): an archived month keeps its counts, and a
-- group whose cases lie partly in an archived month and partly in the
-- history adds them up.  Grouped by the triple (department, service, point)
-- as one text[] key and the month, the region and the point's level joined
-- after grouping (both follow from the key: the current department and
-- service_point, for the live cases and the archived rows alike).  Grouped
-- by the six columns, the planner has no statistics for the columns of the
-- UNION ALL (or, for the live cases grouped first, counts the month as its
-- instants): it expected 5.2M groups at 10^6 cases for 20,659 real ones and
-- sorted the cases (an external merge of ~120 MB at 4 MB work_mem); with
-- two keys it expects 40,000 and hashes (doc/benchmarks.md, "Indicators",
-- "The counts views sorted their cases").  The triple groups as the three
-- columns do (array equality: NULL elements equal, as GROUP BY has it).
-- So a filter on region or point_level applies to the groups, after every
-- case is grouped; one on department, service, point or month reaches the
-- scan.  Analysts ask for a region's departments as an array, department =
-- ANY (ARRAY(SELECT ...)), which is pushed down (doc/indicators.md,
-- "Filtering the counts views by region or point level"; measured in
-- doc/benchmarks.md).
-- The archived counts are summed as integer as the live 0/1 are
-- (sum(integer) adds in bigint; sum(bigint) would add in numeric for every
-- case); an archived row's counts fit an integer (efficiency_archived_range,
-- 64_history.sql: the archive refuses a month past 2^31 - 1, 54000), so the
-- cast never fails (before that check a single row over it raised 22003).
-- A group whose sum of cases is 0 is left out, here and in the rollups
-- below: its counts are an archive's rows and the negated rows of a
-- restore, under keys the cases no longer have (a calendar's time zone
-- changed while the month was archived; until 2026-12-06 the group stayed,
-- every count 0; test/pgtap/history_archive_rounds.sql).
SELECT g.department, d.region, g.service, g.point, sp.level AS point_level, g.month,
       g.submitted, g.accepted, g.returned, g.tolerated, g.online, g.concluded, g.collected, g.awaiting_collection, g.zero_visit, g.at_most_once, g.zero_visit_reform, g.at_most_once_reform, g.promise_kept, g.immediate, g.overdue, g.workdays, g.reduced_materials, g.required_materials, g.promised_days, g.legal_days, g.no_legal_limit
  FROM (SELECT u.keys[1] AS department, u.keys[2] AS service, u.keys[3] AS point, u.month,
               COALESCE(pg_catalog.sum(u.submitted), 0)::bigint AS submitted,
               COALESCE(pg_catalog.sum(u.accepted), 0)::bigint AS accepted,
               COALESCE(pg_catalog.sum(u.returned), 0)::bigint AS returned,
               COALESCE(pg_catalog.sum(u.tolerated), 0)::bigint AS tolerated,
               COALESCE(pg_catalog.sum(u.online), 0)::bigint AS online,
               COALESCE(pg_catalog.sum(u.concluded), 0)::bigint AS concluded,
               COALESCE(pg_catalog.sum(u.collected), 0)::bigint AS collected,
               COALESCE(pg_catalog.sum(u.awaiting_collection), 0)::bigint AS awaiting_collection,
               COALESCE(pg_catalog.sum(u.zero_visit), 0)::bigint AS zero_visit,
               COALESCE(pg_catalog.sum(u.at_most_once), 0)::bigint AS at_most_once,
               COALESCE(pg_catalog.sum(u.zero_visit_reform), 0)::bigint AS zero_visit_reform,
               COALESCE(pg_catalog.sum(u.at_most_once_reform), 0)::bigint AS at_most_once_reform,
               COALESCE(pg_catalog.sum(u.promise_kept), 0)::bigint AS promise_kept,
               COALESCE(pg_catalog.sum(u.immediate), 0)::bigint AS immediate,
               COALESCE(pg_catalog.sum(u.overdue), 0)::bigint AS overdue,
               COALESCE(pg_catalog.sum(u.workdays), 0)::bigint AS workdays,
               COALESCE(pg_catalog.sum(u.reduced_materials), 0)::bigint AS reduced_materials,
               COALESCE(pg_catalog.sum(u.required_materials), 0)::bigint AS required_materials,
               COALESCE(pg_catalog.sum(u.promised_days), 0)::bigint AS promised_days,
               COALESCE(pg_catalog.sum(u.legal_days), 0)::bigint AS legal_days,
               COALESCE(pg_catalog.sum(u.no_legal_limit), 0)::bigint AS no_legal_limit
          FROM (SELECT ARRAY[e.department, e.service, e.point] AS keys, e.month, 1 AS submitted, e.accepted::integer AS accepted, e.returned::integer AS returned, e.tolerated::integer AS tolerated, e.online::integer AS online, e.concluded::integer AS concluded, e.collected::integer AS collected, e.awaiting_collection::integer AS awaiting_collection, e.zero_visit::integer AS zero_visit, e.at_most_once::integer AS at_most_once, e.zero_visit_reform::integer AS zero_visit_reform, e.at_most_once_reform::integer AS at_most_once_reform, e.promise_kept::integer AS promise_kept, e.immediate::integer AS immediate, e.overdue::integer AS overdue, e.workdays, e.reduced_materials, e.required_materials, e.promised_days, e.legal_days, e.no_legal_limit::integer AS no_legal_limit
                  FROM service_affair.efficiency_facts e
                UNION ALL
                SELECT ARRAY[a.department, a.service, a.point], a.month, a.submitted::integer, a.accepted::integer, a.returned::integer, a.tolerated::integer, a.online::integer, a.concluded::integer, a.collected::integer, a.awaiting_collection::integer, a.zero_visit::integer, a.at_most_once::integer, a.zero_visit_reform::integer, a.at_most_once_reform::integer, a.promise_kept::integer, a.immediate::integer, a.overdue::integer, a.workdays::integer, a.reduced_materials::integer, a.required_materials::integer, a.promised_days::integer, a.legal_days::integer, a.no_legal_limit::integer
                  FROM service_affair.efficiency_archived a) u
         GROUP BY u.keys, u.month HAVING pg_catalog.sum(u.submitted) <> 0) g
  LEFT JOIN service_affair.department d ON d.code = g.department
  LEFT JOIN service_affair.service_point sp ON sp.code = g.point;
COMMENT ON VIEW service_affair.efficiency_counts IS
  'Additive counts behind the efficiency indicators per department, region, service, receiving point and local month of submission (sum them to re-aggregate; never average the rates); visits and materials read from the case row; the live history''s cases plus the counts of archived months (efficiency_archived); a group with no case (counts a restore took back to zero) is left out';
COMMENT ON COLUMN service_affair.efficiency_counts.department IS 'Handling department of the cases (a bundle: its lead department)';
COMMENT ON COLUMN service_affair.efficiency_counts.region IS 'Region (GB/T 2260) of the handling department (department.region)';
COMMENT ON COLUMN service_affair.efficiency_counts.service IS 'Service code (item or bundle)';
COMMENT ON COLUMN service_affair.efficiency_counts.point IS 'Service point that received the cases (cases.receiving_point); NULL: no point (online, mobile, or no point named)';
COMMENT ON COLUMN service_affair.efficiency_counts.point_level IS 'Level of that point (county centre; town, village, bank: 就近办; kiosk; mobile); NULL when no point';
COMMENT ON COLUMN service_affair.efficiency_counts.month IS 'First day of the local month (case calendar time zone) of submission';
COMMENT ON COLUMN service_affair.efficiency_counts.submitted IS 'Cases submitted';
COMMENT ON COLUMN service_affair.efficiency_counts.accepted IS 'Cases accepted (accepted_at set)';
COMMENT ON COLUMN service_affair.efficiency_counts.returned IS 'Cases whose submission got a notice';
COMMENT ON COLUMN service_affair.efficiency_counts.tolerated IS 'Cases accepted with a tolerated material';
COMMENT ON COLUMN service_affair.efficiency_counts.online IS 'Cases submitted online or by mobile';
COMMENT ON COLUMN service_affair.efficiency_counts.concluded IS 'Cases concluded';
COMMENT ON COLUMN service_affair.efficiency_counts.collected IS 'Cases whose result was delivered (collected), by any method';
COMMENT ON COLUMN service_affair.efficiency_counts.awaiting_collection IS 'Cases concluded whose result is not delivered yet';
COMMENT ON COLUMN service_affair.efficiency_counts.zero_visit IS 'Collected cases with no in-person visit at all (strict)';
COMMENT ON COLUMN service_affair.efficiency_counts.at_most_once IS 'Collected cases with at most one in-person visit at all (strict)';
COMMENT ON COLUMN service_affair.efficiency_counts.zero_visit_reform IS 'Collected cases with no visit from acceptance to collection (visits before acceptance left out)';
COMMENT ON COLUMN service_affair.efficiency_counts.at_most_once_reform IS 'Collected cases with at most one visit from acceptance to collection (visits before acceptance left out)';
COMMENT ON COLUMN service_affair.efficiency_counts.promise_kept IS 'Collected cases whose visits from acceptance to collection are within the service''s max_visits';
COMMENT ON COLUMN service_affair.efficiency_counts.immediate IS 'Concluded cases concluded on their local acceptance day';
COMMENT ON COLUMN service_affair.efficiency_counts.overdue IS 'Concluded cases concluded (local day) after their due date';
COMMENT ON COLUMN service_affair.efficiency_counts.workdays IS 'Σ working days from acceptance day to conclusion day over concluded cases';
COMMENT ON COLUMN service_affair.efficiency_counts.reduced_materials IS 'Required materials of accepted cases satisfied at submission by shared data or a commitment (cases.reduced_materials)';
COMMENT ON COLUMN service_affair.efficiency_counts.required_materials IS 'Required materials of accepted cases (cases.required_materials)';
COMMENT ON COLUMN service_affair.efficiency_counts.promised_days IS 'Σ promised limits (working days) of accepted cases of services with a legal limit';
COMMENT ON COLUMN service_affair.efficiency_counts.legal_days IS 'Σ legal limits (working days) of accepted cases of services with a legal limit';
COMMENT ON COLUMN service_affair.efficiency_counts.no_legal_limit IS 'Accepted cases of services without a legal limit (left out of promised_days and legal_days)';

-- The bound of a period's scan: the instant from which (last false: the
-- start of from_month's month less a day) or before which (last true: the
-- end of to_month's month plus a day) the cases, ratings or complaints of the
-- period's local months were submitted or received (a local month starts
-- within 14 hours of its UTC midnight; the local month still decides).  A
-- month beyond the range of timestamptz gives -infinity / infinity, whichever
-- side it bounds: nothing lies beyond them, and the arithmetic would
-- overflow (22008).  IMMUTABLE, so that a
-- period rollup's custom plan folds it into constants the index on the
-- instant can use.
CREATE FUNCTION service_affair.period_scan_bound(month date, last boolean) RETURNS timestamptz
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF month IS NULL OR last IS NULL THEN
        RAISE EXCEPTION 'a period needs both of its months'
              USING ERRCODE = 'invalid_parameter_value',
                    DETAIL = CASE WHEN last THEN 'to_month is NULL.' WHEN NOT last THEN 'from_month is NULL.'
                                  ELSE 'The bound asked for is NULL.' END;
    END IF;
    -- beyond either end of timestamptz on either side: a from_month after
    -- the last timestamp starts after everything (infinity), a to_month
    -- before the first one stops before everything (-infinity)
    IF NOT last THEN
        RETURN CASE WHEN month < date '4713-02-01 BC' THEN timestamptz '-infinity'
                    WHEN month > date '294276-12-31' THEN timestamptz 'infinity'
                    ELSE (date_trunc('month', month::timestamp) - interval '1 day') AT TIME ZONE 'UTC' END;
    END IF;
    RETURN CASE WHEN month >= date '294276-11-01' THEN timestamptz 'infinity'
                WHEN month < date '4714-12-01 BC' THEN timestamptz '-infinity'
                ELSE (date_trunc('month', month::timestamp) + interval '1 month 1 day') AT TIME ZONE 'UTC' END;
END
$$;
COMMENT ON FUNCTION service_affair.period_scan_bound(date, boolean) IS
  'Internal: where the scan of a period from from_month (last false: its month''s start less a day, UTC) to to_month (last true: its month''s end plus a day) starts or stops; -infinity / infinity for months beyond either end of timestamptz, on either side (a from_month after the last timestamp: infinity; a to_month before the first: -infinity), never 22008; 22023 for a NULL month (the period functions of efficiency, satisfaction and complaints)';
REVOKE EXECUTE ON FUNCTION service_affair.period_scan_bound(date, boolean) FROM PUBLIC;

-- The levels of a period rollup's rows, and the refusal of any other asked
-- for: a NULL element or a name that is no level of the rollup (a typo,
-- 'departments'; 'service' of the complaints) is 22023 naming it.  Until
-- 2026-12-07 it matched no row and the call answered nothing at all, not
-- even the overall row, without a word (a hostile review).  One list per
-- rollup, read by the single node's period rollups and by the province's
-- (service_affair_province.rebuild_period_functions()).
CREATE FUNCTION service_affair.period_levels_checked(rollup text, levels text[]) RETURNS boolean
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_known text[] := CASE rollup WHEN 'complaint' THEN ARRAY['department', 'region', 'point', 'overall']
                                  WHEN 'efficiency' THEN ARRAY['service', 'department', 'region', 'point', 'overall']
                                  WHEN 'satisfaction' THEN ARRAY['service', 'department', 'region', 'point', 'overall'] END;
    v_level text;
BEGIN
    IF v_known IS NULL THEN
        RAISE EXCEPTION 'unknown period rollup'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Rollup %s is not one of efficiency, satisfaction, complaint.',
                                             COALESCE(pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(rollup, 64))), 'NULL'));
    END IF;
    SELECT l INTO v_level FROM pg_catalog.unnest(levels) l
     WHERE l IS NULL OR NOT (l = ANY (v_known))
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'invalid level'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('Level %s is not one of %s.',
                                             COALESCE(pg_catalog.quote_literal(service_affair.printable(pg_catalog.left(v_level, 64))), 'NULL'),
                                             pg_catalog.array_to_string(v_known, ', '));
    END IF;
    RETURN true;
END
$$;
COMMENT ON FUNCTION service_affair.period_levels_checked(text, text[]) IS
  'Internal: true when every element of levels is a level of the period rollup (efficiency, satisfaction: service, department, region, point, overall; complaint: department, region, point, overall) or levels is NULL; 22023 naming a NULL or unknown level (printable, 64 characters) or an unknown rollup (the period rollups of the single node and of the province)';
REVOKE EXECUTE ON FUNCTION service_affair.period_levels_checked(text, text[]) FROM PUBLIC;

-- The rollup of the cases submitted in [submitted_from, submitted_before):
-- efficiency_rollup is it over all time (-infinity, infinity), and the period
-- functions bound the scan of cases to the period's months (with a margin
-- for the local day), which the index on cases.submitted_at (40_cases.sql)
-- serves: a month's report reads about a month of cases, not the whole
-- history (doc/benchmarks.md).  SQL
-- with a standard body, no SET and not STRICT, so that the planner inlines
-- it into the view and into efficiency_period_rollup() (the body is bound
-- at creation: no search_path is looked up when it runs).
CREATE FUNCTION service_affair.efficiency_rollup_between(submitted_from timestamptz, submitted_before timestamptz)
    RETURNS TABLE (level text, department text, region text, service text, point text, point_level text, month date,
    submitted bigint,
    accepted bigint,
    returned bigint,
    tolerated bigint,
    online bigint,
    concluded bigint,
    collected bigint,
    awaiting_collection bigint,
    zero_visit bigint,
    at_most_once bigint,
    zero_visit_reform bigint,
    at_most_once_reform bigint,
    promise_kept bigint,
    immediate bigint,
    overdue bigint,
    workdays bigint,
    reduced_materials bigint,
    required_materials bigint,
    promised_days bigint,
    legal_days bigint,
    no_legal_limit bigint)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
-- one aggregate per level over the live history's cases (one row each,
-- counts as 0/1) and the counts of archived months (64_history.sql:
-- archive_history_month() records them as a month leaves), unioned below
-- it: an archived month keeps its counts, and a local month whose cases lie
-- partly in an archived month and partly in the history (or in two archived
-- months) adds them up.  Not an aggregate of the live groups and another
-- of the archived ones summed by a third above them: that plan compiled
-- 75-77 JIT functions instead of 51 at 10^6 cases, the archived table
-- empty (doc/benchmarks.md, "Indicators", 2026-12-06).  The archived
-- counts are summed as integer as the live 0/1 are (sum(integer) adds in
-- bigint; sum(bigint) would add in numeric for every case); an archived
-- row's counts fit an integer (efficiency_archived_range, 64_history.sql:
-- the archive refuses a month past 2^31 - 1, 54000), so the cast never
-- fails (before that check a single row over it raised 22003).
-- The archived rows of a level are joined as the live cases' are (the
-- current department and service_point); the archived months from a month
-- before the scan's start to its end (x.month decides in the period
-- functions)
-- level service: grouped by the pair (department, service) as one text[]
-- key, not by the two columns.  The planner has no statistics for the
-- columns of the UNION ALL below, so it takes 200 values for each grouping
-- column: 200^3 = 8M groups for three columns (clamped to a tenth of the
-- input, 520,478 at 10^6 cases, for 504 real groups), and it then sorted
-- the cases (1M rows, an external merge of ~100 MB) for a GroupAggregate
-- that ran in twice the time of the hashed one.  With two columns it
-- expects 40,000 groups and hashes, as at the department level
-- (doc/benchmarks.md, "Indicators", 2026-12-06).  The pair groups as the
-- two columns do (array equality: NULL elements equal, as GROUP BY has it).
SELECT 'service'::text AS level, g.department, d.region AS region, g.service, NULL::text AS point, NULL::text AS point_level, g.month,
       g.submitted, g.accepted, g.returned, g.tolerated, g.online, g.concluded, g.collected, g.awaiting_collection, g.zero_visit, g.at_most_once, g.zero_visit_reform, g.at_most_once_reform, g.promise_kept, g.immediate, g.overdue, g.workdays, g.reduced_materials, g.required_materials, g.promised_days, g.legal_days, g.no_legal_limit
  FROM (SELECT u.department_service[1] AS department, u.department_service[2] AS service, u.month,
               COALESCE(pg_catalog.sum(u.submitted), 0)::bigint AS submitted,
               COALESCE(pg_catalog.sum(u.accepted), 0)::bigint AS accepted,
               COALESCE(pg_catalog.sum(u.returned), 0)::bigint AS returned,
               COALESCE(pg_catalog.sum(u.tolerated), 0)::bigint AS tolerated,
               COALESCE(pg_catalog.sum(u.online), 0)::bigint AS online,
               COALESCE(pg_catalog.sum(u.concluded), 0)::bigint AS concluded,
               COALESCE(pg_catalog.sum(u.collected), 0)::bigint AS collected,
               COALESCE(pg_catalog.sum(u.awaiting_collection), 0)::bigint AS awaiting_collection,
               COALESCE(pg_catalog.sum(u.zero_visit), 0)::bigint AS zero_visit,
               COALESCE(pg_catalog.sum(u.at_most_once), 0)::bigint AS at_most_once,
               COALESCE(pg_catalog.sum(u.zero_visit_reform), 0)::bigint AS zero_visit_reform,
               COALESCE(pg_catalog.sum(u.at_most_once_reform), 0)::bigint AS at_most_once_reform,
               COALESCE(pg_catalog.sum(u.promise_kept), 0)::bigint AS promise_kept,
               COALESCE(pg_catalog.sum(u.immediate), 0)::bigint AS immediate,
               COALESCE(pg_catalog.sum(u.overdue), 0)::bigint AS overdue,
               COALESCE(pg_catalog.sum(u.workdays), 0)::bigint AS workdays,
               COALESCE(pg_catalog.sum(u.reduced_materials), 0)::bigint AS reduced_materials,
               COALESCE(pg_catalog.sum(u.required_materials), 0)::bigint AS required_materials,
               COALESCE(pg_catalog.sum(u.promised_days), 0)::bigint AS promised_days,
               COALESCE(pg_catalog.sum(u.legal_days), 0)::bigint AS legal_days,
               COALESCE(pg_catalog.sum(u.no_legal_limit), 0)::bigint AS no_legal_limit
          FROM (SELECT ARRAY[e.department, e.service] AS department_service, e.month, 1 AS submitted, e.accepted::integer AS accepted, e.returned::integer AS returned, e.tolerated::integer AS tolerated, e.online::integer AS online, e.concluded::integer AS concluded, e.collected::integer AS collected, e.awaiting_collection::integer AS awaiting_collection, e.zero_visit::integer AS zero_visit, e.at_most_once::integer AS at_most_once, e.zero_visit_reform::integer AS zero_visit_reform, e.at_most_once_reform::integer AS at_most_once_reform, e.promise_kept::integer AS promise_kept, e.immediate::integer AS immediate, e.overdue::integer AS overdue, e.workdays, e.reduced_materials, e.required_materials, e.promised_days, e.legal_days, e.no_legal_limit::integer AS no_legal_limit
                 FROM service_affair.efficiency_facts e
                 WHERE e.submitted_at >= submitted_from AND e.submitted_at < submitted_before
                   -- the same bound on the number, which carries the month (38_case_ids.sql):
                   -- the planner leaves the history's other months out
                   AND service_affair.number_in_months(e.case_id, submitted_from, submitted_before)
               UNION ALL
               SELECT ARRAY[a.department, a.service], a.month, a.submitted::integer, a.accepted::integer, a.returned::integer, a.tolerated::integer, a.online::integer, a.concluded::integer, a.collected::integer, a.awaiting_collection::integer, a.zero_visit::integer, a.at_most_once::integer, a.zero_visit_reform::integer, a.at_most_once_reform::integer, a.promise_kept::integer, a.immediate::integer, a.overdue::integer, a.workdays::integer, a.reduced_materials::integer, a.required_materials::integer, a.promised_days::integer, a.legal_days::integer, a.no_legal_limit::integer
                 FROM service_affair.efficiency_archived a
                 WHERE a.month > (submitted_from AT TIME ZONE 'UTC')::date - 32
                   AND a.month <= (submitted_before AT TIME ZONE 'UTC')::date) u
         GROUP BY u.department_service, u.month HAVING pg_catalog.sum(u.submitted) <> 0) g
  -- the department's region joined after grouping (header: why not a subquery)
  LEFT JOIN service_affair.department d ON d.code = g.department
UNION ALL
-- level department
SELECT 'department', g.department, d.region, NULL::text, NULL::text, NULL::text, g.month,
       g.submitted, g.accepted, g.returned, g.tolerated, g.online, g.concluded, g.collected, g.awaiting_collection, g.zero_visit, g.at_most_once, g.zero_visit_reform, g.at_most_once_reform, g.promise_kept, g.immediate, g.overdue, g.workdays, g.reduced_materials, g.required_materials, g.promised_days, g.legal_days, g.no_legal_limit
  FROM (SELECT u.department, u.month,
               COALESCE(pg_catalog.sum(u.submitted), 0)::bigint AS submitted,
               COALESCE(pg_catalog.sum(u.accepted), 0)::bigint AS accepted,
               COALESCE(pg_catalog.sum(u.returned), 0)::bigint AS returned,
               COALESCE(pg_catalog.sum(u.tolerated), 0)::bigint AS tolerated,
               COALESCE(pg_catalog.sum(u.online), 0)::bigint AS online,
               COALESCE(pg_catalog.sum(u.concluded), 0)::bigint AS concluded,
               COALESCE(pg_catalog.sum(u.collected), 0)::bigint AS collected,
               COALESCE(pg_catalog.sum(u.awaiting_collection), 0)::bigint AS awaiting_collection,
               COALESCE(pg_catalog.sum(u.zero_visit), 0)::bigint AS zero_visit,
               COALESCE(pg_catalog.sum(u.at_most_once), 0)::bigint AS at_most_once,
               COALESCE(pg_catalog.sum(u.zero_visit_reform), 0)::bigint AS zero_visit_reform,
               COALESCE(pg_catalog.sum(u.at_most_once_reform), 0)::bigint AS at_most_once_reform,
               COALESCE(pg_catalog.sum(u.promise_kept), 0)::bigint AS promise_kept,
               COALESCE(pg_catalog.sum(u.immediate), 0)::bigint AS immediate,
               COALESCE(pg_catalog.sum(u.overdue), 0)::bigint AS overdue,
               COALESCE(pg_catalog.sum(u.workdays), 0)::bigint AS workdays,
               COALESCE(pg_catalog.sum(u.reduced_materials), 0)::bigint AS reduced_materials,
               COALESCE(pg_catalog.sum(u.required_materials), 0)::bigint AS required_materials,
               COALESCE(pg_catalog.sum(u.promised_days), 0)::bigint AS promised_days,
               COALESCE(pg_catalog.sum(u.legal_days), 0)::bigint AS legal_days,
               COALESCE(pg_catalog.sum(u.no_legal_limit), 0)::bigint AS no_legal_limit
          FROM (SELECT e.department, e.month, 1 AS submitted, e.accepted::integer AS accepted, e.returned::integer AS returned, e.tolerated::integer AS tolerated, e.online::integer AS online, e.concluded::integer AS concluded, e.collected::integer AS collected, e.awaiting_collection::integer AS awaiting_collection, e.zero_visit::integer AS zero_visit, e.at_most_once::integer AS at_most_once, e.zero_visit_reform::integer AS zero_visit_reform, e.at_most_once_reform::integer AS at_most_once_reform, e.promise_kept::integer AS promise_kept, e.immediate::integer AS immediate, e.overdue::integer AS overdue, e.workdays, e.reduced_materials, e.required_materials, e.promised_days, e.legal_days, e.no_legal_limit::integer AS no_legal_limit
                 FROM service_affair.efficiency_facts e
                 WHERE e.submitted_at >= submitted_from AND e.submitted_at < submitted_before
                   -- the same bound on the number, which carries the month (38_case_ids.sql):
                   -- the planner leaves the history's other months out
                   AND service_affair.number_in_months(e.case_id, submitted_from, submitted_before)
               UNION ALL
               SELECT a.department, a.month, a.submitted::integer, a.accepted::integer, a.returned::integer, a.tolerated::integer, a.online::integer, a.concluded::integer, a.collected::integer, a.awaiting_collection::integer, a.zero_visit::integer, a.at_most_once::integer, a.zero_visit_reform::integer, a.at_most_once_reform::integer, a.promise_kept::integer, a.immediate::integer, a.overdue::integer, a.workdays::integer, a.reduced_materials::integer, a.required_materials::integer, a.promised_days::integer, a.legal_days::integer, a.no_legal_limit::integer
                 FROM service_affair.efficiency_archived a
                 WHERE a.month > (submitted_from AT TIME ZONE 'UTC')::date - 32
                   AND a.month <= (submitted_before AT TIME ZONE 'UTC')::date) u
         GROUP BY u.department, u.month HAVING pg_catalog.sum(u.submitted) <> 0) g
  -- the department's region joined after grouping (header: why not a subquery)
  LEFT JOIN service_affair.department d ON d.code = g.department
UNION ALL
-- level region
-- (the departments' groups summed per region: grouped by region directly,
-- the cases went through a sort spilled to disk, the planner expecting
-- ~2M groups of this wide row; by department it hashes them, as the
-- department level does, and the per-case join of department drops out;
-- doc/benchmarks.md, "Indicators", 2026-12-06)
SELECT 'region', NULL::text, g.region, NULL::text, NULL::text, NULL::text, g.month,
       g.submitted, g.accepted, g.returned, g.tolerated, g.online, g.concluded, g.collected, g.awaiting_collection, g.zero_visit, g.at_most_once, g.zero_visit_reform, g.at_most_once_reform, g.promise_kept, g.immediate, g.overdue, g.workdays, g.reduced_materials, g.required_materials, g.promised_days, g.legal_days, g.no_legal_limit
  FROM (SELECT d.region, g0.month,
               pg_catalog.sum(g0.submitted)::bigint AS submitted,
               pg_catalog.sum(g0.accepted)::bigint AS accepted,
               pg_catalog.sum(g0.returned)::bigint AS returned,
               pg_catalog.sum(g0.tolerated)::bigint AS tolerated,
               pg_catalog.sum(g0.online)::bigint AS online,
               pg_catalog.sum(g0.concluded)::bigint AS concluded,
               pg_catalog.sum(g0.collected)::bigint AS collected,
               pg_catalog.sum(g0.awaiting_collection)::bigint AS awaiting_collection,
               pg_catalog.sum(g0.zero_visit)::bigint AS zero_visit,
               pg_catalog.sum(g0.at_most_once)::bigint AS at_most_once,
               pg_catalog.sum(g0.zero_visit_reform)::bigint AS zero_visit_reform,
               pg_catalog.sum(g0.at_most_once_reform)::bigint AS at_most_once_reform,
               pg_catalog.sum(g0.promise_kept)::bigint AS promise_kept,
               pg_catalog.sum(g0.immediate)::bigint AS immediate,
               pg_catalog.sum(g0.overdue)::bigint AS overdue,
               pg_catalog.sum(g0.workdays)::bigint AS workdays,
               pg_catalog.sum(g0.reduced_materials)::bigint AS reduced_materials,
               pg_catalog.sum(g0.required_materials)::bigint AS required_materials,
               pg_catalog.sum(g0.promised_days)::bigint AS promised_days,
               pg_catalog.sum(g0.legal_days)::bigint AS legal_days,
               pg_catalog.sum(g0.no_legal_limit)::bigint AS no_legal_limit
          FROM (SELECT u.department, u.month,
                       COALESCE(pg_catalog.sum(u.submitted), 0)::bigint AS submitted,
                       COALESCE(pg_catalog.sum(u.accepted), 0)::bigint AS accepted,
                       COALESCE(pg_catalog.sum(u.returned), 0)::bigint AS returned,
                       COALESCE(pg_catalog.sum(u.tolerated), 0)::bigint AS tolerated,
                       COALESCE(pg_catalog.sum(u.online), 0)::bigint AS online,
                       COALESCE(pg_catalog.sum(u.concluded), 0)::bigint AS concluded,
                       COALESCE(pg_catalog.sum(u.collected), 0)::bigint AS collected,
                       COALESCE(pg_catalog.sum(u.awaiting_collection), 0)::bigint AS awaiting_collection,
                       COALESCE(pg_catalog.sum(u.zero_visit), 0)::bigint AS zero_visit,
                       COALESCE(pg_catalog.sum(u.at_most_once), 0)::bigint AS at_most_once,
                       COALESCE(pg_catalog.sum(u.zero_visit_reform), 0)::bigint AS zero_visit_reform,
                       COALESCE(pg_catalog.sum(u.at_most_once_reform), 0)::bigint AS at_most_once_reform,
                       COALESCE(pg_catalog.sum(u.promise_kept), 0)::bigint AS promise_kept,
                       COALESCE(pg_catalog.sum(u.immediate), 0)::bigint AS immediate,
                       COALESCE(pg_catalog.sum(u.overdue), 0)::bigint AS overdue,
                       COALESCE(pg_catalog.sum(u.workdays), 0)::bigint AS workdays,
                       COALESCE(pg_catalog.sum(u.reduced_materials), 0)::bigint AS reduced_materials,
                       COALESCE(pg_catalog.sum(u.required_materials), 0)::bigint AS required_materials,
                       COALESCE(pg_catalog.sum(u.promised_days), 0)::bigint AS promised_days,
                       COALESCE(pg_catalog.sum(u.legal_days), 0)::bigint AS legal_days,
                       COALESCE(pg_catalog.sum(u.no_legal_limit), 0)::bigint AS no_legal_limit
                  FROM (SELECT e.department, e.month, 1 AS submitted, e.accepted::integer AS accepted, e.returned::integer AS returned, e.tolerated::integer AS tolerated, e.online::integer AS online, e.concluded::integer AS concluded, e.collected::integer AS collected, e.awaiting_collection::integer AS awaiting_collection, e.zero_visit::integer AS zero_visit, e.at_most_once::integer AS at_most_once, e.zero_visit_reform::integer AS zero_visit_reform, e.at_most_once_reform::integer AS at_most_once_reform, e.promise_kept::integer AS promise_kept, e.immediate::integer AS immediate, e.overdue::integer AS overdue, e.workdays, e.reduced_materials, e.required_materials, e.promised_days, e.legal_days, e.no_legal_limit::integer AS no_legal_limit
                         FROM service_affair.efficiency_facts e
                 WHERE e.submitted_at >= submitted_from AND e.submitted_at < submitted_before
                   -- the same bound on the number, which carries the month (38_case_ids.sql):
                   -- the planner leaves the history's other months out
                   AND service_affair.number_in_months(e.case_id, submitted_from, submitted_before)
                       UNION ALL
                       SELECT a.department, a.month, a.submitted::integer, a.accepted::integer, a.returned::integer, a.tolerated::integer, a.online::integer, a.concluded::integer, a.collected::integer, a.awaiting_collection::integer, a.zero_visit::integer, a.at_most_once::integer, a.zero_visit_reform::integer, a.at_most_once_reform::integer, a.promise_kept::integer, a.immediate::integer, a.overdue::integer, a.workdays::integer, a.reduced_materials::integer, a.required_materials::integer, a.promised_days::integer, a.legal_days::integer, a.no_legal_limit::integer
                         FROM service_affair.efficiency_archived a
                 WHERE a.month > (submitted_from AT TIME ZONE 'UTC')::date - 32
                   AND a.month <= (submitted_before AT TIME ZONE 'UTC')::date) u
                 GROUP BY u.department, u.month HAVING pg_catalog.sum(u.submitted) <> 0) g0
          LEFT JOIN service_affair.department d ON d.code = g0.department
         GROUP BY d.region, g0.month) g
UNION ALL
-- level point: grouped by the point and month, its level joined after
-- grouping (the current service_point, as the live cases' and the archived
-- rows' level are: it follows from the point).  Grouped by three columns,
-- the planner expected 520,478 groups at 10^6 cases (see level service)
-- and sorted the cases
SELECT 'point', NULL::text, NULL::text, NULL::text, g.point, sp.level, g.month,
       g.submitted, g.accepted, g.returned, g.tolerated, g.online, g.concluded, g.collected, g.awaiting_collection, g.zero_visit, g.at_most_once, g.zero_visit_reform, g.at_most_once_reform, g.promise_kept, g.immediate, g.overdue, g.workdays, g.reduced_materials, g.required_materials, g.promised_days, g.legal_days, g.no_legal_limit
  FROM (SELECT u.point, u.month,
               COALESCE(pg_catalog.sum(u.submitted), 0)::bigint AS submitted,
               COALESCE(pg_catalog.sum(u.accepted), 0)::bigint AS accepted,
               COALESCE(pg_catalog.sum(u.returned), 0)::bigint AS returned,
               COALESCE(pg_catalog.sum(u.tolerated), 0)::bigint AS tolerated,
               COALESCE(pg_catalog.sum(u.online), 0)::bigint AS online,
               COALESCE(pg_catalog.sum(u.concluded), 0)::bigint AS concluded,
               COALESCE(pg_catalog.sum(u.collected), 0)::bigint AS collected,
               COALESCE(pg_catalog.sum(u.awaiting_collection), 0)::bigint AS awaiting_collection,
               COALESCE(pg_catalog.sum(u.zero_visit), 0)::bigint AS zero_visit,
               COALESCE(pg_catalog.sum(u.at_most_once), 0)::bigint AS at_most_once,
               COALESCE(pg_catalog.sum(u.zero_visit_reform), 0)::bigint AS zero_visit_reform,
               COALESCE(pg_catalog.sum(u.at_most_once_reform), 0)::bigint AS at_most_once_reform,
               COALESCE(pg_catalog.sum(u.promise_kept), 0)::bigint AS promise_kept,
               COALESCE(pg_catalog.sum(u.immediate), 0)::bigint AS immediate,
               COALESCE(pg_catalog.sum(u.overdue), 0)::bigint AS overdue,
               COALESCE(pg_catalog.sum(u.workdays), 0)::bigint AS workdays,
               COALESCE(pg_catalog.sum(u.reduced_materials), 0)::bigint AS reduced_materials,
               COALESCE(pg_catalog.sum(u.required_materials), 0)::bigint AS required_materials,
               COALESCE(pg_catalog.sum(u.promised_days), 0)::bigint AS promised_days,
               COALESCE(pg_catalog.sum(u.legal_days), 0)::bigint AS legal_days,
               COALESCE(pg_catalog.sum(u.no_legal_limit), 0)::bigint AS no_legal_limit
          FROM (SELECT e.point, e.month, 1 AS submitted, e.accepted::integer AS accepted, e.returned::integer AS returned, e.tolerated::integer AS tolerated, e.online::integer AS online, e.concluded::integer AS concluded, e.collected::integer AS collected, e.awaiting_collection::integer AS awaiting_collection, e.zero_visit::integer AS zero_visit, e.at_most_once::integer AS at_most_once, e.zero_visit_reform::integer AS zero_visit_reform, e.at_most_once_reform::integer AS at_most_once_reform, e.promise_kept::integer AS promise_kept, e.immediate::integer AS immediate, e.overdue::integer AS overdue, e.workdays, e.reduced_materials, e.required_materials, e.promised_days, e.legal_days, e.no_legal_limit::integer AS no_legal_limit
                 FROM service_affair.efficiency_facts e
                 WHERE e.submitted_at >= submitted_from AND e.submitted_at < submitted_before
                   -- the same bound on the number, which carries the month (38_case_ids.sql):
                   -- the planner leaves the history's other months out
                   AND service_affair.number_in_months(e.case_id, submitted_from, submitted_before)
               UNION ALL
               SELECT a.point, a.month, a.submitted::integer, a.accepted::integer, a.returned::integer, a.tolerated::integer, a.online::integer, a.concluded::integer, a.collected::integer, a.awaiting_collection::integer, a.zero_visit::integer, a.at_most_once::integer, a.zero_visit_reform::integer, a.at_most_once_reform::integer, a.promise_kept::integer, a.immediate::integer, a.overdue::integer, a.workdays::integer, a.reduced_materials::integer, a.required_materials::integer, a.promised_days::integer, a.legal_days::integer, a.no_legal_limit::integer
                 FROM service_affair.efficiency_archived a
                 WHERE a.month > (submitted_from AT TIME ZONE 'UTC')::date - 32
                   AND a.month <= (submitted_before AT TIME ZONE 'UTC')::date) u
         GROUP BY u.point, u.month HAVING pg_catalog.sum(u.submitted) <> 0) g
  LEFT JOIN service_affair.service_point sp ON sp.code = g.point
UNION ALL
-- level overall
SELECT 'overall', NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, g.month,
       g.submitted, g.accepted, g.returned, g.tolerated, g.online, g.concluded, g.collected, g.awaiting_collection, g.zero_visit, g.at_most_once, g.zero_visit_reform, g.at_most_once_reform, g.promise_kept, g.immediate, g.overdue, g.workdays, g.reduced_materials, g.required_materials, g.promised_days, g.legal_days, g.no_legal_limit
  FROM (SELECT u.month,
               COALESCE(pg_catalog.sum(u.submitted), 0)::bigint AS submitted,
               COALESCE(pg_catalog.sum(u.accepted), 0)::bigint AS accepted,
               COALESCE(pg_catalog.sum(u.returned), 0)::bigint AS returned,
               COALESCE(pg_catalog.sum(u.tolerated), 0)::bigint AS tolerated,
               COALESCE(pg_catalog.sum(u.online), 0)::bigint AS online,
               COALESCE(pg_catalog.sum(u.concluded), 0)::bigint AS concluded,
               COALESCE(pg_catalog.sum(u.collected), 0)::bigint AS collected,
               COALESCE(pg_catalog.sum(u.awaiting_collection), 0)::bigint AS awaiting_collection,
               COALESCE(pg_catalog.sum(u.zero_visit), 0)::bigint AS zero_visit,
               COALESCE(pg_catalog.sum(u.at_most_once), 0)::bigint AS at_most_once,
               COALESCE(pg_catalog.sum(u.zero_visit_reform), 0)::bigint AS zero_visit_reform,
               COALESCE(pg_catalog.sum(u.at_most_once_reform), 0)::bigint AS at_most_once_reform,
               COALESCE(pg_catalog.sum(u.promise_kept), 0)::bigint AS promise_kept,
               COALESCE(pg_catalog.sum(u.immediate), 0)::bigint AS immediate,
               COALESCE(pg_catalog.sum(u.overdue), 0)::bigint AS overdue,
               COALESCE(pg_catalog.sum(u.workdays), 0)::bigint AS workdays,
               COALESCE(pg_catalog.sum(u.reduced_materials), 0)::bigint AS reduced_materials,
               COALESCE(pg_catalog.sum(u.required_materials), 0)::bigint AS required_materials,
               COALESCE(pg_catalog.sum(u.promised_days), 0)::bigint AS promised_days,
               COALESCE(pg_catalog.sum(u.legal_days), 0)::bigint AS legal_days,
               COALESCE(pg_catalog.sum(u.no_legal_limit), 0)::bigint AS no_legal_limit
          FROM (SELECT e.month, 1 AS submitted, e.accepted::integer AS accepted, e.returned::integer AS returned, e.tolerated::integer AS tolerated, e.online::integer AS online, e.concluded::integer AS concluded, e.collected::integer AS collected, e.awaiting_collection::integer AS awaiting_collection, e.zero_visit::integer AS zero_visit, e.at_most_once::integer AS at_most_once, e.zero_visit_reform::integer AS zero_visit_reform, e.at_most_once_reform::integer AS at_most_once_reform, e.promise_kept::integer AS promise_kept, e.immediate::integer AS immediate, e.overdue::integer AS overdue, e.workdays, e.reduced_materials, e.required_materials, e.promised_days, e.legal_days, e.no_legal_limit::integer AS no_legal_limit
                 FROM service_affair.efficiency_facts e
                 WHERE e.submitted_at >= submitted_from AND e.submitted_at < submitted_before
                   -- the same bound on the number, which carries the month (38_case_ids.sql):
                   -- the planner leaves the history's other months out
                   AND service_affair.number_in_months(e.case_id, submitted_from, submitted_before)
               UNION ALL
               SELECT a.month, a.submitted::integer, a.accepted::integer, a.returned::integer, a.tolerated::integer, a.online::integer, a.concluded::integer, a.collected::integer, a.awaiting_collection::integer, a.zero_visit::integer, a.at_most_once::integer, a.zero_visit_reform::integer, a.at_most_once_reform::integer, a.promise_kept::integer, a.immediate::integer, a.overdue::integer, a.workdays::integer, a.reduced_materials::integer, a.required_materials::integer, a.promised_days::integer, a.legal_days::integer, a.no_legal_limit::integer
                 FROM service_affair.efficiency_archived a
                 WHERE a.month > (submitted_from AT TIME ZONE 'UTC')::date - 32
                   AND a.month <= (submitted_before AT TIME ZONE 'UTC')::date) u
         GROUP BY u.month HAVING pg_catalog.sum(u.submitted) <> 0) g;
END;
COMMENT ON FUNCTION service_affair.efficiency_rollup_between(timestamptz, timestamptz) IS
  'Internal: efficiency_rollup over the cases submitted from submitted_from (inclusive) to submitted_before (exclusive), plus the counts of archived months (efficiency_archived) of the local months the bounds reach, whole months; efficiency_rollup is it from -infinity to infinity, the period functions bound it to their months';

CREATE VIEW service_affair.efficiency_rollup AS
SELECT * FROM service_affair.efficiency_rollup_between('-infinity', 'infinity');
COMMENT ON VIEW service_affair.efficiency_rollup IS
  'Efficiency counts summed at every level: one row per level (service, department, region, point, overall) and month; the keys a level does not group by are NULL';
COMMENT ON COLUMN service_affair.efficiency_rollup.level IS 'service (department, region, service), department (department, region), region, point (point, point_level) or overall';
COMMENT ON COLUMN service_affair.efficiency_rollup.department IS 'Handling department; NULL at levels region and overall';
COMMENT ON COLUMN service_affair.efficiency_rollup.region IS 'Region of the handling department; NULL at level overall, and at the other levels for a department without a region (department.region NULL: at level region, the row of those departments)';
COMMENT ON COLUMN service_affair.efficiency_rollup.service IS 'Service code at level service; else NULL';
COMMENT ON COLUMN service_affair.efficiency_rollup.point IS 'Receiving point at level point (NULL there: no point, online or mobile); else NULL';
COMMENT ON COLUMN service_affair.efficiency_rollup.point_level IS 'Level of the receiving point at level point; else NULL';
COMMENT ON COLUMN service_affair.efficiency_rollup.month IS 'First day of the local month (case calendar time zone) of submission';
COMMENT ON COLUMN service_affair.efficiency_rollup.submitted IS 'Cases submitted';
COMMENT ON COLUMN service_affair.efficiency_rollup.accepted IS 'Cases accepted (accepted_at set)';
COMMENT ON COLUMN service_affair.efficiency_rollup.returned IS 'Cases whose submission got a notice';
COMMENT ON COLUMN service_affair.efficiency_rollup.tolerated IS 'Cases accepted with a tolerated material';
COMMENT ON COLUMN service_affair.efficiency_rollup.online IS 'Cases submitted online or by mobile';
COMMENT ON COLUMN service_affair.efficiency_rollup.concluded IS 'Cases concluded';
COMMENT ON COLUMN service_affair.efficiency_rollup.collected IS 'Cases whose result was delivered (collected), by any method';
COMMENT ON COLUMN service_affair.efficiency_rollup.awaiting_collection IS 'Cases concluded whose result is not delivered yet';
COMMENT ON COLUMN service_affair.efficiency_rollup.zero_visit IS 'Collected cases with no in-person visit at all (strict)';
COMMENT ON COLUMN service_affair.efficiency_rollup.at_most_once IS 'Collected cases with at most one in-person visit at all (strict)';
COMMENT ON COLUMN service_affair.efficiency_rollup.zero_visit_reform IS 'Collected cases with no visit from acceptance to collection (visits before acceptance left out)';
COMMENT ON COLUMN service_affair.efficiency_rollup.at_most_once_reform IS 'Collected cases with at most one visit from acceptance to collection (visits before acceptance left out)';
COMMENT ON COLUMN service_affair.efficiency_rollup.promise_kept IS 'Collected cases whose visits from acceptance to collection are within the service''s max_visits';
COMMENT ON COLUMN service_affair.efficiency_rollup.immediate IS 'Concluded cases concluded on their local acceptance day';
COMMENT ON COLUMN service_affair.efficiency_rollup.overdue IS 'Concluded cases concluded (local day) after their due date';
COMMENT ON COLUMN service_affair.efficiency_rollup.workdays IS 'Σ working days from acceptance day to conclusion day over concluded cases';
COMMENT ON COLUMN service_affair.efficiency_rollup.reduced_materials IS 'Required materials of accepted cases satisfied at submission by shared data or a commitment (cases.reduced_materials)';
COMMENT ON COLUMN service_affair.efficiency_rollup.required_materials IS 'Required materials of accepted cases (cases.required_materials)';
COMMENT ON COLUMN service_affair.efficiency_rollup.promised_days IS 'Σ promised limits (working days) of accepted cases of services with a legal limit';
COMMENT ON COLUMN service_affair.efficiency_rollup.legal_days IS 'Σ legal limits (working days) of accepted cases of services with a legal limit';
COMMENT ON COLUMN service_affair.efficiency_rollup.no_legal_limit IS 'Accepted cases of services without a legal limit (left out of promised_days and legal_days)';

-- The formulas of the efficiency indicators, once: rates from one row of summed counts.
CREATE FUNCTION service_affair.efficiency_rates(x service_affair.efficiency_rollup,
    OUT online_rate numeric,
    OUT zero_visit_rate numeric,
    OUT at_most_once_rate numeric,
    OUT zero_visit_reform_rate numeric,
    OUT at_most_once_reform_rate numeric,
    OUT promise_kept_rate numeric,
    OUT immediate_rate numeric,
    OUT material_reduction_rate numeric,
    OUT time_compression numeric,
    OUT avg_workdays numeric,
    OUT overdue_rate numeric)
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    online_rate := x.online::numeric / NULLIF(x.submitted, 0);
    zero_visit_rate := x.zero_visit::numeric / NULLIF(x.collected, 0);
    at_most_once_rate := x.at_most_once::numeric / NULLIF(x.collected, 0);
    zero_visit_reform_rate := x.zero_visit_reform::numeric / NULLIF(x.collected, 0);
    at_most_once_reform_rate := x.at_most_once_reform::numeric / NULLIF(x.collected, 0);
    promise_kept_rate := x.promise_kept::numeric / NULLIF(x.collected, 0);
    immediate_rate := x.immediate::numeric / NULLIF(x.concluded, 0);
    material_reduction_rate := x.reduced_materials::numeric / NULLIF(x.required_materials, 0);
    time_compression := 1 - x.promised_days::numeric / NULLIF(x.legal_days, 0);
    avg_workdays := x.workdays::numeric / NULLIF(x.concluded, 0);
    overdue_rate := x.overdue::numeric / NULLIF(x.concluded, 0);
END
$$;
COMMENT ON FUNCTION service_affair.efficiency_rates(service_affair.efficiency_rollup) IS
  'The efficiency formulas (doc/indicators.md), applied by every efficiency view and period function to a row of summed counts: online_rate; zero_visit_rate; at_most_once_rate; zero_visit_reform_rate; at_most_once_reform_rate; promise_kept_rate; immediate_rate; material_reduction_rate; time_compression; avg_workdays; overdue_rate';

CREATE VIEW service_affair.efficiency AS
SELECT x.department,
       x.service,
       x.month,
       x.submitted,
       x.accepted,
       x.returned,
       x.tolerated,
       x.concluded,
       x.collected,
       x.awaiting_collection,
       x.no_legal_limit,
       f.online_rate,
       f.zero_visit_rate,
       f.at_most_once_rate,
       f.zero_visit_reform_rate,
       f.at_most_once_reform_rate,
       f.promise_kept_rate,
       f.immediate_rate,
       f.material_reduction_rate,
       f.time_compression,
       f.avg_workdays,
       f.overdue_rate
  FROM service_affair.efficiency_rollup x
  CROSS JOIN LATERAL service_affair.efficiency_rates(x) f
 WHERE x.level = 'service';
COMMENT ON VIEW service_affair.efficiency IS
  'Efficiency indicators (网办率, 跑零次率, 最多跑一次实现率 strict and reform, 承诺兑现率, 即办率, 材料减免率, 时限缩短比例) per department, service and local month of submission (level service of efficiency_rollup, formulas of efficiency_rates())';
COMMENT ON COLUMN service_affair.efficiency.department IS 'Handling department of the cases (a bundle: its lead department)';
COMMENT ON COLUMN service_affair.efficiency.service IS 'Service code (item or bundle)';
COMMENT ON COLUMN service_affair.efficiency.month IS 'First day of the local month (case calendar time zone) of submission';
COMMENT ON COLUMN service_affair.efficiency.submitted IS 'Cases submitted (every outcome)';
COMMENT ON COLUMN service_affair.efficiency.accepted IS 'Cases accepted, at submission or after a supplement (受理)';
COMMENT ON COLUMN service_affair.efficiency.returned IS 'Cases whose submission got a one-time notice (一次性告知), whatever happened later';
COMMENT ON COLUMN service_affair.efficiency.tolerated IS 'Cases accepted with at least one tolerated material (容缺受理)';
COMMENT ON COLUMN service_affair.efficiency.concluded IS 'Cases concluded (办结), approved or denied';
COMMENT ON COLUMN service_affair.efficiency.collected IS 'Cases whose result was delivered (出件: window, mail or electronic): the denominator of the visit rates';
COMMENT ON COLUMN service_affair.efficiency.awaiting_collection IS 'Cases concluded whose result is not delivered yet (reported apart: not in the visit rates)';
COMMENT ON COLUMN service_affair.efficiency.no_legal_limit IS 'Accepted cases of services without a legal limit (出生登记, 户口注销 …): left out of both sums of time_compression';
COMMENT ON COLUMN service_affair.efficiency.online_rate IS '网办率: cases submitted online or by mobile ÷ submitted; NULL when nothing was submitted';
COMMENT ON COLUMN service_affair.efficiency.zero_visit_rate IS '跑零次率 (strict): collected cases with no in-person visit at all ÷ collected cases; NULL when none collected';
COMMENT ON COLUMN service_affair.efficiency.at_most_once_rate IS '最多跑一次实现率 (strict): collected cases with at most one in-person visit at all ÷ collected cases; NULL when none collected';
COMMENT ON COLUMN service_affair.efficiency.zero_visit_reform_rate IS '跑零次率 (the reform''s window): collected cases with no visit from acceptance to collection ÷ collected cases; visits while materials were incomplete do not count; NULL when none collected';
COMMENT ON COLUMN service_affair.efficiency.at_most_once_reform_rate IS '最多跑一次实现率 (the reform''s window): collected cases with at most one visit from acceptance (complete materials; tolerated count as complete) to collection inclusive ÷ collected cases; NULL when none collected';
COMMENT ON COLUMN service_affair.efficiency.promise_kept_rate IS '承诺兑现率: collected cases whose visits from acceptance to collection are within the service''s published max_visits ÷ collected cases; NULL when none collected';
COMMENT ON COLUMN service_affair.efficiency.immediate_rate IS '即办率: concluded cases concluded on their (local) acceptance day ÷ concluded cases; NULL when none concluded';
COMMENT ON COLUMN service_affair.efficiency.material_reduction_rate IS '材料减免率: required materials of accepted cases satisfied at submission by shared data (数据共享/电子证照) or a commitment (告知承诺) ÷ required materials of accepted cases; NULL when none';
COMMENT ON COLUMN service_affair.efficiency.time_compression IS '时限缩短比例: 1 − Σ promised limits ÷ Σ legal limits over accepted cases of services with a legal limit (items without one are left out of both sums and counted in no_legal_limit; an immediate item promises 0 days); NULL when Σ legal limits is 0';
COMMENT ON COLUMN service_affair.efficiency.avg_workdays IS 'Mean working days from the local acceptance day to the local conclusion day over concluded cases; NULL when none concluded';
COMMENT ON COLUMN service_affair.efficiency.overdue_rate IS '超期率: concluded cases concluded after their due date ÷ concluded cases; NULL when none concluded';

CREATE VIEW service_affair.efficiency_department AS
SELECT x.department,
       x.month,
       x.submitted,
       x.accepted,
       x.returned,
       x.tolerated,
       x.concluded,
       x.collected,
       x.awaiting_collection,
       x.no_legal_limit,
       f.online_rate,
       f.zero_visit_rate,
       f.at_most_once_rate,
       f.zero_visit_reform_rate,
       f.at_most_once_reform_rate,
       f.promise_kept_rate,
       f.immediate_rate,
       f.material_reduction_rate,
       f.time_compression,
       f.avg_workdays,
       f.overdue_rate
  FROM service_affair.efficiency_rollup x
  CROSS JOIN LATERAL service_affair.efficiency_rates(x) f
 WHERE x.level = 'department';
COMMENT ON VIEW service_affair.efficiency_department IS
  'Efficiency indicators (网办率, 跑零次率, 最多跑一次实现率 strict and reform, 承诺兑现率, 即办率, 材料减免率, 时限缩短比例) per department and local month of submission (level department of efficiency_rollup, formulas of efficiency_rates())';
COMMENT ON COLUMN service_affair.efficiency_department.department IS 'Handling department of the cases (a bundle: its lead department)';
COMMENT ON COLUMN service_affair.efficiency_department.month IS 'First day of the local month (case calendar time zone) of submission';
COMMENT ON COLUMN service_affair.efficiency_department.submitted IS 'Cases submitted (every outcome)';
COMMENT ON COLUMN service_affair.efficiency_department.accepted IS 'Cases accepted, at submission or after a supplement (受理)';
COMMENT ON COLUMN service_affair.efficiency_department.returned IS 'Cases whose submission got a one-time notice (一次性告知), whatever happened later';
COMMENT ON COLUMN service_affair.efficiency_department.tolerated IS 'Cases accepted with at least one tolerated material (容缺受理)';
COMMENT ON COLUMN service_affair.efficiency_department.concluded IS 'Cases concluded (办结), approved or denied';
COMMENT ON COLUMN service_affair.efficiency_department.collected IS 'Cases whose result was delivered (出件: window, mail or electronic): the denominator of the visit rates';
COMMENT ON COLUMN service_affair.efficiency_department.awaiting_collection IS 'Cases concluded whose result is not delivered yet (reported apart: not in the visit rates)';
COMMENT ON COLUMN service_affair.efficiency_department.no_legal_limit IS 'Accepted cases of services without a legal limit (出生登记, 户口注销 …): left out of both sums of time_compression';
COMMENT ON COLUMN service_affair.efficiency_department.online_rate IS '网办率: cases submitted online or by mobile ÷ submitted; NULL when nothing was submitted';
COMMENT ON COLUMN service_affair.efficiency_department.zero_visit_rate IS '跑零次率 (strict): collected cases with no in-person visit at all ÷ collected cases; NULL when none collected';
COMMENT ON COLUMN service_affair.efficiency_department.at_most_once_rate IS '最多跑一次实现率 (strict): collected cases with at most one in-person visit at all ÷ collected cases; NULL when none collected';
COMMENT ON COLUMN service_affair.efficiency_department.zero_visit_reform_rate IS '跑零次率 (the reform''s window): collected cases with no visit from acceptance to collection ÷ collected cases; visits while materials were incomplete do not count; NULL when none collected';
COMMENT ON COLUMN service_affair.efficiency_department.at_most_once_reform_rate IS '最多跑一次实现率 (the reform''s window): collected cases with at most one visit from acceptance (complete materials; tolerated count as complete) to collection inclusive ÷ collected cases; NULL when none collected';
COMMENT ON COLUMN service_affair.efficiency_department.promise_kept_rate IS '承诺兑现率: collected cases whose visits from acceptance to collection are within the service''s published max_visits ÷ collected cases; NULL when none collected';
COMMENT ON COLUMN service_affair.efficiency_department.immediate_rate IS '即办率: concluded cases concluded on their (local) acceptance day ÷ concluded cases; NULL when none concluded';
COMMENT ON COLUMN service_affair.efficiency_department.material_reduction_rate IS '材料减免率: required materials of accepted cases satisfied at submission by shared data (数据共享/电子证照) or a commitment (告知承诺) ÷ required materials of accepted cases; NULL when none';
COMMENT ON COLUMN service_affair.efficiency_department.time_compression IS '时限缩短比例: 1 − Σ promised limits ÷ Σ legal limits over accepted cases of services with a legal limit (items without one are left out of both sums and counted in no_legal_limit; an immediate item promises 0 days); NULL when Σ legal limits is 0';
COMMENT ON COLUMN service_affair.efficiency_department.avg_workdays IS 'Mean working days from the local acceptance day to the local conclusion day over concluded cases; NULL when none concluded';
COMMENT ON COLUMN service_affair.efficiency_department.overdue_rate IS '超期率: concluded cases concluded after their due date ÷ concluded cases; NULL when none concluded';

CREATE VIEW service_affair.efficiency_region AS
SELECT x.region,
       x.month,
       x.submitted,
       x.accepted,
       x.returned,
       x.tolerated,
       x.concluded,
       x.collected,
       x.awaiting_collection,
       x.no_legal_limit,
       f.online_rate,
       f.zero_visit_rate,
       f.at_most_once_rate,
       f.zero_visit_reform_rate,
       f.at_most_once_reform_rate,
       f.promise_kept_rate,
       f.immediate_rate,
       f.material_reduction_rate,
       f.time_compression,
       f.avg_workdays,
       f.overdue_rate
  FROM service_affair.efficiency_rollup x
  CROSS JOIN LATERAL service_affair.efficiency_rates(x) f
 WHERE x.level = 'region';
COMMENT ON VIEW service_affair.efficiency_region IS
  'Efficiency indicators (网办率, 跑零次率, 最多跑一次实现率 strict and reform, 承诺兑现率, 即办率, 材料减免率, 时限缩短比例) per region of the handling department and local month of submission (level region of efficiency_rollup, formulas of efficiency_rates())';
COMMENT ON COLUMN service_affair.efficiency_region.region IS 'Region (GB/T 2260) of the handling department (department.region)';
COMMENT ON COLUMN service_affair.efficiency_region.month IS 'First day of the local month (case calendar time zone) of submission';
COMMENT ON COLUMN service_affair.efficiency_region.submitted IS 'Cases submitted (every outcome)';
COMMENT ON COLUMN service_affair.efficiency_region.accepted IS 'Cases accepted, at submission or after a supplement (受理)';
COMMENT ON COLUMN service_affair.efficiency_region.returned IS 'Cases whose submission got a one-time notice (一次性告知), whatever happened later';
COMMENT ON COLUMN service_affair.efficiency_region.tolerated IS 'Cases accepted with at least one tolerated material (容缺受理)';
COMMENT ON COLUMN service_affair.efficiency_region.concluded IS 'Cases concluded (办结), approved or denied';
COMMENT ON COLUMN service_affair.efficiency_region.collected IS 'Cases whose result was delivered (出件: window, mail or electronic): the denominator of the visit rates';
COMMENT ON COLUMN service_affair.efficiency_region.awaiting_collection IS 'Cases concluded whose result is not delivered yet (reported apart: not in the visit rates)';
COMMENT ON COLUMN service_affair.efficiency_region.no_legal_limit IS 'Accepted cases of services without a legal limit (出生登记, 户口注销 …): left out of both sums of time_compression';
COMMENT ON COLUMN service_affair.efficiency_region.online_rate IS '网办率: cases submitted online or by mobile ÷ submitted; NULL when nothing was submitted';
COMMENT ON COLUMN service_affair.efficiency_region.zero_visit_rate IS '跑零次率 (strict): collected cases with no in-person visit at all ÷ collected cases; NULL when none collected';
COMMENT ON COLUMN service_affair.efficiency_region.at_most_once_rate IS '最多跑一次实现率 (strict): collected cases with at most one in-person visit at all ÷ collected cases; NULL when none collected';
COMMENT ON COLUMN service_affair.efficiency_region.zero_visit_reform_rate IS '跑零次率 (the reform''s window): collected cases with no visit from acceptance to collection ÷ collected cases; visits while materials were incomplete do not count; NULL when none collected';
COMMENT ON COLUMN service_affair.efficiency_region.at_most_once_reform_rate IS '最多跑一次实现率 (the reform''s window): collected cases with at most one visit from acceptance (complete materials; tolerated count as complete) to collection inclusive ÷ collected cases; NULL when none collected';
COMMENT ON COLUMN service_affair.efficiency_region.promise_kept_rate IS '承诺兑现率: collected cases whose visits from acceptance to collection are within the service''s published max_visits ÷ collected cases; NULL when none collected';
COMMENT ON COLUMN service_affair.efficiency_region.immediate_rate IS '即办率: concluded cases concluded on their (local) acceptance day ÷ concluded cases; NULL when none concluded';
COMMENT ON COLUMN service_affair.efficiency_region.material_reduction_rate IS '材料减免率: required materials of accepted cases satisfied at submission by shared data (数据共享/电子证照) or a commitment (告知承诺) ÷ required materials of accepted cases; NULL when none';
COMMENT ON COLUMN service_affair.efficiency_region.time_compression IS '时限缩短比例: 1 − Σ promised limits ÷ Σ legal limits over accepted cases of services with a legal limit (items without one are left out of both sums and counted in no_legal_limit; an immediate item promises 0 days); NULL when Σ legal limits is 0';
COMMENT ON COLUMN service_affair.efficiency_region.avg_workdays IS 'Mean working days from the local acceptance day to the local conclusion day over concluded cases; NULL when none concluded';
COMMENT ON COLUMN service_affair.efficiency_region.overdue_rate IS '超期率: concluded cases concluded after their due date ÷ concluded cases; NULL when none concluded';

CREATE VIEW service_affair.efficiency_point AS
SELECT x.point,
       x.point_level,
       x.month,
       x.submitted,
       x.accepted,
       x.returned,
       x.tolerated,
       x.concluded,
       x.collected,
       x.awaiting_collection,
       x.no_legal_limit,
       f.online_rate,
       f.zero_visit_rate,
       f.at_most_once_rate,
       f.zero_visit_reform_rate,
       f.at_most_once_reform_rate,
       f.promise_kept_rate,
       f.immediate_rate,
       f.material_reduction_rate,
       f.time_compression,
       f.avg_workdays,
       f.overdue_rate
  FROM service_affair.efficiency_rollup x
  CROSS JOIN LATERAL service_affair.efficiency_rates(x) f
 WHERE x.level = 'point';
COMMENT ON VIEW service_affair.efficiency_point IS
  'Efficiency indicators (网办率, 跑零次率, 最多跑一次实现率 strict and reform, 承诺兑现率, 即办率, 材料减免率, 时限缩短比例) per receiving service point (its level beside it; online cases: point NULL) and local month of submission (level point of efficiency_rollup, formulas of efficiency_rates())';
COMMENT ON COLUMN service_affair.efficiency_point.point IS 'Service point that received the cases (cases.receiving_point); NULL: no point — submitted online or by mobile (or at a window without a point named)';
COMMENT ON COLUMN service_affair.efficiency_point.point_level IS 'Level of the point: county (centre), town, village or bank (就近办), kiosk, mobile; NULL when no point';
COMMENT ON COLUMN service_affair.efficiency_point.month IS 'First day of the local month (case calendar time zone) of submission';
COMMENT ON COLUMN service_affair.efficiency_point.submitted IS 'Cases submitted (every outcome)';
COMMENT ON COLUMN service_affair.efficiency_point.accepted IS 'Cases accepted, at submission or after a supplement (受理)';
COMMENT ON COLUMN service_affair.efficiency_point.returned IS 'Cases whose submission got a one-time notice (一次性告知), whatever happened later';
COMMENT ON COLUMN service_affair.efficiency_point.tolerated IS 'Cases accepted with at least one tolerated material (容缺受理)';
COMMENT ON COLUMN service_affair.efficiency_point.concluded IS 'Cases concluded (办结), approved or denied';
COMMENT ON COLUMN service_affair.efficiency_point.collected IS 'Cases whose result was delivered (出件: window, mail or electronic): the denominator of the visit rates';
COMMENT ON COLUMN service_affair.efficiency_point.awaiting_collection IS 'Cases concluded whose result is not delivered yet (reported apart: not in the visit rates)';
COMMENT ON COLUMN service_affair.efficiency_point.no_legal_limit IS 'Accepted cases of services without a legal limit (出生登记, 户口注销 …): left out of both sums of time_compression';
COMMENT ON COLUMN service_affair.efficiency_point.online_rate IS '网办率: cases submitted online or by mobile ÷ submitted; NULL when nothing was submitted';
COMMENT ON COLUMN service_affair.efficiency_point.zero_visit_rate IS '跑零次率 (strict): collected cases with no in-person visit at all ÷ collected cases; NULL when none collected';
COMMENT ON COLUMN service_affair.efficiency_point.at_most_once_rate IS '最多跑一次实现率 (strict): collected cases with at most one in-person visit at all ÷ collected cases; NULL when none collected';
COMMENT ON COLUMN service_affair.efficiency_point.zero_visit_reform_rate IS '跑零次率 (the reform''s window): collected cases with no visit from acceptance to collection ÷ collected cases; visits while materials were incomplete do not count; NULL when none collected';
COMMENT ON COLUMN service_affair.efficiency_point.at_most_once_reform_rate IS '最多跑一次实现率 (the reform''s window): collected cases with at most one visit from acceptance (complete materials; tolerated count as complete) to collection inclusive ÷ collected cases; NULL when none collected';
COMMENT ON COLUMN service_affair.efficiency_point.promise_kept_rate IS '承诺兑现率: collected cases whose visits from acceptance to collection are within the service''s published max_visits ÷ collected cases; NULL when none collected';
COMMENT ON COLUMN service_affair.efficiency_point.immediate_rate IS '即办率: concluded cases concluded on their (local) acceptance day ÷ concluded cases; NULL when none concluded';
COMMENT ON COLUMN service_affair.efficiency_point.material_reduction_rate IS '材料减免率: required materials of accepted cases satisfied at submission by shared data (数据共享/电子证照) or a commitment (告知承诺) ÷ required materials of accepted cases; NULL when none';
COMMENT ON COLUMN service_affair.efficiency_point.time_compression IS '时限缩短比例: 1 − Σ promised limits ÷ Σ legal limits over accepted cases of services with a legal limit (items without one are left out of both sums and counted in no_legal_limit; an immediate item promises 0 days); NULL when Σ legal limits is 0';
COMMENT ON COLUMN service_affair.efficiency_point.avg_workdays IS 'Mean working days from the local acceptance day to the local conclusion day over concluded cases; NULL when none concluded';
COMMENT ON COLUMN service_affair.efficiency_point.overdue_rate IS '超期率: concluded cases concluded after their due date ÷ concluded cases; NULL when none concluded';

CREATE VIEW service_affair.efficiency_overall AS
SELECT x.month,
       x.submitted,
       x.accepted,
       x.returned,
       x.tolerated,
       x.concluded,
       x.collected,
       x.awaiting_collection,
       x.no_legal_limit,
       f.online_rate,
       f.zero_visit_rate,
       f.at_most_once_rate,
       f.zero_visit_reform_rate,
       f.at_most_once_reform_rate,
       f.promise_kept_rate,
       f.immediate_rate,
       f.material_reduction_rate,
       f.time_compression,
       f.avg_workdays,
       f.overdue_rate
  FROM service_affair.efficiency_rollup x
  CROSS JOIN LATERAL service_affair.efficiency_rates(x) f
 WHERE x.level = 'overall';
COMMENT ON VIEW service_affair.efficiency_overall IS
  'Efficiency indicators (网办率, 跑零次率, 最多跑一次实现率 strict and reform, 承诺兑现率, 即办率, 材料减免率, 时限缩短比例) over all departments per local month of submission (level overall of efficiency_rollup, formulas of efficiency_rates())';
COMMENT ON COLUMN service_affair.efficiency_overall.month IS 'First day of the local month (case calendar time zone) of submission';
COMMENT ON COLUMN service_affair.efficiency_overall.submitted IS 'Cases submitted (every outcome)';
COMMENT ON COLUMN service_affair.efficiency_overall.accepted IS 'Cases accepted, at submission or after a supplement (受理)';
COMMENT ON COLUMN service_affair.efficiency_overall.returned IS 'Cases whose submission got a one-time notice (一次性告知), whatever happened later';
COMMENT ON COLUMN service_affair.efficiency_overall.tolerated IS 'Cases accepted with at least one tolerated material (容缺受理)';
COMMENT ON COLUMN service_affair.efficiency_overall.concluded IS 'Cases concluded (办结), approved or denied';
COMMENT ON COLUMN service_affair.efficiency_overall.collected IS 'Cases whose result was delivered (出件: window, mail or electronic): the denominator of the visit rates';
COMMENT ON COLUMN service_affair.efficiency_overall.awaiting_collection IS 'Cases concluded whose result is not delivered yet (reported apart: not in the visit rates)';
COMMENT ON COLUMN service_affair.efficiency_overall.no_legal_limit IS 'Accepted cases of services without a legal limit (出生登记, 户口注销 …): left out of both sums of time_compression';
COMMENT ON COLUMN service_affair.efficiency_overall.online_rate IS '网办率: cases submitted online or by mobile ÷ submitted; NULL when nothing was submitted';
COMMENT ON COLUMN service_affair.efficiency_overall.zero_visit_rate IS '跑零次率 (strict): collected cases with no in-person visit at all ÷ collected cases; NULL when none collected';
COMMENT ON COLUMN service_affair.efficiency_overall.at_most_once_rate IS '最多跑一次实现率 (strict): collected cases with at most one in-person visit at all ÷ collected cases; NULL when none collected';
COMMENT ON COLUMN service_affair.efficiency_overall.zero_visit_reform_rate IS '跑零次率 (the reform''s window): collected cases with no visit from acceptance to collection ÷ collected cases; visits while materials were incomplete do not count; NULL when none collected';
COMMENT ON COLUMN service_affair.efficiency_overall.at_most_once_reform_rate IS '最多跑一次实现率 (the reform''s window): collected cases with at most one visit from acceptance (complete materials; tolerated count as complete) to collection inclusive ÷ collected cases; NULL when none collected';
COMMENT ON COLUMN service_affair.efficiency_overall.promise_kept_rate IS '承诺兑现率: collected cases whose visits from acceptance to collection are within the service''s published max_visits ÷ collected cases; NULL when none collected';
COMMENT ON COLUMN service_affair.efficiency_overall.immediate_rate IS '即办率: concluded cases concluded on their (local) acceptance day ÷ concluded cases; NULL when none concluded';
COMMENT ON COLUMN service_affair.efficiency_overall.material_reduction_rate IS '材料减免率: required materials of accepted cases satisfied at submission by shared data (数据共享/电子证照) or a commitment (告知承诺) ÷ required materials of accepted cases; NULL when none';
COMMENT ON COLUMN service_affair.efficiency_overall.time_compression IS '时限缩短比例: 1 − Σ promised limits ÷ Σ legal limits over accepted cases of services with a legal limit (items without one are left out of both sums and counted in no_legal_limit; an immediate item promises 0 days); NULL when Σ legal limits is 0';
COMMENT ON COLUMN service_affair.efficiency_overall.avg_workdays IS 'Mean working days from the local acceptance day to the local conclusion day over concluded cases; NULL when none concluded';
COMMENT ON COLUMN service_affair.efficiency_overall.overdue_rate IS '超期率: concluded cases concluded after their due date ÷ concluded cases; NULL when none concluded';

-- Internal: the rollup summed over the local months from_month..to_month
-- (month NULL); the period functions apply efficiency_rates() to it.
-- PL/pgSQL with custom plans: planned for the period's own dates (a SQL
-- function is planned once for any dates: the bound on submitted_at then
-- looks like a few rows and the plan joins the catalog by nested loop).
CREATE FUNCTION service_affair.efficiency_period_rollup(from_month date, to_month date, levels text[] DEFAULT NULL)
    RETURNS SETOF service_affair.efficiency_rollup
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    SET plan_cache_mode = force_custom_plan
AS $$
DECLARE
    v_void text;  -- period_levels_checked() called as an expression
BEGIN
    v_void := service_affair.period_levels_checked('efficiency', levels)::text;  -- 22023 a NULL or unknown level
RETURN QUERY
WITH s AS (
    SELECT x.level, x.department, x.region, x.service, x.point, x.point_level, NULL::date AS month,
           pg_catalog.sum(x.submitted)::bigint AS submitted,
           pg_catalog.sum(x.accepted)::bigint AS accepted,
           pg_catalog.sum(x.returned)::bigint AS returned,
           pg_catalog.sum(x.tolerated)::bigint AS tolerated,
           pg_catalog.sum(x.online)::bigint AS online,
           pg_catalog.sum(x.concluded)::bigint AS concluded,
           pg_catalog.sum(x.collected)::bigint AS collected,
           pg_catalog.sum(x.awaiting_collection)::bigint AS awaiting_collection,
           pg_catalog.sum(x.zero_visit)::bigint AS zero_visit,
           pg_catalog.sum(x.at_most_once)::bigint AS at_most_once,
           pg_catalog.sum(x.zero_visit_reform)::bigint AS zero_visit_reform,
           pg_catalog.sum(x.at_most_once_reform)::bigint AS at_most_once_reform,
           pg_catalog.sum(x.promise_kept)::bigint AS promise_kept,
           pg_catalog.sum(x.immediate)::bigint AS immediate,
           pg_catalog.sum(x.overdue)::bigint AS overdue,
           pg_catalog.sum(x.workdays)::bigint AS workdays,
           pg_catalog.sum(x.reduced_materials)::bigint AS reduced_materials,
           pg_catalog.sum(x.required_materials)::bigint AS required_materials,
           pg_catalog.sum(x.promised_days)::bigint AS promised_days,
           pg_catalog.sum(x.legal_days)::bigint AS legal_days,
           pg_catalog.sum(x.no_legal_limit)::bigint AS no_legal_limit
      -- cases submitted from a day before the first month to a day after the last
      -- (a local month starts within 14 hours of its UTC midnight); x.month decides
      FROM service_affair.efficiency_rollup_between(
               service_affair.period_scan_bound(from_month, false),
               service_affair.period_scan_bound(to_month, true)) x
     -- the first day of from_month's month, in date arithmetic (date_trunc() goes
     -- through timestamptz: 22008 past 294276); an infinite from_month as it is
     WHERE x.month >= CASE WHEN from_month OPERATOR(pg_catalog.<) date '4714-12-01 BC'
                           THEN date '-infinity'  -- its month starts before the first date (22008)
                           WHEN pg_catalog.isfinite(from_month)
                           THEN from_month OPERATOR(pg_catalog.-) (pg_catalog.extract('day', from_month)::integer - 1)
                           ELSE from_month END
       AND x.month <= to_month
       -- only the levels asked for: the other branches of the rollup are not run
       AND (levels IS NULL OR x.level = ANY (levels))
     GROUP BY x.level, x.department, x.region, x.service, x.point, x.point_level)
SELECT * FROM s
-- the overall row even when nothing happened in the period
UNION ALL
SELECT 'overall', NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
 WHERE (levels IS NULL OR 'overall' = ANY (levels))
   AND NOT EXISTS (SELECT FROM s WHERE s.level = 'overall');
END
$$;
COMMENT ON FUNCTION service_affair.efficiency_period_rollup(date, date, text[]) IS
  'Internal: efficiency_rollup summed over the local months of submission from the month of from_month to to_month, month NULL, with an overall row of zeros when the period has none; read by the efficiency period functions; levels: only those levels (NULL: all), the branches of the others are not run; 22023 a NULL or unknown level';

CREATE FUNCTION service_affair.efficiency_period(from_month date, to_month date)
    RETURNS TABLE (department text,
    submitted bigint,
    accepted bigint,
    returned bigint,
    tolerated bigint,
    concluded bigint,
    collected bigint,
    awaiting_collection bigint,
    no_legal_limit bigint,
    online_rate numeric,
    zero_visit_rate numeric,
    at_most_once_rate numeric,
    zero_visit_reform_rate numeric,
    at_most_once_reform_rate numeric,
    promise_kept_rate numeric,
    immediate_rate numeric,
    material_reduction_rate numeric,
    time_compression numeric,
    avg_workdays numeric,
    overdue_rate numeric,
    overall boolean)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
SELECT x.department, x.submitted, x.accepted, x.returned, x.tolerated, x.concluded, x.collected, x.awaiting_collection, x.no_legal_limit,
       f.online_rate, f.zero_visit_rate, f.at_most_once_rate, f.zero_visit_reform_rate, f.at_most_once_reform_rate, f.promise_kept_rate, f.immediate_rate, f.material_reduction_rate, f.time_compression, f.avg_workdays, f.overdue_rate,
       x.level = 'overall'
  FROM service_affair.efficiency_period_rollup(from_month, to_month, ARRAY['department', 'overall']) x
  CROSS JOIN LATERAL service_affair.efficiency_rates(x) f
 WHERE x.level IN ('department', 'overall')
 ORDER BY x.level = 'overall', x.department;
END;
COMMENT ON FUNCTION service_affair.efficiency_period(date, date) IS
  'Efficiency indicators over the cases submitted in the local months from_month..to_month: one row per department, then the overall row (department NULL, overall true, last); overall: true on the overall row only (never NULL), the column that tells it whatever the order of the rows';

CREATE FUNCTION service_affair.efficiency_period_region(from_month date, to_month date)
    RETURNS TABLE (region text,
    submitted bigint,
    accepted bigint,
    returned bigint,
    tolerated bigint,
    concluded bigint,
    collected bigint,
    awaiting_collection bigint,
    no_legal_limit bigint,
    online_rate numeric,
    zero_visit_rate numeric,
    at_most_once_rate numeric,
    zero_visit_reform_rate numeric,
    at_most_once_reform_rate numeric,
    promise_kept_rate numeric,
    immediate_rate numeric,
    material_reduction_rate numeric,
    time_compression numeric,
    avg_workdays numeric,
    overdue_rate numeric,
    overall boolean)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
SELECT x.region, x.submitted, x.accepted, x.returned, x.tolerated, x.concluded, x.collected, x.awaiting_collection, x.no_legal_limit,
       f.online_rate, f.zero_visit_rate, f.at_most_once_rate, f.zero_visit_reform_rate, f.at_most_once_reform_rate, f.promise_kept_rate, f.immediate_rate, f.material_reduction_rate, f.time_compression, f.avg_workdays, f.overdue_rate,
       x.level = 'overall'
  FROM service_affair.efficiency_period_rollup(from_month, to_month, ARRAY['region', 'overall']) x
  CROSS JOIN LATERAL service_affair.efficiency_rates(x) f
 WHERE x.level IN ('region', 'overall')
 ORDER BY x.level = 'overall', x.region;
END;
COMMENT ON FUNCTION service_affair.efficiency_period_region(date, date) IS
  'Efficiency indicators per region of the handling department over the cases submitted in the local months from_month..to_month: one row per region (NULL: a department without a region, overall false), then the overall row (region NULL, overall true, last); overall: true on the overall row only, the column that tells it from the row of no region';

CREATE FUNCTION service_affair.efficiency_period_point(from_month date, to_month date)
    RETURNS TABLE (point text, point_level text,
    submitted bigint,
    accepted bigint,
    returned bigint,
    tolerated bigint,
    concluded bigint,
    collected bigint,
    awaiting_collection bigint,
    no_legal_limit bigint,
    online_rate numeric,
    zero_visit_rate numeric,
    at_most_once_rate numeric,
    zero_visit_reform_rate numeric,
    at_most_once_reform_rate numeric,
    promise_kept_rate numeric,
    immediate_rate numeric,
    material_reduction_rate numeric,
    time_compression numeric,
    avg_workdays numeric,
    overdue_rate numeric,
    overall boolean)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
SELECT x.point, x.point_level, x.submitted, x.accepted, x.returned, x.tolerated, x.concluded, x.collected, x.awaiting_collection, x.no_legal_limit,
       f.online_rate, f.zero_visit_rate, f.at_most_once_rate, f.zero_visit_reform_rate, f.at_most_once_reform_rate, f.promise_kept_rate, f.immediate_rate, f.material_reduction_rate, f.time_compression, f.avg_workdays, f.overdue_rate,
       x.level = 'overall'
  FROM service_affair.efficiency_period_rollup(from_month, to_month, ARRAY['point', 'overall']) x
  CROSS JOIN LATERAL service_affair.efficiency_rates(x) f
 WHERE x.level IN ('point', 'overall')
 ORDER BY x.level = 'overall', x.point NULLS LAST;
END;
COMMENT ON FUNCTION service_affair.efficiency_period_point(date, date) IS
  'Efficiency indicators per receiving service point, with its level, over the cases submitted in the local months from_month..to_month: one row per point, then the row of cases received at no point (online, mobile; point NULL, overall false), then the overall row (point NULL, overall true, last); overall: true on the overall row only, the column that tells it from the no-point row';

-- The planner's number of groups of a level: it knows the month of a case
-- (local_month(), an expression) only through submitted_at, nearly one value
-- per case, so it expected as many groups as ratings at every level of the
-- satisfaction rollups and of complaint_items' cases (440,338 for 504, 120,
-- 24, 492 and 12 at 10^6 cases; doc/benchmarks.md, "Statistics on the
-- grouping keys").  These statistics carry the number of distinct local
-- months and of the keys of the cases grouped with it: the planner matches
-- the expression after inlining local_month(), as it reads the views, and
-- takes the parent's statistics (ANALYZE of the parent, doc/deployment.md).
CREATE STATISTICS service_affair.cases_group_keys (ndistinct)
    ON department, service, receiving_point, (service_affair.local_month(submitted_at, calendar))
    FROM service_affair.cases;
COMMENT ON STATISTICS service_affair.cases_group_keys IS
  'Planner statistics (ndistinct) of the keys the indicator views group cases by: department, service, receiving point and the local month of submission (local_month(submitted_at, calendar)); without them the planner expects about one group per case or rating (built by ANALYZE of the parent service_affair.cases)';

-- One row per rating counted (appealed ratings left out) with the keys of
-- the rated case; every level below groups these rows by its own keys.
CREATE VIEW service_affair.satisfaction_facts AS
SELECT c.department,
       d.region,
       c.service,
       c.receiving_point AS point,
       sp.level AS point_level,
       service_affair.local_month(c.submitted_at, c.calendar) AS month,
       r.level = 5 AS level5,
       r.level = 4 AS level4,
       r.level = 3 AS level3,
       r.level = 2 AS level2,
       r.level = 1 AS level1,
       -- false, not NULL, while the rectification is open: an analyst's
       -- NOT rectified_on_time (doc/indicators.md) finds the open ones too
       -- (until 2026-12-07 it was NULL for them, and that filter left out
       -- exactly the bad ratings still outstanding; the counts, FILTER
       -- (WHERE rectified_on_time), were right either way); a lapsed one
       -- (fix_state(), never closed) is false alike, settled or not
       r.level <= 2 AND COALESCE(f.closed_on <= f.fix_due, false) AS rectified_on_time,
       c.submitted_at,
       c.id AS case_id,
       r.id AS rating_id
  FROM service_affair.rating r
  JOIN service_affair.cases c ON c.id = r.case_id
  LEFT JOIN service_affair.rectification f ON f.rating_id = r.id
  -- outer joins on unique keys: the planner drops them where a level reads neither column
  LEFT JOIN service_affair.department d ON d.code = c.department
  LEFT JOIN service_affair.service_point sp ON sp.code = c.receiving_point
 WHERE NOT r.appealed;
COMMENT ON VIEW service_affair.satisfaction_facts IS
  'One row per rating counted (appealed ratings left out): the keys of the rated case (department, region, service, receiving point, local month of submission) and what the rating adds to each satisfaction count; read by satisfaction_counts and every level of satisfaction_rollup';
COMMENT ON COLUMN service_affair.satisfaction_facts.department IS 'Handling department of the rated case (a bundle: its lead department)';
COMMENT ON COLUMN service_affair.satisfaction_facts.region IS 'Region (GB/T 2260) of the handling department (department.region)';
COMMENT ON COLUMN service_affair.satisfaction_facts.service IS 'Service code (item or bundle)';
COMMENT ON COLUMN service_affair.satisfaction_facts.point IS 'Service point that received the case (cases.receiving_point); NULL: no point (online, mobile, or no point named)';
COMMENT ON COLUMN service_affair.satisfaction_facts.point_level IS 'Level of that point; NULL when no point';
COMMENT ON COLUMN service_affair.satisfaction_facts.month IS 'First day of the local month (case calendar time zone) of submission of the rated case';
COMMENT ON COLUMN service_affair.satisfaction_facts.level5 IS 'Rated 5 (非常满意)';
COMMENT ON COLUMN service_affair.satisfaction_facts.level4 IS 'Rated 4 (满意)';
COMMENT ON COLUMN service_affair.satisfaction_facts.level3 IS 'Rated 3 (基本满意)';
COMMENT ON COLUMN service_affair.satisfaction_facts.level2 IS 'Rated 2 (不满意)';
COMMENT ON COLUMN service_affair.satisfaction_facts.level1 IS 'Rated 1 (非常不满意)';
COMMENT ON COLUMN service_affair.satisfaction_facts.rectified_on_time IS 'Rated 2 or 1 and its rectification closed by its fix_due; false (never NULL) for a rectification still open or lapsed (never closed: fix_state())';
COMMENT ON COLUMN service_affair.satisfaction_facts.submitted_at IS 'When the rated case was submitted (cases.submitted_at): the bound of the scan of a period (satisfaction_rollup_between())';
COMMENT ON COLUMN service_affair.satisfaction_facts.case_id IS 'The rated case''s number (cases.id), which carries its month of submission: bounded with the period (satisfaction_rollup_between())';
COMMENT ON COLUMN service_affair.satisfaction_facts.rating_id IS 'The rating''s number (rating.id), in the month of its case: bounded with the period (satisfaction_rollup_between())';

CREATE VIEW service_affair.satisfaction_counts AS
-- the live history's ratings (one row each, counts as 0/1) and the counts of
-- the archived months (64_history.sql), one aggregate over both grouped by
-- the triple (department, service, point) as one text[] key and the month,
-- the region and the point's level joined after grouping: the reasons and
-- the sums as in efficiency_counts (grouped by the six columns the planner
-- expected 440,803 groups of 440,790 ratings at 10^6 cases for 20,487 real
-- ones and sorted the ratings, an external merge at 4 MB work_mem)
SELECT g.department, d.region, g.service, g.point, sp.level AS point_level, g.month,
       g.ratings, g.level5, g.level4, g.level3, g.level2, g.level1, g.rectified_on_time
  FROM (SELECT u.keys[1] AS department, u.keys[2] AS service, u.keys[3] AS point, u.month,
               COALESCE(pg_catalog.sum(u.ratings), 0)::bigint AS ratings,
               COALESCE(pg_catalog.sum(u.level5), 0)::bigint AS level5,
               COALESCE(pg_catalog.sum(u.level4), 0)::bigint AS level4,
               COALESCE(pg_catalog.sum(u.level3), 0)::bigint AS level3,
               COALESCE(pg_catalog.sum(u.level2), 0)::bigint AS level2,
               COALESCE(pg_catalog.sum(u.level1), 0)::bigint AS level1,
               COALESCE(pg_catalog.sum(u.rectified_on_time), 0)::bigint AS rectified_on_time
          FROM (SELECT ARRAY[e.department, e.service, e.point] AS keys, e.month, 1 AS ratings, e.level5::integer AS level5, e.level4::integer AS level4, e.level3::integer AS level3, e.level2::integer AS level2, e.level1::integer AS level1, e.rectified_on_time::integer AS rectified_on_time
                  FROM service_affair.satisfaction_facts e
                UNION ALL
                SELECT ARRAY[a.department, a.service, a.point], a.month, a.ratings::integer, a.level5::integer, a.level4::integer, a.level3::integer, a.level2::integer, a.level1::integer, a.rectified_on_time::integer
                  FROM service_affair.satisfaction_archived a) u
         GROUP BY u.keys, u.month HAVING pg_catalog.sum(u.ratings) <> 0) g
  LEFT JOIN service_affair.department d ON d.code = g.department
  LEFT JOIN service_affair.service_point sp ON sp.code = g.point;
COMMENT ON VIEW service_affair.satisfaction_counts IS
  'Additive rating counts per department, region, service, receiving point and local month of the rated case''s submission, appealed ratings left out; the live history''s ratings plus the counts of archived months (satisfaction_archived); a group with no rating (counts a restore took back to zero) is left out';
COMMENT ON COLUMN service_affair.satisfaction_counts.department IS 'Handling department of the cases (a bundle: its lead department)';
COMMENT ON COLUMN service_affair.satisfaction_counts.region IS 'Region (GB/T 2260) of the handling department (department.region)';
COMMENT ON COLUMN service_affair.satisfaction_counts.service IS 'Service code (item or bundle)';
COMMENT ON COLUMN service_affair.satisfaction_counts.point IS 'Service point that received the cases (cases.receiving_point); NULL: no point (online, mobile, or no point named)';
COMMENT ON COLUMN service_affair.satisfaction_counts.point_level IS 'Level of that point (county centre; town, village, bank: 就近办; kiosk; mobile); NULL when no point';
COMMENT ON COLUMN service_affair.satisfaction_counts.month IS 'First day of the local month (case calendar time zone) of submission';
COMMENT ON COLUMN service_affair.satisfaction_counts.ratings IS 'Ratings, appealed left out';
COMMENT ON COLUMN service_affair.satisfaction_counts.level5 IS 'Level 5';
COMMENT ON COLUMN service_affair.satisfaction_counts.level4 IS 'Level 4';
COMMENT ON COLUMN service_affair.satisfaction_counts.level3 IS 'Level 3';
COMMENT ON COLUMN service_affair.satisfaction_counts.level2 IS 'Level 2';
COMMENT ON COLUMN service_affair.satisfaction_counts.level1 IS 'Level 1';
COMMENT ON COLUMN service_affair.satisfaction_counts.rectified_on_time IS 'Bad ratings rectified on or before fix_due';

-- The rollup of the ratings of cases submitted in [submitted_from,
-- submitted_before): satisfaction_rollup is it over all time, and the
-- period functions bound the scan to the period's months (with a margin for
-- the local day) through the index on cases.submitted_at, as
-- efficiency_rollup_between() does (same reasons: SQL-standard body, no SET,
-- not STRICT, so that the planner inlines it).
CREATE FUNCTION service_affair.satisfaction_rollup_between(submitted_from timestamptz, submitted_before timestamptz)
    RETURNS TABLE (level text, department text, region text, service text, point text, point_level text, month date,
    ratings bigint,
    level5 bigint,
    level4 bigint,
    level3 bigint,
    level2 bigint,
    level1 bigint,
    rectified_on_time bigint)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
-- the live history's counts (every level, below) and those of the archived
-- months (64_history.sql: archive_history_month() records them as a month
-- leaves), summed per level, keys and month: an archived month keeps its
-- counts, and a local month whose cases lie partly in an archived month and
-- partly in the history (or in two archived months) adds them up
SELECT u.level, u.department, u.region, u.service, u.point, u.point_level, u.month,
       pg_catalog.sum(u.ratings)::bigint AS ratings,
       pg_catalog.sum(u.level5)::bigint AS level5,
       pg_catalog.sum(u.level4)::bigint AS level4,
       pg_catalog.sum(u.level3)::bigint AS level3,
       pg_catalog.sum(u.level2)::bigint AS level2,
       pg_catalog.sum(u.level1)::bigint AS level1,
       pg_catalog.sum(u.rectified_on_time)::bigint AS rectified_on_time
  FROM (-- level service
        SELECT 'service'::text AS level, g.department, d.region AS region, g.service, NULL::text AS point, NULL::text AS point_level, g.month,
               g.ratings, g.level5, g.level4, g.level3, g.level2, g.level1, g.rectified_on_time
          FROM (SELECT e.department, e.service, e.month,
                       pg_catalog.count(*) AS ratings,
                       pg_catalog.count(*) FILTER (WHERE e.level5) AS level5,
                       pg_catalog.count(*) FILTER (WHERE e.level4) AS level4,
                       pg_catalog.count(*) FILTER (WHERE e.level3) AS level3,
                       pg_catalog.count(*) FILTER (WHERE e.level2) AS level2,
                       pg_catalog.count(*) FILTER (WHERE e.level1) AS level1,
                       pg_catalog.count(*) FILTER (WHERE e.rectified_on_time) AS rectified_on_time
                  FROM service_affair.satisfaction_facts e
                 WHERE e.submitted_at >= submitted_from AND e.submitted_at < submitted_before
                   -- the same bound on the numbers, which carry the month (38_case_ids.sql):
                   -- the planner leaves the history's other months out
                   AND service_affair.number_in_months(e.case_id, submitted_from, submitted_before)
                   AND service_affair.number_in_months(e.rating_id, submitted_from, submitted_before)
                 GROUP BY e.department, e.service, e.month) g
          -- the department's region joined after grouping (header: why not a subquery)
          LEFT JOIN service_affair.department d ON d.code = g.department
        UNION ALL
        -- level department
        SELECT 'department', g.department, d.region, NULL::text, NULL::text, NULL::text, g.month,
               g.ratings, g.level5, g.level4, g.level3, g.level2, g.level1, g.rectified_on_time
          FROM (SELECT e.department, e.month,
                       pg_catalog.count(*) AS ratings,
                       pg_catalog.count(*) FILTER (WHERE e.level5) AS level5,
                       pg_catalog.count(*) FILTER (WHERE e.level4) AS level4,
                       pg_catalog.count(*) FILTER (WHERE e.level3) AS level3,
                       pg_catalog.count(*) FILTER (WHERE e.level2) AS level2,
                       pg_catalog.count(*) FILTER (WHERE e.level1) AS level1,
                       pg_catalog.count(*) FILTER (WHERE e.rectified_on_time) AS rectified_on_time
                  FROM service_affair.satisfaction_facts e
                 WHERE e.submitted_at >= submitted_from AND e.submitted_at < submitted_before
                   -- the same bound on the numbers, which carry the month (38_case_ids.sql):
                   -- the planner leaves the history's other months out
                   AND service_affair.number_in_months(e.case_id, submitted_from, submitted_before)
                   AND service_affair.number_in_months(e.rating_id, submitted_from, submitted_before)
                 GROUP BY e.department, e.month) g
          -- the department's region joined after grouping (header: why not a subquery)
          LEFT JOIN service_affair.department d ON d.code = g.department
        UNION ALL
        -- level region
        SELECT 'region', NULL::text, g.region, NULL::text, NULL::text, NULL::text, g.month,
               g.ratings, g.level5, g.level4, g.level3, g.level2, g.level1, g.rectified_on_time
          FROM (SELECT e.region, e.month,
                       pg_catalog.count(*) AS ratings,
                       pg_catalog.count(*) FILTER (WHERE e.level5) AS level5,
                       pg_catalog.count(*) FILTER (WHERE e.level4) AS level4,
                       pg_catalog.count(*) FILTER (WHERE e.level3) AS level3,
                       pg_catalog.count(*) FILTER (WHERE e.level2) AS level2,
                       pg_catalog.count(*) FILTER (WHERE e.level1) AS level1,
                       pg_catalog.count(*) FILTER (WHERE e.rectified_on_time) AS rectified_on_time
                  FROM service_affair.satisfaction_facts e
                 WHERE e.submitted_at >= submitted_from AND e.submitted_at < submitted_before
                   -- the same bound on the numbers, which carry the month (38_case_ids.sql):
                   -- the planner leaves the history's other months out
                   AND service_affair.number_in_months(e.case_id, submitted_from, submitted_before)
                   AND service_affair.number_in_months(e.rating_id, submitted_from, submitted_before)
                 GROUP BY e.region, e.month) g
        UNION ALL
        -- level point
        SELECT 'point', NULL::text, NULL::text, NULL::text, g.point, sp.level, g.month,
               g.ratings, g.level5, g.level4, g.level3, g.level2, g.level1, g.rectified_on_time
          FROM (SELECT e.point, e.month,
                       pg_catalog.count(*) AS ratings,
                       pg_catalog.count(*) FILTER (WHERE e.level5) AS level5,
                       pg_catalog.count(*) FILTER (WHERE e.level4) AS level4,
                       pg_catalog.count(*) FILTER (WHERE e.level3) AS level3,
                       pg_catalog.count(*) FILTER (WHERE e.level2) AS level2,
                       pg_catalog.count(*) FILTER (WHERE e.level1) AS level1,
                       pg_catalog.count(*) FILTER (WHERE e.rectified_on_time) AS rectified_on_time
                  FROM service_affair.satisfaction_facts e
                 WHERE e.submitted_at >= submitted_from AND e.submitted_at < submitted_before
                   -- the same bound on the numbers, which carry the month (38_case_ids.sql):
                   -- the planner leaves the history's other months out
                   AND service_affair.number_in_months(e.case_id, submitted_from, submitted_before)
                   AND service_affair.number_in_months(e.rating_id, submitted_from, submitted_before)
                 GROUP BY e.point, e.month) g
          -- the point's level joined after grouping, as the department's region
          -- is: grouped by it too, the planner multiplied the groups of point and
          -- month (cases_group_keys: 492 at 10^6 cases) by the levels of
          -- service_point (4 in the bench data), another table, which no
          -- statistics object can join, and expected 1,968 groups for 492
          -- (doc/benchmarks.md, "Statistics on the grouping keys"); one level
          -- per point (its key), so the groups are the same
          LEFT JOIN service_affair.service_point sp ON sp.code = g.point
        UNION ALL
        -- level overall
        SELECT 'overall', NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, g.month,
               g.ratings, g.level5, g.level4, g.level3, g.level2, g.level1, g.rectified_on_time
          FROM (SELECT e.month,
                       pg_catalog.count(*) AS ratings,
                       pg_catalog.count(*) FILTER (WHERE e.level5) AS level5,
                       pg_catalog.count(*) FILTER (WHERE e.level4) AS level4,
                       pg_catalog.count(*) FILTER (WHERE e.level3) AS level3,
                       pg_catalog.count(*) FILTER (WHERE e.level2) AS level2,
                       pg_catalog.count(*) FILTER (WHERE e.level1) AS level1,
                       pg_catalog.count(*) FILTER (WHERE e.rectified_on_time) AS rectified_on_time
                  FROM service_affair.satisfaction_facts e
                 WHERE e.submitted_at >= submitted_from AND e.submitted_at < submitted_before
                   -- the same bound on the numbers, which carry the month (38_case_ids.sql):
                   -- the planner leaves the history's other months out
                   AND service_affair.number_in_months(e.case_id, submitted_from, submitted_before)
                   AND service_affair.number_in_months(e.rating_id, submitted_from, submitted_before)
                 GROUP BY e.month) g
        UNION ALL
        -- the archived months, a branch per level as above (the planner keeps
        -- only the level asked for); the region and point level joined as the
        -- live cases' are (the current department and service_point); the
        -- months from a month before the scan's start to its end (x.month decides
        -- in the period functions)
        -- archived, level service
        SELECT 'service', g.department, d.region, g.service, NULL::text, NULL::text, g.month,
               g.ratings, g.level5, g.level4, g.level3, g.level2, g.level1, g.rectified_on_time
          FROM (SELECT a.department, a.service, a.month,
                       pg_catalog.sum(a.ratings)::bigint AS ratings,
                       pg_catalog.sum(a.level5)::bigint AS level5,
                       pg_catalog.sum(a.level4)::bigint AS level4,
                       pg_catalog.sum(a.level3)::bigint AS level3,
                       pg_catalog.sum(a.level2)::bigint AS level2,
                       pg_catalog.sum(a.level1)::bigint AS level1,
                       pg_catalog.sum(a.rectified_on_time)::bigint AS rectified_on_time
                  FROM service_affair.satisfaction_archived a
                 WHERE a.month > (submitted_from AT TIME ZONE 'UTC')::date - 32
                   AND a.month <= (submitted_before AT TIME ZONE 'UTC')::date
                 GROUP BY a.department, a.service, a.month) g
          LEFT JOIN service_affair.department d ON d.code = g.department
        UNION ALL
        -- archived, level department
        SELECT 'department', g.department, d.region, NULL::text, NULL::text, NULL::text, g.month,
               g.ratings, g.level5, g.level4, g.level3, g.level2, g.level1, g.rectified_on_time
          FROM (SELECT a.department, a.month,
                       pg_catalog.sum(a.ratings)::bigint AS ratings,
                       pg_catalog.sum(a.level5)::bigint AS level5,
                       pg_catalog.sum(a.level4)::bigint AS level4,
                       pg_catalog.sum(a.level3)::bigint AS level3,
                       pg_catalog.sum(a.level2)::bigint AS level2,
                       pg_catalog.sum(a.level1)::bigint AS level1,
                       pg_catalog.sum(a.rectified_on_time)::bigint AS rectified_on_time
                  FROM service_affair.satisfaction_archived a
                 WHERE a.month > (submitted_from AT TIME ZONE 'UTC')::date - 32
                   AND a.month <= (submitted_before AT TIME ZONE 'UTC')::date
                 GROUP BY a.department, a.month) g
          LEFT JOIN service_affair.department d ON d.code = g.department
        UNION ALL
        -- archived, level region
        SELECT 'region', NULL::text, g.region, NULL::text, NULL::text, NULL::text, g.month,
               g.ratings, g.level5, g.level4, g.level3, g.level2, g.level1, g.rectified_on_time
          FROM (SELECT d.region, a.month,
                       pg_catalog.sum(a.ratings)::bigint AS ratings,
                       pg_catalog.sum(a.level5)::bigint AS level5,
                       pg_catalog.sum(a.level4)::bigint AS level4,
                       pg_catalog.sum(a.level3)::bigint AS level3,
                       pg_catalog.sum(a.level2)::bigint AS level2,
                       pg_catalog.sum(a.level1)::bigint AS level1,
                       pg_catalog.sum(a.rectified_on_time)::bigint AS rectified_on_time
                  FROM service_affair.satisfaction_archived a
                  LEFT JOIN service_affair.department d ON d.code = a.department
                 WHERE a.month > (submitted_from AT TIME ZONE 'UTC')::date - 32
                   AND a.month <= (submitted_before AT TIME ZONE 'UTC')::date
                 GROUP BY d.region, a.month) g
        UNION ALL
        -- archived, level point
        SELECT 'point', NULL::text, NULL::text, NULL::text, g.point, g.point_level, g.month,
               g.ratings, g.level5, g.level4, g.level3, g.level2, g.level1, g.rectified_on_time
          FROM (SELECT a.point, sp.level AS point_level, a.month,
                       pg_catalog.sum(a.ratings)::bigint AS ratings,
                       pg_catalog.sum(a.level5)::bigint AS level5,
                       pg_catalog.sum(a.level4)::bigint AS level4,
                       pg_catalog.sum(a.level3)::bigint AS level3,
                       pg_catalog.sum(a.level2)::bigint AS level2,
                       pg_catalog.sum(a.level1)::bigint AS level1,
                       pg_catalog.sum(a.rectified_on_time)::bigint AS rectified_on_time
                  FROM service_affair.satisfaction_archived a
                  LEFT JOIN service_affair.service_point sp ON sp.code = a.point
                 WHERE a.month > (submitted_from AT TIME ZONE 'UTC')::date - 32
                   AND a.month <= (submitted_before AT TIME ZONE 'UTC')::date
                 GROUP BY a.point, sp.level, a.month) g
        UNION ALL
        -- archived, level overall
        SELECT 'overall', NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, g.month,
               g.ratings, g.level5, g.level4, g.level3, g.level2, g.level1, g.rectified_on_time
          FROM (SELECT a.month,
                       pg_catalog.sum(a.ratings)::bigint AS ratings,
                       pg_catalog.sum(a.level5)::bigint AS level5,
                       pg_catalog.sum(a.level4)::bigint AS level4,
                       pg_catalog.sum(a.level3)::bigint AS level3,
                       pg_catalog.sum(a.level2)::bigint AS level2,
                       pg_catalog.sum(a.level1)::bigint AS level1,
                       pg_catalog.sum(a.rectified_on_time)::bigint AS rectified_on_time
                  FROM service_affair.satisfaction_archived a
                 WHERE a.month > (submitted_from AT TIME ZONE 'UTC')::date - 32
                   AND a.month <= (submitted_before AT TIME ZONE 'UTC')::date
                 GROUP BY a.month) g) u
 GROUP BY u.level, u.department, u.region, u.service, u.point, u.point_level, u.month
HAVING pg_catalog.sum(u.ratings) <> 0;
END;
COMMENT ON FUNCTION service_affair.satisfaction_rollup_between(timestamptz, timestamptz) IS
  'Internal: satisfaction_rollup over the ratings of cases submitted from submitted_from (inclusive) to submitted_before (exclusive), plus the counts of archived months (satisfaction_archived) of the local months the bounds reach, whole months; satisfaction_rollup is it from -infinity to infinity, the period functions bound it to their months';

CREATE VIEW service_affair.satisfaction_rollup AS
SELECT * FROM service_affair.satisfaction_rollup_between('-infinity', 'infinity');
COMMENT ON VIEW service_affair.satisfaction_rollup IS
  'Satisfaction counts summed at every level: one row per level (service, department, region, point, overall) and month; the keys a level does not group by are NULL';
COMMENT ON COLUMN service_affair.satisfaction_rollup.level IS 'service (department, region, service), department (department, region), region, point (point, point_level) or overall';
COMMENT ON COLUMN service_affair.satisfaction_rollup.department IS 'Handling department; NULL at levels region and overall';
COMMENT ON COLUMN service_affair.satisfaction_rollup.region IS 'Region of the handling department; NULL at level overall';
COMMENT ON COLUMN service_affair.satisfaction_rollup.service IS 'Service code at level service; else NULL';
COMMENT ON COLUMN service_affair.satisfaction_rollup.point IS 'Receiving point at level point (NULL there: no point, online or mobile); else NULL';
COMMENT ON COLUMN service_affair.satisfaction_rollup.point_level IS 'Level of the receiving point at level point; else NULL';
COMMENT ON COLUMN service_affair.satisfaction_rollup.month IS 'First day of the local month (case calendar time zone) of submission';
COMMENT ON COLUMN service_affair.satisfaction_rollup.ratings IS 'Ratings, appealed left out';
COMMENT ON COLUMN service_affair.satisfaction_rollup.level5 IS 'Level 5';
COMMENT ON COLUMN service_affair.satisfaction_rollup.level4 IS 'Level 4';
COMMENT ON COLUMN service_affair.satisfaction_rollup.level3 IS 'Level 3';
COMMENT ON COLUMN service_affair.satisfaction_rollup.level2 IS 'Level 2';
COMMENT ON COLUMN service_affair.satisfaction_rollup.level1 IS 'Level 1';
COMMENT ON COLUMN service_affair.satisfaction_rollup.rectified_on_time IS 'Bad ratings rectified on or before fix_due';

-- The formulas of the satisfaction indicators, once: rates from one row of summed counts.
CREATE FUNCTION service_affair.satisfaction_rates(x service_affair.satisfaction_rollup,
    OUT good_rate numeric,
    OUT bad_rate numeric,
    OUT rectified_on_time_rate numeric)
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    good_rate := (x.level5 + x.level4)::numeric / NULLIF(x.ratings, 0);
    bad_rate := (x.level2 + x.level1)::numeric / NULLIF(x.ratings, 0);
    rectified_on_time_rate := x.rectified_on_time::numeric / NULLIF(x.level2 + x.level1, 0);
END
$$;
COMMENT ON FUNCTION service_affair.satisfaction_rates(service_affair.satisfaction_rollup) IS
  'The satisfaction formulas (doc/indicators.md), applied by every satisfaction view and period function to a row of summed counts: good_rate; bad_rate; rectified_on_time_rate';

CREATE VIEW service_affair.satisfaction AS
SELECT x.department,
       x.service,
       x.month,
       x.ratings,
       x.level5,
       x.level4,
       x.level3,
       x.level2,
       x.level1,
       f.good_rate,
       f.bad_rate,
       f.rectified_on_time_rate
  FROM service_affair.satisfaction_rollup x
  CROSS JOIN LATERAL service_affair.satisfaction_rates(x) f
 WHERE x.level = 'service';
COMMENT ON VIEW service_affair.satisfaction IS
  'Satisfaction (好差评: 好评率, 差评率, 差评整改及时率; appealed ratings left out) per department, service and local month of submission (level service of satisfaction_rollup, formulas of satisfaction_rates())';
COMMENT ON COLUMN service_affair.satisfaction.department IS 'Handling department of the cases (a bundle: its lead department)';
COMMENT ON COLUMN service_affair.satisfaction.service IS 'Service code (item or bundle)';
COMMENT ON COLUMN service_affair.satisfaction.month IS 'First day of the local month (case calendar time zone) of submission';
COMMENT ON COLUMN service_affair.satisfaction.ratings IS 'Ratings of the group''s cases, appealed ones left out';
COMMENT ON COLUMN service_affair.satisfaction.level5 IS 'Ratings 5 非常满意';
COMMENT ON COLUMN service_affair.satisfaction.level4 IS 'Ratings 4 满意';
COMMENT ON COLUMN service_affair.satisfaction.level3 IS 'Ratings 3 基本满意';
COMMENT ON COLUMN service_affair.satisfaction.level2 IS 'Ratings 2 不满意';
COMMENT ON COLUMN service_affair.satisfaction.level1 IS 'Ratings 1 非常不满意';
COMMENT ON COLUMN service_affair.satisfaction.good_rate IS '好评率 (满意度): (level5 + level4) ÷ ratings; NULL when no ratings';
COMMENT ON COLUMN service_affair.satisfaction.bad_rate IS '差评率: (level2 + level1) ÷ ratings; NULL when no ratings';
COMMENT ON COLUMN service_affair.satisfaction.rectified_on_time_rate IS '差评整改及时率: bad ratings whose rectification closed on or before its fix due ÷ bad ratings; NULL when no bad ratings';

CREATE VIEW service_affair.satisfaction_department AS
SELECT x.department,
       x.month,
       x.ratings,
       x.level5,
       x.level4,
       x.level3,
       x.level2,
       x.level1,
       f.good_rate,
       f.bad_rate,
       f.rectified_on_time_rate
  FROM service_affair.satisfaction_rollup x
  CROSS JOIN LATERAL service_affair.satisfaction_rates(x) f
 WHERE x.level = 'department';
COMMENT ON VIEW service_affair.satisfaction_department IS
  'Satisfaction (好差评: 好评率, 差评率, 差评整改及时率; appealed ratings left out) per department and local month of submission (level department of satisfaction_rollup, formulas of satisfaction_rates())';
COMMENT ON COLUMN service_affair.satisfaction_department.department IS 'Handling department of the cases (a bundle: its lead department)';
COMMENT ON COLUMN service_affair.satisfaction_department.month IS 'First day of the local month (case calendar time zone) of submission';
COMMENT ON COLUMN service_affair.satisfaction_department.ratings IS 'Ratings of the group''s cases, appealed ones left out';
COMMENT ON COLUMN service_affair.satisfaction_department.level5 IS 'Ratings 5 非常满意';
COMMENT ON COLUMN service_affair.satisfaction_department.level4 IS 'Ratings 4 满意';
COMMENT ON COLUMN service_affair.satisfaction_department.level3 IS 'Ratings 3 基本满意';
COMMENT ON COLUMN service_affair.satisfaction_department.level2 IS 'Ratings 2 不满意';
COMMENT ON COLUMN service_affair.satisfaction_department.level1 IS 'Ratings 1 非常不满意';
COMMENT ON COLUMN service_affair.satisfaction_department.good_rate IS '好评率 (满意度): (level5 + level4) ÷ ratings; NULL when no ratings';
COMMENT ON COLUMN service_affair.satisfaction_department.bad_rate IS '差评率: (level2 + level1) ÷ ratings; NULL when no ratings';
COMMENT ON COLUMN service_affair.satisfaction_department.rectified_on_time_rate IS '差评整改及时率: bad ratings whose rectification closed on or before its fix due ÷ bad ratings; NULL when no bad ratings';

CREATE VIEW service_affair.satisfaction_region AS
SELECT x.region,
       x.month,
       x.ratings,
       x.level5,
       x.level4,
       x.level3,
       x.level2,
       x.level1,
       f.good_rate,
       f.bad_rate,
       f.rectified_on_time_rate
  FROM service_affair.satisfaction_rollup x
  CROSS JOIN LATERAL service_affair.satisfaction_rates(x) f
 WHERE x.level = 'region';
COMMENT ON VIEW service_affair.satisfaction_region IS
  'Satisfaction (好差评: 好评率, 差评率, 差评整改及时率; appealed ratings left out) per region of the handling department and local month of submission (level region of satisfaction_rollup, formulas of satisfaction_rates())';
COMMENT ON COLUMN service_affair.satisfaction_region.region IS 'Region (GB/T 2260) of the handling department (department.region)';
COMMENT ON COLUMN service_affair.satisfaction_region.month IS 'First day of the local month (case calendar time zone) of submission';
COMMENT ON COLUMN service_affair.satisfaction_region.ratings IS 'Ratings of the group''s cases, appealed ones left out';
COMMENT ON COLUMN service_affair.satisfaction_region.level5 IS 'Ratings 5 非常满意';
COMMENT ON COLUMN service_affair.satisfaction_region.level4 IS 'Ratings 4 满意';
COMMENT ON COLUMN service_affair.satisfaction_region.level3 IS 'Ratings 3 基本满意';
COMMENT ON COLUMN service_affair.satisfaction_region.level2 IS 'Ratings 2 不满意';
COMMENT ON COLUMN service_affair.satisfaction_region.level1 IS 'Ratings 1 非常不满意';
COMMENT ON COLUMN service_affair.satisfaction_region.good_rate IS '好评率 (满意度): (level5 + level4) ÷ ratings; NULL when no ratings';
COMMENT ON COLUMN service_affair.satisfaction_region.bad_rate IS '差评率: (level2 + level1) ÷ ratings; NULL when no ratings';
COMMENT ON COLUMN service_affair.satisfaction_region.rectified_on_time_rate IS '差评整改及时率: bad ratings whose rectification closed on or before its fix due ÷ bad ratings; NULL when no bad ratings';

CREATE VIEW service_affair.satisfaction_point AS
SELECT x.point,
       x.point_level,
       x.month,
       x.ratings,
       x.level5,
       x.level4,
       x.level3,
       x.level2,
       x.level1,
       f.good_rate,
       f.bad_rate,
       f.rectified_on_time_rate
  FROM service_affair.satisfaction_rollup x
  CROSS JOIN LATERAL service_affair.satisfaction_rates(x) f
 WHERE x.level = 'point';
COMMENT ON VIEW service_affair.satisfaction_point IS
  'Satisfaction (好差评: 好评率, 差评率, 差评整改及时率; appealed ratings left out) per receiving service point of the rated cases (its level beside it; online cases: point NULL) and local month of submission (level point of satisfaction_rollup, formulas of satisfaction_rates())';
COMMENT ON COLUMN service_affair.satisfaction_point.point IS 'Service point that received the cases (cases.receiving_point); NULL: no point — submitted online or by mobile (or at a window without a point named)';
COMMENT ON COLUMN service_affair.satisfaction_point.point_level IS 'Level of the point: county (centre), town, village or bank (就近办), kiosk, mobile; NULL when no point';
COMMENT ON COLUMN service_affair.satisfaction_point.month IS 'First day of the local month (case calendar time zone) of submission';
COMMENT ON COLUMN service_affair.satisfaction_point.ratings IS 'Ratings of the group''s cases, appealed ones left out';
COMMENT ON COLUMN service_affair.satisfaction_point.level5 IS 'Ratings 5 非常满意';
COMMENT ON COLUMN service_affair.satisfaction_point.level4 IS 'Ratings 4 满意';
COMMENT ON COLUMN service_affair.satisfaction_point.level3 IS 'Ratings 3 基本满意';
COMMENT ON COLUMN service_affair.satisfaction_point.level2 IS 'Ratings 2 不满意';
COMMENT ON COLUMN service_affair.satisfaction_point.level1 IS 'Ratings 1 非常不满意';
COMMENT ON COLUMN service_affair.satisfaction_point.good_rate IS '好评率 (满意度): (level5 + level4) ÷ ratings; NULL when no ratings';
COMMENT ON COLUMN service_affair.satisfaction_point.bad_rate IS '差评率: (level2 + level1) ÷ ratings; NULL when no ratings';
COMMENT ON COLUMN service_affair.satisfaction_point.rectified_on_time_rate IS '差评整改及时率: bad ratings whose rectification closed on or before its fix due ÷ bad ratings; NULL when no bad ratings';

CREATE VIEW service_affair.satisfaction_overall AS
SELECT x.month,
       x.ratings,
       x.level5,
       x.level4,
       x.level3,
       x.level2,
       x.level1,
       f.good_rate,
       f.bad_rate,
       f.rectified_on_time_rate
  FROM service_affair.satisfaction_rollup x
  CROSS JOIN LATERAL service_affair.satisfaction_rates(x) f
 WHERE x.level = 'overall';
COMMENT ON VIEW service_affair.satisfaction_overall IS
  'Satisfaction (好差评: 好评率, 差评率, 差评整改及时率; appealed ratings left out) over all departments per local month of submission (level overall of satisfaction_rollup, formulas of satisfaction_rates())';
COMMENT ON COLUMN service_affair.satisfaction_overall.month IS 'First day of the local month (case calendar time zone) of submission';
COMMENT ON COLUMN service_affair.satisfaction_overall.ratings IS 'Ratings of the group''s cases, appealed ones left out';
COMMENT ON COLUMN service_affair.satisfaction_overall.level5 IS 'Ratings 5 非常满意';
COMMENT ON COLUMN service_affair.satisfaction_overall.level4 IS 'Ratings 4 满意';
COMMENT ON COLUMN service_affair.satisfaction_overall.level3 IS 'Ratings 3 基本满意';
COMMENT ON COLUMN service_affair.satisfaction_overall.level2 IS 'Ratings 2 不满意';
COMMENT ON COLUMN service_affair.satisfaction_overall.level1 IS 'Ratings 1 非常不满意';
COMMENT ON COLUMN service_affair.satisfaction_overall.good_rate IS '好评率 (满意度): (level5 + level4) ÷ ratings; NULL when no ratings';
COMMENT ON COLUMN service_affair.satisfaction_overall.bad_rate IS '差评率: (level2 + level1) ÷ ratings; NULL when no ratings';
COMMENT ON COLUMN service_affair.satisfaction_overall.rectified_on_time_rate IS '差评整改及时率: bad ratings whose rectification closed on or before its fix due ÷ bad ratings; NULL when no bad ratings';

-- Internal: the rollup summed over the local months from_month..to_month
-- (month NULL); the period functions apply satisfaction_rates() to it.
CREATE FUNCTION service_affair.satisfaction_period_rollup(from_month date, to_month date, levels text[] DEFAULT NULL)
    RETURNS SETOF service_affair.satisfaction_rollup
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    SET plan_cache_mode = force_custom_plan
AS $$
DECLARE
    v_void text;  -- period_levels_checked() called as an expression
BEGIN
    v_void := service_affair.period_levels_checked('satisfaction', levels)::text;  -- 22023 a NULL or unknown level
RETURN QUERY
WITH s AS (
    SELECT x.level, x.department, x.region, x.service, x.point, x.point_level, NULL::date AS month,
           pg_catalog.sum(x.ratings)::bigint AS ratings,
           pg_catalog.sum(x.level5)::bigint AS level5,
           pg_catalog.sum(x.level4)::bigint AS level4,
           pg_catalog.sum(x.level3)::bigint AS level3,
           pg_catalog.sum(x.level2)::bigint AS level2,
           pg_catalog.sum(x.level1)::bigint AS level1,
           pg_catalog.sum(x.rectified_on_time)::bigint AS rectified_on_time
      -- ratings of cases submitted from a day before the first month to a day
      -- after the last (a local month starts within 14 hours of its UTC
      -- midnight); x.month decides
      FROM service_affair.satisfaction_rollup_between(
               service_affair.period_scan_bound(from_month, false),
               service_affair.period_scan_bound(to_month, true)) x
     -- the first day of from_month's month, in date arithmetic (date_trunc() goes
     -- through timestamptz: 22008 past 294276); an infinite from_month as it is
     WHERE x.month >= CASE WHEN from_month OPERATOR(pg_catalog.<) date '4714-12-01 BC'
                           THEN date '-infinity'  -- its month starts before the first date (22008)
                           WHEN pg_catalog.isfinite(from_month)
                           THEN from_month OPERATOR(pg_catalog.-) (pg_catalog.extract('day', from_month)::integer - 1)
                           ELSE from_month END
       AND x.month <= to_month
       -- only the levels asked for: the other branches of the rollup are not run
       AND (levels IS NULL OR x.level = ANY (levels))
     GROUP BY x.level, x.department, x.region, x.service, x.point, x.point_level)
SELECT * FROM s
-- the overall row even when nothing happened in the period
UNION ALL
SELECT 'overall', NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, 0, 0, 0, 0, 0
 WHERE (levels IS NULL OR 'overall' = ANY (levels))
   AND NOT EXISTS (SELECT FROM s WHERE s.level = 'overall');
END
$$;
COMMENT ON FUNCTION service_affair.satisfaction_period_rollup(date, date, text[]) IS
  'Internal: satisfaction_rollup summed over the local months of submission from the month of from_month to to_month, month NULL, with an overall row of zeros when the period has none; read by the satisfaction period functions; levels: only those levels (NULL: all), the branches of the others are not run; 22023 a NULL or unknown level';

CREATE FUNCTION service_affair.satisfaction_period(from_month date, to_month date)
    RETURNS TABLE (department text,
    ratings bigint,
    level5 bigint,
    level4 bigint,
    level3 bigint,
    level2 bigint,
    level1 bigint,
    good_rate numeric,
    bad_rate numeric,
    rectified_on_time_rate numeric,
    overall boolean)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
SELECT x.department, x.ratings, x.level5, x.level4, x.level3, x.level2, x.level1,
       f.good_rate, f.bad_rate, f.rectified_on_time_rate, x.level = 'overall'
  FROM service_affair.satisfaction_period_rollup(from_month, to_month, ARRAY['department', 'overall']) x
  CROSS JOIN LATERAL service_affair.satisfaction_rates(x) f
 WHERE x.level IN ('department', 'overall')
 ORDER BY x.level = 'overall', x.department;
END;
COMMENT ON FUNCTION service_affair.satisfaction_period(date, date) IS
  'Satisfaction over the rated cases submitted in the local months from_month..to_month: one row per department, then the overall row (department NULL, overall true, last); overall: true on the overall row only (never NULL), the column that tells it whatever the order of the rows';

CREATE FUNCTION service_affair.satisfaction_period_region(from_month date, to_month date)
    RETURNS TABLE (region text,
    ratings bigint,
    level5 bigint,
    level4 bigint,
    level3 bigint,
    level2 bigint,
    level1 bigint,
    good_rate numeric,
    bad_rate numeric,
    rectified_on_time_rate numeric,
    overall boolean)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
SELECT x.region, x.ratings, x.level5, x.level4, x.level3, x.level2, x.level1,
       f.good_rate, f.bad_rate, f.rectified_on_time_rate, x.level = 'overall'
  FROM service_affair.satisfaction_period_rollup(from_month, to_month, ARRAY['region', 'overall']) x
  CROSS JOIN LATERAL service_affair.satisfaction_rates(x) f
 WHERE x.level IN ('region', 'overall')
 ORDER BY x.level = 'overall', x.region;
END;
COMMENT ON FUNCTION service_affair.satisfaction_period_region(date, date) IS
  'Satisfaction per region of the handling department over the rated cases submitted in the local months from_month..to_month: one row per region (NULL: a department without a region, overall false), then the overall row (region NULL, overall true, last); overall: true on the overall row only, the column that tells it from the row of no region';

CREATE FUNCTION service_affair.satisfaction_period_point(from_month date, to_month date)
    RETURNS TABLE (point text, point_level text,
    ratings bigint,
    level5 bigint,
    level4 bigint,
    level3 bigint,
    level2 bigint,
    level1 bigint,
    good_rate numeric,
    bad_rate numeric,
    rectified_on_time_rate numeric,
    overall boolean)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
SELECT x.point, x.point_level, x.ratings, x.level5, x.level4, x.level3, x.level2, x.level1,
       f.good_rate, f.bad_rate, f.rectified_on_time_rate, x.level = 'overall'
  FROM service_affair.satisfaction_period_rollup(from_month, to_month, ARRAY['point', 'overall']) x
  CROSS JOIN LATERAL service_affair.satisfaction_rates(x) f
 WHERE x.level IN ('point', 'overall')
 ORDER BY x.level = 'overall', x.point NULLS LAST;
END;
COMMENT ON FUNCTION service_affair.satisfaction_period_point(date, date) IS
  'Satisfaction per receiving service point, with its level, over the rated cases submitted in the local months from_month..to_month: one row per point, then the row of cases received at no point (online, mobile; point NULL, overall false), then the overall row (point NULL, overall true, last); overall: true on the overall row only, the column that tells it from the no-point row';


-- Complaints (12345): the additive counts per handling department and month
-- of receipt, summed per level, and the formulas once in complaint_rates().
-- complaint_indicators (issue 15) keeps its columns: integer counts, rates
-- rounded to 4 decimals.
-- The planner's number of groups of the complaint levels: as for the cases
-- (cases_group_keys above), it knows the month of receipt (local_month(), an
-- expression) only through received_at, nearly one value per complaint, and
-- expected a group per complaint at every level (10,000 for 494 at the point
-- level, 13 at level overall, at 10^5 cases; doc/benchmarks.md "Statistics
-- on the grouping keys").  These statistics carry the number of distinct
-- local months of receipt and of the complaint's keys grouped with it; the
-- expression is complaint_facts' own.  The point level groups by
-- service_point's code (sp.code), another table: the planner multiplies its
-- points by the months counted here (520 for 494).  complaint is a plain
-- table: these are built by every ANALYZE of it, autovacuum's included.
CREATE STATISTICS service_affair.complaint_group_keys (ndistinct)
    ON department, point, (service_affair.local_month(received_at, calendar))
    FROM service_affair.complaint;
COMMENT ON STATISTICS service_affair.complaint_group_keys IS
  'Planner statistics (ndistinct) of the keys the complaint views group complaints by: handling department, point named and the local month of receipt (local_month(received_at, calendar)); without them the planner expects about one group per complaint (built by any ANALYZE of service_affair.complaint, a plain table, autovacuum''s included)';

-- One row per complaint and department that answers for it: the handling
-- department (department, moved by transfers), whose row carries the
-- complaint's own counts (handling: received, assigned, reopened), and each
-- former department that replied to it before a transfer, whose row carries
-- its own replies and the call-backs on them only; every level below groups
-- these rows by its own keys.
-- A reply (and the call-back on it) is the department's that gave it: the
-- replied event's department, the handling department when it was given
-- (a call-back's too: no transfer between a reply and its call-back; an
-- overdue flag's, the department the next transfer moves the round from).
-- Its code as it stands: complaint_event's department codes follow a rename
-- (ON UPDATE CASCADE, as complaint.department).  Until 2026-12-07 (a fourth
-- review) the department the first transfer after the event moved the
-- complaint from, the handling department when none followed: the same
-- department, as the code that transfer recorded, which a department
-- renamed since (no foreign key then) left behind, its former replies a
-- second row under the old code without a region beside its new one
-- (complaint_department_rename.sql); and read by number in a text array,
-- walked to its element for every event.  Until 2026-12-07 every count went to the handling department: a
-- complaint transferred between rounds (replied by A, reopened, transferred
-- to B) took A's replies, their judgement and the call-backs on them to B,
-- late for a late reply of A's (a review; complaint_transfer_rounds.sql).
CREATE VIEW service_affair.complaint_facts AS
SELECT e.department,
       d.region,
       -- a registered point only: free text naming none is counted with "none named"
       sp.code AS point,
       sp.level AS point_level,
       service_affair.local_month(c.received_at, c.calendar) AS month,
       -- every round's reply, each judged when given and kept with its
       -- replied event (complaint_event.on_time, 62_complaints.sql):
       -- replied once the department's first reply is given, on time while
       -- no reply it gave so far was late.  A reopening changes neither (it
       -- writes no reply); only a later reply may, and only to late.  Until
       -- 2026-12-07 both were the current round's (complaint.replied_on_time,
       -- cleared by a reopening): a reopening took a late reply out of the
       -- counts (on time if the next one was), and took the complaint out of
       -- replied in its month of receipt, however long reported (a review).
       -- A reopened round left unanswered past its due (the sweep's flag
       -- holding for its due: overdue_due, cleared by the reopening, equal
       -- to effective_due) counts the handling department late already: its
       -- reply can only be late, and a department does not keep its "on
       -- time" by not replying.  Nor by transferring such a round away
       -- unanswered (flags_left): until 2026-12-07 (a second review) the
       -- transfer made the former department's row no longer the handling
       -- one, and its late turned back to on time, a reported month's count
       -- moved from late to on time by no reply at all
       e.replies > 0 AS replied,
       e.replies > 0 AND e.late_replies = 0 AND e.flags_left = 0
         AND NOT (e.handling AND c.status = 'reopened' AND c.overdue_due IS NOT DISTINCT FROM c.effective_due) AS replied_on_time,
       e.callbacks,
       e.satisfied_callbacks,
       e.callbacks_on_time,
       e.handling AND e.reopens > 0 AS reopened,
       e.handling AND c.assigned_at IS NOT NULL AS assigned,
       e.handling AND c.assigned_at IS NOT NULL
         AND service_affair.local_day(c.assigned_at, c.calendar)
             <= service_affair.add_workdays(service_affair.local_day(c.received_at, c.calendar), COALESCE(c.assign_days, 1), c.calendar) AS assigned_on_time,
       c.received_at,
       (e.replies - CASE WHEN e.first_reply THEN 1 ELSE 0 END)::integer AS reopened_replies,
       (e.on_time_replies - CASE WHEN e.first_reply AND e.first_on_time THEN 1 ELSE 0 END)::integer AS reopened_replies_on_time,
       e.handling
  FROM service_affair.complaint c
  CROSS JOIN LATERAL (
        SELECT v.by_department AS department,
               v.by_department IS NOT DISTINCT FROM c.department AS handling,
               pg_catalog.count(*) FILTER (WHERE v.kind = 'callback') AS callbacks,
               pg_catalog.count(*) FILTER (WHERE v.kind = 'callback' AND v.satisfied) AS satisfied_callbacks,
               -- the complaint's, whoever it was reopened from
               pg_catalog.sum(pg_catalog.count(*) FILTER (WHERE v.kind = 'reopened')) OVER () AS reopens,
               pg_catalog.count(*) FILTER (WHERE v.kind = 'replied') AS replies,
               pg_catalog.count(*) FILTER (WHERE v.kind = 'replied' AND NOT v.on_time) AS late_replies,
               pg_catalog.count(*) FILTER (WHERE v.kind = 'replied' AND v.on_time) AS on_time_replies,
               -- this department gave the complaint's first reply (the
               -- others' replies are all to reopened rounds), and its judgement
               COALESCE(pg_catalog.bool_or(v.first_reply), false) AS first_reply,
               pg_catalog.bool_or(v.first_reply AND v.on_time) AS first_on_time,
               -- a call-back is on time when its local day is on or before
               -- callback_days working days after the reply it follows
               -- (reply_at: the latest replied event before it): the
               -- count kept on the complaint at its receipt (62_complaints.sql),
               -- as assign_days; until 2026-12-05 today's settings, read
               -- here, rewrote the months already reported
               pg_catalog.count(*) FILTER (WHERE v.kind = 'callback'
                   AND service_affair.local_day(v.at, c.calendar)
                       <= service_affair.add_workdays(service_affair.local_day(v.reply_at, c.calendar),
                                                      COALESCE(c.callback_days, 3), c.calendar)) AS callbacks_on_time,
               -- the overdue flags of reopened rounds this department
               -- transferred away unanswered (after a reopening; the first
               -- reply or transfer after the flag a transfer, from it), the
               -- flag holding: the round's reply, when given since, late (a
               -- reply after a holding flag can only be; an on-time one
               -- means a calendar edit voided it), else the flag holding now
               -- for the due (overdue_due = effective_due; a transfer keeps
               -- the due)
               pg_catalog.count(*) FILTER (WHERE v.kind = 'overdue' AND v.reopened_before
                   AND v.next_answer_transfer
                   AND COALESCE(v.next_reply_late,
                                c.status = 'reopened' AND c.overdue_due IS NOT DISTINCT FROM c.effective_due)) AS flags_left
          -- one ordered pass over the complaint's events, in the order of
          -- the index (complaint_event_complaint_idx: complaint_id, id), no
          -- sort: each event looks back (running frames: the latest reply
          -- up to it, a reopening before it, whether it is the first reply)
          -- and ahead by number: the k-th reply or answer (a reply or a
          -- transfer) of the complaint, k one more than those before the
          -- event, read in arrays of the whole complaint (one frame for
          -- every event, aggregated once): the next reply and the next
          -- answer.  Until 2026-12-07 (a third review)
          -- these were frames from each event to the end, aggregated again
          -- for every event (array_agg has no inverse): quadratic in the
          -- complaint's events, whose number nothing bounds (a clerk's
          -- transfers back and forth, rounds reopened by call-backs); one
          -- complaint of 2,682 events made every read of the complaint
          -- indicator views take 14-16 s, against 0.2-0.4 s before the
          -- per-department rows (test complaint_facts_cost.sql).  Until
          -- 2026-12-07 each event looked its next transfer up (a subquery
          -- per event, 1.7-2.2x the time of the views before per-department
          -- rows), then (the first window pass) the stretches of the
          -- history were numbered by running counts in both orders and
          -- windowed by stretch: six sorts per complaint.
          FROM (SELECT x.id, x.at, x.kind, x.satisfied, x.on_time,
                       pg_catalog.count(*) FILTER (WHERE x.kind = 'reopened') OVER back > 0 AS reopened_before,
                       x.kind = 'replied' AND pg_catalog.count(*) FILTER (WHERE x.kind = 'replied') OVER back = 1 AS first_reply,
                       (pg_catalog.array_agg(x.at) FILTER (WHERE x.kind = 'replied') OVER whole)
                         [pg_catalog.count(*) FILTER (WHERE x.kind = 'replied') OVER back] AS reply_at,
                       x.department AS by_department,
                       (pg_catalog.array_agg(NOT x.on_time) FILTER (WHERE x.kind = 'replied') OVER whole)
                         [pg_catalog.count(*) FILTER (WHERE x.kind = 'replied') OVER back
                          - (x.kind = 'replied')::integer + 1] AS next_reply_late,
                       -- booleans, not the kinds: an element of fixed width is
                       -- reached at once, one of text by walking those before it
                       (pg_catalog.array_agg(x.kind = 'transferred') FILTER (WHERE x.kind IN ('replied', 'transferred')) OVER whole)
                         [pg_catalog.count(*) FILTER (WHERE x.kind IN ('replied', 'transferred')) OVER back
                          - (x.kind IN ('replied', 'transferred'))::integer + 1] AS next_answer_transfer
                  FROM service_affair.complaint_event x WHERE x.complaint_id = c.id
                WINDOW back AS (ORDER BY x.id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),
                       whole AS (ORDER BY x.id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
                UNION ALL  -- the handling department's row, whatever the history holds
                SELECT NULL, NULL, NULL, NULL, NULL, NULL, false, NULL, c.department, NULL, NULL) v
         GROUP BY v.by_department) e
  -- outer joins on unique keys: the planner drops them where a level reads neither column
  LEFT JOIN service_affair.department d ON d.code = e.department
  LEFT JOIN service_affair.service_point sp ON sp.code = c.point
 -- a former department's row only when it replied
 WHERE e.handling OR e.replies > 0;
COMMENT ON VIEW service_affair.complaint_facts IS
  'One row per complaint and department answering for it: the handling department''s (handling: the complaint''s own counts, received, assigned, reopened) and one per former department that replied to it before a transfer (its replies and the call-backs on them only); its keys (that department and its region, registered point named, local month of receipt) and what it adds to each complaint count; read by complaint_counts and every level of complaint_rollup; no complainant identity';
COMMENT ON COLUMN service_affair.complaint_facts.department IS 'The department the row counts for: the handling department (handling; NULL: not assigned and none named), or a former one that replied before a transfer moved the complaint from it (its code as it stands: complaint_event follows a rename)';
COMMENT ON COLUMN service_affair.complaint_facts.region IS 'Region of that department; NULL when none';
COMMENT ON COLUMN service_affair.complaint_facts.point IS 'Registered service point the complaint is about; NULL: none named or no registered point';
COMMENT ON COLUMN service_affair.complaint_facts.point_level IS 'Level of that point; NULL when none';
COMMENT ON COLUMN service_affair.complaint_facts.month IS 'First day of the local month of receipt';
COMMENT ON COLUMN service_affair.complaint_facts.replied IS 'The row''s department replied to the complaint (a replied event naming it: the handling department when the reply was given, its code as it stands): stays true through reopenings and transfers';
COMMENT ON COLUMN service_affair.complaint_facts.replied_on_time IS 'Replied, and every reply the row''s department gave so far (of every round) on or before the earlier of due and supervise_due of its round in force when it was given (complaint_event.on_time): one late reply makes it false for good, whatever a reopening or a later reply does; false too, on the handling department''s row, while a reopened round is flagged overdue unanswered (overdue_due equal to effective_due), and on the row of a department that transferred a reopened round flagged overdue away unanswered, the flag holding (the round''s reply, once given, late; until then overdue_due equal to effective_due)';
COMMENT ON COLUMN service_affair.complaint_facts.callbacks IS 'Call-backs recorded on the replies of the row''s department';
COMMENT ON COLUMN service_affair.complaint_facts.satisfied_callbacks IS 'Those of callbacks satisfied';
COMMENT ON COLUMN service_affair.complaint_facts.callbacks_on_time IS 'Those of callbacks on or before complaint.callback_days (in force at receipt, complaint.callback_days; default 3) working days after the reply they follow';
COMMENT ON COLUMN service_affair.complaint_facts.reopened IS 'Reopened by an unsatisfied call-back at least once (the handling department''s row only)';
COMMENT ON COLUMN service_affair.complaint_facts.assigned IS 'Assigned to a department (the handling department''s row only)';
COMMENT ON COLUMN service_affair.complaint_facts.assigned_on_time IS 'Assigned on or before complaint.assign_days (in force at receipt, complaint.assign_days; default 1) working days after the local day of receipt (the handling department''s row only)';
COMMENT ON COLUMN service_affair.complaint_facts.received_at IS 'When the complaint was received (complaint.received_at): the bound of the scan of a period (complaint_rollup_between())';
COMMENT ON COLUMN service_affair.complaint_facts.reopened_replies IS 'Replies to reopened rounds (重办) the row''s department gave so far: its replies but the complaint''s first';
COMMENT ON COLUMN service_affair.complaint_facts.reopened_replies_on_time IS 'Those of reopened_replies on time (complaint_event.on_time)';
COMMENT ON COLUMN service_affair.complaint_facts.handling IS 'The row of the handling department (complaint.department), which counts the complaint itself (received, assigned, reopened): exactly one per complaint; false: a former department''s row, its replies before a transfer only (added 2026-12-07, last)';

CREATE VIEW service_affair.complaint_counts AS
SELECT e.department, e.region, e.point, e.point_level, e.month,
       pg_catalog.count(*) FILTER (WHERE e.handling) AS received,
       pg_catalog.count(*) FILTER (WHERE e.replied) AS replied,
       pg_catalog.count(*) FILTER (WHERE e.replied_on_time) AS replied_on_time,
       COALESCE(pg_catalog.sum(e.callbacks), 0)::bigint AS callbacks,
       COALESCE(pg_catalog.sum(e.satisfied_callbacks), 0)::bigint AS satisfied_callbacks,
       COALESCE(pg_catalog.sum(e.callbacks_on_time), 0)::bigint AS callbacks_on_time,
       pg_catalog.count(*) FILTER (WHERE e.reopened) AS reopened,
       pg_catalog.count(*) FILTER (WHERE e.assigned) AS assigned,
       pg_catalog.count(*) FILTER (WHERE e.assigned_on_time) AS assigned_on_time
  FROM service_affair.complaint_facts e
 GROUP BY e.department, e.region, e.point, e.point_level, e.month;
COMMENT ON VIEW service_affair.complaint_counts IS
  'Additive complaint counts per department (and its region) and local month of receipt: a complaint under its handling department, each reply and the call-backs on it under the department that gave it (a former one, when a transfer followed it; complaint_facts); no complainant identity';
COMMENT ON COLUMN service_affair.complaint_counts.department IS 'Handling department of the complaints received, department that gave the replies (NULL: not assigned and none named)';
COMMENT ON COLUMN service_affair.complaint_counts.region IS 'Region of the department (NULL without a department)';
COMMENT ON COLUMN service_affair.complaint_counts.point IS 'Registered service point the complaint is about (complaint.point naming a service_point); NULL: none named, or free text naming no registered point (never shown)';
COMMENT ON COLUMN service_affair.complaint_counts.point_level IS 'Level of that point (county; town, village, bank: 就近办; kiosk; mobile); NULL when no registered point';
COMMENT ON COLUMN service_affair.complaint_counts.month IS 'First day of the local month of receipt';
COMMENT ON COLUMN service_affair.complaint_counts.received IS 'Complaints received (under their handling department)';
COMMENT ON COLUMN service_affair.complaint_counts.replied IS 'Complaints the department replied to (a reopening does not take a complaint out; one replied before and after a transfer counts under both departments)';
COMMENT ON COLUMN service_affair.complaint_counts.replied_on_time IS 'Replied complaints every reply of which the department gave so far (every round''s: a reopening gives a new due from its day) was on or before the earlier of due and supervise_due of its round in force when it was given, and, for the handling department, no reopened round of which is flagged overdue unanswered (overdue_due = effective_due); one late reply counts the complaint late for good, under the department that gave it';
COMMENT ON COLUMN service_affair.complaint_counts.callbacks IS 'Call-backs recorded on the department''s replies';
COMMENT ON COLUMN service_affair.complaint_counts.satisfied_callbacks IS 'Call-backs where the complainant was satisfied';
COMMENT ON COLUMN service_affair.complaint_counts.callbacks_on_time IS 'Call-backs on or before complaint.callback_days (default 3) working days after the local day of the reply they follow';
COMMENT ON COLUMN service_affair.complaint_counts.reopened IS 'Complaints reopened by an unsatisfied call-back at least once';
COMMENT ON COLUMN service_affair.complaint_counts.assigned IS 'Complaints assigned to a department';
COMMENT ON COLUMN service_affair.complaint_counts.assigned_on_time IS 'Assigned on or before complaint.assign_days (default 1) working days after the local day of receipt';

-- The rollup of the complaints received in [received_from, received_before):
-- complaint_rollup is it over all time, and the period functions bound the
-- scan to the period's months (with a margin for the local day) through the
-- index on complaint.received_at (62_complaints.sql), as
-- efficiency_rollup_between() does for cases (same reasons: SQL-standard
-- body, no SET, not STRICT, so that the planner inlines it).
CREATE FUNCTION service_affair.complaint_rollup_between(received_from timestamptz, received_before timestamptz)
    RETURNS TABLE (level text, department text, region text, point text, point_level text, month date,
    received bigint,
    replied bigint,
    replied_on_time bigint,
    callbacks bigint,
    satisfied_callbacks bigint,
    callbacks_on_time bigint,
    reopened bigint,
    assigned bigint,
    assigned_on_time bigint)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
-- level department
SELECT 'department'::text AS level, g.department, d.region AS region, NULL::text AS point, NULL::text AS point_level, g.month,
       g.received, g.replied, g.replied_on_time, g.callbacks, g.satisfied_callbacks, g.callbacks_on_time, g.reopened, g.assigned, g.assigned_on_time
  FROM (SELECT e.department, e.month,
               pg_catalog.count(*) FILTER (WHERE e.handling) AS received,
               pg_catalog.count(*) FILTER (WHERE e.replied) AS replied,
               pg_catalog.count(*) FILTER (WHERE e.replied_on_time) AS replied_on_time,
               COALESCE(pg_catalog.sum(e.callbacks), 0)::bigint AS callbacks,
               COALESCE(pg_catalog.sum(e.satisfied_callbacks), 0)::bigint AS satisfied_callbacks,
               COALESCE(pg_catalog.sum(e.callbacks_on_time), 0)::bigint AS callbacks_on_time,
               pg_catalog.count(*) FILTER (WHERE e.reopened) AS reopened,
               pg_catalog.count(*) FILTER (WHERE e.assigned) AS assigned,
               pg_catalog.count(*) FILTER (WHERE e.assigned_on_time) AS assigned_on_time
          FROM service_affair.complaint_facts e
         WHERE e.received_at >= received_from AND e.received_at < received_before
         GROUP BY e.department, e.month) g
  -- the department's region joined after grouping (header: why not a subquery)
  LEFT JOIN service_affair.department d ON d.code = g.department
UNION ALL
-- level region
SELECT 'region', NULL::text, g.region, NULL::text, NULL::text, g.month,
       g.received, g.replied, g.replied_on_time, g.callbacks, g.satisfied_callbacks, g.callbacks_on_time, g.reopened, g.assigned, g.assigned_on_time
  FROM (SELECT e.region, e.month,
               pg_catalog.count(*) FILTER (WHERE e.handling) AS received,
               pg_catalog.count(*) FILTER (WHERE e.replied) AS replied,
               pg_catalog.count(*) FILTER (WHERE e.replied_on_time) AS replied_on_time,
               COALESCE(pg_catalog.sum(e.callbacks), 0)::bigint AS callbacks,
               COALESCE(pg_catalog.sum(e.satisfied_callbacks), 0)::bigint AS satisfied_callbacks,
               COALESCE(pg_catalog.sum(e.callbacks_on_time), 0)::bigint AS callbacks_on_time,
               pg_catalog.count(*) FILTER (WHERE e.reopened) AS reopened,
               pg_catalog.count(*) FILTER (WHERE e.assigned) AS assigned,
               pg_catalog.count(*) FILTER (WHERE e.assigned_on_time) AS assigned_on_time
          FROM service_affair.complaint_facts e
         WHERE e.received_at >= received_from AND e.received_at < received_before
         GROUP BY e.region, e.month) g
UNION ALL
-- level point
SELECT 'point', NULL::text, NULL::text, g.point, g.point_level, g.month,
       g.received, g.replied, g.replied_on_time, g.callbacks, g.satisfied_callbacks, g.callbacks_on_time, g.reopened, g.assigned, g.assigned_on_time
  FROM (SELECT e.point, e.point_level, e.month,
               pg_catalog.count(*) FILTER (WHERE e.handling) AS received,
               pg_catalog.count(*) FILTER (WHERE e.replied) AS replied,
               pg_catalog.count(*) FILTER (WHERE e.replied_on_time) AS replied_on_time,
               COALESCE(pg_catalog.sum(e.callbacks), 0)::bigint AS callbacks,
               COALESCE(pg_catalog.sum(e.satisfied_callbacks), 0)::bigint AS satisfied_callbacks,
               COALESCE(pg_catalog.sum(e.callbacks_on_time), 0)::bigint AS callbacks_on_time,
               pg_catalog.count(*) FILTER (WHERE e.reopened) AS reopened,
               pg_catalog.count(*) FILTER (WHERE e.assigned) AS assigned,
               pg_catalog.count(*) FILTER (WHERE e.assigned_on_time) AS assigned_on_time
          FROM service_affair.complaint_facts e
         WHERE e.received_at >= received_from AND e.received_at < received_before
         GROUP BY e.point, e.point_level, e.month) g
UNION ALL
-- level overall
SELECT 'overall', NULL::text, NULL::text, NULL::text, NULL::text, g.month,
       g.received, g.replied, g.replied_on_time, g.callbacks, g.satisfied_callbacks, g.callbacks_on_time, g.reopened, g.assigned, g.assigned_on_time
  FROM (SELECT e.month,
               pg_catalog.count(*) FILTER (WHERE e.handling) AS received,
               pg_catalog.count(*) FILTER (WHERE e.replied) AS replied,
               pg_catalog.count(*) FILTER (WHERE e.replied_on_time) AS replied_on_time,
               COALESCE(pg_catalog.sum(e.callbacks), 0)::bigint AS callbacks,
               COALESCE(pg_catalog.sum(e.satisfied_callbacks), 0)::bigint AS satisfied_callbacks,
               COALESCE(pg_catalog.sum(e.callbacks_on_time), 0)::bigint AS callbacks_on_time,
               pg_catalog.count(*) FILTER (WHERE e.reopened) AS reopened,
               pg_catalog.count(*) FILTER (WHERE e.assigned) AS assigned,
               pg_catalog.count(*) FILTER (WHERE e.assigned_on_time) AS assigned_on_time
          FROM service_affair.complaint_facts e
         WHERE e.received_at >= received_from AND e.received_at < received_before
         GROUP BY e.month) g;
END;
COMMENT ON FUNCTION service_affair.complaint_rollup_between(timestamptz, timestamptz) IS
  'Internal: complaint_rollup over the complaints received from received_from (inclusive) to received_before (exclusive); complaint_rollup is it from -infinity to infinity, the period functions bound it to their months';

CREATE VIEW service_affair.complaint_rollup AS
SELECT * FROM service_affair.complaint_rollup_between('-infinity', 'infinity');
COMMENT ON VIEW service_affair.complaint_rollup IS
  'Complaint counts summed at every level: one row per level (department, region, point, overall) and month of receipt; the keys a level does not group by are NULL';
COMMENT ON COLUMN service_affair.complaint_rollup.level IS 'department (department, region), region or overall';
COMMENT ON COLUMN service_affair.complaint_rollup.department IS 'At level department, the handling department of the complaints received and the department that gave the replies counted (NULL there: not assigned and none named); else NULL';
COMMENT ON COLUMN service_affair.complaint_rollup.region IS 'Region of the department the counts are for (the handling department''s for received; the replying department''s for the replies and call-backs); NULL at level overall';
COMMENT ON COLUMN service_affair.complaint_rollup.point IS 'Registered service point the complaints are about at level point (NULL there: none named or no registered point); else NULL';
COMMENT ON COLUMN service_affair.complaint_rollup.point_level IS 'Level of that point at level point (NULL: no registered point); else NULL';
COMMENT ON COLUMN service_affair.complaint_rollup.month IS 'First day of the local month of receipt';
COMMENT ON COLUMN service_affair.complaint_rollup.received IS 'Complaints received';
COMMENT ON COLUMN service_affair.complaint_rollup.replied IS 'Complaints replied, per department that replied (a complaint replied before and after a transfer counts once for each department, at every level); a reopening does not take a complaint out';
COMMENT ON COLUMN service_affair.complaint_rollup.replied_on_time IS 'Replied complaints every reply of which so far (every round''s) was on or before the earlier of due and supervise_due of its round in force at the reply, and no reopened round of which is flagged overdue unanswered (overdue_due = effective_due)';
COMMENT ON COLUMN service_affair.complaint_rollup.callbacks IS 'Call-backs recorded';
COMMENT ON COLUMN service_affair.complaint_rollup.satisfied_callbacks IS 'Satisfied call-backs';
COMMENT ON COLUMN service_affair.complaint_rollup.callbacks_on_time IS 'Call-backs within complaint.callback_days of the reply';
COMMENT ON COLUMN service_affair.complaint_rollup.reopened IS 'Complaints reopened at least once';
COMMENT ON COLUMN service_affair.complaint_rollup.assigned IS 'Complaints assigned';
COMMENT ON COLUMN service_affair.complaint_rollup.assigned_on_time IS 'Assigned within complaint.assign_days of receipt';

-- The formulas of the complaint indicators, once.
CREATE FUNCTION service_affair.complaint_rates(x service_affair.complaint_rollup,
    OUT replied_on_time_rate numeric,
    OUT callback_satisfied_rate numeric,
    OUT assigned_on_time_rate numeric,
    OUT callback_on_time_rate numeric)
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    replied_on_time_rate := pg_catalog.round(x.replied_on_time::numeric / NULLIF(x.replied, 0), 4);
    callback_satisfied_rate := pg_catalog.round(x.satisfied_callbacks::numeric / NULLIF(x.callbacks, 0), 4);
    assigned_on_time_rate := pg_catalog.round(x.assigned_on_time::numeric / NULLIF(x.assigned, 0), 4);
    callback_on_time_rate := pg_catalog.round(x.callbacks_on_time::numeric / NULLIF(x.callbacks, 0), 4);
END
$$;
COMMENT ON FUNCTION service_affair.complaint_rates(service_affair.complaint_rollup) IS
  'The complaint formulas (doc/complaints.md), rounded to 4 decimals, applied by every complaint_indicators view to a row of summed counts: replied_on_time_rate, callback_satisfied_rate, assigned_on_time_rate, callback_on_time_rate';

CREATE VIEW service_affair.complaint_indicators AS
SELECT x.department,
       x.month,
       x.received::integer AS received,
       x.replied::integer AS replied,
       f.replied_on_time_rate AS replied_on_time_rate,
       f.callback_satisfied_rate AS callback_satisfied_rate,
       x.reopened::integer AS reopened,
       x.assigned::integer AS assigned,
       f.assigned_on_time_rate AS assigned_on_time_rate,
       x.callbacks::integer AS callbacks,
       f.callback_on_time_rate AS callback_on_time_rate
  FROM service_affair.complaint_rollup x
  CROSS JOIN LATERAL service_affair.complaint_rates(x) f
 WHERE x.level = 'department';
COMMENT ON VIEW service_affair.complaint_indicators IS
  'Complaints per handling department and month of receipt (local day): received, replied (counted for the department that gave the reply: a reply followed by a transfer for the department it moved from, so that a complaint replied before and after a transfer counts once for each; a reopening does not take it back), replied_on_time_rate (every reply so far, of every round, on or before the earlier of due and supervise_due of its round, and no reopened round flagged overdue unanswered, ÷ replied), callback_satisfied_rate (satisfied call-backs ÷ call-backs), reopened (complaints reopened at least once), assigned, assigned_on_time_rate (within complaint.assign_days of receipt), callbacks, callback_on_time_rate (within complaint.callback_days of the reply); level department of complaint_rollup, formulas of complaint_rates(); no complainant identity';
COMMENT ON COLUMN service_affair.complaint_indicators.department IS 'Handling department of the complaints received; for replied, replied_on_time_rate and the call-backs, the department that gave the replies (NULL: not assigned and none named)';
COMMENT ON COLUMN service_affair.complaint_indicators.month IS 'First day of the local month of receipt';
COMMENT ON COLUMN service_affair.complaint_indicators.received IS 'Complaints received';
COMMENT ON COLUMN service_affair.complaint_indicators.replied IS 'Complaints the department replied to (its replies; a reply followed by a transfer stays the former department''s); a reopening does not take a complaint out';
COMMENT ON COLUMN service_affair.complaint_indicators.replied_on_time_rate IS 'Replied complaints every reply of which so far (every round''s) was on or before the earlier of due and supervise_due of its round in force when given, and no reopened round of which is flagged overdue unanswered (overdue_due = effective_due), ÷ replied (one late reply counts a complaint late for good); NULL when none replied';
COMMENT ON COLUMN service_affair.complaint_indicators.callback_satisfied_rate IS 'Satisfied call-backs ÷ call-backs; NULL when none';
COMMENT ON COLUMN service_affair.complaint_indicators.reopened IS 'Complaints reopened by an unsatisfied call-back at least once';
COMMENT ON COLUMN service_affair.complaint_indicators.assigned IS 'Complaints assigned to a department';
COMMENT ON COLUMN service_affair.complaint_indicators.assigned_on_time_rate IS 'Assigned on or before complaint.assign_days (default 1) working days after the local day of receipt ÷ assigned; NULL when none assigned';
COMMENT ON COLUMN service_affair.complaint_indicators.callbacks IS 'Call-backs recorded (a reopened complaint can have several)';
COMMENT ON COLUMN service_affair.complaint_indicators.callback_on_time_rate IS 'Call-backs on or before complaint.callback_days (default 3) working days after the local day of the reply they follow ÷ call-backs; NULL when none';

CREATE VIEW service_affair.complaint_indicators_region AS
SELECT x.region,
       x.month,
       x.received::integer AS received,
       x.replied::integer AS replied,
       f.replied_on_time_rate AS replied_on_time_rate,
       f.callback_satisfied_rate AS callback_satisfied_rate,
       x.reopened::integer AS reopened,
       x.assigned::integer AS assigned,
       f.assigned_on_time_rate AS assigned_on_time_rate,
       x.callbacks::integer AS callbacks,
       f.callback_on_time_rate AS callback_on_time_rate
  FROM service_affair.complaint_rollup x
  CROSS JOIN LATERAL service_affair.complaint_rates(x) f
 WHERE x.level = 'region';
COMMENT ON VIEW service_affair.complaint_indicators_region IS
  'Complaints per region of the handling department and month of receipt (local day): received, replied (counted for the department that gave the reply: a reply followed by a transfer for the department it moved from, so that a complaint replied before and after a transfer counts once for each; a reopening does not take it back), replied_on_time_rate (every reply so far, of every round, on or before the earlier of due and supervise_due of its round, and no reopened round flagged overdue unanswered, ÷ replied), callback_satisfied_rate (satisfied call-backs ÷ call-backs), reopened (complaints reopened at least once), assigned, assigned_on_time_rate (within complaint.assign_days of receipt), callbacks, callback_on_time_rate (within complaint.callback_days of the reply); level region of complaint_rollup, formulas of complaint_rates(); no complainant identity';
COMMENT ON COLUMN service_affair.complaint_indicators_region.region IS 'Region of the handling department for received, of the replying department for the replies and call-backs (NULL: no department)';
COMMENT ON COLUMN service_affair.complaint_indicators_region.month IS 'First day of the local month of receipt';
COMMENT ON COLUMN service_affair.complaint_indicators_region.received IS 'Complaints received';
COMMENT ON COLUMN service_affair.complaint_indicators_region.replied IS 'Complaints replied, once per department that replied (the sum of the departments'' counts: a complaint replied before and after a transfer counts once for each department, so that replied may exceed received); a reopening does not take a complaint out';
COMMENT ON COLUMN service_affair.complaint_indicators_region.replied_on_time_rate IS 'Replied complaints every reply of which so far (every round''s) was on or before the earlier of due and supervise_due of its round in force when given, and no reopened round of which is flagged overdue unanswered (overdue_due = effective_due), ÷ replied (one late reply counts a complaint late for good); NULL when none replied';
COMMENT ON COLUMN service_affair.complaint_indicators_region.callback_satisfied_rate IS 'Satisfied call-backs ÷ call-backs; NULL when none';
COMMENT ON COLUMN service_affair.complaint_indicators_region.reopened IS 'Complaints reopened by an unsatisfied call-back at least once';
COMMENT ON COLUMN service_affair.complaint_indicators_region.assigned IS 'Complaints assigned to a department';
COMMENT ON COLUMN service_affair.complaint_indicators_region.assigned_on_time_rate IS 'Assigned on or before complaint.assign_days (default 1) working days after the local day of receipt ÷ assigned; NULL when none assigned';
COMMENT ON COLUMN service_affair.complaint_indicators_region.callbacks IS 'Call-backs recorded (a reopened complaint can have several)';
COMMENT ON COLUMN service_affair.complaint_indicators_region.callback_on_time_rate IS 'Call-backs on or before complaint.callback_days (default 3) working days after the local day of the reply they follow ÷ call-backs; NULL when none';

CREATE VIEW service_affair.complaint_indicators_point AS
SELECT x.point,
       x.point_level,
       x.month,
       x.received::integer AS received,
       x.replied::integer AS replied,
       f.replied_on_time_rate AS replied_on_time_rate,
       f.callback_satisfied_rate AS callback_satisfied_rate,
       x.reopened::integer AS reopened,
       x.assigned::integer AS assigned,
       f.assigned_on_time_rate AS assigned_on_time_rate,
       x.callbacks::integer AS callbacks,
       f.callback_on_time_rate AS callback_on_time_rate
  FROM service_affair.complaint_rollup x
  CROSS JOIN LATERAL service_affair.complaint_rates(x) f
 WHERE x.level = 'point';
COMMENT ON VIEW service_affair.complaint_indicators_point IS
  'Complaints per registered service point they are about (complaint.point, its level beside it; none named or no registered point: point NULL) and month of receipt (local day): received, replied (counted for the department that gave the reply: a reply followed by a transfer for the department it moved from, so that a complaint replied before and after a transfer counts once for each; a reopening does not take it back), replied_on_time_rate (every reply so far, of every round, on or before the earlier of due and supervise_due of its round, and no reopened round flagged overdue unanswered, ÷ replied), callback_satisfied_rate (satisfied call-backs ÷ call-backs), reopened (complaints reopened at least once), assigned, assigned_on_time_rate (within complaint.assign_days of receipt), callbacks, callback_on_time_rate (within complaint.callback_days of the reply); level point of complaint_rollup, formulas of complaint_rates(); no complainant identity';
COMMENT ON COLUMN service_affair.complaint_indicators_point.point IS 'Registered service point the complaints are about (complaint.point); NULL: none named, or free text naming no registered point (the text is never shown)';
COMMENT ON COLUMN service_affair.complaint_indicators_point.point_level IS 'Level of the point: county (centre), town, village or bank (就近办), kiosk, mobile; NULL when no registered point';
COMMENT ON COLUMN service_affair.complaint_indicators_point.month IS 'First day of the local month of receipt';
COMMENT ON COLUMN service_affair.complaint_indicators_point.received IS 'Complaints received';
COMMENT ON COLUMN service_affair.complaint_indicators_point.replied IS 'Complaints replied, once per department that replied (the sum of the departments'' counts: a complaint replied before and after a transfer counts once for each department, so that replied may exceed received); a reopening does not take a complaint out';
COMMENT ON COLUMN service_affair.complaint_indicators_point.replied_on_time_rate IS 'Replied complaints every reply of which so far (every round''s) was on or before the earlier of due and supervise_due of its round in force when given, and no reopened round of which is flagged overdue unanswered (overdue_due = effective_due), ÷ replied (one late reply counts a complaint late for good); NULL when none replied';
COMMENT ON COLUMN service_affair.complaint_indicators_point.callback_satisfied_rate IS 'Satisfied call-backs ÷ call-backs; NULL when none';
COMMENT ON COLUMN service_affair.complaint_indicators_point.reopened IS 'Complaints reopened by an unsatisfied call-back at least once';
COMMENT ON COLUMN service_affair.complaint_indicators_point.assigned IS 'Complaints assigned to a department';
COMMENT ON COLUMN service_affair.complaint_indicators_point.assigned_on_time_rate IS 'Assigned on or before complaint.assign_days (default 1) working days after the local day of receipt ÷ assigned; NULL when none assigned';
COMMENT ON COLUMN service_affair.complaint_indicators_point.callbacks IS 'Call-backs recorded (a reopened complaint can have several)';
COMMENT ON COLUMN service_affair.complaint_indicators_point.callback_on_time_rate IS 'Call-backs on or before complaint.callback_days (default 3) working days after the local day of the reply they follow ÷ call-backs; NULL when none';

CREATE VIEW service_affair.complaint_indicators_overall AS
SELECT x.month,
       x.received::integer AS received,
       x.replied::integer AS replied,
       f.replied_on_time_rate AS replied_on_time_rate,
       f.callback_satisfied_rate AS callback_satisfied_rate,
       x.reopened::integer AS reopened,
       x.assigned::integer AS assigned,
       f.assigned_on_time_rate AS assigned_on_time_rate,
       x.callbacks::integer AS callbacks,
       f.callback_on_time_rate AS callback_on_time_rate
  FROM service_affair.complaint_rollup x
  CROSS JOIN LATERAL service_affair.complaint_rates(x) f
 WHERE x.level = 'overall';
COMMENT ON VIEW service_affair.complaint_indicators_overall IS
  'Complaints over all departments per month of receipt (local day): received, replied (counted for the department that gave the reply: a reply followed by a transfer for the department it moved from, so that a complaint replied before and after a transfer counts once for each; a reopening does not take it back), replied_on_time_rate (every reply so far, of every round, on or before the earlier of due and supervise_due of its round, and no reopened round flagged overdue unanswered, ÷ replied), callback_satisfied_rate (satisfied call-backs ÷ call-backs), reopened (complaints reopened at least once), assigned, assigned_on_time_rate (within complaint.assign_days of receipt), callbacks, callback_on_time_rate (within complaint.callback_days of the reply); level overall of complaint_rollup, formulas of complaint_rates(); no complainant identity';
COMMENT ON COLUMN service_affair.complaint_indicators_overall.month IS 'First day of the local month of receipt';
COMMENT ON COLUMN service_affair.complaint_indicators_overall.received IS 'Complaints received';
COMMENT ON COLUMN service_affair.complaint_indicators_overall.replied IS 'Complaints replied, once per department that replied (the sum of the departments'' counts: a complaint replied before and after a transfer counts once for each department, so that replied may exceed received); a reopening does not take a complaint out';
COMMENT ON COLUMN service_affair.complaint_indicators_overall.replied_on_time_rate IS 'Replied complaints every reply of which so far (every round''s) was on or before the earlier of due and supervise_due of its round in force when given, and no reopened round of which is flagged overdue unanswered (overdue_due = effective_due), ÷ replied (one late reply counts a complaint late for good); NULL when none replied';
COMMENT ON COLUMN service_affair.complaint_indicators_overall.callback_satisfied_rate IS 'Satisfied call-backs ÷ call-backs; NULL when none';
COMMENT ON COLUMN service_affair.complaint_indicators_overall.reopened IS 'Complaints reopened by an unsatisfied call-back at least once';
COMMENT ON COLUMN service_affair.complaint_indicators_overall.assigned IS 'Complaints assigned to a department';
COMMENT ON COLUMN service_affair.complaint_indicators_overall.assigned_on_time_rate IS 'Assigned on or before complaint.assign_days (default 1) working days after the local day of receipt ÷ assigned; NULL when none assigned';
COMMENT ON COLUMN service_affair.complaint_indicators_overall.callbacks IS 'Call-backs recorded (a reopened complaint can have several)';
COMMENT ON COLUMN service_affair.complaint_indicators_overall.callback_on_time_rate IS 'Call-backs on or before complaint.callback_days (default 3) working days after the local day of the reply they follow ÷ call-backs; NULL when none';

-- Internal: complaint_rollup summed over the local months of receipt
-- from_month..to_month (month NULL), with an overall row of zeros when the
-- period has none; the complaint period functions apply complaint_rates() to it.
CREATE FUNCTION service_affair.complaint_period_rollup(from_month date, to_month date, levels text[] DEFAULT NULL)
    RETURNS SETOF service_affair.complaint_rollup
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    SET plan_cache_mode = force_custom_plan
AS $$
DECLARE
    v_void text;  -- period_levels_checked() called as an expression
BEGIN
    v_void := service_affair.period_levels_checked('complaint', levels)::text;  -- 22023 a NULL or unknown level
RETURN QUERY
WITH s AS (
    SELECT x.level, x.department, x.region, x.point, x.point_level, NULL::date AS month,
           pg_catalog.sum(x.received)::bigint AS received,
           pg_catalog.sum(x.replied)::bigint AS replied,
           pg_catalog.sum(x.replied_on_time)::bigint AS replied_on_time,
           pg_catalog.sum(x.callbacks)::bigint AS callbacks,
           pg_catalog.sum(x.satisfied_callbacks)::bigint AS satisfied_callbacks,
           pg_catalog.sum(x.callbacks_on_time)::bigint AS callbacks_on_time,
           pg_catalog.sum(x.reopened)::bigint AS reopened,
           pg_catalog.sum(x.assigned)::bigint AS assigned,
           pg_catalog.sum(x.assigned_on_time)::bigint AS assigned_on_time
      -- complaints received from a day before the first month to a day after
      -- the last (a local month starts within 14 hours of its UTC midnight);
      -- x.month decides
      FROM service_affair.complaint_rollup_between(
               service_affair.period_scan_bound(from_month, false),
               service_affair.period_scan_bound(to_month, true)) x
     -- the first day of from_month's month, in date arithmetic (date_trunc() goes
     -- through timestamptz: 22008 past 294276); an infinite from_month as it is
     WHERE x.month >= CASE WHEN from_month OPERATOR(pg_catalog.<) date '4714-12-01 BC'
                           THEN date '-infinity'  -- its month starts before the first date (22008)
                           WHEN pg_catalog.isfinite(from_month)
                           THEN from_month OPERATOR(pg_catalog.-) (pg_catalog.extract('day', from_month)::integer - 1)
                           ELSE from_month END
       AND x.month <= to_month
       -- only the levels asked for: the other branches of the rollup are not run
       AND (levels IS NULL OR x.level = ANY (levels))
     GROUP BY x.level, x.department, x.region, x.point, x.point_level)
SELECT * FROM s
-- the overall row even when nothing happened in the period
UNION ALL
SELECT 'overall', NULL, NULL, NULL, NULL, NULL, 0, 0, 0, 0, 0, 0, 0, 0, 0
 WHERE (levels IS NULL OR 'overall' = ANY (levels))
   AND NOT EXISTS (SELECT FROM s WHERE s.level = 'overall');
END
$$;
COMMENT ON FUNCTION service_affair.complaint_period_rollup(date, date, text[]) IS
  'Internal: complaint_rollup summed over the local months of receipt from the month of from_month to to_month, month NULL, with an overall row of zeros when the period has none; read by the complaint period functions; levels: only those levels (NULL: all), the branches of the others are not run; 22023 a NULL or unknown level';

CREATE FUNCTION service_affair.complaint_period(from_month date, to_month date)
    RETURNS TABLE (department text, received integer, replied integer, replied_on_time_rate numeric,
    callback_satisfied_rate numeric, reopened integer, assigned integer, assigned_on_time_rate numeric,
    callbacks integer, callback_on_time_rate numeric, overall boolean)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
SELECT x.department, x.received::integer, x.replied::integer, f.replied_on_time_rate, f.callback_satisfied_rate,
       x.reopened::integer, x.assigned::integer, f.assigned_on_time_rate, x.callbacks::integer, f.callback_on_time_rate,
       x.level = 'overall'
  FROM service_affair.complaint_period_rollup(from_month, to_month, ARRAY['department', 'overall']) x
  CROSS JOIN LATERAL service_affair.complaint_rates(x) f
 WHERE x.level IN ('department', 'overall')
 ORDER BY x.level = 'overall', x.department NULLS LAST;
END;
COMMENT ON FUNCTION service_affair.complaint_period(date, date) IS
  'The complaint indicators over the complaints received in the local months from_month..to_month: one row per handling department (NULL: none, overall false), then the overall row (department NULL, overall true, last); overall: true on the overall row only, the column that tells it from the row of no department';

CREATE FUNCTION service_affair.complaint_period_region(from_month date, to_month date)
    RETURNS TABLE (region text, received integer, replied integer, replied_on_time_rate numeric,
    callback_satisfied_rate numeric, reopened integer, assigned integer, assigned_on_time_rate numeric,
    callbacks integer, callback_on_time_rate numeric, overall boolean)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
SELECT x.region, x.received::integer, x.replied::integer, f.replied_on_time_rate, f.callback_satisfied_rate,
       x.reopened::integer, x.assigned::integer, f.assigned_on_time_rate, x.callbacks::integer, f.callback_on_time_rate,
       x.level = 'overall'
  FROM service_affair.complaint_period_rollup(from_month, to_month, ARRAY['region', 'overall']) x
  CROSS JOIN LATERAL service_affair.complaint_rates(x) f
 WHERE x.level IN ('region', 'overall')
 ORDER BY x.level = 'overall', x.region NULLS LAST;
END;
COMMENT ON FUNCTION service_affair.complaint_period_region(date, date) IS
  'The complaint indicators over the complaints received in the local months from_month..to_month: one row per region of the handling department (NULL: no department or a department without a region, overall false), then the overall row (region NULL, overall true, last); overall: true on the overall row only, the column that tells it from the row of no region';

CREATE FUNCTION service_affair.complaint_period_point(from_month date, to_month date)
    RETURNS TABLE (point text, point_level text, received integer, replied integer, replied_on_time_rate numeric,
    callback_satisfied_rate numeric, reopened integer, assigned integer, assigned_on_time_rate numeric,
    callbacks integer, callback_on_time_rate numeric, overall boolean)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
SELECT x.point, x.point_level, x.received::integer, x.replied::integer, f.replied_on_time_rate, f.callback_satisfied_rate,
       x.reopened::integer, x.assigned::integer, f.assigned_on_time_rate, x.callbacks::integer, f.callback_on_time_rate,
       x.level = 'overall'
  FROM service_affair.complaint_period_rollup(from_month, to_month, ARRAY['point', 'overall']) x
  CROSS JOIN LATERAL service_affair.complaint_rates(x) f
 WHERE x.level IN ('point', 'overall')
 ORDER BY x.level = 'overall', x.point NULLS LAST;
END;
COMMENT ON FUNCTION service_affair.complaint_period_point(date, date) IS
  'The complaint indicators over the complaints received in the local months from_month..to_month: one row per registered service point they are about, with its level (point NULL: none named or no registered point), then the overall row (point and point_level NULL, overall true, last); overall: true on the overall row only, the column that tells it from the row of no point (overall false)';

-- Analysts: complaints per item, category and month of receipt, against the
-- cases of the item submitted that month (top services by complaints per
-- 1,000 cases), and the 办不成事 complaints resolved.
CREATE VIEW service_affair.complaint_items AS
-- the complaints grouped by the pair (item, category) as one text[] key and
-- the month, over a subquery the planner keeps (OFFSET 0): it counts the
-- month expression as its received_at values, so by the three columns it
-- expected one group per complaint and sorted them all (an external merge
-- at 4 MB work_mem); over the subquery it expects 10,000 groups and hashes
-- (doc/benchmarks.md, "Indicators", "The complaint views and the catalog
-- promise").  The pair groups as the two columns do (array equality: NULL
-- elements equal, as GROUP BY has it).
WITH c AS (
    SELECT x.keys[1] AS item, x.keys[2] AS category, x.month,
           pg_catalog.count(*)::integer AS received,
           pg_catalog.count(*) FILTER (WHERE x.replied)::integer AS replied,
           pg_catalog.count(*) FILTER (WHERE x.cannot_do_closed)::integer AS cannot_do_resolved
      FROM (SELECT ARRAY[y.item, y.category] AS keys,
                   service_affair.local_month(y.received_at, y.calendar) AS month,
                   y.reply_at IS NOT NULL AS replied,  -- a reply given (the first round's), as complaint_facts
                   y.category = 'cannot_do' AND y.status = 'closed' AS cannot_do_closed
              FROM service_affair.complaint y
            OFFSET 0) x
     GROUP BY x.keys, x.month),
-- the cases of the live history and those of the archived months
-- (item_cases_archived, 64_history.sql): an archived month keeps its cases.
-- Summed as bigint: an item and month can have several archived rows (one
-- per shard of a month, two archived months reaching one local month), each
-- within item_cases_archived_range, whose sum passes 2^31 - 1 (until
-- 2026-12-06, a review: cast to integer, the view failed with 22003)
k AS (
    SELECT u.item, u.month, pg_catalog.sum(u.cases)::bigint AS cases
      FROM (SELECT y.item, service_affair.local_month(y.submitted_at, y.calendar) AS month,
                   pg_catalog.count(*) AS cases
              FROM service_affair.cases y WHERE y.item IS NOT NULL
             GROUP BY 1, 2
            UNION ALL
            SELECT a.item, a.month, a.cases FROM service_affair.item_cases_archived a) u
     GROUP BY 1, 2)
SELECT c.item, c.category, c.month, c.received, c.replied, c.cannot_do_resolved, COALESCE(k.cases, 0) AS cases,
       pg_catalog.round(c.received * 1000.0 / NULLIF(k.cases, 0), 2) AS per_1000_cases
  FROM c LEFT JOIN k ON k.item = c.item AND k.month = c.month;
COMMENT ON VIEW service_affair.complaint_items IS
  'Complaints per item, category and month of receipt (local day), with the cases of the item submitted that month (archived months included, item_cases_archived): per_1000_cases ranks the services by complaints; cannot_do_resolved counts closed 办不成事 complaints; no complainant identity';
COMMENT ON COLUMN service_affair.complaint_items.item IS 'Item the complaints are about (NULL: none named)';
COMMENT ON COLUMN service_affair.complaint_items.category IS 'consultation, complaint, report, suggestion or cannot_do';
COMMENT ON COLUMN service_affair.complaint_items.month IS 'First day of the local month of receipt';
COMMENT ON COLUMN service_affair.complaint_items.received IS 'Complaints received';
COMMENT ON COLUMN service_affair.complaint_items.replied IS 'Complaints replied (the first round''s reply given; a reopening does not take a complaint out)';
COMMENT ON COLUMN service_affair.complaint_items.cannot_do_resolved IS '办不成事 complaints closed (replied with a resolution and closed by a satisfied call-back or, anonymous, by the administrator)';
COMMENT ON COLUMN service_affair.complaint_items.cases IS 'Cases of the item submitted in the month (local day of submission)';
COMMENT ON COLUMN service_affair.complaint_items.per_1000_cases IS 'received × 1000 ÷ cases (2 decimals); NULL when no case';

INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    ('analyst', 'SELECT', 'service_affair.efficiency_facts'),
    ('analyst', 'SELECT', 'service_affair.complaint_items'),
    ('admin', 'SELECT', 'service_affair.complaint_items'),
    ('analyst', 'SELECT', 'service_affair.efficiency_counts'),
    ('analyst', 'SELECT', 'service_affair.efficiency_rollup'),
    ('analyst', 'SELECT', 'service_affair.efficiency'),
    ('analyst', 'SELECT', 'service_affair.efficiency_department'),
    ('analyst', 'SELECT', 'service_affair.efficiency_region'),
    ('analyst', 'SELECT', 'service_affair.efficiency_point'),
    ('analyst', 'SELECT', 'service_affair.efficiency_overall'),
    ('analyst', 'SELECT', 'service_affair.satisfaction_facts'),
    ('analyst', 'SELECT', 'service_affair.satisfaction_counts'),
    ('analyst', 'SELECT', 'service_affair.satisfaction_rollup'),
    ('analyst', 'SELECT', 'service_affair.satisfaction'),
    ('analyst', 'SELECT', 'service_affair.satisfaction_department'),
    ('analyst', 'SELECT', 'service_affair.satisfaction_region'),
    ('analyst', 'SELECT', 'service_affair.satisfaction_point'),
    ('analyst', 'SELECT', 'service_affair.satisfaction_overall'),
    ('analyst', 'SELECT', 'service_affair.complaint_facts'),
    ('analyst', 'SELECT', 'service_affair.complaint_counts'),
    ('analyst', 'SELECT', 'service_affair.complaint_rollup'),
    ('analyst', 'SELECT', 'service_affair.complaint_indicators_region'),
    ('analyst', 'SELECT', 'service_affair.complaint_indicators_point'),
    ('analyst', 'SELECT', 'service_affair.complaint_indicators_overall'),
    ('analyst', 'EXECUTE', 'service_affair.efficiency_rates(service_affair.efficiency_rollup)'),
    ('analyst', 'EXECUTE', 'service_affair.efficiency_period_rollup(date,date,text[])'),
    ('analyst', 'EXECUTE', 'service_affair.efficiency_rollup_between(timestamptz,timestamptz)'),
    ('analyst', 'EXECUTE', 'service_affair.period_scan_bound(date,boolean)'),
    ('analyst', 'EXECUTE', 'service_affair.period_levels_checked(text,text[])'),
    ('analyst', 'EXECUTE', 'service_affair.efficiency_period(date,date)'),
    ('analyst', 'EXECUTE', 'service_affair.efficiency_period_region(date,date)'),
    ('analyst', 'EXECUTE', 'service_affair.efficiency_period_point(date,date)'),
    ('analyst', 'EXECUTE', 'service_affair.satisfaction_rates(service_affair.satisfaction_rollup)'),
    ('analyst', 'EXECUTE', 'service_affair.satisfaction_period_rollup(date,date,text[])'),
    ('analyst', 'EXECUTE', 'service_affair.satisfaction_rollup_between(timestamptz,timestamptz)'),
    ('analyst', 'EXECUTE', 'service_affair.satisfaction_period(date,date)'),
    ('analyst', 'EXECUTE', 'service_affair.satisfaction_period_region(date,date)'),
    ('analyst', 'EXECUTE', 'service_affair.satisfaction_period_point(date,date)'),
    ('analyst', 'EXECUTE', 'service_affair.complaint_rates(service_affair.complaint_rollup)'),
    ('analyst', 'EXECUTE', 'service_affair.complaint_period_region(date,date)'),
    ('analyst', 'EXECUTE', 'service_affair.complaint_period_point(date,date)'),
    ('analyst', 'EXECUTE', 'service_affair.complaint_period(date,date)'),
    ('analyst', 'EXECUTE', 'service_affair.complaint_period_rollup(date,date,text[])'),
    ('analyst', 'EXECUTE', 'service_affair.complaint_rollup_between(timestamptz,timestamptz)'),
    ('admin', 'SELECT', 'service_affair.efficiency_facts'),
    ('admin', 'SELECT', 'service_affair.efficiency_counts'),
    ('admin', 'SELECT', 'service_affair.efficiency_rollup'),
    ('admin', 'SELECT', 'service_affair.efficiency'),
    ('admin', 'SELECT', 'service_affair.efficiency_department'),
    ('admin', 'SELECT', 'service_affair.efficiency_region'),
    ('admin', 'SELECT', 'service_affair.efficiency_point'),
    ('admin', 'SELECT', 'service_affair.efficiency_overall'),
    ('admin', 'SELECT', 'service_affair.satisfaction_facts'),
    ('admin', 'SELECT', 'service_affair.satisfaction_counts'),
    ('admin', 'SELECT', 'service_affair.satisfaction_rollup'),
    ('admin', 'SELECT', 'service_affair.satisfaction'),
    ('admin', 'SELECT', 'service_affair.satisfaction_department'),
    ('admin', 'SELECT', 'service_affair.satisfaction_region'),
    ('admin', 'SELECT', 'service_affair.satisfaction_point'),
    ('admin', 'SELECT', 'service_affair.satisfaction_overall'),
    ('admin', 'SELECT', 'service_affair.complaint_facts'),
    ('admin', 'SELECT', 'service_affair.complaint_counts'),
    ('admin', 'SELECT', 'service_affair.complaint_rollup'),
    ('admin', 'SELECT', 'service_affair.complaint_indicators_region'),
    ('admin', 'SELECT', 'service_affair.complaint_indicators_point'),
    ('admin', 'SELECT', 'service_affair.complaint_indicators_overall'),
    ('admin', 'EXECUTE', 'service_affair.efficiency_rates(service_affair.efficiency_rollup)'),
    ('admin', 'EXECUTE', 'service_affair.efficiency_period_rollup(date,date,text[])'),
    ('admin', 'EXECUTE', 'service_affair.efficiency_rollup_between(timestamptz,timestamptz)'),
    ('admin', 'EXECUTE', 'service_affair.period_scan_bound(date,boolean)'),
    ('admin', 'EXECUTE', 'service_affair.period_levels_checked(text,text[])'),
    ('admin', 'EXECUTE', 'service_affair.efficiency_period(date,date)'),
    ('admin', 'EXECUTE', 'service_affair.efficiency_period_region(date,date)'),
    ('admin', 'EXECUTE', 'service_affair.efficiency_period_point(date,date)'),
    ('admin', 'EXECUTE', 'service_affair.satisfaction_rates(service_affair.satisfaction_rollup)'),
    ('admin', 'EXECUTE', 'service_affair.satisfaction_period_rollup(date,date,text[])'),
    ('admin', 'EXECUTE', 'service_affair.satisfaction_rollup_between(timestamptz,timestamptz)'),
    ('admin', 'EXECUTE', 'service_affair.satisfaction_period(date,date)'),
    ('admin', 'EXECUTE', 'service_affair.satisfaction_period_region(date,date)'),
    ('admin', 'EXECUTE', 'service_affair.satisfaction_period_point(date,date)'),
    ('admin', 'EXECUTE', 'service_affair.complaint_rates(service_affair.complaint_rollup)'),
    ('admin', 'EXECUTE', 'service_affair.complaint_period_region(date,date)'),
    ('admin', 'EXECUTE', 'service_affair.complaint_period_point(date,date)'),
    ('admin', 'EXECUTE', 'service_affair.complaint_period(date,date)'),
    ('admin', 'EXECUTE', 'service_affair.complaint_period_rollup(date,date,text[])'),
    ('admin', 'EXECUTE', 'service_affair.complaint_rollup_between(timestamptz,timestamptz)');
REVOKE EXECUTE ON FUNCTION service_affair.efficiency_rates(service_affair.efficiency_rollup) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION service_affair.efficiency_period_rollup(date, date, text[]) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION service_affair.efficiency_rollup_between(timestamptz, timestamptz) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION service_affair.efficiency_period(date, date) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION service_affair.efficiency_period_region(date, date) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION service_affair.efficiency_period_point(date, date) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION service_affair.satisfaction_rates(service_affair.satisfaction_rollup) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION service_affair.satisfaction_period_rollup(date, date, text[]) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION service_affair.satisfaction_rollup_between(timestamptz, timestamptz) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION service_affair.satisfaction_period(date, date) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION service_affair.satisfaction_period_region(date, date) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION service_affair.satisfaction_period_point(date, date) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION service_affair.complaint_rates(service_affair.complaint_rollup) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION service_affair.complaint_period_rollup(date, date, text[]) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION service_affair.complaint_rollup_between(timestamptz, timestamptz) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION service_affair.complaint_period(date, date) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION service_affair.complaint_period_region(date, date) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION service_affair.complaint_period_point(date, date) FROM PUBLIC;

-- The licence and data-sharing views (moved here from 44_licences.sql: they
-- read the tables of 64_history.sql): the live history's counts plus those
-- archive_history_month() recorded of the archived months
-- (data_sharing_archived, one_licence_archived, licence_monthly_archived),
-- summed per key and month, so that an archived month keeps its counts (a
-- review, 2026-12-06: the three lost it); a group whose rows all cancel (a
-- month brought back, restore_history_month(), with no live count left
-- under that key) is not shown.

-- Each type of each material at submission (case_material.evidence_types;
-- a material of two types counts under both); the source department is the
-- registry's today, NULL for a type since removed from it (only a type no
-- material or licence names can be).
CREATE VIEW service_affair.data_sharing AS
SELECT u.evidence_type, et.source_department, u.month,
       pg_catalog.sum(u.hits)::bigint AS hits,
       pg_catalog.sum(u.misses)::bigint AS misses
  FROM (SELECT t.evidence_type,
               service_affair.local_month(c.submitted_at, c.calendar) AS month,
               pg_catalog.count(*) FILTER (WHERE cm.initial_status IN ('shared', 'produced')) AS hits,
               pg_catalog.count(*) FILTER (WHERE cm.initial_status NOT IN ('shared', 'produced')) AS misses
          FROM service_affair.cases c
          JOIN service_affair.case_material cm ON cm.case_id = c.id AND cm.evidence_types IS NOT NULL
         CROSS JOIN LATERAL pg_catalog.unnest(cm.evidence_types) AS t(evidence_type)
         GROUP BY 1, 2
        UNION ALL
        SELECT a.evidence_type, a.month, a.hits, a.misses FROM service_affair.data_sharing_archived a) u
  LEFT JOIN service_affair.evidence_type et ON et.code = u.evidence_type
 GROUP BY u.evidence_type, et.source_department, u.month
HAVING pg_catalog.sum(u.hits) <> 0 OR pg_catalog.sum(u.misses) <> 0;
COMMENT ON VIEW service_affair.data_sharing IS
  'Data-sharing performance per evidence type, source department and local month of submission: over the materials of every submission that named evidence types at submission (case_material.evidence_types; a material counts under each of its types), hits (satisfied by shared evidence, a valid licence, or produced by an earlier stage) and misses; archived months included (data_sharing_archived)';
COMMENT ON COLUMN service_affair.data_sharing.evidence_type IS 'Evidence type';
COMMENT ON COLUMN service_affair.data_sharing.source_department IS 'Its source department (数源部门)';
COMMENT ON COLUMN service_affair.data_sharing.month IS 'First day of the local month of submission';
COMMENT ON COLUMN service_affair.data_sharing.hits IS 'Materials satisfied at submission by shared evidence, a valid licence or a bundle''s earlier stage';
COMMENT ON COLUMN service_affair.data_sharing.misses IS 'Materials of the type not satisfied so at submission';

CREATE VIEW service_affair.licence_monthly AS
SELECT u.evidence_type, u.month,
       pg_catalog.sum(u.issued)::bigint AS issued,
       pg_catalog.sum(u.renewed)::bigint AS renewed,
       pg_catalog.sum(u.revoked)::bigint AS revoked
  FROM (SELECT x.evidence_type, x.month,
               pg_catalog.count(*) FILTER (WHERE x.what = 'issued') AS issued,
               pg_catalog.count(*) FILTER (WHERE x.what = 'renewed') AS renewed,
               pg_catalog.count(*) FILTER (WHERE x.what = 'revoked') AS revoked
          FROM (SELECT l.evidence_type,
                       service_affair.local_month(l.issued_at, c.calendar) AS month,
                       CASE WHEN l.supersedes IS NULL THEN 'issued' ELSE 'renewed' END AS what
                  FROM service_affair.licence l JOIN service_affair.cases c ON c.id = l.case_id
                UNION ALL
                -- revoked: by its case's revocation, also a licence a renewal
                -- had superseded before (licence_annulment, the month of the
                -- revocation), as verify_licence() and licence_review tell
                -- it (until 2026-12-07 not counted; a review,
                -- licence_monthly_annulled.sql)
                SELECT l.evidence_type,
                       service_affair.local_month(COALESCE(r.revoked_at, l.changed_at), c.calendar), 'revoked'
                  FROM service_affair.licence l JOIN service_affair.cases c ON c.id = l.case_id
                  LEFT JOIN service_affair.licence_annulment r ON l.status = 'superseded' AND r.licence_id = l.id
                 WHERE l.status = 'revoked' OR r.licence_id IS NOT NULL) x
         GROUP BY x.evidence_type, x.month
        UNION ALL
        SELECT a.evidence_type, a.month, a.issued, a.renewed, a.revoked FROM service_affair.licence_monthly_archived a) u
 GROUP BY u.evidence_type, u.month
HAVING pg_catalog.sum(u.issued) <> 0 OR pg_catalog.sum(u.renewed) <> 0 OR pg_catalog.sum(u.revoked) <> 0;
COMMENT ON VIEW service_affair.licence_monthly IS
  'Licences per evidence type and local month: issued (superseding none: the holder''s first of the type, or the first after one revoked in force), renewed (superseding one, a licence decided late included: doc/licences.md) and revoked; the licences of archived months'' cases included (licence_monthly_archived: the month of a licence is read with its case''s calendar)';
COMMENT ON COLUMN service_affair.licence_monthly.evidence_type IS 'Evidence type';
COMMENT ON COLUMN service_affair.licence_monthly.month IS 'First day of the local month (of issue, or of revocation)';
COMMENT ON COLUMN service_affair.licence_monthly.issued IS 'Licences issued or recorded that renewed nothing';
COMMENT ON COLUMN service_affair.licence_monthly.renewed IS 'Licences that superseded an earlier one';
COMMENT ON COLUMN service_affair.licence_monthly.revoked IS 'Licences revoked in the month: those of a case revoked in the month, a licence a renewal had superseded before included (licence_annulment)';

-- 一证通办: accepted cases whose every identity material was satisfied by shared data.
-- A required material is an identity one when one of the evidence types it
-- had at submission (case_material.evidence_types) is an identity type of
-- the registry (evidence_type.identity, a property of the type, read in
-- each query; an archived month's counts keep the identity types of the day
-- it was archived).  (Until 2026-12-03 the view read the catalog's material
-- types of today, through the case's item or bundle: a change of the
-- catalog rewrote past months.)  The test is a semi-join of the material
-- with the identity types (EXISTS ... code = ANY (evidence_types)), not
-- evidence_types && (SELECT array_agg(code) ...): the planner estimated the
-- overlap with that InitPlan parameter at its default 1% of the required
-- materials (about 29,700 where 1,200,000 pass at 10^6 cases) and probed
-- cases through a Memoize once per material; the semi-join's estimate
-- (about 14% of them, whatever the codes) gives a hash join of cases and
-- materials, at 10^5-10^6 cases within about 10% of the time of today's
-- codes written as a literal (doc/benchmarks.md, "The identity filter's
-- estimate").
CREATE VIEW service_affair.one_licence_service AS
SELECT u.department, u.month,
       pg_catalog.sum(u.cases)::bigint AS cases,
       pg_catalog.sum(u.one_licence)::bigint AS one_licence,
       pg_catalog.sum(u.one_licence)::bigint::numeric / pg_catalog.sum(u.cases)::bigint AS share
  FROM (SELECT y.department, y.month, pg_catalog.count(*) AS cases,
               pg_catalog.count(*) FILTER (WHERE y.all_shared) AS one_licence
          FROM (SELECT c.department,
                       service_affair.local_month(c.submitted_at, c.calendar) AS month,
                       pg_catalog.bool_and(cm.initial_status IN ('shared', 'produced')) AS all_shared
                  FROM service_affair.cases c
                  JOIN service_affair.case_material cm ON cm.case_id = c.id AND cm.required
                 WHERE c.accepted_at IS NOT NULL
                   AND EXISTS (SELECT FROM service_affair.evidence_type et
                                WHERE et.identity AND et.code OPERATOR(pg_catalog.=) ANY (cm.evidence_types))
                 GROUP BY c.id, c.department, 2) y
         GROUP BY y.department, y.month
        UNION ALL
        SELECT a.department, a.month, a.cases, a.one_licence FROM service_affair.one_licence_archived a) u
 GROUP BY u.department, u.month
HAVING pg_catalog.sum(u.cases) <> 0;
COMMENT ON VIEW service_affair.one_licence_service IS
  '一证通办 share per department and local month of submission: accepted cases with at least one required material of an identity type at submission (case_material.evidence_types, evidence_type.identity), and those whose every such material was satisfied by shared data, a valid licence or an earlier stage; archived months included (one_licence_archived, with the identity types of the day they were archived)';
COMMENT ON COLUMN service_affair.one_licence_service.department IS 'Department of the case';
COMMENT ON COLUMN service_affair.one_licence_service.month IS 'First day of the local month of submission';
COMMENT ON COLUMN service_affair.one_licence_service.cases IS 'Accepted cases with a required identity material';
COMMENT ON COLUMN service_affair.one_licence_service.one_licence IS 'Of those, cases whose every required identity material was shared';
COMMENT ON COLUMN service_affair.one_licence_service.share IS 'one_licence ÷ cases';

INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    ('admin', 'SELECT', 'service_affair.data_sharing'),
    ('admin', 'SELECT', 'service_affair.licence_monthly'),
    ('admin', 'SELECT', 'service_affair.one_licence_service'),
    ('analyst', 'SELECT', 'service_affair.data_sharing'),
    ('analyst', 'SELECT', 'service_affair.licence_monthly'),
    ('analyst', 'SELECT', 'service_affair.one_licence_service');
