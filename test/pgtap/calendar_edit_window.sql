-- A calendar edit recomputes only the stored due dates its changed days can
-- move (22_calendar_triggers.sql): a due counted up to a day before every
-- changed day, or in a calendar the edit did not change, stays untouched.
-- Until 2026-12-03 every edit recomputed all open work (10.9 s an edit
-- with 100,000 open cases, under the due lock), next year's holidays too.
--
-- 1. Which rows an edit touches: stale dues planted in rows the edit
--    cannot move stay stale (covered_until moved too); an edit of the
--    calendar row (weekmask, time zone) or a changed day inside their
--    count recomputes them.
-- 2. The property: after each of 60 random edits of calendar_day (days off,
--    make-up days, deletes, flips, note edits, several days and both
--    calendars in one statement, moves of a day), the dues are exactly
--    those a full recomputation gives, for cases, legs, complaints,
--    rectifications and commitment checks (tasks, suspensions and
--    tolerated materials: route_property.sql, whose random edits go
--    through the same triggers).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(27);

INSERT INTO calendar (name, timezone) VALUES ('cw_cal', 'Asia/Shanghai');
INSERT INTO department (code, name, region) VALUES ('CW', 'Calendar window', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit) VALUES ('cw_item', 'Window item', 'CW', 'promised', 20, 10);
INSERT INTO service_point (code, name, level, region, town_code) VALUES ('CW_T', 'Window town centre', 'town', '330225', '330225001');
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Window Person') RETURNING id AS pa \gset

-- 90 accepted cases between 11-02 and 12-17 2026, a third in cw_cal, each
-- with a leg, a bad rating with an open rectification, a complaint
-- awaiting its reply and an open commitment check, with counts of 1 to 15
-- working days; every due computed by the extension's own rules.  Written
-- directly (keys and triggers off): the edits are tested, not the intake.
SET LOCAL session_replication_role = replica;
INSERT INTO cases (service, service_kind, item, department, applicant, channel, status, returned, tolerated,
                   submitted_at, accepted_at, due, calendar, promised_limit, legal_limit, visits, receiving_point)
SELECT 'cw_item', 'item', 'cw_item', 'CW', :pa, 'window', 'accepted', false, false, s.t, s.t,
       add_workdays(local_day(s.t, s.cal), 1 + g % 12, s.cal), s.cal, 1 + g % 12, 20, 1, 'CW_T'
  FROM generate_series(1, 90) g,
       LATERAL (SELECT '2026-11-02 09:00+08'::timestamptz + make_interval(hours => g * 12) AS t,
                       CASE WHEN g % 3 = 0 THEN 'cw_cal' ELSE 'cn' END AS cal) s;
-- the counts follow the case's rank g (ids depend on what ran before)
CREATE TEMP TABLE cw AS
SELECT c.id, c.accepted_at, c.submitted_at, c.calendar, c.applicant, row_number() OVER (ORDER BY c.id)::integer AS g
  FROM cases c WHERE c.item = 'cw_item';
INSERT INTO case_leg (case_id, leg, point, opened_at, due, forward_days, calendar)
SELECT c.id, 'forward', 'CW_T', c.accepted_at, add_workdays(local_day(c.accepted_at, c.calendar), 1 + c.g % 5, c.calendar),
       1 + c.g % 5, c.calendar
  FROM cw c;
INSERT INTO rating (case_id, level, channel, at, rater)
SELECT c.id, 1, 'online', c.accepted_at + interval '1 hour', c.applicant FROM cw c;
INSERT INTO rectification (rating_id, callback_due, fix_due, callback_days, fix_days)
SELECT r.id, w.callback_due, w.fix_due, 1 + c.g % 3, 5 + c.g % 11
  FROM rating r JOIN cw c ON c.id = r.case_id,
       rectification_windows(r.at, c.calendar, 1 + c.g % 3, 5 + c.g % 11) w;
INSERT INTO complaint (channel, category, body, received_at, department, status, due, reply_days, calendar, assigned_at)
SELECT '12345', 'complaint', 'window', c.submitted_at, 'CW', 'assigned',
       complaint_due(c.submitted_at, c.calendar, 'complaint', 3 + c.g % 13), 3 + c.g % 13, c.calendar,
       c.submitted_at + interval '1 hour'
  FROM cw c;
