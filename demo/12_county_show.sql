-- The sample county at a glance: its "一件事" bundles stage by stage, what a
-- bundle asks for (each document once), and what government already holds
-- about the applicants.
\pset footer off
SET search_path = service_affair, public;

\echo
\echo '=== 象山县 (330225): departments, items and the limits they promise ==='
SELECT d.name                                                         AS department,
       count(*)                                                       AS items,
       count(*) FILTER (WHERE i.kind = 'immediate')                   AS "即办",
       count(*) FILTER (WHERE i.online)                               AS online,
       count(*) FILTER (WHERE i.max_visits = 0)                       AS "跑零次",
       sum(coalesce(i.promised_limit, 0)) FILTER (WHERE i.legal_limit IS NOT NULL) AS "Σ promised",
       sum(i.legal_limit)                                             AS "Σ legal",
       round(100 * (1 - sum(coalesce(i.promised_limit, 0)) FILTER (WHERE i.legal_limit IS NOT NULL)
                        / nullif(sum(i.legal_limit), 0)::numeric)) || '%' AS "时限压缩"
  FROM item i JOIN department d ON d.code = i.department
 GROUP BY d.code, d.name ORDER BY d.code;

\echo
\echo '=== "一件事" bundles: same stage = parallel (并联), next stage = in sequence (串联) ==='
SELECT b.name                                                         AS bundle,
       bi.stage,
       string_agg(i.name || ' (' || coalesce(i.promised_limit::text, '即办') || ')', '、' ORDER BY i.code) AS "items (promised working days)",
       max(coalesce(i.promised_limit, 0))                             AS "stage limit",
       coalesce(b.promised_limit::text, 'Σ stage limits')             AS "bundle promise"
  FROM bundle b
  JOIN bundle_item bi ON bi.bundle = b.code
  JOIN item i ON i.code = bi.item
 GROUP BY b.code, b.name, b.promised_limit, bi.stage
 ORDER BY b.code, bi.stage;

\echo
\echo '=== One set of materials: what "开餐馆一件事" asks a person for, each document once ==='
SELECT m.code,
       min(m.name)                                                    AS material,
       count(*)                                                       AS "asked by items",
       bool_or(m.required)                                            AS required,
       CASE WHEN bool_or(m.evidence_type IS NOT NULL) THEN 'shared data (' || min(m.evidence_type) || ')'
            WHEN bool_or(m.commitment_allowed) THEN '告知承诺 allowed'
            WHEN bool_or(m.tolerable) THEN '容缺 (supply within ' || min(i.tolerance_days) || ' working days)'
            ELSE '' END                                               AS relief
  FROM bundle_item bi
  JOIN material m ON m.item = bi.item
  JOIN item i ON i.code = bi.item
 WHERE bi.bundle = 'open_restaurant' AND m.applies_to IN ('any', 'person')
 GROUP BY m.code
 ORDER BY min(bi.stage), m.code;

\echo
\echo '=== Applicants and the data government holds about them (expired = not usable) ==='
SELECT e.evidence_type,
       count(*)                                                       AS holders,
       count(*) FILTER (WHERE e.valid_until < current_date)           AS expired,
       count(*) FILTER (WHERE a.kind = 'org')                         AS of_orgs
  FROM evidence e JOIN applicant a ON a.id = e.applicant
 GROUP BY e.evidence_type
 ORDER BY holders DESC, e.evidence_type;
