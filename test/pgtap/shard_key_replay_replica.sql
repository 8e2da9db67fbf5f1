-- The companion's event trigger sa_shard_key_replay_update
-- (key_replay_update()) under session_replication_role = replica.  An
-- event trigger fires by its own firing mode as a table's trigger does: an
-- ordinary one (ENABLE, the default) fires in origin mode only, and the
-- subscriber's row trigger it relies on (subscriber_triggers) too.  So an
-- ALTER EXTENSION service_affair run in replica mode on a subscriber (a
-- DBA's session of batches, say) left a newly referenced catalog table
-- without catalog_key_replayed, unseen, though doc/scale.md says every
-- ALTER EXTENSION does it (until 2026-12-07, a second read).  Now the event
-- trigger fires ALWAYS and updates the row in origin mode, giving the
-- session its mode back.  Assertions 2-4 fail on the former code.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(4);

SET client_min_messages = warning;
CREATE EXTENSION service_affair_shard;
RESET client_min_messages;
SELECT service_affair_shard.prepare_subscriber();

-- an update of service_affair adds a table referencing a phrase of the
-- denylist, which no own table referenced before (simulated as in
-- shard_key_replay_new_fk.sql: the table added to the extension, the same
-- command tag and extension at ddl_command_end), in replica mode
CREATE TABLE service_affair.sa_probe_replica_use (
    id      integer PRIMARY KEY,
    phrase  text NOT NULL REFERENCES service_affair.material_denylist ON UPDATE CASCADE
);
SET LOCAL session_replication_role = replica;
ALTER EXTENSION service_affair ADD TABLE service_affair.sa_probe_replica_use;
SELECT is(current_setting('session_replication_role'), 'replica',
  'the session keeps its replica mode after the ALTER EXTENSION');
SET LOCAL session_replication_role = origin;
SELECT is((SELECT string_agg(tgenabled::text, ' ') FROM pg_trigger
            WHERE tgrelid = 'service_affair.material_denylist'::regclass AND tgname = 'catalog_key_replayed'), 'A',
  'ALTER EXTENSION service_affair in replica mode on a subscriber creates catalog_key_replayed on the newly referenced table, fired ALWAYS (until 2026-12-07 none)');
SELECT is((SELECT evtenabled::text FROM pg_event_trigger WHERE evtname = 'sa_shard_key_replay_update'), 'A',
  'the event trigger fires in replica mode too (ENABLE ALWAYS)');

-- the province's rename of the phrase, as apply replays it
INSERT INTO service_affair.material_denylist (phrase) VALUES ('probe phrase');
INSERT INTO service_affair.sa_probe_replica_use VALUES (1, 'probe phrase');
SET LOCAL session_replication_role = replica;
UPDATE service_affair.material_denylist SET phrase = 'probe renamed' WHERE phrase = 'probe phrase';
SET LOCAL session_replication_role = origin;
SELECT is((SELECT phrase FROM service_affair.sa_probe_replica_use WHERE id = 1), 'probe renamed',
  'a replayed rename cascades to the new table''s rows');

SELECT * FROM finish();
ROLLBACK;
