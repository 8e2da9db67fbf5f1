-- The refresh of one subject's grade (credit_refresh_targets(at, subject),
-- run by every fact, review, repair, kept check and inspection result)
-- reads that subject alone: no sequential scan of the directory, and it
-- gives every target the grade a refresh of the whole directory gives.
-- Until 2026-12-02 it compared target.uscc as text (every target read for
-- every fact) and found the applicant of every kept check in the county;
-- and credit_profile read the whole directory for the draw grade of each
-- of its rows.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(10);
\ir credit_fixture.inc
\ir uscc17.inc
-- 10,000 targets, and the org applicant of the fixture among them
INSERT INTO target (uscc, name, region, industry, risk)
SELECT pg_temp.uscc17('9133022500' || lpad(i::text, 7, '0')), 'Refresh Org ' || i, '330225', 'I1',
       (ARRAY['A', 'B', 'C', 'D'])[1 + i % 4]
  FROM generate_series(1, 10000) i;
INSERT INTO target (uscc, name, region, industry, risk) VALUES ('91110000600037341L', 'Credit Org', '330225', 'I1', 'B');
ANALYZE target;

CREATE TEMP TABLE seq AS SELECT 0::bigint AS before;
CREATE FUNCTION pg_temp.target_seq_scans() RETURNS bigint LANGUAGE sql AS
  $$SELECT seq_scan FROM pg_stat_xact_user_tables WHERE relid = 'service_affair.target'::regclass$$;

-- facts of two targets and of a person
UPDATE seq SET before = pg_temp.target_seq_scans();
SELECT record_credit_event(pg_temp.uscc17('91330225000000008')::text, 'serious', 'refresh one a', '2026-11-02 10:00+08');
SELECT record_credit_event(pg_temp.uscc17('91330225000000008')::text, 'minor', 'refresh one b', '2026-11-03 10:00+08');
SELECT record_credit_event(pg_temp.uscc17('91330225000000012')::text, 'grave', 'refresh one c', '2026-11-04 10:00+08');
SELECT record_credit_event('11010519491231002X', 'minor', 'a person', '2026-11-05 10:00+08');
SELECT is(pg_temp.target_seq_scans() - (SELECT before FROM seq), 0::bigint,
          'four facts refresh their subjects without a sequential scan of the 10,001 targets');

UPDATE seq SET before = pg_temp.target_seq_scans();
SELECT is(credit_refresh_targets('2026-11-20 12:00+08', '91110000600037341L'), 0,
          'the org''s refresh changes nothing (no fact, no merit)');
SELECT is(pg_temp.target_seq_scans() - (SELECT before FROM seq), 0::bigint, 'nor does it scan the directory');
SELECT is(credit_refresh_targets('2026-11-20 12:00+08', 'not a uscc'), 0, 'a subject that is no USCC has no target: 0');
SELECT is(credit_refresh_targets('2026-11-20 12:00+08', pg_temp.uscc17('91330225999999999')::text), 0,
          'a USCC that is no target: 0');

-- what the one-subject refreshes left is what the whole directory gives
SELECT isnt((SELECT credit_risk FROM target WHERE uscc = pg_temp.uscc17('91330225000000008')), 'A',
          'a serious and a minor fact grade the target (hand-set A) up');
SELECT is((SELECT pg_catalog.count(*) FROM target WHERE credit_risk IS NOT NULL), 2::bigint, 'two targets have a derived grade');
SELECT is(credit_refresh_targets('2026-11-20 12:00+08'), 0, 'a refresh of the whole directory changes nothing after them');


-- credit_profile over the whole directory reads it a bounded number of times
UPDATE seq SET before = pg_temp.target_seq_scans();
SELECT is((SELECT pg_catalog.count(draw_grade) FROM credit_profile), 10001::bigint, 'every target has its draw grade in credit_profile');
SELECT cmp_ok(pg_temp.target_seq_scans() - (SELECT before FROM seq), '<=', 2::bigint,
              'and the whole view reads the directory at most twice (once per row before)');

SELECT * FROM finish();
ROLLBACK;
