-- Licence numbers (doc/licences.md, "Numbers"): the counter a format counts
-- in, numbers past 999,999, and a number taken already.  Each case here
-- failed on the tree of 2026-12-02 (a review's findings): a format without
-- {region} or {year} repeated its numbers in a second region or year and
-- every later approval there failed with 23505; {seq} was cut to 6 digits
-- from the millionth licence on; two types of one format without {type}
-- collided for good.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(15);
\ir licence_fixture.inc
INSERT INTO department (code, name, region) VALUES ('LC_FAR', 'Elsewhere (licence test)', '330226');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, tolerance_days, online, output_evidence_type) VALUES
  ('lc_org_far', 'Org certificate elsewhere', 'LC_FAR', 'promised', 20, 5, 5, true, 'lc_orgcert');
INSERT INTO material (item, code, name, required, tolerable) VALUES ('lc_org_far', 'form', 'Application form', true, false);
-- the number of the licence a case issued
CREATE FUNCTION pg_temp.num(case_id bigint) RETURNS text LANGUAGE sql
  AS $f$ SELECT string_agg(l.number, ',' ORDER BY l.id) FROM service_affair.licence l WHERE l.case_id = num.case_id $f$;

-- ------------------------------------------------------------ 1. a format without {region} or {year}: one counter
-- lc_orgcert's format is '{type}-{seq}'
SELECT submit('lc_org', :o, '{form}', 'window', '{}', '2026-08-03 09:00+08') AS a1 \gset
SELECT is(pg_temp.decide(:a1, 'approved', '2026-08-04 10:00+08'), 1, 'an org certificate approved in region 330225');
SELECT is(pg_temp.num(:a1), 'lc_orgcert-000001', 'its number');
SELECT submit('lc_org_far', :o, '{form}', 'window', '{}', '2026-08-03 09:00+08') AS a2 \gset
SELECT lives_ok(format($$SELECT pg_temp.decide(%s, 'approved', '2026-08-05 10:00+08')$$, :a2),
  'another approved in region 330226 (the same number and 23505 before)');
SELECT is(pg_temp.num(:a2), 'lc_orgcert-000002', 'it takes the next number of the one counter');
SELECT submit('lc_org', :o, '{form}', 'window', '{}', '2027-01-04 09:00+08') AS a3 \gset
SELECT lives_ok(format($$SELECT pg_temp.decide(%s, 'approved', '2027-01-05 10:00+08')$$, :a3),
  'another approved the next year');
