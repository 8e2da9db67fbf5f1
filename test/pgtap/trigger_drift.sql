-- service_affair.trigger_drift (77_restore_keys.sql): the triggers of the
-- extension's tables not in the state the extension ships them, which a
-- pg_restore --disable-triggers stopped by an error leaves (a table's
-- triggers disabled, its foreign-key checks included) and which its
-- ENABLE TRIGGER ALL leaves (an ENABLE ALWAYS trigger made ordinary).
-- Until 2026-12-07 nothing reported either.  Assertion 2 pins the view's
-- list of ENABLE ALWAYS triggers to the install script's: a trigger made
-- ENABLE ALWAYS later and not listed fails it.  The scenario of a real
-- restore is test/scripts/restore_modes.sh's.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(14);
SELECT create_roles();
CREATE ROLE td_admin LOGIN IN ROLE service_affair_admin;
CREATE ROLE td_clerk LOGIN IN ROLE service_affair_clerk;
CREATE ROLE td_login LOGIN;

-- every trigger of the extension's tables and its firing mode, to compare
CREATE TEMP TABLE td_before AS
SELECT tgrelid, tgname, tgenabled FROM pg_catalog.pg_trigger t
  JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
 WHERE c.relnamespace = 'service_affair'::regnamespace;

SELECT is_empty('SELECT * FROM service_affair.trigger_drift',
    'a fresh install: no trigger out of its shipped state');

-- each ENABLE ALWAYS trigger of a fresh install, made ordinary, is reported
-- as shipped always, with the statement that sets it back
CREATE FUNCTION pg_temp.td_always_reported() RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    r record;
    missing text := '';
BEGIN
    FOR r IN SELECT tgrelid::regclass AS rel, tgname FROM td_before WHERE tgenabled = 'A' ORDER BY 1, 2 LOOP
        EXECUTE format('ALTER TABLE %s ENABLE TRIGGER %I', r.rel, r.tgname);
        IF NOT EXISTS (SELECT 1 FROM service_affair.trigger_drift d
                        WHERE d.table_name = r.rel AND d.trigger_name = r.tgname AND d.state = 'origin'
                          AND d.shipped = 'always'
                          AND d.repair = format('ALTER TABLE service_affair.%I ENABLE ALWAYS TRIGGER %I;',
                                                (SELECT relname FROM pg_catalog.pg_class WHERE oid = r.rel), r.tgname)) THEN
            missing := missing || r.rel || '.' || r.tgname || ' ';
        END IF;
    END LOOP;
    RETURN coalesce(nullif(missing, ''), 'all ' || (SELECT count(*) FROM td_before WHERE tgenabled = 'A'));
END $$;
SELECT is(pg_temp.td_always_reported(), 'all 8',
    'every ENABLE ALWAYS trigger of the install script, made ordinary, is reported with its repair (the view''s list is complete)');

-- a restore stopped inside a table: DISABLE TRIGGER ALL and no ENABLE
ALTER TABLE service_affair.credit_event DISABLE TRIGGER ALL;
SELECT ok((SELECT bool_and(state = 'disabled' AND shipped = 'origin') FROM service_affair.trigger_drift
            WHERE table_name = 'service_affair.credit_event'::regclass)
          AND (SELECT count(*) FROM service_affair.trigger_drift WHERE table_name = 'service_affair.credit_event'::regclass)
              = (SELECT count(*) FROM td_before WHERE tgrelid = 'service_affair.credit_event'::regclass),
    'a table with its triggers disabled: every one of them reported as disabled');
SELECT ok(EXISTS (SELECT 1 FROM service_affair.trigger_drift
                   WHERE table_name = 'service_affair.credit_event'::regclass AND internal)
          AND EXISTS (SELECT 1 FROM service_affair.trigger_drift
                       WHERE table_name = 'service_affair.credit_event'::regclass AND NOT internal),
    '... its foreign-key checks (internal triggers) and its own triggers (the append-only guard) alike');

-- who runs the repairs: the tables' owner its own triggers, a superuser
-- the foreign-key ones, which PostgreSQL enables for no one else (a
-- system trigger); until 2026-12-07 the column's comment said every
-- statement was for the tables' owner.  A non-superuser made the table's
-- owner here (rolled back with the rest)
SELECT repair AS td_ri_repair FROM service_affair.trigger_drift
 WHERE table_name = 'service_affair.credit_event'::regclass AND internal ORDER BY trigger_name LIMIT 1 \gset
SELECT repair AS td_own_repair FROM service_affair.trigger_drift
 WHERE table_name = 'service_affair.credit_event'::regclass AND NOT internal ORDER BY trigger_name LIMIT 1 \gset
