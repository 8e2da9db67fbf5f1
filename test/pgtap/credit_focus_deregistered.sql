-- 重点监管: credit_focus_targets names the targets the credit record grades
-- D for targeted checks beside the random draw.  A target deregistered
-- (注销, target.deregistered_on, 73_target_deregister.sql) is out of the
-- inspectable population from its day, and the draw leaves it out then.  A
-- hostile review of 2026-12-06: the list went on naming a deregistered
-- business for targeted checks, as long as its grade stayed D (the record
-- keeps it: its facts last three years).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(6);
SET LOCAL service_affair.as_of = '2026-11-20 12:00+08';
SET CONSTRAINTS service_affair.target_pack_flush IMMEDIATE;
\ir uscc17.inc
INSERT INTO target (uscc, name, region, industry, risk)
SELECT pg_temp.uscc17('91330225' || lpad(i::text, 9, '0')), 'focus ' || i, '330225', 'I1', 'B'
  FROM generate_series(1, 3) i;
-- two serious facts each: grade D
SELECT record_credit_event(uscc::text, 'serious', 'first fact', '2026-11-02 10:00+08') FROM target WHERE name LIKE 'focus %';
SELECT record_credit_event(uscc::text, 'serious', 'second fact', '2026-11-03 10:00+08') FROM target WHERE name LIKE 'focus %';
SELECT is((SELECT array_agg(name ORDER BY name) FROM credit_focus_targets), ARRAY['focus 1', 'focus 2', 'focus 3'],
          'three targets graded D: all on the focus list');

-- focus 2 deregistered on 2026-11-10, focus 3 from 2026-12-01 (a day to come)
UPDATE target SET deregistered_on = '2026-11-10' WHERE name = 'focus 2';
UPDATE target SET deregistered_on = '2026-12-01' WHERE name = 'focus 3';
SELECT is((SELECT credit_risk FROM target WHERE name = 'focus 2'), 'D', 'the deregistered target keeps its grade D (its record stands)');
SELECT is((SELECT array_agg(name ORDER BY name) FROM credit_focus_targets), ARRAY['focus 1', 'focus 3'],
          'a target deregistered by today is off the focus list; one deregistered from a later day is still on it');
SET LOCAL service_affair.as_of = '2026-12-01 09:00+08';
SELECT is((SELECT array_agg(name ORDER BY name) FROM credit_focus_targets), ARRAY['focus 1'],
          'from its day, focus 3 is off the list too');
SET LOCAL service_affair.as_of = '2026-11-30 23:59+08';
SELECT is((SELECT array_agg(name ORDER BY name) FROM credit_focus_targets), ARRAY['focus 1', 'focus 3'],
          'the day before, it is on it (the local day of cn, as the draw counts)');

-- an inspector reads the list the same way
SELECT create_roles();
CREATE ROLE cf_insp LOGIN IN ROLE service_affair_inspector;
SET LOCAL ROLE cf_insp;
SELECT is((SELECT array_agg(name ORDER BY name) FROM credit_focus_targets), ARRAY['focus 1', 'focus 3'],
          'an inspector reads the same list');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
