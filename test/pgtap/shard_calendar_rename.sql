-- A rename of a calendar replayed on a shard (logical apply: replica mode,
-- session_replication_role = replica).  The foreign keys' ON UPDATE CASCADE
-- are internal triggers enabled on origin only (pg_trigger.tgenabled 'O'):
-- apply does not fire them, and until 2026-12-07 a calendar renamed on the
-- province node left the shard's cases, tasks and licences naming the old
-- name, a calendar gone (local_day() of it 23503: a licence's end could no
-- longer be judged, verify_licence() failed).  service_affair_shard's
-- trigger catalog_key_replayed (ALWAYS on a subscriber) renames it there.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(9);
\ir licence_fixture.inc
INSERT INTO calendar (name, weekmask, timezone) VALUES ('sr_gulf', '1111111', 'Asia/Dubai');
UPDATE item SET calendar = 'sr_gulf' WHERE code = 'lc_reg';
SELECT submit('lc_reg', :p, '{form,id}', 'window', '{}', '2026-08-03 09:00+04') AS c1 \gset
SELECT submit('lc_reg', :q, '{form,id}', 'window', '{}', '2026-08-03 09:10+04') AS c2 \gset
SELECT is(pg_temp.decide(:c1, 'approved', '2026-08-04 10:00+04'), 1, 'fixture: the first case approved (a licence), the second open');
SELECT number AS lic FROM licence WHERE case_id = :c1 \gset

-- this database becomes a subscriber (the row prepare_subscriber() writes;
-- as a restore writes it, without emptying the catalog)
CREATE EXTENSION service_affair_shard;
INSERT INTO service_affair_shard.subscriber DEFAULT VALUES;
SELECT is((SELECT tgenabled FROM pg_trigger WHERE tgrelid = 'service_affair.calendar'::regclass AND tgname = 'catalog_key_replayed'), 'A'::"char",
  'catalog_key_replayed fires ALWAYS on a subscriber');
SELECT is((SELECT count(*) FROM pg_trigger t JOIN pg_proc f ON f.oid = t.tgfoid
            WHERE t.tgrelid = 'service_affair.calendar'::regclass AND t.tgisinternal AND f.proname = 'RI_FKey_cascade_upd' AND t.tgenabled <> 'O'), 0::bigint,
  'fixture: the foreign keys'' cascades to calendar stay enabled on origin only (apply does not fire them)');

-- the province's transaction as apply replays it: the calendar row, then
-- the rows of the replicated catalog its own cascade renamed there
SET LOCAL session_replication_role = replica;
UPDATE calendar SET name = 'sr_gulf2' WHERE name = 'sr_gulf';
UPDATE item SET calendar = 'sr_gulf2' WHERE code = 'lc_reg';
SET LOCAL session_replication_role = origin;

SELECT is((SELECT calendar FROM licence WHERE case_id = :c1), 'sr_gulf2', 'the licence follows the replayed rename');
SELECT is((SELECT array_agg(calendar ORDER BY id) FROM cases WHERE id IN (:c1, :c2)), '{sr_gulf2,sr_gulf2}'::text[],
  'the cases follow it');
SELECT is((SELECT array_agg(DISTINCT calendar) FROM task WHERE case_id IN (:c1, :c2)), '{sr_gulf2}'::text[], 'their tasks too');
-- every row of every table naming a calendar names one that exists
CREATE FUNCTION pg_temp.dangling() RETURNS SETOF text LANGUAGE plpgsql AS $f$
DECLARE r record; n bigint;
BEGIN
  FOR r IN SELECT c.conrelid::regclass AS rel, a.attname AS col FROM pg_constraint c
             JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
            WHERE c.contype = 'f' AND c.confrelid = 'service_affair.calendar'::regclass AND c.conparentid = 0 LOOP
    EXECUTE format('SELECT count(*) FROM %s x WHERE NOT EXISTS (SELECT FROM service_affair.calendar k WHERE k.name = x.%I)', r.rel, r.col) INTO n;
    IF n > 0 THEN RETURN NEXT r.rel || '.' || r.col || ': ' || n; END IF;
  END LOOP;
END $f$;
SELECT is_empty($$SELECT * FROM pg_temp.dangling()$$, 'no row names a calendar that is gone');
SELECT is(verify_licence(:'lic', '11010519491231002X'), 'valid', 'verify_licence() still judges the licence on its calendar');

-- a rename made on the subscriber itself (origin): the cascade, as on one node
UPDATE calendar SET name = 'sr_gulf3' WHERE name = 'sr_gulf2';
SELECT is((SELECT array_agg(calendar ORDER BY id) FROM cases WHERE id IN (:c1, :c2)) || (SELECT calendar FROM licence WHERE case_id = :c1),
  '{sr_gulf3,sr_gulf3,sr_gulf3}'::text[], 'a local rename on a subscriber still cascades');

SELECT * FROM finish();
ROLLBACK;
