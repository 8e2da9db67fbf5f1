-- Analyst views: the indicators the reform is judged by (doc/indicators.md).
--
-- Two layers.  efficiency_counts and satisfaction_counts hold the additive
-- numerators and denominators per (department, service, month); every rate
-- view divides sums of them, so that the department and overall views and
-- the period functions re-aggregate counts, never rates.  Grouping: the
-- case's department (a bundle's lead department, cases.department), its
-- service code, and month = first day of the local month of submission in
-- the time zone of the case's calendar.  Rates are numeric in [0,1], NULL
-- when the denominator is 0.  No view shows personal data.

CREATE VIEW service_affair.efficiency_counts AS
SELECT c.department,
       c.service,
       pg_catalog.date_trunc('month', service_affair.local_day(c.submitted_at, c.calendar)::timestamp)::date AS month,
       pg_catalog.count(*) AS submitted,
       pg_catalog.count(*) FILTER (WHERE c.accepted_at IS NOT NULL) AS accepted,
       pg_catalog.count(*) FILTER (WHERE c.returned) AS returned,
       pg_catalog.count(*) FILTER (WHERE c.tolerated) AS tolerated,
       pg_catalog.count(*) FILTER (WHERE c.channel IN ('online', 'mobile')) AS online,
       pg_catalog.count(*) FILTER (WHERE c.concluded_at IS NOT NULL) AS concluded,
       pg_catalog.count(*) FILTER (WHERE c.concluded_at IS NOT NULL AND c.visits = 0) AS zero_visit,
       pg_catalog.count(*) FILTER (WHERE c.concluded_at IS NOT NULL AND c.visits <= 1) AS at_most_once,
       pg_catalog.count(*) FILTER (WHERE c.concluded_at IS NOT NULL
                                     AND service_affair.local_day(c.concluded_at, c.calendar)
                                         = service_affair.local_day(c.accepted_at, c.calendar)) AS immediate,
       pg_catalog.count(*) FILTER (WHERE c.concluded_at IS NOT NULL
                                     AND service_affair.local_day(c.concluded_at, c.calendar) > c.due) AS overdue,
       COALESCE(pg_catalog.sum(service_affair.workdays_between(service_affair.local_day(c.accepted_at, c.calendar),
                                                               service_affair.local_day(c.concluded_at, c.calendar), c.calendar))
                FILTER (WHERE c.concluded_at IS NOT NULL), 0)::bigint AS workdays,
       COALESCE(pg_catalog.sum(m.reduced) FILTER (WHERE c.accepted_at IS NOT NULL), 0)::bigint AS reduced_materials,
       COALESCE(pg_catalog.sum(m.required) FILTER (WHERE c.accepted_at IS NOT NULL), 0)::bigint AS required_materials,
       COALESCE(pg_catalog.sum(c.promised_limit) FILTER (WHERE c.accepted_at IS NOT NULL), 0)::bigint AS promised_days,
       COALESCE(pg_catalog.sum(c.legal_limit) FILTER (WHERE c.accepted_at IS NOT NULL), 0)::bigint AS legal_days
  FROM service_affair.cases c
  LEFT JOIN (SELECT cm.case_id,
                    pg_catalog.count(*) FILTER (WHERE cm.required AND cm.status IN ('shared', 'committed')) AS reduced,
                    pg_catalog.count(*) FILTER (WHERE cm.required) AS required
               FROM service_affair.case_material cm
              GROUP BY cm.case_id) m ON m.case_id = c.id
 GROUP BY 1, 2, 3;
COMMENT ON VIEW service_affair.efficiency_counts IS
  'Additive counts behind the efficiency indicators per department, service and local month of submission (sum them to re-aggregate; never average the rates)';
COMMENT ON COLUMN service_affair.efficiency_counts.department IS 'Department of the case (a bundle: its lead department)';
COMMENT ON COLUMN service_affair.efficiency_counts.service IS 'Service code (item or bundle)';
COMMENT ON COLUMN service_affair.efficiency_counts.month IS 'First day of the local month (case calendar time zone) of submission';

