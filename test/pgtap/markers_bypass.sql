-- The extension's other markers (transaction-local settings its functions
-- set so that a trigger lets a write through or narrows what it does),
-- tried by the lowest roles as the inspection log's marks were
-- (insp_log_directory_gaps.sql: an administrator's SET, set_config() and a
-- trigger on a temporary table firing inside the statement).  Unlike those
-- four (superuser-only settings since 2026-12-06, src/service_affair.c),
-- these stay settings any role may set: none lets a caller past a guard or
-- changes what is stored, each for the reason given at its section and
-- beside the marker (doc/development.md, "Markers").  The assertions pin
-- those reasons: a change that made one of them a bypass fails here.
--   1. service_affair.calendar_edit_window, calendar_edit_covered: every
--      reader (the recompute triggers) reads what calendar_edit_days(), the
--      first AFTER statement trigger of the same event, wrote; nothing of
--      the caller fires in between.
--   2. service_affair.catalog_change: names a change only in status
--      publishing, a state that lives inside apply_catalog_change() alone.
--   3. service_affair.history_archiving: opens the insert guard of the
--      archived counts, which no role but the owner may insert into.
--   4. service_affair.credit_writing: 'on' only narrows (the record as of
--      now); the writers set it by their SET clause.
--   5. service_affair.credit_flag_note (2026-12-07): the note of the entry
--      the credit record gets for a write of applicant.credit_ok; a value
--      set by hand is the caller's own text on the caller's own write
--      (only administrators write the flag); set_credit_flag() and
--      register_applicant() set theirs right before their one write, with
--      nothing of the caller's in between, and empty it after, so that a
--      ground given to them lands on their entry alone.  25 and 29 fail on
--      the former code (a plain UPDATE's note was NULL; the fixed note did
--      not say "no ground given").
BEGIN;
SET search_path = service_affair, public;
SELECT plan(30);

SELECT create_roles();
CREATE ROLE mk_adm LOGIN IN ROLE service_affair_admin;
CREATE ROLE mk_clerk LOGIN IN ROLE service_affair_clerk;
CREATE ROLE mk_ana LOGIN IN ROLE service_affair_analyst;

-- ---- 1. the calendar's changed days and covered_until ----------------------
INSERT INTO calendar (name, timezone) VALUES ('mk_cal', 'Asia/Shanghai');
INSERT INTO department (code, name, region) VALUES ('MK', 'Markers', '330225');
-- ten complaints awaiting a reply, due by the extension's rule (in
-- November); a stale due planted after every changed day below (12-31) is
-- recomputed by an edit that changed a day on or before it, and left by
-- one whose changed days (forged) all come after it
INSERT INTO complaint (channel, category, body, received_at, department, status, due, reply_days, calendar, assigned_at)
SELECT '12345', 'complaint', 'markers', t, 'MK', 'assigned', complaint_due(t, 'mk_cal', 'complaint', 5), 5, 'mk_cal',
       t + interval '1 hour'
  FROM generate_series('2026-11-02 09:00+08'::timestamptz, '2026-11-11 09:00+08', interval '1 day') t;
CREATE FUNCTION pg_temp.plant() RETURNS void LANGUAGE sql AS $$
  UPDATE service_affair.complaint SET due = '2026-12-31' WHERE department = 'MK'
$$;
CREATE FUNCTION pg_temp.stale() RETURNS bigint LANGUAGE sql AS $$
  SELECT count(*) FROM service_affair.complaint WHERE department = 'MK' AND due = '2026-12-31'
$$;
-- what the recompute triggers read: a probe of the owner's, named to fire
-- after calendar_edit_days_* / calendar_edit_rows_upd and before every
-- <part>_recompute_dues (statement triggers of one event fire in the order
-- of their names), none of which sets either marker
CREATE TEMP TABLE mk_seen (rel text, op text, edit_window text, covered text);
GRANT INSERT ON mk_seen TO PUBLIC;
CREATE FUNCTION pg_temp.mk_probe() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN
  INSERT INTO pg_temp.mk_seen VALUES (TG_TABLE_NAME, TG_OP, current_setting('service_affair.calendar_edit_window', true),
                                      current_setting('service_affair.calendar_edit_covered', true));
  RETURN NULL;
