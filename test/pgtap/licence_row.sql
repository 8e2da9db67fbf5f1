-- The speed work on licence issuance (issue 11, "Speed") keeps behaviour: the
-- seven CHECKs of licence became one CHECK through C (licence_row_ok;
-- 44_licences.sql) and still refuse every bad row; over a sample of rows with
-- NULLs it decides exactly as the former CHECK expressions did.  The issuing
-- statement now takes the case, holder and type from the pending-licence
-- query: an issued licence still carries the same number, holder, validity
-- and keyed hash.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(15);

SELECT is((SELECT string_agg(conname, ',') FROM pg_constraint
            WHERE conrelid = 'service_affair.licence'::regclass AND contype = 'c'),
  'licence_row', 'licence has one CHECK constraint, licence_row');

-- a licence issued on conclusion, then direct writes of bad values (superuser, no API)
INSERT INTO department (code, name, region) VALUES ('LR_D', 'Licence row test', '330225');
INSERT INTO evidence_type (code, name, validity_days, number_format) VALUES ('lr_permit', 'Permit', 30, 'LR{region}{year}{seq}');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, online, output_evidence_type)
VALUES ('lr_item', 'Permit item', 'LR_D', 'promised', 20, 5, true, 'lr_permit');
INSERT INTO material (item, code, name) VALUES ('lr_item', 'form', 'Form');
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Row test') RETURNING id AS p \gset
SELECT submit('lr_item', :p, '{form}', 'window', '{}', '2026-03-02 09:00+08') AS c \gset
SELECT complete_task((SELECT id FROM task WHERE case_id = :c), 'approved', '2026-03-03 10:00+08') AS done \gset
SELECT is((SELECT number || ' ' || valid_until || ' ' || status FROM licence WHERE case_id = :c),
  'LR3302252026000001 2026-04-02 valid', 'the conclusion issues the licence: number, validity, status');
SELECT ok((SELECT l.hmac = licence_hmac(k.key, licence_message(l.number, 'lr_permit', '11010519491231002X', '2026-03-03', '2026-04-02'))
             FROM licence l JOIN licence_key k USING (key_id) WHERE l.case_id = :c),
  'its keyed hash signs the number, type, holder identifier, local day of issue and last valid day');

CREATE TEMP TABLE bad_write (label text, sql text);
INSERT INTO bad_write VALUES
  ('an empty number', $$number = ''$$),
  ('a number of 301 bytes', $$number = repeat('x', 301)$$),
  ('an unknown status', $$status = 'lost', changed_at = now()$$),
  ('an unknown origin', $$origin = 'found'$$),
  ('a reference of 201 bytes', $$reference = repeat('r', 201)$$),
  ('an upper-case hmac', $$hmac = upper(hmac)$$),
  ('an issued licence without item', 'item = NULL'),
  ('a valid licence with a change time', 'changed_at = now()'),
  ('a superseded licence without change time', $$status = 'superseded'$$);
SELECT throws_ok(format('UPDATE service_affair.licence SET %s WHERE case_id = %s', b.sql, :c), '23514', NULL,
                 'a direct write of ' || b.label || ' is refused')
  FROM bad_write b ORDER BY b.label;
SELECT lives_ok(format($$UPDATE service_affair.licence SET status = 'revoked', changed_at = now(), reference = repeat('r', 200)
                         WHERE case_id = %s$$, :c),
  'a valid direct write passes');

-- the former CHECK expressions, verbatim, against the function, over a
-- random sample of rows built from good, bad and NULL values of each column
CREATE TEMP TABLE row_sample AS
SELECT (ARRAY['BL1', '', repeat('n', 300), repeat('n', 301), NULL])[1 + (random() * 4.99)::int] AS number,
       (ARRAY['valid', 'expired', 'revoked', 'superseded', 'Valid', NULL])[1 + (random() * 5.99)::int] AS status,
       (ARRAY['issued', 'recorded', 'other', NULL])[1 + (random() * 3.99)::int] AS origin,
       (ARRAY['ref', repeat('r', 200), repeat('r', 201), NULL])[1 + (random() * 3.99)::int] AS reference,
       (ARRAY[repeat('0a', 32), repeat('0A', 32), repeat('0a', 31), repeat('0a', 32) || E'\n', NULL])[1 + (random() * 4.99)::int] AS hmac,
       (ARRAY['lr_item', NULL])[1 + (random() * 1.99)::int] AS item,
       (ARRAY[now(), NULL])[1 + (random() * 1.99)::int] AS changed_at
  FROM generate_series(1, 20000);
SELECT is((SELECT count(*) FROM row_sample r
            WHERE licence_row_ok(number, status, origin, reference, hmac, item IS NOT NULL, changed_at IS NOT NULL)
                  IS DISTINCT FROM
                  ((number <> '' AND pg_catalog.octet_length(number) <= 300) IS NOT FALSE
                   AND (status IN ('valid', 'expired', 'revoked', 'superseded')) IS NOT FALSE
                   AND (origin IN ('issued', 'recorded')) IS NOT FALSE
                   AND (pg_catalog.octet_length(reference) <= 200) IS NOT FALSE
                   AND (hmac ~ '^[0-9a-f]{64}$') IS NOT FALSE
                   AND ((origin = 'issued') = (item IS NOT NULL)) IS NOT FALSE
                   AND ((status = 'valid') = (changed_at IS NULL)) IS NOT FALSE)),
  0::bigint, 'licence_row_ok() decides as the seven former CHECKs on 20,000 random rows (NULLs included)');
SELECT is(licence_row_ok('BL1', 'valid', 'issued', NULL, NULL, NULL, NULL), true,
  'NULL flags leave their conditions out, as NULL did in the former expressions');

SELECT * FROM finish();
ROLLBACK;
