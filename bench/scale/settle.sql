-- Growth-curve benchmark: take up the room the bulk load leaves on every
-- history page of task, as a live database would have taken it up long ago
-- (doc/scale.md, "Growth curve", "Why submit() slowed down at 3×10⁷").
-- history.sql writes each task in its final state (done, 156 B): 49 rows
-- fill a page and leave 132 B, which VACUUM records in the free space map,
-- and an open task (112 B) fits there.  Without this step every submit()
-- of the benchmark puts its task on the next history page the free space
-- map names, one page further each time, crawling through the cold history
-- (at 3×10⁷ cases, 7 GB that no longer fit in memory).  In a live database
-- a page holds that little room only until the next inserts after its
-- vacuum, while it is recent; pages years old are full.
-- One small task row (waiting: no clock, in no partial index; case id < 0:
-- no key of a real case) per page, inserted without triggers and rolled
-- back: the aborted rows keep the room taken until the next VACUUM of task
-- (none runs during the benchmark) and no row is left.
\set ON_ERROR_STOP on
-- On the partitioned schema (LAYOUT=active of run.sh) the pages are those of
-- task_active, where history.sql's rows and the inserts below go.
SELECT relpages AS pages FROM pg_class
 WHERE oid = coalesce(to_regclass('service_affair.task_active'), 'service_affair.task'::regclass) \gset
BEGIN;
SET LOCAL session_replication_role = replica;
INSERT INTO service_affair.task (case_id, item, department, stage, status, calendar, limit_days, extension_limit)
SELECT -g, 'sc_item', 'SC_D', 2, 'waiting', 'cn', 10, 10 FROM generate_series(1, :pages) g;
ROLLBACK;
