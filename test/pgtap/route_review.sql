-- Lifecycle times and arguments (review of 2026-12-03); each check failed on
-- the former code:
--  1. claim_task() does not claim at a time before a step already recorded
--     on the task (a resumption, an extension): it skips the task;
--  2. extend() is not dated before the running suspension began;
--  3. a supplement of materials the case already has is refused (no visit,
--     no step), as an empty one;
--  4. a multidimensional array of codes is 22023, not 0A000;
--  5. an organisation whose USCC has letters in positions 3-8 registers,
--     without a region.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(38);
\ir route_fixture.inc

-- ------------------------------------------------------------ 1. claims and later steps
SELECT submit('rt_q', :p, '{form}', 'online', '{}', '2026-03-02 09:00+08') AS c1 \gset
SELECT id AS t1 FROM task WHERE case_id = :c1 \gset
SELECT suspend(:t1, 'testing', '2026-03-03 10:00+08') IS NULL AS s1, resume(:t1, '2026-03-10 10:00+08') IS NULL AS r1 \gset
SELECT is(claim_task('RT_Q', 'alice', '2026-03-05 10:00+08'), NULL::bigint,
  'a claim dated inside a suspension recorded before it claims nothing (was the task)');
SELECT submit('rt_q', :p, '{form}', 'online', '{}', '2026-03-02 09:00+08') AS c2 \gset
SELECT id AS t2 FROM task WHERE case_id = :c2 \gset
SELECT extend(:t2, 3, 'complex', '2026-03-09 10:00+08') IS NULL AS e2 \gset
SELECT is(claim_task('RT_Q', 'bob', '2026-03-04 10:00+08'), NULL::bigint,
  'a claim dated before an extension recorded before it claims nothing (was the task)');
SELECT claim_task('RT_Q', 'bob', '2026-03-11 10:00+08') AS k1, claim_task('RT_Q', 'bob', '2026-03-11 10:00+08') AS k2 \gset
SELECT is(ARRAY[:k1, :k2]::bigint[] @> ARRAY[:t1, :t2]::bigint[], true, 'claimed after the resumption and after the extension');
SELECT is((SELECT count(*) FROM task t WHERE t.id IN (:t1, :t2) AND t.claimed_at < GREATEST(t.extended_at, '2026-03-10 10:00+08')), 0::bigint,
  'no claim precedes a step recorded before it');

-- ------------------------------------------------------------ 2. an extension during a suspension
SELECT submit('rt_q', :p, '{form}', 'online', '{}', '2026-03-02 09:00+08') AS c3 \gset
SELECT id AS t3 FROM task WHERE case_id = :c3 \gset
SELECT suspend(:t3, 'testing', '2026-03-05 10:00+08') IS NULL AS s3 \gset
SELECT throws_ok(format('SELECT extend(%s, 2, %L, %L)', :t3, 'late record', '2026-03-03 10:00+08'), '22023',
  format('time precedes the suspension of task %s', :t3), 'extend() dated before the running suspension: 22023 (was taken)');
SELECT is((SELECT extended_at FROM task WHERE id = :t3), NULL::timestamptz, 'nothing extended');

-- ------------------------------------------------------------ 3. a supplement of nothing new
SELECT submit('rt_biz', :p, '{form}', 'window', '{}', '2026-03-02 09:00+08') AS c5 \gset
SELECT throws_ok(format('SELECT supplement(%s, %L, %L, %L)', :c5, '{form}', '2026-03-03 10:00+08', 'window'), '22023',
  format('case %s lacks none of the materials supplied', :c5), 'supplying only a material already present: 22023 (was a visit and a step)');
SELECT results_eq(format($$SELECT visits, (SELECT count(*) FROM case_event e WHERE e.case_id = %s AND e.kind = 'supplemented')
                           FROM cases WHERE id = %s$$, :c5, :c5),
  $$VALUES (1, 0::bigint)$$, 'no visit counted, no supplemented step');

-- ------------------------------------------------------------ 4. codes in two dimensions
SELECT throws_ok(format('SELECT supplement(%s, %L, %L)', :c5, '{{lease}}', '2026-03-04 10:00+08'), '22023',
  'materials must be a one-dimensional array', 'supplement() of a two-dimensional array: 22023 (was 0A000)');
