-- A rename or a deletion of a catalog row replayed on a shard (logical
-- apply: replica mode, session_replication_role = replica).  The foreign
-- keys' actions (ON UPDATE CASCADE, the NO ACTION checks) are internal
-- triggers enabled on origin only: apply fires none.  Until 2026-12-07 a
-- department renamed on the province node left the shard's complaints,
-- their history and tasks naming the old code (a reply written afterwards
-- was refused 23503), and a calendar or department deleted there, or a
-- department renamed that a shard's cases name (NO ACTION on one node),
-- went through unseen, leaving rows naming nothing.  service_affair_shard's
-- trigger catalog_key_replayed (ALWAYS on a subscriber) does what the
-- foreign keys do on one node: cascades, or refuses with 23503.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(9);
\ir complaint_fixture.inc
-- c1: received and assigned to CB (a complaint of CB, an event naming CB)
SELECT receive_complaint('12345', 'complaint', 'for CB', '2026-11-02 10:00+08', applicant => p) AS c1 FROM cf \gset
SELECT assign_complaint(:c1, 'CB', '2026-11-02 11:00+08');

-- this database becomes a subscriber (the row prepare_subscriber() writes;
-- as a restore writes it, without emptying the catalog)
CREATE EXTENSION service_affair_shard;
INSERT INTO service_affair_shard.subscriber DEFAULT VALUES;
SELECT is((SELECT array_agg(c.relnamespace::regnamespace || '.' || c.relname ORDER BY c.relname) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
            WHERE t.tgname = 'catalog_key_replayed' AND t.tgenabled = 'A'),
  '{service_affair.agent,service_affair.bundle,service_affair.calendar,service_affair.department,service_affair.evidence_type,service_affair.item,service_affair.service_point,service_affair_shard.shard}'::text[],
  'catalog_key_replayed fires ALWAYS on a subscriber, on every catalog table service_affair''s own rows (or the companion''s: local_shard) reference');

-- rows of a table naming a key of the catalog table that is gone
CREATE FUNCTION pg_temp.dangling(target regclass) RETURNS SETOF text LANGUAGE plpgsql AS $f$
DECLARE r record; n bigint;
BEGIN
  FOR r IN SELECT c.conrelid::regclass AS rel, a.attname AS col, k.attname AS keycol FROM pg_constraint c
             JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
             JOIN pg_attribute k ON k.attrelid = c.confrelid AND k.attnum = c.confkey[1]
            WHERE c.contype = 'f' AND c.confrelid = target AND c.conparentid = 0 LOOP
    EXECUTE format('SELECT count(*) FROM %s x WHERE x.%I IS NOT NULL AND NOT EXISTS (SELECT FROM %s k WHERE k.%I = x.%I)',
                   r.rel, r.col, target, r.keycol, r.col) INTO n;
    IF n > 0 THEN RETURN NEXT r.rel || '.' || r.col || ': ' || n; END IF;
  END LOOP;
END $f$;
\ir error_detail.inc

-- the province's rename of CB as apply replays it (no row of the
-- replicated catalog names CB here)
SET LOCAL session_replication_role = replica;
UPDATE department SET code = 'CB2' WHERE code = 'CB';
SET LOCAL session_replication_role = origin;
SELECT is((SELECT department FROM complaint WHERE id = :c1), 'CB2', 'the complaint follows the replayed rename of its department');
SELECT is((SELECT count(*) FROM complaint_event WHERE complaint_id = :c1 AND 'CB' IN (department, to_department)), 0::bigint,
  'its history too (the append-only trigger lets the carried code through)');
SELECT is_empty($$SELECT * FROM pg_temp.dangling('service_affair.department')$$, 'no row names a department that is gone');
SELECT lives_ok(format($$SELECT reply_complaint(%s, 'by CB2', '2026-11-03 10:00+08')$$, :c1),
  'the renamed department replies afterwards (until 2026-12-07: 23503, the complaint named the old code)');

-- CA names the fixture's case (cases.department: NO ACTION, one node
-- refuses the rename): the applied rename is refused, naming the rows
SET LOCAL session_replication_role = replica;
SELECT matches(pg_temp.err_of($$UPDATE department SET code = 'CA2' WHERE code = 'CA'$$),
  '^23503 \| rename of service_affair\.department "CA" replayed from the province node, but rows of this database name it \| service_affair\.cases\.department: 1 row\(s\) \(' || (SELECT k FROM cf) || '\)$',
  'a replayed rename of a department this shard''s cases name is refused 23503, naming the case');
-- a calendar deleted on the province node that the case names
SELECT matches(pg_temp.err_of($$DELETE FROM calendar WHERE name = 'cn'$$),
  '^23503 \| deletion of service_affair\.calendar "cn" replayed from the province node, but rows of this database name it \| .*service_affair\.cases\.calendar: 1 row\(s\)',
  'a replayed deletion of a calendar this shard''s rows name is refused 23503');
SELECT matches(pg_temp.err_of($$DELETE FROM department WHERE code = 'CB2'$$),
  '^23503 \| deletion of service_affair\.department "CB2" .*service_affair\.complaint\.department: 1 row\(s\)',
  'so is a replayed deletion of a department a complaint names');
SET LOCAL session_replication_role = origin;

-- a replayed update that changes no key (a department's name) reads the
-- catalog no more than the update itself does: until 2026-12-07 each one
-- scanned pg_constraint (no index on confrelid) and planned a subquery per
-- foreign key, twenty times the cost of the update (pg_constraint's scans
-- counted with the trigger, then without it, each after a warming update)
CREATE FUNCTION pg_temp.constraint_reads() RETURNS bigint LANGUAGE sql AS
  $f$SELECT seq_scan + coalesce(idx_scan, 0) FROM pg_stat_xact_sys_tables WHERE relid = 'pg_catalog.pg_constraint'::regclass$f$;
SET LOCAL session_replication_role = replica;
UPDATE department SET name = name || ' 1' WHERE code = 'CC';
SELECT pg_temp.constraint_reads() AS r0 \gset
UPDATE department SET name = name || ' 2' WHERE code = 'CC';
SELECT pg_temp.constraint_reads() - :r0 AS with_trigger \gset
ALTER TABLE department DISABLE TRIGGER catalog_key_replayed;
UPDATE department SET name = name || ' 3' WHERE code = 'CC';
SELECT pg_temp.constraint_reads() AS r1 \gset
UPDATE department SET name = name || ' 4' WHERE code = 'CC';
SELECT is(:with_trigger::bigint, pg_temp.constraint_reads() - :r1,
  'a replayed update changing no key reads pg_constraint no more than without catalog_key_replayed');
ALTER TABLE department ENABLE ALWAYS TRIGGER catalog_key_replayed;
SET LOCAL session_replication_role = origin;

SELECT * FROM finish();
ROLLBACK;
