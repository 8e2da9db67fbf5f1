-- The keys of a table to itself, deferred in a restore (77_restore_keys.sql),
-- read again by a review of 2026-12-07: which keys are deferrable, who can
-- have them deferred (restoring(): a superuser's session with a restore's
-- settings, never a clerk's or an administrator's, nor a superuser's call
-- of the API), how long a deferral lasts (to the end of the transaction,
-- a savepoint rolled back undoing it) and that a deferred key is still
-- checked.  Assertions 4 and 5 fail on the former code: restore_defer_keys()
-- did not check TG_RELID, and attached to another table (by a superuser) it
-- deferred the three keys at every insert there, restore or not.  The
-- others hold on it and pin what the review found; the commit-time check
-- itself is test/scripts/restore_modes.sh's.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(15);
SELECT create_roles();
CREATE ROLE rk_admin LOGIN IN ROLE service_affair_admin;
CREATE ROLE rk_clerk LOGIN IN ROLE service_affair_clerk;

-- a statement run with a restore's settings (pg_dump's script and
-- pg_restore set them): the empty search_path, check_function_bodies off;
-- its error, if any, as SQLSTATE: message
CREATE FUNCTION pg_temp.as_restore(q text) RETURNS text LANGUAGE plpgsql
    SET search_path = '' SET check_function_bodies = off AS $$
BEGIN
    EXECUTE q;
    RETURN 'done';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;
-- whether service_point_parent_fkey is deferred now: a point under a
-- missing parent passes its statement (then undone)
CREATE FUNCTION pg_temp.parent_key_deferred() RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO service_affair.service_point (code, name, level, region, parent)
    VALUES ('RK-ORPHAN', 'Orphan', 'town', '330225', 'RK-NONE');
    RAISE EXCEPTION 'rk: passed' USING ERRCODE = 'P0001';
EXCEPTION
    WHEN foreign_key_violation THEN RETURN false;
    WHEN raise_exception THEN RETURN true;
END $$;

-- 1-2. only the three keys of a table to itself are deferrable; no key a
-- foreign key or an ON CONFLICT refers to is
SELECT is((SELECT string_agg(conname || CASE WHEN conrelid = confrelid THEN ' (to itself)' ELSE '' END
                                    || CASE WHEN condeferred THEN ' deferred' ELSE '' END, ', ' ORDER BY conname)
             FROM pg_constraint WHERE connamespace = 'service_affair'::regnamespace AND contype = 'f' AND condeferrable),
          'credit_event_refers_to_fkey (to itself), item_delegated_to_fkey (to itself), service_point_parent_fkey (to itself)',
          'the deferrable foreign keys: the three of a table to itself, INITIALLY IMMEDIATE');
SELECT is((SELECT string_agg(conname, ', ') FROM pg_constraint
            WHERE connamespace = 'service_affair'::regnamespace AND contype IN ('p', 'u', 'x') AND condeferrable),
          NULL, 'no primary key, unique or exclusion constraint of the extension is deferrable');

-- 3. an ordinary write is checked at its statement
SELECT is(pg_temp.parent_key_deferred(), false, 'a superuser''s ordinary write: the key is checked at its statement');

-- 4-5. the trigger function attached to another table refuses to act (a
-- savepoint: on the former code the keys stayed deferred)
SAVEPOINT t;
CREATE TEMP TABLE rk_mine (x int);
CREATE TRIGGER rk_mine_defer BEFORE INSERT ON rk_mine FOR EACH STATEMENT EXECUTE FUNCTION service_affair.restore_defer_keys();
SELECT throws_ok($$INSERT INTO rk_mine VALUES (1)$$, '39P01', NULL,
                 'restore_defer_keys() attached to another table (by a superuser) refuses to act: TG_RELID is checked');
