-- publish_due_catalog_changes() refuses a transaction of one snapshot
-- (REPEATABLE READ here; SERIALIZABLE and the concurrent permutations:
-- test/isolation/specs/catalog_publish_snapshot.spec): 55000, after its
-- arguments, before any change is read or locked, as sla_sweep() and
-- expire_licences().  Until 2026-12-05 it ran, and a change published by
-- another run after the snapshot ended the whole run with 40001 at the
-- loop's FOR UPDATE, outside the handler that keeps a change approved.
BEGIN ISOLATION LEVEL REPEATABLE READ;
SET search_path = service_affair, public;
SELECT plan(6);

SELECT create_roles();
CREATE ROLE cpi_clerk LOGIN IN ROLE service_affair_clerk;
CREATE ROLE cpi_rev LOGIN IN ROLE service_affair_reviewer;
INSERT INTO department (code, name, region) VALUES ('CPI', 'Publishing isolation', '330225');
INSERT INTO staff (login, department) VALUES ('cpi_clerk', 'CPI'), ('cpi_rev', 'CPI');
INSERT INTO item (code, name, department, kind, legal_limit, promised_limit)
VALUES ('cpi_item', 'Item', 'CPI', 'promised', 20, 10);
-- a change approved for tomorrow (the catalog's local day)
SET ROLE cpi_clerk;
SELECT propose_catalog_change(jsonb_build_object('table', 'item', 'op', 'update',
         'key', jsonb_build_object('code', 'cpi_item'), 'row', jsonb_build_object('promised_limit', 5)),
         local_day(now(), 'cn') + 1) AS ch \gset
RESET ROLE;
SET ROLE cpi_rev;
SELECT review_catalog_change(:ch, true, 'checked');
RESET ROLE;

-- the refusal, as "SQLSTATE message / detail / hint"
CREATE FUNCTION pg_temp.refusal(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE m text; d text; h text; s text;
BEGIN
    EXECUTE q;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS s = RETURNED_SQLSTATE, m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL, h = PG_EXCEPTION_HINT;
    RETURN s || ' ' || m || ' / ' || d || ' / ' || h;
END
$$;

SELECT is(current_setting('transaction_isolation'), 'repeatable read', 'this file runs in REPEATABLE READ');
SELECT is(pg_temp.refusal($$SELECT service_affair.publish_due_catalog_changes(now() + interval '1 day')$$),
  '55000 publish_due_catalog_changes() runs in READ COMMITTED / This transaction is REPEATABLE READ: the publishing would judge changes as of its snapshot, not as other transactions left them since. / Run it in a transaction of the default isolation level (READ COMMITTED), as pg_cron does.',
  'publish_due_catalog_changes() in REPEATABLE READ: 55000, the isolation level named, the hint to run it in READ COMMITTED (the sweeps'' shape)');
SELECT throws_ok($$SELECT service_affair.publish_due_catalog_changes()$$, '55000', 'publish_due_catalog_changes() runs in READ COMMITTED',
  'publish_due_catalog_changes() at its default time too');
-- a bad argument is told as such first (22023), as in READ COMMITTED and as the sweeps
SELECT throws_ok($$SELECT service_affair.publish_due_catalog_changes(NULL)$$, '22023', NULL,
  'publish_due_catalog_changes(NULL): 22023 before the isolation level');
SELECT throws_ok($$SELECT service_affair.publish_due_catalog_changes('infinity')$$, '22023', NULL,
  'publish_due_catalog_changes(infinity): 22023 before the isolation level');
-- nothing published: the change due tomorrow stays approved, the item as it was
SELECT results_eq(format('SELECT c.status, i.promised_limit FROM catalog_change c JOIN item i ON i.code = c.key->>%L WHERE c.id = %s', 'code', :ch),
  $$VALUES ('approved'::text, 10)$$, 'the refused run published nothing');
SELECT * FROM finish();
ROLLBACK;