COMMENT ON COLUMN service_affair.efficiency_counts.submitted IS 'Cases submitted';
COMMENT ON COLUMN service_affair.efficiency_counts.accepted IS 'Cases accepted (accepted_at set)';
COMMENT ON COLUMN service_affair.efficiency_counts.returned IS 'Cases whose submission got a notice';
COMMENT ON COLUMN service_affair.efficiency_counts.tolerated IS 'Cases accepted with a tolerated material';
COMMENT ON COLUMN service_affair.efficiency_counts.online IS 'Cases submitted online or by mobile';
COMMENT ON COLUMN service_affair.efficiency_counts.concluded IS 'Cases concluded';
COMMENT ON COLUMN service_affair.efficiency_counts.zero_visit IS 'Concluded cases with 0 visits';
COMMENT ON COLUMN service_affair.efficiency_counts.at_most_once IS 'Concluded cases with at most 1 visit';
COMMENT ON COLUMN service_affair.efficiency_counts.immediate IS 'Concluded cases concluded on their local acceptance day';
COMMENT ON COLUMN service_affair.efficiency_counts.overdue IS 'Concluded cases concluded (local day) after their due date';
COMMENT ON COLUMN service_affair.efficiency_counts.workdays IS 'Σ working days from acceptance day to conclusion day over concluded cases';
COMMENT ON COLUMN service_affair.efficiency_counts.reduced_materials IS 'Required materials of accepted cases satisfied by shared data or a commitment';
COMMENT ON COLUMN service_affair.efficiency_counts.required_materials IS 'Required materials of accepted cases';
COMMENT ON COLUMN service_affair.efficiency_counts.promised_days IS 'Σ promised limits (working days) of accepted cases';
COMMENT ON COLUMN service_affair.efficiency_counts.legal_days IS 'Σ legal limits (working days) of accepted cases';

CREATE VIEW service_affair.efficiency AS
SELECT x.department, x.service, x.month,
       submitted AS submitted,
       accepted AS accepted,
       returned AS returned,
       tolerated AS tolerated,
       online::numeric / NULLIF(submitted, 0) AS online_rate,
       zero_visit::numeric / NULLIF(concluded, 0) AS zero_visit_rate,
       at_most_once::numeric / NULLIF(concluded, 0) AS at_most_once_rate,
       immediate::numeric / NULLIF(concluded, 0) AS immediate_rate,
       reduced_materials::numeric / NULLIF(required_materials, 0) AS material_reduction_rate,
       1 - promised_days::numeric / NULLIF(legal_days, 0) AS time_compression,
       workdays::numeric / NULLIF(concluded, 0) AS avg_workdays,
       overdue::numeric / NULLIF(concluded, 0) AS overdue_rate
  FROM service_affair.efficiency_counts x;
COMMENT ON VIEW service_affair.efficiency IS
  'Efficiency indicators (最多跑一次实现率, 跑零次率, 网办率, 即办率, 材料减免率, 时限压缩比) per department, service and local month of submission; formulas in doc/indicators.md';
COMMENT ON COLUMN service_affair.efficiency.department IS 'Department of the cases (a bundle: its lead department)';
COMMENT ON COLUMN service_affair.efficiency.service IS 'Service code (item or bundle)';
COMMENT ON COLUMN service_affair.efficiency.month IS 'First day of the local month (case calendar time zone) of submission';
COMMENT ON COLUMN service_affair.efficiency.submitted IS 'Cases submitted (every outcome)';
COMMENT ON COLUMN service_affair.efficiency.accepted IS 'Cases accepted, at submission or after a supplement (受理)';
COMMENT ON COLUMN service_affair.efficiency.returned IS 'Cases whose submission got a one-time notice (一次性告知), whatever happened later';
COMMENT ON COLUMN service_affair.efficiency.tolerated IS 'Cases accepted with at least one tolerated material (容缺受理)';
COMMENT ON COLUMN service_affair.efficiency.online_rate IS '网办率: cases submitted online or by mobile ÷ submitted; NULL when nothing was submitted';
COMMENT ON COLUMN service_affair.efficiency.zero_visit_rate IS '跑零次率: concluded cases with no in-person visit ÷ concluded cases; NULL when none concluded';
COMMENT ON COLUMN service_affair.efficiency.at_most_once_rate IS '最多跑一次实现率: concluded cases with at most one visit ÷ concluded cases; NULL when none concluded';
COMMENT ON COLUMN service_affair.efficiency.immediate_rate IS '即办率: concluded cases concluded on their (local) acceptance day ÷ concluded cases; NULL when none concluded';
COMMENT ON COLUMN service_affair.efficiency.material_reduction_rate IS '材料减免率: required materials of accepted cases satisfied by shared data (数据共享/电子证照) or a commitment (告知承诺) ÷ required materials of accepted cases; NULL when none';
COMMENT ON COLUMN service_affair.efficiency.time_compression IS '时限压缩比: 1 − Σ promised limits ÷ Σ legal limits over accepted cases (an immediate item promises 0 days); NULL when Σ legal limits is 0';
COMMENT ON COLUMN service_affair.efficiency.avg_workdays IS 'Mean working days from the local acceptance day to the local conclusion day over concluded cases; NULL when none concluded';
COMMENT ON COLUMN service_affair.efficiency.overdue_rate IS '超期率: concluded cases concluded after their due date ÷ concluded cases; NULL when none concluded';

