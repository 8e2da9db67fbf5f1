-- Do the judges of a licence's end agree at the boundaries?  Walks instants
-- around the local midnights of two calendars far apart (cn, UTC+8, and
-- Etc/GMT+12, UTC-12) and compares intake on an item of each (completeness()
-- and submit()), expire_licences() (in a subtransaction rolled back),
-- licence_review (after the licence's case is revoked: the cases listed are
-- the ones intake took the licence for) and verify_licence() at now().
-- The licence, issued by a case on cn, ends at midnight on cn (03-04
-- 16:00Z) for every reader: the far-west calendar does not move it.  A
-- review of licence_ended() (2026-12-07); on the every-calendar rule
-- (1493ab2d: in force until 03-04 ended at UTC-12, 03-05 12:00Z)
-- assertion 4 fails.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(6);
\ir licence_fixture.inc
UPDATE evidence_type SET validity_days = 1 WHERE code = 'lc_bizlic';
INSERT INTO calendar (name, weekmask, timezone) VALUES ('lw_west', '1111111', 'Etc/GMT+12');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, tolerance_days, online, calendar) VALUES
  ('lw_zw', 'Zone west', 'LC_MKT', 'promised', 20, 5, 5, true, 'lw_west');
INSERT INTO material (item, code, name, required, tolerable, evidence_type) VALUES
  ('lw_zw', 'form',   'Application form', true, false, NULL),
  ('lw_zw', 'bizlic', 'Business licence', true, false, 'lc_bizlic');
CREATE FUNCTION pg_temp.bizlic(service text, applicant bigint, at timestamptz) RETURNS text
LANGUAGE sql AS $f$
  SELECT status FROM service_affair.completeness(service, applicant, '{form}', '{}', at) WHERE material = 'bizlic'
$f$;
-- how many licences expire_licences(at) marks, rolled back
CREATE FUNCTION pg_temp.run_marks(at timestamptz) RETURNS integer
LANGUAGE plpgsql AS $f$
DECLARE n integer;
BEGIN
  BEGIN
    n := service_affair.expire_licences(at);
    RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'rollback', DETAIL = n::text;
  EXCEPTION WHEN raise_exception THEN
    GET STACKED DIAGNOSTICS n = PG_EXCEPTION_DETAIL;
    RETURN n;
  END;
END
$f$;

SELECT submit('lc_reg', :p, '{form,id}', 'window', '{}', '2026-03-02 10:00+08') AS r1 \gset
SELECT is(pg_temp.decide(:r1, 'approved', '2026-03-03 10:00+08'), 1, 'L1 issued, valid until 03-04');
-- the instants: around 03-05 00:00 in UTC+8 (03-04 16:00Z) and 03-05 00:00
-- in UTC-12 (03-05 12:00Z)
CREATE TEMP TABLE walk AS
SELECT m + o AS at
  FROM unnest(ARRAY['2026-03-04 16:00Z', '2026-03-05 12:00Z']::timestamptz[]) m,
       unnest(ARRAY['-1 hour', '-1 second', '0', '1 second', '1 hour']::interval[]) o;
CREATE TEMP TABLE judged AS
SELECT w.at, pg_temp.bizlic('lc_sign', :p, w.at) AS cn, pg_temp.bizlic('lw_zw', :p, w.at) AS west,
       pg_temp.run_marks(w.at) AS marks
  FROM walk w;
SELECT is((SELECT count(*) FROM judged WHERE cn <> west), 0::bigint, 'intake on cn and on UTC-12 agree at every instant');
SELECT is((SELECT count(*) FROM judged WHERE (cn = 'shared') = (marks = 1)), 0::bigint,
  'the run marks the licence exactly when intake stops taking it');
SELECT results_eq($$SELECT at, cn FROM judged ORDER BY at$$,
  $$SELECT at, CASE WHEN at < '2026-03-04 16:00Z' THEN 'shared' ELSE 'missing' END FROM walk ORDER BY at$$,
  'in force until 03-04 ends on cn, its issuing case''s calendar, a far-west calendar notwithstanding');

-- licence_review: a case submitted at each instant on each item, then L1's
-- case revoked: listed exactly the cases whose bizlic intake took as shared
CREATE TEMP TABLE walked_case AS
SELECT w.at, s.item, submit(s.item, :p, '{form}', 'window', '{}', w.at) AS case_id
  FROM walk w, unnest(ARRAY['lc_sign', 'lw_zw']) s(item);
UPDATE cases SET status = 'revoked', revoked_at = now() WHERE id = :r1;
SELECT set_eq(format('SELECT case_id FROM licence_review WHERE revoked_case = %s', :r1),
  $$SELECT w.case_id FROM walked_case w JOIN case_material cm ON cm.case_id = w.case_id
     WHERE cm.material = 'bizlic' AND cm.initial_status = 'shared'$$,
  'licence_review lists exactly the cases intake took the licence for');

-- verify_licence() at now() against intake at now(), the last day moved
-- around now() on both calendars
SELECT submit('lc_reg', :q, '{form,id}', 'window', '{}', '2026-03-02 10:00+08') AS r2 \gset
SELECT pg_temp.decide(:r2, 'approved', '2026-03-03 10:00+08') AS d2 \gset
SELECT number AS n2 FROM licence WHERE case_id = :r2 \gset
CREATE FUNCTION pg_temp.verify_at(d date, n text) RETURNS text[]
LANGUAGE plpgsql AS $f$
BEGIN
  UPDATE service_affair.licence SET valid_until = d WHERE number = n;
  RETURN ARRAY[service_affair.verify_licence(n, '330225198001010018'),
               (SELECT status FROM service_affair.completeness('lc_sign', l.holder, '{form}', '{}', now()) WHERE material = 'bizlic'),
               (SELECT status FROM service_affair.completeness('lw_zw', l.holder, '{form}', '{}', now()) WHERE material = 'bizlic')]
    FROM service_affair.licence l WHERE l.number = n;
END
$f$;
SELECT is((SELECT count(*) FROM generate_series((local_day(now(), 'lw_west') - 2)::timestamp, (local_day(now(), 'cn') + 1)::timestamp, '1 day') d,
                 LATERAL (SELECT pg_temp.verify_at(d::date, :'n2') v) x
            WHERE NOT (v[2] = v[3] AND (v[1] = 'valid') = (v[2] = 'shared'))), 0::bigint,
  'verify_licence() at now() agrees with intake on either calendar, whatever the last day');

SELECT * FROM finish();
ROLLBACK;
