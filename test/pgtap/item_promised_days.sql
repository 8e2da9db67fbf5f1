-- The working days an item promises, in one home: item_promised_days()
-- (src/core/svclimit.c).  Until 2026-12-05 the rule "0 when immediate, else
-- promised_limit, else legal_limit, else 20" was spelled in five places:
-- the view bundle_limits, service_info(), catalog_regression_kinds() and
-- catalog_bundles_lengthened() (over before/after row images), and the read
-- of route_accepted() (src/routing.c).  They agreed; this suite holds each of
-- them to the function over a grid of (kind, promised_limit, legal_limit),
-- and the function, once, to the rule as they spelled it
-- (pg_temp.rule_as_spelled): a change of the rule in src/core/svclimit.c
-- fails the function's assertions only, a place that spelled a rule of its
-- own again fails its own.  A refactor: the results are those of the former
-- code.  The legal days the places cap a promise with are item_legal_days()
-- (legal_limit, else 20), held in its own suite (item_legal_days.sql).
BEGIN;
SET search_path = service_affair, public;
SELECT plan(28);
SELECT create_roles() \g /dev/null
\ir intake_fixture.inc

-- the rule as the five places spelled it until 2026-12-05 (the oracle)
CREATE FUNCTION pg_temp.rule_as_spelled(kind text, promised_limit integer, legal_limit integer) RETURNS integer
    LANGUAGE sql IMMUTABLE
RETURN CASE WHEN kind = 'immediate' THEN 0 ELSE COALESCE(promised_limit, legal_limit, 20) END;

-- the function: each branch, then the grid (NULL kind and limits the
-- catalog would refuse included)
SELECT is(item_promised_days('immediate', NULL, 15), 0, 'immediate: 0 days (not the legal limit)');
SELECT is(item_promised_days('promised', 8, 15), 8, 'promised: its promised_limit');
SELECT is(item_promised_days('promised', NULL, 15), 15, 'no promised_limit: its legal_limit');
SELECT is(item_promised_days('promised', NULL, NULL), 20, 'neither: the legal default, 20');
SELECT is(item_promised_days('promised', 0, 15), 0, 'a promise of 0 is a promise (not unset)');
SELECT is(item_promised_days(NULL, 8, 15), 8, 'no kind named (an image naming none): not immediate');
SELECT is((SELECT count(*)::int
             FROM unnest(ARRAY['immediate', 'promised', NULL]) k,
                  unnest(ARRAY[NULL, 0, 3, 12, 20, 365]) p,
                  unnest(ARRAY[NULL, 0, 10, 20, 365]) l
            WHERE item_promised_days(k, p, l) IS DISTINCT FROM pg_temp.rule_as_spelled(k, p, l)), 0,
          'over 90 (kind, promised_limit, legal_limit): the rule as it was spelled');
SELECT throws_ok($$SELECT item_promised_days('Immediate', NULL, NULL)$$, '22023', 'invalid item kind',
                 'an unknown kind: 22023 (the catalog holds none)');
SELECT throws_ok($$SELECT item_promised_days('promised', -1, 20)$$, '22023', 'negative time limit',
                 'a negative promised_limit: 22023');
SELECT throws_ok($$SELECT item_promised_days('immediate', NULL, -5)$$, '22023', 'negative time limit',
                 'a negative legal_limit: 22023, whatever the kind');
\ir error_detail.inc
SELECT is(pg_temp.detail_of($$SELECT service_affair.item_promised_days('Immediate', NULL, NULL)$$),
          'Kind ''Immediate'' is neither immediate nor promised.', 'the DETAIL names the kind');
SELECT is(pg_temp.detail_of($$SELECT service_affair.item_promised_days('promised', -1, NULL)$$),
          'An item promises no fewer than 0 working days: promised_limit -1, legal_limit NULL.', 'the DETAIL names the limits');

-- the catalog grid: every (kind, promised_limit, legal_limit) the item's
-- CHECKs allow, an item each, a one-item bundle each
CREATE TEMP TABLE grid AS
SELECT 'pd_' || row_number() OVER (ORDER BY k, p NULLS FIRST, l NULLS FIRST) AS code, k AS kind, p, l
  FROM unnest(ARRAY['immediate', 'promised']) k, unnest(ARRAY[NULL, 0, 3, 12]) p, unnest(ARRAY[NULL, 0, 10, 20, 365]) l
 WHERE p <= item_legal_days(l) IS NOT FALSE AND (k = 'promised' OR p IS NULL OR p = 0);
INSERT INTO item (code, name, department, kind, promised_limit, legal_limit)
  SELECT code, 'Grid ' || code, 'IT_MKT', kind, p, l FROM grid;
