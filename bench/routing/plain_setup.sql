-- What an application would otherwise write for a work queue, on plain
-- tables of its own (no extension trigger, CHECK, RLS): cases, tasks with an
-- index for the queue pop, and an event history; (:tasks) open tasks, one per
-- case, with the same due dates as the API's queue.
CREATE SCHEMA plain_q;
CREATE TABLE plain_q.cases (
    id bigint PRIMARY KEY, status text NOT NULL, decision text, concluded_at timestamptz);
CREATE TABLE plain_q.task (
    id bigint PRIMARY KEY, case_id bigint NOT NULL REFERENCES plain_q.cases, department text NOT NULL,
    status text NOT NULL, due date NOT NULL, assignee text, claimed_at timestamptz,
    decision text, finished_at timestamptz);
CREATE INDEX ON plain_q.task (department, status, due, id);
-- the conclusion asks whether the case has an unfinished task: an application
-- indexes that lookup (without it each conclusion scans every task)
CREATE INDEX ON plain_q.task (case_id);
CREATE TABLE plain_q.task_event (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, task_id bigint NOT NULL REFERENCES plain_q.task,
    case_id bigint NOT NULL REFERENCES plain_q.cases, at timestamptz NOT NULL, kind text NOT NULL, detail jsonb);
INSERT INTO plain_q.cases (id, status) SELECT t.case_id, 'accepted' FROM service_affair.task t WHERE t.department = 'BR_P';
INSERT INTO plain_q.task (id, case_id, department, status, due)
SELECT t.id, t.case_id, t.department, 'open', t.due FROM service_affair.task t WHERE t.department = 'BR_P';
VACUUM ANALYZE plain_q.cases, plain_q.task, plain_q.task_event;
