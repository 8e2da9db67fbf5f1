-- pgbench: claim + complete as hand-written SQL on plain tables
-- (plain_setup.sql): pop the earliest-due open task of the queue with
-- FOR UPDATE SKIP LOCKED and assign it, record the claim, mark it done,
-- record the completion, conclude the case when no task of it is left.
-- The same writes the API does, without its rules and checks.
BEGIN;
UPDATE plain_q.task x SET assignee = 'bench' || :client_id, claimed_at = now()
  FROM (SELECT q.id FROM plain_q.task q
         WHERE q.department = 'BR_P' AND q.status = 'open' AND q.assignee IS NULL
         ORDER BY q.due, q.id LIMIT 1 FOR UPDATE SKIP LOCKED) q
 WHERE x.id = q.id
RETURNING x.id AS tid, x.case_id AS cid \gset
INSERT INTO plain_q.task_event (task_id, case_id, at, kind, detail)
VALUES (:tid, :cid, now(), 'task_claimed', jsonb_build_object('assignee', 'bench' || :client_id));
UPDATE plain_q.task SET status = 'done', decision = 'approved', finished_at = now() WHERE id = :tid;
INSERT INTO plain_q.task_event (task_id, case_id, at, kind, detail)
VALUES (:tid, :cid, now(), 'task_completed', jsonb_build_object('decision', 'approved'));
UPDATE plain_q.cases SET status = 'concluded', decision = 'approved', concluded_at = now()
 WHERE id = :cid AND NOT EXISTS (SELECT 1 FROM plain_q.task t WHERE t.case_id = :cid AND t.status <> 'done');
END;
