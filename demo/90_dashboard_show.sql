-- The analysts' dashboard for the simulated quarter (tools/sa_county): the
-- headline indicators next to the figures the reform reported (seeds, see
-- /work/shared/DOMAIN.md), per department, per month; then the HTML report
-- tmp_check/report.html (demo/report_html.sql).  网上可办 and 马上办 are shares
-- of the active items (catalog_indicators(), sql/parts/33_guides.sql); the
-- point level (efficiency_point, by receiving point) gives the top points
-- and the 就近办 share.  Visit rates are over the
-- collected cases (result delivered), reform window (acceptance → collection)
-- beside the strict count; 时限缩短比例 leaves items without a legal limit out.  Every number comes from the
-- analyst views and functions of sql/parts/65_views.sql (doc/indicators.md).
SET search_path = service_affair, public;
\pset null '—'
\echo
\echo '== 最多跑一次: headline indicators of the simulated quarter 2026-07-01 .. 2026-09-30 =='
CREATE FUNCTION pg_temp.pct(x numeric) RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT to_char(x * 100, 'FM990.00') || '%' $$;
WITH e AS (SELECT * FROM efficiency_period('2026-07-01', '2026-09-30') WHERE overall),
     s AS (SELECT * FROM satisfaction_period('2026-07-01', '2026-09-30') WHERE overall),
     -- the catalog shares from the catalog versions (doc/guides.md), the catalog as it stands today
     k AS (SELECT online_share AS online_items, immediate_share AS immediate_items
             FROM catalog_indicators() WHERE department IS NULL AND region IS NULL),
     -- 就近办: cases received at town, village or bank points (efficiency_point)
     n AS (SELECT sum(submitted) FILTER (WHERE point_level IN ('town', 'village', 'bank'))::numeric
                  / NULLIF(sum(submitted), 0) AS nearby
             FROM efficiency_point WHERE month BETWEEN '2026-07-01' AND '2026-09-01')
SELECT x.indicator AS "indicator", x.simulated AS "simulated quarter", x.reported AS "reported by the reform", x.source AS "reported for"
  FROM e, s, k, n, LATERAL (VALUES
    (1, '网上可办 (active items applicable online: catalog_indicators)', pg_temp.pct(k.online_items), '96.23%', '四川市中区'),
    (2, '网办率 (cases submitted online or by mobile)', pg_temp.pct(e.online_rate), NULL, NULL),
    (2.1, '就近办 (cases received at town, village or bank points)', pg_temp.pct(n.nearby), NULL, NULL),
    (3, '马上办 (即办件 share of active items: catalog_indicators)', pg_temp.pct(k.immediate_items), '59.51%', '四川市中区'),
    (4, '即办率 (cases concluded on their acceptance day)', pg_temp.pct(e.immediate_rate), NULL, NULL),
    (5, '材料减免率 (shared data or commitment)', pg_temp.pct(e.material_reduction_rate), '37.47%', '四川市中区'),
    (6, '时限缩短比例 (items with a legal limit)', pg_temp.pct(e.time_compression), '83.27%', '四川市中区'),
    (7, '最多跑一次实现率 (acceptance → collection, collected cases)', pg_temp.pct(e.at_most_once_reform_rate), '87.5%', '象山县'),
    (7.1, '  strict: every visit, incomplete submissions included', pg_temp.pct(e.at_most_once_rate), NULL, NULL),
    (7.2, '  承诺兑现率 (within the item''s max_visits)', pg_temp.pct(e.promise_kept_rate), NULL, NULL),
    (8, '跑零次率 (acceptance → collection)', pg_temp.pct(e.zero_visit_reform_rate), NULL, NULL),
    (8.1, '  strict: no visit at all', pg_temp.pct(e.zero_visit_rate), NULL, NULL),
    (9, '满意度 (好评率: levels 4-5)', pg_temp.pct(s.good_rate), '> 90%', '浙江'),
    (10, '差评整改及时率', pg_temp.pct(s.rectified_on_time_rate), NULL, NULL),
    (11, '超期率 (concluded after due)', pg_temp.pct(e.overdue_rate), NULL, NULL),
    (12, 'average working days accepted → concluded', to_char(e.avg_workdays, 'FM990.00'), NULL, NULL))
    AS x(n, indicator, simulated, reported, source)
 ORDER BY x.n;

