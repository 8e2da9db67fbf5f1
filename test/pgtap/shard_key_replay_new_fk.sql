-- A foreign key of service_affair's own tables to a catalog table that
-- CREATE EXTENSION service_affair_shard did not see (one a later update of
-- service_affair adds).  Until 2026-12-07 catalog_key_replayed was created
-- at CREATE EXTENSION only, and prepare_subscriber() did not notice a
-- referenced catalog table without it: under logical apply (no foreign-key
-- action fires there) a replayed rename or deletion of its key left this
-- database's rows naming nothing, unseen (a review).  Now the subscriber's
-- row (prepare_subscriber(), a restore, and on a subscriber the end of
-- ALTER EXTENSION service_affair: event trigger sa_shard_key_replay_update)
-- creates the trigger where it is missing (key_replay_triggers()) and fires
-- it ALWAYS.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(9);

SET client_min_messages = warning;
CREATE EXTENSION service_affair_shard;
RESET client_min_messages;

\ir error_detail.inc

SELECT is((SELECT count(*) FROM pg_trigger WHERE tgrelid = 'service_affair.material_denylist'::regclass AND tgname = 'catalog_key_replayed'), 0::bigint,
  'no own table of service_affair references the material denylist: no catalog_key_replayed on it');
-- a later update of service_affair adds a table referencing a phrase of the denylist
CREATE TABLE service_affair.sa_probe_denylist_use (
    id      integer PRIMARY KEY,
    phrase  text NOT NULL REFERENCES service_affair.material_denylist ON UPDATE CASCADE
);
-- not a subscriber yet (no row in subscriber, as on the province node):
-- the companion's event trigger at ALTER EXTENSION does nothing
ALTER EXTENSION service_affair ADD TABLE service_affair.sa_probe_denylist_use;
SELECT is((SELECT count(*) FROM pg_trigger WHERE tgrelid = 'service_affair.material_denylist'::regclass AND tgname = 'catalog_key_replayed'), 0::bigint,
  'not a subscriber: ALTER EXTENSION service_affair creates no catalog_key_replayed (sa_shard_key_replay_update does nothing)');
SELECT service_affair_shard.prepare_subscriber();
SELECT is((SELECT string_agg(tgenabled::text, ' ') FROM pg_trigger WHERE tgrelid = 'service_affair.material_denylist'::regclass AND tgname = 'catalog_key_replayed'), 'A',
  'prepare_subscriber() creates catalog_key_replayed on the newly referenced catalog table and fires it ALWAYS (until 2026-12-07 none)');
SELECT is((SELECT array_agg(c.relname::text ORDER BY c.relname) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
            WHERE t.tgname = 'catalog_key_replayed' AND t.tgenabled = 'A'),
  '{agent,bundle,calendar,department,evidence_type,item,material_denylist,service_point,shard}'::text[],
  '... beside the catalog tables referenced at CREATE EXTENSION');
SELECT is(service_affair_shard.key_replay_triggers(), '{}'::regclass[], 'called again it creates none');
-- an update of service_affair on a database already subscribing adds
-- another key: at the end of the ALTER EXTENSION (simulated here by the
-- table the update script would create, added to the extension: the same
-- command tag and extension, ddl_command_end), the companion's event
-- trigger sa_shard_key_replay_update updates the subscriber's row, whose
-- trigger covers it.  Until 2026-12-07 (a review) nothing did until a DBA
-- updated the row by hand (doc/scale.md).
CREATE TABLE service_affair.sa_probe_evidence_use (
    id   integer PRIMARY KEY,
    name text NOT NULL REFERENCES service_affair.setting
);
-- (and an update that made a subscriber's trigger again, ENABLE ORIGIN)
ALTER TABLE service_affair.calendar ENABLE TRIGGER calendar_replayed;
ALTER EXTENSION service_affair ADD TABLE service_affair.sa_probe_evidence_use;
SELECT is((SELECT string_agg(tgenabled::text, ' ') FROM pg_trigger WHERE tgrelid = 'service_affair.setting'::regclass AND tgname = 'catalog_key_replayed')
          || ' ' || (SELECT tgenabled::text FROM pg_trigger WHERE tgrelid = 'service_affair.calendar'::regclass AND tgname = 'calendar_replayed'), 'A A',
  'on a subscriber, ALTER EXTENSION service_affair (an update adding a key) creates catalog_key_replayed on the newly referenced table and fires it, and the subscriber''s triggers, ALWAYS again (until 2026-12-07 only a manual update of its row did)');

-- the province's rename and deletion of the phrase, as apply replays them
INSERT INTO service_affair.material_denylist (phrase) VALUES ('probe phrase');
INSERT INTO service_affair.sa_probe_denylist_use VALUES (1, 'probe phrase');
SET LOCAL session_replication_role = replica;
UPDATE service_affair.material_denylist SET phrase = 'probe renamed' WHERE phrase = 'probe phrase';
SET LOCAL session_replication_role = origin;
SELECT is((SELECT phrase FROM service_affair.sa_probe_denylist_use WHERE id = 1), 'probe renamed',
  'a replayed rename cascades to the new table''s rows, as its foreign key does on one node');
SET LOCAL session_replication_role = replica;
SELECT is(pg_temp.err_of($$DELETE FROM service_affair.material_denylist WHERE phrase = 'probe renamed'$$),
  '23503 | deletion of service_affair.material_denylist "probe renamed" replayed from the province node, but rows of this database name it | service_affair.sa_probe_denylist_use.phrase: 1 row(s) (1)',
  'a replayed deletion its rows still name: 23503, naming them');
SET LOCAL session_replication_role = origin;

-- the companion's event trigger: a member of the extension (dumped with it,
-- made again by CREATE EXTENSION at a restore), its function SECURITY
-- DEFINER (whoever runs ALTER EXTENSION), not executable by PUBLIC
SELECT is((SELECT string_agg(concat_ws(' ', e.evtname, e.evtevent, e.evttags::text, p.prosecdef, p.proconfig::text,
                                       has_function_privilege('public', p.oid, 'EXECUTE')), '; ' ORDER BY e.evtname)
             FROM pg_event_trigger e
             JOIN pg_depend d ON d.classid = 'pg_event_trigger'::regclass AND d.objid = e.oid AND d.deptype = 'e'
             JOIN pg_extension x ON x.oid = d.refobjid AND x.extname = 'service_affair_shard'
             JOIN pg_proc p ON p.oid = e.evtfoid),
  'sa_shard_key_replay_update ddl_command_end {"ALTER EXTENSION"} t {"search_path=pg_catalog, pg_temp"} f',
  'the companion''s event trigger: ALTER EXTENSION at ddl_command_end, a member of the extension, SECURITY DEFINER, search_path pinned, not granted to PUBLIC');

SELECT * FROM finish();
ROLLBACK;