END $f$;
CREATE TRIGGER cb_probe AFTER INSERT OR UPDATE OR DELETE ON calendar_day FOR EACH STATEMENT EXECUTE FUNCTION pg_temp.mk_probe();
CREATE TRIGGER cb_probe AFTER UPDATE ON calendar FOR EACH STATEMENT EXECUTE FUNCTION pg_temp.mk_probe();

SELECT pg_temp.plant();
SET SESSION AUTHORIZATION mk_adm;
-- an administrator's forged values: set beforehand, and by triggers of a
-- temporary table written in the same statement, before each row of the
-- edit (BEFORE ROW, after the due lock emptied them) and after it (AFTER
-- STATEMENT, queued before or after the calendar's)
SELECT lives_ok($$SET LOCAL service_affair.calendar_edit_window = '{"*": "9999-12-31", "mk_cal": "9999-12-31"}'$$,
                'an administrator may set calendar_edit_window (a setting any role sets)');
CREATE TEMP TABLE mk_forge (i int);
CREATE FUNCTION pg_temp.mk_forge() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN
  PERFORM pg_catalog.set_config('service_affair.calendar_edit_window', '{"*": "9999-12-31", "mk_cal": "9999-12-31"}', true);
  PERFORM pg_catalog.set_config('service_affair.calendar_edit_covered', '{"mk_cal": "9999-12-31"}', true);
  RETURN CASE WHEN TG_LEVEL = 'ROW' THEN NEW END;
END $f$;
CREATE TRIGGER mk_forge_row BEFORE INSERT ON mk_forge FOR EACH ROW EXECUTE FUNCTION pg_temp.mk_forge();
CREATE TRIGGER mk_forge_stmt AFTER INSERT ON mk_forge FOR EACH STATEMENT EXECUTE FUNCTION pg_temp.mk_forge();
-- a day off inside every count, the forging table fed by the edit's rows
WITH d AS (INSERT INTO service_affair.calendar_day (calendar, day, is_workday, note)
           VALUES ('mk_cal', '2026-11-12', false, 'forged') RETURNING day),
     f AS (INSERT INTO mk_forge SELECT 1 FROM d RETURNING i)
SELECT count(*) AS mk_forged FROM f \gset
RESET SESSION AUTHORIZATION;
SELECT is(pg_temp.stale(), 0::bigint,
          'a day off entered by an administrator whose own triggers forged the changed days: every planted due recomputed');
SELECT results_eq($$SELECT rel, op, edit_window FROM mk_seen$$,
                  $$VALUES ('calendar_day'::text, 'INSERT'::text, '{"*": "2026-11-12", "mk_cal": "2026-11-12"}'::text)$$,
                  '... the recompute triggers read the days the statement changed, not the forged ones');
TRUNCATE mk_seen;
SELECT pg_temp.plant();
SET SESSION AUTHORIZATION mk_adm;
-- the forging table written first, the edit of calendar_day after it
WITH f AS (INSERT INTO mk_forge VALUES (1) RETURNING i)
UPDATE service_affair.calendar_day SET is_workday = true WHERE calendar = 'mk_cal' AND day = '2026-11-12'
   AND EXISTS (SELECT FROM f);
RESET SESSION AUTHORIZATION;
SELECT is(pg_temp.stale(), 0::bigint,
          'the forging table written before the edit in the same statement: every planted due recomputed');
SELECT results_eq($$SELECT rel, op, edit_window FROM mk_seen$$,
                  $$VALUES ('calendar_day'::text, 'UPDATE'::text, '{"*": "2026-11-12", "mk_cal": "2026-11-12"}'::text)$$,
                  '... and the recompute triggers read the statement''s days');
TRUNCATE mk_seen;
-- covered_until: recorded by calendar_edit_days() for an update of
-- calendar rows that changes more than covered_until; one that moves only
-- covered_until records no day changed ('{}'), and then no recompute
-- trigger reads it (recompute_dues() returns first, the others read no
-- covered_until): the forged value is left there and read by nobody
SELECT pg_temp.plant();
SET SESSION AUTHORIZATION mk_adm;
WITH f AS (INSERT INTO mk_forge VALUES (1) RETURNING i)
UPDATE service_affair.calendar SET weekmask = '1111110', covered_until = '2026-12-31'
 WHERE name = 'mk_cal' AND EXISTS (SELECT FROM f);
RESET SESSION AUTHORIZATION;
SELECT results_eq($$SELECT rel, op, edit_window, covered FROM mk_seen$$,
                  $$VALUES ('calendar'::text, 'UPDATE'::text, ''::text, '{"mk_cal": null}'::text)$$,
                  'a new weekmask with a forging table in the statement: everything recomputed (no days), covered_until as before the statement, not the forged one');
SELECT is(pg_temp.stale(), 0::bigint, '... every planted due recomputed');
TRUNCATE mk_seen;
SET SESSION AUTHORIZATION mk_adm;
WITH f AS (INSERT INTO mk_forge VALUES (1) RETURNING i)
UPDATE service_affair.calendar SET covered_until = '2027-12-31' WHERE name = 'mk_cal' AND EXISTS (SELECT FROM f);
RESET SESSION AUTHORIZATION;
SELECT results_eq($$SELECT rel, op, edit_window FROM mk_seen$$,
                  $$VALUES ('calendar'::text, 'UPDATE'::text, '{}'::text)$$,
                  'covered_until moved alone: no day changed, nothing recomputed, so nothing reads covered_until (the forged value goes unread)');
SELECT is((SELECT array_agg(p.proname::text ORDER BY p.proname) FROM pg_proc p
            WHERE p.pronamespace = 'service_affair'::regnamespace AND p.prokind = 'f'
              AND pg_get_functiondef(p.oid) ~ 'current_setting\(''service_affair\.calendar_edit_(window|covered)'''),
          '{calendar_covered_before,calendar_edit_window}',
          'the two markers are read by calendar_edit_window() and calendar_covered_before() alone');
SELECT is((SELECT array_agg(DISTINCT p.proname::text ORDER BY p.proname::text) FROM pg_proc p
            WHERE p.pronamespace = 'service_affair'::regnamespace
              AND p.prokind = 'f' AND p.proname <> 'calendar_covered_before'
              AND pg_get_functiondef(p.oid) ~ 'service_affair\.calendar_covered_before\('),
          '{recompute_dues}', 'calendar_covered_before() is asked by recompute_dues() alone (after its return for no day changed)');
DROP TRIGGER cb_probe ON calendar_day;
DROP TRIGGER cb_probe ON calendar;

-- ---- 2. the catalog change being published ---------------------------------
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit) VALUES ('mk_item', 'Markers item', 'MK', 'promised', 20, 10);
INSERT INTO catalog_change (tbl, op, key, row_data, department, effective_from, proposed_by, proposed_at, status)
VALUES ('item', 'update', '{"code": "mk_item"}', '{"promised_limit": 5}', 'MK', '2026-01-01', 'someone', now(), 'approved')
RETURNING id AS mk_change \gset
SET SESSION AUTHORIZATION mk_adm;
SELECT lives_ok(format('SET LOCAL service_affair.catalog_change = %L', :mk_change),
                'an administrator may set catalog_change to an approved change''s id');
