-- The planner's number of groups of the indicator views (2026-12-06): the
-- statistics object cases_group_keys (65_views.sql) gives it the number of
-- distinct local months of submission and of the keys the views group cases
-- by.  Without it the planner read the month, an expression, through
-- submitted_at, and expected about one group per rating at every level of
-- the satisfaction rollups (440,338 groups for 504 at 10^6 cases,
-- doc/benchmarks.md "Statistics on the grouping keys").
--
-- Fixture: 3 departments x 2 services x 4 local months x 25 cases, every
-- case rated once, each submitted at its own instant (600 values of
-- submitted_at) and received at one of 3 service points of 3 levels,
-- written directly as bench/ratings/setup.sql does.  ANALYZE
-- reads every row of so small a table, so the estimates are exact and the
-- plan rows below are deterministic.
-- The complaint views' statistics object complaint_group_keys: at the end.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(24);

SELECT ok(EXISTS (SELECT FROM pg_catalog.pg_statistic_ext s
                   WHERE s.stxnamespace = 'service_affair'::regnamespace AND s.stxname = 'cases_group_keys'
                     AND s.stxrelid = 'service_affair.cases'::regclass),
          'the statistics object cases_group_keys is on the parent service_affair.cases');
SET LOCAL search_path = pg_catalog, public;  -- names qualified in the definition
SELECT is((SELECT pg_catalog.pg_get_statisticsobjdef(s.oid) FROM pg_catalog.pg_statistic_ext s
            WHERE s.stxnamespace = 'service_affair'::regnamespace AND s.stxname = 'cases_group_keys'),
          'CREATE STATISTICS service_affair.cases_group_keys (ndistinct) ON service, department, receiving_point, service_affair.local_month(submitted_at, calendar) FROM service_affair.cases',
          'it covers ndistinct of department, service, receiving_point and the local month of submission');
SET LOCAL search_path = service_affair, public;
-- a statistics object is no member of an extension (nor dumped: its table
-- is not): it depends automatically on the columns it reads, members, and
-- goes with them
SELECT is((SELECT pg_catalog.array_agg(a.attname::text ORDER BY a.attname) FROM pg_catalog.pg_depend d
             JOIN pg_catalog.pg_statistic_ext s ON s.oid = d.objid
             JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
            WHERE d.classid = 'pg_catalog.pg_statistic_ext'::regclass AND s.stxname = 'cases_group_keys'
              AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid = 'service_affair.cases'::regclass
              AND d.deptype = 'a'),
          ARRAY['calendar', 'department', 'receiving_point', 'service', 'submitted_at'],
          'it depends automatically on the five columns of service_affair.cases it reads (dropped with them, and so with the extension)');
SELECT isnt((SELECT pg_catalog.obj_description(s.oid, 'pg_statistic_ext') FROM pg_catalog.pg_statistic_ext s
              WHERE s.stxnamespace = 'service_affair'::regnamespace AND s.stxname = 'cases_group_keys'),
            NULL, 'it has a comment');

INSERT INTO department (code, name, region) VALUES
  ('GA', 'Groups A', '330201'), ('GB', 'Groups B', '330201'), ('GC', 'Groups C', '330202');
INSERT INTO service_point (code, name, level, region) VALUES
  ('GP0', 'Groups county centre', 'county', '330201'), ('GP1', 'Groups town centre', 'town', '330201'),
  ('GP2', 'Groups kiosk', 'kiosk', '330202');
SET LOCAL session_replication_role = replica;
INSERT INTO cases (service, service_kind, item, department, applicant, channel, status, returned,
                   submitted_at, accepted_at, calendar, promised_limit, legal_limit, receiving_point)
SELECT s, 'item', s, d, 1, 'online', 'accepted', false, t, t, 'cn', 5, 10, 'GP' || (g / 2) % 3
  FROM generate_series(0, 599) AS g,
       LATERAL (SELECT (ARRAY['GA', 'GB', 'GC'])[1 + g % 3] AS d) x,
       LATERAL (SELECT lower(x.d) || '_' || (g / 3) % 2 AS s,
                       timestamptz '2026-01-05 09:00+08' + ((g / 6) % 4) * interval '1 month' + (g / 24) * interval '1 hour' + g * interval '1 second' AS t) y;
