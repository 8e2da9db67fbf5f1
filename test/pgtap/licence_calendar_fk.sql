-- licence.calendar (40cc0192): both ways of issuing (the step by step
-- issue_licences() and the common way, lic_issue_fast() in src/licence.c)
-- store the calendar of the issuing case, not cn; a rename of that calendar
-- follows to the licences (ON UPDATE CASCADE) and their end stays judged on
-- it; a calendar a licence names is not deleted (23503, doc/calendar.md).
-- A hostile second reading of 40cc0192: the common way was tested only with
-- cases on cn, where a wrong calendar would not show.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(12);
SET LOCAL track_functions = 'all';  -- which way each issuance went: calls of issue_licences()
\ir licence_fixture.inc
CREATE FUNCTION pg_temp.explain_lines(q text) RETURNS SETOF text LANGUAGE plpgsql AS $f$
BEGIN RETURN QUERY EXECUTE 'EXPLAIN (COSTS OFF) ' || q; END $f$;
CREATE FUNCTION pg_temp.slow_calls() RETURNS bigint LANGUAGE sql AS $f$
  SELECT COALESCE(pg_stat_get_xact_function_calls('service_affair.issue_licences(bigint,timestamptz)'::regprocedure), 0) $f$;
INSERT INTO calendar (name, weekmask, timezone) VALUES ('lk_gulf', '1111111', 'Asia/Dubai');
UPDATE item SET calendar = 'lk_gulf' WHERE code = 'lc_reg';

SELECT submit('lc_reg', :p, '{form,id}', 'window', '{}', '2026-08-03 09:00+04') AS c1 \gset
SELECT submit('lc_reg', :q, '{form,id}', 'window', '{}', '2026-08-03 09:10+04') AS c2 \gset
SELECT is((SELECT calendar FROM cases WHERE id = :c1), 'lk_gulf', 'the cases are on the item''s calendar lk_gulf');
SELECT is(pg_temp.decide(:c1, 'approved', '2026-08-04 10:00+04') + pg_temp.decide(:c2, 'approved', '2026-08-04 11:00+04'), 2,
  'two registrations approved');
SELECT is(pg_temp.slow_calls(), 1::bigint, 'the first licence went the step by step way, the second the common way');
SELECT is((SELECT array_agg(l.calendar ORDER BY l.case_id) FROM licence l WHERE l.case_id IN (:c1, :c2)), '{lk_gulf,lk_gulf}'::text[],
  'both ways store the issuing case''s calendar');

-- the foreign key's referencing side is indexed: the rename's cascade
-- (and the delete's check) reads the licences of the calendar, not every
-- licence under the lock on the calendar row (the planner is told to avoid
-- a scan of a table this small; the cascade's query is planned at its first
-- use in the session, here)
SELECT has_index('service_affair', 'licence', 'licence_calendar_idx', ARRAY['calendar'],
  'licence.calendar has an index (licence_calendar_idx)');
SET LOCAL enable_seqscan = off;
SELECT COALESCE(pg_stat_get_xact_numscans(to_regclass('service_affair.licence_calendar_idx')), 0) AS scans0 \gset
UPDATE calendar SET name = 'lk_gulf2' WHERE name = 'lk_gulf';
SELECT cmp_ok(COALESCE(pg_stat_get_xact_numscans(to_regclass('service_affair.licence_calendar_idx')), 0), '>', :scans0::bigint,
  'the rename''s cascade reads licence_calendar_idx');
SELECT ok((SELECT string_agg(p, E'\n') FROM (SELECT * FROM pg_temp.explain_lines(
             $$SELECT 1 FROM ONLY service_affair.licence x WHERE 'lk_gulf2' OPERATOR(pg_catalog.=) x.calendar FOR KEY SHARE OF x$$)) e(p))
          ~ 'licence_calendar_idx',
  'the delete check''s query (the licences of a calendar) is an index scan of licence_calendar_idx');
RESET enable_seqscan;
SELECT is((SELECT array_agg(l.calendar ORDER BY l.case_id) FROM licence l WHERE l.case_id IN (:c1, :c2)), '{lk_gulf2,lk_gulf2}'::text[],
  'a rename of the calendar follows to the licences');
-- the last day (2027-08-04) is judged on the renamed calendar, in Dubai
SELECT is((SELECT bool_and(licence_ended(l.valid_until, '2027-08-04 23:59:59+04', l.calendar)) FROM licence l WHERE l.case_id IN (:c1, :c2)),
  false, 'in force until the end of 2027-08-04 in Dubai');
SELECT is((SELECT bool_and(licence_ended(l.valid_until, '2027-08-05 00:00:00+04', l.calendar)) FROM licence l WHERE l.case_id IN (:c1, :c2)),
  true, 'ended at midnight in Dubai');
SELECT throws_ok($$DELETE FROM service_affair.calendar WHERE name = 'lk_gulf2'$$, '23503', NULL,
  'a calendar the cases and licences name is not deleted');
-- the licences alone still hold it (the cases' rows moved to cn by hand)
SET LOCAL session_replication_role = replica;
UPDATE cases SET calendar = 'cn' WHERE id IN (:c1, :c2);
UPDATE task SET calendar = 'cn' WHERE case_id IN (:c1, :c2);
UPDATE item SET calendar = 'cn' WHERE code = 'lc_reg';
SET LOCAL session_replication_role = origin;
SELECT throws_like($$DELETE FROM service_affair.calendar WHERE name = 'lk_gulf2'$$, '%licence%',
  'a calendar only licences name is not deleted either (23503 on licence_calendar_fkey)');

SELECT * FROM finish();
ROLLBACK;
