-- pgbench: what a user would otherwise write: pop the earliest-due open task
-- of the queue with FOR UPDATE SKIP LOCKED and mark it done; no permission
-- check, no history, no stage or case handling.
UPDATE service_affair.task x
   SET assignee = 'bench' || :client_id, claimed_at = now(), status = 'done', decision = 'approved', finished_at = now()
  FROM (SELECT q.id FROM service_affair.task q
         WHERE q.department = 'BR_P' AND q.status = 'open' AND q.assignee IS NULL
         ORDER BY q.due, q.id LIMIT 1 FOR UPDATE SKIP LOCKED) q
 WHERE x.id = q.id;