UPDATE service_affair.item SET promised_limit = 5 WHERE code = 'mk_item';
RESET SESSION AUTHORIZATION;
SELECT results_eq($$SELECT reviewed, change_id, actor = 'mk_adm' AS by_adm FROM catalog_version WHERE tbl = 'item' AND key = '{"code": "mk_item"}' ORDER BY id DESC LIMIT 1$$,
                  $$VALUES (false, NULL::bigint, true)$$,
                  'the administrator''s direct write naming the approved change: recorded as a direct write (not reviewed, no change)');
SELECT is((SELECT status FROM catalog_change WHERE id = :mk_change), 'approved', '... and the change is untouched (approved)');
SELECT is((SELECT array_agg(p.proname::text ORDER BY p.proname) FROM pg_proc p
            WHERE p.pronamespace = 'service_affair'::regnamespace
              AND p.prosrc ~ 'SET status = ''publishing'''),
          '{apply_catalog_change}', 'only apply_catalog_change() puts a change in status publishing (and takes it out in the same call)');
SELECT is((SELECT count(*) FROM role_grant WHERE object = 'service_affair.catalog_change' AND privilege <> 'SELECT'), 0::bigint,
          'no role but the owner writes catalog_change: none makes a change publishing');

-- ---- 3. the archived counts' insert guard ----------------------------------
CREATE FUNCTION pg_temp.mk_insert_archived() RETURNS text LANGUAGE sql AS $$
  SELECT $i$INSERT INTO service_affair.efficiency_archived (archived_month, archived_at, department, service, month, submitted, accepted, returned, tolerated, online, concluded, collected, awaiting_collection, zero_visit, at_most_once, zero_visit_reform, at_most_once_reform, promise_kept, immediate, overdue, workdays, reduced_materials, required_materials, promised_days, legal_days, no_legal_limit)
             VALUES ('2026-07-01', now(), 'MK', 'mk_item', '2026-07-01', 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)$i$