INSERT INTO rating (case_id, level, channel, at, rater)
SELECT c.id, 1 + c.id % 5, 'online', c.submitted_at + interval '1 day', 1 FROM cases c WHERE c.department IN ('GA', 'GB', 'GC');
SET LOCAL session_replication_role = origin;
ANALYZE service_affair.cases, service_affair.rating, service_affair.service_point;

CREATE FUNCTION pg_temp.plan_rows(q text) RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE p json;
BEGIN
    EXECUTE 'EXPLAIN (FORMAT JSON) ' || q INTO p;
    RETURN (p->0->'Plan'->>'Plan Rows')::numeric;
END $$;

SELECT is((SELECT pg_catalog.count(*) FROM (SELECT e.department, e.month FROM satisfaction_facts e
                                               WHERE e.department IN ('GA', 'GB', 'GC') GROUP BY 1, 2) x),
          12::bigint, 'the fixture: 12 groups of department and month (600 ratings)');
SELECT is(pg_temp.plan_rows('SELECT e.department, e.month, pg_catalog.count(*) FROM service_affair.satisfaction_facts e GROUP BY 1, 2'),
          12::numeric, 'the facts grouped by department and month: 12 groups expected (without the statistics: 600)');
SELECT is(pg_temp.plan_rows('SELECT e.department, e.service, e.month, pg_catalog.count(*) FROM service_affair.satisfaction_facts e GROUP BY 1, 2, 3'),
          24::numeric, 'by department, service and month: 24 (without: 600)');
SELECT is(pg_temp.plan_rows('SELECT e.month, pg_catalog.count(*) FROM service_affair.satisfaction_facts e GROUP BY 1'),
          4::numeric, 'by month: 4 (without: 600)');
-- the view: its outer aggregate over the live and the archived branches
SELECT cmp_ok(pg_temp.plan_rows('SELECT * FROM service_affair.satisfaction_department'), '<=', 24::numeric,
              'satisfaction_department: at most 24 rows expected for 12 (without the statistics: 199)');

-- the point level (2026-12-06, satpoint): the point's level is service_point's, another
-- table; grouped by it beside the point and month, the planner multiplied the 12 groups
-- of point and month (cases_group_keys) by its 3 levels and expected 36 (with service_point
-- not analyzed, by the default 200: 600, the ratings); joined after grouping, it expects the 12
CREATE FUNCTION pg_temp.aggregate_rows(q text) RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE p jsonb;
BEGIN
    EXECUTE 'EXPLAIN (FORMAT JSON) ' || q INTO p;
    RETURN (SELECT pg_catalog.max(r::text::numeric)
              FROM jsonb_path_query(p, 'strict $.**  ? (@."Node Type" == "Aggregate")."Plan Rows"') AS r);
END $$;
SELECT is((SELECT pg_catalog.count(*) FROM satisfaction_point x WHERE x.point LIKE 'GP_'),
          12::bigint, 'the fixture: 12 groups of point and month');
-- (the outer aggregate sums the 12 groups of the ratings and the one row expected
-- of the empty archived counts: 13; before, 36 + 1)
SELECT cmp_ok(pg_temp.aggregate_rows('SELECT * FROM service_affair.satisfaction_point'), '<=', 13::numeric,
              'satisfaction_point: no aggregate of its plan expects more than 13 rows for the 12 groups (grouped by the point''s level too: 37)');
SELECT cmp_ok(pg_temp.aggregate_rows('SELECT * FROM service_affair.satisfaction_rollup x WHERE x.level = ''point'''), '<=', 13::numeric,
              'satisfaction_rollup at level point: likewise at most 13 (before: 37)');

