-- Intake functions are safe against a hostile search_path (contrib/seg style)
-- and are not executable by PUBLIC.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(7);
\ir intake_fixture.inc

SELECT is(
  (SELECT array_agg(DISTINCT p.proname::text ORDER BY p.proname::text) FROM pg_proc p
    WHERE p.pronamespace = 'service_affair'::regnamespace
      AND p.proname IN ('completeness', 'submit', 'notice', 'supplement', 'withdraw', 'record_visit', 'deliver')
      AND p.prosecdef AND p.proconfig @> ARRAY['search_path=pg_catalog, pg_temp']),
  ARRAY['completeness', 'deliver', 'notice', 'record_visit', 'submit', 'supplement', 'withdraw'],
  'every intake API function is SECURITY DEFINER with a pinned search_path');
SELECT is(
  (SELECT array_agg(p.proname::text ORDER BY p.proname) FROM pg_proc p
    WHERE p.pronamespace = 'service_affair'::regnamespace
      AND p.proname IN ('completeness', 'submit', 'notice', 'supplement', 'withdraw', 'record_visit', 'deliver',
                        'assess', 'classify_materials', 'check_service_applicant', 'lock_case', 'start_clock', 'service_info')
      AND has_function_privilege('public', p.oid, 'EXECUTE')),
  NULL, 'no intake API or helper function is executable by PUBLIC');

-- a hostile "=" on text, found before pg_catalog in the caller's search_path
CREATE SCHEMA intake_evil;
CREATE FUNCTION intake_evil.always(text, text) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT true';
CREATE OPERATOR intake_evil.= (LEFTARG = text, RIGHTARG = text, FUNCTION = intake_evil.always);
SET search_path = intake_evil, pg_catalog, service_affair, public;
-- run the calls under the hostile path, keep the answers, assert afterwards
-- (pgTAP itself would be fooled by the hostile operator)
CREATE TEMP TABLE evil_eq AS SELECT 'a'::text = 'b'::text AS eq;
CREATE TEMP TABLE evil_comp AS
  SELECT * FROM service_affair.completeness('it_biz', :good, '{form}', '{pledge}', '2026-11-18 10:00+08');
CREATE TEMP TABLE evil_err (state text);
CREATE TEMP TABLE ids AS SELECT :good::bigint AS good;
DO $$
BEGIN
  PERFORM service_affair.submit('it_biz', (SELECT good FROM ids), '{form, nope}');
  INSERT INTO evil_err VALUES ('none');
EXCEPTION WHEN OTHERS THEN
  INSERT INTO evil_err VALUES (SQLSTATE);
END $$;
SELECT service_affair.submit('it_shop', :good, '{form}', 'online', '{}', '2026-11-18 10:00+08') AS r \gset
CREATE TEMP TABLE evil_notice AS SELECT * FROM service_affair.notice(:r);
CREATE TEMP TABLE evil_sup AS SELECT service_affair.supplement(:r, '{health}', '2026-11-19 10:00+08') AS st;
SET search_path = service_affair, public;

SELECT ok((SELECT eq FROM evil_eq), 'the hostile operator was in effect for the caller');
SELECT results_eq('SELECT material, status FROM evil_comp',
  $$VALUES ('form'::text, 'present'::text), ('id', 'shared'), ('lease', 'tolerated'), ('photo', 'optional'), ('pledge', 'committed')$$,
  'completeness() is not affected by the caller''s operators');
SELECT is((SELECT state FROM evil_err), '22023', 'submit() still refuses unknown codes');
SELECT results_eq('SELECT material FROM evil_notice', $$VALUES ('health'::text), ('lease'), ('pledge')$$,
  'notice() is not affected by the caller''s operators');
SELECT is((SELECT st FROM evil_sup), 'returned', 'supplement() is not affected by the caller''s operators');

SELECT * FROM finish();
ROLLBACK;
