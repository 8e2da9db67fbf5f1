-- The province extension's part of the companion checks (doc/scale.md
-- "Security", "Its user mappings", "On a shard: what the province node
-- reads"): what service_affair_province does over service_affair_shard and
-- postgres_fdw, without service_affair_router (PL/Proxy), so it runs
-- whether or not PL/Proxy is installed.  Its ACLs after CREATE EXTENSION,
-- its grants (rebuild_views(), find_case(), shard_rows()), detach_shard()
-- and attach_shard() (a status_timeout of too many digits, a server owned
-- by a role that may not choose it), the status servers and the event
-- triggers that keep them (sa_province_status_follow,
-- sa_province_status_follow_drop), status_servers(), shard_status()'s
-- bound, find_case()'s result, mirrored against link_relations() and its
-- constraint, and sa_province_mirrored_recheck.  companion_hostile.sql
-- keeps what needs the router (it skips without PL/Proxy);
-- shard_link_role.sql what the shard extension does alone.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(65);

SET client_min_messages = warning;
CREATE EXTENSION service_affair_shard;
CREATE EXTENSION service_affair_province CASCADE;
-- the group roles, as service_affair_router.create_roles() makes them in
-- companion_hostile.sql (without the router's grants, which the province
-- does not use)
SELECT service_affair.create_roles();
RESET client_min_messages;

INSERT INTO service_affair_shard.shard VALUES ('hz', 1), ('nb', 2);
INSERT INTO service_affair_shard.shard_region VALUES ('3301', 'hz'), ('3302', 'nb');

CREATE ROLE sa_comp_login LOGIN;

-- ---- ACLs after CREATE EXTENSION (companion_hostile.sql's, for this extension alone) ----------
\set acl_schemas '{service_affair_province}'
\set acl_label 'service_affair_province'
\ir companion_acl.inc

-- ---- the province's grants (rebuild_views(), here without shards) -------------------------
SELECT service_affair_province.rebuild_views();
SELECT is(ARRAY(SELECT r.rolname::text FROM pg_catalog.pg_roles r
                 WHERE r.rolname ~ '^service_affair_' AND pg_catalog.has_function_privilege(r.oid, 'service_affair_province.find_case(bigint)', 'EXECUTE')
                 ORDER BY 1),
          ARRAY['service_affair_admin'],
  'find_case() reads a case as its owner: administrators only, not the clerks and reviewers row-level security limits');
-- the readers the province views go through (SECURITY DEFINER, granted to
-- analysts and to the readers of complaint_queue): nothing of a shard but
-- the mirrored views and rollups, of attached shards only
SELECT throws_ok($$SELECT * FROM service_affair_province.shard_rows('hz', NULL::service_affair.cases)$$, '22023',
  'shape must be the row type of a mirrored view or rollup',
  'shard_rows() reads no cases: 22023 for a row type that is not a mirrored view or rollup');
SELECT throws_ok($$SELECT * FROM service_affair_province.shard_rows('hz', NULL::service_affair.efficiency)$$, '23503',
  'shard hz is not attached', 'shard_rows() of a shard not attached: 23503');
SELECT throws_ok($$SELECT * FROM service_affair_province.shard_complaint_queue(NULL)$$, '23503',
  'shard <NULL> is not attached', 'shard_complaint_queue() of no shard: 23503');
SELECT is(ARRAY(SELECT r.rolname::text FROM pg_catalog.pg_roles r
                 WHERE r.rolname ~ '^service_affair_'
                   AND pg_catalog.has_function_privilege(r.oid, 'service_affair_province.shard_rows(text, anyelement, text, date, date, boolean)', 'EXECUTE')
                 ORDER BY 1),
          ARRAY['service_affair_analyst'],
  'shard_rows() is granted to the analysts, who read the province views');

-- ---- detaching a shard from the province views (superuser) ----------------------------------
SELECT throws_ok($$SELECT service_affair_province.detach_shard(NULL)$$, '22023', 'shard required',
  'detach_shard(NULL): 22023, not the 22004 of a NULL schema name');
SELECT throws_ok($$SELECT service_affair_province.detach_shard(pg_catalog.repeat('x', 100000))$$, '23503',
  'shard ' || pg_catalog.repeat('x', 64) || ' is not attached',
  'detach_shard() of a shard that is not attached: 23503, the name cut to 64 characters (it rebuilt and dropped nothing)');

-- ---- attach_shard() with a status_timeout of too many digits (superuser) ---------------------
-- Until 2026-12-05 digits past numeric's range were 22003 "value overflows
-- numeric format", naming neither the setting nor its value (a hostile review).
CREATE SERVER hz FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '/nonexistent');
SELECT pg_catalog.set_config('service_affair_province.status_timeout', pg_catalog.repeat('9', 140000), true) IS NOT NULL AS set_long \gset
SELECT throws_ok($$SELECT service_affair_province.attach_shard('hz')$$, '22023',
  'invalid service_affair_province.status_timeout: ' || pg_catalog.repeat('9', 64),
  'attach_shard() with a status_timeout of 140,000 digits: 22023 naming it (cut to 64), not 22003');
