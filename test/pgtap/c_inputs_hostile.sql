-- Hostile inputs to the C functions, as a superuser calling them directly
-- (a review, 2026-12-04; each test fails on the former C):
--  * draw() of a plan row written by hand with a NULL department crashed the
--    server (segfault); with three rates it was XX000 "rate query failed";
--  * log_entry_bytes() over 1 GB raised XX000 from palloc() and left its
--    malloc'ed gigabyte to the session, a gigabyte a call, for any login;
--  * complaint_step() with NULLs was XX000 (catalog_dry_run_begin() outside a
--    dry run too: test/sql/guide_errors.sql, pgTAP runs in a subtransaction,
--    where it is allowed); two-dimensional integer arrays of classify_materials()
--    and the posts of point_decision() were read flat;
--  * draw() of a plan row with a negative rate crashed the server (its quota,
--    negative, was taken as SIZE_MAX and the scan overran a heap of no
--    bytes); NaN, infinite or rates over 1 were 0A000/22003 from its query.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(21);

INSERT INTO department (code, name, region) VALUES ('CI_D', 'C inputs', '330225');
INSERT INTO plan (name, departments, rates, seed_commitment, team_size, created_by)
  VALUES ('null department', '{NULL}', '{0.5,0.5,0.5,0.5}', sha256('\x01'::bytea), 2, 'x') RETURNING id AS p_null \gset
INSERT INTO plan (name, departments, rates, seed_commitment, team_size, created_by)
  VALUES ('one rate', '{CI_D}', '{0.5}', sha256('\x01'::bytea), 2, 'x') RETURNING id AS p_rate \gset
SELECT throws_ok(format($$SELECT draw(%s, '\x01'::bytea)$$, :p_null), 'XX001',
                 format('plan %s is malformed', :p_null), 'a plan row with a NULL department: XX001, no crash');
SELECT throws_ok(format($$SELECT draw(%s, '\x01'::bytea)$$, :p_rate), 'XX001',
                 format('plan %s is malformed', :p_rate), 'a plan row with one rate: XX001 (was XX000)');
SELECT is((SELECT count(*)::int FROM draw WHERE plan_id IN (:p_null, :p_rate)), 0, 'and no draw is recorded');

-- rates outside [0, 1] in a plan row written by hand, over 5,000 targets
\ir uscc17.inc
INSERT INTO target (uscc, name, region, industry, risk)
  SELECT pg_temp.uscc17('91410100' || lpad(i::text, 9, '0')), 'c' || i, '330225', 'i', 'A' FROM generate_series(1, 5000) i;
CREATE TEMP TABLE bad_rates (rates numeric[], grade text);
INSERT INTO bad_rates VALUES ('{-0.0002,0.5,0.5,0.5}', 'A'), ('{0.5,1.5,0.5,0.5}', 'B'), ('{0.5,0.5,NaN,0.5}', 'C'),
                             ('{0.5,0.5,0.5,Infinity}', 'D');
INSERT INTO plan (name, departments, rates, seed_commitment, team_size, created_by)
  SELECT 'bad rate ' || grade, '{CI_D}', rates, sha256('\x01'::bytea), 2, 'x' FROM bad_rates;
SELECT throws_ok(format($$SELECT draw(%s, '\x01'::bytea)$$, p.id), 'XX001', format('plan %s is malformed', p.id),
                 format('a plan row with the rate %s of grade %s: XX001, no crash', b.rates[ascii(b.grade) - 64], b.grade))
  FROM bad_rates b JOIN plan p ON p.name = 'bad rate ' || b.grade
 ORDER BY b.grade;
SELECT is((SELECT count(*)::int FROM draw d JOIN plan p ON p.id = d.plan_id WHERE p.name LIKE 'bad rate %'), 0,
          'and no draw of them is recorded');

-- 540 MB of prev_hash, written as 1.08 GB of hex: over what a bytea holds
SELECT throws_ok($$SELECT length(log_entry_bytes('l', 1, now(), 'k', '{}', convert_to(repeat('a', 540000000), 'UTF8')))$$,
                 '54000', 'log entry too long', 'canonical bytes over 1 GB: 54000, the buffer freed (was XX000)');

