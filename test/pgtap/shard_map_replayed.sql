-- The shard map replayed on a shard: service_affair_shard.shard is in the
-- replicated catalog (catalog_tables()), and this database's local_shard
-- row names its own shard by a foreign key (NO ACTION).  The province node,
-- whose local_shard is empty, may delete a shard from the map (its number
-- retired: shard_number_retired); on one node the shard's own local_shard
-- refuses the deletion (23503), but logical apply fires no foreign-key
-- check, and catalog_key_replayed was until 2026-12-07 only on the tables
-- service_affair's own rows reference: the deletion went through on that
-- shard unseen, its local_shard naming a shard no longer in the map.
-- It is now also on the tables the companion's own rows reference.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(5);

CREATE EXTENSION service_affair_shard;
INSERT INTO service_affair_shard.shard VALUES ('hz', 1), ('nb', 2);
SELECT lives_ok($$SELECT service_affair_shard.setup_shard('hz')$$, 'this database becomes shard hz');
-- a subscriber (the row prepare_subscriber() writes)
INSERT INTO service_affair_shard.subscriber DEFAULT VALUES;
SELECT is((SELECT tgenabled FROM pg_trigger WHERE tgrelid = 'service_affair_shard.shard'::regclass AND tgname = 'catalog_key_replayed'),
  'A'::"char", 'catalog_key_replayed fires ALWAYS on the shard map of a subscriber');

\ir error_detail.inc

SET LOCAL session_replication_role = replica;
SELECT is(pg_temp.err_of($$DELETE FROM service_affair_shard.shard WHERE name = 'hz'$$),
  '23503 | deletion of service_affair_shard.shard "hz" replayed from the province node, but rows of this database name it | service_affair_shard.local_shard.shard: 1 row(s) (true)',
  'a replayed deletion of this shard from the map is refused 23503, naming local_shard (until 2026-12-07 it went through)');
SELECT is(pg_temp.err_of($$DELETE FROM service_affair_shard.shard WHERE name = 'nb'$$), 'no error',
  'another shard''s deletion is replayed');
SET LOCAL session_replication_role = origin;
SELECT is_empty($$SELECT l.shard FROM service_affair_shard.local_shard l
                   WHERE NOT EXISTS (SELECT FROM service_affair_shard.shard s WHERE s.name = l.shard)$$,
  'local_shard names a shard of the map');

SELECT * FROM finish();
ROLLBACK;