SELECT pg_catalog.set_config('service_affair_province.status_timeout', '0.' || pg_catalog.repeat('0', 20000) || '1s', true) IS NOT NULL AS set_long \gset
SELECT throws_ok($$SELECT service_affair_province.attach_shard('hz')$$, '22023',
  'invalid service_affair_province.status_timeout: 0.' || pg_catalog.repeat('0', 62),
  'attach_shard() with a status_timeout of 20,000 decimals, less than 1 ms: 22023, not 22003');
SELECT pg_catalog.set_config('service_affair_province.status_timeout', '', true) IS NOT NULL AS set_long \gset
DROP SERVER hz;

-- ---- the status servers' user mappings follow the shards' (doc/scale.md, "Its user mappings") ---
-- The province's event triggers fire at those commands only (and ALTER SERVER), through
-- a SECURITY DEFINER function (an operator owning a shard's server who is
-- not a superuser may rotate its credentials); a server that is not an
-- attached shard's is left alone (no status server made, no error)
SELECT is((SELECT pg_catalog.string_agg(pg_catalog.concat_ws(' ', e.evtname, e.evtevent, e.evttags::text, p.prosecdef), '; ' ORDER BY e.evtname)
             FROM pg_catalog.pg_event_trigger e
             JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_event_trigger'::regclass AND d.objid = e.oid AND d.deptype = 'e'
             JOIN pg_catalog.pg_extension x ON x.oid = d.refobjid AND x.extname = 'service_affair_province'
             JOIN pg_catalog.pg_proc p ON p.oid = e.evtfoid),
  'sa_province_mirrored_recheck ddl_command_end {"ALTER EXTENSION","CREATE FUNCTION","ALTER FUNCTION"} t; '
  || 'sa_province_status_follow ddl_command_end {"CREATE USER MAPPING","ALTER USER MAPPING","ALTER SERVER","ALTER FUNCTION","ALTER ROUTINE"} t; '
  || 'sa_province_status_follow_drop sql_drop {"DROP USER MAPPING"} t',
  'the province''s event triggers: CREATE and ALTER USER MAPPING, ALTER SERVER, ALTER FUNCTION and ALTER ROUTINE (shard_status()''s owner) at ddl_command_end, DROP USER MAPPING at sql_drop; ALTER EXTENSION, CREATE and ALTER FUNCTION (mirrored checked again); members of the extension, SECURITY DEFINER');
SELECT lives_ok($$CREATE SERVER hz FOREIGN DATA WRAPPER postgres_fdw OPTIONS (dbname 'nowhere');
                  CREATE USER MAPPING FOR sa_comp_login SERVER hz OPTIONS (user 'a', password 'b');
                  ALTER USER MAPPING FOR sa_comp_login SERVER hz OPTIONS (SET password 'c');
                  ALTER SERVER hz OPTIONS (SET dbname 'elsewhere');
                  CREATE USER MAPPING FOR PUBLIC SERVER hz;
                  DROP USER MAPPING FOR sa_comp_login SERVER hz;
                  DROP USER MAPPING FOR PUBLIC SERVER hz$$,
  'user mappings made, altered and dropped, the server altered, for a shard that is not attached: nothing refused');
SELECT is((SELECT pg_catalog.count(*) FROM pg_catalog.pg_foreign_server WHERE srvname LIKE 'sa\_status\_%')::text
          || ' ' || service_affair_province.sync_status_mappings('hz'), '0 0',
  '... no status server made, and sync_status_mappings() of a shard without one changes nothing (it follows only one attach_shard() made)');
SET ROLE sa_comp_login;
SELECT throws_ok($$SELECT service_affair_province.sync_status_mappings('hz')$$, '42501', NULL,
  'a plain login cannot call sync_status_mappings()');
RESET ROLE;
-- A shard's status server is told by the start of its COMMENT, compared
-- as text: until 2026-12-05 by LIKE, where the "_" a shard name may hold
-- matched any character, so shard a_b took axb's status server for its own
-- (attach_shard() would have dropped it, shard_status() read through it)
CREATE SERVER sa_status_a_b FOREIGN DATA WRAPPER postgres_fdw OPTIONS (dbname 'nowhere');
COMMENT ON SERVER sa_status_a_b IS 'Shard axb''s server axb for service_affair_province.shard_status() alone: made by attach_shard()';
SELECT is((SELECT pg_catalog.count(*) FROM service_affair_province.status_servers('a_b')), 0::bigint,
  'status_servers(''a_b''): a server whose COMMENT names shard axb is not a_b''s ("_" is no wildcard)');
ALTER SERVER sa_status_a_b RENAME TO sa_status_axb;
SELECT is((SELECT pg_catalog.string_agg(x.name, ',') FROM service_affair_province.status_servers('axb') x), 'sa_status_axb',
  '... and status_servers(''axb'') finds it by its name and COMMENT (the control)');
ALTER SERVER sa_status_axb RENAME TO sa_status_a_b;
DROP SERVER sa_status_a_b;

