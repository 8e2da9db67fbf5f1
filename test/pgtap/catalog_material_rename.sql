-- A material keeps its code (catalog_code_kept(), 55000; doc/guides.md,
-- "Regressions"), as an item and a bundle do
-- (test/pgtap/catalog_item_rename.sql).  Its code is the document: the items
-- of a bundle asking one code ask the applicant for it once, and the cases
-- list their materials by it.  Until 2026-12-05 `UPDATE material SET code`
-- of an item first published on an earlier day went through, written as a
-- delete and an insert: flagged material_added alone though the applicant
-- brought what he brought, and a change made in the same UPDATE (tolerable
-- withdrawn) was never judged as one (a review).  A rename is a delete and
-- an insert of a new document, and judged as one.
SET search_path = service_affair, public;
BEGIN;
SELECT plan(16);

SELECT create_roles();
CREATE ROLE mr_boss LOGIN IN ROLE service_affair_admin;
INSERT INTO department (code, name, region) VALUES ('MR', 'Material rename test', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit, max_visits, online_depth)
VALUES ('mr_x', 'X', 'MR', 'promised', 20, 5, 1, 'full'), ('mr_y', 'Y', 'MR', 'promised', 20, 5, 1, 'full'),
       ('mr_z', 'Z', 'MR', 'promised', 20, 5, 1, 'full');
INSERT INTO material (item, code, name, required, tolerable) VALUES
    ('mr_x', 'form', 'Application form', true, false),
    ('mr_x', 'opt', 'Optional paper', false, false),
    ('mr_x', 'tol', 'Tolerable paper', true, true),
    ('mr_y', 'idcard', 'Identity card', true, false),
    ('mr_z', 'idcard', 'Identity card', true, false);
INSERT INTO bundle (code, name, lead_department, promised_limit) VALUES ('mr_b', 'B', 'MR', 10);
INSERT INTO bundle_item (bundle, item, stage) VALUES ('mr_b', 'mr_y', 1), ('mr_b', 'mr_z', 2);
-- first published yesterday: every write of today is judged
INSERT INTO catalog_version (tbl, op, key, item, bundle, before_image, after_image, effective_at, actor, reviewed, ledger_seq)
SELECT 'item', 'update', jsonb_build_object('code', c), c, NULL, jsonb_build_object('code', c), jsonb_build_object('code', c),
       now() - interval '1 day', current_user, false, 0
  FROM unnest('{mr_x,mr_y,mr_z}'::text[]) c
UNION ALL
SELECT 'bundle', 'update', '{"code": "mr_b"}', NULL, 'mr_b', '{"code": "mr_b"}', '{"code": "mr_b"}',
       now() - interval '1 day', current_user, false, 0;
CREATE TEMP TABLE mr_before AS SELECT count(*)::int AS n, max(id) AS last FROM catalog_version WHERE item LIKE 'mr_%' OR bundle LIKE 'mr_%';
GRANT SELECT ON mr_before TO mr_boss;

SET ROLE mr_boss;
-- a rename alone: recorded as a delete and an insert flagged material_added
SELECT throws_ok($$UPDATE material SET code = 'form2' WHERE item = 'mr_x' AND code = 'form'$$,
                 '55000', 'the code of material "form" of item "mr_x" cannot be changed',
                 'a material renamed alone: refused (was a delete and an insert flagged material_added)');
-- renamed and made worse in one UPDATE: the change was never judged as one
SELECT throws_ok($$UPDATE material SET code = 'tol2', tolerable = false WHERE item = 'mr_x' AND code = 'tol'$$,
                 '55000', 'the code of material "tol" of item "mr_x" cannot be changed',
                 'a material renamed and no longer tolerable: refused (tolerance_off was never flagged)');
SELECT throws_ok($$UPDATE material SET code = 'opt2', required = true WHERE item = 'mr_x' AND code = 'opt'$$,
                 '55000', 'the code of material "opt" of item "mr_x" cannot be changed',
                 'a material renamed and made required: refused');
-- a material of an entry of a bundle: its code is the document the bundle
-- asks once (mr_y and mr_z both ask idcard)
SELECT throws_ok($$UPDATE material SET code = 'idcard2' WHERE item = 'mr_y' AND code = 'idcard'$$,
                 '55000', 'the code of material "idcard" of item "mr_y" cannot be changed',
                 'a material of a bundle entry renamed: refused');
-- several rows in one statement: the first refused stops it
SELECT throws_ok($$UPDATE material SET code = code || '_v2' WHERE item = 'mr_x'$$,
                 '55000', NULL, 'a bulk rename of an item''s materials: refused');
RESET ROLE;
SELECT is((SELECT count(*)::int FROM catalog_version WHERE item LIKE 'mr_%' OR bundle LIKE 'mr_%'), (SELECT n FROM mr_before),
          'no version recorded (was a delete and an insert for each rename)');
