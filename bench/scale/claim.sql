-- pgbench: claim the earliest-due task of the queue SC_Q and complete it
-- (history, conclusion of the case); the queue is topped up before each run
SELECT service_affair.complete_task(t, 'approved')
  FROM service_affair.claim_task('SC_Q', 'bench' || :client_id) t
 WHERE t IS NOT NULL;
