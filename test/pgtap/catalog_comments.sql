-- Every object of the extension documents itself (\df+, \d+): functions,
-- tables, views and their columns, triggers, policies and types carry a
-- COMMENT.  Listed from the catalog, so a new object without one fails here.
BEGIN;
SET search_path = service_affair, public;
SELECT plan(6);

SELECT is(ARRAY(SELECT p.oid::regprocedure::text FROM pg_proc p
                 WHERE p.pronamespace = 'service_affair'::regnamespace AND obj_description(p.oid, 'pg_proc') IS NULL
                 ORDER BY 1), '{}'::text[], 'every function has a comment');
SELECT is(ARRAY(SELECT c.relname::text FROM pg_class c
                 WHERE c.relnamespace = 'service_affair'::regnamespace AND c.relkind IN ('r', 'v', 'm', 'p')
                   AND obj_description(c.oid, 'pg_class') IS NULL ORDER BY 1), '{}'::text[], 'every table and view has a comment');
SELECT is(ARRAY(SELECT c.relname || '.' || a.attname FROM pg_class c
                  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                 WHERE c.relnamespace = 'service_affair'::regnamespace AND c.relkind IN ('r', 'v', 'm', 'p')
                   AND NOT c.relispartition  -- a partition's columns are its parent's
                   AND col_description(c.oid, a.attnum) IS NULL ORDER BY 1), '{}'::text[], 'every column has a comment (partitions: on the parent)');
SELECT is(ARRAY(SELECT c.relname || '.' || t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                 WHERE c.relnamespace = 'service_affair'::regnamespace AND NOT t.tgisinternal
                   AND t.tgparentid = 0  -- a partition's clone of its parent's trigger
                   AND obj_description(t.oid, 'pg_trigger') IS NULL ORDER BY 1), '{}'::text[], 'every trigger has a comment (partitions: on the parent)');
SELECT is(ARRAY(SELECT c.relname || '.' || pol.polname FROM pg_policy pol JOIN pg_class c ON c.oid = pol.polrelid
                 WHERE c.relnamespace = 'service_affair'::regnamespace
                   AND obj_description(pol.oid, 'pg_policy') IS NULL ORDER BY 1), '{}'::text[], 'every policy has a comment');
SELECT is(ARRAY(SELECT t.typname::text FROM pg_type t
                 WHERE t.typnamespace = 'service_affair'::regnamespace AND t.typtype IN ('b', 'd', 'e') AND t.typelem = 0
                   AND obj_description(t.oid, 'pg_type') IS NULL ORDER BY 1), '{}'::text[], 'every type has a comment');

SELECT * FROM finish();
ROLLBACK;
