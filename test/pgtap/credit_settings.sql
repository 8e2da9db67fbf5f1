-- The credit.* settings (doc/credit.md): what they change, and the values
-- refused when written (constraint setting_credit) because every credit
-- event would fail later (credit.duration_years 0: credit_event_period);
-- and the names nothing reads, of every area (doc/ratings.md, "Settings").
BEGIN;
SET search_path = service_affair, public;
SELECT plan(21);

SELECT throws_ok($$INSERT INTO setting (name, value) VALUES ('credit.duration_years', '0')$$, '23514', NULL,
  'credit.duration_years 0 is refused');
SELECT throws_ok($$INSERT INTO setting (name, value) VALUES ('credit.duration_years', 'two')$$, '23514', NULL,
  'a value that is no integer is refused');
SELECT throws_ok($$INSERT INTO setting (name, value) VALUES ('credit.clean_years', '1000')$$, '23514', NULL,
  'an integer over 999 is refused');
SELECT throws_ok($$INSERT INTO setting (name, value) VALUES ('credit.clean_bonus', '2')$$, '23514', NULL,
  'credit.clean_bonus 2 is refused (0 off, 1 on)');
SELECT throws_ok($$INSERT INTO setting (name, value) VALUES ('credit.clean_merits', '-1')$$, '23514', NULL,
  'a negative value is refused');
SELECT lives_ok($$INSERT INTO setting (name, value) VALUES ('credit.clean_years', '0'), ('credit.clean_bonus', '0'),
                                                          ('credit.clean_merits', '999')$$,
  'the edges 0 and 999 are taken');

-- what credit.duration_years changes: how long a fact counts
SELECT record_credit_event('91110000600037341L', 'minor', 'default duration', '2026-11-02 10:00+08') AS e3 \gset
SELECT is((SELECT effective_until FROM credit_event WHERE id = :e3), '2029-11-02'::date,
  'without the setting a fact counts 3 years');
INSERT INTO setting (name, value) VALUES ('credit.duration_years', '2');
SELECT record_credit_event('91110000600037341L', 'minor', 'two years', '2026-11-02 10:00+08') AS e2 \gset
SELECT is((SELECT effective_until FROM credit_event WHERE id = :e2), '2028-11-02'::date,
  'credit.duration_years 2: two years');
SELECT throws_ok($$UPDATE setting SET value = '0' WHERE name = 'credit.duration_years'$$, '23514', NULL,
  'an update to 0 is refused too');
SELECT lives_ok($$SELECT record_credit_event('91110000600037341L', 'minor', 'still recorded', '2026-11-03 10:00+08')$$,
  'and credit events are still recorded');
-- a name of the area that is none of the four: a typo would be ignored
-- silently (until 2026-12-05 it was taken: 'not this constraint''s business')
SELECT throws_ok($$INSERT INTO setting (name, value) VALUES ('credit.duration_year', '5')$$, '23514', NULL,
  'a misspelt credit.* name (credit.duration_year) is refused, not ignored');
SELECT throws_ok($$INSERT INTO setting (name, value) VALUES ('credit.unknown_thing', 'anything')$$, '23514', NULL,
  'any credit.* name outside the four is refused');
SELECT throws_ok($$INSERT INTO setting (name, value) VALUES ('settle.quiet_day', '180')$$, '23514', NULL,
  'a misspelt settle.* name (settle.quiet_day) is refused');
SELECT throws_ok($$INSERT INTO setting (name, value) VALUES ('history.month_ahead', '2')$$, '23514', NULL,
  'a misspelt history.* name (history.month_ahead) is refused');
SELECT lives_ok($$INSERT INTO setting (name, value) VALUES ('settle.quiet_days', '180'), ('history.months_ahead', '2')$$,
  'the right names are taken');
-- rating.* names and the areas themselves (until 2026-12-05 rating.fix_day
-- and ratings.fix_days were taken and ignored, the default 15 in force)
SELECT throws_ok($$INSERT INTO setting (name, value) VALUES ('rating.fix_day', '5')$$, '23514', NULL,
  'a misspelt rating.* name (rating.fix_day) is refused, not ignored');
SELECT throws_ok($$UPDATE setting SET name = 'rating.callback_day' WHERE name = 'rating.callback_days'$$, '23514', NULL,
  'renaming rating.callback_days to a misspelling is refused');
SELECT throws_ok($$INSERT INTO setting (name, value) VALUES ('ratings.fix_days', '5')$$, '23514', NULL,
  'a misspelt area (ratings.fix_days) is refused');
SELECT throws_ok($$INSERT INTO setting (name, value) VALUES ('complaints.report_days', '5')$$, '23514', NULL,
  'a misspelt area (complaints.report_days) is refused');
SELECT lives_ok($$INSERT INTO setting (name, value) VALUES ('rating.fix_days', '5'), ('rating.callback_days', '2'),
                                                          ('complaint.report_days', '5')$$,
  'the right rating.* and complaint.* names are taken');
SELECT is((SELECT pg_catalog.string_agg(c.conname, ', ' ORDER BY c.conname) FROM pg_catalog.pg_constraint c
            WHERE c.conrelid = 'service_affair.setting'::regclass AND c.contype = 'c' AND NOT c.convalidated), NULL,
  'every constraint of setting is validated');

SELECT * FROM finish();
ROLLBACK;