-- The complaint views (2026-12-06, cmpstats): complaint_facts' month is
-- local_month(received_at, calendar), known to the planner only through
-- received_at without the statistics object complaint_group_keys
-- (65_views.sql), so every level expected a group per complaint (10,000 for
-- 494 at the point level at 10^5 cases, doc/benchmarks.md "Statistics on the
-- grouping keys").  Fixture: 360 complaints, each received at its own
-- instant, over the 3 departments, the 3 points (the point follows the
-- department) and 4 local months: 12 groups of department and month, 12 of
-- point and month, 4 months; written directly, as the cases above.
SELECT ok(EXISTS (SELECT FROM pg_catalog.pg_statistic_ext s
                   WHERE s.stxnamespace = 'service_affair'::regnamespace AND s.stxname = 'complaint_group_keys'
                     AND s.stxrelid = 'service_affair.complaint'::regclass),
          'the statistics object complaint_group_keys is on service_affair.complaint');
SET LOCAL search_path = pg_catalog, public;  -- names qualified in the definition
SELECT is((SELECT pg_catalog.pg_get_statisticsobjdef(s.oid) FROM pg_catalog.pg_statistic_ext s
            WHERE s.stxnamespace = 'service_affair'::regnamespace AND s.stxname = 'complaint_group_keys'),
          'CREATE STATISTICS service_affair.complaint_group_keys (ndistinct) ON department, point, service_affair.local_month(received_at, calendar) FROM service_affair.complaint',
          'it covers ndistinct of department, point and the local month of receipt');
SET LOCAL search_path = service_affair, public;
SELECT isnt((SELECT pg_catalog.obj_description(s.oid, 'pg_statistic_ext') FROM pg_catalog.pg_statistic_ext s
              WHERE s.stxnamespace = 'service_affair'::regnamespace AND s.stxname = 'complaint_group_keys'),
            NULL, 'it has a comment');

SET LOCAL session_replication_role = replica;
INSERT INTO complaint (channel, category, body, received_at, department, point, status, calendar)
SELECT '12345', 'complaint', 'groups ' || g,
       timestamptz '2026-01-05 09:00+08' + ((g / 3) % 4) * interval '1 month' + (g / 12) * interval '1 hour' + g * interval '1 second',
       (ARRAY['GA', 'GB', 'GC'])[1 + g % 3], 'GP' || g % 3, 'received', 'cn'
  FROM generate_series(0, 359) AS g;
SET LOCAL session_replication_role = origin;
ANALYZE service_affair.complaint, service_affair.complaint_event, service_affair.department, service_affair.service_point;

SELECT is((SELECT pg_catalog.count(*) FROM complaint_rollup x WHERE x.level = 'point' AND x.point LIKE 'GP_'),
          12::bigint, 'the fixture: 12 groups of point and month of receipt (360 complaints)');
-- (department analyzed too, for the region: ANALYZE reads every row)
SELECT cmp_ok(pg_temp.aggregate_rows('SELECT * FROM service_affair.complaint_rollup x WHERE x.level = ''overall'''), '<=', 4::numeric,
              'complaint_rollup at level overall: at most 4 groups expected for the 4 months (without the statistics: 360, one per complaint)');
SELECT cmp_ok(pg_temp.aggregate_rows('SELECT * FROM service_affair.complaint_rollup x WHERE x.level = ''department'''), '<=', 12::numeric,
              'at level department: at most 12 for 12 (without: 360)');
SELECT cmp_ok(pg_temp.aggregate_rows('SELECT * FROM service_affair.complaint_rollup x WHERE x.level = ''region'''), '<=', 8::numeric,
              'at level region: at most 8 for 8 (without: 360)');
SELECT cmp_ok(pg_temp.aggregate_rows('SELECT * FROM service_affair.complaint_rollup x WHERE x.level = ''point'''), '<=', 12::numeric,
              'at level point: at most 12 for 12 (without: 360)');
SELECT cmp_ok(pg_temp.aggregate_rows('SELECT * FROM service_affair.complaint_indicators'), '<=', 12::numeric,
              'complaint_indicators: at most 12 for 12 (without: 360)');
SELECT cmp_ok(pg_temp.aggregate_rows('SELECT * FROM service_affair.complaint_indicators_point'), '<=', 12::numeric,
              'complaint_indicators_point: at most 12 for 12 (without: 360)');
SELECT cmp_ok(pg_temp.aggregate_rows('SELECT * FROM service_affair.complaint_indicators_overall'), '<=', 4::numeric,
              'complaint_indicators_overall: at most 4 for 4 (without: 360)');
-- complaint_counts groups by department, region, point and month at once:
-- the planner multiplies the 12 of department and month (the statistics) by
-- the 2 regions (department) and the 3 points (service_point), each of
-- another table, and expects 72 for 12, not one per complaint
SELECT cmp_ok(pg_temp.aggregate_rows('SELECT * FROM service_affair.complaint_counts'), '<=', 72::numeric,
              'complaint_counts: at most 72 for 12 (without: 360)');

SELECT * FROM finish();
ROLLBACK;