SELECT is(pg_temp.parent_key_deferred(), false, '... and defers nothing');
ROLLBACK TO t;
-- (a SET CONSTRAINTS run in a subtransaction that committed, throws_ok()'s
-- exception block, outlives the rollback to an enclosing savepoint: the
-- former code's deferral would reach the assertions below)
SET CONSTRAINTS service_affair.item_delegated_to_fkey, service_affair.service_point_parent_fkey,
                service_affair.credit_event_refers_to_fkey IMMEDIATE;

-- 6. no role but a superuser is taken for a restore: is_superuser is
-- internal (restoring() is not even executable by a clerk)
SET ROLE rk_clerk;
SELECT throws_ok($$SET is_superuser = on$$, '55P02', NULL, 'a clerk cannot set is_superuser');
RESET ROLE;

-- 7. an administrator (no superuser) writing with a restore's settings:
-- checked at the statement
SET ROLE rk_admin;
SELECT is(pg_temp.as_restore($$INSERT INTO service_affair.service_point (code, name, level, region, parent)
                                VALUES ('RK-T', 'Town', 'town', '330225', 'RK-C')$$),
          '23503: insert or update on table "service_point" violates foreign key constraint "service_point_parent_fkey"',
          'an administrator with a restore''s settings: a point under a missing parent fails at its statement');
RESET ROLE;

-- 8-9. a superuser with a restore's settings calling the API (which pins
-- its search_path): no restore, nothing deferred
SELECT is(pg_temp.as_restore($$SELECT service_affair.record_credit_event('11010519491231002X', 'minor', 'restore keys', pg_catalog.now() - interval '1 hour')$$),
          'done', 'a superuser with a restore''s settings records a credit event through the API');
SELECT is(pg_temp.parent_key_deferred(), false, '... and the API''s insert into credit_event defers nothing');

-- 10-13. a restore: the child before its parent passes; the keys stay
-- deferred to the end of the transaction, for every write after it too
-- (the settings gone), and are still checked
SAVEPOINT r;
SELECT is(pg_temp.as_restore($$INSERT INTO service_affair.service_point (code, name, level, region, parent)
                                VALUES ('RK-T', 'Town', 'town', '330225', 'RK-C')$$),
          'done', 'a restore: a point before its parent passes its statement');
SELECT is(pg_temp.parent_key_deferred(), true,
          '... and the key stays deferred for the rest of the transaction, the restore''s settings gone');
SAVEPOINT c;
SELECT throws_ok($$SET CONSTRAINTS service_affair.service_point_parent_fkey IMMEDIATE$$, '23503',
                 'insert or update on table "service_point" violates foreign key constraint "service_point_parent_fkey"',
                 '... still checked: at SET CONSTRAINTS ... IMMEDIATE (or the commit) without the parent, 23503');
ROLLBACK TO c;
SELECT is(pg_temp.as_restore($$INSERT INTO service_affair.service_point (code, name, level, region)
                                VALUES ('RK-C', 'County', 'county', '330225');
                               SET CONSTRAINTS service_affair.service_point_parent_fkey IMMEDIATE$$),
          'done', '... and with the parent in, the check passes');
ROLLBACK TO r;
SET CONSTRAINTS service_affair.service_point_parent_fkey IMMEDIATE;

-- 14-15. a savepoint rolled back undoes the deferral made at its level,
-- with the restore's rows (as psql's ON_ERROR_ROLLBACK would)
SAVEPOINT s;
SET LOCAL search_path = '';
SET LOCAL check_function_bodies = off;
INSERT INTO service_affair.service_point (code, name, level, region, parent) VALUES ('RK-T', 'Town', 'town', '330225', 'RK-C');
SELECT pg_catalog.count(*) AS rk_in FROM service_affair.service_point WHERE code = 'RK-T' \gset
ROLLBACK TO s;
SELECT is(:rk_in::int, 1, 'a restore''s point before its parent, in a savepoint');
SELECT is(pg_temp.parent_key_deferred(), false, '... rolled back: the key is checked at its statement again');

SELECT * FROM finish();
ROLLBACK;