CREATE VIEW service_affair.efficiency_department AS
SELECT x.department, x.month,
       pg_catalog.sum(x.submitted)::bigint AS submitted,
       pg_catalog.sum(x.accepted)::bigint AS accepted,
       pg_catalog.sum(x.returned)::bigint AS returned,
       pg_catalog.sum(x.tolerated)::bigint AS tolerated,
       pg_catalog.sum(x.online)::bigint::numeric / NULLIF(pg_catalog.sum(x.submitted)::bigint, 0) AS online_rate,
       pg_catalog.sum(x.zero_visit)::bigint::numeric / NULLIF(pg_catalog.sum(x.concluded)::bigint, 0) AS zero_visit_rate,
       pg_catalog.sum(x.at_most_once)::bigint::numeric / NULLIF(pg_catalog.sum(x.concluded)::bigint, 0) AS at_most_once_rate,
       pg_catalog.sum(x.immediate)::bigint::numeric / NULLIF(pg_catalog.sum(x.concluded)::bigint, 0) AS immediate_rate,
       pg_catalog.sum(x.reduced_materials)::bigint::numeric / NULLIF(pg_catalog.sum(x.required_materials)::bigint, 0) AS material_reduction_rate,
       1 - pg_catalog.sum(x.promised_days)::bigint::numeric / NULLIF(pg_catalog.sum(x.legal_days)::bigint, 0) AS time_compression,
       pg_catalog.sum(x.workdays)::bigint::numeric / NULLIF(pg_catalog.sum(x.concluded)::bigint, 0) AS avg_workdays,
       pg_catalog.sum(x.overdue)::bigint::numeric / NULLIF(pg_catalog.sum(x.concluded)::bigint, 0) AS overdue_rate
  FROM service_affair.efficiency_counts x
 GROUP BY x.department, x.month;
COMMENT ON VIEW service_affair.efficiency_department IS
  'Efficiency indicators per department and local month of submission, from the summed counts';
COMMENT ON COLUMN service_affair.efficiency_department.department IS 'Department of the cases (a bundle: its lead department)';
COMMENT ON COLUMN service_affair.efficiency_department.month IS 'First day of the local month (case calendar time zone) of submission';
COMMENT ON COLUMN service_affair.efficiency_department.submitted IS 'Cases submitted (every outcome)';
COMMENT ON COLUMN service_affair.efficiency_department.accepted IS 'Cases accepted, at submission or after a supplement (受理)';
COMMENT ON COLUMN service_affair.efficiency_department.returned IS 'Cases whose submission got a one-time notice (一次性告知), whatever happened later';
COMMENT ON COLUMN service_affair.efficiency_department.tolerated IS 'Cases accepted with at least one tolerated material (容缺受理)';
COMMENT ON COLUMN service_affair.efficiency_department.online_rate IS '网办率: cases submitted online or by mobile ÷ submitted; NULL when nothing was submitted';
COMMENT ON COLUMN service_affair.efficiency_department.zero_visit_rate IS '跑零次率: concluded cases with no in-person visit ÷ concluded cases; NULL when none concluded';
COMMENT ON COLUMN service_affair.efficiency_department.at_most_once_rate IS '最多跑一次实现率: concluded cases with at most one visit ÷ concluded cases; NULL when none concluded';
COMMENT ON COLUMN service_affair.efficiency_department.immediate_rate IS '即办率: concluded cases concluded on their (local) acceptance day ÷ concluded cases; NULL when none concluded';
COMMENT ON COLUMN service_affair.efficiency_department.material_reduction_rate IS '材料减免率: required materials of accepted cases satisfied by shared data (数据共享/电子证照) or a commitment (告知承诺) ÷ required materials of accepted cases; NULL when none';
COMMENT ON COLUMN service_affair.efficiency_department.time_compression IS '时限压缩比: 1 − Σ promised limits ÷ Σ legal limits over accepted cases (an immediate item promises 0 days); NULL when Σ legal limits is 0';
COMMENT ON COLUMN service_affair.efficiency_department.avg_workdays IS 'Mean working days from the local acceptance day to the local conclusion day over concluded cases; NULL when none concluded';
COMMENT ON COLUMN service_affair.efficiency_department.overdue_rate IS '超期率: concluded cases concluded after their due date ÷ concluded cases; NULL when none concluded';

