-- A shard's own row of the shard map, deleted or renamed on the province
-- node and replayed on the shard (logical apply: replica mode, where the
-- foreign key of local_shard and shard_identity_fixed do not fire).  Until
-- 2026-12-07 the replay went through, and local_shard named a shard the map
-- no longer held, unrefused (a review); catalog_key_replayed (ALWAYS on a
-- subscriber), on the shard map since the companion's own foreign keys are
-- read too (shard_map_replayed.sql), refuses it with 23503 naming
-- local_shard, as the foreign key does on one node.  (Written first for a
-- trigger of its own, local_shard_kept, with messages of its own; the two
-- branches reconciled, one mechanism refuses it: the expected texts below
-- are catalog_key_replayed's.)  A replayed truncation is refused by the
-- truncation itself: apply truncates without CASCADE, and local_shard
-- references the map (0A000), before any trigger.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(9);

SET client_min_messages = warning;
CREATE EXTENSION service_affair_shard;
RESET client_min_messages;
INSERT INTO service_affair_shard.shard VALUES ('hz', 1), ('nb', 2), ('wz', 3);
INSERT INTO service_affair_shard.shard_region VALUES ('3301', 'hz'), ('3302', 'nb');
-- this database is shard hz (the row setup_shard() writes), a subscriber
-- (the row prepare_subscriber() writes)
INSERT INTO service_affair_shard.local_shard (shard) VALUES ('hz');
INSERT INTO service_affair_shard.subscriber DEFAULT VALUES;

\ir error_detail.inc

SELECT is((SELECT string_agg(t.tgname || '=' || t.tgenabled::text, ' ' ORDER BY t.tgname) FROM pg_trigger t
            WHERE t.tgrelid = 'service_affair_shard.shard'::regclass AND t.tgenabled = 'A'),
  'catalog_key_replayed=A', 'catalog_key_replayed fires ALWAYS on the map of a subscriber (one trigger refuses: no local_shard_kept beside it)');

-- as apply replays the province's edits of the map
SET LOCAL session_replication_role = replica;
-- the province deleted hz's regions first, then hz (its foreign keys there)
DELETE FROM service_affair_shard.shard_region WHERE shard = 'hz';
SELECT is(pg_temp.err_of($$DELETE FROM service_affair_shard.shard WHERE name = 'hz'$$),
  '23503 | deletion of service_affair_shard.shard "hz" replayed from the province node, but rows of this database name it | service_affair_shard.local_shard.shard: 1 row(s) (true)',
  'the deletion of this shard''s own row replayed: 23503 naming the shard (until 2026-12-07 it went through)');
SELECT is(pg_temp.err_of($$UPDATE service_affair_shard.shard SET name = 'hangzhou' WHERE name = 'hz'$$),
  '23503 | rename of service_affair_shard.shard "hz" replayed from the province node, but rows of this database name it | service_affair_shard.local_shard.shard: 1 row(s) (true)',
  'a rename of it replayed: 23503 naming the shard and local_shard');
-- apply truncates the published tables it receives, without CASCADE
SELECT is(pg_temp.err_of($$TRUNCATE service_affair_shard.shard, service_affair_shard.shard_region, service_affair_shard.region_move, service_affair_shard.id_holder$$),
  '0A000 | cannot truncate a table referenced in a foreign key constraint | Table "local_shard" references "shard".',
  'a truncation of the map replayed: refused by the truncation''s own check of local_shard''s key (0A000)');
SELECT is((SELECT string_agg(name || ':' || number, ' ' ORDER BY number) FROM service_affair_shard.shard), 'hz:1 nb:2 wz:3',
  '... the map is unchanged');
SELECT is((SELECT shard FROM service_affair_shard.local_shard), 'hz', '... and local_shard names a shard of it');
-- another shard's row passes, as the update that keeps the name
SELECT lives_ok($$UPDATE service_affair_shard.shard SET number = number WHERE name = 'hz'$$, 'an update of hz keeping its name passes');
SELECT lives_ok($$DELETE FROM service_affair_shard.shard WHERE name = 'wz'$$, 'another shard''s row replayed deleted passes');
SET LOCAL session_replication_role = origin;

-- on one node the foreign key refuses it (23503), as before
SELECT throws_ok($$DELETE FROM service_affair_shard.shard WHERE name = 'hz'$$, '23503', NULL,
  'outside replica mode the foreign key of local_shard refuses the deletion');

SELECT * FROM finish();
ROLLBACK;
