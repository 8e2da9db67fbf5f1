-- The story of issue 12 in the sample county, after the simulated quarter:
-- two companies open public gathering places under 承诺制审批; one keeps its
-- commitment, the other does not → its approval is revoked → a credit event →
-- it can no longer use commitments, and the county's next draw grades it up
-- (the one that kept its word is graded down: 信用好的少抽).
SET search_path = service_affair, public;
\pset null '—'
SET service_affair.as_of = '2026-11-22 12:00+08';
-- the checking departments' work on the quarter's commitments, up to 2026-11-20:
-- most kept on time, some late, some waived, one in twenty broken
\o /dev/null
-- (one by one: a broken check cancels the other open checks of its revoked
-- case, which then take no outcome; doc/credit.md)
DO $$
DECLARE
    k record;
BEGIN
    FOR k IN SELECT x.id, x.due FROM service_affair.commitment_check x
              WHERE x.status = 'open' AND x.due + 3 <= date '2026-11-20' AND x.id % 10 <> 6
              ORDER BY x.id LOOP
        CONTINUE WHEN (SELECT x.status FROM service_affair.commitment_check x WHERE x.id = k.id) <> 'open';
        PERFORM service_affair.record_check(k.id,
                    CASE WHEN k.id % 20 = 9 THEN 'broken' WHEN k.id % 10 = 8 THEN 'waived' ELSE 'kept' END,
                    CASE WHEN k.id % 20 = 9 THEN '核查发现承诺内容与实际不符' WHEN k.id % 10 = 8 THEN '申请人已注销，无需核查' END,
                    ((k.due + CASE WHEN k.id % 10 = 7 THEN 3 ELSE -5 END) + time '10:00') AT TIME ZONE 'Asia/Shanghai');
    END LOOP;
END
$$;
\o
-- two organisations with good credit and no record
CREATE TEMP TABLE story AS
SELECT (array_agg(a.id ORDER BY a.id))[1] AS kept_org, (array_agg(a.id ORDER BY a.id))[2] AS broken_org
  FROM applicant a
 WHERE a.kind = 'org' AND a.credit_ok AND a.uscc::text LIKE '91%'
   AND NOT EXISTS (SELECT FROM credit_event e WHERE e.subject = a.uscc::text);
-- both are market entities in the county's inspection directory, graded B by hand
INSERT INTO target (uscc, name, region, industry, risk)
SELECT a.uscc, a.name, '330225', 'catering', 'B' FROM applicant a, story s WHERE a.id IN (s.kept_org, s.broken_org);
\o /dev/null
SELECT create_plan('象山县 2026 年第四季度公众聚集场所双随机抽查（一）', ARRAY['enforce'], ARRAY[1, 1, 1, 1]::numeric[],
                   sha256('xs-q4-1'), 2, ARRAY['330225']) AS p1 \gset
SELECT draw(:p1, 'xs-q4-1') AS d1 \gset
-- the first draw's inspection of the first company finds nothing wrong
SELECT record_result(:d1, t.id, 'pass', '未发现问题', '2026-10-15 10:00+08')
  FROM target t JOIN applicant a ON a.uscc::text = t.uscc::text JOIN story s ON a.id = s.kept_org;
\o

\echo
\echo '== 承诺制审批: both apply for the fire safety check of their premises, on commitment'
CREATE TEMP TABLE c AS
SELECT s.who, submit('fire_opening_check', s.id,
                     ARRAY['fire_check_form', 'business_licence', 'legal_rep_id', 'fire_safety_plan', 'floor_plan', 'fire_training_record'],
                     'online', '{}', '2026-10-09 10:00+08') AS case_id
  FROM (SELECT 'kept' AS who, kept_org AS id FROM story UNION ALL SELECT 'broken', broken_org FROM story) s;
SELECT c.who, x.id AS case_id, x.status, x.decision, x.accepted_at, x.concluded_at, k.department AS checked_by, k.due AS check_due
  FROM c JOIN cases x ON x.id = c.case_id JOIN commitment_check k ON k.case_id = x.id ORDER BY c.who DESC;

