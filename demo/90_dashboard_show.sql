-- The analysts' dashboard for the simulated quarter (tools/sa_county): the
-- headline indicators next to the figures the reform reported (seeds, see
-- /work/shared/DOMAIN.md), per department, per month; then the HTML report
-- tmp_check/report.html (demo/report_html.sql).  Every number comes from the
-- analyst views and functions of sql/parts/65_views.sql (doc/indicators.md).
SET search_path = service_affair, public;
\pset null '—'
\echo
\echo '== 最多跑一次: headline indicators of the simulated quarter 2026-07-01 .. 2026-09-30 =='
CREATE FUNCTION pg_temp.pct(x numeric) RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT to_char(x * 100, 'FM990.00') || '%' $$;
WITH e AS (SELECT * FROM efficiency_period('2026-07-01', '2026-09-30') WHERE department IS NULL),
     s AS (SELECT * FROM satisfaction_period('2026-07-01', '2026-09-30') WHERE department IS NULL),
     k AS (SELECT avg(online::integer)::numeric AS online_items,
                  avg((kind = 'immediate')::integer)::numeric AS immediate_items FROM item)
SELECT x.indicator AS "indicator", x.simulated AS "simulated quarter", x.reported AS "reported by the reform", x.source AS "reported for"
  FROM e, s, k, LATERAL (VALUES
    (1, '网上可办 (items that can be applied for online)', pg_temp.pct(k.online_items), '96.23%', '四川市中区'),
    (2, '网办率 (cases submitted online or by mobile)', pg_temp.pct(e.online_rate), NULL, NULL),
    (3, '马上办 (即办件 share of items)', pg_temp.pct(k.immediate_items), '59.51%', '四川市中区'),
    (4, '即办率 (cases concluded on their acceptance day)', pg_temp.pct(e.immediate_rate), NULL, NULL),
    (5, '材料减免率 (shared data or commitment)', pg_temp.pct(e.material_reduction_rate), '37.47%', '四川市中区'),
    (6, '时限缩短比例 / 时限压缩比', pg_temp.pct(e.time_compression), '83.27%', '四川市中区'),
    (7, '最多跑一次实现率 (at most one visit)', pg_temp.pct(e.at_most_once_rate), '87.5%', '象山县'),
    (8, '跑零次率 (no visit)', pg_temp.pct(e.zero_visit_rate), NULL, NULL),
    (9, '满意度 (好评率: levels 4-5)', pg_temp.pct(s.good_rate), '> 90%', '浙江'),
    (10, '差评整改及时率', pg_temp.pct(s.rectified_on_time_rate), NULL, NULL),
    (11, '超期率 (concluded after due)', pg_temp.pct(e.overdue_rate), NULL, NULL),
    (12, 'average working days accepted → concluded', to_char(e.avg_workdays, 'FM990.00'), NULL, NULL))
    AS x(n, indicator, simulated, reported, source)
 ORDER BY x.n;

SELECT e.submitted AS "cases submitted", e.accepted, e.returned AS "returned (notice)", e.tolerated AS "tolerated (容缺)",
       s.ratings AS "ratings (appeals left out)", s.level1 + s.level2 AS "bad ratings",
       (SELECT count(*) FROM rating WHERE appealed) AS "appealed"
  FROM efficiency_period('2026-07-01', '2026-09-30') e, satisfaction_period('2026-07-01', '2026-09-30') s
 WHERE e.department IS NULL AND s.department IS NULL;

\echo '== per department (bundles count for their lead department) =='
SELECT e.department, d.name, e.submitted,
       pg_temp.pct(e.online_rate) AS "网办率", pg_temp.pct(e.at_most_once_rate) AS "最多跑一次",
       pg_temp.pct(e.zero_visit_rate) AS "跑零次", pg_temp.pct(e.immediate_rate) AS "即办率",
       pg_temp.pct(e.material_reduction_rate) AS "材料减免", pg_temp.pct(e.time_compression) AS "时限压缩",
       pg_temp.pct(e.overdue_rate) AS "超期率", pg_temp.pct(s.good_rate) AS "好评率",
       pg_temp.pct(s.rectified_on_time_rate) AS "整改及时"
  FROM efficiency_period('2026-07-01', '2026-09-30') e
  JOIN department d ON d.code = e.department
  LEFT JOIN satisfaction_period('2026-07-01', '2026-09-30') s ON s.department = e.department
 ORDER BY e.submitted DESC;

\echo '== by month of submission =='
SELECT to_char(e.month, 'YYYY-MM') AS month, e.submitted, pg_temp.pct(e.at_most_once_rate) AS "最多跑一次",
       pg_temp.pct(e.immediate_rate) AS "即办率", pg_temp.pct(e.overdue_rate) AS "超期率",
       s.ratings, pg_temp.pct(s.good_rate) AS "好评率", pg_temp.pct(s.bad_rate) AS "差评率",
       pg_temp.pct(s.rectified_on_time_rate) AS "整改及时"
  FROM efficiency_overall e LEFT JOIN satisfaction_overall s USING (month)
 WHERE e.month BETWEEN '2026-07-01' AND '2026-09-01'
 ORDER BY e.month;

\echo '== complaints (12345, 办不成事; complaint_indicators, doc/complaints.md) by month of receipt =='
SELECT to_char(month, 'YYYY-MM') AS month, sum(received) AS received, sum(replied) AS replied,
       pg_temp.pct(sum(replied_on_time_rate * replied) / NULLIF(sum(replied) FILTER (WHERE replied_on_time_rate IS NOT NULL), 0)) AS "按时答复率",
       sum(reopened) AS reopened,
       pg_temp.pct(sum(assigned_on_time_rate * assigned) / NULLIF(sum(assigned) FILTER (WHERE assigned_on_time_rate IS NOT NULL), 0)) AS "按时分配率",
       pg_temp.pct(sum(callback_on_time_rate * callbacks) / NULLIF(sum(callbacks) FILTER (WHERE callback_on_time_rate IS NOT NULL), 0)) AS "按时回访率"
  FROM complaint_indicators WHERE month BETWEEN '2026-07-01' AND '2026-09-01'
 GROUP BY month ORDER BY month;
\echo '== complaints per handling department, the quarter =='
SELECT i.department, d.name, sum(i.received) AS received, sum(i.replied) AS replied,
       pg_temp.pct(sum(i.replied_on_time_rate * i.replied) / NULLIF(sum(i.replied) FILTER (WHERE i.replied_on_time_rate IS NOT NULL), 0)) AS "按时答复率",
       sum(i.reopened) AS reopened,
       pg_temp.pct(sum(i.assigned_on_time_rate * i.assigned) / NULLIF(sum(i.assigned) FILTER (WHERE i.assigned_on_time_rate IS NOT NULL), 0)) AS "按时分配率",
       pg_temp.pct(sum(i.callback_on_time_rate * i.callbacks) / NULLIF(sum(i.callbacks) FILTER (WHERE i.callback_on_time_rate IS NOT NULL), 0)) AS "按时回访率"
  FROM complaint_indicators i LEFT JOIN department d ON d.code = i.department
 WHERE i.month BETWEEN '2026-07-01' AND '2026-09-01'
 GROUP BY i.department, d.name ORDER BY sum(i.received) DESC, i.department;

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
\o tmp_check/report.html
\ir report_html.sql
\o
\echo 'HTML report with charts: tmp_check/report.html'
