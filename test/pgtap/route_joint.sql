-- Joint handling (统一办理/联合办理, 行政许可法 Art 42 ¶2): a bundle whose
-- items belong to two or more departments is handled within 45 working days
-- at most, extended by at most 15 in all.  bundle_days() caps the legal days
-- (bundle_limits, service_info(), the case's snapshot, the catalog's
-- regression rules); extend() bounds a joint case's extensions.  A bundle of
-- one department is not joint: it keeps the sum over its stages.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(26);
\ir error_detail.inc

INSERT INTO department (code, name, region) VALUES
  ('JT_A', 'Joint test A', '330225'), ('JT_B', 'Joint test B', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, extension_limit, online) VALUES
  ('jt_a1', 'A one',   'JT_A', 'promised', 20, NULL, 10, true),
  ('jt_a2', 'A two',   'JT_A', 'promised', 20, NULL, 10, true),
  ('jt_a3', 'A three', 'JT_A', 'promised', 20, NULL, 10, true),
  ('jt_b',  'B',       'JT_B', 'promised', 20, NULL, 10, true);
INSERT INTO material (item, code, name) VALUES
  ('jt_a1', 'form', 'Form'), ('jt_a2', 'form', 'Form'), ('jt_a3', 'form', 'Form'), ('jt_b', 'form', 'Form');
INSERT INTO bundle (code, name, lead_department, promised_limit) VALUES
  ('jt_joint', 'Three stages, two departments', 'JT_A', NULL),
  ('jt_one',   'Three stages, one department',  'JT_A', NULL),
  ('jt_short', 'Two departments, 40 days',      'JT_A', NULL),
  ('jt_own',   'Joint, own promise 50',         'JT_A', 50);
INSERT INTO bundle_item (bundle, item, stage) VALUES
  ('jt_joint', 'jt_a1', 1), ('jt_joint', 'jt_b', 2), ('jt_joint', 'jt_a2', 3),
  ('jt_one', 'jt_a1', 1), ('jt_one', 'jt_a2', 2), ('jt_one', 'jt_a3', 3),
  ('jt_short', 'jt_a1', 1), ('jt_short', 'jt_b', 2),
  ('jt_own', 'jt_a1', 1), ('jt_own', 'jt_b', 1), ('jt_own', 'jt_a2', 2), ('jt_own', 'jt_a3', 3);
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Joint Person');
SELECT id AS p FROM applicant WHERE name = 'Joint Person' \gset

-- ------------------------------------------------------------- the one rule
SELECT is(joint_handling_limits(), ROW(45, 15)::record, 'joint handling: 45 legal working days, extended by 15 at most');
SELECT is(bundle_days(NULL, 60, 60, 3, 2), ROW(45, 45)::record, 'two departments, 3 stages of 20: 45 legal days, promised 45');
SELECT is(bundle_days(NULL, 30, 60, 3, 2), ROW(30, 45)::record, 'a joint promise shorter than 45 binds');
SELECT is(bundle_days(NULL, 60, 60, 3, 1), ROW(60, 60)::record, 'one department: the sum, 60');
SELECT is(bundle_days(NULL, 40, 40, 2, 2), ROW(40, 40)::record, 'a joint sum under 45 stays');
SELECT is(bundle_days(7, 0, 0, 0, 0), ROW(7, 0)::record, 'no stage: its own promised_limit, no legal days');
-- bundle_days() in C (src/core/svclimit.c) against the rule as SQL wrote
-- it (LEAST ignoring a NULL, a NULL count no count), over a grid of every
-- argument with NULLs: 4 x 3 x 5 x 3 x 4 = 720 rows
SELECT is((SELECT count(*)::int
             FROM unnest('{NULL,0,5,50}'::int[]) p, unnest('{NULL,12,60}'::int[]) sp,
                  unnest('{NULL,40,45,46,60}'::int[]) sl, unnest('{NULL,0,3}'::bigint[]) st,
                  unnest('{NULL,1,2,4}'::bigint[]) dp,
                  LATERAL (SELECT CASE WHEN dp >= 2 THEN LEAST(sl, 45) ELSE sl END AS days) l,
                  LATERAL bundle_days(p, sp, sl, st, dp) b
            WHERE (b.promised_days, b.legal_days) IS NOT DISTINCT FROM
                  (CASE WHEN st = 0 THEN COALESCE(p, 0) ELSE LEAST(COALESCE(p, sp), l.days) END, l.days)),
          720, 'bundle_days() gives the rule''s answer for each of 720 argument rows, NULLs included');

-- --------------------------------------------------------------- the catalog
SELECT results_eq($$SELECT bundle, promised_days, legal_days FROM bundle_limits WHERE bundle LIKE 'jt\_%' ORDER BY bundle$$,
  $$VALUES ('jt_joint', 45, 45), ('jt_one', 60, 60), ('jt_own', 45, 45), ('jt_short', 40, 40)$$,
  'bundle_limits: a joint bundle at most 45 (was 60), one department 60, its own promise 50 bound by the 45');
SELECT results_eq($$SELECT kind, promised_days, legal_days, has_legal_limit FROM service_info('jt_joint')$$,
  $$VALUES ('bundle', 45, 45, true)$$, 'service_info() of the joint bundle: 45 legal days');
SELECT results_eq($$SELECT legal_days FROM service_info('jt_one')$$, $$VALUES (60)$$,
  'service_info() of a one-department bundle: 60');
