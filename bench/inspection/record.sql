-- bench/inspection/record.sql (run by record.sh after record_setup.sql):
-- results of earlier inspections for :history_pct % of the targets the draw
-- did not select (outcome issues, loaded with triggers off as a restore
-- does), so that what reads inspection_result by target reads a table of a
-- realistic size; and the comparator's plain tables, what a DBA would
-- otherwise write: a result row (INSERT) and a head row (UPDATE).
SET search_path = service_affair, public;
SET client_min_messages = warning;
SET session_replication_role = replica;
INSERT INTO inspection_result (draw_id, target, outcome, findings, at, recorded_by)
SELECT d.id, t.id, 'issues', 'history', now() - interval '400 days', 'bench'
  FROM draw d, target t
 WHERE NOT (t.id = ANY (d.targets)) AND t.id % 100 < :history_pct;
RESET session_replication_role;
VACUUM ANALYZE inspection_result;
SELECT count(*) AS results_before_calls FROM inspection_result;
CREATE TABLE public.plain_result (draw_id bigint, target bigint, outcome text NOT NULL, findings text,
                                  at timestamptz NOT NULL, recorded_by name NOT NULL, PRIMARY KEY (draw_id, target));
CREATE TABLE public.plain_head (id int PRIMARY KEY, n bigint NOT NULL, last bytea);
INSERT INTO public.plain_head VALUES (1, 0, NULL);