INSERT INTO bundle (code, name, lead_department) SELECT 'b' || code, 'Bundle of ' || code, 'IT_MKT' FROM grid;
INSERT INTO bundle_item (bundle, item) SELECT 'b' || code, code FROM grid;
SELECT is((SELECT count(*)::int FROM grid), 27, 'the grid: 27 items (10 immediate, 17 promised)');

-- service_info(): an item
SELECT is((SELECT count(*)::int FROM grid g, service_info(g.code) s
            WHERE s.promised_days IS DISTINCT FROM item_promised_days(g.kind, g.p, g.l)), 0,
          'service_info(item).promised_days is item_promised_days() for every item of the grid');
-- bundle_limits and service_info(): a bundle of one item promises what
-- the item does, never above its legal days
SELECT is((SELECT count(*)::int FROM grid g JOIN bundle_limits b ON b.bundle = 'b' || g.code
            WHERE b.promised_days IS DISTINCT FROM LEAST(item_promised_days(g.kind, g.p, g.l), item_legal_days(g.l))), 0,
          'bundle_limits: a one-item bundle promises item_promised_days() of its item');
SELECT is((SELECT count(*)::int FROM grid g, service_info('b' || g.code) s
            WHERE s.promised_days IS DISTINCT FROM LEAST(item_promised_days(g.kind, g.p, g.l), item_legal_days(g.l))), 0,
          'service_info(bundle): the same');
-- a bundle of the grid in stages: the sum over stages of the largest promise
INSERT INTO bundle (code, name, lead_department) VALUES ('pd_all', 'Every grid item', 'IT_MKT');
INSERT INTO bundle_item (bundle, item, stage)
  SELECT 'pd_all', code, CASE kind WHEN 'immediate' THEN 1 ELSE 2 + (item_legal_days(l) > 20)::int END FROM grid;
SELECT is((SELECT promised_days FROM bundle_limits WHERE bundle = 'pd_all'),
          (SELECT sum(m)::int FROM (SELECT max(item_promised_days(kind, p, l)) m FROM grid
                                     GROUP BY CASE kind WHEN 'immediate' THEN 1 ELSE 2 + (item_legal_days(l) > 20)::int END) s),
          'bundle_limits over three stages: 0 + 20 + 365 (the sum of the stage maxima)');

-- route_accepted() (src/routing.c): a task's limit, and the case's promise
SELECT string_agg(submit(g.code, :good, '{}', 'window', '{}', '2026-11-18 10:00+08')::text, ',') AS pd_cases FROM grid g \gset
SELECT is((SELECT count(*)::int FROM cases c JOIN task t ON t.case_id = c.id JOIN grid g ON g.code = c.item
            WHERE c.id = ANY (string_to_array(:'pd_cases', ',')::bigint[])
              AND t.limit_days = item_promised_days(g.kind, g.p, g.l)
              AND c.promised_limit = item_promised_days(g.kind, g.p, g.l)), 27,
          'each of the 27 cases: its task''s limit_days and its promised_limit are item_promised_days()');

-- catalog_regression_kinds(): an item's promise lengthened, over images,
-- for every pair of grid rows.  Only an item first published on an earlier
-- day has regressions (catalog_published_before()): pd_1 as if first
-- published yesterday (a version dated then, written by hand)
INSERT INTO catalog_version (tbl, op, key, item, before_image, after_image, effective_at, actor, reviewed, ledger_seq)
VALUES ('item', 'update', '{"code": "pd_1"}', 'pd_1', '{"code": "pd_1"}', '{"code": "pd_1"}',
        now() - interval '1 day', current_user, false, 0);
SELECT is((SELECT count(*)::int
             FROM grid b, grid a
            WHERE ('limit_lengthened' = ANY (catalog_regression_kinds('item', 'update',
                        jsonb_build_object('code', 'pd_1', 'kind', b.kind, 'promised_limit', b.p, 'legal_limit', b.l),
                        jsonb_build_object('code', 'pd_1', 'kind', a.kind, 'promised_limit', a.p, 'legal_limit', a.l))))
                  IS DISTINCT FROM
                  (item_legal_days(a.l) > item_legal_days(b.l)
                   OR item_promised_days(a.kind, a.p, a.l) > item_promised_days(b.kind, b.p, b.l))), 0,
          'catalog_regression_kinds(item): limit_lengthened exactly when the legal limit or item_promised_days() grows (729 pairs)');
SELECT is(catalog_regression_kinds('item', 'update', '{"code": "pd_1", "kind": "immediate"}', '{"code": "pd_1", "kind": "promised"}'),
          '{limit_lengthened}', 'an immediate item made promised (0 to 20 days): limit_lengthened');