SELECT results_eq($$SELECT code, promised_limit FROM public_bundle_list WHERE code = 'jt_own'$$,
  $$VALUES ('jt_own', 45)$$, 'public_bundle_list: an own promise of 50 shown as its cases get it, 45');

-- the regression rules over row images follow the cap (the versions above
-- are published today: judged as of three days on)
SELECT is(catalog_bundles_lengthened(to_jsonb(i), to_jsonb(i) || '{"department": "JT_A"}', now() + interval '3 days'),
          '{jt_joint,jt_own}'::text[],
  'an item moved to the other department makes its joint bundles one department''s: jt_joint 45 -> 60 and jt_own 45 -> 50 lengthened, jt_short stays 40')
  FROM item i WHERE i.code = 'jt_b';
SELECT is(catalog_bundles_lengthened(to_jsonb(i), to_jsonb(i) || '{"legal_limit": 30}', now() + interval '3 days'),
          '{jt_one}'::text[],
  'a member''s legal limit raised 20 -> 30 lengthens the one-department bundle (60 -> 70), not the joint ones already at 45')
  FROM item i WHERE i.code = 'jt_a3';
SELECT is(catalog_regression_kinds('bundle_item', 'insert', NULL, '{"bundle": "jt_one", "item": "jt_b", "stage": 4}',
                                   now() + interval '3 days'),
          '{}'::text[], 'a fourth stage of another department makes jt_one joint: 60 -> 45, not lengthened (was 80)');
SELECT is(catalog_regression_kinds('bundle_item', 'insert', NULL, '{"bundle": "jt_short", "item": "jt_a2", "stage": 3}',
                                   now() + interval '3 days'),
          '{limit_lengthened}'::text[], 'a third stage of a joint bundle: 40 -> 45 (capped), lengthened');

-- ------------------------------------------------------------------- a case
SELECT submit('jt_joint', :p, '{form}', 'online', '{}', '2026-03-02 10:00+08') AS c \gset
SELECT results_eq($$SELECT status, promised_limit, legal_limit, has_legal_limit FROM cases WHERE id = $$ || :c,
  $$VALUES ('accepted', 45, 45, true)$$, 'submit() snapshots the joint bundle''s 45 legal days (was 60)');
SELECT results_eq($$SELECT promised_days, legal_days FROM efficiency_facts WHERE service = 'jt_joint'$$,
  $$VALUES (45, 45)$$, 'the efficiency indicators (时限压缩比) read the snapshot: 45 legal days');
SELECT submit('jt_one', :p, '{form}', 'online', '{}', '2026-03-02 10:00+08') AS o \gset
SELECT results_eq($$SELECT legal_limit FROM cases WHERE id = $$ || :o, $$VALUES (60)$$,
  'a one-department bundle''s case: 60');

-- extensions of a joint case: 15 in all (Art 42 ¶2), each task within its
-- item's extension_limit (10)
SELECT id AS t1 FROM task WHERE case_id = :c AND stage = 1 \gset
SELECT id AS t2 FROM task WHERE case_id = :c AND stage = 2 \gset
SELECT id AS t3 FROM task WHERE case_id = :c AND stage = 3 \gset
SELECT lives_ok(format('SELECT extend(%s, 10, %L, %L)', :t1, 'site visit', '2026-03-03 10:00+08'),
  'the first extension, 10 of the 15, is allowed');
SELECT lives_ok(format('SELECT complete_task(%s, %L, %L)', :t1, 'approved', '2026-03-04 10:00+08'), 'stage 1 done');
SELECT throws_ok(format('SELECT extend(%s, 6, %L, %L)', :t2, 'expert opinion', '2026-03-05 10:00+08'), '22023',
  'extension beyond the joint handling limit', 'a second extension taking the case past 15 in all is refused');
SELECT is(pg_temp.detail_of(format('SELECT extend(%s, 6, %L, %L)', :t2, 'expert opinion', '2026-03-05 10:00+08')),
  format('Case %s is handled jointly by several departments: its tasks were extended by 10 working days so far (the largest extension of each stage, summed); extending task %s by 6 would make 16, more than the 15 of 行政许可法 Art 42 ¶2.', :c, :t2),
  'the refusal names the case, its total so far and the limit');
SELECT lives_ok(format('SELECT extend(%s, 5, %L, %L)', :t2, 'expert opinion', '2026-03-05 10:00+08'),
  'an extension up to 15 in all is allowed');
SELECT lives_ok(format('SELECT complete_task(%s, %L, %L)', :t2, 'approved', '2026-03-06 10:00+08'), 'stage 2 done');
SELECT throws_ok(format('SELECT extend(%s, 1, %L, %L)', :t3, 'more', '2026-03-09 10:00+08'), '22023',
  'extension beyond the joint handling limit', 'the 15 used up: the third stage is not extended');

-- a one-department bundle: each task within its extension_limit, no case-wide 15
SELECT id AS o1 FROM task WHERE case_id = :o AND stage = 1 \gset
SELECT id AS o2 FROM task WHERE case_id = :o AND stage = 2 \gset
SELECT lives_ok(format('SELECT extend(%s, 10, %L, %L); SELECT complete_task(%s, %L, %L); SELECT extend(%s, 10, %L, %L)',
                       :o1, 'site visit', '2026-03-03 10:00+08', :o1, 'approved', '2026-03-04 10:00+08',
                       :o2, 'expert opinion', '2026-03-05 10:00+08'),
  'a one-department bundle''s case is extended by 10 and 10: not joint');

SELECT * FROM finish();
ROLLBACK;