INSERT INTO commitment_check (case_id, department, materials, due, items, calendar, created_at, check_days)
SELECT c.id, 'CW', '{form}', shifted_due(local_day(c.accepted_at, c.calendar), 2 + c.g % 9, 0, c.calendar), '{cw_item}',
       c.calendar, c.accepted_at, 2 + c.g % 9
  FROM cw c;
SET LOCAL session_replication_role = origin;

-- every stored due of the fixture's open work, one row each
CREATE FUNCTION pg_temp.dues() RETURNS TABLE (kind text, id bigint, due text) LANGUAGE sql AS $$
  SELECT 'case', c.id, c.due::text FROM service_affair.cases c WHERE c.item = 'cw_item'
  UNION ALL
  SELECT 'leg', l.case_id, l.due::text FROM service_affair.case_leg l JOIN service_affair.cases c ON c.id = l.case_id AND c.item = 'cw_item'
  UNION ALL
  SELECT 'rectification', f.rating_id, f.callback_due || ' ' || f.fix_due
    FROM service_affair.rectification f JOIN service_affair.rating r ON r.id = f.rating_id
    JOIN service_affair.cases c ON c.id = r.case_id AND c.item = 'cw_item'
  UNION ALL
  SELECT 'complaint', k.id, k.due::text FROM service_affair.complaint k WHERE k.department = 'CW'
  UNION ALL
  SELECT 'check', k.id, k.due::text FROM service_affair.commitment_check k WHERE k.department = 'CW'
$$;
-- a full recomputation: an edit of the calendar rows (no day changed, but
-- a weekmask may have: everything of the calendar is recomputed)
CREATE FUNCTION pg_temp.recompute_all() RETURNS void LANGUAGE sql AS $$
  UPDATE service_affair.calendar SET weekmask = weekmask WHERE name IN ('cn', 'cw_cal')
$$;
CREATE TEMP TABLE before_edit AS SELECT * FROM pg_temp.dues();
SELECT pg_temp.recompute_all();
SELECT is((SELECT count(*) FROM (SELECT * FROM pg_temp.dues() EXCEPT SELECT * FROM before_edit) x), 0::bigint,
  'fixture: 450 rows whose dues a full recomputation keeps');
SELECT is((SELECT count(*) FROM pg_temp.dues()), 450::bigint, 'fixture: 90 of each kind');

-- 1. which rows an edit touches.  A stale due is planted in one row of each
-- kind of cn, all counted to the end of December at the latest.
CREATE FUNCTION pg_temp.plant() RETURNS void LANGUAGE sql AS $$
  UPDATE service_affair.cases SET due = '2026-11-01' WHERE id = (SELECT min(id) FROM service_affair.cases WHERE item = 'cw_item' AND calendar = 'cn');
  UPDATE service_affair.case_leg SET due = '2026-11-01' WHERE case_id = (SELECT min(id) FROM service_affair.cases WHERE item = 'cw_item' AND calendar = 'cn');
  UPDATE service_affair.complaint SET due = '2026-11-01' WHERE id = (SELECT min(id) FROM service_affair.complaint WHERE department = 'CW' AND calendar = 'cn');
  UPDATE service_affair.commitment_check SET due = '2026-11-01' WHERE id = (SELECT min(id) FROM service_affair.commitment_check WHERE department = 'CW' AND calendar = 'cn');
  UPDATE service_affair.rectification SET callback_due = '2026-11-01', fix_due = '2026-11-01'
   WHERE rating_id = (SELECT min(r.id) FROM service_affair.rating r JOIN service_affair.cases c ON c.id = r.case_id
                       WHERE c.item = 'cw_item' AND c.calendar = 'cn');
$$;
CREATE FUNCTION pg_temp.stale() RETURNS bigint LANGUAGE sql AS $$
  SELECT count(*) FROM pg_temp.dues() WHERE due LIKE '%2026-11-01%'
$$;
SELECT pg_temp.plant();
SELECT is(pg_temp.stale(), 5::bigint, 'five stale dues planted (one of each kind, the day before any count starts)');

