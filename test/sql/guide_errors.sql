-- Error messages and details of the guides and the catalog (issue 14), as
-- clients see them, each followed by its SQLSTATE (also asserted in
-- test/pgtap/guide_catalog.sql and catalog_ledger_chain.sql; the errors that
-- name the calling role or print a row are asserted there only).
\set SHOW_CONTEXT never
\set ON_ERROR_ROLLBACK on
SET search_path = service_affair, public;
BEGIN;
-- fixed ids in the messages below, whatever ran before (rolled back at the end)
ALTER SEQUENCE catalog_change_id_seq RESTART WITH 610001;
INSERT INTO department (code, name, region) VALUES ('GE_A', 'Guide errors A', '330225');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit) VALUES
  ('ge_i', 'Item', 'GE_A', 'promised', 20, 5), ('ge_town', 'Town item', 'GE_A', 'promised', 20, 5);
INSERT INTO material (item, code, name) VALUES ('ge_i', 'form', 'Form');
INSERT INTO applicant (kind, resident_id, name) VALUES ('person', '11010519491231002X', 'Error Person');

-- the deny-list
INSERT INTO material (item, code, name) VALUES ('ge_i', 'misc', '其他相关材料');
\echo :LAST_ERROR_SQLSTATE
UPDATE material SET name = '营业执照及相关证明材料' WHERE item = 'ge_i';
\echo :LAST_ERROR_SQLSTATE
-- propose_catalog_change
SELECT propose_catalog_change('{"table": "case", "op": "insert", "key": {}}');
\echo :LAST_ERROR_SQLSTATE
SELECT propose_catalog_change('{"table": "item", "op": "update", "key": {"code": "ge_i"}, "row": {"fee": "0"}, "why": "x"}');
\echo :LAST_ERROR_SQLSTATE
SELECT propose_catalog_change('{"table": "item", "op": "update", "key": {"id": "ge_i"}, "row": {"fee": "0"}}');
\echo :LAST_ERROR_SQLSTATE
SELECT propose_catalog_change('{"table": "item", "op": "update", "key": {"code": "ge_i"}, "row": {"colour": "red", "published_at": "x"}}');
\echo :LAST_ERROR_SQLSTATE
SELECT propose_catalog_change('{"table": "item", "op": "update", "key": {"code": "ge_i"}, "row": {}}');
\echo :LAST_ERROR_SQLSTATE
SELECT propose_catalog_change('{"table": "material", "op": "delete", "key": {"item": "ge_i", "code": "nothing"}}');
\echo :LAST_ERROR_SQLSTATE
SELECT propose_catalog_change('{"table": "material", "op": "insert", "key": {"item": "ge_i", "code": "form"}, "row": {"name": "Form"}}');
\echo :LAST_ERROR_SQLSTATE
SELECT propose_catalog_change('{"table": "material", "op": "insert", "key": {"item": "ge_i", "code": "misc"}, "row": {"name": "其他材料"}}');
\echo :LAST_ERROR_SQLSTATE
SELECT propose_catalog_change('{"table": "item", "op": "update", "key": {"code": "ge_i"}, "row": {"max_visits": 3, "online_depth": "none"}}', local_day(now()) + 1);
\echo :LAST_ERROR_SQLSTATE
SELECT propose_catalog_change('{"table": "item", "op": "update", "key": {"code": "ge_i"}, "row": {"fee": "0"}}', 'infinity');
\echo :LAST_ERROR_SQLSTATE
-- review_catalog_change
SELECT review_catalog_change(-1, true);
\echo :LAST_ERROR_SQLSTATE
SELECT propose_catalog_change('{"table": "item", "op": "update", "key": {"code": "ge_i"}, "row": {"fee": "0"}}') AS ch \gset
SELECT review_catalog_change(:ch, NULL);
\echo :LAST_ERROR_SQLSTATE
SELECT review_catalog_version(-1);
\echo :LAST_ERROR_SQLSTATE
SELECT catalog_record('item', 'insert', NULL, '{}');
\echo :LAST_ERROR_SQLSTATE
-- a key or change with control characters (C1 NEL, RLO, DEL): echoed as ?
-- in the details (until 2026-12-07 cut to 200 characters only, echoed raw)
SELECT propose_catalog_change(E'{"table": "item", "op": "update", "key": {"code": "ge_\u0085\u202E\u007f"}, "row": {"fee": "0"}}');
\echo :LAST_ERROR_SQLSTATE
SELECT propose_catalog_change(E'{"table": "item", "op": "update", "key": {"code": "ge_i"}, "row": {"fee": "0", "x\u202E": 1}}');
\echo :LAST_ERROR_SQLSTATE
SELECT propose_catalog_change(E'{"table": "itemX", "op": "update", "key": {"code": "ge_\u0085\u202E"}}');
\echo :LAST_ERROR_SQLSTATE
-- submit() of a cancelled or delegated item
UPDATE item SET status = 'delegated', delegated_to = 'ge_town' WHERE code = 'ge_i';
SELECT submit('ge_i', '11010519491231002X', '{form}');
\echo :LAST_ERROR_SQLSTATE
UPDATE item SET status = 'cancelled' WHERE code = 'ge_town';
SELECT submit('ge_town', '11010519491231002X', '{}');
\echo :LAST_ERROR_SQLSTATE
ROLLBACK;
-- catalog_dry_run_begin() outside the subtransaction of a dry run (autocommit:
-- no savepoint of ON_ERROR_ROLLBACK around it): 55000 (was XX000; a review)
SELECT catalog_dry_run_begin();
\echo :LAST_ERROR_SQLSTATE
