-- On a region shard, a licence number's {region} is one the shard serves
-- (doc/scale.md, "Licence numbers"): issue_licence() asks
-- service_affair_shard.licence_region(), and a case received in a region
-- another shard serves is numbered with its handling department's region.
-- The fast path of issuance (lic_issue_fast(), src/licence.c) numbered with
-- the case's own region whenever a counter row of it existed: after a
-- region move, the copy of the moved region's counters awaiting
-- drop_region() on the former shard is such a row, and a 通办 case still
-- homed there (its handling department's region stays) took the next
-- number from the stale counter, a number the new shard gives too.  Until
-- 2026-12-07 (a review): assertion 3 fails on the former code
-- (BL3301062026000006).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(4);
\ir licence_fixture.inc
CREATE EXTENSION service_affair_shard;
INSERT INTO service_affair_shard.shard (name, number) VALUES ('a', 1), ('b', 2);
-- this shard serves 330225; 3301 moved to shard b (finish_region_move())
INSERT INTO service_affair_shard.shard_region (prefix, shard) VALUES ('330225', 'a'), ('3301', 'b'), ('', 'b');
INSERT INTO service_affair_shard.local_shard (shard) VALUES ('a');

-- the first licence: the key and the counter of 330225 (the step-by-step path)
SELECT submit('lc_reg', :p, '{form,id}', 'window', '{}', '2026-08-03 09:00+08') AS c0 \gset
SELECT is(pg_temp.decide(:c0, 'approved', '2026-08-04 10:00+08'), 1, 'fixture: the first registration is approved');
-- the counter of 330106 this shard kept when 3301 moved away (awaiting drop_region())
INSERT INTO licence_counter (evidence_type, region, year, last) VALUES ('lc_bizlic', '330106', 2026, 5);
SELECT submit('lc_reg', :q, '{form,id}', 'window', '{}', '2026-08-05 09:00+08', region => '330106') AS c1 \gset
SELECT is(pg_temp.decide(:c1, 'approved', '2026-08-06 10:00+08'), 1, 'fixture: a case received in 330106, handled here, is approved');
SELECT is((SELECT number FROM licence WHERE case_id = :c1), 'BL3302252026000002',
  'its licence is numbered with the handling department''s region, which this shard serves (not from the stale counter of 330106)');
SELECT is((SELECT last FROM licence_counter WHERE evidence_type = 'lc_bizlic' AND region = '330106' AND year = 2026), 5::bigint,
  'the stale counter is left as it was');

SELECT * FROM finish();
ROLLBACK;