CREATE VIEW service_affair.efficiency_overall AS
SELECT x.month,
       pg_catalog.sum(x.submitted)::bigint AS submitted,
       pg_catalog.sum(x.accepted)::bigint AS accepted,
       pg_catalog.sum(x.returned)::bigint AS returned,
       pg_catalog.sum(x.tolerated)::bigint AS tolerated,
       pg_catalog.sum(x.online)::bigint::numeric / NULLIF(pg_catalog.sum(x.submitted)::bigint, 0) AS online_rate,
       pg_catalog.sum(x.zero_visit)::bigint::numeric / NULLIF(pg_catalog.sum(x.concluded)::bigint, 0) AS zero_visit_rate,
       pg_catalog.sum(x.at_most_once)::bigint::numeric / NULLIF(pg_catalog.sum(x.concluded)::bigint, 0) AS at_most_once_rate,
       pg_catalog.sum(x.immediate)::bigint::numeric / NULLIF(pg_catalog.sum(x.concluded)::bigint, 0) AS immediate_rate,
       pg_catalog.sum(x.reduced_materials)::bigint::numeric / NULLIF(pg_catalog.sum(x.required_materials)::bigint, 0) AS material_reduction_rate,
       1 - pg_catalog.sum(x.promised_days)::bigint::numeric / NULLIF(pg_catalog.sum(x.legal_days)::bigint, 0) AS time_compression,
       pg_catalog.sum(x.workdays)::bigint::numeric / NULLIF(pg_catalog.sum(x.concluded)::bigint, 0) AS avg_workdays,
       pg_catalog.sum(x.overdue)::bigint::numeric / NULLIF(pg_catalog.sum(x.concluded)::bigint, 0) AS overdue_rate
  FROM service_affair.efficiency_counts x
 GROUP BY x.month;
COMMENT ON VIEW service_affair.efficiency_overall IS
  'Efficiency indicators over all departments per local month of submission, from the summed counts';
COMMENT ON COLUMN service_affair.efficiency_overall.month IS 'First day of the local month (case calendar time zone) of submission';
COMMENT ON COLUMN service_affair.efficiency_overall.submitted IS 'Cases submitted (every outcome)';
COMMENT ON COLUMN service_affair.efficiency_overall.accepted IS 'Cases accepted, at submission or after a supplement (受理)';
COMMENT ON COLUMN service_affair.efficiency_overall.returned IS 'Cases whose submission got a one-time notice (一次性告知), whatever happened later';
COMMENT ON COLUMN service_affair.efficiency_overall.tolerated IS 'Cases accepted with at least one tolerated material (容缺受理)';
COMMENT ON COLUMN service_affair.efficiency_overall.online_rate IS '网办率: cases submitted online or by mobile ÷ submitted; NULL when nothing was submitted';
COMMENT ON COLUMN service_affair.efficiency_overall.zero_visit_rate IS '跑零次率: concluded cases with no in-person visit ÷ concluded cases; NULL when none concluded';
COMMENT ON COLUMN service_affair.efficiency_overall.at_most_once_rate IS '最多跑一次实现率: concluded cases with at most one visit ÷ concluded cases; NULL when none concluded';
COMMENT ON COLUMN service_affair.efficiency_overall.immediate_rate IS '即办率: concluded cases concluded on their (local) acceptance day ÷ concluded cases; NULL when none concluded';
COMMENT ON COLUMN service_affair.efficiency_overall.material_reduction_rate IS '材料减免率: required materials of accepted cases satisfied by shared data (数据共享/电子证照) or a commitment (告知承诺) ÷ required materials of accepted cases; NULL when none';
COMMENT ON COLUMN service_affair.efficiency_overall.time_compression IS '时限压缩比: 1 − Σ promised limits ÷ Σ legal limits over accepted cases (an immediate item promises 0 days); NULL when Σ legal limits is 0';
COMMENT ON COLUMN service_affair.efficiency_overall.avg_workdays IS 'Mean working days from the local acceptance day to the local conclusion day over concluded cases; NULL when none concluded';
COMMENT ON COLUMN service_affair.efficiency_overall.overdue_rate IS '超期率: concluded cases concluded after their due date ÷ concluded cases; NULL when none concluded';