$$;
SELECT pg_temp.mk_insert_archived() AS mk_ins \gset
SET SESSION AUTHORIZATION mk_adm;
SET LOCAL service_affair.history_archiving = 'on';
SELECT throws_ok(:'mk_ins', '42501', 'permission denied for table efficiency_archived',
                 'an administrator with history_archiving on: the insert is refused by the grants, before any trigger');
RESET service_affair.history_archiving;
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION mk_clerk;
SET LOCAL service_affair.history_archiving = 'on';
SELECT throws_ok(:'mk_ins', '42501', 'permission denied for table efficiency_archived', 'a clerk with history_archiving on: refused likewise');
RESET service_affair.history_archiving;
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION mk_ana;
SET LOCAL service_affair.history_archiving = 'on';
SELECT throws_ok(:'mk_ins', '42501', 'permission denied for table efficiency_archived', 'an analyst with history_archiving on: refused likewise');
RESET service_affair.history_archiving;
RESET SESSION AUTHORIZATION;
SELECT is((SELECT count(*) FROM role_grant
            WHERE object IN ('service_affair.efficiency_archived', 'service_affair.satisfaction_archived', 'service_affair.item_cases_archived',
                             'service_affair.data_sharing_archived', 'service_affair.one_licence_archived', 'service_affair.licence_monthly_archived')
              AND privilege <> 'SELECT'), 0::bigint,
          'no role but the owner may insert into the six archived-count tables: the marker opens the guard to the owner and superusers only');

-- ---- 4. the credit record's writers ----------------------------------------
SET SESSION AUTHORIZATION mk_clerk;
SET LOCAL service_affair.as_of = '2040-01-01 00:00+08';
SET LOCAL service_affair.credit_writing = 'on';
SELECT is(service_affair.credit_now(), now(), 'a clerk who sets credit_writing on reads the record as of now, not his as_of: it only narrows');
RESET service_affair.credit_writing;
RESET service_affair.as_of;
RESET SESSION AUTHORIZATION;
SELECT is((SELECT array_agg(p.proname::text ORDER BY p.proname) FROM pg_proc p
            WHERE p.pronamespace = 'service_affair'::regnamespace
              AND 'service_affair.credit_writing=on' = ANY (p.proconfig)),
          '{commitment_broken_in_force,credit_ok_for_intake,credit_refresh_targets}',
          'the writers set credit_writing on by their SET clause (a value the caller set, off, does not reach them)');

-- ---- 5. the note of the manual credit flag --------------------------------
INSERT INTO applicant (kind, uscc, name) VALUES ('org', '91350100M000100Y43', 'Markers Company');
SELECT id AS mk_ap FROM applicant WHERE uscc = '91350100M000100Y43'::uscc \gset
CREATE TEMP TABLE mk_note (i int);
GRANT ALL ON mk_note TO PUBLIC;
CREATE FUNCTION pg_temp.mk_note() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN
  PERFORM pg_catalog.set_config('service_affair.credit_flag_note', 'forged', true);
  RETURN CASE WHEN TG_LEVEL = 'ROW' THEN NEW END;
END $f$;
CREATE TRIGGER mk_note_row BEFORE INSERT ON mk_note FOR EACH ROW EXECUTE FUNCTION pg_temp.mk_note();
CREATE TRIGGER mk_note_stmt AFTER INSERT ON mk_note FOR EACH STATEMENT EXECUTE FUNCTION pg_temp.mk_note();
SET SESSION AUTHORIZATION mk_adm;
SET LOCAL service_affair.credit_flag_note = 'my own ground';
UPDATE service_affair.applicant SET credit_ok = false WHERE id = :mk_ap;
RESET service_affair.credit_flag_note;
RESET SESSION AUTHORIZATION;
SELECT is((SELECT row(kind, recorded_by, note)::text FROM credit_event WHERE source = 'applicant:' || :mk_ap ORDER BY id DESC LIMIT 1),
          row('flag_set', 'mk_adm', 'my own ground')::text,
          'an administrator''s value set by hand: his own text as the note of his own plain write');
