-- case_progress() does the same work for every case number it is given with
-- a wrong identifier: an existing case (open or settled) and an unknown
-- number take the same statements and the same function calls, so that the
-- time of the answer does not tell which case numbers exist.  Until
-- 2026-12-05 an open case was read through open_case() and any other number
-- through settled_case(), two statements of case_progress() cached and
-- planned apart: an unknown number was answered some 90 us slower than an
-- existing one with a wrong identifier (a review; the timings are in
-- doc/benchmarks-access.md, not asserted here).  Checked by the calls the
-- transaction made of each function of the extension
-- (pg_stat_xact_user_functions, track_functions = all), which are the same
-- on every run.
SET search_path = service_affair, public;
BEGIN;
SELECT plan(6);
SET LOCAL track_functions = 'all';
INSERT INTO department (code, name, region) VALUES ('SW', 'Same work test', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit) VALUES
  ('sw_item', 'Item of SW', 'SW', 'promised', 20, 5);
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Same Work Person');
INSERT INTO applicant (kind, uscc, name) VALUES ('org', '91110000600037341L', 'Same Work Org');
INSERT INTO cases (service, service_kind, item, department, region, applicant, channel, status, returned,
                   submitted_at, calendar, promised_limit, legal_limit)
SELECT 'sw_item', 'item', 'sw_item', 'SW', '330225', a.id, 'window', 'returned', true,
       '2026-10-30 09:00+08', 'cn', 5, 20 FROM applicant a WHERE a.name = 'Same Work Person';
SELECT max(id) AS known, max(id) + 1000 AS unknown FROM cases \gset

-- the calls of the extension's functions one statement makes, as
-- 'function ×n', sorted
CREATE FUNCTION pg_temp.calls_of(q text) RETURNS text[] LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp AS $$  -- the names qualified
DECLARE before jsonb; r text[];
BEGIN
    SELECT COALESCE(jsonb_object_agg(f.funcid::text, f.calls), '{}') INTO before
      FROM pg_stat_xact_user_functions f WHERE f.schemaname = 'service_affair';
    EXECUTE q;
    SELECT array_agg(f.funcid::regprocedure::text || ' ×' || (f.calls - COALESCE((before->>f.funcid::text)::bigint, 0))
                     ORDER BY f.funcid::regprocedure::text)
      INTO r
      FROM pg_stat_xact_user_functions f
     WHERE f.schemaname = 'service_affair' AND f.calls > COALESCE((before->>f.funcid::text)::bigint, 0);
    RETURN r;
END
$$;
-- warm: every statement of case_progress() prepared once, by a right pair
SELECT isnt_empty(format('SELECT * FROM case_progress(%s, %L)', :known, '11010519491231002X'), 'a right pair answers');

CREATE TEMP TABLE work AS
SELECT 'known'::text AS path, pg_temp.calls_of(format('SELECT * FROM service_affair.case_progress(%s, %L)', :known, '91110000600037341L')) AS calls
UNION ALL
SELECT 'unknown', pg_temp.calls_of(format('SELECT * FROM service_affair.case_progress(%s, %L)', :unknown, '91110000600037341L'))
UNION ALL
SELECT 'known, malformed', pg_temp.calls_of(format('SELECT * FROM service_affair.case_progress(%s, %L)', :known, '110105194912310021'))
UNION ALL
SELECT 'unknown, malformed', pg_temp.calls_of(format('SELECT * FROM service_affair.case_progress(%s, %L)', :unknown, '110105194912310021'));

SELECT diag(path || ': ' || array_to_string(calls, ', ')) FROM work ORDER BY path;
SELECT ok((SELECT calls FROM work WHERE path = 'known') IS NOT NULL, 'the calls are counted (track_functions = all)');
SELECT is((SELECT calls FROM work WHERE path = 'unknown'), (SELECT calls FROM work WHERE path = 'known'),
          'an unknown case number and an existing one with a wrong identifier: the same calls');
SELECT is((SELECT calls FROM work WHERE path = 'unknown, malformed'), (SELECT calls FROM work WHERE path = 'known, malformed'),
          'and with a malformed identifier: the same calls');
SELECT ok((SELECT calls FROM work WHERE path = 'known') @> ARRAY['service_affair.case_by_state(bigint,boolean) ×1',
                                                               'service_affair.identifier_equal(text,text) ×1'],
          'both read the case through case_by_state() once and compare the identifier once');
SELECT is((SELECT count(*)::int FROM work, unnest(calls) c WHERE c ~ '(open_case|settled_case)\('), 0,
          'neither goes through open_case() or settled_case(), which told them apart');

SELECT * FROM finish();
ROLLBACK;
