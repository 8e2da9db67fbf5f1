-- drop_region() on the former shard deletes the request keys of the manual
-- credit events whose subject the router now sends elsewhere.  A subject
-- whose characters are a valid resident id and a valid USCC has two
-- readings on the router (shard_for_subject()): person:<id> goes to the
-- shard of its resident id's region, the same characters without a kind to
-- the shard of its USCC's region (when one serves it), and which spelling
-- the call used is not recorded (the event keeps its kind and canonical
-- identifier).  Since the router read the kind (2026-12-07) the keys moved
-- by the event's kind alone: a person's event recorded here through the
-- unprefixed spelling (its USCC's region served here) lost its key when its
-- resident id's region moved away, though the router still sends that
-- spelling here, and the call repeated made a second event (a review).
-- Now a key moves when either reading falls in the region, and stays while
-- either reading is still served here.  Assertion 3 fails on the former code.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(4);

SET client_min_messages = warning;
CREATE EXTENSION service_affair_shard;
RESET client_min_messages;
INSERT INTO service_affair_shard.shard VALUES ('hz', 1), ('nb', 2);
-- this database is hz; 3301 has moved to nb (finish_region_move()), hz
-- serves every region code beginning 01
INSERT INTO service_affair_shard.shard_region VALUES ('3301', 'nb'), ('01', 'hz');
INSERT INTO service_affair_shard.local_shard (shard) VALUES ('hz');

-- :both (a resident id of 330106 that is a valid USCC of 010619 too), :rid
-- (a resident id of 330102 that is no USCC)
\ir dual_identifiers.inc
SELECT is(service_affair_shard.subject_prefix(:'both', 'person') || ' ' || service_affair_shard.subject_prefix(:'both'), '3301 01',
  'fixture: the person''s reading of the characters falls in 3301 (moved away), the unprefixed one in 01 (served here)');

-- two persons' events recorded here with request keys: one of a resident id
-- that is no USCC, one of the characters valid as both (the call without a
-- kind, routed by its USCC's region to this shard)
SELECT credit_record('person', :'rid', 'manual', 'manual', 'minor', '2026-12-01 10:00+08', false, 'probe') AS e1 \gset
SELECT credit_record('person', :'both', 'manual', 'manual', 'minor', '2026-12-01 10:00+08', false, 'probe') AS e2 \gset
INSERT INTO case_request (actor, request_key, digest, kind, credit_event_id) VALUES
  ('sk_admin', 'k-rid', sha256('k-rid'), 'credit_event', :e1),
  ('sk_admin', 'k-both', sha256('k-both'), 'credit_event', :e2);

SET LOCAL client_min_messages = warning;
SELECT lives_ok($$SELECT * FROM service_affair_shard.drop_region('3301')$$, 'drop_region() of the region moved away');
RESET client_min_messages;
SELECT is((SELECT pg_catalog.string_agg(request_key, ' ' ORDER BY request_key) FROM case_request WHERE actor = 'sk_admin'), 'k-both',
  'the key of the characters valid as both stays: the router still sends them here without a kind (until 2026-12-07 deleted)');
SELECT is((SELECT pg_catalog.count(*) FROM credit_event WHERE id IN (:e1, :e2)), 2::bigint, 'the events stay (this shard''s record)');

SELECT * FROM finish();
ROLLBACK;
