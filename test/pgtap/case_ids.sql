-- Case, task and rating numbers carry the month of submission (38_case_ids.sql,
-- src/core/caseid.c; issue 17, part 1.1): case id = k × 10^15 + month index ×
-- 10^10 + n mod 10^10, month index = (year − 2000) × 12 + month in UTC; a task
-- or rating takes the month and shard of its case.  Checked through the API:
-- every id submit(), routing and rate() write, a back-dated submission, a
-- bundle's tasks, the errors (22023, nothing written), the shard digits.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(26);
\ir error_detail.inc

INSERT INTO department (code, name, region) VALUES ('CI_D', 'Case id department', '330225'), ('CI_E', 'Case id second', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit) VALUES
  ('ci_one', 'One', 'CI_D', 'promised', 20, 5),
  ('ci_two', 'Two', 'CI_E', 'promised', 20, 5);
INSERT INTO material (item, code, name) VALUES ('ci_one', 'form', 'Form'), ('ci_two', 'plan', 'Plan');
INSERT INTO bundle (code, name, lead_department) VALUES ('ci_bundle', 'Both', 'CI_D');
INSERT INTO bundle_item (bundle, item, stage) VALUES ('ci_bundle', 'ci_one', 1), ('ci_bundle', 'ci_two', 1);
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Id Person');

-- the rule itself
SELECT is(case_id('2026-12-01 00:00+00', 42), 3240000000042::bigint, 'case_id(2026-12 UTC, 42) = 3240000000042');
SELECT is(case_id('2026-12-01 07:59+08', 42), 3230000000042::bigint,
          'the month is taken in UTC: 07:59 in Beijing on 1 December is still November');
SELECT is(case_id('2026-12-01 00:00+00', 7000000000001), 7003240000000001::bigint,
          'a shard''s sequence value (k × 10^12 + n) keeps its shard in the first digits (k × 10^15)');
SELECT is(month_id(3240000000042, 123456789012), 3243456789012::bigint, 'month_id(): the month of the case, the sequence value mod 10^10');
SELECT is(ARRAY[case_month(3240000000042), case_month(7003230000000001), case_month(10000000000)],
          ARRAY['2026-12-01', '2026-11-01', '2000-01-01']::date[], 'case_month() reads the month back, also on a shard');
SELECT is(case_month(900001), NULL, 'a number issued before 0.2.0 carries no month');

-- through the API
CREATE TEMP TABLE s AS SELECT
  submit('ci_one', (SELECT id FROM applicant WHERE name = 'Id Person'), '{form}', 'window', '{}', '2026-08-03 09:00+08') AS c_aug,
  submit('ci_bundle', (SELECT id FROM applicant WHERE name = 'Id Person'), '{form,plan}', 'window', '{}', '2026-09-14 10:00+08') AS c_sep,
  submit('ci_one', (SELECT id FROM applicant WHERE name = 'Id Person'), '{}', 'window', '{}', '2026-10-05 10:00+08') AS c_ret,
  (SELECT last_value FROM cases_id_seq) AS seq;
SELECT is((SELECT ARRAY[case_month(c_aug), case_month(c_sep), case_month(c_ret)] FROM s),
          ARRAY['2026-08-01', '2026-09-01', '2026-10-01']::date[], 'submit(): every case number carries its month of submission (returned ones too)');
SELECT is((SELECT c_ret % 10000000000 FROM s), (SELECT seq FROM s), 'below the month: the value of the sequence of cases');
SELECT ok((SELECT c_aug < c_sep AND c_sep < c_ret FROM s), 'numbers of later months are larger');
SELECT is((SELECT count(*) FROM cases WHERE id IN (SELECT c_aug FROM s UNION ALL SELECT c_sep FROM s UNION ALL SELECT c_ret FROM s)
              AND case_month(id) = date_trunc('month', submitted_at AT TIME ZONE 'UTC')::date), 3::bigint,
          'the rows hold the numbers submit() returned, each in the month of its submitted_at');
