-- Electronic licences: an evidence type the issuance cannot use is refused
-- when the registry is written (constraint evidence_type_issuable, the bound
-- of validity_days), not at every approval of an item issuing it, where the
-- licence failed and the decision with it; record_evidence() refuses a last
-- valid day the signed message cannot write.  Hostile pass of 2026-12-02.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(17);
\ir licence_fixture.inc

-- ------------------------------------------------------------ 1. the registry refuses
SELECT throws_ok($$UPDATE evidence_type SET validity_days = 3000000 WHERE code = 'lc_bizlic'$$,
  '23514', NULL, 'a validity reaching past the year 9999: refused (every approval failed with 22023)');
SELECT throws_ok($$UPDATE evidence_type SET validity_days = 2147483647 WHERE code = 'lc_bizlic'$$,
  '23514', NULL, 'a validity overflowing the date: refused (every approval failed with 22008)');
SELECT throws_ok($$UPDATE evidence_type SET validity_days = 0 WHERE code = 'lc_bizlic'$$,
  '23514', NULL, 'a validity of 0 days: refused, as before');
SELECT throws_ok($$UPDATE evidence_type SET number_format = E'BL\n{seq}' WHERE code = 'lc_bizlic'$$,
  '23514', 'new row for relation "evidence_type" violates check constraint "evidence_type_issuable"',
  'a line feed in the number format: refused (the signed message is line-based)');
SELECT throws_ok($$INSERT INTO evidence_type (code, name) VALUES (E'lc\nbad', 'Bad')$$,
  '23514', NULL, 'a line feed in the code: refused');
SELECT throws_ok(format($$INSERT INTO evidence_type (code, name, number_format) VALUES (%L, 'Long', '{type}{type}{seq}')$$,
                        repeat('z', 200)),
  '23514', 'new row for relation "evidence_type" violates check constraint "evidence_type_issuable"',
  'a format whose numbers exceed 300 bytes: refused (every approval failed with 23514 on licence_row)');
SELECT throws_ok($$UPDATE evidence_type SET code = repeat('y', 200), number_format = '{type}-{type}-{seq}' WHERE code = 'lc_orgcert'$$,
  '23514', NULL, 'a rename and a format together giving a number over 300 bytes: refused');
SELECT lives_ok(format($$INSERT INTO evidence_type (code, name, validity_days) VALUES (%L, 'Long but fits', 36500)$$,
                       repeat('w', 200)),
  'a 200-byte code with the default format and 100 years of validity: taken');

-- ------------------------------------------------------------ 2. what it took issues
UPDATE evidence_type SET validity_days = 36500 WHERE code = 'lc_bizlic';
-- an optional material of a long-coded type held by organisations (section 4)
INSERT INTO evidence_type (code, name, holder_kind) VALUES (repeat('v', 200), 'Org only, long code', 'org');
INSERT INTO material (item, code, name, required, evidence_type) VALUES ('lc_reg', 'orgdoc', 'Org document', false, repeat('v', 200));
SELECT submit('lc_reg', :p, '{form,id}', 'window', '{}', '2026-08-03 09:00+08') AS c1 \gset
SELECT is(pg_temp.decide(:c1, 'approved', '2026-08-04 09:00+08'), 1, 'the case is approved');
SELECT results_eq(format($$SELECT status, valid_until FROM licence WHERE case_id = %s$$, :c1),
  $$VALUES ('valid'::text, '2126-07-11'::date)$$, 'the licence of the longest validity is issued');

-- ------------------------------------------------------------ 3. record_evidence()
SELECT throws_ok(format($$SELECT record_evidence(%s, 'lc_idcard', 'paper', '10000-01-01')$$, :c1),
  '22023', 'valid_until is too late', 'a last valid day after 9999-12-31: 22023 saying so');
SELECT throws_ok(format($$SELECT record_evidence(%s, 'lc_idcard', 'paper', '5874897-12-31')$$, :c1),
  '22023', 'valid_until is too late', 'the last date PostgreSQL knows: the same');
SELECT is((SELECT count(*) FROM licence WHERE case_id = :c1), 1::bigint, 'nothing was recorded');
SELECT lives_ok(format($$SELECT record_evidence(%s, 'lc_idcard', 'paper', '9999-12-31')$$, :c1),
  'the last day of 9999: recorded');

-- ------------------------------------------------------------ 4. echoed codes are cut to 64 characters
SELECT throws_ok(format($$SELECT record_evidence(%s, %L, 'paper', NULL)$$, :c1, repeat('w', 200)),
  '42501', format('case %s does not declare evidence type %s', :c1, repeat('w', 64)),
  'a registered 200-byte type the case does not declare: its code echoed cut to 64 characters');
SELECT throws_ok(format($$SELECT record_evidence(%s, %L, 'paper', NULL)$$, :c1, repeat('v', 200)),
  '22023', format('evidence type %s is not held by a person', repeat('v', 64)),
  'a type of another holder kind: its code echoed cut to 64 characters');
-- and made printable (printable()): until 2026-12-07 a registered code's
-- carriage return (no line feed: evidence_type_issuable) went into the
-- message as typed (a second read)
INSERT INTO evidence_type (code, name) VALUES (E'w\rw', 'A code with a carriage return');
SELECT throws_ok(format($$SELECT record_evidence(%s, %L, 'paper', NULL)$$, :c1, E'w\rw'),
  '42501', format('case %s does not declare evidence type w?w', :c1),
  'a registered type the case does not declare: its carriage return echoed as ?');

SELECT * FROM finish();
ROLLBACK;
