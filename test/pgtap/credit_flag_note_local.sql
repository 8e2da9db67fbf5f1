-- The note of the manual credit flag (service_affair.credit_flag_note)
-- counts only in the transaction that set it: SET LOCAL, set_config(...,
-- true), a function's SET clause (credit_flag_logged(), xact_setting()).
-- A session-level value (SET, set_config(..., false), connection options)
-- outlives its transaction: on a pooled connection it was until 2026-12-07
-- the note of a later, unrelated write of the flag (a limit of stop
-- 2026-12-07; doc/credit.md, "The manual flag").  It is ignored now, with a
-- WARNING, and the entry has the fixed note.  A plain SET inside this
-- file's one transaction is such a value (committed, it would stay with the
-- session).  Assertions 1, 2 and 7 fail on the former code (the value was
-- the note); from 4 on the file has no xact_setting() there (new); 9 and 10
-- pin the rule of free text (doc/development.md, "Blank text"): a note keeps
-- its line breaks and other control characters as given, one of control
-- characters only is blank; they hold on the former code too.  11:
-- xact_setting() reads no more than current_setting() would: a
-- superuser-only setting is 42501 to a role without pg_read_all_settings,
-- were one granted EXECUTE (a review; it fails on the first form, which
-- returned the value).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(11);
\ir credit_fixture.inc
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '330225199001010012', 'Note Person');
SELECT id AS ap FROM applicant WHERE resident_id = '330225199001010012'::resident_id \gset

-- 1. a session-level SET: no ground of a plain write
SET service_affair.credit_flag_note = 'left over from another request';
UPDATE applicant SET credit_ok = false WHERE id = :ap;
SELECT is((SELECT note FROM credit_event WHERE source = 'applicant:' || :ap ORDER BY id DESC LIMIT 1),
          'manual credit flag set false, no ground given',
          'a session-level SET of the note is not the ground of a later plain write: the fixed note');
-- 2. nor is set_config(..., false)
SELECT set_config('service_affair.credit_flag_note', 'left over again', false) AS s2 \gset
UPDATE applicant SET credit_ok = true WHERE id = :ap;
SELECT is((SELECT note FROM credit_event WHERE source = 'applicant:' || :ap ORDER BY id DESC LIMIT 1),
          'manual credit flag cleared, no ground given',
          'set_config(..., false) of the note: the fixed note');
-- 3. SET LOCAL is the administrator's own ground, as before
SET LOCAL service_affair.credit_flag_note = 'court order 2026-120';
UPDATE applicant SET credit_ok = false WHERE id = :ap;
SELECT is((SELECT note FROM credit_event WHERE source = 'applicant:' || :ap ORDER BY id DESC LIMIT 1),
          'court order 2026-120', 'SET LOCAL of the note (over a session-level value): the ground of the plain write');
-- 4. xact_setting() says how a value was set
SET service_affair.credit_flag_note = 'session';
SELECT is(xact_setting('service_affair.credit_flag_note'), NULL, 'xact_setting(): a SET value is none');
SET LOCAL service_affair.credit_flag_note = 'local';
SELECT is(xact_setting('service_affair.credit_flag_note'), 'local', 'xact_setting(): a SET LOCAL value is the value');
CREATE FUNCTION pg_temp.with_note() RETURNS text LANGUAGE sql
    SET service_affair.credit_flag_note = 'clause'
    RETURN service_affair.xact_setting('service_affair.credit_flag_note');
SELECT is(pg_temp.with_note() || ' ' || xact_setting('service_affair.credit_flag_note'), 'clause local',
          'xact_setting(): a function''s SET clause is the value inside it');
-- 7. set_credit_flag() after a session-level value: its own ground; the
-- plain write after it: the fixed note
SET service_affair.credit_flag_note = 'session value';
SELECT set_credit_flag(:ap, true, 'lifted on appeal') AS e7 \gset
UPDATE applicant SET credit_ok = false WHERE id = :ap;
SELECT is((SELECT string_agg(note, '; ' ORDER BY id) FROM credit_event WHERE source = 'applicant:' || :ap AND id >= :e7),
          'lifted on appeal; manual credit flag set false, no ground given',
          'set_credit_flag() writes its ground; a plain write after it, the session value set: the fixed note');
-- 8. SET LOCAL, then a write in a subtransaction: still this transaction's
SET LOCAL service_affair.credit_flag_note = 'court order 2026-121';
SAVEPOINT s;
UPDATE applicant SET credit_ok = true WHERE id = :ap;
RELEASE SAVEPOINT s;
SELECT is((SELECT note FROM credit_event WHERE source = 'applicant:' || :ap ORDER BY id DESC LIMIT 1),
          'court order 2026-121', 'a SET LOCAL value grounds a write in a savepoint of its transaction');
RESET service_affair.credit_flag_note;
-- 9, 10. free text: kept as given, line breaks and controls included
SELECT set_credit_flag(:ap, false, E'court order 2026-122\n\tline two\u0007') AS e9 \gset
SELECT is((SELECT note FROM credit_event WHERE id = :e9), E'court order 2026-122\n\tline two\u0007',
          'a note keeps its line breaks, tabs and other control characters as given (free text)');
SELECT throws_ok(format($$SELECT set_credit_flag(%s, true, E'\u0001\u0002')$$, :ap), '22023', 'note required',
                 'a note of control characters only is blank: refused (22023)');

-- 11. a superuser-only setting, to a role granted EXECUTE for the test
CREATE ROLE sa_xact_setting_low;
GRANT USAGE ON SCHEMA service_affair TO sa_xact_setting_low;
GRANT EXECUTE ON FUNCTION xact_setting(text) TO sa_xact_setting_low;
SET LOCAL dynamic_library_path = '/nowhere/secret';
SET LOCAL ROLE sa_xact_setting_low;
SELECT throws_ok($$SELECT service_affair.xact_setting('dynamic_library_path')$$, '42501', NULL,
                 'xact_setting(): a superuser-only setting is 42501 to a role that may not read it, as current_setting()');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