-- submit() and completeness() with one list in two dimensions and the other
-- in one: 22023 naming the lists (2202E from their concatenation until
-- 2026-12-03, a review), and no case written
SELECT count(*) AS n_before FROM cases \gset
SELECT throws_ok($$SELECT submit('rt_biz', $$ || :p || $$, '{form,lease}', 'window', '{{lease},{x}}', '2026-03-04 10:00+08')$$, '22023',
  'material and commitment must be a one-dimensional array', 'submit() with commitments in two dimensions: 22023');
SELECT throws_ok($$SELECT submit('rt_biz', $$ || :p || $$, '{{form},{lease}}', 'window', '{lease,form}', '2026-03-04 10:00+08')$$, '22023',
  'material and commitment must be a one-dimensional array', 'submit() with materials in two dimensions: 22023');
SELECT throws_ok($$SELECT * FROM completeness('rt_biz', $$ || :p || $$, '{form,lease}', '{{lease}}', '2026-03-04 10:00+08')$$, '22023',
  'material and commitment must be a one-dimensional array', 'completeness() with commitments in two dimensions: 22023');
-- the bound on the arrays is the first thing submit() does, before any copy
-- or catalog read (check_case_codes()): an oversize array with an unknown
-- service, which would be 23503 next, is refused by its size (until
-- 2026-12-06 the bound came after the catalog reads and a copy, and 100 MB
-- of codes took 3 to 11 s to refuse; a review)
SELECT throws_ok($$SELECT submit('rt_no_such_item', $$ || :p || $$, array_fill('x'::text, ARRAY[1001]))$$, '22023',
  'too many material and commitment codes', 'submit() of an unknown service with 1001 materials: the size refusal, not 23503');
SELECT throws_ok($$SELECT submit('rt_no_such_item', $$ || :p || $$, array_fill('x'::text, ARRAY[600]), 'window', array_fill('y'::text, ARRAY[401]))$$, '22023',
  'too many material and commitment codes', 'submit(): 600 materials and 401 commitments count as one list of 1001');
SELECT throws_ok($$SELECT submit('rt_no_such_item', $$ || :p || $$, '{form}', 'window', ARRAY[repeat('c', 20000000)])$$, '22023',
  'material and commitment code too long', 'submit() of an unknown service with a commitment code of 20 MB: the size refusal, not 23503');
SELECT throws_ok($$SELECT submit('rt_no_such_item', $$ || :p || $$, '{{form},{lease}}')$$, '22023',
  'material and commitment must be a one-dimensional array', 'submit() of an unknown service with materials in two dimensions: 22023, not 23503');
SELECT throws_ok($$SELECT submit('rt_biz', NULL::bigint, array_fill('x'::text, ARRAY[1001]), at => 'infinity')$$, '22023',
  'too many material and commitment codes', 'submit() with no applicant and an infinite time: the size refusal first');