-- a forging table written before set_credit_flag() in the same statement,
-- its triggers setting the note before each row and after the statement
SET SESSION AUTHORIZATION mk_adm;
WITH f AS (INSERT INTO mk_note VALUES (1) RETURNING i)
SELECT service_affair.set_credit_flag(:mk_ap, true, 'lifted on appeal') AS mk_e1 FROM f \gset
RESET SESSION AUTHORIZATION;
SELECT is((SELECT note FROM credit_event WHERE id = :mk_e1), 'lifted on appeal',
          'set_credit_flag() in a statement whose own triggers forge the note: its entry has the ground it was given');
SELECT is(current_setting('service_affair.credit_flag_note'), 'forged',
          '... the forged value (set after it) is the caller''s again, for his own writes to come');
SET SESSION AUTHORIZATION mk_adm;
SELECT set_config('service_affair.credit_flag_note', 'forged', true) AS mk_forged_note \gset
SELECT service_affair.set_credit_flag(:mk_ap, false, 'court order 2026-114') AS mk_e2 \gset
UPDATE service_affair.applicant SET credit_ok = true WHERE id = :mk_ap;
RESET SESSION AUTHORIZATION;
SELECT is((SELECT string_agg(kind || ':' || note, '; ' ORDER BY id) FROM credit_event
            WHERE source = 'applicant:' || :mk_ap AND id >= :mk_e2),
          'flag_set:court order 2026-114; flag_cleared:manual credit flag cleared, no ground given',
          'a ground given to set_credit_flag() lands on its entry alone: emptied after, the next plain write has the fixed note');
-- a clerk: no write of his makes an entry
SET SESSION AUTHORIZATION mk_clerk;
SET LOCAL service_affair.credit_flag_note = 'forged by a clerk';
SELECT throws_ok(format('UPDATE service_affair.applicant SET credit_ok = false WHERE id = %s', :mk_ap), '42501', NULL,
                 'a clerk who set the note may not write the flag (42501)');
SELECT throws_ok($$SELECT service_affair.register_applicant('org', '91110000600037341L', 'A Company', false)$$, '42501', NULL,
                 '... nor register with it false (42501)');
SELECT lives_ok($$SELECT service_affair.register_applicant('org', '91110000600037341L', 'A Company')$$,
                '... and registers with it true, which makes no entry');
RESET service_affair.credit_flag_note;
RESET SESSION AUTHORIZATION;
-- register_applicant() without a note (0.1.0's call) after a value set by
-- hand: the entry has the fixed note, not the value
SET SESSION AUTHORIZATION mk_adm;
SET LOCAL service_affair.credit_flag_note = 'forged';
SELECT service_affair.register_applicant('person', '330225199001010012', 'Markers Person', false) AS mk_p \gset
RESET service_affair.credit_flag_note;
RESET SESSION AUTHORIZATION;
SELECT is((SELECT string_agg(e.subject || ':' || e.note, '; ' ORDER BY e.id) FROM credit_event e
            WHERE e.source IN ('applicant:' || :mk_p, (SELECT 'applicant:' || a.id FROM applicant a WHERE a.uscc = '91110000600037341L'::uscc))),
          '330225199001010012:registered with the manual credit flag false, no ground given',
          'register_applicant() with false and no note after a value set by hand: the fixed note; the clerk''s registration: no entry');
SELECT is((SELECT array_agg(p.proname::text ORDER BY p.proname) FROM pg_proc p
            WHERE p.pronamespace = 'service_affair'::regnamespace AND p.prokind = 'f'
              AND p.prosrc ~ 'service_affair\.credit_flag_note'),
          '{credit_flag_logged,register_applicant,set_credit_flag}',
          'the note is read by the trigger credit_flag_logged() alone and set by set_credit_flag() and register_applicant() alone');

SELECT * FROM finish();
ROLLBACK;
