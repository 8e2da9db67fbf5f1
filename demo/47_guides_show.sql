-- What the public may read (issue 14): the public guide of one item and of a
-- bundle, a catalog change proposed by one reviewer and published by another
-- with its entry in the hash-chained ledger catalog, a regression flagged, and
-- an applicant asking where the case stands.
\pset footer off
SET search_path = service_affair, public;
SELECT service_affair.create_roles() \gset
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'demo_market_reviewer') THEN
        CREATE ROLE demo_market_reviewer LOGIN IN ROLE service_affair_reviewer;
        CREATE ROLE demo_market_head LOGIN IN ROLE service_affair_reviewer;
        CREATE ROLE demo_citizen LOGIN IN ROLE service_affair_public;
    END IF;
END $$;
INSERT INTO staff (login, department) VALUES ('demo_market_reviewer', 'market'), ('demo_market_head', 'market')
    ON CONFLICT DO NOTHING;

SET ROLE demo_citizen;
\echo
\echo '=== 办事指南 as the public reads it (role service_affair_public): 食品经营许可（新办） ==='
SELECT code, name, department_name, item_type, legal_limit, promised_limit, max_visits, online_depth, mobile, fee, status
  FROM public_item_list WHERE code = 'market_food_licence';
SELECT legal_basis, conditions, process FROM public_item_list WHERE code = 'market_food_licence' \gx
SELECT material, name, required, original_or_copy, copies, format, source
  FROM public_guide WHERE item = 'market_food_licence' ORDER BY required DESC, material;

\echo '=== the bundle 开餐馆一件事: its items, and each document asked once ==='
SELECT code, name, department_name, promised_limit, items FROM public_bundle_list WHERE code = 'open_restaurant';
SELECT first_stage, material, name, required, items, issued_by FROM public_bundle_guide WHERE bundle = 'open_restaurant'
 ORDER BY first_stage, material;
RESET ROLE;

\echo '=== a catalog change: one reviewer of the department proposes, another person publishes ==='
SET ROLE demo_market_reviewer;
\echo '--- a regression without a reason is refused at once ---'
\echo '    (the sample catalog went live today, when no change is a regression: the change takes effect tomorrow)'
\set ON_ERROR_STOP 0
SELECT propose_catalog_change('{"table": "item", "op": "update", "key": {"code": "market_food_licence"}, "row": {"promised_limit": 5}}',
                              local_day(now()) + 1);
\set ON_ERROR_STOP 1
SELECT propose_catalog_change('{"table": "item", "op": "update", "key": {"code": "market_food_licence"},
                                "row": {"promised_limit": 5},
                                "reason": "现场核查改为全部实地核查，3个工作日无法完成"}', local_day(now()) + 1) AS change_id \gset
RESET ROLE;
SELECT id, tbl, op, key, row_data, regressions, proposed_by, status FROM catalog_change WHERE id = :change_id;
SET ROLE demo_market_reviewer;
\set ON_ERROR_STOP 0
\echo '--- the proposer cannot review their own change (42501) ---'
SELECT review_catalog_change(:change_id, true);
\set ON_ERROR_STOP 1
RESET ROLE;
SET ROLE demo_market_head;
SELECT 'approved by demo_market_head' AS review FROM (SELECT review_catalog_change(:change_id, true, '核查要求已确认')) r;
RESET ROLE;
SELECT id, status, effective_from, reviewed_by FROM catalog_change WHERE id = :change_id;
\echo '--- published on its day by publish_due_catalog_changes() (the job; a superuser runs it here for tomorrow) ---'
SELECT publish_due_catalog_changes(now() + interval '1 day') AS published;
SELECT id, status, reviewed_by, published_at IS NOT NULL AS published FROM catalog_change WHERE id = :change_id;

\echo '--- its entry in the ledger catalog: before and after images, chained by hash ---'
SELECT l.seq, l.payload->>'table' AS tbl, l.payload->>'op' AS op, l.payload->'key' AS key,
       l.payload->'before'->'promised_limit' AS before_limit, l.payload->'after'->'promised_limit' AS after_limit,
       l.payload->'reviewed' AS reviewed, l.payload->'regressions' AS regressions,
       encode(l.prev_hash, 'hex') AS prev_hash, encode(l.hash, 'hex') AS hash
  FROM catalog_ledger l JOIN catalog_version v ON v.ledger_seq = l.seq
 WHERE v.change_id = :change_id;
SELECT * FROM verify_catalog_log();

\echo '--- regressions published: the reviewed one with its reason; a direct write without one is listed to be explained'
\echo '    (reason_missing), but not on the day the catalog went live: tax_clearance''s visits raised today are none ---'
UPDATE item SET max_visits = 1 WHERE code = 'tax_clearance';
SELECT version_id, item, kind, reviewed, reason, reason_missing FROM catalog_regressions
 WHERE item IN ('market_food_licence', 'tax_clearance') ORDER BY version_id;
SELECT count(*) AS direct_writes_to_review FROM catalog_review_queue;

\echo '--- the guide a case is filed under stays printable: guide_as_of before and after the change ---'
SELECT (guide_as_of('market_food_licence', v.effective_at - interval '1 microsecond'))->'promised_limit' AS before_change,
       (guide_as_of('market_food_licence', now()))->'promised_limit' AS now
  FROM catalog_version v WHERE v.change_id = :change_id;

\echo '=== catalog indicators (网上可办, 全程网办, 马上办, 跑零次, materials reduced) today ==='
SELECT coalesce(department, '—') AS department, coalesce(region, '—') AS region, items,
       round(online_share, 4) AS online, round(full_online_share, 4) AS full_online,
       round(immediate_share, 4) AS immediate, round(zero_visit_share, 4) AS zero_visit,
       round(materials_reduced_share, 4) AS reduced
  FROM catalog_indicators() WHERE department IS NULL OR department IN ('market', 'public_security');

\echo '=== an applicant asks where the case stands (case number and identifier, nothing else) ==='
SELECT c.id AS case_no, coalesce(a.uscc::text, a.resident_id::text) AS ident
  FROM cases c JOIN applicant a ON a.id = c.applicant
 WHERE EXISTS (SELECT FROM task t WHERE t.case_id = c.id AND t.status = 'open')
 ORDER BY c.id LIMIT 1 \gset
SET ROLE demo_citizen;
\echo '--- the right pair ---'
SELECT * FROM case_progress(:case_no, :'ident');
\echo '--- a wrong identifier and an unknown case number: the same empty answer ---'
SELECT * FROM case_progress(:case_no, '11010519491231002X');
SELECT * FROM case_progress(:case_no + 100000, :'ident');
RESET ROLE;