SELECT results_eq($$SELECT region, year, last FROM licence_counter WHERE evidence_type = 'lc_orgcert'$$,
  $$VALUES (''::text, 0, 3::bigint)$$,
  'one counter row for every region and year (region '''', year 0), at 3');

-- ------------------------------------------------------------ 2. past 999,999: 7 digits and more, not cut
SELECT submit('lc_reg', :p, '{form,id}', 'window', '{}', '2026-08-03 09:00+08') AS b1 \gset
SELECT is(pg_temp.decide(:b1, 'approved', '2026-08-04 10:00+08'), 1, 'a business licence approved');
UPDATE licence_counter SET last = 999999 WHERE evidence_type = 'lc_bizlic';
SELECT submit('lc_reg', :q, '{form,id}', 'window', '{}', '2026-08-03 09:00+08') AS b2 \gset
SELECT submit('lc_reg', :p, '{form,id}', 'window', '{}', '2026-08-03 09:00+08') AS b3 \gset
SELECT is(pg_temp.decide(:b2, 'approved', '2026-08-05 10:00+08') + pg_temp.decide(:b3, 'approved', '2026-08-06 10:00+08'), 2,
  'the millionth business licence and the next (in C, src/licence.c) approved');
SELECT results_eq(format($$VALUES (pg_temp.num(%s)), (pg_temp.num(%s))$$, :b2, :b3),
  $$VALUES ('BL33022520261000000'::text), ('BL33022520261000001')$$,
  'their numbers carry 7 digits (BL3302252026100000 twice, the second 23505, before)');
UPDATE licence_counter SET last = 999999 WHERE evidence_type = 'lc_orgcert';
SELECT submit('lc_org', :o, '{form}', 'window', '{}', '2027-02-01 09:00+08') AS a4 \gset
SELECT is(pg_temp.decide(:a4, 'approved', '2027-02-02 10:00+08'), 1, 'the millionth org certificate (in PL/pgSQL, issue_licence())');
SELECT is(pg_temp.num(:a4), 'lc_orgcert-1000000', 'its number carries 7 digits');

-- ------------------------------------------------------------ 3. a number taken already is passed over
-- two types of one format without {type}: each counts its own numbers, the
-- numbers are one space
INSERT INTO evidence_type (code, name, holder_kind, number_format) VALUES
  ('lc_ta', 'Permit A', 'any', 'T{region}{year}{seq}'), ('lc_tb', 'Permit B', 'any', 'T{region}{year}{seq}');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, tolerance_days, online, output_evidence_type) VALUES
  ('lc_ia', 'Permit A', 'LC_MKT', 'promised', 20, 5, 5, true, 'lc_ta'),
  ('lc_ib', 'Permit B', 'LC_MKT', 'promised', 20, 5, 5, true, 'lc_tb');
INSERT INTO material (item, code, name, required, tolerable) VALUES
  ('lc_ia', 'form', 'Application form', true, false), ('lc_ib', 'form', 'Application form', true, false);
SELECT submit('lc_ia', :p, '{form}', 'window', '{}', '2026-09-01 09:00+08') AS t1 \gset
SELECT submit('lc_ib', :p, '{form}', 'window', '{}', '2026-09-01 09:00+08') AS t2 \gset
SELECT submit('lc_ia', :q, '{form}', 'window', '{}', '2026-09-01 09:00+08') AS t3 \gset
SELECT submit('lc_ib', :q, '{form}', 'window', '{}', '2026-09-01 09:00+08') AS t4 \gset
SELECT lives_ok(format($$SELECT pg_temp.decide(%s, 'approved', '2026-09-02 10:00+08'), pg_temp.decide(%s, 'approved', '2026-09-02 10:01+08'),
                                pg_temp.decide(%s, 'approved', '2026-09-02 10:02+08'), pg_temp.decide(%s, 'approved', '2026-09-02 10:03+08')$$,
                        :t1, :t2, :t3, :t4),
  'four permits of the two types approved (the second failed with 23505 before, and every one after it)');
SELECT results_eq(format($$VALUES (pg_temp.num(%s)), (pg_temp.num(%s)), (pg_temp.num(%s)), (pg_temp.num(%s))$$, :t1, :t2, :t3, :t4),
  $$VALUES ('T3302252026000001'::text), ('T3302252026000002'), ('T3302252026000003'), ('T3302252026000004')$$,
  'each takes the next free number: the first of B passes over A''s, the second of A (the C path leaves it to issue_licence()) over B''s');
SELECT results_eq($$SELECT evidence_type, last FROM licence_counter WHERE evidence_type IN ('lc_ta', 'lc_tb') ORDER BY 1$$,
  $$VALUES ('lc_ta'::text, 3::bigint), ('lc_tb', 4::bigint)$$, 'each type''s counter stands at its last number');
SELECT is((SELECT count(*) FROM licence l JOIN licence_key k ON k.key_id = l.key_id
            WHERE l.evidence_type IN ('lc_ta', 'lc_tb', 'lc_bizlic', 'lc_orgcert')
              AND l.hmac = licence_hmac(k.key, licence_message(l.number, l.evidence_type,
                             (SELECT coalesce(a.resident_id::text, a.uscc::text) FROM applicant a WHERE a.id = l.holder),
                             local_day(l.issued_at, 'cn'), l.valid_until))),
  (SELECT count(*) FROM licence WHERE evidence_type IN ('lc_ta', 'lc_tb', 'lc_bizlic', 'lc_orgcert')),
  'every licence here is signed over the number it carries');

SELECT * FROM finish();
ROLLBACK;
