-- The DBA's settling batch, the comparator of settle_cases(): the oldest
-- bench.settle_batch concluded or withdrawn cases marked settled by one
-- UPDATE per table of the case family, triggers and foreign keys off
-- (session_replication_role = replica), no rule checked, no event written.
-- The one copy for bench/scale/settle.sh and bench/settle/writers.sh, which
-- SET bench.settle_batch before their \timing and include this file.
DO $$
DECLARE
    b bigint[];
BEGIN
    PERFORM pg_catalog.set_config('session_replication_role', 'replica', true);
    SELECT pg_catalog.array_agg(id) INTO b
      FROM (SELECT id FROM service_affair.cases_active WHERE status IN ('concluded', 'withdrawn') ORDER BY id LIMIT pg_catalog.current_setting('bench.settle_batch')::integer) s;
    UPDATE service_affair.task_suspension SET settled = true
     WHERE task_id IN (SELECT id FROM service_affair.task WHERE case_id = ANY (b));
    UPDATE service_affair.rectification SET settled = true
     WHERE rating_id IN (SELECT id FROM service_affair.rating WHERE case_id = ANY (b));
    UPDATE service_affair.rating SET settled = true WHERE case_id = ANY (b);
    UPDATE service_affair.task SET settled = true WHERE case_id = ANY (b);
    UPDATE service_affair.case_leg SET settled = true WHERE case_id = ANY (b);
    UPDATE service_affair.commitment_check SET settled = true WHERE case_id = ANY (b);
    UPDATE service_affair.case_material SET settled = true WHERE case_id = ANY (b);
    UPDATE service_affair.case_event SET settled = true WHERE case_id = ANY (b);
    UPDATE service_affair.cases SET settled = true WHERE id = ANY (b);
    RAISE NOTICE 'moved %', coalesce(pg_catalog.cardinality(b), 0);
END
$$;
