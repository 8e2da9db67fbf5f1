-- The inspection log: canonical bytes, hash chain, SM3 ledgers, and
-- verify_log() finding the first bad entry after a superuser edits, deletes,
-- reorders or forges rows with the triggers disabled.
SET search_path = service_affair, public;
BEGIN;
SELECT plan(40);

INSERT INTO department (code, name) VALUES ('insp_a', 'A'), ('insp_b', 'B'), ('insp_s', 'S');

-- ---- canonical bytes (doc/inspection.md, worked example) -------------------
SELECT is(log_entry_bytes('insp_a', 1, '2026-01-05 10:00:00.5+08', 'plan', '{"b": 1, "a": "x"}',
                          '\x0000000000000000000000000000000000000000000000000000000000000000'),
          convert_to(E'insp_a\n1\n2026-01-05T02:00:00.500000Z\nplan\n{"a": "x", "b": 1}\n'
                     || repeat('0', 64), 'UTF8'),
          'canonical bytes: ledger, seq, UTC time with microseconds, kind, jsonb text, hex prev_hash, joined by LF');
SELECT is(convert_from(log_entry_bytes('insp_a', 12, '1999-12-31 23:59:59.999999+00', 'result', '{"t": "灭火器"}', '\xab01'), 'UTF8'),
          E'insp_a\n12\n1999-12-31T23:59:59.999999Z\nresult\n{"t": "灭火器"}\nab01',
          'canonical bytes before 2000 and with UTF-8 text');
SELECT is(convert_from(log_entry_bytes('insp_a', 1, '2028-02-29 00:00:00+00', 'plan', '{}', '\x'), 'UTF8'),
          E'insp_a\n1\n2028-02-29T00:00:00.000000Z\nplan\n{}\n', 'canonical bytes on a leap day');
SELECT is(log_entry_hash('sha256', 'insp_a', 1, '2026-01-05 10:00:00.5+08', 'plan', '{"b": 1, "a": "x"}', '\x00'),
          sha256(log_entry_bytes('insp_a', 1, '2026-01-05 10:00:00.5+08', 'plan', '{"b": 1, "a": "x"}', '\x00')),
          'sha256 entry hash = sha256(canonical bytes)');
SELECT is(encode(log_entry_hash('sha256', 'insp_a', 1, '2026-01-05 10:00:00.5+08', 'plan', '{"b": 1, "a": "x"}',
                               '\x0000000000000000000000000000000000000000000000000000000000000000'), 'hex'),
          '8896b6d7f02390f7043659b1517f3f723bb3540862670d33e727c3dfda5a8e49',
          'the worked example of doc/inspection.md hashes to the documented value');
SELECT is(length(log_entry_hash('sm3', 'insp_a', 1, now(), 'plan', '{}', '\x')), 32, 'sm3 entry hashes have 32 bytes');
SELECT isnt(log_entry_hash('sm3', 'insp_a', 1, '2026-01-05', 'plan', '{}', '\x'),
            log_entry_hash('sha256', 'insp_a', 1, '2026-01-05', 'plan', '{}', '\x'), 'sm3 and sha256 differ');
SELECT throws_ok($$SELECT log_entry_hash('md5', 'insp_a', 1, now(), 'plan', '{}', '\x')$$, '22023',
                 'unknown ledger algorithm', 'an unknown algorithm: 22023');
SELECT throws_ok($$SELECT log_entry_bytes('insp_a', 1, 'infinity', 'plan', '{}', '\x')$$, '22023', NULL,
                 'an infinite time cannot be encoded: 22023');

-- ---- ledgers ---------------------------------------------------------------
SELECT lives_ok($$SELECT create_ledger('insp_s', 'sm3')$$, 'create_ledger opens an SM3 ledger');
SELECT throws_ok($$SELECT create_ledger('insp_s', 'sha256')$$, '23505', 'ledger already exists', 'a ledger twice: 23505');
SELECT throws_ok($$SELECT create_ledger('insp_b', 'sha1')$$, '22023', 'unknown ledger algorithm', 'unknown algorithm: 22023');
SELECT throws_ok($$SELECT create_ledger('nowhere')$$, '23503', 'unknown department', 'ledger of an unknown department: 23503');
SELECT throws_ok($$SELECT log_append('nowhere', 'plan', '{}')$$, '23503', NULL, 'appending to an unknown department: 23503');
SELECT throws_ok($$SELECT log_append('insp_a', 'gossip', '{}')$$, '23514', NULL, 'an unknown entry kind: 23514');