-- An error met while sync_status_mappings() makes a status server's user
-- mapping (for the DDL of the owner of a shard's server who is not a
-- superuser, through the SECURITY DEFINER event trigger) does not carry
-- the statement: it holds the mapping's options, the province's password,
-- which pg_user_mappings hides from that owner.  Until 2026-12-05 (a
-- hostile review) its CONTEXT did (SQL statement "CREATE USER MAPPING ...
-- password '...'"); the owner's statement_timeout or a cancel met there
-- showed it.  A shard "lk" attached by hand (its status server, its probe,
-- no connection) and an event trigger failing at that CREATE stand in.
INSERT INTO service_affair_shard.shard VALUES ('lk', 77);
CREATE ROLE sa_comp_srvowner;
CREATE SERVER lk FOREIGN DATA WRAPPER postgres_fdw OPTIONS (dbname 'nowhere');
CREATE USER MAPPING FOR CURRENT_USER SERVER lk OPTIONS (user 'u', password 'sa_comp_secret_pw');
CREATE SERVER sa_status_lk FOREIGN DATA WRAPPER postgres_fdw OPTIONS (dbname 'nowhere', options '-c statement_timeout=5000');
COMMENT ON SERVER sa_status_lk IS 'Shard lk''s server lk for service_affair_province.shard_status() alone: made by hand';
CREATE SCHEMA sa_shard_lk;
CREATE FOREIGN TABLE sa_shard_lk.probe () SERVER sa_status_lk OPTIONS (schema_name 'pg_catalog', table_name 'pg_namespace');
CREATE FOREIGN TABLE sa_shard_lk.cases () SERVER lk OPTIONS (schema_name 'service_affair_shard', table_name 'cases');
INSERT INTO service_affair_province.attached (shard) VALUES ('lk');
SELECT is(service_affair_province.sync_status_mappings('lk'), 1, 'the stand-in of an attached shard lk: its status server gets the mapping');
ALTER SERVER lk OWNER TO sa_comp_srvowner;
CREATE FUNCTION public.comp_fail_status_mapping() RETURNS event_trigger LANGUAGE plpgsql AS $f$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_event_trigger_ddl_commands() c WHERE c.object_identity LIKE '% on server sa_status_lk') THEN
        RAISE EXCEPTION 'a stand-in for a failure (a timeout, a cancel)';
    END IF;
END
$f$;
CREATE EVENT TRIGGER comp_fail_status_mapping ON ddl_command_end WHEN TAG IN ('CREATE USER MAPPING')
    EXECUTE FUNCTION public.comp_fail_status_mapping();
CREATE FUNCTION pg_temp.comp_rotate(ddl text) RETURNS text LANGUAGE plpgsql AS $f$
DECLARE
    m text;
    d text;
    c text;
BEGIN
    EXECUTE ddl;
    RETURN 'done';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL, c = PG_EXCEPTION_CONTEXT;
    RETURN SQLSTATE || ' ' || m || ' | secret shown: ' || (pg_catalog.concat(m, d, c) LIKE '%sa_comp_secret_pw%')::text;
END
$f$;
SET ROLE sa_comp_srvowner;
SELECT is(pg_temp.comp_rotate(pg_catalog.format('ALTER USER MAPPING FOR %I SERVER lk OPTIONS (ADD sslpassword %L)', session_user, 'x')),
  'P0001 a stand-in for a failure (a timeout, a cancel) | secret shown: false',
  'the owner of shard lk''s server, not a superuser, adds an option to the province''s mapping and meets an error where its status server''s is made: the error is raised, the password is not in it');
RESET ROLE;
DROP EVENT TRIGGER comp_fail_status_mapping;
SELECT is(pg_temp.comp_rotate(pg_catalog.format('ALTER USER MAPPING FOR %I SERVER lk OPTIONS (ADD sslpassword %L)', session_user, 'x')), 'done',
  '... (the control: without the failure the mapping follows)');
SELECT is((SELECT pg_catalog.array_to_string(u.umoptions, ',') FROM pg_catalog.pg_user_mappings u WHERE u.srvname = 'sa_status_lk'),
  'user=u,password=sa_comp_secret_pw,sslpassword=x', '... on the status server too');
-- A connect_timeout of the shard's server that libpq does not read as an
-- integer is copied to the status server (refused alike), and the ALTER
-- SERVER that sets it is not refused: until 2026-12-05 (a hostile review)
-- 22P02 on type numeric, from the event trigger.
SELECT lives_ok($$ALTER SERVER lk OPTIONS (ADD connect_timeout '10s')$$,
  'ALTER SERVER of an attached shard''s server with a connect_timeout libpq refuses: not refused by the province');
SELECT is((SELECT o.option_value FROM pg_catalog.pg_foreign_server f, pg_catalog.pg_options_to_table(f.srvoptions) o
            WHERE f.srvname = 'sa_status_lk' AND o.option_name = 'connect_timeout'), '10s',
  '... the status server has it too (its connections refused as the shard''s are)');