CREATE VIEW service_affair.satisfaction_counts AS
SELECT c.department,
       c.service,
       pg_catalog.date_trunc('month', service_affair.local_day(c.submitted_at, c.calendar)::timestamp)::date AS month,
       pg_catalog.count(*) AS ratings,
       pg_catalog.count(*) FILTER (WHERE r.level = 5) AS level5,
       pg_catalog.count(*) FILTER (WHERE r.level = 4) AS level4,
       pg_catalog.count(*) FILTER (WHERE r.level = 3) AS level3,
       pg_catalog.count(*) FILTER (WHERE r.level = 2) AS level2,
       pg_catalog.count(*) FILTER (WHERE r.level = 1) AS level1,
       pg_catalog.count(*) FILTER (WHERE r.level <= 2 AND f.closed_on <= f.fix_due) AS rectified_on_time
  FROM service_affair.rating r
  JOIN service_affair.cases c ON c.id = r.case_id
  LEFT JOIN service_affair.rectification f ON f.rating_id = r.id
 WHERE NOT r.appealed
 GROUP BY 1, 2, 3;
COMMENT ON VIEW service_affair.satisfaction_counts IS
  'Additive rating counts per department, service and local month of the rated case''s submission, appealed ratings left out';
COMMENT ON COLUMN service_affair.satisfaction_counts.department IS 'Department of the rated cases (a bundle: its lead department)';
COMMENT ON COLUMN service_affair.satisfaction_counts.service IS 'Service code (item or bundle)';
COMMENT ON COLUMN service_affair.satisfaction_counts.month IS 'First day of the local month (case calendar time zone) of the case''s submission';
COMMENT ON COLUMN service_affair.satisfaction_counts.ratings IS 'Ratings, appealed left out';
COMMENT ON COLUMN service_affair.satisfaction_counts.level5 IS 'Level 5';
COMMENT ON COLUMN service_affair.satisfaction_counts.level4 IS 'Level 4';
COMMENT ON COLUMN service_affair.satisfaction_counts.level3 IS 'Level 3';
COMMENT ON COLUMN service_affair.satisfaction_counts.level2 IS 'Level 2';
COMMENT ON COLUMN service_affair.satisfaction_counts.level1 IS 'Level 1';
COMMENT ON COLUMN service_affair.satisfaction_counts.rectified_on_time IS 'Bad ratings rectified on or before fix_due';

CREATE VIEW service_affair.satisfaction AS
SELECT x.department, x.service, x.month,
       ratings AS ratings,
       level5 AS level5,
       level4 AS level4,
       level3 AS level3,
       level2 AS level2,
       level1 AS level1,
       (level5 + level4)::numeric / NULLIF(ratings, 0) AS good_rate,
       (level2 + level1)::numeric / NULLIF(ratings, 0) AS bad_rate,
       rectified_on_time::numeric / NULLIF(level2 + level1, 0) AS rectified_on_time_rate
  FROM service_affair.satisfaction_counts x;
COMMENT ON VIEW service_affair.satisfaction IS
  'Satisfaction (好差评) per department, service and local month of the rated case''s submission: 好评率, 差评率, 差评整改及时率; appealed ratings left out';