SELECT is((SELECT array_agg(DISTINCT month_floor(t.id) = month_floor(t.case_id)) FROM task t WHERE t.case_id IN (SELECT c_aug FROM s UNION ALL SELECT c_sep FROM s)),
          ARRAY[true], 'every task id carries the month of its case');
SELECT is((SELECT count(*) FROM task t, s WHERE t.case_id = s.c_sep), 2::bigint, 'the bundle has its two tasks');
SELECT is((SELECT count(DISTINCT t.id) FROM task t, s WHERE t.case_id = s.c_sep), 2::bigint, '... with two different ids');

-- a back-dated submission (at in an earlier month) is numbered in that month
SELECT is(case_month(submit('ci_one', (SELECT id FROM applicant WHERE name = 'Id Person'), '{form}', 'window', '{}', '2025-03-10 10:00+08')),
          '2025-03-01'::date, 'a back-dated submission carries the month it was submitted in');

-- the rating of a concluded case
SELECT lives_ok($$SELECT complete_task(t.id, 'approved', '2026-08-04 10:00+08') FROM task t, s WHERE t.case_id = s.c_aug$$, 'the August case concluded');
SELECT is((SELECT month_floor(rate(c_aug, 5, 'window', NULL, '2026-08-05 10:00+08')) = month_floor(c_aug) FROM s), true,
          'a rating id carries the month of its case, not of the rating');

-- errors: 22023, and a refused submission leaves nothing behind
SELECT throws_ok($$SELECT case_id('1999-12-31 23:59+00', 1)$$, '22023', 'time outside the range of case numbers', 'before 2000-01: 22023');
SELECT throws_ok($$SELECT case_id('infinity', 1)$$, '22023', 'time outside the range of case numbers', 'an infinite time: 22023');
SELECT throws_ok($$SELECT case_id(now(), -1)$$, '22023', 'sequence value outside the range of case numbers', 'a negative sequence value: 22023');
SELECT throws_ok($$SELECT month_floor(-1)$$, '22023', 'id outside the range of case numbers', 'month_floor() of a negative id: 22023');
SELECT throws_ok($$SELECT submit('ci_one', (SELECT id FROM applicant WHERE name = 'Id Person'), '{form}', 'window', '{}', '1999-06-01 10:00+08')$$,
                 '22023', 'time outside the range of case numbers', 'a submission dated before 2000: 22023');
SELECT is((SELECT count(*) FROM cases WHERE submitted_at < '2000-01-01'), 0::bigint, '... and no case row, material or event of it');
-- the detail names the time refused, in UTC whatever TimeZone says (until
-- 2026-12-07 it named none: a hostile read of intake)
SET LOCAL TimeZone = 'Asia/Shanghai';
SELECT is(pg_temp.detail_of($$SELECT submit('ci_one', (SELECT id FROM applicant WHERE name = 'Id Person'), '{form}', 'window', '{}', '1999-06-01 10:00+08')$$),
          'The time 1999-06-01 02:00:00 UTC is outside the months case numbers carry, 2000-01 to 10333-03 (UTC).',
          'the refusal of a submission before 2000 names its time (UTC)');
SELECT is(pg_temp.detail_of($$SELECT case_id('-infinity', 1)$$),
          'The time -infinity is outside the months case numbers carry, 2000-01 to 10333-03 (UTC).',
          'an infinite time is named');
SELECT is(pg_temp.detail_of($$SELECT case_id('0044-03-15 12:00+00 BC', 1)$$),
          'The time 0044-03-15 12:00:00 UTC BC is outside the months case numbers carry, 2000-01 to 10333-03 (UTC).',
          'a time before Christ is named as one');
SELECT is(pg_temp.detail_of($$SELECT case_id('2000-01-01 07:59+08', 1)$$),
          'The time 1999-12-31 23:59:00 UTC is outside the months case numbers carry, 2000-01 to 10333-03 (UTC).',
          'a local 2000-01 still in 1999 (UTC) is named in UTC');
RESET TimeZone;

SELECT * FROM finish();
ROLLBACK;
