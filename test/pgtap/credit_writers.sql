-- The credit record as writers read it (review of 2026-12-03): each check
-- below failed on the former code.
--  1. a clerk's own service_affair.as_of does not move the day intake and the
--     draw grade decide by (a clerk set it to 2040 and had a case approved on
--     commitment with a serious fact in force); readers still follow it;
--  2. the approval on commitment asks the applicant's manual flag;
--  3. a later stage of a bundle asks the credit again when it opens;
--  4. a review counts from its time, not before;
--  5. a repair is not dated before the confirmation already recorded;
--  6. a note is kept whole.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(29);
\ir blank_text.inc
\ir credit_fixture.inc
SELECT create_roles();
CREATE ROLE cw_clerk LOGIN IN ROLE service_affair_clerk;
CREATE ROLE cw_admin LOGIN IN ROLE service_affair_admin;
INSERT INTO staff (login, department) VALUES ('cw_clerk', 'KA');

-- ------------------------------------------------------------ 1. a clerk's as_of
-- a serious fact of the organisation, in force from yesterday for three years
SELECT record_credit_event('91110000600037341L', 'serious', 'sanction reported by the market bureau', now() - interval '1 day') AS e0 \gset
SET SESSION AUTHORIZATION cw_clerk;
SET search_path = service_affair, public;
SELECT submit('k_fast', '91110000600037341L'::text, ARRAY['form'], 'window', ARRAY['cond'], now()) AS n1 \gset
SET service_affair.as_of = '2040-01-01 00:00+08';
SELECT submit('k_fast', '91110000600037341L'::text, ARRAY['form'], 'window', ARRAY['cond'], now()) AS n2 \gset
RESET service_affair.as_of;
RESET SESSION AUTHORIZATION;
SET search_path = service_affair, public;
SET LOCAL service_affair.as_of = '2026-11-20 12:00+08';
SELECT results_eq(format('SELECT status FROM cases WHERE id IN (%s, %s) ORDER BY id', :n1, :n2),
  $$VALUES ('returned'), ('returned')$$,
  'with a serious fact in force a clerk''s commitment is refused, also with as_of set to 2040 in the clerk''s session');
