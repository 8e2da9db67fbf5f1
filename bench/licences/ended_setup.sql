-- Setup of bench/licences/ended_ab.sh (a review of 1493ab2d).
SET search_path = service_affair, public;
INSERT INTO department (code, name, region) VALUES ('BX', 'Bench', '330225');
INSERT INTO calendar (name, weekmask, timezone) VALUES ('bx_utc', '1111111', 'UTC'), ('bx_west', '1111111', 'Etc/GMT+12');
INSERT INTO evidence_type (code, name, holder_kind, validity_days)
SELECT 'bx_t' || g, 'Type ' || g, 'any', 365 FROM generate_series(1, 5) g;
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, tolerance_days, online)
VALUES ('bx_i', 'Bench item', 'BX', 'promised', 20, 5, 5, true);
INSERT INTO material (item, code, name, required, tolerable, evidence_type)
SELECT 'bx_i', 'm' || g, 'M ' || g, true, false, 'bx_t' || g FROM generate_series(1, 5) g;
INSERT INTO material (item, code, name, required, tolerable, evidence_type) VALUES ('bx_i', 'form', 'Form', true, false, NULL);
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'None'), ('person', '330225198001010018', 'Valid'), ('person', '330225198207070032', 'Lastday');
-- licences inserted directly (superuser): valid ones, and ones whose last day was yesterday on cn
INSERT INTO licence_key (key_id, key, active) SELECT 'bk', '\x00112233445566778899aabbccddeeff'::bytea, true WHERE NOT EXISTS (SELECT FROM licence_key WHERE active);
ALTER TABLE licence DROP CONSTRAINT licence_row;
INSERT INTO licence (number, evidence_type, holder, case_id, issued_at, valid_until, status, department, origin, key_id, hmac, calendar)
SELECT 'BV' || g, 'bx_t' || g, (SELECT id FROM applicant WHERE name = 'Valid'), 1000 + g, now() - interval '30 days', local_day(now(), 'cn') + 100, 'valid', 'BX', 'issued', 'bk', 'x', 'cn'
  FROM generate_series(1, 5) g;
INSERT INTO licence (number, evidence_type, holder, case_id, issued_at, valid_until, status, department, origin, key_id, hmac, calendar)
SELECT 'BL' || g, 'bx_t' || g, (SELECT id FROM applicant WHERE name = 'Lastday'), 2000 + g, now() - interval '30 days', local_day(now(), 'cn') - 1, 'valid', 'BX', 'issued', 'bk', 'x', 'cn'
  FROM generate_series(1, 5) g;
ANALYZE;
CREATE FUNCTION public.tm_new(who text, n integer) RETURNS numeric LANGUAGE plpgsql AS $f$
DECLARE t0 timestamptz; a bigint; i integer; x bigint;
BEGIN
  SELECT id INTO a FROM service_affair.applicant WHERE name = who;
  t0 := clock_timestamp();
  FOR i IN 1..n LOOP
    SELECT count(*) INTO x FROM service_affair.catalog_entries('bx_i', a, 'person', now()) WHERE flags & 8 <> 0;
  END LOOP;
  RETURN round(extract(epoch FROM clock_timestamp() - t0) * 1e6 / n, 1);
END $f$;
CREATE FUNCTION public.tm_old(who text, n integer) RETURNS numeric LANGUAGE plpgsql AS $f$
DECLARE t0 timestamptz; a bigint; i integer; x bigint;
BEGIN
  SELECT id INTO a FROM service_affair.applicant WHERE name = who;
  t0 := clock_timestamp();
  FOR i IN 1..n LOOP
    SELECT count(*) INTO x FROM service_affair.catalog_entries_old('bx_i', a, 'person', now()) WHERE flags & 8 <> 0;
  END LOOP;
  RETURN round(extract(epoch FROM clock_timestamp() - t0) * 1e6 / n, 1);
END $f$;