SELECT is(log_append('insp_a', 'plan', jsonb_build_object('n', g)), g::bigint, 'append returns seq ' || g)
  FROM generate_series(1, 6) g;
CREATE TEMP TABLE more AS
SELECT log_append('insp_b', 'draw', '{"n": 1}') UNION ALL SELECT log_append('insp_s', 'result', '{"n": 1}');
INSERT INTO more SELECT log_append('insp_s', 'result', '{"n": 2}');
SELECT is((SELECT algorithm FROM ledger WHERE name = 'insp_a'), 'sha256', 'an implicit ledger uses sha256');
SELECT is((SELECT count(*) FROM inspection_log l JOIN ledger g ON g.name = l.ledger
            WHERE l.hash <> log_entry_hash(g.algorithm, l.ledger, l.seq, l.at, l.kind, l.payload, l.prev_hash)), 0::bigint,
          'every hash is H(canonical bytes) with the ledger algorithm');
SELECT is((SELECT count(*) FROM inspection_log l WHERE l.ledger = 'insp_s' AND l.hash = sha256(log_entry_bytes(l.ledger, l.seq, l.at, l.kind, l.payload, l.prev_hash))),
          0::bigint, 'the SM3 ledger does not use sha256');
SELECT is((SELECT count(*) FROM inspection_log l JOIN inspection_log p ON p.ledger = l.ledger AND p.seq = l.seq - 1
            WHERE l.prev_hash <> p.hash), 0::bigint, 'each prev_hash is the hash of the previous entry');