SELECT is((SELECT count(*)::int FROM catalog_regressions WHERE item LIKE 'mr_%' OR bundle LIKE 'mr_%'), 0,
          'no regression recorded (was material_added for each rename)');
SELECT results_eq($$SELECT item, code, required, tolerable FROM material WHERE item LIKE 'mr_%' ORDER BY item, code$$,
                  $$VALUES ('mr_x'::text, 'form'::text, true, false), ('mr_x', 'opt', false, false), ('mr_x', 'tol', true, true),
                           ('mr_y', 'idcard', true, false), ('mr_z', 'idcard', true, false)$$,
                  'every material keeps its code and its row');
SELECT is((SELECT count(*)::int FROM public_bundle_guide WHERE bundle = 'mr_b'), 1, 'the bundle asks one identity card');

-- the detail names both codes; the hint says what to do
CREATE TEMP TABLE mr_err (state text, detail text, hint text);
GRANT INSERT, SELECT ON mr_err TO mr_boss;
SET ROLE mr_boss;
DO $$
DECLARE s text; d text; h text;
BEGIN
    UPDATE material SET code = 'form2' WHERE item = 'mr_x' AND code = 'form';
    RAISE EXCEPTION 'renamed';  -- undone, as a refusal
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS s = RETURNED_SQLSTATE, d = PG_EXCEPTION_DETAIL, h = PG_EXCEPTION_HINT;
    INSERT INTO mr_err VALUES (s, d, h);
END
$$;
SELECT ok((SELECT state = '55000' AND detail LIKE 'Code "form" would become "form2".%' AND hint LIKE 'Delete the material and insert it under the new code%' FROM mr_err),
          'the detail names the old and the new code, the hint the delete and insert');

-- a SET code to the same code is no rename: the update is judged as one
UPDATE material SET code = 'tol', tolerable = false WHERE item = 'mr_x' AND code = 'tol';
RESET ROLE;
SELECT results_eq($$SELECT op, regressions FROM catalog_version WHERE tbl = 'material' AND key = '{"item": "mr_x", "code": "tol"}'
                     AND id > (SELECT last FROM mr_before)$$,
                  $$VALUES ('update'::text, '{tolerance_off}'::text[])$$,
                  'SET code to the same code with tolerable withdrawn: an update, tolerance_off');

-- what a rename is: a delete and an insert of a new document, each judged
SET ROLE mr_boss;
DELETE FROM material WHERE item = 'mr_x' AND code = 'form';
INSERT INTO material (item, code, name) VALUES ('mr_x', 'form2', 'Application form');
DELETE FROM material WHERE item = 'mr_x' AND code = 'opt';
INSERT INTO material (item, code, name, required) VALUES ('mr_x', 'opt2', 'Optional paper', false);
RESET ROLE;
SELECT results_eq($$SELECT key->>'code', op, regressions FROM catalog_version
                     WHERE tbl = 'material' AND item = 'mr_x' AND key->>'code' IN ('form', 'form2', 'opt', 'opt2')
                       AND id > (SELECT last FROM mr_before) ORDER BY id$$,
                  $$VALUES ('form'::text, 'delete'::text, '{}'::text[]), ('form2', 'insert', '{material_added}'),
                           ('opt', 'delete', '{}'), ('opt2', 'insert', '{}')$$,
                  'a required material the applicant brings, under a new code: material_added; an optional one: none');
SELECT is((guide_as_of('mr_x', now())->'materials') @> '[{"code": "form2"}]' AND NOT (guide_as_of('mr_x', now())->'materials') @> '[{"code": "form"}]',
          true, 'the guide as of now lists the new code, not the old');
-- a bundle entry's material under a new code: a second document the bundle asks
SET ROLE mr_boss;
DELETE FROM material WHERE item = 'mr_y' AND code = 'idcard';
INSERT INTO material (item, code, name) VALUES ('mr_y', 'idcard2', 'Identity card');
RESET ROLE;
SELECT ok((SELECT bool_or(kind = 'material_added' AND reason_missing) FROM catalog_regressions
            WHERE tbl = 'material' AND item = 'mr_y' AND key->>'code' = 'idcard2'),
          'a bundle entry''s material under a new code: material_added, reason missing');
SELECT is((SELECT count(*)::int FROM public_bundle_guide WHERE bundle = 'mr_b'), 2, 'the bundle now asks two documents');

-- the reviewed path names the material by its key; a row naming another code is refused
SET ROLE mr_boss;
SELECT throws_ok($$SELECT propose_catalog_change('{"table": "material", "op": "update", "key": {"item": "mr_x", "code": "tol"}, "row": {"code": "tol3", "name": "T"}}')$$,
                 '22023', 'a catalog change does not change a key column',
                 'a material''s change whose row names another code: 22023');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