SELECT lives_ok($$ALTER SERVER lk OPTIONS (SET connect_timeout ' 9 ')$$, '... an integer with spaces');
SELECT is((SELECT o.option_value FROM pg_catalog.pg_foreign_server f, pg_catalog.pg_options_to_table(f.srvoptions) o
            WHERE f.srvname = 'sa_status_lk' AND o.option_name = 'connect_timeout'), '5',
  '... is bounded as before (at most the 5 s of the status server''s statement_timeout)');
-- A changed service_affair_province.status_timeout applies at the next
-- shard_status() (doc/scale.md, "The status bound"): the status server's
-- bound and its connect_timeout (at most the bound) changed before the
-- shard is read; unset, the bound stays; a value that is no duration is
-- 22023.  Until 2026-12-05 (a review) only attach_shard() took the
-- setting.  (lk's status server connects nowhere: its row says so.)
CREATE FOREIGN TABLE sa_shard_lk.status_cases () SERVER sa_status_lk OPTIONS (schema_name 'service_affair_shard', table_name 'cases');
CREATE TEMP VIEW comp_lk_status AS
  SELECT pg_catalog.array_to_string(f.srvoptions, ' ') AS options, pg_catalog.obj_description(f.oid, 'pg_foreign_server') AS comment
    FROM pg_catalog.pg_foreign_server f WHERE f.srvname = 'sa_status_lk';
SELECT pg_catalog.set_config('service_affair_province.status_timeout', '2s', true) IS NOT NULL AS set_bound \gset
SELECT is((SELECT pg_catalog.concat_ws(':', reachable, note) FROM service_affair_province.shard_status() WHERE shard = 'lk'), 'f',
  'status_timeout 2s, lk''s status server at 5000 ms: shard_status() reads lk (down here), no note');
SELECT is((SELECT options FROM pg_temp.comp_lk_status), 'dbname=nowhere options=-c statement_timeout=2000 connect_timeout=2',
  '... and its status server now ends each statement after 2000 ms, connect_timeout 2 (at most the bound)');
SELECT ok((SELECT comment FROM pg_temp.comp_lk_status) ~ '^Shard lk''s server lk for service_affair_province\.shard_status\(\) alone: .* ended after 2000 ms',
  '... its COMMENT says the bound and still tells it as lk''s status server');
SELECT pg_catalog.set_config('service_affair_province.status_timeout', '', true) IS NOT NULL AS set_bound \gset
SELECT is((SELECT reachable FROM service_affair_province.shard_status() WHERE shard = 'lk'), false, 'status_timeout unset: shard_status() reads lk');
SELECT is((SELECT options FROM pg_temp.comp_lk_status), 'dbname=nowhere options=-c statement_timeout=2000 connect_timeout=2',
  '... and the bound in force stays (2000 ms)');
SELECT pg_catalog.set_config('service_affair_province.status_timeout', 'soon', true) IS NOT NULL AS set_bound \gset
SELECT throws_ok($$SELECT * FROM service_affair_province.shard_status()$$, '22023', 'invalid service_affair_province.status_timeout: soon',
  'status_timeout ''soon'': shard_status() is 22023 naming it, as attach_shard()');
SELECT pg_catalog.set_config('service_affair_province.status_timeout', '5s', true) IS NOT NULL AS set_bound \gset
SELECT reachable AS comp_lk_reachable FROM service_affair_province.shard_status() WHERE shard = 'lk' \gset
SELECT is((SELECT options FROM pg_temp.comp_lk_status),
  'dbname=nowhere options=-c statement_timeout=5000 connect_timeout=5', 'status_timeout 5s again: the bound back to 5000 ms, connect_timeout 5');
-- A new owner of shard_status() (ALTER FUNCTION ... OWNER TO): the status
-- servers get its user mappings at once and lose the former owner's
-- (event trigger sa_province_status_follow).  Until 2026-12-05 (a review)
-- at the next attach_shard() or mapping command on the shard's server.
SELECT p.proowner::regrole::text AS comp_status_owner FROM pg_catalog.pg_proc p
 WHERE p.oid = 'service_affair_province.shard_status()'::regprocedure \gset
CREATE ROLE sa_comp_newowner;
CREATE USER MAPPING FOR sa_comp_newowner SERVER lk OPTIONS (user 'nu');
ALTER FUNCTION service_affair_province.shard_status() OWNER TO sa_comp_newowner;
SELECT is((SELECT pg_catalog.string_agg(u.usename || ':' || pg_catalog.array_to_string(u.umoptions, ','), ' ') FROM pg_catalog.pg_user_mappings u WHERE u.srvname = 'sa_status_lk'),
  'sa_comp_newowner:user=nu', 'shard_status() given to another owner: lk''s status server has the new owner''s mapping, not the former''s');
ALTER FUNCTION service_affair_province.shard_status() OWNER TO :"comp_status_owner";
SELECT is((SELECT pg_catalog.string_agg(u.usename || ':' || pg_catalog.array_to_string(u.umoptions, ','), ' ') FROM pg_catalog.pg_user_mappings u WHERE u.srvname = 'sa_status_lk'),
  :'comp_status_owner' || ':user=u,password=sa_comp_secret_pw,sslpassword=x', '... and given back: the former owner''s mapping again');
DROP USER MAPPING FOR sa_comp_newowner SERVER lk;
DROP ROLE sa_comp_newowner;

-- lk's server dropped (CASCADE: its imported cases with it, not its status
-- server nor that server's copy of the province's mapping) and made again
-- by a role with USAGE on postgres_fdw: its ALTER SERVER and its mappings
-- are not followed, so the status server keeps pointing where it did and
-- never sends the province's credentials to that role's host.  Until
-- 2026-12-05 (a review) its options were copied to the status server.
CREATE ROLE sa_comp_squatter;
GRANT USAGE ON FOREIGN DATA WRAPPER postgres_fdw TO sa_comp_squatter;
DROP SERVER lk CASCADE;
SET ROLE sa_comp_squatter;
CREATE SERVER lk FOREIGN DATA WRAPPER postgres_fdw OPTIONS (dbname 'nowhere');
ALTER SERVER lk OPTIONS (ADD host 'squatter.example');
CREATE USER MAPPING FOR PUBLIC SERVER lk OPTIONS (user 'squatter');
RESET ROLE;
SELECT is((SELECT options FROM pg_temp.comp_lk_status), 'dbname=nowhere options=-c statement_timeout=5000 connect_timeout=5',
  'lk''s server dropped and made again by another role, then altered: lk''s status server does not take its host');
