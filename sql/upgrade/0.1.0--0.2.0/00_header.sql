-- service_affair update 0.1.0 -> 0.2.0, assembled from sql/upgrade/0.1.0--0.2.0/*.sql.
-- Each file carries the changes of one area of sql/parts, in the same order,
-- so that the updated schema equals a fresh install of 0.2.0
-- (test/scripts/access_upgrade.sh compares the two).
-- Conventions as in the install script: every name qualified; no CREATE OR
-- REPLACE (a changed function is dropped and created again); new grants are
-- rows of role_grant, applied by create_roles() after the update.
\echo Use "ALTER EXTENSION service_affair UPDATE TO '0.2.0'" to load this file. \quit

-- The schema is private to its owner, a superuser (a review of 2026-12-04):
-- the functions below run as their owner and name their objects by this
-- schema, so a schema that a role without superuser made before CREATE
-- EXTENSION (which then installs into it), or in which such a role may
-- create, lets that role rename it and put objects of its own behind the
-- names, run as the functions' owner.  Asked first by this script, the
-- update and the companion extensions (doc/access.md, "search_path safety";
-- C, src/access.c, with the access decisions: it reads role attributes).
CREATE FUNCTION service_affair.require_private_schema(schema_name text) RETURNS void
    AS 'MODULE_PATHNAME', 'sa_require_private_schema'
    LANGUAGE C STABLE STRICT;
COMMENT ON FUNCTION service_affair.require_private_schema(text) IS
  'Internal: 42501 unless the schema (when it exists) belongs to a superuser and no other role but superusers may create in it; asked first by the install and update scripts of service_affair and its companion extensions';
REVOKE EXECUTE ON FUNCTION service_affair.require_private_schema(text) FROM PUBLIC;
SELECT service_affair.require_private_schema('service_affair');