COMMENT ON COLUMN service_affair.satisfaction.department IS 'Department of the cases (a bundle: its lead department)';
COMMENT ON COLUMN service_affair.satisfaction.service IS 'Service code (item or bundle)';
COMMENT ON COLUMN service_affair.satisfaction.month IS 'First day of the local month (case calendar time zone) of submission';
COMMENT ON COLUMN service_affair.satisfaction.ratings IS 'Ratings of the group''s cases, appealed ones left out';
COMMENT ON COLUMN service_affair.satisfaction.level5 IS 'Ratings 5 非常满意';
COMMENT ON COLUMN service_affair.satisfaction.level4 IS 'Ratings 4 满意';
COMMENT ON COLUMN service_affair.satisfaction.level3 IS 'Ratings 3 基本满意';
COMMENT ON COLUMN service_affair.satisfaction.level2 IS 'Ratings 2 不满意';
COMMENT ON COLUMN service_affair.satisfaction.level1 IS 'Ratings 1 非常不满意';
COMMENT ON COLUMN service_affair.satisfaction.good_rate IS '好评率: (level5 + level4) ÷ ratings; NULL when no ratings';
COMMENT ON COLUMN service_affair.satisfaction.bad_rate IS '差评率: (level2 + level1) ÷ ratings; NULL when no ratings';
COMMENT ON COLUMN service_affair.satisfaction.rectified_on_time_rate IS '差评整改及时率: bad ratings whose rectification closed on or before its fix due ÷ bad ratings; NULL when no bad ratings';

CREATE VIEW service_affair.satisfaction_department AS
SELECT x.department, x.month,
       pg_catalog.sum(x.ratings)::bigint AS ratings,
       pg_catalog.sum(x.level5)::bigint AS level5,
       pg_catalog.sum(x.level4)::bigint AS level4,
       pg_catalog.sum(x.level3)::bigint AS level3,
       pg_catalog.sum(x.level2)::bigint AS level2,
       pg_catalog.sum(x.level1)::bigint AS level1,
       (pg_catalog.sum(x.level5)::bigint + pg_catalog.sum(x.level4)::bigint)::numeric / NULLIF(pg_catalog.sum(x.ratings)::bigint, 0) AS good_rate,
       (pg_catalog.sum(x.level2)::bigint + pg_catalog.sum(x.level1)::bigint)::numeric / NULLIF(pg_catalog.sum(x.ratings)::bigint, 0) AS bad_rate,
       pg_catalog.sum(x.rectified_on_time)::bigint::numeric / NULLIF(pg_catalog.sum(x.level2)::bigint + pg_catalog.sum(x.level1)::bigint, 0) AS rectified_on_time_rate
  FROM service_affair.satisfaction_counts x
 GROUP BY x.department, x.month;
COMMENT ON VIEW service_affair.satisfaction_department IS
  'Satisfaction per department and local month of submission, from the summed counts';
COMMENT ON COLUMN service_affair.satisfaction_department.department IS 'Department of the cases (a bundle: its lead department)';
COMMENT ON COLUMN service_affair.satisfaction_department.month IS 'First day of the local month (case calendar time zone) of submission';
COMMENT ON COLUMN service_affair.satisfaction_department.ratings IS 'Ratings of the group''s cases, appealed ones left out';
COMMENT ON COLUMN service_affair.satisfaction_department.level5 IS 'Ratings 5 非常满意';
COMMENT ON COLUMN service_affair.satisfaction_department.level4 IS 'Ratings 4 满意';
COMMENT ON COLUMN service_affair.satisfaction_department.level3 IS 'Ratings 3 基本满意';
COMMENT ON COLUMN service_affair.satisfaction_department.level2 IS 'Ratings 2 不满意';
COMMENT ON COLUMN service_affair.satisfaction_department.level1 IS 'Ratings 1 非常不满意';
COMMENT ON COLUMN service_affair.satisfaction_department.good_rate IS '好评率: (level5 + level4) ÷ ratings; NULL when no ratings';
COMMENT ON COLUMN service_affair.satisfaction_department.bad_rate IS '差评率: (level2 + level1) ÷ ratings; NULL when no ratings';
COMMENT ON COLUMN service_affair.satisfaction_department.rectified_on_time_rate IS '差评整改及时率: bad ratings whose rectification closed on or before its fix due ÷ bad ratings; NULL when no bad ratings';

