-- pgbench: one transaction = claim the earliest-due task of the queue and
-- complete it (history, conclusion of the case).  An empty queue does nothing.
SELECT service_affair.complete_task(t, 'approved')
  FROM service_affair.claim_task('BR_Q', 'bench' || :client_id) t
 WHERE t IS NOT NULL;
