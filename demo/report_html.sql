-- The analysts' HTML report: one self-contained page (inline SVG, no external
-- resources) printed on standard output.  demo/90_dashboard_show.sql writes
-- it to tmp_check/report.html; test/scripts/rate_report.sh renders it in
-- headless Chromium.  Charts:
--   #trend   satisfaction trend by month of submission (好评率 and 差评率 lines,
--            one circle.pt per month and line, bars of the number of ratings);
--   #sla     time-limit state of the cases per department (case_sla as of the
--            last instant of the data: one rect.seg per non-empty state);
--   #visits  distribution of in-person visits of the collected cases (result
--            delivered): one rect.bar per bucket 0, 1, 2, 3+ of the visits
--            the promise counts (acceptance → collection), one rect.sbar per
--            bucket of every visit (strict);
--   #regions the indicators per region of the handling department (table);
--   #points  the ten receiving points with most cases, their level and the
--            就近办 share (table; efficiency_period_point).
-- 网上可办 and 马上办 are shares of the active items: catalog_indicators().
-- Text is set in Noto Sans CJK (fonts-noto-cjk, installed by tools/cluster.sh).
-- Each svg carries data-* counts so that a test can check what was drawn.
-- Every text value read from the database goes into the page through
-- pg_temp.resc() (names, codes, region codes, point levels, states), whatever
-- the constraints on it today (until 2026-12-07 the region codes, the point
-- levels and the SLA states went in as stored; test/scripts/rate_report.sh).
-- Numbers go through format() as numbers, months through to_char().
SET search_path = service_affair, public;
SELECT set_config('service_affair.as_of',
                  (SELECT max(greatest(submitted_at, accepted_at, concluded_at))::text FROM cases), false) IS NOT NULL AS as_of_set