SELECT pg_catalog.pg_get_userbyid(relowner) AS td_owner_was FROM pg_catalog.pg_class WHERE oid = 'service_affair.credit_event'::regclass \gset
CREATE ROLE td_owner;
GRANT USAGE ON SCHEMA service_affair TO td_owner;
ALTER TABLE service_affair.credit_event OWNER TO td_owner;
SET ROLE td_owner;
SELECT throws_ok(:'td_ri_repair', '42501', NULL,
    'the repair of a foreign-key trigger (internal) needs a superuser: the tables'' owner gets 42501 (a system trigger)');
SELECT lives_ok(:'td_own_repair', '... the repair of the table''s own trigger is the owner''s');
RESET ROLE;
ALTER TABLE service_affair.credit_event OWNER TO :"td_owner_was";

-- a trigger left REPLICA fires only under logical apply
ALTER TABLE service_affair.setting ENABLE REPLICA TRIGGER setting_upsert;
SELECT is((SELECT state || ' ' || shipped || ' ' || repair FROM service_affair.trigger_drift
            WHERE table_name = 'service_affair.setting'::regclass AND trigger_name = 'setting_upsert'),
          'replica origin ALTER TABLE service_affair.setting ENABLE TRIGGER setting_upsert;',
    'a trigger left REPLICA is reported, its repair the ordinary ENABLE, qualified though service_affair is on the search_path');

-- a DBA's own trigger on an extension table, disabled on purpose: it has
-- no shipped state, and no repair must switch it on (until 2026-12-07 it
-- was listed as shipped ordinary, its repair ENABLE TRIGGER)
CREATE FUNCTION public.td_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE TRIGGER "DBA audit" AFTER INSERT ON service_affair.setting FOR EACH ROW EXECUTE FUNCTION public.td_audit();
ALTER TABLE service_affair.setting DISABLE TRIGGER "DBA audit";
SELECT is(ARRAY(SELECT trigger_name::text FROM service_affair.trigger_drift WHERE table_name = 'service_affair.setting'::regclass ORDER BY 1),
          ARRAY['setting_upsert'],
    'a DBA''s own trigger disabled on an extension table is not listed; the extension''s trigger of that table is');

-- ... nor one whose function another extension ships (contrib's tcn here):
-- until 2026-12-07 (a hostile review) any extension's function counted as
-- shipped, and its repair switched the DBA's notification trigger on
CREATE EXTENSION tcn SCHEMA public;
CREATE TRIGGER "DBA 'notify'" AFTER INSERT ON service_affair.setting
    FOR EACH ROW EXECUTE FUNCTION public.triggered_change_notification();
ALTER TABLE service_affair.setting DISABLE TRIGGER "DBA 'notify'";
SELECT is(ARRAY(SELECT trigger_name::text FROM service_affair.trigger_drift WHERE table_name = 'service_affair.setting'::regclass ORDER BY 1),
          ARRAY['setting_upsert'],
    'a DBA''s trigger of another extension''s function (tcn), disabled on purpose, is not listed either');

-- ... while a companion's trigger on an extension table is shipped: its
-- function is service_affair_shard's (the view names the companions; a
-- companion left out of that list, its disabled trigger went unreported)
CREATE EXTENSION service_affair_shard;
ALTER TABLE service_affair.cases DISABLE TRIGGER shard_case_home;
SELECT is((SELECT state || ' ' || shipped || ' ' || repair FROM service_affair.trigger_drift
            WHERE table_name = 'service_affair.cases'::regclass AND trigger_name = 'shard_case_home'),
          'disabled origin ALTER TABLE service_affair.cases ENABLE TRIGGER shard_case_home;',
    'a companion''s trigger (service_affair_shard''s shard_case_home) disabled on an extension table is listed, with its repair');

-- the repairs, run, give every trigger its shipped state back
CREATE FUNCTION pg_temp.td_repair() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    s text;
    n bigint := 0;
BEGIN
    FOR s IN SELECT repair FROM service_affair.trigger_drift LOOP
        EXECUTE s;
        n := n + 1;
    END LOOP;
    RETURN n;
END $$;
SELECT cmp_ok(pg_temp.td_repair(), '>', 8::bigint, 'the repair statements run');
SELECT is_empty($$
    SELECT tgrelid, tgname, tgenabled FROM td_before
    EXCEPT
    SELECT tgrelid, tgname, tgenabled FROM pg_catalog.pg_trigger$$,
    '... and every trigger is in its shipped state again (nothing reported, nothing left over)');

-- administrators read it; nobody else
SET ROLE td_admin;
SELECT lives_ok('SELECT count(*) FROM service_affair.trigger_drift', 'an administrator reads trigger_drift');
RESET ROLE;
SET ROLE td_clerk;
SELECT throws_ok('SELECT count(*) FROM service_affair.trigger_drift', '42501', NULL,
    'a clerk does not (42501)');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
