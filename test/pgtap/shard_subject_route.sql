-- The router's shard for a manual credit event (shard_for_subject()) and the
-- shard's reading of its subject (credit_subject_key(), record_credit_event()
-- there; subject_prefix(), by which copy_region() and drop_region() move its
-- request keys) agree for every spelling of a subject: a kind prefix in any
-- case, spaces, no prefix.  Until 2026-12-07 the router read the identifier
-- after the prefix as a USCC first whatever kind it named, so that
-- person:<resident id> whose characters are also a valid USCC (about one
-- resident id in 31) went to the shard serving characters 3-8, the company's
-- reading, not to the person's shard of characters 1-6 (a review).
BEGIN;
SET search_path = service_affair, public;
-- the router needs PL/Proxy, an optional package (tools/cluster.sh)
SELECT EXISTS (SELECT FROM pg_catalog.pg_available_extensions WHERE name = 'plproxy') AS sr_plproxy \gset
\if :sr_plproxy
\else
SELECT plan(1);
SELECT skip('PL/Proxy is not installed (Debian package postgresql-15-plproxy)', 1);
SELECT * FROM finish();
ROLLBACK;
\quit
\endif
SELECT plan(8);

SET client_min_messages = warning;
CREATE EXTENSION service_affair_shard;
CREATE EXTENSION service_affair_router CASCADE;
RESET client_min_messages;

-- hz serves 杭州 (3301), nb every region code beginning 01 (the USCC
-- reading of a 杭州 resident id of 330106 born 1980-01-01: 010619)
INSERT INTO service_affair_shard.shard VALUES ('hz', 1), ('nb', 2);
INSERT INTO service_affair_shard.shard_region VALUES ('3301', 'hz'), ('01', 'nb');

-- :both (a resident id of 330106 that is a valid USCC of 010619 too), :rid
-- (a resident id of 330102 that is no USCC); a USCC of 330106 that is no resident id
\ir dual_identifiers.inc
SELECT '91330106MA2B3C4D5' || c AS usc FROM pg_catalog.unnest(pg_catalog.string_to_array('0123456789ABCDEFGHJKLMNPQRTUWXY', NULL)) c
 WHERE is_valid_uscc('91330106MA2B3C4D5' || c) \gset
SELECT is(resident_id_region(:'both'::resident_id) || ' ' || uscc_region(:'both'::uscc), '330106 010619',
  'an identifier valid as a resident id of 330106 and as a USCC of 010619');

-- the router's answer, or the SQLSTATE it refuses with
CREATE FUNCTION pg_temp.routed(s text) RETURNS text LANGUAGE plpgsql AS $f$
DECLARE r record;
BEGIN
  SELECT * INTO r FROM service_affair_router.shard_for_subject(s);
  RETURN r.shard || ' ' || r.for_region;
EXCEPTION WHEN OTHERS THEN
  RETURN SQLSTATE;
END $f$;
-- the shard's reading: the kind and subject record_credit_event() records,
-- the region code of that kind, the shard serving it; or the SQLSTATE
CREATE FUNCTION pg_temp.on_shard(s text) RETURNS text LANGUAGE plpgsql AS $f$
DECLARE k record; reg text;
BEGIN
  SELECT * INTO k FROM service_affair.credit_subject_key(s);
  reg := CASE k.subject_kind WHEN 'person' THEN resident_id_region(k.subject::resident_id)
                             ELSE uscc_region(k.subject::uscc) END;
  RETURN service_affair_shard.require_shard_of_region(reg) || ' ' || reg;
EXCEPTION WHEN OTHERS THEN
  RETURN SQLSTATE;
END $f$;

SELECT is(pg_temp.routed('person:' || :'both'), 'hz 330106',
  'person:<resident id also a valid USCC>: the shard of its resident id (characters 1-6), the person''s (until 2026-12-07 nb 010619, the company''s reading)');
SELECT is(pg_temp.routed('org:' || :'both'), 'nb 010619',
  'org:<the same characters>: the shard of its USCC (characters 3-8)');

-- every spelling: odd case, spaces, each kind, no prefix; identifiers valid
-- as one kind only; not valid as the kind named; neither
CREATE TEMP TABLE sr_spelling (s text);
INSERT INTO sr_spelling
SELECT p || i FROM pg_catalog.unnest(ARRAY['person:', 'PERSON:', 'Person:', 'pErSoN:', 'org:', 'ORG:', 'Org:', '']) p,
       pg_catalog.unnest(ARRAY[:'both', ' ' || :'both' || ' ', pg_catalog.substr(:'both', 1, 6) || ' ' || pg_catalog.substr(:'both', 7),
                               :'rid', pg_catalog.lower(:'rid'), :'usc', pg_catalog.lower(:'usc'), ' ' || :'usc', '110105198001010011',
                               'nonsense', '']) i
 WHERE p <> '' OR i NOT IN (:'both', ' ' || :'both' || ' ', pg_catalog.substr(:'both', 1, 6) || ' ' || pg_catalog.substr(:'both', 7));
SELECT is((SELECT pg_catalog.array_agg(pg_catalog.format('%s -> %s', s, pg_temp.routed(s))) FILTER (WHERE pg_temp.routed(s) IS DISTINCT FROM pg_temp.on_shard(s)) FROM sr_spelling),
          NULL, 'the router''s shard for a subject is the shard of the region the shard reads in it, for every spelling (kind prefix in any case, spaces, no prefix)');
SELECT ok((SELECT pg_catalog.count(*) FILTER (WHERE pg_temp.routed(s) ~ '^(hz|nb) ') >= 20 AND pg_catalog.count(*) FILTER (WHERE pg_temp.routed(s) = '22P02') >= 10 FROM sr_spelling),
          '... both routed subjects and refused ones (22P02) among them');
SELECT is(pg_temp.routed(' person:' || :'both'), '22P02', 'a prefix after a space is no prefix: 22P02, as on the shard');

-- characters valid as both without a kind: the shard decides by whoever
-- holds them, which the router does not know: the USCC's region first
SELECT is(pg_temp.routed(:'both'), 'nb 010619', 'no kind named: the USCC''s region, served (doc/scale.md)');

-- the shard moves the request keys of a person's events with the person's region
SELECT is(service_affair_shard.subject_prefix(:'both', 'person') || ' ' || service_affair_shard.subject_prefix(:'both', 'org'), '3301 01',
  'subject_prefix() of a person''s subject: the prefix of its resident id''s region; of an org''s: of its USCC''s');

SELECT * FROM finish();
ROLLBACK;
