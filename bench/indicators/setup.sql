-- The indicator benchmark data: the analyst-view data of bench/ratings
-- (loaded first by run.sh), then what submit(), deliver() and the visit-phase
-- trigger keep on the case in 0.2, written directly: the material counts,
-- deliveries (four in five concluded cases collected) and the visits made
-- before acceptance of returned cases; a second region (D6..D10 in 330226),
-- one item without legal limit per department and 跑零次 items.
SET search_path = service_affair, public;
UPDATE department SET region = '330226' WHERE code IN ('D6', 'D7', 'D8', 'D9', 'D10');
UPDATE item SET legal_limit = NULL WHERE code LIKE 'i%\_2';
UPDATE item SET max_visits = 0 WHERE code LIKE 'i%\_3';
INSERT INTO service_point (code, name, level, region)
SELECT 'BP' || n, 'Bench point ' || n,
       CASE WHEN n < 2 THEN 'county' WHEN n < 12 THEN 'town' WHEN n < 36 THEN 'village' ELSE 'bank' END,
       CASE WHEN n % 2 = 0 THEN '330225' ELSE '330226' END
  FROM generate_series(0, 39) AS n;
SET session_replication_role = replica;
UPDATE cases c
   SET required_materials = m.required, reduced_materials = m.reduced,
       delivered_at = CASE WHEN c.concluded_at IS NOT NULL AND c.id % 5 <> 0 THEN c.concluded_at + interval '1 day' END,
       visits_before_acceptance = CASE WHEN c.returned THEN LEAST(c.visits, 1) ELSE 0 END,
       -- the point level: window cases received at one of 40 points (a county centre per
       -- region, town, village and bank points); the others at none
       receiving_point = CASE WHEN c.channel = 'window' THEN 'BP' || (c.id % 40) END
  FROM (SELECT cm.case_id, count(*) FILTER (WHERE cm.required)::integer AS required,
               count(*) FILTER (WHERE cm.required AND cm.initial_status IN ('shared', 'committed'))::integer AS reduced
          FROM case_material cm GROUP BY cm.case_id) m
 WHERE m.case_id = c.id;
SET session_replication_role = origin;
VACUUM ANALYZE cases;

