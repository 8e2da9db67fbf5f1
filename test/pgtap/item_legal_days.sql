-- The legal working days of an item, in one home: item_legal_days()
-- (src/core/svclimit.c, sa_item_legal_days()): legal_limit, else 20, the
-- legal default (行政许可法 Art 42 ¶1).  Until 2026-12-05 the rule was
-- spelled COALESCE(legal_limit, 20) in ten places: the item's CHECK
-- item_promised_within_legal (and the update's check before it), the view
-- bundle_limits, service_info() (whose legal days submit() keeps in
-- cases.legal_limit), catalog_regression_kinds() (an item, a bundle, a bundle
-- entry) and catalog_bundles_lengthened() over row images, and the promise's
-- own fallback in sa_item_promised_days() (test/unit/test_svclimit.c).
--
-- Each place is asked twice over a grid of items: under the function as
-- installed (the refactor: each gives what it gave, the oracle
-- COALESCE(legal_limit, 20) holding the function), then under another rule
-- put in its place for the test (legal_limit + 1, else 30; rolled back): a
-- place that goes through item_legal_days() follows it, one that spells the
-- rule again keeps 20 and fails its own assertion.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(33);
SELECT create_roles() \g /dev/null
\ir intake_fixture.inc

-- the function: each branch, the oracle over a grid, a negative limit
SELECT is(item_legal_days(NULL), 20, 'no legal limit: the clock''s 20 working days (the period of Art 42)');
SELECT is(item_legal_days(0), 0, 'a legal limit of 0 is a limit (not unset)');
SELECT is(item_legal_days(15), 15, 'a legal limit set: itself');
SELECT is((SELECT count(*)::int FROM unnest(ARRAY[NULL, 0, 1, 10, 19, 20, 21, 45, 365]) l
            WHERE item_legal_days(l) IS DISTINCT FROM COALESCE(l, 20)), 0,
          'over 9 legal limits, NULL included: COALESCE(legal_limit, 20), the rule as it was spelled');
SELECT is((SELECT count(*)::int FROM unnest(ARRAY[NULL, 0, 10, 20, 365]) l
            WHERE item_promised_days('promised', NULL, l) IS DISTINCT FROM item_legal_days(l)), 0,
          'item_promised_days(): an item with no promise promises its legal days');
SELECT throws_ok($$SELECT item_legal_days(-1)$$, '22023', 'negative time limit', 'a negative legal limit: 22023');
\ir error_detail.inc
SELECT is(pg_temp.detail_of($$SELECT service_affair.item_legal_days(-3)$$),
          'An item''s legal limit is no fewer than 0 working days: legal_limit -3.', 'the DETAIL names the limit');
SELECT throws_ok($$INSERT INTO item (code, name, department, kind, legal_limit) VALUES ('ld_neg', 'Negative', 'IT_MKT', 'promised', -1)$$,
                 '23514', NULL, 'the catalog refuses a negative legal limit by its own CHECK first (23514, as before)');
SELECT ok(has_function_privilege('public', 'service_affair.item_legal_days(integer)', 'EXECUTE'),
          'item_legal_days() is executable by PUBLIC (views and the item''s CHECK call it)');
SELECT is((SELECT provolatile::text || proisstrict::text FROM pg_proc WHERE oid = 'service_affair.item_legal_days(integer)'::regprocedure),
          'ifalse', 'IMMUTABLE (a CHECK calls it), not STRICT (NULL: the default)');

-- the grid: an item of each kind and legal limit (promise 0 or none), and a
-- one-item bundle of each; ld_host (legal 20, promising 0) hosts the entries
CREATE TEMP TABLE grid AS
SELECT 'ld_' || row_number() OVER (ORDER BY k, p NULLS FIRST, l NULLS FIRST) AS code, k AS kind, p, l
  FROM unnest(ARRAY['immediate', 'promised']) k, unnest(ARRAY[NULL, 0]) p, unnest(ARRAY[NULL, 0, 10, 20, 25, 365]) l;
INSERT INTO item (code, name, department, kind, promised_limit, legal_limit)
  SELECT code, 'Grid ' || code, 'IT_MKT', kind, p, l FROM grid;
INSERT INTO bundle (code, name, lead_department) SELECT 'b' || code, 'Bundle of ' || code, 'IT_MKT' FROM grid;
INSERT INTO bundle_item (bundle, item) SELECT 'b' || code, code FROM grid;
INSERT INTO item (code, name, department, kind, promised_limit, legal_limit) VALUES ('ld_host', 'Host', 'IT_MKT', 'promised', 0, 20);
INSERT INTO bundle (code, name, lead_department) VALUES ('bld_host', 'Host bundle', 'IT_MKT');
INSERT INTO bundle_item (bundle, item) VALUES ('bld_host', 'ld_host');
-- regressions are of what was first published on an earlier day: the
-- item ld_1 as if published yesterday (a version written by hand), the
-- bundles judged at a time tomorrow
INSERT INTO catalog_version (tbl, op, key, item, before_image, after_image, effective_at, actor, reviewed, ledger_seq)
VALUES ('item', 'update', '{"code": "ld_1"}', 'ld_1', '{"code": "ld_1"}', '{"code": "ld_1"}',
        now() - interval '1 day', current_user, false, 0);
SELECT is((SELECT count(*)::int FROM grid), 24, 'the grid: 24 items, each in a bundle of its own');

-- each place against the function, as a count of the grid rows where it
-- disagrees (0: it follows item_legal_days(), whatever its rule)
CREATE FUNCTION pg_temp.image(g grid) RETURNS jsonb LANGUAGE sql
RETURN jsonb_build_object('code', 'ld_1', 'kind', g.kind, 'promised_limit', g.p, 'legal_limit', g.l);
CREATE FUNCTION pg_temp.disagreeing(place text) RETURNS integer
    LANGUAGE plpgsql
AS $$
DECLARE
    n integer := 0;
    v_p integer;
    v_l integer;
    accepted boolean;
    case_id bigint;
BEGIN
    CASE place
    WHEN 'check' THEN
        -- an item (promise p, legal limit l) is accepted exactly when p is at
        -- most its legal days
        FOR v_p, v_l IN SELECT * FROM unnest(ARRAY[NULL, 0, 10, 20, 21, 25, 26, 30, 31, 365]) p,
                                  unnest(ARRAY[NULL, 0, 10, 20, 25, 365]) l LOOP
            BEGIN
                INSERT INTO service_affair.item (code, name, department, kind, promised_limit, legal_limit)
                VALUES ('ld_chk', 'Check', 'IT_MKT', 'promised', v_p, v_l);
                accepted := true;
                DELETE FROM service_affair.item WHERE code = 'ld_chk';
            EXCEPTION WHEN check_violation THEN
                accepted := false;
            END;
            n := n + (accepted IS DISTINCT FROM (v_p <= service_affair.item_legal_days(v_l) IS NOT FALSE))::int;
        END LOOP;
    WHEN 'service_info(item)' THEN
        SELECT count(*) INTO n FROM grid g, service_affair.service_info(g.code) s
         WHERE s.legal_days IS DISTINCT FROM service_affair.item_legal_days(g.l);
    WHEN 'bundle_limits' THEN
        SELECT count(*) INTO n FROM grid g JOIN service_affair.bundle_limits b ON b.bundle = 'b' || g.code
         WHERE b.legal_days IS DISTINCT FROM service_affair.item_legal_days(g.l)
            OR b.promised_days IS DISTINCT FROM LEAST(service_affair.item_promised_days(g.kind, g.p, g.l),
                                                      service_affair.item_legal_days(g.l));
    WHEN 'service_info(bundle)' THEN
        SELECT count(*) INTO n FROM grid g, service_affair.service_info('b' || g.code) s
         WHERE s.legal_days IS DISTINCT FROM service_affair.item_legal_days(g.l);
    WHEN 'submit()' THEN
        -- the case keeps the legal days of its service at submission
        FOR case_id, v_l IN SELECT service_affair.submit(g.code, (SELECT id FROM service_affair.applicant WHERE name = 'Good Person'),
                                                 '{}', 'window', '{}', '2026-11-18 10:00+08'), g.l
                      FROM grid g LOOP
            n := n + (SELECT (k.legal_limit IS DISTINCT FROM service_affair.item_legal_days(v_l))::int
                        FROM service_affair.cases k WHERE k.id = case_id);
        END LOOP;
    WHEN 'catalog_regression_kinds(item)' THEN
        -- limit_lengthened exactly when the legal days or the promise grow
        SELECT count(*) INTO n FROM grid b, grid a
         WHERE ('limit_lengthened' = ANY (service_affair.catalog_regression_kinds('item', 'update', pg_temp.image(b), pg_temp.image(a))))
               IS DISTINCT FROM
               (service_affair.item_legal_days(a.l) > service_affair.item_legal_days(b.l)
                OR service_affair.item_promised_days(a.kind, a.p, a.l) > service_affair.item_promised_days(b.kind, b.p, b.l));
    WHEN 'catalog_regression_kinds(bundle)' THEN
        -- a bundle's own promised_limit dropped: lengthened exactly when its
        -- days, capped by its legal days, grow.  The cap binds only on an
        -- item promising more than its legal days, which the item's CHECK
        -- refuses: such items (promise 1 to 31, legal limit NULL to 25) are
        -- written with the CHECK dropped, each alone in a bundle, judged for
        -- an own limit of 0, 10, 20 or 22 dropped, and rolled back
        BEGIN
            ALTER TABLE service_affair.item DROP CONSTRAINT item_promised_within_legal;
            CREATE TEMP TABLE over ON COMMIT DROP AS
            SELECT 'ld_over_' || row_number() OVER (ORDER BY op, ol NULLS FIRST) AS code, 'promised'::text AS kind, op AS p, ol AS l
              FROM unnest(ARRAY[1, 11, 21, 25, 26, 31]) op, unnest(ARRAY[NULL, 0, 10, 20, 25]) ol;
            INSERT INTO service_affair.item (code, name, department, kind, promised_limit, legal_limit)
              SELECT o.code, 'Over ' || o.code, 'IT_MKT', o.kind, o.p, o.l FROM over o;
            INSERT INTO service_affair.bundle (code, name, lead_department) SELECT 'b' || o.code, 'Bundle of ' || o.code, 'IT_MKT' FROM over o;
            INSERT INTO service_affair.bundle_item (bundle, item) SELECT 'b' || o.code, o.code FROM over o;
            SELECT count(*) INTO n
              FROM (SELECT code, kind, p, l FROM grid UNION ALL SELECT code, kind, p, l FROM over) g,
                   unnest(ARRAY[0, 10, 20, 22]) own,
                   LATERAL (SELECT service_affair.item_promised_days(g.kind, g.p, g.l) AS pd, service_affair.item_legal_days(g.l) AS ld) d
             WHERE ('limit_lengthened' = ANY (service_affair.catalog_regression_kinds('bundle', 'update',
                         jsonb_build_object('code', 'b' || g.code, 'promised_limit', own),
                         jsonb_build_object('code', 'b' || g.code, 'promised_limit', NULL), now() + interval '1 day')))
                   IS DISTINCT FROM
                   ((service_affair.bundle_days(NULL, d.pd, d.ld, 1, 1)).promised_days
                    > (service_affair.bundle_days(own, d.pd, d.ld, 1, 1)).promised_days);
            RAISE SQLSTATE 'LDRB1';
        EXCEPTION WHEN SQLSTATE 'LDRB1' THEN
            NULL;  -- the items over their legal days, and the CHECK dropped, rolled back
        END;
    WHEN 'catalog_regression_kinds(bundle_item)' THEN
        -- each grid item added to bld_host's stage: lengthened exactly when
        -- the stage's promise or legal days grow
        SELECT count(*) INTO n FROM grid g,
               LATERAL (SELECT service_affair.item_promised_days('promised', 0, 20) AS hp, service_affair.item_legal_days(20) AS hl,
                               service_affair.item_promised_days(g.kind, g.p, g.l) AS gp, service_affair.item_legal_days(g.l) AS gl) d
         WHERE ('limit_lengthened' = ANY (service_affair.catalog_regression_kinds('bundle_item', 'insert', NULL,
                     jsonb_build_object('bundle', 'bld_host', 'item', g.code, 'stage', 1), now() + interval '1 day')))
               IS DISTINCT FROM
               ((service_affair.bundle_days(NULL, GREATEST(d.hp, d.gp), GREATEST(d.hl, d.gl), 1, 1)).promised_days
                  > (service_affair.bundle_days(NULL, d.hp, d.hl, 1, 1)).promised_days
                OR (service_affair.bundle_days(NULL, GREATEST(d.hp, d.gp), GREATEST(d.hl, d.gl), 1, 1)).legal_days
                  > (service_affair.bundle_days(NULL, d.hp, d.hl, 1, 1)).legal_days);
    WHEN 'catalog_bundles_lengthened()' THEN
        -- ld_1 alone in bld_1: named exactly when the bundle's days grow
        SELECT count(*) INTO n FROM grid b, grid a,
               LATERAL (SELECT service_affair.bundle_days(NULL, service_affair.item_promised_days(b.kind, b.p, b.l),
                                                          service_affair.item_legal_days(b.l), 1, 1) AS bd,
                               service_affair.bundle_days(NULL, service_affair.item_promised_days(a.kind, a.p, a.l),
                                                          service_affair.item_legal_days(a.l), 1, 1) AS ad) d
         WHERE (service_affair.catalog_bundles_lengthened(pg_temp.image(b), pg_temp.image(a), now() + interval '1 day') @> '{bld_1}')
               IS DISTINCT FROM ((d.ad).promised_days > (d.bd).promised_days OR (d.ad).legal_days > (d.bd).legal_days);
    END CASE;
    RETURN n;
END
$$;
CREATE TEMP TABLE places (place text, ord int);
INSERT INTO places VALUES ('check', 1), ('service_info(item)', 2), ('bundle_limits', 3), ('service_info(bundle)', 4),
  ('submit()', 5), ('catalog_regression_kinds(item)', 6), ('catalog_regression_kinds(bundle)', 7),
  ('catalog_regression_kinds(bundle_item)', 8), ('catalog_bundles_lengthened()', 9);

-- under the function as installed: each place as before (the rule as spelled)
SELECT is(pg_temp.disagreeing(place), 0, place || ': its legal days are item_legal_days()') FROM places ORDER BY ord;
-- a few known answers of the former code, beyond the grid's agreement
SELECT is((SELECT legal_days FROM service_info('ld_13')), 20, 'service_info() of an item with no legal limit: 20 days');
SELECT is(catalog_regression_kinds('item', 'update', '{"code": "ld_1", "kind": "promised", "legal_limit": null}',
                                   '{"code": "ld_1", "kind": "promised", "legal_limit": 25}'),
          '{limit_lengthened}', 'a legal limit set to 25 on an item with none (20 days): limit_lengthened');

-- another rule in its place (rolled back with the test): every place follows
CREATE OR REPLACE FUNCTION service_affair.item_legal_days(legal_limit integer) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN legal_limit IS NULL THEN 30 ELSE legal_limit + 1 END;
SELECT is(item_legal_days(NULL), 30, 'the rule replaced for the test: legal_limit + 1, else 30');
SELECT is(pg_temp.disagreeing(place), 0, place || ': follows item_legal_days() replaced') FROM places ORDER BY ord;
SELECT is((SELECT legal_days FROM service_info('ld_13')), 30, 'service_info() of an item with no legal limit: 30 days under the rule replaced');

SELECT * FROM finish();
ROLLBACK;