SELECT throws_ok($$SELECT complaint_step(NULL, NULL, NULL, NULL)$$, '22023',
                 'complaint step arguments must not be null', 'complaint_step() with NULLs: 22023 (was XX000)');
SELECT throws_ok($$SELECT * FROM classify_materials('s', '{a,b}', '{n1,n2}', '{{1,3}}', '{1,2}', '{a}', '{}', true)$$, '22023',
                 NULL, 'a two-dimensional flags array: 22023, as for the text arrays');
SELECT throws_ok($$SELECT * FROM classify_materials('s', '{a,b}', '{n1,n2}', '{1,3}', '{{1,2}}', '{a}', '{}', true)$$, '22023',
                 NULL, 'a two-dimensional tolerance_days array: 22023');
SELECT throws_ok($$SELECT point_decision(false, false, '{{a,b},{c,d}}'::text[], 'd')$$, '22023',
                 'posts must be a one-dimensional array', 'point_decision() with a two-dimensional posts array: 22023 (it answered true)');
SELECT throws_ok($$SELECT home_region_decision(false, '{{330225},{330226}}'::text[], '{}')$$, '22023',
                 'regions must be a one-dimensional array', 'home_region_decision() with a two-dimensional regions array: 22023');
SELECT is(home_region_decision(NULL, '{330226,330226}', NULL), '330226', 'home_region_decision() with a NULL admin and posts: the one region named');
SELECT is(home_region_decision(NULL, '{NULL,330226,NULL}', NULL), NULL, 'home_region_decision() with NULL regions (departments without a region): none (was the one region named)');
-- suspension_workdays() took an infinite due as a day (-infinity: 0, infinity:
-- the days counted); suspensions_workdays() read two-dimensional arrays flat
SELECT throws_ok($$SELECT suspension_workdays('2026-03-03', '2026-03-05', '-infinity', 'cn')$$, '22008',
                 'working-day arithmetic needs a finite date', 'suspension_workdays() with a due of -infinity: 22008 (it answered 0)');
SELECT throws_ok($$SELECT suspension_workdays('2026-03-03', '2026-03-05', 'infinity', 'cn')$$, '22008',
                 'working-day arithmetic needs a finite date', 'suspension_workdays() with a due of infinity: 22008 (it answered 2)');
SELECT throws_ok($$SELECT suspensions_workdays('2026-03-02', 10, 0, '{{2026-03-03,2026-03-04}}'::timestamptz[],
                                               '{2026-03-05,2026-03-06}'::timestamptz[], 'cn')$$, '22023',
                 'suspended_at must be a one-dimensional array', 'suspensions_workdays() with a two-dimensional array: 22023 (it answered 4)');
-- suspensions_workdays() is not STRICT since 2026-12-05 (extended_at NULL:
-- not extended): NULL for any other NULL argument, as before
SELECT is(suspensions_workdays('2026-03-02', 5, 3, '{2026-03-09 10:00+08}', '{2026-03-10 10:00+08}', NULL, NULL), NULL::integer,
          'suspensions_workdays() with a NULL calendar: NULL');
SELECT results_eq($$SELECT suspensions_workdays('2026-03-02', 5, 3, '{2026-03-07 10:00+08}', '{2026-03-10 10:00+08}', 'cn', NULL),
                           suspensions_workdays('2026-03-02', 5, 3, '{2026-03-10 10:00+08}', '{2026-03-11 10:00+08}', 'cn', '2026-03-10 11:00+08'),
                           suspensions_workdays('2026-03-02', 5, 3, '{2026-03-10 10:00+08}', '{2026-03-11 10:00+08}', 'cn', '2026-03-10 10:00+08')$$,
                  $$VALUES (2, 0, 1)$$,
          'the extension judges the suspensions begun at or after extended_at (all when NULL): 03-09 + 3 = 03-12; begun 03-10 before it: against 03-09, 0');

SELECT * FROM finish();
ROLLBACK;