SELECT is((SELECT prev_hash FROM inspection_log WHERE ledger = 'insp_a' AND seq = 1),
          '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea, 'the first prev_hash is 32 zero bytes');
SELECT results_eq($$SELECT * FROM verify_log()$$,
                  $$VALUES ('insp_a'::text, 6::bigint, true, NULL::bigint), ('insp_b', 1, true, NULL), ('insp_s', 2, true, NULL)$$,
                  'verify_log: every chain intact');
SELECT results_eq($$SELECT * FROM verify_log('insp_s')$$, $$VALUES ('insp_s'::text, 2::bigint, true, NULL::bigint)$$,
                  'verify_log of one ledger');

-- ---- tampering with the triggers disabled -----------------------------------
ALTER TABLE inspection_log DISABLE TRIGGER inspection_log_append_only;
SAVEPOINT t;
UPDATE inspection_log SET payload = '{"n": 33}' WHERE ledger = 'insp_a' AND seq = 3;
SELECT results_eq($$SELECT ok, first_bad_seq FROM verify_log('insp_a')$$, $$VALUES (false, 3::bigint)$$, 'an edited payload: seq 3');
ROLLBACK TO t;
UPDATE inspection_log SET at = at + interval '1 microsecond' WHERE ledger = 'insp_a' AND seq = 5;
SELECT results_eq($$SELECT ok, first_bad_seq FROM verify_log('insp_a')$$, $$VALUES (false, 5::bigint)$$, 'an edited time: seq 5');
ROLLBACK TO t;
UPDATE inspection_log SET payload = '{"n": 33}' WHERE ledger = 'insp_a' AND seq = 3;
UPDATE inspection_log l SET hash = log_entry_hash('sha256', l.ledger, l.seq, l.at, l.kind, l.payload, l.prev_hash)
 WHERE ledger = 'insp_a' AND seq = 3;
SELECT results_eq($$SELECT ok, first_bad_seq FROM verify_log('insp_a')$$, $$VALUES (false, 4::bigint)$$,
                  'an edited entry with a recomputed hash breaks the next link: seq 4');
ROLLBACK TO t;
UPDATE inspection_log SET payload = '{"n": 66}' WHERE ledger = 'insp_a' AND seq = 6;
UPDATE inspection_log l SET hash = log_entry_hash('sha256', l.ledger, l.seq, l.at, l.kind, l.payload, l.prev_hash)
 WHERE ledger = 'insp_a' AND seq = 6;
SELECT results_eq($$SELECT ok, first_bad_seq FROM verify_log('insp_a')$$, $$VALUES (false, 6::bigint)$$,
                  'the last entry rewritten with its hash no longer matches the head: seq 6');
ROLLBACK TO t;
DELETE FROM inspection_log WHERE ledger = 'insp_a' AND seq = 2;
SELECT results_eq($$SELECT entries, ok, first_bad_seq FROM verify_log('insp_a')$$, $$VALUES (5::bigint, false, 2::bigint)$$,
                  'a deleted middle entry: seq 2 is missing');
ROLLBACK TO t;
DELETE FROM inspection_log WHERE ledger = 'insp_a' AND seq = 6;
SELECT results_eq($$SELECT ok, first_bad_seq FROM verify_log('insp_a')$$, $$VALUES (false, 6::bigint)$$,
                  'a deleted last entry: the head still names seq 6');
ROLLBACK TO t;
DELETE FROM inspection_log WHERE ledger = 'insp_a';
SELECT results_eq($$SELECT entries, ok, first_bad_seq FROM verify_log('insp_a')$$, $$VALUES (0::bigint, false, 1::bigint)$$,
                  'every entry deleted: seq 1 is missing');
ROLLBACK TO t;
-- reorder: entries 2 and 3 swap places (their seq numbers are exchanged)
UPDATE inspection_log SET seq = seq + 100 WHERE ledger = 'insp_a' AND seq IN (2, 3);
UPDATE inspection_log SET seq = CASE seq WHEN 102 THEN 3 ELSE 2 END WHERE ledger = 'insp_a' AND seq IN (102, 103);
SELECT results_eq($$SELECT ok, first_bad_seq FROM verify_log('insp_a')$$, $$VALUES (false, 2::bigint)$$,
                  'two entries reordered: seq 2');
ROLLBACK TO t;
-- payloads of 4 and 5 swapped, hashes left
UPDATE inspection_log l SET payload = o.payload FROM inspection_log o
 WHERE l.ledger = 'insp_a' AND o.ledger = 'insp_a' AND (l.seq, o.seq) IN ((4, 5), (5, 4));
SELECT results_eq($$SELECT ok, first_bad_seq FROM verify_log('insp_a')$$, $$VALUES (false, 4::bigint)$$,
                  'two payloads swapped: seq 4');
ROLLBACK TO t;
INSERT INTO inspection_log SELECT ledger, 7, now(), 'plan', '{}', hash,
       log_entry_hash('sha256', ledger, 7, now(), 'plan', '{}', hash) FROM inspection_log WHERE ledger = 'insp_a' AND seq = 6;
SELECT results_eq($$SELECT entries, ok, first_bad_seq FROM verify_log('insp_a')$$, $$VALUES (7::bigint, false, 7::bigint)$$,
                  'a forged entry appended behind the head: seq 7');
ROLLBACK TO t;
UPDATE inspection_log SET payload = '{"n": 9}' WHERE ledger = 'insp_s' AND seq = 2;
SELECT results_eq($$SELECT ledger, ok, first_bad_seq FROM verify_log()$$,
                  $$VALUES ('insp_a'::text, true, NULL::bigint), ('insp_b', true, NULL), ('insp_s', false, 2::bigint)$$,
                  'an edit in the SM3 ledger is found, the other ledgers stay intact');
ROLLBACK TO t;
RELEASE t;
ALTER TABLE inspection_log ENABLE TRIGGER inspection_log_append_only;
SELECT results_eq($$SELECT ok FROM verify_log()$$, $$VALUES (true), (true), (true)$$, 'all chains intact again');

SELECT * FROM finish();
ROLLBACK;
