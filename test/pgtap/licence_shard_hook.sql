-- The shard hook of issue_licence() (doc/scale.md "Licence numbers") calls
-- service_affair_shard.licence_region() only when the extension
-- service_affair_shard owns that schema.  A schema of that name made by
-- anyone with CREATE on the database must not be called: issuance runs as
-- the owner of complete_task().
BEGIN;
SET search_path = service_affair, public;
SELECT plan(4);
\ir licence_fixture.inc

CREATE ROLE sa_hook_intruder;
GRANT CREATE ON DATABASE :"DBNAME" TO sa_hook_intruder;
SET ROLE sa_hook_intruder;
CREATE SCHEMA service_affair_shard;
CREATE TABLE service_affair_shard.called (who name);
CREATE FUNCTION service_affair_shard.licence_region(region text, department text) RETURNS text
    LANGUAGE sql VOLATILE
AS $$ INSERT INTO service_affair_shard.called VALUES (current_user) RETURNING '999999'::text $$;
GRANT USAGE ON SCHEMA service_affair_shard TO PUBLIC;
GRANT EXECUTE ON FUNCTION service_affair_shard.licence_region(text, text) TO PUBLIC;
GRANT INSERT ON service_affair_shard.called TO PUBLIC;
RESET ROLE;

SELECT ok(pg_catalog.to_regnamespace('service_affair_shard') IS NOT NULL
          AND NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'service_affair_shard'),
  'a schema named service_affair_shard exists, not owned by the extension');
SELECT submit('lc_reg', :p, '{form,id}', 'window', '{}', '2026-08-03 09:00+08') AS c1 \gset
SELECT is(pg_temp.decide(:c1, 'approved', '2026-08-04 10:00+08'), 1, 'the task is approved');
SELECT is((SELECT number FROM licence WHERE case_id = :c1), 'BL3302252026000001',
  'the licence is numbered with the case''s own region, not the intruder''s');
SELECT is((SELECT count(*) FROM service_affair_shard.called), 0::bigint,
  'the intruder''s function was never called');

SELECT * FROM finish();
ROLLBACK;