\gset
\pset format unaligned
\pset tuples_only on
CREATE FUNCTION pg_temp.resc(t text) RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT replace(replace(replace(replace(replace(coalesce(t, ''), '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), '''', '&#39;') $$;
CREATE FUNCTION pg_temp.rpct(x numeric) RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT coalesce(to_char(x * 100, 'FM990.0') || '%', '—') $$;

WITH
head AS (
  SELECT e.*, s.ratings, s.good_rate, s.bad_rate, s.rectified_on_time_rate
    FROM (SELECT * FROM efficiency_period('0001-01-01', '9999-12-01') WHERE overall) e
    LEFT JOIN (SELECT * FROM satisfaction_period('0001-01-01', '9999-12-01') WHERE overall) s ON true),
regions AS (
  SELECT coalesce(string_agg(format('<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>',
                                    pg_temp.resc(CASE WHEN e.overall THEN 'all' ELSE coalesce(e.region, 'no region') END), e.submitted, e.collected, e.awaiting_collection,
                                    pg_temp.rpct(e.at_most_once_reform_rate), pg_temp.rpct(e.at_most_once_rate),
                                    pg_temp.rpct(e.promise_kept_rate), pg_temp.rpct(e.material_reduction_rate),
                                    pg_temp.rpct(e.time_compression), pg_temp.rpct(e.immediate_rate), pg_temp.rpct(s.good_rate)),
                             '' ORDER BY e.overall, e.region NULLS LAST), '') AS rows,
         count(*) FILTER (WHERE e.region IS NOT NULL) AS n  -- regions: neither the overall row nor the no-region one
    FROM efficiency_period_region('0001-01-01', '9999-12-01') e
    -- overall tells the overall row from the row of the departments without a region (both region NULL)
    LEFT JOIN satisfaction_period_region('0001-01-01', '9999-12-01') s ON s.region IS NOT DISTINCT FROM e.region AND s.overall = e.overall),
cat AS (
  SELECT online_share, immediate_share, items FROM catalog_indicators() WHERE department IS NULL AND region IS NULL),
pts AS (
  SELECT coalesce(string_agg(format('<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>',
                                    pg_temp.resc(e.point), pg_temp.resc(p.name), pg_temp.resc(e.point_level), e.submitted,
                                    pg_temp.rpct(e.at_most_once_reform_rate), pg_temp.rpct(e.immediate_rate), pg_temp.rpct(s.good_rate)),
                             '' ORDER BY e.submitted DESC, e.point), '') AS rows,
         count(*) AS n
    FROM (SELECT * FROM efficiency_period_point('0001-01-01', '9999-12-01') WHERE point IS NOT NULL
           ORDER BY submitted DESC, point LIMIT 10) e
    JOIN service_point p ON p.code = e.point
    LEFT JOIN satisfaction_period_point('0001-01-01', '9999-12-01') s ON s.point = e.point),
nearby AS (
  SELECT sum(submitted) FILTER (WHERE point_level IN ('town', 'village', 'bank'))::numeric / NULLIF(sum(submitted), 0) AS share,
         sum(submitted) FILTER (WHERE point IS NULL) AS no_point
    FROM efficiency_point),
months AS (
  SELECT row_number() OVER (ORDER BY month) - 1 AS i, count(*) OVER () AS n, month, ratings, good_rate, bad_rate,
         max(ratings) OVER () AS max_ratings
    FROM satisfaction_overall),
trend AS (
  SELECT count(*) AS npoints,
         coalesce(string_agg(format('<rect class="rbar" x="%s" y="%s" width="30" height="%s" fill="#d9e2f3"><title>%s: %s ratings</title></rect>',
                                    x - 15, 230 - h, h, to_char(month, 'YYYY-MM'), ratings), '' ORDER BY i), '') AS bars,
         coalesce(string_agg(format('%s,%s', x, 230 - round(good_rate * 200)), ' ' ORDER BY i), '') AS good_line,
         coalesce(string_agg(format('%s,%s', x, 230 - round(bad_rate * 200)), ' ' ORDER BY i), '') AS bad_line,
         coalesce(string_agg(format('<circle class="pt" cx="%s" cy="%s" r="4" fill="#2e7d32"><title>%s 好评率 %s</title></circle>'
                                    '<circle class="pt" cx="%s" cy="%s" r="4" fill="#c62828"><title>%s 差评率 %s</title></circle>'
                                    '<text x="%s" y="250" text-anchor="middle" font-size="12">%s</text>',
                                    x, 230 - round(good_rate * 200), to_char(month, 'YYYY-MM'), pg_temp.rpct(good_rate),
                                    x, 230 - round(bad_rate * 200), to_char(month, 'YYYY-MM'), pg_temp.rpct(bad_rate),
                                    x, to_char(month, 'YYYY-MM')), '' ORDER BY i), '') AS points
    FROM (SELECT m.*, 80 + CASE WHEN n = 1 THEN 260 ELSE i * 520 / (n - 1) END AS x,
                 round(ratings * 100.0 / nullif(max_ratings, 0)) AS h FROM months m) p),
sla_rows AS (
  SELECT c.department, s.state, count(*) AS n
    FROM case_sla s JOIN cases c ON c.id = s.case_id
   GROUP BY 1, 2),
sla_dept AS (
  SELECT d.code, d.name, row_number() OVER (ORDER BY d.code) - 1 AS i, sum(r.n) AS total
    FROM sla_rows r JOIN department d ON d.code = r.department GROUP BY d.code, d.name),
states(state, ord, color) AS (VALUES ('met', 1, '#2e7d32'), ('running', 2, '#90caf9'), ('warning', 3, '#ffb300'),
                                     ('suspended', 4, '#8e24aa'), ('overdue', 5, '#e53935'), ('missed', 6, '#6d4c41')),
sla_segs AS (
  SELECT d.i, d.code, d.name, d.total, t.state, t.color, r.n,
         coalesce(sum(r.n) OVER (PARTITION BY d.code ORDER BY t.ord ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
    FROM sla_dept d JOIN sla_rows r ON r.department = d.code JOIN states t ON t.state = r.state),
sla AS (
  SELECT (SELECT count(*) FROM sla_dept) AS ndept, count(*) AS nsegs,
         coalesce(string_agg(format('<rect class="seg" data-state="%s" x="%s" y="%s" width="%s" height="18" fill="%s"><title>%s %s: %s of %s</title></rect>',
                                    pg_temp.resc(state), 200 + round(before * 420.0 / total, 1), 20 + i * 26, round(n * 420.0 / total, 1), color,
                                    pg_temp.resc(name), pg_temp.resc(state), n, total), '' ORDER BY i, before), '') AS rects
    FROM sla_segs),
sla_labels AS (
  SELECT coalesce(string_agg(format('<text class="dept" x="195" y="%s" text-anchor="end" font-size="12">%s</text>',
                                    33 + i * 26, pg_temp.resc(CASE WHEN length(name) > 13 THEN left(name, 12) || '…' ELSE name END)),
                             '' ORDER BY i), '') AS labels
    FROM sla_dept),
visits AS (
  SELECT b.bucket, b.label,
         count(c.id) FILTER (WHERE least(c.visits - c.visits_before_acceptance, 3) = b.bucket) AS n,
         count(c.id) FILTER (WHERE least(c.visits, 3) = b.bucket) AS strict
    FROM (VALUES (0, '0'), (1, '1'), (2, '2'), (3, '3+')) b(bucket, label)
    LEFT JOIN cases c ON c.delivered_at IS NOT NULL
   GROUP BY 1, 2),
vis AS (
  SELECT count(*) AS nbars, sum(n) AS total,
         string_agg(format('<rect class="sbar" x="%s" y="%s" width="24" height="%s" fill="#bdbdbd"><title>%s visits in all (strict): %s cases</title></rect>',
                           182 + bucket * 130, 230 - hs, hs, label, strict)
                    || format('<rect class="bar" x="%s" y="%s" width="80" height="%s" fill="%s"><title>%s visits from acceptance to collection: %s cases</title></rect>'
                           '<text x="%s" y="250" text-anchor="middle" font-size="12">%s</text>'
                           '<text x="%s" y="%s" text-anchor="middle" font-size="11">%s (%s)</text>',
                           100 + bucket * 130, 230 - h, h, CASE WHEN bucket <= 1 THEN '#2e7d32' ELSE '#e53935' END, label, n,
                           140 + bucket * 130, label || CASE WHEN label = '1' THEN ' visit' ELSE ' visits' END,
                           140 + bucket * 130, 225 - h, n, pg_temp.rpct(n::numeric / nullif(total, 0))), '' ORDER BY bucket) AS rects
    FROM (SELECT v.*, sum(n) OVER () AS total,
                 round(n * 200.0 / nullif(greatest(max(n) OVER (), max(strict) OVER ()), 0)) AS h,
                 round(strict * 200.0 / nullif(greatest(max(n) OVER (), max(strict) OVER ()), 0)) AS hs FROM visits v) x)
SELECT concat_ws(E'\n',
  '<!DOCTYPE html>',
  '<html lang="zh-CN"><head><meta charset="utf-8"><title>最多跑一次 — analysts'' report</title>',
  '<style>body{font-family:"Noto Sans CJK SC","Noto Sans CJK",sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:.25em .6em;text-align:right}th:first-child,td:first-child{text-align:left}svg{border:1px solid #ddd;margin:.5em 0;font-family:"Noto Sans CJK SC","Noto Sans CJK",sans-serif}</style>',
  '</head><body>',
  '<h1>最多跑一次 — analysts'' report</h1>',
  format('<p>Data as of %s: %s cases submitted, %s ratings (appealed ratings left out). Formulas: doc/indicators.md.</p>',
         pg_temp.resc(current_setting('service_affair.as_of')), h.submitted, coalesce(h.ratings, 0)),
  '<table id="headline"><tr><th>indicator</th><th>value</th><th>reported by the reform</th></tr>',
  format('<tr><td>网上可办 online_share (%s active items: catalog_indicators)</td><td>%s</td><td>96.23%%</td></tr>', c.items, pg_temp.rpct(c.online_share)),
  format('<tr><td>网办率 online_rate (cases)</td><td>%s</td><td></td></tr>', pg_temp.rpct(h.online_rate)),
  format('<tr><td>马上办 immediate_share (即办件 of active items: catalog_indicators)</td><td>%s</td><td>59.51%%</td></tr>', pg_temp.rpct(c.immediate_share)),
  format('<tr><td>即办率 immediate_rate (cases)</td><td>%s</td><td></td></tr>', pg_temp.rpct(h.immediate_rate)),
  format('<tr><td>就近办 (cases received at town, village or bank points)</td><td>%s</td><td></td></tr>', pg_temp.rpct(nb.share)),
  format('<tr><td>材料减免率 material_reduction_rate</td><td>%s</td><td>37.47%%</td></tr>', pg_temp.rpct(h.material_reduction_rate)),
  format('<tr><td>时限缩短比例 time_compression (%s cases without legal limit left out)</td><td>%s</td><td>83.27%%</td></tr>', h.no_legal_limit, pg_temp.rpct(h.time_compression)),
  format('<tr><td>最多跑一次实现率 at_most_once_reform_rate (acceptance → collection)</td><td>%s</td><td>87.5%%</td></tr>', pg_temp.rpct(h.at_most_once_reform_rate)),
  format('<tr><td>最多跑一次 at_most_once_rate (strict: every visit)</td><td>%s</td><td></td></tr>', pg_temp.rpct(h.at_most_once_rate)),
  format('<tr><td>跑零次率 zero_visit_reform_rate / strict zero_visit_rate</td><td>%s / %s</td><td></td></tr>', pg_temp.rpct(h.zero_visit_reform_rate), pg_temp.rpct(h.zero_visit_rate)),
  format('<tr><td>承诺兑现率 promise_kept_rate (within the item''s max_visits)</td><td>%s</td><td></td></tr>', pg_temp.rpct(h.promise_kept_rate)),
  format('<tr><td>collected / awaiting collection (待取件)</td><td>%s / %s</td><td></td></tr>', h.collected, h.awaiting_collection),
  format('<tr><td>好评率 good_rate</td><td>%s</td><td>满意度 &gt; 90%%</td></tr>', pg_temp.rpct(h.good_rate)),
  format('<tr><td>差评整改及时率 rectified_on_time_rate</td><td>%s</td><td></td></tr>', pg_temp.rpct(h.rectified_on_time_rate)),
  format('<tr><td>超期率 overdue_rate</td><td>%s</td><td></td></tr>', pg_temp.rpct(h.overdue_rate)),
  '</table>',
  '<h2>By region of the handling department (区县)</h2>',
  format('<table id="regions" data-regions="%s"><tr><th>region</th><th>submitted</th><th>collected</th><th>awaiting</th><th>最多跑一次 (reform)</th><th>(strict)</th><th>承诺兑现</th><th>材料减免</th><th>时限缩短</th><th>即办率</th><th>好评率</th></tr>', r.n),
  r.rows,
  '</table>',
  '<h2>Top receiving points (服务网点; 就近办 = town, village, bank)</h2>',
  format('<p>%s cases were received at no point (online, mobile). 就近办 share: %s.</p>', coalesce(nb.no_point, 0), pg_temp.rpct(nb.share)),
  format('<table id="points" data-rows="%s"><tr><th>point</th><th>name</th><th>level</th><th>submitted</th><th>最多跑一次 (reform)</th><th>即办率</th><th>好评率</th></tr>', pt.n),
  pt.rows,
  '</table>',
  '<h2>Satisfaction trend by month of submission</h2>',
  format('<svg id="trend" xmlns="http://www.w3.org/2000/svg" width="680" height="270" data-points="%s">', t.npoints),
  '<line x1="60" y1="230" x2="640" y2="230" stroke="#444"/><line x1="60" y1="30" x2="60" y2="230" stroke="#444"/>',
  '<text x="55" y="34" text-anchor="end" font-size="11">100%</text><text x="55" y="134" text-anchor="end" font-size="11">50%</text><text x="55" y="234" text-anchor="end" font-size="11">0%</text>',
  t.bars,
  format('<polyline class="line" points="%s" fill="none" stroke="#2e7d32" stroke-width="2"/>', t.good_line),
  format('<polyline class="line" points="%s" fill="none" stroke="#c62828" stroke-width="2"/>', t.bad_line),
  t.points,
  '<text x="480" y="20" font-size="12" fill="#2e7d32">好评率</text><text x="540" y="20" font-size="12" fill="#c62828">差评率</text><text x="600" y="20" font-size="12" fill="#6d86b8">ratings</text>',
  '</svg>',
  '<h2>Time-limit state per department</h2>',
  format('<svg id="sla" xmlns="http://www.w3.org/2000/svg" width="680" height="%s" data-departments="%s" data-segments="%s">',
         40 + s.ndept * 26 + 30, s.ndept, s.nsegs),
  l.labels, s.rects,
  (SELECT string_agg(format('<rect x="%s" y="%s" width="12" height="12" fill="%s"/><text x="%s" y="%s" font-size="12">%s</text>',
                            200 + (ord - 1) * 82, 30 + s.ndept * 26, color, 216 + (ord - 1) * 82, 41 + s.ndept * 26, state), '' ORDER BY ord)
     FROM states),
  '</svg>',
  '<h2>In-person visits per collected case (跑动次数)</h2>',
  format('<svg id="visits" xmlns="http://www.w3.org/2000/svg" width="680" height="270" data-bars="%s" data-cases="%s">', v.nbars, v.total),
  '<line x1="60" y1="230" x2="640" y2="230" stroke="#444"/>',
  '<text x="300" y="20" font-size="12" fill="#2e7d32">受理→取件 (promise)</text><text x="470" y="20" font-size="12" fill="#757575">全部跑动 (strict)</text>',
  v.rects,
  '</svg>',
  '</body></html>')
  FROM head h, regions r, trend t, sla s, sla_labels l, vis v, cat c, pts pt, nearby nb;
\pset format aligned
\pset tuples_only off