INSERT INTO calendar_day (calendar, day, is_workday, note) VALUES ('cn', '2027-03-10', false, 'after every due');
SELECT is(pg_temp.stale(), 5::bigint, 'a day off after every due: no row is recomputed, the stale dues stay');
UPDATE calendar_day SET note = 'renamed holiday' WHERE calendar = 'cn' AND day = '2026-10-01';
SELECT is(pg_temp.stale(), 5::bigint, 'an edit of a note only (no working status changed): no row is recomputed');
CREATE TEMP TABLE pre AS SELECT * FROM pg_temp.dues();
INSERT INTO calendar_day (calendar, day, is_workday, note) VALUES ('cw_cal', '2026-11-10', false, 'other calendar');
SELECT is(pg_temp.stale(), 5::bigint, 'a day off inside every count of the other calendar: no row of cn is recomputed');
SELECT cmp_ok((SELECT count(*) FROM (SELECT * FROM pg_temp.dues() EXCEPT SELECT * FROM pre) x), '>=', 15::bigint,
  '... while the rows of cw_cal move');
DELETE FROM calendar_day WHERE calendar = 'cw_cal' AND day = '2026-11-10';
TRUNCATE pre;
INSERT INTO pre SELECT * FROM pg_temp.dues();
SET LOCAL service_affair.calendar_edit_window = '{}';
INSERT INTO calendar_day (calendar, day, is_workday, note) VALUES ('cn', '2026-12-21', false, 'late');
SELECT is(pg_temp.stale(), 5::bigint,
  'a day off on Monday 12-21 (a forged setting of the changed days before it is ignored): the planted rows, due earlier, stay');
SELECT cmp_ok((SELECT count(*) FROM (SELECT * FROM pg_temp.dues() EXCEPT SELECT * FROM pre) x), '>=', 15::bigint,
  '... the rows of cn counted to 12-21 or later move');