\ir error_detail.inc
SELECT is(pg_temp.detail_of($$SELECT submit('rt_no_such_item', $$ || :p || $$, ARRAY['form', 'lease', repeat('é', 150)], 'window', ARRAY[repeat('z', 300)])$$),
  'The material and commitment code ''' || repeat('é', 32) || '''… has 300 bytes, more than 200; codes have at most 64 characters.',
  'the first code too long is named, the materials before the commitments');
SELECT throws_ok($$SELECT submit('rt_no_such_item', 'no such identifier'::text, array_fill('x'::text, ARRAY[1001]))$$, '22023',
  'too many material and commitment codes', 'submit() by identifier: the size refusal before the identifier is looked up');
-- completeness() bounds its arrays first too (until 2026-12-07 it read the
-- service and applicant and concatenated the lists first: 23503 here)
SELECT throws_ok($$SELECT * FROM completeness('rt_no_such_item', $$ || :p || $$, array_fill('x'::text, ARRAY[1001]))$$, '22023',
  'too many material and commitment codes', 'completeness() of an unknown service with 1001 materials: the size refusal, not 23503');
SELECT throws_ok($$SELECT * FROM completeness('rt_no_such_item', $$ || :p || $$, '{form}', ARRAY[repeat('c', 20000000)])$$, '22023',
  'material and commitment code too long', 'completeness() of an unknown service with a commitment code of 20 MB: the size refusal, not 23503');
SELECT throws_ok($$SELECT * FROM completeness('rt_no_such_item', 'no such identifier'::text, array_fill('x'::text, ARRAY[1001]))$$, '22023',
  'too many material and commitment codes', 'completeness() by identifier: the size refusal before the identifier is looked up');
SELECT is((SELECT count(*) FROM cases), :n_before::bigint, 'no case written by the refused calls');

-- ------------------------------------------------------------ 4b. a visit recorded late
SELECT submit('rt_biz', :p, '{}', 'window', '{}', '2026-03-02 09:00+08') AS c4 \gset
SELECT supplement(:c4, '{form}', '2026-03-04 10:00+08', 'window') AS st4 \gset
SELECT record_visit(:c4, '2026-03-03 10:00+08', 'came to ask about the notice') IS NULL AS v4 \gset
SELECT results_eq(format('SELECT visits, visits_before_acceptance, visits - visits_before_acceptance FROM cases WHERE id = %s', :c4),
  $$VALUES (3, 2, 1)$$, 'a visit made before the acceptance and recorded after it counts before acceptance (was against the promise: 2)');
SELECT is((SELECT count(*) FROM visit_promise_exceeded WHERE case_id = :c4), 0::bigint, 'the promise of one visit is kept');

-- ------------------------------------------------------------ 4c. a step recorded late, after a visit made later (2026-12-04)
-- the acceptance: a visit at 15:00 recorded while the case was returned,
-- then the online supplement that accepted it at 11:00, recorded after
SELECT submit('rt_biz', :p, '{}', 'window', '{}', '2026-03-09 09:00+08') AS c5 \gset
SELECT record_visit(:c5, '2026-03-09 15:00+08', 'came to ask') IS NULL AS v5 \gset
SELECT supplement(:c5, '{form}', '2026-03-09 11:00+08', 'online') AS st5 \gset
SELECT results_eq(format('SELECT visits, visits_before_acceptance FROM cases WHERE id = %s', :c5),
  $$VALUES (2, 1)$$, 'the visit made after the acceptance counts against the promise (was before acceptance: 2)');
-- the conclusion: a visit at 15:00 recorded while the case was accepted,
-- then the decision taken at 10:00, recorded after
SELECT record_visit(:c5, '2026-03-10 15:00+08', 'came for the result') IS NULL AS v6 \gset
SELECT complete_task((SELECT id FROM task WHERE case_id = :c5), 'approved', '2026-03-10 10:00+08');
SELECT results_eq(format('SELECT visits, visits_before_acceptance, visits_collection FROM cases WHERE id = %s', :c5),
  $$VALUES (3, 1, 1)$$, 'the visit made after the decision counts as a collection (was against the promise: 0)');

-- ------------------------------------------------------------ 4d. a bundle changed while its case was returned (2026-12-04)
-- rt_par (rt_biz and rt_food, parallel) submitted without its form (its
-- lease tolerated); the bundle gains rt_fire before the supplement that
-- completes the case: the case was assessed for two items and told to bring
-- their materials only
SELECT submit('rt_par', :p, '{}', 'window', '{}', '2026-03-11 09:00+08') AS c7 \gset
SELECT is((SELECT detail -> 'items' FROM case_event WHERE case_id = :c7 AND kind = 'submitted'),
  '{"rt_biz": "RT_MKT", "rt_food": "RT_HLT"}'::jsonb, 'a bundle''s submission keeps the items it was assessed for, with their departments');
INSERT INTO bundle_item (bundle, item, stage) VALUES ('rt_par', 'rt_fire', 1);
SELECT throws_like(format($$SELECT supplement(%s, '{form}', '2026-03-11 11:00+08')$$, :c7),
  '%items of service rt_par changed since case%', 'the supplement that would accept it under the changed bundle is refused (was: routed to rt_fire too)');
SELECT throws_ok(format($$SELECT supplement(%s, '{form}', '2026-03-11 11:00+08')$$, :c7), '55000', NULL, '... with 55000');
SELECT results_eq(format($$SELECT status, (SELECT count(*) FROM task WHERE case_id = %1$s),
                                  (SELECT status FROM case_material WHERE case_id = %1$s AND material = 'form')
                             FROM cases WHERE id = %1$s$$, :c7),
  $$VALUES ('returned', 0::bigint, 'missing')$$, '... and changes nothing: returned, no task, the material still missing');
-- the bundle back as it was: the case is accepted and routed to its two items
DELETE FROM bundle_item WHERE bundle = 'rt_par' AND item = 'rt_fire';
SELECT supplement(:c7, '{form}', '2026-03-11 11:00+08') AS st7b \gset
SELECT results_eq(format('SELECT item FROM task WHERE case_id = %s ORDER BY item', :c7),
  $$VALUES ('rt_biz'), ('rt_food')$$, 'with the items it was assessed for, the case is accepted and routed to them');
-- an item taken out is a change too
SELECT submit('rt_par', :p, '{}', 'window', '{}', '2026-03-12 09:00+08') AS c8 \gset
DELETE FROM bundle_item WHERE bundle = 'rt_par' AND item = 'rt_food';
SELECT throws_ok(format($$SELECT supplement(%s, '{form}', '2026-03-12 10:00+08')$$, :c8), '55000', NULL,
  'a bundle that lost an item since the submission: refused too (was: routed without it)');
-- a case submitted under the bundle as it is now is routed by it
SELECT submit('rt_par', :p, '{}', 'window', '{}', '2026-03-12 11:00+08') AS c9 \gset
SELECT supplement(:c9, '{form}', '2026-03-12 12:00+08') AS st9 \gset
SELECT results_eq(format('SELECT item FROM task WHERE case_id = %s ORDER BY item', :c9),
  $$VALUES ('rt_biz')$$, 'a case submitted after the change is accepted and routed by the bundle as it is');
-- an item moved to another department while its case was returned: the
-- case is the first department's, its task would be the second's
SELECT submit('rt_seal', :p, '{}', 'window', '{}', '2026-03-13 09:00+08') AS c10 \gset
UPDATE item SET department = 'RT_HLT' WHERE code = 'rt_seal';
SELECT throws_ok(format($$SELECT supplement(%s, '{form}', '2026-03-13 10:00+08')$$, :c10), '55000', NULL,
  'an item moved to another department since the submission: refused (was: the case RT_MKT''s, its task RT_HLT''s)');
UPDATE item SET department = 'RT_MKT' WHERE code = 'rt_seal';
SELECT supplement(:c10, '{form}', '2026-03-13 10:00+08') AS st10 \gset
SELECT results_eq(format('SELECT c.department, t.department FROM cases c JOIN task t ON t.case_id = c.id WHERE c.id = %s', :c10),
  $$VALUES ('RT_MKT', 'RT_MKT')$$, 'back in its department, the case is accepted and its task is there');
-- a bundle whose item moved: refused too
SELECT submit('rt_par', :p, '{}', 'window', '{}', '2026-03-13 11:00+08') AS c11 \gset
UPDATE item SET department = 'RT_FIRE' WHERE code = 'rt_biz';
SELECT throws_ok(format($$SELECT supplement(%s, '{form}', '2026-03-13 12:00+08')$$, :c11), '55000', NULL,
  'a bundle whose item moved to another department since the submission: refused');
UPDATE item SET department = 'RT_MKT' WHERE code = 'rt_biz';

-- ------------------------------------------------------------ 5. a USCC with letters in positions 3-8
SELECT u AS odd FROM (SELECT '91A1B2C3MA0001000' || c AS u FROM regexp_split_to_table('0123456789ABCDEFGHJKLMNPQRTUWXY', '') c) x
 WHERE is_valid_uscc(u) LIMIT 1 \gset
INSERT INTO applicant (kind, uscc, name) VALUES ('org', :'odd', 'Registered elsewhere');
SELECT is((SELECT region FROM applicant WHERE uscc = :'odd'::uscc), NULL::text,
  'a valid USCC with letters where a region code would be registers, with no region (was 23514)');

SELECT * FROM finish();
ROLLBACK;