-- an entry: bpd_1 holds one immediate item (0 days); pd_27 (promised 12,
-- legal 365) added in its stage lengthens it, an immediate one does not
SELECT is(catalog_regression_kinds('bundle_item', 'insert', NULL, '{"bundle": "bpd_1", "item": "pd_27", "stage": 1}', now() + interval '1 day'),
          '{limit_lengthened}', 'catalog_regression_kinds(bundle_item): an entry promising 12 days lengthens a bundle of 0');
SELECT is(catalog_regression_kinds('bundle_item', 'insert', NULL, '{"bundle": "bpd_1", "item": "pd_2", "stage": 1}', now() + interval '1 day'),
          '{}', 'an immediate entry (0 days) does not');
SELECT is(catalog_regression_kinds('bundle', 'update', '{"code": "bpd_27", "promised_limit": 5}', '{"code": "bpd_27", "promised_limit": null}',
                                   now() + interval '1 day'),
          '{limit_lengthened}', 'catalog_regression_kinds(bundle): its own 5 days dropped, the sum of its stages (pd_27 promises 12) applies');

-- every grid item as an entry of bpd_16 (pd_16: promised 0 days, legal 20)
-- in its stage, and every one-item bundle's own limit of 0 days dropped
SELECT is((SELECT count(*)::int FROM grid g
            WHERE ('limit_lengthened' = ANY (catalog_regression_kinds('bundle_item', 'insert', NULL,
                        jsonb_build_object('bundle', 'bpd_16', 'item', g.code, 'stage', 1), now() + interval '1 day')))
                  IS DISTINCT FROM
                  (LEAST(GREATEST(item_promised_days('promised', 0, NULL), item_promised_days(g.kind, g.p, g.l)), GREATEST(item_legal_days(20), item_legal_days(g.l)))
                   > LEAST(item_promised_days('promised', 0, NULL), 20)
                   -- or its legal days (as an item's legal limit; since 2026-12-05)
                   OR GREATEST(item_legal_days(20), item_legal_days(g.l)) > 20)), 0,
          'catalog_regression_kinds(bundle_item): an entry lengthens bpd_16 exactly when item_promised_days() or the legal limit of its stage grows (27 entries)');
SELECT is((SELECT count(*)::int FROM grid g
            WHERE ('limit_lengthened' = ANY (catalog_regression_kinds('bundle', 'update',
                        jsonb_build_object('code', 'b' || g.code, 'promised_limit', 0),
                        jsonb_build_object('code', 'b' || g.code, 'promised_limit', NULL), now() + interval '1 day')))
                  IS DISTINCT FROM (LEAST(item_promised_days(g.kind, g.p, g.l), item_legal_days(g.l)) > 0)), 0,
          'catalog_regression_kinds(bundle): a one-item bundle''s own 0 days dropped lengthens it exactly when its item promises more (27 bundles)');

-- catalog_bundles_lengthened(): pd_17's bundle bpd_17 holds it alone; its
-- days before and after, for every pair of images of pd_17
SELECT is((SELECT count(*)::int
             FROM grid b, grid a
            WHERE (catalog_bundles_lengthened(
                        jsonb_build_object('code', 'pd_17', 'kind', b.kind, 'promised_limit', b.p, 'legal_limit', b.l),
                        jsonb_build_object('code', 'pd_17', 'kind', a.kind, 'promised_limit', a.p, 'legal_limit', a.l),
                        now() + interval '1 day') @> '{bpd_17}')
                  IS DISTINCT FROM
                  (LEAST(item_promised_days(a.kind, a.p, a.l), item_legal_days(a.l))
                     > LEAST(item_promised_days(b.kind, b.p, b.l), item_legal_days(b.l))
                   OR item_legal_days(a.l) > item_legal_days(b.l))), 0,
          'catalog_bundles_lengthened(): bpd_17 named exactly when its days by item_promised_days() grow (729 pairs)');

-- whoever reads a view over bundle_limits calls the function: it is
-- public (a pure function of its arguments)
SELECT ok(has_function_privilege('public', 'service_affair.item_promised_days(text, integer, integer)', 'EXECUTE'),
          'item_promised_days() is executable by PUBLIC');
CREATE ROLE pd_citizen LOGIN IN ROLE service_affair_public;
SET ROLE pd_citizen;
SELECT is((SELECT promised_limit FROM service_affair.public_bundle_list WHERE code = 'it_par'), 7,
          'a citizen reads public_bundle_list (bundle_limits, which calls it)');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
