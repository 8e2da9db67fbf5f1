-- Partitioned history (38_history.sql, doc/scale.md): the keys of the 0.1
-- tables of the case family become those of the partitioned tables (every
-- unique key holds the partition key, the case id), before 62_complaints
-- refers to rating (case_id, id).  The tables themselves are converted at the
-- end of the update (95_history_partitions.sql).
ALTER TABLE service_affair.case_event DROP CONSTRAINT case_event_pkey, ADD PRIMARY KEY (case_id, id);

ALTER TABLE service_affair.task_suspension DROP CONSTRAINT task_suspension_task_id_fkey;
ALTER TABLE service_affair.task DROP CONSTRAINT task_pkey, ADD PRIMARY KEY (case_id, id);
ALTER TABLE service_affair.task_suspension ADD COLUMN case_id bigint;
UPDATE service_affair.task_suspension s SET case_id = t.case_id FROM service_affair.task t WHERE t.id = s.task_id;
ALTER TABLE service_affair.task_suspension
    ALTER COLUMN case_id SET NOT NULL,
    DROP CONSTRAINT task_suspension_pkey,
    ADD PRIMARY KEY (case_id, task_id, suspended_at),
    ADD FOREIGN KEY (case_id, task_id) REFERENCES service_affair.task (case_id, id);
COMMENT ON COLUMN service_affair.task_suspension.case_id IS 'The case of the task (the partition key)';
DROP POLICY task_suspension_by_department ON service_affair.task_suspension;
CREATE POLICY task_suspension_by_department ON service_affair.task_suspension FOR SELECT
    USING (EXISTS (SELECT FROM service_affair.task t WHERE t.case_id = task_suspension.case_id AND t.id = task_id));
COMMENT ON POLICY task_suspension_by_department ON service_affair.task_suspension IS
  'A suspension is visible to whoever sees its task';

ALTER TABLE service_affair.rectification DROP CONSTRAINT rectification_rating_id_fkey;
ALTER TABLE service_affair.rating DROP CONSTRAINT rating_pkey, ADD PRIMARY KEY (case_id, id);
ALTER TABLE service_affair.rectification ADD COLUMN case_id bigint;
UPDATE service_affair.rectification f SET case_id = r.case_id FROM service_affair.rating r WHERE r.id = f.rating_id;
ALTER TABLE service_affair.rectification
    ALTER COLUMN case_id SET NOT NULL,
    DROP CONSTRAINT rectification_pkey,
    ADD PRIMARY KEY (case_id, rating_id),
    ADD FOREIGN KEY (case_id, rating_id) REFERENCES service_affair.rating (case_id, id);
COMMENT ON COLUMN service_affair.rectification.case_id IS 'The case of the rating (the partition key)';

-- a task or rating by its id (the keys are (case_id, id)): lock_task(), lock_rating()
CREATE INDEX task_id_idx ON service_affair.task (id);
CREATE INDEX rating_id_idx ON service_affair.rating (id);