SELECT e.submitted AS "cases submitted", e.accepted, e.returned AS "returned (notice)", e.tolerated AS "tolerated (容缺)",
       e.collected AS "collected (取件)", e.awaiting_collection AS "awaiting collection",
       e.no_legal_limit AS "without legal limit",
       (SELECT count(*) FROM visit_promise_exceeded) AS "visit promise exceeded",
       s.ratings AS "ratings (appeals left out)", s.level1 + s.level2 AS "bad ratings",
       (SELECT count(*) FROM rating WHERE appealed) AS "appealed"
  FROM efficiency_period('2026-07-01', '2026-09-30') e, satisfaction_period('2026-07-01', '2026-09-30') s
 WHERE e.overall AND s.overall;

\echo '== per department (bundles count for their lead department) =='
SELECT e.department, d.name, e.submitted,
       pg_temp.pct(e.online_rate) AS "网办率", pg_temp.pct(e.at_most_once_reform_rate) AS "最多跑一次",
       pg_temp.pct(e.at_most_once_rate) AS "(strict)", pg_temp.pct(e.promise_kept_rate) AS "承诺兑现",
       pg_temp.pct(e.zero_visit_reform_rate) AS "跑零次", pg_temp.pct(e.immediate_rate) AS "即办率",
       pg_temp.pct(e.material_reduction_rate) AS "材料减免", pg_temp.pct(e.time_compression) AS "时限压缩",
       pg_temp.pct(e.overdue_rate) AS "超期率", pg_temp.pct(s.good_rate) AS "好评率",
       pg_temp.pct(s.rectified_on_time_rate) AS "整改及时"
  FROM efficiency_period('2026-07-01', '2026-09-30') e
  JOIN department d ON d.code = e.department
  LEFT JOIN satisfaction_period('2026-07-01', '2026-09-30') s ON s.department = e.department
 ORDER BY e.submitted DESC;

\echo '== per region of the handling department (efficiency_period_region, satisfaction_period_region) =='
SELECT CASE WHEN e.overall THEN 'all' ELSE coalesce(e.region, 'no region') END AS region, e.submitted, e.collected, e.awaiting_collection AS awaiting,
       pg_temp.pct(e.at_most_once_reform_rate) AS "最多跑一次", pg_temp.pct(e.at_most_once_rate) AS "(strict)",
       pg_temp.pct(e.promise_kept_rate) AS "承诺兑现", pg_temp.pct(e.material_reduction_rate) AS "材料减免",
       pg_temp.pct(e.time_compression) AS "时限缩短", e.no_legal_limit AS "no legal limit",
       pg_temp.pct(s.good_rate) AS "好评率"
  FROM efficiency_period_region('2026-07-01', '2026-09-30') e
  -- overall tells the overall row from the row of the departments without a region (both region NULL)
  LEFT JOIN satisfaction_period_region('2026-07-01', '2026-09-30') s ON s.region IS NOT DISTINCT FROM e.region AND s.overall = e.overall
 ORDER BY e.overall, e.region NULLS LAST;

\echo '== top receiving points, the quarter (efficiency_period_point, satisfaction_period_point; 就近办 = town, village, bank) =='
SELECT e.point, p.name, e.point_level AS level, p.region, e.submitted, e.collected,
       pg_temp.pct(e.at_most_once_reform_rate) AS "最多跑一次", pg_temp.pct(e.at_most_once_rate) AS "(strict)",
       pg_temp.pct(e.immediate_rate) AS "即办率", pg_temp.pct(s.good_rate) AS "好评率"
  FROM efficiency_period_point('2026-07-01', '2026-09-30') e
  JOIN service_point p ON p.code = e.point
  LEFT JOIN satisfaction_period_point('2026-07-01', '2026-09-30') s ON s.point = e.point
 ORDER BY e.submitted DESC, e.point LIMIT 10;
\echo '== received by point level, the quarter (efficiency_point; no point: online, mobile) =='
SELECT coalesce(point_level, 'no point') AS level, count(DISTINCT point) AS points, sum(submitted) AS submitted,
       to_char(sum(submitted) * 100.0 / sum(sum(submitted)) OVER (), 'FM990.00') || '%' AS share
  FROM efficiency_point WHERE month BETWEEN '2026-07-01' AND '2026-09-01'
 GROUP BY point_level ORDER BY point_level IS NULL, sum(submitted) DESC;

