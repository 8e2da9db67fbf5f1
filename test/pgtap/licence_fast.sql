-- Electronic licences (issue 11): the common issuance (src/licence.c,
-- lic_issue_fast: the counter row through its primary key, the licence
-- through the executor's single-row insert) writes exactly what the step by
-- step issue_licences() writes.  Each check issues through complete_task(),
-- undoes the issuance (the licence deleted, the counter and a superseded
-- licence put back) and issues the same licence again through
-- issue_licences(): the two rows must be equal but for the id.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(26);
SET LOCAL track_functions = 'all';  -- which way each issuance went: calls of issue_licences()
\ir licence_fixture.inc

-- a licence without its id; and the undo of an issuance
CREATE FUNCTION pg_temp.lic(case_id bigint) RETURNS jsonb LANGUAGE sql AS $f$
  SELECT to_jsonb(l) - 'id' FROM service_affair.licence l WHERE l.case_id = lic.case_id $f$;
CREATE FUNCTION pg_temp.redo_slow(case_id bigint, at timestamptz, prev_status text DEFAULT 'valid',
    prev_changed timestamptz DEFAULT NULL) RETURNS integer LANGUAGE plpgsql AS $f$
DECLARE
  l service_affair.licence;
BEGIN
  DELETE FROM service_affair.licence x WHERE x.case_id = redo_slow.case_id RETURNING * INTO l;
  UPDATE service_affair.licence_counter k SET last = k.last - 1
   WHERE k.evidence_type = l.evidence_type AND k.last > 1;
  IF l.supersedes IS NOT NULL THEN
    UPDATE service_affair.licence x SET status = prev_status, changed_at = prev_changed WHERE x.id = l.supersedes;
  END IF;
  RETURN service_affair.issue_licences(redo_slow.case_id, at);
END
$f$;
CREATE TEMP TABLE seen (name text PRIMARY KEY, row jsonb);
CREATE FUNCTION pg_temp.slow_calls() RETURNS bigint LANGUAGE sql AS $f$
  SELECT COALESCE(pg_stat_get_xact_function_calls('service_affair.issue_licences(bigint,timestamptz)'::regprocedure), 0) $f$;

-- ------------------------------------------------------------ first issue: the step by step way
SELECT submit('lc_reg', :p, '{form,id}', 'window', '{}', '2026-08-03 09:00+08') AS c1 \gset
SELECT is(pg_temp.decide(:c1, 'approved', '2026-08-04 10:00+08'), 1, 'first registration approved');
SELECT is((SELECT last FROM licence_counter WHERE evidence_type = 'lc_bizlic'), 1::bigint, 'the first issue created the counter and the key');
SELECT is(pg_temp.slow_calls(), 1::bigint, 'the first issue went the step by step way');

-- ------------------------------------------------------------ a second holder: the common way, no renewal
SELECT submit('lc_reg', :q, '{form,id}', 'window', '{}', '2026-08-03 09:00+08') AS c2 \gset
SELECT is(pg_temp.decide(:c2, 'approved', '2026-08-04 11:00+08'), 1, 'second registration approved');
SELECT is(pg_temp.slow_calls(), 1::bigint, 'the second went the common way (issue_licences() not called)');
INSERT INTO seen SELECT 'c2', pg_temp.lic(:c2);
SELECT is((SELECT row->>'number' FROM seen WHERE name = 'c2'), 'BL3302252026000002', 'the common way continues the counter');
SELECT is((SELECT l.hmac = licence_hmac(k.key, licence_message(l.number, l.evidence_type, '330225198001010018', '2026-08-04', '2027-08-04'))
             FROM licence l JOIN licence_key k ON k.key_id = l.key_id WHERE l.case_id = :c2), true,
  'the common way signs the canonical message under the active key');
SELECT is(pg_temp.redo_slow(:c2, '2026-08-04 11:00+08'), 1, 'undone and issued again step by step');
SELECT is(pg_temp.lic(:c2), (SELECT row FROM seen WHERE name = 'c2'),
  'the common way wrote the licence issue_licences() writes (every column but the id)');

-- ------------------------------------------------------------ a renewal: the current licence superseded
SELECT submit('lc_reg', :p, '{form,id}', 'window', '{}', '2026-09-01 09:00+08') AS c3 \gset
SELECT is(pg_temp.decide(:c3, 'approved', '2026-09-02 10:00+08'), 1, 'a renewal approved');
INSERT INTO seen SELECT 'c3', pg_temp.lic(:c3);
INSERT INTO seen SELECT 'c3 old', pg_temp.lic(:c1);
SELECT is((SELECT row->>'status' FROM seen WHERE name = 'c3 old'), 'superseded', 'the renewal superseded the first licence');
SELECT is((SELECT (row->>'supersedes')::bigint FROM seen WHERE name = 'c3'), (SELECT id FROM licence WHERE case_id = :c1),
  'the renewal names the licence it superseded');
SELECT is(pg_temp.redo_slow(:c3, '2026-09-02 10:00+08'), 1, 'the renewal undone and issued again step by step');
SELECT is(pg_temp.lic(:c3), (SELECT row FROM seen WHERE name = 'c3'), 'renewal: the same licence as issue_licences()');
SELECT is(pg_temp.lic(:c1), (SELECT row FROM seen WHERE name = 'c3 old'), 'renewal: the same superseded licence as issue_licences()');

-- ------------------------------------------------------------ an expired current licence, a type without expiry
SELECT submit('lc_food', :q, '{form,bizlic,id}', 'window', '{}', '2026-08-10 09:00+08') AS f1 \gset
SELECT is(pg_temp.decide(:f1, 'approved', '2026-08-11 10:00+08'), 1, 'a food permit approved (first of its type)');
UPDATE licence SET status = 'expired', changed_at = '2026-09-01 00:00+08' WHERE case_id = :f1;
SELECT submit('lc_food', :q, '{form,bizlic,id}', 'window', '{}', '2026-09-10 09:00+08') AS f2 \gset
SELECT is(pg_temp.decide(:f2, 'approved', '2026-09-11 10:00+08'), 1, 'a second food permit approved');
INSERT INTO seen SELECT 'f2', pg_temp.lic(:f2);
INSERT INTO seen SELECT 'f2 old', pg_temp.lic(:f1);
SELECT results_eq($$SELECT row->>'number', row->>'valid_until', (SELECT s.row->>'status' FROM seen s WHERE s.name = 'f2 old')
                      FROM seen WHERE name = 'f2'$$,
  $$VALUES ('lc_food_permit-330225-2026-000002'::text, NULL::text, 'superseded'::text)$$,
  'a type without expiry: no last valid day; the expired licence is superseded');
SELECT is(pg_temp.redo_slow(:f2, '2026-09-11 10:00+08', 'expired', '2026-09-01 00:00+08'), 1, 'undone and issued again step by step');
SELECT is(pg_temp.lic(:f2), (SELECT row FROM seen WHERE name = 'f2'), 'no expiry: the same licence as issue_licences()');

-- ------------------------------------------------------------ a number taken already: passed over
-- (this path sees it before it writes and leaves the call to issue_licence(),
-- which takes the next free number; before 2026-12-03 every approval failed
-- with 23505, the counter rolled back with it)
UPDATE licence SET number = 'BL3302252026000004' WHERE case_id = :f1;  -- the number the next registration would take
SELECT submit('lc_reg', :q, '{form,id}', 'window', '{}', '2026-10-01 09:00+08') AS c4 \gset
SELECT is(pg_temp.decide(:c4, 'approved', '2026-10-02 10:00+08'), 1, 'a licence number already taken does not fail the approval');
SELECT results_eq(format($$SELECT (SELECT last FROM licence_counter WHERE evidence_type = 'lc_bizlic'),
                                 (SELECT status FROM licence WHERE case_id = %s AND evidence_type = 'lc_bizlic'),
                                 (SELECT array_agg(number) FROM licence WHERE case_id = %s)$$, :c2, :c4),
  $$VALUES (5::bigint, 'superseded'::text, '{BL3302252026000005}'::text[])$$,
  'the next free number is taken (the counter passes 4), and the holder''s licence is renewed');

-- ------------------------------------------------------------ no active key: the step by step way makes one
UPDATE licence SET number = 'lc_food_permit-330225-2026-000001' WHERE case_id = :f1;  -- its number back
UPDATE licence_key SET active = false, key_id = 'retired';  -- (a new key's id is the second it is made in: this one's)
SELECT submit('lc_reg', :o, '{form,id}', 'window', '{}', '2026-10-01 09:00+08') AS c5 \gset
SELECT is(pg_temp.decide(:c5, 'approved', '2026-10-02 11:00+08'), 1, 'approved while no key is active');
SELECT is((SELECT l.key_id FROM licence l WHERE l.case_id = :c5), (SELECT key_id FROM licence_key WHERE active),
  'issued under a new active key');

-- the key retired in the second a new one is made: the new one's id adds the
-- microseconds (retired keys hold the ids of this second and the next ten,
-- so that the test does not depend on where in a second it runs)
UPDATE licence_key SET active = false WHERE active;
INSERT INTO licence_key (key_id, key, active)
SELECT 'k' || to_char(clock_timestamp() AT TIME ZONE 'UTC' + make_interval(secs => s), 'YYYYMMDDHH24MISS'),
       '\x000102030405060708090a0b0c0d0e0f', false
  FROM generate_series(0, 10) s
ON CONFLICT DO NOTHING;  -- (the key just retired may hold one already)
SELECT submit('lc_reg', :o, '{form,id}', 'window', '{}', '2026-10-05 09:00+08') AS c6 \gset
SELECT is(pg_temp.decide(:c6, 'approved', '2026-10-06 11:00+08'), 1,
  'approved while the ids of this second are taken by retired keys (55000 "no active licence key" until 2026-12-04)');
SELECT matches((SELECT l.key_id FROM licence l WHERE l.case_id = :c6 AND l.key_id = (SELECT key_id FROM licence_key WHERE active)),
  '^k[0-9]{14}\.[0-9]{6}$', 'issued under a new active key whose id is the second and its microseconds');

SELECT * FROM finish();
ROLLBACK;
