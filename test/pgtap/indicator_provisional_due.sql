-- 超期率 of cases whose due was provisional when they concluded: the due
-- reached a year whose holiday notice was not entered yet (calendar
-- covered_until), the case concluded, then the notice was entered.  A
-- concluded case's stored due is not recomputed by a calendar edit, and
-- until 2026-12-05 efficiency_facts.overdue compared the conclusion day with
-- it: a case concluded on its lawful due stayed overdue for good, while
-- avg_workdays (read by the calendar of today) moved with the notice.  The
-- views now compose the due by the calendar of today (shifted_due()).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(10);

INSERT INTO calendar (name, weekmask, timezone, covered_until) VALUES ('pv', '1111100', 'Asia/Shanghai', '2026-12-31');
INSERT INTO department (code, name, region) VALUES ('PV', 'Provisional', '330201');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online, mobile, calendar) VALUES
  ('pv_a', 'Provisional item', 'PV', 'promised', 20, 7, 1, true, false, 'pv');
INSERT INTO material (item, code, name, required, evidence_type, commitment_allowed) VALUES
  ('pv_a', 'form', 'Form', true, NULL, false);
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Provisional Person');
CREATE FUNCTION pg_temp.p() RETURNS bigint LANGUAGE sql AS $$ SELECT id FROM service_affair.applicant WHERE name = 'Provisional Person' $$;
CREATE FUNCTION pg_temp.done(at timestamptz) RETURNS void LANGUAGE sql AS
$$ SELECT service_affair.complete_task(service_affair.claim_task('PV', 'rev', at), 'approved', at) $$;
CREATE TEMP TABLE k (name text PRIMARY KEY, id bigint);

-- accepted Thursday 2026-12-24, 7 working days: without the 2027 notice
-- Friday 1 January counts, due Monday 4 January (provisional); with it,
-- due Tuesday 5 January
INSERT INTO k SELECT 'on_time', submit('pv_a', pg_temp.p(), '{form}', 'online', '{}', '2026-12-24 09:00+08');
SELECT pg_temp.done('2027-01-05 10:00+08');    -- on its lawful due
INSERT INTO k SELECT 'late', submit('pv_a', pg_temp.p(), '{form}', 'online', '{}', '2026-12-24 10:00+08');
SELECT pg_temp.done('2027-01-06 10:00+08');    -- a day after it

SELECT is((SELECT array_agg(due ORDER BY id) FROM cases WHERE id IN (SELECT id FROM k)),
          ARRAY['2027-01-04', '2027-01-04']::date[], 'both dues were computed before the 2027 notice: 4 January');
SELECT ok((SELECT bool_and(is_provisional(due, calendar)) FROM cases WHERE id IN (SELECT id FROM k)),
          'and they are provisional');
SELECT is((SELECT overdue_rate FROM efficiency WHERE service = 'pv_a'), 1::numeric,
          'before the notice both count overdue (the due in force: 4 January)');

-- the State Council notice for 2027 is entered: 1 January a holiday
INSERT INTO calendar_day (calendar, day, is_workday, note) VALUES ('pv', '2027-01-01', false, '元旦');
UPDATE calendar SET covered_until = '2027-12-31' WHERE name = 'pv';

SELECT is((SELECT overdue FROM efficiency_facts WHERE case_id = (SELECT id FROM k WHERE name = 'on_time')), false,
          'after the notice the case concluded on 5 January is not overdue (efficiency_facts)');
SELECT is((SELECT overdue FROM efficiency_facts WHERE case_id = (SELECT id FROM k WHERE name = 'late')), true,
          'the case concluded on 6 January still is');
SELECT is((SELECT overdue_rate FROM efficiency WHERE service = 'pv_a'), 0.5::numeric,
          'efficiency: overdue_rate 1 of 2');
SELECT is((SELECT overdue_rate FROM efficiency_department WHERE department = 'PV'), 0.5::numeric,
          'efficiency_department: overdue_rate 1 of 2');
SELECT is((SELECT overdue_rate FROM efficiency_period('2026-12-01', '2026-12-31') WHERE department = 'PV'), 0.5::numeric,
          'efficiency_period: overdue_rate 1 of 2');
SELECT is((SELECT avg_workdays FROM efficiency WHERE service = 'pv_a'), 7.5::numeric,
          'avg_workdays by the same calendar: 7 and 8 working days');
-- wherever the calendar did not change since, the due composed is the stored one
SELECT is((SELECT count(*) FROM efficiency_facts e JOIN cases c ON c.id = e.case_id
            WHERE e.concluded AND c.calendar <> 'pv'
              AND e.overdue IS DISTINCT FROM (local_day(c.concluded_at, c.calendar) > c.due)), 0::bigint,
          'for every other concluded case overdue is "concluded after cases.due"');

SELECT * FROM finish();
ROLLBACK;