CREATE VIEW service_affair.satisfaction_overall AS
SELECT x.month,
       pg_catalog.sum(x.ratings)::bigint AS ratings,
       pg_catalog.sum(x.level5)::bigint AS level5,
       pg_catalog.sum(x.level4)::bigint AS level4,
       pg_catalog.sum(x.level3)::bigint AS level3,
       pg_catalog.sum(x.level2)::bigint AS level2,
       pg_catalog.sum(x.level1)::bigint AS level1,
       (pg_catalog.sum(x.level5)::bigint + pg_catalog.sum(x.level4)::bigint)::numeric / NULLIF(pg_catalog.sum(x.ratings)::bigint, 0) AS good_rate,
       (pg_catalog.sum(x.level2)::bigint + pg_catalog.sum(x.level1)::bigint)::numeric / NULLIF(pg_catalog.sum(x.ratings)::bigint, 0) AS bad_rate,
       pg_catalog.sum(x.rectified_on_time)::bigint::numeric / NULLIF(pg_catalog.sum(x.level2)::bigint + pg_catalog.sum(x.level1)::bigint, 0) AS rectified_on_time_rate
  FROM service_affair.satisfaction_counts x
 GROUP BY x.month;
COMMENT ON VIEW service_affair.satisfaction_overall IS
  'Satisfaction over all departments per local month of submission, from the summed counts';
COMMENT ON COLUMN service_affair.satisfaction_overall.month IS 'First day of the local month (case calendar time zone) of submission';
COMMENT ON COLUMN service_affair.satisfaction_overall.ratings IS 'Ratings of the group''s cases, appealed ones left out';
COMMENT ON COLUMN service_affair.satisfaction_overall.level5 IS 'Ratings 5 非常满意';
COMMENT ON COLUMN service_affair.satisfaction_overall.level4 IS 'Ratings 4 满意';
COMMENT ON COLUMN service_affair.satisfaction_overall.level3 IS 'Ratings 3 基本满意';
COMMENT ON COLUMN service_affair.satisfaction_overall.level2 IS 'Ratings 2 不满意';
COMMENT ON COLUMN service_affair.satisfaction_overall.level1 IS 'Ratings 1 非常不满意';
COMMENT ON COLUMN service_affair.satisfaction_overall.good_rate IS '好评率: (level5 + level4) ÷ ratings; NULL when no ratings';
COMMENT ON COLUMN service_affair.satisfaction_overall.bad_rate IS '差评率: (level2 + level1) ÷ ratings; NULL when no ratings';
COMMENT ON COLUMN service_affair.satisfaction_overall.rectified_on_time_rate IS '差评整改及时率: bad ratings whose rectification closed on or before its fix due ÷ bad ratings; NULL when no bad ratings';

CREATE FUNCTION service_affair.efficiency_period(from_month date, to_month date)
    RETURNS TABLE (department text,
    submitted bigint,
    accepted bigint,
    returned bigint,
    tolerated bigint,
    online_rate numeric,
    zero_visit_rate numeric,
    at_most_once_rate numeric,
    immediate_rate numeric,
    material_reduction_rate numeric,
    time_compression numeric,
    avg_workdays numeric,
    overdue_rate numeric)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
SELECT x.department,
       pg_catalog.sum(x.submitted)::bigint AS submitted,
       pg_catalog.sum(x.accepted)::bigint AS accepted,
       pg_catalog.sum(x.returned)::bigint AS returned,
       pg_catalog.sum(x.tolerated)::bigint AS tolerated,
       pg_catalog.sum(x.online)::bigint::numeric / NULLIF(pg_catalog.sum(x.submitted)::bigint, 0) AS online_rate,
       pg_catalog.sum(x.zero_visit)::bigint::numeric / NULLIF(pg_catalog.sum(x.concluded)::bigint, 0) AS zero_visit_rate,
       pg_catalog.sum(x.at_most_once)::bigint::numeric / NULLIF(pg_catalog.sum(x.concluded)::bigint, 0) AS at_most_once_rate,
       pg_catalog.sum(x.immediate)::bigint::numeric / NULLIF(pg_catalog.sum(x.concluded)::bigint, 0) AS immediate_rate,
       pg_catalog.sum(x.reduced_materials)::bigint::numeric / NULLIF(pg_catalog.sum(x.required_materials)::bigint, 0) AS material_reduction_rate,
       1 - pg_catalog.sum(x.promised_days)::bigint::numeric / NULLIF(pg_catalog.sum(x.legal_days)::bigint, 0) AS time_compression,
       pg_catalog.sum(x.workdays)::bigint::numeric / NULLIF(pg_catalog.sum(x.concluded)::bigint, 0) AS avg_workdays,
       pg_catalog.sum(x.overdue)::bigint::numeric / NULLIF(pg_catalog.sum(x.concluded)::bigint, 0) AS overdue_rate
  FROM service_affair.efficiency_counts x
 WHERE x.month >= pg_catalog.date_trunc('month', from_month)::date
   AND x.month <= to_month
 GROUP BY GROUPING SETS ((x.department), ())
 ORDER BY x.department NULLS LAST;