SELECT is((SELECT pg_catalog.string_agg(u.usename, ' ') FROM pg_catalog.pg_user_mappings u WHERE u.srvname = 'sa_status_lk'), :'comp_status_owner',
  '... nor its mappings (shard_status() reads lk as before the drop)');

-- A server of another wrapper under the name of an attached shard (its
-- postgres_fdw server dropped, CASCADE, and made again): its ALTER SERVER
-- is left alone, as its user mappings are (sync_status_mappings() asks
-- for postgres_fdw).  Until 2026-12-05 (a hostile review) its options
-- were copied to the status server and the ALTER SERVER failed on
-- postgres_fdw's "invalid option".
DROP SERVER lk CASCADE;
CREATE FOREIGN DATA WRAPPER comp_dummy;
CREATE SERVER lk FOREIGN DATA WRAPPER comp_dummy OPTIONS (colour 'red');
SELECT lives_ok($$ALTER SERVER lk OPTIONS (SET colour 'blue')$$,
  'ALTER SERVER of a server of another wrapper named as an attached shard: not refused');
SELECT is(service_affair_province.sync_status_options('lk'), 0, '... and its options are not the status server''s to follow');
DELETE FROM service_affair_province.attached WHERE shard = 'lk';
DROP SERVER sa_status_lk CASCADE;
DROP SERVER lk CASCADE;
DROP FOREIGN DATA WRAPPER comp_dummy;
DROP SCHEMA sa_shard_lk CASCADE;
DELETE FROM service_affair_shard.shard WHERE name = 'lk';
\ir error_detail.inc

-- ---- depend_on_extension(): what attach_shard() made goes with DROP EXTENSION ---------------
-- (test/t/scale_drop.pl attaches a shard and drops the extension); it
-- writes pg_depend, for a schema sa_shard_<name> or a server
-- sa_status_<name> only, never an object of anyone else
SELECT throws_ok($$SELECT service_affair_province.depend_on_extension('pg_catalog.pg_namespace', 'public'::regnamespace)$$, '22023',
  'depend_on_extension() takes a schema sa_shard_<name> or a server sa_status_<name>',
  'depend_on_extension() of schema public: 22023, nothing recorded');
SELECT throws_ok($$SELECT service_affair_province.depend_on_extension('pg_catalog.pg_class', 'service_affair.cases'::regclass)$$, '22023',
  'depend_on_extension() takes a schema sa_shard_<name> or a server sa_status_<name>',
  'depend_on_extension() of a table: 22023');

-- ---- attach_shard() of a server owned by a role that may not choose it ----------------------
-- A role with USAGE on postgres_fdw makes a server named as a shard before
-- the administrator: attach_shard() refuses it (42501 naming the server and
-- its owner; nothing made).  Until 2026-12-05 (a review) it was attached,
-- and the province read, and sent its owner's credentials, where that
-- role's server pointed.  A superuser's server passes the check (the
-- control: it then fails to connect, 08001).
CREATE ROLE sa_comp_fdwuser;
GRANT USAGE ON FOREIGN DATA WRAPPER postgres_fdw TO sa_comp_fdwuser;
SET ROLE sa_comp_fdwuser;
CREATE SERVER nb FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '/nonexistent');
RESET ROLE;
SELECT throws_ok($$SELECT service_affair_province.attach_shard('nb')$$, '42501',
  'server nb of shard nb is owned by role sa_comp_fdwuser, which may not choose where the province reads',
  'attach_shard() of a server made by a role with USAGE on postgres_fdw: 42501');
SELECT ok(pg_temp.detail_of($$SELECT service_affair_province.attach_shard('nb')$$)
          ~ '^Server nb is owned by sa_comp_fdwuser, neither the role attaching it \(\S+\), the owner of extension service_affair_province \(\S+\) nor a superuser',
  '... the detail names the server, its owner, the caller and the extension''s owner');
