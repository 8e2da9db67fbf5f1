-- Results become data (issue 11): over the simulated quarter, approvals issue
-- electronic licences, later cases find them on file, and 材料减免率 rises.
SET search_path = service_affair, public;
\pset null '—'
\pset footer off
CREATE FUNCTION pg_temp.pct(x numeric) RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT to_char(x * 100, 'FM990.00') || '%' $$;

\echo
\echo '== 电子证照: licences and 材料减免率 per month of the simulated quarter =='
SELECT e.month, pg_temp.pct(e.material_reduction_rate) AS "材料减免率",
       (SELECT sum(m.issued + m.renewed) FROM licence_monthly m WHERE m.month = e.month) AS "licences issued",
       (SELECT sum(m.revoked) FROM licence_monthly m WHERE m.month = e.month) AS revoked,
       (SELECT count(*) FROM licence l WHERE l.issued_at < (e.month + interval '1 month')::date::timestamptz) AS "licences issued so far",
       (SELECT sum(d.hits) FROM data_sharing d WHERE d.month = e.month) AS "shared-data hits",
       (SELECT sum(d.misses) FROM data_sharing d WHERE d.month = e.month) AS misses
  FROM efficiency_overall e
 WHERE e.month BETWEEN '2026-07-01' AND '2026-09-01'
 ORDER BY e.month;

\echo '== data sharing per evidence type over the quarter (hits: shared evidence, a licence, or an earlier stage) =='
SELECT d.evidence_type, t.name, d.source_department AS "数源部门", sum(d.hits) AS hits, sum(d.misses) AS misses,
       pg_temp.pct(sum(d.hits)::numeric / NULLIF(sum(d.hits) + sum(d.misses), 0)) AS "hit rate"
  FROM data_sharing d JOIN evidence_type t ON t.code = d.evidence_type
 WHERE d.month BETWEEN '2026-07-01' AND '2026-09-01'
 GROUP BY d.evidence_type, t.name, d.source_department
 ORDER BY sum(d.hits) + sum(d.misses) DESC, d.evidence_type LIMIT 12;

\echo '== 一证通办: accepted cases whose every identity document came from shared data =='
SELECT o.month, sum(o.cases) AS cases, sum(o.one_licence) AS "一证通办",
       pg_temp.pct(sum(o.one_licence)::numeric / NULLIF(sum(o.cases), 0)) AS share
  FROM one_licence_service o
 WHERE o.month BETWEEN '2026-07-01' AND '2026-09-01'
 GROUP BY o.month ORDER BY o.month;

\echo '== cases to review: they relied on a licence since revoked =='
SELECT count(*) AS "cases to review", count(DISTINCT licence_id) AS "revoked licences relied on" FROM licence_review;