END;
COMMENT ON FUNCTION service_affair.efficiency_period(date, date) IS
  'Efficiency indicators over the cases submitted in the local months from_month..to_month: one row per department, then the overall row (department NULL)';

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
    rectified_on_time_rate numeric)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
SELECT x.department,
       pg_catalog.sum(x.ratings)::bigint AS ratings,
       pg_catalog.sum(x.level5)::bigint AS level5,
       pg_catalog.sum(x.level4)::bigint AS level4,
       pg_catalog.sum(x.level3)::bigint AS level3,
       pg_catalog.sum(x.level2)::bigint AS level2,
       pg_catalog.sum(x.level1)::bigint AS level1,
       (pg_catalog.sum(x.level5)::bigint + pg_catalog.sum(x.level4)::bigint)::numeric / NULLIF(pg_catalog.sum(x.ratings)::bigint, 0) AS good_rate,
       (pg_catalog.sum(x.level2)::bigint + pg_catalog.sum(x.level1)::bigint)::numeric / NULLIF(pg_catalog.sum(x.ratings)::bigint, 0) AS bad_rate,
       pg_catalog.sum(x.rectified_on_time)::bigint::numeric / NULLIF(pg_catalog.sum(x.level2)::bigint + pg_catalog.sum(x.level1)::bigint, 0) AS rectified_on_time_rate
  FROM service_affair.satisfaction_counts x
 WHERE x.month >= pg_catalog.date_trunc('month', from_month)::date
   AND x.month <= to_month
 GROUP BY GROUPING SETS ((x.department), ())
 ORDER BY x.department NULLS LAST;
END;
COMMENT ON FUNCTION service_affair.satisfaction_period(date, date) IS
  'Satisfaction over the rated cases submitted in the local months from_month..to_month: one row per department, then the overall row (department NULL)';

INSERT INTO service_affair.role_grant (role, privilege, object) VALUES
    ('analyst', 'SELECT', 'service_affair.efficiency_counts'),
    ('analyst', 'SELECT', 'service_affair.efficiency'),
    ('analyst', 'SELECT', 'service_affair.efficiency_department'),
    ('analyst', 'SELECT', 'service_affair.efficiency_overall'),
    ('analyst', 'SELECT', 'service_affair.satisfaction_counts'),
    ('analyst', 'SELECT', 'service_affair.satisfaction'),
    ('analyst', 'SELECT', 'service_affair.satisfaction_department'),
    ('analyst', 'SELECT', 'service_affair.satisfaction_overall'),
    ('analyst', 'EXECUTE', 'service_affair.efficiency_period(date,date)'),
    ('analyst', 'EXECUTE', 'service_affair.satisfaction_period(date,date)'),
    ('admin', 'SELECT', 'service_affair.efficiency_counts'),
    ('admin', 'SELECT', 'service_affair.efficiency'),
    ('admin', 'SELECT', 'service_affair.efficiency_department'),
    ('admin', 'SELECT', 'service_affair.efficiency_overall'),
    ('admin', 'SELECT', 'service_affair.satisfaction_counts'),
    ('admin', 'SELECT', 'service_affair.satisfaction'),
    ('admin', 'SELECT', 'service_affair.satisfaction_department'),
    ('admin', 'SELECT', 'service_affair.satisfaction_overall'),
    ('admin', 'EXECUTE', 'service_affair.efficiency_period(date,date)'),
    ('admin', 'EXECUTE', 'service_affair.satisfaction_period(date,date)');
REVOKE EXECUTE ON FUNCTION service_affair.efficiency_period(date, date) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION service_affair.satisfaction_period(date, date) FROM PUBLIC;