\echo '== the fire brigade checks: one kept, one broken'
\o /dev/null
SELECT record_check((SELECT k.id FROM commitment_check k JOIN c ON c.case_id = k.case_id WHERE c.who = 'kept'),
                    'kept', '疏散通道、消防设施与承诺一致', '2026-10-20 10:00+08');
SELECT record_check((SELECT k.id FROM commitment_check k JOIN c ON c.case_id = k.case_id WHERE c.who = 'broken'),
                    'broken', '自动喷水灭火系统未安装，与承诺不符', '2026-10-21 15:00+08');
\o
SELECT c.who, k.status AS check, k.findings, x.status AS case_status, x.revoked_at
  FROM c JOIN commitment_check k ON k.case_id = c.case_id JOIN cases x ON x.id = c.case_id ORDER BY c.who DESC;
\echo '== the case history of the broken commitment'
SELECT e.at, e.kind, e.from_status, e.to_status, e.detail->>'reason' AS reason
  FROM case_event e JOIN c ON c.case_id = e.case_id WHERE c.who = 'broken' ORDER BY e.id;

\echo '== the credit record: one event, serious, for three years'
SELECT e.subject, e.kind, e.source, e.severity, e.effective_from, e.effective_until, e.needs_review
  FROM credit_event e JOIN applicant a ON a.uscc::text = e.subject JOIN story s ON a.id = s.broken_org;
SELECT CASE WHEN a.id = s.kept_org THEN 'kept' ELSE 'broken' END AS who, p.*
  FROM credit_profile p JOIN applicant a ON a.uscc::text = p.subject, story s
 WHERE a.id IN (s.kept_org, s.broken_org) ORDER BY 1 DESC;

\echo '== the subject can no longer use commitments (告知承诺) nor 容缺'
SELECT CASE WHEN a.id = s.kept_org THEN 'kept' ELSE 'broken' END AS who, x.material, x.status
  FROM story s, applicant a,
       LATERAL completeness('market_company_reg', a.id, ARRAY['company_reg_form', 'articles', 'appointment_docs'],
                            ARRAY['premises_proof'], '2026-10-22 10:00+08') x
 WHERE a.id IN (s.kept_org, s.broken_org) AND x.material = 'premises_proof' ORDER BY 1 DESC;
SELECT submit('fire_opening_check', broken_org,
              ARRAY['fire_check_form', 'business_licence', 'legal_rep_id', 'fire_safety_plan', 'floor_plan', 'fire_training_record'],
              'online', '{}', '2026-10-23 10:00+08') AS again FROM story \gset
SELECT x.id AS case_id, x.status, x.decision, (SELECT count(*) FROM commitment_check k WHERE k.case_id = x.id) AS checks,
       (SELECT string_agg(t.status, ',') FROM task t WHERE t.case_id = x.id) AS tasks
  FROM cases x WHERE x.id = :again;
\echo '   (a new application goes to the reviewers: no approval on commitment for bad credit)'

\echo '== 重点监管 beside 双随机: the next draw uses the derived grades'
\o /dev/null
SELECT create_plan('象山县 2026 年第四季度公众聚集场所双随机抽查（二）', ARRAY['enforce'], ARRAY[1, 1, 1, 1]::numeric[],
                   sha256('xs-q4-2'), 2, ARRAY['330225']) AS p2 \gset
SELECT draw(:p2, 'xs-q4-2') AS d2 \gset
\o
SELECT CASE WHEN a.id = s.kept_org THEN 'kept' ELSE 'broken' END AS who, t.risk AS hand_set,
       (SELECT d.risk FROM draw_selection d WHERE d.draw_id = :d1 AND d.target = t.id) AS grade_in_first_draw,
       (SELECT d.risk FROM draw_selection d WHERE d.draw_id = :d2 AND d.target = t.id) AS grade_in_next_draw
  FROM story s JOIN applicant a ON a.id IN (s.kept_org, s.broken_org) JOIN target t ON t.uscc::text = a.uscc::text
 ORDER BY 1 DESC;
SELECT :d1 AS first_draw, verify_draw(:d1) AS still_verifies, :d2 AS next_draw, verify_draw(:d2) AS verifies;
RESET service_affair.as_of;