SELECT is((SELECT pg_catalog.count(*) FROM pg_catalog.pg_namespace WHERE nspname = 'sa_shard_nb')
          + (SELECT pg_catalog.count(*) FROM pg_catalog.pg_foreign_server WHERE srvname = 'sa_status_nb')
          + (SELECT pg_catalog.count(*) FROM service_affair_province.attached WHERE shard = 'nb'), 0::bigint,
  '... nothing made: no schema, no status server, not attached');
ALTER SERVER nb OWNER TO CURRENT_USER;
CREATE USER MAPPING FOR CURRENT_USER SERVER nb;
SELECT throws_ok($$SELECT service_affair_province.attach_shard('nb')$$, '08001', NULL,
  '... the same server given to the superuser: past the check (08001: it does not connect)');
DROP SERVER nb CASCADE;

-- ---- the restore of a row of attached records only what attach_shard() made -----------------
-- A role with CREATE on the database made schema sa_shard_nb (a table of
-- its own in it) and, with USAGE on postgres_fdw, a server sa_status_nb
-- carrying the status server's COMMENT, in the database a province node is
-- then restored into (the restore's own CREATE of them failing).  The row
-- of attached the restore inserts (trigger attached_depend) recorded both
-- as depending on the extension until 2026-12-07 (a review), and DROP
-- EXTENSION ... CASCADE dropped that role's schema with all it held: now a
-- warning, nothing recorded; depend_on_extension() refuses them (22023).
-- The control: the same objects given to the superuser are recorded.
DO $$BEGIN EXECUTE pg_catalog.format('GRANT CREATE ON DATABASE %I TO sa_comp_fdwuser', pg_catalog.current_database()); END$$;
SET ROLE sa_comp_fdwuser;
CREATE SCHEMA sa_shard_nb;
CREATE TABLE sa_shard_nb.own_notes (t text);
CREATE SERVER sa_status_nb FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '/nonexistent');
COMMENT ON SERVER sa_status_nb IS 'Shard nb''s server nb for service_affair_province.shard_status() alone: made by sa_comp_fdwuser';
RESET ROLE;
CREATE TEMP VIEW ext_deps_nb AS
  SELECT pg_catalog.pg_describe_object(d.classid, d.objid, 0) AS obj FROM pg_catalog.pg_depend d
   WHERE d.refclassid = 'pg_catalog.pg_extension'::regclass AND d.deptype = 'n'
     AND d.refobjid = (SELECT x.oid FROM pg_catalog.pg_extension x WHERE x.extname = 'service_affair_province')
     AND ((d.classid = 'pg_catalog.pg_namespace'::regclass AND d.objid = 'sa_shard_nb'::regnamespace)
          OR (d.classid = 'pg_catalog.pg_foreign_server'::regclass AND d.objid = (SELECT f.oid FROM pg_catalog.pg_foreign_server f WHERE f.srvname = 'sa_status_nb')));
SET client_min_messages = error;
INSERT INTO service_affair_province.attached (shard) VALUES ('nb');  -- as a restore does
RESET client_min_messages;
SELECT is_empty($$SELECT * FROM pg_temp.ext_deps_nb$$,
  'a restored row of attached records neither schema sa_shard_nb nor server sa_status_nb of another role as depending on the extension (DROP EXTENSION ... CASCADE dropped them)');
SELECT throws_ok($$SELECT service_affair_province.depend_on_extension('pg_catalog.pg_namespace', 'sa_shard_nb'::regnamespace)$$, '22023',
  'depend_on_extension() takes only a schema or server that attach_shard() made',
  'depend_on_extension() of a schema sa_shard_<name> of another role: 22023');
-- The restore sets the owner of each schema it dumped (ALTER SCHEMA ...
-- OWNER TO, run as a superuser, succeeds on the schema already there):
-- sa_shard_nb is then the superuser's, still holding the other role's
-- table.  Until the second review (2026-12-07) it was recorded, and DROP
-- EXTENSION ... CASCADE dropped own_notes with it.
ALTER SCHEMA sa_shard_nb OWNER TO CURRENT_USER;
DELETE FROM service_affair_province.attached WHERE shard = 'nb';
SET client_min_messages = error;
INSERT INTO service_affair_province.attached (shard) VALUES ('nb');
RESET client_min_messages;
SELECT is_empty($$SELECT * FROM pg_temp.ext_deps_nb WHERE obj = 'schema sa_shard_nb'$$,
  'a schema sa_shard_<name> given to the superuser (as a restore''s ALTER SCHEMA ... OWNER TO does) still holding another role''s table: not recorded');
SELECT throws_ok($$SELECT service_affair_province.depend_on_extension('pg_catalog.pg_namespace', 'sa_shard_nb'::regnamespace)$$, '22023',
  'depend_on_extension() takes only a schema or server that attach_shard() made',
  '... and depend_on_extension() refuses it (22023)');