-- Complaints (complaint_indicators*): one per ten cases, received over 2026,
-- about the cases' departments and (two in three) a bench point; most
-- assigned and replied, half of the replied called back, one call-back in
-- four unsatisfied (reopened, replied again, called back again).  Written
-- directly, as above.  Transfers (complaint_facts counts each reply under the
-- department that gave it): a third of the reopened rounds are transferred
-- to the handling department from another before their reply (the first
-- reply the former one's), half of those flagged overdue first and their
-- reply late, and half of those left unanswered, reopened and flagged
-- overdue for their due; one replied complaint in four transferred right
-- after its receipt.
INSERT INTO complaint (channel, category, body, received_at, case_id, department, point, status, due, supervise_due,
                       calendar, received_by, assigned_at, reply, reply_at, replied_on, replied_on_time)
SELECT '12345', 'complaint', 'bench', c.submitted_at + interval '2 hours', NULL, c.department,
       CASE WHEN (c.id / 10) % 3 <> 0 THEN 'BP' || ((c.id / 10) % 40) END,
       CASE WHEN (c.id / 10) % 7 = 0 THEN 'received' WHEN (c.id / 10) % 5 = 0 THEN 'assigned' ELSE 'replied' END,
       CASE WHEN (c.id / 10) % 7 <> 0 THEN (c.submitted_at + interval '10 days')::date END,
       CASE WHEN (c.id / 10) % 11 = 0 THEN (c.submitted_at + interval '6 days')::date END,
       c.calendar, 'bench',
       CASE WHEN (c.id / 10) % 7 <> 0 THEN c.submitted_at + ((c.id / 10) % 3) * interval '1 day' END,
       CASE WHEN (c.id / 10) % 7 <> 0 AND (c.id / 10) % 5 <> 0 THEN 'reply' END,
       CASE WHEN (c.id / 10) % 7 <> 0 AND (c.id / 10) % 5 <> 0 THEN c.submitted_at + ((c.id / 10) % 13) * interval '1 day' END,
       CASE WHEN (c.id / 10) % 7 <> 0 AND (c.id / 10) % 5 <> 0 THEN (c.submitted_at + ((c.id / 10) % 13) * interval '1 day')::date END,
       -- judged at the reply (reply_complaint()): against the due and supervise_due above
       CASE WHEN (c.id / 10) % 7 <> 0 AND (c.id / 10) % 5 <> 0
            THEN (c.submitted_at + ((c.id / 10) % 13) * interval '1 day')::date
                 <= LEAST((c.submitted_at + interval '10 days')::date,
                          CASE WHEN (c.id / 10) % 11 = 0 THEN (c.submitted_at + interval '6 days')::date END) END
  FROM cases c WHERE c.id % 10 = 0;
INSERT INTO complaint_event (complaint_id, at, kind, to_status, satisfied, actor, on_time, department, to_department)
SELECT x.id, x.at, x.kind, x.kind, x.satisfied, 'bench', CASE WHEN x.kind = 'replied' THEN COALESCE(x.on_time, true) END,
       -- a transfer's: from the next code after the handling department;
       -- every other event's but the receipt's, the handling department when
       -- it happened, as the complaint functions write it (complaint_facts
       -- counts a reply under its event's department since 2026-12-07): the
       -- former one before the complaint's transfer (at most one here)
       CASE WHEN x.kind = 'received' THEN NULL
            WHEN x.kind = 'transferred'
                 OR x.at < CASE WHEN kk.id % 4 = 2 THEN kk.received_at + interval '1 minute'
                                WHEN kk.id % 12 = 0 THEN kk.reply_at + (kk.id % 6) * interval '1 day' + interval '3 hours' END
            THEN 'D' || (substr(kk.department, 2)::integer % 10 + 1)
            ELSE kk.department END,
       CASE WHEN x.kind = 'transferred' THEN kk.department END
  FROM (SELECT k.id, k.received_at AS at, 'received' AS kind, NULL::boolean AS satisfied, NULL::boolean AS on_time FROM complaint k
        UNION ALL SELECT k.id, k.reply_at, 'replied', NULL, k.replied_on_time FROM complaint k WHERE k.reply_at IS NOT NULL
        UNION ALL SELECT k.id, k.reply_at + (k.id % 6) * interval '1 day', 'callback', k.id % 4 <> 0, NULL
                    FROM complaint k WHERE k.reply_at IS NOT NULL AND k.id % 2 = 0
        UNION ALL SELECT k.id, k.reply_at + (k.id % 6) * interval '1 day' + interval '1 hour', 'reopened', NULL, NULL
                    FROM complaint k WHERE k.reply_at IS NOT NULL AND k.id % 2 = 0 AND k.id % 4 = 0
        UNION ALL SELECT k.id, k.reply_at + interval '8 days', 'replied', NULL, k.id % 24 <> 0
                    FROM complaint k WHERE k.reply_at IS NOT NULL AND k.id % 2 = 0 AND k.id % 4 = 0 AND k.id % 48 <> 24
        UNION ALL SELECT k.id, k.reply_at + interval '10 days', 'callback', true, NULL
                    FROM complaint k WHERE k.reply_at IS NOT NULL AND k.id % 2 = 0 AND k.id % 4 = 0 AND k.id % 48 <> 24
        UNION ALL SELECT k.id, k.reply_at + (k.id % 6) * interval '1 day' + interval '2 hours', 'overdue', NULL, NULL
                    FROM complaint k WHERE k.reply_at IS NOT NULL AND k.id % 24 = 0
        UNION ALL SELECT k.id, k.reply_at + (k.id % 6) * interval '1 day' + interval '3 hours', 'transferred', NULL, NULL
                    FROM complaint k WHERE k.reply_at IS NOT NULL AND k.id % 12 = 0
        UNION ALL SELECT k.id, k.received_at + interval '1 minute', 'transferred', NULL, NULL
                    FROM complaint k WHERE k.reply_at IS NOT NULL AND k.id % 4 = 2) x
  JOIN complaint kk ON kk.id = x.id
 ORDER BY x.id, x.at, x.kind <> 'received';
-- the reopened rounds left unanswered stay reopened, flagged overdue for
-- their due
SET session_replication_role = replica;
UPDATE complaint SET status = 'reopened', replied_on_time = NULL, overdue_due = effective_due WHERE reply_at IS NOT NULL AND id % 48 = 24;
SET session_replication_role = origin;
VACUUM ANALYZE complaint, complaint_event;

-- The catalog (catalog_indicators()): 1,000 more items (100 per department,
-- no cases) with four materials each (three required from the applicant, one
-- shared), written through the catalog triggers (a version and a ledger
-- entry per write), then a second version of every tenth item (全程网办) and
-- every fifth item's last required material made optional.
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online_depth)
SELECT 'c' || d || '_' || k, 'Catalog item ' || d || '/' || k, 'D' || d,
       CASE WHEN k % 3 = 0 THEN 'immediate' ELSE 'promised' END,
       CASE WHEN k % 7 = 0 THEN NULL ELSE 20 END, CASE WHEN k % 3 = 0 THEN NULL ELSE 5 END,
       CASE WHEN k % 4 = 0 THEN 0 ELSE 1 END, CASE WHEN k % 2 = 0 THEN 'apply' ELSE 'none' END
  FROM generate_series(1, 10) d, generate_series(1, 100) k;
-- (a shared material names the evidence type intake fetches it as:
-- material_shared_has_type, since 2026-12-04)
INSERT INTO evidence_type (code, name) VALUES ('bench_shared', 'Bench shared evidence');
INSERT INTO material (item, code, name, required, source, evidence_type)
SELECT i.code, 'm' || n, 'Catalog material ' || n || ' of ' || i.code, true, CASE WHEN n = 4 THEN 'shared' ELSE 'applicant' END,
       CASE WHEN n = 4 THEN 'bench_shared' END
  FROM item i, generate_series(1, 4) n WHERE i.code LIKE 'c%';
UPDATE item SET online_depth = 'full' WHERE code LIKE 'c%' AND split_part(code, '_', 2)::integer % 10 = 0;
UPDATE material SET required = false WHERE item LIKE 'c%' AND code = 'm3' AND split_part(item, '_', 2)::integer % 5 = 0;
ANALYZE catalog_version;