\echo '== by month of submission =='
SELECT to_char(e.month, 'YYYY-MM') AS month, e.submitted, e.collected, e.awaiting_collection AS awaiting,
       pg_temp.pct(e.at_most_once_reform_rate) AS "最多跑一次", pg_temp.pct(e.at_most_once_rate) AS "(strict)",
       pg_temp.pct(e.immediate_rate) AS "即办率", pg_temp.pct(e.overdue_rate) AS "超期率",
       s.ratings, pg_temp.pct(s.good_rate) AS "好评率", pg_temp.pct(s.bad_rate) AS "差评率",
       pg_temp.pct(s.rectified_on_time_rate) AS "整改及时"
  FROM efficiency_overall e LEFT JOIN satisfaction_overall s USING (month)
 WHERE e.month BETWEEN '2026-07-01' AND '2026-09-01'
 ORDER BY e.month;

\echo '== complaints (12345, 办不成事; complaint_indicators_overall, doc/complaints.md) by month of receipt =='
SELECT to_char(month, 'YYYY-MM') AS month, received, replied, pg_temp.pct(replied_on_time_rate) AS "按时答复率",
       reopened, pg_temp.pct(assigned_on_time_rate) AS "按时分配率", pg_temp.pct(callback_on_time_rate) AS "按时回访率"
  FROM complaint_indicators_overall WHERE month BETWEEN '2026-07-01' AND '2026-09-01'
 ORDER BY month;
\echo '== complaints per handling department, the quarter (complaint_period) =='
SELECT CASE WHEN i.overall THEN 'all' ELSE i.department END AS department, d.name, i.received, i.replied, pg_temp.pct(i.replied_on_time_rate) AS "按时答复率",
       i.reopened, pg_temp.pct(i.assigned_on_time_rate) AS "按时分配率", pg_temp.pct(i.callback_on_time_rate) AS "按时回访率"
  FROM complaint_period('2026-07-01', '2026-09-30') i LEFT JOIN department d ON d.code = i.department
 ORDER BY i.overall, i.received DESC, i.department;  -- the overall row last (its column overall), the unassigned row (department NULL) among the others

\echo '== top services by complaints per 1,000 cases, the quarter (complaint_items) =='
SELECT m.item, i.name, sum(m.received) AS complaints, sum(m.cases) AS cases,
       round(sum(m.received) * 1000.0 / NULLIF(sum(m.cases), 0), 2) AS "per 1,000 cases",
       sum(m.resolved) AS "办不成事 resolved"
  FROM (SELECT item, month, sum(received) AS received, max(cases) AS cases, sum(cannot_do_resolved) AS resolved
          FROM complaint_items WHERE item IS NOT NULL AND month BETWEEN '2026-07-01' AND '2026-09-01'
         GROUP BY item, month) m
  JOIN item i ON i.code = m.item
 GROUP BY m.item, i.name ORDER BY 5 DESC NULLS LAST, m.item LIMIT 10;

\pset null ''
-- the report is written to a temporary file and renamed over
-- tmp_check/report.html only when every query of it succeeded: until
-- 2026-12-05 \o emptied report.html before the first query, and a failed
-- query left an empty or cut report in place of the former one.  With
-- ON_ERROR_STOP (tools/demo.sh) psql stops at the failure; without it, the
-- last error's SQLSTATE, reset here, tells (test/scripts/dashboard_report.sh)
\set LAST_ERROR_SQLSTATE 00000
\o tmp_check/report.html.tmp
\ir report_html.sql
\o
SELECT :'LAST_ERROR_SQLSTATE' = '00000' AS report_ok \gset
\if :report_ok
\! mv -f tmp_check/report.html.tmp tmp_check/report.html
\echo 'HTML report with charts: tmp_check/report.html'
\else
\echo 'the HTML report failed (SQLSTATE' :LAST_ERROR_SQLSTATE'): tmp_check/report.html is kept as it was, the partial report is tmp_check/report.html.tmp'
\endif
