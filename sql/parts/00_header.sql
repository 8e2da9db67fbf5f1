-- service_affair install script, assembled from sql/parts/*.sql.
-- Conventions (see doc/development.md):
--   * every name is schema-qualified; no CREATE OR REPLACE, no IF NOT EXISTS;
--   * SQL-language and SECURITY DEFINER functions pin search_path;
--   * every object gets a COMMENT ON;
--   * EXECUTE is revoked from PUBLIC on anything that reads or writes case data;
--     create_roles() grants it to the group roles.
\echo Use "CREATE EXTENSION service_affair" to load this file. \quit

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

COMMENT ON SCHEMA service_affair IS
  'Run-at-most-once (最多跑一次) government service: catalog, intake, routing, working-day limits, ratings, inspections';

-- Identifier and calendar functions are public utilities; everything else is
-- granted explicitly.
GRANT USAGE ON SCHEMA service_affair TO PUBLIC;