-- nor one in which another role (here PUBLIC) may still create objects:
-- the restore's ALTER SCHEMA ... OWNER TO keeps the grants the other role
-- made on it
ALTER TABLE sa_shard_nb.own_notes OWNER TO CURRENT_USER;
GRANT CREATE ON SCHEMA sa_shard_nb TO PUBLIC;
DELETE FROM service_affair_province.attached WHERE shard = 'nb';
SET client_min_messages = error;
INSERT INTO service_affair_province.attached (shard) VALUES ('nb');
RESET client_min_messages;
SELECT is_empty($$SELECT * FROM pg_temp.ext_deps_nb WHERE obj = 'schema sa_shard_nb'$$,
  'a schema sa_shard_<name> of the superuser holding nothing of another role but granting CREATE to PUBLIC: not recorded');
REVOKE CREATE ON SCHEMA sa_shard_nb FROM PUBLIC;
ALTER SERVER sa_status_nb OWNER TO CURRENT_USER;
DELETE FROM service_affair_province.attached WHERE shard = 'nb';
INSERT INTO service_affair_province.attached (shard) VALUES ('nb');
SELECT is(ARRAY(SELECT obj FROM pg_temp.ext_deps_nb ORDER BY 1), ARRAY['schema sa_shard_nb', 'server sa_status_nb'],
  '... the same schema (and all it holds) and server owned by a superuser: both recorded (the control)');
DELETE FROM service_affair_province.attached WHERE shard = 'nb';
DROP VIEW pg_temp.ext_deps_nb;
DROP SCHEMA sa_shard_nb CASCADE;
DROP SERVER sa_status_nb CASCADE;
DO $$BEGIN EXECUTE pg_catalog.format('REVOKE CREATE ON DATABASE %I FROM sa_comp_fdwuser', pg_catalog.current_database()); END$$;

