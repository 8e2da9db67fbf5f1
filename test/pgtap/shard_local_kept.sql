-- A shard's own row of the shard map, deleted or renamed on the province
-- node and replayed on the shard (logical apply: replica mode, where the
-- foreign key of local_shard and shard_identity_fixed do not fire).  Until
-- 2026-12-07 the replay went through, and local_shard named a shard the map
-- no longer held, unrefused (a review); service_affair_shard's trigger
-- local_shard_kept (ALWAYS) refuses it with 23503 naming the shard, as the
-- foreign key does on one node.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(9);

SET client_min_messages = warning;
CREATE EXTENSION service_affair_shard;
RESET client_min_messages;
INSERT INTO service_affair_shard.shard VALUES ('hz', 1), ('nb', 2), ('wz', 3);
INSERT INTO service_affair_shard.shard_region VALUES ('3301', 'hz'), ('3302', 'nb');
-- this database is shard hz (the row setup_shard() writes)
INSERT INTO service_affair_shard.local_shard (shard) VALUES ('hz');

-- the error a statement raises, as "SQLSTATE message | detail"
CREATE FUNCTION pg_temp.err(sql text) RETURNS text LANGUAGE plpgsql AS $f$
DECLARE s text; m text; d text;
BEGIN
  EXECUTE sql;
  RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS s = RETURNED_SQLSTATE, m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL;
  RETURN s || ' ' || m || ' | ' || coalesce(d, '');
END $f$;

SELECT is((SELECT string_agg(t.tgname || '=' || t.tgenabled::text, ' ' ORDER BY t.tgname) FROM pg_trigger t
            WHERE t.tgrelid = 'service_affair_shard.shard'::regclass AND t.tgname LIKE 'local_shard_kept%'),
  'local_shard_kept=A local_shard_kept_truncate=A', 'local_shard_kept fires ALWAYS (under logical apply too)');

-- as apply replays the province's edits of the map
SET LOCAL session_replication_role = replica;
-- the province deleted hz's regions first, then hz (its foreign keys there)
DELETE FROM service_affair_shard.shard_region WHERE shard = 'hz';
SELECT is(pg_temp.err($$DELETE FROM service_affair_shard.shard WHERE name = 'hz'$$),
  '23503 deletion of shard hz replayed from the province node, but this database is that shard | service_affair_shard.local_shard names shard hz; the map would hold no row of that name.',
  'the deletion of this shard''s own row replayed: 23503 naming the shard (until 2026-12-07 it went through)');
SELECT is(pg_temp.err($$UPDATE service_affair_shard.shard SET name = 'hangzhou' WHERE name = 'hz'$$),
  '23503 rename of shard hz replayed from the province node, but this database is that shard | service_affair_shard.local_shard names shard hz (renamed hangzhou); the map would hold no row of that name.',
  'a rename of it replayed: 23503 naming the shard and the new name');
SET LOCAL client_min_messages = warning;  -- the cascade's notices
SELECT is(pg_temp.err($$TRUNCATE service_affair_shard.shard CASCADE$$),
  '23503 truncation of the map of shard hz replayed from the province node, but this database is that shard | service_affair_shard.local_shard names shard hz; the map would hold no row of that name.',
  'a truncation of the map replayed: 23503');
RESET client_min_messages;
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