DELETE FROM calendar_day WHERE calendar = 'cn' AND day IN ('2026-12-21', '2027-03-10');
INSERT INTO calendar_day (calendar, day, is_workday, note) VALUES ('cn', '2026-11-01', true, 'a Sunday worked');
SELECT is(pg_temp.stale(), 0::bigint, 'a changed day inside their counts: the planted rows are recomputed');
DELETE FROM calendar_day WHERE calendar = 'cn' AND day = '2026-11-01';
SELECT pg_temp.plant();
UPDATE calendar SET covered_until = '2027-12-31' WHERE name = 'cn';
SELECT is(pg_temp.stale(), 5::bigint, 'a move of covered_until only (the yearly notice): no row is recomputed (until 2026-12-03 all were)');
UPDATE calendar SET covered_until = covered_until WHERE name = 'cn';
SELECT is(pg_temp.stale(), 0::bigint, 'a rewrite that changes nothing recomputes every row (the documented way to force it)');
SELECT pg_temp.plant();
UPDATE calendar SET timezone = 'Etc/GMT-8', covered_until = '2028-12-31' WHERE name = 'cn';
SELECT is(pg_temp.stale(), 0::bigint, 'a change of the calendar''s time zone (with its covered_until) recomputes every row of it');
UPDATE calendar SET timezone = 'Asia/Shanghai', covered_until = '2027-12-31' WHERE name = 'cn';
SELECT pg_temp.plant();
UPDATE calendar SET weekmask = '1111110' WHERE name = 'cn';
UPDATE calendar SET weekmask = '1111100' WHERE name = 'cn';
SELECT is(pg_temp.stale(), 0::bigint, 'a change of the weekmask recomputes every row of it');
-- a rename cascades to calendar_day, whose own statement records the days
-- it changed (those of cw_cal: one in 2027, after every due); a weekmask
-- changed in the same statement recomputes every row of the calendar all
-- the same (the recompute triggers of calendar run before the cascade's)
INSERT INTO calendar_day (calendar, day, is_workday, note) VALUES ('cw_cal', '2027-06-01', false, 'late day');
UPDATE complaint SET due = '2026-11-01' WHERE id = (SELECT min(id) FROM complaint WHERE department = 'CW' AND calendar = 'cw_cal');
UPDATE commitment_check SET due = '2026-11-01' WHERE id = (SELECT min(id) FROM commitment_check WHERE department = 'CW' AND calendar = 'cw_cal');
UPDATE calendar SET name = 'cw_cal2', weekmask = '1111110' WHERE name = 'cw_cal';
SELECT is((SELECT count(*) FROM complaint WHERE calendar = 'cw_cal2' AND due = '2026-11-01')
          + (SELECT count(*) FROM commitment_check WHERE calendar = 'cw_cal2' AND due = '2026-11-01'), 0::bigint,
          'a rename with a new weekmask recomputes every row of the calendar, not only those the cascaded days reach');
UPDATE calendar SET name = 'cw_cal', weekmask = '1111100' WHERE name = 'cw_cal2';
DELETE FROM calendar_day WHERE calendar = 'cw_cal' AND day = '2027-06-01';
-- a weekmask changed in a data-modifying CTE beside an edit of calendar_day:
-- the main statement's AFTER triggers fire first, so the days of
-- calendar_day's statement are recorded when calendar's recompute triggers
-- read them; those must still recompute everything (found by a review)
SELECT pg_temp.plant();
WITH c AS (UPDATE calendar SET weekmask = '1111110' WHERE name = 'cn' RETURNING 1)
INSERT INTO calendar_day (calendar, day, is_workday, note) VALUES ('cn', '2027-06-01', false, 'late day');
SELECT is(pg_temp.stale(), 0::bigint, 'a new weekmask in a CTE beside a day inserted after every due recomputes every row');
WITH c AS (UPDATE calendar SET weekmask = '1111100' WHERE name = 'cn' RETURNING 1)
DELETE FROM calendar_day WHERE calendar = 'cn' AND day = '2027-06-01';
SELECT pg_temp.plant();
WITH c AS (UPDATE calendar SET timezone = 'Etc/GMT-8' WHERE name = 'cn' RETURNING 1)
UPDATE calendar_day SET note = 'noted' WHERE calendar = 'cn' AND day = '2026-10-01';
SELECT is(pg_temp.stale(), 0::bigint, 'a new time zone in a CTE beside a note edit (no day changed) recomputes every row');
UPDATE calendar SET timezone = 'Asia/Shanghai' WHERE name = 'cn';
SELECT pg_temp.plant();
UPDATE calendar SET name = name WHERE false;
SELECT is(pg_temp.stale(), 0::bigint, 'an update of no calendar row (the shards'' replay of an applied edit) recomputes every row');
SELECT pg_temp.plant();
SAVEPOINT t;
TRUNCATE calendar_day;
SELECT pg_temp.stale() AS stale_after_truncate \gset
ROLLBACK TO SAVEPOINT t;
SELECT is(:stale_after_truncate::bigint, 0::bigint, 'a TRUNCATE of calendar_day recomputes every row');
SELECT pg_temp.recompute_all();
SELECT is((SELECT count(*) FROM (SELECT * FROM pg_temp.dues() EXCEPT SELECT * FROM before_edit) x), 0::bigint,
  'back to the fixture''s dues');

-- 2. the property, over 60 random edits (repeatable: setseed)
CREATE TEMP TABLE bad (step integer, op text, kind text, id bigint, filtered text, full_due text);
CREATE TEMP TABLE moved (step integer, kind text);
CREATE FUNCTION pg_temp.edit(step integer) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  op text;
  cal text := CASE WHEN random() < 0.5 THEN 'cn' ELSE 'cw_cal' END;
  d date := '2026-11-01'::date + (random() * 75)::integer;
  e date := '2026-11-01'::date + (random() * 75)::integer;
  k integer := (random() * 6)::integer;
BEGIN
  IF k = 0 OR NOT EXISTS (SELECT FROM service_affair.calendar_day x WHERE x.calendar = cal AND x.day >= '2026-11-01') THEN
    op := format('insert %s %s', cal, d);
    INSERT INTO service_affair.calendar_day (calendar, day, is_workday, note)
    VALUES (cal, d, extract(isodow FROM d) > 5, 'random')
    ON CONFLICT (calendar, day) DO UPDATE SET is_workday = NOT service_affair.calendar_day.is_workday;
  ELSIF k = 1 THEN
    op := format('insert three days %s, %s', d, e);
    INSERT INTO service_affair.calendar_day (calendar, day, is_workday, note)
    VALUES ('cn', d, extract(isodow FROM d) > 5, 'random'), ('cw_cal', e, extract(isodow FROM e) > 5, 'random'),
           ('cn', e + 1, extract(isodow FROM e + 1) > 5, 'random')
    ON CONFLICT (calendar, day) DO NOTHING;
  ELSIF k = 2 THEN
    op := format('delete %s after %s', cal, d);
    DELETE FROM service_affair.calendar_day x
     WHERE (x.calendar, x.day) = (SELECT y.calendar, y.day FROM service_affair.calendar_day y
                                   WHERE y.calendar = cal AND y.day >= least(d, '2026-12-20') ORDER BY y.day LIMIT 1);
  ELSIF k = 3 THEN
    op := format('flip %s after %s', cal, d);
    UPDATE service_affair.calendar_day x SET is_workday = NOT x.is_workday
     WHERE (x.calendar, x.day) = (SELECT y.calendar, y.day FROM service_affair.calendar_day y
                                   WHERE y.calendar = cal AND y.day >= least(d, '2026-12-20') ORDER BY y.day LIMIT 1);
  ELSIF k = 4 THEN
    op := format('note %s', cal);
    UPDATE service_affair.calendar_day x SET note = 'note ' || step
     WHERE x.calendar = cal AND x.day >= '2026-11-01';
  ELSE
    op := format('move %s day to %s', cal, e);
    UPDATE service_affair.calendar_day x SET day = e
     WHERE (x.calendar, x.day) = (SELECT y.calendar, y.day FROM service_affair.calendar_day y
                                   WHERE y.calendar = cal AND y.day >= '2026-11-01' ORDER BY y.day DESC LIMIT 1)
       AND NOT EXISTS (SELECT FROM service_affair.calendar_day z WHERE z.calendar = cal AND z.day = e);
  END IF;
  RETURN op;
END $$;
CREATE FUNCTION pg_temp.property(steps integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  op text;
BEGIN
  PERFORM setseed(0.31);
  FOR i IN 1 .. steps LOOP
    CREATE TEMP TABLE prev ON COMMIT DROP AS SELECT * FROM pg_temp.dues();
    op := pg_temp.edit(i);
    CREATE TEMP TABLE filtered ON COMMIT DROP AS SELECT * FROM pg_temp.dues();
    INSERT INTO moved SELECT i, f.kind FROM filtered f JOIN prev p USING (kind, id) WHERE f.due IS DISTINCT FROM p.due;
    PERFORM pg_temp.recompute_all();
    INSERT INTO bad
    SELECT i, op, f.kind, f.id, f.due, a.due
      FROM filtered f JOIN pg_temp.dues() a USING (kind, id) WHERE f.due IS DISTINCT FROM a.due;
    DROP TABLE prev, filtered;
  END LOOP;
END $$;
SELECT pg_temp.property(60);
SELECT is((SELECT count(*) FROM bad), 0::bigint,
  'after each of 60 random edits the dues equal those of a full recomputation');
SELECT is((SELECT array_agg(DISTINCT kind ORDER BY kind) FROM moved), '{case,check,complaint,leg,rectification}'::text[],
  'the edits moved dues of every kind');
SELECT cmp_ok((SELECT count(DISTINCT step) FROM moved), '>=', 20::bigint, 'at least 20 of the 60 edits moved a due');
SELECT cmp_ok((SELECT count(*) FROM moved), '>=', 200::bigint, 'and at least 200 dues moved in all');
SELECT is((SELECT array_agg(x ORDER BY x) FROM (SELECT format('%s %s %s: %s, full %s', step, op, kind, filtered, full_due) x FROM bad LIMIT 5) y),
  NULL, 'no difference (the first five listed)');

-- the recording trigger runs on calendar_day only (it runs as the owner)
CREATE TEMP TABLE fake_day (calendar text, day date, is_workday boolean);
CREATE TRIGGER t1 AFTER INSERT ON fake_day REFERENCING NEW TABLE AS edit_new
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.calendar_edit_days();
SELECT throws_ok($$INSERT INTO fake_day VALUES ('cn', '2026-11-19', false)$$, '42501',
  'calendar_edit_days() is not a trigger of this table', 'calendar_edit_days() on a temp table: 42501');
CREATE TRIGGER t2 AFTER INSERT ON calendar REFERENCING NEW TABLE AS edit_new
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.calendar_edit_days();
SELECT throws_ok($$INSERT INTO calendar (name) VALUES ('cw_other')$$, '42501',
  'calendar_edit_days() is not a trigger of this table', '... and after an INSERT on the calendar table (it reads updates there): 42501');
DROP TRIGGER t2 ON calendar;

SELECT * FROM finish();
ROLLBACK;