-- ---- find_case() (issue 10: personal data only through a reason) ----------------------------
-- The province's lookup of a case by number returns what a router needs
-- to find and route to the case, the shard holding it and its department:
-- until 2026-12-06 (a review) find_case() returned the whole row as jsonb
-- (case_row) (doc/scale.md, "On a shard: what the province node reads";
-- shard_link_role.sql checks the link role's view of cases)
SELECT is(ARRAY(SELECT n.name::text
                  FROM pg_catalog.pg_proc p,
                       LATERAL ROWS FROM (pg_catalog.unnest(p.proargnames), pg_catalog.unnest(p.proargmodes)) WITH ORDINALITY AS n(name, mode, i)
                 WHERE p.oid = 'service_affair_province.find_case(bigint)'::regprocedure AND n.mode IN ('o', 't')
                 ORDER BY n.i),
          ARRAY['shard', 'department'],
  'find_case() returns the shard and the department of the case, what a router needs: no applicant column, no case row');
SELECT is_empty($$SELECT t::regtype::text
                    FROM pg_catalog.pg_proc p, LATERAL pg_catalog.unnest(p.proallargtypes) AS t
                   WHERE p.oid = 'service_affair_province.find_case(bigint)'::regprocedure
                     AND (t IN ('json'::regtype, 'jsonb'::regtype, 'record'::regtype)
                          OR EXISTS (SELECT FROM pg_catalog.pg_type y WHERE y.oid = t AND y.typrelid <> 0))$$,
  '... and none of its columns carries a whole row (json, jsonb, a row type), where an applicant could come back');

-- A shard of the map that is not attached is not read, and find_case()
-- cannot say that it does not hold the case: 55000 naming it, as the
-- province views say (complete()), never 23503 unknown case, which a
-- router takes for an answer.  Until 2026-12-07 (a hostile review) a case
-- numbered by a shard not attached, or one whose region moved to a shard
-- not attached, was 23503 "unknown case" (the holder skipped unread).
-- hz stands attached over a local table in place of its foreign one (no
-- server: find_case() reads sa_shard_<name>.cases as it finds it)
CREATE SCHEMA sa_shard_hz;
CREATE TABLE sa_shard_hz.cases (id bigint, department text);
INSERT INTO sa_shard_hz.cases VALUES (1003240000000007, 'HZ_MKT');
INSERT INTO service_affair_province.attached (shard) VALUES ('hz');
SELECT is((SELECT pg_catalog.format('%s %s', f.shard, f.department) FROM service_affair_province.find_case(1003240000000007) f),
          'hz HZ_MKT',
  'find_case() of a case hz holds, hz attached: hz and its department (the control)');
SELECT throws_ok($$SELECT * FROM service_affair_province.find_case(2003240000000007)$$, '55000',
  'shard nb is not attached to the province node',
  'find_case() of a case numbered by nb, in the map and not attached: 55000 naming nb, not 23503 unknown case');
INSERT INTO service_affair_shard.id_holder VALUES (1, 'nb');
SELECT throws_ok($$SELECT * FROM service_affair_province.find_case(1003240000000008)$$, '55000',
  'shard nb is not attached to the province node',
  '... a case hz numbered and does not hold, whose regions moved to nb, not attached: 55000 naming nb (it may hold the case)');
DELETE FROM service_affair_shard.id_holder;
SELECT throws_ok($$SELECT * FROM service_affair_province.find_case(1003240000000008)$$, '23503', 'unknown case',
  '... with no region moved, a case hz does not hold: 23503 unknown case, as before');
DELETE FROM service_affair_province.attached;
DROP SCHEMA sa_shard_hz CASCADE;

-- The province's login on a shard is a member of service_affair_province_link
-- and of no other group role (doc/scale.md, "On a shard: what the province
-- node reads"): the link role reads the indicator views, rollups and counts
-- the province mirrors itself, the list link_relations() of the shard
-- extension and the rows of the province's mirrored compared here.  Until
-- 2026-12-06 (a review) the login was an analyst as well, for those views
-- (shard_link_role.sql checks what the link role reads and may not read)
SELECT is_empty($$SELECT pg_catalog.format('add %L to the array of service_affair_shard.link_relations() (sql/service_affair_shard--0.2.0.sql)', x.v)
                    FROM (SELECT m.view AS v FROM service_affair_province.mirrored m
                          UNION SELECT m.rollup FROM service_affair_province.mirrored m WHERE m.rollup IS NOT NULL
                          UNION SELECT m.counts FROM service_affair_province.mirrored m WHERE m.counts IS NOT NULL) x
                   WHERE x.v <> ALL (service_affair_shard.link_relations())$$,
  'link_relations() names every relation of service_affair that attach_shard() imports (the province''s mirrored views, rollups and counts; a row here names one to add)');
SELECT is_empty($$SELECT pg_catalog.format('%L of service_affair_shard.link_relations() is mirrored by nothing: take it out, or mirror it', v)
                    FROM pg_catalog.unnest(service_affair_shard.link_relations()) v
                   WHERE v NOT IN (SELECT m.view FROM service_affair_province.mirrored m
                                   UNION SELECT m.rollup FROM service_affair_province.mirrored m WHERE m.rollup IS NOT NULL
                                   UNION SELECT m.counts FROM service_affair_province.mirrored m WHERE m.counts IS NOT NULL)$$,
  '... and nothing the province does not import (the link role reads no more than the province needs)');
-- a view mirrored later without link_relations() is refused where it is
-- added (the province's install script inserts the rows of mirrored), the
-- constraint naming the list to add it to; until 2026-12-06 the insert
-- passed and attach_shard() failed with 42501 on every shard
SELECT throws_ok($$INSERT INTO service_affair_province.mirrored (view) VALUES ('efficiency_service')$$, '23514',
  'new row for relation "mirrored" violates check constraint "mirrored_in_link_relations"',
  'a view mirrored and not in service_affair_shard.link_relations() is refused (23514, mirrored_in_link_relations)');
SELECT throws_ok($$UPDATE service_affair_province.mirrored SET counts = 'efficiency_counts_by_service'
                   WHERE view = 'efficiency_point'$$, '23514',
  'new row for relation "mirrored" violates check constraint "mirrored_in_link_relations"',
  '... and so is a counts view not in it (an update)');
-- (what the link role reads and may not read on a shard:
-- shard_link_role.sql)

-- A shard update taking a name out of link_relations() checks mirrored's
-- rows again (event trigger sa_province_mirrored_recheck): refused with
-- 23514 naming the row, as the constraint would at an insert.  Until
-- 2026-12-06 (a review) the rows were checked only when written.
SELECT throws_ok($x$CREATE OR REPLACE FUNCTION service_affair_shard.link_relations() RETURNS text[]
    LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $f$
    SELECT ARRAY['efficiency', 'efficiency_department', 'efficiency_region', 'efficiency_point', 'efficiency_overall',
                 'efficiency_rollup',
                 'satisfaction', 'satisfaction_department', 'satisfaction_region', 'satisfaction_point', 'satisfaction_overall',
                 'satisfaction_rollup', 'satisfaction_counts',
                 'complaint_indicators', 'complaint_indicators_region', 'complaint_indicators_point', 'complaint_indicators_overall',
                 'complaint_rollup', 'complaint_counts']
$f$$x$, '23514',
  'rows of service_affair_province.mirrored violate check constraint "mirrored_in_link_relations" after CREATE FUNCTION: efficiency_overall (efficiency_counts); efficiency_point (efficiency_counts)',
  'link_relations() replaced without efficiency_counts, which mirrored names: refused (23514 naming the rows)');
SELECT lives_ok($x$CREATE OR REPLACE FUNCTION service_affair_shard.link_relations() RETURNS text[]
    LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $f$
    SELECT ARRAY['efficiency', 'efficiency_department', 'efficiency_region', 'efficiency_point', 'efficiency_overall',
                 'efficiency_rollup', 'efficiency_counts',
                 'satisfaction', 'satisfaction_department', 'satisfaction_region', 'satisfaction_point', 'satisfaction_overall',
                 'satisfaction_rollup', 'satisfaction_counts',
                 'complaint_indicators', 'complaint_indicators_region', 'complaint_indicators_point', 'complaint_indicators_overall',
                 'complaint_rollup', 'complaint_counts']
$f$$x$,
  '... replaced with every name it had: passes (the control)');

SELECT * FROM finish();
ROLLBACK;
