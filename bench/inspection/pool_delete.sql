-- bench/inspection/pool_delete.sql (run by pool_delete.sh after setup.sql):
-- what a delete, or a change of id, of unselected pool members costs, and
-- verify_draw() with them deleted.  Each measurement in a transaction
-- rolled back; EXPLAIN ANALYZE gives the statement and its triggers.
SET search_path = service_affair, public;
\timing off
SELECT create_plan('pool bench', ARRAY['market', 'ecoenv', 'emergency'], ARRAY[0.01, 0.02, 0.10, 0.30],
                   sha256('pool bench seed'), 2) AS plan_id \gset
\timing on
SELECT draw(:plan_id, 'pool bench seed') AS draw_id \gset
\timing off
SELECT cardinality(targets) AS selected, candidates FROM draw WHERE id = :draw_id;
-- unselected pool members without a recusal (its foreign key would refuse the delete)
CREATE TEMP TABLE victim AS
SELECT t.id, row_number() OVER (ORDER BY t.id) AS n
  FROM target t
 WHERE NOT EXISTS (SELECT FROM draw d, unnest(d.targets) u(id) WHERE d.id = :draw_id AND u.id = t.id)
   AND NOT EXISTS (SELECT FROM recusal r WHERE r.target = t.id)
 ORDER BY t.id LIMIT 100000;
CREATE INDEX ON victim (n);
ANALYZE victim;
\timing on
SELECT verify_draw(:draw_id) AS verified_before;
\timing off
BEGIN;
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) DELETE FROM target WHERE id = (SELECT id FROM victim WHERE n = 1);
ROLLBACK;
BEGIN;
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) DELETE FROM target WHERE id IN (SELECT id FROM victim WHERE n <= 100);
ROLLBACK;
BEGIN;
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) DELETE FROM target WHERE id IN (SELECT id FROM victim WHERE n <= 1000);
ROLLBACK;
BEGIN;
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) UPDATE target SET id = DEFAULT WHERE id = (SELECT id FROM victim WHERE n = 1);
ROLLBACK;
BEGIN;
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) UPDATE target SET id = DEFAULT WHERE id IN (SELECT id FROM victim WHERE n <= 1000);
ROLLBACK;
BEGIN;
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) DELETE FROM target WHERE id IN (SELECT id FROM victim);
\timing on
SELECT verify_draw(:draw_id) AS verified_after_100000_deleted;
\timing off
ROLLBACK;
