-- A target entered into the directory, or whose hand-set grade or USCC
-- changes, gets the grade its subject's credit record gives it at once
-- (target.credit_risk, which the draw and credit_focus_targets read), not
-- at the next sla_sweep().  Until 2026-12-03 a company with a serious fact
-- in force entered into the directory was drawn as its hand-set A until the
-- sweep (found by a review).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(15);
\ir credit_fixture.inc

-- the org has one serious fact in force (grade C); the person none.  It
-- lasts 999 years: the administrator's session below (no superuser's)
-- reads the record as of now, not as of the fixture's 2026-11-20, and a
-- fact of three years expired on 2029-11-10 (the test failed from then on)
INSERT INTO setting (name, value) VALUES ('credit.duration_years', '999');
SELECT record_credit_event('91110000600037341L', 'serious', 'directory test', '2026-11-10 10:00+08') AS fact \gset
SELECT is((SELECT grade FROM credit_standing WHERE subject = '91110000600037341L'), 'C', 'fixture: the org''s record grades it C');

SELECT create_roles() \gset
CREATE ROLE kd_admin IN ROLE service_affair_admin;
SET LOCAL ROLE kd_admin;
INSERT INTO target (uscc, name, region, industry, risk) VALUES
  ('91110000600037341L', 'Credit Org', '330225', 'I1', 'A'),
  ('91330106MA27XJ1P0H', 'No record', '330225', 'I1', 'B');
RESET ROLE;
SELECT is((SELECT credit_risk FROM target WHERE uscc::text = '91110000600037341L'), 'C',
  'an administrator enters the org into the directory: its derived grade is C at once');
SELECT is((SELECT credit_risk FROM target WHERE uscc::text = '91330106MA27XJ1P0H'), NULL,
  'a target with no record gets none (its hand-set grade applies)');

SET LOCAL ROLE kd_admin;
UPDATE target SET risk = 'D' WHERE uscc::text = '91110000600037341L';
RESET ROLE;
SELECT is((SELECT credit_risk FROM target WHERE uscc::text = '91110000600037341L'), 'D',
  'the hand-set grade raised to D: the derived grade (the worse of the two) follows');
UPDATE target SET risk = 'A' WHERE uscc::text = '91110000600037341L';
SELECT is((SELECT credit_risk FROM target WHERE uscc::text = '91110000600037341L'), 'C', '... and back to A: C again');

-- a USCC corrected: the grade follows the subject
UPDATE target SET uscc = '91330106MA27XJ1P0H' WHERE uscc::text = '91330106MA27XJ1P0H';
UPDATE target SET uscc = '91350100M000100Y43' WHERE uscc::text = '91110000600037341L';
SELECT is((SELECT credit_risk FROM target WHERE uscc::text = '91350100M000100Y43'), NULL,
  'the org''s target given another company''s USCC (no record) loses the org''s grade');
UPDATE target SET uscc = '91110000600037341L' WHERE uscc::text = '91350100M000100Y43';
SELECT is((SELECT credit_risk FROM target WHERE uscc::text = '91110000600037341L'), 'C', '... and gets it back with the org''s USCC');

-- the derived grade is the record's: an administrator can neither set nor
-- enter it (a review set a target under a grave fact back to A); the
-- refresh still writes it, as the record's writers and the sweep run it
-- (an application's login: a superuser's session may, as for the dates of outcomes)
ALTER ROLE kd_admin LOGIN;
SET SESSION AUTHORIZATION kd_admin;
SELECT throws_ok($$UPDATE service_affair.target SET credit_risk = 'A' WHERE uscc::text = '91110000600037341L'$$, '42501',
  'credit_risk is derived from the credit record', 'an administrator cannot set a derived grade: 42501');
SELECT throws_ok($$UPDATE service_affair.target SET credit_risk = NULL WHERE uscc::text = '91110000600037341L'$$, '42501',
  'credit_risk is derived from the credit record', '... nor clear it');
SELECT throws_ok($$INSERT INTO service_affair.target (uscc, name, region, industry, risk, credit_risk)
                   VALUES ('91350100M000100Y43', 'Preset', '330225', 'I1', 'B', 'A')$$, '42501',
  'credit_risk is derived from the credit record', '... nor enter a target with one');
SELECT lives_ok($$UPDATE service_affair.target SET name = 'Credit Org Ltd', risk = 'B' WHERE uscc::text = '91110000600037341L'$$,
  'an administrator still keeps the directory (name, hand-set risk)');
RESET SESSION AUTHORIZATION;
SET search_path = service_affair, public;
SELECT is((SELECT credit_risk FROM target WHERE uscc::text = '91110000600037341L'), 'C',
  'the derived grade is the record''s (C) after the refused calls and the refresh of that update');
SELECT record_credit_event('91110000600037341L', 'grave', 'directory test, grave', '2026-11-11 10:00+08') AS fact2 \gset
SELECT is((SELECT credit_risk FROM target WHERE uscc::text = '91110000600037341L'), 'D',
  'a grave fact recorded: the refresh writes D');
CREATE TEMP TABLE fake_target2 (id bigint, credit_risk text);
CREATE TRIGGER t2 BEFORE INSERT ON fake_target2 FOR EACH ROW EXECUTE FUNCTION service_affair.target_credit_risk_derived();
SELECT throws_ok($$INSERT INTO fake_target2 VALUES (1, 'A')$$, '42501',
  'target_credit_risk_derived() is not a trigger of this table', 'target_credit_risk_derived() on a temp table: 42501');

-- the trigger function runs on the directory only
CREATE TEMP TABLE fake_target (id bigint, uscc text, risk text, credit_risk text);
CREATE TRIGGER t1 AFTER INSERT ON fake_target REFERENCING NEW TABLE AS target_added
    FOR EACH STATEMENT EXECUTE FUNCTION service_affair.credit_target_changed();
SELECT throws_ok($$INSERT INTO fake_target VALUES (1, '91110000600037341L', 'A', NULL)$$, '42501',
  'credit_target_changed() is not a trigger of this table', 'credit_target_changed() on a temp table: 42501');

SELECT * FROM finish();
ROLLBACK;