SELECT is((SELECT count(*) FROM commitment_check WHERE case_id IN (:n1, :n2)), 0::bigint, 'no check, no approval on commitment');
-- readers (and a superuser's session) still follow as_of
SET LOCAL service_affair.as_of = '2040-01-01 00:00+08';
SELECT is(credit_today(), '2040-01-01'::date, 'a reader''s as_of still sets the day the record is read for');
SELECT is((SELECT serious FROM credit_standing WHERE subject = '91110000600037341L'), 0, 'and as of 2040 the fact has expired');
SET LOCAL service_affair.as_of = '';  -- now (the fact began yesterday)
-- the draw grade, refreshed by a writer in an administrator's session
INSERT INTO target (uscc, name, region, industry, risk) VALUES ('91110000600037341L', 'Credit Org', '330225', 'food', 'B');
SELECT credit_refresh_targets(now()) AS refreshed \gset
SELECT is((SELECT credit_risk FROM target WHERE uscc = '91110000600037341L'), 'C', 'the serious fact grades the target C');
SET SESSION AUTHORIZATION cw_admin;
SET service_affair.as_of = '2032-01-01 00:00+08';
SELECT service_affair.record_credit_event('91110000600037341L', 'minor', 'late filing', now()) AS e9 \gset
RESET service_affair.as_of;
RESET SESSION AUTHORIZATION;
SET search_path = service_affair, public;
SET LOCAL service_affair.as_of = '2026-11-20 12:00+08';
SELECT is((SELECT credit_risk FROM target WHERE uscc = '91110000600037341L'), 'C',
  'the refresh of a write in an administrator''s session with as_of 2032 grades as of now: C (before: as of 2032, every fact expired)');

-- ------------------------------------------------------------ 2. the manual flag
UPDATE applicant SET credit_ok = false WHERE id = (SELECT p FROM kf);
SELECT submit('k_fast', (SELECT p FROM kf), ARRAY['form', 'cond'], 'window', '{}', '2026-10-09 10:00+08') AS fa \gset
SELECT results_eq(format('SELECT status, decision FROM cases WHERE id = %s', :fa), $$VALUES ('accepted', NULL::text)$$,
  'an applicant blocked by hand is not approved on commitment though every paper is there');
SELECT is((SELECT count(*) FROM commitment_check WHERE case_id = :fa AND on_commitment), 0::bigint, 'no check on commitment');
UPDATE applicant SET credit_ok = true WHERE id = (SELECT p FROM kf);

-- ------------------------------------------------------------ 3. a later stage
INSERT INTO bundle (code, name, lead_department) VALUES ('k_bundle', 'Open and operate', 'KA');
INSERT INTO bundle_item (bundle, item, stage) VALUES ('k_bundle', 'k_std', 1), ('k_bundle', 'k_fast', 2);
SELECT submit('k_bundle', (SELECT p FROM kf), ARRAY['form', 'later', 'proof', 'cond'], 'window', '{}', '2026-10-09 10:00+08') AS b1 \gset
SELECT record_credit_event('11010519491231002X', 'grave', 'fraud elsewhere', '2026-10-10 10:00+08') AS e1 \gset
SELECT lives_ok(format('SELECT complete_task((SELECT id FROM task WHERE case_id = %s AND item = %L), %L, %L)', :b1, 'k_std', 'approved', '2026-10-12 10:00+08'),
  'stage 1 approved after a grave fact');
SELECT results_eq(format('SELECT status, decision FROM task WHERE case_id = %s AND item = %L', :b1, 'k_fast'),
  $$VALUES ('open', NULL::text)$$, 'stage 2 opens for its reviewers, not approved on commitment');

-- ------------------------------------------------------------ 4. a review counts from its time
SELECT record_credit_event('11010519491231002X', 'minor', 'reported lapse', '2026-11-01 10:00+08', true) AS e2 \gset
SELECT is((SELECT pending FROM credit_standing WHERE subject = '11010519491231002X'), 1, 'a fact awaiting review');
SELECT review_credit_event(:e2, true, 'confirmed next year', '2027-11-01 10:00+08') AS r2 \gset
SELECT results_eq($$SELECT pending, minor FROM credit_standing WHERE subject = '11010519491231002X'$$, $$VALUES (1, 0)$$,
  'a confirmation dated 2027 does not count on 2026-11-20');
SET LOCAL service_affair.as_of = '2027-11-02 12:00+08';
SELECT results_eq($$SELECT pending, minor FROM credit_standing WHERE subject = '11010519491231002X'$$, $$VALUES (0, 1)$$,
  'it counts from its day');
SET LOCAL service_affair.as_of = '2026-11-20 12:00+08';

-- a second review of a fact confirmed with a future date: 55000, not a 40001 on every retry
SELECT throws_ok(format('SELECT review_credit_event(%s, false, %L, %L)', :e2, 'again', '2027-12-01 10:00+08'), '55000',
  format('credit event %s cannot be reviewed', :e2), 'a fact confirmed with a date after today is closed to a second review: 55000');

-- ------------------------------------------------------------ 5. a repair after the confirmation
SELECT throws_ok(format('SELECT repair_credit_event(%s, %L, %L)', :e2, 'repaired', '2027-10-01 10:00+08'), '22023',
  format('time precedes the last step of credit event %s', :e2), 'a repair dated before the confirmation recorded: 22023');

-- ------------------------------------------------------------ 6. a note kept whole
SELECT record_credit_event('11010519491231002X', 'minor', repeat('a', 1500) || 'END', '2026-11-01 10:00+08') AS e3 \gset
SELECT is((SELECT length(note) FROM credit_event WHERE id = :e3), 1503, 'a note of 1,503 characters is kept whole (was cut to 1,000)');

-- ------------------------------------------------------------ 7. a blank note is no ground (src/core/text.c)
SELECT throws_ok(format('SELECT record_credit_event(%L, %L, %L, %L)', '11010519491231002X', 'minor', b.value, '2026-11-01 10:00+08'),
                 '22023', 'note required', 'a manual fact with a note of ' || b.label || ': 22023') FROM pg_temp.blank_texts() b;
SELECT throws_ok(format('SELECT repair_credit_event(%s, %L, %L)', :e3, b.value, '2026-11-02 10:00+08'),
                 '22023', 'note required', 'a repair with a note of ' || b.label || ': 22023') FROM pg_temp.blank_texts() b;
SELECT throws_ok(format('SELECT record_credit_event(%L, %L, %L, %L)', '11010519491231002X', 'minor', 'late', '294000-01-01 00:00+00'),
                 '22023', 'at is too late', 'a fact recorded in the year 294000: 22023 (recorded times end with the year 8999)');

-- ------------------------------------------------------------ 8. a blank optional note is none (06_arguments.sql)
-- (until 2026-12-05 a review's note of '' or spaces went into the record as given)
CREATE TEMP TABLE blank_reviews AS
SELECT b.label, review_credit_event(record_credit_event('11010519491231002X', 'minor', 'to review', '2026-11-01 10:00+08', true),
                                    true, b.value, '2026-11-02 10:00+08') AS id
  FROM (SELECT 'empty' AS label, '' AS value UNION ALL SELECT 'three spaces', '   '
        UNION ALL SELECT * FROM pg_temp.blank_texts()) b;
SELECT is((SELECT string_agg(r.label, ', ') FROM blank_reviews r JOIN credit_event e ON e.id = r.id WHERE e.note IS NOT NULL), NULL,
  'a review with an empty, spaces-only or otherwise blank note records none (NULL)');
SELECT review_credit_event(record_credit_event('11010519491231002X', 'minor', 'to review', '2026-11-01 10:00+08', true),
                           false, ' seen twice ', '2026-11-02 10:00+08') AS r5 \gset
SELECT is((SELECT note FROM credit_event WHERE id = :r5), ' seen twice ', 'a note that says something is kept as given');

SELECT * FROM finish();
ROLLBACK;
