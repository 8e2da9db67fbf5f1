-- intake_credit_ok()'s fast path (an empty record: no standing computed)
-- ignores the manual flag's log entries (flag_set, flag_cleared: no facts,
-- credit_event_status never counts them).  Review of 2026-12-07 (of
-- 388e3b72): the fast path asked for any row of the subject, so an applicant
-- once flagged and cleared took the slow path (credit_ok_for_intake(), the
-- whole standing) at every submission.  On that code 2 fails (the slow path
-- is taken); the answers (1, 3-6) are the same on both.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(6);
\ir credit_fixture.inc
SET LOCAL track_functions = 'pl';
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '330225199001010012', 'Cleared Person');
INSERT INTO applicant (kind, resident_id, name, credit_ok) VALUES ('person', '330225198001010018', 'Flagged Person', false);
CREATE TEMP TABLE ap AS SELECT
  (SELECT id FROM applicant WHERE name = 'Cleared Person') AS c,
  (SELECT id FROM applicant WHERE name = 'Flagged Person') AS f;
-- flagged and cleared, twice: four log entries, no fact
SELECT set_credit_flag(c, false, 'checking a report'), set_credit_flag(c, true, 'report unfounded') FROM ap \gset
SELECT set_credit_flag(c, false, 'second report'), set_credit_flag(c, true, 'unfounded again') FROM ap \gset
-- the org: flag entries and a serious fact
UPDATE applicant SET credit_ok = false WHERE id = (SELECT o FROM kf);
UPDATE applicant SET credit_ok = true WHERE id = (SELECT o FROM kf);
SELECT record_credit_event('91110000600037341L', 'serious', 'sanction reported by another system', '2026-10-21 10:00+08') AS ev \gset

SELECT is((SELECT array_agg(kind ORDER BY id) FROM credit_event WHERE subject = '330225199001010012'),
          ARRAY['flag_set', 'flag_cleared', 'flag_set', 'flag_cleared'], 'the cleared applicant''s record holds the four entries');

CREATE FUNCTION pg_temp.calls(f text) RETURNS bigint LANGUAGE sql AS $$
    SELECT COALESCE(pg_catalog.pg_stat_get_xact_function_calls(('service_affair.' || f)::regproc::oid), 0);
$$;
SELECT pg_temp.calls('credit_ok_for_intake') AS b0 \gset
SELECT intake_credit_ok(c, 'k_std', true) AS ok_c FROM ap \gset
SELECT is(pg_temp.calls('credit_ok_for_intake') - :b0, 0::bigint,
          'an applicant flagged and cleared takes the fast path: no standing computed');

-- the same answers as the slow path (the standing), for every applicant of
-- the fixture, under the manual flag they carry
SELECT is(:'ok_c'::boolean, credit_ok_for_intake('person', '330225199001010012'), 'the fast path answers what the standing answers: true');
SELECT is(ARRAY(SELECT intake_credit_ok(a.id, 'k_std', a.credit_ok) FROM applicant a ORDER BY a.id),
          ARRAY(SELECT a.credit_ok AND (SELECT credit_ok_for_intake(k.subject_kind, k.subject) FROM applicant_subject(a.id) k) FROM applicant a ORDER BY a.id),
          'every applicant: intake_credit_ok() is the manual flag and the standing');
SELECT is(ARRAY(SELECT intake_credit_ok(a.id, 'k_std', a.credit_ok) FROM applicant a ORDER BY a.id),
          ARRAY[true, false, true, false], 'the person clean, the org barred by its fact, the cleared person clean, the flagged one barred');
SELECT pg_temp.calls('credit_ok_for_intake') AS b0 \gset
SELECT intake_credit_ok(o, 'k_std', true) AS ok_o FROM kf \gset
SELECT is(pg_temp.calls('credit_ok_for_intake') - :b0, 1::bigint, 'a subject with a fact still takes the slow path');

SELECT * FROM finish();
ROLLBACK;
