-- verify_licence() does the same work for every licence number it is given
-- with a wrong identifier: an existing number and an unknown one take the
-- same statements, read as many rows of licence and applicant, and make the
-- same function calls (the identifier compared in constant time), so that
-- the time of the answer does not tell which licence numbers exist.  Until
-- 2026-12-05 one statement joined the licence and its holder on the number
-- and the identifier (text =): an unknown number read no licence row and no
-- applicant, an existing one with a wrong identifier both (a review; the
-- timings are in doc/benchmarks-access.md, not asserted here).  Checked by
-- the transaction's counters of the two tables (pg_stat_xact_user_tables)
-- and of the extension's functions (pg_stat_xact_user_functions,
-- track_functions = all), which are the same on every run.
SET search_path = service_affair, public;
BEGIN;
SELECT plan(10);
SET LOCAL track_functions = 'all';
-- the reads counted are those of an index (licence.idx_scan ×1 below), as
-- in a county's tables: with the planner's own figures of these two small
-- tables, which a file run before this one in the same database can leave
-- in pg_class (an ANALYZE writes them in place; its ROLLBACK keeps them),
-- relpages 1 and reltuples 0 made every read a sequential scan and
-- assertion 2 failed.  Set before the first call, so that no plan of
-- verify_licence() is made with sequential scans on.
SET LOCAL enable_seqscan = off;
INSERT INTO department (code, name, region) VALUES ('LSW', 'Licence same work test', '330225');
INSERT INTO evidence_type (code, name, holder_kind, source_department, validity_days, share_without_consent, number_format)
VALUES ('lsw_lic', 'Same work licence', 'any', 'LSW', 365, true, 'LSW{region}{year}{seq}');
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Same Work Holder');
INSERT INTO applicant (kind, uscc, name) VALUES ('org', '91110000600037341L', 'Same Work Org');
-- two licences, a number free between them
INSERT INTO licence (number, evidence_type, holder, case_id, issued_at, valid_until, status, department, origin, reference, key_id, hmac, calendar)
SELECT v.n, 'lsw_lic', a.id, v.c, '2026-01-01', NULL, 'valid', 'LSW', 'recorded', 'same work', 'k1', repeat('0', 64), 'cn'
  FROM (VALUES ('LSW3302252026000001', 1, 'Same Work Holder'), ('LSW3302252026000003', 2, 'Same Work Org')) v(n, c, holder)
  JOIN applicant a ON a.name = v.holder;

-- the reads of licence and applicant and the calls of the extension's
-- functions one statement makes, as 'name ×n', sorted
CREATE FUNCTION pg_temp.work_of(q text) RETURNS text[] LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp AS $$  -- the names qualified
DECLARE before jsonb; r text[];
BEGIN
    SELECT COALESCE(jsonb_object_agg(k, v), '{}') INTO before FROM (
        SELECT f.funcid::regprocedure::text AS k, f.calls AS v
          FROM pg_stat_xact_user_functions f WHERE f.schemaname = 'service_affair'
        UNION ALL
        SELECT t.relname || '.' || c.k, c.v
          FROM pg_stat_xact_user_tables t,
               LATERAL (VALUES ('seq_scan', t.seq_scan), ('seq_tup_read', t.seq_tup_read),
                               ('idx_scan', t.idx_scan), ('idx_tup_fetch', t.idx_tup_fetch)) c(k, v)
         WHERE t.schemaname = 'service_affair' AND t.relname IN ('licence', 'applicant')) s;
    EXECUTE q;
    SELECT array_agg(k || ' ×' || (v - COALESCE((before->>k)::bigint, 0)) ORDER BY k) INTO r FROM (
        SELECT f.funcid::regprocedure::text AS k, f.calls AS v
          FROM pg_stat_xact_user_functions f WHERE f.schemaname = 'service_affair'
        UNION ALL
        SELECT t.relname || '.' || c.k, c.v
          FROM pg_stat_xact_user_tables t,
               LATERAL (VALUES ('seq_scan', t.seq_scan), ('seq_tup_read', t.seq_tup_read),
                               ('idx_scan', t.idx_scan), ('idx_tup_fetch', t.idx_tup_fetch)) c(k, v)
         WHERE t.schemaname = 'service_affair' AND t.relname IN ('licence', 'applicant')) s
     WHERE v > COALESCE((before->>k)::bigint, 0);
    RETURN r;
END
$$;
-- warm: every statement of verify_licence() prepared once, by a right pair
SELECT is(verify_licence('LSW3302252026000001', '11010519491231002x'), 'valid', 'a right pair answers valid (the identifier upper-cased)');

CREATE TEMP TABLE work AS
SELECT 'known'::text AS path, pg_temp.work_of(format('SELECT service_affair.verify_licence(%L, %L)', 'LSW3302252026000001', '91110000600037341L')) AS work
UNION ALL  -- between two existing numbers
SELECT 'unknown', pg_temp.work_of(format('SELECT service_affair.verify_licence(%L, %L)', 'LSW3302252026000002', '91110000600037341L'))
UNION ALL  -- before every number
SELECT 'unknown, first', pg_temp.work_of(format('SELECT service_affair.verify_licence(%L, %L)', 'LSW0', '91110000600037341L'))
UNION ALL
SELECT 'known, garbage identifier', pg_temp.work_of(format('SELECT service_affair.verify_licence(%L, %L)', 'LSW3302252026000001', 'nobody'))
UNION ALL
SELECT 'unknown, garbage identifier', pg_temp.work_of(format('SELECT service_affair.verify_licence(%L, %L)', 'LSW3302252026000002', 'nobody'));

SELECT diag(path || ': ' || array_to_string(work, ', ')) FROM work ORDER BY path;
SELECT ok((SELECT work FROM work WHERE path = 'known') @> ARRAY['licence.idx_scan ×1'],
          'the reads are counted (pg_stat_xact_user_tables)');
SELECT ok((SELECT work FROM work WHERE path = 'known') @> ARRAY['service_affair.progress_gate(boolean) ×2'],
          'the calls are counted (track_functions = all)');
SELECT is((SELECT work FROM work WHERE path = 'unknown'), (SELECT work FROM work WHERE path = 'known'),
          'an unknown number between two existing ones: the same reads and calls as an existing number with a wrong identifier');
SELECT is((SELECT work FROM work WHERE path = 'unknown, first'), (SELECT work FROM work WHERE path = 'known'),
          'an unknown number before every number: the same');
SELECT is((SELECT work FROM work WHERE path = 'unknown, garbage identifier'), (SELECT work FROM work WHERE path = 'known, garbage identifier'),
          'a malformed identifier: the same for an existing and an unknown number');
SELECT ok((SELECT work FROM work WHERE path = 'known') @> ARRAY['service_affair.identifier_equal(text,text) ×1'],
          'the identifier is compared by identifier_equal() (constant time)');
-- the answers are the same too: unknown, and the budget counted for both
SELECT is(verify_licence('LSW3302252026000001', '91110000600037341L'), 'unknown', 'an existing number, another holder: unknown');
SELECT is(verify_licence('LSW3302252026000002', '91110000600037341L'), 'unknown', 'an unknown number: unknown');
SELECT is(verify_licence('LSW3302252026000003', '91110000600037341l'), 'valid', 'the other holder''s own licence: valid');
SELECT * FROM finish();
ROLLBACK;
